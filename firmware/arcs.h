/* ARCS firmware for SGI IP22/IP24 (Indy, Indigo2), emulated at a high
 * level: no ROM dump is needed (issue 5).
 *
 * How it works (DESIGN decision 2: firmware calls are MMIO): arcs_install
 * generates MIPS code into the board's PROM region. The reset vector runs
 * a small loop that asks the firmware what to do next ("monitor step");
 * every firmware-vector entry is a stub that stores its call number and
 * a0-a3, sp and ra to the firmware-call device at ARCS_FWCALL_BASE and
 * loads the result into v0. The firmware itself runs here, in C, inside
 * that device's MMIO callback (machine lock held, vCPU thread: it never
 * blocks). When the firmware starts a program (--kernel, "boot",
 * Execute/Invoke) the stub is told where to jump and with which a0-a3/sp;
 * nothing pokes vCPU registers behind the guest's back, so the same code
 * runs on the soft CPU and under VZ.
 *
 * Guest-visible layout (SGI-FACTS 3 c.1/c.2, 4.6.1): the System Parameter
 * Block at physical 0x1000 (KSEG1 0xa0001000) of the low RAM alias, the
 * firmware vector at 0x1800 and the private vector after it, both
 * pointing at stubs in the PROM. Details and sources: docs/hw/arcs.md. */
#ifndef MIPSVZ_FIRMWARE_ARCS_H
#define MIPSVZ_FIRMWARE_ARCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vmm/cpu/model.h"
#include "vmm/err.h"

struct machine;
struct arcs;

/* The firmware-call device: a guest-physical page that must stay
 * unmapped by the board (under VZ only unmapped addresses exit as MMIO;
 * the PROM itself is a read-only memory slot). It sits in the unused
 * space after the 512 KB IP22 PROM (0x1fc00000-0x1fc7ffff). */
#define ARCS_FWCALL_BASE 0x1fcff000ull
#define ARCS_FWCALL_SIZE 0x1000ull

/* The IP22 boot PROM (SGI-FACTS 1): 512 KB at 0x1fc00000. The firmware
 * needs at least ARCS_PROM_MIN bytes of it. */
#define ARCS_PROM_BASE 0x1fc00000ull
#define ARCS_PROM_MIN 0x40000u

#define ARCS_MAX_RAM_BANKS 4

/* The PROM's NVRAM area (SGI-FACTS 2 b.3: 256 bytes of environment with
 * revision and checksum; eaddr in its last 6 bytes). */
#define ARCS_NVRAM_SIZE 256u

struct arcs_ram_bank {
	uint64_t base, size;	/* guest-physical, 4 KB aligned */
};

/* What the board tells the firmware about the machine. Everything is
 * copied by arcs_install except the PROM memory and the opaque pointer,
 * which must outlive the firmware. */
struct arcs_platform {
	const char *system_id;	/* root component: "SGI-IP22" (Linux checks) */
	const char *machine_name;	/* "Indy", "Indigo2": banner, hinv */
	const struct cpu_model *cpu;
	uint64_t cpu_hz;	/* pipeline clock */
	/* RAM as the MC's MEMCFG registers describe it. The first bank's
	 * first 512 KB also appear at physical 0 (the low alias, where the
	 * SPB and exception vectors live): low_alias_size bytes. */
	struct arcs_ram_bank ram[ARCS_MAX_RAM_BANKS];
	unsigned nram;
	uint64_t low_alias_size;
	/* The PROM region (a ROM region of the bus): the firmware writes
	 * its code and read-only tables here. */
	uint64_t prom_base;	/* guest-physical, ARCS_PROM_BASE */
	uint8_t *prom;		/* host pointer */
	size_t prom_size;
	bool has_graphics;	/* a graphics board answers (none yet) */
	unsigned nserial;	/* serial ports: 2 on IP22 */
	const char *macaddr;	/* "08:00:69:..." from the config, or NULL */

	void *opaque;		/* passed to every callback */

	/* Console = the Z85C30 channel the PROM uses (serial(0), "channel
	 * B", Linux's ttyS0). Never blocking. console_read returns what is
	 * there now (0 = nothing); console_pending says how many bytes
	 * console_read would return. */
	void (*console_write)(void *opaque, const uint8_t *buf, size_t len);
	size_t (*console_read)(void *opaque, uint8_t *buf, size_t len);
	size_t (*console_pending)(void *opaque);

	/* The PROM's NVRAM area, byte i = i-th environment byte: on the Indy
	 * the DS1386 battery RAM byte the guest reads at 0x1fbe0100 + 4*i,
	 * on the Indigo2 byte i of the 93CS56 EEPROM (word i/2, high byte
	 * first). nvram_flush asks the board to persist it (NVRAM file).
	 * nvram_size < ARCS_NVRAM_SIZE or NULL callbacks: the environment
	 * lives in memory only and starts from the defaults. */
	size_t nvram_size;
	uint8_t (*nvram_read)(void *opaque, size_t off);
	void (*nvram_write)(void *opaque, size_t off, uint8_t v);
	void (*nvram_flush)(void *opaque);

	/* Time of day for GetTime (the board's RTC); NULL = host UTC. */
	int (*get_time)(void *opaque, struct tm *out);

	/* Block devices behind "scsi(C)disk(N)rdisk(L)partition(P)" and
	 * "dksc(C,N,P)" paths, for the SCSI issue to fill in; NULL = no
	 * disks. disk_size returns -1 when there is no such unit. Offsets
	 * and lengths are in bytes, multiples of 512. Return 0 or -1. */
	int (*disk_size)(void *opaque, unsigned ctrl, unsigned unit,
			 unsigned lun, uint64_t *bytes, bool *cdrom);
	int (*disk_read)(void *opaque, unsigned ctrl, unsigned unit,
			 unsigned lun, uint64_t off, void *buf, size_t len);
	int (*disk_write)(void *opaque, unsigned ctrl, unsigned unit,
			  unsigned lun, uint64_t off, const void *buf,
			  size_t len);

	/* PowerDown / Restart / Reboot; NULL = machine_request(POWEROFF /
	 * RESET) on the machine given to arcs_install. */
	void (*power_off)(void *opaque);
	void (*reset)(void *opaque);
};

/* Generate the PROM contents, map the firmware-call device at
 * ARCS_FWCALL_BASE, read (or initialise) the environment from NVRAM and
 * lay out low memory. Call from the board's init after RAM, PROM and the
 * console/NVRAM devices exist. */
int arcs_install(struct machine *m, const struct arcs_platform *p,
		 struct arcs **out, struct err *e);

/* --kernel: read and check a MIPS ELF32/ELF64/ECOFF program now (errors
 * name the file and are meant for startup); at every reset it is placed
 * in RAM and entered as the PROM's "boot" would: a0 = argc, a1 = argv
 * (argv[0] = the path, then the words of `append`), a2 = envp (the
 * environment as "name=value" strings), the SPB in place. NULL append =
 * the OSLoadOptions variable. */
int arcs_load_kernel(struct arcs *a, const char *path, const char *append,
		     struct err *e);

/* Board reset: rebuild low memory (SPB, vectors), reload the --kernel
 * program and restart the PROM's state machine. The CPU then starts at
 * the reset vector as usual. */
void arcs_reset(struct arcs *a);

/* Free everything (the device mapping goes with the bus). */
void arcs_destroy(struct arcs *a);

#endif
