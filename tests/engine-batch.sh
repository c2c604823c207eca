#!/bin/bash
# engine-batch.sh: the engine's printers as a user meets them:
# --transitions text is exactly the expected lines (and nothing else on
# stdout), --format json gives one well-formed object per transition with
# the documented keys, --summary one line per connection instance; every
# kernel capture and every corpus capture gives time-ordered output.
. "${top_srcdir:-.}/tests/lib.sh"
GOOD="$top_srcdir/tests/pcap/http-close-e16.pcap"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# Text: the RFC story of the E16 capture, exactly.
cat >"$TMPD/want" <<'WANT'
1795258175.186705 127.0.0.1:42768 CLOSED -> SYN_SENT
1795258175.186705 127.0.0.1:8080 CLOSED -> LISTEN
1795258175.186705 127.0.0.1:8080 LISTEN -> SYN_RCVD
1795258175.186719 127.0.0.1:42768 SYN_SENT -> ESTABLISHED
1795258175.186732 127.0.0.1:8080 SYN_RCVD -> ESTABLISHED
1795258175.207172 127.0.0.1:42768 ESTABLISHED -> FIN_WAIT_1
1795258175.207172 127.0.0.1:8080 ESTABLISHED -> CLOSE_WAIT
1795258175.237169 127.0.0.1:8080 CLOSE_WAIT -> LAST_ACK
1795258175.237169 127.0.0.1:42768 FIN_WAIT_1 -> TIME_WAIT
1795258175.237202 127.0.0.1:8080 LAST_ACK -> CLOSED
WANT
if timeout 60 "$TCPVIZ" -r "$GOOD" --transitions >"$TMPD/got" 2>/dev/null; then
	if diff -u "$TMPD/want" "$TMPD/got" >"$TMPD/diff"; then
		ok
	else
		fail "--transitions differs:"; cat "$TMPD/diff"
	fi
else
	fail "tcpviz -r $GOOD --transitions failed"
fi

# JSON: same transitions, documented keys and values.
if timeout 60 "$TCPVIZ" -r "$GOOD" --transitions --format json \
    >"$TMPD/json" 2>/dev/null; then
	if timeout 60 python3 - "$TMPD/json" "$TMPD/want" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
want = [l.split() for l in open(sys.argv[2])]
assert len(rows) == len(want), (len(rows), len(want))
keys = {"t", "endpoint", "role", "from", "to", "edge", "known", "frame",
        "reason", "annotations"}
edges = ["E02", "E01", "E03", "E07", "E09", "E12", "E13", "E19", "E16",
         "E20"]
for r, w, e in zip(rows, want, edges):
    assert keys <= set(r), r
    assert "%.6f" % r["t"] == w[0], (r["t"], w[0])
    assert r["endpoint"] == w[1] and r["from"] == w[2] and r["to"] == w[4], r
    assert r["edge"] == e, (r["edge"], e)
    assert r["role"] == ("client" if w[1].endswith(":42768") else "server")
    assert r["known"] in ("observed", "inferred", "implied"), r
    assert e in r["reason"] and "RFC 9293" in r["reason"], r["reason"]
    assert isinstance(r["annotations"], list)
assert rows[0]["known"] == "observed" and rows[1]["known"] == "implied"
assert rows[2]["known"] == "inferred"
PY
	then ok; else fail "--format json output is wrong"; fi
else
	fail "tcpviz --transitions --format json failed"
fi

# Summary: one instance, final states, counts.
# (its first line; the indented lines under it are the triage counts)
line=$(timeout 60 "$TCPVIZ" -r "$GOOD" --summary 2>/dev/null | head -n 1)
case $line in
*"127.0.0.1:42768 > 127.0.0.1:8080 client=TIME_WAIT server=CLOSED segments=10 retrans=0 duration=0.050497")
	ok ;;
*)	fail "--summary: '$line'" ;;
esac
n=$(timeout 60 "$TCPVIZ" -r "$GOOD" --summary --format json 2>/dev/null |
    python3 -c 'import json,sys; r=[json.loads(l) for l in sys.stdin]; print(len(r), r[0]["client_state"], r[0]["server_state"])')
[ "$n" = "1 TIME_WAIT CLOSED" ] && ok || fail "--summary json: '$n'"

# Time order and well-formed lines for every capture we have (bounded).
count=0
for f in "$top_srcdir"/tests/pcap/kernel/*.pcap "$CORPUS"/*/*.pcap \
    "$CORPUS"/*/*.pcapng; do
	[ -f "$f" ] || continue
	count=$((count + 1))
	[ $count -le 400 ] || break
	timeout 30 "$TCPVIZ" -r "$f" --transitions >"$TMPD/o" 2>/dev/null
	rc=$?
	if [ $rc -gt 1 ] && [ $rc -ne 2 ]; then
		fail "$f: exit $rc"
		continue
	fi
	if ! awk '(NF != 5 && (NF != 6 || $6 != "?")) || $4 != "->" ||
	    $1 < last { bad = 1 }
	    { last = $1 } END { exit bad }' "$TMPD/o"; then
		fail "$f: malformed or unordered --transitions output"
	else
		ok
	fi
done
# A port reused 0.7 s after the first connection closed (the last ACK
# still inside the settle window, the server in TIME_WAIT): the fresh SYN
# (new ISN) proves the client's old socket CLOSED (E20), and a second
# instance tells the whole second connection (live load test, loadgen.c).
REUSE="$top_srcdir/tests/pcap/port-reuse-in-settle.pcap"
if timeout 60 "$TCPVIZ" -q -r "$REUSE" --transitions >"$TMPD/reuse"; then
	n_syn=$(grep -c ':35538 CLOSED -> SYN_SENT$' "$TMPD/reuse")
	n_closed=$(grep -c ':35538 LAST_ACK -> CLOSED$' "$TMPD/reuse")
	second=$(grep -c '^1795261915\.240610 10\.214\.30\.4:35538 CLOSED -> SYN_SENT$' "$TMPD/reuse")
	if [ "$n_syn" -eq 2 ] && [ "$n_closed" -eq 2 ] && [ "$second" -eq 1 ]; then
		ok
	else
		fail "port reuse: want two instances, got:"; cat "$TMPD/reuse"
	fi
else
	fail "tcpviz -r $REUSE --transitions failed"
fi

finish
