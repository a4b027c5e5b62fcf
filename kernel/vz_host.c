#include "vz_host.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vz_kick.h"

static int real_open_kvm(void *ctx)
{
	return open("/dev/kvm", O_RDWR | O_CLOEXEC);
}

static int real_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

static void *real_mmap_run(void *ctx, int vcpu_fd, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vcpu_fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void real_munmap_run(void *ctx, void *p, size_t size)
{
	munmap(p, size);
}

static void real_close(void *ctx, int fd)
{
	close(fd);
}

static void real_kick(void *ctx, void *thread)
{
	pthread_kill(*(pthread_t *)thread, VZ_KICK_SIGNAL);
}

/* /proc/cpuinfo names the ISA levels ("isa : mips1 ... mips64r6") and
 * the CPU model ("cpu model : Loongson-3 ..."). */
static void probe_cpuinfo(struct vz_host *h)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "isa", 3) && strstr(line, "r6"))
			h->is_r6 = true;
		if (!strncmp(line, "cpu model", 9) && strstr(line, "Loongson"))
			h->is_loongson = true;
	}
	fclose(f);
}

static struct vz_host real_host;

static void real_host_init(void)
{
	struct vz_host *h = &real_host;

#if defined(__mips__)
	h->is_mips = true;
#endif
	h->endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? ENDIAN_BIG
							  : ENDIAN_LITTLE;
	h->page_size = sysconf(_SC_PAGESIZE);
	h->open_kvm = real_open_kvm;
	h->ioctl = real_ioctl;
	h->mmap_run = real_mmap_run;
	h->munmap_run = real_munmap_run;
	h->close = real_close;
	h->kick = real_kick;
	if (h->is_mips)
		probe_cpuinfo(h);
}

/* Host facts never change while we run: filled once, then read-only. */
const struct vz_host *vz_host_real(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, real_host_init);
	return &real_host;
}
