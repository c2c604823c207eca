#!/bin/bash
# compare.sh: -r CAPTURE --compare SCENARIO on real Linux captures
# (tests/pcap/kernel): a lost SYN against the textbook handshake marks the
# resent SYN and the later SYN_RCVD; a normal close against fourway has no
# difference; a combined close names the combined FIN,ACK (E16); an abort
# names the RST (E22); a capture cut after the handshake (editcap) names
# the missing handshake; a capture against the scenario --to-scenario made
# of it has none. Text within 80 columns, in English and Chinese; JSON.
. "${top_srcdir:-.}/tests/lib.sh"

need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
K="$top_srcdir/tests/pcap/kernel"
# Short names, so the header line with the file name fits too.
cp "$K/syn-lost.pcap" "$K/client-close.pcap" "$K/finack.pcap" \
    "$K/rst-abort.pcap" "$TMPD/"
cd "$TMPD" || exit 1

# kinds FILE ROLE: "kind@FROM>TO|retransmission" per differing line.
cat > kinds.py <<'PY'
import json, sys
for line in open(sys.argv[1]):
    j = json.loads(line)
    if "role" not in j or j["role"] != sys.argv[2]:
        continue
    d = j.get("difference")
    if not d:
        continue
    side = j["capture"] or j["scenario"]
    what = side.get("retransmission") or "%s>%s %s" % (side["from"], side["to"], side["edge"])
    print("%s@%s" % (d["kind"], what))
PY

j() { "$TCPVIZ" -q -r "$1" --compare "$2" --format json > "$3" 2> err ||
	fail "$1 --compare $2 --format json: exit $?: $(head -2 err)"; }

j syn-lost.pcap handshake a.json
python3 kinds.py a.json client > a.client
python3 kinds.py a.json server > a.server
grep -qx 'retransmission@SYN' a.client && ok ||
    fail "syn-lost: the resent SYN is not marked: $(cat a.client)"
grep -qx 'later@LISTEN>SYN_RCVD E03' a.server && ok ||
    fail "syn-lost: the later SYN_RCVD is not marked: $(cat a.server)"

j client-close.pcap fourway b.json
grep -q '"differences":0}' b.json && ok ||
    fail "client-close against fourway: $(tail -1 b.json)"
# The capture stops inside TIME_WAIT: a note, not a difference.
grep -q '"note":{"kind":"time-wait"' b.json && ok ||
    fail "client-close: no TIME_WAIT note"
"$TCPVIZ" -q -r client-close.pcap --compare fourway > b.txt &&
    grep -q '^no differences' b.txt && ok || fail "client-close: text: $(tail -1 b.txt)"

j finack.pcap fourway c.json
python3 kinds.py c.json client > c.client
grep -qx 'combined-fin-ack@FIN_WAIT_1>TIME_WAIT E16' c.client && ok ||
    fail "finack: the combined FIN,ACK is not named: $(cat c.client)"
"$TCPVIZ" -q -r finack.pcap --compare fourway | grep -q 'combined FIN,ACK' &&
    ok || fail "finack: the text does not name the combined FIN,ACK"

j rst-abort.pcap fourway d.json
python3 kinds.py d.json client > d.client
grep -qx 'rst@ESTABLISHED>CLOSED E22' d.client && ok ||
    fail "rst-abort: the RST is not named: $(cat d.client)"

if command -v editcap >/dev/null 2>&1; then
	editcap -r client-close.pcap mid.pcap 4-20 >/dev/null 2>&1
	j mid.pcap fourway e.json
	python3 kinds.py e.json server > e.server
	grep -qx 'missing-handshake@LISTEN>SYN_RCVD E03' e.server && ok ||
	    fail "mid-stream: no missing handshake: $(cat e.server)"
fi

# TIME_WAIT's length: the capture goes on 61 s after the close (a copy
# of its first frame on another port), so Linux's 60 s (--msl 30) passes.
cat > tw60.py <<'PY'
# tw60.py IN OUT: IN plus a copy of its first frame on another client
# port, 61 s after its last frame (so 2*MSL passes in capture time).
import struct, sys
d = open(sys.argv[1], 'rb').read()
hdr, rest = d[:24], d[24:]
magic = struct.unpack('<I', hdr[:4])[0]
assert magic in (0xa1b2c3d4, 0xa1b23c4d), "classic little-endian pcap"
link = struct.unpack('<I', hdr[20:24])[0]
recs, off = [], 0
while off + 16 <= len(rest):
    ts, tf, cl, wl = struct.unpack('<IIII', rest[off:off + 16])
    recs.append((ts, tf, rest[off + 16:off + 16 + cl], wl))
    off += 16 + cl
ts, tf, data, wl = recs[0]
data = bytearray(data)
l2 = 14 if link == 1 else 0
ihl = (data[l2] & 0x0f) * 4
data[l2 + ihl:l2 + ihl + 2] = struct.pack('>H', 40999)
last = recs[-1]
out = bytearray(hdr) + rest
out += struct.pack('<IIII', last[0] + 61, last[1], len(data), len(data)) + data
open(sys.argv[2], 'wb').write(out)
PY
python3 tw60.py client-close.pcap tw60.pcap || fail "tw60.py failed"
j tw60.pcap fourway g.json
python3 kinds.py g.json client > g.client
grep -qx 'time-wait@FIN_WAIT_2>TIME_WAIT E17' g.client && ok ||
    fail "tw60: no TIME_WAIT length difference: $(cat g.client)"
"$TCPVIZ" -q -r tw60.pcap --compare fourway |
    grep -q 'TIME_WAIT lasted 60 s here, 2 s (2\*MSL) in the scenario' && ok ||
    fail "tw60: the text does not give both lengths"

# A capture against its own replay (--to-scenario): nothing differs.
"$TCPVIZ" -q -r syn-lost.pcap --to-scenario self.scn &&
    j syn-lost.pcap self.scn f.json
grep -q '"differences":0}' f.json && ok ||
    fail "syn-lost against its own scenario: $(tail -1 f.json)"
# --conn picks the connection, as for --export.
j2=$("$TCPVIZ" -q -r syn-lost.pcap --conn 0 --compare handshake --format json | md5sum)
[ "$j2" = "$(md5sum < a.json)" ] && ok || fail "--conn 0 is not the default"

# 80 columns, English and Chinese (display width: CJK counts two).
for lang in en zh_CN; do
	for f in syn-lost finack rst-abort; do
		"$TCPVIZ" -q -r $f.pcap --compare fourway --lang $lang > t.txt ||
		    fail "$f --lang $lang: exit $?"
		python3 -c '
import sys, unicodedata
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
            for c in line.rstrip("\n"))
    if w > 80:
        print("line %d is %d columns: %s" % (n, w, line.rstrip()))
        sys.exit(1)' t.txt && ok || fail "$f --lang $lang: wider than 80"
	done
done
"$TCPVIZ" -q -r syn-lost.pcap --compare handshake --lang zh_CN > z.txt
grep -q '额外的重传' z.txt && grep -q '客户端' z.txt && ok ||
    fail "--lang zh_CN: not translated: $(sed -n 8,10p z.txt)"
# JSON stays English whatever the language.
"$TCPVIZ" -q -r syn-lost.pcap --compare handshake --lang zh_CN --format json |
    cmp -s - a.json && ok || fail "--format json changes with --lang"

# Errors: an unknown scenario, a bad connection number: exit 2.
"$TCPVIZ" -q -r syn-lost.pcap --compare no-such-lesson 2> err
[ $? -eq 2 ] && grep -q "no-such-lesson" err && ok ||
    fail "unknown scenario: $(cat err)"
"$TCPVIZ" -q -r syn-lost.pcap --compare handshake --conn 9 2> err
[ $? -eq 2 ] && grep -q 'conn 9: no such connection' err && ok ||
    fail "--conn 9: $(cat err)"
"$TCPVIZ" -q -r syn-lost.pcap --compare handshake --transitions 2>/dev/null
[ $? -eq 2 ] && ok || fail "--compare with --transitions is not a usage error"
finish
