#!/bin/bash
# tmux-compare.sh: C in the view (issue 18): the connection on screen
# beside a scenario, as --compare prints it, in a panel over the view.
# tests/pcap/kernel/syn-lost.pcap (a real Linux client whose first SYN
# was lost) against the textbook handshake: the panel marks the resent
# SYN and the server's SYN_RCVD and ESTABLISHED reached later; its rows
# are the lines --compare prints for the same pair; it scrolls; Esc
# closes it and the view is as it was; q closes it without quitting.
# The prompt: the first choice is the first lesson, Tab completes what
# was typed, an unknown scenario and a file that fails to parse are a
# line on the status row, never an exit. At 80x24 and 120x40, in English
# and (with NLS) in Chinese, where L in the panel writes it again in
# English.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
PCAP=tests/pcap/kernel/syn-lost.pcap
probe "tcpviz --screen 80x24 -r $PCAP" "$TCPVIZ" --screen 80x24 -r "$PCAP"

. "$top_srcdir/tests/ui/tmux-lib.sh"

# start COLS ROWS CMD...: until the status row's step count is drawn.
start() {
	tmux_start "$@"
	wait_for "step \|第[0-9]*/" ||
	    fail "tcpviz did not draw at ${1}x$2: ${*:3}"
}

nls=false
grep -q '^#define ENABLE_NLS 1' "${top_builddir:-.}/config.h" 2>/dev/null &&
    nls=true

# Texts of a language: the panel's title, the prompt, the marks.
set_lang() {
	if [ "$1" = zh_CN ]; then
		TITLE='与场景（教科书流程）对照'; ASK='对照场景（Tab'
		RESENT='（重传 SYN）'; EXTRA='额外的重传：SYN 被再次发送'
		LATER='晚了 0\.[0-9]* s：之前有重传'; CLIENT='│ \?客户端 '
		SERVER='│ \?服务器 '; STEPS='步不同'
	else
		TITLE='Compared with a scenario'; ASK='compare with (Tab'
		RESENT='(SYN resent)'
		EXTRA='extra retransmission: the SYN was sent again'
		LATER='later by 0\.[0-9]* s: after a retransmission'
		CLIENT='│ \?client '; SERVER='│ \?server '; STEPS='steps differ'
	fi
}

# The panel's difference rows ("! ..." between its edges, the view
# beside it left out, trailing blanks off).
panel_rows() {
	grep -o '│ \?! [^│]*│' "$TMPD/pane" | sed 's/^│ \?//; s/ *│$//'
}

# rows_are_compare LANG WHAT: every difference row shown ("!" ...) is a
# line --compare prints for the same pair.
rows_are_compare() {
	local row n=0
	"$TCPVIZ" -q --lang "$1" -r "$PCAP" --compare handshake \
	    >"$TMPD/cli.$1" 2>&1 || { fail "$2: --compare failed"; return; }
	while IFS= read -r row; do
		n=$((n + 1))
		grep -qxF -- "$row" <(sed 's/ *$//' "$TMPD/cli.$1") ||
		    fail "$2: panel row not in --compare: '$row'"
	done < <(panel_rows)
	[ "$n" -gt 0 ] && ok || fail "$2: no difference row on the panel"
}

# open_handshake: C, "hand" and Tab to complete it, Enter.
open_handshake() {
	keys C
	wait_for "$ASK" || { fail "$1: C did not ask"; return 1; }
	keys -l hand
	keys Tab
	wait_for "handshake_" || { fail "$1: Tab did not complete"; return 1; }
	keys Enter
	wait_for "$TITLE" || { fail "$1: no panel"; pane; return 1; }
	pane
}

# run LANG COLS ROWS
run() {
	local lang=$1 cols=$2 rows=$3 where="$1 ${2}x$3" before
	set_lang "$lang"
	start "$cols" "$rows" "$TCPVIZ" --lang "$lang" -r "$PCAP"
	keys Right
	wait_for "step 2/\|第2/" || fail "$where: right did not step"
	pane
	before=$(sed -n '$p' "$TMPD/pane")
	open_handshake "$where" || return
	has "$RESENT" "$where: the resent SYN"
	has "$EXTRA" "$where: the resent SYN named"
	has "$CLIENT" "$where: the client's part"
	has " 1-[0-9]*/[0-9]* " "$where: where the rows are"
	rows_are_compare "$lang" "$where"
	# The server's part (below at 80x24): SYN_RCVD and ESTABLISHED later.
	keys End
	wait_for "LISTEN>SYN_RCVD E03" || fail "$where: End: no SYN_RCVD"
	pane
	has "$SERVER" "$where: End: the server's part"
	has "$STEPS" "$where: End: the count"
	grep -A1 -- '│ \?! .*LISTEN>SYN_RCVD E03 .*LISTEN>SYN_RCVD E03' \
	    "$TMPD/pane" | grep -q -- "$LATER" && ok ||
	    fail "$where: SYN_RCVD not marked later"
	grep -A1 -- '│ \?! .*SYN_RCVD>ESTABLISHED E09 ' "$TMPD/pane" |
	    grep -q -- "$LATER" && ok ||
	    fail "$where: the server's ESTABLISHED not marked later"
	rows_are_compare "$lang" "$where: End"
	if [ "$rows" -le 24 ]; then
		hasnt "$RESENT" "$where: End scrolled the client away"
		keys Home
		wait_for "$RESENT" || fail "$where: Home: not back at the top"
		keys PgDn
		wait_gone " 1-[0-9]*/[0-9]* " ||
		    fail "$where: PgDn did not scroll"
		keys PgUp
		wait_for " 1-[0-9]*/[0-9]* " ||
		    fail "$where: PgUp did not scroll back"
	else
		# 40 rows: the whole comparison at once.
		has "$RESENT" "$where: all of it on one page"
	fi
	if [ "$lang" = zh_CN ]; then
		# L: the panel in English, the same rows.
		keys L
		wait_for "Compared with a scenario" ||
		    fail "$where: L did not write it in English"
		pane
		has "(SYN resent)" "$where: L: the resent SYN in English"
		keys L
		wait_for "$TITLE" || fail "$where: L: not back in Chinese"
	fi
	keys Escape
	wait_gone "$TITLE" || fail "$where: Esc did not close the panel"
	pane
	[ "$(sed -n '$p' "$TMPD/pane")" = "$before" ] && ok ||
	    fail "$where: the view changed under the panel:" \
	    "$(sed -n '$p' "$TMPD/pane")"
	# q closes the panel; it does not quit.
	open_handshake "$where: again" || return
	hasnt "handshake_" "$where: the prompt closed"
	keys q
	wait_gone "$TITLE" || fail "$where: q did not close the panel"
	[ -f "$EXITF" ] && fail "$where: q in the panel quit" || ok
	quit "$where"
}

run en 80 24
run en 120 40
if $nls; then
	run zh_CN 80 24
	run zh_CN 120 40
fi

# The prompt: its first choice, and errors on the status row.
set_lang en
cat >"$TMPD/bad.scn" <<'EOF'
title en "broken"
frobnicate
EOF
# Readable after root gives up its rights (privs.c), as a user's file is.
chmod a+rx "$TMPD"
chmod a+r "$TMPD/bad.scn"
start 80 24 "$TCPVIZ" --lang en -r "$PCAP"
keys C
wait_for "$ASK" || fail "prompt: C did not ask"
pane
has "$ASK.*): handshake_" "prompt: the first lesson first"
keys Escape
wait_gone "$ASK" || fail "prompt: Esc did not cancel"
keys C
wait_for "$ASK" || fail "prompt: C did not ask again"
keys -l no-such-scenario
keys Enter
wait_for "no scenario 'no-such-scenario'" ||
    fail "unknown: no message on the status row"
pane
hasnt "$TITLE" "unknown: a panel"
keys C
wait_for "$ASK" || fail "bad file: C did not ask"
keys -l "$TMPD/bad.scn"
keys Enter
wait_for "bad.scn:[0-9]*:[0-9]*: " || fail "bad file: no file:line:column"
pane
hasnt "$TITLE" "bad file: a panel"
[ -f "$EXITF" ] && fail "bad file: the view ended" || ok
# After an error the view goes on: the next C compares.
open_handshake "after errors" && has "$RESENT" "after errors: the panel"
keys Escape
wait_gone "$TITLE" || fail "after errors: Esc"
quit "after errors"

finish
