#!/bin/sh
# Network test, run by /init for mipsvz.test=net; the host side is
# tests/guest/malta-net.test.sh. Parameters on the kernel command line:
#   mipsvz.net.url=URL    a file on the host's HTTP server (10.0.2.2)
#   mipsvz.net.sha=HEX    its SHA-256
#   mipsvz.net.port=N     guest TCP port the host reaches by a hostfwd
# We load pcnet32, get an address from slirp's DHCP server with udhcpc,
# fetch the file with wget and check it, then accept one connection on
# the port: print what the host sent, answer with a known line.
# Output: MIPSVZ-NET-* lines; exit status 0 when every check passed.
# Applets without a link in the initramfs are called through busybox.
tag=NET
. /tests/lib.sh

url= sha= port=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	mipsvz.net.url=*) url=${arg#mipsvz.net.url=} ;;
	mipsvz.net.sha=*) sha=${arg#mipsvz.net.sha=} ;;
	mipsvz.net.port=*) port=${arg#mipsvz.net.port=} ;;
	esac
done

modprobe pcnet32 || bad "modprobe pcnet32"
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done
[ -e /sys/class/net/eth0 ] || { bad "no eth0"; busybox dmesg | grep -i pcnet; exit 1; }
busybox dmesg | grep -E 'pcnet32|eth0' | busybox sed 's/^/MIPSVZ-NET-DMESG /'
ip link set lo up
ip link set eth0 up

# udhcpc hands the lease to a script in the environment.
cat > /tmp/dhcp.sh <<'EOF'
#!/bin/sh
case "$1" in
deconfig)
	ip addr flush dev "$interface"
	ip link set "$interface" up
	;;
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/$mask" dev "$interface"
	for r in $router; do
		ip route add default via "$r" dev "$interface"
	done
	: > /etc/resolv.conf
	for d in $dns; do
		echo "nameserver $d" >> /etc/resolv.conf
	done
	echo "$ip $router" > /tmp/lease
	;;
esac
EOF
chmod +x /tmp/dhcp.sh
busybox udhcpc -i eth0 -s /tmp/dhcp.sh -q -n -t 5 -T 2 >/dev/null 2>&1 ||
	bad "udhcpc got no lease"
lease=$(cat /tmp/lease 2>/dev/null)
say "DHCP $lease"
[ "${lease%% *}" = 10.0.2.15 ] || bad "address '${lease%% *}', not 10.0.2.15"
[ "${lease#* }" = 10.0.2.2 ] || bad "router '${lease#* }', not 10.0.2.2"

if [ -n "$url" ]; then
	a=$(cs)
	busybox wget -q -O /tmp/fetched "$url" || bad "wget $url"
	b=$(cs)
	got=$(sha256sum < /tmp/fetched)
	[ "${got%% *}" = "$sha" ] || bad "sha256 ${got%% *}, wanted $sha"
	size=$(wc -c < /tmp/fetched)
	say "THROUGHPUT $size bytes in $((b - a)) cs: $(rate "$size" $((b - a)))"
	rm -f /tmp/fetched
fi

if [ -n "$port" ]; then
	# The host connects when it sees LISTEN, retrying until we answer.
	say "LISTEN $port"
	echo "MIPSVZ-NET-FROM-GUEST hello host" |
		busybox timeout 120 busybox nc -l -p "$port" > /tmp/from-host ||
		bad "nc -l -p $port"
	say "GOT $(head -1 /tmp/from-host)"
	grep -q '^MIPSVZ-NET-FROM-HOST ' /tmp/from-host ||
		bad "nothing from the host on port $port"
fi

[ $fail = 0 ] && say "OK"
exit $fail
