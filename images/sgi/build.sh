#!/bin/bash
# Build the SGI IP22 guest kernels from Debian's linux-source with the
# kernel's own ip22_defconfig (adjusted as SGI-FACTS.md 6.1.3 records), with
# our freestanding /init built in as the initramfs.
#
# Usage: images/sgi/build.sh [r4x00|r5000]...   (default: both)
# Output: $MIPSVZ_CACHE/sgi/<recipe hash>/vmlinux-ip22-<cpu>, keyed on the
# recipe so CI rebuilds only when this script or init.c changes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}
key=$(cat "$here/build.sh" "$here/init.c" | sha256sum | cut -c1-12)
out=$cache/sgi/$key
cross=mips-linux-gnu-
jobs=${JOBS:-2}
cpus=${*:-r4x00 r5000}
mkdir -p "$out"

build_init() {
	[ -f "$out/init" ] && return
	"${cross}gcc" -static -O2 -nostdlib -ffreestanding -fno-pic \
		-mno-abicalls -G0 -msoft-float -mabi=32 -march=mips2 \
		-Wall -Wextra -e __start -o "$out/init.tmp" "$here/init.c" -lgcc
	# An R4x00 cannot run MIPS32r2 code: refuse a binary that has any.
	if "${cross}objdump" -d "$out/init.tmp" |
		grep -Ew '(ext|ins|seb|seh|wsbh|rotr|mul|clz|movn|movz)' >/dev/null; then
		echo "init contains MIPS32r2/MIPS IV instructions" >&2
		exit 1
	fi
	mv "$out/init.tmp" "$out/init"
	cat > "$out/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
dir /proc 0555 0 0
dir /sys 0555 0 0
dir /tmp 1777 0 0
file /init $out/init 0755 0 0
LIST
}

unpack_source() {
	src=$cache/sgi/linux-source-6.1
	[ -f "$src/.unpacked" ] && return
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1)
	if [ -z "$tarball" ]; then
		echo "linux-source-6.1 is not installed (make deps installs it)" >&2
		exit 1
	fi
	rm -rf "$src"
	mkdir -p "$cache/sgi"
	tar -C "$cache/sgi" -xf "$tarball"
	touch "$src/.unpacked"
}

build_kernel() {	# cpu
	local cpu=$1 obj=$cache/sgi/obj-ip22-$1 cfg
	local img=$out/vmlinux-ip22-$cpu
	[ -f "$img" ] && return
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" ARCH=mips CROSS_COMPILE=$cross ip22_defconfig
	cfg=$obj/.config
	# Turn every module off before MODULES, or Kconfig makes them all =y.
	sed -i 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/# \1 is not set/' "$cfg"
	c() { "$src/scripts/config" --file "$cfg" "$@"; }
	c -d MODULES -e BLK_DEV_INITRD \
		--set-str INITRAMFS_SOURCE "$out/initramfs.list" \
		--set-val INITRAMFS_ROOT_UID 0 --set-val INITRAMFS_ROOT_GID 0 \
		-e INITRAMFS_COMPRESSION_NONE -d RD_GZIP -d RD_BZIP2 \
		-d RD_LZMA -d RD_XZ -d RD_LZO -d RD_LZ4 -d RD_ZSTD \
		-e DEVTMPFS -e DEVTMPFS_MOUNT -e PROC_FS -e SYSFS -e TMPFS \
		-e PRINTK -e EARLY_PRINTK -e PRINTK_TIME -e MAGIC_SYSRQ \
		--set-val LOG_BUF_SHIFT 17 \
		-e CMDLINE_BOOL --set-str CMDLINE "console=ttyS0,9600" \
		-e SCSI -e SCSI_PROC_FS -e BLK_DEV_SD -e BLK_DEV_SR \
		-e SCSI_CONSTANTS -d SCSI_SCAN_ASYNC -e EXT2_FS -e EXT4_FS \
		-e EXT4_USE_FOR_EXT2 -e SGI_PARTITION -e ISO9660_FS \
		-e RTC_CLASS -e RTC_HCTOSYS -e RTC_INTF_SYSFS -e RTC_INTF_PROC \
		-e RTC_INTF_DEV -e NET -e INET -e PACKET -e UNIX -e NETDEVICES \
		-e ETHERNET -d IP_PNP -e IKCONFIG -e IKCONFIG_PROC \
		-e DEBUG_INFO_NONE -e 32BIT \
		-e ARC_CONSOLE -e ARC_PROMLIB -e ARC_MEMORY \
		-e SERIAL_IP22_ZILOG -e SERIAL_IP22_ZILOG_CONSOLE \
		-e SGIWD93_SCSI -e NET_VENDOR_SEEQ -e SGISEEQ \
		-e RTC_DRV_DS1286 -e VT -e VT_CONSOLE -e SGI_NEWPORT_CONSOLE \
		-e DUMMY_CONSOLE -e SERIO_I8042 -e KEYBOARD_ATKBD -e INDYDOG
	# ip22_defconfig picks the R5000 (MIPS IV); R4x00 code runs on every
	# IP22 CPU, so build both to exercise both models.
	if [ "$cpu" = r4x00 ]; then
		c -d CPU_R5000 -e CPU_R4X00
	else
		c -d CPU_R4X00 -e CPU_R5000
	fi
	make -s -C "$src" O="$obj" ARCH=mips CROSS_COMPILE=$cross olddefconfig
	grep -q "^CONFIG_CPU_${cpu^^}=y" "$cfg" ||
		{ echo "config did not take CPU_${cpu^^}" >&2; exit 1; }
	make -s -C "$src" O="$obj" ARCH=mips CROSS_COMPILE=$cross \
		-j"$jobs" vmlinux
	cp "$obj/vmlinux" "$img.tmp"
	mv "$img.tmp" "$img"
	echo "built $img"
}

build_init
for cpu in $cpus; do
	if [ ! -f "$out/vmlinux-ip22-$cpu" ]; then
		unpack_source
		build_kernel "$cpu"
	fi
done
ln -sfn "$out" "$cache/sgi/current"
# images/sgi/out: what the root appliance.conf boots.
ln -sfn "$out" "$here/out"
