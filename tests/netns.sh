# tests/netns.sh: the network namespaces the live tests make (sourced by
# tests/ui/tmux-live.sh, tests/ui/tmux-scale.sh, tests/kernel/live-load.sh).

# netns_veth NSC NSS MAC SRV CLI...: a veth pair between namespaces NSC
# (addresses CLI..., /24) and NSS (address SRV), both up with loopback,
# and static neighbours both ways, so no ARP is on the wire. MAC is the
# pair's fifth byte (02:54:00:00:MAC:01/02), one per test. 1 on failure.
netns_veth() {
	local nsc=$1 nss=$2 mac=$3 srv=$4 a
	shift 4
	ip link add "$nsc" address "02:54:00:00:$mac:01" netns "$nsc" \
	    type veth peer name "$nss" address "02:54:00:00:$mac:02" \
	    netns "$nss" || return 1
	for a in "$@"; do
		ip -n "$nsc" addr add "$a/24" dev "$nsc" || return 1
	done
	ip -n "$nss" addr add "$srv/24" dev "$nss" || return 1
	ip -n "$nsc" link set lo up && ip -n "$nss" link set lo up &&
	    ip -n "$nsc" link set "$nsc" up &&
	    ip -n "$nss" link set "$nss" up || return 1
	ip -n "$nsc" neigh replace "$srv" lladdr "02:54:00:00:$mac:02" \
	    dev "$nsc" nud permanent || return 1
	for a in "$@"; do
		ip -n "$nss" neigh replace "$a" lladdr "02:54:00:00:$mac:01" \
		    dev "$nss" nud permanent || return 1
	done
}

# netns_backlog NS: room for thousands of connections arriving at once.
netns_backlog() {
	ip netns exec "$1" sysctl -qw net.core.somaxconn=65535 &&
	    ip netns exec "$1" sysctl -qw net.ipv4.tcp_max_syn_backlog=65535
}

# tcpviz_dropped_root NSC: wait (at most 15 s) until `$TCPVIZ -i NSC`
# runs without root, that is, has opened its capture; sets pid. 1 if not.
# The oldest such process: the view's file writer (outfile.h) is its
# child, with the same command line, and keeps root.
tcpviz_dropped_root() {
	local i end=$((SECONDS + 15))
	for i in $(seq 1 150); do
		pid=$(pgrep -o -f "^$TCPVIZ -i $1( |$)")
		if [ -n "$pid" ] && [ -r "/proc/$pid/status" ] &&
		    ! grep -q '^Uid:	0	' "/proc/$pid/status" 2>/dev/null; then
			return 0
		fi
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.1
	done
	return 1
}
