#!/usr/bin/env python3
# seeds.py: starting inputs for the fuzz targets, from real captures and
# the shipped scenarios. The committed corpus (tests/fuzz/corpus/NAME) is
# what libFuzzer's -merge=1 kept of these plus what the fuzzers found;
# run this only to start over or to add captures:
#
#   tests/fuzz/seeds.py OUTDIR CAPTURE... [--scenarios DIR]
#
# writes OUTDIR/parse (one frame each: link-type index, mode 0, bytes),
# OUTDIR/pcap (the capture files themselves, if under 64 KiB), OUTDIR/engine
# (each capture's TCP segments in fuzz-engine.c's encoding) and
# OUTDIR/scenario. Needs only the Python standard library.
import hashlib
import os
import struct
import sys

# Must match fuzz_parse_linktypes[] in fuzz-parse.c.
PARSE_LINKTYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 9, 50, 104,
                   239]
MAX_FRAMES_PER_FILE = 20
MAX_SEGMENTS = 300
PCAP_SEED_MAX = 64 * 1024


def records(data):
    """Yield (linktype, ts_ns, frame) from a classic pcap or pcapng."""
    if len(data) < 24:
        return
    magic = data[:4]
    if magic == b"\x0a\x0d\x0d\x0a":
        yield from pcapng_records(data)
        return
    for endian, nano in (("<", False), (">", False)):
        m = struct.unpack(endian + "I", magic)[0]
        if m in (0xA1B2C3D4, 0xA1B23C4D):
            nano = m == 0xA1B23C4D
            break
    else:
        return
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII",
                                               data[off:off + 16])
        off += 16
        if incl > len(data) - off:
            return
        ts = sec * 10**9 + (frac if nano else frac * 1000)
        yield linktype, ts, data[off:off + incl]
        off += incl


def pcapng_records(data):
    """Enhanced packet blocks of a pcapng file (microsecond stamps)."""
    off, endian, ifaces = 0, "<", []
    while off + 12 <= len(data):
        btype = struct.unpack(endian + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = data[off + 8:off + 12]
            endian = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            ifaces = []
        blen = struct.unpack(endian + "I", data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 2:
            ifaces.append(struct.unpack(endian + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            ifc, hi, lo, cap, _w = struct.unpack(endian + "IIIII", body[:20])
            if ifc < len(ifaces):
                yield ifaces[ifc], ((hi << 32) | lo) * 1000, \
                    body[20:20 + cap]
        off += blen


def tcp_of(linktype, frame):
    """(src, dst, seq, ack, flags, win, paylen) for plain IPv4/IPv6 TCP."""
    if linktype == 1:
        if len(frame) < 14:
            return None
        et, p = struct.unpack(">H", frame[12:14])[0], frame[14:]
        if et == 0x8100 and len(frame) >= 18:
            et, p = struct.unpack(">H", frame[16:18])[0], frame[18:]
    elif linktype in (0, 108):
        if len(frame) < 4:
            return None
        p = frame[4:]
        et = 0x0800 if p[:1] and p[0] >> 4 == 4 else 0x86DD
    elif linktype == 113:
        if len(frame) < 16:
            return None
        et, p = struct.unpack(">H", frame[14:16])[0], frame[16:]
    elif linktype in (12, 14, 101, 228, 229):
        p = frame
        et = 0x0800 if p[:1] and p[0] >> 4 == 4 else 0x86DD
    else:
        return None
    if et == 0x0800 and len(p) >= 20 and p[9] == 6:
        ihl = (p[0] & 15) * 4
        tot = struct.unpack(">H", p[2:4])[0]
        src, dst, t = ("4", p[12:16]), ("4", p[16:20]), p[ihl:tot]
    elif et == 0x86DD and len(p) >= 40 and p[6] == 6:
        plen = struct.unpack(">H", p[4:6])[0]
        src, dst, t = ("6", p[8:24]), ("6", p[24:40]), p[40:40 + plen]
    else:
        return None
    if len(t) < 20:
        return None
    sp, dp, seq, ack, off_fl, win = struct.unpack(">HHIIHH", t[:16])
    hlen = (off_fl >> 12) * 4
    return (src + (sp,), dst + (dp,), seq, ack, off_fl & 0x7F, win,
            max(0, len(t) - hlen))


def engine_seed(recs):
    """Encode a capture's TCP segments for fuzz-engine.c (capture mode)."""
    # Header: default limits, history 8, capture mode; MSL 1 s, settle
    # 3 s, time base 1.7e18 (times are deltas), ISNs 1000.
    out = bytearray([0x10, 0x29])
    eps4, eps6, last, n = {}, {}, None, 0
    for lt, ts, frame in recs:
        seg = tcp_of(lt, frame)
        if seg is None:
            continue
        src, dst, seq, ack, flags, win, plen = seg
        table, base, cap = (eps4, 0, 6) if src[0] == "4" else (eps6, 6, 2)
        for e in (src, dst):
            if e not in table and len(table) < cap:
                table[e] = base + len(table)
        if src not in table or dst not in table:
            continue
        dt = 0 if last is None else max(0, ts - last)
        last = ts
        if dt == 0:
            op, tail = 0 << 3, b""
        elif dt < 2**32:
            op, tail = 27 << 3, struct.pack("<I", dt)
        else:
            op, tail = 28 << 3, struct.pack("<I", min(dt // 10**6, 2**32 - 1))
        e = table[src] | (table[dst] % 8) << 3 | 3 << 6
        f = 0x80 | (flags & 0x7F)
        g = 3 | 6 << 2          # explicit ack and length, window follows
        out += bytes([op, e, f, g])
        out += struct.pack("<IIIH", seq, ack, plen, win) + tail
        n += 1
        if n == MAX_SEGMENTS:
            break
    return bytes(out) if n else None


def put(outdir, name, blob):
    os.makedirs(os.path.join(outdir, name), exist_ok=True)
    path = os.path.join(outdir, name, hashlib.sha1(blob).hexdigest())
    with open(path, "wb") as f:
        f.write(blob)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__ or "usage: seeds.py OUTDIR CAPTURE...\n")
        return 2
    outdir, files, scen = argv[1], argv[2:], None
    if "--scenarios" in files:
        i = files.index("--scenarios")
        scen, files = files[i + 1], files[:i] + files[i + 2:]
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        if len(data) <= PCAP_SEED_MAX:
            put(outdir, "pcap", data)
        recs = list(records(data))
        for lt, _ts, frame in recs[:MAX_FRAMES_PER_FILE]:
            if lt in PARSE_LINKTYPES and len(frame) <= 4096:
                put(outdir, "parse",
                    bytes([PARSE_LINKTYPES.index(lt), 0]) + frame)
        blob = engine_seed(recs)
        if blob is not None:
            put(outdir, "engine", blob)
    if scen is not None:
        for name in sorted(os.listdir(scen)):
            if name.endswith(".scn"):
                with open(os.path.join(scen, name), "rb") as f:
                    put(outdir, "scenario", f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
