#!/bin/bash
# Unpack Debian's libconfig and zlib development packages for a MIPS
# architecture into a private sysroot, for the cross builds in mk/cross.mk.
# Multiarch installation (apt-get install libconfig-dev:mips64el) breaks on
# hosts whose security updates are ahead of the MIPS port's packages, and
# the static libraries are all a cross build needs.
# Usage: images/cross-sysroot.sh ARCH DIR
set -euo pipefail
arch=$1 dir=$2
stamp=$dir/.done
[ -f "$stamp" ] && exit 0
if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	dpkg --add-architecture "$arch"
	apt-get update -qq
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq "libconfig-dev:$arch" "zlib1g-dev:$arch" \
	2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
mkdir -p "$dir"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$dir"
done
touch "$stamp"
echo "cross sysroot for $arch in $dir"
