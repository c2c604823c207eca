#!/bin/bash
# man-pages.sh: tcpviz-states.7 cannot drift from the RFC table in
# src/fsm.c: every edge E01..E23 of the table is documented once, with the
# same from and to states, its event / action label and its RFC section,
# and every state has its paragraph. The shipped man pages point at nothing
# outside the distribution, and groff finds nothing to warn about in them.
. "${top_srcdir:-.}/tests/lib.sh"
FSM="${FSM_C:-$top_srcdir/src/fsm.c}"
PAGE="${STATES_PAGE:-$top_srcdir/tcpviz-states.7}"

for f in "$FSM" "$PAGE" "$top_srcdir/tcpviz.1"; do
	[ -r "$f" ] || { fail "cannot read $f"; finish; }
done

# One line per check: "ok WHAT" or "fail WHY".
awk '
# The table: "ID|FROM,FROM|TO|EVENT|ACTION|RFC", from states sorted.
function sorted(list,    a, n, i, j, t, s) {
	n = split(list, a, ",")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	s = ""
	for (i = 1; i <= n; i++)
		s = s (i > 1 ? "," : "") a[i]
	return s
}
function trim(s) {
	gsub(/^[ \t]+|[ \t]+$/, "", s)
	return s
}
function edge(p,    str, k, from, f, to) {
	gsub(/"[ \t]*"/, "", p)		# "a" "b" is one C string
	k = 0
	while (match(p, /"[^"]*"/)) {
		str[++k] = substr(p, RSTART + 1, RLENGTH - 2)
		p = substr(p, 1, RSTART - 1) "@" substr(p, RSTART + RLENGTH)
	}
	split(p, f, ",")
	from = ""
	while (match(f[2], /B\([A-Z0-9_]+\)/)) {
		from = from (from == "" ? "" : ",") \
		    substr(f[2], RSTART + 2, RLENGTH - 3)
		f[2] = substr(f[2], RSTART + RLENGTH)
	}
	to = trim(f[3])
	sub(/^FSM_/, "", to)
	if (k < 4 || str[1] !~ /^E[0-9][0-9]$/ || from == "" || to == "") {
		print "fail src/fsm.c: cannot read the edge row near " \
		    (k > 0 ? str[1] : substr(p, 1, 40))
		return
	}
	nedges++
	tab_from[str[1]] = sorted(from)
	tab_to[str[1]] = to
	tab_ev[str[1]] = str[2]
	tab_act[str[1]] = str[3]
	tab_rfc[str[1]] = str[4]
}
FNR == NR {
	if ($0 ~ /^const struct fsm_state_info fsm_states/) { in_st = 1; next }
	if ($0 ~ /^const struct fsm_edge_info fsm_edges/) { in_ed = 1; next }
	if ($0 ~ /^};/) { in_st = in_ed = 0; next }
	if (in_st && match($0, /^\t\[FSM_[A-Z0-9_]+\] = \{ "[A-Z0-9_]+"/)) {
		s = substr($0, RSTART, RLENGTH)
		sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
		states[++nstates] = s
	}
	if (in_ed)
		buf = buf " " $0
	next
}
# The page: ".TP", ".B Enn", "FROM, FROM \-> TO", then the entry text.
FNR == 1 {
	n = split(buf, rows, /\[FSM_E[0-9]+\] = \{/)
	for (i = 2; i <= n; i++)
		edge(rows[i])
}
/^\.SH / {
	sect = $2
	cur = ""
}
/^\.(TP|SH|SS|PP)/ { cur = "" }
sect == "STATES" && prev == ".TP" && /^\.B [A-Z0-9_]+$/ { doc_state[$2]++ }
sect == "EDGES" && prev == ".TP" && /^\.B E[0-9][0-9]$/ {
	cur = $2
	ndoc[cur]++
	prev = $0
	if ((getline line) <= 0)
		line = ""
	if (index(line, " \\-> ") == 0) {
		print "fail " cur ": the line after .B " cur \
		    " is not FROM \\-> TO: " line
		doc_from[cur] = doc_to[cur] = "?"
	} else {
		split(line, ft, / \\-> /)
		f = ft[1]
		gsub(/[ \t]/, "", f)
		doc_from[cur] = sorted(f)
		doc_to[cur] = trim(ft[2])
	}
	text[cur] = ""
	prev = line
	next
}
cur != "" { text[cur] = text[cur] " " $0 }
{ prev = $0 }
END {
	if (nstates != 11)
		print "fail src/fsm.c: read " nstates " states, want 11"
	for (i = 1; i <= nstates; i++)
		if (doc_state[states[i]] != 1)
			print "fail state " states[i] " has " \
			    doc_state[states[i]] + 0 \
			    " paragraphs in STATES, want 1"
		else
			print "ok state " states[i]
	if (nedges != 23)
		print "fail src/fsm.c: read " nedges " edges, want 23"
	for (id in tab_to) {
		if (ndoc[id] != 1) {
			print "fail " id " is documented " ndoc[id] + 0 \
			    " times in EDGES, want once"
			continue
		}
		bad = 0
		if (doc_from[id] != tab_from[id]) {
			print "fail " id ": the page leaves " doc_from[id] \
			    ", src/fsm.c leaves " tab_from[id]
			bad = 1
		}
		if (doc_to[id] != tab_to[id]) {
			print "fail " id ": the page enters " doc_to[id] \
			    ", src/fsm.c enters " tab_to[id]
			bad = 1
		}
		label = "\\fI" tab_ev[id] "\\fR / \\fI" tab_act[id] "\\fR"
		if (index(text[id], label) == 0) {
			print "fail " id ": the page lacks the label " label
			bad = 1
		}
		if (index(text[id], "(" tab_rfc[id] ")") == 0) {
			print "fail " id ": the page lacks (" tab_rfc[id] ")"
			bad = 1
		}
		if (!bad)
			print "ok " id
	}
	for (id in ndoc)
		if (!(id in tab_to))
			print "fail the page documents " id \
			    ", which src/fsm.c does not have"
}
' "$FSM" "$PAGE" >"$TMPD/checks"

while read -r verdict what; do
	case $verdict in
	ok) ok ;;
	*) fail "$what" ;;
	esac
done <"$TMPD/checks"
[ -s "$TMPD/checks" ] || fail "the checks printed nothing"

# A user's copy has no ../shared: the man pages must not send them there.
for f in "$top_srcdir/tcpviz.1" "$PAGE"; do
	if grep -n 'shared/' "$f" >"$TMPD/refs"; then
		fail "$(basename "$f") points outside the distribution: $(head -n 3 "$TMPD/refs")"
	else
		ok
	fi
done

# groff's warnings (all of them) are bugs in the page.
if command -v groff >/dev/null 2>&1; then
	for f in "$top_srcdir/tcpviz.1" "$PAGE"; do
		groff -man -ww -z "$f" >"$TMPD/groff" 2>&1
		if [ -s "$TMPD/groff" ]; then
			fail "groff warns about $(basename "$f"): $(head -n 5 "$TMPD/groff")"
		else
			ok
		fi
	done
fi

finish
