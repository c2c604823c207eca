/*
 * test-reread.c: a connection read again from its file (reread.c) is the
 * connection the engine built while reading the whole file with its
 * history in memory: the same states, and step for step the same history.
 *
 *   test-reread FILE...
 *
 * For each file: engine A keeps every instance's history as it reads; the
 * session's way keeps none (engine B, which notes each instance's blocks)
 * and reads each instance again. While B loads, one instance at a time is
 * read again as it grows (as a view does while a file loads: only what is
 * new), the followed one changing every 1,000 segments; at the end every
 * instance (or an even sample, TCPVIZ_REREAD_MAX) is read again and
 * compared with A's. Exit 1 on a difference,
 * with the file, the instance, the step and both steps' fields.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "backend-pcap.h"
#include "conn.h"
#include "engine.h"
#include "reread.h"

#define HISTORY		65536

/* TCPVIZ_REREAD_MAX=N compares a sample of N (default 4,000). */
static size_t	max_compared = 4000;

static void
print_step(const char *who, const struct conn_step *s)
{
	printf("  %s: t=%" PRId64 " frame=%" PRIu64 " kind=%u role=%u "
	    "ann=0x%x dupack=%u", who, s->t, s->frame, s->kind, s->role,
	    s->ann, s->dupack);
	if (s->kind == CONN_STEP_SEGMENT)
		printf(" seq=%u ack=%u len=%u flags=0x%x win=%u\n",
		    s->u.seg.seq, s->u.seg.ack, s->u.seg.len, s->u.seg.flags,
		    s->u.seg.window);
	else
		printf(" %d->%d edge=%d known=%u reason=%u arg=%u\n",
		    s->u.tr.from, s->u.tr.to, s->u.tr.edge, s->u.tr.known,
		    s->u.tr.reason, s->u.tr.arg);
}

/* Are a (engine A's) and d (read again) the same? Says why not. */
static bool
same_conn(const char *path, const struct conn *a, const struct conn *d,
    uint64_t *steps)
{
	size_t	i, na, nd;
	int	r;

	if (d == NULL) {
		printf("%s: #%u: not read again\n", path, a->id);
		return false;
	}
	for (r = 0; r < 2; r++) {
		if (a->end[r].state != d->end[r].state ||
		    a->end[r].known != d->end[r].known) {
			printf("%s: #%u: %s state %u/%u, read again %u/%u\n",
			    path, a->id, r == 0 ? "client" : "server",
			    a->end[r].state, a->end[r].known, d->end[r].state,
			    d->end[r].known);
			return false;
		}
	}
	na = conn_history_count(a->hist);
	nd = conn_history_count(d->hist);
	for (i = 0; i < na && i < nd; i++) {
		const struct conn_step *x = conn_history_at(a->hist, i);
		const struct conn_step *y = conn_history_at(d->hist, i);

		if (memcmp(x, y, sizeof *x) != 0) {
			printf("%s: #%u: step %zu of %zu differs\n", path,
			    a->id, i + 1, na);
			print_step("whole file", x);
			print_step("read again", y);
			return false;
		}
	}
	if (na != nd) {
		printf("%s: #%u: %zu steps, read again %zu\n", path, a->id, na,
		    nd);
		return false;
	}
	*steps += na;
	return true;
}

/* Read path to the end into e; if r, follow instances as they grow. */
static bool
load(const char *path, struct backend *b, struct engine *e,
    struct reread *r, int64_t *now, const char **why)
{
	struct event_segment	 seg;
	enum backend_next	 n;
	uint64_t		 k = 0;
	uint32_t		 follow = 0;

	*now = INT64_MIN;
	while ((n = backend_next(b, &seg)) != BACKEND_END) {
		if (n != BACKEND_SEGMENT)
			continue;
		engine_feed(e, &seg);
		if (seg.t_sent > *now)
			*now = seg.t_sent;
		k++;
		if (r == NULL)
			continue;
		if (k % 1000 == 1) {
			const struct conn *c = engine_conn_find(e, &seg);

			follow = c != NULL ? c->id : 0;
		}
		if (k % 37 == 0 && follow != 0)
			(void)reread_conn(r, engine_conn_by_id(e, follow), *now,
			    false);
	}
	engine_finish(e);
	(void)path;
	*why = b->error;
	return true;
}

static int
check_file(const char *path, uint64_t *nconns, uint64_t *nsteps)
{
	struct engine_config	 ec;
	struct backend		*ba, *bb;
	struct engine		*a, *e;
	struct reread		*r;
	const struct conn	*c;
	const char		*why;
	char			*err;
	int64_t			 now;
	size_t			 i, n, step;
	int			 code, fails = 0;

	if ((ba = backend_pcap_open_file(path, NULL, &err, &code)) == NULL) {
		/* Not a capture tcpviz reads: nothing to compare. */
		free(err);
		return 0;
	}
	bb = backend_pcap_open_file(path, NULL, &err, &code);
	if (bb == NULL) {
		printf("%s: opens once but not twice: %s\n", path, err);
		free(err);
		backend_free(ba);
		return 1;
	}
	engine_config_default(&ec);
	ec.output = false;
	ec.max_history = HISTORY;
	a = engine_new(&ec);
	if ((r = reread_new(bb, &ec, &err)) == NULL) {
		printf("%s: cannot be read again: %s\n", path, err);
		free(err);
		engine_free(a);
		backend_free(ba);
		backend_free(bb);
		return 1;
	}
	ec.max_history = 0;
	ec.track_blocks = true;
	e = engine_new(&ec);
	load(path, ba, a, NULL, &now, &why);
	load(path, bb, e, r, &now, &why);

	/* Every instance, or an even sample of max_compared of them. */
	n = engine_conn_count(e);
	step = n > max_compared ? n / max_compared : 1;
	for (i = 0; i < n && fails < 3; i += step) {
		c = engine_conn_at(e, i);
		if (c == NULL || !(c->flags & CONN_F_IN_USE))
			continue;
		(*nconns)++;
		if (!same_conn(path, engine_conn_by_id(a, c->id),
		    reread_conn(r, c, now, true), nsteps))
			fails++;
	}
	reread_free(r);
	engine_free(a);
	engine_free(e);
	backend_free(ba);
	backend_free(bb);
	return fails > 0;
}

int
main(int argc, char **argv)
{
	uint64_t	conns = 0, steps = 0;
	int		i, failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: test-reread FILE...\n");
		return 2;
	}
	if (getenv("TCPVIZ_REREAD_MAX") != NULL &&
	    atoi(getenv("TCPVIZ_REREAD_MAX")) > 0)
		max_compared = (size_t)atoi(getenv("TCPVIZ_REREAD_MAX"));
	for (i = 1; i < argc; i++)
		failed += check_file(argv[i], &conns, &steps);
	printf("%d files, %" PRIu64 " connections, %" PRIu64 " steps "
	    "compared, %d files differ\n", argc - 1, conns, steps, failed);
	return failed > 0;
}
