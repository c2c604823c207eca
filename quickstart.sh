#!/bin/sh
# quickstart.sh: set up a Debian machine, build tcpviz, and run it.
#
#   ./quickstart.sh          install what is missing, build, start the demo
#   ./quickstart.sh test     install what is missing, build, run every test
#
# Idempotent: packages already installed are not installed again, and an
# up-to-date build is not rebuilt. Uses apt-get as root, sudo otherwise.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
mode=${1:-demo}
# The demo uses a plain build; the tests run in a build with warnings as
# errors and AddressSanitizer + UndefinedBehaviorSanitizer.
if [ "$mode" = test ]; then
	build=${TCPVIZ_BUILD_DIR:-$top/build-test}
	flags=${TCPVIZ_CONFIGURE_FLAGS:---enable-werror --enable-sanitizers}
else
	build=${TCPVIZ_BUILD_DIR:-$top/build}
	flags=${TCPVIZ_CONFIGURE_FLAGS:-}
fi

case $mode in
demo|test) ;;
-h|--help)
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
*)
	echo "quickstart.sh: unknown mode '$mode' (use no argument, or 'test')" >&2
	exit 2 ;;
esac

# Packages to build, and more to test (oracles and drivers, never runtime).
need="build-essential autoconf automake autoconf-archive pkg-config
libpcap-dev libncurses-dev libcmocka-dev"
if [ "$mode" = test ]; then
	need="$need tshark tcpdump tmux python3 iproute2 nftables valgrind
	procps"
fi

missing=""
for p in $need; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "quickstart: installing:$missing"
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "quickstart: need root or sudo to install:$missing" >&2
		exit 1
	fi
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo -E apt-get install -y -qq \
	    --no-install-recommends $missing >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ]; then
	./autogen.sh >/dev/null 2>&1 || { ./autogen.sh; exit 1; }
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ]; then
	"$top/configure" $flags >configure.out 2>&1 ||
	    { cat configure.out; exit 1; }
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -s -j"$jobs" >make.out 2>&1 || { cat make.out; exit 1; }

if [ "$mode" = demo ]; then
	echo "quickstart: built $build/tcpviz"
	if [ -t 0 ] && [ -t 1 ]; then
		# The classroom demo; q quits, ? shows every key.
		exec ./tcpviz
	fi
	echo "quickstart: no terminal, so as text: the handshake demo, then a" \
	    "real HTTP exchange (assets/captures/http-close.pcap):"
	./tcpviz demo handshake --transitions
	exec ./tcpviz -r "$top/assets/captures/http-close.pcap" --transitions
fi

# Run the whole suite; automake writes one summary we turn into one line.
status=0
make -j"$jobs" check >check.out 2>&1 || status=$?
grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' check.out || true
if [ "$status" -ne 0 ]; then
	for log in $(grep -lE '^:test-result: (FAIL|ERROR)' \
	    $(find . -name '*.trs') 2>/dev/null | sed 's/\.trs$/.log/'); do
		echo "---- $log"
		tail -n 40 "$log"
	done
fi
count() {
	sed -n "s/^# $1: *\\([0-9]*\\).*/\\1/p" test-suite.log 2>/dev/null |
	    head -n 1
}
pass=$(count PASS); fail=$(count FAIL); err=$(count ERROR)
xpass=$(count XPASS); skip=$(count SKIP)
if [ -z "$pass" ]; then
	# The suite did not run (a build error): show why.
	tail -n 40 check.out
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$pass passed, $(( ${fail:-0} + ${err:-0} + ${xpass:-0} )) failed, ${skip:-0} skipped"
exit "$status"
