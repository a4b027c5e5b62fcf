#!/bin/bash
# `make test`'s share of differential testing (tests/diff/run.sh): a
# fixed seed so failures reproduce, 8 programs x 100 sequences per ABI
# (2 programs under a sanitizer build). `make fuzz-cpu` runs more.
. "$MIPSVZ_ROOT/tests/lib.sh"

if [ ! -x "$MIPSVZ_BUILD/mipsvz-user" ]; then
	skip diff "mipsvz-user not built"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	skip diff "python3 missing (make deps)"
	exit 0
fi
n=${MIPSVZ_DIFF_PROGS:-8}
[ -n "${MIPSVZ_SAN:-}" ] && n=2
"$MIPSVZ_ROOT/tests/diff/run.sh" "$MIPSVZ_BUILD" test "$n" 100
