#!/bin/bash
# appliance.conf through the binary: ./appliance.conf by default, errors
# naming FILE:LINE, --print-config round trip, every setting documented.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

cd "$T_TMP" || exit 1

printf 'board = "malta";\n\nmemroy = "64M";\n' > appliance.conf
expect_output typo_default_file nonzero \
	"^mipsvz: appliance.conf:3: unknown setting 'memroy' \(did you mean 'memory'\?\)$" \
	-- "$MIPSVZ" --print-config
expect_output typo_with_c nonzero \
	"^mipsvz: appliance.conf:3: unknown setting 'memroy' \(did you mean 'memory'\?\)$" \
	-- "$MIPSVZ" -c appliance.conf
rm appliance.conf

mkdir -p sub
printf 'memory = 5000000000;\n' > sub/big.conf
expect_output truncated_int nonzero '^mipsvz: sub/big.conf:1: memory: 5000000000 is out of range' \
	-- "$MIPSVZ" -c sub/big.conf --print-config
printf 'memory = "64M"\nserial = [ "stdio" \n' > sub/syntax.conf
expect_output syntax_error nonzero '^mipsvz: sub/syntax.conf:[0-9]+: syntax error' \
	-- "$MIPSVZ" -c sub/syntax.conf --print-config
printf '# disks\nscsi = (\n  { id = 1; image = "missing.img"; } );\n' > sub/img.conf
expect_output missing_image nonzero \
	"^mipsvz: sub/img.conf:3: scsi\[0\]\.image: cannot open \"$T_TMP/sub/missing.img\": No such file or directory" \
	-- "$MIPSVZ" -c sub/img.conf --print-config
expect_output accel_type nonzero '^mipsvz: sub/t.conf:1: accel: expected one of "auto", "vz", "soft", not an integer' \
	-- bash -c 'printf "accel = 3;\n" > sub/t.conf; "$0" -c sub/t.conf --print-config' "$MIPSVZ"

# Relative names resolve against the file's folder; options override.
: > sub/disk.img
: > sub/vmlinux
cat > sub/app.conf <<'CONF'
memory = "96M";
kernel = "vmlinux";
append = "console=ttyS0 \"quoted\"";
serial = [ "stdio", "file:console1.log" ];
ide = ( { image = "disk.img"; } );
scsi = ( { id = 4; type = "cdrom"; readonly = true; } );
net = { hostfwd = [ "tcp::2222-:22" ]; mac = "52:54:00:12:34:56"; };
CONF
expect_output relative_kernel 0 "kernel = \"$T_TMP/sub/vmlinux\";" \
	-- "$MIPSVZ" -c sub/app.conf --print-config
expect_output relative_serial_file 0 "\"file:$T_TMP/sub/console1.log\"" \
	-- "$MIPSVZ" -c sub/app.conf --print-config
expect_output override 0 'memory = "128M";' \
	-- "$MIPSVZ" -c sub/app.conf --memory 128 --print-config

# --print-config prints what loads back to the same config.
"$MIPSVZ" -c sub/app.conf --print-config > printed1.conf 2>&1
"$MIPSVZ" -c printed1.conf --print-config > printed2.conf 2>&1
if cmp -s printed1.conf printed2.conf && grep -q 'memory = "96M";' printed2.conf; then
	pass print_round_trip
else
	fail print_round_trip "$(diff printed1.conf printed2.conf | head -20)"
fi

# Every setting --help-config lists is in docs/config.md (drive keys
# once, in the drive table).
missing=
for name in $("$MIPSVZ" --help-config | awk 'NR > 2 { print $1 }'); do
	name=${name#*\[N\].}
	grep -qF "\`$name\`" "$MIPSVZ_ROOT/docs/config.md" || missing="$missing $name"
done
if [ -z "$missing" ]; then
	pass settings_documented
else
	fail settings_documented "not in docs/config.md:$missing"
fi

# The appliance.conf at the top of the tree loads (its board may not
# exist yet, so only the config is checked).
if [ -f "$MIPSVZ_ROOT/appliance.conf" ]; then
	out=$(cd "$MIPSVZ_ROOT" && "$MIPSVZ" --print-config 2>&1); rc=$?
	if [ $rc -eq 0 ] || printf "%s" "$out" | grep -Eq "unknown board|cannot open"; then
		pass root_appliance_conf
	else
		fail root_appliance_conf "$out"
	fi
fi
