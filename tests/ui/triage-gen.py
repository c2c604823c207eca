"""triage-gen.py: write the capture tests/ui/tmux-triage.sh triages.

300 TCP connections, as a network engineer meets them (issue 17):
  - 288 clean ones, 10.207.H.L:PORT -> 10.207.0.254:443 (handshake, a
    request and its answer, the client closes first), one of them from
    10.207.0.1:50552 (a port of five digits, kept whole at 80 columns);
  - 3 like them whose client sends its request twice (retransmissions);
  - then, 100 s later (every TIME_WAIT before has ended):
    3 reset by the server after its answer (RST, ids 292-294),
    3 to port 8443 whose server never closes (2 clients in FIN_WAIT_2,
    1 whose FIN is never ACKed: FIN_WAIT_1; ids 295-297),
    2 left ESTABLISHED (ids 298-299),
    1 over IPv6, [2001:db8::1]:40000 -> [2001:db8::2]:443, closed clean
    (its client in TIME_WAIT at the end; id 300).
With --small, 12 connections for the screen goldens
(tests/pcap/triage-12.pcap): 6 clean (one from 10.207.0.1:50552, id 4),
one with a retransmission, 2 reset, one to 8443 in FIN_WAIT_2, one open and
the IPv6 one.
usage: triage-gen.py OUT.pcap [--small]
"""
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from pcapgen import csum, frame  # noqa: E402

S, SA, A, PA, FA, R = 0x02, 0x12, 0x10, 0x18, 0x11, 0x04
SRV = bytes([10, 207, 0, 254])
REQ, RESP = b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n"
C6 = bytes.fromhex("20010db8000000000000000000000001")
S6 = bytes.fromhex("20010db8000000000000000000000002")


def frame6(src, dst, sport, dport, seq, ack, flags, payload=b""):
    """One Ethernet frame: IPv6 src -> dst, TCP with the given fields."""
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                      65535, 0, 0) + payload
    ph = src + dst + struct.pack("!IxxxB", len(tcp), 6)
    tcp = tcp[:16] + struct.pack("!H", csum(ph + tcp)) + tcp[18:]
    ip = struct.pack("!IHBB", 6 << 28, len(tcp), 6, 64) + src + dst
    return b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x86\xdd" + ip + tcp


def conn(cli, srv, cp, sp, kind, i):
    """The segments (src, dst, sport, dport, seq, ack, flags, data)."""
    iss, irs = (i * 2654435761) & 0xffffffff, (i * 40503 + 7) & 0xffffffff
    c, s = iss + 1, irs + 1
    out = [(cli, srv, cp, sp, iss, 0, S, b""),
           (srv, cli, sp, cp, irs, c, SA, b""),
           (cli, srv, cp, sp, c, s, A, b""),
           (cli, srv, cp, sp, c, s, PA, REQ)]
    if kind == "retx":
        out.append((cli, srv, cp, sp, c, s, PA, REQ))
    c += len(REQ)
    out.append((srv, cli, sp, cp, s, c, PA, RESP))
    s += len(RESP)
    if kind == "rst":
        out.append((srv, cli, sp, cp, s, 0, R, b""))
    elif kind == "open":
        out.append((cli, srv, cp, sp, c, s, A, b""))
    elif kind == "finwait2":
        out += [(cli, srv, cp, sp, c, s, FA, b""),
                (srv, cli, sp, cp, s, c + 1, A, b"")]
    elif kind == "finwait1":
        out.append((cli, srv, cp, sp, c, s, FA, b""))
    else:
        out += [(cli, srv, cp, sp, c, s, FA, b""),
                (srv, cli, sp, cp, s, c + 1, FA, b""),
                (cli, srv, cp, sp, c + 1, s + 1, A, b"")]
    return out


def main():
    out = open(sys.argv[1], "wb")
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    plan = []
    small = "--small" in sys.argv
    nclean = 7 if small else 291
    for i in range(nclean):
        cli = bytes([10, 207, 1 + i // 200, 1 + i % 200])
        cp = 30000 + i
        if i == (3 if small else 7):
            cli, cp = bytes([10, 207, 0, 1]), 50552
        plan.append((0.1 * i, cli, SRV, cp, 443,
                     "retx" if i in ((4,) if small else (40, 140, 240))
                     else "clean"))
    tail = ["rst"] * 3 + ["finwait2"] * 2 + ["finwait1"] + ["open"] * 2
    if small:
        tail = ["rst"] * 2 + ["finwait2", "open"]
    for k, kind in enumerate(tail):
        cli = bytes([10, 207, 9, 1 + k])
        plan.append((130.0 + k, cli, SRV, 41000 + k,
                     8443 if kind.startswith("finwait") else 443, kind))
    plan.append((140.0, C6, S6, 40000, 443, "clean6"))
    for i, (t, cli, srv, cp, sp, kind) in enumerate(plan):
        for j, seg in enumerate(conn(cli, srv, cp, sp, kind, i + 1)):
            f = (frame6 if kind == "clean6" else frame)(*seg)
            ts = 1700000000.0 + t + 0.001 * j
            sec = int(ts)
            out.write(struct.pack("<IIII", sec, int((ts - sec) * 1e6),
                                  len(f), len(f)) + f)
    out.close()


main()
