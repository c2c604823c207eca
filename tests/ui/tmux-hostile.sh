#!/bin/bash
# tmux-hostile.sh: the interactive view against a hostile terminal, in tmux.
# A resize storm (100 resizes in about a second, tiny and huge sizes among
# them) while a demo plays and while a capture replays leaves a screen equal
# to the --screen dump and q exits 0; 20x5 shows the enlarge request and q
# works; TERM=dumb or an unknown TERM gives one clear line and exit 1; a
# non-UTF-8 locale draws in ASCII; SIGINT, SIGTERM and SIGHUP at random
# moments end the process with the terminal restored (stty echo and icanon,
# no alternate screen, cursor shown, mouse off, the shell after it works);
# stdin not a terminal gives a clear message; a reader that goes away in
# headless mode (SIGPIPE) or a closed or full stdout never crash or spew.
# TCPVIZ_TEST_SEED repeats a run's random moments.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
PCAP=$top_srcdir/tests/pcap/http-close-e16.pcap
probe "tcpviz --screen 80x24 -r $PCAP" "$TCPVIZ" --screen 80x24 -r "$PCAP"
. "$top_srcdir/tests/ui/tmux-lib.sh"
SEED=${TCPVIZ_TEST_SEED:-$$}
RANDOM=$SEED
echo "random seed $SEED (TCPVIZ_TEST_SEED=$SEED repeats this run)"

# The pane runs run.sh: tcpviz in the foreground, its pid in $R/pid;
# then its exit status, the tty modes it left, and an interactive shell.
# The wrapper survives the signals sent to the pane's process group.
# $R is a directory of this run only.
cat >"$TMPD/run.sh" <<'EOF'
#!/bin/bash
D=$1
shift
trap : INT TERM HUP
bash -c 'echo $$ >"$0"; exec "$@"' "$D/pid" "$@"
echo $? >"$D/exit.new"
mv "$D/exit.new" "$D/exit"
stty -a >"$D/stty" 2>&1
echo SHELL-READY
PS1='$ ' exec bash --norc --noprofile -i
EOF
chmod +x "$TMPD/run.sh"

# Start ENV... ARGS in a COLS x ROWS session under run.sh (the last
# session and all it ran ended first).
NRUN=0
run() {
	local cols=$1 rows=$2 cmd
	shift 2
	tmux_end
	NRUN=$((NRUN + 1))
	R=$TMPD/run$NRUN
	mkdir "$R"
	cmd=$(printf '%q ' "$TMPD/run.sh" "$R" env LC_ALL=C.UTF-8 \
	    TERM=xterm-256color "$@")
	T new-session -d -s ui -x "$cols" -y "$rows" "$cmd" ||
	    fail "tmux new-session ${cols}x$rows failed: $*"
}

# Wait (at most 15 s) for tcpviz to end; its status on stdout.
ended() {
	local i end=$((SECONDS + 15))
	for i in $(seq 1 150); do
		[ -f "$R/exit" ] && break
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.1
	done
	cat "$R/exit" 2>/dev/null
}

alive() {
	[ ! -f "$R/exit" ] && [ -f "$R/pid" ] &&
	    kill -0 "$(cat "$R/pid")" 2>/dev/null
}

# After tcpviz ended: the terminal is as a shell needs it. SHELL-READY
# on screen first: run.sh prints it after stty -a, so by then all tcpviz
# wrote has reached tmux and the stty file is complete.
restored() {
	local what=$1 st ready=1
	wait_for SHELL-READY || ready=0
	if [ ! -s "$R/stty" ]; then
		fail "$what: no stty output after exit"
	elif grep -Eq '(^| )-(echo|icanon|isig|icrnl|opost)( |;|$)' \
	    "$R/stty"; then
		fail "$what: tty left in $(grep -Eo -- '-(echo|icanon|isig|icrnl|opost)( |;|$)' "$R/stty" | tr -d '\n')"
	else
		ok
	fi
	st=$(T display -p -t ui \
	    '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}')
	if [ "$st" = "0 1 0 0" ]; then ok; else
		fail "$what: alternate screen, cursor, mouse, keypad: $st (want 0 1 0 0)"
	fi
	if [ "$ready" -eq 1 ]; then
		keys 'echo ok-$((6*7))' Enter
		wait_for 'ok-42' && ok || fail "$what: the shell after it does not work"
	else
		fail "$what: the pane did not get back to the shell"
	fi
}

# A status that is not a crash: 0, or a clean death by the signal sent.
status_ok() {
	local what=$1 rc=$2 allowed=$3 a
	for a in $allowed; do
		[ "$rc" = "$a" ] && { ok; return; }
	done
	fail "$what: exit status '$rc' (allowed: $allowed)"
}

# 100 resizes in about a second: random sizes, and the extremes.
storm() {
	local i x y
	for i in $(seq 1 100); do
		case $((i % 10)) in
		0) x=1; y=1 ;;
		5) x=400; y=150 ;;
		*) x=$((10 + RANDOM % 230)); y=$((3 + RANDOM % 70)) ;;
		esac
		T resize-window -t ui -x "$x" -y "$y"
		sleep 0.005
	done
}

# After a storm: back at 120x40 the screen is the --screen dump of the
# last step (the status row aside), and q exits 0.
after_storm() {
	local what=$1
	shift
	T resize-window -t ui -x 120 -y 40
	# The storm ends at 1x1: a status bar is a redraw at the new size.
	wait_for "step"
	if ! alive; then
		fail "$what: tcpviz died in the storm (status $(cat "$R/exit" 2>/dev/null))"
		return
	fi
	keys ' '	# pause, so the cursor stays put
	keys G
	timeout 20 "$TCPVIZ" --screen 120x40 "$@" >"$TMPD/dump" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq 0 ] || fail "$what: tcpviz --screen 120x40 $*: exit $rc:" \
	    "$(head -3 "$TMPD/dump" | tr '\n' '|')"
	head -n 39 "$TMPD/dump" >"$TMPD/dump.top"
	# A loaded machine may take a moment for the last frame: 15 s at most.
	end=$((SECONDS + 15))
	for i in $(seq 1 75); do
		pane
		head -n 39 "$TMPD/pane" >"$TMPD/pane.top"
		cmp -s "$TMPD/pane.top" "$TMPD/dump.top" && break
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.2
	done
	if cmp -s "$TMPD/pane.top" "$TMPD/dump.top"; then ok; else
		fail "$what: screen after the storm differs from --screen: $(diff "$TMPD/dump.top" "$TMPD/pane.top" | head -6 | tr '\n' '|')"
	fi
	keys q
	status_ok "$what: q" "$(ended)" 0
	restored "$what"
}

# ---- resize storms -------------------------------------------------------
run 120 40 "$TCPVIZ" demo lossy-transfer
if wait_for "step"; then
	storm
	after_storm "storm during demo" demo lossy-transfer
else
	fail "demo lossy-transfer did not draw"
fi

run 120 40 "$TCPVIZ" -r "$PCAP"
if wait_for "step"; then
	keys ' '	# play the capture
	storm
	after_storm "storm during replay" -r "$PCAP"
else
	fail "replay did not draw"
fi

# ---- a tiny terminal -----------------------------------------------------
run 20 5 "$TCPVIZ" demo handshake
wait_for "Enlarge" && ok || fail "20x5: no enlarge request: $(tr '\n' '|' <"$TMPD/pane")"
keys q
status_ok "20x5: q" "$(ended)" 0
restored "20x5"

# ---- terminals curses cannot drive ---------------------------------------
run 80 24 env TERM=dumb "$TCPVIZ" demo handshake
status_ok "TERM=dumb" "$(ended)" 1
wait_for SHELL-READY
has "cannot move the cursor" "TERM=dumb message"
hasnt "step" "TERM=dumb leftovers"
restored "TERM=dumb"

# ncurses leaks its pre-screen when newterm() fails: not ours to fix.
# Leak checks off for this run only; its reports still go to $SANDIR.
run 80 24 env TERM=no-such-terminal \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    "$TCPVIZ" demo handshake
status_ok "unknown TERM" "$(ended)" 1
wait_for SHELL-READY
has "cannot start curses on this terminal (TERM=no-such-terminal)" \
    "unknown TERM message"
restored "unknown TERM"

# ---- a non-UTF-8 locale: ASCII drawing -----------------------------------
for loc in C POSIX; do
	run 120 40 env LC_ALL="$loc" LANG="$loc" "$TCPVIZ" demo handshake
	if wait_for "step"; then
		keys G
		wait_for "$AT_END"
		has "$AT_END" "LC_ALL=$loc at end"
		if LC_ALL=C grep -q '[^ -~]' "$TMPD/pane"; then
			fail "LC_ALL=$loc: non-ASCII on screen: $(LC_ALL=C grep -m1 '[^ -~]' "$TMPD/pane")"
		else
			ok
		fi
		has "+--" "LC_ALL=$loc ASCII boxes"
		has "ESTABLISHED" "LC_ALL=$loc states"
		keys q
		status_ok "LC_ALL=$loc: q" "$(ended)" 0
	else
		fail "LC_ALL=$loc: did not draw"
	fi
done

# ---- signals at random moments -------------------------------------------
# Early (0-300 ms: maybe before curses starts, then the default action may
# end it) and late (during play). Exit 0 (handled) or 128+N (default).
for sig in INT TERM HUP; do
	num=$(kill -l "$sig")
	for when in early late; do
		if [ "$when" = early ]; then
			ms=$((RANDOM % 300))
		else
			ms=$((400 + RANDOM % 1200))
		fi
		run 100 30 "$TCPVIZ" demo lossy-transfer
		end=$((SECONDS + 15))
		for i in $(seq 1 750); do
			[ -s "$R/pid" ] && break
			[ "$SECONDS" -ge "$end" ] && break
			sleep 0.02
		done
		[ -s "$R/pid" ] || fail "SIG$sig: tcpviz did not start within 15 s"
		sleep "$(printf '0.%03d' "$ms")"	# the random moment
		kill "-$sig" "$(cat "$R/pid")" 2>/dev/null
		status_ok "SIG$sig after ${ms} ms" "$(ended)" "0 $((128 + num))"
		restored "SIG$sig after ${ms} ms"
	done
done
# ^C typed in the terminal reaches the whole foreground group.
run 100 30 "$TCPVIZ" -r "$PCAP"
if wait_for "step"; then
	keys C-c
	status_ok "^C" "$(ended)" "0 130"
	restored "^C"
else
	fail "^C: replay did not draw"
fi

# ---- no terminal ---------------------------------------------------------
for how in "</dev/null" "<&-" "</dev/null >/dev/null"; do
	eval "\"\$TCPVIZ\" demo handshake $how 2>\"\$TMPD/err\""
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "needs a terminal" "$TMPD/err" &&
	    [ "$(wc -l <"$TMPD/err")" -eq 1 ]; then
		ok
	else
		fail "demo $how: exit $rc: $(head -c 300 "$TMPD/err")"
	fi
done
# The scenario picker too.
"$TCPVIZ" </dev/null >/dev/null 2>"$TMPD/err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "needs a terminal" "$TMPD/err"; then ok; else
	fail "picker </dev/null: exit $rc: $(head -c 300 "$TMPD/err")"
fi

# ---- headless output to a reader that goes away, or nowhere --------------
python3 "$top_srcdir/tests/bench/gen-conns.py" 3000 "$TMPD/many.pcap"
for mode in "--segments" "--transitions" "--summary" "--segments --format json"; do
	# shellcheck disable=SC2086
	"$TCPVIZ" -r "$TMPD/many.pcap" $mode 2>"$TMPD/err" | head -1 >/dev/null
	rc=${PIPESTATUS[0]}
	if [ "$rc" -le 1 ] && [ ! -s "$TMPD/err" ]; then ok; else
		fail "$mode | head -1: exit $rc, stderr: $(head -c 300 "$TMPD/err")"
	fi
done
"$TCPVIZ" --screen 1000x1000 -r "$PCAP" 2>"$TMPD/err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
if [ "$rc" -le 1 ] && [ ! -s "$TMPD/err" ]; then ok; else
	fail "--screen | head -1: exit $rc, stderr: $(head -c 300 "$TMPD/err")"
fi
# A closed or a full stdout: one line saying so, exit 1.
for how in ">&-" ">/dev/full"; do
	eval "\"\$TCPVIZ\" -r \"\$TMPD/many.pcap\" --segments $how 2>\"\$TMPD/err\""
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/err")" -eq 1 ] &&
	    grep -q "writing the output failed" "$TMPD/err"; then
		ok
	else
		fail "--segments $how: exit $rc, stderr: $(head -c 300 "$TMPD/err")"
	fi
done
finish
