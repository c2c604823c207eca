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

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "engine.h"
#include "event.h"
#include "fsm.h"
#include "i18n.h"
#include "keymap.h"
#include "view.h"

/* Why each edge is taken, in one clause (RFC 9293 3.10). */
static const char *const view_info_why[FSM_EDGE_COUNT] = {
	[FSM_E01] = N_("its application called listen(): it waits for a SYN"),
	[FSM_E02] = N_("its application called connect(): it sends a SYN"),
	[FSM_E03] = N_("a SYN reached a listening socket: it answers SYN,ACK"),
	[FSM_E04] = N_("data was sent on a listening socket: it sends a SYN"),
	[FSM_E05] = N_("the listening socket was closed"),
	[FSM_E06] = N_("a SYN crossed its own (simultaneous open): it answers "
	    "SYN,ACK"),
	[FSM_E07] = N_("the SYN,ACK acknowledges its SYN: open, and it ACKs "
	    "the peer's SYN"),
	[FSM_E08] = N_("the attempt ended: closed, timed out or refused by "
	    "RST"),
	[FSM_E09] = N_("the ACK covers its SYN: the three-way handshake is "
	    "done"),
	[FSM_E10] = N_("its application closed during the handshake: it sends "
	    "a FIN"),
	[FSM_E11] = N_("a RST sends a passively opened connection back to "
	    "LISTEN"),
	[FSM_E12] = N_("its application closed: it sends a FIN (active "
	    "close)"),
	[FSM_E13] = N_("the peer's FIN arrived: it ACKs and waits for its "
	    "application (passive close)"),
	[FSM_E14] = N_("its FIN is acknowledged; the peer may still send "
	    "(half-closed)"),
	[FSM_E15] = N_("the peer's FIN crossed its own (simultaneous close)"),
	[FSM_E16] = N_("the peer's FIN also acknowledges its own: straight to "
	    "TIME_WAIT"),
	[FSM_E17] = N_("the peer's FIN arrived: it ACKs and waits 2*MSL"),
	[FSM_E18] = N_("its FIN is acknowledged after a simultaneous close"),
	[FSM_E19] = N_("its application closed too: it sends its FIN"),
	[FSM_E20] = N_("its FIN is acknowledged: the connection is gone"),
	[FSM_E21] = N_("2*MSL passed: TIME_WAIT ends"),
	[FSM_E22] = N_("a RST, an abort or its retries running out end the "
	    "connection"),
	[FSM_E23] = N_("a RST closes an actively opened connection"),
};

/* Texts of the narration (kept together for translation). */
enum view_info_text {
	VIEW_INFO_T_CLIENT,
	VIEW_INFO_T_SERVER,
	VIEW_INFO_T_HINT,
	VIEW_INFO_T_SEP,	/* between the two states */
	VIEW_INFO_T_COUNT
};

static const char *const view_info_texts[VIEW_INFO_T_COUNT] = {
	[VIEW_INFO_T_CLIENT] = N_("client"),
	[VIEW_INFO_T_SERVER] = N_("server"),
	[VIEW_INFO_T_HINT] =
	    N_("Press space to play, right/left to step, ? for help."),
	[VIEW_INFO_T_SEP] = "  |  ",
};

/* "client" or "server" for a role. */
static const char *
view_info_who(unsigned role)
{
	return _(view_info_texts[role == CONN_SERVER ? VIEW_INFO_T_SERVER :
	    VIEW_INFO_T_CLIENT]);
}

/*
 * Format strings stay literal inside _() so the compiler checks their
 * arguments against the English (i18n_text is a format_arg function).
 * The arguments: who, the state before, the state after, then the edge
 * id, its event and action, the RFC section and why; a translation may
 * reorder them with %1$s.
 */
#define VIEW_INFO_T_NOCHANGE	_("%s %s: no state change.")
#define VIEW_INFO_T_NOTE	_("note: %s")
#define VIEW_INFO_T_EDGE	_("%s %s -> %s (%s %s / %s, %s): %s.")
#define VIEW_INFO_T_MEDIUM	_("%s %s -> %s (%s %s / %s).")
#define VIEW_INFO_T_SHORT	_("%s %s -> %s (%s).")
#define VIEW_INFO_T_BARE	_("%s %s -> %s: %s.")
/* who, a state, what it means */
#define VIEW_INFO_T_STATE	_("%s %s: %s")
/* the client's state, the server's */
#define VIEW_INFO_T_STEP0	_("Step 0, before the first segment: client " \
	"%s, server %s. Space or right: the next step.")

/* After the keys (keymap.c), what the marks on the screen mean. */
static const struct {
	const char	*key;
	const char	*text;
} view_info_legend[] = {
	{ "LISTEN*",
	    N_("a state never on the wire (implied); SYN_RCVD? not sure "
	    "yet") },
	{ "R D W K",
	    N_("on an arrow: retransmit, dup ACK, window, keep-alive") },
	{ "O U !", N_("out of order, unseen segment, bad RST or refused") },
};

/* The key column of the help panel ("c Esc Enter s"). */
#define VIEW_INFO_KEYS_W	14

static const char *const view_info_help_title =
    N_("tcpviz keys (C = client state, S = server state)");

/*
 * How much of the narration to keep. The scenario's note (the teacher's
 * sentence) always comes first; what follows is shortened a level at a
 * time until the whole text fits the rows there are.
 */
enum view_info_level {
	VIEW_INFO_FULL,		/* note, sentences, engine reasons, notes */
	VIEW_INFO_NO_REASON,	/* without the engine's reasons */
	VIEW_INFO_MEDIUM,	/* "client A -> B (E07 rcv SYN / snd ACK)" */
	VIEW_INFO_SHORT,	/* "client A -> B (E07)" */
	VIEW_INFO_NOTE,		/* the note (or the short form) alone */
	VIEW_INFO_LEVELS
};

/*
 * The texts of a set of annotations, translated, joined with ", " (as
 * conn_annotations_format, which batch output keeps in English).
 */
static void
view_info_annotations(char *buf, size_t len, uint32_t ann, unsigned dupack)
{
	size_t	off = 0;
	int	n, i;

	buf[0] = '\0';
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(ann & (UINT32_C(1) << i)))
			continue;
		n = snprintf(buf + off, len - off, "%s%s", off == 0 ? "" :
		    _(", "),
		    _(conn_annotation_text((enum conn_annotation_bit)i)));
		if (n >= 0 && i == CONN_ANNB_DUP_ACK && dupack != 0 &&
		    (size_t)n < len - off)
			n += snprintf(buf + off + (size_t)n, len - off -
			    (size_t)n, " #%u", dupack);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
}

/* One row's narration at one level of detail. */
static void
view_info_compose(char *buf, size_t len, const struct view_ctx *ctx,
    enum view_info_level lv)
{
	const struct view_timeline	*tl = ctx->tl;
	const struct view_row		*row;
	const struct fsm_edge_info	*ei;
	const struct conn_step		*st;
	char				 label[96], reason[256], ann[160];
	const char			*who, *from, *to, *why;
	size_t				 off = 0, i;
	bool				 note;
	int				 e, n;

	buf[0] = '\0';
	note = ctx->narration != NULL && ctx->narration[0] != '\0';
	if (note)
		off = (size_t)snprintf(buf, len, "%s", ctx->narration);
	if (tl == NULL || tl->count == 0 || ctx->pos >= tl->count) {
		if (off < len) {
			off = view_text_sep(buf, off, len);
			snprintf(buf + off, len - off, "%s",
			    _(view_info_texts[VIEW_INFO_T_HINT]));
		}
		return;
	}
	if (note && lv == VIEW_INFO_NOTE)
		return;
	row = &tl->rows[ctx->pos];
	/* A demo's step 0: the world before anything was sent. */
	if (ctx->pos < view_timeline_first(tl) && off < len &&
	    lv < VIEW_INFO_NOTE) {
		if (off > 0 && off + 1 < len)
			buf[off++] = ' ';
		snprintf(buf + off, len - off, VIEW_INFO_T_STEP0,
		    fsm_state_name((enum fsm_state)
		    view_timeline_state(tl, 0, CONN_CLIENT)),
		    fsm_state_name((enum fsm_state)
		    view_timeline_state(tl, 0, CONN_SERVER)));
		return;
	}
	if (row->seg != NULL && row->ntr == 0 && off < len) {
		/* Short forms name the flags alone. */
		if (lv >= VIEW_INFO_SHORT)
			event_flags_format(label, sizeof label,
			    row->seg->u.seg.flags);
		else
			view_segment_label(label, sizeof label, tl, row->seg);
		off = view_text_sep(buf, off, len);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off,
			    VIEW_INFO_T_NOCHANGE,
			    view_info_who(row->seg->role), label);
	}
	for (i = 0; i < row->ntr && off < len; i++) {
		st = row->tr[i];
		e = st->u.tr.edge;
		ei = fsm_edge_info((enum fsm_edge)e);
		who = view_info_who(st->role);
		from = st->u.tr.from >= 0 ?
		    fsm_state_name((enum fsm_state)st->u.tr.from) : "-";
		to = fsm_state_name((enum fsm_state)st->u.tr.to);
		why = fsm_edge_valid(e) && view_info_why[e] != NULL ?
		    _(view_info_why[e]) : _(conn_known_name(
		    (enum conn_known)st->u.tr.known));
		if (off < len)
			off = view_text_sep(buf, off, len);
		if (off >= len)
			break;
		if (ei == NULL)
			n = snprintf(buf + off, len - off, VIEW_INFO_T_BARE,
			    who, from, to, why);
		else if (lv <= VIEW_INFO_NO_REASON)
			n = snprintf(buf + off, len - off, VIEW_INFO_T_EDGE,
			    who, from, to, ei->id, ei->event, ei->action,
			    ei->rfc, why);
		else if (lv == VIEW_INFO_MEDIUM)
			n = snprintf(buf + off, len - off, VIEW_INFO_T_MEDIUM,
			    who, from, to, ei->id, ei->event, ei->action);
		else
			n = snprintf(buf + off, len - off, VIEW_INFO_T_SHORT,
			    who, from, to, ei->id);
		if (n < 0)
			break;
		off += (size_t)n;
		/* The engine's reason, kept in the step (engine.h). */
		if (lv == VIEW_INFO_FULL && off < len &&
		    st->u.tr.reason != ENGINE_R_NONE &&
		    engine_step_reason(reason, sizeof reason, st)[0] != '\0')
			off += (size_t)snprintf(buf + off, len - off, " [%s]",
			    reason);
	}
	if (row->ann != 0 && off < len && lv < VIEW_INFO_NOTE) {
		view_info_annotations(ann, sizeof ann, row->ann,
		    row->seg != NULL ? row->seg->dupack : 0);
		off = view_text_sep(buf, off, len);
		if (off < len)
			snprintf(buf + off, len - off, VIEW_INFO_T_NOTE, ann);
	}
}

/* Join the clauses for one row into a sentence (the fullest form). */
char *
view_info_narrate(char *buf, size_t len, const struct view_ctx *ctx)
{
	if (len == 0)
		return buf;
	view_info_compose(buf, len, ctx, VIEW_INFO_FULL);
	return buf;
}

/* Does s start with punctuation that must not begin a line (，。：)? */
static bool
view_info_closer(const char *s, size_t len)
{
	static const uint32_t	closers[] = {
		0x3001, 0x3002, 0xff0c, 0xff1a, 0xff1b, 0xff09, 0xff01,
		0xff1f, 0x201d, 0x2019, 0x300b, 0x3011, 0x2026,
	};
	uint32_t		cp;
	size_t			i;

	if (len == 0)
		return false;
	(void)canvas_utf8_decode(s, len, &cp);
	for (i = 0; i < COMPAT_NITEMS(closers); i++) {
		if (cp == closers[i])
			return true;
	}
	return false;
}

/*
 * Word-wrap text into rows y .. y+h-1 of width w; returns the rows the
 * whole text needs (more than h if it was cut). With c NULL nothing is
 * drawn: the count alone. Widths come from wcwidth, character by
 * character, so a double-width character is never split; a line breaks
 * at the last space that fits, or anywhere for text without spaces.
 */
int
view_info_wrap(struct canvas *c, int x, int y, int w, int h,
    const char *text, unsigned attr)
{
	char		 line[512];
	size_t		 len = strlen(text), start = 0, end, brk, n;
	uint32_t	 cp;
	int		 rows = 0, used, cw;

	if (w <= 0)
		return len > 0 ? INT_MAX / 2 : 0;
	while (start < len && rows < 1000) {
		while (start < len && text[start] == ' ')
			start++;
		if (start >= len)
			break;
		end = start;
		brk = 0;
		used = 0;
		while (end < len) {
			n = canvas_utf8_decode(text + end, len - end, &cp);
			cw = canvas_wcwidth(cp);
			if (cw < 0)
				cw = 1;
			if (used + cw > w || end + n - start >= sizeof line)
				break;
			if (text[end] == ' ')
				brk = end;
			used += cw;
			end += n;
			/*
			 * Chinese needs no space: a line may end after
			 * a wide character, unless closing punctuation
			 * follows (it never starts a line).
			 */
			if (cw == 2 && !view_info_closer(text + end,
			    len - end))
				brk = end;
		}
		if (end < len && text[end] != ' ' && brk > start)
			end = brk;
		if (end == start) {
			/* One character wider than the row: skip it. */
			end += canvas_utf8_decode(text + end, len - end, &cp);
			start = end;
			continue;
		}
		if (c != NULL && rows < h) {
			memcpy(line, text + start, end - start);
			line[end - start] = '\0';
			canvas_put_str(c, x, y + rows, line, w, attr);
		}
		rows++;
		start = end;
	}
	return rows;
}

/*
 * Cut text at a word boundary to fit maxw columns, marking the cut with
 * "..." (the text fits already: copied whole).
 */
static void
view_info_clip_words(char *out, size_t len, const char *text, int maxw)
{
	size_t		 tlen = strlen(text), off = 0, brk = 0, n;
	uint32_t	 cp;
	int		 used = 0, cw;

	if (len == 0)
		return;
	if (canvas_str_width(text) <= maxw) {
		snprintf(out, len, "%s", text);
		return;
	}
	while (off < tlen) {
		n = canvas_utf8_decode(text + off, tlen - off, &cp);
		cw = canvas_wcwidth(cp);
		if (cw < 0)
			cw = 1;
		if (used + cw > maxw - 3)
			break;
		if (text[off] == ' ' || text[off] == ',' || text[off] == ';')
			brk = off;
		used += cw;
		off += n;
	}
	if (brk > 0)
		off = brk;
	if (off >= len - 3)
		off = len > 4 ? len - 4 : 0;
	memcpy(out, text, off);
	snprintf(out + off, len - off, "...");
}

/* "client ESTABLISHED: open; data flows both ways", fitted to maxw. */
static void
view_info_state_part(char *out, size_t len, int role, int s, int maxw)
{
	char	full[256];

	snprintf(full, sizeof full, VIEW_INFO_T_STATE, view_info_who(role),
	    fsm_state_name((enum fsm_state)s), _(fsm_states[s].meaning));
	if (canvas_str_width(full) > maxw) {
		/* Too narrow for the meaning at all: the name alone. */
		snprintf(full, sizeof full, "%s %s", view_info_who(role),
		    fsm_state_name((enum fsm_state)s));
		if (canvas_str_width(full) + 8 < maxw) {
			snprintf(full, sizeof full, VIEW_INFO_T_STATE,
			    view_info_who(role),
			    fsm_state_name((enum fsm_state)s),
			    _(fsm_states[s].meaning));
			view_info_clip_words(out, len, full, maxw);
			return;
		}
	}
	snprintf(out, len, "%s", full);
}

/* The line saying what each lit state means, shared fairly in w columns. */
static void
view_info_states(struct canvas *c, int x, int y, int w,
    const struct view_ctx *ctx)
{
	char		 part[2][256], line[600];
	const char	*sep = view_info_texts[VIEW_INFO_T_SEP];
	int		 s[2], need[2], avail, give[2], role;

	for (role = 0; role < 2; role++) {
		s[role] = view_timeline_state(ctx->tl, ctx->pos,
		    (enum conn_role)role);
		part[role][0] = '\0';
		need[role] = 0;
		if (!fsm_state_valid(s[role]))
			continue;
		view_info_state_part(part[role], sizeof part[role], role,
		    s[role], INT_MAX);
		need[role] = canvas_str_width(part[role]);
	}
	avail = w - (need[0] > 0 && need[1] > 0 ? canvas_str_width(sep) : 0);
	if (need[0] + need[1] > avail) {
		/* Whoever needs less than half keeps it; the other the rest. */
		give[0] = give[1] = avail / 2;
		if (need[0] < give[0])
			give[1] = avail - need[0];
		else if (need[1] < give[1])
			give[0] = avail - need[1];
		for (role = 0; role < 2; role++) {
			if (need[role] > 0)
				view_info_state_part(part[role],
				    sizeof part[role], role, s[role],
				    give[role]);
		}
	}
	snprintf(line, sizeof line, "%s%s%s", part[0],
	    part[0][0] != '\0' && part[1][0] != '\0' ? sep : "", part[1]);
	canvas_put_str_cut(c, x, y, line, w, CANVAS_R_DIM);
}

/*
 * Even the note alone needs more rows than there are: keep the longest
 * start of it (whole characters) that fits with an ellipsis after it, so
 * a cut sentence says that it is cut.
 */
static void
view_info_cut(char *text, size_t size, int w, int h, bool ascii)
{
	const char	*dots = ascii ? "..." : "\xe2\x80\xa6";
	char		 save[4];	/* the dots and their NUL */
	size_t		 lo = 0, hi = strlen(text), mid, dl = strlen(dots);

	if (size < dl + 1)
		return;
	if (hi > size - dl - 1)
		hi = size - dl - 1;
	/* The longest prefix whose wrap, dots added, takes h rows. */
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		while (mid > lo && ((unsigned char)text[mid] & 0xc0) == 0x80)
			mid--;
		if (mid == lo)
			break;
		memcpy(save, text + mid, dl + 1);
		memcpy(text + mid, dots, dl + 1);
		if (view_info_wrap(NULL, 0, 0, w, h, text, 0) <= h)
			lo = mid;
		else
			hi = mid - 1;
		memcpy(text + mid, save, dl + 1);
	}
	while (lo > 0 && ((unsigned char)text[lo] & 0xc0) == 0x80)
		lo--;
	/* Not after a space: the dots end the last word shown. */
	while (lo > 0 && text[lo - 1] == ' ')
		lo--;
	memcpy(text + lo, dots, dl + 1);
}

/* The narration, and in larger layouts what the lit states mean. */
void
view_info_draw(struct canvas *c, const struct canvas_rect *r,
    const struct view_ctx *ctx, enum layout_mode mode)
{
	char			 text[1024];
	enum view_info_level	 lv;
	int			 h, w = r->w - 2, rule;
	bool			 states;

	if (r->h < (ctx->info_norule ? 1 : 2) || r->w <= 2)
		return;
	canvas_set_clip(c, r);
	/* Without a rule (24 rows or fewer) the text starts on row 0. */
	rule = ctx->info_norule ? 0 : 1;
	if (rule)
		canvas_hline(c, r->x, r->y, r->w, CANVAS_G_HLINE,
		    CANVAS_R_DIM);
	/* The states line only where the narration keeps two rows. */
	states = mode != LAYOUT_COMPACT && ctx->tl != NULL &&
	    ctx->tl->count > 0 && r->h >= 4;
	h = r->h - rule - (states ? 1 : 0);
	for (lv = VIEW_INFO_FULL; lv < VIEW_INFO_LEVELS; lv++) {
		view_info_compose(text, sizeof text, ctx, lv);
		if (view_info_wrap(NULL, 0, 0, w, h, text, 0) <= h)
			break;
	}
	if (lv == VIEW_INFO_LEVELS)
		view_info_cut(text, sizeof text, w, h, c->ascii);
	view_info_wrap(c, r->x + 1, r->y + rule, w, h, text,
	    CANVAS_R_NORMAL | CANVAS_A_BOLD);
	if (states)
		view_info_states(c, r->x + 1, r->y + r->h - 1, w, ctx);
	canvas_reset_clip(c);
}

/* One row of the help panel: keys, then what they do. */
static void
view_info_help_row(struct canvas *c, const struct canvas_rect *r, int y,
    const char *keys, const char *text)
{
	canvas_put_str_cut(c, r->x + 2, y, keys, VIEW_INFO_KEYS_W,
	    CANVAS_R_KEY | CANVAS_A_BOLD);
	canvas_put_str_cut(c, r->x + 3 + VIEW_INFO_KEYS_W, y, _(text),
	    r->w - 5 - VIEW_INFO_KEYS_W, CANVAS_R_NORMAL);
}

/*
 * Text wrapped at y across the panel's inner width when it fits whole
 * in the rows left; the row after it (or y unchanged).
 */
static int
view_info_help_text(struct canvas *c, const struct canvas_rect *r, int y,
    const char *text)
{
	int	w = r->w - 4, left = r->y + r->h - 1 - y, n;

	n = view_info_wrap(NULL, 0, 0, w, left, text, 0);
	if (left < 1 || n > left)
		return y;
	view_info_wrap(c, r->x + 2, y, w, n, text, CANVAS_R_NORMAL);
	return y + n;
}

/* The help panel: every key, then the filters where rows are left. */
void
view_info_help(struct canvas *c, const struct canvas_rect *r,
    const struct view_ctx *ctx)
{
	const char		*text;
	char			 keys[64], f[EVENT_FILTER_STRLEN];
	char			 line[EVENT_FILTER_STRLEN + 16];
	struct event_key	 k;
	size_t			 i;
	int			 y;

	if (r->w < 20 || r->h < 4)
		return;
	canvas_set_clip(c, r);
	canvas_fill(c, r, CANVAS_R_NORMAL);
	canvas_box(c, r, CANVAS_R_TITLE);
	canvas_put_str_cut(c, r->x + 2, r->y, _(view_info_help_title),
	    r->w - 4, CANVAS_R_TITLE | CANVAS_A_BOLD);
	/* Every key from the one table that also drives them (keymap.c). */
	for (i = 0, y = r->y + 1; y < r->y + r->h - 1 &&
	    keymap_help_row(i, keys, sizeof keys, &text); i++, y++)
		view_info_help_row(c, r, y, keys, text);
	for (i = 0; i < COMPAT_NITEMS(view_info_legend) &&
	    y < r->y + r->h - 1; i++, y++)
		view_info_help_row(c, r, y, view_info_legend[i].key,
		    view_info_legend[i].text);
	/*
	 * What y copies, and the BPF form, to read or type (issue 17),
	 * wrapped between words; each only where it fits whole.
	 */
	if (ctx != NULL && ctx->tl != NULL && ctx->tl->conn != NULL) {
		event_key_from(&k, conn_endpoint(ctx->tl->conn, CONN_CLIENT),
		    conn_endpoint(ctx->tl->conn, CONN_SERVER));
		snprintf(line, sizeof line, _("Wireshark: %s"),
		    event_filter_display(f, sizeof f, &k));
		y = view_info_help_text(c, r, y, line);
		snprintf(line, sizeof line, _("BPF: %s"),
		    event_filter_bpf(f, sizeof f, &k));
		(void)view_info_help_text(c, r, y, line);
	}
	canvas_reset_clip(c);
}
