/*
 * player.h: the cursor over the model: which row of the timeline is shown,
 * whether playback runs, how fast, and whether it follows live input.
 * Layer 3: pure logic, no curses, no clock of its own (the caller passes
 * wall time in), so it is unit-testable.
 *
 * Stepping back moves the cursor; it never re-runs the engine. Playback
 * waits between rows as long as the capture did, divided by the speed,
 * but at least PLAYER_MIN_DWELL_NS / speed (so a loopback handshake is
 * visible) and at most PLAYER_MAX_GAP_NS (so a 60 s TIME_WAIT does not
 * stall a class). With a pace set (player_set_pace, --autoplay) every
 * row waits the same wall time instead, and --loop wraps to row 0.
 */
#ifndef TCPVIZ_PLAYER_H
#define TCPVIZ_PLAYER_H

#include "compat.h"

#define PLAYER_MIN_DWELL_NS	(300 * INT64_C(1000000))
#define PLAYER_MAX_GAP_NS	(2 * COMPAT_NS_PER_SEC)
#define PLAYER_SPEED_1X		3	/* index of 1.0x in the speed table */

/* Row times and row predicates, supplied by the caller. */
typedef int64_t	(*player_time_fn)(const void *, size_t);
typedef bool	(*player_pred_fn)(const void *, size_t);

struct player {
	size_t	count;		/* rows available */
	size_t	pos;		/* current row (0 when count is 0) */
	bool	paused;
	bool	follow;		/* keep pos on the newest row */
	int	speed;		/* index into the speed table */
	int64_t	entered;	/* wall time pos was entered; 0: not yet */
	int64_t	interval;	/* --autoplay: ns per row; 0: capture time */
	bool	loop;		/* --loop: after the last row, row 0 again */
	bool	more;		/* the caller has rows after the last one */
	bool	past_end;	/* a tick went past the last row (more) */
};

void	 player_init(struct player *, bool paused, bool follow);
/* More (or fewer) rows exist now; following moves to the newest. */
void	 player_set_count(struct player *, size_t);
/* Step by dir rows (stops following); returns true if pos moved. */
bool	 player_step(struct player *, int dir);
bool	 player_seek(struct player *, size_t);
void	 player_start(struct player *);
void	 player_end(struct player *);
/* The next (dir > 0) or previous row where pred holds. */
bool	 player_jump(struct player *, int dir, player_pred_fn,
	     const void *);
void	 player_toggle_pause(struct player *);
void	 player_set_follow(struct player *, bool);
/*
 * A teacher's pace: one row every interval ns of wall time (0: as the
 * capture's times say), and with loop the first row again after the last.
 */
void	 player_set_pace(struct player *, int64_t interval, bool loop);
void	 player_faster(struct player *);
void	 player_slower(struct player *);
/* Speed in thousandths: 100 .. 100000 (0.1x .. 100x). */
int	 player_speed_milli(const struct player *);
/* Advance playback to wall time now; true if pos moved. */
bool	 player_tick(struct player *, int64_t now, player_time_fn,
	     const void *);
/* Wall time the next row is due, or -1 when nothing is due. */
int64_t	 player_due(const struct player *, player_time_fn, const void *);

#endif
