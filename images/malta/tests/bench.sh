#!/bin/sh
# Small CPU benchmark timed by the guest itself (tests/bench/malta-boot):
# prints "MIPSVZ-BENCH name centiseconds" per workload.
. /tests/lib.sh
bench() {	# name, command...
	name=$1
	shift
	a=$(cs)
	"$@" >/dev/null 2>&1
	b=$(cs)
	echo "MIPSVZ-BENCH $name $((b - a))"
}
shloop() {
	i=0
	while [ $i -lt 20000 ]; do
		i=$((i + 1))
	done
}
bench shell-loop shloop
bench sha256-4MiB sh -c 'dd if=/dev/zero bs=64k count=64 | sha256sum'
bench gzip-busybox sh -c 'gzip -6 < /bin/busybox'
