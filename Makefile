# mipsvz — see README.md. `make` builds build/mipsvz; `make test` runs every
# test; `make check` runs them again under ASan+UBSan; `make run` boots the
# default appliance.conf. Fragments in mk/*.mk add images, guest test
# programs and benchmarks.

B ?= build
CC ?= gcc
# libconfig, libslirp, SDL2 and zlib come with pkg-config files; Debian 12's
# libfdt-dev has none, hence the fallback.
PKGS := libconfig slirp sdl2 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
	$(shell pkg-config --libs libfdt 2>/dev/null || echo -lfdt)
SAN_FLAGS ?=
CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -pthread \
	-D_GNU_SOURCE -I. $(PKG_CFLAGS) $(SAN_FLAGS)
override LDFLAGS += -pthread $(SAN_FLAGS)
LDLIBS += -Wl,--as-needed $(PKG_LIBS) -lm

CORE_SRC := $(filter-out vmm/main.c, \
	$(wildcard vmm/*.c vmm/cpu/*.c vmm/dev/*.c vmm/block/*.c \
		   boards/*/*.c firmware/*.c kernel/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(B)/obj/%.o)
USER_SRC := $(wildcard vmm/user/*.c)
TEST_SRC ?= $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)

all: $(B)/mipsvz $(if $(USER_SRC),$(B)/mipsvz-user) $(TEST_BIN)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/libmipsvz.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/mipsvz: $(B)/obj/vmm/main.o $(B)/libmipsvz.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/mipsvz-user: $(USER_SRC:%.c=$(B)/obj/%.o) $(B)/libmipsvz.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(B)/obj/tests/test.o $(B)/libmipsvz.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit-tests: $(TEST_BIN)

# Fragments add rules, TEST_DEPS (prerequisites of `make test`) and
# RUN_DEPS (what `make run` needs besides the binary, e.g. guest images).
TEST_DEPS :=
RUN_DEPS :=
-include $(wildcard mk/*.mk)

test: all $(TEST_DEPS)
	tests/run.sh $(B)

run: deps
	$(MAKE) all $(RUN_DEPS)
	$(B)/mipsvz -c appliance.conf

run-malta: deps
	$(MAKE) all malta-images
	$(B)/mipsvz -c appliances/malta.conf

check:
	$(MAKE) B=build-san CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		test

DEB_PKGS := build-essential pkg-config libconfig-dev libslirp-dev \
	libsdl2-dev zlib1g-dev libfdt-dev qemu-user-static \
	gcc-mips-linux-gnu gcc-mipsel-linux-gnu \
	gcc-mips64-linux-gnuabi64 gcc-mips64el-linux-gnuabi64
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
deps:
	@missing=$$(for p in $(DEB_PKGS) $(EXTRA_DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $$missing >/dev/null; \
	fi

clean:
	rm -rf build build-san

.PHONY: all unit-tests test check deps clean run run-malta
-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
