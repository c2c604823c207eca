/*
 * engine.c: the state engine: connection table, vantage-point inference,
 * timers in capture time, and the settled-transition queue. Layer 2b:
 * includes layers 0-1 and 2b only; no I/O, no clock.
 *
 * How a segment A->B is handled (capture):
 *   1. evidence: the segment is A's own act, so it may prove that A got
 *      some of B's earlier segments (A's ACK covers them, A replies), or
 *      show that it did not (A retransmits what B already answered);
 *   2. sender: A's sending transitions happen now (E02, E12, E19, E22);
 *   3. facts: what B would do on receiving it is kept as a pending fact at
 *      B, dated at the candidate copy, until step 1 for a later B segment
 *      proves it, the settle window passes, or the input ends.
 * A pending fact is applied against B's state at the time it is applied,
 * so the edge (E06 or E03, E15 or E13 ...) follows what B had done by then.
 * A FIN beyond a hole in the bytes B has (conn_end.rcv_ok, or B's
 * duplicate ACK / SACK says so) is held and dated at the data that fills
 * the hole (RFC 9293 3.10.7.4: segments are processed in sequence).
 *
 * Invariants: each endpoint's transitions are dated in non-decreasing
 * order; a transition is never dated before one already handed out by
 * engine_next(); memory is bounded by max_conns, max_history and max_queue.
 * Connections live in conn.c's table (slots, a hash, an LRU list); the
 * engine decides when to retire and which to evict.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "classify.h"
#include "engine.h"
#include "heap.h"
#include "i18n.h"
#include "seq.h"
#include "xmalloc.h"


/* Kinds of pending facts, in the order RFC 9293 3.10.7.4 checks them. */
enum engine_fact_kind {
	ENGINE_FACT_RST,
	ENGINE_FACT_SYN,
	ENGINE_FACT_ACKSYN,
	ENGINE_FACT_ACKFIN,
	ENGINE_FACT_FIN,
	ENGINE_FACT_COUNT
};

/* How late a SYN retry may come before the end is taken to have given up. */
#define ENGINE_GIVEUP_MARGIN_NS	(200 * INT64_C(1000000))

/*
 * How long a proven SYN whose earlier copy may have got through waits for
 * a second SYN,ACK (engine_evidence): Linux's SYN,ACK timer and its answer
 * to the retransmitted SYN leave within a few milliseconds of each other.
 */
#define ENGINE_HOLD_NS		(200 * INT64_C(1000000))

/* The initial retransmission timeout of a SYN or SYN,ACK (RFC 6298 2.1). */
#define ENGINE_RTO_INIT_NS	COMPAT_NS_PER_SEC

#define ENGINE_FACT_VALID	0x01	/* a candidate copy exists */
#define ENGINE_FACT_PROOF	0x02	/* proof holds a sequence number */
#define ENGINE_FACT_CERTAIN	0x04	/* simulator: delivered at t */
#define ENGINE_FACT_SYNACK	0x08	/* the SYN acked the receiver's SYN */
#define ENGINE_FACT_RSTACK	0x10	/* RST,ACK acceptable in SYN_SENT */
#define ENGINE_FACT_EXPIRED	0x20	/* unanswered SYN: holds nothing */
#define ENGINE_FACT_GO		0x40	/* apply in this round */
#define ENGINE_FACT_UNANSWERED	0x80	/* a SYN,ACK sent again to an end
					   that never ACKed: waits */
#define ENGINE_FACT_REPEAT	0x100	/* the candidate is a later copy;
					   t_first is the first one seen */
#define ENGINE_FACT_HOLD	0x200	/* proven; waits until hold for a
					   second SYN,ACK to date it */
#define ENGINE_FACT_AFTERLOSS	0x400	/* an earlier candidate was shown
					   lost after the capture point */
#define ENGINE_FACT_PROVEN	0x800	/* the receiver's own segment */
#define ENGINE_FACT_OFO		0x1000	/* FIN beyond a hole: held until
					   the bytes before it arrive */
#define ENGINE_FACT_OFO_SAID	0x2000	/* the receiver's ACK said so */
#define ENGINE_FACT_FILLED	0x4000	/* dated at the hole's filling;
					   t_first: its first copy */
#define ENGINE_FACT_OFO_GUESS	0x8000	/* the filling was not seen */

/* What a receiver will do with a segment once it is known to have it. */
struct engine_fact {
	int64_t		 t;		/* arrival of the candidate copy */
	uint64_t	 frame;
	int64_t		 t_first;	/* ENGINE_FACT_REPEAT: first copy */
	uint64_t	 frame_first;
	int64_t		 hold;		/* ENGINE_FACT_HOLD: until when */
	uint32_t	 arg;		/* seq or ack for the reason */
	uint32_t	 proof;		/* an ACK reaching this proves it */
	uint32_t	 hole;		/* ENGINE_FACT_OFO: first byte missing */
	uint32_t	 ann;
	uint16_t	 flags;
	uint8_t		 origin_kind;
	uint8_t		 origin_first;
};

struct engine_pend {
	struct engine_fact	 f[ENGINE_FACT_COUNT];
	int64_t			 ext_t;		/* oldest candidate whose due the
						   backoff put past settle_ns */
	uint8_t			 present;	/* bit per kind */
	uint32_t		 next_free;
	/*
	 * Simulator: the segment that completed the end's in-order bytes
	 * (conn_end.rcv_ok) and arrives latest, lo..hi, while it is still
	 * in flight (the feed goes by send time: a delayed segment is fed
	 * before a FIN that overtakes it). INT64_MIN: none.
	 */
	int64_t			 late_t;
	uint64_t		 late_frame;
	uint32_t		 late_lo;
	uint32_t		 late_hi;
	uint8_t			 late_origin;
};

/*
 * The queue of transitions waiting for engine_watermark: the heap holds
 * these small keys, the transitions stay put in a slab (outv), so sifting
 * moves 24 bytes, not a whole transition.
 */
struct engine_outref {
	int64_t		 t;
	uint64_t	 order;
	uint32_t	 slot;
};

/* A lazy heap entry: stale when the conn's id or deadline moved on. */
struct engine_timer {
	int64_t		 t;
	uint64_t	 serial;	/* push order: ties pop in it */
	uint32_t	 conn;
	uint32_t	 id;
	uint8_t		 role;
};

struct engine {
	struct engine_config	 cfg;
	struct engine_stats	 stats;

	struct conn_table	 ct;		/* conn.c */
	uint32_t		 keep_id;	/* never evicted (engine_keep) */
	uint64_t		 generation;	/* bumped by every call that
						   may move or free storage */

	struct engine_pend	*pend;		/* slot 0 unused */
	size_t			 pend_len;
	size_t			 pend_cap;
	uint32_t		 pend_free;

	struct heap		 due;		/* settle deadlines */
	struct heap		 ext;		/* candidates of facts settling
						   later than settle_ns */
	struct heap		 tw;		/* TIME_WAIT deadlines */
	struct heap		 gu;		/* give-ups, on the time they
						   would be dated at */
	uint64_t		 timer_serial;

	struct engine_outref	*out;		/* a min-heap on (t, order) */
	size_t			 out_len;
	size_t			 out_hcap;
	uint64_t		 wm_gen;	/* engine_next's cached */
	int64_t			 wm;		/* watermark, at wm_gen */
	struct engine_transition *outv;		/* the slab they index */
	uint32_t		*out_free;	/* free slots of outv */
	size_t			 out_nfree;
	size_t			 out_cap;
	uint64_t		 order;
	int64_t			 emitted_t;	/* latest handed out */
	bool			 emitted_any;

	int64_t			 now;
	bool			 have_now;
	bool			 finished;

	engine_retire_fn	 retire;
	void			*retire_arg;

	struct engine_seginfo	 last;		/* the newest segment fed */
};

static const struct {
	const char	*text;
	const char	*arg;		/* name of the quoted number, or NULL */
} engine_reasons[] = {
	[ENGINE_R_NONE] = { "", NULL },
	[ENGINE_R_SND_SYN] = { N_("sent its SYN: active OPEN"), "seq" },
	[ENGINE_R_SND_FIN] = { N_("sent its FIN: CLOSE"), "seq" },
	[ENGINE_R_SND_RST] = { N_("sent a RST: ABORT"), "seq" },
	[ENGINE_R_RCV_SYN] = { N_("received the peer's SYN"), "seq" },
	[ENGINE_R_RCV_SYNACK] = { N_("SYN,ACK acks our SYN"), "ack" },
	[ENGINE_R_RCV_ACKSYN] = { N_("ACK acks our SYN"), "ack" },
	[ENGINE_R_RCV_FIN] = { N_("received the peer's FIN"), "seq" },
	[ENGINE_R_RCV_FINACK] = { N_("FIN,ACK acks our FIN"), "ack" },
	[ENGINE_R_RCV_ACKFIN] = { N_("ACK acks our FIN"), "ack" },
	[ENGINE_R_RCV_RST] = { N_("acceptable RST"), "seq" },
	[ENGINE_R_RCV_RSTACK] = {
	    N_("RST,ACK acks our SYN: connection refused"),
	    "ack" },
	[ENGINE_R_LISTEN] = { N_("a SYN arrived, so this end was listening "
	    "(implied)"), NULL },
	[ENGINE_R_MIDSTREAM] = { N_("joined mid-stream: taken as ESTABLISHED "
	    "(implied)"), NULL },
	[ENGINE_R_HANDSHAKE] = { N_("first seen at the SYN,ACK (implied)"),
	    NULL },
	[ENGINE_R_TIMEOUT] = { N_("2*MSL of capture time passed in TIME_WAIT"),
	    NULL },
	[ENGINE_R_APP] = { N_("application call"), NULL },
	[ENGINE_R_GIVEUP] = { N_("no answer to its SYN, and its next retry is "
	    "overdue: connect() gave up (inferred)"), NULL },
	[ENGINE_R_GIVEUP_SYNACK] = { N_("no ACK of its SYN,ACK, and its next "
	    "retry is overdue: the half-open connection was dropped "
	    "(RFC 9293 3.8.3; inferred)"), NULL },
	[ENGINE_R_GIVEUP_FIN] = {
	    N_("no ACK of its FIN, and its next retry is "
	    "overdue: its retries ran out (RFC 9293 3.8.3; inferred)"), NULL },
	[ENGINE_R_REOPEN] = { N_("opened the 4-tuple again from TIME_WAIT"),
	    NULL },
	[ENGINE_R_TW_SYN] = {
	    N_("a new SYN above RCV.NXT reopened the 4-tuple: "
	    "TIME_WAIT ends (RFC 1122 4.2.2.13; inferred)"), "seq" },
	[ENGINE_R_FIN_TIMEOUT] = {
	    N_("an orphan's FIN_WAIT_2 timer ran out (Linux "
	    "tcp_fin_timeout; RFC 9293 has none): deleted, nothing sent"),
	    NULL },
	[ENGINE_R_RCV_FIN_OFO] = { N_("the data before the peer's FIN arrived: "
	    "the FIN, held out of order until now, is in sequence"), "seq" },
};

static void	engine_conn_settle(struct engine *, struct conn *, bool);
static void	engine_stats_transit(struct engine *, struct conn *,
		    const struct conn_end *, int, int64_t);
static void	engine_track_block(struct conn *, uint32_t);
static struct engine_pend *engine_pend_get(struct engine *, struct conn_end *,
		    bool);
static bool	engine_tw_old_syn(const struct conn *, enum conn_role,
		    const struct event_segment *);

/* ---- heaps (heap.c) ---------------------------------------------------- */

/* Timers: deadline, then the order they were set. */
static bool
engine_timer_before(const void *a, const void *b)
{
	const struct engine_timer	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t;
	return x->serial < y->serial;
}

/* Transitions: time, then settle order. */
static inline bool
engine_out_before(const struct engine_outref *x, const struct engine_outref *y)
{
	if (x->t != y->t)
		return x->t < y->t;
	return x->order < y->order;
}

/* Queue a transition for engine_next. */
static void
engine_out_push(struct engine *e, const struct engine_transition *tr)
{
	struct engine_outref	ref;
	size_t			i;

	if (e->out_nfree == 0) {
		size_t	cap = e->out_cap == 0 ? 64 : e->out_cap * 2;

		e->outv = xreallocarray(e->outv, cap, sizeof *e->outv);
		e->out_free = xreallocarray(e->out_free, cap,
		    sizeof *e->out_free);
		for (i = cap; i > e->out_cap; i--)
			e->out_free[e->out_nfree++] = (uint32_t)(i - 1);
		e->out_cap = cap;
	}
	ref.slot = e->out_free[--e->out_nfree];
	ref.t = tr->t;
	ref.order = tr->order;
	e->outv[ref.slot] = *tr;
	/* Its own heap (the hottest one): no callbacks, no memcpy. */
	if (e->out_len == e->out_hcap) {
		e->out_hcap = e->out_hcap == 0 ? 64 : e->out_hcap * 2;
		e->out = xreallocarray(e->out, e->out_hcap, sizeof *e->out);
	}
	i = e->out_len++;
	while (i > 0 && engine_out_before(&ref, &e->out[(i - 1) / 2])) {
		e->out[i] = e->out[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	e->out[i] = ref;
}

/* Take the first of the queue (engine_out_push) into ref. */
static void
engine_out_pop(struct engine *e, struct engine_outref *ref)
{
	struct engine_outref	 last;
	size_t			 i = 0, c, n;

	*ref = e->out[0];
	n = --e->out_len;
	if (n == 0)
		return;
	last = e->out[n];
	/*
	 * Floyd's pop: the hole goes down to a leaf by the earlier child,
	 * then the last entry climbs back up from there. It belongs near the
	 * bottom, so that is about one comparison a level instead of two.
	 */
	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && engine_out_before(&e->out[c + 1], &e->out[c]))
			c++;
		e->out[i] = e->out[c];
		i = c;
	}
	while (i > 0 && engine_out_before(&last, &e->out[(i - 1) / 2])) {
		e->out[i] = e->out[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	e->out[i] = last;
}

/* Set a timer on heap h. */
static void
engine_timer_push(struct engine *e, struct heap *h, struct engine_timer *tm)
{
	tm->serial = e->timer_serial++;
	heap_push(h, tm);
}

/* ---- configuration and lifecycle -------------------------------------- */

/* Defaults: MSL 30 s (Linux holds TIME_WAIT 60 s), settle 3 s. */
void
engine_config_default(struct engine_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->msl_ns = ENGINE_DEFAULT_MSL_NS;
	cfg->settle_ns = ENGINE_DEFAULT_SETTLE_NS;
	cfg->max_conns = ENGINE_DEFAULT_MAX_CONNS;
	cfg->max_history = 0;
	cfg->max_queue = ENGINE_DEFAULT_MAX_QUEUE;
	cfg->output = true;
}

/* A new engine; zero fields in cfg take the defaults. */
struct engine *
engine_new(const struct engine_config *cfg)
{
	struct engine	*e;

	e = xcalloc(1, sizeof *e);
	engine_config_default(&e->cfg);
	if (cfg != NULL) {
		e->cfg = *cfg;
		if (e->cfg.msl_ns <= 0)
			e->cfg.msl_ns = ENGINE_DEFAULT_MSL_NS;
		if (e->cfg.settle_ns < 0)
			e->cfg.settle_ns = ENGINE_DEFAULT_SETTLE_NS;
		if (e->cfg.max_conns == 0)
			e->cfg.max_conns = ENGINE_DEFAULT_MAX_CONNS;
		if (e->cfg.max_conns > UINT32_MAX / 4)
			e->cfg.max_conns = UINT32_MAX / 4;
		if (e->cfg.max_queue == 0)
			e->cfg.max_queue = ENGINE_DEFAULT_MAX_QUEUE;
	}
	heap_init(&e->due, sizeof(struct engine_timer), engine_timer_before);
	heap_init(&e->ext, sizeof(struct engine_timer), engine_timer_before);
	heap_init(&e->tw, sizeof(struct engine_timer), engine_timer_before);
	heap_init(&e->gu, sizeof(struct engine_timer), engine_timer_before);
	conn_table_init(&e->ct);
	if (e->cfg.stats)
		conn_table_keep_stats(&e->ct);
	e->pend_len = 1;
	e->pend_cap = 16;
	e->pend = xcalloc(e->pend_cap, sizeof *e->pend);
	e->pend_free = 0;
	return e;
}

/* Free the engine and every instance's history. */
void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	conn_table_free(&e->ct);
	free(e->pend);
	heap_free(&e->due);
	heap_free(&e->ext);
	heap_free(&e->tw);
	heap_free(&e->gu);
	free(e->out);
	free(e->outv);
	free(e->out_free);
	free(e);
}

/* Call fn for each instance retired, evicted, or live at the end. */
void
engine_set_retire_hook(struct engine *e, engine_retire_fn fn, void *arg)
{
	e->retire = fn;
	e->retire_arg = arg;
}

/*
 * The instance a view is showing: eviction at max_conns passes it over
 * (the next least recently used goes instead), so a live view never has
 * its connection taken away under it. 0: none.
 */
void
engine_keep(struct engine *e, uint32_t id)
{
	e->keep_id = id;
}

/* Counters since engine_new(). */
const struct engine_stats *
engine_stats(const struct engine *e)
{
	return &e->stats;
}

/* Slots ever used: iterate with engine_conn_at(), skipping NULLs. */
size_t
engine_conn_count(const struct engine *e)
{
	return conn_table_count(&e->ct);
}

/* Slot i, or NULL when the slot is free. */
const struct conn *
engine_conn_at(const struct engine *e, size_t i)
{
	return conn_table_at(&e->ct, i);
}

/*
 * The instance (live or retired, not evicted) with this id, or NULL. A
 * scan of the pool: its one caller (the session's refresh) walks the
 * pool anyway, and an index would cost every mode on every new and
 * evicted connection. An evicted slot has id 0.
 */
const struct conn *
engine_conn_by_id(const struct engine *e, uint32_t id)
{
	size_t	i;

	if (id == 0)
		return NULL;
	for (i = 0; i < e->ct.len; i++) {
		if (e->ct.pool[i].id == id)
			return &e->ct.pool[i];
	}
	return NULL;
}

/* Changes whenever a call may have moved or freed connection storage. */
uint64_t
engine_generation(const struct engine *e)
{
	return e->generation;
}

/* Any valid pending fact at this endpoint? */
bool
engine_conn_tentative(const struct engine *e, const struct conn *c,
    enum conn_role role)
{
	const struct engine_pend	*p;
	int				 k;

	if (c == NULL || c->end[role].pend == 0)
		return false;
	p = &e->pend[c->end[role].pend];
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		if ((p->present & (1u << k)) &&
		    (p->f[k].flags & ENGINE_FACT_VALID))
			return true;
	}
	return false;
}

/*
 * The state an endpoint's pending facts lead to, as engine_fact_apply will
 * take them once they settle: the facts in arrival order (by kind at one
 * time, as 3.10.7.4 checks them), each through the one fsm table. -1 when
 * none would move it. *frame gets the frame of the fact that moves it last.
 * Only the views' "SYN_RCVD?" uses it; nothing here changes the engine.
 */
int
engine_conn_pending_state(const struct engine *e, const struct conn *c,
    enum conn_role role, uint64_t *frame)
{
	const struct conn_end		*end;
	const struct engine_pend	*p;
	const struct engine_fact	*f, *order[ENGINE_FACT_COUNT];
	const struct fsm_edge_info	*ei;
	enum fsm_state			 st, st0;
	enum fsm_origin			 origin;
	enum fsm_edge			 edge;
	unsigned			 ev;
	int				 n = 0, k, j, moved = -1;

	if (c == NULL || role > CONN_SERVER || c->end[role].pend == 0)
		return -1;
	end = &c->end[role];
	p = &e->pend[end->pend];
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		f = &p->f[k];
		if (!(p->present & (1u << k)) ||
		    !(f->flags & ENGINE_FACT_VALID) ||
		    (f->flags & (ENGINE_FACT_EXPIRED | ENGINE_FACT_OFO)))
			continue;
		/* Insertion by time; ties keep kind order. */
		for (j = n; j > 0 && order[j - 1]->t > f->t; j--)
			order[j] = order[j - 1];
		order[j] = f;
		n++;
	}
	st0 = st = (enum fsm_state)end->state;
	origin = (enum fsm_origin)end->origin;
	for (j = 0; j < n; j++) {
		f = order[j];
		k = (int)(f - p->f);
		ev = 0;
		switch (k) {
		case ENGINE_FACT_RST:
			if (st == FSM_SYN_SENT &&
			    (f->flags & ENGINE_FACT_RSTACK))
				ev = FSM_EV_RCV_RSTACK;
			else if (fsm_state_has(st, FSM_ATTR_BOUND) &&
			    st != FSM_SYN_SENT &&
			    !(st == FSM_TIME_WAIT && e->cfg.rfc1337))
				ev = FSM_EV_RCV_RST;
			break;
		case ENGINE_FACT_SYN:
			if (f->flags & ENGINE_FACT_SYNACK)
				ev = st == FSM_SYN_SENT ? FSM_EV_RCV_SYNACK : 0;
			else if (st == FSM_CLOSED || st == FSM_LISTEN) {
				st = FSM_LISTEN;	/* E01, implied */
				ev = FSM_EV_RCV_SYN;
			} else if (st == FSM_SYN_SENT)
				ev = FSM_EV_RCV_SYN;
			break;
		case ENGINE_FACT_ACKSYN:
			ev = st == FSM_SYN_RCVD ? FSM_EV_RCV_ACK_OF_SYN : 0;
			break;
		case ENGINE_FACT_ACKFIN:
			ev = FSM_EV_RCV_ACK_OF_FIN;
			break;
		case ENGINE_FACT_FIN:
			ev = FSM_EV_RCV_FIN;
			break;
		}
		if (ev == 0)
			continue;
		edge = fsm_edge_on(st, ev, origin);
		if (edge == FSM_EDGE_NONE || (ei = fsm_edge_info(edge)) == NULL)
			continue;
		if (st == FSM_LISTEN || st == FSM_SYN_SENT)
			origin = st == FSM_LISTEN ? FSM_ORIGIN_PASSIVE :
			    FSM_ORIGIN_ACTIVE;
		st = ei->to;
		moved = k;
		if (frame != NULL)
			*frame = f->frame;
	}
	if (moved < 0 || st == st0)
		return -1;
	return (int)st;
}

/* The triage counts; NULL when engine_config.stats is off. */
const struct conn_stats *
engine_conn_stats(const struct engine *e, const struct conn *c)
{
	if (c == NULL || c < e->ct.pool || c >= e->ct.pool + e->ct.len)
		return NULL;
	return conn_table_stats(&e->ct, c);
}

/* ---- the connection table (conn.c) ------------------------------------ */

/* The live instance a segment belongs to, if any. */
const struct conn *
engine_conn_find(const struct engine *e, const struct event_segment *seg)
{
	struct event_key	 key;

	event_key_make(&key, seg);
	return conn_table_find(&e->ct, &key);
}

/* Return an endpoint's pending block to the free list. */
static void
engine_pend_release(struct engine *e, struct conn_end *end)
{
	if (end->pend == 0)
		return;
	e->pend[end->pend].next_free = e->pend_free;
	e->pend[end->pend].present = 0;
	e->pend_free = end->pend;
	end->pend = 0;
}

/* Retire an instance: settle what it holds and tell the hook. */
static void
engine_conn_retire(struct engine *e, struct conn *c)
{
	if (c->flags & CONN_F_RETIRED)
		return;
	engine_conn_settle(e, c, true);
	conn_table_unhash(&e->ct, c);
	c->flags |= CONN_F_RETIRED;
	c->due = INT64_MAX;
	if (e->retire != NULL)
		e->retire(e->retire_arg, c);
}

/* Drop the least recently used instance to make room (max_conns). */
static void
engine_evict(struct engine *e)
{
	struct conn	*c = conn_table_oldest(&e->ct);

	if (c != NULL && e->keep_id != 0 && c->id == e->keep_id &&
	    e->ct.live > 1) {
		conn_table_touch(&e->ct, c);
		c = conn_table_oldest(&e->ct);
	}
	if (c == NULL)
		return;
	engine_conn_retire(e, c);
	if (c->hist != NULL)
		e->stats.history_slots -= c->hist->alloc;
	engine_pend_release(e, &c->end[0]);
	engine_pend_release(e, &c->end[1]);
	conn_table_release(&e->ct, c);
	e->stats.evicted++;
}

/* A fresh instance for key; the client side is chosen by the caller. */
static struct conn *
engine_conn_new(struct engine *e, const struct event_key *key, int64_t t)
{
	struct conn	*c;

	if (e->ct.live >= e->cfg.max_conns)
		engine_evict(e);
	c = conn_table_alloc(&e->ct, key, t);
	c->due = INT64_MAX;
	e->stats.instances++;
	return c;
}

/* ---- transitions ------------------------------------------------------ */

/*
 * Over max_steps: forget the steps of the least recently used instances
 * (not keep's) until an eighth is free. Their rings stay, emptied and
 * counting what they lost, and fill again if the instance goes on.
 */
static void
engine_history_trim(struct engine *e, const struct conn *keep)
{
	size_t			 goal = e->cfg.max_steps - e->cfg.max_steps / 8;
	uint32_t		 i;
	struct conn		*c;
	struct conn_history	*h;

	for (i = e->ct.lru_head; i != CONN_NIL &&
	    e->stats.history_slots > goal; i = c->lru_next) {
		c = &e->ct.pool[i];
		if (c == keep || (h = c->hist) == NULL || h->alloc == 0)
			continue;
		e->stats.history_slots -= h->alloc;
		e->stats.history_dropped += h->count;
		h->dropped += h->count;
		free(h->steps);
		h->steps = NULL;
		h->alloc = h->count = h->head = 0;
	}
}

/* A zeroed history step for c (its ring made on first use), or NULL. */
static struct conn_step *
engine_history_push(struct engine *e, struct conn *c)
{
	struct conn_step	*s;
	size_t			 alloc;
	uint64_t		 dropped;

	if (e->cfg.max_history == 0)
		return NULL;
	if (c->hist == NULL)
		c->hist = conn_history_new(e->cfg.max_history);
	alloc = c->hist->alloc;
	dropped = c->hist->dropped;
	s = conn_history_push(c->hist);	/* counts what it pushes out */
	e->stats.history_dropped += c->hist->dropped - dropped;
	e->stats.history_slots += c->hist->alloc - alloc;
	if (e->cfg.max_steps > 0 && e->stats.history_slots > e->cfg.max_steps)
		engine_history_trim(e, c);
	return s;
}

/* Record a history step for a transition. */
static void
engine_history_transition(struct engine *e, struct conn *c,
    const struct engine_transition *tr)
{
	struct conn_step	*s;

	if ((s = engine_history_push(e, c)) == NULL)
		return;
	s->t = tr->t;
	s->frame = tr->frame;
	s->ann = tr->ann;
	s->kind = CONN_STEP_TRANSITION;
	s->role = tr->role;
	s->u.tr.from = tr->from;
	s->u.tr.to = tr->to;
	s->u.tr.edge = tr->edge;
	s->u.tr.known = tr->known;
	s->u.tr.reason = tr->reason;
	s->u.tr.origin_kind = tr->origin_kind;
	s->u.tr.arg = tr->arg;
}

/*
 * How many SYN retries Linux spaces by the initial RTO before it backs off
 * (tcp_syn_linear_timeouts, default 4, Linux 6.5 and later).
 */
#define ENGINE_SYN_LINEAR	4

/*
 * When an end's next retry was due: its last backoff doubled after its
 * last copy (RFC 6298 5.5). The timer fires ENGINE_GIVEUP_MARGIN_NS and an
 * eighth of the wait after that, so a retry a little late still counts. A SYN_SENT end whose
 * retries are still 1 s apart (at most ENGINE_SYN_LINEAR) may be a Linux
 * whose next retry was due 1 s after the last, not 2: the give-up is
 * dated there (the likelier on current kernels; it is marked uncertain),
 * but the timer waits for the doubled one, so an RFC 6298 stack's retry
 * is never taken for a give-up. The give-up heap is ordered on the date
 * (fire false), which engine_watermark holds transitions back to.
 */
static int64_t
engine_giveup_at(const struct conn_end *end, bool fire)
{
	int64_t	gap = (int64_t)end->syn_gap_us * 1000, wait, margin;

	wait = 2 * gap;
	/* Linux's timer wheel runs a timer up to 1/8 of it late. */
	margin = ENGINE_GIVEUP_MARGIN_NS + wait / 8;
	if (!fire && end->state == FSM_SYN_SENT &&
	    !(end->rtx & CONN_RTX_DOUBLED) &&
	    (end->rtx & CONN_RTX_COUNT) <= ENGINE_SYN_LINEAR &&
	    gap == ENGINE_RTO_INIT_NS)
		wait = gap;
	if (end->tw_deadline > INT64_MAX - 2 * wait - margin)
		return INT64_MAX;
	return end->tw_deadline + wait + (fire ? margin : 0);
}

/*
 * When TIME_WAIT entered at t ends (2*MSL later, E21). Saturates: a
 * pcapng timestamp may lie within 2*MSL of INT64_MAX.
 */
static int64_t
engine_tw_end(const struct engine *e, int64_t t)
{
	int64_t	twice = e->cfg.msl_ns > INT64_MAX / 2 ? INT64_MAX :
		    2 * e->cfg.msl_ns;

	return t > INT64_MAX - twice ? INT64_MAX : t + twice;
}

/*
 * Move one endpoint to a new state and queue the transition. edge may be
 * FSM_EDGE_NONE only for implied starts (mid-stream joins), with to given.
 */
static void
engine_transit(struct engine *e, struct conn *c, enum conn_role role,
    enum fsm_edge edge, int to, enum conn_known known, int64_t t,
    uint64_t frame, uint8_t origin_kind, enum engine_reason reason,
    uint32_t arg, uint32_t ann, bool from_none)
{
	struct conn_end			*end = &c->end[role];
	struct engine_transition	 tr;
	const struct fsm_edge_info	*info = fsm_edge_info(edge);

	if (info != NULL)
		to = info->to;
	if (!fsm_state_valid(to))
		return;
	/* Per endpoint, and against what was handed out, time never runs back. */
	if (t < end->t_last)
		t = end->t_last;
	if (e->emitted_any && t < e->emitted_t)
		t = e->emitted_t;

	memset(&tr, 0, sizeof tr);
	tr.t = t;
	tr.frame = frame;
	tr.order = e->order++;
	tr.endpoint = *conn_endpoint(c, role);
	tr.peer = *conn_endpoint(c, role == CONN_CLIENT ? CONN_SERVER :
	    CONN_CLIENT);
	tr.conn_id = c->id;
	tr.ann = ann;
	tr.arg = arg;
	tr.role = (uint8_t)role;
	tr.from = from_none ? -1 : (int8_t)end->state;
	tr.to = (int8_t)to;
	tr.edge = (int8_t)edge;
	tr.known = (uint8_t)known;
	tr.reason = (uint8_t)reason;
	tr.origin_kind = origin_kind;

	engine_stats_transit(e, c, end, to, t);
	end->state = (uint8_t)to;
	end->known = (uint8_t)known;
	end->t_last = t;
	/* RFC 9293 3.10.7.4: which way SYN_RCVD was reached picks E11/E23. */
	if (edge == FSM_E03)
		end->origin = FSM_ORIGIN_PASSIVE;
	else if (edge == FSM_E06)
		end->origin = FSM_ORIGIN_ACTIVE;
	if (to == FSM_TIME_WAIT) {
		struct engine_timer	 tm;

		end->tw_deadline = engine_tw_end(e, t);
		tm.t = end->tw_deadline;
		tm.conn = conn_table_index(&e->ct, c);
		tm.id = c->id;
		tm.role = (uint8_t)role;
		engine_timer_push(e, &e->tw, &tm);
	} else if (to == FSM_SYN_SENT || to == FSM_FIN_WAIT_1 ||
	    to == FSM_LAST_ACK) {
		end->tw_deadline = t;		/* its first SYN or FIN */
		end->syn_gap_us = 0;
		end->rtx = 0;
	} else if (to == FSM_CLOSING || (to == FSM_SYN_RCVD &&
	    (end->tcb.flags & CONN_TCB_SENT_SYNACK))) {
		/* The same FIN (SYN,ACK) is outstanding: its timer goes on. */
	} else
		end->tw_deadline = INT64_MAX;
	/*
	 * A TCB that is gone (or back to LISTEN) has nothing pending; an
	 * implied LISTEN (E01) is only the start of the facts being applied.
	 */
	if (!fsm_state_has(to, FSM_ATTR_BOUND) && edge != FSM_E01) {
		struct engine_pend	*p = engine_pend_get(e, end, false);
		struct engine_fact	 syn;
		bool			 keep;

		/* Back in LISTEN, a newer SYN waiting for it stays. */
		keep = edge == FSM_E11 && p != NULL &&
		    (p->present & (1u << ENGINE_FACT_SYN)) &&
		    (p->f[ENGINE_FACT_SYN].flags & ENGINE_FACT_VALID) &&
		    p->f[ENGINE_FACT_SYN].t > t;
		if (keep)
			syn = p->f[ENGINE_FACT_SYN];
		engine_pend_release(e, end);
		if (keep) {
			p = engine_pend_get(e, end, true);
			p->f[ENGINE_FACT_SYN] = syn;
			p->present = 1u << ENGINE_FACT_SYN;
		}
	}
	/*
	 * RFC 9293 3.10.7.4: back in LISTEN (E11) the TCB forgets the
	 * aborted attempt; the next SYN starts afresh (a new ISS, new IRS).
	 */
	if (edge == FSM_E11) {
		memset(&end->tcb, 0, sizeof end->tcb);
		end->rflags = 0;
	}

	/* A self-connect's server end is the client's mirror: said once. */
	if (role == CONN_SERVER && conn_is_self(c))
		return;
	engine_history_transition(e, c, &tr);
	if (e->cfg.output)
		engine_out_push(e, &tr);
}

/* Take the edge an event gives from the endpoint's state, if any. */
static enum fsm_edge
engine_take(struct engine *e, struct conn *c, enum conn_role role,
    unsigned ev, enum conn_known known, int64_t t, uint64_t frame,
    uint8_t origin_kind, enum engine_reason reason, uint32_t arg,
    uint32_t ann)
{
	struct conn_end	*end = &c->end[role];
	enum fsm_edge	 edge;

	edge = fsm_edge_on((enum fsm_state)end->state, ev,
	    (enum fsm_origin)end->origin);
	if (edge == FSM_EDGE_NONE)
		return edge;
	engine_transit(e, c, role, edge, 0, known, t, frame, origin_kind,
	    reason, arg, ann, false);
	return edge;
}

/* ---- pending facts ---------------------------------------------------- */

/* A new pending block for an endpoint that has none. */
static struct engine_pend *
engine_pend_new(struct engine *e, struct conn_end *end)
{
	uint32_t	 i;

	if (e->pend_free != 0) {
		i = e->pend_free;
		e->pend_free = e->pend[i].next_free;
	} else {
		if (e->pend_len == e->pend_cap) {
			e->pend_cap *= 2;
			e->pend = xreallocarray(e->pend, e->pend_cap,
			    sizeof *e->pend);
		}
		i = (uint32_t)e->pend_len++;
	}
	memset(&e->pend[i], 0, sizeof e->pend[i]);
	e->pend[i].ext_t = INT64_MAX;
	e->pend[i].late_t = INT64_MIN;
	end->pend = i;
	return &e->pend[i];
}

/* The pending block of an endpoint, created on demand (a few a segment). */
static inline struct engine_pend *
engine_pend_get(struct engine *e, struct conn_end *end, bool create)
{
	if (end->pend != 0)
		return &e->pend[end->pend];
	return create ? engine_pend_new(e, end) : NULL;
}

/*
 * Is this end's SYN, SYN,ACK or FIN outstanding on the retransmission
 * timer (conn_end.tw_deadline holds its last copy)?
 */
static bool
engine_rtx_state(int st)
{
	return st == FSM_SYN_SENT || st == FSM_SYN_RCVD ||
	    st == FSM_FIN_WAIT_1 || st == FSM_CLOSING || st == FSM_LAST_ACK;
}

/*
 * When the end's next retransmission of its SYN,ACK or FIN is overdue
 * (the margin included), or INT64_MAX when nothing says. One SYN,ACK copy:
 * the first retry comes after the initial RTO (RFC 6298 2.1: 1 s).
 */
static int64_t
engine_rtx_overdue(const struct conn_end *end)
{
	int64_t	last = end->tw_deadline;

	if (!engine_rtx_state(end->state) || last == INT64_MAX)
		return INT64_MAX;
	if (end->syn_gap_us > 0)
		return engine_giveup_at(end, true);
	if (end->state == FSM_SYN_RCVD &&
	    last <= INT64_MAX - ENGINE_RTO_INIT_NS - ENGINE_GIVEUP_MARGIN_NS)
		return last + ENGINE_RTO_INIT_NS + ENGINE_GIVEUP_MARGIN_NS;
	return INT64_MAX;
}

/* The oldest time a pending fact may still be dated at. */
static int64_t
engine_fact_t0(const struct engine_fact *f)
{
	return (f->flags & ENGINE_FACT_REPEAT) && f->t_first < f->t ?
	    f->t_first : f->t;
}

/*
 * When a fact settles without evidence (ENGINE_FACT_CERTAIN: at once):
 * settle_ns after its candidate, but an ACK of a SYN,ACK or FIN not before
 * the sender's next retransmission is overdue: that retransmission is
 * the contrary evidence, and its timer backs off (1, 2, 4 s ... past any
 * fixed window; RFC 6298 5.5). A held SYN waits until its hold ends.
 */
static int64_t
engine_fact_due(const struct engine *e, const struct conn *c, int r, int kind,
    const struct engine_fact *f)
{
	int64_t	t0, due, next = INT64_MAX;

	/* A FIN held beyond a hole waits for the filling, however long. */
	if (f->flags & ENGINE_FACT_OFO)
		return INT64_MAX;
	if (f->flags & ENGINE_FACT_CERTAIN)
		return f->t;
	if (f->flags & ENGINE_FACT_HOLD)
		return f->hold;
	t0 = engine_fact_t0(f);
	due = t0 > INT64_MAX - e->cfg.settle_ns ? INT64_MAX :
	    t0 + e->cfg.settle_ns;
	if (kind == ENGINE_FACT_ACKSYN || kind == ENGINE_FACT_ACKFIN)
		next = engine_rtx_overdue(&c->end[r]);
	/*
	 * A SYN,ACK sent again to an end in SYN_SENT may still be dated at
	 * its first copy (engine_synack_silent) while its sender goes on.
	 */
	else if (kind == ENGINE_FACT_SYN && (f->flags & ENGINE_FACT_SYNACK) &&
	    (f->flags & ENGINE_FACT_REPEAT) && c->end[r].state == FSM_SYN_SENT)
		next = engine_rtx_overdue(&c->end[!r]);
	if (next != INT64_MAX && next > due)
		due = next;
	return due;
}

/* Recompute a connection's next settle time and queue it. */
static void
engine_reschedule(struct engine *e, struct conn *c)
{
	struct engine_pend	*p;
	struct engine_timer	 tm;
	int64_t			 due = INT64_MAX, d, ext, t0;
	int			 r, k;

	for (r = 0; r < 2; r++) {
		p = engine_pend_get(e, &c->end[r], false);
		if (p == NULL)
			continue;
		ext = INT64_MAX;
		for (k = 0; k < ENGINE_FACT_COUNT; k++) {
			if (!(p->present & (1u << k)) ||
			    !(p->f[k].flags & ENGINE_FACT_VALID) ||
			    (p->f[k].flags & ENGINE_FACT_EXPIRED))
				continue;
			d = engine_fact_due(e, c, r, k, &p->f[k]);
			if (d < due)
				due = d;
			/* Settling past settle_ns: engine_watermark waits. */
			t0 = engine_fact_t0(&p->f[k]);
			if (d != INT64_MAX && d - e->cfg.settle_ns > t0 &&
			    t0 < ext)
				ext = t0;
		}
		if (ext != p->ext_t) {
			p->ext_t = ext;
			if (ext != INT64_MAX) {
				tm.t = ext;
				tm.conn = conn_table_index(&e->ct, c);
				tm.id = c->id;
				tm.role = (uint8_t)r;
				engine_timer_push(e, &e->ext, &tm);
			}
		}
		if (p->present == 0 && p->late_t <= e->now)
			engine_pend_release(e, &c->end[r]);
	}
	if (due == c->due)
		return;
	c->due = due;
	if (due == INT64_MAX)
		return;
	tm.t = due;
	tm.conn = conn_table_index(&e->ct, c);
	tm.id = c->id;
	tm.role = 0;
	engine_timer_push(e, &e->due, &tm);
}

/*
 * Offer a segment as the candidate for a fact at the receiver. latest:
 * a retransmittable trigger (SYN, FIN): the newest copy is the candidate.
 * Otherwise (ACKs): the first since the last contrary evidence. A
 * simulator knows arrival times: there the first copy to arrive is the
 * one acted on, and NULL says an earlier arrival is kept.
 */
static struct engine_fact *
engine_fact_offer(struct engine *e, struct conn *c, enum conn_role rcv,
    enum engine_fact_kind kind, const struct event_segment *seg,
    bool latest, uint32_t arg, uint32_t ann)
{
	struct engine_pend	*p;
	struct engine_fact	*f;
	bool			 certain;

	certain = seg->origin_kind == EVENT_ORIGIN_SCENARIO;
	p = engine_pend_get(e, &c->end[rcv], true);
	f = &p->f[kind];
	if (!(p->present & (1u << kind))) {
		memset(f, 0, sizeof *f);
		p->present |= (uint8_t)(1u << kind);
	}
	if (certain && (f->flags & ENGINE_FACT_VALID) &&
	    (f->flags & ENGINE_FACT_CERTAIN)) {
		if (f->t <= seg->t_recv)
			return NULL;
		latest = true;
		f->flags &= (uint16_t)~(ENGINE_FACT_PROOF | ENGINE_FACT_SYNACK |
		    ENGINE_FACT_RSTACK);
	}
	if (!(f->flags & ENGINE_FACT_VALID) || latest) {
		if (!(f->flags & ENGINE_FACT_VALID))
			f->flags &= (uint16_t)~(ENGINE_FACT_REPEAT |
			    ENGINE_FACT_HOLD | ENGINE_FACT_PROVEN |
			    ENGINE_FACT_OFO | ENGINE_FACT_OFO_SAID |
			    ENGINE_FACT_FILLED | ENGINE_FACT_OFO_GUESS);
		else if (!certain && (kind == ENGINE_FACT_SYN ||
		    kind == ENGINE_FACT_FIN) && f->frame != seg->origin &&
		    f->arg == arg && seg->t_recv > f->t &&
		    !(f->flags & ENGINE_FACT_REPEAT)) {
			/*
			 * A later copy of a SYN or FIN with nothing between
			 * to say the first got through: the newest is the
			 * candidate, the first is kept (engine_evidence and
			 * engine_fact_apply weigh it).
			 */
			f->t_first = f->t;
			f->frame_first = f->frame;
			f->origin_first = f->origin_kind;
			f->flags |= ENGINE_FACT_REPEAT;
		}
		f->t = seg->t_recv;
		f->frame = seg->origin;
		f->origin_kind = seg->origin_kind;
		f->arg = arg;
		f->ann = ann;
		f->flags |= ENGINE_FACT_VALID;
		f->flags &= (uint16_t)~ENGINE_FACT_EXPIRED;
	}
	if (certain)
		f->flags |= ENGINE_FACT_CERTAIN;
	return f;
}

/*
 * Does a SYN fact wait for the receiver's reply? A bare SYN into the void
 * says nothing of a peer, nor does a SYN,ACK its sender had to send again
 * (ENGINE_FACT_UNANSWERED); even a simulator's delivered SYN at an end with
 * no TCB (CLOSED) opens nothing unless that end answers with SYN,ACK: a
 * closed port answers RST,ACK and never had a TCB (RFC 9293 3.10.7.1).
 */
static bool
engine_syn_waits(const struct conn_end *end, const struct engine_fact *f)
{
	if (f->flags & ENGINE_FACT_HOLD)
		return false;		/* proven; only its date waited */
	if (f->flags & ENGINE_FACT_SYNACK)
		return (f->flags & ENGINE_FACT_UNANSWERED) != 0;
	return !(f->flags & ENGINE_FACT_CERTAIN) || end->state == FSM_CLOSED;
}

/* Forget a fact. */
static void
engine_fact_drop(struct engine_pend *p, enum engine_fact_kind kind)
{
	p->present &= (uint8_t)~(1u << kind);
	p->f[kind].flags = 0;
}

/* Apply one fact at its receiver: the receiving-side RFC 9293 3.10.7 rules. */
static void
engine_fact_apply(struct engine *e, struct conn *c, enum conn_role role,
    enum engine_fact_kind kind, const struct engine_fact *f)
{
	struct conn_end		*end = &c->end[role];
	struct engine_pend	*p;
	struct conn_step	*s;
	enum fsm_state		 st = (enum fsm_state)end->state;
	enum conn_known		 known;
	enum engine_reason	 reason = ENGINE_R_NONE;
	unsigned		 ev = 0;
	uint32_t		 ann = f->ann;

	known = (f->flags & ENGINE_FACT_CERTAIN) ? CONN_KNOWN_OBSERVED :
	    CONN_KNOWN_INFERRED;
	/*
	 * A FIN seen again with nothing from the receiver between: the
	 * first copy was lost before it, or it arrived and the ACK was lost
	 * before the capture point. One loss either way; the newest copy is
	 * taken (the capture's own side cannot have lost the ACK), and the
	 * time is marked uncertain.
	 */
	if (kind == ENGINE_FACT_FIN && (f->flags & ENGINE_FACT_REPEAT))
		known = CONN_KNOWN_UNCERTAIN;
	/*
	 * A FIN held beyond a hole whose filling the capture never showed:
	 * the ACK of the FIN is the latest it can have come.
	 */
	if (kind == ENGINE_FACT_FIN && (f->flags & ENGINE_FACT_OFO_GUESS))
		known = CONN_KNOWN_UNCERTAIN;
	/*
	 * An ACK that only the silence after it proves, on a path that has
	 * already lost such ACKs after the capture point: it may have been
	 * lost too, with its sender out of retries (one more loss, and fewer
	 * retries than Linux's defaults). The likelier is taken and marked.
	 */
	if ((kind == ENGINE_FACT_ACKFIN || kind == ENGINE_FACT_ACKSYN) &&
	    (f->flags & ENGINE_FACT_AFTERLOSS) &&
	    !(f->flags & (ENGINE_FACT_PROVEN | ENGINE_FACT_CERTAIN)))
		known = CONN_KNOWN_UNCERTAIN;
	/*
	 * Likewise a SYN seen again and answered by one SYN,ACK: the newest
	 * copy is taken (engine_syn_hold: Linux would have sent two had the
	 * first got through), but a stack whose SYN,ACK timer is not 1 s
	 * fits the other story as well.
	 */
	if (kind == ENGINE_FACT_SYN && (f->flags & ENGINE_FACT_REPEAT) &&
	    !(f->flags & (ENGINE_FACT_CERTAIN | ENGINE_FACT_SYNACK)))
		known = CONN_KNOWN_UNCERTAIN;
	switch (kind) {
	case ENGINE_FACT_RST:
		/* RFC 9293 3.10.7.3: RST,ACK acking our SYN refuses (E08). */
		if (st == FSM_SYN_SENT && (f->flags & ENGINE_FACT_RSTACK)) {
			ev = FSM_EV_RCV_RSTACK;
			reason = ENGINE_R_RCV_RSTACK;
			c->flags |= CONN_F_REFUSED;
		} else if (fsm_state_has(st, FSM_ATTR_BOUND) &&
		    st != FSM_SYN_SENT &&
		    !(st == FSM_TIME_WAIT && e->cfg.rfc1337)) {
			/* 3.10.7.4: acceptable RST (E22; E11/E23 in SYN_RCVD). */
			ev = FSM_EV_RCV_RST;
			reason = ENGINE_R_RCV_RST;
		}
		break;
	case ENGINE_FACT_SYN:
		/*
		 * A SYN,ACK reaching an end with no SYN of its own out (gone
		 * back to CLOSED, say, after giving up) opens nothing: it
		 * would answer with a RST (RFC 9293 3.10.7.1, 3.10.7.2).
		 */
		if ((f->flags & ENGINE_FACT_SYNACK) &&
		    (st == FSM_CLOSED || st == FSM_LISTEN))
			return;
		end->rflags |= CONN_RCVD_SYN;
		if (st == FSM_CLOSED) {
			/* LISTEN is never on the wire: implied, E01. */
			engine_transit(e, c, role, FSM_E01, 0,
			    CONN_KNOWN_IMPLIED, f->t, f->frame,
			    f->origin_kind, ENGINE_R_LISTEN, 0, 0, false);
			st = FSM_LISTEN;
		}
		if (st == FSM_LISTEN) {
			ev = FSM_EV_RCV_SYN;
			reason = ENGINE_R_RCV_SYN;
		} else if (st == FSM_SYN_SENT &&
		    (f->flags & ENGINE_FACT_SYNACK)) {
			/* 3.10.7.3: SYN,ACK acking our SYN (E07). */
			ev = FSM_EV_RCV_SYNACK;
			reason = ENGINE_R_RCV_SYNACK;
			end->rflags |= CONN_RCVD_SYN_ACKED;
		} else if (st == FSM_SYN_SENT) {
			/* 3.10.7.3: a bare SYN: simultaneous open (E06). */
			ev = FSM_EV_RCV_SYN;
			reason = ENGINE_R_RCV_SYN;
		}
		break;
	case ENGINE_FACT_ACKSYN:
		end->rflags |= CONN_RCVD_SYN_ACKED;
		if (st == FSM_SYN_RCVD) {
			ev = FSM_EV_RCV_ACK_OF_SYN;
			reason = ENGINE_R_RCV_ACKSYN;
		}
		break;
	case ENGINE_FACT_ACKFIN:
		end->rflags |= CONN_RCVD_FIN_ACKED;
		p = engine_pend_get(e, end, false);
		if (st == FSM_FIN_WAIT_1 && p != NULL &&
		    (p->present & (1u << ENGINE_FACT_FIN)) &&
		    (p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_VALID) &&
		    !(p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_OFO) &&
		    p->f[ENGINE_FACT_FIN].frame == f->frame &&
		    p->f[ENGINE_FACT_FIN].t == f->t) {
			/* 3.10.7.4: a FIN that also ACKs our FIN (E16). */
			ann |= p->f[ENGINE_FACT_FIN].ann;
			if (p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_REPEAT)
				known = CONN_KNOWN_UNCERTAIN;
			engine_fact_drop(p, ENGINE_FACT_FIN);
			end->rflags |= CONN_RCVD_FIN;
			ev = FSM_EV_RCV_FIN_ACK_OF_FIN;
			reason = ENGINE_R_RCV_FINACK;
		} else if (st == FSM_FIN_WAIT_1 || st == FSM_CLOSING ||
		    st == FSM_LAST_ACK) {
			ev = FSM_EV_RCV_ACK_OF_FIN;
			reason = ENGINE_R_RCV_ACKFIN;
		}
		break;
	case ENGINE_FACT_FIN:
		end->rflags |= CONN_RCVD_FIN;
		ev = FSM_EV_RCV_FIN;
		/* Dated at the segment that filled the hole before it. */
		reason = (f->flags & (ENGINE_FACT_FILLED |
		    ENGINE_FACT_OFO_GUESS)) ? ENGINE_R_RCV_FIN_OFO :
		    ENGINE_R_RCV_FIN;
		break;
	default:
		return;
	}
	if (ev == 0)
		return;
	if (engine_take(e, c, role, ev, known, f->t, f->frame, f->origin_kind,
	    reason, f->arg, ann) == FSM_EDGE_NONE &&
	    (s = engine_history_push(e, c)) != NULL) {
		/* "no edge from <STATE> on <segment>": kept as a step. */
		s->t = f->t;
		s->frame = f->frame;
		s->ann = ann | CONN_ANN(NO_EDGE);
		s->kind = CONN_STEP_TRANSITION;
		s->role = (uint8_t)role;
		s->u.tr.from = (int8_t)st;
		s->u.tr.to = (int8_t)st;
		s->u.tr.edge = FSM_EDGE_NONE;
		s->u.tr.known = (uint8_t)known;
		s->u.tr.reason = (uint8_t)reason;
		s->u.tr.origin_kind = f->origin_kind;
		s->u.tr.arg = f->arg;
	}
}

/*
 * Apply the facts marked GO at one endpoint, and every valid fact before
 * the latest of them (a FIFO path delivers in order), oldest first; ties
 * in RFC processing order. Unproven bare SYNs wait for evidence.
 */
static void
engine_apply_marked(struct engine *e, struct conn *c, enum conn_role role)
{
	struct engine_pend	*p;
	struct engine_fact	 f;
	int64_t			 lim_t = INT64_MIN;
	int			 k, best, lim_k = -1, rounds;

	p = engine_pend_get(e, &c->end[role], false);
	if (p == NULL)
		return;
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		if ((p->present & (1u << k)) &&
		    (p->f[k].flags & ENGINE_FACT_GO) &&
		    (p->f[k].t > lim_t || (p->f[k].t == lim_t && k > lim_k))) {
			lim_t = p->f[k].t;
			lim_k = k;
		}
	}
	if (lim_k < 0)
		return;
	for (rounds = 0; rounds < ENGINE_FACT_COUNT; rounds++) {
		/* The pend array may move while applying: re-fetch. */
		p = engine_pend_get(e, &c->end[role], false);
		if (p == NULL)
			return;
		best = -1;
		for (k = 0; k < ENGINE_FACT_COUNT; k++) {
			const struct engine_fact	*g = &p->f[k];

			if (!(p->present & (1u << k)) ||
			    !(g->flags & ENGINE_FACT_VALID) ||
			    (g->flags & ENGINE_FACT_OFO))
				continue;
			if (g->t > lim_t || (g->t == lim_t && k > lim_k))
				continue;
			if (k == ENGINE_FACT_SYN &&
			    !(g->flags & ENGINE_FACT_GO) &&
			    engine_syn_waits(&c->end[role], g))
				continue;
			if (best < 0 || g->t < p->f[best].t)
				best = k;
		}
		if (best < 0)
			break;
		f = p->f[best];
		engine_fact_drop(p, (enum engine_fact_kind)best);
		engine_fact_apply(e, c, role, (enum engine_fact_kind)best, &f);
	}
	p = engine_pend_get(e, &c->end[role], false);
	if (p != NULL) {
		for (k = 0; k < ENGINE_FACT_COUNT; k++)
			p->f[k].flags &= (uint16_t)~ENGINE_FACT_GO;
	}
}

/*
 * Settle a connection's facts that are due by now (all of them when
 * finishing; unanswered SYNs are then dropped: that end never existed).
 */
static void
engine_conn_settle(struct engine *e, struct conn *c, bool all)
{
	struct engine_pend	*p;
	int			 r, k;

	for (r = 0; r < 2; r++) {
		p = engine_pend_get(e, &c->end[r], false);
		if (p == NULL)
			continue;
		for (k = 0; k < ENGINE_FACT_COUNT; k++) {
			struct engine_fact	*f = &p->f[k];

			if (!(p->present & (1u << k)))
				continue;
			if (!(f->flags & ENGINE_FACT_VALID)) {
				if (all)
					engine_fact_drop(p,
					    (enum engine_fact_kind)k);
				continue;
			}
			if (!all && engine_fact_due(e, c, r, k, f) > e->now)
				continue;
			/*
			 * At the end a FIN still beyond a hole its receiver
			 * reported was never processed (3.10.7.4); one only
			 * the capture's own gap put there was.
			 */
			if (f->flags & ENGINE_FACT_OFO) {
				if (f->flags & ENGINE_FACT_OFO_SAID) {
					engine_fact_drop(p,
					    (enum engine_fact_kind)k);
					continue;
				}
				f->flags &= (uint16_t)~ENGINE_FACT_OFO;
			}
			if (k == ENGINE_FACT_SYN &&
			    engine_syn_waits(&c->end[r], f)) {
				/*
				 * A bare SYN settles only on the peer's reply:
				 * a SYN into the void says nothing of a peer.
				 */
				if (all)
					engine_fact_drop(p, ENGINE_FACT_SYN);
				else
					f->flags |= ENGINE_FACT_EXPIRED;
				continue;
			}
			f->flags |= ENGINE_FACT_GO;
		}
		engine_apply_marked(e, c, (enum conn_role)r);
	}
	engine_reschedule(e, c);
}

/* The first copy of a repeated segment is the one that got through. */
static void
engine_fact_take_first(struct engine_fact *f)
{
	f->t = f->t_first;
	f->frame = f->frame_first;
	f->origin_kind = f->origin_first;
	f->flags &= (uint16_t)~ENGINE_FACT_REPEAT;
}

/*
 * The ACK of a FIN seen more than once reports the FIN as a duplicate
 * (D-SACK, RFC 2883: a first SACK block at or below the cumulative ACK,
 * here the FIN's one sequence number): the first copy had arrived, and
 * its ACK was lost.
 */
static void
engine_fin_dsack(struct engine_fact *f, const struct event_segment *seg)
{
	uint32_t	fs = f->proof - 1;

	if (!(f->flags & ENGINE_FACT_REPEAT) ||
	    !(seg->opts.present & EVOPT_SACK) || seg->opts.sack_count == 0)
		return;
	if (!seq_leq(seg->opts.sack[0][0], fs) ||
	    !seq_gt(seg->opts.sack[0][1], fs) ||
	    !seq_leq(seg->opts.sack[0][1], seg->ack))
		return;
	engine_fact_take_first(f);
}

/*
 * A SYN,ACK answers a SYN seen more than once. Which copy got through?
 * Linux answers a retransmitted SYN at once (inet_rtx_syn_ack) and keeps
 * its own SYN,ACK timer (1 s, 2 s, ...; RFC 6298 5.5): when the first copy
 * got through and the first SYN,ACK was lost before the capture point,
 * the timer's SYN,ACK leaves with the answer to the next copy, so two
 * SYN,ACKs follow it within moments. One alone: only the newest copy got
 * through. So the proof holds for ENGINE_HOLD_NS, while the fact is still
 * young enough for engine_watermark (its first copy within settle_ns).
 */
static void
engine_syn_hold(struct engine *e, const struct conn_end *end,
    struct engine_fact *f, const struct event_segment *seg)
{
	if (f->flags & ENGINE_FACT_HOLD) {
		if ((end->tcb.flags & CONN_TCB_HAS_ISS) &&
		    seg->seq == end->tcb.iss && (f->flags & ENGINE_FACT_REPEAT)) {
			engine_fact_take_first(f);
		}
		f->flags |= ENGINE_FACT_GO;
		return;
	}
	if (f->t_first <= INT64_MAX - e->cfg.settle_ns &&
	    seg->t_sent <= INT64_MAX - ENGINE_HOLD_NS &&
	    seg->t_sent + ENGINE_HOLD_NS <= f->t_first + e->cfg.settle_ns) {
		f->flags |= ENGINE_FACT_HOLD;
		f->hold = seg->t_sent + ENGINE_HOLD_NS;
	} else
		f->flags |= ENGINE_FACT_GO;
}

/*
 * An end in SYN_SENT ACKs a SYN,ACK its peer had sent more than once, and
 * it never sent its SYN again since the first copy: its own SYN timer
 * (1 s, RFC 6298 2.1) would have, had no copy arrived before. So a copy
 * that came before that retry was due got through and its ACKs were lost:
 * the first copy, the story with the fewest lost SYN,ACKs.
 */
static void
engine_synack_silent(const struct conn_end *end, struct engine_fact *f)
{
	int64_t	due;

	if (end->tw_deadline == INT64_MAX || end->tw_deadline >= f->t_first)
		return;
	if (end->syn_gap_us > 0)
		due = engine_giveup_at(end, true);
	else if (end->tw_deadline <= INT64_MAX - ENGINE_RTO_INIT_NS -
	    ENGINE_GIVEUP_MARGIN_NS)
		due = end->tw_deadline + ENGINE_RTO_INIT_NS +
		    ENGINE_GIVEUP_MARGIN_NS;
	else
		return;
	if (due >= f->t || f->t_first > due)
		return;
	engine_fact_take_first(f);
}

/* Is a proven SYN at this end waiting for its date (engine_syn_hold)? */
static bool
engine_syn_held(struct engine *e, struct conn_end *end)
{
	struct engine_pend	*p = engine_pend_get(e, end, false);

	return p != NULL && (p->present & (1u << ENGINE_FACT_SYN)) &&
	    (p->f[ENGINE_FACT_SYN].flags & ENGINE_FACT_VALID) &&
	    (p->f[ENGINE_FACT_SYN].flags & ENGINE_FACT_HOLD);
}

/*
 * The peer's segment seg reached end: how far it has the peer's bytes in
 * order (conn_end.rcv_ok). A capture takes every segment it saw as
 * arrived; the receiver's own ACKs correct that (engine_fin_ofo_evidence).
 * Bytes beyond a hole are not kept: the hole's filling is what matters.
 */
static void
engine_rcvq_add(struct engine *e, struct conn_end *end,
    const struct event_segment *seg)
{
	struct engine_pend	*p;
	uint32_t		 lo, hi;
	bool			 grew;

	lo = seg->seq + ((seg->flags & SEGF_SYN) ? 1 : 0);
	hi = lo + seg->payload_len;
	/*
	 * The first segment seen, or a SYN of another ISN than the bytes
	 * so far count from (an old duplicate's answer came first).
	 */
	if (!(end->rflags & CONN_RCVD_OK_SET) || ((seg->flags & SEGF_SYN) &&
	    !(seq_geq(end->rcv_ok, lo) &&
	    seq_lt(end->rcv_ok, lo + (UINT32_C(1) << 30))))) {
		end->rcv_ok = lo;
		end->rflags |= CONN_RCVD_OK_SET;
	}
	grew = seq_leq(lo, end->rcv_ok) && seq_gt(hi, end->rcv_ok);
	if (grew)
		end->rcv_ok = hi;
	if (seg->origin_kind != EVENT_ORIGIN_SCENARIO || seg->payload_len == 0)
		return;
	/*
	 * The simulator knows arrival times: bytes that complete the
	 * in-order part later than now are remembered (engine_fin_late);
	 * a copy of them that arrives sooner takes their place.
	 */
	p = engine_pend_get(e, end, grew && seg->t_recv > e->now);
	if (p == NULL)
		return;
	if (grew && seg->t_recv > e->now && (p->late_t <= e->now ||
	    seg->t_recv > p->late_t)) {
		p->late_lo = lo;
		p->late_hi = hi;
	} else if (grew || p->late_t <= seg->t_recv ||
	    !seq_leq(lo, p->late_lo) || !seq_geq(hi, p->late_hi))
		return;
	p->late_t = seg->t_recv;
	p->late_frame = seg->origin;
	p->late_origin = seg->origin_kind;
}

/*
 * Simulator: a FIN whose bytes before it arrive after it (a delayed
 * segment) is taken when they arrive (RFC 9293 3.10.7.4).
 */
static void
engine_fin_late(struct engine *e, struct conn_end *end, struct engine_fact *f)
{
	struct engine_pend	*p = engine_pend_get(e, end, false);

	if (p == NULL || !(f->flags & ENGINE_FACT_CERTAIN) ||
	    (f->flags & ENGINE_FACT_OFO) || p->late_t <= f->t ||
	    !seq_geq(f->arg, p->late_hi))
		return;
	f->t = p->late_t;
	f->frame = p->late_frame;
	f->origin_kind = p->late_origin;
	f->flags |= ENGINE_FACT_FILLED;
}

/*
 * The peer's FIN (pending as f) comes after data: RFC 9293 3.10.7.4
 * processes segments in sequence, so with a hole before it the FIN waits
 * (Linux: tcp_data_queue_ofo; tcp_fin only once the hole is filled). A
 * FIN past the bytes its receiver has is held.
 */
static void
engine_fin_ofo_offer(const struct conn_end *end, struct engine_fact *f)
{
	if (!(end->rflags & CONN_RCVD_OK_SET) || (f->flags & ENGINE_FACT_OFO))
		return;
	if (seq_lt(end->rcv_ok, f->arg)) {
		f->flags |= ENGINE_FACT_OFO;
		f->hole = end->rcv_ok;
	}
}

/*
 * Data from the FIN's sender reached end: does it fill (part of) the hole
 * a held FIN waits behind? Filled, the FIN is dated at that segment (the
 * first copy kept in t_first); a part filled is kept in t_first. A
 * capture's later copy of the filling data before the ACK of the FIN is
 * the candidate instead: the earlier one may have been lost past the
 * capture point (a D-SACK on the ACK of the FIN says it was not).
 */
static void
engine_fin_fill(const struct conn_end *end, struct engine_fact *f,
    const struct event_segment *seg)
{
	if (f->flags & ENGINE_FACT_OFO) {
		if (!seq_gt(end->rcv_ok, f->hole))
			return;
		f->t_first = seg->t_recv;
		f->frame_first = seg->origin;
		f->origin_first = seg->origin_kind;
		f->flags |= ENGINE_FACT_FILLED;
		if (seq_lt(end->rcv_ok, f->arg)) {
			f->hole = end->rcv_ok;		/* a part */
			return;
		}
		f->flags &= (uint16_t)~(ENGINE_FACT_OFO | ENGINE_FACT_REPEAT);
		if (seg->t_recv > f->t) {
			f->t = seg->t_recv;
			f->frame = seg->origin;
			f->origin_kind = seg->origin_kind;
		}
		return;
	}
	if ((f->flags & (ENGINE_FACT_FILLED | ENGINE_FACT_CERTAIN |
	    ENGINE_FACT_PROVEN)) != ENGINE_FACT_FILLED ||
	    seg->payload_len == 0 || !seq_leq(seg->seq, f->hole) ||
	    !seq_gt(seg->seq + seg->payload_len, f->hole) || seg->t_recv < f->t)
		return;
	f->t = seg->t_recv;
	f->frame = seg->origin;
	f->origin_kind = seg->origin_kind;
}

/* Does one of seg's SACK blocks hold sequence number x? */
static bool
engine_sack_holds(const struct event_segment *seg, uint32_t x)
{
	unsigned	i;

	if (!(seg->opts.present & EVOPT_SACK))
		return false;
	for (i = 0; i < seg->opts.sack_count && i < EVENT_SACK_MAX; i++) {
		if (seq_leq(seg->opts.sack[i][0], x) &&
		    seq_gt(seg->opts.sack[i][1], x))
			return true;
	}
	return false;
}

/*
 * The FIN's receiver sends seg while the FIN is pending. An ACK below the
 * FIN that reports it (a SACK block holding it) or repeats the last ACK
 * (a duplicate ACK, RFC 5681 4.2: the answer to an out-of-order segment)
 * says a hole lies before the FIN: it is held. The ACK of the FIN ends
 * the hold: at the last part of the filling seen, or, with none seen, at
 * this ACK (the latest the filling can have come; uncertain). A hold only
 * the capture's own gap made keeps the FIN's date: those bytes had come.
 */
static void
engine_fin_ofo_evidence(struct conn_end *end, struct engine_fact *f,
    const struct event_segment *seg)
{
	const struct conn_tcb	*tcb = &end->tcb;
	uint32_t		 fs = f->arg;

	if (!(seg->flags & SEGF_ACK) || !(f->flags & ENGINE_FACT_VALID) ||
	    (f->flags & (ENGINE_FACT_CERTAIN | ENGINE_FACT_PROVEN)))
		return;
	if ((f->flags & ENGINE_FACT_PROOF) && seq_geq(seg->ack, f->proof)) {
		if ((f->flags & ENGINE_FACT_FILLED) &&
		    ((f->flags & ENGINE_FACT_OFO) ||
		    ((seg->opts.present & EVOPT_SACK) &&
		    seg->opts.sack_count > 0 &&
		    seq_leq(seg->opts.sack[0][0], f->hole) &&
		    seq_gt(seg->opts.sack[0][1], f->hole) &&
		    seq_leq(seg->opts.sack[0][1], seg->ack)))) {
			/*
			 * The last part of the filling seen; or a D-SACK
			 * of the filling: its first copy had arrived.
			 */
			if (f->t_first > f->t || !(f->flags & ENGINE_FACT_OFO)) {
				f->t = f->t_first;
				f->frame = f->frame_first;
				f->origin_kind = f->origin_first;
			}
		} else if ((f->flags & ENGINE_FACT_OFO) &&
		    (f->flags & ENGINE_FACT_OFO_SAID)) {
			f->t = seg->t_sent;
			f->frame = seg->origin;
			f->origin_kind = seg->origin_kind;
			f->flags |= ENGINE_FACT_OFO_GUESS;
		}
		f->flags &= (uint16_t)~ENGINE_FACT_OFO;
		return;
	}
	if (!seq_lt(seg->ack, fs) || seg->t_sent < f->t)
		return;
	if (!engine_sack_holds(seg, fs) && !(seg->payload_len == 0 &&
	    !(seg->flags & (SEGF_SYN | SEGF_FIN)) &&
	    (tcb->flags & CONN_TCB_SENT_ACK) && seg->ack == tcb->last_ack &&
	    seg->window == tcb->window))
		return;
	if (!(f->flags & ENGINE_FACT_OFO) || seq_lt(seg->ack, f->hole))
		f->hole = seg->ack;
	f->flags &= (uint16_t)~ENGINE_FACT_FILLED;
	f->flags |= ENGINE_FACT_OFO | ENGINE_FACT_OFO_SAID;
	/* It has the bytes up to its ACK, no further. */
	if ((end->rflags & CONN_RCVD_OK_SET) && seq_lt(seg->ack, end->rcv_ok))
		end->rcv_ok = seg->ack;
}

/*
 * Step 1: what the sender's own segment proves about the facts pending at
 * the sender (its peer's earlier segments), or disproves.
 */
static void
engine_evidence(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint32_t *ann)
{
	struct conn_end		*end = &c->end[role];
	struct engine_pend	*p;
	struct engine_fact	*f;
	bool			 ack = (seg->flags & SEGF_ACK) != 0;
	bool			 syn = (seg->flags & SEGF_SYN) != 0;
	bool			 rst = (seg->flags & SEGF_RST) != 0;
	int			 k;

	p = engine_pend_get(e, end, false);
	if (p == NULL)
		return;
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		f = &p->f[k];
		if (!(p->present & (1u << k)))
			continue;
		switch (k) {
		case ENGINE_FACT_SYN:
			/*
			 * A RST at SND.NXT from SYN_SENT: in SYN_SENT it
			 * would send none (RFC 9293 3.10.5, 3.10.7.3), so it
			 * got the SYN (E06) or SYN,ACK (E07) and aborts.
			 */
			if (rst && (f->flags & ENGINE_FACT_VALID) &&
			    end->state == FSM_SYN_SENT &&
			    seg->seq == end->tcb.snd_nxt) {
				/*
				 * But a bare RST at the SYN,ACK's ACK from an
				 * end that never ACKed it is the answer to an
				 * unacceptable ACK (3.10.7.3, <SEQ=SEG.ACK>
				 * <CTL=RST>): the SYN it acked was an old
				 * duplicate, not this end's; it stays.
				 */
				if ((f->flags & ENGINE_FACT_SYNACK) && !ack &&
				    seg->seq == f->arg &&
				    !(end->tcb.flags & CONN_TCB_SENT_ACK)) {
					engine_fact_drop(p, ENGINE_FACT_SYN);
					/* Its next bare SYN gives its ISS. */
					end->tcb.flags &= (uint8_t)~CONN_TCB_HAS_ISS;
					*ann |= CONN_ANN(NOT_DELIVERED);
					break;
				}
				f->flags |= ENGINE_FACT_GO;
				break;
			}
			if (!ack || !seq_geq(seg->ack, f->proof))
				break;
			if (rst && end->state == FSM_CLOSED) {
				/* Refused: this end never existed. */
				engine_fact_drop(p, ENGINE_FACT_SYN);
				c->flags |= CONN_F_REFUSED;
				*ann |= CONN_ANN(REFUSED);
				break;
			}
			/* Its reply to the SYN (SYN,ACK or ACK) proves it. */
			if (!(f->flags & ENGINE_FACT_VALID))
				break;
			if (syn && ack && (f->flags & (ENGINE_FACT_REPEAT |
			    ENGINE_FACT_HOLD)) && !(f->flags &
			    (ENGINE_FACT_CERTAIN | ENGINE_FACT_SYNACK))) {
				engine_syn_hold(e, end, f, seg);
				break;
			}
			if ((f->flags & ENGINE_FACT_SYNACK) &&
			    (f->flags & ENGINE_FACT_REPEAT) &&
			    !(f->flags & ENGINE_FACT_CERTAIN) &&
			    end->state == FSM_SYN_SENT)
				engine_synack_silent(end, f);
			f->flags |= ENGINE_FACT_GO;
			break;
		case ENGINE_FACT_ACKSYN:
			/* Anything but a SYN means it left SYN_RCVD. */
			if (!syn && !rst && (f->flags & ENGINE_FACT_VALID))
				f->flags |= ENGINE_FACT_GO | ENGINE_FACT_PROVEN;
			break;
		case ENGINE_FACT_RST:
			/*
			 * A SYN,ACK answering another SYN than the one it
			 * answered before: the RST sent it back to LISTEN
			 * (E11) and a new SYN came in.
			 */
			if (syn && ack && (f->flags & ENGINE_FACT_VALID) &&
			    (end->tcb.flags & CONN_TCB_SENT_SYNACK) &&
			    (end->tcb.flags & CONN_TCB_SENT_ACK) &&
			    seg->ack != end->tcb.last_ack)
				f->flags |= ENGINE_FACT_GO;
			break;
		case ENGINE_FACT_ACKFIN:
		case ENGINE_FACT_FIN:
			if (k == ENGINE_FACT_FIN && !rst)
				engine_fin_ofo_evidence(end, f, seg);
			if (ack && (f->flags & ENGINE_FACT_PROOF) &&
			    (f->flags & ENGINE_FACT_VALID) &&
			    seq_geq(seg->ack, f->proof)) {
				if (k == ENGINE_FACT_FIN)
					engine_fin_dsack(f, seg);
				f->flags |= ENGINE_FACT_GO | ENGINE_FACT_PROVEN;
			}
			break;
		default:
			break;
		}
	}

	/* Contrary evidence: it acts as if a candidate never arrived. */
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		bool	 contrary = false;

		f = &p->f[k];
		if (!(p->present & (1u << k)) ||
		    !(f->flags & ENGINE_FACT_VALID) ||
		    (f->flags & ENGINE_FACT_CERTAIN))
			continue;
		switch (k) {
		case ENGINE_FACT_SYN:
			/* It retransmits its SYN: no SYN,ACK got through. */
			contrary = syn && !ack &&
			    (f->flags & ENGINE_FACT_SYNACK) &&
			    (end->tcb.flags & CONN_TCB_HAS_ISS) &&
			    seg->seq == end->tcb.iss;
			break;
		case ENGINE_FACT_ACKSYN:
			/* It retransmits its SYN(,ACK): no ACK of it arrived. */
			contrary = syn && (end->tcb.flags & CONN_TCB_HAS_ISS) &&
			    seg->seq == end->tcb.iss &&
			    (!ack || (end->tcb.flags & CONN_TCB_SENT_SYNACK));
			break;
		case ENGINE_FACT_ACKFIN:
			/* It retransmits its FIN: no ACK of it arrived. */
			contrary = (seg->flags & SEGF_FIN) &&
			    (end->tcb.flags & CONN_TCB_SENT_FIN) &&
			    classify_fin_seq(seg) == end->tcb.fin_seq;
			break;
		case ENGINE_FACT_RST:
			contrary = !rst && !(f->flags & ENGINE_FACT_GO);
			break;
		default:
			break;
		}
		if (contrary) {
			f->flags &= (uint16_t)~(ENGINE_FACT_VALID |
			    ENGINE_FACT_GO);
			f->flags |= ENGINE_FACT_AFTERLOSS;
			*ann |= CONN_ANN(NOT_DELIVERED);
		}
	}
	engine_apply_marked(e, c, role);
}

/*
 * The retransmission timeout behind a gap between two copies of a SYN. A
 * SYN's RTO has no RTT sample: it is the initial 1 s (RFC 6298 2.1; old
 * stacks 3 s) doubled per retry, so the gap is such a value plus timer
 * slack: a gap within 10% of 2^k s is taken as exactly that.
 */
static int64_t
engine_rto_of(int64_t gap)
{
	int64_t	rto;

	for (rto = COMPAT_NS_PER_SEC / 4; rto <= 1024 * COMPAT_NS_PER_SEC;
	    rto *= 2) {
		if (gap >= rto - rto / 10 && gap <= rto + rto / 10)
			return rto;
		if (gap >= 3 * rto - 3 * rto / 10 && gap <= 3 * rto + 3 * rto / 10)
			return 3 * rto;
	}
	return gap;
}

/*
 * A SYN, SYN,ACK or FIN sent again: the retransmission timer backs off,
 * doubling (RFC 6298 5.5; Linux: SYN 1 s, 1 s ... (tcp_syn_linear_timeouts)
 * then 2 s, 4 s ... up to tcp_syn_retries; SYN,ACK 1 s, 2 s ... up to
 * tcp_synack_retries; FIN from the RTO, at least 200 ms, up to
 * tcp_orphan_retries or tcp_retries2). When capture time passes the next
 * retry with none, the retries ran out: SYN_SENT -> CLOSED (E08), or the
 * TCB is deleted (E22; RFC 9293 3.8.3 R2), inferred and dated when that
 * retry was due (engine_giveup). A copy sooner than the timer could fire
 * (floor, or less than the last backoff) answers a duplicate from the peer
 * (Linux: a retransmitted SYN gets a SYN,ACK at once) and leaves the
 * timer's schedule as it was. A FIN's RTO comes from the RTT, so only a
 * SYN's or SYN,ACK's gap is taken as a power of two (engine_rto_of).
 */
static void
engine_rtx_copy(struct engine *e, struct conn *c, enum conn_role role,
    int64_t t, int64_t floor, bool syn)
{
	struct conn_end		*end = &c->end[role];
	struct engine_timer	 tm;
	int64_t			 gap, prev, nominal;

	/* Hostile stamps: no gap that does not fit (or goes back). */
	if (t <= end->tw_deadline || end->tw_deadline == INT64_MAX ||
	    (end->tw_deadline < 0 && t > INT64_MAX + end->tw_deadline))
		return;
	gap = syn ? engine_rto_of(t - end->tw_deadline) : t - end->tw_deadline;
	if (gap < floor || gap < (int64_t)end->syn_gap_us * 900)
		return;
	if (gap / 1000 > UINT32_MAX / 4)
		gap = (int64_t)(UINT32_MAX / 4) * 1000;
	prev = (int64_t)end->syn_gap_us * 1000;
	if (prev > 0 && gap > prev + prev / 2)
		end->rtx |= CONN_RTX_DOUBLED;
	/*
	 * A FIN's gaps are raw: each is its timer's value plus however late
	 * the timer wheel ran it, and a late copy would make every later
	 * doubling later still. A timer fires late, never early, so the
	 * smaller of the gap and the last backoff (doubled when this one
	 * doubled) is nearer the timer's own value.
	 */
	if (!syn && prev > 0) {
		nominal = gap > prev + prev / 2 ? 2 * prev : prev;
		if (nominal < gap)
			gap = nominal;
	}
	if ((end->rtx & CONN_RTX_COUNT) < CONN_RTX_COUNT)
		end->rtx++;
	end->tw_deadline = t;
	end->syn_gap_us = (uint32_t)(gap / 1000);
	tm.t = engine_giveup_at(end, false);
	tm.conn = conn_table_index(&e->ct, c);
	tm.id = c->id;
	tm.role = (uint8_t)role;
	engine_timer_push(e, &e->gu, &tm);
}

/*
 * A RST from an end in LAST_ACK: ABORT there sends none (RFC 9293
 * 3.10.5), so its TCB was already gone and the RST is a closed port's
 * answer (3.10.7.1). When the ACK of its FIN is pending, that ACK got
 * through: E20 at the ACK. True when that settled it.
 */
static bool
engine_rst_closed(struct engine *e, struct conn *c, enum conn_role role)
{
	struct engine_pend	*p = engine_pend_get(e, &c->end[role], false);

	if (p == NULL || !(p->present & (1u << ENGINE_FACT_ACKFIN)) ||
	    !(p->f[ENGINE_FACT_ACKFIN].flags & ENGINE_FACT_VALID))
		return false;
	p->f[ENGINE_FACT_ACKFIN].flags |= ENGINE_FACT_GO;
	engine_apply_marked(e, c, role);
	return c->end[role].state == FSM_CLOSED;
}

/*
 * A RST from an end in FIN_WAIT_1 after its FIN's retransmission was
 * overdue: the ACK of the FIN pending for it got through (the silence is
 * the proof), so it was in FIN_WAIT_2 (E14 at the ACK) when it sent the
 * RST; Linux's orphan answers a late FIN so once tcp_fin_timeout has
 * deleted it (fin-wait-2-orphan). True when that settled it.
 */
static bool
engine_rst_after_ackfin(struct engine *e, struct conn *c,
    enum conn_role role, int64_t t)
{
	struct engine_pend	*p = engine_pend_get(e, &c->end[role], false);
	const struct conn_end	*end = &c->end[role];
	int64_t			 due = engine_rtx_overdue(end);

	/* One copy of the FIN: its first retry after the initial RTO. */
	if (due == INT64_MAX && end->tw_deadline != INT64_MAX &&
	    end->tw_deadline <= INT64_MAX - ENGINE_RTO_INIT_NS -
	    ENGINE_GIVEUP_MARGIN_NS)
		due = end->tw_deadline + ENGINE_RTO_INIT_NS +
		    ENGINE_GIVEUP_MARGIN_NS;
	if (p == NULL || !(p->present & (1u << ENGINE_FACT_ACKFIN)) ||
	    !(p->f[ENGINE_FACT_ACKFIN].flags & ENGINE_FACT_VALID) ||
	    due > t)
		return false;
	p->f[ENGINE_FACT_ACKFIN].flags |= ENGINE_FACT_GO;
	engine_apply_marked(e, c, role);
	return c->end[role].state == FSM_FIN_WAIT_2;
}

/* Step 2: the sender's own transitions, then its TCB. */
static void
engine_sender(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint32_t ann)
{
	struct conn_end	*end = &c->end[role];
	struct conn_tcb	*tcb = &end->tcb;
	enum fsm_state	 st = (enum fsm_state)end->state;
	int64_t		 t = seg->t_sent;
	uint32_t	 fs, segend;

	if (seg->flags & SEGF_RST) {
		/*
		 * A RST from a live TCB is its ABORT (E22). Not in SYN_SENT:
		 * there ABORT sends nothing (RFC 9293 3.10.5), and a RST is
		 * the answer to a SYN,ACK whose ACK does not cover our SYN
		 * (3.10.7.3, <SEQ=SEG.ACK><CTL=RST>): the sender stays.
		 */
		if (st == FSM_LAST_ACK && engine_rst_closed(e, c, role))
			return;
		if (st == FSM_FIN_WAIT_1 && engine_rst_after_ackfin(e, c,
		    role, t))
			st = (enum fsm_state)end->state;
		if (fsm_state_has(st, FSM_ATTR_BOUND) && st != FSM_SYN_SENT)
			engine_take(e, c, role, FSM_EV_ABORT,
			    CONN_KNOWN_OBSERVED, t, seg->origin,
			    seg->origin_kind, ENGINE_R_SND_RST, seg->seq, ann);
		return;
	}
	if (seg->flags & SEGF_SYN) {
		if (!(seg->flags & SEGF_ACK)) {
			/* RFC 9293 3.10.1: OPEN sends a SYN (E02, or E04). */
			if (st == FSM_CLOSED &&
			    !engine_tw_old_syn(c, role, seg))
				engine_take(e, c, role, FSM_EV_ACTIVE_OPEN,
				    CONN_KNOWN_OBSERVED, t, seg->origin,
				    seg->origin_kind, ENGINE_R_SND_SYN,
				    seg->seq, ann);
			else if (st == FSM_LISTEN)
				engine_take(e, c, role, FSM_EV_SEND,
				    CONN_KNOWN_OBSERVED, t, seg->origin,
				    seg->origin_kind, ENGINE_R_SND_SYN,
				    seg->seq, ann);
			else if (st == FSM_SYN_SENT &&
			    (ann & CONN_ANN(RETRANS)))
				engine_rtx_copy(e, c, role, t, 0, true);
			else if (st == FSM_SYN_SENT &&
			    !(tcb->flags & CONN_TCB_HAS_ISS)) {
				/* Its own SYN after an old duplicate's. */
				end->tw_deadline = t;
				end->syn_gap_us = 0;
				end->rtx = 0;
			}
		} else {
			bool held = engine_syn_held(e, end);

			/*
			 * A SYN,ACK means it got a SYN: when that SYN was
			 * never seen, say so through implied edges (not while
			 * a SYN it answers waits for its date).
			 */
			if (!held && st == FSM_CLOSED) {
				engine_transit(e, c, role, FSM_E01, 0,
				    CONN_KNOWN_IMPLIED, t, seg->origin,
				    seg->origin_kind, ENGINE_R_HANDSHAKE, 0,
				    ann, false);
				st = FSM_LISTEN;
			}
			if (!held && (st == FSM_LISTEN || st == FSM_SYN_SENT))
				engine_take(e, c, role, FSM_EV_RCV_SYN,
				    CONN_KNOWN_IMPLIED, t, seg->origin,
				    seg->origin_kind, ENGINE_R_HANDSHAKE, 0,
				    ann);
			end->rflags |= CONN_RCVD_SYN;
			/* Its SYN,ACK timer: the first copy, then retries. */
			if (!(tcb->flags & CONN_TCB_SENT_SYNACK)) {
				end->tw_deadline = t;
				end->syn_gap_us = 0;
				end->rtx = 0;
			} else if ((tcb->flags & CONN_TCB_HAS_ISS) &&
			    seg->seq == tcb->iss)
				engine_rtx_copy(e, c, role, t,
				    ENGINE_RTO_INIT_NS - ENGINE_RTO_INIT_NS / 10,
				    true);
			tcb->flags |= CONN_TCB_SENT_SYNACK;
		}
		if (!(tcb->flags & CONN_TCB_HAS_ISS)) {
			tcb->iss = seg->seq;
			tcb->flags |= CONN_TCB_HAS_ISS;
		}
		if (seg->opts.present & EVOPT_WSCALE) {
			tcb->flags |= CONN_TCB_SYN_WS;
			tcb->syn_ws = seg->opts.wscale > 14 ? 14 :
			    seg->opts.wscale;
		}
	}
	if (seg->flags & SEGF_FIN) {
		fs = classify_fin_seq(seg);
		if (!(tcb->flags & CONN_TCB_SENT_FIN) || fs != tcb->fin_seq) {
			tcb->fin_seq = fs;
			tcb->flags |= CONN_TCB_SENT_FIN;
			st = (enum fsm_state)end->state;
			/* RFC 9293 3.10.4: CLOSE sends FIN (E12, E19, E10). */
			if (!fsm_state_has(st, FSM_ATTR_SENT_FIN))
				engine_take(e, c, role, FSM_EV_CLOSE,
				    CONN_KNOWN_OBSERVED, t, seg->origin,
				    seg->origin_kind, ENGINE_R_SND_FIN, fs,
				    ann);
		} else if (engine_rtx_state(end->state))
			/* Linux: RTO at least TCP_RTO_MIN, 200 ms. */
			engine_rtx_copy(e, c, role, t,
			    150 * INT64_C(1000000), false);
	}

	/* The TCB as the capture sees it. */
	segend = classify_seg_end(seg);
	if (!(tcb->flags & CONN_TCB_SENT_ANY) || seq_gt(segend, tcb->snd_nxt))
		tcb->snd_nxt = segend;
	if (ann & CONN_ANN(PREV_UNSEEN))
		tcb->flags |= CONN_TCB_GAP;
	else if (ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS)))
		tcb->flags &= (uint8_t)~CONN_TCB_GAP;
	tcb->flags |= CONN_TCB_SENT_ANY;
	if (seg->flags & SEGF_ACK) {
		if (!(tcb->flags & CONN_TCB_SENT_ACK) ||
		    seq_gt(seg->ack, tcb->rcv_nxt))
			tcb->rcv_nxt = seg->ack;
		tcb->flags |= CONN_TCB_SENT_ACK;
		tcb->last_ack = seg->ack;
	}
	tcb->window = seg->window;
	/* RFC 7323 2.2: scaling only when both SYNs offered it. */
	if ((tcb->flags & CONN_TCB_SYN_WS) &&
	    (c->end[!role].tcb.flags & CONN_TCB_SYN_WS)) {
		tcb->wscale = tcb->syn_ws;
		c->end[!role].tcb.wscale = c->end[!role].tcb.syn_ws;
	}
}

/*
 * Is seg a new copy of a FIN,ACK whose first copy is pending as both the
 * FIN and the ACK of our FIN? Then both move to the new copy, so E16 is
 * still seen as one segment.
 */
static bool
engine_finack_again(struct engine *e, struct conn_end *end,
    const struct event_segment *seg)
{
	struct engine_pend	*p = engine_pend_get(e, end, false);
	const struct engine_fact *fa, *ff;
	uint8_t			 both;

	if (p == NULL || !(seg->flags & SEGF_FIN))
		return false;
	both = (uint8_t)((1u << ENGINE_FACT_ACKFIN) | (1u << ENGINE_FACT_FIN));
	if ((p->present & both) != both)
		return false;
	fa = &p->f[ENGINE_FACT_ACKFIN];
	ff = &p->f[ENGINE_FACT_FIN];
	return (fa->flags & ENGINE_FACT_VALID) &&
	    (ff->flags & ENGINE_FACT_VALID) && fa->frame == ff->frame &&
	    fa->t == ff->t;
}

/* Step 3: the facts the receiver will act on once it has the segment. */
static void
engine_receiver(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint32_t *ann)
{
	struct conn_end		*end = &c->end[role];
	struct conn_tcb		*tcb = &end->tcb;
	struct conn_tcb		*peer = &c->end[!role].tcb;
	struct engine_pend	*p;
	struct engine_fact	*f;
	enum fsm_state		 st = (enum fsm_state)end->state;
	enum classify_rst	 r;
	bool			 ack = (seg->flags & SEGF_ACK) != 0;
	bool			 synack_fact = false;
	uint32_t		 fs, lo;

	if (seg->lost) {
		*ann |= CONN_ANN(LOST);
		return;
	}
	if (seg->flags & SEGF_RST) {
		if (st == FSM_SYN_SENT) {
			/* RFC 9293 3.10.7.3: needs an ACK of our SYN. */
			if (classify_rst_synsent(seg, tcb->iss, tcb->snd_nxt) ==
			    CLASSIFY_RST_ACCEPT) {
				f = engine_fact_offer(e, c, role,
				    ENGINE_FACT_RST, seg, false, seg->ack, *ann);
				if (f != NULL)
					f->flags |= ENGINE_FACT_RSTACK;
			} else
				*ann |= CONN_ANN(BAD_RST);
			return;
		}
		if (!fsm_state_has(st, FSM_ATTR_BOUND))
			return;
		/* RFC 5961 3.2, with the capture's uncertainty. */
		lo = (tcb->flags & CONN_TCB_SENT_ACK) ? tcb->rcv_nxt :
		    peer->snd_nxt;
		r = classify_rst_window(seg->seq, lo, peer->snd_nxt,
		    (uint32_t)tcb->window << tcb->wscale);
		if (r == CLASSIFY_RST_ACCEPT)
			engine_fact_offer(e, c, role, ENGINE_FACT_RST, seg,
			    false, seg->seq, *ann);
		else if (r == CLASSIFY_RST_CHALLENGE && st != FSM_TIME_WAIT) {
			*ann |= CONN_ANN(BAD_RST) | CONN_ANN(RST_CHALLENGE);
			end->rflags |= CONN_RCVD_CHALLENGE;
		} else	/* Linux's TIME_WAIT sends no challenge ACK (tw-rst) */
			*ann |= CONN_ANN(BAD_RST);
		return;
	}
	/*
	 * RFC 9293 3.10.7.4 (fourth check), RFC 5961 4.2: a SYN not its
	 * peer's own (engine_foreign) reaching a synchronized end draws a
	 * challenge ACK, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and changes
	 * nothing; in TIME_WAIT it may open a new instance instead. In
	 * SYN_RCVD with the ACK of its SYN pending, that ACK comes first (a
	 * FIFO path), so the SYN meets ESTABLISHED.
	 */
	engine_rcvq_add(e, end, seg);
	p = engine_pend_get(e, end, false);
	if ((seg->flags & SEGF_SYN) && (*ann & CONN_ANN(FOREIGN)) &&
	    ((fsm_state_has(st, FSM_ATTR_SYNCHRONIZED) &&
	    st != FSM_TIME_WAIT) || (st == FSM_SYN_RCVD && p != NULL &&
	    (p->present & (1u << ENGINE_FACT_ACKSYN)) &&
	    (p->f[ENGINE_FACT_ACKSYN].flags & ENGINE_FACT_VALID)))) {
		*ann |= CONN_ANN(SYN_CHALLENGE);
		end->rflags |= CONN_RCVD_CHALLENGE;
	}
	if (p != NULL && (p->present & (1u << ENGINE_FACT_FIN)) &&
	    (p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_VALID))
		engine_fin_fill(end, &p->f[ENGINE_FACT_FIN], seg);
	/*
	 * A SYN it has not had, or a new one while a RST that may have sent
	 * it back to LISTEN (E11) is pending: the SYN then waits behind it.
	 */
	if ((seg->flags & SEGF_SYN) && (!(end->rflags & CONN_RCVD_SYN) ||
	    (!ack && p != NULL && (p->present & (1u << ENGINE_FACT_RST)) &&
	    (p->f[ENGINE_FACT_RST].flags & ENGINE_FACT_VALID) &&
	    fsm_state_has(st, FSM_ATTR_BOUND) &&
	    end->origin == FSM_ORIGIN_PASSIVE))) {
		p = engine_pend_get(e, end, false);
		if (ack && (tcb->flags & CONN_TCB_HAS_ISS) &&
		    !classify_acks_syn(seg, tcb->iss)) {
			/* 3.10.7.3: unacceptable ACK: it would send RST. */
			*ann |= CONN_ANN(BAD_ACK);
		} else if (ack && p != NULL &&
		    (p->present & (1u << ENGINE_FACT_SYN)) &&
		    !(p->f[ENGINE_FACT_SYN].flags & ENGINE_FACT_SYNACK)) {
			/* Its bare SYN is pending: this acks our SYN. */
		} else {
			/*
			 * The SYN,ACK again while this end has never sent an
			 * ACK: its sender saw no answer to the last copy. An
			 * end that got one would have ACKed it (RFC 9293
			 * 3.10.7.3), so until it does, it got none (or does
			 * not exist: a spoofed SYN): the fact only waits.
			 */
			bool again = ack && p != NULL &&
			    (p->present & (1u << ENGINE_FACT_SYN)) &&
			    (p->f[ENGINE_FACT_SYN].flags & ENGINE_FACT_VALID) &&
			    !(tcb->flags & CONN_TCB_SENT_ACK);

			synack_fact = ack && (tcb->flags & CONN_TCB_HAS_ISS);
			f = engine_fact_offer(e, c, role, ENGINE_FACT_SYN, seg,
			    true, synack_fact ? seg->ack : seg->seq, *ann);
			if (f != NULL) {
				f->proof = seg->seq + 1;
				f->flags |= ENGINE_FACT_PROOF;
				if (synack_fact)
					f->flags |= ENGINE_FACT_SYNACK;
				if (synack_fact && again &&
				    !(f->flags & ENGINE_FACT_CERTAIN))
					f->flags |= ENGINE_FACT_UNANSWERED;
			}
		}
	}
	if (ack && !synack_fact) {
		if ((tcb->flags & CONN_TCB_HAS_ISS) &&
		    !(end->rflags & CONN_RCVD_SYN_ACKED) &&
		    classify_acks_syn(seg, tcb->iss))
			engine_fact_offer(e, c, role, ENGINE_FACT_ACKSYN, seg,
			    false, seg->ack, *ann);
		if ((tcb->flags & CONN_TCB_SENT_FIN) &&
		    !(end->rflags & CONN_RCVD_FIN_ACKED) &&
		    classify_acks_fin(seg, tcb->fin_seq)) {
			f = engine_fact_offer(e, c, role, ENGINE_FACT_ACKFIN,
			    seg, engine_finack_again(e, end, seg), seg->ack,
			    *ann);
			/* Its ACK of data carrying this ACK proves receipt. */
			if (f != NULL && classify_seg_len(seg) > 0) {
				f->proof = classify_seg_end(seg);
				f->flags |= ENGINE_FACT_PROOF;
			}
		}
	}
	if (seg->flags & SEGF_FIN) {
		fs = classify_fin_seq(seg);
		p = engine_pend_get(e, end, false);
		if (!(end->rflags & CONN_RCVD_FIN) && p != NULL &&
		    (p->present & (1u << ENGINE_FACT_FIN)) &&
		    (p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_VALID) &&
		    (p->f[ENGINE_FACT_FIN].flags & (ENGINE_FACT_OFO |
		    ENGINE_FACT_FILLED)) &&
		    !(p->f[ENGINE_FACT_FIN].flags & ENGINE_FACT_CERTAIN) &&
		    p->f[ENGINE_FACT_FIN].arg == fs) {
			/* The FIN again while held: the hole decides. */
		} else if (!(end->rflags & CONN_RCVD_FIN)) {
			f = engine_fact_offer(e, c, role, ENGINE_FACT_FIN, seg,
			    true, fs, *ann);
			if (f != NULL) {
				f->proof = fs + 1;
				f->flags |= ENGINE_FACT_PROOF;
				engine_fin_ofo_offer(end, f);
				engine_fin_late(e, end, f);
			}
		} else if (st == FSM_TIME_WAIT) {
			struct engine_timer	 tm;

			/* RFC 9293 3.10.7.4: a FIN again restarts 2*MSL. */
			end->tw_deadline = engine_tw_end(e, seg->t_recv);
			tm.t = end->tw_deadline;
			tm.conn = conn_table_index(&e->ct, c);
			tm.id = c->id;
			tm.role = (uint8_t)role;
			engine_timer_push(e, &e->tw, &tm);
			*ann |= CONN_ANN(TW_RESTART);
		}
	}
}

/* ---- feeding ---------------------------------------------------------- */

/*
 * A timer fires at t: the facts pending at the end with candidates before
 * t settle first (nothing contradicted them; an end in TIME_WAIT, say,
 * sends nothing that could), so the timer acts on the state they leave.
 */
static void
engine_settle_before(struct engine *e, struct conn *c, enum conn_role role,
    int64_t t)
{
	struct engine_pend	*p = engine_pend_get(e, &c->end[role], false);
	int			 k;

	if (p == NULL)
		return;
	for (k = 0; k < ENGINE_FACT_COUNT; k++) {
		if ((p->present & (1u << k)) &&
		    (p->f[k].flags & ENGINE_FACT_VALID) && p->f[k].t < t &&
		    !(p->f[k].flags & ENGINE_FACT_OFO) &&
		    !(k == ENGINE_FACT_SYN && engine_syn_waits(&c->end[role],
		    &p->f[k])))
			p->f[k].flags |= ENGINE_FACT_GO;
	}
	engine_apply_marked(e, c, role);
	engine_reschedule(e, c);
}

/*
 * The next retry of an end's SYN, SYN,ACK or FIN is overdue
 * (engine_rtx_copy). An ACK of it seen since got through: the silence is
 * the proof, and that fact settles now, dated at the ACK. Otherwise the
 * retries ran out: connect() fails (E08; only for an end that never got
 * anything, or it would have sent an ACK), or the TCB is deleted without
 * a RST (E22; RFC 9293 3.8.3 R2; Linux tcp_write_err, or the SYN,ACK's
 * request dropped after tcp_synack_retries). Nothing on the wire shows
 * that moment, and the retry count is a setting the capture cannot see,
 * so the time is marked uncertain (the timer may run late or restart).
 */
static void
engine_giveup(struct engine *e, struct conn *c, enum conn_role role)
{
	struct conn_end		*end = &c->end[role];
	struct engine_pend	*p = engine_pend_get(e, end, false);
	enum engine_reason	 reason;
	int			 ack = -1;

	if (end->state == FSM_SYN_RCVD)
		ack = ENGINE_FACT_ACKSYN;
	else if (end->state != FSM_SYN_SENT)
		ack = ENGINE_FACT_ACKFIN;
	if (p != NULL) {
		/* A RST on its way decides instead. */
		if ((p->present & (1u << ENGINE_FACT_RST)) &&
		    (p->f[ENGINE_FACT_RST].flags & ENGINE_FACT_VALID))
			return;
		if (ack >= 0 && (p->present & (1u << ack)) &&
		    (p->f[ack].flags & ENGINE_FACT_VALID)) {
			p->f[ack].flags |= ENGINE_FACT_GO;
			engine_apply_marked(e, c, role);
			engine_reschedule(e, c);
			return;
		}
	}
	if (end->state == FSM_SYN_SENT) {
		if (end->tcb.flags & CONN_TCB_SENT_ACK)
			return;
		engine_transit(e, c, role, FSM_E08, 0, CONN_KNOWN_UNCERTAIN,
		    engine_giveup_at(end, false), 0, EVENT_ORIGIN_FRAME,
		    ENGINE_R_GIVEUP, 0, 0, false);
		return;
	}
	reason = end->state == FSM_SYN_RCVD ? ENGINE_R_GIVEUP_SYNACK :
	    ENGINE_R_GIVEUP_FIN;
	engine_transit(e, c, role, FSM_E22, 0, CONN_KNOWN_UNCERTAIN,
	    engine_giveup_at(end, false), 0, EVENT_ORIGIN_FRAME, reason, 0, 0,
	    false);
	engine_reschedule(e, c);
}

/* Settle due facts and fire TIME_WAIT timers up to now. */
void
engine_advance(struct engine *e, int64_t now)
{
	struct engine_timer	 tm;
	struct conn		*c;
	struct conn_end		*end;
	size_t			 guard;

	e->generation++;
	if (!e->have_now || now > e->now) {
		e->now = now;
		e->have_now = true;
	}
	now = e->now;
	for (guard = 0; guard < 1000000 && heap_len(&e->due) > 0; guard++) {
		tm = *(const struct engine_timer *)heap_top(&e->due);
		if (tm.t > now)
			break;
		heap_pop(&e->due, NULL);
		c = &e->ct.pool[tm.conn];
		if (!(c->flags & CONN_F_IN_USE) || c->id != tm.id ||
		    c->due != tm.t)
			continue;
		c->due = INT64_MAX;
		engine_conn_settle(e, c, false);
	}
	for (guard = 0; guard < 1000000 && heap_len(&e->tw) > 0; guard++) {
		tm = *(const struct engine_timer *)heap_top(&e->tw);
		if (tm.t > now)
			break;
		heap_pop(&e->tw, NULL);
		c = &e->ct.pool[tm.conn];
		if (!(c->flags & CONN_F_IN_USE) || c->id != tm.id)
			continue;
		end = &c->end[tm.role];
		if (end->state != FSM_TIME_WAIT || end->tw_deadline != tm.t)
			continue;
		/*
		 * What reached it before 2*MSL ran out came first: a RST
		 * there ends TIME_WAIT earlier (3.10.7.4; Linux kills the
		 * timewait socket unless tcp_rfc1337).
		 */
		engine_settle_before(e, c, (enum conn_role)tm.role, tm.t);
		if (end->state != FSM_TIME_WAIT)
			continue;
		/* RFC 9293 3.10.8: the 2*MSL timer ends TIME_WAIT (E21). */
		engine_transit(e, c, (enum conn_role)tm.role, FSM_E21, 0,
		    CONN_KNOWN_INFERRED, tm.t, 0, EVENT_ORIGIN_FRAME,
		    ENGINE_R_TIMEOUT, 0, 0, false);
	}
	/*
	 * Give-ups whose retry is overdue (engine_rtx_copy). On the date:
	 * the top waits until its own margin has passed, and with it any
	 * later-dated one (a little later than it could, never wrong).
	 */
	for (guard = 0; guard < 1000000 && heap_len(&e->gu) > 0; guard++) {
		tm = *(const struct engine_timer *)heap_top(&e->gu);
		if (tm.t > now)
			break;
		c = &e->ct.pool[tm.conn];
		end = &c->end[tm.role];
		if (!(c->flags & CONN_F_IN_USE) || c->id != tm.id ||
		    !engine_rtx_state(end->state) || end->syn_gap_us == 0 ||
		    engine_giveup_at(end, false) != tm.t) {
			heap_pop(&e->gu, NULL);
			continue;
		}
		if (engine_giveup_at(end, true) > now)
			break;
		heap_pop(&e->gu, NULL);
		engine_giveup(e, c, (enum conn_role)tm.role);
	}
}

/*
 * A new SYN on a 4-tuple whose instance has an end in TIME_WAIT ends that
 * TIME_WAIT now, before its 2*MSL (E21): its sender opened again (Linux:
 * tcp_tw_reuse), or its receiver takes a SYN above its RCV.NXT as a new
 * connection (RFC 1122 4.2.2.13, RFC 6191; Linux tcp_timewait_state_process,
 * TCP_TW_SYN). The SYN is counted in the old instance's frames too, so a
 * re-read of them (reread.c) ends it the same way.
 */
static void
engine_tw_reopen(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	struct conn_end	*snd = &c->end[role], *rcv = &c->end[!role];
	bool		 any = false;

	engine_conn_settle(e, c, true);
	if (snd->state == FSM_TIME_WAIT) {
		engine_transit(e, c, role, FSM_E21, 0, CONN_KNOWN_OBSERVED,
		    seg->t_sent, seg->origin, seg->origin_kind,
		    ENGINE_R_REOPEN, 0, 0, false);
		any = true;
	}
	if (rcv->state == FSM_TIME_WAIT &&
	    (!(rcv->tcb.flags & CONN_TCB_SENT_ACK) ||
	    seq_gt(seg->seq, rcv->tcb.rcv_nxt))) {
		engine_transit(e, c, role == CONN_CLIENT ? CONN_SERVER :
		    CONN_CLIENT, FSM_E21, 0, CONN_KNOWN_INFERRED, seg->t_recv,
		    seg->origin, seg->origin_kind, ENGINE_R_TW_SYN, seg->seq, 0,
		    false);
		any = true;
	}
	if (any && seg->origin != 0) {
		c->frame_last = seg->origin;
		if (e->cfg.track_blocks)
			engine_track_block(c, EVENT_FRAME_BLOCK(seg->origin));
	}
}

/*
 * A bare SYN without timestamps into a TIME_WAIT end whose RCV.NXT it is
 * not after, from an end that took part and is CLOSED: an old duplicate.
 * TIME_WAIT answers it with an ACK of the old connection and stays (RFC
 * 1122 4.2.2.13; Linux tcp_timewait_state_process); its sender opens
 * nothing (no E02) and no new instance starts. With timestamps Linux
 * also takes a lower ISN whose TSval is newer (RFC 6191), which the
 * engine does not track, so such a SYN is left to the general rule.
 */
static bool
engine_tw_old_syn(const struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	const struct conn_end	*snd = &c->end[role], *rcv = &c->end[!role];

	return (seg->flags & (SEGF_SYN | SEGF_ACK | SEGF_RST)) == SEGF_SYN &&
	    !(seg->opts.present & EVOPT_TS) &&
	    snd->state == FSM_CLOSED &&
	    (snd->tcb.flags & CONN_TCB_SENT_ANY) &&
	    rcv->state == FSM_TIME_WAIT &&
	    (rcv->tcb.flags & CONN_TCB_SENT_ACK) &&
	    !seq_gt(seg->seq, rcv->tcb.rcv_nxt);
}

/* Is this SYN the start of a new instance on a known 4-tuple? */
static bool
engine_is_new_instance(const struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	const struct conn_end	*end = &c->end[role];
	const struct conn_end	*peer = &c->end[!role];
	bool			 done, peer_done;

	if ((seg->flags & (SEGF_SYN | SEGF_ACK | SEGF_RST)) != SEGF_SYN)
		return false;
	if ((end->tcb.flags & CONN_TCB_HAS_ISS) && seg->seq == end->tcb.iss)
		return false;		/* a retransmission */
	if (c->segments == 0)
		return false;		/* set up by application calls only */
	done = fsm_state_has(end->state, FSM_ATTR_REOPENS);
	peer_done = fsm_state_has(peer->state, FSM_ATTR_REOPENS);
	/*
	 * A sender that took part and is CLOSED or in TIME_WAIT opens anew.
	 * One that never sent anything opens anew only if its peer is done
	 * too: otherwise its SYN crosses the peer's (simultaneous open, E06).
	 */
	if (end->tcb.flags & CONN_TCB_SENT_ANY)
		return done;
	return done && peer_done;
}

/*
 * A fresh SYN (a new ISN, no ACK) from an end that has closed (sent its
 * FIN) comes from a new socket: the old one reached CLOSED or TIME_WAIT,
 * so whatever its closing still waits on (the ACK of its FIN, E18/E20,
 * held in the settle window) is proven now. Without this a port reused
 * within the settle window would be taken for a stray SYN.
 */
static void
engine_reuse_proof(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	const struct conn_end	*end = &c->end[role];

	if ((seg->flags & (SEGF_SYN | SEGF_ACK | SEGF_RST)) != SEGF_SYN)
		return;
	if (!(end->tcb.flags & CONN_TCB_SENT_FIN) ||
	    ((end->tcb.flags & CONN_TCB_HAS_ISS) && seg->seq == end->tcb.iss))
		return;
	if (fsm_state_has(end->state, FSM_ATTR_REOPENS))
		return;
	engine_conn_settle(e, c, true);
}

/* The first segment of a 4-tuple: decide roles and implied states. */
static struct conn *
engine_start(struct engine *e, const struct event_key *key, int dir,
    const struct event_segment *seg)
{
	struct conn	*c;
	bool		 src_is_a = dir == 0;
	bool		 src_client;
	int		 r;

	if (seg->flags & SEGF_RST) {
		/*
		 * tshark's tcp.stream numbers this 4-tuple all the same: skip
		 * an id so that the ids after it still equal its stream + 1.
		 */
		e->stats.stray++;
		e->last.stream = e->ct.next_id - 1;
		if (++e->ct.next_id == 0)
			e->ct.next_id = 1;
		return NULL;
	}
	c = engine_conn_new(e, key, seg->t_sent);
	if (seg->flags & SEGF_SYN) {
		/* Roles from who sent the first SYN, never from ports. */
		src_client = !(seg->flags & SEGF_ACK);
		c->client_is_a = src_client == src_is_a;
		if (!src_client) {
			struct conn_end	*cl = &c->end[CONN_CLIENT];

			/* First seen at the SYN,ACK: the SYN went unseen. */
			engine_transit(e, c, CONN_CLIENT, FSM_E02, 0,
			    CONN_KNOWN_IMPLIED, seg->t_sent, seg->origin,
			    seg->origin_kind, ENGINE_R_HANDSHAKE, 0, 0, false);
			cl->tcb.iss = seg->ack - 1;
			cl->tcb.snd_nxt = seg->ack;
			cl->tcb.flags |= CONN_TCB_HAS_ISS | CONN_TCB_SENT_ANY;
		}
		return c;
	}
	/*
	 * Joined mid-stream: guess the lower port is the server and say
	 * so; both ends are taken as ESTABLISHED (implied, no edge).
	 */
	c->flags |= CONN_F_MIDSTREAM | CONN_F_ROLE_GUESS;
	src_client = seg->src.port > seg->dst.port;
	c->client_is_a = src_client == src_is_a;
	for (r = 0; r < 2; r++) {
		engine_transit(e, c, (enum conn_role)r, FSM_EDGE_NONE,
		    FSM_ESTABLISHED, CONN_KNOWN_IMPLIED, seg->t_sent,
		    seg->origin, seg->origin_kind, ENGINE_R_MIDSTREAM, 0,
		    CONN_ANN(MIDSTREAM) | CONN_ANN(ROLE_GUESS), true);
		c->end[r].rflags = CONN_RCVD_SYN | CONN_RCVD_SYN_ACKED;
	}
	/* Seed the peer's TCB from the ACK so nothing looks unseen. */
	if (seg->flags & SEGF_ACK) {
		r = src_client ? CONN_SERVER : CONN_CLIENT;
		c->end[r].tcb.snd_nxt = seg->ack;
		c->end[r].tcb.flags |= CONN_TCB_SENT_ANY;
	}
	return c;
}

/*
 * A socket connected to itself receives each segment it sends. It is
 * the RFC's simultaneous open and close with both TCBs one: the same
 * segment is also taken as the mirror's (CONN_SERVER's) and received by
 * the client, so the client gets its own SYN in SYN_SENT (E06), its own
 * SYN,ACK (E09), its own FIN in FIN_WAIT_1 (E15) and the ACK of it (E18),
 * as Linux's one socket does (tests/kernel: self-connect).
 */
static void
engine_self_mirror(struct engine *e, struct conn *c,
    const struct event_segment *seg, uint32_t ann)
{
	uint16_t	 dupack;
	uint32_t	 mann = ann;

	(void)annotate_segment(c, CONN_SERVER, seg, &dupack);
	engine_evidence(e, c, CONN_SERVER, seg, &mann);
	engine_sender(e, c, CONN_SERVER, seg, mann);
	engine_receiver(e, c, CONN_CLIENT, seg, &mann);
}

/* Record a segment step in the history. */
static void
engine_history_segment(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint32_t ann, uint16_t dupack)
{
	struct conn_step	*s;

	if (e->cfg.max_history == 0 || (s = engine_history_push(e, c)) == NULL)
		return;
	s->t = seg->t_sent;
	s->frame = seg->origin;
	s->ann = ann;
	s->kind = CONN_STEP_SEGMENT;
	s->role = (uint8_t)role;
	s->dupack = dupack;
	s->transit_us = seg->t_recv <= seg->t_sent ? 0 :
	    (seg->t_recv - seg->t_sent) / 1000 >= UINT32_MAX ? UINT32_MAX :
	    (uint32_t)((seg->t_recv - seg->t_sent) / 1000);
	s->u.seg.seq = seg->seq;
	s->u.seg.ack = seg->ack;
	s->u.seg.len = seg->payload_len;
	s->u.seg.flags = seg->flags;
	s->u.seg.window = seg->window;
}

/* Note that block k holds a segment of c (conn.h: struct conn_blocks). */
static void
engine_track_block(struct conn *c, uint32_t k)
{
	struct conn_blocks	*b = c->blocks;

	if (b != NULL && b->n > 0) {
		if (k >= b->run[b->n - 1][0] && k <= b->run[b->n - 1][1] + 1) {
			if (k > b->run[b->n - 1][1])
				b->run[b->n - 1][1] = k;
			return;
		}
		if (k < b->run[b->n - 1][0] || b->n == CONN_BLOCK_RUNS) {
			/* Out of order (cannot be: frames grow) or full. */
			if (k < b->run[b->n - 1][0])
				b->run[b->n - 1][0] = k;
			else
				b->run[b->n - 1][1] = k;
			return;
		}
	}
	if (b == NULL || b->n == b->cap) {
		uint32_t cap = b == NULL ? 1 : b->cap * 4;

		if (cap > CONN_BLOCK_RUNS)
			cap = CONN_BLOCK_RUNS;
		b = xreallocarray(b, 1, sizeof *b + cap * sizeof b->run[0]);
		if (c->blocks == NULL)
			b->n = 0;
		b->cap = cap;
		c->blocks = b;
	}
	b->run[b->n][0] = b->run[b->n][1] = k;
	b->n++;
}

/* ---- triage stats (conn.h: struct conn_stats) ------------------------ */

/* Bits of conn_stats.hist_seen: Zeek letters written once per role. */
#define ENGINE_H_SYN	0x01	/* S */
#define ENGINE_H_SYNACK	0x02	/* H */
#define ENGINE_H_ACK	0x04	/* A */
#define ENGINE_H_DATA	0x08	/* D */
#define ENGINE_H_FIN	0x10	/* F */
#define ENGINE_H_RST	0x20	/* R */
#define ENGINE_H_MULTI	0x40	/* Q */

/* 1 more, saturating at the field's maximum. */
#define ENGINE_INC16(x)	do { if ((x) < UINT16_MAX) (x)++; } while (0)

/* Append a Zeek history letter (upper case for the client). */
static void
engine_hist_put(struct conn_stats *st, enum conn_role role, char ch)
{
	size_t	n = strlen(st->zeek_history);

	if (n + 1 >= sizeof st->zeek_history)
		return;			/* full: Zeek's own is bounded too */
	if (role == CONN_SERVER && ch >= 'A' && ch <= 'Z')
		ch = (char)(ch - 'A' + 'a');
	st->zeek_history[n] = ch;
	st->zeek_history[n + 1] = '\0';
}

/* A once-per-role letter: only the first time. */
static void
engine_hist_once(struct conn_stats *st, enum conn_role role, uint8_t bit,
    char ch)
{
	if (st->hist_seen[role] & bit)
		return;
	st->hist_seen[role] |= bit;
	engine_hist_put(st, role, ch);
}

/* Zeek writes T, W and G at the 1st, 10th, 100th ... occurrence. */
static void
engine_hist_log(struct conn_stats *st, enum conn_role role, unsigned n,
    char ch)
{
	unsigned	 p;

	for (p = 1; p <= 10000; p *= 10) {
		if (n == p) {
			engine_hist_put(st, role, ch);
			return;
		}
	}
}

/* Elapsed us from a to b, saturating below CONN_STATS_NONE. */
static uint32_t
engine_us(int64_t a, int64_t b)
{
	uint64_t	d;

	if (a == INT64_MIN || b <= a)
		return 0;
	d = ((uint64_t)b - (uint64_t)a) / 1000;	/* exact: b > a */
	return d >= CONN_STATS_NONE ? CONN_STATS_NONE - 1 : (uint32_t)d;
}

/* One RTT sample at the capture point. */
static void
engine_rtt_sample(struct conn_stats *st, uint32_t us)
{
	if (st->rtt_samples == UINT32_MAX)
		return;
	if (st->rtt_min_us == CONN_STATS_NONE || us < st->rtt_min_us)
		st->rtt_min_us = us;
	if (st->rtt_max_us == CONN_STATS_NONE || us > st->rtt_max_us)
		st->rtt_max_us = us;
	st->rtt_samples++;
	st->rtt_sum_us += us;
}

/*
 * Time in CLOSE_WAIT / FIN_WAIT_2, taken as an end leaves the state
 * (engine_transit; the time since its entry is end->t_last to t).
 */
static void
engine_stats_transit(struct engine *e, struct conn *c,
    const struct conn_end *end, int to, int64_t t)
{
	struct conn_stats	*st;
	uint32_t		*acc;
	uint64_t		 ms;

	if (!e->cfg.stats || end->state == to || end->t_last == INT64_MIN ||
	    t <= end->t_last)
		return;
	if ((st = conn_table_stats(&e->ct, c)) == NULL)
		return;
	if (end->state == FSM_CLOSE_WAIT)
		acc = &st->close_wait_ms;
	else if (end->state == FSM_FIN_WAIT_2)
		acc = &st->fin_wait_2_ms;
	else
		return;
	/* t > t_last: the unsigned difference is exact for any two times. */
	ms = *acc + ((uint64_t)t - (uint64_t)end->t_last) / 1000000;
	*acc = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/*
 * Fill the stats from one segment of role and its annotations. st_before:
 * the sender's state before the segment (the state a RST aborted).
 */
static void
engine_stats_segment(struct engine *e, struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint32_t ann, uint8_t st_before)
{
	struct conn_stats	*st = conn_table_stats(&e->ct, c);
	struct conn_dir_stats	*d;
	enum conn_role		 peer = role == CONN_CLIENT ? CONN_SERVER :
				    CONN_CLIENT;
	uint16_t		 f = seg->flags;
	int64_t			 t = seg->t_sent;
	uint32_t		 end;

	if (st == NULL)
		return;
	d = &st->dir[role];
	d->bytes += seg->payload_len;
	if (d->segments < UINT32_MAX)
		d->segments++;
	if (ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS)))
		ENGINE_INC16(d->retrans);
	if (ann & CONN_ANN(FAST_RETRANS))
		ENGINE_INC16(d->fast_retrans);
	if (ann & CONN_ANN(DUP_ACK))
		ENGINE_INC16(d->dup_acks);
	if (ann & CONN_ANN(ZERO_WINDOW))
		ENGINE_INC16(d->zero_window);
	if (ann & CONN_ANN(OUT_OF_ORDER))
		ENGINE_INC16(d->out_of_order);
	if (ann & CONN_ANN(PREV_UNSEEN))
		ENGINE_INC16(d->prev_unseen);
	if (ann & CONN_ANN(KEEPALIVE))
		ENGINE_INC16(d->keepalive);
	if (ann & CONN_ANN(WINDOW_FULL))
		ENGINE_INC16(d->window_full);
	if (f & SEGF_RST)
		ENGINE_INC16(d->rsts);
	if (f & SEGF_FIN)
		ENGINE_INC16(d->fins);

	/* A RST the receiver may not accept (out of window) ends nothing. */
	if ((f & SEGF_RST) && !(st->flags & CONN_S_RESET) &&
	    !(ann & (CONN_ANN(BAD_RST) | CONN_ANN(RST_CHALLENGE)))) {
		st->flags |= CONN_S_RESET;
		st->rst_by = (uint8_t)role;
		st->rst_state = st_before;
	}

	/* The handshake at the capture point: SYN, SYN,ACK, the third ACK. */
	if ((f & (SEGF_SYN | SEGF_ACK | SEGF_RST)) == SEGF_SYN &&
	    role == CONN_CLIENT) {
		st->flags |= CONN_S_SYN;
		/* Karn: the latest copy is the one the SYN,ACK answers. */
		if (!(st->flags & CONN_S_SYNACK))
			st->t_syn = t;
	} else if ((f & (SEGF_SYN | SEGF_ACK | SEGF_RST)) ==
	    (SEGF_SYN | SEGF_ACK) && role == CONN_SERVER)
		st->flags |= CONN_S_SYNACK;
	else if (role == CONN_CLIENT && (f & SEGF_ACK) &&
	    !(f & (SEGF_SYN | SEGF_RST)) && (st->flags & CONN_S_SYNACK) &&
	    !(st->flags & CONN_S_HS_ACK) &&
	    (c->end[CONN_SERVER].tcb.flags & CONN_TCB_HAS_ISS) &&
	    seg->ack == c->end[CONN_SERVER].tcb.iss + 1) {
		st->flags |= CONN_S_HS_ACK;
		if ((st->flags & CONN_S_SYN) && st->t_syn != INT64_MIN)
			st->hs_rtt_us = engine_us(st->t_syn, t);
	}

	/*
	 * RTT from data: one probe per sender, sampled when the peer's ACK
	 * covers it; a retransmission over it spoils it (Karn's rule).
	 */
	if (seg->payload_len > 0) {
		end = seg->seq + seg->payload_len;
		if (ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS) |
		    CONN_ANN(OUT_OF_ORDER))) {
			if (st->probe_t[role] != INT64_MIN &&
			    seq_lt(seg->seq, st->probe_end[role]))
				st->probe_t[role] = INT64_MIN;
		} else if (st->probe_t[role] == INT64_MIN &&
		    !(ann & CONN_ANN(KEEPALIVE))) {
			st->probe_end[role] = end;
			st->probe_t[role] = t;
		}
	}
	if ((f & SEGF_ACK) && !(f & SEGF_RST) &&
	    st->probe_t[peer] != INT64_MIN &&
	    seq_geq(seg->ack, st->probe_end[peer])) {
		engine_rtt_sample(st, engine_us(st->probe_t[peer], t));
		st->probe_t[peer] = INT64_MIN;
	}

	/*
	 * Zeek's history: ^ when the first segment came from the side taken
	 * as the responder (roles flipped from the first packet's sender).
	 */
	if (c->segments == 1 && role == CONN_SERVER)
		engine_hist_put(st, CONN_CLIENT, '^');
	if ((f & SEGF_SYN) && (f & (SEGF_FIN | SEGF_RST)))
		engine_hist_once(st, role, ENGINE_H_MULTI, 'Q');
	else {
		if ((f & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN)
			engine_hist_once(st, role, ENGINE_H_SYN, 'S');
		else if (f & SEGF_SYN)
			engine_hist_once(st, role, ENGINE_H_SYNACK, 'H');
		if ((f & SEGF_ACK) && !(f & (SEGF_SYN | SEGF_FIN | SEGF_RST)) &&
		    seg->payload_len == 0)
			engine_hist_once(st, role, ENGINE_H_ACK, 'A');
		if (seg->payload_len > 0)
			engine_hist_once(st, role, ENGINE_H_DATA, 'D');
		if (f & SEGF_FIN)
			engine_hist_once(st, role, ENGINE_H_FIN, 'F');
		if (f & SEGF_RST)
			engine_hist_once(st, role, ENGINE_H_RST, 'R');
	}
	if (seg->payload_len > 0 &&
	    (ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS)))) {
		ENGINE_INC16(st->hist_retx[role]);
		engine_hist_log(st, role, st->hist_retx[role], 'T');
	}
	if (ann & CONN_ANN(ZERO_WINDOW))
		engine_hist_log(st, role, d->zero_window, 'W');
	if (ann & CONN_ANN(PREV_UNSEEN))
		engine_hist_log(st, role, d->prev_unseen, 'G');
}

/*
 * Is seg not its sender's own act? RFC 9293 3.10.5: ABORT sends
 * <SEQ=SND.NXT><CTL=RST>; a RST from an end whose TCB is gone answers a
 * segment with <SEQ=SEG.ACK> (3.10.7.1), a number the sender has used;
 * and an end in a synchronized state sends no SYN but a copy of its own
 * (seq = ISS). So a RST beyond every number the sender has used (its ISS
 * to its highest seq sent, or the peer's highest ACK), or a SYN with
 * another seq, comes from elsewhere: an attacker, a stale or a restarted
 * peer (RFC 5961 3.2, 4.2). It is no edge of the sender's (no E22), no
 * evidence of what the sender got, and leaves its TCB alone; the receiver
 * still meets it (engine_receiver). Only from a synchronized state (so
 * not SYN_RCVD), not TIME_WAIT (a SYN may open a new instance there), and
 * once the capture has seen the sender send.
 */
static bool
engine_foreign(const struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	const struct conn_end	*end = &c->end[role];
	const struct conn_tcb	*tcb = &end->tcb;
	const struct conn_tcb	*peer = &c->end[!role].tcb;
	uint32_t		 lo, hi;

	if (!fsm_state_has(end->state, FSM_ATTR_SYNCHRONIZED) ||
	    end->state == FSM_TIME_WAIT || !(tcb->flags & CONN_TCB_SENT_ANY))
		return false;
	if (seg->flags & SEGF_RST) {
		lo = hi = tcb->snd_nxt;
		if ((peer->flags & CONN_TCB_SENT_ACK) &&
		    seq_gt(peer->rcv_nxt, hi))
			hi = peer->rcv_nxt;
		if (tcb->flags & CONN_TCB_HAS_ISS)
			lo = tcb->iss;
		else if ((peer->flags & CONN_TCB_SENT_ACK) &&
		    seq_lt(peer->rcv_nxt, lo))
			lo = peer->rcv_nxt;
		return !seq_between(seg->seq, lo, hi);
	}
	if ((seg->flags & SEGF_SYN) && (tcb->flags & CONN_TCB_HAS_ISS))
		return seg->seq != tcb->iss;
	return false;
}

/*
 * RFC 5961 3.2, 4.2: is seg the challenge ACK its sender owes for a SYN
 * or inexact RST (CONN_RCVD_CHALLENGE)? An empty ACK at the sender's own
 * SND.NXT and RCV.NXT, unchanged: the SYN or RST did nothing there. Any
 * segment from the sender settles what it owed.
 */
static uint32_t
engine_challenge_ack(struct conn *c, enum conn_role role,
    const struct event_segment *seg)
{
	struct conn_end		*end = &c->end[role];
	const struct conn_tcb	*tcb = &end->tcb;
	bool			 owed = (end->rflags & CONN_RCVD_CHALLENGE) != 0;

	end->rflags &= (uint8_t)~CONN_RCVD_CHALLENGE;
	if (!owed || seg->lost ||
	    (seg->flags & (SEGF_SYN | SEGF_FIN | SEGF_RST | SEGF_ACK)) !=
	    SEGF_ACK || seg->payload_len != 0 ||
	    (tcb->flags & (CONN_TCB_SENT_ANY | CONN_TCB_SENT_ACK)) !=
	    (CONN_TCB_SENT_ANY | CONN_TCB_SENT_ACK) ||
	    seg->seq != tcb->snd_nxt || seg->ack != tcb->rcv_nxt)
		return 0;
	return CONN_ANN(CHALLENGE_ACK);
}

/*
 * The role that sent a segment whose source is key.a (dir 0) or key.b
 * (dir 1), as event_key_make said: conn_role_of without comparing
 * addresses. Every segment of a self-connect is the client's.
 */
static enum conn_role
engine_role_dir(const struct conn *c, int dir)
{
	if ((dir == 0) == (c->client_is_a != 0) || (c->flags & CONN_F_SELF))
		return CONN_CLIENT;
	return CONN_SERVER;
}

/* Feed one segment: evidence, sender, receiver (see the top of the file). */
void
engine_feed(struct engine *e, const struct event_segment *seg)
{
	engine_feed_ann(e, seg, 0);
}

void
engine_feed_ann(struct engine *e, const struct event_segment *seg,
    uint32_t ann)
{
	struct event_key	 key;
	struct conn		*c;
	enum conn_role		 role;
	uint16_t		 dupack;
	uint8_t			 st_before;
	int			 dir;
	bool			 old_syn;

	e->generation++;
	memset(&e->last, 0, sizeof e->last);
	e->last.stream = UINT32_MAX;
	if (e->finished)
		return;
	engine_advance(e, seg->t_sent);
	e->stats.segments++;
	dir = event_key_make(&key, seg);
	c = conn_table_find(&e->ct, &key);
	if (c != NULL)
		engine_reuse_proof(e, c, engine_role_dir(c, dir), seg);
	old_syn = c != NULL &&
	    engine_tw_old_syn(c, engine_role_dir(c, dir), seg);
	if (c != NULL && !old_syn &&
	    engine_is_new_instance(c, engine_role_dir(c, dir), seg)) {
		/* A new SYN on a CLOSED or TIME_WAIT 4-tuple: new instance. */
		engine_tw_reopen(e, c, engine_role_dir(c, dir), seg);
		engine_conn_retire(e, c);
		c = NULL;
		ann |= CONN_ANN(NEW_INSTANCE);
	}
	if (c == NULL) {
		c = engine_start(e, &key, dir, seg);
		if (c == NULL)
			return;
		if ((c->flags & CONN_F_MIDSTREAM) && (seg->flags & SEGF_FIN))
			ann |= CONN_ANN(FIRST_FIN);
		if (ann & CONN_ANN(NEW_INSTANCE))
			c->flags |= CONN_F_REUSED;
	}
	conn_table_touch(&e->ct, c);
	c->segments++;
	if (c->frame_first == 0)
		c->frame_first = seg->origin;
	c->frame_last = seg->origin;
	if (e->cfg.track_blocks && seg->origin != 0)
		engine_track_block(c, EVENT_FRAME_BLOCK(seg->origin));
	if (seg->t_sent > c->t_last)
		c->t_last = seg->t_sent;
	role = engine_role_dir(c, dir);

	ann |= annotate_segment(c, role, seg, &dupack);
	/* An old duplicate of its first SYN is no retransmission of it. */
	if (old_syn)
		ann = (ann & ~CONN_ANN(RETRANS)) | CONN_ANN(TW_OLD_SYN);
	ann |= engine_challenge_ack(c, role, seg);
	if (ann & (CONN_ANN(RETRANS) | CONN_ANN(FAST_RETRANS)))
		c->retrans++;
	if (engine_foreign(c, role, seg))
		ann |= CONN_ANN(FOREIGN);
	else
		engine_evidence(e, c, role, seg, &ann);
	/* What the sender's segment shows it in (a RST aborts that). */
	st_before = c->end[role].state;
	if (!(ann & CONN_ANN(FOREIGN)))
		engine_sender(e, c, role, seg, ann);
	engine_receiver(e, c, role == CONN_CLIENT ? CONN_SERVER : CONN_CLIENT,
	    seg, &ann);
	if (conn_is_self(c))
		engine_self_mirror(e, c, seg, ann);
	engine_history_segment(e, c, role, seg, ann, dupack);
	if (e->cfg.stats)
		engine_stats_segment(e, c, role, seg, ann, st_before);
	engine_reschedule(e, c);
	e->last.conn_id = c->id;
	e->last.stream = conn_stream(c);
	e->last.ann = ann;
	e->last.dupack = dupack;
	e->last.role = (uint8_t)role;
	/* RFC 7323 2.2: a SYN's window is never scaled. */
	if ((c->end[role].tcb.flags & CONN_TCB_SYN_WS) &&
	    (c->end[!role].tcb.flags & CONN_TCB_SYN_WS) &&
	    !(seg->flags & SEGF_SYN)) {
		e->last.scaled = true;
		e->last.win_scaled = (uint32_t)seg->window <<
		    c->end[role].tcb.wscale;
	} else
		e->last.win_scaled = seg->window;
}

const struct engine_seginfo *
engine_last_segment(const struct engine *e)
{
	return &e->last;
}

/* An application call at local (simulator, E04/E05/E10 and friends). */
enum fsm_edge
engine_feed_app(struct engine *e, const struct event_app *app)
{
	const struct event_endpoint	*local = &app->local;
	struct event_key		 key;
	struct conn			*c;
	struct conn_end			*end, *peer;
	enum conn_role			 role;
	unsigned			 event = app->event;
	enum engine_reason		 reason = ENGINE_R_APP;
	int64_t				 t = app->t;
	bool				 done, peer_done;
	int				 dir;

	e->generation++;
	/* A tick only lets capture time pass (timers, settling). */
	if (event == EVENT_APP_TICK) {
		engine_advance(e, t);
		return FSM_EDGE_NONE;
	}
	/* A listener for any peer has no 4-tuple: no instance to show. */
	if (e->finished || app->remote.family == 0)
		return FSM_EDGE_NONE;
	/* The stack deletes the orphan's TCB: the table's E22, no RST. */
	if (event == EVENT_APP_FIN_TIMEOUT) {
		event = FSM_EV_ABORT;
		reason = ENGINE_R_FIN_TIMEOUT;
	}
	engine_advance(e, t);
	dir = event_key_from(&key, local, &app->remote);
	c = conn_table_find(&e->ct, &key);
	if (c != NULL && (event & (FSM_EV_ACTIVE_OPEN | FSM_EV_PASSIVE_OPEN)) &&
	    c->segments > 0) {
		role = conn_role_of(c, local);
		end = &c->end[role];
		peer = &c->end[!role];
		done = fsm_state_has(end->state, FSM_ATTR_REOPENS);
		peer_done = fsm_state_has(peer->state, FSM_ATTR_REOPENS);
		/*
		 * An end that took part and is done opens a new instance. One
		 * that never did joins its peer's: its connect() crosses the
		 * peer's SYN (simultaneous open: E02 here, then E06 on both).
		 */
		/*
		 * A connect() towards a peer in TIME_WAIT: whether its SYN
		 * ends that TIME_WAIT (E21, engine_tw_reopen) depends on the
		 * SYN's sequence number, so the SYN, not the call, starts
		 * the new instance (and takes E02, as in a capture).
		 */
		if (done && (event & FSM_EV_ACTIVE_OPEN) &&
		    peer->state == FSM_TIME_WAIT &&
		    (end->tcb.flags & CONN_TCB_SENT_ANY))
			return FSM_EDGE_NONE;
		if (done && (peer_done || end->t_last != INT64_MIN ||
		    (end->tcb.flags & CONN_TCB_SENT_ANY))) {
			engine_conn_retire(e, c);
			c = NULL;
		}
	}
	if (c == NULL) {
		if (!(event & (FSM_EV_ACTIVE_OPEN | FSM_EV_PASSIVE_OPEN)))
			return FSM_EDGE_NONE;
		c = engine_conn_new(e, &key, t);
		/* The opener of a connect() is the client; a listener not. */
		c->client_is_a = (dir == 0) ==
		    ((event & FSM_EV_ACTIVE_OPEN) != 0);
	}
	conn_table_touch(&e->ct, c);
	role = conn_role_of(c, local);
	/* A self-connect's one socket makes the call for both its ends. */
	if (conn_is_self(c))
		(void)engine_take(e, c, CONN_SERVER, event,
		    CONN_KNOWN_OBSERVED, t, app->origin,
		    EVENT_ORIGIN_SCENARIO, ENGINE_R_APP, 0, 0);
	return engine_take(e, c, role, event, CONN_KNOWN_OBSERVED, t,
	    app->origin, EVENT_ORIGIN_SCENARIO, reason, 0, 0);
}

/* End of input: every pending fact settles (no timers fire). */
void
engine_finish(struct engine *e)
{
	size_t		 i;
	struct conn	*c;

	e->generation++;
	if (e->finished)
		return;
	for (i = 0; i < e->ct.len; i++) {
		c = &e->ct.pool[i];
		if (!(c->flags & CONN_F_IN_USE) || (c->flags & CONN_F_RETIRED))
			continue;
		engine_conn_settle(e, c, true);
	}
	for (i = 0; i < e->ct.len; i++) {
		c = &e->ct.pool[i];
		if (!(c->flags & CONN_F_IN_USE) || (c->flags & CONN_F_RETIRED))
			continue;
		if (e->retire != NULL)
			e->retire(e->retire_arg, c);
	}
	e->finished = true;
}

/* The time before which nothing new can be dated. */
static int64_t
engine_watermark(struct engine *e)
{
	struct engine_timer	 tm;
	struct conn		*c;
	int64_t			 w = e->now == INT64_MAX ? e->now : e->now + 1;

	while (heap_len(&e->due) > 0) {
		tm = *(const struct engine_timer *)heap_top(&e->due);
		c = &e->ct.pool[tm.conn];
		if (!(c->flags & CONN_F_IN_USE) || c->id != tm.id ||
		    c->due != tm.t) {
			heap_pop(&e->due, NULL);
			continue;
		}
		/* A pending fact's candidate is at most settle_ns earlier. */
		if (tm.t - e->cfg.settle_ns < w)
			w = tm.t - e->cfg.settle_ns;
		break;
	}
	/* Facts settling past settle_ns (engine_reschedule) keep theirs. */
	while (heap_len(&e->ext) > 0) {
		const struct engine_pend	*p = NULL;

		tm = *(const struct engine_timer *)heap_top(&e->ext);
		c = &e->ct.pool[tm.conn];
		if ((c->flags & CONN_F_IN_USE) && c->id == tm.id &&
		    c->end[tm.role].pend != 0)
			p = &e->pend[c->end[tm.role].pend];
		if (p == NULL || p->ext_t != tm.t) {
			heap_pop(&e->ext, NULL);
			continue;
		}
		if (tm.t < w)
			w = tm.t;
		break;
	}
	/* E21 is dated at its deadline. */
	if (heap_len(&e->tw) > 0) {
		tm = *(const struct engine_timer *)heap_top(&e->tw);
		if (tm.t < w)
			w = tm.t;
	}
	/* A give-up is dated at its heap time (engine_giveup_at). */
	while (heap_len(&e->gu) > 0) {
		tm = *(const struct engine_timer *)heap_top(&e->gu);
		c = &e->ct.pool[tm.conn];
		if (!(c->flags & CONN_F_IN_USE) || c->id != tm.id ||
		    !engine_rtx_state(c->end[tm.role].state) ||
		    c->end[tm.role].syn_gap_us == 0 ||
		    engine_giveup_at(&c->end[tm.role], false) != tm.t) {
			heap_pop(&e->gu, NULL);
			continue;
		}
		if (tm.t < w)
			w = tm.t;
		break;
	}
	return w;
}

/* The next settled transition, in time order. */
bool
engine_next(struct engine *e, struct engine_transition *out)
{
	struct engine_outref		 ref;

	if (e->out_len == 0)
		return false;
	if (!e->finished) {
		/* Nothing engine_next does moves the watermark: cache it. */
		if (e->wm_gen != e->generation || e->wm_gen == 0) {
			e->wm = engine_watermark(e);
			e->wm_gen = e->generation;
		}
		if (e->out_len >= e->cfg.max_queue)
			e->stats.queue_overflow++;
		else if (e->out[0].t >= e->wm)
			return false;
	}
	engine_out_pop(e, &ref);
	*out = e->outv[ref.slot];
	e->out_free[e->out_nfree++] = ref.slot;
	if (!e->emitted_any || out->t > e->emitted_t)
		e->emitted_t = out->t;
	e->emitted_any = true;
	return true;
}

static char	*engine_reason_format(char *, size_t,
		    const struct engine_transition *, bool);

/* The one-line reason of a transition, in the view's language. */
char *
engine_step_reason(char *buf, size_t len, const struct conn_step *st)
{
	struct engine_transition	tr;

	memset(&tr, 0, sizeof tr);
	tr.t = st->t;
	tr.frame = st->frame;
	tr.role = st->role;
	tr.from = st->u.tr.from;
	tr.to = st->u.tr.to;
	tr.edge = st->u.tr.edge;
	tr.known = st->u.tr.known;
	tr.reason = st->u.tr.reason;
	tr.origin_kind = st->u.tr.origin_kind;
	tr.arg = st->u.tr.arg;
	return engine_reason_format(buf, len, &tr, true);
}

/* The same in English, for batch output (machine-read). */
char *
engine_transition_reason(char *buf, size_t len,
    const struct engine_transition *tr)
{
	return engine_reason_format(buf, len, tr, false);
}

/* "frame 3: ACK acks our SYN (ack=1001): RFC 9293 3.10.7.3, E07". */
static char *
engine_reason_format(char *buf, size_t len, const struct engine_transition *tr,
    bool translate)
{
	const struct fsm_edge_info	*info = fsm_edge_info(
					    (enum fsm_edge)tr->edge);
	const char			*text = "", *arg = NULL, *where;
	size_t				 off = 0;
	int				 n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (tr->reason < COMPAT_NITEMS(engine_reasons)) {
		text = engine_reasons[tr->reason].text;
		if (translate)
			text = i18n_text(text);
		arg = engine_reasons[tr->reason].arg;
	}
	if (tr->frame != 0) {
		where = tr->origin_kind == EVENT_ORIGIN_SCENARIO ? N_("line") :
		    N_("frame");
		n = snprintf(buf, len, "%s %" PRIu64 ": ", translate ?
		    i18n_text(where) : where, tr->frame);
		if (n > 0 && (size_t)n < len)
			off = (size_t)n;
	}
	if (arg != NULL)
		n = snprintf(buf + off, len - off, "%s (%s=%" PRIu32 ")", text,
		    arg, tr->arg);
	else
		n = snprintf(buf + off, len - off, "%s", text);
	if (n > 0 && (size_t)n < len - off)
		off += (size_t)n;
	if (info != NULL)
		snprintf(buf + off, len - off, ": %s, %s", info->rfc, info->id);
	return buf;
}
