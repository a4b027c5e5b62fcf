#!/bin/bash
# mipsvz-img: create/list/add/extract on a blank SGI disk, chd-info and
# chd-to-raw against chdman's own CHDs (SKIP without chdman), and the
# error paths (exit 1 with a message).
. "$(dirname "$0")/../lib.sh"
IMG=${MIPSVZ_BUILD:-build}/mipsvz-img
img() { ${MIPSVZ_EXEC:-} "$IMG" "$@"; }
# expect_output runs a command, not a shell function.
I="${MIPSVZ_EXEC:-} $IMG"

if [ ! -x "$IMG" ]; then
	skip all "$IMG not built (make img)"
	exit 0
fi
D=$T_TMP/disk.img
expect_output create 0 '8192 blocks' -- $I create "$D" 4M
expect_output create-exists 1 'cannot create' -- $I create "$D" 4M
head -c 3000 /dev/urandom > "$T_TMP/sash"
expect_output add 0 'added sash at block 2' -- $I add "$D" "$T_TMP/sash"
expect_output add-named 0 'added ide at block 8' -- $I add "$D" "$T_TMP/sash" ide
expect_output add-dup 1 'already' -- $I add "$D" "$T_TMP/sash"
expect_output add-long-name 1 '1-8 characters' -- $I add "$D" "$T_TMP/sash" waytoolong
expect_output list 0 'sash +lbn +2 bytes +3000' -- $I list "$D"
img extract "$D" ide "$T_TMP/out" >/dev/null 2>&1
if cmp -s "$T_TMP/sash" "$T_TMP/out"; then pass extract; else fail extract "extracted file differs"; fi
expect_output extract-missing 1 'no file "fx"' -- $I extract "$D" fx "$T_TMP/x"
expect_output list-not-sgi 1 'no SGI volume header' -- $I list "$T_TMP/sash"
expect_output usage 2 'usage' -- $I frobnicate

if ! command -v chdman >/dev/null 2>&1; then
	skip chd "chdman not installed (apt-get install mame-tools)"
	exit 0
fi
head -c 1048576 /dev/urandom > "$T_TMP/r.raw"
head -c 524288 /dev/zero >> "$T_TMP/r.raw"
chdman createhd -i "$T_TMP/r.raw" -o "$T_TMP/r.chd" >/dev/null 2>&1
expect_output chd-info 0 'hunk size: +4096 bytes, 384 hunks' -- $I chd-info "$T_TMP/r.chd"
expect_output chd-to-raw 0 '100%' -- $I chd-to-raw "$T_TMP/r.chd" "$T_TMP/r.out"
if cmp -s "$T_TMP/r.raw" "$T_TMP/r.out"; then pass chd-to-raw-data; else fail chd-to-raw-data "output differs"; fi
head -c $((2048 * 128)) /dev/urandom > "$T_TMP/c.iso"
chdman createcd -i "$T_TMP/c.iso" -o "$T_TMP/c.chd" >/dev/null 2>&1
expect_output chd-info-cd 0 'track 1 MODE1, 128 frames' -- $I chd-info "$T_TMP/c.chd"
img chd-to-raw "$T_TMP/c.chd" "$T_TMP/c.out" >/dev/null 2>&1
if cmp -s "$T_TMP/c.iso" "$T_TMP/c.out"; then pass chd-to-raw-cd; else fail chd-to-raw-cd "output differs"; fi
printf 'MComprHD\0\0\0\x7c\0\0\0\x04' > "$T_TMP/bad.chd"
expect_output chd-info-bad 1 'version 4' -- $I chd-info "$T_TMP/bad.chd"
