/*
 * export-svg.c: SVG export (a placeholder until it is written).
 */
#include "config.h"

#include <stdio.h>

#include "export-svg.h"
#include "xmalloc.h"

int
export_svg(FILE *out, struct session *m, char **err)
{
	(void)out;
	(void)m;
	xasprintf(err, "SVG export is not built yet");
	return -1;
}
