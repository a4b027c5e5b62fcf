#include "vz_kick.h"

#include <pthread.h>
#include <string.h>

static void vz_kick_handler(int sig)
{
	(void)sig;	/* its only job is to interrupt KVM_RUN */
}

void vz_kick_setup_thread(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vz_kick_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(VZ_KICK_SIGNAL, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, VZ_KICK_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}
