#!/bin/bash
# The FPU against QEMU, live: random COP1/COP1X instructions (gen.py) run
# one at a time under qemu-user (runner.c, a static MIPS program) and by
# vmm/cpu/fpu.c (host.c) must leave the same FPRs and FCSR, or trap the
# same way. Configurations: 24Kf with FR=0 and FR=1 (o32), and
# MIPS64R2-generic (n64, with paired single). SKIPs without the cross
# compilers or qemu-user. MIPSVZ_FPU_DIFF_N sets the count per config.
. "$MIPSVZ_ROOT/tests/lib.sh"

n=${MIPSVZ_FPU_DIFF_N:-1500}
[ -n "${MIPSVZ_SAN:-}" ] && n=300
src=$MIPSVZ_ROOT/tests/fpu
cc=${CC:-cc}

if ! command -v python3 >/dev/null || ! command -v "$cc" >/dev/null; then
	skip setup "python3 or a host compiler missing (make deps)"
	exit 0
fi
if ! $cc -O1 -std=gnu11 -I"$MIPSVZ_ROOT" -o "$T_TMP/host" "$src/host.c" \
	"$MIPSVZ_ROOT"/vmm/cpu/fpu.c "$MIPSVZ_ROOT"/vmm/cpu/fpu_*.c 2>"$T_TMP/err"; then
	fail setup "host driver does not build: $(head -5 "$T_TMP/err")"
	exit 0
fi

# name gcc march/flags qemu fr abi isa fir
run_config() {
	local name=$1 gcc=$2 flags=$3 qemu=$4 fr=$5 abi=$6 isa=$7 fir=$8
	local seed=$((0x$(printf '%s' "$name" | md5sum | cut -c1-6)))

	if ! command -v "$gcc" >/dev/null || ! command -v "${qemu%% *}" >/dev/null; then
		skip "$name" "$gcc or ${qemu%% *} missing (make deps)"
		return
	fi
	if ! $gcc -O1 -static $flags -o "$T_TMP/run-$name" "$src/runner.c" \
		2>"$T_TMP/err"; then
		fail "$name" "runner does not build: $(head -5 "$T_TMP/err")"
		return
	fi
	python3 "$src/gen.py" "$seed" "$n" "$fr" "$abi" > "$T_TMP/in-$name"
	$qemu "$T_TMP/run-$name" "$fr" < "$T_TMP/in-$name" > "$T_TMP/q-$name"
	"$T_TMP/host" "$fr" "$isa" 0 "$fir" < "$T_TMP/in-$name" > "$T_TMP/h-$name"
	if [ "$(wc -l < "$T_TMP/q-$name")" -ne "$n" ]; then
		fail "$name" "qemu run ended early: $(tail -1 "$T_TMP/q-$name")"
		return
	fi
	local line
	line=$(cmp "$T_TMP/q-$name" "$T_TMP/h-$name" 2>&1 |
		sed -n 's/.* line \([0-9]*\)$/\1/p')
	if [ -n "$line" ]; then
		fail "$name" "line $line (seed $seed) differs:
    in:   $(sed -n "${line}p" "$T_TMP/in-$name" | cut -c1-120)
    qemu: $(sed -n "${line}p" "$T_TMP/q-$name" | cut -c1-120)
    ours: $(sed -n "${line}p" "$T_TMP/h-$name" | cut -c1-120)"
		return
	fi
	if ! cmp -s "$T_TMP/q-$name" "$T_TMP/h-$name"; then
		fail "$name" "outputs differ in length"
		return
	fi
	pass "$name"
}

# isa: enum isa_level (2 = MIPS32R2, 3 = MIPS64R2); fir as the models
run_config 24kf-fr0 mipsel-linux-gnu-gcc "-march=mips32r2 -mfp32" \
	"qemu-mipsel-static -cpu 24Kf" 0 o32 2 00f39300
run_config 24kf-fr1 mipsel-linux-gnu-gcc "-march=mips32r2 -mfp64" \
	"qemu-mipsel-static -cpu 24Kf" 1 o32 2 00f39300
run_config mips64r2-generic mips64el-linux-gnuabi64-gcc "-march=mips64r2" \
	"qemu-mips64el-static -cpu MIPS64R2-generic" 1 n64 3 00fc0000
