#!/bin/bash
# tmux-ui.sh: the real binary in tmux, keys in, screens out, at 80x24,
# 120x40 and 220x60: lifelines, symbolic SYN / SYN,ACK / ACK labels, state
# labels, all eleven state boxes; stepping moves the highlight; ? shows
# help; q exits 0 and restores the terminal; resize redraws; --ascii has
# no UTF-8 box characters and --no-color no colour.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
PCAP=$top_srcdir/tests/pcap/http-close-e16.pcap
probe "tcpviz --screen 80x24 -r $PCAP" "$TCPVIZ" --screen 80x24 -r "$PCAP"

. "$top_srcdir/tests/ui/tmux-lib.sh"

for size in 80x24 120x40 220x60; do
	cols=${size%x*}
	rows=${size#*x}
	start "$cols" "$rows" "$TCPVIZ" -r "$PCAP"
	pane
	# Opens paused at the first segment.
	has "PAUSED" "$size start"
	has "SYN seq=J" "$size first step"
	hasnt "SYN,ACK seq=K" "$size first step"
	has "client 127.0.0.1:" "$size"
	has "server 127.0.0.1:8080" "$size"
	# Step forward: the SYN,ACK appears and the client's state changes.
	keys Right
	wait_for "step 2/"
	has "SYN,ACK seq=K ack=J+1" "$size after right"
	has "step 2/" "$size after right"
	# Back again: gone, the engine was not re-run (same counts).
	keys Left
	wait_for "step 1/"
	hasnt "SYN,ACK seq=K" "$size after left"
	has "step 1/" "$size after left"
	keys G
	wait_for "$AT_END"
	has "$AT_END" "$size at end"
	has "ACK ack=K+1" "$size at end"
	if [ "$cols" -le 80 ]; then
		names="CLOSD LISTN SYNST SYNRC ESTAB FINW1 FINW2 CLSWT CLSNG LSTAK TMWT"
	else
		names="CLOSED LISTEN SYN_SENT SYN_RCVD ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 CLOSE_WAIT CLOSING LAST_ACK TIME_WAIT"
	fi
	for s in $names; do
		has "[[│] *$s *[]│]" "$size graph box"
	done
	# State labels on the lifelines, and both C and S marks.
	has "TIME_WAIT\|TMWT" "$size state label"
	has "C[[│]" "$size client mark"
	has "[]│]S" "$size server mark"
	# Help, then any key closes it.
	keys '?'
	wait_for "tcpviz keys"
	has "tcpviz keys" "$size help"
	has "next / previous state change" "$size help"
	keys x
	wait_gone "tcpviz keys"
	hasnt "tcpviz keys" "$size help closed"
	has "$AT_END" "$size help closed"
	# q exits 0 and gives the terminal back.
	keys q
	rc=$(exit_status)
	if [ "$rc" = 0 ]; then ok; else
		fail "$size: q did not exit 0 ($rc)"
	fi
	wait_gone "step [0-9]"
	hasnt "step [0-9]" "$size screen restored"
done

# The highlight moves: the lit edge label follows the cursor.
start 120 40 "$TCPVIZ" -r "$PCAP"
keys Right
wait_for "step 2/"
has "E07 rcv SYN,ACK / snd ACK\|E03 rcv SYN / snd SYN,ACK" "E07/E03 glow"
keys n n n n n n
wait_gone "step 2/"
has "step [0-9]*/" "after n"
quit "after n"

# x goes through the notations, arrows and narration together; t turns
# the time column to the time of day and back (issue 19).
start 100 30 "$TCPVIZ" demo fourway
keys space G
wait_for "FIN,ACK seq=N"
has "+1.900" "demo: time since the first segment"
keys x
wait_for "seq=w"
has "ACK ack=w+1" "x: x/y notation on the arrows"
hasnt "seq=N" "x: no Stevens letter left"
keys x
wait_for "ack=302"
keys x
wait_for "ack=9302"
keys x
wait_for "seq=N"
has "ack=N+1" "x: back to Stevens"
keys t
wait_gone "+1.900"
has "02.000 " "t: the time of day (seconds, narrow ladder)"
keys t
wait_for "+1.900"
quit "notation and clock keys"

# Resize 220x60 -> 80x24 -> back redraws right.
start 220 60 "$TCPVIZ" -r "$PCAP"
keys G
wait_for "$AT_END"
T resize-window -t ui -x 80 -y 24
wait_for "\[ESTAB\]"
has "\[ESTAB\]" "resized to 80x24"
hasnt "ESTABLISHED\]" "resized to 80x24"
T resize-window -t ui -x 220 -y 60
wait_for "│ *ESTABLISHED *│"
has "│ *ESTABLISHED *│" "resized back to 220x60"
has "RFC 9293 Figure 5" "resized back to 220x60"
T resize-window -t ui -x 40 -y 10
wait_for "Enlarge"
has "Enlarge" "resized to 40x10"
T resize-window -t ui -x 120 -y 40
wait_for "SYN seq=J"
has "SYN seq=J" "back from 40x10"
quit "resize"

# --ascii: no UTF-8 box characters at all.
start 120 40 "$TCPVIZ" --ascii -r "$PCAP"
keys G
wait_for "$AT_END"
has "$AT_END" "--ascii at end"
if LC_ALL=C grep -q '[^ -~]' "$TMPD/pane"; then
	fail "--ascii screen has non-ASCII characters"
else
	ok
fi
has "+---\|\[ *CLOSED *\]" "--ascii boxes"
quit "--ascii"

# Colour by default; none with --no-color or NO_COLOR.
start 120 40 "$TCPVIZ" -r "$PCAP"
T capture-pane -e -p -t ui >"$TMPD/esc"
if grep -q $'\e\[[0-9;]*3[0-9]' "$TMPD/esc" || grep -q $'\e\[[0-9;]*38;5' "$TMPD/esc"; then
	ok
else
	fail "no colour in the default screen (test cannot tell)"
fi
quit "colour"
for variant in "--no-color" "NO_COLOR"; do
	if [ "$variant" = NO_COLOR ]; then
		start 120 40 env NO_COLOR=1 "$TCPVIZ" -r "$PCAP"
	else
		start 120 40 "$TCPVIZ" --no-color -r "$PCAP"
	fi
	keys G
	wait_for "$AT_END"
	has "$AT_END" "$variant at end"
	T capture-pane -e -p -t ui >"$TMPD/esc"
	if grep -q $'\e\[[0-9;]*38;5' "$TMPD/esc" ||
	    grep -q $'\e\[\([0-9;]*;\)\{0,1\}3[0-7]m' "$TMPD/esc"; then
		fail "$variant: colour escapes on screen"
	else
		ok
	fi
	# Lit states still visible: reverse video and the C / S marks.
	grep -q $'\e\[[0-9;]*7m' "$TMPD/esc" && ok ||
	    fail "$variant: no reverse video for lit states"
	quit "$variant"
done

# The mouse (xterm's SGR reports, as TERM=xterm-256color asks): a click on
# a ladder row goes to that row; a click on a state's box in the graph
# goes to the next row where an endpoint enters that state.
click() {	# COL ROW (0-based): a left button press and release there
	keys -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' $(($1 + 1)) \
	    $(($2 + 1)) $(($1 + 1)) $(($2 + 1)))"
}
start 120 40 "$TCPVIZ" -r "$PCAP"
keys G
wait_for "$AT_END"
# The ladder's rows start 2 below its top (names, then states): row 1 of
# the title, so the second segment is on screen row 4.
click 10 4
wait_for "step 2/10 |"
has "step 2/10 |" "click on the ladder's second row"
keys G
wait_for "$AT_END"
pane
# The box's column in characters (the screen has box-drawing ones).
box=
while IFS= read -r line; do
	case $line in
	*'[ESTABLISHED]'*|*'[ ESTABLISHED ]'*)
		pre=${line%%\[*ESTABLISHED*}
		box="$(LC_ALL=C.UTF-8; echo $((${#pre} + 3))) $row"
		break ;;
	esac
	row=$((${row:-0} + 1))
done <"$TMPD/pane"
if [ -n "$box" ]; then
	# From the end, the next row where an endpoint enters ESTABLISHED
	# (round to the start): the SYN,ACK's, the second.
	# shellcheck disable=SC2086
	click $box
	wait_for "step 2/10 |"
	has "step 2/10 |" "click on ESTABLISHED in the graph ($box)"
else
	fail "no ESTABLISHED box on the screen"
fi
quit "mouse"

# stdin not a terminal: one clear message, exit 1.
if timeout 20 "$TCPVIZ" -r "$PCAP" </dev/null >"$TMPD/out" 2>&1; then
	fail "no terminal: exit 0"
else
	grep -q "needs a terminal" "$TMPD/out" && ok ||
	    fail "no terminal: message was: $(head -1 "$TMPD/out")"
fi
finish
