#!/bin/bash
# tshark-stream.sh: connection numbers against tshark's tcp.stream, frame by frame.
# tcpviz -r F --segments --format json against tshark on tests/pcap and a
# sample of 40 corpus files; the comparison and its explained differences
# are in tests/tshark-compare.py (stream mode). Exit 0 pass, 1 fail, 77 skip.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
TCPVIZ=${TCPVIZ:-${top_builddir:-.}/tcpviz}
. "$top_srcdir/tests/sancheck.sh"
trap 'st=$?; san_verdict $st' EXIT
command -v tshark >/dev/null 2>&1 ||
	{ echo "SKIP: tshark is not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 ||
	{ echo "SKIP: python3 is not installed"; exit 77; }
[ -x "$TCPVIZ" ] || { echo "FAIL: no tcpviz binary at $TCPVIZ"; exit 1; }
export TCPVIZ top_srcdir
python3 "$top_srcdir/tests/tshark-compare.py" stream
