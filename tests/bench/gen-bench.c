/*
 * gen-bench.c: write a synthetic capture for tests/bench/bench.sh, fast
 * and deterministic (the same options and seed give the same bytes).
 *
 * Mixed traffic (the default): N connections, W open at once, their frames
 * interleaved in a random (seeded) order. Each connection is one of
 *   refused  SYN, [SYN again], RST,ACK                          (4%)
 *   reset    handshake, K exchanges, RST from either side        (6%)
 *   normal   handshake, K exchanges, a close: four-way from the
 *            client or the server, or FIN,ACK / FIN,ACK / ACK   (90%)
 * An exchange is request (PSH,ACK), response (PSH,ACK), ACK, sequence and
 * acknowledgement numbers correct throughout (random ISNs, so some wrap).
 * About one connection in six has a request or a response sent twice
 * (lost beyond the capture point, retransmitted). 10% are IPv6 (--ipv6).
 * With --packets P the exchanges per connection are drawn so that the
 * file has exactly P frames (K varies from 1 to about twice the mean);
 * with --exchanges K every connection that carries data has K.
 *
 * --all-open: every connection open at once: all the handshakes first,
 * then one exchange (request, response) on each, then all the closes,
 * each phase in connection order (normal connections only).
 *
 * usage: gen-bench [--conns N] [--packets P | --exchanges K]
 *                  [--concurrent W] [--all-open] [--ipv6 PCT]
 *                  [--link eth|sll|raw] [--seed S] OUT.pcap
 * Prints "FRAMES frames CONNS connections" on stdout.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_S		0x02
#define GEN_R		0x04
#define GEN_P		0x08
#define GEN_A		0x10
#define GEN_F		0x01

enum gen_kind { GEN_NORMAL, GEN_RESET, GEN_REFUSED };
enum gen_close { GEN_CLOSE_CLIENT, GEN_CLOSE_SERVER, GEN_CLOSE_BOTH };
enum gen_phase { GEN_HANDSHAKE, GEN_DATA, GEN_CLOSING, GEN_DONE };

struct gen_conn {
	uint64_t	rng;
	uint32_t	idx;
	uint32_t	c, s;		/* next sequence number of each side */
	uint16_t	k;		/* exchanges */
	uint16_t	ex;		/* exchanges done */
	uint8_t		kind, v6, close, nre;	/* nre: retransmissions */
	uint8_t		phase, sub, redone;
	uint8_t		noack;		/* --all-open: the FIN acks */
	uint16_t	rq, rs;		/* the current exchange's lengths */
};

struct gen_out {
	FILE		*fp;
	int		 link;		/* 1 Ethernet, 113 SLL, 101 raw */
	uint64_t	 t_us;		/* capture time */
	uint64_t	 frames;
	uint64_t	 rng;		/* gaps between frames */
	unsigned char	 buf[1 << 20];
	size_t		 used;
};

static uint64_t
gen_splitmix(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static uint32_t
gen_below(uint64_t *x, uint32_t n)
{
	return (uint32_t)(((gen_splitmix(x) >> 32) * n) >> 32);
}

static void
gen_flush(struct gen_out *o)
{
	if (o->used > 0 && fwrite(o->buf, 1, o->used, o->fp) != o->used) {
		fprintf(stderr, "gen-bench: write: %s\n", strerror(errno));
		exit(1);
	}
	o->used = 0;
}

static void
gen_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void
gen_be16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
gen_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The one's complement sum of n bytes (n even or not), unfolded. */
static uint32_t
gen_sum(const unsigned char *p, size_t n, uint32_t s)
{
	size_t	i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	return s;
}

static unsigned
gen_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* The addresses of connection i: 4 (v4) or 16 bytes each. */
static void
gen_addrs(const struct gen_conn *c, unsigned char *cli, unsigned char *srv)
{
	uint32_t	ci = c->idx / 500 + 1, si = c->idx % 16 + 1;

	if (!c->v6) {
		gen_be32(cli, 0x0a000000u | ci);		/* 10.x.y.z */
		gen_be32(srv, 0xc0a80000u | si);		/* 192.168.0.n */
		return;
	}
	memset(cli, 0, 16);
	memset(srv, 0, 16);
	cli[0] = srv[0] = 0xfd;
	cli[7] = 1;
	srv[7] = 2;
	gen_be32(cli + 12, ci);
	gen_be32(srv + 12, si);
}

/* One frame from the client (fromc) or the server. */
static void
gen_frame(struct gen_out *o, const struct gen_conn *c, int fromc,
    uint32_t seq, uint32_t ack, unsigned flags, unsigned len)
{
	unsigned char	 cli[16], srv[16], *p, *ip, *tcp;
	const unsigned char *src, *dst;
	unsigned	 cport = 10000 + (c->idx % 500) * 97;
	unsigned	 sport = c->idx % 3 == 0 ? 443 : 80;
	unsigned	 lh, ih, th, alen, i;
	size_t		 total;
	uint32_t	 s;

	gen_addrs(c, cli, srv);
	src = fromc ? cli : srv;
	dst = fromc ? srv : cli;
	alen = c->v6 ? 16 : 4;
	lh = o->link == 1 ? 14 : o->link == 113 ? 16 : 0;
	ih = c->v6 ? 40 : 20;
	th = (flags & GEN_S) ? 24 : 20;		/* SYN: an MSS option */
	total = lh + ih + th + len;
	if (o->used + 16 + total > sizeof o->buf)
		gen_flush(o);
	p = o->buf + o->used;
	o->t_us += 1 + gen_below(&o->rng, 19);	/* 10 us apart on average */
	gen_le32(p, (uint32_t)(1700000000 + o->t_us / 1000000));
	gen_le32(p + 4, (uint32_t)(o->t_us % 1000000));
	gen_le32(p + 8, (uint32_t)total);
	gen_le32(p + 12, (uint32_t)total);
	p += 16;
	memset(p, 0, total);
	if (o->link == 1) {
		memcpy(p, fromc ? "\x02\0\0\0\0\x02\x02\0\0\0\0\x01" :
		    "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
		gen_be16(p + 12, c->v6 ? 0x86dd : 0x0800);
	} else if (o->link == 113) {
		gen_be16(p, fromc ? 4 : 0);	/* outgoing, or to us */
		gen_be16(p + 2, 1);		/* ARPHRD_ETHER */
		gen_be16(p + 4, 6);
		memcpy(p + 6, fromc ? "\x02\0\0\0\0\x01" : "\x02\0\0\0\0\x02",
		    6);
		gen_be16(p + 14, c->v6 ? 0x86dd : 0x0800);
	}
	ip = p + lh;
	tcp = ip + ih;
	if (c->v6) {
		ip[0] = 0x60;
		gen_be16(ip + 4, th + len);
		ip[6] = 6;
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
	} else {
		ip[0] = 0x45;
		gen_be16(ip + 2, ih + th + len);
		gen_be16(ip + 6, 0x4000);	/* DF */
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		gen_be16(ip + 10, gen_fold(gen_sum(ip, 20, 0)));
	}
	gen_be16(tcp, fromc ? cport : sport);
	gen_be16(tcp + 2, fromc ? sport : cport);
	gen_be32(tcp + 4, seq);
	gen_be32(tcp + 8, (flags & GEN_A) ? ack : 0);
	tcp[12] = (unsigned char)((th / 4) << 4);
	tcp[13] = (unsigned char)flags;
	gen_be16(tcp + 14, 64240);
	if (flags & GEN_S) {
		tcp[20] = 2;
		tcp[21] = 4;
		gen_be16(tcp + 22, c->v6 ? 1440 : 1460);
	}
	for (i = 0; i < len; i++)
		tcp[th + i] = (unsigned char)('a' + (i % 26));
	/* The pseudo-header, then the segment. */
	s = gen_sum(src, alen, 0);
	s = gen_sum(dst, alen, s);
	s += 6 + th + len;
	s = gen_sum(tcp, th + len, s);
	gen_be16(tcp + 16, gen_fold(s));
	o->used += 16 + total;
	o->frames++;
}

/* Which of this exchange's segments are sent twice: 1 request, 2 response. */
static unsigned
gen_retrans_at(const struct gen_conn *c)
{
	unsigned	j, which = 0;

	for (j = 0; j < c->nre; j++) {
		if (c->ex == j * c->k / c->nre)
			which |= 1u << ((c->idx + j) & 1);
	}
	return which;
}

/*
 * The next frame of a connection; returns 0 when it has none left. The
 * phase says where it is (handshake, data, closing) for --all-open.
 */
static int
gen_next(struct gen_out *o, struct gen_conn *c)
{

	switch (c->phase) {
	case GEN_HANDSHAKE:
		switch (c->sub++) {
		case 0:
			gen_frame(o, c, 1, c->c - 1, 0, GEN_S, 0);
			return 1;
		case 1:
			if (c->kind == GEN_REFUSED && c->nre > 0 && !c->redone) {
				c->redone = 1;
				c->sub = 1;	/* the SYN again */
				gen_frame(o, c, 1, c->c - 1, 0, GEN_S, 0);
				return 1;
			}
			if (c->kind == GEN_REFUSED) {
				gen_frame(o, c, 0, 0, c->c, GEN_R | GEN_A, 0);
				c->phase = GEN_DONE;
				return 1;
			}
			gen_frame(o, c, 0, c->s - 1, c->c, GEN_S | GEN_A, 0);
			return 1;
		default:
			gen_frame(o, c, 1, c->c, c->s, GEN_A, 0);
			c->phase = GEN_DATA;
			c->sub = 0;
			return 1;
		}
	case GEN_DATA:
		if (c->ex == c->k) {
			c->phase = GEN_CLOSING;
			c->sub = 0;
			return gen_next(o, c);
		}
		if (c->sub == 0) {
			c->rq = (uint16_t)(20 + gen_below(&c->rng, 81));
			c->rs = (uint16_t)(50 + gen_below(&c->rng, 251));
			c->redone = 0;
			c->sub = 1;
		}
		switch (c->sub) {
		case 1:		/* the request, maybe twice */
			gen_frame(o, c, 1, c->c, c->s, GEN_P | GEN_A, c->rq);
			if ((gen_retrans_at(c) & 1) && !(c->redone & 1))
				c->redone |= 1;
			else
				c->sub = 2;
			return 1;
		case 2:		/* the response, maybe twice */
			gen_frame(o, c, 0, c->s, c->c + c->rq, GEN_P | GEN_A,
			    c->rs);
			if ((gen_retrans_at(c) & 2) && !(c->redone & 2)) {
				c->redone |= 2;
				return 1;
			}
			c->sub = 3;
			if (!c->noack)
				return 1;
			break;	/* --all-open: no ACK of its own */
		default:	/* the client's ACK */
			gen_frame(o, c, 1, c->c + c->rq, c->s + c->rs, GEN_A,
			    0);
			break;
		}
		c->c += c->rq;
		c->s += c->rs;
		c->ex++;
		c->sub = 0;
		if (c->ex == c->k)
			c->phase = GEN_CLOSING;
		return 1;
	case GEN_CLOSING:
		if (c->kind == GEN_RESET) {
			if (c->idx & 1)
				gen_frame(o, c, 1, c->c, 0, GEN_R, 0);
			else
				gen_frame(o, c, 0, c->s, c->c, GEN_R | GEN_A,
				    0);
			c->phase = GEN_DONE;
			return 1;
		}
		switch (c->close * 4 + c->sub++) {
		case GEN_CLOSE_CLIENT * 4 + 0:
		case GEN_CLOSE_BOTH * 4 + 0:
			gen_frame(o, c, 1, c->c, c->s, GEN_F | GEN_A, 0);
			return 1;
		case GEN_CLOSE_CLIENT * 4 + 1:
			gen_frame(o, c, 0, c->s, c->c + 1, GEN_A, 0);
			return 1;
		case GEN_CLOSE_CLIENT * 4 + 2:
		case GEN_CLOSE_BOTH * 4 + 1:
			gen_frame(o, c, 0, c->s, c->c + 1, GEN_F | GEN_A, 0);
			return 1;
		case GEN_CLOSE_SERVER * 4 + 0:
			gen_frame(o, c, 0, c->s, c->c, GEN_F | GEN_A, 0);
			return 1;
		case GEN_CLOSE_SERVER * 4 + 1:
			gen_frame(o, c, 1, c->c, c->s + 1, GEN_A, 0);
			return 1;
		case GEN_CLOSE_SERVER * 4 + 2:
			gen_frame(o, c, 1, c->c, c->s + 1, GEN_F | GEN_A, 0);
			return 1;
		case GEN_CLOSE_SERVER * 4 + 3:
			gen_frame(o, c, 0, c->s + 1, c->c + 1, GEN_A, 0);
			c->phase = GEN_DONE;
			return 1;
		default:	/* the last ACK of a client or combined close */
			gen_frame(o, c, 1, c->c + 1, c->s + 1, GEN_A, 0);
			c->phase = GEN_DONE;
			return 1;
		}
	default:
		return 0;
	}
}

/* Frames of a connection besides its exchanges' three each. */
static uint64_t
gen_fixed_frames(const struct gen_conn *c)
{
	if (c->kind == GEN_REFUSED)
		return 2 + (c->nre > 0);
	if (c->kind == GEN_RESET)
		return 3 + 1 + c->nre;
	return 3 + (c->close == GEN_CLOSE_BOTH ? 3 : 4) + c->nre;
}

static unsigned long long
gen_num(const char *name, const char *arg)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0') {
		fprintf(stderr, "gen-bench: %s: '%s' is not a number\n", name,
		    arg);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static struct gen_out	 o;
	struct gen_conn		*conns, **active;
	unsigned long long	 n = 100000, packets = 0, seed = 1;
	unsigned long long	 k_fixed = 0, w = 1000, v6pct = 10;
	uint64_t		 rng, fixed = 0, exch, sum, ndata = 0;
	unsigned char		 hdr[24];
	const char		*out = NULL;
	size_t			 nactive = 0, next = 0, i, j;
	int			 all_open = 0, a, phase;
	long long		 diff;

	o.link = 1;
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a], *val = a + 1 < argc ? argv[a + 1] :
		    NULL;

		if (strcmp(arg, "--all-open") == 0) {
			all_open = 1;
			continue;
		}
		if (arg[0] != '-' || arg[1] != '-') {
			out = arg;
			continue;
		}
		if (val == NULL) {
			fprintf(stderr, "gen-bench: %s needs a value\n", arg);
			return 2;
		}
		a++;
		if (strcmp(arg, "--conns") == 0)
			n = gen_num(arg, val);
		else if (strcmp(arg, "--packets") == 0)
			packets = gen_num(arg, val);
		else if (strcmp(arg, "--exchanges") == 0)
			k_fixed = gen_num(arg, val);
		else if (strcmp(arg, "--concurrent") == 0)
			w = gen_num(arg, val);
		else if (strcmp(arg, "--ipv6") == 0)
			v6pct = gen_num(arg, val);
		else if (strcmp(arg, "--seed") == 0)
			seed = gen_num(arg, val);
		else if (strcmp(arg, "--link") == 0) {
			if (strcmp(val, "eth") == 0)
				o.link = 1;
			else if (strcmp(val, "sll") == 0)
				o.link = 113;
			else if (strcmp(val, "raw") == 0)
				o.link = 101;
			else {
				fprintf(stderr, "gen-bench: --link eth, sll or "
				    "raw\n");
				return 2;
			}
		} else {
			fprintf(stderr, "gen-bench: unknown option %s\n", arg);
			return 2;
		}
	}
	if (out == NULL || n == 0 || n > 100000000ULL || w == 0 ||
	    k_fixed > 60000 || v6pct > 100) {
		fprintf(stderr, "usage: gen-bench [--conns N] [--packets P | "
		    "--exchanges K] [--concurrent W] [--all-open] "
		    "[--ipv6 PCT] [--link eth|sll|raw] [--seed S] OUT.pcap\n");
		return 2;
	}
	if ((conns = calloc(n, sizeof *conns)) == NULL ||
	    (active = calloc(w < n ? w : n, sizeof *active)) == NULL) {
		fprintf(stderr, "gen-bench: out of memory\n");
		return 1;
	}
	/* The plan: each connection's kind, family, close, retransmissions. */
	for (i = 0; i < n; i++) {
		struct gen_conn	*c = &conns[i];
		uint32_t	 u;

		c->idx = (uint32_t)i;
		c->rng = seed * 0x100000001b3ULL ^ (i + 1) * 0xd6e8feb86659fd93ULL;
		u = gen_below(&c->rng, 100);
		c->kind = all_open ? GEN_NORMAL : u < 4 ? GEN_REFUSED :
		    u < 10 ? GEN_RESET : GEN_NORMAL;
		c->v6 = gen_below(&c->rng, 100) < v6pct;
		c->close = (uint8_t)(all_open ? GEN_CLOSE_CLIENT :
		    gen_below(&c->rng, 3));
		u = gen_below(&c->rng, 100);
		c->nre = all_open ? 0 : c->kind == GEN_REFUSED ? u < 50 :
		    u < 3 ? 2 : u < 16 ? 1 : 0;
		c->c = (uint32_t)gen_splitmix(&c->rng) + 1;
		c->s = (uint32_t)gen_splitmix(&c->rng) + 1;
		fixed += gen_fixed_frames(c);
		if (c->kind != GEN_REFUSED)
			ndata++;
	}
	/* Exchanges: fixed, or drawn to make exactly P frames. */
	rng = seed ^ 0x5bd1e995;
	if (all_open) {
		for (i = 0; i < n; i++) {
			conns[i].k = 1;
			conns[i].noack = 1;
		}
	} else if (packets > 0 && ndata > 0) {
		if (packets < fixed + 3 * ndata) {
			fprintf(stderr, "gen-bench: %llu frames are too few for "
			    "%llu connections\n", packets, n);
			return 2;
		}
		exch = (packets - fixed) / 3;
		sum = 0;
		for (i = 0; i < n; i++) {
			if (conns[i].kind == GEN_REFUSED)
				continue;
			conns[i].k = (uint16_t)(1 + gen_below(&rng,
			    (uint32_t)(2 * exch / ndata > 1 ? 2 * exch / ndata -
			    1 : 1)));
			sum += conns[i].k;
		}
		/* Bring the sum to exch, one exchange at a time. */
		diff = (long long)exch - (long long)sum;
		for (j = 0; diff != 0; j++) {
			struct gen_conn *c = &conns[j % n];

			if (c->kind == GEN_REFUSED)
				continue;
			if (diff > 0 && c->k < 60000) {
				c->k++;
				diff--;
			} else if (diff < 0 && c->k > 1) {
				c->k--;
				diff++;
			}
		}
		/* The last one or two frames: retransmissions. */
		for (i = 0, diff = (long long)((packets - fixed) % 3);
		    diff > 0 && i < n; i++) {
			if (conns[i].kind != GEN_REFUSED && conns[i].nre < 2) {
				conns[i].nre++;
				diff--;
			}
		}
	} else {
		for (i = 0; i < n; i++)
			conns[i].k = (uint16_t)(conns[i].kind == GEN_REFUSED ?
			    0 : k_fixed > 0 ? k_fixed : 2);
	}

	if ((o.fp = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "gen-bench: %s: %s\n", out, strerror(errno));
		return 1;
	}
	o.rng = seed ^ 0x27d4eb2f165667c5ULL;
	gen_le32(hdr, 0xa1b2c3d4);
	hdr[4] = 2;
	hdr[5] = 0;
	hdr[6] = 4;
	hdr[7] = 0;
	memset(hdr + 8, 0, 8);
	gen_le32(hdr + 16, 65535);
	gen_le32(hdr + 20, (uint32_t)o.link);
	memcpy(o.buf, hdr, sizeof hdr);
	o.used = sizeof hdr;
	if (all_open) {
		for (phase = GEN_HANDSHAKE; phase < GEN_DONE; phase++) {
			for (i = 0; i < n; i++) {
				while (conns[i].phase == phase &&
				    gen_next(&o, &conns[i]))
					;
			}
		}
	} else {
		/* W at once; each frame from a randomly chosen open one. */
		while (next < n || nactive > 0) {
			while (nactive < w && next < n)
				active[nactive++] = &conns[next++];
			j = gen_below(&o.rng, (uint32_t)nactive);
			if (!gen_next(&o, active[j]) ||
			    active[j]->phase == GEN_DONE)
				active[j] = active[--nactive];
		}
	}
	gen_flush(&o);
	if (fclose(o.fp) != 0) {
		fprintf(stderr, "gen-bench: %s: %s\n", out, strerror(errno));
		return 1;
	}
	printf("%llu frames %llu connections\n", (unsigned long long)o.frames,
	    n);
	free(active);
	free(conns);
	return 0;
}
