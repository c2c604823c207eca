/*
 * batch-summary.c: `--summary`, one line per connection instance: both
 * endpoints and roles, final states, segments, retransmissions, duration.
 * Layer 4: drives the engine (2b) and prints at the end of input.
 *
 * Text: `<first seen> <client> > <server> client=<STATE> server=<STATE>
 * segments=N retrans=N duration=S.ffffff[ flags=a,b]`, ordered by first
 * time seen, then indented key=value lines (wrapped under 80 columns)
 * with the triage counts (conn.h: struct conn_stats): Zeek's conn_state
 * and history, the RFC 3339 time, who reset, RTTs, and what each end
 * sent. JSON: one object per instance with the same facts.
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
	bool			 has_stats;
	uint32_t		 anomalies;	/* CONN_ANOM() bits */
	const char		*zeek_state;	/* static string */
	uint32_t		 close_wait_ms;	/* conn_stats_time_in() */
	uint32_t		 fin_wait_2_ms;
	struct conn_stats	 st;
};

/* The text lines' width: continuation lines wrap before it. */
#define BATCH_SUMMARY_COLS	79

struct batch_summary {
	FILE				*out;
	enum batch_format		 format;
	struct engine			*engine;
	struct batch_summary_rec	*recs;
	size_t				 len;
	size_t				 cap;
	int64_t				 t_end;		/* newest segment */
	size_t				 col;		/* text column */
	struct batch_line		 rec;		/* a text record */
	struct batch_line		 tok;		/* a token of it */
	char				 recbuf[4096];
	char				 tokbuf[192];
};

/* The engine's retire hook: keep the instance's summary. */
static void
batch_summary_retire(void *arg, const struct conn *c)
{
	struct batch_summary		*bs = arg;
	struct batch_summary_rec	*r;
	const struct conn_stats		*st;
	int64_t				 now;

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
	st = engine_conn_stats(bs->engine, c);
	r->anomalies = conn_anomalies(c, st);
	r->zeek_state = conn_stats_zeek_state(st, c->flags);
	if (st == NULL)
		return;
	r->has_stats = true;
	r->st = *st;
	/* A state still held counts to the end of the capture (or retire). */
	now = bs->t_end > c->t_last ? bs->t_end : c->t_last;
	r->close_wait_ms = conn_stats_time_in(c, st, FSM_CLOSE_WAIT, now);
	r->fin_wait_2_ms = conn_stats_time_in(c, st, FSM_FIN_WAIT_2, now);
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

	if (seg->t_sent > bs->t_end || bs->t_end == 0)
		bs->t_end = seg->t_sent;
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

/*
 * "midstream,roles-guessed,refused", then the anomaly words the list and
 * `/` use ("rst", "retx" ...; conn_anomalies_format) not said already.
 */
static void
batch_summary_flags(char *buf, size_t len, uint8_t flags, uint32_t anom)
{
	static const struct {
		uint8_t		 flag;
		const char	*word;
	} words[] = {
		{ CONN_F_MIDSTREAM, "midstream" },
		{ CONN_F_ROLE_GUESS, "roles-guessed" },
		{ CONN_F_REFUSED, "refused" },
		{ CONN_F_RETIRED, "reused" },
	};
	struct batch_line	 l = { buf, buf + len - 1 };
	char			 more[128], *w;
	size_t			 i;

	for (i = 0; i < COMPAT_NITEMS(words); i++) {
		if (!(flags & words[i].flag))
			continue;
		if (l.p != buf)
			batch_put_mem(&l, ",", 1);
		batch_put_str(&l, words[i].word);
	}
	anom &= ~(CONN_ANOM(MIDSTREAM) | CONN_ANOM(REFUSED));
	if (anom != 0) {
		/* Space-separated words; here comma-separated. */
		conn_anomalies_format(more, sizeof more, anom);
		for (w = more; *w != '\0'; w++)
			if (*w == ' ')
				*w = ',';
		if (l.p != buf && more[0] != '\0')
			batch_put_mem(&l, ",", 1);
		batch_put_str(&l, more);
	}
	*l.p = '\0';
}

/*
 * The civil date of a day count since 1970-01-01 (proleptic Gregorian):
 * eras of 400 years, each 146,097 days, March-based years so the leap day
 * comes last. gmtime_r() costs thousands of instructions a call.
 */
static void
batch_summary_civil(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t		 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* [0, 11], from March */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* "2026-12-02T15:30:00.123456Z" (RFC 3339, UTC) at l; false if out of range. */
static bool
batch_summary_rfc3339(struct batch_line *l, int64_t ns)
{
	int64_t		 s = ns / COMPAT_NS_PER_SEC, frac, days, sod, y;
	int		 m, d;

	frac = ns % COMPAT_NS_PER_SEC;
	if (frac < 0) {
		frac += COMPAT_NS_PER_SEC;
		s--;
	}
	days = s / 86400;
	sod = s % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	batch_summary_civil(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return false;
	batch_put_dec(l, (uint64_t)y, 4);
	batch_put_mem(l, "-", 1);
	batch_put_dec(l, (uint64_t)m, 2);
	batch_put_mem(l, "-", 1);
	batch_put_dec(l, (uint64_t)d, 2);
	batch_put_mem(l, "T", 1);
	batch_put_dec(l, (uint64_t)(sod / 3600), 2);
	batch_put_mem(l, ":", 1);
	batch_put_dec(l, (uint64_t)(sod / 60 % 60), 2);
	batch_put_mem(l, ":", 1);
	batch_put_dec(l, (uint64_t)(sod % 60), 2);
	batch_put_mem(l, ".", 1);
	batch_put_dec(l, (uint64_t)(frac / 1000), 6);
	batch_put_mem(l, "Z", 1);
	return true;
}

/* Microseconds as seconds with 6 decimals ("0.000210") at l. */
static void
batch_summary_us(struct batch_line *l, uint64_t us)
{
	batch_put_dec(l, us / 1000000, 1);
	batch_put_mem(l, ".", 1);
	batch_put_dec(l, us % 1000000, 6);
}

/* Milliseconds as seconds with 3 decimals ("0.009") at l. */
static void
batch_summary_ms(struct batch_line *l, uint32_t ms)
{
	batch_put_dec(l, ms / 1000, 1);
	batch_put_mem(l, ".", 1);
	batch_put_dec(l, ms % 1000, 3);
}

/* Payload bytes a second over the connection's duration; -1: no time. */
static int64_t
batch_summary_rate(const struct batch_summary_rec *r, uint64_t bytes)
{
	uint64_t	d;
	long double	v;

	if (r->t_last <= r->t_first)
		return -1;
	d = (uint64_t)r->t_last - (uint64_t)r->t_first;	/* exact */
	/* bytes * 1e9 / d without overflow for any 64-bit byte count. */
	v = (long double)bytes * COMPAT_NS_PER_SEC / d;
	return v >= (long double)INT64_MAX ? INT64_MAX : (int64_t)v;
}

/*
 * Text records are built in bs->rec, one record (a connection's lines) at
 * a time, and written with one fwrite. A key=value token is built in a
 * scratch line (tok_start, then the batch_put_* calls on bs->tok), then
 * placed by tok_end: on the current line, or wrapped to a new indented
 * line before column 80.
 */
static struct batch_line *
batch_summary_tok_start(struct batch_summary *bs, const char *key)
{
	bs->tok.p = bs->tokbuf;
	bs->tok.end = bs->tokbuf + sizeof bs->tokbuf - 1;
	batch_put_str(&bs->tok, key);
	return &bs->tok;
}

static void
batch_summary_tok_end(struct batch_summary *bs)
{
	size_t	n = (size_t)(bs->tok.p - bs->tokbuf);

	if (bs->col > 2 && bs->col + 1 + n > BATCH_SUMMARY_COLS) {
		batch_put_mem(&bs->rec, "\n   ", 4);
		bs->col = 3;
	}
	batch_put_mem(&bs->rec, " ", 1);
	batch_put_mem(&bs->rec, bs->tokbuf, n);
	bs->col += 1 + n;
}

/* A token of a key and a number: "segments=38". */
static void
batch_summary_tok_u64(struct batch_summary *bs, const char *key, uint64_t v)
{
	batch_put_dec(batch_summary_tok_start(bs, key), v, 1);
	batch_summary_tok_end(bs);
}

/* Start an indented line of tokens. */
static void
batch_summary_line(struct batch_summary *bs, const char *head)
{
	batch_put_mem(&bs->rec, " ", 1);
	batch_put_str(&bs->rec, head);
	bs->col = 1 + strlen(head);
}

/* What one end sent, as text tokens (the counts only when not zero). */
static void
batch_summary_dir_text(struct batch_summary *bs,
    const struct batch_summary_rec *r, enum conn_role role)
{
	const struct conn_dir_stats	*d = &r->st.dir[role];
	int64_t				 rate = batch_summary_rate(r, d->bytes);
	struct batch_line		*t;
	static const char		*names[] = { "retrans=", "fastretx=",
	    "dupack=", "zerowin=", "ooo=", "unseen=", "keepalive=",
	    "winfull=", "rst=", "fin=" };
	unsigned			 v[COMPAT_NITEMS(names)];
	size_t				 i;

	v[0] = d->retrans;
	v[1] = d->fast_retrans;
	v[2] = d->dup_acks;
	v[3] = d->zero_window;
	v[4] = d->out_of_order;
	v[5] = d->prev_unseen;
	v[6] = d->keepalive;
	v[7] = d->window_full;
	v[8] = d->rsts;
	v[9] = d->fins;
	batch_summary_line(bs, role == CONN_CLIENT ? " from_client" :
	    " from_server");
	batch_summary_tok_u64(bs, "bytes=", d->bytes);
	batch_summary_tok_u64(bs, "segments=", d->segments);
	if (rate >= 0) {
		t = batch_summary_tok_start(bs, "rate=");
		batch_put_dec(t, (uint64_t)rate, 1);
		batch_put_str(t, "B/s");
		batch_summary_tok_end(bs);
	}
	for (i = 0; i < COMPAT_NITEMS(names); i++) {
		if (v[i] != 0)
			batch_summary_tok_u64(bs, names[i], v[i]);
	}
	batch_put_mem(&bs->rec, "\n", 1);
}

/* The triage lines under a text summary line. */
static void
batch_summary_text_stats(struct batch_summary *bs,
    const struct batch_summary_rec *r)
{
	const struct conn_stats	*st = &r->st;
	struct batch_line	*t;

	batch_summary_line(bs, " conn_state=");
	batch_put_str(&bs->rec, r->zeek_state);
	bs->col += strlen(r->zeek_state);
	t = batch_summary_tok_start(bs, "history=");
	batch_put_str(t, st->zeek_history[0] != '\0' ? st->zeek_history :
	    "-");
	batch_summary_tok_end(bs);
	t = batch_summary_tok_start(bs, "ts=");
	if (batch_summary_rfc3339(t, r->t_first))
		batch_summary_tok_end(bs);
	if (st->flags & CONN_S_RESET) {
		t = batch_summary_tok_start(bs, "reset=");
		batch_put_str(t, conn_role_name((enum conn_role)
		    (st->rst_by & 1)));
		batch_put_mem(t, "@", 1);
		batch_put_str(t, fsm_state_name((enum fsm_state)
		    st->rst_state));
		batch_summary_tok_end(bs);
	}
	if (st->hs_rtt_us != CONN_STATS_NONE) {
		batch_summary_us(batch_summary_tok_start(bs, "hs_rtt="),
		    st->hs_rtt_us);
		batch_summary_tok_end(bs);
	}
	if (st->rtt_samples > 0) {
		t = batch_summary_tok_start(bs, "rtt=");
		batch_summary_us(t, st->rtt_min_us);
		batch_put_mem(t, "/", 1);
		batch_summary_us(t, st->rtt_sum_us / st->rtt_samples);
		batch_put_mem(t, "/", 1);
		batch_summary_us(t, st->rtt_max_us);
		batch_summary_tok_end(bs);
		batch_summary_tok_u64(bs, "rtt_samples=", st->rtt_samples);
	}
	if (r->close_wait_ms > 0) {
		batch_summary_ms(batch_summary_tok_start(bs, "close_wait="),
		    r->close_wait_ms);
		batch_summary_tok_end(bs);
	}
	if (r->fin_wait_2_ms > 0) {
		batch_summary_ms(batch_summary_tok_start(bs, "fin_wait_2="),
		    r->fin_wait_2_ms);
		batch_summary_tok_end(bs);
	}
	batch_put_mem(&bs->rec, "\n", 1);
	batch_summary_dir_text(bs, r, CONN_CLIENT);
	batch_summary_dir_text(bs, r, CONN_SERVER);
}

/* A time in us as JSON seconds, or null when unset. */
static void
batch_summary_json_us(FILE *f, const char *key, uint64_t us, bool set)
{
	char			 buf[32];
	struct batch_line	 l = { buf, buf + sizeof buf - 1 };

	if (!set) {
		fprintf(f, ",\"%s\":null", key);
		return;
	}
	batch_summary_us(&l, us);
	*l.p = '\0';
	fprintf(f, ",\"%s\":%s", key, buf);
}

/* What one end sent, as a JSON object. */
static void
batch_summary_dir_json(FILE *f, const struct batch_summary_rec *r,
    enum conn_role role)
{
	const struct conn_dir_stats	*d = &r->st.dir[role];
	int64_t				 rate = batch_summary_rate(r, d->bytes);

	fprintf(f, ",\"%s\":{\"bytes\":%" PRIu64 ",\"segments\":%" PRIu32,
	    role == CONN_CLIENT ? "from_client" : "from_server", d->bytes,
	    d->segments);
	if (rate >= 0)
		fprintf(f, ",\"throughput\":%" PRId64, rate);
	else
		fputs(",\"throughput\":null", f);
	fprintf(f, ",\"retransmissions\":%u,\"fast_retransmissions\":%u,"
	    "\"dup_acks\":%u,\"zero_windows\":%u,\"out_of_order\":%u,"
	    "\"prev_unseen\":%u,\"keepalives\":%u,\"window_full\":%u,"
	    "\"rsts\":%u,\"fins\":%u}", d->retrans, d->fast_retrans,
	    d->dup_acks, d->zero_window, d->out_of_order, d->prev_unseen,
	    d->keepalive, d->window_full, d->rsts, d->fins);
}

/* The triage keys of a JSON summary object. */
static void
batch_summary_json_stats(struct batch_summary *bs,
    const struct batch_summary_rec *r)
{
	const struct conn_stats	*st = &r->st;
	FILE			*f = bs->out;

	fputs(",\"conn_state\":", f);
	batch_json_string(f, r->zeek_state);
	fputs(",\"history\":", f);
	batch_json_string(f, st->zeek_history);
	if (st->flags & CONN_S_RESET) {
		fputs(",\"reset_by\":", f);
		batch_json_string(f,
		    conn_role_name((enum conn_role)(st->rst_by & 1)));
		fputs(",\"reset_state\":", f);
		batch_json_string(f,
		    fsm_state_name((enum fsm_state)st->rst_state));
	} else
		fputs(",\"reset_by\":null,\"reset_state\":null", f);
	batch_summary_json_us(f, "hs_rtt", st->hs_rtt_us,
	    st->hs_rtt_us != CONN_STATS_NONE);
	batch_summary_json_us(f, "rtt_min", st->rtt_min_us,
	    st->rtt_samples > 0);
	batch_summary_json_us(f, "rtt_avg", st->rtt_samples > 0 ?
	    st->rtt_sum_us / st->rtt_samples : 0, st->rtt_samples > 0);
	batch_summary_json_us(f, "rtt_max", st->rtt_max_us,
	    st->rtt_samples > 0);
	fprintf(f, ",\"rtt_samples\":%" PRIu32, st->rtt_samples);
	batch_summary_json_us(f, "close_wait", (uint64_t)r->close_wait_ms *
	    1000, true);
	batch_summary_json_us(f, "fin_wait_2", (uint64_t)r->fin_wait_2_ms *
	    1000, true);
	batch_summary_dir_json(f, r, CONN_CLIENT);
	batch_summary_dir_json(f, r, CONN_SERVER);
}

/* One instance as a text line or a JSON object. */
static void
batch_summary_print(struct batch_summary *bs,
    const struct batch_summary_rec *r)
{
	char			 t[EVENT_TIME_STRLEN], d[EVENT_TIME_STRLEN];
	char			 cl[EVENT_ADDR_STRLEN], sv[EVENT_ADDR_STRLEN];
	char			 fl[192], ts[40];
	struct batch_line	 l = { ts, ts + sizeof ts - 1 };

	event_time_format(t, sizeof t, r->t_first);
	event_time_format(d, sizeof d, r->t_last - r->t_first);
	event_endpoint_format(cl, sizeof cl, &r->client);
	event_endpoint_format(sv, sizeof sv, &r->server);
	batch_summary_flags(fl, sizeof fl, r->flags, r->anomalies);
	if (bs->format == BATCH_FORMAT_TEXT) {
		bs->rec.p = bs->recbuf;
		bs->rec.end = bs->recbuf + sizeof bs->recbuf - 1;
		batch_put_str(&bs->rec, t);
		batch_put_mem(&bs->rec, " ", 1);
		batch_put_str(&bs->rec, cl);
		batch_put_mem(&bs->rec, " > ", 3);
		batch_put_str(&bs->rec, sv);
		batch_put_str(&bs->rec, " client=");
		batch_put_str(&bs->rec, fsm_state_name((enum fsm_state)
		    r->state[0]));
		batch_put_str(&bs->rec, " server=");
		batch_put_str(&bs->rec, fsm_state_name((enum fsm_state)
		    r->state[1]));
		batch_put_kv(&bs->rec, " segments=", r->segments);
		batch_put_kv(&bs->rec, " retrans=", r->retrans);
		batch_put_str(&bs->rec, " duration=");
		batch_put_str(&bs->rec, d);
		if (fl[0] != '\0') {
			batch_put_str(&bs->rec, " flags=");
			batch_put_str(&bs->rec, fl);
		}
		batch_put_mem(&bs->rec, "\n", 1);
		if (r->has_stats)
			batch_summary_text_stats(bs, r);
		/* A record cut short at the buffer's end still ends its line. */
		if (bs->rec.p > bs->recbuf && bs->rec.p[-1] != '\n')
			*bs->rec.p++ = '\n';
		fwrite(bs->recbuf, 1, (size_t)(bs->rec.p - bs->recbuf),
		    bs->out);
		return;
	}
	fprintf(bs->out, "{\"t\":%s,", t);
	if (batch_summary_rfc3339(&l, r->t_first)) {
		*l.p = '\0';
		fprintf(bs->out, "\"ts\":\"%s\",", ts);
	} else
		fputs("\"ts\":null,", bs->out);
	fprintf(bs->out, "\"conn\":%" PRIu32 ",\"client\":",
	    r->id - 1);	/* conn_stream(): tshark's tcp.stream */
	batch_json_string(bs->out, cl);
	fputs(",\"server\":", bs->out);
	batch_json_string(bs->out, sv);
	batch_json_community_id(bs->out, &r->client, &r->server);
	fputs(",\"client_state\":", bs->out);
	batch_json_string(bs->out, fsm_state_name((enum fsm_state)r->state[0]));
	fputs(",\"server_state\":", bs->out);
	batch_json_string(bs->out, fsm_state_name((enum fsm_state)r->state[1]));
	fprintf(bs->out, ",\"segments\":%" PRIu32 ",\"retransmissions\":%"
	    PRIu32 ",\"duration\":%s,\"flags\":", r->segments, r->retrans, d);
	batch_json_string(bs->out, fl);
	if (r->has_stats)
		batch_summary_json_stats(bs, r);
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
