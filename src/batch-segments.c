/*
 * batch-segments.c: `--segments`, one line per decoded TCP segment, as text
 * or JSON lines. Layer 3: reads events only.
 *
 * Text: TIME SRC > DST FLAGS seq=N ack=N win=N win_scaled=N len=N
 * [ opts=LIST] frame=N conn=N[ ann=LIST]. JSON adds "conn", "win_scaled"
 * and "ann" (an array of the names below) to the same fields.
 *
 * conn is the instance's number (conn_stream(): tshark's tcp.stream).
 * win_scaled is the window shifted by the sender's window scale once both
 * SYNs offered it (tshark's tcp.window_size), else the raw window. The
 * annotations are the engine's for the segment as it came: nothing later
 * changes them (a line is printed as its segment comes).
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

struct batch_segments {
	FILE			*out;
	enum batch_format	 format;
	struct engine		*engine;
};

/*
 * Stable names of the annotations (JSON and text; never translated):
 * tshark's tcp.analysis field names where it has the idea.
 */
static const char *batch_ann_names[CONN_ANN_COUNT] = {
	[CONN_ANNB_RETRANS] = "retransmission",
	[CONN_ANNB_FAST_RETRANS] = "fast_retransmission",
	[CONN_ANNB_DUP_ACK] = "duplicate_ack",
	[CONN_ANNB_OUT_OF_ORDER] = "out_of_order",
	[CONN_ANNB_PREV_UNSEEN] = "lost_segment",
	[CONN_ANNB_ZERO_WINDOW] = "zero_window",
	[CONN_ANNB_WINDOW_FULL] = "window_full",
	[CONN_ANNB_WINDOW_PROBE] = "zero_window_probe",
	[CONN_ANNB_KEEPALIVE] = "keep_alive",
	[CONN_ANNB_ACKED_UNSEEN] = "ack_lost_segment",
	[CONN_ANNB_BAD_RST] = "unacceptable_rst",
	[CONN_ANNB_DATA_AFTER_FIN] = "data_after_fin",
	[CONN_ANNB_NO_EDGE] = "no_edge",
	[CONN_ANNB_MIDSTREAM] = "midstream",
	[CONN_ANNB_ROLE_GUESS] = "roles_guessed",
	[CONN_ANNB_LOST] = "lost",
	[CONN_ANNB_NOT_DELIVERED] = "not_delivered",
	[CONN_ANNB_TW_RESTART] = "time_wait_restart",
	[CONN_ANNB_BAD_ACK] = "bad_ack",
	[CONN_ANNB_REFUSED] = "refused",
	[CONN_ANNB_NEW_INSTANCE] = "reused_ports",
	[CONN_ANNB_FIRST_FIN] = "first_fin",
	[CONN_ANNB_RST_CHALLENGE] = "rst_challenge",
	[CONN_ANNB_TW_OLD_SYN] = "time_wait_old_syn",
	[CONN_ANNB_FOREIGN] = "foreign",
	[CONN_ANNB_SYN_CHALLENGE] = "syn_challenge",
	[CONN_ANNB_CHALLENGE_ACK] = "challenge_ack",
};

static void *
batch_segments_open(const struct batch_config *cfg)
{
	struct batch_segments	*bs = xcalloc(1, sizeof *bs);

	bs->out = cfg->out;
	bs->format = cfg->format;
	bs->engine = batch_engine_new(cfg, false);
	return bs;
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

/* "retransmission,duplicate_ack#2" (text) into l. */
static void
batch_segments_ann_text(struct batch_line *l, const struct engine_seginfo *si)
{
	int	i;
	bool	first = true;

	if (si->ann == 0)
		return;			/* most segments */
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(si->ann & (UINT32_C(1) << i)))
			continue;
		batch_put_str(l, first ? " ann=" : ",");
		batch_put_str(l, batch_ann_names[i]);
		if (i == CONN_ANNB_DUP_ACK && si->dupack != 0)
			batch_put_kv(l, "#", si->dupack);
		first = false;
	}
}

static void
batch_segments_text(struct batch_segments *bs, const struct event_segment *s,
    const struct engine_seginfo *si)
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
	batch_put_kv(&l, " win_scaled=", si->win_scaled);
	batch_put_kv(&l, " len=", s->payload_len);
	if (opts[0] != '\0') {
		batch_put_str(&l, " opts=");
		batch_put_str(&l, opts);
	}
	batch_put_kv(&l, " frame=", s->origin);
	if (si->stream != UINT32_MAX)
		batch_put_kv(&l, " conn=", si->stream);
	batch_segments_ann_text(&l, si);
	*l.p++ = '\n';
	fwrite(line, 1, (size_t)(l.p - line), bs->out);
}

static void
batch_segments_json(struct batch_segments *bs, const struct event_segment *s,
    const struct engine_seginfo *si)
{
	char	t[EVENT_TIME_STRLEN], a[EVENT_ADDR_STRLEN];
	char	fl[EVENT_FLAGS_STRLEN], opts[256];
	FILE	*out = bs->out;
	int	 i;
	bool	 first = true;

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
	    "\"win_scaled\":%" PRIu32 ",\"len\":%" PRIu32
	    ",\"payload_short\":%s", s->seq, s->ack, s->window,
	    si->win_scaled, s->payload_len, s->payload_short ? "true" : "false");
	if (s->opts.present & EVOPT_MSS)
		fprintf(out, ",\"mss\":%u", s->opts.mss);
	if (s->opts.present & EVOPT_WSCALE)
		fprintf(out, ",\"wscale\":%u", s->opts.wscale);
	fputs(",\"opts\":", out);
	batch_json_string(out, opts);
	if (si->stream != UINT32_MAX)
		fprintf(out, ",\"conn\":%" PRIu32, si->stream);
	else
		fputs(",\"conn\":null", out);
	fputs(",\"ann\":[", out);
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(si->ann & (UINT32_C(1) << i)))
			continue;
		if (!first)
			fputc(',', out);
		batch_json_string(out, batch_ann_names[i]);
		first = false;
	}
	fputc(']', out);
	if ((si->ann & CONN_ANN(DUP_ACK)) && si->dupack != 0)
		fprintf(out, ",\"dupack\":%u", si->dupack);
	fputs("}\n", out);
}

static void
batch_segments_segment(void *arg, const struct event_segment *s)
{
	struct batch_segments		*bs = arg;
	const struct engine_seginfo	*si;

	engine_feed(bs->engine, s);
	si = engine_last_segment(bs->engine);
	if (bs->format == BATCH_FORMAT_JSON)
		batch_segments_json(bs, s, si);
	else
		batch_segments_text(bs, s, si);
}

/* A simulator's application call: the instances need them. */
static void
batch_segments_app(void *arg, const struct event_app *app)
{
	struct batch_segments	*bs = arg;

	(void)engine_feed_app(bs->engine, app);
}

static void
batch_segments_finish(void *arg)
{
	struct batch_segments	*bs = arg;

	batch_engine_finish(bs->engine);
}

static void
batch_segments_free(void *arg)
{
	struct batch_segments	*bs = arg;

	if (bs == NULL)
		return;
	engine_free(bs->engine);
	free(bs);
}

const struct batch_class batch_segments_class = {
	.name = "segments",
	.open = batch_segments_open,
	.segment = batch_segments_segment,
	.finish = batch_segments_finish,
	.free = batch_segments_free,
	.app = batch_segments_app,
};
