/*
 * sandbox.c: the seccomp filter for the main loop. An allow list: reading
 * and writing open descriptors, polling, memory, time, signals, the
 * terminal ioctls curses needs, and files opened read-only (terminfo,
 * locale). Everything else returns EPERM.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_SECCOMP
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <seccomp.h>
#include <termios.h>
#endif

#include "sandbox.h"
#include "xmalloc.h"

#ifdef HAVE_SECCOMP
/* Calls allowed with any arguments (names unknown here are skipped). */
static const char *const sandbox_calls[] = {
	"read", "readv", "pread64", "write", "writev", "pwrite64", "close",
	"fstat", "newfstatat", "statx", "stat", "lstat", "lseek",
	"poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait",
	"fcntl", "dup", "dup2", "dup3",
	"mmap", "munmap", "mremap", "mprotect", "brk", "madvise",
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
	"restart_syscall",
	"clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep",
	"gettimeofday", "time",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"getresuid", "getresgid", "getgroups", "uname", "sysinfo",
	"prlimit64", "getrlimit",
	"exit", "exit_group", "futex", "sched_yield", "getrandom", "rseq",
	"set_robust_list", "tgkill",
	/* libpcap: reading the ring, its statistics. */
	"recvfrom", "recvmsg", "getsockopt",
	"getdents64", "access", "faccessat", "readlink", "readlinkat",
};

/* ioctl requests allowed: the terminal's modes and size, non-blocking. */
static const unsigned long sandbox_ioctls[] = {
	TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, FIONREAD, FIONBIO,
	SIOCGIFFLAGS, SIOCGIFINDEX, TIOCGPGRP,
};

/* Allow a call when its argument arg compares (op a, b) true. */
static int
sandbox_allow_arg(scmp_filter_ctx ctx, int nr, unsigned arg,
    enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp	cmp;

	memset(&cmp, 0, sizeof cmp);
	cmp.arg = arg;
	cmp.op = op;
	cmp.datum_a = a;
	cmp.datum_b = b;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp);
}

/* Allow one call by name; unknown names (another arch) are fine. */
static int
sandbox_allow(scmp_filter_ctx ctx, const char *name)
{
	int	nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}
#endif

int
sandbox_enter(char **err)
{
#ifdef HAVE_SECCOMP
	scmp_filter_ctx	 ctx;
	size_t		 i;
	int		 rc = 0;

	*err = NULL;
	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL) {
		*err = xstrdup("seccomp: cannot create a filter");
		return -1;
	}
	for (i = 0; rc == 0 && i < COMPAT_NITEMS(sandbox_calls); i++)
		rc = sandbox_allow(ctx, sandbox_calls[i]);
	for (i = 0; rc == 0 && i < COMPAT_NITEMS(sandbox_ioctls); i++)
		rc = sandbox_allow_arg(ctx, SCMP_SYS(ioctl), 1, SCMP_CMP_EQ,
		    sandbox_ioctls[i], 0);
	/*
	 * Files open read-only only (terminfo, locale data, the scenarios
	 * the view's C key compares with).
	 */
	if (rc == 0)
		rc = sandbox_allow_arg(ctx, SCMP_SYS(openat), 2,
		    SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC,
		    O_RDONLY);
	if (rc == 0 && seccomp_syscall_resolve_name("open") != __NR_SCMP_ERROR)
		rc = sandbox_allow_arg(ctx, SCMP_SYS(open), 1,
		    SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC,
		    O_RDONLY);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		xasprintf(err, "seccomp: cannot install the filter: %s",
		    strerror(-rc));
		return -1;
	}
	return 1;
#else
	*err = NULL;
	return 0;
#endif
}
