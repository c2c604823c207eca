/*
 * conn.c: names, endpoint accessors and the bounded history ring of a
 * connection instance. Layer 2b: includes layers 0-1 only; no I/O.
 *
 * The history ring overwrites its oldest step when full and counts the
 * overwritten ones in dropped, so memory per connection is fixed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "xmalloc.h"

static const char *conn_annotation_texts[CONN_ANN_COUNT] = {
#define CONN_X(name, text) [CONN_ANNB_##name] = text,
	CONN_ANNOTATIONS(CONN_X)
#undef CONN_X
};

/* "client" or "server". */
const char *
conn_role_name(enum conn_role role)
{
	return role == CONN_SERVER ? "server" : "client";
}

/* "observed", "inferred", "implied" or "tentative". */
const char *
conn_known_name(enum conn_known known)
{
	switch (known) {
	case CONN_KNOWN_OBSERVED:
		return "observed";
	case CONN_KNOWN_INFERRED:
		return "inferred";
	case CONN_KNOWN_IMPLIED:
		return "implied";
	case CONN_KNOWN_TENTATIVE:
		return "tentative";
	}
	return "?";
}

/* The text of one annotation. */
const char *
conn_annotation_text(enum conn_annotation_bit bit)
{
	if ((int)bit < 0 || bit >= CONN_ANN_COUNT)
		return "?";
	return conn_annotation_texts[bit];
}

/* Join the texts of a set of annotations with ", ". */
char *
conn_annotations_format(char *buf, size_t len, uint32_t ann, unsigned dupack)
{
	size_t	 off = 0;
	int	 n, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(ann & (UINT32_C(1) << i)))
			continue;
		if (i == CONN_ANNB_DUP_ACK && dupack != 0)
			n = snprintf(buf + off, len - off, "%s%s #%u",
			    off == 0 ? "" : ", ", conn_annotation_texts[i],
			    dupack);
		else
			n = snprintf(buf + off, len - off, "%s%s",
			    off == 0 ? "" : ", ", conn_annotation_texts[i]);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
	return buf;
}

/* The client is whichever side of the key the engine decided. */
const struct event_endpoint *
conn_endpoint(const struct conn *c, enum conn_role role)
{
	bool	a = (role == CONN_CLIENT) == (c->client_is_a != 0);

	return a ? &c->key.a : &c->key.b;
}

/* The role whose address and port are src. */
enum conn_role
conn_role_of(const struct conn *c, const struct event_endpoint *src)
{
	if (event_endpoint_eq(conn_endpoint(c, CONN_CLIENT), src))
		return CONN_CLIENT;
	return CONN_SERVER;
}

/* The current state of one endpoint. */
enum fsm_state
conn_state(const struct conn *c, enum conn_role role)
{
	return (enum fsm_state)c->end[role == CONN_SERVER].state;
}

/* A ring for cap steps (cap >= 1). */
struct conn_history *
conn_history_new(size_t cap)
{
	struct conn_history	*h;

	if (cap == 0)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->cap = cap;
	return h;
}

/* Free a ring (NULL is fine). */
void
conn_history_free(struct conn_history *h)
{
	if (h != NULL)
		free(h->steps);
	free(h);
}

/* A zeroed slot for the next step, overwriting the oldest when full. */
struct conn_step *
conn_history_push(struct conn_history *h)
{
	struct conn_step	*s;

	if (h == NULL)
		return NULL;
	if (h->count == h->alloc && h->alloc < h->cap) {
		/* Not full yet, so head is 0 and the steps are in order. */
		h->alloc = h->alloc == 0 ? 16 : h->alloc * 2;
		if (h->alloc > h->cap)
			h->alloc = h->cap;
		h->steps = xreallocarray(h->steps, h->alloc,
		    sizeof *h->steps);
	}
	if (h->count == h->cap) {
		s = &h->steps[h->head];
		h->head = (h->head + 1) % h->cap;
		h->dropped++;
	} else {
		s = &h->steps[h->head + h->count];
		h->count++;
	}
	memset(s, 0, sizeof *s);
	return s;
}

/* Steps held now (0 for no history). */
size_t
conn_history_count(const struct conn_history *h)
{
	return h == NULL ? 0 : h->count;
}

/* Step i, oldest first; NULL when out of range. */
const struct conn_step *
conn_history_at(const struct conn_history *h, size_t i)
{
	if (h == NULL || i >= h->count)
		return NULL;
	return &h->steps[(h->head + i) % h->cap];
}
