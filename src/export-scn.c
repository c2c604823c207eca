/*
 * export-scn.c: one captured connection written as a scenario file
 * (assets/scenarios/README.md, format 1) that replays it in the
 * simulator, so a real trace becomes a lesson (issue 18). Layer 4, beside
 * export.c: it reads a session's timeline (read-only) and writes text.
 *
 * What the wire shows becomes what the simulator needs:
 *   - the endpoints with the ISNs and windows of their SYNs, each with
 *     an MSS large enough for the largest segment its peer sent;
 *   - application calls: listen at the server (unless its answer to the
 *     SYN is a RST: nobody listened), connect where a SYN first leaves
 *     (both ends for a simultaneous open), a send per new data segment,
 *     close (shutdown when data still comes in after it) where a FIN
 *     first leaves, abort where a RST leaves a TCB (a bare RST from
 *     FIN_WAIT_2 answering the peer's FIN is an orphan that
 *     tcp_fin_timeout deleted: fin-timeout ends it halfway); an end whose FIN
 *     also ACKs the peer's FIN, with no ACK of it before, closes as it
 *     reads end of file (autoclose: the ACK and FIN leave together);
 *   - losses: a SYN, SYN,ACK or FIN copy that was sent again with no sign
 *     in between that the peer got it (no ACK covering it) was lost;
 *     when the last copy also went unanswered the sender gave up, and
 *     its retries are set to the copies seen; a client whose first
 *     segment after the SYN,ACK is data or a FIN acking it lost its bare
 *     third ACK (Linux sends one at once). Data losses stay comments:
 *     the simulator resends go-back-N, Linux selectively, so counting
 *     data segments would not name the same ones.
 * Times are relative to the connection's first segment. The capture saw
 * both directions at one point: the channel's latency is half the
 * handshake's round trip, and the far end's calls come that much before
 * the capture saw their segments.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "event.h"
#include "export.h"
#include "export-scn.h"
#include "fsm.h"
#include "seq.h"
#include "view.h"
#include "xmalloc.h"

/* Linux's defaults (tcp_syn_retries, tcp_synack_retries, tcp_retries2). */
#define EXPORT_SCN_SYN_RETRIES		6
#define EXPORT_SCN_SYNACK_RETRIES	5
#define EXPORT_SCN_RETRIES		15
/* The simulator's bounds (scenario.c). */
#define EXPORT_SCN_MSS_MAX		9000
#define EXPORT_SCN_TIME_MAX		(3600 * COMPAT_NS_PER_SEC)
#define EXPORT_SCN_ACTIONS_MAX		1000
#define EXPORT_SCN_FAULTS_MAX		250

static const char *const export_scn_role[2] = { "client", "server" };

/* One endpoint's facts gathered from the wire. */
struct export_scn_end {
	bool		 syn;		/* sent a SYN or SYN,ACK */
	bool		 bare_syn;	/* sent a SYN without ACK */
	uint32_t	 iss;
	uint16_t	 window;	/* its SYN's window; 0: none */
	uint32_t	 peer_max;	/* largest payload the peer sent */
	bool		 autoclose;
	int64_t		 fin_timeout;	/* ns; 0: the simulator's 60 s */
	int		 retries_syn;	/* -1: Linux's default */
	int		 retries_synack;
	int		 retries;
	uint64_t	 data_lost;	/* data retransmissions seen */
	int64_t		 rto;		/* first resend gap; 0 */
	int64_t		 giveup;	/* when the simulator quits; 0 */
	size_t		 sent;		/* segments it sent */
	size_t		 lost;		/* of which judged lost */
	bool		 silent;	/* a spoofed source: no TCB */
};

/* A segment to drop: the ord-th of its kind that role sends. */
struct export_scn_fault {
	int		 role;
	const char	*kind;
	unsigned	 ord;
};

struct export_scn {
	const struct view_timeline	*tl;
	const struct conn_step		**segs;
	size_t				 nsegs;
	int64_t				 t0;
	int64_t				 lat;	/* one-way, ns */
	/* The role nearest the capture point; -1: a demo. */
	int				 vantage;
	struct export_scn_end		 end[2];
	size_t				 nactions;
	struct export_scn_fault		 faults[EXPORT_SCN_FAULTS_MAX];
	size_t				 nfaults;
	bool				 third_ack_lost;
};

/* "1.234567s" for a time relative to the first segment (>= 0). */
static char *
export_scn_time(char *buf, size_t len, int64_t ns)
{
	int64_t	us;

	if (ns < 0)
		ns = 0;
	us = ns / 1000;
	snprintf(buf, len, "%" PRId64 ".%06" PRId64 "s", us / 1000000,
	    us % 1000000);
	return buf;
}

/* When role sent what the capture saw at t: the far end earlier. */
static int64_t
export_scn_sent(const struct export_scn *x, int role, int64_t t)
{
	t -= x->t0;
	if (x->vantage >= 0 && role != x->vantage)
		t -= x->lat;
	return t < 0 ? 0 : t;
}

static bool
export_scn_is_retrans(const struct conn_step *st)
{
	return (st->ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS))) != 0;
}

/* Is seg j a copy of control segment i (same sender, seq, SYN/FIN)? */
static bool
export_scn_same(const struct conn_step *a, const struct conn_step *b)
{
	uint16_t	m = SEGF_SYN | SEGF_FIN | SEGF_RST;

	return a->role == b->role && a->u.seg.seq == b->u.seg.seq &&
	    (a->u.seg.flags & m) == (b->u.seg.flags & m) &&
	    ((a->u.seg.flags ^ b->u.seg.flags) & SEGF_ACK) == 0;
}

/*
 * The sequence number the peer's ACK must pass to show control segment
 * st arrived: its SYN or FIN (and the data before a FIN).
 */
static uint32_t
export_scn_covers(const struct conn_step *st)
{
	uint32_t	v = st->u.seg.seq + st->u.seg.len;

	if (st->u.seg.flags & SEGF_FIN)
		return v;
	return st->u.seg.seq;
}

/* Did the peer show, in segments lo..hi-1, that it got st? */
static bool
export_scn_signed(const struct export_scn *x, const struct conn_step *st,
    size_t lo, size_t hi)
{
	const struct conn_step	*p;
	uint32_t		 v = export_scn_covers(st);
	size_t			 k;

	for (k = lo; k < hi; k++) {
		p = x->segs[k];
		if (p->role == st->role || !(p->u.seg.flags & SEGF_ACK))
			continue;
		if (seq_gt(p->u.seg.ack, v))
			return true;
	}
	return false;
}

/* The drop kind a control segment counts as ("syn", "synack", "fin"). */
static const char *
export_scn_kind(const struct conn_step *st)
{
	uint16_t	f = st->u.seg.flags;

	if ((f & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN)
		return "syn";
	if ((f & (SEGF_SYN | SEGF_ACK)) == (SEGF_SYN | SEGF_ACK))
		return "synack";
	if (f & SEGF_FIN)
		return "fin";
	return NULL;
}

/* The how-manyth segment of its kind its sender sent segment i is. */
static unsigned
export_scn_ordinal(const struct export_scn *x, size_t i, const char *kind)
{
	const char	*k;
	unsigned	 n = 0;
	size_t		 j;

	for (j = 0; j <= i; j++) {
		if (x->segs[j]->role != x->segs[i]->role)
			continue;
		if ((k = export_scn_kind(x->segs[j])) != NULL &&
		    strcmp(k, kind) == 0)
			n++;
	}
	return n;
}

/*
 * The shortest time role took to answer (an ACK covering it) a SYN, data
 * or FIN of its peer's, skip aside; INT64_MAX when it never did.
 */
static int64_t
export_scn_answer(const struct export_scn *x, int role,
    const struct conn_step *skip)
{
	const struct conn_step	*a, *b;
	int64_t			 best = INT64_MAX, d;
	uint32_t		 end;
	size_t			 i, k;

	for (i = 0; i < x->nsegs; i++) {
		a = x->segs[i];
		if (a->role == role || a == skip || export_scn_is_retrans(a) ||
		    (a->u.seg.flags & SEGF_RST) || (a->u.seg.len == 0 &&
		    !(a->u.seg.flags & (SEGF_SYN | SEGF_FIN))))
			continue;
		end = a->u.seg.seq + a->u.seg.len +
		    ((a->u.seg.flags & SEGF_SYN) != 0) +
		    ((a->u.seg.flags & SEGF_FIN) != 0);
		for (k = i + 1; k < x->nsegs; k++) {
			b = x->segs[k];
			if (b->role != role || !(b->u.seg.flags & SEGF_ACK))
				continue;
			if (seq_geq(b->u.seg.ack, end)) {
				d = view_time_between(a->t, b->t);
				if (d < best)
					best = d;
				break;
			}
		}
	}
	return best;
}

/* Gather the segments, ISNs, windows, sizes and the vantage point. */
static void
export_scn_gather(struct export_scn *x)
{
	const struct view_timeline	*tl = x->tl;
	const struct conn_step		*st, *syn = NULL, *synack = NULL;
	const struct conn_step		*ack = NULL;
	struct export_scn_end		*e;
	int64_t				 d1, d2, g[2];
	size_t				 i;
	int				 r;
	bool				 hs_over = false;

	x->segs = xreallocarray(NULL, tl->count + 1, sizeof *x->segs);
	for (i = 0; i < tl->count; i++)
		if (tl->rows[i].seg != NULL)
			x->segs[x->nsegs++] = tl->rows[i].seg;
	for (r = 0; r < 2; r++) {
		x->end[r].retries_syn = -1;
		x->end[r].retries_synack = -1;
		x->end[r].retries = -1;
	}
	for (i = 0; i < x->nsegs; i++) {
		st = x->segs[i];
		e = &x->end[st->role];
		e->sent++;
		if ((st->u.seg.flags & SEGF_SYN) && !e->syn) {
			e->syn = true;
			e->iss = st->u.seg.seq;
			e->window = st->u.seg.window;
		}
		if ((st->u.seg.flags & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN)
			e->bare_syn = true;
		if (st->u.seg.len > x->end[!st->role].peer_max)
			x->end[!st->role].peer_max = st->u.seg.len;
		if (st->u.seg.len > 0 && export_scn_is_retrans(st))
			e->data_lost++;
		/*
		 * The handshake that worked: the client's first bare ACK,
		 * the last SYN,ACK before it, the last SYN before that. Data
		 * is no third ACK: where that was lost, the data leaves when
		 * the application sends it, not a round trip on.
		 */
		if (ack == NULL && !hs_over && st->role == CONN_CLIENT &&
		    (st->u.seg.flags & (SEGF_SYN | SEGF_ACK | SEGF_RST)) ==
		    SEGF_ACK && synack != NULL) {
			if (st->u.seg.len == 0 && !(st->u.seg.flags & SEGF_FIN))
				ack = st;
			else if (st->u.seg.ack == synack->u.seg.seq + 1) {
				/*
				 * Data or a FIN, acking the SYN,ACK, is the
				 * client's first word after it: its bare ACK
				 * (Linux sends one at once) was lost before
				 * the capture point (tests/kernel
				 * third-ack-lost at the server).
				 */
				hs_over = true;
				x->third_ack_lost = true;
			}
		}
		if (ack == NULL && st->role == CONN_SERVER &&
		    (st->u.seg.flags & (SEGF_SYN | SEGF_ACK)) ==
		    (SEGF_SYN | SEGF_ACK) && syn != NULL)
			synack = st;
		if (ack == NULL && st->role == CONN_CLIENT &&
		    (st->u.seg.flags & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN) {
			syn = st;
			synack = NULL;
		}
	}
	x->t0 = x->nsegs > 0 ? x->segs[0]->t : 0;
	/* A simultaneous open has no third ACK: each end ACKs a SYN,ACK. */
	for (i = 0; i < x->nsegs && x->third_ack_lost; i++)
		if (x->segs[i]->role == CONN_CLIENT &&
		    (x->segs[i]->u.seg.flags & (SEGF_SYN | SEGF_ACK)) ==
		    (SEGF_SYN | SEGF_ACK))
			x->third_ack_lost = false;
	/*
	 * At the client the SYN,ACK comes a round trip after the SYN and
	 * the ACK at once; at the server the other way round.
	 */
	x->vantage = CONN_CLIENT;
	x->lat = 10000;
	if (syn != NULL && synack != NULL && ack != NULL) {
		d1 = view_time_between(syn->t, synack->t);
		d2 = view_time_between(synack->t, ack->t);
		x->vantage = d1 >= d2 ? CONN_CLIENT : CONN_SERVER;
		x->lat = (d1 + d2) / 2;
		/*
		 * A SYN,ACK its timer resent answers no SYN: only the ACK's
		 * delay after it is a round trip (seen at the server; at
		 * the client it is tiny, and so is the harm).
		 */
		if (export_scn_is_retrans(synack)) {
			x->vantage = CONN_SERVER;
			x->lat = d2 / 2;
		}
	} else if (x->third_ack_lost) {
		/*
		 * No handshake round trip to read: each end's quickest
		 * answer to the other's SYN, data or FIN instead (the
		 * SYN,ACK's answer aside: its ACK was lost). The end at the
		 * capture point answers at once, the far end a round trip on.
		 */
		g[CONN_CLIENT] = export_scn_answer(x, CONN_CLIENT, synack);
		g[CONN_SERVER] = export_scn_answer(x, CONN_SERVER, synack);
		if (g[0] != INT64_MAX && g[1] != INT64_MAX) {
			x->vantage = g[CONN_SERVER] <= g[CONN_CLIENT] ?
			    CONN_SERVER : CONN_CLIENT;
			x->lat = (g[0] + g[1]) / 2;
		}
	}
	/*
	 * A simulated connection (a demo) knows each segment's send time
	 * and its time on the wire: no vantage point to allow for.
	 */
	for (i = 0; i < x->nsegs; i++) {
		if (x->segs[i]->transit_us != 0 &&
		    x->segs[i]->transit_us != UINT32_MAX) {
			x->vantage = -1;
			x->lat = (int64_t)x->segs[i]->transit_us * 1000;
			break;
		}
	}
	if (x->lat < 1000)
		x->lat = 1000;
	if (x->lat > COMPAT_NS_PER_SEC)
		x->lat = COMPAT_NS_PER_SEC;
}

/* The initial RTO written for an end (the simulator's bounds). */
static int64_t
export_scn_rto(const struct export_scn_end *e)
{
	int64_t	rto = e->rto;

	if (rto == 0)
		return COMPAT_NS_PER_SEC;
	rto = rto / 1000000 * 1000000;
	if (rto < 1000000)
		rto = 1000000;
	if (rto > 60 * COMPAT_NS_PER_SEC)
		rto = 60 * COMPAT_NS_PER_SEC;
	return rto;
}

/* Note a segment to drop. */
static void
export_scn_fault(struct export_scn *x, int role, const char *kind,
    unsigned ord)
{
	x->end[role].lost++;
	if (x->nfaults < EXPORT_SCN_FAULTS_MAX) {
		x->faults[x->nfaults].role = role;
		x->faults[x->nfaults].kind = kind;
		x->faults[x->nfaults].ord = ord;
	}
	x->nfaults++;
}

/* The how-manyth RST its sender sent segment i is. */
static unsigned
export_scn_rsts(const struct export_scn *x, size_t i)
{
	unsigned	n = 0;
	size_t		j;

	for (j = 0; j <= i; j++)
		if (x->segs[j]->role == x->segs[i]->role &&
		    (x->segs[j]->u.seg.flags & SEGF_RST))
			n++;
	return n;
}

/*
 * Losses of SYN, SYN,ACK and FIN copies as "drop" lines on fp, and the
 * give-ups into the ends' retries.
 */
static void
export_scn_losses(struct export_scn *x)
{
	const struct conn_step	*st;
	struct export_scn_end	*e;
	const char		*kind;
	size_t			*chain, n, i, j, k;

	chain = xreallocarray(NULL, x->nsegs + 1, sizeof *chain);
	for (i = 0; i < x->nsegs; i++) {
		st = x->segs[i];
		/*
		 * A RST the peer acts as if it never got (it sends on, not a
		 * RST of its own) was lost on the way.
		 */
		if ((st->u.seg.flags & SEGF_RST) && i + 1 < x->nsegs) {
			for (k = i + 1; k < x->nsegs; k++)
				if (x->segs[k]->role != st->role)
					break;
			if (k < x->nsegs &&
			    !(x->segs[k]->u.seg.flags & SEGF_RST))
				export_scn_fault(x, st->role, "rst",
				    export_scn_rsts(x, i));
			continue;
		}
		if ((kind = export_scn_kind(st)) == NULL ||
		    export_scn_is_retrans(st))
			continue;
		/* The chain of copies of this segment, the original first. */
		n = 0;
		chain[n++] = i;
		for (k = i + 1; k < x->nsegs; k++)
			if (export_scn_same(st, x->segs[k]))
				chain[n++] = k;
		if (n == 1)
			continue;
		e = &x->end[st->role];
		if (e->rto == 0)
			e->rto = view_time_between(st->t, x->segs[chain[1]]->t);
		for (j = 0; j < n; j++) {
			/* Answered before the next copy (or ever, the last)? */
			k = j + 1 < n ? chain[j + 1] : x->nsegs;
			if (export_scn_signed(x, x->segs[chain[j]],
			    chain[j] + 1, k))
				continue;
			if (j + 1 == n) {
				/*
				 * None answered: the sender gave up, in the
				 * simulator after n - 1 doublings of its RTO
				 * (the end of the run must wait for it).
				 */
				e->giveup = st->t - x->t0 + export_scn_rto(e) *
				    (((int64_t)1 << (n < 20 ? n : 20)) - 1);
				/* The engine sees it once a retry is late. */
				e->giveup += export_scn_rto(e) *
				    ((int64_t)1 << (n < 20 ? n : 20));
				if (strcmp(kind, "syn") == 0)
					e->retries_syn = (int)(n - 1);
				else if (strcmp(kind, "synack") == 0)
					e->retries_synack = (int)(n - 1);
				else
					e->retries = (int)(n - 1);
			}
			export_scn_fault(x, st->role, kind,
			    export_scn_ordinal(x, chain[j], kind));
		}
		/*
		 * A client that never got past its SYNs gave up although
		 * they arrived (the SYN,ACKs were lost on the way back).
		 */
		if (strcmp(kind, "syn") == 0 && e->retries_syn < 0 &&
		    e->sent == n && !x->end[!st->role].silent) {
			e->retries_syn = (int)(n - 1);
			e->giveup = st->t - x->t0 + export_scn_rto(e) *
			    (((int64_t)1 << (n < 20 ? n : 20)) * 2 - 1);
		}
	}
	free(chain);
	/* The third handshake ACK that never reached the capture point. */
	if (x->third_ack_lost)
		export_scn_fault(x, CONN_CLIENT, "ack", 1);
}

/* One "at" line; counted against the parser's limit. */
static void
export_scn_at(struct export_scn *x, FILE *fp, int64_t t, int role,
    const char *call)
{
	char	tb[32];

	x->nactions++;
	fprintf(fp, "at %-12s %s %s\n", export_scn_time(tb, sizeof tb, t),
	    export_scn_role[role], call);
}

/* Does the other role send new data after segment i? */
static bool
export_scn_data_after(const struct export_scn *x, size_t i)
{
	size_t	k;

	for (k = i + 1; k < x->nsegs; k++)
		if (x->segs[k]->role != x->segs[i]->role &&
		    x->segs[k]->u.seg.len > 0 &&
		    !export_scn_is_retrans(x->segs[k]))
			return true;
	return false;
}

/* Had role, before segment i, ACKed the peer's FIN (fin: its seq + 1)? */
static bool
export_scn_acked_before(const struct export_scn *x, size_t i, uint32_t fin)
{
	size_t	k;

	for (k = 0; k < i; k++)
		if (x->segs[k]->role == x->segs[i]->role &&
		    (x->segs[k]->u.seg.flags & SEGF_ACK) &&
		    seq_geq(x->segs[k]->u.seg.ack, fin))
			return true;
	return false;
}

/* The application calls, in time order (the parser sorts them too). */
static void
export_scn_calls(struct export_scn *x, FILE *fp)
{
	const struct conn_step	*st;
	char			 buf[64];
	size_t			 i;
	uint32_t		 fin[2];
	int64_t			 fin_t[2] = { 0, 0 };
	int64_t			 syn_t[2] = { 0, 0 };
	bool			 has_fin[2] = { false, false };
	bool			 closed[2] = { false, false };
	bool			 aborted[2] = { false, false };
	bool			 opened[2] = { false, false };
	int64_t			 t;
	int			 r, before;

	for (i = 0; i < x->nsegs; i++) {
		st = x->segs[i];
		r = st->role;
		if ((st->u.seg.flags & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN &&
		    !opened[r]) {
			opened[r] = true;
			t = export_scn_sent(x, r, st->t);
			/*
			 * The SYNs crossed (a simultaneous open, E06): this
			 * end connected before the peer's SYN reached it.
			 */
			if (opened[!r] && t > syn_t[!r] + x->lat / 2)
				t = syn_t[!r] + x->lat / 2;
			syn_t[r] = t;
			/* A self-connect's one socket connects to itself. */
			export_scn_at(x, fp, t, r, r == CONN_CLIENT &&
			    !conn_is_self(x->tl->conn) ?
			    "connect server" : "connect client");
		}
		if (st->u.seg.len > 0 && !export_scn_is_retrans(st) &&
		    !(st->ann & (CONN_ANN(KEEPALIVE) |
		    CONN_ANN(WINDOW_PROBE))) && !closed[r] && !aborted[r]) {
			snprintf(buf, sizeof buf, "send %" PRIu32,
			    st->u.seg.len);
			export_scn_at(x, fp, export_scn_sent(x, r, st->t), r,
			    buf);
		}
		if ((st->u.seg.flags & SEGF_FIN) && !has_fin[r]) {
			has_fin[r] = true;
			fin[r] = st->u.seg.seq + st->u.seg.len + 1;
			fin_t[r] = st->t;
			/*
			 * A FIN that ACKs the peer's FIN with no ACK of it
			 * before: the ACK waited for the close (E16 at the
			 * peer), which autoclose reproduces.
			 */
			if (has_fin[!r] && (st->u.seg.flags & SEGF_ACK) &&
			    seq_geq(st->u.seg.ack, fin[!r]) &&
			    !export_scn_acked_before(x, i, fin[!r]))
				x->end[r].autoclose = true;
			else if (!aborted[r]) {
				t = export_scn_sent(x, r, st->t);
				/*
				 * The FINs crossed (a simultaneous close,
				 * E15): this end closed before the peer's FIN
				 * reached it, whatever held that FIN up.
				 */
				if (has_fin[!r] && !seq_geq(st->u.seg.ack,
				    fin[!r]) && t > export_scn_sent(x, !r,
				    fin_t[!r]) + x->lat / 2)
					t = export_scn_sent(x, !r, fin_t[!r]) +
					    x->lat / 2;
				export_scn_at(x, fp, t, r,
				    export_scn_data_after(x, i) ? "shutdown" :
				    "close");
			}
			closed[r] = true;
		}
		if ((st->u.seg.flags & SEGF_RST) && !aborted[r]) {
			/*
			 * A RST from a TCB is the application's abort; one
			 * from no TCB (a closed port, a forgotten
			 * connection) the simulator sends by itself.
			 */
			before = view_timeline_state(x->tl, 0,
			    (enum conn_role)r);
			for (size_t k = 0; k < x->tl->count; k++) {
				if (x->tl->rows[k].seg == st)
					break;
				before = view_timeline_state(x->tl, k,
				    (enum conn_role)r);
			}
			/*
			 * A bare RST from FIN_WAIT_2 answering the peer's
			 * FIN: the orphan's tcp_fin_timeout had deleted the
			 * TCB, somewhere in between (fin-wait-2-orphan). The
			 * simulator's orphan then answers the FIN itself.
			 */
			if (before == FSM_FIN_WAIT_2 && has_fin[!r] &&
			    !(st->u.seg.flags & SEGF_ACK) &&
			    st->t > fin_t[r]) {
				aborted[r] = true;
				x->end[r].fin_timeout = (st->t - fin_t[r]) / 2;
				continue;
			}
			if (fsm_state_valid(before) && before != FSM_LISTEN &&
			    before != FSM_TIME_WAIT &&
			    fsm_state_has((enum fsm_state)before,
			    FSM_ATTR_TCB)) {
				aborted[r] = true;
				export_scn_at(x, fp, export_scn_sent(x, r,
				    st->t), r, "abort");
			}
		}
	}
}

/* "isn=N window=N mss=N ..." for one endpoint. */
static void
export_scn_settings(FILE *out, const struct export_scn_end *e)
{
	int64_t	rto = e->rto;

	if (e->syn)
		fprintf(out, " isn=%" PRIu32, e->iss);
	if (e->window > 0)
		fprintf(out, " window=%u", (unsigned)e->window);
	/* Larger than the simulator's default when the peer sent more. */
	if (e->peer_max > 1460)
		fprintf(out, " mss=%u", (unsigned)(e->peer_max >
		    EXPORT_SCN_MSS_MAX ? EXPORT_SCN_MSS_MAX : e->peer_max));
	/* A spoofed source waits long: it must not give up in the run. */
	if (e->silent)
		fputs(" rto=60s silent", out);
	else if (rto != 0)
		fprintf(out, " rto=%" PRId64 "ms", export_scn_rto(e) / 1000000);
	fprintf(out, " syn-retries=%d synack-retries=%d retries=%d",
	    e->retries_syn >= 0 ? e->retries_syn : EXPORT_SCN_SYN_RETRIES,
	    e->retries_synack >= 0 ? e->retries_synack :
	    EXPORT_SCN_SYNACK_RETRIES,
	    e->retries >= 0 ? e->retries : EXPORT_SCN_RETRIES);
	if (e->autoclose)
		fputs(" autoclose", out);
	if (e->fin_timeout > 0)
		fprintf(out, " fin-timeout=%" PRId64 "ms",
		    e->fin_timeout / 1000000 + 1);
	fputc('\n', out);
}

/* A scenario name from a file name: a-z, 0-9 and '-', at most 31. */
static void
export_scn_name(char *buf, size_t len, const char *file, uint32_t id)
{
	const char	*base, *dot;
	size_t		 n = 0, i;
	char		 c;

	base = file != NULL ? strrchr(file, '/') : NULL;
	base = base != NULL ? base + 1 : file;
	dot = base != NULL ? strrchr(base, '.') : NULL;
	for (i = 0; base != NULL && base + i != dot && base[i] != '\0' &&
	    n + 1 < len && n < 31; i++) {
		c = base[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf[n++] = c;
		else if (n > 0 && buf[n - 1] != '-')
			buf[n++] = '-';
	}
	while (n > 0 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, len, "conn-%u", (unsigned)id);
}

int
export_scn(FILE *out, const struct view_timeline *tl, uint32_t id,
    const char *source,
    const char *name, int64_t msl_ns, char **err)
{
	struct export_scn	 x;
	struct export_scn_end	*cl, *sv;
	const struct export_scn_fault *f;
	FILE			*calls;
	char			*cbuf = NULL, nm[32], tb[32];
	char			 ca[EVENT_ADDR_STRLEN];
	char			 sa[EVENT_ADDR_STRLEN];
	size_t			 cn = 0, i;
	int64_t			 last, stop;
	bool			 listen, self;
	int			 r, rc = 0;
	unsigned		 k;

	/* Named as every output names it: tshark's tcp.stream, id - 1. */
	id = id > 0 ? id - 1 : 0;
	memset(&x, 0, sizeof x);
	x.tl = tl;
	export_scn_gather(&x);
	cl = &x.end[CONN_CLIENT];
	sv = &x.end[CONN_SERVER];
	if (x.nsegs == 0) {
		xasprintf(err, "connection #%u has no segments to replay",
		    (unsigned)id);
		free(x.segs);
		return -1;
	}
	last = tl->rows[tl->count - 1].t - x.t0;
	if (last < 0 || last > EXPORT_SCN_TIME_MAX / 2) {
		xasprintf(err, "connection #%u lasts longer than a scenario "
		    "may (half an hour)", (unsigned)id);
		free(x.segs);
		return -1;
	}
	if ((calls = open_memstream(&cbuf, &cn)) == NULL) {
		free(x.segs);
		xasprintf(err, "out of memory");
		return -1;
	}
	export_scn_losses(&x);
	export_scn_calls(&x, calls);
	fclose(calls);
	if (x.nactions > EXPORT_SCN_ACTIONS_MAX ||
	    x.nfaults > EXPORT_SCN_FAULTS_MAX) {
		xasprintf(err, "connection #%u needs %zu application calls "
		    "and %zu losses; a scenario holds %d and %d",
		    (unsigned)id, x.nactions, x.nfaults,
		    EXPORT_SCN_ACTIONS_MAX, EXPORT_SCN_FAULTS_MAX);
		rc = -1;
		goto out;
	}
	/*
	 * A client that sent one SYN and never answered the SYN,ACKs is a
	 * spoofed source (a SYN flood): nothing there has a TCB.
	 */
	if (cl->sent == 1 && cl->bare_syn && sv->syn && sv->retries_synack >= 0)
		cl->silent = true;
	/*
	 * A server that answers the SYN with a RST never listened; one that
	 * sent a SYN of its own connected (a simultaneous open).
	 */
	listen = !sv->bare_syn;
	for (i = 0; listen && i < x.nsegs; i++) {
		if (x.segs[i]->role == CONN_SERVER) {
			listen = !(x.segs[i]->u.seg.flags & SEGF_RST);
			break;
		}
	}
	if (!(x.segs[0]->u.seg.flags & SEGF_SYN))
		listen = true;
	/* A self-connect is one endpoint: nothing listens, no server. */
	self = conn_is_self(tl->conn);
	if (self)
		listen = false;
	/* The run ends after the last step, and after any give-up. */
	stop = last + 2 * x.lat + 1000000;
	for (r = 0; r < 2; r++)
		if (x.end[r].giveup + 1000000 > stop)
			stop = x.end[r].giveup + 1000000;
	if (stop > EXPORT_SCN_TIME_MAX)
		stop = EXPORT_SCN_TIME_MAX;
	export_scn_name(nm, sizeof nm, name, id);
	event_endpoint_format(ca, sizeof ca, conn_endpoint(tl->conn,
	    CONN_CLIENT));
	event_endpoint_format(sa, sizeof sa, conn_endpoint(tl->conn,
	    CONN_SERVER));
	fprintf(out, "tcpviz-scenario 1\n"
	    "# Written by tcpviz --to-scenario from connection #%u of %s.\n"
	    "name %s\n"
	    "title en Connection #%u from a capture\n"
	    "title zh 抓包中的连接 #%u\n"
	    "description en A real connection replayed: client %s, server %s.\n"
	    "description en The application calls are inferred from the "
	    "segments; segments\n"
	    "description en sent again with no sign that the first copy "
	    "arrived are lost.\n"
	    "description zh 重放一条真实连接：客户端 %s，服务器 %s。\n"
	    "description zh 应用调用由报文段推断；重传且没有迹象表明第一份"
	    "已到达的报文段按丢失处理。\n"
	    "msl %" PRId64 "ms\n"
	    "end %s\n\n",
	    (unsigned)id, source != NULL ? source : "?", nm,
	    (unsigned)id, (unsigned)id, ca, sa, ca, sa,
	    msl_ns / 1000000, export_scn_time(tb, sizeof tb, stop));
	if (tl->conn->flags & CONN_F_MIDSTREAM)
		fputs("# The capture joined it mid-stream: the handshake "
		    "below is assumed.\n", out);
	fprintf(out, "endpoint client %s", ca);
	export_scn_settings(out, cl);
	if (!self) {
		fprintf(out, "endpoint server %s", sa);
		export_scn_settings(out, sv);
	}
	fprintf(out, "channel all latency=%" PRId64 "us\n", x.lat / 1000);
	fputs("\n", out);
	if (listen)
		fprintf(out, "at %-12s server listen\n", "0");
	if (!cl->bare_syn)
		fprintf(out, "at 0            client connect %s\n",
		    self ? "client" : "server");
	fwrite(cbuf, 1, cn, out);
	fputs("\n", out);
	for (i = 0; i < x.nfaults; i++) {
		f = &x.faults[i];
		/* A spoofed peer loses everything anyway. */
		if (x.end[!f->role].silent)
			continue;
		fprintf(out, "drop %s %s %u\n", export_scn_role[f->role],
		    f->kind, f->ord);
		/*
		 * Nothing this end sent arrived: the simulator's extra
		 * copies (it may answer a repeated SYN again) are lost too.
		 */
		if (x.end[f->role].lost == x.end[f->role].sent &&
		    (i + 1 == x.nfaults || x.faults[i + 1].role != f->role ||
		    strcmp(x.faults[i + 1].kind, f->kind) != 0))
			for (k = f->ord + 1; k <= f->ord + 16; k++)
				fprintf(out, "drop %s %s %u\n",
				    export_scn_role[f->role], f->kind, k);
	}
	for (r = 0; r < 2; r++) {
		if (x.end[r].data_lost > 0)
			fprintf(out, "# The %s resent data %zu time%s; "
			    "the simulator's own losses are not forced.\n",
			    export_scn_role[r], (size_t)x.end[r].data_lost,
			    x.end[r].data_lost == 1 ? "" : "s");
	}
	fprintf(out, "\nsay 0 en Replayed from connection #%u of the "
	    "capture.\nsay 0 zh 由抓包中的连接 #%u 重放。\n",
	    (unsigned)id, (unsigned)id);
out:
	free(cbuf);
	free(x.segs);
	return rc;
}
