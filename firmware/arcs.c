/* ARCS firmware core: install, the firmware-call device, dispatch, the
 * System Parameter Block and the calls that fit nowhere else (Halt,
 * PowerDown, GetSystemId, GetTime, ...). See arcs.h for the mechanism.
 *
 * Facts used: the SPB layout and vector order (SGI-FACTS 3 c.1/c.2, Linux
 * asm/sgiarcs.h); the real IP22 PROM's SPB length 0x48, vector length
 * 0x8C and the vector at 0xA0001800 (SGI-FACTS 4.6.1); the ARC restart
 * block (ARC spec 3.3.2, SGI-FACTS 2 b.5); TIME_FIELDS and the display
 * status record (ARC spec; NetBSD sys/dev/arcbios/arcbios.h). */
#include "arcs_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/log.h"
#include "vmm/machine.h"

static const char *const arcs_call_names[ARCS_NCALLS] = {
	"Load", "Invoke", "Execute", "Halt", "PowerDown", "Restart", "Reboot",
	"EnterInteractiveMode", "ReturnFromMain", "GetPeer", "GetChild",
	"GetParent", "GetConfigurationData", "AddChild", "DeleteComponent",
	"GetComponent", "SaveConfiguration", "GetSystemId",
	"GetMemoryDescriptor", "Signal", "GetTime", "GetRelativeTime",
	"GetDirectoryEntry", "Open", "Close", "Read", "GetReadStatus", "Write",
	"Seek", "Mount", "GetEnvironmentVariable", "SetEnvironmentVariable",
	"GetFileInformation", "SetFileInformation", "FlushAllCaches",
	"TestUnicodeCharacter", "GetDisplayStatus",
};

const char *arcs_call_name(unsigned call)
{
	static __thread char buf[32];

	if (call < ARCS_NCALLS)
		return arcs_call_names[call];
	if (call >= ARCS_PRIV_BASE && call < ARCS_PRIV_BASE + ARCS_VECTOR_SLOTS)
		snprintf(buf, sizeof(buf), "private+0x%x",
			 (call - ARCS_PRIV_BASE) * 4);
	else
		snprintf(buf, sizeof(buf), "vector+0x%x", call * 4);
	return buf;
}

/* --- console and guest memory helpers --------------------------------- */

void arcs_puts(struct arcs *a, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n && a->p.console_write)
			a->p.console_write(a->p.opaque, (const uint8_t *)s, n);
		if (!nl)
			break;
		if (a->p.console_write)
			a->p.console_write(a->p.opaque,
					   (const uint8_t *)"\r\n", 2);
		s = nl + 1;
	}
}

void arcs_printf(struct arcs *a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	arcs_puts(a, buf);
}

/* Only the unmapped segments: the firmware cannot walk the guest's TLB.
 * Linux passes KSEG0 pointers (64-bit kernels: CKSEG0 truncated to 32
 * bits by call_o32, SGI-FACTS 5.2). */
bool arcs_va_to_pa(uint32_t va, uint64_t *pa)
{
	if (va < 0x80000000u || va >= 0xc0000000u)
		return false;
	*pa = va & 0x1fffffffu;
	return true;
}

static uint8_t *arcs_guest_ptr(struct arcs *a, uint32_t va, size_t len,
			       bool write)
{
	uint64_t pa;
	bool writable = false;
	uint8_t *p;

	if (!len)
		len = 1;
	if (!arcs_va_to_pa(va, &pa) || (uint64_t)va + len > 0xc0000000ull)
		return NULL;
	p = bus_host_ptr(a->bus, pa, len, &writable);
	if (!p || (write && !writable))
		return NULL;
	return p;
}

int arcs_read_guest(struct arcs *a, uint32_t va, void *buf, size_t len)
{
	uint64_t pa;
	uint8_t *p;

	if (!len)
		return 0;
	p = arcs_guest_ptr(a, va, len, false);
	if (p) {
		memcpy(buf, p, len);
		return 0;
	}
	/* may cross two adjacent RAM banks */
	if (!arcs_va_to_pa(va, &pa) || (uint64_t)va + len > 0xc0000000ull)
		return -1;
	return dma_read(a->bus, pa, buf, len);
}

int arcs_write_guest(struct arcs *a, uint32_t va, const void *buf,
		     size_t len)
{
	uint64_t pa;

	if (!len)
		return 0;
	if (!arcs_va_to_pa(va, &pa) || (uint64_t)va + len > 0xc0000000ull)
		return -1;
	return dma_write(a->bus, pa, buf, len);
}

int arcs_read_u32(struct arcs *a, uint32_t va, uint32_t *v)
{
	uint8_t b[4];

	if (va & 3 || arcs_read_guest(a, va, b, 4) < 0)
		return -1;
	*v = (uint32_t)endian_load(b, 4, ENDIAN_BIG);
	return 0;
}

int arcs_write_u32(struct arcs *a, uint32_t va, uint32_t v)
{
	uint8_t b[4];

	if (va & 3)
		return -1;
	endian_store(b, 4, ENDIAN_BIG, v);
	return arcs_write_guest(a, va, b, 4);
}

int arcs_read_string(struct arcs *a, uint32_t va, char *buf, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		uint8_t c;

		if (arcs_read_guest(a, va + i, &c, 1) < 0)
			return -ARCS_EFAULT;
		buf[i] = (char)c;
		if (!c)
			return 0;
	}
	buf[max - 1] = 0;
	return -ARCS_ENAMETOOLONG;
}

void arcs_prom_written(struct arcs *a, uint32_t off, uint32_t len)
{
	if (a->bus->ram_written)
		a->bus->ram_written(a->bus->ram_written_opaque,
				    a->prom_pa + off, len);
}

void arcs_prom_put32(struct arcs *a, uint32_t off, uint32_t v)
{
	if (off + 4 <= a->p.prom_size)
		endian_store(a->prom + off, 4, ENDIAN_BIG, v);
}

void arcs_prom_put16(struct arcs *a, uint32_t off, uint16_t v)
{
	if (off + 2 <= a->p.prom_size)
		endian_store(a->prom + off, 2, ENDIAN_BIG, v);
}

/* --- call results --------------------------------------------------------- */

void arcs_set_jump(struct arcs *a, uint32_t pc, uint32_t a0, uint32_t a1,
		   uint32_t a2, uint32_t a3, uint32_t sp, uint32_t ra)
{
	a->reg[ARCS_REG_ACTION / 4] = ARCS_ACT_JUMP;
	a->reg[ARCS_REG_JPC / 4] = pc;
	a->reg[ARCS_REG_JA0 / 4] = a0;
	a->reg[ARCS_REG_JA1 / 4] = a1;
	a->reg[ARCS_REG_JA2 / 4] = a2;
	a->reg[ARCS_REG_JA3 / 4] = a3;
	a->reg[ARCS_REG_JSP / 4] = sp;
	a->reg[ARCS_REG_JRA / 4] = ra;
}

void arcs_set_retry(struct arcs *a)
{
	a->reg[ARCS_REG_ACTION / 4] = ARCS_ACT_RETRY;
}

uint32_t arcs_stack_top(const struct arcs *a)
{
	return arcs_kseg0(a->fwram_pa + ARCS_FWRAM_STACK - 16);
}

/* Jump to the PROM's own loop: the menu, or the command monitor. */
void arcs_enter_monitor(struct arcs *a, bool menu)
{
	a->ncontext = 0;
	a->mon = menu ? ARCS_MON_MENU : ARCS_MON_CMD;
	arcs_set_jump(a, arcs_prom_va(a, ARCS_PROM_MONITOR), 0, 0, 0, 0,
		      arcs_stack_top(a), 0);
}

/* --- calls handled here ---------------------------------------------------- */

static void arcs_power_off(struct arcs *a)
{
	if (a->p.power_off)
		a->p.power_off(a->p.opaque);
	else
		machine_request(a->m, MACHINE_POWEROFF);
	/* the CPU stops soon; park it meanwhile */
	arcs_set_retry(a);
}

static void arcs_machine_reset(struct arcs *a)
{
	if (a->p.reset)
		a->p.reset(a->p.opaque);
	else
		machine_request(a->m, MACHINE_RESET);
	arcs_set_retry(a);
}

static uint32_t arcs_get_time(struct arcs *a)
{
	struct tm tm;
	uint32_t off = ARCS_PROM_TIME;

	memset(&tm, 0, sizeof(tm));
	if (!a->p.get_time || a->p.get_time(a->p.opaque, &tm) < 0) {
		time_t now = time(NULL);

		gmtime_r(&now, &tm);
	}
	/* TIME_FIELDS: Year, Month (1-12), Day, Hour, Minute, Second,
	 * Milliseconds, Weekday (ARC spec) */
	arcs_prom_put16(a, off + 0, (uint16_t)(tm.tm_year + 1900));
	arcs_prom_put16(a, off + 2, (uint16_t)(tm.tm_mon + 1));
	arcs_prom_put16(a, off + 4, (uint16_t)tm.tm_mday);
	arcs_prom_put16(a, off + 6, (uint16_t)tm.tm_hour);
	arcs_prom_put16(a, off + 8, (uint16_t)tm.tm_min);
	arcs_prom_put16(a, off + 10, (uint16_t)tm.tm_sec);
	arcs_prom_put16(a, off + 12, 0);
	arcs_prom_put16(a, off + 14, (uint16_t)tm.tm_wday);
	return arcs_prom_va(a, off);
}

static void arcs_exception(struct arcs *a, const uint32_t *arg)
{
	static const char *const names[] = {
		"TLB refill", "XTLB refill", "cache error", "general",
	};
	unsigned v = arg[3] < 4 ? arg[3] : 3;

	arcs_printf(a, "\nPROM: unexpected %s exception: EPC 0x%08" PRIx32
		    " Cause 0x%08" PRIx32 " (ExcCode %u) BadVAddr 0x%08"
		    PRIx32 "\n", names[v], arg[0], arg[1],
		    (unsigned)(arg[1] >> 2) & 31, arg[2]);
	log_msg("arcs: guest took a %s exception with BEV set: EPC 0x%08"
		PRIx32 " Cause 0x%08" PRIx32 " BadVAddr 0x%08" PRIx32,
		names[v], arg[0], arg[1], arg[2]);
	arcs_enter_monitor(a, true);
}

static uint32_t arcs_program_return(struct arcs *a, uint32_t v0)
{
	if (a->ncontext) {
		a->ncontext--;
		arcs_set_jump(a, a->context[a->ncontext].ra,
			      a->reg[ARCS_REG_A0 / 4], 0, 0, 0,
			      a->context[a->ncontext].sp, 0);
		return v0;
	}
	/* a program the PROM started came back: the menu again, as the
	 * real PROM does after sash or a standalone program exits */
	arcs_enter_monitor(a, true);
	return v0;
}

static uint32_t arcs_unimplemented(struct arcs *a, unsigned call)
{
	unsigned slot = call < ARCS_PRIV_BASE ? call :
			ARCS_VECTOR_SLOTS + (call - ARCS_PRIV_BASE);

	if (slot < 2 * ARCS_VECTOR_SLOTS && !a->unimpl_logged[slot]) {
		a->unimpl_logged[slot] = true;
		log_msg("arcs: unimplemented firmware call %s (returning "
			"EINVAL)", arcs_call_name(call));
	}
	return ARCS_EINVAL;
}

static uint32_t arcs_dispatch(struct arcs *a, unsigned call)
{
	const uint32_t *arg = &a->reg[ARCS_REG_A0 / 4];

	TRACE(TRACE_FW, "arcs: %s(0x%08" PRIx32 ", 0x%08" PRIx32 ", 0x%08"
	      PRIx32 ", 0x%08" PRIx32 ") ra 0x%08" PRIx32,
	      call < ARCS_CALL_MONITOR ? arcs_call_name(call) : "internal",
	      arg[0], arg[1], arg[2], arg[3], a->reg[ARCS_REG_RA / 4]);
	switch (call) {
	case ARCS_CALL_MONITOR:
		arcs_monitor_step(a);
		return 0;
	case ARCS_CALL_PROGRAM_RETURN:
		return arcs_program_return(a, arg[0]);
	case ARCS_CALL_EXCEPTION:
		arcs_exception(a, arg);
		return 0;
	case ARCS_LOAD:
	case ARCS_INVOKE:
	case ARCS_EXECUTE:
		return arcs_load_call(a, call, arg);
	case ARCS_HALT:
	case ARCS_ENTER_INTERACTIVE:
		/* Linux's halt path (SGI-FACTS 5.2 step 8) ends here */
		arcs_puts(a, "\n");
		arcs_enter_monitor(a, true);
		return 0;
	case ARCS_POWER_DOWN:
		arcs_power_off(a);
		return 0;
	case ARCS_RESTART:
	case ARCS_REBOOT:
		arcs_machine_reset(a);
		return 0;
	case ARCS_GET_PEER:
	case ARCS_GET_CHILD:
	case ARCS_GET_PARENT:
	case ARCS_GET_CONFIG_DATA:
	case ARCS_GET_COMPONENT:
		return arcs_tree_call(a, call, arg);
	case ARCS_SAVE_CONFIG:
		return ARCS_ESUCCESS;
	case ARCS_GET_SYSTEM_ID:
		return arcs_prom_va(a, ARCS_PROM_SYSID);
	case ARCS_GET_MEMORY_DESC:
		return arcs_mem_get_descriptor(a, arg[0]);
	case ARCS_GET_TIME:
		return arcs_get_time(a);
	case ARCS_GET_RELATIVE_TIME:
		return (uint32_t)(vclock_now(&a->m->clock) / NS_PER_SEC);
	case ARCS_OPEN:
	case ARCS_CLOSE:
	case ARCS_READ:
	case ARCS_GET_READ_STATUS:
	case ARCS_WRITE:
	case ARCS_SEEK:
	case ARCS_GET_FILE_INFO:
	case ARCS_GET_DIRENT:
	case ARCS_MOUNT:
	case ARCS_SET_FILE_INFO:
		return arcs_io_call(a, call, arg);
	case ARCS_GET_ENV:
	case ARCS_SET_ENV:
		return arcs_env_call(a, call, arg);
	case ARCS_FLUSH_ALL_CACHES:
		/* the soft CPU keeps I-fetch coherent with stores already */
		return ARCS_ESUCCESS;
	case ARCS_GET_DISPLAY_STATUS:
		return arcs_prom_va(a, ARCS_PROM_DSPSTAT);
	default:
		return arcs_unimplemented(a, call);
	}
}

/* --- the firmware-call device -------------------------------------------- */

static uint64_t arcs_fw_read(void *opaque, uint64_t offset, unsigned size)
{
	struct arcs *a = opaque;

	if (offset >= ARCS_REG_END || (offset & 3))
		return 0;
	return a->reg[offset / 4];
}

static void arcs_fw_write(void *opaque, uint64_t offset, uint64_t value,
			  unsigned size)
{
	struct arcs *a = opaque;

	if (offset >= ARCS_REG_END || (offset & 3))
		return;
	if (offset != ARCS_REG_CALL) {
		a->reg[offset / 4] = (uint32_t)value;
		return;
	}
	a->reg[ARCS_REG_ACTION / 4] = ARCS_ACT_RETURN;
	a->reg[ARCS_REG_RESULT / 4] = arcs_dispatch(a, (unsigned)value);
}

static const struct mmio_ops arcs_fw_ops = {
	.name = "arcs-fwcall",
	.read = arcs_fw_read,
	.write = arcs_fw_write,
	.valid_sizes = ACCESS_4,
	.impl_sizes = ACCESS_4,
	.endian = ENDIAN_BIG,
};

/* --- low memory: SPB, vectors, restart block --------------------------- */

static void arcs_put_low32(struct arcs *a, uint32_t pa, uint32_t v)
{
	uint8_t b[4];

	endian_store(b, 4, ENDIAN_BIG, v);
	dma_write(a->bus, pa, b, 4);
}

static void arcs_write_low_memory(struct arcs *a)
{
	static const uint8_t zero[0x1000];
	uint32_t sum = 0, rstb[16];

	dma_write(a->bus, ARCS_SPB_PA, zero, sizeof(zero));
	/* SPB (SGI-FACTS 3 c.1). The signature reads "ARCS" in memory. */
	arcs_put_low32(a, ARCS_SPB_PA + 0x00, 0x53435241);
	arcs_put_low32(a, ARCS_SPB_PA + 0x04, ARCS_SPB_LENGTH);
	arcs_put_low32(a, ARCS_SPB_PA + 0x08, 1u << 16 | 10);	/* 1.10 */
	arcs_put_low32(a, ARCS_SPB_PA + 0x0c, arcs_kseg1(ARCS_RSTB_PA));
	arcs_put_low32(a, ARCS_SPB_PA + 0x10, 0);	/* no symmon */
	arcs_put_low32(a, ARCS_SPB_PA + 0x14,
		       arcs_prom_va(a, ARCS_PROM_BEV_GENERAL));
	arcs_put_low32(a, ARCS_SPB_PA + 0x18,
		       arcs_prom_va(a, ARCS_PROM_BEV_TLB));
	arcs_put_low32(a, ARCS_SPB_PA + 0x1c, ARCS_FV_LENGTH);
	arcs_put_low32(a, ARCS_SPB_PA + 0x20, arcs_kseg1(ARCS_FV_PA));
	arcs_put_low32(a, ARCS_SPB_PA + 0x24, ARCS_PV_LENGTH);
	arcs_put_low32(a, ARCS_SPB_PA + 0x28, arcs_kseg1(ARCS_PV_PA));
	arcs_put_low32(a, ARCS_SPB_PA + 0x2c, 0);	/* no adapters */

	/* Restart block (ARC spec): "RSTB", length, version 1.0, no next,
	 * restart address = the reset code, boot master 0, processor 0,
	 * BootStatus: boot started+finished, processor ready+running;
	 * checksum makes the words sum to zero. */
	memset(rstb, 0, sizeof(rstb));
	rstb[0] = 0x42545352;
	rstb[1] = sizeof(rstb);
	rstb[2] = 1u << 16;
	rstb[4] = arcs_prom_va(a, ARCS_PROM_RESET);
	rstb[7] = 0x1 | 0x2 | 0x40 | 0x80;
	for (unsigned i = 0; i < 16; i++)
		sum += rstb[i];
	rstb[8] = (uint32_t)-sum;
	for (unsigned i = 0; i < 16; i++)
		arcs_put_low32(a, ARCS_RSTB_PA + 4 * i, rstb[i]);

	/* Every vector slot points at its stub in the PROM. */
	for (unsigned i = 0; i < ARCS_VECTOR_SLOTS; i++) {
		arcs_put_low32(a, ARCS_FV_PA + 4 * i,
			       arcs_prom_va(a, ARCS_PROM_STUBS + 8 * i) -
			       0x20000000u);
		arcs_put_low32(a, ARCS_PV_PA + 4 * i,
			       arcs_prom_va(a, ARCS_PROM_STUBS + 8 *
					    (ARCS_VECTOR_SLOTS + i)) -
			       0x20000000u);
	}
}

static void arcs_write_prom_tables(struct arcs *a)
{
	char prod[9];
	const uint8_t *nv = a->nvram;

	/* GetSystemId: vendor "SGI", product = serial-like digits from the
	 * Ethernet address (the real value is per machine) */
	memset(a->prom + ARCS_PROM_SYSID, 0, 16);
	memcpy(a->prom + ARCS_PROM_SYSID, "SGI", 3);
	snprintf(prod, sizeof(prod), "%02X%02X%02X%02X", nv[252], nv[253],
		 nv[254], nv[255]);
	memcpy(a->prom + ARCS_PROM_SYSID + 8, prod, 8);
	/* GetDisplayStatus: an 80x25 serial terminal, white on black */
	memset(a->prom + ARCS_PROM_DSPSTAT, 0, 16);
	arcs_prom_put16(a, ARCS_PROM_DSPSTAT + 4, 80);
	arcs_prom_put16(a, ARCS_PROM_DSPSTAT + 6, 25);
	a->prom[ARCS_PROM_DSPSTAT + 8] = 7;
}

/* --- life cycle ------------------------------------------------------------ */

int arcs_install(struct machine *m, const struct arcs_platform *p,
		 struct arcs **out, struct err *e)
{
	struct arcs *a;
	const struct arcs_ram_bank *b0;

	*out = NULL;
	if (!p->prom || p->prom_size < ARCS_PROM_MIN)
		return err_set(e, "arcs: the PROM region is missing or smaller "
			       "than %u KB", ARCS_PROM_MIN / 1024);
	if (!p->nram || p->nram > ARCS_MAX_RAM_BANKS || !p->cpu)
		return err_set(e, "arcs: no RAM bank or CPU model given");
	b0 = &p->ram[0];
	if (b0->size < 8 * ARCS_FWRAM_SIZE)
		return err_set(e, "arcs: the first RAM bank (%" PRIu64 " KB) "
			       "is too small for the firmware",
			       b0->size / 1024);
	if (p->low_alias_size < ARCS_FV_PA + 0x800)
		return err_set(e, "arcs: no low-memory alias of bank 0 at "
			       "physical 0 for the SPB");
	a = calloc(1, sizeof(*a));
	if (!a)
		return err_set(e, "arcs: out of memory");
	a->m = m;
	a->bus = &m->bus;
	a->p = *p;
	a->p.system_id = p->system_id ? p->system_id : "SGI-IP22";
	a->p.machine_name = p->machine_name ? p->machine_name : "Indy";
	a->p.cpu_hz = p->cpu_hz ? p->cpu_hz : p->cpu->clock_hz;
	a->p.macaddr = NULL;	/* not kept: copied into NVRAM */
	a->prom = p->prom;
	a->prom_pa = p->prom_base ? p->prom_base : ARCS_PROM_BASE;
	a->fwram_pa = b0->base + b0->size - ARCS_FWRAM_SIZE;
	a->has_wait = (p->cpu->flags & CPU_HAS_WAIT) != 0;
	/* R4x00 Count runs at half the pipeline clock: ~10 ms per idle */
	a->idle_count = (uint32_t)(a->p.cpu_hz / 2 / 100);

	if (bus_map_mmio(a->bus, ARCS_FWCALL_BASE, ARCS_FWCALL_SIZE,
			 &arcs_fw_ops, a, e) < 0) {
		free(a);
		return err_prefix(e, "arcs: firmware-call device at 0x%llx",
				  (unsigned long long)ARCS_FWCALL_BASE);
	}
	memset(a->prom, 0, ARCS_PROM_END < p->prom_size ? ARCS_PROM_END :
	       p->prom_size);
	arcs_stubs_write(a);
	a->p.macaddr = p->macaddr;
	arcs_env_init(a);
	a->p.macaddr = NULL;
	arcs_tree_build(a);
	arcs_write_prom_tables(a);
	if (!a->p.disk_size)
		arcs_disks_open(a);
	arcs_reset(a);
	*out = a;
	return 0;
}

static int arcs_read_host_file(const char *path, uint8_t **data,
			       size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return err_set(e, "cannot open kernel '%s': %m", path);
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb;

			if (cap >= ARCS_FILE_MAX) {
				fclose(f);
				free(buf);
				return err_set(e, "kernel '%s' is larger than "
					       "%u MB", path,
					       ARCS_FILE_MAX >> 20);
			}
			cap = cap ? cap * 2 : 1 << 20;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return err_set(e, "kernel '%s': out of memory",
					       path);
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return err_set(e, "cannot read kernel '%s'", path);
	}
	fclose(f);
	*data = buf;
	*len = n;
	return 0;
}

int arcs_load_kernel(struct arcs *a, const char *path, const char *append,
		     struct err *e)
{
	uint8_t *data = NULL;
	size_t len = 0;

	if (arcs_read_host_file(path, &data, &len, e) < 0)
		return -1;
	if (arcs_image_parse(data, len, &a->kernel, e) < 0 ||
	    arcs_image_check(a, &a->kernel, e) < 0) {
		free(data);
		return err_prefix(e, "kernel '%s'", path);
	}
	free(a->kernel_data);
	free(a->kernel_path);
	free(a->kernel_append);
	a->kernel_data = data;
	a->kernel_len = len;
	a->kernel.data = data;
	a->kernel_path = strdup(path);
	a->kernel_append = append ? strdup(append) : NULL;
	if (!a->kernel_path || (append && !a->kernel_append))
		return err_set(e, "arcs: out of memory");
	arcs_reset(a);
	return 0;
}

void arcs_reset(struct arcs *a)
{
	if (!a)
		return;
	arcs_io_reset(a);
	a->ncontext = 0;
	a->mon = ARCS_MON_START;
	a->line_len = 0;
	a->autoboot_done = false;
	a->loaded_lo = a->loaded_hi = 0;
	a->kernel_pending = a->kernel_data != NULL;
	if (a->kernel_pending) {
		a->loaded_lo = a->kernel.lo;
		a->loaded_hi = a->kernel.hi;
	}
	memset(a->reg, 0, sizeof(a->reg));
	arcs_write_low_memory(a);
	arcs_mem_publish(a);
}

void arcs_destroy(struct arcs *a)
{
	if (!a)
		return;
	arcs_disks_close(a);
	free(a->kernel_data);
	free(a->kernel_path);
	free(a->kernel_append);
	free(a);
}
