/*
 * canvas-svg.c: a canvas that becomes a standalone SVG document, for
 * slides and README images. Layer 3: includes layer 0 and canvas.h; no
 * curses, no terminal.
 *
 * The cells are kept in an in-memory text canvas (canvas-text.c), so a
 * frame is drawn exactly as --screen draws it; canvas_svg_write() then
 * turns the grid into SVG: runs of equal-attribute characters become one
 * <text> each, box-drawing characters become stroked paths (merged along
 * rows and columns, so a line is one stroke however many cells it takes),
 * arrowheads filled triangles, reverse video a filled rectangle.
 *
 * Invariants: every character is placed at its own cell's x (a list of
 * x positions whenever a run is not plain ASCII), so a fallback font or a
 * double-width character never shifts what follows; nothing reaches the
 * file that XML forbids (markup is escaped, control characters and
 * non-characters become U+FFFD); the output depends only on the cells.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "xmalloc.h"

/*
 * Geometry in tenths of a pixel, so every coordinate prints exactly: a
 * 14 px monospace font advances 0.6 em (8.4 px); a row is 17 px.
 */
#define CANVAS_SVG_FONT		14
#define CANVAS_SVG_CW		84	/* cell width */
#define CANVAS_SVG_CH		170	/* cell height */
#define CANVAS_SVG_PAD		120	/* margin round the grid */
#define CANVAS_SVG_BASE		125	/* baseline below a cell's top */
#define CANVAS_SVG_WIDE_IN	14	/* a 1 em glyph centred in 2 cells */
#define CANVAS_SVG_HEAD_W	45	/* half an arrowhead's base */
#define CANVAS_SVG_HEAD_L	110	/* a vertical head's length */

#define CANVAS_SVG_FONTS \
	"'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', " \
	"'Noto Sans CJK SC', monospace"

/*
 * Colours for a light background, one per role (the X-macro's order):
 * the text colour, and the fill behind a reverse-video cell (NULL: the
 * text colour; the text is then drawn in the background colour).
 */
static const struct {
	const char	*fg;
	const char	*bg;
	const char	*rev_fg;
} canvas_svg_roles[CANVAS_R_COUNT] = {
	[CANVAS_R_NORMAL] = { "#1d1d1f", "#1d1d1f", "#ffffff" },
	[CANVAS_R_DIM] = { "#8c8c8c", "#8c8c8c", "#ffffff" },
	[CANVAS_R_TITLE] = { "#1b5fa5", "#1b5fa5", "#ffffff" },
	[CANVAS_R_CLIENT] = { "#1f6fc0", "#1f6fc0", "#ffffff" },
	[CANVAS_R_SERVER] = { "#c9560a", "#d9650b", "#ffffff" },
	[CANVAS_R_BOTH] = { "#8e3a9d", "#8e3a9d", "#ffffff" },
	[CANVAS_R_EDGE] = { "#b07800", "#e5a100", "#1d1d1f" },
	[CANVAS_R_ANOMALY] = { "#c62828", "#c62828", "#ffffff" },
	[CANVAS_R_STATE] = { "#2e7d32", "#2e7d32", "#ffffff" },
	/* The cursor and the status row: light bars, dark text. */
	[CANVAS_R_CURSOR] = { "#1d1d1f", "#ffe08a", "#1d1d1f" },
	[CANVAS_R_STATUS] = { "#1d1d1f", "#e4e4e7", "#1d1d1f" },
	[CANVAS_R_KEY] = { "#a35c00", "#a35c00", "#ffffff" },
};

/* Roles the curses canvas shows in reverse video when it has colour. */
static const unsigned canvas_svg_reverse_roles =
    1u << CANVAS_R_CLIENT | 1u << CANVAS_R_SERVER | 1u << CANVAS_R_BOTH |
    1u << CANVAS_R_CURSOR | 1u << CANVAS_R_STATUS;

#define CANVAS_SVG_BACKGROUND	"#ffffff"

/* Arms of a box-drawing character: 0 none, 1 light, 2 heavy. */
struct canvas_svg_arms {
	uint32_t	cp;
	uint8_t		l, r, u, d;
};

static const struct canvas_svg_arms canvas_svg_box[] = {
	{ 0x2500, 1, 1, 0, 0 }, { 0x2502, 0, 0, 1, 1 },
	{ 0x250c, 0, 1, 0, 1 }, { 0x2510, 1, 0, 0, 1 },
	{ 0x2514, 0, 1, 1, 0 }, { 0x2518, 1, 0, 1, 0 },
	{ 0x251c, 0, 1, 1, 1 }, { 0x2524, 1, 0, 1, 1 },
	{ 0x252c, 1, 1, 0, 1 }, { 0x2534, 1, 1, 1, 0 },
	{ 0x253c, 1, 1, 1, 1 }, { 0x2501, 2, 2, 0, 0 },
	{ 0x2503, 0, 0, 2, 2 }, { 0x250f, 0, 2, 0, 2 },
	{ 0x2513, 2, 0, 0, 2 }, { 0x2517, 0, 2, 2, 0 },
	{ 0x251b, 2, 0, 2, 0 },
};

/* What one cell turns into. */
enum canvas_svg_kind {
	CANVAS_SVG_TEXT,	/* a character in a <text> run */
	CANVAS_SVG_LINES,	/* box drawing: arms */
	CANVAS_SVG_DIAG,	/* a slanted line (or two) */
	CANVAS_SVG_HEAD,	/* an arrowhead */
	CANVAS_SVG_CONT		/* right half of a wide character */
};

struct canvas_svg_cell {
	enum canvas_svg_kind	 kind;
	uint32_t		 cp;
	const char		*ch;
	unsigned		 attr;
	int			 role;
	uint8_t			 l, r, u, d;
};

struct canvas_svg {
	struct canvas		*grid;	/* a text canvas holds the cells */
};

/* A growing string, for the path data of one style. */
struct canvas_svg_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
canvas_svg_clear(struct canvas *c)
{
	struct canvas_svg	*s = c->priv;

	canvas_clear(s->grid);
}

static void
canvas_svg_cell(struct canvas *c, int x, int y, const char *ch, size_t len,
    int width, unsigned attr)
{
	struct canvas_svg	*s = c->priv;

	s->grid->cls->cell(s->grid, x, y, ch, len, width, attr);
}

static void
canvas_svg_free(struct canvas *c)
{
	struct canvas_svg	*s = c->priv;

	canvas_free(s->grid);
	free(s);
	free(c);
}

static const struct canvas_class canvas_svg_class = {
	.name = "svg",
	.clear = canvas_svg_clear,
	.cell = canvas_svg_cell,
	.free = canvas_svg_free,
};

/* A blank SVG canvas of cols x rows (sizes below 1 are taken as 1). */
struct canvas *
canvas_svg_new(int cols, int rows, bool ascii)
{
	struct canvas		*c;
	struct canvas_svg	*s;

	s = xcalloc(1, sizeof *s);
	s->grid = canvas_text_new(cols, rows, ascii);
	c = xcalloc(1, sizeof *c);
	c->cls = &canvas_svg_class;
	c->priv = s;
	c->cols = s->grid->cols;
	c->rows = s->grid->rows;
	c->ascii = ascii;
	canvas_reset_clip(c);
	return c;
}

/* Append formatted text to a buffer. */
static void COMPAT_PRINTF(2, 3)
canvas_svg_add(struct canvas_svg_buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s == NULL ? NULL : b->s + b->len,
		    b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
}

/* A length in tenths of a pixel as SVG writes it: "8.4", "17". */
static const char *
canvas_svg_num(char *buf, size_t len, int v)
{
	if (v % 10 == 0)
		snprintf(buf, len, "%d", v / 10);
	else
		snprintf(buf, len, "%s%d.%d", v < 0 ? "-" : "",
		    abs(v / 10), abs(v % 10));
	return buf;
}

/* Write a length (tenths) to f. */
static void
canvas_svg_put_num(FILE *f, int v)
{
	char	buf[24];

	fputs(canvas_svg_num(buf, sizeof buf, v), f);
}

/* The x and y (tenths) of a cell's top left corner. */
static int
canvas_svg_x(int x)
{
	return CANVAS_SVG_PAD + x * CANVAS_SVG_CW;
}

static int
canvas_svg_y(int y)
{
	return CANVAS_SVG_PAD + y * CANVAS_SVG_CH;
}

/* May XML 1.0 carry this code point (its Char production)? */
static bool
canvas_svg_xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return false;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return false;
	if (cp == 0xfffe || cp == 0xffff || cp > 0x10ffff)
		return false;
	/* C1 controls are legal XML but mean nothing on a slide. */
	if (cp >= 0x7f && cp < 0xa0)
		return false;
	return true;
}

/* Write UTF-8 text escaped for XML character data or an attribute. */
static void
canvas_svg_escape(FILE *f, const char *s, size_t len)
{
	size_t		off = 0, n;
	uint32_t	cp;

	while (off < len) {
		n = canvas_utf8_decode(s + off, len - off, &cp);
		if (n == 0)
			break;
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			if (!canvas_svg_xml_char(cp))
				fputs("\xef\xbf\xbd", f);	/* U+FFFD */
			else
				fwrite(s + off, 1, n, f);
		}
		off += n;
	}
}

/* Classify the cell at x, y. */
static void
canvas_svg_classify(const struct canvas *grid, int x, int y,
    struct canvas_svg_cell *out)
{
	const char	*ch;
	unsigned	 attr;
	size_t		 i, len;

	memset(out, 0, sizeof *out);
	ch = canvas_text_at(grid, x, y, &attr);
	out->ch = ch;
	out->attr = attr;
	out->role = (int)(attr & CANVAS_ROLE_MASK);
	if (out->role >= CANVAS_R_COUNT)
		out->role = CANVAS_R_NORMAL;
	len = strlen(ch);
	if (len == 0) {
		out->kind = CANVAS_SVG_CONT;
		return;
	}
	canvas_utf8_decode(ch, len, &out->cp);
	out->kind = CANVAS_SVG_TEXT;
	for (i = 0; i < COMPAT_NITEMS(canvas_svg_box); i++) {
		if (canvas_svg_box[i].cp == out->cp) {
			out->kind = CANVAS_SVG_LINES;
			out->l = canvas_svg_box[i].l;
			out->r = canvas_svg_box[i].r;
			out->u = canvas_svg_box[i].u;
			out->d = canvas_svg_box[i].d;
			return;
		}
	}
	switch (out->cp) {
	case 0x2571:	/* the slanted arrows of view-seq.c */
	case 0x2572:
	case 0x2573:
		out->kind = CANVAS_SVG_DIAG;
		break;
	case 0x25b6:	/* the arrowheads */
	case 0x25c0:
	case 0x25b2:
	case 0x25bc:
		out->kind = CANVAS_SVG_HEAD;
		break;
	}
}

/* Is the cell drawn in reverse video (a filled background)? */
static bool
canvas_svg_is_reverse(const struct canvas_svg_cell *k)
{
	return (k->attr & CANVAS_A_REVERSE) != 0 ||
	    (canvas_svg_reverse_roles & (1u << k->role)) != 0;
}

/*
 * A line style: role, weight (1 light, 2 heavy) and whether it crosses
 * reverse video (then it takes the text's colour there, as a terminal
 * draws it) in one index; 0 for no line.
 */
#define CANVAS_SVG_STYLES	(1 + 4 * CANVAS_R_COUNT)

static int
canvas_svg_style(const struct canvas_svg_cell *k, int weight)
{
	if (weight == 0)
		return 0;
	return 1 + (k->role * 2 + (weight - 1)) * 2 +
	    (canvas_svg_is_reverse(k) ? 1 : 0);
}

/* Add a half-cell step to a running line; flush it when it ends. */
static void
canvas_svg_run(struct canvas_svg_buf *paths, int *run_style, int *run_from,
    int style, int at, int fixed, bool horizontal)
{
	char	a[24], b[24], f[24];

	if (style == *run_style)
		return;
	if (*run_style != 0) {
		/* Half cells to tenths. */
		if (horizontal)
			canvas_svg_add(&paths[*run_style], "M%s %sH%s",
			    canvas_svg_num(a, sizeof a, CANVAS_SVG_PAD +
			    *run_from * CANVAS_SVG_CW / 2),
			    canvas_svg_num(f, sizeof f, fixed),
			    canvas_svg_num(b, sizeof b, CANVAS_SVG_PAD +
			    at * CANVAS_SVG_CW / 2));
		else
			canvas_svg_add(&paths[*run_style], "M%s %sV%s",
			    canvas_svg_num(f, sizeof f, fixed),
			    canvas_svg_num(a, sizeof a, CANVAS_SVG_PAD +
			    *run_from * CANVAS_SVG_CH / 2),
			    canvas_svg_num(b, sizeof b, CANVAS_SVG_PAD +
			    at * CANVAS_SVG_CH / 2));
	}
	*run_style = style;
	*run_from = at;
}

/* A line (n 2) or a closed triangle (n 3) in path data, tenths. */
static void
canvas_svg_poly(struct canvas_svg_buf *b, int n, int x0, int y0, int x1,
    int y1, int x2, int y2)
{
	char	a[4][24];

	canvas_svg_add(b, "M%s %sL%s %s",
	    canvas_svg_num(a[0], sizeof a[0], x0),
	    canvas_svg_num(a[1], sizeof a[1], y0),
	    canvas_svg_num(a[2], sizeof a[2], x1),
	    canvas_svg_num(a[3], sizeof a[3], y1));
	if (n == 3)
		canvas_svg_add(b, "L%s %sZ",
		    canvas_svg_num(a[0], sizeof a[0], x2),
		    canvas_svg_num(a[1], sizeof a[1], y2));
}

/*
 * The box-drawing lines, diagonals and arrowheads: collected per style,
 * then one <path> per style.
 */
static void
canvas_svg_lines(FILE *f, const struct canvas *grid, int rows,
    const struct canvas_svg_cell *cells)
{
	struct canvas_svg_buf		 paths[CANVAS_SVG_STYLES];
	struct canvas_svg_buf		 heads[CANVAS_R_COUNT];
	const struct canvas_svg_cell	*k, *n;
	int				 cols = grid->cols, x, y, st, from, i;
	int				 x0, y0, x1, y1, mx, my;

	memset(paths, 0, sizeof paths);
	memset(heads, 0, sizeof heads);
	/* Horizontal strokes, row by row, in half cells. */
	for (y = 0; y < rows; y++) {
		st = from = 0;
		for (x = 0; x < cols; x++) {
			k = &cells[y * cols + x];
			canvas_svg_run(paths, &st, &from,
			    canvas_svg_style(k, k->l), 2 * x,
			    canvas_svg_y(y) + CANVAS_SVG_CH / 2, true);
			canvas_svg_run(paths, &st, &from,
			    canvas_svg_style(k, k->r), 2 * x + 1,
			    canvas_svg_y(y) + CANVAS_SVG_CH / 2, true);
		}
		canvas_svg_run(paths, &st, &from, 0, 2 * cols,
		    canvas_svg_y(y) + CANVAS_SVG_CH / 2, true);
	}
	/* Vertical strokes, column by column. */
	for (x = 0; x < cols; x++) {
		st = from = 0;
		for (y = 0; y < rows; y++) {
			k = &cells[y * cols + x];
			canvas_svg_run(paths, &st, &from,
			    canvas_svg_style(k, k->u), 2 * y,
			    canvas_svg_x(x) + CANVAS_SVG_CW / 2, false);
			canvas_svg_run(paths, &st, &from,
			    canvas_svg_style(k, k->d), 2 * y + 1,
			    canvas_svg_x(x) + CANVAS_SVG_CW / 2, false);
		}
		canvas_svg_run(paths, &st, &from, 0, 2 * rows,
		    canvas_svg_x(x) + CANVAS_SVG_CW / 2, false);
	}
	/* Diagonals corner to corner; arrowheads as triangles. */
	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x++) {
			k = &cells[y * cols + x];
			x0 = canvas_svg_x(x);
			y0 = canvas_svg_y(y);
			x1 = x0 + CANVAS_SVG_CW;
			y1 = y0 + CANVAS_SVG_CH;
			mx = x0 + CANVAS_SVG_CW / 2;
			my = y0 + CANVAS_SVG_CH / 2;
			st = canvas_svg_style(k, 1);
			if (k->kind == CANVAS_SVG_DIAG && k->cp != 0x2571)
				canvas_svg_poly(&paths[st], 2, x0, y0, x1, y1, 0, 0);
			if (k->kind == CANVAS_SVG_DIAG && k->cp != 0x2572)
				canvas_svg_poly(&paths[st], 2, x1, y0, x0, y1, 0, 0);
			if (k->kind != CANVAS_SVG_HEAD)
				continue;
			switch (k->cp) {
			case 0x25b6:
				canvas_svg_poly(&heads[k->role], 3, x0, my - CANVAS_SVG_HEAD_W,
				    x1, my, x0, my + CANVAS_SVG_HEAD_W);
				break;
			case 0x25c0:
				canvas_svg_poly(&heads[k->role], 3, x1, my - CANVAS_SVG_HEAD_W,
				    x0, my, x1, my + CANVAS_SVG_HEAD_W);
				break;
			case 0x25b2:
				/* Up: the tip at the top, a stem to a line below. */
				canvas_svg_poly(&heads[k->role], 3, mx - CANVAS_SVG_HEAD_W,
				    y0 + CANVAS_SVG_HEAD_L, mx, y0 + 10,
				    mx + CANVAS_SVG_HEAD_W, y0 + CANVAS_SVG_HEAD_L);
				n = y + 1 < rows ? &cells[(y + 1) * cols + x] : NULL;
				if (n != NULL && n->u != 0)
					canvas_svg_poly(&paths[st], 2, mx,
					    y0 + CANVAS_SVG_HEAD_L - 10, mx, y1, 0, 0);
				break;
			case 0x25bc:
				canvas_svg_poly(&heads[k->role], 3, mx - CANVAS_SVG_HEAD_W,
				    y1 - CANVAS_SVG_HEAD_L, mx, y1 - 10,
				    mx + CANVAS_SVG_HEAD_W, y1 - CANVAS_SVG_HEAD_L);
				n = y > 0 ? &cells[(y - 1) * cols + x] : NULL;
				if (n != NULL && n->d != 0)
					canvas_svg_poly(&paths[st], 2, mx, y0, mx,
					    y1 - CANVAS_SVG_HEAD_L + 10, 0, 0);
				break;
			}
		}
	}
	for (i = 1; i < (int)COMPAT_NITEMS(paths); i++) {
		if (paths[i].len == 0)
			continue;
		fprintf(f, "<path class=\"%s%d%s\" d=\"%s\"/>\n",
		    (i - 1) % 2 ? "w" : "l", (i - 1) / 4,
		    (i - 1) / 2 % 2 ? " h" : "", paths[i].s);
	}
	for (i = 0; i < CANVAS_R_COUNT; i++) {
		if (heads[i].len == 0)
			continue;
		fprintf(f, "<path class=\"a%d\" d=\"%s\"/>\n", i, heads[i].s);
	}
	for (i = 0; i < (int)COMPAT_NITEMS(paths); i++)
		free(paths[i].s);
	for (i = 0; i < CANVAS_R_COUNT; i++)
		free(heads[i].s);
}

/* The filled backgrounds of reverse-video runs. */
static void
canvas_svg_fills(FILE *f, const struct canvas *grid, int rows,
    const struct canvas_svg_cell *cells)
{
	const struct canvas_svg_cell	*k;
	int				 cols = grid->cols, x, y, start, role;

	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x = start) {
			k = &cells[y * cols + x];
			start = x + 1;
			if (!canvas_svg_is_reverse(k))
				continue;
			role = k->role;
			while (start < cols &&
			    canvas_svg_is_reverse(&cells[y * cols + start]) &&
			    cells[y * cols + start].role == role)
				start++;
			fprintf(f, "<rect class=\"f%d\" x=\"", role);
			canvas_svg_put_num(f, canvas_svg_x(x));
			fputs("\" y=\"", f);
			canvas_svg_put_num(f, canvas_svg_y(y));
			fputs("\" width=\"", f);
			canvas_svg_put_num(f, (start - x) * CANVAS_SVG_CW);
			fprintf(f, "\" height=\"%d\"/>\n", CANVAS_SVG_CH / 10);
		}
	}
}

/* May the cell at x join a text run of attribute attr? */
static bool
canvas_svg_joins(const struct canvas_svg_cell *k, unsigned attr)
{
	return k->kind == CANVAS_SVG_CONT || (k->kind == CANVAS_SVG_TEXT &&
	    k->attr == attr);
}

/* One run of text, cells x .. end - 1 of row y. */
static void
canvas_svg_text_run(FILE *f, const struct canvas_svg_cell *row, int x,
    int end, int y)
{
	const struct canvas_svg_cell	*k = &row[x];
	bool				 plain = true;
	int				 i;

	for (i = x; i < end; i++) {
		if (row[i].kind == CANVAS_SVG_CONT || row[i].cp >= 0x7f ||
		    !canvas_svg_xml_char(row[i].cp))
			plain = false;
	}
	fprintf(f, "<text class=\"%s%d%s\" x=\"",
	    canvas_svg_is_reverse(k) ? "v" : "t", k->role,
	    (k->attr & CANVAS_A_BOLD) ? " b" : "");
	if (plain)
		canvas_svg_put_num(f, canvas_svg_x(x));
	else {
		/* Each character at its cell: fonts cannot shift them. */
		for (i = x; i < end; i++) {
			if (row[i].kind == CANVAS_SVG_CONT)
				continue;
			if (i > x)
				fputc(' ', f);
			canvas_svg_put_num(f, canvas_svg_x(i) +
			    (i + 1 < end && row[i + 1].kind ==
			    CANVAS_SVG_CONT ? CANVAS_SVG_WIDE_IN : 0));
		}
	}
	fputs("\" y=\"", f);
	canvas_svg_put_num(f, canvas_svg_y(y) + CANVAS_SVG_BASE);
	fputc('"', f);
	if (k->attr & CANVAS_A_UNDERLINE)
		fputs(" text-decoration=\"underline\"", f);
	fputc('>', f);
	for (i = x; i < end; i++) {
		if (row[i].kind != CANVAS_SVG_CONT)
			canvas_svg_escape(f, row[i].ch, strlen(row[i].ch));
	}
	fputs("</text>\n", f);
}

/* The characters, in runs of equal attributes (spaces end a run). */
static void
canvas_svg_texts(FILE *f, const struct canvas *grid, int rows,
    const struct canvas_svg_cell *cells)
{
	const struct canvas_svg_cell	*row, *k;
	int				 cols = grid->cols, x, y, end, last;

	for (y = 0; y < rows; y++) {
		row = &cells[y * cols];
		for (x = 0; x < cols; x = end) {
			k = &row[x];
			end = x + 1;
			if (k->kind != CANVAS_SVG_TEXT || k->cp == ' ')
				continue;
			/*
			 * A run goes on through single spaces of its own
			 * attribute, and ends at two, at a line or a change.
			 */
			last = end;
			while (end < cols && canvas_svg_joins(&row[end],
			    k->attr)) {
				if (row[end].cp == ' ' && (end + 1 >= cols ||
				    row[end + 1].cp == ' '))
					break;
				end++;
				if (row[end - 1].cp != ' ')
					last = end;
			}
			canvas_svg_text_run(f, row, x, last, y);
			end = last;
		}
	}
}

/* The style sheet: a class per role for text, fills, lines, heads. */
static void
canvas_svg_style_sheet(FILE *f)
{
	int	i;

	fputs("<style>\n", f);
	fprintf(f, "text{font-family:%s;font-size:%dpx;white-space:pre}\n",
	    CANVAS_SVG_FONTS, CANVAS_SVG_FONT);
	fputs(".b{font-weight:bold}\n", f);
	fputs("path{fill:none;stroke-width:1.3;stroke-linecap:square}\n", f);
	fputs(".h{stroke-width:2.8}\n", f);
	for (i = 0; i < CANVAS_R_COUNT; i++) {
		fprintf(f, ".t%d{fill:%s}.v%d{fill:%s}.f%d{fill:%s}"
		    ".l%d{stroke:%s}.w%d{stroke:%s}"
		    ".a%d{fill:%s;stroke:none}\n",
		    i, canvas_svg_roles[i].fg, i, canvas_svg_roles[i].rev_fg,
		    i, canvas_svg_roles[i].bg, i, canvas_svg_roles[i].fg,
		    i, canvas_svg_roles[i].rev_fg, i, canvas_svg_roles[i].fg);
	}
	fputs("</style>\n", f);
}

/*
 * Write the first rows rows (all when rows <= 0 or too many) as an SVG
 * document titled title. Returns 0, or -1 on a write error.
 */
int
canvas_svg_write(const struct canvas *c, FILE *f, const char *title,
    int rows)
{
	const struct canvas_svg		*s = c->priv;
	const struct canvas		*grid;
	struct canvas_svg_cell		*cells;
	int				 x, y, w, h;

	if (c->cls != &canvas_svg_class)
		return -1;
	grid = s->grid;
	if (rows <= 0 || rows > grid->rows)
		rows = grid->rows;
	cells = xreallocarray(NULL, (size_t)rows * (size_t)grid->cols,
	    sizeof *cells);
	for (y = 0; y < rows; y++)
		for (x = 0; x < grid->cols; x++)
			canvas_svg_classify(grid, x, y,
			    &cells[y * grid->cols + x]);
	w = 2 * CANVAS_SVG_PAD + grid->cols * CANVAS_SVG_CW;
	h = 2 * CANVAS_SVG_PAD + rows * CANVAS_SVG_CH;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"", f);
	canvas_svg_put_num(f, w);
	fputs("\" height=\"", f);
	canvas_svg_put_num(f, h);
	fputs("\" viewBox=\"0 0 ", f);
	canvas_svg_put_num(f, w);
	fputc(' ', f);
	canvas_svg_put_num(f, h);
	fputs("\" xml:space=\"preserve\">\n<title>", f);
	canvas_svg_escape(f, title, strlen(title));
	fputs("</title>\n", f);
	canvas_svg_style_sheet(f);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n",
	    CANVAS_SVG_BACKGROUND);
	canvas_svg_fills(f, grid, rows, cells);
	canvas_svg_lines(f, grid, rows, cells);
	canvas_svg_texts(f, grid, rows, cells);
	fputs("</svg>\n", f);
	free(cells);
	return ferror(f) ? -1 : 0;
}
