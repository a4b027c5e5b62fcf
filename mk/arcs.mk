# ARCS firmware (issue 5): guest test programs built with the MIPS cross
# compiler into $(B)/guest/arcs/. Big-endian, o32, MIPS III only (the
# R4400 has no MIPS32r2 instructions). Without the cross compiler the
# guest tests SKIP and say why.

ARCS_CC ?= mips-linux-gnu-gcc
ARCS_OBJCOPY ?= mips-linux-gnu-objcopy
ARCS_GUEST_DIR := $(B)/guest/arcs
ARCS_GUEST_CFLAGS := -march=mips3 -mabi=32 -EB -O2 -G0 -ffreestanding \
	-fno-builtin -nostdlib -fno-pic -mno-abicalls -static -no-pie -Wall -Wextra \
	-Wl,--build-id=none -Wl,-e,_start
ARCS_TEST_SRC := tests/arcs/start.S tests/arcs/arcs-test.c

ifneq ($(shell command -v $(ARCS_CC) 2>/dev/null),)
ARCS_GUEST := $(ARCS_GUEST_DIR)/arcs-test.elf \
	$(ARCS_GUEST_DIR)/arcs-test.ecoff $(ARCS_GUEST_DIR)/rom-test.bin
endif

# Linked in bank 0 above where Linux's vmlinux ends (0x88754180):
# tests/arcs/arcs-test.ld.
$(ARCS_GUEST_DIR)/arcs-test.elf: $(ARCS_TEST_SRC) tests/arcs/arcs-guest.h \
		tests/arcs/arcs-test.ld
	@mkdir -p $(dir $@)
	$(ARCS_CC) $(ARCS_GUEST_CFLAGS) -T tests/arcs/arcs-test.ld -o $@ \
		$(ARCS_TEST_SRC)

# The same program as ECOFF (what IRIX 5 era standalone programs are).
$(ARCS_GUEST_DIR)/arcs-test.ecoff: $(ARCS_GUEST_DIR)/arcs-test.elf
	$(ARCS_OBJCOPY) -O ecoff-bigmips $< $@

# A 512 KB PROM image of our own for firmware = "rom" (runs from the
# reset vector, touches the hardware directly).
$(ARCS_GUEST_DIR)/rom-test.elf: tests/arcs/rom-test.S
	@mkdir -p $(dir $@)
	$(ARCS_CC) -march=mips3 -mabi=32 -EB -nostdlib -fno-pic \
		-mno-abicalls -static -no-pie -Wl,--build-id=none -Wl,-e,_start \
		-Wl,-Ttext=0xbfc00000 -o $@ $<

$(ARCS_GUEST_DIR)/rom-test.bin: $(ARCS_GUEST_DIR)/rom-test.elf
	$(ARCS_OBJCOPY) -O binary -j .text $< $@
	truncate -s 524288 $@

arcs-guest: $(ARCS_GUEST)

TEST_DEPS += $(ARCS_GUEST)

.PHONY: arcs-guest
