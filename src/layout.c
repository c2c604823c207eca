/*
 * layout.c: splits a terminal size into the screen's regions. Layer 3:
 * includes layout.h and canvas.h only.
 *
 * Invariant: every region lies inside cols x rows, no two regions overlap,
 * and a size too small for the compact layout gives LAYOUT_TOO_SMALL with
 * only the status row set (so nothing ever draws out of bounds).
 */
#include "config.h"

#include <string.h>

#include "layout.h"

/* Set a rectangle. */
static void
layout_rect(struct canvas_rect *r, int x, int y, int w, int h)
{
	r->x = x;
	r->y = y;
	r->w = w < 0 ? 0 : w;
	r->h = h < 0 ? 0 : h;
}

/* Regions for a cols x rows terminal. */
void
layout_compute(struct layout *l, int cols, int rows)
{
	int	top, info_h, main_h, graph_w;

	memset(l, 0, sizeof *l);
	l->cols = cols < 0 ? 0 : cols;
	l->rows = rows < 0 ? 0 : rows;
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
		l->mode = LAYOUT_TOO_SMALL;
		if (rows > 0)
			layout_rect(&l->status, 0, rows - 1, l->cols, 1);
		return;
	}
	if (cols <= 80 || rows <= 24)
		l->mode = LAYOUT_COMPACT;
	else if (cols >= 200 && rows >= 50)
		l->mode = LAYOUT_WIDE;
	else
		l->mode = LAYOUT_NORMAL;

	/*
	 * The compact layout gives its title row to the graph. The info
	 * region is a rule and two rows of narration (the sentence is what a
	 * class reads), plus a row for what the states mean when not compact;
	 * the compact graph still gets a row per grid unit (18 + box + legend),
	 * so below 24 rows the narration has one row.
	 */
	top = 1;
	l->info_rule = true;
	info_h = l->mode == LAYOUT_COMPACT ? 3 : 4;
	if (l->mode == LAYOUT_COMPACT && rows <= 24) {
		/*
		 * 24 rows or fewer keep the title (what is shown, which
		 * connection) and the graph's rows: the narration loses its
		 * rule (the ladder's last row is above it), and below 24
		 * rows one of its two rows.
		 */
		l->info_rule = false;
		info_h = rows >= 24 ? 2 : 1;
	}
	main_h = rows - top - info_h - 1;

	/*
	 * The graph wants about 34 columns with short names and 60 or more
	 * with full names and edge labels; the ladder takes the rest.
	 */
	if (l->mode == LAYOUT_COMPACT)
		graph_w = cols * 42 / 100;
	else
		graph_w = cols * 48 / 100;
	if (graph_w > 110)
		graph_w = 110;

	layout_rect(&l->title, 0, 0, cols, top);
	layout_rect(&l->seq, 0, top, cols - graph_w, main_h);
	layout_rect(&l->graph, cols - graph_w, top, graph_w, main_h);
	/* Its first column is the rule between the ladder and the graph. */
	layout_rect(&l->graph_in, cols - graph_w + 1, top, graph_w - 1, main_h);
	layout_rect(&l->info, 0, top + main_h, cols, info_h);
	layout_rect(&l->status, 0, rows - 1, cols, 1);
}

/* Do a and b share at least one cell? */
bool
layout_overlap(const struct canvas_rect *a, const struct canvas_rect *b)
{
	if (a->w <= 0 || a->h <= 0 || b->w <= 0 || b->h <= 0)
		return false;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h;
}
