#!/usr/bin/env python3
"""Compare `tcpviz --transitions` output with a kernel truth file.

Usage: compare.py [-q] [--tolerance S] TRUTH [ACTUAL]
ACTUAL defaults to standard input.  Exit 0 when they agree, 1 when they
differ, 2 when an input cannot be read or parsed.

Both inputs use the transitions text format:
    <epoch seconds, 6 decimals> <ip>:<port> <FROM> -> <TO>
(IPv6 endpoints as [addr]:port).  The truth file may also hold:
    # any comment
    # tolerance: 0.015   time tolerance in seconds (default 0.050)
    # end: <epoch s>     the capture ended here: the kernel's states after
                         this time are unknown, so later tcpviz lines are
                         not compared (TIME_WAIT -> CLOSED after 2*MSL)
and a trailing " ~" on an entry: its time is not comparable (listen() is
never on the wire), only its place in the sequence is checked.

Agreement means: for every endpoint (ip:port) the sequence of FROM -> TO
pairs is exactly the same in both, in time order, and every entry not
marked "~" has times within the tolerance.
"""

import difflib
import re
import sys

STATES = ("CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
          "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
          "TIME_WAIT")
DEFAULT_TOLERANCE = 0.050
MAX_LINES = 1000000

LINE_RE = re.compile(
    r"^(-?\d+\.\d{6}) (\S+:\d+) ([A-Z_0-9]+) -> ([A-Z_0-9]+)( ~| \?)?$")
ENDPOINT_RE = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d+$")


class ParseError(Exception):
    pass


class Entry:
    """One transition line: time, endpoint, from, to, time comparable."""

    __slots__ = ("t", "endpoint", "frm", "to", "untimed", "lineno")

    def __init__(self, t, endpoint, frm, to, untimed, lineno):
        self.t = t
        self.endpoint = endpoint
        self.frm = frm
        self.to = to
        self.untimed = untimed
        self.lineno = lineno

    def pair(self):
        return "%s -> %s" % (self.frm, self.to)

    def __str__(self):
        return "%.6f %s%s" % (self.t, self.pair(), " ~" if self.untimed
                              else "")


def parse(lines, name, is_truth):
    """Parse transition lines; return (entries, directives)."""
    entries = []
    directives = {}
    for n, raw in enumerate(lines, 1):
        if n > MAX_LINES:
            raise ParseError("%s: more than %d lines" % (name, MAX_LINES))
        line = raw.rstrip("\n").rstrip("\r")
        if line.strip() == "":
            continue
        if line.startswith("#"):
            m = re.match(r"^#\s*(tolerance|end):\s*(\S+)\s*$", line)
            if m and is_truth:
                try:
                    directives[m.group(1)] = float(m.group(2))
                except ValueError:
                    raise ParseError("%s:%d: bad %s value" %
                                     (name, n, m.group(1)))
            if is_truth:
                continue
            raise ParseError("%s:%d: comment in tcpviz output: %r" %
                             (name, n, line))
        m = LINE_RE.match(line)
        if m is None:
            raise ParseError("%s:%d: not a transition line: %r" %
                             (name, n, line))
        t, ep, frm, to, tilde = m.groups()
        if not ENDPOINT_RE.match(ep):
            raise ParseError("%s:%d: bad endpoint %r" % (name, n, ep))
        for s in (frm, to):
            if s not in STATES:
                raise ParseError("%s:%d: unknown state %r" % (name, n, s))
        if tilde == " ?":
            if is_truth:
                raise ParseError("%s:%d: '?' marker in a truth file" %
                                 (name, n))
            tilde = None        # tcpviz's "uncertain": compared as any
        if tilde and not is_truth:
            raise ParseError("%s:%d: '~' marker in tcpviz output" %
                             (name, n))
        entries.append(Entry(float(t), ep, frm, to, bool(tilde), n))
    return entries, directives


def by_endpoint(entries):
    """Group entries per endpoint, keeping file order."""
    groups = {}
    for e in entries:
        groups.setdefault(e.endpoint, []).append(e)
    return groups


def compare(truth, actual, tolerance, end, out):
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
    tg = by_endpoint(truth)
    ag = by_endpoint(actual)
    order = list(tg) + [ep for ep in ag if ep not in tg]
    for ep in order:
        ts = tg.get(ep, [])
        acs = ag.get(ep, [])
        tp = [e.pair() for e in ts]
        ap = [e.pair() for e in acs]
        if tp != ap:
            ok = False
            out.write("%s: state sequence differs (- kernel truth, "
                      "+ tcpviz)\n" % ep)
            sm = difflib.SequenceMatcher(a=tp, b=ap, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
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
        for te, ae in zip(ts, acs):
            if te.untimed:
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
        else:
            out.write("%s: %d transitions agree\n" % (ep, len(ts)))
    for n in notes:
        out.write("note: %s\n" % n)
    return ok


def main(argv):
    quiet = False
    tolerance = None
    args = []
    i = 0
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
        else:
            args.append(a)
        i += 1
    if len(args) not in (1, 2):
        sys.stderr.write(__doc__.split("\n")[2] + "\n")
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            truth, d = parse(f, args[0], True)
        if len(args) == 2 and args[1] != "-":
            with open(args[1], encoding="utf-8") as f:
                actual, _ = parse(f, args[1], False)
        else:
            actual, _ = parse(sys.stdin, "<stdin>", False)
    except (OSError, UnicodeDecodeError, ParseError) as e:
        sys.stderr.write("compare.py: %s\n" % e)
        return 2
    if tolerance is None:
        tolerance = d.get("tolerance", DEFAULT_TOLERANCE)

    class Sink:
        def __init__(self):
            self.parts = []

        def write(self, s):
            self.parts.append(s)

    sink = Sink()
    ok = compare(truth, actual, tolerance, d.get("end"), sink)
    if not ok or not quiet:
        sys.stdout.write("".join(sink.parts))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
