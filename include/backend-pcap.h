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

#endif
