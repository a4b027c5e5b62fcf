#!/bin/bash
# Static glibc programs built by each of Debian's four MIPS cross
# compilers (mk/user.mk) must behave under mipsvz-user exactly as under
# qemu-*-static: same stdout, same exit status.
. "$MIPSVZ_ROOT/tests/lib.sh"
. "$MIPSVZ_ROOT/tests/user/user-lib.sh"

# name args...: the program's own arguments (a tmp dir for file)
cases=("hello" "hello one two" "float" "malloc" "file" "abort")

for abi in $USER_ABIS; do
	for c in "${cases[@]}"; do
		set -- $c
		prog=$1; shift
		name="$prog${1:+-args}-$abi"
		bin=$GUEST/user/$prog-$abi
		args=("$@")
		if [ "$prog" = file ]; then
			args=("$T_TMP/$name-q")
			mkdir -p "$T_TMP/$name-q" "$T_TMP/$name-m"
		fi
		if ! have_user; then
			skip "$name" "mipsvz-user not built"; continue
		elif [ ! -x "$bin" ]; then
			skip "$name" "$bin not built (cross compiler missing?)"
			continue
		elif ! abi_have_qemu "$abi"; then
			skip "$name" "no $(abi_qemu "$abi")"; continue
		fi
		qst=$(run_capture "$T_TMP/q.out" -- $(abi_qemu "$abi") \
			"$bin" "${args[@]}")
		[ "$prog" = file ] && args=("$T_TMP/$name-m")
		mst=$(run_capture "$T_TMP/m.out" -- "$USER_BIN" "$bin" \
			"${args[@]}")
		if [ "$qst" != "$mst" ]; then
			fail "$name" "exit status $mst, qemu $qst; stderr: $(head -c 300 "$T_TMP/m.out.err")"
		elif ! cmp -s "$T_TMP/q.out" "$T_TMP/m.out"; then
			fail "$name" "stdout differs from qemu: $(diff "$T_TMP/q.out" "$T_TMP/m.out" | head -8)"
		elif [ ! -s "$T_TMP/m.out" ]; then
			fail "$name" "no output"
		else
			pass "$name"
		fi
	done
done

# --stats and -d syscall
bin=$GUEST/user/hello-o32le
if have_user && [ -x "$bin" ]; then
	expect_output stats 0 'stats: [0-9]+ instructions in [0-9.]+ s, [0-9.]+ MIPS' \
		-- "$USER_BIN" --stats "$bin"
	expect_output trace-syscall 0 'syscall: (write|writev)\(0x1, ' \
		-- "$USER_BIN" -d syscall "$bin"
	expect_output trace-enosys 0 'syscall: rseq\(.*\) = -1 errno 89 ' \
		-- "$USER_BIN" -d syscall "$bin"
else
	skip stats "mipsvz-user or $bin not built"
fi
