/*
 * classify.h: every sequence-number guard the engine uses, in one place,
 * modulo 2^32 (seq.h). Layer 2b: includes layers 0-1 only.
 *
 * The functions are pure: they take the numbers they need rather than the
 * engine's structures, so unit tests can drive them at the wrap-around.
 * "Sequence space" of a segment: SYN and FIN each consume one number
 * (RFC 9293 3.4), data consumes its length.
 */
#ifndef TCPVIZ_CLASSIFY_H
#define TCPVIZ_CLASSIFY_H

#include "compat.h"
#include "event.h"

/* Sequence numbers a segment occupies: payload + SYN + FIN. */
static inline uint32_t
classify_seg_len(const struct event_segment *seg)
{
	return seg->payload_len + ((seg->flags & SEGF_SYN) ? 1 : 0) +
	    ((seg->flags & SEGF_FIN) ? 1 : 0);
}

/* The first sequence number after the segment (seq + seg_len). */
static inline uint32_t
classify_seg_end(const struct event_segment *seg)
{
	return seg->seq + classify_seg_len(seg);
}

/* Sequence number of the segment's FIN (seq + SYN + payload). */
uint32_t	classify_fin_seq(const struct event_segment *);

/* Does ack cover the sequence number x (ack >= x + 1)? */
bool		classify_acks(uint32_t ack, uint32_t x);
/* Does the segment carry ACK and acknowledge our SYN sent with iss? */
bool		classify_acks_syn(const struct event_segment *, uint32_t iss);
/* Does the segment carry ACK and acknowledge our FIN at fin_seq? */
bool		classify_acks_fin(const struct event_segment *,
		    uint32_t fin_seq);
/*
 * RFC 9293 3.10.7.3: in SYN-SENT an ACK is acceptable iff
 * ISS < SEG.ACK <= SND.NXT.
 */
bool		classify_synsent_ack_ok(uint32_t ack, uint32_t iss,
		    uint32_t snd_nxt);

/* How a receiver judges a RST (RFC 9293 3.10.7, RFC 5961 3.2). */
enum classify_rst {
	CLASSIFY_RST_ACCEPT,	/* resets the connection */
	CLASSIFY_RST_CHALLENGE,	/* in window, not exact: challenge ACK */
	CLASSIFY_RST_IGNORE	/* out of window: dropped */
};

/*
 * A RST at an endpoint in SYN-SENT: acceptable iff it carries an ACK that
 * acknowledges our SYN (RFC 9293 3.10.7.3).
 */
enum classify_rst classify_rst_synsent(const struct event_segment *,
		    uint32_t iss, uint32_t snd_nxt);
/*
 * A RST at a synchronized endpoint (or SYN-RECEIVED): RFC 5961 3.2 accepts
 * SEG.SEQ == RCV.NXT, challenges any other seq in
 * [RCV.NXT, RCV.NXT + RCV.WND), drops the rest. A capture cannot see
 * whether the challenge ACK led to a good RST, nor RCV.NXT exactly, so
 * "practical" also accepts seq in [rcv_lo, rcv_nxt]: rcv_lo is the last
 * ACK the receiver sent, rcv_nxt what the sender has sent so far (the
 * receiver may have got it all).
 */
enum classify_rst classify_rst_window(uint32_t seq, uint32_t rcv_lo,
		    uint32_t rcv_nxt, uint32_t rcv_wnd);

/* What a data-carrying or bare segment is relative to what was sent. */
enum classify_data {
	CLASSIFY_DATA_NEW,	/* starts at SND.NXT (or a bare ACK) */
	CLASSIFY_DATA_RETRANS,	/* all or part already sent */
	CLASSIFY_DATA_GAP,	/* starts after SND.NXT: earlier ones unseen */
	CLASSIFY_DATA_KEEPALIVE	/* seq = SND.NXT - 1, 0 or 1 byte */
};

/*
 * Classify a segment against the sender's highest sequence number sent so
 * far (snd_nxt). Zero-length segments without SYN/FIN are NEW unless they
 * are keep-alives.
 */
enum classify_data classify_data(const struct event_segment *,
		    uint32_t snd_nxt);

/*
 * RFC 7323 2.2: the window scale applies only when both SYNs carried the
 * option. Returns the shift for windows sent by the endpoint that sent
 * own_syn_opts (capped at 14), or 0.
 */
uint8_t		classify_wscale(const struct event_tcpopts *own_syn_opts,
		    const struct event_tcpopts *peer_syn_opts);
/* The receive window a segment advertises, scaled (never on a SYN). */
uint32_t	classify_window(const struct event_segment *, uint8_t shift);

#endif
