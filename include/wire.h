/*
 * wire.h: on-the-wire constants (link types, ethertypes, IP protocols, TCP
 * flag bits and option kinds). Layer 0. Names carry the WIRE_ prefix so they
 * never collide with system headers (TH_*, DLT_*, IPPROTO_*).
 */
#ifndef TCPVIZ_WIRE_H
#define TCPVIZ_WIRE_H

/* Link-layer header types (LINKTYPE_* values as stored in pcap files). */
#define WIRE_LINK_NULL		0	/* BSD loopback, host byte order */
#define WIRE_LINK_ETHERNET	1
#define WIRE_LINK_RAW_OLD	12	/* raw IP on some BSDs (DLT_RAW = 12) */
#define WIRE_LINK_RAW_OLD2	14	/* raw IP on OpenBSD (DLT_RAW = 14) */
#define WIRE_LINK_RAW		101
#define WIRE_LINK_LOOP		108	/* OpenBSD loopback, network order */
#define WIRE_LINK_SLL		113
#define WIRE_LINK_IPV4		228
#define WIRE_LINK_IPV6		229
#define WIRE_LINK_SLL2		276
#define WIRE_LINK_PPP		9
#define WIRE_LINK_PPP_HDLC	50	/* PPP in HDLC framing, or Cisco HDLC */
#define WIRE_LINK_C_HDLC	104	/* Cisco HDLC */
#define WIRE_LINK_NFLOG		239	/* Linux netfilter log */

/* PPP protocol numbers (RFC 1332, RFC 5072). */
#define WIRE_PPP_IPV4		0x0021
#define WIRE_PPP_IPV6		0x0057
/* NFLOG: address families and the TLV that holds the packet. */
#define WIRE_AF_INET		2
#define WIRE_AF_INET6		10
#define WIRE_NFULA_PAYLOAD	9

/* Ethertypes. */
#define WIRE_ETH_IPV4		0x0800
#define WIRE_ETH_IPV6		0x86dd
#define WIRE_ETH_VLAN		0x8100
#define WIRE_ETH_QINQ		0x88a8
#define WIRE_ETH_QINQ_OLD	0x9100

/* IP protocol and IPv6 extension-header numbers. */
#define WIRE_IP_HOPOPTS		0
#define WIRE_IP_TCP		6
#define WIRE_IP_ROUTING		43
#define WIRE_IP_FRAGMENT	44
#define WIRE_IP_AH		51
#define WIRE_IP_NONE		59
#define WIRE_IP_DSTOPTS		60

/* BSD loopback address families seen in DLT_NULL headers. */
#define WIRE_BSD_AF_INET	2
#define WIRE_BSD_AF_INET6_BSD	24
#define WIRE_BSD_AF_INET6_FREEBSD 28
#define WIRE_BSD_AF_INET6_DARWIN 30

/* TCP option kinds. */
#define WIRE_TCPOPT_EOL		0
#define WIRE_TCPOPT_NOP		1
#define WIRE_TCPOPT_MSS		2
#define WIRE_TCPOPT_WSCALE	3
#define WIRE_TCPOPT_SACKOK	4
#define WIRE_TCPOPT_SACK	5
#define WIRE_TCPOPT_TIMESTAMP	8
#define WIRE_TCPOPT_TFO		34
#define WIRE_TCPOPT_EXP		254	/* experimental; TFO used 254/0xf989 */

#endif
