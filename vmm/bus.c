#include "bus.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"

void bus_init(struct bus *bus, enum endian cpu_endian)
{
	memset(bus, 0, sizeof(*bus));
	bus->cpu_endian = cpu_endian;
	bus->unassigned = UNASSIGNED_BUS_ERROR;
}

void bus_destroy(struct bus *bus)
{
	for (size_t i = 0; i < bus->nregions; i++) {
		struct region *r = &bus->regions[i];

		/* Aliases share a host buffer they do not own (opaque=1). */
		if ((r->kind == REGION_RAM || r->kind == REGION_ROM) &&
		    r->host && !r->opaque)
			munmap(r->host, r->size);
	}
	free(bus->regions);
	memset(bus, 0, sizeof(*bus));
}

static int bus_insert(struct bus *bus, const struct region *nr, struct err *e)
{
	size_t i;

	if (nr->size == 0 || nr->base + nr->size - 1 < nr->base)
		return err_set(e, "bus: region %s at 0x%" PRIx64
				  " has a bad size 0x%" PRIx64,
			       nr->name, nr->base, nr->size);
	for (i = 0; i < bus->nregions; i++) {
		const struct region *r = &bus->regions[i];

		if (nr->base <= r->base + r->size - 1 &&
		    r->base <= nr->base + nr->size - 1)
			return err_set(e, "bus: region %s [0x%" PRIx64
					  "-0x%" PRIx64 "] overlaps %s [0x%"
					  PRIx64 "-0x%" PRIx64 "]",
				       nr->name, nr->base,
				       nr->base + nr->size - 1, r->name,
				       r->base, r->base + r->size - 1);
	}
	if (bus->nregions == bus->cap) {
		size_t cap = bus->cap ? bus->cap * 2 : 16;
		struct region *n = realloc(bus->regions, cap * sizeof(*n));

		if (!n)
			return err_set(e, "bus: out of memory");
		bus->regions = n;
		bus->cap = cap;
	}
	for (i = 0; i < bus->nregions && bus->regions[i].base < nr->base; i++)
		;
	memmove(&bus->regions[i + 1], &bus->regions[i],
		(bus->nregions - i) * sizeof(*nr));
	bus->regions[i] = *nr;
	bus->nregions++;
	bus->generation++;
	return 0;
}

static int map_host(struct bus *bus, uint64_t base, uint64_t size,
		    const char *name, enum region_kind kind, uint8_t **host,
		    struct err *e)
{
	struct region r = { .base = base, .size = size, .kind = kind,
			    .name = name };
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return err_set(e, "bus: cannot allocate %" PRIu64
				  " MiB for %s", size >> 20, name);
	r.host = p;
	if (bus_insert(bus, &r, e) < 0) {
		munmap(p, size);
		return -1;
	}
	if (host)
		*host = p;
	return 0;
}

int bus_map_ram(struct bus *bus, uint64_t base, uint64_t size,
		const char *name, uint8_t **host, struct err *e)
{
	return map_host(bus, base, size, name, REGION_RAM, host, e);
}

int bus_map_ram_alias(struct bus *bus, uint64_t base, uint64_t size,
		      const char *name, uint8_t *host, struct err *e)
{
	struct region r = { .base = base, .size = size, .kind = REGION_RAM,
			    .name = name, .host = host, .opaque = (void *)1 };

	return bus_insert(bus, &r, e);
}

int bus_map_rom(struct bus *bus, uint64_t base, uint64_t size,
		const char *name, uint8_t **host, struct err *e)
{
	return map_host(bus, base, size, name, REGION_ROM, host, e);
}

int bus_map_mmio(struct bus *bus, uint64_t base, uint64_t size,
		 const struct mmio_ops *ops, void *opaque, struct err *e)
{
	struct region r = { .base = base, .size = size, .kind = REGION_MMIO,
			    .name = ops->name, .ops = ops, .opaque = opaque };

	if (!ops->impl_sizes || (ops->impl_sizes & ~ACCESS_ALL))
		return err_set(e, "bus: device %s declares no access size",
			       ops->name);
	return bus_insert(bus, &r, e);
}

int bus_map_unimpl(struct bus *bus, uint64_t base, uint64_t size,
		   const char *name, uint64_t read_value, struct err *e)
{
	struct region r = { .base = base, .size = size,
			    .kind = REGION_UNIMPL, .name = name,
			    .unimpl_value = read_value };

	return bus_insert(bus, &r, e);
}

int bus_map_buserr(struct bus *bus, uint64_t base, uint64_t size,
		   const char *name, struct err *e)
{
	struct region r = { .base = base, .size = size,
			    .kind = REGION_BUSERR, .name = name };

	return bus_insert(bus, &r, e);
}

int bus_unmap(struct bus *bus, uint64_t base)
{
	for (size_t i = 0; i < bus->nregions; i++) {
		if (bus->regions[i].base != base)
			continue;
		if (bus->regions[i].kind == REGION_RAM ||
		    bus->regions[i].kind == REGION_ROM)
			return -1;
		memmove(&bus->regions[i], &bus->regions[i + 1],
			(bus->nregions - i - 1) * sizeof(bus->regions[0]));
		bus->nregions--;
		bus->generation++;
		return 0;
	}
	return -1;
}

const struct region *bus_find(const struct bus *bus, uint64_t pa)
{
	size_t lo = 0, hi = bus->nregions;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct region *r = &bus->regions[mid];

		if (pa < r->base)
			hi = mid;
		else if (pa - r->base >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

uint64_t endian_load(const uint8_t *p, unsigned size, enum endian en)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++) {
		unsigned shift = en == ENDIAN_BIG ? 8 * (size - 1 - i) : 8 * i;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

void endian_store(uint8_t *p, unsigned size, enum endian en, uint64_t v)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = en == ENDIAN_BIG ? 8 * (size - 1 - i) : 8 * i;

		p[i] = v >> shift;
	}
}

static unsigned smallest_size(unsigned mask)
{
	for (unsigned s = 1; s <= 8; s <<= 1)
		if (mask & s)
			return s;
	return 8;
}

/* Largest implemented size that is <= size, else the smallest one. */
static unsigned chunk_size(unsigned mask, unsigned size)
{
	for (unsigned s = size; s >= 1; s >>= 1)
		if (mask & s)
			return s;
	return smallest_size(mask);
}

/* Read `size` bytes of a device's register space at `off` into `bytes`,
 * in address order, using the device's own byte order for its registers. */
static void mmio_read_bytes(const struct region *r, uint64_t off,
			    unsigned size, uint8_t *bytes)
{
	const struct mmio_ops *ops = r->ops;
	unsigned cs = chunk_size(ops->impl_sizes, size);
	uint64_t start = off & ~(uint64_t)(cs - 1);
	uint8_t buf[16];

	for (uint64_t a = start; a < off + size; a += cs)
		endian_store(buf + (a - start), cs, ops->endian,
			     ops->read(r->opaque, a, cs));
	memcpy(bytes, buf + (off - start), size);
}

static void mmio_write_bytes(const struct region *r, uint64_t off,
			     unsigned size, const uint8_t *bytes)
{
	const struct mmio_ops *ops = r->ops;
	unsigned cs = chunk_size(ops->impl_sizes, size);

	if (cs > size) {
		/* Narrower than any callback: widen with zero bytes, as the
		 * data lanes the guest did not drive read as zero. */
		uint64_t start = off & ~(uint64_t)(cs - 1);
		uint8_t buf[8] = { 0 };

		memcpy(buf + (off - start), bytes, size);
		ops->write(r->opaque, start, endian_load(buf, cs, ops->endian),
			   cs);
		return;
	}
	for (unsigned i = 0; i < size; i += cs)
		ops->write(r->opaque, off + i,
			   endian_load(bytes + i, cs, ops->endian), cs);
}

static int bus_error(struct bus *bus, uint64_t pa, unsigned size,
		     bool write)
{
	if (bus->error_hook)
		bus->error_hook(bus->error_opaque, pa, size, write);
	return BUS_ERROR;
}

static int unassigned(struct bus *bus, uint64_t pa, unsigned size,
		      bool write, uint64_t *value)
{
	LOG_RATELIMITED("unassigned %s of %u bytes at 0x%" PRIx64,
			write ? "write" : "read", size, pa);
	if (bus->unassigned == UNASSIGNED_BUS_ERROR)
		return bus_error(bus, pa, size, write);
	if (!write)
		*value = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
	return BUS_OK;
}

static uint64_t mask_of(unsigned size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

int bus_read(struct bus *bus, uint64_t pa, unsigned size, uint64_t *value)
{
	const struct region *r = bus_find(bus, pa);
	uint8_t bytes[8];
	uint64_t off;

	if (!r || pa + size - 1 - r->base >= r->size)
		return unassigned(bus, pa, size, false, value);
	off = pa - r->base;
	switch (r->kind) {
	case REGION_RAM:
	case REGION_ROM:
		*value = endian_load(r->host + off, size, bus->cpu_endian);
		return BUS_OK;
	case REGION_UNIMPL:
		*value = r->unimpl_value & mask_of(size);
		TRACE(TRACE_BUS, "unimplemented %s: read %u bytes at +0x%"
		      PRIx64, r->name, size, off);
		return BUS_OK;
	case REGION_BUSERR:
		TRACE(TRACE_BUS, "bus error: read at 0x%" PRIx64 " (%s)", pa,
		      r->name);
		return bus_error(bus, pa, size, false);
	case REGION_MMIO:
		break;
	}
	if (!(r->ops->valid_sizes & size))
		return unassigned(bus, pa, size, false, value);
	if (bus->lock)
		pthread_mutex_lock(bus->lock);
	if ((r->ops->impl_sizes & size) && r->ops->endian == bus->cpu_endian) {
		*value = r->ops->read(r->opaque, off, size) & mask_of(size);
	} else {
		mmio_read_bytes(r, off, size, bytes);
		*value = endian_load(bytes, size, bus->cpu_endian);
	}
	if (bus->lock)
		pthread_mutex_unlock(bus->lock);
	return BUS_OK;
}

int bus_write(struct bus *bus, uint64_t pa, unsigned size, uint64_t value)
{
	const struct region *r = bus_find(bus, pa);
	uint8_t bytes[8];
	uint64_t off;

	if (!r || pa + size - 1 - r->base >= r->size)
		return unassigned(bus, pa, size, true, NULL);
	off = pa - r->base;
	switch (r->kind) {
	case REGION_RAM:
		endian_store(r->host + off, size, bus->cpu_endian, value);
		if (bus->ram_written)
			bus->ram_written(bus->ram_written_opaque, pa, size);
		return BUS_OK;
	case REGION_ROM:
		LOG_RATELIMITED("write to ROM %s at 0x%" PRIx64 " dropped",
				r->name, pa);
		return BUS_OK;
	case REGION_UNIMPL:
		TRACE(TRACE_BUS, "unimplemented %s: write %u bytes 0x%" PRIx64
		      " at +0x%" PRIx64, r->name, size, value, off);
		return BUS_OK;
	case REGION_BUSERR:
		TRACE(TRACE_BUS, "bus error: write at 0x%" PRIx64 " (%s)", pa,
		      r->name);
		return bus_error(bus, pa, size, true);
	case REGION_MMIO:
		break;
	}
	if (!(r->ops->valid_sizes & size))
		return unassigned(bus, pa, size, true, NULL);
	value &= mask_of(size);
	if (bus->lock)
		pthread_mutex_lock(bus->lock);
	if ((r->ops->impl_sizes & size) && r->ops->endian == bus->cpu_endian) {
		r->ops->write(r->opaque, off, value, size);
	} else {
		endian_store(bytes, size, bus->cpu_endian, value);
		mmio_write_bytes(r, off, size, bytes);
	}
	if (bus->lock)
		pthread_mutex_unlock(bus->lock);
	return BUS_OK;
}

uint8_t *bus_host_ptr(const struct bus *bus, uint64_t pa, uint64_t len,
		      bool *writable)
{
	const struct region *r = bus_find(bus, pa);

	if (!r || (r->kind != REGION_RAM && r->kind != REGION_ROM))
		return NULL;
	if (len == 0 || pa - r->base + len > r->size ||
	    pa - r->base + len < pa - r->base)
		return NULL;
	if (writable)
		*writable = r->kind == REGION_RAM;
	return r->host + (pa - r->base);
}

/* Copy between buf and RAM, piece by piece across adjacent RAM regions.
 * Checks the whole range first so a failing transfer copies nothing. */
static int dma_copy(struct bus *bus, uint64_t pa, void *buf, size_t len,
		    bool write)
{
	uint64_t a = pa, left = len;

	if (len && pa + len - 1 < pa)
		return -1;
	while (left) {
		const struct region *r = bus_find(bus, a);
		uint64_t n;

		if (!r || r->kind != REGION_RAM)
			return -1;
		n = r->size - (a - r->base);
		if (n > left)
			n = left;
		a += n;
		left -= n;
	}
	a = pa;
	left = len;
	while (left) {
		const struct region *r = bus_find(bus, a);
		uint64_t n = r->size - (a - r->base);
		uint8_t *h = r->host + (a - r->base);

		if (n > left)
			n = left;
		if (write)
			memcpy(h, (uint8_t *)buf + (a - pa), n);
		else
			memcpy((uint8_t *)buf + (a - pa), h, n);
		a += n;
		left -= n;
	}
	if (write && len && bus->ram_written)
		bus->ram_written(bus->ram_written_opaque, pa, len);
	return 0;
}

int dma_read(struct bus *bus, uint64_t pa, void *buf, size_t len)
{
	return dma_copy(bus, pa, buf, len, false);
}

int dma_write(struct bus *bus, uint64_t pa, const void *buf, size_t len)
{
	return dma_copy(bus, pa, (void *)buf, len, true);
}

int dma_read32(struct bus *bus, uint64_t pa, enum endian en, uint32_t *v)
{
	uint8_t b[4];

	if (dma_read(bus, pa, b, 4) < 0)
		return -1;
	*v = endian_load(b, 4, en);
	return 0;
}

int dma_write32(struct bus *bus, uint64_t pa, enum endian en, uint32_t v)
{
	uint8_t b[4];

	endian_store(b, 4, en, v);
	return dma_write(bus, pa, b, 4);
}
