/*
 * fuzz-pcap.c: libFuzzer target for the capture reader: the input is a
 * whole capture file, opened from memory (fmemopen) through
 * backend_pcap_open_stream, so classic pcap goes through libpcap and
 * pcapng through our reader (pcapng.c). Inputs whose last byte is 0
 * modulo 4 are read again through a BPF filter; those whose last byte is
 * 1 modulo 4 again from a stream that cannot seek (a pipe, "-r -").
 *
 * Invariants: opening either fails with one message or gives a backend;
 * every segment is a decoded TCP segment stamped with a strictly growing
 * frame number; the counters add up (each decoded segment counted once
 * as TCP, never more segments than frames); the input ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend-pcap.h"
#include "backend.h"
#include "event.h"
#include "fuzz.h"
#include "log.h"

/* No capture this size has more records than this; a guard, not a limit. */
#define FUZZ_PCAP_MAX_STEPS	(1u << 22)

/* A stream over the input that cannot seek and reads in small bites. */
struct fuzz_pcap_pipe {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

/* Read at most 61 bytes: a pipe hands out what it has. */
static ssize_t
fuzz_pcap_pipe_read(void *arg, char *buf, size_t size)
{
	struct fuzz_pcap_pipe	*pp = arg;
	size_t			 n = pp->len - pp->off;

	if (n > size)
		n = size;
	if (n > 61)
		n = 61;
	memcpy(buf, pp->p + pp->off, n);
	pp->off += n;
	return (ssize_t)n;
}

/* Closing the pipe frees its state. */
static int
fuzz_pcap_pipe_close(void *arg)
{
	free(arg);
	return 0;
}

/* Open the input as a pipe-like stream. */
static FILE *
fuzz_pcap_pipe_open(const char *data, size_t size)
{
	cookie_io_functions_t	 io = {
		.read = fuzz_pcap_pipe_read,
		.close = fuzz_pcap_pipe_close
	};
	struct fuzz_pcap_pipe	*pp;
	FILE			*fp;

	if ((pp = calloc(1, sizeof *pp)) == NULL)
		return NULL;
	pp->p = (const uint8_t *)data;
	pp->len = size;
	if ((fp = fopencookie(pp, "r", io)) == NULL)
		free(pp);
	return fp;
}

/* Read one capture to its end, checking each segment. */
static void
fuzz_pcap_run(const uint8_t *data, size_t size, const char *filter,
    bool pipe)
{
	struct backend		*b;
	struct event_segment	 seg;
	enum backend_next	 r;
	FILE			*fp;
	char			*copy, *err = NULL;
	uint64_t		 segments = 0, last_frame = 0;
	unsigned		 steps;
	int			 code = 0;

	/* fmemopen wants a writable buffer; a copy keeps libFuzzer's const. */
	copy = malloc(size);
	if (copy == NULL)
		return;
	memcpy(copy, data, size);
	fp = pipe ? fuzz_pcap_pipe_open(copy, size) :
	    fmemopen(copy, size, "rb");
	if (fp == NULL) {
		free(copy);
		return;
	}
	b = backend_pcap_open_stream(fp, "fuzz", filter, &err, &code);
	if (b == NULL) {
		FUZZ_CHECK(err != NULL && err[0] != '\0');
		FUZZ_CHECK(code == 1 || code == 2);
		free(err);
		free(copy);
		return;
	}
	FUZZ_CHECK(err == NULL);
	for (steps = 0; steps < FUZZ_PCAP_MAX_STEPS; steps++) {
		r = backend_next(b, &seg);
		if (r != BACKEND_SEGMENT)
			break;
		segments++;
		FUZZ_CHECK(seg.src.family == EVENT_AF_INET ||
		    seg.src.family == EVENT_AF_INET6);
		FUZZ_CHECK(seg.dst.family == seg.src.family);
		FUZZ_CHECK(seg.origin_kind == EVENT_ORIGIN_FRAME);
		FUZZ_CHECK(seg.origin > last_frame);
		FUZZ_CHECK(seg.t_sent == seg.t_recv);
		/*
		 * Classic pcap stores signed 32-bit seconds and fractions;
		 * pcapng.c's time offset goes back at most 10^9 seconds.
		 */
		FUZZ_CHECK(seg.t_sent >= INT64_C(-2147483648) *
		    (COMPAT_NS_PER_SEC + 1));
		last_frame = seg.origin;
	}
	FUZZ_CHECK(steps < FUZZ_PCAP_MAX_STEPS);
	/* A file source never waits and never makes application calls. */
	FUZZ_CHECK(r == BACKEND_END);
	FUZZ_CHECK(b->stats.tcp == segments);
	FUZZ_CHECK(b->stats.frames + b->filtered >= segments);
	FUZZ_CHECK(last_frame <= b->stats.frames + b->filtered);
	FUZZ_CHECK(b->error == NULL || b->error[0] != '\0');
	FUZZ_CHECK(b->warning == NULL || b->warning[0] != '\0');
	/* Asking again after the end must be harmless. */
	(void)backend_next(b, &seg);
	backend_free(b);
	free(copy);
}

/* One input: a capture file, read plain and sometimes filtered. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* "The filter does not apply" would print once per input: hold it. */
	log_set_hook(NULL, true);
	if (size == 0)
		return 0;
	fuzz_pcap_run(data, size, NULL, false);
	if (data[size - 1] % 4 == 0)
		fuzz_pcap_run(data, size, "tcp port 80 or (ip6 and tcp)",
		    false);
	else if (data[size - 1] % 4 == 1)
		fuzz_pcap_run(data, size, NULL, true);
	return 0;
}
