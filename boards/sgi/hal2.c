/* SGI HAL2, registers only. Facts: Linux's sound/mips/hal2.h (ISR 0x10,
 * REV 0x20, IAR 0x30, IDR0-3 0x40-0x70; IAR bit 15 = read: the indirect
 * register's words appear in IDR0-3) and SGI-FACTS 4.6.13 (REV reads
 * 0x4010; drivers read-modify-write DMA_ENABLE/DMA_DRIVE, so indirect
 * registers must read back). Audio is not produced. */
#include "hal2.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

#define HAL2_IAR_READ 0x8000u
#define HAL2_NIND 64

struct hal2 {
	uint32_t isr, iar, idr[4];
	struct {
		uint16_t addr;
		uint16_t val[4];
		bool used;
	} ind[HAL2_NIND];
};

static int ind_slot(struct hal2 *h, uint16_t addr, bool create)
{
	for (int i = 0; i < HAL2_NIND; i++)
		if (h->ind[i].used && h->ind[i].addr == addr)
			return i;
	if (!create)
		return -1;
	for (int i = 0; i < HAL2_NIND; i++)
		if (!h->ind[i].used) {
			h->ind[i].used = true;
			h->ind[i].addr = addr;
			memset(h->ind[i].val, 0, sizeof(h->ind[i].val));
			return i;
		}
	return -1;
}

static void iar_write(struct hal2 *h, uint32_t v)
{
	uint16_t addr = v & 0x7fff;
	int s;

	h->iar = v & 0xffff;
	if (v & HAL2_IAR_READ) {
		s = ind_slot(h, addr, false);
		for (int i = 0; i < 4; i++)
			h->idr[i] = s < 0 ? 0 : h->ind[s].val[i];
		return;
	}
	s = ind_slot(h, addr, true);
	if (s < 0) {
		LOG_RATELIMITED("hal2: too many indirect registers");
		return;
	}
	for (int i = 0; i < 4; i++)
		h->ind[s].val[i] = h->idr[i] & 0xffff;
}

uint32_t hal2_read(struct hal2 *h, unsigned off)
{
	switch (off) {
	case HAL2_ISR: return h->isr;
	case HAL2_REV: return HAL2_REV_VALUE;
	case HAL2_IAR: return h->iar;
	case HAL2_IDR0: case HAL2_IDR0 + 0x10: case HAL2_IDR0 + 0x20:
	case HAL2_IDR0 + 0x30:
		return h->idr[(off - HAL2_IDR0) >> 4];
	}
	LOG_RATELIMITED("hal2: unimplemented: read at +0x%x", off);
	return 0;
}

void hal2_write(struct hal2 *h, unsigned off, uint32_t v)
{
	TRACE(TRACE_DEV, "hal2: [0x%x] <- 0x%x", off, v);
	switch (off) {
	case HAL2_ISR: h->isr = v & 0xffff; return;
	case HAL2_REV: return;
	case HAL2_IAR: iar_write(h, v); return;
	case HAL2_IDR0: case HAL2_IDR0 + 0x10: case HAL2_IDR0 + 0x20:
	case HAL2_IDR0 + 0x30:
		h->idr[(off - HAL2_IDR0) >> 4] = v & 0xffff;
		return;
	}
	LOG_RATELIMITED("hal2: unimplemented: write at +0x%x", off);
}

static uint64_t hal2_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	return hal2_read(opaque, (unsigned)off);
}

static void hal2_mmio_write(void *opaque, uint64_t off, uint64_t v,
			    unsigned size)
{
	hal2_write(opaque, (unsigned)off, (uint32_t)v);
}

const struct mmio_ops hal2_ops = {
	.name = "hal2", .read = hal2_mmio_read, .write = hal2_mmio_write,
	.valid_sizes = ACCESS_4, .impl_sizes = ACCESS_4, .endian = ENDIAN_BIG,
};

void hal2_reset(struct hal2 *h)
{
	memset(h, 0, sizeof(*h));
}

int hal2_create(struct hal2 **out, struct err *e)
{
	struct hal2 *h = calloc(1, sizeof(*h));

	if (!h)
		return err_set(e, "hal2: out of memory");
	*out = h;
	return 0;
}

void hal2_destroy(struct hal2 *h)
{
	free(h);
}
