/*
 * canvas-text.c: a canvas kept in memory, one UTF-8 character per cell,
 * for unit tests, --screen dumps and text export. Layer 3: includes layer
 * 0 and canvas.h; no curses, no terminal.
 *
 * Invariant: a double-width character occupies its cell and the next one,
 * which holds "" (a continuation); overwriting either half blanks the
 * other half, as a terminal would.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "xmalloc.h"

#define CANVAS_TEXT_CH	8	/* bytes of one character, NUL included */

struct canvas_text_cell {
	char		ch[CANVAS_TEXT_CH];	/* "" continuation of a wide */
	uint8_t		width;
	unsigned	attr;
};

struct canvas_text {
	struct canvas_text_cell	*cells;
};

/* The cell at x, y (caller checked the bounds). */
static struct canvas_text_cell *
canvas_text_cell_at(const struct canvas *c, int x, int y)
{
	struct canvas_text	*t = c->priv;

	return &t->cells[(size_t)y * (size_t)c->cols + (size_t)x];
}

/* Make one cell a plain blank. */
static void
canvas_text_blank(struct canvas_text_cell *cell, unsigned attr)
{
	memcpy(cell->ch, " ", 2);
	cell->width = 1;
	cell->attr = attr;
}

static void
canvas_text_clear(struct canvas *c)
{
	int	x, y;

	for (y = 0; y < c->rows; y++)
		for (x = 0; x < c->cols; x++)
			canvas_text_blank(canvas_text_cell_at(c, x, y), 0);
}

/* Store a character; repair any wide character it cuts in half. */
static void
canvas_text_cell(struct canvas *c, int x, int y, const char *ch, size_t len,
    int width, unsigned attr)
{
	struct canvas_text_cell	*cell;
	int			 i;

	if (len >= CANVAS_TEXT_CH || x < 0 || y < 0 || y >= c->rows ||
	    x + width > c->cols)
		return;
	for (i = 0; i < width; i++) {
		cell = canvas_text_cell_at(c, x + i, y);
		/* Cutting the right half of a wide one: blank its left. */
		if (cell->ch[0] == '\0' && x + i > 0)
			canvas_text_blank(canvas_text_cell_at(c, x + i - 1, y),
			    cell->attr);
		/* Cutting the left half: blank its right. */
		if (cell->width == 2 && x + i + 1 < c->cols)
			canvas_text_blank(canvas_text_cell_at(c, x + i + 1, y),
			    cell->attr);
	}
	cell = canvas_text_cell_at(c, x, y);
	memcpy(cell->ch, ch, len);
	cell->ch[len] = '\0';
	cell->width = (uint8_t)width;
	cell->attr = attr;
	if (width == 2) {
		cell = canvas_text_cell_at(c, x + 1, y);
		cell->ch[0] = '\0';
		cell->width = 0;
		cell->attr = attr;
	}
}

static void
canvas_text_free(struct canvas *c)
{
	struct canvas_text	*t = c->priv;

	free(t->cells);
	free(t);
	free(c);
}

static const struct canvas_class canvas_text_class = {
	.name = "text",
	.clear = canvas_text_clear,
	.cell = canvas_text_cell,
	.free = canvas_text_free,
};

/* A blank in-memory canvas (sizes below 1 are taken as 1). */
struct canvas *
canvas_text_new(int cols, int rows, bool ascii)
{
	struct canvas		*c;
	struct canvas_text	*t;

	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	c = xcalloc(1, sizeof *c);
	t = xcalloc(1, sizeof *t);
	t->cells = xreallocarray(NULL, (size_t)cols * (size_t)rows,
	    sizeof *t->cells);
	c->cls = &canvas_text_class;
	c->priv = t;
	c->cols = cols;
	c->rows = rows;
	c->ascii = ascii;
	canvas_reset_clip(c);
	canvas_text_clear(c);
	return c;
}

/* Row y as text without trailing blanks (truncated to fit buf). */
char *
canvas_text_row(const struct canvas *c, int y, char *buf, size_t len)
{
	const struct canvas_text_cell	*cell;
	size_t				 off = 0, end = 0, n;
	int				 x;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (y < 0 || y >= c->rows)
		return buf;
	for (x = 0; x < c->cols; x++) {
		cell = canvas_text_cell_at(c, x, y);
		n = strlen(cell->ch);
		if (off + n + 1 > len)
			break;
		memcpy(buf + off, cell->ch, n);
		off += n;
		if (n > 0 && strcmp(cell->ch, " ") != 0)
			end = off;
	}
	buf[end] = '\0';
	return buf;
}

/* The character at x, y and its attribute. */
const char *
canvas_text_at(const struct canvas *c, int x, int y, unsigned *attr)
{
	const struct canvas_text_cell	*cell;

	if (x < 0 || y < 0 || x >= c->cols || y >= c->rows) {
		if (attr != NULL)
			*attr = 0;
		return "";
	}
	cell = canvas_text_cell_at(c, x, y);
	if (attr != NULL)
		*attr = cell->attr;
	return cell->ch;
}

/* Print every row; returns 0, or -1 on a write error. */
int
canvas_text_dump(const struct canvas *c, FILE *f)
{
	char	*buf;
	size_t	 len = (size_t)c->cols * CANVAS_TEXT_CH + 1;
	int	 y;

	buf = xmalloc(len);
	for (y = 0; y < c->rows; y++) {
		canvas_text_row(c, y, buf, len);
		fputs(buf, f);
		fputc('\n', f);
	}
	free(buf);
	return ferror(f) ? -1 : 0;
}
