#!/bin/bash
# kernel-live-capture.sh: issue 6's acceptance for live capture against the
# kernel. Every kernel scenario runs on real sockets in network namespaces
# with `tcpviz -i VETH --transitions -q -w FILE` capturing beside tcpdump
# (tests/kernel/ktruth.py --live-tcpviz). Then, for every scenario:
#   1. what tcpviz printed live agrees 100 % with the kernel's truth
#      (compare.py, as the replay tests do);
#   2. `tcpviz -r` of the file the live run wrote (-w) prints the same
#      transitions as the live run did, up to the end of the run;
#   3. tcpdump's captures of the same run, read with -r, agree with the
#      truth (kernel-replay.sh on the fresh files; kernel-live.sh does this
#      alone, for runs by hand).
# Needs root, ip netns, nft, tcpdump and tracefs: exit 77 without them.
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/kernel/needs.sh"
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klivecap.XXXXXX") || exit 1
# KERNEL_KEEP=DIR keeps the run's files there (truths, captures, outputs)
keep() { [ -z "${KERNEL_KEEP:-}" ] || cp -r "$tmp" "$KERNEL_KEEP"; }
trap 'st=$?; keep; rm -rf "$tmp"; san_verdict $st' EXIT
# ktruth.py tears down its namespaces, trace instance and processes (the
# live tcpviz too) itself, on errors, SIGTERM and timeouts; the timeout
# bounds the whole run (about 100 s normally: the backoff and give-up
# scenarios wait seconds each).
if ! timeout 400 python3 "$kdir/ktruth.py" run --live-tcpviz "$TCPVIZ" \
    "$tmp" all >"$tmp/ktruth.log" 2>&1; then
	echo "FAIL: live scenario run:"
	cat "$tmp/ktruth.log"
	exit 1
fi
grep warning "$tmp/ktruth.log"

# upto END FILE: the transition lines of FILE dated at or before END (a
# live run stops before TIME_WAIT -> CLOSED; a replay of its file prints
# it 2*MSL later).
upto() {
	awk -v end="$1" '$1 + 0 <= end + 0' "$2"
}

# The loop's verdicts go to the log and to $tmp/verdicts; the failures are
# shown again at the end, where a log shown by its tail (CI's) has them.
for truth in "$tmp"/*.truth; do
	[ -e "$truth" ] || continue
	name=$(basename "$truth" .truth)
	live=$tmp/$name.live
	bad=0
	if [ ! -s "$live" ]; then
		echo "FAIL $name: the live run printed nothing"
		continue
	fi
	if [ -s "$tmp/$name.live.err" ]; then
		echo "FAIL $name: the live run (-q) wrote to stderr:"
		head -5 "$tmp/$name.live.err" | sed 's/^/    /'
		bad=1
	fi
	# the live run captures on the client's veth: vantage client
	if ! timeout 60 python3 "$kdir/compare.py" -q --vantage client \
	    "$truth" "$live" \
	    >"$tmp/$name.diff" 2>&1; then
		echo "FAIL $name: live transitions differ from the kernel's:"
		sed 's/^/    /' "$tmp/$name.diff"
		bad=1
	fi
	# -w then -r: the same transitions as the live run.
	end=$(sed -n 's/^# end: *//p' "$truth")
	# the truth's `# tcpviz options:`, as the live run had them
	opts=$(sed -n 's/^# tcpviz options: *//p' "$truth")
	# shellcheck disable=SC2086
	if ! timeout 60 "$TCPVIZ" $opts -r "$tmp/$name.live.pcap" \
	    --transitions -q >"$tmp/$name.reread" 2>"$tmp/$name.reread.err"
	then
		echo "FAIL $name: tcpviz -r of the -w file failed:"
		head -5 "$tmp/$name.reread.err" | sed 's/^/    /'
		bad=1
	elif [ -z "$end" ]; then
		echo "FAIL $name: no '# end:' in the truth"
		bad=1
	elif ! diff -u <(upto "$end" "$live") <(upto "$end" "$tmp/$name.reread") \
	    >"$tmp/$name.rdiff"; then
		echo "FAIL $name: -r of the -w file differs from the live run" \
		    "(- live, + reread):"
		sed 's/^/    /' "$tmp/$name.rdiff"
		bad=1
	fi
	if [ "$bad" -eq 0 ]; then
		echo "ok   $name ($(wc -l <"$live") live transitions)"
	fi
done 2>&1 | tee "$tmp/verdicts"
# a scenario fails once however many of its checks did
failed=$(awk '/^FAIL/ { sub(":", "", $2); print $2 }' "$tmp/verdicts" |
    sort -u | wc -l)
n=$(find "$tmp" -maxdepth 1 -name '*.truth' | wc -l)
if [ "$n" -eq 0 ]; then
	echo "FAIL: the live run produced no truth files"
	exit 1
fi
if [ "$failed" -gt 0 ]; then
	echo "--- the failed live captures again:"
	awk '/^FAIL/{p=1} /^ok /{p=0} p' "$tmp/verdicts"
fi
echo "$failed of $n live-capture scenarios failed"
# The same run's tcpdump captures, read back, against the same truth
# (what kernel-live.sh checks on its own run).
KERNEL_PCAP_DIR=$tmp bash "$top_srcdir/tests/kernel-replay.sh" || failed=1
[ "$failed" -eq 0 ]
