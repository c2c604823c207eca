/*
 * batch-summary.c: `--summary`, one line per connection instance: both
 * endpoints and roles, final states, segments, retransmissions, duration.
 * Layer 4: drives the engine (2b) and prints at the end of input.
 *
 * Text: `<first seen> <client> > <server> client=<STATE> server=<STATE>
 * segments=N retrans=N duration=S.ffffff[ flags=a,b]`, ordered by first
 * time seen. JSON: one object per instance with the same facts.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "conn.h"
#include "engine.h"
#include "xmalloc.h"

/* What is kept of a retired instance. */
struct batch_summary_rec {
	struct event_endpoint	 client;
	struct event_endpoint	 server;
	int64_t			 t_first;
	int64_t			 t_last;
	uint32_t		 id;
	uint32_t		 segments;
	uint32_t		 retrans;
	uint8_t			 state[2];
	uint8_t			 flags;
};

struct batch_summary {
	FILE				*out;
	enum batch_format		 format;
	struct engine			*engine;
	struct batch_summary_rec	*recs;
	size_t				 len;
	size_t				 cap;
};

/* The engine's retire hook: keep the instance's summary. */
static void
batch_summary_retire(void *arg, const struct conn *c)
{
	struct batch_summary		*bs = arg;
	struct batch_summary_rec	*r;

	if (bs->len == bs->cap) {
		bs->cap = bs->cap == 0 ? 64 : bs->cap * 2;
		bs->recs = xreallocarray(bs->recs, bs->cap, sizeof *bs->recs);
	}
	r = &bs->recs[bs->len++];
	memset(r, 0, sizeof *r);
	r->client = *conn_endpoint(c, CONN_CLIENT);
	r->server = *conn_endpoint(c, CONN_SERVER);
	r->t_first = c->t_first;
	r->t_last = c->t_last;
	r->id = c->id;
	r->segments = c->segments;
	r->retrans = c->retrans;
	r->state[0] = c->end[CONN_CLIENT].state;
	r->state[1] = c->end[CONN_SERVER].state;
	r->flags = c->flags;
}

/* An engine with no output queue: only the retire hook matters. */
static void *
batch_summary_open(const struct batch_config *cfg)
{
	struct batch_summary	*bs = xcalloc(1, sizeof *bs);

	bs->out = cfg->out;
	bs->format = cfg->format;
	bs->engine = batch_engine_new(cfg, false);
	engine_set_retire_hook(bs->engine, batch_summary_retire, bs);
	return bs;
}

/* Feed a segment; nothing prints until the end. */
static void
batch_summary_segment(void *arg, const struct event_segment *seg)
{
	struct batch_summary	*bs = arg;

	engine_feed(bs->engine, seg);
}

/* A simulator's application call or tick: the final states need them. */
static void
batch_summary_app(void *arg, const struct event_app *app)
{
	struct batch_summary	*bs = arg;

	(void)engine_feed_app(bs->engine, app);
}

/* Order by first time seen, then instance serial. */
static int
batch_summary_cmp(const void *x, const void *y)
{
	const struct batch_summary_rec	*a = x, *b = y;

	if (a->t_first != b->t_first)
		return a->t_first < b->t_first ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* "midstream,roles-guessed,refused" or "" . */
static void
batch_summary_flags(char *buf, size_t len, uint8_t flags)
{
	buf[0] = '\0';
	if (flags & CONN_F_MIDSTREAM)
		snprintf(buf + strlen(buf), len - strlen(buf), "%smidstream",
		    buf[0] != '\0' ? "," : "");
	if (flags & CONN_F_ROLE_GUESS)
		snprintf(buf + strlen(buf), len - strlen(buf),
		    "%sroles-guessed", buf[0] != '\0' ? "," : "");
	if (flags & CONN_F_REFUSED)
		snprintf(buf + strlen(buf), len - strlen(buf), "%srefused",
		    buf[0] != '\0' ? "," : "");
	if (flags & CONN_F_RETIRED)
		snprintf(buf + strlen(buf), len - strlen(buf), "%sreused",
		    buf[0] != '\0' ? "," : "");
}

/* One instance as a text line or a JSON object. */
static void
batch_summary_print(struct batch_summary *bs,
    const struct batch_summary_rec *r)
{
	char	 t[EVENT_TIME_STRLEN], d[EVENT_TIME_STRLEN];
	char	 cl[EVENT_ADDR_STRLEN], sv[EVENT_ADDR_STRLEN], fl[64];

	event_time_format(t, sizeof t, r->t_first);
	event_time_format(d, sizeof d, r->t_last - r->t_first);
	event_endpoint_format(cl, sizeof cl, &r->client);
	event_endpoint_format(sv, sizeof sv, &r->server);
	batch_summary_flags(fl, sizeof fl, r->flags);
	if (bs->format == BATCH_FORMAT_TEXT) {
		fprintf(bs->out, "%s %s > %s client=%s server=%s "
		    "segments=%" PRIu32 " retrans=%" PRIu32 " duration=%s%s%s\n",
		    t, cl, sv, fsm_state_name((enum fsm_state)r->state[0]),
		    fsm_state_name((enum fsm_state)r->state[1]), r->segments,
		    r->retrans, d, fl[0] != '\0' ? " flags=" : "", fl);
		return;
	}
	fprintf(bs->out, "{\"t\":%s,\"conn\":%" PRIu32 ",\"client\":", t,
	    r->id - 1);	/* conn_stream(): tshark's tcp.stream */
	batch_json_string(bs->out, cl);
	fputs(",\"server\":", bs->out);
	batch_json_string(bs->out, sv);
	fputs(",\"client_state\":", bs->out);
	batch_json_string(bs->out, fsm_state_name((enum fsm_state)r->state[0]));
	fputs(",\"server_state\":", bs->out);
	batch_json_string(bs->out, fsm_state_name((enum fsm_state)r->state[1]));
	fprintf(bs->out, ",\"segments\":%" PRIu32 ",\"retransmissions\":%"
	    PRIu32 ",\"duration\":%s,\"flags\":", r->segments, r->retrans, d);
	batch_json_string(bs->out, fl);
	fputs("}\n", bs->out);
}

/* End of input: settle, collect the live instances, print them all. */
static void
batch_summary_finish(void *arg)
{
	struct batch_summary	*bs = arg;
	size_t			 i;

	batch_engine_finish(bs->engine);
	if (bs->len > 1)
		qsort(bs->recs, bs->len, sizeof *bs->recs, batch_summary_cmp);
	for (i = 0; i < bs->len; i++)
		batch_summary_print(bs, &bs->recs[i]);
	fflush(bs->out);
}

/* Free the printer, its engine and its records. */
static void
batch_summary_free(void *arg)
{
	struct batch_summary	*bs = arg;

	if (bs == NULL)
		return;
	engine_free(bs->engine);
	free(bs->recs);
	free(bs);
}

const struct batch_class batch_summary_class = {
	.name = "summary",
	.open = batch_summary_open,
	.segment = batch_summary_segment,
	.finish = batch_summary_finish,
	.free = batch_summary_free,
	.app = batch_summary_app,
};
