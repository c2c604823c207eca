/*
 * test-layout.c: screen regions (layout.c) at 80x24, 120x40, 220x60 and at
 * sizes too small to draw: inside the screen, no overlaps, sensible modes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fsm.h"
#include "layout.h"
#include "view.h"

/* Is r inside cols x rows? */
static void
assert_inside(const struct canvas_rect *r, int cols, int rows)
{
	assert_true(r->w >= 0 && r->h >= 0);
	if (r->w == 0 || r->h == 0)
		return;
	assert_true(r->x >= 0 && r->y >= 0);
	assert_true(r->x + r->w <= cols);
	assert_true(r->y + r->h <= rows);
}

/* The invariants every usable layout has. */
static void
check_layout(int cols, int rows, enum layout_mode want)
{
	struct layout			 l;
	const struct canvas_rect	*r[5];
	int				 i, j;

	layout_compute(&l, cols, rows);
	assert_int_equal(l.mode, want);
	r[0] = &l.title; r[1] = &l.seq; r[2] = &l.graph; r[3] = &l.info;
	r[4] = &l.status;
	for (i = 0; i < 5; i++) {
		assert_inside(r[i], cols, rows);
		for (j = i + 1; j < 5; j++)
			assert_false(layout_overlap(r[i], r[j]));
	}
	assert_int_equal(l.status.y, rows - 1);
	assert_int_equal(l.status.w, cols);
	/* Ladder and graph share the width exactly. */
	assert_int_equal(l.seq.w + l.graph.w, cols);
	/* Everything but the status row is used. */
	assert_int_equal(l.title.h + l.seq.h + l.info.h + l.status.h, rows);
	/* The graph needs room for seven rows of boxes and its legend. */
	assert_true(l.graph.h >= 17);
	assert_true(l.graph.w >= 24);
	assert_true(l.seq.w >= 34);
}

static void
test_80x24(void **state)
{
	struct layout	l;

	(void)state;
	check_layout(80, 24, LAYOUT_COMPACT);
	layout_compute(&l, 80, 24);
	assert_int_equal(l.title.h, 0);
	assert_int_equal(l.seq.h, 21);
}

static void
test_120x40(void **state)
{
	(void)state;
	check_layout(120, 40, LAYOUT_NORMAL);
}

static void
test_220x60(void **state)
{
	struct layout	l;

	(void)state;
	check_layout(220, 60, LAYOUT_WIDE);
	layout_compute(&l, 220, 60);
	assert_int_equal(l.title.h, 1);
	assert_true(l.graph.w >= 90);
}

/* Too small, zero and negative sizes give the "enlarge" mode safely. */
static void
test_tiny(void **state)
{
	struct layout	l;
	int		sizes[][2] = { { 0, 0 }, { -5, -5 }, { 1, 1 },
	    { 59, 40 }, { 200, 17 }, { 20, 5 } };
	size_t		i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(sizes); i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1]);
		assert_int_equal(l.mode, LAYOUT_TOO_SMALL);
		assert_int_equal(l.seq.w * l.seq.h, 0);
		assert_int_equal(l.graph.w * l.graph.h, 0);
		assert_inside(&l.status, l.cols, l.rows);
	}
	/* The minimum itself works. */
	check_layout(LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS, LAYOUT_COMPACT);
}

/* Every size from the minimum to 260x80 keeps the invariants. */
static void
test_sweep(void **state)
{
	struct layout	l;
	int		c, r;

	(void)state;
	for (c = LAYOUT_MIN_COLS; c <= 260; c += 7) {
		for (r = LAYOUT_MIN_ROWS; r <= 80; r += 5) {
			layout_compute(&l, c, r);
			assert_true(l.mode != LAYOUT_TOO_SMALL);
			assert_false(layout_overlap(&l.seq, &l.graph));
			assert_false(layout_overlap(&l.graph, &l.info));
			assert_inside(&l.graph, c, r);
		}
	}
}

/* The graph's routes join the boxes fsm.c names for each edge. */
static void
test_graph_routes(void **state)
{
	enum fsm_edge	bad;

	(void)state;
	bad = view_graph_check_routes();
	if (bad != FSM_EDGE_NONE)
		fail_msg("route of %s disagrees with fsm.c", fsm_edge_id(bad));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24),
		cmocka_unit_test(test_120x40),
		cmocka_unit_test(test_220x60),
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_graph_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
