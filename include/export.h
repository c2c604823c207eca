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
#include "session.h"

enum export_format {
	EXPORT_TXT,
	EXPORT_MD,
	EXPORT_MMD,
	EXPORT_PUML,
	EXPORT_JSON,
	EXPORT_PCAPNG,
	EXPORT_SVG,
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
 * The same into path, atomically: a temporary file beside it, renamed
 * over it once complete; on failure nothing is left. 0, or -1 with *err.
 */
int	 export_file(const char *path, enum export_format, struct session *,
	     const struct export_sel *, char **err);
/*
 * The steps of export_file, for a caller that must create the file
 * before it gives up root and rename it after (tcpviz.c): a temporary
 * file beside path (its fd, or -1 with *err); the export written into
 * fd (closed); then renamed over path when ok, else removed (tmp is
 * freed). Each 0, or -1 with *err.
 */
int	 export_tmp_open(const char *path, char **tmp, char **err);
int	 export_fd(int fd, const char *path, enum export_format,
	     struct session *, const struct export_sel *, char **err);
int	 export_tmp_commit(char *tmp, const char *path, bool ok, char **err);
/*
 * A file name for the selected connection in the current directory:
 * "tcpviz-10.0.0.1-40000-10.0.0.2-80.txt".
 */
char	*export_default_name(char *, size_t, const struct session *,
	     enum export_format);

#endif
