/*
 * test-sandbox.c: the seccomp filter refuses what the main loop must never
 * do (exec, new sockets, writing files, injecting terminal input) and
 * still allows what it does (reading, writing open descriptors, polling,
 * memory, reading files). Each case runs in a child, since a filter
 * cannot be removed.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"

/* Exit codes of the child: 0 as expected, else which check failed. */
enum {
	CHILD_OK,
	CHILD_NOT_INSTALLED,
	CHILD_ALLOWED_FAILED,
	CHILD_FORBIDDEN_WORKED,
};

/* Run fn in a child under the filter; return its exit code. */
static int
run_child(int (*fn)(void))
{
	pid_t	pid;
	int	st, rc;
	char	*err = NULL;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		rc = sandbox_enter(&err);
		if (rc != 1)
			_exit(CHILD_NOT_INSTALLED);
		_exit(fn());
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* What the main loop does keeps working. */
static int
child_allowed(void)
{
	int		fd;
	char		c = 'x', buf[16];
	struct pollfd	pfd;
	void		*p;

	/* Read-only opens, reads, writes on open descriptors, poll. */
	if ((fd = open("/dev/null", O_RDONLY)) < 0)
		return CHILD_ALLOWED_FAILED;
	if (read(fd, buf, sizeof buf) != 0)
		return CHILD_ALLOWED_FAILED;
	close(fd);
	if (write(STDOUT_FILENO, &c, 0) != 0)
		return CHILD_ALLOWED_FAILED;
	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) < 0)
		return CHILD_ALLOWED_FAILED;
	if ((p = malloc(1 << 20)) == NULL)
		return CHILD_ALLOWED_FAILED;
	memset(p, 1, 1 << 20);
	free(p);
	return CHILD_OK;
}

/* What it must never do is refused with EPERM. */
static int
child_forbidden(void)
{
	char	 prog[] = "/bin/true";
	char	*argv[] = { prog, NULL };
	char	 c = 'x';
	int	 fd;

	errno = 0;
	if (socket(AF_INET, SOCK_STREAM, 0) >= 0 || errno != EPERM)
		return CHILD_FORBIDDEN_WORKED;
	errno = 0;
	fd = open("/tmp/tcpviz-sandbox-test", O_WRONLY | O_CREAT | O_TRUNC,
	    0600);
	if (fd >= 0 || errno != EPERM)
		return CHILD_FORBIDDEN_WORKED;
	errno = 0;
	if (open("/dev/null", O_RDWR) >= 0 || errno != EPERM)
		return CHILD_FORBIDDEN_WORKED;
	errno = 0;
	execve(argv[0], argv, NULL);
	if (errno != EPERM)
		return CHILD_FORBIDDEN_WORKED;
	errno = 0;
	if (ioctl(STDIN_FILENO, TIOCSTI, &c) == 0 || errno != EPERM)
		return CHILD_FORBIDDEN_WORKED;
	return CHILD_OK;
}

static void
test_allowed(void **state)
{
	(void)state;
	assert_int_equal(run_child(child_allowed), CHILD_OK);
}

static void
test_forbidden(void **state)
{
	(void)state;
	assert_int_equal(run_child(child_forbidden), CHILD_OK);
}

#ifndef HAVE_SECCOMP
/* A build without libseccomp says so and changes nothing. */
static void
test_without_seccomp(void **state)
{
	char	*err = NULL;

	(void)state;
	assert_int_equal(sandbox_enter(&err), 0);
	assert_null(err);
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef HAVE_SECCOMP
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_forbidden),
#else
		cmocka_unit_test(test_without_seccomp),
#endif
	};

#ifndef HAVE_SECCOMP
	(void)test_allowed;
	(void)test_forbidden;
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
