/*
 * canvas.c: the parts of drawing every canvas shares: UTF-8 decoding and
 * display widths, clipping, strings, glyphs, lines and boxes. Layer 3:
 * includes layer 0 and canvas.h only; no curses.
 *
 * Invariant: nothing reaches a class's cell() outside the canvas or the
 * clip rectangle, and a double-width character is never split by an edge.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "canvas.h"

/* UTF-8 and ASCII forms of each glyph. */
static const struct {
	const char	*utf8;
	const char	*ascii;
} canvas_glyphs[CANVAS_G_COUNT] = {
	[CANVAS_G_HLINE] = { "\xe2\x94\x80", "-" },		/* U+2500 */
	[CANVAS_G_VLINE] = { "\xe2\x94\x82", "|" },		/* U+2502 */
	[CANVAS_G_ULCORNER] = { "\xe2\x94\x8c", "+" },	/* U+250C */
	[CANVAS_G_URCORNER] = { "\xe2\x94\x90", "+" },	/* U+2510 */
	[CANVAS_G_LLCORNER] = { "\xe2\x94\x94", "+" },	/* U+2514 */
	[CANVAS_G_LRCORNER] = { "\xe2\x94\x98", "+" },	/* U+2518 */
	[CANVAS_G_LTEE] = { "\xe2\x94\x9c", "+" },		/* U+251C */
	[CANVAS_G_RTEE] = { "\xe2\x94\xa4", "+" },		/* U+2524 */
	[CANVAS_G_TTEE] = { "\xe2\x94\xac", "+" },		/* U+252C */
	[CANVAS_G_BTEE] = { "\xe2\x94\xb4", "+" },		/* U+2534 */
	[CANVAS_G_CROSS] = { "\xe2\x94\xbc", "+" },		/* U+253C */
	[CANVAS_G_HHEAVY] = { "\xe2\x94\x81", "=" },		/* U+2501 */
	[CANVAS_G_VHEAVY] = { "\xe2\x94\x83", "#" },		/* U+2503 */
	[CANVAS_G_HULCORNER] = { "\xe2\x94\x8f", "+" },	/* U+250F */
	[CANVAS_G_HURCORNER] = { "\xe2\x94\x93", "+" },	/* U+2513 */
	[CANVAS_G_HLLCORNER] = { "\xe2\x94\x97", "+" },	/* U+2517 */
	[CANVAS_G_HLRCORNER] = { "\xe2\x94\x9b", "+" },	/* U+251B */
	[CANVAS_G_ARROW_RIGHT] = { "\xe2\x96\xb6", ">" },	/* U+25B6 */
	[CANVAS_G_ARROW_LEFT] = { "\xe2\x97\x80", "<" },	/* U+25C0 */
	[CANVAS_G_ARROW_UP] = { "\xe2\x96\xb2", "^" },	/* U+25B2 */
	[CANVAS_G_ARROW_DOWN] = { "\xe2\x96\xbc", "v" },	/* U+25BC */
	[CANVAS_G_LOST] = { "\xe2\x9c\x97", "x" },		/* U+2717 */
	[CANVAS_G_BULLET] = { "\xe2\x97\x8f", "*" },		/* U+25CF */
	[CANVAS_G_DIAG_DOWN_RIGHT] = { "\xe2\x95\xb2", "\\" },	/* U+2572 */
	[CANVAS_G_DIAG_DOWN_LEFT] = { "\xe2\x95\xb1", "/" },	/* U+2571 */
	[CANVAS_G_DIAG_CROSS] = { "\xe2\x95\xb3", "X" },	/* U+2573 */
};

/* East Asian wide and fullwidth ranges, for a locale without wcwidth. */
static const struct {
	uint32_t	lo;
	uint32_t	hi;
} canvas_wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* Display width of a code point: wcwidth, else the table (C locale). */
int
canvas_wcwidth(uint32_t cp)
{
	size_t	i;
	int	w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	if (cp < 0x7f)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* wcwidth() knows nothing outside a UTF-8 locale: guess. */
	if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b)
		return 0;
	for (i = 0; i < COMPAT_NITEMS(canvas_wide); i++) {
		if (cp >= canvas_wide[i].lo && cp <= canvas_wide[i].hi)
			return 2;
	}
	return 1;
}

/* Decode one UTF-8 character; a bad sequence is one byte of U+FFFD. */
size_t
canvas_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 n, i;

	*cp = 0xfffd;
	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2; c = u[0] & 0x1f; min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3; c = u[0] & 0x0f; min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4; c = u[0] & 0x07; min = 0x10000;
	} else
		return 1;
	if (n > len)
		return 1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are bad. */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 1;
	*cp = c;
	return n;
}

/* Columns a UTF-8 string takes (control characters count as one '?'). */
int
canvas_str_width(const char *s)
{
	size_t		 len = strlen(s), off = 0, n;
	uint32_t	 cp;
	int		 w, total = 0;

	while (off < len) {
		n = canvas_utf8_decode(s + off, len - off, &cp);
		off += n;
		w = canvas_wcwidth(cp);
		total += w < 0 ? 1 : w;
	}
	return total;
}

void
canvas_clear(struct canvas *c)
{
	c->cls->clear(c);
}

void
canvas_free(struct canvas *c)
{
	if (c != NULL)
		c->cls->free(c);
}

/* Limit drawing to r (intersected with the canvas). */
void
canvas_set_clip(struct canvas *c, const struct canvas_rect *r)
{
	int	x0, y0, x1, y1;

	x0 = r->x < 0 ? 0 : r->x;
	y0 = r->y < 0 ? 0 : r->y;
	x1 = r->x + r->w > c->cols ? c->cols : r->x + r->w;
	y1 = r->y + r->h > c->rows ? c->rows : r->y + r->h;
	c->clip.x = x0;
	c->clip.y = y0;
	c->clip.w = x1 > x0 ? x1 - x0 : 0;
	c->clip.h = y1 > y0 ? y1 - y0 : 0;
}

/* Allow drawing anywhere on the canvas again. */
void
canvas_reset_clip(struct canvas *c)
{
	c->clip.x = c->clip.y = 0;
	c->clip.w = c->cols;
	c->clip.h = c->rows;
}

/* Is the span x .. x+w-1 on row y inside the clip rectangle? */
static bool
canvas_inside(const struct canvas *c, int x, int y, int w)
{
	return y >= c->clip.y && y < c->clip.y + c->clip.h &&
	    x >= c->clip.x && x + w <= c->clip.x + c->clip.w;
}

/* Write one decoded character; returns its width, or -1 if clipped. */
static int
canvas_put_cp(struct canvas *c, int x, int y, const char *ch, size_t n,
    uint32_t cp, unsigned attr)
{
	int	w = canvas_wcwidth(cp);

	if (w == 0)
		return 0;	/* combining marks are dropped, not stacked */
	if (w < 0 || (c->ascii && cp >= 0x80)) {
		/* Controls and (in ASCII mode) anything else become '?'. */
		ch = "?";
		n = 1;
		w = 1;
	}
	if (!canvas_inside(c, x, y, w))
		return -1;
	c->cls->cell(c, x, y, ch, n, w, attr);
	return w;
}

/* Write a string from x, y within maxw columns; returns columns used. */
int
canvas_put_str(struct canvas *c, int x, int y, const char *s, int maxw,
    unsigned attr)
{
	size_t		 len, off = 0, n;
	uint32_t	 cp;
	int		 used = 0, w;

	if (s == NULL || maxw <= 0)
		return 0;
	len = strlen(s);
	while (off < len) {
		n = canvas_utf8_decode(s + off, len - off, &cp);
		w = canvas_wcwidth(cp);
		if (w < 0 || (c->ascii && cp >= 0x80))
			w = 1;
		if (used + w > maxw)
			break;
		/* Clipped on the right: stop; on the left: skip it. */
		if (canvas_put_cp(c, x + used, y, s + off, n, cp, attr) < 0 &&
		    x + used + w > c->clip.x + c->clip.w)
			break;
		used += w;
		off += n;
	}
	return used;
}

/* Write a string within maxw columns, an ellipsis marking a cut. */
int
canvas_put_str_cut(struct canvas *c, int x, int y, const char *s, int maxw,
    unsigned attr)
{
	/* U+2026, or three dots in ASCII. */
	const char	*ell = c->ascii ? "..." : "\xe2\x80\xa6";
	int		 ellw = c->ascii ? 3 : 1, used;

	if (s == NULL || maxw <= 0)
		return 0;
	if (canvas_str_width(s) <= maxw || maxw <= ellw)
		return canvas_put_str(c, x, y, s, maxw, attr);
	/* What fits before the ellipsis; a wide one at the cut stays out. */
	used = canvas_put_str(c, x, y, s, maxw - ellw, attr);
	return used + canvas_put_str(c, x + used, y, ell, ellw, attr);
}

/* Write a string so that it ends just before column xend. */
int
canvas_put_str_right(struct canvas *c, int xend, int y, const char *s,
    int maxw, unsigned attr)
{
	int	w = canvas_str_width(s);

	if (w > maxw)
		w = maxw;
	return canvas_put_str(c, xend - w, y, s, w, attr);
}

/* The text of a glyph in this canvas's character set. */
const char *
canvas_glyph_text(const struct canvas *c, enum canvas_glyph g)
{
	if ((int)g < 0 || g >= CANVAS_G_COUNT)
		return "?";
	return c->ascii ? canvas_glyphs[g].ascii : canvas_glyphs[g].utf8;
}

void
canvas_put_glyph(struct canvas *c, int x, int y, enum canvas_glyph g,
    unsigned attr)
{
	canvas_put_str(c, x, y, canvas_glyph_text(c, g), 1, attr);
}

/* A horizontal run of one glyph. */
void
canvas_hline(struct canvas *c, int x, int y, int len, enum canvas_glyph g,
    unsigned attr)
{
	int	i;

	for (i = 0; i < len; i++)
		canvas_put_glyph(c, x + i, y, g, attr);
}

/* A vertical run of one glyph. */
void
canvas_vline(struct canvas *c, int x, int y, int len, enum canvas_glyph g,
    unsigned attr)
{
	int	i;

	for (i = 0; i < len; i++)
		canvas_put_glyph(c, x, y + i, g, attr);
}

/* A frame around r (needs w, h >= 2). */
void
canvas_box(struct canvas *c, const struct canvas_rect *r, unsigned attr)
{
	int	x1 = r->x + r->w - 1, y1 = r->y + r->h - 1;

	if (r->w < 2 || r->h < 2)
		return;
	canvas_hline(c, r->x + 1, r->y, r->w - 2, CANVAS_G_HLINE, attr);
	canvas_hline(c, r->x + 1, y1, r->w - 2, CANVAS_G_HLINE, attr);
	canvas_vline(c, r->x, r->y + 1, r->h - 2, CANVAS_G_VLINE, attr);
	canvas_vline(c, x1, r->y + 1, r->h - 2, CANVAS_G_VLINE, attr);
	canvas_put_glyph(c, r->x, r->y, CANVAS_G_ULCORNER, attr);
	canvas_put_glyph(c, x1, r->y, CANVAS_G_URCORNER, attr);
	canvas_put_glyph(c, r->x, y1, CANVAS_G_LLCORNER, attr);
	canvas_put_glyph(c, x1, y1, CANVAS_G_LRCORNER, attr);
}

/* Blank r with an attribute (a reverse-video bar, say). */
void
canvas_fill(struct canvas *c, const struct canvas_rect *r, unsigned attr)
{
	int	x, y;

	for (y = r->y; y < r->y + r->h; y++) {
		for (x = r->x; x < r->x + r->w; x++) {
			if (canvas_inside(c, x, y, 1))
				c->cls->cell(c, x, y, " ", 1, 1, attr);
		}
	}
}
