# Differential CPU testing against qemu-user (tests/diff/). `make test`
# runs tests/diff/diff.test.sh (a fixed seed, a few thousand sequences);
# `make fuzz-cpu SEED=x N=n` runs N programs of 100 sequences per ABI.
EXTRA_DEB_PKGS += python3

SEED ?= $(shell date +%s)
N ?= 20

fuzz-cpu: $(B)/mipsvz-user
	tests/diff/run.sh $(B) $(SEED) $(N) 100

.PHONY: fuzz-cpu
