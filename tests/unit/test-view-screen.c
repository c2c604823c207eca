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

/* The panel sits under the title, above the status row, 84 wide at most. */
static void
test_rect(void **state)
{
	struct layout		l;
	struct canvas_rect	box, tr;

	(void)state;
	layout_compute(&l, 80, 24);
	view_screen_panel_rect(&l, &box, &tr);
	assert_int_equal(box.x, 0);
	assert_int_equal(box.y, 1);
	assert_int_equal(box.w, 80);
	assert_int_equal(box.h, 22);
	/* --compare's lines are 77 columns: they fit between the edges. */
	assert_int_equal(tr.x, 1);
	assert_int_equal(tr.w, 78);
	assert_int_equal(tr.y, 2);
	assert_int_equal(tr.h, 20);
	layout_compute(&l, 120, 40);
	view_screen_panel_rect(&l, &box, &tr);
	assert_int_equal(box.w, 84);
	assert_int_equal(box.x, 18);
	assert_int_equal(tr.w, 80);
	assert_int_equal(tr.x, 20);
	assert_int_equal(tr.h, 36);
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

/* Wrapped rows go on indented, a wide character is never cut. */
static void
test_wrap_drawn(void **state)
{
	struct canvas	*c;
	char		 line[512], text[512], buf[512];
	int		 i;

	(void)state;
	i18n_set(I18N_EN);
	/* A note of 20 words, 99 columns, after compare.c's "    ^ ". */
	snprintf(text, sizeof text, "    ^ ");
	for (i = 0; i < 18; i++)
		strcat(text, "word ");
	strcat(text, "last\n");
	/* A line of Chinese, 45 characters (90 columns), no space. */
	for (i = 0; i < 45; i++)
		strcat(text, "对");
	c = draw(60, 20, text, 0);
	canvas_text_row(c, 2, line, sizeof line);
	assert_non_null(strstr(line, "│    ^ word word"));
	canvas_text_row(c, 3, line, sizeof line);
	/* The rest under the note's text, past the "^". */
	assert_non_null(strstr(line, "│      word"));
	canvas_text_row(c, 4, line, sizeof line);
	assert_non_null(strstr(line, "│对对"));
	/* 58 columns inside the edges: 29 characters, then the right edge. */
	snprintf(buf, sizeof buf, "│");
	for (i = 0; i < 29; i++)
		strcat(buf, "对");
	strcat(buf, "│");
	assert_string_equal(line, buf);
	canvas_text_row(c, 5, line, sizeof line);
	snprintf(buf, sizeof buf, "│  ");
	for (i = 0; i < 16; i++)
		strcat(buf, "对");
	assert_true(strncmp(line, buf, strlen(buf)) == 0);
	canvas_free(c);
}

/* The rows from panel_top, clamped; where they are; "!" marked. */
static void
test_scroll_drawn(void **state)
{
	struct canvas	*c;
	char		*text = numbered(30), line[512];
	const char	*ch;
	unsigned	 attr;

	(void)state;
	i18n_set(I18N_EN);
	c = draw(80, 24, text, 0);
	canvas_text_row(c, 1, line, sizeof line);
	assert_non_null(strstr(line, "Compared with a scenario"));
	canvas_text_row(c, 2, line, sizeof line);
	assert_non_null(strstr(line, "│line 1 "));
	canvas_text_row(c, 22, line, sizeof line);
	assert_non_null(strstr(line, " 1-20/30 "));
	assert_non_null(strstr(line, "Esc closes"));
	canvas_free(c);
	c = draw(80, 24, text, 5);
	canvas_text_row(c, 2, line, sizeof line);
	assert_non_null(strstr(line, "│line 6 "));
	canvas_text_row(c, 22, line, sizeof line);
	assert_non_null(strstr(line, " 6-25/30 "));
	canvas_free(c);
	/* Past the end: the last page. */
	c = draw(80, 24, text, 1000);
	canvas_text_row(c, 21, line, sizeof line);
	assert_non_null(strstr(line, "│line 30 "));
	canvas_text_row(c, 22, line, sizeof line);
	assert_non_null(strstr(line, " 11-30/30 "));
	canvas_free(c);
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
