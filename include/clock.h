/*
 * clock.h: the two clocks the front ends read. The engine never does (time
 * enters it with events; tests/check-layering.sh forbids this header there).
 */
#ifndef TCPVIZ_CLOCK_H
#define TCPVIZ_CLOCK_H

#include <time.h>

#include "compat.h"

/* Nanoseconds of CLOCK_REALTIME: the clock capture timestamps use. */
static inline int64_t
clock_wall_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * COMPAT_NS_PER_SEC + ts.tv_nsec;
}

/* Nanoseconds of CLOCK_MONOTONIC: for waits, frame rates, durations. */
static inline int64_t
clock_mono_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * COMPAT_NS_PER_SEC + ts.tv_nsec;
}

#endif
