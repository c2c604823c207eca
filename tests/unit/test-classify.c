/*
 * test-classify.c: the sequence-number guards (classify.c), each one also
 * across the 2^32 wrap, and RST acceptability.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "classify.h"

static struct event_segment
seg(uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
	struct event_segment	s;

	memset(&s, 0, sizeof s);
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.payload_len = len;
	s.window = 1000;
	return s;
}

/* Bases: plain, just below the wrap, and at the top of the space. */
static const uint32_t bases[] = { 1000, 0xfffffff0u, 0xffffffffu, 0 };

static void
test_seg_len(void **state)
{
	struct event_segment	s;
	size_t			i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(bases); i++) {
		s = seg(SEGF_SYN, bases[i], 0, 0);
		assert_int_equal(classify_seg_len(&s), 1);
		assert_int_equal(classify_seg_end(&s), bases[i] + 1);
		s = seg(SEGF_SYN | SEGF_FIN, bases[i], 0, 20);
		assert_int_equal(classify_seg_len(&s), 22);
		assert_int_equal(classify_fin_seq(&s), bases[i] + 21);
		s = seg(SEGF_FIN | SEGF_ACK, bases[i], 0, 100);
		assert_int_equal(classify_fin_seq(&s), bases[i] + 100);
		assert_int_equal(classify_seg_end(&s), bases[i] + 101);
	}
}

static void
test_acks(void **state)
{
	struct event_segment	s;
	size_t			i;
	uint32_t		x;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(bases); i++) {
		x = bases[i];
		assert_true(classify_acks(x + 1, x));
		assert_true(classify_acks(x + 1000, x));
		assert_false(classify_acks(x, x));
		assert_false(classify_acks(x - 1, x));
		/* ACK of SYN: SEG.ACK > ISS, and only with the ACK bit. */
		s = seg(SEGF_SYN | SEGF_ACK, 5, x + 1, 0);
		assert_true(classify_acks_syn(&s, x));
		s.flags = SEGF_SYN;
		assert_false(classify_acks_syn(&s, x));
		s = seg(SEGF_ACK, 5, x, 0);
		assert_false(classify_acks_syn(&s, x));
		/* ACK of FIN. */
		s = seg(SEGF_ACK, 5, x + 1, 0);
		assert_true(classify_acks_fin(&s, x));
		s.ack = x;
		assert_false(classify_acks_fin(&s, x));
		/* SYN-SENT: ISS < ACK <= SND.NXT. */
		assert_true(classify_synsent_ack_ok(x + 1, x, x + 1));
		assert_false(classify_synsent_ack_ok(x + 2, x, x + 1));
		assert_false(classify_synsent_ack_ok(x, x, x + 1));
	}
}

static void
test_rst(void **state)
{
	struct event_segment	s;
	size_t			i;
	uint32_t		x;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(bases); i++) {
		x = bases[i];
		/* SYN-SENT (RFC 9293 3.10.7.3): needs an ACK of our SYN. */
		s = seg(SEGF_RST | SEGF_ACK, 0, x + 1, 0);
		assert_int_equal(classify_rst_synsent(&s, x, x + 1),
		    CLASSIFY_RST_ACCEPT);
		s.ack = x + 2;
		assert_int_equal(classify_rst_synsent(&s, x, x + 1),
		    CLASSIFY_RST_IGNORE);
		s = seg(SEGF_RST, 0, x + 1, 0);
		assert_int_equal(classify_rst_synsent(&s, x, x + 1),
		    CLASSIFY_RST_IGNORE);
		/* Synchronized (RFC 5961 3.2, practical range). */
		assert_int_equal(classify_rst_window(x, x, x, 1000),
		    CLASSIFY_RST_ACCEPT);
		assert_int_equal(classify_rst_window(x + 50, x, x + 100, 1000),
		    CLASSIFY_RST_ACCEPT);
		assert_int_equal(classify_rst_window(x + 101, x, x + 100,
		    1000), CLASSIFY_RST_CHALLENGE);
		assert_int_equal(classify_rst_window(x + 1099, x, x + 100,
		    1000), CLASSIFY_RST_CHALLENGE);
		assert_int_equal(classify_rst_window(x + 1100, x, x + 100,
		    1000), CLASSIFY_RST_IGNORE);
		assert_int_equal(classify_rst_window(x - 1, x, x + 100, 1000),
		    CLASSIFY_RST_IGNORE);
		assert_int_equal(classify_rst_window(x + 101, x, x + 100, 0),
		    CLASSIFY_RST_IGNORE);
	}
}

static void
test_data(void **state)
{
	struct event_segment	s;
	size_t			i;
	uint32_t		x;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(bases); i++) {
		x = bases[i];
		s = seg(SEGF_ACK, x, 0, 100);
		assert_int_equal(classify_data(&s, x), CLASSIFY_DATA_NEW);
		assert_int_equal(classify_data(&s, x + 50),
		    CLASSIFY_DATA_RETRANS);
		assert_int_equal(classify_data(&s, x - 50),
		    CLASSIFY_DATA_GAP);
		s = seg(SEGF_ACK, x - 1, 0, 0);
		assert_int_equal(classify_data(&s, x),
		    CLASSIFY_DATA_KEEPALIVE);
		s.payload_len = 1;
		assert_int_equal(classify_data(&s, x),
		    CLASSIFY_DATA_KEEPALIVE);
		s = seg(SEGF_ACK, x, 0, 0);
		assert_int_equal(classify_data(&s, x), CLASSIFY_DATA_NEW);
		/* A FIN sent again sits below SND.NXT. */
		s = seg(SEGF_ACK | SEGF_FIN, x, 0, 0);
		assert_int_equal(classify_data(&s, x + 1),
		    CLASSIFY_DATA_RETRANS);
		assert_int_equal(classify_data(&s, x), CLASSIFY_DATA_NEW);
	}
}

static void
test_wscale(void **state)
{
	struct event_tcpopts	a, b;
	struct event_segment	s;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.present = EVOPT_WSCALE;
	a.wscale = 7;
	/* RFC 7323 2.2: both SYNs must carry it. */
	assert_int_equal(classify_wscale(&a, &b), 0);
	b.present = EVOPT_WSCALE;
	b.wscale = 20;
	assert_int_equal(classify_wscale(&a, &b), 7);
	assert_int_equal(classify_wscale(&b, &a), 14);
	assert_int_equal(classify_wscale(NULL, &a), 0);
	s = seg(SEGF_ACK, 0, 0, 0);
	s.window = 100;
	assert_int_equal(classify_window(&s, 7), 12800);
	s.flags = SEGF_SYN;
	assert_int_equal(classify_window(&s, 7), 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seg_len),
		cmocka_unit_test(test_acks),
		cmocka_unit_test(test_rst),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_wscale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
