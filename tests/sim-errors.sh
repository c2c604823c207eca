#!/bin/bash
# sim-errors.sh: malformed scenario files give "file:line:column: message"
# on stderr and exit 2; bad names and paths exit 2 too.
. "${top_srcdir:-.}/tests/lib.sh"

need_tcpviz
head='tcpviz-scenario 1
name t
title en T
title zh T
description en D
description zh D
endpoint c 10.0.0.1:1000
endpoint s 10.0.0.2:80'

# expect LINE:COL TEXT -- the body lines after the 8-line head
check() {
	pos=$1
	body=$2
	printf '%s\n%b\n' "$head" "$body" > "$TMPD/t.scn"
	"$TCPVIZ" demo "$TMPD/t.scn" --transitions > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		fail "'$body': exit $rc, want 2"
		return
	fi
	if grep -q "^tcpviz: $TMPD/t.scn:$pos: " "$TMPD/err" && [ ! -s "$TMPD/out" ]; then
		ok
	else
		fail "'$body': want $pos, got: $(head -1 "$TMPD/err")"
	fi
}

check 9:1  'frobnicate 1\nat 0 s listen'
check 9:4  'at 5parsecs s listen'
check 9:6  'at 1 x listen'
check 9:8  'at 1 s fly'
check 9:13 'at 1 c send lots'
check 9:15 'at 1 c connect'
check 9:12 'endpoint d 10.0.0.1\nat 0 s listen'
check 9:23 'endpoint d 10.0.0.3:1 keepalive=0.5s\nat 0 s listen'
check 9:15 'at 1 s vanish now'
check 9:23 'endpoint d 10.0.0.3:1 mss=1\nat 0 s listen'
check 9:13 'channel all loss=2\nat 0 s listen'
check 9:9  'channel c-s\nat 0 s listen'
check 9:8  'drop c sin 1\nat 0 s listen'
check 9:7  'say 1 de Hallo\nat 0 s listen'
check 9:1  'say 1 en Hello\nat 0 s listen'
check 10:1 'msl 1s\nmsl 2s\nat 0 s listen'
check 10:1 '# no calls'

printf 'tcpviz-scenario 9\n' > "$TMPD/v.scn"
"$TCPVIZ" demo "$TMPD/v.scn" 2> "$TMPD/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "v.scn:1:17: format version 9" "$TMPD/err"; then ok
else fail "version 9: exit $rc: $(cat "$TMPD/err")"; fi

"$TCPVIZ" demo no-such-scenario 2> "$TMPD/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "no scenario 'no-such-scenario'" "$TMPD/err"; then ok
else fail "unknown scenario: exit $rc"; fi
"$TCPVIZ" demo "$TMPD/missing.scn" 2> "$TMPD/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok; else fail "missing file: exit $rc"; fi
"$TCPVIZ" -r x.pcap --write-pcap y.pcap 2> "$TMPD/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok; else fail "--write-pcap without demo: exit $rc"; fi
"$TCPVIZ" demo handshake --seed abc 2> "$TMPD/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok; else fail "--seed abc: exit $rc"; fi
finish
