#!/bin/bash
# scale.sh: the interactive UI at scale (make check-scale; not part of
# make check: it prints figures, it asserts nothing). On generated
# captures (gen-conns.py):
#   4M     4,000,032 frames: 105,264 connections of 38 frames, 1,000 at once
#   16M    4 times as long at the same rate: 421,056 connections
#   16M-l  4 times as long, about as many connections (101,266) of 158 frames
#   2G     a 2 GB capture (1,400-byte responses)
#   tiny   10 frames
# For each, in tmux at 120x40: the time from exec to the first frame on
# the screen, the time until the status bar stops saying "reading", the
# segments per second that makes, and the UI's peak RSS (VmHWM) once
# loaded; then the same file through --screen (the whole UI model, no
# terminal) for peak RSS and time, and libpcap's bare read loop
# (pcap-loop.c) over it as the baseline of the ratio. (The --screen RSS
# is getrusage's for a child of python3, which counts python's own 13 MB
# before exec: a floor, not tcpviz.)
#   TCPVIZ=./tcpviz PCAP_LOOP=./tests/bench/pcap-loop scale.sh [WHICH...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TCPVIZ:=./tcpviz}"
: "${PCAP_LOOP:=./tests/bench/pcap-loop}"
for x in "$TCPVIZ" "$PCAP_LOOP"; do
	[ -x "$x" ] || { echo "scale.sh: no $x (make check-scale)" >&2; exit 1; }
done
for t in tmux python3; do
	command -v $t >/dev/null || { echo "scale.sh: needs $t" >&2; exit 1; }
done
tmp=$(mktemp -d "${SCALE_TMP:-${TMPDIR:-/tmp}}/tvscale.XXXXXX") || exit 1
trap 'tmux -L tvscale kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")
which=${*:-tiny 4M 16M 16M-l 2G}

gen() {	# NAME: make the capture, print its path
	local f=$tmp/$1.pcap
	case $1 in
	tiny)	python3 "$here/gen-conns.py" 1 "$f" --exchanges 2 ;;
	4M)	python3 "$here/gen-conns.py" 105264 "$f" --exchanges 16 \
		    --concurrent 1000 ;;
	16M)	python3 "$here/gen-conns.py" 421056 "$f" --exchanges 16 \
		    --concurrent 1000 ;;
	16M-l)	python3 "$here/gen-conns.py" 101266 "$f" --exchanges 76 \
		    --concurrent 1000 ;;
	2G)	python3 "$here/gen-conns.py" 40000 "$f" --exchanges 36 \
		    --body 1400 --concurrent 1000 ;;
	*)	echo "scale.sh: unknown capture $1" >&2; return 1 ;;
	esac || return 1
	echo "$f"
}

cat >"$tmp/ui.py" <<'PY'
# The UI in tmux: first frame, load time, peak RSS (VmHWM) when loaded.
import os, subprocess, sys, time
tcpviz, cap, work = sys.argv[1:4]
T = ["tmux", "-L", "tvscale"]
def pane():
    return subprocess.run(T + ["capture-pane", "-p", "-t", "s"],
                          capture_output=True, text=True).stdout
start = os.path.join(work, "start")
subprocess.run(T + ["new-session", "-d", "-s", "s", "-x", "120", "-y", "40",
                    "sh -c 'date +%%s.%%N >%s; exec %s -r %s'"
                    % (start, tcpviz, cap)], check=True)
first = loaded = None
pid = None
deadline = time.time() + 900
while time.time() < deadline:
    now = time.time()
    scr = pane().rstrip("\n").split("\n")
    status = scr[-1] if scr else ""
    if first is None and " file " in status:
        first = now
    if first is not None and "reading" not in status and "step" in status:
        loaded = now
        break
    time.sleep(0.005)
pid = subprocess.run(T + ["display", "-p", "-t", "s", "#{pane_pid}"],
                     capture_output=True, text=True).stdout.strip()
hwm = 0
with open("/proc/%s/status" % pid) as f:
    for line in f:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
t0 = float(open(start).read())
subprocess.run(T + ["send-keys", "-t", "s", "q"])
for _ in range(400):
    if subprocess.run(T + ["has-session", "-t", "s"],
                      capture_output=True).returncode != 0:
        break
    time.sleep(0.05)
subprocess.run(T + ["kill-server"], capture_output=True)
print("%.3f %.3f %.1f" % ((first or 0) - t0, (loaded or 0) - t0, hwm))
PY
cat >"$tmp/rss.py" <<'PY'
# Wall time and peak RSS of a command (its stdout to /dev/null).
import resource, subprocess, sys, time
t = time.time()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.1f" % (time.time() - t, r.ru_maxrss / 1024))
PY

printf '%-6s %10s %8s %7s | %8s %8s %9s %8s | %8s %8s | %8s %6s\n' \
    capture frames conns MB first load seg/s "UI RSS" screen "RSS" \
    pcap-loop ratio
for w in $which; do
	f=$(gen "$w") || exit 1
	frames=$("$PCAP_LOOP" -n "$f" | awk '{ print $1 }')
	conns=$("$TCPVIZ" -q -r "$f" --summary 2>/dev/null | wc -l)
	mb=$(( $(stat -c %s "$f") / 1048576 ))
	read -r first load hwm < <(python3 "$tmp/ui.py" "$TCPVIZ" "$f" "$tmp")
	read -r st srss < <(python3 "$tmp/rss.py" "$TCPVIZ" --screen 120x40 \
	    -r "$f")
	read -r base _ < <(python3 "$tmp/rss.py" "$PCAP_LOOP" -n "$f")
	rate=$(echo "$frames / $load" | bc)
	printf '%-6s %10s %8s %7s | %7.3fs %7.2fs %9s %7.1fM | %7.2fs %7.1fM | %7.3fs %5.2fx\n' \
	    "$w" "$frames" "${conns:-?}" "$mb" "$first" "$load" "$rate" \
	    "$hwm" "$st" "$srss" "$base" "$(echo "$st / $base" | bc -l)"
	rm -f "$f"
done
