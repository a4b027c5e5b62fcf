#!/bin/sh
# Sourced by the guest tests in this folder, inside the guest (not a test
# itself). say and bad print "MIPSVZ-$tag-..." lines; $fail is 1 once a
# check failed.
fail=0
say() { echo "MIPSVZ-$tag-$*"; }
bad() { say "FAIL $*"; fail=1; }
cs() {	# uptime in hundredths of a second
	read -r up _ < /proc/uptime
	echo "${up%.*}${up#*.}"
}
rate() {	# bytes, centiseconds -> "N.NN MB/s" (MB = 10^6 bytes)
	c=$2
	[ "$c" -gt 0 ] || c=1
	x=$(($1 * 100 / c / 10000))	# MB/s * 100
	printf '%d.%02d MB/s' $((x / 100)) $((x % 100))
}
