# tests/sancheck.sh: sourced by tests/lib.sh and tests/kernel/needs.sh.
# A crash is a failure wherever it happens, also in a run whose exit
# status a test does not look at (a pane in tmux, a process killed at the
# end). Every AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
# report of the processes this test starts goes to a file in $SANDIR;
# san_verdict, called from the test's EXIT trap, turns any such file into
# a FAIL with the report, and the test's exit status into 1.
# A limit: in gcc's combined -fsanitize=address,undefined build, UBSan
# ignores log_path and writes to stderr; its reports still end the process
# with status 1 (-fno-sanitize-recover=all), which is what the tests check.
SANDIR=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-san.XXXXXX")
# Processes that dropped root to nobody must still be able to report.
chmod 1777 "$SANDIR"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$SANDIR/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$SANDIR/ubsan:print_stacktrace=1"

# san_verdict STATUS: print every report and exit 1 if there is one,
# else exit STATUS. Removes $SANDIR.
san_verdict() {
	local st=$1 f n=0
	for f in "$SANDIR"/*; do
		[ -s "$f" ] || continue
		n=$((n + 1))
		printf 'FAIL: sanitizer report %s:\n' "${f##*/}"
		head -n 40 "$f"
	done
	rm -rf "$SANDIR"
	if [ "$n" -gt 0 ]; then
		printf 'FAIL: %d sanitizer report(s) from processes of %s\n' \
		    "$n" "$(basename "$0")"
		exit 1
	fi
	exit "$st"
}
