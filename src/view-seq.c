/*
 * view-seq.c: the ladder (sequence) diagram: the client's and the server's
 * lifelines, one arrow per segment with a symbolic label ("SYN,ACK seq=K
 * ack=J+1"), and each endpoint's state written beside its lifeline where
 * it changes. Layer 3: reads the timeline; draws on a canvas.
 *
 * Time runs down. Rows after the cursor are not drawn (not played yet);
 * the view scrolls so the cursor row is the lowest one shown. Left of the
 * lifelines a column gives each row's time; under the rows one line holds
 * the timers running as of the cursor (TIME_WAIT's 2*MSL, the time in a
 * state). In a simulation, arrows that cross in flight slant from the
 * line they leave on to the line they arrive on (view_seq_layout), so a
 * row may take more than one line; captures keep one line a row.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"
#include "i18n.h"
#include "view.h"

/* Texts of the ladder (kept together for translation). */
enum view_seq_text {
	VIEW_SEQ_T_CLIENT,
	VIEW_SEQ_T_SERVER,
	VIEW_SEQ_T_TIMER,
	VIEW_SEQ_T_APP,
	VIEW_SEQ_T_COUNT
};

static const char *const view_seq_texts[VIEW_SEQ_T_COUNT] = {
	[VIEW_SEQ_T_CLIENT] = N_("client"),
	[VIEW_SEQ_T_SERVER] = N_("server"),
	[VIEW_SEQ_T_TIMER] = N_("timer"),
	[VIEW_SEQ_T_APP] = N_("application"),
};

/* Geometry of the ladder in one region. */
struct view_seq_geo {
	int	tcol;		/* time column x, or -1 */
	int	tw;		/* its width */
	int	cl;		/* client lifeline x */
	int	sv;		/* server lifeline x */
	int	sw;		/* state label width */
	int	left;		/* the region's first column */
	int	right;		/* just past its last */
	bool	full;		/* full state names */
};

/* Place the lifelines for a region width. */
static void
view_seq_geometry(struct view_seq_geo *g, const struct canvas_rect *r)
{
	g->full = r->w >= 52;
	g->sw = g->full ? 11 : 5;
	g->tcol = -1;
	g->tw = 0;
	g->left = r->x;
	g->right = r->x + r->w;
	/* The time column: "+0.540 s" where there is room, "+0.540" else. */
	if (r->w >= 90)
		g->tw = 12;
	else if (r->w >= 44)
		g->tw = 6;
	if (g->tw > 0) {
		g->tcol = r->x;
		g->cl = r->x + g->tw + 1 + g->sw + 1;
	} else
		g->cl = r->x + g->sw + 1;
	g->sv = r->x + r->w - g->sw - 2;
}

/* A state's name as the ladder writes it. */
static const char *
view_seq_state(const struct view_seq_geo *g, int s)
{
	return g->full ? fsm_state_name((enum fsm_state)s) :
	    fsm_state_short((enum fsm_state)s);
}

/*
 * A state's label with how it is known: "LISTEN*" when implied (never on
 * the wire), "SYN_RCVD?" while tentative or when the capture cannot
 * decide its time (uncertain); plain when observed or settled.
 */
static const char *
view_seq_label(const struct view_seq_geo *g, int s, int known, char *buf,
    size_t len)
{
	const char	*mark = known == CONN_KNOWN_IMPLIED ? "*" :
	    known == CONN_KNOWN_TENTATIVE || known == CONN_KNOWN_UNCERTAIN ?
	    "?" : "";

	snprintf(buf, len, "%s%s", view_seq_state(g, s), mark);
	return buf;
}

/*
 * Write the state labels of both roles at row y. A mark may take the
 * spare cell beside the label (the server's moves next to its lifeline).
 */
static void
view_seq_states(struct canvas *c, const struct view_seq_geo *g, int y,
    int cs, int ck, int ss, int sk, bool current)
{
	static const char	blank[] = "                ";
	char			buf[32];
	int			w;

	/* A line may get a label twice (an arrival under a sending). */
	if (cs >= 0) {
		canvas_put_str(c, g->cl - g->sw - 1, y, blank, g->sw + 1,
		    CANVAS_R_NORMAL);
		canvas_put_str_right(c, g->cl, y,
		    view_seq_label(g, cs, ck, buf, sizeof buf), g->sw + 1,
		    current ? CANVAS_R_CLIENT | CANVAS_A_BOLD : CANVAS_R_STATE);
	}
	if (ss >= 0) {
		canvas_put_str(c, g->sv + 1, y, blank, g->sw + 1,
		    CANVAS_R_NORMAL);
		view_seq_label(g, ss, sk, buf, sizeof buf);
		w = canvas_str_width(buf);
		canvas_put_str(c, w > g->sw ? g->sv + 1 : g->sv + 2, y, buf,
		    g->sw + 1, current ? CANVAS_R_SERVER | CANVAS_A_BOLD :
		    CANVAS_R_STATE);
	}
}

/* The one-letter tag of a segment's annotations (R, D, W ...), or 0. */
static char
view_seq_tag(uint32_t ann)
{
	static const struct {
		uint32_t	bits;
		char		tag;
	} tags[] = {
		{ CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS), 'R' },
		{ CONN_ANN(BAD_RST) | CONN_ANN(REFUSED), '!' },
		{ CONN_ANN(CHALLENGE_ACK), 'C' },
		{ CONN_ANN(DUP_ACK), 'D' },
		{ CONN_ANN(OUT_OF_ORDER), 'O' },
		{ CONN_ANN(ZERO_WINDOW) | CONN_ANN(WINDOW_FULL) |
		    CONN_ANN(WINDOW_PROBE), 'W' },
		{ CONN_ANN(KEEPALIVE), 'K' },
		{ CONN_ANN(PREV_UNSEEN) | CONN_ANN(ACKED_UNSEEN), 'U' },
	};
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(tags); i++) {
		if (ann & tags[i].bits)
			return tags[i].tag;
	}
	return ann & ~CONN_ANN(LOST) ? '*' : 0;
}

/*
 * The timer behind a copy of a segment, in at most maxw columns: "retry
 * #2 after 2 s", "#2 2 s"; a keep-alive's "idle 75 s". "" when none.
 */
static char *
view_seq_retry(char *buf, size_t len, const struct view_timeline *tl,
    size_t i, int maxw, bool brief)
{
	char		 span[24];
	int64_t		 gap;
	unsigned	 copy;
	bool		 keep;

	buf[0] = '\0';
	if (!view_timeline_retry(tl, i, &gap, &copy))
		return buf;
	keep = (tl->rows[i].ann & CONN_ANN(KEEPALIVE)) != 0;
	view_time_short(span, sizeof span, gap);
	if (keep)
		snprintf(buf, len, _("idle %s"), span);
	else
		snprintf(buf, len, _("retry #%u after %s"), copy, span);
	if ((brief || canvas_str_width(buf) > maxw) && !keep)
		snprintf(buf, len, "#%u %s", copy, span);
	if (canvas_str_width(buf) > maxw)
		buf[0] = '\0';
	return buf;
}

/*
 * One segment: an arrow from its sender's lifeline with its label on it,
 * across lines rows (1: level; more: down a step a line, from the line
 * it was sent on to the line it arrives on, so segments in flight at the
 * same time cross).
 */
static void
view_seq_arrow(struct canvas *c, const struct view_seq_geo *g, int y,
    int lines, bool alone, const struct view_timeline *tl, size_t ri,
    bool current)
{
	const struct view_row *row = &tl->rows[ri];
	char		 label[160], tag[2], retry[64];
	int		 rw;
	const struct conn_step *st = row->seg;
	bool		 right = st->role != CONN_SERVER;
	bool		 lost = (row->ann & CONN_ANN(LOST)) != 0;
	int		 x0 = g->cl + 1, x1 = g->sv - 1, len = x1 - x0 + 1;
	int		 end, lw, lx, i, m, step;
	enum canvas_glyph glyph;
	unsigned	 attr, lattr;

	attr = current ? CANVAS_R_EDGE | CANVAS_A_BOLD : CANVAS_R_NORMAL;
	lattr = current ? CANVAS_R_CURSOR : CANVAS_R_NORMAL;
	if (row->ann != 0 && !current)
		lattr = CANVAS_R_ANOMALY;
	if (len < 5)
		return;
	/* A lost segment dies two thirds of the way across. */
	if (lost || lines < 1)
		lines = 1;
	end = lost ? len * 2 / 3 : len;
	for (i = 0; i < end; i++) {
		int x = right ? x0 + i : x1 - i;

		/* Line m holds its share of the way; a diagonal steps down. */
		m = i * lines / len;
		if ((i + 1) * lines / len == m || i + 1 == len)
			glyph = CANVAS_G_HLINE;
		else if (!alone && lines == 2 && len % 2 == 1)
			glyph = CANVAS_G_DIAG_CROSS;	/* both step here */
		else
			glyph = right ? CANVAS_G_DIAG_DOWN_RIGHT :
			    CANVAS_G_DIAG_DOWN_LEFT;
		canvas_put_glyph(c, x, y + m, glyph, attr);
		if (glyph == CANVAS_G_DIAG_CROSS)
			canvas_put_glyph(c, x, y + 1, CANVAS_G_HLINE, attr);
	}
	if (lost)
		canvas_put_glyph(c, right ? x0 + end : x1 - end, y,
		    CANVAS_G_LOST, CANVAS_R_ANOMALY | CANVAS_A_BOLD);
	else
		canvas_put_glyph(c, right ? x1 : x0, y + lines - 1,
		    right ? CANVAS_G_ARROW_RIGHT : CANVAS_G_ARROW_LEFT, attr);
	/*
	 * A slanted arrow's label goes on its first line's share, short of
	 * the step down (end: room as a level arrow's, 2 cells of line).
	 */
	step = (len + lines - 1) / lines;
	if (lines > 1)
		end = alone ? len - step - 1 : step + 1;
	/*
	 * An annotation is a letter where the arrow leaves its sender, so
	 * it reads without colour: R retransmission, D dup ACK, W window,
	 * K keep-alive, O out of order, U unseen, ! bad RST or refused,
	 * C challenge ACK.
	 */
	tag[0] = view_seq_tag(row->ann);
	tag[1] = '\0';
	if (tag[0] != '\0')
		canvas_put_str(c, right ? x0 : x1, y, tag, 1,
		    CANVAS_R_ANOMALY | CANVAS_A_BOLD);

	/*
	 * The label sits on the drawn part (so a lost segment's cross stays
	 * visible) with a cell of line each side; what does not fit is
	 * dropped a whole part at a time, never cut.
	 */
	/*
	 * A copy's timer (1 s, 2 s, 4 s ... of backoff) goes past a lost
	 * arrow's cross, else after the label when both fit.
	 */
	if (lost) {
		view_seq_retry(retry, sizeof retry, tl, ri, len - end - 2,
		    false);
		if (retry[0] != '\0')
			canvas_put_str(c, right ? x0 + end + 2 :
			    x1 - end - 1 - canvas_str_width(retry), y, retry,
			    len - end - 2, CANVAS_R_ANOMALY);
		view_segment_label_fit(label, sizeof label, tl, st, end - 4);
	} else {
		/*
		 * The whole label and the timer, else the timer beside a
		 * label that keeps its flags and seq (long form, then
		 * short), else the label alone.
		 */
		view_segment_label_fit(label, sizeof label, tl, st, end - 4);
		lw = canvas_str_width(label);
		view_seq_retry(retry, sizeof retry, tl, ri, end - 5 - lw,
		    false);
		rw = canvas_str_width(retry);
		for (m = 0; rw == 0 && m < 2; m++) {
			view_seq_retry(retry, sizeof retry, tl, ri, end - 4,
			    m == 1);
			if ((rw = canvas_str_width(retry)) == 0)
				continue;
			view_segment_label_fit(label, sizeof label, tl, st,
			    end - 5 - rw);
			if (label[0] == '\0' || strchr(label, '=') == NULL)
				rw = 0;
		}
		if (rw > 0 && label[0] != '\0')
			snprintf(label + strlen(label), sizeof label -
			    strlen(label), " %s", retry);
		else
			view_segment_label_fit(label, sizeof label, tl, st,
			    end - 4);
	}
	lw = canvas_str_width(label);
	if (lw == 0)
		return;
	if (lines > 1 && alone) {
		/* Alone on its line: the label beside the first step. */
		lx = right ? x0 + step + 1 : x1 - step - lw;
		canvas_put_str(c, lx, y, label, lw, lattr);
		return;
	}
	if (lines > 1) {
		/* Cells 1 .. end - 3 from the sender: the step stays. */
		lx = right ? x0 + 1 + (end - 3 - lw) / 2 :
		    x1 - (end - 3) + 1 + (end - 3 - lw + 1) / 2;
		canvas_put_str(c, lx, y, label, lw, lattr);
		return;
	}
	lx = (right ? x0 : x1 - end + 1) + (end - lw) / 2;
	canvas_put_str(c, lx - 1, y, " ", 1, lattr);
	canvas_put_str(c, lx, y, label, lw, lattr);
	canvas_put_str(c, lx + lw, y, " ", 1, lattr);
}

/* A row without a segment: a timer or an application call. */
static void
view_seq_event(struct canvas *c, const struct view_seq_geo *g, int y,
    const struct view_row *row, bool current)
{
	const struct fsm_edge_info	*ei;
	char				 text[64];
	int				 role, x;

	if (row->ntr == 0)
		return;
	ei = fsm_edge_info((enum fsm_edge)row->tr[0]->u.tr.edge);
	role = row->tr[0]->role == CONN_SERVER;
	snprintf(text, sizeof text, "%s %s",
	    ei != NULL && (ei->triggers & FSM_TRIGGER_TIMEOUT) &&
	    !(ei->triggers & FSM_TRIGGER_APP) ?
	    _(view_seq_texts[VIEW_SEQ_T_TIMER]) :
	    _(view_seq_texts[VIEW_SEQ_T_APP]),
	    ei != NULL ? ei->event : "?");
	x = role == CONN_CLIENT ? g->cl + 2 : g->sv - 1 -
	    canvas_str_width(text);
	/* A long one at the server starts no further left than cl. */
	if (x < g->cl)
		x = g->cl;
	canvas_put_glyph(c, role == CONN_CLIENT ? g->cl : g->sv, y,
	    CANVAS_G_BULLET, current ? CANVAS_R_EDGE : CANVAS_R_DIM);
	canvas_put_str_cut(c, x, y, text, g->sv - g->cl - 3,
	    current ? CANVAS_R_CURSOR : CANVAS_R_DIM);
}

/*
 * The time column: seconds since the first row ("+0.540 s"), or the time
 * of day in UTC ("12:00:04.540"; "04.540", the seconds, when narrow).
 */
static void
view_seq_time(struct canvas *c, const struct view_seq_geo *g, int y,
    const struct view_ctx *ctx, int64_t t, int64_t t0)
{
	char		buf[32];
	long long	ms, day;

	if (g->tcol < 0)
		return;
	if (ctx->clock == VIEW_CLOCK_ABSOLUTE) {
		ms = (long long)(t / 1000000 % 86400000);
		if (ms < 0)
			ms += 86400000;
		day = ms / 1000;
		if (g->tw >= 12)
			snprintf(buf, sizeof buf,
			    "%02lld:%02lld:%02lld.%03lld", day / 3600,
			    day / 60 % 60, day % 60, ms % 1000);
		else
			snprintf(buf, sizeof buf, "%02lld.%03lld", day % 60,
			    ms % 1000);
	} else
		view_time_span(buf, sizeof buf, t - t0, g->tw);
	canvas_put_str_right(c, g->tcol + g->tw, y, buf, g->tw, CANVAS_R_DIM);
}

/*
 * A role's timers as of row pos, in at most maxw columns: TIME_WAIT's
 * 2*MSL countdown (restarted by a repeated FIN) with the MSL it uses,
 * else how long it has been in its state. "" when nothing fits.
 */
static char *
view_seq_timer_text(char *buf, size_t len, const struct view_ctx *ctx,
    int role, const struct view_seq_geo *g, int maxw)
{
	const struct view_timeline	*tl = ctx->tl;
	const struct conn_step		*tr;
	char				 left[24], msl[24], twice[24], in[24];
	char				 was[24], longer[160];
	int64_t				 now, since, rest, before;
	bool				 restarted;
	int				 s, k;

	buf[0] = '\0';
	now = view_timeline_now(tl, ctx->pos);
	s = view_timeline_state(tl, ctx->pos, (enum conn_role)role);
	if (s < 0)
		return buf;
	if (view_timeline_tw_left(tl, ctx->pos, role, ctx->msl_ns, &rest,
	    &restarted)) {
		view_time_short(left, sizeof left, rest);
		view_time_short(msl, sizeof msl, ctx->msl_ns);
		view_time_short(twice, sizeof twice, ctx->msl_ns >
		    INT64_MAX / 2 ? INT64_MAX : 2 * ctx->msl_ns);
		for (k = 0; k < 4; k++) {
			/*
			 * Whole sentences, for the translations, longest
			 * first; each takes (left, MSL, 2MSL) and may use
			 * the first ones only.
			 */
			snprintf(buf, len, k == 0 ? (restarted ?
			    _("2MSL restarted: %1$s left (MSL %2$s, 2MSL %3$s)") :
			    _("2MSL: %1$s left (MSL %2$s, 2MSL %3$s)")) :
			    k == 1 ? (restarted ?
			    _("2MSL %3$s (MSL %2$s), reset: %1$s left") :
			    _("2MSL %3$s (MSL %2$s): %1$s left")) :
			    k == 2 ? (restarted ?
			    _("MSL %2$s, 2MSL reset: %1$s") :
			    _("MSL %2$s, 2MSL left: %1$s")) :
			    restarted ? _("2MSL again %1$s") :
			    _("2MSL: %1$s"), left, msl, twice);
			if (canvas_str_width(buf) <= maxw)
				return buf;
		}
		buf[0] = '\0';
		return buf;
	}
	if ((since = view_timeline_since(tl, ctx->pos, role)) < 0)
		return buf;
	view_time_short(in, sizeof in, view_time_between(since, now));
	/* TRANSLATORS: a state, then how long it has lasted */
	snprintf(buf, len, _("%s for %s"), view_seq_state(g, s), in);
	/* Just changed: how long the state it left lasted, if it fits. */
	tr = view_timeline_last_tr(tl, ctx->pos, (enum conn_role)role);
	if (tr != NULL && tr->u.tr.from >= 0 && tr->u.tr.from != s &&
	    ctx->pos > 0 && (before = view_timeline_since(tl, ctx->pos - 1,
	    role)) >= 0 && view_timeline_state(tl, ctx->pos - 1,
	    (enum conn_role)role) == tr->u.tr.from && tr->t >= before) {
		view_time_short(was, sizeof was,
		    view_time_between(before, tr->t));
		/* TRANSLATORS: the line so far, the state before, its time */
		snprintf(longer, sizeof longer, _("%s (after %s %s)"), buf,
		    view_seq_state(g, tr->u.tr.from), was);
		if (canvas_str_width(longer) <= maxw) {
			snprintf(buf, len, "%s", longer);
			return buf;
		}
	}
	if (canvas_str_width(buf) > maxw)
		snprintf(buf, len, "%s %s", fsm_state_short((enum fsm_state)s),
		    in);
	if (canvas_str_width(buf) > maxw)
		buf[0] = '\0';
	return buf;
}

/*
 * The timer line under the cursor's row: each side's running timers. A
 * TIME_WAIT countdown is the one that matters: it may run on over the
 * other lifeline to the region's edge, and the other side gives way.
 */
static void
view_seq_timers(struct canvas *c, const struct view_seq_geo *g, int y,
    const struct view_ctx *ctx)
{
	char	 text[2][160];
	int	 span = g->sv - g->cl - 3, wide[2], tw[2], role, t;
	bool	 twait[2];

	wide[CONN_CLIENT] = g->right - (g->cl + 2);
	wide[CONN_SERVER] = g->sv - 1 - g->left;
	for (role = 0; role < 2; role++)
		twait[role] = view_timeline_state(ctx->tl, ctx->pos,
		    (enum conn_role)role) == FSM_TIME_WAIT;
	t = twait[1] && !twait[0];
	if (twait[t]) {
		view_seq_timer_text(text[t], sizeof text[t], ctx, t, g,
		    wide[t]);
		tw[t] = canvas_str_width(text[t]);
		text[!t][0] = '\0';
		if (tw[t] + 2 < span)
			view_seq_timer_text(text[!t], sizeof text[!t], ctx, !t,
			    g, span - tw[t] - 2);
	} else {
		for (role = 0; role < 2; role++) {
			view_seq_timer_text(text[role], sizeof text[role], ctx,
			    role, g, span);
			tw[role] = canvas_str_width(text[role]);
		}
		/* Side by side, or the client's alone. */
		if (tw[0] + tw[1] + 2 > span)
			text[1][0] = '\0';
	}
	for (role = 0; role < 2; role++) {
		if (text[role][0] == '\0')
			continue;
		if (role == CONN_CLIENT)
			canvas_put_str(c, g->cl + 2, y, text[role], wide[role],
			    twait[role] ? CANVAS_R_ANOMALY : CANVAS_R_DIM);
		else
			canvas_put_str_right(c, g->sv - 1, y, text[role],
			    wide[role], twait[role] ? CANVAS_R_ANOMALY :
			    CANVAS_R_DIM);
	}
}

/* The most lines a ladder lays out (taller regions show this many). */
#define VIEW_SEQ_LINES_MAX	256

/*
 * Which line each shown row takes. Captures: one row a line, arrows
 * level (sent and received at once). Simulations: a segment sent while
 * another is in flight the other way shares its line, and an arrow runs
 * down to the line before the first row sent once it has arrived (a gap
 * line is made when nothing else stands between), so a simultaneous
 * open's SYNs and a simultaneous close's FINs cross.
 */
struct view_seq_lines {
	size_t	first, last;			/* rows shown */
	int	nlines;				/* lines they take */
	int	line[VIEW_SEQ_LINES_MAX];	/* row first+k sent on */
	int	arrive[VIEW_SEQ_LINES_MAX];	/* row first+k arrives on */
};

/* Is row i a segment that arrived some time after it was sent? */
static bool
view_seq_in_flight(const struct view_timeline *tl, size_t i)
{
	const struct view_row	*row = &tl->rows[i];

	return row->seg != NULL && row->seg->transit_us > 0 &&
	    !(row->ann & CONN_ANN(LOST));
}

/* The first row after i sent once i had arrived (tl->count: none). */
static size_t
view_seq_target(const struct view_timeline *tl, size_t i)
{
	const struct conn_step	*st = tl->rows[i].seg;
	int64_t			 t;
	size_t			 k;

	if (st == NULL)
		return tl->count;
	t = view_step_arrival(st);

	for (k = i + 1; k < tl->count && k <= i + VIEW_SEQ_LINES_MAX; k++) {
		if (tl->rows[k].t >= t)
			return k;
	}
	return tl->count;
}

/*
 * Does row i's arrow slant: is it in flight while a segment goes the
 * other way (sent after it, before it arrives)? Segments that only follow
 * one another the same way stay level, and so does a segment with more
 * than VIEW_SEQ_SLANT_ROWS rows sent in its flight (a window of data and
 * its ACKs): the ladder would be all slopes, none of them readable.
 */
#define VIEW_SEQ_SLANT_ROWS	1

static bool
view_seq_crosses(const struct view_timeline *tl, size_t i)
{
	size_t	k, tg;

	if (!view_seq_in_flight(tl, i))
		return false;
	tg = view_seq_target(tl, i);
	if (tg > i + 1 + VIEW_SEQ_SLANT_ROWS)
		return false;
	for (k = i + 1; k < tg && k < tl->count; k++) {
		if (tl->rows[k].seg != NULL &&
		    tl->rows[k].seg->role != tl->rows[i].seg->role)
			return true;
	}
	return false;
}

/* Lay out rows first..last (view_seq_lines); the lines they take. */
static int
view_seq_layout(const struct view_timeline *tl, bool slant, size_t first,
    size_t last, struct view_seq_lines *L)
{
	size_t	j, k, i, tg;
	int	cur = -1, end = 0;
	bool	shared = false, gap;

	L->first = first;
	L->last = last;
	for (j = first; j <= last; j++) {
		k = j - first;
		/* Sent at once by the two ends while both are in flight. */
		if (slant && j > first && !shared && tl->rows[j].seg != NULL &&
		    tl->rows[j - 1].seg != NULL &&
		    tl->rows[j].seg->role != tl->rows[j - 1].seg->role &&
		    tl->rows[j].t == tl->rows[j - 1].t &&
		    view_seq_in_flight(tl, j) &&
		    view_seq_in_flight(tl, j - 1) &&
		    view_seq_target(tl, j) == view_seq_target(tl, j - 1)) {
			L->line[k] = cur;
			shared = true;
			continue;
		}
		shared = false;
		/*
		 * A gap line before the row an arrow in flight across
		 * another arrives by: it lands there, clear of the rows
		 * it crossed.
		 */
		gap = false;
		i = j >= first + 2 ? j - 2 : j;
		for (; slant && i + 1 < j && !gap; i++) {
			gap = view_seq_in_flight(tl, i) &&
			    view_seq_target(tl, i) == j &&
			    (view_seq_crosses(tl, i) ||
			    L->line[i - first] == L->line[j - 1 - first]);
		}
		cur += gap ? 2 : 1;
		L->line[k] = cur;
	}
	for (j = first; j <= last; j++) {
		k = j - first;
		L->arrive[k] = L->line[k];
		if (slant && view_seq_in_flight(tl, j) &&
		    ((j < last && L->line[k + 1] == L->line[k]) ||
		    (k > 0 && L->line[k - 1] == L->line[k]) ||
		    view_seq_crosses(tl, j))) {
			tg = view_seq_target(tl, j);
			if (tg <= last && L->line[tg - first] - 1 > L->line[k])
				L->arrive[k] = L->line[tg - first] - 1;
			else if (tg > last && ((k > 0 && L->line[k - 1] ==
			    L->line[k]) || (j < last && L->line[k + 1] ==
			    L->line[k])))
				L->arrive[k] = cur + 1;	/* still to come */
		}
		if (L->arrive[k] + 1 > end)
			end = L->arrive[k] + 1;
	}
	L->nlines = end > cur + 1 ? end : cur + 1;
	return L->nlines;
}

/*
 * The rows the ladder in r shows and their lines: the cursor's row at
 * the bottom, less ctx->scroll rows scrolled back. False when none fits
 * or there are none.
 */
static bool
view_seq_lines_for(const struct canvas_rect *r, const struct view_ctx *ctx,
    struct view_seq_lines *L)
{
	const struct view_timeline	*tl = ctx->tl;
	int				 visible = r->h - VIEW_SEQ_TOP - 1;
	size_t				 first, last, lo;
	bool				 slant;

	if (tl == NULL || visible < 1 || tl->count == 0)
		return false;
	if (visible > VIEW_SEQ_LINES_MAX)
		visible = VIEW_SEQ_LINES_MAX;
	last = ctx->pos < tl->count ? ctx->pos : tl->count - 1;
	if (ctx->scroll > 0)
		last = (size_t)ctx->scroll > last ? 0 :
		    last - (size_t)ctx->scroll;
	/* A demo's step 0 has no row: nothing has happened yet. */
	lo = view_timeline_first(tl);
	if (last < lo)
		return false;
	first = last + 1 > (size_t)visible ? last + 1 - (size_t)visible : 0;
	if (first < lo)
		first = lo;
	if (first < ctx->from && ctx->from <= last)
		first = ctx->from;
	slant = ctx->demo;
	while (view_seq_layout(tl, slant, first, last, L) > visible) {
		if (first == last) {
			/* One row alone that cannot fit its slant: level. */
			slant = false;
			(void)view_seq_layout(tl, false, first, last, L);
			break;
		}
		first++;
	}
	return true;
}

/*
 * The line a role's state label of row i goes on: where its transition
 * happened. A transition at the moment a slanted arrow reaches the role
 * is written where that arrow lands; else on the row's line.
 */
static int
view_seq_state_line(const struct view_timeline *tl,
    const struct view_seq_lines *L, size_t i, int role,
    const struct conn_step *tr)
{
	const struct conn_step	*st;
	size_t			 a, k;

	k = i - L->first;
	if (tr == NULL)
		return L->line[k];
	for (a = i + 1; a-- > L->first && i - a <= VIEW_SEQ_SLANT_ROWS + 1;) {
		st = tl->rows[a].seg;
		if (st == NULL || L->arrive[a - L->first] == L->line[a -
		    L->first] || (st->role == CONN_SERVER) == (role != 0))
			continue;
		if (view_step_arrival(st) == tr->t)
			return L->arrive[a - L->first];
	}
	return L->line[k];
}

/*
 * Live: a receiver's state not settled yet, "SYN_RCVD?", where the
 * segment that leads to it arrives (view_timeline.pending).
 */
static void
view_seq_pending(struct canvas *c, const struct view_seq_geo *g,
    const struct view_timeline *tl, size_t i, int y, bool current)
{
	const struct conn_step	*seg = tl->rows[i].seg;
	int			 role;

	if (seg == NULL)
		return;
	for (role = 0; role < 2; role++) {
		if (tl->pending[role] < 0 ||
		    tl->pending_frame[role] != seg->frame ||
		    (seg->role == CONN_SERVER) == (role != 0))
			continue;
		if (role == CONN_CLIENT)
			view_seq_states(c, g, y, tl->pending[role],
			    CONN_KNOWN_TENTATIVE, -1, -1, current);
		else
			view_seq_states(c, g, y, -1, -1, tl->pending[role],
			    CONN_KNOWN_TENTATIVE, current);
	}
}

/* The rows the ladder in r shows, first..last (view.h). */
bool
view_seq_window(const struct canvas_rect *r, const struct view_ctx *ctx,
    size_t *first, size_t *last)
{
	struct view_seq_lines	L;

	if (!view_seq_lines_for(r, ctx, &L))
		return false;
	*first = L.first;
	*last = L.last;
	return true;
}

/* The row drawn on screen line y of the ladder in r, or SIZE_MAX. */
size_t
view_seq_row_at(const struct canvas_rect *r, const struct view_ctx *ctx,
    int y)
{
	struct view_seq_lines	L;
	size_t			j;

	if (!view_seq_lines_for(r, ctx, &L))
		return SIZE_MAX;
	for (j = L.first; j <= L.last; j++) {
		if (r->y + VIEW_SEQ_TOP + L.line[j - L.first] == y)
			return j;
	}
	return SIZE_MAX;
}

/* Draw the ladder as of the cursor row. */
void
view_seq_draw(struct canvas *c, const struct canvas_rect *r,
    const struct view_ctx *ctx, enum layout_mode mode)
{
	const struct view_timeline	*tl = ctx->tl;
	const struct view_row		*row;
	const struct conn_step		*ct, *st;
	struct view_seq_geo		 g;
	struct view_seq_lines		 L;
	char				 addr[EVENT_ADDR_STRLEN], head[96];
	size_t				 i, k;
	int				 y, ya, cs, ss, hdr, top;
	int				 cw, sw, lw;

	(void)mode;
	if (tl == NULL || tl->conn == NULL || r->w < 24 || r->h < 4)
		return;
	canvas_set_clip(c, r);
	view_seq_geometry(&g, r);

	/*
	 * Header: each endpoint above its lifeline, over the time column too
	 * (an address needs the room). Too narrow, the host part shortens,
	 * never the port (issue 17).
	 */
	cw = (r->w - 1) / 2;
	sw = r->w - 1 - cw - 1;
	lw = canvas_str_width(_(view_seq_texts[VIEW_SEQ_T_CLIENT]));
	event_endpoint_fit(addr, sizeof addr,
	    conn_endpoint(tl->conn, CONN_CLIENT), cw - lw - 1, c->ascii);
	snprintf(head, sizeof head, "%s %s",
	    _(view_seq_texts[VIEW_SEQ_T_CLIENT]), addr);
	canvas_put_str_cut(c, r->x, r->y, head, cw,
	    CANVAS_R_CLIENT | CANVAS_A_BOLD);
	lw = canvas_str_width(_(view_seq_texts[VIEW_SEQ_T_SERVER]));
	event_endpoint_fit(addr, sizeof addr,
	    conn_endpoint(tl->conn, CONN_SERVER), sw - lw - 1, c->ascii);
	snprintf(head, sizeof head, "%s %s",
	    _(view_seq_texts[VIEW_SEQ_T_SERVER]), addr);
	canvas_put_str_right(c, r->x + r->w, r->y, head, sw,
	    CANVAS_R_SERVER | CANVAS_A_BOLD);
	hdr = 1;

	/* Lifelines, full height. */
	canvas_vline(c, g.cl, r->y + hdr, r->h - hdr, CANVAS_G_VLINE,
	    CANVAS_R_DIM);
	canvas_vline(c, g.sv, r->y + hdr, r->h - hdr, CANVAS_G_VLINE,
	    CANVAS_R_DIM);

	/* The states they start in (LISTEN is never on the wire). */
	view_seq_states(c, &g, r->y + hdr, tl->initial[0],
	    tl->initial[0] == FSM_LISTEN ? CONN_KNOWN_IMPLIED : -1,
	    tl->initial[1],
	    tl->initial[1] == FSM_LISTEN ? CONN_KNOWN_IMPLIED : -1, false);
	if (!view_seq_lines_for(r, ctx, &L)) {
		canvas_reset_clip(c);
		return;
	}

	top = r->y + VIEW_SEQ_TOP;
	for (i = L.first; i <= L.last; i++) {
		k = i - L.first;
		row = &tl->rows[i];
		y = top + L.line[k];
		ya = top + L.arrive[k];
		view_seq_time(c, &g, y, ctx, row->t, tl->rows[0].t);
		if (row->seg != NULL)
			view_seq_arrow(c, &g, y, ya - y + 1,
			    !(k > 0 && L.line[k - 1] == L.line[k]) &&
			    !(i < L.last && L.line[k + 1] == L.line[k]), tl, i,
			    i == ctx->pos);
		else
			view_seq_event(c, &g, y, row, i == ctx->pos);
		/*
		 * A sender's state changes where its arrow leaves, the
		 * receiver's where the arrow reaches it.
		 */
		ct = view_timeline_last_tr(tl, i, CONN_CLIENT);
		st = view_timeline_last_tr(tl, i, CONN_SERVER);
		cs = ct != NULL ? view_timeline_state(tl, i, CONN_CLIENT) : -1;
		ss = st != NULL ? view_timeline_state(tl, i, CONN_SERVER) : -1;
		view_seq_states(c, &g, top + view_seq_state_line(tl, &L, i,
		    CONN_CLIENT, ct), cs, ct != NULL ? ct->u.tr.known : -1,
		    -1, -1, i == ctx->pos);
		view_seq_states(c, &g, top + view_seq_state_line(tl, &L, i,
		    CONN_SERVER, st), -1, -1, ss, st != NULL ?
		    st->u.tr.known : -1, i == ctx->pos);
		view_seq_pending(c, &g, tl, i, top + L.arrive[k],
		    i == ctx->pos);
	}
	/* The line kept under the rows (view_seq_window) holds the timers. */
	y = top + L.nlines;
	if (y < r->y + r->h)
		view_seq_timers(c, &g, y, ctx);
	canvas_reset_clip(c);
}
