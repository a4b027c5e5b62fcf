#!/bin/bash
# The ARCS firmware under a real guest: our bare-metal test program
# (tests/arcs/arcs-test.c) is loaded with --kernel as ELF32 and as ECOFF
# on the Indy and the Indigo2; it walks the component tree, reads the
# memory descriptors and environment, sets variables, writes through
# ARCS and checks GetSystemId/GetTime, then calls PowerDown: mipsvz must
# exit 0 with every check passed. Also: bad kernels are clear errors.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

guest=$MIPSVZ_BUILD/guest/arcs
if [ ! -s "$guest/arcs-test.elf" ]; then
	skip arcs-guest "guest program not built (needs mips-linux-gnu-gcc: make arcs-guest)"
	exit 0
fi
for b in indy indigo2; do
	if ! has_board $b; then
		skip arcs-guest-$b "this build has no $b board"
		continue
	fi
	for fmt in elf ecoff; do
		t=$b-$fmt
		out=$T_TMP/$t.log
		timeout 60 "$MIPSVZ" --board $b --memory 64M --serial stdio \
			-s nvram="$T_TMP/nvram-$b" \
			--kernel "$guest/arcs-test.$fmt" \
			--append "expect-argc=2" </dev/null >"$out" 2>&1
		rc=$?
		tr -d '\r' <"$out" >"$out.txt"
		if [ $rc -ne 0 ]; then
			fail $t "exit status $rc: $(tail -5 "$out.txt" | tr '\n' '|')"
		elif ! grep -q '^ARCS-TEST-DONE pass=[0-9]* fail=0$' "$out.txt"; then
			fail $t "guest checks failed: $(grep -E '^(FAIL|ARCS-TEST-DONE)' "$out.txt" | tr '\n' ' ')"
		elif [ "$(grep -c '^PASS ' "$out.txt")" -lt 30 ]; then
			fail $t "too few guest checks ran: $(tail -3 "$out.txt" | tr '\n' '|')"
		else
			pass $t
		fi
	done
done

b=indy
expect_output bad-kernel-text 1 'not a MIPS ELF or ECOFF executable' -- \
	"$MIPSVZ" --board $b --memory 64M --serial none \
	--kernel "${MIPSVZ_ROOT:-.}/tests/arcs/arcs-test.c"
expect_output bad-kernel-missing 1 'cannot open' -- \
	"$MIPSVZ" --board $b --memory 64M --serial none \
	--kernel "$T_TMP/no-such-kernel"
expect_output bad-kernel-too-big 1 'does not fit in RAM' -- \
	"$MIPSVZ" --board $b --memory 8M --serial none \
	--kernel "$guest/arcs-test.elf"
