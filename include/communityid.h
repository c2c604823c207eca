/*
 * communityid.h: the Community ID flow hash, version 1 (Corelight's public
 * spec, as written by Zeek, Suricata, Elastic, Arkime and tshark's
 * communityid dissector), so a tcpviz connection joins other tools'
 * records by one string. Layer 1: includes only event.h (layer 1) and 0.
 */
#ifndef TCPVIZ_COMMUNITYID_H
#define TCPVIZ_COMMUNITYID_H

#include "compat.h"
#include "event.h"

/* "1:" + 28 base64 characters of a SHA-1 + NUL. */
#define COMMUNITYID_STRLEN	31

#define COMMUNITYID_PROTO_TCP	6

/*
 * The hash of the flow between x and y (either order gives the same), of
 * IP protocol proto, with seed (0 by default in every tool). Writes "1:..."
 * into buf (at least COMMUNITYID_STRLEN) and returns buf; "" when the two
 * endpoints are not of one known family.
 */
char	*communityid_format(char *buf, size_t len,
	     const struct event_endpoint *x, const struct event_endpoint *y,
	     uint8_t proto, uint16_t seed);
/* The same for a TCP connection's key with seed 0. */
char	*communityid_key(char *buf, size_t len, const struct event_key *);

/* The SHA-1 of n bytes at p into out (20 bytes). */
void	 communityid_sha1(uint8_t out[20], const void *p, size_t n);
/*
 * Standard base64 (RFC 4648, with padding) of n bytes at p into buf of len
 * bytes with a NUL; returns the length written, or 0 with buf "" when
 * len is under 4 * ((n + 2) / 3) + 1.
 */
size_t	 communityid_base64(char *buf, size_t len, const void *p, size_t n);

#endif
