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
#include "i18n.h"
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
	[VIEW_PICK_T_NONE] = N_("no scenarios found in "),
	[VIEW_PICK_T_TITLE] = N_("tcpviz  choose a scenario"),
	[VIEW_PICK_T_KEYS] =
	    N_("up/down move  / search  Enter play  L language  q quit"),
	[VIEW_PICK_T_SEARCH] = N_("search (name or title; Esc clears): "),
	[VIEW_PICK_T_NO_MATCH] = N_("no scenario matches"),
};

/* A scenario's title: first (the view's language) or second (the other). */
static const char *
view_pick_title(const struct view_pick_item *it, bool zh, bool first)
{
	bool	want_zh = first ? zh : !zh;

	if (want_zh && it->title_zh != NULL && it->title_zh[0] != '\0')
		return it->title_zh;
	if (!want_zh && it->title_en != NULL)
		return it->title_en;
	return first && it->title_en != NULL ? it->title_en : "";
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
	bool			 zh;
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
		snprintf(buf, sizeof buf, _("  (%zu of %zu)"), p->count,
		    p->total);
	else
		snprintf(buf, sizeof buf, "  (%zu)", p->count);
	w = canvas_put_str_cut(c, 0, 0, _(view_pick_texts[VIEW_PICK_T_TITLE]),
	    cols, CANVAS_R_TITLE | CANVAS_A_BOLD);
	canvas_put_str(c, w, 0, buf, cols - w, CANVAS_R_DIM);
	/*
	 * In Chinese the Chinese title comes first and the English one
	 * beside it where it fits; in English the other way round.
	 */
	zh = p->zh && !c->ascii && i18n_get() == I18N_ZH_CN;
	for (i = 0; i < p->count; i++) {
		if ((w = canvas_str_width(p->items[i].name)) > namew)
			namew = w;
		if ((w = canvas_str_width(view_pick_title(&p->items[i], zh,
		    true))) > enw)
			enw = w;
	}
	xen = 2 + namew + 2;
	xzh = xen + enw + 2;
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
		if (xen < cols)
			canvas_put_str_cut(c, xen, y, view_pick_title(sc, zh,
			    true), cols - xen, attr);
		/* Measured with wcwidth: CJK takes two columns each. */
		if (p->zh && !c->ascii && cols - xzh >= VIEW_PICK_ZH_MIN)
			canvas_put_str_cut(c, xzh, y, view_pick_title(sc, zh,
			    false), cols - xzh, i == p->sel ? attr :
			    CANVAS_R_DIM);
	}
	y = 1 + p->page;
	canvas_hline(c, 0, y, cols, CANVAS_G_HLINE, CANVAS_R_DIM);
	if (p->count == 0 && p->search != NULL)
		canvas_put_str_cut(c, 1, 1,
		    _(view_pick_texts[VIEW_PICK_T_NO_MATCH]), cols - 1,
		    CANVAS_R_DIM);
	else if (p->count == 0) {
		w = canvas_put_str(c, 1, 1,
		    _(view_pick_texts[VIEW_PICK_T_NONE]),
		    cols - 1, CANVAS_R_ANOMALY);
		canvas_put_str(c, 1 + w, 1, p->dir != NULL ? p->dir : "",
		    cols - 1 - w, CANVAS_R_ANOMALY);
	} else
		view_info_wrap(c, 1, y + 1, cols - 2, desc,
		    zh && p->items[p->sel].desc_zh != NULL &&
		    p->items[p->sel].desc_zh[0] != '\0' ?
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
		w += canvas_put_str_cut(c, w, rows - 1,
		    _(view_pick_texts[VIEW_PICK_T_SEARCH]), cols - w,
		    CANVAS_R_STATUS);
		w += canvas_put_str(c, w, rows - 1, p->search, cols - w,
		    CANVAS_R_STATUS | CANVAS_A_BOLD);
		canvas_put_str(c, w, rows - 1, "_", cols - w, CANVAS_R_STATUS);
		return;
	}
	if (canvas_str_width(_(view_pick_texts[VIEW_PICK_T_KEYS])) < cols - w)
		canvas_put_str_right(c, cols, rows - 1,
		    _(view_pick_texts[VIEW_PICK_T_KEYS]), cols - w,
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
