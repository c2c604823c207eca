/*
 * test-event.c: flow keys and formatting (event.c), and the mod-2^32
 * compares (seq.h) and checked reader (bytes.h) it builds on.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "bytes.h"
#include "event.h"
#include "seq.h"

static struct event_endpoint
ep4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
	struct event_endpoint	e;

	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET;
	e.addr[0] = a; e.addr[1] = b; e.addr[2] = c; e.addr[3] = d;
	e.port = port;
	return e;
}

/* Both directions of a connection give the same key and hash. */
static void
test_key_symmetric(void **state)
{
	struct event_segment	s1, s2;
	struct event_key	k1, k2;

	(void)state;
	memset(&s1, 0, sizeof s1);
	s1.src = ep4(10, 0, 0, 2, 80);
	s1.dst = ep4(10, 0, 0, 1, 40000);
	s2 = s1;
	s2.src = s1.dst;
	s2.dst = s1.src;
	assert_int_equal(event_key_make(&k1, &s1), 1);
	assert_int_equal(event_key_make(&k2, &s2), 0);
	assert_true(event_key_eq(&k1, &k2));
	assert_int_equal(event_key_hash(&k1), event_key_hash(&k2));
	/* A different port is a different connection. */
	s2.src.port = 40001;
	event_key_make(&k2, &s2);
	assert_false(event_key_eq(&k1, &k2));
}

static void
test_format(void **state)
{
	struct event_endpoint	e;
	char			buf[EVENT_ADDR_STRLEN], t[EVENT_TIME_STRLEN];
	char			f[EVENT_FLAGS_STRLEN];

	(void)state;
	e = ep4(192, 168, 1, 20, 443);
	assert_string_equal(event_endpoint_format(buf, sizeof buf, &e),
	    "192.168.1.20:443");
	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET6;
	e.addr[0] = 0x20; e.addr[1] = 0x01; e.addr[2] = 0x0d;
	e.addr[3] = 0xb8; e.addr[15] = 1;
	e.port = 8080;
	assert_string_equal(event_endpoint_format(buf, sizeof buf, &e),
	    "[2001:db8::1]:8080");
	assert_string_equal(event_time_format(t, sizeof t,
	    INT64_C(1700000000123456789)), "1700000000.123456");
	assert_string_equal(event_time_format(t, sizeof t, 0), "0.000000");
	assert_string_equal(event_time_format(t, sizeof t,
	    -INT64_C(500000000)), "-0.500000");
	assert_string_equal(event_flags_format(f, sizeof f,
	    SEGF_SYN | SEGF_ACK), "SYN,ACK");
	assert_string_equal(event_flags_format(f, sizeof f, 0), "none");
	assert_string_equal(event_flags_format(f, sizeof f, 0x1ff),
	    "SYN,FIN,RST,PSH,ACK,URG,ECE,CWR,NS");
	/* A short buffer is cut, never overrun. */
	assert_int_equal(strlen(event_flags_format(f, 6, 0x1ff)), 5);
}

/*
 * The hand-made IPv6 and decimal formatting agrees with inet_ntop and
 * printf: every pattern of zero and non-zero groups (the "::" rules), the
 * IPv4-mapped and -compatible forms, random addresses, and numbers of
 * every length.
 */
/*
 * An endpoint fitted to a width keeps its whole port: the host loses its
 * start behind an ellipsis, then only the port is left, then nothing
 * (issue 17: "10.207.0.1:5055" for port 50552 was the bug).
 */
static void
test_format_fit(void **state)
{
	struct event_endpoint	e;
	char			buf[EVENT_ADDR_STRLEN + 8];

	(void)state;
	e = ep4(10, 207, 0, 1, 50552);
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    16, false), "10.207.0.1:50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    40, true), "10.207.0.1:50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    15, false), "\xe2\x80\xa6"".207.0.1:50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    15, true), "..207.0.1:50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    8, false), "\xe2\x80\xa6""1:50552");
	/* No host character fits: the port alone, then nothing. */
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    7, false), ":50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    6, false), ":50552");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    5, false), "");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    -3, true), "");
	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET6;
	e.addr[0] = 0x20; e.addr[1] = 0x01; e.addr[2] = 0x0d;
	e.addr[3] = 0xb8; e.addr[15] = 1;
	e.port = 40000;
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    19, false), "[2001:db8::1]:40000");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    17, false), "[\xe2\x80\xa6""1:db8::1]:40000");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    17, true), "[..:db8::1]:40000");
	assert_string_equal(event_endpoint_format_fit(buf, sizeof buf, &e,
	    8, false), ":40000");
	/* A short buffer is cut, never overrun. */
	assert_int_equal(strlen(event_endpoint_format_fit(buf, 4, &e, 19,
	    false)), 3);
}

/* event_decimal(v) prints what printf's %llu does. */
static void
assert_decimal_printf(uint64_t v)
{
	char	d[32] = "", w[32], *end;

	end = event_decimal(d, d + sizeof d - 1, v, 1);
	*end = '\0';
	snprintf(w, sizeof w, "%llu", (unsigned long long)v);
	assert_string_equal(d, w);
}

static void
test_format_oracle(void **state)
{
	struct event_endpoint	e;
	char			got[EVENT_ADDR_STRLEN], want[EVENT_ADDR_STRLEN + 16];
	char			ntop[INET6_ADDRSTRLEN];
	uint64_t		v, rnd = 88172645463325252ULL;
	unsigned		mask, i, k;

	(void)state;
	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET6;
	for (k = 0; k < 256 * 4 + 4000; k++) {
		memset(e.addr, 0, sizeof e.addr);
		if (k < 256 * 4) {
			/* groups set by mask, with 1, 0xabcd, 0x10, 0xffff */
			mask = k % 256;
			for (i = 0; i < 8; i++) {
				if (!(mask & (1u << i)))
					continue;
				e.addr[2 * i] = (uint8_t)(k / 256 == 1 ? 0xab :
				    k / 256 == 3 ? 0xff : 0);
				e.addr[2 * i + 1] = (uint8_t)(k / 256 == 0 ?
				    1 : k / 256 == 1 ? 0xcd : k / 256 == 2 ?
				    0x10 : 0xff);
			}
		} else if (k < 256 * 4 + 2) {
			/* ::ffff:a.b.c.d and ::a.b.c.d */
			if (k % 2 == 0)
				e.addr[10] = e.addr[11] = 0xff;
			e.addr[12] = 192; e.addr[13] = 0; e.addr[14] = 2;
			e.addr[15] = 33;
		} else {
			for (i = 0; i < 16; i++) {
				rnd ^= rnd << 13; rnd ^= rnd >> 7;
				rnd ^= rnd << 17;
				/* many zero bytes, so zero runs happen */
				e.addr[i] = (uint8_t)(rnd % 3 == 0 ? 0 :
				    rnd >> 24);
			}
		}
		e.port = (uint16_t)k;
		assert_non_null(inet_ntop(AF_INET6, e.addr, ntop, sizeof ntop));
		snprintf(want, sizeof want, "[%s]:%u", ntop, e.port);
		event_endpoint_format(got, sizeof got, &e);
		assert_string_equal(got, want);
	}
	{
		/* cut short, never past the end it is given */
		char	d[8] = "xxxxxxx";

		assert_ptr_equal(event_decimal(d, d + 3, 12345, 1), d + 3);
		assert_memory_equal(d, "123xxxx", 7);
		assert_ptr_equal(event_decimal(d, d + 2, 7, 6), d + 2);
		assert_memory_equal(d, "003xxxx", 7);
	}
	/*
	 * Every digit count's edges (the 2- and 4-digit steps: 10^k - 1,
	 * 10^k, 10^k + 1), then 2^32 - 1, 2^32 and the top of uint64_t.
	 */
	for (v = 1, k = 0; k < 20; k++, v *= 10) {
		assert_decimal_printf(v - 1);
		assert_decimal_printf(v);
		assert_decimal_printf(v + 1);
	}
	assert_decimal_printf(UINT32_MAX);
	assert_decimal_printf(UINT64_C(4294967296));
	assert_decimal_printf(UINT64_MAX - 1);
	assert_decimal_printf(UINT64_MAX);
	for (v = 1, k = 0; k < 64; k++, v = v * 3 + k) {
		char	d[32], w[32], *end;

		end = event_decimal(d, d + sizeof d - 1, v, 1);
		*end = '\0';
		snprintf(w, sizeof w, "%llu", (unsigned long long)v);
		assert_string_equal(d, w);
		end = event_decimal(d, d + sizeof d - 1, v % 1000000, 6);
		*end = '\0';
		snprintf(w, sizeof w, "%06llu",
		    (unsigned long long)(v % 1000000));
		assert_string_equal(d, w);
	}
}

/* seq.h: comparisons hold across the 2^32 wrap. */
static void
test_seq_wrap(void **state)
{
	(void)state;
	assert_true(seq_lt(0xfffffff0u, 0x10u));
	assert_true(seq_gt(0x10u, 0xfffffff0u));
	assert_true(seq_leq(5, 5));
	assert_true(seq_in(0x2u, 0xfffffffeu, 0x5u));
	assert_false(seq_in(0x5u, 0xfffffffeu, 0x5u));
	assert_true(seq_between(0x5u, 0xfffffffeu, 0x5u));
	assert_false(seq_in(7, 7, 7));
}

/* bytes.h: reading past the end sets the sticky flag and yields 0. */
static void
test_bytes_bounds(void **state)
{
	static const uint8_t	buf[5] = { 1, 2, 3, 4, 5 };
	struct bytes		b, s;
	bool			cut;

	(void)state;
	bytes_init(&b, buf, sizeof buf);
	assert_int_equal(bytes_be32(&b), 0x01020304);
	assert_true(bytes_ok(&b));
	assert_int_equal(bytes_be16(&b), 0);
	assert_false(bytes_ok(&b));
	assert_int_equal(bytes_u8(&b), 0);
	bytes_init(&b, buf, sizeof buf);
	s = bytes_sub(&b, 10, &cut);
	assert_true(cut);
	assert_int_equal(bytes_left(&s), 5);
	assert_int_equal(bytes_left(&b), 0);
	bytes_init(&b, NULL, 100);
	assert_int_equal(bytes_left(&b), 0);
	assert_int_equal(bytes_le32(&b), 0);
	assert_false(bytes_ok(&b));
}

/* An endpoint fitted to a width keeps its whole port (issue 17). */
static void
test_endpoint_fit(void **state)
{
	struct event_endpoint	e = ep4(10, 207, 0, 1, 50552);
	char			b[EVENT_ADDR_STRLEN];

	(void)state;
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 16, false),
	    "10.207.0.1:50552");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 15, false),
	    "10.207.0\xe2\x80\xa6:50552");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 15, true),
	    "10.207...:50552");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 7, false),
	    "\xe2\x80\xa6:50552");
	/* Too narrow for even that: the port still whole. */
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 3, true),
	    "...:50552");
	memset(&e, 0, sizeof e);
	e.family = EVENT_AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", e.addr), 1);
	e.port = 40000;
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 19, false),
	    "[2001:db8::1]:40000");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 16, false),
	    "[2001:db\xe2\x80\xa6]:40000");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 16, true),
	    "[2001:...]:40000");
	assert_string_equal(event_endpoint_fit(b, sizeof b, &e, 2, false),
	    "[\xe2\x80\xa6]:40000");
}

/* The display and BPF filters of a connection, IPv4 and IPv6. */
static void
test_filters(void **state)
{
	struct event_endpoint	x = ep4(10, 0, 0, 2, 80);
	struct event_endpoint	y = ep4(10, 0, 0, 1, 40000);
	struct event_key	k;
	char			b[EVENT_FILTER_STRLEN];

	(void)state;
	event_key_from(&k, &x, &y);
	assert_string_equal(event_filter_display(b, sizeof b, &k),
	    "ip.addr==10.0.0.1 && tcp.port==40000 && ip.addr==10.0.0.2 && "
	    "tcp.port==80");
	assert_string_equal(event_filter_bpf(b, sizeof b, &k),
	    "host 10.0.0.1 and host 10.0.0.2 and tcp port 40000 and "
	    "tcp port 80");
	/* The longest IPv6 pair fits the buffer. */
	memset(&x, 0xff, sizeof x);
	x.family = EVENT_AF_INET6;
	x.port = 65535;
	y = x;
	y.addr[0] = 0xfe;
	event_key_from(&k, &x, &y);
	assert_string_equal(event_filter_display(b, sizeof b, &k),
	    "ipv6.addr==feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff && "
	    "tcp.port==65535 && "
	    "ipv6.addr==ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff && "
	    "tcp.port==65535");
	assert_true(strlen(event_filter_bpf(b, sizeof b, &k)) <
	    sizeof b - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_symmetric),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_fit),
		cmocka_unit_test(test_endpoint_fit),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_format_oracle),
		cmocka_unit_test(test_seq_wrap),
		cmocka_unit_test(test_bytes_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
