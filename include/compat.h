/*
 * compat.h: portability and compiler helpers shared by every module.
 * Layer 0: includes nothing from the project.
 */
#ifndef TCPVIZ_COMPAT_H
#define TCPVIZ_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(__GNUC__) || defined(__clang__)
#define COMPAT_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#define COMPAT_NORETURN		__attribute__((noreturn))
#define COMPAT_UNUSED		__attribute__((unused))
#define COMPAT_NOINLINE		__attribute__((noinline))
#else
#define COMPAT_PRINTF(f, a)
#define COMPAT_NORETURN
#define COMPAT_UNUSED
#endif

#define COMPAT_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Nanoseconds in one second: times are int64_t ns since the epoch. */
#define COMPAT_NS_PER_SEC	INT64_C(1000000000)

#endif
