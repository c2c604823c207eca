#!/bin/bash
# tmux-filter.sh: y on a connection (issue 17). The status row shows the
# Wireshark display filter and the BPF filter; the display filter reaches
# the clipboard by OSC 52 (tmux's paste buffer with set-clipboard on);
# and, on captures with several connections between the same hosts, IPv4
# and IPv6, tshark -Y with the display filter and tcpdump -r with the BPF
# filter select exactly the frames of the connection in the ladder's
# header (its 4-tuple, both directions), not one more or less. An address
# filter cannot tell incarnations of one reused 4-tuple apart: in
# tw-reuse.pcap it selects both (tshark's tcp.stream 0 and 1), which is
# what this test expects there and what tcpviz.1 says.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
command -v tshark >/dev/null 2>&1 || skip "tshark is not installed"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump is not installed"
need_tcpviz
. "$top_srcdir/tests/ui/tmux-lib.sh"

# frames F ARGS...: the frame numbers tshark prints for ARGS, one a line.
frames() {
	local f=$1
	shift
	tshark -n -r "$f" "$@" -T fields -e frame.number 2>/dev/null
}

for pcap in tests/pcap/kernel/many.pcap tests/pcap/kernel/ipv6.pcap \
    tests/pcap/kernel/tw-reuse.pcap; do
	start 250 30 "$TCPVIZ" -r "$top_srcdir/$pcap"
	# A file of many connections opens on the list: Enter opens its
	# first row (elsewhere Enter does nothing).
	keys Enter
	wait_for "client [0-9[]" || fail "$pcap: no ladder header"
	T set-option -g set-clipboard on
	keys y
	wait_for "copied" || { fail "$pcap: y showed nothing"; continue; }
	pane
	line=$(grep -a -o 'copied (OSC 52): .*' "$TMPD/pane" | sed 's/  *? help.*//')
	disp=$(printf '%s\n' "$line" | sed 's/^copied (OSC 52): //; s/  BPF: .*//')
	bpf=$(printf '%s\n' "$line" | sed 's/.*  BPF: //; s/ *$//')
	# The ladder header names the connection: its 4-tuple's stream.
	cl=$(grep -a -o 'client [^ ]*' "$TMPD/pane" | head -1 | cut -d' ' -f2)
	sv=$(grep -a -o 'server [^ │|]*' "$TMPD/pane" | head -1 | cut -d' ' -f2)
	buf=$(T show-buffer 2>/dev/null)
	quit "$pcap"
	if [ "$buf" = "$disp" ]; then ok; else
		fail "$pcap: clipboard '$buf', status row '$disp'"; fi
	ca=${cl%:*} cp=${cl##*:} sa=${sv%:*} sp=${sv##*:}
	ca=${ca#[} ca=${ca%]} sa=${sa#[} sa=${sa%]}
	ip=ip
	case $ca in *:*) ip=ipv6 ;; esac
	# Both directions of the 4-tuple, ports on their own side.
	want=$(frames "$pcap" -Y "($ip.src==$ca && tcp.srcport==$cp &&
	    $ip.dst==$sa && tcp.dstport==$sp) || ($ip.src==$sa &&
	    tcp.srcport==$sp && $ip.dst==$ca && tcp.dstport==$cp)")
	got=$(frames "$pcap" -Y "$disp")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then ok; else
		fail "$pcap: -Y '$disp': $(echo $got) want $(echo $want)"; fi
	# tcpdump's count of the BPF filter, and the frames it keeps.
	tcpdump -n -r "$pcap" -w "$TMPD/bpf.pcap" "$bpf" 2>/dev/null ||
	    fail "$pcap: tcpdump rejects '$bpf'"
	nw=$(echo "$want" | wc -l)
	ng=$(frames "$TMPD/bpf.pcap" | wc -l)
	all=$(frames "$pcap" | wc -l)
	if [ "$ng" -eq "$nw" ]; then ok; else
		fail "$pcap: BPF '$bpf' kept $ng frames, want $nw of $all"; fi
	case $pcap in *many*) [ "$all" -gt "$nw" ] && ok ||
	    fail "$pcap: one connection only, the test proves nothing" ;; esac
done

# The help panel (?) shows both filters where it has the rows, 120x48.
start 120 48 "$TCPVIZ" -r "$top_srcdir/tests/pcap/kernel/ipv6.pcap"
keys '?'
wait_for "BPF" || fail "help at 120x48: no BPF filter"
pane
has "Wireshark: ipv6.addr==fd00:213::1 && tcp.port==40001 &&" "help"
has "BPF: host fd00:213::1 and host fd00:213::2 and tcp port 40001" "help"
# q closes the help, the next q quits.
keys q
wait_gone "BPF"
quit "help"
finish
