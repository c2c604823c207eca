/*
 * export.c: one or more connections' histories written to a file (see
 * export.h). The text formats draw the real ladder (view-seq.c) on the
 * text canvas, tall enough for every row of the range; the diagram and
 * JSON formats walk the same timeline rows; pcapng copies a capture's
 * packets (read again from the file) or builds them from the segments.
 */
#include "config.h"


#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "conn.h"
#include "engine.h"
#include "event.h"
#include "export.h"
#include "export-svg.h"
#include "fsm.h"
#include "i18n.h"
#include "pcapwrite.h"
#include "reread.h"
#include "session.h"
#include "view.h"
#include "xmalloc.h"

/* The ladder's width in a text export: the full time column. */
#define EXPORT_TXT_COLS		100
/* Rows drawn per ladder block (the ladder lays out at most 256 lines). */
#define EXPORT_TXT_BLOCK	96

static const char *const export_names[EXPORT_FORMAT_COUNT] = {
	[EXPORT_TXT] = "txt",
	[EXPORT_MD] = "md",
	[EXPORT_MMD] = "mmd",
	[EXPORT_PUML] = "puml",
	[EXPORT_JSON] = "json",
	[EXPORT_PCAPNG] = "pcapng",
	[EXPORT_SVG] = "svg",
};

const char *
export_format_name(enum export_format f)
{
	return (unsigned)f < EXPORT_FORMAT_COUNT ? export_names[f] : "?";
}

int
export_format_parse(const char *s)
{
	int	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < EXPORT_FORMAT_COUNT; i++) {
		if (strcmp(s, export_names[i]) == 0)
			return i;
	}
	if (strcmp(s, "text") == 0)
		return EXPORT_TXT;
	if (strcmp(s, "markdown") == 0)
		return EXPORT_MD;
	if (strcmp(s, "mermaid") == 0)
		return EXPORT_MMD;
	if (strcmp(s, "plantuml") == 0)
		return EXPORT_PUML;
	return -1;
}

int
export_format_for_path(const char *path)
{
	const char	*dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return -1;
	if (strcmp(dot + 1, "markdown") == 0 || strcmp(dot + 1, "text") == 0)
		return -1;
	return export_format_parse(dot + 1);
}

bool
export_format_multi(enum export_format f)
{
	return f == EXPORT_TXT || f == EXPORT_MD || f == EXPORT_JSON ||
	    f == EXPORT_PCAPNG;
}

/* ---- selecting ---------------------------------------------------------- */

/* "1.2.3.4:80" or "[2001:db8::1]:80" into an endpoint; false if not. */
static bool
export_parse_endpoint(const char *s, size_t n, struct event_endpoint *ep)
{
	char		 buf[80], *colon, *end, *host;
	unsigned long	 port;

	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(ep, 0, sizeof *ep);
	if (buf[0] == '[') {
		if ((end = strchr(buf, ']')) == NULL || end[1] != ':')
			return false;
		*end = '\0';
		host = buf + 1;
		colon = end + 1;
		ep->family = EVENT_AF_INET6;
		if (inet_pton(AF_INET6, host, ep->addr) != 1)
			return false;
	} else {
		if ((colon = strrchr(buf, ':')) == NULL)
			return false;
		*colon = '\0';
		ep->family = EVENT_AF_INET;
		if (inet_pton(AF_INET, buf, ep->addr) != 1)
			return false;
	}
	if (colon[1] < '0' || colon[1] > '9')
		return false;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port > 65535)
		return false;
	ep->port = (uint16_t)port;
	return true;
}

int
export_conn_find(struct session *m, const char *spec, uint32_t *id,
    char **err)
{
	struct event_endpoint	 x, y;
	struct event_key	 key;
	const struct conn	*c, *best = NULL;
	const char		*dash = NULL, *p;
	unsigned long		 v;
	char			*end;
	size_t			 i;
	int			 depth = 0;

	session_refresh(m);
	if (spec[0] >= '0' && spec[0] <= '9' && strchr(spec, ':') == NULL) {
		errno = 0;
		v = strtoul(spec, &end, 10);
		/* The number shown: tshark's tcp.stream (conn_stream). */
		if (errno == 0 && *end == '\0' && v < UINT32_MAX) {
			for (i = 0; i < m->nall; i++) {
				if (conn_stream(m->all[i]) == v) {
					*id = m->all[i]->id;
					return 0;
				}
			}
		}
		xasprintf(err, "--conn %s: no such connection (%zu in the "
		    "input)", spec, m->nall);
		return -1;
	}
	for (p = spec; *p != '\0'; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '-' && depth == 0 && dash == NULL)
			dash = p;
	}
	if (dash == NULL ||
	    !export_parse_endpoint(spec, (size_t)(dash - spec), &x) ||
	    !export_parse_endpoint(dash + 1, strlen(dash + 1), &y)) {
		xasprintf(err, "--conn %s: give a connection number or "
		    "ADDR:PORT-ADDR:PORT (IPv6 as [ADDR]:PORT)", spec);
		return -1;
	}
	(void)event_key_from(&key, &x, &y);
	for (i = 0; i < m->nall; i++) {
		c = m->all[i];
		if (!event_key_eq(&c->key, &key))
			continue;
		if (best == NULL || c->t_first < best->t_first)
			best = c;
	}
	if (best == NULL) {
		xasprintf(err, "--conn %s: no connection between these "
		    "endpoints", spec);
		return -1;
	}
	*id = best->id;
	return 0;
}

/* Show connection id in the session; its timeline, or NULL. */
static const struct view_timeline *
export_select(struct session *m, uint32_t id)
{
	m->sel_id = id;
	session_refresh(m);
	return m->ctx.tl != NULL && m->tl.conn != NULL &&
	    m->tl.conn->id == id ? &m->tl : NULL;
}

/* Rows lo..hi for the step range (steps as the status row counts). */
static int
export_rows(const struct view_timeline *tl, const struct export_sel *sel,
    size_t *lo, size_t *hi, char **err)
{
	size_t	step0 = tl->start ? 0 : 1, first, from, to;

	first = view_timeline_first(tl);
	if (tl->count == 0 || first >= tl->count) {
		xasprintf(err, "connection #%u has no steps to export",
		    (unsigned)conn_stream(tl->conn));
		return -1;
	}
	from = sel->from <= step0 ? first : sel->from - step0;
	if (from < first)
		from = first;
	if (sel->to == SIZE_MAX || sel->to - (sel->to < step0 ? 0 : step0) >=
	    tl->count)
		to = tl->count - 1;
	else
		to = sel->to < step0 ? 0 : sel->to - step0;
	if (from >= tl->count || from > to) {
		xasprintf(err, "--from %zu: connection #%u has steps %zu to "
		    "%zu", sel->from, (unsigned)conn_stream(tl->conn),
		    first + step0, tl->count - 1 + step0);
		return -1;
	}
	*lo = from;
	*hi = to;
	return 0;
}

/* ---- shared row facts --------------------------------------------------- */

static int
export_state_before(const struct view_timeline *tl, size_t i, int role)
{
	return i == 0 ? tl->initial[role] : view_timeline_state(tl, i - 1,
	    (enum conn_role)role);
}

static const char *
export_state_name(int s)
{
	return fsm_state_valid(s) ? fsm_state_name((enum fsm_state)s) : NULL;
}

/* "client SYN_SENT -> ESTABLISHED (E07)" for a transition step. */
static void
export_tr_text(char *buf, size_t len, const struct conn_step *tr)
{
	const char	*from = export_state_name(tr->u.tr.from);
	const char	*to = export_state_name(tr->u.tr.to);
	const char	*edge = fsm_edge_id((enum fsm_edge)tr->u.tr.edge);
	char		 kn[32] = "";

	if (tr->u.tr.known != CONN_KNOWN_OBSERVED)
		snprintf(kn, sizeof kn, ", %s",
		    conn_known_name((enum conn_known)tr->u.tr.known));
	snprintf(buf, len, "%s %s -> %s (%s%s)",
	    conn_role_name((enum conn_role)tr->role),
	    from != NULL ? from : "?", to != NULL ? to : "?",
	    edge != NULL ? edge : "no edge", kn);
}

/* Annotations of a row, English, "retransmission, dup ACK #2"; or "". */
static void
export_ann_text(char *buf, size_t len, const struct view_row *row)
{
	buf[0] = '\0';
	if (row->ann != 0)
		conn_annotations_format(buf, len, row->ann,
		    row->seg != NULL ? row->seg->dupack : 0);
}

/* The endpoints of the timeline's connection as "client A -> server B". */
static void
export_ends(const struct view_timeline *tl, char *cl, char *sv)
{
	event_endpoint_format(cl, EVENT_ADDR_STRLEN,
	    conn_endpoint(tl->conn, CONN_CLIENT));
	event_endpoint_format(sv, EVENT_ADDR_STRLEN,
	    conn_endpoint(tl->conn, CONN_SERVER));
}

/* ---- txt and md ----------------------------------------------------------- */

/* Draw rows lo..hi of the ladder on a canvas just tall enough; dump it. */
static int
export_ladder_block(FILE *out, struct session *m,
    const struct view_timeline *tl, size_t lo, size_t hi, bool ascii)
{
	struct view_ctx		 ctx;
	struct canvas_rect	 r;
	struct canvas		*c;
	size_t			 first, last;
	int			 h;

	memset(&ctx, 0, sizeof ctx);
	ctx.tl = tl;
	ctx.pos = hi;
	ctx.from = lo;
	ctx.demo = m->ctx.demo;
	ctx.msl_ns = m->ctx.msl_ns;
	ctx.clock = VIEW_CLOCK_RELATIVE;
	r.x = 0;
	r.y = 0;
	r.w = EXPORT_TXT_COLS;
	for (h = (int)(hi - lo) + VIEW_SEQ_TOP + 2; h < 256 + VIEW_SEQ_TOP;
	    h++) {
		r.h = h;
		if (view_seq_window(&r, &ctx, &first, &last) && first <= lo)
			break;
	}
	c = canvas_text_new(r.w, r.h, ascii);
	view_seq_draw(c, &r, &ctx, LAYOUT_WIDE);
	if (canvas_text_dump(c, out) != 0) {
		canvas_free(c);
		return -1;
	}
	canvas_free(c);
	return 0;
}

static int
export_ladder(FILE *out, struct session *m, const struct view_timeline *tl,
    size_t lo, size_t hi, bool ascii)
{
	size_t	a, b;

	for (a = lo; a <= hi; a = b + 1) {
		b = hi - a >= EXPORT_TXT_BLOCK ? a + EXPORT_TXT_BLOCK - 1 : hi;
		if (a != lo)
			fputs("\n", out);
		if (export_ladder_block(out, m, tl, a, b, ascii) != 0)
			return -1;
	}
	return 0;
}

/* The title of one connection: UI text (it follows --lang). */
static void
export_title(char *buf, size_t len, const struct view_timeline *tl,
    size_t lo, size_t hi)
{
	char	cl[EVENT_ADDR_STRLEN], sv[EVENT_ADDR_STRLEN];
	size_t	step0 = tl->start ? 0 : 1;

	export_ends(tl, cl, sv);
	snprintf(buf, len, _("TCP connection #%u: client %s, server %s, "
	    "steps %zu to %zu"), (unsigned)conn_stream(tl->conn), cl, sv, lo + step0,
	    hi + step0);
}

static int
export_txt(FILE *out, struct session *m, const struct view_timeline *tl,
    size_t lo, size_t hi, const struct export_sel *sel, bool md)
{
	char	title[256];

	export_title(title, sizeof title, tl, lo, hi);
	if (md)
		fprintf(out, "## %s\n\n```text\n", title);
	else
		fprintf(out, "%s\n\n", title);
	if (export_ladder(out, m, tl, lo, hi, sel->ascii) != 0)
		return -1;
	if (!md)
		return 0;
	fputs("```\n\n", out);
	fprintf(out, "%s\n\n", _("Legend:"));
	fprintf(out, "- %s\n", _("Time: seconds since the first step."));
	fprintf(out, "- %s\n", _("Left lifeline: the client; right "
	    "lifeline: the server. A state is written where it began."));
	fprintf(out, "- %s\n", _("STATE*: implied, never on the wire "
	    "(LISTEN); STATE?: tentative or uncertain."));
	fprintf(out, "- %s\n", _("J and K: each side's initial sequence "
	    "number; M and N: the first and second FIN."));
	return 0;
}

/* ---- Mermaid and PlantUML -------------------------------------------------- */

/* Text safe in a diagram message: no ';', '#' or line ends. */
static void
export_diagram_safe(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ';' || *s == '#' || *s == '\n' || *s == '\r')
			*s = *s == '#' ? 'n' : ',';
	}
}

static int
export_diagram(FILE *out, const struct view_timeline *tl, size_t lo,
    size_t hi, bool puml)
{
	const struct view_row	*row;
	const struct conn_step	*st, *tr;
	char			 cl[EVENT_ADDR_STRLEN], sv[EVENT_ADDR_STRLEN];
	char			 label[160], ann[256], text[160];
	const char		*from, *to, *arrow, *note;
	size_t			 i, k;
	int			 s;

	export_ends(tl, cl, sv);
	note = puml ? "note over" : "Note over";
	if (puml) {
		fputs("@startuml\n", out);
		fprintf(out, "participant \"client %s\" as C\n", cl);
		fprintf(out, "participant \"server %s\" as S\n", sv);
	} else {
		fputs("sequenceDiagram\n", out);
		fprintf(out, "    participant C as client %s\n", cl);
		fprintf(out, "    participant S as server %s\n", sv);
	}
	for (k = 0; k < 2; k++) {
		s = export_state_before(tl, lo, (int)k);
		if (export_state_name(s) != NULL)
			fprintf(out, "%s%s %s: %s\n", puml ? "" : "    ", note,
			    k == 0 ? "C" : "S", export_state_name(s));
	}
	for (i = lo; i <= hi; i++) {
		row = &tl->rows[i];
		st = row->seg;
		export_ann_text(ann, sizeof ann, row);
		export_diagram_safe(ann);
		if (st != NULL) {
			view_segment_label(label, sizeof label, tl, st);
			export_diagram_safe(label);
			from = st->role == CONN_CLIENT ? "C" : "S";
			to = st->role == CONN_CLIENT ? "S" : "C";
			if (st->ann & CONN_ANN(LOST))
				arrow = puml ? "->x" : "-x";
			else
				arrow = puml ? "->" : "->>";
			fprintf(out, "%s%s%s%s: %s%s%s%s\n", puml ? "" : "    ",
			    from, arrow, to, label, ann[0] != '\0' ? " (" : "",
			    ann, ann[0] != '\0' ? ")" : "");
		} else if (ann[0] != '\0')
			fprintf(out, "%s%s C,S: %s\n", puml ? "" : "    ", note,
			    ann);
		for (k = 0; k < row->ntr; k++) {
			tr = row->tr[k];
			export_tr_text(text, sizeof text, tr);
			/* The role is the note's place: drop it from the text. */
			fprintf(out, "%s%s %s: %s\n", puml ? "" : "    ", note,
			    tr->role == CONN_CLIENT ? "C" : "S",
			    strchr(text, ' ') + 1);
		}
	}
	if (puml)
		fputs("@enduml\n", out);
	return 0;
}

/* ---- JSON lines ------------------------------------------------------------ */

static void
export_json_str(FILE *out, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void
export_json_states(FILE *out, const char *name, int c, int s)
{
	fprintf(out, ",\"%s\":{\"client\":", name);
	export_json_str(out, export_state_name(c));
	fputs(",\"server\":", out);
	export_json_str(out, export_state_name(s));
	fputc('}', out);
}

static int
export_json(FILE *out, const struct view_timeline *tl, size_t lo, size_t hi)
{
	const struct view_row	*row;
	const struct conn_step	*st, *tr;
	char			 buf[512], a[EVENT_ADDR_STRLEN];
	size_t			 i, k, step0 = tl->start ? 0 : 1;
	unsigned		 b;
	bool			 first;

	for (i = lo; i <= hi; i++) {
		row = &tl->rows[i];
		st = row->seg;
		fprintf(out, "{\"conn\":%u,\"step\":%zu,\"t\":",
		    (unsigned)conn_stream(tl->conn), i + step0);
		event_time_format(buf, sizeof buf, row->t);
		export_json_str(out, buf);
		fputs(",\"segment\":", out);
		if (st == NULL)
			fputs("null", out);
		else {
			fputs("{\"sender\":", out);
			export_json_str(out, conn_role_name(
			    (enum conn_role)st->role));
			event_endpoint_format(a, sizeof a, conn_endpoint(
			    tl->conn, (enum conn_role)st->role));
			fputs(",\"src\":", out);
			export_json_str(out, a);
			event_endpoint_format(a, sizeof a, conn_endpoint(
			    tl->conn, st->role == CONN_CLIENT ? CONN_SERVER :
			    CONN_CLIENT));
			fputs(",\"dst\":", out);
			export_json_str(out, a);
			event_flags_format(buf, sizeof buf, st->u.seg.flags);
			fputs(",\"flags\":", out);
			export_json_str(out, buf);
			fprintf(out, ",\"seq\":%" PRIu32 ",\"ack\":%" PRIu32
			    ",\"len\":%" PRIu32 ",\"window\":%u",
			    st->u.seg.seq, st->u.seg.ack, st->u.seg.len,
			    (unsigned)st->u.seg.window);
			view_segment_label(buf, sizeof buf, tl, st);
			fputs(",\"label\":", out);
			export_json_str(out, buf);
			if (st->frame != 0 && !tl->start)
				fprintf(out, ",\"frame\":%" PRIu64, st->frame);
			fputc('}', out);
		}
		export_json_states(out, "before",
		    export_state_before(tl, i, CONN_CLIENT),
		    export_state_before(tl, i, CONN_SERVER));
		export_json_states(out, "after",
		    view_timeline_state(tl, i, CONN_CLIENT),
		    view_timeline_state(tl, i, CONN_SERVER));
		fputs(",\"transitions\":[", out);
		for (k = 0; k < row->ntr; k++) {
			tr = row->tr[k];
			fprintf(out, "%s{\"endpoint\":", k > 0 ? "," : "");
			export_json_str(out, conn_role_name(
			    (enum conn_role)tr->role));
			fputs(",\"from\":", out);
			export_json_str(out, export_state_name(tr->u.tr.from));
			fputs(",\"to\":", out);
			export_json_str(out, export_state_name(tr->u.tr.to));
			fputs(",\"edge\":", out);
			export_json_str(out, fsm_edge_id(
			    (enum fsm_edge)tr->u.tr.edge));
			fputs(",\"known\":", out);
			export_json_str(out, conn_known_name(
			    (enum conn_known)tr->u.tr.known));
			engine_step_reason(buf, sizeof buf, tr);
			fputs(",\"reason\":", out);
			export_json_str(out, buf);
			fputc('}', out);
		}
		fputs("],\"annotations\":[", out);
		first = true;
		for (b = 0; b < CONN_ANN_COUNT; b++) {
			if (!(row->ann & (UINT32_C(1) << b)))
				continue;
			fputs(first ? "" : ",", out);
			export_json_str(out, conn_annotation_text(
			    (enum conn_annotation_bit)b));
			first = false;
		}
		fputs("]}\n", out);
	}
	return 0;
}

/* ---- pcapng ---------------------------------------------------------------- */

#define EXPORT_LINK_RAW		101
#define EXPORT_LINK_ETHERNET	1
#define EXPORT_IF_MAX		8

struct export_ng {
	FILE	*out;
	int	 links[EXPORT_IF_MAX];	/* interface i's link type */
	size_t	 nlinks;
};

static void
export_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void
export_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* One block of type, with body (padded to 4 by the caller). */
static void
export_ng_block(FILE *out, uint32_t type, const uint8_t *body, size_t n)
{
	uint8_t	h[8];
	uint32_t total = (uint32_t)(n + 12);

	export_u32(h, type);
	export_u32(h + 4, total);
	fwrite(h, 1, 8, out);
	fwrite(body, 1, n, out);
	fwrite(h + 4, 1, 4, out);
}

static void
export_ng_start(struct export_ng *ng)
{
	uint8_t	b[16];

	/* Section header: host byte order, version 1.0, length unknown. */
	export_u32(b, 0x1a2b3c4d);
	export_u16(b + 4, 1);
	export_u16(b + 6, 0);
	memset(b + 8, 0xff, 8);
	export_ng_block(ng->out, 0x0a0d0d0a, b, sizeof b);
}

/* The interface for a link type (an IDB written when first needed). */
static int
export_ng_iface(struct export_ng *ng, int link)
{
	uint8_t	b[16];
	size_t	i;

	for (i = 0; i < ng->nlinks; i++) {
		if (ng->links[i] == link)
			return (int)i;
	}
	if (ng->nlinks == EXPORT_IF_MAX)
		return -1;
	memset(b, 0, sizeof b);
	export_u16(b, (uint16_t)link);
	export_u32(b + 4, 0);
	/* if_tsresol: nanoseconds. */
	export_u16(b + 8, 9);
	export_u16(b + 10, 1);
	b[12] = 9;
	export_ng_block(ng->out, 1, b, sizeof b);
	ng->links[ng->nlinks] = link;
	return (int)ng->nlinks++;
}

static void
export_ng_packet(struct export_ng *ng, int iface, int64_t t,
    const uint8_t *data, uint32_t caplen, uint32_t wirelen,
    const char *comment)
{
	uint8_t		*b;
	size_t		 n, off, clen = strlen(comment);
	uint64_t	 ts = t < 0 ? 0 : (uint64_t)t;

	if (clen > 60000)
		clen = 60000;
	n = 20 + ((caplen + 3u) & ~3u) + (clen > 0 ? 4 + ((clen + 3) & ~3u) :
	    0) + 4;
	b = xcalloc(1, n);
	export_u32(b, (uint32_t)iface);
	export_u32(b + 4, (uint32_t)(ts >> 32));
	export_u32(b + 8, (uint32_t)ts);
	export_u32(b + 12, caplen);
	export_u32(b + 16, wirelen);
	memcpy(b + 20, data, caplen);
	off = 20 + ((caplen + 3u) & ~3u);
	if (clen > 0) {
		export_u16(b + off, 1);		/* opt_comment */
		export_u16(b + off + 2, (uint16_t)clen);
		memcpy(b + off + 4, comment, clen);
		off += 4 + ((clen + 3) & ~3u);
	}
	/* opt_endofopt: the zeros already there. */
	export_ng_block(ng->out, 6, b, n);
	free(b);
}

/* A demo's segment as an Ethernet frame (locally administered MACs). */
static size_t
export_synth(uint8_t *buf, size_t cap, const struct view_timeline *tl,
    const struct conn_step *st, uint16_t ip_id)
{
	struct event_segment	 seg;
	size_t			 n;

	memset(&seg, 0, sizeof seg);
	seg.t_sent = seg.t_recv = st->t;
	seg.src = *conn_endpoint(tl->conn, (enum conn_role)st->role);
	seg.dst = *conn_endpoint(tl->conn, st->role == CONN_CLIENT ?
	    CONN_SERVER : CONN_CLIENT);
	seg.seq = st->u.seg.seq;
	seg.ack = st->u.seg.ack;
	seg.payload_len = st->u.seg.len;
	seg.flags = st->u.seg.flags;
	seg.window = st->u.seg.window;
	if (cap < 14)
		return 0;
	if ((n = pcapwrite_frame(buf + 14, cap - 14, &seg, ip_id)) == 0)
		return 0;
	memset(buf, 0, 14);
	buf[0] = buf[6] = 0x02;
	buf[5] = st->role == CONN_CLIENT ? 2 : 1;
	buf[11] = st->role == CONN_CLIENT ? 1 : 2;
	buf[12] = seg.src.family == EVENT_AF_INET ? 0x08 : 0x86;
	buf[13] = seg.src.family == EVENT_AF_INET ? 0x00 : 0xdd;
	return n + 14;
}

/* The comment of a segment row: its transitions and annotations. */
static void
export_ng_comment(char *buf, size_t len, const struct view_row *row)
{
	char	 t[160], ann[256];
	size_t	 k, off = 0;

	buf[0] = '\0';
	for (k = 0; k < row->ntr; k++) {
		export_tr_text(t, sizeof t, row->tr[k]);
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
		    "%s%s", off > 0 ? "; " : "", t);
		if (off >= len)
			return;
	}
	export_ann_text(ann, sizeof ann, row);
	if (ann[0] != '\0')
		(void)snprintf(buf + off, off < len ? len - off : 0, "%s%s",
		    off > 0 ? "; " : "", ann);
}

static int
export_pcapng(struct export_ng *ng, struct session *m,
    const struct view_timeline *tl, size_t lo, size_t hi, char **err)
{
	const struct view_row	*row;
	const struct conn_step	*st;
	const uint8_t		*data;
	uint8_t			*buf;
	char			 comment[1024];
	uint32_t		 caplen, wirelen;
	size_t			 i, n;
	int			 link, iface;
	uint16_t		 ip_id = 1;

	buf = xmalloc(PCAPWRITE_MAX_FRAME + 14);
	for (i = lo; i <= hi; i++) {
		row = &tl->rows[i];
		if ((st = row->seg) == NULL)
			continue;
		export_ng_comment(comment, sizeof comment, row);
		/*
		 * A capture's own bytes, read again from the file; a demo's
		 * (or an anonymized capture's, whose packets would still
		 * carry the real addresses) built from the segment.
		 */
		if (m->rr != NULL && st->frame != 0 && m->cfg.source ==
		    SESSION_FILE) {
			if (!reread_frame(m->rr, st->frame, &link, &data,
			    &caplen, &wirelen)) {
				xasprintf(err, "frame %" PRIu64 " could not be "
				    "read again", st->frame);
				free(buf);
				return -1;
			}
		} else {
			n = export_synth(buf, PCAPWRITE_MAX_FRAME + 14, tl, st,
			    ip_id++);
			if (n == 0)
				continue;
			link = EXPORT_LINK_ETHERNET;
			data = buf;
			caplen = wirelen = (uint32_t)n;
		}
		if ((iface = export_ng_iface(ng, link)) < 0) {
			xasprintf(err, "too many link types for one file");
			free(buf);
			return -1;
		}
		export_ng_packet(ng, iface, st->t, data, caplen, wirelen,
		    comment);
	}
	free(buf);
	return 0;
}

/* ---- the dispatcher ---------------------------------------------------------- */

int
export_write(FILE *out, enum export_format f, struct session *m,
    const struct export_sel *sel, char **err)
{
	const struct view_timeline	*tl;
	struct export_ng		 ng;
	enum i18n_lang			 lang = i18n_get();
	uint32_t			 ids[EXPORT_CONNS_MAX];
	size_t				 n, j, lo, hi;
	int				 rc = 0;

	*err = NULL;
	session_refresh(m);
	n = sel->nids;
	if (n == 0) {
		if (m->sel_id == 0) {
			xasprintf(err, "no TCP connection to export");
			return -1;
		}
		ids[0] = m->sel_id;
		n = 1;
	} else
		memcpy(ids, sel->ids, n * sizeof ids[0]);
	if (n > 1 && !export_format_multi(f)) {
		xasprintf(err, "%s holds one connection: give one --conn",
		    export_format_name(f));
		return -1;
	}
	/*
	 * Machine formats are English whatever the view's language; what
	 * people read (text, Markdown, a picture) follows it.
	 */
	if (f != EXPORT_TXT && f != EXPORT_MD && f != EXPORT_SVG)
		i18n_set(I18N_EN);
	memset(&ng, 0, sizeof ng);
	ng.out = out;
	if (f == EXPORT_PCAPNG)
		export_ng_start(&ng);
	for (j = 0; j < n && rc == 0; j++) {
		if ((tl = export_select(m, ids[j])) == NULL) {
			xasprintf(err, "connection #%u is gone",
			    (unsigned)ids[j] - 1);
			rc = -1;
			break;
		}
		if ((rc = export_rows(tl, sel, &lo, &hi, err)) != 0)
			break;
		if (j > 0 && (f == EXPORT_TXT || f == EXPORT_MD))
			fputs("\n", out);
		switch (f) {
		case EXPORT_TXT:
		case EXPORT_MD:
			rc = export_txt(out, m, tl, lo, hi, sel, f == EXPORT_MD);
			break;
		case EXPORT_MMD:
		case EXPORT_PUML:
			rc = export_diagram(out, tl, lo, hi, f == EXPORT_PUML);
			break;
		case EXPORT_JSON:
			rc = export_json(out, tl, lo, hi);
			break;
		case EXPORT_PCAPNG:
			rc = export_pcapng(&ng, m, tl, lo, hi, err);
			break;
		case EXPORT_SVG:
			player_seek(&m->player, hi);
			m->ctx.from = lo;
			rc = export_svg(out, m, err);
			break;
		default:
			xasprintf(err, "unknown export format");
			rc = -1;
		}
	}
	i18n_set(lang);
	if (rc != 0 && *err == NULL)
		xasprintf(err, "write error");
	return rc == 0 ? 0 : -1;
}

int
export_put(const struct outfile_scope *sc, const char *name,
    enum export_format f, struct session *m, const struct export_sel *sel,
    char **err)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 n = 0;
	int	 rc;

	*err = NULL;
	/* Whole in memory first: the file appears complete or not at all. */
	if ((fp = open_memstream(&buf, &n)) == NULL) {
		xasprintf(err, "%s: %s", name, strerror(errno));
		return -1;
	}
	rc = export_write(fp, f, m, sel, err);
	if (fclose(fp) != 0 && rc == 0) {
		xasprintf(err, "%s: %s", name, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = outfile_put(sc, name, buf, n, err);
	free(buf);
	return rc;
}

char *
export_default_name(char *buf, size_t len, const struct session *m,
    enum export_format f)
{
	char	a[EVENT_ADDR_STRLEN], b[EVENT_ADDR_STRLEN];
	const struct event_endpoint *x, *y;

	if (m->tl.conn == NULL) {
		snprintf(buf, len, "tcpviz.%s", export_format_name(f));
		return buf;
	}
	x = conn_endpoint(m->tl.conn, CONN_CLIENT);
	y = conn_endpoint(m->tl.conn, CONN_SERVER);
	event_addr_format(a, sizeof a, x);
	event_addr_format(b, sizeof b, y);
	/* IPv6's colons make awkward file names: dots instead. */
	for (char *p = a; *p != '\0'; p++)
		if (*p == ':')
			*p = '.';
	for (char *p = b; *p != '\0'; p++)
		if (*p == ':')
			*p = '.';
	snprintf(buf, len, "tcpviz-%s-%u-%s-%u.%s", a, (unsigned)x->port, b,
	    (unsigned)y->port, export_format_name(f));
	return buf;
}
