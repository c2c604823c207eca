/*
 * ui.c: the interactive front end: curses lifecycle, one poll() loop over
 * the terminal, the source's descriptor and a timer, keys and mouse mapped
 * to the session's operations (session.c holds the model, without curses,
 * and draws the frames, --screen's too), and the scenario picker. Layer 4:
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
#include <limits.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canvas.h"
#include "clock.h"
#include "compare.h"
#include "export.h"
#include "export-svg.h"
#include "i18n.h"
#include "keymap.h"
#include "layout.h"
#include "log.h"
#include "outfile.h"
#include "player.h"
#include "scenario.h"
#include "session.h"
#include "ui.h"
#include "view.h"
#include "view-pick.h"
#include "view-screen.h"
#include "xmalloc.h"

#define UI_FPS			40
#define UI_PUMP_ITEMS		4096	/* source items per pump */
#define UI_PUMP_NS		(15 * INT64_C(1000000))
#define UI_IDLE_MS		250

/* Texts of the front end (kept together for translation). */
enum ui_text {
	UI_T_NO_TTY,
	UI_T_NO_SCENARIOS,
	UI_T_COUNT
};

static const char *const ui_texts[UI_T_COUNT] = {
	[UI_T_NO_TTY] =
	    N_("the interactive view needs a terminal (stdin and stdout); use "
	    "--transitions, --segments or --screen COLSxROWS for text output"),
	[UI_T_NO_SCENARIOS] = N_("no scenarios found in "),
};

/*
 * The scenario picker: every scenario that loads, in lesson order; the /
 * search shows those whose name or title holds its text (map: the shown
 * row's index in list).
 */
struct ui_pick {
	struct scenario		**list;
	size_t			  nlist;
	struct view_pick_item	 *items;	/* what the picker draws */
	size_t			 *map;		/* items[i] is list[map[i]] */
	struct view_pick	  v;		/* selection, scroll */
	bool			  searching;	/* the / prompt is open */
	char			  search[64];
	size_t			  nsearch;
};

static volatile sig_atomic_t	 ui_quit;
static bool			 ui_curses_on;
static SCREEN			*ui_curses_screen;
static FILE			*ui_tty;	/* keys when stdin is data */
static int			 ui_input_fd = STDIN_FILENO;
static bool			 ui_ascii;	/* the terminal draws ASCII */
/* C: the scenarios its prompt offers (loaded at the first C). */
static struct ui_pick		 ui_cmp;
static bool			 ui_cmp_loaded;
static char			 ui_cmp_last[64];	/* the last compared */

static void	ui_pick_load(struct ui_pick *);
static void	ui_pick_free(struct ui_pick *);

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

/* The session's settings for a run of the front end. */
static void
ui_session_config(struct session_config *sc, const struct ui_config *cfg)
{
	memset(sc, 0, sizeof *sc);
	sc->source = cfg->source == UI_SOURCE_LIVE ? SESSION_LIVE :
	    cfg->source == UI_SOURCE_DEMO ? SESSION_DEMO : SESSION_FILE;
	sc->name = cfg->name;
	sc->no_color = cfg->no_color;
	sc->msl_ns = cfg->msl_ns;
	sc->max_conns = cfg->max_conns;
	sc->max_history = cfg->max_history > 0 ? cfg->max_history :
	    UI_DEFAULT_HISTORY;
	sc->picker = cfg->picker;
	sc->linger_ns = cfg->linger_ns;
	/* tcpviz.c says which scenario (and its MSL, in msl_ns). */
	sc->scenario = cfg->scenario;
	sc->notation = (enum view_notation)cfg->notation;
	sc->autoplay_ns = cfg->autoplay_ns;
	sc->rfc1337 = cfg->rfc1337;
	sc->loop = cfg->loop;
	sc->quiz = cfg->quiz;
	sc->quiz_seed = cfg->quiz_seed;
}

/* Render one frame as text: --screen COLSxROWS [--at N]. */
int
ui_screen_dump(const struct ui_config *cfg, struct backend *b, int cols,
    int rows, size_t at_step, FILE *out)
{
	struct session_config	sc;

	struct session		m;
	char			*err;
	int			 rc = 0;

	ui_session_config(&sc, cfg);
	/* ASCII cannot draw Chinese: English then, as on a terminal. */
	if (cfg->ascii)
		i18n_set(I18N_EN);
	if (!cfg->screen_svg)
		return session_screen_dump(&sc, b, cols, rows, cfg->ascii,
		    at_step, out);
	session_load(&m, &sc, b, at_step);
	if (export_svg_screen(out, &m, cols, rows, cfg->ascii, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		rc = 1;
	}
	session_free(&m);
	return rc;
}

/* A frame per step into a directory: --export-steps DIR. */
int
ui_export_steps(const struct ui_config *cfg, struct backend *b,
    const struct outfile_scope *scope, bool txt)
{
	struct session_config	sc;
	struct session		m;
	char			*err;
	long			 n;

	ui_session_config(&sc, cfg);
	if (cfg->ascii)
		i18n_set(I18N_EN);
	session_load(&m, &sc, b, SESSION_AT_LAST);
	n = export_svg_steps(&m, scope, txt ? EXPORT_SVG_FORMAT_TXT :
	    EXPORT_SVG_FORMAT_SVG, &err);
	session_free(&m);
	if (n < 0) {
		log_warnx("--export-steps: %s", err);
		free(err);
		return 1;
	}
	return 0;
}

/* A mouse event: wheel scrolls, a click selects. */
static void
ui_mouse(struct session *m, const struct layout *l)
{
	MEVENT			 ev;
	struct canvas_rect	 box;
	size_t			 row;
	int			 s;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (m->ctx.focus == VIEW_FOCUS_CONNS)
			session_conns_move(m, -1);
		else if ((size_t)m->ctx.scroll < m->player.pos)
			m->ctx.scroll++;
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (m->ctx.focus == VIEW_FOCUS_CONNS)
			session_conns_move(m, 1);
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
				session_conns_select(m, row);
			return;
		}
		if (m->tl.count == 0)
			return;
		/* The row on that line as drawn (slanted arrows too). */
		row = view_seq_row_at(&l->seq, &m->ctx, ev.y);
		if (row != SIZE_MAX)
			session_seek(m, row);
		return;
	}
	for (s = 0; s < FSM_STATE_COUNT; s++) {
		if (view_graph_box(&l->graph_in, l->mode, (enum fsm_state)s,
		    &box) &&
		    ev.x >= box.x && ev.x < box.x + box.w && ev.y >= box.y &&
		    ev.y < box.y + box.h) {
			session_jump_state(m, s);
			return;
		}
	}
}

/*
 * A prompt's line (buf, *n bytes used, of size): Backspace deletes the
 * last character, printable ASCII is added at the end. true when ch was
 * one of those.
 */
static bool
ui_line_key(char *buf, size_t size, size_t *n, int ch)
{
	switch (ch) {
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (*n > 0)
			buf[--*n] = '\0';
		return true;
	}
	if (ch < 32 || ch >= 127)
		return false;
	if (*n + 1 < size) {
		buf[(*n)++] = (char)ch;
		buf[*n] = '\0';
	}
	return true;
}

/* A key while the / prompt is open: edit, Enter applies, Esc cancels. */
static void
ui_key_edit(struct session *m, int ch)
{
	switch (ch) {
	case 27:
		m->editing = false;
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		m->editing = false;
		session_set_filter(m, m->edit);
		return;
	}
	/*
	 * Addresses, state and anomaly words are ASCII; nothing else is
	 * taken. A space separates words (all must match).
	 */
	(void)ui_line_key(m->edit, sizeof m->edit, &m->nedit, ch);
}

/* A curses key as keymap.h names it (printable keys are themselves). */
static int
ui_keycode(int ch)
{
	switch (ch) {
	case KEY_UP:		return KEYMAP_K_UP;
	case KEY_DOWN:		return KEYMAP_K_DOWN;
	case KEY_LEFT:		return KEYMAP_K_LEFT;
	case KEY_RIGHT:		return KEYMAP_K_RIGHT;
	case KEY_PPAGE:		return KEYMAP_K_PGUP;
	case KEY_NPAGE:		return KEYMAP_K_PGDN;
	case KEY_HOME:		return KEYMAP_K_HOME;
	case KEY_END:		return KEYMAP_K_END;
	case KEY_ENTER:
	case '\n':
	case '\r':		return KEYMAP_K_ENTER;
	case 27:		return KEYMAP_K_ESC;
	case '\t':		return KEYMAP_K_TAB;
	case KEY_F(1):		return KEYMAP_K_F1;
	case KEY_MOUSE:		return KEYMAP_K_MOUSE;
	}
	return ch >= ' ' && ch < 127 ? ch : -1;
}

/* The e prompt's keys. */
static const struct {
	int			key;
	enum export_format	format;
} ui_export_keys[] = {
	{ 't', EXPORT_TXT }, { 'm', EXPORT_MD }, { 's', EXPORT_SVG },
	{ 'j', EXPORT_JSON }, { 'p', EXPORT_PCAPNG }, { 'u', EXPORT_PUML },
	{ 'M', EXPORT_MMD }, { 'c', EXPORT_SCN },
};

/* The status row after a write: what was written, or why not; frees err. */
static void
ui_wrote(struct session *m, int rc, const char *name, char *err)
{
	if (rc == 0)
		snprintf(m->notice, sizeof m->notice, _("wrote %s"), name);
	else
		snprintf(m->notice, sizeof m->notice, "%s", rc == 1 ?
		    _("export: too many files of that name here") : err);
	free(err);
}

/*
 * Export the selected connection, from its first step to the cursor (all
 * of it at a demo's step 0), into the current directory under a name made
 * from its endpoints, "-2", "-3" ... added rather than replace a file.
 */
static void
ui_export(struct session *m, const struct ui_config *cfg,
    enum export_format f)
{
	struct export_sel	 sel;
	char			 name[160], base[160], *err = NULL, *dot;
	size_t			 pos = m->player.pos, from = m->ctx.from;
	size_t			 step0, first;
	int			 k, rc = 1;

	if (cfg->scope == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("export: this run cannot write files"));
		return;
	}
	memset(&sel, 0, sizeof sel);
	sel.ascii = ui_ascii;
	step0 = m->tl.start ? 0 : 1;
	first = view_timeline_first(&m->tl);
	sel.to = pos < first ? SIZE_MAX : pos + step0;
	export_default_name(base, sizeof base, m, f);
	for (k = 1; k < 100 && rc == 1; k++) {
		if (k == 1)
			snprintf(name, sizeof name, "%s", base);
		else if ((dot = strrchr(base, '.')) != NULL)
			snprintf(name, sizeof name, "%.*s-%d%s",
			    (int)(dot - base), base, k, dot);
		free(err);
		err = NULL;
		rc = export_put(cfg->scope, name, f, m, &sel, &err);
	}
	/* An SVG export moves the cursor to draw its last step: back. */
	player_seek(&m->player, pos);
	m->ctx.from = from;
	ui_wrote(m, rc, name, err);
}

/* A key while the e prompt is open: a format's letter, or Esc. */
static void
ui_key_export(struct session *m, const struct ui_config *cfg, int ch)
{
	size_t	i;

	m->exporting = false;
	for (i = 0; i < COMPAT_NITEMS(ui_export_keys); i++) {
		if (ui_export_keys[i].key == ch) {
			ui_export(m, cfg, ui_export_keys[i].format);
			return;
		}
	}
}

/*
 * d, D, u in a demo: note what was asked and leave ui_run (UI_WHATIF), so
 * the scenario runs again with the change. false ends this run.
 */
static bool
ui_whatif(struct session *m, const struct ui_config *cfg,
    enum keymap_action a)
{
	struct session_whatif	*w = cfg->whatif;

	if (w == NULL || m->cfg.source != SESSION_DEMO) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("what-if: only in a demo (tcpviz demo NAME)"));
		return true;
	}
	if (a == KEYMAP_WHATIF_UNDO) {
		if (cfg->whatifs == 0) {
			snprintf(m->notice, sizeof m->notice, "%s",
			    _("what-if: nothing to undo"));
			return true;
		}
		memset(w, 0, sizeof *w);
		w->kind = SESSION_WHATIF_UNDO;
		w->conn = m->sel_id;
		w->step = m->player.pos;
	} else if (!session_whatif_target(m, w)) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("what-if: no segment after the cursor"));
		return true;
	} else
		w->kind = a == KEYMAP_WHATIF_DROP ? SESSION_WHATIF_DROP :
		    SESSION_WHATIF_DELAY;
	w->quiz = m->quiz;
	m->whatif = true;
	return false;
}

/* w: the changed scenario as tcpviz-NAME-whatif.scn here. */
static void
ui_whatif_save(struct session *m, const struct ui_config *cfg)
{
	char	 name[160], *err = NULL;
	int	 k, rc = 1;

	if (cfg->whatif == NULL || cfg->whatif_scn == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("what-if: only in a demo (tcpviz demo NAME)"));
		return;
	}
	if (cfg->scope == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("export: this run cannot write files"));
		return;
	}
	for (k = 1; k < 100 && rc == 1; k++) {
		if (k == 1)
			snprintf(name, sizeof name, "tcpviz-%s-whatif.scn",
			    cfg->name != NULL ? cfg->name : "demo");
		else
			snprintf(name, sizeof name, "tcpviz-%s-whatif-%d.scn",
			    cfg->name != NULL ? cfg->name : "demo", k);
		free(err);
		err = NULL;
		rc = outfile_put(cfg->scope, name, cfg->whatif_scn,
		    cfg->whatif_scn_len, &err);
	}
	ui_wrote(m, rc, name, err);
}

/*
 * y: the display filter to the terminal's clipboard with OSC 52, written
 * between two refreshes (it moves no cursor); only to a terminal.
 * Terminals that do not allow it ignore the sequence; the status row
 * shows the filter either way so it can be copied by hand.
 */
static void
ui_copy(struct session *m)
{
	char	osc[SESSION_OSC52_STRLEN];

	if (!session_copy_filter(m, osc, sizeof osc) ||
	    !isatty(STDOUT_FILENO))
		return;
	fputs(osc, stdout);
	fflush(stdout);
}

/*
 * C's first choice: the scenario compared last, else the first lesson
 * (the textbook's handshake and close: 'order' puts it first).
 */
static const char *
ui_compare_default(void)
{
	if (ui_cmp_last[0] != '\0')
		return ui_cmp_last;
	return ui_cmp.nlist > 0 ? ui_cmp.list[0]->name : "handshake";
}

/* C: the prompt opens on the first choice (a run that can compare). */
static void
ui_compare_open(struct session *m, const struct ui_config *cfg)
{
	if (cfg->compare == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("compare: not in this run"));
		return;
	}
	session_frame(m, !m->ended);
	if (m->tl.conn == NULL) {
		snprintf(m->notice, sizeof m->notice, "%s",
		    _("compare: no connection on screen"));
		return;
	}
	if (!ui_cmp_loaded) {
		ui_pick_load(&ui_cmp);
		ui_cmp_loaded = true;
	}
	m->comparing = true;
	snprintf(m->cmp_edit, sizeof m->cmp_edit, "%s", ui_compare_default());
	m->ncmp_edit = strlen(m->cmp_edit);
	m->cmp_stem[0] = '\0';
	m->cmp_fresh = true;
}

/*
 * Compare the connection on screen with scenario name: the panel opens
 * (keep: on the rows it showed, L's new language), or the status row
 * says why not, on one line.
 */
static void
ui_compare_run(struct session *m, const struct ui_config *cfg,
    const struct layout *l, const char *name, bool keep)
{
	struct canvas_rect	 box, tr;
	char			*err = NULL, *text, *p;

	view_screen_panel_rect(l, &box, &tr);
	session_frame(m, !m->ended);
	text = compare_text(m, cfg->name != NULL ? cfg->name : "", name,
	    cfg->compare, tr.w, &err);
	if (text == NULL) {
		for (p = err; p != NULL && *p != '\0'; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		snprintf(m->notice, sizeof m->notice, "%s",
		    err != NULL ? err : "");
		free(err);
		return;
	}
	free(m->cmp_text);
	m->cmp_text = text;
	if (!keep)
		m->ctx.panel_top = 0;
	if (name != ui_cmp_last)
		snprintf(ui_cmp_last, sizeof ui_cmp_last, "%s", name);
}

/*
 * Tab (dir 1) or Shift-Tab (-1) in the prompt: the next scenario, in
 * lesson order, whose name starts with what was typed.
 */
static void
ui_compare_tab(struct session *m, int dir)
{
	size_t	n = ui_cmp.nlist, i, k, at = n, j;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(ui_cmp.list[i]->name, m->cmp_edit) == 0)
			at = i;
	for (k = 1; k <= n; k++) {
		if (at == n)
			j = dir > 0 ? k - 1 : n - k;
		else
			j = (at + (dir > 0 ? k : n * 2 - k)) % n;
		if (strncmp(ui_cmp.list[j]->name, m->cmp_stem,
		    strlen(m->cmp_stem)) == 0) {
			snprintf(m->cmp_edit, sizeof m->cmp_edit, "%s",
			    ui_cmp.list[j]->name);
			m->ncmp_edit = strlen(m->cmp_edit);
			return;
		}
	}
}

/* A key while the C prompt is open: type, Tab, Enter compares, Esc. */
static void
ui_key_compare(struct session *m, const struct ui_config *cfg, int ch,
    const struct layout *l)
{
	switch (ch) {
	case 27:
		m->comparing = false;
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		m->comparing = false;
		if (m->ncmp_edit > 0)
			ui_compare_run(m, cfg, l, m->cmp_edit, false);
		return;
	case '\t':
	case KEY_DOWN:
		ui_compare_tab(m, 1);
		return;
	case KEY_BTAB:
	case KEY_UP:
		ui_compare_tab(m, -1);
		return;
	case ' ':
		return;
	}
	/* The first choice goes when a name is typed over it. */
	if (m->cmp_fresh && ch >= 32 && ch < 127)
		m->ncmp_edit = 0;
	/* Names are ASCII (a path too: "./my.scn"). */
	if (!ui_line_key(m->cmp_edit, sizeof m->cmp_edit, &m->ncmp_edit, ch))
		return;
	m->cmp_fresh = false;
	memcpy(m->cmp_stem, m->cmp_edit, sizeof m->cmp_stem);
}

/*
 * A key while the comparison's panel is open: it scrolls, L changes the
 * language (the text is written again), Esc, q or C close it.
 */
static void
ui_key_panel(struct session *m, const struct ui_config *cfg, int ch,
    const struct layout *l)
{
	struct canvas_rect	 box, tr;
	int			 top = m->ctx.panel_top, max;

	view_screen_panel_rect(l, &box, &tr);
	switch (ch) {
	case 27:
	case 'q':
	case 'C':
		free(m->cmp_text);
		m->cmp_text = NULL;
		m->ctx.panel = NULL;
		return;
	case 'L':
		if (!ui_ascii) {
			session_lang_next(m);
			ui_compare_run(m, cfg, l, ui_cmp_last, true);
		}
		break;
	case KEY_UP:
	case 'k':
		top--;
		break;
	case KEY_DOWN:
	case 'j':
		top++;
		break;
	case KEY_PPAGE:
		top -= tr.h > 1 ? tr.h - 1 : 1;
		break;
	case KEY_NPAGE:
	case ' ':
		top += tr.h > 1 ? tr.h - 1 : 1;
		break;
	case KEY_HOME:
	case 'g':
		top = 0;
		break;
	case KEY_END:
	case 'G':
		top = INT_MAX / 2;
		break;
	}
	max = m->cmp_text != NULL ? view_screen_panel_rows(&tr, m->cmp_text) -
	    tr.h : 0;
	if (top > max)
		top = max;
	m->ctx.panel_top = top < 0 ? 0 : top;
}

/* Handle one key (keymap.c says what it does); returns false to quit. */
static bool
ui_key(struct session *m, const struct ui_config *cfg, int ch,
    const struct layout *l)
{
	const struct keymap_binding	*b;
	unsigned			 where = 0;

	if (m->editing) {
		ui_key_edit(m, ch);
		return true;
	}
	m->notice[0] = '\0';
	if (m->exporting) {
		ui_key_export(m, cfg, ch);
		return true;
	}
	if (m->comparing) {
		ui_key_compare(m, cfg, ch, l);
		return true;
	}
	if (m->cmp_text != NULL) {
		if (ch != KEY_MOUSE)
			ui_key_panel(m, cfg, ch, l);
		return true;
	}
	/* Any key closes the help, q too: it never quits from there. */
	if (m->ctx.help) {
		if (ch != KEY_MOUSE)
			m->ctx.help = false;
		return true;
	}
	if (m->ctx.focus == VIEW_FOCUS_CONNS)
		where |= KEYMAP_IN_LIST;
	if (m->cfg.source == SESSION_LIVE)
		where |= KEYMAP_IN_LIVE;
	if (m->cfg.source == SESSION_DEMO)
		where |= KEYMAP_IN_DEMO;
	if ((b = keymap_find(ui_keycode(ch), where)) == NULL)
		return true;
	switch (b->action) {
	case KEYMAP_FILTER:
		m->editing = true;
		memcpy(m->edit, m->conns.filter, sizeof m->edit);
		m->edit[sizeof m->edit - 1] = '\0';
		m->nedit = strlen(m->edit);
		break;
	case KEYMAP_FOLLOW:
		session_follow(m);
		break;
	case KEYMAP_FREEZE:
		session_freeze(m);
		break;
	case KEYMAP_LIST_UP:
		session_conns_move(m, -1);
		break;
	case KEYMAP_LIST_DOWN:
		session_conns_move(m, 1);
		break;
	case KEYMAP_LIST_PGUP:
		session_conns_move(m, -(l->seq.h - 2));
		break;
	case KEYMAP_LIST_PGDN:
		session_conns_move(m, l->seq.h - 2);
		break;
	case KEYMAP_LIST_HOME:
		session_conns_home(m, false);
		break;
	case KEYMAP_LIST_END:
		session_conns_home(m, true);
		break;
	case KEYMAP_SORT:
		session_sort_cycle(m);
		break;
	case KEYMAP_OPEN:
		session_open_selected(m);
		break;
	case KEYMAP_CLOSE_LIST:
		m->ctx.focus = VIEW_FOCUS_SEQ;
		break;
	case KEYMAP_NOTATION:
		session_notation_cycle(m);
		break;
	case KEYMAP_CLOCK:
		session_clock_cycle(m);
		break;
	case KEYMAP_LANG:
		/* ASCII cannot draw Chinese (ui_curses_start). */
		if (!ui_ascii)
			session_lang_next(m);
		break;
	case KEYMAP_WHATIF_DROP:
	case KEYMAP_WHATIF_DELAY:
	case KEYMAP_WHATIF_UNDO:
		return ui_whatif(m, cfg, b->action);
	case KEYMAP_WHATIF_SAVE:
		ui_whatif_save(m, cfg);
		break;
	case KEYMAP_QUIT:
		return false;
	case KEYMAP_PICKER:
		/* Only a run started from the picker can go back to it. */
		if (m->cfg.picker) {
			m->to_picker = true;
			return false;
		}
		break;
	case KEYMAP_PAUSE:
		player_toggle_pause(&m->player);
		break;
	case KEYMAP_STEP_FWD:
		session_step(m, 1);
		break;
	case KEYMAP_STEP_BACK:
		session_step(m, -1);
		break;
	case KEYMAP_NEXT_CHANGE:
		session_next_change(m, 1);
		break;
	case KEYMAP_PREV_CHANGE:
		session_next_change(m, -1);
		break;
	case KEYMAP_NEXT_ANOMALY:
		session_next_anomaly(m, 1);
		break;
	case KEYMAP_PREV_ANOMALY:
		session_next_anomaly(m, -1);
		break;
	case KEYMAP_FASTER:
		player_faster(&m->player);
		break;
	case KEYMAP_SLOWER:
		player_slower(&m->player);
		break;
	case KEYMAP_START:
		session_start(m);
		break;
	case KEYMAP_END:
		session_end(m);
		break;
	case KEYMAP_FOCUS:
		m->ctx.focus = (enum view_focus)((m->ctx.focus + 1) % 3);
		break;
	case KEYMAP_LIST:
		m->ctx.focus = VIEW_FOCUS_CONNS;
		break;
	case KEYMAP_SCROLL_UP:
		if ((size_t)m->ctx.scroll < m->player.pos)
			m->ctx.scroll++;
		break;
	case KEYMAP_SCROLL_DOWN:
		if (m->ctx.scroll > 0)
			m->ctx.scroll--;
		break;
	case KEYMAP_HELP:
		m->ctx.help = true;
		break;
	case KEYMAP_EXPORT:
		m->exporting = true;
		break;
	case KEYMAP_QUIZ:
		session_quiz_toggle(m);
		break;
	case KEYMAP_ANSWER:
		(void)session_quiz_answer(m, (size_t)(ch - '1'));
		break;
	case KEYMAP_COPY:
		ui_copy(m);
		break;
	case KEYMAP_COMPARE:
		ui_compare_open(m, cfg);
		break;
	case KEYMAP_MOUSE:
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
		fprintf(stderr, "tcpviz: %s\n", _(ui_texts[UI_T_NO_TTY]));
		return -1;
	}
	setlocale(LC_ALL, "");
	/* Chinese asks for a UTF-8 LC_CTYPE, C.UTF-8 at least (i18n.c). */
	i18n_setlocale();
	if (!ui_locale_utf8())
		cfg->ascii = true;
	/* ASCII cannot draw Chinese: such a terminal gets English. */
	if (cfg->ascii)
		i18n_set(I18N_EN);
	ui_ascii = cfg->ascii;
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
	struct session_config	 sc;
	struct session		 m;
	struct layout		 l;
	struct canvas		*c;
	struct pollfd		 pfd[2];
	int64_t			 now, last_draw = 0, due;
	int			 ch, nfd, timeout, srcfd;
	bool			 dirty = true, run = true, back;

	if (ui_curses_start(&cfg) != 0)
		return 1;
	c = canvas_curses_new(cfg.ascii, !cfg.no_color);
	ui_session_config(&sc, &cfg);
	session_init(&m, &sc, b);
	session_refresh(&m);
	if (cfg.resume && cfg.whatif != NULL) {
		session_resume(&m, cfg.whatif->conn, cfg.whatif->step);
		session_resume_quiz(&m, &cfg.whatif->quiz);
	}
	if (cfg.notice != NULL)
		snprintf(m.notice, sizeof m.notice, "%s", cfg.notice);

	while (run && !ui_quit) {
		now = clock_mono_ns();
		/* The pump refreshes the model when the engine moved. */
		if (!m.ended && session_pump(&m, UI_PUMP_ITEMS, UI_PUMP_NS))
			dirty = true;
		if (session_tick(&m, now))
			dirty = true;
		/*
		 * A file loading redraws 10 times a second (each frame
		 * rebuilds the list of every connection read so far); a key
		 * still draws at once (last_draw = 0).
		 */
		if (dirty && now - last_draw >= (!m.ended &&
		    sc.source == SESSION_FILE ? COMPAT_NS_PER_SEC / 10 :
		    COMPAT_NS_PER_SEC / UI_FPS)) {
			session_frame(&m, !m.ended);
			layout_compute(&l, c->cols, c->rows);
			session_draw(&m, c);
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
		due = session_due(&m);
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
			} else if (!ui_key(&m, &cfg, ch, &l)) {
				run = false;
				break;
			}
			dirty = true;
			last_draw = 0;
		}
	}
	back = (m.to_picker || m.whatif) && !ui_quit;
	/* Back to the picker: curses keeps the screen, so no flash. */
	if (!back)
		ui_end();
	canvas_free(c);
	session_free(&m);
	if (ui_cmp_loaded) {
		ui_pick_free(&ui_cmp);
		ui_cmp_loaded = false;
	}
	if (back)
		return m.whatif ? UI_WHATIF : UI_PICKER;
	/*
	 * A source that failed (an interface gone) or was cut short was
	 * said on the title row while the view ran; now that the terminal
	 * is back, on stderr too, and the exit status says so (tcpviz.1).
	 */
	if (b->error != NULL || b->warning != NULL) {
		log_warnx("%s", b->error != NULL ? b->error : b->warning);
		return 1;
	}
	return 0;
}

/* An ASCII letter in lower case; anything else as it is. */
static char
ui_pick_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Does hay hold needle, ASCII letters in either case? */
static bool
ui_pick_has(const char *hay, const char *needle)
{
	size_t	i, n = strlen(needle);

	if (hay == NULL)
		return false;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++) {
			if (ui_pick_lower(hay[i]) != ui_pick_lower(needle[i]))
				break;
		}
		if (i == n)
			return true;
	}
	return n == 0;
}

/*
 * The rows the picker shows: every scenario, or while searching those
 * whose name or title (English or Chinese) holds the text. The selection
 * stays on its scenario when it is still shown, else goes to the first.
 */
static void
ui_pick_filter(struct ui_pick *p)
{
	const struct scenario	*sc;
	size_t			 i, was = SIZE_MAX, n = 0;

	if (p->v.count > 0)
		was = p->map[p->v.sel];
	p->v.sel = 0;
	for (i = 0; i < p->nlist; i++) {
		sc = p->list[i];
		if (p->nsearch > 0 && !ui_pick_has(sc->name, p->search) &&
		    !ui_pick_has(sc->title_en, p->search) &&
		    !ui_pick_has(sc->title_zh, p->search))
			continue;
		if (i == was)
			p->v.sel = n;
		p->map[n] = i;
		p->items[n].name = sc->name;
		p->items[n].title_en = sc->title_en;
		p->items[n].title_zh = sc->title_zh;
		p->items[n].desc_en = sc->desc_en;
		p->items[n].desc_zh = sc->desc_zh;
		n++;
	}
	p->v.count = n;
	p->v.total = p->nlist;
	p->v.search = p->searching ? p->search : NULL;
}

/* Load every scenario, in lesson order; ones that fail are left out. */
static void
ui_pick_load(struct ui_pick *p)
{
	struct scenario	*sc;
	char		**paths, *err;
	size_t		 n, i;

	memset(p, 0, sizeof *p);
	p->v.dir = scenario_dir();
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
		p->list[p->nlist++] = sc;
	}
	scenario_list_free(paths, n);
	scenario_sort(p->list, p->nlist);
	p->items = xcalloc(p->nlist > 0 ? p->nlist : 1, sizeof *p->items);
	p->map = xcalloc(p->nlist > 0 ? p->nlist : 1, sizeof *p->map);
	p->v.items = p->items;
	ui_pick_filter(p);
}

static void
ui_pick_free(struct ui_pick *p)
{
	size_t	i;

	for (i = 0; i < p->nlist; i++)
		scenario_free(p->list[i]);
	free(p->list);
	free(p->items);
	free(p->map);
	memset(p, 0, sizeof *p);
}

/*
 * A key while the / search is open: the list narrows as it is typed,
 * Backspace widens it, Esc clears the search, Enter keeps it and goes
 * back to moving (a second Enter plays). Returns true when taken.
 */
static bool
ui_pick_search_key(struct ui_pick *p, int ch)
{
	switch (ch) {
	case 27:
		p->searching = false;
		p->nsearch = 0;
		p->search[0] = '\0';
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		p->searching = false;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		/* A whole UTF-8 character goes. */
		while (p->nsearch > 0 &&
		    ((unsigned char)p->search[--p->nsearch] & 0xc0) == 0x80)
			;
		p->search[p->nsearch] = '\0';
		break;
	default:
		/* Printable ASCII and UTF-8 bytes (a Chinese title). */
		if (ch < ' ' || ch == 127 || ch > 0xff)
			return true;	/* other keys do nothing here */
		if (p->nsearch + 1 < sizeof p->search) {
			p->search[p->nsearch++] = (char)ch;
			p->search[p->nsearch] = '\0';
		}
		break;
	}
	ui_pick_filter(p);
	return true;
}

/* One key in the picker: 1 plays the selection, -1 quits, 0 goes on. */
static int
ui_pick_key(struct ui_pick *pk, int ch)
{
	struct view_pick	*p = &pk->v;
	long			 page = p->page > 1 ? p->page - 1 : 1;

	if (pk->searching && ch != KEY_UP && ch != KEY_DOWN &&
	    ch != KEY_PPAGE && ch != KEY_NPAGE && ui_pick_search_key(pk, ch))
		return 0;
	switch (ch) {
	case 'q':
	case 'Q':
		return -1;
	case '/':
		pk->searching = true;
		ui_pick_filter(pk);
		break;
	case 27:
		/* Esc clears a search kept with Enter. */
		pk->nsearch = 0;
		pk->search[0] = '\0';
		ui_pick_filter(pk);
		break;
	case KEY_UP:
	case 'k':
		view_pick_move(p, -1);
		break;
	case KEY_DOWN:
	case 'j':
		view_pick_move(p, 1);
		break;
	case KEY_PPAGE:
		view_pick_move(p, -page);
		break;
	case KEY_NPAGE:
	case ' ':
		view_pick_move(p, page);
		break;
	case KEY_HOME:
	case 'g':
		view_pick_move(p, -(long)p->count);
		break;
	case KEY_END:
	case 'G':
		view_pick_move(p, (long)p->count);
		break;
	case 'L':
		/* The language, as in the view (ASCII draws English only). */
		if (!ui_ascii)
			i18n_next();
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
	i18n_setlocale();
	if (cfg->ascii)
		i18n_set(I18N_EN);
	p.v.zh = !cfg->ascii && ui_locale_utf8();
	c = canvas_text_new(cols, rows, cfg->ascii);
	view_pick_draw(c, &p.v);
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
	if (p.nlist == 0) {
		ui_end();
		fprintf(stderr, "tcpviz: %s%s\n",
		    _(ui_texts[UI_T_NO_SCENARIOS]), scenario_dir());
		ui_pick_free(&p);
		return 1;
	}
	if (ui_curses_start(&cfg) != 0) {
		ui_pick_free(&p);
		return 1;
	}
	/* Coming back from a scenario: the cursor stays on it. */
	p.v.sel = last_sel < p.v.count ? last_sel : 0;
	p.v.zh = !cfg.ascii;
	c = canvas_curses_new(cfg.ascii, !cfg.no_color);
	clearok(curscr, TRUE);
	while (k == 0 && !ui_quit) {
		if (dirty) {
			view_pick_draw(c, &p.v);
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
		last_sel = p.map[p.v.sel];
		*name_out = xstrdup(p.list[p.map[p.v.sel]]->path);
	} else
		ui_end();
	ui_pick_free(&p);
	return 0;
}
