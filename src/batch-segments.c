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
#include <string.h>

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

/*
 * A line built by hand: --segments prints every segment of a capture, and
 * printf's format parsing costs more than everything else it does. Each
 * append stops at the end of the buffer (the line is then cut short).
 */
struct batch_line {
	char	*p;
	char	*end;		/* one byte kept for the NUL */
};

static void
batch_put_str(struct batch_line *l, const char *s)
{
	size_t	n = strlen(s);

	if (n > (size_t)(l->end - l->p))
		n = (size_t)(l->end - l->p);
	memcpy(l->p, s, n);
	l->p += n;
}

static void
batch_put_u64(struct batch_line *l, uint64_t v)
{
	l->p = event_decimal(l->p, l->end, v, 1);
}

/* name, then a number: "mss:" 1460. */
static void
batch_put_kv(struct batch_line *l, const char *k, uint64_t v)
{
	batch_put_str(l, k);
	batch_put_u64(l, v);
}

/* Options shown by name alone, after the ones with values. */
static const struct {
	uint16_t	 bit;
	const char	*name;
} batch_opt_marks[] = {
	{ EVOPT_UNKNOWN, "unknown" },
	{ EVOPT_BAD, "bad" },
	{ EVOPT_TRUNC, "trunc" },
};

/* "mss:1460,sackok,ts:1/0,ws:7" into buf; empty when no options. */
static void
batch_segments_opts(char *buf, size_t len, const struct event_tcpopts *o)
{
	struct batch_line	 l = { buf, buf + len - 1 };
	int			 i;

#define BATCH_SEP() do { if (l.p != buf) batch_put_str(&l, ","); } while (0)
	if (o->present & EVOPT_MSS) {
		BATCH_SEP();
		batch_put_kv(&l, "mss:", o->mss);
	}
	if (o->present & EVOPT_SACKOK) {
		BATCH_SEP();
		batch_put_str(&l, "sackok");
	}
	if (o->present & EVOPT_TS) {
		BATCH_SEP();
		batch_put_kv(&l, "ts:", o->ts_val);
		batch_put_kv(&l, "/", o->ts_ecr);
	}
	if (o->present & EVOPT_WSCALE) {
		BATCH_SEP();
		batch_put_kv(&l, "ws:", o->wscale);
	}
	if (o->present & EVOPT_SACK) {
		for (i = 0; i < o->sack_count && i < EVENT_SACK_MAX; i++) {
			BATCH_SEP();
			batch_put_kv(&l, "sack:", o->sack[i][0]);
			batch_put_kv(&l, "-", o->sack[i][1]);
		}
	}
	if (o->present & EVOPT_TFO) {
		BATCH_SEP();
		batch_put_kv(&l, "tfo:", o->tfo_cookie_len);
	}
	for (i = 0; i < (int)COMPAT_NITEMS(batch_opt_marks); i++) {
		if (o->present & batch_opt_marks[i].bit) {
			BATCH_SEP();
			batch_put_str(&l, batch_opt_marks[i].name);
		}
	}
#undef BATCH_SEP
	*l.p = '\0';
}

static void
batch_segments_text(struct batch_segments *bs, const struct event_segment *s)
{
	char			 opts[256], line[1024];
	struct batch_line	 l = { line, line + sizeof line - 2 };

	/*
	 * The stamp, the endpoints and the flags at most 32 + 2 x 48 + 44
	 * bytes, written in place: the line has room for them.
	 */
	batch_segments_opts(opts, sizeof opts, &s->opts);
	l.p = event_put_time(l.p, s->t_sent);
	*l.p++ = ' ';
	l.p = event_put_endpoint(l.p, &s->src);
	memcpy(l.p, " > ", 3);
	l.p += 3;
	l.p = event_put_endpoint(l.p, &s->dst);
	*l.p++ = ' ';
	l.p = event_put_flags(l.p, s->flags);
	batch_put_kv(&l, " seq=", s->seq);
	batch_put_kv(&l, " ack=", s->ack);
	batch_put_kv(&l, " win=", s->window);
	batch_put_kv(&l, " len=", s->payload_len);
	if (opts[0] != '\0') {
		batch_put_str(&l, " opts=");
		batch_put_str(&l, opts);
	}
	batch_put_kv(&l, " frame=", s->origin);
	*l.p++ = '\n';
	fwrite(line, 1, (size_t)(l.p - line), bs->out);
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
	fprintf(out, ",\"dport\":%u", s->dst.port);
	batch_json_community_id(out, &s->src, &s->dst);
	fputs(",\"flags\":", out);
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
