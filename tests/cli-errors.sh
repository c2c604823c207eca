#!/bin/bash
# cli-errors.sh: bad inputs and bad options each give one clear line on
# stderr and the documented exit status (1 runtime, 2 usage), never a crash;
# --help and --version follow GNU conventions.
. "${top_srcdir:-.}/tests/lib.sh"
GOOD="$top_srcdir/tests/pcap/http-close-e16.pcap"

# expect CODE PATTERN -- ARGS...: exit CODE, one stderr line matching PATTERN.
expect() {
	local code=$1 pat=$2 rc lines
	shift 3
	"$TCPVIZ" "$@" >"$TMPD/out" 2>"$TMPD/err" </dev/null
	rc=$?
	lines=$(wc -l <"$TMPD/err")
	if [ "$rc" -ne "$code" ]; then
		fail "tcpviz $* exited $rc, want $code; stderr: $(cat "$TMPD/err")"
	elif [ "$lines" -ne 1 ]; then
		fail "tcpviz $* printed $lines stderr lines, want 1: $(cat "$TMPD/err")"
	elif ! grep -Eq -- "$pat" "$TMPD/err"; then
		fail "tcpviz $*: stderr '$(cat "$TMPD/err")' does not match '$pat'"
	else
		ok
	fi
}

# Fixtures made from the good capture.
printf 'GET / HTTP/1.1\r\nHost: example\r\n\r\n' >"$TMPD/text.txt"
: >"$TMPD/empty.pcap"
printf '\xd4\xc3' >"$TMPD/tiny.pcap"
size=$(stat -c %s "$GOOD")
head -c $((size - 10)) "$GOOD" >"$TMPD/cut.pcap"
# Link type 147 (a "user" DLT) in the 24-byte header: libpcap opens it.
{ head -c 20 "$GOOD"; printf '\x93\x00\x00\x00'; tail -c +25 "$GOOD"; } >"$TMPD/dlt147.pcap"
mkdir "$TMPD/dir"

expect 1 "$TMPD/missing.pcap: cannot open: No such file" -- -r "$TMPD/missing.pcap" --segments
expect 1 "text.txt: not a pcap or pcapng capture" -- -r "$TMPD/text.txt" --segments
expect 1 "empty.pcap: empty file" -- -r "$TMPD/empty.pcap" --segments
expect 1 "tiny.pcap: only 2 bytes" -- -r "$TMPD/tiny.pcap" --segments
expect 1 "dir: is a directory" -- -r "$TMPD/dir" --segments
expect 1 "link type 147 .* is not supported" -- -r "$TMPD/dlt147.pcap" --segments
expect 2 "bad filter expression 'port nonsense'" -- -r "$GOOD" --segments port nonsense
expect 2 "bad filter expression" -- -r "$GOOD" --segments 'tcp and ('
expect 2 "unknown option '--bogus'" -- --bogus
expect 2 "unknown option '-Q'" -- -Q
expect 2 "needs an argument" -- -r
expect 2 "--format: 'xml' is not text or json" -- -r "$GOOD" --format xml
expect 2 "--msl: '-1' is not a number of seconds" -- -r "$GOOD" --msl -1
expect 2 "--msl: '0' is not a number of seconds" -- -r "$GOOD" --msl 0
expect 2 "--notation: 'greek' is not stevens, xy, relative or absolute" -- \
    -r "$GOOD" --notation greek
expect 2 "--max-conns: 'lots'" -- -r "$GOOD" --max-conns lots
expect 2 "exclude each other" -- -r "$GOOD" --segments --transitions
expect 2 "--lang: 'fr' is not a language tcpviz speaks \(en or zh_CN\)" -- \
    --lang fr demo handshake
expect 2 "--lang: '' is not a language" -- --lang '' demo handshake
expect 2 "--lang: 'zh_CN:en' is not a language" -- --lang zh_CN:en demo handshake
# --quiz and --quiz-seed: the interactive view only; a seed is 1..2^32-1.
expect 2 "--quiz-seed: '0' is not a whole number from 1 to 4294967295" -- demo handshake --quiz --quiz-seed=0
expect 2 "--quiz-seed: 'x' is not a whole number from 1 to 4294967295" -- demo handshake --quiz --quiz-seed=x
expect 2 "--quiz-seed: '4294967296' is not a whole number from 1 to 4294967295" -- demo handshake --quiz-seed=4294967296
expect 2 "--quiz and --quiz-seed ask questions in the interactive view" -- demo handshake --quiz --transitions
expect 2 "--quiz and --quiz-seed ask questions in the interactive view" -- --quiz --screen 80x24 demo handshake
# --autoplay and --loop: a demo's pace, checked before anything runs.
expect 2 "--autoplay: 'abc' is not a number of seconds" -- demo handshake --autoplay abc
expect 2 "--autoplay: '0' is not a number of seconds" -- demo handshake --autoplay 0
expect 2 "--autoplay: '-1' is not a number of seconds" -- demo handshake --autoplay -1
expect 2 "--autoplay: '0.05' is less than 0.1 seconds" -- demo handshake --autoplay 0.05
expect 2 "--autoplay: 'nan' is not a number of seconds" -- demo handshake --autoplay nan
expect 2 "--autoplay: '1e9' is not a number of seconds" -- demo handshake --autoplay 1e9
expect 2 "--autoplay and --loop pace a demo" -- -r "$GOOD" --autoplay 2
expect 2 "--autoplay and --loop pace a demo" -- demo handshake --loop --transitions
expect 2 "--autoplay and --loop pace a demo" -- -i lo --loop

# A file cut mid-record: every complete record, then a warning, exit 1.
"$TCPVIZ" -q -r "$TMPD/cut.pcap" --segments >"$TMPD/out" 2>"$TMPD/err"
rc=$?
full=$("$TCPVIZ" -q -r "$GOOD" --segments | wc -l)
got=$(wc -l <"$TMPD/out")
if [ "$rc" -eq 1 ] && [ "$got" -eq $((full - 1)) ] &&
    grep -q "ends in the middle of a packet record after frame $((full - 1))" "$TMPD/err"; then
	ok
else
	fail "cut file: rc=$rc, $got of $full segments, stderr: $(cat "$TMPD/err")"
fi

# The same file through standard input.
"$TCPVIZ" -q -r - --segments <"$GOOD" >"$TMPD/stdin.out" 2>"$TMPD/err"
if [ $? -eq 0 ] && "$TCPVIZ" -q -r "$GOOD" --segments | cmp -s - "$TMPD/stdin.out"; then
	ok
else
	fail "-r - differs from -r FILE: $(cat "$TMPD/err")"
fi

# A filter that matches nothing is fine; the summary counts what it removed.
"$TCPVIZ" -r "$GOOD" --segments 'port 9' >"$TMPD/out" 2>"$TMPD/err"
if [ $? -eq 0 ] && [ ! -s "$TMPD/out" ] && grep -q "filtered out" "$TMPD/err"; then
	ok
else
	fail "filter 'port 9': $(cat "$TMPD/err")"
fi

# --help and --version: stdout, exit 0.
for a in --help -h --version -V; do
	if "$TCPVIZ" $a >"$TMPD/out" 2>"$TMPD/err" && [ -s "$TMPD/out" ] && [ ! -s "$TMPD/err" ]; then
		ok
	else
		fail "tcpviz $a"
	fi
done
grep -q "^Usage: tcpviz" <("$TCPVIZ" --help) && ok || fail "--help has no Usage line"
grep -Eq "^tcpviz [0-9]+\.[0-9]+" <("$TCPVIZ" --version) && ok || fail "--version line"

# -v is verbose, as in tcpdump: each transition says how it is known and
# why; the lines are otherwise the same. The debug log keeps its long name.
"$TCPVIZ" -q -r "$GOOD" --transitions >"$TMPD/plain" 2>/dev/null
"$TCPVIZ" -q -v -r "$GOOD" --transitions >"$TMPD/verbose" 2>/dev/null
n=$(wc -l <"$TMPD/plain")
if [ "$n" -gt 0 ] && [ "$(wc -l <"$TMPD/verbose")" -eq "$n" ] &&
    [ "$(grep -c '  \[[a-z]*\] frame [0-9]*: .*RFC 9293 .*, E[0-9][0-9]$' \
    "$TMPD/verbose")" -eq "$n" ] &&
    diff <(sed 's/  \[.*//' "$TMPD/verbose") "$TMPD/plain" >/dev/null; then
	ok
else
	fail "-v --transitions: not each plain line with how and why"
fi
"$TCPVIZ" -q -r "$GOOD" --summary --debug-log="$TMPD/dbg" >/dev/null 2>&1 &&
    [ -s "$TMPD/dbg" ] && ok || fail "--debug-log=FILE wrote nothing"

# A closed stdout (SIGPIPE) ends the run quietly: no crash, no signal death.
"$TCPVIZ" -q -r "$GOOD" --segments 2>"$TMPD/err" | head -c 1 >/dev/null
rc=${PIPESTATUS[0]}
if [ "$rc" -lt 128 ] && ! grep -q -i sanitizer "$TMPD/err"; then ok; else fail "SIGPIPE: rc=$rc"; fi

finish
