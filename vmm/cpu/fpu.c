/* CP1 of the soft CPU: placeholder so the core links; the real
 * implementation follows. */
#include <string.h>

#include "vmm/cpu/fpu.h"

void fpu_reset(struct fpu *f, const struct cpu_model *model)
{
	memset(f, 0, sizeof(*f));
	if (model) {
		f->fir = model->fir;
		f->isa = model->isa;
		f->denorm_trap = !!(model->flags & CPU_FPU_DENORM_TRAP);
	}
}

enum fpu_result fpu_exec_cop1(struct fpu *f, uint32_t insn,
			      const uint64_t *gpr)
{
	return FPU_RI;
}

enum fpu_result fpu_exec_cop1x(struct fpu *f, uint32_t insn)
{
	return FPU_RI;
}

bool fpu_cond(const struct fpu *f, unsigned cc)
{
	unsigned bit = cc ? 24 + cc : 23;

	return (f->fcsr >> bit) & 1;
}

uint32_t fpu_get_w(const struct fpu *f, unsigned reg)
{
	if (f->fr)
		return (uint32_t)f->fpr[reg & 31];
	return (uint32_t)(f->fpr[reg & 31]);
}

void fpu_set_w(struct fpu *f, unsigned reg, uint32_t v)
{
	reg &= 31;
	f->fpr[reg] = (f->fpr[reg] & ~0xffffffffull) | v;
}

uint64_t fpu_get_d(const struct fpu *f, unsigned reg)
{
	reg &= 31;
	if (f->fr)
		return f->fpr[reg];
	reg &= ~1u;
	return (f->fpr[reg + 1] << 32) | (uint32_t)f->fpr[reg];
}

void fpu_set_d(struct fpu *f, unsigned reg, uint64_t v)
{
	reg &= 31;
	if (f->fr) {
		f->fpr[reg] = v;
		return;
	}
	reg &= ~1u;
	fpu_set_w(f, reg, (uint32_t)v);
	fpu_set_w(f, reg + 1, (uint32_t)(v >> 32));
}

uint32_t fpu_get_hi(const struct fpu *f, unsigned reg)
{
	return (uint32_t)(fpu_get_d(f, reg) >> 32);
}

void fpu_set_hi(struct fpu *f, unsigned reg, uint32_t v)
{
	uint64_t d = fpu_get_d(f, reg);

	fpu_set_d(f, reg, (d & 0xffffffffull) | ((uint64_t)v << 32));
}

uint32_t fpu_cfc1(const struct fpu *f, unsigned reg)
{
	return reg == 0 ? f->fir : reg == 31 ? f->fcsr : 0;
}

enum fpu_result fpu_ctc1(struct fpu *f, unsigned reg, uint32_t v)
{
	if (reg == 31)
		f->fcsr = v;
	return FPU_OK;
}
