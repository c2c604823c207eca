/*
 * communityid.c: Community ID v1 flow hashing, with the small SHA-1 and
 * base64 it needs (no library dependency). Layer 1.
 *
 * The hashed bytes, all in network order: seed (2), the smaller
 * endpoint's address then the other's (4 or 16 each), the protocol (1), a
 * zero pad (1), the smaller endpoint's port then the other's (2 each).
 * "Smaller" compares address bytes, then ports, so both directions give
 * one hash.
 */
#include "config.h"

#include <string.h>

#include "communityid.h"

static uint32_t
communityid_rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

/* One 64-byte block into the five state words (FIPS 180-4 6.1.2). */
static void
communityid_sha1_block(uint32_t h[5], const uint8_t *blk)
{
	uint32_t	w[80], a, b, c, d, e, f, k, t;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)blk[4 * i] << 24 |
		    (uint32_t)blk[4 * i + 1] << 16 |
		    (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = communityid_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^
		    w[i - 16], 1);
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = communityid_rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = communityid_rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void
communityid_sha1(uint8_t out[20], const void *p, size_t n)
{
	uint32_t	 h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
			     0x10325476, 0xc3d2e1f0 };
	const uint8_t	*s = p;
	uint8_t		 blk[64];
	uint64_t	 bits = (uint64_t)n * 8;
	size_t		 r;
	int		 i;

	for (; n >= 64; n -= 64, s += 64)
		communityid_sha1_block(h, s);
	/* The tail, a 1 bit, zeros, and the length in bits (big-endian). */
	memset(blk, 0, sizeof blk);
	memcpy(blk, s, n);
	blk[n] = 0x80;
	r = n + 1;
	if (r > 56) {
		communityid_sha1_block(h, blk);
		memset(blk, 0, sizeof blk);
	}
	for (i = 0; i < 8; i++)
		blk[63 - i] = (uint8_t)(bits >> (8 * i));
	communityid_sha1_block(h, blk);
	for (i = 0; i < 20; i++)
		out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

size_t
communityid_base64(char *buf, size_t len, const void *p, size_t n)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const uint8_t		*s = p;
	size_t			 i, o = 0;
	uint32_t		 v;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (n > (SIZE_MAX - 1) / 4 * 3 - 2 || len < 4 * ((n + 2) / 3) + 1)
		return 0;
	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		buf[o++] = abc[v >> 18 & 63];
		buf[o++] = abc[v >> 12 & 63];
		buf[o++] = abc[v >> 6 & 63];
		buf[o++] = abc[v & 63];
	}
	if (i < n) {
		v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		buf[o++] = abc[v >> 18 & 63];
		buf[o++] = abc[v >> 12 & 63];
		buf[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		buf[o++] = '=';
	}
	buf[o] = '\0';
	return o;
}

char *
communityid_format(char *buf, size_t len, const struct event_endpoint *x,
    const struct event_endpoint *y, uint8_t proto, uint16_t seed)
{
	const struct event_endpoint	*lo = x, *hi = y;
	uint8_t				 in[2 + 16 + 16 + 2 + 4], md[20];
	size_t				 alen, o = 0;
	int				 c;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (x->family != y->family || len < COMMUNITYID_STRLEN ||
	    (x->family != EVENT_AF_INET && x->family != EVENT_AF_INET6))
		return buf;
	alen = x->family == EVENT_AF_INET ? 4 : 16;
	/* The spec's order: address bytes, then the port on a tie. */
	c = memcmp(x->addr, y->addr, alen);
	if (c > 0 || (c == 0 && x->port > y->port)) {
		lo = y;
		hi = x;
	}
	in[o++] = (uint8_t)(seed >> 8);
	in[o++] = (uint8_t)seed;
	memcpy(in + o, lo->addr, alen);
	o += alen;
	memcpy(in + o, hi->addr, alen);
	o += alen;
	in[o++] = proto;
	in[o++] = 0;
	in[o++] = (uint8_t)(lo->port >> 8);
	in[o++] = (uint8_t)lo->port;
	in[o++] = (uint8_t)(hi->port >> 8);
	in[o++] = (uint8_t)hi->port;
	communityid_sha1(md, in, o);
	buf[0] = '1';
	buf[1] = ':';
	(void)communityid_base64(buf + 2, len - 2, md, sizeof md);
	return buf;
}

char *
communityid_key(char *buf, size_t len, const struct event_key *key)
{
	return communityid_format(buf, len, &key->a, &key->b,
	    COMMUNITYID_PROTO_TCP, 0);
}
