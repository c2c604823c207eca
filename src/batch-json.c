/*
 * batch-json.c: JSON helpers shared by the headless printers. Layer 3.
 */
#include "config.h"

#include <stdio.h>

#include "batch.h"
#include "communityid.h"

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

/*
 * Write `,"community_id":"1:..."` for the connection between x and y, so
 * a record joins Zeek's, Suricata's or tshark's of the same flow.
 */
void
batch_json_community_id(FILE *out, const struct event_endpoint *x,
    const struct event_endpoint *y)
{
	char	id[COMMUNITYID_STRLEN];

	fputs(",\"community_id\":", out);
	batch_json_string(out, communityid_format(id, sizeof id, x, y,
	    COMMUNITYID_PROTO_TCP, 0));
}
