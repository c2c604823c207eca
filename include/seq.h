/*
 * seq.h: TCP sequence-number comparisons modulo 2^32 (RFC 9293 3.4).
 * Layer 0. a < b means b is "after" a by less than 2^31.
 */
#ifndef TCPVIZ_SEQ_H
#define TCPVIZ_SEQ_H

#include "compat.h"

static inline bool
seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool
seq_leq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

static inline bool
seq_gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static inline bool
seq_geq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

/* lo <= x < hi, modulo 2^32 (an empty range when lo == hi). */
static inline bool
seq_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return x - lo < hi - lo;
}

/* lo <= x <= hi, modulo 2^32. */
static inline bool
seq_between(uint32_t x, uint32_t lo, uint32_t hi)
{
	return x - lo <= hi - lo;
}

#endif
