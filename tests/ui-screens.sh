#!/bin/bash
# ui-screens.sh: --screen text dumps against the goldens in
# tests/golden/screens (ladder + graph of the handshake, four-way close,
# simultaneous close and a real capture), plus properties every dump has:
# exact size, ASCII mode pure ASCII, tiny sizes ask to enlarge.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

need_tcpviz
probe "tcpviz --screen 80x24 -r tests/pcap/http-close-e16.pcap" \
    "$TCPVIZ" --screen 80x24 -r tests/pcap/http-close-e16.pcap

export LC_ALL=C.UTF-8
# Built with --disable-nls the view is English only: no Chinese checks.
nls=no
grep -q '^#define ENABLE_NLS 1' "${top_builddir:-.}/config.h" 2>/dev/null &&
    nls=yes

# screen OUT ARGS...: tcpviz ARGS (bounded) into OUT; a failure or a
# crash fails, with the status and its first line on stderr.
screen() {
	local out=$1 rc
	shift
	timeout 20 "$TCPVIZ" "$@" >"$out" 2>"$TMPD/err" </dev/null
	rc=$?
	[ "$rc" -eq 0 ] && return 0
	fail "tcpviz $*: exit $rc ($(head -1 "$TMPD/err"))"
	return 1
}
while IFS='	' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	case $name in zh-*) [ "$nls" = yes ] || continue ;; esac
	exp="tests/golden/screens/$name.txt"
	# shellcheck disable=SC2086
	screen "$TMPD/$name.txt" $args || continue
	if cmp -s "$exp" "$TMPD/$name.txt"; then
		ok
	else
		fail "$name differs from $exp:"
		diff -u "$exp" "$TMPD/$name.txt" | head -40
	fi
done <tests/golden/screens/TESTLIST

# Every size gives exactly ROWS lines, none wider than COLS.
for size in 60x20 80x24 120x40 220x60 250x70; do
	cols=${size%x*}
	rows=${size#*x}
	screen "$TMPD/s.txt" --screen "$size" demo fourway || continue
	n=$(wc -l <"$TMPD/s.txt")
	w=$(python3 -c 'import sys,unicodedata as u
m=0
for l in open(sys.argv[1],encoding="utf-8"):
    l=l.rstrip("\n")
    m=max(m,sum(2 if u.east_asian_width(c) in "WF" else 1 for c in l))
print(m)' "$TMPD/s.txt")
	if [ "$n" -eq "$rows" ] && [ "$w" -le "$cols" ]; then
		ok
	else
		fail "$size: $n rows (want $rows), widest $w (max $cols)"
	fi
done

# All eleven states are in the graph at 120x40 (full names).
screen "$TMPD/g.txt" --screen 120x40 demo handshake
missing=""
for s in CLOSED LISTEN SYN_SENT SYN_RCVD ESTABLISHED FIN_WAIT_1 \
    FIN_WAIT_2 CLOSE_WAIT CLOSING LAST_ACK TIME_WAIT; do
	grep -q "\[ *$s *\]" "$TMPD/g.txt" || missing="$missing $s"
done
[ -z "$missing" ] && ok || fail "boxes missing at 120x40:$missing"

# --ascii: no byte above 0x7f.
if ! screen "$TMPD/a.txt" --screen 120x40 --ascii demo fourway; then
	:
elif LC_ALL=C grep -q '[^ -~]' "$TMPD/a.txt"; then
	fail "--ascii output has non-ASCII bytes"
else
	ok
fi
grep -q '[─│]' tests/golden/screens/fourway-120x40.txt && ok ||
    fail "the UTF-8 golden has no box characters (test cannot fail)"

# Time on screen: the SYN backoff doubles (three different gaps, not four
# identical rows), the TIME_WAIT countdown states its MSL and restarts on
# the repeated FIN, and the notation reaches the narration.
if screen "$TMPD/sl.txt" --screen 80x24 demo syn-lost; then
	for want in '#1 1 s' '#2 2 s' '#3 4 s'; do
		grep -qF "$want" "$TMPD/sl.txt" && ok ||
		    fail "syn-lost 80x24 does not show '$want'"
	done
fi
if screen "$TMPD/tw.txt" --screen 120x30 --at 6 demo final-ack-lost &&
    screen "$TMPD/tr.txt" --screen 120x30 --at 8 demo final-ack-lost; then
	grep -qF '2MSL: 4 s left (MSL 2 s, 2MSL 4 s)' "$TMPD/tw.txt" && ok ||
	    fail "final-ack-lost: no 2*MSL countdown at TIME_WAIT"
	grep -qF '2MSL 4 s (MSL 2 s), reset: 4 s left' "$TMPD/tr.txt" && ok ||
	    fail "final-ack-lost: the repeated FIN does not restart 2*MSL"
fi
# The graph counts TIME_WAIT down beside its box, as the ladder does.
if screen "$TMPD/gt.txt" --screen 120x40 --at 9 demo fourway; then
	[ "$(grep -o '1\.96 s' "$TMPD/gt.txt" | wc -l)" -ge 2 ] &&
	    grep -q '2MSL 1\.96 s' "$TMPD/gt.txt" && ok ||
	    fail "fourway at 9: no TIME_WAIT countdown on the graph"
fi
if screen "$TMPD/xy.txt" --screen 120x30 --at 8 --notation xy demo fourway
then
	grep -q 'FIN w go out' "$TMPD/xy.txt" && grep -q 'seq=u' "$TMPD/xy.txt" &&
	    ! grep -q 'seq=[JKMN]' "$TMPD/xy.txt" && ok ||
	    fail "fourway --notation xy: arrows and narration disagree"
fi

# Slanted arrows: a simultaneous open's SYNs and a simultaneous close's
# FINs cross (both sent on one line, meeting mid-way), in ASCII too; a
# capture's arrows stay level (sent and received at once).
if screen "$TMPD/so.txt" --screen 80x24 demo simopen &&
    screen "$TMPD/sc.txt" --screen 100x30 --ascii demo simclose &&
    screen "$TMPD/cap.txt" --screen 120x40 -r tests/pcap/http-close-e16.pcap
then
	grep -q 'SYN seq=J.*╲╱.*SYN seq=K' "$TMPD/so.txt" && ok ||
	    fail "simopen: the two SYNs do not cross"
	grep -Eq 'FIN,ACK.*(\\/|X).*FIN,ACK' "$TMPD/sc.txt" && ok ||
	    fail "simclose --ascii: the two FINs do not cross"
	grep -q '[╲╱]' "$TMPD/cap.txt" && fail "a capture has slanted arrows" ||
	    ok
fi

# Chinese: aligned as English is. Every vertical rule that runs down the
# whole body of the English frame (the lifelines, the rule before the
# graph) is at the same display column in the Chinese frame, which has
# Chinese in it, is no wider than the screen and holds no U+FFFD.
zh_align() {
	python3 tests/ui/zh-align.py "$@"
}
for name in handshake-80x24 handshake-120x40 fourway-80x24 fourway-120x40; do
	[ "$nls" = yes ] || break
	size=${name##*-}
	if err=$(zh_align "tests/golden/screens/$name.txt" \
	    "tests/golden/screens/zh-$name.txt" "${size%x*}" 2>&1); then
		ok
	else
		fail "zh-$name: $err"
	fi
done
# The environment chooses the language as gettext would, also where no
# zh_CN locale exists (only C.UTF-8): LANG, LC_ALL, LANGUAGE; a C locale
# ignores LANGUAGE; --lang overrides them all.
zh_env() {
	local want=$1 vars=$2 args=$3
	# shellcheck disable=SC2086
	env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE $vars \
	    timeout 20 "$TCPVIZ" $args --screen 80x24 --at 4 demo handshake \
	    >"$TMPD/env.txt" 2>/dev/null </dev/null
	if cmp -s "$TMPD/env.txt" "tests/golden/screens/$want"; then
		ok
	else
		fail "$vars tcpviz $args: not $want"
		diff -u "tests/golden/screens/$want" "$TMPD/env.txt" | head -10
	fi
}
[ "$nls" = yes ] || zh_env() { :; }
zh_env zh-handshake-80x24.txt LANG=zh_CN.UTF-8
zh_env zh-handshake-80x24.txt "LC_ALL=zh_CN.UTF-8 LANG=en_US.UTF-8"
zh_env zh-handshake-80x24.txt "LANG=C.UTF-8 LANGUAGE=zh_CN:en"
zh_env zh-handshake-80x24.txt "LC_MESSAGES=zh_CN.UTF-8 LANG=C"
zh_env handshake-80x24.txt "LC_ALL=C LANGUAGE=zh_CN"
zh_env handshake-80x24.txt "LANG=zh_CN.UTF-8" "--lang en"
zh_env handshake-80x24.txt ""
zh_env zh-handshake-80x24.txt "LANG=C" "--lang zh_CN"
# Headless output stays English, byte for byte.
for mode in --transitions --summary --segments "--transitions --format json"; do
	# shellcheck disable=SC2086
	LANG=zh_CN.UTF-8 LANGUAGE=zh_CN timeout 20 "$TCPVIZ" --lang zh_CN -q \
	    -r tests/pcap/http-close-e16.pcap $mode >"$TMPD/zh.tr" 2>/dev/null
	# shellcheck disable=SC2086
	timeout 20 "$TCPVIZ" --lang en -q -r tests/pcap/http-close-e16.pcap \
	    $mode >"$TMPD/en.tr" 2>/dev/null
	[ -s "$TMPD/en.tr" ] && cmp -s "$TMPD/en.tr" "$TMPD/zh.tr" && ok ||
	    fail "$mode differs in Chinese"
done
# --ascii cannot draw Chinese: English then.
screen "$TMPD/za.txt" --lang zh_CN --ascii --screen 80x24 demo handshake &&
    { LC_ALL=C grep -q '[^ -~]' "$TMPD/za.txt" &&
    fail "--lang zh_CN --ascii: non-ASCII bytes" || ok; }

# Too small: a request to enlarge, never a crash.
for size in 10x5 59x30 100x19; do
	if timeout 20 "$TCPVIZ" --screen "$size" demo handshake >"$TMPD/t.txt" 2>&1 &&
	    grep -q "Enlarge" "$TMPD/t.txt"; then
		ok
	else
		fail "$size: no enlarge message"
	fi
done
if timeout 20 "$TCPVIZ" --screen 1x1 demo handshake >"$TMPD/t.txt" 2>&1 &&
    [ "$(wc -l <"$TMPD/t.txt")" -eq 1 ]; then
	ok
else
	fail "1x1: not one line, or a failure"
fi
finish
