#!/bin/bash
# tmux-pace.sh: the teacher's pace (issue 19). A demo opens paused on step
# 0, the world before the first segment, and stays there; one key is one
# step (space, right), left steps back down to step 0, g is step 0 and
# paused; stepping goes on into a demo's next connection (the new
# incarnation) and back; --autoplay SECONDS advances by itself, --loop
# starts again after the last step; q in the help closes the help only;
# the title row stays at 80x24; the picker lists the lessons in order and
# / narrows it.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
probe "tcpviz demo handshake --screen 80x24 --at 0" "$TCPVIZ" demo handshake \
    --screen 80x24 --at 0
grep -q "step 0/" "$TMPD/probe" ||
    probe_failed "tcpviz --screen --at 0 shows no step 0"

. "$top_srcdir/tests/ui/tmux-lib.sh"

# still WHAT SECS PATTERN: after SECS seconds the screen still shows it.
still() {
	sleep "$2"
	pane
	has "$3" "$1 after $2 s"
}

# Opens paused on step 0, and stays there (2 s: the old demo was at step
# 2 by 0.6 s); the title row is there at 80x24.
start 80 24 "$TCPVIZ" demo handshake
pane
has "step 0/10 " "demo start"
has "PAUSED" "demo start"
has "^tcpviz  handshake  |" "title row at 80x24"
hasnt "SYN seq=J" "step 0 (no segment yet)"
has "Step 0\|listen()" "step 0 narration"
still "demo start" 2 "step 0/10 "
has "PAUSED" "demo start after 2 s"
# One key, one step, and nothing more.
keys Space
wait_for "step 1/10 " || fail "space: no step 1"
has "SYN seq=J" "step 1"
# The edge just taken, its label in the graph's foot row: lit (the edge
# colour), not the legend's dim grey (244).
T capture-pane -e -p -t ui >"$TMPD/esc"
if grep -q $'\e\[38;5;244mE02 active' "$TMPD/esc"; then
	fail "step 1: the E02 label is drawn dim"
elif grep -q $'\e\[[0-9;]*mE02 active' "$TMPD/esc"; then
	ok
else
	fail "step 1: no coloured E02 label (test cannot tell)"
fi
still "space" 1 "step 1/10 "
keys Right
wait_for "step 2/10 " || fail "right: no step 2"
has "SYN,ACK seq=K" "step 2"
still "right" 1 "step 2/10 "
# A quiet step (data, no state change) has no E22 caption under the graph.
keys Right Right
wait_for "step 4/10 " || fail "right x2: no step 4"
hasnt "E22 RST/ABORT" "a quiet step's caption"
keys Left Left
wait_for "step 2/10 " || fail "left x2: no step 2"
# Back to step 0.
keys Left
wait_for "step 1/10 " || fail "left: no step 1"
keys Left
wait_for "step 0/10 " || fail "left: no step 0"
hasnt "SYN seq=J" "back at step 0"
keys Left
still "left at step 0" 0.5 "step 0/10 "
# g: step 0, paused, even while playing.
keys Right Right Right
wait_for "step 3/10 " || fail "right x3: no step 3"
keys a
wait_for "PLAYING" || fail "a: not playing"
keys g
wait_for "step 0/10 " || fail "g: no step 0"
has "PAUSED" "g pauses"
still "g" 1.5 "step 0/10 "
# q in the help closes the help; the program goes on.
keys '?'
wait_for "tcpviz keys" || fail "?: no help"
keys q
wait_gone "tcpviz keys" || fail "q did not close the help"
has "step 0/10 " "q in the help"
[ -f "$EXITF" ] && fail "q in the help quit the program" || ok
quit "after the help"

# The view follows a demo into its next connection: timewait-incarnation's
# new incarnation (#1; numbers are tshark's
# tcp.stream, from 0) comes after #0's TIME_WAIT ends by its timer (E21).
start 120 40 "$TCPVIZ" demo timewait-incarnation
keys G
wait_for "$AT_END" || fail "G: not at the end"
has "| #0 |" "timewait-incarnation end of #0"
has "E21" "TIME_WAIT ends by the 2*MSL timer"
keys Right
wait_for "| #1 |" || fail "right at #0's end: not on #1"
has "step 0/" "#1 opens on its step 0"
has "Step 0, before the first segment" "#1's step 0"
hasnt "2MSL has passed" "#0's narration on #1"
keys Right
wait_for "step 1/" || fail "right on #1's step 0: no step 1"
has "| #1 |" "#1's step 1"
has "new incarnation" "#1's own narration"
hasnt "2MSL has passed\|old copy" "#0's narration on #1"
keys Left
wait_for "step 0/" || fail "left on #1's step 1: no step 0"
keys Left
wait_for "| #0 |" || fail "left at #1's step 0: not back on #0"
has "$AT_END" "back on #0's last step"
quit "timewait-incarnation"

# --autoplay 2: step 0 for about 2 s, then step 1 by itself.
start 80 24 "$TCPVIZ" demo handshake --autoplay 2
t0=$SECONDS
pane
has "step 0/10 " "--autoplay start"
wait_for "step 1/10 " || fail "--autoplay 2: no step 1"
if [ $((SECONDS - t0)) -ge 1 ]; then ok; else
	fail "--autoplay 2: step 1 after $((SECONDS - t0)) s"
fi
wait_for "step 2/10 " || fail "--autoplay 2: no step 2"
quit "--autoplay"

# --loop: after the last step, step 0 again (a screen left in a lab).
start 80 24 "$TCPVIZ" demo refused --autoplay 0.5 --loop
wait_for "$AT_END" || fail "--loop: never at the end"
wait_for "step 0/" || fail "--loop: no step 0 after the end"
wait_for "step 1/" || fail "--loop: no step 1 the second time"
quit "--loop"

# A Chinese UI's picker: Chinese titles and descriptions, each row within
# the terminal by display width (a double-width character counts two),
# a cut title ending with an ellipsis, never half a character.
for cols in 60 61 67 80; do
	env -u LC_ALL LANG=C.UTF-8 LANGUAGE=zh_CN "$TCPVIZ" --screen "${cols}x24" \
	    >"$TMPD/zh" 2>&1 || fail "zh picker ${cols}x24: exit $?"
	if python3 - "$TMPD/zh" "$cols" <<'PY'; then ok
import sys, unicodedata
cols, cut, bad = int(sys.argv[2]), 0, []
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for n, line in enumerate(lines[:-1]):
    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in line)
    if w > cols:
        bad.append("row %d is %d wide" % (n, w))
    if line.rstrip().endswith("\u2026"):
        cut += 1
text = "\n".join(lines)
if "\u4e09\u6b21\u63e1\u624b" not in text:
    bad.append("no Chinese title")
if cols <= 61 and cut == 0:
    bad.append("no title cut with an ellipsis")
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY
	else fail "zh picker ${cols}x24: $(cat "$TMPD/zh.err" 2>/dev/null)$(head -c 300 "$TMPD/zh")"; fi
done

# The picker: the lessons in order, and / to search.
probe "tcpviz --list-scenarios" "$TCPVIZ" --list-scenarios
order=$(awk 'NR <= 3 { printf "%s ", $1 }' "$TMPD/probe")
[ "$order" = "handshake fourway fourway-server " ] && ok ||
    fail "--list-scenarios: the lessons start '$order'"
tmux_start 80 24 "$TCPVIZ"
wait_for "choose a scenario" || fail "no picker"
has "^▶ handshake " "picker: the first lesson first"
has "^  fourway  " "picker: the four-way close second"
keys / a s s a s
wait_for "(1 of " || fail "/assas: the list did not narrow"
has "tw-assassination" "/assas"
hasnt "^  handshake " "/assas"
keys Escape
wait_for "^  fourway  " || fail "Esc: the search was not cleared"
keys / t i m e w
wait_for "(1 of " || fail "/timew: the list did not narrow"
keys Enter Enter
wait_for "step 0/" || fail "Enter after a search: no demo at step 0"
has "timewait-incarnation" "the searched scenario plays"
quit "picker"

finish
