/*
 * test-sim.c: the simulator backend and the pcap writer. Small scenarios
 * written inline check the RFC behaviour (backoff, RST to a closed port,
 * the SYN queue, TIME_WAIT re-ACK, E16); every shipped scenario is run
 * twice (same bytes) and its simulated states are compared with what the
 * engine infers from the same segments and application calls.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend-sim.h"
#include "engine.h"
#include "fsm.h"
#include "pcapwrite.h"
#include "scenario.h"
#include "xmalloc.h"

#define HEAD \
	"tcpviz-scenario 1\nname t\ntitle en T\ntitle zh T\n" \
	"description en D\ndescription zh D\nmsl 1s\n"

/* Simulate an inline scenario. */
static struct backend *
sim_text(const char *text)
{
	struct scenario	*sc;
	char		*err = NULL;

	sc = scenario_parse("inline", text, strlen(text), &err);
	if (sc == NULL)
		fail_msg("%s", err);
	return backend_sim_open(sc, false, 0);
}

/* The n-th segment (0-based) sent from port sport with the given flags. */
static const struct event_segment *
sim_seg(const struct backend *b, uint16_t sport, uint16_t flags, int n)
{
	const struct backend_sim_item	*it;
	size_t				 i;

	for (i = 0; i < backend_sim_item_count(b); i++) {
		it = backend_sim_item_at(b, i);
		if (it->is_app || it->seg.src.port != sport ||
		    it->seg.flags != flags)
			continue;
		if (n-- == 0)
			return &it->seg;
	}
	return NULL;
}

/* Count segments from sport carrying all the flag bits. */
static int
sim_count(const struct backend *b, uint16_t sport, uint16_t flags)
{
	const struct backend_sim_item	*it;
	size_t				 i;
	int				 n = 0;

	for (i = 0; i < backend_sim_item_count(b); i++) {
		it = backend_sim_item_at(b, i);
		if (!it->is_app && it->seg.src.port == sport &&
		    (it->seg.flags & flags) == flags)
			n++;
	}
	return n;
}

/* Did the simulated endpoint on port take an edge (k-th time, 0-based)? */
static const struct backend_sim_transition *
sim_edge(const struct backend *b, uint16_t port, enum fsm_edge e, int k)
{
	const struct backend_sim_transition	*tr;
	size_t					 i;

	for (i = 0; i < backend_sim_truth_count(b); i++) {
		tr = backend_sim_truth_at(b, i);
		if (tr->local.port == port && tr->edge == (int8_t)e &&
		    k-- == 0)
			return tr;
	}
	return NULL;
}

#define SEC(x)	((int64_t)((x) * 1e9 + 0.5))
#define T0	SCENARIO_EPOCH_NS

/* The handshake: SYN J, SYN K ACK J+1, ACK K+1; then the four-way close. */
static void
test_handshake(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100\n"
	    "endpoint s 10.0.0.2:80 isn=500\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 1s c connect s\nat 2s c close\n"
	    "at 3s s close\n");
	g = sim_seg(b, 1000, SEGF_SYN, 0);
	assert_non_null(g);
	assert_int_equal(g->seq, 100);
	assert_int_equal(g->t_sent, T0 + SEC(1));
	assert_int_equal(g->t_recv, T0 + SEC(1.01));
	assert_int_equal(g->origin_kind, EVENT_ORIGIN_SCENARIO);
	assert_int_equal(g->origin, 12);	/* the connect line */
	g = sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 0);
	assert_non_null(g);
	assert_int_equal(g->seq, 500);
	assert_int_equal(g->ack, 101);
	g = sim_seg(b, 1000, SEGF_ACK, 0);
	assert_non_null(g);
	assert_int_equal(g->seq, 101);
	assert_int_equal(g->ack, 501);
	assert_non_null(sim_edge(b, 1000, FSM_E07, 0));
	assert_non_null(sim_edge(b, 80, FSM_E09, 0));
	assert_non_null(sim_edge(b, 1000, FSM_E17, 0));
	assert_non_null(sim_edge(b, 80, FSM_E20, 0));
	/* TIME_WAIT from 3.01 s lasts 2*MSL = 2 s. */
	assert_int_equal(sim_edge(b, 1000, FSM_E21, 0)->t, T0 + SEC(5.01));
	assert_int_equal(backend_sim_warnings(b), 0);
	backend_free(b);
}

/* A lost SYN is resent after 1 s, 2 s, 4 s (RFC 6298 backoff). */
static void
test_syn_backoff(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100 rto=1s\n"
	    "endpoint s 10.0.0.2:80\n"
	    "at 0 s listen\nat 0 c connect s\n"
	    "drop c syn 1\ndrop c syn 2\ndrop c syn 3\n");
	assert_true(sim_seg(b, 1000, SEGF_SYN, 0)->lost);
	assert_int_equal(sim_seg(b, 1000, SEGF_SYN, 1)->t_sent, T0 + SEC(1));
	assert_int_equal(sim_seg(b, 1000, SEGF_SYN, 2)->t_sent, T0 + SEC(3));
	assert_int_equal(sim_seg(b, 1000, SEGF_SYN, 3)->t_sent, T0 + SEC(7));
	assert_false(sim_seg(b, 1000, SEGF_SYN, 3)->lost);
	assert_int_equal(sim_seg(b, 1000, SEGF_SYN, 3)->seq, 100);
	assert_null(sim_seg(b, 1000, SEGF_SYN, 4));
	assert_non_null(sim_edge(b, 1000, FSM_E07, 0));
	backend_free(b);
}

/* connect() gives up after syn-retries: SYN_SENT -> CLOSED on timeout. */
static void
test_syn_timeout(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 syn-retries=2 rto=1s\n"
	    "endpoint s 10.0.0.2:80 silent\n"
	    "at 0 c connect s\n");
	assert_int_equal(sim_count(b, 1000, SEGF_SYN), 3);
	assert_int_equal(sim_edge(b, 1000, FSM_E08, 0)->t, T0 + SEC(7));
	backend_free(b);
}

/* A SYN to a closed port: RST,ACK with ACK = SEQ + 1, client E08. */
static void
test_refused(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=4294967295\n"
	    "endpoint s 10.0.0.2:81\n"
	    "at 0 c connect s\n");
	g = sim_seg(b, 81, SEGF_RST | SEGF_ACK, 0);
	assert_non_null(g);
	assert_int_equal(g->seq, 0);
	assert_int_equal(g->ack, 0);		/* 2^32 - 1 + 1 wraps */
	assert_non_null(sim_edge(b, 1000, FSM_E08, 0));
	assert_int_equal(backend_sim_truth_count(b), 2);
	backend_free(b);
}

/* A full SYN queue throws SYNs away (marked lost), none get SYN,ACK. */
static void
test_backlog(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(HEAD
	    "endpoint s 10.0.0.2:80 backlog=2 synack-retries=0\n"
	    "endpoint a 10.0.0.5:1 silent\n"
	    "endpoint a2 10.0.0.6:2 silent\n"
	    "endpoint c 10.0.0.1:1000 syn-retries=1\n"
	    "at 0 s listen\n"
	    "at 0 a inject s flags=SYN seq=1\n"
	    "at 0 c connect s\n"
	    "at 1ms a2 inject s flags=SYN seq=7\n");
	/* c's SYN and a's fill the queue; a2's is thrown away. */
	assert_int_equal(sim_count(b, 80, SEGF_SYN | SEGF_ACK), 2);
	assert_false(sim_seg(b, 1000, SEGF_SYN, 0)->lost);
	assert_true(sim_seg(b, 2, SEGF_SYN, 0)->lost);
	/* The SYN,ACK to the spoofed address reaches no TCB. */
	assert_true(sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 0)->lost);
	backend_free(b);
}

/* A resent FIN in TIME_WAIT is ACKed again and restarts 2*MSL. */
static void
test_timewait_reack(void **state)
{
	struct backend			*b;
	const struct backend_sim_transition *tw, *end;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000\n"
	    "endpoint s 10.0.0.2:80 rto=1s\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 1s c close\n"
	    "at 2s s close\ndrop c ack 2\n");
	assert_int_equal(sim_count(b, 80, SEGF_FIN), 2);
	tw = sim_edge(b, 1000, FSM_E17, 0);
	end = sim_edge(b, 1000, FSM_E21, 0);
	assert_non_null(tw);
	assert_non_null(end);
	/* The resent FIN arrives at 3.01 s: TIME_WAIT ends at 5.01 s. */
	assert_int_equal(tw->t, T0 + SEC(2.01));
	assert_int_equal(end->t, T0 + SEC(5.01));
	assert_int_equal(sim_edge(b, 80, FSM_E20, 0)->t, T0 + SEC(3.02));
	assert_true(sim_seg(b, 1000, SEGF_ACK, 1)->lost);
	backend_free(b);
}

/* autoclose: ACK and FIN in one segment, FIN_WAIT_1 -> TIME_WAIT (E16). */
static void
test_e16(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000\n"
	    "endpoint s 10.0.0.2:80 autoclose\n"
	    "at 0 s listen\nat 0 c connect s\nat 1s c close\n");
	assert_int_equal(sim_count(b, 80, SEGF_FIN | SEGF_ACK), 1);
	assert_non_null(sim_edge(b, 1000, FSM_E16, 0));
	assert_null(sim_edge(b, 1000, FSM_E14, 0));
	assert_non_null(sim_edge(b, 80, FSM_E19, 0));
	backend_free(b);
}

/* Data is cut at the MSS and every byte is acknowledged. */
static void
test_data_mss(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=0 mss=500\n"
	    "endpoint s 10.0.0.2:80 mss=1000 delack=100ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 1s c send 1200\n");
	assert_int_equal(sim_seg(b, 1000, SEGF_ACK, 1)->payload_len, 500);
	g = sim_seg(b, 1000, SEGF_ACK | SEGF_PSH, 0);
	assert_non_null(g);
	assert_int_equal(g->payload_len, 200);
	assert_int_equal(g->seq, 1001);
	/* Delayed ACK: one ACK after two segments, one after the timer. */
	assert_int_equal(sim_seg(b, 80, SEGF_ACK, 0)->ack, 1001);
	assert_int_equal(sim_seg(b, 80, SEGF_ACK, 1)->ack, 1201);
	assert_int_equal(sim_seg(b, 80, SEGF_ACK, 1)->t_sent -
	    sim_seg(b, 1000, SEGF_ACK | SEGF_PSH, 0)->t_recv, SEC(0.1));
	backend_free(b);
}

/* IPv4 and TCP checksums of a written frame verify to zero. */
static void
test_pcap_checksum(void **state)
{
	struct event_segment	 g;
	uint8_t			 buf[PCAPWRITE_MAX_FRAME];
	uint32_t		 sum = 0;
	size_t			 n, i;

	(void)state;
	memset(&g, 0, sizeof g);
	g.src.family = g.dst.family = EVENT_AF_INET;
	memcpy(g.src.addr, "\x0a\x00\x00\x01", 4);
	memcpy(g.dst.addr, "\x0a\x00\x00\x02", 4);
	g.src.port = 1000;
	g.dst.port = 80;
	g.seq = 0xfffffff0;
	g.ack = 7;
	g.flags = SEGF_ACK | SEGF_PSH;
	g.window = 512;
	g.payload_len = 33;
	n = pcapwrite_frame(buf, sizeof buf, &g, 9);
	assert_int_equal(n, 20 + 20 + 33);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	/* TCP: pseudo-header plus segment sums to all ones. */
	sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + (uint32_t)(n - 20);
	for (i = 20; i + 1 < n; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	if ((n - 20) & 1)
		sum += (uint32_t)buf[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	assert_int_equal(pcapwrite_frame(buf, 10, &g, 9), 0);
}

/* One comparable line for a transition. */
static char *
sim_line(int64_t t, const struct event_endpoint *ep, int from, int to,
    int edge)
{
	char	ts[EVENT_TIME_STRLEN], a[EVENT_ADDR_STRLEN], *s;

	xasprintf(&s, "%s %s %s -> %s %s", event_time_format(ts, sizeof ts, t),
	    event_endpoint_format(a, sizeof a, ep),
	    fsm_state_name((enum fsm_state)from),
	    fsm_state_name((enum fsm_state)to),
	    fsm_edge_id((enum fsm_edge)edge) != NULL ?
	    fsm_edge_id((enum fsm_edge)edge) : "-");
	return s;
}

static int
sim_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Is this a spoofed (silent) scenario address? Nothing there has a TCB,
 * but a capture sees its SYNs leave like anyone's.
 */
static bool
sim_silent(const struct backend *b, const struct event_endpoint *ep)
{
	const struct scenario	*sc = backend_sim_scenario(b);
	size_t			 i;

	for (i = 0; i < sc->nendpoints; i++) {
		if (sc->endpoints[i].silent &&
		    event_endpoint_eq(&sc->endpoints[i].addr, ep))
			return true;
	}
	return false;
}

/*
 * Run one shipped scenario through the engine and compare its transitions
 * with the simulator's own. Returns the number of differences (printed).
 */
static int
sim_compare(const char *path)
{
	struct scenario			*sc;
	struct backend			*b;
	struct engine			*e;
	struct engine_config		 cfg;
	struct engine_transition	 tr;
	struct event_segment		 seg;
	const struct backend_sim_transition *st;
	char				*err, **want = NULL, **got = NULL;
	size_t				 nw = 0, ng = 0, i, j;
	int				 diff = 0, c;
	enum backend_next		 r;

	sc = scenario_load(path, &err);
	if (sc == NULL)
		fail_msg("%s", err);
	b = backend_sim_open(sc, false, 0);
	assert_int_equal(backend_sim_warnings(b), 0);
	engine_config_default(&cfg);
	cfg.msl_ns = backend_sim_msl(b);
	cfg.output = true;
	e = engine_new(&cfg);
	while ((r = backend_next(b, &seg)) != BACKEND_END) {
		if (r == BACKEND_SEGMENT)
			engine_feed(e, &seg);
		else
			(void)engine_feed_app(e, &b->app);
	}
	engine_finish(e);
	nw = backend_sim_truth_count(b);
	want = xcalloc(nw + 1, sizeof *want);
	for (i = 0; i < nw; i++) {
		st = backend_sim_truth_at(b, i);
		want[i] = sim_line(st->t, &st->local, st->from, st->to,
		    st->edge);
	}
	while (engine_next(e, &tr)) {
		/* Spoofed addresses have no TCB; every other end counts. */
		if (sim_silent(b, &tr.endpoint))
			continue;
		got = xreallocarray(got, ng + 1, sizeof *got);
		got[ng++] = sim_line(tr.t, &tr.endpoint, tr.from, tr.to,
		    tr.edge);
	}
	qsort(want, nw, sizeof *want, sim_str_cmp);
	if (ng > 0)
		qsort(got, ng, sizeof *got, sim_str_cmp);
	for (i = j = 0; i < nw || j < ng;) {
		c = i == nw ? 1 : j == ng ? -1 : strcmp(want[i], got[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (diff++ == 0)
			printf("# %s: simulator (-) and engine (+) differ\n",
			    sc->name);
		if (c < 0)
			printf("#  - %s\n", want[i++]);
		else
			printf("#  + %s\n", got[j++]);
	}
	for (i = 0; i < nw; i++)
		free(want[i]);
	for (i = 0; i < ng; i++)
		free(got[i]);
	free(want);
	free(got);
	engine_free(e);
	backend_free(b);
	return diff;
}

/* Every shipped scenario: the engine infers exactly the simulated states. */
static void
test_truth_matches_engine(void **state)
{
	char	**paths;
	size_t	 n, i;
	int	 bad = 0;

	(void)state;
	n = scenario_list(&paths);
	assert_true(n >= 18);
	for (i = 0; i < n; i++)
		bad += sim_compare(paths[i]) != 0;
	scenario_list_free(paths, n);
	if (bad > 0)
		fail_msg("%d scenario(s) where the engine disagrees with the "
		    "simulator", bad);
}

/* Same file and seed: the same items; another seed may differ. */
static void
test_deterministic(void **state)
{
	char				**paths;
	struct scenario			*s1, *s2;
	struct backend			*b1, *b2;
	const struct backend_sim_item	*x, *y;
	char				*err;
	size_t				 n, i, k;

	(void)state;
	n = scenario_list(&paths);
	for (i = 0; i < n; i++) {
		s1 = scenario_load(paths[i], &err);
		s2 = scenario_load(paths[i], &err);
		assert_non_null(s1);
		assert_non_null(s2);
		b1 = backend_sim_open(s1, false, 0);
		b2 = backend_sim_open(s2, false, 0);
		assert_int_equal(backend_sim_item_count(b1),
		    backend_sim_item_count(b2));
		for (k = 0; k < backend_sim_item_count(b1); k++) {
			x = backend_sim_item_at(b1, k);
			y = backend_sim_item_at(b2, k);
			assert_int_equal(x->is_app, y->is_app);
			assert_int_equal(x->seg.t_sent, y->seg.t_sent);
			assert_int_equal(x->seg.t_recv, y->seg.t_recv);
			assert_int_equal(x->seg.seq, y->seg.seq);
			assert_int_equal(x->seg.ack, y->seg.ack);
			assert_int_equal(x->seg.flags, y->seg.flags);
			assert_int_equal(x->seg.lost, y->seg.lost);
			assert_int_equal(x->app.event, y->app.event);
			/* Items leave in send-time order. */
			if (k > 0 && !x->is_app &&
			    !backend_sim_item_at(b1, k - 1)->is_app)
				assert_true(backend_sim_item_at(b1,
				    k - 1)->seg.t_sent <= x->seg.t_sent);
		}
		backend_free(b1);
		backend_free(b2);
	}
	scenario_list_free(paths, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake),
		cmocka_unit_test(test_syn_backoff),
		cmocka_unit_test(test_syn_timeout),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_backlog),
		cmocka_unit_test(test_timewait_reack),
		cmocka_unit_test(test_e16),
		cmocka_unit_test(test_data_mss),
		cmocka_unit_test(test_pcap_checksum),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_truth_matches_engine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
