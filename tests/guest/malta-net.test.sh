#!/bin/bash
# The Malta network end to end: Debian's kernel loads pcnet32, gets
# 10.0.2.15 from slirp's DHCP server (busybox udhcpc), fetches a file
# from an HTTP server started here on 127.0.0.1 (the guest sees it as
# 10.0.2.2) and checks its SHA-256, then listens on a port that a
# hostfwd rule forwards from 127.0.0.1; we connect and exchange a line
# each way (images/malta/tests/net.sh). The fetch throughput is printed,
# not judged. Only 127.0.0.1 is used on the host.
#   MIPSVZ_GUEST_TIMEOUT  seconds for the whole guest run (default 900)
#   MIPSVZ_NET_EMU=qemu   run the same guest on qemu-system-mipsel (user
#                         networking), for a reference figure
. "${MIPSVZ_ROOT:-.}/tests/lib.sh"
. "${MIPSVZ_ROOT:-.}/tests/guest/lib-malta.sh"

emu=${MIPSVZ_NET_EMU:-mipsvz}
t=net
guest_port=5555

# BAD-INPUTS row 21, before any guest: a forward whose host port is
# taken, and a malformed one, stop mipsvz with the config line.
if [ "$emu" = mipsvz ] && has_board malta &&
   command -v python3 >/dev/null; then
	python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(60)' > "$T_TMP/busy" &
holder=$!
for _ in $(seq 50); do [ -s "$T_TMP/busy" ] && break; sleep 0.1; done
busy=$(cat "$T_TMP/busy")
: > "$T_TMP/kernel"
printf 'board = "malta";\nkernel = "kernel";\nserial = [ "none" ];\nnet = { mode = "slirp";\n  hostfwd = [ "tcp::%s-:22" ]; };\n' \
	"$busy" > "$T_TMP/busy.conf"
expect_output hostfwd_port_in_use nonzero \
	"busy.conf:4: net.hostfwd\[0\]: \"tcp::$busy-:22\": cannot listen on tcp 127.0.0.1:$busy: the port is in use" \
	-- ${MIPSVZ_EXEC:-} "$MIPSVZ" -c "$T_TMP/busy.conf"
sed 's/tcp::[0-9]*-:22/tcp:2222-:22/' "$T_TMP/busy.conf" > "$T_TMP/bad.conf"
expect_output hostfwd_malformed nonzero \
	'bad.conf:5: net.hostfwd\[0\]: "tcp:2222-:22" is not a port forward' \
	-- ${MIPSVZ_EXEC:-} "$MIPSVZ" -c "$T_TMP/bad.conf"
expect_output hostfwd_needs_slirp nonzero 'needs net.mode = "slirp"' \
	-- ${MIPSVZ_EXEC:-} "$MIPSVZ" -c "$T_TMP/busy.conf" -s net.mode=none
kill $holder 2>/dev/null
wait $holder 2>/dev/null
fi

malta_need_images $t
if ! command -v python3 >/dev/null; then
	skip $t "python3 missing (the test's HTTP server and client)"
	exit 0
fi
[ "$emu" = mipsvz ] && need_board $t malta

cd "$T_TMP" || exit 1
mkdir www
head -c 4M /dev/urandom > www/blob.bin
sha=$(sha256sum www/blob.bin | cut -d' ' -f1)

# Free ports on 127.0.0.1, chosen by the kernel.
ports=$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
set -- $ports
fwd_port=$2
python3 -m http.server --bind 127.0.0.1 --directory www 0 \
	> http.log 2>&1 &
http=$!
for _ in $(seq 100); do
	http_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' http.log | head -1)
	[ -n "$http_port" ] && break
	sleep 0.1
done
if [ -z "$http_port" ]; then
	kill $http 2>/dev/null
	fail http_server "python3 -m http.server did not start: $(cat http.log)"
	exit 0
fi

append="console=ttyS0 mipsvz.test=net"
append="$append mipsvz.net.url=http://10.0.2.2:$http_port/blob.bin"
append="$append mipsvz.net.sha=$sha mipsvz.net.port=$guest_port"
rule="tcp:127.0.0.1:$fwd_port-:$guest_port"
if [ "$emu" = qemu ]; then
	malta_start qemu "$append" -nic user,model=pcnet,hostfwd=$rule
else
	malta_start mipsvz "$append" -s net.mode=slirp \
		-s "net.hostfwd[0]=$rule"
fi

# When the guest listens, connect through the forward: send a line,
# read the guest's. The guest may not listen yet when slirp accepts us
# (it then resets the connection): retry.
for _ in $(seq 9000); do
	grep -q '^MIPSVZ-NET-LISTEN' guest.log && break
	kill -0 $guest 2>/dev/null || break
	sleep 0.1
done
if grep -q '^MIPSVZ-NET-LISTEN' guest.log; then
	python3 - "$fwd_port" > client.log 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 120
while time.time() < deadline:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=20)
        s.sendall(b"MIPSVZ-NET-FROM-HOST token 4e7a\n")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        if data:
            print(data.decode(errors="replace").strip())
            sys.exit(0)
    except OSError as e:
        print("retry:", e, file=sys.stderr)
    time.sleep(0.5)
sys.exit(1)
EOF
	crc=$?
else
	crc=-1
fi
wait $guest
rc=$?
kill $http 2>/dev/null
wait $http 2>/dev/null

malta_need_init $t $rc
if grep -q '^MIPSVZ-NET-DHCP 10.0.2.15 10.0.2.2' guest.log; then
	pass dhcp
else
	fail dhcp "$(grep -E 'MIPSVZ-NET|pcnet32|eth0' guest.log | tail -6 | tr '\n' ' ')"
fi
if grep -q '^MIPSVZ-NET-THROUGHPUT' guest.log &&
   ! grep -Eq '^MIPSVZ-NET-FAIL (wget|sha256)' guest.log; then
	pass http_fetch_sha256
else
	fail http_fetch_sha256 "$(grep -E '^MIPSVZ-NET-(FAIL|THROUGHPUT)' guest.log | tr '\n' ' ')"
fi
if [ "$crc" = 0 ] && grep -q '^MIPSVZ-NET-FROM-GUEST hello host' client.log; then
	pass hostfwd_guest_to_host
else
	fail hostfwd_guest_to_host "client exit $crc: $(tail -3 client.log | tr '\n' ' ')"
fi
if grep -q '^MIPSVZ-NET-GOT MIPSVZ-NET-FROM-HOST token 4e7a' guest.log; then
	pass hostfwd_host_to_guest
else
	fail hostfwd_host_to_guest "$(grep -E '^MIPSVZ-NET-(GOT|FAIL)' guest.log | tr '\n' ' ')"
fi
if grep -q '^MIPSVZ-TEST net ok' guest.log && [ $rc -eq 0 ]; then
	pass guest_checks
else
	fail guest_checks "exit $rc; $(grep -E 'MIPSVZ-(NET-FAIL|TEST)' guest.log | tail -6 | tr '\n' ' ')"
fi
malta_throughput $emu MIPSVZ-NET-THROUGHPUT "guest wget over HTTP"
exit 0
