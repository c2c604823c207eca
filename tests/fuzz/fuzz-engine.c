/*
 * fuzz-engine.c: libFuzzer target for the state engine. The bytes are
 * decoded into an engine configuration and a stream of segments among a
 * few endpoints (flags, seq/ack relative to what each end has sent, lengths,
 * windows, options, time steps forward and back), plus, in simulator mode,
 * application calls and delivery times, and scans (thousands of SYNs or
 * ACKs from new ports). After every step all settled transitions are
 * drained and checked.
 *
 * Encoding: two header bytes (limits, mode, MSL, settle window, time
 * base, ISNs), then operations of 1-20 bytes each: see fuzz_engine_op().
 *
 * Invariants (engine.h, conn.h, fsm.h):
 * - a transition goes to a valid state along an edge of the fsm table
 *   that leaves its from state (or is the implied mid-stream start: no
 *   edge, from none, to ESTABLISHED);
 * - per endpoint, each transition starts where the previous one ended
 *   (the first from CLOSED or none) and time never runs back;
 * - engine_next() hands them out in time order unless it said the queue
 *   overflowed;
 * - at most max_conns instances are held; each endpoint's state is valid;
 *   history holds at most max_history steps;
 * - after engine_finish() everything drains, and each instance's states
 *   are where its last transitions left them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "conn.h"
#include "engine.h"
#include "event.h"
#include "fsm.h"
#include "fuzz.h"
#include "scenario.h"
#include "seq.h"

#define FUZZ_ENGINE_NEP		8	/* endpoints; 0-5 IPv4, 6-7 IPv6 */
#define FUZZ_ENGINE_NEP4	6
#define FUZZ_ENGINE_MAX_OPS	4096
#define FUZZ_ENGINE_SCAN_MAX	1100	/* scan segments per input */
#define FUZZ_ENGINE_MS		INT64_C(1000000)
/*
 * The times a capture can carry: pcapng.c saturates at INT64_MAX ns (a
 * huge time offset); classic pcap stores signed 32-bit seconds and
 * fractions.
 */
#define FUZZ_ENGINE_TMAX	INT64_MAX
#define FUZZ_ENGINE_TMIN	(INT64_C(-2147483648) * (COMPAT_NS_PER_SEC + 1))

/* What the checker remembers of one endpoint of one instance. */
struct fuzz_engine_seen {
	int64_t		 t[2];
	int8_t		 to[2];
	uint8_t		 any[2];
};

struct fuzz_engine {
	struct engine		*e;
	struct engine_config	 cfg;
	struct fuzz_in		 in;
	struct event_endpoint	 ep[FUZZ_ENGINE_NEP];
	uint32_t		 snd[FUZZ_ENGINE_NEP];	/* next seq per end */
	bool			 sim;		/* simulator mode */
	int64_t			 now;
	uint64_t		 frame;
	uint64_t		 fed;
	uint64_t		 retired;
	uint32_t		 scanned;	/* ports used by scans */
	/* Checker state. */
	struct fuzz_engine_seen	*seen;		/* by conn id */
	size_t			 nseen;
	int64_t			 last_t;
	bool			 last_any;
	uint64_t		 drained;
};

/* Flag sets real segments carry, so that short inputs reach deep states. */
static const uint16_t fuzz_engine_flags[] = {
	SEGF_SYN, SEGF_SYN | SEGF_ACK, SEGF_ACK, SEGF_FIN | SEGF_ACK,
	SEGF_RST, SEGF_RST | SEGF_ACK, SEGF_PSH | SEGF_ACK, SEGF_FIN,
	SEGF_FIN | SEGF_PSH | SEGF_ACK, SEGF_ACK, SEGF_SYN | SEGF_ECE |
	SEGF_CWR, SEGF_SYN | SEGF_FIN, SEGF_ACK | SEGF_URG, SEGF_ACK
};

static const unsigned fuzz_engine_apps[] = {
	FSM_EV_PASSIVE_OPEN, FSM_EV_ACTIVE_OPEN, FSM_EV_SEND, FSM_EV_CLOSE,
	FSM_EV_ABORT, FSM_EV_TIMEOUT, EVENT_APP_TICK, FSM_EV_ACTIVE_OPEN
};

/* Fill in the endpoint table: clients and servers sharing addresses. */
static void
fuzz_engine_endpoints(struct fuzz_engine *fz)
{
	static const uint16_t	 ports[FUZZ_ENGINE_NEP] = {
		40000, 80, 40001, 443, 80, 0, 50000, 443
	};
	int			 i;

	memset(fz->ep, 0, sizeof fz->ep);
	for (i = 0; i < FUZZ_ENGINE_NEP; i++) {
		fz->ep[i].port = ports[i];
		if (i < FUZZ_ENGINE_NEP4) {
			fz->ep[i].family = EVENT_AF_INET;
			fz->ep[i].addr[0] = 10;
			fz->ep[i].addr[3] = (uint8_t)(1 + i % 3);
		} else {
			fz->ep[i].family = EVENT_AF_INET6;
			fz->ep[i].addr[0] = 0x20;
			fz->ep[i].addr[1] = 0x01;
			fz->ep[i].addr[2] = 0x0d;
			fz->ep[i].addr[3] = 0xb8;
			fz->ep[i].addr[15] =
			    (uint8_t)(i - FUZZ_ENGINE_NEP4 + 1);
		}
	}
}

/* Is this one of the endpoints we made up (or a scan's client)? */
static bool
fuzz_engine_known_ep(const struct fuzz_engine *fz,
    const struct event_endpoint *ep)
{
	struct event_endpoint	scan = *ep;
	int			i;

	scan.port = fz->ep[0].port;
	if (event_endpoint_eq(&fz->ep[0], &scan))
		return true;
	for (i = 0; i < FUZZ_ENGINE_NEP; i++) {
		if (event_endpoint_eq(&fz->ep[i], ep))
			return true;
	}
	return false;
}

/* The checker's record for a conn id, grown on demand. */
static struct fuzz_engine_seen *
fuzz_engine_seen(struct fuzz_engine *fz, uint32_t id)
{
	struct fuzz_engine_seen	*p;
	size_t			 n;

	if (id >= fz->nseen) {
		n = fz->nseen == 0 ? 64 : fz->nseen;
		while (n <= id)
			n *= 2;
		p = realloc(fz->seen, n * sizeof *p);
		if (p == NULL)
			abort();
		memset(p + fz->nseen, 0, (n - fz->nseen) * sizeof *p);
		fz->seen = p;
		fz->nseen = n;
	}
	return &fz->seen[id];
}

/* Check one transition handed out by engine_next(). */
static void
fuzz_engine_check_tr(struct fuzz_engine *fz,
    const struct engine_transition *tr, bool overflowed)
{
	const struct fsm_edge_info	*info;
	struct fuzz_engine_seen		*s;
	char				 buf[256];

	FUZZ_CHECK(fsm_state_valid(tr->to));
	FUZZ_CHECK(tr->from == -1 || fsm_state_valid(tr->from));
	FUZZ_CHECK(tr->role == CONN_CLIENT || tr->role == CONN_SERVER);
	FUZZ_CHECK(tr->known == CONN_KNOWN_OBSERVED ||
	    tr->known == CONN_KNOWN_INFERRED ||
	    tr->known == CONN_KNOWN_IMPLIED ||
	    tr->known == CONN_KNOWN_UNCERTAIN);
	FUZZ_CHECK(tr->conn_id != 0);
	/* Ids go to instances and, as tcp.stream numbers, stray RSTs. */
	FUZZ_CHECK(tr->conn_id <= engine_stats(fz->e)->instances +
	    engine_stats(fz->e)->stray);
	FUZZ_CHECK(fuzz_engine_known_ep(fz, &tr->endpoint));
	FUZZ_CHECK(fuzz_engine_known_ep(fz, &tr->peer));
	if (tr->edge == FSM_EDGE_NONE) {
		/* The one documented exception: joined mid-stream. */
		FUZZ_CHECK(tr->from == -1);
		FUZZ_CHECK(tr->to == FSM_ESTABLISHED);
		FUZZ_CHECK(tr->reason == ENGINE_R_MIDSTREAM);
	} else {
		FUZZ_CHECK(fsm_edge_valid(tr->edge));
		info = fsm_edge_info((enum fsm_edge)tr->edge);
		FUZZ_CHECK(info != NULL);
		FUZZ_CHECK(info->to == (enum fsm_state)tr->to);
		FUZZ_CHECK(tr->from != -1);
		FUZZ_CHECK(info->from & FSM_BIT(tr->from));
		FUZZ_CHECK(fsm_edge_find((enum fsm_state)tr->from,
		    (enum fsm_state)tr->to, 0) != FSM_EDGE_NONE);
	}
	/* engine_next() hands out in time order unless the queue was full. */
	if (fz->last_any && !overflowed)
		FUZZ_CHECK(tr->t >= fz->last_t);
	if (!fz->last_any || tr->t > fz->last_t)
		fz->last_t = tr->t;
	fz->last_any = true;
	/* Per endpoint: a chain of states, in time order. */
	s = fuzz_engine_seen(fz, tr->conn_id);
	if (s->any[tr->role]) {
		FUZZ_CHECK(tr->from == s->to[tr->role]);
		FUZZ_CHECK(tr->t >= s->t[tr->role]);
	} else
		FUZZ_CHECK(tr->from == -1 || tr->from == FSM_CLOSED);
	s->any[tr->role] = 1;
	s->to[tr->role] = tr->to;
	s->t[tr->role] = tr->t;

	engine_transition_reason(buf, sizeof buf, tr);
	FUZZ_CHECK(buf[0] != '\0');
	if (tr->edge != FSM_EDGE_NONE)
		FUZZ_CHECK(strstr(buf, fsm_edge_id((enum fsm_edge)tr->edge)) !=
		    NULL);
	conn_annotations_format(buf, sizeof buf, tr->ann, 2);
	fz->drained++;
}

/* Hand out what is ready (everything, after engine_finish). */
static void
fuzz_engine_drain(struct fuzz_engine *fz)
{
	struct engine_transition	 tr;
	uint64_t			 before;
	size_t				 guard;

	for (guard = 0; guard < 10000000; guard++) {
		before = engine_stats(fz->e)->queue_overflow;
		if (!engine_next(fz->e, &tr))
			return;
		fuzz_engine_check_tr(fz, &tr,
		    engine_stats(fz->e)->queue_overflow != before);
	}
	FUZZ_CHECK(!"engine_next never runs dry");
}

/* Check the connection table and each instance. */
static void
fuzz_engine_check_table(struct fuzz_engine *fz, bool finished)
{
	const struct conn		*c;
	const struct conn_step		*st;
	const struct conn_stats		*cs;
	const struct fuzz_engine_seen	*s;
	size_t				 i, j, live = 0, n;
	int				 r;

	n = engine_conn_count(fz->e);
	for (i = 0; i < n; i++) {
		if ((c = engine_conn_at(fz->e, i)) == NULL)
			continue;
		live++;
		FUZZ_CHECK(c->id != 0);
		FUZZ_CHECK(c->flags & CONN_F_IN_USE);
		for (r = 0; r < 2; r++) {
			FUZZ_CHECK(fsm_state_valid(c->end[r].state));
			FUZZ_CHECK(c->end[r].known <= CONN_KNOWN_UNCERTAIN);
			FUZZ_CHECK(conn_state(c, (enum conn_role)r) ==
			    c->end[r].state);
			(void)engine_conn_tentative(fz->e, c,
			    (enum conn_role)r);
			/*
			 * Once drained, the model is where its output says
			 * (a self-connect's mirror end says nothing: its
			 * one socket is the client, engine_self_mirror).
			 */
			if (finished && !(r == CONN_SERVER && conn_is_self(c))) {
				s = c->id < fz->nseen ? &fz->seen[c->id] : NULL;
				if (s != NULL && s->any[r])
					FUZZ_CHECK(c->end[r].state == s->to[r]);
				else
					FUZZ_CHECK(c->end[r].state ==
					    FSM_CLOSED);
			}
		}
		FUZZ_CHECK(conn_role_of(c, conn_endpoint(c, CONN_CLIENT)) ==
		    CONN_CLIENT || event_endpoint_eq(conn_endpoint(c,
		    CONN_CLIENT), conn_endpoint(c, CONN_SERVER)));
		/* Stats: kept iff asked; one per segment; bounded history. */
		cs = engine_conn_stats(fz->e, c);
		FUZZ_CHECK((cs != NULL) == fz->cfg.stats);
		if (cs != NULL) {
			FUZZ_CHECK((uint64_t)cs->dir[0].segments +
			    cs->dir[1].segments == c->segments);
			FUZZ_CHECK(memchr(cs->zeek_history, '\0',
			    sizeof cs->zeek_history) != NULL);
			FUZZ_CHECK(cs->rtt_samples == 0 ||
			    cs->rtt_min_us <= cs->rtt_max_us);
			FUZZ_CHECK(conn_stats_zeek_state(cs, c->flags) != NULL);
		}
		if (fz->cfg.max_history == 0) {
			FUZZ_CHECK(c->hist == NULL);
			continue;
		}
		FUZZ_CHECK(conn_history_count(c->hist) <= fz->cfg.max_history);
		for (j = 0; j < conn_history_count(c->hist); j++) {
			st = conn_history_at(c->hist, j);
			FUZZ_CHECK(st != NULL);
			FUZZ_CHECK(st->kind == CONN_STEP_SEGMENT ||
			    st->kind == CONN_STEP_TRANSITION);
			if (st->kind == CONN_STEP_TRANSITION) {
				FUZZ_CHECK(fsm_state_valid(st->u.tr.to));
				FUZZ_CHECK(st->u.tr.from == -1 ||
				    fsm_state_valid(st->u.tr.from));
			}
		}
		FUZZ_CHECK(conn_history_at(c->hist, j) == NULL);
	}
	FUZZ_CHECK(live <= fz->cfg.max_conns);
	FUZZ_CHECK(engine_stats(fz->e)->segments == fz->fed);
}

/* Called by the engine for each retired instance. */
static void
fuzz_engine_retire(void *arg, const struct conn *c)
{
	struct fuzz_engine	*fz = arg;

	FUZZ_CHECK(c != NULL && c->id != 0);
	FUZZ_CHECK(fsm_state_valid(c->end[0].state));
	FUZZ_CHECK(fsm_state_valid(c->end[1].state));
	fz->retired++;
}

/* A time step: forward by a class of durations, or back (captures). */
static int64_t
fuzz_engine_step(struct fuzz_engine *fz, unsigned d)
{
	int64_t	t = fz->now, dt = 0;

	if (d == 0)
		return t;
	if (d < 8)
		dt = (int64_t)d * 100000;
	else if (d < 16)
		dt = (int64_t)(d - 7) * 50 * FUZZ_ENGINE_MS;
	else if (d < 24)
		dt = (int64_t)(d - 15) * COMPAT_NS_PER_SEC;
	else if (d == 24)
		dt = fz->cfg.settle_ns;
	else if (d == 25)
		dt = 2 * fz->cfg.msl_ns;
	else if (d == 26)
		dt = 2 * fz->cfg.msl_ns + 1;
	else if (d == 27)
		dt = fuzz_in_u32(&fz->in);
	else if (d == 28)
		dt = (int64_t)fuzz_in_u32(&fz->in) * FUZZ_ENGINE_MS;
	else if (d == 29 && !fz->sim)
		dt = -(int64_t)fuzz_in_u16(&fz->in) * FUZZ_ENGINE_MS;
	else if (d == 30 && !fz->sim)
		dt = -1;
	else if (d == 31)
		return FUZZ_ENGINE_TMAX;
	/* Stay within what a capture or the simulator can produce. */
	if (dt > 0 && t > FUZZ_ENGINE_TMAX - dt)
		return FUZZ_ENGINE_TMAX;
	if (dt < 0 && t < FUZZ_ENGINE_TMIN - dt)
		return FUZZ_ENGINE_TMIN;
	return t + dt;
}

/* A sequence or acknowledgement number relative to what an end sent. */
static uint32_t
fuzz_engine_number(struct fuzz_engine *fz, uint32_t base, unsigned mode)
{
	switch (mode & 3) {
	case 0:
		return base;
	case 1:
		return base - 1 - fuzz_in_u8(&fz->in);
	case 2:
		return base + 1 + fuzz_in_u8(&fz->in) * 37u;
	default:
		return fuzz_in_u32(&fz->in);
	}
}

/* Decode and feed one segment. */
static void
fuzz_engine_segment(struct fuzz_engine *fz, unsigned d)
{
	static const uint32_t	 lens[] = { 0, 1, 10, 100, 1460, 0, 0, 0 };
	static const uint16_t	 wins[] = { 0, 65535, 1024, 0 };
	struct event_segment	 seg;
	const struct conn	*c;
	struct event_key	 k1, k2;
	uint8_t			 e, f, g, o, lat;
	unsigned		 src, dst, seqmode;
	uint32_t		 end;

	e = fuzz_in_u8(&fz->in);
	f = fuzz_in_u8(&fz->in);
	g = fuzz_in_u8(&fz->in);
	memset(&seg, 0, sizeof seg);
	src = e & 7;
	dst = (e >> 3) & 7;
	seqmode = e >> 6;
	/* Both ends of a segment are of one family. */
	if (src < FUZZ_ENGINE_NEP4)
		dst %= FUZZ_ENGINE_NEP4;
	else
		dst = FUZZ_ENGINE_NEP4 + dst % 2;
	seg.src = fz->ep[src];
	seg.dst = fz->ep[dst];
	if (f < 0x80) {
		seg.flags = fuzz_engine_flags[f % (sizeof fuzz_engine_flags /
		    sizeof fuzz_engine_flags[0])];
	} else
		seg.flags = (uint16_t)(f & 0x7f);
	seg.seq = fuzz_engine_number(fz, fz->snd[src], seqmode);
	seg.ack = fuzz_engine_number(fz, fz->snd[dst], g);
	switch ((g >> 2) & 7) {
	case 5:
		seg.payload_len = fuzz_in_u16(&fz->in);
		break;
	case 6:
		seg.payload_len = fuzz_in_u32(&fz->in);
		break;
	default:
		seg.payload_len = lens[(g >> 2) & 7];
		break;
	}
	seg.window = (g >> 5) & 3 ? wins[(g >> 5) & 3] :
	    fuzz_in_u16(&fz->in);
	if (g & 0x80) {
		o = fuzz_in_u8(&fz->in);
		seg.opts.present = (uint16_t)(o & (EVOPT_MSS | EVOPT_WSCALE |
		    EVOPT_SACKOK | EVOPT_TS));
		seg.opts.mss = 1460;
		seg.opts.wscale = (uint8_t)((o >> 4) & 15);
		seg.opts.ts_val = (uint32_t)fz->frame;
		seg.opts.ts_ecr = (uint32_t)fz->frame / 2;
	}
	seg.t_sent = seg.t_recv = fuzz_engine_step(fz, d);
	fz->now = seg.t_sent;
	if (fz->sim) {
		/* The simulator knows the delivery time and losses. */
		lat = fuzz_in_u8(&fz->in);
		seg.lost = (lat & 0x80) != 0;
		if (seg.t_sent > FUZZ_ENGINE_TMAX - 127 * FUZZ_ENGINE_MS)
			seg.t_recv = FUZZ_ENGINE_TMAX;
		else
			seg.t_recv = seg.t_sent +
			    (int64_t)(lat & 0x7f) * FUZZ_ENGINE_MS;
		seg.origin_kind = EVENT_ORIGIN_SCENARIO;
		seg.origin = fz->frame + 1;
	} else {
		seg.origin_kind = EVENT_ORIGIN_FRAME;
		seg.origin = fz->frame + 1;
	}
	fz->frame++;

	/* Keep each end's idea of what it sent, unless the seq was random. */
	end = classify_seg_end(&seg);
	if ((seqmode != 3 || (seg.flags & SEGF_SYN)) &&
	    seq_gt(end, fz->snd[src]))
		fz->snd[src] = end;

	engine_feed(fz->e, &seg);
	fz->fed++;
	c = engine_conn_find(fz->e, &seg);
	if (c != NULL) {
		event_key_make(&k1, &seg);
		k2 = c->key;
		FUZZ_CHECK(event_key_eq(&k1, &k2));
	}
}

/* An application call (simulator mode only). */
static void
fuzz_engine_app(struct fuzz_engine *fz, unsigned d)
{
	struct event_endpoint	 none;
	const struct event_endpoint *remote;
	struct event_app	 app;
	enum fsm_edge		 edge;
	uint8_t			 a, ev;
	unsigned		 local, peer;

	a = fuzz_in_u8(&fz->in);
	ev = fuzz_in_u8(&fz->in);
	local = a & 7;
	peer = (a >> 3) & 7;
	if (local < FUZZ_ENGINE_NEP4)
		peer %= FUZZ_ENGINE_NEP4;
	else
		peer = FUZZ_ENGINE_NEP4 + peer % 2;
	memset(&none, 0, sizeof none);
	remote = a & 0x80 ? &none : &fz->ep[peer];
	fz->now = fuzz_engine_step(fz, d);
	memset(&app, 0, sizeof app);
	app.local = fz->ep[local];
	app.remote = *remote;
	app.event = fuzz_engine_apps[ev % 8];
	app.t = fz->now;
	app.origin = fz->frame + 1;
	edge = engine_feed_app(fz->e, &app);
	if (app.event == EVENT_APP_TICK) {
		FUZZ_CHECK(edge == FSM_EDGE_NONE);
		return;
	}
	fz->frame++;
	FUZZ_CHECK(edge == FSM_EDGE_NONE || fsm_edge_valid(edge));
	if (edge != FSM_EDGE_NONE) {
		FUZZ_CHECK(fsm_edge_info(edge)->triggers &
		    (FSM_TRIGGER_APP | FSM_TRIGGER_TIMEOUT));
	}
}

/*
 * A scan: 4 to 1020 segments of one kind from new client ports, so that
 * the connection table grows its hash, meets collisions and evicts; at
 * most FUZZ_ENGINE_SCAN_MAX per input, or inputs would crawl.
 */
static void
fuzz_engine_scan(struct fuzz_engine *fz)
{
	struct event_segment	 seg;
	unsigned		 n, i;
	uint8_t			 f;

	n = 4u * (1u + fuzz_in_u8(&fz->in) % 255u);
	f = fuzz_in_u8(&fz->in);
	if (n > FUZZ_ENGINE_SCAN_MAX - fz->scanned)
		n = FUZZ_ENGINE_SCAN_MAX - fz->scanned;
	memset(&seg, 0, sizeof seg);
	seg.src = fz->ep[0];
	seg.dst = fz->ep[1];
	seg.flags = fuzz_engine_flags[f % (sizeof fuzz_engine_flags /
	    sizeof fuzz_engine_flags[0])];
	seg.window = 1024;
	seg.origin_kind = fz->sim ? EVENT_ORIGIN_SCENARIO : EVENT_ORIGIN_FRAME;
	for (i = 0; i < n; i++) {
		seg.src.port = (uint16_t)(1024 + fz->scanned++ % 64000);
		seg.seq = fz->snd[0] + i * 1000u;
		seg.ack = fz->snd[1];
		fz->now = fuzz_engine_step(fz, f & 0x80 ? 1 : 0);
		seg.t_sent = seg.t_recv = fz->now;
		seg.origin = ++fz->frame;
		engine_feed(fz->e, &seg);
		fz->fed++;
	}
}

/* Decode one operation; false when the input is used up. */
static bool
fuzz_engine_op(struct fuzz_engine *fz)
{
	uint8_t		op;
	unsigned	d;

	if (fuzz_in_left(&fz->in) == 0)
		return false;
	op = fuzz_in_u8(&fz->in);
	d = op >> 3;
	switch (op & 7) {
	case 5:
		fz->now = fuzz_engine_step(fz, d);
		engine_advance(fz->e, fz->now);
		break;
	case 6:
		if (fz->sim)
			fuzz_engine_app(fz, d);
		else
			fuzz_engine_segment(fz, d);
		break;
	case 7:
		fuzz_engine_scan(fz);
		break;
	default:
		fuzz_engine_segment(fz, d);
		break;
	}
	return true;
}

/* Configuration and starting point from the two header bytes. */
static void
fuzz_engine_setup(struct fuzz_engine *fz, uint8_t h0, uint8_t h1)
{
	static const size_t	 conns[] = { 0, 1, 3, 16 };
	static const size_t	 hist[] = { 0, 1, 2, 4, 8, 16, 64, 0 };
	static const size_t	 queue[] = { 0, 1, 4, 64 };
	static const int64_t	 msl[] = { FUZZ_ENGINE_MS, COMPAT_NS_PER_SEC,
				    30 * COMPAT_NS_PER_SEC,
				    3600 * COMPAT_NS_PER_SEC };
	static const int64_t	 settle[] = { 0, FUZZ_ENGINE_MS,
				    3 * COMPAT_NS_PER_SEC,
				    60 * COMPAT_NS_PER_SEC };
	static const int64_t	 base[] = { FUZZ_ENGINE_TMIN, SCENARIO_EPOCH_NS,
				    INT64_C(1700000000) * COMPAT_NS_PER_SEC,
				    FUZZ_ENGINE_TMAX -
				    600 * COMPAT_NS_PER_SEC };
	uint32_t		 isn;
	int			 i;

	engine_config_default(&fz->cfg);
	if (conns[h0 & 3] != 0)
		fz->cfg.max_conns = conns[h0 & 3];
	fz->cfg.max_history = hist[(h0 >> 2) & 7];
	/* The triage counts on for about half the inputs. */
	fz->cfg.stats = ((h0 ^ h1) & 0x10) != 0;
	fz->sim = (h0 & 0x20) != 0;
	if (queue[h0 >> 6] != 0)
		fz->cfg.max_queue = queue[h0 >> 6];
	fz->cfg.msl_ns = msl[h1 & 3];
	fz->cfg.settle_ns = settle[(h1 >> 2) & 3];
	fz->now = base[(h1 >> 4) & 3];
	switch (h1 >> 6) {
	case 0:
		isn = 1000;
		break;
	case 1:
		isn = 0xffffff00u;	/* wraps within a few segments */
		break;
	case 2:
		isn = 0x7fffff00u;
		break;
	default:
		isn = fuzz_in_u32(&fz->in);
		break;
	}
	for (i = 0; i < FUZZ_ENGINE_NEP; i++)
		fz->snd[i] = isn + (uint32_t)i * 100000u;
	fuzz_engine_endpoints(fz);
}

/* One input: header, operations, then the end of input and time. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_engine	 fz;
	struct engine_transition tr;
	unsigned		 ops;

	if (size < 2)
		return 0;
	memset(&fz, 0, sizeof fz);
	fuzz_in_init(&fz.in, data + 2, size - 2);
	fuzz_engine_setup(&fz, data[0], data[1]);
	fz.e = engine_new(&fz.cfg);
	engine_set_retire_hook(fz.e, fuzz_engine_retire, &fz);

	for (ops = 0; ops < FUZZ_ENGINE_MAX_OPS; ops++) {
		if (!fuzz_engine_op(&fz))
			break;
		fuzz_engine_drain(&fz);
		/* The whole table now and then: O(ops^2) would crawl. */
		if (engine_conn_count(fz.e) <= 8 || (ops % 16 == 0 &&
		    (engine_conn_count(fz.e) <= 256 || ops % 256 == 0)))
			fuzz_engine_check_table(&fz, false);
	}
	engine_finish(fz.e);
	fuzz_engine_drain(&fz);
	FUZZ_CHECK(!engine_next(fz.e, &tr));
	fuzz_engine_check_table(&fz, true);
	/* Time may still pass after the end (TIME_WAIT runs out, E21). */
	engine_advance(fz.e, FUZZ_ENGINE_TMAX);
	fuzz_engine_drain(&fz);
	fuzz_engine_check_table(&fz, true);

	engine_free(fz.e);
	free(fz.seen);
	return 0;
}
