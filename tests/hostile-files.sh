#!/bin/bash
# hostile-files.sh: captures and options built to hurt, each met with the
# right output or one clear line and exit 1 (runtime) or 2 (usage), never a
# crash, a hang, unbounded memory or a sanitizer report. Files (generated
# by python3 in a temp dir): a snaplen of 2^32-1, records longer than the
# snaplen or claiming 2 GiB, zero-length records, a file cut inside a
# record, time running backwards and jumping about, pcapng with unknown
# blocks and options between packets, blocks claiming 2-4 GiB, bad block
# lengths, a second big-endian section, timestamps at the int64 edge; one
# million connections against --max-conns 1000 (the limit holds and the
# evictions are reported). Options: absurd numbers and sizes, and the
# longest filter the kernel lets exec pass.
. "${top_srcdir:-.}/tests/lib.sh"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
LIMIT=${TCPVIZ_HOSTILE_TIMEOUT:-60}
TIMEV=
[ -x /usr/bin/time ] && TIMEV=/usr/bin/time

# ---- the files -----------------------------------------------------------
cat >"$TMPD/gen.py" <<'PYEOF'
"""Write the hostile capture files of tests/hostile-files.sh into a dir."""
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests"))
from pcapgen import frame  # noqa: E402


def conversation():
    """A whole connection: handshake, request, response, four-way close."""
    c, s, cp, sp = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000, 80
    i, r = 1000, 5000
    q, a = b"GET / HTTP/1.0\r\n\r\n", b"HTTP/1.0 200 OK\r\n\r\n"
    S, SA, A, PA, FA = 0x02, 0x12, 0x10, 0x18, 0x11
    return [
        frame(c, s, cp, sp, i, 0, S),
        frame(s, c, sp, cp, r, i + 1, SA),
        frame(c, s, cp, sp, i + 1, r + 1, A),
        frame(c, s, cp, sp, i + 1, r + 1, PA, q),
        frame(s, c, sp, cp, r + 1, i + 1 + len(q), PA, a),
        frame(c, s, cp, sp, i + 1 + len(q), r + 1 + len(a), A),
        frame(c, s, cp, sp, i + 1 + len(q), r + 1 + len(a), FA),
        frame(s, c, sp, cp, r + 1 + len(a), i + 2 + len(q), A),
        frame(s, c, sp, cp, r + 1 + len(a), i + 2 + len(q), FA),
        frame(c, s, cp, sp, i + 2 + len(q), r + 2 + len(a), A),
    ]


T0 = 1700000000


def pcap(path, recs, snaplen=65535, magic=0xa1b2c3d4):
    """recs: (sec, frac, caplen, wirelen, data)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, 1))
        for sec, frac, cl, wl, data in recs:
            f.write(struct.pack("<IIII", sec, frac, cl, wl) + data)


def plain(frames, t=lambda k: (T0 + k // 10, (k % 10) * 100000)):
    return [t(k) + (len(d), len(d), d) for k, d in enumerate(frames)]


def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def opt(code, val):
    return struct.pack("<HH", code, len(val)) + val + b"\0" * (-len(val) % 4)


def shb(options=b""):
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                 + options)


def idb(options=b""):
    return block(1, struct.pack("<HHI", 1, 0, 0) + options)


def epb(data, ts, options=b""):
    body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, len(data),
                       len(data)) + data
    body += b"\0" * (-len(body) % 4) + options
    return block(6, body)


def ts_us(k):
    return (T0 + k // 10) * 1000000 + (k % 10) * 100000


def main():
    d = sys.argv[1]
    conv = conversation()
    w = lambda name, data: open(os.path.join(d, name), "wb").write(data)

    pcap(os.path.join(d, "base.pcap"), plain(conv))
    # A snaplen of 2^32-1 in the file header.
    pcap(os.path.join(d, "snaplen-huge.pcap"), plain(conv),
         snaplen=0xffffffff)
    # Records longer than the header's snaplen of 60.
    pcap(os.path.join(d, "caplen-over-snaplen.pcap"), plain(conv),
         snaplen=60)
    # Zero-length records (and one that claims 60 bytes on the wire)
    # between every two packets.
    recs = []
    for k, r in enumerate(plain(conv)):
        recs.append(r)
        recs.append((T0, 0, 0, 0 if k % 2 else 60, b""))
    pcap(os.path.join(d, "zero-length.pcap"), recs)
    # A record that claims 2 GiB after three good ones; a file cut short
    # inside its last record; a record shorter on the wire than captured.
    recs = plain(conv)
    pcap(os.path.join(d, "caplen-huge.pcap"), recs[:3] + [
        (T0, 0, 0x7fffffff, 0x7fffffff, b"\0" * 64)] + recs[3:])
    with open(os.path.join(d, "base.pcap"), "rb") as f:
        w("cut.pcap", f.read()[:-20])
    pcap(os.path.join(d, "wirelen-short.pcap"),
         [(s, u, cl, 20, x) for s, u, cl, wl, x in recs])
    # Time runs backwards: each packet 7 s before the one it follows.
    pcap(os.path.join(d, "backwards.pcap"),
         plain(conv, lambda k: (T0 + 100 - 7 * k, 0)))
    # Time jumps back and forth by days, and fields out of range.
    jumps = [(T0, 0), (0, 0), (0xffffffff, 999999), (T0, 0xffffffff),
             (1, 1), (0x7fffffff, 0), (T0 - 86400 * 365, 5), (T0, 0),
             (0xffffffff, 0xffffffff), (0, 0)]
    pcap(os.path.join(d, "time-jumps.pcap"),
         plain(conv, lambda k: jumps[k]))
    # The same, nanosecond magic.
    pcap(os.path.join(d, "time-jumps-ns.pcap"),
         plain(conv, lambda k: jumps[k]), magic=0xa1b23c4d)

    # pcapng: unknown blocks and unknown options between the packets.
    out = shb(opt(0x4242, b"shb-unknown") + opt(0, b""))
    out += idb(opt(9, b"\x06") + opt(0x7777, b"\x01\x02\x03")
               + opt(0x8001, b"x" * 300) + opt(0, b""))
    for k, f in enumerate(conv):
        out += epb(f, ts_us(k), opt(0x7777, b"abc") + opt(1, b"comment")
                   + opt(0xfffe, b"") + opt(0, b""))
        out += block(0x00000BAD, struct.pack("<I", 32473) + b"custom" * 7)
        out += block(0x80000001, b"local use" * 3)
        out += block(0x0000000A, b"\xff" * 24)        # decryption secrets
        out += block(5, struct.pack("<III", 0, 0, 0) + opt(0x5555, b"isb"))
        out += block(0x12345678, b"")
    w("unknown-blocks.pcapng", out)

    # pcapng: a block that claims 4 GiB (and the file ends soon after).
    head = shb() + idb() + b"".join(epb(f, ts_us(k))
                                    for k, f in enumerate(conv[:3]))
    w("huge-block.pcapng", head + struct.pack("<II", 0x00000BAD,
                                              0xFFFFFFF0) + b"\0" * 64)
    # ... an EPB that claims 2 GiB.
    w("huge-epb.pcapng", head + struct.pack("<II", 6, 0x7FFFFFFC)
      + struct.pack("<IIIII", 0, 0, 0, 0x7FFFFFE0, 0x7FFFFFE0) + b"\0" * 64)
    # ... a 15 MiB unknown block (under the reader's 16 MiB limit), then the
    # rest of the packets.
    w("big-block.pcapng", head + block(0x00000BAD, b"\0" * (15 << 20))
      + b"".join(epb(f, ts_us(k + 3)) for k, f in enumerate(conv[3:])))
    # ... block lengths too short, unaligned, and a trailer that disagrees.
    w("bad-lengths.pcapng", head + struct.pack("<III", 0xBAD, 8, 8))
    w("unaligned.pcapng", head + struct.pack("<II", 0xBAD, 13) + b"\0" * 9)
    w("trailer.pcapng", head + struct.pack("<II", 0xBAD, 16) + b"\0" * 4
      + struct.pack("<I", 20) + b"".join(epb(f, ts_us(k + 3))
                                         for k, f in enumerate(conv[3:])))
    # ... a second section, big-endian, with the rest of the packets.
    be = struct.pack(">IIIHHq", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1)
    be += struct.pack(">I", 28)
    be += struct.pack(">IIHHII", 1, 20, 1, 0, 0, 20)
    for k, f in enumerate(conv[3:]):
        ts = ts_us(k + 3)
        body = struct.pack(">IIIII", 0, ts >> 32, ts & 0xffffffff, len(f),
                           len(f)) + f + b"\0" * (-len(f) % 4)
        be += struct.pack(">II", 6, 12 + len(body)) + body
        be += struct.pack(">I", 12 + len(body))
    w("two-sections.pcapng", head + be)
    # ... timestamps at the edge: 2^64-1 units of 1 ns, and 1 s, with the
    # largest offset; then a coarse 2^-0 resolution.
    for name, opts, ts in (
            ("ts-max-ns.pcapng", opt(9, b"\x09") + opt(14,
             struct.pack("<q", 999999999)), 0xffffffffffffffff),
            ("ts-max-s.pcapng", opt(9, b"\x00") + opt(14,
             struct.pack("<q", 999999999)), 0xffffffffffffffff),
            ("ts-neg-offset.pcapng", opt(9, b"\x06") + opt(14,
             struct.pack("<q", -999999999)), 0),
            ("ts-pow2.pcapng", opt(9, b"\x80"), 0xffffffffffffffff),
            ("ts-pow2-63.pcapng", opt(9, b"\xbf"), 0xffffffffffffffff)):
        out = shb() + idb(opts + opt(0, b""))
        out += b"".join(epb(f, ts - (9 - k) if ts else k * 1000000)
                        for k, f in enumerate(conv))
        w(name, out)


main()
PYEOF
G=$TMPD/g
mkdir "$G"
top_srcdir=$top_srcdir python3 "$TMPD/gen.py" "$G" || { fail "gen.py failed"; finish; }

# run FILE-OR-- ARGS...: tcpviz with a time limit; $TMPD/out, $TMPD/err,
# $rc, $rss (KiB, or empty without /usr/bin/time).
run() {
	rss=
	if [ -n "$TIMEV" ]; then
		timeout -s KILL "$LIMIT" "$TIMEV" -o "$TMPD/rss" -f %M \
		    "$TCPVIZ" "$@" >"$TMPD/out" 2>"$TMPD/err" </dev/null
		rc=$?
		rss=$(tail -1 "$TMPD/rss" 2>/dev/null)
		# time's own status line when the child dies of a signal
		case $rss in *[!0-9]*) rss= ;; esac
		if grep -q '^Command terminated by signal' "$TMPD/rss" \
		    2>/dev/null; then
			rc=$((128 + $(grep -o '[0-9]*$' "$TMPD/rss" | head -1)))
		fi
	else
		timeout -s KILL "$LIMIT" "$TCPVIZ" "$@" >"$TMPD/out" \
		    2>"$TMPD/err" </dev/null
		rc=$?
	fi
}

# sane WHAT: the last run did not crash, hang, or report; failing exits
# carry a message, and every stderr line is one short message.
sane() {
	local what=$1
	if [ "$rc" -eq 137 ]; then
		fail "$what: over ${LIMIT}s"
	elif [ "$rc" -gt 2 ]; then
		fail "$what: exit $rc: $(head -c 300 "$TMPD/err")"
	elif grep -Eq 'Sanitizer|runtime error:|AddressSanitizer' "$TMPD/err"
	then
		fail "$what: $(grep -m2 -E 'Sanitizer|runtime error:' "$TMPD/err")"
	elif [ "$rc" -ne 0 ] && [ ! -s "$TMPD/err" ]; then
		fail "$what: exit $rc with no message"
	elif [ "$(awk 'length > 400' "$TMPD/err" | wc -l)" -ne 0 ]; then
		fail "$what: a message over 400 bytes: $(head -c 200 "$TMPD/err")"
	else
		return 0
	fi
	return 1
}

# Every file through every mode: nothing crashes.
for f in "$G"/*; do
	for mode in "--segments" "--transitions" "--transitions --format json" \
	    "--summary" "--segments --format json" "--screen 100x30"; do
		# shellcheck disable=SC2086
		run -q -r "$f" $mode
		sane "$(basename "$f") $mode" && ok
	done
done

timeout "$LIMIT" "$TCPVIZ" -q -r "$G/base.pcap" --transitions >"$TMPD/base" 2>&1 ||
    fail "base.pcap: exit $?: $(head -3 "$TMPD/base")"
[ "$(wc -l <"$TMPD/base")" -eq 11 ] && ok ||
    fail "base.pcap: $(wc -l <"$TMPD/base") transitions, want 11"

# The same eleven transitions whatever the damage around the packets.
for name in snaplen-huge.pcap caplen-over-snaplen.pcap zero-length.pcap \
    wirelen-short.pcap unknown-blocks.pcapng big-block.pcapng \
    two-sections.pcapng; do
	run -q -r "$G/$name" --transitions
	if sane "$name" && [ "$rc" -eq 0 ] && cmp -s "$TMPD/out" "$TMPD/base"
	then
		ok
	else
		fail "$name: exit $rc, transitions differ: $(diff "$TMPD/base" "$TMPD/out" | head -4 | tr '\n' '|')"
	fi
done
run -r "$G/zero-length.pcap" --segments
[ "$(wc -l <"$TMPD/out")" -eq 10 ] && grep -q "20 frames, 10 TCP segments; skipped 10" "$TMPD/err" && ok ||
    fail "zero-length.pcap: $(wc -l <"$TMPD/out") segments, $(cat "$TMPD/err")"
run -q -r "$G/unknown-blocks.pcapng" --segments
[ "$(wc -l <"$TMPD/out")" -eq 10 ] && ok ||
    fail "unknown-blocks.pcapng: $(wc -l <"$TMPD/out") segments, want 10"

# Damage after three packets: their five transitions, then one line
# naming the place, exit 1; memory stays small whatever a length claims.
for name in caplen-huge.pcap huge-block.pcapng huge-epb.pcapng \
    bad-lengths.pcapng unaligned.pcapng trailer.pcapng; do
	run -q -r "$G/$name" --transitions
	head -5 "$TMPD/base" >"$TMPD/want"
	if ! sane "$name"; then
		:
	elif [ "$rc" -ne 1 ] || [ "$(wc -l <"$TMPD/err")" -ne 1 ] ||
	    ! grep -Eq "frame 4|offset 312" "$TMPD/err"; then
		fail "$name: exit $rc, stderr: $(head -c 300 "$TMPD/err")"
	elif ! cmp -s "$TMPD/out" "$TMPD/want"; then
		fail "$name: the first packets' transitions are not all there"
	elif [ -n "$rss" ] && [ "$rss" -gt 200000 ]; then
		fail "$name: $rss KiB resident"
	else
		ok
	fi
done
run -q -r "$G/cut.pcap" --transitions
head -10 "$TMPD/base" >"$TMPD/want"
sane cut.pcap && [ "$rc" -eq 1 ] && cmp -s "$TMPD/out" "$TMPD/want" &&
    grep -q "ends in the middle of a packet record after frame 9" "$TMPD/err" &&
    ok || fail "cut.pcap: exit $rc, $(head -c 300 "$TMPD/err")"

# Time running backwards or jumping: each endpoint goes through the same
# states in the same order (equal times may interleave the two ends
# differently), lines stay in time order; a jump forward may end TIME_WAIT
# (2*MSL passed), nothing else is added.
cut -d' ' -f2- "$TMPD/base" | sort -s -k1,1 >"$TMPD/base.st"
for name in backwards.pcap time-jumps.pcap time-jumps-ns.pcap \
    ts-neg-offset.pcapng ts-max-ns.pcapng ts-max-s.pcapng ts-pow2.pcapng \
    ts-pow2-63.pcapng; do
	run -q -r "$G/$name" --transitions
	sane "$name" || continue
	grep -v 'TIME_WAIT -> CLOSED$' "$TMPD/out" | cut -d' ' -f2- |
	    sort -s -k1,1 >"$TMPD/out.st"
	if [ "$rc" -ne 0 ]; then
		fail "$name: exit $rc: $(head -c 300 "$TMPD/err")"
	elif ! cmp -s "$TMPD/out.st" "$TMPD/base.st"; then
		fail "$name: states differ: $(diff "$TMPD/base.st" "$TMPD/out.st" | head -4 | tr '\n' '|')"
	elif [ "$(grep -c 'TIME_WAIT -> CLOSED$' "$TMPD/out")" -gt 1 ]; then
		fail "$name: TIME_WAIT ended more than once"
	elif ! awk '{ t = $1 + 0; if (NR > 1 && t < last) exit 1; last = t }' "$TMPD/out"; then
		fail "$name: lines out of time order"
	elif ! awk '{ if ($2 in st && st[$2] != $3) exit 1; st[$2] = $5 }' "$TMPD/out"; then
		fail "$name: an endpoint's chain of states is broken"
	else
		ok
	fi
	# Timestamps at the int64 edge stay there: no wrap to negative.
	case $name in ts-max-*|ts-pow2.pcapng)
		grep -q '^-' "$TMPD/out" && fail "$name: time wrapped negative" || ok
	esac
done

# ---- one million connections ---------------------------------------------
cat >"$TMPD/gen1m.py" <<'PYEOF'
import struct, sys
n = int(sys.argv[1])
out = open(sys.argv[2], "wb")
out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
rec = bytearray(struct.pack("<IIII", 0, 0, 54, 54)
                + b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00"
                + struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64,
                              6, 0, b"\x0a\0\0\0", b"\x0a\xc8\0\x01")
                + struct.pack("!HHIIBBHHH", 0, 80, 0, 0, 5 << 4, 0x02,
                              65535, 0, 0))
chunk = []
for i in range(n):     # SYN only, each from its own address and port
    struct.pack_into("<II", rec, 0, 1700000000 + i // 100000,
                     (i % 100000) * 10)
    struct.pack_into("!BBB", rec, 43, (i >> 16) & 0xff, (i >> 8) & 0xff,
                     i & 0xff)
    struct.pack_into("!H", rec, 50, 1024 + i % 60000)
    struct.pack_into("!I", rec, 54, i * 2654435761 & 0xffffffff)
    chunk.append(bytes(rec))
    if len(chunk) == 65536:
        out.write(b"".join(chunk))
        chunk = []
out.write(b"".join(chunk))
PYEOF
start=$(date +%s)
if timeout 60 python3 "$TMPD/gen1m.py" 1000000 "$TMPD/c1m.pcap" &&
    timeout 30 python3 "$TMPD/gen1m.py" 100000 "$TMPD/c100k.pcap"; then
	echo "generated 1,000,000 SYNs in $(($(date +%s) - start)) s"
	LIMIT=180 run -r "$TMPD/c1m.pcap" --max-conns 1000 --summary
	echo "--summary --max-conns 1000 over 1,000,000 connections: $(($(date +%s) - start)) s since the start, ${rss:-?} KiB"
	if sane "1M connections"; then
		[ "$rc" -eq 0 ] && ok || fail "1M connections: exit $rc"
		# Every connection is summarised, evicted ones too.
		# (one unindented line each; the triage lines are indented)
		n=$(grep -c '^[^ ]' "$TMPD/out")
		[ "$n" -eq 1000000 ] && ok || fail "1M connections: $n lines"
		grep -q "^tcpviz: 999000 connections evicted" "$TMPD/err" && ok ||
		    fail "1M connections: evictions not reported: $(head -c 300 "$TMPD/err")"
		# The summary keeps a small record per connection, so allow
		# for that (about 100 B each) and a sanitizer's overhead.
		if [ -n "$rss" ] && [ "$rss" -gt 600000 ]; then
			fail "1M connections: $rss KiB resident"
		else
			ok
		fi
	fi
	# The table limit is what bounds memory: 1000 at once against 100,000.
	run -q -r "$TMPD/c100k.pcap" --max-conns 1000 --transitions
	small=$rss
	sane "100k --max-conns 1000" && [ "$(wc -l <"$TMPD/out")" -eq 100000 ] &&
	    grep -q "99000 connections evicted" "$TMPD/err" && ok ||
	    fail "100k --max-conns 1000: $(wc -l <"$TMPD/out") lines, $(head -c 200 "$TMPD/err")"
	run -q -r "$TMPD/c100k.pcap" --max-conns 100000 --transitions
	big=$rss
	sane "100k --max-conns 100000" && [ ! -s "$TMPD/err" ] && ok ||
	    fail "100k --max-conns 100000: $(head -c 200 "$TMPD/err")"
	if [ -n "$small" ] && [ -n "$big" ]; then
		echo "100,000 connections: ${small} KiB with --max-conns 1000, ${big} KiB with 100000"
		[ "$small" -lt 65536 ] && [ $((small * 3)) -lt "$big" ] && ok ||
		    fail "--max-conns 1000 does not bound memory: $small KiB against $big KiB"
	fi
	rm -f "$TMPD/c1m.pcap" "$TMPD/c100k.pcap"
else
	fail "could not generate the million-connection capture"
fi

# ---- absurd options ------------------------------------------------------
P=$G/base.pcap
# usage ARGS...: exit 2, one line on stderr, nothing on stdout.
usage() {
	local what
	what=$(printf '%s' "$*" | head -c 100)
	run "$@"
	if sane "$what" && [ "$rc" -eq 2 ] &&
	    [ "$(wc -l <"$TMPD/err")" -eq 1 ] && [ ! -s "$TMPD/out" ]; then
		ok
	else
		fail "tcpviz $what: exit $rc, stderr: $(head -c 200 "$TMPD/err")"
	fi
}
for a in "--msl -1" "--msl 0" "--msl 1e99" "--msl nan" "--msl inf" \
    "--msl ''" "--max-conns 0" "--max-conns -1" \
    "--max-conns 99999999999999999999" "--max-conns 18446744073709551617" \
    "--max-conns 1e3" "--max-history 0" "--max-history 99999999999999" \
    "--screen 0x0" "--screen 99999x99999" "--screen -1x-1" \
    "--screen 100x" "--screen x30" "--screen 100x30x2" "--at -1" \
    "--at 99999999999999999999" "--format xml" "--speed 0" \
    "--seed -1" "--seed 99999999999999999999"; do
	eval "usage -r \"\$P\" --transitions $a"
done
usage -r "$P" --screen 100x30 --at -1
usage -r "$P" --screen 0x30
# Extreme but legal: the biggest screen and a step past the end draw.
run -r "$P" --screen 1000x1000 --at 1000000000
sane "--screen 1000x1000 --at 1e9" && [ "$rc" -eq 0 ] &&
    [ "$(wc -l <"$TMPD/out")" -eq 1000 ] && ok ||
    fail "--screen 1000x1000: exit $rc, $(wc -l <"$TMPD/out") lines"
run -q -r "$P" --msl 3600 --max-conns 100000000 --max-history 100000000 \
    --transitions
sane "the largest limits" && cmp -s "$TMPD/out" "$TMPD/base" && ok ||
    fail "the largest limits: exit $rc, output differs"

# Filters: one argument as long as exec allows (128 KiB with its NUL),
# then as many such arguments as the largest stack lets exec pass (Linux
# caps the whole argv near 6 MiB, so a 10 MiB filter cannot reach tcpviz).
a=$(head -c 131071 /dev/zero | tr '\0' 'x')
usage -r "$P" --transitions "$a"
grep -q "longer than" "$TMPD/err" && ok || fail "128 KiB filter: $(head -c 200 "$TMPD/err")"
a=${a:0:100000}
args=()
for i in $(seq 1 64); do args+=("$a"); done
passed=
for n in 64 60 56 48 32 16; do
	(ulimit -s 65536 2>/dev/null
	 "$TCPVIZ" -r "$P" --transitions "${args[@]:0:$n}" \
	     >"$TMPD/out" 2>"$TMPD/err" </dev/null)
	rc=$?
	if [ "$rc" -ne 126 ]; then
		passed=$n
		break
	fi
done
if [ -z "$passed" ]; then
	fail "exec refused even 1.6 MB of filter arguments"
else
	echo "largest filter exec passed: $passed x 100,000 bytes"
	sane "a $passed x 100 kB filter" && [ "$rc" -eq 2 ] &&
	    [ "$(wc -l <"$TMPD/err")" -eq 1 ] && grep -q "longer than" "$TMPD/err" &&
	    ok || fail "$passed x 100 kB filter: exit $rc, $(head -c 200 "$TMPD/err")"
fi
# A long bad filter is quoted short; deep nesting is refused by libpcap.
usage -r "$P" --transitions "$(printf 'not %.0s' $(seq 1 12000))tcp"
usage -r "$P" --transitions "$(printf '(%.0s' $(seq 1 20000))tcp$(printf ')%.0s' $(seq 1 20000))"
usage -r "$P" --transitions "tcp port 99999"
finish
