/*
 * bytes.h: a bounds-checked reader over untrusted bytes. Layer 0.
 *
 * Every read from a packet goes through these accessors. A read past the end
 * sets the sticky "bad" flag and returns 0; callers check bytes_ok() once
 * after a group of reads instead of after each one. Nothing ever casts a
 * struct over packet memory.
 */
#ifndef TCPVIZ_BYTES_H
#define TCPVIZ_BYTES_H

#include "compat.h"

struct bytes {
	const uint8_t	*p;	/* start of the readable bytes */
	size_t		 len;	/* how many may be read (captured length) */
	size_t		 off;	/* next byte to read */
	bool		 bad;	/* a read ran past len */
};

/* Start a reader over len bytes. */
static inline void
bytes_init(struct bytes *b, const uint8_t *p, size_t len)
{
	b->p = p;
	b->len = p == NULL ? 0 : len;
	b->off = 0;
	b->bad = false;
}

/* Bytes left to read. */
static inline size_t
bytes_left(const struct bytes *b)
{
	return b->off <= b->len ? b->len - b->off : 0;
}

static inline bool
bytes_ok(const struct bytes *b)
{
	return !b->bad;
}

/* Can n more bytes be read? (Does not set bad.) */
static inline bool
bytes_has(const struct bytes *b, size_t n)
{
	return !b->bad && bytes_left(b) >= n;
}

/* Claim n bytes: returns a pointer to them, or NULL and sets bad. */
static inline const uint8_t *
bytes_take(struct bytes *b, size_t n)
{
	const uint8_t	*q;

	if (!bytes_has(b, n)) {
		b->bad = true;
		return NULL;
	}
	q = b->p + b->off;
	b->off += n;
	return q;
}

static inline void
bytes_skip(struct bytes *b, size_t n)
{
	(void)bytes_take(b, n);
}

static inline uint8_t
bytes_u8(struct bytes *b)
{
	const uint8_t	*q = bytes_take(b, 1);

	return q == NULL ? 0 : q[0];
}

/*
 * Big-endian reads at q, for bytes a bytes_has() or bytes_take() has
 * already promised: the fast paths that read a whole header at once.
 */
static inline uint16_t
bytes_be16_at(const uint8_t *q)
{
	return (uint16_t)((q[0] << 8) | q[1]);
}

static inline uint32_t
bytes_be32_at(const uint8_t *q)
{
	return ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) |
	    ((uint32_t)q[2] << 8) | q[3];
}

static inline uint16_t
bytes_be16(struct bytes *b)
{
	const uint8_t	*q = bytes_take(b, 2);

	return q == NULL ? 0 : bytes_be16_at(q);
}

static inline uint16_t
bytes_le16(struct bytes *b)
{
	const uint8_t	*q = bytes_take(b, 2);

	return q == NULL ? 0 : (uint16_t)((q[1] << 8) | q[0]);
}

static inline uint32_t
bytes_be32(struct bytes *b)
{
	const uint8_t	*q = bytes_take(b, 4);

	return q == NULL ? 0 : bytes_be32_at(q);
}

static inline uint32_t
bytes_le32(struct bytes *b)
{
	const uint8_t	*q = bytes_take(b, 4);

	return q == NULL ? 0 : ((uint32_t)q[3] << 24) | ((uint32_t)q[2] << 16) |
	    ((uint32_t)q[1] << 8) | q[0];
}

/*
 * A sub-reader over the next n bytes (or fewer, if fewer were captured);
 * the parent advances past them. *short_out tells whether it was cut.
 */
static inline struct bytes
bytes_sub(struct bytes *b, size_t n, bool *short_out)
{
	struct bytes	 s;
	size_t		 have = bytes_left(b);

	if (n > have) {
		*short_out = true;
		n = have;
	} else
		*short_out = false;
	bytes_init(&s, b->p == NULL ? NULL : b->p + b->off, n);
	b->off += n;
	return s;
}

#endif
