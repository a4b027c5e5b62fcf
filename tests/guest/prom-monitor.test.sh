#!/bin/bash
# The emulated PROM's user face on the serial console (stdio), driven
# like a person would: the System Maintenance Menu, the Command Monitor
# (printenv, setenv, hinv, ls, help, boot -f), setenv surviving a
# restart through the NVRAM file, and AutoLoad booting OSLoader from
# SystemPartition. The program booted is our ARCS test program, put in
# the volume header of a disk image (tests/arcs/mkvh.py); it powers the
# machine off, so every run ends with mipsvz exiting 0.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

root=${MIPSVZ_ROOT:-.}
guest=$MIPSVZ_BUILD/guest/arcs
expect="python3 $root/tests/arcs/expect.py"
if [ ! -s "$guest/arcs-test.elf" ]; then
	skip prom "guest program not built (needs mips-linux-gnu-gcc: make arcs-guest)"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	skip prom "python3 missing"
	exit 0
fi
need_board prom indy
disk=$T_TMP/disk.img
python3 "$root/tests/arcs/mkvh.py" "$disk" 4 arcstest="$guest/arcs-test.elf" \
	ecofftst="$guest/arcs-test.ecoff" || { fail prom "mkvh.py failed"; exit 0; }
# the end of a log on one line (no line may start with PASS/FAIL)
tailmsg() { tail -c 400 "$1" 2>/dev/null | tr -d '\r' | tr '\n' '|'; }
vm=("$MIPSVZ" --board indy --memory 64M --serial stdio
    -s nvram="$T_TMP/nvram" --disk "$disk")

# First power-on: fresh NVRAM, AutoLoad=Yes but no sash on the disk.
t=menu-monitor
$expect 90 "$T_TMP/1.log" \
	-e 'NVRAM checksum is incorrect' \
	-e 'Unable to boot; press any key' -s 'x' \
	-e 'Enter Command Monitor' -e 'Option\? ' -s '5\r' \
	-e '>> ' -s 'printenv\r' \
	-e 'SystemPartition=scsi\(0\)disk\(1\)rdisk\(0\)partition\(8\)' \
	-e 'eaddr=08:00:69:' -e '>> ' -s 'hinv\r' \
	-e 'Memory size: 64 Mbytes' -e '>> ' -s 'ls\r' \
	-e 'arcstest' -e '>> ' -s 'setenv netaddr 192.168.7.9\r' \
	-e '>> ' -s 'setenv eaddr 01:02:03:04:05:06\r' \
	-e 'eaddr is read-only' -e '>> ' -s 'frobnicate\r' \
	-e 'Command not found' -e '>> ' -s 'help\r' \
	-e 'setenv \[-f\]' -e '>> ' \
	-s 'boot -f dksc(0,1,8)arcstest expect-argc=2\r' \
	-e 'ARCS-TEST-DONE pass=[0-9]+ fail=0' -- "${vm[@]}"
rc=$?
if [ $rc -eq 0 ]; then pass $t; else
	fail $t "status $rc: $(tailmsg "$T_TMP/1.log")"; fi

# Second power-on: the NVRAM file kept what was set (by the monitor and
# by the program: OSLoadOptions=arcstest); ECOFF from the volume header.
t=setenv-persists
$expect 90 "$T_TMP/2.log" \
	-e 'press any key' -s 'x' -e 'Option\? ' -s '5\r' \
	-e '>> ' -s 'printenv netaddr\r' -e 'netaddr=192.168.7.9' \
	-e '>> ' -s 'printenv OSLoadOptions\r' -e 'OSLoadOptions=arcstest' \
	-e '>> ' -s 'setenv OSLoader arcstest\r' \
	-e '>> ' -s 'setenv SystemPartition dksc(0,1,8)\r' \
	-e '>> ' -s 'boot -f scsi(0)disk(1)rdisk(0)partition(8)/ecofftst\r' \
	-e 'ARCS-TEST-DONE pass=[0-9]+ fail=0' -- "${vm[@]}"
rc=$?
if [ $rc -eq 0 ] && ! grep -q 'NVRAM checksum is incorrect' "$T_TMP/2.log"
then pass $t; else
	fail $t "status $rc: $(tailmsg "$T_TMP/2.log")"; fi

# Third power-on: AutoLoad boots SystemPartition/OSLoader, no input.
t=autoload
$expect 90 "$T_TMP/3.log" -e 'Starting up the system' \
	-e 'ARCS-TEST-DONE pass=[0-9]+ fail=0' -- "${vm[@]}"
rc=$?
if [ $rc -eq 0 ]; then pass $t; else
	fail $t "status $rc: $(tailmsg "$T_TMP/3.log")"; fi

# A corrupt NVRAM file is reset to defaults with a warning.
t=nvram-corrupt
if [ -s "$T_TMP/nvram" ]; then
	printf '\x55\x55\x55\x55' | dd of="$T_TMP/nvram" bs=1 seek=300 \
		conv=notrunc 2>/dev/null
	printf '\x55\x55\x55\x55' | dd of="$T_TMP/nvram" bs=1 seek=120 \
		conv=notrunc 2>/dev/null
fi
$expect 60 "$T_TMP/4.log" -e 'NVRAM checksum is incorrect' \
	-e 'press any key' -s 'x' -e 'Option\? ' -s '5\r' \
	-e '>> ' -s 'printenv OSLoader\r' -e 'OSLoader=sash' \
	-e '>> ' -s 'boot -f dksc(0,1,8)arcstest\r' \
	-e 'ARCS-TEST-DONE' -- "${vm[@]}"
rc=$?
if [ $rc -eq 0 ]; then pass $t; else
	fail $t "status $rc: $(tailmsg "$T_TMP/4.log")"; fi
