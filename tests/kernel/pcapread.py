"""Minimal, bounds-checked reader of classic pcap files holding TCP.

Used by the kernel truth tools only (tcpviz has its own C decoder): it
reads the captures the driver writes (Ethernet, IPv4/IPv6, TCP) and the
committed ones, and never trusts a length it has not checked.
"""

import ipaddress
import struct

MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1000),   # little endian, microseconds
    b"\xa1\xb2\xc3\xd4": (">", 1000),
    b"\x4d\x3c\xb2\xa1": ("<", 1),      # nanoseconds
    b"\xa1\xb2\x3c\x4d": (">", 1),
}
LINKTYPE_ETHERNET = 1
MAX_FRAMES = 1000000

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class Segment:
    """One decoded TCP segment with its capture time in nanoseconds."""

    __slots__ = ("frame", "t_ns", "src", "sport", "dst", "dport", "seq",
                 "ack", "flags", "plen", "ipid", "tsval", "sack")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def has(self, bit):
        return (self.flags & bit) != 0

    def key(self):
        """What identifies one transmission: the same frame at both taps.

        Retransmissions differ in IP ID (IPv4) and TSval, so copies of a
        segment sent twice have different keys.
        """
        return (self.src, self.sport, self.dst, self.dport, self.seq,
                self.ack, self.flags, self.plen, self.ipid, self.tsval)

    def flagstr(self):
        names = [(SYN, "SYN"), (FIN, "FIN"), (RST, "RST"), (PSH, "PSH"),
                 (ACK, "ACK")]
        return ",".join(n for b, n in names if self.flags & b) or "-"

    def __repr__(self):
        return ("#%d %.6f %s:%d > %s:%d %s seq=%d ack=%d len=%d%s" %
                (self.frame, self.t_ns / 1e9, self.src, self.sport,
                 self.dst, self.dport, self.flagstr(), self.seq, self.ack,
                 self.plen, "".join(" sack=%d-%d" % b for b in self.sack)))


def _options(data, start, end):
    """TSval and SACK blocks from the TCP options in data[start:end]."""
    tsval = None
    sack = []
    i = start
    end = min(end, len(data))
    while i < end:
        kind = data[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= end or data[i + 1] < 2 or i + data[i + 1] > end:
            break
        ln = data[i + 1]
        if kind == 8 and ln == 10:
            tsval = struct.unpack_from(">I", data, i + 2)[0]
        elif kind == 5 and ln >= 10 and (ln - 2) % 8 == 0:
            for j in range(i + 2, i + ln, 8):
                sack.append(struct.unpack_from(">II", data, j))
        i += ln
    return tsval, sack


def _tcp(frame, t_ns, data, off, src, dst, iplen_end, ipid=None):
    """Decode the TCP header at data[off:], payload bounded by iplen_end."""
    if off + 20 > len(data) or off + 20 > iplen_end:
        return None
    sport, dport, seq, ack, offflags, _win = struct.unpack_from(
        ">HHIIHH", data, off)
    doff = (offflags >> 12) * 4
    if doff < 20 or off + doff > iplen_end:
        return None
    tsval, sack = _options(data, off + 20, off + doff)
    return Segment(frame=frame, t_ns=t_ns, src=src, sport=sport, dst=dst,
                   dport=dport, seq=seq, ack=ack, flags=offflags & 0x1ff,
                   plen=iplen_end - off - doff, ipid=ipid, tsval=tsval,
                   sack=sack)


def _frame(frame, t_ns, data):
    """Decode one Ethernet frame; None unless it carries TCP."""
    if len(data) < 14:
        return None
    etype = struct.unpack_from(">H", data, 12)[0]
    off = 14
    depth = 0
    while etype in (0x8100, 0x88a8) and depth < 4:
        if off + 4 > len(data):
            return None
        etype = struct.unpack_from(">H", data, off + 2)[0]
        off += 4
        depth += 1
    if etype == 0x0800:
        if off + 20 > len(data):
            return None
        ihl = (data[off] & 0x0f) * 4
        total = struct.unpack_from(">H", data, off + 2)[0]
        proto = data[off + 9]
        frag = struct.unpack_from(">H", data, off + 6)[0] & 0x1fff
        if ihl < 20 or proto != 6 or frag != 0 or total < ihl:
            return None
        src = str(ipaddress.IPv4Address(data[off + 12:off + 16]))
        dst = str(ipaddress.IPv4Address(data[off + 16:off + 20]))
        ipid = struct.unpack_from(">H", data, off + 4)[0]
        return _tcp(frame, t_ns, data, off + ihl, src, dst, off + total,
                    ipid)
    if etype == 0x86dd:
        if off + 40 > len(data):
            return None
        plen = struct.unpack_from(">H", data, off + 4)[0]
        nxt = data[off + 6]
        if nxt != 6:
            return None
        src = str(ipaddress.IPv6Address(data[off + 8:off + 24]))
        dst = str(ipaddress.IPv6Address(data[off + 24:off + 40]))
        return _tcp(frame, t_ns, data, off + 40, src, dst, off + 40 + plen)
    return None


def read(path):
    """Return the list of TCP segments in a classic pcap file."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24 or blob[:4] not in MAGICS:
        raise ValueError("%s: not a classic pcap file" % path)
    endian, mult = MAGICS[blob[:4]]
    linktype = struct.unpack_from(endian + "I", blob, 20)[0] & 0x0fffffff
    if linktype != LINKTYPE_ETHERNET:
        raise ValueError("%s: link type %d, want Ethernet" % (path, linktype))
    segs = []
    off = 24
    frame = 0
    while off + 16 <= len(blob) and frame < MAX_FRAMES:
        sec, frac, caplen, _wirelen = struct.unpack_from(
            endian + "IIII", blob, off)
        off += 16
        if caplen > len(blob) - off:
            break
        frame += 1
        seg = _frame(frame, sec * 1000000000 + frac * mult,
                     blob[off:off + caplen])
        off += caplen
        if seg is not None:
            segs.append(seg)
    return segs


if __name__ == "__main__":
    import sys
    for p in sys.argv[1:]:
        for s in read(p):
            print(s)
