/*
 * fuzz-parse.c: libFuzzer target for frame decoding (parse_frame). The
 * first byte picks a link type (every one parse.c decodes, plus some it
 * names but refuses), the second how the wire length relates to the
 * captured length; the rest is the frame.
 *
 * Invariants checked on every result: status and reason agree, a
 * supported link type is never refused as such, a decoded segment has
 * sane addresses, flags and options, its payload length never exceeds
 * the frame on the wire (nor the capture, unless payload_short says it
 * was cut), and decoding is a pure function of the bytes.
 */
#include "config.h"

#include <string.h>

#include "event.h"
#include "fuzz.h"
#include "parse.h"
#include "wire.h"

/* Link types to try: all that parse.c decodes, then refused ones. */
static const int fuzz_parse_linktypes[] = {
	WIRE_LINK_NULL, WIRE_LINK_ETHERNET, WIRE_LINK_RAW_OLD,
	WIRE_LINK_RAW_OLD2, WIRE_LINK_RAW, WIRE_LINK_LOOP, WIRE_LINK_SLL,
	WIRE_LINK_IPV4, WIRE_LINK_IPV6, WIRE_LINK_SLL2, WIRE_LINK_PPP,
	WIRE_LINK_PPP_HDLC, WIRE_LINK_C_HDLC, WIRE_LINK_NFLOG,
	105, 127, 192, 220, -1
};

/* Check what must hold for one decoded frame. */
static void
fuzz_parse_check(int linktype, const uint8_t *data, size_t caplen,
    size_t wirelen, struct parse_result r, const struct event_segment *seg)
{
	struct event_segment	 again;
	struct parse_result	 r2;
	struct event_key	 key;
	char			 buf[EVENT_ADDR_STRLEN + EVENT_FLAGS_STRLEN];
	size_t			 wire = wirelen > caplen ? wirelen : caplen;

	FUZZ_CHECK(r.reason < PARSE_R_COUNT);
	FUZZ_CHECK(r.status == parse_reason_status(r.reason));
	FUZZ_CHECK((r.status == PARSE_OK) == (r.reason == PARSE_R_NONE));
	FUZZ_CHECK(parse_reason_text(r.reason) != NULL);
	FUZZ_CHECK(parse_linktype_name(linktype) != NULL);
	if (!parse_linktype_supported(linktype))
		FUZZ_CHECK(r.reason == PARSE_R_LINKTYPE);
	else
		FUZZ_CHECK(r.reason != PARSE_R_LINKTYPE);

	/* Decoding keeps no state: the same bytes give the same answer. */
	r2 = parse_frame(linktype, data, caplen, wirelen, &again);
	FUZZ_CHECK(r2.status == r.status && r2.reason == r.reason);
	if (r.status != PARSE_OK)
		return;
	FUZZ_CHECK(memcmp(&again, seg, sizeof again) == 0);

	FUZZ_CHECK(seg->src.family == EVENT_AF_INET ||
	    seg->src.family == EVENT_AF_INET6);
	FUZZ_CHECK(seg->dst.family == seg->src.family);
	FUZZ_CHECK((seg->flags & ~0x1ffu) == 0);
	FUZZ_CHECK(seg->t_sent == 0 && seg->t_recv == 0 && seg->origin == 0);
	FUZZ_CHECK(!seg->lost);
	FUZZ_CHECK(seg->opts.sack_count <= EVENT_SACK_MAX);
	if (!(seg->opts.present & EVOPT_SACK))
		FUZZ_CHECK(seg->opts.sack_count == 0);
	/* payload_len comes from IP lengths, clamped to the wire length. */
	FUZZ_CHECK(seg->payload_len <= wire);
	if (!seg->payload_short)
		FUZZ_CHECK(seg->payload_len <= caplen);

	/* The formatters and the flow key take any decoded segment. */
	event_endpoint_format(buf, sizeof buf, &seg->src);
	FUZZ_CHECK(buf[0] != '\0' && strlen(buf) < EVENT_ADDR_STRLEN);
	event_flags_format(buf, sizeof buf, seg->flags);
	FUZZ_CHECK(strlen(buf) < EVENT_FLAGS_STRLEN);
	if (event_key_make(&key, seg) == 0)
		FUZZ_CHECK(event_endpoint_eq(&key.a, &seg->src));
	else
		FUZZ_CHECK(event_endpoint_eq(&key.b, &seg->src));
	FUZZ_CHECK(event_endpoint_cmp(&key.a, &key.b) <= 0);
}

/* One input: a link-type choice, a wire-length choice, a frame. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event_segment	 seg;
	struct parse_result	 r;
	struct parse_stats	 st;
	size_t			 n = sizeof fuzz_parse_linktypes /
				    sizeof fuzz_parse_linktypes[0];
	size_t			 caplen, wirelen;
	int			 linktype;
	uint8_t			 mode;

	if (size < 2)
		return 0;
	linktype = fuzz_parse_linktypes[data[0] % n];
	mode = data[1];
	data += 2;
	caplen = size - 2;
	/* The wire may hold more than was captured (snaplen), or claim less. */
	switch (mode & 3) {
	case 0:
		wirelen = caplen;
		break;
	case 1:
		wirelen = caplen + (size_t)(mode >> 2) * 97;
		break;
	case 2:
		wirelen = caplen > (size_t)(mode >> 2) ?
		    caplen - (size_t)(mode >> 2) : 0;
		break;
	default:
		wirelen = mode & 4 ? UINT32_MAX : 65535;
		break;
	}

	memset(&st, 0, sizeof st);
	r = parse_frame(linktype, data, caplen, wirelen, &seg);
	parse_stats_add(&st, r);
	FUZZ_CHECK(st.frames == 1);
	FUZZ_CHECK(st.tcp == (r.status == PARSE_OK));
	fuzz_parse_check(linktype, data, caplen, wirelen, r, &seg);
	return 0;
}
