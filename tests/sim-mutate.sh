#!/bin/bash
# sim-mutate.sh: flip, delete and duplicate bytes and lines of the shipped
# scenarios; the binary (built with sanitizers in CI) must never crash:
# every run exits 0, 1 or 2, and a rejected file names file:line:column.
. "${top_srcdir:-.}/tests/lib.sh"

need_tcpviz
dir="$top_srcdir/assets/scenarios"
ls "$dir"/*.scn > /dev/null 2>&1 || { fail "no scenarios in $dir"; finish; }
runs=0
crashes=0
python3 - "$dir" "$TMPD" <<'PY' || { fail "mutator failed"; finish; }
import os, random, sys
src, out = sys.argv[1], sys.argv[2]
rnd = random.Random(4)
k = 0
for name in sorted(os.listdir(src)):
    if not name.endswith(".scn"):
        continue
    data = open(os.path.join(src, name), "rb").read()
    for i in range(12):
        b = bytearray(data)
        op = i % 6
        if op == 0:                      # flip a byte
            p = rnd.randrange(len(b))
            b[p] ^= 1 << rnd.randrange(8)
        elif op == 1:                    # delete a byte
            del b[rnd.randrange(len(b))]
        elif op == 2:                    # duplicate a byte run
            p = rnd.randrange(len(b))
            b[p:p] = b[p:p + rnd.randrange(1, 8)]
        else:                            # delete, duplicate or swap lines
            lines = bytes(b).split(b"\n")
            p = rnd.randrange(len(lines))
            if op == 3:
                del lines[p]
            elif op == 4:
                lines.insert(p, lines[rnd.randrange(len(lines))])
            else:
                q = rnd.randrange(len(lines))
                lines[p], lines[q] = lines[q], lines[p]
            b = bytearray(b"\n".join(lines))
        k += 1
        open(os.path.join(out, "m%04d.scn" % k), "wb").write(bytes(b))
PY
for f in "$TMPD"/m*.scn; do
	runs=$((runs + 1))
	timeout 30 "$TCPVIZ" -q demo "$f" --transitions > /dev/null 2> "$TMPD/err"
	rc=$?
	case $rc in
	0|1) ;;
	2)	if ! grep -q "^tcpviz: $f:[0-9]*:[0-9]*: " "$TMPD/err"; then
			fail "$(basename "$f"): exit 2 without file:line:column: $(head -1 "$TMPD/err")"
		fi ;;
	*)	crashes=$((crashes + 1))
		cp "$f" "$TMPD/crash-$(basename "$f")"
		fail "$(basename "$f"): exit $rc: $(head -3 "$TMPD/err")" ;;
	esac
done
[ "$runs" -gt 100 ] && ok || fail "only $runs mutants ran"
[ "$crashes" -eq 0 ] && ok
finish
