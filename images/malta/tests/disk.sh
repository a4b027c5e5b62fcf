#!/bin/sh
# IDE disk test, run by /init for mipsvz.test=disk; the host side is
# tests/guest/malta-disk.test.sh. The host's ext2 image (/dev/sda) holds
#   hello.txt   one known line
#   big.bin     random data, big.md5 its checksum
# We check both, write /newfile (a marker line, then 300000 bytes of
# big.bin from offset 1000) for the host to find with debugfs, and time
# sequential writes and reads with dd.
# Output: MIPSVZ-DISK-* lines; exit status 0 when every check passed.
# busybox has no standalone sync/rm/dmesg applets here: call them
# through busybox.
tag=DISK
. /tests/lib.sh

modprobe ata_piix || bad "modprobe ata_piix"
modprobe ext4 || bad "modprobe ext4"
# ext4 asks for crc32c at mount time; there is no /sbin/modprobe for
# the kernel to call, so load it now.
modprobe crc32c_generic || bad "modprobe crc32c_generic"
i=0
while [ ! -b /dev/sda ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
[ -b /dev/sda ] || { bad "no /dev/sda"; busybox dmesg | grep -i ata; exit 1; }
# What libata found, and the transfer mode it chose (DMA, or the disk
# crawls in PIO).
busybox dmesg | grep -E 'ata[0-9.]+: (ATA-|[0-9]+ sectors)' |
	busybox sed 's/^/MIPSVZ-DISK-LIBATA /'
for f in /sys/class/ata_device/dev*/xfer_mode; do
	[ -r "$f" ] || continue
	d=${f%/xfer_mode}
	say "XFER ${d##*/} $(cat "$f")"
done

mkdir -p /mnt/disk
mount -t ext2 /dev/sda /mnt/disk || { bad "mount"; exit 1; }
[ "$(cat /mnt/disk/hello.txt)" = "MIPSVZ-DISK-OK hello from ext2" ] ||
	bad "hello.txt"
(cd /mnt/disk && md5sum -c big.md5 >/dev/null) || bad "big.bin checksum"

{
	echo "MIPSVZ-NEWFILE written by the guest"
	dd if=/mnt/disk/big.bin bs=1000 skip=1 count=300 2>/dev/null
} > /mnt/disk/newfile || bad "write newfile"
busybox sync || bad "sync"

# Throughput: 16 MiB written and flushed, then read back cold.
a=$(cs)
dd if=/dev/zero of=/mnt/disk/tput bs=64k count=256 conv=fsync 2>/dev/null ||
	bad "dd write"
b=$(cs)
echo 3 > /proc/sys/vm/drop_caches
c=$(cs)
dd if=/mnt/disk/tput of=/dev/null bs=64k 2>/dev/null || bad "dd read"
d=$(cs)
mib16=$((16 * 1024 * 1024))
say "THROUGHPUT write $(rate $mib16 $((b - a))) read $(rate $mib16 $((d - c)))"
busybox rm -f /mnt/disk/tput

umount /mnt/disk || bad "umount"
[ $fail = 0 ] && say "OK"
exit $fail
