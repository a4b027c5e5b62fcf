# mipsvz-user's guest programs: the C programs in tests/user/progs and the
# assembly tests in tests/cpu-asm, built with Debian's four MIPS cross
# compilers into $(B)/guest/ at test time (sources only are committed).
# tests/user/*.test.sh run them under mipsvz-user and qemu-*-static.
#
# ABI names used everywhere in the tests: o32be o32le n64be n64le.

USER_ABIS := o32be o32le n64be n64le
USER_CC_o32be := mips-linux-gnu-gcc
USER_CC_o32le := mipsel-linux-gnu-gcc
USER_CC_n64be := mips64-linux-gnuabi64-gcc
USER_CC_n64le := mips64el-linux-gnuabi64-gcc
USER_GCFLAGS := -O2 -static -Wall
# The assembly tests have their own _start and no libc.
USER_ASFLAGS_o32 := -march=mips32r2 -mabi=32 -mno-abicalls -fno-pic -nostdlib -static \
	-Wl,--build-id=none -Itests/cpu-asm
USER_ASFLAGS_n64 := -march=mips64r2 -mabi=64 -mno-abicalls -fno-pic -nostdlib -static \
	-Wl,--build-id=none -Itests/cpu-asm

# A sanitizer build runs several times slower: tests read this to scale
# their work down.
export MIPSVZ_SAN := $(if $(SAN_FLAGS),1,)

USER_PROGS := $(basename $(notdir $(wildcard tests/user/progs/*.c)))
USER_ASM := $(basename $(notdir $(wildcard tests/cpu-asm/*.S)))
# Only ABIs whose compiler is installed; the tests SKIP the others.
USER_HAVE_ABIS := $(foreach a,$(USER_ABIS),\
	$(if $(shell command -v $(USER_CC_$(a)) 2>/dev/null),$(a)))

USER_GUEST := \
	$(foreach a,$(USER_HAVE_ABIS),$(USER_PROGS:%=$(B)/guest/user/%-$(a))) \
	$(foreach a,$(USER_HAVE_ABIS),$(USER_ASM:%=$(B)/guest/cpu-asm/%-$(a)))

define USER_ABI_RULES
$(B)/guest/user/%-$(1): tests/user/progs/%.c
	@mkdir -p $$(dir $$@)
	$(USER_CC_$(1)) $(USER_GCFLAGS) -o $$@ $$< -lm

$(B)/guest/cpu-asm/%-$(1): tests/cpu-asm/%.S tests/cpu-asm/cpu-asm.h
	@mkdir -p $$(dir $$@)
	$(USER_CC_$(1)) $(USER_ASFLAGS_$(2)) -o $$@ $$<
endef
$(eval $(call USER_ABI_RULES,o32be,o32))
$(eval $(call USER_ABI_RULES,o32le,o32))
$(eval $(call USER_ABI_RULES,n64be,n64))
$(eval $(call USER_ABI_RULES,n64le,n64))

user-guests: $(USER_GUEST)

TEST_DEPS += user-guests

.PHONY: user-guests
