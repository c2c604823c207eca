#!/bin/bash
# po-check.sh: the Chinese catalogue is complete and well formed.
# msgfmt --check passes on po/zh_CN.po; the strings the sources mark
# (xgettext over po/POTFILES.in, with po/Makevars' keywords) merged into
# it leave no entry untranslated or fuzzy, so a new _() string without its
# translation fails here; every source file with a _() or N_() is listed
# in POTFILES.in; and each translated format keeps its conversions.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

for t in msgfmt xgettext msgmerge msgattrib; do
	command -v "$t" >/dev/null 2>&1 ||
	    skip "$t is not installed (Debian: apt-get install gettext)"
done
PO=po/zh_CN.po

# 1. Well formed, formats included (msgfmt -c checks c-format entries).
if msgfmt --check --check-format -o /dev/null "$PO" 2>"$TMPD/fmt"; then
	ok
else
	fail "msgfmt --check $PO: $(head -3 "$TMPD/fmt")"
fi

# 2. The sources' strings against the catalogue.
keywords=$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' po/Makevars | tr -d '\\')
grep -v '^#' po/POTFILES.in | grep . >"$TMPD/files"
# shellcheck disable=SC2086
if ! xgettext $keywords --language=C -o "$TMPD/tcpviz.pot" \
    -f "$TMPD/files" 2>"$TMPD/xg"; then
	fail "xgettext: $(head -3 "$TMPD/xg")"
	finish
fi
if [ "$(grep -c '^msgid ' "$TMPD/tcpviz.pot")" -lt 100 ]; then
	fail "xgettext found almost nothing (the test cannot fail)"
fi
msgmerge --quiet --no-fuzzy-matching -o "$TMPD/merged.po" "$PO" \
    "$TMPD/tcpviz.pot" 2>"$TMPD/mm" || fail "msgmerge: $(head -3 "$TMPD/mm")"
untrans=$(msgattrib --untranslated --no-obsolete "$TMPD/merged.po" |
    grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$TMPD/merged.po" |
    grep -c '^msgid ' || true)
# msgattrib prints the header entry with the others: not a message.
[ "$untrans" -gt 0 ] && untrans=$((untrans - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untrans" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
	ok
else
	fail "$PO: $untrans untranslated, $fuzzy fuzzy; run" \
	    "'make -C po update-po' and translate:"
	msgattrib --untranslated --no-obsolete "$TMPD/merged.po" |
	    grep '^msgid ' | sed -n '2,11p'
fi
obsolete=$(msgattrib --only-obsolete "$TMPD/merged.po" | grep -c '^#~ msgid' ||
    true)
[ "$obsolete" -eq 0 ] && ok ||
    fail "$PO: $obsolete entries no source uses any more (remove them)"

# 3. Every source that marks strings is in POTFILES.in.
missing=""
for f in $(grep -lE '\b(N_|_)\("' src/*.c include/*.h); do
	case $f in include/i18n.h) continue ;; esac
	grep -qx "$f" "$TMPD/files" || missing="$missing $f"
done
[ -z "$missing" ] && ok || fail "not in po/POTFILES.in:$missing"
finish
