/*
 * export-scn.h: one captured connection as a scenario file that replays
 * it in the simulator (tcpviz --to-scenario). Layer 4, part of export.
 */
#ifndef TCPVIZ_EXPORT_SCN_H
#define TCPVIZ_EXPORT_SCN_H

#include <stdio.h>

#include "compat.h"
#include "view.h"

/*
 * Write tl's connection (number id in the list) as a scenario on out: source names the capture
 * in a comment, name (a file name) gives the scenario's name, msl_ns its
 * MSL. 0, or -1 with *err (no segments, too long, too many calls).
 */
int	export_scn(FILE *out, const struct view_timeline *tl, uint32_t id,
	    const char *source, const char *name, int64_t msl_ns, char **err);

#endif
