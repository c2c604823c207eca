/*
 * view-screen.c: a whole frame: the title, the ladder or the connection
 * list, the rule and the state graph, the explanation, the status row and
 * the help panel, each view in the rectangle the layout gives it, and
 * the comparison panel of the C key (compare.h makes its text). Layer 3,
 * above the views it calls; only the front ends (session.c, ui.c) include
 * view-screen.h (tests/check-layering.sh).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "i18n.h"
#include "layout.h"
#include "view.h"
#include "view-screen.h"
#include "view-quiz.h"

/* Texts of the screen frame (kept together for translation). */
/* Format strings stay literal so the compiler checks their arguments. */
#define VIEW_T_TOO_SMALL \
	_("Enlarge the terminal to at least %dx%d (it is %dx%d).")

enum view_text {
	VIEW_T_QUITS,
	VIEW_T_NO_CONN,
	VIEW_T_COMPARE,
	VIEW_T_PANEL_KEYS,
	VIEW_T_COUNT
};

static const char *const view_texts[VIEW_T_COUNT] = {
	[VIEW_T_QUITS] = N_("q quits"),
	[VIEW_T_NO_CONN] = N_("no TCP connection yet"),
	/* TRANSLATORS: the C panel's frame: its title, then its keys. */
	[VIEW_T_COMPARE] = N_(" Compared with a scenario (textbook) "),
	[VIEW_T_PANEL_KEYS] = N_(" up down PgUp PgDn scroll, Esc closes "),
};

/* The "enlarge the terminal" screen. */
static void
view_screen_small(struct canvas *c, const struct layout *l)
{
	char	buf[160];
	int	y = l->rows / 2 - 1;

	snprintf(buf, sizeof buf, VIEW_T_TOO_SMALL, LAYOUT_MIN_COLS,
	    LAYOUT_MIN_ROWS, l->cols, l->rows);
	if (y < 0)
		y = 0;
	canvas_put_str_cut(c, 0, y, buf, l->cols, CANVAS_R_ANOMALY);
	canvas_put_str_cut(c, 0, y + 1, _(view_texts[VIEW_T_QUITS]), l->cols,
	    CANVAS_R_NORMAL);
}

/* The comparison panel: below the title, above the status row. */
void
view_screen_panel_rect(const struct layout *l, struct canvas_rect *box,
    struct canvas_rect *text)
{
	int	m;

	/* The text is 80 columns: the frame's edges beside it, or in it. */
	box->w = l->cols < 84 ? l->cols : 84;
	box->x = (l->cols - box->w) / 2;
	box->y = l->rows > 2 ? 1 : 0;
	box->h = l->rows - 2 * box->y;
	m = box->w >= 84 ? 2 : 1;
	text->x = box->x + m;
	text->w = box->w - 2 * m;
	text->y = box->y + 1;
	text->h = box->h > 2 ? box->h - 2 : 0;
}

/*
 * One line of the panel's text from row `row` on, the rows from top on
 * drawn in r (c NULL: none); returns the rows it takes. A row that does
 * not fit breaks at its last space (or after a wide character) and goes
 * on indented past the line's own indentation, so the "!" and "^" marks
 * stay alone in their column.
 */
static int
view_screen_panel_line(struct canvas *c, const struct canvas_rect *r,
    int row, int top, const char *s, size_t len, unsigned attr)
{
	char		 buf[512];
	size_t		 start = 0, end, brk, n;
	uint32_t	 cp;
	int		 rows = 0, ind = 0, x, w, used, cw;

	while ((size_t)ind < len && s[ind] == ' ')
		ind++;
	ind += 2;
	if (ind > r->w / 2)
		ind = 0;
	for (;;) {
		if (rows > 0) {
			while (start < len && s[start] == ' ')
				start++;
			if (start >= len)
				break;
		}
		x = rows > 0 ? ind : 0;
		w = r->w - x;
		end = start;
		brk = 0;
		used = 0;
		while (end < len && end - start + 4 < sizeof buf) {
			n = canvas_utf8_decode(s + end, len - end, &cp);
			if ((cw = canvas_wcwidth(cp)) < 0)
				cw = 1;
			if (used + cw > w)
				break;
			if (s[end] == ' ')
				brk = end;
			used += cw;
			end += n;
			if (cw == 2)
				brk = end;
		}
		if (end < len && s[end] != ' ' && brk > start)
			end = brk;
		if (end == start && start < len)
			end += canvas_utf8_decode(s + end, len - end, &cp);
		if (c != NULL && row + rows >= top && row + rows < top + r->h) {
			memcpy(buf, s + start, end - start);
			buf[end - start] = '\0';
			canvas_put_str(c, r->x + x, r->y + row + rows - top,
			    buf, w, attr);
		}
		rows++;
		start = end;
		if (start >= len)
			break;
	}
	return rows;
}

/* Every line of text; the rows they take. */
static int
view_screen_panel_text(struct canvas *c, const struct canvas_rect *r,
    int top, const char *text)
{
	const char	*nl;
	size_t		 len;
	unsigned	 attr;
	int		 row = 0;

	while (*text != '\0' && row < 100000) {
		nl = strchr(text, '\n');
		len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		/* "!" a difference, "~" a note (compare.c's marks). */
		attr = CANVAS_R_NORMAL;
		if (len > 1 && text[0] == '!' && text[1] == ' ')
			attr = CANVAS_R_ANOMALY;
		else if (len > 1 && text[0] == '~' && text[1] == ' ')
			attr = CANVAS_R_STATE;
		row += view_screen_panel_line(c, r, row, top, text, len, attr);
		if (nl == NULL)
			break;
		text = nl + 1;
	}
	return row;
}

int
view_screen_panel_rows(const struct canvas_rect *r, const char *text)
{
	return view_screen_panel_text(NULL, r, 0, text);
}

/* The panel: its frame, the rows from top, where they are and the keys. */
static void
view_screen_panel(struct canvas *c, const struct layout *l,
    const struct view_ctx *ctx)
{
	struct canvas_rect	 box, tr;
	char			 buf[64];
	int			 rows, top = ctx->panel_top, w;

	view_screen_panel_rect(l, &box, &tr);
	if (box.w < 20 || tr.h < 1)
		return;
	rows = view_screen_panel_rows(&tr, ctx->panel);
	if (top > rows - tr.h)
		top = rows - tr.h;
	if (top < 0)
		top = 0;
	canvas_set_clip(c, &box);
	canvas_fill(c, &box, CANVAS_R_NORMAL);
	canvas_box(c, &box, CANVAS_R_TITLE);
	canvas_put_str_cut(c, box.x + 2, box.y, _(view_texts[VIEW_T_COMPARE]),
	    box.w - 4, CANVAS_R_TITLE | CANVAS_A_BOLD);
	/* Where the rows shown are, then the keys, on the lower edge. */
	snprintf(buf, sizeof buf, " %d-%d/%d ", rows > 0 ? top + 1 : 0,
	    top + tr.h < rows ? top + tr.h : rows, rows);
	w = canvas_put_str_right(c, box.x + box.w - 2, box.y + box.h - 1, buf,
	    box.w - 4, CANVAS_R_TITLE);
	canvas_put_str_cut(c, box.x + 2, box.y + box.h - 1,
	    _(view_texts[VIEW_T_PANEL_KEYS]), box.w - 5 - w, CANVAS_R_KEY);
	canvas_set_clip(c, &tr);
	(void)view_screen_panel_text(c, &tr, top, ctx->panel);
	canvas_reset_clip(c);
}

/* A whole frame. */
void
view_screen_draw(struct canvas *c, const struct layout *l,
    const struct view_ctx *ctx, struct view_conns *conns)
{
	struct canvas_rect	gr, hr, seq;
	struct view_ctx		ic;
	int			w, qh;

	canvas_reset_clip(c);
	canvas_clear(c);
	if (l->mode == LAYOUT_TOO_SMALL) {
		view_screen_small(c, l);
		return;
	}
	if (l->title.h > 0 && ctx->title != NULL)
		canvas_put_str_cut(c, l->title.x, l->title.y, ctx->title,
		    l->title.w, CANVAS_R_TITLE | CANVAS_A_BOLD);
	if (ctx->focus == VIEW_FOCUS_CONNS && conns != NULL &&
	    l->seq.w < VIEW_CONNS_WIDE) {
		/* Too narrow beside the graph: the list takes both. */
		gr = l->seq;
		gr.w = l->graph.x + l->graph.w - l->seq.x;
		view_conns_draw(c, &gr, conns, true);
		goto info;
	}
	if (ctx->focus == VIEW_FOCUS_CONNS && conns != NULL)
		view_conns_draw(c, &l->seq, conns, true);
	else if (ctx->tl == NULL)
		canvas_put_str(c, l->seq.x + 1, l->seq.y + 1,
		    _(view_texts[VIEW_T_NO_CONN]), l->seq.w - 2, CANVAS_R_DIM);
	else {
		/*
		 * Above the quiz's panel: the ladder scrolls so the row
		 * just answered (the cursor) stays in sight.
		 */
		seq = l->seq;
		qh = view_quiz_height(ctx->quiz, ctx->quiz_final, l->rows);
		if (qh > 0 && seq.y + seq.h > l->status.y - qh &&
		    l->status.y - qh - seq.y > VIEW_SEQ_TOP)
			seq.h = l->status.y - qh - seq.y;
		view_seq_draw(c, &seq, ctx, l->mode);
	}
	/* A rule between the ladder and the graph. */
	canvas_vline(c, l->graph.x, l->graph.y, l->graph.h, CANVAS_G_VLINE,
	    ctx->focus == VIEW_FOCUS_GRAPH ? CANVAS_R_TITLE : CANVAS_R_DIM);
	view_graph_draw(c, &l->graph_in, ctx, l->mode);
info:
	ic = *ctx;
	ic.info_norule = !l->info_rule;
	view_info_draw(c, &l->info, &ic, l->mode);
	canvas_fill(c, &l->status, CANVAS_R_STATUS);
	w = 0;
	if (ctx->status_left != NULL)
		w = canvas_put_str_cut(c, l->status.x, l->status.y,
		    ctx->status_left, l->status.w, CANVAS_R_STATUS);
	if (ctx->status_right != NULL &&
	    canvas_str_width(ctx->status_right) < l->status.w - w - 1)
		canvas_put_str_right(c, l->status.x + l->status.w,
		    l->status.y, ctx->status_right, l->status.w,
		    CANVAS_R_STATUS);
	/* The quiz's panel over the lower rows, above the status. */
	if ((hr.h = view_quiz_height(ctx->quiz, ctx->quiz_final,
	    l->rows)) > 0) {
		hr.x = 0;
		hr.w = l->cols;
		hr.y = l->status.y - hr.h;
		if (hr.y < 0)
			hr.y = 0;
		view_quiz_draw(c, &hr, ctx->quiz, ctx->quiz_final);
	}
	if (ctx->panel != NULL)
		view_screen_panel(c, l, ctx);
	if (ctx->help) {
		hr.w = l->cols - 8 > 76 ? 76 : l->cols - 8;
		hr.h = l->rows - 4 > 34 ? 34 : l->rows - 4;
		hr.x = (l->cols - hr.w) / 2;
		hr.y = (l->rows - hr.h) / 2;
		view_info_help(c, &hr, ctx);
	}
}
