#!/bin/bash
# community-id.sh: tcpviz's Community ID (v1, seed 0) against tshark's
# communityid dissector, per connection, on every capture in tests/pcap
# (IPv4 and IPv6). Both sides are keyed by the endpoint pair: every flow
# tshark hashes must be in --summary JSON with tshark's value, and the
# --transitions and --segments JSON must carry the same value for it.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

need_tcpviz
command -v tshark >/dev/null 2>&1 || skip "no tshark"
command -v python3 >/dev/null 2>&1 || skip "no python3"
# Debian 12's tshark (4.0) has the dissector, off by default.
tshark -G protocols 2>/dev/null | grep -q '	communityid$' ||
    skip "this tshark has no communityid dissector"

n=0
for f in tests/pcap/*.pcap tests/pcap/kernel/*.pcap; do
	tshark -n -r "$f" --enable-protocol communityid -Y tcp -T fields \
	    -E separator='|' -e ip.src -e ipv6.src -e tcp.srcport \
	    -e ip.dst -e ipv6.dst -e tcp.dstport -e communityid \
	    >"$TMPD/ts" 2>/dev/null || { fail "$f: tshark failed"; continue; }
	for mode in summary transitions segments; do
		if ! "$TCPVIZ" -r "$f" --"$mode" --format json \
		    >"$TMPD/$mode" 2>"$TMPD/err"; then
			fail "$f --$mode: $(head -1 "$TMPD/err")"
		fi
	done
	if out=$(python3 - "$TMPD" <<'PY'
import ipaddress, json, sys
d = sys.argv[1]

def key(a, pa, b, pb):
    x = (ipaddress.ip_address(a).packed, int(pa))
    y = (ipaddress.ip_address(b).packed, int(pb))
    return tuple(sorted((x, y)))

def split(ep):
    host, port = ep.rsplit(":", 1)
    return host.strip("[]"), port

ts = {}
for line in open(d + "/ts"):
    f = line.rstrip("\n").split("|")
    if len(f) != 7 or not f[6]:
        continue
    src = f[0] or f[1]
    dst = f[3] or f[4]
    ts.setdefault(key(src, f[2], dst, f[5]), set()).add(f[6])
bad = []
for k, v in ts.items():
    if len(v) != 1:
        bad.append("tshark gives %s for one flow" % sorted(v))
seen = {}
for mode, a, b in (("summary", "client", "server"),
                   ("transitions", "endpoint", "peer")):
    for line in open(d + "/" + mode):
        o = json.loads(line)
        k = key(*split(o[a]), *split(o[b]))
        seen.setdefault(mode, set()).add(k)
        want = ts.get(k)
        if want is None:
            bad.append("%s: %s/%s not in tshark" % (mode, o[a], o[b]))
        elif o["community_id"] not in want:
            bad.append("%s: %s/%s: %s, tshark %s" % (mode, o[a], o[b],
                       o["community_id"], sorted(want)))
for line in open(d + "/segments"):
    o = json.loads(line)
    k = key(o["src"], o["sport"], o["dst"], o["dport"])
    want = ts.get(k)
    if want is None or o["community_id"] not in want:
        bad.append("segments frame %s: %s, tshark %s" % (o["frame"],
                   o["community_id"], sorted(want or [])))
        break
for k in ts:
    if k not in seen.get("summary", set()):
        bad.append("tshark flow %s missing from --summary" % (k,))
print(len(ts))
for b in bad[:5]:
    print(b)
sys.exit(1 if bad else 0)
PY
	); then
		n=$((n + ${out%%$'\n'*}))
		ok
	else
		fail "$f: ${out#*$'\n'}"
	fi
done
[ "$n" -gt 0 ] && ok || fail "no connection compared"
echo "compared $n connections"
finish
