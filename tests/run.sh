#!/bin/bash
# Runs every unit test binary and every test script, counts the
# PASS/FAIL/SKIP lines they print and ends with "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR   (TEST_ONLY=substring narrows the run)
# MIPSVZ_EXEC=qemu-mips64el-static runs the binaries of a cross build;
# MIPSVZ_UNIT_ONLY=1 skips the scripts.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
export MIPSVZ_BUILD=$(cd "$build" && pwd) MIPSVZ_ROOT=$root
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {	# name, command...
	local name=$1; shift
	local out rc
	out=$("$@" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP) ' | tee -a "$log"
	if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
		echo "FAIL $name: exited with status $rc" | tee -a "$log"
		printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
	elif printf '%s\n' "$out" | grep -q '^FAIL '; then
		printf '%s\n' "$out" | grep -vE '^(PASS|SKIP) ' | tail -30 |
			sed 's/^/    /'
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" ${MIPSVZ_EXEC:-} "$t"
done
unit_only=${MIPSVZ_UNIT_ONLY:-}
# Scripts run in an empty folder, so a mipsvz they start without -c does
# not pick up the repository's own appliance.conf.
scratch=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$scratch"' EXIT
cd "$scratch"
for t in "$root"/tests/*/*.test.sh; do
	[ -f "$t" ] && [ -z "${unit_only:-}" ] || continue
	if [ -n "${TEST_ONLY:-}" ] && [[ $t != *"$TEST_ONLY"* ]]; then
		continue
	fi
	run_one "$(basename "$t")" bash "$t"
done

pass=$(grep -c '^PASS ' "$log")
fail=$(grep -c '^FAIL ' "$log")
skip=$(grep -c '^SKIP ' "$log")
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
