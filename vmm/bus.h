/* The guest-physical bus: RAM banks, ROM, MMIO devices, probed-but-
 * unimplemented ranges and ranges that bus-error. Overlapping registration
 * is an error at startup. All values crossing this interface are numbers as
 * the CPU sees them; the bus converts between the CPU's byte order and
 * each device's register byte order (byte-lane invariant wiring). */
#ifndef MIPSVZ_BUS_H
#define MIPSVZ_BUS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum endian { ENDIAN_BIG, ENDIAN_LITTLE };

/* Access sizes, as a bitmask of byte counts. */
#define ACCESS_1 1u
#define ACCESS_2 2u
#define ACCESS_4 4u
#define ACCESS_8 8u
#define ACCESS_ALL (ACCESS_1 | ACCESS_2 | ACCESS_4 | ACCESS_8)

/* A device's register interface. The guest may use `valid_sizes`; the
 * callbacks implement `impl_sizes` and the bus splits or widens the rest.
 * Offsets are relative to the mapped base. Callbacks run with the machine
 * lock held (bus->lock). */
struct mmio_ops {
	const char *name;
	uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
	void (*write)(void *opaque, uint64_t offset, uint64_t value,
		      unsigned size);
	unsigned valid_sizes;
	unsigned impl_sizes;
	enum endian endian;
};

enum region_kind {
	REGION_RAM,	/* host memory, read-write */
	REGION_ROM,	/* host memory, guest writes dropped and logged */
	REGION_MMIO,	/* device callbacks */
	REGION_UNIMPL,	/* probed by guests: reads a fixed value, writes dropped */
	REGION_BUSERR,	/* every access is a bus error (e.g. an empty slot) */
};

struct region {
	uint64_t base, size;
	enum region_kind kind;
	const char *name;
	uint8_t *host;			/* RAM, ROM */
	const struct mmio_ops *ops;	/* MMIO */
	void *opaque;
	uint64_t unimpl_value;		/* UNIMPL: every read returns this */
};

enum unassigned_policy {
	UNASSIGNED_BUS_ERROR,	/* the CPU takes a bus error exception */
	UNASSIGNED_IGNORE,	/* reads all-ones, writes dropped */
};

/* Result of a bus access. */
#define BUS_OK 0
#define BUS_ERROR (-1)

struct bus {
	struct region *regions;	/* sorted by base, non-overlapping */
	size_t nregions, cap;
	enum endian cpu_endian;
	enum unassigned_policy unassigned;
	pthread_mutex_t *lock;	/* taken around device callbacks; may be NULL */
	/* Bumped on every mapping change: CPUs caching host pointers flush. */
	uint64_t generation;
	/* Called after a device or loader writes guest RAM behind the CPU's
	 * back (DMA, loaders), so the CPU can drop decoded code there. */
	void (*ram_written)(void *opaque, uint64_t pa, uint64_t len);
	void *ram_written_opaque;
	/* Called for each bus_read/bus_write that ends in BUS_ERROR (the CPU
	 * then takes a bus error), so a memory controller can latch its
	 * error address/status registers (IP22 MC, SGI-FACTS 4). */
	void (*error_hook)(void *opaque, uint64_t pa, unsigned size,
			   bool write);
	void *error_opaque;
};

void bus_init(struct bus *bus, enum endian cpu_endian);
void bus_destroy(struct bus *bus);

/* Map anonymous host memory; *host (may be NULL) gets its address. */
int bus_map_ram(struct bus *bus, uint64_t base, uint64_t size,
		const char *name, uint8_t **host, struct err *e);
/* Map RAM that aliases an existing host buffer (e.g. the IP22 low-memory
 * alias of the first bank). The buffer must outlive the bus. */
int bus_map_ram_alias(struct bus *bus, uint64_t base, uint64_t size,
		      const char *name, uint8_t *host, struct err *e);
int bus_map_rom(struct bus *bus, uint64_t base, uint64_t size,
		const char *name, uint8_t **host, struct err *e);
int bus_map_mmio(struct bus *bus, uint64_t base, uint64_t size,
		 const struct mmio_ops *ops, void *opaque, struct err *e);
int bus_map_unimpl(struct bus *bus, uint64_t base, uint64_t size,
		   const char *name, uint64_t read_value, struct err *e);
int bus_map_buserr(struct bus *bus, uint64_t base, uint64_t size,
		   const char *name, struct err *e);

/* Remove the region starting at base (PCI BAR moves); -1 if none. RAM
 * and ROM regions keep their host memory mapped until bus_destroy. */
int bus_unmap(struct bus *bus, uint64_t base);

/* The region holding pa, or NULL. */
const struct region *bus_find(const struct bus *bus, uint64_t pa);

/* CPU-side accesses: size 1, 2, 4 or 8, value in the CPU's byte order. */
int bus_read(struct bus *bus, uint64_t pa, unsigned size, uint64_t *value);
int bus_write(struct bus *bus, uint64_t pa, unsigned size, uint64_t value);

/* Host pointer for [pa, pa+len) when it lies inside one RAM or ROM region
 * (for the CPU's software TLB and for loaders), else NULL. *writable says
 * whether guest stores may go through it (false for ROM). */
uint8_t *bus_host_ptr(const struct bus *bus, uint64_t pa, uint64_t len,
		      bool *writable);

/* Bounds-checked device DMA: [pa, pa+len) must lie in RAM (it may cross
 * adjacent banks); otherwise nothing is copied and -1 is returned. */
int dma_read(struct bus *bus, uint64_t pa, void *buf, size_t len);
int dma_write(struct bus *bus, uint64_t pa, const void *buf, size_t len);
/* 32-bit DMA words in a stated byte order (descriptors, rings). */
int dma_read32(struct bus *bus, uint64_t pa, enum endian en, uint32_t *v);
int dma_write32(struct bus *bus, uint64_t pa, enum endian en, uint32_t v);

/* Byte-order helpers shared by devices and the CPU. */
uint64_t endian_load(const uint8_t *p, unsigned size, enum endian en);
void endian_store(uint8_t *p, unsigned size, enum endian en, uint64_t v);

#endif
