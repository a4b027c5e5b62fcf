/* Process, memory, time and signal system calls for mipsvz-user: what a
 * single-threaded static glibc program asks the kernel for. Signals are
 * accepted but never delivered; a signal a program sends itself (abort)
 * ends it as the default action would. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "user.h"

#define MIPS_MAP_SHARED 0x1
#define MIPS_MAP_FIXED 0x10
#define MIPS_MAP_ANONYMOUS 0x800
#define MIPS_MAP_FIXED_NOREPLACE 0x100000
#define MIPS_MADV_DONTNEED 4
#define MIPS_PROT_WRITE 0x2
#define CP0_USERLOCAL VCPU_REG_CP0_ID(4, 2)

static int64_t sys_exit(struct user_proc *p, const struct user_args *a)
{
	p->exited = true;
	p->exit_code = a->a[0] & 0xff;
	return 0;
}

static int64_t sys_brk(struct user_proc *p, const struct user_args *a)
{
	return umem_brk(p, a->a[0]);
}

static int64_t do_mmap(struct user_proc *p, const struct user_args *a,
		       uint64_t off)
{
	uint64_t len = user_ulong(p, a->a[1]);
	uint32_t flags = a->a[3];
	int fd = (int)(int32_t)a->a[4];
	int64_t addr;

	if (!(flags & MIPS_MAP_ANONYMOUS)) {
		/* A private copy of the file; a writable shared mapping
		 * would need write-back we do not do. */
		if (!user_fd_ok(p, fd))
			return -EBADF;
		if ((flags & MIPS_MAP_SHARED) && (a->a[2] & MIPS_PROT_WRITE))
			return -ENODEV;
		if (off & (USER_PAGE - 1))
			return -EINVAL;
	}
	addr = umem_mmap(p, a->a[0], len, flags & MIPS_MAP_FIXED,
			 flags & MIPS_MAP_FIXED_NOREPLACE);
	if (addr < 0 || (flags & MIPS_MAP_ANONYMOUS))
		return addr;
	for (uint64_t done = 0; done < len;) {
		uint64_t n;
		uint8_t *h = umem_span(p, addr + done, len - done, true, &n);
		ssize_t r = h ? pread(fd, h, n, off + done) : -1;

		if (r <= 0)
			break;
		done += r;
	}
	umem_dirty(p, addr, len);
	return addr;
}

static int64_t sys_mmap(struct user_proc *p, const struct user_args *a)
{
	return do_mmap(p, a, p->n64 ? a->a[5] : (uint32_t)a->a[5]);
}

/* o32 mmap2 takes the offset in 4096-byte units. */
static int64_t sys_mmap2(struct user_proc *p, const struct user_args *a)
{
	return do_mmap(p, a, (uint64_t)(uint32_t)a->a[5] * 4096);
}

static int64_t sys_munmap(struct user_proc *p, const struct user_args *a)
{
	return umem_munmap(p, a->a[0], user_ulong(p, a->a[1]));
}

/* Protection is not enforced: bus RAM is always read-write. */
static int64_t sys_mprotect(struct user_proc *p, const struct user_args *a)
{
	return (a->a[0] & (USER_PAGE - 1)) ? -EINVAL : 0;
}

static int64_t sys_madvise(struct user_proc *p, const struct user_args *a)
{
	if (a->a[2] == MIPS_MADV_DONTNEED)
		umem_discard(p, a->a[0], user_ulong(p, a->a[1]));
	return 0;
}

/* glibc falls back to malloc+copy when mremap fails. */
static int64_t sys_mremap(struct user_proc *p, const struct user_args *a)
{
	return -ENOMEM;
}

static int64_t sys_uname(struct user_proc *p, const struct user_args *a)
{
	struct utsname h;
	char b[6 * 65] = { 0 };

	if (uname(&h) < 0)
		return -errno;
	strcpy(b, "Linux");
	memcpy(b + 65, h.nodename, 64);
	memcpy(b + 130, h.release, 64);
	memcpy(b + 195, h.version, 64);
	strcpy(b + 260, p->n64 ? "mips64" : "mips");
	memcpy(b + 325, h.domainname, 64);
	return umem_write(p, a->a[0], b, sizeof(b));
}

/* timespec: two words of the guest's long (old o32 calls), or two
 * 64-bit words (n64, and o32's *_time64 calls). */
static int put_timespec(struct user_proc *p, uint64_t va,
			const struct timespec *ts, bool wide)
{
	unsigned w = wide ? 8 : user_wsize(p);
	int r = umem_put(p, va, w, ts->tv_sec);

	return r < 0 ? r : umem_put(p, va + w, w, ts->tv_nsec);
}

static int get_timespec(struct user_proc *p, uint64_t va,
			struct timespec *ts, bool wide)
{
	unsigned w = wide ? 8 : user_wsize(p);
	uint64_t s, ns;

	if (umem_get(p, va, w, &s) < 0 || umem_get(p, va + w, w, &ns) < 0)
		return -EFAULT;
	ts->tv_sec = w == 8 ? (int64_t)s : (int32_t)s;
	ts->tv_nsec = w == 8 ? (int64_t)ns : (int32_t)ns;
	if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -EINVAL;
	return 0;
}

static bool wide_time(const struct user_proc *p, const struct user_args *a)
{
	/* o32's clock_*_time64 calls are 403..407 */
	return p->n64 || (a->nr >= 403 && a->nr <= 407);
}

static int64_t sys_clock_gettime(struct user_proc *p,
				 const struct user_args *a)
{
	struct timespec ts;

	if (clock_gettime((clockid_t)a->a[0], &ts) < 0)
		return -errno;
	return put_timespec(p, a->a[1], &ts, wide_time(p, a));
}

static int64_t sys_clock_getres(struct user_proc *p,
				const struct user_args *a)
{
	struct timespec ts;

	if (clock_getres((clockid_t)a->a[0], &ts) < 0)
		return -errno;
	return a->a[1] ? put_timespec(p, a->a[1], &ts, wide_time(p, a)) : 0;
}

static int64_t sys_clock_nanosleep(struct user_proc *p,
				   const struct user_args *a)
{
	struct timespec ts;
	int r = get_timespec(p, a->a[2], &ts, wide_time(p, a));

	if (r < 0)
		return r;
	r = clock_nanosleep((clockid_t)a->a[0], (int)a->a[1], &ts, NULL);
	return -r;
}

static int64_t sys_nanosleep(struct user_proc *p, const struct user_args *a)
{
	struct timespec ts;
	int r = get_timespec(p, a->a[0], &ts, p->n64);

	if (r < 0)
		return r;
	return nanosleep(&ts, NULL) < 0 ? -errno : 0;
}

static int64_t sys_gettimeofday(struct user_proc *p,
				const struct user_args *a)
{
	struct timespec ts;
	unsigned w = user_wsize(p);
	int r;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (a->a[0]) {
		if ((r = umem_put(p, a->a[0], w, ts.tv_sec)) < 0 ||
		    (r = umem_put(p, a->a[0] + w, w, ts.tv_nsec / 1000)) < 0)
			return r;
	}
	if (a->a[1]) {
		if ((r = umem_put(p, a->a[1], 4, 0)) < 0 ||
		    (r = umem_put(p, a->a[1] + 4, 4, 0)) < 0)
			return r;
	}
	return 0;
}

static int64_t sys_time(struct user_proc *p, const struct user_args *a)
{
	time_t t = time(NULL);
	int r;

	if (a->a[0] && (r = umem_put(p, a->a[0], 4, t)) < 0)
		return r;
	return (int32_t)t;
}

static int64_t sys_times(struct user_proc *p, const struct user_args *a)
{
	struct tms t;
	clock_t c = times(&t);
	unsigned w = user_wsize(p);

	if (a->a[0]) {
		uint64_t v[4] = { t.tms_utime, t.tms_stime, t.tms_cutime,
				  t.tms_cstime };

		for (int i = 0; i < 4; i++)
			if (umem_put(p, a->a[0] + i * w, w, v[i]) < 0)
				return -EFAULT;
	}
	return user_long(p, c);
}

static int64_t sys_getpid(struct user_proc *p, const struct user_args *a)
{
	return getpid();
}

static int64_t sys_getppid(struct user_proc *p, const struct user_args *a)
{
	return getppid();
}

static int64_t sys_getuid(struct user_proc *p, const struct user_args *a)
{
	return getuid();
}

static int64_t sys_geteuid(struct user_proc *p, const struct user_args *a)
{
	return geteuid();
}

static int64_t sys_getgid(struct user_proc *p, const struct user_args *a)
{
	return getgid();
}

static int64_t sys_getegid(struct user_proc *p, const struct user_args *a)
{
	return getegid();
}

static int64_t sys_zero(struct user_proc *p, const struct user_args *a)
{
	return 0;
}

static int64_t sys_enosys(struct user_proc *p, const struct user_args *a)
{
	return -ENOSYS;
}

/* MIPS numbers resources 5-9 differently from the generic order
 * (arch/mips/include/uapi/asm/resource.h). */
static int rlimit_to_host(uint32_t r)
{
	static const int map[] = {
		RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK,
		RLIMIT_CORE, RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_RSS,
		RLIMIT_NPROC, RLIMIT_MEMLOCK, RLIMIT_LOCKS, RLIMIT_SIGPENDING,
		RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_RTTIME,
	};

	return r < sizeof(map) / sizeof(map[0]) ? map[r] : -1;
}

static int get_limit(struct user_proc *p, uint32_t res, struct rlimit *rl)
{
	int h = rlimit_to_host(res);

	if (h < 0)
		return -EINVAL;
	if (getrlimit(h, rl) < 0)
		return -errno;
	/* The stack is what we mapped, whatever the host allows. */
	if (h == RLIMIT_STACK)
		rl->rlim_cur = rl->rlim_max = p->lay.stack_size;
	return 0;
}

/* prlimit64 on ourselves only; setting limits is accepted and ignored. */
static int64_t sys_prlimit64(struct user_proc *p, const struct user_args *a)
{
	struct rlimit rl;
	int r;

	if (a->a[0] && (pid_t)a->a[0] != getpid())
		return -EPERM;
	if ((r = get_limit(p, a->a[1], &rl)) < 0)
		return r;
	if (a->a[3]) {
		uint64_t cur = rl.rlim_cur == RLIM_INFINITY ? ~0ull :
							    rl.rlim_cur;
		uint64_t max = rl.rlim_max == RLIM_INFINITY ? ~0ull :
							    rl.rlim_max;

		if (umem_put(p, a->a[3], 8, cur) < 0 ||
		    umem_put(p, a->a[3] + 8, 8, max) < 0)
			return -EFAULT;
	}
	return 0;
}

/* Old getrlimit: longs, and o32's RLIM_INFINITY is 0x7fffffff. */
static int64_t sys_getrlimit(struct user_proc *p, const struct user_args *a)
{
	uint64_t inf = p->n64 ? ~0ull : 0x7fffffff;
	unsigned w = user_wsize(p);
	struct rlimit rl;
	uint64_t cur, max;
	int r;

	if ((r = get_limit(p, a->a[0], &rl)) < 0)
		return r;
	cur = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > inf ? inf :
								  rl.rlim_cur;
	max = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > inf ? inf :
								  rl.rlim_max;
	if (umem_put(p, a->a[1], w, cur) < 0 ||
	    umem_put(p, a->a[1] + w, w, max) < 0)
		return -EFAULT;
	return 0;
}

static int64_t sys_getrandom(struct user_proc *p, const struct user_args *a)
{
	uint64_t len = user_ulong(p, a->a[1]), n;
	uint8_t *h;
	ssize_t r;

	if (len > 33554431)
		len = 33554431;
	if (!len)
		return 0;
	h = umem_span(p, a->a[0], len, true, &n);
	if (!h)
		return -EFAULT;
	r = getrandom(h, n, 0);
	if (r < 0)
		return -errno;
	umem_dirty(p, a->a[0], r);
	return r;
}

/* Kernel struct sigaction sizes: o32 {flags, handler, mask[16]} = 24,
 * n64 {flags, pad, handler, mask[16]} = 32. */
static int64_t sys_rt_sigaction(struct user_proc *p,
				const struct user_args *a)
{
	static const uint8_t zero[32];
	int64_t sig = (int32_t)a->a[0];

	if (sig < 1 || sig > 128 || a->a[3] != 16)
		return -EINVAL;
	if (a->a[2] && umem_write(p, a->a[2], zero, p->n64 ? 32 : 24) < 0)
		return -EFAULT;
	return 0;
}

static int64_t sys_rt_sigprocmask(struct user_proc *p,
				  const struct user_args *a)
{
	static const uint8_t zero[16];

	if (a->a[3] != 16)
		return -EINVAL;
	if (a->a[2] && umem_write(p, a->a[2], zero, 16) < 0)
		return -EFAULT;
	return 0;
}

static int64_t sys_set_tid_address(struct user_proc *p,
				   const struct user_args *a)
{
	return getpid();
}

static int64_t sys_set_thread_area(struct user_proc *p,
				   const struct user_args *a)
{
	p->tls = a->a[0];
	soft_cpu_set_reg(p->cpu, CP0_USERLOCAL, p->tls);
	return 0;
}

static int64_t sys_cacheflush(struct user_proc *p, const struct user_args *a)
{
	umem_dirty(p, user_ulong(p, a->a[0]), user_ulong(p, a->a[1]));
	return 0;
}

/* One thread: a wait can never be woken, a wake has nobody to wake. */
static int64_t sys_futex(struct user_proc *p, const struct user_args *a)
{
	uint64_t v;

	switch (a->a[1] & 0x7f) {
	case 0:	/* FUTEX_WAIT */
	case 9:	/* FUTEX_WAIT_BITSET */
		if (umem_get(p, a->a[0], 4, &v) < 0)
			return -EFAULT;
		return (uint32_t)v != (uint32_t)a->a[2] ? -EAGAIN : -ETIMEDOUT;
	case 1:	/* FUTEX_WAKE */
	case 10:	/* FUTEX_WAKE_BITSET */
		return 0;
	}
	return -ENOSYS;
}

/* MIPS signals whose default action is to ignore them. */
static bool sig_ignored(int sig)
{
	return sig == 18 || sig == 19 || sig == 20 || sig == 21 ||
	       sig == 25;	/* CHLD, PWR, WINCH, URG, CONT */
}

static int64_t do_kill_self(struct user_proc *p, int64_t sig)
{
	if (sig < 0 || sig > 128)
		return -EINVAL;
	if (sig == 0 || sig_ignored(sig))
		return 0;
	p->exited = true;
	p->term_signal = sig;
	return 0;
}

static int64_t sys_kill(struct user_proc *p, const struct user_args *a)
{
	pid_t pid = (pid_t)a->a[0];

	if (pid != 0 && pid != getpid())
		return -EPERM;
	return do_kill_self(p, (int32_t)a->a[1]);
}

static int64_t sys_tgkill(struct user_proc *p, const struct user_args *a)
{
	if ((pid_t)a->a[0] != getpid() || (pid_t)a->a[1] != getpid())
		return -ESRCH;
	return do_kill_self(p, (int32_t)a->a[2]);
}

static int64_t sys_sched_yield(struct user_proc *p, const struct user_args *a)
{
	return 0;
}

const struct user_sys user_sys_proc[] = {
	{ "exit", 1, 58, sys_exit },
	{ "exit_group", 246, 205, sys_exit },
	{ "time", 13, -1, sys_time },
	{ "getpid", 20, 38, sys_getpid },
	{ "getuid", 24, 100, sys_getuid },
	{ "kill", 37, 60, sys_kill },
	{ "times", 43, 98, sys_times },
	{ "brk", 45, 12, sys_brk },
	{ "getgid", 47, 102, sys_getgid },
	{ "geteuid", 49, 105, sys_geteuid },
	{ "getegid", 50, 106, sys_getegid },
	{ "getppid", 64, 108, sys_getppid },
	{ "getrlimit", 76, 95, sys_getrlimit },
	{ "gettimeofday", 78, 94, sys_gettimeofday },
	{ "mmap", 90, 9, sys_mmap },
	{ "munmap", 91, 11, sys_munmap },
	{ "uname", 122, 61, sys_uname },
	{ "mprotect", 125, 10, sys_mprotect },
	{ "cacheflush", 147, 197, sys_cacheflush },
	{ "sched_yield", 162, 23, sys_sched_yield },
	{ "nanosleep", 166, 34, sys_nanosleep },
	{ "mremap", 167, 24, sys_mremap },
	{ "rt_sigaction", 194, 13, sys_rt_sigaction },
	{ "rt_sigprocmask", 195, 14, sys_rt_sigprocmask },
	{ "sigaltstack", 206, 129, sys_zero },
	{ "mmap2", 210, -1, sys_mmap2 },
	{ "madvise", 218, 27, sys_madvise },
	{ "gettid", 222, 178, sys_getpid },
	{ "futex", 238, 194, sys_futex },
	{ "set_tid_address", 252, 212, sys_set_tid_address },
	{ "clock_gettime", 263, 222, sys_clock_gettime },
	{ "clock_getres", 264, 223, sys_clock_getres },
	{ "clock_nanosleep", 265, 224, sys_clock_nanosleep },
	{ "tgkill", 266, 225, sys_tgkill },
	{ "set_thread_area", 283, 242, sys_set_thread_area },
	{ "set_robust_list", 309, 268, sys_zero },
	{ "prlimit64", 338, 297, sys_prlimit64 },
	{ "getrandom", 353, 313, sys_getrandom },
	{ "rseq", 367, 327, sys_enosys },
	{ "clock_gettime64", 403, -1, sys_clock_gettime },
	{ "clock_getres_time64", 406, -1, sys_clock_getres },
	{ "clock_nanosleep_time64", 407, -1, sys_clock_nanosleep },
	{ NULL, 0, 0, NULL },
};
