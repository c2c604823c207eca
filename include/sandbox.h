/*
 * sandbox.h: once set up (capture open, privileges given up), restrict the
 * process to the system calls its main loop needs, with a seccomp filter
 * (libseccomp, when tcpviz was built with it). Used by tcpviz.c.
 */
#ifndef TCPVIZ_SANDBOX_H
#define TCPVIZ_SANDBOX_H

#include "compat.h"

/*
 * Install the filter. Any call not allowed fails with EPERM (the process
 * is not killed: a forgotten harmless call must not crash a class demo).
 * Not allowed, among others: execve, fork/clone, socket, connect, bind,
 * ptrace, opening a file for writing, and terminal ioctls that inject
 * input (TIOCSTI). Returns 1 when installed, 0 when this build has no
 * seccomp, -1 with *err set when installing failed.
 */
int	 sandbox_enter(char **err);

#endif
