#!/bin/bash
# corpus-segments.sh: every capture in ../shared/corpus (real public
# captures, many deliberately malformed) goes through --segments with no
# crash, no hang and no sanitizer report. Malformed files may fail, but only
# with exit 1 and a message. Skips when the corpus is not beside the tree.
. "${top_srcdir:-.}/tests/lib.sh"
[ -d "$CORPUS" ] || skip "no corpus at $CORPUS"
LIMIT=${TCPVIZ_CORPUS_TIMEOUT:-20}
MODE=${TCPVIZ_CORPUS_MODE:---segments}
n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	timeout -s KILL "$LIMIT" "$TCPVIZ" -q -r "$f" $MODE >/dev/null 2>"$TMPD/err"
	rc=$?
	if [ "$rc" -ge 128 ] || [ "$rc" -gt 2 ]; then
		fail "$f: exit $rc $(head -c 300 "$TMPD/err")"
	elif grep -Eq 'Sanitizer|runtime error|LeakSanitizer' "$TMPD/err"; then
		fail "$f: sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error' "$TMPD/err")"
	elif [ "$rc" -ne 0 ] && [ "$(wc -l <"$TMPD/err")" -lt 1 ]; then
		fail "$f: exit $rc with no message"
	else
		ok
	fi
done < <(find "$CORPUS" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' -o -name '*.trace' -o -name '*.dmp' -o -name '*.pcap*' \) -print0 | sort -z)
echo "$n corpus files read with $MODE"
[ "$n" -gt 0 ] || fail "no corpus files found"
finish
