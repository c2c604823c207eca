/*
 * outfile.h: whole files written atomically (a temporary file beside the
 * target, renamed into place once complete; on failure nothing is left),
 * either by this process or by a writer process.
 *
 * The writer is forked before root is given up and the sandbox closes
 * open(2) for writing (sandbox.c). It keeps the rights the user started
 * with, parses nothing but its own small requests, and writes only what
 * its scope allows: one named file (--export FILE), or new names with a
 * fixed prefix in one directory (--export-steps DIR, the view's e key).
 * The process that reads packets then sends it whole files over a
 * socket: whatever a hostile capture could make that process do, it
 * cannot write anywhere else.
 */
#ifndef TCPVIZ_OUTFILE_H
#define TCPVIZ_OUTFILE_H

#include <stddef.h>

#include "compat.h"

/* Where files may go. */
struct outfile_scope {
	const char	*dir;		/* the directory ("." for here) */
	const char	*name;		/* exactly this name, or NULL: */
	const char	*prefix;	/* any plain name starting so */
	bool		 replace;	/* may replace an existing file */
	bool		 make_dir;	/* make dir when missing */
};

/*
 * Fork the writer for scope (made at once when make_dir). 0, or -1 with
 * *err (nothing forked). Once it runs, outfile_put goes through it.
 */
int	 outfile_writer_start(const struct outfile_scope *, char **err);
/* Is a writer running? */
bool	 outfile_writer_running(void);
/* End the writer (it also ends when this process does). */
void	 outfile_writer_stop(void);

/*
 * Write name (a plain file name, no '/') in the scope's directory with
 * buf's n bytes: through the writer when one runs (which checks name
 * against the scope it was started with), else here. 0 written; 1 when
 * the scope does not replace and name exists (nothing written: pick
 * another name); -1 with *err.
 */
int	 outfile_put(const struct outfile_scope *, const char *name,
	     const void *buf, size_t n, char **err);

/* Does name fit scope (a plain name, the scope's name or prefix)? */
bool	 outfile_name_ok(const struct outfile_scope *, const char *name);

#endif
