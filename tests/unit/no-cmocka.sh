#!/bin/sh
# no-cmocka.sh: make check without cmocka (configure found none): the unit
# tests were not built, so this says so as a skip instead of passing quietly.
echo "SKIP: cmocka not found at configure time: the unit tests (tests/unit/test-*.c) were not built (Debian: apt-get install libcmocka-dev, then configure again)"
exit 77
