/*
 * view-pick.c: the scenario picker's frame: a title row, the list (name,
 * English title, the Chinese title when it fits), a rule, the selected
 * scenario's description and a status row. Layer 3f, a whole frame like
 * view-screen.c; ui.c loads the scenarios and owns the keys and terminal.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "layout.h"
#include "view.h"
#include "view-pick.h"
#include "view-screen.h"

/* The picker's rows below the list: rule, description, status. */
#define VIEW_PICK_DESC_MIN	3
#define VIEW_PICK_ZH_MIN	12	/* columns worth a Chinese title */

/* Texts of the picker (kept together for translation). */
enum view_pick_text {
	VIEW_PICK_T_NONE,
	VIEW_PICK_T_TITLE,
	VIEW_PICK_T_KEYS,
	VIEW_PICK_T_SEARCH,
	VIEW_PICK_T_NO_MATCH
};

static const char *const view_pick_texts[] = {
	[VIEW_PICK_T_NONE] = "no scenarios found in ",
	[VIEW_PICK_T_TITLE] = "tcpviz  choose a scenario",
	[VIEW_PICK_T_KEYS] =
	    "up/down move  / search  Enter play  q quit",
	[VIEW_PICK_T_SEARCH] = "search (name or title; Esc clears): ",
	[VIEW_PICK_T_NO_MATCH] = "no scenario matches",
};

/*
 * Write s in at most w columns; when it is wider, cut it at a character
 * (never half a double-width one: widths by wcwidth) and end it with an
 * ellipsis. Returns the columns used.
 */
static int
view_pick_put_fit(struct canvas *c, int x, int y, const char *s, int w,
    unsigned attr)
{
	int	used;

	if (s == NULL || w <= 0)
		return 0;
	if (canvas_str_width(s) <= w)
		return canvas_put_str(c, x, y, s, w, attr);
	used = canvas_put_str(c, x, y, s, w - 1, attr);
	return used + canvas_put_str(c, x + used, y, c->ascii ? "~" :
	    "\u2026", 1, attr);
}

/*
 * One picker frame: a title row, the list (name, English title, the
 * Chinese title when it fits), a rule, the selected description and a
 * status row. Below the view's minimum size: the usual enlarge request.
 */
void
view_pick_draw(struct canvas *c, struct view_pick *p)
{
	const struct view_pick_item *sc;
	struct layout		 l;
	struct view_ctx		 ctx;
	struct canvas_rect	 r;
	char			 buf[64];
	int			 cols = c->cols, rows = c->rows;
	int			 desc, namew = 0, enw = 0, xen, xzh, y, w;
	unsigned		 attr;
	size_t			 i;

	layout_compute(&l, cols, rows);
	if (l.mode == LAYOUT_TOO_SMALL) {
		memset(&ctx, 0, sizeof ctx);
		view_screen_draw(c, &l, &ctx, NULL);
		return;
	}
	canvas_reset_clip(c);
	canvas_clear(c);
	/* The list gets what it needs; the description what is left. */
	p->page = rows - 3 - VIEW_PICK_DESC_MIN;
	if (p->count > 0 && p->count < (size_t)p->page)
		p->page = (int)p->count;
	desc = rows - 3 - p->page;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)p->page)
		p->top = p->sel - (size_t)p->page + 1;
	if (p->top + (size_t)p->page > p->count)
		p->top = p->count > (size_t)p->page ? p->count -
		    (size_t)p->page : 0;

	if (p->search != NULL && p->total != p->count)
		snprintf(buf, sizeof buf, "  (%zu of %zu)", p->count,
		    p->total);
	else
		snprintf(buf, sizeof buf, "  (%zu)", p->count);
	w = canvas_put_str(c, 0, 0, view_pick_texts[VIEW_PICK_T_TITLE], cols,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	canvas_put_str(c, w, 0, buf, cols - w, CANVAS_R_DIM);
	for (i = 0; i < p->count; i++) {
		if ((w = canvas_str_width(p->items[i].name)) > namew)
			namew = w;
		if ((w = canvas_str_width(p->items[i].title_en)) > enw)
			enw = w;
	}
	xen = 2 + namew + 2;
	xzh = xen + enw + 2;
	/* A Chinese UI: the Chinese title in the English one's place. */
	if (p->zh_ui && p->zh && !c->ascii)
		xzh = xen;
	for (i = p->top; i < p->count && i < p->top + (size_t)p->page; i++) {
		sc = &p->items[i];
		y = 1 + (int)(i - p->top);
		attr = CANVAS_R_NORMAL;
		if (i == p->sel) {
			attr = CANVAS_R_CURSOR;
			r.x = 0;
			r.y = y;
			r.w = cols;
			r.h = 1;
			canvas_fill(c, &r, attr);
			canvas_put_glyph(c, 0, y, CANVAS_G_ARROW_RIGHT, attr);
		}
		canvas_put_str(c, 2, y, sc->name, cols - 2,
		    i == p->sel ? attr : CANVAS_R_KEY);
		if (xen < cols && xzh != xen)
			view_pick_put_fit(c, xen, y, sc->title_en, cols - xen,
			    attr);
		/* Measured with wcwidth: CJK takes two columns each. */
		if (p->zh && !c->ascii && cols - xzh >= VIEW_PICK_ZH_MIN)
			view_pick_put_fit(c, xzh, y, sc->title_zh, cols - xzh,
			    i == p->sel || xzh == xen ? attr : CANVAS_R_DIM);
	}
	y = 1 + p->page;
	canvas_hline(c, 0, y, cols, CANVAS_G_HLINE, CANVAS_R_DIM);
	if (p->count == 0 && p->search != NULL)
		canvas_put_str(c, 1, 1, view_pick_texts[VIEW_PICK_T_NO_MATCH],
		    cols - 1, CANVAS_R_DIM);
	else if (p->count == 0) {
		w = canvas_put_str(c, 1, 1, view_pick_texts[VIEW_PICK_T_NONE],
		    cols - 1, CANVAS_R_ANOMALY);
		canvas_put_str(c, 1 + w, 1, p->dir != NULL ? p->dir : "",
		    cols - 1 - w, CANVAS_R_ANOMALY);
	} else
		view_info_wrap(c, 1, y + 1, cols - 2, desc,
		    p->zh_ui && p->zh && !c->ascii &&
		    p->items[p->sel].desc_zh != NULL ?
		    p->items[p->sel].desc_zh : p->items[p->sel].desc_en,
		    CANVAS_R_NORMAL);
	r.x = 0;
	r.y = rows - 1;
	r.w = cols;
	r.h = 1;
	canvas_fill(c, &r, CANVAS_R_STATUS);
	snprintf(buf, sizeof buf, " %zu/%zu ", p->count > 0 ? p->sel + 1 : 0,
	    p->count);
	w = canvas_put_str(c, 0, rows - 1, buf, cols, CANVAS_R_STATUS);
	if (p->search != NULL) {
		w += canvas_put_str(c, w, rows - 1,
		    view_pick_texts[VIEW_PICK_T_SEARCH], cols - w,
		    CANVAS_R_STATUS);
		w += canvas_put_str(c, w, rows - 1, p->search, cols - w,
		    CANVAS_R_STATUS | CANVAS_A_BOLD);
		canvas_put_str(c, w, rows - 1, "_", cols - w, CANVAS_R_STATUS);
		return;
	}
	if (canvas_str_width(view_pick_texts[VIEW_PICK_T_KEYS]) < cols - w)
		canvas_put_str_right(c, cols, rows - 1,
		    view_pick_texts[VIEW_PICK_T_KEYS], cols - w,
		    CANVAS_R_STATUS);
}

/* Move the picker's selection by delta rows, clamped to the list. */
void
view_pick_move(struct view_pick *p, long delta)
{
	long	last = (long)p->count - 1, to = (long)p->sel + delta;

	if (p->count == 0)
		return;
	if (to < 0)
		to = 0;
	if (to > last)
		to = last;
	p->sel = (size_t)to;
}
