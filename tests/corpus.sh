#!/bin/bash
# corpus.sh: every capture in ../shared/corpus (1,774 real public captures,
# many deliberately malformed) goes through each headless mode, and a
# --screen dump of the interactive view (the first connection, at its last
# step), with no crash, no hang (a per-file time limit) and no sanitizer
# report. A file may be refused (unsupported link type, damaged), but only
# with exit 1 and a message. Skips when the corpus is not beside the tree.
. "${top_srcdir:-.}/tests/lib.sh"
[ -d "$CORPUS" ] || skip "no corpus at $CORPUS"
export TCPVIZ LIMIT=${TCPVIZ_CORPUS_TIMEOUT:-30}

# check_one FILE: run every mode; print one line per problem.
check_one() {
	local f=$1 mode rc err bad=0
	err=$(mktemp)
	for mode in "--segments" "--transitions" "--transitions --format json" \
	    "--summary" "--segments --format json" "--screen 100x30"; do
		# shellcheck disable=SC2086
		timeout -s KILL "$LIMIT" "$TCPVIZ" -q -r "$f" $mode \
		    >/dev/null 2>"$err"
		rc=$?
		bad=1
		if [ "$rc" -eq 137 ]; then
			echo "HANG $mode $f (over ${LIMIT}s)"
		elif [ "$rc" -gt 2 ]; then
			echo "CRASH $mode $f: exit $rc: $(head -c 300 "$err")"
		elif grep -Eq 'Sanitizer|runtime error:' "$err"; then
			echo "SANITIZER $mode $f: $(grep -m2 -E 'Sanitizer|runtime error:' "$err")"
		elif [ "$rc" -ne 0 ] && [ ! -s "$err" ]; then
			echo "SILENT $mode $f: exit $rc with no message"
		else
			bad=0
		fi
		[ "$bad" -eq 0 ] || break
	done
	rm -f "$err"
	[ "$bad" -ne 0 ] || echo "PASS"
}
export -f check_one

find "$CORPUS" -type f ! -name '*.md' ! -name '*.tsv' -print0 | sort -z >"$TMPD/list"
n=$(tr -cd '\0' <"$TMPD/list" | wc -c)
[ "$n" -gt 0 ] || { fail "no corpus files found"; finish; }
xargs -0 -P "$(nproc 2>/dev/null || echo 2)" -n 1 bash -c 'check_one "$1"' _ \
    <"$TMPD/list" >"$TMPD/problems"
while IFS= read -r line; do
	if [ "$line" = PASS ]; then ok; else fail "$line"; fi
done <"$TMPD/problems"
echo "$n corpus files, 6 modes each"
finish
