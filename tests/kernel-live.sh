#!/bin/bash
# kernel-live.sh: regenerate every kernel scenario live (fresh network
# namespaces, nftables drops, the inet_sock_set_state tracepoint), run
# tcpviz on the fresh capture and compare with the fresh truth.
# Needs root, ip netns, nft, tcpdump and tracefs: exit 77 without them.
# Exit 0 pass, 1 fail, 77 skip.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TCPVIZ:=${top_builddir:-.}/tcpviz}"
kdir=$top_srcdir/tests/kernel

skip() {
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, tracefs)"
for t in ip nft tcpdump python3 ss tc; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
probe=tvkprobe$$
ip netns add "$probe" 2>/dev/null || skip "ip netns add does not work"
ok=1
ip netns exec "$probe" nft add table inet tvkprobe 2>/dev/null || ok=0
ip netns del "$probe"
[ "$ok" -eq 1 ] || skip "nft does not work in a namespace"
tfs=/sys/kernel/tracing
if [ ! -d "$tfs/instances" ]; then
	mount -t tracefs nodev "$tfs" 2>/dev/null ||
	    skip "tracefs is not mounted and cannot be mounted"
fi
[ -d "$tfs/events/sock/inet_sock_set_state" ] ||
    skip "no sock:inet_sock_set_state tracepoint"
[ -x "$TCPVIZ" ] || { echo "FAIL: no tcpviz binary at $TCPVIZ"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klive.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# ktruth.py cleans up its namespaces and trace instance itself, even on
# failure; the timeout bounds the whole run (about 25 s normally).
if ! timeout 170 python3 "$kdir/ktruth.py" run "$tmp" all \
    >"$tmp/ktruth.log" 2>&1; then
	echo "FAIL: live scenario run:"
	cat "$tmp/ktruth.log"
	exit 1
fi
grep warning "$tmp/ktruth.log"
n=0
failed=0
for truth in "$tmp"/*.truth; do
	name=$(basename "$truth" .truth)
	n=$((n + 1))
	if ! timeout 60 "$TCPVIZ" -r "$tmp/$name.pcap" --transitions \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		echo "FAIL $name: tcpviz exited non-zero:"
		head -5 "$tmp/$name.err"
		failed=$((failed + 1))
	elif timeout 60 python3 "$kdir/compare.py" -q "$truth" \
	    "$tmp/$name.out" >"$tmp/$name.diff" 2>&1; then
		echo "ok   $name"
	else
		echo "FAIL $name:"
		sed 's/^/    /' "$tmp/$name.diff"
		failed=$((failed + 1))
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no scenarios ran"; exit 1; }
echo "$failed of $n live kernel scenarios failed"
[ "$failed" -eq 0 ]
