#!/usr/bin/env python3
"""Compare `tcpviz --transitions` output with a kernel truth file.

Usage: compare.py [-q] [--tolerance S] [--vantage client|server] TRUTH [ACTUAL]
       compare.py --batch MANIFEST
ACTUAL defaults to standard input.  Exit 0 when they agree, 1 when they
differ, 2 when an input cannot be read or parsed.  --batch compares many
pairs in one process (one Python start, for kernel-replay.sh): each
MANIFEST line is LABEL<tab>VANTAGE<tab>TRUTH<tab>ACTUAL; it prints
"ok   LABEL" or "FAIL LABEL:" and the report indented, and exits 1 if any
pair differs or cannot be read.

Both inputs use the transitions text format:
    <epoch seconds, 6 decimals> <ip>:<port> <FROM> -> <TO>
(IPv6 endpoints as [addr]:port).  A tcpviz line may end in " ?": tcpviz
knows it cannot date that transition for sure.  The truth file may also
hold:
    # any comment
    # tolerance: 0.015   time tolerance in seconds (default 0.050)
    # end: <epoch s>     the capture ended here: the kernel's states after
                         this time are unknown, so later tcpviz lines are
                         not compared (TIME_WAIT -> CLOSED after 2*MSL)
    # nosocket: <ip>     a spoofed source: no socket behind it, the truth
                         has nothing for it; tcpviz may show its endpoints
                         in CLOSED and SYN_SENT only (never ESTABLISHED...)
    # KIND VANTAGE: <t> <ip>:<port> <FROM> -> <TO>[: why]
                         a mark on the truth entry with exactly that
                         time, endpoint and pair (or on all of them if
                         identical lines repeat), for one capture point
                         (VANTAGE client or server); KIND is
      undetermined       this capture fits two explanations with the same
                         fewest losses that date it differently: the pair
                         must be there, in order; its time is not compared;
                         tcpviz must have marked the line " ?"
      untimed            the segment that made it was lost before this
                         capture point: the pair must be there, in order,
                         its time is not compared
      unseen             nothing of it passed this capture point: tcpviz
                         may print it or not (in order); not timed
      diverges           from this entry on, this capture fits another
                         story with no more losses (one whose sender got
                         the ACK it never got, say): tcpviz may tell the
                         truth's story (this entry then counts as
                         undetermined) or another one, provided every
                         line it prints for the endpoint from here on is
                         marked " ?"; what comes before is compared as
                         usual
and a trailing " ~" on an entry: its time is not comparable (listen() is
never on the wire), only its place in the sequence is checked.

--vantage (default client: NAME.pcap is the client-side capture) picks
the marks that apply; the other vantage's marks are checked for syntax
and that they name an entry, nothing more.

Agreement means: for every endpoint (ip:port) the sequence of FROM -> TO
pairs is the same in both, in time order (unseen entries may be missing),
every entry neither "~" nor marked has times within the tolerance, and
every undetermined one is marked " ?" by tcpviz.  A " ?" on any other
line is ignored.
"""

import difflib
import ipaddress
import re
import sys

STATES = ("CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
          "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
          "TIME_WAIT")
DEFAULT_TOLERANCE = 0.050
MAX_LINES = 1000000
VANTAGES = ("client", "server")
KINDS = ("undetermined", "untimed", "unseen", "diverges")
# what a spoofed source's endpoint may be shown in (a SYN came from it)
NOSOCKET_STATES = ("CLOSED", "SYN_SENT")

LINE_RE = re.compile(
    r"^(-?\d+\.\d{6}) (\S+:\d+) ([A-Z_0-9]+) -> ([A-Z_0-9]+)( ~)?( \?)?$")
ENDPOINT_RE = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d+$")
MARK_RE = re.compile(
    r"^#\s*(%s)\s+(\S+?):\s*(-?\d+\.\d{6}) (\S+:\d+) ([A-Z_0-9]+) -> "
    r"([A-Z_0-9]+)(:.*)?$" % "|".join(KINDS))


class ParseError(Exception):
    pass


def address(ep):
    """The address part of ip:port or [ip6]:port, canonical text."""
    a = ep.rsplit(":", 1)[0].strip("[]")
    try:
        return str(ipaddress.ip_address(a))
    except ValueError:
        return a


class Entry:
    """One transition line: time, endpoint, from, to, and its marks."""

    __slots__ = ("t", "tstr", "endpoint", "frm", "to", "untimed",
                 "uncertain", "kind", "lineno")

    def __init__(self, t, endpoint, frm, to, untimed, lineno, tstr="",
                 uncertain=False):
        self.t = t
        self.tstr = tstr
        self.endpoint = endpoint
        self.frm = frm
        self.to = to
        self.untimed = untimed
        self.uncertain = uncertain
        self.kind = None        # a vantage mark (truth only)
        self.lineno = lineno

    def pair(self):
        return "%s -> %s" % (self.frm, self.to)

    def __str__(self):
        return "%.6f %s%s%s%s" % (self.t, self.pair(),
                                  " ~" if self.untimed else "",
                                  " ?" if self.uncertain else "",
                                  " [%s]" % self.kind if self.kind else "")


def parse(lines, name, is_truth):
    """Parse transition lines; return (entries, directives)."""
    entries = []
    directives = {"marks": [], "nosocket": []}
    for n, raw in enumerate(lines, 1):
        if n > MAX_LINES:
            raise ParseError("%s: more than %d lines" % (name, MAX_LINES))
        line = raw.rstrip("\n").rstrip("\r")
        if line.strip() == "":
            continue
        if line.startswith("#"):
            if not is_truth:
                raise ParseError("%s:%d: comment in tcpviz output: %r" %
                                 (name, n, line))
            m = re.match(r"^#\s*(tolerance|end):\s*(\S+)\s*$", line)
            if m:
                try:
                    directives[m.group(1)] = float(m.group(2))
                except ValueError:
                    raise ParseError("%s:%d: bad %s value" %
                                     (name, n, m.group(1)))
                continue
            m = re.match(r"^#\s*nosocket:\s*(\S+)", line)
            if m:
                try:
                    a = str(ipaddress.ip_address(m.group(1)))
                except ValueError:
                    raise ParseError("%s:%d: bad nosocket address %r" %
                                     (name, n, m.group(1)))
                directives["nosocket"].append(a)
                continue
            if re.match(r"^#\s*(%s)\b" % "|".join(KINDS), line):
                m = MARK_RE.match(line)
                if m is None or m.group(2) not in VANTAGES:
                    raise ParseError("%s:%d: bad mark: %r" % (name, n, line))
                directives["marks"].append((n,) + m.groups()[:6])
            continue
        m = LINE_RE.match(line)
        if m is None:
            raise ParseError("%s:%d: not a transition line: %r" %
                             (name, n, line))
        t, ep, frm, to, tilde, quest = m.groups()
        if not ENDPOINT_RE.match(ep):
            raise ParseError("%s:%d: bad endpoint %r" % (name, n, ep))
        for s in (frm, to):
            if s not in STATES:
                raise ParseError("%s:%d: unknown state %r" % (name, n, s))
        if tilde and not is_truth:
            raise ParseError("%s:%d: '~' marker in tcpviz output" %
                             (name, n))
        if quest and is_truth:
            raise ParseError("%s:%d: '?' in a truth entry (use an "
                             "undetermined mark)" % (name, n))
        entries.append(Entry(float(t), ep, frm, to, bool(tilde), n, t,
                             bool(quest)))
    return entries, directives


def apply_marks(truth, directives, vantage, name="truth"):
    """Give the truth entries the marks of `vantage`; every mark of any
    vantage must name exactly one entry, an entry one mark per vantage."""
    done = set()
    for n, kind, v, t, ep, frm, to in directives["marks"]:
        # identical lines (two request sockets gone at one poll) share it
        hits = [e for e in truth if e.tstr == t and e.endpoint == ep and
                e.frm == frm and e.to == to]
        if not hits:
            raise ParseError("%s:%d: the %s mark names no entry" %
                             (name, n, kind))
        for e in hits:
            if (e.lineno, v) in done:
                raise ParseError("%s:%d: a second %s mark on line %d" %
                                 (name, n, v, e.lineno))
            done.add((e.lineno, v))
            if v == vantage:
                e.kind = kind
    for e in truth:
        if address(e.endpoint) in directives["nosocket"]:
            raise ParseError("%s:%d: an entry for nosocket %s" %
                             (name, e.lineno, address(e.endpoint)))


def by_endpoint(entries):
    """Group entries per endpoint, keeping file order."""
    groups = {}
    for e in entries:
        groups.setdefault(e.endpoint, []).append(e)
    return groups


def align(ts, acs):
    """Match truth ts to tcpviz acs in order, pair for pair; an unseen
    truth entry may match nothing.  Returns [(i, j or None)] or None."""
    n, m = len(ts), len(acs)
    if not any(e.kind == "unseen" for e in ts):
        if [e.pair() for e in ts] != [e.pair() for e in acs]:
            return None
        return [(i, i) for i in range(n)]
    ok = [[False] * (m + 1) for _ in range(n + 1)]
    ok[n][m] = True
    for i in range(n - 1, -1, -1):
        opt = ts[i].kind == "unseen"
        for j in range(m, -1, -1):
            v = False
            if j < m and ts[i].pair() == acs[j].pair() and ok[i + 1][j + 1]:
                v = True
            elif opt and ok[i + 1][j]:
                v = True
            ok[i][j] = v
    if not ok[0][0]:
        return None
    out = []
    j = 0
    for i in range(n):
        if j < m and ts[i].pair() == acs[j].pair() and ok[i + 1][j + 1]:
            out.append((i, j))
            j += 1
        else:
            out.append((i, None))
    return out


def diff_opcodes(a, b):
    """difflib-style opcodes from a longest common subsequence.

    SequenceMatcher takes the longest block first, which lines a
    connection's first instance up with tcpviz's second when one entry
    is missing; a true LCS does not.  Quadratic: long inputs fall back
    to difflib.
    """
    n, m = len(a), len(b)
    if n * m > 4000000:
        return difflib.SequenceMatcher(a=a, b=b,
                                       autojunk=False).get_opcodes()
    L = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            L[i][j] = (L[i + 1][j + 1] + 1 if a[i] == b[j] else
                       max(L[i + 1][j], L[i][j + 1]))
    steps = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j] and L[i][j] == L[i + 1][j + 1] + 1:
            steps.append(("equal", i, j))
            i += 1
            j += 1
        elif i < n and (j == m or L[i + 1][j] >= L[i][j + 1]):
            steps.append(("delete", i, j))
            i += 1
        else:
            steps.append(("insert", i, j))
            j += 1
    ops = []
    i = j = 0
    for tag, si, sj in steps:
        ni, nj = (si + 1, sj + 1) if tag == "equal" else \
            (si + 1, sj) if tag == "delete" else (si, sj + 1)
        kind = "equal" if tag == "equal" else "replace"
        if ops and ops[-1][0] == kind:
            ops[-1][2], ops[-1][4] = ni, nj
        else:
            ops.append([kind, si, ni, sj, nj])
    return [tuple(o) for o in ops]


def compare(truth, actual, tolerance, end, out, nosocket=()):
    """Write a report to out; return True when actual agrees with truth."""
    ok = True
    notes = []
    # The printer promises time order; a violation is a failure of its own.
    for prev, cur in zip(actual, actual[1:]):
        if cur.t < prev.t:
            out.write("tcpviz output not in time order at line %d "
                      "(%.6f after %.6f)\n" % (cur.lineno, cur.t, prev.t))
            ok = False
            break
    if end is not None:
        kept = [e for e in actual if e.t <= end + tolerance]
        for e in actual:
            if e.t > end + tolerance:
                notes.append("ignored after capture end: %s %s" %
                             (e.endpoint, e))
        actual = kept
    # A spoofed source has no socket: tcpviz may show the SYN's sender in
    # CLOSED and SYN_SENT (the RFC's view of a SYN), nothing further.
    spoofed = [e for e in actual if address(e.endpoint) in nosocket]
    actual = [e for e in actual if address(e.endpoint) not in nosocket]
    for e in spoofed:
        if e.frm not in NOSOCKET_STATES or e.to not in NOSOCKET_STATES:
            ok = False
            out.write("%s: spoofed source (no socket) shown %s\n" %
                      (e.endpoint, e))
    if spoofed and ok:
        notes.append("%d line(s) for spoofed sources, in %s only" %
                     (len(spoofed), " and ".join(NOSOCKET_STATES)))
    tg = by_endpoint(truth)
    ag = by_endpoint(actual)
    order = list(tg) + [ep for ep in ag if ep not in tg]
    for ep in order:
        ts = tg.get(ep, [])
        acs = ag.get(ep, [])
        cut = next((k for k, e in enumerate(ts) if e.kind == "diverges"),
                   None)
        if cut is not None:
            if [e.pair() for e in ts] == [e.pair() for e in acs]:
                ts[cut].kind = "undetermined"
            elif ([e.pair() for e in ts[:cut]] ==
                  [e.pair() for e in acs[:cut]] and
                  all(e.uncertain for e in acs[cut:])):
                notes.append("%s: from %s on another story, %d line(s), "
                             "all marked '?'" % (ep, ts[cut].pair(),
                                                 len(acs) - cut))
                ts, acs = ts[:cut], acs[:cut]
        match = align(ts, acs)
        if match is None:
            ok = False
            tp = [e.pair() for e in ts]
            ap = [e.pair() for e in acs]
            out.write("%s: state sequence differs (- kernel truth, "
                      "+ tcpviz)\n" % ep)
            for tag, i1, i2, j1, j2 in diff_opcodes(tp, ap):
                if tag == "equal":
                    for i, j in zip(range(i1, i2), range(j1, j2)):
                        out.write("    %-34s | %s\n" % (ts[i], acs[j]))
                    continue
                for i in range(i1, i2):
                    out.write("  - %s\n" % ts[i])
                for j in range(j1, j2):
                    out.write("  + %s\n" % acs[j])
            continue
        bad = []
        unmarked = []
        for i, j in match:
            te = ts[i]
            if j is None:
                continue
            ae = acs[j]
            if te.kind == "undetermined":
                if not ae.uncertain:
                    unmarked.append((te, ae))
                continue
            if te.untimed or te.kind in ("untimed", "unseen"):
                continue
            dt = ae.t - te.t
            if abs(dt) > tolerance:
                bad.append((te, ae, dt))
        if bad:
            ok = False
            out.write("%s: sequence matches, times differ by more than "
                      "%.3f s\n" % (ep, tolerance))
            for te, ae, dt in bad:
                out.write("    %s: kernel %.6f tcpviz %.6f (%+.3f s)\n" %
                          (te.pair(), te.t, ae.t, dt))
        if unmarked:
            ok = False
            out.write("%s: undetermined at this vantage but not marked "
                      "' ?' by tcpviz\n" % ep)
            for te, ae in unmarked:
                out.write("    %s: kernel %.6f tcpviz %.6f (no ?)\n" %
                          (te.pair(), te.t, ae.t))
        if not bad and not unmarked:
            extra = []
            for kind in ("undetermined", "untimed", "unseen", "diverges"):
                k = sum(1 for i, j in match if ts[i].kind == kind and
                        j is not None)
                if k:
                    extra.append("%d %s" % (k, kind))
            skipped = sum(1 for i, j in match if j is None)
            if skipped:
                extra.append("%d unseen not shown" % skipped)
            out.write("%s: %d transitions agree%s\n" %
                      (ep, len(acs), " (%s)" % ", ".join(extra)
                       if extra else ""))
    for n in notes:
        out.write("note: %s\n" % n)
    return ok


def compare_files(truth_path, actual_path, vantage, tolerance=None):
    """Compare two files; return (status 0/1/2, report text)."""
    try:
        with open(truth_path, encoding="utf-8") as f:
            truth, d = parse(f, truth_path, True)
        apply_marks(truth, d, vantage, truth_path)
        if actual_path is not None and actual_path != "-":
            with open(actual_path, encoding="utf-8") as f:
                actual, _ = parse(f, actual_path, False)
        else:
            actual, _ = parse(sys.stdin, "<stdin>", False)
    except (OSError, UnicodeDecodeError, ParseError) as e:
        return 2, "compare.py: %s\n" % e
    if tolerance is None:
        tolerance = d.get("tolerance", DEFAULT_TOLERANCE)

    class Sink:
        def __init__(self):
            self.parts = []

        def write(self, s):
            self.parts.append(s)

    sink = Sink()
    ok = compare(truth, actual, tolerance, d.get("end"), sink,
                 d["nosocket"])
    return (0 if ok else 1), "".join(sink.parts)


def batch(manifest):
    """--batch: every line LABEL, VANTAGE, TRUTH, ACTUAL (tab-separated)."""
    try:
        with open(manifest, encoding="utf-8") as f:
            lines = [x.rstrip("\n") for x in f if x.strip()]
    except (OSError, UnicodeDecodeError) as e:
        sys.stderr.write("compare.py: %s\n" % e)
        return 2
    bad = 0
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in VANTAGES:
            sys.stderr.write("compare.py: bad manifest line %r\n" % line)
            return 2
        label, vantage, tp, ap = parts
        rc, report = compare_files(tp, ap, vantage)
        if rc == 0:
            sys.stdout.write("ok   %s\n" % label)
        else:
            bad += 1
            sys.stdout.write("FAIL %s:\n" % label)
            for r in report.splitlines():
                sys.stdout.write("    %s\n" % r)
    return 1 if bad else 0


def main(argv):
    quiet = False
    tolerance = None
    vantage = "client"
    args = []
    i = 0
    if len(argv) == 2 and argv[0] == "--batch":
        return batch(argv[1])
    while i < len(argv):
        a = argv[i]
        if a == "-q":
            quiet = True
        elif a == "--tolerance" and i + 1 < len(argv):
            i += 1
            try:
                tolerance = float(argv[i])
            except ValueError:
                sys.stderr.write("compare.py: bad tolerance\n")
                return 2
        elif a == "--vantage" and i + 1 < len(argv):
            i += 1
            vantage = argv[i]
            if vantage not in VANTAGES:
                sys.stderr.write("compare.py: --vantage client or server\n")
                return 2
        else:
            args.append(a)
        i += 1
    if len(args) not in (1, 2):
        sys.stderr.write(__doc__.split("\n")[2] + "\n")
        return 2
    rc, report = compare_files(args[0], args[1] if len(args) == 2 else None,
                               vantage, tolerance)
    if rc == 2:
        sys.stderr.write(report)
    elif rc != 0 or not quiet:
        sys.stdout.write(report)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
