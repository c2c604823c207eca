#!/bin/sh
# regen.sh: rewrite the goldens from the binary, every NAME of each
# tests/golden/KIND/TESTLIST (screens: --screen dumps; batch: headless
# output) as KIND/NAME.txt.
#   TCPVIZ=/path/to/tcpviz tests/golden/regen.sh [KIND...]
# Review the diff (git diff tests/golden) before committing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${TCPVIZ:=$top/build/tcpviz}"
cd "$top"
[ $# -gt 0 ] || set -- screens batch
for kind in "$@"; do
	grep -v '^#' "tests/golden/$kind/TESTLIST" |
	while IFS='	' read -r name args; do
		[ -n "$name" ] || continue
		# shellcheck disable=SC2086
		LC_ALL=C.UTF-8 "$TCPVIZ" $args >"tests/golden/$kind/$name.txt"
		echo "regenerated $kind/$name"
	done
done
