/* The signal that kicks a vCPU thread out of KVM_RUN. It stays blocked
 * in the thread except inside KVM_RUN (KVM_SET_SIGNAL_MASK), so a kick
 * between ioctls is held until the next entry and never lost. */
#ifndef MIPSVZ_VZ_KICK_H
#define MIPSVZ_VZ_KICK_H

#include <signal.h>

#define VZ_KICK_SIGNAL SIGUSR2

/* Install a no-op handler (idempotent) and block the signal in the
 * calling thread. */
void vz_kick_setup_thread(void);

#endif
