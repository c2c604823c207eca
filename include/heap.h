/*
 * heap.h: a binary min-heap of fixed-size elements, ordered by a caller's
 * "before" function. Layer 0. Give every element a serial number and break
 * ties with it, so the order is total and equal keys pop in push order.
 */
#ifndef TCPVIZ_HEAP_H
#define TCPVIZ_HEAP_H

#include "compat.h"

typedef bool	(*heap_before_fn)(const void *, const void *);

struct heap {
	unsigned char	*v;		/* len elements, then one spare */
	size_t		 size;		/* bytes per element */
	size_t		 len;
	size_t		 cap;
	heap_before_fn	 before;
};

void		 heap_init(struct heap *, size_t size, heap_before_fn);
void		 heap_free(struct heap *);
void		 heap_push(struct heap *, const void *);
/* Remove the first element into out (NULL: drop it); false when empty. */
bool		 heap_pop(struct heap *, void *out);

static inline size_t
heap_len(const struct heap *h)
{
	return h->len;
}

/* The first element (valid until the next push or pop), or NULL. */
static inline const void *
heap_top(const struct heap *h)
{
	return h->len > 0 ? h->v : NULL;
}

#endif
