#!/bin/bash
# tmux-lang.sh: the language in the real binary, in tmux at 80x24 and
# 120x40: --lang zh_CN draws Chinese (narration, status, help) aligned as
# the English frame of the same step is (tests/ui/zh-align.py); L switches
# to English and back while it runs, also from a capture file in the
# sandbox; the picker's L too; q exits 0.
# Runs with only C.UTF-8 as the locale (tmux-lib.sh), as on a fresh
# Debian with no zh_CN locale generated.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
need_tcpviz
grep -q '^#define ENABLE_NLS 1' "${top_builddir:-.}/config.h" 2>/dev/null ||
    skip "built with --disable-nls: the view speaks English only"
probe "tcpviz --lang zh_CN --screen 80x24 demo handshake" \
    "$TCPVIZ" --lang zh_CN --screen 80x24 demo handshake

. "$top_srcdir/tests/ui/tmux-lib.sh"

# quit WHAT: q exits 0.
quit() {
	local rc
	keys q
	rc=$(exit_status)
	[ "$rc" = 0 ] && ok || fail "$1: q did not exit 0 ($rc)"
}

for size in 80x24 120x40; do
	cols=${size%x*}
	rows=${size#*x}
	tmux_start "$cols" "$rows" "$TCPVIZ" --lang zh_CN demo fourway
	if ! wait_for "演示"; then
		fail "$size: no Chinese status row"
		pane
		head -5 "$TMPD/pane"
		continue
	fi
	# The end of the scenario: a frame that no longer moves.
	keys G
	wait_for "第10/10步" || fail "$size: G did not reach step 10/10"
	pane
	cp "$TMPD/pane" "$TMPD/zh.$size"
	has "客户端" "$size Chinese"
	has "TIME_WAIT" "$size state names stay as RFC 9293 spells them"
	# L: English, the same frame.
	keys L
	wait_for "step 10/10" || fail "$size: L did not switch to English"
	pane
	cp "$TMPD/pane" "$TMPD/en.$size"
	hasnt "客户端" "$size English after L"
	has "client" "$size English after L"
	if err=$(python3 tests/ui/zh-align.py "$TMPD/en.$size" \
	    "$TMPD/zh.$size" "$cols" 2>&1); then
		ok
	else
		fail "$size: Chinese frame misaligned: $err"
	fi
	# L again: Chinese again.
	keys L
	wait_for "第10/10步" || fail "$size: the second L did not switch back"
	# The help in Chinese, with the language key in it.
	keys '?'
	wait_for "本帮助" || fail "$size: no Chinese help"
	pane
	has "语言" "$size help names the language key"
	keys Escape
	wait_gone "本帮助" || fail "$size: help did not close"
	quit "$size"
done

# A capture file runs in the sandbox (seccomp where built with it): L
# still finds and reads the catalogue there, started in English. As root
# tcpviz gives up root first; the catalogue is then put where only root
# can read it (a clone under /root is so on a fresh machine), so L works
# only if it was read before.
localedir=
if [ "$(id -u)" -eq 0 ] && [ -d "${top_builddir:-.}/locale" ]; then
	mkdir -p "$TMPD/rootonly" && chmod 700 "$TMPD/rootonly" &&
	    cp -r "${top_builddir:-.}/locale" "$TMPD/rootonly/" &&
	    localedir="TCPVIZ_LOCALEDIR=$TMPD/rootonly/locale"
fi
tmux_start 100 30 env $localedir "$TCPVIZ" -r tests/pcap/http-close-e16.pcap
if wait_for "PAUSED"; then
	keys L
	wait_for "已暂停" || fail "-r FILE: L gave no Chinese in the sandbox"
	quit "-r FILE"
else
	fail "-r FILE: the view did not draw"
fi

# The picker: L switches its titles and descriptions.
tmux_start 100 30 "$TCPVIZ"
if wait_for "choose a scenario"; then
	has "Three-way handshake" "picker English titles"
	keys L
	wait_for "选择场景" || fail "picker: L gave no Chinese"
	pane
	has "三次握手" "picker Chinese titles"
	quit picker
else
	fail "the picker did not draw"
fi
finish
