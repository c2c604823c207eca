# needs.sh: sourced by the kernel tests that regenerate truth live. Skips
# (exit 77, with the reason) unless this machine can run the lab: root,
# ip netns, nft inside a namespace, tcpdump, and the inet_sock_set_state
# tracepoint in tracefs (mounted here if it is not yet). Sets kdir.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TCPVIZ:=${top_builddir:-.}/tcpviz}"
kdir=$top_srcdir/tests/kernel
. "$top_srcdir/tests/sancheck.sh"
# Until the test sets its own (ending in san_verdict): a skip or an early
# failure still removes $SANDIR.
trap 'san_verdict $?' EXIT

skip() {
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, tracefs)"
for t in ip bridge nft tcpdump python3 ss tc; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found"
done
needs_probe=tvprobe$$
ip netns add "$needs_probe" 2>/dev/null || skip "ip netns add does not work"
needs_ok=1
ip netns exec "$needs_probe" nft add table inet tvprobe 2>/dev/null ||
    needs_ok=0
ip netns del "$needs_probe"
[ "$needs_ok" -eq 1 ] || skip "nft does not work in a namespace"
tfs=/sys/kernel/tracing
if [ ! -d "$tfs/instances" ]; then
	mount -t tracefs nodev "$tfs" 2>/dev/null ||
	    skip "tracefs is not mounted and cannot be mounted"
fi
[ -d "$tfs/events/sock/inet_sock_set_state" ] ||
    skip "no sock:inet_sock_set_state tracepoint"
[ -x "$TCPVIZ" ] || { echo "FAIL: no tcpviz binary at $TCPVIZ"; exit 1; }
