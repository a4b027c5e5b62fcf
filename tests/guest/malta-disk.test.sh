#!/bin/bash
# The Malta IDE disk end to end: Debian's kernel (ata_piix, ext4) mounts
# an ext2 image made here with mke2fs -d, checks its files, writes
# /newfile, syncs and powers off (images/malta/tests/disk.sh); we then
# find /newfile's exact bytes in the image with debugfs and check the
# file system with e2fsck. The guest's dd throughput is printed, not
# judged.
#   MIPSVZ_GUEST_TIMEOUT  seconds for the whole guest run (default 900)
#   MIPSVZ_DISK_EMU=qemu  run the same guest on qemu-system-mipsel, for
#                         a reference figure (or to debug the test)
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"
. "${MIPSVZ_ROOT:-.}/tests/guest/lib-malta.sh"

emu=${MIPSVZ_DISK_EMU:-mipsvz}
t=disk

malta_need_images $t
for tool in mke2fs debugfs e2fsck; do
	if ! command -v $tool >/dev/null && [ ! -x /sbin/$tool ]; then
		skip $t "$tool missing (Debian: e2fsprogs)"
		exit 0
	fi
done
PATH=$PATH:/sbin:/usr/sbin
[ "$emu" = mipsvz ] && need_board $t malta

cd "$T_TMP" || exit 1
mkdir root
echo "MIPSVZ-DISK-OK hello from ext2" > root/hello.txt
head -c 8M /dev/urandom > root/big.bin
(cd root && md5sum big.bin > big.md5)
mke2fs -q -t ext2 -L mipsvz -d root disk.img 48M >/dev/null
{
	echo "MIPSVZ-NEWFILE written by the guest"
	dd if=root/big.bin bs=1000 skip=1 count=300 2>/dev/null
} > newfile.expected

append="console=ttyS0 mipsvz.test=disk"
if [ "$emu" = qemu ]; then
	malta_start qemu "$append" -drive file=disk.img,format=raw,if=ide
else
	malta_start mipsvz "$append" --disk disk.img
fi

# While the guest runs, a second instance on the same image is refused
# and names the holder (BAD-INPUTS row 14). Wait for the lock first.
ino=$(stat -c %i disk.img)
for _ in $(seq 300); do
	grep -q ":$ino " /proc/locks && break
	kill -0 $guest 2>/dev/null || break
	sleep 0.1
done
if [ "$emu" = mipsvz ] && grep -q ":$ino " /proc/locks; then
	second=$(timeout 30 "$MIPSVZ" --board malta --memory 64 --serial none \
		--kernel "$MALTA_IMG/vmlinuz" --disk disk.img < /dev/null 2>&1)
	src=$?
	if [ $src -ne 0 ] && printf '%s' "$second" |
	   grep -Eq 'image "[^"]*disk.img" is in use \(by PID [0-9]+\)'; then
		pass second_instance_refused
	else
		fail second_instance_refused "exit $src: $second"
	fi
fi
wait $guest
rc=$?

malta_need_init $t $rc
if grep -q '^MIPSVZ-TEST disk ok' guest.log; then
	pass guest_checks
else
	fail guest_checks "exit $rc; $(grep -E 'MIPSVZ-(DISK-FAIL|TEST)|ata[0-9]' guest.log | tail -8 | tr '\n' ' ')"
fi
if [ $rc -eq 0 ]; then
	pass clean_exit
else
	fail clean_exit "$emu exited with status $rc after the guest powered off"
fi
mode=$(awk '$1 == "MIPSVZ-DISK-XFER" && $2 == "dev1.0" { print $3 }' guest.log)
case $mode in
*DMA*) pass dma_mode ;;
*) fail dma_mode "libata chose '${mode:-nothing}' for the disk, not DMA" ;;
esac
if debugfs -R "cat /newfile" disk.img 2>/dev/null | cmp -s - newfile.expected; then
	pass newfile_on_disk
else
	fail newfile_on_disk "debugfs does not find the guest's /newfile bytes"
fi
if [ "$(debugfs -R "cat /hello.txt" disk.img 2>/dev/null)" = \
     "MIPSVZ-DISK-OK hello from ext2" ]; then
	pass hello_intact
else
	fail hello_intact "/hello.txt changed"
fi
if e2fsck -fn disk.img > fsck.log 2>&1; then
	pass fsck_clean
else
	fail fsck_clean "$(tail -3 fsck.log | tr '\n' ' ')"
fi
malta_throughput $emu MIPSVZ-DISK-THROUGHPUT "guest dd, 16 MiB"
exit 0
