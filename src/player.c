/*
 * player.c: the playback cursor (see player.h). Layer 3: pure logic.
 *
 * Invariant: pos < count whenever count > 0, and pos == 0 when count is 0;
 * speed is always a valid index into player_speeds.
 */
#include "config.h"

#include <string.h>

#include "player.h"

/* Speeds in thousandths of real time. */
static const int player_speeds[] = {
	100, 250, 500, 1000, 2000, 5000, 10000, 25000, 50000, 100000
};

#define PLAYER_NSPEEDS	((int)COMPAT_NITEMS(player_speeds))

/* Catch-up bound: rows one tick may pass after a long stall. */
#define PLAYER_TICK_MAX	100000

void
player_init(struct player *p, bool paused, bool follow)
{
	memset(p, 0, sizeof *p);
	p->paused = paused;
	p->follow = follow;
	p->speed = PLAYER_SPEED_1X;
}

void
player_set_count(struct player *p, size_t n)
{
	p->count = n;
	if (n == 0)
		p->pos = 0;
	else if (p->follow || p->pos >= n)
		p->pos = n - 1;
}

/* Move by dir rows, clamped; a manual step stops following. */
bool
player_step(struct player *p, int dir)
{
	size_t	old = p->pos;

	if (p->count == 0)
		return false;
	if (dir < 0) {
		p->follow = false;
		p->pos = (size_t)-dir > p->pos ? 0 : p->pos - (size_t)-dir;
	} else if (dir > 0) {
		p->pos = p->pos + (size_t)dir >= p->count ? p->count - 1 :
		    p->pos + (size_t)dir;
	}
	p->entered = 0;
	return p->pos != old;
}

/* Go to row i (clamped). */
bool
player_seek(struct player *p, size_t i)
{
	size_t	old = p->pos;

	if (p->count == 0)
		return false;
	p->pos = i >= p->count ? p->count - 1 : i;
	if (p->pos < p->count - 1)
		p->follow = false;
	p->entered = 0;
	return p->pos != old;
}

void
player_start(struct player *p)
{
	player_seek(p, 0);
}

void
player_end(struct player *p)
{
	if (p->count > 0)
		player_seek(p, p->count - 1);
}

/* Find the next or previous row where pred holds and go there. */
bool
player_jump(struct player *p, int dir, player_pred_fn pred, const void *arg)
{
	size_t	i;

	if (p->count == 0 || dir == 0)
		return false;
	if (dir > 0) {
		for (i = p->pos + 1; i < p->count; i++) {
			if (pred(arg, i))
				return player_seek(p, i);
		}
	} else {
		for (i = p->pos; i-- > 0;) {
			if (pred(arg, i)) {
				p->follow = false;
				return player_seek(p, i);
			}
		}
	}
	return false;
}

void
player_toggle_pause(struct player *p)
{
	p->paused = !p->paused;
	p->entered = 0;
}

void
player_set_follow(struct player *p, bool on)
{
	p->follow = on;
	if (on && p->count > 0)
		p->pos = p->count - 1;
}

void
player_set_pace(struct player *p, int64_t interval, bool loop)
{
	p->interval = interval > 0 ? interval : 0;
	p->loop = loop;
	p->entered = 0;
}

void
player_faster(struct player *p)
{
	if (p->speed < PLAYER_NSPEEDS - 1)
		p->speed++;
}

void
player_slower(struct player *p)
{
	if (p->speed > 0)
		p->speed--;
}

int
player_speed_milli(const struct player *p)
{
	return player_speeds[p->speed];
}

/* Wall time to show row pos before row pos + 1. */
static int64_t
player_wait(const struct player *p, player_time_fn time_at, const void *arg)
{
	int64_t	dt, wait, dwell;
	int	milli = player_speeds[p->speed];

	/* --autoplay: the teacher's pace, whatever the capture's times. */
	if (p->interval > 0)
		return p->interval;
	/*
	 * Past the last row (--loop, or the caller's next rows): four times
	 * the least a row waits, so the end is seen before it goes on.
	 */
	if (p->pos + 1 >= p->count)
		return PLAYER_MIN_DWELL_NS / milli * 1000 * 4;
	dt = time_at(arg, p->pos + 1) - time_at(arg, p->pos);
	if (dt < 0)
		dt = 0;
	/* Scale without overflow: dt is at most ~292 years in ns. */
	wait = dt / milli * 1000 + dt % milli * 1000 / milli;
	dwell = PLAYER_MIN_DWELL_NS / milli * 1000;
	if (wait < dwell)
		wait = dwell;
	if (wait > PLAYER_MAX_GAP_NS)
		wait = PLAYER_MAX_GAP_NS;
	return wait;
}

int64_t
player_due(const struct player *p, player_time_fn time_at, const void *arg)
{
	if (p->paused || p->count == 0 ||
	    (p->pos + 1 >= p->count && !p->more &&
	    !(p->loop && p->count > 1)))
		return -1;
	if (p->entered == 0)
		return 0;
	return p->entered + player_wait(p, time_at, arg);
}

bool
player_tick(struct player *p, int64_t now, player_time_fn time_at,
    const void *arg)
{
	int64_t	due;
	size_t	old = p->pos;
	int	n;

	if (p->paused || p->count == 0)
		return false;
	if (p->entered == 0)
		p->entered = now;
	for (n = 0; n < PLAYER_TICK_MAX; n++) {
		if (p->pos + 1 >= p->count && !p->more &&
		    !(p->loop && p->count > 1))
			break;
		due = p->entered + player_wait(p, time_at, arg);
		if (now < due)
			break;
		/* The caller goes on (the next connection of a demo). */
		if (p->pos + 1 >= p->count && p->more) {
			p->past_end = true;
			p->entered = due;
			return true;
		}
		/* --loop: after the last row the first again (a lab screen). */
		p->pos = p->pos + 1 >= p->count ? 0 : p->pos + 1;
		/* Keep the cadence, unless we fell far behind. */
		p->entered = now - due > PLAYER_MAX_GAP_NS ? now : due;
	}
	return p->pos != old;
}
