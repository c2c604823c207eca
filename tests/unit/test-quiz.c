/*
 * test-quiz.c: quiz mode's questions (quiz.c) over the timelines of real
 * demos: a seed gives the same question twice; the right answer is among
 * the choices and is the state the timeline enters (or the segment it
 * sends); the choices are distinct; every wrong state is one the RFC
 * table (fsm.c) makes plausible: where an edge from the current state
 * leads, staying put, the peer's state, or one edge past the answer.
 * And the score: right and wrong answers counted per kind.
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
#include "conn.h"
#include "fsm.h"
#include "quiz.h"
#include "scenario.h"
#include "session.h"
#include "view.h"

static void
demo_open(struct session *m, struct backend **bp, const char *name)
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
	cfg.max_history = 65536;
	session_init(m, &cfg, *bp);
	while (!m->ended && session_pump(m, SIZE_MAX, INT64_MAX))
		;
	session_refresh(m);
}

static void
demo_close(struct session *m, struct backend *b)
{
	session_free(m);
	backend_free(b);
}

/* Is a wrong state plausible from the RFC table? */
static bool
plausible_state(const struct view_timeline *tl, const struct quiz_question *q,
    int s)
{
	const struct conn_step	*tr = NULL;
	const struct view_row	*r = &tl->rows[q->row];
	int			 e, peer;
	size_t			 i;

	for (i = 0; i < r->ntr; i++) {
		if ((r->tr[i]->role == CONN_SERVER) == (q->role == 1) &&
		    r->tr[i]->u.tr.to == fsm_state_from_name(
		    q->choice[q->right]))
			tr = r->tr[i];
	}
	assert_non_null(tr);
	if (s == tr->u.tr.from)
		return true;
	peer = q->row > 0 ? view_timeline_state(tl, q->row - 1,
	    (enum conn_role)!tr->role) : tl->initial[!tr->role];
	if (s == peer)
		return true;
	for (e = 0; e < FSM_EDGE_COUNT; e++) {
		if ((int)fsm_edges[e].to != s)
			continue;
		if (fsm_edge_leaves((enum fsm_edge)e,
		    (enum fsm_state)tr->u.tr.from) ||
		    fsm_edge_leaves((enum fsm_edge)e,
		    (enum fsm_state)tr->u.tr.to))
			return true;
	}
	return false;
}

/* The checks on every change row of one demo, for a few seeds. */
static unsigned
check_demo(const char *name, unsigned *kinds)
{
	struct session		 m;
	struct backend		*b;
	struct quiz_question	 q, q2;
	const struct view_timeline *tl;
	unsigned		 n = 0, places = 0;
	size_t			 row, i, j;
	uint32_t		 seed;

	demo_open(&m, &b, name);
	tl = &m.tl;
	assert_true(tl->count > 0);
	for (seed = 1; seed <= 40; seed += 3) {
		for (row = 0; row < tl->count; row++) {
			if (!view_timeline_is_change(tl, row)) {
				assert_false(quiz_build(&q, tl, row, seed));
				continue;
			}
			assert_true(quiz_build(&q, tl, row, seed));
			assert_true(quiz_build(&q2, tl, row, seed));
			/* Deterministic: the same bytes twice. */
			assert_memory_equal(&q, &q2, sizeof q);
			assert_true(q.nchoice >= 3);
			assert_true(q.nchoice <= QUIZ_CHOICES_MAX);
			assert_true(q.right < q.nchoice);
			assert_int_equal(q.row, row);
			assert_true(q.prompt[0] != '\0');
			for (i = 0; i < q.nchoice; i++) {
				assert_true(q.choice[i][0] != '\0');
				for (j = 0; j < i; j++)
					assert_string_not_equal(q.choice[i],
					    q.choice[j]);
			}
			/* The explanation names the edge and its RFC. */
			if (q.edge != FSM_EDGE_NONE) {
				assert_non_null(strstr(q.explain,
				    fsm_edge_info(q.edge)->id));
				assert_non_null(strstr(q.explain,
				    fsm_edge_info(q.edge)->rfc));
			}
			if (q.kind == QUIZ_STATE) {
				for (i = 0; i < q.nchoice; i++) {
					int s = fsm_state_from_name(
					    q.choice[i]);

					assert_true(s >= 0);
					assert_true(plausible_state(tl, &q,
					    s));
				}
			} else {
				char	label[64];

				assert_non_null(tl->rows[row].seg);
				view_segment_label_fit(label, sizeof label,
				    tl, tl->rows[row].seg,
				    (int)sizeof label - 1);
				assert_string_equal(q.choice[q.right], label);
			}
			kinds[q.kind]++;
			places |= 1u << q.right;
			n++;
		}
	}
	/* The seed moves the answer around: not always the same number. */
	assert_true((places & (places - 1)) != 0);
	demo_close(&m, b);
	return n;
}

static void
test_quiz_demos(void **state)
{
	static const char *const demos[] = {
		"handshake", "fourway", "simopen", "simclose", "rst-abort",
		"refused", "halfclose", "final-ack-lost", "synack-lost"
	};
	unsigned	kinds[QUIZ_KIND_COUNT] = { 0, 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(demos); i++)
		assert_true(check_demo(demos[i], kinds) > 0);
	/* Both kinds are asked. */
	assert_true(kinds[QUIZ_STATE] > 0);
	assert_true(kinds[QUIZ_SEGMENT] > 0);
}

/* Different seeds ask differently (the order of the choices at least). */
static void
test_quiz_seeds_differ(void **state)
{
	struct session		 m;
	struct backend		*b;
	struct quiz_question	 q1, q2;
	size_t			 row;
	bool			 differ = false;

	(void)state;
	demo_open(&m, &b, "fourway");
	for (row = 0; row < m.tl.count; row++) {
		if (!quiz_build(&q1, &m.tl, row, 7))
			continue;
		assert_true(quiz_build(&q2, &m.tl, row, 8));
		if (memcmp(&q1, &q2, sizeof q1) != 0)
			differ = true;
	}
	assert_true(differ);
	demo_close(&m, b);
}

/* The hold, the answers and the score. */
static void
test_quiz_score(void **state)
{
	struct session	 m;
	struct backend	*b;
	struct quiz	 z;
	size_t		 row, asked = 0;
	char		 buf[80];

	(void)state;
	demo_open(&m, &b, "handshake");
	quiz_init(&z, true, 7);
	assert_false(quiz_answer(&z, 0));	/* nothing asked */
	for (row = 0; row < m.tl.count; row++) {
		if (!quiz_hold(&z, &m.tl, m.sel_id, row)) {
			assert_false(view_timeline_is_change(&m.tl, row));
			continue;
		}
		/* Held: asking again is the same question. */
		assert_true(quiz_hold(&z, &m.tl, m.sel_id, row));
		assert_false(quiz_answer(&z, QUIZ_CHOICES_MAX));
		/* The first answered right, then wrong, right, ... */
		if (asked % 2 == 0)
			assert_true(quiz_answer(&z, z.q.right));
		else
			assert_true(quiz_answer(&z, (z.q.right + 1) %
			    z.q.nchoice));
		assert_int_equal(z.correct, asked % 2 == 0);
		asked++;
		/* Answered: not asked again. */
		assert_false(quiz_hold(&z, &m.tl, m.sel_id, row));
	}
	assert_true(asked >= 3);
	assert_int_equal(quiz_total_asked(&z), asked);
	assert_int_equal(quiz_total_right(&z), (asked + 1) / 2);
	assert_int_equal(z.asked[QUIZ_STATE] + z.asked[QUIZ_SEGMENT], asked);
	snprintf(buf, sizeof buf, "%zu/%zu", (asked + 1) / 2, asked);
	assert_string_equal(quiz_score_format(buf, sizeof buf, &z, false),
	    buf);
	quiz_toggle(&z);
	assert_false(z.on);
	assert_false(quiz_hold(&z, &m.tl, m.sel_id, 1));
	quiz_toggle(&z);
	assert_true(z.on);
	assert_int_equal(quiz_total_asked(&z), 0);
	demo_close(&m, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiz_demos),
		cmocka_unit_test(test_quiz_seeds_differ),
		cmocka_unit_test(test_quiz_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
