/*
 * test-sim.c: the simulator backend and the pcap writer. Small scenarios
 * written inline check the RFC behaviour (backoff, RST to a closed port,
 * the SYN queue, TIME_WAIT re-ACK, a SYN into TIME_WAIT, E16); every
 * shipped scenario is run twice (same bytes) and its simulated states are
 * compared with what the engine infers from the same segments and
 * application calls, and with what it infers from the scenario as a
 * capture taken at the client, at the server and in the middle of each
 * connection's path.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

/*
 * Keep-alive (RFC 9293 3.8.4, Linux tcp_keepalive_timer): after the idle
 * time a probe with SEG.SEQ = SND.NXT - 1 and no data; an alive peer ACKs
 * it and nothing changes state.
 */
static void
test_keepalive_answered(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100 keepalive=2s,1s,2\n"
	    "endpoint s 10.0.0.2:80 isn=500\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 0.1s c send 10\n"
	    "end 7s\n");
	/* The ACK of the data reached the client at 0.12 s: probes at 2.12,
	 * (answered at 2.14) 4.14, 6.16. */
	g = sim_seg(b, 1000, SEGF_ACK, 1);
	assert_non_null(g);
	assert_int_equal(g->t_sent, T0 + SEC(2.12));
	assert_int_equal(g->seq, 110);		/* SND.NXT 111 - 1 */
	assert_int_equal(g->payload_len, 0);
	assert_false(g->lost);
	assert_int_equal(sim_seg(b, 80, SEGF_ACK, 1)->t_sent, T0 + SEC(2.13));
	assert_int_equal(sim_seg(b, 1000, SEGF_ACK, 2)->t_sent,
	    T0 + SEC(4.14));
	assert_int_equal(sim_seg(b, 1000, SEGF_ACK, 3)->t_sent,
	    T0 + SEC(6.16));
	/* Answered: never given up, no RST, no state change after E07. */
	assert_int_equal(sim_count(b, 1000, SEGF_RST), 0);
	assert_null(sim_edge(b, 1000, FSM_E22, 0));
	assert_int_equal(backend_sim_truth_count(b), 5);
	assert_int_equal(backend_sim_warnings(b), 0);
	backend_free(b);
}

/*
 * A peer that vanished answers nothing: COUNT probes INTERVAL apart, then
 * one more INTERVAL and a RST,ACK at SND.NXT (E22). Its own TCB is kept
 * (ESTABLISHED) until it returns and its data meets the other host's RST.
 */
static void
test_keepalive_giveup(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100 keepalive=1s,1s,3\n"
	    "endpoint s 10.0.0.2:80 isn=500\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 0.5s s vanish\n"
	    "at 9s s return\nat 10s s send 4\n");
	/* Idle from E07 at 0.02 s: probes at 1.02, 2.02, 3.02. */
	/* the handshake ACK, three probes, the RST,ACK */
	assert_int_equal(sim_count(b, 1000, SEGF_ACK), 5);
	g = sim_seg(b, 1000, SEGF_ACK, 3);
	assert_int_equal(g->t_sent, T0 + SEC(3.02));
	assert_int_equal(g->seq, 100);
	assert_true(g->lost);
	g = sim_seg(b, 1000, SEGF_RST | SEGF_ACK, 0);
	assert_non_null(g);
	assert_int_equal(g->t_sent, T0 + SEC(4.02));
	assert_int_equal(g->seq, 101);
	assert_true(g->lost);
	assert_int_equal(sim_edge(b, 1000, FSM_E22, 0)->t, T0 + SEC(4.02));
	/* The server learns at 10.01 s from the client host's bare RST. */
	g = sim_seg(b, 1000, SEGF_RST, 0);
	assert_non_null(g);
	assert_int_equal(g->t_sent, T0 + SEC(10.01));
	assert_false(g->lost);
	assert_int_equal(sim_edge(b, 80, FSM_E22, 0)->t, T0 + SEC(10.02));
	backend_free(b);
}

/*
 * reboot: every TCB of the host is lost with no segment (E22; the
 * listener's CLOSE), and the host answers again: the peer's next segment
 * meets a RST with SEQ = its ACK (RFC 9293 3.10.7.1), E22 at the peer.
 */
static void
test_reboot(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100\n"
	    "endpoint s 10.0.0.2:80 isn=500\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 1s s vanish\n"
	    "at 1.5s c send 5\nat 2s s reboot\nat 3s c send 7\n");
	/* The data at 1.5 s is lost to the vanished host and resent. */
	assert_true(sim_seg(b, 1000, SEGF_ACK | SEGF_PSH, 0)->lost);
	assert_int_equal(sim_edge(b, 80, FSM_E22, 0)->t, T0 + SEC(2));
	assert_int_equal(sim_count(b, 80, SEGF_RST), 1);
	g = sim_seg(b, 80, SEGF_RST, 0);
	assert_non_null(g);
	/* The retransmission at 2.5 s (RTO 1 s) finds no TCB. */
	assert_int_equal(g->t_sent, T0 + SEC(2.51));
	assert_int_equal(g->seq, 501);
	assert_int_equal(sim_edge(b, 1000, FSM_E22, 0)->t, T0 + SEC(2.52));
	/* The send at 3 s has no TCB left to act on. */
	assert_int_equal(backend_sim_warnings(b), 1);
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

/*
 * The accept queue (accept-queue=N): a third ACK that finds it full is
 * thrown away, the child stays in SYN_RCVD and resends its SYN,ACK, the
 * client (ESTABLISHED) ACKs that again; after accept() that ACK makes
 * E09. A SYN while the queue is full is dropped. With abort-on-overflow
 * the third ACK gets a RST (SEQ K+1, no ACK): E22 at both ends.
 */
static void
test_accept_queue(void **state)
{
	static const char *const fmt = HEAD
	    "endpoint s 10.0.0.2:80 isn=500 accept-queue=1 rto=1s%s\n"
	    "endpoint c1 10.0.0.1:1001 isn=100\n"
	    "endpoint c2 10.0.0.1:1002 isn=200\n"
	    "endpoint c3 10.0.0.1:1003 isn=300 syn-retries=0\n"
	    "at 0 s listen\n"
	    "at 0 c1 connect s\n"
	    "at 1ms c2 connect s\n"
	    "at 2s c3 connect s\n"
	    "at 2.5s s accept\n";
	const struct backend_sim_transition	*tr;
	const struct event_segment		*g;
	struct backend				*b;
	char					*text;

	(void)state;
	xasprintf(&text, fmt, "");
	b = sim_text(text);
	free(text);
	/* c2's ACK found c1 in the queue: thrown away at the server. */
	assert_true(sim_seg(b, 1002, SEGF_ACK, 0)->lost);
	assert_non_null(tr = sim_edge(b, 1002, FSM_E07, 0));
	assert_true(tr->t < T0 + SEC(0.1));
	/* c3's SYN came while the queue was still full. */
	assert_true(sim_seg(b, 1003, SEGF_SYN, 0)->lost);
	/* SYN,ACKs to c2 at 0.011, 1.011 (ACK dropped again), 3.011. */
	assert_int_equal(sim_count(b, 80, SEGF_SYN | SEGF_ACK), 4);
	assert_true(sim_seg(b, 1002, SEGF_ACK, 1)->lost);
	assert_false(sim_seg(b, 1002, SEGF_ACK, 2)->lost);
	assert_non_null(tr = sim_edge(b, 80, FSM_E09, 1));
	assert_true(tr->t > T0 + SEC(3) && tr->t < T0 + SEC(3.1));
	assert_null(sim_edge(b, 80, FSM_E22, 0));
	backend_free(b);

	xasprintf(&text, fmt, " abort-on-overflow");
	b = sim_text(text);
	free(text);
	assert_non_null(g = sim_seg(b, 80, SEGF_RST, 0));
	assert_int_equal(g->seq, 100000 + 500 + 1);
	assert_false(g->lost);
	assert_non_null(sim_edge(b, 80, FSM_E22, 0));
	assert_non_null(tr = sim_edge(b, 1002, FSM_E22, 0));
	assert_true(tr->t < T0 + SEC(0.1));
	/* No SYN,ACK is resent: the request is gone. */
	assert_int_equal(sim_count(b, 80, SEGF_SYN | SEGF_ACK), 2);
	assert_null(sim_edge(b, 80, FSM_E09, 1));
	backend_free(b);
}

/*
 * FIN_WAIT_2: shutdown() keeps it (RFC 9293: no timer); close() makes an
 * orphan that fin-timeout deletes (E22, nothing sent), counted from E14,
 * or from a close() after the shutdown().
 */
static void
test_fin_timeout(void **state)
{
	static const char *const tail[] = {
		"at 1s c shutdown\n",
		"at 1s c close\n",
		"at 1s c shutdown\nat 3s c close\n",
	};
	static const double gone[] = { -1, 2.02, 4 };
	struct backend	*b;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof tail / sizeof tail[0]; i++) {
		xasprintf(&text, "%s%s%s", HEAD,
		    "endpoint c 10.0.0.1:1000 fin-timeout=1s\n"
		    "endpoint s 10.0.0.2:80\n"
		    "channel all latency=10ms\n"
		    "at 0 s listen\nat 0 c connect s\n", tail[i]);
		b = sim_text(text);
		free(text);
		assert_int_equal(sim_edge(b, 1000, FSM_E14, 0)->t,
		    T0 + SEC(1.02));
		if (gone[i] < 0)
			assert_null(sim_edge(b, 1000, FSM_E22, 0));
		else
			assert_int_equal(sim_edge(b, 1000, FSM_E22, 0)->t,
			    T0 + SEC(gone[i]));
		/* Nothing leaves the client after the ACK of its FIN. */
		assert_int_equal(sim_count(b, 1000, SEGF_RST), 0);
		assert_int_equal(backend_sim_warnings(b), 0);
		backend_free(b);
	}
}

/*
 * A repeated SYN in SYN_RCVD is answered at once and restarts the SYN,ACK
 * timer at its current backoff (Linux tcp_check_req); the retries count
 * only the timer's, so the half-open connection goes 4 s after the last.
 */
static void
test_synack_rearm(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 rto=1.5s syn-retries=1\n"
	    "endpoint s 10.0.0.2:80 rto=1s synack-retries=2\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\n"
	    "drop s synack 1\ndrop s synack 2\ndrop s synack 3\n"
	    "drop s synack 4\n");
	assert_int_equal(sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 1)->t_sent,
	    T0 + SEC(1.01));
	assert_int_equal(sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 2)->t_sent,
	    T0 + SEC(1.51));
	assert_int_equal(sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 3)->t_sent,
	    T0 + SEC(3.51));
	assert_null(sim_seg(b, 80, SEGF_SYN | SEGF_ACK, 4));
	assert_int_equal(sim_edge(b, 80, FSM_E22, 0)->t, T0 + SEC(7.51));
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

/* The n-th segment from port sport with flags sent at time t, or NULL. */
static const struct event_segment *
sim_seg_at(const struct backend *b, uint16_t sport, uint16_t flags,
    int64_t t)
{
	const struct event_segment	*g;
	int				 n;

	for (n = 0; (g = sim_seg(b, sport, flags, n)) != NULL; n++) {
		if (g->t_sent == t)
			return g;
	}
	return NULL;
}

/*
 * A SYN reaching the server's TIME_WAIT (RFC 1122 4.2.2.13, Linux
 * TCP_TW_SYN): an old one (seq J, not after RCV.NXT) gets an ACK of the
 * old connection and TIME_WAIT stays; the client's later SYN, a higher
 * ISN, ends it (E21) and the listener opens a new incarnation (E03).
 */
#define TW_NEW_SYN(listen_peer, inject) HEAD \
	"endpoint c 10.0.0.1:1000 isn=100\n" \
	"endpoint s 10.0.0.2:80 isn=500 rfc1337\n" \
	"channel all latency=10ms\n" \
	"at 0 s listen" listen_peer "\nat 1s c connect s\nat 2s s close\n" \
	"at 2.1s c close\n" inject "at 3s c connect s\n"

static void
test_timewait_new_syn(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;

	(void)state;
	b = sim_text(TW_NEW_SYN("", "at 2.5s c inject s flags=SYN seq=100\n"));
	/* TIME_WAIT from the client's FIN at 2.11 s. */
	assert_int_equal(sim_edge(b, 80, FSM_E17, 0)->t, T0 + SEC(2.11));
	g = sim_seg_at(b, 80, SEGF_ACK, T0 + SEC(2.51));
	assert_non_null(g);
	assert_int_equal(g->seq, 502);
	assert_int_equal(g->ack, 102);		/* the old RCV.NXT */
	assert_null(sim_seg_at(b, 80, SEGF_SYN | SEGF_ACK, T0 + SEC(2.51)));
	/* The client's RST to that ACK is ignored (rfc1337). */
	assert_non_null(sim_seg_at(b, 1000, SEGF_RST, T0 + SEC(2.52)));
	assert_int_equal(sim_edge(b, 80, FSM_E21, 0)->t, T0 + SEC(3.01));
	assert_null(sim_edge(b, 80, FSM_E22, 0));
	assert_int_equal(sim_edge(b, 80, FSM_E03, 1)->t, T0 + SEC(3.01));
	g = sim_seg_at(b, 80, SEGF_SYN | SEGF_ACK, T0 + SEC(3.01));
	assert_non_null(g);
	assert_int_equal(g->ack, 100101);
	assert_int_equal(backend_sim_warnings(b), 0);
	backend_free(b);

	/* No listener to take it: even a higher ISN only gets an ACK. */
	b = sim_text(TW_NEW_SYN(" c", ""));
	g = sim_seg_at(b, 80, SEGF_ACK, T0 + SEC(3.01));
	assert_non_null(g);
	assert_int_equal(g->ack, 102);
	assert_int_equal(sim_edge(b, 80, FSM_E21, 0)->t, T0 + SEC(4.11));
	assert_null(sim_edge(b, 80, FSM_E03, 1));
	backend_free(b);
}

#define TW_RST(seq) HEAD \
	"endpoint c 10.0.0.1:1000 isn=100\n" \
	"endpoint s 10.0.0.2:80 isn=500\n" \
	"channel all latency=10ms\n" \
	"at 0 s listen\nat 1s c connect s\nat 2s c close\n" \
	"at 2.1s s close\nat 2.5s s inject c flags=RST seq=" seq "\n"

/*
 * A RST into the client's TIME_WAIT (RCV.NXT 502): in the window but not
 * exact, it is dropped without the challenge ACK of RFC 5961 3.2 (as
 * Linux's TIME_WAIT does: the tw-rst lab); exact, it ends TIME_WAIT (E22,
 * without the rfc1337 setting).
 */
static void
test_timewait_rst(void **state)
{
	struct backend	*b;

	(void)state;
	b = sim_text(TW_RST("1502"));
	assert_int_equal(sim_edge(b, 1000, FSM_E17, 0)->t, T0 + SEC(2.11));
	assert_null(sim_seg_at(b, 1000, SEGF_ACK, T0 + SEC(2.51)));
	assert_null(sim_edge(b, 1000, FSM_E22, 0));
	assert_int_equal(sim_edge(b, 1000, FSM_E21, 0)->t, T0 + SEC(4.11));
	backend_free(b);
	b = sim_text(TW_RST("502"));
	assert_int_equal(sim_edge(b, 1000, FSM_E22, 0)->t, T0 + SEC(2.51));
	assert_null(sim_edge(b, 1000, FSM_E21, 0));
	backend_free(b);
}

/*
 * RFC 5961 4.2 and 3.2: an in-window SYN and an inexact RST each get a
 * challenge ACK at the server's SND.NXT/RCV.NXT and change no state; as
 * in Linux (tcp_invalid_ratelimit) a second one within 500 ms is not sent.
 * The exact RST (the abort) resets (E22).
 */
static void
test_challenge(void **state)
{
	struct backend			*b;
	const struct event_segment	*g;
	static const double		 at[] = { 0.21, 0.51, 1.21 };
	size_t				 i;

	(void)state;
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=1000\n"
	    "endpoint s 10.0.0.2:80 isn=2000\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\nat 0.2s c send 5\n"
	    "at 0.5s c inject s flags=SYN seq=6006\n"
	    "at 0.6s c inject s flags=RST seq=4006\n"
	    "at 1.2s c inject s flags=RST seq=4006\n"
	    "at 1.5s c abort\n");
	/* The ACK of the data, then the challenges at 0.51 and 1.21 s. */
	for (i = 0; i < COMPAT_NITEMS(at); i++) {
		g = sim_seg(b, 80, SEGF_ACK, (int)i);
		assert_non_null(g);
		assert_int_equal(g->t_sent, T0 + SEC(at[i]));
		assert_int_equal(g->seq, 2001);
		assert_int_equal(g->ack, 1006);
	}
	assert_null(sim_seg(b, 80, SEGF_ACK, 3));
	assert_int_equal(sim_edge(b, 80, FSM_E22, 0)->t, T0 + SEC(1.51));
	assert_null(sim_edge(b, 80, FSM_E22, 1));
	assert_int_equal(sim_edge(b, 1000, FSM_E22, 0)->t, T0 + SEC(1.5));
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
	cfg.rfc1337 = backend_sim_rfc1337(b);
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

/*
 * ---- every shipped scenario as a capture, seen from a vantage point ----
 *
 * A capture knows none of what sim_compare hands the engine: no arrival
 * times, no losses, no application calls. Each connection path (two
 * endpoints) has a client, the end that opened actively first (its first
 * CLOSED/LISTEN -> SYN_SENT in the simulator's truth; on a path no one
 * opened, e.g. a spoofed source, the sender of the first SYN), and a
 * server. A segment X->Y is captured
 *   at X's side: at t_sent, lost or not (it left X); a second copy the
 *     network made is not there yet, and an injected old duplicate or
 *     forged SYN ("inject": no TCB sends it) never passes there;
 *   at Y's side: at t_recv if it reached Y's host (not lost, or thrown
 *     away by Y itself: a full SYN queue, a spoofed address), else never;
 *   in the middle: at (t_sent + t_recv) / 2 if it was not lost in the
 *     network (a network loss is taken to happen before the middle);
 *   in the middle, losses after it ("middle-late"): at the midpoint, every
 *     segment, lost in the network or not.
 * "client" and "server" name the side per path, so the server side of a
 * server with several clients is the server's one interface for all.
 */
enum sim_vantage {
	SIM_V_CLIENT,
	SIM_V_SERVER,
	SIM_V_MIDDLE,
	SIM_V_MIDDLE_LATE,
	SIM_V_COUNT
};

static const char *const sim_vantage_name[SIM_V_COUNT] = {
	"client", "server", "middle", "middle-late"
};

/* Slack on every time comparison (rounding, one engine tick). */
#define SIM_SLACK_NS	(1 * INT64_C(1000000))

/* One connection path: its two ends and how far apart they are. */
struct sim_path {
	struct event_endpoint	client;
	struct event_endpoint	server;
	int64_t			latency;	/* one way, with jitter */
};

struct sim_paths {
	struct sim_path		*v;
	size_t			 n;
};

/* The path between two endpoints (either order), or NULL. */
static struct sim_path *
sim_path_find(const struct sim_paths *ps, const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	size_t	i;

	for (i = 0; i < ps->n; i++) {
		if ((event_endpoint_eq(&ps->v[i].client, x) &&
		    event_endpoint_eq(&ps->v[i].server, y)) ||
		    (event_endpoint_eq(&ps->v[i].client, y) &&
		    event_endpoint_eq(&ps->v[i].server, x)))
			return &ps->v[i];
	}
	return NULL;
}

/* Add the path client -> server unless one joins the two already. */
static struct sim_path *
sim_path_add(struct sim_paths *ps, const struct event_endpoint *client,
    const struct event_endpoint *server)
{
	struct sim_path	*p;

	if ((p = sim_path_find(ps, client, server)) != NULL)
		return p;
	ps->v = xreallocarray(ps->v, ps->n + 1, sizeof *ps->v);
	p = &ps->v[ps->n++];
	memset(p, 0, sizeof *p);
	p->client = *client;
	p->server = *server;
	return p;
}

/* The scenario endpoint at an address (its port, else its host), or -1. */
static int
sim_ep_index(const struct scenario *sc, const struct event_endpoint *a)
{
	size_t	i;

	for (i = 0; i < sc->nendpoints; i++) {
		if (event_endpoint_eq(&sc->endpoints[i].addr, a))
			return (int)i;
	}
	for (i = 0; i < sc->nendpoints; i++) {
		if (sc->endpoints[i].addr.family == a->family &&
		    memcmp(sc->endpoints[i].addr.addr, a->addr,
		    sizeof a->addr) == 0)
			return (int)i;
	}
	return -1;
}

/* The larger one-way latency plus jitter of a path's two channels. */
static int64_t
sim_path_latency(const struct scenario *sc, const struct sim_path *p)
{
	const struct scenario_link	*l;
	int				 c = sim_ep_index(sc, &p->client);
	int				 s = sim_ep_index(sc, &p->server);
	int64_t				 d, max = 0;
	int				 k;

	for (k = 0; k < 2; k++) {
		l = k == 0 ? scenario_link_for(sc, c, s) :
		    scenario_link_for(sc, s, c);
		d = l->latency_ns + l->jitter_ns;
		if (d > max)
			max = d;
	}
	return max;
}

/* Every path of a run, with its client and its latency. */
static void
sim_paths_make(const struct backend *b, struct sim_paths *ps)
{
	const struct backend_sim_transition	*st;
	const struct backend_sim_item		*it;
	const struct event_segment		*g;
	size_t					 i;
	int					 pass;

	ps->v = NULL;
	ps->n = 0;
	/* The end that actively opened first (E02, or E04 from LISTEN). */
	for (i = 0; i < backend_sim_truth_count(b); i++) {
		st = backend_sim_truth_at(b, i);
		if (st->to == FSM_SYN_SENT)
			(void)sim_path_add(ps, &st->local, &st->remote);
	}
	/* Else the sender of the first SYN, else of the first segment. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < backend_sim_item_count(b); i++) {
			it = backend_sim_item_at(b, i);
			g = &it->seg;
			if (it->is_app || (pass == 0 && (g->flags &
			    (SEGF_SYN | SEGF_ACK | SEGF_RST)) != SEGF_SYN))
				continue;
			(void)sim_path_add(ps, &g->src, &g->dst);
		}
	}
	for (i = 0; i < ps->n; i++)
		ps->v[i].latency = sim_path_latency(backend_sim_scenario(b),
		    &ps->v[i]);
}

/* Is an endpoint the client of its path (toward peer)? */
static bool
sim_is_client(const struct sim_paths *ps, const struct event_endpoint *ep,
    const struct event_endpoint *peer)
{
	const struct sim_path	*p = sim_path_find(ps, ep, peer);

	return p != NULL && event_endpoint_eq(&p->client, ep);
}

/* Is item i a second copy the network made of item i - 1 (dup)? */
static bool
sim_net_copy(const struct backend *b, size_t i)
{
	const struct backend_sim_item	*x, *y;

	if (i == 0)
		return false;
	x = backend_sim_item_at(b, i - 1);
	y = backend_sim_item_at(b, i);
	return !x->is_app && !y->is_app &&
	    x->seg.t_sent == y->seg.t_sent && x->seg.t_recv < y->seg.t_recv &&
	    event_endpoint_eq(&x->seg.src, &y->seg.src) &&
	    event_endpoint_eq(&x->seg.dst, &y->seg.dst) &&
	    x->seg.seq == y->seg.seq && x->seg.ack == y->seg.ack &&
	    x->seg.flags == y->seg.flags &&
	    x->seg.payload_len == y->seg.payload_len &&
	    x->seg.origin == y->seg.origin && x->retrans == y->retrans;
}

/*
 * Did no TCB send item i: an "inject" line's old duplicate (or forged
 * SYN), which appears in the network with the endpoint's address?
 */
static bool
sim_injected(const struct backend *b, size_t i)
{
	const struct scenario		*sc = backend_sim_scenario(b);
	const struct event_segment	*g = &backend_sim_item_at(b, i)->seg;
	const struct scenario_action	*a;
	size_t				 k;

	for (k = 0; k < sc->nactions; k++) {
		a = &sc->actions[k];
		if (a->call == SCENARIO_INJECT && a->line == g->origin &&
		    event_endpoint_eq(&sc->endpoints[a->ep].addr, &g->src) &&
		    event_endpoint_eq(&sc->endpoints[a->peer].addr, &g->dst) &&
		    a->flags == g->flags && a->seq == g->seq &&
		    ((a->flags & SEGF_ACK) == 0 || a->ack == g->ack) &&
		    a->bytes == g->payload_len)
			return true;
	}
	return false;
}

/* A segment's capture time at a vantage point; false: not captured. */
static bool
sim_capture_time(const struct backend *b, const struct sim_paths *ps,
    enum sim_vantage v, size_t i, int64_t *t)
{
	const struct backend_sim_item	*it = backend_sim_item_at(b, i);
	const struct event_segment	*g = &it->seg;
	bool				 from_client, reached;

	from_client = sim_is_client(ps, &g->src, &g->dst);
	reached = !g->lost || it->dropped;
	switch (v) {
	case SIM_V_CLIENT:
	case SIM_V_SERVER:
		if (from_client == (v == SIM_V_CLIENT)) {
			*t = g->t_sent;
			return !sim_net_copy(b, i) && !sim_injected(b, i);
		}
		*t = g->t_recv;
		return reached;
	case SIM_V_MIDDLE:
		*t = g->t_sent + (g->t_recv - g->t_sent) / 2;
		return reached;
	default:
		*t = g->t_sent + (g->t_recv - g->t_sent) / 2;
		return true;
	}
}

/* A captured frame before sorting: its time and its place in the run. */
struct sim_frame {
	int64_t		 t;
	size_t		 item;
};

/* Capture order: time, then the simulator's order (a stable sort). */
static int
sim_frame_cmp(const void *a, const void *b)
{
	const struct sim_frame	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* One transition to compare (from the simulator or the engine). */
struct sim_step {
	int64_t			 t;
	struct event_endpoint	 local;
	struct event_endpoint	 remote;
	int			 from;
	int			 to;
	int			 edge;
	bool			 timeless;	/* pair only, no time */
	bool			 uncertain;	/* engine: known uncertain */
};

struct sim_steps {
	struct sim_step		*v;
	size_t			 n;
};

static void
sim_steps_add(struct sim_steps *ss, int64_t t, const struct event_endpoint *l,
    const struct event_endpoint *r, int from, int to, int edge,
    bool timeless)
{
	struct sim_step	*s;

	ss->v = xreallocarray(ss->v, ss->n + 1, sizeof *ss->v);
	s = &ss->v[ss->n++];
	memset(s, 0, sizeof *s);
	s->t = t;
	s->local = *l;
	s->remote = *r;
	s->from = from;
	s->to = to;
	s->edge = edge;
	s->timeless = timeless;
}

/*
 * The simulator's truth as a capture can know it. Excluded or rewritten,
 * because no segment shows them:
 *   - CLOSED -> LISTEN: listen() is never on the wire; the engine implies
 *     LISTEN at the first SYN, so the pair is compared, not its time;
 *   - application steps that send nothing: LISTEN -> CLOSED (E05), and the
 *     CLOSED -> LISTEN before it (a listen() that nothing reached);
 *   - a fully specified listen() that SEND turned into an active open
 *     (E01 then E04): its SYN is on the wire exactly as a connect()'s, so
 *     the pair is read as CLOSED -> SYN_SENT (E02) at the SEND.
 * Timer steps stay: E21 (2*MSL of capture time) and E08 when connect()
 * gives up are what the engine infers from the capture's clock.
 */
static void
sim_truth_visible(const struct backend *b, struct sim_steps *ss)
{
	const struct backend_sim_transition	*st;
	struct sim_step				*prev;
	size_t					 i, k;

	ss->v = NULL;
	ss->n = 0;
	for (i = 0; i < backend_sim_truth_count(b); i++) {
		st = backend_sim_truth_at(b, i);
		for (prev = NULL, k = ss->n; k-- > 0;) {
			if (event_endpoint_eq(&ss->v[k].local, &st->local) &&
			    event_endpoint_eq(&ss->v[k].remote, &st->remote)) {
				prev = &ss->v[k];
				break;
			}
		}
		if (st->from == FSM_LISTEN && st->to == FSM_CLOSED &&
		    st->edge == FSM_E05) {
			if (prev != NULL && prev->from == FSM_CLOSED &&
			    prev->to == FSM_LISTEN) {
				memmove(prev, prev + 1, (size_t)(ss->v + ss->n -
				    prev - 1) * sizeof *prev);
				ss->n--;
			}
			continue;
		}
		if (st->edge == FSM_E04 && prev != NULL &&
		    prev->from == FSM_CLOSED && prev->to == FSM_LISTEN) {
			prev->t = st->t;
			prev->to = FSM_SYN_SENT;
			prev->edge = FSM_E02;
			prev->timeless = false;
			continue;
		}
		sim_steps_add(ss, st->t, &st->local, &st->remote, st->from,
		    st->to, st->edge, st->from == FSM_CLOSED &&
		    st->to == FSM_LISTEN);
	}
}

/*
 * Undetermined by the capture: what this vantage point shows does not fix
 * the simulator's time for this transition. Either the explanations that
 * need the fewest losses (and fit RFC 9293 and the retransmission timers)
 * date it differently, or they agree on a time the truth does not have
 * because the truth needs a loss (or a hold-up) that nothing on this wire
 * betrays. The comparison skips the time of such a transition only: the
 * pair must still be there, in order. With via, the fewest-loss
 * explanation goes from -> via -> to where the truth goes from -> to, and
 * the truth's step is compared as those two steps (no times); with
 * SIM_UNSEEN the capture shows nothing of the step at all (a timer that
 * sends nothing, or segments all lost before this side), so it is left
 * out of the truth for that vantage point. These
 * role is the endpoint's role on its path. Where the capture fits two
 * stories with one loss each (marked), the engine must say so: its
 * transition is known "uncertain".
 */
struct sim_undetermined {
	const char	*scenario;
	const char	*vantage;
	const char	*role;
	int		 from;
	int		 to;
	int		 via;		/* SIM_NO_VIA, or a state */
	const char	*why;
	bool		 marked;	/* two stories: must be uncertain */
};

#define SIM_NO_VIA	(-1)
/* Nothing of it passes this vantage point: the engine must not have it. */
#define SIM_UNSEEN	(-2)

/* A reboot sends nothing: no capture point dates the TCB's loss. */
#define PEER_REBOOT(vantage, who)					\
	{ "peer-reboot", vantage, "server", FSM_ESTABLISHED, FSM_CLOSED,	\
	    SIM_NO_VIA, "a reboot loses the TCB (2.5 s) and sends nothing: "	\
	    who " first sees it at the RST for the client's data (3.04 s; "	\
	    "the kernel lab peer-reboot marks it too)", false }

static const struct sim_undetermined sim_undetermined[] = {
	{ "fin-lost", "server", "client", FSM_ESTABLISHED, FSM_FIN_WAIT_1,
	    SIM_NO_VIA, "its 1st FIN (0.5 s) was lost before this side; the "
	    "one FIN seen (1.54 s) fits a close at 1.5 s with no loss",
	    false },
	{ "fin-lost", "middle", "client", FSM_ESTABLISHED, FSM_FIN_WAIT_1,
	    SIM_NO_VIA, "its 1st FIN (0.5 s) was lost before the middle; the "
	    "one FIN seen (1.52 s) fits a close at 1.5 s with no loss",
	    false },
	{ "final-ack-lost", "server", "client", FSM_FIN_WAIT_2,
	    FSM_TIME_WAIT, SIM_NO_VIA, "FIN, FIN, ACK seen here: the 1st FIN "
	    "lost before the client (TIME_WAIT at 2.54 s) or the client's ACK "
	    "of it lost before the server (at 1.54 s), one loss either way",
	    true },
	{ "final-ack-lost", "middle", "client", FSM_FIN_WAIT_2,
	    FSM_TIME_WAIT, SIM_NO_VIA, "FIN, FIN, ACK seen here: the 1st FIN "
	    "lost after the middle (TIME_WAIT at 2.54 s) or the client's ACK "
	    "of it lost before the middle (at 1.54 s), one loss either way",
	    true },
	{ "keepalive-dead-peer", "server", "client", FSM_ESTABLISHED,
	    FSM_CLOSED, SIM_NO_VIA, "its probes and its give-up RST (4.38 s) "
	    "never got past the vanished server: this side first sees the "
	    "client's host answer the server's data with a RST (6.54 s), as "
	    "in the kernel lab keepalive-giveup", false },
	{ "keepalive-dead-peer", "middle", "client", FSM_ESTABLISHED,
	    FSM_CLOSED, SIM_NO_VIA, "its probes and its give-up RST (4.38 s) "
	    "were lost before the middle: the middle first sees the RST "
	    "answering the server's data (6.56 s)", false },
	{ "old-dup-syn", "server", "client", FSM_CLOSED, FSM_SYN_SENT,
	    SIM_NO_VIA, "its SYN 1000, held 200 ms in the network, is seen "
	    "only at 0.34 s: connect() came before the RST at 0.24 s (SYN "
	    "held) or at 0.30 s (a CLOSED port reset the SYN,ACK ack=91)",
	    false },
	{ "old-dup-syn", "middle", "client", FSM_CLOSED, FSM_SYN_SENT,
	    SIM_NO_VIA, "its SYN 1000, held 200 ms in the network, is seen "
	    "at 0.22 s, after the old SYN 90: it left at 0.2 s or earlier",
	    false },
	{ "old-dup-syn", "middle-late", "client", FSM_CLOSED, FSM_SYN_SENT,
	    SIM_NO_VIA, "its SYN 1000, held 200 ms in the network, is seen "
	    "at 0.22 s, after the old SYN 90: it left at 0.2 s or earlier",
	    false },
	PEER_REBOOT("client", "the client side"),
	PEER_REBOOT("server", "even the server's own interface"),
	PEER_REBOOT("middle", "the middle"),
	PEER_REBOOT("middle-late", "the middle"),
	{ "second-close-lost", "client", "server", FSM_ESTABLISHED,
	    FSM_CLOSE_WAIT, SIM_NO_VIA, "FIN, FIN, ACK seen here: the 1st FIN "
	    "lost before the server (CLOSE_WAIT at 1.54 s) or the server's "
	    "ACK of it lost before the client (at 0.54 s), one loss either "
	    "way (the simulator sends no D-SACK that would tell)", true },
	{ "second-close-lost", "middle", "server", FSM_ESTABLISHED,
	    FSM_CLOSE_WAIT, SIM_NO_VIA, "FIN, FIN, ACK seen here: the 1st FIN "
	    "lost after the middle (CLOSE_WAIT at 1.54 s) or the server's ACK "
	    "of it lost before the middle (at 0.54 s), one loss either way",
	    true },
	{ "simopen-rst", "server", "client", FSM_SYN_RCVD, FSM_CLOSED,
	    FSM_ESTABLISHED, "b's SYN,ACK left b and a sends nothing after "
	    "its own SYN,ACK: with no loss a got it (E09) and the RST,ACK "
	    "closed it (E22); E23 needs that SYN,ACK lost after this side",
	    false },
	{ "simopen-rst", "middle-late", "client", FSM_SYN_RCVD, FSM_CLOSED,
	    FSM_ESTABLISHED, "b's SYN,ACK passed the middle and a sends "
	    "nothing after its own SYN,ACK: with no loss a got it (E09) and "
	    "the RST,ACK closed it (E22); E23 needs it lost after the middle",
	    false },
	{ "syn-lost", "server", "client", FSM_CLOSED, FSM_SYN_SENT,
	    SIM_NO_VIA, "three SYNs lost before this side: the one SYN seen "
	    "(7.14 s) fits a connect() at 7.1 s with no loss",
	    false },
	{ "syn-lost", "middle", "client", FSM_CLOSED, FSM_SYN_SENT,
	    SIM_NO_VIA, "three SYNs lost before the middle: the one SYN seen "
	    "(7.12 s) fits a connect() at 7.1 s with no loss",
	    false },
	{ "synack-lost", "client", "server", FSM_LISTEN, FSM_SYN_RCVD,
	    SIM_NO_VIA, "SYN, SYN, SYN,ACK seen here: the 1st SYN lost before "
	    "the server (SYN_RCVD at 1.14 s) or its 1st SYN,ACK lost before "
	    "the client (at 0.14 s), one loss either way", true },
	{ "synack-lost", "middle", "server", FSM_LISTEN, FSM_SYN_RCVD,
	    SIM_NO_VIA, "SYN, SYN, SYN,ACK seen here: the 1st SYN lost after "
	    "the middle (SYN_RCVD at 1.14 s) or its 1st SYN,ACK lost before "
	    "the middle (at 0.14 s), one loss either way", true },
	{ "synrcvd-close", "client", "server", FSM_SYN_RCVD, FSM_FIN_WAIT_1,
	    FSM_ESTABLISHED, "the client's ACK (0.18 s), then the server's FIN "
	    "(0.19 s) seen here: no loss either way; only the 80 ms round trip "
	    "of the handshake says the FIN left before the ACK arrived, and "
	    "path delay is not taken as evidence (capture order is)",
	    false },
	{ "third-close-lost", "client", "server", FSM_CLOSE_WAIT,
	    FSM_LAST_ACK, SIM_NO_VIA, "its 1st FIN (1 s) was lost before "
	    "this side; the one FIN seen (2.04 s) fits a close at 2 s with "
	    "no loss", false },
	{ "third-close-lost", "middle", "server", FSM_CLOSE_WAIT,
	    FSM_LAST_ACK, SIM_NO_VIA, "its 1st FIN (1 s) was lost before the "
	    "middle; the one FIN seen (2.02 s) fits a close at 2 s with no "
	    "loss", false },
	{ "third-ack-lost", "client", "server", FSM_SYN_RCVD,
	    FSM_ESTABLISHED, SIM_NO_VIA, "the client's ACK (0.18 s) left "
	    "this side and was lost after it: with no loss it reached the "
	    "server (0.22 s); the data at 0.44 s did it (as in the kernel "
	    "lab, tests/pcap/kernel/third-ack-lost.truth)", false },
	{ "third-ack-lost", "middle-late", "server", FSM_SYN_RCVD,
	    FSM_ESTABLISHED, SIM_NO_VIA, "the client's ACK passed the "
	    "middle (0.20 s) and was lost after it: with no loss it reached "
	    "the server; the data at 0.44 s did it", false },
	{ "fin-wait-2-orphan", "client", "client", FSM_FIN_WAIT_2,
	    FSM_CLOSED, SIM_NO_VIA, "tcp_fin_timeout deletes the orphan "
	    "silently (1.58 s); the RST answering the late FIN (2.04 s) "
	    "shows only that it was gone by then", false },
	{ "fin-wait-2-orphan", "server", "client", FSM_FIN_WAIT_2,
	    FSM_CLOSED, SIM_NO_VIA, "tcp_fin_timeout deletes the orphan "
	    "silently (1.58 s); the RST answering the late FIN (2.04 s) "
	    "shows only that it was gone by then", false },
	{ "fin-wait-2-orphan", "middle", "client", FSM_FIN_WAIT_2,
	    FSM_CLOSED, SIM_NO_VIA, "tcp_fin_timeout deletes the orphan "
	    "silently (1.58 s); the RST answering the late FIN (2.04 s) "
	    "shows only that it was gone by then", false },
	{ "fin-wait-2-orphan", "middle-late", "client", FSM_FIN_WAIT_2,
	    FSM_CLOSED, SIM_NO_VIA, "tcp_fin_timeout deletes the orphan "
	    "silently (1.58 s); the RST answering the late FIN (2.04 s) "
	    "shows only that it was gone by then", false },
	{ "synack-retries", "client", "client", FSM_SYN_SENT, FSM_CLOSED,
	    SIM_NO_VIA, "SYNs 1 s apart, then none: a Linux whose linear "
	    "retries give up 1 s after the last (the engine's date) or an "
	    "RFC 6298 stack 2 s after it (the simulator's)", true },
	{ "synack-retries", "server", "client", FSM_SYN_SENT, FSM_CLOSED,
	    SIM_NO_VIA, "SYNs 1 s apart, then none: 1 s (Linux) or 2 s "
	    "(RFC 6298) after the last", true },
	{ "synack-retries", "middle", "client", FSM_SYN_SENT, FSM_CLOSED,
	    SIM_NO_VIA, "SYNs 1 s apart, then none: 1 s (Linux) or 2 s "
	    "(RFC 6298) after the last", true },
	{ "synack-retries", "middle-late", "client", FSM_SYN_SENT,
	    FSM_CLOSED, SIM_NO_VIA, "SYNs 1 s apart, then none: 1 s "
	    "(Linux) or 2 s (RFC 6298) after the last", true },
	{ "synack-retries", "client", "server:40028", FSM_CLOSED, FSM_LISTEN,
	    SIM_UNSEEN, "every SYN,ACK was lost before the client: its SYNs "
	    "may as well have been lost (fewer losses)", false },
	{ "synack-retries", "client", "server:40028", FSM_LISTEN, FSM_SYN_RCVD,
	    SIM_UNSEEN, "every SYN,ACK was lost before the client", false },
	{ "synack-retries", "client", "server:40028", FSM_SYN_RCVD, FSM_CLOSED,
	    SIM_UNSEEN, "every SYN,ACK was lost before the client", false },
	{ "synack-retries", "middle", "server:40028", FSM_CLOSED, FSM_LISTEN,
	    SIM_UNSEEN, "every SYN,ACK was lost before the middle", false },
	{ "synack-retries", "middle", "server:40028", FSM_LISTEN, FSM_SYN_RCVD,
	    SIM_UNSEEN, "every SYN,ACK was lost before the middle", false },
	{ "synack-retries", "middle", "server:40028", FSM_SYN_RCVD, FSM_CLOSED,
	    SIM_UNSEEN, "every SYN,ACK was lost before the middle", false },
	{ NULL, NULL, NULL, 0, 0, SIM_NO_VIA, NULL, false }
};

#define SIM_NUNDETERMINED_MAX	(sizeof sim_undetermined / \
	sizeof sim_undetermined[0])

/*
 * Does an entry's role ("client", "server", or either with ":PORT", only
 * toward a peer on that port) cover a step of that role?
 */
static bool
sim_role_is(const char *role, bool client, const struct sim_step *s)
{
	const char	*want = client ? "client" : "server";
	size_t		 n = strlen(want);

	if (strncmp(role, want, n) != 0)
		return false;
	if (role[n] == '\0')
		return true;
	return role[n] == ':' && strtoul(role + n + 1, NULL, 10) ==
	    s->remote.port;
}

/* The table entry that covers a truth step of this run, or -1. */
static int
sim_undetermined_find(const char *scenario, enum sim_vantage v,
    bool client, const struct sim_step *s)
{
	const struct sim_undetermined	*u;
	size_t				 i;

	for (i = 0; sim_undetermined[i].scenario != NULL; i++) {
		u = &sim_undetermined[i];
		if (strcmp(u->scenario, scenario) == 0 &&
		    strcmp(u->vantage, sim_vantage_name[v]) == 0 &&
		    sim_role_is(u->role, client, s) &&
		    u->from == s->from && u->to == s->to)
			return (int)i;
	}
	return -1;
}

/*
 * How far a transition may be dated from the simulator's time: the
 * distance from the endpoint to the capture point, plus SIM_SLACK_NS. An
 * end's own interface sees its sends at t_sent and its arrivals at t_recv,
 * exactly when it acts on them: distance 0. The far end's interface is
 * one path latency away (the channel's latency plus its jitter, the larger
 * direction), the middle half that. A segment the network held back
 * beyond that (a scripted "delay", a reorder) is not distance: no capture
 * shows where it waited, so what it dates is undetermined (the table).
 */
static int64_t
sim_tolerance(const struct sim_path *p, enum sim_vantage v, bool client)
{
	int64_t	d = p != NULL ? p->latency : 0;

	switch (v) {
	case SIM_V_CLIENT:
	case SIM_V_SERVER:
		if (client == (v == SIM_V_CLIENT))
			d = 0;
		break;
	default:
		d = (d + 1) / 2;
		break;
	}
	return d + SIM_SLACK_NS;
}

/* Print one line of a (scenario, vantage) diff, with its header once. */
static void
sim_diff_line(int *diff, const char *scenario, enum sim_vantage v, char sign,
    const struct sim_step *s, const char *note)
{
	static const char *const where[SIM_V_COUNT] = {
		"at the client side", "at the server side", "in the middle",
		"in the middle, losses after it"
	};
	char	*line;

	if ((*diff)++ == 0)
		printf("# %s captured %s: simulator (-) and engine (+) "
		    "differ\n", scenario, where[v]);
	line = sim_line(s->t, &s->local, s->from, s->to, s->edge);
	printf("#  %c %s%s\n", sign, line, note != NULL ? note : "");
	free(line);
}

/* How well two matched steps agree in time: higher is closer. */
#define SIM_MATCH_WEIGHT	(INT64_C(1) << 44)

static int64_t
sim_match_weight(const struct sim_step *w, const struct sim_step *g)
{
	int64_t	off = w->timeless ? 0 : (g->t - w->t) / 1000;

	if (off < 0)
		off = -off;
	if (off > INT64_C(1) << 31)
		off = INT64_C(1) << 31;
	return SIM_MATCH_WEIGHT - off;
}

/*
 * Compare one endpoint's steps (toward one peer): the longest common
 * subsequence of (from, to) pairs, among those the one closest in time,
 * then the times of the matched steps.
 */
static void
sim_diff_end(int *diff, const char *scenario, enum sim_vantage v,
    const struct sim_paths *ps, const struct sim_step *const *wp, size_t nwp,
    const struct sim_step *const *g, size_t ng, bool *used)
{
	const struct sim_path	*p;
	struct sim_step		*w;
	int64_t			*best, tol, off, m;
	size_t			 nw = 0, i, j, cols = ng + 1;
	bool			 client, skip, eq;
	char			 note[96];
	int			 u;

	/* The truth, with the undetermined steps that go via a state split. */
	w = xcalloc(2 * nwp + 1, sizeof *w);
	for (i = 0; i < nwp; i++) {
		client = sim_is_client(ps, &wp[i]->local, &wp[i]->remote);
		w[nw] = *wp[i];
		if ((u = sim_undetermined_find(scenario, v, client, wp[i])) >=
		    0) {
			used[u] = true;
			if (sim_undetermined[u].via == SIM_UNSEEN)
				continue;
			if (sim_undetermined[u].via != SIM_NO_VIA) {
				w[nw].to = sim_undetermined[u].via;
				w[nw].edge = FSM_EDGE_NONE;
				w[nw].timeless = true;
				w[++nw] = *wp[i];
				w[nw].from = sim_undetermined[u].via;
				w[nw].edge = FSM_EDGE_NONE;
				w[nw].timeless = true;
			}
		}
		nw++;
	}
	best = xcalloc((nw + 1) * cols, sizeof *best);
	for (i = nw; i-- > 0;) {
		for (j = ng; j-- > 0;) {
			m = best[(i + 1) * cols + j];
			if (best[i * cols + j + 1] > m)
				m = best[i * cols + j + 1];
			if (w[i].from == g[j]->from && w[i].to == g[j]->to &&
			    sim_match_weight(&w[i], g[j]) +
			    best[(i + 1) * cols + j + 1] > m)
				m = sim_match_weight(&w[i], g[j]) +
				    best[(i + 1) * cols + j + 1];
			best[i * cols + j] = m;
		}
	}
	for (i = j = 0; i < nw || j < ng;) {
		eq = i < nw && j < ng && w[i].from == g[j]->from &&
		    w[i].to == g[j]->to && best[i * cols + j] ==
		    sim_match_weight(&w[i], g[j]) +
		    best[(i + 1) * cols + j + 1];
		if (eq) {
			client = sim_is_client(ps, &w[i].local, &w[i].remote);
			p = sim_path_find(ps, &w[i].local, &w[i].remote);
			tol = sim_tolerance(p, v, client);
			off = g[j]->t - w[i].t;
			skip = w[i].timeless ||
			    sim_undetermined_find(scenario, v, client,
			    &w[i]) >= 0;
			u = sim_undetermined_find(scenario, v, client, &w[i]);
			if (u >= 0 && sim_undetermined[u].marked &&
			    !g[j]->uncertain) {
				sim_diff_line(diff, scenario, v, '-', &w[i],
				    NULL);
				sim_diff_line(diff, scenario, v, '+', g[j],
				    "  [two stories fit: must be uncertain]");
			}
			if (!skip && (off > tol || off < -tol)) {
				snprintf(note, sizeof note, "  [off by %+.3f "
				    "ms, tolerance %.3f ms]", (double)off / 1e6,
				    (double)tol / 1e6);
				sim_diff_line(diff, scenario, v, '-', &w[i],
				    NULL);
				sim_diff_line(diff, scenario, v, '+', g[j],
				    note);
			}
			i++;
			j++;
		} else if (j == ng || (i < nw &&
		    best[i * cols + j] == best[(i + 1) * cols + j]))
			sim_diff_line(diff, scenario, v, '-', &w[i++], NULL);
		else
			sim_diff_line(diff, scenario, v, '+', g[j++], NULL);
	}
	free(best);
	free(w);
}

/*
 * Run one simulated scenario through the engine as a capture taken at a
 * vantage point (segments only, in capture order, as frames) and compare
 * every endpoint's transitions with the simulator's truth. Returns the
 * number of differing lines (printed).
 */
static int
sim_capture_compare(const struct backend *b, const struct sim_paths *ps,
    enum sim_vantage v, bool *used)
{
	const char			*name = backend_sim_scenario(b)->name;
	const struct backend_sim_item	*it;
	struct engine			*e;
	struct engine_config		 cfg;
	struct engine_transition	 tr;
	struct event_segment		 seg;
	struct sim_frame		*fr;
	struct sim_steps		 want, got;
	const struct sim_step		**w, **g;
	size_t				 nfr = 0, i, k, nw, ng;
	int64_t				 t, t_end = INT64_MIN;
	int				 diff = 0;

	fr = xcalloc(backend_sim_item_count(b) + 1, sizeof *fr);
	for (i = 0; i < backend_sim_item_count(b); i++) {
		it = backend_sim_item_at(b, i);
		t = it->is_app ? it->app.t : it->seg.t_recv;
		if (t > t_end)
			t_end = t;
		if (it->is_app || !sim_capture_time(b, ps, v, i, &t))
			continue;
		fr[nfr].t = t;
		fr[nfr++].item = i;
	}
	qsort(fr, nfr, sizeof *fr, sim_frame_cmp);
	engine_config_default(&cfg);
	cfg.msl_ns = backend_sim_msl(b);
	cfg.rfc1337 = backend_sim_rfc1337(b);
	cfg.output = true;
	e = engine_new(&cfg);
	for (i = 0; i < nfr; i++) {
		seg = backend_sim_item_at(b, fr[i].item)->seg;
		seg.t_sent = seg.t_recv = fr[i].t;
		seg.lost = false;
		seg.origin_kind = EVENT_ORIGIN_FRAME;
		seg.origin = i + 1;
		engine_feed(e, &seg);
	}
	/*
	 * The capture keeps running after the scenario's last event, as a
	 * live one does (nothing more comes on the wire), until the engine's
	 * settle window has passed: then the timer steps it dates from
	 * capture time (E21, E08 when connect() gives up) are out.
	 */
	engine_advance(e, t_end + cfg.settle_ns);
	engine_finish(e);
	free(fr);
	got.v = NULL;
	got.n = 0;
	while (engine_next(e, &tr)) {
		if (sim_silent(b, &tr.endpoint))
			continue;
		sim_steps_add(&got, tr.t, &tr.endpoint, &tr.peer, tr.from,
		    tr.to, tr.edge, false);
		got.v[got.n - 1].uncertain = tr.known == CONN_KNOWN_UNCERTAIN;
	}
	engine_free(e);
	sim_truth_visible(b, &want);
	/* Endpoint by endpoint (each toward its peer), in truth order. */
	w = xcalloc(want.n + 1, sizeof *w);
	g = xcalloc(got.n + 1, sizeof *g);
	for (k = 0; k < want.n + got.n; k++) {
		const struct sim_step *key = k < want.n ? &want.v[k] :
		    &got.v[k - want.n];
		bool seen = false;

		for (i = 0; i < k && !seen; i++) {
			const struct sim_step *o = i < want.n ? &want.v[i] :
			    &got.v[i - want.n];

			seen = event_endpoint_eq(&o->local, &key->local) &&
			    event_endpoint_eq(&o->remote, &key->remote);
		}
		if (seen)
			continue;
		for (nw = i = 0; i < want.n; i++) {
			if (event_endpoint_eq(&want.v[i].local, &key->local) &&
			    event_endpoint_eq(&want.v[i].remote, &key->remote))
				w[nw++] = &want.v[i];
		}
		for (ng = i = 0; i < got.n; i++) {
			if (event_endpoint_eq(&got.v[i].local, &key->local) &&
			    event_endpoint_eq(&got.v[i].remote, &key->remote))
				g[ng++] = &got.v[i];
		}
		sim_diff_end(&diff, name, v, ps, w, nw, g, ng, used);
	}
	free(w);
	free(g);
	free(want.v);
	free(got.v);
	return diff;
}

/* Is item i captured at v, at T0 + ms milliseconds (ms < 0: not at all)? */
static void
sim_assert_capture(const struct backend *b, const struct sim_paths *ps,
    enum sim_vantage v, size_t i, double ms)
{
	int64_t	t = 0;
	bool	seen;

	assert_false(backend_sim_item_at(b, i)->is_app);
	seen = sim_capture_time(b, ps, v, i, &t);
	if (ms < 0) {
		assert_false(seen);
		return;
	}
	assert_true(seen);
	assert_int_equal(t, T0 + SEC(ms / 1000));
}

/* The vantage rules: a network copy, a loss, a drop at the receiver. */
static void
test_capture_points(void **state)
{
	struct backend	*b;
	struct sim_paths ps;

	(void)state;
	/* The SYN is duplicated (copy at 16 ms), the first SYN,ACK lost. */
	b = sim_text(HEAD
	    "endpoint c 10.0.0.1:1000 isn=100\n"
	    "endpoint s 10.0.0.2:80 isn=500\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 c connect s\n"
	    "dup c syn 1\ndrop s synack 1\n");
	sim_paths_make(b, &ps);
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].client.port, 1000);
	assert_int_equal(ps.v[0].latency, SEC(0.01));
	assert_true(backend_sim_item_at(b, 3)->seg.lost);
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 1, 0);
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 2, -1);	/* the copy */
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 3, -1);	/* lost */
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 4, 26);
	sim_assert_capture(b, &ps, SIM_V_SERVER, 1, 10);
	sim_assert_capture(b, &ps, SIM_V_SERVER, 2, 16);
	sim_assert_capture(b, &ps, SIM_V_SERVER, 3, 10);
	sim_assert_capture(b, &ps, SIM_V_SERVER, 5, 36);
	sim_assert_capture(b, &ps, SIM_V_MIDDLE, 2, 8);
	sim_assert_capture(b, &ps, SIM_V_MIDDLE, 3, -1);
	sim_assert_capture(b, &ps, SIM_V_MIDDLE_LATE, 3, 15);
	free(ps.v);
	backend_free(b);
	/*
	 * A forged SYN from a spoofed address fills the queue: the server's
	 * SYN,ACK reaches that host, the real client's SYN the server's.
	 */
	b = sim_text(HEAD
	    "endpoint s 10.0.0.2:80 backlog=1 synack-retries=0\n"
	    "endpoint a 10.0.0.5:1 silent\n"
	    "endpoint c 10.0.0.1:1000 syn-retries=0\n"
	    "channel all latency=10ms\n"
	    "at 0 s listen\nat 0 a inject s flags=SYN seq=1\n"
	    "at 1ms c connect s\n");
	sim_paths_make(b, &ps);
	assert_int_equal(ps.n, 2);
	assert_true(backend_sim_item_at(b, 2)->dropped);
	assert_true(backend_sim_item_at(b, 3)->dropped);
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 0, -1);	/* forged */
	sim_assert_capture(b, &ps, SIM_V_SERVER, 0, 10);
	sim_assert_capture(b, &ps, SIM_V_MIDDLE, 0, 5);
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 2, 1);
	sim_assert_capture(b, &ps, SIM_V_SERVER, 2, 11);	/* queue full */
	sim_assert_capture(b, &ps, SIM_V_MIDDLE, 2, 6);
	sim_assert_capture(b, &ps, SIM_V_CLIENT, 3, 20);	/* spoofed */
	sim_assert_capture(b, &ps, SIM_V_SERVER, 3, 10);
	sim_assert_capture(b, &ps, SIM_V_MIDDLE, 3, 15);
	free(ps.v);
	backend_free(b);
}

/*
 * Every shipped scenario as a capture from each vantage point: where the
 * capture determines the truth, the engine infers exactly it.
 */
static void
test_capture_matches_truth(void **state)
{
	struct scenario	*sc;
	struct backend	*b;
	struct sim_paths ps;
	char		**paths, *err;
	bool		 used[SIM_NUNDETERMINED_MAX];
	size_t		 n, i;
	int		 bad = 0, v;

	(void)state;
	memset(used, 0, sizeof used);
	n = scenario_list(&paths);
	assert_true(n >= 18);
	for (i = 0; i < n; i++) {
		if ((sc = scenario_load(paths[i], &err)) == NULL)
			fail_msg("%s", err);
		b = backend_sim_open(sc, false, 0);
		sim_paths_make(b, &ps);
		for (v = 0; v < SIM_V_COUNT; v++)
			bad += sim_capture_compare(b, &ps,
			    (enum sim_vantage)v, used) != 0;
		free(ps.v);
		backend_free(b);
	}
	scenario_list_free(paths, n);
	/* An entry no truth step matches any more is stale. */
	for (i = 0; sim_undetermined[i].scenario != NULL; i++) {
		if (!used[i]) {
			printf("# undetermined entry %s/%s/%s %s -> %s matches "
			    "nothing\n", sim_undetermined[i].scenario,
			    sim_undetermined[i].vantage,
			    sim_undetermined[i].role,
			    fsm_state_name((enum fsm_state)
			    sim_undetermined[i].from),
			    fsm_state_name((enum fsm_state)
			    sim_undetermined[i].to));
			bad++;
		}
	}
	fflush(stdout);
	if (bad > 0)
		fail_msg("%d (scenario, vantage) capture(s) where the engine "
		    "disagrees with the simulator, or stale table entries",
		    bad);
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

/*
 * A FIN that overtakes the data before it (RFC 9293 3.10.7.4): the
 * simulated receiver holds it until the data arrives, whether the data
 * was lost and resent or only delayed, in ESTABLISHED or FIN_WAIT_2, and
 * the engine dates the FIN there too. want_ms: the receiver's E13/E17.
 */
static void
test_ofo_fin_variants(void **state)
{
	static const struct {
		const char	*extra;
		enum fsm_edge	 edge;
		int64_t		 want_ms;
	} v[] = {
		{ "drop client data 2\n", FSM_E13, 820 },
		/* The RTO copy (0.82 s) comes before the delayed one. */
		{ "delay client data 2 300ms\n", FSM_E13, 820 },
		{ "delay client data 2 100ms\n", FSM_E13, 720 },
		{ "drop client data 2\nat 0.4s server close\n", FSM_E17, 820 },
	};
	const struct backend_sim_transition	*st;
	struct scenario				*sc;
	struct backend				*b;
	char					 dir[] = "/tmp/tvsimXXXXXX";
	char					 path[64], *err;
	FILE					*fp;
	size_t					 i, k;
	int64_t					 t0 = -1, t = -1;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/ofo-fin.scn", dir);
	for (i = 0; i < COMPAT_NITEMS(v); i++) {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fprintf(fp, "tcpviz-scenario 1\nname ofo-fin\n"
		    "title en t\ntitle zh t\n"
		    "description en d\ndescription zh d\nmsl 1s\n"
		    "endpoint client 10.0.0.1:40039 rto=200ms\n"
		    "endpoint server 10.0.0.2:80\n"
		    "channel all latency=20ms\n"
		    "at 0 server listen\nat 0.1s client connect server\n"
		    "at 0.3s client send 100\nat 0.6s client send 200\n"
		    "at 0.6s client shutdown\n%s", v[i].extra);
		assert_int_equal(fclose(fp), 0);
		assert_int_equal(sim_compare(path), 0);
		sc = scenario_load(path, &err);
		assert_non_null(sc);
		b = backend_sim_open(sc, false, 0);
		t = -1;
		for (k = 0; k < backend_sim_truth_count(b); k++) {
			st = backend_sim_truth_at(b, k);
			if (k == 0)
				t0 = st->t - 100 * INT64_C(1000000);
			if (st->edge == (int)v[i].edge)
				t = st->t;
		}
		assert_int_equal((t - t0) / INT64_C(1000000), v[i].want_ms);
		backend_free(b);
	}
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
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
		cmocka_unit_test(test_keepalive_answered),
		cmocka_unit_test(test_keepalive_giveup),
		cmocka_unit_test(test_reboot),
		cmocka_unit_test(test_backlog),
		cmocka_unit_test(test_accept_queue),
		cmocka_unit_test(test_timewait_reack),
		cmocka_unit_test(test_fin_timeout),
		cmocka_unit_test(test_synack_rearm),
		cmocka_unit_test(test_e16),
		cmocka_unit_test(test_challenge),
		cmocka_unit_test(test_data_mss),
		cmocka_unit_test(test_timewait_new_syn),
		cmocka_unit_test(test_timewait_rst),
		cmocka_unit_test(test_pcap_checksum),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_truth_matches_engine),
		cmocka_unit_test(test_ofo_fin_variants),
		cmocka_unit_test(test_capture_points),
		cmocka_unit_test(test_capture_matches_truth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
