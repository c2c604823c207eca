/*
 * test-view-conns.c: the connection list as a triage tool (issue 17):
 * the / filter's words (state prefixes, anomaly words, ports, address
 * parts, all of them must match), the sorts, ] / [ over rows, and a
 * drawn list whose endpoints keep their whole ports at 80 columns while
 * the notes still say what went wrong. Connections are made by hand, as
 * the engine leaves them (conn.h); the triage counts too.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "canvas.h"
#include "conn.h"
#include "i18n.h"
#include "segbuild.h"
#include "view.h"

#define NCONN	5

static struct conn		 conns[NCONN];
static struct conn_stats	 stats[NCONN];
static const struct conn	*list[NCONN];
static const struct conn_stats	*slist[NCONN];

/* One connection: id, client and server states, its client's port. */
static void
mk(int i, enum fsm_state cs, enum fsm_state ss, uint16_t cport,
    uint16_t sport)
{
	struct conn	*c = &conns[i];

	memset(c, 0, sizeof *c);
	memset(&stats[i], 0, sizeof stats[i]);
	c->id = (uint32_t)i + 1;
	c->key.a = segbuild_ep4(10, 207, 0, (uint8_t)(1 + i), cport);
	c->key.b = segbuild_ep4(10, 207, 0, 254, sport);
	c->client_is_a = 1;
	c->end[CONN_CLIENT].state = (uint8_t)cs;
	c->end[CONN_SERVER].state = (uint8_t)ss;
	c->t_first = (int64_t)i * 1000;
	c->t_last = c->t_first + 100 * (i + 1);
	c->segments = 8;
	c->flags = CONN_F_IN_USE;
	list[i] = c;
	slist[i] = &stats[i];
}

/*
 * #1 clean, #2 reset, #3 three retransmissions, #4 FIN_WAIT_2 to 8443,
 * #5 FIN_WAIT_1 to 8443.
 */
static int
setup(void **state)
{
	(void)state;
	i18n_set(I18N_EN);
	mk(0, FSM_CLOSED, FSM_CLOSED, 30000, 443);
	mk(1, FSM_CLOSED, FSM_CLOSED, 50552, 443);
	stats[1].flags = CONN_S_RESET;
	stats[1].dir[CONN_SERVER].rsts = 1;
	mk(2, FSM_CLOSED, FSM_CLOSED, 34431, 443);
	stats[2].dir[CONN_CLIENT].retrans = 3;
	mk(3, FSM_FIN_WAIT_2, FSM_CLOSE_WAIT, 41003, 8443);
	conns[3].end[CONN_CLIENT].tcb.flags = CONN_TCB_SENT_FIN;
	mk(4, FSM_FIN_WAIT_1, FSM_CLOSE_WAIT, 41004, 8443);
	conns[4].end[CONN_CLIENT].tcb.flags = CONN_TCB_SENT_FIN;
	return 0;
}

/* The ids that pass a filter, "1 2 3". */
static const char *
passing(const char *filter)
{
	static char	 buf[64];
	size_t		 off = 0;
	int		 i;

	buf[0] = '\0';
	for (i = 0; i < NCONN; i++) {
		if (view_conns_match(filter, list[i], slist[i]))
			off += (size_t)snprintf(buf + off, sizeof buf - off,
			    "%s%u", off > 0 ? " " : "", (unsigned)list[i]->id);
	}
	return buf;
}

static void
test_filter_words(void **state)
{
	(void)state;
	assert_string_equal(passing(""), "1 2 3 4 5");
	/* State prefixes, any case, '-' for '_'. */
	assert_string_equal(passing("/FIN_WAIT"), "4 5");
	assert_string_equal(passing("fin-wait-2"), "4");
	assert_string_equal(passing("close_wait"), "4 5");
	assert_string_equal(passing("CLOSED"), "1 2 3");
	/* Anomaly words. */
	assert_string_equal(passing("/rst"), "2");
	assert_string_equal(passing("RETX"), "3");
	assert_string_equal(passing("halfclosed"), "4 5");
	assert_string_equal(passing("zerowin"), "");
	/* Ports: exact, never part of another port (34431 holds 443). */
	assert_string_equal(passing("8443"), "4 5");
	assert_string_equal(passing(":443"), "1 2 3");
	assert_string_equal(passing("/:50552"), "2");
	assert_string_equal(passing("5055"), "");
	/* Address parts; several words: all must match. */
	assert_string_equal(passing("10.207.0.3"), "3");
	assert_string_equal(passing("10.207.0.254"), "1 2 3 4 5");
	assert_string_equal(passing("8443 fin_wait_1"), "5");
	assert_string_equal(passing("  rst   :443 "), "2");
	assert_string_equal(passing("rst 8443"), "");
}

/* The ids of the list in order, "3 2 4 5 1". */
static const char *
order(const struct view_conns *v)
{
	static char	 buf[64];
	size_t		 off = 0, i;

	buf[0] = '\0';
	for (i = 0; i < v->count; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%u",
		    off > 0 ? " " : "", (unsigned)v->list[i].c->id);
	return buf;
}

static void
test_sort_and_jump(void **state)
{
	struct view_conns	 v;

	(void)state;
	memset(&v, 0, sizeof v);
	v.sort = VIEW_CONNS_SORT_ANOMALIES;
	view_conns_set(&v, list, slist, NCONN);
	/* retx 3 counts three; rst and halfclosed one each; #1 none. */
	assert_string_equal(order(&v), "3 2 4 5 1");
	assert_int_equal(v.nstate[FSM_CLOSED], 3);
	assert_int_equal(v.nstate[FSM_FIN_WAIT_2], 1);
	assert_int_equal(v.nanom[CONN_ANOMB_RST], 1);
	assert_int_equal(v.nanom[CONN_ANOMB_HALF_CLOSED], 2);
	v.sort = VIEW_CONNS_SORT_DURATION;
	view_conns_set(&v, list, slist, NCONN);
	assert_string_equal(order(&v), "5 4 3 2 1");
	v.sort = VIEW_CONNS_SORT_SERVER_STATE;
	view_conns_set(&v, list, slist, NCONN);
	assert_string_equal(order(&v), "1 2 3 4 5");
	/* By id: ] from #1 goes to #2, then #3; [ back; none past #5. */
	v.sort = VIEW_CONNS_SORT_ID;
	view_conns_set(&v, list, slist, NCONN);
	view_conns_select(&v, 0);
	assert_true(view_conns_next_anomaly(&v, 1));
	assert_int_equal(view_conns_selected(&v)->id, 2);
	assert_true(view_conns_next_anomaly(&v, 1));
	assert_int_equal(view_conns_selected(&v)->id, 3);
	assert_true(view_conns_next_anomaly(&v, -1));
	assert_int_equal(view_conns_selected(&v)->id, 2);
	assert_false(view_conns_next_anomaly(&v, -1));
	view_conns_select(&v, SIZE_MAX);
	assert_int_equal(view_conns_selected(&v)->id, 5);
	assert_false(view_conns_next_anomaly(&v, 1));
	/* A filter keeps what matches, and the counts follow it. */
	snprintf(v.filter, sizeof v.filter, "8443");
	view_conns_set(&v, list, slist, NCONN);
	assert_string_equal(order(&v), "4 5");
	assert_int_equal(v.nstate[FSM_CLOSED], 0);
	view_conns_clear(&v);
}

/* At 80 columns: the header's counts, the notes, every port whole. */
static void
test_draw_80(void **state)
{
	struct view_conns	 v;
	struct canvas		*c;
	struct canvas_rect	 r = { 0, 0, 80, 8 };
	char			 row[512];

	(void)state;
	memset(&v, 0, sizeof v);
	v.sort = VIEW_CONNS_SORT_ID;
	view_conns_set(&v, list, slist, NCONN);
	c = canvas_text_new(80, 8, false);
	view_conns_draw(c, &r, &v, true);
	canvas_text_row(c, 0, row, sizeof row);
	assert_non_null(strstr(row, "5 conns: 3 CLOSED"));
	assert_non_null(strstr(row, " 1 rst 1 retx 2 halfclosed"));
	canvas_text_row(c, 3, row, sizeof row);
	assert_non_null(strstr(row, "rst"));
	assert_non_null(strstr(row, " 10.207.0.2:50552 -> 10.207.0.254:443"));
	canvas_text_row(c, 4, row, sizeof row);
	assert_non_null(strstr(row, "retx 3"));
	canvas_text_row(c, 5, row, sizeof row);
	assert_non_null(strstr(row, "10.207.0.4:41003 -> 10.207.0.254:8443"));
	canvas_free(c);
	/* 50 columns: the hosts lose their start, never the ports. */
	c = canvas_text_new(50, 8, true);
	r.w = 50;
	view_conns_draw(c, &r, &v, true);
	canvas_text_row(c, 3, row, sizeof row);
	assert_non_null(strstr(row, ":50552 -> "));
	assert_non_null(strstr(row, ".."));
	assert_true(strlen(row) <= 50);
	assert_int_equal(row[strlen(row) - 4], ':');
	canvas_free(c);
	view_conns_clear(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_words),
		cmocka_unit_test(test_sort_and_jump),
		cmocka_unit_test(test_draw_80),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
