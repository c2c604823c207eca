#!/bin/bash
# sim-kernel.sh: scenarios whose claim is Linux behaviour, against the
# kernel. Each pair below is a shipped .scn and the committed kernel truth
# (tests/pcap/kernel/NAME.truth, recorded by tests/kernel/ktruth.py on real
# sockets) of the lab scenario that does the same thing. `tcpviz demo SCN
# --transitions` must give the client and the server the same state
# sequence (FROM -> TO pairs, times aside: the simulator's clock is not
# the kernel's) as the truth gives them. The one difference allowed: the
# simulator's TIME_WAIT -> CLOSED (E21) where the truth has none for that
# role, or after the truth's last entry for it, since a lab run ends
# before Linux's 60 s TIME_WAIT does. A
# `silent` endpoint of the scenario (a forged address) is the truth's
# `# nosocket:` address: as many of them, and only CLOSED -> SYN_SENT.
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
keepalive-dead-peer keepalive-giveup giveup-4s
peer-reboot       peer-reboot
accept-queue-full accept-queue-full accept-wait
accept-queue-abort accept-queue-abort rst-at-ack
fin-wait-2-orphan fin-wait-2-orphan fw2-1s
synack-retries    synack-giveup     reqsk-4s
syn-flood         syn-flood         reqsk-4s
tw-new-syn        tw-new-syn        tw-syn
tw-assassination  tw-rst
timewait-incarnation tw-rst-1337  tw-kept
challenge-ack     challenge-ack     challenges
ofo-fin           ofo-fin           late-e13
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
	# reqsk-4s reads the segments: the simulator's, the server capture's
	: > "$TMPD/$scn.simseg"
	: > "$TMPD/$scn.kseg"
	if [ "$extra" = reqsk-4s ] && { ! timeout 60 "$TCPVIZ" -q demo "$scn" \
	    --segments > "$TMPD/$scn.simseg" 2> "$TMPD/$scn.err" ||
	    ! timeout 60 "$TCPVIZ" -q -r "${tf%.truth}.server.pcap" \
	    --segments > "$TMPD/$scn.kseg" 2>> "$TMPD/$scn.err"; }; then
		fail "$scn: --segments failed: $(head -1 "$TMPD/$scn.err")"
		continue
	fi
	if python3 - "$file" "$TMPD/$scn.sim" "$tf" "$extra" "$TMPD/$scn.simseg" \
	    "$TMPD/$scn.kseg" "$TCPVIZ" > "$TMPD/$scn.cmp" <<'PY'; then ok
import re, sys
scn, sim, truth, extra, simseg, kseg, tcpviz = sys.argv[1:8]
# Roles by address: the scenario's endpoints named client* and server*
# (another endpoint on such an address plays that role too); the truth's
# header names the lab's client and server addresses.
role = {}
silent = set()
for l in open(scn):
    f = l.split()
    if len(f) >= 3 and f[0] == "endpoint":
        for r in ("client", "server"):
            if f[1].startswith(r):
                role[f[2].rsplit(":", 1)[0].strip("[]")] = r
        if "silent" in f[3:]:
            silent.add(f[2])
nosocket = 0
for l in open(truth):
    m = re.match(r"# kernel \S+; client (\S+), server (\S+);", l)
    if m:
        tr = {m.group(1): "client", m.group(2): "server"}
    nosocket += l.startswith("# nosocket: ")
# A forged address has no socket: the reading of its SYN (CLOSED ->
# SYN_SENT) is all it may show, and there are as many as the lab forged.
forged = set()
for l in open(sim):
    f = l.split()
    if len(f) >= 5 and f[1] in silent:
        forged.add(f[1])
        if (f[2], f[4]) != ("CLOSED", "SYN_SENT"):
            print("sim: the forged %s goes %s -> %s" % (f[1], f[2], f[4]))
            sys.exit(1)
if len(forged) != nosocket:
    print("sim: %d forged addresses, the truth %d nosocket" %
          (len(forged), nosocket))
    sys.exit(1)
eps = {}
def load(path, table):
    seqs = {"client": [], "server": []}
    times = {"client": [], "server": []}
    eps[path] = {"client": set(), "server": set()}
    for l in open(path):
        if l.startswith("#") or not l.strip():
            continue
        f = l.split()
        if path == sim and f[1] in silent:
            continue
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
def gap_check(r, first, second, lo, hi, what):
    """In both runs endpoint r's first `second` pair after its first
    `first` pair comes more than lo and at most hi seconds after it."""
    global bad
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        v = s[r]
        if first not in v or second not in v[v.index(first) + 1:]:
            print("%s: the %s has no %s>%s then %s>%s" %
                  ((name, r) + first + second))
            sys.exit(1)
        i = v.index(first)
        gap = t[r][v.index(second, i + 1)] - t[r][i]
        if not lo < gap <= hi:
            bad = 1
            print("%s: %s %.3f s after %s>%s" % ((name, what, gap) + first))
def gap(name, s, t, r, p, q, what):
    """Seconds from r's first step p to its first step q after it."""
    try:
        i = s[r].index(p)
        j = s[r].index(q, i)
    except ValueError:
        print("%s: no %s at the %s" % (name, what, r))
        sys.exit(1)
    return t[r][j] - t[r][i]
# late-e09: the server's SYN_RCVD -> ESTABLISHED comes well after its
# SYN_RCVD (more than 0.2 s, where the lost ACK would have taken one
# round trip): the later data segment completed the handshake.
if extra == "late-e09":
    gap_check("server", ("LISTEN", "SYN_RCVD"), ("SYN_RCVD", "ESTABLISHED"),
              0.2, float("inf"), "the server's E09 (want it at the later "
              "data)")
# giveup-7s: the client's first connect() gives up (E08) 7 s after its
# first SYN: 1 + 2 + 4 s with two retries (tcp_syn_retries=2 in the lab).
if extra == "giveup-7s":
    for name, s in (("sim", a), ("kernel", b)):
        if s["client"][:2] != [("CLOSED", "SYN_SENT"),
                               ("SYN_SENT", "CLOSED")]:
            print("%s: the client does not start with E02 E08" % name)
            sys.exit(1)
    gap_check("client", ("CLOSED", "SYN_SENT"), ("SYN_SENT", "CLOSED"),
              6.8, 7.3, "connect() gave up (want 7 s)")
# giveup-4s: keep-alive (idle 1 s, interval 1 s, 3 probes) aborts the
# client's connection (E22) 4 to 4.4 s after it became ESTABLISHED: its
# last segment in came at once (the kernel) or 0.2 s later (the
# simulator's ACK of the first byte), then 1 s idle and three probes.
if extra == "giveup-4s":
    gap_check("client", ("SYN_SENT", "ESTABLISHED"),
              ("ESTABLISHED", "CLOSED"), 4.0, 4.4,
              "keep-alive gave up (want 4 s)")
# accept-wait: the server's last E09 (the connection whose ACK found the
# accept queue full) comes more than 2 s after the SYN_RCVD before it:
# it waited for accept(), not for a round trip.
# rst-at-ack: the server's last SYN_RCVD -> CLOSED comes within 0.1 s of
# the SYN_RCVD before it (the RST answered the third ACK at once).
if extra in ("accept-wait", "rst-at-ack"):
    want = ("SYN_RCVD", "ESTABLISHED" if extra == "accept-wait" else "CLOSED")
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        sv = s["server"]
        j = max((n for n, p in enumerate(sv) if p == want), default=None)
        i = max((n for n, p in enumerate(sv[:j or 0])
                 if p == ("LISTEN", "SYN_RCVD")), default=None)
        if i is None or j is None:
            print("%s: no SYN_RCVD and %s at the server" % (name, want[1]))
            sys.exit(1)
        gap = t["server"][j] - t["server"][i]
        if (extra == "accept-wait" and gap <= 2.0) or \
                (extra == "rst-at-ack" and not 0 <= gap <= 0.1):
            bad = 1
            print("%s: the last SYN_RCVD -> %s %.3f s after SYN_RCVD" %
                  (name, want[1], gap))
# fw2-1s: the orphan's FIN_WAIT_2 ends tcp_fin_timeout (1 s in the lab
# and in the scenario) after it began, with no segment (README rule 9).
if extra == "fw2-1s":
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        d = gap(name, s, t, "client", ("FIN_WAIT_1", "FIN_WAIT_2"),
                ("FIN_WAIT_2", "CLOSED"), "E14 and FIN_WAIT_2 -> CLOSED")
        if not 0.9 <= d <= 1.6:
            bad = 1
            print("%s: FIN_WAIT_2 lasted %.3f s, not tcp_fin_timeout (1 s)"
                  % (name, d))
# reqsk-4s: each half-open connection that never completed is dropped
# when the timer after its last SYN,ACK (4 s: the third backoff, with
# tcp_synack_retries=2) runs out (README rule 7).
def last_synacks(path, server):
    last, acked = {}, set()
    for l in open(path):
        f = l.split()
        if len(f) < 5 or f[2] != ">":
            continue
        src, dst = f[1].rsplit(":", 1)[0], f[3].rsplit(":", 1)[0]
        if src == server and f[4] == "SYN,ACK":
            last[f[3]] = float(f[0])
        elif dst == server and "ACK" in f[4].split(","):
            acked.add(f[1])
    return sorted(v for k, v in last.items() if k not in acked)
if extra == "reqsk-4s":
    srv = {"sim": [k for k, v in role.items() if v == "server"][0],
           "kernel": [k for k, v in tr.items() if v == "server"][0]}
    for name, s, t, seg in (("sim", a, ta, simseg), ("kernel", b, tb, kseg)):
        deaths = sorted(t["server"][i] for i, p in enumerate(s["server"])
                        if p == ("SYN_RCVD", "CLOSED"))
        lasts = last_synacks(seg, srv[name])
        if not deaths or len(deaths) != len(lasts):
            bad = 1
            print("%s: %d half-open deaths, %d unanswered SYN,ACK series"
                  % (name, len(deaths), len(lasts)))
            continue
        for d, x in zip(deaths, lasts):
            if not 3.9 <= d - x <= 4.4:
                bad = 1
                print("%s: a half-open connection went %.3f s after its "
                      "last SYN,ACK, not 4" % (name, d - x))
# tw-syn: the server's TIME_WAIT ends at the new SYN (its CLOSED -> LISTEN
# at the same time), not earlier (a RST to the old SYN's ACK would end
# it too, with the same pair of states).
if extra == "tw-syn":
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        sv = s["server"]
        try:
            i = sv.index(("TIME_WAIT", "CLOSED"))
        except ValueError:
            print("%s: the server's TIME_WAIT does not end" % name)
            sys.exit(1)
        if sv[i + 1:i + 2] != [("CLOSED", "LISTEN")] or \
                t["server"][i + 1] - t["server"][i] > 0.001:
            bad = 1
            print("%s: the server's TIME_WAIT ended before the new SYN" %
                  name)
# tw-kept: the kernel's client (tcp_rfc1337=1) kept its TIME_WAIT through
# the RST to the run's end (ss shows it), well short of Linux's 60 s; the
# simulator's client must keep it too, until its 2*MSL timer (E21), at
# least 2*MSL after it began. What the simulation does after that the
# lab cannot follow: each endpoint is compared up to the truth's end.
if extra == "tw-kept":
    msl = 30.0
    for l in open(scn):
        f = l.split()
        if len(f) == 2 and f[0] == "msl":
            v = f[1]
            msl = float(v[:-2]) / 1e3 if v.endswith("ms") else \
                float(v.rstrip("s"))
    cv, n = a["client"], len(b["client"])
    if len(cv) <= n or cv[n - 1] != ("FIN_WAIT_2", "TIME_WAIT") or \
            cv[n] != ("TIME_WAIT", "CLOSED"):
        print("sim: the client's TIME_WAIT is not its last truth state "
              "then ended")
        sys.exit(1)
    gap = ta["client"][n] - ta["client"][n - 1]
    if gap < 2 * msl - 0.001:
        bad = 1
        print("sim: TIME_WAIT ended %.3f s after it began, before 2*MSL "
              "(%.3f s): the RST ended it" % (gap, 2 * msl))
    for r in ("client", "server"):
        a[r] = a[r][:len(b[r])]
# challenges: RFC 5961 4.2 and 3.2. The simulator's own --segments must
# show the injected SYN and RST each answered by the server's ACK at its
# current seq/ack (the kernel's, checked on the lab's captures and
# counters: tests/kernel/ktruth.py), and the abort's RST at RCV.NXT; the
# state sequences (below, as the kernel's) show no edge from either.
if extra == "challenges":
    import subprocess
    segs = subprocess.run([tcpviz, "-q", "demo", scn,
                           "--segments"], capture_output=True, text=True,
                          timeout=60).stdout.splitlines()
    def fields(l):
        f = l.split()
        return f[1], f[4], dict(x.split("=", 1) for x in f[5:] if "=" in x)
    rows = [fields(l) for l in segs if len(l.split()) > 5]
    seen = {}
    for i, (src, fl, kv) in enumerate(rows):
        if fl not in ("SYN", "RST") or "foreign" not in kv.get("ann", ""):
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        prev = [r for r in rows[:i] if r[0] != src and r[1] == "ACK"]
        if nxt is None or nxt[1] != "ACK" or nxt[0] == src or not prev or \
                (nxt[2]["seq"], nxt[2]["ack"]) != \
                (prev[-1][2]["seq"], prev[-1][2]["ack"]):
            bad = 1
            print("sim: the injected %s is not answered by a challenge ACK "
                  "at the server's current seq/ack" % fl)
        seen[fl] = True
    if sorted(seen) != ["RST", "SYN"]:
        bad = 1
        print("sim: want one injected SYN and one injected RST, got %s" %
              sorted(seen))
    # One RST resets, the exact one (the abort, the last RST): both ends'
    # E22 at it, not at the injected one a second before.
    last = [float(l.split()[0]) for l in segs
            if len(l.split()) > 4 and l.split()[4].startswith("RST")][-1:]
    for r in ("client", "server"):
        try:
            t = ta[r][a[r].index(("ESTABLISHED", "CLOSED"))]
        except ValueError:
            print("sim: no E22 at the %s" % r)
            sys.exit(1)
        if not last or not 0 <= t - last[0] <= 0.1:
            bad = 1
            print("sim: the %s's E22 at %.3f, not at the abort's RST (%s)"
                  % (r, t, last))
# late-e13: the FIN overtook the last data, so the server's
# ESTABLISHED -> CLOSE_WAIT comes when the resent data fills the hole,
# at least 150 ms (the RTO, 200 ms at least) after the client's FIN
# (E12), not one trip after it.
if extra == "late-e13":
    for name, s, t in (("sim", a, ta), ("kernel", b, tb)):
        try:
            i = s["client"].index(("ESTABLISHED", "FIN_WAIT_1"))
            j = s["server"].index(("ESTABLISHED", "CLOSE_WAIT"))
        except ValueError:
            print("%s: no E12 at the client or E13 at the server" % name)
            sys.exit(1)
        gap = t["server"][j] - t["client"][i]
        if gap < 0.15:
            bad = 1
            print("%s: the server's E13 %.3f s after the client's FIN, "
                  "not at the resent data" % (name, gap))
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
    if ("TIME_WAIT", "CLOSED") not in y:
        x = [p for p in x if p != ("TIME_WAIT", "CLOSED")]
    # (and one after the truth's last entry: the run ended before it)
    while len(x) > len(y) and x[-1] == ("TIME_WAIT", "CLOSED"):
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
