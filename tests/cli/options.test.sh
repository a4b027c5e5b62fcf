#!/bin/bash
# The mipsvz command line: informational options, option errors,
# overrides and --print-config (docs/cli.md).
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

cd "$T_TMP" || exit 1

expect_output help 0 '^usage: mipsvz \[-c FILE\]' -- "$MIPSVZ" --help
expect_output help_lists_options 0 '--print-config' -- "$MIPSVZ" -h
expect_output version 0 '^mipsvz [0-9]' -- "$MIPSVZ" --version
expect_output list_boards 0 '.' -- "$MIPSVZ" --list-boards
expect_output list_cpus 0 'R4400' -- "$MIPSVZ" --list-cpus
expect_output list_cpus_malta 0 '24Kf' -- "$MIPSVZ" --list-cpus
expect_output help_config 0 'scsi\[N\]\.image' -- "$MIPSVZ" --help-config

expect_output unknown_option nonzero "^mipsvz: unknown option '--frobnicate'" \
	-- "$MIPSVZ" --frobnicate
expect_output missing_argument nonzero '^mipsvz: --kernel needs an argument' \
	-- "$MIPSVZ" --kernel
expect_output stray_argument nonzero "^mipsvz: unexpected argument 'disk.img'" \
	-- "$MIPSVZ" disk.img
expect_output bad_trace nonzero "^mipsvz: -d: unknown trace 'cpux'" \
	-- "$MIPSVZ" -d cpu,cpux
expect_output missing_config nonzero '^mipsvz: cannot read "nope.conf": No such file' \
	-- "$MIPSVZ" -c nope.conf
expect_output set_typo nonzero \
	"^mipsvz: -s memroy=1G: unknown setting 'memroy' \(did you mean 'memory'\?\)" \
	-- "$MIPSVZ" -s memroy=1G --print-config
expect_output bad_accel nonzero '^mipsvz: --accel: "fast" is not one of' \
	-- "$MIPSVZ" --accel fast --print-config
expect_output missing_disk nonzero \
	'^mipsvz: --disk: cannot open "[^"]*/nope.img": No such file or directory' \
	-- "$MIPSVZ" --disk nope.img --print-config
mkdir -p adir
expect_output dir_as_kernel nonzero '^mipsvz: --kernel: cannot open "[^"]*/adir": Is a directory' \
	-- "$MIPSVZ" --kernel adir --print-config
expect_output bad_serial nonzero '^mipsvz: --serial: "telnet:1" is not a serial backend' \
	-- "$MIPSVZ" --serial telnet:1 --print-config

# Overrides land in the printed config; --memory without a unit is MB.
: > disk.img
expect_output memory_mb 0 'memory = "512M";' -- "$MIPSVZ" --memory 512 --print-config
expect_output memory_unit 0 'memory = "2G";' -- "$MIPSVZ" --memory 2G --print-config
expect_output serials 0 'serial = \[ "pty", "none" \];' \
	-- "$MIPSVZ" --serial pty --serial none --print-config
expect_output disk_option 0 "^	\{ image = \"$T_TMP/disk.img\"; type = \"disk\";" \
	-- "$MIPSVZ" --disk disk.img --print-config
expect_output cdrom_option 0 'type = "cdrom";' \
	-- "$MIPSVZ" --cdrom disk.img --print-config
expect_output flags 0 'no_reboot = true;' \
	-- "$MIPSVZ" --no-reboot --deterministic --accel soft --print-config
expect_output set_nested 0 'mode = "none";' \
	-- "$MIPSVZ" -s net.mode=none --print-config

# Without a board the machine cannot be built: one clear line.
out=$("$MIPSVZ" --serial none 2>&1); rc=$?
if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
   printf '%s' "$out" | grep -Eq '^mipsvz: (no board|.*board)'; then
	pass no_board_one_line
else
	fail no_board_one_line "status $rc, output: $out"
fi
