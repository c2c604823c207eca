#!/bin/sh
# regen-batch.sh: rewrite tests/golden/batch/*.txt from the binary.
#   TCPVIZ=/path/to/tcpviz tests/golden/regen-batch.sh
# Review the diff (git diff tests/golden/batch) before committing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${TCPVIZ:=$top/build/tcpviz}"
cd "$top"
grep -v '^#' tests/golden/batch/TESTLIST | while IFS='	' read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 "$TCPVIZ" $args >"tests/golden/batch/$name.txt"
	echo "regenerated $name"
done
