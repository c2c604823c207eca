#!/bin/bash
# kernel-replay.sh: replay every committed kernel capture through tcpviz
# and compare its --transitions output with the kernel's truth file.
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
n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kreplay.XXXXXX") || exit 1
trap 'st=$?; rm -rf "$tmp"; san_verdict $st' EXIT
for pcap in "$pdir"/*.pcap; do
	[ -e "$pcap" ] || continue
	name=$(basename "$pcap" .pcap)
	# A live run's own -w file is checked by kernel-live-capture.sh.
	case $name in *.live) continue ;; esac
	truth=$pdir/$name.truth
	n=$((n + 1))
	if [ ! -f "$truth" ]; then
		echo "FAIL $name: no $name.truth"
		failed=$((failed + 1))
		continue
	fi
	if ! timeout 60 "$TCPVIZ" -r "$pcap" --transitions \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		echo "FAIL $name: tcpviz exited non-zero:"
		head -5 "$tmp/$name.err"
		failed=$((failed + 1))
		continue
	fi
	if timeout 60 python3 "$kdir/compare.py" -q "$truth" \
	    "$tmp/$name.out" >"$tmp/$name.diff" 2>&1; then
		echo "ok   $name"
	else
		echo "FAIL $name:"
		sed 's/^/    /' "$tmp/$name.diff"
		failed=$((failed + 1))
	fi
done
if [ "$n" -eq 0 ]; then
	echo "FAIL: no captures in $pdir"
	exit 1
fi
echo "$failed of $n kernel replays failed"
[ "$failed" -eq 0 ]
