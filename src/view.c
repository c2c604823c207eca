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
#include "i18n.h"
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

/*
 * J and K: a role's first SYN sequence number, else the first seen; M and
 * N: the sequence numbers of the first FIN and of the other side's FIN.
 */
static void
view_timeline_base(struct view_timeline *tl, const struct conn_step *st)
{
	int	role = st->role == CONN_SERVER;

	if ((st->u.seg.flags & SEGF_FIN) && !tl->has_fin[role]) {
		tl->fin[role] = st->u.seg.seq + st->u.seg.len +
		    ((st->u.seg.flags & SEGF_SYN) != 0);
		tl->has_fin[role] = true;
		tl->fin_rank[role] = tl->has_fin[!role];
	}

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
	tl->has_fin[0] = tl->has_fin[1] = false;
	tl->pending[0] = tl->pending[1] = -1;
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
	/* A self-connect's server column is the client's socket too. */
	if (conn_is_self(c))
		tl->initial[1] = tl->initial[0];
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
	/* A self-connect's two ends are one socket: the client's states. */
	if (tl->conn != NULL && conn_is_self(tl->conn))
		role = CONN_CLIENT;
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
	/* A RST ends a connection: always a stop (issue 17). */
	return tl != NULL && i < tl->count && (tl->rows[i].ann != 0 ||
	    (tl->rows[i].seg != NULL &&
	    (tl->rows[i].seg->u.seg.flags & SEGF_RST) != 0));
}

/* Notation names, in enum order (--notation and the x key). */
static const char *const view_notation_names[VIEW_NOTATION_COUNT] = {
	[VIEW_NOTATION_STEVENS] = "stevens",
	[VIEW_NOTATION_XY] = "xy",
	[VIEW_NOTATION_RELATIVE] = "relative",
	[VIEW_NOTATION_ABSOLUTE] = "absolute",
};

const char *
view_notation_name(enum view_notation n)
{
	return (unsigned)n < VIEW_NOTATION_COUNT ? view_notation_names[n] :
	    "?";
}

int
view_notation_parse(const char *name)
{
	int	i;

	for (i = 0; i < VIEW_NOTATION_COUNT; i++) {
		if (strcmp(name, view_notation_names[i]) == 0)
			return i;
	}
	return -1;
}

/*
 * The letters of the symbolic notations: [notation][role] for the ISNs,
 * [notation][rank] for the FINs (the first FIN sent, then the other).
 */
static const char *const view_iss_letter[2][2] = {
	{ "J", "K" }, { "x", "y" }
};
static const char *const view_fin_letter[2][2] = {
	{ "M", "N" }, { "u", "w" }
};

/* "J", "J+1", "K-5", "M+1", "x+1", "301" or "3000" for v of a role. */
char *
view_seqnum_format(char *buf, size_t len, const struct view_timeline *tl,
    int role, uint32_t v, bool own_fin)
{
	enum view_notation	 n = tl->notation;
	const char		*sym;
	uint32_t		 d;

	role = role != 0;
	/* A self-connect's numbers are all one socket's: J, M. */
	if (tl->conn != NULL && conn_is_self(tl->conn))
		role = 0;
	if (n == VIEW_NOTATION_ABSOLUTE || n >= VIEW_NOTATION_COUNT ||
	    !tl->has_base[role]) {
		snprintf(buf, len, "%u", (unsigned)v);
		return buf;
	}
	d = v - tl->base[role];
	if (n == VIEW_NOTATION_RELATIVE) {
		if (d < UINT32_C(0x80000000))
			snprintf(buf, len, "%u", (unsigned)d);
		else
			snprintf(buf, len, "-%u", (unsigned)(0 - d));
		return buf;
	}
	sym = view_iss_letter[n == VIEW_NOTATION_XY][role];
	/* At or past its FIN a side's numbers count from the FIN (M+1). */
	if (tl->has_fin[role] && v - tl->fin[role] < UINT32_C(0x80000000) &&
	    (v != tl->fin[role] || own_fin)) {
		sym = view_fin_letter[n == VIEW_NOTATION_XY]
		    [tl->fin_rank[role]];
		d = v - tl->fin[role];
	}
	if (d == 0)
		snprintf(buf, len, "%s", sym);
	else if (d < UINT32_C(0x80000000))
		snprintf(buf, len, "%s+%u", sym, (unsigned)d);
	else
		snprintf(buf, len, "%s-%u", sym, (unsigned)(0 - d));
	return buf;
}

/* Is c a letter or digit of ASCII (a word goes on through it)? */
static bool
view_is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/*
 * The role and value a Stevens letter stands for in this timeline; false
 * when the timeline does not know it (no SYN or FIN of that side yet).
 */
static bool
view_letter_value(const struct view_timeline *tl, char letter, int *role,
    uint32_t *v)
{
	int	r;

	switch (letter) {
	case 'J':
	case 'K':
		*role = letter == 'K';
		*v = tl->base[*role];
		return tl->has_base[*role];
	default:
		for (r = 0; r < 2; r++) {
			if (tl->has_fin[r] &&
			    tl->fin_rank[r] == (letter == 'N')) {
				*role = r;
				*v = tl->fin[r];
				return true;
			}
		}
		return false;
	}
}

/* Narration in Stevens letters, rewritten for the timeline's notation. */
char *
view_notation_rewrite(char *buf, size_t len, const struct view_timeline *tl,
    const char *in)
{
	char		 num[24];
	const char	*p = in, *q;
	size_t		 off = 0, n;
	uint32_t	 v, add;
	int		 role;

	if (len == 0)
		return buf;
	while (*p != '\0' && off + 1 < len) {
		q = p + 1;
		add = 0;
		if (strchr("JKMN", *p) != NULL && (p == in ||
		    !view_is_word(p[-1])) &&
		    tl->notation != VIEW_NOTATION_STEVENS) {
			if (*q == '+' && q[1] >= '0' && q[1] <= '9') {
				for (q++; *q >= '0' && *q <= '9'; q++)
					add = add * 10 + (uint32_t)(*q - '0');
			}
			if (!view_is_word(*q) &&
			    view_letter_value(tl, *p, &role, &v)) {
				view_seqnum_format(num, sizeof num, tl, role,
				    v + add, *p == 'M' || *p == 'N');
				n = strlen(num);
				if (off + n >= len)
					break;
				memcpy(buf + off, num, n);
				off += n;
				p = q;
				continue;
			}
			q = p + 1;
		}
		buf[off++] = *p++;
	}
	buf[off] = '\0';
	return buf;
}

/*
 * A span of ns as seconds in at most maxw columns, the finest that fits:
 * "+0.540 s", "+0.540", "+12.34", "+1234"; "" when nothing fits.
 */
char *
view_time_span(char *buf, size_t len, int64_t ns, int maxw)
{
	long long	ms, s;
	int		k;

	if (len == 0)
		return buf;
	if (ns < 0)
		ns = 0;
	ms = (long long)(ns / 1000000);
	s = ms / 1000;
	for (k = 0; k < 4; k++) {
		switch (k) {
		case 0:
			snprintf(buf, len, "+%lld.%03lld s", s, ms % 1000);
			break;
		case 1:
			snprintf(buf, len, "+%lld.%03lld", s, ms % 1000);
			break;
		case 2:
			snprintf(buf, len, "+%lld.%01lld", s, ms % 1000 / 100);
			break;
		default:
			snprintf(buf, len, "+%lld", s);
			break;
		}
		if ((int)strlen(buf) <= maxw)
			return buf;
	}
	buf[0] = '\0';
	return buf;
}

/* "1 s", "0.25 s", "2.5 s": seconds with the decimals that matter. */
char *
view_time_short(char *buf, size_t len, int64_t ns)
{
	long long	ms = (long long)((ns < 0 ? 0 : ns) / 1000000);

	if (ms % 1000 == 0)
		snprintf(buf, len, "%lld s", ms / 1000);
	else if (ms % 100 == 0)
		snprintf(buf, len, "%lld.%01lld s", ms / 1000,
		    ms % 1000 / 100);
	else if (ms % 10 == 0)
		snprintf(buf, len, "%lld.%02lld s", ms / 1000, ms % 1000 / 10);
	else
		snprintf(buf, len, "%lld.%03lld s", ms / 1000, ms % 1000);
	return buf;
}

/* Do two segment steps carry the same sequence space (one a copy)? */
static bool
view_same_segment(const struct conn_step *a, const struct conn_step *b)
{
	const uint16_t	kinds = SEGF_SYN | SEGF_FIN | SEGF_RST;

	return a->role == b->role && a->u.seg.seq == b->u.seg.seq &&
	    a->u.seg.len == b->u.seg.len &&
	    (a->u.seg.flags & kinds) == (b->u.seg.flags & kinds) &&
	    ((a->u.seg.flags & kinds) != 0 || a->u.seg.len > 0);
}

/* Row i as a copy in a retransmission chain (view.h). */
bool
view_timeline_retry(const struct view_timeline *tl, size_t i, int64_t *gap,
    unsigned *copy)
{
	const struct conn_step	*st, *o;
	size_t			 j;
	bool			 found = false;

	if (tl == NULL || i >= tl->count || (st = tl->rows[i].seg) == NULL)
		return false;
	*copy = 0;
	if (st->ann & CONN_ANN(KEEPALIVE)) {
		for (j = i; j-- > 0;) {
			o = tl->rows[j].seg;
			if (o != NULL && o->role == st->role) {
				*gap = view_time_between(o->t, st->t);
				return true;
			}
		}
		return false;
	}
	if (!(st->ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS))))
		return false;
	for (j = i; j-- > 0;) {
		o = tl->rows[j].seg;
		if (o == NULL || !view_same_segment(o, st))
			continue;
		if (!found)
			*gap = view_time_between(o->t, st->t);
		found = true;
		(*copy)++;
	}
	return found;
}

/* The time once row pos is done. */
int64_t
view_timeline_now(const struct view_timeline *tl, size_t pos)
{
	const struct view_row	*row;
	int64_t			 t;
	size_t			 k;

	if (tl == NULL || tl->count == 0)
		return 0;
	if (pos >= tl->count)
		pos = tl->count - 1;
	row = &tl->rows[pos];
	t = row->t;
	for (k = 0; k < row->ntr; k++) {
		if (row->tr[k]->t > t)
			t = row->tr[k]->t;
	}
	return t;
}

/* When a role entered its state as of row pos. */
int64_t
view_timeline_since(const struct view_timeline *tl, size_t pos, int role)
{
	const struct conn_step	*st;
	size_t			 i;

	if (tl == NULL || tl->count == 0)
		return -1;
	if (pos >= tl->count)
		pos = tl->count - 1;
	for (i = pos + 1; i-- > 0;) {
		st = view_timeline_last_tr(tl, i, (enum conn_role)role);
		if (st != NULL)
			return st->t;
	}
	return tl->rows[0].t;
}

/*
 * A role's TIME_WAIT as of row pos: RFC 9293 3.10.7.4, a FIN repeated in
 * TIME_WAIT restarts the 2*MSL timeout; it restarts when the copy arrives
 * (its send time plus its time on the wire).
 */
bool
view_timeline_tw_start(const struct view_timeline *tl, size_t pos, int role,
    int64_t *start, bool *restarted)
{
	const struct conn_step	*st;
	size_t			 i;
	int64_t			 t;

	if (view_timeline_state(tl, pos, (enum conn_role)role) !=
	    FSM_TIME_WAIT)
		return false;
	if (pos >= tl->count)
		pos = tl->count - 1;
	*start = view_timeline_since(tl, pos, role);
	*restarted = false;
	for (i = 0; i <= pos; i++) {
		st = tl->rows[i].seg;
		if (st == NULL || !(tl->rows[i].ann & CONN_ANN(TW_RESTART)))
			continue;
		t = view_step_arrival(st);
		if (t > *start) {
			*start = t;
			*restarted = true;
		}
	}
	return true;
}

/* later - earlier, 0 when it goes back, saturated (hostile stamps). */
int64_t
view_time_between(int64_t earlier, int64_t later)
{
	uint64_t	d;

	if (later <= earlier)
		return 0;
	d = (uint64_t)later - (uint64_t)earlier;
	return d > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d;
}

/* When a step's segment arrived (sent + its time on the wire), saturated. */
int64_t
view_step_arrival(const struct conn_step *st)
{
	int64_t	d = (int64_t)st->transit_us * 1000;

	return st->t > INT64_MAX - d ? INT64_MAX : st->t + d;
}

/* TIME_WAIT's time left as of row pos (a restart has arrived by then). */
bool
view_timeline_tw_left(const struct view_timeline *tl, size_t pos, int role,
    int64_t msl_ns, int64_t *left, bool *restarted)
{
	int64_t		start, now, twice;
	uint64_t	gone;

	if (!view_timeline_tw_start(tl, pos, role, &start, restarted))
		return false;
	now = view_timeline_now(tl, pos);
	if (start > now)
		now = start;
	/* Hostile stamps: no sum or difference may overflow. */
	twice = msl_ns > INT64_MAX / 2 ? INT64_MAX : 2 * msl_ns;
	gone = (uint64_t)now - (uint64_t)start;
	*left = gone >= (uint64_t)twice ? 0 : twice - (int64_t)gone;
	return true;
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
		snprintf(part[VIEW_LP_FLAGS], sizeof part[0], "%s",
		    _("(none)"));
	/* The ACK of a handshake shows only what it acknowledges. */
	if ((f & (SEGF_SYN | SEGF_FIN | SEGF_RST)) || st->u.seg.len > 0 ||
	    !(f & SEGF_ACK)) {
		view_seqnum_format(v, sizeof v, tl, role, st->u.seg.seq,
		    (f & SEGF_FIN) && st->u.seg.len == 0);
		snprintf(part[VIEW_LP_SEQ], sizeof part[0], "seq=%s", v);
	}
	if (f & SEGF_ACK) {
		view_seqnum_format(v, sizeof v, tl, !role, st->u.seg.ack,
		    false);
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

size_t
view_text_sep(char *buf, size_t off, size_t len)
{
	uint32_t	cp;
	size_t		i;

	if (off == 0 || off + 1 >= len)
		return off;
	/* The start of the last character: back over continuation bytes. */
	for (i = off - 1; i > 0 && off - i < 4 &&
	    ((unsigned char)buf[i] & 0xc0) == 0x80; i--)
		;
	if (canvas_utf8_decode(buf + i, off - i, &cp) == off - i &&
	    canvas_wcwidth(cp) == 2)
		return off;
	buf[off++] = ' ';
	buf[off] = '\0';
	return off;
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
		if (r == pos && off < len) {
			off = view_text_sep(buf, off, len);
			off += (size_t)snprintf(buf + off, len - off, "%s",
			    text);
		}
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
