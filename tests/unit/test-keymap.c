/*
 * test-keymap.c: the one key table (keymap.c) that drives both the keys
 * (ui.c) and the help panel (view-info.c). Every bound key is named in
 * the help, on its binding's row, and every key the help names is bound;
 * no binding is shadowed by an earlier one; the rows fit the panel; and
 * the panel as drawn on a text canvas shows every row.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "canvas.h"
#include "keymap.h"
#include "view.h"

#define ROWS_MAX	64

/* The help row a binding's keys are on (rows start at a help text). */
static size_t
row_of(size_t b)
{
	size_t	i, r = 0;

	for (i = 0; i <= b; i++) {
		if (keymap_bindings[i].help != NULL)
			r++;
	}
	return r - 1;
}

/* Is name one of the space-separated words of keys? */
static bool
has_word(const char *keys, const char *name)
{
	size_t		 w = strlen(name);
	const char	*p;

	for (p = keys; (p = strstr(p, name)) != NULL; p += w) {
		if ((p == keys || p[-1] == ' ') &&
		    (p[w] == ' ' || p[w] == '\0'))
			return true;
	}
	return false;
}

static void
test_bound_keys_in_help(void **state)
{
	char		 keys[64];
	const char	*text;
	size_t		 b, k;

	(void)state;
	assert_non_null(keymap_bindings[0].help);
	for (b = 0; b < keymap_nbindings; b++) {
		const struct keymap_binding *kb = &keymap_bindings[b];

		assert_true(kb->keys[0] != 0);
		assert_true(keymap_help_row(row_of(b), keys, sizeof keys,
		    &text));
		for (k = 0; k < KEYMAP_KEYS_MAX && kb->keys[k] != 0; k++) {
			const char *name = keymap_key_name(kb->keys[k]);

			assert_non_null(name);
			if (!has_word(keys, name))
				fail_msg("binding %zu: key %s not on its help "
				    "row (\"%s\": %s)", b, name, keys, text);
		}
	}
}

static void
test_help_keys_bound(void **state)
{
	char		 keys[64], *w, *save;
	const char	*text;
	size_t		 r, b, k;
	bool		 found;

	(void)state;
	for (r = 0; keymap_help_row(r, keys, sizeof keys, &text); r++) {
		assert_non_null(text);
		for (w = strtok_r(keys, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			found = false;
			for (b = 0; b < keymap_nbindings && !found; b++) {
				const struct keymap_binding *kb =
				    &keymap_bindings[b];

				if (row_of(b) != r)
					continue;
				for (k = 0; k < KEYMAP_KEYS_MAX &&
				    kb->keys[k] != 0; k++)
					found = found || strcmp(
					    keymap_key_name(kb->keys[k]),
					    w) == 0;
			}
			if (!found)
				fail_msg("help row %zu names %s, which no "
				    "binding of the row has", r, w);
		}
	}
	assert_true(r > 10 && r < ROWS_MAX);
}

/* Each binding is what its own context finds for at least one of its keys. */
static void
test_no_shadowing(void **state)
{
	size_t	b, k;
	bool	reached;

	(void)state;
	for (b = 0; b < keymap_nbindings; b++) {
		const struct keymap_binding *kb = &keymap_bindings[b];

		reached = false;
		for (k = 0; k < KEYMAP_KEYS_MAX && kb->keys[k] != 0; k++)
			reached = reached ||
			    keymap_find(kb->keys[k], kb->where) == kb;
		if (!reached)
			fail_msg("binding %zu (action %d) is shadowed by an "
			    "earlier one", b, (int)kb->action);
	}
	/* Context picks: space freezes live, pauses a file. */
	assert_int_equal(keymap_find(' ', KEYMAP_IN_LIVE)->action,
	    KEYMAP_FREEZE);
	assert_int_equal(keymap_find(' ', 0)->action, KEYMAP_PAUSE);
	assert_int_equal(keymap_find('c', KEYMAP_IN_LIST)->action,
	    KEYMAP_CLOSE_LIST);
	assert_int_equal(keymap_find('c', 0)->action, KEYMAP_LIST);
	assert_null(keymap_find('s', 0));
	assert_null(keymap_find('Z', KEYMAP_IN_LIST | KEYMAP_IN_LIVE));
}

/* The panel (76 x 26 at most) shows every row whole. */
static void
test_panel_shows_all(void **state)
{
	struct canvas		*c;
	struct canvas_rect	 r = { 0, 0, 76, 26 };
	char			*dump = NULL, keys[64], *w, *save;
	const char		*text;
	size_t			 len = 0, i;
	FILE			*f;

	(void)state;
	c = canvas_text_new(76, 26, true);
	view_info_help(c, &r, NULL);
	f = open_memstream(&dump, &len);
	assert_non_null(f);
	assert_int_equal(canvas_text_dump(c, f), 0);
	fclose(f);
	for (i = 0; keymap_help_row(i, keys, sizeof keys, &text); i++) {
		assert_true(strlen(keys) <= 14);
		assert_true(strlen(text) <= 76 - 5 - 14);
		if (strstr(dump, text) == NULL)
			fail_msg("help row \"%s\" not on the panel", text);
		for (w = strtok_r(keys, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			assert_non_null(strstr(dump, w));
	}
	free(dump);
	canvas_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bound_keys_in_help),
		cmocka_unit_test(test_help_keys_bound),
		cmocka_unit_test(test_no_shadowing),
		cmocka_unit_test(test_panel_shows_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
