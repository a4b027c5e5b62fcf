# Shared by tests/user/*.test.sh (sourced after tests/lib.sh): where the
# guest programs are, and how to run a program under mipsvz-user and
# qemu-user (tests/lib-abi.sh) and compare.
. "$(dirname "${BASH_SOURCE[0]}")/../lib-abi.sh"
USER_BIN=${MIPSVZ_BUILD:-build}/mipsvz-user
GUEST=${MIPSVZ_BUILD:-build}/guest
USER_ABIS="o32be o32le n64be n64le"

have_user() {
	[ -x "$USER_BIN" ]
}

# run_capture OUTFILE -- command...: stdout to OUTFILE, status echoed.
run_capture() {
	local out=$1; shift 2
	timeout 60 "$@" >"$out" 2>"$out.err" </dev/null
	echo $?
}
