/*
 * event.h: the one currency between producers and the engine: a TCP segment
 * as seen on the wire (capture) or sent by a simulated endpoint, plus the flow
 * key that names a connection the same way in both directions. Layer 1:
 * includes only layer 0.
 *
 * Times are int64_t nanoseconds since the Unix epoch. A capture sets
 * t_sent == t_recv (the capture time); the simulator sets both.
 */
#ifndef TCPVIZ_EVENT_H
#define TCPVIZ_EVENT_H

#include "compat.h"

/* TCP header flag bits, as in the header's low 9 bits. */
#define SEGF_FIN	0x001
#define SEGF_SYN	0x002
#define SEGF_RST	0x004
#define SEGF_PSH	0x008
#define SEGF_ACK	0x010
#define SEGF_URG	0x020
#define SEGF_ECE	0x040
#define SEGF_CWR	0x080
#define SEGF_NS		0x100	/* the old ECN-nonce bit (AE in RFC 9768) */

#define EVENT_AF_INET	4
#define EVENT_AF_INET6	6

/* One end of a connection. IPv4 uses the first 4 bytes of addr. */
struct event_endpoint {
	uint8_t		family;		/* EVENT_AF_INET or EVENT_AF_INET6 */
	uint8_t		addr[16];
	uint16_t	port;
};

/* Bits in event_tcpopts.present. */
#define EVOPT_MSS	0x0001
#define EVOPT_WSCALE	0x0002
#define EVOPT_SACKOK	0x0004
#define EVOPT_SACK	0x0008
#define EVOPT_TS	0x0010
#define EVOPT_TFO	0x0020	/* kind 34 or experimental 254/0xf989 */
#define EVOPT_UNKNOWN	0x0040	/* some option of a kind we skip */
#define EVOPT_BAD	0x0080	/* a malformed option length was seen */
#define EVOPT_TRUNC	0x0100	/* options were cut by the capture length */

#define EVENT_SACK_MAX	4

/* The TCP options tcpviz reads. */
struct event_tcpopts {
	uint16_t	present;		/* EVOPT_* */
	uint16_t	mss;
	uint8_t		wscale;			/* shift count as sent */
	uint8_t		sack_count;
	uint8_t		tfo_cookie_len;		/* 0: a cookie request */
	uint32_t	ts_val;
	uint32_t	ts_ecr;
	uint32_t	sack[EVENT_SACK_MAX][2];	/* left, right edges */
};

/* Where a segment came from, for "frame N" / "line N" in explanations. */
enum event_origin {
	EVENT_ORIGIN_FRAME,	/* origin = 1-based frame number in the capture */
	EVENT_ORIGIN_SCENARIO	/* origin = scenario line that caused it */
};

/*
 * Frames are grouped in blocks of 2^EVENT_BLOCK_SHIFT for re-reading a
 * seekable file: frame f (1-based) is in block (f - 1) >> EVENT_BLOCK_SHIFT;
 * the source keeps the file offset of each block's first frame and the
 * engine which blocks hold each connection's frames.
 */
#define EVENT_BLOCK_SHIFT	10
#define EVENT_FRAME_BLOCK(f)	((uint32_t)(((f) - 1) >> EVENT_BLOCK_SHIFT))

/* One TCP segment. */
struct event_segment {
	int64_t			t_sent;		/* ns since the epoch */
	int64_t			t_recv;		/* == t_sent for captures */
	struct event_endpoint	src;
	struct event_endpoint	dst;
	uint32_t		seq;
	uint32_t		ack;
	uint32_t		payload_len;	/* from the IP length */
	uint16_t		flags;		/* SEGF_* */
	uint16_t		window;		/* raw, unscaled */
	uint16_t		urgent;
	bool			lost;		/* simulator: never arrived */
	bool			payload_short;	/* capture cut the payload */
	uint8_t			origin_kind;	/* enum event_origin */
	uint64_t		origin;
	struct event_tcpopts	opts;
};

/*
 * Something a simulator knows that is not on the wire (H4, additive): an
 * application call at local toward remote (event: one FSM_EV_* bit of
 * fsm.h: passive/active OPEN, SEND, CLOSE, ABORT, or TIMEOUT when connect
 * gives up), or with event EVENT_APP_TICK only "time has reached t" so
 * consumers fire their timers (2*MSL). A capture never produces one.
 */
#define EVENT_APP_TICK	0u
/*
 * Not an application call but the stack's own: an orphan's FIN_WAIT_2
 * timer ran out (Linux tcp_fin_timeout), the TCB is deleted silently.
 */
#define EVENT_APP_FIN_TIMEOUT	0x80000000u

struct event_app {
	int64_t			t;		/* ns since the epoch */
	struct event_endpoint	local;
	struct event_endpoint	remote;		/* family 0: unspecified */
	unsigned		event;		/* FSM_EV_* or EVENT_APP_TICK */
	uint64_t		origin;		/* scenario line */
};

/*
 * A connection's name, the same for both directions: a is the endpoint that
 * sorts lower (family, address, port), b the other.
 */
struct event_key {
	struct event_endpoint	a;
	struct event_endpoint	b;
};

int	 event_endpoint_cmp(const struct event_endpoint *,
	     const struct event_endpoint *);
bool	 event_endpoint_eq(const struct event_endpoint *,
	     const struct event_endpoint *);
/* Fill *key; returns 0 when the segment goes a->b, 1 when b->a. */
int	 event_key_make(struct event_key *, const struct event_segment *);
/* The same for an endpoint pair (src, dst): 0 when src is key.a. */
int	 event_key_from(struct event_key *, const struct event_endpoint *src,
	     const struct event_endpoint *dst);
uint32_t event_key_hash(const struct event_key *);
bool	 event_key_eq(const struct event_key *, const struct event_key *);

/* Buffer sizes for the formatters below (including the NUL). */
#define EVENT_ADDR_STRLEN	48	/* "[ffff:...:ffff]:65535" */
#define EVENT_TIME_STRLEN	32	/* "-9223372036.854775" */
#define EVENT_FLAGS_STRLEN	40	/* "SYN,ACK,FIN,RST,PSH,URG,ECE,CWR,NS" */

/* "1.2.3.4:80" or "[2001:db8::1]:80". */
char	*event_endpoint_format(char *, size_t, const struct event_endpoint *);
/*
 * The same in at most width columns, never cutting the port: the host
 * loses its start behind "…" (ascii: "..") first: "…0.0.1:50552".
 */
char	*event_endpoint_format_fit(char *, size_t,
	     const struct event_endpoint *, int width, bool ascii);
/*
 * The endpoint in at most width display columns, never cut inside the
 * port: when "1.2.3.4:50552" is too wide the host part is shortened with
 * an ellipsis ("10.20…:50552", "[2001:d…]:40000"; "..." when ascii). When
 * not even the ellipsis and the port fit, the ellipsis and the port all
 * the same (the caller's cut then drops the end). buf needs
 * EVENT_ADDR_STRLEN bytes.
 */
char	*event_endpoint_fit(char *, size_t, const struct event_endpoint *,
	     int width, bool ascii);
/*
 * The filters that isolate one connection in other tools (issue 17):
 * Wireshark's display filter "ip.addr==A && tcp.port==P && ip.addr==B &&
 * tcp.port==Q" (ipv6.addr for IPv6; tcp.stream numbers may differ) and
 * the BPF one of tcpdump -r / tshark -f, "host A and host B and tcp port
 * P and tcp port Q". Both endpoints of either direction: the key's order.
 */
#define EVENT_FILTER_STRLEN	160
char	*event_filter_display(char *, size_t, const struct event_key *);
char	*event_filter_bpf(char *, size_t, const struct event_key *);
/* Address only: "1.2.3.4" or "2001:db8::1". */
char	*event_addr_format(char *, size_t, const struct event_endpoint *);
/* Epoch seconds with six decimals, truncated toward minus infinity. */
char	*event_time_format(char *, size_t, int64_t);
/* v in decimal at p, at least width digits, not past end; the new end. */
char	*event_decimal(char *p, const char *end, uint64_t v, int width);
/* "SYN,ACK" style, in the order SYN FIN RST PSH ACK URG ECE CWR NS. */
char	*event_flags_format(char *, size_t, uint16_t);
/*
 * The same written at p with no NUL, for building lines: each writes at
 * most the matching *_STRLEN - 1 bytes (flags: one more, scratch) and
 * returns the new end.
 */
char	*event_put_endpoint(char *p, const struct event_endpoint *);
char	*event_put_time(char *p, int64_t);
char	*event_put_flags(char *p, uint16_t);

#endif
