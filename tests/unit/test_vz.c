/* The kernel VZ backend against a scripted stand-in for /dev/kvm: no VZ
 * hardware exists here, so this checks the set-up sequence, the exit
 * dispatch, interrupt delivery and the Count protocol call by call. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/vz.h"
#include "kernel/vz_abi.h"
#include "kernel/vz_exit.h"
#include "tests/test.h"
#include "vmm/machine.h"

/* ---- the stand-in ---- */

#define MAX_LOG 64

struct standin {
	bool no_kvm;
	int api_version;
	int cap_vz, cap_64bit;
	int vm_type;
	struct kvm_userspace_memory_region slots[8];
	unsigned nslots;
	uint64_t reg_ids[8];
	unsigned nreg_ids;
	uint64_t reg_vals[8];
	struct kvm_run run;
	/* exits KVM_RUN returns, in order; then it returns EINTR */
	struct kvm_run exits[8];
	unsigned nexits, next_exit;
	int irq_log[MAX_LOG];
	unsigned nirq;
	uint64_t count_ctl_log[MAX_LOG];	/* values written to COUNT_CTL */
	unsigned nctl;
	bool resume_written;
	bool fpu_enabled;
	bool got_regs;
	struct vcpu *cpu;	/* to stop when the script runs out */
};

static int si_open(void *ctx)
{
	struct standin *s = ctx;

	if (s->no_kvm) {
		errno = ENOENT;
		return -1;
	}
	return 3;
}

static int si_reg_index(struct standin *s, uint64_t id)
{
	for (unsigned i = 0; i < s->nreg_ids; i++)
		if (s->reg_ids[i] == id)
			return i;
	return -1;
}

static int si_one_reg(struct standin *s, struct kvm_one_reg *r, bool set)
{
	int i = si_reg_index(s, r->id);
	bool is64 = vz_reg_is64(r->id);
	uint64_t v = 0;

	if (r->id == VZ_REG_COUNT_CTL && set) {
		memcpy(&v, (void *)(uintptr_t)r->addr, 8);
		if (s->nctl < MAX_LOG)
			s->count_ctl_log[s->nctl++] = v;
		return 0;
	}
	if (r->id == VZ_REG_COUNT_RESUME && set) {
		s->resume_written = true;
		return 0;
	}
	if (r->id == VZ_REG_COUNT_HZ)
		return 0;
	if (i < 0) {
		errno = EINVAL;
		return -1;
	}
	if (set) {
		if (is64)
			memcpy(&s->reg_vals[i], (void *)(uintptr_t)r->addr, 8);
		else {
			uint32_t w;

			memcpy(&w, (void *)(uintptr_t)r->addr, 4);
			s->reg_vals[i] = w;
		}
	} else if (is64) {
		memcpy((void *)(uintptr_t)r->addr, &s->reg_vals[i], 8);
	} else {
		uint32_t w = s->reg_vals[i];

		memcpy((void *)(uintptr_t)r->addr, &w, 4);
	}
	return 0;
}

static int si_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	struct standin *s = ctx;

	if (req == KVM_GET_API_VERSION)
		return s->api_version;
	if (req == KVM_CHECK_EXTENSION) {
		long cap = (long)arg;

		return cap == VZ_CAP_MIPS_VZ ? s->cap_vz
		       : cap == VZ_CAP_MIPS_64BIT ? s->cap_64bit : 0;
	}
	if (req == KVM_CREATE_VM) {
		s->vm_type = (int)(long)arg;
		return 4;
	}
	if (req == KVM_SET_USER_MEMORY_REGION) {
		if (s->nslots < 8)
			s->slots[s->nslots++] =
				*(struct kvm_userspace_memory_region *)arg;
		return 0;
	}
	if (req == KVM_CREATE_VCPU)
		return 5;
	if (req == KVM_GET_VCPU_MMAP_SIZE)
		return sizeof(struct kvm_run);
	if (req == KVM_GET_REG_LIST) {
		struct kvm_reg_list *l = arg;

		if (l->n < s->nreg_ids) {
			l->n = s->nreg_ids;
			errno = E2BIG;
			return -1;
		}
		l->n = s->nreg_ids;
		memcpy(l->reg, s->reg_ids, s->nreg_ids * 8);
		return 0;
	}
	if (req == KVM_GET_ONE_REG || req == KVM_SET_ONE_REG)
		return si_one_reg(s, arg, req == KVM_SET_ONE_REG);
	if (req == KVM_ENABLE_CAP) {
		s->fpu_enabled = ((struct kvm_enable_cap *)arg)->cap ==
				 VZ_CAP_MIPS_FPU;
		return 0;
	}
	if (req == KVM_INTERRUPT) {
		struct vz_interrupt *irq = arg;

		if (s->nirq < MAX_LOG)
			s->irq_log[s->nirq++] = irq->irq;
		return 0;
	}
	if (req == KVM_SET_SIGNAL_MASK)
		return ((struct { uint32_t len; } *)arg)->len == 16 ? 0 : -1;
	if (req == VZ_GET_REGS) {
		s->got_regs = true;
		memset(arg, 0, sizeof(struct vz_regs));
		return 0;
	}
	if (req == VZ_SET_REGS)
		return 0;
	if (req == KVM_RUN) {
		if (s->next_exit < s->nexits) {
			struct kvm_run *e = &s->exits[s->next_exit++];

			s->run.exit_reason = e->exit_reason;
			s->run.mmio = e->mmio;
			return 0;
		}
		/* Script over: behave as a kick that asks to stop. */
		vcpu_stop(s->cpu);
		errno = EINTR;
		return -1;
	}
	errno = ENOTTY;
	return -1;
}

static void *si_mmap(void *ctx, int fd, size_t size)
{
	return &((struct standin *)ctx)->run;
}

static void si_munmap(void *ctx, void *p, size_t size) {}
static void si_close(void *ctx, int fd) {}

static struct standin si;
static struct vz_host si_host;

static const struct vz_host *standin_host(bool loongson)
{
	memset(&si, 0, sizeof(si));
	si.api_version = 12;
	si.cap_vz = 1;
	si.cap_64bit = 2;
	si.nreg_ids = 5;
	si.reg_ids[0] = VZ_REG_GP(2);
	si.reg_ids[1] = VZ_REG_PC;
	si.reg_ids[2] = VZ_REG_CP0(VZ_REG_U32, 12, 0);	/* Status */
	si.reg_ids[3] = VZ_REG_CP0(VZ_REG_U32, 15, 0);	/* PRId */
	si.reg_ids[4] = VZ_REG_CP0(VZ_REG_U32, 16, 1);	/* Config1 */
	si_host = (struct vz_host){
		.is_mips = true, .endian = ENDIAN_LITTLE,
		.is_loongson = loongson, .page_size = 4096,
		.open_kvm = si_open, .ioctl = si_ioctl, .mmap_run = si_mmap,
		.munmap_run = si_munmap, .close = si_close, .ctx = &si,
	};
	return &si_host;
}

static const struct cpu_model test_model = {
	.name = "test-r2", .isa = ISA_MIPS32R2, .prid = 0x00019300,
	.fir = 0x00739300, .clock_hz = 100000000,
};
static const struct cpu_model r4400_model = {
	.name = "R4400", .isa = ISA_MIPS3, .is64 = true,
	.flags = CPU_R4K_CP0,
};

/* ---- a machine with RAM, ROM and one device ---- */

struct tdev {
	uint64_t last_write;
	unsigned writes;
	struct vcpu *stop_on_write;
};

static uint64_t tdev_read(void *opaque, uint64_t off, unsigned size)
{
	return 0x11223344 + off;
}

static void tdev_write(void *opaque, uint64_t off, uint64_t v, unsigned size)
{
	struct tdev *d = opaque;

	d->last_write = v;
	d->writes++;
}

static const struct mmio_ops tdev_ops = {
	.name = "tdev", .read = tdev_read, .write = tdev_write,
	.valid_sizes = ACCESS_ALL, .impl_sizes = ACCESS_4 | ACCESS_8,
	.endian = ENDIAN_LITTLE,
};

static struct tdev dev;

static void machine_setup(struct machine *m, uint64_t ram_size)
{
	memset(m, 0, sizeof(*m));
	memset(&dev, 0, sizeof(dev));
	bus_init(&m->bus, ENDIAN_LITTLE);
	pthread_mutex_init(&m->lock, NULL);
	m->bus.lock = &m->lock;
	vclock_init(&m->clock, false);
	CHECK(bus_map_ram(&m->bus, 0, ram_size, "ram", NULL, NULL) == 0);
	CHECK(bus_map_rom(&m->bus, 0x1fc00000, 0x100000, "rom", NULL, NULL) ==
	      0);
	CHECK(bus_map_mmio(&m->bus, 0x1f000000, 0x100, &tdev_ops, &dev,
			   NULL) == 0);
}

static void machine_teardown(struct machine *m)
{
	bus_destroy(&m->bus);
	pthread_mutex_destroy(&m->lock);
}

/* ---- tests ---- */

static void probe_refusals(void)
{
	struct vz_guest g = { .endian = ENDIAN_LITTLE, .irq_lines = 1,
			      .model = &test_model };
	const struct vz_host *h = standin_host(false);
	struct err e;

	CHECK(vz_probe(h, &g, &e) == 0);

	si_host.is_mips = false;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not a MIPS");
	si_host.is_mips = true;

	g.endian = ENDIAN_BIG;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "big-endian and the host little-endian");
	g.endian = ENDIAN_LITTLE;

	si_host.is_r6 = true;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "release 6");
	si_host.is_r6 = false;

	g.model = &r4400_model;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "R4000/R10000");
	g.model = &test_model;

	g.irq_lines = 1u << 3;	/* IP5: not injectable on Octeon III */
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "IP5");
	g.irq_lines = 1;

	si.no_kvm = true;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "no /dev/kvm");
	si.no_kvm = false;

	si.api_version = 11;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "API version 11");
	si.api_version = 12;

	si.cap_vz = 2;	/* reserved value: must not count as VZ */
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "KVM_CAP_MIPS_VZ = 2");
	si.cap_vz = 1;

	g.is64 = true;
	si.cap_64bit = 1;
	CHECK(vz_probe(h, &g, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "64-bit");
}

static void choose_backend(void)
{
	struct vz_guest g = { .endian = ENDIAN_BIG, .irq_lines = 1,
			      .model = &test_model };
	const struct vz_host *h = standin_host(false);
	char why[256];
	struct err e;

	CHECK(vz_choose_backend(ACCEL_AUTO, h, &g, why, sizeof(why), &e) ==
	      &soft_cpu_backend);
	CHECK_STR_CONTAINS(why, "soft CPU: the guest is big-endian");
	CHECK(vz_choose_backend(ACCEL_VZ, h, &g, why, sizeof(why), &e) ==
	      NULL);
	CHECK_STR_CONTAINS(e.msg, "accel = vz: VZ cannot run this guest");
	g.endian = ENDIAN_LITTLE;
	CHECK(vz_choose_backend(ACCEL_AUTO, h, &g, why, sizeof(why), &e) ==
	      &vz_backend);
	CHECK(vz_choose_backend(ACCEL_SOFT, h, &g, why, sizeof(why), &e) ==
	      &soft_cpu_backend);
}

static void setup_sequence(void)
{
	const struct vz_host *h = standin_host(false);
	struct machine m;
	struct vcpu *cpu = NULL;
	struct err e;
	uint64_t v;

	machine_setup(&m, 0x100000);
	CHECK(vz_create_on(&m, &test_model, h, &cpu, &e) == 0);
	CHECK_EQ(si.vm_type, 1);
	/* RAM read-write, ROM read-only; the device gets no slot. */
	CHECK_EQ(si.nslots, 2);
	CHECK_EQ(si.slots[0].guest_phys_addr, 0);
	CHECK_EQ(si.slots[0].flags, 0);
	CHECK_EQ(si.slots[1].guest_phys_addr, 0x1fc00000);
	CHECK_EQ(si.slots[1].flags, KVM_MEM_READONLY);
	/* PRId written, FPU enabled and Config1.FP set read-modify-write. */
	CHECK_EQ(si.reg_vals[3], test_model.prid);
	CHECK(si.fpu_enabled);
	CHECK_EQ(si.reg_vals[4] & 1, 1);
	/* Registers the host lists are reachable; others are refused. */
	CHECK(vcpu_set_reg(cpu, VCPU_REG_PC, 0x80001000) == 0);
	CHECK(vcpu_get_reg(cpu, VCPU_REG_PC, &v) == 0);
	CHECK_EQ(v, 0x80001000);
	CHECK(vcpu_get_reg(cpu, VCPU_REG_CP0_ID(28, 0), &v) < 0);
	vcpu_destroy(cpu);
	machine_teardown(&m);

	/* RAM not aligned to the host page size cannot be a slot. */
	h = standin_host(false);
	si_host.page_size = 16384;
	machine_setup(&m, 0x1000);
	CHECK(vz_create_on(&m, &test_model, h, &cpu, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "not aligned");
	machine_teardown(&m);
}

static struct kvm_run mmio_exit(uint64_t pa, unsigned len, bool write,
				uint64_t value)
{
	struct kvm_run r;

	memset(&r, 0, sizeof(r));
	r.exit_reason = KVM_EXIT_MMIO;
	r.mmio.phys_addr = pa;
	r.mmio.len = len;
	r.mmio.is_write = write;
	/* KVM's format: a host-native integer of len bytes. */
	if (len == 8) {
		memcpy(r.mmio.data, &value, 8);
	} else if (len == 4) {
		uint32_t v = value;

		memcpy(r.mmio.data, &v, 4);
	} else if (len == 2) {
		uint16_t v = value;

		memcpy(r.mmio.data, &v, 2);
	} else {
		r.mmio.data[0] = value;
	}
	return r;
}

static void exit_dispatch(void)
{
	struct machine m;
	struct kvm_run r;
	uint32_t v32;

	machine_setup(&m, 0x100000);
	r = mmio_exit(0x1f000010, 4, false, 0);
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_CONTINUE);
	memcpy(&v32, r.mmio.data, 4);
	CHECK_EQ(v32, 0x11223354);

	r = mmio_exit(0x1f000020, 4, true, 0xcafef00d);
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_CONTINUE);
	CHECK_EQ(dev.last_write, 0xcafef00d);

	/* Store to the read-only PROM slot: dropped, guest continues. */
	r = mmio_exit(0x1fc00000, 4, true, 1);
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_CONTINUE);

	/* Unassigned read: the guest gets all-ones (no bus error under VZ). */
	r = mmio_exit(0x1e000000, 2, false, 0);
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_CONTINUE);
	CHECK_EQ(r.mmio.data[0] & r.mmio.data[1], 0xff);

	r = mmio_exit(0x1f000000, 3, false, 0);
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_FATAL);
	r.exit_reason = KVM_EXIT_INTERNAL_ERROR;
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_INTERNAL);
	r.exit_reason = KVM_EXIT_INTR;
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_CONTINUE);
	r.exit_reason = 0;
	CHECK(vz_handle_exit(&r, &m.bus) == VZ_EXIT_FATAL);
	machine_teardown(&m);
}

static void run_loop_and_count(void)
{
	const struct vz_host *h = standin_host(false);
	struct machine m;
	struct vcpu *cpu = NULL;

	machine_setup(&m, 0x100000);
	CHECK(vz_create_on(&m, &test_model, h, &cpu, NULL) == 0);
	si.cpu = cpu;
	si.exits[si.nexits++] = mmio_exit(0x1f000000, 4, true, 7);
	si.exits[si.nexits++] = mmio_exit(0x1f000004, 8, true, 9);
	CHECK(vcpu_run(cpu) == VCPU_EXIT_STOPPED);
	CHECK_EQ(dev.writes, 2);
	CHECK_EQ(dev.last_write, 9);
	/* Count resumed from "now" on entry and frozen on the way out. */
	CHECK(si.resume_written);
	CHECK(si.nctl >= 2);
	CHECK_EQ(si.count_ctl_log[0], 0);
	CHECK_EQ(si.count_ctl_log[si.nctl - 1], VZ_COUNT_CTL_DC);

	/* An internal error stops the machine with the registers dumped. */
	si.nexits = si.next_exit = 0;
	si.exits[si.nexits].exit_reason = KVM_EXIT_INTERNAL_ERROR;
	si.nexits++;
	CHECK(vcpu_run(cpu) == VCPU_EXIT_ERROR);
	CHECK(si.got_regs);
	vcpu_destroy(cpu);
	machine_teardown(&m);
}

static void interrupt_lines(void)
{
	const struct vz_host *h = standin_host(false);
	struct machine m;
	struct vcpu *cpu = NULL;

	machine_setup(&m, 0x100000);
	CHECK(vz_create_on(&m, &test_model, h, &cpu, NULL) == 0);
	vcpu_set_irq(cpu, 0, 1);
	vcpu_set_irq(cpu, 0, 1);	/* no change: no second ioctl */
	vcpu_set_irq(cpu, 2, 1);
	vcpu_set_irq(cpu, 0, 0);
	vcpu_set_irq(cpu, 3, 1);	/* IP5: not injectable, ignored */
	CHECK_EQ(si.nirq, 3);
	CHECK_EQ(si.irq_log[0], 2);
	CHECK_EQ(si.irq_log[1], 4);
	CHECK_EQ(si.irq_log[2], (uint64_t)(int64_t)-2);
	vcpu_destroy(cpu);
	machine_teardown(&m);

	/* Loongson: IP2, IP3 and IP6 only. */
	h = standin_host(true);
	CHECK_EQ(vz_irq_number(h, 0), 2);
	CHECK_EQ(vz_irq_number(h, 2), 0);
	CHECK_EQ(vz_irq_number(h, 4), 6);
}

TEST_MAIN("vz", T(probe_refusals), T(choose_backend), T(setup_sequence),
	  T(exit_dispatch), T(run_loop_and_count), T(interrupt_lines))
