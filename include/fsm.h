/*
 * fsm.h: the one RFC 9293 state table (section 3.3.2, Figure 5, and the
 * event processing of 3.10). Layer 0: includes nothing but compat.h.
 *
 * States and edges are const data. The engine, the simulator and the graph
 * view all look edges up here; nobody re-encodes them in nested ifs and
 * nobody relies on the numeric order of the states or edges: use the
 * FSM_BIT() masks and the lookup functions.
 *
 * An edge is taken on one of a set of events (FSM_EV_*): an application
 * call, a classified received segment, or a timeout. fsm_edge_on() finds the
 * edge an event takes from a state. A state's "origin" (how the TCB came to
 * SYN_RCVD: from LISTEN or from SYN_SENT) picks E11 or E23 on a RST.
 */
#ifndef TCPVIZ_FSM_H
#define TCPVIZ_FSM_H

#include "compat.h"

/* The eleven states. The order means nothing. */
enum fsm_state {
	FSM_CLOSED,
	FSM_LISTEN,
	FSM_SYN_SENT,
	FSM_SYN_RCVD,
	FSM_ESTABLISHED,
	FSM_FIN_WAIT_1,
	FSM_FIN_WAIT_2,
	FSM_CLOSE_WAIT,
	FSM_CLOSING,
	FSM_LAST_ACK,
	FSM_TIME_WAIT,
	FSM_STATE_COUNT
};

/* A set of states, one bit each. */
#define FSM_BIT(s)		(1u << (unsigned)(s))

/* State attributes (struct fsm_state_info.attrs). */
#define FSM_ATTR_TCB		0x01	/* a TCB exists (all but CLOSED) */
#define FSM_ATTR_SYNCHRONIZED	0x02	/* RFC 9293 3.5.2: both ISNs known */
#define FSM_ATTR_SENT_FIN	0x04	/* we sent our FIN */
#define FSM_ATTR_RCVD_FIN	0x08	/* we received the peer's FIN */
#define FSM_ATTR_CAN_SEND	0x10	/* the application may still send */
#define FSM_ATTR_CAN_RECV	0x20	/* the peer may still send us data */
#define FSM_ATTR_BOUND		0x40	/* the TCB is bound to one peer: all
					   but CLOSED and LISTEN */
#define FSM_ATTR_REOPENS	0x80	/* done: a new SYN on the 4-tuple
					   starts a new instance (CLOSED,
					   TIME_WAIT; RFC 9293 3.6.1) */

struct fsm_state_info {
	const char	*name;		/* "SYN_RCVD": exactly as printed */
	const char	*short_name;	/* at most 5 characters: "SYNRC" */
	unsigned	 attrs;		/* FSM_ATTR_* */
	const char	*meaning;	/* one line */
};

/* The edges of Figure 5 with stable ids. The order means nothing. */
enum fsm_edge {
	FSM_EDGE_NONE = -1,	/* no edge (implied states, no transition) */
	FSM_E01,
	FSM_E02,
	FSM_E03,
	FSM_E04,
	FSM_E05,
	FSM_E06,
	FSM_E07,
	FSM_E08,
	FSM_E09,
	FSM_E10,
	FSM_E11,
	FSM_E12,
	FSM_E13,
	FSM_E14,
	FSM_E15,
	FSM_E16,
	FSM_E17,
	FSM_E18,
	FSM_E19,
	FSM_E20,
	FSM_E21,
	FSM_E22,
	FSM_E23,
	FSM_EDGE_COUNT
};

/* What kind of thing triggers an edge (a bit set: E08 has all three). */
#define FSM_TRIGGER_APP		0x01	/* an application call */
#define FSM_TRIGGER_RCV		0x02	/* a received segment */
#define FSM_TRIGGER_TIMEOUT	0x04	/* a timer */

/*
 * Events. Receive events are segments already classified by their sequence
 * numbers (classify.h): "ACK of SYN" means the ACK covers our SYN.
 */
#define FSM_EV_PASSIVE_OPEN	0x00001	/* listen() */
#define FSM_EV_ACTIVE_OPEN	0x00002	/* connect() */
#define FSM_EV_SEND		0x00004	/* send() while in LISTEN */
#define FSM_EV_CLOSE		0x00008	/* close() / shutdown(SHUT_WR) */
#define FSM_EV_ABORT		0x00010	/* abort (close with SO_LINGER 0) */
#define FSM_EV_TIMEOUT		0x00020	/* connect timeout or 2*MSL */
#define FSM_EV_RCV_SYN		0x00040	/* SYN without ACK */
#define FSM_EV_RCV_SYNACK	0x00080	/* SYN,ACK that acks our SYN */
#define FSM_EV_RCV_ACK_OF_SYN	0x00100	/* ACK covering our SYN */
#define FSM_EV_RCV_FIN		0x00200	/* in-order FIN */
#define FSM_EV_RCV_FIN_ACK_OF_FIN 0x00400 /* FIN whose ACK covers our FIN */
#define FSM_EV_RCV_ACK_OF_FIN	0x00800	/* ACK covering our FIN */
#define FSM_EV_RCV_RST		0x01000	/* acceptable RST */
#define FSM_EV_RCV_RSTACK	0x02000	/* RST,ACK that acks our SYN */
#define FSM_EV_ALL		0x03fff

/* What an endpoint sends when it takes an edge (fsm_edge_info.send). */
#define FSM_SEND_SYN		0x01
#define FSM_SEND_ACK		0x02
#define FSM_SEND_FIN		0x04
#define FSM_SEND_RST		0x08

/* How a TCB reached SYN_RCVD (RFC 9293 3.10.7.4, RST in SYN-RECEIVED). */
enum fsm_origin {
	FSM_ORIGIN_ANY,		/* unknown, or the edge does not care */
	FSM_ORIGIN_PASSIVE,	/* came from LISTEN (E03) */
	FSM_ORIGIN_ACTIVE	/* came from SYN_SENT (E06) */
};

struct fsm_edge_info {
	const char	*id;		/* "E07" */
	unsigned	 from;		/* FSM_BIT() set; E22 has many */
	enum fsm_state	 to;
	unsigned	 triggers;	/* FSM_TRIGGER_* */
	unsigned	 events;	/* FSM_EV_* that take this edge */
	enum fsm_origin	 origin;	/* required origin, or ANY */
	unsigned	 send;		/* FSM_SEND_*: what taking it sends */
	const char	*event;		/* "rcv SYN,ACK" */
	const char	*action;	/* "snd ACK" or "x" */
	const char	*rfc;		/* "RFC 9293 3.10.7.3" */
};

extern const struct fsm_state_info	fsm_states[FSM_STATE_COUNT];
extern const struct fsm_edge_info	fsm_edges[FSM_EDGE_COUNT];

/* States. Out-of-range values give "?" / NULL rather than crash. */
bool		 fsm_state_valid(int);
const struct fsm_state_info *fsm_state_info(enum fsm_state);
const char	*fsm_state_name(enum fsm_state);
const char	*fsm_state_short(enum fsm_state);
bool		 fsm_state_has(enum fsm_state, unsigned attr);
/* Parse "SYN_RCVD" (also "SYN-RECEIVED", "syn_rcvd"); -1 if unknown. */
int		 fsm_state_from_name(const char *);

/* Edges. */
bool		 fsm_edge_valid(int);
const struct fsm_edge_info *fsm_edge_info(enum fsm_edge);
/* "E07", or NULL for FSM_EDGE_NONE / out of range. */
const char	*fsm_edge_id(enum fsm_edge);
/* Parse "E07" (or "e7"); FSM_EDGE_NONE if unknown. */
enum fsm_edge	 fsm_edge_from_id(const char *);
bool		 fsm_edge_leaves(enum fsm_edge, enum fsm_state);
/*
 * The edge from -> to. event narrows the choice (0: any event); with several
 * candidates the one with a specific origin matching, else the first found.
 * FSM_EDGE_NONE when no edge joins the two.
 */
enum fsm_edge	 fsm_edge_find(enum fsm_state from, enum fsm_state to,
		     unsigned event);
/*
 * The edge one event (a single FSM_EV_* bit) takes from a state, or
 * FSM_EDGE_NONE ("no edge from <STATE> on <event>"). An edge whose origin
 * matches beats one that does not care (RST in SYN_RCVD: E11/E23, not E22).
 */
enum fsm_edge	 fsm_edge_on(enum fsm_state from, unsigned event,
		     enum fsm_origin origin);
/* A short name for one FSM_EV_* bit: "rcv SYN,ACK", "CLOSE". */
const char	*fsm_event_name(unsigned event);

#endif
