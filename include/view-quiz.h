/*
 * view-quiz.h: quiz mode's panel (quiz.h): the question and its numbered
 * choices, then the verdict with the explanation, and at the end the
 * final score. Layer 3: draws on a canvas, over the lower part of the
 * frame (view-screen.c calls it last, as it does the help).
 */
#ifndef TCPVIZ_VIEW_QUIZ_H
#define TCPVIZ_VIEW_QUIZ_H

#include "canvas.h"
#include "quiz.h"

/* Rows the panel takes in a frame rows high (0: nothing to show). */
int	 view_quiz_height(const struct quiz *, bool final, int rows);
/* The panel in r; final: the quiz is over, show the score. */
void	 view_quiz_draw(struct canvas *, const struct canvas_rect *,
	     const struct quiz *, bool final);

#endif
