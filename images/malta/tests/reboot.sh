#!/bin/sh
# Guest reset round trip (tests/guest/malta-reboot.test.sh): the first
# boot leaves a mark in the RTC's CMOS RAM (which survives a board reset)
# and reboots with `reboot -f` (Debian's kernel: syscon-reboot writes 0x42
# to the FPGA's SOFTRES); the second boot finds the mark, clears it and
# reports. CMOS byte 0x7e is reached through /dev/mem at the PCI I/O
# window: ports 0x70 (index) and 0x71 (data) at 0x18000070/0x18000071.
cmos() {	# index [value]
	devmem 0x18000070 8 "$1"
	if [ $# -gt 1 ]; then
		devmem 0x18000071 8 "$2"
	else
		devmem 0x18000071 8
	fi
}
if [ "$(cmos 0x7e)" = 0x5A ]; then
	cmos 0x7e 0
	echo "MIPSVZ-REBOOT second boot"
	exit 0
fi
cmos 0x7e 0x5a
echo "MIPSVZ-REBOOT first boot: rebooting"
reboot -f
sleep 10
echo "MIPSVZ-REBOOT reboot -f returned"
exit 1
