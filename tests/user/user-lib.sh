# Shared by tests/user/*.test.sh (sourced after tests/lib.sh): where the
# guest programs are, which qemu-user runs each ABI, and how to run a
# program under both and compare.
USER_BIN=${MIPSVZ_BUILD:-build}/mipsvz-user
GUEST=${MIPSVZ_BUILD:-build}/guest
USER_ABIS="o32be o32le n64be n64le"

# qemu-user binary and the CPU model matching our default for the ABI
# (qemu's own default for n64 is 5KEf, whose FCSR differs).
user_qemu() {
	case $1 in
	o32be) echo "qemu-mips-static -cpu 24Kf" ;;
	o32le) echo "qemu-mipsel-static -cpu 24Kf" ;;
	n64be) echo "qemu-mips64-static -cpu MIPS64R2-generic" ;;
	n64le) echo "qemu-mips64el-static -cpu MIPS64R2-generic" ;;
	esac
}

have_user() {
	[ -x "$USER_BIN" ]
}

have_qemu() {
	command -v "$(user_qemu "$1" | cut -d' ' -f1)" >/dev/null
}

# run_capture OUTFILE -- command...: stdout to OUTFILE, status echoed.
run_capture() {
	local out=$1; shift 2
	timeout 60 "$@" >"$out" 2>"$out.err" </dev/null
	echo $?
}
