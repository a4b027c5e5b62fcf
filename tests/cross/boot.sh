#!/bin/bash
# A guest boot with a cross build run under qemu-user (make test-cross):
# the soft CPU, the devices and the firmware on a host of the other byte
# order, and --accel auto falling back cleanly where VZ cannot serve.
# Usage: tests/cross/boot.sh BUILD_DIR QEMU   (prints PASS/FAIL lines)
build=$1 qemu=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=$root/images/sgi/out/vmlinux-ip22-r4x00
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if [ ! -f "$kernel" ]; then
	echo "SKIP cross-boot/indy: no $kernel (make sgi-images)"
	exit 0
fi
timeout 600 "$qemu" "$build/mipsvz" -c /dev/null --board indy \
	--kernel "$kernel" --serial file:console.log </dev/null >log 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q SGI-GUEST-DONE console.log &&
   grep -q "accel: soft CPU: " log; then
	echo "PASS cross-boot/indy"
else
	echo "FAIL cross-boot/indy: exit $rc: $(tail -3 log console.log | tr '\n' '|')"
	failed=1
fi
if timeout 60 "$qemu" "$build/mipsvz" -c /dev/null --board indy --accel vz \
	--kernel "$kernel" --serial none </dev/null >log 2>&1; then
	echo "FAIL cross-boot/accel-vz: started without VZ"
	failed=1
elif grep -q "accel = vz: VZ cannot run this guest" log; then
	echo "PASS cross-boot/accel-vz"
else
	echo "FAIL cross-boot/accel-vz: $(tr '\n' '|' < log)"
	failed=1
fi
exit ${failed:-0}
