/* The portable soft MIPS CPU: life cycle, the run loop, interrupts, WAIT,
 * user mode and register access (vmm/cpu/soft.h; design in docs/cpu.md).
 *
 * The run loop executes slices of decoded ops. Between slices it applies
 * invalidations queued by other threads, runs due timers under the
 * machine lock, takes a pending interrupt and idles in WAIT. Other
 * threads end a slice early by zeroing slice_end (a "kick"), so an
 * interrupt line that rises is taken at the next instruction boundary. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "../log.h"
#include "ops.h"

#define SLICE_MAX 4096

struct dop *op_stop(struct soft_cpu *c, struct dop *d)
{
	cpu_end_slice(c);
	return d;
}

static void cpu_kick(struct soft_cpu *c)
{
	__atomic_store_n(&c->kick, 1, __ATOMIC_SEQ_CST);
	cpu_end_slice(c);
	pthread_mutex_lock(&c->wait_mu);
	pthread_cond_signal(&c->wait_cv);
	pthread_mutex_unlock(&c->wait_mu);
}

static void clock_notify(void *opaque)
{
	cpu_kick(opaque);
}

static uint64_t clock_icount(void *opaque)
{
	struct soft_cpu *c = opaque;

	return __atomic_load_n(&c->icount, __ATOMIC_RELAXED);
}

static bool on_cpu_thread(const struct soft_cpu *c)
{
	return !c->thread_set || pthread_equal(c->thread, pthread_self());
}

static void ram_written(void *opaque, uint64_t pa, uint64_t len)
{
	struct soft_cpu *c = opaque;

	if (on_cpu_thread(c)) {
		code_invalidate(c, pa, len);
		return;
	}
	pthread_mutex_lock(&c->inval_mu);
	if (!c->inval_any) {
		c->inval_lo = pa;
		c->inval_hi = pa + len;
		c->inval_any = true;
	} else {
		if (pa < c->inval_lo)
			c->inval_lo = pa;
		if (pa + len > c->inval_hi)
			c->inval_hi = pa + len;
	}
	pthread_mutex_unlock(&c->inval_mu);
	cpu_kick(c);
}

static void apply_invalidations(struct soft_cpu *c)
{
	uint64_t lo, hi;

	if (!__atomic_load_n(&c->inval_any, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&c->inval_mu);
	lo = c->inval_lo;
	hi = c->inval_hi;
	c->inval_any = false;
	pthread_mutex_unlock(&c->inval_mu);
	/* A merged range spanning far-apart DMA buffers: drop everything
	 * rather than walk gigabytes page by page. */
	if (hi - lo > (64ull << 20))
		c->flush_pending = true;
	else
		code_invalidate(c, lo, hi - lo);
}

struct soft_cpu *soft_cpu_new(const struct cpu_model *model, struct bus *bus,
			      struct vclock *clock, struct err *e)
{
	struct soft_cpu *c;

	if (!model) {
		err_set(e, "soft cpu: no CPU model");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		err_set(e, "soft cpu: out of memory");
		return NULL;
	}
	c->vcpu.be = &soft_cpu_backend;
	c->vcpu.model = model;
	c->model = model;
	c->bus = bus;
	c->clock = clock;
	c->big_endian = bus->cpu_endian == ENDIAN_BIG;
	c->ntlb = model->tlb_entries ? model->tlb_entries : 1;
	c->tlb = calloc(c->ntlb, sizeof(*c->tlb));
	if (model->is64)
		c->vpn2_mask = (3ull << 62) |
			       (((1ull << model->segbits) - 1) & ~0x1fffull);
	else
		c->vpn2_mask = 0xffffe000ull;
	c->pfn_mask = ((1ull << (model->pabits - 12)) - 1) << 6;
	if (!c->tlb || cache_init(c) < 0) {
		cache_free(c);
		free(c->tlb);
		free(c);
		err_set(e, "soft cpu: out of memory");
		return NULL;
	}
	pthread_mutex_init(&c->wait_mu, NULL);
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&c->wait_cv, &ca);
		pthread_condattr_destroy(&ca);
	}
	pthread_mutex_init(&c->inval_mu, NULL);
	interp_run(c, NULL, false);	/* sets c->labels */
	dop_set(c, &c->stop_dop, OP_stop);
	c->far_dop.lbl = c->labels[OP_NUM];
	c->next_deadline = 0;
	timer_init(&c->cmp_timer, clock, NULL, c);
	c->cmp_timer.clock = NULL;	/* cp0_compare_arm sets it up */
	clock->notify = clock_notify;
	clock->notify_opaque = c;
	if (clock->deterministic) {
		clock->icount = clock_icount;
		clock->icount_opaque = c;
	}
	bus->ram_written = ram_written;
	bus->ram_written_opaque = c;
	soft_cpu_reset(c);
	return c;
}

void soft_cpu_free(struct soft_cpu *c)
{
	if (!c)
		return;
	if (c->cmp_timer.clock) {
		if (c->lock)
			pthread_mutex_lock(c->lock);
		timer_del(&c->cmp_timer);
		if (c->lock)
			pthread_mutex_unlock(c->lock);
	}
	if (c->clock->notify_opaque == c) {
		c->clock->notify = NULL;
		c->clock->notify_opaque = NULL;
	}
	if (c->clock->icount_opaque == c) {
		c->clock->icount = NULL;
		c->clock->icount_opaque = NULL;
	}
	if (c->bus->ram_written_opaque == c) {
		c->bus->ram_written = NULL;
		c->bus->ram_written_opaque = NULL;
	}
	code_flush_all(c);
	cache_free(c);
	free(c->tlb);
	pthread_mutex_destroy(&c->wait_mu);
	pthread_cond_destroy(&c->wait_cv);
	pthread_mutex_destroy(&c->inval_mu);
	free(c);
}

void soft_cpu_reset(struct soft_cpu *c)
{
	memset(c->gpr, 0, sizeof(c->gpr));
	c->hi = c->lo = 0;
	c->in_ds = false;
	c->waiting = false;
	c->fatal = false;
	c->exc_stop = false;
	cp0_reset(c);
	tlb_reset(c);
	fpu_reset(&c->fpu, c->model);
	c->fpu.fr = false;
	c->pc = 0xffffffffbfc00000ull;
	c->flush_pending = true;
	if (c->user_mode)
		soft_cpu_set_user_mode(c, c->big_endian);
}

struct vcpu *soft_cpu_vcpu(struct soft_cpu *c)
{
	return &c->vcpu;
}

void soft_cpu_set_user_mode(struct soft_cpu *c, bool big_endian)
{
	c->user_mode = true;
	c->big_endian = big_endian;
	if (big_endian)
		c->config[0] |= 1u << 15;
	else
		c->config[0] &= ~(1u << 15);
	c->status = (2u << 3) | (c->status & ST_FR);
	if (c->model->fir)
		c->status |= ST_CU1;
	if (c->model->is64)
		c->status |= ST_UX;
	if (c->model->isa == ISA_MIPS4)
		c->status |= ST_CU3;	/* XX: MIPS IV user instructions */
	c->hwrena = 0xf | (1u << 29);
	for (int i = 0; i < 3; i++)
		c->sets[i].key = 0;
	cp0_mode_update(c);
	c->flush_pending = true;
}

void soft_cpu_request_stop(struct soft_cpu *c)
{
	__atomic_store_n(&c->stop_req, true, __ATOMIC_SEQ_CST);
	cpu_kick(c);
}

void soft_cpu_nmi(struct soft_cpu *c, bool soft_reset)
{
	__atomic_store_n(&c->nmi_req, soft_reset ? 2 : 1, __ATOMIC_SEQ_CST);
	cpu_kick(c);
}

uint64_t soft_cpu_icount(const struct soft_cpu *c)
{
	return c->icount;
}

void soft_cpu_set_irq(struct soft_cpu *c, int line, int level)
{
	uint32_t bit;

	if (line < 0 || line > 5)
		return;
	bit = 1u << line;
	if (level)
		__atomic_fetch_or(&c->irq_lines, bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&c->irq_lines, ~bit, __ATOMIC_SEQ_CST);
	TRACE(TRACE_IRQ, "cpu: irq line %d -> %d", line, level);
	if (level)
		cpu_kick(c);
}

static void lock_machine(struct soft_cpu *c)
{
	if (c->lock)
		pthread_mutex_lock(c->lock);
}

static void unlock_machine(struct soft_cpu *c)
{
	if (c->lock)
		pthread_mutex_unlock(c->lock);
}

static void run_timers(struct soft_cpu *c)
{
	lock_machine(c);
	if (c->cmp_dirty)
		cp0_compare_arm_now(c);
	vclock_run_timers(c->clock);
	c->next_deadline = vclock_next_deadline(c->clock);
	unlock_machine(c);
}

static void trace_insn(struct soft_cpu *c, struct dop *d)
{
	uint64_t pc = dop_pc(c, d);
	uint32_t w;

	if (dop_is_sentinel(d))
		return;
	memcpy(&w, c->cur_page->host + (pc & 0xfff), 4);
	if (c->cur_page->swap)
		w = __builtin_bswap32(w);
	log_trace(TRACE_INSN, "%016" PRIx64 ": %08x", pc, w);
}

/* Execute n instructions from c->pc, or up to INTERP_MAX_RUN more unless
 * exact: the threaded interpreter tests the slice end only at block
 * ends, and the precise loop below finishes an exact slice. */
static void run_slice(struct soft_cpu *c, uint64_t n, bool exact)
{
	struct dop *d;

	__atomic_store_n(&c->slice_end, c->icount + n, __ATOMIC_RELAXED);
	if (__atomic_load_n(&c->kick, __ATOMIC_SEQ_CST))
		cpu_end_slice(c);
	d = code_lookup(c, c->pc);
	if (unlikely(log_tracing(TRACE_INSN))) {
		while (c->icount < __atomic_load_n(&c->slice_end,
						   __ATOMIC_RELAXED)) {
			trace_insn(c, d);
			c->icount++;
			d = dop_call(c, d);
		}
	} else {
		d = interp_run(c, d, exact);
		while (c->icount < __atomic_load_n(&c->slice_end,
						   __ATOMIC_RELAXED)) {
			c->icount++;
			d = dop_call(c, d);
		}
	}
	if (d != &c->stop_dop)
		c->pc = dop_pc(c, d);
}

/* WAIT: sleep until the next timer deadline or a kick (host time), or
 * skip the idle time (deterministic). False if nothing can ever wake. */
static bool idle(struct soft_cpu *c)
{
	uint64_t now = vclock_now(c->clock), dl = c->next_deadline;

	if (c->clock->deterministic) {
		if (dl == VCLOCK_NEVER)
			return false;
		if (dl > now)
			vclock_warp_to(c->clock, dl);
		return true;
	}
	pthread_mutex_lock(&c->wait_mu);
	if (!__atomic_load_n(&c->kick, __ATOMIC_SEQ_CST) && dl > now) {
		struct timespec ts;
		uint64_t wait = dl - now;

		if (wait > 100000000)
			wait = 100000000;	/* re-check at least every 100 ms */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += wait % NS_PER_SEC;
		ts.tv_sec += wait / NS_PER_SEC + ts.tv_nsec / NS_PER_SEC;
		ts.tv_nsec %= NS_PER_SEC;
		pthread_cond_timedwait(&c->wait_cv, &c->wait_mu, &ts);
	}
	pthread_mutex_unlock(&c->wait_mu);
	return true;
}

enum soft_stop soft_cpu_run(struct soft_cpu *c, uint64_t max_insns,
			    struct soft_exc *exc)
{
	uint64_t end = c->icount + max_insns;

	if (end < c->icount)
		end = UINT64_MAX;
	c->thread = pthread_self();
	c->thread_set = true;
	c->exc_stop = false;
	run_timers(c);
	for (;;) {
		bool kicked = __atomic_exchange_n(&c->kick, 0, __ATOMIC_SEQ_CST);
		uint64_t now, n, room;

		if (__atomic_exchange_n(&c->stop_req, false, __ATOMIC_SEQ_CST)) {
			c->thread_set = false;
			return SOFT_STOP_REQUEST;
		}
		if (c->fatal) {
			c->thread_set = false;
			return SOFT_STOP_REQUEST;
		}
		apply_invalidations(c);
		if (c->flush_pending)
			code_flush_all(c);
		if (c->bus_gen != c->bus->generation) {
			c->bus_gen = c->bus->generation;
			stlb_flush_all(c);
		}
		now = vclock_now(c->clock);
		if (kicked || now >= c->next_deadline || c->cmp_dirty)
			run_timers(c);
		{
			int nmi = __atomic_exchange_n(&c->nmi_req, 0,
						      __ATOMIC_SEQ_CST);

			if (nmi && !c->user_mode)
				cpu_reset_exception(c, nmi == 1, nmi == 2);
		}
		if (cpu_pending_irqs(c))
			c->waiting = false;
		cpu_take_interrupt(c);
		if (c->exc_stop || c->fatal)
			continue;
		if (c->waiting) {
			if (c->icount >= end || !idle(c)) {
				c->thread_set = false;
				return SOFT_STOP_BUDGET;
			}
			continue;
		}
		if (c->icount >= end) {
			c->thread_set = false;
			return SOFT_STOP_BUDGET;
		}
		/* room: what the slice may not overshoot (the budget, the
		 * next deadline in deterministic mode). */
		room = end - c->icount;
		if (c->clock->deterministic && c->next_deadline != VCLOCK_NEVER) {
			uint64_t ns = c->clock->ns_per_insn ?
				      c->clock->ns_per_insn : 1;
			uint64_t left = c->next_deadline > now ?
					(c->next_deadline - now + ns - 1) / ns : 1;

			if (room > left)
				room = left;
		}
		n = room < SLICE_MAX ? room : SLICE_MAX;
		run_slice(c, n, room < n + INTERP_MAX_RUN);
		if (c->exc_stop) {
			c->exc_stop = false;
			if (exc)
				*exc = c->exc;
			c->thread_set = false;
			return SOFT_STOP_EXCEPTION;
		}
	}
}

/* Register ids as in vmm/cpu/vcpu.h. 0 on success, -1 unknown id. */
int soft_cpu_get_reg(struct soft_cpu *c, unsigned id, uint64_t *v)
{
	if (id < 32) {
		*v = c->gpr[id];
		return 0;
	}
	switch (id) {
	case VCPU_REG_HI: *v = c->hi; return 0;
	case VCPU_REG_LO: *v = c->lo; return 0;
	case VCPU_REG_PC: *v = c->pc; return 0;
	case VCPU_REG_FCSR: *v = fpu_cfc1(&c->fpu, 31); return 0;
	case VCPU_REG_FIR: *v = c->fpu.fir; return 0;
	}
	if (id >= VCPU_REG_FPR && id < VCPU_REG_FPR + 32) {
		*v = c->fpu.fpr[id - VCPU_REG_FPR];
		return 0;
	}
	if (id >= VCPU_REG_CP0 && id < VCPU_REG_CP0 + 256) {
		unsigned r = (id - VCPU_REG_CP0) / 8, s = (id - VCPU_REG_CP0) % 8;

		cp0_read(c, r, s, v);
		return 0;
	}
	return -1;
}

int soft_cpu_set_reg(struct soft_cpu *c, unsigned id, uint64_t v)
{
	if (id < 32) {
		if (id)
			c->gpr[id] = v;
		return 0;
	}
	switch (id) {
	case VCPU_REG_HI: c->hi = v; return 0;
	case VCPU_REG_LO: c->lo = v; return 0;
	case VCPU_REG_PC:
		c->pc = c->model->is64 ? v : (uint64_t)sext32(v);
		c->in_ds = false;
		c->waiting = false;
		return 0;
	case VCPU_REG_FCSR: fpu_ctc1(&c->fpu, 31, (uint32_t)v); return 0;
	case VCPU_REG_FIR: return -1;
	}
	if (id >= VCPU_REG_FPR && id < VCPU_REG_FPR + 32) {
		c->fpu.fpr[id - VCPU_REG_FPR] = v;
		return 0;
	}
	if (id >= VCPU_REG_CP0 && id < VCPU_REG_CP0 + 256) {
		unsigned r = (id - VCPU_REG_CP0) / 8, s = (id - VCPU_REG_CP0) % 8;

		cp0_write(c, r, s, v);
		if (c->user_mode && r == 12 && s == 0)
			cp0_mode_update(c);
		return 0;
	}
	return -1;
}
