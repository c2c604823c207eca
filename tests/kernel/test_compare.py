#!/usr/bin/env python3
"""Self-test of compare.py on hand-made truth and tcpviz outputs.

Exit 0 when every case gives the expected exit status (and, where given,
the expected words in the report), 1 otherwise.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COMPARE = os.path.join(HERE, "compare.py")

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


def run(truth, actual, extra):
    with tempfile.TemporaryDirectory() as d:
        tp = os.path.join(d, "t.truth")
        ap = os.path.join(d, "a.txt")
        with open(tp, "w") as f:
            f.write(truth)
        with open(ap, "w") as f:
            f.write(actual)
        r = subprocess.run([sys.executable, COMPARE] + extra + [tp, ap],
                           capture_output=True, text=True, timeout=30)
        return r.returncode, r.stdout + r.stderr


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
    # standard input works as ACTUAL
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
    print("%d of %d compare cases failed" % (failed, len(CASES) + 1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
