/*
 * view-pick.h: the scenario picker's frame (view-pick.c). Layer 3f: a
 * whole frame; the front end fills the items from the scenarios it loaded.
 */
#ifndef TCPVIZ_VIEW_PICK_H
#define TCPVIZ_VIEW_PICK_H

#include "compat.h"
#include "canvas.h"

/* One scenario as the picker shows it (borrowed strings). */
struct view_pick_item {
	const char	*name;
	const char	*title_en;
	const char	*title_zh;
	const char	*desc_en;
	const char	*desc_zh;
};

struct view_pick {
	const struct view_pick_item *items;
	size_t		 count;
	size_t		 sel;
	size_t		 top;		/* first row shown */
	int		 page;		/* list rows at the last draw */
	bool		 zh;		/* UTF-8: Chinese titles may show */
	const char	*dir;		/* where scenarios were looked for */
	const char	*search;	/* the / prompt's text; NULL: closed */
	size_t		 total;		/* scenarios before the search */
};

/* Draw the picker on c (also fixes top and page for the size). */
void	 view_pick_draw(struct canvas *, struct view_pick *);
/* Move the selection by delta rows, clamped to the list. */
void	 view_pick_move(struct view_pick *, long delta);

#endif
