/*
 * view-conns.c: the connection list: both endpoints, both states, segment
 * count, age and annotation count per connection instance, sortable;
 * Enter opens the selected one in the ladder. Layer 3: reads struct conn
 * through const pointers; draws on a canvas.
 *
 * The list holds borrowed pointers: view_conns_set() is called again after
 * every batch the engine was fed, and it never reads the old ones (the
 * engine may have moved or reused them): the selection is kept by id.
 */
#include "config.h"

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
/*
 * The column heads, each padded to its column's width in display columns
 * (a Chinese head takes two a character): a negative width pads on the
 * right (left-aligned), a positive one on the left, 0 is the last column.
 */
static const struct {
	const char	*text;
	int		 width;
} view_conns_columns[] = {
	{ N_("id"), 4 },
	{ N_("client"), -12 },
	{ N_("server"), -11 },
	{ N_("segs"), 7 },
	{ N_("idle"), 7 },
	{ N_("note"), 5 },
	{ N_("client -> server"), 0 },
};

#define VIEW_CONNS_T_HEAD \
	_("connections: %zu, sorted by %s (s: sort, /: filter, Enter: open)")
#define VIEW_CONNS_T_FILTER	_(" | filter '%s': %zu of %zu")
#define VIEW_CONNS_T_GONE	_(" | ended and gone: %zu")
#define VIEW_CONNS_T_EVICTED	_(" | evicted: %llu")

static const char *const view_conns_sort_names[VIEW_CONNS_SORT_COUNT] = {
	[VIEW_CONNS_SORT_FIRST] = N_("age"),
	[VIEW_CONNS_SORT_LAST] = N_("last activity"),
	[VIEW_CONNS_SORT_SEGMENTS] = N_("segments"),
	[VIEW_CONNS_SORT_STATE] = N_("client state"),
};

/* The heads row, " id client ...", in the view's language. */
static void
view_conns_heads(char *buf, size_t len)
{
	const char	*t;
	size_t		 off = 0, i;
	int		 w, pad, n;

	buf[0] = '\0';
	for (i = 0; i < COMPAT_NITEMS(view_conns_columns) && off < len; i++) {
		t = _(view_conns_columns[i].text);
		w = view_conns_columns[i].width;
		pad = (w < 0 ? -w : w) - canvas_str_width(t) -
		    (i > 0 && w < 0 ? 1 : 0);
		if (pad < 0)
			pad = 0;
		if (i > 0 && (w <= 0 || pad == 0))
			n = snprintf(buf + off, len - off, "%s",
			    w == 0 ? "  " : " ");
		else
			n = 0;
		if (n >= 0 && (size_t)n < len - off)
			off += (size_t)n;
		if (w > 0)
			n = snprintf(buf + off, len - off, "%*s%s", pad, "",
			    t);
		else
			n = snprintf(buf + off, len - off, "%s%*s", t, pad,
			    "");
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
}

const char *
view_conns_sort_name(enum view_conns_sort s)
{
	if ((int)s < 0 || s >= VIEW_CONNS_SORT_COUNT)
		return "?";
	return _(view_conns_sort_names[s]);
}

/* Compare by first seen, then id (stable across refreshes). */
static int
view_conns_cmp_first(const void *a, const void *b)
{
	const struct conn	*x = *(const struct conn *const *)a;
	const struct conn	*y = *(const struct conn *const *)b;

	if (x->t_first != y->t_first)
		return x->t_first < y->t_first ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
view_conns_cmp_last(const void *a, const void *b)
{
	const struct conn	*x = *(const struct conn *const *)a;
	const struct conn	*y = *(const struct conn *const *)b;

	if (x->t_last != y->t_last)
		return x->t_last > y->t_last ? -1 : 1;
	return view_conns_cmp_first(a, b);
}

static int
view_conns_cmp_segments(const void *a, const void *b)
{
	const struct conn	*x = *(const struct conn *const *)a;
	const struct conn	*y = *(const struct conn *const *)b;

	if (x->segments != y->segments)
		return x->segments > y->segments ? -1 : 1;
	return view_conns_cmp_first(a, b);
}

static int
view_conns_cmp_state(const void *a, const void *b)
{
	const struct conn	*x = *(const struct conn *const *)a;
	const struct conn	*y = *(const struct conn *const *)b;
	int			 c;

	c = strcmp(fsm_state_name(conn_state(x, CONN_CLIENT)),
	    fsm_state_name(conn_state(y, CONN_CLIENT)));
	return c != 0 ? c : view_conns_cmp_first(a, b);
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

bool
view_conns_match(const char *filter, const struct conn *c)
{
	char	a[EVENT_ADDR_STRLEN], b[EVENT_ADDR_STRLEN];
	char	want[32];
	size_t	i;
	int	s;

	while (*filter == '/' || *filter == ' ')
		filter++;
	if (*filter == '\0')
		return true;
	/* "close-wait", "CLOSE_WAIT", "closewait": a state of either end. */
	for (i = 0; filter[i] != '\0' && i + 1 < sizeof want; i++)
		want[i] = filter[i] == '-' ? '_' : filter[i];
	want[i] = '\0';
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		if (strcasecmp(want, fsm_state_name((enum fsm_state)s)) == 0)
			return (int)conn_state(c, CONN_CLIENT) == s ||
			    (int)conn_state(c, CONN_SERVER) == s;
	}
	event_endpoint_format(a, sizeof a, conn_endpoint(c, CONN_CLIENT));
	event_endpoint_format(b, sizeof b, conn_endpoint(c, CONN_SERVER));
	return view_conns_has(a, filter) || view_conns_has(b, filter);
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
    size_t n)
{
	static int (*const cmp[VIEW_CONNS_SORT_COUNT])(const void *,
	    const void *) = {
		view_conns_cmp_first, view_conns_cmp_last,
		view_conns_cmp_segments, view_conns_cmp_state,
	};
	size_t		 i;

	if (n > v->cap) {
		v->cap = n;
		v->list = xreallocarray(v->list, n, sizeof *v->list);
	}
	v->total = n;
	v->gone = 0;
	v->count = 0;
	for (i = 0; i < n; i++) {
		if (view_conns_gone(v, list[i])) {
			v->gone++;
			continue;
		}
		if (view_conns_match(v->filter, list[i]))
			v->list[v->count++] = list[i];
	}
	n = v->count;
	if ((int)v->sort < 0 || v->sort >= VIEW_CONNS_SORT_COUNT)
		v->sort = VIEW_CONNS_SORT_FIRST;
	if (n > 1)
		qsort(v->list, n, sizeof *v->list, cmp[v->sort]);
	v->selected = 0;
	for (i = 0; i < n; i++) {
		if (v->list[i]->id == v->sel_id) {
			v->selected = i;
			break;
		}
	}
	v->sel_id = n > 0 ? v->list[v->selected]->id : 0;
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
	if (delta < 0 && (size_t)-delta > v->selected)
		v->selected = 0;
	else if (delta > 0 && v->selected + (size_t)delta >= v->count)
		v->selected = v->count - 1;
	else
		v->selected = (size_t)((long)v->selected + delta);
	v->sel_id = v->list[v->selected]->id;
}

void
view_conns_select(struct view_conns *v, size_t i)
{
	if (v->count == 0)
		return;
	v->selected = i < v->count ? i : v->count - 1;
	v->sel_id = v->list[v->selected]->id;
}

const struct conn *
view_conns_selected(const struct view_conns *v)
{
	if (v->selected >= v->count)
		return NULL;
	return v->list[v->selected];
}

/* How many history steps carry an annotation. */
static unsigned
view_conns_notes(const struct conn *c)
{
	const struct conn_step	*st;
	size_t			 i, n = conn_history_count(c->hist);
	unsigned		 count = 0;

	for (i = 0; i < n; i++) {
		st = conn_history_at(c->hist, i);
		if (st != NULL && st->ann != 0)
			count++;
	}
	return count;
}

/* Draw the list; the selected row in reverse video. */
void
view_conns_draw(struct canvas *c, const struct canvas_rect *r,
    struct view_conns *v, bool focused)
{
	const struct conn	*cn;
	char			 a[EVENT_ADDR_STRLEN], b[EVENT_ADDR_STRLEN];
	char			 line[512];
	size_t			 used;
	struct canvas_rect	 bar;
	int			 rows, y;
	int64_t			 age;
	size_t			 i;

	if (r->h < 3 || r->w < 20)
		return;
	canvas_set_clip(c, r);
	used = (size_t)snprintf(line, sizeof line, VIEW_CONNS_T_HEAD,
	    v->count, view_conns_sort_name(v->sort));
	if (v->filter[0] != '\0' && used < sizeof line)
		used += (size_t)snprintf(line + used, sizeof line - used,
		    VIEW_CONNS_T_FILTER, v->filter, v->count,
		    v->total - v->gone);
	if (v->gone > 0 && used < sizeof line)
		used += (size_t)snprintf(line + used, sizeof line - used,
		    VIEW_CONNS_T_GONE, v->gone);
	if (v->evicted > 0 && used < sizeof line)
		snprintf(line + used, sizeof line - used, VIEW_CONNS_T_EVICTED,
		    (unsigned long long)v->evicted);
	canvas_put_str_cut(c, r->x, r->y, line, r->w,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	view_conns_heads(line, sizeof line);
	canvas_put_str_cut(c, r->x, r->y + 1, line, r->w, CANVAS_R_DIM);
	rows = r->h - 2;
	if (v->selected < v->top)
		v->top = v->selected;
	if (v->selected >= v->top + (size_t)rows)
		v->top = v->selected + 1 - (size_t)rows;
	for (i = v->top, y = r->y + 2; i < v->count && y < r->y + r->h;
	    i++, y++) {
		cn = v->list[i];
		event_endpoint_format(a, sizeof a, conn_endpoint(cn,
		    CONN_CLIENT));
		event_endpoint_format(b, sizeof b, conn_endpoint(cn,
		    CONN_SERVER));
		age = v->now > cn->t_last ? v->now - cn->t_last : 0;
		/* States first: they are what the list is for. */
		snprintf(line, sizeof line,
		    "%4u %-11s %-11s %6u %5llds %4u  %s -> %s",
		    (unsigned)conn_stream(cn),
		    fsm_state_name(conn_state(cn, CONN_CLIENT)),
		    fsm_state_name(conn_state(cn, CONN_SERVER)),
		    (unsigned)cn->segments,
		    (long long)(age / COMPAT_NS_PER_SEC), view_conns_notes(cn),
		    a, b);
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
