/*
 * test-conn.c: the connection table (conn.c): find by 4-tuple, alloc with
 * fresh ids and both ends CLOSED, the LRU order that touch keeps, retired
 * instances off the hash but still in their slot, released slots reused
 * (id 0 meanwhile), the hash doubling past 1,024 chains and the pool
 * moving by realloc without losing anyone.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conn.h"
#include "event.h"

static void
key_for(struct event_key *k, uint32_t n)
{
	memset(k, 0, sizeof *k);
	k->a.family = k->b.family = EVENT_AF_INET;
	k->a.addr[0] = 10;
	k->a.addr[1] = (uint8_t)(n >> 16);
	k->a.addr[2] = (uint8_t)(n >> 8);
	k->a.addr[3] = (uint8_t)n;
	k->a.port = (uint16_t)(1024 + n % 50000);
	k->b.addr[0] = 10;
	k->b.addr[3] = 1;
	k->b.port = 80;
}

static void
test_alloc_find(void **state)
{
	struct conn_table	 t;
	struct event_key	 k;
	struct conn		*c;

	(void)state;
	conn_table_init(&t);
	key_for(&k, 1);
	assert_null(conn_table_find(&t, &k));
	assert_null(conn_table_oldest(&t));
	c = conn_table_alloc(&t, &k, 5);
	assert_int_equal(c->id, 1);
	assert_int_equal(c->end[CONN_CLIENT].state, FSM_CLOSED);
	assert_int_equal(c->end[CONN_SERVER].known, CONN_KNOWN_IMPLIED);
	assert_int_equal(c->t_first, 5);
	assert_true(c->flags & CONN_F_IN_USE);
	assert_ptr_equal(conn_table_find(&t, &k), c);
	assert_ptr_equal(conn_table_oldest(&t), c);
	assert_int_equal(conn_table_count(&t), 1);
	assert_ptr_equal(conn_table_at(&t, 0), c);
	assert_null(conn_table_at(&t, 1));
	/* Retired: off the hash, still in its slot; a newer one takes it. */
	conn_table_unhash(&t, c);
	c->flags |= CONN_F_RETIRED;
	assert_null(conn_table_find(&t, &k));
	c = conn_table_alloc(&t, &k, 6);
	assert_int_equal(c->id, 2);
	assert_ptr_equal(conn_table_find(&t, &k), c);
	assert_int_equal(t.live, 2);
	conn_table_free(&t);
}

/* Many connections: the pool moves, the hash grows; the LRU holds. */
static void
test_scale_lru_release(void **state)
{
	enum { N = 20000 };
	struct conn_table	 t;
	struct event_key	 k;
	struct conn		*c;
	uint32_t		 i, id, n;

	(void)state;
	conn_table_init(&t);
	for (i = 0; i < N; i++) {
		key_for(&k, i);
		c = conn_table_alloc(&t, &k, i);
		assert_int_equal(c->id, i + 1);
	}
	assert_true(t.nbuckets >= N);
	for (i = 0; i < N; i++) {
		key_for(&k, i);
		c = conn_table_find(&t, &k);
		assert_non_null(c);
		assert_int_equal(c->id, i + 1);
	}
	/* Touch the even ones: the odd ones are now the oldest, in order. */
	for (i = 0; i < N; i += 2) {
		key_for(&k, i);
		conn_table_touch(&t, conn_table_find(&t, &k));
	}
	for (i = 0, n = 0; i < N / 2; i++) {
		c = conn_table_oldest(&t);
		assert_non_null(c);
		assert_int_equal(c->id, 2 * i + 2);	/* key 2i+1 */
		conn_table_release(&t, c);
		assert_int_equal(c->id, 0);
		n++;
	}
	assert_int_equal(t.live, N - n);
	/* Released slots come back before the pool grows. */
	id = t.next_id;
	for (i = 0; i < N / 2; i++) {
		key_for(&k, N + i);
		c = conn_table_alloc(&t, &k, 0);
		assert_int_equal(c->id, id + i);
	}
	assert_int_equal(conn_table_count(&t), N);
	/* The rest of the LRU: the even ones touched, then the new ones. */
	for (i = 0; i < N / 2; i++) {
		c = conn_table_oldest(&t);
		assert_int_equal(c->id, 2 * i + 1);
		conn_table_release(&t, c);
	}
	c = conn_table_oldest(&t);
	assert_int_equal(c->id, id);
	for (i = 0; i < N / 2; i++) {
		key_for(&k, 2 * i);
		assert_null(conn_table_find(&t, &k));
		key_for(&k, N + i);
		assert_non_null(conn_table_find(&t, &k));
	}
	conn_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_find),
		cmocka_unit_test(test_scale_lru_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
