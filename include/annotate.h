/*
 * annotate.h: the annotations of a segment (CONN_ANN bits of conn.h):
 * retransmission, fast retransmission, dup ACK, out-of-order, previous
 * segment not captured, zero window, window full, window probe,
 * keep-alive, ACKed unseen segment, data after FIN. The texts follow
 * Wireshark's tcp.analysis meanings. Layer 2b.
 */
#ifndef TCPVIZ_ANNOTATE_H
#define TCPVIZ_ANNOTATE_H

#include "compat.h"
#include "conn.h"
#include "event.h"

/*
 * A segment from role, against both ends' TCBs as they were before it
 * (the engine updates them after). *dupack: its dup ACK number (0: not
 * one). Counts the sender's consecutive dup ACKs (tcb.dupacks).
 */
uint32_t	 annotate_segment(struct conn *, enum conn_role,
		    const struct event_segment *, uint16_t *dupack);

#endif
