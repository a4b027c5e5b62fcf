# Shared by the Malta device tests that boot images/malta with a guest
# test script (malta-disk, malta-net), sourced after tests/lib.sh. They
# can run the same guest on qemu-system-mipsel for a reference figure.
MALTA_IMG=${MIPSVZ_ROOT:-.}/images/malta/out

# malta_need_images NAME: SKIP NAME and end the script without the
# kernel and initramfs.
malta_need_images() {
	[ -s "$MALTA_IMG/vmlinuz" ] && [ -s "$MALTA_IMG/initrd.gz" ] && return
	skip "$1" "Malta guest images not built (make malta-images)"
	exit 0
}

# malta_start EMU APPEND ARGS...: boot the guest in the background on
# mipsvz or (EMU = qemu) qemu-system-mipsel, 256 MiB, the console in
# ./guest.log; ARGS, in EMU's syntax, add the device under test. $guest
# is its PID.
malta_start() {
	local emu=$1 append=$2
	shift 2
	if [ "$emu" = qemu ]; then
		set -- qemu-system-mipsel -M malta -m 256 -nographic -no-reboot \
			-kernel "$MALTA_IMG/vmlinuz" \
			-initrd "$MALTA_IMG/initrd.gz" -append "$append" "$@"
	else
		set -- "$MIPSVZ" --board malta --memory 256 --serial stdio \
			--no-reboot --kernel "$MALTA_IMG/vmlinuz" \
			--initrd "$MALTA_IMG/initrd.gz" --append "$append" "$@"
	fi
	timeout "${MIPSVZ_GUEST_TIMEOUT:-900}" "$@" < /dev/null > guest.log 2>&1 &
	guest=$!
}

# malta_need_init NAME RC: SKIP NAME and end the script when the guest
# never reached /init (the board cannot boot Linux yet: nothing to judge).
malta_need_init() {
	grep -q '^MIPSVZ-INIT-OK' guest.log && return
	skip "$1" "the guest never reached /init (exit $2): $(tail -3 guest.log | tr '\n' ' ')"
	exit 0
}

# malta_throughput EMU MARKER WHAT: the guest's MARKER figure, printed
# and not judged.
malta_throughput() {
	local tput
	tput=$(grep -m1 "^$2" guest.log | cut -d' ' -f2-)
	[ -n "$tput" ] && echo "PASS $t_suite/throughput ($1, $3): $tput"
}
