/*
 * backend.c: what every source shares: freeing and its error text. Layer 2a.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "backend.h"
#include "xmalloc.h"

void
backend_free(struct backend *b)
{
	if (b == NULL)
		return;
	if (b->cls != NULL && b->cls->free != NULL)
		b->cls->free(b);
	free(b->error);
	free(b->warning);
	free(b);
}

/* Replace *slot with a formatted message. */
static void COMPAT_PRINTF(2, 0)
backend_set_text(char **slot, const char *fmt, va_list ap)
{
	char	buf[1024];

	vsnprintf(buf, sizeof buf, fmt, ap);
	free(*slot);
	*slot = xstrdup(buf);
}

void
backend_set_error(struct backend *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	backend_set_text(&b->error, fmt, ap);
	va_end(ap);
}

void
backend_set_warning(struct backend *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	backend_set_text(&b->warning, fmt, ap);
	va_end(ap);
}

bool
backend_can_reopen(const struct backend *b)
{
	return b != NULL && b->cls->reopen != NULL && b->cls->seek != NULL &&
	    b->reopenable;
}

struct backend *
backend_reopen(struct backend *b, char **err)
{
	*err = NULL;
	if (!backend_can_reopen(b)) {
		*err = xstrdup("this input cannot be read again");
		return NULL;
	}
	return b->cls->reopen(b, err);
}

bool
backend_seek(struct backend *rd, const struct backend *b, uint64_t frame,
    int64_t *t_before)
{
	*t_before = INT64_MIN;
	return rd != NULL && b != NULL && rd->cls->seek != NULL &&
	    rd->cls->seek(rd, b, frame, t_before);
}
