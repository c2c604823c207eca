/*
 * options.c: command-line parsing. Layer 4. Options follow tcpdump where
 * they overlap (-r, -i, -n, a trailing filter expression) and GNU
 * conventions for --help and --version.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "export.h"
#include "log.h"
#include "options.h"
#include "view.h"
#include "xmalloc.h"

#define OPTIONS_MSL_DEFAULT_S	30
#define OPTIONS_MSL_MAX_S	3600
#define OPTIONS_FILTER_MAX	65536
#define OPTIONS_BUFFER_DEFAULT_KIB 4096
#define OPTIONS_SNAPLEN_DEFAULT	256
#define OPTIONS_LINGER_DEFAULT_S 60

enum {
	OPT_SEGMENTS = 256,
	OPT_TRANSITIONS,
	OPT_SUMMARY,
	OPT_FORMAT,
	OPT_MSL,
	OPT_MAX_CONNS,
	OPT_MAX_HISTORY,
	OPT_LIST_SCENARIOS,
	OPT_SEED,
	OPT_WRITE_PCAP,
	OPT_SCREEN,
	OPT_SCREEN_FORMAT,
	OPT_EXPORT_STEPS,
	OPT_AT,
	OPT_AUTOPLAY,
	OPT_RFC1337,
	OPT_LOOP,
	OPT_QUIZ,
	OPT_QUIZ_SEED,
	OPT_ASCII,
	OPT_NOTATION,
	OPT_NO_COLOR,
	OPT_DURATION,
	OPT_LINGER,
	OPT_SETTLE,
	OPT_BENCH_RENDER,
	OPT_LANG,
	OPT_EXPORT,
	OPT_EXPORT_FORMAT,
	OPT_CONN,
	OPT_FROM,
	OPT_TO,
	OPT_ANONYMIZE,
	OPT_DEBUG_LOG,
	OPT_TO_SCENARIO,
	OPT_COMPARE
};

static const struct option options_long[] = {
	{ "read",		required_argument,	NULL, 'r' },
	{ "interface",		required_argument,	NULL, 'i' },
	{ "list-interfaces",	no_argument,		NULL, 'D' },
	{ "buffer-size",	required_argument,	NULL, 'B' },
	{ "snapshot-length",	required_argument,	NULL, 's' },
	{ "relinquish-privileges", required_argument,	NULL, 'Z' },
	{ "write",		required_argument,	NULL, 'w' },
	{ "count",		required_argument,	NULL, 'c' },
	{ "duration",		required_argument,	NULL, OPT_DURATION },
	{ "linger",		required_argument,	NULL, OPT_LINGER },
	{ "settle",		required_argument,	NULL, OPT_SETTLE },
	/* Documented in tcpviz.1 only: a benchmark, not for daily use. */
	{ "bench-render",	required_argument,	NULL, OPT_BENCH_RENDER },
	{ "segments",		no_argument,		NULL, OPT_SEGMENTS },
	{ "transitions",	no_argument,		NULL, OPT_TRANSITIONS },
	{ "summary",		no_argument,		NULL, OPT_SUMMARY },
	{ "format",		required_argument,	NULL, OPT_FORMAT },
	{ "msl",		required_argument,	NULL, OPT_MSL },
	{ "max-conns",		required_argument,	NULL, OPT_MAX_CONNS },
	{ "max-history",	required_argument,	NULL, OPT_MAX_HISTORY },
	{ "list-scenarios",	no_argument,		NULL, OPT_LIST_SCENARIOS },
	{ "seed",		required_argument,	NULL, OPT_SEED },
	{ "write-pcap",		required_argument,	NULL, OPT_WRITE_PCAP },
	{ "screen",		required_argument,	NULL, OPT_SCREEN },
	{ "screen-format",	required_argument,	NULL, OPT_SCREEN_FORMAT },
	{ "export-steps",	required_argument,	NULL, OPT_EXPORT_STEPS },
	{ "at",			required_argument,	NULL, OPT_AT },
	{ "autoplay",		required_argument,	NULL, OPT_AUTOPLAY },
	{ "loop",		no_argument,		NULL, OPT_LOOP },
	{ "quiz",		no_argument,		NULL, OPT_QUIZ },
	{ "quiz-seed",		required_argument,	NULL, OPT_QUIZ_SEED },
	{ "rfc1337",		no_argument,		NULL, OPT_RFC1337 },
	{ "ascii",		no_argument,		NULL, OPT_ASCII },
	{ "notation",		required_argument,	NULL, OPT_NOTATION },
	{ "no-color",		no_argument,		NULL, OPT_NO_COLOR },
	{ "no-colour",		no_argument,		NULL, OPT_NO_COLOR },
	{ "lang",		required_argument,	NULL, OPT_LANG },
	{ "export",		required_argument,	NULL, OPT_EXPORT },
	{ "export-format",	required_argument,	NULL, OPT_EXPORT_FORMAT },
	{ "conn",		required_argument,	NULL, OPT_CONN },
	{ "from",		required_argument,	NULL, OPT_FROM },
	{ "to",			required_argument,	NULL, OPT_TO },
	{ "to-scenario",	required_argument,	NULL, OPT_TO_SCENARIO },
	{ "compare",		required_argument,	NULL, OPT_COMPARE },
	{ "anonymize",		no_argument,		NULL, OPT_ANONYMIZE },
	{ "anonymise",		no_argument,		NULL, OPT_ANONYMIZE },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "debug-log",		required_argument,	NULL, OPT_DEBUG_LOG },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

static void COMPAT_NORETURN
options_help(void)
{
	printf(
"Usage: tcpviz [OPTION]... -r FILE [FILTER]\n"
"   or: tcpviz [OPTION]... -i INTERFACE [FILTER]\n"
"   or: tcpviz [OPTION]... demo NAME\n"
"   or: tcpviz [OPTION]...   (no source: choose a scenario from a list)\n"
"Show TCP connections as a ladder diagram beside the RFC 9293 state graph,\n"
"with both endpoints' states inferred from every segment.\n"
"\n"
"Sources:\n"
"  -r, --read=FILE         read a pcap or pcapng capture ('-' reads standard\n"
"                          input)\n"
"  -i, --interface=IFACE   capture live on IFACE ('any': every interface)\n"
"      demo NAME           run a built-in classroom scenario (or a .scn\n"
"                          file)\n"
"      --list-scenarios    list the built-in scenarios and exit\n"
"      --seed=N            the simulator's random seed (default: the\n"
"                          scenario's)\n"
"      --write-pcap=FILE   with demo: write the scenario's segments to a\n"
"                          pcap file (as seen at each sender)\n"
"  FILTER                  a BPF filter expression, as for tcpdump\n"
"                          (e.g. 'tcp port 443')\n"
"\n"
"Live capture:\n"
"  -D, --list-interfaces   list the interfaces -i can capture on and exit\n"
"  -B, --buffer-size=KIB   the kernel's capture buffer (default %d KiB)\n"
"  -s, --snapshot-length=BYTES\n"
"                          bytes kept of each packet (default %d: the\n"
"                          headers; tcpviz never needs payload)\n"
"  -w, --write=FILE        also save the captured packets (pcap) while\n"
"                          watching; complete on exit, SIGINT or SIGTERM\n"
"  -Z, --relinquish-privileges=USER\n"
"                          once the capture is open, run as USER (default\n"
"                          when started as root: nobody); tcpviz stops if\n"
"                          it cannot\n"
"  -c, --count=N           stop after N TCP segments\n"
"      --duration=SECONDS  stop after SECONDS of capture\n"
"      --linger=SECONDS    ended connections stay in the live list this\n"
"                          long (default %d)\n"
"\n"
"Headless output (instead of the interactive view):\n"
"      --segments          one line per TCP segment\n"
"      --transitions       one line per endpoint state transition:\n"
"                          TIME ADDR:PORT FROM -> TO\n"
"      --summary           one line per connection\n"
"      --compare=SCENARIO  each endpoint's states beside a scenario's (a\n"
"                          name or a .scn file), aligned, differences\n"
"                          marked and explained (text follows --lang)\n"
"      --format=FMT        text (default) or json (JSON lines)\n"
"\n"
"Export (write a file and exit, in any mode):\n"
"      --export=FILE       the selected connection as FILE: .txt (the\n"
"                          ladder), .md (the same, ready to paste), .mmd\n"
"                          (Mermaid), .puml (PlantUML), .json (JSON lines\n"
"                          of steps), .pcapng (its packets, each with the\n"
"                          transitions it caused as a comment) or .svg\n"
"      --export-format=FMT txt, md, mmd, puml, json, pcapng, svg or scn\n"
"                          (default: from FILE's extension)\n"
"      --to-scenario=FILE  the connection as a scenario (.scn) that replays\n"
"                          it: 'tcpviz demo FILE' plays it\n"
"      --conn=N|A:P-B:P    which connection (also for --to-scenario and\n"
"                          --compare): its number in the list, or its\n"
"                          endpoints (IPv6 as [ADDR]:PORT); repeat for\n"
"                          several in one txt, md, json or pcapng file\n"
"                          (default: the first, a demo's first)\n"
"      --from=N, --to=N    only steps N to M (as the status row counts)\n"
"      --anonymize         show and write documentation addresses\n"
"                          (192.0.2.0/24, 2001:db8::/32) instead of the real\n"
"                          ones, in every mode\n"
"\n"
"Display:\n"
"      --ascii             draw with ASCII only (automatic when the locale is\n"
"                          not UTF-8)\n"
"      --notation=NOTATION sequence numbers on the ladder and in the\n"
"                          narration: stevens (SYN J, FIN M; the default),\n"
"                          xy (seq=x, seq=y), relative or absolute\n"
"      --no-color          no colours (also when NO_COLOR is set): reverse\n"
"                          video and brackets mark the lit states\n"
"      --screen=COLSxROWS  draw one frame as text on standard output and exit\n"
"                          (no terminal needed), e.g. --screen 100x30\n"
"      --at=N              with --screen: the frame after step N (default:\n"
"                          the last step; a demo's step 0 is before its\n"
"                          first segment)\n"
"      --screen-format=FMT with --screen: txt (default) or svg (an SVG\n"
"                          picture of the frame)\n"
"      --export-steps=DIR  write a picture per step of the first connection\n"
"                          into DIR (made if missing): step-000.svg ...,\n"
"                          the slides of a deck; then exit\n"
"      --export-format=FMT with --export-steps: svg (default) or txt\n"
"      --lang=LANG         the view's language: en or zh_CN (default: from\n"
"                          LANGUAGE, LC_ALL, LC_MESSAGES, LANG); L switches\n"
"                          it while running. Headless output stays English\n"
"                          (--compare's text follows --lang)\n"
"\n"
"Demos (they open paused on step 0; space or right: one step):\n"
"      --autoplay=SECONDS  go one step every SECONDS (at least 0.1)\n"
"      --loop              after the last step start again (a lab screen)\n"
"      --quiz              quiz mode (also -r F): before each state change\n"
"                          ask what comes next; 1-4 answer, Q on / off\n"
"      --quiz-seed=N       the quiz's choices and their order (default:\n"
"                          from the time; the status row shows it)\n"
"\n"
"State engine:\n"
"      --msl=SECONDS       maximum segment lifetime; TIME_WAIT lasts 2*MSL\n"
"                          of capture time (default %d, as Linux's 60 s)\n"
"      --rfc1337           the hosts ignore a RST in TIME_WAIT (RFC 1337;\n"
"                          FreeBSD, Linux with tcp_rfc1337=1): the timer\n"
"                          ends it\n"
"      --max-conns=N       connections tracked at once (default 262144;\n"
"                          live 10000); the least recently active go first\n"
"      --max-history=N     steps a view keeps of one connection (default\n"
"                          65536; live 1000)\n"
"      --settle=SECONDS    how long a received segment's effect waits for\n"
"                          the receiver to confirm it (default 3)\n"
"\n"
"Other:\n"
"  -n                      accepted for tcpdump habits (tcpviz never\n"
"                          resolves names)\n"
"  -q, --quiet             no summary of frames read on standard error\n"
"  -v, --verbose           --transitions: each line also says how it is\n"
"                          known and why (the edge, the frame, the rule)\n"
"      --debug-log=FILE    append debugging messages to FILE\n"
"  -h, --help              display this help and exit\n"
"  -V, --version           output version information and exit\n"
"\n"
"Exit status: 0 success, 1 runtime error (unreadable or damaged input),\n"
"2 usage error (bad option, bad filter).\n"
"\n"
"Examples:\n"
"  tcpviz -r capture.pcap --transitions\n"
"  tcpviz -r capture.pcapng --segments 'port 80'\n"
"  sudo tcpviz -i eth0 'port 443'\n"
"  sudo tcpviz -i any --transitions 'port 80'\n"
"  ssh host tcpdump -U -s 128 -w - tcp | tcpviz -r -\n",
	    OPTIONS_BUFFER_DEFAULT_KIB, OPTIONS_SNAPLEN_DEFAULT,
	    OPTIONS_LINGER_DEFAULT_S, OPTIONS_MSL_DEFAULT_S);
	exit(0);
}

static void COMPAT_NORETURN
options_version(void)
{
	printf("tcpviz %s\n", PACKAGE_VERSION);
	printf("License: BSD 2-clause. There is NO WARRANTY, to the extent "
	    "permitted by law.\n");
	exit(0);
}

/* A positive count, 1..max; a usage error otherwise. */
static size_t
options_count(const char *name, const char *arg, unsigned long long max)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*arg == '-' || *arg == '\0')
		log_usagex("--%s: '%s' is not a positive whole number", name,
		    arg);
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > max)
		log_usagex("--%s: '%s' is not a whole number from 1 to %llu",
		    name, arg, max);
	return (size_t)v;
}

/* A simulator seed: any whole number that fits 64 bits. */
static uint64_t
options_seed(const char *arg)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*arg < '0' || *arg > '9')
		log_usagex("--seed: '%s' is not a whole number", arg);
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0')
		log_usagex("--seed: '%s' is not a whole number below 2^64",
		    arg);
	return (uint64_t)v;
}

/* "COLSxROWS", each 1..1000, for --NAME. */
static void
options_size(const char *name, const char *arg, int *cols, int *rows)
{
	const char	*orig = arg;
	char		*end;
	long		 c, r;

	errno = 0;
	c = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || (*end != 'x' && *end != 'X'))
		goto bad;
	arg = end + 1;
	r = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0')
		goto bad;
	if (c < 1 || c > 1000 || r < 1 || r > 1000)
		goto bad;
	*cols = (int)c;
	*rows = (int)r;
	return;
bad:
	log_usagex("--%s: '%s' is not COLSxROWS (each 1 to 1000), "
	    "e.g. 100x30", name, orig);
}

/* Seconds as a decimal (0 < s <= max), returned in ns. */
static int64_t
options_seconds(const char *name, const char *arg, double max)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !isfinite(v) ||
	    v <= 0 || v > max)
		log_usagex("--%s: '%s' is not a number of seconds above 0 and "
		    "at most %g", name, arg, max);
	return (int64_t)llround(v * 1e9);
}

/* Join the trailing words into one filter expression, as tcpdump does. */
static char *
options_join(int argc, char **argv)
{
	size_t	 len = 0, n;
	int	 i;
	char	*s;

	for (i = 0; i < argc; i++) {
		n = strlen(argv[i]);
		if (n > OPTIONS_FILTER_MAX || len + n + 1 > OPTIONS_FILTER_MAX)
			log_usagex("the filter expression is longer than %d "
			    "bytes", OPTIONS_FILTER_MAX);
		len += n + 1;
	}
	s = xmalloc(len + 1);
	s[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

void
options_parse(struct options *o, int argc, char **argv)
{
	int		 c, modes = 0;
	bool		 screen_format = false;
	const char	*live_only = NULL;
	enum i18n_lang	 lang;

	memset(o, 0, sizeof *o);
	o->msl_ns = OPTIONS_MSL_DEFAULT_S * COMPAT_NS_PER_SEC;
	o->buffer_kib = OPTIONS_BUFFER_DEFAULT_KIB;
	o->snaplen = OPTIONS_SNAPLEN_DEFAULT;
	o->linger_ns = OPTIONS_LINGER_DEFAULT_S * COMPAT_NS_PER_SEC;
	o->at = SIZE_MAX;
	o->to = SIZE_MAX;
	o->export_format = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:i:nqvhVDB:s:Z:w:c:",
	    options_long,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			o->read_file = optarg;
			break;
		case 'i':
			o->interface = optarg;
			break;
		case 'n':
			break;
		case 'D':
			o->list_interfaces = true;
			break;
		case 'B':
			o->buffer_kib = (int)options_count("buffer-size", optarg,
			    4194304ULL);
			live_only = "-B";
			break;
		case 's':
			o->snaplen = (int)options_count("snapshot-length", optarg,
			    262144ULL);
			if (o->snaplen < 96)
				log_usagex("-s: %d bytes cannot hold the headers "
				    "of a TCP segment; give at least 96",
				    o->snaplen);
			live_only = "-s";
			break;
		case 'Z':
			if (*optarg == '\0')
				log_usagex("-Z needs a user name");
			o->user = optarg;
			break;
		case 'w':
			o->write_file = optarg;
			break;
		case 'c':
			o->count = options_count("count", optarg,
			    UINT64_C(1) << 62);
			break;
		case OPT_DURATION:
			o->duration_ns = options_seconds("duration", optarg,
			    1e8);
			live_only = "--duration";
			break;
		case OPT_LINGER:
			o->linger_ns = options_seconds("linger", optarg, 1e6);
			live_only = "--linger";
			break;
		case OPT_SETTLE:
			o->settle_ns = options_seconds("settle", optarg, 600);
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_DEBUG_LOG:
			o->debug_log = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			options_help();
		case 'V':
			options_version();
		case OPT_SEGMENTS:
			o->mode = OPTIONS_MODE_SEGMENTS;
			modes++;
			break;
		case OPT_TRANSITIONS:
			o->mode = OPTIONS_MODE_TRANSITIONS;
			modes++;
			break;
		case OPT_SUMMARY:
			o->mode = OPTIONS_MODE_SUMMARY;
			modes++;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = BATCH_FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = BATCH_FORMAT_JSON;
			else
				log_usagex("--format: '%s' is not text or json",
				    optarg);
			break;
		case OPT_MSL:
			o->msl_ns = options_seconds("msl", optarg,
			    OPTIONS_MSL_MAX_S);
			o->msl_set = true;
			break;
		case OPT_LIST_SCENARIOS:
			o->list_scenarios = true;
			break;
		case OPT_SEED:
			o->seed = options_seed(optarg);
			o->seed_set = true;
			break;
		case OPT_WRITE_PCAP:
			o->write_pcap = optarg;
			break;
		case OPT_SCREEN:
			options_size("screen", optarg, &o->screen_cols,
			    &o->screen_rows);
			break;
		case OPT_SCREEN_FORMAT:
			if (strcmp(optarg, "svg") == 0)
				o->screen_svg = true;
			else if (strcmp(optarg, "txt") == 0)
				o->screen_svg = false;
			else
				log_usagex("--screen-format: '%s' is not txt or "
				    "svg", optarg);
			screen_format = true;
			break;
		case OPT_EXPORT_STEPS:
			if (optarg[0] == '\0')
				log_usagex("--export-steps needs a directory");
			o->export_steps = optarg;
			break;
		case OPT_BENCH_RENDER:
			/* --bench-render COLSxROWS N: N is the next word. */
			options_size("bench-render", optarg, &o->bench_cols,
			    &o->bench_rows);
			if (optind >= argc)
				log_usagex("--bench-render needs COLSxROWS and a "
				    "number of frames, e.g. --bench-render "
				    "220x60 1000");
			o->bench_frames = options_count("bench-render",
			    argv[optind++], 10000000ULL);
			break;
		case OPT_AUTOPLAY:
			/* 0.1 s to an hour a step. */
			o->autoplay_ns = options_seconds("autoplay", optarg,
			    3600);
			if (o->autoplay_ns < COMPAT_NS_PER_SEC / 10)
				log_usagex("--autoplay: '%s' is less than 0.1 "
				    "seconds a step", optarg);
			break;
		case OPT_LOOP:
			o->loop = true;
			break;
		case OPT_QUIZ:
			o->quiz = true;
			break;
		case OPT_QUIZ_SEED:
			o->quiz_seed = (uint32_t)options_count("quiz-seed",
			    optarg, UINT32_MAX);
			o->quiz_seed_set = true;
			break;
		case OPT_RFC1337:
			o->rfc1337 = true;
			break;
		case OPT_AT:
			if (strcmp(optarg, "0") == 0)
				o->at = 0;
			else
				o->at = options_count("at", optarg,
				    1000000000ULL);
			break;
		case OPT_ASCII:
			o->ascii = true;
			break;
		case OPT_EXPORT:
			if (*optarg == '\0')
				log_usagex("--export needs a file name");
			if (o->export_file != NULL)
				log_usagex("give --export or --to-scenario, not "
				    "both");
			o->export_file = optarg;
			break;
		case OPT_TO_SCENARIO:
			if (*optarg == '\0')
				log_usagex("--to-scenario needs a file name");
			if (o->export_file != NULL)
				log_usagex("give --export or --to-scenario, not "
				    "both");
			o->export_file = optarg;
			o->export_format = EXPORT_SCN;
			o->to_scenario = true;
			break;
		case OPT_COMPARE:
			if (*optarg == '\0')
				log_usagex("--compare needs a scenario name or a "
				    ".scn file");
			o->compare = optarg;
			o->mode = OPTIONS_MODE_COMPARE;
			modes++;
			break;
		case OPT_EXPORT_FORMAT:
			if (o->to_scenario)
				log_usagex("--to-scenario writes a scenario; it "
				    "takes no --export-format");
			if ((o->export_format = export_format_parse(optarg)) < 0)
				log_usagex("--export-format: '%s' is not txt, md, "
				    "mmd, puml, json, pcapng, svg or scn", optarg);
			break;
		case OPT_CONN:
			if (o->nconns == OPTIONS_CONNS_MAX)
				log_usagex("--conn: at most %d connections",
				    OPTIONS_CONNS_MAX);
			if (*optarg == '\0' || strlen(optarg) > 128)
				log_usagex("--conn: '%s' is not a connection "
				    "number or ADDR:PORT-ADDR:PORT", optarg);
			o->conns[o->nconns++] = optarg;
			break;
		case OPT_FROM:
			o->from = strcmp(optarg, "0") == 0 ? 0 :
			    options_count("from", optarg, 1000000000ULL);
			o->from_set = true;
			break;
		case OPT_TO:
			o->to = strcmp(optarg, "0") == 0 ? 0 :
			    options_count("to", optarg, 1000000000ULL);
			break;
		case OPT_ANONYMIZE:
			o->anonymize = true;
			break;
		case OPT_NOTATION:
			if ((o->notation = view_notation_parse(optarg)) < 0)
				log_usagex("--notation: '%s' is not stevens, "
				    "xy, relative or absolute", optarg);
			break;
		case OPT_NO_COLOR:
			o->no_color = true;
			break;
		case OPT_LANG:
			if (!i18n_parse(optarg, &lang))
				log_usagex("--lang: '%s' is not a language "
				    "tcpviz speaks (en or zh_CN)", optarg);
			o->lang = optarg;
			break;
		case OPT_MAX_CONNS:
			o->max_conns = options_count("max-conns", optarg,
			    100000000ULL);
			break;
		case OPT_MAX_HISTORY:
			o->max_history = options_count("max-history", optarg,
			    100000000ULL);
			break;
		case ':':
			log_usagex("option '%s' needs an argument (try "
			    "'tcpviz --help')", argv[optind - 1]);
		default:
			if (optopt != 0)
				log_usagex("unknown option '-%c' (try 'tcpviz "
				    "--help')", optopt);
			log_usagex("unknown option '%s' (try 'tcpviz --help')",
			    argv[optind - 1]);
		}
	}
	if (modes > 1)
		log_usagex("--segments, --transitions, --summary and --compare "
		    "exclude each other");
	if (modes > 0 && o->screen_cols != 0)
		log_usagex("--screen draws the interactive view; it excludes "
		    "--segments, --transitions and --summary");
	/* --compare picks its connection with --conn too. */
	if (o->mode == OPTIONS_MODE_COMPARE && o->export_file == NULL &&
	    o->nconns > 1)
		log_usagex("--compare takes one --conn");
	if (o->export_file == NULL && ((o->export_format >= 0 &&
	    o->export_steps == NULL) || (o->nconns > 0 &&
	    o->mode != OPTIONS_MODE_COMPARE) || o->from_set ||
	    o->to != SIZE_MAX))
		log_usagex("--export-format, --conn, --from and --to go with "
		    "--export FILE (--export-format also with --export-steps, "
		    "--conn also with --to-scenario and --compare)");
	if (o->export_file != NULL) {
		if (modes > 0 || o->screen_cols != 0 || o->bench_cols != 0)
			log_usagex("%s writes a file; it excludes "
			    "--segments, --transitions, --summary, --compare, "
			    "--screen and --bench-render", o->to_scenario ?
			    "--to-scenario" : "--export");
		if (o->to_scenario && o->export_format != EXPORT_SCN)
			log_usagex("--to-scenario writes a scenario; it "
			    "takes no --export-format");
		if (o->export_format < 0 && (o->export_format =
		    export_format_for_path(o->export_file)) < 0)
			log_usagex("--export %s: no format from its name; "
			    "give --export-format (txt, md, mmd, puml, json, "
			    "pcapng or svg)", o->export_file);
		if (o->to != SIZE_MAX && o->from > o->to)
			log_usagex("--from %zu is after --to %zu", o->from,
			    o->to);
		if (o->nconns > 1 && !export_format_multi(
		    (enum export_format)o->export_format))
			log_usagex("--export-format %s holds one connection: "
			    "give one --conn", export_format_name(
			    (enum export_format)o->export_format));
	}
	if (o->anonymize && (o->write_pcap != NULL || o->write_file != NULL))
		log_usagex("--anonymize does not rewrite the packets -w and "
		    "--write-pcap save; export them with --export FILE.pcapng");
	if (o->at != SIZE_MAX && o->screen_cols == 0)
		log_usagex("--at goes with --screen");
	if (screen_format && o->screen_cols == 0)
		log_usagex("--screen-format goes with --screen");
	if (o->export_steps != NULL && o->export_file == NULL &&
	    o->export_format >= 0) {
		if (o->export_format != EXPORT_SVG &&
		    o->export_format != EXPORT_TXT)
			log_usagex("--export-steps writes svg or txt, not %s",
			    export_format_name(
			    (enum export_format)o->export_format));
		o->export_txt = o->export_format == EXPORT_TXT;
	}
	if (o->export_steps != NULL && (modes > 0 || o->screen_cols != 0 ||
	    o->interface != NULL || o->bench_cols != 0 ||
	    o->autoplay_ns != 0 || o->loop))
		log_usagex("--export-steps draws a capture file or a demo "
		    "step by step; it excludes -i, --screen, --autoplay, "
		    "--loop and the headless modes");
	/* (--screen draws one frame: the pace does not matter there.) */
	if ((o->autoplay_ns != 0 || o->loop) && (modes > 0 ||
	    o->read_file != NULL || o->interface != NULL))
		log_usagex("--autoplay and --loop pace a demo in the "
		    "interactive view ('demo NAME' or the scenario list)");
	if ((o->quiz || o->quiz_seed_set) && (modes > 0 ||
	    o->interface != NULL || o->screen_cols != 0 ||
	    o->export_steps != NULL || o->bench_cols != 0))
		log_usagex("--quiz and --quiz-seed ask questions in the "
		    "interactive view ('demo NAME' or -r FILE)");
	if (o->bench_cols != 0 && (modes > 0 || o->screen_cols != 0 ||
	    o->interface != NULL))
		log_usagex("--bench-render draws frames of a capture file or a "
		    "demo; it excludes -i, --screen and the headless modes");
	if (o->read_file != NULL && o->interface != NULL)
		log_usagex("-r and -i exclude each other");
	if (o->list_interfaces) {
		if (o->read_file != NULL || o->interface != NULL ||
		    optind < argc)
			log_usagex("-D lists the interfaces; it takes no source");
		return;
	}
	if (live_only != NULL && o->interface == NULL)
		log_usagex("%s goes with live capture (-i IFACE)", live_only);

	argc -= optind;
	argv += optind;
	if (o->read_file == NULL && o->interface == NULL && argc > 0 &&
	    strcmp(argv[0], "demo") == 0) {
		if (argc < 2)
			log_usagex("demo needs a scenario name (try "
			    "'tcpviz --list-scenarios')");
		o->source = OPTIONS_SOURCE_DEMO;
		o->demo = argv[1];
		if (o->write_file != NULL) {
			/* -w with a demo: the scenario's segments. */
			if (o->write_pcap != NULL)
				log_usagex("give -w or --write-pcap, not both");
			o->write_pcap = o->write_file;
			o->write_file = NULL;
		}
		if (argc > 2)
			log_usagex("unexpected '%s' after demo %s", argv[2],
			    argv[1]);
		return;
	}
	if (o->write_pcap != NULL)
		log_usagex("--write-pcap works with 'demo NAME' only");
	if (o->write_file != NULL && o->interface == NULL)
		log_usagex("-w saves a live capture (-i IFACE) or a demo's "
		    "segments");
	if (o->list_scenarios) {
		if (argc > 0 || o->read_file != NULL || o->interface != NULL)
			log_usagex("--list-scenarios takes no source");
		return;
	}
	if (o->read_file == NULL && o->interface == NULL && argc == 0 &&
	    o->bench_cols != 0) {
		/* --bench-render alone: the lossy transfer, a busy one. */
		o->source = OPTIONS_SOURCE_DEMO;
		o->demo = "lossy-transfer";
		return;
	}
	if (o->read_file != NULL)
		o->source = OPTIONS_SOURCE_FILE;
	else if (o->interface != NULL)
		o->source = OPTIONS_SOURCE_LIVE;
	else if (argc > 0)
		log_usagex("'%s': give a capture with -r FILE, an interface "
		    "with -i, or 'demo NAME'", argv[0]);
	/* No source at all stays OPTIONS_SOURCE_NONE: the scenario picker. */
	if (o->source == OPTIONS_SOURCE_NONE && o->export_steps != NULL)
		log_usagex("--export-steps needs a source: -r FILE or "
		    "'demo NAME'");
	if (argc > 0)
		o->filter = options_join(argc, argv);
}

void
options_clear(struct options *o)
{
	free(o->filter);
	o->filter = NULL;
}
