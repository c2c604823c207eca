/*
 * tcpviz.c: wires a source (capture file, live interface, simulator) to the
 * engine and a front end (a headless printer or the interactive view).
 * Layer main: may include every layer.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend-pcap.h"
#include "backend-sim.h"
#include "batch.h"
#include "log.h"
#include "options.h"
#include "parse.h"
#include "pcapwrite.h"
#include "scenario.h"
#include "ui.h"
#include "xmalloc.h"

/* Print what was read and what was skipped, on one stderr line. */
static void
tcpviz_report(const struct backend *b, const char *name)
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
		snprintf(line + used, sizeof line - used,
		    "; %" PRIu64 " with malformed TCP options",
		    b->stats.bad_options);
	fprintf(stderr, "tcpviz: %s\n", line);
}

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
		return backend_sim_msl(b);
	return o->msl_ns;
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
	cfg.max_conns = o->max_conns;
	cfg.max_history = o->max_history;
	state = cls->open(&cfg);
	for (;;) {
		r = backend_next(b, &seg);
		if (r == BACKEND_SEGMENT)
			cls->segment(state, &seg);
		else if (r == BACKEND_APP) {
			/* Application calls reach printers that want them. */
			if (cls->app != NULL)
				cls->app(state, &b->app);
		} else
			break;
		if (ferror(stdout))
			break;
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
		tcpviz_report(b, name);
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

/* --list-scenarios: one line per shipped scenario: name, then title. */
static int
tcpviz_list_scenarios(void)
{
	struct scenario	*sc;
	char		**paths, *err;
	size_t		 n, i;
	int		 status = 0;

	n = scenario_list(&paths);
	if (n == 0) {
		log_warnx("no scenarios found in %s", scenario_dir());
		return 1;
	}
	for (i = 0; i < n; i++) {
		if ((sc = scenario_load(paths[i], &err)) == NULL) {
			log_warnx("%s", err);
			free(err);
			status = 1;
			continue;
		}
		printf("%-20s %s\n", sc->name, sc->title_en);
		scenario_free(sc);
	}
	scenario_list_free(paths, n);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}

/* Open the simulator on a named or given scenario; exit 2 if it is bad. */
static struct backend *
tcpviz_demo_open(const struct options *o)
{
	struct scenario	*sc;
	char		*path, *err;

	/*
	 * A bad scenario is a usage error; log_usagex gives the terminal back
	 * first if the picker holds it.
	 */
	if ((path = scenario_resolve(o->demo, &err)) == NULL)
		log_usagex("%s", err);
	sc = scenario_load(path, &err);
	free(path);
	if (sc == NULL)
		log_usagex("%s", err);
	return backend_sim_open(sc, o->seed_set, o->seed);
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

/* The interactive view, or one frame of it as text (--screen). */
static int
tcpviz_ui(const struct options *o, struct backend *b, const char *name)
{
	struct ui_config	cfg;

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
	cfg.name = name;
	cfg.ascii = o->ascii;
	cfg.no_color = o->no_color || getenv("NO_COLOR") != NULL;
	cfg.msl_ns = tcpviz_msl(o, b);
	cfg.max_conns = o->max_conns;
	cfg.max_history = o->max_history;
	cfg.picker = o->source == OPTIONS_SOURCE_NONE;
	if (o->screen_cols != 0)
		return ui_screen_dump(&cfg, b, o->screen_cols, o->screen_rows,
		    o->at, stdout);
	return ui_run(&cfg, b);
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
		code = tcpviz_ui(o, b, backend_sim_scenario(b)->name);
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
	struct backend	*b = NULL;
	const char	*name = NULL;
	char		*err = NULL;
	int		 code = 0;

	log_set_progname("tcpviz");
	/* A closed stdout must end the run quietly, not kill it mid-write. */
	signal(SIGPIPE, SIG_IGN);
	options_parse(&o, argc, argv);
	if (o.debug_log != NULL)
		log_open_debug(o.debug_log);
	if (o.list_scenarios) {
		code = tcpviz_list_scenarios();
		options_clear(&o);
		return code;
	}

	switch (o.source) {
	case OPTIONS_SOURCE_FILE:
		b = backend_pcap_open_file(o.read_file, o.filter, &err, &code);
		if (b == NULL) {
			fprintf(stderr, "tcpviz: %s\n", err);
			free(err);
			options_clear(&o);
			return code;
		}
		name = strcmp(o.read_file, "-") == 0 ? "(stdin)" : o.read_file;
		break;
	case OPTIONS_SOURCE_LIVE:
		log_fatalx("live capture (-i) is not available in this build "
		    "yet; read a capture with -r FILE");
	case OPTIONS_SOURCE_DEMO:
		b = tcpviz_demo_open(&o);
		name = backend_sim_scenario(b)->name;
		if (o.write_pcap != NULL) {
			code = tcpviz_write_pcap(o.write_pcap, b);
			/* --write-pcap alone only writes the file. */
			if (code != 0 || (o.mode == OPTIONS_MODE_UI &&
			    o.screen_cols == 0)) {
				backend_free(b);
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

	if (o.mode == OPTIONS_MODE_UI)
		code = tcpviz_ui(&o, b, name);
	else
		code = tcpviz_batch(&o, b, name);
	backend_free(b);
	options_clear(&o);
	return code;
}
