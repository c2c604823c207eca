/*
 * annotate.c: Wireshark-style analysis of each segment (annotate.h): what
 * tcp.analysis would flag, from the two ends' TCBs as the engine keeps
 * them. Layer 2b, beside the engine that calls it; its oracle is tshark
 * (tests/tshark-segments.sh) and tests/unit/test-annotate.c.
 */
#include "config.h"

#include "annotate.h"
#include "classify.h"
#include "seq.h"

uint32_t
annotate_segment(struct conn *c, enum conn_role role,
    const struct event_segment *seg, uint16_t *dupack)
{
	struct conn_tcb	*ta = &c->end[role].tcb;
	struct conn_tcb	*tb = &c->end[!role].tcb;
	uint32_t	 ann = 0, len = classify_seg_len(seg), wnd;
	bool		 ctl = (seg->flags & (SEGF_SYN | SEGF_FIN |
			    SEGF_RST)) != 0;

	*dupack = 0;
	if ((seg->flags & SEGF_SYN) && (ta->flags & CONN_TCB_HAS_ISS) &&
	    seg->seq == ta->iss && (ta->flags & CONN_TCB_SENT_ANY))
		ann |= CONN_ANN(RETRANS);
	else if ((ta->flags & CONN_TCB_SENT_ANY) &&
	    !(seg->flags & (SEGF_SYN | SEGF_RST))) {
		switch (classify_data(seg, ta->snd_nxt)) {
		case CLASSIFY_DATA_KEEPALIVE:
			ann |= CONN_ANN(KEEPALIVE);
			break;
		case CLASSIFY_DATA_RETRANS:
			/* Wireshark tests fast retransmission first. */
			if (tb->dupacks >= 2 && seg->seq == tb->last_ack)
				ann |= CONN_ANN(FAST_RETRANS);
			else if (ta->flags & CONN_TCB_GAP)
				ann |= CONN_ANN(OUT_OF_ORDER);
			else
				ann |= CONN_ANN(RETRANS);
			break;
		case CLASSIFY_DATA_GAP:
			ann |= CONN_ANN(PREV_UNSEEN);
			break;
		default:
			break;
		}
	}
	if (seg->window == 0 && !ctl)
		ann |= CONN_ANN(ZERO_WINDOW);
	if (seg->payload_len == 1 && (ta->flags & CONN_TCB_SENT_ANY) &&
	    seg->seq == ta->snd_nxt && (tb->flags & CONN_TCB_SENT_ANY) &&
	    tb->window == 0) {
		ann |= CONN_ANN(WINDOW_PROBE);
		ann &= ~CONN_ANN(KEEPALIVE);
	}
	if (seg->payload_len > 0 && (tb->flags & CONN_TCB_SENT_ACK)) {
		wnd = (uint32_t)tb->window << tb->wscale;
		if (wnd != 0 && seg->seq + seg->payload_len ==
		    tb->rcv_nxt + wnd)
			ann |= CONN_ANN(WINDOW_FULL);
	}
	/*
	 * Wireshark's tcp.analysis.duplicate_ack: no data, no SYN/FIN/RST,
	 * the same ACK and the same non-zero window as the sender's
	 * previous segment, both sides seen (data outstanding or not: the
	 * ACK a retransmitted SYN,ACK draws is one, tests/tshark-analysis.sh).
	 */
	if (len == 0 && !ctl && (seg->flags & SEGF_ACK) &&
	    !(ann & CONN_ANN(KEEPALIVE)) && !(tb->flags & CONN_TCB_KEEPALIVE) &&
	    (ta->flags & CONN_TCB_SENT_ACK) && seg->ack == ta->last_ack &&
	    seg->window == ta->window && seg->window != 0 &&
	    (tb->flags & CONN_TCB_SENT_ANY)) {
		ann |= CONN_ANN(DUP_ACK);
		if (ta->dupacks < UINT8_MAX)
			ta->dupacks++;
		*dupack = ta->dupacks;
	} else if (!(ann & CONN_ANN(KEEPALIVE)))
		ta->dupacks = 0;
	/* A keep-alive's answer is no dup ACK either (Wireshark). */
	if (ann & CONN_ANN(KEEPALIVE))
		ta->flags |= CONN_TCB_KEEPALIVE;
	else
		ta->flags &= (uint8_t)~CONN_TCB_KEEPALIVE;
	if ((seg->flags & SEGF_ACK) && !(seg->flags & SEGF_RST) &&
	    (tb->flags & CONN_TCB_SENT_ANY) && seq_gt(seg->ack, tb->snd_nxt))
		ann |= CONN_ANN(ACKED_UNSEEN);
	if (seg->payload_len > 0 && (ta->flags & CONN_TCB_SENT_FIN) &&
	    seq_gt(seg->seq + seg->payload_len, ta->fin_seq))
		ann |= CONN_ANN(DATA_AFTER_FIN);
	return ann;
}
