/*
 * tcpviz.c: wires a source (capture file, live interface, simulator) to the
 * engine and a front end (a headless printer or the interactive view).
 * Layer main: may include every layer.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#include "backend-pcap.h"
#include "canvas.h"
#include "backend-sim.h"
#include "batch.h"
#include "clock.h"
#include "compare.h"
#include "i18n.h"
#include "log.h"
#include "options.h"
#include "outfile.h"
#include "parse.h"
#include "pcapwrite.h"
#include "privs.h"
#include "sandbox.h"
#include "backend-anon.h"
#include "export.h"
#include "scenario.h"
#include "session.h"
#include "ui.h"
#include "xmalloc.h"

/* Print what was read and what was skipped, on one stderr line. */
static void
tcpviz_report(const struct backend *b, const char *name, bool capture)
{
	char		 line[1024];
	size_t		 used;
	int		 r, n = 0;
	uint64_t	 skipped = 0;

	used = (size_t)snprintf(line, sizeof line,
	    "%s: %" PRIu64 " frames, %" PRIu64 " TCP segments", name,
	    b->stats.frames + b->filtered, b->stats.tcp);
	if (b->filtered > 0)
		used += (size_t)snprintf(line + used, sizeof line - used,
		    ", %" PRIu64 " filtered out", b->filtered);
	for (r = 1; r < PARSE_R_COUNT; r++)
		skipped += b->stats.by_reason[r];
	if (skipped > 0) {
		used += (size_t)snprintf(line + used, sizeof line - used,
		    "; skipped %" PRIu64 ":", skipped);
		for (r = 1; r < PARSE_R_COUNT && used < sizeof line; r++) {
			if (b->stats.by_reason[r] == 0)
				continue;
			used += (size_t)snprintf(line + used, sizeof line - used,
			    "%s %" PRIu64 " %s", n++ == 0 ? "" : ",",
			    b->stats.by_reason[r],
			    parse_reason_text((enum parse_reason)r));
		}
	}
	if (b->stats.bad_options > 0 && used < sizeof line)
		used += (size_t)snprintf(line + used, sizeof line - used,
		    "; %" PRIu64 " with malformed TCP options",
		    b->stats.bad_options);
	if (capture && used < sizeof line)
		snprintf(line + used, sizeof line - used,
		    "; %" PRIu64 " dropped by the kernel", b->kernel_drops);
	fprintf(stderr, "tcpviz: %s\n", line);
}

static volatile sig_atomic_t	tcpviz_stop;

static void
tcpviz_on_signal(int sig)
{
	(void)sig;
	tcpviz_stop = 1;
}

/* SIGINT, SIGTERM and SIGHUP end a headless run cleanly (no SA_RESTART). */
static void
tcpviz_catch_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tcpviz_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * Live input is quiet: let capture time pass in the engine so transitions
 * settle and TIME_WAIT ends while nothing arrives. The margin keeps the
 * tick behind any packet still on its way through the kernel's ring.
 */
#define TCPVIZ_POLL_MS		100
/*
 * A stream's output is flushed whenever the source is caught up (in
 * tcpviz_wait) and at least this often while it is busy: each line as it
 * settles, without a write(2) per line at a million segments a minute.
 */
#define TCPVIZ_FLUSH_NS		(100 * INT64_C(1000000))
/* Live defaults: at most about 10,000 x (216 + 1,000 x 40) bytes. */
#define TCPVIZ_LIVE_MAX_CONNS	10000
#define TCPVIZ_LIVE_MAX_HISTORY	1000

/*
 * The MSL to use: --msl if given, else a scenario's own (so a demo need not
 * wait 60 s), else the default. A scenario comes from demo NAME or from the
 * picker (no source).
 */
static int64_t
tcpviz_msl(const struct options *o, const struct backend *b)
{
	if (!o->msl_set && (o->source == OPTIONS_SOURCE_DEMO ||
	    o->source == OPTIONS_SOURCE_NONE))
		return backend_sim_msl(backend_anon_unwrap(b));
	return o->msl_ns;
}

/*
 * Do the hosts ignore a RST in TIME_WAIT? --rfc1337 says so for a capture;
 * a scenario whose endpoint has the setting tells the engine itself.
 */
static bool
tcpviz_rfc1337(const struct options *o, const struct backend *b)
{
	return o->rfc1337 || ((o->source == OPTIONS_SOURCE_DEMO ||
	    o->source == OPTIONS_SOURCE_NONE) &&
	    backend_sim_rfc1337(backend_anon_unwrap(b)));
}

/*
 * Capture time on a quiet source (-i, or a stream: ssh host tcpdump -U -w -
 * | tcpviz -r -, stamped by another clock or replayed from an old file):
 * clock_capture_now (clock.h), the rule the view uses too. Before the
 * first segment there is nothing for time to settle.
 */
struct tcpviz_clock {
	struct clock_capture	cap;
};

static void
tcpviz_clock_segment(struct tcpviz_clock *ck, const struct event_segment *seg)
{
	clock_capture_segment(&ck->cap, seg->t_sent);
}

/* The time to let pass in the engine now; 0: none yet. */
static int64_t
tcpviz_clock_now(const struct tcpviz_clock *ck)
{
	return clock_capture_now(&ck->cap);
}

/*
 * A live source has nothing now: print what settled, let time pass in the
 * engine, and wait for packets (bounded, so signals and --duration are
 * seen). Returns 1 when the run should end.
 */
static int
tcpviz_wait(struct backend *b, const struct batch_class *cls, void *state,
    int64_t stop_at, const struct tcpviz_clock *ck)
{
	struct event_app	tick;
	struct pollfd		pfd;
	int64_t			left, now;
	int			timeout = TCPVIZ_POLL_MS;

	if (cls->app != NULL && (now = tcpviz_clock_now(ck)) != 0) {
		memset(&tick, 0, sizeof tick);
		tick.event = EVENT_APP_TICK;
		tick.t = now;
		cls->app(state, &tick);
	}
	if (fflush(stdout) != 0)
		return 1;
	if (stop_at != 0) {
		left = stop_at - clock_mono_ns();
		if (left <= 0)
			return 1;
		if (left / 1000000 < timeout)
			timeout = (int)(left / 1000000) + 1;
	}
	pfd.fd = b->cls->fd(b);
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		return 1;
	if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
		return 1;
	return 0;
}

/* Run a headless printer over every segment of the source. */
static int
tcpviz_batch(const struct options *o, struct backend *b, const char *name)
{
	const struct batch_class	*cls;
	struct batch_config		 cfg;
	struct event_segment		 seg;
	void				*state;
	enum backend_next		 r;
	int				 status = 0;
	uint64_t			 nseg = 0;
	int64_t				 stop_at, now, flushed = 0;
	struct tcpviz_clock		 ck;
	bool				 stream;

	switch (o->mode) {
	case OPTIONS_MODE_SEGMENTS:
		cls = &batch_segments_class;
		break;
	case OPTIONS_MODE_SUMMARY:
		cls = &batch_summary_class;
		break;
	default:
		cls = &batch_transitions_class;
		break;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.out = stdout;
	cfg.format = o->format;
	cfg.msl_ns = tcpviz_msl(o, b);
	cfg.rfc1337 = tcpviz_rfc1337(o, b);
	cfg.max_conns = o->max_conns;
	cfg.max_history = o->max_history;
	cfg.settle_ns = o->settle_ns;
	cfg.verbose = o->verbose;
	/* Triage counts for every printer but --transitions (its speed). */
	cfg.stats = o->mode != OPTIONS_MODE_TRANSITIONS;
	state = cls->open(&cfg);
	memset(&ck, 0, sizeof ck);
	/* A pipe read on its own thread (not -i, not a regular file). */
	stream = b->live && o->source != OPTIONS_SOURCE_LIVE;
	if (b->live)
		tcpviz_catch_signals();
	stop_at = o->duration_ns > 0 ? clock_mono_ns() + o->duration_ns : 0;
	while (!tcpviz_stop) {
		r = backend_next(b, &seg);
		if (r == BACKEND_SEGMENT) {
			/* Only a live source (or a pipe) is ever quiet. */
			if (b->live)
				tcpviz_clock_segment(&ck, &seg);
			cls->segment(state, &seg);
			if (++nseg == o->count)
				break;
		} else if (r == BACKEND_APP) {
			/* Application calls reach printers that want them. */
			if (cls->app != NULL)
				cls->app(state, &b->app);
		} else if (r == BACKEND_AGAIN) {
			if (tcpviz_wait(b, cls, state, stop_at, &ck) != 0)
				break;
		} else
			break;
		if (ferror(stdout))
			break;
		if (stream && (now = clock_mono_ns()) - flushed >
		    TCPVIZ_FLUSH_NS) {
			if (fflush(stdout) != 0)
				break;
			flushed = now;
		}
	}
	cls->finish(state);
	cls->free(state);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A reader that went away (EPIPE) is not worth a message. */
		if (errno != EPIPE)
			log_warnx("writing the output failed: %s",
			    strerror(errno));
		return 1;
	}
	if (!o->quiet)
		tcpviz_report(b, name, o->source == OPTIONS_SOURCE_LIVE);
	if (b->warning != NULL) {
		log_warnx("%s", b->warning);
		status = 1;
	}
	if (b->error != NULL) {
		log_warnx("%s", b->error);
		status = 1;
	}
	return status;
}

/*
 * --list-scenarios: one line per shipped scenario: its name, its English
 * title and its Chinese title, in columns (the titles of the picker in
 * either language; the name is what `tcpviz demo` takes).
 */
static int
tcpviz_list_scenarios(void)
{
	struct scenario	*sc, **list;
	char		**paths, *err;
	size_t		 n, i, k = 0, wname = 0, wtitle = 0;
	int		 status = 0;

	n = scenario_list(&paths);
	if (n == 0) {
		log_warnx("no scenarios found in %s", scenario_dir());
		return 1;
	}
	/* In lesson order, as the picker shows them. */
	list = xreallocarray(NULL, n, sizeof *list);
	for (i = 0; i < n; i++) {
		if ((sc = scenario_load(paths[i], &err)) == NULL) {
			log_warnx("%s", err);
			free(err);
			status = 1;
			continue;
		}
		list[k++] = sc;
	}
	scenario_list_free(paths, n);
	scenario_sort(list, k);
	/* Names are a-z, 0-9, '-'; English titles are padded by bytes. */
	for (i = 0; i < k; i++) {
		if (strlen(list[i]->name) > wname)
			wname = strlen(list[i]->name);
		if (strlen(list[i]->title_en) > wtitle)
			wtitle = strlen(list[i]->title_en);
	}
	for (i = 0; i < k; i++) {
		printf("%-*s  %-*s  %s\n", (int)wname, list[i]->name,
		    (int)wtitle, list[i]->title_en, list[i]->title_zh);
		scenario_free(list[i]);
	}
	free(list);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}

/* Load a named or given scenario; exit 2 if it is bad. */
static struct scenario *
tcpviz_demo_load(const struct options *o)
{
	struct scenario	*sc;
	char		*err;

	/*
	 * A bad scenario is a usage error; log_usagex gives the terminal back
	 * first if the picker holds it.
	 */
	if ((sc = scenario_open(o->demo, &err)) == NULL)
		log_usagex("%s", err);
	/*
	 * --msl is the simulated stacks' MSL too: their TIME_WAIT lasts
	 * 2*MSL as given and ends by its timer (E21), as the engine expects.
	 */
	if (o->msl_set)
		sc->msl_ns = o->msl_ns;
	return sc;
}

/* Open the simulator on it. */
static struct backend *
tcpviz_demo_open(const struct options *o)
{
	return backend_sim_open(tcpviz_demo_load(o), o->seed_set, o->seed);
}

/* --write-pcap: every segment the scenario sends, lost ones included. */
static int
tcpviz_write_pcap(const char *path, const struct backend *b)
{
	struct pcapwrite		*w;
	const struct backend_sim_item	*it;
	char				*err = NULL;
	size_t				 i, n = backend_sim_item_count(b);

	if ((w = pcapwrite_open(path, &err)) == NULL) {
		log_warnx("%s", err);
		free(err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		it = backend_sim_item_at(b, i);
		if (it->is_app)
			continue;
		if (pcapwrite_segment(w, &it->seg, &err) != 0) {
			log_warnx("%s", err);
			free(err);
			pcapwrite_close(w, &err);
			free(err);
			return 1;
		}
	}
	if (pcapwrite_close(w, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		return 1;
	}
	return 0;
}

/*
 * Where this run may write files (outfile.h), or false when it writes
 * none: --export FILE that one file; --export-steps DIR new step-*
 * files in DIR; the interactive view (its e key) new tcpviz-* files in
 * the current directory, never over an existing one.
 */
static bool
tcpviz_outfile_scope(const struct options *o, struct outfile_scope *sc)
{
	static char	 dir[PATH_MAX];
	const char	*slash;

	memset(sc, 0, sizeof *sc);
	if (o->export_file != NULL) {
		slash = strrchr(o->export_file, '/');
		if (slash == NULL)
			snprintf(dir, sizeof dir, ".");
		else if (slash == o->export_file)
			snprintf(dir, sizeof dir, "/");
		else
			snprintf(dir, sizeof dir, "%.*s",
			    (int)(slash - o->export_file), o->export_file);
		sc->dir = dir;
		sc->name = slash == NULL ? o->export_file : slash + 1;
		sc->replace = true;
		return true;
	}
	if (o->export_steps != NULL) {
		sc->dir = o->export_steps;
		sc->prefix = "step-";
		sc->replace = true;
		sc->make_dir = true;
		return true;
	}
	if (o->mode == OPTIONS_MODE_UI && o->screen_cols == 0 &&
	    o->bench_cols == 0) {
		sc->dir = ".";
		sc->prefix = "tcpviz-";
		return true;
	}
	return false;
}

static struct outfile_scope	tcpviz_scope;

/*
 * --export FILE: read the source (a live one until -c, --duration or a
 * signal), then write the chosen connections' export atomically
 * through the writer (outfile.h): it runs in the sandbox.
 */
static void
tcpviz_session_load(const struct options *o, struct backend *b,
    const char *name, struct session *m)
{
	struct session_config	 cfg;
	struct pollfd		 pfd;
	int64_t			 stop_at;

	memset(&cfg, 0, sizeof cfg);
	switch (o->source) {
	case OPTIONS_SOURCE_LIVE:
		cfg.source = SESSION_LIVE;
		break;
	case OPTIONS_SOURCE_DEMO:
		cfg.source = SESSION_DEMO;
		cfg.scenario = backend_sim_scenario(backend_anon_unwrap(b));
		break;
	default:
		cfg.source = b->live ? SESSION_LIVE : SESSION_FILE;
		break;
	}
	cfg.name = name;
	cfg.no_color = true;
	cfg.msl_ns = tcpviz_msl(o, b);
	cfg.rfc1337 = tcpviz_rfc1337(o, b);
	cfg.notation = (enum view_notation)o->notation;
	cfg.max_conns = o->max_conns;
	/* The view's default: --max-history 65536 (tcpviz.1). */
	cfg.max_history = o->max_history > 0 ? o->max_history : 65536;
	if (cfg.source == SESSION_LIVE) {
		if (cfg.max_conns == 0)
			cfg.max_conns = TCPVIZ_LIVE_MAX_CONNS;
		if (o->max_history == 0)
			cfg.max_history = TCPVIZ_LIVE_MAX_HISTORY;
		tcpviz_catch_signals();
	}
	session_init(m, &cfg, b);
	stop_at = o->duration_ns > 0 ? clock_mono_ns() + o->duration_ns : 0;
	while (!m->ended && !tcpviz_stop) {
		if (session_pump(m, o->count > 0 ? 1 : 4096, INT64_MAX)) {
			if (o->count > 0 && m->segments >= o->count)
				break;
			continue;
		}
		if (m->ended || (stop_at != 0 && clock_mono_ns() >= stop_at))
			break;
		pfd.fd = b->cls->fd(b);
		pfd.events = POLLIN;
		if (pfd.fd < 0)
			break;
		if (poll(&pfd, 1, TCPVIZ_POLL_MS) < 0 && errno != EINTR)
			break;
	}
	if (!m->ended)
		engine_finish(m->e);
	session_refresh(m);
}

static int
tcpviz_export(const struct options *o, struct backend *b, const char *name)
{
	struct session		 m;
	struct export_sel	 sel;
	char			*err = NULL;
	size_t			 i;
	int			 code = 0;

	tcpviz_session_load(o, b, name, &m);
	memset(&sel, 0, sizeof sel);
	for (i = 0; i < o->nconns; i++) {
		if (export_conn_find(&m, o->conns[i], &sel.ids[sel.nids],
		    &err) != 0) {
			session_free(&m);
			log_usagex("%s", err);
		}
		sel.nids++;
	}
	sel.from = o->from;
	sel.to = o->to;
	sel.ascii = o->ascii;
	sel.name = tcpviz_scope.name;
	if (export_put(&tcpviz_scope, tcpviz_scope.name,
	    (enum export_format)o->export_format, &m, &sel, &err) != 0) {
		log_warnx("%s", err);
		free(err);
		code = 1;
	}
	session_free(&m);
	if (code == 0 && b->error != NULL) {
		log_warnx("%s", b->error);
		code = 1;
	}
	return code;
}

/* The scenario side of a comparison as a demo of this run would be. */
static void
tcpviz_compare_run(const struct options *o, struct compare_run *run)
{
	memset(run, 0, sizeof *run);
	run->msl_set = o->msl_set;
	run->msl_ns = o->msl_ns;
	run->seed_set = o->seed_set;
	run->seed = o->seed;
	run->rfc1337 = o->rfc1337;
	run->notation = o->notation;
	run->max_conns = o->max_conns;
	run->max_history = o->max_history;
}

/*
 * --compare SCENARIO: the source's connection (--conn, else the first)
 * beside the scenario's first, run in the simulator (sb, opened before
 * the sandbox).
 */
static int
tcpviz_compare(const struct options *o, struct backend *b, const char *name,
    struct backend *sb)
{
	struct compare_run	 run;
	struct session		 m, s;
	char			*err = NULL;
	uint32_t		 id;
	int			 code = 0;

	tcpviz_session_load(o, b, name, &m);
	if (o->nconns > 0) {
		if (export_conn_find(&m, o->conns[0], &id, &err) != 0) {
			session_free(&m);
			log_usagex("%s", err);
		}
		m.sel_id = id;
		session_refresh(&m);
	}
	if (m.sel_id == 0 || m.tl.conn == NULL) {
		session_free(&m);
		log_warnx("--compare: %s has no TCP connection", name);
		return 1;
	}
	/* The scenario as a demo would run it: its own MSL. */
	tcpviz_compare_run(o, &run);
	if (compare_scenario_run(&s, sb, &run, &err) != 0) {
		session_free(&s);
		session_free(&m);
		log_warnx("--compare: %s", err);
		free(err);
		return 1;
	}
	if (compare_sessions(stdout, &m, name, &s,
	    o->format == BATCH_FORMAT_JSON, 0) != 0 || fflush(stdout) != 0) {
		log_warnx("writing the output failed");
		code = 1;
	}
	session_free(&s);
	session_free(&m);
	return code;
}

/*
 * Give up root (or a setcap binary's capabilities) now that the source is
 * open: nothing parses a packet before this. Not going on is the only safe
 * answer when it fails.
 */
static void
tcpviz_drop(const struct options *o, struct backend *b)
{
	char	*err;

	/* L in the view must not need a file it can no longer open. */
	if (o->mode == OPTIONS_MODE_UI) {
		i18n_preload();
		scenario_preload();	/* C compares with them */
	}
	if (privs_drop(o->user, &err) != 0) {
		backend_free(b);
		log_fatalx("%s", err);
	}
	log_debug("running as uid %u", (unsigned)getuid());
}

/*
 * From here on only the main loop's system calls work: no exec, no new
 * sockets, no file opened for writing (see sandbox.c).
 */
static void
tcpviz_sandbox(void)
{
	char	*err;

#ifdef TCPVIZ_SANITIZERS
	/*
	 * LeakSanitizer inspects the process from a ptrace helper at exit,
	 * which the filter forbids: test builds go without (the filter has
	 * its own test, tests/unit/test-sandbox.c).
	 */
	log_debug("sanitizer build: no seccomp filter");
	return;
#endif
	switch (sandbox_enter(&err)) {
	case -1:
		log_warnx("%s; going on without it", err);
		free(err);
		break;
	case 0:
		log_debug("built without seccomp: no filter");
		break;
	default:
		log_debug("seccomp filter installed");
	}
}

/* -i: open the interface, the -w file, then drop privileges. */
static struct backend *
tcpviz_live_open(const struct options *o)
{
	struct backend_pcap_live	 cfg;
	struct backend			*b;
	char				*err;
	int				 code;

	memset(&cfg, 0, sizeof cfg);
	cfg.iface = o->interface;
	cfg.filter = o->filter;
	cfg.snaplen = o->snaplen;
	cfg.buffer_kib = o->buffer_kib;
	if ((b = backend_pcap_open_live(&cfg, &err, &code)) == NULL) {
		fprintf(stderr, "tcpviz: %s\n", err);
		free(err);
		exit(code);
	}
	/*
	 * The output file is opened before root is given up, so that
	 * 'sudo tcpviz -w ~/x.pcap' works as users expect; no packet has
	 * been parsed yet.
	 */
	if (o->write_file != NULL &&
	    backend_pcap_dump_open(b, o->write_file, &err) != 0) {
		backend_free(b);
		log_fatalx("%s", err);
	}
	tcpviz_drop(o, b);
	if (o->mode != OPTIONS_MODE_UI)
		setvbuf(stdout, NULL, _IOLBF, 0);
	return b;
}

/*
 * A capture arriving on a pipe (ssh host tcpdump -w - | tcpviz -r -) for
 * the interactive view is watched like a live one: followed, read on its
 * own thread so it never blocks the keys, which come from the terminal.
 */
static bool	tcpviz_piped_ui;	/* main() found -r a pipe for the UI */

static bool
tcpviz_piped(const struct options *o, const struct backend *b)
{
	if (o->source != OPTIONS_SOURCE_FILE || o->mode != OPTIONS_MODE_UI ||
	    strcmp(o->read_file, "-") != 0 || o->screen_cols != 0 ||
	    o->export_steps != NULL || isatty(STDIN_FILENO))
		return false;
	return backend_pcap_stream(b);
}

/*
 * A stream (a pipe, a FIFO) for a headless printer is printed as it comes,
 * like -i: read on its own thread so engine time passes while the pipe is
 * quiet (transitions settle), flushed as lines settle, and a signal ends
 * it cleanly with what has settled.
 */
static bool
tcpviz_headless_stream(const struct options *o, const struct backend *b)
{
	return o->mode != OPTIONS_MODE_UI && backend_pcap_stream(b);
}

/*
 * A demo's what-ifs (d D u w in the view): the faults added to the
 * scenario, newest last; the view comes back to where it was after each
 * re-run, and w saves the file with the faults as drop/delay lines.
 */
#define TCPVIZ_WHATIF_MAX	32
#define TCPVIZ_WHATIF_DELAY_NS	(300 * INT64_C(1000000))

struct tcpviz_wi {
	struct session_whatif	 w;
	struct scenario_fault	 faults[TCPVIZ_WHATIF_MAX];
	unsigned		 n;
	bool			 resume;
	char			*text;		/* the changed .scn */
	size_t			 len;
	char			 notice[200];
	char			 name[SCENARIO_NAME_MAX];
};

/* The interactive view, or one frame of it as text (--screen). */
static int
tcpviz_ui(const struct options *o, struct backend *b, const char *name,
    struct tcpviz_wi *wi)
{
	struct ui_config	cfg;
	struct compare_run	run;

	memset(&cfg, 0, sizeof cfg);
	switch (o->source) {
	case OPTIONS_SOURCE_LIVE:
		cfg.source = UI_SOURCE_LIVE;
		break;
	case OPTIONS_SOURCE_NONE:	/* a scenario from the picker */
	case OPTIONS_SOURCE_DEMO:
		cfg.source = UI_SOURCE_DEMO;
		break;
	default:
		cfg.source = UI_SOURCE_FILE;
		break;
	}
	if (tcpviz_piped_ui) {
		cfg.source = UI_SOURCE_LIVE;
		cfg.keys_from_tty = true;
	}
	if (cfg.source == UI_SOURCE_LIVE)
		cfg.linger_ns = o->linger_ns;
	cfg.name = name;
	cfg.ascii = o->ascii;
	cfg.no_color = o->no_color || getenv("NO_COLOR") != NULL;
	cfg.msl_ns = tcpviz_msl(o, b);
	cfg.notation = o->notation;
	cfg.rfc1337 = tcpviz_rfc1337(o, b);
	if (o->source == OPTIONS_SOURCE_DEMO ||
	    o->source == OPTIONS_SOURCE_NONE)
		cfg.scenario = backend_sim_scenario(backend_anon_unwrap(b));
	cfg.max_conns = o->max_conns;
	cfg.max_history = o->max_history;
	if (cfg.source == UI_SOURCE_LIVE) {
		/* Bounded for a week on a busy server (see tcpviz.1). */
		if (cfg.max_conns == 0)
			cfg.max_conns = TCPVIZ_LIVE_MAX_CONNS;
		if (cfg.max_history == 0)
			cfg.max_history = TCPVIZ_LIVE_MAX_HISTORY;
	}
	cfg.picker = o->source == OPTIONS_SOURCE_NONE;
	if (cfg.source == UI_SOURCE_DEMO) {
		cfg.autoplay_ns = o->autoplay_ns;
		cfg.loop = o->loop;
	}
	cfg.quiz = o->quiz;
	/* A seed a teacher can read off the status row and type again. */
	cfg.quiz_seed = o->quiz_seed_set ? o->quiz_seed :
	    (uint32_t)(time(NULL) % 100000) + 1;
	cfg.screen_svg = o->screen_svg;
	if (tcpviz_scope.dir != NULL)
		cfg.scope = &tcpviz_scope;
	tcpviz_compare_run(o, &run);
	cfg.compare = &run;
	if (wi != NULL) {
		cfg.whatif = &wi->w;
		cfg.whatifs = wi->n;
		cfg.resume = wi->resume;
		cfg.whatif_scn = wi->text;
		cfg.whatif_scn_len = wi->len;
		cfg.notice = wi->notice[0] != '\0' ? wi->notice : NULL;
	}
	if (o->export_steps != NULL)
		return ui_export_steps(&cfg, b, &tcpviz_scope,
		    o->export_txt);
	if (o->screen_cols != 0)
		return ui_screen_dump(&cfg, b, o->screen_cols, o->screen_rows,
		    o->at, stdout);
	return ui_run(&cfg, b);
}

/*
 * The scenario file with the what-ifs as lines of its own at the end, for
 * w; NULL when the file cannot be read (w then says it cannot).
 */
static char *
tcpviz_whatif_text(const struct tcpviz_wi *wi, const struct scenario *sc,
    size_t *lenp)
{
	const struct scenario_fault	*f;
	FILE				*fp;
	char				*buf, *line;
	size_t				 len, n;
	unsigned			 i;

	if (sc->path == NULL || (fp = fopen(sc->path, "r")) == NULL)
		return NULL;
	buf = xmalloc(SCENARIO_MAX_BYTES + 1);
	len = fread(buf, 1, SCENARIO_MAX_BYTES, fp);
	fclose(fp);
	buf[len] = '\0';
	if (wi->n > 0) {
		xasprintf(&line, "%s# what-if: %u change%s made in tcpviz\n",
		    len > 0 && buf[len - 1] != '\n' ? "\n" : "", wi->n,
		    wi->n == 1 ? "" : "s");
		n = strlen(line);
		buf = xreallocarray(buf, len + n + 1, 1);
		memcpy(buf + len, line, n + 1);
		len += n;
		free(line);
	}
	for (i = 0; i < wi->n; i++) {
		f = &wi->faults[i];
		if (f->kind == SCENARIO_DELAY)
			xasprintf(&line, "delay %s any %u %lldms\n",
			    sc->endpoints[f->ep].name, f->nth,
			    (long long)(f->delay_ns / 1000000));
		else
			xasprintf(&line, "drop %s any %u\n",
			    sc->endpoints[f->ep].name, f->nth);
		n = strlen(line);
		buf = xreallocarray(buf, len + n + 1, 1);
		memcpy(buf + len, line, n + 1);
		len += n;
		free(line);
	}
	*lenp = len;
	return buf;
}

/* The simulator's item a what-if names: its sender and number, as f. */
static bool
tcpviz_whatif_fault(const struct backend *b, const struct session_whatif *w,
    struct scenario_fault *f)
{
	const struct backend_sim_item	*it;
	size_t				 i, n = backend_sim_item_count(b);

	for (i = 0; i < n; i++) {
		it = backend_sim_item_at(b, i);
		if (it->is_app || it->ep < 0 || it->seg.t_sent != w->t ||
		    it->seg.seq != w->seq || it->seg.flags != w->flags ||
		    ((w->flags & SEGF_ACK) && it->seg.ack != w->ack) ||
		    !event_endpoint_eq(&it->seg.src, &w->src))
			continue;
		memset(f, 0, sizeof *f);
		f->ep = it->ep;
		f->match = SCENARIO_MATCH_ANY;
		f->nth = it->nth;
		f->kind = w->kind == SESSION_WHATIF_DELAY ? SCENARIO_DELAY :
		    SCENARIO_DROP;
		f->delay_ns = f->kind == SCENARIO_DELAY ?
		    TCPVIZ_WHATIF_DELAY_NS : 0;
		return true;
	}
	return false;
}

/*
 * A demo in the view, with what-if: each d, D or u ends the view
 * (UI_WHATIF); the scenario is loaded again with the faults so far and
 * the simulator runs it with the same seed, and the view comes back at
 * the step it left. *bp is replaced each time.
 */
static int
tcpviz_demo_ui(const struct options *o, struct backend **bp)
{
	struct tcpviz_wi	*wi;
	struct scenario		*sc;
	struct scenario_fault	 f;
	const char		*who;
	unsigned		 i;
	int			 code;

	wi = xcalloc(1, sizeof *wi);
	snprintf(wi->name, sizeof wi->name, "%s",
	    backend_sim_scenario(*bp)->name);
	for (;;) {
		free(wi->text);
		wi->text = tcpviz_whatif_text(wi, backend_sim_scenario(*bp),
		    &wi->len);
		code = tcpviz_ui(o, *bp, wi->name, wi);
		if (code != UI_WHATIF)
			break;
		wi->notice[0] = '\0';
		if (wi->w.kind == SESSION_WHATIF_UNDO) {
			if (wi->n > 0)
				wi->n--;
			snprintf(wi->notice, sizeof wi->notice,
			    _("what-if undone (%u left)"), wi->n);
		} else if (!tcpviz_whatif_fault(*bp, &wi->w, &f))
			snprintf(wi->notice, sizeof wi->notice, "%s",
			    _("what-if: that segment is not the simulator's"));
		else if (wi->n == TCPVIZ_WHATIF_MAX)
			snprintf(wi->notice, sizeof wi->notice,
			    _("what-if: at most %d changes"),
			    TCPVIZ_WHATIF_MAX);
		else {
			wi->faults[wi->n++] = f;
			who = backend_sim_scenario(*bp)->endpoints[f.ep].name;
			snprintf(wi->notice, sizeof wi->notice,
			    f.kind == SCENARIO_DROP ?
			    _("what-if: %s's segment #%u lost (u undoes, w "
			    "saves)") : _("what-if: %s's segment #%u delayed "
			    "300 ms (u undoes, w saves)"), who, f.nth);
		}
		sc = tcpviz_demo_load(o);
		for (i = 0; i < wi->n; i++)
			(void)scenario_add_fault(sc, &wi->faults[i]);
		backend_free(*bp);
		*bp = backend_sim_open(sc, o->seed_set, o->seed);
		wi->resume = true;
	}
	free(wi->text);
	free(wi);
	return code;
}

/*
 * --bench-render COLSxROWS N: how long a frame of the interactive view
 * takes. The whole source is read, then the selected connection (a demo's
 * first, a file's first seen) is drawn N times through the real session
 * and views, one step forward per frame (back to the first step after the
 * last): on the text canvas, then through curses onto a pseudo-terminal
 * whose output a thread reads and counts (canvas_curses_pty_new). Prints
 * the median and 99th percentile frame time of each and the bytes curses
 * wrote per frame. Not a normal path: no sandbox (it opens a terminal and
 * starts a thread), nothing drawn on the user's terminal.
 */
#define TCPVIZ_BENCH_TERM	"xterm-256color"

static int
tcpviz_ns_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
tcpviz_u64_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort v[0..n) and print "median M ms  p99 P ms  max X ms". */
static void
tcpviz_bench_times(int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, tcpviz_ns_cmp);
	printf("median %.3f ms  p99 %.3f ms  max %.3f ms",
	    (double)v[(n - 1) / 2] / 1e6,
	    (double)v[(n * 99 + 99) / 100 - 1] / 1e6, (double)v[n - 1] / 1e6);
}

/* N frames on c, one step each; their times in t. */
static void
tcpviz_bench_frames(struct session *m, struct canvas *c, bool curses,
    int64_t *t, size_t n)
{
	size_t	i;
	int64_t	t0;

	session_start(m);
	for (i = 0; i < n; i++) {
		t0 = clock_mono_ns();
		if (i > 0) {
			if (m->player.pos + 1 < m->tl.count)
				session_step(m, 1);
			else
				session_start(m);
		}
		session_frame(m, false);
		session_draw(m, c);
		if (curses)
			canvas_curses_pty_flush(c);
		t[i] = clock_mono_ns() - t0;
		if (curses)
			canvas_curses_pty_mark(c);
	}
}

static int
tcpviz_bench_render(const struct options *o, struct backend *b,
    const char *name)
{
	struct session_config	 sc;
	struct session		 m;
	struct canvas		*c;
	const uint64_t		*bytes;
	uint64_t		*by, sum = 0;
	int64_t			*t;
	size_t			 n = o->bench_frames, nb, i;
	const char		*cs;
	char			*err;
	bool			 ascii = o->ascii;
	int			 cols, rows;

	/* The terminal's character set as ui.c takes it; UTF-8 if it can. */
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0)) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			ascii = true;
	}
	memset(&sc, 0, sizeof sc);
	sc.source = o->source == OPTIONS_SOURCE_DEMO ? SESSION_DEMO :
	    SESSION_FILE;
	sc.name = name;
	sc.no_color = o->no_color;
	sc.msl_ns = tcpviz_msl(o, b);
	sc.notation = (enum view_notation)o->notation;
	sc.rfc1337 = tcpviz_rfc1337(o, b);
	sc.max_conns = o->max_conns;
	sc.max_history = o->max_history > 0 ? o->max_history :
	    UI_DEFAULT_HISTORY;
	if (o->source == OPTIONS_SOURCE_DEMO)
		sc.scenario = backend_sim_scenario(b);
	session_init(&m, &sc, b);
	while (!m.ended && session_pump(&m, SIZE_MAX, INT64_MAX))
		;
	session_refresh(&m);
	if (m.tl.count == 0) {
		session_free(&m);
		log_warnx("--bench-render: %s has no connection to draw", name);
		return 1;
	}
	t = xreallocarray(NULL, n, sizeof *t);
	printf("--bench-render %dx%d: %zu frames of connection #%u of %s "
	    "(%zu steps, one per frame), %s\n", o->bench_cols, o->bench_rows,
	    n, (unsigned)m.sel_id - 1, name, m.tl.count,
	    ascii ? "ASCII" : "UTF-8");
	c = canvas_text_new(o->bench_cols, o->bench_rows, ascii);
	tcpviz_bench_frames(&m, c, false, t, n);
	canvas_free(c);
	printf("  text canvas:    ");
	tcpviz_bench_times(t, n);
	printf("\n");
	c = canvas_curses_pty_new(o->bench_cols, o->bench_rows,
	    TCPVIZ_BENCH_TERM, ascii, !o->no_color, n, &err);
	if (c == NULL) {
		printf("  curses: skipped: %s\n", err);
		free(err);
	} else {
		cols = c->cols;
		rows = c->rows;
		tcpviz_bench_frames(&m, c, true, t, n);
		nb = canvas_curses_pty_bytes(c, &bytes);
		by = xreallocarray(NULL, nb > 0 ? nb : 1, sizeof *by);
		memcpy(by, bytes, nb * sizeof *by);
		canvas_free(c);
		printf("  curses on a %dx%d pty (TERM=%s): ", cols, rows,
		    TCPVIZ_BENCH_TERM);
		tcpviz_bench_times(t, n);
		printf("\n");
		if (nb > 0) {
			printf("  bytes to the terminal: first frame %" PRIu64,
			    by[0]);
			for (i = 1; i < nb; i++)
				sum += by[i];
			if (nb > 1) {
				qsort(by + 1, nb - 1, sizeof *by,
				    tcpviz_u64_cmp);
				printf(", then per frame median %" PRIu64
				    " mean %.0f max %" PRIu64, by[1 + (nb - 2) / 2],
				    (double)sum / (double)(nb - 1), by[nb - 1]);
			}
			printf("\n");
		}
		if (nb < n)
			printf("  (bytes of %zu frames only)\n", nb);
		free(by);
	}
	free(t);
	session_free(&m);
	return fflush(stdout) == 0 ? 0 : 1;
}

/*
 * No source: the scenario picker, then the chosen scenario in the view,
 * and back to the picker whenever the view's p asks for it.
 */
static int
tcpviz_picker(struct options *o)
{
	struct ui_config	 cfg;
	struct backend		*b;
	char			*chosen;
	int			 code;

	memset(&cfg, 0, sizeof cfg);
	cfg.ascii = o->ascii;
	cfg.no_color = o->no_color || getenv("NO_COLOR") != NULL;
	if (o->screen_cols != 0)
		return ui_pick_dump(&cfg, o->screen_cols, o->screen_rows,
		    stdout);
	for (;;) {
		if ((code = ui_pick(&cfg, &chosen)) != 0 || chosen == NULL)
			return code;
		o->demo = chosen;
		b = tcpviz_demo_open(o);
		code = tcpviz_demo_ui(o, &b);
		backend_free(b);
		o->demo = NULL;
		free(chosen);
		if (code != UI_PICKER)
			return code;
	}
}

int
main(int argc, char **argv)
{
	struct options	 o;
	struct options	 so;
	struct backend	*b = NULL, *sb = NULL;
	const char	*name = NULL;
	char		*err = NULL;
	int		 code = 0;

	log_set_progname("tcpviz");
	/* A closed stdout must end the run quietly, not kill it mid-write. */
	signal(SIGPIPE, SIG_IGN);
	options_parse(&o, argc, argv);
	/* The view's language; batch output never reads it (i18n.h). */
	i18n_init(o.lang);
	if (o.debug_log != NULL)
		log_open_debug(o.debug_log);
	if (o.list_scenarios) {
		code = tcpviz_list_scenarios();
		options_clear(&o);
		return code;
	}
	if (o.list_interfaces) {
		if (backend_pcap_list_interfaces(stdout, &err) != 0) {
			log_warnx("%s", err);
			free(err);
			code = 1;
		}
		options_clear(&o);
		return code;
	}

	/*
	 * The writer first: it keeps the rights this run started with (root
	 * writes where root may) and has no capture open.
	 */
	if (tcpviz_outfile_scope(&o, &tcpviz_scope) &&
	    outfile_writer_start(&tcpviz_scope, &err) != 0) {
		/* The view goes on without e; an export cannot. */
		if (o.export_file == NULL && o.export_steps == NULL)
			log_debug("no writer: %s", err);
		else {
			log_warnx("%s", err);
			free(err);
			options_clear(&o);
			return 1;
		}
		free(err);
		err = NULL;
	}
	if (o.mode == OPTIONS_MODE_COMPARE) {
		/*
		 * The scenario runs now, with the rights the run started with
		 * (before root is given up and the sandbox entered).
		 */
		so = o;
		so.demo = o.compare;
		sb = tcpviz_demo_open(&so);
		/* Headless text stays English unless --lang asks. */
		if (o.lang == NULL)
			i18n_set(I18N_EN);
	}
	switch (o.source) {
	case OPTIONS_SOURCE_FILE:
		b = backend_pcap_open_file(o.read_file, o.filter, &err, &code);
		if (b == NULL) {
			fprintf(stderr, "tcpviz: %s\n", err);
			free(err);
			if (sb != NULL)
				backend_free(sb);
			options_clear(&o);
			return code;
		}
		name = strcmp(o.read_file, "-") == 0 ? "(stdin)" : o.read_file;
		tcpviz_drop(&o, b);
		if ((tcpviz_piped_ui = tcpviz_piped(&o, b)))
			b = backend_thread_new(b);
		else if (tcpviz_headless_stream(&o, b))
			b = backend_thread_new(b);
		break;
	case OPTIONS_SOURCE_LIVE:
		b = tcpviz_live_open(&o);
		name = o.interface;
		break;
	case OPTIONS_SOURCE_DEMO:
		b = tcpviz_demo_open(&o);
		name = backend_sim_scenario(b)->name;
		if (o.write_pcap != NULL) {
			code = tcpviz_write_pcap(o.write_pcap, b);
			/* --write-pcap alone only writes the file. */
			if (code != 0 || (o.mode == OPTIONS_MODE_UI &&
			    o.screen_cols == 0 && o.export_steps == NULL)) {
				backend_free(b);
				if (sb != NULL)
					backend_free(sb);
				options_clear(&o);
				return code;
			}
		}
		break;
	case OPTIONS_SOURCE_NONE:
		if (o.mode == OPTIONS_MODE_UI) {
			code = tcpviz_picker(&o);
			options_clear(&o);
			return code;
		}
		log_usagex("nothing to show: give -r FILE or 'demo NAME' (try "
		    "'tcpviz --help')");
	}

	if (o.bench_cols != 0) {
		code = tcpviz_bench_render(&o, b, name);
		backend_free(b);
		options_clear(&o);
		return code;
	}
	if (o.anonymize)
		b = backend_anon_new(b);
	/* Files are written by the writer: the filter allows none here. */
	if (o.source == OPTIONS_SOURCE_FILE || o.source == OPTIONS_SOURCE_LIVE)
		tcpviz_sandbox();
	if (o.export_file != NULL)
		code = tcpviz_export(&o, b, name);
	else if (o.mode == OPTIONS_MODE_COMPARE)
		code = tcpviz_compare(&o, b, name, sb);
	else if (o.mode == OPTIONS_MODE_UI && o.source == OPTIONS_SOURCE_DEMO &&
	    !o.anonymize && o.screen_cols == 0 && o.export_steps == NULL)
		code = tcpviz_demo_ui(&o, &b);
	else if (o.mode == OPTIONS_MODE_UI)
		code = tcpviz_ui(&o, b, name, NULL);
	else
		code = tcpviz_batch(&o, b, name);
	backend_free(b);
	if (sb != NULL)
		backend_free(sb);
	options_clear(&o);
	return code;
}
