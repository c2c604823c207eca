#!/bin/bash
# bench.sh: how fast tcpviz reads a big capture, as ratios against a
# baseline measured in the same run: libpcap's bare read loop
# (pcap-loop.c) and tcpdump reading the same file. Not a test: it prints.
#
#   make bench                        (builds pcap-loop, runs this)
#   tests/bench/bench.sh [FILE.pcap]  (default: 100,000 generated
#                                      connections, 700,000 frames)
#
# Each command runs RUNS times (default 5); the median wall time counts.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TCPVIZ:=./tcpviz}"
: "${PCAP_LOOP:=./tests/bench/pcap-loop}"
runs=${RUNS:-5}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
file=${1:-}
if [ -z "$file" ]; then
	file=$tmp/conns.pcap
	python3 "$here/gen-conns.py" 100000 "$file" >/dev/null || exit 1
fi
for x in "$TCPVIZ" "$PCAP_LOOP"; do
	[ -x "$x" ] || { echo "bench.sh: no $x (run 'make bench')" >&2; exit 1; }
done

# median SECONDS of a command's wall time over $runs runs.
median() {
	local i t
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s.%N)
		echo "$t1 - $t0" | bc
	done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

frames=$("$PCAP_LOOP" "$file" | awk '{ print $1 }')
printf 'file: %s (%s frames, %s bytes), %d runs each, median wall time\n' \
    "$file" "$frames" "$(stat -c %s "$file")" "$runs"
base=$(median "$PCAP_LOOP" "$file")
printf '%-44s %8.3f s  %6.2fx\n' "libpcap read loop (baseline)" "$base" 1
row() {
	local name=$1 t
	shift
	t=$(median "$@")
	printf '%-44s %8.3f s  %6.2fx\n' "$name" "$t" \
	    "$(echo "$t / $base" | bc -l)"
}
if command -v tcpdump >/dev/null 2>&1; then
	row "tcpdump -r FILE -w /dev/null" tcpdump -r "$file" -w /dev/null
fi
row "tcpviz --segments" "$TCPVIZ" -q -r "$file" --segments
row "tcpviz --transitions" "$TCPVIZ" -q -r "$file" --transitions
row "tcpviz --summary" "$TCPVIZ" -q -r "$file" --summary
row "tcpviz --screen 120x40 (the whole UI model)" "$TCPVIZ" -q -r "$file" \
    --screen 120x40
