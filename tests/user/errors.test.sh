#!/bin/bash
# mipsvz-user refuses what it cannot run with one clear message and a
# non-zero status, and never crashes on a bad file.
. "$MIPSVZ_ROOT/tests/lib.sh"
. "$MIPSVZ_ROOT/tests/user/user-lib.sh"

if ! have_user; then
	skip errors "mipsvz-user not built"
	exit 0
fi

expect_output usage 2 'usage: mipsvz-user' -- "$USER_BIN"
expect_output help 0 'usage: mipsvz-user' -- "$USER_BIN" --help
expect_output bad-option 2 "unknown option '--bogus'" \
	-- "$USER_BIN" --bogus x
expect_output bad-trace 2 "unknown trace 'nope'" \
	-- "$USER_BIN" -d nope x
expect_output missing-file 1 'nosuchfile: No such file' \
	-- "$USER_BIN" "$T_TMP/nosuchfile"
printf '#!/bin/sh\necho hi\n' > "$T_TMP/script"
expect_output not-elf 1 'not an ELF' -- "$USER_BIN" "$T_TMP/script"
head -c 100 /bin/sh > "$T_TMP/host"
expect_output truncated 1 'mipsvz-user: .*(truncated|outside|not a MIPS)' \
	-- "$USER_BIN" "$T_TMP/host"
expect_output host-elf 1 'not a MIPS ELF' -- "$USER_BIN" /bin/sh
bin=$GUEST/user/hello-n64be
if [ -x "$bin" ]; then
	expect_output n64-on-32bit-cpu 1 'is 32-bit and cannot run' \
		-- "$USER_BIN" --cpu 24Kf "$bin"
	expect_output unknown-cpu 1 "unknown CPU model 'Z80'" \
		-- "$USER_BIN" --cpu Z80 "$bin"
	# every truncation of a real program fails cleanly
	ok=1
	for n in 10 52 64 200 1000 4096 100000; do
		head -c $n "$bin" > "$T_TMP/cut"
		timeout 20 "$USER_BIN" "$T_TMP/cut" >/dev/null 2>&1
		st=$?
		if [ $st -ne 1 ]; then
			fail "truncated-$n" "status $st"; ok=0
		fi
	done
	[ $ok = 1 ] && pass truncations
else
	skip n64-on-32bit-cpu "$bin not built"
fi
dyn=$T_TMP/dyn
if command -v mipsel-linux-gnu-gcc >/dev/null &&
   printf 'int main(void){return 0;}\n' |
   mipsel-linux-gnu-gcc -x c -o "$dyn" - 2>/dev/null; then
	expect_output dynamic 1 'dynamically linked' -- "$USER_BIN" "$dyn"
else
	skip dynamic "mipsel-linux-gnu-gcc cannot link a dynamic program"
fi
