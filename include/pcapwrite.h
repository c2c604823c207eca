/*
 * pcapwrite.h: write segments as a classic pcap file (LINKTYPE_RAW: each
 * record an IPv4 or IPv6 packet) with correct IP and TCP checksums, so
 * tshark and tcpviz -r read back what the simulator sent. Layer 2a:
 * includes layers 0-1 only; no libpcap.
 */
#ifndef TCPVIZ_PCAPWRITE_H
#define TCPVIZ_PCAPWRITE_H

#include <stdio.h>

#include "compat.h"
#include "event.h"

/* The largest packet pcapwrite_frame() builds: IPv6 + TCP + payload. */
#define PCAPWRITE_MAX_FRAME	(40 + 24 + 65535)

struct pcapwrite;

/* Create path (truncating it); NULL and *err on failure. */
struct pcapwrite *pcapwrite_open(const char *path, char **err);
/* Append one segment at its t_sent. 0, or -1 and *err. */
int		 pcapwrite_segment(struct pcapwrite *,
		    const struct event_segment *, char **err);
/* Flush and close; 0, or -1 and *err (the writer is freed either way). */
int		 pcapwrite_close(struct pcapwrite *, char **err);

/*
 * Build the raw IP packet for a segment into buf (cap bytes): header, TCP
 * header (with the MSS option when the segment has one) and a payload of
 * printable bytes derived from the sequence numbers (a resent segment
 * carries the same bytes). Returns the length, or 0 when it does not fit.
 */
size_t		 pcapwrite_frame(uint8_t *buf, size_t cap,
		    const struct event_segment *, uint16_t ip_id);

#endif
