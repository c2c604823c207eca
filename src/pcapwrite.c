/*
 * pcapwrite.c: the classic pcap writer for simulated segments. Layer 2a:
 * includes layers 0-1 and the C library only (never pcap.h: the format is
 * small and fixed).
 *
 * File header: magic a1b2c3d4 (microsecond stamps) in host byte order,
 * version 2.4, snaplen 65535, LINKTYPE_RAW (101). Records carry the whole
 * packet (caplen == len). Checksums: the IPv4 header checksum (RFC 791) and
 * the TCP checksum over the pseudo-header (RFC 9293 3.1, RFC 8200 8.1).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcapwrite.h"
#include "wire.h"
#include "xmalloc.h"

struct pcapwrite {
	FILE		*f;
	char		*path;
	uint16_t	 ip_id;
	uint8_t		 buf[PCAPWRITE_MAX_FRAME];
};

/* Store big-endian values. */
static void
pcapwrite_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
pcapwrite_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Add bytes to a ones'-complement sum (RFC 1071), 16 bits at a time. */
static uint32_t
pcapwrite_sum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

/* Fold a sum and complement it. */
static uint16_t
pcapwrite_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t
pcapwrite_frame(uint8_t *buf, size_t cap, const struct event_segment *g,
    uint16_t ip_id)
{
	uint8_t		*ip = buf, *tcp, pseudo[40];
	size_t		 iphl, thl, total, tcplen, i;
	bool		 v6 = g->src.family == EVENT_AF_INET6;
	uint32_t	 sum;

	iphl = v6 ? 40 : 20;
	thl = (g->opts.present & EVOPT_MSS) ? 24 : 20;
	if (g->payload_len > 65535 - 60)
		return 0;
	tcplen = thl + g->payload_len;
	total = iphl + tcplen;
	if (total > cap || g->src.family != g->dst.family)
		return 0;
	memset(buf, 0, iphl + thl);
	if (v6) {
		ip[0] = 0x60;
		pcapwrite_be16(ip + 4, (uint16_t)tcplen);
		ip[6] = WIRE_IP_TCP;
		ip[7] = 64;
		memcpy(ip + 8, g->src.addr, 16);
		memcpy(ip + 24, g->dst.addr, 16);
	} else {
		ip[0] = 0x45;
		pcapwrite_be16(ip + 2, (uint16_t)total);
		pcapwrite_be16(ip + 4, ip_id);
		pcapwrite_be16(ip + 6, 0x4000);		/* DF */
		ip[8] = 64;
		ip[9] = WIRE_IP_TCP;
		memcpy(ip + 12, g->src.addr, 4);
		memcpy(ip + 16, g->dst.addr, 4);
		pcapwrite_be16(ip + 10, pcapwrite_fold(pcapwrite_sum(0, ip,
		    20)));
	}
	tcp = buf + iphl;
	pcapwrite_be16(tcp, g->src.port);
	pcapwrite_be16(tcp + 2, g->dst.port);
	pcapwrite_be32(tcp + 4, g->seq);
	pcapwrite_be32(tcp + 8, g->ack);
	tcp[12] = (uint8_t)((thl / 4) << 4 | ((g->flags >> 8) & 1));
	tcp[13] = (uint8_t)g->flags;
	pcapwrite_be16(tcp + 14, g->window);
	pcapwrite_be16(tcp + 18, g->urgent);
	if (thl == 24) {
		tcp[20] = WIRE_TCPOPT_MSS;
		tcp[21] = 4;
		pcapwrite_be16(tcp + 22, g->opts.mss);
	}
	/* Payload bytes depend only on their sequence number. */
	for (i = 0; i < g->payload_len; i++)
		tcp[thl + i] = (uint8_t)('a' + (g->seq + i) % 26);
	memset(pseudo, 0, sizeof pseudo);
	if (v6) {
		memcpy(pseudo, g->src.addr, 16);
		memcpy(pseudo + 16, g->dst.addr, 16);
		pcapwrite_be32(pseudo + 32, (uint32_t)tcplen);
		pseudo[39] = WIRE_IP_TCP;
		sum = pcapwrite_sum(0, pseudo, 40);
	} else {
		memcpy(pseudo, g->src.addr, 4);
		memcpy(pseudo + 4, g->dst.addr, 4);
		pseudo[9] = WIRE_IP_TCP;
		pcapwrite_be16(pseudo + 10, (uint16_t)tcplen);
		sum = pcapwrite_sum(0, pseudo, 12);
	}
	pcapwrite_be16(tcp + 16, pcapwrite_fold(pcapwrite_sum(sum, tcp,
	    tcplen)));
	return total;
}

struct pcapwrite *
pcapwrite_open(const char *path, char **err)
{
	struct pcapwrite	*w;
	uint32_t		 hdr[6];

	w = xcalloc(1, sizeof *w);
	if ((w->f = fopen(path, "wb")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	w->path = xstrdup(path);
	w->ip_id = 1;
	hdr[0] = 0xa1b2c3d4;
	hdr[1] = 2 | (4u << 16);	/* version 2.4 as two u16 */
	hdr[2] = 0;			/* thiszone */
	hdr[3] = 0;			/* sigfigs */
	hdr[4] = 65535;			/* snaplen */
	hdr[5] = WIRE_LINK_RAW;
	if (fwrite(hdr, sizeof hdr, 1, w->f) != 1) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		fclose(w->f);
		free(w->path);
		free(w);
		return NULL;
	}
	return w;
}

int
pcapwrite_segment(struct pcapwrite *w, const struct event_segment *g,
    char **err)
{
	uint32_t	rec[4];
	size_t		n;
	int64_t		t = g->t_sent;

	n = pcapwrite_frame(w->buf, sizeof w->buf, g, w->ip_id++);
	if (n == 0) {
		xasprintf(err, "%s: a segment cannot be written (mixed "
		    "address families or too large)", w->path);
		return -1;
	}
	if (t < 0)
		t = 0;
	rec[0] = (uint32_t)(t / COMPAT_NS_PER_SEC);
	rec[1] = (uint32_t)(t % COMPAT_NS_PER_SEC / 1000);
	rec[2] = (uint32_t)n;
	rec[3] = (uint32_t)n;
	if (fwrite(rec, sizeof rec, 1, w->f) != 1 ||
	    fwrite(w->buf, n, 1, w->f) != 1) {
		xasprintf(err, "%s: %s", w->path, strerror(errno));
		return -1;
	}
	return 0;
}

int
pcapwrite_close(struct pcapwrite *w, char **err)
{
	int	rc = 0;

	if (w == NULL)
		return 0;
	if (fflush(w->f) != 0 || ferror(w->f)) {
		xasprintf(err, "%s: %s", w->path, strerror(errno));
		rc = -1;
	}
	if (fclose(w->f) != 0 && rc == 0) {
		xasprintf(err, "%s: %s", w->path, strerror(errno));
		rc = -1;
	}
	free(w->path);
	free(w);
	return rc;
}
