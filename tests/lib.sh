# Helpers for tests/*/*.test.sh scripts: each check prints one
# PASS/FAIL/SKIP line, counted by tests/run.sh.
MIPSVZ=${MIPSVZ_BUILD:-build}/mipsvz
# Run mipsvz (through qemu-user for a cross build: MIPSVZ_EXEC).
mipsvz() { ${MIPSVZ_EXEC:-} "$MIPSVZ" "$@"; }
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT
t_suite=$(basename "$0" .test.sh)

pass() { echo "PASS $t_suite/$1"; }
fail() { echo "FAIL $t_suite/$1: $2"; }
skip() { echo "SKIP $t_suite/$1: $2"; }

# has_board BOARD: this build has BOARD (mipsvz --list-boards).
has_board() { mipsvz --list-boards 2>/dev/null | grep -qw "$1"; }
# need_board NAME BOARD: SKIP NAME and end the script unless it has.
need_board() {
	has_board "$2" && return
	skip "$1" "this build has no $2 board"
	exit 0
}

# expect_output NAME EXPECTED_STATUS PATTERN -- command...
# Runs the command (under a 60 s timeout), checks its exit status and
# that its combined output matches the extended regex PATTERN.
expect_output() {
	local name=$1 want=$2 pat=$3; shift 4
	local out rc
	out=$(timeout 60 "$@" 2>&1); rc=$?
	if [ "$want" = nonzero ] && [ $rc -eq 0 ]; then
		fail "$name" "exit status 0, wanted non-zero; output: $out"
	elif [ "$want" != nonzero ] && [ $rc -ne "$want" ]; then
		fail "$name" "exit status $rc, wanted $want; output: $out"
	elif ! printf '%s' "$out" | grep -Eq -- "$pat"; then
		fail "$name" "output does not match /$pat/: $out"
	else
		pass "$name"
	fi
}
