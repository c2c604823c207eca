/*
 * batch-segments.c: `--segments`, one line per decoded TCP segment, as text
 * or JSON lines. Layer 3: reads events only.
 *
 * Text: TIME SRC > DST FLAGS seq=N ack=N win=N len=N[ opts=LIST] frame=N
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "xmalloc.h"

struct batch_segments {
	FILE			*out;
	enum batch_format	 format;
};

static void *
batch_segments_open(const struct batch_config *cfg)
{
	struct batch_segments	*bs = xcalloc(1, sizeof *bs);

	bs->out = cfg->out;
	bs->format = cfg->format;
	return bs;
}

/* "mss:1460,sackok,ts:1/0,ws:7" into buf; empty when no options. */
static void
batch_segments_opts(char *buf, size_t len, const struct event_tcpopts *o)
{
	size_t	used = 0;
	int	i;

#define BATCH_PUT(...) do {						\
	if (used < len)							\
		used += (size_t)snprintf(buf + used, len - used,	\
		    "%s", used == 0 ? "" : ",");			\
	if (used < len)							\
		used += (size_t)snprintf(buf + used, len - used,	\
		    __VA_ARGS__);					\
} while (0)
	buf[0] = '\0';
	if (o->present & EVOPT_MSS)
		BATCH_PUT("mss:%u", o->mss);
	if (o->present & EVOPT_SACKOK)
		BATCH_PUT("sackok");
	if (o->present & EVOPT_TS)
		BATCH_PUT("ts:%" PRIu32 "/%" PRIu32, o->ts_val, o->ts_ecr);
	if (o->present & EVOPT_WSCALE)
		BATCH_PUT("ws:%u", o->wscale);
	if (o->present & EVOPT_SACK) {
		for (i = 0; i < o->sack_count && i < EVENT_SACK_MAX; i++)
			BATCH_PUT("sack:%" PRIu32 "-%" PRIu32, o->sack[i][0],
			    o->sack[i][1]);
	}
	if (o->present & EVOPT_TFO)
		BATCH_PUT("tfo:%u", o->tfo_cookie_len);
	if (o->present & EVOPT_UNKNOWN)
		BATCH_PUT("unknown");
	if (o->present & EVOPT_BAD)
		BATCH_PUT("bad");
	if (o->present & EVOPT_TRUNC)
		BATCH_PUT("trunc");
#undef BATCH_PUT
}

static void
batch_segments_text(struct batch_segments *bs, const struct event_segment *s)
{
	char	t[EVENT_TIME_STRLEN], src[EVENT_ADDR_STRLEN];
	char	dst[EVENT_ADDR_STRLEN], fl[EVENT_FLAGS_STRLEN], opts[256];

	batch_segments_opts(opts, sizeof opts, &s->opts);
	fprintf(bs->out, "%s %s > %s %s seq=%" PRIu32 " ack=%" PRIu32
	    " win=%u len=%" PRIu32 "%s%s frame=%" PRIu64 "\n",
	    event_time_format(t, sizeof t, s->t_sent),
	    event_endpoint_format(src, sizeof src, &s->src),
	    event_endpoint_format(dst, sizeof dst, &s->dst),
	    event_flags_format(fl, sizeof fl, s->flags), s->seq, s->ack,
	    s->window, s->payload_len, opts[0] != '\0' ? " opts=" : "", opts,
	    s->origin);
}

static void
batch_segments_json(struct batch_segments *bs, const struct event_segment *s)
{
	char	t[EVENT_TIME_STRLEN], a[EVENT_ADDR_STRLEN];
	char	fl[EVENT_FLAGS_STRLEN], opts[256];
	FILE	*out = bs->out;

	batch_segments_opts(opts, sizeof opts, &s->opts);
	fprintf(out, "{\"t\":%s,\"frame\":%" PRIu64 ",\"src\":",
	    event_time_format(t, sizeof t, s->t_sent), s->origin);
	batch_json_string(out, event_addr_format(a, sizeof a, &s->src));
	fprintf(out, ",\"sport\":%u,\"dst\":", s->src.port);
	batch_json_string(out, event_addr_format(a, sizeof a, &s->dst));
	fprintf(out, ",\"dport\":%u,\"flags\":", s->dst.port);
	batch_json_string(out, event_flags_format(fl, sizeof fl, s->flags));
	fprintf(out, ",\"seq\":%" PRIu32 ",\"ack\":%" PRIu32 ",\"win\":%u,"
	    "\"len\":%" PRIu32 ",\"payload_short\":%s", s->seq, s->ack,
	    s->window, s->payload_len, s->payload_short ? "true" : "false");
	if (s->opts.present & EVOPT_MSS)
		fprintf(out, ",\"mss\":%u", s->opts.mss);
	if (s->opts.present & EVOPT_WSCALE)
		fprintf(out, ",\"wscale\":%u", s->opts.wscale);
	fputs(",\"opts\":", out);
	batch_json_string(out, opts);
	fputs("}\n", out);
}

static void
batch_segments_segment(void *arg, const struct event_segment *s)
{
	struct batch_segments	*bs = arg;

	if (bs->format == BATCH_FORMAT_JSON)
		batch_segments_json(bs, s);
	else
		batch_segments_text(bs, s);
}

static void
batch_segments_finish(void *arg)
{
	(void)arg;
}

static void
batch_segments_free(void *arg)
{
	free(arg);
}

const struct batch_class batch_segments_class = {
	.name = "segments",
	.open = batch_segments_open,
	.segment = batch_segments_segment,
	.finish = batch_segments_finish,
	.free = batch_segments_free,
};
