/*
 * export-svg.h: the selected connection's ladder and state graph as SVG.
 * Layer 4, called by export.c for .svg (the session's selection and
 * player position are the connection and step to draw).
 */
#ifndef TCPVIZ_EXPORT_SVG_H
#define TCPVIZ_EXPORT_SVG_H

#include <stdio.h>

#include "compat.h"
#include "session.h"

int	 export_svg(FILE *out, struct session *m, char **err);

#endif
