/*
 * view-quiz.c: quiz mode's panel (view-quiz.h). A framed box across the
 * lower rows of the frame: the ladder above it stays visible (the rows
 * asked about are the last ones drawn), the graph and the narration are
 * covered while a question waits, since they would give the answer.
 */
#include "config.h"

#include <stdio.h>

#include "canvas.h"
#include "i18n.h"
#include "quiz.h"
#include "view.h"
#include "view-quiz.h"

#define VIEW_QUIZ_ROWS		9

int
view_quiz_height(const struct quiz *z, bool final, int rows)
{
	int	h = VIEW_QUIZ_ROWS;

	if (z == NULL || !z->on || (!z->asking && !z->answered && !final))
		return 0;
	/* The score alone: one row in its frame. */
	if (!z->asking && !z->answered)
		return 3;
	/* Keep the title, the ladder's names and states, and the status. */
	if (h > rows - 5)
		h = rows - 5;
	return h < 5 ? 0 : h;
}

void
view_quiz_draw(struct canvas *c, const struct canvas_rect *r,
    const struct quiz *z, bool final)
{
	char	buf[400], score[64];
	int	x = r->x + 2, w = r->w - 4, y, bottom;
	size_t	i;

	if (z == NULL || r->w < 20 || r->h < 3)
		return;
	canvas_set_clip(c, r);
	canvas_fill(c, r, CANVAS_R_NORMAL);
	canvas_box(c, r, CANVAS_R_TITLE);
	quiz_score_format(score, sizeof score, z, false);
	/* TRANSLATORS: the quiz panel's frame: the seed and right/asked. */
	snprintf(buf, sizeof buf, _(" Quiz  seed %u  score %s "),
	    (unsigned)z->seed, score);
	canvas_put_str_cut(c, r->x + 2, r->y, buf, r->w - 4,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	y = r->y + 1;
	bottom = r->y + r->h - 1;
	if (z->asking) {
		y += view_info_wrap(c, x, y, w, bottom - y - 1, z->q.prompt,
		    CANVAS_R_NORMAL | CANVAS_A_BOLD);
		for (i = 0; i < z->q.nchoice && y < bottom - 1; i++, y++) {
			snprintf(buf, sizeof buf, "%zu  %s", i + 1,
			    z->q.choice[i]);
			canvas_put_str_cut(c, x + 2, y, buf, w - 2,
			    CANVAS_R_STATE);
		}
		snprintf(buf, sizeof buf, _("1-%zu answers, Q ends the quiz"),
		    z->q.nchoice);
		canvas_put_str_cut(c, x, bottom - 1, buf, w, CANVAS_R_DIM);
	} else if (z->answered) {
		if (z->correct)
			snprintf(buf, sizeof buf, _("Right: %zu  %s"),
			    z->given + 1, z->q.choice[z->q.right]);
		else
			snprintf(buf, sizeof buf,
			    _("Wrong (%zu): the right answer is %zu  %s"),
			    z->given + 1, z->q.right + 1,
			    z->q.choice[z->q.right]);
		canvas_put_str_cut(c, x, y++, buf, w, z->correct ?
		    CANVAS_R_STATE | CANVAS_A_BOLD : CANVAS_R_ANOMALY);
		y += view_info_wrap(c, x, y, w, bottom - y - (final ? 2 : 1),
		    z->q.explain, CANVAS_R_NORMAL);
		if (!final)
			canvas_put_str_cut(c, x, bottom - 1,
			    _("space or right: on to the next question"), w,
			    CANVAS_R_DIM);
	}
	if (final) {
		quiz_score_format(score, sizeof score, z, true);
		snprintf(buf, sizeof buf, _("Quiz over. Score: %s"), score);
		canvas_put_str_cut(c, x, bottom - 1, buf, w,
		    CANVAS_R_TITLE | CANVAS_A_BOLD);
	}
	(void)y;
	canvas_reset_clip(c);
}
