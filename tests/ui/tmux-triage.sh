#!/bin/bash
# tmux-triage.sh: the connection list as a triage tool (issue 17), the
# real binary in tmux at 80x24 and 100x30 on a generated capture of 300
# connections (tests/ui/triage-gen.py: 3 ended by RST, 3 with a
# retransmission, 3 half-closed to port 8443, 2 still open, one IPv6):
#   - -r of that many connections opens on the list, sorted by anomalies,
#     the anomalous connections first;
#   - the header counts states and anomalies (ss -s): 300 conns, 294
#     CLOSED, 3 retx ...;
#   - ] from the top selects an anomalous connection (Enter shows which);
#     on a RST connection's ladder ] from the start stops on the RST;
#   - s cycles the sorts; Home and End select the first and last rows;
#   - / filters by anomaly word (rst, retx), by state prefix (FIN_WAIT is
#     FIN_WAIT_1 and FIN_WAIT_2), by port (8443, :443), by address, and
#     with several words (all must match);
#   - at 80 columns the endpoints keep their whole ports, IPv4
#     (10.207.0.1:50552) and IPv6 ([2001:db8::1]:40000).
# The generator's plan is the oracle for ids, states and counts.
# Needs tmux and python3 (exit 77 without them). Exit 0 pass, 1 fail.
. "${top_srcdir:-.}/tests/lib.sh"

for t in tmux python3; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
need_tcpviz
TCPVIZ=$(cd "$(dirname "$TCPVIZ")" && pwd)/$(basename "$TCPVIZ")
. "$top_srcdir/tests/ui/tmux-lib.sh"

PCAP=$TMPD/triage.pcap
python3 "$top_srcdir/tests/ui/triage-gen.py" "$PCAP" ||
    { fail "triage-gen.py could not write $PCAP"; finish; }

# The generator's plan (triage-gen.py); numbers from 0, as tcp.stream.
RST_IDS="291 292 293"
RETX_IDS="40 140 240"
FIN_IDS="294 295 296"
ANOM_IDS=" $RST_IDS $RETX_IDS $FIN_IDS "

# ids: the ids of the list rows on the last capture, in order.
ids() {
	awk '/^ *[0-9]+ [A-Z][A-Z_0-9]+ +[A-Z][A-Z_0-9]+ / { print $1 }' \
	    "$TMPD/pane" | tr '\n' ' ' | sed 's/ $//'
}

# filter TEXT: a new filter (the prompt starts from the old one).
filter() {
	keys /
	wait_for "^filter" || fail "/ opened no prompt"
	# shellcheck disable=SC2046
	keys $(printf 'BSpace %.0s' $(seq 1 64))
	keys -l "$1"
	keys Enter
	wait_for "filter '$1'" || fail "/$1: no 'filter' in the header"
}

# opened WHAT: Enter on the selection; prints the id the title shows,
# then c goes back to the list.
opened() {
	local id
	keys Enter
	wait_for "connection #[0-9]" || fail "$1: Enter opened nothing"
	id=$(sed -n 's/.*connection #\([0-9]*\).*/\1/p' "$TMPD/pane" | head -1)
	keys c
	wait_for "conns:" >/dev/null || fail "$1: c did not show the list"
	echo "$id"
}

for size in 80x24 100x30; do
	cols=${size%x*}
	rows=${size#*x}
	start "$cols" "$rows" "$TCPVIZ" -r "$PCAP"
	# -r of 300 connections: the list, sorted by anomalies.
	wait_for "^300 conns: 294 CLOSED" ||
	    fail "$size: -r did not open on the list with its counts"
	has "sorted by anomalies" "$size: the sort -r opens with"
	has " 3 retx" "$size: header anomaly count"
	has " 3 halfclosed" "$size: header anomaly count"
	has "^  id client" "$size: the heads row"
	if [ "$cols" -ge 100 ]; then
		has "^300 conns: 294 CLOSED 2 ESTABLISHED " "$size: header state counts"
	fi
	has " 3 rst" "$size: header RST count"
	# The panel under the list: the selected row's measures (Zeek's
	# conn_state and history, RTTs, bytes each way).
	grep -q "^ #[0-9]* [A-Z0-9]* [A-Za-z^]*  handshake RTT " "$TMPD/pane" && ok ||
	    fail "$size: no measures of the selected connection under the list"
	# The anomalous ones first: as many rows as there are of them.
	n=9
	set -- $(ids)
	bad=
	for i in $(seq 1 $n); do
		eval "id=\${$i}"
		case $ANOM_IDS in *" $id "*) ;; *) bad="$bad $id" ;; esac
	done
	if [ -z "$bad" ] && [ "$#" -ge "$n" ]; then ok; else
		fail "$size: the first $n rows are not the anomalous ones:" \
		    "$(ids)"
	fi
	# The clean ones after them.
	eval "id=\${$((n + 1))}"
	case $ANOM_IDS in
	*" $id "*) fail "$size: row $((n + 1)) is anomalous ($id)" ;;
	*) ok ;;
	esac
	# ] from the top: the next anomalous row; [ goes back to the first.
	top=$1
	keys Home ']'
	got=$(opened "]")
	case $ANOM_IDS in
	*" $got "*) [ "$got" != "$top" ] && ok ||
	    fail "$size: ] stayed on the top row #$top" ;;
	*) fail "$size: ] selected #$got, not an anomalous connection" ;;
	esac
	keys '['
	got=$(opened "[")
	[ "$got" = "$top" ] && ok || fail "$size: [ went to #$got, not #$top"
	# The sorts in turn, then by id: Home is #0, End is #299.
	for s in duration bytes "client state" "server state" \
	    "last activity" id; do
		keys s
		wait_for "sorted by $s" || fail "$size: s did not sort by $s"
	done
	# The selection stayed on its connection: Home shows the top.
	keys Home
	wait_for "^   0 CLOSED" >/dev/null
	set -- $(ids)
	[ "$1" = 0 ] && [ "$2" = 1 ] && ok ||
	    fail "$size: sorted by id, the rows are $(ids)"
	keys End
	got=$(opened End)
	[ "$got" = 299 ] && ok || fail "$size: End selected #$got, not #299"
	keys Home
	got=$(opened Home)
	[ "$got" = 0 ] && ok || fail "$size: Home selected #$got, not #0"
	# A full port at 80 columns, IPv4 (row 8, sorted by id) and IPv6.
	has " 10\.207\.0\.1:50552 -> 10\.207\.0\.254:443" "$size: IPv4 row"
	# Filters: a state prefix, a port, a word pair, an anomaly, an
	# address (IPv6).
	filter FIN_WAIT
	[ "$(ids)" = "294 295 296" ] && ok ||
	    fail "$size: /FIN_WAIT shows $(ids), not 294 295 296"
	has "FIN_WAIT_1" "$size: /FIN_WAIT"
	has "FIN_WAIT_2" "$size: /FIN_WAIT"
	filter fin_wait_2
	[ "$(ids)" = "294 295" ] && ok ||
	    fail "$size: /fin_wait_2 shows $(ids), not 294 295"
	filter 8443
	[ "$(ids)" = "294 295 296" ] && ok ||
	    fail "$size: /8443 shows $(ids), not 294 295 296"
	filter ":443"
	has "^297 conns:" "$size: /:443 (300 less three to 8443)"
	filter "retx 10.207.2."
	[ "$(ids)" = 240 ] && ok ||
	    fail "$size: /retx 10.207.2. shows $(ids), not 240"
	filter retx
	[ "$(ids)" = "$RETX_IDS" ] && ok ||
	    fail "$size: /retx shows $(ids), not $RETX_IDS"
	filter 2001:db8
	has " \[2001:db8::1\]:40000 -> \[2001:db8::2\]:443" "$size: IPv6 row"
	filter rst
	[ "$(ids)" = "$RST_IDS" ] && ok ||
	    fail "$size: /rst shows $(ids), not $RST_IDS"
	# A RST connection's ladder: ] from the start stops on the RST
	# (its last step: SYN, SYN,ACK, ACK, request, answer, RST).
	filter 10.207.9.1:
	[ "$(ids)" = 291 ] && ok || fail "$size: /10.207.9.1: shows $(ids)"
	keys Enter
	wait_for "connection #291" || fail "$size: Enter did not open #291"
	keys g
	wait_for "step 1/6 " || fail "$size: g: not on step 1/6"
	keys ']'
	wait_for "step 6/6 " || fail "$size: ] did not stop on the RST"
	quit "$size"
done
finish
