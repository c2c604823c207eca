/*
 * test-canvas.c: the text canvas (canvas-text.c) and the shared drawing
 * code (canvas.c): UTF-8 decoding, wcwidth, double-width characters,
 * clipping, ASCII mode.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "canvas.h"

/* Strings land where asked and rows drop trailing blanks. */
static void
test_put_str(void **state)
{
	struct canvas	*c = canvas_text_new(10, 3, false);
	char		 row[128];
	unsigned	 attr;

	(void)state;
	assert_int_equal(canvas_put_str(c, 2, 1, "abc", 10, CANVAS_R_CLIENT),
	    3);
	assert_string_equal(canvas_text_row(c, 1, row, sizeof row), "  abc");
	assert_string_equal(canvas_text_at(c, 3, 1, &attr), "b");
	assert_int_equal(attr, CANVAS_R_CLIENT);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row), "");
	/* Cut at the right edge of the canvas. */
	assert_int_equal(canvas_put_str(c, 8, 0, "xyz", 10, 0), 2);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row),
	    "        xy");
	/* maxw limits too. */
	assert_int_equal(canvas_put_str(c, 0, 2, "hello", 3, 0), 3);
	assert_string_equal(canvas_text_row(c, 2, row, sizeof row), "hel");
	canvas_free(c);
}

/* A CJK character takes two cells; cutting it blanks the other half. */
static void
test_wide(void **state)
{
	struct canvas	*c = canvas_text_new(8, 2, false);
	char		 row[128];

	(void)state;
	/* U+4E2D U+6587: two double-width characters. */
	assert_int_equal(canvas_str_width("\xe4\xb8\xad\xe6\x96\x87"), 4);
	assert_int_equal(canvas_put_str(c, 0, 0, "\xe4\xb8\xad\xe6\x96\x87x",
	    8, 0), 5);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row),
	    "\xe4\xb8\xad\xe6\x96\x87x");
	assert_string_equal(canvas_text_at(c, 1, 0, NULL), "");
	/* Overwrite the right half of the first: its left half blanks. */
	canvas_put_str(c, 1, 0, "-", 1, 0);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row),
	    " -\xe6\x96\x87x");
	/* A wide character never splits at the edge: it is not drawn. */
	assert_int_equal(canvas_put_str(c, 7, 1, "\xe4\xb8\xad", 4, 0), 0);
	assert_string_equal(canvas_text_row(c, 1, row, sizeof row), "");
	/* Within maxw only whole characters. */
	assert_int_equal(canvas_put_str(c, 0, 1, "\xe4\xb8\xad\xe6\x96\x87",
	    3, 0), 2);
	canvas_free(c);
}

/* Bad UTF-8 decodes byte by byte to U+FFFD and never overreads. */
static void
test_utf8(void **state)
{
	uint32_t	cp;

	(void)state;
	assert_int_equal(canvas_utf8_decode("\xe2\x94\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x2500);
	assert_int_equal(canvas_utf8_decode("\xe2\x94", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(canvas_utf8_decode("\xc0\x80", 2, &cp), 1);
	assert_int_equal(canvas_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(canvas_utf8_decode("\xff", 1, &cp), 1);
	assert_int_equal(canvas_wcwidth(0x4e2d), 2);
	assert_int_equal(canvas_wcwidth('a'), 1);
	assert_int_equal(canvas_wcwidth(0x301), 0);
	assert_int_equal(canvas_wcwidth(0x07), -1);
}

/* Clipping keeps every write inside the clip rectangle. */
static void
test_clip(void **state)
{
	struct canvas		*c = canvas_text_new(10, 4, false);
	struct canvas_rect	 r = { 2, 1, 4, 2 };
	char			 row[128];

	(void)state;
	canvas_set_clip(c, &r);
	canvas_put_str(c, 0, 1, "0123456789", 10, 0);
	canvas_hline(c, 0, 2, 10, CANVAS_G_HLINE, 0);
	canvas_put_str(c, 0, 3, "nope", 10, 0);
	canvas_reset_clip(c);
	assert_string_equal(canvas_text_row(c, 1, row, sizeof row), "  2345");
	assert_string_equal(canvas_text_row(c, 2, row, sizeof row),
	    "  \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80");
	assert_string_equal(canvas_text_row(c, 3, row, sizeof row), "");
	/* A clip partly outside the canvas is cut to it. */
	r.x = -5; r.y = -5; r.w = 100; r.h = 100;
	canvas_set_clip(c, &r);
	assert_int_equal(c->clip.w, 10);
	assert_int_equal(c->clip.h, 4);
	canvas_free(c);
}

/* ASCII mode: boxes in + - |, and no byte above 0x7f anywhere. */
static void
test_ascii(void **state)
{
	struct canvas		*c = canvas_text_new(12, 4, true);
	struct canvas_rect	 r = { 0, 0, 5, 3 };
	char			 row[128];
	int			 y;
	size_t			 i;

	(void)state;
	canvas_box(c, &r, 0);
	canvas_put_glyph(c, 6, 1, CANVAS_G_ARROW_RIGHT, 0);
	canvas_put_str(c, 7, 1, "\xe4\xb8\xad", 4, 0);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row), "+---+");
	assert_string_equal(canvas_text_row(c, 1, row, sizeof row),
	    "|   | >?");
	for (y = 0; y < 4; y++) {
		canvas_text_row(c, y, row, sizeof row);
		for (i = 0; row[i] != '\0'; i++)
			assert_true((unsigned char)row[i] < 0x80);
	}
	canvas_free(c);
}

/*
 * A cut string ends in an ellipsis within maxw; a double-width character
 * at the cut is left out whole (a blank, never half of it); ASCII mode
 * cuts with "...". Strings that fit are drawn as canvas_put_str does.
 */
static void
test_put_str_cut(void **state)
{
	struct canvas	*c = canvas_text_new(20, 4, false), *a;
	char		 row[256];

	(void)state;
	assert_int_equal(canvas_put_str_cut(c, 0, 0, "abcdef", 6, 0), 6);
	assert_string_equal(canvas_text_row(c, 0, row, sizeof row), "abcdef");
	assert_int_equal(canvas_put_str_cut(c, 0, 1, "abcdefgh", 6, 0), 6);
	assert_string_equal(canvas_text_row(c, 1, row, sizeof row),
	    "abcde\xe2\x80\xa6");
	/* "客户端" is 6 columns: in 5, two characters and the ellipsis. */
	assert_int_equal(canvas_put_str_cut(c, 0, 2,
	    "\xe5\xae\xa2\xe6\x88\xb7\xe7\xab\xaf", 5, 0), 5);
	assert_string_equal(canvas_text_row(c, 2, row, sizeof row),
	    "\xe5\xae\xa2\xe6\x88\xb7\xe2\x80\xa6");
	/* In 4 the second would straddle the cut: one, the ellipsis. */
	assert_int_equal(canvas_put_str_cut(c, 0, 3,
	    "\xe5\xae\xa2\xe6\x88\xb7\xe7\xab\xaf", 4, 0), 3);
	assert_string_equal(canvas_text_row(c, 3, row, sizeof row),
	    "\xe5\xae\xa2\xe2\x80\xa6");
	canvas_free(c);
	a = canvas_text_new(20, 1, true);
	assert_int_equal(canvas_put_str_cut(a, 0, 0, "abcdefgh", 6, 0), 6);
	assert_string_equal(canvas_text_row(a, 0, row, sizeof row), "abc...");
	canvas_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_str),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_put_str_cut),
	};

	/* wcwidth() needs a UTF-8 locale; the fallback table is tested too. */
	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
