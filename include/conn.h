/*
 * conn.h: one connection instance as the engine models it: the flow key,
 * the two endpoints (client = SYN sender, server = responder) each with a
 * state, how it is known, and a small TCB, plus a bounded history of steps
 * for the views. Layer 2b: includes layers 0-1 only.
 *
 * Views read these structures (const) between engine calls; only engine.c
 * writes them. A struct conn is at most 256 bytes without its history
 * (tests/unit/test-engine.c asserts it).
 */
#ifndef TCPVIZ_CONN_H
#define TCPVIZ_CONN_H

#include "compat.h"
#include "event.h"
#include "fsm.h"
#include "i18n.h"

/* Endpoint roles; also the index into struct conn.end[]. */
enum conn_role {
	CONN_CLIENT = 0,	/* sent the first SYN (or guessed) */
	CONN_SERVER = 1		/* answered it */
};

/* How a state or transition is known. */
enum conn_known {
	CONN_KNOWN_OBSERVED,	/* the endpoint's own segment shows it */
	CONN_KNOWN_INFERRED,	/* a received segment caused it (settled) */
	CONN_KNOWN_IMPLIED,	/* never on the wire (LISTEN, mid-stream) */
	CONN_KNOWN_TENTATIVE,	/* not settled yet */
	CONN_KNOWN_UNCERTAIN	/* inferred, but the capture fits another
				   time as well (the likelier is taken) */
};

/*
 * Annotations: X(name, text). Where Wireshark's tcp.analysis has the same
 * idea the text follows its meaning.
 */
#define CONN_ANNOTATIONS(X) \
	X(RETRANS,	N_("retransmission")) \
	X(FAST_RETRANS,	N_("fast retransmission")) \
	X(DUP_ACK,	N_("dup ACK")) \
	X(OUT_OF_ORDER,	N_("out-of-order")) \
	X(PREV_UNSEEN,	N_("previous segment not captured")) \
	X(ZERO_WINDOW,	N_("zero window")) \
	X(WINDOW_FULL,	N_("window full")) \
	X(WINDOW_PROBE,	N_("window probe")) \
	X(KEEPALIVE,	N_("keep-alive")) \
	X(ACKED_UNSEEN,	N_("ACKed unseen segment")) \
	X(BAD_RST,	N_("unacceptable RST")) \
	X(DATA_AFTER_FIN, N_("data after FIN")) \
	X(NO_EDGE,	N_("no edge")) \
	X(MIDSTREAM,	N_("joined mid-stream")) \
	X(ROLE_GUESS,	N_("roles guessed from ports")) \
	X(LOST,		N_("lost")) \
	X(NOT_DELIVERED, \
	    N_("peer acts as if an earlier segment never arrived")) \
	X(TW_RESTART,	N_("2*MSL timer restarted")) \
	X(BAD_ACK,	N_("ACK does not match our SYN")) \
	X(REFUSED,	N_("connection refused")) \
	X(NEW_INSTANCE,	N_("new connection instance on this 4-tuple")) \
	X(FIRST_FIN,	N_("first segment seen is a FIN")) \
	X(RST_CHALLENGE, N_("RST in window but not exact (challenge ACK)")) \
	X(TW_OLD_SYN,	N_("old duplicate SYN: TIME_WAIT only ACKs it")) \
	X(FOREIGN,	N_("not from its sender's TCB (seq is not its own)")) \
	X(SYN_CHALLENGE, N_("SYN on a synchronized connection (challenge ACK)")) \
	X(CHALLENGE_ACK, N_("challenge ACK: the SYN or RST changed nothing"))

enum conn_annotation_bit {
#define CONN_X(name, text) CONN_ANNB_##name,
	CONN_ANNOTATIONS(CONN_X)
#undef CONN_X
	CONN_ANN_COUNT
};

#define CONN_ANN(name)	(UINT32_C(1) << CONN_ANNB_##name)

/* Bits in struct conn_tcb.flags. */
#define CONN_TCB_HAS_ISS	0x01	/* sent a SYN: iss is valid */
#define CONN_TCB_SENT_FIN	0x02	/* sent a FIN: fin_seq is valid */
#define CONN_TCB_SENT_ACK	0x04	/* sent an ACK: rcv_nxt is valid */
#define CONN_TCB_SENT_ANY	0x08	/* sent any segment: snd_nxt valid */
#define CONN_TCB_SYN_WS		0x10	/* its SYN carried window scale */
#define CONN_TCB_SENT_SYNACK	0x20	/* sent a SYN,ACK */
#define CONN_TCB_GAP		0x40	/* a gap in its sequence is open */
#define CONN_TCB_KEEPALIVE	0x80	/* its newest segment: a keep-alive */

/* What the capture knows of one endpoint's sending side. */
struct conn_tcb {
	uint32_t	iss;		/* ISS (the peer's IRS) */
	uint32_t	snd_nxt;	/* highest seq + len it sent */
	uint32_t	rcv_nxt;	/* highest ACK it sent: its RCV.NXT */
	uint32_t	fin_seq;	/* sequence number of its FIN */
	uint32_t	last_ack;	/* ACK of its previous segment */
	uint16_t	window;		/* last raw window it advertised */
	uint8_t		wscale;		/* shift for its windows */
	uint8_t		syn_ws;		/* shift its SYN offered */
	uint8_t		flags;		/* CONN_TCB_* */
	uint8_t		dupacks;	/* consecutive dup ACKs it sent */
};

/* Bits in struct conn_end.rflags: what it is known to have received. */
#define CONN_RCVD_SYN		0x01	/* the peer's SYN */
#define CONN_RCVD_SYN_ACKED	0x02	/* an ACK of its own SYN */
#define CONN_RCVD_FIN		0x04	/* the peer's FIN */
#define CONN_RCVD_FIN_ACKED	0x08	/* an ACK of its own FIN */
#define CONN_RCVD_CHALLENGE	0x10	/* a SYN or RST it answers with a
					   challenge ACK (RFC 5961) */
#define CONN_RCVD_OK_SET	0x20	/* rcv_ok is known */

/* Bits of struct conn_end.rtx beside the count of timer retries. */
#define CONN_RTX_COUNT		0x7f
#define CONN_RTX_DOUBLED	0x80	/* a backoff doubled */

/* One endpoint. */
struct conn_end {
	struct conn_tcb	 tcb;
	uint8_t		 state;		/* enum fsm_state */
	uint8_t		 known;		/* enum conn_known */
	uint8_t		 origin;	/* enum fsm_origin (SYN_RCVD) */
	uint8_t		 rflags;	/* CONN_RCVD_* */
	uint8_t		 rtx;		/* retries seen; CONN_RTX_DOUBLED */
	uint32_t	 pend;		/* engine's pending facts; 0: none */
	uint32_t	 syn_gap_us;	/* its last retransmission backoff */
	/*
	 * The peer's bytes it has in order, as far as the segments that
	 * reached it show (engine.c, RFC 9293 3.10.7.4: segments are
	 * processed in sequence, so a FIN beyond a hole waits).
	 */
	uint32_t	 rcv_ok;
	int64_t		 t_last;	/* time of its last transition */
	/*
	 * TIME_WAIT: when it ends (E21). SYN_SENT, SYN_RCVD, FIN_WAIT_1,
	 * CLOSING, LAST_ACK: when the retransmission timer last sent its
	 * SYN, SYN,ACK or FIN (it gives up, E08 or E22, when the next retry
	 * is overdue). INT64_MAX: none.
	 */
	int64_t		 tw_deadline;
};

/* Bits in struct conn.flags. */
#define CONN_F_MIDSTREAM	0x01	/* first seen after the handshake */
#define CONN_F_ROLE_GUESS	0x02	/* roles guessed, not from a SYN */
#define CONN_F_RETIRED		0x04	/* a newer instance replaced it */
#define CONN_F_REFUSED		0x08	/* SYN answered by RST,ACK */
#define CONN_F_IN_USE		0x10	/* the slot holds a connection */
#define CONN_F_REUSED		0x20	/* its SYN retired an older one */
#define CONN_F_SELF		0x40	/* both ends one endpoint (set at insert) */

struct conn_history;

/*
 * Which frame blocks (EVENT_BLOCK_SHIFT) hold an instance's segments, as
 * runs lo..hi in order; at most CONN_BLOCK_RUNS (the last run then grows
 * over the gap). A view re-reads these blocks from the file to show the
 * instance's segments (session.c), so nothing per segment stays in memory.
 */
#define CONN_BLOCK_RUNS		64
struct conn_blocks {
	uint32_t	 n;
	uint32_t	 cap;
	uint32_t	 run[][2];
};

/* One connection instance. */
struct conn {
	struct event_key	 key;
	struct conn_end		 end[2];	/* CONN_CLIENT, CONN_SERVER */
	uint32_t		 id;		/* instance serial, from 1 */
	uint32_t		 hnext;		/* engine's hash chain */
	uint32_t		 lru_prev;	/* engine's LRU list */
	uint32_t		 lru_next;
	int64_t			 due;		/* engine: next settle time */
	int64_t			 t_first;
	int64_t			 t_last;
	uint32_t		 segments;
	uint32_t		 retrans;
	uint8_t			 client_is_a;	/* client is key.a (else key.b) */
	uint8_t			 flags;		/* CONN_F_* */
	struct conn_history	*hist;		/* NULL: no history kept */
	uint64_t		 frame_first;	/* its first segment's origin */
	uint64_t		 frame_last;	/* its newest segment's */
	struct conn_blocks	*blocks;	/* NULL: not tracked */
};

/* History: a ring of steps (segments and the transitions they caused). */
enum conn_step_kind {
	CONN_STEP_SEGMENT,
	CONN_STEP_TRANSITION
};

struct conn_step {
	int64_t		 t;
	uint64_t	 frame;		/* origin of the segment */
	uint32_t	 ann;		/* CONN_ANN() bits */
	uint8_t		 kind;		/* enum conn_step_kind */
	uint8_t		 role;		/* sender / endpoint (enum conn_role) */
	uint16_t	 dupack;	/* dup ACK number, if DUP_ACK */
	/*
	 * A segment's time on the wire, receive minus send time in us
	 * (0 in a capture; the simulator's latency; UINT32_MAX: longer).
	 */
	uint32_t	 transit_us;
	union {
		struct {
			uint32_t	seq;
			uint32_t	ack;
			uint32_t	len;
			uint16_t	flags;	/* SEGF_* */
			uint16_t	window;
		} seg;
		struct {
			int8_t		from;	/* enum fsm_state, -1 none */
			int8_t		to;
			int8_t		edge;	/* enum fsm_edge */
			uint8_t		known;
			uint8_t		reason;	/* enum engine_reason */
			uint8_t		origin_kind; /* enum event_origin */
			uint32_t	arg;	/* seq/ack the reason quotes */
		} tr;
	} u;
};

/*
 * A ring of at most cap steps. Its array grows as steps come (most
 * connections need a few dozen), so a large cap costs nothing until used;
 * it only wraps (head moves) once it holds cap steps.
 */
struct conn_history {
	size_t		  cap;
	size_t		  alloc;	/* slots allocated, <= cap */
	size_t		  head;		/* index of the oldest */
	size_t		  count;
	uint64_t	  dropped;	/* steps pushed out of the ring */
	struct conn_step *steps;
};

/*
 * The connection table: one array of slots (so steady-state feeding
 * allocates nothing; the array grows by realloc, so callers keep slot
 * numbers or ids across calls that may add, never pointers), a hash of
 * the live instances by 4-tuple (chained through conn.hnext), a list from
 * least to most recently used (conn.lru_prev/lru_next) and a free list of
 * released slots. Which instance to evict and when is the engine's.
 */
#define CONN_NIL	UINT32_MAX

struct conn_table {
	struct conn	*pool;
	size_t		 len;		/* slots ever used */
	size_t		 cap;
	size_t		 live;		/* slots in use */
	uint32_t	 free_head;	/* released slots, via hnext */
	uint32_t	*buckets;
	size_t		 nbuckets;	/* a power of two */
	size_t		 hashed;
	uint32_t	 lru_head;	/* least recently used */
	uint32_t	 lru_tail;
	uint32_t	 next_id;	/* ids from 1, never 0 */
	struct conn_stats *stats;	/* beside pool (cap slots); NULL:
					   not kept (conn_table_keep_stats) */
};

void		 conn_table_init(struct conn_table *);
/* Frees every slot's history and blocks too. */
void		 conn_table_free(struct conn_table *);
/* The live, not retired, instance for a key, or NULL. */
struct conn	*conn_table_find(const struct conn_table *,
		    const struct event_key *);
/*
 * A fresh instance for key at time t (both ends CLOSED, implied), with
 * the next id, hashed, the most recently used. May move the pool.
 */
struct conn	*conn_table_alloc(struct conn_table *, const struct event_key *,
		    int64_t t);
void		 conn_table_touch(struct conn_table *, struct conn *);
/* The least recently used instance in use, or NULL. */
struct conn	*conn_table_oldest(const struct conn_table *);
/* Off the hash (retired: a newer instance may take its 4-tuple). */
void		 conn_table_unhash(struct conn_table *, struct conn *);
/* Free the slot (its history and blocks too); its id goes to 0. */
void		 conn_table_release(struct conn_table *, struct conn *);
/* Slots ever used; conn_table_at gives slot i, NULL when free. */
size_t		 conn_table_count(const struct conn_table *);
struct conn	*conn_table_at(const struct conn_table *, size_t);
uint32_t	 conn_table_index(const struct conn_table *,
		    const struct conn *);
/* Keep a struct conn_stats per slot from now on (before any alloc). */
void		 conn_table_keep_stats(struct conn_table *);
/* Slot c's stats, or NULL when not kept. */
struct conn_stats *conn_table_stats(const struct conn_table *,
		    const struct conn *);

/*
 * Triage counts (issue 17): what each endpoint sent and the anomalies the
 * capture shows, kept for every instance when the engine is asked to
 * (engine_config.stats; --summary, --segments and the views ask,
 * --transitions does not, so its per-connection state stays in struct
 * conn). engine.c fills them as segments come; readers take them with
 * engine_conn_stats(), by the same rules as the struct conn itself.
 */
struct conn_dir_stats {			/* what one endpoint sent */
	uint64_t	 bytes;		/* payload bytes, retransmissions too */
	uint32_t	 segments;
	uint16_t	 retrans;	/* RETRANS and FAST_RETRANS */
	uint16_t	 fast_retrans;
	uint16_t	 dup_acks;
	uint16_t	 zero_window;
	uint16_t	 out_of_order;
	uint16_t	 prev_unseen;	/* PREV_UNSEEN: the capture missed some */
	uint16_t	 keepalive;
	uint16_t	 window_full;
	uint16_t	 rsts;		/* RST segments it sent */
	uint16_t	 fins;
};

/* Bits in struct conn_stats.flags. */
#define CONN_S_SYN		0x0001	/* the client's SYN seen */
#define CONN_S_SYNACK		0x0002	/* the server's SYN,ACK seen */
#define CONN_S_HS_ACK		0x0004	/* the handshake's third segment */
#define CONN_S_RESET		0x0008	/* a RST ended it (rst_by, rst_state) */

#define CONN_STATS_NONE		UINT32_MAX	/* an unset time (us) */

struct conn_stats {
	struct conn_dir_stats	 dir[2];	/* by enum conn_role */
	uint32_t		 flags;		/* CONN_S_* */
	uint8_t			 rst_by;	/* enum conn_role of the first RST */
	uint8_t			 rst_state;	/* its sender's enum fsm_state then */
	uint8_t			 spare[2];
	uint32_t		 hs_rtt_us;	/* SYN to third ACK; STATS_NONE */
	uint32_t		 rtt_min_us;	/* data-to-ACK samples at the */
	uint32_t		 rtt_max_us;	/* capture point; STATS_NONE */
	uint32_t		 rtt_samples;
	uint64_t		 rtt_sum_us;
	/* Time spent in CLOSE_WAIT / FIN_WAIT_2 by the end that was there
	 * (ms, up to its last transition; a state it is still in counts up
	 * to the time asked, conn_stats_time_in()). */
	uint32_t		 close_wait_ms;
	uint32_t		 fin_wait_2_ms;
	char			 zeek_history[16]; /* Zeek's history letters */
	/* The engine's working state for the above; readers skip it. */
	uint8_t			 hist_seen[2];	/* once-letters per role */
	uint16_t		 hist_retx[2];	/* payload retransmissions */
	uint32_t		 probe_end[2];	/* per sender: seq end that */
	int64_t			 probe_t[2];	/* an ACK must cover; INT64_MIN:
						   none (RTT, Karn's rule) */
	int64_t			 t_syn;		/* the client's latest SYN */
};

/*
 * Anomaly words: X(name, word). The words are what `/` filters and the
 * list's notes column use, the same in every language.
 */
#define CONN_ANOMALIES(X) \
	X(RST,		"rst") \
	X(REFUSED,	"refused") \
	X(RETX,		"retx") \
	X(FAST_RETX,	"fastretx") \
	X(DUP_ACK,	"dupack") \
	X(ZERO_WIN,	"zerowin") \
	X(OOO,		"ooo") \
	X(UNSEEN,	"unseen") \
	X(KEEPALIVE,	"keepalive") \
	X(HALF_CLOSED,	"halfclosed") \
	X(OPEN,		"open") \
	X(MIDSTREAM,	"midstream")

enum conn_anomaly_bit {
#define CONN_X(name, word) CONN_ANOMB_##name,
	CONN_ANOMALIES(CONN_X)
#undef CONN_X
	CONN_ANOM_COUNT
};

#define CONN_ANOM(name)	(UINT32_C(1) << CONN_ANOMB_##name)

/*
 * A connection's anomalies (CONN_ANOM() bits) from its states and, when
 * not NULL, its stats. OPEN: neither end is CLOSED or in TIME_WAIT;
 * HALF_CLOSED: one end has sent its FIN and the other has not.
 */
uint32_t	 conn_anomalies(const struct conn *, const struct conn_stats *);
const char	*conn_anomaly_word(enum conn_anomaly_bit);	/* "rst" */
/* How many times a counted anomaly (retx, dupack ...) shows; 0: a flag. */
unsigned	 conn_anomaly_count(const struct conn *,
		    const struct conn_stats *, enum conn_anomaly_bit);
/* Write "rst retx" for a set of bits (space separated); returns buf. */
char		*conn_anomalies_format(char *, size_t, uint32_t);
/*
 * Time (ms) the connection's ends spent in CLOSE_WAIT or FIN_WAIT_2: what
 * st holds plus, for an end still in that state, now minus its entry.
 */
uint32_t	 conn_stats_time_in(const struct conn *,
		    const struct conn_stats *, enum fsm_state, int64_t now);
/*
 * Zeek's conn_state ("SF", "REJ", "RSTO" ...) from the stats and the
 * connection's flags (CONN_F_*): a pure function of what was seen.
 */
const char	*conn_stats_zeek_state(const struct conn_stats *, uint8_t);
/* Zero a conn_stats with its unset times (CONN_STATS_NONE). */
void		 conn_stats_init(struct conn_stats *);
/* How many anomaly events (counts summed; flags count one each). */
unsigned	 conn_anomaly_total(const struct conn *,
		    const struct conn_stats *);

/* Names. */
const char	*conn_role_name(enum conn_role);	/* "client" */
const char	*conn_known_name(enum conn_known);	/* "observed" */
const char	*conn_annotation_text(enum conn_annotation_bit);
/* Write "retransmission, dup ACK #2" for a set of bits; returns buf. */
char		*conn_annotations_format(char *, size_t, uint32_t ann,
		    unsigned dupack);

/*
 * The number every output shows for an instance: Wireshark's tcp.stream
 * (0-based, in order of first segment; a stray RST takes one too, the
 * engine skips an id for it). ids stay internal (0 is a sentinel).
 */
static inline uint32_t
conn_stream(const struct conn *c)
{
	return c->id - 1;
}

/* The address of one endpoint. */
const struct event_endpoint *conn_endpoint(const struct conn *,
		    enum conn_role);
/* Which role sent a segment (by its source address). */
enum conn_role	 conn_role_of(const struct conn *,
		    const struct event_endpoint *src);
/*
 * A socket connected to itself (both ends one address and port): its
 * segments go from it to it, so the one socket is both sender and
 * receiver. The engine keeps CONN_SERVER as a mirror of CONN_CLIENT and
 * reports the client's transitions only.
 */
static inline bool
conn_is_self(const struct conn *c)
{
	return (c->flags & CONN_F_SELF) != 0;
}

enum fsm_state	 conn_state(const struct conn *, enum conn_role);

/* History (engine.c pushes; views read). NULL-safe. */
struct conn_history *conn_history_new(size_t cap);
void		 conn_history_free(struct conn_history *);
struct conn_step *conn_history_push(struct conn_history *);
size_t		 conn_history_count(const struct conn_history *);
const struct conn_step *conn_history_at(const struct conn_history *,
		    size_t);

#endif
