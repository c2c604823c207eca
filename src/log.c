/*
 * log.c: user-facing messages and the debug log. Layer 0.
 * Invariant: nothing reaches stderr while a hook with hold_warnings is set;
 * held warnings are replayed by log_flush_held() once the terminal is back.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define LOG_HELD_MAX	32

static const char	*log_progname = "tcpviz";
static log_hook_fn	 log_hook;
static bool		 log_hold;
static FILE		*log_debug_file;
static char		*log_held[LOG_HELD_MAX];
static size_t		 log_held_count;
static size_t		 log_held_dropped;

/* Set the name messages start with. */
void
log_set_progname(const char *name)
{
	log_progname = name;
}

/* Install (or clear, with NULL) the terminal hook. */
void
log_set_hook(log_hook_fn fn, bool hold_warnings)
{
	log_hook = fn;
	log_hold = hold_warnings;
}

/* Open a debug log file; called for -v. */
void
log_open_debug(const char *path)
{
	log_debug_file = fopen(path, "a");
	if (log_debug_file != NULL)
		setvbuf(log_debug_file, NULL, _IOLBF, 0);
}

/* Write a line to the debug log, if one is open. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_debug_file == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(log_debug_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_debug_file);
}

/* Warn the user: now on stderr, or later if the terminal is busy. */
void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	log_debug("warning: %s", buf);
	if (log_hold) {
		if (log_held_count < LOG_HELD_MAX) {
			log_held[log_held_count] = strdup(buf);
			if (log_held[log_held_count] != NULL)
				log_held_count++;
		} else
			log_held_dropped++;
		return;
	}
	fprintf(stderr, "%s: %s\n", log_progname, buf);
}

/* Print the warnings held while curses owned the terminal. */
void
log_flush_held(void)
{
	size_t	i;

	for (i = 0; i < log_held_count; i++) {
		fprintf(stderr, "%s: %s\n", log_progname, log_held[i]);
		free(log_held[i]);
	}
	if (log_held_dropped > 0)
		fprintf(stderr, "%s: (%zu more warnings not shown)\n",
		    log_progname, log_held_dropped);
	log_held_count = log_held_dropped = 0;
}

/* Shared tail of the fatal paths: restore the terminal, speak, exit. */
static void COMPAT_NORETURN COMPAT_PRINTF(2, 0)
log_die(int code, const char *fmt, va_list ap)
{
	if (log_hook != NULL) {
		log_hook_fn fn = log_hook;

		log_hook = NULL;
		log_hold = false;
		fn();
		log_flush_held();
	}
	fprintf(stderr, "%s: ", log_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	exit(code);
}

/* Runtime error: one line, exit 1. */
void
log_fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_die(1, fmt, ap);
}

/* Usage error: one line, exit 2. */
void
log_usagex(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_die(2, fmt, ap);
}
