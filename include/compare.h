/*
 * compare.h: a captured connection's state sequence beside a scenario's,
 * aligned per endpoint, each difference named where a rule can tell why
 * (tcpviz -r FILE --compare SCENARIO). Layer 4.
 */
#ifndef TCPVIZ_COMPARE_H
#define TCPVIZ_COMPARE_H

#include <stdio.h>

#include "compat.h"
#include "backend.h"
#include "view.h"

struct session;

struct compare_config {
	const struct view_timeline *capture;	/* the capture's connection */
	const struct view_timeline *scenario;	/* the scenario's */
	uint32_t		 conn_id;	/* its number in the list */
	int64_t			 capture_end;	/* the capture's last time */
	const char		*capture_name;	/* the file */
	const char		*scenario_name;
	const char		*scenario_title; /* in the UI language */
	bool			 json;		/* JSON lines (English) */
	int			 width;		/* text columns; 0: 80 */
};

/* Print the comparison on out: text in the UI language, or JSON. 0/-1. */
int	compare_write(FILE *out, const struct compare_config *);

/*
 * How the scenario's side runs: as `tcpviz demo NAME` would, with the
 * options of this run that a demo takes (tcpviz.c fills it).
 */
struct compare_run {
	bool		 msl_set;	/* --msl: the simulated stacks' too */
	int64_t		 msl_ns;
	bool		 seed_set;	/* --seed */
	uint64_t	 seed;
	bool		 rfc1337;	/* --rfc1337 */
	int		 notation;	/* enum view_notation */
	size_t		 max_conns;	/* 0: the engine's default */
	size_t		 max_history;	/* 0: 65536, the view's default */
};

/*
 * Scenario name (a name or a path, scenario_resolve) loaded and opened
 * in the simulator; NULL and *err (one line: not found, or the file's
 * "file:line:column: message") when it cannot be.
 */
struct backend	*compare_scenario_open(const char *name,
		    const struct compare_run *, char **err);
/*
 * Run the simulator sb (compare_scenario_open's, or one opened before
 * the sandbox) to its end into s, its first connection selected
 * (session_free(s) after, also on failure). -1 and *err when the
 * scenario makes no connection.
 */
int		 compare_scenario_run(struct session *s, struct backend *sb,
		    const struct compare_run *, char **err);
/*
 * Compare m's selected connection (a loaded capture, read up to now)
 * with s (compare_scenario_run's) on out, the text's notes wrapped
 * within width columns (0: 80); 0/-1 as compare_write.
 */
int		 compare_sessions(FILE *out, const struct session *m,
		    const char *capture_name, const struct session *s,
		    bool json, int width);
/*
 * The interactive view's C: m's selected connection against scenario
 * name, the whole text in the UI language, its notes wrapped within
 * width columns (free it), or NULL and *err
 * (one line for the status row).
 */
char		*compare_text(const struct session *m, const char *capture_name,
		    const char *name, const struct compare_run *, int width,
		    char **err);

#endif
