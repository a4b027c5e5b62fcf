#!/bin/bash
# Differential CPU testing: random instruction sequences (gen.py) run
# under mipsvz-user and qemu-user must leave identical state.
#
#   tests/diff/run.sh BUILD_DIR SEED NPROGS [PER_PROG] [ABIS]
#
# Builds NPROGS programs per ABI (seeds SEED-0 .. SEED-<NPROGS-1>), each
# holding PER_PROG sequences (default 100), runs both emulators on each
# and prints one PASS/FAIL line per program plus a per-ABI count. On a
# mismatch it prints how to regenerate the program, the first differing
# sequence's state lines, and that sequence disassembled.
set -u
build=$(cd "${1:?build dir}" && pwd)
seed=${2:?seed}
nprogs=${3:?number of programs}
per=${4:-100}
abis=${5:-o32be o32le n64be n64le}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib-abi.sh"
user=$build/mipsvz-user
work=$build/guest/diff
mkdir -p "$work"

abi_flags() {
	case $1 in
	o32*) echo "-march=mips32r2 -mabi=32 -mfp32" ;;
	n64*) echo "-march=mips64r2 -mabi=64" ;;
	esac
}

# Show the first sequence whose state differs.
report() {	# abi prog_seed elf qemu_out our_out
	local abi=$1 ps=$2 elf=$3 q=$4 m=$5 line k cc
	line=$(cmp "$q" "$m" 2>/dev/null | sed -n 's/.* line \([0-9]*\)$/\1/p')
	if [ -z "$line" ]; then
		echo "    outputs differ in length (one run died?)"
		line=$(( $(wc -l < "$m") + 1 ))
	fi
	k=$(head -n "$line" "$q" | grep '^seq ' | tail -1 | cut -d' ' -f2)
	cc=$(abi_cc "$abi")
	echo "    seed $ps sequence $k; alone: tests/diff/gen.py --seed $ps" \
		"--only $k --abi ${abi%??}"
	echo "    first difference (< qemu, > mipsvz-user):"
	diff <(awk -v k="$k" '$1=="seq"{on=($2==k)} on' "$q") \
	     <(awk -v k="$k" '$1=="seq"{on=($2==k)} on' "$m") |
		head -20 | sed 's/^/    /'
	echo "    sequence $k (after loading its initial state):"
	"$cc-objdump" -d --disassemble="seq_$k" "$elf" 2>/dev/null |
		awk 'go { print "    " $0 } /\tl[wd]\tra,[0-9]+\(ra\)$/ { go = 1 }' |
		head -90
}

for abi in $abis; do
	cc=$(abi_cc "$abi")
	if ! command -v "$cc-gcc" >/dev/null; then
		echo "SKIP diff/$abi: no $cc-gcc"
		continue
	fi
	if ! abi_have_qemu "$abi"; then
		echo "SKIP diff/$abi: no $(abi_qemu "$abi" | cut -d' ' -f1)"
		continue
	fi
	npass=0
	for ((p = 0; p < nprogs; p++)); do
		ps=$seed-$p
		base=$work/$abi-$ps
		name=diff/$abi-seed$ps
		if ! python3 "$root/tests/diff/gen.py" --seed "$ps" \
			--count "$per" --abi "${abi%??}" > "$base.S"; then
			echo "FAIL $name: generator failed"; continue
		fi
		if ! "$cc-gcc" -O1 -static $(abi_flags "$abi") -o "$base" \
			"$root/tests/diff/harness.c" \
			"$root/tests/diff/harness.S" "$base.S" \
			> "$base.log" 2>&1; then
			echo "FAIL $name: does not assemble:"
			head -5 "$base.log" | sed 's/^/    /'
			continue
		fi
		timeout 120 $(abi_qemu "$abi") "$base" > "$base.qemu" 2>&1
		qst=$?
		if [ $qst -ne 0 ]; then
			echo "FAIL $name: qemu exited $qst (generator bug?):"
			tail -3 "$base.qemu" | sed 's/^/    /'
			continue
		fi
		timeout 120 "$user" "$base" > "$base.ours" 2>&1
		st=$?
		if [ $st -eq 0 ] && cmp -s "$base.qemu" "$base.ours"; then
			echo "PASS $name ($per sequences)"
			npass=$((npass + per))
			rm -f "$base.S" "$base" "$base.log" "$base.qemu" \
				"$base.ours"
		else
			echo "FAIL $name: mipsvz-user exited $st, output" \
				"differs from qemu-user"
			[ $st -ne 0 ] && tail -2 "$base.ours" | sed 's/^/    /'
			report "$abi" "$ps" "$base" "$base.qemu" "$base.ours"
		fi
	done
	echo "diff: $abi: $npass of $((nprogs * per)) sequences match qemu"
done
