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

/*
 * Zeek's conn_state from what was seen (conn.c conn_stats_zeek_state):
 * one row per code, with the documented meaning it stands for.
 */
struct zeek_row {
	const char	*want;
	uint32_t	 sflags;	/* CONN_S_* */
	uint8_t		 cflags;	/* CONN_F_* */
	int		 rst_by;	/* -1: none */
	uint16_t	 fins[2];
	uint32_t	 resp_segments;
};

static const struct zeek_row zeek_rows[] = {
	/* S0: attempt seen, no reply. */
	{ "S0", CONN_S_SYN, 0, -1, { 0, 0 }, 0 },
	/* S1: established, not terminated. */
	{ "S1", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK, 0, -1,
	  { 0, 0 }, 1 },
	/* SF: established and closed by both. */
	{ "SF", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK, 0, -1,
	  { 1, 1 }, 3 },
	/* REJ: attempt rejected (a RST to the SYN). */
	{ "REJ", CONN_S_SYN | CONN_S_RESET, CONN_F_REFUSED, CONN_SERVER,
	  { 0, 0 }, 1 },
	/* S2: established, only the originator tried to close. */
	{ "S2", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK, 0, -1,
	  { 1, 0 }, 2 },
	/* S3: established, only the responder tried to close. */
	{ "S3", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK, 0, -1,
	  { 0, 1 }, 2 },
	/* RSTO: established, the originator aborted. */
	{ "RSTO", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK | CONN_S_RESET,
	  0, CONN_CLIENT, { 0, 0 }, 1 },
	/* RSTR: the responder aborted. */
	{ "RSTR", CONN_S_SYN | CONN_S_SYNACK | CONN_S_HS_ACK | CONN_S_RESET,
	  0, CONN_SERVER, { 0, 0 }, 2 },
	/* RSTOS0: SYN then RST from the originator, no SYN,ACK. */
	{ "RSTOS0", CONN_S_SYN | CONN_S_RESET, 0, CONN_CLIENT, { 0, 0 }, 0 },
	/* RSTRH: SYN,ACK then RST from the responder, no SYN seen. */
	{ "RSTRH", CONN_S_SYNACK | CONN_S_RESET, 0, CONN_SERVER, { 0, 0 },
	  2 },
	/* SH: SYN then FIN from the originator, no SYN,ACK. */
	{ "SH", CONN_S_SYN, 0, -1, { 1, 0 }, 0 },
	/* SHR: SYN,ACK then FIN from the responder, no SYN seen. */
	{ "SHR", CONN_S_SYNACK, 0, -1, { 0, 1 }, 2 },
	/* OTH: no SYN seen, mid-stream traffic (a RST does not change it). */
	{ "OTH", 0, CONN_F_MIDSTREAM, -1, { 1, 1 }, 4 },
	{ "OTH", CONN_S_RESET, CONN_F_MIDSTREAM, CONN_CLIENT, { 0, 0 }, 4 },
	/* A SYN answered by something else than a SYN,ACK: not S0. */
	{ "OTH", CONN_S_SYN, 0, -1, { 0, 0 }, 1 },
	/* Only the SYN,ACK: the SYN went unseen. */
	{ "OTH", CONN_S_SYNACK, 0, -1, { 0, 0 }, 1 },
};

static void
test_zeek_state(void **state)
{
	struct conn_stats	 st;
	const struct zeek_row	*z;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof zeek_rows / sizeof zeek_rows[0]; i++) {
		z = &zeek_rows[i];
		conn_stats_init(&st);
		st.flags = z->sflags;
		if (z->rst_by >= 0)
			st.rst_by = (uint8_t)z->rst_by;
		st.dir[CONN_CLIENT].fins = z->fins[0];
		st.dir[CONN_SERVER].fins = z->fins[1];
		st.dir[CONN_SERVER].segments = z->resp_segments;
		print_message("row %zu: %s\n", i, z->want);
		assert_string_equal(conn_stats_zeek_state(&st, z->cflags),
		    z->want);
	}
	assert_string_equal(conn_stats_zeek_state(NULL, 0), "OTH");
}

/* The stats array grows with the pool and each new slot starts zeroed. */
static void
test_stats_beside_pool(void **state)
{
	struct conn_table	 t;
	struct event_key	 k;
	struct conn		*c;
	struct conn_stats	*st;
	uint32_t		 i;

	(void)state;
	conn_table_init(&t);
	conn_table_keep_stats(&t);
	for (i = 0; i < 1000; i++) {
		key_for(&k, i);
		c = conn_table_alloc(&t, &k, 0);
		st = conn_table_stats(&t, c);
		assert_non_null(st);
		assert_int_equal(st->dir[0].segments, 0);
		assert_int_equal(st->hs_rtt_us, CONN_STATS_NONE);
		st->dir[0].segments = i + 1;
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(t.stats[i].dir[0].segments, i + 1);
	/* A released slot taken again starts afresh. */
	conn_table_release(&t, &t.pool[5]);
	key_for(&k, 5000);
	c = conn_table_alloc(&t, &k, 0);
	assert_int_equal(conn_table_index(&t, c), 5);
	assert_int_equal(conn_table_stats(&t, c)->dir[0].segments, 0);
	conn_table_free(&t);

	conn_table_init(&t);
	key_for(&k, 1);
	c = conn_table_alloc(&t, &k, 0);
	assert_null(conn_table_stats(&t, c));
	conn_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_find),
		cmocka_unit_test(test_scale_lru_release),
		cmocka_unit_test(test_zeek_state),
		cmocka_unit_test(test_stats_beside_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
