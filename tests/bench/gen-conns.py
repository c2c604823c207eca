#!/usr/bin/env python3
"""gen-conns.py: write a pcap with N complete TCP connections.

Each connection: handshake, one request, one response, four-way close
(7 Ethernet/IPv4 frames), clients spread over many addresses and ports,
all to one server port, with connections overlapping in time. For memory
and throughput measurements of tcpviz (see tests/bench/README.md).

usage: gen-conns.py N OUT.pcap [--open]   (--open: no close, connections
stay ESTABLISHED, the worst case for the connection table)
"""
import os
import struct
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from pcapgen import frame  # noqa: E402


def main():
    n = int(sys.argv[1])
    keep_open = "--open" in sys.argv
    out = open(sys.argv[2], "wb")
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    srv = bytes([10, 200, 0, 1])
    t0 = 1700000000.0
    S, SA, A, PA, FA = 0x02, 0x12, 0x10, 0x18, 0x11
    for i in range(n):
        cli = bytes([10, 100 + (i >> 16) % 100, (i >> 8) & 0xff, i & 0xff])
        cp = 1024 + (i * 7919) % 60000
        iss, irs = (i * 2654435761) & 0xffffffff, (i * 40503) & 0xffffffff
        req, resp = b"GET / HTTP/1.0\r\n\r\n", b"HTTP/1.0 200 OK\r\n\r\n"
        segs = [
            (cli, srv, cp, 80, iss, 0, S, b""),
            (srv, cli, 80, cp, irs, iss + 1, SA, b""),
            (cli, srv, cp, 80, iss + 1, irs + 1, A, b""),
            (cli, srv, cp, 80, iss + 1, irs + 1, PA, req),
            (srv, cli, 80, cp, irs + 1, iss + 1 + len(req), PA, resp),
        ]
        if not keep_open:
            segs += [
                (cli, srv, cp, 80, iss + 1 + len(req),
                 irs + 1 + len(resp), FA, b""),
                (srv, cli, 80, cp, irs + 1 + len(resp),
                 iss + 2 + len(req), FA, b""),
                (cli, srv, cp, 80, iss + 2 + len(req),
                 irs + 2 + len(resp), A, b""),
            ]
        t = t0 + i * 0.0001
        for k, s in enumerate(segs):
            f = frame(s[0], s[1], s[2], s[3], s[4] & 0xffffffff,
                      s[5] & 0xffffffff, s[6], s[7])
            ts = t + k * 0.00001
            out.write(struct.pack("<IIII", int(ts), int((ts % 1) * 1e6),
                                  len(f), len(f)))
            out.write(f)
    out.close()


if __name__ == "__main__":
    main()
