#!/usr/bin/env python3
"""Self-test of compare.py on hand-made truth and tcpviz outputs.

Exit 0 when every case gives the expected exit status (and, where given,
the expected words in the report), 1 otherwise.
"""

import contextlib
import io
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COMPARE = os.path.join(HERE, "compare.py")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import compare  # noqa: E402

TRUTH = """# scenario: hand-made
# end: 100.500000
10.000000 10.0.0.2:80 CLOSED -> LISTEN ~
10.100000 10.0.0.1:4000 CLOSED -> SYN_SENT
10.100100 10.0.0.2:80 LISTEN -> SYN_RCVD
10.100200 10.0.0.1:4000 SYN_SENT -> ESTABLISHED
10.100300 10.0.0.2:80 SYN_RCVD -> ESTABLISHED
11.000000 10.0.0.1:4000 ESTABLISHED -> FIN_WAIT_1
11.000100 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT
11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK
11.000300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT
11.000400 10.0.0.2:80 LAST_ACK -> CLOSED
"""

GOOD = """10.100000 10.0.0.2:80 CLOSED -> LISTEN
10.100000 10.0.0.1:4000 CLOSED -> SYN_SENT
10.100000 10.0.0.2:80 LISTEN -> SYN_RCVD
10.100200 10.0.0.1:4000 SYN_SENT -> ESTABLISHED
10.100300 10.0.0.2:80 SYN_RCVD -> ESTABLISHED
11.000000 10.0.0.1:4000 ESTABLISHED -> FIN_WAIT_1
11.000100 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT
11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK
11.000300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT
11.000400 10.0.0.2:80 LAST_ACK -> CLOSED
"""


def sub(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


# (name, truth, actual, extra args, expected exit, words in the report)
CASES = [
    ("identical", TRUTH, GOOD, [], 0, ["4 transitions agree"]),
    ("listen time is not compared", TRUTH,
     sub(GOOD, "10.100000 10.0.0.2:80 CLOSED -> LISTEN",
         "10.090000 10.0.0.2:80 CLOSED -> LISTEN"), [], 0, []),
    ("40 ms late is within 50 ms", TRUTH,
     sub(GOOD, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
         "11.040400 10.0.0.2:80 LAST_ACK -> CLOSED"), [], 0, []),
    ("output out of time order fails", TRUTH,
     sub(GOOD, "11.000100 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT",
         "11.040100 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT"), [], 1,
     ["not in time order"]),
    ("60 ms late fails", TRUTH,
     sub(GOOD, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
         "11.060400 10.0.0.2:80 LAST_ACK -> CLOSED"),
     [], 1, ["LAST_ACK -> CLOSED", "+0.060"]),
    ("60 ms passes with --tolerance 0.1", TRUTH,
     sub(GOOD, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
         "11.060400 10.0.0.2:80 LAST_ACK -> CLOSED"),
     ["--tolerance", "0.1"], 0, []),
    ("tolerance directive tightens", "# tolerance: 0.010\n" + TRUTH,
     sub(GOOD, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
         "11.020400 10.0.0.2:80 LAST_ACK -> CLOSED"), [], 1,
     ["more than 0.010"]),
    ("E14+E17 instead of E16 fails", TRUTH,
     sub(GOOD, "11.000300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT\n",
         "11.000300 10.0.0.1:4000 FIN_WAIT_1 -> FIN_WAIT_2\n"
         "11.000300 10.0.0.1:4000 FIN_WAIT_2 -> TIME_WAIT\n"), [], 1,
     ["- 11.000300 FIN_WAIT_1 -> TIME_WAIT",
      "+ 11.000300 FIN_WAIT_1 -> FIN_WAIT_2"]),
    ("missing transition fails", TRUTH,
     sub(GOOD, "11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n", ""), [],
     1, ["- 11.000200 CLOSE_WAIT -> LAST_ACK"]),
    ("extra endpoint fails", TRUTH,
     GOOD + "11.000500 10.0.0.3:80 CLOSED -> LISTEN\n", [], 1,
     ["10.0.0.3:80", "+ 11.000500 CLOSED -> LISTEN"]),
    ("empty output fails", TRUTH, "", [], 1, ["- 10.100000"]),
    ("after the capture end is ignored", TRUTH,
     GOOD + "160.000300 10.0.0.1:4000 TIME_WAIT -> CLOSED\n", [], 0,
     ["ignored after capture end"]),
    ("before the capture end is not ignored", TRUTH,
     GOOD + "100.000300 10.0.0.1:4000 TIME_WAIT -> CLOSED\n", [], 1,
     ["+ 100.000300 TIME_WAIT -> CLOSED"]),
    ("interleaving across endpoints is free", TRUTH,
     sub(GOOD, "10.100000 10.0.0.1:4000 CLOSED -> SYN_SENT\n"
         "10.100000 10.0.0.2:80 LISTEN -> SYN_RCVD\n",
         "10.100000 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
         "10.100000 10.0.0.1:4000 CLOSED -> SYN_SENT\n"), [], 0, []),
    ("order within an endpoint matters", TRUTH,
     sub(GOOD, "11.000100 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT\n"
         "11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n",
         "11.000100 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
         "11.000200 10.0.0.2:80 ESTABLISHED -> CLOSE_WAIT\n"), [], 1,
     ["state sequence differs"]),
    ("IPv6 endpoints", "1.000000 [fd00::1]:5 CLOSED -> SYN_SENT\n",
     "1.001000 [fd00::1]:5 CLOSED -> SYN_SENT\n", [], 0, []),
    ("bad state name is an error", TRUTH,
     sub(GOOD, "CLOSE_WAIT -> LAST_ACK", "CLOSE_WAIT -> LASTACK"), [], 2,
     []),
    ("stray text is an error", TRUTH, "hello\n" + GOOD, [], 2, []),
    ("'~' in tcpviz output is an error", TRUTH,
     sub(GOOD, "CLOSED -> LISTEN", "CLOSED -> LISTEN ~"), [], 2, []),
    ("five decimals is an error", TRUTH,
     sub(GOOD, "10.100200 10.0.0.1:4000", "10.10020 10.0.0.1:4000"), [], 2,
     []),
]



# A server-side capture of "FIN, FIN, ACK": the client's TIME_WAIT could
# be at either FIN (undetermined there); at the client-side capture the
# server's LAST_ACK is untimed and an (invented) LISTEN unseen.
MARKED = TRUTH.replace(
    "# end: 100.500000\n",
    "# end: 100.500000\n"
    "# undetermined server: 11.000300 10.0.0.1:4000 FIN_WAIT_1 -> "
    "TIME_WAIT: the FIN lost, or the ACK of it\n"
    "# untimed client: 11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK: "
    "its first FIN was lost before the client side\n"
    "# unseen client: 10.000000 10.0.0.2:80 CLOSED -> LISTEN: nothing of "
    "it here\n")
TW_LATE = sub(GOOD, "11.000300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT",
              "11.000350 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT")
TW_LATE = sub(TW_LATE, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
              "11.300300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT ?")
TW_LATE = sub(TW_LATE, "11.000350 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT\n",
              "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED\n")
# syn-lost-net at the server side: the first SYN never got there.
SYN_RETRY = ("# untimed server: 1.000000 10.0.0.1:5 CLOSED -> SYN_SENT: its "
             "first SYN was lost before the server side\n"
             "1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
             "2.000100 10.0.0.1:5 SYN_SENT -> ESTABLISHED\n")
SYN_SEEN_LATE = ("1.900000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
                 "2.000100 10.0.0.1:5 SYN_SENT -> ESTABLISHED\n")
NO_LISTEN = sub(GOOD, "10.100000 10.0.0.2:80 CLOSED -> LISTEN\n", "")
# fin-giveup at the server side: the client's last ACKed FIN, or its
# retries running out with that ACK lost too (one loss more).
GIVEUP = ("# diverges server: 3.000000 10.0.0.1:5 FIN_WAIT_1 -> CLOSED: the "
          "last ACK of its FIN lost too, or not\n"
          "1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
          "1.000100 10.0.0.1:5 SYN_SENT -> ESTABLISHED\n"
          "2.000000 10.0.0.1:5 ESTABLISHED -> FIN_WAIT_1\n"
          "3.000000 10.0.0.1:5 FIN_WAIT_1 -> CLOSED\n")
GIVEUP_TRUTH = ("1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
                "1.000100 10.0.0.1:5 SYN_SENT -> ESTABLISHED\n"
                "2.000000 10.0.0.1:5 ESTABLISHED -> FIN_WAIT_1\n"
                "3.400000 10.0.0.1:5 FIN_WAIT_1 -> CLOSED\n")
GIVEUP_OTHER = ("1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
                "1.000100 10.0.0.1:5 SYN_SENT -> ESTABLISHED\n"
                "2.000000 10.0.0.1:5 ESTABLISHED -> FIN_WAIT_1\n"
                "2.500000 10.0.0.1:5 FIN_WAIT_1 -> FIN_WAIT_2 ?\n"
                "5.000000 10.0.0.1:5 FIN_WAIT_2 -> TIME_WAIT ?\n")
SPOOF = ("# nosocket: 10.0.0.9\n" + TRUTH)
CASES += [
    ("undetermined: '?' and another time pass", MARKED, TW_LATE,
     ["--vantage", "server"], 0, ["1 undetermined"]),
    ("undetermined: without '?' fails", MARKED,
     TW_LATE.replace(" TIME_WAIT ?", " TIME_WAIT"),
     ["--vantage", "server"], 1, ["not marked ' ?'", "(no ?)"]),
    ("undetermined: the pair is still required", MARKED,
     sub(GOOD, "11.000300 10.0.0.1:4000 FIN_WAIT_1 -> TIME_WAIT\n", ""),
     ["--vantage", "server"], 1, ["- 11.000300 FIN_WAIT_1 -> TIME_WAIT"]),
    ("undetermined: the order is still required", MARKED,
     sub(GOOD, "11.000000 10.0.0.1:4000 ESTABLISHED -> FIN_WAIT_1\n",
         "") + "11.500000 10.0.0.1:4000 ESTABLISHED -> FIN_WAIT_1 ?\n",
     ["--vantage", "server"], 1, ["state sequence differs"]),
    ("undetermined: '?' in time passes too", MARKED,
     sub(GOOD, "FIN_WAIT_1 -> TIME_WAIT", "FIN_WAIT_1 -> TIME_WAIT ?"),
     ["--vantage", "server"], 0, []),
    ("the client vantage times what the server leaves open", MARKED,
     TW_LATE, ["--vantage", "client"], 1, ["FIN_WAIT_1 -> TIME_WAIT",
                                           "+0.300"]),
    ("vantage defaults to client", MARKED, TW_LATE, [], 1, ["+0.300"]),
    ("'?' on a determined entry is ignored (in time)", TRUTH,
     sub(GOOD, "LAST_ACK -> CLOSED", "LAST_ACK -> CLOSED ?"), [], 0, []),
    ("'?' on a determined entry is ignored (late fails)", TRUTH,
     sub(GOOD, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED",
         "11.060400 10.0.0.2:80 LAST_ACK -> CLOSED ?"), [], 1, ["+0.060"]),
    ("untimed: any time, no '?' needed", SYN_RETRY, SYN_SEEN_LATE,
     ["--vantage", "server"], 0, ["1 untimed"]),
    ("untimed: timed at the other vantage", SYN_RETRY, SYN_SEEN_LATE,
     ["--vantage", "client"], 1, ["CLOSED -> SYN_SENT", "+0.900"]),
    ("untimed: only the marked entry is untimed", MARKED,
     sub(sub(GOOD, "11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n", ""),
         "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED\n",
         "12.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
         "12.000400 10.0.0.2:80 LAST_ACK -> CLOSED\n"),
     ["--vantage", "client"], 1, ["LAST_ACK -> CLOSED", "+1.000"]),
    ("untimed: the pair is still required", MARKED,
     sub(GOOD, "11.000200 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n", ""),
     ["--vantage", "client"], 1, ["- 11.000200 CLOSE_WAIT -> LAST_ACK"]),
    ("unseen: may be missing", MARKED, NO_LISTEN, ["--vantage", "client"],
     0, ["1 unseen not shown"]),
    ("unseen: may be there, at any time", MARKED,
     sub(GOOD, "10.100000 10.0.0.2:80 CLOSED -> LISTEN",
         "10.100000 10.0.0.2:80 CLOSED -> LISTEN"),
     ["--vantage", "client"], 0, ["1 unseen"]),
    ("unseen: not out of order", MARKED,
     sub(NO_LISTEN, "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED\n",
         "11.000400 10.0.0.2:80 LAST_ACK -> CLOSED\n"
         "11.000500 10.0.0.2:80 CLOSED -> LISTEN\n"),
     ["--vantage", "client"], 1, ["state sequence differs"]),
    ("unseen at client is required at server", MARKED, NO_LISTEN,
     ["--vantage", "server"], 1, ["- 10.000000 CLOSED -> LISTEN ~"]),
    ("unseen: extra lines still fail", MARKED,
     NO_LISTEN + "11.000500 10.0.0.2:80 CLOSED -> LISTEN\n"
     "11.000600 10.0.0.2:80 LISTEN -> SYN_RCVD\n",
     ["--vantage", "client"], 1, ["+ 11.000600 LISTEN -> SYN_RCVD"]),
    ("a mark naming no entry is an error", MARKED.replace(
        "server: 11.000300", "server: 11.000301"), GOOD,
     ["--vantage", "server"], 2, ["names no entry"]),
    ("a mark on repeated identical lines covers them all",
     "# undetermined server: 7.000000 10.0.0.2:80 SYN_RCVD -> CLOSED\n"
     "1.000000 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "1.100000 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "7.000000 10.0.0.2:80 SYN_RCVD -> CLOSED\n"
     "7.000000 10.0.0.2:80 SYN_RCVD -> CLOSED\n",
     "1.000000 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "1.100000 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "6.900000 10.0.0.2:80 SYN_RCVD -> CLOSED ?\n"
     "7.200000 10.0.0.2:80 SYN_RCVD -> CLOSED ?\n",
     ["--vantage", "server"], 0, ["2 undetermined"]),
    ("a mark for an unknown vantage is an error", MARKED.replace(
        "undetermined server:", "undetermined middle:"), GOOD, [], 2,
     ["bad mark"]),
    ("an unknown mark kind is an error",
     "# undetermined: 1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n"
     "1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n",
     "1.000000 10.0.0.1:5 CLOSED -> SYN_SENT\n", [], 2, ["bad mark"]),
    ("two marks on one entry for one vantage is an error", MARKED.replace(
        "# unseen client: 10.000000",
        "# untimed client: 11.000300 10.0.0.1:4000 FIN_WAIT_1 -> "
        "TIME_WAIT\n# untimed server: 11.000300 10.0.0.1:4000 FIN_WAIT_1 "
        "-> TIME_WAIT\n# unseen client: 10.000000"), GOOD, [], 2,
     ["a second server mark"]),
    ("--vantage must be client or server", MARKED, GOOD,
     ["--vantage", "middle"], 2, []),
    ("'?' in a truth entry is an error",
     sub(TRUTH, "LAST_ACK -> CLOSED", "LAST_ACK -> CLOSED ?"), GOOD, [], 2,
     ["undetermined mark"]),
    ("'?' glued to the state is an error", TRUTH,
     sub(GOOD, "LAST_ACK -> CLOSED", "LAST_ACK -> CLOSED?"), [], 2, []),
    ("a missing entry between two instances is one '-' line",
     "1.000000 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
     "2.000000 10.0.0.2:80 LAST_ACK -> CLOSED\n"
     "3.000000 10.0.0.2:80 CLOSED -> LISTEN ~\n"
     "3.000100 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "4.000000 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
     "4.000100 10.0.0.2:80 LAST_ACK -> CLOSED\n",
     "1.000000 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
     "3.000000 10.0.0.2:80 CLOSED -> LISTEN\n"
     "3.000100 10.0.0.2:80 LISTEN -> SYN_RCVD\n"
     "4.000000 10.0.0.2:80 CLOSE_WAIT -> LAST_ACK\n"
     "4.000100 10.0.0.2:80 LAST_ACK -> CLOSED\n", [], 1,
     ["  - 2.000000 LAST_ACK -> CLOSED\n    3.000000 CLOSED -> LISTEN ~"]),
    ("nosocket: SYN_SENT and CLOSED are allowed", SPOOF,
     GOOD + "11.000500 10.0.0.9:5555 CLOSED -> SYN_SENT\n"
     "19.000500 10.0.0.9:5555 SYN_SENT -> CLOSED ?\n", [], 0,
     ["spoofed sources"]),
    ("nosocket: ESTABLISHED fails", SPOOF,
     GOOD + "11.000500 10.0.0.9:5555 CLOSED -> SYN_SENT\n"
     "11.000600 10.0.0.9:5555 SYN_SENT -> ESTABLISHED\n", [], 1,
     ["spoofed source (no socket) shown", "SYN_SENT -> ESTABLISHED"]),
    ("nosocket: other addresses are still compared", SPOOF,
     GOOD + "11.000500 10.0.0.8:5555 CLOSED -> SYN_SENT\n", [], 1,
     ["+ 11.000500 CLOSED -> SYN_SENT"]),
    ("diverges: another story, every line of it '?', passes", GIVEUP,
     GIVEUP_OTHER, ["--vantage", "server"], 0, ["another story"]),
    ("diverges: another story without '?' fails", GIVEUP,
     GIVEUP_OTHER.replace(" TIME_WAIT ?", " TIME_WAIT"),
     ["--vantage", "server"], 1, ["state sequence differs"]),
    ("diverges: the truth's story needs '?' there", GIVEUP,
     GIVEUP_TRUTH, ["--vantage", "server"], 1, ["not marked ' ?'"]),
    ("diverges: the truth's story with '?' passes", GIVEUP,
     GIVEUP_TRUTH.replace("CLOSED\n", "CLOSED ?\n", 1),
     ["--vantage", "server"], 0, []),
    ("diverges: what comes before is still compared", GIVEUP,
     GIVEUP_OTHER.replace("1.000100 10.0.0.1:5 SYN_SENT",
                          "1.300100 10.0.0.1:5 SYN_SENT"),
     ["--vantage", "server"], 1, ["+0.300"]),
    ("diverges: the other vantage compares as usual", GIVEUP,
     GIVEUP_OTHER, [], 1, ["state sequence differs"]),
    ("nosocket: a truth entry for it is an error",
     SPOOF + "12.000000 10.0.0.9:5555 CLOSED -> SYN_SENT\n", GOOD, [], 2,
     ["nosocket"]),
]


def run(truth, actual, extra):
    """compare.main in this process (fast); returns (status, report)."""
    with tempfile.TemporaryDirectory() as d:
        tp = os.path.join(d, "t.truth")
        ap = os.path.join(d, "a.txt")
        with open(tp, "w") as f:
            f.write(truth)
        with open(ap, "w") as f:
            f.write(actual)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out):
            rc = compare.main(extra + [tp, ap])
        return rc, out.getvalue()


def main():
    failed = 0
    for name, truth, actual, extra, want, words in CASES:
        rc, out = run(truth, actual, extra)
        missing = [w for w in words if w not in out]
        if rc != want or missing:
            failed += 1
            print("FAIL %s: exit %d (want %d), missing %r\n%s" %
                  (name, rc, want, missing, out))
        else:
            print("ok   %s" % name)
    # the command line itself, once: standard input works as ACTUAL
    with tempfile.NamedTemporaryFile("w", suffix=".truth") as f:
        f.write(TRUTH)
        f.flush()
        r = subprocess.run([sys.executable, COMPARE, "-q", f.name],
                           input=GOOD, capture_output=True, text=True,
                           timeout=30)
        if r.returncode != 0 or r.stdout != "":
            failed += 1
            print("FAIL stdin/-q: exit %d out %r" % (r.returncode, r.stdout))
        else:
            print("ok   stdin and -q")
    # --batch: one process for many pairs, a verdict line per pair
    with tempfile.TemporaryDirectory() as d:
        files = {}
        for nm, text in (("t", MARKED), ("good", GOOD), ("late", TW_LATE)):
            files[nm] = os.path.join(d, nm)
            with open(files[nm], "w") as f:
                f.write(text)
        man = os.path.join(d, "manifest")
        with open(man, "w") as f:
            f.write("a (client)\tclient\t%s\t%s\n" % (files["t"],
                                                      files["good"]))
            f.write("a (server)\tserver\t%s\t%s\n" % (files["t"],
                                                      files["late"]))
            f.write("b (client)\tclient\t%s\t%s\n" % (files["t"],
                                                      files["late"]))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = compare.main(["--batch", man])
        lines = out.getvalue().splitlines()
        if rc != 1 or lines[:3] != ["ok   a (client)", "ok   a (server)",
                                    "FAIL b (client):"] or \
                not all(x.startswith("    ") for x in lines[3:]):
            failed += 1
            print("FAIL --batch: exit %d\n%s" % (rc, out.getvalue()))
        else:
            print("ok   --batch")
    print("%d of %d compare cases failed" % (failed, len(CASES) + 2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
