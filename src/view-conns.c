/*
 * view-conns.c: the connection list made for triage: both states, segment
 * count, idle time, the anomaly words (notes, readable without colour)
 * and both endpoints per connection instance; a header that counts states
 * and anomalies like `ss -s`; sorts, a filter of words, and ] / [ from one
 * anomalous connection to the next. Enter opens the selected one in the
 * ladder. Layer 3: reads struct conn
 * through const pointers; draws on a canvas.
 *
 * At any width the endpoints keep their ports: the notes shrink, the
 * idle and segment columns go, and only then the host parts lose their
 * start behind an ellipsis (event_endpoint_format_fit).
 *
 * The list holds borrowed pointers: view_conns_set() is called again after
 * every batch the engine was fed, and it never reads the old ones (the
 * engine may have moved or reused them): the selection is kept by id.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canvas.h"
#include "conn.h"
#include "event.h"
#include "i18n.h"
#include "view.h"
#include "xmalloc.h"

/* Texts of the list (kept together for translation). */
#define VIEW_CONNS_T_COUNT	_("%zu conns:")
#define VIEW_CONNS_T_SORTED	_(" | sorted by %s")
#define VIEW_CONNS_T_HINT \
	_(" (s: sort, /: filter, ]: anomaly, Enter: open)")
#define VIEW_CONNS_T_FILTER	_(" | filter '%s': %zu of %zu")
#define VIEW_CONNS_T_GONE	_(" | ended and gone: %zu")
#define VIEW_CONNS_T_EVICTED	_(" | evicted: %llu")

/* The column heads. */
#define VIEW_CONNS_H_ID		N_("id")
#define VIEW_CONNS_H_CLIENT	N_("client")
#define VIEW_CONNS_H_SERVER	N_("server")
#define VIEW_CONNS_H_SEGS	N_("segs")
#define VIEW_CONNS_H_IDLE	N_("idle")
#define VIEW_CONNS_H_NOTE	N_("note")
#define VIEW_CONNS_H_ENDS	N_("client -> server")

static const char *const view_conns_sort_names[VIEW_CONNS_SORT_COUNT] = {
	[VIEW_CONNS_SORT_ID] = N_("id"),
	[VIEW_CONNS_SORT_ANOMALIES] = N_("anomalies"),
	[VIEW_CONNS_SORT_DURATION] = N_("duration"),
	[VIEW_CONNS_SORT_BYTES] = N_("bytes"),
	[VIEW_CONNS_SORT_STATE] = N_("client state"),
	[VIEW_CONNS_SORT_SERVER_STATE] = N_("server state"),
	[VIEW_CONNS_SORT_LAST] = N_("last activity"),
};

/* The widest notes column; the narrowest before it goes. */
#define VIEW_CONNS_NOTE_MAX	24
#define VIEW_CONNS_NOTE_MID	10
#define VIEW_CONNS_NOTE_MIN	5

/* The columns a draw shows (the state columns always). */
struct view_conns_cols {
	bool	 segs;
	bool	 idle;
	int	 note;		/* notes width; 0: no notes column */
	int	 ends;		/* columns left for "a -> b" */
};

const char *
view_conns_sort_name(enum view_conns_sort s)
{
	if ((int)s < 0 || s >= VIEW_CONNS_SORT_COUNT)
		return "?";
	return _(view_conns_sort_names[s]);
}

/* The state a connection is counted in: the client's, else the server's. */
enum fsm_state
view_conns_state(const struct conn *c)
{
	enum fsm_state	s = conn_state(c, CONN_CLIENT);

	return s != FSM_CLOSED ? s : conn_state(c, CONN_SERVER);
}

static int
view_conns_cmp_id(const void *a, const void *b)
{
	const struct view_conns_item	*x = a, *y = b;

	return x->c->id < y->c->id ? -1 : x->c->id > y->c->id;
}

static int
view_conns_cmp_anomalies(const void *a, const void *b)
{
	const struct view_conns_item	*x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return view_conns_cmp_id(a, b);
}

static int64_t
view_conns_duration(const struct conn *c)
{
	return c->t_last > c->t_first ? c->t_last - c->t_first : 0;
}

static int
view_conns_cmp_duration(const void *a, const void *b)
{
	const struct view_conns_item	*x = a, *y = b;
	int64_t				 dx, dy;

	dx = view_conns_duration(x->c);
	dy = view_conns_duration(y->c);
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return view_conns_cmp_id(a, b);
}

/* Payload both ways when the stats are kept, else the segment count. */
static uint64_t
view_conns_bytes(const struct view_conns_item *it)
{
	if (it->st == NULL)
		return it->c->segments;
	return it->st->dir[CONN_CLIENT].bytes + it->st->dir[CONN_SERVER].bytes;
}

static int
view_conns_cmp_bytes(const void *a, const void *b)
{
	const struct view_conns_item	*x = a, *y = b;
	uint64_t			 bx = view_conns_bytes(x);
	uint64_t			 by = view_conns_bytes(y);

	if (bx != by)
		return bx > by ? -1 : 1;
	if (x->c->segments != y->c->segments)
		return x->c->segments > y->c->segments ? -1 : 1;
	return view_conns_cmp_id(a, b);
}

static int
view_conns_cmp_role(const void *a, const void *b, enum conn_role role)
{
	const struct view_conns_item	*x = a, *y = b;
	int				 c;

	c = strcmp(fsm_state_name(conn_state(x->c, role)),
	    fsm_state_name(conn_state(y->c, role)));
	return c != 0 ? c : view_conns_cmp_id(a, b);
}

static int
view_conns_cmp_state(const void *a, const void *b)
{
	return view_conns_cmp_role(a, b, CONN_CLIENT);
}

static int
view_conns_cmp_server(const void *a, const void *b)
{
	return view_conns_cmp_role(a, b, CONN_SERVER);
}

static int
view_conns_cmp_last(const void *a, const void *b)
{
	const struct view_conns_item	*x = a, *y = b;

	if (x->c->t_last != y->c->t_last)
		return x->c->t_last > y->c->t_last ? -1 : 1;
	return view_conns_cmp_id(a, b);
}

/* Case-insensitive: is needle in hay? */
static bool
view_conns_has(const char *hay, const char *needle)
{
	size_t	i, n = strlen(needle), m = strlen(hay);

	for (i = 0; i + n <= m; i++) {
		if (strncasecmp(hay + i, needle, n) == 0)
			return true;
	}
	return false;
}

/*
 * Is word a prefix of a state's name, case, '-' and '_' aside
 * ("fin_wait", "FIN-WAIT", "finwait2", "es")?
 */
static bool
view_conns_state_prefix(const char *word, const char *name)
{
	for (;;) {
		while (*word == '_' || *word == '-')
			word++;
		while (*name == '_')
			name++;
		if (*word == '\0')
			return true;
		if (*name == '\0' || toupper((unsigned char)*word) != *name)
			return false;
		word++;
		name++;
	}
}

/* A port: 1 to 5 digits, at most 65535; -1 otherwise. */
static long
view_conns_port(const char *w)
{
	size_t	 i;
	long	 v = 0;

	for (i = 0; w[i] != '\0'; i++) {
		if (!isdigit((unsigned char)w[i]) || i >= 5)
			return -1;
		v = v * 10 + (w[i] - '0');
	}
	return i > 0 && v <= 65535 ? v : -1;
}

/* Does one word of a filter match (view_conns_match)? */
static bool
view_conns_match_word(const char *w, const struct conn *c, uint32_t anom)
{
	const struct event_endpoint	*ea = conn_endpoint(c, CONN_CLIENT);
	const struct event_endpoint	*eb = conn_endpoint(c, CONN_SERVER);
	char				 a[EVENT_ADDR_STRLEN];
	char				 b[EVENT_ADDR_STRLEN];
	long				 port;
	bool				 any = false;
	int				 i;

	/* ":443": a port of either end, exactly. */
	if (w[0] == ':' && (port = view_conns_port(w + 1)) >= 0)
		return ea->port == port || eb->port == port;
	for (i = 0; i < CONN_ANOM_COUNT; i++) {
		if (strcasecmp(w, conn_anomaly_word(
		    (enum conn_anomaly_bit)i)) == 0)
			return (anom & (UINT32_C(1) << i)) != 0;
	}
	/* A state by prefix: FIN_WAIT is FIN_WAIT_1 and FIN_WAIT_2. */
	for (i = 0; i < FSM_STATE_COUNT; i++) {
		if (!view_conns_state_prefix(w,
		    fsm_state_name((enum fsm_state)i)))
			continue;
		any = true;
		if ((int)conn_state(c, CONN_CLIENT) == i ||
		    (int)conn_state(c, CONN_SERVER) == i)
			return true;
	}
	if (any)
		return false;
	/* "443": a port, or part of a host (never part of another port). */
	if ((port = view_conns_port(w)) >= 0) {
		if (ea->port == port || eb->port == port)
			return true;
		event_addr_format(a, sizeof a, ea);
		event_addr_format(b, sizeof b, eb);
		return view_conns_has(a, w) || view_conns_has(b, w);
	}
	event_endpoint_format(a, sizeof a, ea);
	event_endpoint_format(b, sizeof b, eb);
	return view_conns_has(a, w) || view_conns_has(b, w);
}

/* Every word of the filter must match (view.h). */
static bool
view_conns_match_anom(const char *filter, const struct conn *c,
    uint32_t anom)
{
	char		 w[64];
	size_t		 n;

	for (;;) {
		while (*filter == '/' || *filter == ' ')
			filter++;
		if (*filter == '\0')
			return true;
		for (n = 0; filter[n] != '\0' && filter[n] != ' '; n++)
			;
		if (n >= sizeof w)
			n = sizeof w - 1;
		memcpy(w, filter, n);
		w[n] = '\0';
		while (*filter != '\0' && *filter != ' ')
			filter++;
		if (!view_conns_match_word(w, c, anom))
			return false;
	}
}

bool
view_conns_match(const char *filter, const struct conn *c,
    const struct conn_stats *st)
{
	return view_conns_match_anom(filter, c, conn_anomalies(c, st));
}

/* Has a connection ended (both ends CLOSED) longer ago than linger? */
static bool
view_conns_gone(const struct view_conns *v, const struct conn *c)
{
	if (v->linger_ns <= 0)
		return false;
	return conn_state(c, CONN_CLIENT) == FSM_CLOSED &&
	    conn_state(c, CONN_SERVER) == FSM_CLOSED &&
	    v->now - c->t_last > v->linger_ns;
}

/* Refill from the engine's instances, keeping the selected one. */
void
view_conns_set(struct view_conns *v, const struct conn *const *list,
    const struct conn_stats *const *stats, size_t n)
{
	static int (*const cmp[VIEW_CONNS_SORT_COUNT])(const void *,
	    const void *) = {
		[VIEW_CONNS_SORT_ID] = view_conns_cmp_id,
		[VIEW_CONNS_SORT_ANOMALIES] = view_conns_cmp_anomalies,
		[VIEW_CONNS_SORT_DURATION] = view_conns_cmp_duration,
		[VIEW_CONNS_SORT_BYTES] = view_conns_cmp_bytes,
		[VIEW_CONNS_SORT_STATE] = view_conns_cmp_state,
		[VIEW_CONNS_SORT_SERVER_STATE] = view_conns_cmp_server,
		[VIEW_CONNS_SORT_LAST] = view_conns_cmp_last,
	};
	struct view_conns_item	*it;
	const struct conn_stats	*st;
	uint32_t		 anom;
	size_t			 i;
	int			 k;

	if (n > v->cap) {
		v->cap = n;
		v->list = xreallocarray(v->list, n, sizeof *v->list);
	}
	v->total = n;
	v->gone = 0;
	v->count = 0;
	memset(v->nstate, 0, sizeof v->nstate);
	memset(v->nanom, 0, sizeof v->nanom);
	for (i = 0; i < n; i++) {
		if (view_conns_gone(v, list[i])) {
			v->gone++;
			continue;
		}
		st = stats != NULL ? stats[i] : NULL;
		anom = conn_anomalies(list[i], st);
		if (!view_conns_match_anom(v->filter, list[i], anom))
			continue;
		it = &v->list[v->count++];
		it->c = list[i];
		it->st = st;
		it->anom = anom;
		it->total = conn_anomaly_total(list[i], st);
		if ((unsigned)view_conns_state(list[i]) < FSM_STATE_COUNT)
			v->nstate[view_conns_state(list[i])]++;
		for (k = 0; k < CONN_ANOM_COUNT; k++) {
			if (anom & (UINT32_C(1) << k))
				v->nanom[k]++;
		}
	}
	n = v->count;
	if ((int)v->sort < 0 || v->sort >= VIEW_CONNS_SORT_COUNT)
		v->sort = VIEW_CONNS_SORT_ID;
	if (n > 1)
		qsort(v->list, n, sizeof *v->list, cmp[v->sort]);
	v->selected = 0;
	for (i = 0; i < n && !v->pin_top; i++) {
		if (v->list[i].c->id == v->sel_id) {
			v->selected = i;
			break;
		}
	}
	v->sel_id = n > 0 ? v->list[v->selected].c->id : 0;
}

void
view_conns_clear(struct view_conns *v)
{
	free(v->list);
	memset(v, 0, sizeof *v);
}

/* Move the selection, clamped to the list. */
void
view_conns_move(struct view_conns *v, int delta)
{
	if (v->count == 0)
		return;
	v->pin_top = false;
	if (delta < 0 && (size_t)-(long)delta > v->selected)
		v->selected = 0;
	else if (delta > 0 && v->selected + (size_t)delta >= v->count)
		v->selected = v->count - 1;
	else
		v->selected = (size_t)((long)v->selected + delta);
	v->sel_id = v->list[v->selected].c->id;
}

void
view_conns_select(struct view_conns *v, size_t i)
{
	if (v->count == 0)
		return;
	v->pin_top = false;
	v->selected = i < v->count ? i : v->count - 1;
	v->sel_id = v->list[v->selected].c->id;
}

/* An anomalous row: one that counts an anomaly event (conn.h). */
bool
view_conns_next_anomaly(struct view_conns *v, int dir)
{
	size_t	i;

	if (v->count == 0)
		return false;
	for (i = v->selected; dir > 0 ? i + 1 < v->count : i > 0;) {
		i = dir > 0 ? i + 1 : i - 1;
		if (v->list[i].total > 0) {
			view_conns_select(v, i);
			return true;
		}
	}
	return false;
}

const struct conn *
view_conns_selected(const struct view_conns *v)
{
	if (v->selected >= v->count)
		return NULL;
	return v->list[v->selected].c;
}

/*
 * A row's notes in at most w columns: "rst", "retx 3 dupack 2"; cut, the
 * words that fit and "+N" for the N left out; narrower still the first
 * word alone, then the count of anomaly events.
 */
static char *
view_conns_note(char *buf, size_t len, const struct view_conns_item *it,
    int w)
{
	char		 word[VIEW_CONNS_NOTE_MAX + 16];
	char		 more[32];
	size_t		 off = 0, fits = 0, nwords = 0, i;
	unsigned	 cnt;
	int		 b, n;
	uint32_t	 a = it->anom;

	buf[0] = '\0';
	if (w <= 0 || len == 0 || a == 0)
		return buf;
	for (b = 0; b < CONN_ANOM_COUNT; b++)
		nwords += (a & (UINT32_C(1) << b)) != 0;
	for (b = 0, i = 0; b < CONN_ANOM_COUNT; b++) {
		if (!(a & (UINT32_C(1) << b)))
			continue;
		cnt = conn_anomaly_count(it->c, it->st,
		    (enum conn_anomaly_bit)b);
		if (cnt > 1)
			snprintf(word, sizeof word, "%s %u",
			    conn_anomaly_word((enum conn_anomaly_bit)b), cnt);
		else
			snprintf(word, sizeof word, "%s",
			    conn_anomaly_word((enum conn_anomaly_bit)b));
		i++;
		/* Room for this word and, unless it is the last, "+N". */
		more[0] = '\0';
		if (i < nwords)
			snprintf(more, sizeof more, " +%zu", nwords - i);
		if (off + (off > 0) + strlen(word) + strlen(more) >
		    (size_t)w && !(i == nwords && off + (off > 0) +
		    strlen(word) <= (size_t)w))
			break;
		n = snprintf(buf + off, len - off, "%s%s", off > 0 ? " " : "",
		    word);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
		fits = i;
	}
	if (fits == nwords)
		return buf;
	if (fits > 0) {
		snprintf(buf + off, len - off, " +%zu", nwords - fits);
		return buf;
	}
	/*
	 * Not even one word with its "+N": the first word alone, else its
	 * start and "+" ("half+"), else (under 3 columns) the event count.
	 */
	for (b = 0; !(a & (UINT32_C(1) << b)); b++)
		;
	snprintf(word, sizeof word, "%s",
	    conn_anomaly_word((enum conn_anomaly_bit)b));
	if (strlen(word) <= (size_t)w && nwords == 1) {
		snprintf(buf, len, "%s", word);
		return buf;
	}
	if (w >= 3) {
		snprintf(buf, len, "%.*s+", (int)(strlen(word) < (size_t)w ?
		    strlen(word) : (size_t)w - 1), word);
		return buf;
	}
	snprintf(word, sizeof word, "%u", it->total > 0 ? it->total :
	    (unsigned)nwords);
	snprintf(buf, len, "%s", strlen(word) <= (size_t)w ? word : "");
	return buf;
}

/* Append at buf[*off] (bounded); true when it all went in. */
static bool
view_conns_add(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
view_conns_add(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (*off >= len)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *off) {
		buf[*off] = '\0';
		return false;
	}
	*off += (size_t)n;
	return true;
}

/*
 * The title row: "323 conns: 316 CLOSED 4 TIME_WAIT 3 ESTABLISHED 3 rst
 * 2 retx | sorted by anomalies", the counts that fit in w columns (the
 * anomalies before the smaller states), then the hint if it fits too.
 */
static void
view_conns_title(const struct view_conns *v, char *buf, size_t len, int w)
{
	char		 tail[256], tok[64];
	bool		 anom_in[CONN_ANOM_COUNT];
	size_t		 off = 0, toff = 0, best;
	int		 budget, s, k, tw, done[FSM_STATE_COUNT] = { 0 };
	int		 order[FSM_STATE_COUNT], norder = 0;

	tail[0] = '\0';
	view_conns_add(tail, sizeof tail, &toff, VIEW_CONNS_T_SORTED,
	    view_conns_sort_name(v->sort));
	if (v->filter[0] != '\0')
		view_conns_add(tail, sizeof tail, &toff, VIEW_CONNS_T_FILTER,
		    v->filter, v->count, v->total - v->gone);
	if (v->gone > 0)
		view_conns_add(tail, sizeof tail, &toff, VIEW_CONNS_T_GONE,
		    v->gone);
	if (v->evicted > 0)
		view_conns_add(tail, sizeof tail, &toff, VIEW_CONNS_T_EVICTED,
		    (unsigned long long)v->evicted);
	buf[0] = '\0';
	view_conns_add(buf, len, &off, VIEW_CONNS_T_COUNT, v->count);
	budget = w - canvas_str_width(buf) - canvas_str_width(tail);
	/* The anomalies first: a few rst among hundreds CLOSED is news. */
	for (k = 0; k < CONN_ANOM_COUNT; k++) {
		anom_in[k] = false;
		if (v->nanom[k] == 0)
			continue;
		snprintf(tok, sizeof tok, " %zu %s", v->nanom[k],
		    conn_anomaly_word((enum conn_anomaly_bit)k));
		tw = (int)strlen(tok);
		if (tw <= budget) {
			anom_in[k] = true;
			budget -= tw;
		}
	}
	/* The states, most connections first, while they fit. */
	for (;;) {
		best = 0;
		k = -1;
		for (s = 0; s < FSM_STATE_COUNT; s++) {
			if (!done[s] && v->nstate[s] > best) {
				best = v->nstate[s];
				k = s;
			}
		}
		if (k < 0)
			break;
		done[k] = 1;
		snprintf(tok, sizeof tok, " %zu %s", v->nstate[k],
		    fsm_state_name((enum fsm_state)k));
		tw = (int)strlen(tok);
		if (tw > budget)
			break;
		budget -= tw;
		order[norder++] = k;
	}
	for (s = 0; s < norder; s++)
		view_conns_add(buf, len, &off, " %zu %s", v->nstate[order[s]],
		    fsm_state_name((enum fsm_state)order[s]));
	for (k = 0; k < CONN_ANOM_COUNT; k++) {
		if (anom_in[k])
			view_conns_add(buf, len, &off, " %zu %s", v->nanom[k],
			    conn_anomaly_word((enum conn_anomaly_bit)k));
	}
	view_conns_add(buf, len, &off, "%s", tail);
	if (canvas_str_width(buf) + canvas_str_width(VIEW_CONNS_T_HINT) <= w)
		view_conns_add(buf, len, &off, "%s", VIEW_CONNS_T_HINT);
}

/* A head padded to width columns (right-aligned if right), then *off. */
static void
view_conns_head(char *buf, size_t len, size_t *off, const char *head,
    int width, bool right, bool first)
{
	const char	*t = _(head);
	int		 pad = width - canvas_str_width(t);

	if (pad < 0)
		pad = 0;
	if (!first)
		view_conns_add(buf, len, off, " ");
	if (right)
		view_conns_add(buf, len, off, "%*s%s", pad, "", t);
	else
		view_conns_add(buf, len, off, "%s%*s", t, pad, "");
}

/* The heads row for the columns shown, in the view's language. */
static void
view_conns_heads(char *buf, size_t len, const struct view_conns_cols *k)
{
	size_t	off = 0;

	buf[0] = '\0';
	view_conns_head(buf, len, &off, VIEW_CONNS_H_ID, 4, true, true);
	view_conns_head(buf, len, &off, VIEW_CONNS_H_CLIENT, 11, false, false);
	view_conns_head(buf, len, &off, VIEW_CONNS_H_SERVER, 11, false, false);
	if (k->segs)
		view_conns_head(buf, len, &off, VIEW_CONNS_H_SEGS, 6, true,
		    false);
	if (k->idle)
		view_conns_head(buf, len, &off, VIEW_CONNS_H_IDLE, 6, true,
		    false);
	if (k->note > 0)
		view_conns_head(buf, len, &off, VIEW_CONNS_H_NOTE, k->note,
		    false, false);
	view_conns_add(buf, len, &off, "  %s", _(VIEW_CONNS_H_ENDS));
}

/*
 * Which columns fit in w: the notes as wide as the widest row's (cut to
 * VIEW_CONNS_NOTE_MAX), then narrower, the idle and segment columns
 * dropped, the notes narrowest, then gone; the endpoints shrink last.
 */
static void
view_conns_layout(struct view_conns_cols *k, int w, int ends, int note)
{
	static const struct {
		bool	 segs, idle;
		int	 note;		/* cap; -1: as wide as asked */
	} steps[] = {
		{ true, true, -1 },
		{ true, true, VIEW_CONNS_NOTE_MID },
		{ true, false, VIEW_CONNS_NOTE_MID },
		{ false, false, VIEW_CONNS_NOTE_MID },
		{ false, false, VIEW_CONNS_NOTE_MIN },
		{ false, false, 0 },
	};
	size_t	 i;
	int	 nw, need, n;

	for (i = 0; i < COMPAT_NITEMS(steps); i++) {
		nw = steps[i].note < 0 || steps[i].note > note ? note :
		    steps[i].note;
		need = 28 + (steps[i].segs ? 7 : 0) + (steps[i].idle ? 7 : 0) +
		    (nw > 0 ? 1 + nw : 0) + 2 + ends;
		if (need <= w || i + 1 == COMPAT_NITEMS(steps)) {
			k->segs = steps[i].segs;
			k->idle = steps[i].idle;
			/* The notes take what the endpoints leave. */
			if (nw > 0 && nw < note && need < w) {
				n = w - need < note - nw ? w - need : note - nw;
				nw += n;
				need += n;
			}
			k->note = nw;
			k->ends = w - (need - ends);
			return;
		}
	}
}

/*
 * "a -> b" in at most w columns: whole when it fits, else each host cut
 * (the longer first) so that both ports stay.
 */
static void
view_conns_ends(char *buf, size_t len, const struct conn *cn, int w,
    bool ascii)
{
	char	a[EVENT_ADDR_STRLEN + 8], b[EVENT_ADDR_STRLEN + 8];
	int	la, lb, wa, wb;

	event_endpoint_format(a, sizeof a, conn_endpoint(cn, CONN_CLIENT));
	event_endpoint_format(b, sizeof b, conn_endpoint(cn, CONN_SERVER));
	la = (int)strlen(a);
	lb = (int)strlen(b);
	w -= 4;		/* " -> " */
	if (la + lb > w) {
		wa = (w + 1) / 2;
		wb = w - wa;
		if (la < wa) {
			wb += wa - la;
			wa = la;
		} else if (lb < wb) {
			wa += wb - lb;
			wb = lb;
		}
		event_endpoint_format_fit(a, sizeof a,
		    conn_endpoint(cn, CONN_CLIENT), wa, ascii);
		event_endpoint_format_fit(b, sizeof b,
		    conn_endpoint(cn, CONN_SERVER), wb, ascii);
	}
	snprintf(buf, len, "%s -> %s", a, b);
}

/* The state, or the tentative one with its mark (tcp-states.md). */
const char *
view_conns_state_label(const struct view_conns *v, const struct conn *c,
    enum conn_role role, char *buf, size_t len)
{
	int	 st = v->pending != NULL ? v->pending(v->pending_arg, c, role) :
	    -1;

	if (st < 0)
		return fsm_state_name(conn_state(c, role));
	snprintf(buf, len, "%s?", fsm_state_name((enum fsm_state)st));
	return buf;
}

/* Draw the list; the selected row in reverse video. */
void
view_conns_draw(struct canvas *c, const struct canvas_rect *r,
    struct view_conns *v, bool focused)
{
	const struct view_conns_item	*it;
	struct view_conns_cols		 k;
	char				 a[EVENT_ADDR_STRLEN];
	char				 b[EVENT_ADDR_STRLEN];
	char				 line[512], sc[24], ss[24];
	char				 note[VIEW_CONNS_NOTE_MAX + 24];
	char				 ends[2 * EVENT_ADDR_STRLEN + 24];
	size_t				 off, i;
	struct canvas_rect		 bar;
	int				 rows, y, wends = 0, wnote, n;
	int64_t				 age;

	if (r->h < 3 || r->w < 20)
		return;
	canvas_set_clip(c, r);
	view_conns_title(v, line, sizeof line, r->w);
	canvas_put_str_cut(c, r->x, r->y, line, r->w,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	rows = r->h - 2;
	if (v->selected < v->top)
		v->top = v->selected;
	if (v->selected >= v->top + (size_t)rows)
		v->top = v->selected + 1 - (size_t)rows;
	/* The widths the rows shown ask for. */
	wnote = canvas_str_width(_(VIEW_CONNS_H_NOTE));
	for (i = v->top; i < v->count && i < v->top + (size_t)rows; i++) {
		it = &v->list[i];
		event_endpoint_format(a, sizeof a, conn_endpoint(it->c,
		    CONN_CLIENT));
		event_endpoint_format(b, sizeof b, conn_endpoint(it->c,
		    CONN_SERVER));
		n = (int)(strlen(a) + strlen(b)) + 4;
		if (n > wends)
			wends = n;
		n = (int)strlen(view_conns_note(note, sizeof note, it,
		    VIEW_CONNS_NOTE_MAX));
		if (n > wnote)
			wnote = n;
	}
	view_conns_layout(&k, r->w, wends, wnote);
	view_conns_heads(line, sizeof line, &k);
	canvas_put_str_cut(c, r->x, r->y + 1, line, r->w, CANVAS_R_DIM);
	for (i = v->top, y = r->y + 2; i < v->count && y < r->y + r->h;
	    i++, y++) {
		it = &v->list[i];
		age = v->now > it->c->t_last ? v->now - it->c->t_last : 0;
		off = 0;
		line[0] = '\0';
		/* States first: they are what the list is for. */
		view_conns_add(line, sizeof line, &off, "%4u %-11s %-11s",
		    (unsigned)conn_stream(it->c),
		    view_conns_state_label(v, it->c, CONN_CLIENT, sc,
		    sizeof sc),
		    view_conns_state_label(v, it->c, CONN_SERVER, ss,
		    sizeof ss));
		if (k.segs)
			view_conns_add(line, sizeof line, &off, " %6u",
			    (unsigned)it->c->segments);
		if (k.idle)
			view_conns_add(line, sizeof line, &off, " %5llds",
			    (long long)(age / COMPAT_NS_PER_SEC));
		if (k.note > 0)
			view_conns_add(line, sizeof line, &off, " %-*s",
			    k.note, view_conns_note(note, sizeof note, it,
			    k.note));
		view_conns_ends(ends, sizeof ends, it->c, k.ends, c->ascii);
		view_conns_add(line, sizeof line, &off, "  %s", ends);
		if (i == v->selected) {
			bar.x = r->x;
			bar.y = y;
			bar.w = r->w;
			bar.h = 1;
			canvas_fill(c, &bar, focused ? CANVAS_R_CURSOR :
			    CANVAS_R_STATUS);
		}
		canvas_put_str(c, r->x, y, line, r->w, i == v->selected ?
		    (focused ? CANVAS_R_CURSOR : CANVAS_R_STATUS) :
		    CANVAS_R_NORMAL);
	}
	canvas_reset_clip(c);
}
