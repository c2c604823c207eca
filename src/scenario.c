/*
 * scenario.c: the parser for classroom scenario files (*.scn). Layer 2a:
 * includes layers 0-1 and the C library only.
 *
 * The format is line oriented: a version line, then one directive per line
 * with '#' comments (assets/scenarios/README.md). Every check is done
 * before anything is handed out: an error frees what was built and reports
 * "file:line:column: message", the column counting characters from 1.
 * Nothing here knows TCP: the simulator (backend-sim.c) gives the calls
 * their meaning.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "scenario.h"
#include "xmalloc.h"

#define SCENARIO_MAX_WORDS	24
#define SCENARIO_MAX_SEND	(16u * 1024 * 1024)
#define SCENARIO_MAX_TEXT	2048	/* one title or narration */

/* One word of a line, with where it starts. */
struct scenario_word {
	const char	*s;		/* NUL-terminated copy in the line */
	unsigned	 col;		/* 1-based character column */
};

/* Parser state for one file. */
struct scenario_parser {
	const char		*file;
	uint32_t		 line;
	char			*err;
	struct scenario		*sc;
	const char		*raw;	/* the line as read */
	char			 buf[SCENARIO_MAX_LINE + 1];
	struct scenario_word	 w[SCENARIO_MAX_WORDS];
	size_t			 nw;
	bool			 seen_seed;
	bool			 seen_order;
	bool			 seen_msl;
	bool			 seen_end;
	size_t			 cap_actions;
	size_t			 cap_faults;
	size_t			 cap_notes;
};

static const char *scenario_calls[] = {
	[SCENARIO_LISTEN] = "listen",
	[SCENARIO_CONNECT] = "connect",
	[SCENARIO_SEND] = "send",
	[SCENARIO_SHUTDOWN] = "shutdown",
	[SCENARIO_CLOSE] = "close",
	[SCENARIO_ABORT] = "abort",
	[SCENARIO_INJECT] = "inject",
	[SCENARIO_VANISH] = "vanish",
	[SCENARIO_RETURN] = "return",
	[SCENARIO_REBOOT] = "reboot",
	[SCENARIO_ACCEPT] = "accept",
};

static const char *scenario_matches[] = {
	[SCENARIO_MATCH_ANY] = "any",
	[SCENARIO_MATCH_SYN] = "syn",
	[SCENARIO_MATCH_SYNACK] = "synack",
	[SCENARIO_MATCH_ACK] = "ack",
	[SCENARIO_MATCH_DATA] = "data",
	[SCENARIO_MATCH_FIN] = "fin",
	[SCENARIO_MATCH_RST] = "rst",
};

/* Defaults for a link nobody configured: 10 ms each way, no faults. */
static const struct scenario_link scenario_default_link = {
	.from = -1, .to = -1, .latency_ns = 10 * 1000 * 1000,
};

/* Record the first error at a column of the current line; returns -1. */
static int COMPAT_PRINTF(3, 4)
scenario_error(struct scenario_parser *p, unsigned col, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	if (p->err != NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xasprintf(&p->err, "%s:%" PRIu32 ":%u: %s", p->file, p->line,
	    col == 0 ? 1 : col, msg);
	return -1;
}

/* The name of a call ("listen"). */
const char *
scenario_call_name(enum scenario_call c)
{
	if ((size_t)c >= COMPAT_NITEMS(scenario_calls))
		return "?";
	return scenario_calls[c];
}

/* The name of a segment class ("fin"). */
const char *
scenario_match_name(enum scenario_match m)
{
	if ((size_t)m >= COMPAT_NITEMS(scenario_matches))
		return "?";
	return scenario_matches[m];
}

/*
 * Check one line is UTF-8 without control characters; on error the column
 * of the bad character. Returns the line's length in characters or -1.
 */
static int
scenario_check_text(struct scenario_parser *p, const char *s, size_t len)
{
	size_t		 i = 0, n, k;
	unsigned	 col = 1;
	unsigned char	 c;
	uint32_t	 cp;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return scenario_error(p, col,
				    "control character 0x%02x is not allowed",
				    c);
			i++;
			col++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return scenario_error(p, col, "invalid UTF-8 byte "
			    "0x%02x", c);
		if (len - i <= n)
			return scenario_error(p, col, "UTF-8 sequence cut "
			    "short");
		for (k = 1; k <= n; k++) {
			c = (unsigned char)s[i + k];
			if ((c & 0xc0) != 0x80)
				return scenario_error(p, col, "invalid UTF-8 "
				    "sequence");
			cp = (cp << 6) | (c & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return scenario_error(p, col, "invalid UTF-8 "
			    "sequence");
		i += n + 1;
		col++;
	}
	return (int)col;
}

/* Characters (not bytes) in s[0..n). */
static unsigned
scenario_chars(const char *s, size_t n)
{
	unsigned	 c = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	}
	return c;
}

/* Split the current line into words; '#' at a word start ends the line. */
static int
scenario_split(struct scenario_parser *p)
{
	char	*s = p->buf;
	size_t	 i = 0;

	p->nw = 0;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t')
			i++;
		if (s[i] == '\0' || s[i] == '#')
			break;
		if (p->nw == SCENARIO_MAX_WORDS)
			return scenario_error(p, scenario_chars(s, i) + 1,
			    "too many words on one line (at most %d)",
			    SCENARIO_MAX_WORDS);
		p->w[p->nw].s = s + i;
		p->w[p->nw].col = scenario_chars(s, i) + 1;
		p->nw++;
		while (s[i] != '\0' && s[i] != ' ' && s[i] != '\t')
			i++;
		if (s[i] == '\0')
			break;
		s[i++] = '\0';
	}
	return 0;
}

/*
 * The rest of the raw line from word k on, for text directives; the
 * trailing blanks are dropped.
 */
static int
scenario_rest(struct scenario_parser *p, size_t k, char **out)
{
	const char	*s;
	size_t		 off, len;

	if (k >= p->nw)
		return scenario_error(p, scenario_chars(p->raw,
		    strlen(p->raw)) + 1, "text expected after '%s'",
		    p->w[k - 1].s);
	off = (size_t)(p->w[k].s - p->buf);
	s = p->raw + off;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if (len > SCENARIO_MAX_TEXT)
		return scenario_error(p, p->w[k].col, "text longer than %d "
		    "bytes", SCENARIO_MAX_TEXT);
	*out = xmalloc(len + 1);
	memcpy(*out, s, len);
	(*out)[len] = '\0';
	return 0;
}

/* An unsigned decimal in [lo, hi]. */
static int
scenario_uint(struct scenario_parser *p, const struct scenario_word *w,
    const char *s, uint64_t lo, uint64_t hi, const char *what, uint64_t *out)
{
	uint64_t	 v = 0;
	const char	*c;

	if (*s == '\0')
		return scenario_error(p, w->col, "%s: a number is expected",
		    what);
	for (c = s; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return scenario_error(p, w->col, "%s: '%s' is not a "
			    "whole number", what, s);
		if (v > (UINT64_MAX - 9) / 10)
			return scenario_error(p, w->col, "%s: '%s' is too "
			    "large", what, s);
		v = v * 10 + (uint64_t)(*c - '0');
	}
	if (v < lo || v > hi)
		return scenario_error(p, w->col, "%s: %" PRIu64 " is out of "
		    "range %" PRIu64 "..%" PRIu64, what, v, lo, hi);
	*out = v;
	return 0;
}

/*
 * A decimal with an optional fraction, scaled exactly by 10^digits: "1.25"
 * with digits 3 is 1250. No floating point, so files give the same bytes
 * everywhere. Returns the number of characters used or -1.
 */
static int
scenario_fixed(const char *s, unsigned digits, uint64_t *out)
{
	uint64_t	 v = 0;
	unsigned	 frac = 0;
	int		 i = 0;
	bool		 dot = false, any = false;

	for (;; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (dot && frac == digits)
				return -1;
			if (v > UINT64_C(1000000000000))
				return -1;
			v = v * 10 + (uint64_t)(s[i] - '0');
			if (dot)
				frac++;
			any = true;
		} else if (s[i] == '.' && !dot)
			dot = true;
		else
			break;
	}
	if (!any || (dot && frac == 0))
		return -1;
	for (; frac < digits; frac++)
		v *= 10;
	*out = v;
	return i;
}

/* A duration: "1.5s", "250ms", "40us", "0", or bare seconds "2". */
static int
scenario_duration(struct scenario_parser *p, const struct scenario_word *w,
    const char *s, int64_t max, const char *what, int64_t *out)
{
	uint64_t	 v;
	int		 n;
	const char	*unit;

	n = scenario_fixed(s, 9, &v);
	if (n < 0)
		return scenario_error(p, w->col, "%s: '%s' is not a duration "
		    "(like 1.5s, 200ms or 50us)", what, s);
	unit = s + n;
	if (strcmp(unit, "ms") == 0)
		v /= 1000;
	else if (strcmp(unit, "us") == 0)
		v /= 1000000;
	else if (strcmp(unit, "s") != 0 && *unit != '\0')
		return scenario_error(p, w->col, "%s: unknown unit '%s' (use "
		    "s, ms or us)", what, unit);
	if (v > (uint64_t)max)
		return scenario_error(p, w->col, "%s: '%s' is more than %" PRId64
		    " s", what, s, max / COMPAT_NS_PER_SEC);
	*out = (int64_t)v;
	return 0;
}

/* A probability: "0.05" or "5%", in parts per million. */
static int
scenario_prob(struct scenario_parser *p, const struct scenario_word *w,
    const char *s, const char *what, uint32_t *out)
{
	uint64_t	 v;
	int		 n;

	n = scenario_fixed(s, 6, &v);
	if (n >= 0 && strcmp(s + n, "%") == 0)
		v /= 100;
	else if (n < 0 || s[n] != '\0')
		return scenario_error(p, w->col, "%s: '%s' is not a "
		    "probability (like 0.05 or 5%%)", what, s);
	if (v > SCENARIO_PPM)
		return scenario_error(p, w->col, "%s: '%s' is more than 1",
		    what, s);
	*out = (uint32_t)v;
	return 0;
}

/* Names: a lower-case letter, then letters, digits and '-'. */
static bool
scenario_name_ok(const char *s, bool digit_first)
{
	size_t	i;

	if (!(s[0] >= 'a' && s[0] <= 'z') &&
	    !(digit_first && s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (i + 1 >= SCENARIO_NAME_MAX)
			return false;
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return false;
	}
	return true;
}

/* The endpoint index of a word that must name a declared endpoint. */
static int
scenario_ep_word(struct scenario_parser *p, const struct scenario_word *w)
{
	int	i = scenario_endpoint_find(p->sc, w->s);

	if (i < 0)
		return scenario_error(p, w->col, "unknown endpoint '%s' "
		    "(declare it with 'endpoint' first)", w->s);
	return i;
}

/* Is there a word k? Report what is missing otherwise. */
static int
scenario_need(struct scenario_parser *p, size_t k, const char *what)
{
	unsigned	col;

	if (k < p->nw)
		return 0;
	col = scenario_chars(p->raw, strlen(p->raw)) + 1;
	return scenario_error(p, col, "%s expected", what);
}

/* No words after k. */
static int
scenario_no_more(struct scenario_parser *p, size_t k)
{
	if (k < p->nw)
		return scenario_error(p, p->w[k].col, "unexpected '%s'",
		    p->w[k].s);
	return 0;
}

/* "en" or "zh" at word k: 0 for en, 1 for zh. */
static int
scenario_lang(struct scenario_parser *p, size_t k)
{
	if (scenario_need(p, k, "a language (en or zh)") != 0)
		return -1;
	if (strcmp(p->w[k].s, "en") == 0)
		return 0;
	if (strcmp(p->w[k].s, "zh") == 0)
		return 1;
	return scenario_error(p, p->w[k].col, "language '%s': use en or zh",
	    p->w[k].s);
}

/* "10.0.0.1:80" or "[2001:db8::1]:80". */
static int
scenario_address(struct scenario_parser *p, const struct scenario_word *w,
    struct event_endpoint *ep)
{
	char		 host[64];
	const char	*s = w->s, *colon, *port;
	uint64_t	 v;
	size_t		 n;

	memset(ep, 0, sizeof *ep);
	if (s[0] == '[') {
		colon = strchr(s, ']');
		if (colon == NULL || colon[1] != ':')
			return scenario_error(p, w->col, "address '%s': use "
			    "[IPv6]:port", s);
		n = (size_t)(colon - s - 1);
		port = colon + 2;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return scenario_error(p, w->col, "address '%s': use "
			    "ADDRESS:PORT", s);
		n = (size_t)(colon - s);
		port = colon + 1;
	}
	if (n == 0 || n >= sizeof host)
		return scenario_error(p, w->col, "address '%s' is not an IP "
		    "address", w->s);
	memcpy(host, s, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, ep->addr) == 1)
		ep->family = EVENT_AF_INET;
	else if (w->s[0] == '[' && inet_pton(AF_INET6, host, ep->addr) == 1)
		ep->family = EVENT_AF_INET6;
	else
		return scenario_error(p, w->col, "'%s' is not an IPv4 address "
		    "or a bracketed IPv6 address", host);
	if (scenario_uint(p, w, port, 1, 65535, "port", &v) != 0)
		return -1;
	ep->port = (uint16_t)v;
	return 0;
}

/* Split "key=value" at word k; value NULL for a bare flag. */
static void
scenario_kv(struct scenario_parser *p, size_t k, const char **key,
    const char **value)
{
	char	*s = p->buf + (p->w[k].s - p->buf);
	char	*eq = strchr(s, '=');

	*key = s;
	*value = NULL;
	if (eq != NULL) {
		*eq = '\0';
		*value = eq + 1;
	}
}

/* Complain about a key=value whose value is missing or present wrongly. */
static int
scenario_kv_value(struct scenario_parser *p, const struct scenario_word *w,
    const char *key, const char *value, bool want)
{
	if (want && value == NULL)
		return scenario_error(p, w->col, "'%s' needs a value "
		    "(%s=...)", key, key);
	if (!want && value != NULL)
		return scenario_error(p, w->col, "'%s' takes no value", key);
	return 0;
}

/*
 * keepalive=IDLE[,INTVL[,CNT]]: SO_KEEPALIVE with TCP_KEEPIDLE,
 * TCP_KEEPINTVL and TCP_KEEPCNT; the interval and count default to
 * Linux's net.ipv4.tcp_keepalive_intvl (75 s) and _probes (9).
 */
static int
scenario_keepalive(struct scenario_parser *p, const struct scenario_word *w,
    const char *value, struct scenario_endpoint *e)
{
	char		 tmp[64], *part[3], *comma;
	uint64_t	 v;
	size_t		 n = 1;

	if (strlen(value) >= sizeof tmp)
		return scenario_error(p, w->col, "keepalive: '%s' is not "
		    "IDLE[,INTERVAL[,COUNT]] (like 1s,1s,3)", value);
	snprintf(tmp, sizeof tmp, "%s", value);
	/* Split at commas, keeping empty parts so that they are errors. */
	part[0] = tmp;
	while ((comma = strchr(part[n - 1], ',')) != NULL) {
		if (n == COMPAT_NITEMS(part))
			return scenario_error(p, w->col, "keepalive: more "
			    "than IDLE,INTERVAL,COUNT in '%s'", value);
		*comma = '\0';
		part[n++] = comma + 1;
	}
	e->keep_intvl_ns = 75 * COMPAT_NS_PER_SEC;
	e->keep_cnt = 9;
	if (scenario_duration(p, w, part[0], SCENARIO_MAX_TIME,
	    "keepalive idle", &e->keep_idle_ns) != 0 ||
	    (n > 1 && scenario_duration(p, w, part[1], SCENARIO_MAX_TIME,
	    "keepalive interval", &e->keep_intvl_ns) != 0))
		return -1;
	if (n > 2) {
		if (scenario_uint(p, w, part[2], 1, 127, "keepalive count",
		    &v) != 0)
			return -1;
		e->keep_cnt = (unsigned)v;
	}
	/* Linux refuses TCP_KEEPIDLE and TCP_KEEPINTVL below 1 s. */
	if (e->keep_idle_ns < COMPAT_NS_PER_SEC ||
	    e->keep_intvl_ns < COMPAT_NS_PER_SEC)
		return scenario_error(p, w->col, "keepalive: idle time and "
		    "interval are at least 1s");
	return 0;
}

/* endpoint NAME ADDR:PORT [key=value ...] */
static int
scenario_d_endpoint(struct scenario_parser *p)
{
	struct scenario			*sc = p->sc;
	struct scenario_endpoint	*e;
	const char			*key, *value;
	uint64_t			 v;
	size_t				 k, i;

	if (scenario_need(p, 1, "an endpoint name") != 0)
		return -1;
	if (sc->nendpoints == SCENARIO_MAX_ENDPOINTS)
		return scenario_error(p, p->w[0].col, "more than %d endpoints",
		    SCENARIO_MAX_ENDPOINTS);
	if (!scenario_name_ok(p->w[1].s, false) ||
	    strcmp(p->w[1].s, "all") == 0)
		return scenario_error(p, p->w[1].col, "endpoint name '%s': use "
		    "a-z, 0-9 and '-', starting with a letter (not 'all')",
		    p->w[1].s);
	if (scenario_endpoint_find(sc, p->w[1].s) >= 0)
		return scenario_error(p, p->w[1].col, "endpoint '%s' is "
		    "declared twice", p->w[1].s);
	e = &sc->endpoints[sc->nendpoints];
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", p->w[1].s);
	e->line = p->line;
	e->mss = 1460;
	e->window = 65535;
	e->rto_ns = COMPAT_NS_PER_SEC;
	e->syn_retries = 4;
	e->synack_retries = 4;
	e->retries = 6;
	e->backlog = 128;
	/* Linux net.ipv4.tcp_fin_timeout; RFC 9293 has no such timer. */
	e->fin_timeout_ns = 60 * COMPAT_NS_PER_SEC;
	if (scenario_need(p, 2, "ADDRESS:PORT") != 0 ||
	    scenario_address(p, &p->w[2], &e->addr) != 0)
		return -1;
	for (i = 0; i < sc->nendpoints; i++) {
		if (event_endpoint_eq(&sc->endpoints[i].addr, &e->addr))
			return scenario_error(p, p->w[2].col, "endpoint '%s' "
			    "already has address %s", sc->endpoints[i].name,
			    p->w[2].s);
	}
	for (k = 3; k < p->nw; k++) {
		scenario_kv(p, k, &key, &value);
		if (strcmp(key, "silent") == 0 ||
		    strcmp(key, "autoclose") == 0 ||
		    strcmp(key, "rfc1337") == 0 ||
		    strcmp(key, "abort-on-overflow") == 0) {
			if (scenario_kv_value(p, &p->w[k], key, value, false))
				return -1;
			if (key[0] == 's')
				e->silent = true;
			else if (key[1] == 'u')
				e->autoclose = true;
			else if (key[0] == 'a')
				e->abort_on_overflow = true;
			else
				e->rfc1337 = true;
			continue;
		}
		if (scenario_kv_value(p, &p->w[k], key, value, true) != 0)
			return -1;
		if (strcmp(key, "isn") == 0) {
			if (scenario_uint(p, &p->w[k], value, 0, UINT32_MAX,
			    key, &v) != 0)
				return -1;
			e->isn = (uint32_t)v;
			e->isn_set = true;
		} else if (strcmp(key, "mss") == 0) {
			if (scenario_uint(p, &p->w[k], value, 64, 9000, key,
			    &v) != 0)
				return -1;
			e->mss = (uint16_t)v;
		} else if (strcmp(key, "window") == 0) {
			if (scenario_uint(p, &p->w[k], value, 1, 65535, key,
			    &v) != 0)
				return -1;
			e->window = (uint16_t)v;
		} else if (strcmp(key, "backlog") == 0) {
			if (scenario_uint(p, &p->w[k], value, 1, 1024, key,
			    &v) != 0)
				return -1;
			e->backlog = (unsigned)v;
		} else if (strcmp(key, "accept-queue") == 0) {
			if (scenario_uint(p, &p->w[k], value, 1, 1024, key,
			    &v) != 0)
				return -1;
			e->accept_queue = (unsigned)v;
		} else if (strcmp(key, "syn-retries") == 0 ||
		    strcmp(key, "synack-retries") == 0 ||
		    strcmp(key, "retries") == 0) {
			if (scenario_uint(p, &p->w[k], value, 0, 15, key,
			    &v) != 0)
				return -1;
			if (key[0] == 'r')
				e->retries = (unsigned)v;
			else if (key[3] == '-')
				e->syn_retries = (unsigned)v;
			else
				e->synack_retries = (unsigned)v;
		} else if (strcmp(key, "rto") == 0) {
			if (scenario_duration(p, &p->w[k], value,
			    60 * COMPAT_NS_PER_SEC, key, &e->rto_ns) != 0)
				return -1;
			if (e->rto_ns < 1000000)
				return scenario_error(p, p->w[k].col, "rto: "
				    "at least 1ms");
		} else if (strcmp(key, "keepalive") == 0) {
			if (scenario_keepalive(p, &p->w[k], value, e) != 0)
				return -1;
		} else if (strcmp(key, "delack") == 0) {
			if (scenario_duration(p, &p->w[k], value,
			    COMPAT_NS_PER_SEC, key, &e->delack_ns) != 0)
				return -1;
		} else if (strcmp(key, "fin-timeout") == 0) {
			if (scenario_duration(p, &p->w[k], value,
			    600 * COMPAT_NS_PER_SEC, key,
			    &e->fin_timeout_ns) != 0)
				return -1;
		} else
			return scenario_error(p, p->w[k].col, "unknown "
			    "endpoint setting '%s'", key);
	}
	if (e->abort_on_overflow && e->accept_queue == 0) {
		for (k = 3; k < p->nw; k++) {
			if (strncmp(p->w[k].s, "abort-on-overflow", 17) == 0)
				break;
		}
		return scenario_error(p, k < p->nw ? p->w[k].col : 1,
		    "abort-on-overflow needs accept-queue=N");
	}
	sc->nendpoints++;
	return 0;
}

/* channel all|A->B|A<->B key=value ... */
static int
scenario_d_channel(struct scenario_parser *p)
{
	struct scenario		*sc = p->sc;
	struct scenario_link	 l;
	struct scenario_word	 part;
	char			 a[SCENARIO_NAME_MAX + 1];
	const char		*key, *value, *arrow, *s;
	size_t			 k, alen, skip;
	bool			 both = false;

	if (scenario_need(p, 1, "all, FROM->TO or A<->B") != 0)
		return -1;
	l = scenario_default_link;
	l.line = p->line;
	s = p->w[1].s;
	if (strcmp(s, "all") != 0) {
		arrow = strstr(s, "<->");
		skip = 3;
		both = arrow != NULL;
		if (arrow == NULL) {
			arrow = strstr(s, "->");
			skip = 2;
		}
		if (arrow == NULL)
			return scenario_error(p, p->w[1].col, "'%s': use all, "
			    "FROM->TO or A<->B", s);
		alen = (size_t)(arrow - s);
		if (alen == 0 || alen >= sizeof a)
			return scenario_error(p, p->w[1].col, "'%s': no "
			    "endpoint before the arrow", s);
		memcpy(a, s, alen);
		a[alen] = '\0';
		part.s = a;
		part.col = p->w[1].col;
		if ((l.from = scenario_ep_word(p, &part)) < 0)
			return -1;
		part.s = arrow + skip;
		part.col = p->w[1].col + (unsigned)alen + (unsigned)skip;
		if ((l.to = scenario_ep_word(p, &part)) < 0)
			return -1;
		if (l.from == l.to)
			return scenario_error(p, p->w[1].col, "a channel joins "
			    "two different endpoints");
	}
	if (sc->nlinks + (both ? 2 : 1) > SCENARIO_MAX_LINKS)
		return scenario_error(p, p->w[0].col, "more than %d channel "
		    "settings", SCENARIO_MAX_LINKS);
	for (k = 2; k < p->nw; k++) {
		scenario_kv(p, k, &key, &value);
		if (scenario_kv_value(p, &p->w[k], key, value, true) != 0)
			return -1;
		if (strcmp(key, "latency") == 0) {
			if (scenario_duration(p, &p->w[k], value,
			    60 * COMPAT_NS_PER_SEC, key, &l.latency_ns) != 0)
				return -1;
		} else if (strcmp(key, "jitter") == 0) {
			if (scenario_duration(p, &p->w[k], value,
			    10 * COMPAT_NS_PER_SEC, key, &l.jitter_ns) != 0)
				return -1;
		} else if (strcmp(key, "loss") == 0) {
			if (scenario_prob(p, &p->w[k], value, key,
			    &l.loss_ppm) != 0)
				return -1;
		} else if (strcmp(key, "dup") == 0) {
			if (scenario_prob(p, &p->w[k], value, key,
			    &l.dup_ppm) != 0)
				return -1;
		} else if (strcmp(key, "reorder") == 0) {
			if (scenario_prob(p, &p->w[k], value, key,
			    &l.reorder_ppm) != 0)
				return -1;
		} else
			return scenario_error(p, p->w[k].col, "unknown channel "
			    "setting '%s'", key);
	}
	if (l.loss_ppm == SCENARIO_PPM)
		return scenario_error(p, p->w[1].col, "loss=1 would lose "
		    "everything; use a 'drop' line");
	sc->links[sc->nlinks++] = l;
	if (both) {
		l.from ^= l.to;
		l.to ^= l.from;
		l.from ^= l.to;
		sc->links[sc->nlinks++] = l;
	}
	return 0;
}

/* Grow an array to hold one more element. */
static void *
scenario_grow(void *a, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return a;
	*cap = *cap == 0 ? 16 : *cap * 2;
	return xreallocarray(a, *cap, size);
}

/* Parse "SYN,ACK" into SEGF_* bits. */
static int
scenario_flags(struct scenario_parser *p, const struct scenario_word *w,
    const char *s, uint16_t *out)
{
	static const struct {
		const char	*name;
		uint16_t	 bit;
	} names[] = {
		{ "SYN", SEGF_SYN }, { "ACK", SEGF_ACK }, { "FIN", SEGF_FIN },
		{ "RST", SEGF_RST }, { "PSH", SEGF_PSH },
	};
	char		 tmp[64], *tok, *save = NULL;
	size_t		 i;

	if (strlen(s) >= sizeof tmp || *s == '\0')
		return scenario_error(p, w->col, "flags: '%s' is not a list "
		    "like SYN or SYN,ACK", s);
	snprintf(tmp, sizeof tmp, "%s", s);
	*out = 0;
	for (tok = strtok_r(tmp, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < COMPAT_NITEMS(names); i++) {
			if (strcmp(tok, names[i].name) == 0)
				break;
		}
		if (i == COMPAT_NITEMS(names))
			return scenario_error(p, w->col, "flags: unknown flag "
			    "'%s' (SYN, ACK, FIN, RST, PSH)", tok);
		*out |= names[i].bit;
	}
	if (*out == 0)
		return scenario_error(p, w->col, "flags: none given");
	return 0;
}

/* The inject arguments: flags=... seq=N [ack=N] [len=N]. */
static int
scenario_inject(struct scenario_parser *p, size_t k,
    struct scenario_action *a)
{
	const char	*key, *value;
	uint64_t	 v;
	bool		 have_flags = false, have_seq = false;

	for (; k < p->nw; k++) {
		scenario_kv(p, k, &key, &value);
		if (scenario_kv_value(p, &p->w[k], key, value, true) != 0)
			return -1;
		if (strcmp(key, "flags") == 0) {
			if (scenario_flags(p, &p->w[k], value, &a->flags) != 0)
				return -1;
			have_flags = true;
			continue;
		}
		if (strcmp(key, "seq") != 0 && strcmp(key, "ack") != 0 &&
		    strcmp(key, "len") != 0)
			return scenario_error(p, p->w[k].col, "unknown inject "
			    "setting '%s'", key);
		if (scenario_uint(p, &p->w[k], value, 0,
		    key[0] == 'l' ? 1400 : UINT32_MAX, key, &v) != 0)
			return -1;
		if (key[0] == 's') {
			a->seq = (uint32_t)v;
			have_seq = true;
		} else if (key[0] == 'a')
			a->ack = (uint32_t)v;
		else
			a->bytes = (uint32_t)v;
	}
	if (!have_flags || !have_seq)
		return scenario_error(p, p->w[3].col, "inject needs flags=... "
		    "and seq=N");
	return 0;
}

/* at TIME ENDPOINT CALL [ARGS] */
static int
scenario_d_at(struct scenario_parser *p)
{
	struct scenario		*sc = p->sc;
	struct scenario_action	*a;
	uint64_t		 v;
	size_t			 i;

	if (sc->nactions == SCENARIO_MAX_ACTIONS)
		return scenario_error(p, p->w[0].col, "more than %d 'at' lines",
		    SCENARIO_MAX_ACTIONS);
	sc->actions = scenario_grow(sc->actions, sc->nactions,
	    &p->cap_actions, sizeof *sc->actions);
	a = &sc->actions[sc->nactions];
	memset(a, 0, sizeof *a);
	a->line = p->line;
	a->peer = -1;
	if (scenario_need(p, 1, "a time") != 0 ||
	    scenario_duration(p, &p->w[1], p->w[1].s, SCENARIO_MAX_TIME,
	    "time", &a->t) != 0)
		return -1;
	if (scenario_need(p, 2, "an endpoint") != 0 ||
	    (a->ep = scenario_ep_word(p, &p->w[2])) < 0)
		return -1;
	if (scenario_need(p, 3, "a call (listen, connect, send, shutdown, "
	    "close, abort, inject, vanish, return, reboot, accept)") != 0)
		return -1;
	for (i = 0; i < COMPAT_NITEMS(scenario_calls); i++) {
		if (strcmp(p->w[3].s, scenario_calls[i]) == 0)
			break;
	}
	if (i == COMPAT_NITEMS(scenario_calls))
		return scenario_error(p, p->w[3].col, "unknown call '%s' "
		    "(listen, connect, send, shutdown, close, abort, inject, "
		    "vanish, return, reboot, accept)", p->w[3].s);
	a->call = (enum scenario_call)i;
	switch (a->call) {
	case SCENARIO_LISTEN:
		if (p->nw > 4 && (a->peer = scenario_ep_word(p, &p->w[4])) < 0)
			return -1;
		if (scenario_no_more(p, p->nw > 4 ? 5 : 4) != 0)
			return -1;
		break;
	case SCENARIO_CONNECT:
	case SCENARIO_INJECT:
		if (scenario_need(p, 4, "the peer endpoint") != 0 ||
		    (a->peer = scenario_ep_word(p, &p->w[4])) < 0)
			return -1;
		if (a->call == SCENARIO_CONNECT) {
			if (scenario_no_more(p, 5) != 0)
				return -1;
		} else if (scenario_inject(p, 5, a) != 0)
			return -1;
		/*
		 * connect to itself is a self-connect (one socket, its own
		 * peer: E06 E09); an old duplicate needs another sender.
		 */
		if (a->peer == a->ep && a->call == SCENARIO_INJECT)
			return scenario_error(p, p->w[4].col, "an endpoint "
			    "cannot inject to itself");
		break;
	case SCENARIO_SEND:
		if (scenario_need(p, 4, "a byte count") != 0 ||
		    scenario_uint(p, &p->w[4], p->w[4].s, 1,
		    SCENARIO_MAX_SEND, "bytes", &v) != 0 ||
		    scenario_no_more(p, 5) != 0)
			return -1;
		a->bytes = (uint32_t)v;
		break;
	case SCENARIO_ACCEPT:
		if (scenario_no_more(p, 4) != 0)
			return -1;
		if (sc->endpoints[a->ep].accept_queue == 0)
			return scenario_error(p, p->w[3].col, "accept: "
			    "endpoint '%s' has no accept-queue=N (without "
			    "it every connection is accepted at once)",
			    sc->endpoints[a->ep].name);
		break;
	default:
		if (scenario_no_more(p, 4) != 0)
			return -1;
		break;
	}
	sc->nactions++;
	return 0;
}

/* drop|dup ENDPOINT [KIND] N; delay ENDPOINT [KIND] N DURATION */
static int
scenario_d_fault(struct scenario_parser *p, enum scenario_fault_kind kind)
{
	struct scenario		*sc = p->sc;
	struct scenario_fault	*f;
	uint64_t		 v;
	size_t			 k = 2, i;

	if (sc->nfaults == SCENARIO_MAX_FAULTS)
		return scenario_error(p, p->w[0].col, "more than %d faults",
		    SCENARIO_MAX_FAULTS);
	sc->faults = scenario_grow(sc->faults, sc->nfaults, &p->cap_faults,
	    sizeof *sc->faults);
	f = &sc->faults[sc->nfaults];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->line = p->line;
	if (scenario_need(p, 1, "an endpoint") != 0 ||
	    (f->ep = scenario_ep_word(p, &p->w[1])) < 0)
		return -1;
	if (scenario_need(p, 2, "a segment kind or a count") != 0)
		return -1;
	f->match = SCENARIO_MATCH_ANY;
	for (i = 0; i < COMPAT_NITEMS(scenario_matches); i++) {
		if (strcmp(p->w[2].s, scenario_matches[i]) == 0) {
			f->match = (enum scenario_match)i;
			k = 3;
			break;
		}
	}
	if (k == 2 && (p->w[2].s[0] < '0' || p->w[2].s[0] > '9'))
		return scenario_error(p, p->w[2].col, "'%s' is not a segment "
		    "kind (any, syn, synack, ack, data, fin, rst) or a count",
		    p->w[2].s);
	if (scenario_need(p, k, "which one (1 for the first)") != 0 ||
	    scenario_uint(p, &p->w[k], p->w[k].s, 1, 100000, "count",
	    &v) != 0)
		return -1;
	f->nth = (unsigned)v;
	k++;
	if (kind == SCENARIO_DELAY) {
		if (scenario_need(p, k, "a delay") != 0 ||
		    scenario_duration(p, &p->w[k], p->w[k].s,
		    60 * COMPAT_NS_PER_SEC, "delay", &f->delay_ns) != 0)
			return -1;
		k++;
	}
	if (scenario_no_more(p, k) != 0)
		return -1;
	for (i = 0; i < sc->nfaults; i++) {
		if (sc->faults[i].ep == f->ep &&
		    sc->faults[i].match == f->match &&
		    sc->faults[i].nth == f->nth)
			return scenario_error(p, p->w[1].col, "line %" PRIu32
			    " already has a fault for this segment",
			    sc->faults[i].line);
	}
	sc->nfaults++;
	return 0;
}

/* say TIME en|zh TEXT: an en line opens a note, the zh line completes it. */
static int
scenario_d_say(struct scenario_parser *p)
{
	struct scenario		*sc = p->sc;
	struct scenario_note	*n = NULL;
	int64_t			 t;
	int			 lang;
	size_t			 i;
	char			*text;

	if (scenario_need(p, 1, "a time") != 0 ||
	    scenario_duration(p, &p->w[1], p->w[1].s, SCENARIO_MAX_TIME,
	    "time", &t) != 0)
		return -1;
	if ((lang = scenario_lang(p, 2)) < 0)
		return -1;
	for (i = 0; i < sc->nnotes; i++) {
		if (sc->notes[i].t == t)
			n = &sc->notes[i];
	}
	if (lang == 0) {
		if (n != NULL)
			return scenario_error(p, p->w[1].col, "line %" PRIu32
			    " already narrates this time", n->line);
		if (sc->nnotes == SCENARIO_MAX_NOTES)
			return scenario_error(p, p->w[0].col, "more than %d "
			    "narration steps", SCENARIO_MAX_NOTES);
	} else if (n == NULL || n->zh != NULL)
		return scenario_error(p, p->w[2].col, "a zh line must follow "
		    "the en line for the same time");
	if (scenario_rest(p, 3, &text) != 0)
		return -1;
	if (lang == 1) {
		n->zh = text;
		return 0;
	}
	sc->notes = scenario_grow(sc->notes, sc->nnotes, &p->cap_notes,
	    sizeof *sc->notes);
	n = &sc->notes[sc->nnotes++];
	memset(n, 0, sizeof *n);
	n->t = t;
	n->en = text;
	n->line = p->line;
	return 0;
}

/* title|description en|zh TEXT */
static int
scenario_d_text(struct scenario_parser *p, bool title)
{
	struct scenario	*sc = p->sc;
	char		**slot, *text, *joined;
	int		 lang;

	if ((lang = scenario_lang(p, 1)) < 0)
		return -1;
	if (title)
		slot = lang == 0 ? &sc->title_en : &sc->title_zh;
	else
		slot = lang == 0 ? &sc->desc_en : &sc->desc_zh;
	if (title && *slot != NULL)
		return scenario_error(p, p->w[0].col, "a second title %s",
		    lang == 0 ? "en" : "zh");
	if (scenario_rest(p, 2, &text) != 0)
		return -1;
	if (*slot == NULL) {
		*slot = text;
		return 0;
	}
	if (strlen(*slot) > 8 * SCENARIO_MAX_TEXT) {
		free(text);
		return scenario_error(p, p->w[0].col, "the description is too "
		    "long");
	}
	/* Description lines join with a space (en) or nothing (zh). */
	xasprintf(&joined, "%s%s%s", *slot, lang == 0 ? " " : "", text);
	free(*slot);
	free(text);
	*slot = joined;
	return 0;
}

/* One directive line (already split into words). */
static int
scenario_directive(struct scenario_parser *p)
{
	struct scenario	*sc = p->sc;
	const char	*d = p->w[0].s;
	uint64_t	 v;

	if (strcmp(d, "name") == 0) {
		if (sc->name[0] != '\0')
			return scenario_error(p, p->w[0].col, "a second name");
		if (scenario_need(p, 1, "a name") != 0)
			return -1;
		if (!scenario_name_ok(p->w[1].s, true))
			return scenario_error(p, p->w[1].col, "name '%s': use "
			    "a-z, 0-9 and '-' (at most %d)", p->w[1].s,
			    SCENARIO_NAME_MAX - 1);
		snprintf(sc->name, sizeof sc->name, "%s", p->w[1].s);
		return scenario_no_more(p, 2);
	}
	if (strcmp(d, "title") == 0)
		return scenario_d_text(p, true);
	if (strcmp(d, "description") == 0)
		return scenario_d_text(p, false);
	/* order N: where the lesson comes in the picker and the list. */
	if (strcmp(d, "order") == 0) {
		if (p->seen_order)
			return scenario_error(p, p->w[0].col, "a second order");
		p->seen_order = true;
		if (scenario_need(p, 1, "a lesson number") != 0 ||
		    scenario_uint(p, &p->w[1], p->w[1].s, 1,
		    SCENARIO_ORDER_NONE - 1, "order", &v) != 0)
			return -1;
		sc->order = (unsigned)v;
		return scenario_no_more(p, 2);
	}
	if (strcmp(d, "seed") == 0) {
		if (p->seen_seed)
			return scenario_error(p, p->w[0].col, "a second seed");
		p->seen_seed = true;
		if (scenario_need(p, 1, "a seed") != 0 ||
		    scenario_uint(p, &p->w[1], p->w[1].s, 0, UINT64_MAX,
		    "seed", &v) != 0)
			return -1;
		sc->seed = v;
		return scenario_no_more(p, 2);
	}
	if (strcmp(d, "msl") == 0 || strcmp(d, "end") == 0) {
		bool	*seen = d[0] == 'm' ? &p->seen_msl : &p->seen_end;

		if (*seen)
			return scenario_error(p, p->w[0].col, "a second %s", d);
		*seen = true;
		if (scenario_need(p, 1, "a duration") != 0 ||
		    scenario_duration(p, &p->w[1], p->w[1].s,
		    SCENARIO_MAX_TIME, d, d[0] == 'm' ? &sc->msl_ns :
		    &sc->end_ns) != 0)
			return -1;
		if (d[0] == 'm' && sc->msl_ns < 1000000)
			return scenario_error(p, p->w[1].col, "msl: at least "
			    "1ms");
		if (d[0] == 'e' && sc->end_ns == 0)
			return scenario_error(p, p->w[1].col, "end: after 0");
		return scenario_no_more(p, 2);
	}
	if (strcmp(d, "endpoint") == 0)
		return scenario_d_endpoint(p);
	if (strcmp(d, "channel") == 0)
		return scenario_d_channel(p);
	if (strcmp(d, "at") == 0)
		return scenario_d_at(p);
	if (strcmp(d, "drop") == 0)
		return scenario_d_fault(p, SCENARIO_DROP);
	if (strcmp(d, "dup") == 0)
		return scenario_d_fault(p, SCENARIO_DUP);
	if (strcmp(d, "delay") == 0)
		return scenario_d_fault(p, SCENARIO_DELAY);
	if (strcmp(d, "say") == 0)
		return scenario_d_say(p);
	return scenario_error(p, p->w[0].col, "unknown directive '%s'", d);
}

/* Actions in time order; the file order breaks ties. */
static int
scenario_action_cmp(const void *va, const void *vb)
{
	const struct scenario_action	*a = va, *b = vb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Notes in time order. */
static int
scenario_note_cmp(const void *va, const void *vb)
{
	const struct scenario_note	*a = va, *b = vb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Whole-file checks once every line is read. */
/* Whether an endpoint connects to itself. */
static bool
scenario_has_self(const struct scenario *sc)
{
	size_t	i;

	for (i = 0; i < sc->nactions; i++) {
		if (sc->actions[i].call == SCENARIO_CONNECT &&
		    sc->actions[i].peer == sc->actions[i].ep)
			return true;
	}
	return false;
}

static int
scenario_finish(struct scenario_parser *p)
{
	struct scenario	*sc = p->sc;
	size_t		 i;

	p->line++;
	if (sc->name[0] == '\0')
		return scenario_error(p, 1, "the scenario has no 'name'");
	if (sc->title_en == NULL || sc->title_zh == NULL)
		return scenario_error(p, 1, "the scenario needs 'title en' and "
		    "'title zh'");
	if (sc->desc_en == NULL || sc->desc_zh == NULL)
		return scenario_error(p, 1, "the scenario needs 'description "
		    "en' and 'description zh'");
	/* One endpoint is enough when it connects to itself (self-connect). */
	if (sc->nendpoints < 2 && !scenario_has_self(sc))
		return scenario_error(p, 1, "the scenario needs at least two "
		    "endpoints");
	if (sc->nactions == 0)
		return scenario_error(p, 1, "the scenario has no 'at' lines");
	for (i = 0; i < sc->nnotes; i++) {
		if (sc->notes[i].zh == NULL) {
			p->line = sc->notes[i].line;
			return scenario_error(p, 1, "this narration has no zh "
			    "line");
		}
	}
	qsort(sc->actions, sc->nactions, sizeof *sc->actions,
	    scenario_action_cmp);
	if (sc->nnotes > 0)
		qsort(sc->notes, sc->nnotes, sizeof *sc->notes,
		    scenario_note_cmp);
	return 0;
}

/* Parse one physical line (without its newline). */
static int
scenario_line(struct scenario_parser *p, const char *s, size_t len)
{
	uint64_t	v;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len > SCENARIO_MAX_LINE)
		return scenario_error(p, SCENARIO_MAX_LINE + 1, "line longer "
		    "than %d bytes", SCENARIO_MAX_LINE);
	if (scenario_check_text(p, s, len) < 0)
		return -1;
	memcpy(p->buf, s, len);
	p->buf[len] = '\0';
	p->raw = s;
	if (scenario_split(p) != 0)
		return -1;
	if (p->line == 1) {
		if (p->nw < 1 || strcmp(p->w[0].s, "tcpviz-scenario") != 0)
			return scenario_error(p, 1, "the first line must be "
			    "'tcpviz-scenario %d'", SCENARIO_VERSION);
		if (scenario_need(p, 1, "a format version") != 0 ||
		    scenario_uint(p, &p->w[1], p->w[1].s, 0, 1000000,
		    "version", &v) != 0)
			return -1;
		if (v != SCENARIO_VERSION)
			return scenario_error(p, p->w[1].col, "format version "
			    "%" PRIu64 " is not supported (this tcpviz reads "
			    "version %d)", v, SCENARIO_VERSION);
		return scenario_no_more(p, 2);
	}
	if (p->nw == 0)
		return 0;
	return scenario_directive(p);
}

struct scenario *
scenario_parse(const char *file, const char *text, size_t len, char **err)
{
	struct scenario_parser	 p;
	const char		*nl, *end = text + len;
	char			*line = NULL;
	size_t			 n;

	memset(&p, 0, sizeof p);
	p.file = file;
	p.sc = xcalloc(1, sizeof *p.sc);
	p.sc->seed = 1;
	p.sc->msl_ns = 30 * COMPAT_NS_PER_SEC;
	p.sc->order = SCENARIO_ORDER_NONE;
	p.sc->path = xstrdup(file);
	if (len > SCENARIO_MAX_BYTES) {
		p.line = 1;
		scenario_error(&p, 1, "larger than %d bytes",
		    SCENARIO_MAX_BYTES);
	} else if (len == 0) {
		p.line = 1;
		scenario_error(&p, 1, "empty file: the first line must be "
		    "'tcpviz-scenario %d'", SCENARIO_VERSION);
	}
	while (p.err == NULL && text < end) {
		p.line++;
		nl = memchr(text, '\n', (size_t)(end - text));
		n = nl != NULL ? (size_t)(nl - text) : (size_t)(end - text);
		if (memchr(text, '\0', n) != NULL) {
			scenario_error(&p, scenario_chars(text, (size_t)((
			    const char *)memchr(text, '\0', n) - text)) + 1,
			    "NUL byte in the file");
			break;
		}
		/* A private NUL-terminated copy so rest-of-line reads stop. */
		line = xreallocarray(line, n + 1, 1);
		memcpy(line, text, n);
		line[n] = '\0';
		scenario_line(&p, line, n);
		text += n + (nl != NULL);
	}
	free(line);
	if (p.err == NULL)
		scenario_finish(&p);
	if (p.err != NULL) {
		scenario_free(p.sc);
		*err = p.err;
		return NULL;
	}
	*err = NULL;
	return p.sc;
}

/*
 * The scenario files read before tcpviz gave up root (scenario_preload):
 * the list and each file's text, so the view's compare (C) finds them in
 * a directory only root can read, as i18n_preload does for the catalog.
 */
static struct {
	char	*path;
	char	*text;		/* NULL: not readable then */
	size_t	 len;
}			*scenario_cache;
static size_t		 scenario_ncache;
static bool		 scenario_cached_all;

/* The index of path among the preloaded files, or SIZE_MAX. */
static size_t
scenario_cache_find(const char *path)
{
	size_t	i;

	for (i = 0; i < scenario_ncache; i++)
		if (strcmp(scenario_cache[i].path, path) == 0)
			return i;
	return SIZE_MAX;
}

/* Is there a file at path (now, or when the scenarios were preloaded)? */
static bool
scenario_exists(const char *path)
{
	struct stat	st;

	return scenario_cache_find(path) != SIZE_MAX || stat(path, &st) == 0;
}

struct scenario *
scenario_load(const char *path, char **err)
{
	FILE		*f;
	char		*buf;
	size_t		 len, k;
	struct scenario	*sc;

	if ((k = scenario_cache_find(path)) != SIZE_MAX &&
	    scenario_cache[k].text != NULL)
		return scenario_parse(path, scenario_cache[k].text,
		    scenario_cache[k].len, err);
	if ((f = fopen(path, "rb")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(SCENARIO_MAX_BYTES + 1);
	len = fread(buf, 1, SCENARIO_MAX_BYTES + 1, f);
	if (ferror(f)) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	sc = scenario_parse(path, buf, len, err);
	free(buf);
	return sc;
}

void
scenario_free(struct scenario *sc)
{
	size_t	i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nnotes; i++) {
		free(sc->notes[i].en);
		free(sc->notes[i].zh);
	}
	free(sc->notes);
	free(sc->actions);
	free(sc->faults);
	free(sc->title_en);
	free(sc->title_zh);
	free(sc->desc_en);
	free(sc->desc_zh);
	free(sc->path);
	free(sc);
}

/* The last matching exact link, else the last 'all' line, else 10 ms. */
const struct scenario_link *
scenario_link_for(const struct scenario *sc, int from, int to)
{
	const struct scenario_link	*any = NULL;
	size_t				 i;

	for (i = sc->nlinks; i-- > 0;) {
		if (sc->links[i].from == from && sc->links[i].to == to)
			return &sc->links[i];
		if (sc->links[i].from == -1 && any == NULL)
			any = &sc->links[i];
	}
	return any != NULL ? any : &scenario_default_link;
}

int
scenario_endpoint_find(const struct scenario *sc, const char *name)
{
	size_t	i;

	for (i = 0; i < sc->nendpoints; i++) {
		if (strcmp(sc->endpoints[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* Does a directory exist? */
static bool
scenario_is_dir(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is this process the tcpviz binary of the build tree it was built in? */
static bool
scenario_in_build_tree(void)
{
	static int	known = -1;
	char		exe[4096];
	ssize_t		n;

	if (known < 0) {
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0)
			exe[n] = '\0';
		known = n > 0 && strcmp(exe, TCPVIZ_BUILD_EXE) == 0;
	}
	return known == 1;
}

/* $TCPVIZ_DATADIR/scenarios, or NULL when it is not set. */
const char *
scenario_user_dir(void)
{
	static char	 buf[4096];
	const char	*env = getenv("TCPVIZ_DATADIR");

	if (env == NULL || *env == '\0')
		return NULL;
	snprintf(buf, sizeof buf, "%s/scenarios", env);
	return buf;
}

const char *
scenario_dir(void)
{
	/*
	 * The binary the build tree holds, not yet installed, plays the
	 * source tree's scenarios; an installed one never looks there.
	 */
	static const char	*dir;

	/* Decided once: after root is given up the tree may be unreadable. */
	if (dir == NULL)
		dir = scenario_in_build_tree() &&
		    scenario_is_dir(TCPVIZ_SRCDIR "/assets/scenarios") ?
		    TCPVIZ_SRCDIR "/assets/scenarios" :
		    TCPVIZ_PKGDATADIR "/scenarios";
	return dir;
}

char *
scenario_resolve(const char *name, char **err)
{
	char		*path;
	size_t		 n = strlen(name);

	if (strchr(name, '/') != NULL ||
	    (n > 4 && strcmp(name + n - 4, ".scn") == 0)) {
		if (!scenario_exists(name)) {
			xasprintf(err, "%s: %s", name, strerror(errno));
			return NULL;
		}
		return xstrdup(name);
	}
	if (!scenario_name_ok(name, true)) {
		xasprintf(err, "'%s' is not a scenario name (try 'tcpviz "
		    "--list-scenarios')", name);
		return NULL;
	}
	/* $TCPVIZ_DATADIR's scenarios add to the built-in ones (first). */
	if (scenario_user_dir() != NULL) {
		xasprintf(&path, "%s/%s.scn", scenario_user_dir(), name);
		if (scenario_exists(path))
			return path;
		free(path);
	}
	xasprintf(&path, "%s/%s.scn", scenario_dir(), name);
	if (!scenario_exists(path)) {
		xasprintf(err, "no scenario '%s' in %s%s%s (try 'tcpviz "
		    "--list-scenarios')", name, scenario_user_dir() != NULL ?
		    scenario_user_dir() : "", scenario_user_dir() != NULL ?
		    " or " : "", scenario_dir());
		free(path);
		return NULL;
	}
	return path;
}

struct scenario *
scenario_open(const char *name, char **err)
{
	struct scenario	*sc;
	char		*path;

	if ((path = scenario_resolve(name, err)) == NULL)
		return NULL;
	sc = scenario_load(path, err);
	free(path);
	return sc;
}

/* Add dir's *.scn files to v, unless a file of that name is there. */
static char **
scenario_list_dir(const char *dir, char **v, size_t *n, size_t *cap)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len, i, base = *n;
	bool		 dup;

	if ((d = opendir(dir)) == NULL)
		return v;
	while ((de = readdir(d)) != NULL && *n < 4096) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".scn") != 0 ||
		    de->d_name[0] == '.')
			continue;
		/* The user's copy of a built-in one stands for it. */
		for (i = 0, dup = false; i < base && !dup; i++)
			dup = strcmp(strrchr(v[i], '/') + 1, de->d_name) == 0;
		if (dup)
			continue;
		v = scenario_grow(v, *n, cap, sizeof *v);
		xasprintf(&v[(*n)++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	return v;
}

/* Sort paths by file name, wherever they are. */
static int
scenario_base_cmp(const void *a, const void *b)
{
	return strcmp(strrchr(*(char *const *)a, '/') + 1,
	    strrchr(*(char *const *)b, '/') + 1);
}

size_t
scenario_list(char ***paths)
{
	char		**v = NULL;
	size_t		 n = 0, cap = 0;

	*paths = NULL;
	if (scenario_cached_all) {
		v = xreallocarray(NULL, scenario_ncache + 1, sizeof *v);
		for (n = 0; n < scenario_ncache; n++)
			v[n] = xstrdup(scenario_cache[n].path);
		*paths = v;
		return n;
	}
	if (scenario_user_dir() != NULL)
		v = scenario_list_dir(scenario_user_dir(), v, &n, &cap);
	v = scenario_list_dir(scenario_dir(), v, &n, &cap);
	if (n > 0)
		qsort(v, n, sizeof *v, scenario_base_cmp);
	*paths = v;
	return n;
}

void
scenario_preload(void)
{
	char		**paths, *buf;
	size_t		 n, i, len;
	FILE		*f;

	if (scenario_cached_all)
		return;
	n = scenario_list(&paths);
	scenario_cache = xcalloc(n > 0 ? n : 1, sizeof *scenario_cache);
	for (i = 0; i < n; i++) {
		scenario_cache[i].path = paths[i];	/* owned now */
		if ((f = fopen(paths[i], "rb")) == NULL)
			continue;
		buf = xmalloc(SCENARIO_MAX_BYTES + 1);
		len = fread(buf, 1, SCENARIO_MAX_BYTES + 1, f);
		if (ferror(f))
			free(buf);
		else {
			scenario_cache[i].text = buf;
			scenario_cache[i].len = len;
		}
		fclose(f);
	}
	free(paths);
	scenario_ncache = n;
	scenario_cached_all = true;
}

/* Lesson order: the order field, then the name. */
static int
scenario_order_cmp(const void *a, const void *b)
{
	const struct scenario	*x = *(struct scenario *const *)a;
	const struct scenario	*y = *(struct scenario *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

void
scenario_sort(struct scenario **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, scenario_order_cmp);
}

void
scenario_list_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
scenario_add_fault(struct scenario *sc, const struct scenario_fault *f)
{
	if (sc->nfaults >= SCENARIO_MAX_FAULTS || f->ep < 0 ||
	    (size_t)f->ep >= sc->nendpoints)
		return -1;
	sc->faults = xreallocarray(sc->faults, sc->nfaults + 1,
	    sizeof *sc->faults);
	sc->faults[sc->nfaults++] = *f;
	return 0;
}
