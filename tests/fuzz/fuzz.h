/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz share with the replay
 * program (replay.c). Each fuzz-<name>.c defines LLVMFuzzerTestOneInput;
 * linked with -fsanitize=fuzzer it is a fuzzer, linked with replay.c it
 * replays saved inputs in plain "make check".
 *
 * Invariants are checked with FUZZ_CHECK, never assert(): the check must
 * hold in every build (NDEBUG or not) and abort so that libFuzzer saves
 * the input and the replay program fails.
 */
#ifndef TCPVIZ_FUZZ_H
#define TCPVIZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The entry point libFuzzer (or replay.c) calls once per input. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Say which invariant broke, then abort so the input is kept. */
static inline void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

#define FUZZ_CHECK(cond) do {						\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond);			\
} while (0)

/* A little-endian reader over the fuzzer's bytes: 0 once they run out. */
struct fuzz_in {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

/* Start reading len bytes at p. */
static inline void
fuzz_in_init(struct fuzz_in *in, const uint8_t *p, size_t len)
{
	in->p = p;
	in->len = len;
	in->off = 0;
}

/* Bytes not read yet. */
static inline size_t
fuzz_in_left(const struct fuzz_in *in)
{
	return in->len - in->off;
}

/* The next byte, or 0 past the end. */
static inline uint8_t
fuzz_in_u8(struct fuzz_in *in)
{
	return in->off < in->len ? in->p[in->off++] : 0;
}

/* The next two bytes, little-endian. */
static inline uint16_t
fuzz_in_u16(struct fuzz_in *in)
{
	uint16_t	v = fuzz_in_u8(in);

	return (uint16_t)(v | (uint16_t)fuzz_in_u8(in) << 8);
}

/* The next four bytes, little-endian. */
static inline uint32_t
fuzz_in_u32(struct fuzz_in *in)
{
	uint32_t	v = fuzz_in_u16(in);

	return v | (uint32_t)fuzz_in_u16(in) << 16;
}

#endif
