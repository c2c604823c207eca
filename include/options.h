/*
 * options.h: the command line. Layer 4. Usage errors exit 2 with one line.
 */
#ifndef TCPVIZ_OPTIONS_H
#define TCPVIZ_OPTIONS_H

#include "compat.h"
#include "batch.h"

enum options_mode {
	OPTIONS_MODE_UI,		/* interactive (the default) */
	OPTIONS_MODE_SEGMENTS,
	OPTIONS_MODE_TRANSITIONS,
	OPTIONS_MODE_SUMMARY,
	OPTIONS_MODE_COMPARE		/* --compare SCENARIO */
};

enum options_source {
	OPTIONS_SOURCE_NONE,		/* no -r/-i/demo: the scenario picker */
	OPTIONS_SOURCE_FILE,
	OPTIONS_SOURCE_LIVE,
	OPTIONS_SOURCE_DEMO
};

struct options {
	enum options_mode	 mode;
	enum options_source	 source;
	enum batch_format	 format;
	const char		*read_file;	/* -r */
	const char		*interface;	/* -i */
	const char		*demo;		/* demo NAME */
	char			*filter;	/* trailing words, joined */
	int64_t			 msl_ns;	/* --msl */
	bool			 msl_set;	/* --msl was given */
	bool			 rfc1337;	/* --rfc1337 */
	bool			 list_scenarios; /* --list-scenarios */
	bool			 seed_set;	/* --seed was given */
	uint64_t		 seed;		/* --seed */
	const char		*write_pcap;	/* --write-pcap FILE */
	size_t			 max_conns;
	size_t			 max_history;
	bool			 quiet;		/* -q: no summary on stderr */
	int			 screen_cols;	/* --screen COLSxROWS; 0: none */
	int			 screen_rows;
	size_t			 at;		/* --at N; SIZE_MAX: the last */
	bool			 screen_svg;	/* --screen-format svg */
	const char		*export_steps;	/* --export-steps DIR */
	bool			 export_txt;	/* --export-format txt */
	int64_t			 autoplay_ns;	/* --autoplay; 0: paused */
	bool			 loop;		/* --loop */
	bool			 quiz;		/* --quiz */
	uint32_t		 quiz_seed;	/* --quiz-seed */
	bool			 quiz_seed_set;
	bool			 ascii;		/* --ascii */
	int			 notation;	/* --notation: view_notation */
	bool			 no_color;	/* --no-color */
	const char		*lang;		/* --lang; NULL: environment */
	const char		*debug_log;	/* --debug-log FILE */
	bool			 verbose;	/* -v */
	bool			 list_interfaces; /* -D */
	int			 buffer_kib;	/* -B */
	int			 snaplen;	/* -s */
	const char		*user;		/* -Z */
	const char		*write_file;	/* -w (live) */
	uint64_t		 count;		/* -c; 0: no limit */
	int64_t			 duration_ns;	/* --duration; 0: none */
	int64_t			 linger_ns;	/* --linger */
	int64_t			 settle_ns;	/* --settle; 0: default */
	/* --export FILE and what goes in it (export.h). */
	const char		*export_file;	/* NULL: none */
	int			 export_format;	/* enum export_format; -1 */
#define OPTIONS_CONNS_MAX	64
	const char		*conns[OPTIONS_CONNS_MAX];	/* --conn */
	size_t			 nconns;
	size_t			 from;		/* --from */
	bool			 from_set;
	size_t			 to;		/* --to; SIZE_MAX: last */
	bool			 anonymize;	/* --anonymize */
	bool			 to_scenario;	/* --to-scenario FILE (scn export) */
	const char		*compare;	/* --compare SCENARIO */
	/* --bench-render COLSxROWS N (not in --help; tcpviz.1) */
	int			 bench_cols;	/* 0: no */
	int			 bench_rows;
	size_t			 bench_frames;
};

/* Parse argv into *opts; prints help/version and exits as GNU tools do. */
void	options_parse(struct options *, int, char **);
void	options_clear(struct options *);

#endif
