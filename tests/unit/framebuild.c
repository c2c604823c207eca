/*
 * framebuild.c: fabricate captured frames for the parse tests. Test code
 * only; includes compat, wire and event from the project.
 *
 * Appends never write past buf: an append that does not fit sets overflow
 * and is dropped, and tests assert overflow is false.
 */
#include "config.h"

#include <string.h>

#include "event.h"
#include "wire.h"
#include "framebuild.h"

static const uint8_t framebuild_ip4_src[4] = { 10, 0, 0, 1 };
static const uint8_t framebuild_ip4_dst[4] = { 10, 0, 0, 2 };
static const uint8_t framebuild_ip6_src[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
};
static const uint8_t framebuild_ip6_dst[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
};

void
framebuild_init(struct framebuild *fb)
{
	memset(fb, 0, sizeof *fb);
	fb->ip_off = SIZE_MAX;
	fb->tcp_off = SIZE_MAX;
}

/* Reserve n bytes at the end; NULL (and overflow set) if they do not fit. */
static uint8_t *
framebuild_grow(struct framebuild *fb, size_t n)
{
	uint8_t	*p;

	if (fb->overflow || n > sizeof fb->buf - fb->len) {
		fb->overflow = true;
		return NULL;
	}
	p = fb->buf + fb->len;
	fb->len += n;
	return p;
}

void
framebuild_bytes(struct framebuild *fb, const void *src, size_t n)
{
	uint8_t	*p = framebuild_grow(fb, n);

	if (p != NULL && n != 0)
		memcpy(p, src, n);
}

void
framebuild_fill(struct framebuild *fb, uint8_t c, size_t n)
{
	uint8_t	*p = framebuild_grow(fb, n);

	if (p != NULL)
		memset(p, c, n);
}

void
framebuild_put8(struct framebuild *fb, size_t off, uint8_t v)
{
	if (off < fb->len)
		fb->buf[off] = v;
	else
		fb->overflow = true;
}

void
framebuild_put16(struct framebuild *fb, size_t off, uint16_t v)
{
	framebuild_put8(fb, off, (uint8_t)(v >> 8));
	framebuild_put8(fb, off + 1, (uint8_t)v);
}

void
framebuild_put32(struct framebuild *fb, size_t off, uint32_t v)
{
	framebuild_put16(fb, off, (uint16_t)(v >> 16));
	framebuild_put16(fb, off + 2, (uint16_t)v);
}

/* Append a big-endian 16-bit value. */
static void
framebuild_be16(struct framebuild *fb, uint16_t v)
{
	uint8_t	b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	framebuild_bytes(fb, b, sizeof b);
}

/* Append a big-endian 32-bit value. */
static void
framebuild_be32(struct framebuild *fb, uint32_t v)
{
	framebuild_be16(fb, (uint16_t)(v >> 16));
	framebuild_be16(fb, (uint16_t)v);
}

void
framebuild_eth(struct framebuild *fb, const uint16_t *tpids, size_t ntags,
    uint16_t type)
{
	static const uint8_t	macs[12] = {
		0x02, 0, 0, 0, 0, 0x02,		/* destination */
		0x02, 0, 0, 0, 0, 0x01		/* source */
	};
	size_t			i;

	framebuild_bytes(fb, macs, sizeof macs);
	for (i = 0; i < ntags; i++) {
		framebuild_be16(fb, tpids[i]);
		framebuild_be16(fb, (uint16_t)(100 + i));	/* VLAN id */
	}
	framebuild_be16(fb, type);
}

void
framebuild_sll(struct framebuild *fb, uint16_t hatype, uint16_t proto)
{
	static const uint8_t	addr[8] = { 0x02, 0, 0, 0, 0, 0x01, 0, 0 };

	framebuild_be16(fb, 0);			/* sent to us */
	framebuild_be16(fb, hatype);
	framebuild_be16(fb, 6);			/* address length */
	framebuild_bytes(fb, addr, sizeof addr);
	framebuild_be16(fb, proto);
}

void
framebuild_sll2(struct framebuild *fb, uint16_t hatype, uint16_t proto)
{
	static const uint8_t	addr[8] = { 0x02, 0, 0, 0, 0, 0x01, 0, 0 };

	framebuild_be16(fb, proto);
	framebuild_be16(fb, 0);			/* reserved */
	framebuild_be32(fb, 2);			/* interface index */
	framebuild_be16(fb, hatype);
	framebuild_fill(fb, 4, 1);		/* outgoing */
	framebuild_fill(fb, 6, 1);		/* address length */
	framebuild_bytes(fb, addr, sizeof addr);
}

void
framebuild_null(struct framebuild *fb, uint32_t af, bool big_endian)
{
	uint8_t	b[4];

	if (big_endian) {
		framebuild_be32(fb, af);
		return;
	}
	b[0] = (uint8_t)af;
	b[1] = (uint8_t)(af >> 8);
	b[2] = (uint8_t)(af >> 16);
	b[3] = (uint8_t)(af >> 24);
	framebuild_bytes(fb, b, sizeof b);
}

void
framebuild_ipv4(struct framebuild *fb, uint8_t proto, uint16_t frag,
    const uint8_t *opts, size_t optlen)
{
	size_t	padded = (optlen + 3) & ~(size_t)3;

	if (fb->ip_off == SIZE_MAX) {
		fb->ip_off = fb->len;
		fb->ip_ver = 4;
	}
	framebuild_fill(fb, (uint8_t)(0x40 | (5 + padded / 4)), 1);
	framebuild_fill(fb, 0, 1);		/* TOS */
	framebuild_be16(fb, 0);			/* total length: finish */
	framebuild_be16(fb, 0x1234);		/* identification */
	framebuild_be16(fb, frag);
	framebuild_fill(fb, 64, 1);		/* TTL */
	framebuild_fill(fb, proto, 1);
	framebuild_be16(fb, 0);			/* checksum: finish */
	framebuild_bytes(fb, framebuild_ip4_src, 4);
	framebuild_bytes(fb, framebuild_ip4_dst, 4);
	framebuild_bytes(fb, opts, optlen);
	framebuild_fill(fb, WIRE_TCPOPT_EOL, padded - optlen);
}

void
framebuild_ipv6(struct framebuild *fb, uint8_t next)
{
	if (fb->ip_off == SIZE_MAX) {
		fb->ip_off = fb->len;
		fb->ip_ver = 6;
	}
	framebuild_be32(fb, 0x60000000);	/* version, class, flow */
	framebuild_be16(fb, 0);			/* payload length: finish */
	framebuild_fill(fb, next, 1);
	framebuild_fill(fb, 64, 1);		/* hop limit */
	framebuild_bytes(fb, framebuild_ip6_src, 16);
	framebuild_bytes(fb, framebuild_ip6_dst, 16);
}

void
framebuild_ip6_ext(struct framebuild *fb, uint8_t next, size_t len)
{
	framebuild_fill(fb, next, 1);
	framebuild_fill(fb, (uint8_t)(len / 8 - 1), 1);
	/* PadN option over the rest, so the header is well formed. */
	framebuild_fill(fb, 1, 1);
	framebuild_fill(fb, (uint8_t)(len - 4), 1);
	framebuild_fill(fb, 0, len - 4);
}

void
framebuild_ip6_jumbo(struct framebuild *fb, uint8_t next, uint32_t jumbo)
{
	framebuild_fill(fb, next, 1);
	framebuild_fill(fb, 0, 1);		/* 8 bytes */
	framebuild_fill(fb, 0xc2, 1);		/* Jumbo Payload */
	framebuild_fill(fb, 4, 1);
	framebuild_be32(fb, jumbo);
}

void
framebuild_ip6_frag(struct framebuild *fb, uint8_t next, uint16_t offset,
    bool more)
{
	framebuild_fill(fb, next, 1);
	framebuild_fill(fb, 0, 1);
	framebuild_be16(fb, (uint16_t)((offset << 3) | (more ? 1 : 0)));
	framebuild_be32(fb, 0xcafe);		/* identification */
}

void
framebuild_ah(struct framebuild *fb, uint8_t next, size_t len)
{
	framebuild_fill(fb, next, 1);
	framebuild_fill(fb, (uint8_t)(len / 4 - 2), 1);
	framebuild_be16(fb, 0);			/* reserved */
	framebuild_be32(fb, 0x100);		/* SPI */
	framebuild_be32(fb, 1);			/* sequence number */
	framebuild_fill(fb, 0xaa, len - 12);	/* ICV */
}

void
framebuild_tcp(struct framebuild *fb, const struct framebuild_tcp *t)
{
	size_t	padded = (t->optlen + 3) & ~(size_t)3;
	uint8_t	doff = t->doff != 0 ? t->doff : (uint8_t)(5 + padded / 4);

	fb->tcp_off = fb->len;
	fb->tcp_hlen = 20 + padded;
	framebuild_be16(fb, t->sport);
	framebuild_be16(fb, t->dport);
	framebuild_be32(fb, t->seq);
	framebuild_be32(fb, t->ack);
	framebuild_fill(fb, (uint8_t)((doff << 4) | ((t->flags >> 8) & 1)), 1);
	framebuild_fill(fb, (uint8_t)t->flags, 1);
	framebuild_be16(fb, t->window);
	framebuild_be16(fb, 0);			/* checksum: finish */
	framebuild_be16(fb, t->urgent);
	framebuild_bytes(fb, t->opts, t->optlen);
	framebuild_fill(fb, WIRE_TCPOPT_EOL, padded - t->optlen);
}

/* Ones-complement sum of n bytes, continuing from sum. */
static uint32_t
framebuild_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)((p[i] << 8) | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)(p[n - 1] << 8);
	return sum;
}

/* Fold a 32-bit sum into the 16-bit checksum field value. */
static uint16_t
framebuild_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void
framebuild_finish(struct framebuild *fb)
{
	uint32_t	sum = 0;
	size_t		ihl, tcplen;

	fb->end = fb->len;
	if (fb->overflow || fb->ip_off == SIZE_MAX)
		return;
	if (fb->ip_ver == 4) {
		ihl = (size_t)(fb->buf[fb->ip_off] & 0x0f) * 4;
		framebuild_put16(fb, fb->ip_off + 2,
		    (uint16_t)(fb->end - fb->ip_off));
		framebuild_put16(fb, fb->ip_off + 10, framebuild_fold(
		    framebuild_sum(0, fb->buf + fb->ip_off, ihl)));
	} else
		framebuild_put16(fb, fb->ip_off + 4,
		    (uint16_t)(fb->end - fb->ip_off - 40));

	if (fb->tcp_off == SIZE_MAX || fb->tcp_off + 20 > fb->end)
		return;
	/* RFC 9293 3.1: the checksum covers a pseudo-header. */
	tcplen = fb->end - fb->tcp_off;
	if (fb->ip_ver == 4)
		sum = framebuild_sum(sum, fb->buf + fb->ip_off + 12, 8);
	else
		sum = framebuild_sum(sum, fb->buf + fb->ip_off + 8, 32);
	sum += WIRE_IP_TCP + (uint32_t)tcplen;
	sum = framebuild_sum(sum, fb->buf + fb->tcp_off, tcplen);
	framebuild_put16(fb, fb->tcp_off + 16, framebuild_fold(sum));
}
