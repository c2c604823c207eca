/*
 * test-heap.c: the one heap (heap.c). Random pushes and pops against a
 * sorted reference: every pop is the least element, and equal keys pop in
 * the order they were pushed (a serial breaks ties); the spare slot and
 * growth keep elements intact; an empty heap pops nothing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "heap.h"

struct item {
	int64_t		key;
	uint64_t	serial;
	char		pad[13];	/* an odd size */
};

static bool
item_before(const void *a, const void *b)
{
	const struct item	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key;
	return x->serial < y->serial;
}

static int
item_cmp(const void *a, const void *b)
{
	return item_before(a, b) ? -1 : item_before(b, a) ? 1 : 0;
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
test_empty(void **state)
{
	struct heap	h;
	struct item	it;

	(void)state;
	heap_init(&h, sizeof it, item_before);
	assert_null(heap_top(&h));
	assert_false(heap_pop(&h, &it));
	assert_int_equal(heap_len(&h), 0);
	heap_free(&h);
}

static void
test_against_sorted(void **state)
{
	struct heap	 h;
	struct item	*ref, it, got;
	size_t		 nref = 0, i, round;
	uint64_t	 r = 0x9e3779b97f4a7c15u, serial = 0;

	(void)state;
	ref = calloc(20000, sizeof *ref);
	assert_non_null(ref);
	heap_init(&h, sizeof it, item_before);
	for (round = 0; round < 20000; round++) {
		if (nref < 20000 && (nref == 0 || rnd(&r) % 3 != 0)) {
			memset(&it, 0, sizeof it);
			it.key = (int64_t)(rnd(&r) % 50) - 25;	/* many ties */
			it.serial = serial++;
			memset(it.pad, (int)(it.serial & 0x7f), sizeof it.pad);
			heap_push(&h, &it);
			ref[nref++] = it;
			continue;
		}
		qsort(ref, nref, sizeof *ref, item_cmp);
		assert_true(heap_pop(&h, &got));
		assert_int_equal(got.key, ref[0].key);
		assert_int_equal(got.serial, ref[0].serial);
		for (i = 0; i < sizeof got.pad; i++)
			assert_int_equal(got.pad[i], (char)(got.serial & 0x7f));
		memmove(ref, ref + 1, (nref - 1) * sizeof *ref);
		nref--;
		assert_int_equal(heap_len(&h), nref);
	}
	/* What is left drains in order. */
	qsort(ref, nref, sizeof *ref, item_cmp);
	for (i = 0; i < nref; i++) {
		assert_true(heap_pop(&h, &got));
		assert_int_equal(got.serial, ref[i].serial);
	}
	assert_int_equal(heap_len(&h), 0);
	assert_false(heap_pop(&h, NULL));
	heap_free(&h);
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_against_sorted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
