#!/bin/bash
# Boot the IP22 Linux kernels (images/sgi/build.sh, `make sgi-images`) on
# --board indy and --board indigo2 with the HLE ARCS PROM: the /init
# markers, /proc/cpuinfo naming the configured CPU and machine, the
# guest's RTC against host time, exit status 0 after the guest's
# power-off. Plus the board's start-up errors (ROM size, memory, CPU).
#
# --deterministic: with guest time following host time, Linux's
# c0_compare_int_usable() races the soft CPU's Compare timer on a loaded
# host and the kernel ends up without a clockevent (hangs in "Calibrating
# delay loop"); see docs/sgi.md.
. "$(dirname "$0")/../lib.sh"

img=${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/sgi/current
k4=$img/vmlinux-ip22-r4x00
k5=$img/vmlinux-ip22-r5000

# boot NAME BOARD CPU KERNEL MACHINE [SKIP_PATTERN SKIP_WHY]
boot() {
	local name=$1 board=$2 cpu=$3 kernel=$4 machine=$5 out rc t0 t1 rtc
	if [ ! -f "$kernel" ]; then
		skip "$name" "no $kernel (make sgi-images)"
		return
	fi
	t0=$(date -u +%s)
	out=$(timeout 120 "$MIPSVZ" -c /dev/null --board "$board" --cpu "$cpu" \
		--deterministic -s memory=64M -s serial[0]=stdio \
		-s nvram="$T_TMP/$name.nvram" --kernel "$kernel" \
		</dev/null 2>&1); rc=$?
	t1=$(date -u +%s)
	printf '%s\n' "$out" > "$T_TMP/$name.log"
	if [ -n "${6:-}" ] && printf '%s' "$out" | grep -Eq -- "$6"; then
		skip "$name" "$7"
		return
	fi
	if [ $rc -ne 0 ]; then
		fail "$name" "exit status $rc; last lines: $(tail -5 <<<"$out")"
		return
	fi
	for m in SGI-GUEST-READY SGI-GUEST-DONE "system type.*: SGI $machine" \
		 "cpu model.*: $cpu" "reboot: Power down"; do
		if ! grep -Eq -- "$m" <<<"$out"; then
			fail "$name" "no /$m/ in the output: $(tail -5 <<<"$out")"
			return
		fi
	done
	# "RTC 2026-11-26 8:55:8" (the guest's RTC_RD_TIME, UTC)
	rtc=$(sed -n 's/^RTC \([0-9-]*\) \([0-9:]*\)/\1 \2/p' <<<"$out")
	rtc=$(date -u -d "$rtc" +%s 2>/dev/null)
	if [ -z "$rtc" ] || [ "$rtc" -lt $((t0 - 2)) ] ||
	   [ "$rtc" -gt $((t1 + 2)) ]; then
		fail "$name" "guest RTC '$rtc' not within 2 s of the run" \
			"[$t0, $t1]"
		return
	fi
	pass "$name"
}

if [ ! -x "$MIPSVZ" ]; then
	skip sgi-boot "no $MIPSVZ"
	exit 0
fi

boot indy-r4600 indy R4600 "$k4" Indy
boot indigo2-r4600 indigo2 R4600 "$k4" Indigo2
# The R4400SC: the kernel probes the secondary cache (SGI-FACTS 5.3.2).
boot indigo2-r4400 indigo2 R4400 "$k4" Indigo2 \
	"unexpected TLB refill exception: EPC 0x00000000" \
	"soft CPU R4400 dies in Linux's secondary-cache probe (cpu issue)"
if [ -f "$k5" ]; then
	boot indy-r5000 indy R5000 "$k5" Indy
else
	boot indy-r5000 indy R5000 "$k4" Indy	# R4x00 code runs there too
fi

# Start-up errors name what is wrong; nothing runs.
head -c 1000 /dev/zero > "$T_TMP/short.rom"
expect_output rom-size nonzero "exactly 524288 bytes" -- \
	"$MIPSVZ" -c /dev/null --board indy -s firmware=rom -s rom="$T_TMP/short.rom"
expect_output memory-layout nonzero "cannot be built from at most 4 banks" \
	-- "$MIPSVZ" -c /dev/null --board indigo2 -s memory=100M
expect_output cpu-model nonzero "not an IP22 CPU" -- \
	"$MIPSVZ" -c /dev/null --board indy --cpu 24Kf
