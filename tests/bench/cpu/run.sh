#!/bin/bash
# CPU benchmark (issue 3): fixed work built with the cross compilers
# (-O2 -static), run under mipsvz-user and qemu-user in the same run.
# Prints per workload: guest instructions and MIPS (mipsvz-user --stats),
# wall time under both, and the time ratio. Not a pass/fail test; a
# workload whose output differs between the two is flagged.
#
#   tests/bench/cpu/run.sh BUILD_DIR [ABIS]     (default: o32le o32be)
set -u
build=$(cd "${1:?build dir}" && pwd)
abis=${2:-o32le o32be}
root=$(cd "$(dirname "$0")/../../.." && pwd)
. "$root/tests/lib-abi.sh"
user=$build/mipsvz-user
out=$build/guest/bench
mkdir -p "$out"
workloads="crc32 sort interp matmul"

if [ ! -x "$user" ]; then
	echo "bench-cpu: $user not built" >&2
	exit 1
fi

now() { date +%s.%N; }

printf "%-6s %-7s %9s %9s %9s %9s %10s\n" abi workload "insns(M)" \
	"MIPS" "ours(s)" "qemu(s)" "ours/qemu"
for abi in $abis; do
	cc=$(abi_cc "$abi")
	bin=$out/bench-$abi
	if ! "$cc-gcc" -O2 -static -o "$bin" "$root/tests/bench/cpu/bench.c"; then
		echo "bench-cpu: cannot build for $abi" >&2
		continue
	fi
	for w in $workloads; do
		t0=$(now)
		$(abi_qemu "$abi") "$bin" "$w" > "$out/q.out" 2>&1
		t1=$(now)
		"$user" --stats "$bin" "$w" > "$out/m.out" 2> "$out/m.err"
		t2=$(now)
		stats=$(grep 'stats:' "$out/m.err")
		insns=$(echo "$stats" | sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p')
		mips=$(echo "$stats" | sed -n 's/.*, \([0-9.]*\) MIPS.*/\1/p')
		flag=
		cmp -s "$out/q.out" "$out/m.out" || flag="  OUTPUT DIFFERS"
		awk -v a="$abi" -v w="$w" -v n="${insns:-0}" -v m="${mips:-0}" \
		    -v t0="$t0" -v t1="$t1" -v t2="$t2" -v f="$flag" 'BEGIN {
			q = t1 - t0; o = t2 - t1;
			printf "%-6s %-7s %9.1f %9.1f %9.3f %9.3f %9.2fx%s\n",
				a, w, n / 1e6, m, o, q, (q > 0 ? o / q : 0), f }'
	done
done
