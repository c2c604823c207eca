/*
 * test-fsm.c: sanity of the one RFC table (fsm.c): names exactly as the
 * reference prints them, every edge's from/to valid and as documented,
 * E22's many sources, and the lookups.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fsm.h"

/* The reference's names, in its order (which the enum need not follow). */
static const struct {
	enum fsm_state	 s;
	const char	*name;
} names[] = {
	{ FSM_CLOSED, "CLOSED" }, { FSM_LISTEN, "LISTEN" },
	{ FSM_SYN_SENT, "SYN_SENT" }, { FSM_SYN_RCVD, "SYN_RCVD" },
	{ FSM_ESTABLISHED, "ESTABLISHED" }, { FSM_FIN_WAIT_1, "FIN_WAIT_1" },
	{ FSM_FIN_WAIT_2, "FIN_WAIT_2" }, { FSM_CLOSE_WAIT, "CLOSE_WAIT" },
	{ FSM_CLOSING, "CLOSING" }, { FSM_LAST_ACK, "LAST_ACK" },
	{ FSM_TIME_WAIT, "TIME_WAIT" },
};

/* tcp-states.md's edge table: id, from set, to. */
#define B(s)	FSM_BIT(FSM_##s)
static const struct {
	const char	*id;
	unsigned	 from;
	enum fsm_state	 to;
} edges[] = {
	{ "E01", B(CLOSED), FSM_LISTEN },
	{ "E02", B(CLOSED), FSM_SYN_SENT },
	{ "E03", B(LISTEN), FSM_SYN_RCVD },
	{ "E04", B(LISTEN), FSM_SYN_SENT },
	{ "E05", B(LISTEN), FSM_CLOSED },
	{ "E06", B(SYN_SENT), FSM_SYN_RCVD },
	{ "E07", B(SYN_SENT), FSM_ESTABLISHED },
	{ "E08", B(SYN_SENT), FSM_CLOSED },
	{ "E09", B(SYN_RCVD), FSM_ESTABLISHED },
	{ "E10", B(SYN_RCVD), FSM_FIN_WAIT_1 },
	{ "E11", B(SYN_RCVD), FSM_LISTEN },
	{ "E12", B(ESTABLISHED), FSM_FIN_WAIT_1 },
	{ "E13", B(ESTABLISHED), FSM_CLOSE_WAIT },
	{ "E14", B(FIN_WAIT_1), FSM_FIN_WAIT_2 },
	{ "E15", B(FIN_WAIT_1), FSM_CLOSING },
	{ "E16", B(FIN_WAIT_1), FSM_TIME_WAIT },
	{ "E17", B(FIN_WAIT_2), FSM_TIME_WAIT },
	{ "E18", B(CLOSING), FSM_TIME_WAIT },
	{ "E19", B(CLOSE_WAIT), FSM_LAST_ACK },
	{ "E20", B(LAST_ACK), FSM_CLOSED },
	{ "E21", B(TIME_WAIT), FSM_CLOSED },
	{ "E22", B(SYN_RCVD) | B(ESTABLISHED) | B(FIN_WAIT_1) |
	    B(FIN_WAIT_2) | B(CLOSE_WAIT) | B(CLOSING) | B(LAST_ACK) |
	    B(TIME_WAIT), FSM_CLOSED },
	{ "E23", B(SYN_RCVD), FSM_CLOSED },
};
#undef B

static void
test_state_names(void **state)
{
	size_t	i;

	(void)state;
	assert_int_equal(COMPAT_NITEMS(names), FSM_STATE_COUNT);
	for (i = 0; i < COMPAT_NITEMS(names); i++) {
		assert_string_equal(fsm_state_name(names[i].s), names[i].name);
		assert_int_equal(fsm_state_from_name(names[i].name),
		    names[i].s);
		assert_non_null(fsm_states[names[i].s].meaning);
		assert_true(strlen(fsm_state_short(names[i].s)) <= 5);
	}
	assert_int_equal(fsm_state_from_name("SYN-RECEIVED"), FSM_SYN_RCVD);
	assert_int_equal(fsm_state_from_name("fin-wait-2"), FSM_FIN_WAIT_2);
	assert_int_equal(fsm_state_from_name("BOGUS"), -1);
	assert_int_equal(fsm_state_from_name(""), -1);
	assert_string_equal(fsm_state_name((enum fsm_state)99), "?");
	assert_string_equal(fsm_state_name((enum fsm_state)-1), "?");
}

static void
test_state_attrs(void **state)
{
	int	s;

	(void)state;
	/* RFC 9293 3.5.2: LISTEN, SYN-SENT, SYN-RECEIVED are unsynchronized. */
	assert_false(fsm_state_has(FSM_SYN_RCVD, FSM_ATTR_SYNCHRONIZED));
	assert_false(fsm_state_has(FSM_LISTEN, FSM_ATTR_SYNCHRONIZED));
	assert_true(fsm_state_has(FSM_TIME_WAIT, FSM_ATTR_SYNCHRONIZED));
	assert_false(fsm_state_has(FSM_CLOSED, FSM_ATTR_TCB));
	/* The two sets the engine and the simulator ask by name. */
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		assert_int_equal(fsm_state_has((enum fsm_state)s,
		    FSM_ATTR_REOPENS), s == FSM_CLOSED || s == FSM_TIME_WAIT);
		assert_int_equal(fsm_state_has((enum fsm_state)s,
		    FSM_ATTR_BOUND), s != FSM_CLOSED && s != FSM_LISTEN);
	}
	assert_true(fsm_state_has(FSM_CLOSING,
	    FSM_ATTR_SENT_FIN | FSM_ATTR_RCVD_FIN));
	assert_true(fsm_state_has(FSM_CLOSE_WAIT, FSM_ATTR_RCVD_FIN));
	assert_false(fsm_state_has(FSM_CLOSE_WAIT, FSM_ATTR_SENT_FIN));
	assert_true(fsm_state_has(FSM_FIN_WAIT_2, FSM_ATTR_SENT_FIN));
	assert_false(fsm_state_has(FSM_FIN_WAIT_2, FSM_ATTR_RCVD_FIN));
}

/* Every edge: id, from and to as in the reference; labels present. */
static void
test_edges_match_reference(void **state)
{
	size_t				 i;
	const struct fsm_edge_info	*info;
	enum fsm_edge			 e;

	(void)state;
	assert_int_equal(COMPAT_NITEMS(edges), FSM_EDGE_COUNT);
	for (i = 0; i < COMPAT_NITEMS(edges); i++) {
		e = fsm_edge_from_id(edges[i].id);
		assert_true(fsm_edge_valid(e));
		info = fsm_edge_info(e);
		assert_non_null(info);
		assert_string_equal(info->id, edges[i].id);
		assert_string_equal(fsm_edge_id(e), edges[i].id);
		assert_int_equal(info->from, edges[i].from);
		assert_int_equal(info->to, edges[i].to);
		assert_true(fsm_state_valid(info->to));
		assert_int_not_equal(info->from, 0);
		assert_int_equal(info->from & ~((1u << FSM_STATE_COUNT) - 1),
		    0);
		assert_int_not_equal(info->events, 0);
		assert_int_equal(info->events & ~FSM_EV_ALL, 0);
		assert_int_not_equal(info->triggers, 0);
		assert_non_null(info->event);
		assert_non_null(info->action);
		assert_non_null(strstr(info->rfc, "RFC 9293"));
	}
	assert_int_equal(fsm_edge_from_id("e7"), FSM_E07);
	assert_int_equal(fsm_edge_from_id("E24"), FSM_EDGE_NONE);
	assert_int_equal(fsm_edge_from_id("E"), FSM_EDGE_NONE);
	assert_int_equal(fsm_edge_from_id("E007"), FSM_EDGE_NONE);
	assert_int_equal(fsm_edge_from_id(NULL), FSM_EDGE_NONE);
	assert_null(fsm_edge_id(FSM_EDGE_NONE));
	assert_null(fsm_edge_info((enum fsm_edge)FSM_EDGE_COUNT));
}

static void
test_e22_sources(void **state)
{
	int	s;

	(void)state;
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		bool	want = s != FSM_CLOSED && s != FSM_LISTEN &&
			    s != FSM_SYN_SENT;

		assert_int_equal(fsm_edge_leaves(FSM_E22, (enum fsm_state)s),
		    want);
	}
}

/* For every state, event and origin at most one best edge exists. */
static void
test_lookup_unique(void **state)
{
	int		 s, o, k, best, spec;
	unsigned	 ev;

	(void)state;
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		for (ev = 1; ev & FSM_EV_ALL; ev <<= 1) {
			for (o = FSM_ORIGIN_ANY; o <= FSM_ORIGIN_ACTIVE; o++) {
				best = spec = 0;
				for (k = 0; k < FSM_EDGE_COUNT; k++) {
					if (!(fsm_edges[k].from &
					    FSM_BIT(s)) ||
					    !(fsm_edges[k].events & ev))
						continue;
					if (fsm_edges[k].origin ==
					    FSM_ORIGIN_ANY)
						best++;
					else if ((int)fsm_edges[k].origin ==
					    o)
						spec++;
				}
				assert_true(best <= 1);
				assert_true(spec <= 1);
			}
		}
	}
}

static void
test_lookups(void **state)
{
	(void)state;
	assert_int_equal(fsm_edge_on(FSM_SYN_SENT, FSM_EV_RCV_SYNACK,
	    FSM_ORIGIN_ANY), FSM_E07);
	assert_int_equal(fsm_edge_on(FSM_SYN_SENT, FSM_EV_RCV_SYN,
	    FSM_ORIGIN_ANY), FSM_E06);
	assert_int_equal(fsm_edge_on(FSM_LISTEN, FSM_EV_RCV_SYN,
	    FSM_ORIGIN_ANY), FSM_E03);
	assert_int_equal(fsm_edge_on(FSM_FIN_WAIT_1,
	    FSM_EV_RCV_FIN_ACK_OF_FIN, FSM_ORIGIN_ANY), FSM_E16);
	assert_int_equal(fsm_edge_on(FSM_FIN_WAIT_2,
	    FSM_EV_RCV_FIN_ACK_OF_FIN, FSM_ORIGIN_ANY), FSM_E17);
	assert_int_equal(fsm_edge_on(FSM_CLOSE_WAIT, FSM_EV_CLOSE,
	    FSM_ORIGIN_ANY), FSM_E19);
	assert_int_equal(fsm_edge_on(FSM_ESTABLISHED, FSM_EV_CLOSE,
	    FSM_ORIGIN_ANY), FSM_E12);
	assert_int_equal(fsm_edge_on(FSM_TIME_WAIT, FSM_EV_TIMEOUT,
	    FSM_ORIGIN_ANY), FSM_E21);
	assert_int_equal(fsm_edge_on(FSM_SYN_SENT, FSM_EV_TIMEOUT,
	    FSM_ORIGIN_ANY), FSM_E08);
	/* RFC 9293 3.10.7.4: RST in SYN_RCVD depends on the origin. */
	assert_int_equal(fsm_edge_on(FSM_SYN_RCVD, FSM_EV_RCV_RST,
	    FSM_ORIGIN_PASSIVE), FSM_E11);
	assert_int_equal(fsm_edge_on(FSM_SYN_RCVD, FSM_EV_RCV_RST,
	    FSM_ORIGIN_ACTIVE), FSM_E23);
	assert_int_equal(fsm_edge_on(FSM_SYN_RCVD, FSM_EV_RCV_RST,
	    FSM_ORIGIN_ANY), FSM_E22);
	assert_int_equal(fsm_edge_on(FSM_SYN_RCVD, FSM_EV_ABORT,
	    FSM_ORIGIN_PASSIVE), FSM_E22);
	/* No edges. */
	assert_int_equal(fsm_edge_on(FSM_CLOSED, FSM_EV_RCV_FIN,
	    FSM_ORIGIN_ANY), FSM_EDGE_NONE);
	assert_int_equal(fsm_edge_on(FSM_ESTABLISHED, 0, FSM_ORIGIN_ANY),
	    FSM_EDGE_NONE);
	assert_int_equal(fsm_edge_on((enum fsm_state)42, FSM_EV_CLOSE,
	    FSM_ORIGIN_ANY), FSM_EDGE_NONE);
	/* fsm_edge_find. */
	assert_int_equal(fsm_edge_find(FSM_CLOSED, FSM_SYN_SENT, 0), FSM_E02);
	assert_int_equal(fsm_edge_find(FSM_SYN_RCVD, FSM_CLOSED,
	    FSM_EV_ABORT), FSM_E22);
	assert_int_equal(fsm_edge_find(FSM_SYN_RCVD, FSM_CLOSED,
	    FSM_EV_RCV_RST), FSM_E23);
	assert_int_equal(fsm_edge_find(FSM_ESTABLISHED, FSM_CLOSED, 0),
	    FSM_E22);
	assert_int_equal(fsm_edge_find(FSM_CLOSED, FSM_ESTABLISHED, 0),
	    FSM_EDGE_NONE);
	assert_string_equal(fsm_event_name(FSM_EV_RCV_SYNACK), "rcv SYN,ACK");
	assert_string_equal(fsm_event_name(0), "?");
}

/* Each edge taken through its own events lands where the table says. */
static void
test_every_edge_reachable(void **state)
{
	int		 k, s, o, hit;
	unsigned	 ev;

	(void)state;
	for (k = 0; k < FSM_EDGE_COUNT; k++) {
		hit = 0;
		for (s = 0; s < FSM_STATE_COUNT; s++) {
			if (!(fsm_edges[k].from & FSM_BIT(s)))
				continue;
			for (ev = 1; ev & FSM_EV_ALL; ev <<= 1) {
				if (!(fsm_edges[k].events & ev))
					continue;
				for (o = 0; o <= FSM_ORIGIN_ACTIVE; o++)
					hit += fsm_edge_on((enum fsm_state)s,
					    ev, (enum fsm_origin)o) == k;
			}
		}
		assert_true(hit > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_state_attrs),
		cmocka_unit_test(test_edges_match_reference),
		cmocka_unit_test(test_e22_sources),
		cmocka_unit_test(test_lookup_unique),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_every_edge_reachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
