/*
 * export.h: a connection's history written to a file: the ladder as text
 * or Markdown, a Mermaid or PlantUML sequence diagram, JSON lines of
 * steps, a pcapng file whose packets carry the transitions they caused as
 * comments, or SVG (export-svg.h). Layer 4: it reads a session (the
 * model, read-only but for the selection it moves) and, for a capture's
 * packets, the file again (reread.h).
 */
#ifndef TCPVIZ_EXPORT_H
#define TCPVIZ_EXPORT_H

#include <stdio.h>

#include "compat.h"
#include "outfile.h"
#include "session.h"

enum export_format {
	EXPORT_TXT,
	EXPORT_MD,
	EXPORT_MMD,
	EXPORT_PUML,
	EXPORT_JSON,
	EXPORT_PCAPNG,
	EXPORT_SVG,
	EXPORT_SCN,		/* a scenario replaying it (export-scn.h) */
	EXPORT_FORMAT_COUNT
};

/* "txt", "md", ... (also the file name extension). */
const char	*export_format_name(enum export_format);
/* A format by name ("txt", "mermaid", ...), or -1. */
int		 export_format_parse(const char *);
/* The format a file name's extension gives, or -1. */
int		 export_format_for_path(const char *);
/* Can one file hold several connections? */
bool		 export_format_multi(enum export_format);

#define EXPORT_CONNS_MAX	64

/* What to export. */
struct export_sel {
	uint32_t	 ids[EXPORT_CONNS_MAX];	/* engine ids; none: the */
	size_t		 nids;			/* session's selected one */
	size_t		 from;			/* steps as the status row */
	size_t		 to;			/* counts; SIZE_MAX: last */
	bool		 ascii;			/* txt, md: ASCII only */
	const char	*name;			/* scn: the file's name, or NULL */
};

/*
 * The connection a --conn value names in a loaded session: its number
 * in the list ("3") or its endpoints ("10.0.0.1:40000-10.0.0.2:80",
 * either order, IPv6 in brackets). 0, or -1 with *err.
 */
int	 export_conn_find(struct session *, const char *spec, uint32_t *id,
	     char **err);
/* Write the export on out. 0, or -1 with *err. */
int	 export_write(FILE *out, enum export_format, struct session *,
	     const struct export_sel *, char **err);
/*
 * The same into the file name in scope's directory, atomically (see
 * outfile.h): complete, or not there at all. 0; 1 when the scope keeps
 * an existing file of that name (nothing written); -1 with *err.
 */
int	 export_put(const struct outfile_scope *, const char *name,
	     enum export_format, struct session *, const struct export_sel *,
	     char **err);
/*
 * A file name for the selected connection in the current directory:
 * "tcpviz-10.0.0.1-40000-10.0.0.2-80.txt".
 */
char	*export_default_name(char *, size_t, const struct session *,
	     enum export_format);

#endif
