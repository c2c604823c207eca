# tests/lib.sh: helpers sourced by the script tests (bash).
# Environment from automake: TCPVIZ, top_srcdir, top_builddir.
: "${TCPVIZ:=${top_builddir:-.}/tcpviz}"
: "${top_srcdir:=.}"
CORPUS="${TCPVIZ_CORPUS:-$top_srcdir/../shared/corpus}"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-test.XXXXXX")
# The view's language is English unless a test asks (--lang, LANG=...):
# a tester's own LANGUAGE would otherwise turn the English goldens Chinese.
unset LANGUAGE
. "$top_srcdir/tests/sancheck.sh"
# Tests that set their own EXIT trap end it with: lib_exit $?
lib_exit() { rm -rf "$TMPD"; san_verdict "$1"; }
trap 'lib_exit $?' EXIT
fails=0
passes=0

ok()   { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); printf 'FAIL: %s\n' "$*"; }
# A skip is for a missing tool or privilege only, said in one line.
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

# need_tcpviz: the binary under test is there. Under make check a missing
# binary is a broken build: a FAIL, never a skip.
need_tcpviz() {
	[ -x "$TCPVIZ" ] && return 0
	printf 'FAIL: no tcpviz binary at %s\n' "$TCPVIZ"
	exit 1
}

# probe WHAT CMD...: run CMD (bounded: 60 s), a feature the rest of the
# test needs; its output stays in $TMPD/probe. If it fails (a crash, an
# error, a missing feature), FAIL with its status and its first lines and
# stop the test: a binary that cannot do it is broken, not skipped.
probe() {
	local what=$1 rc
	shift
	timeout 60 "$@" >"$TMPD/probe" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq 0 ] && return 0
	if [ "$rc" -eq 124 ]; then
		what="$what: timed out (60 s)"
	elif [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then
		what="$what: exit $rc, killed by SIG$(kill -l $((rc - 128)))"
	else
		what="$what: exit $rc"
	fi
	probe_failed "$what"
}

# probe_failed WHY: FAIL with WHY and the first lines of $TMPD/probe, stop.
probe_failed() {
	if [ -s "$TMPD/probe" ]; then
		fail "$1; the first lines of its output:"
		head -n 5 "$TMPD/probe" | sed 's/^/    /'
	else
		fail "$1; no output"
	fi
	finish
}

# finish: print a count line and exit with the automake code.
finish() {
	printf '%s: %d passed, %d failed\n' "$(basename "$0")" "$passes" "$fails"
	[ "$fails" -eq 0 ]
	exit $?
}
