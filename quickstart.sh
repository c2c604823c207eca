#!/bin/sh
# quickstart.sh: set up a Debian machine, build tcpviz, and run it.
#
#   ./quickstart.sh          install what is missing, build, install tcpviz
#                            on your PATH, open the classroom demo
#   ./quickstart.sh test     install what is missing, build, run every test
#
# Packages come from apt-get: as root directly, otherwise through sudo;
# without either it names what to install and exits 1. tcpviz is installed
# into /usr/local as root, into ~/.local otherwise (no root needed);
# TCPVIZ_PREFIX chooses another prefix, TCPVIZ_PREFIX=none installs nothing.
# Idempotent: packages already there are not installed again, and an
# up-to-date build is not rebuilt. QUICKSTART_ONLY=install stops after the
# package step (the tests use it).
set -eu
cd "$(dirname "$0")"
top=$(pwd)
mode=${1:-demo}

case $mode in
demo|test) ;;
-h|--help)
	sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
*)
	echo "quickstart.sh: unknown mode '$mode' (use no argument, or 'test')" >&2
	exit 2 ;;
esac

say() { echo "quickstart: $*"; }
now() { date +%s; }
t_start=$(now)

# step LABEL LOG CMD...: run CMD with its output in LOG, saying what runs,
# a line every 15 s while it does, and how long it took; on failure the
# end of LOG, and exit 1.
step() {
	label=$1 log=$2
	shift 2
	say "$label ..."
	t0=$(now)
	"$@" >"$log" 2>&1 &
	pid=$!
	secs=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		secs=$((secs + 1))
		if [ $((secs % 15)) -eq 0 ] && kill -0 "$pid" 2>/dev/null; then
			last=$(tail -n 1 "$log" 2>/dev/null | cut -c1-60)
			say "  ... $label: ${secs} s${last:+ ($last)}"
		fi
	done
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		say "$label FAILED (exit $rc) after $(($(now) - t0)) s; the end of $log:"
		tail -n 40 "$log"
		exit 1
	fi
	say "$label: done in $(($(now) - t0)) s"
}

# ---- 1. packages -----------------------------------------------------------
# Packages to build, and more to test (oracles and drivers, never runtime).
need="build-essential autoconf automake autoconf-archive pkg-config
gettext autopoint libpcap-dev libncurses-dev libseccomp-dev libcmocka-dev"
if [ "$mode" = test ]; then
	need="$need tshark tcpdump tmux python3 iproute2 nftables valgrind
	procps util-linux clang libclang-rt-dev librsvg2-bin libxml2-utils
	plantuml"
fi

missing=""
for p in $need; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	# As root, apt-get itself; otherwise through sudo. env, not sudo -E:
	# it works the same for both, and sudo's policy may refuse -E.
	if [ "$(id -u)" -eq 0 ]; then
		asroot=""
	elif command -v sudo >/dev/null 2>&1; then
		asroot="sudo"
		say "installing needs root, through sudo:$missing"
		# Asked here, in the foreground, not in the middle of a step.
		if ! sudo -v; then
			say "sudo refused; as root, run:  apt-get install$missing" >&2
			exit 1
		fi
	else
		say "these packages are missing and this user can neither install" \
		    "them (not root) nor use sudo:$missing" >&2
		say "as root, run:  apt-get install$missing" >&2
		say "then run $0 again" >&2
		exit 1
	fi
	npkg=$(echo $missing | wc -w)
	say "$npkg packages to install:$missing"
	mkdir -p "$top/build"
	# The tshark package asks whether non-root users may capture:
	# noninteractive takes its default (no).
	step "apt-get update" "$top/build/apt-update.log" \
	    $asroot env DEBIAN_FRONTEND=noninteractive apt-get update
	# shellcheck disable=SC2086
	step "apt-get install ($npkg packages)" "$top/build/apt-install.log" \
	    $asroot env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    --no-install-recommends $missing
fi
[ "${QUICKSTART_ONLY:-}" = install ] && exit 0

# ---- 2. build --------------------------------------------------------------
# The demo uses a plain build. The tests build twice: the whole suite runs
# in a build with warnings as errors and AddressSanitizer +
# UndefinedBehaviorSanitizer; a plain -Werror build runs make distcheck
# (the tarball builds and passes every test, also valgrind and the seccomp
# filter, which sanitizers leave out); then each libFuzzer target runs
# briefly when clang can build it.
if [ "$mode" = test ]; then
	build=${TCPVIZ_BUILD_DIR:-$top/build-test}
	flags=${TCPVIZ_CONFIGURE_FLAGS:---enable-werror --enable-sanitizers}
else
	build=${TCPVIZ_BUILD_DIR:-$top/build}
	if [ -n "${TCPVIZ_PREFIX:-}" ]; then
		prefix=$TCPVIZ_PREFIX
	elif [ "$(id -u)" -eq 0 ]; then
		prefix=/usr/local
	else
		prefix=$HOME/.local
	fi
	if [ "$prefix" = none ]; then
		flags=${TCPVIZ_CONFIGURE_FLAGS:-}
	else
		flags="--prefix=$prefix${TCPVIZ_CONFIGURE_FLAGS:+ $TCPVIZ_CONFIGURE_FLAGS}"
	fi
fi
mkdir -p "$build"
jobs=$(nproc 2>/dev/null || echo 2)

# A source tree configured in place (./configure run there, as in
# "Building by hand") cannot also host a build in another folder:
# configure refuses, and make would take the objects lying there. Then
# the build uses a copy of the sources, and the build in place is left
# as it is.
src=$top
if [ -f "$top/config.status" ]; then
	src=$build/src
	say "this source tree is also configured in place (./configure ran" \
	    "here); building from a copy in $src, your build is left as it is"
	if command -v git >/dev/null 2>&1 &&
	    git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		mkdir -p "$src"
		# Tracked and new files, never what a build made (.gitignore);
		# tar keeps the times, so an unchanged file is not rebuilt.
		(cd "$top" && git ls-files -z --cached --others \
		    --exclude-standard | tar cf - --null --no-recursion -T -) |
		    (cd "$src" && tar xf -)
	else
		say "this is not a git checkout, so it cannot copy the sources:" \
		    "run 'make distclean' here first, then $0 again" >&2
		exit 1
	fi
fi

if [ ! -x "$src/configure" ] || [ "$src/configure.ac" -nt "$src/configure" ] ||
    [ "$src/Makefile.am" -nt "$src/Makefile.in" ]; then
	step "autogen.sh (configure from configure.ac)" "$build/autogen.out" \
	    "$src/autogen.sh"
fi
cd "$build"
if [ ! -f Makefile ] || [ "$src/configure" -nt config.status ] ||
    [ "$(cat .quickstart-flags 2>/dev/null)" != "$flags" ]; then
	# shellcheck disable=SC2086
	step "configure $flags (in $build)" "$build/configure.out" \
	    "$src/configure" $flags
	echo "$flags" >.quickstart-flags
fi
step "make -j$jobs (in $build)" "$build/make.out" make -j"$jobs"

if [ "$mode" = demo ]; then
	if [ "$prefix" != none ]; then
		step "make install (into $prefix)" "$build/install.out" make install
		bin=$prefix/bin/tcpviz
		case ":$PATH:" in
		*":$prefix/bin:"*)
			say "tcpviz is installed: $bin; type 'tcpviz' to run it" ;;
		*)
			say "tcpviz is installed: $bin, but $prefix/bin is not on" \
			    "this shell's PATH yet."
			if [ "$prefix" = "$HOME/.local" ]; then
				say "Debian's ~/.profile adds it at your next login" \
				    "(it does once the folder exists); for now, run:"
			else
				say "Add it to PATH, now and in your ~/.profile:"
			fi
			say "  export PATH=\"$prefix/bin:\$PATH\"" ;;
		esac
	else
		bin=$build/tcpviz
		say "built $bin (not installed: TCPVIZ_PREFIX=none)"
	fi
	say "ready in $(($(now) - t_start)) s"
	if [ -t 0 ] && [ -t 1 ]; then
		# The classroom demo; q quits, ? shows every key.
		exec "$bin"
	fi
	say "no terminal, so as text: the handshake demo, then a real HTTP" \
	    "exchange (assets/captures/http-close.pcap):"
	"$bin" demo handshake --transitions
	exec "$bin" -r "$top/assets/captures/http-close.pcap" --transitions
fi

# ---- 3. tests --------------------------------------------------------------
# check DIR [TESTS]: run make check in DIR (all tests, or the ones named);
# print each result and the logs of failures; add to the totals.
total_pass=0 total_fail=0 total_skip=0 status=0
check() {
	dir=$1
	shift
	rc=0
	t0=$(now)
	say "make check in $dir${1:+ (}$*${1:+)} ..."
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
		failed_logs "$dir"
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
	say "make check in $dir: done in $(($(now) - t0)) s"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + ${f:-0} + ${e:-0} + ${x:-0}))
	total_skip=$((total_skip + ${s:-0}))
}
# failed_logs DIR: the end of the log of every failed test under DIR.
failed_logs() {
	for log in $(grep -lE '^:test-result: (FAIL|ERROR)' \
	    $(find "$1" -name '*.trs') 2>/dev/null | sed 's/\.trs$/.log/'); do
		echo "---- $log"
		tail -n 40 "$log"
	done
}
count() {
	sed -n "s/^# $2: *\\([0-9]*\\).*/\\1/p" "$1/test-suite.log" \
	    2>/dev/null | head -n 1
}
# one NAME LOG CMD...: a single test counted in the totals.
one() {
	name=$1 log=$2
	shift 2
	t0=$(now)
	say "$name ..."
	if "$@" >"$log" 2>&1; then
		echo "PASS: $name ($(($(now) - t0)) s)"
		total_pass=$((total_pass + 1))
		one_result=pass
	else
		echo "FAIL: $name ($(($(now) - t0)) s); the end of $log:"
		tail -n 60 "$log"
		total_fail=$((total_fail + 1))
		status=1
		one_result=fail
	fi
}

# 1. The whole suite under ASan + UBSan.
check "$build"

# 2. make distcheck in a plain -Werror build: the tarball is complete, builds
# out of a read-only source tree, installs and uninstalls, and passes the
# whole suite again without sanitizers (valgrind and the seccomp filter as
# shipped run there).
plain=${TCPVIZ_PLAIN_BUILD_DIR:-$top/build-plain}
mkdir -p "$plain"
corpus=${TCPVIZ_CORPUS:-$top/../shared/corpus}
one "make distcheck (plain -Werror build)" "$plain/distcheck.out" sh -c '
	cd "$1" && { { [ -f Makefile ] && [ config.status -nt "$2/configure" ]; } ||
	    "$2/configure" --enable-werror >configure.out 2>&1; } &&
	TCPVIZ_CORPUS="$4" make -s -j"$3" distcheck \
	    DISTCHECK_CONFIGURE_FLAGS=--enable-werror' sh "$plain" "$src" "$jobs" "$corpus"
grep -E '^(FAIL|ERROR|XPASS):' "$plain/distcheck.out" || true
[ "$one_result" = fail ] && failed_logs "$plain"

# 3. Each libFuzzer target for a short, bounded time (when clang can).
if [ -x "$src/.ci/fuzz.sh" ]; then
	one ".ci/fuzz.sh" "$top/fuzz.out" env \
	    FUZZ_SECONDS="${FUZZ_SECONDS:-45}" FUZZ_WORKDIR="$top/build-fuzz" \
	    "$src/.ci/fuzz.sh"
	grep -E 'exec/s|SKIP' "$top/fuzz.out" || true
	# fuzz.sh exits 0 when clang cannot build the targets: a skip, not
	# a pass.
	if [ "$one_result" = pass ] && grep -q 'SKIP:' "$top/fuzz.out"; then
		total_pass=$((total_pass - 1))
		total_skip=$((total_skip + 1))
	fi
fi

say "tests done in $(($(now) - t_start)) s; every skip says why above"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit "$status"
