/*
 * outfile.c: whole files written atomically, here or by the writer
 * process (outfile.h).
 *
 * The writer's requests on its socket, in this process's byte order:
 *
 *	uint32 magic, uint32 name length (1..OUTFILE_NAME_MAX),
 *	uint64 data length (at most OUTFILE_DATA_MAX), the name, the data
 *
 * and its answer, an int32: 0 written, 1 the name exists (a scope that
 * does not replace), or minus an errno. A request that breaks these
 * rules ends the writer: only a process gone wrong sends one.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"
#include "xmalloc.h"

#define OUTFILE_MAGIC		0x74767731u	/* "tvw1" */
#define OUTFILE_NAME_MAX	200
#define OUTFILE_DATA_MAX	((uint64_t)1 << 36)	/* 64 GiB */

struct outfile_req {
	uint32_t	magic;
	uint32_t	namelen;
	uint64_t	len;
};

/* Where the bytes of a file come from: memory, or the writer's socket. */
struct outfile_src {
	const uint8_t	*buf;
	int		 fd;
	uint64_t	 len;
};

static int	outfile_sock = -1;	/* to the writer, in the worker */
static pid_t	outfile_pid = -1;

bool
outfile_name_ok(const struct outfile_scope *sc, const char *name)
{
	size_t		n = strlen(name), i;
	unsigned char	ch;

	if (n == 0 || n > OUTFILE_NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		ch = (unsigned char)name[i];
		if (ch <= ' ' || ch >= 0x7f || ch == '/' || ch == '\\')
			return false;
	}
	if (sc->name != NULL)
		return strcmp(name, sc->name) == 0;
	return sc->prefix == NULL ||
	    strncmp(name, sc->prefix, strlen(sc->prefix)) == 0;
}

/* Read or write all n bytes (EINTR retried). 0, or -1 with errno. */
static int
outfile_io(int fd, void *buf, size_t n, bool rd)
{
	uint8_t	*p = buf;
	ssize_t	 got;

	while (n > 0) {
		got = rd ? read(fd, p, n) : write(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = rd ? ECONNRESET : EIO;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Take (and drop) what is left of a source, so the stream stays framed. */
static int
outfile_drain(struct outfile_src *src)
{
	uint8_t	buf[65536];
	size_t	n;

	while (src->fd >= 0 && src->len > 0) {
		n = src->len < sizeof buf ? (size_t)src->len : sizeof buf;
		if (outfile_io(src->fd, buf, n, true) != 0)
			return -1;
		src->len -= n;
	}
	return 0;
}

/* Copy the source into fd. 0, or -1 with errno (the source drained). */
static int
outfile_copy(int fd, struct outfile_src *src)
{
	uint8_t	buf[65536];
	size_t	n;
	int	saved;

	if (src->fd < 0)
		return outfile_io(fd, (void *)(uintptr_t)src->buf,
		    (size_t)src->len, false);
	while (src->len > 0) {
		n = src->len < sizeof buf ? (size_t)src->len : sizeof buf;
		if (outfile_io(src->fd, buf, n, true) != 0)
			return -1;
		src->len -= n;
		if (outfile_io(fd, buf, n, false) != 0) {
			saved = errno;
			if (outfile_drain(src) != 0)
				return -1;
			errno = saved;
			return -1;
		}
	}
	return 0;
}

/*
 * Write the source to name in dfd: a new hidden temporary file, synced,
 * then renamed over name (replace) or linked to it (which fails when
 * name exists). 0, 1 (exists), or -errno; the temporary file never stays.
 */
static int
outfile_write_at(int dfd, const char *name, bool replace,
    struct outfile_src *src)
{
	char		 tmp[OUTFILE_NAME_MAX + 32];
	unsigned	 tries;
	int		 fd = -1, e, rc;
	struct timespec	 ts;

	for (tries = 0; fd < 0 && tries < 100; tries++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(tmp, sizeof tmp, ".%s.%ld.%lx", name, (long)getpid(),
		    (unsigned long)(ts.tv_nsec ^ (tries * 2654435761u)));
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		(void)outfile_drain(src);
		return -e;
	}
	rc = outfile_copy(fd, src);
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && replace && renameat(dfd, tmp, dfd, name) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && !replace && linkat(dfd, tmp, dfd, name, 0) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0 || !replace)
		(void)unlinkat(dfd, tmp, 0);
	if (rc != 0)
		return e == EEXIST && !replace ? 1 : -e;
	return 0;
}

/* Open the scope's directory (made first when it says so); -1 errno. */
static int
outfile_dir_open(const struct outfile_scope *sc)
{
	struct stat	st;

	if (sc->make_dir && mkdir(sc->dir, 0777) != 0 && errno != EEXIST)
		return -1;
	if (stat(sc->dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return open(sc->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The writer: one request at a time until the worker closes. */
static void __attribute__((noreturn))
outfile_serve(int s, int dfd, const struct outfile_scope *sc)
{
	struct outfile_req	req;
	struct outfile_src	src;
	char			name[OUTFILE_NAME_MAX + 1];
	int32_t			rc;

	for (;;) {
		if (outfile_io(s, &req, sizeof req, true) != 0)
			_exit(0);
		if (req.magic != OUTFILE_MAGIC || req.namelen == 0 ||
		    req.namelen > OUTFILE_NAME_MAX || req.len > OUTFILE_DATA_MAX)
			_exit(1);
		if (outfile_io(s, name, req.namelen, true) != 0)
			_exit(1);
		name[req.namelen] = '\0';
		if (strlen(name) != req.namelen || !outfile_name_ok(sc, name))
			_exit(1);
		src.buf = NULL;
		src.fd = s;
		src.len = req.len;
		rc = outfile_write_at(dfd, name, sc->replace, &src);
		/* A source cut short leaves nothing to answer. */
		if (src.len != 0)
			_exit(1);
		if (outfile_io(s, &rc, sizeof rc, false) != 0)
			_exit(0);
	}
}

int
outfile_writer_start(const struct outfile_scope *sc, char **err)
{
	int	sv[2], dfd;

	*err = NULL;
	if (outfile_sock >= 0)
		return 0;
	if ((dfd = outfile_dir_open(sc)) < 0) {
		xasprintf(err, "%s %s: %s", sc->make_dir ?
		    "cannot create the directory" : "cannot write in",
		    sc->dir, strerror(errno));
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		xasprintf(err, "socketpair: %s", strerror(errno));
		close(dfd);
		return -1;
	}
	if ((outfile_pid = fork()) < 0) {
		xasprintf(err, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		close(dfd);
		return -1;
	}
	if (outfile_pid == 0) {
		close(sv[0]);
		/* What ps and top call it (its command line stays). */
		(void)prctl(PR_SET_NAME, "tcpviz-writer", 0, 0, 0);
		/*
		 * The terminal's ^C, a hangup or a TERM to the group end the
		 * capture in the worker, which then still sends its export:
		 * the writer ends when the worker closes the socket.
		 */
		signal(SIGINT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		/* sc is in the child's copy of this frame: it never returns. */
		outfile_serve(sv[1], dfd, sc);
	}
	close(sv[1]);
	close(dfd);
	outfile_sock = sv[0];
	return 0;
}

bool
outfile_writer_running(void)
{
	return outfile_sock >= 0;
}

void
outfile_writer_stop(void)
{
	if (outfile_sock < 0)
		return;
	close(outfile_sock);
	outfile_sock = -1;
	/* Reap it when allowed (the sandbox forbids wait4: then init does). */
	while (waitpid(outfile_pid, NULL, 0) < 0 && errno == EINTR)
		;
	outfile_pid = -1;
}

/* Send one request and take the answer: 0, 1, or -errno. */
static int
outfile_send(const char *name, const void *buf, size_t n)
{
	struct outfile_req	req;
	int32_t			rc;

	memset(&req, 0, sizeof req);
	req.magic = OUTFILE_MAGIC;
	req.namelen = (uint32_t)strlen(name);
	req.len = n;
	if (outfile_io(outfile_sock, &req, sizeof req, false) != 0 ||
	    outfile_io(outfile_sock, (void *)(uintptr_t)name, req.namelen,
	    false) != 0 ||
	    outfile_io(outfile_sock, (void *)(uintptr_t)buf, n, false) != 0 ||
	    outfile_io(outfile_sock, &rc, sizeof rc, true) != 0)
		return -EPIPE;
	return rc;
}

int
outfile_put(const struct outfile_scope *sc, const char *name,
    const void *buf, size_t n, char **err)
{
	struct outfile_src	src;
	int			dfd, rc;

	*err = NULL;
	if (!outfile_name_ok(sc, name)) {
		xasprintf(err, "%s: not a plain file name", name);
		return -1;
	}
	if (outfile_sock >= 0)
		rc = outfile_send(name, buf, n);
	else if ((dfd = outfile_dir_open(sc)) < 0)
		rc = -errno;
	else {
		src.buf = buf;
		src.fd = -1;
		src.len = n;
		rc = outfile_write_at(dfd, name, sc->replace, &src);
		close(dfd);
	}
	if (rc >= 0)
		return rc;
	if (rc == -EPIPE && outfile_sock >= 0)
		xasprintf(err, "cannot write %s/%s: the writer process "
		    "ended", sc->dir, name);
	else if (strcmp(sc->dir, ".") == 0)
		xasprintf(err, "cannot write %s: %s", name, strerror(-rc));
	else
		xasprintf(err, "cannot write %s/%s: %s", sc->dir, name,
		    strerror(-rc));
	return -1;
}
