/* Image locks that QEMU honours too. QEMU's file-posix driver takes a
 * shared OFD lock on byte 100+i for each permission i it holds and on
 * byte 200+i for each permission it will not share with others, after
 * testing the opposite bytes of other users (QEMU block/file-posix.c,
 * RAW_LOCK_PERM_BASE / RAW_LOCK_SHARED_BASE; permission bit 0 is
 * "consistent read", bit 1 "write"). We lock the same bytes with the same
 * meaning, so mipsvz and QEMU refuse each other's writable images. OFD
 * locks belong to the open file description, so two opens in one process
 * conflict as two processes do. */
#include "block_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "vmm/log.h"

#define LOCK_PERM_BASE 100
#define LOCK_SHARED_BASE 200
#define PERM_READ 0
#define PERM_WRITE 1

/* Work cap for the /proc walk that names a lock holder. */
#define LOCK_SCAN_MAX_FILES 100000

static int lock_byte(int fd, off_t byte)
{
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET,
			    .l_start = byte, .l_len = 1 };

	return fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0;
}

/* Does an open file description other than ours hold a lock there?
 * Our own locks never conflict with a test from the same description. */
static bool lock_taken(int fd, off_t byte, pid_t *pid)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = byte, .l_len = 1 };

	if (fcntl(fd, F_OFD_GETLK, &fl) < 0 || fl.l_type == F_UNLCK)
		return false;
	/* A classic POSIX lock names its process; an OFD lock (QEMU's,
	 * ours) reports -1. */
	*pid = fl.l_pid > 0 ? fl.l_pid : -1;
	return true;
}

/* "lock:\t1: OFDLCK ADVISORY  READ -1 fe:00:1234 101 101" in fdinfo. */
static bool lock_line_matches(const char *line, const struct stat *st,
			      off_t byte)
{
	char kind[32], end[32];
	unsigned maj, min;
	unsigned long ino;
	unsigned long long start;

	if (sscanf(line, "lock: %*d: %31s %*s %*s %*d %x:%x:%lu %llu %31s",
		   kind, &maj, &min, &ino, &start, end) != 6)
		return false;
	if (strcmp(kind, "->") == 0)	/* a waiter, not a holder */
		return false;
	if (maj != major(st->st_dev) || min != minor(st->st_dev) ||
	    ino != st->st_ino || start > (unsigned long long)byte)
		return false;
	return strcmp(end, "EOF") == 0 ||
	       strtoull(end, NULL, 10) >= (unsigned long long)byte;
}

static bool fdinfo_holds(const char *path, const struct stat *st, off_t byte)
{
	char buf[8192], *line;
	FILE *f = fopen(path, "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && (line = fgets(buf, sizeof(buf), f)))
		if (strncmp(line, "lock:", 5) == 0)
			found = lock_line_matches(line, st, byte);
	fclose(f);
	return found;
}

/* F_OFD_GETLK cannot name the holder of an OFD lock, but the kernel
 * lists every lock in /proc/PID/fdinfo/FD: find the process there.
 * Only runs on the error path, with a cap on the work. */
static pid_t lock_scan_proc(int our_fd, const struct stat *st, off_t byte)
{
	unsigned files = 0;
	pid_t self = getpid(), found = -1;
	DIR *proc = opendir("/proc");
	struct dirent *p;

	if (!proc)
		return -1;
	while (found < 0 && files < LOCK_SCAN_MAX_FILES &&
	       (p = readdir(proc))) {
		char dir[64], path[64 + 256];
		pid_t pid = atoi(p->d_name);
		struct dirent *f;
		DIR *fds;

		if (pid <= 0)
			continue;
		snprintf(dir, sizeof(dir), "/proc/%d/fdinfo", (int)pid);
		fds = opendir(dir);
		if (!fds)
			continue;
		while (found < 0 && files < LOCK_SCAN_MAX_FILES &&
		       (f = readdir(fds))) {
			if (f->d_name[0] == '.')
				continue;
			if (pid == self && atoi(f->d_name) == our_fd)
				continue;
			files++;
			snprintf(path, sizeof(path), "%s/%s", dir, f->d_name);
			if (fdinfo_holds(path, st, byte))
				found = pid;
		}
		closedir(fds);
	}
	closedir(proc);
	return found;
}

static int lock_conflict(int fd, const char *path, off_t byte,
			 const char *why, struct err *e)
{
	struct stat st;
	pid_t pid = -1;

	if (!lock_taken(fd, byte, &pid))
		return 0;
	if (pid < 0 && fstat(fd, &st) == 0)
		pid = lock_scan_proc(fd, &st, byte);
	if (pid > 0)
		return err_set(e, "image \"%s\" is in use (by PID %d): %s",
			       path, (int)pid, why);
	return err_set(e, "image \"%s\" is in use by another program: %s",
		       path, why);
}

int block_lock_image(int fd, const char *path, bool write, struct err *e)
{
	const off_t take[] = {
		LOCK_PERM_BASE + PERM_READ,
		write ? LOCK_PERM_BASE + PERM_WRITE : -1,
		/* Nobody else may write while we use it, even read-only:
		 * "read-only sharing" is between readers. */
		LOCK_SHARED_BASE + PERM_WRITE,
	};

	for (unsigned i = 0; i < sizeof(take) / sizeof(take[0]); i++) {
		int ret;

		if (take[i] < 0)
			continue;
		ret = lock_byte(fd, take[i]);
		if (ret == -EAGAIN || ret == -EACCES)
			return lock_conflict(fd, path, take[i],
					     "it holds an exclusive lock", e);
		if (ret < 0) {
			/* e.g. a file system without OFD locks: run, but say
			 * that a second user would go unnoticed. */
			log_msg("%s: cannot lock the image (%s); another"
				" program could open it at the same time",
				path, strerror(-ret));
			return 0;
		}
	}
	/* Locks first, tests second: two starting at once both fail
	 * rather than both succeed. */
	if (lock_conflict(fd, path, LOCK_PERM_BASE + PERM_WRITE,
			  "it is open for writing there", e) < 0)
		return -1;
	if (lock_conflict(fd, path, LOCK_SHARED_BASE + PERM_READ,
			  "it does not share the image with readers", e) < 0)
		return -1;
	if (write &&
	    lock_conflict(fd, path, LOCK_SHARED_BASE + PERM_WRITE,
			  "it does not let others write the image", e) < 0)
		return -1;
	return 0;
}
