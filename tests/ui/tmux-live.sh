#!/bin/bash
# tmux-live.sh: issue 6's interactive live acceptance, in tmux at 120x40.
# `tcpviz -i VETH` runs in the client namespace of a veth pair while real
# sockets connect from fixed ports (40001-40004):
#   - the home screen is the connection list, and it lists the first
#     connection once made;
#   - f follows: the ladder shows that connection's SYN, SYN,ACK and ACK;
#   - space freezes (FROZEN; the view stays on connection 1 while three
#     more are made), space again resumes (FOLLOW);
#   - the connection list (c) then shows all four: none is missing;
#   - a SYN dropped after the capture point, with --settle=30: the server's
#     state is shown tentative, SYN_RCVD?, in the list and the ladder;
# Needs root, ip netns, tmux and python3: exit 77 without them.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/netns.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, capture)"
for t in ip tmux python3 timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
need_tcpviz
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")

. "$top_srcdir/tests/ui/tmux-lib.sh"

NSC=tvt$$c
NSS=tvt$$s
SERVER=
cleanup() {
	local st=$?
	tmux_cleanup || st=1
	if [ -n "$SERVER" ]; then
		# timeout and the python under it: KILL is not passed on.
		# shellcheck disable=SC2046
		kill -KILL $(tree_pids "$SERVER") 2>/dev/null
		wait "$SERVER" 2>/dev/null
	fi
	ip netns del "$NSC" 2>/dev/null
	ip netns del "$NSS" 2>/dev/null
	lib_exit "$st"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

net=10.215.$((1 + $$ % 250))
CLI=$net.1
SRV=$net.2
ip netns add "$NSC" 2>/dev/null || skip "ip netns add does not work"
ip netns add "$NSS" || { echo "FAIL: ip netns add $NSS"; exit 1; }
netns_veth "$NSC" "$NSS" 03 "$SRV" "$CLI" ||
    { echo "FAIL: namespace setup"; exit 1; }

# A server in its namespace: each connection gets its request echoed, then
# the client closes first (bounded: 120 s idle, 5 s per socket).
cat >"$TMPD/server.py" <<'EOF'
import socket, sys
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((sys.argv[1], 8080))
ls.listen(16)
ls.settimeout(120)
print("ready", flush=True)
for _ in range(16):
    try:
        a, _ = ls.accept()
    except socket.timeout:
        break
    a.settimeout(5)
    try:
        a.sendall(b"re:" + a.recv(100))
        a.recv(100)
    except OSError:
        pass
    a.close()
EOF
cat >"$TMPD/client.py" <<'EOF'
import socket, sys
c = socket.socket()
c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
c.settimeout(5)
c.bind((sys.argv[1], int(sys.argv[3])))
c.connect((sys.argv[2], 8080))
c.sendall(b"hello")
c.recv(100)
c.close()
EOF
timeout 240 ip netns exec "$NSS" python3 "$TMPD/server.py" "$SRV" \
    >"$TMPD/server.out" 2>&1 </dev/null &
SERVER=$!
end=$((SECONDS + 15))
for i in $(seq 1 300); do
	grep -q ready "$TMPD/server.out" && break
	[ "$SECONDS" -ge "$end" ] && break
	sleep 0.05
done
grep -q ready "$TMPD/server.out" ||
    { echo "FAIL: the server did not start: $(cat "$TMPD/server.out")"; exit 1; }

# connect PORT: one whole connection from CLI:PORT.
connect() {
	timeout 10 ip netns exec "$NSC" python3 "$TMPD/client.py" "$CLI" \
	    "$SRV" "$1" || fail "client from port $1 failed (server: $(tail -3 "$TMPD/server.out"))"
}

# status: the last line of the pane (the status bar).
status() {
	pane
	tail -n 1 "$TMPD/pane"
}

# wait_status PATTERN: wait (bounded as wait_for) until the status bar
# shows PATTERN.
_status_shows() { tail -n 1 "$TMPD/pane" | grep -q -- "$1"; }
wait_status() { _wait_screen _status_shows "$1"; }

tmux_start 120 40 ip netns exec "$NSC" "$TCPVIZ" -i "$NSC"
if ! wait_for " live "; then
	fail "tcpviz -i did not draw: $(cat "$TMPD/pane" | head -5)"
	finish
fi
# As root it gives up root once the capture is open: then it is capturing
# (at most 15 s).
tcpviz_dropped_root "$NSC" && ok ||
    fail "tcpviz -i did not give up root within 15 s (pid '${pid:-none}')"

connect 40001
# Home screen: the connection list, with the new connection in it.
wait_for "$CLI:40001" || fail "the first connection is not shown at all"
pane
has "^[0-9][0-9]* conns:" "home screen is the connection list"
has "$CLI:40001" "home screen lists the first connection"

keys f
wait_for "ACK ack=K+1"
has "$CLI:40001 -> $SRV:8080" "after f, the title names the connection"
has "SYN seq=J" "after f, the ladder's SYN"
has "SYN,ACK seq=K ack=J+1" "after f, the ladder's SYN,ACK"
has "ACK ack=K+1" "after f, the ladder's ACK"
wait_status FOLLOW && ok || fail "after f, not FOLLOW: $(status)"

keys Space
wait_status FROZEN && ok || fail "after space, not FROZEN: $(status)"
connect 40002
connect 40003
connect 40004
# Frozen, the status bar still counts what is captured: all four seen.
wait_status " conn 4 " || fail "frozen: the status bar does not count 4: $(status)"
has "$CLI:40001 -> $SRV:8080" "frozen, the view stays on connection 1"
status | grep -q FROZEN && ok ||
    fail "frozen, new connections unfroze it: $(status)"

keys Space
wait_status FOLLOW && ok || fail "after space again, not FOLLOW: $(status)"
# Unfrozen, following goes to the newest of those that began while frozen.
wait_for "$CLI:40004 -> $SRV:8080" ||
    fail "unfrozen, the view did not go to the newest connection (40004)"
keys c
wait_for "^4 conns:"
has "^4 conns:" "the list counts all four"
for id in 0 1 2 3; do
	grep -q "^ *$id .*$CLI:" "$TMPD/pane" && ok ||
	    fail "the list has no row for connection $id"
done
# Which four: open each row (Enter) and read the connection's title; the
# list may be too narrow for the ports. Order does not matter.
# The list shows "N conns:" under the title; a connection's view
# does not.
seen=
for r in 0 1 2 3; do
	if [ "$r" -gt 0 ]; then
		keys c
		wait_for "^4 conns:" || fail "row $r: c did not show the list"
	fi
	for i in 1 2 3 4 5; do keys k; done
	for i in $(seq 1 "$r"); do keys j; done
	keys Enter
	wait_gone "^[0-9][0-9]* conns:" || fail "row $r: Enter did not open it"
	p=$(sed -n "1s/.*connection #[0-9]*  $CLI:\([0-9]*\) -> .*/\1/p" \
	    "$TMPD/pane")
	seen="$seen ${p:-none}"
done
seen=$(echo $seen | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$seen" = "40001 40002 40003 40004 " ] && ok ||
    fail "the list's rows open connections from ports $seen, not 40001-40004"
keys q
[ "$(exit_status)" = 0 ] && ok || fail "q did not exit 0 ($(exit_status))"

# Tentative states: a SYN the server's namespace drops (nftables, after the
# capture point) with a long --settle. The server's SYN_RCVD is a guess
# until it settles, and the ladder says so with "SYN_RCVD?"; the list marks
# it the same way.
ip netns exec "$NSS" nft -f - <<'NFT' || fail "nft: could not add the drop rule"
table inet tvtent {
	chain in {
		type filter hook input priority 0;
		tcp dport 8081 drop
	}
}
NFT
tmux_start 100 30 ip netns exec "$NSC" "$TCPVIZ" -i "$NSC" --settle=30
wait_for " live " || fail "tcpviz -i --settle=30 did not draw"
tcpviz_dropped_root "$NSC" || fail "tcpviz -i did not give up root"
timeout 4 ip netns exec "$NSC" python3 -c '
import socket, sys
c = socket.socket()
c.settimeout(2.5)
c.bind((sys.argv[1], 40006))
try:
    c.connect((sys.argv[2], 8081))
except OSError:
    pass
' "$CLI" "$SRV" &
SYNPID=$!
wait_for "$CLI:40006" || fail "tentative: the dropped SYN is not listed"
wait_for "SYN_RCVD?" && ok ||
    fail "tentative: the list does not mark the server's SYN_RCVD?: $(grep "$CLI:40006" "$TMPD/pane")"
keys Enter
wait_for "SYN seq=J" || fail "tentative: Enter did not open the ladder"
wait_for "SYN_RCVD?" && ok ||
    fail "tentative: the ladder does not show SYN_RCVD? for the unsettled SYN"
pane
hasnt "SYN_RCVD " "tentative: no settled SYN_RCVD while the SYN is unanswered"
wait "$SYNPID"
keys q
[ "$(exit_status)" = 0 ] && ok || fail "tentative: q did not exit 0"

# The interface goes away at 80x24: the banner on the title row, the view
# keeps what it recorded, and after q the reason on stderr and exit 1.
tmux_start 80 24 ip netns exec "$NSC" "$TCPVIZ" -i "$NSC"
wait_for " live " || fail "tcpviz -i did not draw at 80x24"
tcpviz_dropped_root "$NSC" || fail "tcpviz -i did not give up root"
connect 40005
wait_for "$CLI:40005" || fail "80x24: the connection is not listed"
ip netns exec "$NSC" ip link del "$NSC"
wait_for "^CAPTURE STOPPED: " ||
    fail "80x24: no CAPTURE STOPPED banner on the title row"
pane
has "$CLI:40005" "after the capture stopped, the connection is kept"
keys q
[ "$(exit_status)" = 1 ] && ok ||
    fail "q after the capture stopped: exit $(exit_status), not 1"
pane
has "^tcpviz: .*disappeared" "after q, the reason on stderr"
finish
