/*
 * backend-anon.h: a source whose segments carry documentation addresses
 * (RFC 5737 192.0.2.0/24, then 198.51.100.0/24 and 203.0.113.0/24; RFC
 * 3849 2001:db8::/32) in place of the real ones, mapped in the order
 * they are first seen, the same address always to the same one. Ports,
 * sequence numbers and times stay. --anonymize wraps every source in it,
 * so nothing drawn or written ever sees a real address. Layer 2a.
 */
#ifndef TCPVIZ_BACKEND_ANON_H
#define TCPVIZ_BACKEND_ANON_H

#include "compat.h"
#include "backend.h"

/* Wrap inner (the result owns it). It cannot be read again (reopen). */
struct backend	*backend_anon_new(struct backend *inner);
/* The source b wraps, or b itself when it is no anonymizing one. */
const struct backend *backend_anon_unwrap(const struct backend *b);

#endif
