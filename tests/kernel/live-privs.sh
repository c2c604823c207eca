#!/bin/bash
# live-privs.sh: issue 6's privilege and error acceptance for live capture,
# in a private network namespace (only lo in it):
#   - as root with -Z nobody, and as root with no -Z, the running capture's
#     real, effective, saved and filesystem uid and gid (/proc/PID/status)
#     are nobody's, with no capabilities and no root group left;
#   - as a non-root user without capabilities: exit 1 and one line on
#     stderr that says how to fix it (sudo, setcap);
#   - a bad filter: exit 2 with libpcap's message; an unknown interface:
#     exit 1 with a list of interfaces that names lo; -Z with a user that
#     does not exist: exit 1;
#   - -w FILE, then SIGTERM: exit 0, and the file is a complete pcap that
#     tcpdump (and tshark) read without error, holding exactly the frames
#     and TCP segments tcpviz said on stderr it captured.
# Needs root and ip netns: exit 77 without them. Exit 0 pass, 1 fail.
. "${top_srcdir:-.}/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, capture)"
for t in ip python3 tcpdump setpriv timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
need_tcpviz
id nobody >/dev/null 2>&1 || skip "no user nobody"
NOBODY_UID=$(id -u nobody)
NOBODY_GID=$(id -g nobody)

NS=tvpriv$$
PIDS=
cleanup() {
	local st=$?
	local p
	for p in $PIDS; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	lib_exit "$st"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$NS" 2>/dev/null || skip "ip netns add does not work"
ip -n "$NS" link set lo up || { echo "FAIL: lo up in $NS"; exit 1; }
# Live capture works at all (a build without it, or a crash, fails).
probe "tcpviz -i lo --duration 0.1 --transitions -q in $NS" \
    ip netns exec "$NS" "$TCPVIZ" -i lo --duration 0.1 --transitions -q

# start_live ARGS...: tcpviz -i in the namespace, in the background;
# sets LIVE (its pid: ip netns exec execs the program in place).
start_live() {
	ip netns exec "$NS" "$TCPVIZ" "$@" \
	    >"$TMPD/live.out" 2>"$TMPD/live.err" </dev/null &
	LIVE=$!
	PIDS="$PIDS $LIVE"
}

# wait_dropped PID: wait (at most 5 s) until the process runs as nobody.
wait_dropped() {
	local i
	for i in $(seq 1 100); do
		if grep -q "^Uid:	$NOBODY_UID	" "/proc/$1/status" \
		    2>/dev/null; then
			return 0
		fi
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# stop_live SIG: send SIG, wait (at most 5 s); sets RC to its exit status.
stop_live() {
	local i
	kill "-$1" "$LIVE" 2>/dev/null
	for i in $(seq 1 100); do
		kill -0 "$LIVE" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$LIVE" 2>/dev/null; then
		kill -KILL "$LIVE" 2>/dev/null
		fail "tcpviz did not exit within 5 s of SIG$1"
	fi
	wait "$LIVE"
	RC=$?
}

# check_ids WHAT: the running capture's ids are all nobody's.
check_ids() {
	local st=/proc/$LIVE/status
	if ! wait_dropped "$LIVE"; then
		fail "$1: not running as $NOBODY_UID within 5 s:" \
		    "$(grep -E '^(Uid|Gid):' "$st" 2>/dev/null | tr '\t\n' '  ')" \
		    "$(head -3 "$TMPD/live.err")"
		return
	fi
	grep -q "^Uid:	$NOBODY_UID	$NOBODY_UID	$NOBODY_UID	$NOBODY_UID$" \
	    "$st" && ok || fail "$1: $(grep '^Uid:' "$st")"
	grep -q "^Gid:	$NOBODY_GID	$NOBODY_GID	$NOBODY_GID	$NOBODY_GID$" \
	    "$st" && ok || fail "$1: $(grep '^Gid:' "$st")"
	# No supplementary group 0 (root) is left.
	if grep '^Groups:' "$st" | grep -qw 0; then
		fail "$1: still in group 0: $(grep '^Groups:' "$st")"
	else
		ok
	fi
	grep -q '^CapEff:	0*$' "$st" && grep -q '^CapPrm:	0*$' "$st" && ok ||
	    fail "$1: capabilities left: $(grep '^Cap[EP]' "$st" | tr '\n' ' ')"
}

# 1. -Z nobody as root, then the default (no -Z) as root.
for z in "-Z nobody" ""; do
	what="root${z:+ with $z}"
	# shellcheck disable=SC2086
	start_live -i lo --transitions -q $z
	check_ids "$what"
	stop_live INT
	[ "$RC" -eq 0 ] && ok || fail "$what: exit $RC after SIGINT" \
	    "$(head -3 "$TMPD/live.err")"
done

# 2. A non-root user without capabilities. The binary is copied where
# nobody can run it (the build tree may be private).
mkdir -p "$TMPD/bin"
cp "$TCPVIZ" "$TMPD/bin/tcpviz"
chmod 755 "$TMPD" "$TMPD/bin" "$TMPD/bin/tcpviz"
timeout 10 setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" \
    --clear-groups --inh-caps=-all "$TMPD/bin/tcpviz" -i lo --transitions \
    >"$TMPD/np.out" 2>"$TMPD/np.err" </dev/null
rc=$?
[ "$rc" -eq 1 ] && ok || fail "non-root: exit $rc, expected 1:" \
    "$(head -3 "$TMPD/np.err")"
lines=$(wc -l <"$TMPD/np.err")
[ "$lines" -eq 1 ] && ok || fail "non-root: $lines lines on stderr," \
    "expected one: $(head -5 "$TMPD/np.err")"
grep -q sudo "$TMPD/np.err" && grep -q setcap "$TMPD/np.err" && ok ||
    fail "non-root: the message names neither sudo nor setcap as fixes:" \
    "$(cat "$TMPD/np.err")"
[ -s "$TMPD/np.out" ] && fail "non-root: wrote to stdout" || ok

# 3. Errors: a bad filter (exit 2, libpcap's words), an unknown interface
# (exit 1, the list names lo).
timeout 10 ip netns exec "$NS" "$TCPVIZ" -i lo --transitions \
    'tcp port notaport' >/dev/null 2>"$TMPD/bf.err" </dev/null
rc=$?
[ "$rc" -eq 2 ] && ok || fail "bad filter: exit $rc, expected 2"
grep -q "notaport" "$TMPD/bf.err" && ok ||
    fail "bad filter: libpcap's message is missing: $(cat "$TMPD/bf.err")"
timeout 10 ip netns exec "$NS" "$TCPVIZ" -i tvnosuch0 --transitions \
    >/dev/null 2>"$TMPD/ui.err" </dev/null
rc=$?
[ "$rc" -eq 1 ] && ok || fail "unknown interface: exit $rc, expected 1"
grep -q "tvnosuch0" "$TMPD/ui.err" && grep -qw lo "$TMPD/ui.err" && ok ||
    fail "unknown interface: no list naming lo: $(cat "$TMPD/ui.err")"

# -Z with a user that does not exist: it cannot drop root, so it must not
# go on (exit 1, naming the user).
timeout 10 ip netns exec "$NS" "$TCPVIZ" -i lo --transitions -Z tvnouser0 \
    >/dev/null 2>"$TMPD/z.err" </dev/null
rc=$?
[ "$rc" -eq 1 ] && ok || fail "-Z tvnouser0: exit $rc, expected 1"
grep -q "tvnouser0" "$TMPD/z.err" && ok ||
    fail "-Z tvnouser0: the message does not name the user: $(cat "$TMPD/z.err")"

# 4. -w FILE, traffic, SIGTERM: the file is complete.
start_live -i lo --transitions -w "$TMPD/w.pcap"
if ! wait_dropped "$LIVE"; then
	fail "-w: the capture did not start: $(head -3 "$TMPD/live.err")"
	finish
fi
# Five connections with data over lo in the namespace (bounded: 5 s
# socket timeouts, 10 s in all).
timeout 10 ip netns exec "$NS" python3 - <<'EOF'
import socket
ls = socket.socket()
ls.settimeout(5)
ls.bind(("127.0.0.1", 0))
ls.listen(8)
for i in range(5):
    c = socket.create_connection(ls.getsockname(), timeout=5)
    a, _ = ls.accept()
    a.settimeout(5)
    c.sendall(b"x" * 3000)
    got = 0
    while got < 3000:
        got += len(a.recv(4096))
    a.sendall(b"ok")
    c.recv(10)
    c.close()
    a.recv(10)
    a.close()
EOF
[ $? -eq 0 ] && ok || fail "-w: the traffic generator failed"
# Until the capture has shown all five closed (at most 15 s): then it
# has read their segments.
end=$((SECONDS + 15))
for i in $(seq 1 150); do
	[ "$(grep -c 'LAST_ACK -> CLOSED' "$TMPD/live.out")" -ge 5 ] && break
	[ "$SECONDS" -ge "$end" ] && break
	sleep 0.1
done
stop_live TERM
[ "$RC" -eq 0 ] && ok || fail "-w: exit $RC after SIGTERM"
# "tcpviz: lo: N frames, M TCP segments, K dropped by the kernel" (other
# counts before K, and ';' separators, are accepted too).
re='^tcpviz: lo: [0-9]+ frames, [0-9]+ TCP segments.*[,;] [0-9]+ dropped'
summary=$(grep -E "$re by the kernel\$" "$TMPD/live.err")
if [ -z "$summary" ]; then
	fail "-w: no summary line on stderr: $(cat "$TMPD/live.err")"
	finish
fi
ok
read -r frames segs drops <<<"$(echo "$summary" | sed 's/^tcpviz: lo: \([0-9]*\)'\
' frames, \([0-9]*\) TCP segments.*[,;] \([0-9]*\) dropped.*/\1 \2 \3/')"
[ "$segs" -ge 50 ] && ok || fail "-w: only $segs TCP segments counted"
[ "$drops" -eq 0 ] && ok || fail "-w: $drops dropped by the kernel"
tcpdump -n -r "$TMPD/w.pcap" >"$TMPD/td.all" 2>"$TMPD/td.err"
rc=$?
[ "$rc" -eq 0 ] && ok || fail "-w: tcpdump -r exit $rc: $(cat "$TMPD/td.err")"
grep -qi "truncated\|error" "$TMPD/td.err" &&
    fail "-w: tcpdump -r complains: $(cat "$TMPD/td.err")" || ok
n=$(wc -l <"$TMPD/td.all")
[ "$n" -eq "$frames" ] && ok ||
    fail "-w: the file has $n frames, tcpviz counted $frames"
n=$(tcpdump -n -r "$TMPD/w.pcap" tcp 2>/dev/null | wc -l)
[ "$n" -eq "$segs" ] && ok ||
    fail "-w: the file has $n TCP frames, tcpviz counted $segs"
if command -v tshark >/dev/null 2>&1; then
	timeout 60 tshark -r "$TMPD/w.pcap" -Y tcp -T fields \
	    -e frame.number 2>&1 >"$TMPD/ts.out" |
	    grep -v 'Running as user "root"' >"$TMPD/ts.err"
	n=$(wc -l <"$TMPD/ts.out")
	[ "$n" -eq "$segs" ] && [ ! -s "$TMPD/ts.err" ] && ok ||
	    fail "-w: tshark reads $n TCP frames (tcpviz: $segs):" \
	    "$(head -3 "$TMPD/ts.err")"
fi
# What was shown live is what the file replays (5 connections closed).
n=$(grep -c 'LAST_ACK -> CLOSED' "$TMPD/live.out")
[ "$n" -eq 5 ] && ok || fail "-w: $n connections reached CLOSED live, expected 5"
finish
