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
# The fresh captures go through exactly the replay test's comparison.
KERNEL_PCAP_DIR=$tmp bash "$top_srcdir/tests/kernel-replay.sh"
