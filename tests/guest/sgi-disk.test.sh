#!/bin/bash
# Files through the IP22's SCSI path (sgiwd93 + WD33C93A + HPC3 DMA), as a
# user's disk would be used: the Linux IP22 guest (images/sgi, booted with
# mipsvz.test=disk) mounts an ext2 disk the host made, reads a file, writes
# one, reads a file from an ISO 9660 CD, and prints its disk throughput;
# the host then finds the written bytes in the image — or, with an
# overlay, in the overlay and not in the base; the same with a CHD.
. "$(dirname "$0")/../lib.sh"

img=${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/sgi/current
kernel=$img/vmlinux-ip22-r4x00
IMG=${MIPSVZ_BUILD:-build}/mipsvz-img
want_new="written by the SGI guest through sgiwd93"

for tool in mke2fs debugfs genisoimage; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip sgi-disk "$tool not installed (make deps)"
		exit 0
	fi
done
if [ ! -x "$IMG" ]; then
	skip sgi-disk "no $IMG (make test builds it)"
	exit 0
fi
if [ ! -f "$kernel" ] || ! grep -q "mipsvz.test=disk" "$img/init" 2>/dev/null; then
	skip sgi-disk "no $kernel with the disk test (make sgi-images)"
	exit 0
fi

: > "$T_TMP/empty.conf"
mkdir -p "$T_TMP/fs" "$T_TMP/cd"
echo "hello from the host's ext2" > "$T_TMP/fs/hello.txt"
echo "hello from the host's CD" > "$T_TMP/cd/readme.txt"
mke2fs -q -t ext2 -b 1024 -d "$T_TMP/fs" "$T_TMP/disk.img" 16M
genisoimage -quiet -r -o "$T_TMP/cd.iso" "$T_TMP/cd" 2>/dev/null

# boot NAME SETTINGS... : the guest's disk test with these -s settings.
boot() {
	local name=$1 rc; shift
	timeout 300 "$MIPSVZ" -c "$T_TMP/empty.conf" --board indy --cpu R4600 \
		-s memory=64M -s serial[0]=stdio "$@" \
		--append "mipsvz.test=disk" --kernel "$kernel" \
		</dev/null > "$T_TMP/$name.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit status $rc: $(tail -3 "$T_TMP/$name.log" | tr '\n' '|')"
		return 1
	fi
	for p in "DISK-MOUNT ok" "DISK-READ: hello from the host's ext2" \
		 "DISK-WRITE ok" "DISK-UMOUNT ok" "CD-MOUNT ok" \
		 "CD-READ: hello from the host's CD" "SGI-GUEST-DONE"; do
		if ! grep -qF -- "$p" "$T_TMP/$name.log"; then
			fail "$name" "no '$p' in the console output"
			return 1
		fi
	done
	grep -h "DISK-THROUGHPUT" "$T_TMP/$name.log" | sed "s/^/    $name: /"
	return 0
}

# newfile_in IMAGE : the guest's /newfile as the host reads it.
newfile_in() {
	debugfs -R "cat /newfile" "$1" 2>/dev/null
}

cp "$T_TMP/disk.img" "$T_TMP/raw.img"
if boot raw -s "scsi[0].image=$T_TMP/raw.img" \
	-s "scsi[1].image=$T_TMP/cd.iso" -s "scsi[1].type=cdrom"; then
	if [ "$(newfile_in "$T_TMP/raw.img")" = "$want_new" ] &&
	   e2fsck -fn "$T_TMP/raw.img" >/dev/null 2>&1; then
		pass raw
	else
		fail raw "the host does not find /newfile's bytes (or fsck fails)"
	fi
fi

cp "$T_TMP/disk.img" "$T_TMP/base.img"
sum=$(sha256sum < "$T_TMP/base.img")
if boot overlay -s "scsi[0].image=$T_TMP/base.img" \
	-s "scsi[0].overlay=$T_TMP/base.ovl" \
	-s "scsi[1].image=$T_TMP/cd.iso" -s "scsi[1].type=cdrom"; then
	if [ "$(sha256sum < "$T_TMP/base.img")" != "$sum" ]; then
		fail overlay "the base image changed"
	elif ! "$IMG" commit "$T_TMP/base.ovl" >/dev/null 2>&1; then
		fail overlay "mipsvz-img commit failed"
	elif [ "$(newfile_in "$T_TMP/base.img")" != "$want_new" ]; then
		fail overlay "after commit the base lacks /newfile"
	else
		pass overlay
	fi
fi

if ! command -v chdman >/dev/null 2>&1; then
	skip chd "chdman not installed (apt-get install mame-tools)"
	exit 0
fi
chdman createhd -i "$T_TMP/disk.img" -o "$T_TMP/disk.chd" >/dev/null 2>&1
sum=$(sha256sum < "$T_TMP/disk.chd")
if boot chd -s "scsi[0].image=$T_TMP/disk.chd" \
	-s "scsi[0].overlay=$T_TMP/chd.ovl" \
	-s "scsi[1].image=$T_TMP/cd.iso" -s "scsi[1].type=cdrom"; then
	if [ "$(sha256sum < "$T_TMP/disk.chd")" != "$sum" ]; then
		fail chd "the CHD changed"
	elif [ ! -s "$T_TMP/chd.ovl" ]; then
		fail chd "no overlay written"
	else
		pass chd
	fi
fi
