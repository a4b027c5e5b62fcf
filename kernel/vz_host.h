/* What the VZ backend asks of its host: the /dev/kvm system calls and the
 * host CPU's facts. The real host (vz_host.c) makes the calls; tests pass
 * a scripted stand-in, so the set-up sequence and exit dispatch are
 * tested on machines without VZ. */
#ifndef MIPSVZ_VZ_HOST_H
#define MIPSVZ_VZ_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/bus.h"

struct vz_host {
	/* Facts about the host CPU and kernel. */
	bool is_mips;		/* a MIPS host at all */
	enum endian endian;	/* host byte order */
	bool is_r6;		/* host ISA is release 6 */
	bool is_loongson;	/* Loongson-3: different injectable lines */
	long page_size;

	/* System calls, same contracts as open(2)/ioctl(2)/mmap(2). */
	int (*open_kvm)(void *ctx);
	int (*ioctl)(void *ctx, int fd, unsigned long req, void *arg);
	void *(*mmap_run)(void *ctx, int vcpu_fd, size_t size);
	void (*munmap_run)(void *ctx, void *p, size_t size);
	void (*close)(void *ctx, int fd);
	/* Make a vCPU thread leave KVM_RUN (signal) — may be NULL. */
	void (*kick)(void *ctx, void *vcpu_thread);
	void *ctx;
};

/* The machine mipsvz runs on. */
const struct vz_host *vz_host_real(void);

#endif
