#!/bin/bash
# readme-commands.sh: every tcpviz command in the README's ```sh blocks
# runs as written, from the top of a clone, and does what it says. The
# interactive ones (no batch mode on the line) are drawn once with
# --screen, which is what their first frame would show. Lines that need a
# remote host (ssh), root (sudo) or a live interface (-i) are listed as not
# run here; the quick start itself is run on a fresh root by hand.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$TCPVIZ" ] || { fail "no binary at $TCPVIZ"; finish; }

# The README's shell lines, comments off (a comment starts at "  #").
python3 - "$top_srcdir/README.md" >"$TMPD/lines" <<'EOF' || exit 1
import re, sys
inblock = False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        inblock = line.strip() == "```sh" if not inblock else False
        continue
    if inblock:
        line = re.sub(r"\s{2,}#.*$", "", line).strip()
        if line:
            print(line)
EOF
[ -s "$TMPD/lines" ] || { fail "no sh blocks found in README.md"; finish; }

# A folder laid out like the clone, so relative paths mean what they say.
mkdir -p "$TMPD/clone"
ln -s "$top_srcdir/assets" "$TMPD/clone/assets"
ln -s "$top_srcdir/tests" "$TMPD/clone/tests"
mkdir -p "$TMPD/bin"
ln -s "$TCPVIZ" "$TMPD/bin/tcpviz"

ran=0
while IFS= read -r line; do
	case $line in
	./quickstart.sh*|./autogen.sh*) continue ;;
	"ssh host tcpdump "*"| tcpviz -r - --transitions")
		# The pipe, with a local capture in place of the remote tcpdump.
		line="cat assets/captures/http-close.pcap | ${line#*| }" ;;
	*ssh\ *|*sudo\ *|*" -i "*)
		echo "not run here (remote host, root or a live interface): $line"
		continue ;;
	tcpviz*|"cat assets/"*|LANG=*" tcpviz "*) ;;
	*) fail "README line of an unknown kind (teach this test): $line"; continue ;;
	esac
	cmd=$line
	case $line in
	*--transitions*|*--segments*|*--summary*|*--write-pcap*|*--list-scenarios*|*" -D"*|*--screen*|*--to-scenario*|*--compare*) ;;
	*) cmd="$line --screen 100x30" ;;
	esac
	# The locale the line sets is the one it gets.
	case $line in
	LANG=*) cmd="env -u LC_ALL -u LC_MESSAGES -u LANGUAGE $cmd" ;;
	esac
	ran=$((ran + 1))
	rc=0
	(cd "$TMPD/clone" && PATH="$TMPD/bin:$PATH" timeout 60 \
	    bash -c "$cmd" >"$TMPD/out" 2>"$TMPD/err") || rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "'$line': exit $rc: $(head -3 "$TMPD/err")"
		continue
	fi
	if [ ! -s "$TMPD/out" ] && [[ $line != *--write-pcap* ]] &&
	    [[ $line != *--to-scenario* ]]; then
		fail "'$line': printed nothing"
		continue
	fi
	# Chinese where the line asks for it.
	case $line in
	*--lang\ zh_CN*|LANG=zh_CN*)
		python3 -c 'import sys
sys.exit(not any("\u4e00" <= c <= "\u9fff"
    for c in open(sys.argv[1], encoding="utf-8").read()))' "$TMPD/out" && ok ||
		    fail "'$line': no Chinese on the screen" ;;
	esac
	case $line in
	*--transitions*--format\ json*)
		python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$TMPD/out" 2>/dev/null &&
		    grep -q '"edge":"E' "$TMPD/out" && ok ||
		    fail "'$line': not JSON lines with edge ids" ;;
	*--transitions*)
		grep -Eq '^[0-9]+\.[0-9]{6} [^ ]+ [A-Z_0-9]+ -> [A-Z_0-9]+$' \
		    "$TMPD/out" && ok || fail "'$line': no transition lines" ;;
	*--segments*)
		# The filter took: every line has the port.
		if grep -q "port 8080" <<<"$line"; then
			! grep -qv ':8080 ' "$TMPD/out" && ok ||
			    fail "'$line': a segment not on port 8080"
		else
			ok
		fi ;;
	*--summary*)
		grep -q 'client=.* server=' "$TMPD/out" && ok ||
		    fail "'$line': no summary lines" ;;
	*--write-pcap*)
		f=$(sed -n 's/.*--write-pcap \([^ ]*\).*/\1/p' <<<"$line")
		[ -s "$TMPD/clone/$f" ] && ok || fail "'$line': no $f written" ;;
	*--to-scenario*)
		f=$(sed -n 's/.*--to-scenario \([^ ]*\).*/\1/p' <<<"$line")
		head -1 "$TMPD/clone/$f" 2>/dev/null | grep -qx 'tcpviz-scenario 1' &&
		    ok || fail "'$line': no scenario $f written" ;;
	*--compare*)
		grep -Eq '(^no differences|steps differ$|没有差异|步不同)' \
		    "$TMPD/out" && ok || fail "'$line': no comparison printed" ;;
	*)
		grep -q '[A-Z_]\{6,\}' "$TMPD/out" && ok ||
		    fail "'$line': the screen shows no state" ;;
	esac
done <"$TMPD/lines"
[ "$ran" -ge 8 ] && ok || fail "only $ran README commands ran (want 8 or more)"
finish
