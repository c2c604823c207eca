#!/bin/bash
# tmux-live.sh: issue 6's interactive live acceptance, in tmux at 120x40.
# `tcpviz -i VETH` runs in the client namespace of a veth pair while real
# sockets connect from fixed ports (40001-40004):
#   - the home screen is the connection list, and it lists the first
#     connection once made;
#   - f follows: the ladder shows that connection's SYN, SYN,ACK and ACK;
#   - space freezes (FROZEN; the view stays on connection 1 while three
#     more are made), space again resumes (FOLLOW);
#   - the connection list (c) then shows all four: none is missing.
# Needs root, ip netns, tmux and python3: exit 77 without them.
. "${top_srcdir:-.}/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, capture)"
for t in ip tmux python3 timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
[ -x "$TCPVIZ" ] || { echo "FAIL: no tcpviz binary at $TCPVIZ"; exit 1; }
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")

. "$top_srcdir/tests/ui/tmux-lib.sh"

NSC=tvt$$c
NSS=tvt$$s
SERVER=
cleanup() {
	local st=$?
	T kill-server 2>/dev/null
	if [ -n "$SERVER" ]; then
		kill -KILL "$SERVER" 2>/dev/null
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
setup() {
	ip link add "$NSC" address 02:54:00:00:03:01 netns "$NSC" type veth \
	    peer name "$NSS" address 02:54:00:00:03:02 netns "$NSS" &&
	ip -n "$NSC" addr add "$CLI/24" dev "$NSC" &&
	ip -n "$NSS" addr add "$SRV/24" dev "$NSS" &&
	ip -n "$NSC" link set lo up && ip -n "$NSS" link set lo up &&
	ip -n "$NSC" link set "$NSC" up && ip -n "$NSS" link set "$NSS" up &&
	ip -n "$NSC" neigh replace "$SRV" lladdr 02:54:00:00:03:02 \
	    dev "$NSC" nud permanent &&
	ip -n "$NSS" neigh replace "$CLI" lladdr 02:54:00:00:03:01 \
	    dev "$NSS" nud permanent
}
setup || { echo "FAIL: namespace setup"; exit 1; }

# A server in its namespace: each connection gets its request echoed, then
# the client closes first (bounded: 60 s idle, 5 s per socket).
cat >"$TMPD/server.py" <<'EOF'
import socket, sys
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((sys.argv[1], 8080))
ls.listen(16)
ls.settimeout(60)
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
timeout 120 ip netns exec "$NSS" python3 "$TMPD/server.py" "$SRV" \
    >"$TMPD/server.out" 2>&1 </dev/null &
SERVER=$!
for i in $(seq 1 100); do
	grep -q ready "$TMPD/server.out" && break
	sleep 0.05
done
grep -q ready "$TMPD/server.out" ||
    { echo "FAIL: the server did not start: $(cat "$TMPD/server.out")"; exit 1; }

# connect PORT: one whole connection from CLI:PORT.
connect() {
	timeout 10 ip netns exec "$NSC" python3 "$TMPD/client.py" "$CLI" \
	    "$SRV" "$1" || fail "client from port $1 failed"
}

# status: the last line of the pane (the status bar).
status() {
	pane
	tail -n 1 "$TMPD/pane"
}

tmux_start 120 40 ip netns exec "$NSC" "$TCPVIZ" -i "$NSC"
if ! wait_for " live "; then
	fail "tcpviz -i did not draw: $(cat "$TMPD/pane" | head -5)"
	finish
fi
# As root it gives up root once the capture is open: then it is capturing.
for i in $(seq 1 50); do
	pid=$(pgrep -n -f "^$TCPVIZ -i $NSC\$")
	[ -n "$pid" ] && ! grep -q '^Uid:	0	' "/proc/$pid/status" \
	    2>/dev/null && break
	sleep 0.1
done
sleep 0.2

connect 40001
# Home screen: the connection list, with the new connection in it.
wait_for "$CLI:40001" || fail "the first connection is not shown at all"
pane
has "connections:" "home screen is the connection list"
has "$CLI:40001" "home screen lists the first connection"

keys f
wait_for "SYN,ACK" || true
pane
has "$CLI:40001 -> $SRV:8080" "after f, the title names the connection"
has "SYN seq=J" "after f, the ladder's SYN"
has "SYN,ACK seq=K ack=J+1" "after f, the ladder's SYN,ACK"
has "ACK ack=K+1" "after f, the ladder's ACK"
status | grep -q FOLLOW && ok || fail "after f, not FOLLOW: $(status)"

keys Space
status | grep -q FROZEN && ok || fail "after space, not FROZEN: $(status)"
connect 40002
connect 40003
connect 40004
sleep 0.5
pane
has "$CLI:40001 -> $SRV:8080" "frozen, the view stays on connection 1"
status | grep -q FROZEN && ok ||
    fail "frozen, new connections unfroze it: $(status)"

keys Space
status | grep -q FOLLOW && ok || fail "after space again, not FOLLOW: $(status)"
keys c
wait_for "connections: 4" || true
pane
has "connections: 4" "the list counts all four"
for id in 1 2 3 4; do
	grep -q "^ *$id .*$CLI:" "$TMPD/pane" && ok ||
	    fail "the list has no row for connection $id"
done
# Which four: open each row (Enter) and read the connection's title; the
# list may be too narrow for the ports. Order does not matter.
seen=
for r in 0 1 2 3; do
	[ "$r" -eq 0 ] || keys c
	for i in 1 2 3 4 5; do T send-keys -t ui k; done
	for i in $(seq 1 "$r"); do T send-keys -t ui j; done
	keys Enter
	pane
	p=$(sed -n "1s/.*connection #[0-9]*  $CLI:\([0-9]*\) -> .*/\1/p" \
	    "$TMPD/pane")
	seen="$seen ${p:-none}"
done
seen=$(echo $seen | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$seen" = "40001 40002 40003 40004 " ] && ok ||
    fail "the list's rows open connections from ports $seen, not 40001-40004"
keys q
[ "$(exit_status)" = 0 ] && ok || fail "q did not exit 0 ($(exit_status))"
finish
