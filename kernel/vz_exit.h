/* Dispatch of one KVM_RUN exit, as a plain function tests can drive with
 * synthetic exits. */
#ifndef MIPSVZ_VZ_EXIT_H
#define MIPSVZ_VZ_EXIT_H

#include <linux/kvm.h>

#include "vmm/bus.h"

enum vz_exit_action {
	VZ_EXIT_CONTINUE,	/* re-enter KVM_RUN */
	VZ_EXIT_INTERNAL,	/* KVM could not emulate: stop the machine */
	VZ_EXIT_FATAL,		/* an exit we do not know: stop */
};

enum vz_exit_action vz_handle_exit(struct kvm_run *run, struct bus *bus);

#endif
