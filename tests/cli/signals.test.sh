#!/bin/bash
# Quitting a running machine: SIGTERM and SIGINT end mipsvz with status
# 0 and one "quitting" line, whatever the guest is doing. Runs the Malta
# kernel from images/malta (skips without it); the guest never needs to
# get far.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

img=${MIPSVZ_ROOT:-.}/images/malta/out
if [ ! -s "$img/vmlinuz" ]; then
	skip quit "Malta guest images not built (make malta-images)"
	exit 0
fi
need_board quit malta
cd "$T_TMP" || exit 1

# quit_by NAME SIGNAL: start a guest, signal it after a second.
quit_by() {
	local name=$1 sig=$2 pid rc
	"$MIPSVZ" --board malta --kernel "$img/vmlinuz" --serial file:console.log \
		--append console=ttyS0 < /dev/null > out.log 2>&1 &
	pid=$!
	sleep 1
	kill -"$sig" $pid
	for _ in $(seq 100); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		fail "$name" "still running 10 s after SIG$sig"
		return
	fi
	wait $pid; rc=$?
	if [ $rc -eq 0 ] && grep -q '^mipsvz: .*: quitting' out.log; then
		pass "$name"
	else
		fail "$name" "status $rc: $(cat out.log)"
	fi
}

quit_by sigterm_quits TERM
quit_by sigint_quits INT
