#!/bin/bash
# CPU benchmark (issue 3): fixed work built with the cross compilers
# (-O2 -static), run under mipsvz-user and qemu-user in the same run.
# Prints per workload: guest instructions (mipsvz-user --stats) and MIPS
# (over our wall time), wall time under both (the best of REPS runs
# each, default 3: the host is shared and noisy), the time ratio and our
# speed as a fraction of qemu-user's. Not a pass/fail test; a workload
# whose output differs between the two is flagged.
#
#   [REPS=n] tests/bench/cpu/run.sh BUILD_DIR [ABIS]   (default: o32le o32be)
set -u
build=$(cd "${1:?build dir}" && pwd)
abis=${2:-o32le o32be}
root=$(cd "$(dirname "$0")/../../.." && pwd)
. "$root/tests/lib-abi.sh"
user=$build/mipsvz-user
out=$build/guest/bench
mkdir -p "$out"
workloads="crc32 sort interp matmul"
reps=${REPS:-3}

if [ ! -x "$user" ]; then
	echo "bench-cpu: $user not built" >&2
	exit 1
fi

now() { date +%s.%N; }

printf "%-6s %-7s %9s %9s %9s %9s %10s %7s\n" abi workload "insns(M)" \
	"MIPS" "ours(s)" "qemu(s)" "ours/qemu" "speed"
for abi in $abis; do
	cc=$(abi_cc "$abi")
	bin=$out/bench-$abi
	if ! "$cc-gcc" -O2 -static -o "$bin" "$root/tests/bench/cpu/bench.c"; then
		echo "bench-cpu: cannot build for $abi" >&2
		continue
	fi
	for w in $workloads; do
		q=; o=; flag=
		for _ in $(seq "$reps"); do
			t0=$(now)
			$(abi_qemu "$abi") "$bin" "$w" > "$out/q.out" 2>&1
			t1=$(now)
			"$user" --stats "$bin" "$w" > "$out/m.out" 2> "$out/m.err"
			t2=$(now)
			q=$(awk -v a="$t0" -v b="$t1" -v m="$q" 'BEGIN {
				d = b - a; print (m == "" || d < m) ? d : m }')
			o=$(awk -v a="$t1" -v b="$t2" -v m="$o" 'BEGIN {
				d = b - a; print (m == "" || d < m) ? d : m }')
			cmp -s "$out/q.out" "$out/m.out" || flag="  OUTPUT DIFFERS"
		done
		stats=$(grep 'stats:' "$out/m.err")
		insns=$(echo "$stats" | sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p')
		awk -v a="$abi" -v w="$w" -v n="${insns:-0}" -v q="$q" -v o="$o" \
		    -v f="$flag" 'BEGIN {
			printf "%-6s %-7s %9.1f %9.1f %9.3f %9.3f %9.2fx %6.2fx%s\n",
				a, w, n / 1e6, (o > 0 ? n / o / 1e6 : 0), o, q,
				(q > 0 ? o / q : 0), (o > 0 ? q / o : 0), f }'
	done
done
