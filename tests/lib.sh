# tests/lib.sh: helpers sourced by the script tests (bash).
# Environment from automake: TCPVIZ, top_srcdir, top_builddir.
: "${TCPVIZ:=${top_builddir:-.}/tcpviz}"
: "${top_srcdir:=.}"
CORPUS="${TCPVIZ_CORPUS:-$top_srcdir/../shared/corpus}"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
fails=0
passes=0

ok()   { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); printf 'FAIL: %s\n' "$*"; }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

# finish: print a count line and exit with the automake code.
finish() {
	printf '%s: %d passed, %d failed\n' "$(basename "$0")" "$passes" "$fails"
	[ "$fails" -eq 0 ]
	exit $?
}
