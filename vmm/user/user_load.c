/* Process creation for mipsvz-user: memory layout, ELF placement, the
 * initial stack (argc/argv/envp/auxv as Linux's create_elf_tables lays
 * them out) and the registers a new MIPS process starts with. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user.h"

/* Auxiliary vector tags (include/uapi/linux/auxvec.h). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
	AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
	AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
	AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
};

/* CP0 registers and Status bits the loader sets. */
#define CP0_HWRENA VCPU_REG_CP0_ID(7, 0)
#define CP0_USERLOCAL VCPU_REG_CP0_ID(4, 2)
#define CP0_STATUS VCPU_REG_CP0_ID(12, 0)
#define ST_CU1 (1u << 29)
#define ST_FR (1u << 26)
#define ST_KX (1u << 7)
#define ST_SX (1u << 6)
#define ST_UX (1u << 5)
#define ST_KSU_USER (2u << 3)

#define MIPS_REG_SP 29

/* o32: a 31-bit user space; a 64-bit kernel gives o32 tasks the same
 * TASK_SIZE32 (0x7fff8000) and puts the stack right below it. n64: Linux
 * with 40 virtual address bits (TASK_SIZE64 = 1 << 40). The mmap area
 * sits below the stack with a gap, top-down, as in Linux's default
 * layout. Regions are reserved lazily (MAP_NORESERVE in the bus), so the
 * sizes cost host memory only once the guest touches them. */
static const struct user_layout user_layout_o32 = {
	.brk_reserve = 512ull << 20,
	.mmap_base = 0x50000000, .mmap_size = 0x2e000000,
	.stack_top = 0x7fff8000, .stack_size = 8ull << 20,
};

static const struct user_layout user_layout_n64 = {
	.brk_reserve = 1ull << 30,
	.mmap_base = 0xfe00000000ull, .mmap_size = 4ull << 30,
	.stack_top = 0xfffffff000ull, .stack_size = 8ull << 20,
};

static uint64_t page_down(uint64_t v)
{
	return v & ~(USER_PAGE - 1);
}

static uint64_t page_up(uint64_t v)
{
	return (v + USER_PAGE - 1) & ~(USER_PAGE - 1);
}

static int read_file(const char *path, uint8_t **data, size_t *len,
		     struct err *e)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, "%s: not a regular file", path);
	}
	*len = st.st_size;
	*data = malloc(*len ? *len : 1);
	if (!*data) {
		close(fd);
		return err_set(e, "%s: out of memory", path);
	}
	while (got < *len) {
		ssize_t n = read(fd, *data + got, *len - got);

		if (n <= 0) {
			free(*data);
			close(fd);
			return err_set(e, "%s: read failed", path);
		}
		got += n;
	}
	close(fd);
	return 0;
}

static int check_elf(struct user_proc *p, struct err *e)
{
	const struct elf_image *img = &p->elf;

	if (img->has_interp)
		return err_set(e, "dynamically linked programs are not "
				  "supported: link with -static");
	if (img->type != ELF_ET_EXEC)
		return err_set(e, "position-independent executables are not "
				  "supported: link with -static -no-pie");
	if (img->abi == ELF_ABI_O32 && !img->is64)
		p->n64 = false;
	else if (img->abi == ELF_ABI_N64 && img->is64)
		p->n64 = true;
	else
		return err_set(e, "%s ABI is not supported (o32 and n64 are)",
			       elf_abi_name(img->abi));
	p->en = img->endian;
	p->lay = p->n64 ? user_layout_n64 : user_layout_o32;
	if (img->hi_vaddr > p->lay.mmap_base - p->lay.brk_reserve ||
	    img->lo_vaddr < USER_PAGE)
		return err_set(e, "segments [0x%" PRIx64 ", 0x%" PRIx64
				  ") collide with the heap/mmap/stack layout",
			       img->lo_vaddr, img->hi_vaddr);
	return 0;
}

static int map_memory(struct user_proc *p, const uint8_t *file,
		      struct err *e)
{
	const struct elf_image *img = &p->elf;
	const struct user_layout *l = &p->lay;
	uint64_t size;

	p->image_lo = page_down(img->lo_vaddr);
	p->brk_start = p->brk_cur = page_up(img->hi_vaddr);
	p->brk_max = p->brk_start + l->brk_reserve;
	size = p->brk_max - p->image_lo;
	if (bus_map_ram(&p->bus, p->image_lo, size, "image+heap",
			&p->image_host, e) < 0)
		return -1;
	if (bus_map_ram(&p->bus, l->mmap_base, l->mmap_size, "mmap",
			&p->mmap_host, e) < 0)
		return -1;
	p->mmap_used = calloc(1, l->mmap_size / USER_PAGE);
	if (!p->mmap_used)
		return err_set(e, "out of memory");
	p->stack_lo = l->stack_top - l->stack_size;
	if (bus_map_ram(&p->bus, p->stack_lo, l->stack_size, "stack", NULL,
			e) < 0)
		return -1;
	/* The parser checked every segment against the file; the bss part
	 * is already zero in fresh anonymous memory. */
	for (unsigned i = 0; i < img->nload; i++) {
		const struct elf_segment *s = &img->load[i];

		memcpy(p->image_host + (s->vaddr - p->image_lo),
		       file + s->offset, s->filesz);
	}
	return 0;
}

/* The initial stack, top down like Linux: the program path (AT_EXECFN),
 * environment and argument strings, the platform string and 16 random
 * bytes, then (16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv. */
struct stack_builder {
	struct user_proc *p;
	uint64_t sp;
	int err;
};

static uint64_t push_bytes(struct stack_builder *b, const void *d, size_t n)
{
	b->sp -= n;
	if (b->sp < b->p->stack_lo || umem_write(b->p, b->sp, d, n) < 0)
		b->err = -1;
	return b->sp;
}

static uint64_t push_str(struct stack_builder *b, const char *s)
{
	return push_bytes(b, s, strlen(s) + 1);
}

static int build_stack(struct user_proc *p, char **argv, char **envp,
		       const char *execfn, struct err *e)
{
	struct stack_builder b = { .p = p, .sp = p->lay.stack_top };
	unsigned w = user_wsize(p);
	size_t argc = 0, envc = 0, nwords, k = 0;
	uint64_t execfn_va, platform_va, random_va, *words, sp;
	uint8_t rnd[16];

	while (argv[argc])
		argc++;
	while (envp[envc])
		envc++;
	uint64_t argv_va[argc + 1], envp_va[envc + 1];

	execfn_va = push_str(&b, execfn);
	for (size_t i = envc; i-- > 0;)
		envp_va[i] = push_str(&b, envp[i]);
	for (size_t i = argc; i-- > 0;)
		argv_va[i] = push_str(&b, argv[i]);
	b.sp &= ~(uint64_t)(w - 1);
	platform_va = push_str(&b, p->n64 ? "mips64" : "mips");
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	random_va = push_bytes(&b, rnd, sizeof(rnd));
	if (b.err)
		return err_set(e, "arguments and environment do not fit in "
				  "the %" PRIu64 " KiB stack",
			       p->lay.stack_size >> 10);

	const uint64_t auxv[][2] = {
		{ AT_HWCAP, 0 }, { AT_PAGESZ, USER_PAGE }, { AT_CLKTCK, 100 },
		{ AT_PHDR, p->elf.phdr_vaddr }, { AT_PHENT, p->elf.phentsize },
		{ AT_PHNUM, p->elf.phnum }, { AT_BASE, 0 }, { AT_FLAGS, 0 },
		{ AT_ENTRY, p->elf.entry }, { AT_UID, getuid() },
		{ AT_EUID, geteuid() }, { AT_GID, getgid() },
		{ AT_EGID, getegid() }, { AT_SECURE, 0 },
		{ AT_RANDOM, random_va }, { AT_EXECFN, execfn_va },
		{ AT_PLATFORM, platform_va }, { AT_NULL, 0 },
	};
	size_t naux = sizeof(auxv) / sizeof(auxv[0]);

	nwords = 1 + argc + 1 + envc + 1 + 2 * naux;
	words = calloc(nwords, sizeof(*words));
	if (!words)
		return err_set(e, "out of memory");
	words[k++] = argc;
	for (size_t i = 0; i < argc; i++)
		words[k++] = argv_va[i];
	words[k++] = 0;
	for (size_t i = 0; i < envc; i++)
		words[k++] = envp_va[i];
	words[k++] = 0;
	for (size_t i = 0; i < naux; i++) {
		words[k++] = auxv[i][0];
		words[k++] = auxv[i][1];
	}
	sp = (b.sp - nwords * w) & ~15ull;
	for (size_t i = 0; i < nwords && sp >= p->stack_lo; i++)
		if (umem_put(p, sp + i * w, w, words[i]) < 0)
			b.err = -1;
	free(words);
	if (b.err || sp < p->stack_lo)
		return err_set(e, "arguments and environment do not fit in "
				  "the stack");
	return soft_cpu_set_reg(p->cpu, VCPU_REG_GPR + MIPS_REG_SP, sp);
}

/* The FP register mode Linux picks for the ABI: n64 always FR=1; o32
 * FR=1 only for FP64/FP64A objects, FR=0 for FP32 and FPXX ones. */
static bool wants_fr(const struct user_proc *p)
{
	if (p->n64)
		return true;
	if (p->elf.has_abiflags)
		return p->elf.fp_abi == ELF_FP_64 ||
		       p->elf.fp_abi == ELF_FP_64A;
	return (p->elf.flags & ELF_EF_MIPS_FP64) != 0;
}

static void init_cpu_state(struct user_proc *p)
{
	uint64_t st = 0;

	/* A new Linux process starts with every GPR zero but sp. */
	for (unsigned i = 1; i < 32; i++)
		soft_cpu_set_reg(p->cpu, VCPU_REG_GPR + i, 0);
	soft_cpu_get_reg(p->cpu, CP0_STATUS, &st);
	st &= ~(uint64_t)(ST_FR | ST_CU1 | (3u << 3) | 7u);
	st |= ST_KSU_USER;
	if (p->model->fir)
		st |= ST_CU1;
	if (wants_fr(p))
		st |= ST_FR;
	if (p->model->is64)
		st |= ST_UX | ST_SX | ST_KX;
	soft_cpu_set_reg(p->cpu, CP0_STATUS, st);
	/* Linux lets user code read CPUNum, SYNCI_Step, CC, CCRes and
	 * UserLocal with RDHWR. */
	soft_cpu_set_reg(p->cpu, CP0_HWRENA, (1u << 29) | 0xf);
	soft_cpu_set_reg(p->cpu, CP0_USERLOCAL, 0);
	soft_cpu_set_reg(p->cpu, VCPU_REG_FCSR,
			 (p->elf.flags & ELF_EF_MIPS_NAN2008) ?
			 (3u << 18) : 0);
	soft_cpu_set_reg(p->cpu, VCPU_REG_PC, p->elf.entry);
}

static const char *default_model(const struct user_proc *p)
{
	return p->n64 ? "MIPS64R2-generic" : "24Kf";
}

int user_load(struct user_proc *p, const char *path, char **argv,
	      char **envp, const char *cpu_name, struct err *e)
{
	uint8_t *file = NULL;
	size_t len = 0;
	int r;

	memset(p, 0, sizeof(*p));
	p->path = path;
	if (read_file(path, &file, &len, e) < 0)
		return -1;
	r = elf_parse(file, len, &p->elf, e);
	if (r == 0)
		r = check_elf(p, e);
	if (r < 0) {
		free(file);
		return err_prefix(e, "%s", path);
	}
	if (!cpu_name)
		cpu_name = default_model(p);
	p->model = cpu_model_find(cpu_name);
	if (!p->model) {
		free(file);
		return err_set(e, "unknown CPU model '%s'", cpu_name);
	}
	if (p->n64 && !p->model->is64) {
		free(file);
		return err_set(e, "CPU model %s is 32-bit and cannot run the "
				  "n64 program %s", p->model->name, path);
	}
	bus_init(&p->bus, p->en == ENDIAN_BIG ? ENDIAN_BIG : ENDIAN_LITTLE);
	vclock_init(&p->clock, false);
	r = map_memory(p, file, e);
	free(file);
	if (r < 0)
		return err_prefix(e, "%s", path);
	p->cpu = soft_cpu_new(p->model, &p->bus, &p->clock, e);
	if (!p->cpu)
		return -1;
	soft_cpu_set_user_mode(p->cpu, p->en == ENDIAN_BIG);
	init_cpu_state(p);
	for (int fd = 0; fd < 3; fd++)
		user_fd_set(p, fd, true);
	/* AT_EXECFN is the path as given, as Linux does. */
	return build_stack(p, argv, envp, path, e);
}

void user_free(struct user_proc *p)
{
	if (p->cpu)
		soft_cpu_free(p->cpu);
	bus_destroy(&p->bus);
	free(p->mmap_used);
	p->cpu = NULL;
	p->mmap_used = NULL;
}
