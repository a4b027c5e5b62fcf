/* ARCS firmware internals shared by firmware/arcs*.c (not for boards:
 * they use arcs.h). Layout choices are documented in docs/hw/arcs.md. */
#ifndef MIPSVZ_FIRMWARE_ARCS_INT_H
#define MIPSVZ_FIRMWARE_ARCS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arcs.h"
#include "vmm/bus.h"

struct machine;
struct block;

/* Call numbers: the firmware vector index (SGI-FACTS 3 c.2), the
 * private vector index + ARCS_PRIV_BASE, then our own internal calls
 * made by PROM code (never by a guest program through a vector). */
enum arcs_call {
	ARCS_LOAD, ARCS_INVOKE, ARCS_EXECUTE, ARCS_HALT, ARCS_POWER_DOWN,
	ARCS_RESTART, ARCS_REBOOT, ARCS_ENTER_INTERACTIVE, ARCS_RETURN_MAIN,
	ARCS_GET_PEER, ARCS_GET_CHILD, ARCS_GET_PARENT, ARCS_GET_CONFIG_DATA,
	ARCS_ADD_CHILD, ARCS_DELETE_COMPONENT, ARCS_GET_COMPONENT,
	ARCS_SAVE_CONFIG, ARCS_GET_SYSTEM_ID, ARCS_GET_MEMORY_DESC,
	ARCS_SIGNAL, ARCS_GET_TIME, ARCS_GET_RELATIVE_TIME, ARCS_GET_DIRENT,
	ARCS_OPEN, ARCS_CLOSE, ARCS_READ, ARCS_GET_READ_STATUS, ARCS_WRITE,
	ARCS_SEEK, ARCS_MOUNT, ARCS_GET_ENV, ARCS_SET_ENV, ARCS_GET_FILE_INFO,
	ARCS_SET_FILE_INFO, ARCS_FLUSH_ALL_CACHES, ARCS_TEST_UNICODE,
	ARCS_GET_DISPLAY_STATUS,
	ARCS_NCALLS,
};
#define ARCS_VECTOR_SLOTS 256u		/* 0x1800-0x1bff, all filled */
#define ARCS_PRIV_BASE 0x100u		/* private vector: 0x1c00-0x1fff */
#define ARCS_CALL_MONITOR 0x200u	/* PROM loop: what next? */
#define ARCS_CALL_PROGRAM_RETURN 0x201u	/* a started program returned */
#define ARCS_CALL_EXCEPTION 0x202u	/* BEV exception vector hit */

/* Vector length the SPB reports: 35 entries, as the real IP22 PROM
 * (SGI-FACTS 4.6.1: FirmwareVectorLength 0x8C); the table itself holds
 * a stub in every slot, TestUnicode/GetDisplayStatus included. */
#define ARCS_FV_LENGTH 0x8cu
#define ARCS_PV_LENGTH 0x100u

/* ARCS status codes (ARC spec; Linux sgiarcs.h PROM_E*). */
enum arcs_status {
	ARCS_ESUCCESS = 0, ARCS_E2BIG = 1, ARCS_EACCES = 2, ARCS_EAGAIN = 3,
	ARCS_EBADF = 4, ARCS_EBUSY = 5, ARCS_EFAULT = 6, ARCS_EINVAL = 7,
	ARCS_EIO = 8, ARCS_EISDIR = 9, ARCS_EMFILE = 10, ARCS_EMLINK = 11,
	ARCS_ENAMETOOLONG = 12, ARCS_ENODEV = 13, ARCS_ENOENT = 14,
	ARCS_ENOEXEC = 15, ARCS_ENOMEM = 16, ARCS_ENOSPC = 17,
	ARCS_ENOTDIR = 18, ARCS_ENOTTY = 19, ARCS_ENXIO = 20, ARCS_EROFS = 21,
};

/* SGI memory descriptor types (SGI-FACTS 3 c.3, NetBSD arcbios.h). */
enum arcs_mem_type {
	ARCS_MEM_EXCEPTION_BLOCK = 0, ARCS_MEM_SPB = 1,
	ARCS_MEM_FREE_CONTIGUOUS = 2, ARCS_MEM_FREE = 3, ARCS_MEM_BAD = 4,
	ARCS_MEM_LOADED_PROGRAM = 5, ARCS_MEM_FW_TEMPORARY = 6,
	ARCS_MEM_FW_PERMANENT = 7,
};

/* --- guest-visible layout --------------------------------------------- */

/* Low memory (the 512 KB alias of bank 0 at physical 0). */
#define ARCS_SPB_PA 0x1000u
#define ARCS_RSTB_PA 0x1400u		/* restart block (SPB page) */
#define ARCS_FV_PA 0x1800u		/* firmware vector */
#define ARCS_PV_PA 0x1c00u		/* private vector */
#define ARCS_SPB_LENGTH 0x48u		/* as the real PROM (SGI-FACTS 4.6.1) */

/* PROM offsets. */
#define ARCS_PROM_RESET 0x0000u		/* reset vector */
#define ARCS_PROM_BEV_TLB 0x0200u	/* BEV vectors (R4000 manual 5.4) */
#define ARCS_PROM_BEV_XTLB 0x0280u
#define ARCS_PROM_BEV_CACHE 0x0300u
#define ARCS_PROM_BEV_GENERAL 0x0380u
#define ARCS_PROM_MONITOR 0x0800u	/* (re-)enter the PROM's loop */
#define ARCS_PROM_COMMON 0x0c00u	/* the shared call sequence */
#define ARCS_PROM_PRETURN 0x0e00u	/* a program's return address */
#define ARCS_PROM_STUBS 0x1000u		/* 2 instructions per call */
#define ARCS_PROM_TREE 0x4000u		/* component nodes */
#define ARCS_PROM_TREE_SIZE 0x4000u
#define ARCS_PROM_MEMDESC 0x8000u	/* memory descriptors */
#define ARCS_PROM_SYSID 0x8800u		/* GetSystemId */
#define ARCS_PROM_TIME 0x8840u		/* GetTime */
#define ARCS_PROM_DSPSTAT 0x8880u	/* GetDisplayStatus */
#define ARCS_PROM_ENVVAL 0x10000u	/* GetEnvironmentVariable values */
#define ARCS_PROM_END 0x20000u

/* Firmware RAM at the top of bank 0: stack for programs the PROM starts
 * (temporary), then argv/envp for them (permanent). */
#define ARCS_FWRAM_SIZE 0x20000u
#define ARCS_FWRAM_STACK 0x10000u	/* first half: stack */
#define ARCS_ARGS_SIZE 0x10000u

/* The firmware-call device's registers (32-bit, big-endian). */
enum arcs_fwreg {
	ARCS_REG_CALL = 0x00,	/* write: perform the call */
	ARCS_REG_A0 = 0x04, ARCS_REG_A1 = 0x08, ARCS_REG_A2 = 0x0c,
	ARCS_REG_A3 = 0x10, ARCS_REG_SP = 0x14, ARCS_REG_RA = 0x18,
	ARCS_REG_RESULT = 0x20,	/* v0 */
	ARCS_REG_ACTION = 0x24,	/* enum arcs_action */
	ARCS_REG_JPC = 0x28,	/* jump: target, a0-a3, sp, ra */
	ARCS_REG_JA0 = 0x2c, ARCS_REG_JA1 = 0x30, ARCS_REG_JA2 = 0x34,
	ARCS_REG_JA3 = 0x38, ARCS_REG_JSP = 0x3c, ARCS_REG_JRA = 0x40,
	ARCS_REG_END = 0x44,
};

enum arcs_action {
	ARCS_ACT_RETURN = 0,	/* v0 = RESULT, back to ra */
	ARCS_ACT_JUMP = 1,	/* load a0-a3/sp/ra, jump to JPC */
	ARCS_ACT_RETRY = 2,	/* wait a little, make the same call again */
};

/* --- firmware state ------------------------------------------------------ */

#define ARCS_MAX_NODES 48
#define ARCS_IDENT_MAX 32
#define ARCS_MAX_MEMDESC 24
#define ARCS_MAX_FILES 16
#define ARCS_PATH_MAX 256
#define ARCS_ENV_MAX 64
#define ARCS_ENV_NAME_MAX 32
#define ARCS_ENV_VALUE_MAX 256
#define ARCS_LINE_MAX 256
#define ARCS_MAX_ARGS 32
#define ARCS_MAX_SEGS 16
#define ARCS_FILE_MAX (64u << 20)	/* largest program Load accepts */

struct arcs_node {
	uint32_t class, type, flags;
	uint16_t version, revision;
	uint32_t key, affinity;
	char ident[ARCS_IDENT_MAX];
	int parent, child, peer;	/* indices, -1 = none */
};

struct arcs_memdesc {
	uint32_t type, base_page, pages;
};

struct arcs_env_var {
	char name[ARCS_ENV_NAME_MAX];
	char value[ARCS_ENV_VALUE_MAX];
	bool used;
};

/* A parsed ARC path: "scsi(0)disk(1)rdisk(0)partition(8)/sash",
 * "dksc(0,1,8)sash", "serial(0)". */
enum arcs_dev { ARCS_DEV_NONE, ARCS_DEV_CONSOLE, ARCS_DEV_DISK,
		ARCS_DEV_NET };
struct arcs_path {
	enum arcs_dev dev;
	unsigned ctrl, unit, lun, part;	/* disk: scsi(ctrl)disk(unit)... */
	bool has_part;
	unsigned serial;		/* console: serial(n) */
	char file[ARCS_PATH_MAX];	/* after the device, "" = raw */
};

enum arcs_file_kind { ARCS_FILE_FREE, ARCS_FILE_CONSOLE, ARCS_FILE_DISK };
struct arcs_file {
	enum arcs_file_kind kind;
	unsigned ctrl, unit, lun;
	uint64_t base, size, pos;	/* bytes on the disk */
	bool writable;
	char name[32];
};

/* A program image: segments as physical ranges in RAM. */
struct arcs_seg {
	uint64_t pa;
	uint64_t offset, filesz, memsz;	/* in the file */
};
struct arcs_image {
	const uint8_t *data;	/* file contents (not owned) */
	size_t len;
	uint64_t entry;		/* sign-extended */
	uint64_t lo, hi;	/* physical extent */
	unsigned nseg;
	struct arcs_seg seg[ARCS_MAX_SEGS];
	const char *format;	/* "ELF32", "ELF64", "ECOFF" */
};

enum arcs_mon_state {
	ARCS_MON_START,		/* power-on: banner, autoload or menu */
	ARCS_MON_MENU,		/* print the menu */
	ARCS_MON_MENU_INPUT,	/* reading an option */
	ARCS_MON_CMD,		/* print the command monitor prompt */
	ARCS_MON_CMD_INPUT,
	ARCS_MON_ANYKEY,	/* "press any key to continue" */
};

struct arcs {
	struct machine *m;
	struct bus *bus;
	struct arcs_platform p;
	uint8_t *prom;
	uint64_t prom_pa;
	uint64_t fwram_pa;	/* top of bank 0 */
	bool has_wait;
	uint32_t idle_count;	/* Count ticks per monitor idle period */

	/* firmware-call device registers */
	uint32_t reg[ARCS_REG_END / 4];

	struct arcs_node node[ARCS_MAX_NODES];
	unsigned nnodes;
	struct arcs_memdesc md[ARCS_MAX_MEMDESC];
	unsigned nmd;

	struct arcs_env_var env[ARCS_ENV_MAX];
	uint8_t nvram[ARCS_NVRAM_SIZE];	/* shadow of the NVRAM area */
	bool nvram_backed;
	bool nvram_reinit;	/* print the PROM's warning once */

	struct arcs_file file[ARCS_MAX_FILES];

	/* fallback disks from the config (until the SCSI issue) */
	struct block *disk[8];
	unsigned disk_refs[8];

	/* --kernel */
	char *kernel_path;
	char *kernel_append;
	uint8_t *kernel_data;
	size_t kernel_len;
	struct arcs_image kernel;
	bool kernel_pending;	/* enter it at the next monitor step */
	uint64_t loaded_lo, loaded_hi;	/* LoadedProgram descriptor */

	/* Invoke/Execute nesting: where a program returns to */
	unsigned ncontext;
	struct { uint32_t ra, sp; } context[4];

	/* PROM menu and command monitor */
	enum arcs_mon_state mon;
	char line[ARCS_LINE_MAX];
	size_t line_len;
	bool autoboot_done;
	bool last_cr;		/* swallow the LF of CR LF */

	bool unimpl_logged[ARCS_VECTOR_SLOTS + ARCS_VECTOR_SLOTS];
};

/* arcs.c */
const char *arcs_call_name(unsigned call);
void arcs_puts(struct arcs *a, const char *s);	/* \n -> \r\n */
void arcs_printf(struct arcs *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Guest virtual (KSEG0/KSEG1, 32-bit) <-> physical. */
bool arcs_va_to_pa(uint32_t va, uint64_t *pa);
static inline uint32_t arcs_kseg0(uint64_t pa)
{
	return 0x80000000u | (uint32_t)(pa & 0x1fffffff);
}
static inline uint32_t arcs_kseg1(uint64_t pa)
{
	return 0xa0000000u | (uint32_t)(pa & 0x1fffffff);
}
static inline uint32_t arcs_prom_va(const struct arcs *a, uint32_t off)
{
	return arcs_kseg1(a->prom_pa + off);
}
/* Bounds-checked guest memory (RAM or PROM); -1 if not all there. */
int arcs_read_guest(struct arcs *a, uint32_t va, void *buf, size_t len);
int arcs_write_guest(struct arcs *a, uint32_t va, const void *buf,
		     size_t len);
int arcs_read_u32(struct arcs *a, uint32_t va, uint32_t *v);
int arcs_write_u32(struct arcs *a, uint32_t va, uint32_t v);
/* A NUL-terminated guest string into buf[max]: 0, or -ARCS_E* */
int arcs_read_string(struct arcs *a, uint32_t va, char *buf, size_t max);
void arcs_prom_put32(struct arcs *a, uint32_t off, uint32_t v);
void arcs_prom_put16(struct arcs *a, uint32_t off, uint16_t v);
void arcs_prom_written(struct arcs *a, uint32_t off, uint32_t len);
/* Result of the current call */
void arcs_set_jump(struct arcs *a, uint32_t pc, uint32_t a0, uint32_t a1,
		   uint32_t a2, uint32_t a3, uint32_t sp, uint32_t ra);
void arcs_set_retry(struct arcs *a);
uint32_t arcs_stack_top(const struct arcs *a);
void arcs_enter_monitor(struct arcs *a, bool menu);

/* arcs_stubs.c: the PROM code */
void arcs_stubs_write(struct arcs *a);

/* arcs_tree.c */
void arcs_tree_build(struct arcs *a);
uint32_t arcs_tree_call(struct arcs *a, unsigned call, const uint32_t *arg);
const struct arcs_node *arcs_tree_find(const struct arcs *a, uint32_t class,
				       uint32_t type, unsigned key);
void arcs_tree_hinv(struct arcs *a);

/* arcs_mem.c: memory descriptors */
int arcs_mem_build(const struct arcs_platform *p, uint64_t fwram_pa,
		   uint64_t loaded_lo, uint64_t loaded_hi,
		   struct arcs_memdesc *md, unsigned max);
void arcs_mem_publish(struct arcs *a);
uint32_t arcs_mem_get_descriptor(struct arcs *a, uint32_t prev);
uint64_t arcs_ram_total(const struct arcs_platform *p);

/* arcs_env.c */
uint8_t arcs_nvram_checksum(const uint8_t *nv);
void arcs_nvram_defaults(uint8_t *nv, const uint8_t eaddr[6]);
bool arcs_nvram_valid(const uint8_t *nv);
int arcs_parse_mac(const char *s, uint8_t mac[6]);
void arcs_env_init(struct arcs *a);
const char *arcs_env_get(struct arcs *a, const char *name);
/* 0 or ARCS_E*: force allows the write-protected ones (eaddr). */
int arcs_env_set(struct arcs *a, const char *name, const char *value,
		 bool force);
uint32_t arcs_env_call(struct arcs *a, unsigned call, const uint32_t *arg);
void arcs_env_print(struct arcs *a, const char *only);
/* envp strings "name=value" in order; returns count */
unsigned arcs_env_strings(struct arcs *a, char (*out)[ARCS_ENV_NAME_MAX +
				ARCS_ENV_VALUE_MAX + 2], unsigned max);

/* arcs_path.c */
int arcs_path_parse(const char *path, struct arcs_path *out);

/* arcs_io.c */
uint32_t arcs_io_call(struct arcs *a, unsigned call, const uint32_t *arg);
void arcs_io_reset(struct arcs *a);
/* Read a whole file named by an ARC path (PROM use): malloc'ed. */
int arcs_io_read_file(struct arcs *a, const char *path, uint8_t **data,
		      size_t *len, char *msg, size_t msglen);
void arcs_io_ls(struct arcs *a, const char *path);
void arcs_disks_open(struct arcs *a);
void arcs_disks_close(struct arcs *a);

/* arcs_load.c */
int arcs_image_parse(const uint8_t *data, size_t len, struct arcs_image *img,
		     struct err *e);
int arcs_image_check(const struct arcs *a, struct arcs_image *img,
		     struct err *e);
int arcs_image_place(struct arcs *a, const struct arcs_image *img);
/* Build argv/envp in firmware RAM and jump to the image's entry. */
void arcs_start_program(struct arcs *a, const struct arcs_image *img,
			int argc, char **argv);
uint32_t arcs_load_call(struct arcs *a, unsigned call, const uint32_t *arg);
/* Load a file (ARC path) and start it; false with a message. */
bool arcs_boot_path(struct arcs *a, const char *path, int argc, char **argv);

/* arcs_menu.c */
void arcs_monitor_step(struct arcs *a);
bool arcs_autoboot(struct arcs *a);

#endif
