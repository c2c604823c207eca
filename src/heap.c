/*
 * heap.c: a binary min-heap (heap.h), sifting by moving elements through
 * a spare slot at the end of the array rather than swapping.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "xmalloc.h"

#define HEAP_AT(h, i)	((h)->v + (i) * (h)->size)

void
heap_init(struct heap *h, size_t size, heap_before_fn before)
{
	memset(h, 0, sizeof *h);
	h->size = size;
	h->before = before;
}

void
heap_free(struct heap *h)
{
	free(h->v);
	h->v = NULL;
	h->len = h->cap = 0;
}

void
heap_push(struct heap *h, const void *e)
{
	unsigned char	*spare;
	size_t		 i, p;

	if (h->len == h->cap) {
		h->cap = h->cap == 0 ? 64 : h->cap * 2;
		h->v = xreallocarray(h->v, h->cap + 1, h->size);
	}
	spare = HEAP_AT(h, h->cap);
	memcpy(spare, e, h->size);
	i = h->len++;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!h->before(spare, HEAP_AT(h, p)))
			break;
		memcpy(HEAP_AT(h, i), HEAP_AT(h, p), h->size);
		i = p;
	}
	memcpy(HEAP_AT(h, i), spare, h->size);
}

bool
heap_pop(struct heap *h, void *out)
{
	unsigned char	*last;
	size_t		 i = 0, c, n;

	if (h->len == 0)
		return false;
	if (out != NULL)
		memcpy(out, h->v, h->size);
	n = --h->len;
	if (n == 0)
		return true;
	last = HEAP_AT(h, n);
	/*
	 * Floyd's pop: the hole goes down to a leaf by the earlier child,
	 * then the last element climbs back from there (it belongs near the
	 * bottom): about one comparison a level, not two. The order is total
	 * (serial numbers), so what pops is the same either way.
	 */
	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h->before(HEAP_AT(h, c + 1), HEAP_AT(h, c)))
			c++;
		memcpy(HEAP_AT(h, i), HEAP_AT(h, c), h->size);
		i = c;
	}
	while (i > 0 && h->before(last, HEAP_AT(h, (i - 1) / 2))) {
		c = (i - 1) / 2;
		memcpy(HEAP_AT(h, i), HEAP_AT(h, c), h->size);
		i = c;
	}
	memmove(HEAP_AT(h, i), last, h->size);
	return true;
}
