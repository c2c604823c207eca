#!/bin/bash
# tmux-export.sh: the view's e key (issue 16). e asks for a format; its
# letter writes the selected connection, from its first step to the
# cursor (all of it at a demo's step 0), into the current directory under
# a name made from the endpoints and says so; a second export of the same
# name adds -2 rather than replace the first; Esc asks nothing more. As
# root, a capture is read as nobody, but the file writer keeps root: e
# writes into a directory only root may write. Where nothing can be
# written the view says why and goes on.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
command -v python3 >/dev/null 2>&1 || skip "no python3"
need_tcpviz
. "$top_srcdir/tests/ui/tmux-lib.sh"

CAP=$top_srcdir/tests/pcap/kernel/client-close.pcap
NAME=tcpviz-10.0.0.1-40001-10.0.0.2-80

# json_lines FILE: how many JSON lines FILE has (-1 if one does not parse).
json_lines() {
	python3 -c '
import json, sys
n = 0
try:
    for line in open(sys.argv[1]):
        json.loads(line)
        n += 1
except Exception:
    n = -1
print(n)' "$1"
}

mkdir "$TMPD/here"
start 100 30 "sh -c 'cd $TMPD/here && exec $TCPVIZ demo fourway'"
keys Right Right Right
wait_for "step 3/" || fail "right x3: no step 3"
keys e
wait_for "export as:" || fail "e: no format prompt"
keys j
wait_for "wrote $NAME.json" || fail "e j: no 'wrote $NAME.json'"
n=$(json_lines "$TMPD/here/$NAME.json")
[ "$n" = 3 ] && ok || fail "e j at step 3: $n JSON lines, not steps 1-3"
# At step 0 the whole connection; the same name again: -2, the first kept.
keys g
wait_for "step 0/" || fail "g: no step 0"
keys e j
wait_for "wrote $NAME-2.json" || fail "e j again: no -2"
n=$(json_lines "$TMPD/here/$NAME-2.json")
[ "$n" -ge 10 ] && ok || fail "e j at step 0: $n JSON lines, not all"
[ "$(json_lines "$TMPD/here/$NAME.json")" = 3 ] && ok ||
    fail "the second export replaced the first"
keys e s
wait_for "wrote $NAME.svg" || fail "e s: no svg"
grep -q '^<svg\|<svg ' "$TMPD/here/$NAME.svg" && ok ||
    fail "e s: $NAME.svg is no SVG"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMPD/here/$NAME.svg" && ok ||
	    fail "e s: xmllint rejects $NAME.svg"
fi
# e c: the connection as a scenario, which the simulator plays with the
# same states for each end as the lesson (tests/to-scenario.sh has more).
keys e c
wait_for "wrote $NAME.scn" || fail "e c: no scn"
"$TCPVIZ" -q demo "$TMPD/here/$NAME.scn" --transitions >"$TMPD/scn.tr" \
    2>"$TMPD/scn.err" && ! [ -s "$TMPD/scn.err" ] && ok ||
    fail "e c: $NAME.scn does not play cleanly: $(head -2 "$TMPD/scn.err")"
"$TCPVIZ" -q demo fourway --transitions >"$TMPD/orig.tr" 2>/dev/null
[ "$(awk '{ print $2, $3, $4, $5 }' "$TMPD/scn.tr")" = \
    "$(awk '{ print $2, $3, $4, $5 }' "$TMPD/orig.tr")" ] && ok ||
    fail "e c: the scenario's states differ from the lesson's"
grep -q "^name conn-0$" "$TMPD/here/$NAME.scn" && ok ||
    fail "e c: the scenario is not named after stream 0"
# Esc: nothing written, the prompt gone; the cursor is where it was
# before the SVG export drew its last step.
before=$(ls "$TMPD/here" | wc -l)
keys e Escape
wait_gone "export as:" || fail "Esc: the prompt stays"
pane
has "step 0/" "after e s and e Esc"
[ "$(ls "$TMPD/here" | wc -l)" = "$before" ] && ok ||
    fail "e Esc wrote a file"
[ -z "$(ls -A "$TMPD/here" | grep '^\.')" ] && ok ||
    fail "a temporary file was left: $(ls -A "$TMPD/here")"
quit "after exports"

# Nowhere to write (/proc takes no files): the reason, and the view goes on.
start 100 30 "sh -c 'cd /proc && exec $TCPVIZ demo fourway'"
keys e t
wait_for "cannot write $NAME.txt" || fail "e t in /proc: no reason shown"
keys Right
wait_for "step 1/" || fail "the view stopped after a failed export"
quit "after a failed export"

# As root: the capture is read as nobody, the file written as root into a
# directory nobody may enter.
if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 700 "$TMPD/rootonly"
	start 100 30 "sh -c 'cd $TMPD/rootonly && exec $TCPVIZ -r $CAP'"
	keys e m
	wait_for "wrote tcpviz-10.213.0.1-40001-10.213.0.2-8080.md" ||
	    fail "e m as root in a 700 directory: nothing written"
	f=$TMPD/rootonly/tcpviz-10.213.0.1-40001-10.213.0.2-8080.md
	grep -q '```' "$f" 2>/dev/null && ok || fail "$f: no Markdown block"
	pid=$(pgrep -o -f "^$TCPVIZ -r $CAP\$")
	grep -q '^Uid:	0	' "/proc/$pid/status" 2>/dev/null &&
	    fail "the view runs as root" || ok
	quit "as root"
else
	echo "note: not root: the root-only directory case is not run"
fi

finish
