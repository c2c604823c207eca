/*
 * test-view-screen.c: the comparison panel of the C key (view-screen.c):
 * where it goes at 80x24 and on a wide terminal, how its lines wrap (at
 * a space, indented past the line's own indentation; Chinese by display
 * width, never a wide character split or past the edge), and the frame
 * drawn on a text canvas: the rows from panel_top, scrolling clamped at
 * the end, where the rows are on the lower edge, "!" rows marked.
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
#include "i18n.h"
#include "layout.h"
#include "view.h"
#include "view-screen.h"

/* Lines "line 1" .. "line n", one a row. */
static char *
numbered(int n)
{
	char	*s = calloc((size_t)n, 16);
	int	 i;

	assert_non_null(s);
	for (i = 1; i <= n; i++)
		sprintf(s + strlen(s), "line %d\n", i);
	return s;
}

/*
 * The panel sits under the title, above the status row, 84 wide at most;
 * at 80 columns --compare's lines (77) fit between its edges.
 */
static void
test_rect(void **state)
{
	static const struct {
		int			cols, rows;
		struct canvas_rect	box, text;
	} want[] = {
		{ 80, 24, { 0, 1, 80, 22 }, { 1, 2, 78, 20 } },
		{ 120, 40, { 18, 1, 84, 38 }, { 20, 2, 80, 36 } },
		{ 60, 20, { 0, 1, 60, 18 }, { 1, 2, 58, 16 } },
	};
	struct layout		l;
	struct canvas_rect	box, tr;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		layout_compute(&l, want[i].cols, want[i].rows);
		view_screen_panel_rect(&l, &box, &tr);
		assert_memory_equal(&box, &want[i].box, sizeof box);
		assert_memory_equal(&tr, &want[i].text, sizeof tr);
	}
}

/* Rows a text takes: one a line that fits, more for one that does not. */
static void
test_rows(void **state)
{
	struct canvas_rect	r = { 0, 0, 20, 10 };
	char			zh[256] = "";
	int			i;

	(void)state;
	assert_int_equal(view_screen_panel_rows(&r, "a\nb\n\nc\n"), 4);
	assert_int_equal(view_screen_panel_rows(&r, "12345678901234567890"),
	    1);
	/* 20 columns: "aaaa bbbb cccc dddd" fits, one more word wraps. */
	assert_int_equal(view_screen_panel_rows(&r, "aaaa bbbb cccc dddd"), 1);
	assert_int_equal(view_screen_panel_rows(&r,
	    "aaaa bbbb cccc dddd eeee"), 2);
	/* 15 Chinese characters are 30 columns: two rows of 20 and 12. */
	for (i = 0; i < 15; i++)
		strcat(zh, "重");
	assert_int_equal(view_screen_panel_rows(&r, zh), 2);
}

/* Draw text in a panel at cols x rows; the canvas. */
static struct canvas *
draw(int cols, int rows, const char *text, int top)
{
	struct canvas	*c = canvas_text_new(cols, rows, false);
	struct layout	 l;
	struct view_ctx	 ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.panel = text;
	ctx.panel_top = top;
	layout_compute(&l, cols, rows);
	view_screen_draw(c, &l, &ctx, NULL);
	return c;
}

/* Row y of c holds want (a message naming both when not). */
static void
row_has(const struct canvas *c, int y, const char *want)
{
	char	line[512];

	canvas_text_row(c, y, line, sizeof line);
	if (strstr(line, want) == NULL)
		fail_msg("row %d: no '%s' in '%s'", y, want, line);
}

/* pre, then n times s, then post, in buf. */
static char *
rep(char *buf, size_t len, const char *pre, const char *s, int n,
    const char *post)
{
	snprintf(buf, len, "%s", pre);
	while (n-- > 0)
		strcat(buf, s);
	strcat(buf, post);
	return buf;
}

/* Wrapped rows go on indented, a wide character is never cut. */
static void
test_wrap_drawn(void **state)
{
	struct canvas	*c;
	char		 line[512], text[512], zh[256], buf[512];

	(void)state;
	i18n_set(I18N_EN);
	/* A note of 19 words, 100 columns, after compare.c's "    ^ ". */
	rep(text, sizeof text, "    ^ ", "word ", 18, "last\n");
	/* A line of Chinese, 45 characters (90 columns), no space. */
	strcat(text, rep(zh, sizeof zh, "", "对", 45, ""));
	c = draw(60, 20, text, 0);
	row_has(c, 2, "│    ^ word word");
	/* The rest under the note's text, past the "^". */
	row_has(c, 3, "│      word");
	/* 58 columns inside the edges: 29 characters, then the right edge. */
	canvas_text_row(c, 4, line, sizeof line);
	assert_string_equal(line, rep(buf, sizeof buf, "│", "对", 29, "│"));
	row_has(c, 5, rep(buf, sizeof buf, "│  ", "对", 16, " "));
	canvas_free(c);
}

/* The rows from panel_top, clamped; where they are; "!" marked. */
static void
test_scroll_drawn(void **state)
{
	static const struct {
		int		 top;
		int		 y;		/* a text row */
		const char	*row;		/* what it shows */
		const char	*where;		/* on the lower edge */
	} want[] = {
		{ 0, 2, "│line 1 ", " 1-20/30 " },
		{ 5, 2, "│line 6 ", " 6-25/30 " },
		/* Past the end: the last page. */
		{ 1000, 21, "│line 30 ", " 11-30/30 " },
	};
	struct canvas	*c;
	char		*text = numbered(30);
	const char	*ch;
	unsigned	 attr;
	size_t		 i;

	(void)state;
	i18n_set(I18N_EN);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		c = draw(80, 24, text, want[i].top);
		row_has(c, 1, "Compared with a scenario");
		row_has(c, want[i].y, want[i].row);
		row_has(c, 22, want[i].where);
		row_has(c, 22, "Esc closes");
		canvas_free(c);
	}
	free(text);
	c = draw(80, 24, "  same\n! differs\n~ a note\n", 0);
	ch = canvas_text_at(c, 1, 3, &attr);
	assert_string_equal(ch, "!");
	assert_int_equal(attr & CANVAS_ROLE_MASK, CANVAS_R_ANOMALY);
	(void)canvas_text_at(c, 1, 4, &attr);
	assert_int_equal(attr & CANVAS_ROLE_MASK, CANVAS_R_STATE);
	(void)canvas_text_at(c, 3, 2, &attr);
	assert_int_equal(attr & CANVAS_ROLE_MASK, CANVAS_R_NORMAL);
	canvas_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rect),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_wrap_drawn),
		cmocka_unit_test(test_scroll_drawn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
