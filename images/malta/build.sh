#!/bin/bash
# Builds the Malta guest images from Debian 12 packages:
#   vmlinuz     Debian's 4kc-malta kernel (self-decompressing MIPS ELF)
#   initrd.gz   gzip cpio: busybox-static + /init + tests/*.sh + the few
#               modules the device tests need (ATA, ext4, PCnet)
#   disk.ext2   small ext2 image holding /hello.txt, for the IDE test
# into ${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/malta/<key>/, where <key> is a
# hash of this recipe (build.sh, init, tests/*.sh): an unchanged recipe is
# not rebuilt, a changed one gets a fresh directory.
#
# Usage: build.sh          build if needed; last line of stdout = directory
#        build.sh --dir    print the directory for this recipe, build nothing
#        build.sh --check  exit 0 if that directory is complete
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/malta
arch=mipsel
flavour=4kc-malta
# Modules (and what they depend on) copied into the initramfs: Debian
# builds the PIIX4 IDE driver, ext4 (which also mounts ext2) and the PCnet
# driver as modules. ext4 loads its "crc32c" checksum driver at every
# mount, ext2 included, through a soft dependency modprobe does not list.
modules="ata_piix ext4 crc32c_generic pcnet32"

recipe_key() {
	(cd "$here" && cat build.sh init $(ls tests/*.sh 2>/dev/null | sort)) |
		sha256sum | cut -c1-12
}

out=$cache/$(recipe_key)
complete() {
	[ -s "$out/vmlinuz" ] && [ -s "$out/initrd.gz" ] &&
		[ -s "$out/disk.ext2" ] && [ -s "$out/MANIFEST" ]
}

case "${1:-}" in
--dir) echo "$out"; exit 0 ;;
--check) complete; exit ;;
esac

if complete; then
	echo "malta images up to date"
	echo "$out"
	exit 0
fi

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
for tool in cpio depmod modprobe mke2fs gzip dpkg-deb; do
	command -v $tool >/dev/null || [ -x /sbin/$tool ] || [ -x /usr/sbin/$tool ] || {
		echo "build.sh: $tool is missing: run 'make deps'" >&2
		exit 1
	}
done
PATH=$PATH:/sbin:/usr/sbin

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if complete; then	# another build finished while we waited
	echo "$out"
	exit 0
fi

# Debian's package lists for mipsel, once per machine.
if ! dpkg --print-foreign-architectures | grep -qx $arch; then
	$sudo dpkg --add-architecture $arch
	$sudo apt-get update -qq
fi
if ! apt-cache show busybox-static:$arch >/dev/null 2>&1; then
	$sudo apt-get update -qq
fi
# The meta-package names the current ABI's image package.
kpkg=$(apt-cache depends linux-image-$flavour:$arch 2>/dev/null |
	awk '/Depends: linux-image-/ { sub(":.*", "", $2); print $2; exit }')
if [ -z "$kpkg" ]; then
	echo "build.sh: cannot resolve linux-image-$flavour:$arch" \
	     "(apt-get update failed or no network?)" >&2
	exit 1
fi

work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
debs=$cache/debs
mkdir -p "$debs"
(
	cd "$debs"
	for p in "$kpkg" busybox-static; do
		ver=$(apt-cache policy "$p:$arch" | awk '/Candidate:/ { print $2 }')
		file=$(ls "${p}_"*"_$arch.deb" 2>/dev/null | grep -F "$(echo "$ver" | sed 's/^[0-9]*://')" | head -1 || true)
		if [ -z "$file" ]; then
			# apt's sandbox user cannot write to our cache; fetch in /tmp.
			tmp=$(mktemp -d)
			chmod 777 "$tmp"
			(cd "$tmp" && apt-get download -q "$p:$arch" >/dev/null 2>&1) || {
				rm -rf "$tmp"
				echo "build.sh: apt-get download $p:$arch failed" >&2
				exit 1
			}
			mv "$tmp"/*.deb .
			rm -rf "$tmp"
		fi
	done
)
kdeb=$(ls -t "$debs/${kpkg}_"*"_$arch.deb" | head -1)
bdeb=$(ls -t "$debs/busybox-static_"*"_$arch.deb" | head -1)
dpkg-deb -x "$kdeb" "$work/k"
dpkg-deb -x "$bdeb" "$work/b"
kver=$(ls "$work/k/lib/modules")

# initramfs tree
r=$work/root
mkdir -p "$r"/{bin,sbin,dev,proc,sys,tmp,mnt,etc,tests,lib/modules/$kver}
cp "$work/b/bin/busybox" "$r/bin/busybox"
for applet in sh mount umount mkdir cat echo uname poweroff reboot \
	      insmod modprobe grep sleep ls md5sum sha256sum dd time ifconfig \
	      ip mdev setsid cttyhack date head tail wc; do
	ln -s busybox "$r/bin/$applet"
done
install -m 755 "$here/init" "$r/init"
for t in "$here"/tests/*.sh; do
	[ -f "$t" ] && install -m 755 "$t" "$r/tests/"
done
depmod -b "$work/k" "$kver"
for m in $modules; do
	modprobe -d "$work/k" -S "$kver" --show-depends "$m" |
		awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	rel=${ko#$work/k/lib/modules/$kver/}
	mkdir -p "$r/lib/modules/$kver/$(dirname "$rel")"
	cp "$ko" "$r/lib/modules/$kver/$rel"
done
cp "$work/k/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} \
	"$r/lib/modules/$kver/"
depmod -b "$r" "$kver"
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -9 > "$work/initrd.gz"

# ext2 disk for the IDE test: a known file and a known checksum.
mkdir -p "$work/disk"
echo "MIPSVZ-DISK-OK hello from ext2" > "$work/disk/hello.txt"
mke2fs -q -t ext2 -L mipsvz -d "$work/disk" "$work/disk.ext2" 8M >/dev/null

mkdir -p "$work/out"
cp "$work/k/boot/vmlinuz-$kver" "$work/out/vmlinuz"
cp "$work/k/boot/config-$kver" "$work/out/config"
mv "$work/initrd.gz" "$work/disk.ext2" "$work/out/"
{
	echo "kernel $(basename "$kdeb")"
	echo "busybox $(basename "$bdeb")"
	echo "kver $kver"
	echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$work/out/MANIFEST"
rm -rf "$out"
mv "$work/out" "$out"
ln -sfn "$(basename "$out")" "$cache/current"
echo "malta images built in $out"
echo "$out"
