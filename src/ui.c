/*
 * ui.c: the interactive front end: curses lifecycle, one poll() loop over
 * the terminal, the source's descriptor and a timer, keys and mouse, the
 * status bar; and the same frame rendered as text for --screen. Layer 4:
 * with canvas-curses.c the only files that include curses.
 *
 * The source is drained between frames (never dropped because the screen
 * was busy) and frames are capped at UI_FPS. Nothing is written to stdout
 * or stderr while curses owns the terminal: log.c holds warnings and its
 * fatal path calls ui_restore() first; SIGINT and SIGTERM end the loop and
 * restore the terminal on the normal path.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend-sim.h"
#include "canvas.h"
#include "clock.h"
#include "engine.h"
#include "layout.h"
#include "log.h"
#include "player.h"
#include "scenario.h"
#include "ui.h"
#include "view.h"
#include "xmalloc.h"

#define UI_FPS			40
#define UI_PUMP_ITEMS		4096	/* source items per pump */
#define UI_PUMP_NS		(15 * INT64_C(1000000))
#define UI_REASONS_MAX		(1u << 20)	/* about 180 MB */
#define UI_REASONS_LIVE		(1u << 18)	/* live: the newest kept */
#define UI_IDLE_MS		250

/* Texts of the front end (kept together for translation). */
static const char *const ui_texts[] = {
	("the interactive view needs a terminal (stdin and stdout); use "
	"--transitions, --segments or --screen COLSxROWS for text output"),
	"file",				/* 1 */
	"live",
	"demo",
	"PAUSED",			/* 4 */
	"PLAYING",
	"FOLLOW",
	"? help  q quit",		/* 7 */
	"",
	"reading...",			/* 9 */
	"? help  p scenarios  q quit",	/* 10 */
	"no scenarios found in ",	/* 11 */
	"tcpviz  choose a scenario",	/* 12 */
	"up/down move  PgUp/PgDn page  Enter play  q quit",	/* 13 */
	"f follow  / filter  c list  ? help  q quit",	/* 14 */
	"LIST",				/* 15: live, not following */
	"FROZEN",			/* 16: live, paused */
	"CAPTURE STOPPED: ",		/* 17 */
	"; everything recorded is kept",
	"filter (state or address, Enter apply, Esc cancel): ", /* 19 */
	"tcpviz  ",			/* 20 */
	"  |  no TCP connection yet (f: show the next one as it starts)",
	"WARNING: ",			/* 22 */
};

/* The picker's rows below the list: rule, description, status. */
#define UI_PICK_DESC_MIN	3
#define UI_PICK_ZH_MIN		12	/* columns worth a Chinese title */
#define UI_PICK_WORD_MAX	256
#define UI_PICK_LINE_MAX	4096

/* The scenario picker: every shipped scenario that loads, in name order. */
struct ui_pick {
	struct scenario	**list;
	size_t		  count;
	size_t		  sel;
	size_t		  top;		/* first row shown */
	int		  page;		/* list rows at the last draw */
	bool		  zh;		/* UTF-8: Chinese titles may show */
};

/* The model the views draw: engine, selection, cursor, reasons. */
struct ui_model {
	const struct ui_config	*cfg;
	struct backend		*b;
	struct engine		*e;
	bool			 ended;
	struct engine_transition *trs;		/* for the reason texts */
	size_t			 ntrs;
	size_t			 captrs;
	const struct conn	**all;
	size_t			 nall;
	size_t			 capall;
	struct view_timeline	 tl;
	struct view_conns	 conns;
	uint32_t		 sel_id;
	struct player		 player;
	uint64_t		 segments;
	int64_t			 now;		/* newest capture time */
	const struct scenario	*sc;
	struct view_ctx		 ctx;
	char			 title[256];
	char			 left[256];
	char			 narration[512];
	bool			 to_picker;	/* p was pressed */
	/* Live: time, following new connections, the filter prompt. */
	int64_t			 last_seg_wall;	/* wall time of the newest */
	int64_t			 last_tick;
	uint32_t		 max_id;	/* newest connection seen */
	bool			 editing;	/* the / prompt is open */
	char			 edit[64];
	size_t			 nedit;
};

static volatile sig_atomic_t	 ui_quit;
static bool			 ui_curses_on;
static SCREEN			*ui_curses_screen;
static FILE			*ui_tty;	/* keys when stdin is data */
static int			 ui_input_fd = STDIN_FILENO;

/* How often a quiet live source lets capture time pass in the engine. */
#define UI_TICK_NS		(200 * INT64_C(1000000))
#define UI_TICK_MARGIN_NS	(200 * INT64_C(1000000))

/* Give the terminal back (the log hook and every exit path). */
static void
ui_restore(void)
{
	if (!ui_curses_on)
		return;
	ui_curses_on = false;
	curs_set(1);
	endwin();
}

/* Give the terminal back for good: restore it and print held warnings. */
static void
ui_end(void)
{
	if (!ui_curses_on)
		return;
	ui_restore();
	log_set_hook(NULL, false);
	log_flush_held();
}

static void
ui_signal(int sig)
{
	(void)sig;
	ui_quit = 1;
}

/* The row time for the player. */
static int64_t
ui_row_time(const void *arg, size_t i)
{
	const struct view_timeline	*tl = arg;

	return i < tl->count ? tl->rows[i].t : 0;
}

static bool
ui_row_change(const void *arg, size_t i)
{
	return view_timeline_is_change(arg, i);
}

static bool
ui_row_anomaly(const void *arg, size_t i)
{
	return view_timeline_is_anomaly(arg, i);
}

/* The engine's own reason for a history transition, if it was kept. */
static char *
ui_reason(void *arg, const struct conn *c, const struct conn_step *st,
    char *buf, size_t len)
{
	struct ui_model	*m = arg;
	size_t		 lo = 0, hi = m->ntrs, mid;

	buf[0] = '\0';
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->trs[mid].t < st->t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->ntrs && m->trs[lo].t == st->t; lo++) {
		const struct engine_transition *tr = &m->trs[lo];

		if (tr->conn_id == c->id && tr->role == st->role &&
		    tr->edge == st->u.tr.edge && tr->to == st->u.tr.to)
			return engine_transition_reason(buf, len, tr);
	}
	return NULL;
}

/* Set up the engine for a source. */
static void
ui_model_init(struct ui_model *m, const struct ui_config *cfg,
    struct backend *b)
{
	struct engine_config	ec;

	memset(m, 0, sizeof *m);
	m->cfg = cfg;
	m->b = b;
	engine_config_default(&ec);
	ec.output = true;
	ec.max_history = cfg->max_history > 0 ? cfg->max_history :
	    UI_DEFAULT_HISTORY;
	if (cfg->max_conns > 0)
		ec.max_conns = cfg->max_conns;
	if (cfg->msl_ns > 0)
		ec.msl_ns = cfg->msl_ns;
	if (b->cls != NULL && b->cls->name != NULL &&
	    strcmp(b->cls->name, "sim") == 0) {
		m->sc = backend_sim_scenario(b);
		if (cfg->msl_ns <= 0 && backend_sim_msl(b) > 0)
			ec.msl_ns = backend_sim_msl(b);
	}
	m->e = engine_new(&ec);
	player_init(&m->player, cfg->source == UI_SOURCE_FILE, false);
	if (cfg->source == UI_SOURCE_LIVE) {
		/* Live: the connection list is the home screen. */
		m->ctx.focus = VIEW_FOCUS_CONNS;
		m->conns.linger_ns = cfg->linger_ns;
		m->conns.sort = VIEW_CONNS_SORT_LAST;
	}
	m->ctx.reason = ui_reason;
	m->ctx.reason_arg = m;
	m->ctx.color = !cfg->no_color;
}

static void
ui_model_free(struct ui_model *m)
{
	engine_free(m->e);
	free(m->trs);
	free(m->all);
	view_timeline_clear(&m->tl);
	view_conns_clear(&m->conns);
}

/* Keep the engine's settled transitions for their reason texts. */
static void
ui_model_drain(struct ui_model *m)
{
	struct engine_transition	tr;

	while (engine_next(m->e, &tr)) {
		if (m->ntrs >= (m->cfg->source == UI_SOURCE_LIVE ?
		    UI_REASONS_LIVE : UI_REASONS_MAX)) {
			/*
			 * A week of live capture: forget the older half (time
			 * order, so the newest are kept); those steps fall
			 * back to the edge table's text.
			 */
			memmove(m->trs, m->trs + m->ntrs / 2,
			    (m->ntrs - m->ntrs / 2) * sizeof *m->trs);
			m->ntrs -= m->ntrs / 2;
		}
		if (m->ntrs == m->captrs) {
			m->captrs = m->captrs == 0 ? 256 : m->captrs * 2;
			m->trs = xreallocarray(m->trs, m->captrs,
			    sizeof *m->trs);
		}
		m->trs[m->ntrs++] = tr;
	}
}

/*
 * A live source is quiet: let capture time pass, so transitions settle,
 * TIME_WAIT ends and ages grow. Capture time is the newest segment's
 * stamp plus the wall time since it came (a remote capture's clock may
 * differ from ours), less a margin for packets still on their way.
 */
static bool
ui_model_tick(struct ui_model *m)
{
	int64_t	wall = clock_wall_ns(), t;

	if (m->cfg->source != UI_SOURCE_LIVE || wall - m->last_tick < UI_TICK_NS)
		return false;
	m->last_tick = wall;
	if (m->last_seg_wall == 0)
		return false;
	t = m->now + (wall - m->last_seg_wall) - UI_TICK_MARGIN_NS;
	if (t <= m->now)
		return false;
	engine_advance(m->e, t);
	m->now = t;
	m->last_seg_wall = wall - UI_TICK_MARGIN_NS;
	return true;
}

/* Read what the source has (bounded); true if anything came. */
static bool
ui_model_pump(struct ui_model *m, size_t max_items, int64_t budget_ns)
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
			got = ui_model_tick(m) || got;
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
			if (m->cfg->source == UI_SOURCE_LIVE)
				m->last_seg_wall = clock_wall_ns();
		} else if (r == BACKEND_APP) {
			if (m->b->app.event == EVENT_APP_TICK)
				engine_advance(m->e, m->b->app.t);
			else
				engine_feed_app(m->e, &m->b->app.local,
				    &m->b->app.remote, m->b->app.event,
				    m->b->app.t, m->b->app.origin);
			if (m->b->app.t > m->now)
				m->now = m->b->app.t;
		}
		if ((n & 255) == 255 && clock_mono_ns() - start > budget_ns)
			break;
	}
	ui_model_drain(m);
	return got;
}

/* Rebuild the connection list and the selected timeline. */
static void
ui_model_refresh(struct ui_model *m)
{
	const struct conn	*c, *sel = NULL;
	size_t			 i, n = engine_conn_count(m->e);

	m->nall = 0;
	for (i = 0; i < n; i++) {
		c = engine_conn_at(m->e, i);
		if (c == NULL || !(c->flags & CONN_F_IN_USE))
			continue;
		if (m->nall == m->capall) {
			m->capall = m->capall == 0 ? 64 : m->capall * 2;
			m->all = xreallocarray(m->all, m->capall,
			    sizeof *m->all);
		}
		m->all[m->nall++] = c;
	}
	m->conns.now = m->now;
	m->conns.evicted = engine_stats(m->e)->evicted;
	view_conns_set(&m->conns, m->all, m->nall);
	for (i = 0; i < m->nall; i++) {
		if (m->all[i]->id == m->sel_id)
			sel = m->all[i];
	}
	/*
	 * Following live: a connection newer than any seen (its first SYN
	 * just came) takes the view, so a class can run curl and watch it.
	 */
	for (i = 0; i < m->nall; i++) {
		c = m->all[i];
		if (c->id <= m->max_id)
			continue;
		m->max_id = c->id;
		if (m->player.follow && m->cfg->source == UI_SOURCE_LIVE &&
		    view_conns_match(m->conns.filter, c)) {
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
	view_timeline_build(&m->tl, sel);
	player_set_count(&m->player, m->tl.count);
	m->ctx.tl = sel != NULL ? &m->tl : NULL;
}

/* Note i of the scenario for view_timeline_notes, on the rows' clock. */
static bool
ui_note_at(const void *arg, size_t i, int64_t *t, const char **text)
{
	const struct scenario	*sc = arg;

	if (i >= sc->nnotes)
		return false;
	*t = SCENARIO_EPOCH_NS + sc->notes[i].t;
	*text = sc->notes[i].en;
	return true;
}

/* The scenario's notes for the cursor's row (demos only). */
static const char *
ui_model_note(struct ui_model *m)
{
	if (m->sc == NULL || m->tl.count == 0)
		return NULL;
	return view_timeline_notes(&m->tl, m->player.pos, ui_note_at, m->sc,
	    m->narration, sizeof m->narration);
}

/* Fill the title, status and narration for a frame. */
static void
ui_model_frame(struct ui_model *m, bool reading)
{
	const struct backend	*b = m->b;
	char			 tbuf[EVENT_TIME_STRLEN], a[EVENT_ADDR_STRLEN];
	char			 z[EVENT_ADDR_STRLEN], speed[16];
	const char		*mode, *state;
	int			 milli = player_speed_milli(&m->player);
	uint64_t		 errs = 0;
	int			 r;

	/* Damaged frames only: ARP, UDP and the like are not errors. */
	for (r = 1; r < PARSE_R_COUNT; r++) {
		if (parse_reason_status((enum parse_reason)r) != PARSE_SKIP)
			errs += b->stats.by_reason[r];
	}
	mode = ui_texts[1 + (int)m->cfg->source];
	state = m->player.follow ? ui_texts[6] :
	    m->player.paused ? ui_texts[4] : ui_texts[5];
	if (m->cfg->source == UI_SOURCE_LIVE && !m->player.follow)
		state = m->player.paused ? ui_texts[16] : ui_texts[15];
	snprintf(speed, sizeof speed, "%d.%dx", milli / 1000,
	    milli % 1000 / 100);
	tbuf[0] = '\0';
	if (m->tl.count > 0)
		event_time_format(tbuf, sizeof tbuf,
		    m->tl.rows[m->player.pos].t);
	a[0] = z[0] = '\0';
	if (m->tl.conn != NULL) {
		event_endpoint_format(a, sizeof a, conn_endpoint(m->tl.conn,
		    CONN_CLIENT));
		event_endpoint_format(z, sizeof z, conn_endpoint(m->tl.conn,
		    CONN_SERVER));
	}
	snprintf(m->left, sizeof m->left,
	    " %s %s | %s | %s | step %zu/%zu | #%u | seg %" PRIu64
	    " conn %zu err %" PRIu64 " drop %" PRIu64 "%s",
	    mode, state, tbuf, speed,
	    m->tl.count > 0 ? m->player.pos + 1 : 0, m->tl.count,
	    (unsigned)m->sel_id, m->segments, m->nall, errs,
	    b->kernel_drops, reading ? " | " : "");
	if (reading && m->cfg->source != UI_SOURCE_LIVE)
		strncat(m->left, ui_texts[9],
		    sizeof m->left - strlen(m->left) - 1);
	if (m->editing)
		snprintf(m->left, sizeof m->left, "%s%s_", ui_texts[19],
		    m->edit);
	if (m->cfg->source == UI_SOURCE_LIVE && m->ended && b->error != NULL)
		snprintf(m->title, sizeof m->title, "%s%s%s", ui_texts[17],
		    b->error, ui_texts[18]);
	else if (m->cfg->source == UI_SOURCE_LIVE && b->warning != NULL)
		snprintf(m->title, sizeof m->title, "%s%s", ui_texts[22],
		    b->warning);
	else if (m->tl.conn == NULL)
		snprintf(m->title, sizeof m->title, "%s%s%s", ui_texts[20],
		    m->cfg->name != NULL ? m->cfg->name : "", ui_texts[21]);
	else
		snprintf(m->title, sizeof m->title,
		    "tcpviz  %s  |  connection #%u  %s -> %s  |  C = client, "
		    "S = server", m->cfg->name != NULL ? m->cfg->name : "",
		    (unsigned)m->sel_id, a, z);
	m->ctx.title = m->title;
	m->ctx.status_left = m->left;
	m->ctx.status_right = ui_texts[m->cfg->picker ? 10 :
	    m->cfg->source == UI_SOURCE_LIVE ? 14 : 7];
	m->ctx.pos = m->player.pos;
	m->ctx.narration = ui_model_note(m);
}

/* Render one frame as text: --screen COLSxROWS [--at N]. */
int
ui_screen_dump(const struct ui_config *cfg, struct backend *b, int cols,
    int rows, size_t at_step, FILE *out)
{
	struct ui_model	 m;
	struct layout	 l;
	struct canvas	*c;
	int		 rc;

	ui_model_init(&m, cfg, b);
	while (!m.ended) {
		if (!ui_model_pump(&m, SIZE_MAX, INT64_MAX))
			break;
	}
	ui_model_refresh(&m);
	if (m.tl.count > 0)
		player_seek(&m.player, at_step == 0 || at_step > m.tl.count ?
		    m.tl.count - 1 : at_step - 1);
	ui_model_frame(&m, false);
	layout_compute(&l, cols, rows);
	c = canvas_text_new(cols, rows, cfg->ascii);
	view_screen_draw(c, &l, &m.ctx, &m.conns);
	rc = canvas_text_dump(c, out) == 0 && fflush(out) == 0 ? 0 : 1;
	canvas_free(c);
	ui_model_free(&m);
	return rc;
}

/* Jump to the next row where either endpoint enters state s. */
static void
ui_jump_state(struct ui_model *m, int s)
{
	size_t	i, n = m->tl.count;
	size_t	k;

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

/* A mouse event: wheel scrolls, a click selects. */
static void
ui_mouse(struct ui_model *m, const struct layout *l)
{
	MEVENT			 ev;
	struct canvas_rect	 gr, box;
	size_t			 last, first, row;
	int			 visible, s;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (m->ctx.focus == VIEW_FOCUS_CONNS)
			view_conns_move(&m->conns, -1);
		else if ((size_t)m->ctx.scroll < m->player.pos)
			m->ctx.scroll++;
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (m->ctx.focus == VIEW_FOCUS_CONNS)
			view_conns_move(&m->conns, 1);
		else if (m->ctx.scroll > 0)
			m->ctx.scroll--;
		return;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.x >= l->seq.x && ev.x < l->seq.x + l->seq.w &&
	    ev.y >= l->seq.y + 2 && ev.y < l->seq.y + l->seq.h) {
		if (m->ctx.focus == VIEW_FOCUS_CONNS) {
			row = m->conns.top + (size_t)(ev.y - l->seq.y - 2);
			if (row < m->conns.count)
				m->conns.selected = row;
			return;
		}
		if (m->tl.count == 0)
			return;
		/* The same arithmetic as view_seq_draw's scrolling. */
		visible = l->seq.h - 2;
		last = m->player.pos;
		if (m->ctx.scroll > 0)
			last = (size_t)m->ctx.scroll > last ? 0 :
			    last - (size_t)m->ctx.scroll;
		first = last + 1 > (size_t)visible ? last + 1 -
		    (size_t)visible : 0;
		row = first + (size_t)(ev.y - l->seq.y - 2);
		if (row <= last) {
			player_seek(&m->player, row);
			m->ctx.scroll = 0;
		}
		return;
	}
	gr = l->graph;
	gr.x++;
	gr.w--;
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		if (view_graph_box(&gr, l->mode, (enum fsm_state)s, &box) &&
		    ev.x >= box.x && ev.x < box.x + box.w && ev.y >= box.y &&
		    ev.y < box.y + box.h) {
			ui_jump_state(m, s);
			return;
		}
	}
}

/* A key while the / prompt is open: edit, Enter applies, Esc cancels. */
static void
ui_key_edit(struct ui_model *m, int ch)
{
	switch (ch) {
	case 27:
		m->editing = false;
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		m->editing = false;
		memcpy(m->conns.filter, m->edit, sizeof m->conns.filter);
		m->ctx.focus = VIEW_FOCUS_CONNS;
		ui_model_refresh(m);
		return;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (m->nedit > 0)
			m->edit[--m->nedit] = '\0';
		return;
	}
	/* Addresses and state names are ASCII; nothing else is taken. */
	if (ch > 32 && ch < 127 && m->nedit + 1 < sizeof m->edit) {
		m->edit[m->nedit++] = (char)ch;
		m->edit[m->nedit] = '\0';
	}
}

/* f: follow. Live: the newest connection now, and each new one. */
static void
ui_key_follow(struct ui_model *m)
{
	const struct conn	*newest = NULL;
	size_t			 i;

	player_set_follow(&m->player, !m->player.follow);
	if (!m->player.follow)
		return;
	m->player.paused = false;
	if (m->cfg->source != UI_SOURCE_LIVE)
		return;
	for (i = 0; i < m->nall; i++) {
		if (view_conns_match(m->conns.filter, m->all[i]) &&
		    (newest == NULL || m->all[i]->id > newest->id))
			newest = m->all[i];
	}
	if (newest != NULL) {
		m->sel_id = newest->id;
		m->ctx.focus = VIEW_FOCUS_SEQ;
		ui_model_refresh(m);
		player_set_follow(&m->player, true);
	}
}

/* Handle one key; returns false to quit. */
static bool
ui_key(struct ui_model *m, int ch, const struct layout *l)
{
	const struct conn	*c;

	if (m->editing) {
		ui_key_edit(m, ch);
		return true;
	}
	if (m->ctx.help) {
		m->ctx.help = false;
		return ch != 'q';
	}
	if (ch == '/') {
		m->editing = true;
		memcpy(m->edit, m->conns.filter, sizeof m->edit);
		m->edit[sizeof m->edit - 1] = '\0';
		m->nedit = strlen(m->edit);
		return true;
	}
	if (ch == 'f') {
		ui_key_follow(m);
		return true;
	}
	if (ch == ' ' && m->cfg->source == UI_SOURCE_LIVE) {
		/* Freeze or go on following; capture never stops. */
		player_set_follow(&m->player, !m->player.follow);
		m->player.paused = !m->player.follow;
		return true;
	}
	if (m->ctx.focus == VIEW_FOCUS_CONNS) {
		switch (ch) {
		case KEY_UP:
		case 'k':
			view_conns_move(&m->conns, -1);
			return true;
		case KEY_DOWN:
		case 'j':
			view_conns_move(&m->conns, 1);
			return true;
		case KEY_PPAGE:
			view_conns_move(&m->conns, -(l->seq.h - 2));
			return true;
		case KEY_NPAGE:
			view_conns_move(&m->conns, l->seq.h - 2);
			return true;
		case 's':
			m->conns.sort = (enum view_conns_sort)
			    ((m->conns.sort + 1) % VIEW_CONNS_SORT_COUNT);
			view_conns_set(&m->conns, m->all, m->nall);
			return true;
		case '\n':
		case '\r':
		case KEY_ENTER:
			c = view_conns_selected(&m->conns);
			if (c != NULL && c->id != m->sel_id) {
				m->sel_id = c->id;
				/* Live: show it as it is now, and keep up. */
				player_init(&m->player,
				    m->cfg->source != UI_SOURCE_LIVE, false);
				ui_model_refresh(m);
				if (m->cfg->source == UI_SOURCE_LIVE)
					player_end(&m->player);
			}
			m->ctx.focus = VIEW_FOCUS_SEQ;
			return true;
		case 27:
		case 'c':
			m->ctx.focus = VIEW_FOCUS_SEQ;
			return true;
		}
	}
	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case 'p':
		/* Only a run started from the picker can go back to it. */
		if (m->cfg->picker) {
			m->to_picker = true;
			return false;
		}
		break;
	case ' ':
		player_toggle_pause(&m->player);
		break;
	case KEY_RIGHT:
	case 'l':
		player_step(&m->player, 1);
		m->ctx.scroll = 0;
		break;
	case KEY_LEFT:
	case 'h':
		player_step(&m->player, -1);
		m->ctx.scroll = 0;
		break;
	case 'n':
		player_jump(&m->player, 1, ui_row_change, &m->tl);
		break;
	case 'N':
		player_jump(&m->player, -1, ui_row_change, &m->tl);
		break;
	case ']':
		player_jump(&m->player, 1, ui_row_anomaly, &m->tl);
		break;
	case '[':
		player_jump(&m->player, -1, ui_row_anomaly, &m->tl);
		break;
	case '+':
	case '=':
		player_faster(&m->player);
		break;
	case '-':
	case '_':
		player_slower(&m->player);
		break;
	case 'g':
	case KEY_HOME:
		player_start(&m->player);
		break;
	case 'G':
	case KEY_END:
		player_end(&m->player);
		break;
	case '\t':
		m->ctx.focus = (enum view_focus)((m->ctx.focus + 1) % 3);
		break;
	case 'c':
		m->ctx.focus = VIEW_FOCUS_CONNS;
		break;
	case KEY_UP:
		if ((size_t)m->ctx.scroll < m->player.pos)
			m->ctx.scroll++;
		break;
	case KEY_DOWN:
		if (m->ctx.scroll > 0)
			m->ctx.scroll--;
		break;
	case '?':
	case KEY_F(1):
		m->ctx.help = true;
		break;
	case KEY_MOUSE:
		ui_mouse(m, l);
		break;
	}
	return true;
}

/* Is the locale's character set UTF-8? */
static bool
ui_locale_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

/*
 * Give the terminal to curses (once per process; the picker and the view
 * share it) and settle ASCII and colour in *cfg. Returns -1 (message
 * printed) when there is no usable terminal.
 */
static int
ui_curses_start(struct ui_config *cfg)
{
	struct sigaction	 sa;
	const char		*term;

	if (!ui_curses_on && ui_curses_screen == NULL &&
	    !isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    cfg->keys_from_tty) {
		/* stdin carries the capture (-r -): keys come from the tty. */
		if ((ui_tty = fopen("/dev/tty", "r")) != NULL)
			ui_input_fd = fileno(ui_tty);
	}
	if (!ui_curses_on && (!isatty(ui_input_fd) ||
	    !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "tcpviz: %s\n", ui_texts[0]);
		return -1;
	}
	setlocale(LC_ALL, "");
	if (!ui_locale_utf8())
		cfg->ascii = true;
	if (getenv("NO_COLOR") != NULL && getenv("NO_COLOR")[0] != '\0')
		cfg->no_color = true;
	if (ui_curses_on)
		return 0;
	if (ui_curses_screen == NULL) {
		term = getenv("TERM");
		ui_curses_screen = newterm(NULL, stdout,
		    ui_tty != NULL ? ui_tty : stdin);
		if (ui_curses_screen == NULL) {
			fprintf(stderr, "tcpviz: cannot start curses on this "
			    "terminal (TERM=%s)\n", term != NULL ? term : "");
			return -1;
		}
		/* TERM=dumb and the like cannot place a character: refuse. */
		if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
			endwin();
			delscreen(ui_curses_screen);
			ui_curses_screen = NULL;
			fprintf(stderr, "tcpviz: the terminal (TERM=%s) cannot "
			    "move the cursor; set TERM (e.g. xterm) or use "
			    "--screen COLSxROWS\n", term != NULL ? term : "");
			return -1;
		}
	} else
		refresh();	/* after endwin(): curses resumes */
	ui_curses_on = true;
	log_set_hook(ui_restore, true);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* tmux and screen send these for Home and End whatever TERM says. */
	if (key_defined("\033[1~") == 0)
		define_key("\033[1~", KEY_HOME);
	if (key_defined("\033[4~") == 0)
		define_key("\033[4~", KEY_END);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	return 0;
}

/* The interactive loop. */
int
ui_run(const struct ui_config *cfg0, struct backend *b)
{
	struct ui_config	 cfg = *cfg0;
	struct ui_model		 m;
	struct layout		 l;
	struct canvas		*c;
	struct pollfd		 pfd[2];
	int64_t			 now, last_draw = 0, due;
	int			 ch, nfd, timeout, srcfd;
	bool			 dirty = true, run = true, back;

	if (ui_curses_start(&cfg) != 0)
		return 1;
	c = canvas_curses_new(cfg.ascii, !cfg.no_color);
	ui_model_init(&m, &cfg, b);
	ui_model_refresh(&m);

	while (run && !ui_quit) {
		now = clock_mono_ns();
		if (!m.ended && ui_model_pump(&m, UI_PUMP_ITEMS, UI_PUMP_NS)) {
			ui_model_refresh(&m);
			dirty = true;
		}
		if (player_tick(&m.player, now, ui_row_time, &m.tl))
			dirty = true;
		if (dirty && now - last_draw >= COMPAT_NS_PER_SEC / UI_FPS) {
			ui_model_frame(&m, !m.ended);
			layout_compute(&l, c->cols, c->rows);
			view_screen_draw(c, &l, &m.ctx, &m.conns);
			wnoutrefresh(stdscr);
			doupdate();
			last_draw = now;
			dirty = false;
		}
		/* Sleep until a key, source data, the next row or a frame. */
		srcfd = m.ended ? -1 : (b->cls->fd != NULL ? b->cls->fd(b) : -1);
		timeout = UI_IDLE_MS;
		if (!m.ended && srcfd < 0)
			timeout = 0;	/* a file: keep reading */
		due = player_due(&m.player, ui_row_time, &m.tl);
		if (due >= 0) {
			due = (due - clock_mono_ns()) / 1000000;
			if (due < timeout)
				timeout = due < 0 ? 0 : (int)due;
		}
		if (dirty && timeout > 1000 / UI_FPS)
			timeout = 1000 / UI_FPS;
		pfd[0].fd = ui_input_fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = srcfd;
		pfd[1].events = POLLIN;
		nfd = srcfd >= 0 ? 2 : 1;
		if (poll(pfd, (nfds_t)nfd, timeout) < 0 && errno != EINTR)
			break;
		while ((ch = getch()) != ERR) {
			if (ch == KEY_RESIZE) {
				canvas_curses_resize(c);
				clearok(curscr, TRUE);
			} else if (!ui_key(&m, ch, &l)) {
				run = false;
				break;
			}
			dirty = true;
			last_draw = 0;
		}
	}
	back = m.to_picker && !ui_quit;
	/* Back to the picker: curses keeps the screen, so no flash. */
	if (!back)
		ui_end();
	canvas_free(c);
	ui_model_free(&m);
	return back ? UI_PICKER : 0;
}

/* Load every shipped scenario; ones that fail to parse are left out. */
static void
ui_pick_load(struct ui_pick *p)
{
	struct scenario	*sc;
	char		**paths, *err;
	size_t		 n, i;

	memset(p, 0, sizeof *p);
	n = scenario_list(&paths);
	if (n == 0)
		return;
	p->list = xreallocarray(NULL, n, sizeof *p->list);
	for (i = 0; i < n; i++) {
		if ((sc = scenario_load(paths[i], &err)) == NULL) {
			log_debug("picker: %s", err);
			free(err);
			continue;
		}
		p->list[p->count++] = sc;
	}
	scenario_list_free(paths, n);
}

static void
ui_pick_free(struct ui_pick *p)
{
	size_t	i;

	for (i = 0; i < p->count; i++)
		scenario_free(p->list[i]);
	free(p->list);
	p->list = NULL;
	p->count = 0;
}

/* Word-wrap text into w columns from x, y, at most h lines. */
static void
ui_pick_wrap(struct canvas *c, const char *text, int x, int y, int w, int h)
{
	char		 line[UI_PICK_LINE_MAX], word[UI_PICK_WORD_MAX];
	const char	*s = text, *e;
	size_t		 len = 0, n;
	int		 lw = 0, ww, lines = 0;

	line[0] = '\0';
	while (*s != '\0' && lines < h) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != ' '; e++)
			;
		n = (size_t)(e - s);
		if (n >= sizeof word)
			n = sizeof word - 1;	/* clipped on screen anyway */
		memcpy(word, s, n);
		word[n] = '\0';
		s = e;
		ww = canvas_str_width(word);
		if (len > 0 && (lw + 1 + ww > w ||
		    len + 1 + n >= sizeof line)) {
			canvas_put_str(c, x, y + lines++, line, w,
			    CANVAS_R_NORMAL);
			len = 0;
			lw = 0;
			line[0] = '\0';
			if (lines >= h)
				return;
		}
		if (len > 0) {
			line[len++] = ' ';
			lw++;
		}
		memcpy(line + len, word, n + 1);
		len += n;
		lw += ww;
	}
	if (len > 0 && lines < h)
		canvas_put_str(c, x, y + lines, line, w, CANVAS_R_NORMAL);
}

/*
 * One picker frame: a title row, the list (name, English title, the
 * Chinese title when it fits), a rule, the selected description and a
 * status row. Below the view's minimum size: the usual enlarge request.
 */
static void
ui_pick_draw(struct canvas *c, struct ui_pick *p)
{
	const struct scenario	*sc;
	struct layout		 l;
	struct view_ctx		 ctx;
	struct canvas_rect	 r;
	char			 buf[64];
	int			 cols = c->cols, rows = c->rows;
	int			 desc, namew = 0, enw = 0, xen, xzh, y, w;
	unsigned		 attr;
	size_t			 i;

	layout_compute(&l, cols, rows);
	if (l.mode == LAYOUT_TOO_SMALL) {
		memset(&ctx, 0, sizeof ctx);
		view_screen_draw(c, &l, &ctx, NULL);
		return;
	}
	canvas_reset_clip(c);
	canvas_clear(c);
	/* The list gets what it needs; the description what is left. */
	p->page = rows - 3 - UI_PICK_DESC_MIN;
	if (p->count > 0 && p->count < (size_t)p->page)
		p->page = (int)p->count;
	desc = rows - 3 - p->page;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)p->page)
		p->top = p->sel - (size_t)p->page + 1;
	if (p->top + (size_t)p->page > p->count)
		p->top = p->count > (size_t)p->page ? p->count -
		    (size_t)p->page : 0;

	snprintf(buf, sizeof buf, "  (%zu)", p->count);
	w = canvas_put_str(c, 0, 0, ui_texts[12], cols,
	    CANVAS_R_TITLE | CANVAS_A_BOLD);
	canvas_put_str(c, w, 0, buf, cols - w, CANVAS_R_DIM);
	for (i = 0; i < p->count; i++) {
		if ((w = canvas_str_width(p->list[i]->name)) > namew)
			namew = w;
		if ((w = canvas_str_width(p->list[i]->title_en)) > enw)
			enw = w;
	}
	xen = 2 + namew + 2;
	xzh = xen + enw + 2;
	for (i = p->top; i < p->count && i < p->top + (size_t)p->page; i++) {
		sc = p->list[i];
		y = 1 + (int)(i - p->top);
		attr = CANVAS_R_NORMAL;
		if (i == p->sel) {
			attr = CANVAS_R_CURSOR;
			r.x = 0;
			r.y = y;
			r.w = cols;
			r.h = 1;
			canvas_fill(c, &r, attr);
			canvas_put_glyph(c, 0, y, CANVAS_G_ARROW_RIGHT, attr);
		}
		canvas_put_str(c, 2, y, sc->name, cols - 2,
		    i == p->sel ? attr : CANVAS_R_KEY);
		if (xen < cols)
			canvas_put_str(c, xen, y, sc->title_en, cols - xen,
			    attr);
		/* Measured with wcwidth: CJK takes two columns each. */
		if (p->zh && !c->ascii && cols - xzh >= UI_PICK_ZH_MIN)
			canvas_put_str(c, xzh, y, sc->title_zh, cols - xzh,
			    i == p->sel ? attr : CANVAS_R_DIM);
	}
	y = 1 + p->page;
	canvas_hline(c, 0, y, cols, CANVAS_G_HLINE, CANVAS_R_DIM);
	if (p->count == 0) {
		w = canvas_put_str(c, 1, 1, ui_texts[11], cols - 1,
		    CANVAS_R_ANOMALY);
		canvas_put_str(c, 1 + w, 1, scenario_dir(), cols - 1 - w,
		    CANVAS_R_ANOMALY);
	} else
		ui_pick_wrap(c, p->list[p->sel]->desc_en, 1, y + 1, cols - 2,
		    desc);
	r.x = 0;
	r.y = rows - 1;
	r.w = cols;
	r.h = 1;
	canvas_fill(c, &r, CANVAS_R_STATUS);
	snprintf(buf, sizeof buf, " %zu/%zu ", p->count > 0 ? p->sel + 1 : 0,
	    p->count);
	w = canvas_put_str(c, 0, rows - 1, buf, cols, CANVAS_R_STATUS);
	if (canvas_str_width(ui_texts[13]) < cols - w)
		canvas_put_str_right(c, cols, rows - 1, ui_texts[13], cols - w,
		    CANVAS_R_STATUS);
}

/* Move the picker's selection by delta rows, clamped to the list. */
static void
ui_pick_move(struct ui_pick *p, long delta)
{
	long	last = (long)p->count - 1, to = (long)p->sel + delta;

	if (p->count == 0)
		return;
	if (to < 0)
		to = 0;
	if (to > last)
		to = last;
	p->sel = (size_t)to;
}

/* One key in the picker: 1 plays the selection, -1 quits, 0 goes on. */
static int
ui_pick_key(struct ui_pick *p, int ch)
{
	long	page = p->page > 1 ? p->page - 1 : 1;

	switch (ch) {
	case 'q':
	case 'Q':
		return -1;
	case KEY_UP:
	case 'k':
		ui_pick_move(p, -1);
		break;
	case KEY_DOWN:
	case 'j':
		ui_pick_move(p, 1);
		break;
	case KEY_PPAGE:
		ui_pick_move(p, -page);
		break;
	case KEY_NPAGE:
	case ' ':
		ui_pick_move(p, page);
		break;
	case KEY_HOME:
	case 'g':
		ui_pick_move(p, -(long)p->count);
		break;
	case KEY_END:
	case 'G':
		ui_pick_move(p, (long)p->count);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return p->count > 0 ? 1 : 0;
	}
	return 0;
}

/* The picker's frame as text, for --screen with no source. */
int
ui_pick_dump(const struct ui_config *cfg, int cols, int rows, FILE *out)
{
	struct ui_pick	 p;
	struct canvas	*c;
	int		 rc;

	ui_pick_load(&p);
	/* As on a terminal: Chinese titles only in a UTF-8 locale. */
	setlocale(LC_CTYPE, "");
	p.zh = !cfg->ascii && ui_locale_utf8();
	c = canvas_text_new(cols, rows, cfg->ascii);
	ui_pick_draw(c, &p);
	rc = canvas_text_dump(c, out) == 0 && fflush(out) == 0 ? 0 : 1;
	canvas_free(c);
	ui_pick_free(&p);
	return rc;
}

/* The picker's loop: keys until Enter or q. */
int
ui_pick(const struct ui_config *cfg0, char **name_out)
{
	static size_t		 last_sel;
	struct ui_config	 cfg = *cfg0;
	struct ui_pick		 p;
	struct canvas		*c;
	struct pollfd		 pfd;
	int			 ch, k = 0;
	bool			 dirty = true;

	*name_out = NULL;
	ui_pick_load(&p);
	if (p.count == 0) {
		ui_end();
		fprintf(stderr, "tcpviz: %s%s\n", ui_texts[11], scenario_dir());
		ui_pick_free(&p);
		return 1;
	}
	if (ui_curses_start(&cfg) != 0) {
		ui_pick_free(&p);
		return 1;
	}
	/* Coming back from a scenario: the cursor stays on it. */
	p.sel = last_sel < p.count ? last_sel : 0;
	p.zh = !cfg.ascii;
	c = canvas_curses_new(cfg.ascii, !cfg.no_color);
	clearok(curscr, TRUE);
	while (k == 0 && !ui_quit) {
		if (dirty) {
			ui_pick_draw(c, &p);
			wnoutrefresh(stdscr);
			doupdate();
			dirty = false;
		}
		pfd.fd = ui_input_fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, UI_IDLE_MS) < 0 && errno != EINTR)
			break;
		while (k == 0 && (ch = getch()) != ERR) {
			if (ch == KEY_RESIZE) {
				canvas_curses_resize(c);
				clearok(curscr, TRUE);
			} else
				k = ui_pick_key(&p, ch);
			dirty = true;
		}
	}
	canvas_free(c);
	if (k == 1 && !ui_quit) {
		last_sel = p.sel;
		*name_out = xstrdup(p.list[p.sel]->path);
	} else
		ui_end();
	ui_pick_free(&p);
	return 0;
}
