/*
 * keymap.c: the keys of the interactive view and their help (keymap.h).
 * The order matters twice: a context's specific bindings come before the
 * general ones (keymap_find takes the first that holds), and a binding
 * with no help text joins the help row above it. Help texts are N_():
 * the help panel translates them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keymap.h"

#define B(act, where, help, ...) { act, where, { __VA_ARGS__ }, help }

const struct keymap_binding keymap_bindings[] = {
	/* A demo is the teacher's pace: space is one step, as right is. */
	B(KEYMAP_STEP_FWD, 0, N_("one step forward (a demo: space too)"),
	    KEYMAP_K_RIGHT, 'l'),
	B(KEYMAP_STEP_FWD, KEYMAP_IN_DEMO, NULL, ' '),
	B(KEYMAP_STEP_BACK, 0,
	    N_("one step back (moves the cursor; nothing is re-run)"),
	    KEYMAP_K_LEFT, 'h'),
	B(KEYMAP_FREEZE, KEYMAP_IN_LIVE,
	    N_("play / pause (a demo: a; live: freeze / follow)"), ' '),
	B(KEYMAP_PAUSE, 0, NULL, ' ', 'a'),
	B(KEYMAP_NEXT_CHANGE, 0, N_("next / previous state change"), 'n'),
	B(KEYMAP_PREV_CHANGE, 0, NULL, 'N'),
	B(KEYMAP_NEXT_ANOMALY, 0,
	    N_("next / previous anomaly: a step, RST too; list: a row"),
	    ']'),
	B(KEYMAP_PREV_ANOMALY, 0, NULL, '['),
	B(KEYMAP_FASTER, 0,
	    N_("faster / slower (0.1x .. 100x of real time)"), '+', '='),
	B(KEYMAP_SLOWER, 0, NULL, '-', '_'),
	/* In the list: its first and last rows. */
	B(KEYMAP_LIST_HOME, KEYMAP_IN_LIST,
	    N_("the start (a demo: step 0) / the end; list: first / last"),
	    'g', KEYMAP_K_HOME),
	B(KEYMAP_LIST_END, KEYMAP_IN_LIST, NULL, 'G', KEYMAP_K_END),
	B(KEYMAP_START, 0, NULL, 'g', KEYMAP_K_HOME),
	B(KEYMAP_END, 0, NULL, 'G', KEYMAP_K_END),
	B(KEYMAP_FOLLOW, 0,
	    N_("follow: live, the newest connection and each new one"), 'f'),
	B(KEYMAP_FOCUS, 0, N_("move the focus: ladder, graph, connections"),
	    KEYMAP_K_TAB),
	B(KEYMAP_CLOSE_LIST, KEYMAP_IN_LIST,
	    N_("connections: c shows, Enter opens, s sorts, Esc closes"),
	    KEYMAP_K_ESC, 'c'),
	B(KEYMAP_LIST, 0, NULL, 'c'),
	B(KEYMAP_OPEN, KEYMAP_IN_LIST, NULL, KEYMAP_K_ENTER),
	B(KEYMAP_SORT, KEYMAP_IN_LIST, NULL, 's'),
	B(KEYMAP_FILTER, 0,
	    N_("filter the list: FIN_WAIT rst retx :443 10.0.0.1 ..."),
	    '/'),
	B(KEYMAP_LIST_UP, KEYMAP_IN_LIST,
	    N_("scroll the ladder / move in the list"), KEYMAP_K_UP, 'k'),
	B(KEYMAP_LIST_DOWN, KEYMAP_IN_LIST, NULL, KEYMAP_K_DOWN, 'j'),
	B(KEYMAP_SCROLL_UP, 0, NULL, KEYMAP_K_UP),
	B(KEYMAP_SCROLL_DOWN, 0, NULL, KEYMAP_K_DOWN),
	B(KEYMAP_LIST_PGUP, KEYMAP_IN_LIST,
	    N_("move in the list a page at a time"), KEYMAP_K_PGUP),
	B(KEYMAP_LIST_PGDN, KEYMAP_IN_LIST, NULL, KEYMAP_K_PGDN),
	B(KEYMAP_MOUSE, 0,
	    N_("wheel scrolls; a click selects a row or a state"),
	    KEYMAP_K_MOUSE),
	B(KEYMAP_PICKER, 0,
	    N_("back to the scenario list (started without one)"), 'p'),
	B(KEYMAP_NOTATION, 0,
	    N_("seq notation (J K, x y, numbers) / time column"), 'x'),
	B(KEYMAP_CLOCK, 0, NULL, 't'),
	B(KEYMAP_LANG, 0,
	    N_("language: English / Chinese, for the whole view"), 'L'),
	B(KEYMAP_HELP, 0, N_("this help (any key closes it, q too)"), '?',
	    KEYMAP_K_F1),
	/* Quiz mode (quiz.h): Q turns it on and off, 1-4 answer. */
	B(KEYMAP_QUIZ, 0, N_("quiz: Q on / off, 1-4 answer (--quiz-seed=N)"),
	    'Q'),
	B(KEYMAP_ANSWER, 0, NULL, '1', '2', '3', '4'),
	B(KEYMAP_EXPORT, 0,
	    N_("export to a file here (asks the format) / quit"),
	    'e'),
	B(KEYMAP_WHATIF_DROP, 0,
	    N_("what-if (a demo): d loses, D delays the next segment"),
	    'd'),
	B(KEYMAP_WHATIF_DELAY, 0, NULL, 'D'),
	B(KEYMAP_WHATIF_UNDO, 0,
	    N_("u undoes the last what-if, w saves the run as .scn"), 'u'),
	B(KEYMAP_WHATIF_SAVE, 0, NULL, 'w'),
	B(KEYMAP_COPY, 0,
	    N_("copy the Wireshark filter of this connection (OSC 52)"), 'y'),
	/* The connection beside a scenario, as --compare prints it. */
	B(KEYMAP_COMPARE, 0,
	    N_("compare this connection with a scenario (textbook)"), 'C'),
	B(KEYMAP_QUIT, 0, NULL, 'q'),
};

const size_t keymap_nbindings = COMPAT_NITEMS(keymap_bindings);

static const struct {
	int		 key;
	const char	*name;
} keymap_names[] = {
	{ ' ', "space" },
	{ KEYMAP_K_UP, "up" },
	{ KEYMAP_K_DOWN, "down" },
	{ KEYMAP_K_LEFT, "left" },
	{ KEYMAP_K_RIGHT, "right" },
	{ KEYMAP_K_PGUP, "PgUp" },
	{ KEYMAP_K_PGDN, "PgDn" },
	{ KEYMAP_K_HOME, "Home" },
	{ KEYMAP_K_END, "End" },
	{ KEYMAP_K_ENTER, "Enter" },
	{ KEYMAP_K_ESC, "Esc" },
	{ KEYMAP_K_TAB, "Tab" },
	{ KEYMAP_K_F1, "F1" },
	{ KEYMAP_K_MOUSE, "mouse" },
};

/* Each printable key's name: itself, "!" to "~", each with its NUL. */
static const char keymap_printable[] =
	    "!\0" "\"\0" "#\0" "$\0" "%\0" "&\0" "'\0" "(\0" ")\0" "*\0" "+\0"
	    ",\0" "-\0" ".\0" "/\0" "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0"
	    "7\0" "8\0" "9\0" ":\0" ";\0" "<\0" "=\0" ">\0" "?\0" "@\0" "A\0"
	    "B\0" "C\0" "D\0" "E\0" "F\0" "G\0" "H\0" "I\0" "J\0" "K\0" "L\0"
	    "M\0" "N\0" "O\0" "P\0" "Q\0" "R\0" "S\0" "T\0" "U\0" "V\0" "W\0"
	    "X\0" "Y\0" "Z\0" "[\0" "\\\0" "]\0" "^\0" "_\0" "`\0" "a\0" "b\0"
	    "c\0" "d\0" "e\0" "f\0" "g\0" "h\0" "i\0" "j\0" "k\0" "l\0" "m\0"
	    "n\0" "o\0" "p\0" "q\0" "r\0" "s\0" "t\0" "u\0" "v\0" "w\0" "x\0"
	    "y\0" "z\0" "{\0" "|\0" "}\0" "~\0";

const char *
keymap_key_name(int key)
{
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(keymap_names); i++) {
		if (keymap_names[i].key == key)
			return keymap_names[i].name;
	}
	if (key > ' ' && key < 127)
		return &keymap_printable[(size_t)(key - '!') * 2];
	return NULL;
}

const struct keymap_binding *
keymap_find(int key, unsigned context)
{
	size_t	i, k;

	for (i = 0; i < keymap_nbindings; i++) {
		const struct keymap_binding *b = &keymap_bindings[i];

		if ((b->where & context) != b->where)
			continue;
		for (k = 0; k < KEYMAP_KEYS_MAX && b->keys[k] != 0; k++) {
			if (b->keys[k] == key)
				return b;
		}
	}
	return NULL;
}

/* Add a key's name to a row's keys unless it is there already. */
static void
keymap_add_name(char *keys, size_t len, const char *name)
{
	size_t	n = strlen(keys), w = strlen(name);
	char	*p;

	for (p = keys; (p = strstr(p, name)) != NULL; p += w) {
		if ((p == keys || p[-1] == ' ') &&
		    (p[w] == ' ' || p[w] == '\0'))
			return;
	}
	if (n + (n > 0) + w + 1 > len)
		return;
	if (n > 0)
		keys[n++] = ' ';
	memcpy(keys + n, name, w + 1);
}

bool
keymap_help_row(size_t row, char *keys, size_t len, const char **text)
{
	size_t	i, k, r = 0;
	bool	in = false;

	if (len == 0)
		return false;
	keys[0] = '\0';
	*text = NULL;
	for (i = 0; i < keymap_nbindings; i++) {
		const struct keymap_binding *b = &keymap_bindings[i];

		if (b->help != NULL) {
			if (in)
				return true;	/* row ends before this one */
			if (r++ == row) {
				in = true;
				*text = b->help;
			}
		}
		if (!in)
			continue;
		for (k = 0; k < KEYMAP_KEYS_MAX && b->keys[k] != 0; k++) {
			const char *name = keymap_key_name(b->keys[k]);

			if (name != NULL)
				keymap_add_name(keys, len, name);
		}
	}
	return in;
}
