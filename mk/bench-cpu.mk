# `make bench-cpu`: the CPU benchmark (tests/bench/cpu/run.sh), mipsvz-user
# against qemu-user on the same fixed work. Not part of `make test`.
bench-cpu: $(B)/mipsvz-user
	tests/bench/cpu/run.sh $(B)

.PHONY: bench-cpu
