/*
 * backend-sim.h: the simulator backend. Simulated endpoints run RFC 9293
 * connection management with the one fsm table (fsm.h) over a channel with
 * latency, jitter, loss, duplication and reordering, driven by a scenario
 * (scenario.h). Layer 2a: includes layers 0-1 (fsm is layer 0).
 *
 * The whole scenario is simulated when the backend opens (bounded in
 * events and time), so next() only replays: segments in send-time order,
 * each with t_sent, t_recv, lost and origin = the scenario line, and the
 * application calls as BACKEND_APP (b->app). The simulator's own state
 * changes (its "truth") are kept for tests that compare them with the
 * engine's inference.
 */
#ifndef TCPVIZ_BACKEND_SIM_H
#define TCPVIZ_BACKEND_SIM_H

#include "compat.h"
#include "backend.h"
#include "event.h"
#include "scenario.h"

#define BACKEND_SIM_MAX_EVENTS	200000	/* simulation steps */
#define BACKEND_SIM_MAX_ITEMS	100000	/* segments and calls out */
#define BACKEND_SIM_MAX_SOCKS	1024

/* One state change of a simulated endpoint, per connection. */
struct backend_sim_transition {
	int64_t			 t;		/* ns since the epoch */
	struct event_endpoint	 local;
	struct event_endpoint	 remote;
	int8_t			 from;		/* enum fsm_state */
	int8_t			 to;
	int8_t			 edge;		/* enum fsm_edge */
	bool			 implied;	/* LISTEN of a child socket */
	uint64_t		 line;		/* scenario line behind it */
};

/* One output of the replay: a segment or an application call. */
struct backend_sim_item {
	bool			 is_app;
	bool			 retrans;	/* a resent copy */
	/*
	 * Lost at the destination, not in the network: it reached the
	 * receiver's host (a spoofed address, a full SYN queue) but no TCB
	 * took it. seg.lost is set too.
	 */
	bool			 dropped;
	/*
	 * The endpoint whose TCB sent it (-1: injected) and its number among
	 * that endpoint's segments, lost ones and retransmissions counted:
	 * what a fault's N counts (`drop client any N`, a what-if).
	 */
	int			 ep;
	unsigned		 nth;
	struct event_segment	 seg;
	struct event_app	 app;
};

/*
 * Simulate sc (the backend takes it and frees it). seed_set overrides the
 * scenario's seed. Never fails: runtime problems of the scenario (a call
 * in a state that has no such edge) become warnings in b->warning.
 */
struct backend	*backend_sim_open(struct scenario *sc, bool seed_set,
		    uint64_t seed);
const struct scenario *backend_sim_scenario(const struct backend *);
/* The MSL the scenario asks for (TIME_WAIT lasts twice this). */
int64_t		 backend_sim_msl(const struct backend *);
/* Does an endpoint ignore RST in TIME_WAIT (its 'rfc1337' setting)? */
bool		 backend_sim_rfc1337(const struct backend *);

size_t		 backend_sim_item_count(const struct backend *);
const struct backend_sim_item *backend_sim_item_at(const struct backend *,
		    size_t);
size_t		 backend_sim_truth_count(const struct backend *);
const struct backend_sim_transition *backend_sim_truth_at(
		    const struct backend *, size_t);
/* Problems met while simulating (calls that had no edge, limits hit). */
uint64_t	 backend_sim_warnings(const struct backend *);

#endif
