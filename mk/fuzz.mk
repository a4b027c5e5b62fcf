# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang when it is
# there: `make fuzz` runs each for FUZZ_TIME seconds (BAD-INPUTS row 29),
# keeping crashes in $(B)/fuzz/crashes. `make test` only runs a short
# smoke pass (tests/fuzz/fuzz.test.sh). Sources are compiled again with
# clang's coverage; corpora start empty and grow in $(B)/fuzz/corpus.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_HAVE := $(shell command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	echo 'int LLVMFuzzerTestOneInput(const char *d, long n){return 0;}' | \
	$(FUZZ_CC) -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null && echo y)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_LIB_SRC := $(wildcard vmm/block/*.c) vmm/dev/scsi_bus.c \
	vmm/dev/scsi_disk.c vmm/dev/scsi_cd.c firmware/volhdr.c vmm/err.c \
	vmm/log.c
FUZZ_FLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. $(CHD_CFLAGS) \
	$(shell pkg-config --cflags zlib 2>/dev/null) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

ifeq ($(FUZZ_HAVE),y)
$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRC) -pthread \
		$(filter-out -Wl%,$(PKG_LIBS)) -lm

# Seed the CHD corpus with chdman's own files when it is there.
fuzz-seeds:
	@d=$(B)/fuzz/corpus/fuzz_chd; mkdir -p $$d; \
	if [ -z "$$(ls -A $$d)" ] && command -v chdman >/dev/null; then \
		t=$$(mktemp -d); \
		( head -c 8192 /dev/urandom; yes IRIX | head -c 16384; \
		  head -c 8192 /dev/zero ) > $$t/a.raw; \
		for c in lzma zlib huff flac none; do \
			chdman createhd -i $$t/a.raw -o $$d/seed-$$c.chd \
				-c $$c >/dev/null 2>&1; done; \
		head -c 16384 /dev/urandom > $$t/c.iso; \
		chdman createcd -i $$t/c.iso -o $$d/seed-cd.chd >/dev/null 2>&1; \
		rm -rf $$t; \
	fi

fuzz: $(FUZZ_BIN) fuzz-seeds
	@for f in $(FUZZ_BIN); do \
		mkdir -p $(B)/fuzz/corpus/$${f##*/} $(B)/fuzz/crashes; \
		echo "fuzz: $$f for $(FUZZ_TIME) s"; \
		$$f -max_total_time=$(FUZZ_TIME) -max_len=65536 \
			-artifact_prefix=$(B)/fuzz/crashes/ \
			$(B)/fuzz/corpus/$${f##*/} || exit 1; \
	done

TEST_DEPS += $(FUZZ_BIN)
else
fuzz fuzz-seeds:
	@echo "fuzz: $(FUZZ_CC) with -fsanitize=fuzzer not available"
endif

.PHONY: fuzz fuzz-seeds
