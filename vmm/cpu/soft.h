/* The portable soft CPU, beyond the generic vCPU interface: what the
 * user-mode runner (mipsvz-user) and the bare-metal CPU tests need.
 *
 * A soft CPU runs on a struct bus and a struct vclock it does not own. In
 * "user mode" (soft_cpu_set_user_mode) it emulates a Linux process the way
 * qemu-user does: kuseg/xkuseg addresses map 1:1 to bus physical addresses
 * without a TLB, and SYSCALL, BREAK, traps and faults stop the run loop
 * and are returned to the caller instead of vectoring. */
#ifndef MIPSVZ_CPU_SOFT_H
#define MIPSVZ_CPU_SOFT_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"
#include "../clock.h"
#include "../err.h"
#include "model.h"
#include "vcpu.h"

struct soft_cpu;

/* MIPS exception codes (Cause.ExcCode). */
enum mips_exc {
	EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
	EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
	EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13, EXC_FPE = 15,
	EXC_WATCH = 23, EXC_MCHECK = 24,
};

enum soft_stop {
	SOFT_STOP_BUDGET,	/* ran max_insns */
	SOFT_STOP_REQUEST,	/* soft_cpu_request_stop() */
	SOFT_STOP_EXCEPTION,	/* user mode only: see *exc */
};

/* Details of the exception that stopped a user-mode run. */
struct soft_exc {
	enum mips_exc code;
	uint64_t pc;		/* address of the faulting instruction */
	uint64_t badvaddr;	/* for address and TLB errors */
	uint32_t insn;		/* the instruction word (SYSCALL/BREAK code) */
	bool in_delay_slot;
};

struct soft_cpu *soft_cpu_new(const struct cpu_model *model, struct bus *bus,
			      struct vclock *clock, struct err *e);
void soft_cpu_free(struct soft_cpu *cpu);
void soft_cpu_reset(struct soft_cpu *cpu);
/* The generic handle, for code written against the vCPU interface. */
struct vcpu *soft_cpu_vcpu(struct soft_cpu *cpu);

/* User-mode emulation (see above). big_endian selects the guest byte
 * order (Status.RE is not used for this). */
void soft_cpu_set_user_mode(struct soft_cpu *cpu, bool big_endian);
/* Run up to max_insns instructions. In user mode an exception returns
 * SOFT_STOP_EXCEPTION with *exc filled and PC left at the faulting
 * instruction; the caller advances PC past a SYSCALL itself. */
enum soft_stop soft_cpu_run(struct soft_cpu *cpu, uint64_t max_insns,
			    struct soft_exc *exc);
void soft_cpu_request_stop(struct soft_cpu *cpu);
uint64_t soft_cpu_icount(const struct soft_cpu *cpu);

int soft_cpu_get_reg(struct soft_cpu *cpu, unsigned id, uint64_t *v);
int soft_cpu_set_reg(struct soft_cpu *cpu, unsigned id, uint64_t v);
void soft_cpu_set_irq(struct soft_cpu *cpu, int line, int level);
/* Any thread: take a Non-Maskable Interrupt (soft_reset false) or a Soft
 * Reset at the next instruction boundary: ErrorEPC = PC, Status.ERL and
 * BEV set, Status.NMI or SR set, PC = 0xBFC00000 (R4000 manual 5.2). */
void soft_cpu_nmi(struct soft_cpu *cpu, bool soft_reset);

#endif
