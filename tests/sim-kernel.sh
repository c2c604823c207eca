#!/bin/bash
# sim-kernel.sh: scenarios whose claim is Linux behaviour, against the
# kernel. Each pair below is a shipped .scn and the committed kernel truth
# (tests/pcap/kernel/NAME.truth, recorded by tests/kernel/ktruth.py on real
# sockets) of the lab scenario that does the same thing. `tcpviz demo SCN
# --transitions` must give the client and the server the same state
# sequence (FROM -> TO pairs, times aside: the simulator's clock is not
# the kernel's) as the truth gives them. The one difference allowed: the
# simulator's TIME_WAIT -> CLOSED (E21) after the truth's last entry for
# that endpoint, since a lab run ends before Linux's 60 s TIME_WAIT does.
. "${top_srcdir:-.}/tests/lib.sh"

need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# scenario        kernel truth      what else both must show (see below)
cat > "$TMPD/pairs" <<'LIST'
third-ack-lost    third-ack-lost    late-e09
second-close-lost client-fin-ack-lost-net
third-close-lost  fin-lost-net
fin-lost          fin-lost
final-ack-lost    final-ack-lost
syn-lost          syn-lost
synack-lost       synack-lost-net
syn-retries       syn-giveup        giveup-7s
fin-wait-2-forever fin-wait-2-forever
self-connect      self-connect      one-socket
LIST
while read -r scn truth extra; do
	file=$top_srcdir/assets/scenarios/$scn.scn
	tf=$top_srcdir/tests/pcap/kernel/$truth.truth
	if [ ! -f "$file" ] || [ ! -f "$tf" ]; then
		fail "$scn: missing $file or $tf"
		continue
	fi
	if ! timeout 60 "$TCPVIZ" -q demo "$scn" --transitions \
	    > "$TMPD/$scn.sim" 2> "$TMPD/$scn.err"; then
		fail "$scn: demo --transitions failed: $(head -1 "$TMPD/$scn.err")"
		continue
	fi
	if python3 - "$file" "$TMPD/$scn.sim" "$tf" "$extra" > "$TMPD/$scn.cmp" \
	    <<'PY'; then ok
import re, sys
scn, sim, truth, extra = sys.argv[1:5]
# Roles by address: the scenario's endpoints named client* and server*
# (another endpoint on such an address plays that role too); the truth's
# header names the lab's client and server addresses.
role = {}
for l in open(scn):
    f = l.split()
    if len(f) >= 3 and f[0] == "endpoint":
        for r in ("client", "server"):
            if f[1].startswith(r):
                role[f[2].rsplit(":", 1)[0].strip("[]")] = r
for l in open(truth):
    m = re.match(r"# kernel \S+; client (\S+), server (\S+);", l)
    if m:
        tr = {m.group(1): "client", m.group(2): "server"}
eps = {}
def load(path, table):
    seqs = {"client": [], "server": []}
    times = {"client": [], "server": []}
    eps[path] = {"client": set(), "server": set()}
    for l in open(path):
        if l.startswith("#") or not l.strip():
            continue
        f = l.split()
        r = table.get(f[1].rsplit(":", 1)[0].strip("[]")) if f else None
        if r is None or len(f) < 5 or f[3] != "->":
            print("unexpected line in %s: %s" % (path, l.rstrip()))
            sys.exit(1)
        seqs[r].append((f[2], f[4]))
        eps[path][r].add(f[1])
        times[r].append(float(f[0]))
    return seqs, times
a, ta = load(sim, role)
b, tb = load(truth, tr)
bad = 0
# late-e09: the server's SYN_RCVD -> ESTABLISHED comes well after its
# SYN_RCVD (more than 0.2 s, where the lost ACK would have taken one
# round trip): the later data segment completed the handshake.
if extra == "late-e09":
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        sv = s["server"]
        try:
            i = sv.index(("LISTEN", "SYN_RCVD"))
            j = sv.index(("SYN_RCVD", "ESTABLISHED"))
        except ValueError:
            print("%s: no SYN_RCVD and E09 at the server" % name)
            sys.exit(1)
        gap = t["server"][j] - t["server"][i]
        if gap <= 0.2:
            bad = 1
            print("%s: the server's E09 %.3f s after SYN_RCVD, not at the "
                  "later data" % (name, gap))
# giveup-7s: the client's first connect() gives up (E08) 7 s after its
# first SYN: 1 + 2 + 4 s with two retries (tcp_syn_retries=2 in the lab).
if extra == "giveup-7s":
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        cv = s["client"]
        if cv[:2] != [("CLOSED", "SYN_SENT"), ("SYN_SENT", "CLOSED")]:
            print("%s: the client does not start with E02 E08" % name)
            sys.exit(1)
        gap = t["client"][1] - t["client"][0]
        if not 6.8 <= gap <= 7.3:
            bad = 1
            print("%s: connect() gave up %.3f s after the first SYN, not 7"
                  % (name, gap))
# one-socket: a self-connect is one socket, both ends of its connection
# (on the client's address: no role is the server). Neither the
# simulator nor the kernel may have a server line or a second client
# endpoint, and both must show the open with itself (E06): then the one
# socket's sequence is compared.
roles = ("client", "server")
if extra == "one-socket":
    roles = ("client",)
    for name, path, s in (("sim", sim, a), ("kernel", truth, b)):
        if s["server"] or len(eps[path]["client"]) != 1:
            print("%s: not one socket: client %s, server %s" %
                  (name, sorted(eps[path]["client"]),
                   sorted(eps[path]["server"])))
            sys.exit(1)
        if ("SYN_SENT", "SYN_RCVD") not in s["client"]:
            bad = 1
            print("%s: the socket never took its own SYN (E06)" % name)
for r in roles:
    x, y = a[r], b[r]
    if len(x) == len(y) + 1 and x[:-1] == y and \
            x[-1] == ("TIME_WAIT", "CLOSED"):
        x = x[:-1]
    if not y or x != y:
        bad = 1
        print("%s sim   : %s" % (r, " ".join("%s>%s" % p for p in a[r])))
        print("%s kernel: %s" % (r, " ".join("%s>%s" % p for p in y)))
sys.exit(bad)
PY
	else
		fail "$scn: the simulator and the kernel ($truth) disagree:"
		sed 's/^/#   /' "$TMPD/$scn.cmp"
	fi
done < "$TMPD/pairs"
finish
