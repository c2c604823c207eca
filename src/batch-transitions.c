/*
 * batch-transitions.c: `--transitions`, one line per settled endpoint
 * transition in time order, as text or JSON lines. Layer 4: drives the
 * engine (2b) and prints; keeps no history.
 *
 * Text: `<epoch s, 6 decimals> <ip>:<port> <FROM> -> <TO>`, then ` ?`
 * when the capture fits another time as well (known "uncertain"), and
 * nothing else; implied starts without an edge (mid-stream joins) are not
 * printed.
 * JSON: one object per transition with t, endpoint, role, from, to, edge,
 * known, frame, reason, annotations (and conn, the instance serial).
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

struct batch_transitions {
	FILE			*out;
	enum batch_format	 format;
	struct engine		*engine;
	int64_t			 drained_t;	/* capture time of the last */
	unsigned		 undrained;	/* segments fed since */
	int64_t			 last_t;	/* newest capture time fed */
	bool			 verbose;	/* -v */
};

/*
 * A segment drains the engine when capture time has moved on by this, or
 * after this many: what settles between waits a moment, in time order
 * still, instead of the watermark being worked out for every segment. A
 * quiet live source is drained by its ticks (batch_transitions_app).
 */
#define BATCH_TRANSITIONS_DRAIN_NS	INT64_C(1000000)
#define BATCH_TRANSITIONS_DRAIN_SEGS	1024

/* An engine configured from the command line, with no history. */
static void *
batch_transitions_open(const struct batch_config *cfg)
{
	struct batch_transitions	*bt = xcalloc(1, sizeof *bt);

	bt->out = cfg->out;
	bt->format = cfg->format;
	bt->verbose = cfg->verbose;
	bt->engine = batch_engine_new(cfg, true);
	bt->last_t = INT64_MIN;
	return bt;
}

/* A state name, or JSON null for "none". */
static void
batch_transitions_json_state(FILE *out, int s)
{
	if (fsm_state_valid(s))
		batch_json_string(out, fsm_state_name((enum fsm_state)s));
	else
		fputs("null", out);
}

/* One JSON object on one line. */
static void
batch_transitions_json(FILE *out, const struct engine_transition *tr)
{
	char		 t[EVENT_TIME_STRLEN], ep[EVENT_ADDR_STRLEN];
	char		 reason[256];
	const char	*id = fsm_edge_id((enum fsm_edge)tr->edge);
	int		 i;
	bool		 first = true;

	fprintf(out, "{\"t\":%s,\"endpoint\":",
	    event_time_format(t, sizeof t, tr->t));
	batch_json_string(out, event_endpoint_format(ep, sizeof ep,
	    &tr->endpoint));
	fputs(",\"peer\":", out);
	batch_json_string(out, event_endpoint_format(ep, sizeof ep,
	    &tr->peer));
	batch_json_community_id(out, &tr->endpoint, &tr->peer);
	fprintf(out, ",\"conn\":%" PRIu32 ",\"role\":",
	    tr->conn_id - 1);	/* conn_stream(): tshark's tcp.stream */
	batch_json_string(out, conn_role_name((enum conn_role)tr->role));
	fputs(",\"from\":", out);
	batch_transitions_json_state(out, tr->from);
	fputs(",\"to\":", out);
	batch_transitions_json_state(out, tr->to);
	fputs(",\"edge\":", out);
	if (id != NULL)
		batch_json_string(out, id);
	else
		fputs("null", out);
	fputs(",\"known\":", out);
	batch_json_string(out, conn_known_name((enum conn_known)tr->known));
	if (tr->frame != 0)
		fprintf(out, ",\"frame\":%" PRIu64, tr->frame);
	else
		fputs(",\"frame\":null", out);
	fputs(",\"reason\":", out);
	batch_json_string(out, engine_transition_reason(reason, sizeof reason,
	    tr));
	fputs(",\"annotations\":[", out);
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(tr->ann & (UINT32_C(1) << i)))
			continue;
		if (!first)
			fputc(',', out);
		batch_json_string(out,
		    conn_annotation_text((enum conn_annotation_bit)i));
		first = false;
	}
	fputs("]}\n", out);
}

/* Append the string s at p; the new end. */
static char *
batch_transitions_put(char *p, const char *s)
{
	size_t	n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* Print every transition the engine has settled. */
static void
batch_transitions_drain(struct batch_transitions *bt)
{
	struct engine_transition	 tr;
	/* time, endpoint, two state names (each under 16) and the rest */
	char				 line[EVENT_TIME_STRLEN +
					     EVENT_ADDR_STRLEN + 64], *p;
	char				 reason[256];

	while (engine_next(bt->engine, &tr)) {
		if (bt->format == BATCH_FORMAT_JSON) {
			batch_transitions_json(bt->out, &tr);
			continue;
		}
		/* An implied start with no edge has no line in text. */
		if (tr.edge == FSM_EDGE_NONE || !fsm_state_valid(tr.from))
			continue;
		/* By hand, one write a line: the loop of a big capture. */
		event_time_format(line, EVENT_TIME_STRLEN, tr.t);
		p = line + strlen(line);
		*p++ = ' ';
		event_endpoint_format(p, EVENT_ADDR_STRLEN, &tr.endpoint);
		p += strlen(p);
		*p++ = ' ';
		p = batch_transitions_put(p,
		    fsm_state_name((enum fsm_state)tr.from));
		p = batch_transitions_put(p, " -> ");
		p = batch_transitions_put(p,
		    fsm_state_name((enum fsm_state)tr.to));
		if (tr.known == CONN_KNOWN_UNCERTAIN)
			p = batch_transitions_put(p, " ?");
		if (bt->verbose) {
			/* -v: off the hot path, so printf is fine here. */
			fwrite(line, 1, (size_t)(p - line), bt->out);
			fprintf(bt->out, "  [%s] %s\n",
			    conn_known_name((enum conn_known)tr.known),
			    engine_transition_reason(reason, sizeof reason,
			    &tr));
			continue;
		}
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), bt->out);
	}
}

/* Feed a segment and print what it settled. */
static void
batch_transitions_segment(void *arg, const struct event_segment *seg)
{
	struct batch_transitions	*bt = arg;

	/*
	 * A stamp earlier than the last: what it causes may be dated before
	 * what has settled, and is then moved up to the newest printed
	 * (engine_transit). Print first what settled before it, as draining
	 * after every segment would have, so the output does not depend on
	 * when the drains fall.
	 */
	if (bt->undrained > 0 && seg->t_sent < bt->last_t) {
		batch_transitions_drain(bt);
		bt->undrained = 0;
		bt->drained_t = seg->t_sent;
	}
	if (seg->t_sent > bt->last_t)
		bt->last_t = seg->t_sent;
	engine_feed(bt->engine, seg);
	if (seg->t_sent >= bt->drained_t &&
	    (uint64_t)seg->t_sent - (uint64_t)bt->drained_t <
	    (uint64_t)BATCH_TRANSITIONS_DRAIN_NS &&
	    ++bt->undrained < BATCH_TRANSITIONS_DRAIN_SEGS)
		return;
	bt->drained_t = seg->t_sent;
	bt->undrained = 0;
	batch_transitions_drain(bt);
}

/*
 * A simulator's application call (E01, E02, E04, E05, E08 on a connect
 * timeout, E10 ...) or a tick that lets capture time pass (E21).
 */
static void
batch_transitions_app(void *arg, const struct event_app *app)
{
	struct batch_transitions	*bt = arg;

	(void)engine_feed_app(bt->engine, app);
	batch_transitions_drain(bt);
}

/* End of input: everything settles and is printed. */
static void
batch_transitions_finish(void *arg)
{
	struct batch_transitions	*bt = arg;

	batch_engine_finish(bt->engine);
	batch_transitions_drain(bt);
	fflush(bt->out);
}

/* Free the printer and its engine. */
static void
batch_transitions_free(void *arg)
{
	struct batch_transitions	*bt = arg;

	if (bt == NULL)
		return;
	engine_free(bt->engine);
	free(bt);
}

const struct batch_class batch_transitions_class = {
	.name = "transitions",
	.open = batch_transitions_open,
	.segment = batch_transitions_segment,
	.finish = batch_transitions_finish,
	.free = batch_transitions_free,
	.app = batch_transitions_app,
};
