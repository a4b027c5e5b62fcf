#!/bin/bash
# The hand-written instruction tests (tests/cpu-asm/*.S) for each ABI:
# each must print "PASS <name>" and exit 0 under mipsvz-user; sig_* ones
# must end with the status in their EXPECT-STATUS line, as Linux would.
# Every test also runs under qemu-user, to check the test itself; the
# cases where qemu-user differs from Linux say so in the source
# (QEMU-STATUS) or are listed here.
. "$MIPSVZ_ROOT/tests/lib.sh"
. "$MIPSVZ_ROOT/tests/user/user-lib.sh"

# qemu-user does not clear LLbit across a system call (see the source)
qemu_fails="llsc_eret"

for src in "$MIPSVZ_ROOT"/tests/cpu-asm/*.S; do
	t=$(basename "$src" .S)
	want=$(sed -n 's/.*EXPECT-STATUS: \([0-9]*\).*/\1/p' "$src")
	qwant=$(sed -n 's/.*QEMU-STATUS: \([0-9]*\).*/\1/p' "$src")
	want=${want:-0}
	qwant=${qwant:-$want}
	for abi in $USER_ABIS; do
		bin=$GUEST/cpu-asm/$t-$abi
		name=$t-$abi
		if [ ! -x "$bin" ]; then
			skip "$name" "$bin not built"; continue
		fi
		if abi_have_qemu "$abi" && [[ " $qemu_fails " != *" $t "* ]]; then
			st=$(run_capture "$T_TMP/q.out" -- \
				$(abi_qemu "$abi") "$bin")
			if [ "$st" != "$qwant" ]; then
				fail "qemu-$name" "status $st (want $qwant): $(cat "$T_TMP/q.out" "$T_TMP/q.out.err" | head -3)"
			else
				pass "qemu-$name"
			fi
		fi
		if ! have_user; then
			skip "$name" "mipsvz-user not built"; continue
		fi
		st=$(run_capture "$T_TMP/m.out" -- "$USER_BIN" "$bin")
		if [ "$st" != "$want" ]; then
			fail "$name" "status $st (want $want): $(cat "$T_TMP/m.out" "$T_TMP/m.out.err" | head -3)"
		elif [ "$want" = 0 ] && ! grep -q "^PASS $t\$" "$T_TMP/m.out"; then
			fail "$name" "no PASS line: $(head -3 "$T_TMP/m.out")"
		else
			pass "$name"
		fi
	done
done

# A Release 2 instruction on a MIPS III CPU is a Reserved Instruction:
# the program dies with SIGILL like under Linux on such a CPU.
for abi in o32be n64le; do
	bin=$GUEST/cpu-asm/r2only-$abi
	if ! have_user || [ ! -x "$bin" ]; then
		skip "r2-on-r4400-$abi" "mipsvz-user or $bin not built"
		continue
	fi
	expect_output "r2-on-r4400-$abi" 132 'Illegal instruction' \
		-- "$USER_BIN" --cpu R4400 "$bin"
done
