#!/bin/bash
# regen.sh: rewrite tests/pcap/kernel/ (NAME.pcap + NAME.truth) from live
# runs of every scenario in fresh network namespaces (root needed).
# Usage: tests/kernel/regen.sh [SCENARIO...]   (default: all)
# Fixed addresses (10.213.0.1/.2, fd00:213::1/2) keep the files stable.
# Review the diff (tshark -r X.pcap; cat X.truth) before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../pcap/kernel
if [ "$(id -u)" -ne 0 ]; then
	echo "regen.sh: needs root (network namespaces, nftables, tracefs)" >&2
	exit 77
fi
[ $# -gt 0 ] || set -- all
mkdir -p "$out"
exec timeout 600 python3 "$here/ktruth.py" run --subnet 0 "$out" "$@"
