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
# The demo uses a plain build. The tests build twice: the whole suite runs
# in a build with warnings as errors and AddressSanitizer +
# UndefinedBehaviorSanitizer; a plain -Werror build runs what sanitizers
# cannot (valgrind, the seccomp filter in the real binary); then each
# libFuzzer target runs briefly when clang can build it.
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
libpcap-dev libncurses-dev libseccomp-dev libcmocka-dev"
if [ "$mode" = test ]; then
	need="$need tshark tcpdump tmux python3 iproute2 nftables valgrind
	procps util-linux clang"
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

# check DIR [TESTS]: run make check in DIR (all tests, or the ones named);
# print each result and the logs of failures; add to the totals.
total_pass=0 total_fail=0 total_skip=0 status=0
check() {
	dir=$1
	shift
	rc=0
	if [ $# -gt 0 ]; then
		(cd "$dir" && make -j"$jobs" check TESTS="$*") \
		    >"$dir/check.out" 2>&1 || rc=$?
	else
		(cd "$dir" && make -j"$jobs" check) >"$dir/check.out" 2>&1 ||
		    rc=$?
	fi
	grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR):' "$dir/check.out" || true
	if [ "$rc" -ne 0 ]; then
		status=1
		for log in $(grep -lE '^:test-result: (FAIL|ERROR)' \
		    $(find "$dir" -name '*.trs') 2>/dev/null |
		    sed 's/\.trs$/.log/'); do
			echo "---- $log"
			tail -n 40 "$log"
		done
	fi
	p=$(count "$dir" PASS); f=$(count "$dir" FAIL); e=$(count "$dir" ERROR)
	x=$(count "$dir" XPASS); s=$(count "$dir" SKIP)
	if [ -z "$p" ]; then
		# The suite did not run (a build error): show why.
		tail -n 40 "$dir/check.out"
		total_fail=$((total_fail + 1))
		status=1
		return
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + ${f:-0} + ${e:-0} + ${x:-0}))
	total_skip=$((total_skip + ${s:-0}))
}
count() {
	sed -n "s/^# $2: *\\([0-9]*\\).*/\\1/p" "$1/test-suite.log" \
	    2>/dev/null | head -n 1
}

# 1. The whole suite under ASan + UBSan.
check "$build"

# 2. A plain -Werror build: valgrind, and the seccomp filter as shipped.
plain=${TCPVIZ_PLAIN_BUILD_DIR:-$top/build-plain}
mkdir -p "$plain"
(cd "$plain" && { [ -f Makefile ] && [ config.status -nt "$top/configure" ] ||
    "$top/configure" --enable-werror >configure.out 2>&1; } &&
    make -s -j"$jobs" >make.out 2>&1) || {
	echo "FAIL: the plain -Werror build"
	tail -n 40 "$plain/make.out" "$plain/configure.out" 2>/dev/null
	total_fail=$((total_fail + 1))
	status=1
}
if [ -x "$plain/tcpviz" ]; then
	check "$plain" tests/valgrind.sh tests/unit/test-sandbox \
	    tests/kernel/live-privs.sh tests/cli-errors.sh
fi

# 3. Each libFuzzer target for a short, bounded time (when clang can).
if [ -x "$top/.ci/fuzz.sh" ]; then
	if FUZZ_SECONDS=${FUZZ_SECONDS:-45} FUZZ_WORKDIR="$top/build-fuzz" \
	    "$top/.ci/fuzz.sh" >"$top/fuzz.out" 2>&1; then
		echo "PASS: .ci/fuzz.sh"
		total_pass=$((total_pass + 1))
	else
		echo "FAIL: .ci/fuzz.sh"
		tail -n 40 "$top/fuzz.out"
		total_fail=$((total_fail + 1))
		status=1
	fi
	grep -E 'exec/s|SKIP' "$top/fuzz.out" || true
fi

echo "$total_skip skipped (each says why above)"
echo "$total_pass passed, $total_fail failed"
exit "$status"
