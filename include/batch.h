/*
 * batch.h: headless printers (--segments, --transitions, --summary). Layer 4.
 * Each is a const class; tcpviz.c feeds it every segment in time order and
 * calls finish() at the end of input (which settles and prints what is left).
 */
#ifndef TCPVIZ_BATCH_H
#define TCPVIZ_BATCH_H

#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "event.h"

enum batch_format {
	BATCH_FORMAT_TEXT,
	BATCH_FORMAT_JSON
};

struct batch_config {
	FILE			*out;
	enum batch_format	 format;
	int64_t			 msl_ns;	/* --msl, in ns */
	size_t			 max_conns;	/* 0: the engine's default */
	size_t			 max_history;	/* 0: the engine's default */
	int64_t			 settle_ns;	/* --settle; 0: the default */
	bool			 rfc1337;	/* TIME_WAIT ignores RST */
	bool			 verbose;	/* -v: text lines say why */
	bool			 stats;		/* the engine keeps conn_stats */
};

struct batch_class {
	const char	*name;
	void		*(*open)(const struct batch_config *);
	void		 (*segment)(void *, const struct event_segment *);
	void		 (*finish)(void *);	/* end of input */
	void		 (*free)(void *);
	/* Optional (NULL: ignored): a simulator's application call or tick. */
	void		 (*app)(void *, const struct event_app *);
};

extern const struct batch_class batch_segments_class;	/* batch-segments.c */
extern const struct batch_class batch_transitions_class; /* batch-transitions.c */
extern const struct batch_class batch_summary_class;	/* batch-summary.c */

/* The engine of a printer: from cfg, no history; output: queue transitions. */
struct engine;
struct engine	*batch_engine_new(const struct batch_config *, bool output);
/* End of input: settle everything; report evictions at --max-conns. */
void		 batch_engine_finish(struct engine *);

/*
 * A line built by hand: --segments prints every segment of a capture and
 * --summary a few lines a connection, and printf's format parsing costs
 * more than everything else they do. Each append stops at the end of the
 * buffer (the line is then cut short).
 */
struct batch_line {
	char	*p;
	char	*end;		/* one byte kept for the NUL */
};

static inline void
batch_put_mem(struct batch_line *l, const char *s, size_t n)
{
	size_t	room = (size_t)(l->end - l->p);

	/* Apart, so a literal's copy is of a known size (a move or two). */
	if (n <= room) {
		memcpy(l->p, s, n);
		l->p += n;
		return;
	}
	memcpy(l->p, s, room);
	l->p += room;
}

static inline void
batch_put_str(struct batch_line *l, const char *s)
{
	batch_put_mem(l, s, strlen(s));
}

/* v in decimal, at least width digits. */
static inline void
batch_put_dec(struct batch_line *l, uint64_t v, int width)
{
	l->p = event_decimal(l->p, l->end, v, width);
}

/* name, then a number: "mss:" 1460. */
static inline void
batch_put_kv(struct batch_line *l, const char *k, uint64_t v)
{
	batch_put_str(l, k);
	batch_put_dec(l, v, 1);
}

/* Write s as a JSON string literal (quotes included). */
void	batch_json_string(FILE *, const char *);
/* `,"community_id":"1:..."` of the TCP connection between two endpoints. */
void	batch_json_community_id(FILE *, const struct event_endpoint *,
	    const struct event_endpoint *);

#endif
