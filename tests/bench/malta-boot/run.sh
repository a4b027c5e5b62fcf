#!/bin/bash
# Malta boot benchmark (`make bench-malta`): the same Debian 4kc-malta
# kernel and initramfs on mipsvz and on qemu-system-mipsel -M malta, one
# after the other. Reports wall time from process start to the
# MIPSVZ-INIT-OK marker and to power-off, the guest-timed CPU workloads of
# images/malta/tests/bench.sh, and the mipsvz/QEMU ratios. Informative
# only: it never fails on speed.
# Usage: run.sh [BUILD_DIR]   (env: BENCH_TIMEOUT seconds per run, 600)
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/../../.." && pwd)
img=$root/images/malta/out
mipsvz=$build/mipsvz
limit=${BENCH_TIMEOUT:-600}
append="console=ttyS0 mipsvz.test=bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$img/vmlinuz" ]; then
	echo "bench-malta: no images (make malta-images)" >&2
	exit 1
fi

# run NAME command...: timestamps each console line (seconds since
# start) into $tmp/NAME.log.
run() {
	local name=$1
	shift
	local t0
	t0=$(date +%s.%N)
	timeout "$limit" "$@" < /dev/null 2>&1 | while IFS= read -r line; do
		printf '%s %s\n' "$(date +%s.%N)" "$line"
	done | tr -d '\r' | awk -v t0="$t0" '{ $1 = sprintf("%.2f", $1 - t0); print }' \
		> "$tmp/$name.log"
	awk -v t0="$t0" -v t1="$(date +%s.%N)" \
		'BEGIN { printf "%.2f\n", t1 - t0 }' > "$tmp/$name.total"
}

marker_time() {	# log -> seconds to MIPSVZ-INIT-OK, or "-"
	awk '$2 == "MIPSVZ-INIT-OK" { print $1; found = 1; exit }
	     END { if (!found) print "-" }' "$1"
}

bench_value() {	# log name -> centiseconds
	awk -v n="$2" '$2 == "MIPSVZ-BENCH" && $3 == n { print $4; exit }' "$1"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || a == "" || b + 0 == 0) print "-";
		else printf "%.1f\n", a / b }'
}

echo "Malta boot: $(grep kver "$img/MANIFEST" | cut -d' ' -f2), 256 MiB"
# -c /dev/null: not the Indy appliance.conf of the tree (its cpu setting).
run mipsvz "$mipsvz" -c /dev/null --board malta --memory 256 --serial stdio \
	--kernel "$img/vmlinuz" --initrd "$img/initrd.gz" --append "$append"
if command -v qemu-system-mipsel > /dev/null; then
	run qemu qemu-system-mipsel -M malta -cpu 24Kf -m 256 -nographic \
		-no-reboot -kernel "$img/vmlinuz" -initrd "$img/initrd.gz" \
		-append "$append"
else
	echo "(qemu-system-mipsel not installed: Debian qemu-system-mips)"
	: > "$tmp/qemu.log"
	echo - > "$tmp/qemu.total"
fi

mv=$(marker_time "$tmp/mipsvz.log")
qv=$(marker_time "$tmp/qemu.log")
printf '%-24s %10s %10s %8s\n' "" mipsvz qemu ratio
printf '%-24s %10s %10s %8s\n' "wall s to /init marker" "$mv" "$qv" \
	"$(ratio "$mv" "$qv")"
printf '%-24s %10s %10s %8s\n' "wall s to power-off" \
	"$(cat "$tmp/mipsvz.total")" "$(cat "$tmp/qemu.total")" \
	"$(ratio "$(cat "$tmp/mipsvz.total")" "$(cat "$tmp/qemu.total")")"
for b in shell-loop sha256-4MiB gzip-busybox; do
	m=$(bench_value "$tmp/mipsvz.log" $b)
	q=$(bench_value "$tmp/qemu.log" $b)
	printf '%-24s %10s %10s %8s\n' "guest cs: $b" "${m:--}" "${q:--}" \
		"$(ratio "${m:--}" "${q:--}")"
done
if ! grep -q 'MIPSVZ-DONE' "$tmp/mipsvz.log"; then
	echo "mipsvz did not finish; last lines:"
	tail -5 "$tmp/mipsvz.log"
fi
