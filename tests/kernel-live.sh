#!/bin/bash
# kernel-live.sh: regenerate every kernel scenario live (fresh network
# namespaces, nftables drops, the inet_sock_set_state tracepoint), run
# tcpviz on both fresh captures (client and server side) and compare with
# the fresh truth.
# Needs root, ip netns, nft, tcpdump and tracefs: exit 77 without them.
# Exit 0 pass, 1 fail, 77 skip.
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/kernel/needs.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/klive.XXXXXX") || exit 1
trap 'st=$?; rm -rf "$tmp"; san_verdict $st' EXIT
# ktruth.py cleans up its namespaces and trace instance itself, even on
# failure; the timeout bounds the whole run (about 100 s normally).
if ! timeout 400 python3 "$kdir/ktruth.py" run "$tmp" all \
    >"$tmp/ktruth.log" 2>&1; then
	echo "FAIL: live scenario run:"
	cat "$tmp/ktruth.log"
	exit 1
fi
grep warning "$tmp/ktruth.log"
# The fresh captures go through exactly the replay test's comparison.
KERNEL_PCAP_DIR=$tmp bash "$top_srcdir/tests/kernel-replay.sh"
