#!/bin/bash
# check-layering.sh: the arrows of ARCHITECTURE.md hold, read from the
# #include lines. Sources never know about views, views never call libpcap,
# the engine is a pure library, only one file includes pcap.h and only the
# curses front end includes curses.
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
forbid "$(echo "$all" | grep -v '^src/backend-pcap.c$')" 'pcap\.h|pcap/.*' \
    "only backend-pcap.c may include pcap.h"
forbid "$(echo "$all" | grep -vE '^src/(ui|canvas-curses)\.c$')" \
    'curses\.h|ncurses\.h|ncursesw/.*' "only ui.c and canvas-curses.c include curses"
# Layer 0: fsm, seq, bytes, wire, compat include nothing of the project
# beyond layer 0.
forbid "src/fsm.c include/fsm.h include/seq.h include/bytes.h include/wire.h" \
    'event\.h|engine\.h|conn\.h|classify\.h|parse\.h|backend.*\.h|view.*\.h|canvas\.h|ui\.h' \
    "layer 0 depends on nothing above it"
# Producers and model: no views, front ends, printers or options.
model="src/event.c src/parse.c src/pcapng.c src/backend.c src/backend-pcap.c
src/backend-sim.c src/scenario.c src/pcapwrite.c src/classify.c src/conn.c
src/engine.c include/event.h include/parse.h include/pcapng.h include/backend.h
include/backend-sim.h include/scenario.h include/classify.h include/conn.h
include/engine.h"
forbid "$model" 'view.*\.h|canvas\.h|layout\.h|player\.h|ui\.h|options\.h|batch\.h' \
    "sources and the engine never know about views, printers or options"
# The engine is pure: no producer headers either (time enters with events).
forbid "src/classify.c src/conn.c src/engine.c include/engine.h include/conn.h include/classify.h" \
    'backend.*\.h|parse\.h|pcapng\.h|scenario\.h|time\.h|sys/time\.h|clock\.h' \
    "the engine reads no clock and knows no source"
# ... and does no I/O (snprintf into a buffer is fine).
io=$(grep -nE '\b(f?printf|fputs|fwrite|fopen|puts|putchar|write|read|clock_gettime|gettimeofday|time)\(' \
    src/classify.c src/conn.c src/engine.c | grep -v snprintf)
if [ -n "$io" ]; then fail "the engine does I/O or reads a clock: $io"; else ok; fi
# Views draw on a canvas and read the model; they never open a source.
forbid "$(ls src/view*.c src/canvas.c src/canvas-text.c src/layout.c src/player.c 2>/dev/null)" \
    'backend-pcap\.h|backend-sim\.h|pcapng\.h|options\.h|ui\.h' \
    "views read the model; they never open or drive a source"
# The whole frame sits above the views it calls: only the front ends
# compose one, so no view calls back up into it (no cycle).
forbid "$(echo "$all" | grep -vE '^src/(ui|session|view-screen)\.c$')" \
    'view-screen\.h' "only the front ends (ui.c, session.c) draw a whole frame"
# The session (the interactive model, in libtcpviz.a) knows no terminal,
# no options and no particular source: ui.c maps keys and owns curses.
forbid "src/session.c include/session.h" \
    'ui\.h|options\.h|backend-pcap\.h|backend-sim\.h|pcap\.h|pcap/.*|curses\.h|ncurses\.h|ncursesw/.*' \
    "the session is the model without a terminal; ui.c drives it"
finish
