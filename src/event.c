/*
 * event.c: flow keys and text formatting for segments. Layer 1.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "event.h"

/* Order endpoints by family, then address bytes, then port. */
int
event_endpoint_cmp(const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	size_t	n;
	int	c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	n = x->family == EVENT_AF_INET ? 4 : 16;
	c = memcmp(x->addr, y->addr, n);
	if (c != 0)
		return c < 0 ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return 0;
}

bool
event_endpoint_eq(const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	return event_endpoint_cmp(x, y) == 0;
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

/* FNV-1a over one endpoint, continuing from h. */
static uint32_t
event_hash_endpoint(uint32_t h, const struct event_endpoint *e)
{
	size_t	i, n = e->family == EVENT_AF_INET ? 4 : 16;

	h = (h ^ e->family) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ e->addr[i]) * 16777619u;
	h = (h ^ (e->port >> 8)) * 16777619u;
	h = (h ^ (e->port & 0xff)) * 16777619u;
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

char *
event_addr_format(char *buf, size_t len, const struct event_endpoint *e)
{
	if (inet_ntop(e->family == EVENT_AF_INET ? AF_INET : AF_INET6,
	    e->addr, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

char *
event_endpoint_format(char *buf, size_t len, const struct event_endpoint *e)
{
	char	a[INET6_ADDRSTRLEN];

	event_addr_format(a, sizeof a, e);
	if (e->family == EVENT_AF_INET)
		snprintf(buf, len, "%s:%u", a, e->port);
	else
		snprintf(buf, len, "[%s]:%u", a, e->port);
	return buf;
}

char *
event_time_format(char *buf, size_t len, int64_t ns)
{
	int64_t	sec = ns / COMPAT_NS_PER_SEC;
	int64_t	rem = ns % COMPAT_NS_PER_SEC;

	if (rem < 0) {
		rem += COMPAT_NS_PER_SEC;
		sec--;
	}
	if (sec < 0 && rem != 0) {
		/* Print -0.5 s as "-0.500000", not "-1.500000". */
		snprintf(buf, len, "-%" PRId64 ".%06" PRId64,
		    -(sec + 1), (COMPAT_NS_PER_SEC - rem) / 1000);
	} else
		snprintf(buf, len, "%" PRId64 ".%06" PRId64, sec, rem / 1000);
	return buf;
}

char *
event_flags_format(char *buf, size_t len, uint16_t flags)
{
	static const struct {
		uint16_t	 bit;
		const char	*name;
	} names[] = {
		{ SEGF_SYN, "SYN" }, { SEGF_FIN, "FIN" }, { SEGF_RST, "RST" },
		{ SEGF_PSH, "PSH" }, { SEGF_ACK, "ACK" }, { SEGF_URG, "URG" },
		{ SEGF_ECE, "ECE" }, { SEGF_CWR, "CWR" }, { SEGF_NS, "NS" },
	};
	size_t	i, used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < COMPAT_NITEMS(names); i++) {
		if ((flags & names[i].bit) == 0)
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
		    "%s%s", used == 0 ? "" : ",", names[i].name);
		if (used >= len)
			break;
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
	return buf;
}
