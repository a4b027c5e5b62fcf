/* File system calls for mipsvz-user. Guest file descriptors are host
 * descriptors, limited to the ones the guest opened itself plus 0-2 so it
 * cannot reach mipsvz-user's own files. Flags and structures are
 * converted between the MIPS Linux ABI and the host. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "user.h"

#define MIPS_AT_FDCWD (-100)
#define MIPS_TCGETS 0x540d

/* MIPS open(2) flag values (arch/mips/include/uapi/asm/fcntl.h plus the
 * generic ones MIPS keeps) and the host flag each stands for. */
static const struct {
	uint32_t guest;
	int host;
} open_flags[] = {
	{ 0x0008, O_APPEND }, { 0x0010, O_DSYNC }, { 0x0080, O_NONBLOCK },
	{ 0x0100, O_CREAT }, { 0x0200, O_TRUNC }, { 0x0400, O_EXCL },
	{ 0x0800, O_NOCTTY }, { 0x4000, O_SYNC & ~O_DSYNC },
	{ 0x8000, O_DIRECT }, { 0x10000, O_DIRECTORY },
	{ 0x20000, O_NOFOLLOW }, { 0x40000, O_NOATIME },
	{ 0x80000, O_CLOEXEC }, { 0x200000, O_PATH },
	{ 0x400000, O_TMPFILE & ~O_DIRECTORY },
};
#define MIPS_O_LARGEFILE 0x2000

static int flags_to_host(uint32_t m)
{
	int h = m & 3;

	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
		if (m & open_flags[i].guest)
			h |= open_flags[i].host;
	return h;
}

static uint32_t flags_to_mips(int h)
{
	uint32_t m = h & 3;

	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
		if ((h & open_flags[i].host) == open_flags[i].host)
			m |= open_flags[i].guest;
	return m | MIPS_O_LARGEFILE;
}

bool user_fd_ok(const struct user_proc *p, int64_t fd)
{
	return fd >= 0 && fd < USER_MAX_FDS &&
	       (p->fd_open[fd / 32] >> (fd % 32)) & 1;
}

void user_fd_set(struct user_proc *p, int fd, bool open)
{
	if (fd < 0 || fd >= USER_MAX_FDS)
		return;
	if (open)
		p->fd_open[fd / 32] |= 1u << (fd % 32);
	else
		p->fd_open[fd / 32] &= ~(1u << (fd % 32));
}

/* A descriptor the host just gave us becomes the guest's, unless it is
 * beyond what we track. */
static int64_t new_fd(struct user_proc *p, int fd)
{
	if (fd < 0)
		return -errno;
	if (fd >= USER_MAX_FDS) {
		close(fd);
		return -EMFILE;
	}
	user_fd_set(p, fd, true);
	return fd;
}

static int arg_fd(const struct user_proc *p, uint64_t v)
{
	return (int)(int32_t)v;
}

/* Directory descriptor of an *at call: AT_FDCWD or a guest fd. */
static int dir_fd(const struct user_proc *p, uint64_t v, int *out)
{
	int fd = (int)(int32_t)v;

	if (fd == MIPS_AT_FDCWD) {
		*out = AT_FDCWD;
		return 0;
	}
	if (!user_fd_ok(p, fd))
		return -EBADF;
	*out = fd;
	return 0;
}

static int get_path(struct user_proc *p, uint64_t va, char *buf)
{
	return umem_read_str(p, va, buf, PATH_MAX);
}

/* read/write straight between the file and guest memory, one region
 * piece at a time; stops at the first short transfer like the kernel. */
static int64_t do_io(struct user_proc *p, int fd, uint64_t va, uint64_t len,
		     bool to_guest, int64_t off)
{
	uint64_t done = 0;

	while (done < len) {
		uint64_t n;
		uint8_t *h = umem_span(p, va + done, len - done, to_guest, &n);
		ssize_t r;

		if (!h)
			return done ? (int64_t)done : -EFAULT;
		if (n > (1u << 30))
			n = 1u << 30;
		if (to_guest)
			r = off < 0 ? read(fd, h, n) :
				      pread(fd, h, n, off + done);
		else
			r = off < 0 ? write(fd, h, n) :
				      pwrite(fd, h, n, off + done);
		if (r < 0)
			return done ? (int64_t)done : -errno;
		if (to_guest)
			umem_dirty(p, va + done, r);
		done += r;
		if ((uint64_t)r < n)
			break;
	}
	return done;
}

static int64_t sys_read(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);

	if (!user_fd_ok(p, fd))
		return -EBADF;
	return do_io(p, fd, a->a[1], user_ulong(p, a->a[2]), true, -1);
}

static int64_t sys_write(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);

	if (!user_fd_ok(p, fd))
		return -EBADF;
	return do_io(p, fd, a->a[1], user_ulong(p, a->a[2]), false, -1);
}

static int64_t do_iov(struct user_proc *p, const struct user_args *a,
		      bool to_guest)
{
	int fd = arg_fd(p, a->a[0]);
	unsigned w = user_wsize(p);
	uint64_t cnt = a->a[2], total = 0;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	if (cnt > 1024)
		return -EINVAL;
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t base, len;
		int64_t r;

		if (umem_get(p, a->a[1] + i * 2 * w, w, &base) < 0 ||
		    umem_get(p, a->a[1] + i * 2 * w + w, w, &len) < 0)
			return total ? (int64_t)total : -EFAULT;
		if (!len)
			continue;
		r = do_io(p, fd, base, len, to_guest, -1);
		if (r < 0)
			return total ? (int64_t)total : r;
		total += r;
		if ((uint64_t)r < len)
			break;
	}
	return total;
}

static int64_t sys_readv(struct user_proc *p, const struct user_args *a)
{
	return do_iov(p, a, true);
}

static int64_t sys_writev(struct user_proc *p, const struct user_args *a)
{
	return do_iov(p, a, false);
}

/* The 64-bit value o32 passes in an aligned register/stack pair: the
 * first word is the high half on big-endian, the low half on little. */
static int64_t o32_pair(const struct user_proc *p, uint64_t w0, uint64_t w1)
{
	uint32_t lo = p->en == ENDIAN_BIG ? w1 : w0;
	uint32_t hi = p->en == ENDIAN_BIG ? w0 : w1;

	return (int64_t)((uint64_t)hi << 32 | lo);
}

static int64_t do_pio(struct user_proc *p, const struct user_args *a,
		      bool to_guest)
{
	int fd = arg_fd(p, a->a[0]);
	int64_t off = p->n64 ? (int64_t)a->a[3] : o32_pair(p, a->a[4],
							   a->a[5]);

	if (!user_fd_ok(p, fd))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	return do_io(p, fd, a->a[1], user_ulong(p, a->a[2]), to_guest, off);
}

static int64_t sys_pread64(struct user_proc *p, const struct user_args *a)
{
	return do_pio(p, a, true);
}

static int64_t sys_pwrite64(struct user_proc *p, const struct user_args *a)
{
	return do_pio(p, a, false);
}

static int64_t do_openat(struct user_proc *p, int dfd, uint64_t path_va,
			 uint32_t flags, uint32_t mode)
{
	char path[PATH_MAX];
	int r = get_path(p, path_va, path);

	if (r < 0)
		return r;
	return new_fd(p, openat(dfd, path, flags_to_host(flags), mode));
}

static int64_t sys_open(struct user_proc *p, const struct user_args *a)
{
	return do_openat(p, AT_FDCWD, a->a[0], a->a[1], a->a[2]);
}

static int64_t sys_openat(struct user_proc *p, const struct user_args *a)
{
	int dfd, r = dir_fd(p, a->a[0], &dfd);

	if (r < 0)
		return r;
	return do_openat(p, dfd, a->a[1], a->a[2], a->a[3]);
}

static int64_t sys_close(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);

	if (!user_fd_ok(p, fd))
		return -EBADF;
	user_fd_set(p, fd, false);
	/* The guest closing stdio must not close ours: keep 0-2 open on
	 * the host, only forget them. */
	if (fd <= 2)
		return 0;
	return close(fd) < 0 ? -errno : 0;
}

static int64_t sys_lseek(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);
	off_t r;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	r = lseek(fd, user_long(p, a->a[1]), (int)a->a[2]);
	if (r < 0)
		return -errno;
	if (!p->n64 && r > INT32_MAX)
		return -EOVERFLOW;
	return r;
}

/* o32 _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
static int64_t sys_llseek(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);
	int64_t off = (int64_t)((uint64_t)(uint32_t)a->a[1] << 32 |
				(uint32_t)a->a[2]);
	off_t r;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	r = lseek(fd, off, (int)a->a[4]);
	if (r < 0)
		return -errno;
	return umem_put(p, a->a[3], 8, r);
}

/* struct stat on n64 and struct stat64 on o32 share one 104-byte
 * layout (arch/mips/include/uapi/asm/stat.h). */
static int put_stat(struct user_proc *p, uint64_t va, const struct stat *st)
{
	uint8_t b[104] = { 0 };
	enum endian en = p->en;
	/* Linux's new_encode_dev(), what it stores in 32-bit dev fields */
#define ENC_DEV(d) ((minor(d) & 0xff) | (major(d) << 8) | \
		    ((minor(d) & ~0xffu) << 12))

	endian_store(b + 0, 4, en, ENC_DEV(st->st_dev));
	endian_store(b + 16, 8, en, st->st_ino);
	endian_store(b + 24, 4, en, st->st_mode);
	endian_store(b + 28, 4, en, st->st_nlink);
	endian_store(b + 32, 4, en, st->st_uid);
	endian_store(b + 36, 4, en, st->st_gid);
	endian_store(b + 40, 4, en, ENC_DEV(st->st_rdev));
	endian_store(b + 56, 8, en, st->st_size);
	endian_store(b + 64, 4, en, st->st_atim.tv_sec);
	endian_store(b + 68, 4, en, st->st_atim.tv_nsec);
	endian_store(b + 72, 4, en, st->st_mtim.tv_sec);
	endian_store(b + 76, 4, en, st->st_mtim.tv_nsec);
	endian_store(b + 80, 4, en, st->st_ctim.tv_sec);
	endian_store(b + 84, 4, en, st->st_ctim.tv_nsec);
	endian_store(b + 88, 4, en, st->st_blksize);
	endian_store(b + 96, 8, en, st->st_blocks);
#undef ENC_DEV
	return umem_write(p, va, b, sizeof(b));
}

static int64_t sys_fstat(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);
	struct stat st;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	if (fstat(fd, &st) < 0)
		return -errno;
	return put_stat(p, a->a[1], &st);
}

#define MIPS_AT_SYMLINK_NOFOLLOW 0x100

static int64_t do_fstatat(struct user_proc *p, uint64_t dirfd, uint64_t pva,
			  uint64_t sva, uint32_t flags)
{
	char path[PATH_MAX];
	struct stat st;
	int dfd, r;

	if ((r = get_path(p, pva, path)) < 0)
		return r;
	if ((r = dir_fd(p, dirfd, &dfd)) < 0)
		return r;
	/* AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH have the generic values
	 * on MIPS too. */
	if (fstatat(dfd, path, &st, flags & (AT_SYMLINK_NOFOLLOW |
					      AT_EMPTY_PATH)) < 0)
		return -errno;
	return put_stat(p, sva, &st);
}

static int64_t sys_stat(struct user_proc *p, const struct user_args *a)
{
	return do_fstatat(p, (uint32_t)MIPS_AT_FDCWD, a->a[0], a->a[1], 0);
}

static int64_t sys_lstat(struct user_proc *p, const struct user_args *a)
{
	return do_fstatat(p, (uint32_t)MIPS_AT_FDCWD, a->a[0], a->a[1],
			  MIPS_AT_SYMLINK_NOFOLLOW);
}

static int64_t sys_fstatat(struct user_proc *p, const struct user_args *a)
{
	return do_fstatat(p, a->a[0], a->a[1], a->a[2], a->a[3]);
}

/* struct statx is the same on every architecture; only byte order
 * differs. */
static int64_t sys_statx(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	struct statx sx;
	uint8_t b[256] = { 0 };
	enum endian en = p->en;
	int dfd, r;

	if ((r = get_path(p, a->a[1], path)) < 0)
		return r;
	if ((r = dir_fd(p, a->a[0], &dfd)) < 0)
		return r;
	if (statx(dfd, path, (int)a->a[2], (unsigned)a->a[3], &sx) < 0)
		return -errno;
	endian_store(b + 0, 4, en, sx.stx_mask);
	endian_store(b + 4, 4, en, sx.stx_blksize);
	endian_store(b + 8, 8, en, sx.stx_attributes);
	endian_store(b + 16, 4, en, sx.stx_nlink);
	endian_store(b + 20, 4, en, sx.stx_uid);
	endian_store(b + 24, 4, en, sx.stx_gid);
	endian_store(b + 28, 2, en, sx.stx_mode);
	endian_store(b + 32, 8, en, sx.stx_ino);
	endian_store(b + 40, 8, en, sx.stx_size);
	endian_store(b + 48, 8, en, sx.stx_blocks);
	endian_store(b + 56, 8, en, sx.stx_attributes_mask);
	const struct statx_timestamp *ts[4] = {
		&sx.stx_atime, &sx.stx_btime, &sx.stx_ctime, &sx.stx_mtime,
	};
	for (int i = 0; i < 4; i++) {
		endian_store(b + 64 + 16 * i, 8, en, ts[i]->tv_sec);
		endian_store(b + 72 + 16 * i, 4, en, ts[i]->tv_nsec);
	}
	endian_store(b + 128, 4, en, sx.stx_rdev_major);
	endian_store(b + 132, 4, en, sx.stx_rdev_minor);
	endian_store(b + 136, 4, en, sx.stx_dev_major);
	endian_store(b + 140, 4, en, sx.stx_dev_minor);
	return umem_write(p, a->a[4], b, sizeof(b));
}

/* "/proc/self/exe" names the guest program, not mipsvz-user. */
static int64_t do_readlinkat(struct user_proc *p, int dfd, uint64_t pva,
			     uint64_t buf, uint64_t size)
{
	char path[PATH_MAX], out[PATH_MAX];
	ssize_t n;
	int r;

	if ((r = get_path(p, pva, path)) < 0)
		return r;
	if ((int64_t)size <= 0)
		return -EINVAL;
	if (!strcmp(path, "/proc/self/exe")) {
		char *abs = realpath(p->path, NULL);

		if (!abs)
			return -errno;
		n = strlen(abs);
		memcpy(out, abs, n < PATH_MAX ? n : PATH_MAX);
		free(abs);
	} else {
		n = readlinkat(dfd, path, out, sizeof(out));
		if (n < 0)
			return -errno;
	}
	if ((uint64_t)n > size)
		n = size;
	if (n > PATH_MAX)
		n = PATH_MAX;
	r = umem_write(p, buf, out, n);
	return r < 0 ? r : n;
}

static int64_t sys_readlink(struct user_proc *p, const struct user_args *a)
{
	return do_readlinkat(p, AT_FDCWD, a->a[0], a->a[1],
			     user_ulong(p, a->a[2]));
}

static int64_t sys_readlinkat(struct user_proc *p,
			      const struct user_args *a)
{
	int dfd, r = dir_fd(p, a->a[0], &dfd);

	if (r < 0)
		return r;
	return do_readlinkat(p, dfd, a->a[1], a->a[2],
			     user_ulong(p, a->a[3]));
}

/* No terminal emulation: every ioctl on a valid fd answers ENOTTY, so
 * stdio treats the output as a file and buffers it fully, as it would
 * under a pipe. */
static int64_t sys_ioctl(struct user_proc *p, const struct user_args *a)
{
	if (!user_fd_ok(p, arg_fd(p, a->a[0])))
		return -EBADF;
	return -ENOTTY;
}

static int64_t do_dup(struct user_proc *p, int fd, int to, int flags)
{
	if (!user_fd_ok(p, fd))
		return -EBADF;
	if (to < 0)
		return new_fd(p, fcntl(fd, flags ? F_DUPFD_CLOEXEC : F_DUPFD,
				       0));
	if (to >= USER_MAX_FDS)
		return -EBADF;
	/* Do not clobber a host descriptor the guest does not own. */
	if (!user_fd_ok(p, to) && fcntl(to, F_GETFD) >= 0)
		return -EBUSY;
	if (to == fd)
		return flags ? -EINVAL : to;
	return new_fd(p, dup3(fd, to, flags));
}

static int64_t sys_dup(struct user_proc *p, const struct user_args *a)
{
	return do_dup(p, arg_fd(p, a->a[0]), -1, 0);
}

static int64_t sys_dup2(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]), to = arg_fd(p, a->a[1]);

	if (fd == to)
		return user_fd_ok(p, fd) ? fd : -EBADF;
	return do_dup(p, fd, to, 0);
}

static int64_t sys_dup3(struct user_proc *p, const struct user_args *a)
{
	return do_dup(p, arg_fd(p, a->a[0]), arg_fd(p, a->a[1]),
		      (a->a[2] & 0x80000) ? O_CLOEXEC : 0);
}

#define MIPS_F_DUPFD_CLOEXEC 1030

static int64_t sys_fcntl(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]), r;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	switch (a->a[1]) {
	case F_DUPFD:
	case MIPS_F_DUPFD_CLOEXEC:
		r = fcntl(fd, a->a[1] == F_DUPFD ? F_DUPFD : F_DUPFD_CLOEXEC,
			  (int)a->a[2]);
		return new_fd(p, r);
	case F_GETFD:
		r = fcntl(fd, F_GETFD);
		return r < 0 ? -errno : r;
	case F_SETFD:
		return fcntl(fd, F_SETFD, (int)a->a[2]) < 0 ? -errno : 0;
	case F_GETFL:
		r = fcntl(fd, F_GETFL);
		return r < 0 ? -errno : (int64_t)flags_to_mips(r);
	case F_SETFL:
		return fcntl(fd, F_SETFL, flags_to_host(a->a[2])) < 0 ?
		       -errno : 0;
	}
	return -EINVAL;
}

static int64_t sys_faccessat(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int dfd, r = dir_fd(p, a->a[0], &dfd);

	if (r < 0 || (r = get_path(p, a->a[1], path)) < 0)
		return r;
	return faccessat(dfd, path, (int)a->a[2], 0) < 0 ? -errno : 0;
}

static int64_t sys_access(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int r = get_path(p, a->a[0], path);

	if (r < 0)
		return r;
	return access(path, (int)a->a[1]) < 0 ? -errno : 0;
}

static int64_t sys_getcwd(struct user_proc *p, const struct user_args *a)
{
	char buf[PATH_MAX];
	size_t n;
	int r;

	if (!getcwd(buf, sizeof(buf)))
		return -errno;
	n = strlen(buf) + 1;
	if (n > user_ulong(p, a->a[1]))
		return -ERANGE;
	r = umem_write(p, a->a[0], buf, n);
	return r < 0 ? r : (int64_t)n;
}

static int64_t sys_unlinkat(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int dfd, r = dir_fd(p, a->a[0], &dfd);

	if (r < 0 || (r = get_path(p, a->a[1], path)) < 0)
		return r;
	return unlinkat(dfd, path, (a->a[2] & 0x200) ? AT_REMOVEDIR : 0) < 0 ?
	       -errno : 0;
}

static int64_t sys_unlink(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int r = get_path(p, a->a[0], path);

	if (r < 0)
		return r;
	return unlink(path) < 0 ? -errno : 0;
}

static int64_t sys_mkdirat(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int dfd, r = dir_fd(p, a->a[0], &dfd);

	if (r < 0 || (r = get_path(p, a->a[1], path)) < 0)
		return r;
	return mkdirat(dfd, path, (mode_t)a->a[2]) < 0 ? -errno : 0;
}

static int64_t sys_mkdir(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int r = get_path(p, a->a[0], path);

	if (r < 0)
		return r;
	return mkdir(path, (mode_t)a->a[1]) < 0 ? -errno : 0;
}

static int64_t sys_renameat(struct user_proc *p, const struct user_args *a)
{
	char from[PATH_MAX], to[PATH_MAX];
	int d1, d2, r = dir_fd(p, a->a[0], &d1);

	if (r < 0 || (r = dir_fd(p, a->a[2], &d2)) < 0)
		return r;
	if ((r = get_path(p, a->a[1], from)) < 0 ||
	    (r = get_path(p, a->a[3], to)) < 0)
		return r;
	return renameat(d1, from, d2, to) < 0 ? -errno : 0;
}

static int64_t sys_rename(struct user_proc *p, const struct user_args *a)
{
	char from[PATH_MAX], to[PATH_MAX];
	int r;

	if ((r = get_path(p, a->a[0], from)) < 0 ||
	    (r = get_path(p, a->a[1], to)) < 0)
		return r;
	return rename(from, to) < 0 ? -errno : 0;
}

static int64_t sys_chdir(struct user_proc *p, const struct user_args *a)
{
	char path[PATH_MAX];
	int r = get_path(p, a->a[0], path);

	if (r < 0)
		return r;
	return chdir(path) < 0 ? -errno : 0;
}

static int64_t sys_umask(struct user_proc *p, const struct user_args *a)
{
	return umask((mode_t)a->a[0] & 0777);
}

static int64_t sys_ftruncate(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);
	/* o32 ftruncate64(fd, pad, len pair in a2/a3) */
	int64_t len = p->n64 ? (int64_t)a->a[1] : o32_pair(p, a->a[2],
							   a->a[3]);

	if (!user_fd_ok(p, fd))
		return -EBADF;
	return ftruncate(fd, len) < 0 ? -errno : 0;
}

/* linux_dirent64 is the same on every port except for byte order. */
static int64_t sys_getdents64(struct user_proc *p, const struct user_args *a)
{
	int fd = arg_fd(p, a->a[0]);
	uint64_t size = user_ulong(p, a->a[2]);
	uint8_t *buf;
	long n;
	int r;

	if (!user_fd_ok(p, fd))
		return -EBADF;
	if (size > (1u << 20))
		size = 1u << 20;
	buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	n = syscall(SYS_getdents64, fd, buf, size);
	if (n < 0) {
		free(buf);
		return -errno;
	}
	for (long off = 0; off + 19 <= n;) {
		uint8_t *d = buf + off;
		uint64_t ino, doff;
		uint16_t reclen;

		memcpy(&ino, d, 8);
		memcpy(&doff, d + 8, 8);
		memcpy(&reclen, d + 16, 2);
		if (reclen < 19 || off + reclen > n)
			break;
		endian_store(d, 8, p->en, ino);
		endian_store(d + 8, 8, p->en, doff);
		endian_store(d + 16, 2, p->en, reclen);
		off += reclen;
	}
	r = umem_write(p, a->a[1], buf, n);
	free(buf);
	return r < 0 ? r : n;
}

const struct user_sys user_sys_file[] = {
	{ "read", 3, 0, sys_read },
	{ "write", 4, 1, sys_write },
	{ "open", 5, 2, sys_open },
	{ "close", 6, 3, sys_close },
	{ "stat", -1, 4, sys_stat },
	{ "fstat", -1, 5, sys_fstat },
	{ "lstat", -1, 6, sys_lstat },
	{ "lseek", 19, 8, sys_lseek },
	{ "ioctl", 54, 15, sys_ioctl },
	{ "pread64", 200, 16, sys_pread64 },
	{ "pwrite64", 201, 17, sys_pwrite64 },
	{ "readv", 145, 18, sys_readv },
	{ "writev", 146, 19, sys_writev },
	{ "access", 33, 20, sys_access },
	{ "dup", 41, 31, sys_dup },
	{ "dup2", 63, 32, sys_dup2 },
	{ "fcntl", 55, 70, sys_fcntl },
	{ "fcntl64", 220, -1, sys_fcntl },
	{ "ftruncate", -1, 75, sys_ftruncate },
	{ "ftruncate64", 212, -1, sys_ftruncate },
	{ "getcwd", 203, 77, sys_getcwd },
	{ "chdir", 12, 78, sys_chdir },
	{ "rename", 38, 80, sys_rename },
	{ "mkdir", 39, 81, sys_mkdir },
	{ "unlink", 10, 85, sys_unlink },
	{ "readlink", 85, 87, sys_readlink },
	{ "umask", 60, 93, sys_umask },
	{ "_llseek", 140, -1, sys_llseek },
	{ "stat64", 213, -1, sys_stat },
	{ "lstat64", 214, -1, sys_lstat },
	{ "fstat64", 215, -1, sys_fstat },
	{ "getdents64", 219, 308, sys_getdents64 },
	{ "openat", 288, 247, sys_openat },
	{ "mkdirat", 289, 248, sys_mkdirat },
	{ "fstatat64", 293, -1, sys_fstatat },
	{ "newfstatat", -1, 252, sys_fstatat },
	{ "unlinkat", 294, 253, sys_unlinkat },
	{ "renameat", 295, 254, sys_renameat },
	{ "readlinkat", 298, 257, sys_readlinkat },
	{ "faccessat", 300, 259, sys_faccessat },
	{ "dup3", 327, 286, sys_dup3 },
	{ "statx", 366, 326, sys_statx },
	{ "faccessat2", 439, 439, sys_faccessat },
	{ NULL, 0, 0, NULL },
};
