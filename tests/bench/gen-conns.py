#!/usr/bin/env python3
"""gen-conns.py: write a pcap of N TCP connections to one server port.

Each connection: handshake, K request/response exchanges, four-way close
(6 + 2K Ethernet/IPv4 frames). W connections run at once, their frames
interleaved one at a time, so a connection's frames are spread over the
file as on a busy server. With R, client address and port repeat every R
connections, so later connections reuse the 4-tuple of closed ones (new
instances after TIME_WAIT). For memory and throughput measurements of
tcpviz (tests/bench/README.md) and the re-read test (tests/reread.sh).

usage: gen-conns.py N OUT.pcap [--open] [--exchanges K] [--concurrent W]
                               [--reuse R] [--body B]
  --open: no close, connections stay ESTABLISHED (the worst case for the
  connection table); --body: B more bytes in each response (big files
  with few frames). Defaults: K=1, W=1, R=0 (no reuse), B=0.
"""
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from pcapgen import frame  # noqa: E402

S, SA, A, PA, FA = 0x02, 0x12, 0x10, 0x18, 0x11
SRV = bytes([10, 200, 0, 1])
REQ, RESP = b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\n\r\n"
BODY = b""


def conn(i, k, keep_open, reuse):
    """The segments of connection i, in order."""
    j = i % reuse if reuse else i
    cli = bytes([10, 100 + (j >> 16) % 100, (j >> 8) & 0xff, j & 0xff])
    cp = 1024 + (j * 7919) % 60000
    iss, irs = (i * 2654435761) & 0xffffffff, (i * 40503) & 0xffffffff
    c, s = iss + 1, irs + 1
    yield (cli, SRV, cp, 80, iss, 0, S, b"")
    yield (SRV, cli, 80, cp, irs, c, SA, b"")
    yield (cli, SRV, cp, 80, c, s, A, b"")
    for _ in range(k):
        yield (cli, SRV, cp, 80, c, s, PA, REQ)
        c += len(REQ)
        yield (SRV, cli, 80, cp, s, c, PA, RESP + BODY)
        s += len(RESP) + len(BODY)
    if keep_open:
        return
    yield (cli, SRV, cp, 80, c, s, FA, b"")
    yield (SRV, cli, 80, cp, s, c + 1, FA, b"")
    yield (cli, SRV, cp, 80, c + 1, s + 1, A, b"")


def opt(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


def main():
    n = int(sys.argv[1])
    keep_open = "--open" in sys.argv
    global BODY
    k, w, reuse = opt("--exchanges", 1), opt("--concurrent", 1), \
        opt("--reuse", 0)
    BODY = b"x" * opt("--body", 0)
    out = open(sys.argv[2], "wb")
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1700000000.0
    started, active = 0, []
    while started < n or active:
        while len(active) < w and started < n:
            active.append(conn(started, k, keep_open, reuse))
            started += 1
        alive = []
        for g in active:
            seg = next(g, None)
            if seg is None:
                continue
            alive.append(g)
            f = frame(seg[0], seg[1], seg[2], seg[3], seg[4] & 0xffffffff,
                      seg[5] & 0xffffffff, seg[6], seg[7])
            out.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6),
                                  len(f), len(f)))
            out.write(f)
            t += 0.00001
        active = alive
    out.close()


if __name__ == "__main__":
    main()
