/* The VZ vCPU: KVM_RUN on its own thread, MMIO dispatched to the same bus
 * the soft CPU uses, interrupt lines through KVM_INTERRUPT plus a kick,
 * Count frozen across pauses (KVM-MIPS-VZ.md 1.5-1.11, 2.6). Device
 * timers run on a small thread of their own, since the vCPU thread
 * spends its time inside the kernel. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"
#include "vmm/machine.h"
#include "vz.h"
#include "vz_abi.h"
#include "vz_exit.h"
#include "vz_kick.h"

struct vz_vcpu {
	struct vcpu vcpu;
	const struct vz_host *host;
	int kvm_fd, vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	uint64_t *regs;		/* ids from KVM_GET_REG_LIST */
	size_t nregs;
	pthread_t thread;
	atomic_bool in_run;	/* thread is valid and may be in KVM_RUN */
	atomic_bool stop;
	unsigned irq_levels;
	pthread_mutex_t irq_lock;
	/* device timers */
	pthread_t timer_thread;
	bool timer_running;
	pthread_cond_t timer_cond;
	bool timer_quit;
};

static struct vz_vcpu *to_vz(struct vcpu *c)
{
	return (struct vz_vcpu *)c;
}

static int vz_ioctl(struct vz_vcpu *v, int fd, unsigned long req, void *arg)
{
	return v->host->ioctl(v->host->ctx, fd, req, arg);
}

static bool vz_has_reg(const struct vz_vcpu *v, uint64_t id)
{
	for (size_t i = 0; i < v->nregs; i++)
		if (v->regs[i] == id)
			return true;
	return false;
}

static int vz_one_reg(struct vz_vcpu *v, uint64_t id, uint64_t *val,
		      bool set)
{
	uint32_t v32 = *val;
	struct kvm_one_reg r = { .id = id };
	int rc;

	r.addr = vz_reg_is64(id) ? (uintptr_t)val : (uintptr_t)&v32;
	rc = vz_ioctl(v, v->vcpu_fd, set ? KVM_SET_ONE_REG : KVM_GET_ONE_REG,
		      &r);
	/* 32-bit ids: the kernel returns the low word; we sign-extend as
	 * MIPS64 CP0 reads do. */
	if (rc == 0 && !set && !vz_reg_is64(id))
		*val = (uint64_t)(int64_t)(int32_t)v32;
	return rc;
}

/* Our register id -> a KVM ONE_REG id this host offers, or 0. */
static uint64_t vz_map_reg(const struct vz_vcpu *v, unsigned id)
{
	if (id < 32)
		return VZ_REG_GP(id);
	if (id == VCPU_REG_HI)
		return VZ_REG_HI;
	if (id == VCPU_REG_LO)
		return VZ_REG_LO;
	if (id == VCPU_REG_PC)
		return VZ_REG_PC;
	if (id >= VCPU_REG_CP0 && id < VCPU_REG_CP0 + 256) {
		unsigned rd = (id - VCPU_REG_CP0) / 8, sel = id % 8;
		uint64_t id64 = VZ_REG_CP0(VZ_REG_U64, rd, sel);
		uint64_t id32 = VZ_REG_CP0(VZ_REG_U32, rd, sel);

		if (vz_has_reg(v, id64))
			return id64;
		if (vz_has_reg(v, id32))
			return id32;
	}
	return 0;
}

static int vz_get_reg(struct vcpu *c, unsigned id, uint64_t *value)
{
	struct vz_vcpu *v = to_vz(c);
	uint64_t kid = vz_map_reg(v, id);

	if (!kid)
		return -1;
	return vz_one_reg(v, kid, value, false);
}

static int vz_set_reg(struct vcpu *c, unsigned id, uint64_t value)
{
	struct vz_vcpu *v = to_vz(c);
	uint64_t kid = vz_map_reg(v, id);

	if (!kid)
		return -1;
	return vz_one_reg(v, kid, &value, true);
}

/* Freeze Count (DC=1) so pauses do not run the guest timer, and resume
 * it from "now" (1.11's save/restore protocol). */
static void vz_count_freeze(struct vz_vcpu *v)
{
	uint64_t ctl = VZ_COUNT_CTL_DC;

	vz_one_reg(v, VZ_REG_COUNT_CTL, &ctl, true);
}

static void vz_count_resume(struct vz_vcpu *v)
{
	uint64_t now = host_now_ns(), ctl = 0;

	vz_one_reg(v, VZ_REG_COUNT_RESUME, &now, true);
	vz_one_reg(v, VZ_REG_COUNT_CTL, &ctl, true);
}

static void vz_set_irq(struct vcpu *c, int line, int level)
{
	struct vz_vcpu *v = to_vz(c);
	int n = vz_irq_number(v->host, line);
	struct vz_interrupt irq;
	bool changed;

	if (line < 0 || line > 5 || !n)
		return;	/* vz_probe refused boards that need such lines */
	pthread_mutex_lock(&v->irq_lock);
	changed = !!(v->irq_levels & (1u << line)) != !!level;
	if (level)
		v->irq_levels |= 1u << line;
	else
		v->irq_levels &= ~(1u << line);
	if (changed) {
		/* cpu index 0 works from any thread; -1 only from the
		 * vCPU's own (1.9). */
		irq.cpu = 0;
		irq.irq = level ? n : -n;
		vz_ioctl(v, v->vcpu_fd, KVM_INTERRUPT, &irq);
	}
	pthread_mutex_unlock(&v->irq_lock);
	/* KVM_INTERRUPT does not leave guest mode: kick to bound latency. */
	if (changed && atomic_load(&v->in_run) && v->host->kick)
		v->host->kick(v->host->ctx, &v->thread);
}

static void vz_stop(struct vcpu *c)
{
	struct vz_vcpu *v = to_vz(c);

	atomic_store(&v->stop, true);
	if (v->run)
		v->run->immediate_exit = 1;
	if (atomic_load(&v->in_run) && v->host->kick)
		v->host->kick(v->host->ctx, &v->thread);
}

static void vz_clock_notify(void *opaque)
{
	struct vz_vcpu *v = opaque;

	pthread_cond_signal(&v->timer_cond);
}

/* Runs device timers on the virtual clock while the vCPU is in KVM. */
static void *vz_timer_main(void *opaque)
{
	struct vz_vcpu *v = opaque;
	struct machine *m = v->vcpu.machine;

	pthread_mutex_lock(&m->lock);
	while (!v->timer_quit) {
		uint64_t next = vclock_next_deadline(&m->clock);
		uint64_t now = vclock_now(&m->clock);
		struct timespec ts;

		if (next <= now) {
			vclock_run_timers(&m->clock);
			continue;
		}
		if (next == VCLOCK_NEVER) {
			pthread_cond_wait(&v->timer_cond, &m->lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		next -= now;
		ts.tv_sec += next / NS_PER_SEC;
		ts.tv_nsec += next % NS_PER_SEC;
		if (ts.tv_nsec >= (long)NS_PER_SEC) {
			ts.tv_sec++;
			ts.tv_nsec -= NS_PER_SEC;
		}
		pthread_cond_timedwait(&v->timer_cond, &m->lock, &ts);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static int vz_start_timer_thread(struct vz_vcpu *v)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&v->timer_cond, &a);
	pthread_condattr_destroy(&a);
	v->timer_quit = false;
	if (pthread_create(&v->timer_thread, NULL, vz_timer_main, v) != 0)
		return -1;
	v->timer_running = true;
	return 0;
}

static void vz_stop_timer_thread(struct vz_vcpu *v)
{
	struct machine *m = v->vcpu.machine;

	if (!v->timer_running)
		return;
	pthread_mutex_lock(&m->lock);
	v->timer_quit = true;
	pthread_cond_signal(&v->timer_cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(v->timer_thread, NULL);
	v->timer_running = false;
}

static void vz_dump_regs(struct vz_vcpu *v)
{
	struct vz_regs r;

	if (vz_ioctl(v, v->vcpu_fd, VZ_GET_REGS, &r) < 0) {
		log_msg("vz: cannot read the guest's registers");
		return;
	}
	log_msg("vz: pc %016" PRIx64 " hi %016" PRIx64 " lo %016" PRIx64,
		r.pc, r.hi, r.lo);
	for (int i = 0; i < 32; i += 4)
		log_msg("vz: r%-2d %016" PRIx64 " %016" PRIx64 " %016" PRIx64
			" %016" PRIx64, i, r.gpr[i], r.gpr[i + 1],
			r.gpr[i + 2], r.gpr[i + 3]);
}

static enum vcpu_exit vz_run(struct vcpu *c)
{
	struct vz_vcpu *v = to_vz(c);
	struct {
		uint32_t len;
		uint8_t set[16];
	} mask;
	sigset_t blocked;
	enum vcpu_exit ret = VCPU_EXIT_STOPPED;

	v->thread = pthread_self();
	vz_kick_setup_thread();
	/* Inside KVM_RUN everything we block stays blocked, except the
	 * kick. MIPS takes a 16-byte (128-signal) set (1.5). */
	pthread_sigmask(SIG_BLOCK, NULL, &blocked);
	sigdelset(&blocked, VZ_KICK_SIGNAL);
	memset(&mask, 0, sizeof(mask));
	mask.len = 16;
	memcpy(mask.set, &blocked, sizeof(mask.set) < sizeof(blocked)
					   ? sizeof(mask.set)
					   : sizeof(blocked));
	if (vz_ioctl(v, v->vcpu_fd, KVM_SET_SIGNAL_MASK, &mask) < 0) {
		log_msg("vz: KVM_SET_SIGNAL_MASK failed: %s", strerror(errno));
		return VCPU_EXIT_ERROR;
	}
	if (vz_start_timer_thread(v) < 0) {
		log_msg("vz: cannot start the timer thread");
		return VCPU_EXIT_ERROR;
	}
	atomic_store(&v->stop, false);
	v->run->immediate_exit = 0;
	atomic_store(&v->in_run, true);
	vz_count_resume(v);
	while (!atomic_load(&v->stop)) {
		int rc = vz_ioctl(v, v->vcpu_fd, KVM_RUN, NULL);
		enum vz_exit_action act;

		if (rc < 0 && (errno == EINTR || errno == EAGAIN))
			continue;	/* a kick: re-check stop */
		if (rc < 0) {
			log_msg("vz: KVM_RUN failed: %s", strerror(errno));
			ret = VCPU_EXIT_ERROR;
			break;
		}
		act = vz_handle_exit(v->run, &c->machine->bus);
		if (act == VZ_EXIT_CONTINUE)
			continue;
		if (act == VZ_EXIT_INTERNAL)
			vz_dump_regs(v);
		ret = VCPU_EXIT_ERROR;
		break;
	}
	vz_count_freeze(v);
	atomic_store(&v->in_run, false);
	vz_stop_timer_thread(v);
	return ret;
}

static void vz_reset(struct vcpu *c)
{
	struct vz_vcpu *v = to_vz(c);
	/* KVM's reset state (1.5): PC at the KSEG1 reset vector, BEV|ERL. */
	struct vz_regs r = { .pc = 0xffffffffbfc00000ull };
	uint64_t status = (1u << 22) | (1u << 2);

	vz_ioctl(v, v->vcpu_fd, VZ_SET_REGS, &r);
	vz_one_reg(v, VZ_REG_CP0(VZ_REG_U32, 12, 0), &status, true);
}

static void vz_destroy(struct vcpu *c)
{
	struct vz_vcpu *v = to_vz(c);
	struct machine *m = c->machine;

	if (m && m->clock.notify == vz_clock_notify) {
		m->clock.notify = NULL;
		m->clock.notify_opaque = NULL;
	}
	if (v->run)
		v->host->munmap_run(v->host->ctx, v->run, v->run_size);
	if (v->vcpu_fd >= 0)
		v->host->close(v->host->ctx, v->vcpu_fd);
	if (v->vm_fd >= 0)
		v->host->close(v->host->ctx, v->vm_fd);
	if (v->kvm_fd >= 0)
		v->host->close(v->host->ctx, v->kvm_fd);
	pthread_mutex_destroy(&v->irq_lock);
	free(v->regs);
	free(v);
}

/* RAM and ROM regions become memory slots (ROM read-only, so stores to
 * flash exit as MMIO and instruction fetches from it work, 1.4). */
static int vz_map_memory(struct vz_vcpu *v, struct bus *bus, struct err *e)
{
	unsigned slot = 0;

	for (size_t i = 0; i < bus->nregions; i++) {
		const struct region *r = &bus->regions[i];
		struct kvm_userspace_memory_region mr;
		uint64_t pg = v->host->page_size;

		if (r->kind != REGION_RAM && r->kind != REGION_ROM)
			continue;
		if ((r->base | r->size) & (pg - 1))
			return err_set(e, "vz: %s at 0x%" PRIx64 " is not aligned "
					  "to the host's %" PRIu64 "-byte pages",
				       r->name, r->base, pg);
		mr = (struct kvm_userspace_memory_region){
			.slot = slot++,
			.flags = r->kind == REGION_ROM ? KVM_MEM_READONLY : 0,
			.guest_phys_addr = r->base,
			.memory_size = r->size,
			.userspace_addr = (uintptr_t)r->host,
		};
		if (vz_ioctl(v, v->vm_fd, KVM_SET_USER_MEMORY_REGION, &mr) < 0)
			return err_set(e, "vz: cannot map %s as memory slot %u:"
					  " %s", r->name, mr.slot,
				       strerror(errno));
	}
	return 0;
}

static int vz_read_reg_list(struct vz_vcpu *v, struct err *e)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;

	/* The first call fails with E2BIG and says how many there are. */
	vz_ioctl(v, v->vcpu_fd, KVM_GET_REG_LIST, &probe);
	if (probe.n == 0 || probe.n > 4096)
		return err_set(e, "vz: KVM_GET_REG_LIST gave %llu registers",
			       (unsigned long long)probe.n);
	list = calloc(1, sizeof(*list) + probe.n * sizeof(uint64_t));
	if (!list)
		return err_set(e, "vz: out of memory");
	list->n = probe.n;
	if (vz_ioctl(v, v->vcpu_fd, KVM_GET_REG_LIST, list) < 0) {
		free(list);
		return err_set(e, "vz: KVM_GET_REG_LIST failed: %s",
			       strerror(errno));
	}
	v->nregs = list->n;
	v->regs = malloc(v->nregs * sizeof(uint64_t));
	if (v->regs)
		memcpy(v->regs, list->reg, v->nregs * sizeof(uint64_t));
	free(list);
	return v->regs ? 0 : err_set(e, "vz: out of memory");
}

/* Model-specific CP0 set-up: PRId where the host lets us (Octeon III
 * ignores it), the FPU, and Count at the model's rate. */
static void vz_setup_model(struct vz_vcpu *v, const struct cpu_model *model)
{
	uint64_t prid = model->prid, got = 0, hz;
	uint64_t cfg1_id = VZ_REG_CP0(VZ_REG_U32, 16, 1), cfg1 = 0;

	vz_one_reg(v, VZ_REG_CP0(VZ_REG_U32, 15, 0), &prid, true);
	if (vz_one_reg(v, VZ_REG_CP0(VZ_REG_U32, 15, 0), &got, false) == 0 &&
	    (uint32_t)got != model->prid)
		log_msg("vz: the host keeps PRId 0x%08" PRIx32 " (the %s model "
			"has 0x%08" PRIx32 ")", (uint32_t)got, model->name,
			model->prid);
	if (model->fir) {
		struct kvm_enable_cap cap = { .cap = VZ_CAP_MIPS_FPU };

		if (vz_ioctl(v, v->vcpu_fd, KVM_ENABLE_CAP, &cap) == 0 &&
		    vz_one_reg(v, cfg1_id, &cfg1, false) == 0) {
			cfg1 |= 1;	/* Config1.FP: read-modify-write */
			vz_one_reg(v, cfg1_id, &cfg1, true);
		}
	}
	hz = model->clock_hz / (model->flags & CPU_COUNT_HALF ? 2 : 1);
	if (hz >= 1 && hz <= 1000000000ull)
		vz_one_reg(v, VZ_REG_COUNT_HZ, &hz, true);
}

int vz_create_on(struct machine *m, const struct cpu_model *model,
		 const struct vz_host *host, struct vcpu **out, struct err *e)
{
	struct vz_vcpu *v = calloc(1, sizeof(*v));
	int size;

	if (!v)
		return err_set(e, "vz: out of memory");
	v->vcpu = (struct vcpu){ &vz_backend, m, model };
	v->host = host;
	v->vm_fd = v->vcpu_fd = -1;
	pthread_mutex_init(&v->irq_lock, NULL);
	v->kvm_fd = host->open_kvm(host->ctx);
	if (v->kvm_fd < 0) {
		err_set(e, "vz: cannot open /dev/kvm: %s", strerror(errno));
		goto fail;
	}
	v->vm_fd = vz_ioctl(v, v->kvm_fd, KVM_CREATE_VM, (void *)VZ_VM_TYPE);
	if (v->vm_fd < 0) {
		err_set(e, "vz: KVM_CREATE_VM(VZ) failed: %s", strerror(errno));
		goto fail;
	}
	if (vz_map_memory(v, &m->bus, e) < 0)
		goto fail;
	v->vcpu_fd = vz_ioctl(v, v->vm_fd, KVM_CREATE_VCPU, (void *)0);
	size = vz_ioctl(v, v->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (v->vcpu_fd < 0 || size < (int)sizeof(struct kvm_run)) {
		err_set(e, "vz: cannot create the vCPU: %s", strerror(errno));
		goto fail;
	}
	v->run_size = size;
	v->run = host->mmap_run(host->ctx, v->vcpu_fd, size);
	if (!v->run) {
		err_set(e, "vz: cannot map the vCPU run area");
		goto fail;
	}
	if (vz_read_reg_list(v, e) < 0)
		goto fail;
	vz_setup_model(v, model);
	m->clock.notify = vz_clock_notify;
	m->clock.notify_opaque = v;
	*out = &v->vcpu;
	return 0;
fail:
	vz_destroy(&v->vcpu);
	return -1;
}

static int vz_create(struct machine *m, const struct cpu_model *model,
		     struct vcpu **out, struct err *e)
{
	return vz_create_on(m, model, vz_host_real(), out, e);
}

const struct vcpu_backend vz_backend = {
	.name = "vz",
	.create = vz_create,
	.destroy = vz_destroy,
	.reset = vz_reset,
	.run = vz_run,
	.stop = vz_stop,
	.set_irq = vz_set_irq,
	.get_reg = vz_get_reg,
	.set_reg = vz_set_reg,
};
