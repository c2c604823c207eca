/*
 * canvas-curses.c: the canvas on an ncursesw screen. Layer 4: one of the
 * two files that include curses (ui.c is the other).
 *
 * Roles become colour pairs (256 or 8 colours) or, with --no-color,
 * NO_COLOR or a terminal without colours, bold/reverse/underline from the
 * role table in canvas.h, so lit states and the glowing edge stay visible
 * in monochrome (the C/S letters and the edge label say it in text too).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "canvas.h"
#include "xmalloc.h"

struct canvas_curses {
	bool	color;
	attr_t	attrs[CANVAS_R_COUNT];
	short	pairs[CANVAS_R_COUNT];
};

/* The role table, split into its columns. */
static const struct {
	short		c256;
	short		c8;
	unsigned	mono;
} canvas_curses_roles[CANVAS_R_COUNT] = {
#define CANVAS_X(name, c256, c8, mono) [CANVAS_R_##name] = { c256, c8, mono },
	CANVAS_ROLES(CANVAS_X)
#undef CANVAS_X
};

/* Curses attributes for CANVAS_A_* bits. */
static attr_t
canvas_curses_bits(unsigned a)
{
	attr_t	r = A_NORMAL;

	if (a & CANVAS_A_BOLD)
		r |= A_BOLD;
	if (a & CANVAS_A_REVERSE)
		r |= A_REVERSE;
	if (a & CANVAS_A_UNDERLINE)
		r |= A_UNDERLINE;
	return r;
}

static void
canvas_curses_clear(struct canvas *c)
{
	(void)c;
	erase();
}

/* Put one character with its role's look. */
static void
canvas_curses_cell(struct canvas *c, int x, int y, const char *ch,
    size_t len, int width, unsigned attr)
{
	struct canvas_curses	*cc = c->priv;
	unsigned		 role = attr & CANVAS_ROLE_MASK;
	wchar_t			 wc[2];
	uint32_t		 cp;
	cchar_t			 cch;
	attr_t			 a;
	short			 pair = 0;

	(void)width;
	if (role >= CANVAS_R_COUNT)
		role = CANVAS_R_NORMAL;
	canvas_utf8_decode(ch, len, &cp);
	wc[0] = (wchar_t)cp;
	wc[1] = L'\0';
	a = cc->attrs[role] | canvas_curses_bits(attr);
	if (cc->color)
		pair = cc->pairs[role];
	if (setcchar(&cch, wc, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cch);
}

static void
canvas_curses_free(struct canvas *c)
{
	free(c->priv);
	free(c);
}

static const struct canvas_class canvas_curses_class = {
	.name = "curses",
	.clear = canvas_curses_clear,
	.cell = canvas_curses_cell,
	.free = canvas_curses_free,
};

/*
 * A canvas on stdscr (initscr() was called). Colour when the terminal
 * has it and color is true; 256-colour values when it has 256.
 */
struct canvas *
canvas_curses_new(bool ascii, bool color)
{
	struct canvas		*c;
	struct canvas_curses	*cc;
	int			 i;
	short			 fg;
	bool			 many;

	c = xcalloc(1, sizeof *c);
	cc = xcalloc(1, sizeof *cc);
	c->cls = &canvas_curses_class;
	c->priv = cc;
	c->ascii = ascii;
	cc->color = color && has_colors() && start_color() == OK;
	if (cc->color)
		use_default_colors();
	many = cc->color && COLORS >= 256 && COLOR_PAIRS > CANVAS_R_COUNT;
	for (i = 0; i < CANVAS_R_COUNT; i++) {
		if (!cc->color) {
			cc->attrs[i] = canvas_curses_bits(
			    canvas_curses_roles[i].mono);
			continue;
		}
		fg = many ? canvas_curses_roles[i].c256 :
		    canvas_curses_roles[i].c8;
		if (i + 1 < COLOR_PAIRS && init_pair((short)(i + 1), fg, -1) ==
		    OK)
			cc->pairs[i] = (short)(i + 1);
		/* Lit boxes and bars keep their reverse video in colour. */
		cc->attrs[i] = canvas_curses_bits(canvas_curses_roles[i].mono &
		    CANVAS_A_REVERSE);
	}
	c->cols = COLS;
	c->rows = LINES;
	canvas_reset_clip(c);
	return c;
}

/* Take the terminal's size after a resize. */
void
canvas_curses_resize(struct canvas *c)
{
	c->cols = COLS;
	c->rows = LINES;
	canvas_reset_clip(c);
}
