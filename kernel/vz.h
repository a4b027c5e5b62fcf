/* The kernel VZ backend: guests run through Linux KVM's MIPS VZ support
 * (KVM_VM_MIPS_VZ), the VMM handling only MMIO. Same vCPU interface as the
 * soft CPU (vmm/cpu/vcpu.h). See docs/vz.md for which hosts qualify. */
#ifndef MIPSVZ_VZ_H
#define MIPSVZ_VZ_H

#include <stdbool.h>

#include "vmm/config.h"
#include "vmm/cpu/vcpu.h"
#include "vz_host.h"

/* What the guest needs from a host CPU. */
struct vz_guest {
	enum endian endian;
	bool is64;		/* 64-bit guest kernel (XKPHYS/XKSEG) */
	unsigned irq_lines;	/* CPU interrupt inputs the board drives,
				 * bit n = line n = Cause.IP(n+2) */
	const struct cpu_model *model;
};

extern const struct vcpu_backend vz_backend;

/* Can VZ on this host run this guest? 0, or -1 with the reason in *e. */
int vz_probe(const struct vz_host *h, const struct vz_guest *g,
	     struct err *e);

/* The backend `accel` asks for: auto picks VZ only when vz_probe says
 * yes, and writes one line saying which and why into why[]; vz where VZ
 * cannot serve is an error naming the reason. */
const struct vcpu_backend *vz_choose_backend(enum accel accel,
					     const struct vz_host *h,
					     const struct vz_guest *g,
					     char *why, size_t whylen,
					     struct err *e);

/* Create a VZ vCPU on a given host (tests pass a stand-in). */
int vz_create_on(struct machine *m, const struct cpu_model *model,
		 const struct vz_host *host, struct vcpu **out, struct err *e);

/* The KVM line number for CPU interrupt input `line`, or 0 when the host
 * cannot inject it (KVM_INTERRUPT accepts only IP2-IP4 on most hosts,
 * IP2, IP3 and IP6 on Loongson). */
int vz_irq_number(const struct vz_host *h, int line);

#endif
