/*
 * export-svg.c: the interactive view's frame as SVG (issue 16): a whole
 * connection for a README or a slide, one frame per step for a deck, and
 * --screen's frame as SVG. Layer 4: drives a session (session.h), draws
 * with the frame view (view-screen.h) on the SVG or the text canvas.
 *
 * Invariants: an exported frame is what the interactive view draws at that
 * step, less the status row (key hints mean nothing on a slide); its size
 * fits every ladder row up to the view's line limit, and every frame of a
 * deck has the same size, so the slides do not jump; a step file appears
 * whole or not at all (written under a temporary name, then renamed).
 */
#include "config.h"


#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "export-svg.h"
#include "layout.h"
#include "session.h"
#include "view.h"
#include "view-screen.h"
#include "xmalloc.h"

/*
 * Rows: at least what gives the graph its tall form (boxes drawn, full
 * names and labels: 36 rows of graph); at
 * most what the ladder can lay out (256 lines), its header and the rest
 * of the frame.
 */
#define EXPORT_SVG_MIN_ROWS	42
#define EXPORT_SVG_MAX_ROWS	270

/* The frame's context for an export: no status, help or scrolling. */
static void
export_svg_ctx(const struct session *m, struct view_ctx *ctx, size_t pos)
{
	*ctx = m->ctx;
	ctx->pos = pos;
	ctx->scroll = 0;
	ctx->focus = VIEW_FOCUS_SEQ;
	ctx->help = false;
	ctx->status_left = NULL;
	ctx->status_right = NULL;
}

/* Does the ladder as of row pos show all its rows in a frame of rows? */
static bool
export_svg_fits(const struct session *m, size_t pos, int rows)
{
	struct view_ctx	ctx;
	struct layout	l;
	size_t		first, last;

	export_svg_ctx(m, &ctx, pos);
	layout_compute(&l, EXPORT_SVG_COLS, rows);
	/* No row yet (a demo's step 0): any size fits. */
	if (!view_seq_window(&l.seq, &ctx, &first, &last))
		return true;
	return first <= view_timeline_first(&m->tl);
}

/* The rows that fit the ladder as of every row in from..to. */
static int
export_svg_rows(const struct session *m, size_t from, size_t to)
{
	int	rows = EXPORT_SVG_MIN_ROWS;
	size_t	pos;

	/* The last row needs the most: find it first, then check the rest. */
	while (rows < EXPORT_SVG_MAX_ROWS && !export_svg_fits(m, to, rows))
		rows++;
	for (pos = from; pos < to; pos++) {
		while (rows < EXPORT_SVG_MAX_ROWS &&
		    !export_svg_fits(m, pos, rows))
			rows++;
	}
	return rows;
}

/* Draw the frame as of the player's row on c (all but its last row). */
static void
export_svg_draw(struct session *m, struct canvas *c)
{
	struct view_ctx	ctx;
	struct layout	l;

	session_frame(m, false);
	export_svg_ctx(m, &ctx, m->player.pos);
	layout_compute(&l, c->cols, c->rows);
	view_screen_draw(c, &l, &ctx, &m->conns);
}

/* Is there a connection with rows to export? Sets *err if not. */
static bool
export_svg_has_conn(struct session *m, char **err)
{
	session_frame(m, false);
	if (m->ctx.tl != NULL && m->tl.conn != NULL && m->tl.count > 0)
		return true;
	*err = xstrdup("no TCP connection to export");
	return false;
}

/* The whole ladder of the selected connection at its current step. */
int
export_svg(FILE *out, struct session *m, char **err)
{
	struct canvas	*c;
	int		 rows, rc;

	*err = NULL;
	if (!export_svg_has_conn(m, err))
		return -1;
	rows = export_svg_rows(m, m->player.pos, m->tl.count - 1);
	/* The status row is drawn, then left out of the picture. */
	c = canvas_svg_new(EXPORT_SVG_COLS, rows + 1, false);
	export_svg_draw(m, c);
	rc = canvas_svg_write(c, out, m->title, rows);
	canvas_free(c);
	if (rc != 0 || fflush(out) != 0 || ferror(out)) {
		xasprintf(err, "writing the SVG failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* --screen's frame, status row and all, as SVG. */
int
export_svg_screen(FILE *out, struct session *m, int cols, int rows,
    bool ascii, char **err)
{
	struct canvas	*c;
	int		 rc;

	*err = NULL;
	c = canvas_svg_new(cols, rows, ascii);
	session_draw(m, c);
	rc = canvas_svg_write(c, out, m->title, 0);
	canvas_free(c);
	if (rc != 0 || fflush(out) != 0 || ferror(out)) {
		xasprintf(err, "writing the SVG failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Write the first rows rows of a text canvas, trailing blanks removed. */
static int
export_svg_text_rows(const struct canvas *c, FILE *f, int rows)
{
	size_t	len = (size_t)c->cols * 8 + 1;
	char	*buf = xmalloc(len);
	int	 y;

	for (y = 0; y < rows && y < c->rows; y++) {
		fputs(canvas_text_row(c, y, buf, len), f);
		fputc('\n', f);
	}
	free(buf);
	return ferror(f) ? -1 : 0;
}

/* One step's frame, written whole into the scope's directory. */
static int
export_svg_step_file(struct session *m, const struct outfile_scope *sc,
    const char *name, enum export_svg_format fmt, int rows, char **err)
{
	struct canvas	*c;
	FILE		*f;
	char		*buf = NULL;
	size_t		 n = 0;
	int		 rc;

	if ((f = open_memstream(&buf, &n)) == NULL) {
		xasprintf(err, "%s: %s", name, strerror(errno));
		return -1;
	}
	if (fmt == EXPORT_SVG_FORMAT_SVG) {
		c = canvas_svg_new(EXPORT_SVG_COLS, rows + 1, false);
		export_svg_draw(m, c);
		rc = canvas_svg_write(c, f, m->title, rows);
	} else {
		c = canvas_text_new(EXPORT_SVG_COLS, rows + 1, false);
		export_svg_draw(m, c);
		rc = export_svg_text_rows(c, f, rows);
	}
	canvas_free(c);
	if (fclose(f) != 0 || rc != 0) {
		xasprintf(err, "%s: %s", name, strerror(errno));
		rc = -1;
	} else
		rc = outfile_put(sc, name, buf, n, err);
	free(buf);
	return rc;
}

/* A file per step of the selected connection (export-svg.h). */
long
export_svg_steps(struct session *m, const struct outfile_scope *sc,
    enum export_svg_format fmt, char **err)
{
	char	 name[64];
	size_t	 pos, saved, step0, last;
	int	 rows, digits;
	long	 n = 0;

	*err = NULL;
	if (!export_svg_has_conn(m, err))
		return -1;
	rows = export_svg_rows(m, 0, m->tl.count - 1);
	/* The status row's numbers: a demo's from 0, a file's from 1. */
	step0 = view_timeline_first(&m->tl);
	last = m->tl.count - step0;
	for (digits = 3; last >= 1000; last /= 10)
		digits++;
	saved = m->player.pos;
	for (pos = 0; pos < m->tl.count; pos++) {
		player_seek(&m->player, pos);
		snprintf(name, sizeof name, "step-%0*zu.%s", digits,
		    pos + 1 - step0, fmt == EXPORT_SVG_FORMAT_SVG ? "svg" :
		    "txt");
		if (export_svg_step_file(m, sc, name, fmt, rows, err) != 0) {
			n = -1;
			break;
		}
		n++;
	}
	player_seek(&m->player, saved);
	session_frame(m, false);
	return n;
}
