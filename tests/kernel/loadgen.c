/*
 * loadgen.c: a small TCP connection generator for tests/kernel/live-load.sh,
 * compiled by that test. Not part of tcpviz.
 *
 *	loadgen server ADDR PORT SECONDS
 *		listen on ADDR:PORT; accept and close() at once (so the server
 *		sends the first FIN); print "ready" when listening and
 *		"accepted N" when SECONDS have passed or on SIGTERM/SIGINT.
 *	loadgen client SRC[,SRC...] DST PORT RATE SECONDS
 *		open RATE connections a second for SECONDS to DST:PORT, the
 *		source addresses taken in turn; each waits for the server's FIN
 *		and closes. Connection k binds SRC[k % n] port 1024 + k / n,
 *		so no 4-tuple is used twice (the server holds each in
 *		TIME_WAIT, and reuse would be another test's subject).
 *		Prints "started S completed C failed F seconds T rate R":
 *		R is C over T, the time it took to start them all.
 *
 * The client is one epoll loop with non-blocking connects, so the rate
 * does not depend on round trips. Every wait is bounded: a connection not
 * done 5 s after the last start counts as failed. IPv4 only.
 */
#define _GNU_SOURCE		/* accept4 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOADGEN_MAX_SRC		16
#define LOADGEN_MAX_OPEN	60000
#define LOADGEN_PORT_BASE	1024
#define LOADGEN_DRAIN_NS	(5 * 1000000000LL)

static volatile sig_atomic_t	loadgen_stop;

/* SIGTERM or SIGINT: finish the current loop and report. */
static void
loadgen_signal(int sig)
{
	(void)sig;
	loadgen_stop = 1;
}

/* Monotonic time in nanoseconds. */
static long long
loadgen_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Parse an IPv4 address and port into sin, or exit 2. */
static void
loadgen_addr(struct sockaddr_in *sin, const char *addr, const char *port)
{
	char	*end;
	long	 p;

	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	p = strtol(port, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535) {
		fprintf(stderr, "loadgen: bad port %s\n", port);
		exit(2);
	}
	sin->sin_port = htons((uint16_t)p);
	if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
		fprintf(stderr, "loadgen: bad IPv4 address %s\n", addr);
		exit(2);
	}
}

/* A positive number from the command line, or exit 2. */
static double
loadgen_number(const char *s, const char *what)
{
	char	*end;
	double	 v;

	v = strtod(s, &end);
	if (*end != '\0' || !(v > 0) || v > 1e6) {
		fprintf(stderr, "loadgen: bad %s %s\n", what, s);
		exit(2);
	}
	return v;
}

/* Let the client hold many sockets at once (root may raise the limit). */
static void
loadgen_raise_nofile(void)
{
	struct rlimit	rl;

	rl.rlim_cur = rl.rlim_max = LOADGEN_MAX_OPEN + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 &&
	    getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The server: accept and close at once until the time is up. */
static int
loadgen_server(int argc, char **argv)
{
	struct sockaddr_in	sin;
	struct pollfd		pfd;
	long long		end;
	unsigned long		accepted = 0;
	int			ls, fd, i, one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: loadgen server ADDR PORT SECONDS\n");
		return 2;
	}
	loadgen_addr(&sin, argv[0], argv[1]);
	end = loadgen_now() + (long long)(loadgen_number(argv[2],
	    "seconds") * 1e9);
	if ((ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1 ||
	    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(ls, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(ls, 65535) != 0) {
		fprintf(stderr, "loadgen: server: %s\n", strerror(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	pfd.fd = ls;
	pfd.events = POLLIN;
	while (!loadgen_stop && loadgen_now() < end) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		/* Drain the queue; a bounded burst keeps the deadline live. */
		for (i = 0; i < 4096; i++) {
			fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
			if (fd == -1)
				break;
			close(fd);
			accepted++;
		}
	}
	printf("accepted %lu\n", accepted);
	close(ls);
	return 0;
}

/* Open one non-blocking connection from src:sport to dst; -1 on failure. */
static int
loadgen_connect(int ep, const struct sockaddr_in *src, unsigned long sport,
    const struct sockaddr_in *dst)
{
	struct sockaddr_in	sin = *src;
	struct epoll_event	ev;
	int			fd, one = 1;

	if (sport > 65535)
		return -1;
	sin.sin_port = htons((uint16_t)sport);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)&sin, sizeof sin) != 0 ||
	    (connect(fd, (const struct sockaddr *)dst, sizeof *dst) != 0 &&
	    errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	/* EOF (the server's FIN) or an error both wake EPOLLIN. */
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The client: paced connects, each closed after the server's FIN. */
static int
loadgen_client(int argc, char **argv)
{
	struct sockaddr_in	 src[LOADGEN_MAX_SRC], dst;
	struct epoll_event	 evs[256];
	char			*list, *tok, *save, buf[512];
	double			 rate, secs, took;
	long long		 t0, now, stop_at, t_last = 0;
	unsigned long		 total, started = 0, done = 0, failed = 0;
	unsigned long		 due, open = 0;
	int			 nsrc = 0, ep, n, i, fd, wait_ms;
	ssize_t			 r;

	if (argc != 5) {
		fprintf(stderr, "usage: loadgen client SRC[,SRC...] DST PORT "
		    "RATE SECONDS\n");
		return 2;
	}
	list = strdup(argv[0]);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (nsrc == LOADGEN_MAX_SRC) {
			fprintf(stderr, "loadgen: too many sources\n");
			return 2;
		}
		loadgen_addr(&src[nsrc++], tok, "0");
	}
	free(list);
	if (nsrc == 0) {
		fprintf(stderr, "loadgen: no source address\n");
		return 2;
	}
	loadgen_addr(&dst, argv[1], argv[2]);
	rate = loadgen_number(argv[3], "rate");
	secs = loadgen_number(argv[4], "seconds");
	total = (unsigned long)(rate * secs + 0.5);
	loadgen_raise_nofile();
	if ((ep = epoll_create1(0)) == -1) {
		fprintf(stderr, "loadgen: epoll: %s\n", strerror(errno));
		return 1;
	}
	t0 = loadgen_now();
	stop_at = t0 + (long long)(secs * 1e9) + LOADGEN_DRAIN_NS;
	while (!loadgen_stop && (started < total || open > 0)) {
		now = loadgen_now();
		if (now > stop_at)
			break;
		/* Start every connection that is due (a burst if late). */
		due = (unsigned long)((double)(now - t0) * rate / 1e9) + 1;
		if (due > total)
			due = total;
		while (started < due) {
			if (open >= LOADGEN_MAX_OPEN ||
			    (fd = loadgen_connect(ep, &src[started % nsrc],
			    LOADGEN_PORT_BASE + started / nsrc, &dst)) == -1)
				failed++;
			else
				open++;
			started++;
		}
		if (started == total && t_last == 0)
			t_last = now;
		wait_ms = started < total ? 1 : 100;
		n = epoll_wait(ep, evs, (int)(sizeof evs / sizeof evs[0]),
		    wait_ms);
		for (i = 0; i < n; i++) {
			fd = evs[i].data.fd;
			r = read(fd, buf, sizeof buf);
			if (r > 0)
				continue;	/* no data is expected; ignore */
			if (r == -1 && errno == EAGAIN)
				continue;
			/* RFC 9293 3.10.7.4: the server's FIN; our close (E19). */
			if (r == 0)
				done++;
			else
				failed++;
			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			open--;
		}
	}
	failed += open;		/* still waiting at the deadline */
	/* The rate is over the start phase: 1/rate before the last start. */
	if (t_last == 0)
		t_last = loadgen_now();
	took = (double)(t_last - t0) / 1e9 + 1.0 / rate;
	printf("started %lu completed %lu failed %lu seconds %.3f rate %.0f\n",
	    started, done, failed, took, took > 0 ? (double)done / took : 0.0);
	return failed == 0 && started == total ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loadgen_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && strcmp(argv[1], "server") == 0)
		return loadgen_server(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "client") == 0)
		return loadgen_client(argc - 2, argv + 2);
	fprintf(stderr, "usage: loadgen server|client ...\n");
	return 2;
}
