#!/bin/bash
# Debian's own 4kc-malta kernel boots unmodified on the Malta board to the
# busybox /init of images/malta (issue 4): from the command line and from
# an appliance.conf, each checked on its console output and on the exit
# status after the guest's `poweroff -f` (0); the appliance.conf boot
# also reboots the guest once. Then the bad inputs: a
# non-MIPS kernel, a truncated ELF, an initrd larger than RAM and a
# missing file each stop with a clear message and a non-zero status.
#   MIPSVZ_GUEST_TIMEOUT  seconds per boot (default 300; x4 under ASan)
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

root=${MIPSVZ_ROOT:-.}
img=$root/images/malta/out
timeout=${MIPSVZ_GUEST_TIMEOUT:-300}
if ldd "$MIPSVZ" 2>/dev/null | grep -q libasan; then
	timeout=$((timeout * 4))
fi

if [ ! -s "$img/vmlinuz" ] || [ ! -s "$img/initrd.gz" ]; then
	skip boot "Malta guest images not built: 'make malta-images' could" \
		"not fetch Debian's packages ($(tail -1 "${MIPSVZ_BUILD:-build}/malta-images.log" 2>/dev/null))"
	exit 0
fi
need_board boot malta
cd "$T_TMP" || exit 1

# check_boot NAME LOG RC: the marker, /proc/cpuinfo and uname as Debian's
# kernel prints them on our board, the /init checks, and status 0.
check_boot() {
	local name=$1 log=$2 rc=$3 miss=
	for pat in '^MIPSVZ-INIT-OK' \
		   '^system type[[:space:]]*: MIPS Malta' \
		   '^machine[[:space:]]*: mti,malta' \
		   '^cpu model[[:space:]]*: MIPS 24K' \
		   '^Linux .* 6\.1\.[0-9]+-[0-9]+-4kc-malta .* mips' \
		   '^MIPSVZ-CHECK timer ok' '^MIPSVZ-CHECK rtc ok' \
		   '^MIPSVZ-DONE failures=0'; do
		grep -Eq -- "$pat" "$log" || miss="$miss /$pat/"
	done
	if [ -n "$miss" ]; then
		fail "$name" "exit $rc, missing$miss; last lines: $(tail -5 "$log" | tr '\n' ' ')"
	elif [ "$rc" -ne 0 ]; then
		fail "$name" "guest output complete but exit status $rc (want 0 after poweroff)"
	else
		pass "$name"
	fi
}

append="console=ttyS0"
start=$(date +%s)
timeout "$timeout" "$MIPSVZ" --board malta --memory 256 --serial stdio \
	--kernel "$img/vmlinuz" --initrd "$img/initrd.gz" --append "$append" \
	< /dev/null > cli.log 2>&1
check_boot boot_cli cli.log $?
echo "# boot_cli: $(( $(date +%s) - start )) s to power-off"

# From an appliance.conf, with the reset round trip of
# images/malta/tests/reboot.sh: `reboot -f` (FPGA SOFTRES) resets the
# board, the firmware loads the kernel again, the second boot powers off.
cat > appliance.conf <<CONF
board = "malta";
memory = "256M";
serial = [ "stdio" ];
kernel = "$img/vmlinuz";
initrd = "$img/initrd.gz";
append = "$append mipsvz.test=reboot";
CONF
timeout "$timeout" "$MIPSVZ" -c appliance.conf < /dev/null > conf.log 2>&1
rc=$?
check_boot boot_conf conf.log $rc
if [ "$(grep -c '^MIPSVZ-INIT-OK' conf.log)" = 2 ] &&
   grep -q '^MIPSVZ-REBOOT first boot' conf.log &&
   grep -q '^MIPSVZ-REBOOT second boot' conf.log &&
   grep -q '^MIPSVZ-TEST reboot ok' conf.log; then
	pass reboot_roundtrip
else
	fail reboot_roundtrip "exit $rc; $(grep -E '^MIPSVZ-(REBOOT|TEST|INIT)|reboot:' conf.log | tr '\n' ' ')"
fi

# Bad inputs: a clear message naming the file, non-zero status, and no
# guest ever started (no console output).
head -c 4096 "$img/vmlinuz" > truncated.elf
truncate -s 300M huge.initrd
bad() {	# name, pattern, extra mipsvz arguments...
	local name=$1 pat=$2
	shift 2
	expect_output "$name" nonzero "$pat" -- "$MIPSVZ" --board malta \
		--memory 256 --serial stdio "$@"
}
bad bad_not_mips "kernel '/bin/sh'.*(not a MIPS ELF|not an ELF)" \
	--kernel /bin/sh
bad bad_truncated "kernel '[^']*truncated.elf'.*(truncated|lies outside the [0-9]+-byte file)" \
	--kernel truncated.elf
bad bad_initrd_too_big "initrd '[^']*huge.initrd' \([0-9]+ bytes\) does not fit in RAM" \
	--kernel "$img/vmlinuz" --initrd huge.initrd
bad bad_missing_kernel "cannot open kernel '[^']*no-such-kernel'|no-such-kernel.*(No such file|not found|does not exist)" \
	--kernel no-such-kernel
bad bad_missing_initrd "cannot open initrd '[^']*no-such-initrd'|no-such-initrd.*(No such file|not found|does not exist)" \
	--kernel "$img/vmlinuz" --initrd no-such-initrd
exit 0
