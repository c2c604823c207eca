#!/bin/bash
# valgrind.sh: memcheck over a fixed, varied sample of the corpus (pcapng,
# classic, big-endian, nanosecond, cut and corrupt files, each link type,
# a SYN scan and the biggest file) through --transitions and --segments,
# and over the interactive view of a demo driven by keys in tmux. Any
# memory error or a definite or indirect leak fails. valgrind cannot run a
# sanitizer build, so such a binary skips: CI runs this from the plain
# build. A file missing from the corpus is skipped, so the sample must
# still hold at least 20 files.
. "${top_srcdir:-.}/tests/lib.sh"

command -v valgrind >/dev/null 2>&1 || skip "valgrind is not installed"
need_tcpviz
if grep -qa -e __asan_init -e __msan_init -e __tsan_init "$TCPVIZ"; then
	skip "$TCPVIZ is a sanitizer build; run this test from a plain build"
fi
VG_EXIT=97	# not an exit code tcpviz uses, so errors stand apart
VG=(valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --error-exitcode=$VG_EXIT
    --num-callers=30 --vgdb=no)
LIMIT=${TCPVIZ_VALGRIND_TIMEOUT:-120}

# The sample: one line per file, chosen for what it exercises.
SAMPLE="
zeek/redis/django-cloud.pcapng
zeek/krb/kerberos_tso.pcapng
pcapplusplus/Pcap++Test/PcapExamples/pcapng-example.pcapng
pcapplusplus/Pcap++Test/PcapExamples/many_interfaces-1.pcapng
pcapng-test-generator/output_be/difficult/test202.pcapng
libpcap/shb-option-too-long.pcapng
chrissanders-packets/synscan.pcapng
pcapplusplus/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap
tcpdump/pptp.pcap
tcpdump/ipoib.pcap
zeek/http/get-to-ssh-server.pcap
tcpdump/tcp-handshake-nano.pcap
suricata-verify/smtp-to-comma/10.7.29.101_49898-178.63.41.150_25.pcap
zeek/tcp/timestamp.pcap
suricata-verify/tcp-empty-sack/tcp-opt.pcap
suricata-verify/output-multi-eve/input.pcap
zeek/tls/openjdk-25.0.2-zeek.org.pcap
suricata-verify/http-range-multiflows/input.pcap
pcapplusplus/Pcap++Test/PcapExamples/raw_ip.pcap
arkime/mqtt_synthetic.pcap
pcapplusplus/Pcap++Test/PcapExamples/linktype_ipv6.pcap
zeek/nflog-http.pcap
suricata-verify/decode-chdlc-01/hdlc-http_1tx.pcap
arkime/80211http.pcap
zeek/llc.pcap
libpcap/filter/http_PPI.pcap
tcpdump/unsupported-link-type-160.pcap
libpcap/linktype-reserved-field-not-zero.pcap
pcapplusplus/Pcap++Test/PcapExamples/example.pcap
"

# check_run LOG RC WHAT: judge one valgrind run from its exit and its log.
check_run() {
	local log=$1 rc=$2 what=$3
	if [ "$rc" -eq "$VG_EXIT" ] || grep -q 'ERROR SUMMARY: [1-9]' "$log"
	then
		fail "valgrind: $what: $(grep -m3 -E 'Invalid|uninitialised|definitely lost|indirectly lost|ERROR SUMMARY' "$log" | tr '\n' ' ')"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		fail "valgrind: $what: over ${LIMIT}s"
	elif [ "$rc" -gt 2 ]; then
		fail "valgrind: $what: exit $rc: $(tail -c 300 "$log")"
	elif ! grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
		fail "valgrind: $what: no error summary in the log"
	else
		ok
	fi
}

# vg_one FILE: both modes of one file; prints "rc log what" lines.
vg_one() {
	local f=$1 mode log rc
	for mode in --transitions --segments; do
		log=$(mktemp "$TMPD/vg.XXXXXX")
		timeout -s KILL "$LIMIT" "${VG[@]}" --log-file="$log" \
		    "$TCPVIZ" -q -r "$f" "$mode" >/dev/null 2>&1
		rc=$?
		printf '%s %s %s %s\n' "$rc" "$log" "$mode" "$f"
	done
}
export -f vg_one
export TCPVIZ LIMIT TMPD
export VG_LIST="${VG[*]}"

n=0
: >"$TMPD/files"
if [ -d "$CORPUS" ]; then
	for rel in $SAMPLE; do
		if [ -f "$CORPUS/$rel" ]; then
			printf '%s\0' "$CORPUS/$rel" >>"$TMPD/files"
			n=$((n + 1))
		fi
	done
	[ "$n" -ge 20 ] || fail "only $n of the sample files are in $CORPUS"
else
	echo "no corpus at $CORPUS: the UI run and tests/pcap only"
fi
printf '%s\0' "$top_srcdir/tests/pcap/http-close-e16.pcap" >>"$TMPD/files"

# Two at a time; bash -c gets the array back from the exported string.
xargs -0 -P 2 -n 1 bash -c 'VG=($VG_LIST); vg_one "$1"' _ \
    <"$TMPD/files" >"$TMPD/runs"
while read -r rc log mode f; do
	check_run "$log" "$rc" "$mode $f"
done <"$TMPD/runs"
runs=$(wc -l <"$TMPD/runs")
[ "$runs" -eq $(((n + 1) * 2)) ] || fail "$runs runs for $((n + 1)) files"

# The interactive view: a demo in tmux, a few keys, a resize, then q.
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: no UI run"
	finish
fi
. "$top_srcdir/tests/ui/tmux-lib.sh"
log=$TMPD/vg-ui.log
tmux_start 100 30 "${VG[*]} --log-file=$log $TCPVIZ demo handshake"
# wait_for waits 15 s; valgrind may need longer to draw the first frame.
if wait_for "step" || wait_for "step" || wait_for "step"; then
	ok
	# Each key, then what it does on screen (valgrind is slow: each
	# wait may take two rounds).
	keys Right Right ' '	# a demo: paused, space is one more step
	wait_for "PAUSED" || wait_for "PAUSED" ||
	    fail "valgrind UI: a demo did not stay paused"
	keys Tab '?'
	wait_for "tcpviz keys" || wait_for "tcpviz keys" ||
	    fail "valgrind UI: ? showed no help"
	keys x
	wait_gone "tcpviz keys" || wait_gone "tcpviz keys" ||
	    fail "valgrind UI: x did not close the help"
	T resize-window -t ui -x 80 -y 24
	wait_for "\[ESTAB\]" || wait_for "\[ESTAB\]" ||
	    fail "valgrind UI: no redraw at 80x24"
	keys G
	wait_for "$AT_END" || wait_for "$AT_END" ||
	    fail "valgrind UI: G did not go to the end"
	keys g
	wait_for "step 0/" || wait_for "step 0/" ||
	    fail "valgrind UI: g did not go to step 0"
	keys q
	# valgrind checks for leaks after q, which takes a moment.
	rc=$(exit_status 30)
	if [ -z "$rc" ]; then
		fail "valgrind UI: no exit 30 s after q"
	else
		check_run "$log" "$rc" "UI demo handshake"
		[ "$rc" -eq 0 ] || fail "valgrind UI: exit $rc"
	fi
else
	fail "valgrind UI: the demo did not draw under valgrind"
fi
echo "$n corpus files and tests/pcap under memcheck, 2 modes each; a UI run"
finish
