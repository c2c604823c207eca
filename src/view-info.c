/*
 * view-info.c: the narration line (what just happened and why, with the
 * edge id and the RFC rule) and the help panel listing every key. Layer 3:
 * reads the timeline and fsm.h; draws on a canvas.
 *
 * All user-visible sentences are in the tables below so a translation can
 * replace them; widths are measured with canvas_str_width (wcwidth), never
 * with strlen.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"
#include "fsm.h"
#include "view.h"

/* Why each edge is taken, in one clause (RFC 9293 3.10). */
static const char *const view_info_why[FSM_EDGE_COUNT] = {
	[FSM_E01] = "its application called listen(): it waits for a SYN",
	[FSM_E02] = "its application called connect(): it sends a SYN",
	[FSM_E03] = "a SYN reached a listening socket: it answers SYN,ACK",
	[FSM_E04] = "data was sent on a listening socket: it sends a SYN",
	[FSM_E05] = "the listening socket was closed",
	[FSM_E06] = "a SYN crossed its own (simultaneous open): it answers "
	    "SYN,ACK",
	[FSM_E07] = "the SYN,ACK acknowledges its SYN: open, and it ACKs "
	    "the peer's SYN",
	[FSM_E08] = "the attempt ended: closed, timed out or refused by RST",
	[FSM_E09] = "the ACK covers its SYN: the three-way handshake is done",
	[FSM_E10] = "its application closed during the handshake: it sends "
	    "a FIN",
	[FSM_E11] = "a RST sends a passively opened connection back to LISTEN",
	[FSM_E12] = "its application closed: it sends a FIN (active close)",
	[FSM_E13] = "the peer's FIN arrived: it ACKs and waits for its "
	    "application (passive close)",
	[FSM_E14] = "its FIN is acknowledged; the peer may still send "
	    "(half-closed)",
	[FSM_E15] = "the peer's FIN crossed its own (simultaneous close)",
	[FSM_E16] = "the peer's FIN also acknowledges its own: straight to "
	    "TIME_WAIT",
	[FSM_E17] = "the peer's FIN arrived: it ACKs and waits 2*MSL",
	[FSM_E18] = "its FIN is acknowledged after a simultaneous close",
	[FSM_E19] = "its application closed too: it sends its FIN",
	[FSM_E20] = "its FIN is acknowledged: the connection is gone",
	[FSM_E21] = "2*MSL passed: TIME_WAIT ends",
	[FSM_E22] = "a RST (or an abort) ends the connection at once",
	[FSM_E23] = "a RST closes an actively opened connection",
};

/* Texts of the narration (kept together for translation). */
static const char *const view_info_texts[] = {
	"client",			/* 0 */
	"server",
	"",
	"Press space to play, right/left to step, ? for help.",
};

/* Format strings stay literal so the compiler checks their arguments. */
#define VIEW_INFO_T_NOCHANGE	"%s %s: no state change"
#define VIEW_INFO_T_NOTE	"note: %s"
#define VIEW_INFO_T_EDGE	"%s %s -> %s (%s %s / %s, %s): %s."

/* Every key, for the help panel. */
static const struct {
	const char	*key;
	const char	*text;
} view_info_keys[] = {
	{ "space", "pause / resume playback" },
	{ "right l", "step forward one segment" },
	{ "left h", "step back (moves the cursor; nothing is re-run)" },
	{ "n N", "next / previous state change" },
	{ "] [", "next / previous anomaly (annotation)" },
	{ "+ -", "faster / slower (0.1x .. 100x of real time)" },
	{ "g G", "go to the start / the end" },
	{ "f", "follow live input (jump to the newest)" },
	{ "Tab", "move the focus: ladder, graph, connections" },
	{ "c", "connection list (Enter opens one, s changes the sort)" },
	{ "up down", "scroll the ladder / move in the list" },
	{ "wheel", "scroll; a click selects a row or a state" },
	{ "p", "back to the scenario list (when started without a source)" },
	{ "? F1", "this help (any key closes it)" },
	{ "q", "quit" },
};

static const char *const view_info_help_title =
    "tcpviz keys (C = client state, S = server state)";

/* Join the clauses for one row into a sentence. */
char *
view_info_narrate(char *buf, size_t len, const struct view_ctx *ctx)
{
	const struct view_timeline	*tl = ctx->tl;
	const struct view_row		*row;
	const struct fsm_edge_info	*ei;
	const struct conn_step		*st;
	char				 label[96], reason[256], ann[160];
	size_t				 off = 0, i;
	int				 e, n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (ctx->narration != NULL && ctx->narration[0] != '\0')
		off = (size_t)snprintf(buf, len, "%s ", ctx->narration);
	if (tl == NULL || tl->count == 0 || ctx->pos >= tl->count) {
		if (off < len)
			snprintf(buf + off, len - off, "%s", view_info_texts[3]);
		return buf;
	}
	row = &tl->rows[ctx->pos];
	if (row->seg != NULL && row->ntr == 0 && off < len) {
		view_segment_label(label, sizeof label, tl, row->seg);
		off += (size_t)snprintf(buf + off, len - off, VIEW_INFO_T_NOCHANGE,
		    view_info_texts[row->seg->role == CONN_SERVER], label);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, ". ");
	}
	for (i = 0; i < row->ntr && off < len; i++) {
		st = row->tr[i];
		e = st->u.tr.edge;
		ei = fsm_edge_info((enum fsm_edge)e);
		n = snprintf(buf + off, len - off, VIEW_INFO_T_EDGE,
		    view_info_texts[st->role == CONN_SERVER],
		    st->u.tr.from >= 0 ?
		    fsm_state_name((enum fsm_state)st->u.tr.from) : "-",
		    fsm_state_name((enum fsm_state)st->u.tr.to),
		    ei != NULL ? ei->id : "-", ei != NULL ? ei->event : "",
		    ei != NULL ? ei->action : "", ei != NULL ? ei->rfc : "",
		    fsm_edge_valid(e) && view_info_why[e] != NULL ?
		    view_info_why[e] : conn_known_name(
		    (enum conn_known)st->u.tr.known));
		if (n < 0)
			break;
		off += (size_t)n;
		if (ctx->reason != NULL && off < len &&
		    ctx->reason(ctx->reason_arg, tl->conn, st, reason,
		    sizeof reason) != NULL && reason[0] != '\0')
			off += (size_t)snprintf(buf + off, len - off, " [%s]",
			    reason);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, " ");
	}
	if (row->ann != 0 && off < len) {
		conn_annotations_format(ann, sizeof ann, row->ann,
		    row->seg != NULL ? row->seg->dupack : 0);
		snprintf(buf + off, len - off, VIEW_INFO_T_NOTE, ann);
	}
	return buf;
}

/* Word-wrap text into rows y .. y+h-1 of width w; returns rows used. */
static int
view_info_wrap(struct canvas *c, int x, int y, int w, int h,
    const char *text, unsigned attr)
{
	char	line[512];
	size_t	len = strlen(text), start = 0, end, brk;
	int	rows = 0;

	while (start < len && rows < h) {
		while (text[start] == ' ')
			start++;
		/* The longest prefix that fits, cut at a space if one. */
		end = start;
		brk = 0;
		while (end < len) {
			size_t n = end - start + 1;

			if (n >= sizeof line)
				break;
			memcpy(line, text + start, n);
			line[n] = '\0';
			if (canvas_str_width(line) > w)
				break;
			if (text[end] == ' ')
				brk = end;
			end++;
		}
		if (end < len && brk > start && rows < h - 1)
			end = brk;
		if (end == start)
			break;
		memcpy(line, text + start, end - start);
		line[end - start] = '\0';
		canvas_put_str(c, x, y + rows, line, w, attr);
		rows++;
		start = end;
	}
	return rows;
}

/* The narration, and in larger layouts what the lit states mean. */
void
view_info_draw(struct canvas *c, const struct canvas_rect *r,
    const struct view_ctx *ctx, enum layout_mode mode)
{
	char		 text[1024], line[256];
	int		 used, s, role;
	size_t		 off = 0;

	if (r->h <= 0 || r->w <= 2)
		return;
	canvas_set_clip(c, r);
	canvas_hline(c, r->x, r->y, r->w, CANVAS_G_HLINE, CANVAS_R_DIM);
	view_info_narrate(text, sizeof text, ctx);
	used = view_info_wrap(c, r->x + 1, r->y + 1, r->w - 2,
	    mode == LAYOUT_COMPACT ? r->h - 1 : r->h - 2, text,
	    CANVAS_R_NORMAL | CANVAS_A_BOLD);
	if (mode != LAYOUT_COMPACT && ctx->tl != NULL &&
	    ctx->tl->count > 0 && r->h - 1 > used) {
		line[0] = '\0';
		for (role = 0; role < 2; role++) {
			s = view_timeline_state(ctx->tl, ctx->pos,
			    (enum conn_role)role);
			if (!fsm_state_valid(s) || off >= sizeof line)
				continue;
			off += (size_t)snprintf(line + off, sizeof line - off,
			    "%s%s", role == 0 ? "" : "  |  ",
			    view_info_texts[role]);
			if (off < sizeof line)
				off += (size_t)snprintf(line + off,
				    sizeof line - off, " %s: %s",
				    fsm_state_name((enum fsm_state)s),
				    fsm_states[s].meaning);
		}
		canvas_put_str(c, r->x + 1, r->y + r->h - 1, line, r->w - 2,
		    CANVAS_R_DIM);
	}
	canvas_reset_clip(c);
}

/* The help panel: a framed list of every key. */
void
view_info_help(struct canvas *c, const struct canvas_rect *r)
{
	size_t	i;
	int	y;

	if (r->w < 20 || r->h < 4)
		return;
	canvas_set_clip(c, r);
	canvas_fill(c, r, CANVAS_R_NORMAL);
	canvas_box(c, r, CANVAS_R_TITLE);
	canvas_put_str(c, r->x + 2, r->y, view_info_help_title, r->w - 4,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	for (i = 0, y = r->y + 1; i < COMPAT_NITEMS(view_info_keys) &&
	    y < r->y + r->h - 1; i++, y++) {
		canvas_put_str(c, r->x + 2, y, view_info_keys[i].key, 9,
		    CANVAS_R_KEY | CANVAS_A_BOLD);
		canvas_put_str(c, r->x + 12, y, view_info_keys[i].text,
		    r->w - 14, CANVAS_R_NORMAL);
	}
	canvas_reset_clip(c);
}
