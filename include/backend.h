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
	/* Re-reading a seekable file (NULL: it cannot): backend_reopen. */
	struct backend	*(*reopen)(struct backend *, char **);
	bool		(*seek)(struct backend *, const struct backend *,
			    uint64_t, int64_t *);
};

struct backend {
	const struct backend_class	*cls;
	void				*priv;
	struct parse_stats		 stats;
	uint64_t			 filtered;	/* frames the filter removed */
	uint64_t			 kernel_drops;	/* live capture */
	bool				 live;		/* events arrive over time */
	bool				 reopenable;	/* can reopen */
	uint64_t			 size;		/* file bytes or 0 */
	uint64_t			 offset;	/* bytes read, about */
	char				*error;		/* why input ended early */
	char				*warning;	/* e.g. file cut short */
	struct event_app		 app;		/* when next() gave APP */
	/*
	 * A capture: the bytes of the frame the last BACKEND_SEGMENT came
	 * from (valid until the next call), for exports that copy packets.
	 */
	const uint8_t			*frame_data;
	uint32_t			 frame_caplen;
	uint32_t			 frame_wirelen;
	int				 frame_linktype;
};

static inline enum backend_next
backend_next(struct backend *b, struct event_segment *seg)
{
	return b->cls->next(b, seg);
}

void	backend_free(struct backend *);
/*
 * Re-reading (a regular capture file): can b hand out a second reader of
 * the same file? backend_reopen gives it (once; NULL and *err otherwise).
 * backend_seek moves that reader to the block (EVENT_BLOCK_SHIFT) holding
 * frame, frame <= the newest b has read; it then returns that block's
 * segments again, in order, from its first (skip those before frame).
 * *t_before is the newest segment time b had returned before that block
 * (INT64_MIN: none): the capture time an engine fed by b had reached.
 */
bool	backend_can_reopen(const struct backend *);
struct backend *backend_reopen(struct backend *, char **err);
bool	backend_seek(struct backend *rd, const struct backend *b,
	    uint64_t frame, int64_t *t_before);
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
