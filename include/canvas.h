/*
 * canvas.h: the draw interface every view paints on. Layer 3: includes
 * layer 0 only. A canvas is a grid of cells; a class (struct canvas_class,
 * a const table of function pointers) stores one character per cell: the
 * text canvas (canvas-text.c) keeps it in memory for tests and --screen
 * dumps, the curses canvas (canvas-curses.c) hands it to ncursesw.
 *
 * Views never pick colours: they mark cells with a role (CANVAS_R_*) and
 * the class maps roles to colour pairs, or to bold/reverse in monochrome.
 * Every write is clipped to the canvas and to the current clip rectangle,
 * so a view can never draw outside the region it was given.
 */
#ifndef TCPVIZ_CANVAS_H
#define TCPVIZ_CANVAS_H

#include <stdio.h>

#include "compat.h"

/*
 * Roles: X(name, colour-256, colour-8, monochrome attributes). Colours are
 * curses colour numbers (-1 the terminal's default); the monochrome column
 * is what a role looks like with --no-color.
 */
#define CANVAS_ROLES(X) \
	X(NORMAL,	-1,	-1,	0) \
	X(DIM,		244,	-1,	0) \
	X(TITLE,	75,	6,	CANVAS_A_BOLD) \
	X(CLIENT,	39,	4,	CANVAS_A_BOLD | CANVAS_A_REVERSE) \
	X(SERVER,	208,	3,	CANVAS_A_BOLD | CANVAS_A_REVERSE) \
	X(BOTH,		170,	5,	CANVAS_A_BOLD | CANVAS_A_REVERSE) \
	X(EDGE,		226,	3,	CANVAS_A_BOLD) \
	X(ANOMALY,	196,	1,	CANVAS_A_BOLD | CANVAS_A_UNDERLINE) \
	X(STATE,	114,	2,	CANVAS_A_BOLD) \
	X(CURSOR,	231,	7,	CANVAS_A_BOLD | CANVAS_A_REVERSE) \
	X(STATUS,	-1,	-1,	CANVAS_A_REVERSE) \
	X(KEY,		220,	3,	CANVAS_A_BOLD)

enum canvas_role {
#define CANVAS_X(name, c256, c8, mono) CANVAS_R_##name,
	CANVAS_ROLES(CANVAS_X)
#undef CANVAS_X
	CANVAS_R_COUNT
};

/* Attribute bits, or-ed with a role to make a cell attribute. */
#define CANVAS_ROLE_MASK	0x00ff
#define CANVAS_A_BOLD		0x0100
#define CANVAS_A_REVERSE	0x0200
#define CANVAS_A_UNDERLINE	0x0400

/* Line and arrow glyphs, each with a UTF-8 and an ASCII form. */
enum canvas_glyph {
	CANVAS_G_HLINE,
	CANVAS_G_VLINE,
	CANVAS_G_ULCORNER,
	CANVAS_G_URCORNER,
	CANVAS_G_LLCORNER,
	CANVAS_G_LRCORNER,
	CANVAS_G_LTEE,
	CANVAS_G_RTEE,
	CANVAS_G_TTEE,
	CANVAS_G_BTEE,
	CANVAS_G_CROSS,
	CANVAS_G_HHEAVY,	/* a glowing horizontal line */
	CANVAS_G_VHEAVY,
	CANVAS_G_HULCORNER,	/* heavy corners, for glowing bends */
	CANVAS_G_HURCORNER,
	CANVAS_G_HLLCORNER,
	CANVAS_G_HLRCORNER,
	CANVAS_G_ARROW_RIGHT,
	CANVAS_G_ARROW_LEFT,
	CANVAS_G_ARROW_UP,
	CANVAS_G_ARROW_DOWN,
	CANVAS_G_LOST,		/* where a lost segment died */
	CANVAS_G_BULLET,
	CANVAS_G_DIAG_DOWN_RIGHT,	/* a slanted arrow stepping down */
	CANVAS_G_DIAG_DOWN_LEFT,
	CANVAS_G_DIAG_CROSS,		/* where two slanted arrows cross */
	CANVAS_G_COUNT
};

struct canvas_rect {
	int	x;
	int	y;
	int	w;
	int	h;
};

struct canvas;

struct canvas_class {
	const char	*name;
	/* Blank every cell. */
	void		 (*clear)(struct canvas *);
	/*
	 * Store one character (len bytes of UTF-8, display width 1 or 2) at
	 * x, y. The caller has clipped: x + width <= cols, 0 <= y < rows.
	 */
	void		 (*cell)(struct canvas *, int x, int y, const char *ch,
			     size_t len, int width, unsigned attr);
	void		 (*free)(struct canvas *);
};

struct canvas {
	const struct canvas_class	*cls;
	void				*priv;
	int				 cols;
	int				 rows;
	bool				 ascii;	/* only ASCII glyphs */
	struct canvas_rect		 clip;
};

/* Display width of one code point (wcwidth, with a fallback table). */
int	 canvas_wcwidth(uint32_t);
/*
 * Decode one UTF-8 character at s (at most len bytes); returns its length
 * (1 for a bad byte, which decodes as U+FFFD) and stores the code point.
 */
size_t	 canvas_utf8_decode(const char *, size_t, uint32_t *);
/* Display width of a UTF-8 string. */
int	 canvas_str_width(const char *);

void	 canvas_clear(struct canvas *);
void	 canvas_free(struct canvas *);
void	 canvas_set_clip(struct canvas *, const struct canvas_rect *);
void	 canvas_reset_clip(struct canvas *);
/* Write a string from x, y, at most maxw columns; returns columns used. */
int	 canvas_put_str(struct canvas *, int x, int y, const char *,
	     int maxw, unsigned attr);
/*
 * The same, but a string wider than maxw ends in an ellipsis ("..." in
 * ASCII) where it is cut; a double-width character that would straddle
 * the cut is left out whole.
 */
int	 canvas_put_str_cut(struct canvas *, int x, int y, const char *,
	     int maxw, unsigned attr);
/* Write a string, right-aligned to end just before column xend. */
int	 canvas_put_str_right(struct canvas *, int xend, int y, const char *,
	     int maxw, unsigned attr);
void	 canvas_put_glyph(struct canvas *, int x, int y, enum canvas_glyph,
	     unsigned attr);
const char *canvas_glyph_text(const struct canvas *, enum canvas_glyph);
void	 canvas_hline(struct canvas *, int x, int y, int len,
	     enum canvas_glyph, unsigned attr);
void	 canvas_vline(struct canvas *, int x, int y, int len,
	     enum canvas_glyph, unsigned attr);
void	 canvas_box(struct canvas *, const struct canvas_rect *, unsigned);
void	 canvas_fill(struct canvas *, const struct canvas_rect *, unsigned);

/* The in-memory canvas (canvas-text.c). */
struct canvas	*canvas_text_new(int cols, int rows, bool ascii);
/* The text of row y, trailing blanks removed; returns buf. */
char		*canvas_text_row(const struct canvas *, int y, char *,
		    size_t);
/* The character and attribute at x, y ("" for the right half of a wide). */
const char	*canvas_text_at(const struct canvas *, int x, int y,
		    unsigned *attr);
/* Every row, trailing blanks removed, one line each. */
int		 canvas_text_dump(const struct canvas *, FILE *);

/*
 * The SVG canvas (canvas-svg.c): cells kept as in the text canvas, then
 * written as a standalone SVG document (light background, the roles'
 * colours, box drawing as strokes): the first rows rows (all when rows
 * <= 0), titled title. Write returns 0, or -1 on a write error.
 */
struct canvas	*canvas_svg_new(int cols, int rows, bool ascii);
int		 canvas_svg_write(const struct canvas *, FILE *,
		    const char *title, int rows);

/*
 * The curses canvas (canvas-curses.c, linked into tcpviz only: the one
 * other file that includes curses, beside ui.c).
 */
struct canvas	*canvas_curses_new(bool ascii, bool color);
void		 canvas_curses_resize(struct canvas *);
/*
 * For tcpviz --bench-render only: the curses canvas on a pseudo-terminal
 * of its own (cols x rows, TERM term), whose output a thread reads and
 * counts per frame: flush sends a frame as ui.c does, mark ends it in
 * the stream, bytes waits for the reader and gives each frame's count.
 */
struct canvas	*canvas_curses_pty_new(int cols, int rows, const char *term,
		    bool ascii, bool color, size_t frames, char **err);
void		 canvas_curses_pty_flush(struct canvas *);
void		 canvas_curses_pty_mark(struct canvas *);
size_t		 canvas_curses_pty_bytes(struct canvas *, const uint64_t **);

#endif
