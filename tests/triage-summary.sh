#!/bin/bash
# triage-summary.sh: --summary finds the broken connections (issue 17).
# Captures built with tests/pcapgen.py: a normal close (Zeek SF), a
# refused connection (REJ), a client and a server RST (RSTO, RSTR), an
# unanswered SYN (S0), a mid-stream join (OTH), one with a retransmission
# and a zero window; and 300 connections of which exactly 3 are reset.
# The JSON must name exactly those (flags "rst", conn_state), the text
# lines under each connection stay within 80 columns, ts is the RFC 3339
# form of t, and where tshark is installed its tcp.analysis counts per
# connection (retransmission, zero window, duplicate ACK), its RST count
# and its handshake RTT (tcp.analysis.initial_rtt) equal ours.
. "${top_srcdir:-.}/tests/lib.sh"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

cat >"$TMPD/gen.py" <<'PYEOF'
import struct, sys
sys.path.insert(0, sys.argv[1])
from pcapgen import frame

C = bytes([10, 0, 0, 1])
S = bytes([10, 0, 0, 2])
SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10
T0 = 1796225400.123456


class Pcap:
    def __init__(self):
        self.recs = []

    def add(self, t, *a, **k):
        self.recs.append((t, frame(*a, **k)))

    def write(self, path):
        self.recs.sort(key=lambda r: r[0])
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0,
                                65535, 1))
            for t, fr in self.recs:
                us = int(round(t * 1e6))
                f.write(struct.pack("<IIII", us // 1000000, us % 1000000,
                                    len(fr), len(fr)))
                f.write(fr)


def hs(p, t, cp, sp=80, c0=1000, s0=5000):
    """Handshake from port cp: SYN, SYN,ACK 1 ms, ACK 2 ms later."""
    p.add(t, C, S, cp, sp, c0, 0, SYN)
    p.add(t + 0.001, S, C, sp, cp, s0, c0 + 1, SYN | ACK)
    p.add(t + 0.003, C, S, cp, sp, c0 + 1, s0 + 1, ACK)


def close(p, t, cp, c, s, sp=80):
    """Client FIN, server FIN,ACK, client ACK from seqs c and s."""
    p.add(t, C, S, cp, sp, c, s, FIN | ACK)
    p.add(t + 0.001, S, C, sp, cp, s, c + 1, FIN | ACK)
    p.add(t + 0.002, C, S, cp, sp, c + 1, s + 1, ACK)


def data(p, t, cp, c, s, n, sp=80):
    """Client sends n bytes, the server ACKs them 5 ms later."""
    p.add(t, C, S, cp, sp, c, s, PSH | ACK, b"x" * n)
    p.add(t + 0.005, S, C, sp, cp, s, c + n, ACK)


def normal(p, t, cp):
    hs(p, t, cp)
    data(p, t + 0.010, cp, 1001, 5001, 100)
    close(p, t + 0.020, cp, 1101, 5001)


def client_rst(p, t, cp):
    hs(p, t, cp)
    data(p, t + 0.010, cp, 1001, 5001, 100)
    p.add(t + 0.020, C, S, cp, 80, 1101, 5001, RST | ACK)


def server_rst(p, t, cp):
    hs(p, t, cp)
    data(p, t + 0.010, cp, 1001, 5001, 100)
    p.add(t + 0.020, S, C, 80, cp, 5001, 1101, RST | ACK)


cases = Pcap()
t = T0
normal(cases, t, 40001)
# Refused: RST,ACK to the SYN of port 81.
cases.add(t + 0.1, C, S, 40002, 81, 2000, 0, SYN)
cases.add(t + 0.1001, S, C, 81, 40002, 0, 2001, RST | ACK)
client_rst(cases, t + 0.2, 40003)
server_rst(cases, t + 0.3, 40004)
# Unanswered SYN, sent again after 1 s.
cases.add(t + 0.4, C, S, 40005, 82, 3000, 0, SYN)
cases.add(t + 1.4, C, S, 40005, 82, 3000, 0, SYN)
# Joined mid-stream: data both ways, no SYN.
cases.add(t + 0.5, C, S, 40006, 80, 7000, 9000, PSH | ACK, b"y" * 50)
cases.add(t + 0.505, S, C, 80, 40006, 9000, 7050, PSH | ACK, b"z" * 20)
cases.add(t + 0.510, C, S, 40006, 80, 7050, 9020, ACK)
# A retransmission (the ACK comes after the second copy) and a zero
# window from the server, reopened by a window update.
hs(cases, t + 0.6, 40007)
cases.add(t + 0.610, C, S, 40007, 80, 1001, 5001, PSH | ACK, b"d" * 100)
cases.add(t + 0.810, C, S, 40007, 80, 1001, 5001, PSH | ACK, b"d" * 100)
cases.add(t + 0.815, S, C, 80, 40007, 5001, 1101, ACK, win=0)
cases.add(t + 0.900, S, C, 80, 40007, 5001, 1101, ACK)
close(cases, t + 1.0, 40007, 1101, 5001)
cases.write(sys.argv[2])

many = Pcap()
for i in range(300):
    cp, ts = 41000 + i, T0 + i * 0.01
    if i in (17, 150):
        client_rst(many, ts, cp)
    elif i == 299:
        server_rst(many, ts, cp)
    else:
        normal(many, ts, cp)
many.write(sys.argv[3])
PYEOF
python3 "$TMPD/gen.py" "$top_srcdir/tests" "$TMPD/cases.pcap" \
    "$TMPD/many.pcap" || { fail "the capture generator failed"; finish; }

for f in cases many; do
	probe "--summary --format json of $f.pcap" "$TCPVIZ" -q \
	    -r "$TMPD/$f.pcap" --summary --format json
	cp "$TMPD/probe" "$TMPD/$f.json"
	probe "--summary of $f.pcap" "$TCPVIZ" -q -r "$TMPD/$f.pcap" --summary
	cp "$TMPD/probe" "$TMPD/$f.txt"
done

# check.py WHAT ...: one line per failure on stdout, nothing when right.
cat >"$TMPD/check.py" <<'PYEOF'
import datetime, json, sys

what, path = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(path)]
by = {int(r["client"].rsplit(":", 1)[1]): r for r in rows}
bad = []


def want(cond, msg):
    if not cond:
        bad.append(msg)


def flags(r):
    return [w for w in r["flags"].split(",") if w]


for r in rows:
    # ts is t in RFC 3339, UTC, to the microsecond.
    t = datetime.datetime.fromtimestamp(float(r["t"]),
                                        datetime.timezone.utc)
    want(r["ts"] == t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
         "conn %s: ts %s for t %s" % (r["conn"], r["ts"], r["t"]))
    for k in ("from_client", "from_server"):
        want(isinstance(r[k]["bytes"], int), "conn %s: no %s" %
             (r["conn"], k))

if what == "cases":
    states = {40001: "SF", 40002: "REJ", 40003: "RSTO", 40004: "RSTR",
              40005: "S0", 40006: "OTH", 40007: "SF"}
    want(sorted(by) == sorted(states), "connections: %s" % sorted(by))
    for port, st in states.items():
        r = by.get(port)
        if r is None:
            continue
        want(r["conn_state"] == st, "port %d: conn_state %s, want %s" %
             (port, r["conn_state"], st))
        want(("rst" in flags(r)) == (port in (40003, 40004)),
             "port %d: flags %r" % (port, r["flags"]))
    r = by.get(40002, {})
    want("refused" in flags(r) and r.get("reset_by") == "server",
         "refused: %r" % r)
    r = by.get(40003, {})
    want(r.get("reset_by") == "client" and
         r.get("reset_state") == "ESTABLISHED", "client RST: %r" % r)
    want(r.get("history") == "ShADaR", "client RST history: %r" % r)
    r = by.get(40004, {})
    want(r.get("reset_by") == "server" and
         r.get("reset_state") == "ESTABLISHED", "server RST: %r" % r)
    r = by.get(40001, {})
    want(r.get("history") == "ShADaFf", "SF history: %r" % r)
    want(r.get("from_client", {}).get("bytes") == 100 and
         r.get("from_server", {}).get("bytes") == 0, "SF bytes: %r" % r)
    want(r.get("hs_rtt") == 0.003 and r.get("rtt_samples") == 1 and
         r.get("rtt_min") == 0.005, "SF RTTs: %r" % r)
    r = by.get(40005, {})
    want(r.get("from_client", {}).get("retransmissions") == 1 and
         r.get("history") == "S", "S0: %r" % r)
    r = by.get(40006, {})
    want("midstream" in flags(r), "OTH flags: %r" % r)
    r = by.get(40007, {})
    fc, fs = r.get("from_client", {}), r.get("from_server", {})
    want(fc.get("retransmissions") == 1 and fs.get("zero_windows") == 1,
         "retx/zerowin counts: %r" % r)
    want(set(["retx", "zerowin"]) <= set(flags(r)), "retx flags: %r" % r)
    want("T" in r.get("history", "") and "w" in r.get("history", ""),
         "retx history: %r" % r)
    # Karn: the retransmitted segment gives no RTT sample.
    want(r.get("rtt_samples") == 0, "Karn: %r" % r)
else:
    want(len(rows) == 300, "%d connections, want 300" % len(rows))
    rst = sorted(p for p, r in by.items() if "rst" in flags(r))
    want(rst == [41017, 41150, 41299], "rst connections: %s" % rst)
    for p, st in ((41017, "RSTO"), (41150, "RSTO"), (41299, "RSTR")):
        want(by.get(p, {}).get("conn_state") == st, "port %d: %r" %
             (p, by.get(p)))
    others = [p for p, r in by.items() if r["conn_state"] != "SF" and
              p not in rst]
    want(others == [], "not SF: %s" % others)

for b in bad:
    print(b)
PYEOF
for f in cases many; do
	out=$(python3 "$TMPD/check.py" "$f" "$TMPD/$f.json" 2>&1)
	[ -z "$out" ] && ok || fail "$f.pcap: $out"
	# One unindented line per connection; the lines under it fit 80.
	n=$(grep -c '^[^ ]' "$TMPD/$f.txt")
	[ "$n" -eq "$(wc -l <"$TMPD/$f.json")" ] && ok ||
	    fail "$f.pcap text: $n connection lines"
	long=$(grep '^ ' "$TMPD/$f.txt" | awk 'length > 79' | head -n 2)
	[ -z "$long" ] && ok || fail "$f.pcap text: over 79 columns: $long"
done
grep -q '^ .*conn_state=RSTR history=ShADar' "$TMPD/many.txt" && ok ||
    fail "many.pcap text: no RSTR line"

# tshark as the oracle of the per-connection counts, where installed.
if ! command -v tshark >/dev/null 2>&1; then
	echo "tshark not found: its comparison is left out"
	finish
fi
for f in cases many; do
	tshark -r "$TMPD/$f.pcap" -T fields -E separator=/t \
	    -e tcp.srcport -e tcp.dstport -e tcp.flags.reset \
	    -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
	    -e tcp.analysis.zero_window -e tcp.analysis.duplicate_ack \
	    -e tcp.analysis.initial_rtt >"$TMPD/$f.tshark" 2>"$TMPD/tshark.err" ||
	    { fail "tshark on $f.pcap: $(head -c 200 "$TMPD/tshark.err")"; continue; }
	out=$(python3 - "$TMPD/$f.json" "$TMPD/$f.tshark" <<'PYEOF'
import json, sys
rows = {int(r["client"].rsplit(":", 1)[1]): r
        for r in map(json.loads, open(sys.argv[1]))}
keys = ("rsts", "retransmissions", "zero_windows", "dup_acks")
got = {}
rtt = {}
for line in open(sys.argv[2]):
    f = (line.rstrip("\n").split("\t") + [""] * 8)[:8]
    sp, dp = int(f[0]), int(f[1])
    cp = sp if sp in rows else dp
    side = "from_client" if sp == cp else "from_server"
    c = got.setdefault((cp, side), dict.fromkeys(keys, 0))
    c["rsts"] += f[2] in ("1", "True")
    # tshark marks a fast retransmission with both fields.
    c["retransmissions"] += f[3] != "" or f[4] != ""
    c["zero_windows"] += f[5] != ""
    c["dup_acks"] += f[6] != ""
    if f[7]:
        rtt[cp] = float(f[7])
for (cp, side), c in sorted(got.items()):
    mine = {k: rows[cp][side][k] for k in keys}
    if mine != c:
        print("port %d %s: tcpviz %s, tshark %s" % (cp, side, mine, c))
for cp, v in sorted(rtt.items()):
    # tshark also times a refused SYN to its RST,ACK; ours is the
    # handshake's (SYN to the third ACK), null when there was none.
    if rows[cp]["conn_state"] == "REJ":
        continue
    h = rows[cp]["hs_rtt"]
    if h is None or abs(h - v) > 2e-6:
        print("port %d: hs_rtt %s, tshark initial_rtt %s" % (cp, h, v))
PYEOF
)
	[ -z "$out" ] && ok || fail "$f.pcap against tshark: $out"
done
finish
