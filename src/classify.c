/*
 * classify.c: sequence-number guards, modulo 2^32. Layer 2b: includes
 * layers 0-1 only; pure functions, no state.
 */
#include "config.h"

#include "classify.h"
#include "seq.h"

/* The FIN comes after the SYN (if any) and the data. */
uint32_t
classify_fin_seq(const struct event_segment *seg)
{
	return seg->seq + seg->payload_len +
	    ((seg->flags & SEGF_SYN) ? 1 : 0);
}

/* ack acknowledges x when it is at least x + 1. */
bool
classify_acks(uint32_t ack, uint32_t x)
{
	return seq_gt(ack, x);
}

/* RFC 9293 3.10.7.4: "ACK of SYN" means SEG.ACK > ISS. */
bool
classify_acks_syn(const struct event_segment *seg, uint32_t iss)
{
	return (seg->flags & SEGF_ACK) && classify_acks(seg->ack, iss);
}

/* RFC 9293 3.10.7.4: "ACK of FIN" means SEG.ACK > the FIN's number. */
bool
classify_acks_fin(const struct event_segment *seg, uint32_t fin_seq)
{
	return (seg->flags & SEGF_ACK) && classify_acks(seg->ack, fin_seq);
}

/* RFC 9293 3.10.7.3: ISS < SEG.ACK <= SND.NXT. */
bool
classify_synsent_ack_ok(uint32_t ack, uint32_t iss, uint32_t snd_nxt)
{
	return seq_gt(ack, iss) && seq_leq(ack, snd_nxt);
}

/* RFC 9293 3.10.7.3: RST in SYN-SENT needs an acceptable ACK. */
enum classify_rst
classify_rst_synsent(const struct event_segment *seg, uint32_t iss,
    uint32_t snd_nxt)
{
	if (!(seg->flags & SEGF_ACK))
		return CLASSIFY_RST_IGNORE;
	if (!classify_synsent_ack_ok(seg->ack, iss, snd_nxt))
		return CLASSIFY_RST_IGNORE;
	return CLASSIFY_RST_ACCEPT;
}

/* RFC 5961 3.2 with the capture's uncertainty about RCV.NXT; see header. */
enum classify_rst
classify_rst_window(uint32_t seq, uint32_t rcv_lo, uint32_t rcv_nxt,
    uint32_t rcv_wnd)
{
	if (seq_between(seq, rcv_lo, rcv_nxt))
		return CLASSIFY_RST_ACCEPT;
	if (rcv_wnd != 0 && seq_in(seq, rcv_nxt, rcv_nxt + rcv_wnd))
		return CLASSIFY_RST_CHALLENGE;
	return CLASSIFY_RST_IGNORE;
}

/* New, retransmitted, after a gap, or a keep-alive (Wireshark's sense). */
enum classify_data
classify_data(const struct event_segment *seg, uint32_t snd_nxt)
{
	uint32_t	len = classify_seg_len(seg);

	if (seg->flags & (SEGF_SYN | SEGF_RST))
		return CLASSIFY_DATA_NEW;
	/* A keep-alive sits one below SND.NXT with 0 or 1 byte. */
	if (!(seg->flags & SEGF_FIN) && seg->payload_len <= 1 &&
	    seg->seq == snd_nxt - 1)
		return CLASSIFY_DATA_KEEPALIVE;
	if (len == 0)
		return seq_gt(seg->seq, snd_nxt) ? CLASSIFY_DATA_GAP :
		    CLASSIFY_DATA_NEW;
	if (seq_lt(seg->seq, snd_nxt))
		return CLASSIFY_DATA_RETRANS;
	if (seq_gt(seg->seq, snd_nxt))
		return CLASSIFY_DATA_GAP;
	return CLASSIFY_DATA_NEW;
}

/* RFC 7323 2.2 and 2.3: both SYNs must carry WS; shifts above 14 are 14. */
uint8_t
classify_wscale(const struct event_tcpopts *own,
    const struct event_tcpopts *peer)
{
	if (own == NULL || peer == NULL)
		return 0;
	if (!(own->present & EVOPT_WSCALE) || !(peer->present & EVOPT_WSCALE))
		return 0;
	return own->wscale > 14 ? 14 : own->wscale;
}

/* RFC 7323 2.2: the window field of a SYN is never scaled. */
uint32_t
classify_window(const struct event_segment *seg, uint8_t shift)
{
	if (seg->flags & SEGF_SYN)
		return seg->window;
	if (shift > 14)
		shift = 14;
	return (uint32_t)seg->window << shift;
}
