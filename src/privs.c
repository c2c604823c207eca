/*
 * privs.c: drop root (or file capabilities) after the capture is open, so
 * that nothing parses packets with more privilege than the user it runs as.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "privs.h"
#include "xmalloc.h"

/* Clear every capability set of this process (a setcap binary's). */
static int
privs_clear_caps(char **err)
{
	struct __user_cap_header_struct	hdr;
	struct __user_cap_data_struct	data[2];

	memset(&hdr, 0, sizeof hdr);
	memset(data, 0, sizeof data);
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	hdr.pid = 0;
	if (syscall(SYS_capset, &hdr, data) != 0) {
		xasprintf(err, "cannot drop capabilities: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Does the process still hold any effective or permitted capability? */
static bool
privs_have_caps(void)
{
	struct __user_cap_header_struct	hdr;
	struct __user_cap_data_struct	data[2];

	memset(&hdr, 0, sizeof hdr);
	memset(data, 0, sizeof data);
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) != 0)
		return true;	/* cannot tell: assume the worst */
	return (data[0].effective | data[1].effective | data[0].permitted |
	    data[1].permitted) != 0;
}

int
privs_drop(const char *user, char **err)
{
	struct passwd	*pw;
	uid_t		 ruid, euid, suid;
	gid_t		 rgid, egid, sgid;

	*err = NULL;
	if (geteuid() != 0) {
		if (user != NULL) {
			if ((pw = getpwnam(user)) == NULL) {
				xasprintf(err, "-Z %s: no such user", user);
				return -1;
			}
			if (pw->pw_uid != getuid()) {
				xasprintf(err, "-Z %s: only root can switch "
				    "to another user", user);
				return -1;
			}
		}
		if (privs_have_caps() && privs_clear_caps(err) != 0)
			return -1;
		return 0;
	}

	if (user == NULL)
		user = PRIVS_DEFAULT_USER;
	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		xasprintf(err, "cannot give up root: no user '%s' (give -Z "
		    "USER)", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		/* -Z root: the user asked to keep every privilege. */
		return 0;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 &&
	    setgroups(1, &pw->pw_gid) != 0) {
		xasprintf(err, "cannot give up root: setgroups: %s",
		    strerror(errno));
		return -1;
	}
	if (setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
		xasprintf(err, "cannot give up root to user '%s': %s", user,
		    strerror(errno));
		return -1;
	}
	/* Prove it: every id is the user's and root does not come back. */
	if (getresuid(&ruid, &euid, &suid) != 0 ||
	    getresgid(&rgid, &egid, &sgid) != 0 ||
	    ruid != pw->pw_uid || euid != pw->pw_uid || suid != pw->pw_uid ||
	    rgid != pw->pw_gid || egid != pw->pw_gid || sgid != pw->pw_gid ||
	    setuid(0) == 0 || privs_have_caps()) {
		xasprintf(err, "giving up root to user '%s' did not take",
		    user);
		return -1;
	}
	/* No set-uid program run later may give privileges back. */
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return 0;
}
