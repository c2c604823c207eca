/*
 * view.c: the timeline the views share (one connection's history cut into
 * rows), the symbolic segment labels, and the whole-screen composition.
 * Layer 3: reads conn.h and fsm.h through const pointers; no curses.
 *
 * Invariant: a timeline only points into the history it was built from;
 * rebuild it after the engine has been fed (history rings move).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"
#include "view.h"
#include "xmalloc.h"

/* How far back a transition looks for the segment that caused it. */
#define VIEW_ATTACH_BACK	64
/* How far ahead a transition looks for its segment. */
#define VIEW_LOOK_AHEAD		8

/* A fresh row at the end of the timeline. */
static struct view_row *
view_timeline_add(struct view_timeline *tl)
{
	struct view_row	*row;

	if (tl->count == tl->cap) {
		tl->cap = tl->cap == 0 ? 64 : tl->cap * 2;
		tl->rows = xreallocarray(tl->rows, tl->cap, sizeof *tl->rows);
	}
	row = &tl->rows[tl->count++];
	memset(row, 0, sizeof *row);
	return row;
}

/* J and K: a role's first SYN sequence number, else the first seen. */
static void
view_timeline_base(struct view_timeline *tl, const struct conn_step *st)
{
	int	role = st->role == CONN_SERVER;

	if ((st->u.seg.flags & SEGF_SYN) && !tl->syn_seen[role]) {
		tl->base[role] = st->u.seg.seq;
		tl->has_base[role] = true;
		tl->syn_seen[role] = true;
	} else if (!tl->has_base[role]) {
		tl->base[role] = st->u.seg.seq;
		tl->has_base[role] = true;
	}
}

/*
 * The row holding the segment a transition came from, or NULL. It is not
 * before min, the row of the endpoint's previous transition: a scenario
 * line can stand behind several segments (a simultaneous open's SYNs), and
 * an endpoint's states must read down the ladder in the order it took them.
 */
static struct view_row *
view_timeline_owner(struct view_timeline *tl, const struct conn_step *st,
    size_t min)
{
	size_t	i, n = 0;

	if (st->frame == 0)
		return NULL;
	for (i = tl->count; i-- > min && n++ < VIEW_ATTACH_BACK;) {
		if (tl->rows[i].seg != NULL && tl->rows[i].seg->frame == st->frame)
			return &tl->rows[i];
	}
	return NULL;
}

/*
 * A sender's transition is recorded just before the segment that shows
 * it: look a few steps ahead for that segment and give it its row now.
 */
static struct view_row *
view_timeline_ahead(struct view_timeline *tl, const struct conn_history *h,
    size_t i, size_t n, const struct conn_step *tr)
{
	const struct conn_step	*st;
	struct view_row		*row;
	size_t			 j;

	if (tr->frame == 0)
		return NULL;
	for (j = i + 1; j < n && j <= i + VIEW_LOOK_AHEAD; j++) {
		st = conn_history_at(h, j);
		if (st->kind != CONN_STEP_SEGMENT || st->frame != tr->frame)
			continue;
		row = view_timeline_add(tl);
		row->seg = st;
		row->t = st->t;
		row->ann = st->ann;
		view_timeline_base(tl, st);
		return row;
	}
	return NULL;
}

/* Was this segment step given a row already (by the look-ahead)? */
static bool
view_timeline_has_seg(const struct view_timeline *tl,
    const struct conn_step *st)
{
	size_t	i, k = 0;

	for (i = tl->count; i-- > 0 && k++ < VIEW_LOOK_AHEAD + 1;) {
		if (tl->rows[i].seg == st)
			return true;
	}
	return false;
}

/* Cut a connection's history into rows. */
void
view_timeline_build(struct view_timeline *tl, const struct conn *c)
{
	const struct conn_step	*st;
	struct view_row		*row;
	size_t			 i, n, min[2] = { 0, 0 };
	int			 role;

	tl->count = 0;
	tl->conn = c;
	tl->initial[0] = tl->initial[1] = -1;
	tl->has_base[0] = tl->has_base[1] = false;
	tl->syn_seen[0] = tl->syn_seen[1] = false;
	if (c == NULL)
		return;
	if (tl->start)
		(void)view_timeline_add(tl);	/* step 0: before anything */
	n = conn_history_count(c->hist);
	for (i = 0; i < n; i++) {
		st = conn_history_at(c->hist, i);
		role = st->role == CONN_SERVER;
		if (st->kind == CONN_STEP_SEGMENT) {
			if (view_timeline_has_seg(tl, st))
				continue;	/* pulled ahead already */
			row = view_timeline_add(tl);
			row->seg = st;
			row->t = st->t;
			row->ann = st->ann;
			view_timeline_base(tl, st);
			continue;
		}
		/* An implied state before any segment is where it starts. */
		if (tl->count == view_timeline_first(tl) &&
		    st->u.tr.known == CONN_KNOWN_IMPLIED) {
			tl->initial[role] = st->u.tr.to;
			continue;
		}
		row = view_timeline_owner(tl, st, min[role]);
		if (row == NULL)
			row = view_timeline_ahead(tl, c->hist, i, n, st);
		if (row == NULL || row->ntr == VIEW_ROW_TR_MAX) {
			row = view_timeline_add(tl);
			row->t = st->t;
		}
		row->tr[row->ntr++] = st;
		row->ann |= st->ann;
		min[role] = (size_t)(row - tl->rows);
	}
	/* Step 0 is dated with the first segment (+0 on the clock). */
	if (tl->start && tl->count > 1)
		tl->rows[0].t = tl->rows[1].t;
	for (role = 0; role < 2; role++) {
		if (c->end[role].tcb.flags & CONN_TCB_HAS_ISS) {
			tl->base[role] = c->end[role].tcb.iss;
			tl->has_base[role] = true;
		}
		if (tl->initial[role] >= 0)
			continue;
		/*
		 * Else the state the first transition left, unless that
		 * transition was implied (LISTEN before the SYN came, a
		 * connection joined mid-stream): the endpoint was already
		 * there when the first segment was seen.
		 */
		for (i = 0; i < tl->count && tl->initial[role] < 0; i++) {
			for (n = 0; n < tl->rows[i].ntr; n++) {
				st = tl->rows[i].tr[n];
				if ((st->role == CONN_SERVER) != role)
					continue;
				if (st->u.tr.known == CONN_KNOWN_IMPLIED)
					tl->initial[role] = st->u.tr.to;
				else
					tl->initial[role] = st->u.tr.from >= 0 ?
					    st->u.tr.from : FSM_CLOSED;
				break;
			}
		}
		if (tl->initial[role] < 0)
			tl->initial[role] = (int8_t)conn_state(c,
			    (enum conn_role)role);
	}
}

size_t
view_timeline_first(const struct view_timeline *tl)
{
	return tl != NULL && tl->start && tl->count > 0 ? 1 : 0;
}

void
view_timeline_clear(struct view_timeline *tl)
{
	free(tl->rows);
	memset(tl, 0, sizeof *tl);
}

/* The last transition of a role within one row. */
const struct conn_step *
view_timeline_last_tr(const struct view_timeline *tl, size_t pos,
    enum conn_role role)
{
	const struct view_row	*row;
	size_t			 i;

	if (tl == NULL || pos >= tl->count)
		return NULL;
	row = &tl->rows[pos];
	for (i = row->ntr; i-- > 0;) {
		if ((row->tr[i]->role == CONN_SERVER) == (role == CONN_SERVER))
			return row->tr[i];
	}
	return NULL;
}

/* The state of a role after row pos. */
int
view_timeline_state(const struct view_timeline *tl, size_t pos,
    enum conn_role role)
{
	const struct conn_step	*st;
	size_t			 i;

	if (tl == NULL)
		return -1;
	if (tl->count == 0)
		return tl->initial[role == CONN_SERVER];
	if (pos >= tl->count)
		pos = tl->count - 1;
	for (i = pos + 1; i-- > 0;) {
		st = view_timeline_last_tr(tl, i, role);
		if (st != NULL)
			return st->u.tr.to;
	}
	return tl->initial[role == CONN_SERVER];
}

/* Did any state change in row i? */
bool
view_timeline_is_change(const struct view_timeline *tl, size_t i)
{
	return tl != NULL && i < tl->count && tl->rows[i].ntr > 0;
}

/* Does row i carry an annotation? */
bool
view_timeline_is_anomaly(const struct view_timeline *tl, size_t i)
{
	return tl != NULL && i < tl->count && tl->rows[i].ann != 0;
}

/* "J", "J+1", "K-5": a sequence number relative to a role's ISS. */
static void
view_rel(char *buf, size_t len, const struct view_timeline *tl, int role,
    uint32_t v)
{
	uint32_t	d;
	const char	*sym = role == CONN_CLIENT ? "J" : "K";

	if (!tl->has_base[role]) {
		snprintf(buf, len, "%u", (unsigned)v);
		return;
	}
	d = v - tl->base[role];
	if (d == 0)
		snprintf(buf, len, "%s", sym);
	else if (d < UINT32_C(0x80000000))
		snprintf(buf, len, "%s+%u", sym, (unsigned)d);
	else
		snprintf(buf, len, "%s-%u", sym, (unsigned)(0 - d));
}

/* The parts of a segment label, in the order they are written. */
enum view_label_part {
	VIEW_LP_FLAGS,
	VIEW_LP_SEQ,
	VIEW_LP_ACK,
	VIEW_LP_LEN,
	VIEW_LP_WIN,
	VIEW_LP_COUNT
};

/*
 * When a label is too wide, whole parts go in this order (the payload
 * length first, then the ack ...): a number is never cut in half.
 */
static const enum view_label_part view_label_drop[] = {
	VIEW_LP_LEN, VIEW_LP_ACK, VIEW_LP_WIN, VIEW_LP_SEQ
};

/* The symbolic label of a segment: flags, then seq, ack, len, win. */
char *
view_segment_label(char *buf, size_t len, const struct view_timeline *tl,
    const struct conn_step *st)
{
	return view_segment_label_fit(buf, len, tl, st, INT_MAX);
}

/* The richest label of a segment that fits in maxw columns ("" if none). */
char *
view_segment_label_fit(char *buf, size_t len, const struct view_timeline *tl,
    const struct conn_step *st, int maxw)
{
	char		part[VIEW_LP_COUNT][32], v[24];
	bool		keep[VIEW_LP_COUNT];
	int		role = st->role == CONN_SERVER, i, k, w;
	uint16_t	f = st->u.seg.flags;
	size_t		off;

	if (len == 0)
		return buf;
	memset(part, 0, sizeof part);
	event_flags_format(part[VIEW_LP_FLAGS], sizeof part[VIEW_LP_FLAGS], f);
	if (part[VIEW_LP_FLAGS][0] == '\0')
		snprintf(part[VIEW_LP_FLAGS], sizeof part[0], "(none)");
	/* The ACK of a handshake shows only what it acknowledges. */
	if ((f & (SEGF_SYN | SEGF_FIN | SEGF_RST)) || st->u.seg.len > 0 ||
	    !(f & SEGF_ACK)) {
		view_rel(v, sizeof v, tl, role, st->u.seg.seq);
		snprintf(part[VIEW_LP_SEQ], sizeof part[0], "seq=%s", v);
	}
	if (f & SEGF_ACK) {
		view_rel(v, sizeof v, tl, !role, st->u.seg.ack);
		snprintf(part[VIEW_LP_ACK], sizeof part[0], "ack=%s", v);
	}
	if (st->u.seg.len > 0)
		snprintf(part[VIEW_LP_LEN], sizeof part[0], "len=%u",
		    (unsigned)st->u.seg.len);
	if (st->u.seg.window == 0 && !(f & SEGF_RST))
		snprintf(part[VIEW_LP_WIN], sizeof part[0], "win=0");

	for (i = 0; i < VIEW_LP_COUNT; i++)
		keep[i] = part[i][0] != '\0';
	for (k = -1; k < (int)COMPAT_NITEMS(view_label_drop); k++) {
		if (k >= 0)
			keep[view_label_drop[k]] = false;
		buf[0] = '\0';
		off = 0;
		for (i = 0; i < VIEW_LP_COUNT && off < len; i++) {
			if (keep[i])
				off += (size_t)snprintf(buf + off, len - off,
				    "%s%s", off == 0 ? "" : " ", part[i]);
		}
		w = canvas_str_width(buf);
		if (w <= maxw && off < len)
			return buf;
	}
	buf[0] = '\0';
	return buf;
}

/*
 * The row a scenario note timed t speaks for. Notes are timed when things
 * happen: a segment's sending (the row's time), else a transition (an
 * arrival, a timer), else the first row after t. Returns count if none.
 */
size_t
view_timeline_note_row(const struct view_timeline *tl, int64_t t)
{
	size_t	i, k, first = view_timeline_first(tl);

	if (tl == NULL)
		return 0;
	/* Step 0 (a start row) speaks for what comes before the first row. */
	for (i = first; i < tl->count; i++) {
		if (tl->rows[i].t == t)
			return i;
	}
	for (i = first; i < tl->count; i++) {
		for (k = 0; k < tl->rows[i].ntr; k++) {
			if (tl->rows[i].tr[k]->t == t)
				return i;
		}
	}
	for (i = 0; i < tl->count; i++) {
		if (tl->rows[i].t >= t)
			return i;
	}
	return tl->count;
}

/*
 * The scenario notes for row pos, joined into buf: those that speak for
 * it, else the last earlier one while no state has changed since (a note
 * on the handshake still holds for the quiet data rows after it). NULL if
 * no note fits the row. The notes come from next(arg, i, ...) in time
 * order, so this layer needs no scenario type; a NULL text is a note
 * that is not this timeline's (another connection's) and is skipped.
 */
const char *
view_timeline_notes(const struct view_timeline *tl, size_t pos,
    view_note_fn next, const void *arg, char *buf, size_t len)
{
	const char	*text, *held = NULL;
	int64_t		 t;
	size_t		 i, r, held_row = 0, off = 0, k;
	bool		 quiet;

	if (tl == NULL || pos >= tl->count || len == 0)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < VIEW_NOTES_MAX && next(arg, i, &t, &text); i++) {
		if (text == NULL)
			continue;	/* another connection's note */
		r = view_timeline_note_row(tl, t);
		if (r == pos && off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
			    off > 0 ? " " : "", text);
		else if (r < pos) {
			held = text;
			held_row = r;
		}
	}
	if (off > 0)
		return buf;
	if (held == NULL)
		return NULL;
	quiet = true;
	for (k = held_row + 1; k <= pos && quiet; k++)
		quiet = tl->rows[k].ntr == 0;
	if (!quiet)
		return NULL;
	snprintf(buf, len, "%s", held);
	return buf;
}
