#!/bin/sh
# .ci/fuzz.sh: build the libFuzzer targets (tests/fuzz) with clang in a
# separate build directory and run each for FUZZ_SECONDS (default 60) from
# the committed corpus. Prints each target's exec/s and coverage; exits 1
# on a crash, a leak, a timeout or a broken invariant (the input is kept in
# the work directory), 0 otherwise. Without clang or libFuzzer it says so
# and exits 0: the replay of the corpus in "make check" still runs.
#
#   .ci/fuzz.sh [TARGET...]        (default: parse pcap engine scenario)
#   FUZZ_SECONDS=600 FUZZ_WORKDIR=/tmp/fz .ci/fuzz.sh engine
#
# New inputs found go to $FUZZ_WORKDIR/corpus-NAME, never into the source
# tree; merge them by hand (see tests/fuzz/README.md).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-60}
work=${FUZZ_WORKDIR:-${TMPDIR:-/tmp}/tcpviz-fuzz}
cc=${FUZZ_CC:-clang}
jobs=${FUZZ_MAKE_JOBS:-2}
targets=${*:-parse pcap engine scenario}

case $secs in
''|*[!0-9]*) echo "fuzz.sh: FUZZ_SECONDS must be a whole number" >&2
	exit 2 ;;
esac

# Does this compiler link a libFuzzer program?
probe=$(mktemp -d) || exit 1
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
    '{ (void)d; (void)n; return 0; }' > "$probe/p.c"
if ! command -v "$cc" >/dev/null 2>&1 ||
    ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" \
    -o "$probe/p" >/dev/null 2>&1; then
	echo "fuzz.sh: SKIP: $cc cannot link -fsanitize=fuzzer" \
	    "(Debian: apt-get install clang)"
	exit 0
fi

mkdir -p "$work/build" || exit 1
cd "$work/build" || exit 1
if [ ! -f Makefile ]; then
	if [ ! -x "$src/configure" ]; then
		(cd "$src" && autoreconf -fi) || exit 1
	fi
	CC=$cc CFLAGS="-O1 -g" "$src/configure" --enable-fuzzing \
	    > configure.log 2>&1 || { cat configure.log; exit 1; }
fi
bins=
for t in $targets; do
	bins="$bins tests/fuzz/fuzz-$t"
done
# shellcheck disable=SC2086
make -j"$jobs" $bins > make.log 2>&1 || { tail -n 40 make.log; exit 1; }

status=0
for t in $targets; do
	case $t in
	parse)		maxlen=4096 ;;
	pcap)		maxlen=32768 ;;
	engine)		maxlen=2048 ;;
	scenario)	maxlen=8192 ;;
	*)		echo "fuzz.sh: unknown target $t" >&2; exit 2 ;;
	esac
	dict=
	[ -f "$src/tests/fuzz/$t.dict" ] && dict="-dict=$src/tests/fuzz/$t.dict"
	mkdir -p "$work/corpus-$t" "$work/artifacts-$t"
	log=$work/fuzz-$t.log
	# The libFuzzer flags: stop after secs, keep crashing inputs, treat a
	# 10 s input or 2 GB of memory as a bug.
	# shellcheck disable=SC2086
	timeout $((secs + 120)) "./tests/fuzz/fuzz-$t" \
	    -max_total_time="$secs" -max_len="$maxlen" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 $dict \
	    -artifact_prefix="$work/artifacts-$t/" \
	    "$work/corpus-$t" "$src/tests/fuzz/corpus/$t" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+[[:space:]].*cov:' "$log" | tail -n 1 |
	    sed -n 's/.*\(cov: [0-9]*\) \(ft: [0-9]*\).*/\1 \2/p')
	if [ "$rc" -eq 0 ]; then
		echo "fuzz-$t: ok: ${secs}s, ${execs:-?} execs," \
		    "${rate:-?} exec/s, ${cov:-?}"
	else
		echo "fuzz-$t: FAIL (exit $rc) after ${execs:-?} execs;" \
		    "inputs in $work/artifacts-$t/"
		grep -E 'ERROR|invariant|SUMMARY|runtime error' "$log" |
		    head -n 10
		status=1
	fi
done
exit $status
