#!/bin/bash
# batch-goldens.sh: headless output (--transitions and --segments as JSON,
# --summary as text) of every shipped capture and every scenario against
# the goldens in tests/golden/batch (TESTLIST names them), byte for byte:
# a change of behaviour shows here, and a move that only tidies the code
# leaves them all alone.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1
need_tcpviz
export LC_ALL=C.UTF-8
while IFS='	' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	exp="tests/golden/batch/$name.txt"
	# shellcheck disable=SC2086
	timeout 30 "$TCPVIZ" $args >"$TMPD/out" 2>"$TMPD/err" </dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: tcpviz $args: exit $rc ($(head -1 "$TMPD/err"))"
	elif cmp -s "$exp" "$TMPD/out"; then
		ok
	else
		fail "$name differs from $exp:"
		diff -u "$exp" "$TMPD/out" | head -20
	fi
done <tests/golden/batch/TESTLIST
finish
