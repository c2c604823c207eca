/*
 * test-scenario.c: the scenario parser. A valid file gives every field;
 * each malformed line gives exactly "file:line:column: ..." and no
 * scenario (nothing half-loaded).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scenario.h"
#include "xmalloc.h"

#define HEAD \
	"tcpviz-scenario 1\nname t\ntitle en T\ntitle zh 标题\n" \
	"description en D\ndescription zh 描述\n" \
	"endpoint c 10.0.0.1:1000\nendpoint s [2001:db8::2]:80\n"
#define CALL	"at 0 s listen\n"

/* A complete file: every directive lands where it should. */
static void
test_valid(void **state)
{
	static const char text[] =
	    "tcpviz-scenario 1\n"
	    "# comment\n"
	    "name demo-1\n"
	    "title en Three-way handshake\n"
	    "title zh 三次握手\n"
	    "description en one\n"
	    "description en two\n"
	    "description zh 第一\n"
	    "seed 42\n"
	    "msl 1.5s\n"
	    "endpoint client 10.0.0.1:40000 isn=7 mss=500 rto=250ms "
	    "delack=40ms fin-timeout=0\n"
	    "endpoint server 10.0.0.2:80 backlog=3 autoclose rfc1337 "
	    "keepalive=2s\r\n"
	    "channel all latency=20ms loss=5%\n"
	    "channel client->server latency=1ms jitter=2ms dup=0.5\n"
	    "at 1s client connect server   # trailing comment\n"
	    "at 0 server listen\n"
	    "at 2 client send 100\n"
	    "drop server fin 1\n"
	    "delay client 3 10ms\n"
	    "say 1s en Hello # not a comment\n"
	    "say 1s zh 你好\n"
	    "order 7\n";
	struct scenario	*sc;
	char		*err = NULL;

	(void)state;
	sc = scenario_parse("f.scn", text, sizeof text - 1, &err);
	if (sc == NULL)
		fail_msg("%s", err);
	assert_string_equal(sc->name, "demo-1");
	assert_string_equal(sc->title_zh, "三次握手");
	assert_string_equal(sc->desc_en, "one two");
	assert_int_equal(sc->seed, 42);
	assert_int_equal(sc->msl_ns, 1500000000);
	assert_int_equal(sc->nendpoints, 2);
	assert_int_equal(sc->endpoints[0].isn, 7);
	assert_int_equal(sc->endpoints[0].mss, 500);
	assert_int_equal(sc->endpoints[0].rto_ns, 250000000);
	assert_int_equal(sc->endpoints[0].delack_ns, 40000000);
	/* tcp_fin_timeout: 60 s unless set; 0 is RFC 9293's none. */
	assert_int_equal(sc->endpoints[0].fin_timeout_ns, 0);
	assert_int_equal(sc->endpoints[1].fin_timeout_ns,
	    60 * COMPAT_NS_PER_SEC);
	assert_int_equal(sc->endpoints[1].backlog, 3);
	assert_true(sc->endpoints[1].autoclose);
	assert_true(sc->endpoints[1].rfc1337);
	assert_false(sc->endpoints[0].rfc1337);
	/* keepalive=IDLE: Linux's interval (75 s) and count (9) */
	assert_int_equal(sc->endpoints[1].keep_idle_ns, 2 * COMPAT_NS_PER_SEC);
	assert_int_equal(sc->endpoints[1].keep_intvl_ns,
	    75 * COMPAT_NS_PER_SEC);
	assert_int_equal(sc->endpoints[1].keep_cnt, 9);
	assert_int_equal(sc->endpoints[0].keep_idle_ns, 0);
	assert_int_equal(sc->order, 7);
	assert_int_equal(sc->endpoints[1].addr.port, 80);
	assert_int_equal(scenario_link_for(sc, 0, 1)->latency_ns, 1000000);
	assert_int_equal(scenario_link_for(sc, 0, 1)->dup_ppm, 500000);
	assert_int_equal(scenario_link_for(sc, 1, 0)->loss_ppm, 50000);
	/* Actions sorted by time: listen (0) before connect (1 s). */
	assert_int_equal(sc->nactions, 3);
	assert_int_equal(sc->actions[0].call, SCENARIO_LISTEN);
	assert_int_equal(sc->actions[1].call, SCENARIO_CONNECT);
	assert_int_equal(sc->actions[1].peer, 1);
	assert_int_equal(sc->actions[1].line, 15);
	assert_int_equal(sc->actions[2].bytes, 100);
	assert_int_equal(sc->nfaults, 2);
	assert_int_equal(sc->faults[0].match, SCENARIO_MATCH_FIN);
	assert_int_equal(sc->faults[1].kind, SCENARIO_DELAY);
	assert_int_equal(sc->faults[1].nth, 3);
	assert_int_equal(sc->nnotes, 1);
	assert_string_equal(sc->notes[0].en, "Hello # not a comment");
	assert_string_equal(sc->notes[0].zh, "你好");
	scenario_free(sc);
}

/* Malformed input and the exact position it must be reported at. */
static const struct {
	const char	*text;
	const char	*want;		/* prefix of the message */
} bad[] = {
	{ "", "x:1:1: empty file" },
	{ "tcpviz-scenario 2\n", "x:1:17: format version 2" },
	{ "hello\n", "x:1:1: the first line" },
	{ "tcpviz-scenario 1 extra\n", "x:1:19: unexpected 'extra'" },
	{ HEAD "bogus 1\n" CALL, "x:9:1: unknown directive 'bogus'" },
	{ HEAD "at 1x s listen\n", "x:9:4: time: unknown unit 'x'" },
	{ HEAD "at 1 nobody listen\n", "x:9:6: unknown endpoint 'nobody'" },
	{ HEAD "at 1 s dance\n", "x:9:8: unknown call 'dance'" },
	{ HEAD "at 1 c connect\n", "x:9:15: the peer endpoint expected" },
	{ HEAD "at 1 c inject c flags=SYN seq=1\n",
	  "x:9:15: an endpoint cannot inject to itself" },
	/* One endpoint only when it connects to itself (self-connect). */
	{ "tcpviz-scenario 1\nname t\ntitle en T\ntitle zh 标题\n"
	  "description en D\ndescription zh 描述\n"
	  "endpoint c 10.0.0.1:1000\nat 0 c listen\n",
	  "x:9:1: the scenario needs at least two endpoints" },
	{ HEAD "at 1 c send 0\n", "x:9:13: bytes: 0 is out of range" },
	{ HEAD "at 1 c send 12abc\n", "x:9:13: bytes: '12abc' is not" },
	{ HEAD "endpoint c 10.0.0.3:1\n" CALL,
	    "x:9:10: endpoint 'c' is declared twice" },
	{ HEAD "endpoint d 10.0.0.1:1000\n" CALL,
	    "x:9:12: endpoint 'c' already has" },
	{ HEAD "endpoint d 10.0.0.300:1\n" CALL, "x:9:12: '10.0.0.300'" },
	{ HEAD "endpoint d 10.0.0.3:70000\n" CALL, "x:9:12: port: 70000" },
	{ HEAD "endpoint d 10.0.0.3:1 mss=10\n" CALL, "x:9:23: mss: 10" },
	{ HEAD "endpoint d 10.0.0.3:1 color=red\n" CALL,
	    "x:9:23: unknown endpoint setting 'color'" },
	{ HEAD "endpoint d 10.0.0.3:1 isn\n" CALL, "x:9:23: 'isn' needs" },
	{ HEAD "endpoint d 10.0.0.3:1 abort-on-overflow\n" CALL,
	    "x:9:23: abort-on-overflow needs accept-queue=N" },
	{ HEAD "endpoint d 10.0.0.3:1 accept-queue=0\n" CALL,
	    "x:9:23: accept-queue: 0" },
	{ HEAD "at 1 s accept\n", "x:9:8: accept: endpoint 's' has no "
	    "accept-queue=N" },
	{ HEAD "endpoint d 10.0.0.3:1 accept-queue=2\nat 1 d accept now\n",
	    "x:10:15: unexpected 'now'" },
	{ HEAD "endpoint d 10.0.0.3:1 fin-timeout=601s\n" CALL,
	    "x:9:23: fin-timeout: '601s' is more than 600 s" },
	{ HEAD "channel c->x latency=1ms\n" CALL,
	    "x:9:12: unknown endpoint 'x'" },
	{ HEAD "channel c=>s\n" CALL, "x:9:9: 'c=>s': use all" },
	{ HEAD "channel all loss=1.5\n" CALL, "x:9:13: loss: '1.5' is more" },
	{ HEAD "channel all loss=abc\n" CALL, "x:9:13: loss: 'abc' is not" },
	{ HEAD "channel all latency=2h\n" CALL, "x:9:13: latency: unknown unit" },
	{ HEAD "drop c 0\n" CALL, "x:9:8: count: 0 is out of range" },
	{ HEAD "drop c syns 1\n" CALL, "x:9:8: 'syns' is not a segment kind" },
	{ HEAD "drop c fin 1\ndrop c fin 1\n" CALL, "x:10:6: line 9 already" },
	{ HEAD "delay c 1\n" CALL, "x:9:10: a delay expected" },
	{ HEAD "say 1 fr Bonjour\n" CALL, "x:9:7: language 'fr'" },
	{ HEAD "say 1 zh 你好\n" CALL, "x:9:7: a zh line must follow" },
	{ HEAD "say 1 en Hi\n" CALL, "x:9:1: this narration has no zh" },
	{ HEAD "say 1 en\n" CALL, "x:9:9: text expected" },
	{ HEAD "title en Again\n" CALL, "x:9:1: a second title en" },
	{ HEAD "seed -1\n" CALL, "x:9:6: seed: '-1' is not" },
	{ HEAD "order 0\n" CALL, "x:9:7: order: 0 is out of range" },
	{ HEAD "order 1\norder 2\n" CALL, "x:10:1: a second order" },
	{ HEAD "order\n" CALL, "x:9:6: a lesson number expected" },
	{ HEAD "endpoint d 10.0.0.3:1 rfc1337=1\n" CALL, "x:9:23: 'rfc1337'" },
	{ HEAD "msl 0\n" CALL, "x:9:5: msl: at least 1ms" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive\n" CALL,
	    "x:9:23: 'keepalive' needs a value" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=1s,1s,3,4\n" CALL,
	    "x:9:23: keepalive: more than IDLE,INTERVAL,COUNT" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=500ms\n" CALL,
	    "x:9:23: keepalive: idle time and interval are at least 1s" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=1s,2x\n" CALL,
	    "x:9:23: keepalive interval: unknown unit 'x'" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=1s,1s,0\n" CALL,
	    "x:9:23: keepalive count: 0 is out of range" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=,\n" CALL,
	    "x:9:23: keepalive idle: '' is not" },
	{ HEAD "endpoint d 10.0.0.3:1 keepalive=1s,,3\n" CALL,
	    "x:9:23: keepalive interval: '' is not" },
	{ HEAD "at 1 s reboot now\n", "x:9:15: unexpected 'now'" },
	{ HEAD "at 1 c inject s seq=1\n", "x:9:8: inject needs flags" },
	{ HEAD "at 1 c inject s flags=SYN,BOOM seq=1\n",
	    "x:9:17: flags: unknown flag 'BOOM'" },
	{ HEAD "at 1 s listen \x01\n", "x:9:15: control character 0x01" },
	{ HEAD "say 1 en caf\xc3\n", "x:9:13: UTF-8 sequence cut short" },
	{ HEAD "say 1 en \xe4\xbd\xa0\xff\n", "x:9:11: invalid UTF-8 byte" },
	{ HEAD "at 1 s listen\0\n", "x:9:14: NUL byte" },
	{ "tcpviz-scenario 1\nname t\n", "x:3:1: the scenario needs 'title" },
	{ "tcpviz-scenario 1\nname Bad_Name\n", "x:2:6: name 'Bad_Name'" },
	{ HEAD, "x:9:1: the scenario has no 'at' lines" },
};

/* A socket connected to itself: one endpoint is a whole scenario. */
static void
test_self_connect(void **state)
{
	static const char text[] =
	    "tcpviz-scenario 1\nname t\ntitle en T\ntitle zh 标题\n"
	    "description en D\ndescription zh 描述\n"
	    "endpoint c 10.0.0.1:50000\nat 0 c connect c\n";
	struct scenario	*sc;
	char		*err = NULL;

	(void)state;
	sc = scenario_parse("x", text, sizeof text - 1, &err);
	if (sc == NULL)
		fail_msg("%s", err);
	assert_int_equal(sc->nendpoints, 1);
	assert_int_equal(sc->nactions, 1);
	assert_int_equal(sc->actions[0].call, SCENARIO_CONNECT);
	assert_int_equal(sc->actions[0].peer, sc->actions[0].ep);
	scenario_free(sc);
}

/* Every malformed case: the right position, and no scenario. */
static void
test_malformed(void **state)
{
	struct scenario	*sc;
	char		*err;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(bad); i++) {
		err = NULL;
		len = strlen(bad[i].text);
		/* The NUL case: count the bytes after the embedded NUL. */
		if (strstr(bad[i].want, "NUL") != NULL)
			len += 2;
		sc = scenario_parse("x", bad[i].text, len, &err);
		if (sc != NULL)
			fail_msg("case %zu parsed: %s", i, bad[i].want);
		assert_non_null(err);
		if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, err,
			    bad[i].want);
		free(err);
	}
}

/* Every shipped scenario parses, with a unique name matching its file. */
static void
test_shipped(void **state)
{
	struct scenario	*sc;
	char		**paths, *err, *base;
	size_t		 n, i;
	bool		 seen[256] = { false };

	(void)state;
	n = scenario_list(&paths);
	assert_true(n >= 18);
	for (i = 0; i < n; i++) {
		sc = scenario_load(paths[i], &err);
		if (sc == NULL)
			fail_msg("%s", err);
		base = strrchr(paths[i], '/') + 1;
		assert_int_equal(strncmp(base, sc->name, strlen(sc->name)), 0);
		assert_string_equal(base + strlen(sc->name), ".scn");
		assert_true(sc->nnotes > 0);
		/* A lesson number each, none twice (the picker's order). */
		assert_true(sc->order < SCENARIO_ORDER_NONE);
		assert_true(sc->order < sizeof seen);
		assert_false(seen[sc->order]);
		seen[sc->order] = true;
		if (strcmp(sc->name, "handshake") == 0)
			assert_int_equal(sc->order, 1);
		if (strcmp(sc->name, "fourway") == 0)
			assert_int_equal(sc->order, 2);
		scenario_free(sc);
	}
	scenario_list_free(paths, n);
}

/* Names resolve to files; unknown names and bad names say so. */
static void
test_resolve(void **state)
{
	char	*p, *err = NULL;

	(void)state;
	p = scenario_resolve("handshake", &err);
	assert_non_null(p);
	assert_non_null(strstr(p, "/handshake.scn"));
	free(p);
	assert_null(scenario_resolve("no-such-scenario", &err));
	assert_non_null(strstr(err, "no scenario 'no-such-scenario'"));
	free(err);
	assert_null(scenario_resolve("../etc", &err));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_self_connect),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
