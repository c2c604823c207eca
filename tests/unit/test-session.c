/*
 * test-session.c: the model behind the interactive view (session.c) at
 * scale. A backend made in memory starts tens of thousands of connections
 * in batches (more than the engine's first pool, and more than
 * --max-conns in some runs, so the pool grows by realloc and evicted slots
 * are reused) while a seeded sequence of the keys' operations runs
 * between pumps and a frame is drawn on the text canvas after each. The
 * invariants: the list's selection is a connection the engine has (or the
 * list is empty), the timeline is the selected connection's, and the
 * player counts the timeline's rows. Under the sanitizers any pointer kept
 * across a pump shows up as a use after free.
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

#include "backend.h"
#include "backend-sim.h"
#include "canvas.h"
#include "conn.h"
#include "engine.h"
#include "scenario.h"
#include "communityid.h"
#include "session.h"
#include "view.h"

/*
 * The soak backend: a backend that makes connections from memory, in batches:
 * each batch starts new connections (SYN, SYN-ACK, ACK), sends data on
 * and closes some older ones, then reports BACKEND_AGAIN once.
 */
struct soakgen {
	uint32_t	 total;		/* connections to start */
	uint32_t	 per_batch;
	uint32_t	 started;
	uint32_t	 in_batch;
	uint64_t	 rng;
	int64_t		 t;
	uint64_t	 frame;
	struct event_segment q[4];
	int		 nq, iq;
	bool		 again;
};

static uint32_t
soakgen_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

static struct event_endpoint
soakgen_client(uint32_t i)
{
	struct event_endpoint	ep;

	memset(&ep, 0, sizeof ep);
	ep.family = EVENT_AF_INET;
	ep.addr[0] = 10;
	ep.addr[1] = (uint8_t)(1 + (i >> 16));
	ep.addr[2] = (uint8_t)(i >> 8);
	ep.addr[3] = (uint8_t)i;
	ep.port = (uint16_t)(20000 + i % 40000);
	return ep;
}

static struct event_endpoint
soakgen_server(uint32_t i)
{
	struct event_endpoint	ep;

	memset(&ep, 0, sizeof ep);
	ep.family = EVENT_AF_INET;
	ep.addr[0] = 10;
	ep.addr[1] = 200;
	ep.addr[3] = (uint8_t)(1 + i % 7);
	ep.port = 80;
	return ep;
}

static void
soakgen_push(struct soakgen *g, uint32_t i, int dir, uint16_t flags,
    uint32_t seq, uint32_t ack, uint32_t len)
{
	struct event_segment	*s = &g->q[g->nq++];

	memset(s, 0, sizeof *s);
	g->t += 1000;	/* 1 us */
	s->t_sent = s->t_recv = g->t;
	s->src = dir == 0 ? soakgen_client(i) : soakgen_server(i);
	s->dst = dir == 0 ? soakgen_server(i) : soakgen_client(i);
	s->flags = flags;
	s->seq = seq;
	s->ack = ack;
	s->payload_len = len;
	s->window = 65535;
	s->origin_kind = EVENT_ORIGIN_FRAME;
	s->origin = ++g->frame;
}

/* Queue the next few segments: a new connection or traffic on an old. */
static void
soakgen_fill(struct soakgen *g)
{
	uint32_t	i, r = soakgen_rand(&g->rng);

	g->nq = g->iq = 0;
	if (g->started > 0 && r % 4 == 0) {
		/* An older connection: data, or its close. */
		i = soakgen_rand(&g->rng) % g->started;
		if (r % 16 == 0) {
			soakgen_push(g, i, 0, SEGF_FIN | SEGF_ACK, 1101, 5001, 0);
			soakgen_push(g, i, 1, SEGF_FIN | SEGF_ACK, 5001, 1102, 0);
			soakgen_push(g, i, 0, SEGF_ACK, 1102, 5002, 0);
		} else {
			soakgen_push(g, i, 0, SEGF_ACK | SEGF_PSH, 1001, 5001,
			    100);
			soakgen_push(g, i, 1, SEGF_ACK, 5001, 1101, 0);
		}
		return;
	}
	i = g->started++;
	soakgen_push(g, i, 0, SEGF_SYN, 1000, 0, 0);
	soakgen_push(g, i, 1, SEGF_SYN | SEGF_ACK, 5000, 1001, 0);
	soakgen_push(g, i, 0, SEGF_ACK, 1001, 5001, 0);
	g->in_batch++;
}

static enum backend_next
soakgen_next(struct backend *b, struct event_segment *seg)
{
	struct soakgen	*g = b->priv;

	if (g->iq < g->nq) {
		*seg = g->q[g->iq++];
		return BACKEND_SEGMENT;
	}
	if (g->again) {
		g->again = false;
		return BACKEND_AGAIN;
	}
	if (g->in_batch >= g->per_batch) {
		g->in_batch = 0;
		g->again = true;	/* the next call after this one */
		return BACKEND_AGAIN;
	}
	if (g->started >= g->total)
		return BACKEND_END;
	soakgen_fill(g);
	*seg = g->q[g->iq++];
	return BACKEND_SEGMENT;
}

static int
soakgen_fd(struct backend *b)
{
	(void)b;
	return -1;
}

static void
soakgen_free(struct backend *b)
{
	(void)b;
}

static const struct backend_class soakgen_class = {
	.name = "soak",
	.next = soakgen_next,
	.fd = soakgen_fd,
	.free = soakgen_free,
};

static void
soakgen_init(struct backend *b, struct soakgen *g, uint32_t total,
    uint32_t per_batch, uint64_t seed)
{
	memset(b, 0, sizeof *b);
	memset(g, 0, sizeof *g);
	g->total = total;
	g->per_batch = per_batch;
	g->rng = seed | 1;
	g->t = INT64_C(1700000000) * COMPAT_NS_PER_SEC;
	b->cls = &soakgen_class;
	b->priv = g;
}

/* The model is consistent with the engine (the ownership rules hold). */
static void
soak_check(struct session *s)
{
	const struct conn	*c;

	if (s->conns.count == 0)
		assert_int_equal(s->conns.sel_id, 0);
	else {
		assert_true(s->conns.selected < s->conns.count);
		assert_int_equal(s->conns.list[s->conns.selected].c->id,
		    s->conns.sel_id);
		assert_non_null(engine_conn_by_id(s->e, s->conns.sel_id));
	}
	assert_int_equal(s->player.count, s->tl.count);
	if (s->tl.conn != NULL) {
		c = engine_conn_by_id(s->e, s->sel_id);
		assert_non_null(c);
		/* A file's timeline is its connection read again (reread.h). */
		if (s->rr == NULL)
			assert_ptr_equal(c, s->tl.conn);
		assert_non_null(s->ctx.tl);
	} else
		assert_int_equal(s->tl.count, 0);
	assert_true(s->tl.count == 0 || s->player.pos < s->tl.count);
}

/* One seeded run: batches in, operations and a frame between them. */
static void
soak(enum session_source src, size_t max_conns, uint32_t total,
    uint64_t seed)
{
	static const char *const filters[] = {
		"established", "", "10.1.3", "fin-wait-2", "", "time_wait",
	};
	struct session_config	 cfg;
	struct backend		 b;
	struct soakgen		 g;
	struct session		 s;
	struct canvas		*c;
	uint64_t		 rng = seed;
	uint32_t		 r;
	size_t			 pumps = 0;
	int			 n;

	memset(&cfg, 0, sizeof cfg);
	cfg.source = src;
	cfg.name = "soak";
	cfg.max_conns = max_conns;
	cfg.max_history = 64;
	if (src == SESSION_LIVE)
		cfg.linger_ns = COMPAT_NS_PER_SEC / 100;
	soakgen_init(&b, &g, total, 1000, seed);
	c = canvas_text_new(120, 40, true);
	session_init(&s, &cfg, &b);
	session_refresh(&s);
	while (!s.ended) {
		session_pump(&s, 4096, INT64_MAX);
		pumps++;
		/* As the UI does: a pump, then a frame (it refreshes). */
		session_frame(&s, !s.ended);
		soak_check(&s);
		for (n = 0; n < 8; n++) {
			r = soakgen_rand(&rng);
			switch (r % 16) {
			case 0:
				session_sort_cycle(&s);
				break;
			case 1:
				session_set_filter(&s, filters[(r >> 4) %
				    (sizeof filters / sizeof filters[0])]);
				break;
			case 2:
			case 3:
				session_open_selected(&s);
				break;
			case 4:
				session_conns_move(&s, (int)((r >> 4) % 64) -
				    32);
				break;
			case 5:
				session_conns_select(&s, (r >> 4) % 5000);
				break;
			case 6:
				session_step(&s, (r >> 4) % 2 ? 1 : -1);
				break;
			case 7:
				session_next_change(&s, (r >> 4) % 2 ? 1 : -1);
				break;
			case 8:
				session_next_anomaly(&s, (r >> 4) % 2 ? 1 : -1);
				break;
			case 9:
				session_follow(&s);
				break;
			case 10:
				session_freeze(&s);
				break;
			case 11:
				session_end(&s);
				break;
			case 12:
				session_start(&s);
				break;
			case 13:
				session_jump_state(&s, (int)((r >> 4) %
				    FSM_STATE_COUNT));
				break;
			case 14:
				session_seek(&s, (r >> 4) % 8);
				break;
			default:
				s.ctx.focus = (enum view_focus)((r >> 4) % 3);
				break;
			}
			soak_check(&s);
		}
		session_frame(&s, !s.ended);
		session_draw(&s, c);
		soak_check(&s);
	}
	assert_int_equal(g.started, total);
	assert_true(pumps > total / 1000);
	if (max_conns > 0) {
		assert_true(engine_stats(s.e)->evicted > 0);
		assert_true(s.nall <= max_conns);
	} else
		assert_int_equal(s.nall, total);
	canvas_free(c);
	session_free(&s);
}

/* 30,000 connections from a file: the pool grows far past 4,096. */
static void
test_soak_file(void **state)
{
	(void)state;
	soak(SESSION_FILE, 0, 30000, 1);
}

/* Live, with --max-conns 5000: the engine evicts and reuses slots. */
static void
test_soak_live_evicting(void **state)
{
	(void)state;
	soak(SESSION_LIVE, 5000, 30000, 2);
}

/* A small table that turns over often. */
static void
test_soak_file_evicting(void **state)
{
	(void)state;
	soak(SESSION_FILE, 700, 12000, 3);
}

/* engine_conn_by_id: every live id found, evicted ones gone. */
static void
test_conn_by_id(void **state)
{
	struct engine_config	 ec;
	struct engine		*e;
	struct backend		 b;
	struct soakgen		 g;
	struct event_segment	 seg;
	const struct conn	*c;
	size_t			 i, live = 0, found = 0;
	uint32_t		 id, ids;

	(void)state;
	engine_config_default(&ec);
	ec.max_conns = 1000;
	e = engine_new(&ec);
	soakgen_init(&b, &g, 5000, 100000, 7);
	while (soakgen_next(&b, &seg) != BACKEND_END)
		engine_feed(e, &seg);
	for (i = 0; i < engine_conn_count(e); i++) {
		if ((c = engine_conn_at(e, i)) == NULL)
			continue;
		live++;
		assert_ptr_equal(engine_conn_by_id(e, c->id), c);
	}
	assert_int_equal(live, 1000);
	/* Traffic on an evicted one starts a new instance: more ids. */
	ids = (uint32_t)engine_stats(e)->instances;
	assert_true(ids > 5000);
	for (id = 1; id <= ids + 10; id++) {
		if ((c = engine_conn_by_id(e, id)) == NULL)
			continue;
		assert_int_equal(c->id, id);
		found++;
	}
	assert_int_equal(found, live);
	assert_null(engine_conn_by_id(e, 0));
	assert_null(engine_conn_by_id(e, 1));
	engine_free(e);
}

/* A demo's session over a shipped scenario, read to the end. */
static void
demo_open(struct session *m, struct backend **bp, const char *name,
    int64_t autoplay_ns, bool loop)
{
	struct session_config	 cfg;
	struct scenario		*sc;
	char			*path, *err = NULL;

	path = scenario_resolve(name, &err);
	if (path == NULL)
		fail_msg("%s", err);
	if ((sc = scenario_load(path, &err)) == NULL)
		fail_msg("%s", err);
	free(path);
	*bp = backend_sim_open(sc, false, 0);
	memset(&cfg, 0, sizeof cfg);
	cfg.source = SESSION_DEMO;
	cfg.name = name;
	cfg.scenario = backend_sim_scenario(*bp);
	cfg.msl_ns = backend_sim_msl(*bp);
	cfg.rfc1337 = backend_sim_rfc1337(*bp);
	cfg.max_history = 65536;
	cfg.autoplay_ns = autoplay_ns;
	cfg.loop = loop;
	session_init(m, &cfg, *bp);
	while (!m->ended && session_pump(m, SIZE_MAX, INT64_MAX))
		;
	session_refresh(m);
	session_frame(m, false);
}

/* Does the narration of the frame now hold text? */
static bool
demo_says(struct session *m, const char *text)
{
	session_frame(m, false);
	return m->ctx.narration != NULL && strstr(m->ctx.narration, text);
}

/*
 * The teacher's pace over timewait-incarnation (issue 19): paused on
 * step 0; one step a call; on from #1's last step to #2's step 0 and
 * back; each connection with its own notes; g is #1's step 0, paused.
 */
static void
test_demo_steps(void **state)
{
	struct session	 m;
	struct backend	*b;
	size_t		 i, last1;

	(void)state;
	demo_open(&m, &b, "timewait-incarnation", 0, false);
	assert_true(m.player.paused);
	assert_int_equal(m.player.pos, 0);
	assert_int_equal(m.sel_id, 1);
	assert_non_null(strstr(m.left, " step 0/"));
	session_step(&m, 1);
	assert_int_equal(m.player.pos, 1);
	session_step(&m, -1);
	session_step(&m, -1);
	assert_int_equal(m.player.pos, 0);
	assert_int_equal(m.sel_id, 1);
	for (i = 0; i < 200 && m.sel_id == 1; i++)
		session_step(&m, 1);
	last1 = i - 1;
	assert_int_equal(m.sel_id, 2);
	assert_int_equal(m.player.pos, 0);
	/* #2's step 0 and step 1: #2's notes only. */
	assert_false(demo_says(&m, "2MSL has passed"));
	assert_false(demo_says(&m, "old copy"));
	session_step(&m, 1);
	assert_true(demo_says(&m, "new incarnation"));
	/* Back: #1's last step, its own note (TIME_WAIT ends by E21). */
	session_step(&m, -1);
	session_step(&m, -1);
	assert_int_equal(m.sel_id, 1);
	assert_int_equal(m.player.pos, last1);
	assert_true(demo_says(&m, "2MSL has passed"));
	assert_false(demo_says(&m, "new incarnation"));
	/* g: the lesson's step 0, paused, from anywhere. */
	m.player.paused = false;
	session_step(&m, 1);
	session_start(&m);
	assert_int_equal(m.sel_id, 1);
	assert_int_equal(m.player.pos, 0);
	assert_true(m.player.paused);
	session_free(&m);
	backend_free(b);
}

/*
 * y (issue 17): the OSC 52 sequence carries the connection's display
 * filter in base64 between ESC ] 52 ; c ; and ST; the status row shows it
 * and the BPF filter.
 */
static void
test_copy_filter(void **state)
{
	struct session	 m;
	struct backend	*b;
	struct event_key k;
	char		 osc[SESSION_OSC52_STRLEN], f[EVENT_FILTER_STRLEN];
	char		 want[SESSION_OSC52_STRLEN], bpf[EVENT_FILTER_STRLEN];

	(void)state;
	demo_open(&m, &b, "handshake", 0, false);
	assert_non_null(m.tl.conn);
	assert_true(session_copy_filter(&m, osc, sizeof osc));
	event_key_from(&k, conn_endpoint(m.tl.conn, CONN_CLIENT),
	    conn_endpoint(m.tl.conn, CONN_SERVER));
	event_filter_display(f, sizeof f, &k);
	event_filter_bpf(bpf, sizeof bpf, &k);
	assert_non_null(strstr(f, "ip.addr=="));
	memcpy(want, "\033]52;c;", 7);
	assert_true(communityid_base64(want + 7, sizeof want - 7, f,
	    strlen(f)) > 0);
	strcat(want, "\033\\");
	assert_string_equal(osc, want);
	assert_non_null(strstr(m.notice, f));
	assert_non_null(strstr(m.notice, bpf));
	/* Too small a buffer: nothing half written. */
	assert_false(session_copy_filter(&m, osc, 20));
	assert_string_equal(osc, "");
	session_free(&m);
	backend_free(b);
}

/* --autoplay 1 --loop: one step a second, through #1 and #2, then #1. */
static void
test_demo_autoplay_loop(void **state)
{
	struct session	 m;
	struct backend	*b;
	int64_t		 t = 5 * COMPAT_NS_PER_SEC, sec = COMPAT_NS_PER_SEC;
	size_t		 i;
	bool		 saw2 = false;

	(void)state;
	demo_open(&m, &b, "timewait-incarnation", sec, true);
	assert_false(m.player.paused);
	(void)session_tick(&m, t);
	assert_int_equal(m.player.pos, 0);
	assert_false(session_tick(&m, t + sec - 1));
	assert_true(session_tick(&m, t + sec));
	assert_int_equal(m.player.pos, 1);
	for (i = 2; i < 100; i++) {
		(void)session_tick(&m, t + (int64_t)i * sec);
		if (m.sel_id == 2)
			saw2 = true;
		if (saw2 && m.sel_id == 1)
			break;
	}
	assert_true(saw2);
	assert_int_equal(m.sel_id, 1);
	assert_int_equal(m.player.pos, 0);
	session_free(&m);
	backend_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conn_by_id),
		cmocka_unit_test(test_demo_steps),
		cmocka_unit_test(test_copy_filter),
		cmocka_unit_test(test_demo_autoplay_loop),
		cmocka_unit_test(test_soak_file),
		cmocka_unit_test(test_soak_live_evicting),
		cmocka_unit_test(test_soak_file_evicting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
