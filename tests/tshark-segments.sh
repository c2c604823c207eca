#!/bin/bash
# tshark-segments.sh: the frame decoder against tshark, frame by frame.
#
# For each capture in tests/pcap/ and a chosen list from the shared corpus
# (every supported link type, VLAN/QinQ, IPv6 with extension headers,
# fragments, pcapng with several interfaces), compare what
#   tcpviz -r F --segments
# prints with
#   tshark -n -r F -Y tcp -T fields -e frame.number -e tcp.srcport ...
# on ports, raw seq, raw ack, the nine flag bits and the payload length.
#
# Frames tshark decodes as TCP that tcpviz rightly leaves alone are
# excluded, decided from frame.protocols, and counted by reason: TCP inside
# a tunnel (GRE, VXLAN, Geneve, Teredo, GTP, IP-in-IP ...), inside an ICMP
# error, several TCP layers in one frame, encapsulations tcpviz does not
# decode (MPLS, PPPoE, LLC/SNAP ...), and frames tshark marks malformed.
# Every other difference, in either direction, fails with a diff.
#
# Environment: TCPVIZ (the binary), top_srcdir. TSHARK_SEGMENTS_ALL=1 runs
# every corpus file that holds TCP instead of the list (slow; for audits).
# Exit 0 pass, 1 fail, 77 skip (no tshark or python3 only).

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
TCPVIZ=${TCPVIZ:-${top_builddir:-.}/tcpviz}
# Every sanitizer report of the tcpviz runs below fails the test at exit.
. "$top_srcdir/tests/sancheck.sh"
trap 'st=$?; san_verdict $st' EXIT

if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIP: tshark is not installed (Debian: apt-get install tshark)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
if [ ! -x "$TCPVIZ" ]; then
	echo "FAIL: no tcpviz binary at $TCPVIZ"
	exit 1
fi

export TCPVIZ top_srcdir
# Not exec: the EXIT trap above must run after python.
python3 - <<'PYEOF'
import os
import re
import subprocess
import sys
import time

TCPVIZ = os.environ["TCPVIZ"]
SRCDIR = os.environ["top_srcdir"]
CORPUS = os.environ.get("TCPVIZ_CORPUS") or os.path.join(SRCDIR, "..", "shared", "corpus")
PER_FILE_TIMEOUT = 120          # seconds, for each tool run
TOTAL_BUDGET = 900              # seconds for the whole test
MAX_DIFFS_SHOWN = int(os.environ.get("TSHARK_SEGMENTS_SHOW", "40"))

# Chosen to cover every link type parse_frame() decodes, VLAN and QinQ
# stacks, IPv6 (extension headers, fragments), IPv4 options and fragments,
# TSO, TCP options (SACK, TFO, timestamps), pcapng with several interfaces
# and link types, and tunnels whose inner TCP must be excluded.
CORPUS_FILES = """
arkime/nflog.pcap
zeek/nflog-http.pcap
suricata-verify/decode-chdlc-01/hdlc-http_1tx.pcap
pcapplusplus/Packet++Test/PacketExamples/CiscoHDLC.pcap
suricata-verify/defrag/bug-6887-defrag-ppp-ipv6-tcp/frag-ppp-ipv6-tcp.pcap
tcpdump/bgp_vpn_attrset.pcap
tcpdump/tcp-handshake-nano.pcap
tcpdump/mptcp-aa-echo.pcap
tcpdump/ipv4_tcp_http_xml_tso.pcap
tcpdump/tfo-5c1fa7f9ae91.pcap
tcpdump/geneve-gcp.pcap
tcpdump/wccp_redirect_gre.pcap
tcpdump/mptcp-tcprst.pcap
tcpdump/tcp_rst_diag_payload.pcap
zeek/tcp/options.pcap
zeek/tcp/option-sack.pcap
zeek/tcp/option-27.pcap
zeek/tcp/window-scale-range.pcap
zeek/tcp/payload-syn.pcap
zeek/vlan-pcp-dei.pcapng
zeek/http-qinq-0.pcap
zeek/vlan-qinqinq.pcap
zeek/ipv6-http-atomic-frag.pcap
zeek/chksums/ip6-route0-tcp-good-chksum.pcap
zeek/chksums/ip6-hoa-tcp-good-chksum.pcap
tcpdump/bigtcp-ipv6-hbh.pcap
zeek/mpls-in-vlan.pcap
zeek/ipv4/fragmented-syn.pcap
zeek/ipv4/fragmented-4.pcap
zeek/communityid/ipv6.pcap
zeek/ftp/ipv6-violation.pcap
zeek/tunnels/4in6.pcap
zeek/tunnels/vxlan-inner-tcp-bad-checksum.pcap
zeek/tunnels/gtp/gtp_ext_header.pcap
zeek/tunnels/gre-over-udp-4754.pcap
zeek/ldap/gap-data-missing.pcapng
zeek/tls/openjdk-25.0.2-zeek.org.pcap
arkime/adb.pcap
arkime/gre-erspan-vxlan.pcap
arkime/gtp-iphone.pcap
arkime/smtp-html.pcap
pcapplusplus/Pcap++Test/PcapExamples/null_loopback.pcap
pcapplusplus/Pcap++Test/PcapExamples/sll2.pcap
pcapplusplus/Pcap++Test/PcapExamples/linktype_ipv6.pcap
pcapplusplus/Pcap++Test/PcapExamples/four_ipv6_http_streams.pcap
pcapplusplus/Pcap++Test/PcapExamples/many_interfaces-1.pcapng
pcapplusplus/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap
pcapplusplus/Packet++Test/PacketExamples/ldap.pcapng
pcapplusplus/Packet++Test/PacketExamples/Sll2Packet.pcap
pcapplusplus/Packet++Test/PacketExamples/ipv4-options.pcap
pcapplusplus/Packet++Test/PacketExamples/TcpPacketWithOptions.pcap
pcapplusplus/Packet++Test/PacketExamples/TcpPacketNoOptionsAccEcn.pcap
pcapplusplus/Packet++Test/PacketExamples/IPv4-encapsulated-IPv6.pcap
pcapplusplus/Packet++Test/PacketExamples/IcmpPackets.pcap
pcapplusplus/Packet++Test/PacketExamples/MplsPackets.pcap
suricata-verify/decode-sll2-01/input.pcap
suricata-verify/http-ipv6/input.pcap
suricata-verify/http-connect/http-connect-fragmented/input.pcap
suricata-verify/tcp-fastopen-05/tfo.pcap
suricata-verify/tcp-urgp-01-oob/tcp-urgent1.pcap
suricata-verify/defrag/bug-6887-defrag-ipv4-tcp-syn/frag-ip-tcp-syn.pcap
suricata-verify/defrag/bug-6887-defrag-ipv6-tcp/frag-ip-tcp.pcap
suricata-verify/defrag/bug-6887-defrag-eth-vlan-ipv6-tcp/frag-eth-vlan-ipv6-tcp.pcap
suricata-verify/bug-4571-03/ipv6_over_ipv6.pcap
libpcap/filter/AH-IPcomp-IPv6.pcap
chrissanders-packets/tcp_zerowindowdead.pcapng
""".split()

# Layers tcpviz decodes below IP, and between IP and TCP.
LINK_OK = {"eth", "ethertype", "vlan", "ieee8021ad", "sll", "null", "raw",
           "loop"}
BETWEEN_OK = {"ipv6.hopopts", "ipv6.routing", "ipv6.dstopts",
              "ipv6.fraghdr", "ah"}
TUNNELS = ["gre", "erspan", "vxlan", "geneve", "teredo", "gtp", "ayiya",
           "l2tp", "udp", "esp"]

FIELDS = ["frame.number", "frame.protocols", "tcp.srcport", "tcp.dstport",
          "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len",
          "_ws.malformed"]

LINE = re.compile(r"^(\S+) (\S+) > (\S+) (\S+) seq=(\d+) ack=(\d+) "
                  r"win=(\d+) win_scaled=\d+ len=(\d+)(?: opts=(\S+))? frame=(\d+)"
                  r"(?: conn=\d+)?(?: ann=\S+)?$")
FLAG_BITS = {"FIN": 0x001, "SYN": 0x002, "RST": 0x004, "PSH": 0x008,
             "ACK": 0x010, "URG": 0x020, "ECE": 0x040, "CWR": 0x080,
             "NS": 0x100}


def run(cmd):
    """Run a command with a time limit; (rc, stdout, stderr)."""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True,
                           errors="replace", timeout=PER_FILE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return (-1, "", "timed out after %d s" % PER_FILE_TIMEOUT)
    return (p.returncode, p.stdout, p.stderr)


def tcpviz_segments(path, problems):
    """
    (segs, stop, refused): segs maps frame number -> (sport, dport, seq,
    ack, flags, len); stop is the frame at which tcpviz gave up on a
    damaged file (None: read to the end); refused is true when tcpviz
    rightly refuses the file's link type.
    """
    rc, out, err = run([TCPVIZ, "-r", path, "--segments"])
    stop = None
    if rc == 1 and "not supported" in err:
        return {}, None, True
    if rc == 1 and out:
        # A damaged record ends the file for tcpviz (a clean exit 1).
        m = re.search(r"(after )?frame (\d+)", err)
        if m is None:
            problems.append("tcpviz exit 1 with no frame named: %s" %
                            err.strip()[:300])
            return None, None, False
        stop = int(m.group(2)) + (1 if m.group(1) else 0)
    elif rc != 0:
        problems.append("tcpviz exit %d: %s" % (rc, err.strip()[:300]))
        return None, None, False
    segs = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m is None:
            problems.append("unparsable tcpviz line: %r" % line[:200])
            continue
        flags = 0
        if m.group(4) != "none":
            for name in m.group(4).split(","):
                if name not in FLAG_BITS:
                    problems.append("unknown flag %r in %r" % (name, line))
                flags |= FLAG_BITS.get(name, 0)
        frame = int(m.group(10))
        if frame in segs:
            problems.append("tcpviz printed frame %d twice" % frame)
        segs[frame] = (int(m.group(2).rsplit(":", 1)[1]),
                       int(m.group(3).rsplit(":", 1)[1]),
                       int(m.group(5)), int(m.group(6)), flags,
                       int(m.group(8)))
    return segs, stop, False


def exclusion(protos, malformed):
    """Why tcpviz rightly does not decode this frame, or None."""
    toks = protos.split(":")
    if malformed or "_ws.malformed" in toks:
        return "malformed (tshark)"
    if toks.count("tcp") > 1:
        return "several tcp layers"
    ips = [i for i, t in enumerate(toks) if t in ("ip", "ipv6")]
    if not ips or "tcp" not in toks:
        return "no ip/tcp layer"
    first, tcp = ips[0], toks.index("tcp")
    inner = toks[first + 1:tcp]
    if len(ips) > 1:
        if "icmp" in inner or "icmpv6" in inner:
            return "TCP inside an ICMP error"
        for t in TUNNELS:
            if t in inner:
                return "tunnel (%s)" % t
        return "tunnel (IP in IP)"
    for t in toks[:first]:
        if t not in LINK_OK:
            return "encapsulation tcpviz does not decode (%s)" % t
    for t in inner:
        if t not in BETWEEN_OK:
            return "header tcpviz does not walk (%s)" % t
    return None


def num(s):
    """tshark number field (decimal or 0x hex) or None when empty."""
    s = s.strip()
    if s == "":
        return None
    return int(s, 16) if s.startswith("0x") else int(s)


def compare_file(path, totals, diffs):
    problems = []
    segs, stop, refused = tcpviz_segments(path, problems)
    rc, out, err = run(["tshark", "-n", "-r", path,
                        "-o", "ip.defragment:FALSE",
                        "-o", "ipv6.defragment:FALSE",
                        "-Y", "tcp", "-T", "fields", "-E", "occurrence=a"]
                       + sum([["-e", f] for f in FIELDS], []))
    if rc != 0 and out == "":
        problems.append("tshark exit %d: %s" % (rc, err.strip()[:300]))
    if segs is None:
        # One line for the file, not one per frame.
        totals["files"] += 1
        diffs.extend("%s: %s" % (path, p) for p in problems)
        return 0, len(problems)
    seen = set()
    compared = 0
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < len(FIELDS):
            f += [""] * (len(FIELDS) - len(f))
        frame = int(f[0])
        why = exclusion(f[1], f[8])
        if refused:
            why = "link type tcpviz refuses (whole file)"
        elif stop is not None and frame >= stop:
            why = "after a damaged record, where tcpviz stops"
        if why is None and num(f[6]) is None:
            why = "TCP header tshark could not decode"
        if why is not None:
            totals["excluded"][why] = totals["excluded"].get(why, 0) + 1
            seen.add(frame)
            continue
        seen.add(frame)
        compared += 1
        if frame not in segs:
            problems.append("frame %d: tshark decodes TCP (%s), tcpviz "
                            "printed nothing" % (frame, f[1]))
            continue
        sport, dport, seq, ack, flags, plen = segs[frame]
        want = {"sport": num(f[2]), "dport": num(f[3]), "seq": num(f[4]),
                "flags": num(f[6]) & 0x1ff}
        got = {"sport": sport, "dport": dport, "seq": seq, "flags": flags}
        # Without ACK the field means nothing; tshark may leave it out.
        tack = num(f[5])
        if flags & 0x010 or tack:
            want["ack"], got["ack"] = tack, ack
        # No tcp.len from tshark for a first IP fragment.
        tlen = num(f[7])
        if tlen is None:
            totals["notes"]["len not compared (tshark gives none)"] = \
                totals["notes"].get("len not compared (tshark gives "
                                    "none)", 0) + 1
        else:
            want["len"], got["len"] = tlen, plen
        for k in want:
            if want[k] != got[k]:
                problems.append("frame %d: %s tshark=%s tcpviz=%s (%s)"
                                % (frame, k, want[k], got[k], f[1]))
    for frame in sorted(set(segs) - seen):
        problems.append("frame %d: tcpviz printed a segment tshark does "
                        "not decode as TCP" % frame)
    totals["compared"] += compared
    totals["files"] += 1
    for p in problems:
        diffs.append("%s: %s" % (path, p))
    return compared, len(problems)


def main():
    files = []
    pcapdir = os.path.join(SRCDIR, "tests", "pcap")
    if os.path.isdir(pcapdir):
        for root, _, names in os.walk(pcapdir):
            for n in sorted(names):
                if n.endswith((".pcap", ".pcapng", ".cap")):
                    files.append(os.path.join(root, n))
    if os.path.isdir(CORPUS):
        if os.environ.get("TSHARK_SEGMENTS_ALL") == "1":
            with open(os.path.join(CORPUS, "MANIFEST.tsv")) as m:
                rows = [r.rstrip("\n").split("\t") for r in m][1:]
            files += [os.path.join(CORPUS, r[0]) for r in rows
                      if len(r) > 9 and r[9].isdigit() and int(r[9]) > 0]
        else:
            for rel in CORPUS_FILES:
                p = os.path.join(CORPUS, rel)
                if not os.path.exists(p):
                    print("FAIL: listed corpus file missing: %s" % rel)
                    return 1
                files.append(p)
    if not files:
        print("FAIL: no captures: neither %s nor %s has any" %
              (pcapdir, os.path.normpath(CORPUS)))
        return 1

    totals = {"files": 0, "compared": 0, "excluded": {}, "notes": {}}
    diffs = []
    start = time.monotonic()
    for path in files:
        if time.monotonic() - start > TOTAL_BUDGET:
            diffs.append("time budget of %d s used up after %d files" %
                         (TOTAL_BUDGET, totals["files"]))
            break
        compare_file(path, totals, diffs)

    print("%d files, %d TCP frames compared" %
          (totals["files"], totals["compared"]))
    for why, n in sorted(totals["excluded"].items()):
        print("  excluded %6d  %s" % (n, why))
    for why, n in sorted(totals["notes"].items()):
        print("  note     %6d  %s" % (n, why))
    if totals["compared"] == 0:
        print("FAIL: nothing was compared")
        return 1
    if diffs:
        print("FAIL: %d disagreements with tshark:" % len(diffs))
        for d in diffs[:MAX_DIFFS_SHOWN]:
            print("  " + d)
        if len(diffs) > MAX_DIFFS_SHOWN:
            print("  ... and %d more" % (len(diffs) - MAX_DIFFS_SHOWN))
        return 1
    print("PASS")
    return 0


sys.exit(main())
PYEOF
