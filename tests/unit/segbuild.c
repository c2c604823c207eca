/*
 * segbuild.c: the test segment builder (see segbuild.h). Test code only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segbuild.h"

/* An IPv4 endpoint a.b.c.d:port. */
struct event_endpoint
segbuild_ep4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
	struct event_endpoint	e;

	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET;
	e.addr[0] = a;
	e.addr[1] = b;
	e.addr[2] = c;
	e.addr[3] = d;
	e.port = port;
	return e;
}

/* A and B with their default addresses, the clock at t0. */
void
segbuild_init(struct segbuild *sb, int64_t t0)
{
	memset(sb, 0, sizeof *sb);
	sb->a = segbuild_ep4(10, 0, 0, 1, 40000);
	sb->b = segbuild_ep4(10, 0, 0, 2, 80);
	sb->t0 = sb->t = t0;
}

/* A segment in one direction, dt_ns after the previous one. */
struct event_segment
segbuild_make(struct segbuild *sb, int dir, uint16_t flags, uint32_t seq,
    uint32_t ack, uint32_t len, int64_t dt_ns)
{
	struct event_segment	s;

	memset(&s, 0, sizeof s);
	sb->t += dt_ns;
	s.t_sent = s.t_recv = sb->t;
	s.src = dir == 0 ? sb->a : sb->b;
	s.dst = dir == 0 ? sb->b : sb->a;
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.payload_len = len;
	s.window = 65535;
	s.origin_kind = EVENT_ORIGIN_FRAME;
	s.origin = ++sb->frame;
	return s;
}

/* One flag word ("SYN"), or 0. */
static uint16_t
segbuild_flag(const char *w, size_t n)
{
	static const struct {
		const char	*name;
		uint16_t	 bit;
	} names[] = {
		{ "SYN", SEGF_SYN }, { "FIN", SEGF_FIN }, { "RST", SEGF_RST },
		{ "PSH", SEGF_PSH }, { "ACK", SEGF_ACK }, { "URG", SEGF_URG },
	};
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(names); i++) {
		if (strlen(names[i].name) == n && strncmp(w, names[i].name,
		    n) == 0)
			return names[i].bit;
	}
	return 0;
}

/* Parse "A>B FLAGS key=value ... [sack=L-R] [+ms] [@ms] [lost]". */
bool
segbuild_parse(struct segbuild *sb, const char *line,
    struct event_segment *out)
{
	char		 buf[256], *w, *save = NULL, *end;
	const char	*p;
	int		 dir;
	uint16_t	 flags = 0, f;
	unsigned long long v;
	int64_t		 t = sb->t + 1000000;
	size_t		 n;

	if (strlen(line) >= sizeof buf) {
		fprintf(stderr, "segbuild: line too long\n");
		return false;
	}
	strcpy(buf, line);
	w = strtok_r(buf, " ", &save);
	if (w == NULL || (strcmp(w, "A>B") != 0 && strcmp(w, "B>A") != 0)) {
		fprintf(stderr, "segbuild: need A>B or B>A: %s\n", line);
		return false;
	}
	dir = strcmp(w, "A>B") == 0 ? 0 : 1;
	*out = segbuild_make(sb, dir, 0, 0, 0, 0, 0);
	w = strtok_r(NULL, " ", &save);
	if (w == NULL) {
		fprintf(stderr, "segbuild: no flags: %s\n", line);
		return false;
	}
	for (p = w; *p != '\0'; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		if ((f = segbuild_flag(p, n)) == 0) {
			fprintf(stderr, "segbuild: bad flag in %s\n", line);
			return false;
		}
		flags |= f;
	}
	out->flags = flags;
	while ((w = strtok_r(NULL, " ", &save)) != NULL) {
		if (strcmp(w, "lost") == 0) {
			out->lost = true;
			continue;
		}
		if (w[0] == '+' || w[0] == '@') {
			v = strtoull(w + 1, &end, 10);
			if (*end != '\0')
				goto bad;
			t = (w[0] == '+' ? sb->t : sb->t0) +
			    (int64_t)v * 1000000;
			continue;
		}
		/* "sack=L-R": one SACK block more. */
		if (strncmp(w, "sack=", 5) == 0) {
			unsigned long long	 l = strtoull(w + 5, &end, 10);

			if (*end != '-' || out->opts.sack_count >= EVENT_SACK_MAX)
				goto bad;
			v = strtoull(end + 1, &end, 10);
			if (*end != '\0')
				goto bad;
			out->opts.present |= EVOPT_SACK;
			out->opts.sack[out->opts.sack_count][0] = (uint32_t)l;
			out->opts.sack[out->opts.sack_count++][1] = (uint32_t)v;
			continue;
		}
		p = strchr(w, '=');
		if (p == NULL)
			goto bad;
		v = strtoull(p + 1, &end, 10);
		if (*end != '\0')
			goto bad;
		n = (size_t)(p - w);
		if (n == 3 && strncmp(w, "seq", 3) == 0)
			out->seq = (uint32_t)v;
		else if (n == 3 && strncmp(w, "ack", 3) == 0)
			out->ack = (uint32_t)v;
		else if (n == 3 && strncmp(w, "len", 3) == 0)
			out->payload_len = (uint32_t)v;
		else if (n == 3 && strncmp(w, "win", 3) == 0)
			out->window = (uint16_t)v;
		else if (n == 2 && strncmp(w, "ws", 2) == 0) {
			out->opts.present |= EVOPT_WSCALE;
			out->opts.wscale = (uint8_t)v;
		} else
			goto bad;
	}
	sb->t = t;
	out->t_sent = out->t_recv = t;
	return true;
bad:
	fprintf(stderr, "segbuild: bad word '%s' in %s\n", w, line);
	return false;
}
