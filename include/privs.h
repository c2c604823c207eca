/*
 * privs.h: giving up privileges once a capture is open, as tcpdump's -Z
 * does. Used by tcpviz.c only.
 */
#ifndef TCPVIZ_PRIVS_H
#define TCPVIZ_PRIVS_H

#include "compat.h"

#define PRIVS_DEFAULT_USER	"nobody"

/*
 * Run as user from now on. As root: switch every user and group id to the
 * user's (and its groups), then prove that root cannot be regained. Not
 * as root: user must be the current user (or NULL); capabilities the
 * binary was given (setcap) are dropped. A NULL user as root means
 * PRIVS_DEFAULT_USER. Returns 0, or -1 with *err set (one line, freed by
 * the caller): the caller must not go on.
 */
int	 privs_drop(const char *user, char **err);

#endif
