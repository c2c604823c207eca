#!/bin/bash
# quickstart-install.sh: the package step of quickstart.sh, the branch only
# a fresh machine takes, run with stand-ins for dpkg-query, apt-get, sudo
# and id first on a PATH that has nothing else of theirs. Checks the exact
# commands that would have run: as root, as a user with sudo, as a user
# without sudo, with some or all packages already there, and when apt-get
# or sudo fails.
. "${top_srcdir:-.}/tests/lib.sh"

build_pkgs="build-essential autoconf automake autoconf-archive pkg-config"
build_pkgs="$build_pkgs gettext autopoint"
build_pkgs="$build_pkgs libpcap-dev libncurses-dev libseccomp-dev"
build_pkgs="$build_pkgs libcmocka-dev"
test_pkgs="$build_pkgs tshark tcpdump tmux python3 iproute2 nftables"
test_pkgs="$test_pkgs valgrind procps util-linux clang libclang-rt-dev"
test_pkgs="$test_pkgs librsvg2-bin libxml2-utils plantuml"

# A copy of the script, so its logs land in $TMPD, not in the source tree.
mkdir -p "$TMPD/qs" "$TMPD/stub" "$TMPD/tools"
cp "$top_srcdir/quickstart.sh" "$TMPD/qs/" || exit 1
LOG=$TMPD/calls

# The stand-ins. STUB_UID: what id -u says (sudo runs its command as 0).
# STUB_INSTALLED: packages dpkg-query reports as installed.
# STUB_APT_FAIL: apt-get install exits 100. STUB_SUDO_FAIL: sudo -v fails.
cat >"$TMPD/stub/id" <<'EOF'
#!/bin/sh
[ "$1" = -u ] && { echo "${STUB_UID:-0}"; exit 0; }
exec /usr/bin/id "$@"
EOF
cat >"$TMPD/stub/dpkg-query" <<'EOF'
#!/bin/sh
pkg=$(eval echo "\${$#}")
for p in $STUB_INSTALLED; do
	[ "$p" = "$pkg" ] && { printf 'install ok installed'; exit 0; }
done
echo "dpkg-query: no packages found matching $pkg" >&2
exit 1
EOF
cat >"$TMPD/stub/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $* [DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} uid=${STUB_UID:-0}]" >>"$STUB_LOG"
[ "$1" = install ] && [ -n "${STUB_APT_FAIL:-}" ] && exit 100
exit 0
EOF
cat >"$TMPD/stub/sudo" <<'EOF'
#!/bin/sh
echo "sudo $*" >>"$STUB_LOG"
if [ "$1" = -v ]; then
	[ -n "${STUB_SUDO_FAIL:-}" ] && exit 1
	exit 0
fi
STUB_UID=0 exec "$@"
EOF
chmod +x "$TMPD/stub/"*
# The tools the script needs besides the stand-ins, and nothing else: no
# real sudo, apt-get or dpkg-query can be reached.
for t in sh env grep mkdir tail cut sleep date cat sed dirname wc; do
	p=$(command -v "$t") || skip "$t not found"
	ln -s "$p" "$TMPD/tools/$t"
done

# run NAME UID [SUDO] [MODE]: quickstart.sh's package step; SUDO=nosudo
# leaves the sudo stand-in off PATH. Sets rc, out (stdout+stderr), calls.
run() {
	local name=$1 uid=$2 sudo=${3:-sudo} mode=${4:-} path
	path=$TMPD/stub:$TMPD/tools
	rm -f "$LOG"
	: >"$LOG"
	if [ "$sudo" = nosudo ]; then
		mkdir -p "$TMPD/stub-nosudo"
		cp -p "$TMPD/stub/id" "$TMPD/stub/dpkg-query" \
		    "$TMPD/stub/apt-get" "$TMPD/stub-nosudo/"
		path=$TMPD/stub-nosudo:$TMPD/tools
	fi
	rc=0
	# shellcheck disable=SC2086
	out=$(timeout 60 env -i PATH="$path" HOME="$TMPD" STUB_LOG="$LOG" \
	    STUB_UID="$uid" STUB_INSTALLED="${STUB_INSTALLED:-}" \
	    STUB_APT_FAIL="${STUB_APT_FAIL:-}" \
	    STUB_SUDO_FAIL="${STUB_SUDO_FAIL:-}" QUICKSTART_ONLY=install \
	    sh "$TMPD/qs/quickstart.sh" $mode 2>&1) || rc=$?
	calls=$(cat "$LOG")
}

# expect NAME WANT_RC WANT_CALLS: the exit status and the exact calls.
expect() {
	if [ "$rc" -ne "$2" ]; then
		fail "$1: exit $rc, want $2; output:"
		printf '%s\n' "$out" | head -20
	elif [ "$calls" != "$3" ]; then
		fail "$1: the commands that ran differ"
		diff <(printf '%s\n' "$3") <(printf '%s\n' "$calls") | head -20
		printf 'output:\n%s\n' "$out" | head -20
	else
		ok
	fi
}

NI="DEBIAN_FRONTEND=noninteractive"

# As root: apt-get itself, with no sudo, noninteractive.
run root 0
expect "root, nothing installed" 0 \
"apt-get update [$NI uid=0]
apt-get install -y --no-install-recommends $build_pkgs [$NI uid=0]"

run root-test 0 sudo test
expect "root, test mode" 0 \
"apt-get update [$NI uid=0]
apt-get install -y --no-install-recommends $test_pkgs [$NI uid=0]"

# Root on a machine without sudo at all (a minimal container).
run root-nosudo 0 nosudo
expect "root without sudo installed" 0 \
"apt-get update [$NI uid=0]
apt-get install -y --no-install-recommends $build_pkgs [$NI uid=0]"

# A user with sudo: credentials first, then apt-get as root through sudo.
run user 1000
expect "user with sudo" 0 \
"sudo -v
sudo env $NI apt-get update
apt-get update [$NI uid=0]
sudo env $NI apt-get install -y --no-install-recommends $build_pkgs
apt-get install -y --no-install-recommends $build_pkgs [$NI uid=0]"

# A user without sudo: nothing runs, one line names what to install.
run nosudo 1000 nosudo
expect "user without sudo" 1 ""
if printf '%s\n' "$out" | grep -q "apt-get install $build_pkgs"; then
	ok
else
	fail "user without sudo: no line naming the packages: $out"
fi

# sudo refuses (not in sudoers): nothing is installed, exit 1, a clear line.
STUB_SUDO_FAIL=1 run sudo-refused 1000
expect "sudo refuses" 1 "sudo -v"
printf '%s\n' "$out" | grep -q "sudo refused" && ok ||
    fail "sudo refuses: no clear line: $out"

# Only what is missing is installed; nothing at all when all is there.
STUB_INSTALLED="build-essential pkg-config libcmocka-dev" run partial 0
rest=$(printf '%s\n' $build_pkgs | grep -vx -e build-essential -e pkg-config \
    -e libcmocka-dev | tr '\n' ' ' | sed 's/ $//')
expect "some installed" 0 \
"apt-get update [$NI uid=0]
apt-get install -y --no-install-recommends $rest [$NI uid=0]"
STUB_INSTALLED="$build_pkgs" run all 1000
expect "all installed" 0 ""

# apt-get fails: exit 1 and the end of its log, not a silent success.
STUB_APT_FAIL=1 run apt-fails 0
expect "apt-get install fails" 1 \
"apt-get update [$NI uid=0]
apt-get install -y --no-install-recommends $build_pkgs [$NI uid=0]"
printf '%s\n' "$out" | grep -q "FAILED" && ok ||
    fail "apt-get fails: no FAILED line: $out"

# It says what it is doing and how long it took.
run timing 0
printf '%s\n' "$out" | grep -Eq '^quickstart: apt-get install \(11 packages\): done in [0-9]+ s$' &&
    ok || fail "no timing line for the install: $out"

finish
