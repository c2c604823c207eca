/*
 * xmalloc.h: allocation wrappers that never return NULL; on exhaustion they
 * print one line and exit 1. Layer 0.
 */
#ifndef TCPVIZ_XMALLOC_H
#define TCPVIZ_XMALLOC_H

#include "compat.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
int	 xasprintf(char **, const char *, ...) COMPAT_PRINTF(2, 3);

#endif
