#!/usr/bin/env python3
# tshark-compare.py: tcpviz --segments --format json against tshark, per
# frame. Two modes (run by tests/tshark-stream.sh, tests/tshark-analysis.sh):
#   stream    frame -> connection number against tcp.stream
#   analysis  per tcp.analysis flag, the frames each marks
# Captures: every file under tests/pcap and a fixed sample of 40 files of
# the shared corpus (MANIFEST.tsv: TCP frames, not malformed, under 1 MB,
# every k-th by path), skipping those tshark rejects.
# Exit 0 pass, 1 fail.
import json
import os
import subprocess
import sys

TCPVIZ = os.environ["TCPVIZ"]
SRCDIR = os.environ["top_srcdir"]
CORPUS = os.environ.get("TCPVIZ_CORPUS") or os.path.join(
    SRCDIR, "..", "shared", "corpus")
TIMEOUT = 120
SAMPLE = 40

FLAG_FILES = ["chrissanders-packets/tcp_zerowindowdead.pcapng",
              "chrissanders-packets/tcp_zerowindowrecovery.pcapng",
              "chrissanders-packets/tcp_retransmissions.pcapng",
              "arkime/wireshark-retrans.pcap",
              "suricata-verify/bug-4376/syn_retransmit_with_ts.pcap"]

FLAGS = ["retransmission", "fast_retransmission", "duplicate_ack",
         "zero_window", "window_full", "keep_alive", "out_of_order",
         "lost_segment", "ack_lost_segment"]

# Explained differences of the analysis mode: (file suffix, flag, frames
# or "*" for every frame of the file, side: "tcpviz" or "tshark", why).
OOO_TIME = ("tshark calls a segment below the sender's highest sequence "
            "out-of-order when it comes within its reordering time (3 ms, "
            "or the RTT) of the sender's newest one, a retransmission "
            "later; tcpviz has no timing rule: out-of-order only while a "
            "gap the capture saw is open, else retransmission")
HOLE = ("tshark also flags an ACK that covers bytes inside a gap the "
        "capture missed (e.g. TLPW1 frame 27 acks 17033, inside the unseen "
        "15745-22993; dns-tcp-ts-gap frame 11 acks over the client's unseen "
        "35-69); tcpviz keeps no list of holes and flags only an ACK beyond "
        "the highest sequence seen")
DUPCOUNT = ("provisional, not analysed to the end: a capture holding every "
            "frame twice, some out of time order; tshark's dup-ACK count of "
            "a side survives the data segments between (so a later copy "
            "is a fast retransmission) and it does not call the second "
            "copy of an ACK that followed a retransmitted SYN,ACK (14) or "
            "of a repeated ACK (46) a dup ACK, where tcpviz counts afresh")
MIDSTREAM_SEED = ("joined mid-stream with ACKs first: tcpviz seeds the "
                  "silent side's next sequence from the first ACK "
                  "(relative 1), so the ACKs of 2921.. ack unseen bytes "
                  "and that side's first data (8761) follows a gap; "
                  "tshark has no base for a side before its first segment")
CHALLENGE = ("RFC 5961: a raw socket's SYN with a new sequence number on "
             "the established 4-tuple (frame 6); tshark takes it for a new "
             "conversation (tcp.stream 1, 'port numbers reused'), based at "
             "that SYN, so the server's challenge ACK (7) has no earlier "
             "ACK in it to duplicate and the client's data (10), below the "
             "SYN's number, looks resent; tcpviz keeps one connection (the "
             "SYN is not its sender's, the kernel stayed ESTABLISHED) where "
             "7 repeats the ACK of 5 and 10 is new")
EXPLAINED = [
    ("kernel/challenge-ack.pcap", "duplicate_ack", [7], "tcpviz", CHALLENGE),
    ("kernel/challenge-ack.pcap", "retransmission", [10], "tshark",
     CHALLENGE),
    ("kernel/challenge-ack.server.pcap", "duplicate_ack", [7], "tcpviz",
     CHALLENGE),
    ("kernel/challenge-ack.server.pcap", "retransmission", [10], "tshark",
     CHALLENGE),
    ("kernel/loss.pcap", "retransmission", [16], "tcpviz", OOO_TIME),
    ("kernel/loss.pcap", "out_of_order", [16], "tshark", OOO_TIME),
    ("kernel/loss.server.pcap", "retransmission", [16], "tcpviz", OOO_TIME),
    ("kernel/loss.server.pcap", "out_of_order", [16], "tshark", OOO_TIME),
    # ofo-fin: at the client side the RACK copy 20 us after the SACK;
    # at the server side the RTO copy 205 ms on, into the gap it saw.
    ("kernel/ofo-fin.pcap", "retransmission", [9], "tcpviz", OOO_TIME),
    ("kernel/ofo-fin.pcap", "out_of_order", [9], "tshark", OOO_TIME),
    ("kernel/ofo-fin.server.pcap", "retransmission", [8], "tshark",
     OOO_TIME),
    ("kernel/ofo-fin.server.pcap", "out_of_order", [8], "tcpviz", OOO_TIME),
    ("util-action-05/input.pcap", "retransmission", [3], "tcpviz", OOO_TIME),
    ("util-action-05/input.pcap", "out_of_order", [3], "tshark", OOO_TIME),
    ("zeek/tcp/ctu-64702-888.pcap", "retransmission", [6], "tshark",
     OOO_TIME),
    ("zeek/tcp/ctu-64702-888.pcap", "out_of_order", [6], "tcpviz", OOO_TIME),
    ("arkime/y2038-bgp.pcap", "ack_lost_segment", [2, 3], "tcpviz",
     "the capture starts at the server's SYN,ACK: tcpviz takes the "
     "client's next sequence from its ACK (ISS + 1), so the server's ACK "
     "of 45 client bytes acks what was never seen; tshark knows nothing "
     "of the client's sequence before its first segment"),
    ("arkime/y2038-bgp.pcap", "lost_segment", [4], "tcpviz",
     "the same: the client's first segment starts 45 bytes past the ISS + 1 "
     "the SYN,ACK acked, a gap for tcpviz, tshark's base for the client"),
    ("chrissanders-packets/tcp_dupack.pcapng", "lost_segment", [2],
     "tcpviz", "joined mid-stream: tcpviz seeds the sender's next sequence "
     "from the peer's ACK in frame 1 (relative 1), frame 2 starts at "
     "10945; tshark takes a side's first segment as its base"),
    ("bug-4376/syn_retransmit_with_ts.pcap", "retransmission", [51],
     "tcpviz", OOO_TIME + " (frame 51 has the same time stamp as 50)"),
    ("bug-4376/syn_retransmit_with_ts.pcap", "out_of_order", [51],
     "tshark", OOO_TIME + " (frame 51 has the same time stamp as 50)"),
    ("arkime/wireshark-retrans.pcap", "retransmission", [10], "tcpviz",
     OOO_TIME + " (a SYN 1 ms after data from the same end)"),
    ("arkime/wireshark-retrans.pcap", "out_of_order", [10], "tshark",
     OOO_TIME + " (a SYN 1 ms after data from the same end)"),
    ("arkime/wireshark-retrans.pcap", "fast_retransmission",
     [42, 86, 101, 103, 104], "tshark", DUPCOUNT),
    ("arkime/wireshark-retrans.pcap", "duplicate_ack", [14, 46], "tcpviz",
     DUPCOUNT),
    ("chrissanders-packets/tcp_zerowindowrecovery.pcapng",
     "ack_lost_segment", [2, 3, 4, 5], "tcpviz", MIDSTREAM_SEED),
    ("chrissanders-packets/tcp_zerowindowrecovery.pcapng", "lost_segment",
     [6], "tcpviz", MIDSTREAM_SEED),
    ("dns-tcp-ts-gap/input.pcap", "ack_lost_segment", [11], "tshark",
     HOLE),
    ("TLPW1-tcp-47.32.209.86-10.11.23.101-tcp-80-49470.pcap",
     "ack_lost_segment", [14, 17, 27], "tshark", HOLE),
]

# Explained differences of the stream mode: (file suffix, why).
EXPLAINED_STREAM = [
    ("kernel/challenge-ack.pcap", CHALLENGE),
    ("kernel/challenge-ack.server.pcap", CHALLENGE),
]


def run(cmd):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True,
                           errors="replace", timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return (-1, "", "timed out")
    return (p.returncode, p.stdout, p.stderr)


def captures():
    files = []
    pcapdir = os.path.join(SRCDIR, "tests", "pcap")
    for root, _, names in os.walk(pcapdir):
        for n in sorted(names):
            if n.endswith((".pcap", ".pcapng")):
                files.append(os.path.join(root, n))
    man = os.path.join(CORPUS, "MANIFEST.tsv")
    if os.path.exists(man):
        with open(man) as m:
            rows = [r.rstrip("\n").split("\t") for r in m][1:]
        ok = sorted(r[0] for r in rows if len(r) > 14 and
                    r[9].isdigit() and int(r[9]) > 0 and r[11] == "no" and
                    r[14].isdigit() and int(r[14]) < 1000000)
        if ok:
            k = max(1, len(ok) // SAMPLE)
            files += [os.path.join(CORPUS, p) for p in ok[::k][:SAMPLE]]
        # Beside the sample, captures made to show the rarer flags.
        files += [os.path.join(CORPUS, p) for p in FLAG_FILES
                  if os.path.exists(os.path.join(CORPUS, p))]
    return sorted(set(files), key=files.index)


def tcpviz(path):
    """frame -> (conn, set of ann names), or None when tcpviz refuses."""
    rc, out, err = run([TCPVIZ, "-r", path, "--segments", "--format",
                        "json"])
    if rc != 0 and out == "":
        return None
    segs = {}
    for line in out.splitlines():
        o = json.loads(line)
        segs[o["frame"]] = (o["conn"], set(o["ann"]))
    return segs


def tshark(path, fields, flt="tcp"):
    cmd = ["tshark", "-n", "-r", path, "-o", "ip.defragment:FALSE",
           "-o", "ipv6.defragment:FALSE", "-Y", flt, "-T", "fields"]
    for f in fields:
        cmd += ["-e", f]
    rc, out, err = run(cmd)
    if rc != 0:
        return None
    return [l.split("\t") for l in out.splitlines()]


def short(path):
    return os.path.relpath(path, CORPUS) if path.startswith(CORPUS) \
        else os.path.relpath(path, SRCDIR)


def stream_mode(files):
    fails = 0
    compared = 0
    notes = {}
    for path in files:
        rows = tshark(path, ["frame.number", "tcp.stream"])
        if rows is None:
            notes["tshark rejects the file"] = notes.get(
                "tshark rejects the file", 0) + 1
            continue
        segs = tcpviz(path)
        if segs is None:
            notes["tcpviz refuses the file"] = notes.get(
                "tcpviz refuses the file", 0) + 1
            continue
        want = {}
        for r in rows:
            if len(r) < 2 or r[1] == "":
                continue
            # Several TCP layers (a tunnel, ICMP errors): the first.
            want[int(r[0])] = int(r[1].split(",")[0])
        # Streams of frames tcpviz does not decode as TCP (tunnels, ICMP
        # errors, tshark_segments.sh's exclusions) shift tshark's numbers.
        mine = set(f for f in want if f in segs)
        skipped = sorted(set(want[f] for f in want) -
                         set(want[f] for f in mine))
        diffs = []
        for f in sorted(mine):
            s = want[f]
            shift = sum(1 for x in skipped if x < s)
            if segs[f][0] != s - shift:
                diffs.append("frame %d: tshark %d (%d streams tcpviz does "
                             "not decode before it), tcpviz %s" %
                             (f, s, shift, segs[f][0]))
            compared += 1
        if skipped:
            notes["tshark streams of frames tcpviz does not decode"] = \
                notes.get("tshark streams of frames tcpviz does not "
                          "decode", 0) + len(skipped)
        extra = sorted(set(segs) - set(want))
        if extra:
            diffs.append("frames tcpviz decodes, tshark not: %s" % extra[:10])
        if not diffs:
            continue
        why = [w for s, w in EXPLAINED_STREAM if path.endswith(s)]
        if why:
            notes["explained: " + why[0]] = len(diffs)
            continue
        fails += 1
        print("FAIL: %s: %d differences" % (short(path), len(diffs)))
        for d in diffs[:8]:
            print("    " + d)
    print("%d files, %d frames compared" % (len(files), compared))
    for k, v in sorted(notes.items()):
        print("  note %5d  %s" % (v, k))
    return 1 if fails or compared == 0 else 0


def explained(path, flag, frame, side):
    for e in EXPLAINED:
        if path.endswith(e[0]) and e[1] == flag and e[3] == side and \
           (e[2] == "*" or frame in e[2]):
            return True
    return False


def analysis_mode(files):
    table = {f: [0, 0, 0, 0] for f in FLAGS}  # agree, tv only, ts only, expl
    fails = []
    for path in files:
        segs = tcpviz(path)
        if segs is None:
            continue
        rows = tshark(path, ["frame.number"] + ["tcp.analysis." + f
                                                for f in FLAGS],
                      "tcp.analysis.flags")
        if rows is None:
            continue
        ts = {f: set() for f in FLAGS}
        for r in rows:
            fr = int(r[0])
            if fr not in segs:
                continue    # a frame tcpviz does not decode
            for i, f in enumerate(FLAGS):
                if i + 1 < len(r) and r[i + 1] != "":
                    ts[f].add(fr)
        for f in FLAGS:
            # tshark's retransmission includes the fast ones.
            tv = set(fr for fr, (_, ann) in segs.items() if f in ann or
                     (f == "retransmission" and
                      "fast_retransmission" in ann))
            table[f][0] += len(tv & ts[f])
            for side, only in (("tcpviz", tv - ts[f]), ("tshark", ts[f] - tv)):
                bad = [fr for fr in sorted(only)
                       if not explained(path, f, fr, side)]
                table[f][1 if side == "tcpviz" else 2] += len(only)
                table[f][3] += len(only) - len(bad)
                if bad:
                    fails.append("%s: %s: %s only: frames %s" %
                                 (short(path), f, side, bad[:12]))
    print("%-20s %7s %12s %12s %10s" % ("flag", "agree", "tcpviz only",
                                        "tshark only", "explained"))
    for f in FLAGS:
        print("%-20s %7d %12d %12d %10d" % ((f,) + tuple(table[f])))
    for x in fails:
        print("FAIL: " + x)
    return 1 if fails else 0


def main():
    files = captures()
    if not files:
        print("FAIL: no captures")
        return 1
    return stream_mode(files) if sys.argv[1] == "stream" else \
        analysis_mode(files)


sys.exit(main())
