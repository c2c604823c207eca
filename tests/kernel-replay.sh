#!/bin/bash
# kernel-replay.sh: replay every committed kernel capture through tcpviz
# and compare its --transitions output with the kernel's truth file: for
# each NAME.truth both NAME.pcap (vantage client) and NAME.server.pcap
# (vantage server), reported as "ok   NAME (client)" / "(server)".
# Needs no root: the truth was recorded by tests/kernel/regen.sh.
# KERNEL_PCAP_DIR replays another directory (kernel-live.sh uses it for
# freshly recorded captures). Exit 0 pass, 1 fail, 77 skip.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TCPVIZ:=${top_builddir:-.}/tcpviz}"
kdir=$top_srcdir/tests/kernel
. "$top_srcdir/tests/sancheck.sh"
trap 'san_verdict $?' EXIT
pdir=${KERNEL_PCAP_DIR:-$top_srcdir/tests/pcap/kernel}

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not found"
	exit 77
fi
# The comparison logic is tested first: a broken compare.py would make
# every replay verdict meaningless.
if ! timeout 120 python3 "$kdir/test_compare.py" >/dev/null; then
	echo "FAIL: compare.py self-test (run tests/kernel/test_compare.py)"
	exit 1
fi
if [ ! -x "$TCPVIZ" ]; then
	echo "FAIL: no tcpviz binary at $TCPVIZ"
	exit 1
fi
# truth_opts TRUTH: what the truth's `# tcpviz options:` line tells tcpviz
# about the hosts (a setting no capture shows, such as --rfc1337); only
# long options are taken.
truth_opts() {
	sed -n 's/^# tcpviz options: *//p' "$1" | tr ' ' '\n' |
	    grep -E '^--[a-z0-9-]+$'
}
n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kreplay.XXXXXX") || exit 1
trap 'st=$?; rm -rf "$tmp"; san_verdict $st' EXIT
# Every scenario has two captures of one run, compared with one truth:
# NAME.pcap from the client's veth and NAME.server.pcap from the server's
# (compare.py --vantage picks the truth's marks for that capture point).
# tcpviz runs per capture; the comparisons all run in one compare.py
# process (--batch), in the same order.
: >"$tmp/manifest"
for truth in "$pdir"/*.truth; do
	[ -e "$truth" ] || continue
	name=$(basename "$truth" .truth)
	for vantage in client server; do
		case $vantage in
		client) pcap=$pdir/$name.pcap ;;
		server) pcap=$pdir/$name.server.pcap ;;
		esac
		n=$((n + 1))
		id="$name ($vantage)"
		out=$tmp/$name.$vantage
		if [ ! -f "$pcap" ]; then
			echo "FAIL $id: no $(basename "$pcap")"
			failed=$((failed + 1))
			continue
		fi
		# shellcheck disable=SC2046
		if ! timeout 60 "$TCPVIZ" $(truth_opts "$truth") -r "$pcap" \
		    --transitions >"$out.out" 2>"$out.err"; then
			echo "FAIL $id: tcpviz exited non-zero:"
			head -5 "$out.err"
			failed=$((failed + 1))
			continue
		fi
		printf '%s\t%s\t%s\t%s\n' "$id" "$vantage" "$truth" \
		    "$out.out" >>"$tmp/manifest"
	done
done
if [ -s "$tmp/manifest" ]; then
	timeout 120 python3 "$kdir/compare.py" --batch "$tmp/manifest" \
	    >"$tmp/report" 2>&1
	rc=$?
	cat "$tmp/report"
	if [ "$rc" -gt 1 ]; then
		echo "FAIL: compare.py --batch exited $rc"
		failed=$((failed + 1))
	fi
	failed=$((failed + $(grep -c '^FAIL ' "$tmp/report")))
fi
# A capture without a truth is a leftover, not a test to skip quietly.
for pcap in "$pdir"/*.pcap; do
	[ -e "$pcap" ] || continue
	case $pcap in *.live.pcap) continue ;; esac
	name=$(basename "$pcap" .pcap)
	name=${name%.server}
	if [ ! -f "$pdir/$name.truth" ]; then
		echo "FAIL $(basename "$pcap"): no $name.truth"
		n=$((n + 1))
		failed=$((failed + 1))
	fi
done
if [ "$n" -eq 0 ]; then
	echo "FAIL: no truth files in $pdir"
	exit 1
fi
# The verdicts again, the failures last: a log shown by its tail (CI's)
# then names what failed and why.
if [ "$failed" -gt 0 ] && [ -s "$tmp/report" ]; then
	echo "--- the failed replays again:"
	awk '/^FAIL /{p=1; print; next} /^ok /{p=0} p' "$tmp/report"
fi
echo "$failed of $n kernel replays failed"
[ "$failed" -eq 0 ]
