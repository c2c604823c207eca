#!/bin/bash
# tmux-quiz.sh: quiz mode (issue 18) in the real binary, in tmux at 80x24.
# demo handshake --quiz --quiz-seed=7: the first question is on screen at
# step 0, before the client's SYN takes it to SYN_SENT; answered right it
# says so with the edge and its RFC section; answered wrong it names the
# right answer; at the end the final score counts what was asked, per
# kind. The right answer is not read from the program: the script knows
# the handshake (RFC 9293 3.5, Figure 6: SYN seq=J, SYN,ACK seq=K
# ack=J+1; the client enters SYN_SENT, the server SYN_RCVD) and finds
# its number among the choices. The same in Chinese. demo fourway with
# one seed asks the same questions twice, in the same order; Q turns the
# quiz off and on while it runs.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
need_tcpviz
probe "tcpviz --screen 80x24 demo handshake" \
    "$TCPVIZ" --screen 80x24 demo handshake

. "$top_srcdir/tests/ui/tmux-lib.sh"

nls=false
grep -q '^#define ENABLE_NLS 1' "${top_builddir:-.}/config.h" 2>/dev/null &&
    nls=true

# Texts of a language: the question's footer, right, wrong, the end.
set_lang() {
	if [ "$1" = zh_CN ]; then
		ASK='作答'; RIGHT='答对了'; WRONG='答错了'; OVER='测验结束'
		CLIENT='客户端'; SERVER='服务器'; STEP0='第0/10步'
		RIGHT_IS='正确答案是'
	else
		ASK='answers, Q'; RIGHT='Right: '; WRONG='Wrong ('
		OVER='Quiz over'; CLIENT='client'; SERVER='server'
		STEP0='step 0/10'; RIGHT_IS='the right answer is'
	fi
}

# The choices on screen: "N LABEL" a line.
choices() {
	sed -n 's/^│   \([1-4]\)  \(.*[^ ]\) *│$/\1 \2/p' "$TMPD/pane"
}

# truth N: what the handshake does at question N (1 or 2), as the
# question on screen asks it (a segment, or a state of the role named).
truth() {
	local kind=state role=client
	grep -q 'seq=\|ack=' "$TMPD/pane.choices" && kind=seg
	grep -q "$SERVER" <(sed -n '/^│ [^ ]/p' "$TMPD/pane" | head -1) &&
	    role=server
	case $1:$kind:$role in
	1:seg:*) echo "SYN seq=J" ;;
	1:state:client) echo SYN_SENT ;;
	1:state:server) echo SYN_RCVD ;;
	2:seg:*) echo "SYN,ACK seq=K ack=J+1" ;;
	2:state:client) echo ESTABLISHED ;;
	2:state:server) echo SYN_RCVD ;;
	esac
}

# number_of LABEL: the choice that reads LABEL (empty: none).
number_of() {
	awk -v want="$1" '{ n = $1; $1 = ""; sub(/^ /, ""); if ($0 == want)
	    print n }' "$TMPD/pane.choices"
}

# other_than N: a choice that is not N.
other_than() {
	awk -v n="$1" '$1 != n { print $1; exit }' "$TMPD/pane.choices"
}

# run_handshake LANG
run_handshake() {
	local lang=$1 t n w i rights=0 asked=0 total
	set_lang "$lang"
	tmux_start 80 24 "$TCPVIZ" --lang "$lang" demo handshake --quiz \
	    --quiz-seed=7
	wait_for "$ASK" || { fail "$lang: no first question"; pane; return; }
	pane
	has "$STEP0" "$lang: the first question comes at step 0, before SYN_SENT"
	has "seed 7\|种子 7" "$lang: the seed on screen"
	choices >"$TMPD/pane.choices"
	[ "$(wc -l <"$TMPD/pane.choices")" -ge 3 ] && ok ||
	    fail "$lang: fewer than 3 choices: $(cat "$TMPD/pane.choices")"
	t=$(truth 1)
	n=$(number_of "$t")
	[ -n "$n" ] && ok || { fail "$lang: '$t' not among the choices";
	    cat "$TMPD/pane"; return; }
	keys "$n"
	wait_for "$RIGHT" || fail "$lang: $n ($t) was not judged right"
	pane
	has "RFC 9293 3\." "$lang: the explanation gives the RFC section"
	has "E0[0-9]" "$lang: the explanation gives the edge"
	rights=1 asked=1
	# The second: answered wrong.
	keys Space
	wait_for "$ASK" || fail "$lang: no second question"
	pane
	choices >"$TMPD/pane.choices"
	t=$(truth 2)
	n=$(number_of "$t")
	[ -n "$n" ] && ok || { fail "$lang: '$t' not among the choices";
	    cat "$TMPD/pane"; return; }
	w=$(other_than "$n")
	keys "$w"
	wait_for "$WRONG" || fail "$lang: $w was not judged wrong"
	pane
	has "$RIGHT_IS $n  $t" "$lang: the wrong verdict names the right answer"
	asked=2
	# The rest: 1 every time, to the end.
	for i in $(seq 1 30); do
		# A step with no state change asks nothing: space again.
		keys Space
		wait_for "$ASK\|$OVER\|seed 7\|种子 7" || break
		grep -q "$OVER" "$TMPD/pane" && break
		grep -q "$ASK" "$TMPD/pane" || continue
		keys 1
		wait_for "$RIGHT\|$WRONG" || break
		asked=$((asked + 1))
		grep -q "$RIGHT" "$TMPD/pane" && rights=$((rights + 1))
	done
	wait_for "$OVER" || { fail "$lang: no final score"; cat "$TMPD/pane"; return; }
	pane
	total=$(grep -o "$OVER[^0-9]*[0-9]*/[0-9]*" "$TMPD/pane" |
	    grep -o '[0-9]*/[0-9]*$')
	[ "$total" = "$rights/$asked" ] && ok ||
	    fail "$lang: final score '$total', answered $rights/$asked"
	[ "$asked" -ge 4 ] && ok || fail "$lang: only $asked questions"
	# Per kind: they add up to the whole.
	if [ "$lang" = zh_CN ]; then
		kinds=$(grep -o '状态题 [0-9]*/[0-9]*，报文段题 [0-9]*/[0-9]*' \
		    "$TMPD/pane" | tr -c '0-9' ' ')
	else
		kinds=$(grep -o 'states [0-9]*/[0-9]*, segments [0-9]*/[0-9]*' \
		    "$TMPD/pane" | tr -c '0-9' ' ')
	fi
	set -- $kinds
	[ $# -eq 4 ] && [ $(($1 + $3)) -eq "$rights" ] &&
	    [ $(($2 + $4)) -eq "$asked" ] && ok ||
	    fail "$lang: per-kind counts '$kinds' do not add up to $rights/$asked"
	[ "$lang" = zh_CN ] && hasnt "Quiz" "$lang: English left on screen"
	quit "$lang"
}

run_handshake en
if $nls; then
	run_handshake zh_CN
else
	echo "# built with --disable-nls: the Chinese run is skipped"
fi

# The panels of a whole fourway quiz (1 every time) into a file.
fourway_run() {
	local i
	set_lang en
	tmux_start 80 24 "$TCPVIZ" --lang en demo fourway --quiz --quiz-seed=7
	: >"$1"
	for i in $(seq 1 30); do
		wait_for "$ASK\|$OVER\|seed 7" || break
		grep -q "$OVER" "$TMPD/pane" && break
		if ! grep -q "$ASK" "$TMPD/pane"; then
			keys Space
			continue
		fi
		sed -n '/Quiz  seed/,/└/p' "$TMPD/pane" >>"$1"
		keys 1
		wait_for "$RIGHT\|$WRONG" || break
		keys Space
	done
	quit "fourway"
}
fourway_run "$TMPD/four.1"
fourway_run "$TMPD/four.2"
[ "$(grep -c 'answers, Q' "$TMPD/four.1")" -ge 4 ] && ok ||
    fail "fourway: fewer than 4 questions"
cmp -s "$TMPD/four.1" "$TMPD/four.2" && ok ||
    fail "fourway: the same seed asked differently: $(diff "$TMPD/four.1" "$TMPD/four.2" | head -5)"

# -r FILE --quiz: a step 0 before the capture's first segment, where the
# first question waits; an answer gives its verdict.
set_lang en
tmux_start 80 24 "$TCPVIZ" --lang en -r assets/captures/http-close.pcap \
    --quiz --quiz-seed=3
wait_for "$ASK" || fail "-r: no first question"
pane
has "step 0/" "-r: the first question before the first segment"
keys 1
wait_for "$RIGHT\|$WRONG" || fail "-r: 1 gave no verdict"
pane
has "RFC 9293 3\." "-r: the verdict's RFC section"
has "quiz [01]/1 seed 3" "-r: the status row's score and seed"
quit "-r"

# A what-if (d) re-runs the demo: the quiz goes on with its score kept.
set_lang en
tmux_start 80 24 "$TCPVIZ" --lang en demo handshake --quiz --quiz-seed=7
wait_for "$ASK" || fail "what-if: no first question"
keys 1
wait_for "$RIGHT\|$WRONG" || fail "what-if: 1 gave no verdict"
keys d
wait_for "what-if: " || fail "what-if: d did not re-run the demo"
# The next key gives the status row back from the what-if's notice.
keys Space
wait_for "quiz [01]/1 seed 7" ||
    fail "what-if: the score and the seed not kept: $(tail -1 "$TMPD/pane")"
quit "what-if"

# Q: off (the panel goes, the player steps freely), on again.
set_lang en
tmux_start 80 24 "$TCPVIZ" --lang en demo fourway --quiz --quiz-seed=7
wait_for "$ASK" || fail "Q: no first question"
keys Q
wait_gone "$ASK" || fail "Q did not turn the quiz off"
pane
hasnt "quiz " "Q off: no quiz on the status row"
keys Space
wait_for "step 1/" || fail "Q off: space did not step"
keys Q
wait_for "$ASK\|quiz 0/0" || fail "Q did not turn the quiz on again"
quit "Q"

finish
