/*
 * segbuild.h: fabricate struct event_segment values for unit tests, from
 * a one-line text form (in the spirit of lwIP's tcp_helper):
 *
 *	"A>B SYN seq=1000"              A sends a SYN
 *	"B>A SYN,ACK seq=5000 ack=1001 +2"   2 ms later
 *	"A>B ACK,FIN seq=1001 ack=5001 len=10 win=0 ws=7"
 *	"A>B ACK seq=1 ack=2 lost"      (simulator: never arrives)
 *
 * Flags are any of SYN FIN RST PSH ACK URG joined by commas. "+N" moves
 * the clock N ms before the segment (default 1 ms); "@N" sets it to
 * N ms after the start. Frame numbers count from 1. A is 10.0.0.1:40000,
 * B is 10.0.0.2:80 unless segbuild_init is given others.
 */
#ifndef TCPVIZ_TESTS_SEGBUILD_H
#define TCPVIZ_TESTS_SEGBUILD_H

#include "compat.h"
#include "event.h"

struct segbuild {
	struct event_endpoint	 a;
	struct event_endpoint	 b;
	int64_t			 t0;	/* ns */
	int64_t			 t;	/* ns, the last segment's time */
	uint64_t		 frame;
};

/* IPv4 endpoint d.d.d.d:port. */
struct event_endpoint segbuild_ep4(uint8_t, uint8_t, uint8_t, uint8_t,
	    uint16_t);
/* A (10.0.0.1:40000) and B (10.0.0.2:80), time t0_ns. */
void	segbuild_init(struct segbuild *, int64_t t0_ns);
/* Parse one line into *out; returns false (and says why) on a bad line. */
bool	segbuild_parse(struct segbuild *, const char *line,
	    struct event_segment *out);
/* Build directly: dir 0 is A->B, 1 is B->A; the clock moves dt_ns. */
struct event_segment segbuild_make(struct segbuild *, int dir,
	    uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len,
	    int64_t dt_ns);

#endif
