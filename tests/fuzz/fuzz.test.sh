#!/bin/bash
# A short smoke run of each libFuzzer target (`make fuzz` runs them for
# real); SKIP when clang could not build them.
. "$(dirname "$0")/../lib.sh"
B=${MIPSVZ_BUILD:-build}
for f in chd volhdr scsi_cdb; do
	bin=$B/fuzz/fuzz_$f
	if [ ! -x "$bin" ]; then
		skip "$f" "not built (needs clang with libFuzzer)"
		continue
	fi
	if out=$(timeout 120 "$bin" -runs=3000 -max_len=8192 \
		-artifact_prefix="$T_TMP/" 2>&1); then
		pass "$f"
	else
		fail "$f" "$(printf '%s' "$out" | tail -5)"
	fi
done
