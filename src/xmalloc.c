/*
 * xmalloc.c: allocation wrappers that never return NULL. Layer 0.
 * Running out of memory is a runtime error: restore nothing, say so, exit 1
 * (the curses front end installs its own exit hook through log.c).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

/* Allocate size bytes or exit. */
void *
xmalloc(size_t size)
{
	void	*p;

	p = malloc(size == 0 ? 1 : size);
	if (p == NULL)
		log_fatalx("out of memory allocating %zu bytes", size);
	return p;
}

/* Allocate a zeroed array of n elements or exit. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (p == NULL)
		log_fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Resize an array of n elements, checking n * size for overflow. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		log_fatalx("allocation of %zu x %zu bytes overflows", n, size);
	p = realloc(old, n * size == 0 ? 1 : n * size);
	if (p == NULL)
		log_fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Duplicate a string or exit. */
char *
xstrdup(const char *s)
{
	size_t	 len = strlen(s) + 1;
	char	*p = xmalloc(len);

	memcpy(p, s, len);
	return p;
}

/* Format into a newly allocated string or exit; returns its length. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		log_fatalx("bad format string %s", fmt);
	*ret = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(*ret, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return len;
}
