/*
 * engine.h: the state engine. Segments (and application calls, for the
 * simulator) go in; per connection instance both endpoints' RFC 9293 states
 * come out, as settled transitions in time order. Layer 2b: a pure library
 * with no I/O, no clock, no curses, no pcap: time enters with the segments
 * and engine_advance().
 *
 * A segment A->B seen at a capture point is sent by A at that time (A's
 * sending transitions are observed at once) but may never reach B, so B's
 * receiving transitions are held as pending facts until B's own segments
 * prove them (an ACK covering them, a reply), or no contrary evidence came
 * within the settle window, or the input ends. A simulator segment
 * (origin EVENT_ORIGIN_SCENARIO) is delivered at t_recv unless lost.
 *
 * engine_next() hands out settled transitions in non-decreasing time order
 * (ties in the order they were settled): only those older than anything
 * still pending, or everything after engine_finish().
 */
#ifndef TCPVIZ_ENGINE_H
#define TCPVIZ_ENGINE_H

#include "compat.h"
#include "conn.h"
#include "event.h"
#include "fsm.h"

struct engine_config {
	int64_t		 msl_ns;	/* TIME_WAIT lasts 2 * msl_ns */
	int64_t		 settle_ns;	/* wait for contrary evidence */
	size_t		 max_conns;	/* instances kept (LRU eviction) */
	size_t		 max_history;	/* steps per instance; 0: none */
	size_t		 max_steps;	/* all instances' steps; 0: no cap */
	bool		 track_blocks;	/* keep conn.blocks (re-reading) */
	size_t		 max_queue;	/* transitions waiting to be read */
	bool		 output;	/* queue transitions for engine_next */
	/*
	 * The hosts ignore a RST in TIME_WAIT (RFC 1337 section 3; FreeBSD,
	 * Linux with tcp_rfc1337=1): no E22 there, the timer ends it (E21).
	 */
	bool		 rfc1337;
	bool		 stats;		/* keep struct conn_stats (triage) */
};

#define ENGINE_DEFAULT_MSL_NS		(30 * COMPAT_NS_PER_SEC)
#define ENGINE_DEFAULT_SETTLE_NS	(3 * COMPAT_NS_PER_SEC)
#define ENGINE_DEFAULT_MAX_CONNS	262144
#define ENGINE_DEFAULT_MAX_QUEUE	1048576

/* Why a transition happened: the text of its reason line. */
enum engine_reason {
	ENGINE_R_NONE,
	ENGINE_R_SND_SYN,	/* sent its first SYN */
	ENGINE_R_SND_FIN,	/* sent its FIN */
	ENGINE_R_SND_RST,	/* sent a RST */
	ENGINE_R_RCV_SYN,	/* received the peer's SYN */
	ENGINE_R_RCV_SYNACK,	/* SYN,ACK acks our SYN */
	ENGINE_R_RCV_ACKSYN,	/* ACK acks our SYN */
	ENGINE_R_RCV_FIN,	/* received the peer's FIN */
	ENGINE_R_RCV_FINACK,	/* FIN that also acks our FIN */
	ENGINE_R_RCV_ACKFIN,	/* ACK acks our FIN */
	ENGINE_R_RCV_RST,	/* acceptable RST */
	ENGINE_R_RCV_RSTACK,	/* RST,ACK acks our SYN: refused */
	ENGINE_R_LISTEN,	/* a SYN arrived, so it was listening */
	ENGINE_R_MIDSTREAM,	/* joined mid-stream */
	ENGINE_R_HANDSHAKE,	/* first seen at the SYN,ACK */
	ENGINE_R_TIMEOUT,	/* 2*MSL of capture time passed */
	ENGINE_R_APP,		/* an application call (simulator) */
	ENGINE_R_GIVEUP,	/* its SYN retries ran out unanswered */
	ENGINE_R_GIVEUP_SYNACK,	/* its SYN,ACK retries ran out (E22) */
	ENGINE_R_GIVEUP_FIN,	/* its FIN retries ran out (E22) */
	ENGINE_R_REOPEN,	/* its new SYN ends its TIME_WAIT (E21) */
	ENGINE_R_TW_SYN,	/* a new SYN ends its TIME_WAIT (E21) */
	ENGINE_R_FIN_TIMEOUT,	/* an orphan's FIN_WAIT_2 timed out (E22) */
	ENGINE_R_RCV_FIN_OFO	/* the hole before the peer's FIN filled */
};

/* One settled endpoint transition. */
struct engine_transition {
	int64_t			 t;
	uint64_t		 frame;		/* origin of the cause; 0 none */
	uint64_t		 order;		/* settle order (tie-break) */
	struct event_endpoint	 endpoint;
	struct event_endpoint	 peer;
	uint32_t		 conn_id;
	uint32_t		 ann;		/* CONN_ANN() of the cause */
	uint32_t		 arg;		/* seq/ack quoted in the reason */
	uint8_t			 role;		/* enum conn_role */
	int8_t			 from;		/* enum fsm_state; -1: none */
	int8_t			 to;
	int8_t			 edge;		/* enum fsm_edge */
	uint8_t			 known;		/* enum conn_known */
	uint8_t			 reason;	/* enum engine_reason */
	uint8_t			 origin_kind;	/* enum event_origin */
};

struct engine_stats {
	uint64_t	segments;
	uint64_t	instances;	/* connection instances created */
	uint64_t	evicted;	/* instances dropped at max_conns */
	uint64_t	stray;		/* segments that started nothing */
	uint64_t	queue_overflow;	/* emitted out of order: queue full */
	uint64_t	history_dropped;	/* steps forgotten (caps) */
	uint64_t	history_slots;		/* steps allocated now */
};

struct engine;

/* Called when an instance is retired, evicted, or at engine_finish(). */
typedef void (*engine_retire_fn)(void *, const struct conn *);

void		 engine_config_default(struct engine_config *);
struct engine	*engine_new(const struct engine_config *);
void		 engine_free(struct engine *);
void		 engine_set_retire_hook(struct engine *, engine_retire_fn,
		     void *);
/* Eviction passes over instance id (the one a view shows); 0: none. */
void		 engine_keep(struct engine *, uint32_t id);

/* Feed one segment (advances time to its t_sent first). */
void		 engine_feed(struct engine *, const struct event_segment *);
/*
 * The same, with annotations the caller knows and the engine cannot (a
 * re-read from an instance's first frame: NEW_INSTANCE when it replaced
 * one, CONN_F_REUSED).
 */
void		 engine_feed_ann(struct engine *, const struct event_segment *,
		     uint32_t ann);
/*
 * An application call (FSM_EV_PASSIVE_OPEN, _ACTIVE_OPEN, _SEND, _CLOSE,
 * _ABORT) at app->local, whose peer is app->remote, at app->t: takes the
 * edge the fsm table gives (E01, E02, E04, E05, E10, E12, E19, E22, E08)
 * and returns it, or FSM_EDGE_NONE when the state has no such edge. An
 * EVENT_APP_TICK only lets time pass (engine_advance). Every caller hands
 * a source's BACKEND_APP item straight here.
 */
enum fsm_edge	 engine_feed_app(struct engine *, const struct event_app *);
/*
 * What the engine made of the newest segment fed (engine_feed): its
 * instance, its annotations as the segment came (later segments do not
 * change them) and its window scaled by the sender's shift.
 */
struct engine_seginfo {
	uint32_t	 conn_id;	/* 0: it started no instance (stray) */
	uint32_t	 stream;	/* conn_stream(); UINT32_MAX: none */
	uint32_t	 ann;		/* CONN_ANN() bits */
	uint32_t	 win_scaled;	/* window << shift (raw when unknown) */
	uint16_t	 dupack;	/* dup ACK number, if DUP_ACK */
	uint8_t		 role;		/* enum conn_role of the sender */
	bool		 scaled;	/* both SYNs seen with window scale */
};
const struct engine_seginfo *engine_last_segment(const struct engine *);
/* Let capture time pass: settles facts and fires TIME_WAIT timers. */
void		 engine_advance(struct engine *, int64_t now_ns);
/* End of input: settle everything; engine_next() then drains all. */
void		 engine_finish(struct engine *);
/* The next settled transition in time order; false when none is ready. */
bool		 engine_next(struct engine *, struct engine_transition *);

/* Connection instances (live and retired), in slot order. */
size_t		 engine_conn_count(const struct engine *);
const struct conn *engine_conn_at(const struct engine *, size_t);
/* The live instance for a segment's 4-tuple, or NULL. */
const struct conn *engine_conn_find(const struct engine *,
		     const struct event_segment *);
/*
 * The instance with this id (live or retired, until evicted), or NULL;
 * a scan of the pool. Callers keep ids, never pointers, across engine calls.
 */
const struct conn *engine_conn_by_id(const struct engine *, uint32_t id);
/*
 * Bumped by every call that may move or free connections or their
 * history (feed, advance, finish): pointers taken before are stale.
 */
uint64_t	 engine_generation(const struct engine *);
const struct engine_stats *engine_stats(const struct engine *);
/*
 * Does an endpoint have received segments it has not acted on yet (their
 * transitions are tentative: not settled, not handed out)?
 */
bool		 engine_conn_tentative(const struct engine *,
		     const struct conn *, enum conn_role);

/*
 * The state an endpoint's unsettled facts will lead to (its tentative
 * state: "SYN_RCVD?" in the views), or -1 when they change nothing; frame
 * gets the frame of the segment that moves it. Read-only.
 */
int		 engine_conn_pending_state(const struct engine *,
		     const struct conn *, enum conn_role, uint64_t *frame);

/*
 * A connection's triage counts, or NULL when engine_config.stats is off.
 * The same lifetime as the struct conn (engine_generation()).
 */
const struct conn_stats *engine_conn_stats(const struct engine *,
		     const struct conn *);

/* "frame 3: SYN,ACK acks our SYN (ack=1001): RFC 9293 3.10.7.3, E07". */
char		*engine_transition_reason(char *, size_t,
		     const struct engine_transition *);
/* The same for a transition step of a history (the reason is kept there). */
char		*engine_step_reason(char *, size_t, const struct conn_step *);

#endif
