/*
 * layout.h: where each part of the screen goes for a terminal size. Layer
 * 3: pure arithmetic, includes canvas.h for the rectangle type.
 *
 * At or below 80x24 the layout is compact (no title row, short state names
 * in the graph); below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS it is "too small"
 * and the front end shows only a request to enlarge the terminal.
 */
#ifndef TCPVIZ_LAYOUT_H
#define TCPVIZ_LAYOUT_H

#include "compat.h"
#include "canvas.h"

#define LAYOUT_MIN_COLS		60
#define LAYOUT_MIN_ROWS		20

enum layout_mode {
	LAYOUT_TOO_SMALL,
	LAYOUT_COMPACT,		/* up to 80x24 */
	LAYOUT_NORMAL,
	LAYOUT_WIDE		/* 200 columns and 50 rows or more */
};

struct layout {
	enum layout_mode	mode;
	int			cols;
	int			rows;
	struct canvas_rect	title;	/* one row, in every mode */
	struct canvas_rect	seq;	/* ladder (or connection list) */
	struct canvas_rect	graph;	/* the rule column, then the graph */
	struct canvas_rect	graph_in; /* the state graph: graph less rule */
	struct canvas_rect	info;	/* narration and explanation */
	bool			info_rule; /* info's first row is a rule */
	struct canvas_rect	status;	/* one row at the bottom */
};

void	 layout_compute(struct layout *, int cols, int rows);
/* Do two rectangles share a cell? */
bool	 layout_overlap(const struct canvas_rect *,
	     const struct canvas_rect *);

#endif
