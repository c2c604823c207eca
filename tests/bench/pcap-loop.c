/*
 * pcap-loop.c: the floor for tests/bench/bench.sh: about the least a
 * program can do that reads a capture and knows each TCP connection's
 * endpoint states. libpcap's read loop (pcap_next_ex); the link header
 * (Ethernet with VLAN tags, Linux SLL and SLL2, raw IP), IPv4 or IPv6
 * (extension headers skipped, fragments after the first left out), TCP;
 * one hash table of connections (open addressing, linear probing over an
 * index of 8-byte cells, 64-byte slots in the order they were made, both
 * grown by doubling: no allocation per packet) and a tiny state
 * machine per endpoint (RFC 9293's states, moved by SYN, FIN, RST and the
 * ACK of a SYN or FIN as the capture sees them, without tcpviz's
 * inference), counting transitions and retransmitted sequence space.
 *
 *   pcap-loop FILE      the floor; prints "FRAMES packets, ..." and the
 *                       final states
 *   pcap-loop -n FILE   only the read loop, touching each packet's last
 *                       byte (the bare libpcap baseline of scale.sh)
 */
#include "config.h"

#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum st {
	ST_CLOSED, ST_LISTEN, ST_SYN_SENT, ST_SYN_RCVD, ST_ESTABLISHED,
	ST_FIN_WAIT_1, ST_FIN_WAIT_2, ST_CLOSE_WAIT, ST_CLOSING, ST_LAST_ACK,
	ST_TIME_WAIT, ST_COUNT
};

static const char *const st_names[ST_COUNT] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT"
};

/* The 4-tuple, lower endpoint first (addresses compared, then ports). */
struct key {
	uint8_t		a[16];
	uint8_t		b[16];
	uint16_t	pa, pb;
	uint8_t		v6;
	uint8_t		pad[3];
};

struct slot {
	struct key	k;		/* 40 */
	uint32_t	nxt[2];		/* next sequence number of a, b */
	uint32_t	packets;
	uint8_t		st[2];
	uint8_t		seen[2];	/* nxt[i] is set */
	uint8_t		pad[8];
};

/*
 * An index of 8-byte cells (hash << 32 | slot + 1; 0 empty) over slots
 * kept in the order they were made: the connections open at one time
 * were made at about the same time, so they sit together in memory.
 */
struct table {
	uint64_t	*idx;
	size_t		 cap;		/* cells, a power of 2 */
	struct slot	*s;
	size_t		 n;
	size_t		 nalloc;
};

struct counts {
	uint64_t	frames, tcp, conns, transitions, retrans, skipped;
};

static uint64_t
rd64(const void *p)
{
	uint64_t	v;

	memcpy(&v, p, 8);
	return v;
}

static uint32_t
key_hash(const struct key *k)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL;
	int		 i;

	for (i = 0; i < 40; i += 8) {
		h ^= rd64((const char *)k + i);
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h ^= h >> 29;
	return (uint32_t)h;
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "pcap-loop: out of memory\n");
		exit(1);
	}
	return p;
}

/* Twice the cells, the slots placed again (amortised: not per packet). */
static void
table_grow(struct table *t)
{
	size_t		i, j;

	free(t->idx);
	t->cap = t->cap ? t->cap * 2 : 1u << 16;
	t->idx = xrealloc(NULL, t->cap * sizeof *t->idx);
	memset(t->idx, 0, t->cap * sizeof *t->idx);
	for (i = 0; i < t->n; i++) {
		uint32_t h = key_hash(&t->s[i].k);

		for (j = h & (t->cap - 1); t->idx[j] != 0;
		    j = (j + 1) & (t->cap - 1))
			;
		t->idx[j] = (uint64_t)h << 32 | (i + 1);
	}
}

static int
key_eq(const struct key *a, const struct key *b)
{
	return rd64(a->a) == rd64(b->a) && rd64(a->a + 8) == rd64(b->a + 8) &&
	    rd64(a->b) == rd64(b->b) && rd64(a->b + 8) == rd64(b->b + 8) &&
	    rd64(&a->pa) == rd64(&b->pa);
}

/* The slot of k, made if new (*fresh set). */
static struct slot *
table_get(struct table *t, const struct key *k, int *fresh)
{
	uint32_t	h = key_hash(k);
	size_t		j;
	uint64_t	cell;

	for (j = h & (t->cap - 1); (cell = t->idx[j]) != 0;
	    j = (j + 1) & (t->cap - 1)) {
		if (cell >> 32 == h &&
		    key_eq(&t->s[(uint32_t)cell - 1].k, k)) {
			*fresh = 0;
			return &t->s[(uint32_t)cell - 1];
		}
	}
	if (t->n == t->nalloc) {
		t->nalloc = t->nalloc ? t->nalloc * 2 : 1u << 14;
		t->s = xrealloc(t->s, t->nalloc * sizeof *t->s);
	}
	memset(&t->s[t->n], 0, sizeof t->s[t->n]);
	t->s[t->n].k = *k;
	t->idx[j] = (uint64_t)h << 32 | (t->n + 1);
	t->n++;
	*fresh = 1;
	if (t->n * 2 > t->cap)
		table_grow(t);
	return &t->s[t->n - 1];
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
setst(struct slot *s, int side, int st, struct counts *c)
{
	if (s->st[side] != st) {
		s->st[side] = (uint8_t)st;
		c->transitions++;
	}
}

#define F_FIN	0x01
#define F_SYN	0x02
#define F_RST	0x04
#define F_ACK	0x10

/* One segment from side x (0: a, 1: b) of slot s. */
static void
fsm(struct slot *s, int x, int fresh, unsigned flags, uint32_t seq,
    uint32_t ack, uint32_t len, struct counts *c)
{
	int		y = !x;
	uint32_t	end = seq + len + !!(flags & F_SYN) + !!(flags & F_FIN);

	/* A SYN on a closed (or TIME_WAIT) pair starts a new incarnation. */
	if (!fresh && (flags & (F_SYN | F_ACK)) == F_SYN &&
	    (s->st[0] == ST_CLOSED || s->st[0] == ST_TIME_WAIT) &&
	    (s->st[1] == ST_CLOSED || s->st[1] == ST_TIME_WAIT) &&
	    (!s->seen[x] || seq + 1 != s->nxt[x])) {
		s->st[0] = s->st[1] = ST_CLOSED;
		s->seen[0] = s->seen[1] = 0;
		c->conns++;
	}
	if (fresh)
		c->conns++;
	s->packets++;
	/* Sequence space sent before: a retransmission. */
	if (s->seen[x] && end != seq && (int32_t)(end - s->nxt[x]) <= 0) {
		c->retrans++;
	} else if (!s->seen[x] || (int32_t)(end - s->nxt[x]) > 0) {
		s->nxt[x] = end;
		s->seen[x] = 1;
	}
	if (flags & F_RST) {
		setst(s, 0, ST_CLOSED, c);
		setst(s, 1, ST_CLOSED, c);
		return;
	}
	if (flags & F_SYN) {
		if (!(flags & F_ACK)) {
			if (s->st[x] == ST_CLOSED)
				setst(s, x, ST_SYN_SENT, c);
			if (s->st[y] == ST_CLOSED) {
				setst(s, y, ST_LISTEN, c);
				setst(s, y, ST_SYN_RCVD, c);
			} else if (s->st[y] == ST_SYN_SENT)
				setst(s, y, ST_SYN_RCVD, c);	/* simultaneous */
		} else {
			if (s->st[x] == ST_CLOSED || s->st[x] == ST_LISTEN)
				setst(s, x, ST_SYN_RCVD, c);
			if (s->st[y] == ST_SYN_SENT || s->st[y] == ST_SYN_RCVD)
				setst(s, y, ST_ESTABLISHED, c);
		}
		return;
	}
	if (flags & F_ACK) {
		/* The ACK of y's SYN or FIN (y's next sequence number). */
		if (s->seen[y] && ack == s->nxt[y]) {
			switch (s->st[y]) {
			case ST_SYN_RCVD:
				setst(s, y, ST_ESTABLISHED, c);
				break;
			case ST_FIN_WAIT_1:
				setst(s, y, ST_FIN_WAIT_2, c);
				break;
			case ST_CLOSING:
				setst(s, y, ST_TIME_WAIT, c);
				break;
			case ST_LAST_ACK:
				setst(s, y, ST_CLOSED, c);
				break;
			default:
				break;
			}
		}
		if (s->st[x] == ST_SYN_SENT)
			setst(s, x, ST_ESTABLISHED, c);
	}
	if (flags & F_FIN) {
		switch (s->st[x]) {
		case ST_ESTABLISHED:
		case ST_SYN_RCVD:
			setst(s, x, ST_FIN_WAIT_1, c);
			break;
		case ST_CLOSE_WAIT:
			setst(s, x, ST_LAST_ACK, c);
			break;
		default:
			break;
		}
		switch (s->st[y]) {
		case ST_ESTABLISHED:
			setst(s, y, ST_CLOSE_WAIT, c);
			break;
		case ST_FIN_WAIT_1:
			setst(s, y, ST_CLOSING, c);
			break;
		case ST_FIN_WAIT_2:
			setst(s, y, ST_TIME_WAIT, c);
			break;
		default:
			break;
		}
	}
}

/* The network header's offset and family (4, 6; 0: not IP). */
static int
link_skip(int dlt, const uint8_t *p, size_t caplen, size_t *off)
{
	uint16_t	type;
	int		i;

	/* Raw IP: DLT_RAW (12, or 14 on OpenBSD; 101 in files), IPv4, IPv6. */
	if (dlt == DLT_RAW || dlt == 12 || dlt == 14 || dlt == 101 ||
	    dlt == 228 || dlt == 229) {
		*off = 0;
		if (caplen < 1)
			return 0;
		return p[0] >> 4 == 4 ? 4 : p[0] >> 4 == 6 ? 6 : 0;
	}
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return 0;
		type = be16(p + 12);
		*off = 14;
		for (i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
			if (caplen < *off + 4)
				return 0;
			type = be16(p + *off + 2);
			*off += 4;
		}
		break;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return 0;
		type = be16(p + 14);
		*off = 16;
		break;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return 0;
		type = be16(p);
		*off = 20;
		break;
#endif
	default:
		return 0;
	}
	return type == 0x0800 ? 4 : type == 0x86dd ? 6 : 0;
}

/* Decode one frame and feed its TCP segment to the table. */
static void
frame(struct table *t, struct counts *c, int dlt, const uint8_t *p,
    size_t caplen)
{
	struct key	 k;
	struct slot	*s;
	const uint8_t	*ip, *tcp, *sa, *da;
	size_t		 off = 0, hl, n;
	uint32_t	 len, iplen;
	uint16_t	 sp, dp;
	unsigned	 nh, alen;
	int		 fam, x, fresh, i, cmp;

	fam = link_skip(dlt, p, caplen, &off);
	ip = p + off;
	n = caplen - off;
	if (fam == 4) {
		if (n < 20 || ip[0] >> 4 != 4 || ip[9] != 6)
			goto skip;
		hl = (size_t)(ip[0] & 15) * 4;
		iplen = be16(ip + 2);
		if (hl < 20 || iplen < hl || (be16(ip + 6) & 0x1fff) != 0)
			goto skip;
		sa = ip + 12;
		da = ip + 16;
		alen = 4;
		iplen -= (uint32_t)hl;
	} else if (fam == 6) {
		if (n < 40 || ip[0] >> 4 != 6)
			goto skip;
		nh = ip[6];
		iplen = be16(ip + 4);
		hl = 40;
		for (i = 0; i < 8 && nh != 6; i++) {
			if (nh != 0 && nh != 43 && nh != 60 && nh != 44)
				goto skip;
			if (n < hl + 8)
				goto skip;
			if (nh == 44) {
				if ((be16(ip + hl + 2) & 0xfff8) != 0)
					goto skip;	/* not the first */
				nh = ip[hl];
				hl += 8;
				iplen -= 8;
				continue;
			}
			nh = ip[hl];
			iplen -= (uint32_t)(ip[hl + 1] + 1) * 8;
			hl += (size_t)(ip[hl + 1] + 1) * 8;
		}
		if (nh != 6)
			goto skip;
		sa = ip + 8;
		da = ip + 24;
		alen = 16;
	} else
		goto skip;
	if (n < hl + 20)
		goto skip;
	tcp = ip + hl;
	if ((size_t)(tcp[12] >> 4) * 4 < 20 || iplen < (uint32_t)(tcp[12] >> 4) * 4)
		goto skip;
	len = iplen - (uint32_t)(tcp[12] >> 4) * 4;
	sp = be16(tcp);
	dp = be16(tcp + 2);
	c->tcp++;
	/* The lower endpoint first. */
	cmp = memcmp(sa, da, alen);
	x = cmp > 0 || (cmp == 0 && sp > dp);
	if (alen == 4) {
		uint64_t zero = 0;

		memcpy(k.a + 8, &zero, 8);
		memcpy(k.b + 8, &zero, 8);
		memcpy(k.a, &zero, 8);
		memcpy(k.b, &zero, 8);
		memcpy(k.a, x ? da : sa, 4);
		memcpy(k.b, x ? sa : da, 4);
	} else {
		memcpy(k.a, x ? da : sa, 16);
		memcpy(k.b, x ? sa : da, 16);
	}
	memset(k.pad, 0, sizeof k.pad);
	k.pa = x ? dp : sp;
	k.pb = x ? sp : dp;
	k.v6 = fam == 6;
	s = table_get(t, &k, &fresh);
	fsm(s, x, fresh, tcp[13], be32(tcp + 4), be32(tcp + 8), len, c);
	return;
skip:
	c->skipped++;
}

int
main(int argc, char **argv)
{
	char			 err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*data;
	pcap_t			*p;
	struct table		 t;
	struct counts		 c;
	uint64_t		 final[ST_COUNT], sum = 0;
	size_t			 i;
	int			 bare = 0, dlt, st;

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		bare = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: pcap-loop [-n] FILE\n");
		return 2;
	}
	if ((p = pcap_open_offline(argv[1], err)) == NULL) {
		fprintf(stderr, "pcap-loop: %s\n", err);
		return 1;
	}
	memset(&c, 0, sizeof c);
	if (bare) {
		while (pcap_next_ex(p, &h, &data) == 1) {
			c.frames++;
			sum += h->caplen > 0 ? data[h->caplen - 1] : 0;
		}
		pcap_close(p);
		printf("%llu packets (%llu)\n", (unsigned long long)c.frames,
		    (unsigned long long)(sum & 1));
		return 0;
	}
	memset(&t, 0, sizeof t);
	table_grow(&t);
	dlt = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &data) == 1) {
		c.frames++;
		frame(&t, &c, dlt, data, h->caplen);
	}
	pcap_close(p);
	memset(final, 0, sizeof final);
	for (i = 0; i < t.n; i++) {
		final[t.s[i].st[0]]++;
		final[t.s[i].st[1]]++;
	}
	printf("%llu packets, %llu TCP, %llu connections (%zu 4-tuples), "
	    "%llu transitions, %llu retransmitted, %llu skipped\n",
	    (unsigned long long)c.frames, (unsigned long long)c.tcp,
	    (unsigned long long)c.conns, t.n,
	    (unsigned long long)c.transitions, (unsigned long long)c.retrans,
	    (unsigned long long)c.skipped);
	printf("endpoints at the end:");
	for (st = 0; st < ST_COUNT; st++) {
		if (final[st] > 0)
			printf(" %s %llu", st_names[st],
			    (unsigned long long)final[st]);
	}
	printf("\n");
	free(t.s);
	free(t.idx);
	return 0;
}
