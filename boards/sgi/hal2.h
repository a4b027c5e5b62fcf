/* SGI HAL2 audio controller (HPC3 PBUS PIO channel 0, 0x1fbd8000), as a
 * register file only: the revision register, ISR, and the indirect
 * registers (IAR + IDR0-3) read back what was written. No sound. */
#ifndef MIPSVZ_BOARDS_SGI_HAL2_H
#define MIPSVZ_BOARDS_SGI_HAL2_H

#include <stdint.h>

#include "vmm/bus.h"
#include "vmm/err.h"

#define HAL2_BASE 0x1fbd8000ull
#define HAL2_SIZE 0x400ull
/* REV reads this (SGI-FACTS 1 and 4.6.13). */
#define HAL2_REV_VALUE 0x4010u

enum { HAL2_ISR = 0x10, HAL2_REV = 0x20, HAL2_IAR = 0x30, HAL2_IDR0 = 0x40 };

struct hal2;

int hal2_create(struct hal2 **out, struct err *e);
void hal2_destroy(struct hal2 *h);
void hal2_reset(struct hal2 *h);
extern const struct mmio_ops hal2_ops;
uint32_t hal2_read(struct hal2 *h, unsigned off);
void hal2_write(struct hal2 *h, unsigned off, uint32_t v);

#endif
