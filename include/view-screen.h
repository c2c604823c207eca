/*
 * view-screen.h: a whole frame (view-screen.c). Layer 3, above the other
 * views: only the front ends include it.
 */
#ifndef TCPVIZ_VIEW_SCREEN_H
#define TCPVIZ_VIEW_SCREEN_H

#include "canvas.h"
#include "layout.h"
#include "view.h"

/* Title, ladder (or list), graph, info, status and help, in l's places. */
void	 view_screen_draw(struct canvas *, const struct layout *,
	     const struct view_ctx *, struct view_conns *);

#endif
