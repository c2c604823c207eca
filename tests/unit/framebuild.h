/*
 * framebuild.h: test helpers that fabricate captured frames byte by byte:
 * link headers (Ethernet with VLAN stacks, Linux cooked v1/v2, BSD
 * loopback, raw), IPv4 with options and fragments, IPv6 with extension
 * headers, TCP with options. Tests only; not linked into tcpviz.
 *
 * A frame is built front to back by appending headers in wire order, then
 * framebuild_finish() fills the IP lengths and the checksums. Tests that
 * want a broken field overwrite it afterwards with framebuild_put16() and
 * friends at the offsets the builder recorded.
 */
#ifndef TCPVIZ_FRAMEBUILD_H
#define TCPVIZ_FRAMEBUILD_H

#include "compat.h"

#define FRAMEBUILD_MAX	4096

struct framebuild {
	uint8_t		buf[FRAMEBUILD_MAX];
	size_t		len;
	bool		overflow;	/* an append did not fit */
	size_t		ip_off;		/* first IP header, or SIZE_MAX */
	int		ip_ver;		/* 4 or 6, 0 if none */
	size_t		tcp_off;	/* TCP header, or SIZE_MAX */
	size_t		tcp_hlen;	/* TCP header length with options */
	size_t		end;		/* end of the IP packet, not trailer */
};

/* TCP header fields; a doff of 0 means "from the options". */
struct framebuild_tcp {
	uint16_t	 sport;
	uint16_t	 dport;
	uint32_t	 seq;
	uint32_t	 ack;
	uint16_t	 flags;		/* SEGF_* (9 bits) */
	uint16_t	 window;
	uint16_t	 urgent;
	uint8_t		 doff;		/* 32-bit words; 0: computed */
	const uint8_t	*opts;
	size_t		 optlen;	/* EOL-padded to a multiple of 4 */
};

void	framebuild_init(struct framebuild *);
void	framebuild_bytes(struct framebuild *, const void *, size_t);
void	framebuild_fill(struct framebuild *, uint8_t, size_t);
void	framebuild_put8(struct framebuild *, size_t, uint8_t);
void	framebuild_put16(struct framebuild *, size_t, uint16_t);
void	framebuild_put32(struct framebuild *, size_t, uint32_t);

/* Ethernet II with ntags VLAN tags (each tag's TPID given) then type. */
void	framebuild_eth(struct framebuild *, const uint16_t *tpids,
	    size_t ntags, uint16_t type);
/* Linux cooked v1 and v2 headers. */
void	framebuild_sll(struct framebuild *, uint16_t hatype, uint16_t proto);
void	framebuild_sll2(struct framebuild *, uint16_t hatype, uint16_t proto);
/* DLT_NULL family in little- or big-endian order; DLT_LOOP is big. */
void	framebuild_null(struct framebuild *, uint32_t af, bool big_endian);

/* IPv4 header: src 10.0.0.1, dst 10.0.0.2 unless changed afterwards. */
void	framebuild_ipv4(struct framebuild *, uint8_t proto, uint16_t frag,
	    const uint8_t *opts, size_t optlen);
/* IPv6 header: src 2001:db8::1, dst 2001:db8::2. */
void	framebuild_ipv6(struct framebuild *, uint8_t next);
/* A generic extension header (hop-by-hop, routing, dst options), len
 * bytes (a multiple of 8, >= 8), padded with zeros. */
void	framebuild_ip6_ext(struct framebuild *, uint8_t next, size_t len);
/* Hop-by-hop header holding one Jumbo Payload option. */
void	framebuild_ip6_jumbo(struct framebuild *, uint8_t next,
	    uint32_t jumbo);
/* Fragment header: offset in 8-byte units, more-fragments flag. */
void	framebuild_ip6_frag(struct framebuild *, uint8_t next, uint16_t offset,
	    bool more);
/* Authentication header of len bytes (a multiple of 4, >= 12). */
void	framebuild_ah(struct framebuild *, uint8_t next, size_t len);

void	framebuild_tcp(struct framebuild *, const struct framebuild_tcp *);

/* Fill in IP lengths and IPv4/TCP checksums for what was appended. */
void	framebuild_finish(struct framebuild *);

#endif
