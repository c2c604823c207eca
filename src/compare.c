/*
 * compare.c: a captured connection's state sequence beside a scenario's,
 * endpoint by endpoint (tcpviz -r FILE --compare SCENARIO, issue 18).
 * Layer 4: it reads two loaded sessions' timelines (read-only) and
 * prints text (UI language) or JSON lines (English).
 *
 * Each endpoint's sequence is its transitions (from, to, edge) with the
 * retransmissions it sent between them, so a resent SYN shows even
 * though it changes no state. The two sequences are aligned by a longest
 * common subsequence; what is left over on either side is a difference,
 * and the rules below name why where they can: an extra retransmission,
 * a state reached later because of one, a combined FIN,ACK (E16 instead
 * of E14 then E17), a RST instead of the close (E22), a handshake the
 * capture never saw (joined mid-stream), TIME_WAIT's length (Linux holds
 * it 60 s; a scenario 2*MSL).
 *
 * The scenario's side is run here too (compare_scenario_run), the one
 * way both --compare and the view's C key build its timeline.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "conn.h"
#include "fsm.h"
#include "backend-sim.h"
#include "canvas.h"
#include "i18n.h"
#include "scenario.h"
#include "session.h"
#include "view.h"
#include "xmalloc.h"

/* Longer sequences than this are not aligned (the table is n x m). */
#define COMPARE_MAX_ITEMS	2000
/* A matched state this much later after a retransmission is marked. */
#define COMPARE_LATE_NS		(500 * INT64_C(1000000))

enum compare_kind {
	COMPARE_SAME,
	COMPARE_RETRANS,	/* an extra retransmission */
	COMPARE_LATER,		/* reached later, after a resend */
	COMPARE_COMBINED,	/* E16 instead of E14 + E17 */
	COMPARE_RST,		/* E22 instead of the close edges */
	COMPARE_MIDSTREAM,	/* the handshake is not in the capture */
	COMPARE_TIME_WAIT,	/* TIME_WAIT of another length */
	COMPARE_ONLY_CAPTURE,
	COMPARE_ONLY_SCENARIO,
	COMPARE_KIND_COUNT
};

static const char *const compare_kind_name[COMPARE_KIND_COUNT] = {
	"same", "retransmission", "later", "combined-fin-ack", "rst",
	"missing-handshake", "time-wait", "capture-only", "scenario-only"
};

/* One step of an endpoint's sequence. */
struct compare_item {
	int64_t		 t;		/* since the first row */
	int8_t		 from;		/* -1: a retransmission */
	int8_t		 to;
	int8_t		 edge;
	bool		 rtx;		/* a resend, no transition */
	uint16_t	 flags;		/* its segment's SEGF_* (rtx) */
};

struct compare_seq {
	struct compare_item	*v;
	size_t			 n;
};

/* One line of the alignment: a pair, or one side alone. */
struct compare_line {
	const struct compare_item *a;	/* capture; NULL: none */
	const struct compare_item *b;	/* scenario; NULL: none */
	enum compare_kind	 kind;
	bool			 note;		/* not a difference */
	char			 why[160];
};

/* An endpoint's sequence out of a timeline. */
static void
compare_seq_build(struct compare_seq *q, const struct view_timeline *tl,
    int role)
{
	const struct view_row	*row;
	const struct conn_step	*tr;
	struct compare_item	*it;
	size_t			 i, k, cap = 0;
	int64_t			 t0 = tl->count > 0 ? tl->rows[0].t : 0;

	memset(q, 0, sizeof *q);
	for (i = 0; i < tl->count && q->n < COMPARE_MAX_ITEMS; i++) {
		row = &tl->rows[i];
		if (q->n + 1 + VIEW_ROW_TR_MAX > cap) {
			cap = cap * 2 + 16;
			q->v = xreallocarray(q->v, cap, sizeof *q->v);
		}
		if (row->seg != NULL && row->seg->role == role &&
		    (row->seg->ann & (CONN_ANN(RETRANS) |
		    CONN_ANN(FAST_RETRANS)))) {
			it = &q->v[q->n++];
			memset(it, 0, sizeof *it);
			it->t = row->t - t0;
			it->from = it->to = it->edge = -1;
			it->rtx = true;
			it->flags = row->seg->u.seg.flags;
			if (row->seg->u.seg.len > 0)
				it->flags |= SEGF_PSH;
		}
		for (k = 0; k < row->ntr; k++) {
			tr = row->tr[k];
			if (tr->role != role)
				continue;
			it = &q->v[q->n++];
			memset(it, 0, sizeof *it);
			it->t = tr->t - t0;
			it->from = tr->u.tr.from;
			it->to = tr->u.tr.to;
			it->edge = tr->u.tr.edge;
		}
	}
}

/* What a retransmission resent: "SYN", "SYN,ACK", "FIN", "data". */
static const char *
compare_rtx_what(uint16_t f)
{
	if ((f & (SEGF_SYN | SEGF_ACK)) == SEGF_SYN)
		return "SYN";
	if (f & SEGF_SYN)
		return "SYN,ACK";
	if (f & SEGF_FIN)
		return "FIN";
	return _("data");
}

static bool
compare_item_eq(const struct compare_item *a, const struct compare_item *b)
{
	if (a->rtx || b->rtx)
		return a->rtx && b->rtx && strcmp(compare_rtx_what(a->flags),
		    compare_rtx_what(b->flags)) == 0;
	return a->from == b->from && a->to == b->to && a->edge == b->edge;
}

/* Align a and b (longest common subsequence); the lines in *out. */
static size_t
compare_align(const struct compare_seq *a, const struct compare_seq *b,
    struct compare_line **out)
{
	uint16_t		*t;
	struct compare_line	*l;
	size_t			 i, j, n = 0, w = b->n + 1;

	t = xcalloc((a->n + 1) * w, sizeof *t);
	for (i = a->n; i-- > 0;)
		for (j = b->n; j-- > 0;) {
			if (compare_item_eq(&a->v[i], &b->v[j]))
				t[i * w + j] = (uint16_t)
				    (t[(i + 1) * w + j + 1] + 1);
			else
				t[i * w + j] = t[(i + 1) * w + j] >
				    t[i * w + j + 1] ? t[(i + 1) * w + j] :
				    t[i * w + j + 1];
		}
	l = xcalloc(a->n + b->n + 1, sizeof *l);
	i = j = 0;
	while (i < a->n || j < b->n) {
		if (i < a->n && j < b->n &&
		    compare_item_eq(&a->v[i], &b->v[j])) {
			l[n].a = &a->v[i++];
			l[n++].b = &b->v[j++];
		} else if (j < b->n && (i == a->n ||
		    t[i * w + j + 1] > t[(i + 1) * w + j] ||
		    (t[i * w + j + 1] == t[(i + 1) * w + j] &&
		    b->v[j].t <= a->v[i].t))) {
			/* Of two equal ways, the earlier step first. */
			l[n].kind = COMPARE_ONLY_SCENARIO;
			l[n++].b = &b->v[j++];
		} else {
			l[n].kind = COMPARE_ONLY_CAPTURE;
			l[n++].a = &a->v[i++];
		}
	}
	free(t);
	*out = l;
	return n;
}

static bool
compare_is_close_edge(int e)
{
	return e >= FSM_E12 && e <= FSM_E21 && e != FSM_E16;
}

static bool
compare_is_open_edge(int e)
{
	return e == FSM_E01 || e == FSM_E02 || e == FSM_E03 ||
	    e == FSM_E06 || e == FSM_E07 || e == FSM_E09;
}

/* A span "60 s", "2 s", "0.25 s". */
static char *
compare_span(char *buf, size_t len, int64_t ns)
{
	return view_time_short(buf, len, ns);
}

/* When a side's role left TIME_WAIT, after item it; -1: it did not. */
static int64_t
compare_tw_end(const struct compare_seq *q, const struct compare_item *it)
{
	size_t	i;

	for (i = (size_t)(it - q->v) + 1; i < q->n; i++)
		if (!q->v[i].rtx && q->v[i].from == FSM_TIME_WAIT)
			return q->v[i].t;
	return -1;
}

/* Name the differences the rules can tell. */
static void
compare_explain(struct compare_line *l, size_t n, const struct compare_seq *a,
    const struct compare_seq *b, const struct compare_seq *peer_a,
    bool midstream, int64_t cap_end)
{
	const struct compare_item	*it;
	char				 x[32], y[32];
	size_t				 i, k;
	bool				 e16 = false, e22 = false, rtx;
	int64_t				 ta, tb;

	for (i = 0; i < n; i++) {
		if (l[i].kind != COMPARE_ONLY_CAPTURE)
			continue;
		e16 |= l[i].a->edge == FSM_E16;
		e22 |= l[i].a->edge == FSM_E22;
	}
	for (i = 0; i < n; i++) {
		switch (l[i].kind) {
		case COMPARE_SAME:
			/* Later, after a retransmission (of either end). */
			it = l[i].a;
			rtx = false;
			for (k = 0; k < a->n && a->v[k].t <= it->t; k++)
				rtx |= a->v[k].rtx;
			for (k = 0; k < peer_a->n && peer_a->v[k].t <= it->t;
			    k++)
				rtx |= peer_a->v[k].rtx;
			if (rtx && !it->rtx &&
			    it->t - l[i].b->t > COMPARE_LATE_NS) {
				l[i].kind = COMPARE_LATER;
				snprintf(l[i].why, sizeof l[i].why,
				    _("later by %s: after a retransmission"),
				    compare_span(x, sizeof x, it->t -
				    l[i].b->t));
			}
			/* TIME_WAIT of both, each with its end. */
			if (it->to == FSM_TIME_WAIT &&
			    l[i].kind == COMPARE_SAME) {
				ta = compare_tw_end(a, it);
				tb = compare_tw_end(b, l[i].b);
				if (ta >= 0 && tb >= 0 && (ta - it->t > (tb -
				    l[i].b->t) * 5 / 4 || ta - it->t < (tb -
				    l[i].b->t) * 3 / 4)) {
					l[i].kind = COMPARE_TIME_WAIT;
					snprintf(l[i].why, sizeof l[i].why,
					    _("TIME_WAIT lasted %s here, %s "
					    "(2*MSL) in the scenario"),
					    compare_span(x, sizeof x,
					    ta - it->t), compare_span(y,
					    sizeof y, tb - l[i].b->t));
				}
			}
			break;
		case COMPARE_ONLY_CAPTURE:
			it = l[i].a;
			if (it->rtx) {
				l[i].kind = COMPARE_RETRANS;
				snprintf(l[i].why, sizeof l[i].why,
				    _("extra retransmission: the %s was sent "
				    "again"), compare_rtx_what(it->flags));
			} else if (it->edge == FSM_E16) {
				l[i].kind = COMPARE_COMBINED;
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("combined FIN,ACK: the peer's FIN also "
				    "ACKed ours (E16 instead of E14, E17)"));
			} else if (it->edge == FSM_E22) {
				l[i].kind = COMPARE_RST;
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("a RST instead of the close (E22)"));
			} else
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("only in the capture"));
			break;
		case COMPARE_ONLY_SCENARIO:
			it = l[i].b;
			if (e16 && (it->edge == FSM_E14 ||
			    it->edge == FSM_E17)) {
				l[i].kind = COMPARE_COMBINED;
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("not taken: the FIN,ACK came combined "
				    "(E16)"));
			} else if (midstream &&
			    compare_is_open_edge(it->edge)) {
				l[i].kind = COMPARE_MIDSTREAM;
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("missing handshake: the capture joined "
				    "mid-stream"));
			} else if (it->edge == FSM_E21 && a->n > 0 &&
			    a->v[a->n - 1].to == FSM_TIME_WAIT) {
				/*
				 * The capture stopped first: no difference
				 * of the protocol, but worth a word.
				 */
				l[i].kind = COMPARE_TIME_WAIT;
				l[i].note = true;
				tb = it->t;
				for (k = (size_t)(it - b->v); k-- > 0;)
					if (b->v[k].to == FSM_TIME_WAIT) {
						tb = it->t - b->v[k].t;
						break;
					}
				snprintf(l[i].why, sizeof l[i].why,
				    _("the capture ends %s into TIME_WAIT "
				    "(Linux holds it 60 s); the scenario's "
				    "2*MSL of %s ends it"), compare_span(x,
				    sizeof x, cap_end - a->v[a->n - 1].t),
				    compare_span(y, sizeof y, tb));
			} else if (e22 && compare_is_close_edge(it->edge)) {
				l[i].kind = COMPARE_RST;
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("not taken: a RST ended the connection "
				    "(E22)"));
			} else
				snprintf(l[i].why, sizeof l[i].why, "%s",
				    _("only in the scenario"));
			break;
		default:
			break;
		}
	}
}

/* "SYN_SENT -> ESTABLISHED E07" or "(SYN resent)". */
static char *
compare_item_text(char *buf, size_t len, const struct compare_item *it)
{
	const char	*e;

	if (it->rtx)
		snprintf(buf, len, _("(%s resent)"),
		    compare_rtx_what(it->flags));
	else {
		e = fsm_edge_id((enum fsm_edge)it->edge);
		snprintf(buf, len, "%s>%s %s", fsm_state_valid(it->from) ?
		    fsm_state_name((enum fsm_state)it->from) : "?",
		    fsm_state_valid(it->to) ?
		    fsm_state_name((enum fsm_state)it->to) : "?",
		    e != NULL ? e : "-");
	}
	return buf;
}

/* s, then blanks to w columns (by display width: Chinese is wider). */
static void
compare_pad(FILE *out, const char *s, int w)
{
	int	n = canvas_str_width(s);

	fputs(s, out);
	for (; n < w; n++)
		fputc(' ', out);
}

/*
 * One side of a text line: "  1.011 SYN_SENT>ESTABLISHED E07", padded to
 * 37 columns when another follows.
 */
static void
compare_cell(FILE *out, const struct compare_item *it, bool pad)
{
	char	buf[64], t[16];

	if (it == NULL) {
		compare_pad(out, "      -", pad ? 37 : 0);
		return;
	}
	snprintf(t, sizeof t, "%7.3f ", (double)it->t / 1e9);
	fputs(t, out);
	compare_pad(out, compare_item_text(buf, sizeof buf, it), pad ? 29 : 0);
}

static void
compare_json_item(FILE *out, const char *key, const struct compare_item *it)
{
	const char	*e;

	fprintf(out, ",\"%s\":", key);
	if (it == NULL) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"t\":%.6f", (double)it->t / 1e9);
	if (it->rtx)
		fprintf(out, ",\"retransmission\":\"%s\"",
		    compare_rtx_what(it->flags));
	else {
		e = fsm_edge_id((enum fsm_edge)it->edge);
		fprintf(out, ",\"from\":\"%s\",\"to\":\"%s\",\"edge\":",
		    fsm_state_valid(it->from) ?
		    fsm_state_name((enum fsm_state)it->from) : "?",
		    fsm_state_valid(it->to) ?
		    fsm_state_name((enum fsm_state)it->to) : "?");
		if (e != NULL)
			fprintf(out, "\"%s\"", e);
		else
			fputs("null", out);
	}
	fputc('}', out);
}

/*
 * "    ^ why", wrapped at spaces to stay within width columns (a
 * translation without spaces keeps its line; they are short).
 */
static void
compare_why(FILE *out, const char *s, int width)
{
	const char	*sp, *brk;
	size_t		 room = (size_t)(width > 30 ? width : 80) - 7;

	fputs("    ^ ", out);
	while (strlen(s) > room) {
		brk = NULL;
		for (sp = s; (sp = strchr(sp, ' ')) != NULL &&
		    (size_t)(sp - s) <= room; sp++)
			brk = sp;
		if (brk == NULL)
			break;
		fprintf(out, "%.*s\n      ", (int)(brk - s), s);
		s = brk + 1;
	}
	fprintf(out, "%s\n", s);
}

/* A JSON string of plain text (quotes and backslashes escaped). */
static void
compare_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, out);
	}
	fputc('"', out);
}

int
compare_write(FILE *out, const struct compare_config *cfg)
{
	struct compare_seq	 a[2], b[2];
	struct compare_line	*l;
	enum i18n_lang		 lang = i18n_get();
	char			 ca[EVENT_ADDR_STRLEN];
	char			 sa[EVENT_ADDR_STRLEN];
	size_t			 n, i;
	unsigned		 diffs = 0, all = 0;
	int			 r;
	int64_t			 cap_end;

	if (cfg->json)
		i18n_set(I18N_EN);
	for (r = 0; r < 2; r++) {
		compare_seq_build(&a[r], cfg->capture, r);
		compare_seq_build(&b[r], cfg->scenario, r);
	}
	cap_end = cfg->capture->count > 0 ? cfg->capture->rows[
	    cfg->capture->count - 1].t - cfg->capture->rows[0].t : 0;
	if (cfg->capture_end > 0 && cfg->capture->count > 0 &&
	    cfg->capture_end - cfg->capture->rows[0].t > cap_end)
		cap_end = cfg->capture_end - cfg->capture->rows[0].t;
	event_endpoint_format(ca, sizeof ca, conn_endpoint(cfg->capture->conn,
	    CONN_CLIENT));
	event_endpoint_format(sa, sizeof sa, conn_endpoint(cfg->capture->conn,
	    CONN_SERVER));
	if (!cfg->json) {
		fprintf(out, _("capture %s\n"), cfg->capture_name);
		fprintf(out, _("connection #%u: client %s, server %s\n"),
		    (unsigned)cfg->conn_id, ca, sa);
		fprintf(out, _("compared with scenario %s: %s\n"),
		    cfg->scenario_name, cfg->scenario_title);
		fputs(_("(! a difference, ~ a note; times in seconds from "
		    "the first step)\n"), out);
	}
	for (r = 0; r < 2; r++) {
		n = compare_align(&a[r], &b[r], &l);
		/* A self-connect's server is its client: nothing to show. */
		if (n == 0 && conn_is_self(cfg->capture->conn)) {
			free(l);
			continue;
		}
		compare_explain(l, n, &a[r], &b[r], &a[!r],
		    (cfg->capture->conn->flags & CONN_F_MIDSTREAM) != 0,
		    cap_end);
		if (!cfg->json) {
			fprintf(out, "\n%s %s\n", r == CONN_CLIENT ?
			    _("client") : _("server"), r == CONN_CLIENT ?
			    ca : sa);
			fputs("  ", out);
			compare_pad(out, _("capture"), 37);
			fprintf(out, " %s\n", _("scenario"));
		}
		for (i = 0; i < n; i++) {
			all++;
			if (l[i].kind != COMPARE_SAME && !l[i].note)
				diffs++;
			if (cfg->json) {
				fprintf(out, "{\"endpoint\":\"%s\",\"role\":"
				    "\"%s\"", r == CONN_CLIENT ? ca : sa,
				    conn_role_name((enum conn_role)r));
				compare_json_item(out, "capture", l[i].a);
				compare_json_item(out, "scenario", l[i].b);
				fprintf(out, ",\"%s\":", l[i].note ? "note" :
				    "difference");
				if (l[i].kind == COMPARE_SAME)
					fputs("null", out);
				else {
					fprintf(out, "{\"kind\":\"%s\","
					    "\"why\":", compare_kind_name[
					    l[i].kind]);
					compare_json_str(out, l[i].why);
					fputc('}', out);
				}
				fputs("}\n", out);
				continue;
			}
			fputs(l[i].kind == COMPARE_SAME ? "  " : l[i].note ?
			    "~ " : "! ", out);
			compare_cell(out, l[i].a, true);
			fputc(' ', out);
			compare_cell(out, l[i].b, false);
			fputc('\n', out);
			if (l[i].why[0] != '\0')
				compare_why(out, l[i].why, cfg->width);
		}
		free(l);
	}
	for (r = 0; r < 2; r++) {
		free(a[r].v);
		free(b[r].v);
	}
	if (!cfg->json)
		fprintf(out, diffs == 0 ? _("\nno differences (%u steps)\n") :
		    _("\n%u of %u steps differ\n"), diffs == 0 ? all : diffs,
		    all);
	else
		fprintf(out, "{\"steps\":%u,\"differences\":%u}\n", all, diffs);
	i18n_set(lang);
	return ferror(out) ? -1 : 0;
}

struct backend *
compare_scenario_open(const char *name, const struct compare_run *run,
    char **err)
{
	struct scenario	*sc;

	if ((sc = scenario_open(name, err)) == NULL)
		return NULL;
	/*
	 * --msl is the simulated stacks' MSL too: their TIME_WAIT lasts
	 * 2*MSL as given and ends by its timer (E21), as the engine expects.
	 */
	if (run->msl_set)
		sc->msl_ns = run->msl_ns;
	return backend_sim_open(sc, run->seed_set, run->seed);
}

int
compare_scenario_run(struct session *s, struct backend *sb,
    const struct compare_run *run, char **err)
{
	struct session_config	 cfg;
	const struct scenario	*sc = backend_sim_scenario(sb);

	/* As a demo plays it: its own MSL and RFC 1337 setting. */
	memset(&cfg, 0, sizeof cfg);
	cfg.source = SESSION_DEMO;
	cfg.scenario = sc;
	cfg.name = sc->name;
	cfg.no_color = true;
	cfg.msl_ns = run->msl_set ? run->msl_ns : backend_sim_msl(sb);
	cfg.rfc1337 = run->rfc1337 || backend_sim_rfc1337(sb);
	cfg.notation = (enum view_notation)run->notation;
	cfg.max_conns = run->max_conns;
	cfg.max_history = run->max_history > 0 ? run->max_history : 65536;
	session_load(s, &cfg, sb, SESSION_AT_LAST);
	if (s->tl.conn == NULL) {
		xasprintf(err, _("scenario %s makes no connection"), sc->name);
		return -1;
	}
	return 0;
}

int
compare_sessions(FILE *out, const struct session *m,
    const char *capture_name, const struct session *s, bool json,
    int width)
{
	struct compare_config	 cc;
	const struct scenario	*sc = s->cfg.scenario;

	memset(&cc, 0, sizeof cc);
	cc.capture = &m->tl;
	cc.scenario = &s->tl;
	/* The number the list shows: tshark's tcp.stream. */
	cc.conn_id = conn_stream(m->tl.conn);
	cc.capture_end = m->now;
	cc.capture_name = capture_name;
	cc.scenario_name = sc->name;
	cc.scenario_title = i18n_get() == I18N_ZH_CN ? sc->title_zh :
	    sc->title_en;
	cc.json = json;
	cc.width = width;
	return compare_write(out, &cc);
}

char *
compare_text(const struct session *m, const char *capture_name,
    const char *name, const struct compare_run *run, int width, char **err)
{
	struct session	 s;
	struct backend	*sb;
	FILE		*f;
	char		*text = NULL;
	size_t		 len = 0;
	int		 rc;

	if (m->sel_id == 0 || m->tl.conn == NULL) {
		*err = xstrdup(_("compare: no connection on screen"));
		return NULL;
	}
	if ((sb = compare_scenario_open(name, run, err)) == NULL)
		return NULL;
	if (compare_scenario_run(&s, sb, run, err) != 0) {
		session_free(&s);
		backend_free(sb);
		return NULL;
	}
	if ((f = open_memstream(&text, &len)) == NULL) {
		xasprintf(err, _("compare: %s"), strerror(errno));
		rc = -1;
	} else {
		rc = compare_sessions(f, m, capture_name, &s, false,
		    width);
		if (fclose(f) != 0)
			rc = -1;
		if (rc != 0)
			*err = xstrdup(_("compare: out of memory"));
	}
	session_free(&s);
	backend_free(sb);
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}
