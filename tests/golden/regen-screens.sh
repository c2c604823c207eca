#!/bin/sh
# regen-screens.sh: rewrite tests/golden/screens/*.txt from the binary.
#   TCPVIZ=/path/to/tcpviz tests/golden/regen-screens.sh
# Review the diff (git diff tests/golden/screens) before committing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${TCPVIZ:=$top/build/tcpviz}"
cd "$top"
grep -v '^#' tests/golden/screens/TESTLIST | while IFS='	' read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 "$TCPVIZ" $args >"tests/golden/screens/$name.txt"
	echo "regenerated $name"
done
