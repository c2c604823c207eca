#!/bin/bash
# reread.sh: what a view shows of a connection in a capture file, read
# again from the file through the block index (reread.c), is what the
# engine built reading the whole file with every step in memory: the same
# states and, step for step, the same history (tests/unit/test-reread.c).
# Over generated captures made to be hard for the index (thousands of
# connections interleaved so each spans many blocks, with gaps, reused
# 4-tuples, more runs than a connection keeps, pcapng as well as pcap),
# the shipped captures, and the corpus when it is there.
. "${top_srcdir:-.}/tests/lib.sh"
prog=${top_builddir:-.}/tests/unit/test-reread
if [ ! -x "$prog" ]; then
	printf 'FAIL: no %s (make check builds it)\n' "$prog"
	exit 1
fi
command -v python3 >/dev/null 2>&1 || skip "no python3"
gen=$top_srcdir/tests/bench/gen-conns.py

mk() {	# NAME N ARGS...: a generated capture of N connections
	local name=$1 n=$2
	shift 2
	if python3 "$gen" "$n" "$TMPD/$name.pcap" "$@" >"$TMPD/gen.out" 2>&1
	then
		ok
	else
		fail "gen-conns.py $*: $(head -n 2 "$TMPD/gen.out")"
	fi
}
# Interleaved, closing, 4-tuples reused from TIME_WAIT.
mk reuse 3000 --exchanges 3 --concurrent 200 --reuse 700
# Never closed; every connection in every block.
mk open 2000 --open --exchanges 10 --concurrent 2000
# One frame per connection per 2,500: gaps between its blocks, and more
# runs of blocks than a connection keeps (CONN_BLOCK_RUNS).
mk sparse 2600 --exchanges 40 --concurrent 2500
files=("$TMPD"/reuse.pcap "$TMPD"/open.pcap)
if command -v editcap >/dev/null 2>&1; then
	editcap -F pcapng "$TMPD/reuse.pcap" "$TMPD/reuse.pcapng" &&
	    files+=("$TMPD/reuse.pcapng")
fi
while IFS= read -r -d '' f; do
	files+=("$f")
done < <(find "$top_srcdir/assets/captures" "$top_srcdir/tests/pcap" \
    "$top_srcdir/tests/kernel" -type f \( -name '*.pcap' -o \
    -name '*.pcapng' \) -print0 2>/dev/null | sort -z)
ncorpus=0
if [ -d "$CORPUS" ]; then
	while IFS= read -r -d '' f; do
		files+=("$f")
		ncorpus=$((ncorpus + 1))
	done < <(find "$CORPUS" -type f ! -name '*.md' ! -name '*.tsv' \
	    -print0 | sort -z)
fi
echo "reread.sh: ${#files[@]} files ($ncorpus from the corpus)"
run() {	# WHAT FILE...: test-reread over the files
	local what=$1 rc
	shift
	timeout 600 "$prog" "$@" >"$TMPD/out" 2>&1
	rc=$?
	echo "$what: $(tail -n 1 "$TMPD/out")"
	if [ "$rc" -eq 0 ]; then
		ok
	else
		tail -n 20 "$TMPD/out"
		[ "$rc" -eq 124 ] && fail "$what: test-reread timed out (600 s)" ||
		    fail "$what: test-reread: exit $rc"
	fi
}
run "all files" "${files[@]}"
# Each of its instances reads some 80 blocks: a sample of them.
TCPVIZ_REREAD_MAX=300 run "sparse" "$TMPD/sparse.pcap"
finish
