/* The MIPS-specific parts of Linux's KVM userspace API that mipsvz uses,
 * written out here so the VZ backend builds (and its tests run against a
 * stand-in) on any host: <asm/kvm.h> is MIPS's only on a MIPS host, and
 * the named CP0 register ids are not in the uapi headers at all
 * (docs/vz.md, KVM-MIPS-VZ.md 1.7). Generic ioctls come from
 * <linux/kvm.h>. */
#ifndef MIPSVZ_VZ_ABI_H
#define MIPSVZ_VZ_ABI_H

#include <linux/kvm.h>
#include <stdint.h>

/* KVM_CREATE_VM machine type: always 1, never 0 (meant T&E before 5.x). */
#define VZ_VM_TYPE 1
#define VZ_API_VERSION 12
#define VZ_CAP_MIPS_VZ 137
#define VZ_CAP_MIPS_64BIT 139
#define VZ_CAP_MIPS_FPU 111

/* struct kvm_regs as MIPS defines it: r0-r31, hi, lo, pc. */
struct vz_regs {
	uint64_t gpr[32];
	uint64_t hi, lo, pc;
};

/* KVM_INTERRUPT on MIPS copies 8 bytes: target vCPU (-1 = self) and
 * the Cause.IP line, positive to raise, negative to lower. */
struct vz_interrupt {
	uint32_t cpu;
	int32_t irq;
};

#define VZ_GET_REGS _IOR(KVMIO, 0x81, struct vz_regs)
#define VZ_SET_REGS _IOW(KVMIO, 0x82, struct vz_regs)

/* ONE_REG ids: arch 0x70 in bits 63..56, size in 55..52, set in 31..16. */
#define VZ_REG_MIPS 0x7000000000000000ull
#define VZ_REG_U32 0x0020000000000000ull
#define VZ_REG_U64 0x0030000000000000ull
#define VZ_REG_SET_GP 0x00000ull
#define VZ_REG_SET_CP0 0x10000ull
#define VZ_REG_SET_KVM 0x20000ull
#define VZ_REG_SET_FPU 0x30000ull

#define VZ_REG_GP(n) (VZ_REG_MIPS | VZ_REG_U64 | VZ_REG_SET_GP | (n))
#define VZ_REG_HI VZ_REG_GP(32)
#define VZ_REG_LO VZ_REG_GP(33)
#define VZ_REG_PC VZ_REG_GP(34)
#define VZ_REG_CP0(size, rd, sel)                                          \
	(VZ_REG_MIPS | (size) | VZ_REG_SET_CP0 | (8 * (rd) + (sel)))
#define VZ_REG_COUNT_CTL (VZ_REG_MIPS | VZ_REG_U64 | VZ_REG_SET_KVM | 0)
#define VZ_REG_COUNT_RESUME (VZ_REG_MIPS | VZ_REG_U64 | VZ_REG_SET_KVM | 1)
#define VZ_REG_COUNT_HZ (VZ_REG_MIPS | VZ_REG_U64 | VZ_REG_SET_KVM | 2)
#define VZ_COUNT_CTL_DC 1ull

/* Is a ONE_REG id 64 bits wide? */
static inline int vz_reg_is64(uint64_t id)
{
	return (id & 0x00f0000000000000ull) == VZ_REG_U64;
}

#endif
