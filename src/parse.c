/*
 * parse.c: frame bytes -> one TCP segment. Layer 2a: includes compat, bytes,
 * wire (layer 0), event (layer 1) and parse.h; never pcap.h, so unit tests
 * and fuzzers call it on plain buffers.
 *
 * The decoder walks link header, IP header (and IPv6 extension chain) and
 * TCP header through a struct bytes reader over the captured bytes, so no
 * read can leave [data, data + caplen). It allocates nothing, keeps no
 * state and does no I/O: it runs once per captured frame.
 *
 * Invariants:
 * - TRUNCATED means the capture ended before the fixed 20-byte TCP header
 *   was complete; INVALID means the bytes contradict the format. A frame
 *   whose fixed TCP header was captured is OK even when its options or
 *   payload were cut (EVOPT_TRUNC and payload_short say so).
 * - payload_len comes from the IP length fields, never from caplen. An IP
 *   length larger than the frame on the wire is clamped to the wire length,
 *   and a zero length (TSO, BIG TCP) means "the rest of the frame", as
 *   tshark does.
 */
#include "config.h"

#include <string.h>

#include "bytes.h"
#include "parse.h"
#include "wire.h"

/* Bounds on loops driven by packet contents. */
#define PARSE_VLAN_MAX		8	/* stacked 802.1Q/802.1ad tags */
#define PARSE_EXTHDR_MAX	8	/* IPv6 extension headers (and AH) */

#define PARSE_ARPHRD_NETLINK	824	/* SLL: protocol is a netlink family */
#define PARSE_IP6_OPT_PAD1	0
#define PARSE_IP6_OPT_JUMBO	0xc2
#define PARSE_TFO_EXP_MAGIC	0xf989

/* Which network header follows the link header. */
enum parse_net {
	PARSE_NET_IPV4,
	PARSE_NET_IPV6,
	PARSE_NET_ANY		/* raw IP: decide by the version nibble */
};

static const struct {
	enum parse_status	 status;
	const char		*text;
} parse_reasons[PARSE_R_COUNT] = {
#define PARSE_X(name, st, txt) [PARSE_R_##name] = { PARSE_##st, txt },
	PARSE_REASONS(PARSE_X)
#undef PARSE_X
};

const char *
parse_reason_text(enum parse_reason r)
{
	return r < PARSE_R_COUNT ? parse_reasons[r].text : "?";
}

enum parse_status
parse_reason_status(enum parse_reason r)
{
	return r < PARSE_R_COUNT ? parse_reasons[r].status : PARSE_INVALID;
}

void
parse_stats_add(struct parse_stats *st, struct parse_result r)
{
	st->frames++;
	if (r.status == PARSE_OK)
		st->tcp++;
	else if (r.reason < PARSE_R_COUNT)
		st->by_reason[r.reason]++;
}

/* The next byte, without consuming it (0 when there is none). */
static uint8_t
parse_peek(const struct bytes *b)
{
	struct bytes	c = *b;

	return bytes_u8(&c);
}

/*
 * The numbers that announce a network header, in the three spaces link
 * headers use: ethertypes (Ethernet, SLL, Cisco HDLC), the BSD loopback's
 * address families (which old writers filled with an ethertype; tshark
 * takes those too) and PPP protocols. Anything else is not IP: 802.3
 * lengths, ARP, MPLS ...
 */
enum parse_space {
	PARSE_SPACE_ETHERTYPE,
	PARSE_SPACE_BSD_AF,
	PARSE_SPACE_PPP
};

static const struct {
	enum parse_space	 space;
	uint32_t		 value;
	enum parse_net		 net;
} parse_nets[] = {
	{ PARSE_SPACE_ETHERTYPE, WIRE_ETH_IPV4,		PARSE_NET_IPV4 },
	{ PARSE_SPACE_ETHERTYPE, WIRE_ETH_IPV6,		PARSE_NET_IPV6 },
	{ PARSE_SPACE_BSD_AF,	WIRE_BSD_AF_INET,	PARSE_NET_IPV4 },
	{ PARSE_SPACE_BSD_AF,	WIRE_ETH_IPV4,		PARSE_NET_IPV4 },
	{ PARSE_SPACE_BSD_AF,	WIRE_BSD_AF_INET6_BSD,	PARSE_NET_IPV6 },
	{ PARSE_SPACE_BSD_AF,	WIRE_BSD_AF_INET6_FREEBSD, PARSE_NET_IPV6 },
	{ PARSE_SPACE_BSD_AF,	WIRE_BSD_AF_INET6_DARWIN, PARSE_NET_IPV6 },
	{ PARSE_SPACE_BSD_AF,	WIRE_ETH_IPV6,		PARSE_NET_IPV6 },
	{ PARSE_SPACE_PPP,	WIRE_PPP_IPV4,		PARSE_NET_IPV4 },
	{ PARSE_SPACE_PPP,	WIRE_PPP_IPV6,		PARSE_NET_IPV6 },
};

/* The network header a number announces (parse_nets), or not IP. */
static enum parse_reason
parse_number_net(enum parse_space space, uint32_t value, enum parse_net *net)
{
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(parse_nets); i++) {
		if (parse_nets[i].space == space &&
		    parse_nets[i].value == value) {
			*net = parse_nets[i].net;
			return PARSE_R_NONE;
		}
	}
	return PARSE_R_NOT_IP;
}

/*
 * Walk the VLAN tags (802.1Q, 802.1ad and the pre-standard 0x9100) that
 * follow an ethertype, then name the network header. The stack is bounded.
 */
static enum parse_reason
parse_vlan(struct bytes *b, uint16_t type, enum parse_net *net)
{
	int	depth = 0;

	while (type == WIRE_ETH_VLAN || type == WIRE_ETH_QINQ ||
	    type == WIRE_ETH_QINQ_OLD) {
		if (++depth > PARSE_VLAN_MAX)
			return PARSE_R_VLAN_DEPTH;
		bytes_skip(b, 2);		/* PCP, DEI, VLAN id */
		type = bytes_be16(b);
		if (!bytes_ok(b))
			return PARSE_R_LINK_SHORT;
	}
	return parse_number_net(PARSE_SPACE_ETHERTYPE, type, net);
}

/* A link header of skip bytes, then an Ethernet type (and VLAN tags). */
static enum parse_reason
parse_link_then_type(struct bytes *b, size_t skip, enum parse_net *net)
{
	uint16_t	type;

	bytes_skip(b, skip);
	type = bytes_be16(b);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	return parse_vlan(b, type, net);
}

/* Ethernet II: two addresses and an ethertype (or an 802.3 length). */
static enum parse_reason
parse_link_ethernet(struct bytes *b, enum parse_net *net)
{
	uint16_t	type;

	/* Untagged IPv4 or IPv6, the usual frame, without the walk. */
	if (bytes_has(b, 14)) {
		type = bytes_be16_at(b->p + b->off + 12);
		if (type == WIRE_ETH_IPV4 || type == WIRE_ETH_IPV6) {
			*net = type == WIRE_ETH_IPV4 ? PARSE_NET_IPV4 :
			    PARSE_NET_IPV6;
			bytes_skip(b, 14);
			return PARSE_R_NONE;
		}
	}
	return parse_link_then_type(b, 12, net);
}

/*
 * Linux cooked v1: packet type, ARPHRD type, address length, 8 address
 * bytes, protocol. libpcap re-inserts VLAN tags after the protocol field.
 */
static enum parse_reason
parse_link_sll(struct bytes *b, enum parse_net *net)
{
	uint16_t	hatype, type;

	bytes_skip(b, 2);
	hatype = bytes_be16(b);
	bytes_skip(b, 10);
	type = bytes_be16(b);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	if (hatype == PARSE_ARPHRD_NETLINK)
		return PARSE_R_NOT_IP;
	return parse_vlan(b, type, net);
}

/*
 * Linux cooked v2: protocol, reserved, interface index, ARPHRD type,
 * packet type, address length, 8 address bytes.
 */
static enum parse_reason
parse_link_sll2(struct bytes *b, enum parse_net *net)
{
	uint16_t	hatype, type;

	type = bytes_be16(b);
	bytes_skip(b, 6);
	hatype = bytes_be16(b);
	bytes_skip(b, 10);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	if (hatype == PARSE_ARPHRD_NETLINK)
		return PARSE_R_NOT_IP;
	return parse_vlan(b, type, net);
}

/*
 * DLT_NULL: a 4-byte family in the byte order of the host that wrote the
 * file. Families are small, so a value with upper bits set was written in
 * the other order.
 */
static enum parse_reason
parse_link_null(struct bytes *b, enum parse_net *net)
{
	uint32_t	af;

	af = bytes_le32(b);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	if ((af & 0xffff0000U) != 0) {
		af = ((af & 0xff) << 24) | ((af & 0xff00) << 8) |
		    ((af >> 8) & 0xff00) | (af >> 24);
	}
	return parse_number_net(PARSE_SPACE_BSD_AF, af, net);
}

/* DLT_LOOP: the same 4-byte family, always in network order. */
static enum parse_reason
parse_link_loop(struct bytes *b, enum parse_net *net)
{
	uint32_t	af;

	af = bytes_be32(b);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	return parse_number_net(PARSE_SPACE_BSD_AF, af, net);
}

/* A PPP protocol number (RFC 1661; 1 byte when compressed, RFC 1661 6.5). */
static enum parse_reason
parse_ppp_protocol(struct bytes *b, enum parse_net *net)
{
	uint16_t	proto;

	if (!bytes_has(b, 1))
		return PARSE_R_LINK_SHORT;
	proto = bytes_u8(b);
	if (!(proto & 1))
		proto = (uint16_t)(proto << 8 | bytes_u8(b));
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	return parse_number_net(PARSE_SPACE_PPP, proto, net);
}

/*
 * Cisco HDLC: address (0x0f unicast, 0x8f broadcast), control, then an
 * Ethernet type.
 */
static enum parse_reason
parse_link_chdlc(struct bytes *b, enum parse_net *net)
{
	return parse_link_then_type(b, 2, net);
}

/*
 * PPP: the HDLC address and control bytes (0xff 0x03) may be there or
 * not (RFC 1662 3.2, address-and-control-field compression). DLT 50 also
 * carries Cisco HDLC, told apart by its address byte, as libpcap does.
 */
static enum parse_reason
parse_link_ppp(struct bytes *b, enum parse_net *net)
{
	uint8_t	a0;

	if (!bytes_has(b, 2))
		return PARSE_R_LINK_SHORT;
	a0 = b->p[b->off];
	if (a0 == 0x0f || a0 == 0x8f)
		return parse_link_chdlc(b, net);
	if (a0 == 0xff && b->p[b->off + 1] == 0x03)
		bytes_skip(b, 2);
	return parse_ppp_protocol(b, net);
}

/*
 * NFLOG: family, version, resource id, then TLVs (length with its 4-byte
 * header, type; host byte order, so the order that makes sense is used),
 * each padded to 4 bytes. The packet is the payload TLV (type 9).
 */
static enum parse_reason
parse_link_nflog(struct bytes *b, enum parse_net *net)
{
	uint8_t		family;
	uint16_t	len, type, lbe;
	size_t		n;

	family = bytes_u8(b);
	bytes_skip(b, 3);
	if (!bytes_ok(b))
		return PARSE_R_LINK_SHORT;
	if (family == WIRE_AF_INET)
		*net = PARSE_NET_IPV4;
	else if (family == WIRE_AF_INET6)
		*net = PARSE_NET_IPV6;
	else
		*net = PARSE_NET_ANY;
	for (n = 0; n < 64; n++) {
		if (!bytes_has(b, 4))
			return PARSE_R_LINK_SHORT;
		lbe = (uint16_t)(b->p[b->off] << 8 | b->p[b->off + 1]);
		len = bytes_le16(b);
		type = bytes_le16(b);
		if ((len < 4 || len - 4u > bytes_left(b)) && lbe >= 4 &&
		    lbe - 4u <= bytes_left(b)) {
			/* Written big-endian. */
			len = lbe;
			type = (uint16_t)(type << 8 | type >> 8);
		}
		if (len < 4)
			return PARSE_R_LINK_SHORT;
		if ((type & 0x7fff) == WIRE_NFULA_PAYLOAD)
			return PARSE_R_NONE;	/* the packet starts here */
		/* Skip the value and its padding (the last may be unpadded). */
		len = (uint16_t)(((len + 3u) & ~3u) - 4u);
		if (len > bytes_left(b))
			return PARSE_R_NOT_IP;	/* no payload TLV */
		bytes_skip(b, len);
	}
	return PARSE_R_NOT_IP;
}

/* Link headers that are the network header: raw IP, either or one. */
static enum parse_reason
parse_link_raw(struct bytes *b, enum parse_net *net)
{
	(void)b;
	*net = PARSE_NET_ANY;
	return PARSE_R_NONE;
}

static enum parse_reason
parse_link_ipv4(struct bytes *b, enum parse_net *net)
{
	(void)b;
	*net = PARSE_NET_IPV4;
	return PARSE_R_NONE;
}

static enum parse_reason
parse_link_ipv6(struct bytes *b, enum parse_net *net)
{
	(void)b;
	*net = PARSE_NET_IPV6;
	return PARSE_R_NONE;
}

/*
 * The link types, indexed by DLT: libpcap's name and the decoder that
 * skips the link header and says which network header follows (NULL:
 * named for the error message only). Indexed, as the lookup is per frame.
 */
#define PARSE_LINK(dlt, nm, fn)	[dlt] = { nm, fn }
static const struct {
	const char	*name;
	enum parse_reason (*decode)(struct bytes *, enum parse_net *);
} parse_linktypes[] = {
	PARSE_LINK(WIRE_LINK_NULL,	"NULL",		parse_link_null),
	PARSE_LINK(WIRE_LINK_ETHERNET,	"EN10MB",	parse_link_ethernet),
	PARSE_LINK(WIRE_LINK_RAW_OLD,	"RAW",		parse_link_raw),
	PARSE_LINK(WIRE_LINK_RAW_OLD2,	"RAW",		parse_link_raw),
	PARSE_LINK(WIRE_LINK_RAW,	"RAW",		parse_link_raw),
	PARSE_LINK(WIRE_LINK_LOOP,	"LOOP",		parse_link_loop),
	PARSE_LINK(WIRE_LINK_SLL,	"LINUX_SLL",	parse_link_sll),
	PARSE_LINK(WIRE_LINK_IPV4,	"IPV4",		parse_link_ipv4),
	PARSE_LINK(WIRE_LINK_IPV6,	"IPV6",		parse_link_ipv6),
	PARSE_LINK(WIRE_LINK_SLL2,	"LINUX_SLL2",	parse_link_sll2),
	PARSE_LINK(WIRE_LINK_PPP,	"PPP",		parse_link_ppp),
	PARSE_LINK(WIRE_LINK_PPP_HDLC,	"PPP_HDLC",	parse_link_ppp),
	PARSE_LINK(WIRE_LINK_C_HDLC,	"C_HDLC",	parse_link_chdlc),
	PARSE_LINK(WIRE_LINK_NFLOG,	"NFLOG",	parse_link_nflog),
	/* Common ones we do not decode, named for the error message. */
	PARSE_LINK(105,			"IEEE802_11",	NULL),
	PARSE_LINK(127,			"IEEE802_11_RADIO", NULL),
	PARSE_LINK(192,			"PPI",		NULL),
	PARSE_LINK(220,			"USB_LINUX_MMAPPED", NULL),
};
#undef PARSE_LINK

/* The table's entry for a DLT, or -1. */
static int
parse_linktype_find(int linktype)
{
	if (linktype < 0 ||
	    (size_t)linktype >= COMPAT_NITEMS(parse_linktypes) ||
	    parse_linktypes[linktype].name == NULL)
		return -1;
	return linktype;
}

bool
parse_linktype_supported(int linktype)
{
	int	i = parse_linktype_find(linktype);

	return i >= 0 && parse_linktypes[i].decode != NULL;
}

const char *
parse_linktype_name(int linktype)
{
	int	i = parse_linktype_find(linktype);

	return i >= 0 ? parse_linktypes[i].name : "unknown";
}

/* Skip the link header; say which network header follows. */
static enum parse_reason
parse_link(int linktype, struct bytes *b, enum parse_net *net)
{
	int	i = parse_linktype_find(linktype);

	if (i < 0 || parse_linktypes[i].decode == NULL)
		return PARSE_R_LINKTYPE;
	return parse_linktypes[i].decode(b, net);
}

/*
 * The IP length to trust: a length of 0 means the rest of the frame (TSO,
 * BIG TCP); a length beyond the frame on the wire is clamped to it.
 */
static size_t
parse_ip_length(size_t claimed, size_t wire_left)
{
	if (claimed == 0 || claimed > wire_left)
		return wire_left;
	return claimed;
}

/*
 * Walk AH (IPv4 and IPv6) and, for IPv6, hop-by-hop, routing, destination
 * options and fragment headers, until TCP. *left is the IP payload length
 * still unaccounted for; every header must fit inside it. *jumbo receives
 * a hop-by-hop Jumbo Payload length (RFC 2675) when one is present; *more
 * is set for a first fragment.
 */
static enum parse_reason
parse_ip_chain(struct bytes *b, uint8_t next, bool v6, size_t *left,
    uint32_t *jumbo, bool *more)
{
	struct bytes	 h;
	size_t		 len;
	uint16_t	 frag;
	uint8_t		 hnext, hlen, type, olen;
	bool		 cut;
	int		 n;

	for (n = 0; next != WIRE_IP_TCP; n++) {
		if (n >= PARSE_EXTHDR_MAX)
			return PARSE_R_BAD_EXTHDR;
		switch (next) {
		case WIRE_IP_HOPOPTS:
		case WIRE_IP_ROUTING:
		case WIRE_IP_DSTOPTS:
		case WIRE_IP_FRAGMENT:
			if (!v6)
				return PARSE_R_NOT_TCP;
			break;
		case WIRE_IP_AH:
			break;
		case WIRE_IP_NONE:
			return PARSE_R_NOT_TCP;
		case 50:	/* ESP: the rest is encrypted */
		case 135:	/* mobility */
		case 139:	/* HIP */
		case 140:	/* shim6 */
		case 253:	/* experimental (RFC 3692) */
		case 254:
			return v6 ? PARSE_R_ESP : PARSE_R_NOT_TCP;
		default:
			return PARSE_R_NOT_TCP;	/* UDP, ICMP, ... */
		}

		/* Every one of these headers is at least 8 bytes. */
		if (*left < 8)
			return PARSE_R_BAD_EXTHDR;
		if (!bytes_has(b, 8))
			return PARSE_R_IP_SHORT;
		h = *b;				/* a look, not consumed */
		hnext = bytes_u8(&h);
		hlen = bytes_u8(&h);
		frag = bytes_be16(&h);
		if (next == WIRE_IP_FRAGMENT) {
			/* RFC 8200 4.5: only the first fragment has TCP. */
			if ((frag & 0xfff8) != 0)
				return PARSE_R_FRAGMENT;
			if (frag & 0x0001)
				*more = true;
			len = 8;
		} else if (next == WIRE_IP_AH)
			len = ((size_t)hlen + 2) * 4;	/* RFC 4302 2.2 */
		else
			len = ((size_t)hlen + 1) * 8;	/* RFC 8200 4.3 */
		if (len > *left)
			return PARSE_R_BAD_EXTHDR;
		if (!bytes_has(b, len))
			return PARSE_R_IP_SHORT;
		h = bytes_sub(b, len, &cut);
		*left -= len;

		if (next == WIRE_IP_HOPOPTS) {
			/* Look for a Jumbo Payload option (BIG TCP). */
			bytes_skip(&h, 2);
			while (bytes_has(&h, 1)) {
				type = bytes_u8(&h);
				if (type == PARSE_IP6_OPT_PAD1)
					continue;
				olen = bytes_u8(&h);
				if (type == PARSE_IP6_OPT_JUMBO && olen == 4) {
					*jumbo = bytes_be32(&h);
					break;
				}
				bytes_skip(&h, olen);
			}
		}
		next = hnext;
	}
	return PARSE_R_NONE;
}

/*
 * IPv4 (RFC 791): check version, IHL and total length, skip options, stop
 * at non-first fragments. On success *left is the IP payload length and
 * *more tells a first fragment.
 */
static enum parse_reason
parse_ipv4(struct bytes *b, size_t wire_left, struct event_segment *out,
    size_t *left, bool *more)
{
	const uint8_t	*q;
	size_t		 hlen, total;
	uint16_t	 frag;
	uint8_t		 proto;
	uint32_t	 jumbo = 0;

	if (!bytes_has(b, 1))
		return PARSE_R_IP_SHORT;
	if ((parse_peek(b) >> 4) != 4)
		return PARSE_R_BAD_IPVER;
	hlen = (size_t)(parse_peek(b) & 0x0f) * 4;
	if (hlen < 20)
		return PARSE_R_BAD_IHL;
	if (!bytes_has(b, 20))
		return PARSE_R_IP_SHORT;

	/* The fixed header, read in place (bytes_has promised 20). */
	q = bytes_take(b, 20);
	total = bytes_be16_at(q + 2);
	frag = bytes_be16_at(q + 6);
	proto = q[9];
	out->src.family = out->dst.family = EVENT_AF_INET;
	memcpy(out->src.addr, q + 12, 4);
	memcpy(out->dst.addr, q + 16, 4);

	/* Total length 0: TSO hands the capture one large segment. */
	total = parse_ip_length(total, wire_left);
	if (total < hlen)
		return PARSE_R_BAD_IPLEN;
	if (!bytes_has(b, hlen - 20))
		return PARSE_R_IP_SHORT;
	bytes_skip(b, hlen - 20);		/* options */

	/* RFC 791: a fragment offset other than 0 carries no TCP header. */
	if ((frag & 0x1fff) != 0)
		return proto == WIRE_IP_TCP || proto == WIRE_IP_AH ?
		    PARSE_R_FRAGMENT : PARSE_R_NOT_TCP;
	*more = (frag & 0x2000) != 0;
	*left = total - hlen;
	if (proto == WIRE_IP_TCP)
		return PARSE_R_NONE;	/* no chain to walk */
	return parse_ip_chain(b, proto, false, left, &jumbo, more);
}

/*
 * IPv6 (RFC 8200): fixed header, then the extension chain. A payload
 * length of 0 takes the Jumbo Payload length if there is one, else the
 * rest of the frame (BIG TCP captures often carry neither).
 */
static enum parse_reason
parse_ipv6(struct bytes *b, size_t wire_left, struct event_segment *out,
    size_t *left, bool *more)
{
	enum parse_reason	 r;
	const uint8_t		*q;
	size_t			 plen, hdr_off;
	uint32_t		 jumbo = 0;
	uint8_t			 next;

	if (!bytes_has(b, 1))
		return PARSE_R_IP_SHORT;
	if ((parse_peek(b) >> 4) != 6)
		return PARSE_R_BAD_IPVER;
	if (!bytes_has(b, 40))
		return PARSE_R_IP_SHORT;

	/* The fixed header, read in place (bytes_has promised 40). */
	q = bytes_take(b, 40);
	plen = bytes_be16_at(q + 4);
	next = q[6];
	out->src.family = out->dst.family = EVENT_AF_INET6;
	memcpy(out->src.addr, q + 8, 16);
	memcpy(out->dst.addr, q + 24, 16);

	wire_left -= 40;
	*left = parse_ip_length(plen, wire_left);
	hdr_off = b->off;
	r = parse_ip_chain(b, next, true, left, &jumbo, more);
	if (r != PARSE_R_NONE)
		return r;
	if (plen == 0 && jumbo != 0) {
		/* The jumbo length counts the extension headers too. */
		plen = parse_ip_length(jumbo, wire_left);
		if (plen < b->off - hdr_off)
			return PARSE_R_BAD_EXTHDR;
		*left = plen - (b->off - hdr_off);
	}
	return PARSE_R_NONE;
}

/*
 * Read one TCP option whose len - 2 value bytes v holds. Returns false
 * when a kind we know has the wrong length for it.
 */
static bool
parse_tcp_option(uint8_t kind, uint8_t len, struct bytes *v,
    struct event_tcpopts *o)
{
	size_t	i, n;

	switch (kind) {
	case WIRE_TCPOPT_MSS:
		if (len != 4)
			return false;
		o->present |= EVOPT_MSS;
		o->mss = bytes_be16(v);
		return true;
	case WIRE_TCPOPT_WSCALE:
		if (len != 3)
			return false;
		o->present |= EVOPT_WSCALE;
		o->wscale = bytes_u8(v);
		return true;
	case WIRE_TCPOPT_SACKOK:
		if (len != 2)
			return false;
		o->present |= EVOPT_SACKOK;
		return true;
	case WIRE_TCPOPT_SACK:
		/* RFC 2018: 1 to 4 blocks of two 32-bit edges. */
		if (len < 10 || (len - 2) % 8 != 0)
			return false;
		n = ((size_t)len - 2) / 8;
		if (n > EVENT_SACK_MAX)		/* 40 option bytes: never */
			n = EVENT_SACK_MAX;
		o->present |= EVOPT_SACK;
		o->sack_count = (uint8_t)n;
		for (i = 0; i < n; i++) {
			o->sack[i][0] = bytes_be32(v);
			o->sack[i][1] = bytes_be32(v);
		}
		return true;
	case WIRE_TCPOPT_TIMESTAMP:
		if (len != 10)
			return false;
		o->present |= EVOPT_TS;
		o->ts_val = bytes_be32(v);
		o->ts_ecr = bytes_be32(v);
		return true;
	case WIRE_TCPOPT_TFO:
		/* RFC 7413 4.1.1: no cookie is a cookie request. */
		o->present |= EVOPT_TFO;
		o->tfo_cookie_len = (uint8_t)(len - 2);
		return true;
	case WIRE_TCPOPT_EXP:
		/* RFC 6994 shared experimental kind; TFO used magic 0xf989. */
		if (len >= 4 && bytes_be16(v) == PARSE_TFO_EXP_MAGIC) {
			o->present |= EVOPT_TFO;
			o->tfo_cookie_len = (uint8_t)(len - 4);
		} else
			o->present |= EVOPT_UNKNOWN;
		return true;
	default:
		o->present |= EVOPT_UNKNOWN;
		return true;
	}
}

/*
 * Walk the TCP options (RFC 9293 3.2): EOL ends the list, NOP is one
 * byte, every other kind has a length. A length < 2 or past the header
 * stops the walk (EVOPT_BAD); a known kind with the wrong length is
 * ignored but still flagged, and the walk goes on, as Linux does.
 */
static void
parse_tcp_options(struct bytes *b, size_t declared, struct event_tcpopts *o)
{
	struct bytes	 ob, v;
	const uint8_t	*q;
	uint8_t		 kind, len;
	bool		 cut, vcut;

	/*
	 * The usual layout of every segment after the handshake (NOP, NOP,
	 * timestamps; Linux), read at once: what the walk below makes of it.
	 */
	if (declared == 12 && bytes_has(b, 12)) {
		q = b->p + b->off;
		if (q[0] == WIRE_TCPOPT_NOP && q[1] == WIRE_TCPOPT_NOP &&
		    q[2] == WIRE_TCPOPT_TIMESTAMP && q[3] == 10) {
			o->present |= EVOPT_TS;
			o->ts_val = bytes_be32_at(q + 4);
			o->ts_ecr = bytes_be32_at(q + 8);
			bytes_skip(b, 12);
			return;
		}
	}
	ob = bytes_sub(b, declared, &cut);
	if (cut)
		o->present |= EVOPT_TRUNC;
	while (bytes_has(&ob, 1)) {
		kind = bytes_u8(&ob);
		if (kind == WIRE_TCPOPT_EOL)
			break;
		if (kind == WIRE_TCPOPT_NOP)
			continue;
		if (!bytes_has(&ob, 1)) {
			/* The length byte is missing: cut, or past the end. */
			o->present |= cut ? EVOPT_TRUNC : EVOPT_BAD;
			break;
		}
		len = bytes_u8(&ob);
		if (len < 2) {
			o->present |= EVOPT_BAD;
			break;
		}
		/* Value bytes after kind and length; ob.off is past both. */
		if ((size_t)len - 2 > declared - ob.off) {
			o->present |= EVOPT_BAD;
			break;
		}
		v = bytes_sub(&ob, (size_t)len - 2, &vcut);
		if (vcut) {
			o->present |= EVOPT_TRUNC;
			break;
		}
		if (!parse_tcp_option(kind, len, &v, o))
			o->present |= EVOPT_BAD;
	}
}

/*
 * The TCP header (RFC 9293 3.1). b reads the IP payload only (left bytes
 * long, fewer if the capture cut it). The fixed header must fit in left
 * and be captured; the options must fit in left and may be cut. In a
 * first fragment the header may go on in the next fragment: the options
 * there are cut, and the payload length is unknown (0).
 */
static enum parse_reason
parse_tcp(struct bytes *b, size_t left, bool more, struct event_segment *out)
{
	const uint8_t	*q;
	size_t		 hlen;
	uint8_t		 doff_flags, flags;

	if (left < 20)
		return more ? PARSE_R_FRAGMENT : PARSE_R_BAD_IPLEN;
	if (!bytes_has(b, 20))
		return PARSE_R_TCP_SHORT;

	/* The fixed header, read in place (bytes_has promised 20). */
	q = bytes_take(b, 20);
	out->src.port = bytes_be16_at(q);
	out->dst.port = bytes_be16_at(q + 2);
	out->seq = bytes_be32_at(q + 4);
	out->ack = bytes_be32_at(q + 8);
	doff_flags = q[12];
	flags = q[13];
	out->window = bytes_be16_at(q + 14);
	out->urgent = bytes_be16_at(q + 18);	/* after the checksum */

	hlen = (size_t)(doff_flags >> 4) * 4;
	if (hlen < 20 || (hlen > left && !more))
		return PARSE_R_BAD_DOFF;
	/* Port 0 is legal on the wire; the engine decides what to do. */
	out->flags = (uint16_t)(((doff_flags & 0x01) << 8) | flags);
	parse_tcp_options(b, hlen - 20, &out->opts);

	if (hlen > left)
		return PARSE_R_NONE;	/* header split by fragmenting */
	out->payload_len = left - hlen > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)(left - hlen);
	out->payload_short = bytes_left(b) < left - hlen;
	return PARSE_R_NONE;
}

struct parse_result
parse_frame(int linktype, const uint8_t *data, size_t caplen, size_t wirelen,
    struct event_segment *out)
{
	struct parse_result	 res;
	struct bytes		 b, tb;
	enum parse_net		 net = PARSE_NET_IPV4;
	enum parse_reason	 r;
	size_t			 wire, left = 0;
	bool			 more = false, cut;

	memset(out, 0, sizeof *out);
	bytes_init(&b, data, caplen);
	/* A capture never holds more than the wire did; trust the larger. */
	wire = wirelen > b.len ? wirelen : b.len;

	r = parse_link(linktype, &b, &net);
	if (r == PARSE_R_NONE && net == PARSE_NET_ANY) {
		if (!bytes_has(&b, 1))
			r = PARSE_R_IP_SHORT;
		else if ((parse_peek(&b) >> 4) == 4)
			net = PARSE_NET_IPV4;
		else if ((parse_peek(&b) >> 4) == 6)
			net = PARSE_NET_IPV6;
		else
			r = PARSE_R_BAD_IPVER;
	}
	if (r == PARSE_R_NONE) {
		if (net == PARSE_NET_IPV4)
			r = parse_ipv4(&b, wire - b.off, out, &left, &more);
		else
			r = parse_ipv6(&b, wire - b.off, out, &left, &more);
	}
	if (r == PARSE_R_NONE) {
		/* TCP sees the IP payload only, never padding or trailers. */
		tb = bytes_sub(&b, left, &cut);
		r = parse_tcp(&tb, left, more, out);
	}

	res.reason = r;
	res.status = parse_reason_status(r);
	return res;
}
