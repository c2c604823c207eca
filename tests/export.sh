#!/bin/bash
# export.sh: --export FILE in every format, and --export-steps (issue 16).
# Each format on handshake, fourway, simclose, final-ack-lost and a real
# capture: the file is written (exit 0) and reads as its format says:
# every JSON line parses, the SVG is well-formed XML (xmllint, when
# installed) and renders (rsvg-convert, when installed), tshark reads the
# pcapng back with the transitions as comments on the right frames
# (tshark, when installed), Mermaid starts sequenceDiagram and PlantUML
# is enclosed in @startuml/@enduml, and their own parsers accept them
# where installed. Every format matches its golden (tests/golden/export,
# tests/golden/svg). The text of a real four-way close has every state on
# its own lifeline, and for the kernel's capture every state the kernel
# recorded. The SVG follows --lang. -r exports run in the sandbox, and as
# root write where root may. --anonymize leaves no original address; an
# unwritable path is exit 1 and leaves no file.
. "${top_srcdir:-.}/tests/lib.sh"
need_tcpviz
command -v python3 >/dev/null 2>&1 || skip "no python3"
cd "$top_srcdir" || exit 1

CAP=tests/pcap/http-close-e16.pcap
out=$TMPD/out
mkdir -p "$out"

# run NAME ARGS...: tcpviz ARGS; exit 0 and a non-empty file expected.
run() {
	local f=$1
	shift
	if timeout 60 "$TCPVIZ" "$@" --export "$f" >"$TMPD/so" 2>"$TMPD/se" &&
	    [ -s "$f" ]; then
		ok
	else
		fail "tcpviz $* --export $f: $(head -c 300 "$TMPD/se")"
		return 1
	fi
}

for src in "demo handshake" "demo fourway" "demo simclose" \
    "demo final-ack-lost" "-r $CAP"; do
	tag=$(echo "$src" | tr ' /.' '___')
	for fmt in txt md mmd puml json pcapng svg; do
		# shellcheck disable=SC2086
		run "$out/$tag.$fmt" $src || continue
		f=$out/$tag.$fmt
		case $fmt in
		json)
			python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line)
    n += 1
sys.exit(0 if n > 0 else 1)' "$f" && ok ||
			    fail "$f: a line is not JSON"
			;;
		mmd)
			grep -q '^sequenceDiagram' "$f" && grep -q -- '->>' "$f" &&
			    ok || fail "$f: not a Mermaid sequence diagram"
			;;
		puml)
			head -1 "$f" | grep -q '^@startuml' &&
			    tail -1 "$f" | grep -q '^@enduml' && ok ||
			    fail "$f: not enclosed in @startuml/@enduml"
			;;
		md)
			grep -q '^```' "$f" && ok || fail "$f: no fenced block"
			;;
		svg)
			if command -v xmllint >/dev/null 2>&1; then
				xmllint --noout "$f" 2>"$TMPD/x" && ok ||
				    fail "$f: $(head -3 "$TMPD/x")"
			fi
			if command -v rsvg-convert >/dev/null 2>&1; then
				rsvg-convert "$f" -o "$TMPD/p.png" 2>/dev/null &&
				    [ -s "$TMPD/p.png" ] && ok ||
				    fail "$f: rsvg-convert cannot render it"
			fi
			;;
		pcapng)
			command -v tshark >/dev/null 2>&1 || continue
			n=$(tshark -r "$f" -Y frame.comment -T fields \
			    -e frame.comment 2>/dev/null | grep -c ' -> ')
			[ "$n" -gt 0 ] && ok ||
			    fail "$f: tshark finds no transition comments"
			;;
		esac
	done
done

# The real capture's pcapng: the comments sit on the frames that caused
# them (frame 1 is the SYN: the client's CLOSED -> SYN_SENT).
if command -v tshark >/dev/null 2>&1; then
	first=$(tshark -r "$out/-r_tests_pcap_http-close-e16_pcap.pcapng" \
	    -Y frame.comment -T fields -e frame.number -e frame.comment \
	    2>/dev/null | head -1)
	case $first in
	1*"client CLOSED -> SYN_SENT (E02)"*) ok ;;
	*) fail "pcapng: frame 1's comment is not the SYN's E02: $first" ;;
	esac
else
	echo "note: tshark not installed: pcapng read-back not checked"
fi

# lifelines TXT CLIENT SERVER: every state named (comma lists) is on its
# end's lifeline in the exported text: the client's left of the first
# rule, the server's right of the last.
lifelines() {
	python3 - "$@" <<'EOF'
import sys
left, right = set(), set()
for line in open(sys.argv[1], encoding="utf-8"):
    if "\u2502" not in line:
        continue
    a, _, rest = line.partition("\u2502")
    b = rest.rpartition("\u2502")[2]
    left.update(w.rstrip("*?") for w in a.split())
    right.update(w.rstrip("*?") for w in b.split())
miss = (set(sys.argv[2].split(",")) - left) | \
    (set(sys.argv[3].split(",")) - right)
if miss:
    sys.exit("missing %s (client %s, server %s)" % (miss, left, right))
EOF
}

# The real four-way close, as text.
txt=$out/-r_tests_pcap_http-close-e16_pcap.txt
lifelines "$txt" CLOSED,SYN_SENT,ESTABLISHED,FIN_WAIT_1 \
    LISTEN,SYN_RCVD,ESTABLISHED,CLOSE_WAIT,LAST_ACK && ok ||
    fail "$txt: states on the wrong lifeline"

# A real four-way close captured beside the kernel (tests/kernel), at the
# client and at the server: every state the kernel's own record has for
# an end (client-close.truth: the client is 10.213.0.1) is on that end's
# lifeline.
truth=tests/pcap/kernel/client-close.truth
kstates() {
	awk -v a="$1" '!/^#/ && $4 == "->" && index($2, a ":") == 1 {
		s[$3]; s[$5] } END { for (k in s) printf "%s,", k }' "$truth" |
	    sed 's/,$//'
}
kc=$(kstates 10.213.0.1)
ks=$(kstates 10.213.0.2)
[ -n "$kc" ] && [ -n "$ks" ] && ok || fail "$truth: no client or server"
for v in client-close.pcap client-close.server.pcap; do
	f=$out/kernel-$v.txt
	run "$f" -r "tests/pcap/kernel/$v" || continue
	lifelines "$f" "$kc" "$ks" && ok ||
	    fail "$f: a state of the kernel's record is not on its lifeline"
done

# --anonymize: no real address anywhere in what is written.
for fmt in txt json pcapng svg; do
	f=$out/anon.$fmt
	run "$f" --anonymize -r "$CAP" || continue
	if grep -aq -e '10\.207\.' -e '10\.0\.0\.' "$f" ||
	    { [ "$fmt" = pcapng ] && command -v tshark >/dev/null 2>&1 &&
	    tshark -r "$f" -T fields -e ip.src -e ip.dst 2>/dev/null |
	    grep -qv -e '^192\.0\.2\.' -e '^198\.51\.100\.' \
	    -e '^203\.0\.113\.' -e '^$'; }; then
		fail "--anonymize $fmt: a real address is left"
	else
		ok
	fi
done
real=$(tshark -r "$CAP" -T fields -e ip.src 2>/dev/null | head -1)
[ -z "$real" ] || ! grep -aqF "$real" "$out/anon.txt" && ok ||
    fail "--anonymize: $real is in the text"

# The picture is for people: it follows --lang, as txt and md do; JSON
# stays English.
if timeout 60 "$TCPVIZ" demo fourway --lang zh_CN --export "$TMPD/zh.svg" \
    >/dev/null 2>&1 && timeout 60 "$TCPVIZ" demo fourway --lang zh_CN \
    --export "$TMPD/zh.json" >/dev/null 2>&1; then
	grep -q '客户端' "$TMPD/zh.svg" && ok ||
	    fail "--lang zh_CN --export F.svg: no Chinese in the picture"
	! grep -q '客户端' "$TMPD/zh.json" && ok ||
	    fail "--lang zh_CN --export F.json: Chinese in the JSON"
else
	fail "--lang zh_CN --export: did not write"
fi

# PlantUML's and Mermaid's own parsers, where they are installed: Debian's
# plantuml (-checkonly: exit 0 when every diagram parses); Mermaid from npm
# (mermaid and jsdom in TCPVIZ_MERMAID_MODULES, a node_modules directory).
# Each must also reject a broken diagram, or the check proves nothing.
printf '@startuml\nA -> : x\nnote over Z Q : y\n@enduml\n' >"$TMPD/bad.puml"
printf 'sequenceDiagram\n  A->>: x\n  note over Z,: y\n' >"$TMPD/bad.mmd"
if command -v plantuml >/dev/null 2>&1; then
	timeout 120 plantuml -checkonly "$out"/*.puml >"$TMPD/pu" 2>&1 && ok ||
	    fail "plantuml rejects an export: $(head -c 300 "$TMPD/pu")"
	! timeout 60 plantuml -checkonly "$TMPD/bad.puml" >/dev/null 2>&1 &&
	    ok || fail "plantuml -checkonly accepts a broken diagram"
else
	echo "note: no plantuml (Debian's plantuml): PlantUML not parsed"
fi
mm=${TCPVIZ_MERMAID_MODULES:-}
if [ -n "$mm" ] && command -v node >/dev/null 2>&1; then
	timeout 120 node tests/mermaid-parse.mjs "$mm" "$out"/*.mmd \
	    >"$TMPD/mm" 2>&1 && ok ||
	    fail "Mermaid rejects an export: $(grep -v '^ok' "$TMPD/mm")"
	! timeout 60 node tests/mermaid-parse.mjs "$mm" "$TMPD/bad.mmd" \
	    >/dev/null 2>&1 && ok || fail "Mermaid accepts a broken diagram"
else
	echo "note: TCPVIZ_MERMAID_MODULES not set: Mermaid not parsed"
fi

# --export-steps: one file per step; txt too.
if timeout 60 "$TCPVIZ" demo handshake --export-steps "$TMPD/steps" \
    >/dev/null 2>"$TMPD/se"; then
	n=$(find "$TMPD/steps" -name 'step-*.svg' | wc -l)
	[ "$n" -ge 10 ] && ok || fail "--export-steps: $n files for 11 steps"
else
	fail "--export-steps: $(head -c 300 "$TMPD/se")"
fi
timeout 60 "$TCPVIZ" demo handshake --export-steps "$TMPD/stept" \
    --export-format txt >/dev/null 2>&1 &&
    [ -s "$TMPD/stept/step-000.txt" ] && ok ||
    fail "--export-steps --export-format txt wrote no step-000.txt"

# The goldens of the other formats (tests/golden/export/TESTLIST), byte
# for byte: the demos, two real captures, and Chinese text.
while IFS='	' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	for ext in txt md mmd puml json pcapng; do
		rm -f "$TMPD/g.$ext"
		# shellcheck disable=SC2086
		LC_ALL=C.UTF-8 timeout 60 "$TCPVIZ" $args --export "$TMPD/g.$ext" \
		    >/dev/null 2>&1
		cmp -s "$TMPD/g.$ext" "tests/golden/export/$name.$ext" && ok ||
		    fail "export $name.$ext differs from its golden" \
		    "(tests/golden/regen.sh export)"
	done
done <tests/golden/export/TESTLIST

# The SVG goldens (tests/golden/svg/TESTLIST; the README's images among
# them): the last picture of --export-steps, byte for byte.
while IFS='	' read -r name golden args; do
	case $name in ''|'#'*) continue ;; esac
	rm -rf "$TMPD/g"
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 timeout 60 "$TCPVIZ" $args \
	    --export-steps "$TMPD/g" >/dev/null 2>"$TMPD/se"
	last=$(ls "$TMPD/g" 2>/dev/null | tail -n 1)
	if [ -n "$last" ] && cmp -s "$TMPD/g/$last" "$golden"; then
		ok
	else
		fail "svg $name differs from $golden (tests/golden/regen.sh svg)"
	fi
done <tests/golden/svg/TESTLIST

# A capture is exported inside the sandbox, the files written by the
# writer process (outfile.h), which keeps the rights tcpviz started with:
# as root, into a directory only root may write, with no -Z.
mkdir -m 700 "$TMPD/own"
for how in "--export $TMPD/own/x.json" \
    "--export-steps $TMPD/own/steps --export-format txt"; do
	rm -f "$TMPD/dbg"
	# shellcheck disable=SC2086
	if timeout 60 "$TCPVIZ" -r "$CAP" $how --debug-log="$TMPD/dbg" \
	    >/dev/null 2>"$TMPD/se"; then
		ok
	else
		fail "-r $CAP $how: $(head -c 300 "$TMPD/se")"
	fi
	if grep -q "sanitizer build: no seccomp" "$TMPD/dbg"; then
		echo "note: sanitizer build: no seccomp filter to check"
	else
		grep -q "seccomp filter installed" "$TMPD/dbg" && ok ||
		    fail "-r $how: no seccomp filter ($(grep -i seccomp \
		    "$TMPD/dbg"))"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		grep -q "running as uid 65534" "$TMPD/dbg" && ok ||
		    fail "-r $how as root: not read as nobody"
	fi
done
[ -s "$TMPD/own/x.json" ] && [ -s "$TMPD/own/steps/step-001.txt" ] && ok ||
    fail "the exports into $TMPD/own are missing"
[ -z "$(ls -A "$TMPD/own" | grep '^\.')" ] && ok ||
    fail "a temporary file was left in $TMPD/own"

# Unwritable: exit 1, one line, no file left (also not a temporary one).
mkdir -p "$TMPD/ro"
chmod 555 "$TMPD/ro"
if [ "$(id -u)" -ne 0 ]; then
	timeout 60 "$TCPVIZ" demo handshake --export "$TMPD/ro/x.txt" \
	    >/dev/null 2>"$TMPD/se"
	rc=$?
	[ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/se")" -eq 1 ] && ok ||
	    fail "unwritable directory: exit $rc, $(cat "$TMPD/se")"
fi
timeout 60 "$TCPVIZ" demo handshake --export "$TMPD/nodir/x.txt" \
    >/dev/null 2>"$TMPD/se"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/se")" -eq 1 ] &&
    [ ! -e "$TMPD/nodir" ] && ok ||
    fail "missing directory: exit $rc, $(cat "$TMPD/se")"
[ -z "$(ls -A "$TMPD/ro")" ] && ok || fail "a file was left in $TMPD/ro"
chmod 755 "$TMPD/ro"

finish
