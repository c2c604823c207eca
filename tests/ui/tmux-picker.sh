#!/bin/bash
# tmux-picker.sh: tcpviz with no source shows the scenario picker: at 80x24
# and 120x40 it lists at least 18 scenarios; down and Enter play the
# chosen one (its name in the title bar at 120x40); p in the view goes back
# to the picker with the same one selected; q exits 0. --ascii keeps the
# picker pure ASCII, a tiny terminal asks to be enlarged, and without a
# terminal the picker says so and exits 1.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
probe "tcpviz --screen 80x24 (the picker)" "$TCPVIZ" --screen 80x24
grep -q "choose a scenario" "$TMPD/probe" ||
    probe_failed "tcpviz --screen 80x24 shows no scenario picker"
# The scenario names, as --list-scenarios gives them.
probe "tcpviz --list-scenarios" "$TCPVIZ" --list-scenarios
awk '{ print $1 }' "$TMPD/probe" >"$TMPD/names"
nnames=$(wc -l <"$TMPD/names")
[ "$nnames" -ge 18 ] || fail "only $nnames scenarios listed"
first=$(sed -n 1p "$TMPD/names")
second=$(sed -n 2p "$TMPD/names")

. "$top_srcdir/tests/ui/tmux-lib.sh"

for size in 80x24 120x40; do
	cols=${size%x*}
	rows=${size#*x}
	tmux_start "$cols" "$rows" "$TCPVIZ"
	wait_for "choose a scenario" || fail "$size: no picker drawn"
	pane
	# Scenario names at the start of list rows (after the marker).
	seen=0
	while read -r n; do
		grep -q "^. $n  " "$TMPD/pane" && seen=$((seen + 1))
	done <"$TMPD/names"
	if [ "$seen" -ge 18 ]; then ok; else
		fail "$size: $seen scenario names on the picker (want >= 18)"
	fi
	has "^▶ $first " "$size first selected"
	has "1/$nnames" "$size position"
	# Down moves the selection; the description follows it.
	keys Down
	wait_for " 2/$nnames"
	has "^▶ $second " "$size down"
	has "2/$nnames" "$size down position"
	# Enter plays it in the normal view.
	keys Enter
	wait_for "step" || fail "$size: Enter did not open the view"
	hasnt "choose a scenario" "$size view"
	has "demo" "$size view status"
	if [ "$rows" -ge 40 ]; then
		has "tcpviz  $second  |" "$size title bar"
	fi
	# p goes back, with the same scenario selected.
	keys p
	wait_for "choose a scenario" || fail "$size: p did not go back"
	has "^▶ $second " "$size back to the picker"
	hasnt "step [0-9]" "$size picker after p"
	# k, End, Home move; j again, then Enter and q from the view.
	keys k
	wait_for " 1/$nnames"
	has "^▶ $first " "$size k"
	keys End
	wait_for "$nnames/$nnames"
	has "$nnames/$nnames" "$size End"
	keys Home
	wait_for " 1/$nnames"
	has "1/$nnames" "$size Home"
	has "^▶ $first " "$size Home"
	keys NPage
	wait_gone " 1/$nnames"
	hasnt "^▶ $first " "$size PgDn"
	keys PPage
	wait_for " 1/$nnames"
	has "^▶ $first " "$size PgUp"
	keys j Enter
	wait_for "step" || fail "$size: second Enter did not open the view"
	keys q
	rc=$(exit_status)
	if [ "$rc" = 0 ]; then ok; else
		fail "$size: q in the view did not exit 0 ($rc)"
	fi
	# q in the picker exits 0 too.
	tmux_start "$cols" "$rows" "$TCPVIZ"
	wait_for "choose a scenario" || fail "$size: no picker drawn"
	keys q
	rc=$(exit_status)
	if [ "$rc" = 0 ]; then ok; else
		fail "$size: q in the picker did not exit 0 ($rc)"
	fi
	wait_gone "choose a scenario"
	hasnt "choose a scenario" "$size screen restored"
done

# The help lists p.
tmux_start 120 40 "$TCPVIZ"
wait_for "choose a scenario" || fail "no picker drawn"
keys Enter
wait_for "step" || fail "Enter did not open the view"
keys '?'
wait_for "back to the scenario list"
has "back to the scenario list" "help lists p"
keys x
wait_gone "back to the scenario list"
keys q
rc=$(exit_status)
[ "$rc" = 0 ] && ok || fail "help: x then q did not exit 0 ($rc)"

# --ascii: nothing but ASCII on the picker.
tmux_start 120 40 "$TCPVIZ" --ascii
wait_for "choose a scenario" || fail "--ascii: no picker drawn"
if LC_ALL=C grep -q '[^ -~]' "$TMPD/pane"; then
	fail "--ascii picker has non-ASCII characters"
else
	ok
fi
has "^> $first " "--ascii marker"
keys q
rc=$(exit_status)
[ "$rc" = 0 ] && ok || fail "--ascii: q did not exit 0 ($rc)"

# --no-color: no colour escapes on the picker; the selection is reverse.
tmux_start 120 40 "$TCPVIZ" --no-color
wait_for "choose a scenario" || fail "--no-color: no picker drawn"
T capture-pane -e -p -t ui >"$TMPD/esc"
if grep -q $'\e\[[0-9;]*38;5' "$TMPD/esc" ||
    grep -q $'\e\[\([0-9;]*;\)\{0,1\}3[0-7]m' "$TMPD/esc"; then
	fail "--no-color: colour escapes on the picker"
else
	ok
fi
grep -q $'\e\[[0-9;]*7m' "$TMPD/esc" && ok ||
    fail "--no-color: no reverse video for the selection"
keys q
rc=$(exit_status)
[ "$rc" = 0 ] && ok || fail "--no-color: q did not exit 0 ($rc)"

# Too small: the usual request; back to size: the picker again.
tmux_start 40 10 "$TCPVIZ"
wait_for "Enlarge" || fail "40x10: no enlarge request"
T resize-window -t ui -x 80 -y 24
wait_for "choose a scenario" && ok || fail "80x24 after 40x10: no picker"
keys q
rc=$(exit_status)
[ "$rc" = 0 ] && ok || fail "40x10 -> 80x24: q did not exit 0 ($rc)"

# No terminal: one clear message, exit 1.
if timeout 20 "$TCPVIZ" </dev/null >"$TMPD/out" 2>&1; then
	fail "no terminal: exit 0"
else
	grep -q "needs a terminal" "$TMPD/out" && ok ||
	    fail "no terminal: message was: $(head -1 "$TMPD/out")"
fi
finish
