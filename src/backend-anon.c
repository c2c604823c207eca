/*
 * backend-anon.c: addresses replaced by documentation ones (see
 * backend-anon.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "backend-anon.h"
#include "event.h"
#include "xmalloc.h"

/* Three /24s of IPv4 documentation space, hosts 1..254 of each. */
#define ANON_V4_MAX	(3 * 254)

struct anon_map {
	uint8_t		family;
	uint8_t		real[16];
	uint8_t		fake[16];
};

struct backend_anon {
	struct backend	*inner;
	struct anon_map	*map;
	size_t		 n, cap;
	size_t		 nv4, nv6;
};

static void
anon_fake(struct backend_anon *a, struct anon_map *m)
{
	static const uint8_t	 nets[3][3] = {
		{ 192, 0, 2 }, { 198, 51, 100 }, { 203, 0, 113 }
	};
	size_t			 k;

	memset(m->fake, 0, sizeof m->fake);
	if (m->family == EVENT_AF_INET) {
		/* Past the three /24s the hosts repeat: still no real one. */
		k = a->nv4++ % ANON_V4_MAX;
		memcpy(m->fake, nets[k / 254], 3);
		m->fake[3] = (uint8_t)(k % 254 + 1);
		return;
	}
	k = ++a->nv6;
	m->fake[0] = 0x20;
	m->fake[1] = 0x01;
	m->fake[2] = 0x0d;
	m->fake[3] = 0xb8;
	m->fake[12] = (uint8_t)(k >> 24);
	m->fake[13] = (uint8_t)(k >> 16);
	m->fake[14] = (uint8_t)(k >> 8);
	m->fake[15] = (uint8_t)k;
}

static void
anon_endpoint(struct backend_anon *a, struct event_endpoint *ep)
{
	size_t	i, len;

	if (ep->family != EVENT_AF_INET && ep->family != EVENT_AF_INET6)
		return;
	len = ep->family == EVENT_AF_INET ? 4 : 16;
	for (i = 0; i < a->n; i++) {
		if (a->map[i].family == ep->family &&
		    memcmp(a->map[i].real, ep->addr, len) == 0) {
			memcpy(ep->addr, a->map[i].fake, len);
			return;
		}
	}
	if (a->n == a->cap) {
		a->cap = a->cap == 0 ? 16 : a->cap * 2;
		a->map = xreallocarray(a->map, a->cap, sizeof *a->map);
	}
	memset(&a->map[a->n], 0, sizeof a->map[a->n]);
	a->map[a->n].family = ep->family;
	memcpy(a->map[a->n].real, ep->addr, len);
	anon_fake(a, &a->map[a->n]);
	memcpy(ep->addr, a->map[a->n].fake, len);
	/* An IPv4 address keeps nothing of the real one past its 4 bytes. */
	if (len == 4)
		memset(ep->addr + 4, 0, sizeof ep->addr - 4);
	a->n++;
}

static enum backend_next
backend_anon_next(struct backend *b, struct event_segment *seg)
{
	struct backend_anon	*a = b->priv;
	struct backend		*in = a->inner;
	enum backend_next	 r;

	r = backend_next(in, seg);
	b->stats = in->stats;
	b->filtered = in->filtered;
	b->kernel_drops = in->kernel_drops;
	b->size = in->size;
	b->offset = in->offset;
	if (r == BACKEND_SEGMENT) {
		anon_endpoint(a, &seg->src);
		anon_endpoint(a, &seg->dst);
	} else if (r == BACKEND_APP) {
		b->app = in->app;
		anon_endpoint(a, &b->app.local);
		anon_endpoint(a, &b->app.remote);
	} else if (r == BACKEND_END) {
		if (in->error != NULL && b->error == NULL)
			b->error = xstrdup(in->error);
		if (in->warning != NULL && b->warning == NULL)
			b->warning = xstrdup(in->warning);
	}
	return r;
}

static int
backend_anon_fd(struct backend *b)
{
	struct backend_anon	*a = b->priv;

	return a->inner->cls->fd(a->inner);
}

static void
backend_anon_free(struct backend *b)
{
	struct backend_anon	*a = b->priv;

	backend_free(a->inner);
	free(a->map);
	free(a);
}

static const struct backend_class backend_anon_class = {
	.name = "anonymize",
	.next = backend_anon_next,
	.fd = backend_anon_fd,
	.free = backend_anon_free,
};

struct backend *
backend_anon_new(struct backend *inner)
{
	struct backend		*b;
	struct backend_anon	*a;

	a = xcalloc(1, sizeof *a);
	a->inner = inner;
	b = xcalloc(1, sizeof *b);
	b->cls = &backend_anon_class;
	b->priv = a;
	b->live = inner->live;
	b->size = inner->size;
	return b;
}

const struct backend *
backend_anon_unwrap(const struct backend *b)
{
	if (b == NULL || b->cls != &backend_anon_class)
		return b;
	return ((const struct backend_anon *)b->priv)->inner;
}
