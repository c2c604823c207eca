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

/*
 * Capture time on a quiet source (live, a pipe), the one rule every front
 * end lets time pass by: the newest segment's stamp plus the time since it
 * came, less a margin for packets still on their way. The source's clock
 * may not be ours (a remote capture, a replayed file), so ours only
 * measures how long the source has been quiet.
 */
#define CLOCK_QUIET_MARGIN_NS	(200 * INT64_C(1000000))

struct clock_capture {
	bool		have;
	int64_t		seg_t;		/* the newest segment's stamp */
	int64_t		seg_mono;	/* when it came (CLOCK_MONOTONIC) */
};

/* A segment stamped t came now. */
static inline void
clock_capture_segment(struct clock_capture *ck, int64_t t)
{
	if (!ck->have || t >= ck->seg_t) {
		ck->seg_t = t;
		ck->seg_mono = clock_mono_ns();
		ck->have = true;
	}
}

/* The capture time to let pass now; 0 while it is not past the newest. */
static inline int64_t
clock_capture_now(const struct clock_capture *ck)
{
	int64_t	t;

	if (!ck->have)
		return 0;
	t = ck->seg_t + (clock_mono_ns() - ck->seg_mono) -
	    CLOCK_QUIET_MARGIN_NS;
	return t > ck->seg_t ? t : 0;
}

#endif
