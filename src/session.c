/*
 * session.c: the model behind the interactive view and --screen, without
 * curses: the source pumped into the engine (bounded per call), the
 * connection list, the selected connection's timeline (read again from
 * the file for a capture file, reread.h), the playback cursor, the status
 * texts, and the operations the keys perform. Layer 4 (it drives a
 * source); in libtcpviz.a, so unit tests run it.
 *
 * Invariant: nothing here keeps a pointer into engine storage across an
 * engine call that may move it. The engine's pool and history rings grow
 * by realloc and evicted slots are reused, so the selection (sel_id, and
 * the list's own sel_id) and the follow logic (max_id) hold ids; all,
 * conns and tl hold borrowed pointers that session_refresh() rebuilds,
 * and session_sync() runs it whenever the engine's generation moved,
 * before any of them is read.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "clock.h"
#include "communityid.h"
#include "engine.h"
#include "layout.h"
#include "player.h"
#include "reread.h"
#include "scenario.h"
#include "i18n.h"
#include "session.h"
#include "view.h"
#include "view-screen.h"
#include "xmalloc.h"

/*
 * Live, a pipe, a demo: the history is kept as it comes, in rings of
 * --max-history steps, and all of them together at most this many (the
 * least recently active connections forget theirs first; counted).
 */
#define SESSION_MAX_STEPS	(2u << 20)	/* 48 bytes each */

/*
 * A capture file of more connections than this opens on the list, the
 * most anomalous first (issue 17: triage); fewer open on the ladder.
 */
#define SESSION_LIST_AT		8

/* How often a quiet live source lets capture time pass in the engine. */
#define SESSION_TICK_NS		(200 * INT64_C(1000000))

/* Texts of the status and title rows (kept together for translation). */
enum session_text {
	SESSION_T_FILE,
	SESSION_T_LIVE,
	SESSION_T_DEMO,
	SESSION_T_PAUSED,
	SESSION_T_PLAYING,
	SESSION_T_FOLLOW,
	SESSION_T_KEYS,
	SESSION_T_SEG_S,
	SESSION_T_READING_DOTS,
	SESSION_T_KEYS_PICKER,
	SESSION_T_HIST_RING,
	SESSION_T_HIST_CAP,
	SESSION_T_READING,
	SESSION_T_KEYS_LIVE,
	SESSION_T_LIST,	/* live, not following */
	SESSION_T_FROZEN,	/* live, paused */
	SESSION_T_STOPPED,
	SESSION_T_KEPT,
	SESSION_T_FILTER,
	SESSION_T_TITLE,
	SESSION_T_NO_CONN,
	SESSION_T_WARNING,
	SESSION_T_EXPORT_ASK,
	SESSION_T_COMPARE_ASK,
	SESSION_T_COUNT
};

static const char *const session_texts[SESSION_T_COUNT] = {
	[SESSION_T_FILE] = N_("file"),
	[SESSION_T_LIVE] = N_("live"),
	[SESSION_T_DEMO] = N_("demo"),
	[SESSION_T_PAUSED] = N_("PAUSED"),
	[SESSION_T_PLAYING] = N_("PLAYING"),
	[SESSION_T_FOLLOW] = N_("FOLLOW"),
	[SESSION_T_KEYS] = N_("? help  q quit"),
	[SESSION_T_SEG_S] = N_("seg/s"),
	[SESSION_T_READING_DOTS] = N_("reading..."),
	[SESSION_T_KEYS_PICKER] = N_("? help  p scenarios  q quit"),
	[SESSION_T_HIST_RING] = N_("earlier steps not kept (--max-history)"),
	[SESSION_T_HIST_CAP] = N_("steps forgotten (history cap)"),
	[SESSION_T_READING] = N_("reading"),
	[SESSION_T_KEYS_LIVE] =
	    N_("f follow  / filter  c list  ? help  q quit"),
	[SESSION_T_LIST] = N_("LIST"),
	[SESSION_T_FROZEN] = N_("FROZEN"),
	[SESSION_T_STOPPED] = N_("CAPTURE STOPPED: "),
	[SESSION_T_KEPT] = N_("; everything recorded is kept"),
	[SESSION_T_FILTER] =
	    N_("filter (FIN_WAIT rst :443 10.0.0.1; Enter apply, Esc cancel): "),
	[SESSION_T_TITLE] = "tcpviz  ",
	[SESSION_T_NO_CONN] = N_("  |  no TCP connection yet (f: show the "
	    "next one as it starts)"),
	[SESSION_T_WARNING] = N_("WARNING: "),
	/* TRANSLATORS: the e prompt; the letters are keys: keep them. */
	[SESSION_T_EXPORT_ASK] = N_("export as: t txt  m md  s svg  j json  "
	    "p pcapng  u puml  M mermaid  c scn  Esc"),
	/* TRANSLATORS: the C prompt; a scenario's name follows. */
	[SESSION_T_COMPARE_ASK] =
	    N_("compare with (Tab next, Enter, Esc): "),
};

static void	session_follow_newest(struct session *);
static int	session_conn_pending(const void *, const struct conn *,
		    enum conn_role);

/* The borrowed pointers are stale once the engine moved: rebuild them. */
static void
session_sync(struct session *m)
{
	if (m->gen != engine_generation(m->e))
		session_refresh(m);
}

/* The row time for the player. */
static int64_t
session_row_time(const void *arg, size_t i)
{
	const struct view_timeline	*tl = arg;

	return i < tl->count ? tl->rows[i].t : 0;
}

static bool
session_row_change(const void *arg, size_t i)
{
	return view_timeline_is_change(arg, i);
}

static bool
session_row_anomaly(const void *arg, size_t i)
{
	return view_timeline_is_anomaly(arg, i);
}

/* Set up the engine for a source. */
void
session_init(struct session *m, const struct session_config *cfg,
    struct backend *b)
{
	struct engine_config	ec;
	char			*err = NULL;

	memset(m, 0, sizeof *m);
	m->cfg = *cfg;
	m->b = b;
	quiz_init(&m->quiz, cfg->quiz, cfg->quiz_seed);
	engine_config_default(&ec);
	/* Reasons are kept in the history's steps: no queue to drain. */
	ec.output = false;
	if (cfg->max_history > 0)
		ec.max_history = cfg->max_history;
	if (cfg->max_conns > 0)
		ec.max_conns = cfg->max_conns;
	if (cfg->msl_ns > 0)
		ec.msl_ns = cfg->msl_ns;
	ec.rfc1337 = cfg->rfc1337;
	/* The list, the info panel and the exports show the triage counts. */
	ec.stats = true;
	/*
	 * A seekable file: no history in memory; the connection a view
	 * shows is read again from the file (reread.h).
	 */
	if (cfg->source == SESSION_FILE && backend_can_reopen(b) &&
	    ec.max_history > 0 &&
	    (m->rr = reread_new(b, &ec, &err)) != NULL) {
		ec.max_history = 0;
		ec.track_blocks = true;
	} else
		ec.max_steps = SESSION_MAX_STEPS;
	free(err);
	m->e = engine_new(&ec);
	m->load_start = clock_mono_ns();
	m->gen = engine_generation(m->e);
	/*
	 * A file and a demo open paused: a demo on step 0 (the teacher's
	 * pace: one key, one step), unless --autoplay sets a pace.
	 */
	player_init(&m->player, cfg->source != SESSION_LIVE &&
	    (cfg->source != SESSION_DEMO || cfg->autoplay_ns == 0), false);
	if (cfg->source == SESSION_DEMO) {
		player_set_pace(&m->player, cfg->autoplay_ns, cfg->loop);
		m->tl.start = true;
	}
	/*
	 * A file's quiz asks about its first row too: a step 0 before it,
	 * as a demo has, where the player holds for the first question.
	 */
	if (cfg->source == SESSION_FILE && cfg->quiz)
		m->tl.start = true;
	if (cfg->source == SESSION_LIVE) {
		/* Live: the connection list is the home screen. */
		m->ctx.focus = VIEW_FOCUS_CONNS;
		m->conns.linger_ns = cfg->linger_ns;
		m->conns.sort = VIEW_CONNS_SORT_LAST;
	}
	m->conns.pending = session_conn_pending;
	m->conns.pending_arg = m;
	m->ctx.color = !cfg->no_color;
	m->ctx.demo = cfg->source == SESSION_DEMO;
	m->ctx.msl_ns = ec.msl_ns;
	m->tl.notation = cfg->notation;
}

void
session_free(struct session *m)
{
	reread_free(m->rr);
	engine_free(m->e);
	free(m->all);
	free(m->allst);
	view_timeline_clear(&m->tl);
	view_conns_clear(&m->conns);
	free(m->cmp_text);
	m->cmp_text = NULL;
}

/*
 * A live source is quiet: let capture time pass (clock_capture_now, the
 * rule the headless printers use too), so transitions settle, TIME_WAIT
 * ends and ages grow.
 */
static bool
session_advance(struct session *m)
{
	int64_t	wall = clock_wall_ns(), t;

	if (m->cfg.source != SESSION_LIVE || wall - m->last_tick < SESSION_TICK_NS)
		return false;
	m->last_tick = wall;
	if ((t = clock_capture_now(&m->cap)) <= m->now)
		return false;
	engine_advance(m->e, t);
	m->now = t;
	return true;
}

/* Read what the source has (bounded); true if anything came. */
bool
session_pump(struct session *m, size_t max_items, int64_t budget_ns)
{
	struct event_segment	 seg;
	enum backend_next	 r;
	int64_t			 start = clock_mono_ns();
	size_t			 n;
	bool			 got = false;

	if (m->ended)
		return false;
	for (n = 0; n < max_items; n++) {
		r = backend_next(m->b, &seg);
		if (r == BACKEND_AGAIN) {
			got = session_advance(m) || got;
			break;
		}
		if (r == BACKEND_END) {
			engine_finish(m->e);
			m->ended = true;
			got = true;
			break;
		}
		got = true;
		if (r == BACKEND_SEGMENT) {
			engine_feed(m->e, &seg);
			m->segments++;
			if (seg.t_sent > m->now)
				m->now = seg.t_sent;
			if (m->cfg.source == SESSION_LIVE)
				clock_capture_segment(&m->cap, seg.t_sent);
		} else if (r == BACKEND_APP) {
			(void)engine_feed_app(m->e, &m->b->app);
			if (m->b->app.t > m->now)
				m->now = m->b->app.t;
		}
		if ((n & 255) == 255 && clock_mono_ns() - start > budget_ns)
			break;
	}
	/*
	 * No refresh here: the next reader of the model (a frame, a key)
	 * refreshes, so a file loads without rebuilding the list after every
	 * pump (session_sync).
	 */
	return got;
}

/* Does connection a come before b in a demo's lesson order? */
static bool
session_demo_before(const struct conn *a, const struct conn *b)
{
	return a->t_first < b->t_first ||
	    (a->t_first == b->t_first && a->id < b->id);
}

/*
 * A demo's connection after (dir 1) or before (dir -1) the shown one, in
 * the order they started, or the first (dir 0); NULL if none.
 */
static const struct conn *
session_demo_neighbour(const struct session *m, int dir)
{
	const struct conn	*cur = NULL, *best = NULL, *c;
	size_t			 i;

	for (i = 0; i < m->nall; i++) {
		if (m->all[i]->id == m->sel_id)
			cur = m->all[i];
	}
	for (i = 0; i < m->nall; i++) {
		c = m->all[i];
		if (dir == 0) {
			if (best == NULL || session_demo_before(c, best))
				best = c;
			continue;
		}
		if (cur == NULL || c == cur)
			continue;
		if (dir > 0 && session_demo_before(cur, c) &&
		    (best == NULL || session_demo_before(c, best)))
			best = c;
		if (dir < 0 && session_demo_before(c, cur) &&
		    (best == NULL || session_demo_before(best, c)))
			best = c;
	}
	return best;
}

/*
 * A demo's player goes on past the shown connection's last step to the
 * next connection (so a new incarnation is seen in the same view), and
 * with --loop from the last connection back to the first.
 */
static void
session_demo_pace(struct session *m)
{
	if (m->cfg.source != SESSION_DEMO)
		return;
	m->player.more = session_demo_neighbour(m, 1) != NULL ||
	    (m->cfg.loop && m->nall > 1);
	m->player.loop = m->cfg.loop && m->nall <= 1;
}

/* A demo shows connection id from its step 0 (or its last step). */
static void
session_demo_show(struct session *m, uint32_t id, bool at_end)
{
	m->sel_id = id;
	m->at_end = false;
	m->ctx.scroll = 0;
	session_refresh(m);
	if (at_end)
		player_end(&m->player);
	else
		player_seek(&m->player, 0);
}

/* view_conns.pending: the list's "SYN_RCVD?" (engine-owned facts). */
static int
session_conn_pending(const void *arg, const struct conn *c,
    enum conn_role role)
{
	const struct session	*m = arg;

	return engine_conn_pending_state(m->e, c, role, NULL);
}

/*
 * Live: each role's tentative state, from the engine's unsettled facts of
 * the connection on screen (the same instance by id; a re-read copy keeps
 * the frames of the file).
 */
static void
session_pending(struct session *m, const struct conn *sel)
{
	const struct conn	*c;
	uint64_t		 frame = 0;
	int			 role, st;

	if (sel == NULL || m->e == NULL ||
	    (c = engine_conn_by_id(m->e, sel->id)) == NULL)
		return;
	for (role = 0; role < 2; role++) {
		st = engine_conn_pending_state(m->e, c, (enum conn_role)role,
		    &frame);
		m->tl.pending[role] = (int8_t)st;
		m->tl.pending_frame[role] = frame;
	}
}

/*
 * A capture file, once it shows more than SESSION_LIST_AT connections
 * (while it loads, the first time): the list takes the view, sorted by
 * anomalies with its first row selected until a key moves it. Fewer
 * stay on the first connection's ladder, as a lesson's capture should.
 */
static void
session_choose_list(struct session *m)
{
	if (m->list_chosen || m->cfg.source != SESSION_FILE ||
	    m->nall <= SESSION_LIST_AT)
		return;
	m->list_chosen = true;
	if (m->ctx.focus != VIEW_FOCUS_SEQ)
		return;
	m->ctx.focus = VIEW_FOCUS_CONNS;
	m->conns.sort = VIEW_CONNS_SORT_ANOMALIES;
	m->conns.pin_top = true;
}

/* Rebuild the connection list and the selected timeline. */
void
session_refresh(struct session *m)
{
	const struct conn	*c, *sel = NULL;
	size_t			 i, n = engine_conn_count(m->e);

	m->gen = engine_generation(m->e);
	m->nall = 0;
	for (i = 0; i < n; i++) {
		if ((c = engine_conn_at(m->e, i)) == NULL)
			continue;
		if (m->nall == m->capall) {
			m->capall = m->capall == 0 ? 64 : m->capall * 2;
			m->all = xreallocarray(m->all, m->capall,
			    sizeof *m->all);
			m->allst = xreallocarray(m->allst, m->capall,
			    sizeof *m->allst);
		}
		m->allst[m->nall] = engine_conn_stats(m->e, c);
		m->all[m->nall++] = c;
	}
	m->conns.now = m->now;
	m->conns.evicted = engine_stats(m->e)->evicted;
	session_choose_list(m);
	view_conns_set(&m->conns, m->all, m->allst, m->nall);
	sel = engine_conn_by_id(m->e, m->sel_id);
	/*
	 * Following live: a connection newer than any seen (its first SYN
	 * just came) takes the view, so a class can run curl and watch it.
	 */
	for (i = 0; i < m->nall; i++) {
		c = m->all[i];
		if (c->id <= m->max_id)
			continue;
		m->max_id = c->id;
		if (m->player.follow && m->cfg.source == SESSION_LIVE &&
		    view_conns_match(m->conns.filter, c, m->allst[i])) {
			sel = c;
			m->sel_id = c->id;
			m->ctx.focus = VIEW_FOCUS_SEQ;
		}
	}
	/* Nothing chosen yet (or it was evicted): the first one seen. */
	if (sel == NULL && m->nall > 0) {
		sel = m->all[0];
		for (i = 1; i < m->nall; i++) {
			if (m->all[i]->t_first < sel->t_first ||
			    (m->all[i]->t_first == sel->t_first &&
			    m->all[i]->id < sel->id))
				sel = m->all[i];
		}
		m->sel_id = sel->id;
	}
	/* Eviction at --max-conns passes over the one on screen. */
	engine_keep(m->e, m->sel_id);
	/* A file's connection: its history read again (reread.h). */
	if (m->rr != NULL)
		sel = reread_conn(m->rr, sel, m->now, m->ended);
	view_timeline_build(&m->tl, sel);
	session_pending(m, sel);
	player_set_count(&m->player, m->tl.count);
	session_demo_pace(m);
	if (m->at_end)
		player_end(&m->player);
	m->ctx.tl = sel != NULL ? &m->tl : NULL;
}

/*
 * The notes of one connection of a demo: those timed from just after the
 * connection before it ended (or from the start) to this one's last row
 * (the last connection: to the end). A lesson's notes are in time order,
 * so connection #2 never shows connection #1's notes.
 */
struct session_notes {
	const struct scenario	*sc;
	int64_t			 lo, hi;	/* the window, inclusive */
};

/* Note i of the scenario for view_timeline_notes, on the rows' clock. */
static bool
session_note_at(const void *arg, size_t i, int64_t *t, const char **text)
{
	const struct session_notes	*w = arg;

	if (i >= w->sc->nnotes)
		return false;
	*t = SCENARIO_EPOCH_NS + w->sc->notes[i].t;
	/* The scenario's own words in the view's language, if it has them. */
	*text = *t < w->lo || *t > w->hi ? NULL :
	    i18n_get() == I18N_ZH_CN && w->sc->notes[i].zh != NULL &&
	    w->sc->notes[i].zh[0] != '\0' ? w->sc->notes[i].zh :
	    w->sc->notes[i].en;
	return true;
}

/* The scenario's notes for the cursor's row (demos only). */
static const char *
session_note(struct session *m)
{
	struct session_notes	 w;
	const struct conn	*prev, *next;
	int64_t			 start, end;
	char			 raw[sizeof m->narration];

	if (m->cfg.scenario == NULL || m->tl.count == 0)
		return NULL;
	w.sc = m->cfg.scenario;
	w.lo = INT64_MIN;
	w.hi = INT64_MAX;
	start = m->tl.rows[view_timeline_first(&m->tl)].t;
	if (m->cfg.source == SESSION_DEMO) {
		/* Overlapping connections share what falls in both. */
		if ((prev = session_demo_neighbour(m, -1)) != NULL) {
			/* Its end: TIME_WAIT's timer is after its segments. */
			end = prev->t_last;
			if (prev->end[0].t_last > end)
				end = prev->end[0].t_last;
			if (prev->end[1].t_last > end)
				end = prev->end[1].t_last;
			w.lo = (end < start ? end : start - 1) + 1;
		}
		if ((next = session_demo_neighbour(m, 1)) != NULL) {
			end = m->tl.rows[m->tl.count - 1].t;
			w.hi = end > next->t_first - 1 ? end :
			    next->t_first - 1;
		}
	}
	if (view_timeline_notes(&m->tl, m->player.pos, session_note_at,
	    &w, raw, sizeof raw) == NULL)
		return NULL;
	/* The notes speak Stevens's letters; say them in the notation. */
	return view_notation_rewrite(m->narration, sizeof m->narration,
	    &m->tl, raw);
}

/* x: the next notation for sequence numbers, arrows and narration. */
void
session_notation_cycle(struct session *m)
{
	m->tl.notation = (enum view_notation)((m->tl.notation + 1) %
	    VIEW_NOTATION_COUNT);
	m->cfg.notation = m->tl.notation;
}

/* t: the time column relative to the first segment, or the time of day. */
void
session_clock_cycle(struct session *m)
{
	m->ctx.clock = (enum view_clock)((m->ctx.clock + 1) %
	    VIEW_CLOCK_COUNT);
}

/* Is the quiz over: questions answered and none left to ask here? */
static bool
session_quiz_final(const struct session *m)
{
	return m->quiz.on && !m->quiz.asking &&
	    quiz_total_asked(&m->quiz) > 0 && m->tl.count > 0 &&
	    m->player.pos + 1 >= m->tl.count;
}

/* Append to the status row. */
/*
 * The selected connection's number as shown: tshark's tcp.stream
 * (conn_stream(), its id - 1); 0 when none is selected.
 */
static unsigned
session_shown(const struct session *m)
{
	return m->sel_id == 0 ? 0 : (unsigned)m->sel_id - 1;
}

static void
session_status_add(struct session *m, const char *fmt, ...)
{
	size_t	used = strlen(m->left);
	va_list	ap;

	if (used + 1 >= sizeof m->left)
		return;
	va_start(ap, fmt);
	vsnprintf(m->left + used, sizeof m->left - used, fmt, ap);
	va_end(ap);
}

/*
 * What the limits threw away, when they did: connections evicted at
 * --max-conns, steps forgotten at --max-history (the shown connection's
 * ring) or at the total cap of a live capture's history.
 */
static void
session_status_limits(struct session *m)
{
	const struct engine_stats	*st = engine_stats(m->e);
	const struct conn		*c = m->tl.conn;

	if (st->evicted > 0)
		session_status_add(m, " %s %" PRIu64, _("evicted"),
		    st->evicted);
	if (c != NULL && c->hist != NULL && c->hist->dropped > 0)
		session_status_add(m, " | %" PRIu64 " %s", c->hist->dropped,
		    _(session_texts[SESSION_T_HIST_RING]));
	else if (st->history_dropped > 0)
		session_status_add(m, " | %" PRIu64 " %s", st->history_dropped,
		    _(session_texts[SESSION_T_HIST_CAP]));
}

/* A file still loading: how far, and how fast. */
static void
session_status_progress(struct session *m)
{
	int64_t		el = clock_mono_ns() - m->load_start;
	double		rate;

	if (m->b->size == 0 || el <= 0) {
		session_status_add(m, " | %s",
		    _(session_texts[SESSION_T_READING_DOTS]));
		return;
	}
	rate = (double)m->segments * 1e9 / (double)el;
	session_status_add(m, " | %s %u%% %.*f%s %s",
	    _(session_texts[SESSION_T_READING]),
	    (unsigned)(m->b->offset >= m->b->size ? 99 :
	    m->b->offset * 100 / m->b->size), rate >= 1e6 ? 2 : 0,
	    rate >= 1e6 ? rate / 1e6 : rate / 1e3, rate >= 1e6 ? "M" : "k",
	    _(session_texts[SESSION_T_SEG_S]));
}

/*
 * A demo's time: from its first segment (any connection's), "+0.540 s";
 * a class reads offsets, not 2024's epoch seconds.
 */
static void
session_demo_time(const struct session *m, char *buf, size_t len)
{
	const struct conn	*first = session_demo_neighbour(m, 0);
	int64_t			 t0, d;

	t0 = first != NULL ? first->t_first : m->tl.rows[0].t;
	if (t0 > m->tl.rows[0].t)
		t0 = m->tl.rows[0].t;
	d = m->tl.rows[m->player.pos].t - t0;
	if (d < 0)
		d = 0;
	snprintf(buf, len, "+%lld.%03lld s", (long long)(d /
	    COMPAT_NS_PER_SEC), (long long)(d % COMPAT_NS_PER_SEC / 1000000));
}

static void	session_title(struct session *, const char *, const char *,
		    const char *);

/* A time in us as "2.0 ms", or "-" when not known. */
static const char *
session_us(char *buf, size_t len, uint64_t us)
{
	if (us == CONN_STATS_NONE)
		snprintf(buf, len, "-");
	else if (us < 10000)
		snprintf(buf, len, "%.2f ms", (double)us / 1000.0);
	else if (us < 10000000)
		snprintf(buf, len, "%.1f ms", (double)us / 1000.0);
	else
		snprintf(buf, len, "%.1f s", (double)us / 1000000.0);
	return buf;
}

/*
 * While the list has the focus, the panel under it gives the selected
 * connection's measures (issue 17): Zeek's conn_state and history, the
 * handshake RTT, RTT min/avg/max, how long it lasted, bytes and segments
 * each way, the anomalies. NULL when there are no stats.
 */
static const char *
session_measures(struct session *m)
{
	const struct conn		*c = view_conns_selected(&m->conns);
	const struct conn_stats		*st;
	const struct conn_dir_stats	*dc, *ds;
	char				 hs[24], lo[24], av[24], hi[24], dur[24];
	char				 anom[160];

	if (c == NULL || (st = engine_conn_stats(m->e, c)) == NULL)
		return NULL;
	dc = &st->dir[CONN_CLIENT];
	ds = &st->dir[CONN_SERVER];
	conn_anomalies_format(anom, sizeof anom, conn_anomalies(c, st));
	snprintf(m->measures, sizeof m->measures,
	    _("#%u %s %s  handshake RTT %s  RTT %s / %s / %s  lasted %s  "
	    "client sent %llu B in %u segments, server %llu B in %u  %s"),
	    (unsigned)conn_stream(c),
	    conn_stats_zeek_state(st, c->flags), st->zeek_history,
	    session_us(hs, sizeof hs, st->hs_rtt_us),
	    session_us(lo, sizeof lo, st->rtt_min_us),
	    session_us(av, sizeof av, st->rtt_samples == 0 ? CONN_STATS_NONE :
	    st->rtt_sum_us / st->rtt_samples),
	    session_us(hi, sizeof hi, st->rtt_max_us),
	    session_us(dur, sizeof dur, c->t_last > c->t_first ?
	    (uint64_t)(c->t_last - c->t_first) / 1000 : 0),
	    (unsigned long long)dc->bytes, (unsigned)dc->segments,
	    (unsigned long long)ds->bytes, (unsigned)ds->segments, anom);
	return m->measures;
}

/* Fill the title, status and narration for a frame. */
void
session_frame(struct session *m, bool reading)
{
	const struct backend	*b = m->b;
	char			 tbuf[EVENT_TIME_STRLEN], a[EVENT_ADDR_STRLEN];
	char			 z[EVENT_ADDR_STRLEN], speed[16], msl[24];
	char			 quiz[32];
	struct quiz_question	 qq;
	const char		*mode, *state, *measures;
	int			 milli = player_speed_milli(&m->player);
	uint64_t		 errs = 0;
	size_t			 step0;
	int			 r;

	session_sync(m);
	/* Damaged frames only: ARP, UDP and the like are not errors. */
	for (r = 1; r < PARSE_R_COUNT; r++) {
		if (parse_reason_status((enum parse_reason)r) != PARSE_SKIP)
			errs += b->stats.by_reason[r];
	}
	mode = _(session_texts[m->cfg.source == SESSION_LIVE ? SESSION_T_LIVE :
	    m->cfg.source == SESSION_DEMO ? SESSION_T_DEMO : SESSION_T_FILE]);
	state = _(session_texts[m->player.follow ? SESSION_T_FOLLOW :
	    m->player.paused ? SESSION_T_PAUSED : SESSION_T_PLAYING]);
	if (m->cfg.source == SESSION_LIVE && !m->player.follow)
		state = m->player.paused ? _(session_texts[SESSION_T_FROZEN]) :
		    _(session_texts[SESSION_T_LIST]);
	snprintf(speed, sizeof speed, "%d.%dx", milli / 1000,
	    milli % 1000 / 100);
	tbuf[0] = '\0';
	if (m->tl.count > 0 && m->cfg.source == SESSION_DEMO)
		session_demo_time(m, tbuf, sizeof tbuf);
	else if (m->tl.count > 0)
		event_time_format(tbuf, sizeof tbuf,
		    m->tl.rows[m->player.pos].t);
	a[0] = z[0] = '\0';
	if (m->tl.conn != NULL) {
		event_endpoint_format(a, sizeof a, conn_endpoint(m->tl.conn,
		    CONN_CLIENT));
		event_endpoint_format(z, sizeof z, conn_endpoint(m->tl.conn,
		    CONN_SERVER));
	}
	/* Loading a file: its progress first, where 80 columns show it. */
	snprintf(m->left, sizeof m->left, " %s %s", mode, state);
	/* First, where 80 columns show it: a teacher repeats the seed. */
	if (m->quiz.on) {
		quiz_score_format(quiz, sizeof quiz, &m->quiz, false);
		/* TRANSLATORS: the status row in quiz mode; keep it short. */
		session_status_add(m, _(" | quiz %s seed %u"), quiz,
		    (unsigned)m->quiz.seed);
	}
	if (reading && m->cfg.source != SESSION_LIVE)
		session_status_progress(m);
	/* A demo counts from step 0, the world before the first segment. */
	step0 = view_timeline_first(&m->tl);
	if (m->cfg.source == SESSION_DEMO) {
		/*
		 * A simulation loses nothing to the kernel and parses no
		 * frames: its MSL (TIME_WAIT lasts twice that) instead.
		 */
		view_time_short(msl, sizeof msl, m->ctx.msl_ns);
		/* TRANSLATORS: a demo's status row; keep it short. */
		session_status_add(m, _(" | %s | %s | step %zu/%zu | #%u | "
		    "seg %llu conn %zu | MSL %s"), tbuf, speed,
		    m->tl.count > 0 ? m->player.pos + 1 - step0 : 0,
		    m->tl.count - step0, session_shown(m),
		    (unsigned long long)m->segments, m->nall, msl);
	} else
		/* TRANSLATORS: the status row; keep it short (80 columns). */
		session_status_add(m, _(" | %s | %s | step %zu/%zu | #%u | "
		    "seg %llu conn %zu err %llu drop %llu"), tbuf, speed,
		    m->tl.count > 0 ? m->player.pos + 1 - step0 : 0,
		    m->tl.count - step0, session_shown(m),
		    (unsigned long long)m->segments, m->nall,
		    (unsigned long long)errs,
		    (unsigned long long)b->kernel_drops);
	session_status_limits(m);
	if (m->editing)
		snprintf(m->left, sizeof m->left, "%s%s_",
		    _(session_texts[SESSION_T_FILTER]), m->edit);
	else if (m->exporting)
		snprintf(m->left, sizeof m->left, " %s",
		    _(session_texts[SESSION_T_EXPORT_ASK]));
	else if (m->comparing)
		snprintf(m->left, sizeof m->left, "%s%s_",
		    _(session_texts[SESSION_T_COMPARE_ASK]), m->cmp_edit);
	else if (m->notice[0] != '\0')
		snprintf(m->left, sizeof m->left, " %s", m->notice);
	if (m->cfg.source == SESSION_LIVE && m->ended && b->error != NULL)
		snprintf(m->title, sizeof m->title, "%s%s%s",
		    _(session_texts[SESSION_T_STOPPED]), b->error,
		    _(session_texts[SESSION_T_KEPT]));
	else if (m->cfg.source == SESSION_LIVE && b->warning != NULL)
		snprintf(m->title, sizeof m->title, "%s%s",
		    _(session_texts[SESSION_T_WARNING]), b->warning);
	else if (m->tl.conn == NULL)
		snprintf(m->title, sizeof m->title, "%s%s%s",
		    _(session_texts[SESSION_T_TITLE]),
		    m->cfg.name != NULL ? m->cfg.name : "",
		    _(session_texts[SESSION_T_NO_CONN]));
	else
		session_title(m, m->cfg.name != NULL ? m->cfg.name : "", a,
		    z);
	m->title_conn = m->tl.conn != NULL && m->title[0] != '\0' &&
	    !(m->cfg.source == SESSION_LIVE && ((m->ended && b->error != NULL)
	    || b->warning != NULL));
	m->ctx.title = m->title;
	m->ctx.status_left = m->left;
	m->ctx.status_right = _(session_texts[m->cfg.picker ?
	    SESSION_T_KEYS_PICKER : m->cfg.source == SESSION_LIVE ?
	    SESSION_T_KEYS_LIVE : SESSION_T_KEYS]);
	m->ctx.pos = m->player.pos;
	m->ctx.narration = session_note(m);
	/*
	 * The question again (it is a function of row and seed), so x and
	 * L redraw its choices in the notation and language now in use.
	 */
	if (m->quiz.on && (m->quiz.asking || m->quiz.answered) &&
	    m->quiz.conn_id == m->sel_id &&
	    quiz_build(&qq, &m->tl, m->quiz.q.row, m->quiz.seed))
		m->quiz.q = qq;
	m->ctx.note_only = false;
	if (m->ctx.focus == VIEW_FOCUS_CONNS &&
	    (measures = session_measures(m)) != NULL) {
		m->ctx.narration = measures;
		m->ctx.note_only = true;
	}
	m->ctx.quiz = m->quiz.on ? &m->quiz : NULL;
	m->ctx.panel = m->cmp_text;
	m->ctx.quiz_final = session_quiz_final(m);
}

bool
session_copy_filter(struct session *m, char *osc, size_t len)
{
	struct event_key	k;
	char			f[EVENT_FILTER_STRLEN];
	char			bpf[EVENT_FILTER_STRLEN];
	size_t			n;

	osc[0] = '\0';
	if (m->tl.conn == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("no connection selected: nothing copied"));
		return false;
	}
	event_key_from(&k, conn_endpoint(m->tl.conn, CONN_CLIENT),
	    conn_endpoint(m->tl.conn, CONN_SERVER));
	event_filter_display(f, sizeof f, &k);
	event_filter_bpf(bpf, sizeof bpf, &k);
	/* xterm's OSC 52, "c" the clipboard, ended by ST (ESC \\). */
	if (len < 10)
		return false;
	memcpy(osc, "\033]52;c;", 7);
	n = communityid_base64(osc + 7, len - 9, f, strlen(f));
	if (n == 0) {
		osc[0] = '\0';
		return false;
	}
	memcpy(osc + 7 + n, "\033\\", 3);
	/*
	 * TRANSLATORS: the status row after y: the Wireshark filter copied,
	 * then the BPF one (tcpdump) to type by hand.
	 */
	snprintf(m->notice, sizeof m->notice, _("copied (OSC 52): %s  BPF: %s"),
	    f, bpf);
	return true;
}

/* The title naming the connection: source name, client a, server z. */
static void
session_title(struct session *m, const char *name, const char *a,
    const char *z)
{
	char	*p;

	snprintf(m->title, sizeof m->title,
	    _("tcpviz  %s  |  connection #%u  %s -> %s  |  "
	    "C = client, S = server"), name, session_shown(m), a, z);
	/* No name (a narrow title dropped it): one gap, not two. */
	if (name[0] == '\0' && (p = strstr(m->title, "    ")) != NULL)
		memmove(p, p + 2, strlen(p + 2) + 1);
}

/* L: the next language; the next frame is drawn in it. */
void
session_lang_next(struct session *m)
{
	(void)m;
	i18n_next();
}

/*
 * The title of a connection's frame, at most w columns where the
 * endpoints would be cut: each keeps its whole port and loses host
 * characters instead (issue 17; event_endpoint_fit), and when even
 * "...:port" of both does not fit, the file name goes first. The tail
 * after them ("C = client ...") is what a narrow screen drops.
 */
static void
session_title_fit(struct session *m, int w, bool ascii)
{
	const struct event_endpoint	*ea, *ez;
	const char			*name;
	char				 a[EVENT_ADDR_STRLEN];
	char				 z[EVENT_ADDR_STRLEN], *p, *q, c;
	int				 pass, avail, aw, zw, ma, mz;

	if (!m->title_conn || m->tl.conn == NULL ||
	    canvas_str_width(m->title) <= w)
		return;
	ea = conn_endpoint(m->tl.conn, CONN_CLIENT);
	ez = conn_endpoint(m->tl.conn, CONN_SERVER);
	aw = canvas_str_width(event_endpoint_format(a, sizeof a, ea));
	zw = canvas_str_width(event_endpoint_format(z, sizeof z, ez));
	ma = canvas_str_width(event_endpoint_fit(a, sizeof a, ea, 0, ascii));
	mz = canvas_str_width(event_endpoint_fit(z, sizeof z, ez, 0, ascii));
	for (pass = 0; pass < 2; pass++) {
		name = pass == 0 && m->cfg.name != NULL ? m->cfg.name : "";
		/* Where the endpoints fall in this language's sentence. */
		session_title(m, name, "\001", "\002");
		if ((p = strchr(m->title, '\001')) == NULL ||
		    (q = strchr(m->title, '\002')) == NULL || q < p)
			break;
		*p = *q = '\0';
		avail = w - canvas_str_width(m->title) -
		    canvas_str_width(p + 1);
		if (avail < ma + mz)
			continue;
		if (aw + zw > avail) {
			/* Halves; a short one's spare to the other. */
			if (aw <= avail / 2)
				zw = avail - aw;
			else if (zw <= avail - avail / 2)
				aw = avail - zw;
			else {
				aw = avail / 2;
				zw = avail - aw;
			}
			if (aw < ma) {
				aw = ma;
				zw = avail - ma;
			} else if (zw < mz) {
				zw = mz;
				aw = avail - mz;
			}
		}
		event_endpoint_fit(a, sizeof a, ea, aw, ascii);
		event_endpoint_fit(z, sizeof z, ez, zw, ascii);
		session_title(m, name, a, z);
		/*
		 * The tail after them ("C = client ...") goes whole rather
		 * than end in an ellipsis that reads as a cut port.
		 */
		if ((p = strstr(m->title, a)) != NULL &&
		    (q = strstr(p + strlen(a), z)) != NULL &&
		    canvas_str_width(m->title) > w) {
			c = q[strlen(z)];
			q[strlen(z)] = '\0';
			/* Room for some of it ("  |  C = cl..."): keep it. */
			if (w - canvas_str_width(m->title) >= 8)
				q[strlen(z)] = c;
		}
		return;
	}
	/* No room even so: the full title, cut as before. */
	session_title(m, m->cfg.name != NULL ? m->cfg.name : "",
	    event_endpoint_format(a, sizeof a, ea),
	    event_endpoint_format(z, sizeof z, ez));
}

/* Draw the frame session_frame filled in. */
void
session_draw(struct session *m, struct canvas *c)
{
	struct layout	l;

	session_sync(m);
	layout_compute(&l, c->cols, c->rows);
	session_title_fit(m, l.title.w, c->ascii);
	view_screen_draw(c, &l, &m->ctx, &m->conns);
}

/* Read the whole source, then put the cursor after step at_step. */
void
session_load(struct session *m, const struct session_config *cfg,
    struct backend *b, size_t at_step)
{
	session_init(m, cfg, b);
	while (!m->ended) {
		if (!session_pump(m, SIZE_MAX, INT64_MAX))
			break;
	}
	session_refresh(m);
	/* Steps as the status row counts them: a demo's from 0. */
	if (m->tl.count > 0 && at_step != SESSION_AT_LAST) {
		if (!m->tl.start && at_step > 0)
			at_step--;
		player_seek(&m->player, at_step);
	} else if (m->tl.count > 0)
		player_end(&m->player);
	session_frame(m, false);
}

/* Render one frame as text: --screen COLSxROWS [--at N]. */
int
session_screen_dump(const struct session_config *cfg, struct backend *b,
    int cols, int rows, bool ascii, size_t at_step, FILE *out)
{
	struct session	 m;
	struct canvas	*c;
	int		 rc;

	session_load(&m, cfg, b, at_step);
	c = canvas_text_new(cols, rows, ascii);
	session_draw(&m, c);
	rc = canvas_text_dump(c, out) == 0 && fflush(out) == 0 ? 0 : 1;
	canvas_free(c);
	session_free(&m);
	return rc;
}

/*
 * The player reads only the timeline. A file's timeline is the re-read
 * engine's (reread.h), which a pump never moves: no refresh for it.
 */
static void
session_sync_timeline(struct session *m)
{
	if (m->rr == NULL)
		session_sync(m);
}

/* Timed playback: has the cursor moved (player_tick over the rows)? */
/*
 * Quiz mode: hold the player before the next row when it changes a state
 * (view_timeline_is_change) and ask about it; true while a question
 * waits, and nothing may move forward until it is answered.
 */
static bool
session_quiz_gate(struct session *m)
{
	size_t	next = m->player.pos + 1;

	if (!m->quiz.on || m->tl.count == 0)
		return false;
	/* Another connection was opened meanwhile: that question is moot. */
	if (m->quiz.conn_id != m->sel_id)
		m->quiz.asking = m->quiz.answered = false;
	if (m->quiz.asking)
		return true;
	if (next >= m->tl.count ||
	    !quiz_hold(&m->quiz, &m->tl, m->sel_id, next))
		return false;
	m->quiz.was_playing = !m->player.paused;
	m->player.paused = true;
	return true;
}

void
session_quiz_toggle(struct session *m)
{
	session_sync(m);
	if (m->quiz.on && m->quiz.asking && m->quiz.was_playing)
		m->player.paused = false;
	quiz_toggle(&m->quiz);
	/* On from here: the rows already shown are not asked. */
	m->quiz.conn_id = m->sel_id;
	m->quiz.next_row = m->player.pos + 1;
}

bool
session_quiz_answer(struct session *m, size_t n)
{
	session_sync(m);
	if (!quiz_answer(&m->quiz, n))
		return false;
	/* Show the row asked about: the transition and its narration. */
	player_seek(&m->player, m->quiz.q.row);
	m->ctx.scroll = 0;
	return true;
}

bool
session_tick(struct session *m, int64_t mono_ns)
{
	const struct conn	*c;
	bool			 moved, asking;

	session_sync_timeline(m);
	/* The verdict stays until a key goes on (session_step). */
	if (m->quiz.on && m->quiz.answered)
		return false;
	/* A new question: a frame to draw, as a step would be. */
	asking = m->quiz.asking;
	if (session_quiz_gate(m))
		return !asking;
	moved = player_tick(&m->player, mono_ns, session_row_time, &m->tl);
	if (m->player.past_end) {
		/* A demo's next connection, or with --loop the first again. */
		m->player.past_end = false;
		c = session_demo_neighbour(m, 1);
		if (c == NULL && m->cfg.loop)
			c = session_demo_neighbour(m, 0);
		if (c != NULL)
			session_demo_show(m, c->id, false);
		m->player.entered = mono_ns;
	}
	return moved;
}

/* When the next row is due (monotonic ns), or -1. */
int64_t
session_due(struct session *m)
{
	session_sync_timeline(m);
	return player_due(&m->player, session_row_time, &m->tl);
}

/* Move the list's selection by delta rows. */
void
session_conns_move(struct session *m, int delta)
{
	session_sync(m);
	view_conns_move(&m->conns, delta);
}

/* Select row i of the list (a click). */
void
session_conns_select(struct session *m, size_t row)
{
	session_sync(m);
	view_conns_select(&m->conns, row);
}

/* s: the next sort order; the selection stays on its connection. */
void
session_sort_cycle(struct session *m)
{
	session_sync(m);
	m->conns.sort = (enum view_conns_sort)((m->conns.sort + 1) %
	    VIEW_CONNS_SORT_COUNT);
	view_conns_set(&m->conns, m->all, m->allst, m->nall);
}

/* Apply a filter (a state name or part of an address; "" clears). */
void
session_set_filter(struct session *m, const char *filter)
{
	snprintf(m->conns.filter, sizeof m->conns.filter, "%s", filter);
	m->ctx.focus = VIEW_FOCUS_CONNS;
	session_refresh(m);
}

/* Enter in the list: the selected connection takes the ladder. */
void
session_open_selected(struct session *m)
{
	const struct conn	*c;

	session_sync(m);
	c = view_conns_selected(&m->conns);
	if (c != NULL && c->id != m->sel_id) {
		m->sel_id = c->id;
		m->at_end = false;
		/* Live: show it as it is now, and keep up. */
		player_init(&m->player, m->cfg.source != SESSION_LIVE, false);
		if (m->cfg.source == SESSION_DEMO)
			player_set_pace(&m->player, m->cfg.autoplay_ns,
			    m->cfg.loop);
		session_refresh(m);
		if (m->cfg.source == SESSION_LIVE)
			player_end(&m->player);
	}
	m->ctx.focus = VIEW_FOCUS_SEQ;
}

/*
 * One row forward or back. A demo goes on from its connection's last step
 * to the next connection's step 0, and back from step 0 to the previous
 * connection's last step: one key, one step, through the whole lesson.
 */
void
session_step(struct session *m, int delta)
{
	const struct conn	*c;

	session_sync(m);
	m->at_end = false;
	m->ctx.scroll = 0;
	/* On past the verdict: playing again if it was. */
	if (delta > 0 && m->quiz.answered) {
		m->quiz.answered = false;
		if (m->quiz.was_playing)
			m->player.paused = false;
	}
	if (delta > 0 && session_quiz_gate(m))
		return;
	if (m->cfg.source == SESSION_DEMO && m->tl.count > 0) {
		if (delta > 0 && m->player.pos + 1 >= m->tl.count &&
		    (c = session_demo_neighbour(m, 1)) != NULL) {
			session_demo_show(m, c->id, false);
			return;
		}
		if (delta < 0 && m->player.pos == 0 &&
		    (c = session_demo_neighbour(m, -1)) != NULL) {
			session_demo_show(m, c->id, true);
			return;
		}
	}
	player_step(&m->player, delta);
}

/* n, N: the next (dir 1) or previous (-1) row that changes a state. */
void
session_next_change(struct session *m, int dir)
{
	session_sync(m);
	m->at_end = false;
	if (dir > 0)
		m->quiz.answered = false;
	if (dir > 0 && session_quiz_gate(m))
		return;
	player_jump(&m->player, dir, session_row_change, &m->tl);
}

/*
 * ], [: the next or previous anomaly: in the list, the next row with an
 * anomaly event (conn_anomaly_total); on the ladder, the next step with
 * an annotation or a RST (view_timeline_is_anomaly).
 */
void
session_next_anomaly(struct session *m, int dir)
{
	session_sync(m);
	if (m->ctx.focus == VIEW_FOCUS_CONNS) {
		(void)view_conns_next_anomaly(&m->conns, dir);
		return;
	}
	m->at_end = false;
	player_jump(&m->player, dir, session_row_anomaly, &m->tl);
}

/* Home, End in the list. */
void
session_conns_home(struct session *m, bool end)
{
	session_sync(m);
	view_conns_select(&m->conns, end ? SIZE_MAX : 0);
}

/* g, G: the first or the last row. */
void
session_start(struct session *m)
{
	const struct conn	*c;

	session_sync(m);
	m->at_end = false;
	/* A demo: the lesson's step 0, paused, whatever was playing. */
	if (m->cfg.source == SESSION_DEMO) {
		m->player.paused = true;
		if ((c = session_demo_neighbour(m, 0)) != NULL &&
		    c->id != m->sel_id) {
			session_demo_show(m, c->id, false);
			return;
		}
	}
	player_start(&m->player);
}

void
session_end(struct session *m)
{
	session_sync(m);
	player_end(&m->player);
	/* Still loading: stay at the end as more is read. */
	m->at_end = !m->ended;
}

/* A click on a ladder row. */
void
session_seek(struct session *m, size_t row)
{
	session_sync(m);
	m->at_end = false;
	player_seek(&m->player, row);
	m->ctx.scroll = 0;
}

/* Live space: freeze, or go on following; capture never stops. */
void
session_freeze(struct session *m)
{
	player_set_follow(&m->player, !m->player.follow);
	m->player.paused = !m->player.follow;
	/* Unfrozen: what began while frozen is the newest to follow. */
	if (m->player.follow)
		session_follow_newest(m);
}

/* Jump to the next row where either endpoint enters state s. */
void
session_jump_state(struct session *m, int s)
{
	size_t	i = 0, n, k;

	session_sync(m);
	m->at_end = false;
	n = m->tl.count;
	for (k = 1; k <= n; k++) {
		i = (m->player.pos + k) % n;
		if (view_timeline_last_tr(&m->tl, i, CONN_CLIENT) != NULL &&
		    view_timeline_state(&m->tl, i, CONN_CLIENT) == s)
			break;
		if (view_timeline_last_tr(&m->tl, i, CONN_SERVER) != NULL &&
		    view_timeline_state(&m->tl, i, CONN_SERVER) == s)
			break;
	}
	if (k <= n)
		player_seek(&m->player, i);
}

/* f: follow. Live: the newest connection now, and each new one. */
void
session_follow(struct session *m)
{
	session_sync(m);
	player_set_follow(&m->player, !m->player.follow);
	if (!m->player.follow)
		return;
	m->player.paused = false;
	session_follow_newest(m);
}

/* Live: select the newest connection the filter lets through, followed. */
static void
session_follow_newest(struct session *m)
{
	const struct conn	*newest = NULL;
	size_t			 i;

	if (m->cfg.source != SESSION_LIVE)
		return;
	session_sync(m);
	for (i = 0; i < m->nall; i++) {
		if (view_conns_match(m->conns.filter, m->all[i],
		    m->allst[i]) &&
		    (newest == NULL || m->all[i]->id > newest->id))
			newest = m->all[i];
	}
	if (newest != NULL) {
		m->sel_id = newest->id;
		m->ctx.focus = VIEW_FOCUS_SEQ;
		session_refresh(m);
		player_set_follow(&m->player, true);
	}
}

/* What-if: the next segment after the cursor (session.h). */
bool
session_whatif_target(const struct session *m, struct session_whatif *w)
{
	const struct conn_step	*st;
	const struct conn	*c = m->tl.conn;
	size_t			 i;

	if (c == NULL || m->cfg.source != SESSION_DEMO)
		return false;
	for (i = m->player.pos + 1; i < m->tl.count; i++) {
		if ((st = m->tl.rows[i].seg) == NULL)
			continue;
		w->t = st->t;
		w->seq = st->u.seg.seq;
		w->ack = st->u.seg.ack;
		w->flags = st->u.seg.flags;
		w->src = *conn_endpoint(c, (enum conn_role)st->role);
		w->conn = m->sel_id;
		w->step = m->player.pos;
		return true;
	}
	return false;
}

void
session_resume(struct session *m, uint32_t conn, size_t step)
{
	size_t	guard;

	for (guard = 0; guard < 1000000 && !m->ended; guard++) {
		if (!session_pump(m, SIZE_MAX, INT64_MAX))
			break;
	}
	if (engine_conn_by_id(m->e, conn) == NULL)
		conn = m->sel_id;
	session_demo_show(m, conn, false);
	player_seek(&m->player, step < m->tl.count ? step :
	    m->tl.count > 0 ? m->tl.count - 1 : 0);
}

/*
 * After a what-if re-run: the quiz as it stood (on or off, its seed and
 * score), asking again from the row after the cursor.
 */
void
session_resume_quiz(struct session *m, const struct quiz *z)
{
	m->quiz = *z;
	m->quiz.asking = m->quiz.answered = false;
	m->quiz.conn_id = m->sel_id;
	m->quiz.next_row = m->player.pos + 1;
}
