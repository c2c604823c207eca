# tests/ui/tmux-lib.sh: driving the real binary in a private tmux server.
# Sourced after tests/lib.sh by the tmux tests. Keys in, screens out.
#
# One tmux server per test, on its own socket, started here and kept up
# (exit-empty off) for the whole test however many sessions come and go;
# the EXIT trap ends it and waits for every process it ran. Nothing waits
# a fixed time after a key: keys sends, then wait_for or wait_gone waits
# (bounded) for what the key must do to the screen.

SOCK="tcpviz-$(basename "$0" .sh)-$$"
printf 'set -g exit-empty off\n' >"$TMPD/tmux.conf"
T() { tmux -L "$SOCK" -f "$TMPD/tmux.conf" "$@"; }
TMUX_RUNS=0
TMUX_SOCKET=
EXITF=$TMPD/exit.0

# tree_pids PID...: these processes and all their descendants.
tree_pids() {
	local p
	for p in "$@"; do
		echo "$p"
		# shellcheck disable=SC2046
		tree_pids $(pgrep -P "$p" 2>/dev/null)
	done
}

# wait_gone_pids WHAT PID...: wait (at most 15 s) until none of the
# processes is alive; then kill what is left and fail: a process that
# outlives its terminal by that long hangs.
wait_gone_pids() {
	local what=$1 p left i end=$((SECONDS + 15))
	shift
	for i in $(seq 1 150); do
		left=
		for p in "$@"; do
			kill -0 "$p" 2>/dev/null && left="$left $p"
		done
		[ -z "$left" ] && return 0
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.1
	done
	fail "$what: still running 15 s after its terminal closed:" \
	    "$(ps -o pid=,args= -p "${left# }" 2>/dev/null | tr '\n' '|')"
	# shellcheck disable=SC2086
	kill -KILL $left 2>/dev/null
	return 1
}

# The processes in the panes of session ui (none if there is no session).
ui_pids() {
	# shellcheck disable=SC2046
	tree_pids $(T list-panes -s -t ui -F '#{pane_pid}' 2>/dev/null)
}

# tmux_end: kill session ui and wait until everything it ran has ended
# (so no run outlives its test or writes into the next one).
tmux_end() {
	local pids
	pids=$(ui_pids)
	T kill-session -t ui 2>/dev/null
	[ -z "$pids" ] && return 0
	# shellcheck disable=SC2086
	wait_gone_pids "the last session's processes" $pids
}

# At exit: end the last session, then the server, bounded; 1 if one of
# them would not end (the test fails then, whatever it said before).
tmux_cleanup() {
	local spid r=0
	spid=$(T display -p '#{pid}' 2>/dev/null)
	tmux_end || r=1
	T kill-server 2>/dev/null
	if [ -n "$spid" ]; then
		wait_gone_pids "the tmux server" "$spid" || r=1
	fi
	[ -z "$TMUX_SOCKET" ] || rm -f "$TMUX_SOCKET"
	return $r
}
trap 'st=$?; tmux_cleanup || st=1; lib_exit $st' EXIT

T start-server 2>"$TMPD/tmux.err"
if ! T show -g exit-empty >/dev/null 2>>"$TMPD/tmux.err"; then
	fail "tmux server on socket $SOCK did not start: $(head -3 "$TMPD/tmux.err")"
	finish
fi
# Its socket file, removed at exit (tmux leaves it behind).
TMUX_SOCKET=$(T display -p '#{socket_path}' 2>/dev/null)

# _wait_screen PREDICATE ARG: capture the pane until PREDICATE ARG holds
# and the screen has settled (the same capture twice in a row, or the
# predicate true in three captures in a row: a screen that animates); at
# most 150 captures and 15 s (a loaded CI machine). 0 if it did. Gives up
# early (1) when the command has ended ($DONEF is there) and the screen
# has not changed for 20 captures: nothing will change it any more. The
# last capture is in $TMPD/pane either way.
DONEF=
_wait_screen() {
	local pred=$1 arg=$2 i hits=0 same=0 end=$((SECONDS + 15))
	: >"$TMPD/pane.prev"
	for i in $(seq 1 150); do
		T capture-pane -p -t ui >"$TMPD/pane" 2>/dev/null
		if cmp -s "$TMPD/pane" "$TMPD/pane.prev"; then
			same=$((same + 1))
		else
			same=0
		fi
		if "$pred" "$arg"; then
			hits=$((hits + 1))
			[ "$hits" -ge 3 ] || [ "$same" -ge 1 ] && return 0
		else
			hits=0
			[ -n "$DONEF" ] && [ -f "$DONEF" ] && [ "$same" -ge 20 ] &&
			    return 1
		fi
		cp "$TMPD/pane" "$TMPD/pane.prev"
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.1
	done
	return 1
}
_shows() { grep -q -- "$1" "$TMPD/pane"; }
_hides() { ! grep -q -- "$1" "$TMPD/pane"; }

# wait_for PATTERN: until the pane shows PATTERN (grep BRE).
wait_for() { _wait_screen _shows "$1"; }
# wait_gone PATTERN: until the pane no longer shows PATTERN.
wait_gone() { _wait_screen _hides "$1"; }

# Start a command in a fresh session of COLS ROWS (the last one ended
# first); its exit status lands in $EXITF, a file of this start only.
tmux_start() {
	local cols=$1 rows=$2
	shift 2
	tmux_end
	TMUX_RUNS=$((TMUX_RUNS + 1))
	EXITF=$TMPD/exit.$TMUX_RUNS
	DONEF=$EXITF
	T new-session -d -s ui -x "$cols" -y "$rows" \
	    "env LC_ALL=C.UTF-8 TERM=xterm-256color $* ; echo \$? >$EXITF.new; mv $EXITF.new $EXITF; sleep 60" ||
	    fail "tmux new-session ${cols}x$rows failed: $*"
}

# keys KEY...: send keys; the caller waits for what they do.
keys() {
	T send-keys -t ui "$@"
}

pane() {
	T capture-pane -p -t ui >"$TMPD/pane"
}

has() {
	if grep -q -- "$1" "$TMPD/pane"; then ok; else fail "$2: no '$1'"; fi
}

hasnt() {
	if grep -q -- "$1" "$TMPD/pane"; then fail "$2: '$1' shown"; else ok; fi
}

# exit_status [SECS]: wait (at most SECS, default 15 s) for the exit
# status file of the last start; prints the status.
exit_status() {
	local i lim=${1:-15} end
	end=$((SECONDS + lim))
	for i in $(seq 1 $((lim * 10))); do
		[ -f "$EXITF" ] && break
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.1
	done
	cat "$EXITF" 2>/dev/null
}

# The status bar at the last step: "step N/N ".
AT_END='step \([0-9][0-9]*\)/\1 '

# start COLS ROWS CMD...: tmux_start, then wait until the view has drawn
# (its status row's "step"). A test may define its own after sourcing.
start() {
	tmux_start "$@"
	wait_for "step" || fail "tcpviz did not draw at ${1}x$2: ${*:3}"
}

# quit WHAT: q exits 0.
quit() {
	local rc
	keys q
	rc=$(exit_status)
	if [ "$rc" = 0 ]; then ok; else fail "$1: q did not exit 0 ($rc)"; fi
}
