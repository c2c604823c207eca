/*
 * batch-json.c: JSON helpers shared by the headless printers. Layer 3.
 */
#include "config.h"

#include <stdio.h>

#include "batch.h"

/* Write s as a JSON string: quotes, escapes, control bytes as \u00XX. */
void
batch_json_string(FILE *out, const char *s)
{
	const unsigned char	*p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}
