#!/bin/bash
# The IP22 Linux kernel (images/sgi, `make sgi-images`) finds our disk and
# CD-ROM through sgiwd93 + WD33C93A + HPC3 DMA: /proc/scsi/scsi as its
# /init prints it, the SGI volume header parsed into partitions, a clean
# power-off (the sd driver's SYNCHRONIZE CACHE on the way). Raw image,
# CHD with an overlay (needs chdman), ISO and CHD CD-ROMs.
. "$(dirname "$0")/../lib.sh"

img=${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/sgi/current
kernel=$img/vmlinux-ip22-r4x00
IMG=${MIPSVZ_BUILD:-build}/mipsvz-img

if [ ! -f "$kernel" ]; then
	skip scsi-disk "no $kernel (make sgi-images)"
	exit 0
fi
if [ ! -x "$MIPSVZ" ] || [ ! -x "$IMG" ]; then
	skip scsi-disk "no $MIPSVZ or $IMG"
	exit 0
fi

# Our own (empty) config, not the repository's Malta appliance.conf.
: > "$T_TMP/empty.conf"

# run NAME DISK-SETTINGS... : boot with the given -s settings.
run() {
	local name=$1 out rc; shift
	out=$(timeout 300 "$MIPSVZ" -c "$T_TMP/empty.conf" --board indy \
		--cpu R4600 --deterministic \
		-s memory=64M -s serial[0]=stdio -s nvram="$T_TMP/nv" "$@" \
		--kernel "$kernel" </dev/null 2>&1); rc=$?
	printf '%s\n' "$out" > "$T_TMP/$name.log"
	if [ $rc -ne 0 ]; then
		fail "$name" "exit status $rc: $(tail -3 <<<"$out" | tr '\n' '|')"
		return 1
	fi
	if ! grep -q 'scsi host0' <<<"$out"; then
		fail "$name" "no SCSI host adapter found by Linux"
		return 1
	fi
	return 0
}

# check NAME PATTERN... : every extended regex must match the log.
check() {
	local name=$1 p; shift
	for p in "$@"; do
		if ! grep -Eq -- "$p" "$T_TMP/$name.log"; then
			fail "$name" "no /$p/ in the output"
			return
		fi
	done
	pass "$name"
}

"$IMG" create "$T_TMP/disk.img" 64M >/dev/null
head -c $((2048 * 300)) /dev/urandom > "$T_TMP/cd.iso"

run raw-disk-and-iso -s "scsi[0].image=$T_TMP/disk.img" \
	-s "scsi[1].image=$T_TMP/cd.iso" -s "scsi[1].type=cdrom" &&
check raw-disk-and-iso 'Id: 01 Lun: 00' 'Vendor: SGI +Model: MIPSVZ DISK' \
	'Id: 04 Lun: 00' 'Vendor: SONY +Model: CDU-76S' \
	'sda: sda1 sda9 sda11' '131072 512-byte logical blocks' \
	'Synchronizing SCSI cache' 'SGI-GUEST-DONE'

run no-disks && check no-disks 'scsi host0' 'SGI-GUEST-DONE'

if ! command -v chdman >/dev/null 2>&1; then
	skip chd-disk "chdman not installed (apt-get install mame-tools)"
	exit 0
fi
chdman createhd -i "$T_TMP/disk.img" -o "$T_TMP/disk.chd" >/dev/null 2>&1
chdman createcd -i "$T_TMP/cd.iso" -o "$T_TMP/cd.chd" >/dev/null 2>&1
run chd-disk-overlay -s "scsi[0].image=$T_TMP/disk.chd" \
	-s "scsi[0].overlay=$T_TMP/disk.ovl" \
	-s "scsi[1].image=$T_TMP/cd.chd" -s "scsi[1].type=cdrom" &&
check chd-disk-overlay 'Vendor: SGI' 'Vendor: SONY' 'sda: sda1 sda9 sda11' \
	'SGI-GUEST-DONE'
expect_output chd-needs-overlay nonzero 'overlay' -- \
	"$MIPSVZ" -c "$T_TMP/empty.conf" --board indy -s memory=64M \
	-s serial[0]=none \
	-s "scsi[0].image=$T_TMP/disk.chd" --kernel "$kernel"
