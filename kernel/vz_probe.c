/* Deciding whether KVM MIPS VZ can run a guest (KVM-MIPS-VZ.md 1.3, 1.14,
 * 1.15 rule 1). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vz.h"
#include "vz_abi.h"

int vz_irq_number(const struct vz_host *h, int line)
{
	int ip = line + 2;

	if (h->is_loongson)
		return ip == 2 || ip == 3 || ip == 6 ? ip : 0;
	return ip >= 2 && ip <= 4 ? ip : 0;
}

static int check_kvm(const struct vz_host *h, const struct vz_guest *g,
		     struct err *e)
{
	int fd = h->open_kvm(h->ctx);
	int rc = 0, v;

	if (fd < 0)
		return err_set(e, "no /dev/kvm (%s)", strerror(errno));
	v = h->ioctl(h->ctx, fd, KVM_GET_API_VERSION, NULL);
	if (v != VZ_API_VERSION) {
		rc = err_set(e, "/dev/kvm speaks API version %d, not %d", v,
			     VZ_API_VERSION);
	} else if ((v = h->ioctl(h->ctx, fd, KVM_CHECK_EXTENSION,
				 (void *)(long)VZ_CAP_MIPS_VZ)) != 1) {
		/* Other non-zero values are reserved: compare with 1. */
		rc = err_set(e, "the host kernel's KVM has no MIPS VZ support "
				"(KVM_CAP_MIPS_VZ = %d)", v);
	} else if (g->is64 &&
		   h->ioctl(h->ctx, fd, KVM_CHECK_EXTENSION,
			    (void *)(long)VZ_CAP_MIPS_64BIT) < 2) {
		rc = err_set(e, "the host's KVM cannot run 64-bit guests "
				"(KVM_CAP_MIPS_64BIT < 2)");
	}
	h->close(h->ctx, fd);
	return rc;
}

int vz_probe(const struct vz_host *h, const struct vz_guest *g,
	     struct err *e)
{
	if (!h->is_mips)
		return err_set(e, "the host is not a MIPS machine");
	if (g->endian != h->endian)
		return err_set(e, "the guest is %s-endian and the host %s-"
				  "endian; VZ cannot change the byte order",
			       g->endian == ENDIAN_BIG ? "big" : "little",
			       h->endian == ENDIAN_BIG ? "big" : "little");
	if (h->is_r6)
		return err_set(e, "the host is a MIPS release 6 CPU, which "
				  "cannot run pre-R6 guest code");
	if (g->model && (g->model->flags & (CPU_R4K_CP0 | CPU_R10K)))
		return err_set(e, "the %s model needs R4000/R10000 CP0 and "
				  "CACHE behaviour that mainline KVM VZ turns "
				  "into internal errors (docs/vz.md)",
			       g->model->name);
	for (int line = 0; line < 6; line++)
		if ((g->irq_lines & (1u << line)) && !vz_irq_number(h, line))
			return err_set(e, "the board drives CPU interrupt "
					  "IP%d, which KVM_INTERRUPT cannot "
					  "inject on this host", line + 2);
	return check_kvm(h, g, e);
}

const struct vcpu_backend *vz_choose_backend(enum accel accel,
					     const struct vz_host *h,
					     const struct vz_guest *g,
					     char *why, size_t whylen,
					     struct err *e)
{
	struct err reason;

	if (accel == ACCEL_SOFT) {
		snprintf(why, whylen, "soft CPU (accel = soft)");
		return &soft_cpu_backend;
	}
	if (vz_probe(h, g, &reason) == 0) {
		snprintf(why, whylen, "KVM VZ (the host can run this guest)");
		return &vz_backend;
	}
	if (accel == ACCEL_VZ) {
		err_set(e, "accel = vz: VZ cannot run this guest: %s",
			reason.msg);
		return NULL;
	}
	snprintf(why, whylen, "soft CPU: %s", reason.msg);
	return &soft_cpu_backend;
}
