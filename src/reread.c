/*
 * reread.c: a connection's segments read again from the file (reread.h).
 *
 * The detail engine gets the same configuration as the session's, so the
 * instance it builds has the same transitions: its segments are the same,
 * in the same order, and time passes to the same capture time. What it
 * cannot see is other instances (an earlier one on the same 4-tuple, or
 * those that pushed it out at --max-conns); it starts at this instance's
 * first frame, as the session's engine did.
 */
#include "config.h"

#include <stdlib.h>

#include "backend.h"
#include "engine.h"
#include "event.h"
#include "reread.h"
#include "xmalloc.h"

struct reread {
	struct backend		*src;		/* the session's (borrowed) */
	struct backend		*rd;		/* the second reader */
	struct engine_config	 ec;
	struct engine		*e;		/* the instance's own */
	uint32_t		 id;		/* the session's instance id */
	struct event_key	 key;
	uint64_t		 first;		/* its first frame */
	bool			 reused;	/* it replaced an older one */
	uint64_t		 next;		/* first frame not yet fed */
	int64_t			 now;
	bool			 finished;
	bool			 failed;	/* a read or seek failed */
	uint64_t		 fed;
};

struct reread *
reread_new(struct backend *src, const struct engine_config *ec, char **err)
{
	struct reread	*r;
	struct backend	*rd;

	if ((rd = backend_reopen(src, err)) == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->src = src;
	r->rd = rd;
	r->ec = *ec;
	r->ec.output = false;
	r->ec.track_blocks = false;
	r->ec.max_steps = 0;
	/* The session's engine keeps the triage counts; this one need not. */
	r->ec.stats = false;
	/* Other instances on the 4-tuple come and go; a few suffice. */
	r->ec.max_conns = 16;
	return r;
}

void
reread_free(struct reread *r)
{
	if (r == NULL)
		return;
	engine_free(r->e);
	backend_free(r->rd);
	free(r);
}

uint64_t
reread_segments(const struct reread *r)
{
	return r->fed;
}

/* Start over for instance c. */
static void
reread_reset(struct reread *r, const struct conn *c)
{
	engine_free(r->e);
	r->e = engine_new(&r->ec);
	r->id = c->id;
	r->key = c->key;
	r->next = r->first = c->frame_first;
	r->reused = (c->flags & CONN_F_REUSED) != 0;
	r->now = INT64_MIN;
	r->finished = r->failed = false;
}

/*
 * Feed c's frames in blocks lo..hi that are >= r->next and <= last; true
 * when the reader could be read from there.
 */
static bool
reread_run(struct reread *r, uint32_t lo, uint32_t hi, uint64_t last)
{
	struct event_segment	 seg;
	struct event_key	 key;
	uint64_t		 from = r->next, end;
	int64_t			 t;
	enum backend_next	 n;

	end = ((uint64_t)hi + 1) << EVENT_BLOCK_SHIFT;
	if (end > last)
		end = last;
	if (from < ((uint64_t)lo << EVENT_BLOCK_SHIFT) + 1)
		from = ((uint64_t)lo << EVENT_BLOCK_SHIFT) + 1;
	if (from > end)
		return true;
	if (!backend_seek(r->rd, r->src, from, &t))
		return false;
	/*
	 * Capture time as the session's engine had it at each frame: the
	 * newest before the block, then every segment's, ours or not (a
	 * later stamp on another connection settles our pending facts).
	 */
	if (t != INT64_MIN)
		engine_advance(r->e, t);
	while ((n = backend_next(r->rd, &seg)) != BACKEND_END) {
		if (n != BACKEND_SEGMENT)
			continue;
		if (seg.origin > end)
			break;
		(void)event_key_make(&key, &seg);
		if (seg.origin < from ||
		    !event_endpoint_eq(&key.a, &r->key.a) ||
		    !event_endpoint_eq(&key.b, &r->key.b)) {
			engine_advance(r->e, seg.t_sent);
			continue;
		}
		engine_feed_ann(r->e, &seg,
		    r->reused && seg.origin == r->first ?
		    CONN_ANN(NEW_INSTANCE) : 0);
		r->fed++;
	}
	r->next = end + 1;
	return true;
}

const struct conn *
reread_conn(struct reread *r, const struct conn *c, int64_t now,
    bool finished)
{
	const struct conn_blocks	*b;
	uint32_t			 i;

	if (c == NULL)
		return NULL;
	if (r->e == NULL || r->id != c->id || c->frame_first == 0 ||
	    (r->finished && !finished))
		reread_reset(r, c);
	b = c->blocks;
	if (b != NULL && !r->failed && r->next <= c->frame_last) {
		for (i = 0; i < b->n; i++) {
			if ((((uint64_t)b->run[i][1] + 1) <<
			    EVENT_BLOCK_SHIFT) < r->next)
				continue;
			if (!reread_run(r, b->run[i][0], b->run[i][1],
			    c->frame_last)) {
				r->failed = true;
				break;
			}
		}
		r->next = c->frame_last + 1;
	}
	if (now > r->now) {
		engine_advance(r->e, now);
		r->now = now;
	}
	if (finished && !r->finished) {
		engine_finish(r->e);
		r->finished = true;
	}
	/* Its first instance: the frames start at this instance's first. */
	return engine_conn_count(r->e) > 0 ? engine_conn_at(r->e, 0) : NULL;
}

bool
reread_frame(struct reread *r, uint64_t frame, int *linktype,
    const uint8_t **data, uint32_t *caplen, uint32_t *wirelen)
{
	struct event_segment	 seg;
	enum backend_next	 n;
	int64_t			 t;

	/* The reader moves: the instance is read again from its start. */
	r->id = 0;
	if (!backend_seek(r->rd, r->src, frame, &t))
		return false;
	while ((n = backend_next(r->rd, &seg)) != BACKEND_END) {
		if (n != BACKEND_SEGMENT)
			continue;
		if (seg.origin > frame)
			break;
		if (seg.origin < frame || r->rd->frame_data == NULL)
			continue;
		*linktype = r->rd->frame_linktype;
		*data = r->rd->frame_data;
		*caplen = r->rd->frame_caplen;
		*wirelen = r->rd->frame_wirelen;
		return true;
	}
	return false;
}
