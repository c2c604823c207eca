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
#include <time.h>
#include <unistd.h>

#include "backend-sim.h"
#include "canvas.h"
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
#define UI_REASONS_MAX		(1u << 20)
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
};

static volatile sig_atomic_t	 ui_quit;
static bool			 ui_curses_on;

/* Nanoseconds of a monotonic clock. */
static int64_t
ui_clock(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * COMPAT_NS_PER_SEC + ts.tv_nsec;
}

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
	player_init(&m->player, cfg->source == UI_SOURCE_FILE,
	    cfg->source == UI_SOURCE_LIVE);
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
		if (m->ntrs >= UI_REASONS_MAX)
			continue;
		if (m->ntrs == m->captrs) {
			m->captrs = m->captrs == 0 ? 256 : m->captrs * 2;
			m->trs = xreallocarray(m->trs, m->captrs,
			    sizeof *m->trs);
		}
		m->trs[m->ntrs++] = tr;
	}
}

/* Read what the source has (bounded); true if anything came. */
static bool
ui_model_pump(struct ui_model *m, size_t max_items, int64_t budget_ns)
{
	struct event_segment	 seg;
	enum backend_next	 r;
	int64_t			 start = ui_clock();
	size_t			 n;
	bool			 got = false;

	if (m->ended)
		return false;
	for (n = 0; n < max_items; n++) {
		r = backend_next(m->b, &seg);
		if (r == BACKEND_AGAIN)
			break;
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
		if ((n & 255) == 255 && ui_clock() - start > budget_ns)
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
	view_conns_set(&m->conns, m->all, m->nall);
	for (i = 0; i < m->nall; i++) {
		if (m->all[i]->id == m->sel_id)
			sel = m->all[i];
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

/* The scenario's note for the cursor's time (demos only). */
static const char *
ui_model_note(const struct ui_model *m)
{
	const char	*note = NULL;
	int64_t		 t;
	size_t		 i;

	if (m->sc == NULL || m->tl.count == 0)
		return NULL;
	t = m->tl.rows[m->player.pos].t;
	for (i = 0; i < m->sc->nnotes; i++) {
		if (m->sc->notes[i].t > t)
			break;
		note = m->sc->notes[i].en;
	}
	return note;
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

	for (r = 1; r < PARSE_R_COUNT; r++)
		errs += b->stats.by_reason[r];
	mode = ui_texts[1 + (int)m->cfg->source];
	state = m->player.follow ? ui_texts[6] :
	    m->player.paused ? ui_texts[4] : ui_texts[5];
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
	if (reading)
		strncat(m->left, ui_texts[9],
		    sizeof m->left - strlen(m->left) - 1);
	snprintf(m->title, sizeof m->title,
	    "tcpviz  %s  |  connection #%u  %s -> %s  |  C = client, "
	    "S = server", m->cfg->name != NULL ? m->cfg->name : "",
	    (unsigned)m->sel_id, a, z);
	m->ctx.title = m->title;
	m->ctx.status_left = m->left;
	m->ctx.status_right = ui_texts[7];
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

/* Handle one key; returns false to quit. */
static bool
ui_key(struct ui_model *m, int ch, const struct layout *l)
{
	const struct conn	*c;

	if (m->ctx.help) {
		m->ctx.help = false;
		return ch != 'q';
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
				player_init(&m->player, true, false);
				ui_model_refresh(m);
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
	case 'f':
		player_set_follow(&m->player, !m->player.follow);
		if (m->player.follow)
			m->player.paused = false;
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

/* The interactive loop. */
int
ui_run(const struct ui_config *cfg0, struct backend *b)
{
	struct ui_config	 cfg = *cfg0;
	struct ui_model		 m;
	struct layout		 l;
	struct canvas		*c;
	struct sigaction	 sa;
	struct pollfd		 pfd[2];
	int64_t			 now, last_draw = 0, due;
	int			 ch, nfd, timeout, srcfd;
	bool			 dirty = true, run = true;
	const char		*term;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tcpviz: %s\n", ui_texts[0]);
		return 1;
	}
	setlocale(LC_ALL, "");
	if (!ui_locale_utf8())
		cfg.ascii = true;
	if (getenv("NO_COLOR") != NULL && getenv("NO_COLOR")[0] != '\0')
		cfg.no_color = true;
	term = getenv("TERM");
	if (newterm(NULL, stdout, stdin) == NULL) {
		fprintf(stderr, "tcpviz: cannot start curses on this terminal "
		    "(TERM=%s)\n", term != NULL ? term : "");
		return 1;
	}
	ui_curses_on = true;
	log_set_hook(ui_restore, true);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	c = canvas_curses_new(cfg.ascii, !cfg.no_color);
	ui_model_init(&m, &cfg, b);
	ui_model_refresh(&m);

	while (run && !ui_quit) {
		now = ui_clock();
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
			due = (due - ui_clock()) / 1000000;
			if (due < timeout)
				timeout = due < 0 ? 0 : (int)due;
		}
		if (dirty && timeout > 1000 / UI_FPS)
			timeout = 1000 / UI_FPS;
		pfd[0].fd = STDIN_FILENO;
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
	ui_restore();
	log_set_hook(NULL, false);
	log_flush_held();
	canvas_free(c);
	ui_model_free(&m);
	return 0;
}
