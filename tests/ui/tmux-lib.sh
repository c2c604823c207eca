# tests/ui/tmux-lib.sh: driving the real binary in a private tmux server.
# Sourced after tests/lib.sh by the tmux tests. Keys in, screens out.

SOCK="tcpviz-$(basename "$0" .sh)-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT

# Wait (at most 15 s: a loaded CI machine) until the pane shows a
# pattern; 0 if it did.
wait_for() {
	local i
	for i in $(seq 1 150); do
		T capture-pane -p -t ui >"$TMPD/pane" 2>/dev/null
		grep -q -- "$1" "$TMPD/pane" && return 0
		sleep 0.1
	done
	return 1
}

# Start a command in a fresh session of COLS ROWS; its exit status lands
# in $TMPD/exit.
tmux_start() {
	local cols=$1 rows=$2
	shift 2
	T kill-session -t ui 2>/dev/null
	rm -f "$TMPD/exit"
	T new-session -d -s ui -x "$cols" -y "$rows" \
	    "env LC_ALL=C.UTF-8 TERM=xterm-256color $* ; echo \$? >$TMPD/exit; sleep 60"
}

keys() {
	T send-keys -t ui "$@"
	sleep 0.3
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

# Wait (at most 3 s) for the exit status file; prints the status.
exit_status() {
	local i
	for i in $(seq 1 30); do [ -f "$TMPD/exit" ] && break; sleep 0.1; done
	cat "$TMPD/exit" 2>/dev/null
}
