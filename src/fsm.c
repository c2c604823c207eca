/*
 * fsm.c: the RFC 9293 state table as const data, and lookups over it.
 * Layer 0: includes only compat.h and the C library.
 *
 * Invariants: every edge's from set is non-empty and holds valid states, its
 * to is a valid state, its events are a non-empty subset of FSM_EV_ALL, and
 * for any (state, event, origin) fsm_edge_on() finds at most one edge of the
 * best specificity (tests/unit/test-fsm.c checks all of this).
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "fsm.h"
#include "i18n.h"

#define FSM_SYNC	(FSM_ATTR_TCB | FSM_ATTR_BOUND | FSM_ATTR_SYNCHRONIZED)

const struct fsm_state_info fsm_states[FSM_STATE_COUNT] = {
	[FSM_CLOSED] = { "CLOSED", "CLOSD", FSM_ATTR_REOPENS,
	    N_("no connection (no TCB)") },
	[FSM_LISTEN] = { "LISTEN", "LISTN", FSM_ATTR_TCB,
	    N_("waiting for a connection request from any remote TCP") },
	[FSM_SYN_SENT] = { "SYN_SENT", "SYNST", FSM_ATTR_TCB | FSM_ATTR_BOUND,
	    N_("sent a SYN, waiting for a matching SYN (and its ACK)") },
	[FSM_SYN_RCVD] = { "SYN_RCVD", "SYNRC", FSM_ATTR_TCB | FSM_ATTR_BOUND,
	    N_("received and sent a SYN, waiting for the ACK of our SYN") },
	[FSM_ESTABLISHED] = { "ESTABLISHED", "ESTAB",
	    FSM_SYNC | FSM_ATTR_CAN_SEND | FSM_ATTR_CAN_RECV,
	    N_("open; data flows both ways") },
	[FSM_FIN_WAIT_1] = { "FIN_WAIT_1", "FINW1",
	    FSM_SYNC | FSM_ATTR_SENT_FIN | FSM_ATTR_CAN_RECV,
	    N_("we closed (sent FIN); waiting for its ACK or the peer's "
	    "FIN") },
	[FSM_FIN_WAIT_2] = { "FIN_WAIT_2", "FINW2",
	    FSM_SYNC | FSM_ATTR_SENT_FIN | FSM_ATTR_CAN_RECV,
	    N_("our FIN is acknowledged; waiting for the peer's FIN "
	    "(half-closed)") },
	[FSM_CLOSE_WAIT] = { "CLOSE_WAIT", "CLSWT",
	    FSM_SYNC | FSM_ATTR_RCVD_FIN | FSM_ATTR_CAN_SEND,
	    N_("the peer closed (we got its FIN); waiting for our application "
	    "to close") },
	[FSM_CLOSING] = { "CLOSING", "CLSNG",
	    FSM_SYNC | FSM_ATTR_SENT_FIN | FSM_ATTR_RCVD_FIN,
	    N_("both sent FIN, ours not yet acknowledged (simultaneous "
	    "close)") },
	[FSM_LAST_ACK] = { "LAST_ACK", "LSTAK",
	    FSM_SYNC | FSM_ATTR_SENT_FIN | FSM_ATTR_RCVD_FIN,
	    N_("passive closer sent its FIN; waiting for its ACK") },
	[FSM_TIME_WAIT] = { "TIME_WAIT", "TMWT",
	    FSM_SYNC | FSM_ATTR_SENT_FIN | FSM_ATTR_RCVD_FIN | FSM_ATTR_REOPENS,
	    N_("active closer waits 2*MSL so a lost final ACK can be resent "
	    "and old duplicates die") },
};

#define B(s)	FSM_BIT(FSM_##s)

const struct fsm_edge_info fsm_edges[FSM_EDGE_COUNT] = {
	[FSM_E01] = { "E01", B(CLOSED), FSM_LISTEN, FSM_TRIGGER_APP,
	    FSM_EV_PASSIVE_OPEN, FSM_ORIGIN_ANY, 0,
	    "passive OPEN", "create TCB", "RFC 9293 3.10.1" },
	[FSM_E02] = { "E02", B(CLOSED), FSM_SYN_SENT, FSM_TRIGGER_APP,
	    FSM_EV_ACTIVE_OPEN, FSM_ORIGIN_ANY, FSM_SEND_SYN,
	    "active OPEN", "snd SYN", "RFC 9293 3.10.1" },
	[FSM_E03] = { "E03", B(LISTEN), FSM_SYN_RCVD, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_SYN, FSM_ORIGIN_ANY, FSM_SEND_SYN | FSM_SEND_ACK,
	    "rcv SYN", "snd SYN,ACK", "RFC 9293 3.10.7.2" },
	[FSM_E04] = { "E04", B(LISTEN), FSM_SYN_SENT, FSM_TRIGGER_APP,
	    FSM_EV_SEND, FSM_ORIGIN_ANY, FSM_SEND_SYN,
	    "SEND", "snd SYN", "RFC 9293 3.10.2" },
	[FSM_E05] = { "E05", B(LISTEN), FSM_CLOSED, FSM_TRIGGER_APP,
	    FSM_EV_CLOSE | FSM_EV_ABORT, FSM_ORIGIN_ANY, 0,
	    "CLOSE", "delete TCB", "RFC 9293 3.10.4" },
	[FSM_E06] = { "E06", B(SYN_SENT), FSM_SYN_RCVD, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_SYN, FSM_ORIGIN_ANY, FSM_SEND_SYN | FSM_SEND_ACK,
	    "rcv SYN", "snd SYN,ACK", "RFC 9293 3.10.7.3" },
	[FSM_E07] = { "E07", B(SYN_SENT), FSM_ESTABLISHED, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_SYNACK, FSM_ORIGIN_ANY, FSM_SEND_ACK,
	    "rcv SYN,ACK", "snd ACK", "RFC 9293 3.10.7.3" },
	[FSM_E08] = { "E08", B(SYN_SENT), FSM_CLOSED,
	    FSM_TRIGGER_APP | FSM_TRIGGER_TIMEOUT | FSM_TRIGGER_RCV,
	    FSM_EV_CLOSE | FSM_EV_ABORT | FSM_EV_TIMEOUT | FSM_EV_RCV_RSTACK,
	    FSM_ORIGIN_ANY, 0,
	    "CLOSE, timeout, or rcv RST,ACK", "delete TCB",
	    "RFC 9293 3.10.7.3" },
	[FSM_E09] = { "E09", B(SYN_RCVD), FSM_ESTABLISHED, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_ACK_OF_SYN, FSM_ORIGIN_ANY, 0,
	    "rcv ACK of SYN", "x", "RFC 9293 3.10.7.4" },
	[FSM_E10] = { "E10", B(SYN_RCVD), FSM_FIN_WAIT_1, FSM_TRIGGER_APP,
	    FSM_EV_CLOSE, FSM_ORIGIN_ANY, FSM_SEND_FIN,
	    "CLOSE", "snd FIN", "RFC 9293 3.10.4" },
	[FSM_E11] = { "E11", B(SYN_RCVD), FSM_LISTEN, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_RST, FSM_ORIGIN_PASSIVE, 0,
	    "rcv RST", "x", "RFC 9293 3.10.7.4" },
	[FSM_E12] = { "E12", B(ESTABLISHED), FSM_FIN_WAIT_1, FSM_TRIGGER_APP,
	    FSM_EV_CLOSE, FSM_ORIGIN_ANY, FSM_SEND_FIN,
	    "CLOSE", "snd FIN", "RFC 9293 3.10.4" },
	[FSM_E13] = { "E13", B(ESTABLISHED), FSM_CLOSE_WAIT, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_FIN, FSM_ORIGIN_ANY, FSM_SEND_ACK,
	    "rcv FIN", "snd ACK", "RFC 9293 3.10.7.4" },
	[FSM_E14] = { "E14", B(FIN_WAIT_1), FSM_FIN_WAIT_2, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_ACK_OF_FIN, FSM_ORIGIN_ANY, 0,
	    "rcv ACK of FIN", "x", "RFC 9293 3.10.7.4" },
	[FSM_E15] = { "E15", B(FIN_WAIT_1), FSM_CLOSING, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_FIN, FSM_ORIGIN_ANY, FSM_SEND_ACK,
	    "rcv FIN", "snd ACK", "RFC 9293 3.10.7.4" },
	[FSM_E16] = { "E16", B(FIN_WAIT_1), FSM_TIME_WAIT, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_FIN_ACK_OF_FIN, FSM_ORIGIN_ANY, FSM_SEND_ACK,
	    "rcv FIN,ACK of FIN", "snd ACK", "RFC 9293 3.10.7.4" },
	[FSM_E17] = { "E17", B(FIN_WAIT_2), FSM_TIME_WAIT, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_FIN | FSM_EV_RCV_FIN_ACK_OF_FIN, FSM_ORIGIN_ANY,
	    FSM_SEND_ACK,
	    "rcv FIN", "snd ACK", "RFC 9293 3.10.7.4" },
	[FSM_E18] = { "E18", B(CLOSING), FSM_TIME_WAIT, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_ACK_OF_FIN, FSM_ORIGIN_ANY, 0,
	    "rcv ACK of FIN", "x", "RFC 9293 3.10.7.4" },
	[FSM_E19] = { "E19", B(CLOSE_WAIT), FSM_LAST_ACK, FSM_TRIGGER_APP,
	    FSM_EV_CLOSE, FSM_ORIGIN_ANY, FSM_SEND_FIN,
	    "CLOSE", "snd FIN", "RFC 9293 3.10.4" },
	[FSM_E20] = { "E20", B(LAST_ACK), FSM_CLOSED, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_ACK_OF_FIN, FSM_ORIGIN_ANY, 0,
	    "rcv ACK of FIN", "x", "RFC 9293 3.10.7.4" },
	[FSM_E21] = { "E21", B(TIME_WAIT), FSM_CLOSED, FSM_TRIGGER_TIMEOUT,
	    FSM_EV_TIMEOUT, FSM_ORIGIN_ANY, 0,
	    "timeout 2*MSL", "delete TCB", "RFC 9293 3.10.8" },
	[FSM_E22] = { "E22",
	    B(SYN_RCVD) | B(ESTABLISHED) | B(FIN_WAIT_1) | B(FIN_WAIT_2) |
	    B(CLOSE_WAIT) | B(CLOSING) | B(LAST_ACK) | B(TIME_WAIT),
	    FSM_CLOSED, FSM_TRIGGER_RCV | FSM_TRIGGER_APP | FSM_TRIGGER_TIMEOUT,
	    FSM_EV_RCV_RST | FSM_EV_ABORT, FSM_ORIGIN_ANY, FSM_SEND_RST,
	    "rcv acceptable RST, ABORT, or retries exhausted",
	    "snd RST (on ABORT)", "RFC 9293 3.10.7.4, 3.10.5" },
	[FSM_E23] = { "E23", B(SYN_RCVD), FSM_CLOSED, FSM_TRIGGER_RCV,
	    FSM_EV_RCV_RST, FSM_ORIGIN_ACTIVE, 0,
	    "rcv RST", "x", "RFC 9293 3.10.7.4" },
};

#undef B

static const struct {
	unsigned	 event;
	const char	*name;
} fsm_event_names[] = {
	{ FSM_EV_PASSIVE_OPEN, "passive OPEN" },
	{ FSM_EV_ACTIVE_OPEN, "active OPEN" },
	{ FSM_EV_SEND, "SEND" },
	{ FSM_EV_CLOSE, "CLOSE" },
	{ FSM_EV_ABORT, "ABORT" },
	{ FSM_EV_TIMEOUT, "timeout" },
	{ FSM_EV_RCV_SYN, "rcv SYN" },
	{ FSM_EV_RCV_SYNACK, "rcv SYN,ACK" },
	{ FSM_EV_RCV_ACK_OF_SYN, "rcv ACK of SYN" },
	{ FSM_EV_RCV_FIN, "rcv FIN" },
	{ FSM_EV_RCV_FIN_ACK_OF_FIN, "rcv FIN,ACK of FIN" },
	{ FSM_EV_RCV_ACK_OF_FIN, "rcv ACK of FIN" },
	{ FSM_EV_RCV_RST, "rcv RST" },
	{ FSM_EV_RCV_RSTACK, "rcv RST,ACK" },
};

/* Is s one of the eleven states? */
bool
fsm_state_valid(int s)
{
	return s >= 0 && s < FSM_STATE_COUNT;
}

/* The table row for a state, or NULL. */
const struct fsm_state_info *
fsm_state_info(enum fsm_state s)
{
	if (!fsm_state_valid((int)s))
		return NULL;
	return &fsm_states[s];
}

/* The printed name of a state ("?" when out of range). */
const char *
fsm_state_name(enum fsm_state s)
{
	if (!fsm_state_valid((int)s))
		return "?";
	return fsm_states[s].name;
}

/* The compact name of a state ("?" when out of range). */
const char *
fsm_state_short(enum fsm_state s)
{
	if (!fsm_state_valid((int)s))
		return "?";
	return fsm_states[s].short_name;
}

/* Does a state carry all the given attribute bits? */
bool
fsm_state_has(enum fsm_state s, unsigned attr)
{
	if (!fsm_state_valid((int)s))
		return false;
	return (fsm_states[s].attrs & attr) == attr;
}

/* Compare a name to a state name ignoring case and '-' versus '_'. */
static bool
fsm_name_match(const char *name, const char *want)
{
	unsigned char	 a, b;

	for (;; name++, want++) {
		a = (unsigned char)*name;
		b = (unsigned char)*want;
		if (a == '-')
			a = '_';
		if (toupper(a) != b)
			return false;
		if (a == '\0')
			return true;
	}
}

/* Parse a state name; RFC spellings SYN-RECEIVED etc. are accepted too. */
int
fsm_state_from_name(const char *name)
{
	static const struct {
		const char	*alias;
		enum fsm_state	 state;
	} aliases[] = {
		{ "SYN_RECEIVED", FSM_SYN_RCVD },
		{ "FIN_WAIT1", FSM_FIN_WAIT_1 },
		{ "FIN_WAIT2", FSM_FIN_WAIT_2 },
		{ "ESTAB", FSM_ESTABLISHED },
	};
	size_t	i;

	if (name == NULL)
		return -1;
	for (i = 0; i < FSM_STATE_COUNT; i++) {
		if (fsm_name_match(name, fsm_states[i].name))
			return (int)i;
	}
	for (i = 0; i < COMPAT_NITEMS(aliases); i++) {
		if (fsm_name_match(name, aliases[i].alias))
			return (int)aliases[i].state;
	}
	return -1;
}

/* Is e a real edge (not NONE, not out of range)? */
bool
fsm_edge_valid(int e)
{
	return e >= 0 && e < FSM_EDGE_COUNT;
}

/* The table row for an edge, or NULL. */
const struct fsm_edge_info *
fsm_edge_info(enum fsm_edge e)
{
	if (!fsm_edge_valid((int)e))
		return NULL;
	return &fsm_edges[e];
}

/* "E07", or NULL. */
const char *
fsm_edge_id(enum fsm_edge e)
{
	if (!fsm_edge_valid((int)e))
		return NULL;
	return fsm_edges[e].id;
}

/* Parse an edge id: "E07", "e7"; FSM_EDGE_NONE if unknown. */
enum fsm_edge
fsm_edge_from_id(const char *id)
{
	unsigned	 n = 0;
	size_t		 i, digits = 0;

	if (id == NULL || (id[0] != 'E' && id[0] != 'e'))
		return FSM_EDGE_NONE;
	for (i = 1; id[i] != '\0'; i++) {
		if (id[i] < '0' || id[i] > '9' || ++digits > 2)
			return FSM_EDGE_NONE;
		n = n * 10 + (unsigned)(id[i] - '0');
	}
	if (digits == 0)
		return FSM_EDGE_NONE;
	for (i = 0; i < FSM_EDGE_COUNT; i++) {
		if ((unsigned)(fsm_edges[i].id[1] - '0') * 10 +
		    (unsigned)(fsm_edges[i].id[2] - '0') == n)
			return (enum fsm_edge)i;
	}
	return FSM_EDGE_NONE;
}

/* Does the edge start at state s? */
bool
fsm_edge_leaves(enum fsm_edge e, enum fsm_state s)
{
	if (!fsm_edge_valid((int)e) || !fsm_state_valid((int)s))
		return false;
	return (fsm_edges[e].from & FSM_BIT(s)) != 0;
}

/* The edge from -> to, narrowed by event (0: any); see fsm.h. */
enum fsm_edge
fsm_edge_find(enum fsm_state from, enum fsm_state to, unsigned event)
{
	enum fsm_edge	 found = FSM_EDGE_NONE;
	size_t		 i;

	if (!fsm_state_valid((int)from) || !fsm_state_valid((int)to))
		return FSM_EDGE_NONE;
	for (i = 0; i < FSM_EDGE_COUNT; i++) {
		if ((fsm_edges[i].from & FSM_BIT(from)) == 0 ||
		    fsm_edges[i].to != to)
			continue;
		if (event != 0 && (fsm_edges[i].events & event) == 0)
			continue;
		/* A specific edge (E11/E23) beats a general one (E22). */
		if (found == FSM_EDGE_NONE ||
		    (fsm_edges[found].origin == FSM_ORIGIN_ANY &&
		    fsm_edges[i].origin != FSM_ORIGIN_ANY))
			found = (enum fsm_edge)i;
	}
	return found;
}

/* The edge an event takes from a state, origin breaking ties; see fsm.h. */
enum fsm_edge
fsm_edge_on(enum fsm_state from, unsigned event, enum fsm_origin origin)
{
	enum fsm_edge	 general = FSM_EDGE_NONE, specific = FSM_EDGE_NONE;
	enum fsm_origin	 eo;
	size_t		 i;

	if (!fsm_state_valid((int)from) || event == 0)
		return FSM_EDGE_NONE;
	for (i = 0; i < FSM_EDGE_COUNT; i++) {
		if ((fsm_edges[i].from & FSM_BIT(from)) == 0 ||
		    (fsm_edges[i].events & event) == 0)
			continue;
		eo = fsm_edges[i].origin;
		if (eo == FSM_ORIGIN_ANY) {
			if (general == FSM_EDGE_NONE)
				general = (enum fsm_edge)i;
		} else if (eo == origin && specific == FSM_EDGE_NONE)
			specific = (enum fsm_edge)i;
	}
	/*
	 * RFC 9293 3.10.7.4: a RST in SYN-RECEIVED returns a passively
	 * opened TCB to LISTEN (E11) and closes an actively opened one
	 * (E23). With the origin unknown the general edge (E22) applies.
	 */
	return specific != FSM_EDGE_NONE ? specific : general;
}

/* A printable name for one event bit. */
const char *
fsm_event_name(unsigned event)
{
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(fsm_event_names); i++) {
		if (fsm_event_names[i].event == event)
			return fsm_event_names[i].name;
	}
	return "?";
}
