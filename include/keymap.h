/*
 * keymap.h: the keys of the interactive view, one table (keymap.c) that
 * drives both what a key does (ui.c) and the help panel (view-info.c), so
 * the two cannot drift. Layer 3: data, no curses; ui.c turns curses' key
 * codes into the KEYMAP_K_* codes here (printable keys are themselves).
 */
#ifndef TCPVIZ_KEYMAP_H
#define TCPVIZ_KEYMAP_H

#include "compat.h"

/* Keys that are not a printable character. */
enum keymap_key {
	KEYMAP_K_UP = 0x10000,
	KEYMAP_K_DOWN,
	KEYMAP_K_LEFT,
	KEYMAP_K_RIGHT,
	KEYMAP_K_PGUP,
	KEYMAP_K_PGDN,
	KEYMAP_K_HOME,
	KEYMAP_K_END,
	KEYMAP_K_ENTER,
	KEYMAP_K_ESC,
	KEYMAP_K_TAB,
	KEYMAP_K_F1,
	KEYMAP_K_MOUSE
};

/* What a key does. */
enum keymap_action {
	KEYMAP_PAUSE,		/* play / pause */
	KEYMAP_FREEZE,		/* live: freeze / follow */
	KEYMAP_STEP_FWD,
	KEYMAP_STEP_BACK,
	KEYMAP_NEXT_CHANGE,
	KEYMAP_PREV_CHANGE,
	KEYMAP_NEXT_ANOMALY,
	KEYMAP_PREV_ANOMALY,
	KEYMAP_FASTER,
	KEYMAP_SLOWER,
	KEYMAP_START,
	KEYMAP_END,
	KEYMAP_FOLLOW,
	KEYMAP_FOCUS,		/* ladder, graph, list in turn */
	KEYMAP_LIST,		/* open the connection list */
	KEYMAP_OPEN,		/* list: open the selected connection */
	KEYMAP_SORT,		/* list: next sort order */
	KEYMAP_CLOSE_LIST,	/* list: back to the ladder */
	KEYMAP_FILTER,		/* the / prompt */
	KEYMAP_SCROLL_UP,	/* ladder: scroll back */
	KEYMAP_SCROLL_DOWN,
	KEYMAP_LIST_UP,		/* list: move the selection */
	KEYMAP_LIST_DOWN,
	KEYMAP_LIST_PGUP,
	KEYMAP_LIST_PGDN,
	KEYMAP_LIST_HOME,	/* list: the first row */
	KEYMAP_LIST_END,	/* list: the last row */
	KEYMAP_MOUSE,
	KEYMAP_PICKER,		/* back to the scenario list */
	KEYMAP_NOTATION,	/* the next sequence number notation */
	KEYMAP_CLOCK,		/* time column: relative / absolute */
	KEYMAP_LANG,		/* the next language (i18n.h) */
	KEYMAP_HELP,
	KEYMAP_EXPORT,		/* e: export what is on screen */
	KEYMAP_QUIZ,		/* Q: quiz mode on / off */
	KEYMAP_ANSWER,		/* 1-4: answer the quiz's question */
	KEYMAP_WHATIF_DROP,	/* a demo: lose the next segment, re-run */
	KEYMAP_WHATIF_DELAY,	/* a demo: delay it */
	KEYMAP_WHATIF_UNDO,	/* a demo: undo the last what-if */
	KEYMAP_WHATIF_SAVE,	/* a demo: write the changed run (.scn) */
	KEYMAP_COPY,		/* y: copy the display filter */
	KEYMAP_COMPARE,		/* C: compare with a scenario */
	KEYMAP_QUIT
};

/* Where a binding holds (bits); 0: everywhere. */
#define KEYMAP_IN_LIST		0x1	/* the list has the focus */
#define KEYMAP_IN_LIVE		0x2	/* live capture */
#define KEYMAP_IN_DEMO		0x4	/* a scenario (demo NAME, the picker) */

#define KEYMAP_KEYS_MAX		4

struct keymap_binding {
	enum keymap_action	 action;
	unsigned		 where;		/* KEYMAP_IN_*: all of them */
	int			 keys[KEYMAP_KEYS_MAX];	/* 0 ends */
	/*
	 * Its help row; NULL joins its keys to the row above (n, then N
	 * on the "next / previous state change" row).
	 */
	const char		*help;
};

extern const struct keymap_binding	keymap_bindings[];
extern const size_t			keymap_nbindings;

/*
 * The binding of key in a context (KEYMAP_IN_* bits that hold now): the
 * first whose bits all hold, the most specific first in the table; NULL.
 */
const struct keymap_binding *keymap_find(int key, unsigned context);
/* "right", "l", "space", "Enter"; NULL for a key the table cannot name. */
const char	*keymap_key_name(int key);
/*
 * Help row i (0-based): its keys ("n N") into keys and its text; false
 * past the last row.
 */
bool		 keymap_help_row(size_t i, char *keys, size_t len,
		    const char **text);

#endif
