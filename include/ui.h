/*
 * ui.h: the interactive front end (ncursesw) and the --screen text dump.
 * Layer 4: ui.c and canvas-curses.c are the only files that include
 * curses; this header does not, so tcpviz.c can include it freely.
 */
#ifndef TCPVIZ_UI_H
#define TCPVIZ_UI_H

#include <stdio.h>

#include "compat.h"
#include "backend.h"
#include "canvas.h"

struct outfile_scope;

enum ui_source {
	UI_SOURCE_FILE,		/* -r FILE: opens paused at the first step */
	UI_SOURCE_LIVE,		/* -i IFACE: follows the newest segment */
	UI_SOURCE_DEMO		/* demo NAME: plays from the start */
};

struct compare_run;
struct scenario;
struct session_whatif;

struct ui_config {
	enum ui_source	 source;
	const char	*name;		/* file, interface or scenario name */
	bool		 ascii;		/* --ascii (also a non-UTF-8 locale) */
	bool		 no_color;	/* --no-color (also NO_COLOR set) */
	int64_t		 msl_ns;	/* 0: the engine's default */
	int		 notation;	/* enum view_notation (--notation) */
	size_t		 max_conns;	/* 0: the engine's default */
	size_t		 max_history;	/* 0: UI_DEFAULT_HISTORY */
	bool		 picker;	/* p goes back to the scenario picker */
	int64_t		 linger_ns;	/* live: ended connections stay */
	bool		 keys_from_tty;	/* stdin is the capture (-r -) */
	/* A demo: the scenario it plays (its notes), or NULL. */
	const struct scenario *scenario;
	bool		 rfc1337;	/* a demo's TIME_WAIT ignores RST */
	int64_t		 autoplay_ns;	/* --autoplay; 0: a demo waits */
	bool		 loop;		/* --loop */
	bool		 quiz;		/* --quiz */
	uint32_t	 quiz_seed;	/* --quiz-seed, or from the time */
	bool		 screen_svg;	/* --screen-format svg */
	/* Where e writes (outfile.h), or NULL: e says it cannot. */
	const struct outfile_scope *scope;
	/*
	 * A demo's what-if (d D u w): where ui_run puts what was asked when
	 * it returns UI_WHATIF; NULL: what-if is off (not a demo). whatifs:
	 * how many the run on screen has; resume: start at whatif->conn and
	 * ->step (a re-run); whatif_scn: the changed scenario's text, for w.
	 */
	struct session_whatif *whatif;
	unsigned	 whatifs;
	bool		 resume;
	const char	*whatif_scn;
	size_t		 whatif_scn_len;
	const char	*notice;	/* the status row's first message */
	/* C compares with a scenario run so (compare.h); NULL: it cannot. */
	const struct compare_run *compare;
};

#define UI_DEFAULT_HISTORY	65536
/* ui_run's result when the user pressed p (cfg->picker set). */
#define UI_PICKER		(-1)
/* ui_run's result when a demo's what-if key asks for a re-run. */
#define UI_WHATIF		(-2)

/*
 * Run the interactive view over a source until q. Returns the exit code
 * (0, or 1 when the terminal could not be used; the message is printed),
 * or UI_PICKER when cfg->picker is set and the user asked for the picker:
 * curses then keeps the terminal for ui_pick.
 */
int	 ui_run(const struct ui_config *, struct backend *);
/*
 * The scenario picker (tcpviz with no source). Stores what to play in
 * *name_out (a path for scenario_resolve; free it), or NULL when the user
 * quit. Returns 0, or 1 when the terminal could not be used or no scenario
 * could be read (the message is printed).
 */
int	 ui_pick(const struct ui_config *, char **name_out);
/* One frame of the picker as text (--screen with no source). */
int	 ui_pick_dump(const struct ui_config *, int cols, int rows, FILE *out);
/*
 * Read the whole source, then draw one frame of cols x rows as text on
 * out, with the cursor after step at_step (SESSION_AT_LAST: the last;
 * a demo's step 0 is before its first segment).
 * Returns 0, or 1 on a write error.
 */
int	 ui_screen_dump(const struct ui_config *, struct backend *, int cols,
	     int rows, size_t at_step, FILE *out);
/*
 * Read the whole source, then write a frame per step of the selected
 * connection into the scope's directory (export-svg.h), SVG or text. Returns 0, or 1 with
 * the message printed.
 */
int	 ui_export_steps(const struct ui_config *, struct backend *,
	     const struct outfile_scope *, bool txt);

#endif
