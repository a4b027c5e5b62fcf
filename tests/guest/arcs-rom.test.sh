#!/bin/bash
# firmware = "rom": our own 512 KB PROM image (tests/arcs/rom-test.S)
# runs from the reset vector on the Indy and the Indigo2: cache init with
# CACHE ops, the Z85C30 console programmed and polled directly, memory
# sized from MC MEMCFG and tested, power-off through the IOC panel.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

rom=$MIPSVZ_BUILD/guest/arcs/rom-test.bin
if [ ! -s "$rom" ]; then
	skip arcs-rom "test PROM not built (needs mips-linux-gnu-gcc: make arcs-guest)"
	exit 0
fi
for b in indy indigo2; do
	if ! has_board $b; then
		skip rom-$b "this build has no $b board"
		continue
	fi
	timeout 60 "$MIPSVZ" --board $b --memory 64M --serial stdio \
		-s firmware=rom -s rom="$rom" </dev/null >"$T_TMP/$b.log" 2>&1
	rc=$?
	miss=
	for want in 'caches initialised' 'memory 64 MB in MEMCFG' \
		    'RAM pattern ok' 'ROM-TEST-DONE'; do
		grep -q "$want" "$T_TMP/$b.log" || miss="$miss '$want'"
	done
	if [ $rc -ne 0 ] || [ -n "$miss" ]; then
		fail rom-$b "exit $rc, missing$miss: $(tail -3 "$T_TMP/$b.log" | tr '\r\n' '  ')"
	else
		pass rom-$b
	fi
done
expect_output rom-wrong-size 1 'exactly 524288 bytes' -- \
	"$MIPSVZ" --board indy --memory 64M --serial none \
	-s firmware=rom -s rom="${MIPSVZ_ROOT:-.}/tests/arcs/rom-test.S"
