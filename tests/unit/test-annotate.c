/*
 * test-annotate.c: annotate_segment (annotate.c), one case for each flag
 * of Wireshark's tcp.analysis that tcpviz follows, each the situation
 * tshark flags (the field name is in the case): the two ends' TCBs as the
 * engine keeps them before the segment, the segment, the bits expected
 * and those that must not be there. tests/tshark-segments.sh checks the
 * same flags against tshark itself on real captures.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "annotate.h"
#include "conn.h"
#include "event.h"

#define SENT	(CONN_TCB_SENT_ANY | CONN_TCB_SENT_ACK)

struct tcase {
	const char	*tshark;	/* the tcp.analysis field */
	/* The sender a (CONN_CLIENT) and the receiver b, before. */
	uint8_t		 aflags, bflags;
	uint32_t	 a_snd_nxt, a_last_ack, a_fin_seq, a_iss;
	uint16_t	 a_window;
	uint8_t		 a_dupacks;
	uint32_t	 b_snd_nxt, b_rcv_nxt, b_last_ack;
	uint16_t	 b_window;
	uint8_t		 b_dupacks;
	/* The segment a sends. */
	uint16_t	 flags;
	uint32_t	 seq, ack, len;
	uint16_t	 window;
	uint32_t	 want, not;
	uint16_t	 dupack;
};

static const struct tcase cases[] = {
	{ "tcp.analysis.retransmission (data again)", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1000, 500, 0,
	    SEGF_ACK | SEGF_PSH, 1000, 5000, 100, 500,
	    CONN_ANN(RETRANS), CONN_ANN(FAST_RETRANS), 0 },
	{ "tcp.analysis.retransmission (SYN again)",
	    CONN_TCB_HAS_ISS | CONN_TCB_SENT_ANY, 0,
	    1001, 0, 0, 1000, 500, 0, 0, 0, 0, 0, 0,
	    SEGF_SYN, 1000, 0, 0, 500, CONN_ANN(RETRANS), 0, 0 },
	{ "tcp.analysis.fast_retransmission", SENT, SENT,
	    1200, 5000, 0, 0, 500, 0, 5000, 1000, 1000, 500, 2,
	    SEGF_ACK, 1000, 5000, 100, 500,
	    CONN_ANN(FAST_RETRANS), CONN_ANN(RETRANS), 0 },
	{ "tcp.analysis.out_of_order", SENT | CONN_TCB_GAP, SENT,
	    1300, 5000, 0, 0, 500, 0, 5000, 1000, 1000, 500, 0,
	    SEGF_ACK, 1000, 5000, 100, 500,
	    CONN_ANN(OUT_OF_ORDER), CONN_ANN(RETRANS), 0 },
	{ "tcp.analysis.lost_segment (previous segment not captured)", SENT,
	    SENT, 1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1200, 5000, 100, 500, CONN_ANN(PREV_UNSEEN), 0, 0 },
	{ "tcp.analysis.keep_alive", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1099, 5000, 0, 500, CONN_ANN(KEEPALIVE),
	    CONN_ANN(DUP_ACK), 0 },
	{ "tcp.analysis.zero_window", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 0, CONN_ANN(ZERO_WINDOW), 0, 0 },
	{ "tcp.analysis.zero_window_probe", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 0, 0,
	    SEGF_ACK, 1100, 5000, 1, 500, CONN_ANN(WINDOW_PROBE),
	    CONN_ANN(KEEPALIVE), 0 },
	{ "tcp.analysis.window_full", SENT, SENT,
	    1000, 5000, 0, 0, 500, 0, 5000, 1000, 1000, 100, 0,
	    SEGF_ACK, 1000, 5000, 100, 500, CONN_ANN(WINDOW_FULL), 0, 0 },
	{ "tcp.analysis.duplicate_ack (the first)", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 6000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 500, CONN_ANN(DUP_ACK), 0, 1 },
	{ "tcp.analysis.duplicate_ack (the third)", SENT, SENT,
	    1100, 5000, 0, 0, 500, 2, 6000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 500, CONN_ANN(DUP_ACK), 0, 3 },
	{ "not a duplicate_ack: the window changed", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 6000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 600, 0, CONN_ANN(DUP_ACK), 0 },
	/* tshark flags it with nothing outstanding too (the ACK a
	   retransmitted SYN,ACK draws: kernel/ack-lost-backoff.pcap). */
	{ "tcp.analysis.duplicate_ack (nothing outstanding)", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 500, CONN_ANN(DUP_ACK), 0, 1 },
	{ "not a duplicate_ack: answers a keep-alive", SENT,
	    SENT | CONN_TCB_KEEPALIVE,
	    1100, 5000, 0, 0, 500, 0, 6000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 500, 0, CONN_ANN(DUP_ACK), 0 },
	{ "not a duplicate_ack: zero window", SENT, SENT,
	    1100, 5000, 0, 0, 0, 0, 6000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5000, 0, 0, CONN_ANN(ZERO_WINDOW),
	    CONN_ANN(DUP_ACK), 0 },
	{ "tcp.analysis.ack_lost_segment (ACKed unseen segment)", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK, 1100, 5200, 0, 500, CONN_ANN(ACKED_UNSEEN), 0, 0 },
	{ "data after FIN (no tshark flag; RFC 9293 3.10.4)",
	    SENT | CONN_TCB_SENT_FIN, SENT,
	    2001, 5000, 2000, 0, 500, 0, 5000, 2001, 2001, 500, 0,
	    SEGF_ACK, 2000, 5000, 10, 500, CONN_ANN(DATA_AFTER_FIN), 0, 0 },
	{ "new data: nothing to say", SENT, SENT,
	    1100, 5000, 0, 0, 500, 0, 5000, 1100, 1100, 500, 0,
	    SEGF_ACK | SEGF_PSH, 1100, 5000, 100, 500, 0,
	    CONN_ANN(RETRANS) | CONN_ANN(PREV_UNSEEN) | CONN_ANN(DUP_ACK), 0 },
};

static void
test_cases(void **state)
{
	struct conn		 c;
	struct event_segment	 seg;
	const struct tcase	*k;
	uint32_t		 ann;
	uint16_t		 dupack;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k = &cases[i];
		memset(&c, 0, sizeof c);
		c.end[CONN_CLIENT].tcb.flags = k->aflags;
		c.end[CONN_CLIENT].tcb.snd_nxt = k->a_snd_nxt;
		c.end[CONN_CLIENT].tcb.last_ack = k->a_last_ack;
		c.end[CONN_CLIENT].tcb.rcv_nxt = k->a_last_ack;
		c.end[CONN_CLIENT].tcb.fin_seq = k->a_fin_seq;
		c.end[CONN_CLIENT].tcb.iss = k->a_iss;
		c.end[CONN_CLIENT].tcb.window = k->a_window;
		c.end[CONN_CLIENT].tcb.dupacks = k->a_dupacks;
		c.end[CONN_SERVER].tcb.flags = k->bflags;
		c.end[CONN_SERVER].tcb.snd_nxt = k->b_snd_nxt;
		c.end[CONN_SERVER].tcb.rcv_nxt = k->b_rcv_nxt;
		c.end[CONN_SERVER].tcb.last_ack = k->b_last_ack;
		c.end[CONN_SERVER].tcb.window = k->b_window;
		c.end[CONN_SERVER].tcb.dupacks = k->b_dupacks;
		memset(&seg, 0, sizeof seg);
		seg.flags = k->flags;
		seg.seq = k->seq;
		seg.ack = k->ack;
		seg.payload_len = k->len;
		seg.window = k->window;
		ann = annotate_segment(&c, CONN_CLIENT, &seg, &dupack);
		if ((ann & k->want) != k->want || (ann & k->not) != 0)
			fail_msg("%s: bits 0x%x, want 0x%x, not 0x%x",
			    k->tshark, ann, k->want, k->not);
		if (dupack != k->dupack)
			fail_msg("%s: dup ACK #%u, want #%u", k->tshark, dupack,
			    k->dupack);
		/* The sender's count: on with each dup ACK, else back to 0. */
		assert_int_equal(c.end[CONN_CLIENT].tcb.dupacks,
		    (ann & CONN_ANN(DUP_ACK)) ? k->a_dupacks + 1 :
		    (ann & CONN_ANN(KEEPALIVE)) ? k->a_dupacks : 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
