/*
 * event.c: flow keys and text formatting for segments. Layer 1.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "event.h"

/* Order endpoints by family, then address bytes, then port. */
int
event_endpoint_cmp(const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	uint32_t	a, b;
	int		c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->family == EVENT_AF_INET) {
		/* Big-endian words compare as their bytes do (memcmp). */
		memcpy(&a, x->addr, 4);
		memcpy(&b, y->addr, 4);
		a = ntohl(a);
		b = ntohl(b);
		if (a != b)
			return a < b ? -1 : 1;
	} else if ((c = memcmp(x->addr, y->addr, 16)) != 0)
		return c < 0 ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return 0;
}

bool
event_endpoint_eq(const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	uint32_t	a, b;

	/* The lookup of every segment: ports first, IPv4 as one word. */
	if (x->port != y->port || x->family != y->family)
		return false;
	if (x->family == EVENT_AF_INET) {
		memcpy(&a, x->addr, 4);
		memcpy(&b, y->addr, 4);
		return a == b;
	}
	return memcmp(x->addr, y->addr, 16) == 0;
}

/* Build the direction-free key; returns 1 when the segment runs b->a. */
int
event_key_make(struct event_key *key, const struct event_segment *seg)
{
	return event_key_from(key, &seg->src, &seg->dst);
}

int
event_key_from(struct event_key *key, const struct event_endpoint *src,
    const struct event_endpoint *dst)
{
	memset(key, 0, sizeof *key);
	if (event_endpoint_cmp(src, dst) <= 0) {
		key->a = *src;
		key->b = *dst;
		return 0;
	}
	key->a = *dst;
	key->b = *src;
	return 1;
}

/* Mix one 32-bit word into h (multiply-xorshift). */
static uint32_t
event_hash_word(uint32_t h, uint32_t w)
{
	h = (h ^ w) * 0x9e3779b1u;
	return h ^ (h >> 15);
}

/* Hash one endpoint, continuing from h: its address a word at a time. */
static uint32_t
event_hash_endpoint(uint32_t h, const struct event_endpoint *e)
{
	size_t		i, n = e->family == EVENT_AF_INET ? 4 : 16;
	uint32_t	w;

	h = event_hash_word(h, (uint32_t)e->family << 16 | e->port);
	for (i = 0; i < n; i += 4) {
		memcpy(&w, e->addr + i, 4);
		h = event_hash_word(h, w);
	}
	return h;
}

uint32_t
event_key_hash(const struct event_key *key)
{
	uint32_t	h = 2166136261u;

	h = event_hash_endpoint(h, &key->a);
	h = event_hash_endpoint(h, &key->b);
	/* Final avalanche so low bits are usable as a bucket index. */
	h ^= h >> 16;
	h *= 0x7feb352d;
	h ^= h >> 15;
	return h;
}

bool
event_key_eq(const struct event_key *x, const struct event_key *y)
{
	return event_endpoint_eq(&x->a, &y->a) &&
	    event_endpoint_eq(&x->b, &y->b);
}

/*
 * The batch printers format an address and a time per line: by hand, as
 * snprintf (and glibc's inet_ntop for IPv4, which uses it) costs more
 * than the engine. Each writes into a scratch buffer, then copies at most
 * len - 1 bytes, as snprintf would.
 */

static const char	event_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";
#define pairs	event_pairs

/* An event_decimal that does not fit before end: the digits that do. */
static COMPAT_NOINLINE char *
event_decimal_cut(char *p, const char *end, uint64_t v, int width)
{
	char	d[24], *q, *r = event_decimal(d, d + sizeof d, v, width);

	for (q = d; q < r && p < end; )
		*p++ = *q++;
	return p;
}

/* A byte (an IPv4 address's) in decimal at p; the new end. */
static inline char *
event_put_octet(char *p, unsigned v)
{
	if (v >= 100) {
		*p++ = (char)('0' + v / 100);
		memcpy(p, pairs + 2 * (v % 100), 2);
		return p + 2;
	}
	if (v >= 10) {
		memcpy(p, pairs + 2 * v, 2);
		return p + 2;
	}
	*p++ = (char)('0' + v);
	return p;
}

/* v in decimal at p, at least width digits, not past end; the new end. */
char *
event_decimal(char *p, const char *end, uint64_t v, int width)
{
	uint64_t		x;
	uint32_t		lo, r;
	int			n, i;
	char			*q;

	/* Its digits: a few compares, not a division a digit. */
	n = 1;
	x = v;
	if (x >= UINT64_C(10000000000)) {
		n += 10;
		x /= UINT64_C(10000000000);
	}
	if (x >= 100000) {
		n += 5;
		x /= 100000;
	}
	if (x >= 100) {
		n += 2;
		x /= 100;
	}
	if (x >= 10) {
		n++;
		x /= 10;
	}
	if (x >= 10)
		n++;
	if (width > 20)
		width = 20;
	i = n < width ? width : n;
	if (end - p < i)
		return event_decimal_cut(p, end, v, width);
	for (q = p; q < p + i - n; )
		*q++ = '0';
	/* Backwards from the end, two digits a step. */
	q = p + i;
	while (v > UINT32_MAX) {
		lo = (uint32_t)(v % 100);
		v /= 100;
		q -= 2;
		memcpy(q, pairs + 2 * lo, 2);
	}
	/* Four digits a step: one division for two pairs. */
	for (lo = (uint32_t)v; lo >= 10000; lo /= 10000) {
		r = lo % 10000;
		q -= 4;
		memcpy(q, pairs + 2 * (r / 100), 2);
		memcpy(q + 2, pairs + 2 * (r % 100), 2);
	}
	if (lo >= 100) {
		q -= 2;
		memcpy(q, pairs + 2 * (lo % 100), 2);
		lo /= 100;
	}
	if (lo >= 10) {
		q -= 2;
		memcpy(q, pairs + 2 * lo, 2);
	} else
		*--q = (char)('0' + lo);
	return p + i;
}

/* At p in a scratch buffer of the caller's (always large enough). */
#define event_put_u64(p, v, w)	event_decimal((p), (p) + 24, (v), (w))

/* Copy the scratch string [s, end) into buf as snprintf would. */
static char *
event_put_done(char *buf, size_t len, const char *s, const char *end)
{
	size_t	n = (size_t)(end - s);

	if (len == 0)
		return buf;
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/*
 * An IPv6 address at p as inet_ntop writes it (RFC 5952: lower-case hex,
 * the first longest run of two or more zero groups as "::"; ::ffff:a.b.c.d
 * and the old ::a.b.c.d with an IPv4 address in the last 32 bits).
 */
static char *
event_put_addr6(char *p, const uint8_t a[16])
{
	static const char	hex[] = "0123456789abcdef";
	uint16_t		w[8];
	int			i, base = -1, len = 0, cur = -1, n = 0, shift;
	bool			lead;

	for (i = 0; i < 8; i++)
		w[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
	for (i = 0; i <= 8; i++) {
		if (i < 8 && w[i] == 0) {
			if (cur < 0)
				cur = i;
			n++;
			continue;
		}
		if (cur >= 0 && n > len) {
			base = cur;
			len = n;
		}
		cur = -1;
		n = 0;
	}
	if (len < 2)
		base = -1;
	for (i = 0; i < 8; i++) {
		if (base >= 0 && i >= base && i < base + len) {
			if (i == base)
				*p++ = ':';
			continue;
		}
		if (i > 0)
			*p++ = ':';
		if (i == 6 && base == 0 &&
		    (len == 6 || (len == 5 && w[5] == 0xffff))) {
			for (n = 12; n < 16; n++) {
				if (n > 12)
					*p++ = '.';
				p = event_put_octet(p, a[n]);
			}
			return p;
		}
		lead = true;
		for (shift = 12; shift >= 0; shift -= 4) {
			n = (w[i] >> shift) & 0xf;
			if (lead && n == 0 && shift > 0)
				continue;
			lead = false;
			*p++ = hex[n];
		}
	}
	if (base >= 0 && base + len == 8)
		*p++ = ':';
	return p;
}

/* The address at p (IPv4 by hand; IPv6 by inet_ntop); return the end. */
static char *
event_put_addr(char *p, const struct event_endpoint *e)
{
	int	i;

	if (e->family == EVENT_AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				*p++ = '.';
			p = event_put_octet(p, e->addr[i]);
		}
		return p;
	}
	return event_put_addr6(p, e->addr);
}

char *
event_addr_format(char *buf, size_t len, const struct event_endpoint *e)
{
	char	s[INET6_ADDRSTRLEN + 8];

	return event_put_done(buf, len, s, event_put_addr(s, e));
}

char *
event_put_endpoint(char *p, const struct event_endpoint *e)
{
	if (e->family != EVENT_AF_INET)
		*p++ = '[';
	p = event_put_addr(p, e);
	if (e->family != EVENT_AF_INET)
		*p++ = ']';
	*p++ = ':';
	return event_put_u64(p, e->port, 1);
}

char *
event_endpoint_format(char *buf, size_t len, const struct event_endpoint *e)
{
	char	s[EVENT_ADDR_STRLEN];

	return event_put_done(buf, len, s, event_put_endpoint(s, e));
}

/*
 * An endpoint in at most width columns, for a table or a header: the
 * port is never cut (":5055" for port 50552 would lie); when it does not
 * fit the host part loses its start behind an ellipsis ("…", or ".." in
 * ASCII), keeping the end that tells hosts of one subnet apart. Width
 * below the ellipsis and the port: the port alone, or "" when even that
 * does not fit. Each byte of the result but the ellipsis is one column.
 */
char *
event_endpoint_format_fit(char *buf, size_t len,
    const struct event_endpoint *e, int width, bool ascii)
{
	char		 s[EVENT_ADDR_STRLEN];
	const char	*ell = ascii ? ".." : "\xe2\x80\xa6";
	size_t		 n, tail, keep, ellw = ascii ? 2 : 1;
	char		*colon;
	bool		 v6 = e->family != EVENT_AF_INET;

	if (len == 0)
		return buf;
	n = (size_t)(event_put_endpoint(s, e) - s);
	s[n] = '\0';
	if (width < 0)
		width = 0;
	if (n <= (size_t)width) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	/* The port with its colon (and an IPv6 address's "]"). */
	colon = strrchr(s, ':');
	tail = (size_t)(s + n - colon) + (v6 ? 1 : 0);
	if (tail + ellw + 1 + (v6 ? 1 : 0) > (size_t)width) {
		/* No room for any of the host: the port alone, or nothing. */
		if (tail - (v6 ? 1 : 0) <= (size_t)width)
			snprintf(buf, len, "%s", colon);
		else
			buf[0] = '\0';
		return buf;
	}
	/* Host characters kept: what the width leaves after the rest. */
	keep = (size_t)width - tail - ellw - (v6 ? 1 : 0);
	snprintf(buf, len, "%s%s%.*s", v6 ? "[" : "", ell,
	    (int)(keep + tail), s + n - tail - keep);
	return buf;
}

char *
event_put_time(char *p, int64_t ns)
{
	int64_t	sec = ns / COMPAT_NS_PER_SEC;
	int64_t	rem = ns % COMPAT_NS_PER_SEC;

	if (rem < 0) {
		rem += COMPAT_NS_PER_SEC;
		sec--;
	}
	if (sec < 0 && rem != 0) {
		/* Print -0.5 s as "-0.500000", not "-1.500000". */
		*p++ = '-';
		p = event_put_u64(p, (uint64_t)-(sec + 1), 1);
		rem = COMPAT_NS_PER_SEC - rem;
	} else if (sec < 0) {
		*p++ = '-';
		p = event_put_u64(p, (uint64_t)0 - (uint64_t)sec, 1);
	} else
		p = event_put_u64(p, (uint64_t)sec, 1);
	*p++ = '.';
	return event_put_u64(p, (uint64_t)(rem / 1000), 6);
}

char *
event_time_format(char *buf, size_t len, int64_t ns)
{
	char	s[EVENT_TIME_STRLEN];

	return event_put_done(buf, len, s, event_put_time(s, ns));
}

char *
event_put_flags(char *p, uint16_t flags)
{
	static const struct {
		uint16_t	 bit;
		char		 name[4];
	} names[] = {
		{ SEGF_SYN, "SYN" }, { SEGF_FIN, "FIN" }, { SEGF_RST, "RST" },
		{ SEGF_PSH, "PSH" }, { SEGF_ACK, "ACK" }, { SEGF_URG, "URG" },
		{ SEGF_ECE, "ECE" }, { SEGF_CWR, "CWR" }, { SEGF_NS, "NS" },
	};
	char	*start = p;
	size_t	 i;

	for (i = 0; i < COMPAT_NITEMS(names); i++) {
		if ((flags & names[i].bit) == 0)
			continue;
		if (p != start)
			*p++ = ',';
		/* three letters, NS two: copy four, keep up to the NUL */
		memcpy(p, names[i].name, 4);
		p += names[i].name[2] == '\0' ? 2 : 3;
	}
	if (p == start) {
		memcpy(p, "none", 4);
		p += 4;
	}
	return p;
}

char *
event_flags_format(char *buf, size_t len, uint16_t flags)
{
	char	s[EVENT_FLAGS_STRLEN + 4];

	return event_put_done(buf, len, s, event_put_flags(s, flags));
}

char *
event_endpoint_fit(char *buf, size_t len, const struct event_endpoint *e,
    int width, bool ascii)
{
	char		 full[EVENT_ADDR_STRLEN], *colon;
	const char	*dots = ascii ? "..." : "\xe2\x80\xa6";
	int		 dotw = ascii ? 3 : 1, v6 = e->family == EVENT_AF_INET6;
	size_t		 n, tail, keep;

	event_endpoint_format(full, sizeof full, e);
	n = strlen(full);
	if (len == 0)
		return buf;
	if (width < 0 || n <= (size_t)width || (colon = strrchr(full, ':'))
	    == NULL) {
		snprintf(buf, len, "%s", full);
		return buf;
	}
	/* What must stay: ":port", and "]" before it for IPv6. */
	tail = strlen(colon) + (size_t)v6;
	if ((size_t)width < tail + (size_t)dotw + (size_t)v6)
		keep = (size_t)v6;
	else
		keep = (size_t)width - tail - (size_t)dotw;
	snprintf(buf, len, "%.*s%s%s", (int)keep, full, dots,
	    colon - v6);
	return buf;
}

char *
event_filter_display(char *buf, size_t len, const struct event_key *k)
{
	char		 a[EVENT_ADDR_STRLEN], b[EVENT_ADDR_STRLEN];
	const char	*ip = k->a.family == EVENT_AF_INET6 ? "ipv6" : "ip";

	event_addr_format(a, sizeof a, &k->a);
	event_addr_format(b, sizeof b, &k->b);
	snprintf(buf, len, "%s.addr==%s && tcp.port==%u && %s.addr==%s && "
	    "tcp.port==%u", ip, a, k->a.port, ip, b, k->b.port);
	return buf;
}

char *
event_filter_bpf(char *buf, size_t len, const struct event_key *k)
{
	char	a[EVENT_ADDR_STRLEN], b[EVENT_ADDR_STRLEN];

	event_addr_format(a, sizeof a, &k->a);
	event_addr_format(b, sizeof b, &k->b);
	snprintf(buf, len, "host %s and host %s and tcp port %u and tcp port "
	    "%u", a, b, k->a.port, k->b.port);
	return buf;
}
