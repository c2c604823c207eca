/*
 * backend-sim.c: the simulator backend: endpoints that run RFC 9293
 * connection management (section 3.10) and a channel between them. Layer
 * 2a: includes layers 0-1 (fsm.h and seq.h are layer 0).
 *
 * Every state change is looked up in the one fsm table (fsm_edge_on):
 * this file classifies what happened (an application call, a received
 * segment judged by its sequence numbers, a timer) and applies the edge the
 * table gives; it never decides a next state by itself.
 *
 * The whole scenario runs at open time on a discrete event queue (a heap
 * ordered by time, then by insertion), so the output is a pure function of
 * the scenario and the seed. Invariants: items are in non-decreasing
 * t_sent order; every delivered segment is an item with lost false; a
 * segment the receiver threw away (a full SYN queue, a spoofed address) is
 * marked lost and dropped.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend-sim.h"
#include "fsm.h"
#include "heap.h"
#include "seq.h"
#include "xmalloc.h"

#define SIM_RTO_MAX	(60 * COMPAT_NS_PER_SEC)
#define SIM_MATCHES	7	/* enum scenario_match values */
/* Linux: one challenge ACK per socket per tcp_invalid_ratelimit, 500 ms. */
#define SIM_CHALLENGE_GAP	(500 * INT64_C(1000000))

enum sim_ev_kind {
	SIM_EV_APP,		/* idx: scenario action */
	SIM_EV_DELIVER,		/* idx: item */
	SIM_EV_TIMER		/* idx: socket */
};

enum sim_timer {
	SIM_T_RTO,		/* retransmission */
	SIM_T_DELACK,		/* delayed ACK */
	SIM_T_TW,		/* 2*MSL in TIME_WAIT */
	SIM_T_KEEP,		/* keep-alive (SO_KEEPALIVE) */
	SIM_T_FW2,		/* an orphan's FIN_WAIT_2 (tcp_fin_timeout) */
	SIM_T_COUNT
};

struct sim_ev {
	int64_t		 t;
	uint64_t	 serial;
	size_t		 idx;
	uint64_t	 line;
	uint32_t	 gen;
	uint8_t		 kind;
	uint8_t		 timer;
};

/* One simulated TCB. */
struct sim_sock {
	int			 ep;		/* scenario endpoint */
	int			 parent;	/* listener it came from, -1 */
	bool			 spec;		/* remote is known */
	bool			 in_backlog;	/* half-open child */
	bool			 in_accept;	/* established, not accepted */
	bool			 syn_acked;
	bool			 have_irs;
	bool			 fin_pending;	/* CLOSE with data unsent */
	bool			 fin_sent;
	bool			 orphan;	/* after close() */
	bool			 challenged;	/* t_challenge is set */
	int64_t			 t_challenge;	/* last challenge ACK sent */
	bool			 ofo_fin;	/* a FIN beyond a hole, queued */
	struct event_endpoint	 local;
	struct event_endpoint	 remote;
	uint8_t			 state;		/* enum fsm_state */
	uint8_t			 origin;	/* enum fsm_origin */
	uint32_t		 iss;
	uint32_t		 irs;
	uint32_t		 snd_una;
	uint32_t		 snd_nxt;
	uint32_t		 rcv_nxt;
	uint32_t		 fin_seq;
	uint32_t		 ofo_fin_seq;	/* its sequence number */
	uint32_t		 unsent;	/* bytes queued, not yet sent */
	uint32_t		 peer_wnd;
	uint16_t		 peer_mss;
	unsigned		 ack_due;	/* segments not yet ACKed */
	unsigned		 retries;
	int64_t			 rto;
	int64_t			 last_rcv;	/* keep-alive: last ACK in */
	unsigned		 probes;	/* keep-alives unanswered */
	uint32_t		 gen[SIM_T_COUNT];
	bool			 armed[SIM_T_COUNT];
};

struct sim {
	struct scenario			*sc;
	uint64_t			 rng;
	int64_t				 now;	/* ns from the start */
	uint64_t			 serial;
	uint64_t			 warnings;
	struct heap			 heap;		/* of struct sim_ev */
	struct backend_sim_item		*items;
	size_t				 nitems, capitems;
	struct backend_sim_transition	*truth;
	size_t				 ntruth, captruth;
	struct sim_sock			*socks;
	size_t				 nsocks, capsocks;
	int				 primary[SCENARIO_MAX_ENDPOINTS];
	int				 accepted[SCENARIO_MAX_ENDPOINTS];
	unsigned			 isn_count[SCENARIO_MAX_ENDPOINTS];
	unsigned			 sent[SCENARIO_MAX_ENDPOINTS][SIM_MATCHES];
	bool				 gone[SCENARIO_MAX_ENDPOINTS];	/* vanish */
	size_t				 pos;	/* replay cursor */
};

static enum backend_next backend_sim_next(struct backend *,
		    struct event_segment *);
static int	backend_sim_fd(struct backend *);
static void	backend_sim_free(struct backend *);

static const struct backend_class backend_sim_class = {
	.name = "sim",
	.next = backend_sim_next,
	.fd = backend_sim_fd,
	.free = backend_sim_free,
};

static void	sim_input(struct backend *, struct sim *, size_t);

/* splitmix64: small, seedable, the same everywhere. */
static uint64_t
sim_rand(struct sim *s)
{
	uint64_t	z;

	s->rng += UINT64_C(0x9e3779b97f4a7c15);
	z = s->rng;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* True with probability ppm / 10^6; draws nothing for 0. */
static bool
sim_chance(struct sim *s, uint32_t ppm)
{
	if (ppm == 0)
		return false;
	return sim_rand(s) % SCENARIO_PPM < ppm;
}

/* Heap order: time, then the order events were scheduled. */
static bool
sim_ev_before(const void *x, const void *y)
{
	const struct sim_ev	*a = x, *b = y;

	if (a->t != b->t)
		return a->t < b->t;
	return a->serial < b->serial;
}

/* Schedule an event. */
static void
sim_push(struct sim *s, struct sim_ev ev)
{
	ev.serial = s->serial++;
	heap_push(&s->heap, &ev);
}

/* Take the earliest event. */
static struct sim_ev
sim_pop(struct sim *s)
{
	struct sim_ev	top;

	heap_pop(&s->heap, &top);
	return top;
}

/* A new output item at the current time; NULL when the limit is hit. */
static struct backend_sim_item *
sim_item(struct sim *s)
{
	struct backend_sim_item	*it;

	if (s->nitems == BACKEND_SIM_MAX_ITEMS) {
		s->warnings++;
		return NULL;
	}
	if (s->nitems == s->capitems) {
		s->capitems = s->capitems == 0 ? 64 : s->capitems * 2;
		s->items = xreallocarray(s->items, s->capitems,
		    sizeof *s->items);
	}
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof *it);
	return it;
}

/* Tell consumers about an application call (or a tick: event 0). */
static void
sim_app(struct sim *s, const struct sim_sock *k, unsigned event,
    uint64_t line)
{
	struct backend_sim_item	*it = sim_item(s);

	if (it == NULL)
		return;
	it->is_app = true;
	it->app.t = SCENARIO_EPOCH_NS + s->now;
	if (k != NULL) {
		it->app.local = k->local;
		if (k->spec)
			it->app.remote = k->remote;
	}
	it->app.event = event;
	it->app.origin = line;
}

/* Record a state change of a socket whose peer is known. */
static void
sim_record(struct sim *s, const struct sim_sock *k, int from, int to,
    enum fsm_edge e, bool implied, uint64_t line)
{
	struct backend_sim_transition	*tr;

	if (!k->spec)
		return;
	if (s->ntruth == s->captruth) {
		s->captruth = s->captruth == 0 ? 64 : s->captruth * 2;
		s->truth = xreallocarray(s->truth, s->captruth,
		    sizeof *s->truth);
	}
	tr = &s->truth[s->ntruth++];
	memset(tr, 0, sizeof *tr);
	tr->t = SCENARIO_EPOCH_NS + s->now;
	tr->local = k->local;
	tr->remote = k->remote;
	tr->from = (int8_t)from;
	tr->to = (int8_t)to;
	tr->edge = (int8_t)e;
	tr->implied = implied;
	tr->line = line;
}

/* Arm (or re-arm) one of a socket's timers. */
static void
sim_timer_arm(struct sim *s, size_t ki, enum sim_timer t, int64_t after,
    uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];
	struct sim_ev	 ev;

	memset(&ev, 0, sizeof ev);
	k->gen[t]++;
	k->armed[t] = true;
	ev.t = s->now + after;
	ev.kind = SIM_EV_TIMER;
	ev.timer = (uint8_t)t;
	ev.idx = ki;
	ev.gen = k->gen[t];
	ev.line = line;
	sim_push(s, ev);
}

/* Cancel a timer: a pending event with an old generation is ignored. */
static void
sim_timer_stop(struct sim_sock *k, enum sim_timer t)
{
	k->gen[t]++;
	k->armed[t] = false;
}

/*
 * RFC 9293 gives FIN_WAIT_2 no timer, and a socket only shut down for
 * sending keeps it as long as the peer does. Linux ends an orphan's (after
 * close(): nobody can read) tcp_fin_timeout after it entered the state, or
 * after close() when it was there already (tcp_close), without a segment.
 */
static void
sim_fw2_arm(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];
	int64_t		 tmo = s->sc->endpoints[k->ep].fin_timeout_ns;

	if (k->orphan && tmo > 0 && !k->armed[SIM_T_FW2])
		sim_timer_arm(s, ki, SIM_T_FW2, tmo, line);
}

/*
 * Take the edge the fsm table gives for one event, if any; record it.
 * Returns the edge or FSM_EDGE_NONE (no change).
 */
static enum fsm_edge
sim_take(struct sim *s, size_t ki, unsigned event, uint64_t line)
{
	struct sim_sock		*k = &s->socks[ki];
	enum fsm_edge		 e;
	int			 from = k->state;

	e = fsm_edge_on((enum fsm_state)k->state, event,
	    (enum fsm_origin)k->origin);
	if (e == FSM_EDGE_NONE)
		return e;
	k->state = (uint8_t)fsm_edges[e].to;
	sim_record(s, k, from, k->state, e, false, line);
	if (!fsm_state_has((enum fsm_state)k->state, FSM_ATTR_BOUND)) {
		sim_timer_stop(k, SIM_T_RTO);
		sim_timer_stop(k, SIM_T_DELACK);
		sim_timer_stop(k, SIM_T_TW);
		sim_timer_stop(k, SIM_T_KEEP);
		sim_timer_stop(k, SIM_T_FW2);
		k->in_backlog = false;
	}
	/* RFC 9293 3.10.8: TIME_WAIT lasts 2*MSL (E21 when it ends). */
	if (k->state == FSM_TIME_WAIT) {
		sim_timer_stop(k, SIM_T_RTO);
		sim_timer_stop(k, SIM_T_KEEP);
		sim_timer_stop(k, SIM_T_FW2);
		sim_timer_arm(s, ki, SIM_T_TW, 2 * s->sc->msl_ns, line);
	}
	/* RFC 9293 3.8.4: keep-alive idles from the connection's start. */
	if (k->state == FSM_ESTABLISHED &&
	    s->sc->endpoints[k->ep].keep_idle_ns > 0) {
		k->last_rcv = s->now;
		k->probes = 0;
		sim_timer_arm(s, ki, SIM_T_KEEP,
		    s->sc->endpoints[k->ep].keep_idle_ns,
		    s->sc->endpoints[k->ep].line);
	}
	if (k->state == FSM_FIN_WAIT_2)
		sim_fw2_arm(s, ki, line);
	return e;
}

/* The scenario endpoint owning an address:port, or -1. */
static int
sim_endpoint_of(const struct sim *s, const struct event_endpoint *a)
{
	size_t	i;

	for (i = 0; i < s->sc->nendpoints; i++) {
		if (event_endpoint_eq(&s->sc->endpoints[i].addr, a))
			return (int)i;
	}
	return -1;
}

/* Are two endpoints on one host (the same address, any port)? */
static bool
sim_same_host(const struct event_endpoint *a, const struct event_endpoint *b)
{
	return a->family == b->family &&
	    memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

/* The first scenario endpoint on the same host (address only), or -1. */
static int
sim_host_of(const struct sim *s, const struct event_endpoint *a)
{
	size_t	i;

	for (i = 0; i < s->sc->nendpoints; i++) {
		if (sim_same_host(&s->sc->endpoints[i].addr, a))
			return (int)i;
	}
	return -1;
}

/* Is the host of an address off the network (`vanish`)? */
static bool
sim_host_gone(const struct sim *s, const struct event_endpoint *a)
{
	size_t	i;

	for (i = 0; i < s->sc->nendpoints; i++) {
		if (s->gone[i] && sim_same_host(&s->sc->endpoints[i].addr, a))
			return true;
	}
	return false;
}

/* Does a segment belong to a fault's class? */
static bool
sim_matches(const struct event_segment *g, enum scenario_match m)
{
	uint16_t	f = g->flags;

	switch (m) {
	case SCENARIO_MATCH_ANY:
		return true;
	case SCENARIO_MATCH_SYN:
		return (f & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN;
	case SCENARIO_MATCH_SYNACK:
		return (f & (SEGF_SYN | SEGF_ACK)) == (SEGF_SYN | SEGF_ACK);
	case SCENARIO_MATCH_ACK:
		return (f & (SEGF_SYN | SEGF_FIN | SEGF_RST)) == 0 &&
		    (f & SEGF_ACK) && g->payload_len == 0;
	case SCENARIO_MATCH_DATA:
		return g->payload_len > 0;
	case SCENARIO_MATCH_FIN:
		return (f & SEGF_FIN) != 0;
	case SCENARIO_MATCH_RST:
		return (f & SEGF_RST) != 0;
	}
	return false;
}

/* Schedule the delivery of an item at its t_recv. */
static void
sim_schedule_delivery(struct sim *s, size_t idx)
{
	struct sim_ev	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SIM_EV_DELIVER;
	ev.idx = idx;
	ev.t = s->items[idx].seg.t_recv - SCENARIO_EPOCH_NS;
	ev.line = s->items[idx].seg.origin;
	sim_push(s, ev);
}

/*
 * Put one segment on the channel from endpoint ep: scripted faults first
 * (counted per sending endpoint and class), then the link's random loss,
 * duplication, jitter and reordering.
 */
static void
sim_emit(struct sim *s, int ep, const struct event_endpoint *src,
    const struct event_endpoint *dst, uint32_t seq, uint32_t ack,
    uint16_t flags, uint32_t len, bool retrans, uint64_t line)
{
	const struct scenario_link	*l;
	struct backend_sim_item		*it, *dup;
	struct event_segment		*g;
	int64_t				 extra = 0;
	bool				 drop = false, twice = false;
	size_t				 i, m, idx;

	if ((it = sim_item(s)) == NULL)
		return;
	idx = s->nitems - 1;
	it->retrans = retrans;
	g = &it->seg;
	g->t_sent = SCENARIO_EPOCH_NS + s->now;
	g->src = *src;
	g->dst = *dst;
	g->seq = seq;
	g->ack = (flags & SEGF_ACK) ? ack : 0;
	g->flags = flags;
	g->payload_len = len;
	g->window = ep >= 0 ? s->sc->endpoints[ep].window : 65535;
	g->origin_kind = EVENT_ORIGIN_SCENARIO;
	g->origin = line;
	if ((flags & SEGF_SYN) && ep >= 0) {
		g->opts.present = EVOPT_MSS;
		g->opts.mss = s->sc->endpoints[ep].mss;
	}
	it->ep = ep;
	if (ep >= 0) {
		for (m = 0; m < SIM_MATCHES; m++) {
			if (sim_matches(g, (enum scenario_match)m))
				s->sent[ep][m]++;
		}
		it->nth = s->sent[ep][SCENARIO_MATCH_ANY];
		for (i = 0; i < s->sc->nfaults; i++) {
			const struct scenario_fault *f = &s->sc->faults[i];

			if (f->ep != ep || !sim_matches(g, f->match) ||
			    s->sent[ep][f->match] != f->nth)
				continue;
			if (f->kind == SCENARIO_DROP)
				drop = true;
			else if (f->kind == SCENARIO_DUP)
				twice = true;
			else
				extra += f->delay_ns;
		}
	}
	l = scenario_link_for(s->sc, ep, sim_endpoint_of(s, dst) >= 0 ?
	    sim_endpoint_of(s, dst) : sim_host_of(s, dst));
	if (sim_chance(s, l->loss_ppm))
		drop = true;
	if (sim_chance(s, l->dup_ppm))
		twice = true;
	if (l->jitter_ns > 0)
		extra += (int64_t)(sim_rand(s) % (uint64_t)(l->jitter_ns + 1));
	if (sim_chance(s, l->reorder_ppm))
		extra += l->latency_ns > 0 ? l->latency_ns : 1000000;
	g->t_recv = g->t_sent + l->latency_ns + extra;
	/* A host off the network: nothing leaves it, nothing reaches it. */
	if (sim_host_gone(s, src) || sim_host_gone(s, dst))
		drop = true;
	g->lost = drop;
	if (!drop)
		sim_schedule_delivery(s, idx);
	if (twice && !drop && (dup = sim_item(s)) != NULL) {
		/* The network made a second copy that arrives a bit later. */
		*dup = s->items[idx];
		dup->seg.t_recv += l->latency_ns / 2 + 1000000;
		sim_schedule_delivery(s, s->nitems - 1);
	}
}

/* Send from a socket with its addresses. */
static void
sim_send(struct sim *s, size_t ki, uint32_t seq, uint16_t flags, uint32_t len,
    bool retrans, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];

	if (flags & SEGF_ACK) {
		k->ack_due = 0;
		sim_timer_stop(k, SIM_T_DELACK);
	}
	sim_emit(s, k->ep, &k->local, &k->remote, seq, k->rcv_nxt, flags, len,
	    retrans, line);
}

/* A fresh initial sequence number (RFC 9293 3.4.1; seeded here). */
static uint32_t
sim_isn(struct sim *s, int ep)
{
	const struct scenario_endpoint	*e = &s->sc->endpoints[ep];

	if (e->isn_set)
		return e->isn + 100000u * s->isn_count[ep]++;
	return (uint32_t)(sim_rand(s) >> 32);
}

/* Start a TCB's send side: ISS, SND.UNA, SND.NXT. */
static void
sim_open_send(struct sim *s, struct sim_sock *k)
{
	k->iss = sim_isn(s, k->ep);
	k->snd_una = k->iss;
	k->snd_nxt = k->iss + 1;
	k->syn_acked = false;
	k->fin_sent = false;
	k->fin_pending = false;
	k->retries = 0;
	k->rto = s->sc->endpoints[k->ep].rto_ns;
}

/* The segment size both sides accept. */
static uint32_t
sim_mss(const struct sim *s, const struct sim_sock *k)
{
	uint32_t	m = s->sc->endpoints[k->ep].mss;

	if (k->peer_mss != 0 && k->peer_mss < m)
		m = k->peer_mss;
	return m;
}

/*
 * Send queued data (segmentized at the MSS, within the peer's window) and
 * then a pending FIN (RFC 9293 3.10.4: the FIN follows all queued SENDs).
 */
static void
sim_output(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];
	uint32_t	 n, flight;

	if (!fsm_state_has((enum fsm_state)k->state, FSM_ATTR_SYNCHRONIZED))
		return;
	while (k->unsent > 0 && !k->fin_sent) {
		flight = k->snd_nxt - k->snd_una;
		n = sim_mss(s, k);
		if (n > k->unsent)
			n = k->unsent;
		if (flight + n > k->peer_wnd)
			break;
		sim_send(s, ki, k->snd_nxt, SEGF_ACK |
		    (n == k->unsent ? SEGF_PSH : 0), n, false, line);
		k->snd_nxt += n;
		k->unsent -= n;
	}
	if (k->fin_pending && k->unsent == 0 && !k->fin_sent) {
		k->fin_seq = k->snd_nxt;
		k->fin_sent = true;
		sim_send(s, ki, k->snd_nxt, SEGF_FIN | SEGF_ACK, 0, false,
		    line);
		k->snd_nxt++;
	}
	if (k->snd_una != k->snd_nxt && !k->armed[SIM_T_RTO])
		sim_timer_arm(s, ki, SIM_T_RTO, k->rto, line);
}

/* Send our SYN (SYN_SENT) or SYN,ACK (SYN_RCVD). */
static void
sim_send_syn(struct sim *s, size_t ki, bool retrans, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];

	sim_send(s, ki, k->iss, SEGF_SYN | (k->have_irs ? SEGF_ACK : 0), 0,
	    retrans, line);
}

/* A new socket for endpoint ep. */
static size_t
sim_sock_new(struct sim *s, int ep, int parent)
{
	struct sim_sock	*k;

	if (s->nsocks == s->capsocks) {
		s->capsocks = s->capsocks == 0 ? 16 : s->capsocks * 2;
		s->socks = xreallocarray(s->socks, s->capsocks,
		    sizeof *s->socks);
	}
	k = &s->socks[s->nsocks];
	memset(k, 0, sizeof *k);
	k->ep = ep;
	k->parent = parent;
	k->state = FSM_CLOSED;
	k->local = s->sc->endpoints[ep].addr;
	k->rto = s->sc->endpoints[ep].rto_ns;
	return s->nsocks++;
}

/*
 * The socket an application call on endpoint ep acts on: its own TCB, or
 * for a listener that accepts anyone, its newest open connection (with an
 * accept queue: the one the application accepted last).
 */
static int
sim_target(struct sim *s, int ep)
{
	int	p = s->primary[ep];
	size_t	i;

	if (p < 0 || s->socks[p].spec)
		return p;
	if (s->sc->endpoints[ep].accept_queue > 0)
		return s->accepted[ep] >= 0 ? s->accepted[ep] : p;
	for (i = s->nsocks; i-- > 0;) {
		if (s->socks[i].parent == p &&
		    s->socks[i].state != FSM_CLOSED)
			return (int)i;
	}
	return p;
}

/* Count a warning (a call the state has no edge for). */
static void
sim_warn(struct sim *s)
{
	s->warnings++;
}

/* RFC 9293 3.10.1 OPEN, passive (E01) or active (E02). */
static void
sim_open(struct sim *s, const struct scenario_action *a)
{
	struct sim_sock	*k;
	size_t		 ki;
	unsigned	 ev = a->call == SCENARIO_LISTEN ? FSM_EV_PASSIVE_OPEN :
			    FSM_EV_ACTIVE_OPEN;

	if (s->primary[a->ep] >= 0 &&
	    s->socks[s->primary[a->ep]].state != FSM_CLOSED) {
		sim_warn(s);
		return;
	}
	if (s->nsocks >= BACKEND_SIM_MAX_SOCKS) {
		sim_warn(s);
		return;
	}
	ki = sim_sock_new(s, a->ep, -1);
	s->primary[a->ep] = (int)ki;
	k = &s->socks[ki];
	k->spec = a->peer >= 0;
	if (k->spec)
		k->remote = s->sc->endpoints[a->peer].addr;
	if (fsm_edge_on(FSM_CLOSED, ev, FSM_ORIGIN_ANY) == FSM_EDGE_NONE) {
		sim_warn(s);
		return;
	}
	if (k->spec)
		sim_app(s, k, ev, a->line);
	if (ev == FSM_EV_ACTIVE_OPEN) {
		sim_open_send(s, k);
		k->origin = FSM_ORIGIN_ACTIVE;
	}
	sim_take(s, ki, ev, a->line);
	if (fsm_edges[fsm_edge_on(FSM_CLOSED, ev, FSM_ORIGIN_ANY)].send &
	    FSM_SEND_SYN) {
		sim_send_syn(s, ki, false, a->line);
		sim_timer_arm(s, ki, SIM_T_RTO, k->rto, a->line);
	}
}

/* SEND: queue data; in LISTEN with a known peer it opens (E04). */
static void
sim_app_send(struct sim *s, const struct scenario_action *a)
{
	int		 ki = sim_target(s, a->ep);
	struct sim_sock	*k;
	enum fsm_edge	 e;

	if (ki < 0) {
		sim_warn(s);
		return;
	}
	k = &s->socks[ki];
	e = fsm_edge_on((enum fsm_state)k->state, FSM_EV_SEND,
	    (enum fsm_origin)k->origin);
	if (e != FSM_EDGE_NONE) {
		/* RFC 9293 3.10.2: SEND in LISTEN needs the foreign socket. */
		if (!k->spec) {
			sim_warn(s);
			return;
		}
		sim_app(s, k, FSM_EV_SEND, a->line);
		sim_open_send(s, k);
		k->origin = FSM_ORIGIN_ACTIVE;
		k->unsent += a->bytes;
		sim_take(s, (size_t)ki, FSM_EV_SEND, a->line);
		sim_send_syn(s, (size_t)ki, false, a->line);
		sim_timer_arm(s, (size_t)ki, SIM_T_RTO, k->rto, a->line);
		return;
	}
	if (!fsm_state_has((enum fsm_state)k->state, FSM_ATTR_TCB) ||
	    k->state == FSM_LISTEN || k->fin_pending ||
	    (fsm_state_has((enum fsm_state)k->state, FSM_ATTR_SYNCHRONIZED) &&
	    !fsm_state_has((enum fsm_state)k->state, FSM_ATTR_CAN_SEND))) {
		sim_warn(s);
		return;
	}
	k->unsent += a->bytes;
	sim_output(s, (size_t)ki, a->line);
}

/* CLOSE (and shutdown(SHUT_WR)): RFC 9293 3.10.4. */
static void
sim_close(struct sim *s, size_t ki, uint64_t line, bool tell)
{
	struct sim_sock	*k = &s->socks[ki];
	enum fsm_edge	 e;

	e = fsm_edge_on((enum fsm_state)k->state, FSM_EV_CLOSE,
	    (enum fsm_origin)k->origin);
	if (e == FSM_EDGE_NONE) {
		sim_warn(s);
		return;
	}
	if (tell)
		sim_app(s, k, FSM_EV_CLOSE, line);
	sim_take(s, ki, FSM_EV_CLOSE, line);
	if (fsm_edges[e].send & FSM_SEND_FIN) {
		k->fin_pending = true;
		/* In SYN_RCVD the FIN waits for nothing but queued data. */
		if (!fsm_state_has((enum fsm_state)k->state,
		    FSM_ATTR_SYNCHRONIZED) || !k->syn_acked) {
			k->fin_seq = k->snd_nxt;
			k->fin_sent = true;
			sim_send(s, ki, k->snd_nxt, SEGF_FIN | SEGF_ACK, 0,
			    false, line);
			k->snd_nxt++;
			if (!k->armed[SIM_T_RTO])
				sim_timer_arm(s, ki, SIM_T_RTO, k->rto, line);
		} else
			sim_output(s, ki, line);
	}
}

/* ABORT: RFC 9293 3.10.5; a RST when the table says so (E22). */
static void
sim_abort(struct sim *s, size_t ki, uint64_t line, bool tell)
{
	struct sim_sock	*k = &s->socks[ki];
	enum fsm_edge	 e;
	uint32_t	 seq = k->snd_nxt;

	e = fsm_edge_on((enum fsm_state)k->state, FSM_EV_ABORT,
	    (enum fsm_origin)k->origin);
	if (e == FSM_EDGE_NONE) {
		sim_warn(s);
		return;
	}
	if (tell)
		sim_app(s, k, FSM_EV_ABORT, line);
	sim_take(s, ki, FSM_EV_ABORT, line);
	if (fsm_edges[e].send & FSM_SEND_RST)
		sim_send(s, ki, seq, SEGF_RST | SEGF_ACK, 0, false, line);
	k->unsent = 0;
}

/* An old duplicate appears in the network (no socket changes). */
static void
sim_inject(struct sim *s, const struct scenario_action *a)
{
	sim_emit(s, -1, &s->sc->endpoints[a->ep].addr,
	    &s->sc->endpoints[a->peer].addr, a->seq, a->ack, a->flags,
	    a->bytes, false, a->line);
}

/*
 * The host of endpoint ep: `vanish` takes it off the network (a pulled
 * cable, a hang, a crash before its reboot): its TCBs stay as they are and
 * tell no one. `return` puts it back. `reboot` loses every TCB of the host
 * without a segment (RFC 9293 3.5.2: the host forgets them) and puts it
 * back: from then on a segment of an old connection finds no TCB and meets
 * a RST (3.10.7.1). A lost TCB takes E22 (LISTEN: E05) with no RST, as
 * when retries run out; consumers hear of it as of a connect() timeout.
 */
static void
sim_host(struct sim *s, const struct scenario_action *a)
{
	const struct event_endpoint	*h = &s->sc->endpoints[a->ep].addr;
	struct sim_sock			*k;
	size_t				 i;

	if (a->call == SCENARIO_VANISH) {
		s->gone[a->ep] = true;
		return;
	}
	for (i = 0; i < s->sc->nendpoints; i++) {
		if (sim_same_host(&s->sc->endpoints[i].addr, h))
			s->gone[i] = false;
	}
	if (a->call != SCENARIO_REBOOT)
		return;
	for (i = 0; i < s->nsocks; i++) {
		k = &s->socks[i];
		if (k->state == FSM_CLOSED || !sim_same_host(&k->local, h))
			continue;
		if (fsm_edge_on((enum fsm_state)k->state, FSM_EV_ABORT,
		    (enum fsm_origin)k->origin) != FSM_EDGE_NONE) {
			sim_app(s, k, FSM_EV_ABORT, a->line);
			sim_take(s, i, FSM_EV_ABORT, a->line);
		} else {
			sim_app(s, k, FSM_EV_CLOSE, a->line);
			sim_take(s, i, FSM_EV_CLOSE, a->line);
		}
		k->unsent = 0;
		k->fin_pending = false;
	}
}

/*
 * accept(): take the oldest connection off the listener's accept queue,
 * which makes room for one more (nothing on the wire, no state changes).
 */
static void
sim_accept(struct sim *s, const struct scenario_action *a)
{
	int	p = s->primary[a->ep];
	size_t	i;

	if (p >= 0 && !s->socks[p].spec) {
		for (i = 0; i < s->nsocks; i++) {
			if (s->socks[i].parent == p && s->socks[i].in_accept) {
				s->socks[i].in_accept = false;
				s->accepted[a->ep] = (int)i;
				return;
			}
		}
	}
	sim_warn(s);
}

/* Run one scenario 'at' line. */
static void
sim_action(struct sim *s, const struct scenario_action *a)
{
	struct sim_sock	*k;
	int		 ki;
	bool		 was;

	switch (a->call) {
	case SCENARIO_LISTEN:
	case SCENARIO_CONNECT:
		sim_open(s, a);
		return;
	case SCENARIO_SEND:
		sim_app_send(s, a);
		return;
	case SCENARIO_INJECT:
		sim_inject(s, a);
		return;
	case SCENARIO_VANISH:
	case SCENARIO_RETURN:
	case SCENARIO_REBOOT:
		sim_host(s, a);
		return;
	case SCENARIO_ACCEPT:
		sim_accept(s, a);
		return;
	default:
		break;
	}
	if ((ki = sim_target(s, a->ep)) < 0) {
		sim_warn(s);
		return;
	}
	if (a->call == SCENARIO_ABORT) {
		sim_abort(s, (size_t)ki, a->line, true);
		return;
	}
	k = &s->socks[ki];
	if (a->call == SCENARIO_CLOSE) {
		/*
		 * close(), unlike shutdown(SHUT_WR), leaves nobody to read:
		 * an orphan. After a shutdown() the FIN is out already, so
		 * there is no CLOSE edge; only the orphan's timer changes.
		 */
		was = k->orphan;
		k->orphan = true;
		if (k->fin_pending || k->fin_sent) {
			if (was)
				sim_warn(s);
			else if (k->state == FSM_FIN_WAIT_2)
				sim_fw2_arm(s, (size_t)ki, a->line);
			return;
		}
	}
	sim_close(s, (size_t)ki, a->line, true);
}

/*
 * Retransmit everything unacknowledged from SND.UNA (go-back-N): the SYN,
 * data at the MSS, then the FIN.
 */
static void
sim_retransmit(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];
	uint32_t	 seq = k->snd_una, end, n;

	if (!k->syn_acked && seq == k->iss) {
		sim_send_syn(s, ki, true, line);
		seq++;
	}
	if (!k->syn_acked && !fsm_state_has((enum fsm_state)k->state,
	    FSM_ATTR_SYNCHRONIZED) && !k->fin_sent)
		return;
	end = k->fin_sent ? k->fin_seq : k->snd_nxt;
	while (seq_lt(seq, end)) {
		n = sim_mss(s, k);
		if (n > end - seq)
			n = end - seq;
		sim_send(s, ki, seq, SEGF_ACK | (seq + n == end ? SEGF_PSH : 0),
		    n, true, line);
		seq += n;
	}
	if (k->fin_sent && seq_leq(seq, k->fin_seq) &&
	    seq_lt(k->fin_seq, k->snd_nxt))
		sim_send(s, ki, k->fin_seq, SEGF_FIN | SEGF_ACK, 0, true,
		    line);
}

/* The retransmission timer fired: back off, resend or give up. */
static void
sim_rto(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock			*k = &s->socks[ki];
	const struct scenario_endpoint	*e = &s->sc->endpoints[k->ep];
	unsigned			 limit;

	if (k->snd_una == k->snd_nxt)
		return;
	if (k->state == FSM_SYN_SENT)
		limit = e->syn_retries;
	else if (k->state == FSM_SYN_RCVD && !k->fin_sent)
		limit = e->synack_retries;
	else
		limit = e->retries;
	if (++k->retries > limit) {
		/*
		 * The retries ran out: connect() fails in SYN_SENT (E08);
		 * elsewhere the TCB is deleted, without a RST (E22; RFC 9293
		 * 3.8.3 R2, Linux tcp_write_err): a half-open SYN_RCVD leaves
		 * the backlog (Linux drops the request after
		 * tcp_synack_retries), an orphan after tcp_orphan_retries.
		 */
		if (k->state == FSM_SYN_SENT) {
			sim_app(s, k, FSM_EV_TIMEOUT, line);
			sim_take(s, ki, FSM_EV_TIMEOUT, line);
		} else
			/* TCP's own abort, without the RST: E22. */
			sim_take(s, ki, FSM_EV_ABORT, line);
		k->unsent = 0;
		return;
	}
	/* RFC 6298 5.5: back off the timer. */
	k->rto = k->rto * 2 > SIM_RTO_MAX ? SIM_RTO_MAX : k->rto * 2;
	sim_retransmit(s, ki, line);
	sim_timer_arm(s, ki, SIM_T_RTO, k->rto, line);
}

/*
 * The keep-alive timer (RFC 9293 3.8.4, as Linux's tcp_keepalive_timer):
 * after IDLE with nothing received, a probe (no data, SEG.SEQ = SND.NXT
 * - 1, so an alive peer must answer with an ACK) every INTERVAL; after
 * COUNT unanswered ones the connection is aborted with a RST and the
 * application gets ETIMEDOUT (E22). Nothing is probed while data waits.
 */
static void
sim_keepalive(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock			*k = &s->socks[ki];
	const struct scenario_endpoint	*e = &s->sc->endpoints[k->ep];
	int64_t				 idle = e->keep_idle_ns, since;

	if (!fsm_state_has((enum fsm_state)k->state, FSM_ATTR_SYNCHRONIZED) ||
	    k->state == FSM_TIME_WAIT)
		return;
	if (k->snd_una != k->snd_nxt || k->unsent > 0) {
		sim_timer_arm(s, ki, SIM_T_KEEP, idle, line);
		return;
	}
	since = s->now - k->last_rcv;
	if (since < idle) {
		sim_timer_arm(s, ki, SIM_T_KEEP, idle - since, line);
		return;
	}
	if (k->probes >= e->keep_cnt) {
		sim_abort(s, ki, line, false);
		return;
	}
	sim_send(s, ki, k->snd_nxt - 1, SEGF_ACK, 0, false, line);
	k->probes++;
	sim_timer_arm(s, ki, SIM_T_KEEP, e->keep_intvl_ns, line);
}

/* A timer event. */
static void
sim_timer(struct sim *s, const struct sim_ev *ev)
{
	struct sim_sock	*k = &s->socks[ev->idx];

	if (ev->gen != k->gen[ev->timer] || !k->armed[ev->timer])
		return;
	k->armed[ev->timer] = false;
	switch (ev->timer) {
	case SIM_T_RTO:
		sim_rto(s, ev->idx, ev->line);
		break;
	case SIM_T_DELACK:
		if (k->ack_due > 0)
			sim_send(s, ev->idx, k->snd_nxt, SEGF_ACK, 0, false,
			    ev->line);
		break;
	case SIM_T_TW:
		/* RFC 9293 3.10.8: the 2*MSL timeout deletes the TCB (E21). */
		sim_app(s, k, EVENT_APP_TICK, ev->line);
		sim_take(s, ev->idx, FSM_EV_TIMEOUT, ev->line);
		break;
	case SIM_T_KEEP:
		sim_keepalive(s, ev->idx, ev->line);
		break;
	case SIM_T_FW2:
		/* The orphan is deleted without a segment (E22, no RST). */
		if (k->state != FSM_FIN_WAIT_2)
			break;
		sim_app(s, k, EVENT_APP_FIN_TIMEOUT, ev->line);
		sim_take(s, ev->idx, FSM_EV_ABORT, ev->line);
		break;
	}
}

/* Answer a segment for which no TCB exists (RFC 9293 3.10.7.1). */
static void
sim_reset_closed(struct sim *s, int ep, const struct event_segment *g)
{
	uint32_t	len = g->payload_len;

	if (g->flags & SEGF_RST)
		return;
	if (g->flags & SEGF_SYN)
		len++;
	if (g->flags & SEGF_FIN)
		len++;
	if (g->flags & SEGF_ACK)
		sim_emit(s, ep, &g->dst, &g->src, g->ack, 0, SEGF_RST, 0,
		    false, g->origin);
	else
		sim_emit(s, ep, &g->dst, &g->src, 0, g->seq + len,
		    SEGF_RST | SEGF_ACK, 0, false, g->origin);
}

/* Find the TCB a segment is for (exact 4-tuple first, then a listener). */
static int
sim_demux(struct sim *s, const struct event_segment *g, bool *listener)
{
	size_t	i;

	*listener = false;
	for (i = s->nsocks; i-- > 0;) {
		const struct sim_sock *k = &s->socks[i];

		if (k->spec && k->state != FSM_CLOSED &&
		    event_endpoint_eq(&k->local, &g->dst) &&
		    event_endpoint_eq(&k->remote, &g->src))
			return (int)i;
	}
	for (i = s->nsocks; i-- > 0;) {
		const struct sim_sock *k = &s->socks[i];

		if (!k->spec && k->state == FSM_LISTEN &&
		    event_endpoint_eq(&k->local, &g->dst)) {
			*listener = true;
			return (int)i;
		}
	}
	return -1;
}

/*
 * A SYN reaching a TIME_WAIT TCB (RFC 1122 4.2.2.13, RFC 6191; Linux
 * tcp_timewait_state_process, TCP_TW_SYN): one whose sequence number is
 * after RCV.NXT opens a new incarnation when a listener is there to take
 * it. The TIME_WAIT TCB is deleted as its 2*MSL timeout would (E21, the
 * edge the engine infers from a capture) and the caller hands the SYN to
 * the listener. Any other SYN falls through to sim_input_sync, which
 * answers it with an ACK of the old connection; TIME_WAIT stays.
 */
static bool
sim_tw_new_syn(struct sim *s, size_t ki, const struct event_segment *g)
{
	struct sim_sock	*k = &s->socks[ki];
	size_t		 i;

	if (k->state != FSM_TIME_WAIT ||
	    (g->flags & (SEGF_SYN | SEGF_ACK | SEGF_RST)) != SEGF_SYN ||
	    !seq_gt(g->seq, k->rcv_nxt))
		return false;
	for (i = 0; i < s->nsocks; i++) {
		if (!s->socks[i].spec && s->socks[i].state == FSM_LISTEN &&
		    event_endpoint_eq(&s->socks[i].local, &g->dst))
			break;
	}
	if (i == s->nsocks)
		return false;	/* Linux: no listener, so TIME_WAIT ACKs it */
	return sim_take(s, ki, FSM_EV_TIMEOUT, g->origin) != FSM_EDGE_NONE;
}

/* Half-open children of a listener (its SYN queue). */
static unsigned
sim_backlog_used(const struct sim *s, int listener)
{
	unsigned	n = 0;
	size_t		i;

	for (i = 0; i < s->nsocks; i++) {
		if (s->socks[i].parent == listener && s->socks[i].in_backlog)
			n++;
	}
	return n;
}

/*
 * Is a listener's accept queue full (its 'accept-queue=N': children past
 * E09 the application has not accepted)? Never without the setting.
 */
static bool
sim_accept_full(const struct sim *s, int listener)
{
	const struct scenario_endpoint	*e;
	unsigned			 n = 0;
	size_t				 i;

	e = &s->sc->endpoints[s->socks[listener].ep];
	if (e->accept_queue == 0)
		return false;
	for (i = 0; i < s->nsocks; i++) {
		if (s->socks[i].parent == listener && s->socks[i].in_accept)
			n++;
	}
	return n >= e->accept_queue;
}

/* LISTEN: RFC 9293 3.10.7.2. */
static void
sim_input_listen(struct sim *s, size_t ki, size_t idx)
{
	struct event_segment	 g = s->items[idx].seg;
	struct sim_sock		*k = &s->socks[ki];
	int			 parent = k->parent;

	if (g.flags & SEGF_RST)
		return;
	if (g.flags & SEGF_ACK) {
		sim_emit(s, k->ep, &g.dst, &g.src, g.ack, 0, SEGF_RST, 0,
		    false, g.origin);
		return;
	}
	if (!(g.flags & SEGF_SYN))
		return;
	if (parent >= 0 && sim_backlog_used(s, parent) >=
	    s->sc->endpoints[k->ep].backlog) {
		s->items[idx].seg.lost = true;
		s->items[idx].dropped = true;
		return;
	}
	k->irs = g.seq;
	k->have_irs = true;
	k->rcv_nxt = g.seq + 1;
	k->ofo_fin = false;
	k->peer_wnd = g.window;
	k->peer_mss = (g.opts.present & EVOPT_MSS) ? g.opts.mss : 536;
	sim_open_send(s, k);
	k->origin = FSM_ORIGIN_PASSIVE;
	k->in_backlog = parent >= 0;
	sim_take(s, ki, FSM_EV_RCV_SYN, g.origin);
	sim_send_syn(s, ki, false, g.origin);
	sim_timer_arm(s, ki, SIM_T_RTO, k->rto, g.origin);
}

/* SYN_SENT: RFC 9293 3.10.7.3. */
static void
sim_input_synsent(struct sim *s, size_t ki, const struct event_segment *g)
{
	struct sim_sock	*k = &s->socks[ki];
	bool		 ack_ok = false;

	if (g->flags & SEGF_ACK) {
		/* Acceptable iff ISS < SEG.ACK =< SND.NXT. */
		ack_ok = seq_lt(k->iss, g->ack) && seq_leq(g->ack, k->snd_nxt);
		if (!ack_ok) {
			if (!(g->flags & SEGF_RST))
				sim_emit(s, k->ep, &k->local, &k->remote,
				    g->ack, 0, SEGF_RST, 0, false, g->origin);
			return;
		}
	}
	if (g->flags & SEGF_RST) {
		if (ack_ok)
			sim_take(s, ki, FSM_EV_RCV_RSTACK, g->origin);
		return;
	}
	if (!(g->flags & SEGF_SYN))
		return;
	k->irs = g->seq;
	k->have_irs = true;
	k->rcv_nxt = g->seq + 1;
	k->ofo_fin = false;
	k->peer_wnd = g->window;
	k->peer_mss = (g->opts.present & EVOPT_MSS) ? g->opts.mss : 536;
	if (ack_ok) {
		k->snd_una = g->ack;
		k->syn_acked = true;
		k->retries = 0;
		k->rto = s->sc->endpoints[k->ep].rto_ns;
		sim_timer_stop(k, SIM_T_RTO);
		sim_take(s, ki, FSM_EV_RCV_SYNACK, g->origin);
		sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, g->origin);
		sim_output(s, ki, g->origin);
		return;
	}
	/* Simultaneous open (E06): answer with SYN,ACK of the same ISS. */
	sim_take(s, ki, FSM_EV_RCV_SYN, g->origin);
	sim_send_syn(s, ki, false, g->origin);
	sim_timer_arm(s, ki, SIM_T_RTO, k->rto, g->origin);
}

/* Is a segment acceptable (RFC 9293 3.10.7.4, first check)? */
static bool
sim_acceptable(const struct sim *s, const struct sim_sock *k, uint32_t seq,
    uint32_t seglen)
{
	uint32_t	wnd = s->sc->endpoints[k->ep].window;

	if (seglen == 0)
		return seq == k->rcv_nxt || seq_in(seq, k->rcv_nxt,
		    k->rcv_nxt + wnd);
	return seq_in(seq, k->rcv_nxt, k->rcv_nxt + wnd) ||
	    seq_in(seq + seglen - 1, k->rcv_nxt, k->rcv_nxt + wnd);
}

/* ACK now, or after the delayed-ACK timer (every second segment at once). */
static void
sim_ack_data(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];
	int64_t		 d = s->sc->endpoints[k->ep].delack_ns;

	k->ack_due++;
	if (d == 0 || k->ack_due >= 2)
		sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, line);
	else if (!k->armed[SIM_T_DELACK])
		sim_timer_arm(s, ki, SIM_T_DELACK, d, line);
}

/*
 * The ACK of our SYN finds the listener's accept queue full (Linux
 * tcp_check_req, listen_overflow): the segment is thrown away, data and
 * all (no TCB took it: for consumers it never arrived). Without
 * 'abort-on-overflow' (net.ipv4.tcp_abort_on_overflow=0, the default)
 * the child stays in SYN_RCVD with its SYN,ACK timer running; with it
 * the half-open child answers with a RST (SEQ = K+1, no ACK, as Linux
 * sends it) and is deleted (E22).
 */
static void
sim_overflow(struct sim *s, size_t ki, size_t idx)
{
	struct sim_sock		*k = &s->socks[ki];
	uint64_t		 line = s->items[idx].seg.origin;

	s->items[idx].seg.lost = true;
	s->items[idx].dropped = true;
	if (s->sc->endpoints[k->ep].abort_on_overflow) {
		sim_emit(s, k->ep, &k->local, &k->remote, k->snd_nxt, 0,
		    SEGF_RST, 0, false, line);
		sim_take(s, ki, FSM_EV_ABORT, line);
		k->unsent = 0;
	}
}

/*
 * RFC 5961 3.2, 4.2: a challenge ACK, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
 * RFC 5961 7 asks for a rate limit; Linux sends at most one per socket
 * every net.ipv4.tcp_invalid_ratelimit (500 ms; the lab challenge-ack
 * measured a second one 0.4 s later skipped, 0.6 s later sent).
 */
static void
sim_challenge(struct sim *s, size_t ki, uint64_t line)
{
	struct sim_sock	*k = &s->socks[ki];

	if (k->challenged && s->now - k->t_challenge < SIM_CHALLENGE_GAP)
		return;
	k->challenged = true;
	k->t_challenge = s->now;
	sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, line);
}

/* Synchronized states and SYN_RCVD: RFC 9293 3.10.7.4. */
static void
sim_input_sync(struct sim *s, size_t ki, size_t idx)
{
	struct event_segment	 g = s->items[idx].seg;
	struct sim_sock		*k = &s->socks[ki];
	uint32_t		 seq = g.seq, len = g.payload_len, seglen;
	uint16_t		 fl = g.flags;
	bool			 fin_in = false, fin_acked, data_in = false;
	bool			 ack_now = false, fin_open;
	enum fsm_edge		 e;

	/* A SYN we already have (simultaneous open's SYN,ACK): trim it. */
	if ((fl & SEGF_SYN) && k->have_irs && seq + 1 == k->rcv_nxt &&
	    len == 0 && !(fl & SEGF_FIN)) {
		/*
		 * The peer resent its SYN: our SYN,ACK was lost. Resend, and
		 * restart the timer at the current backoff, as Linux does
		 * (tcp_check_req: the retry count stays, the wait restarts).
		 */
		if (!(fl & SEGF_ACK) && k->state == FSM_SYN_RCVD) {
			sim_send_syn(s, ki, true, g.origin);
			if (k->armed[SIM_T_RTO])
				sim_timer_arm(s, ki, SIM_T_RTO, k->rto,
				    g.origin);
			return;
		}
		/*
		 * A resent SYN,ACK after the handshake: our ACK never took
		 * (lost, or thrown away by a full accept queue). It is all
		 * old, so RFC 9293 3.10.7.4 answers it with an ACK, as Linux
		 * does.
		 */
		if ((fl & SEGF_ACK) && k->state != FSM_SYN_RCVD &&
		    k->syn_acked) {
			sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false,
			    g.origin);
			return;
		}
		seq++;
		fl &= (uint16_t)~SEGF_SYN;
	}
	seglen = len + ((fl & SEGF_SYN) != 0) + ((fl & SEGF_FIN) != 0);
	/*
	 * RFC 9293 3.10.7.4: in TIME_WAIT the only thing that arrives is a
	 * retransmission of the peer's FIN: ACK it, restart the 2*MSL timer.
	 */
	if (k->state == FSM_TIME_WAIT && (fl & SEGF_FIN) &&
	    !(fl & SEGF_RST) && seq + len + 1 == k->rcv_nxt) {
		sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, g.origin);
		sim_timer_arm(s, ki, SIM_T_TW, 2 * s->sc->msl_ns, g.origin);
		return;
	}
	if (!sim_acceptable(s, k, seq, seglen)) {
		if (!(fl & SEGF_RST))
			sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false,
			    g.origin);
		return;
	}
	/*
	 * RFC 1337 section 3: a stack that heeds it drops a RST in
	 * TIME_WAIT, so no stray segment's answer assassinates it (E22).
	 */
	if ((fl & SEGF_RST) && k->state == FSM_TIME_WAIT &&
	    s->sc->endpoints[k->ep].rfc1337)
		return;
	if (fl & SEGF_RST) {
		/*
		 * RFC 5961 3.2: exact match resets, else challenge ACK; but a
		 * TIME_WAIT drops an inexact one silently, as Linux's does
		 * (tcp_timewait_state_process; the tw-rst lab).
		 */
		if (seq != k->rcv_nxt) {
			if (k->state != FSM_TIME_WAIT)
				sim_challenge(s, ki, g.origin);
			return;
		}
		/* E11 (passive open), E23 (active open) or E22. */
		if (sim_take(s, ki, FSM_EV_RCV_RST, g.origin) != FSM_EDGE_NONE &&
		    k->state == FSM_LISTEN) {
			k->have_irs = false;
			k->unsent = 0;
		}
		return;
	}
	if (fl & SEGF_SYN) {
		/* RFC 5961 4.2: a SYN in window gets a challenge ACK. */
		sim_challenge(s, ki, g.origin);
		return;
	}
	if (!(fl & SEGF_ACK))
		return;
	if (!k->syn_acked) {
		if (!(seq_lt(k->snd_una, g.ack) && seq_leq(g.ack, k->snd_nxt))) {
			sim_emit(s, k->ep, &k->local, &k->remote, g.ack, 0,
			    SEGF_RST, 0, false, g.origin);
			return;
		}
		if (k->parent >= 0 && sim_accept_full(s, k->parent)) {
			sim_overflow(s, ki, idx);
			return;
		}
		k->syn_acked = true;
		k->in_backlog = false;
		k->in_accept = k->parent >= 0 &&
		    s->sc->endpoints[k->ep].accept_queue > 0;
		/* The ACK of our SYN in SYN_RCVD (E09). */
		sim_take(s, ki, FSM_EV_RCV_ACK_OF_SYN, g.origin);
	}
	if (seq_gt(g.ack, k->snd_nxt)) {
		sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, g.origin);
		return;
	}
	k->peer_wnd = g.window;
	/* Any acceptable ACK answers the keep-alives (Linux tcp_ack). */
	k->last_rcv = s->now;
	k->probes = 0;
	if (seq_gt(g.ack, k->snd_una)) {
		k->snd_una = g.ack;
		k->retries = 0;
		k->rto = s->sc->endpoints[k->ep].rto_ns;
		sim_timer_stop(k, SIM_T_RTO);
	}
	fin_acked = k->fin_sent && seq_gt(g.ack, k->fin_seq);
	if (len > 0 && fsm_state_has((enum fsm_state)k->state,
	    FSM_ATTR_CAN_RECV)) {
		if (seq == k->rcv_nxt) {
			k->rcv_nxt += len;
			data_in = true;
		} else if (seq_lt(seq, k->rcv_nxt) &&
		    seq_gt(seq + len, k->rcv_nxt)) {
			k->rcv_nxt = seq + len;
			data_in = true;
		} else
			ack_now = true;		/* duplicate or a gap */
	}
	fin_open = fsm_state_has((enum fsm_state)k->state,
	    FSM_ATTR_SYNCHRONIZED) && !fsm_state_has((enum fsm_state)k->state,
	    FSM_ATTR_RCVD_FIN);
	if (fl & SEGF_FIN) {
		if (seq + len == k->rcv_nxt && fin_open) {
			k->rcv_nxt++;
			fin_in = true;
		} else if (fin_open && seq_gt(seq + len, k->rcv_nxt)) {
			/*
			 * RFC 9293 3.10.7.4: segments are processed in
			 * sequence. A FIN beyond a hole is held (Linux queues
			 * it out of order, tcp_data_queue_ofo) and the hole
			 * gets a duplicate ACK (RFC 5681 4.2) at once.
			 */
			k->ofo_fin = true;
			k->ofo_fin_seq = seq + len;
			ack_now = true;
		} else
			ack_now = true;
	}
	/* The data filled the hole: the held FIN's turn (E13, E15, E17). */
	if (!fin_in && k->ofo_fin && fin_open &&
	    k->ofo_fin_seq == k->rcv_nxt) {
		k->ofo_fin = false;
		k->rcv_nxt++;
		fin_in = true;
	}
	/* RFC 9293 3.10.7.4: a FIN that also ACKs our FIN (E16). */
	e = FSM_EDGE_NONE;
	if (fin_in && fin_acked)
		e = sim_take(s, ki, FSM_EV_RCV_FIN_ACK_OF_FIN, g.origin);
	if (e == FSM_EDGE_NONE) {
		if (fin_acked)
			sim_take(s, ki, FSM_EV_RCV_ACK_OF_FIN, g.origin);
		if (fin_in)
			sim_take(s, ki, FSM_EV_RCV_FIN, g.origin);
	}
	if (k->state == FSM_CLOSED)
		return;
	if (fin_in && k->state == FSM_CLOSE_WAIT &&
	    s->sc->endpoints[k->ep].autoclose && k->unsent == 0) {
		/* The application closes at EOF: the FIN carries the ACK. */
		sim_close(s, ki, s->sc->endpoints[k->ep].line, true);
		return;
	}
	if (fin_in || ack_now)
		sim_send(s, ki, k->snd_nxt, SEGF_ACK, 0, false, g.origin);
	else if (data_in)
		sim_ack_data(s, ki, g.origin);
	sim_output(s, ki, g.origin);
	if (k->snd_una != k->snd_nxt && !k->armed[SIM_T_RTO] &&
	    k->state != FSM_TIME_WAIT)
		sim_timer_arm(s, ki, SIM_T_RTO, k->rto, g.origin);
}

/* A segment arrives at its destination (RFC 9293 3.10.7). */
static void
sim_input(struct backend *b, struct sim *s, size_t idx)
{
	struct event_segment	 g = s->items[idx].seg;
	struct sim_sock		*k;
	bool			 listener;
	int			 ki, host, child;

	(void)b;
	host = sim_endpoint_of(s, &g.dst);
	if (host < 0)
		host = sim_host_of(s, &g.dst);
	if (host < 0)
		return;			/* nobody at that address */
	if (sim_host_gone(s, &g.dst)) {
		/* It left before its host vanished: lost on the way. */
		s->items[idx].seg.lost = true;
		return;
	}
	if (s->sc->endpoints[host].silent) {
		/*
		 * A spoofed address: no TCB ever sees the segment, so for
		 * every consumer it never arrived.
		 */
		s->items[idx].seg.lost = true;
		s->items[idx].dropped = true;
		return;
	}
	ki = sim_demux(s, &g, &listener);
	if (ki >= 0 && sim_tw_new_syn(s, (size_t)ki, &g))
		ki = sim_demux(s, &g, &listener);	/* now the listener's */
	if (ki < 0) {
		sim_reset_closed(s, host, &g);
		return;
	}
	if (listener) {
		if (!(g.flags & SEGF_SYN) ||
		    (g.flags & (SEGF_ACK | SEGF_RST))) {
			sim_input_listen(s, (size_t)ki, idx);
			return;
		}
		if (sim_backlog_used(s, ki) >=
		    s->sc->endpoints[s->socks[ki].ep].backlog) {
			/* The SYN queue is full: the SYN is thrown away. */
			s->items[idx].seg.lost = true;
			s->items[idx].dropped = true;
			return;
		}
		if (sim_accept_full(s, ki)) {
			/*
			 * The accept queue is full: Linux drops the SYN
			 * (tcp_conn_request, LINUX_MIB_LISTENOVERFLOWS),
			 * SYN cookies or not.
			 */
			s->items[idx].seg.lost = true;
			s->items[idx].dropped = true;
			return;
		}
		if (s->nsocks >= BACKEND_SIM_MAX_SOCKS) {
			sim_warn(s);
			return;
		}
		/* A child TCB for this peer, listening as its parent was. */
		child = (int)sim_sock_new(s, s->socks[ki].ep, ki);
		k = &s->socks[child];
		k->spec = true;
		k->remote = g.src;
		k->state = FSM_LISTEN;
		sim_record(s, k, FSM_CLOSED, FSM_LISTEN,
		    fsm_edge_find(FSM_CLOSED, FSM_LISTEN, FSM_EV_PASSIVE_OPEN),
		    true, g.origin);
		ki = child;
	}
	k = &s->socks[ki];
	switch (k->state) {
	case FSM_LISTEN:
		sim_input_listen(s, (size_t)ki, idx);
		break;
	case FSM_SYN_SENT:
		sim_input_synsent(s, (size_t)ki, &g);
		break;
	default:
		sim_input_sync(s, (size_t)ki, idx);
		break;
	}
}

/* Run the scenario to the end (or the limits). */
static void
sim_run(struct backend *b, struct sim *s)
{
	struct sim_ev	ev;
	size_t		i;
	uint64_t	steps = 0;
	int64_t		last = 0;

	for (i = 0; i < s->sc->nendpoints; i++) {
		s->primary[i] = -1;
		s->accepted[i] = -1;
	}
	for (i = 0; i < s->sc->nactions; i++) {
		memset(&ev, 0, sizeof ev);
		ev.kind = SIM_EV_APP;
		ev.t = s->sc->actions[i].t;
		ev.idx = i;
		ev.line = s->sc->actions[i].line;
		sim_push(s, ev);
	}
	while (heap_len(&s->heap) > 0) {
		if (++steps > BACKEND_SIM_MAX_EVENTS) {
			s->warnings++;
			break;
		}
		ev = sim_pop(s);
		if ((s->sc->end_ns > 0 && ev.t > s->sc->end_ns) ||
		    ev.t > 2 * SCENARIO_MAX_TIME)
			break;
		s->now = ev.t;
		last = ev.t;
		switch (ev.kind) {
		case SIM_EV_APP:
			sim_action(s, &s->sc->actions[ev.idx]);
			break;
		case SIM_EV_DELIVER:
			sim_input(b, s, ev.idx);
			break;
		case SIM_EV_TIMER:
			sim_timer(s, &ev);
			break;
		}
	}
	/* Let consumers' clocks reach the end of the scenario. */
	s->now = s->sc->end_ns > last ? s->sc->end_ns : last;
	sim_app(s, NULL, EVENT_APP_TICK, 0);
}

struct backend *
backend_sim_open(struct scenario *sc, bool seed_set, uint64_t seed)
{
	struct backend	*b = xcalloc(1, sizeof *b);
	struct sim	*s = xcalloc(1, sizeof *s);

	heap_init(&s->heap, sizeof(struct sim_ev), sim_ev_before);
	b->cls = &backend_sim_class;
	b->priv = s;
	s->sc = sc;
	s->rng = seed_set ? seed : sc->seed;
	sim_run(b, s);
	if (s->warnings > 0)
		backend_set_warning(b, "%s: %" PRIu64 " scenario step%s had no "
		    "effect (a call the state has no edge for, or a limit)",
		    sc->path, s->warnings, s->warnings == 1 ? "" : "s");
	return b;
}

/* Replay the next output. */
static enum backend_next
backend_sim_next(struct backend *b, struct event_segment *seg)
{
	struct sim			*s = b->priv;
	const struct backend_sim_item	*it;

	if (s->pos >= s->nitems)
		return BACKEND_END;
	it = &s->items[s->pos++];
	if (it->is_app) {
		b->app = it->app;
		return BACKEND_APP;
	}
	*seg = it->seg;
	b->stats.frames++;
	b->stats.tcp++;
	return BACKEND_SEGMENT;
}

/* The simulator never blocks. */
static int
backend_sim_fd(struct backend *b)
{
	(void)b;
	return -1;
}

static void
backend_sim_free(struct backend *b)
{
	struct sim	*s = b->priv;

	if (s == NULL)
		return;
	scenario_free(s->sc);
	heap_free(&s->heap);
	free(s->items);
	free(s->truth);
	free(s->socks);
	free(s);
	b->priv = NULL;
}

const struct scenario *
backend_sim_scenario(const struct backend *b)
{
	return ((const struct sim *)b->priv)->sc;
}

bool
backend_sim_rfc1337(const struct backend *b)
{
	const struct scenario	*sc = ((const struct sim *)b->priv)->sc;
	size_t			 i;

	for (i = 0; i < sc->nendpoints; i++) {
		if (sc->endpoints[i].rfc1337)
			return true;
	}
	return false;
}

int64_t
backend_sim_msl(const struct backend *b)
{
	return ((const struct sim *)b->priv)->sc->msl_ns;
}

size_t
backend_sim_item_count(const struct backend *b)
{
	return ((const struct sim *)b->priv)->nitems;
}

const struct backend_sim_item *
backend_sim_item_at(const struct backend *b, size_t i)
{
	const struct sim	*s = b->priv;

	return i < s->nitems ? &s->items[i] : NULL;
}

size_t
backend_sim_truth_count(const struct backend *b)
{
	return ((const struct sim *)b->priv)->ntruth;
}

const struct backend_sim_transition *
backend_sim_truth_at(const struct backend *b, size_t i)
{
	const struct sim	*s = b->priv;

	return i < s->ntruth ? &s->truth[i] : NULL;
}

uint64_t
backend_sim_warnings(const struct backend *b)
{
	return ((const struct sim *)b->priv)->warnings;
}
