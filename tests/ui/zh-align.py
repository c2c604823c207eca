#!/usr/bin/env python3
# zh-align.py ENGLISH CHINESE COLS: is a Chinese frame aligned as the
# English one of the same step is? Every vertical rule that runs down the
# whole body of the English frame (the lifelines, the rule before the
# graph) must stand at the same display column in every body row of the
# Chinese frame; the Chinese frame must have Chinese in it, no row wider
# than COLS and no U+FFFD (a character cut in half). Widths as a terminal
# counts them: East Asian wide and fullwidth characters take two columns.
# Exit 0 if so; else one line saying where, exit 1.
import sys
import unicodedata


def cells(line):
    """Map display column -> character, and the row's width."""
    out, x = {}, 0
    for ch in line:
        out[x] = ch
        x += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return out, x


def rows(path):
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\n").split("\n")


RULES = "\u2502\u25cf"   # a lifeline, or a timer's bullet on it


def main():
    en, zh, width = rows(sys.argv[1]), rows(sys.argv[2]), int(sys.argv[3])
    if abs(len(en) - len(zh)) > 0 and min(len(en), len(zh)) < 10:
        sys.exit("%d rows, the English frame %d" % (len(zh), len(en)))
    if not any("\u4e00" <= ch <= "\u9fff" for l in zh for ch in l):
        sys.exit("no Chinese on the screen")
    for i, l in enumerate(zh):
        if "\ufffd" in l:
            sys.exit("row %d: U+FFFD (a cut character)" % (i + 1))
        if cells(l)[1] > width:
            sys.exit("row %d is %d columns wide" % (i + 1, cells(l)[1]))
    # The body: row 2 down to the rule above the narration.
    # At 24 rows or fewer there is no rule: the body ends at the first
    # row without a vertical line.
    ends = [i for i, l in enumerate(en) if l.startswith("\u2500" * 3)]
    if not ends:
        ends = [i for i, l in enumerate(en)
                if i > 0 and not any(ch in RULES for ch in l)][:1]
    if not ends:
        sys.exit("the English frame has no narration rule")
    body = range(1, ends[-1])
    ecells = [cells(en[i])[0] for i in body]
    rules = [x for x in range(width)
             if all(c.get(x, " ") in RULES for c in ecells)]
    if not rules:
        sys.exit("the English frame has no full-height rule")
    for x in rules:
        for i in body:
            if i >= len(zh) or cells(zh[i])[0].get(x, " ") not in RULES:
                sys.exit("row %d: no rule at column %d: %r" %
                         (i + 1, x, zh[i] if i < len(zh) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
