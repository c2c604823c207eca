/*
 * backend.h: the source interface. A backend produces segment events in
 * time order; it knows nothing of the engine or the views. Layer 2a.
 *
 * next() returns BACKEND_SEGMENT with *seg filled, BACKEND_AGAIN when a live
 * source has nothing now (poll fd() and call again), or BACKEND_END at the
 * end of input. Errors that end the input are reported through
 * backend_error() after BACKEND_END; a warning (file cut mid-record) leaves
 * the segments read so far valid.
 */
#ifndef TCPVIZ_BACKEND_H
#define TCPVIZ_BACKEND_H

#include "compat.h"
#include "event.h"
#include "parse.h"

enum backend_next {
	BACKEND_SEGMENT,
	BACKEND_AGAIN,
	BACKEND_END,
	BACKEND_APP	/* simulator: b->app holds an application call */
};

struct backend;

struct backend_class {
	const char	*name;
	enum backend_next (*next)(struct backend *, struct event_segment *);
	int		(*fd)(struct backend *);	/* -1: never blocks */
	void		(*free)(struct backend *);
};

struct backend {
	const struct backend_class	*cls;
	void				*priv;
	struct parse_stats		 stats;
	uint64_t			 filtered;	/* frames the filter removed */
	uint64_t			 kernel_drops;	/* live capture */
	bool				 live;		/* events arrive over time */
	char				*error;		/* why input ended early */
	char				*warning;	/* e.g. file cut short */
	struct event_app		 app;		/* when next() gave APP */
};

static inline enum backend_next
backend_next(struct backend *b, struct event_segment *seg)
{
	return b->cls->next(b, seg);
}

void	backend_free(struct backend *);
/*
 * Read a blocking source (a pipe) on its own thread: the result never
 * blocks, has a pollable fd, and is live. It owns inner.
 */
struct backend *backend_thread_new(struct backend *inner);
void	backend_set_error(struct backend *, const char *, ...)
	    COMPAT_PRINTF(2, 3);
void	backend_set_warning(struct backend *, const char *, ...)
	    COMPAT_PRINTF(2, 3);

#endif
