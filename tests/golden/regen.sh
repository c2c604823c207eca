#!/bin/sh
# regen.sh: rewrite the goldens from the binary, every NAME of each
# tests/golden/KIND/TESTLIST (screens: --screen dumps; batch: headless
# output) as KIND/NAME.txt; svg: the last picture of --export-steps, as
# the GOLDEN its TESTLIST names (the README images in assets/ among them);
# export: --export in each text format and pcapng, as export/NAME.EXT.
#   TCPVIZ=/path/to/tcpviz tests/golden/regen.sh [KIND...]
# Review the diff (git diff tests/golden) before committing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${TCPVIZ:=$top/build/tcpviz}"
cd "$top"
[ $# -gt 0 ] || set -- screens batch svg export
for kind in "$@"; do
	if [ "$kind" = svg ]; then
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-regen.XXXXXX")
		grep -v '^#' tests/golden/svg/TESTLIST |
		while IFS='	' read -r name golden args; do
			[ -n "$name" ] || continue
			rm -rf "$tmp/steps"
			# shellcheck disable=SC2086
			LC_ALL=C.UTF-8 "$TCPVIZ" $args \
			    --export-steps "$tmp/steps"
			last=$(ls "$tmp/steps" | tail -n 1)
			cp "$tmp/steps/$last" "$golden"
			echo "regenerated $golden ($last)"
		done
		rm -rf "$tmp"
		continue
	fi
	if [ "$kind" = export ]; then
		grep -v '^#' tests/golden/export/TESTLIST |
		while IFS='	' read -r name args; do
			[ -n "$name" ] || continue
			for ext in txt md mmd puml json pcapng; do
				# shellcheck disable=SC2086
				LC_ALL=C.UTF-8 "$TCPVIZ" $args --export \
				    "tests/golden/export/$name.$ext"
			done
			echo "regenerated export/$name.*"
		done
		continue
	fi
	grep -v '^#' "tests/golden/$kind/TESTLIST" |
	while IFS='	' read -r name args; do
		[ -n "$name" ] || continue
		# shellcheck disable=SC2086
		LC_ALL=C.UTF-8 "$TCPVIZ" $args >"tests/golden/$kind/$name.txt"
		echo "regenerated $kind/$name"
	done
done
