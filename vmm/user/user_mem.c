/* Guest memory for mipsvz-user: bounds-checked copies through the bus,
 * the brk heap and a page allocator for the mmap area. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "user.h"

uint8_t *umem_host(struct user_proc *p, uint64_t va, uint64_t len,
		   bool write)
{
	bool writable;
	uint8_t *h;

	va = user_ulong(p, va);
	if (len == 0 || va + len < va)
		return NULL;
	h = bus_host_ptr(&p->bus, va, len, &writable);
	if (!h || (write && !writable))
		return NULL;
	return h;
}

void umem_dirty(struct user_proc *p, uint64_t va, uint64_t len)
{
	if (len && p->bus.ram_written)
		p->bus.ram_written(p->bus.ram_written_opaque, va, len);
}

uint8_t *umem_span(struct user_proc *p, uint64_t va, uint64_t len,
		   bool write, uint64_t *n)
{
	const struct region *r;

	va = user_ulong(p, va);
	r = bus_find(&p->bus, va);
	if (!r || (r->kind != REGION_RAM && r->kind != REGION_ROM) ||
	    (write && r->kind != REGION_RAM))
		return NULL;
	*n = r->base + r->size - va;
	if (*n > len)
		*n = len;
	return r->host + (va - r->base);
}

/* Copies may cross from one region into the next one, so go piecewise:
 * each piece is the part of the range inside one region. */
static int umem_copy(struct user_proc *p, uint64_t va, uint8_t *buf,
		     uint64_t len, bool write)
{
	uint64_t start = va;

	while (len) {
		uint64_t n;
		uint8_t *h = umem_span(p, va, len, write, &n);

		if (!h)
			return -EFAULT;
		if (write)
			memcpy(h, buf, n);
		else
			memcpy(buf, h, n);
		va += n;
		buf += n;
		len -= n;
	}
	if (write)
		umem_dirty(p, start, va - start);
	return 0;
}

int umem_read(struct user_proc *p, uint64_t va, void *buf, uint64_t len)
{
	return umem_copy(p, user_ulong(p, va), buf, len, false);
}

int umem_write(struct user_proc *p, uint64_t va, const void *buf,
	       uint64_t len)
{
	return umem_copy(p, user_ulong(p, va), (uint8_t *)buf, len, true);
}

int umem_read_str(struct user_proc *p, uint64_t va, char *buf, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		uint8_t c;

		if (umem_read(p, va + i, &c, 1) < 0)
			return -EFAULT;
		buf[i] = c;
		if (!c)
			return 0;
	}
	return -ENAMETOOLONG;
}

int umem_get(struct user_proc *p, uint64_t va, unsigned size, uint64_t *v)
{
	uint8_t b[8];

	if (umem_read(p, va, b, size) < 0)
		return -EFAULT;
	*v = endian_load(b, size, p->en);
	return 0;
}

int umem_put(struct user_proc *p, uint64_t va, unsigned size, uint64_t v)
{
	uint8_t b[8];

	endian_store(b, size, p->en, v);
	return umem_write(p, va, b, size);
}

/* brk follows Linux: a request below the start or past the room we have
 * leaves the break where it is, and the caller sees the old value. Memory
 * above the break is zeroed when the break moves up again, since a real
 * kernel hands out fresh pages there. */
uint64_t umem_brk(struct user_proc *p, uint64_t want)
{
	want = user_ulong(p, want);
	if (want < p->brk_start || want > p->brk_max)
		return p->brk_cur;
	if (want > p->brk_cur) {
		uint64_t lo = p->brk_cur, hi = want;

		/* Whole pages beyond the old break were never given out
		 * or were zeroed on shrink; only its partial page may hold
		 * stale bytes. */
		memset(p->image_host + (lo - p->image_lo), 0, hi - lo);
		umem_dirty(p, lo, hi - lo);
	}
	p->brk_cur = want;
	return want;
}

static uint64_t mmap_pages(const struct user_proc *p)
{
	return p->lay.mmap_size / USER_PAGE;
}

static void mmap_zero(struct user_proc *p, uint64_t first, uint64_t n)
{
	uint8_t *h = p->mmap_host + first * USER_PAGE;

	/* Give the host pages back; private anonymous memory reads as
	 * zero afterwards. */
	if (madvise(h, n * USER_PAGE, MADV_DONTNEED) < 0)
		memset(h, 0, n * USER_PAGE);
	umem_dirty(p, p->lay.mmap_base + first * USER_PAGE, n * USER_PAGE);
}

/* Like Linux's default top-down layout: the highest free gap that fits. */
static int64_t mmap_find(const struct user_proc *p, uint64_t n)
{
	uint64_t run = 0;

	for (uint64_t i = mmap_pages(p); i-- > 0;) {
		run = p->mmap_used[i] ? 0 : run + 1;
		if (run == n)
			return i;
	}
	return -1;
}

int64_t umem_mmap(struct user_proc *p, uint64_t addr, uint64_t len,
		  bool fixed, bool noreplace)
{
	uint64_t n, first;

	addr = user_ulong(p, addr);
	if (len == 0)
		return -EINVAL;
	if (len > p->lay.mmap_size)
		return -ENOMEM;
	n = (len + USER_PAGE - 1) / USER_PAGE;
	if (fixed || noreplace) {
		if (addr & (USER_PAGE - 1))
			return -EINVAL;
		/* We only manage the mmap area; anything else (the image,
		 * the stack) cannot be remapped here. */
		if (addr < p->lay.mmap_base ||
		    addr - p->lay.mmap_base > p->lay.mmap_size - n * USER_PAGE)
			return -ENOMEM;
		first = (addr - p->lay.mmap_base) / USER_PAGE;
		for (uint64_t i = 0; i < n; i++)
			if (p->mmap_used[first + i] && noreplace)
				return -EEXIST;
	} else {
		int64_t f = mmap_find(p, n);

		if (f < 0)
			return -ENOMEM;
		first = f;
	}
	mmap_zero(p, first, n);
	memset(p->mmap_used + first, 1, n);
	return p->lay.mmap_base + first * USER_PAGE;
}

int64_t umem_munmap(struct user_proc *p, uint64_t addr, uint64_t len)
{
	uint64_t end, first, n;

	addr = user_ulong(p, addr);
	if ((addr & (USER_PAGE - 1)) || len == 0)
		return -EINVAL;
	end = addr + ((len + USER_PAGE - 1) & ~(USER_PAGE - 1));
	if (end < addr)
		return -EINVAL;
	/* Unmapping what is not in the area is a no-op, as in Linux. */
	if (addr < p->lay.mmap_base)
		addr = p->lay.mmap_base;
	if (end > p->lay.mmap_base + p->lay.mmap_size)
		end = p->lay.mmap_base + p->lay.mmap_size;
	if (end <= addr)
		return 0;
	first = (addr - p->lay.mmap_base) / USER_PAGE;
	n = (end - addr) / USER_PAGE;
	mmap_zero(p, first, n);
	memset(p->mmap_used + first, 0, n);
	return 0;
}

void umem_discard(struct user_proc *p, uint64_t addr, uint64_t len)
{
	uint64_t end;

	addr = user_ulong(p, addr) & ~(USER_PAGE - 1);
	end = addr + ((len + USER_PAGE - 1) & ~(USER_PAGE - 1));
	if (addr < p->lay.mmap_base || end < addr ||
	    end > p->lay.mmap_base + p->lay.mmap_size)
		return;
	mmap_zero(p, (addr - p->lay.mmap_base) / USER_PAGE,
		  (end - addr) / USER_PAGE);
}
