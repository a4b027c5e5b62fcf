#include "vz_exit.h"

#include <inttypes.h>
#include <string.h>

#include "vmm/log.h"

/* KVM passes MMIO data as a host-native integer of `len` bytes (1.10);
 * under VZ host and guest byte order are equal, so this is also the
 * value the guest CPU sees. */
static uint64_t native_load(const uint8_t *p, unsigned len)
{
	uint8_t b8; uint16_t b16; uint32_t b32; uint64_t b64;

	switch (len) {
	case 1: memcpy(&b8, p, 1); return b8;
	case 2: memcpy(&b16, p, 2); return b16;
	case 4: memcpy(&b32, p, 4); return b32;
	default: memcpy(&b64, p, 8); return b64;
	}
}

static void native_store(uint8_t *p, unsigned len, uint64_t v)
{
	uint8_t b8 = v; uint16_t b16 = v; uint32_t b32 = v;

	switch (len) {
	case 1: memcpy(p, &b8, 1); break;
	case 2: memcpy(p, &b16, 2); break;
	case 4: memcpy(p, &b32, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

static enum vz_exit_action vz_mmio(struct kvm_run *run, struct bus *bus)
{
	uint64_t pa = run->mmio.phys_addr, v = 0;
	unsigned len = run->mmio.len;

	if (len != 1 && len != 2 && len != 4 && len != 8) {
		log_msg("vz: MMIO of %u bytes at 0x%" PRIx64 " refused", len,
			pa);
		return VZ_EXIT_FATAL;
	}
	if (run->mmio.is_write) {
		if (bus_write(bus, pa, len, native_load(run->mmio.data, len)) !=
		    BUS_OK)
			LOG_RATELIMITED("vz: bus error on a %u-byte write at "
					"0x%" PRIx64 " (VZ cannot deliver it; "
					"dropped)", len, pa);
		return VZ_EXIT_CONTINUE;
	}
	if (bus_read(bus, pa, len, &v) != BUS_OK) {
		LOG_RATELIMITED("vz: bus error on a %u-byte read at 0x%" PRIx64
				" (VZ cannot deliver it; reads all-ones)",
				len, pa);
		v = ~0ull;
	}
	native_store(run->mmio.data, len, v);
	return VZ_EXIT_CONTINUE;
}

enum vz_exit_action vz_handle_exit(struct kvm_run *run, struct bus *bus)
{
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		return vz_mmio(run, bus);
	case KVM_EXIT_INTR:
		return VZ_EXIT_CONTINUE;
	case KVM_EXIT_INTERNAL_ERROR:
		log_msg("vz: KVM internal error: the guest executed something "
			"mainline KVM VZ cannot emulate (R4000/R10000-only CP0 "
			"registers or CACHE index ops, as IRIX uses, or an "
			"instruction fetch from MMIO); stopping. Run this "
			"guest with --accel soft (docs/vz.md).");
		return VZ_EXIT_INTERNAL;
	default:
		log_msg("vz: unexpected KVM exit reason %u; stopping",
			run->exit_reason);
		return VZ_EXIT_FATAL;
	}
}
