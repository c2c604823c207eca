#!/bin/bash
# check-layering.sh: the arrows of ARCHITECTURE.md hold, read from the
# #include lines: every file's module is in tests/layers.txt (the layer
# map) and includes only headers of layers its layer may include. Then the
# rules finer than layers: the engine is a pure library, only one file
# includes pcap.h, only the curses front end includes curses, only the
# front ends draw a whole frame, the session knows no terminal.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

# includes FILE: the project headers and system headers FILE includes.
includes() { sed -n 's/^#include [<"]\([^>"]*\)[>"].*/\1/p' "$1"; }

# forbid "WHO (files)" "WHAT (regex of headers)" "why"
forbid() {
	local files=$1 what=$2 why=$3 f hit bad=0
	for f in $files; do
		[ -f "$f" ] || continue
		hit=$(includes "$f" | grep -E "^($what)$" | head -n 3 | tr '\n' ' ')
		if [ -n "$hit" ]; then
			fail "$f includes $hit: $why"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ] && ok
}

all=$(ls src/*.c include/*.h)

# The map (tests/layers.txt): every file's module has a layer, and every
# project header it includes is of a layer its own may include.
map=tests/layers.txt
layer_of() { awk -v m="$1" '$1 == m && $1 != "may" { print $2; exit }' "$map"; }
may_of() { awk -v l="$1:" '$1 == "may" && $2 == l { $1 = $2 = ""; print; exit }' "$map" |
    sed 's/^ *//'; }
bad=0
for f in $all; do
	mod=$(basename "$f"); mod=${mod%.[ch]}
	lf=$(layer_of "$mod")
	if [ -z "$lf" ]; then
		fail "$f: module $mod is not in $map"
		bad=1
		continue
	fi
	allowed=" $(may_of "$lf") "
	for h in $(includes "$f"); do
		[ -f "include/$h" ] || continue		# a system header
		lh=$(layer_of "${h%.h}")
		if [ -z "$lh" ]; then
			fail "$f includes $h: module ${h%.h} is not in $map"
			bad=1
		elif [ "${allowed#* $lh }" = "$allowed" ]; then
			fail "$f (layer $lf) includes $h (layer $lh): $map lets layer $lf include only$allowed"
			bad=1
		fi
	done
done
[ "$bad" -eq 0 ] && ok
forbid "$(echo "$all" | grep -v '^src/backend-pcap.c$')" 'pcap\.h|pcap/.*' \
    "only backend-pcap.c may include pcap.h"
forbid "$(echo "$all" | grep -vE '^src/(ui|canvas-curses)\.c$')" \
    'curses\.h|ncurses\.h|ncursesw/.*' "only ui.c and canvas-curses.c include curses"
# Finer than the map: rules within a layer.
# The engine is pure: no producer headers either (time enters with events).
forbid "src/classify.c src/conn.c src/annotate.c src/engine.c include/engine.h include/conn.h include/classify.h include/annotate.h" \
    'backend.*\.h|parse\.h|pcapng\.h|scenario\.h|time\.h|sys/time\.h|clock\.h' \
    "the engine reads no clock and knows no source"
# ... and does no I/O (snprintf into a buffer is fine).
io=$(grep -nE '\b(f?printf|fputs|fwrite|fopen|puts|putchar|write|read|clock_gettime|gettimeofday|time)\(' \
    src/classify.c src/conn.c src/annotate.c src/engine.c | grep -v snprintf)
if [ -n "$io" ]; then fail "the engine does I/O or reads a clock: $io"; else ok; fi
# The whole frame sits above the views it calls: only the front ends
# compose one (the exporters are front ends too: a file, not a terminal),
# so no view calls back up into it (no cycle).
forbid "$(echo "$all" | grep -vE '^src/(ui|session|view-screen|view-pick|export|export-svg)\.c$')" \
    'view-screen\.h' "only the front ends (ui.c, session.c, the exporters) draw a whole frame"
# The front end draws whatever source tcpviz.c gives it: it knows no
# particular backend (what a demo adds comes in through its config).
forbid "src/ui.c include/ui.h src/canvas-curses.c" \
    'backend-pcap\.h|backend-sim\.h|pcap\.h|pcap/.*' \
    "the front end knows no particular source; tcpviz.c wires them"
# The session (the interactive model, in libtcpviz.a) knows no terminal,
# no options and no particular source: ui.c maps keys and owns curses.
forbid "src/session.c include/session.h" \
    'ui\.h|options\.h|backend-pcap\.h|backend-sim\.h|pcap\.h|pcap/.*|curses\.h|ncurses\.h|ncursesw/.*' \
    "the session is the model without a terminal; ui.c drives it"
finish
