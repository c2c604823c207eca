/*
 * scenario.h: classroom scenario files (assets/scenarios, NAME.scn; format
 * in assets/scenarios/README.md): endpoints, channel settings, timed
 * application calls, scripted faults and bilingual narration. Layer 2a:
 * includes layers 0-1 only.
 *
 * The parser is strict and all-or-nothing: any error gives one message
 * "file:line:column: what" and no scenario. Times are int64_t nanoseconds
 * from the start of the scenario; probabilities are parts per million so
 * that the same file and seed always give the same bytes.
 */
#ifndef TCPVIZ_SCENARIO_H
#define TCPVIZ_SCENARIO_H

#include "compat.h"
#include "event.h"

#define SCENARIO_VERSION	1
#define SCENARIO_NAME_MAX	32	/* names, including the NUL */
#define SCENARIO_MAX_ENDPOINTS	16
#define SCENARIO_MAX_ACTIONS	1024
#define SCENARIO_MAX_FAULTS	256
#define SCENARIO_MAX_NOTES	512
#define SCENARIO_MAX_LINKS	64
#define SCENARIO_MAX_BYTES	(1024 * 1024)	/* file size */
#define SCENARIO_MAX_LINE	4096
#define SCENARIO_MAX_TIME	(3600 * COMPAT_NS_PER_SEC)
#define SCENARIO_PPM		1000000u	/* probability 1 */
/* The first second of a scenario on the wire: 2024-01-01T00:00:00Z. */
/* A scenario without 'order N' comes after the numbered lessons. */
#define SCENARIO_ORDER_NONE	10000
#define SCENARIO_EPOCH_NS	(INT64_C(1704067200) * COMPAT_NS_PER_SEC)

/* One simulated socket owner: a host address and port with its settings. */
struct scenario_endpoint {
	char			 name[SCENARIO_NAME_MAX];
	struct event_endpoint	 addr;
	uint32_t		 line;
	bool			 isn_set;
	uint32_t		 isn;
	uint16_t		 mss;		/* sent and used */
	uint16_t		 window;	/* advertised, unscaled */
	int64_t			 rto_ns;	/* initial retransmission timeout */
	unsigned		 syn_retries;
	unsigned		 synack_retries;
	unsigned		 retries;	/* data and FIN */
	int64_t			 delack_ns;	/* 0: ACK at once */
	unsigned		 backlog;	/* half-open connections kept */
	/*
	 * Established connections waiting for accept() (the accept queue);
	 * 0: not modelled, the application takes each one at once. With a
	 * queue the application takes them only with the 'accept' call.
	 */
	unsigned		 accept_queue;
	/* A third ACK that finds the accept queue full gets a RST. */
	bool			 abort_on_overflow;
	bool			 silent;	/* a spoofed address: no replies */
	bool			 autoclose;	/* app closes when the peer does */
	bool			 rfc1337;	/* TIME_WAIT drops RST */
	/* SO_KEEPALIVE: idle time (0: off), probe interval, probes */
	int64_t			 keep_idle_ns;
	int64_t			 keep_intvl_ns;
	unsigned		 keep_cnt;
	int64_t			 fin_timeout_ns; /* orphan FIN_WAIT_2, 0 */
};

/* Channel settings for segments from one endpoint to another. */
struct scenario_link {
	int			 from;		/* endpoint index, -1: any */
	int			 to;
	uint32_t		 line;
	int64_t			 latency_ns;
	int64_t			 jitter_ns;	/* uniform extra 0..jitter */
	uint32_t		 loss_ppm;
	uint32_t		 dup_ppm;
	uint32_t		 reorder_ppm;	/* held back by one latency */
};

enum scenario_call {
	SCENARIO_LISTEN,	/* passive OPEN; peer >= 0: fully specified */
	SCENARIO_CONNECT,	/* active OPEN to peer */
	SCENARIO_SEND,		/* send bytes */
	SCENARIO_SHUTDOWN,	/* shutdown(SHUT_WR): CLOSE in RFC terms */
	SCENARIO_CLOSE,		/* close(): CLOSE */
	SCENARIO_ABORT,		/* ABORT: RST */
	SCENARIO_INJECT,	/* an old duplicate appears in the network */
	SCENARIO_VANISH,	/* the host drops off the network, TCBs kept */
	SCENARIO_RETURN,	/* the host is back on the network */
	SCENARIO_REBOOT,	/* the host loses every TCB silently, is back */
	SCENARIO_ACCEPT		/* take the oldest connection off the accept
				   queue (nothing on the wire) */
};

/* A timed application call (or an injected stale segment). */
struct scenario_action {
	int64_t			 t;
	int			 ep;
	int			 peer;		/* -1: none / unspecified */
	enum scenario_call	 call;
	uint32_t		 bytes;		/* SEND; INJECT payload */
	uint16_t		 flags;		/* INJECT: SEGF_* */
	uint32_t		 seq;		/* INJECT */
	uint32_t		 ack;		/* INJECT */
	uint32_t		 line;
};

/* Which of an endpoint's segments a fault counts. */
enum scenario_match {
	SCENARIO_MATCH_ANY,
	SCENARIO_MATCH_SYN,	/* SYN without ACK */
	SCENARIO_MATCH_SYNACK,
	SCENARIO_MATCH_ACK,	/* no SYN, FIN, RST, no payload */
	SCENARIO_MATCH_DATA,	/* payload */
	SCENARIO_MATCH_FIN,
	SCENARIO_MATCH_RST
};

enum scenario_fault_kind {
	SCENARIO_DROP,
	SCENARIO_DUP,
	SCENARIO_DELAY
};

/* "drop server fin 1": the first FIN the server sends is lost. */
struct scenario_fault {
	int			 ep;
	enum scenario_match	 match;
	unsigned		 nth;		/* 1-based among matching */
	enum scenario_fault_kind kind;
	int64_t			 delay_ns;	/* DELAY */
	uint32_t		 line;
};

/* Narration for the explain panel, from time t on. */
struct scenario_note {
	int64_t			 t;
	char			*en;
	char			*zh;
	uint32_t		 line;
};

struct scenario {
	char			 name[SCENARIO_NAME_MAX];
	char			*path;
	char			*title_en;
	char			*title_zh;
	char			*desc_en;
	char			*desc_zh;
	uint64_t		 seed;
	unsigned		 order;		/* lesson order; NONE: after */
	int64_t			 msl_ns;
	int64_t			 end_ns;	/* 0: when nothing is left */
	struct scenario_endpoint endpoints[SCENARIO_MAX_ENDPOINTS];
	size_t			 nendpoints;
	struct scenario_link	 links[SCENARIO_MAX_LINKS];
	size_t			 nlinks;
	struct scenario_action	*actions;	/* sorted by t, then line */
	size_t			 nactions;
	struct scenario_fault	*faults;
	size_t			 nfaults;
	struct scenario_note	*notes;		/* sorted by t */
	size_t			 nnotes;
};

/* Parse text (len bytes; file names the errors). NULL and *err on error. */
struct scenario	*scenario_parse(const char *file, const char *text, size_t len,
		    char **err);
/* Read and parse a file. */
struct scenario	*scenario_load(const char *path, char **err);
void		 scenario_free(struct scenario *);

/* The channel settings that apply from one endpoint to another. */
const struct scenario_link *scenario_link_for(const struct scenario *,
		    int from, int to);
/* The index of an endpoint by name, or -1. */
int		 scenario_endpoint_find(const struct scenario *, const char *);
const char	*scenario_call_name(enum scenario_call);
const char	*scenario_match_name(enum scenario_match);
/*
 * One more fault, as a `drop`/`delay` line would add (a what-if); -1 when
 * the scenario has SCENARIO_MAX_FAULTS already or ep is not an endpoint.
 */
int		 scenario_add_fault(struct scenario *,
		    const struct scenario_fault *);

/*
 * Where the shipped scenarios are: the source tree's assets/scenarios, or
 * the installed pkgdatadir/scenarios.
 */
const char	*scenario_dir(void);
/*
 * $TCPVIZ_DATADIR/scenarios (NULL when unset): more scenarios, looked up
 * before the shipped ones; a file there of a shipped one's name wins.
 */
const char	*scenario_user_dir(void);
/* A path for "handshake" or "./my.scn"; NULL and *err when not found. */
char		*scenario_resolve(const char *name, char **err);
/* scenario_resolve, then scenario_load: NULL and *err (one line). */
struct scenario	*scenario_open(const char *name, char **err);
/* Paths of the *.scn files of both directories by name; the count. */
size_t		 scenario_list(char ***paths);
/* Read the list and every file now, before root is given up (the UI). */
void		 scenario_preload(void);
void		 scenario_list_free(char **, size_t);
/* Sort loaded scenarios in lesson order ('order N', then by name). */
void		 scenario_sort(struct scenario **, size_t);

#endif
