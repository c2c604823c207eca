#!/bin/bash
# pipe-stream.sh: a capture arriving on a pipe (ssh host tcpdump -U -w - |
# tcpviz -r - --transitions) is printed as it comes, like -i: each line
# once it settles (the sender's at its segment, a receiver's --settle
# seconds after its evidence, while the pipe is quiet), and SIGINT prints
# what has settled and exits 0 with the stderr summary line, also when the
# pipe stops in the middle of a record. A FIFO given to -r is the same.
. "${top_srcdir:-.}/tests/lib.sh"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "no python3"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"

# The writer and the clock: python3 feeds tcpviz's standard input (or a
# FIFO) and timestamps every line tcpviz prints. Each packet is stamped
# with the wall time it is written at (as tcpdump -U does) and the same
# stamps are saved as a file for the reference run with -r FILE.
cat >"$TMPD/stream.py" <<'EOF'
import json, os, signal, struct, subprocess, sys, threading, time

tcpviz, cap, mode, fmt, how, work = sys.argv[1:7]
GAP = 0.4       # seconds between packets
QUIET = 5.5     # the pipe stays open, silent, this long (> settle + 1 s)
SETTLE = 3.0    # tcpviz's default --settle

data = open(cap, "rb").read()
magic = data[:4]
if magic == b"\xd4\xc3\xb2\xa1":
    frac = 1e6
elif magic == b"\x4d\x3c\xb2\xa1":
    frac = 1e9
else:
    sys.exit("unsupported pcap magic %s" % magic.hex())
hdr, recs, off = data[:24], [], 24
while off + 16 <= len(data):
    caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
    recs.append(data[off + 8:off + 16 + caplen])  # lengths and bytes
    off += 16 + caplen

base = int(time.time()) + 1.0
stamps = [base + i * GAP for i in range(len(recs))]

def record(i):
    sec = int(stamps[i])
    sub = int(round((stamps[i] - sec) * frac))
    return struct.pack("<II", sec, sub) + recs[i]

with open(os.path.join(work, "ref.pcap"), "wb") as f:
    f.write(hdr + b"".join(record(i) for i in range(len(recs))))

args = [tcpviz, "-r", "-", "--" + mode]
if fmt == "json":
    args += ["--format", "json"]
if how == "fifo":
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    args[2] = fifo
    p = subprocess.Popen(args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    w = os.open(fifo, os.O_WRONLY)
else:
    r, w = os.pipe()
    p = subprocess.Popen(args, stdin=r, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    os.close(r)

lines, errs = [], []
def reader(stream, into):
    for line in iter(stream.readline, b""):
        into.append((time.time(), line.decode().rstrip("\n")))
ts = [threading.Thread(target=reader, args=(p.stdout, lines)),
      threading.Thread(target=reader, args=(p.stderr, errs))]
for t in ts:
    t.daemon = True
    t.start()

os.write(w, hdr)
sent = []
for i in range(len(recs)):
    delay = stamps[i] - time.time()
    if delay > 0:
        time.sleep(delay)
    sent.append(time.time())
    os.write(w, record(i))
if how == "midrecord":
    # The header and half of a record more, then nothing.
    extra = record(len(recs) - 1)
    os.write(w, extra[:len(extra) // 2])
time.sleep(QUIET)
before = list(lines)
t_int = time.time()
p.send_signal(signal.SIGINT)
try:
    rc = p.wait(timeout=5)
except subprocess.TimeoutExpired:
    p.kill()
    rc = p.wait()
    print("FAIL %s %s/%s: still running 5 s after SIGINT" % (how, mode, fmt))
for t in ts:
    t.join(timeout=2)
os.close(w)
json.dump({"sent": sent, "stamps": stamps, "lines": lines, "before": before,
           "errs": errs, "rc": rc, "t_int": t_int},
          open(os.path.join(work, "result.json"), "w"))
EOF

# The checks, from result.json and the reference run over ref.pcap.
cat >"$TMPD/check.py" <<'EOF'
import json, sys

work, mode, fmt, how, tag = sys.argv[1:6]
SETTLE = 3.0
res = json.load(open(work + "/result.json"))
ref = [l for l in open(work + "/ref.out").read().split("\n") if l]
refjson = [json.loads(l) for l in open(work + "/ref.json") if l.strip()]
sent, lines, before = res["sent"], res["lines"], res["before"]
got = [l for _, l in lines]

def say(ok, what):
    print("%s %s: %s" % ("PASS" if ok else "FAIL", tag, what))

say(res["rc"] == 0, "exit status %s after SIGINT, want 0" % res["rc"])
summ = [e for _, e in res["errs"] if e.startswith("tcpviz: ")]
want_summ = "tcpviz: (stdin): " if how != "fifo" else "tcpviz: " + work
say(len(summ) == 1 and summ[0].startswith(want_summ) and
    "frames" in summ[0] and "TCP segments" in summ[0] and
    "dropped by the kernel" not in summ[0],
    "stderr summary line: %r" % [e for _, e in res["errs"]])
missing = [l for l in ref if l not in [b for _, b in before]]
say(not missing, "%d of %d lines of -r FILE printed before SIGINT%s" %
    (len(ref) - len(missing), len(ref),
     "; missing: " + "; ".join(missing[:3]) if missing else ""))
say(sorted(got) == sorted(ref), "all output equals -r FILE's "
    "(%d lines, want %d)" % (len(got), len(ref)))

# Latency: a line is due when the segment that settles it is written (the
# sender's own, or a segment proving it) or settle seconds after its
# evidence; it must come within 1 s of that.
def frame_of(i):
    if mode == "segments":
        return int(ref[i].rsplit("frame=", 1)[1].split()[0])
    return refjson[i]["frame"]

worst, first = 0.0, None
late = []
arrived = {}
for t, l in lines:
    arrived.setdefault(l, t)
figs = []
for i, l in enumerate(ref):
    if l in arrived:
        t = arrived[l]
        last = max([s for s in sent if s <= t] or [t])
        figs.append("%s frame %d: %.3f s after it, %.3f s after the last "
                    "write" % ("observed" if mode == "segments" or
                               refjson[i]["known"] == "observed" else
                               "receiver", frame_of(i), t - sent[frame_of(i) - 1],
                               t - last))
for f in figs[:1] + figs[-1:]:
    print("NOTE %s: %s" % (tag, f))
for i, l in enumerate(ref):
    if l not in arrived:
        continue
    ev = sent[frame_of(i) - 1]
    lat = arrived[l] - ev
    if mode == "segments" or refjson[i]["known"] == "observed":
        bound = 1.0
    else:
        bound = SETTLE + 1.0
    if first is None:
        first = lat
    worst = max(worst, lat - (bound - 1.0))
    if lat > bound:
        late.append("%.2fs > %.0fs: %s" % (lat, bound, l[:70]))
say(arrived and not late, "every line within its bound (first line %.3f s after its "
    "segment; worst %.3f s past due)%s" % (first if first is not None
    else -1, worst, "; late: " + "; ".join(late[:3]) if late else ""))
EOF

# run MODE FMT HOW CAPTURE: one variant, its verdicts in $w/check.out
# (PASS or FAIL lines); collect counts them once every variant is done.
run() {
	local mode=$1 fmt=$2 how=$3 cap=$4 tag w refargs
	tag="$how $mode/$fmt $(basename "$cap")"
	w="$TMPD/v-$how-$mode-$fmt-$(basename "$cap" .pcap)"
	mkdir -p "$w"
	refargs=(--"$mode")
	[ "$fmt" = json ] && refargs+=(--format json)
	if ! timeout 40 python3 "$TMPD/stream.py" "$TCPVIZ" "$cap" "$mode" \
	    "$fmt" "$how" "$w" >"$w/py.out" 2>&1; then
		echo "FAIL $tag: the writer failed: $(head -c 300 "$w/py.out")" \
		    >"$w/check.out"
		return
	fi
	timeout 20 "$TCPVIZ" -r "$w/ref.pcap" "${refargs[@]}" >"$w/ref.out" \
	    2>/dev/null
	timeout 20 "$TCPVIZ" -r "$w/ref.pcap" --"$mode" --format json \
	    >"$w/ref.json" 2>/dev/null
	{
		grep '^FAIL' "$w/py.out"
		timeout 20 python3 "$TMPD/check.py" "$w" "$mode" "$fmt" \
		    "$how" "$tag" 2>&1
	} >"$w/check.out"
	[ -s "$w/check.out" ] || echo "FAIL $tag: no verdicts" >"$w/check.out"
}

collect() {
	local f verdict rest
	for f in "$TMPD"/v-*/check.out; do
		while read -r verdict rest; do
			case $verdict in
			PASS) ok; [ -n "$VERBOSE" ] && printf 'ok: %s\n' "$rest" ;;
			NOTE) [ -n "$VERBOSE" ] && printf 'note: %s\n' "$rest" ;;
			*) fail "$rest" ;;
			esac
		done <"$f"
	done
}

HTTP="$top_srcdir/assets/captures/http-close.pcap"
KERN="$top_srcdir/tests/pcap/kernel/client-close.pcap"
# The variants run side by side: each takes about 11 s.
run transitions text pipe "$HTTP" &
run transitions json pipe "$HTTP" &
run segments text pipe "$HTTP" &
run transitions text pipe "$KERN" &
run transitions text midrecord "$KERN" &
run transitions json fifo "$KERN" &
wait
collect
finish
