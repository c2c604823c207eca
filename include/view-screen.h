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
/*
 * The comparison panel (ctx->panel, the C key): its frame in a layout
 * and the rectangle its text fills.
 */
void	 view_screen_panel_rect(const struct layout *, struct canvas_rect *box,
	     struct canvas_rect *text);
/*
 * Rows the panel's text takes at text's width: a line wider than that
 * wraps between words (or after a wide character), indented.
 */
int	 view_screen_panel_rows(const struct canvas_rect *text, const char *);

#endif
