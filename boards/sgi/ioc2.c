/* SGI IOC2. Facts: Linux's asm/sgi/ioc.h (register layout, panel bits,
 * SYSID fields), ip22-hpc.c (SYSID bit 0 tells Full House from Guinness;
 * reset/write registers are write-only to Linux, which keeps copies),
 * ip22-reset.c (power off = write the panel with POWERON clear; the power
 * button is POWERINTR going low, local1 bit 1, acknowledged by writing
 * POWERINTR back), MAME's sgi/ioc2.cpp and SGI-FACTS 4.6.3/4.6.15 (SYSID
 * 0x26 on the Indy, 0x11 on the Indigo2; EXT_IO active-low status).
 *
 * The keyboard controller is a minimal 8042: controller commands work
 * (self-test 0x55, interface tests, command byte, port enables, output
 * buffer writes 0xd2/0xd3), but no keyboard or mouse is attached: bytes
 * for a device come back as 0xfe with the time-out bit, which is how an
 * AT controller reports a missing device. The parallel port (PI1) is not
 * implemented: its registers read 0. */
#include "ioc2.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/dev/regstride.h"
#include "vmm/log.h"

#define KBC_OBF 0x01
#define KBC_SYS 0x04
#define KBC_CMD 0x08
#define KBC_UNLOCKED 0x10
#define KBC_AUXOBF 0x20
#define KBC_TIMEOUT 0x40
#define KBC_QUEUE 4

struct ioc2 {
	struct ioc2_config cfg;
	uint8_t gcsel, genctrl, dmasel, reset_reg, write_reg;
	bool power_pressed, panel_level;
	/* 8042 */
	uint8_t kbc_ctr, kbc_status_extra, kbc_pending;
	uint8_t kbc_q[KBC_QUEUE];
	bool kbc_q_aux[KBC_QUEUE];
	unsigned kbc_n;
	bool kbc_level;
};

static void panel_update(struct ioc2 *io)
{
	if (io->panel_level != io->power_pressed) {
		io->panel_level = io->power_pressed;
		irq_set(&io->cfg.panel_irq, io->power_pressed);
	}
}

void ioc2_power_button(struct ioc2 *io)
{
	io->power_pressed = true;
	panel_update(io);
}

static void kbc_update(struct ioc2 *io)
{
	bool level = false;

	if (io->kbc_n)
		level = io->kbc_q_aux[0] ? io->kbc_ctr & 0x02 :
					   io->kbc_ctr & 0x01;
	if (level != io->kbc_level) {
		io->kbc_level = level;
		irq_set(&io->cfg.kbd_irq, level);
	}
}

static void kbc_push(struct ioc2 *io, uint8_t v, bool aux)
{
	if (io->kbc_n == KBC_QUEUE)
		return;
	io->kbc_q[io->kbc_n] = v;
	io->kbc_q_aux[io->kbc_n++] = aux;
	kbc_update(io);
}

static uint8_t kbc_status(const struct ioc2 *io)
{
	uint8_t v = KBC_SYS | KBC_UNLOCKED | io->kbc_status_extra;

	if (io->kbc_n) {
		v |= KBC_OBF;
		if (io->kbc_q_aux[0])
			v |= KBC_AUXOBF;
	}
	return v;
}

static uint8_t kbc_data_read(struct ioc2 *io)
{
	uint8_t v;

	if (!io->kbc_n)
		return 0;
	v = io->kbc_q[0];
	memmove(io->kbc_q, io->kbc_q + 1, --io->kbc_n);
	memmove(io->kbc_q_aux, io->kbc_q_aux + 1, io->kbc_n);
	io->kbc_status_extra &= ~KBC_TIMEOUT;
	kbc_update(io);
	return v;
}

static void kbc_command(struct ioc2 *io, uint8_t v)
{
	io->kbc_status_extra |= KBC_CMD;
	io->kbc_pending = 0;
	switch (v) {
	case 0x20: kbc_push(io, io->kbc_ctr, false); break;
	case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4:
		io->kbc_pending = v;
		break;
	case 0xa7: io->kbc_ctr |= 0x20; break;	/* disable aux */
	case 0xa8: io->kbc_ctr &= ~0x20; break;	/* enable aux */
	case 0xa9: kbc_push(io, 0x00, false); break;	/* aux test: ok */
	case 0xaa: kbc_push(io, 0x55, false); break;	/* self-test */
	case 0xab: kbc_push(io, 0x00, false); break;	/* kbd test: ok */
	case 0xad: io->kbc_ctr |= 0x10; break;	/* disable kbd */
	case 0xae: io->kbc_ctr &= ~0x10; break;	/* enable kbd */
	case 0xc0: kbc_push(io, 0x00, false); break;	/* input port */
	case 0xd0: kbc_push(io, 0x01, false); break;	/* output port */
	default:
		if (v < 0xf0)
			LOG_RATELIMITED("ioc2: unimplemented: 8042 command "
					"0x%02x", v);
		break;
	}
	kbc_update(io);
}

static void kbc_data_write(struct ioc2 *io, uint8_t v)
{
	uint8_t cmd = io->kbc_pending;

	io->kbc_status_extra &= ~KBC_CMD;
	io->kbc_pending = 0;
	switch (cmd) {
	case 0x60: io->kbc_ctr = v; break;
	case 0xd1: break;
	case 0xd2: kbc_push(io, v, false); break;
	case 0xd3: kbc_push(io, v, true); break;
	default:
		/* A byte for the keyboard (or, after 0xd4, the mouse):
		 * nothing is plugged in. */
		io->kbc_status_extra |= KBC_TIMEOUT;
		kbc_push(io, 0xfe, cmd == 0xd4);
		break;
	}
	kbc_update(io);
}

static uint8_t panel_read(const struct ioc2 *io)
{
	/* Volume buttons released (their bits are active low), power on;
	 * Full House pulls every bit high (Linux's ip22-reset.c). */
	uint8_t v = io->cfg.fullhouse ? 0xff : 0xf3;

	if (io->power_pressed)
		v &= ~IOC2_PANEL_POWERINTR;
	return v;
}

static void panel_write(struct ioc2 *io, uint8_t v)
{
	if (v & IOC2_PANEL_POWERINTR)
		io->power_pressed = false;
	panel_update(io);
	if (!(v & IOC2_PANEL_POWERON) && io->cfg.power_off)
		io->cfg.power_off(io->cfg.opaque);
}

uint8_t ioc2_read(struct ioc2 *io, unsigned reg)
{
	switch (reg) {
	case IOC2_KBD_DATA: return kbc_data_read(io);
	case IOC2_KBD_CMD: return kbc_status(io);
	case IOC2_GCSEL: return io->gcsel;
	case IOC2_GENCTRL: return io->genctrl;
	case IOC2_PANEL: return panel_read(io);
	case IOC2_SYSID: return io->cfg.sysid;
	case IOC2_READ: return 0;
	case IOC2_DMASEL: return io->dmasel;
	case IOC2_RESET: return io->reset_reg;
	case IOC2_WRITE: return io->write_reg;
	}
	if (reg < 0x28) {
		LOG_RATELIMITED("ioc2: unimplemented: parallel port read "
				"0x%x", reg);
		return 0;
	}
	LOG_RATELIMITED("ioc2: unimplemented: read of 0x%x", reg);
	return 0;
}

void ioc2_write(struct ioc2 *io, unsigned reg, uint8_t v)
{
	TRACE(TRACE_DEV, "ioc2: [0x%x] <- 0x%02x", reg, v);
	switch (reg) {
	case IOC2_KBD_DATA: kbc_data_write(io, v); return;
	case IOC2_KBD_CMD: kbc_command(io, v); return;
	case IOC2_GCSEL: io->gcsel = v; return;
	case IOC2_GENCTRL: io->genctrl = v; return;
	case IOC2_PANEL: panel_write(io, v); return;
	case IOC2_DMASEL: io->dmasel = v; return;
	case IOC2_RESET: io->reset_reg = v; return;	/* LEDs, resets */
	case IOC2_WRITE: io->write_reg = v; return;
	case IOC2_SYSID: case IOC2_READ: return;
	}
	LOG_RATELIMITED("ioc2: unimplemented: write 0x%02x to 0x%x", v, reg);
}

/* EXT_IO (Indigo2): a 16-bit word IRIX reads as 32 bits; every status
 * bit is active low, so "nothing to report" is all ones, except bit 7,
 * low for a 33 MHz GIO bus (SGI-FACTS 4.6.6, asm/sgi/ioc.h). */
static uint32_t extio_read(const struct ioc2 *io)
{
	return io->cfg.fullhouse ? 0xff7f : 0;
}

static uint64_t ioc2_access_read(struct ioc2 *io, unsigned off,
				 unsigned size)
{
	if (off == IOC2_EXTIO && size == 4)
		return extio_read(io);
	if (!regstride_on_lane(off, size, 4))
		return 0;
	return ioc2_read(io, off & ~3u);
}

static void ioc2_access_write(struct ioc2 *io, unsigned off, uint64_t v,
			      unsigned size)
{
	if (!regstride_on_lane(off, size, 4))
		return;
	ioc2_write(io, off & ~3u, v & 0xff);
}

#define IOC2_WINDOW(sfx, base)                                              \
	static uint64_t ioc2_read_##sfx(void *o, uint64_t off, unsigned sz) \
	{                                                                    \
		return ioc2_access_read(o, (unsigned)off + (base), sz);      \
	}                                                                    \
	static void ioc2_write_##sfx(void *o, uint64_t off, uint64_t v,      \
				     unsigned sz)                            \
	{                                                                    \
		ioc2_access_write(o, (unsigned)off + (base), v, sz);         \
	}                                                                    \
	const struct mmio_ops ioc2_ops_##sfx = {                             \
		.name = "ioc2", .read = ioc2_read_##sfx,                     \
		.write = ioc2_write_##sfx,                                   \
		.valid_sizes = ACCESS_1 | ACCESS_2 | ACCESS_4,               \
		.impl_sizes = ACCESS_1 | ACCESS_4, .endian = ENDIAN_BIG,     \
	}

IOC2_WINDOW(lo, 0);
IOC2_WINDOW(mid, IOC2_MID);
IOC2_WINDOW(hi, IOC2_HI);

void ioc2_reset(struct ioc2 *io)
{
	io->gcsel = io->genctrl = io->dmasel = 0;
	io->reset_reg = io->write_reg = 0;
	io->power_pressed = false;
	panel_update(io);
	io->kbc_ctr = 0;
	io->kbc_status_extra = 0;
	io->kbc_pending = 0;
	io->kbc_n = 0;
	kbc_update(io);
}

int ioc2_create(const struct ioc2_config *cfg, struct ioc2 **out,
		struct err *e)
{
	struct ioc2 *io = calloc(1, sizeof(*io));

	if (!io)
		return err_set(e, "ioc2: out of memory");
	io->cfg = *cfg;
	ioc2_reset(io);
	*out = io;
	return 0;
}

void ioc2_destroy(struct ioc2 *io)
{
	free(io);
}
