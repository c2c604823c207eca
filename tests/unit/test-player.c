/*
 * test-player.c: the playback cursor (player.c): stepping, clamping,
 * jumps to state changes and anomalies, speeds, timed playback, follow.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "player.h"

#define MS	INT64_C(1000000)
#define T0	(INT64_C(1700000000) * COMPAT_NS_PER_SEC)

/* Ten rows, one second apart in capture time. */
static int64_t
times_1s(const void *arg, size_t i)
{
	(void)arg;
	return T0 + (int64_t)i * COMPAT_NS_PER_SEC;
}

/* Rows all at the same instant (a loopback capture). */
static int64_t
times_same(const void *arg, size_t i)
{
	(void)arg;
	(void)i;
	return T0;
}

/* Marks rows 3 and 7. */
static bool
pred_3_7(const void *arg, size_t i)
{
	(void)arg;
	return i == 3 || i == 7;
}

static void
test_step(void **state)
{
	struct player	p;

	(void)state;
	player_init(&p, true, false);
	assert_false(player_step(&p, 1));	/* empty: nothing moves */
	player_set_count(&p, 10);
	assert_int_equal(p.pos, 0);
	assert_true(player_step(&p, 1));
	assert_int_equal(p.pos, 1);
	assert_true(player_step(&p, -1));
	assert_false(player_step(&p, -1));	/* clamped at 0 */
	assert_int_equal(p.pos, 0);
	assert_true(player_step(&p, 100));
	assert_int_equal(p.pos, 9);
	assert_false(player_step(&p, 1));
	player_start(&p);
	assert_int_equal(p.pos, 0);
	player_end(&p);
	assert_int_equal(p.pos, 9);
	/* Fewer rows (history dropped): the cursor stays inside. */
	player_set_count(&p, 4);
	assert_int_equal(p.pos, 3);
	player_set_count(&p, 0);
	assert_int_equal(p.pos, 0);
}

static void
test_jump(void **state)
{
	struct player	p;

	(void)state;
	player_init(&p, true, false);
	player_set_count(&p, 10);
	assert_true(player_jump(&p, 1, pred_3_7, NULL));
	assert_int_equal(p.pos, 3);
	assert_true(player_jump(&p, 1, pred_3_7, NULL));
	assert_int_equal(p.pos, 7);
	assert_false(player_jump(&p, 1, pred_3_7, NULL));
	assert_int_equal(p.pos, 7);
	assert_true(player_jump(&p, -1, pred_3_7, NULL));
	assert_int_equal(p.pos, 3);
	assert_false(player_jump(&p, -1, pred_3_7, NULL));
	assert_int_equal(p.pos, 3);
}

static void
test_speed(void **state)
{
	struct player	p;
	int		i;

	(void)state;
	player_init(&p, false, false);
	assert_int_equal(player_speed_milli(&p), 1000);
	for (i = 0; i < 50; i++)
		player_faster(&p);
	assert_int_equal(player_speed_milli(&p), 100000);
	for (i = 0; i < 50; i++)
		player_slower(&p);
	assert_int_equal(player_speed_milli(&p), 100);
}

/* At 1x rows one second apart come one second apart (capped at 2 s). */
static void
test_tick_realtime(void **state)
{
	struct player	p;
	int64_t		now = 5 * COMPAT_NS_PER_SEC;

	(void)state;
	player_init(&p, false, false);
	player_set_count(&p, 10);
	assert_false(player_tick(&p, now, times_1s, NULL));
	assert_int_equal(player_due(&p, times_1s, NULL),
	    now + COMPAT_NS_PER_SEC);
	assert_false(player_tick(&p, now + 999 * MS, times_1s, NULL));
	assert_true(player_tick(&p, now + 1000 * MS, times_1s, NULL));
	assert_int_equal(p.pos, 1);
	/* 10x: the next row is due 100 ms later. */
	player_faster(&p);
	player_faster(&p);
	player_faster(&p);
	assert_int_equal(player_speed_milli(&p), 10000);
	assert_true(player_tick(&p, now + 1100 * MS, times_1s, NULL));
	assert_int_equal(p.pos, 2);
	/* Paused: time passes, nothing moves. */
	player_toggle_pause(&p);
	assert_false(player_tick(&p, now + 60 * COMPAT_NS_PER_SEC, times_1s,
	    NULL));
	assert_int_equal(player_due(&p, times_1s, NULL), -1);
	assert_int_equal(p.pos, 2);
}

/* Rows at the same instant still show for the minimum dwell. */
static void
test_tick_dwell(void **state)
{
	struct player	p;
	int64_t		now = 7 * COMPAT_NS_PER_SEC;

	(void)state;
	player_init(&p, false, false);
	player_set_count(&p, 3);
	player_tick(&p, now, times_same, NULL);
	assert_false(player_tick(&p, now + PLAYER_MIN_DWELL_NS - 1,
	    times_same, NULL));
	assert_true(player_tick(&p, now + PLAYER_MIN_DWELL_NS, times_same,
	    NULL));
	assert_int_equal(p.pos, 1);
	/* At the end playback stops moving. */
	assert_true(player_tick(&p, now + 10 * COMPAT_NS_PER_SEC, times_same,
	    NULL));
	assert_int_equal(p.pos, 2);
	assert_false(player_tick(&p, now + 20 * COMPAT_NS_PER_SEC, times_same,
	    NULL));
}

/* Following stays on the newest row until the user steps back. */
static void
test_follow(void **state)
{
	struct player	p;

	(void)state;
	player_init(&p, false, true);
	player_set_count(&p, 5);
	assert_int_equal(p.pos, 4);
	player_set_count(&p, 8);
	assert_int_equal(p.pos, 7);
	player_step(&p, -2);
	assert_false(p.follow);
	player_set_count(&p, 12);
	assert_int_equal(p.pos, 5);
	player_set_follow(&p, true);
	assert_int_equal(p.pos, 11);
}

/*
 * A demo's pace (issue 19): paused, one step per call, back to row 0 (a
 * demo's step 0) and no further; the first row again after start.
 */
static void
test_teacher_steps(void **state)
{
	struct player	p;
	int64_t		now = 1000 * MS;

	(void)state;
	player_init(&p, true, false);
	player_set_count(&p, 10);
	assert_int_equal(p.pos, 0);
	/* Paused: time passing moves nothing, and nothing is due. */
	assert_false(player_tick(&p, now, times_1s, NULL));
	assert_false(player_tick(&p, now + 60 * COMPAT_NS_PER_SEC, times_1s,
	    NULL));
	assert_int_equal(p.pos, 0);
	assert_true(player_due(&p, times_1s, NULL) < 0);
	/* One step a call. */
	assert_true(player_step(&p, 1));
	assert_int_equal(p.pos, 1);
	assert_true(player_step(&p, 1));
	assert_int_equal(p.pos, 2);
	assert_true(player_step(&p, -1));
	assert_true(player_step(&p, -1));
	assert_int_equal(p.pos, 0);
	assert_false(player_step(&p, -1));
	assert_int_equal(p.pos, 0);
	player_step(&p, 5);
	player_start(&p);
	assert_int_equal(p.pos, 0);
	assert_true(p.paused);
}

/* --autoplay N: one row every N seconds, whatever the capture's times. */
static void
test_autoplay(void **state)
{
	struct player	p;
	int64_t		now = 1000 * MS, iv = 2 * COMPAT_NS_PER_SEC;

	(void)state;
	player_init(&p, false, false);
	player_set_pace(&p, iv, false);
	player_set_count(&p, 3);
	assert_false(player_tick(&p, now, times_same, NULL));
	assert_int_equal(player_due(&p, times_same, NULL), now + iv);
	assert_false(player_tick(&p, now + iv - 1, times_same, NULL));
	assert_true(player_tick(&p, now + iv, times_same, NULL));
	assert_int_equal(p.pos, 1);
	/* Rows a second apart in the capture still wait 2 s each. */
	assert_false(player_tick(&p, now + iv + 1500 * MS, times_1s, NULL));
	assert_true(player_tick(&p, now + 2 * iv, times_1s, NULL));
	assert_int_equal(p.pos, 2);
	/* The last row: no loop, nothing more is due. */
	assert_true(player_due(&p, times_1s, NULL) < 0);
	assert_false(player_tick(&p, now + 10 * iv, times_1s, NULL));
	assert_int_equal(p.pos, 2);
}

/* --loop: after the last row, row 0; "more": the caller takes over. */
static void
test_loop_and_more(void **state)
{
	struct player	p;
	int64_t		now = 1000 * MS, iv = COMPAT_NS_PER_SEC;

	(void)state;
	player_init(&p, false, false);
	player_set_pace(&p, iv, true);
	player_set_count(&p, 2);
	(void)player_tick(&p, now, times_1s, NULL);
	assert_true(player_tick(&p, now + iv, times_1s, NULL));
	assert_int_equal(p.pos, 1);
	assert_true(player_due(&p, times_1s, NULL) >= 0);
	assert_true(player_tick(&p, now + 2 * iv, times_1s, NULL));
	assert_int_equal(p.pos, 0);
	/* A demo's next connection: past the end is the caller's. */
	player_init(&p, false, false);
	player_set_pace(&p, iv, false);
	player_set_count(&p, 2);
	p.more = true;
	(void)player_tick(&p, now, times_1s, NULL);
	assert_true(player_tick(&p, now + iv, times_1s, NULL));
	assert_false(p.past_end);
	assert_true(player_tick(&p, now + 2 * iv, times_1s, NULL));
	assert_true(p.past_end);
	assert_int_equal(p.pos, 1);
	/* Paused: never past the end. */
	p.past_end = false;
	p.paused = true;
	assert_false(player_tick(&p, now + 9 * iv, times_1s, NULL));
	assert_false(p.past_end);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_jump),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_tick_realtime),
		cmocka_unit_test(test_tick_dwell),
		cmocka_unit_test(test_follow),
		cmocka_unit_test(test_teacher_steps),
		cmocka_unit_test(test_autoplay),
		cmocka_unit_test(test_loop_and_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
