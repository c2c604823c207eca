/*
 * test-layout.c: screen regions (layout.c) at 80x24, 120x40, 220x60 and at
 * sizes too small to draw: inside the screen, no overlaps, sensible modes.
 * Also the fitting the views do inside their regions: segment labels lose
 * whole parts (never half a number), narration wraps double-width text by
 * display width, and a scenario note follows the cursor.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"

#include "fsm.h"
#include "layout.h"
#include "view.h"

/* Is r inside cols x rows? */
static void
assert_inside(const struct canvas_rect *r, int cols, int rows)
{
	assert_true(r->w >= 0 && r->h >= 0);
	if (r->w == 0 || r->h == 0)
		return;
	assert_true(r->x >= 0 && r->y >= 0);
	assert_true(r->x + r->w <= cols);
	assert_true(r->y + r->h <= rows);
}

/* The invariants every usable layout has. */
static void
check_layout(int cols, int rows, enum layout_mode want)
{
	struct layout			 l;
	const struct canvas_rect	*r[5];
	int				 i, j;

	layout_compute(&l, cols, rows);
	assert_int_equal(l.mode, want);
	r[0] = &l.title; r[1] = &l.seq; r[2] = &l.graph; r[3] = &l.info;
	r[4] = &l.status;
	for (i = 0; i < 5; i++) {
		assert_inside(r[i], cols, rows);
		for (j = i + 1; j < 5; j++)
			assert_false(layout_overlap(r[i], r[j]));
	}
	assert_int_equal(l.status.y, rows - 1);
	assert_int_equal(l.status.w, cols);
	/* Ladder and graph share the width exactly. */
	assert_int_equal(l.seq.w + l.graph.w, cols);
	/* Everything but the status row is used. */
	assert_int_equal(l.title.h + l.seq.h + l.info.h + l.status.h, rows);
	/* The graph needs room for seven rows of boxes and its legend. */
	assert_true(l.graph.h >= 17);
	assert_true(l.graph.w >= 24);
	assert_true(l.seq.w >= 34);
}

static void
test_80x24(void **state)
{
	struct layout	l;

	(void)state;
	check_layout(80, 24, LAYOUT_COMPACT);
	layout_compute(&l, 80, 24);
	/* The title stays (issue 19); the graph keeps its 20 rows. */
	assert_int_equal(l.title.h, 1);
	assert_int_equal(l.seq.h, 20);
	/* Two rows of narration, without a rule. */
	assert_int_equal(l.info.h, 2);
	assert_false(l.info_rule);
}

static void
test_120x40(void **state)
{
	(void)state;
	check_layout(120, 40, LAYOUT_NORMAL);
}

static void
test_220x60(void **state)
{
	struct layout	l;

	(void)state;
	check_layout(220, 60, LAYOUT_WIDE);
	layout_compute(&l, 220, 60);
	assert_int_equal(l.title.h, 1);
	assert_true(l.graph.w >= 90);
}

/* Too small, zero and negative sizes give the "enlarge" mode safely. */
static void
test_tiny(void **state)
{
	struct layout	l;
	int		sizes[][2] = { { 0, 0 }, { -5, -5 }, { 1, 1 },
	    { 59, 40 }, { 200, 17 }, { 20, 5 } };
	size_t		i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(sizes); i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		assert_int_equal(l.mode, LAYOUT_TOO_SMALL);
		assert_int_equal(l.seq.w * l.seq.h, 0);
		assert_int_equal(l.graph.w * l.graph.h, 0);
		assert_inside(&l.status, l.cols, l.rows);
	}
	/* The minimum itself works. */
	check_layout(LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS, LAYOUT_COMPACT);
}

/* Every size from the minimum to 260x80 keeps the invariants. */
static void
test_sweep(void **state)
{
	struct layout	l;
	int		c, r;

	(void)state;
	for (c = LAYOUT_MIN_COLS; c <= 260; c += 7) {
		for (r = LAYOUT_MIN_ROWS; r <= 80; r += 5) {
			layout_compute(&l, c, r);
			assert_true(l.mode != LAYOUT_TOO_SMALL);
			assert_false(layout_overlap(&l.seq, &l.graph));
			assert_false(layout_overlap(&l.graph, &l.info));
			assert_inside(&l.graph, c, r);
		}
	}
}

/* The graph's routes join the boxes fsm.c names for each edge. */
static void
test_graph_routes(void **state)
{
	enum fsm_edge	bad;

	(void)state;
	bad = view_graph_check_routes();
	if (bad != FSM_EDGE_NONE)
		fail_msg("route of %s disagrees with fsm.c", fsm_edge_id(bad));
}

/* Is every space-separated word of part also a word of whole? */
static bool
words_of(const char *part, const char *whole)
{
	char	 p[128], w[128], *tok, *sp, *tok2, *sp2;
	bool	 found;

	snprintf(p, sizeof p, "%s", part);
	for (tok = strtok_r(p, " ", &sp); tok != NULL;
	    tok = strtok_r(NULL, " ", &sp)) {
		snprintf(w, sizeof w, "%s", whole);
		found = false;
		for (tok2 = strtok_r(w, " ", &sp2); tok2 != NULL;
		    tok2 = strtok_r(NULL, " ", &sp2)) {
			if (strcmp(tok, tok2) == 0)
				found = true;
		}
		if (!found)
			return false;
	}
	return true;
}

/* Labels shrink by whole parts: len first, then ack; flags stay. */
static void
test_label_fit(void **state)
{
	struct view_timeline	tl;
	struct conn_step	st;
	char			full[96], fit[96];
	int			w;

	(void)state;
	memset(&tl, 0, sizeof tl);
	memset(&st, 0, sizeof st);
	tl.base[0] = 1000;
	tl.base[1] = 5000;
	tl.has_base[0] = tl.has_base[1] = true;
	st.kind = CONN_STEP_SEGMENT;
	st.role = CONN_CLIENT;
	st.u.seg.seq = 2461;
	st.u.seg.ack = 5001;
	st.u.seg.len = 1460;
	st.u.seg.flags = SEGF_ACK | SEGF_PSH;
	st.u.seg.window = 100;
	view_segment_label(full, sizeof full, &tl, &st);
	assert_string_equal(full, "PSH,ACK seq=J+1461 ack=K+1 len=1460");
	for (w = 0; w <= 40; w++) {
		view_segment_label_fit(fit, sizeof fit, &tl, &st, w);
		assert_true(canvas_str_width(fit) <= w);
		assert_true(words_of(fit, full));
		if (w >= 7)
			assert_true(strncmp(fit, "PSH,ACK", 7) == 0);
		else
			assert_string_equal(fit, "");
	}
	view_segment_label_fit(fit, sizeof fit, &tl, &st, 30);
	assert_string_equal(fit, "PSH,ACK seq=J+1461 ack=K+1");
	view_segment_label_fit(fit, sizeof fit, &tl, &st, 20);
	assert_string_equal(fit, "PSH,ACK seq=J+1461");
}

/* Draw a narration on a text canvas; returns the canvas. */
static struct canvas *
draw_narration(const char *text, int cols, enum layout_mode mode)
{
	struct canvas		*c;
	struct canvas_rect	 r;
	struct view_ctx		 ctx;

	c = canvas_text_new(cols, 4, false);
	memset(&ctx, 0, sizeof ctx);
	ctx.narration = text;
	r.x = 0;
	r.y = 0;
	r.w = cols;
	r.h = 4;
	canvas_clear(c);
	view_info_draw(c, &r, &ctx, mode);
	return c;
}

/*
 * Double-width text wraps by display width: no row is wider than the
 * region, no character is split, and none is lost or reordered.
 */
static void
test_narration_wide(void **state)
{
	const char	*zh = "\xe6\x9c\x8d\xe5\x8a\xa1\xe5\x99\xa8"
	    "\xe8\xb0\x83\xe7\x94\xa8 listen()\xef\xbc\x8c"
	    "\xe8\xbf\x9b\xe5\x85\xa5 LISTEN \xe7\x8a\xb6\xe6\x80\x81";
	struct canvas	*c;
	char		 row[256], joined[512], want[512];
	const char	*p;
	size_t		 o = 0, k = 0;
	int		 y, cols;

	(void)state;
	for (cols = 9; cols <= 40; cols++) {
		c = draw_narration(zh, cols, LAYOUT_WIDE);
		o = 0;
		joined[0] = '\0';
		for (y = 1; y < 4; y++) {
			canvas_text_row(c, y, row, sizeof row);
			assert_true(canvas_str_width(row) <= cols - 1);
			o += (size_t)snprintf(joined + o, sizeof joined - o,
			    "%s", row);
		}
		canvas_free(c);
		/* Spaces aside, the rows spell a prefix of the text. */
		for (p = zh, k = 0; *p != '\0' && k + 1 < sizeof want; p++)
			if (*p != ' ')
				want[k++] = *p;
		want[k] = '\0';
		for (p = joined, k = 0; *p != '\0'; p++)
			if (*p != ' ')
				joined[k++] = *p;
		joined[k] = '\0';
		/* A cut text ends with an ellipsis (view_info_cut). */
		if (k >= 3 && strcmp(joined + k - 3, "\xe2\x80\xa6") == 0)
			joined[k -= 3] = '\0';
		/* (With no timeline a hint follows the note.) */
		assert_true(k > 0);
		assert_memory_equal(joined, want,
		    k < strlen(want) ? k : strlen(want));
		if (cols >= 24)
			assert_true(k >= strlen(want));
	}
}

/*
 * A note longer than the rows there are (80x24: two, without a rule) is
 * cut after a whole word and ends with an ellipsis, so a cut sentence
 * says it is cut; a note that fits is drawn whole, without one.
 */
static void
test_narration_cut(void **state)
{
	const char	*longer = "one two three four five six seven eight "
	    "nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
	    "eighteen nineteen twenty twenty-one twenty-two twenty-three";
	struct canvas		*c;
	struct canvas_rect	 r;
	struct view_ctx		 ctx;
	char			 row[256];
	size_t			 n;

	(void)state;
	c = canvas_text_new(40, 2, false);
	memset(&ctx, 0, sizeof ctx);
	ctx.narration = longer;
	ctx.info_norule = true;
	r.x = 0;
	r.y = 0;
	r.w = 40;
	r.h = 2;
	canvas_clear(c);
	view_info_draw(c, &r, &ctx, LAYOUT_COMPACT);
	canvas_text_row(c, 0, row, sizeof row);
	assert_true(strncmp(row, " one two three", 14) == 0);
	canvas_text_row(c, 1, row, sizeof row);
	n = strlen(row);
	while (n > 0 && row[n - 1] == ' ')
		row[--n] = '\0';
	assert_true(n > 3);
	assert_string_equal(row + n - 3, "\xe2\x80\xa6");
	assert_true(row[n - 4] != ' ');
	/* Short enough: no ellipsis. */
	ctx.narration = "one two three";
	canvas_clear(c);
	view_info_draw(c, &r, &ctx, LAYOUT_COMPACT);
	canvas_text_row(c, 0, row, sizeof row);
	assert_null(strstr(row, "\xe2\x80\xa6"));
	canvas_free(c);
}

/* Notes of a fake scenario: times and texts. */
static const int64_t	 note_t[] = { 0, 20, 35, 41, 60 };
static const char *const note_text[] = { "a", "b", "c", "d", "e" };

/* Note i of the fake scenario (view_note_fn). */
static bool
note_at(const void *arg, size_t i, int64_t *t, const char **text)
{
	(void)arg;
	if (i >= COMPAT_NITEMS(note_t))
		return false;
	*t = note_t[i];
	*text = note_text[i];
	return true;
}

/*
 * A note speaks for the row sent at its time, else the row holding a
 * transition at its time (an arrival), else the next row; it holds over
 * quiet rows after it and ends at the next row that changes a state.
 */
static void
test_notes(void **state)
{
	struct view_row		rows[6];
	struct view_timeline	tl;
	struct conn_step	tr[2];
	char			buf[64];
	const char		*n;

	(void)state;
	memset(rows, 0, sizeof rows);
	memset(&tl, 0, sizeof tl);
	memset(tr, 0, sizeof tr);
	tr[0].t = 10;
	tr[1].t = 41;		/* arrives after row 3 was sent */
	rows[0].t = 10; rows[0].ntr = 1; rows[0].tr[0] = &tr[0];
	rows[1].t = 20; rows[1].ntr = 1; rows[1].tr[0] = &tr[0];
	rows[2].t = 30;
	rows[3].t = 40; rows[3].ntr = 1; rows[3].tr[0] = &tr[1];
	rows[4].t = 50;
	rows[5].t = 70; rows[5].ntr = 1; rows[5].tr[0] = &tr[0];
	tl.rows = rows;
	tl.count = 6;
	assert_int_equal(view_timeline_note_row(&tl, 0), 0);
	assert_int_equal(view_timeline_note_row(&tl, 20), 1);
	assert_int_equal(view_timeline_note_row(&tl, 35), 3);
	assert_int_equal(view_timeline_note_row(&tl, 41), 3);
	assert_int_equal(view_timeline_note_row(&tl, 60), 5);
	assert_int_equal(view_timeline_note_row(&tl, 99), 6);

	n = view_timeline_notes(&tl, 0, note_at, NULL, buf, sizeof buf);
	assert_non_null(n);
	assert_string_equal(n, "a");
	n = view_timeline_notes(&tl, 1, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "b");
	/* Row 2 is quiet: b still holds. */
	n = view_timeline_notes(&tl, 2, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "b");
	/* Two notes for one row are joined in order. */
	n = view_timeline_notes(&tl, 3, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "c d");
	n = view_timeline_notes(&tl, 4, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "d");
	n = view_timeline_notes(&tl, 5, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "e");
	/* Stepping back gives the earlier note again (no state kept). */
	n = view_timeline_notes(&tl, 1, note_at, NULL, buf, sizeof buf);
	assert_string_equal(n, "b");
	assert_null(view_timeline_notes(&tl, 6, note_at, NULL, buf,
	    sizeof buf));
	assert_null(view_timeline_notes(NULL, 0, note_at, NULL, buf,
	    sizeof buf));
}

/* A timeline with ISNs 3000 / 9000 and FINs 3001 (first) / 9301. */
static void
notation_timeline(struct view_timeline *tl, enum view_notation n)
{
	memset(tl, 0, sizeof *tl);
	tl->base[0] = 3000;
	tl->base[1] = 9000;
	tl->has_base[0] = tl->has_base[1] = true;
	tl->fin[0] = 3001;
	tl->fin[1] = 9301;
	tl->has_fin[0] = tl->has_fin[1] = true;
	tl->fin_rank[0] = 0;
	tl->fin_rank[1] = 1;
	tl->notation = n;
}

/* Each notation writes the ISNs, the FINs and what follows them. */
static void
test_notation(void **state)
{
	static const struct {
		enum view_notation	 n;
		int			 role;
		uint32_t		 v;
		bool			 own_fin;
		const char		*want;
	} cases[] = {
		{ VIEW_NOTATION_STEVENS, 0, 3000, false, "J" },
		{ VIEW_NOTATION_STEVENS, 1, 9001, false, "K+1" },
		{ VIEW_NOTATION_STEVENS, 0, 3001, true, "M" },
		/* Before its FIN, the FIN's number is still J+1. */
		{ VIEW_NOTATION_STEVENS, 0, 3001, false, "J+1" },
		{ VIEW_NOTATION_STEVENS, 0, 3002, false, "M+1" },
		{ VIEW_NOTATION_STEVENS, 1, 9301, false, "K+301" },
		{ VIEW_NOTATION_STEVENS, 1, 9302, false, "N+1" },
		{ VIEW_NOTATION_STEVENS, 1, 8995, false, "K-5" },
		{ VIEW_NOTATION_XY, 0, 3000, false, "x" },
		{ VIEW_NOTATION_XY, 1, 9001, false, "y+1" },
		{ VIEW_NOTATION_XY, 0, 3002, false, "u+1" },
		{ VIEW_NOTATION_XY, 1, 9301, true, "w" },
		{ VIEW_NOTATION_RELATIVE, 1, 9301, true, "301" },
		{ VIEW_NOTATION_RELATIVE, 0, 3000, false, "0" },
		{ VIEW_NOTATION_ABSOLUTE, 0, 3002, false, "3002" },
	};
	struct view_timeline	tl;
	char			buf[32];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		notation_timeline(&tl, cases[i].n);
		assert_string_equal(view_seqnum_format(buf, sizeof buf, &tl,
		    cases[i].role, cases[i].v, cases[i].own_fin),
		    cases[i].want);
	}
	/* Without an ISN there is nothing to count from. */
	notation_timeline(&tl, VIEW_NOTATION_STEVENS);
	tl.has_base[1] = false;
	assert_string_equal(view_seqnum_format(buf, sizeof buf, &tl, 1, 7,
	    false), "7");
	assert_int_equal(view_notation_parse("xy"), VIEW_NOTATION_XY);
	assert_int_equal(view_notation_parse("XY"), -1);
	assert_string_equal(view_notation_name(VIEW_NOTATION_RELATIVE),
	    "relative");
}

/* Narration's lone Stevens letters follow the notation; words do not. */
static void
test_notation_rewrite(void **state)
{
	struct view_timeline	tl;
	char			buf[128];

	(void)state;
	notation_timeline(&tl, VIEW_NOTATION_XY);
	assert_string_equal(view_notation_rewrite(buf, sizeof buf, &tl,
	    "SYN J, ACK K+1; FIN M, ACK N+1. 2MSL, MSL, Jo, K2, N+x"),
	    "SYN x, ACK y+1; FIN u, ACK w+1. 2MSL, MSL, Jo, K2, w+x");
	notation_timeline(&tl, VIEW_NOTATION_RELATIVE);
	assert_string_equal(view_notation_rewrite(buf, sizeof buf, &tl,
	    "FIN N，确认 N+1"), "FIN 301，确认 302");
	notation_timeline(&tl, VIEW_NOTATION_STEVENS);
	assert_string_equal(view_notation_rewrite(buf, sizeof buf, &tl,
	    "FIN M"), "FIN M");
	/* A FIN not sent yet keeps its letter. */
	notation_timeline(&tl, VIEW_NOTATION_ABSOLUTE);
	tl.has_fin[1] = false;
	assert_string_equal(view_notation_rewrite(buf, sizeof buf, &tl,
	    "FIN N after J"), "FIN N after 3000");
	/* Cut to the buffer, never past it. */
	assert_string_equal(view_notation_rewrite(buf, 6, &tl, "abc J def"),
	    "abc ");
}

/* Spans of time for the time column and the timers. */
static void
test_time_format(void **state)
{
	char	buf[32];

	(void)state;
	assert_string_equal(view_time_span(buf, sizeof buf, 540000000, 12),
	    "+0.540 s");
	assert_string_equal(view_time_span(buf, sizeof buf, 540000000, 6),
	    "+0.540");
	assert_string_equal(view_time_span(buf, sizeof buf,
	    INT64_C(12345000000), 6), "+12.3");
	assert_string_equal(view_time_span(buf, sizeof buf,
	    INT64_C(123456000000), 6), "+123.4");
	assert_string_equal(view_time_span(buf, sizeof buf,
	    INT64_C(123456000000), 5), "+123");
	assert_string_equal(view_time_span(buf, sizeof buf, 1, 1), "");
	assert_string_equal(view_time_span(buf, sizeof buf, -5, 12),
	    "+0.000 s");
	assert_string_equal(view_time_short(buf, sizeof buf,
	    INT64_C(4000000000)), "4 s");
	assert_string_equal(view_time_short(buf, sizeof buf, 250000000),
	    "0.25 s");
	assert_string_equal(view_time_short(buf, sizeof buf,
	    INT64_C(2500000000)), "2.5 s");
	assert_string_equal(view_time_short(buf, sizeof buf,
	    INT64_C(3960000000)), "3.96 s");
	assert_string_equal(view_time_short(buf, sizeof buf, 1234567),
	    "0.001 s");
}

#define S_NS	INT64_C(1000000000)

/* A segment step of a role: seq, flags, sent at t seconds. */
static void
seg_step(struct conn_step *st, int role, uint32_t seq, uint16_t flags,
    int64_t t, uint32_t ann)
{
	memset(st, 0, sizeof *st);
	st->kind = CONN_STEP_SEGMENT;
	st->role = (uint8_t)role;
	st->t = t;
	st->ann = ann;
	st->u.seg.seq = seq;
	st->u.seg.flags = flags;
	st->transit_us = 50000;		/* 50 ms on the wire */
}

/*
 * Copies of a SYN sent at 0, 1, 3, 7 s: each copy's gap is its timer
 * (1 s, 2 s, 4 s) and its number counts the copies before it; an ACK
 * in between is no copy.
 */
static void
test_retry_chain(void **state)
{
	struct conn_step	seg[5];
	struct view_row		rows[5];
	struct view_timeline	tl;
	int64_t			gap;
	unsigned		copy;
	size_t			i;

	(void)state;
	seg_step(&seg[0], CONN_CLIENT, 100, SEGF_SYN, 0, CONN_ANN(LOST));
	seg_step(&seg[1], CONN_CLIENT, 100, SEGF_SYN, 1 * S_NS,
	    CONN_ANN(RETRANS));
	seg_step(&seg[2], CONN_SERVER, 5, SEGF_ACK, 2 * S_NS, 0);
	seg_step(&seg[3], CONN_CLIENT, 100, SEGF_SYN, 3 * S_NS,
	    CONN_ANN(RETRANS));
	seg_step(&seg[4], CONN_CLIENT, 100, SEGF_SYN, 7 * S_NS,
	    CONN_ANN(RETRANS));
	memset(rows, 0, sizeof rows);
	memset(&tl, 0, sizeof tl);
	for (i = 0; i < 5; i++) {
		rows[i].seg = &seg[i];
		rows[i].t = seg[i].t;
		rows[i].ann = seg[i].ann;
	}
	tl.rows = rows;
	tl.count = 5;
	assert_false(view_timeline_retry(&tl, 0, &gap, &copy));
	assert_true(view_timeline_retry(&tl, 1, &gap, &copy));
	assert_true(gap == 1 * S_NS && copy == 1);
	assert_false(view_timeline_retry(&tl, 2, &gap, &copy));
	assert_true(view_timeline_retry(&tl, 3, &gap, &copy));
	assert_true(gap == 2 * S_NS && copy == 2);
	assert_true(view_timeline_retry(&tl, 4, &gap, &copy));
	assert_true(gap == 4 * S_NS && copy == 3);
}

/*
 * TIME_WAIT entered at 2 s (MSL 1 s): 2 s left then; a repeated FIN sent
 * at 3 s arrives at 3.05 s and starts 2*MSL again from there.
 */
static void
test_timewait_left(void **state)
{
	struct conn_step	seg[3], tr;
	struct view_row		rows[3];
	struct view_timeline	tl;
	int64_t			left;
	bool			again;

	(void)state;
	seg_step(&seg[0], CONN_SERVER, 900, SEGF_FIN | SEGF_ACK,
	    2 * S_NS - 50000000, 0);
	seg_step(&seg[1], CONN_CLIENT, 300, SEGF_ACK, 2 * S_NS, 0);
	seg_step(&seg[2], CONN_SERVER, 900, SEGF_FIN | SEGF_ACK, 3 * S_NS,
	    CONN_ANN(RETRANS) | CONN_ANN(TW_RESTART));
	memset(&tr, 0, sizeof tr);
	tr.kind = CONN_STEP_TRANSITION;
	tr.role = CONN_CLIENT;
	tr.t = 2 * S_NS;
	tr.u.tr.from = FSM_FIN_WAIT_2;
	tr.u.tr.to = FSM_TIME_WAIT;
	memset(rows, 0, sizeof rows);
	memset(&tl, 0, sizeof tl);
	rows[0].seg = &seg[0];
	rows[0].t = seg[0].t;
	rows[0].tr[0] = &tr;
	rows[0].ntr = 1;
	rows[1].seg = &seg[1];
	rows[1].t = seg[1].t;
	rows[2].seg = &seg[2];
	rows[2].t = seg[2].t;
	rows[2].ann = seg[2].ann;
	tl.rows = rows;
	tl.count = 3;
	tl.initial[0] = tl.initial[1] = FSM_ESTABLISHED;
	assert_true(view_timeline_tw_left(&tl, 0, CONN_CLIENT, S_NS, &left,
	    &again));
	assert_true(left == 2 * S_NS && !again);
	assert_false(view_timeline_tw_left(&tl, 0, CONN_SERVER, S_NS, &left,
	    &again));
	assert_true(view_timeline_tw_left(&tl, 1, CONN_CLIENT, S_NS, &left,
	    &again));
	assert_true(left == 2 * S_NS && !again);
	/* The repeated FIN: a fresh 2 s from its arrival. */
	assert_true(view_timeline_tw_left(&tl, 2, CONN_CLIENT, S_NS, &left,
	    &again));
	assert_true(left == 2 * S_NS && again);
	assert_true(view_timeline_since(&tl, 2, CONN_CLIENT) == 2 * S_NS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24),
		cmocka_unit_test(test_120x40),
		cmocka_unit_test(test_220x60),
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_graph_routes),
		cmocka_unit_test(test_label_fit),
		cmocka_unit_test(test_narration_wide),
		cmocka_unit_test(test_narration_cut),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_notation),
		cmocka_unit_test(test_notation_rewrite),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_retry_chain),
		cmocka_unit_test(test_timewait_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
