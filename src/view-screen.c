/*
 * view-screen.c: a whole frame: the title, the ladder or the connection
 * list, the rule and the state graph, the explanation, the status row and
 * the help panel, each view in the rectangle the layout gives it. Layer 3,
 * above the views it calls; only the front ends (session.c, ui.c) include
 * view-screen.h (tests/check-layering.sh).
 */
#include "config.h"

#include <stdio.h>

#include "canvas.h"
#include "i18n.h"
#include "layout.h"
#include "view.h"
#include "view-screen.h"
#include "view-quiz.h"

/* Texts of the screen frame (kept together for translation). */
/* Format strings stay literal so the compiler checks their arguments. */
#define VIEW_T_TOO_SMALL \
	_("Enlarge the terminal to at least %dx%d (it is %dx%d).")

enum view_text {
	VIEW_T_QUITS,
	VIEW_T_NO_CONN,
	VIEW_T_COUNT
};

static const char *const view_texts[VIEW_T_COUNT] = {
	[VIEW_T_QUITS] = N_("q quits"),
	[VIEW_T_NO_CONN] = N_("no TCP connection yet"),
};

/* The "enlarge the terminal" screen. */
static void
view_screen_small(struct canvas *c, const struct layout *l)
{
	char	buf[160];
	int	y = l->rows / 2 - 1;

	snprintf(buf, sizeof buf, VIEW_T_TOO_SMALL, LAYOUT_MIN_COLS,
	    LAYOUT_MIN_ROWS, l->cols, l->rows);
	if (y < 0)
		y = 0;
	canvas_put_str_cut(c, 0, y, buf, l->cols, CANVAS_R_ANOMALY);
	canvas_put_str_cut(c, 0, y + 1, _(view_texts[VIEW_T_QUITS]), l->cols,
	    CANVAS_R_NORMAL);
}

/* A whole frame. */
void
view_screen_draw(struct canvas *c, const struct layout *l,
    const struct view_ctx *ctx, struct view_conns *conns)
{
	struct canvas_rect	gr, hr, seq;
	struct view_ctx		ic;
	int			w, qh;

	canvas_reset_clip(c);
	canvas_clear(c);
	if (l->mode == LAYOUT_TOO_SMALL) {
		view_screen_small(c, l);
		return;
	}
	if (l->title.h > 0 && ctx->title != NULL)
		canvas_put_str_cut(c, l->title.x, l->title.y, ctx->title,
		    l->title.w, CANVAS_R_TITLE | CANVAS_A_BOLD);
	if (ctx->focus == VIEW_FOCUS_CONNS && conns != NULL &&
	    l->seq.w < VIEW_CONNS_WIDE) {
		/* Too narrow beside the graph: the list takes both. */
		gr = l->seq;
		gr.w = l->graph.x + l->graph.w - l->seq.x;
		view_conns_draw(c, &gr, conns, true);
		goto info;
	}
	if (ctx->focus == VIEW_FOCUS_CONNS && conns != NULL)
		view_conns_draw(c, &l->seq, conns, true);
	else if (ctx->tl == NULL)
		canvas_put_str(c, l->seq.x + 1, l->seq.y + 1,
		    _(view_texts[VIEW_T_NO_CONN]), l->seq.w - 2, CANVAS_R_DIM);
	else {
		/*
		 * Above the quiz's panel: the ladder scrolls so the row
		 * just answered (the cursor) stays in sight.
		 */
		seq = l->seq;
		qh = view_quiz_height(ctx->quiz, ctx->quiz_final, l->rows);
		if (qh > 0 && seq.y + seq.h > l->status.y - qh &&
		    l->status.y - qh - seq.y > VIEW_SEQ_TOP)
			seq.h = l->status.y - qh - seq.y;
		view_seq_draw(c, &seq, ctx, l->mode);
	}
	/* A rule between the ladder and the graph. */
	canvas_vline(c, l->graph.x, l->graph.y, l->graph.h, CANVAS_G_VLINE,
	    ctx->focus == VIEW_FOCUS_GRAPH ? CANVAS_R_TITLE : CANVAS_R_DIM);
	view_graph_draw(c, &l->graph_in, ctx, l->mode);
info:
	ic = *ctx;
	ic.info_norule = !l->info_rule;
	view_info_draw(c, &l->info, &ic, l->mode);
	canvas_fill(c, &l->status, CANVAS_R_STATUS);
	w = 0;
	if (ctx->status_left != NULL)
		w = canvas_put_str_cut(c, l->status.x, l->status.y,
		    ctx->status_left, l->status.w, CANVAS_R_STATUS);
	if (ctx->status_right != NULL &&
	    canvas_str_width(ctx->status_right) < l->status.w - w - 1)
		canvas_put_str_right(c, l->status.x + l->status.w,
		    l->status.y, ctx->status_right, l->status.w,
		    CANVAS_R_STATUS);
	/* The quiz's panel over the lower rows, above the status. */
	if ((hr.h = view_quiz_height(ctx->quiz, ctx->quiz_final,
	    l->rows)) > 0) {
		hr.x = 0;
		hr.w = l->cols;
		hr.y = l->status.y - hr.h;
		if (hr.y < 0)
			hr.y = 0;
		view_quiz_draw(c, &hr, ctx->quiz, ctx->quiz_final);
	}
	if (ctx->help) {
		hr.w = l->cols - 8 > 76 ? 76 : l->cols - 8;
		hr.h = l->rows - 4 > 34 ? 34 : l->rows - 4;
		hr.x = (l->cols - hr.w) / 2;
		hr.y = (l->rows - hr.h) / 2;
		view_info_help(c, &hr, ctx);
	}
}
