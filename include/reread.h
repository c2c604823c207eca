/*
 * reread.h: one connection's history, read again from its capture file
 * when a view shows it. Layer 4 (it drives a source), in libtcpviz.a.
 *
 * For a seekable file the session's engine keeps no per-segment history:
 * each instance keeps only which frame blocks hold its segments (struct
 * conn_blocks). To show one, its blocks are read again on a second reader
 * (backend_reopen) and the frames of its 4-tuple from its first frame to
 * its newest are fed, in order, into an engine of its own, which keeps
 * the history. Asked again as the file loads, it reads only what is new.
 */
#ifndef TCPVIZ_REREAD_H
#define TCPVIZ_REREAD_H

#include "compat.h"
#include "backend.h"
#include "conn.h"
#include "engine.h"

struct reread;

/* NULL with *err when src cannot be read again. */
struct reread	*reread_new(struct backend *src, const struct engine_config *,
		    char **err);
void		 reread_free(struct reread *);
/*
 * The instance c of the session's engine (by id), with its history, as
 * of the session's capture time now; finished once the input has ended.
 * The result is valid until the next call, or NULL when none was made
 * (c is NULL, or its frames could not be read again).
 */
const struct conn *reread_conn(struct reread *, const struct conn *c,
		    int64_t now, bool finished);
/*
 * Frame number frame of the file read again: its link type and bytes
 * (valid until the next call on r), for an export that copies packets.
 * False when it is not a TCP segment of the file. The next reread_conn
 * starts its instance over.
 */
bool		 reread_frame(struct reread *, uint64_t frame, int *linktype,
		    const uint8_t **data, uint32_t *caplen, uint32_t *wirelen);
/* Segments fed since reread_new (for tests and the bench). */
uint64_t	 reread_segments(const struct reread *);

#endif
