/*
 * backend-pcap.h: capture sources: pcap/pcapng files (and standard input).
 * The only module that includes pcap.h. Layer 2a.
 */
#ifndef TCPVIZ_BACKEND_PCAP_H
#define TCPVIZ_BACKEND_PCAP_H

#include <stdio.h>

#include "backend.h"

/*
 * Open a capture file ("-" for standard input) with an optional BPF filter.
 * On failure returns NULL, sets *err to one line (caller frees) and
 * *exit_code to 1 (runtime) or 2 (usage: a bad filter expression).
 */
struct backend *backend_pcap_open_file(const char *path, const char *filter,
	    char **err, int *exit_code);
/*
 * The same over an open stream (a pipe, or fmemopen for the fuzzers); the
 * backend owns fp from here, also on failure (stdin is never closed).
 */
struct backend *backend_pcap_open_stream(FILE *fp, const char *name,
	    const char *filter, char **err, int *exit_code);
/*
 * Did backend_pcap_open_file open a stream (a pipe on standard input, a
 * FIFO, a socket: not a regular file), which may still be arriving?
 */
bool	 backend_pcap_stream(const struct backend *);

/*
 * A regular file is opened twice (before privileges drop and the sandbox
 * closes open(2)); as it is read, the offset of each block's first frame
 * is kept (8 bytes per 1,024 frames), so backend_reopen/backend_seek
 * (backend.h) can read a block again on the second handle.
 */
/* Live capture (-i). */
struct backend_pcap_live {
	const char	*iface;
	const char	*filter;	/* NULL: everything */
	int		 snaplen;	/* -s */
	int		 buffer_kib;	/* -B */
};

/*
 * Open a live capture: immediate mode, non-blocking, the filter in the
 * kernel. On failure NULL with *err (one line: no permission says how to
 * get it; an unknown interface lists the real ones) and *exit_code 1, or
 * 2 for a bad filter.
 */
struct backend *backend_pcap_open_live(const struct backend_pcap_live *,
	    char **err, int *exit_code);
/* -D: one interface a line. Returns 0, or -1 with *err. */
int	 backend_pcap_list_interfaces(FILE *, char **err);
/*
 * -w: save every captured packet to path (pcap) as it is read. The file
 * is flushed whenever the capture is caught up, by backend_pcap_flush(),
 * and closed complete by backend_free().
 */
int	 backend_pcap_dump_open(struct backend *, const char *path,
	     char **err);
int	 backend_pcap_flush(struct backend *);

#endif
