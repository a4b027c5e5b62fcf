/* mipsvz-user: runs one static Linux MIPS program (o32 or n64, either
 * byte order) in user mode on the soft CPU, serving its system calls on
 * the host the way a Linux kernel would, like qemu-user does.
 *
 * The guest's user addresses are bus physical addresses (the soft CPU's
 * user mode maps them 1:1), so the process image is a handful of bus RAM
 * regions: the ELF segments plus the brk heap in one, an mmap area, and
 * the stack. */
#ifndef MIPSVZ_USER_H
#define MIPSVZ_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "../../firmware/elf.h"
#include "../bus.h"
#include "../clock.h"
#include "../cpu/soft.h"

#define USER_PAGE 4096ull
#define USER_MAX_FDS 1024

/* Where a Linux kernel would put things, per ABI (see user_layout). */
struct user_layout {
	uint64_t brk_reserve;		/* heap room after the image */
	uint64_t mmap_base, mmap_size;	/* anonymous/file mappings */
	uint64_t stack_top, stack_size;
};

struct user_proc {
	struct bus bus;
	struct vclock clock;
	struct soft_cpu *cpu;
	const struct cpu_model *model;
	struct elf_image elf;
	const char *path;		/* the program as given */
	bool n64;			/* else o32 */
	enum endian en;
	struct user_layout lay;

	/* [image_lo, brk_max): segments then heap, one RAM region */
	uint64_t image_lo, brk_start, brk_cur, brk_max;
	uint8_t *image_host;
	/* mmap area: one RAM region, a byte per page (1 = in use) */
	uint8_t *mmap_host;
	uint8_t *mmap_used;
	uint64_t stack_lo;

	uint64_t tls;			/* set_thread_area, for RDHWR $29 */
	uint32_t fd_open[USER_MAX_FDS / 32];	/* fds the guest may use */

	bool exited;
	int exit_code;
	int term_signal;		/* MIPS signal number that ended it, or 0 */
};

/* user_load.c: lay out memory, load the ELF, build the initial stack and
 * registers. argv[0] is the program name the guest sees. */
int user_load(struct user_proc *p, const char *path, char **argv,
	      char **envp, const char *cpu_name, struct err *e);
void user_free(struct user_proc *p);

/* user_mem.c: guest memory, bounds-checked. All return 0 or -EFAULT. */
int umem_read(struct user_proc *p, uint64_t va, void *buf, uint64_t len);
int umem_write(struct user_proc *p, uint64_t va, const void *buf,
	       uint64_t len);
/* Copy a NUL-terminated string of at most max-1 bytes; -ENAMETOOLONG. */
int umem_read_str(struct user_proc *p, uint64_t va, char *buf, size_t max);
/* Words in the guest's byte order; size 1, 2, 4 or 8. */
int umem_get(struct user_proc *p, uint64_t va, unsigned size, uint64_t *v);
int umem_put(struct user_proc *p, uint64_t va, unsigned size, uint64_t v);
/* Host pointer for a range inside one region, or NULL. */
uint8_t *umem_host(struct user_proc *p, uint64_t va, uint64_t len,
		   bool write);
/* The host pointer for va and how many bytes of [va, va+len) follow it
 * in the same region (*n), or NULL when va is not guest memory. */
uint8_t *umem_span(struct user_proc *p, uint64_t va, uint64_t len,
		   bool write, uint64_t *n);
/* Tell the CPU that guest memory changed behind its back. */
void umem_dirty(struct user_proc *p, uint64_t va, uint64_t len);

/* brk and the mmap area. Results as the syscalls return them. */
uint64_t umem_brk(struct user_proc *p, uint64_t want);
int64_t umem_mmap(struct user_proc *p, uint64_t addr, uint64_t len,
		  bool fixed, bool noreplace);
int64_t umem_munmap(struct user_proc *p, uint64_t addr, uint64_t len);
/* Zero [addr, addr+len) if it lies in the mmap area (MADV_DONTNEED). */
void umem_discard(struct user_proc *p, uint64_t addr, uint64_t len);

/* user_syscall.c: serve the SYSCALL the CPU stopped at (PC still at the
 * SYSCALL; the caller advances it). */
void user_syscall(struct user_proc *p);
/* Host errno -> the MIPS Linux value. */
int user_errno(int host_errno);

/* Arguments and helpers shared by the syscall files. */
struct user_args {
	uint64_t a[8];
	int nr;			/* ABI-relative number (0 = first) */
};

typedef int64_t (*user_sys_fn)(struct user_proc *p, const struct user_args *a);

struct user_sys {
	const char *name;
	int o32, n64;		/* -1 when the ABI lacks it */
	user_sys_fn fn;
};

/* Each file's table, ended by an entry with a NULL name. */
extern const struct user_sys user_sys_file[];
extern const struct user_sys user_sys_proc[];

/* The guest word size in bytes. */
static inline unsigned user_wsize(const struct user_proc *p)
{
	return p->n64 ? 8 : 4;
}

/* An address or length argument as the guest ABI sees it. */
static inline uint64_t user_ulong(const struct user_proc *p, uint64_t v)
{
	return p->n64 ? v : (uint32_t)v;
}

static inline int64_t user_long(const struct user_proc *p, uint64_t v)
{
	return p->n64 ? (int64_t)v : (int32_t)v;
}

bool user_fd_ok(const struct user_proc *p, int64_t fd);
void user_fd_set(struct user_proc *p, int fd, bool open);

#endif
