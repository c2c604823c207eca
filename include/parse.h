/*
 * parse.h: frame bytes -> one TCP segment. Layer 2a: includes layers 0-1,
 * never pcap.h, so unit tests and fuzzers call it on plain buffers.
 *
 * Every byte read is checked against the captured length. A result is OK,
 * SKIP (a well-formed frame that carries no TCP header to decode: not IP,
 * not TCP, a non-first fragment), TRUNCATED (ran out of captured bytes before
 * the TCP header was complete) or INVALID (the bytes contradict the format).
 * Each non-OK result carries a reason, counted in struct parse_stats.
 * "Complete" means the fixed 20 bytes: options or payload cut by the capture
 * still give OK, flagged with EVOPT_TRUNC and payload_short.
 */
#ifndef TCPVIZ_PARSE_H
#define TCPVIZ_PARSE_H

#include "compat.h"
#include "event.h"

enum parse_status {
	PARSE_OK,
	PARSE_SKIP,
	PARSE_TRUNCATED,
	PARSE_INVALID
};

/* Reasons; X(name, status, text). The text is shown in the summary. */
#define PARSE_REASONS(X) \
	X(NONE,		OK,		"ok") \
	X(LINKTYPE,	SKIP,		"unsupported link type") \
	X(NOT_IP,	SKIP,		"not IP") \
	X(NOT_TCP,	SKIP,		"not TCP") \
	X(FRAGMENT,	SKIP,		"non-first IP fragment") \
	X(ESP,		SKIP,		"encrypted or unknown IPv6 extension") \
	X(LINK_SHORT,	TRUNCATED,	"link header truncated") \
	X(IP_SHORT,	TRUNCATED,	"IP header truncated") \
	X(TCP_SHORT,	TRUNCATED,	"TCP header truncated") \
	X(BAD_IPVER,	INVALID,	"bad IP version") \
	X(BAD_IHL,	INVALID,	"bad IPv4 header length") \
	X(BAD_IPLEN,	INVALID,	"IP length shorter than its headers") \
	X(BAD_EXTHDR,	INVALID,	"bad IPv6 extension header chain") \
	X(BAD_DOFF,	INVALID,	"bad TCP data offset") \
	X(VLAN_DEPTH,	INVALID,	"too many VLAN tags")

enum parse_reason {
#define PARSE_X(name, status, text) PARSE_R_##name,
	PARSE_REASONS(PARSE_X)
#undef PARSE_X
	PARSE_R_COUNT
};

struct parse_result {
	enum parse_status	status;
	enum parse_reason	reason;
};

/* Counters a source keeps across frames. */
struct parse_stats {
	uint64_t	frames;
	uint64_t	tcp;
	uint64_t	by_reason[PARSE_R_COUNT];
	uint64_t	bad_options;	/* TCP decoded, but EVOPT_BAD set */
};

/* Is this link type one parse_frame() decodes? */
bool	parse_linktype_supported(int linktype);
/* A name for a link type, for messages ("EN10MB", "LINUX_SLL2", ...). */
const char *parse_linktype_name(int linktype);

/*
 * Decode one frame. caplen bytes are readable at data; wirelen is the
 * original length (may be larger). On PARSE_OK *out is filled except the
 * time and origin fields, which the caller sets.
 */
struct parse_result parse_frame(int linktype, const uint8_t *data,
	    size_t caplen, size_t wirelen, struct event_segment *out);

/* Add one result to the counters. */
void	parse_stats_add(struct parse_stats *, struct parse_result);
const char *parse_reason_text(enum parse_reason);
enum parse_status parse_reason_status(enum parse_reason);

#endif
