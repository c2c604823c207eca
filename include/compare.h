/*
 * compare.h: a captured connection's state sequence beside a scenario's,
 * aligned per endpoint, each difference named where a rule can tell why
 * (tcpviz -r FILE --compare SCENARIO). Layer 4.
 */
#ifndef TCPVIZ_COMPARE_H
#define TCPVIZ_COMPARE_H

#include <stdio.h>

#include "compat.h"
#include "view.h"

struct compare_config {
	const struct view_timeline *capture;	/* the capture's connection */
	const struct view_timeline *scenario;	/* the scenario's */
	uint32_t		 conn_id;	/* its number in the list */
	int64_t			 capture_end;	/* the capture's last time */
	const char		*capture_name;	/* the file */
	const char		*scenario_name;
	const char		*scenario_title; /* in the UI language */
	bool			 json;		/* JSON lines (English) */
};

/* Print the comparison on out: text in the UI language, or JSON. 0/-1. */
int	compare_write(FILE *out, const struct compare_config *);

#endif
