#!/bin/bash
# tmux-whatif.sh: a demo's what-if keys (issue 18), in tmux at 100x30 on
# the handshake lesson:
#   - after the SYN,ACK, d loses the next segment (the third ACK): the
#     scenario runs again with the same seed, the view comes back to the
#     same step, the ACK is drawn lost, and the client's first data segment
#     is what completes the server's SYN_RCVD (E05 there, not at the ACK);
#     the server resends its SYN,ACK (its timer had no ACK);
#   - u undoes it: the ACK arrives again and completes the handshake;
#   - w writes the changed run as a .scn that `demo FILE --transitions`
#     plays with the server's ESTABLISHED at the data's arrival;
#   - D delays the next segment instead; d with no segment after the
#     cursor and u with nothing to undo say so; d in a file's view says it
#     is for demos.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
. "$top_srcdir/tests/ui/tmux-lib.sh"

mkdir "$TMPD/here"
start 100 30 "sh -c 'cd $TMPD/here && exec $TCPVIZ demo handshake'"
keys l l
wait_for "step 2/" || fail "l l: not at step 2"
pane
has "SYN,ACK seq=K" "step 2: the SYN,ACK"
hasnt "ACK ack=K+1" "step 2: the third ACK not shown yet"
keys d
wait_for "segment #2 lost" || fail "d: no what-if notice"
# The notice holds the status row until a key: one step on is step 3.
keys l
wait_for "step 3/" || fail "after d: not back at step 2 (no step 3 after l)"
pane
grep -q "ACK .*✗" "$TMPD/pane" && ok ||
    fail "d: the third ACK is not drawn lost: $(grep ACK "$TMPD/pane" | head -3)"
hasnt "ACK ack=K+1 ──▶" "d: the third ACK still arrives"
keys l
wait_for "step 4/"
pane
grep -q "PSH,ACK seq=J+1 ▶│ ESTABLISHED" "$TMPD/pane" && ok ||
    fail "d: the data segment does not complete the server's SYN_RCVD: $(grep PSH "$TMPD/pane")"
keys l
wait_for "step 5/"
pane
has "SYN,ACK seq=K ─R" "d: the server resends its SYN,ACK"
keys w
wait_for "wrote tcpviz-handshake-whatif.scn" || fail "w: no 'wrote' notice"
SCN=$TMPD/here/tcpviz-handshake-whatif.scn
grep -q "^drop client any 2$" "$SCN" && ok ||
    fail "w: the saved scenario has no 'drop client any 2': $(tail -3 "$SCN")"
"$TCPVIZ" demo "$SCN" --transitions >"$TMPD/whatif.tr" 2>"$TMPD/whatif.err" ||
    fail "the saved scenario does not play: $(cat "$TMPD/whatif.err")"
"$TCPVIZ" demo handshake --transitions >"$TMPD/orig.tr" 2>/dev/null
# The server's SYN_RCVD -> ESTABLISHED: at the ACK (0.62 s) in the lesson,
# at the data segment's arrival (1.54 s) once the ACK is lost.
grep -q "^1704067200.620000 10.0.0.2:80 SYN_RCVD -> ESTABLISHED" "$TMPD/orig.tr" &&
    ok || fail "the lesson's server is not ESTABLISHED at the ACK"
grep -q "^1704067201.540000 10.0.0.2:80 SYN_RCVD -> ESTABLISHED" "$TMPD/whatif.tr" &&
    ok || fail "the saved what-if: the server is not ESTABLISHED at the data: $(grep 10.0.0.2:80 "$TMPD/whatif.tr" | head -3)"

keys u
wait_for "what-if undone (0 left)" || fail "u: no undo notice"
keys g l l l
wait_for "step 3/"
pane
has "ACK ack=K+1 ──▶│ ESTABLISHED" "u: the third ACK completes the handshake again"
keys u
wait_for "nothing to undo" || fail "u with nothing to undo: no notice"
# D: the third ACK delayed, not lost: it still arrives, later.
keys g l l D
wait_for "delayed 300 ms" || fail "D: no what-if notice"
keys l
wait_for "step 3/"
pane
hasnt "✗" "D: nothing is drawn lost"
keys G d
wait_for "no segment after the cursor" || fail "d at the end: no notice"
quit "what-if"

start 100 30 "$TCPVIZ" -r tests/pcap/kernel/client-close.pcap
keys d
wait_for "only in a demo" || fail "d on a file: no notice"
quit "what-if on a file"
finish
