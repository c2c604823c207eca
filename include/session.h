/*
 * session.h: the model an interactive view draws, without curses: a source
 * pumped into the engine, the connection list, the selected connection's
 * timeline, the playback cursor and the status texts; and the operations
 * the keys perform on it. Layer 4 (it drives a source), in libtcpviz.a so
 * tests can run it; ui.c maps keys to these calls and owns the terminal.
 *
 * Ownership: the engine owns the connections and their histories and may
 * move or free them on every feed (its pool and history rings grow by
 * realloc, evicted slots are reused). The session keeps ids (sel_id,
 * max_id, transitions' conn_id) across engine calls, never pointers; the
 * borrowed pointers in all, conns and tl are rebuilt by session_refresh(),
 * and every operation below refreshes first when the engine's generation
 * moved since the last refresh.
 */
#ifndef TCPVIZ_SESSION_H
#define TCPVIZ_SESSION_H

#include <stdio.h>

#include "compat.h"
#include "backend.h"
#include "canvas.h"
#include "clock.h"
#include "engine.h"
#include "player.h"
#include "quiz.h"
#include "reread.h"
#include "scenario.h"
#include "view.h"

enum session_source {
	SESSION_FILE,		/* a capture file: opens paused */
	SESSION_LIVE,		/* live capture: follows the newest */
	SESSION_DEMO		/* a scenario: paused on step 0, the world
				   before the first segment; one key, one
				   step; --autoplay, --loop */
};

struct session_config {
	enum session_source	 source;
	const char		*name;		/* file, interface, scenario */
	bool			 no_color;
	int64_t			 msl_ns;	/* 0: the engine's default */
	size_t			 max_conns;	/* 0: the engine's default */
	size_t			 max_history;	/* steps per connection */
	bool			 picker;	/* p goes back to the picker */
	int64_t			 linger_ns;	/* live: ended ones stay */
	const struct scenario	*scenario;	/* demo: its notes; or NULL */
	enum view_notation	 notation;	/* --notation */
	bool			 rfc1337;	/* TIME_WAIT ignores RST */
	int64_t			 autoplay_ns;	/* --autoplay; 0: paused */
	bool			 loop;		/* --loop */
	bool			 quiz;		/* --quiz */
	uint32_t		 quiz_seed;	/* --quiz-seed (or the time) */
};

struct session {
	struct session_config	 cfg;
	struct backend		*b;
	struct engine		*e;
	uint64_t		 gen;		/* engine's, at the last refresh */
	bool			 ended;
	struct reread		*rr;		/* a file: views read again */
	int64_t			 load_start;	/* monotonic, at init */
	const struct conn	**all;		/* borrowed: see above */
	const struct conn_stats	**allst;	/* all[i]'s, NULL: none */
	size_t			 nall;
	size_t			 capall;
	struct view_timeline	 tl;		/* borrowed: see above */
	struct view_conns	 conns;		/* borrowed: see above */
	uint32_t		 sel_id;	/* the timeline's connection */
	struct player		 player;
	uint64_t		 segments;
	int64_t			 now;		/* newest capture time */
	struct view_ctx		 ctx;
	char			 title[256];
	bool			 title_conn;	/* title names tl.conn */
	char			 left[512];
	char			 narration[1024];
	bool			 to_picker;	/* p was pressed */
	bool			 at_end;	/* G while loading */
	bool			 list_chosen;	/* a file: list or ladder */
	/* Live: time, following new connections, the filter prompt. */
	struct clock_capture	 cap;		/* capture time, quiet */
	int64_t			 last_tick;
	uint32_t		 max_id;	/* newest connection seen */
	bool			 editing;	/* the / prompt is open */
	char			 edit[64];
	size_t			 nedit;
	/* e: the format prompt, then what became of the export. */
	bool			 exporting;	/* the prompt is open */
	char			 notice[400];	/* until the next key */
	char			 measures[400];	/* the list's selected connection */
	bool			 whatif;	/* a what-if key ended the run */
	/* C: the scenario prompt, then the comparison's panel. */
	bool			 comparing;	/* the prompt is open */
	char			 cmp_edit[64];	/* the scenario's name */
	size_t			 ncmp_edit;
	char			 cmp_stem[64];	/* what Tab completes */
	bool			 cmp_fresh;	/* the first choice: typing
						   replaces it */
	char			*cmp_text;	/* the panel's; NULL: closed */
	/* Quiz mode: the player holds before each state change. */
	struct quiz		 quiz;
};

void	 session_init(struct session *, const struct session_config *,
	     struct backend *);
void	 session_free(struct session *);
/*
 * Read what the source has (at most max_items, about budget_ns); true if
 * anything came. The model is refreshed by the next call that reads it.
 */
bool	 session_pump(struct session *, size_t max_items, int64_t budget_ns);
/* Rebuild the connection list and the selected timeline. */
void	 session_refresh(struct session *);
/* Fill the title, status and narration for a frame (refreshes first). */
void	 session_frame(struct session *, bool reading);
/* Draw the frame (after session_frame) on a canvas. */
void	 session_draw(struct session *, struct canvas *);
/*
 * Read the whole source, then draw one frame of cols x rows as text on
 * out, with the cursor after step at_step (SESSION_AT_LAST: the last
 * step; a demo's step 0 is before its first segment, a file's steps
 * count from 1, and 0 is its first). Returns 0, or 1 on a write error.
 */
#define SESSION_AT_LAST		((size_t)-1)
/*
 * The first half of that: init m, read the whole source, seek to at_step
 * and fill the frame's texts (session_free(m) when done).
 */
void	 session_load(struct session *, const struct session_config *,
	     struct backend *, size_t at_step);
int	 session_screen_dump(const struct session_config *, struct backend *,
	     int cols, int rows, bool ascii, size_t at_step, FILE *out);

/* Playback timing (player_tick and player_due over the timeline). */
bool	 session_tick(struct session *, int64_t mono_ns);
int64_t	 session_due(struct session *);

/* What the keys do. */
void	 session_conns_move(struct session *, int delta);
void	 session_conns_select(struct session *, size_t row);
void	 session_sort_cycle(struct session *);
void	 session_set_filter(struct session *, const char *);
void	 session_open_selected(struct session *);
void	 session_step(struct session *, int delta);
void	 session_next_change(struct session *, int dir);
/* ], [: the next anomaly: a step of the ladder, a row of the list. */
void	 session_next_anomaly(struct session *, int dir);
/* Home, End in the list: its first or last row. */
void	 session_conns_home(struct session *, bool end);
void	 session_jump_state(struct session *, int state);
void	 session_follow(struct session *);	/* f: toggle */
void	 session_freeze(struct session *);	/* live space: toggle */
void	 session_start(struct session *);
void	 session_end(struct session *);
void	 session_seek(struct session *, size_t row);
void	 session_notation_cycle(struct session *);	/* x */
void	 session_clock_cycle(struct session *);		/* t */
/*
 * y: the selected connection's Wireshark display filter as an OSC 52
 * "set the clipboard" sequence (ESC ] 52 ; c ; base64 ST) in osc, for the
 * front end to write to its terminal; the status row says what was
 * copied. false (and a notice saying so) without a connection.
 */
bool	 session_copy_filter(struct session *, char *osc, size_t len);
#define SESSION_OSC52_STRLEN	256
void	 session_lang_next(struct session *);	/* L: English, Chinese */
void	 session_quiz_toggle(struct session *);	/* Q */
/* 1-4: answer the question asked (0-based); false: none asked. */
bool	 session_quiz_answer(struct session *, size_t);

/*
 * What-if in a demo: the segment a key names (the next one after the
 * cursor, of the connection on screen) and where the view was, so the
 * front end re-runs the scenario with that segment lost or delayed and
 * comes back to the same step (session_resume).
 */
enum session_whatif_kind {
	SESSION_WHATIF_DROP,
	SESSION_WHATIF_DELAY,
	SESSION_WHATIF_UNDO
};

struct session_whatif {
	enum session_whatif_kind kind;
	int64_t			 t;		/* the segment's send time */
	uint32_t		 seq;
	uint32_t		 ack;
	uint16_t		 flags;		/* SEGF_* */
	struct event_endpoint	 src;
	uint32_t		 conn;		/* the connection on screen */
	size_t			 step;		/* the cursor */
	struct quiz		 quiz;		/* the quiz goes on, its score
						   kept (session_resume) */
};

/* Fill w with the next segment after the cursor; false when none. */
bool	 session_whatif_target(const struct session *,
	     struct session_whatif *);
/* Read the whole demo, then show connection conn at step (clamped). */
void	 session_resume(struct session *, uint32_t conn, size_t step);
void	 session_resume_quiz(struct session *, const struct quiz *);

#endif
