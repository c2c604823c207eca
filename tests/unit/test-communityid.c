/*
 * test-communityid.c: Community ID v1 (communityid.c) against the TCP and
 * UDP rows of the spec's published baseline (corelight/community-id-spec,
 * baseline/baseline_deflt.json and baseline_seed1.json), and its SHA-1 and
 * base64 against FIPS 180 and RFC 4648 vectors.
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

#include "communityid.h"

static struct event_endpoint
ep(const char *addr, uint16_t port)
{
	struct event_endpoint	e;

	memset(&e, 0, sizeof e);
	if (inet_pton(AF_INET, addr, e.addr) == 1)
		e.family = EVENT_AF_INET;
	else {
		assert_int_equal(inet_pton(AF_INET6, addr, e.addr), 1);
		e.family = EVENT_AF_INET6;
	}
	e.port = port;
	return e;
}

static const struct {
	const char	*saddr, *daddr;
	uint16_t	 sport, dport;
	uint8_t		 proto;
	const char	*deflt, *seed1;
} vectors[] = {
	{ "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a",
	  63943, 25, 6, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
	  "1:eJYTW6AOzFLlSUoESovMjnu7rMw=" },
	{ "128.232.110.120", "66.35.250.204", 34855, 80, 6,
	  "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
	  "1:3V71V58M3Ksw/yuFALMcW0LAHvc=" },
	{ "192.168.1.52", "8.8.8.8", 54585, 53, 17,
	  "1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
	  "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=" },
};

/* Each row, both directions, seed 0 and seed 1. */
static void
test_baseline(void **state)
{
	struct event_endpoint	s, d;
	char			buf[COMMUNITYID_STRLEN];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		s = ep(vectors[i].saddr, vectors[i].sport);
		d = ep(vectors[i].daddr, vectors[i].dport);
		assert_string_equal(communityid_format(buf, sizeof buf, &s,
		    &d, vectors[i].proto, 0), vectors[i].deflt);
		assert_string_equal(communityid_format(buf, sizeof buf, &d,
		    &s, vectors[i].proto, 0), vectors[i].deflt);
		assert_string_equal(communityid_format(buf, sizeof buf, &s,
		    &d, vectors[i].proto, 1), vectors[i].seed1);
		assert_string_equal(communityid_format(buf, sizeof buf, &d,
		    &s, vectors[i].proto, 1), vectors[i].seed1);
	}
}

/* The key form is the TCP, seed 0 one. */
static void
test_key(void **state)
{
	struct event_endpoint	s = ep("66.35.250.204", 80);
	struct event_endpoint	d = ep("128.232.110.120", 34855);
	struct event_key	k;
	char			buf[COMMUNITYID_STRLEN];

	(void)state;
	event_key_from(&k, &s, &d);
	assert_string_equal(communityid_key(buf, sizeof buf, &k),
	    "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
}

/* Mixed families, unknown families and short buffers give "". */
static void
test_refuse(void **state)
{
	struct event_endpoint	s = ep("10.0.0.1", 1), d = ep("::1", 2);
	char			buf[COMMUNITYID_STRLEN];

	(void)state;
	strcpy(buf, "x");
	assert_string_equal(communityid_format(buf, sizeof buf, &s, &d, 6,
	    0), "");
	d = s;
	d.family = 0;
	s.family = 0;
	assert_string_equal(communityid_format(buf, sizeof buf, &s, &d, 6,
	    0), "");
	s = ep("10.0.0.1", 1);
	d = ep("10.0.0.2", 2);
	assert_string_equal(communityid_format(buf, COMMUNITYID_STRLEN - 1,
	    &s, &d, 6, 0), "");
}

static void
hex(char *out, const uint8_t *md)
{
	int	i;

	for (i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

/* FIPS 180 examples, including the two-block padding case. */
static void
test_sha1(void **state)
{
	uint8_t	md[20];
	char	h[41], big[1000];

	(void)state;
	communityid_sha1(md, "abc", 3);
	hex(h, md);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	communityid_sha1(md, "", 0);
	hex(h, md);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	communityid_sha1(md, "abcdbcdecdefdefgefghfghighijhijkijkljklm"
	    "klmnlmnomnopnopq", 56);
	hex(h, md);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	memset(big, 'a', sizeof big);
	communityid_sha1(md, big, sizeof big);
	hex(h, md);
	assert_string_equal(h, "291e9a6c66994949b57ba5e650361e98fc36b1ba");
}

/* RFC 4648 section 10, and a buffer one byte short. */
static void
test_base64(void **state)
{
	static const char	*in[] = { "", "f", "fo", "foo", "foob",
				    "fooba", "foobar" };
	static const char	*out[] = { "", "Zg==", "Zm8=", "Zm9v",
				    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	char			 buf[16];
	size_t			 i;

	(void)state;
	for (i = 0; i < 7; i++) {
		assert_int_equal(communityid_base64(buf, sizeof buf, in[i],
		    strlen(in[i])), strlen(out[i]));
		assert_string_equal(buf, out[i]);
	}
	assert_int_equal(communityid_base64(buf, 8, "foob", 4), 0);
	assert_string_equal(buf, "");
	assert_int_equal(communityid_base64(buf, 9, "foob", 4), 8);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_refuse),
		cmocka_unit_test(test_sha1),
		cmocka_unit_test(test_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
