/*
 * view-seq.c: the ladder (sequence) diagram: the client's and the server's
 * lifelines, one arrow per segment with a symbolic label ("SYN,ACK seq=K
 * ack=J+1"), and each endpoint's state written beside its lifeline where
 * it changes. Layer 3: reads the timeline; draws on a canvas.
 *
 * Time runs down. Rows after the cursor are not drawn (not played yet);
 * the view scrolls so the cursor row is the lowest one shown.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"
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
	[VIEW_SEQ_T_CLIENT] = "client",
	[VIEW_SEQ_T_SERVER] = "server",
	[VIEW_SEQ_T_TIMER] = "timer",
	[VIEW_SEQ_T_APP] = "application",
};

/* Geometry of the ladder in one region. */
struct view_seq_geo {
	int	tcol;		/* time column x, or -1 */
	int	cl;		/* client lifeline x */
	int	sv;		/* server lifeline x */
	int	sw;		/* state label width */
	bool	full;		/* full state names */
};

/* Place the lifelines for a region width. */
static void
view_seq_geometry(struct view_seq_geo *g, const struct canvas_rect *r)
{
	g->full = r->w >= 52;
	g->sw = g->full ? 11 : 5;
	g->tcol = -1;
	if (r->w >= 90) {
		g->tcol = r->x;
		g->cl = r->x + 11 + g->sw + 1;
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
	char	buf[32];
	int	w;

	if (cs >= 0)
		canvas_put_str_right(c, g->cl, y,
		    view_seq_label(g, cs, ck, buf, sizeof buf), g->sw + 1,
		    current ? CANVAS_R_CLIENT | CANVAS_A_BOLD : CANVAS_R_STATE);
	if (ss >= 0) {
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

/* One segment: an arrow from its sender's lifeline with its label on it. */
static void
view_seq_arrow(struct canvas *c, const struct view_seq_geo *g, int y,
    const struct view_timeline *tl, const struct view_row *row, bool current)
{
	char		 label[96], tag[2];
	const struct conn_step *st = row->seg;
	bool		 right = st->role != CONN_SERVER;
	bool		 lost = (row->ann & CONN_ANN(LOST)) != 0;
	int		 x0 = g->cl + 1, x1 = g->sv - 1, len = x1 - x0 + 1;
	int		 end, lw, lx, i;
	unsigned	 attr, lattr;

	attr = current ? CANVAS_R_EDGE | CANVAS_A_BOLD : CANVAS_R_NORMAL;
	lattr = current ? CANVAS_R_CURSOR : CANVAS_R_NORMAL;
	if (row->ann != 0 && !current)
		lattr = CANVAS_R_ANOMALY;
	if (len < 5)
		return;
	/* A lost segment dies two thirds of the way across. */
	end = lost ? len * 2 / 3 : len;
	for (i = 0; i < end; i++) {
		int x = right ? x0 + i : x1 - i;

		canvas_put_glyph(c, x, y, CANVAS_G_HLINE, attr);
	}
	if (lost)
		canvas_put_glyph(c, right ? x0 + end : x1 - end, y,
		    CANVAS_G_LOST, CANVAS_R_ANOMALY | CANVAS_A_BOLD);
	else
		canvas_put_glyph(c, right ? x1 : x0, y,
		    right ? CANVAS_G_ARROW_RIGHT : CANVAS_G_ARROW_LEFT, attr);
	/*
	 * An annotation is a letter where the arrow leaves its sender, so
	 * it reads without colour: R retransmission, D dup ACK, W window,
	 * K keep-alive, O out of order, U unseen, ! bad RST or refused.
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
	view_segment_label_fit(label, sizeof label, tl, st, end - 4);
	lw = canvas_str_width(label);
	if (lw == 0)
		return;
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
	    view_seq_texts[VIEW_SEQ_T_TIMER] : view_seq_texts[VIEW_SEQ_T_APP],
	    ei != NULL ? ei->event : "?");
	x = role == CONN_CLIENT ? g->cl + 2 : g->sv - 1 -
	    canvas_str_width(text);
	canvas_put_glyph(c, role == CONN_CLIENT ? g->cl : g->sv, y,
	    CANVAS_G_BULLET, current ? CANVAS_R_EDGE : CANVAS_R_DIM);
	canvas_put_str(c, x, y, text, g->sv - g->cl - 3,
	    current ? CANVAS_R_CURSOR : CANVAS_R_DIM);
}

/* Seconds since the first row, "+12.345678", for the time column. */
static void
view_seq_time(struct canvas *c, const struct view_seq_geo *g, int y,
    int64_t t, int64_t t0)
{
	char	buf[32];
	int64_t	d = t - t0;

	if (g->tcol < 0)
		return;
	if (d < 0)
		d = 0;
	snprintf(buf, sizeof buf, "+%lld.%06lld",
	    (long long)(d / COMPAT_NS_PER_SEC),
	    (long long)(d % COMPAT_NS_PER_SEC / 1000));
	canvas_put_str(c, g->tcol, y, buf, 10, CANVAS_R_DIM);
}

/*
 * The timeline rows the ladder in r shows, first..last: the cursor's row
 * at the bottom, less ctx->scroll rows scrolled back. False when none
 * fits or there are none. The mouse maps a click with the same window.
 */
bool
view_seq_window(const struct canvas_rect *r, const struct view_ctx *ctx,
    size_t *first, size_t *last)
{
	const struct view_timeline	*tl = ctx->tl;
	int				 visible = r->h - VIEW_SEQ_TOP;

	size_t				 lo = view_timeline_first(tl);

	if (tl == NULL || visible < 1 || tl->count == 0)
		return false;
	*last = ctx->pos < tl->count ? ctx->pos : tl->count - 1;
	if (ctx->scroll > 0)
		*last = (size_t)ctx->scroll > *last ? 0 :
		    *last - (size_t)ctx->scroll;
	/* A demo's step 0 has no row: nothing has happened yet. */
	if (*last < lo)
		return false;
	*first = *last + 1 > (size_t)visible ? *last + 1 - (size_t)visible : 0;
	if (*first < lo)
		*first = lo;
	return true;
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
	char				 addr[EVENT_ADDR_STRLEN], head[96];
	size_t				 first, last, i;
	int				 y, cs, ss, hdr;

	(void)mode;
	if (tl == NULL || tl->conn == NULL || r->w < 24 || r->h < 4)
		return;
	canvas_set_clip(c, r);
	view_seq_geometry(&g, r);

	/* Header: each endpoint above its lifeline. */
	event_endpoint_format(addr, sizeof addr,
	    conn_endpoint(tl->conn, CONN_CLIENT));
	snprintf(head, sizeof head, "%s %s", view_seq_texts[VIEW_SEQ_T_CLIENT],
	    addr);
	canvas_put_str(c, g.cl - g.sw < r->x ? r->x : g.cl - g.sw, r->y, head,
	    (g.sv - g.cl) / 2 + g.sw, CANVAS_R_CLIENT | CANVAS_A_BOLD);
	event_endpoint_format(addr, sizeof addr,
	    conn_endpoint(tl->conn, CONN_SERVER));
	snprintf(head, sizeof head, "%s %s", view_seq_texts[VIEW_SEQ_T_SERVER],
	    addr);
	canvas_put_str_right(c, r->x + r->w, r->y, head,
	    (g.sv - g.cl) / 2 + g.sw, CANVAS_R_SERVER | CANVAS_A_BOLD);
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
	if (!view_seq_window(r, ctx, &first, &last)) {
		canvas_reset_clip(c);
		return;
	}

	for (i = first; i <= last; i++) {
		row = &tl->rows[i];
		y = r->y + VIEW_SEQ_TOP + (int)(i - first);
		view_seq_time(c, &g, y, row->t, tl->rows[0].t);
		if (row->seg != NULL)
			view_seq_arrow(c, &g, y, tl, row, i == ctx->pos);
		else
			view_seq_event(c, &g, y, row, i == ctx->pos);
		ct = view_timeline_last_tr(tl, i, CONN_CLIENT);
		st = view_timeline_last_tr(tl, i, CONN_SERVER);
		cs = ct != NULL ? view_timeline_state(tl, i, CONN_CLIENT) : -1;
		ss = st != NULL ? view_timeline_state(tl, i, CONN_SERVER) : -1;
		view_seq_states(c, &g, y, cs, ct != NULL ? ct->u.tr.known : -1,
		    ss, st != NULL ? st->u.tr.known : -1, i == ctx->pos);
	}
	canvas_reset_clip(c);
}
