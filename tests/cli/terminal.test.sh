#!/bin/bash
# The stdio console puts the terminal in raw mode; every way out gives it
# back: a quit signal, and a crash (SIGSEGV, SIGABRT). The guest runs on
# a pseudo-terminal (python3's pty module) so its settings can be read
# after mipsvz has gone. Needs the Malta kernel from images/malta.
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"

img=${MIPSVZ_ROOT:-.}/images/malta/out
if [ ! -s "$img/vmlinuz" ]; then
	skip restore "Malta guest images not built (make malta-images)"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	skip restore "python3 missing"
	exit 0
fi
need_board restore malta

cat > "$T_TMP/term.py" <<'PY'
# Prints "RAW CANON ECHO STATUS": raw mode seen while running, then the
# terminal's ICANON and ECHO after mipsvz exited, and its wait status.
import os, pty, signal, sys, termios, time
mipsvz, kernel, sig = sys.argv[1], sys.argv[2], getattr(signal, sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.execv(mipsvz, [mipsvz, '--board', 'malta', '--kernel', kernel,
                      '--serial', 'stdio', '--append', 'console=ttyS0'])
raw = False
for _ in range(200):
    time.sleep(0.05)
    if not termios.tcgetattr(fd)[3] & termios.ICANON:
        raw = True
        break
time.sleep(0.2)
os.kill(pid, sig)
while True:
    try:
        if not os.read(fd, 4096):
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
lflag = termios.tcgetattr(fd)[3]
print(int(raw), int(bool(lflag & termios.ICANON)),
      int(bool(lflag & termios.ECHO)), status)
PY

for sig in SIGTERM SIGSEGV SIGABRT; do
	res=$(timeout 60 python3 "$T_TMP/term.py" "$MIPSVZ" "$img/vmlinuz" $sig 2>&1)
	case $res in
	"1 1 1 "*) pass "restored_after_$sig" ;;
	"0 "*) fail "restored_after_$sig" "the console never went raw: $res" ;;
	*) fail "restored_after_$sig" "terminal left raw (raw canon echo status): $res" ;;
	esac
done
