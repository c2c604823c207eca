/*
 * export-svg.h: the interactive view's frame as an SVG picture (issue 16):
 * one connection's whole ladder beside the state graph, for slides and
 * README images; and a picture (or a text frame) per step, for a deck.
 * Layer 4: it drives a session (session.h) and draws on the SVG canvas.
 */
#ifndef TCPVIZ_EXPORT_SVG_H
#define TCPVIZ_EXPORT_SVG_H

#include <stdio.h>

#include "compat.h"
#include "outfile.h"
#include "session.h"

/* The columns of an exported frame: the normal layout, labels in full. */
#define EXPORT_SVG_COLS		120

/*
 * The selected connection of m at its current step, at a size that fits
 * every row of its ladder (up to the view's limit of 256 lines) beside the
 * graph, without the status row. Returns 0, or -1 with *err set (free it).
 */
int	 export_svg(FILE *out, struct session *m, char **err);

/*
 * One frame of cols x rows exactly as --screen draws it (status row
 * included), as SVG. Returns 0, or -1 with *err set.
 */
int	 export_svg_screen(FILE *out, struct session *m, int cols, int rows,
	     bool ascii, char **err);

enum export_svg_format {
	EXPORT_SVG_FORMAT_SVG,
	EXPORT_SVG_FORMAT_TXT
};

/*
 * A file per step of the selected connection in the scope's directory
 * (outfile.h; made if missing): step-000.svg ... named by the status row's step numbers (a demo's
 * from 0, a file's from 1), each frame the size export_svg() picks for
 * the last step, so a deck's slides match. Every file is written
 * whole (outfile_put). Returns the number written, or -1 with
 * *err set.
 */
long	 export_svg_steps(struct session *m, const struct outfile_scope *,
	     enum export_svg_format, char **err);

#endif
