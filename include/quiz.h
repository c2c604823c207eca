/*
 * quiz.h: quiz mode (issue 18): before each state change of the selected
 * connection the player holds and asks which state an endpoint enters
 * next, or which segment comes next, with a few numbered choices. Layer
 * 3, beside the player: pure logic over a timeline, no curses, no clock.
 *
 * A question is a function of the timeline, the row and the seed alone,
 * so a class given the same --quiz-seed sees the same questions with the
 * choices in the same order. Wrong choices come from the RFC table
 * (fsm.c): the states the other edges from the current state lead to,
 * staying put, the peer's state, the state one edge further on; or, for
 * a segment, the same segment with the flags or the ack one mistake off.
 */
#ifndef TCPVIZ_QUIZ_H
#define TCPVIZ_QUIZ_H

#include "compat.h"
#include "fsm.h"
#include "view.h"

#define QUIZ_CHOICES_MAX	4

enum quiz_kind {
	QUIZ_STATE,		/* which state does an endpoint enter? */
	QUIZ_SEGMENT,		/* which segment comes next? */
	QUIZ_KIND_COUNT
};

struct quiz_question {
	enum quiz_kind	 kind;
	size_t		 row;		/* the timeline row it is about */
	int		 role;		/* the endpoint it asks about */
	enum fsm_edge	 edge;		/* the transition's edge */
	size_t		 nchoice;	/* 3 or 4 (2 only if the table has
					   nothing else that fits) */
	size_t		 right;		/* index of the right choice */
	char		 prompt[200];
	char		 choice[QUIZ_CHOICES_MAX][64];
	char		 explain[400];	/* reason, RFC section, edge id */
};

/*
 * The question before row (a row where view_timeline_is_change holds),
 * from seed; false when the row changes no state.
 */
bool	 quiz_build(struct quiz_question *, const struct view_timeline *,
	     size_t row, uint32_t seed);

/* A quiz in progress: the question asked, the answer, the score. */
struct quiz {
	bool			 on;
	uint32_t		 seed;
	bool			 asking;	/* a question waits for 1-4 */
	bool			 answered;	/* the verdict is on screen */
	bool			 correct;
	size_t			 given;		/* the choice answered */
	struct quiz_question	 q;
	uint32_t		 conn_id;	/* the connection asked about */
	size_t			 next_row;	/* rows before it are done */
	bool			 was_playing;	/* resume after the verdict */
	unsigned		 asked[QUIZ_KIND_COUNT];
	unsigned		 right[QUIZ_KIND_COUNT];
};

void	 quiz_init(struct quiz *, bool on, uint32_t seed);
/* Q: on or off; the score starts again when it is turned on. */
void	 quiz_toggle(struct quiz *);
/*
 * Should the player hold before row (of connection id)? Builds and asks
 * the question if so; true while a question waits for its answer.
 */
bool	 quiz_hold(struct quiz *, const struct view_timeline *, uint32_t id,
	     size_t row);
/* Choice n (0-based); false when nothing is asked or n is no choice. */
bool	 quiz_answer(struct quiz *, size_t n);
unsigned quiz_total_asked(const struct quiz *);
unsigned quiz_total_right(const struct quiz *);
/* "2/3" and the per-kind counts: "state 1/2, segment 1/1". */
char	*quiz_score_format(char *, size_t, const struct quiz *, bool kinds);

#endif
