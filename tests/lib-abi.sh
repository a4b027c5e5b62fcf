# The user-mode ABIs the tests build and run, by the names used
# everywhere in the tests (mk/user.mk): o32be o32le n64be n64le.
# Sourced by tests/user/user-lib.sh, tests/diff/run.sh and
# tests/bench/cpu/run.sh.

# Cross-toolchain prefix: "$(abi_cc o32be)-gcc".
abi_cc() {
	case $1 in
	o32be) echo mips-linux-gnu ;; o32le) echo mipsel-linux-gnu ;;
	n64be) echo mips64-linux-gnuabi64 ;;
	n64le) echo mips64el-linux-gnuabi64 ;;
	esac
}

# qemu-user binary and the CPU model matching our default for the ABI
# (qemu's own default for n64 is 5KEf, whose FCSR differs).
abi_qemu() {
	case $1 in
	o32be) echo "qemu-mips-static -cpu 24Kf" ;;
	o32le) echo "qemu-mipsel-static -cpu 24Kf" ;;
	n64be) echo "qemu-mips64-static -cpu MIPS64R2-generic" ;;
	n64le) echo "qemu-mips64el-static -cpu MIPS64R2-generic" ;;
	esac
}

# Whether that qemu-user is installed.
abi_have_qemu() {
	command -v "$(abi_qemu "$1" | cut -d' ' -f1)" >/dev/null
}
