/*
 * log.h: messages for the user (stderr, "tcpviz: ...") and an optional
 * debug log file (-v). While curses owns the terminal the front end calls
 * log_set_hook() so a fatal path restores the terminal before it speaks and
 * warnings are held back instead of scribbling on the screen. Layer 0.
 */
#ifndef TCPVIZ_LOG_H
#define TCPVIZ_LOG_H

#include "compat.h"

/* Called before anything is printed on a fatal path (restore the tty). */
typedef void (*log_hook_fn)(void);

void	log_set_progname(const char *);
void	log_set_hook(log_hook_fn, bool hold_warnings);
void	log_open_debug(const char *path);
void	log_debug(const char *, ...) COMPAT_PRINTF(1, 2);
void	log_warnx(const char *, ...) COMPAT_PRINTF(1, 2);
void	log_flush_held(void);
void	log_fatalx(const char *, ...) COMPAT_PRINTF(1, 2) COMPAT_NORETURN;
void	log_usagex(const char *, ...) COMPAT_PRINTF(1, 2) COMPAT_NORETURN;

#endif
