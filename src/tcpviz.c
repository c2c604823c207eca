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
#include "batch.h"
#include "log.h"
#include "options.h"
#include "parse.h"
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

/* Run a headless printer over every segment of the source. */
static int
tcpviz_batch(const struct options *o, struct backend *b, const char *name)
{
	const struct batch_class	*cls;
	struct batch_config		 cfg;
	struct event_segment		 seg;
	void				*state;
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
	cfg.msl_ns = o->msl_ns;
	cfg.max_conns = o->max_conns;
	cfg.max_history = o->max_history;
	state = cls->open(&cfg);
	while (backend_next(b, &seg) == BACKEND_SEGMENT) {
		cls->segment(state, &seg);
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

int
main(int argc, char **argv)
{
	struct options	 o;
	struct backend	*b = NULL;
	char		*err = NULL;
	int		 code = 0;

	log_set_progname("tcpviz");
	/* A closed stdout must end the run quietly, not kill it mid-write. */
	signal(SIGPIPE, SIG_IGN);
	options_parse(&o, argc, argv);
	if (o.debug_log != NULL)
		log_open_debug(o.debug_log);

	switch (o.source) {
	case OPTIONS_SOURCE_FILE:
		b = backend_pcap_open_file(o.read_file, o.filter, &err, &code);
		if (b == NULL) {
			fprintf(stderr, "tcpviz: %s\n", err);
			free(err);
			options_clear(&o);
			return code;
		}
		break;
	case OPTIONS_SOURCE_LIVE:
		log_fatalx("live capture (-i) is not available in this build "
		    "yet; read a capture with -r FILE");
	case OPTIONS_SOURCE_DEMO:
		log_fatalx("the demo scenarios are not available in this build "
		    "yet; read a capture with -r FILE");
	case OPTIONS_SOURCE_NONE:
		log_usagex("nothing to show: give -r FILE (try 'tcpviz --help')");
	}

	/* Until the interactive view exists, the default is --transitions. */
	code = tcpviz_batch(&o, b,
	    strcmp(o.read_file, "-") == 0 ? "(stdin)" : o.read_file);
	backend_free(b);
	options_clear(&o);
	return code;
}
