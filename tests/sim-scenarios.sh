#!/bin/bash
# sim-scenarios.sh: every shipped scenario through the real binary:
# --list-scenarios, deterministic --transitions, the union of edges covers
# E01-E23, demo -> pcap -> -r gives each endpoint the same states (once
# the demo's application calls and timers that send nothing are set
# aside: the wire cannot show them), and
# tshark reads the pcap without warnings, flagging retransmissions exactly
# where a sender resent data (and nowhere in scenarios without faults).
. "${top_srcdir:-.}/tests/lib.sh"

need_tcpviz
list=$("$TCPVIZ" --list-scenarios) || { fail "--list-scenarios failed"; finish; }
names=$(printf '%s\n' "$list" | awk '{print $1}')
n=$(printf '%s\n' "$names" | grep -c .)
if [ "$n" -ge 18 ]; then ok; else fail "only $n scenarios listed"; fi
for want in handshake fourway simclose; do
	if printf '%s\n' "$names" | grep -qx "$want"; then ok
	else fail "scenario '$want' is not listed"; fi
done
if printf '%s\n' "$list" | awk 'NF < 2 { bad = 1 } END { exit bad }'; then
	ok
else
	fail "a listed scenario has no title"
fi
# Each line carries the file's English and Chinese titles, in that order.
bad=0
for s in $names; do
	f=$top_srcdir/assets/scenarios/$s.scn
	[ -f "$f" ] || continue
	en=$(sed -n 's/^title en //p' "$f")
	zh=$(sed -n 's/^title zh //p' "$f")
	line=$(printf '%s\n' "$list" | awk -v n="$s" '$1 == n')
	case $line in
	"$s "*"$en  "*"$zh") ;;
	*) bad=1; echo "--list-scenarios: $s: want '$en' and '$zh': $line" ;;
	esac
done
[ "$bad" = 0 ] && ok || fail "--list-scenarios lacks a title"

have_tshark=0
command -v tshark >/dev/null 2>&1 && have_tshark=1
: > "$TMPD/edges"
for s in $names; do
	timeout 60 "$TCPVIZ" -q demo "$s" --transitions > "$TMPD/a" 2>&1 ||
	    fail "$s: --transitions: exit $?: $(head -3 "$TMPD/a")"
	timeout 60 "$TCPVIZ" -q demo "$s" --transitions > "$TMPD/b" 2>&1 ||
	    fail "$s: --transitions (again): exit $?: $(head -3 "$TMPD/b")"
	if cmp -s "$TMPD/a" "$TMPD/b" && [ -s "$TMPD/a" ]; then ok
	else fail "$s: --transitions empty or differs between two runs"; fi
	timeout 60 "$TCPVIZ" -q demo "$s" --transitions --format json \
	    > "$TMPD/j" || fail "$s: --format json failed"
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line).get("edge")
    if e:
        print(e)' "$TMPD/j" >> "$TMPD/edges" || fail "$s: bad JSON"

	# demo -> pcap -> -r: the same state sequence per endpoint.
	pcap="$TMPD/$s.pcap"
	if ! timeout 60 "$TCPVIZ" -q demo "$s" --write-pcap "$pcap"; then
		fail "$s: --write-pcap failed"
		continue
	fi
	timeout 60 "$TCPVIZ" -q -r "$pcap" --transitions --format json \
	    > "$TMPD/r" 2>&1 || fail "$s: -r of the written pcap failed"
	timeout 60 "$TCPVIZ" -q -r "$pcap" --segments > "$TMPD/rs" 2>&1 ||
	    fail "$s: -r --segments of the written pcap failed"
	# Spoofed (silent) addresses have no TCB: a capture cannot know.
	file="$top_srcdir/assets/scenarios/$s.scn"
	silent=$(awk '$1 == "endpoint" && / silent/ { print $3 }' "$file" \
	    2>/dev/null | tr '\n' ' ')
	# The demo also knows application calls and timers that send
	# nothing; the wire shows none of them, so they are taken out of the
	# demo's sequence first (and only they):
	#   E01 then E05 (listen, close: no segment) vanish;
	#   E01 then E04 (a listener's SEND) is CLOSED -> SYN_SENT on the
	#   wire, as a connect's E02 is;
	#   E08 by an application call (connect timeout, close in SYN_SENT)
	#   vanishes: the SYNs only stop; but after two SYNs or more, when
	#   the capture goes on past it (by the engine's 200 ms margin), the
	#   overdue retry shows it, and it stays;
	#   E21 after the last frame of the capture vanishes (2*MSL passed
	#   after the capture ended);
	#   E22 when an orphan's FIN_WAIT_2 times out (tcp_fin_timeout)
	#   vanishes, as it sends nothing, unless a RST from that end
	#   answers a late segment afterwards (the capture then has it).
	if python3 - "$TMPD/j" "$TMPD/r" "$TMPD/rs" "$silent" \
	    > "$TMPD/cmp" <<'PY'; then ok
import json, sys
def load(path):
    seqs = {}
    for line in open(path):
        d = json.loads(line)
        if d["from"] is None or d["edge"] is None:
            continue
        seqs.setdefault(d["endpoint"], []).append(d)
    return seqs
last = max((float(l.split()[0]) for l in open(sys.argv[3]) if l.strip()),
    default=0.0)
rsts = [(f[1], float(f[0])) for f in (l.split() for l in open(sys.argv[3]))
        if len(f) > 4 and f[2] == ">" and "RST" in f[4].split(",")]
silent = sys.argv[4].split()
syns = {}
for l in open(sys.argv[3]):
    f = l.split()
    if len(f) > 4 and f[2] == ">" and f[4] == "SYN":
        syns[f[1]] = syns.get(f[1], 0) + 1
def wire(ts):
    out = []
    for d in ts:
        app = "application call" in d["reason"]
        if d["edge"] == "E05" and out and out[-1]["edge"] == "E01":
            out.pop()
            continue
        if d["edge"] == "E04" and out and out[-1]["edge"] == "E01":
            out.pop()
            d = dict(d, **{"from": "CLOSED", "edge": "E02"})
        if d["edge"] == "E08" and app and not (
                syns.get(d["endpoint"], 0) >= 2 and d["t"] + 0.2 < last):
            continue
        if d["edge"] == "E21" and d["t"] > last:
            continue
        if d["edge"] == "E22" and "tcp_fin_timeout" in d["reason"] and \
                not any(r[0] == d["endpoint"] and r[1] > d["t"]
                        for r in rsts):
            continue
        out.append(d)
    return [(d["from"], d["to"]) for d in out]
demo, cap = load(sys.argv[1]), load(sys.argv[2])
bad = 0
for ep in sorted(set(demo) | set(cap)):
    if ep.rsplit(":", 1)[0].strip("[]") in silent or ep in silent:
        continue
    a = wire(demo.get(ep, []))
    b = [(d["from"], d["to"]) for d in cap.get(ep, [])]
    if a != b:
        bad = 1
        print("%s demo: %s" % (ep, " ".join("%s>%s" % x for x in a)))
        print("%s  -r : %s" % (ep, " ".join("%s>%s" % x for x in b)))
sys.exit(bad)
PY
	elif [ "$s" = simopen-rst ]; then
		# The lost SYN,ACK is in the sender-side capture: -r must
		# assume it arrived, the demo knows it did not.
		ok
	else
		fail "$s: demo and -r of its pcap give different states"
		sed 's/^/#   /' "$TMPD/cmp"
	fi

	[ "$have_tshark" = 1 ] || continue
	if ! timeout 60 tshark -n -r "$pcap" -T fields -e frame.number \
	    -e ip.src -e tcp.srcport -e tcp.seq_raw -e tcp.len \
	    -e tcp.flags.syn -e tcp.flags.fin -e tcp.analysis.retransmission \
	    -e _ws.malformed -e _ws.expert.severity -e ip.dst -e tcp.dstport \
	    -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
	    > "$TMPD/t" 2> "$TMPD/te"; then
		fail "$s: tshark could not read the pcap"
		continue
	fi
	grep -v 'Running as user\|could be dangerous' "$TMPD/te" > "$TMPD/te2"
	if [ -s "$TMPD/te2" ]; then
		fail "$s: tshark warned: $(head -1 "$TMPD/te2")"
	else ok; fi
	if grep -qi "malformed\|bad checksum" "$TMPD/t" ||
	    timeout 60 tshark -n -r "$pcap" -o tcp.check_checksum:TRUE \
	    -o ip.check_checksum:TRUE -Y \
	    '_ws.malformed || tcp.checksum.status == 0 || ip.checksum.status == 0' \
	    2>/dev/null | grep -q .; then
		fail "$s: tshark finds malformed packets or bad checksums"
	else ok; fi
	# Our own rule: a frame that repeats sequence space its sender
	# already sent (SYN, FIN or data) is a retransmission.
	faultless=1
	# (a full accept queue throws segments away at the receiver too)
	grep -Eq '^(drop|delay|dup) |loss=|silent|accept-queue=' "$file" &&
	    faultless=0
	python3 - "$TMPD/t" "$s" "$faultless" <<'PY' || fail "$s: retransmissions differ"
import sys
seen = {}
low = {}
bad = 0
ours = set()
theirs = set()
for line in open(sys.argv[1]):
    f = (line.rstrip("\n").split("\t") + [""] * 12)[:12]
    num, src, sport, seq, ln, syn, fin, rtx = f[:8]
    # per connection: a listener's port talks to many peers
    key = (src, sport, f[10], f[11])
    seq, ln = int(seq), int(ln or 0)
    span = ln + (syn in ("1", "True")) + (fin in ("1", "True"))
    if span == 0:
        continue
    top = seen.get(key)
    if top is not None and ((seq - low[key]) & 0xffffffff) < \
            ((top - low[key]) & 0xffffffff):
        ours.add(int(num))
        # A SYN,ACK after our own SYN (simultaneous open) is expected.
        if sys.argv[3] == "1" and not (syn in ("1", "True")):
            print("# %s: frame %s resent without a fault" % (sys.argv[2], num))
            bad = 1
    if top is None:
        low[key] = seq
    end = (seq + span) & 0xffffffff
    if top is None or ((end - top) & 0xffffffff) < 0x80000000:
        seen[key] = end
    if rtx:
        theirs.add(int(num))
if ours != theirs:
    print("# %s: resent frames %s, tshark retransmissions %s" %
          (sys.argv[2], sorted(ours), sorted(theirs)))
    sys.exit(1)
sys.exit(bad)
PY
	# A lost pure ACK need not be resent (third-ack-lost: the data
	# after it carries the same ACK); any other lost segment must be.
	if [ -f "$file" ] &&
	    awk '$1 == "drop" && $3 != "ack" { f = 1 } END { exit !f }' \
	    "$file"; then
		if cut -f8 "$TMPD/t" | grep -q .; then ok
		else fail "$s: drops but tshark shows no retransmission"; fi
	fi
done

missing=""
for i in $(seq -w 1 23); do
	grep -qx "E$i" "$TMPD/edges" || missing="$missing E$i"
done
if [ -z "$missing" ]; then ok
else fail "edges never taken by any scenario:$missing"; fi

# syn-flood replayed from its own capture: the spoofed sources, which never
# answer the server's SYN,ACKs, are never ESTABLISHED (they stay SYN_SENT);
# the server's three half-open connections end (SYN_RCVD -> CLOSED, E22)
# when its SYN,ACK retries run out, where the simulator says: the later
# client's connection carries the capture past those moments.
if timeout 60 "$TCPVIZ" demo syn-flood --write-pcap "$TMPD/flood.pcap" \
    >/dev/null 2>&1 && timeout 60 "$TCPVIZ" -q -r "$TMPD/flood.pcap" \
    --transitions >"$TMPD/flood.tr" 2>"$TMPD/flood.err"; then
	if grep -q '^[0-9.]* 198\.51\.100\.[0-9]*:[0-9]* .*-> ESTABLISHED' \
	    "$TMPD/flood.tr"; then
		fail "syn-flood replay: a spoofed source is ESTABLISHED:" \
		    "$(grep 198.51.100 "$TMPD/flood.tr" | grep ESTABLISHED | head -2)"
	else
		ok
	fi
	timeout 60 "$TCPVIZ" -q demo syn-flood --transitions >"$TMPD/flood.sim"
	pat='10\.0\.0\.2:80 SYN_RCVD -> CLOSED'
	# (a give-up is marked ' ?': its moment is not on the wire)
	want=$(grep -E "$pat" "$TMPD/flood.sim" | sed 's/ ?$//')
	got=$(grep -E "$pat" "$TMPD/flood.tr" | sed 's/ ?$//')
	if [ "$(printf '%s\n' "$want" | grep -c .)" -eq 3 ] &&
	    [ "$want" = "$got" ]; then ok
	else fail "syn-flood: the give-ups differ; simulator: $want; replay: ${got:-none}"; fi
else
	fail "syn-flood replay: $(head -1 "$TMPD/flood.err")"
fi

# --seed changes a random channel but stays deterministic.
for run in "s1 --seed 99" "s2 --seed 99" "s3"; do
	# shellcheck disable=SC2086
	timeout 60 "$TCPVIZ" -q demo lossy-transfer ${run#s?} --segments \
	    > "$TMPD/${run%% *}" || fail "lossy-transfer ${run#s?}: exit $?"
done
if cmp -s "$TMPD/s1" "$TMPD/s2"; then ok; else fail "--seed not deterministic"; fi
if cmp -s "$TMPD/s1" "$TMPD/s3"; then fail "--seed 99 changed nothing"; else ok; fi
# The TIME_WAIT lessons (issue 19). timewait-incarnation: the stray copy
# comes during TIME_WAIT, the client (RFC 1337) ignores the server's RST,
# and TIME_WAIT ends by the 2*MSL timer (E21) 2 s (msl 1s) after it began,
# before connection #2 opens. tw-assassination: the RST ends it (E22)
# well before 2*MSL. And --msl with a demo: its TIME_WAIT lasts 2*MSL.
# tw_edge SCENARIO [OPTIONS]: "EDGE SECONDS-IN-TIME_WAIT" of the client's
# first TIME_WAIT, or nothing.
tw_edge() {
	local s=$1
	shift
	timeout 60 "$TCPVIZ" -q demo "$s" "$@" --transitions --format json |
	    python3 -c '
import json, sys
enter = None
for line in sys.stdin:
    d = json.loads(line)
    if d["role"] != "client":
        continue
    if d["to"] == "TIME_WAIT" and enter is None:
        enter = d["t"]
    elif d["from"] == "TIME_WAIT" and enter is not None:
        print(d["edge"], "%.3f" % (d["t"] - enter), d["conn"])
        break'
}
got=$(tw_edge timewait-incarnation)
[ "$got" = "E21 2.000 0" ] && ok ||
    fail "timewait-incarnation: TIME_WAIT ends '$got', want 'E21 2.000 0'"
second=$(timeout 60 "$TCPVIZ" -q demo timewait-incarnation --transitions |
    awk '$2 == "10.0.0.1:40013" && $5 == "SYN_SENT" { n++; if (n == 2) print $1 }')
e21=$(timeout 60 "$TCPVIZ" -q demo timewait-incarnation --transitions |
    awk '$2 == "10.0.0.1:40013" && $3 == "TIME_WAIT" { print $1; exit }')
python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))' \
    "${e21:-9e9}" "${second:-0}" && ok ||
    fail "timewait-incarnation: #2 opens at '$second', before TIME_WAIT ends at '$e21'"
got=$(tw_edge tw-assassination)
case $got in
"E22 0."*" 0") ok ;;
*) fail "tw-assassination: TIME_WAIT ends '$got', want E22 within 1 s" ;;
esac
got=$(tw_edge fourway --msl 5)
[ "$got" = "E21 10.000 0" ] && ok ||
    fail "fourway --msl 5: TIME_WAIT ends '$got', want 'E21 10.000 0'"

finish
