# Cross builds for MIPS hosts (issue 7: the VZ backend runs there), and
# their test runs under qemu-user. `make cross` builds both; `make
# test-cross` runs their unit tests, proving the soft CPU and the devices
# on hosts of either byte order.
#
# mips64el: Debian's port, with libconfig and zlib from its packages.
# mips64 (big-endian): Debian has no userland for it, so only what needs
# no third-party library: the core library and its unit tests.

CROSS_CACHE ?= $(HOME)/.cache/mipsvz/cross
CROSS_FLAGS = -DMIPSVZ_NO_SLIRP -DMIPSVZ_NO_SDL
# Unit tests that need libconfig, left out of the big-endian build.
CROSS_BE_SKIP := test_config test_machine

cross-sysroot-mips64el:
	images/cross-sysroot.sh mips64el $(CROSS_CACHE)/mips64el

cross-mips64el: cross-sysroot-mips64el
	$(MAKE) B=build-mips64el CC=mips64el-linux-gnuabi64-gcc \
		PKG_CFLAGS="-I$(CROSS_CACHE)/mips64el/usr/include $(CROSS_FLAGS)" \
		PKG_LIBS="-L$(CROSS_CACHE)/mips64el/usr/lib/mips64el-linux-gnuabi64 -lconfig -lz" \
		LDFLAGS="-static -pthread" all

cross-mips64:
	$(MAKE) B=build-mips64 CC=mips64-linux-gnuabi64-gcc \
		PKG_CFLAGS="$(CROSS_FLAGS)" PKG_LIBS="" \
		LDFLAGS="-static -pthread" \
		TEST_SRC="$(filter-out $(CROSS_BE_SKIP:%=tests/unit/%.c),$(TEST_SRC))" \
		unit-tests

cross: cross-mips64el cross-mips64

test-cross: cross sgi-images
	MIPSVZ_EXEC=qemu-mips64el-static MIPSVZ_UNIT_ONLY=1 \
		tests/run.sh build-mips64el
	tests/cross/boot.sh $(CURDIR)/build-mips64el qemu-mips64el-static
	MIPSVZ_EXEC=qemu-mips64-static MIPSVZ_UNIT_ONLY=1 \
		tests/run.sh build-mips64

.PHONY: cross cross-mips64el cross-mips64 cross-sysroot-mips64el test-cross
