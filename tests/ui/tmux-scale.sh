#!/bin/bash
# tmux-scale.sh: the interactive views at real scale, in tmux at 120x40,
# under the sanitizers of the make check build (tests/sancheck.sh turns
# any report into a FAIL). The engine's pool of connections grows by
# realloc; the views must never keep a pointer across that.
#   1. Replay: a generated capture of 1,000,000 frames, 125,000
#      connections (tests/bench/gen-conns.py). While `tcpviz -r` is still
#      loading ("reading N%" on the status bar) G, c, s, /FILTER Enter,
#      Enter, l, h, n each show their effect on a screen that still says
#      "reading N%", then q exits 0 and gives the terminal back.
#   2. Live: `tcpviz -i VETH` in a network namespace pair while
#      tests/kernel/loadgen.c makes 24,000 short connections (2,000 a
#      second for 12 s); once it has seen 5,000 of them f, space, space,
#      f (stop following: new connections would take the view back from
#      the list), c, s (four times: every order), /FILTER Enter, Enter
#      each show their effect while the generator still runs, then q
#      exits 0 and gives the terminal back.
#      Needs root, ip netns and a C compiler: without them this part is
#      skipped with one line and the replay part decides.
# Needs tmux and python3 (exit 77 without them). Exit 0 pass, 1 fail.
# SCALE_CONNS=N generates N connections (8 frames each) instead;
# SCALE_REPEAT=R repeats their records R times in the file.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/netns.sh"

# The capture: 125,000 generated connections (1,000,000 frames), then its
# records again SCALE_REPEAT times over (the same 4-tuples come back as
# new instances, the clock going back each time), so the file takes long
# enough to load for the keys to land: a plain optimised build reads some
# 4 million segments a second, 4 times an ASan build.
SCALE_CONNS=${SCALE_CONNS:-125000}
if grep -qa -e __asan_init "$TCPVIZ" 2>/dev/null; then
	SCALE_REPEAT=${SCALE_REPEAT:-5}
else
	SCALE_REPEAT=${SCALE_REPEAT:-20}
fi
LIVE_RATE=2000
LIVE_SECS=12

for t in tmux python3 timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
need_tcpviz
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")

# The live part's needs, decided now, said once when it comes.
LIVE=
CC=${CC:-cc}
if [ "$(id -u)" -ne 0 ]; then
	LIVE="needs root (network namespaces, capture)"
elif ! command -v ip >/dev/null 2>&1; then
	LIVE="ip not found"
elif ! command -v "$CC" >/dev/null 2>&1; then
	LIVE="no C compiler ($CC) for loadgen.c"
fi

. "$top_srcdir/tests/ui/tmux-lib.sh"

NSC=tvs$$c
NSS=tvs$$s
NETNS=0
PIDS=
cleanup() {
	local st=$? p
	tmux_cleanup || st=1
	for p in $PIDS; do
		# timeout and ip netns exec under it: KILL is not passed on.
		# shellcheck disable=SC2046
		kill -KILL $(tree_pids "$p") 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ "$NETNS" -eq 1 ]; then
		ip netns del "$NSC" 2>/dev/null
		ip netns del "$NSS" 2>/dev/null
	fi
	lib_exit "$st"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The status bar: the last line of the last capture.
_status_shows() { tail -n 1 "$TMPD/pane" | grep -q -- "$1"; }
# PATTERN on a screen whose status bar still says "reading N%".
_loading_shows() {
	grep -q -- "$1" "$TMPD/pane" && _status_shows 'reading [0-9][0-9]*%'
}
# PATTERN on the screen while process $BUSY (the generator) still runs.
_busy_shows() { grep -q -- "$1" "$TMPD/pane" && kill -0 "$BUSY" 2>/dev/null; }
# Gone from the screen (Enter leaves the list) under the same condition.
_loading_hides() { ! grep -q -- "$1" "$TMPD/pane" && _status_shows 'reading [0-9][0-9]*%'; }
_busy_hides() { ! grep -q -- "$1" "$TMPD/pane" && kill -0 "$BUSY" 2>/dev/null; }

# ended: if tcpviz has ended (crashed) under the keys, fail with its
# status and the screen it left; 0 if it did.
ended() {
	[ -f "$EXITF" ] || return 1
	fail "$1: tcpviz ended (exit $(cat "$EXITF")) under the keys; its last screen:"
	sed -n '1p;$p' "$TMPD/pane" | cut -c1-118 | sed 's/^/    /'
	return 0
}

# effect WHEN WHAT PRED PATTERN: wait (bounded, as wait_for) until
# PRED PATTERN holds; else say why not. WHEN is the condition's name.
# 1 if it never did (the caller stops its sequence).
effect() {
	local when=$1 what=$2 pred=$3 pat=$4
	if _wait_screen "$pred" "$pat"; then
		ok
		return 0
	fi
	ended "$what" && return 1
	local seen=0
	case $pred in
	*_shows) grep -q -- "$pat" "$TMPD/pane" && seen=1 ;;
	*) grep -q -- "$pat" "$TMPD/pane" || seen=1 ;;
	esac
	if [ "$seen" -eq 1 ]; then
		fail "$what: done, but only $when no longer held:" \
		    "$(tail -n 1 "$TMPD/pane" | cut -c1-100)"
	else
		fail "$what: the screen never showed it ($pred '$pat'):" \
		    "$(sed -n '1p;$p' "$TMPD/pane" | cut -c1-100 | tr '\n' '|')"
	fi
	return 1
}

# quit WHAT: q exits 0 and the terminal is given back (no status bar).
quit() {
	local rc
	keys q
	rc=$(exit_status 30)
	[ "$rc" = 0 ] && ok || fail "$1: q did not exit 0 (${rc:-no exit in 30 s})"
	if [ "$rc" = 0 ]; then
		wait_gone " | seg [0-9]"
		hasnt " | seg [0-9]" "$1: terminal restored after q"
	fi
}

# ---- 1. replay -----------------------------------------------------------
PCAP=$TMPD/scale.pcap
t0=$SECONDS
if ! timeout 120 python3 "$top_srcdir/tests/bench/gen-conns.py" \
    "$SCALE_CONNS" "$PCAP" 2>"$TMPD/gen.err"; then
	fail "gen-conns.py $SCALE_CONNS failed: $(head -3 "$TMPD/gen.err")"
	finish
fi
# The records again and again: the 24-byte file header once.
tail -c +25 "$PCAP" >"$TMPD/records"
for ((i = 1; i < SCALE_REPEAT; i++)); do
	cat "$TMPD/records" >>"$PCAP" || { fail "no room for the capture"; finish; }
done
rm -f "$TMPD/records"
echo "replay: generated $SCALE_CONNS connections x $SCALE_REPEAT," \
    "$((SCALE_CONNS * 8 * SCALE_REPEAT)) frames," \
    "$(($(stat -c %s "$PCAP") / 1000000)) MB in $((SECONDS - t0)) s"

t0=$SECONDS
tmux_start 120 40 "$TCPVIZ" -r "$PCAP"
replay() {
	local rid n
	effect "loading" "replay start" _loading_shows " | seg [0-9]" || return
	# So many connections: it opens on the list, by anomalies (issue
	# 17); c closes it. G: the end of the first connection (8 segments).
	effect "loading" "replay list" _loading_shows \
	    "^[0-9][0-9]* conns: .*sorted by anomalies" || return
	keys c
	effect "loading" "replay c" _loading_hides "^[0-9][0-9]* conns: " ||
	    return
	keys G
	effect "loading" "replay G" _loading_shows "$AT_END" || return
	# c: the list; s: sorted by duration; a filter on an address
	# part: 10.100.3.0-255 are connections 768-1023 (and their repeats).
	keys c
	effect "loading" "replay c" _loading_shows "^[0-9][0-9]* conns: " ||
	    return
	keys s
	effect "loading" "replay s" _loading_shows "sorted by duration" ||
	    return
	keys /
	keys -l "10.100.3."
	keys Enter
	effect "loading" "replay /10.100.3. Enter" _loading_shows \
	    "filter '10\.100\.3\.': [1-9][0-9]* of [0-9]" || return
	# Enter: the selected row opens, paused at its first segment.
	keys Enter
	effect "loading" "replay Enter" _loading_hides "^[0-9][0-9]* conns: " ||
	    return
	effect "loading" "replay Enter" _loading_shows \
	    "connection #[0-9]*  10\.100\.3\.[0-9]*:[0-9]* -> 10\.200\.0\.1:80" ||
	    return
	rid=$(sed -n '$s/.* | #\([0-9]*\) | .*/\1/p' "$TMPD/pane")
	# Its steps: 8, or 8 for each repeat read so far (the same ISS again
	# is a retransmission of the same instance).
	effect "loading" "replay Enter" _loading_shows "step 1/[0-9]* | #$rid |" ||
	    return
	n=$(sed -n '$s/.* | step 1\/\([0-9]*\) | .*/\1/p' "$TMPD/pane")
	keys l
	effect "loading" "replay l" _loading_shows "step 2/[0-9]* | #$rid |" ||
	    return
	keys h
	effect "loading" "replay h" _loading_shows "step 1/[0-9]* | #$rid |" ||
	    return
	keys n
	effect "loading" "replay n" _loading_shows \
	    "step [2-9][0-9]*/[0-9]* | #$rid |" || return
	[ "${n:-0}" -ge 8 ] && ok ||
	    fail "replay: #$rid has ${n:-no} steps, not 8 or more"
	pane
	_status_shows 'reading [0-9][0-9]*%' && ok ||
	    fail "replay: the load ended during the keys (SCALE_CONNS larger)"
	echo "replay: after $((SECONDS - t0)) s of keys, the status bar:" \
	    "$(tail -n 1 "$TMPD/pane" | sed 's/  *[?] help.*//')"
	quit "replay (q while loading)"
}
replay
tmux_end
rm -f "$PCAP"

# ---- 2. live -------------------------------------------------------------
if [ -n "$LIVE" ]; then
	echo "SKIP (live part): $LIVE"
	finish
fi
if ! "$CC" -std=c11 -O2 -Wall -o "$TMPD/loadgen" \
    "$top_srcdir/tests/kernel/loadgen.c" 2>"$TMPD/cc.err"; then
	fail "loadgen.c does not compile: $(head -3 "$TMPD/cc.err")"
	finish
fi
LG=$TMPD/loadgen

# As tests/kernel/live-load.sh: client addresses .1-.8, server .200,
# static neighbours, each connection its own source address and port.
net=10.216.$((1 + $$ % 250))
SRV=$net.200
SRCS=$net.1,$net.2,$net.3,$net.4,$net.5,$net.6,$net.7,$net.8
if ! ip netns add "$NSC" 2>/dev/null; then
	echo "SKIP (live part): ip netns add does not work"
	finish
fi
NETNS=1
ip netns add "$NSS" || { fail "ip netns add $NSS"; finish; }
{ netns_veth "$NSC" "$NSS" 05 "$SRV" $(echo "$SRCS" | tr , ' ') &&
    netns_backlog "$NSS"; } || { fail "namespace setup"; finish; }

timeout 60 ip netns exec "$NSS" "$LG" server "$SRV" 8080 40 \
    >"$TMPD/server.out" 2>&1 </dev/null &
PIDS="$PIDS $!"
end=$((SECONDS + 15))
for i in $(seq 1 300); do
	grep -q ready "$TMPD/server.out" && break
	[ "$SECONDS" -ge "$end" ] && break
	sleep 0.05
done
grep -q ready "$TMPD/server.out" ||
    { fail "loadgen server did not start: $(cat "$TMPD/server.out")"; finish; }

t0=$SECONDS
tmux_start 120 40 ip netns exec "$NSC" "$TCPVIZ" -i "$NSC"
wait_for " live " || { fail "tcpviz -i did not draw: $(head -3 "$TMPD/pane")"; finish; }
# Capturing once it has given up root (at most 15 s).
tcpviz_dropped_root "$NSC" ||
    { fail "tcpviz -i did not give up root within 15 s"; finish; }

timeout 60 ip netns exec "$NSC" "$LG" client "$SRCS" "$SRV" 8080 \
    "$LIVE_RATE" "$LIVE_SECS" >"$TMPD/gen.out" 2>&1 </dev/null &
BUSY=$!
PIDS="$PIDS $BUSY"
# conn N on the status bar, N at least $1.
_conns_at_least() {
	local n
	n=$(tail -n 1 "$TMPD/pane" | sed -n 's/.* conn \([0-9]*\) .*/\1/p')
	[ "${n:-0}" -ge "$1" ]
}
live() {
	effect "the generator ran" "live: 5000 connections counted" \
	    _conns_at_least 5000 || return
	keys f
	effect "the generator ran" "live f" _busy_shows \
	    "connection #[0-9]*  $net\.[1-8]:[0-9]* -> $SRV:8080" || return
	effect "the generator ran" "live f" _busy_shows " live FOLLOW " || return
	keys Space
	effect "the generator ran" "live space" _busy_shows " live FROZEN " ||
	    return
	keys Space
	effect "the generator ran" "live space again" _busy_shows \
	    " live FOLLOW " || return
	# Following, each new connection takes the view (by design), so the
	# list cannot stay up under churn: f again stops following first.
	keys f
	effect "the generator ran" "live f again" _busy_shows " live LIST " ||
	    return
	keys c
	effect "the generator ran" "live c" _busy_shows "^[0-9][0-9]* conns: " ||
	    return
	# Live lists by last activity first; s goes round every order and
	# back (only that one keeps the newest first: older connections are
	# the next evicted at the live cap, and Enter must open one that
	# stays).
	for order in id anomalies duration bytes "client state" \
	    "server state" "last activity"; do
		keys s
		effect "the generator ran" "live s" _busy_shows \
		    "sorted by $order" || return
	done
	keys /
	keys -l "$net.3"
	keys Enter
	effect "the generator ran" "live /$net.3 Enter" _busy_shows \
	    "filter '$net\.3': [1-9][0-9]* of [0-9]" || return
	keys Enter
	effect "the generator ran" "live Enter" _busy_hides \
	    "^[0-9][0-9]* conns: " || return
	effect "the generator ran" "live Enter" _busy_shows \
	    "connection #[0-9]*  $net\.3:[0-9]* -> $SRV:8080" || return
	pane
	kill -0 "$BUSY" 2>/dev/null && ok ||
	    fail "live: the generator ended during the keys"
	echo "live: the status bar before q:" \
	    "$(tail -n 1 "$TMPD/pane" | sed 's/  *f follow.*//')"
	quit "live (q under load)"
}
live
wait "$BUSY"
genrc=$?
gen=$(cat "$TMPD/gen.out")
echo "live: loadgen ($LIVE_RATE/s for $LIVE_SECS s): $gen"
completed=$(echo "$gen" | sed -n 's/.* completed \([0-9]*\) .*/\1/p')
# At least 20,000 of them made it (a machine that cannot is too slow).
[ "$genrc" -eq 0 ] && [ "${completed:-0}" -ge 20000 ] && ok ||
    fail "the generator completed ${completed:-0} of" \
    "$((LIVE_RATE * LIVE_SECS)) connections, not 20,000 (exit $genrc)"
echo "live: $((SECONDS - t0)) s"
finish
