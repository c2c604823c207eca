/*
 * test-parse.c: the frame decoder (parse.c). Every link type, VLAN stacks,
 * IPv4 options and fragments, IPv6 extension chains, every TCP option and
 * its malformed lengths; then every test frame cut at every byte, mutated
 * byte by byte, and random frames, under ASan with exact-size buffers so
 * any read past caplen is caught.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"
#include "parse.h"
#include "wire.h"
#include "framebuild.h"

#define ET_ARP		0x0806
#define IPPROTO_UDP_	17
#define IPPROTO_ESP_	50

/* A frame under test: its link type and bytes. */
struct tframe {
	int			linktype;
	struct framebuild	fb;
};

/* SYN options: MSS 1460, SACK-permitted, timestamps 1/0, NOP, WS 7. */
static const uint8_t syn_opts[] = {
	2, 4, 0x05, 0xb4,
	4, 2,
	8, 10, 0, 0, 0, 1, 0, 0, 0, 0,
	1,
	3, 3, 7
};

static const struct framebuild_tcp tcp_syn = {
	.sport = 40000, .dport = 80, .seq = 0x01020304, .ack = 0,
	.flags = SEGF_SYN, .window = 64240, .opts = syn_opts,
	.optlen = sizeof syn_opts
};

static const struct framebuild_tcp tcp_data = {
	.sport = 80, .dport = 40000, .seq = 0xfffffff0, .ack = 0x01020305,
	.flags = SEGF_ACK | SEGF_PSH, .window = 502
};

/*
 * Parse the first caplen bytes from a buffer of exactly that size, so ASan
 * flags any read past it.
 */
static struct parse_result
run(int linktype, const uint8_t *p, size_t caplen, size_t wirelen,
    struct event_segment *seg)
{
	struct parse_result	 r;
	uint8_t			*copy;

	copy = malloc(caplen == 0 ? 1 : caplen);
	assert_non_null(copy);
	if (caplen != 0)
		memcpy(copy, p, caplen);
	r = parse_frame(linktype, caplen == 0 ? NULL : copy, caplen, wirelen,
	    seg);
	free(copy);
	return r;
}

/* Parse a whole frame and check status and reason. */
static struct event_segment
expect(const struct tframe *t, enum parse_status st, enum parse_reason why)
{
	struct event_segment	seg;
	struct parse_result	r;

	assert_false(t->fb.overflow);
	r = run(t->linktype, t->fb.buf, t->fb.len, t->fb.len, &seg);
	if (r.status != st || r.reason != why)
		fail_msg("got %d/%s, want %d/%s", r.status,
		    parse_reason_text(r.reason), st, parse_reason_text(why));
	return seg;
}

/* Expect OK and the fields of tcp_data with n payload bytes. */
static struct event_segment
expect_data(const struct tframe *t, uint32_t n)
{
	struct event_segment	seg;

	seg = expect(t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.src.port, 80);
	assert_int_equal(seg.dst.port, 40000);
	assert_int_equal(seg.seq, 0xfffffff0);
	assert_int_equal(seg.ack, 0x01020305);
	assert_int_equal(seg.flags, SEGF_ACK | SEGF_PSH);
	assert_int_equal(seg.window, 502);
	assert_int_equal(seg.payload_len, n);
	return seg;
}

static void
check_v4_addrs(struct event_segment s)
{
	const struct event_segment	*seg = &s;
	static const uint8_t	src[4] = { 10, 0, 0, 1 };
	static const uint8_t	dst[4] = { 10, 0, 0, 2 };

	assert_int_equal(seg->src.family, EVENT_AF_INET);
	assert_int_equal(seg->dst.family, EVENT_AF_INET);
	assert_memory_equal(seg->src.addr, src, 4);
	assert_memory_equal(seg->dst.addr, dst, 4);
}

static void
check_v6_addrs(struct event_segment s)
{
	const struct event_segment	*seg = &s;
	assert_int_equal(seg->src.family, EVENT_AF_INET6);
	assert_int_equal(seg->dst.family, EVENT_AF_INET6);
	assert_int_equal(seg->src.addr[0], 0x20);
	assert_int_equal(seg->src.addr[15], 1);
	assert_int_equal(seg->dst.addr[15], 2);
}

/* ---- frame builders, shared by the focused tests and the sweeps ------ */

/* TCP data segment with n payload bytes over IPv4, after the link. */
static void
v4_data(struct tframe *t, size_t n)
{
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0, NULL, 0);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', n);
	framebuild_finish(&t->fb);
}

static void
v6_data(struct tframe *t, size_t n)
{
	framebuild_ipv6(&t->fb, WIRE_IP_TCP);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', n);
	framebuild_finish(&t->fb);
}

static void
b_eth_v4_syn(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0x4000, NULL, 0);	/* DF */
	framebuild_tcp(&t->fb, &tcp_syn);
	framebuild_finish(&t->fb);
}

static void
b_eth_v4_data(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	v4_data(t, 100);
}

static void
b_eth_v6_data(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV6);
	v6_data(t, 33);
}

static void
b_vlan_v4(struct tframe *t)
{
	static const uint16_t	tags[] = { WIRE_ETH_VLAN };

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, tags, 1, WIRE_ETH_IPV4);
	v4_data(t, 10);
}

static void
b_qinq_v6(struct tframe *t)
{
	static const uint16_t	tags[] = { WIRE_ETH_QINQ, WIRE_ETH_VLAN };

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, tags, 2, WIRE_ETH_IPV6);
	v6_data(t, 10);
}

static void
b_qinq_old_v4(struct tframe *t)
{
	static const uint16_t	tags[] = { WIRE_ETH_QINQ_OLD, WIRE_ETH_VLAN };

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, tags, 2, WIRE_ETH_IPV4);
	v4_data(t, 10);
}

/* Eight tags: the most the decoder walks. */
static void
b_vlan8(struct tframe *t)
{
	static const uint16_t	tags[8] = {
		WIRE_ETH_QINQ, WIRE_ETH_QINQ_OLD, WIRE_ETH_VLAN, WIRE_ETH_VLAN,
		WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN
	};

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, tags, 8, WIRE_ETH_IPV4);
	v4_data(t, 10);
}

static void
b_vlan9(struct tframe *t)
{
	static const uint16_t	tags[9] = {
		WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN,
		WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN, WIRE_ETH_VLAN,
		WIRE_ETH_VLAN
	};

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, tags, 9, WIRE_ETH_IPV4);
	v4_data(t, 10);
}

/* 802.3 frame: a length field, then LLC/SNAP; never IP for us. */
static void
b_llc(struct tframe *t)
{
	static const uint8_t	llc[] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0 };

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, 8 + 40);
	framebuild_bytes(&t->fb, llc, sizeof llc);
	v4_data(t, 0);
}

static void
b_arp(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, ET_ARP);
	framebuild_fill(&t->fb, 0, 28);
	framebuild_finish(&t->fb);
}

static void
b_sll_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL;
	framebuild_sll(&t->fb, 1, WIRE_ETH_IPV4);
	v4_data(t, 7);
}

static void
b_sll_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL;
	framebuild_sll(&t->fb, 1, WIRE_ETH_IPV6);
	v6_data(t, 7);
}

/* libpcap puts VLAN tags back after the SLL protocol field. */
static void
b_sll_vlan(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL;
	framebuild_sll(&t->fb, 1, WIRE_ETH_VLAN);
	framebuild_bytes(&t->fb, "\x00\x05\x08\x00", 4);
	v4_data(t, 7);
}

static void
b_sll_netlink(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL;
	framebuild_sll(&t->fb, 824, WIRE_ETH_IPV4);
	v4_data(t, 7);
}

static void
b_sll2_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL2;
	framebuild_sll2(&t->fb, 1, WIRE_ETH_IPV4);
	v4_data(t, 5);
}

static void
b_sll2_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_SLL2;
	framebuild_sll2(&t->fb, 772, WIRE_ETH_IPV6);
	v6_data(t, 5);
}

static void
b_null_le_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET, false);
	v4_data(t, 3);
}

static void
b_null_be_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET, true);
	v4_data(t, 3);
}

static void
b_null_v6_24(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET6_BSD, false);
	v6_data(t, 3);
}

static void
b_null_v6_28(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET6_FREEBSD, true);
	v6_data(t, 3);
}

static void
b_null_v6_30(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET6_DARWIN, false);
	v6_data(t, 3);
}

/* AF_ISO (7): not IP. */
static void
b_null_other(struct tframe *t)
{
	t->linktype = WIRE_LINK_NULL;
	framebuild_null(&t->fb, 7, false);
	v4_data(t, 3);
}

static void
b_loop_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_LOOP;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET, true);
	v4_data(t, 3);
}

static void
b_loop_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_LOOP;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET6_BSD, true);
	v6_data(t, 3);
}

/* DLT_LOOP is network order only: a little-endian family is not IP. */
static void
b_loop_le(struct tframe *t)
{
	t->linktype = WIRE_LINK_LOOP;
	framebuild_null(&t->fb, WIRE_BSD_AF_INET, false);
	v4_data(t, 3);
}

static void
b_raw_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	v4_data(t, 1);
}

static void
b_raw_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	v6_data(t, 1);
}

static void
b_raw12_v4(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW_OLD;
	v4_data(t, 2);
}

static void
b_raw14_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW_OLD2;
	v6_data(t, 2);
}

static void
b_raw_badver(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	v4_data(t, 2);
	framebuild_put8(&t->fb, 0, 0x55);
}

static void
b_ipv4link(struct tframe *t)
{
	t->linktype = WIRE_LINK_IPV4;
	v4_data(t, 4);
}

static void
b_ipv6link(struct tframe *t)
{
	t->linktype = WIRE_LINK_IPV6;
	v6_data(t, 4);
}

/* The IPv4 link type carrying an IPv6 packet contradicts itself. */
static void
b_ipv4link_v6(struct tframe *t)
{
	t->linktype = WIRE_LINK_IPV4;
	v6_data(t, 4);
}

/* Ethernet saying IPv4 but holding IPv6. */
static void
b_eth_v4_ver6(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	v6_data(t, 4);
}

static void
b_radiotap(struct tframe *t)
{
	t->linktype = 127;
	framebuild_fill(&t->fb, 0, 8);
	v4_data(t, 4);
}

/* IPv4 options: NOP, NOP, Record Route with two slots (IHL 8). */
static void
b_v4_options(struct tframe *t)
{
	static const uint8_t	opts[] = {
		1, 1, 7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0
	};

	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0, opts, sizeof opts);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'y', 20);
	framebuild_finish(&t->fb);
}

static void
b_v4_ihl4(struct tframe *t)
{
	b_eth_v4_data(t);
	framebuild_put8(&t->fb, 14, 0x44);
}

/* Total length 16: shorter than the IPv4 header itself. */
static void
b_v4_total_short(struct tframe *t)
{
	b_eth_v4_data(t);
	framebuild_put16(&t->fb, 14 + 2, 16);
}

/* Total length 30: the IPv4 header fits, a TCP header cannot. */
static void
b_v4_total_notcp(struct tframe *t)
{
	b_eth_v4_data(t);
	framebuild_put16(&t->fb, 14 + 2, 30);
}

static void
b_v4_udp(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, IPPROTO_UDP_, 0, NULL, 0);
	framebuild_fill(&t->fb, 0, 30);
	framebuild_finish(&t->fb);
}

/* First fragment: MF set, offset 0; the TCP header is in it. */
static void
b_v4_frag_first(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0x2000, NULL, 0);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 24);
	framebuild_finish(&t->fb);
}

/*
 * A first fragment that splits the TCP header: 24 of its 40 bytes. The
 * segment is decoded; the options are cut, the payload length unknown.
 */
static void
b_v4_frag_split(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0x2000, NULL, 0);
	framebuild_tcp(&t->fb, &tcp_syn);
	t->fb.len = 14 + 20 + 24;
	framebuild_finish(&t->fb);
	/* Ethernet padding that looks like options must not be read. */
	framebuild_bytes(&t->fb, "\x04\x02\x01\x01\x01\x01", 6);
}

/* A first fragment too short for the fixed TCP header. */
static void
b_v4_frag_tiny(struct tframe *t)
{
	b_v4_frag_split(t);
	t->fb.len = 14 + 20 + 16;
	framebuild_finish(&t->fb);
}

static void
b_v4_frag_later(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 6, NULL, 0);	/* offset 48 */
	framebuild_fill(&t->fb, 'x', 44);
	framebuild_finish(&t->fb);
}

/* TSO: total length 0, the frame holds 20 + 20 + 500 bytes. */
static void
b_v4_tso(struct tframe *t)
{
	b_eth_v4_data(t);
	t->fb.len = t->fb.end = 14 + 40;
	framebuild_fill(&t->fb, 'x', 500);
	t->fb.end = t->fb.len;
	framebuild_put16(&t->fb, 14 + 2, 0);
}

/* Ethernet minimum-size padding after a bare ACK. */
static void
b_v4_padded(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	v4_data(t, 0);
	framebuild_fill(&t->fb, 0, 6);
}

/* IPv4 inside AH (RFC 4302). */
static void
b_v4_ah(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv4(&t->fb, WIRE_IP_AH, 0, NULL, 0);
	framebuild_ah(&t->fb, WIRE_IP_TCP, 24);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 9);
	framebuild_finish(&t->fb);
}

/* Hop-by-hop, routing, destination options, then TCP. */
static void
b_v6_chain(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV6);
	framebuild_ipv6(&t->fb, WIRE_IP_HOPOPTS);
	framebuild_ip6_ext(&t->fb, WIRE_IP_ROUTING, 8);
	framebuild_ip6_ext(&t->fb, WIRE_IP_DSTOPTS, 24);
	framebuild_ip6_ext(&t->fb, WIRE_IP_TCP, 16);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 50);
	framebuild_finish(&t->fb);
}

static void
b_v6_frag_first(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_FRAGMENT);
	framebuild_ip6_frag(&t->fb, WIRE_IP_TCP, 0, true);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 16);
	framebuild_finish(&t->fb);
}

static void
b_v6_frag_later(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_FRAGMENT);
	framebuild_ip6_frag(&t->fb, WIRE_IP_TCP, 5, false);
	framebuild_fill(&t->fb, 'x', 40);
	framebuild_finish(&t->fb);
}

static void
b_v6_ah(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_DSTOPTS);
	framebuild_ip6_ext(&t->fb, WIRE_IP_AH, 8);
	framebuild_ah(&t->fb, WIRE_IP_TCP, 24);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 9);
	framebuild_finish(&t->fb);
}

static void
b_v6_esp(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, IPPROTO_ESP_);
	framebuild_fill(&t->fb, 0xee, 60);
	framebuild_finish(&t->fb);
}

static void
b_v6_none(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_DSTOPTS);
	framebuild_ip6_ext(&t->fb, WIRE_IP_NONE, 8);
	framebuild_finish(&t->fb);
}

static void
b_v6_udp(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_HOPOPTS);
	framebuild_ip6_ext(&t->fb, IPPROTO_UDP_, 8);
	framebuild_fill(&t->fb, 0, 20);
	framebuild_finish(&t->fb);
}

/* A destination-options header longer than the payload length allows. */
static void
b_v6_overrun(struct tframe *t)
{
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_DSTOPTS);
	framebuild_ip6_ext(&t->fb, WIRE_IP_TCP, 8);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_finish(&t->fb);
	framebuild_put8(&t->fb, 40 + 1, 4);	/* 40 bytes > 28 */
}

/* Nine extension headers: more than the decoder walks. */
static void
b_v6_long_chain(struct tframe *t)
{
	int	i;

	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_DSTOPTS);
	for (i = 0; i < 8; i++)
		framebuild_ip6_ext(&t->fb, WIRE_IP_DSTOPTS, 8);
	framebuild_ip6_ext(&t->fb, WIRE_IP_TCP, 8);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_finish(&t->fb);
}

/* BIG TCP: payload length 0, a Jumbo Payload of 8 + 20 + 100. */
static void
b_v6_jumbo(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV6);
	framebuild_ipv6(&t->fb, WIRE_IP_HOPOPTS);
	framebuild_ip6_jumbo(&t->fb, WIRE_IP_TCP, 8 + 20 + 100);
	framebuild_tcp(&t->fb, &tcp_data);
	framebuild_fill(&t->fb, 'x', 100);
	framebuild_finish(&t->fb);
	framebuild_put16(&t->fb, 14 + 4, 0);
}

/* Payload length 0 and no jumbo option: the rest of the frame. */
static void
b_v6_plen0(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV6);
	v6_data(t, 300);
	framebuild_put16(&t->fb, 14 + 4, 0);
}

static void
b_tcp_doff4(struct tframe *t)
{
	b_eth_v4_data(t);
	framebuild_put8(&t->fb, 14 + 20 + 12, 0x40);
}

/* Data offset 15 (60 bytes) in a 20 + 30 byte IP payload. */
static void
b_tcp_doff_long(struct tframe *t)
{
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	v4_data(t, 10);
	framebuild_put8(&t->fb, 14 + 20 + 12, 0xf0);
}

/* Port 0 on both sides: legal on the wire, decoded. */
static void
b_tcp_port0(struct tframe *t)
{
	b_eth_v4_data(t);
	framebuild_put16(&t->fb, 14 + 20, 0);
	framebuild_put16(&t->fb, 14 + 20 + 2, 0);
}

/* Every option kind we read, plus an unknown one, in one header. */
static const uint8_t all_opts[] = {
	2, 4, 0x23, 0x28,				/* MSS 9000 */
	3, 3, 14,					/* WS 14 */
	4, 2,						/* SACK-permitted */
	99, 3, 0,					/* unknown, skipped */
	8, 10, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 9,	/* TS */
	34, 2,						/* TFO request */
	1, 1,
};

static void
b_tcp_allopts(struct tframe *t)
{
	struct framebuild_tcp	tp = tcp_data;

	tp.opts = all_opts;
	tp.optlen = sizeof all_opts;
	tp.flags = SEGF_SYN | SEGF_ECE | SEGF_CWR;
	t->linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t->fb, NULL, 0, WIRE_ETH_IPV4);
	framebuild_ipv4(&t->fb, WIRE_IP_TCP, 0, NULL, 0);
	framebuild_tcp(&t->fb, &tp);
	framebuild_finish(&t->fb);
}

/* Four SACK blocks after two NOPs, with timestamps would not fit. */
static const uint8_t sack4_opts[] = {
	1, 1, 5, 34,
	0, 0, 0, 10, 0, 0, 0, 20,
	0, 0, 0, 30, 0, 0, 0, 40,
	0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0x10,
	0x80, 0, 0, 0, 0x80, 0, 0, 1
};

static void
b_tcp_sack4(struct tframe *t)
{
	struct framebuild_tcp	tp = tcp_data;

	tp.opts = sack4_opts;
	tp.optlen = sizeof sack4_opts;
	t->linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t->fb, WIRE_IP_TCP);
	framebuild_tcp(&t->fb, &tp);
	framebuild_fill(&t->fb, 'x', 5);
	framebuild_finish(&t->fb);
}

/* One frame per builder, with the result its whole bytes must give. */
static const struct tcase {
	const char		*name;
	void			(*build)(struct tframe *);
	enum parse_status	 status;
	enum parse_reason	 reason;
} cases[] = {
#define C(f, st, r) { #f, b_##f, PARSE_##st, PARSE_R_##r }
	C(eth_v4_syn, OK, NONE),
	C(eth_v4_data, OK, NONE),
	C(eth_v6_data, OK, NONE),
	C(vlan_v4, OK, NONE),
	C(qinq_v6, OK, NONE),
	C(qinq_old_v4, OK, NONE),
	C(vlan8, OK, NONE),
	C(vlan9, INVALID, VLAN_DEPTH),
	C(llc, SKIP, NOT_IP),
	C(arp, SKIP, NOT_IP),
	C(sll_v4, OK, NONE),
	C(sll_v6, OK, NONE),
	C(sll_vlan, OK, NONE),
	C(sll_netlink, SKIP, NOT_IP),
	C(sll2_v4, OK, NONE),
	C(sll2_v6, OK, NONE),
	C(null_le_v4, OK, NONE),
	C(null_be_v4, OK, NONE),
	C(null_v6_24, OK, NONE),
	C(null_v6_28, OK, NONE),
	C(null_v6_30, OK, NONE),
	C(null_other, SKIP, NOT_IP),
	C(loop_v4, OK, NONE),
	C(loop_v6, OK, NONE),
	C(loop_le, SKIP, NOT_IP),
	C(raw_v4, OK, NONE),
	C(raw_v6, OK, NONE),
	C(raw12_v4, OK, NONE),
	C(raw14_v6, OK, NONE),
	C(raw_badver, INVALID, BAD_IPVER),
	C(ipv4link, OK, NONE),
	C(ipv6link, OK, NONE),
	C(ipv4link_v6, INVALID, BAD_IPVER),
	C(eth_v4_ver6, INVALID, BAD_IPVER),
	C(radiotap, SKIP, LINKTYPE),
	C(v4_options, OK, NONE),
	C(v4_ihl4, INVALID, BAD_IHL),
	C(v4_total_short, INVALID, BAD_IPLEN),
	C(v4_total_notcp, INVALID, BAD_IPLEN),
	C(v4_udp, SKIP, NOT_TCP),
	C(v4_frag_first, OK, NONE),
	C(v4_frag_later, SKIP, FRAGMENT),
	C(v4_frag_split, OK, NONE),
	C(v4_frag_tiny, SKIP, FRAGMENT),
	C(v4_tso, OK, NONE),
	C(v4_padded, OK, NONE),
	C(v4_ah, OK, NONE),
	C(v6_chain, OK, NONE),
	C(v6_frag_first, OK, NONE),
	C(v6_frag_later, SKIP, FRAGMENT),
	C(v6_ah, OK, NONE),
	C(v6_esp, SKIP, ESP),
	C(v6_none, SKIP, NOT_TCP),
	C(v6_udp, SKIP, NOT_TCP),
	C(v6_overrun, INVALID, BAD_EXTHDR),
	C(v6_long_chain, INVALID, BAD_EXTHDR),
	C(v6_jumbo, OK, NONE),
	C(v6_plen0, OK, NONE),
	C(tcp_doff4, INVALID, BAD_DOFF),
	C(tcp_doff_long, INVALID, BAD_DOFF),
	C(tcp_port0, OK, NONE),
	C(tcp_allopts, OK, NONE),
	C(tcp_sack4, OK, NONE),
#undef C
};

static void
build(struct tframe *t, void (*f)(struct tframe *))
{
	memset(t, 0, sizeof *t);
	framebuild_init(&t->fb);
	f(t);
	assert_false(t->fb.overflow);
}

/* ---- focused tests ---------------------------------------------------- */

/* Every builder's whole frame gives the result the table says. */
static void
test_case_table(void **state)
{
	struct event_segment	seg;
	struct parse_result	r;
	struct tframe		t;
	size_t			i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++) {
		build(&t, cases[i].build);
		r = run(t.linktype, t.fb.buf, t.fb.len, t.fb.len, &seg);
		if (r.status != cases[i].status || r.reason != cases[i].reason)
			fail_msg("%s: got %s, want %s", cases[i].name,
			    parse_reason_text(r.reason),
			    parse_reason_text(cases[i].reason));
	}
}

static void
test_link_types(void **state)
{
	struct event_segment	seg;
	struct tframe		t;

	(void)state;
	build(&t, b_eth_v4_data);
	check_v4_addrs(expect_data(&t, 100));
	assert_false(seg.payload_short);
	build(&t, b_eth_v6_data);
	check_v6_addrs(expect_data(&t, 33));
	build(&t, b_sll_v4);
	check_v4_addrs(expect_data(&t, 7));
	build(&t, b_sll_v6);
	check_v6_addrs(expect_data(&t, 7));
	build(&t, b_sll_vlan);
	check_v4_addrs(expect_data(&t, 7));
	build(&t, b_sll2_v4);
	check_v4_addrs(expect_data(&t, 5));
	build(&t, b_sll2_v6);
	check_v6_addrs(expect_data(&t, 5));
	build(&t, b_null_le_v4);
	check_v4_addrs(expect_data(&t, 3));
	build(&t, b_null_be_v4);
	check_v4_addrs(expect_data(&t, 3));
	build(&t, b_null_v6_24);
	check_v6_addrs(expect_data(&t, 3));
	build(&t, b_null_v6_28);
	check_v6_addrs(expect_data(&t, 3));
	build(&t, b_null_v6_30);
	check_v6_addrs(expect_data(&t, 3));
	build(&t, b_loop_v4);
	check_v4_addrs(expect_data(&t, 3));
	build(&t, b_loop_v6);
	check_v6_addrs(expect_data(&t, 3));
	build(&t, b_raw_v4);
	check_v4_addrs(expect_data(&t, 1));
	build(&t, b_raw_v6);
	check_v6_addrs(expect_data(&t, 1));
	build(&t, b_raw12_v4);
	check_v4_addrs(expect_data(&t, 2));
	build(&t, b_raw14_v6);
	check_v6_addrs(expect_data(&t, 2));
	build(&t, b_ipv4link);
	check_v4_addrs(expect_data(&t, 4));
	build(&t, b_ipv6link);
	check_v6_addrs(expect_data(&t, 4));

	/* An old writer's ethertype in a DLT_NULL header. */
	memset(&t, 0, sizeof t);
	framebuild_init(&t.fb);
	t.linktype = WIRE_LINK_NULL;
	framebuild_null(&t.fb, WIRE_ETH_IPV6, true);
	v6_data(&t, 3);
	(void)expect_data(&t, 3);

	/* Raw IP with no bytes at all is a truncated IP header. */
	assert_int_equal(run(WIRE_LINK_RAW, NULL, 0, 0, &seg).reason,
	    PARSE_R_IP_SHORT);
	assert_int_equal(run(WIRE_LINK_ETHERNET, NULL, 0, 60, &seg).reason,
	    PARSE_R_LINK_SHORT);
}

static void
test_linktype_names(void **state)
{
	static const int	ok[] = { 0, 1, 12, 14, 101, 108, 113, 228, 229,
	    276 };
	size_t			i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(ok); i++) {
		assert_true(parse_linktype_supported(ok[i]));
		assert_string_not_equal(parse_linktype_name(ok[i]), "unknown");
	}
	assert_string_equal(parse_linktype_name(1), "EN10MB");
	assert_string_equal(parse_linktype_name(276), "LINUX_SLL2");
	assert_string_equal(parse_linktype_name(113), "LINUX_SLL");
	assert_false(parse_linktype_supported(127));
	assert_string_equal(parse_linktype_name(127), "IEEE802_11_RADIO");
	assert_false(parse_linktype_supported(-1));
	assert_false(parse_linktype_supported(147));
	assert_string_equal(parse_linktype_name(100000), "unknown");
}

static void
test_vlan(void **state)
{
	struct tframe	t;

	(void)state;
	build(&t, b_vlan_v4);
	check_v4_addrs(expect_data(&t, 10));
	build(&t, b_qinq_v6);
	(void)expect_data(&t, 10);
	build(&t, b_qinq_old_v4);
	(void)expect_data(&t, 10);
	build(&t, b_vlan8);
	(void)expect_data(&t, 10);
	build(&t, b_vlan9);
	(void)expect(&t, PARSE_INVALID, PARSE_R_VLAN_DEPTH);
	/* A tagged 802.3 frame is still not IP. */
	memset(&t, 0, sizeof t);
	framebuild_init(&t.fb);
	t.linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t.fb, (const uint16_t[]){ WIRE_ETH_VLAN }, 1, 46);
	framebuild_fill(&t.fb, 0, 46);
	(void)expect(&t, PARSE_SKIP, PARSE_R_NOT_IP);
}

static void
test_ipv4(void **state)
{
	struct event_segment	seg;
	struct tframe		t;

	(void)state;
	build(&t, b_v4_options);
	check_v4_addrs(expect_data(&t, 20));

	/* First fragment: payload from this fragment's total length. */
	build(&t, b_v4_frag_first);
	(void)expect_data(&t, 24);
	build(&t, b_v4_frag_later);
	(void)expect(&t, PARSE_SKIP, PARSE_R_FRAGMENT);
	build(&t, b_v4_frag_split);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.flags, SEGF_SYN);
	assert_int_equal(seg.seq, 0x01020304);
	assert_int_equal(seg.payload_len, 0);
	assert_false(seg.payload_short);
	assert_int_equal(seg.opts.present, EVOPT_MSS | EVOPT_TRUNC);
	/* Not a fragment: the same header is a bad data offset. */
	framebuild_put16(&t.fb, 14 + 6, 0);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_DOFF);
	build(&t, b_v4_frag_tiny);
	(void)expect(&t, PARSE_SKIP, PARSE_R_FRAGMENT);
	/* The offset's top bit alone; DF and MF are not the offset. */
	build(&t, b_eth_v4_data);
	framebuild_put16(&t.fb, 14 + 6, 0x1000);
	(void)expect(&t, PARSE_SKIP, PARSE_R_FRAGMENT);
	framebuild_put16(&t.fb, 14 + 6, 0x6000);
	(void)expect_data(&t, 100);

	/* TSO (total length 0): the payload is what the frame holds. */
	build(&t, b_v4_tso);
	(void)expect_data(&t, 500);
	/* ... up to the wire length when the capture was cut. */
	assert_int_equal(run(t.linktype, t.fb.buf, 100, t.fb.len, &seg).status,
	    PARSE_OK);
	assert_int_equal(seg.payload_len, 500);
	assert_true(seg.payload_short);

	/* Padding after the IP packet is not payload. */
	build(&t, b_v4_padded);
	seg = expect_data(&t, 0);
	assert_false(seg.payload_short);

	/* A total length beyond the wire is clamped to the wire. */
	build(&t, b_eth_v4_data);
	framebuild_put16(&t.fb, 14 + 2, 1400);
	(void)expect_data(&t, 100);

	build(&t, b_v4_ah);
	(void)expect_data(&t, 9);
	build(&t, b_v4_ihl4);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_IHL);
	build(&t, b_v4_total_short);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_IPLEN);
	build(&t, b_v4_total_notcp);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_IPLEN);
	build(&t, b_v4_udp);
	(void)expect(&t, PARSE_SKIP, PARSE_R_NOT_TCP);
}

static void
test_ipv6(void **state)
{
	struct event_segment	seg;
	struct tframe		t;

	(void)state;
	build(&t, b_v6_chain);
	check_v6_addrs(expect_data(&t, 50));
	build(&t, b_v6_frag_first);
	(void)expect_data(&t, 16);
	build(&t, b_v6_frag_later);
	(void)expect(&t, PARSE_SKIP, PARSE_R_FRAGMENT);
	/* A first IPv6 fragment may split the TCP header too. */
	build(&t, b_v6_frag_first);
	framebuild_put8(&t.fb, 40 + 8 + 12, 0xf0);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.payload_len, 0);
	assert_true((seg.opts.present & EVOPT_TRUNC) != 0);
	/* ... but not once the M flag is clear. */
	framebuild_put8(&t.fb, 40 + 3, 0);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_DOFF);
	build(&t, b_v6_ah);
	(void)expect_data(&t, 9);
	build(&t, b_v6_esp);
	(void)expect(&t, PARSE_SKIP, PARSE_R_ESP);
	build(&t, b_v6_none);
	(void)expect(&t, PARSE_SKIP, PARSE_R_NOT_TCP);
	build(&t, b_v6_udp);
	(void)expect(&t, PARSE_SKIP, PARSE_R_NOT_TCP);
	build(&t, b_v6_overrun);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_EXTHDR);
	build(&t, b_v6_long_chain);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_EXTHDR);

	/* BIG TCP: the jumbo length, also when the capture was cut... */
	build(&t, b_v6_jumbo);
	seg = expect_data(&t, 100);
	assert_false(seg.payload_short);
	assert_int_equal(run(t.linktype, t.fb.buf, t.fb.tcp_off + 30,
	    t.fb.len, &seg).status, PARSE_OK);
	assert_int_equal(seg.payload_len, 100);
	assert_true(seg.payload_short);
	/* ... it wins over the frame length when it is smaller ... */
	framebuild_put32(&t.fb, 14 + 40 + 4, 8 + 20 + 50);
	(void)expect_data(&t, 50);
	/* ... is clamped to the wire when larger ... */
	framebuild_put32(&t.fb, 14 + 40 + 4, 8 + 20 + 70000);
	(void)expect_data(&t, 100);
	/* ... and ignored when the payload length is not 0. */
	framebuild_put32(&t.fb, 14 + 40 + 4, 8 + 20 + 50);
	framebuild_put16(&t.fb, 14 + 4, 8 + 20 + 60);
	(void)expect_data(&t, 60);
	/* A jumbo option after PadN, whose filler looks like one. */
	memset(&t, 0, sizeof t);
	framebuild_init(&t.fb);
	t.linktype = WIRE_LINK_RAW;
	framebuild_ipv6(&t.fb, WIRE_IP_HOPOPTS);
	framebuild_bytes(&t.fb, "\x06\x01\x01\x06\xc2\x04\x00\x00\x00\x09"
	    "\xc2\x04\x00\x00\x00\x46", 16);		/* 16 + 20 + 34 */
	framebuild_tcp(&t.fb, &tcp_data);
	framebuild_fill(&t.fb, 'x', 100);
	framebuild_finish(&t.fb);
	framebuild_put16(&t.fb, 4, 0);
	(void)expect_data(&t, 34);
	/* Payload length 0 without a jumbo option: the rest of the frame. */
	build(&t, b_v6_plen0);
	seg = expect_data(&t, 300);
	assert_false(seg.payload_short);

	/* A payload length beyond the frame is clamped to it. */
	build(&t, b_eth_v6_data);
	framebuild_put16(&t.fb, 14 + 4, 9000);
	(void)expect_data(&t, 33);
	/* A payload length too small for TCP contradicts the headers. */
	framebuild_put16(&t.fb, 14 + 4, 12);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_IPLEN);
	/* An extension header that does not fit in 8 bytes of payload. */
	build(&t, b_v6_chain);
	framebuild_put16(&t.fb, 14 + 4, 4);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_EXTHDR);
	/* ... even when the capture ends before that header. */
	assert_int_equal(run(t.linktype, t.fb.buf, 14 + 40 + 1, t.fb.len,
	    &seg).reason, PARSE_R_BAD_EXTHDR);
}

static void
test_tcp_fields(void **state)
{
	struct event_segment	seg;
	struct tframe		t;
	uint16_t		bit;

	(void)state;
	build(&t, b_eth_v4_syn);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.flags, SEGF_SYN);
	assert_int_equal(seg.seq, 0x01020304);
	assert_int_equal(seg.window, 64240);
	assert_int_equal(seg.payload_len, 0);
	assert_int_equal(seg.opts.present, EVOPT_MSS | EVOPT_SACKOK |
	    EVOPT_TS | EVOPT_WSCALE);
	assert_int_equal(seg.opts.mss, 1460);
	assert_int_equal(seg.opts.wscale, 7);
	assert_int_equal(seg.opts.ts_val, 1);
	assert_int_equal(seg.opts.ts_ecr, 0);
	/* Time and origin are the caller's; the parser leaves them zero. */
	assert_int_equal(seg.t_sent, 0);
	assert_int_equal(seg.origin, 0);
	assert_false(seg.lost);

	/* Each of the nine flag bits, alone, lands in the right place. */
	for (bit = 1; bit <= SEGF_NS; bit <<= 1) {
		build(&t, b_eth_v4_data);
		framebuild_put8(&t.fb, 14 + 20 + 12,
		    (uint8_t)(0x50 | (bit >> 8)));
		framebuild_put8(&t.fb, 14 + 20 + 13, (uint8_t)bit);
		seg = expect(&t, PARSE_OK, PARSE_R_NONE);
		assert_int_equal(seg.flags, bit);
	}
	build(&t, b_eth_v4_data);
	framebuild_put8(&t.fb, 14 + 20 + 12, 0x51);
	framebuild_put8(&t.fb, 14 + 20 + 13, 0xff);
	framebuild_put16(&t.fb, 14 + 20 + 18, 0xbeef);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.flags, 0x1ff);
	assert_int_equal(seg.urgent, 0xbeef);

	build(&t, b_tcp_port0);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.src.port, 0);
	assert_int_equal(seg.dst.port, 0);
	build(&t, b_tcp_doff4);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_DOFF);
	build(&t, b_tcp_doff_long);
	(void)expect(&t, PARSE_INVALID, PARSE_R_BAD_DOFF);
}

static void
test_tcp_options(void **state)
{
	struct event_segment	seg;
	struct tframe		t;

	(void)state;
	build(&t, b_tcp_allopts);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.flags, SEGF_SYN | SEGF_ECE | SEGF_CWR);
	assert_int_equal(seg.opts.present, EVOPT_MSS | EVOPT_WSCALE |
	    EVOPT_SACKOK | EVOPT_UNKNOWN | EVOPT_TS | EVOPT_TFO);
	assert_int_equal(seg.opts.mss, 9000);
	assert_int_equal(seg.opts.wscale, 14);
	assert_int_equal(seg.opts.ts_val, 0xdeadbeef);
	assert_int_equal(seg.opts.ts_ecr, 9);
	assert_int_equal(seg.opts.tfo_cookie_len, 0);

	build(&t, b_tcp_sack4);
	seg = expect(&t, PARSE_OK, PARSE_R_NONE);
	assert_int_equal(seg.opts.present, EVOPT_SACK);
	assert_int_equal(seg.opts.sack_count, 4);
	assert_int_equal(seg.opts.sack[0][0], 10);
	assert_int_equal(seg.opts.sack[0][1], 20);
	assert_int_equal(seg.opts.sack[1][0], 30);
	assert_int_equal(seg.opts.sack[1][1], 40);
	assert_int_equal(seg.opts.sack[2][0], 0xfffffff0);
	assert_int_equal(seg.opts.sack[2][1], 0x10);
	assert_int_equal(seg.opts.sack[3][0], 0x80000000);
	assert_int_equal(seg.opts.sack[3][1], 0x80000001);
	assert_int_equal(seg.payload_len, 5);
}

/* Build tcp_data over raw IPv4 with the given option bytes. */
static struct event_segment
opts_frame(const uint8_t *opts, size_t n, enum parse_status want)
{
	struct framebuild_tcp	tp = tcp_data;
	struct tframe		t;

	tp.opts = opts;
	tp.optlen = n;
	memset(&t, 0, sizeof t);
	framebuild_init(&t.fb);
	t.linktype = WIRE_LINK_RAW;
	framebuild_ipv4(&t.fb, WIRE_IP_TCP, 0, NULL, 0);
	framebuild_tcp(&t.fb, &tp);
	framebuild_fill(&t.fb, 'x', 3);
	framebuild_finish(&t.fb);
	return expect(&t, want, want == PARSE_OK ? PARSE_R_NONE :
	    PARSE_R_TCP_SHORT);
}

static void
test_tcp_option_kinds(void **state)
{
	struct event_segment	seg;

	(void)state;
	/* SACK with one block. */
	seg = opts_frame((const uint8_t[]){ 1, 1, 5, 10, 0, 0, 1, 0, 0, 0, 2,
	    0 }, 12, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_SACK);
	assert_int_equal(seg.opts.sack_count, 1);
	assert_int_equal(seg.opts.sack[0][0], 256);
	assert_int_equal(seg.opts.sack[0][1], 512);

	/* TFO kind 34 with an 8-byte cookie. */
	seg = opts_frame((const uint8_t[]){ 34, 10, 1, 2, 3, 4, 5, 6, 7, 8 },
	    10, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_TFO);
	assert_int_equal(seg.opts.tfo_cookie_len, 8);

	/* Experimental TFO: kind 254, magic 0xf989, 4-byte cookie. */
	seg = opts_frame((const uint8_t[]){ 254, 8, 0xf9, 0x89, 1, 2, 3, 4 },
	    8, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_TFO);
	assert_int_equal(seg.opts.tfo_cookie_len, 4);
	/* Kind 254 with another magic is just an unknown option. */
	seg = opts_frame((const uint8_t[]){ 254, 4, 0x12, 0x34, 2, 4, 1, 0 },
	    8, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_UNKNOWN | EVOPT_MSS);
	assert_int_equal(seg.opts.mss, 256);

	/* EOL ends the list: the MSS after it is not read. */
	seg = opts_frame((const uint8_t[]){ 1, 0, 2, 4, 5, 0xb4, 0, 0 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, 0);

	/* An unknown kind of length 6 is skipped; MSS after it is read. */
	seg = opts_frame((const uint8_t[]){ 77, 6, 9, 9, 9, 9, 2, 4, 0, 99 },
	    10, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_UNKNOWN | EVOPT_MSS);
	assert_int_equal(seg.opts.mss, 99);
}

static void
test_tcp_option_malformed(void **state)
{
	struct event_segment	seg;

	(void)state;
	/* Length 0 and 1 stop the walk; the segment is still decoded. */
	seg = opts_frame((const uint8_t[]){ 99, 0, 2, 4, 5, 0xb4 }, 6,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	assert_int_equal(seg.payload_len, 3);
	seg = opts_frame((const uint8_t[]){ 2, 1, 2, 4, 5, 0xb4 }, 6,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	/* A length running past the header stops the walk. */
	seg = opts_frame((const uint8_t[]){ 2, 4, 1, 0, 8, 40, 0, 0 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_MSS | EVOPT_BAD);
	assert_int_equal(seg.opts.mss, 256);
	/* One byte past the header is past it, not a capture cut. */
	seg = opts_frame((const uint8_t[]){ 1, 1, 1, 1, 99, 5, 0, 0 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	/* A kind in the last byte, with no room for its length. */
	seg = opts_frame((const uint8_t[]){ 1, 1, 1, 8 }, 4, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	/* A known kind with the wrong length: flagged, skipped, walk on. */
	seg = opts_frame((const uint8_t[]){ 2, 5, 5, 0xb4, 0, 3, 3, 7 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD | EVOPT_WSCALE);
	assert_int_equal(seg.opts.mss, 0);
	assert_int_equal(seg.opts.wscale, 7);
	seg = opts_frame((const uint8_t[]){ 3, 4, 7, 0, 4, 3, 0, 0 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	seg = opts_frame((const uint8_t[]){ 8, 8, 1, 2, 3, 4, 5, 6 }, 8,
	    PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	seg = opts_frame((const uint8_t[]){ 5, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0,
	    0 }, 12, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD);
	assert_int_equal(seg.opts.sack_count, 0);
	/* SACK of 2 + 9 bytes: not whole blocks. */
	seg = opts_frame((const uint8_t[]){ 5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 0,
	    1, 1, 2, 4, 2, 0 }, 17, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD | EVOPT_MSS);
	assert_int_equal(seg.opts.sack_count, 0);
	assert_int_equal(seg.opts.mss, 512);
	seg = opts_frame((const uint8_t[]){ 5, 2, 4, 2 }, 4, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_BAD | EVOPT_SACKOK);
	seg = opts_frame((const uint8_t[]){ 254, 3, 0xf9, 1 }, 4, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_UNKNOWN);
}

/* Options cut by the capture: what was captured is read, TRUNC is set. */
static void
test_tcp_options_cut(void **state)
{
	struct event_segment	seg;
	struct tframe		t;
	size_t			tcp;

	(void)state;
	build(&t, b_eth_v4_syn);
	tcp = t.fb.tcp_off;
	/* Cut inside the timestamp option: MSS and SACKOK survive. */
	assert_int_equal(run(t.linktype, t.fb.buf, tcp + 20 + 9, t.fb.len,
	    &seg).status, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_MSS | EVOPT_SACKOK |
	    EVOPT_TRUNC);
	assert_int_equal(seg.opts.mss, 1460);
	assert_int_equal(seg.seq, 0x01020304);
	/* Cut right after the fixed header: nothing read, still OK. */
	assert_int_equal(run(t.linktype, t.fb.buf, tcp + 20, t.fb.len,
	    &seg).status, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_TRUNC);
	assert_int_equal(seg.flags, SEGF_SYN);
	/* Cut between a kind and its length byte. */
	assert_int_equal(run(t.linktype, t.fb.buf, tcp + 20 + 1, t.fb.len,
	    &seg).status, PARSE_OK);
	assert_int_equal(seg.opts.present, EVOPT_TRUNC);
	/* One byte short of the fixed header: truncated. */
	assert_int_equal(run(t.linktype, t.fb.buf, tcp + 19, t.fb.len,
	    &seg).reason, PARSE_R_TCP_SHORT);
}

/* A snaplen cut keeps the payload length the IP header gives. */
static void
test_snaplen(void **state)
{
	struct event_segment	seg;
	struct tframe		t;

	(void)state;
	memset(&t, 0, sizeof t);
	framebuild_init(&t.fb);
	t.linktype = WIRE_LINK_ETHERNET;
	framebuild_eth(&t.fb, NULL, 0, WIRE_ETH_IPV4);
	v4_data(&t, 1400);
	assert_int_equal(run(t.linktype, t.fb.buf, 64, t.fb.len, &seg).status,
	    PARSE_OK);
	assert_int_equal(seg.payload_len, 1400);
	assert_true(seg.payload_short);
	assert_int_equal(seg.seq, 0xfffffff0);
	/* The full frame is not short. */
	(void)expect_data(&t, 1400);
	assert_false(expect_data(&t, 1400).payload_short);
	/* wirelen smaller than caplen (a bad file): the capture wins. */
	assert_int_equal(run(t.linktype, t.fb.buf, t.fb.len, 10, &seg).status,
	    PARSE_OK);
	assert_int_equal(seg.payload_len, 1400);
	build(&t, b_v4_tso);
	assert_int_equal(run(t.linktype, t.fb.buf, t.fb.len, 10, &seg).status,
	    PARSE_OK);
	assert_int_equal(seg.payload_len, 500);
	assert_false(seg.payload_short);
}

static void
test_reasons_and_stats(void **state)
{
	struct parse_stats	st;
	struct parse_result	r;
	int			i;

	(void)state;
	assert_int_equal(parse_reason_status(PARSE_R_NONE), PARSE_OK);
	assert_int_equal(parse_reason_status(PARSE_R_TCP_SHORT),
	    PARSE_TRUNCATED);
	assert_int_equal(parse_reason_status(PARSE_R_FRAGMENT), PARSE_SKIP);
	assert_int_equal(parse_reason_status(PARSE_R_BAD_DOFF), PARSE_INVALID);
	assert_int_equal(parse_reason_status(PARSE_R_COUNT), PARSE_INVALID);
	assert_string_equal(parse_reason_text(PARSE_R_COUNT), "?");
	for (i = 0; i < PARSE_R_COUNT; i++) {
		assert_non_null(parse_reason_text((enum parse_reason)i));
		assert_true(strlen(parse_reason_text(
		    (enum parse_reason)i)) > 0);
		/* Only NONE is OK. */
		assert_int_equal(parse_reason_status((enum parse_reason)i) ==
		    PARSE_OK, i == PARSE_R_NONE);
	}
	memset(&st, 0, sizeof st);
	r.status = PARSE_OK;
	r.reason = PARSE_R_NONE;
	parse_stats_add(&st, r);
	r.status = PARSE_SKIP;
	r.reason = PARSE_R_NOT_IP;
	parse_stats_add(&st, r);
	parse_stats_add(&st, r);
	assert_int_equal(st.frames, 3);
	assert_int_equal(st.tcp, 1);
	assert_int_equal(st.by_reason[PARSE_R_NOT_IP], 2);
	assert_int_equal(st.by_reason[PARSE_R_NONE], 0);
}

/* ---- sweeps: cuts, mutations, random bytes ---------------------------- */

/* What must hold for any result, whatever the bytes. */
static void
check_sane(const char *name, size_t at, struct parse_result r,
    const struct event_segment *seg, size_t caplen, size_t wirelen)
{
	size_t	wire = wirelen > caplen ? wirelen : caplen;

	if (r.reason >= PARSE_R_COUNT ||
	    parse_reason_status(r.reason) != r.status)
		fail_msg("%s @%zu: status %d does not match reason %d", name,
		    at, r.status, r.reason);
	if (r.status != PARSE_OK)
		return;
	if (seg->src.family != seg->dst.family ||
	    (seg->src.family != EVENT_AF_INET &&
	    seg->src.family != EVENT_AF_INET6))
		fail_msg("%s @%zu: bad address family", name, at);
	if (seg->payload_len + 20 > wire)
		fail_msg("%s @%zu: payload %u beyond the wire length %zu",
		    name, at, seg->payload_len, wire);
	if (seg->opts.sack_count > EVENT_SACK_MAX ||
	    ((seg->opts.present & EVOPT_SACK) != 0) !=
	    (seg->opts.sack_count != 0))
		fail_msg("%s @%zu: bad SACK count", name, at);
	if (seg->flags > 0x1ff)
		fail_msg("%s @%zu: flags beyond 9 bits", name, at);
	/*
	 * With the whole frame captured no payload is cut. (Options may be:
	 * a first fragment can split the TCP header.)
	 */
	if (caplen >= wirelen && seg->payload_short)
		fail_msg("%s @%zu: payload_short on a whole frame", name, at);
}

/*
 * Cut each frame at every byte. Before the end of the fixed TCP header
 * a cut frame is TRUNCATED (or, for frames that are not OK whole, gives
 * the same verdict as whole); after it, an OK frame stays OK with the same
 * header fields, and says what the cut removed.
 */
static void
test_cut_everywhere(void **state)
{
	struct event_segment	whole, seg;
	struct parse_result	r, rw;
	struct tframe		t;
	enum parse_reason	want;
	size_t			i, cut, tcp_end;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++) {
		build(&t, cases[i].build);
		rw = run(t.linktype, t.fb.buf, t.fb.len, t.fb.len, &whole);
		tcp_end = t.fb.tcp_off == SIZE_MAX ? SIZE_MAX :
		    t.fb.tcp_off + 20;
		for (cut = 0; cut < t.fb.len; cut++) {
			r = run(t.linktype, t.fb.buf, cut, t.fb.len, &seg);
			check_sane(cases[i].name, cut, r, &seg, cut, t.fb.len);
			if (rw.status != PARSE_OK) {
				if (r.status != PARSE_TRUNCATED &&
				    r.reason != rw.reason)
					fail_msg("%s cut %zu: %s, whole %s",
					    cases[i].name, cut,
					    parse_reason_text(r.reason),
					    parse_reason_text(rw.reason));
				continue;
			}
			if (cut < tcp_end) {
				/* Truncated, and in the right header. */
				want = cut < t.fb.ip_off ? PARSE_R_LINK_SHORT :
				    cut < t.fb.tcp_off ? PARSE_R_IP_SHORT :
				    PARSE_R_TCP_SHORT;
				if (r.reason != want)
					fail_msg("%s cut %zu: %s, want %s",
					    cases[i].name, cut,
					    parse_reason_text(r.reason),
					    parse_reason_text(want));
				continue;
			}
			if (r.status != PARSE_OK || seg.seq != whole.seq ||
			    seg.ack != whole.ack || seg.flags != whole.flags ||
			    seg.payload_len != whole.payload_len ||
			    seg.window != whole.window)
				fail_msg("%s cut %zu: fields differ from "
				    "whole", cases[i].name, cut);
			if (seg.payload_short != (whole.payload_len > 0 &&
			    cut < t.fb.tcp_off + t.fb.tcp_hlen +
			    whole.payload_len))
				fail_msg("%s cut %zu: payload_short wrong",
				    cases[i].name, cut);
			if (((seg.opts.present & EVOPT_TRUNC) != 0) !=
			    (cut < t.fb.tcp_off + t.fb.tcp_hlen))
				fail_msg("%s cut %zu: EVOPT_TRUNC wrong",
				    cases[i].name, cut);
		}
		/* A file whose wire length was cut too never decodes early. */
		for (cut = 0; cut < t.fb.len && cut < tcp_end; cut++) {
			r = run(t.linktype, t.fb.buf, cut, cut, &seg);
			check_sane(cases[i].name, cut, r, &seg, cut, cut);
			if (r.status == PARSE_OK)
				fail_msg("%s cut %zu (wire too): OK without a "
				    "TCP header", cases[i].name, cut);
		}
	}
}

/* Is offset i a byte the decoder must not care about? */
static bool
is_ignored_byte(const struct tframe *t, size_t i)
{
	size_t	ip = t->fb.ip_off, tcp = t->fb.tcp_off;

	if (t->linktype == WIRE_LINK_ETHERNET && i < 12)
		return true;			/* MAC addresses */
	if (ip != SIZE_MAX && t->fb.ip_ver == 4 && (i == ip + 1 ||
	    i == ip + 4 || i == ip + 5 || i == ip + 8 || i == ip + 10 ||
	    i == ip + 11))
		return true;			/* TOS, id, TTL, checksum */
	if (ip != SIZE_MAX && t->fb.ip_ver == 6 && (i == ip + 1 ||
	    i == ip + 2 || i == ip + 3 || i == ip + 7))
		return true;			/* class, flow, hop limit */
	if (tcp != SIZE_MAX && (i == tcp + 16 || i == tcp + 17))
		return true;			/* TCP checksum */
	if (tcp != SIZE_MAX && i >= tcp + t->fb.tcp_hlen)
		return true;			/* payload, trailer */
	return false;
}

/*
 * Set every byte of every frame to a few values. Nothing may crash or
 * read outside the frame, results stay sane, and bytes the decoder has
 * no business reading leave the result exactly as it was.
 */
static void
test_mutate_bytes(void **state)
{
	struct event_segment	whole, seg;
	struct parse_result	rw, r;
	struct tframe		t;
	uint8_t			buf[FRAMEBUILD_MAX], vals[8], orig;
	size_t			i, pos, v;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++) {
		build(&t, cases[i].build);
		rw = run(t.linktype, t.fb.buf, t.fb.len, t.fb.len, &whole);
		memcpy(buf, t.fb.buf, t.fb.len);
		for (pos = 0; pos < t.fb.len; pos++) {
			orig = buf[pos];
			vals[0] = 0;
			vals[1] = 0xff;
			vals[2] = orig ^ 0x01;
			vals[3] = orig ^ 0x80;
			vals[4] = orig ^ 0x10;
			vals[5] = (uint8_t)(orig + 1);
			vals[6] = (uint8_t)(orig - 1);
			vals[7] = orig ^ 0x0f;
			for (v = 0; v < COMPAT_NITEMS(vals); v++) {
				buf[pos] = vals[v];
				r = run(t.linktype, buf, t.fb.len, t.fb.len,
				    &seg);
				check_sane(cases[i].name, pos, r, &seg,
				    t.fb.len, t.fb.len);
				if (!is_ignored_byte(&t, pos))
					continue;
				if (r.status != rw.status ||
				    r.reason != rw.reason || (r.status ==
				    PARSE_OK && memcmp(&seg, &whole,
				    sizeof seg) != 0))
					fail_msg("%s: byte %zu = %#x changed "
					    "the result", cases[i].name, pos,
					    vals[v]);
			}
			buf[pos] = orig;
		}
	}
}

/* xorshift32: a fixed-seed generator, so failures reproduce. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Random damage: start from each frame, overwrite a few random bytes and
 * cut at a random length, under every link type the decoder knows.
 */
static void
test_random_frames(void **state)
{
	static const int	links[] = { 0, 1, 12, 14, 101, 108, 113, 228,
	    229, 276, 127 };
	struct event_segment	seg;
	struct parse_result	r;
	struct tframe		t;
	uint8_t			buf[FRAMEBUILD_MAX];
	uint32_t		s = 0x2545f491;
	size_t			i, round, k, n, len, wire;
	int			lt;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++) {
		build(&t, cases[i].build);
		for (round = 0; round < 400; round++) {
			memcpy(buf, t.fb.buf, t.fb.len);
			n = 1 + rnd(&s) % 6;
			for (k = 0; k < n; k++)
				buf[rnd(&s) % t.fb.len] = (uint8_t)rnd(&s);
			len = rnd(&s) % (t.fb.len + 1);
			wire = rnd(&s) % 2 ? t.fb.len : len;
			lt = round % 4 == 0 ?
			    links[rnd(&s) % COMPAT_NITEMS(links)] :
			    t.linktype;
			r = run(lt, buf, len, wire, &seg);
			check_sane(cases[i].name, round, r, &seg, len, wire);
		}
	}
	/* Pure noise. */
	for (round = 0; round < 20000; round++) {
		len = rnd(&s) % 160;
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd(&s);
		lt = links[round % COMPAT_NITEMS(links)];
		r = run(lt, buf, len, len, &seg);
		check_sane("noise", round, r, &seg, len, len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_table),
		cmocka_unit_test(test_link_types),
		cmocka_unit_test(test_linktype_names),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_tcp_fields),
		cmocka_unit_test(test_tcp_options),
		cmocka_unit_test(test_tcp_option_kinds),
		cmocka_unit_test(test_tcp_option_malformed),
		cmocka_unit_test(test_tcp_options_cut),
		cmocka_unit_test(test_snaplen),
		cmocka_unit_test(test_reasons_and_stats),
		cmocka_unit_test(test_cut_everywhere),
		cmocka_unit_test(test_mutate_bytes),
		cmocka_unit_test(test_random_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
