#!/bin/bash
# pcap-reader.sh: a regular classic pcap file is read by tcpviz itself (big
# reads, records in place), anything else by libpcap (a pipe, and the rest
# of a file from its first odd record on). The two must agree: for files
# built here, every batch mode prints the same on `-r FILE` as on
# `cat FILE | tcpviz -r -` (stderr too, the file's name aside): both byte
# orders, us and ns stamps, several MiB (records across the reader's
# 1 MiB buffer), and the odd records that hand over to libpcap (a stamp
# out of range, caplen above the snapshot length or above the wire length,
# a huge or absurd caplen, seconds past 2038, a 2.3 file, a file cut in a
# record's header or data).
. "${top_srcdir:-.}/tests/lib.sh"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "no python3"

BASE=$top_srcdir/tests/pcap/kernel/many.pcap
[ -f "$BASE" ] || { echo "FAIL: no $BASE"; exit 1; }

python3 - "$BASE" "$TMPD" <<'EOF' || { echo "FAIL: building the files"; exit 1; }
import struct, sys

base, out = sys.argv[1:3]
src = open(base, "rb").read()
magic = struct.unpack("<I", src[:4])[0]
e = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
_, _, _, _, _, snap, lt = struct.unpack(e + "IHHiIII", src[:24])
recs, off = [], 24
while off + 16 <= len(src):
    s, f, c, l = struct.unpack(e + "IIII", src[off:off + 16])
    us = f // 1000 if nano else f
    recs.append([s, us, c, l, src[off + 16:off + 16 + c]])
    off += 16 + c
# Enough copies, each a minute later, for several MiB.
many = []
for k in range(4000):
    if sum(16 + len(r[4]) for r in many) > 5 * 1024 * 1024:
        break
    for s, us, c, l, d in recs:
        many.append([s + 60 * k, us, c, l, d])

def write(name, rs, endian="<", ns=False, snaplen=None, minor=4,
          tail=b""):
    m = 0xa1b23c4d if ns else 0xa1b2c3d4
    parts = [struct.pack(endian + "IHHiIII", m, 2, minor, 0, 0,
                         snaplen if snaplen is not None else snap, lt)]
    for s, us, c, l, d in rs:
        parts.append(struct.pack(endian + "IIII", s, us * 1000 if ns else us,
                                 c, l) + d)
    open("%s/%s.pcap" % (out, name), "wb").write(b"".join(parts) + tail)

def odd(i, **kw):
    rs = [list(r) for r in many]
    for k, v in kw.items():
        rs[i]["s us c l d".split().index(k)] = v
    return rs

mid = len(many) // 2
write("le-us", many)
write("be-us", many, endian=">")
write("le-ns", many, ns=True)
write("be-ns", many, endian=">", ns=True)
write("usec-out-of-range", odd(mid, us=1500000))
write("caplen-above-len", odd(mid, l=max(0, many[mid][2] - 1)))
write("snaplen-60", many, snaplen=60)
write("caplen-huge", odd(mid, c=300000, l=300000,
                         d=many[mid][4] + bytes(300000 - many[mid][2])))
write("caplen-absurd", odd(mid, c=0xffffffff, l=0xffffffff))
write("after-2038", odd(mid, s=0x90000000))
write("version-2.3", many, minor=3)
write("cut-in-header", many, tail=b"\x01\x02\x03\x04\x05")
whole = open("%s/le-us.pcap" % out, "rb").read()
open("%s/cut-in-data.pcap" % out, "wb").write(whole[:-10])
EOF

failed=0
n=0
for f in "$TMPD"/*.pcap; do
	name=$(basename "$f" .pcap)
	for mode in --segments --transitions --summary "--segments --format json"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		timeout 120 "$TCPVIZ" -r "$f" $mode >"$TMPD/file.out" \
		    2>"$TMPD/file.err"
		rf=$?
		# shellcheck disable=SC2086
		timeout 120 "$TCPVIZ" -r - $mode <"$f" >"$TMPD/pipe.out" \
		    2>"$TMPD/pipe.err"
		rp=$?
		sed "s|$f|(stdin)|g" "$TMPD/file.err" >"$TMPD/file.err2"
		if [ "$rf" -ne "$rp" ]; then
			echo "FAIL $name $mode: exit $rf from the file, $rp from the pipe"
			failed=$((failed + 1))
		elif ! cmp -s "$TMPD/file.out" "$TMPD/pipe.out"; then
			echo "FAIL $name $mode: the file and the pipe print differently:"
			diff "$TMPD/pipe.out" "$TMPD/file.out" | head -6
			failed=$((failed + 1))
		elif ! cmp -s "$TMPD/file.err2" "$TMPD/pipe.err"; then
			echo "FAIL $name $mode: stderr differs (- pipe, + file):"
			diff "$TMPD/pipe.err" "$TMPD/file.err2" | head -6
			failed=$((failed + 1))
		elif [ ! -s "$TMPD/file.out" ]; then
			echo "FAIL $name $mode: printed nothing"
			failed=$((failed + 1))
		fi
	done
	echo "ok   $name ($(wc -c <"$f") bytes): $(tail -1 "$TMPD/file.err")"
done
echo "$failed of $n comparisons failed"
[ "$failed" -eq 0 ]
