/* 93CS56 Microwire EEPROM. Facts from the National NM93CS56 / Microchip
 * 93C56 data sheets: a command is a start bit (the first 1 on DI with CS
 * high), a 2-bit opcode and an 8-bit address (x16 organisation; A7 is
 * "don't care" on the 56), all sampled on rising SK; READ answers with a
 * dummy 0 and then D15..D0, one bit per rising edge, continuing into the
 * next word; WRITE/WRAL take 16 data bits; EWEN/EWDS gate programming;
 * with PRE high the same opcodes address the protect register, which
 * write-protects every word from its address up. And from Linux's
 * ip22-nvram.c, which reads it exactly that way (11 command bits, then
 * 16 samples after rising edges). */
#include "eeprom93cs56.h"

#include <stdlib.h>
#include <string.h>

#include "vmm/log.h"

enum ee_state { EE_IDLE, EE_CMD, EE_READ, EE_DATA, EE_DONE };

struct eeprom93cs56 {
	uint16_t mem[EEPROM93CS56_WORDS];
	void (*changed)(void *opaque);
	void *opaque;
	bool cs, sk, pre, dout;
	enum ee_state state;
	unsigned nbits;
	uint32_t shift;
	unsigned op, addr;
	uint16_t out;
	bool write_enabled;
	/* protect register: words >= prot_addr are read-only */
	bool prot_enabled, prot_locked;
	unsigned prot_addr;
};

static bool protected_word(const struct eeprom93cs56 *ee, unsigned a)
{
	return ee->prot_enabled && a >= ee->prot_addr;
}

static void program(struct eeprom93cs56 *ee, unsigned a, uint16_t v)
{
	a %= EEPROM93CS56_WORDS;
	if (!ee->write_enabled || protected_word(ee, a) || ee->mem[a] == v)
		return;
	ee->mem[a] = v;
	if (ee->changed)
		ee->changed(ee->opaque);
}

/* A complete command (opcode and address) has been shifted in. */
static void command(struct eeprom93cs56 *ee)
{
	unsigned a = ee->addr & (EEPROM93CS56_WORDS - 1);

	ee->state = EE_DONE;
	switch (ee->op) {
	case 2:		/* READ (PRE high: PRREAD) */
		ee->out = ee->pre ? ee->prot_addr : ee->mem[a];
		ee->dout = false;	/* the dummy bit */
		ee->nbits = 0;
		ee->state = EE_READ;
		return;
	case 1:		/* WRITE (PRE high: PRWRITE) */
		ee->state = EE_DATA;
		ee->nbits = 0;
		return;
	case 3:		/* ERASE (PRE high: PRCLEAR) */
		if (ee->pre) {
			if (ee->write_enabled && !ee->prot_locked)
				ee->prot_enabled = false;
		} else {
			program(ee, a, 0xffff);
		}
		break;
	case 0:
		switch ((ee->addr >> 6) & 3) {
		case 3:		/* EWEN (PRE high: PREN) */
			ee->write_enabled = true;
			break;
		case 0:		/* EWDS (PRE high: PRDS, for ever) */
			if (ee->pre)
				ee->prot_locked = true;
			else
				ee->write_enabled = false;
			break;
		case 2:		/* ERAL */
			for (unsigned i = 0; i < EEPROM93CS56_WORDS; i++)
				program(ee, i, 0xffff);
			break;
		case 1:		/* WRAL */
			ee->state = EE_DATA;
			ee->nbits = 0;
			return;
		}
		break;
	}
	ee->dout = true;	/* ready */
}

static void data_done(struct eeprom93cs56 *ee)
{
	uint16_t v = ee->shift & 0xffff;

	if (ee->op == 0) {
		for (unsigned i = 0; i < EEPROM93CS56_WORDS; i++)
			program(ee, i, v);
	} else if (ee->pre) {
		if (ee->write_enabled && !ee->prot_locked) {
			ee->prot_addr = ee->addr & (EEPROM93CS56_WORDS - 1);
			ee->prot_enabled = true;
		}
	} else {
		program(ee, ee->addr, v);
	}
	ee->state = EE_DONE;
	ee->dout = true;
}

static void rising_edge(struct eeprom93cs56 *ee, bool di)
{
	switch (ee->state) {
	case EE_IDLE:
		if (di) {	/* leading zeros before the start bit */
			ee->state = EE_CMD;
			ee->nbits = 0;
			ee->shift = 0;
		}
		break;
	case EE_CMD:
		ee->shift = ee->shift << 1 | di;
		if (++ee->nbits == 10) {
			ee->op = (ee->shift >> 8) & 3;
			ee->addr = ee->shift & 0xff;
			ee->shift = 0;
			command(ee);
		}
		break;
	case EE_READ:
		if (ee->nbits == 16) {	/* sequential read: next word */
			ee->addr = (ee->addr + 1) & (EEPROM93CS56_WORDS - 1);
			ee->out = ee->mem[ee->addr];
			ee->nbits = 0;
		}
		ee->dout = (ee->out >> 15) & 1;
		ee->out <<= 1;
		ee->nbits++;
		break;
	case EE_DATA:
		ee->shift = ee->shift << 1 | di;
		if (++ee->nbits == 16)
			data_done(ee);
		break;
	case EE_DONE:
		break;
	}
}

void eeprom93cs56_pins(struct eeprom93cs56 *ee, bool cs, bool sk, bool di,
		       bool pre)
{
	if (!cs) {
		ee->state = EE_IDLE;
		ee->dout = true;
	} else if (sk && !ee->sk) {
		rising_edge(ee, di);
	}
	ee->cs = cs;
	ee->sk = sk;
	ee->pre = pre;
}

bool eeprom93cs56_do(const struct eeprom93cs56 *ee)
{
	return ee->dout;
}

uint16_t eeprom93cs56_word(const struct eeprom93cs56 *ee, unsigned i)
{
	return i < EEPROM93CS56_WORDS ? ee->mem[i] : 0;
}

void eeprom93cs56_set_word(struct eeprom93cs56 *ee, unsigned i, uint16_t v)
{
	if (i < EEPROM93CS56_WORDS)
		ee->mem[i] = v;
}

void eeprom93cs56_load(struct eeprom93cs56 *ee, const uint8_t *img,
		       size_t len)
{
	for (unsigned i = 0; i < EEPROM93CS56_WORDS && 2 * i + 1 < len; i++)
		ee->mem[i] = (uint16_t)(img[2 * i] << 8 | img[2 * i + 1]);
}

void eeprom93cs56_save(const struct eeprom93cs56 *ee, uint8_t *img,
		       size_t len)
{
	memset(img, 0, len);
	for (unsigned i = 0; i < EEPROM93CS56_WORDS && 2 * i + 1 < len; i++) {
		img[2 * i] = ee->mem[i] >> 8;
		img[2 * i + 1] = ee->mem[i] & 0xff;
	}
}

void eeprom93cs56_reset(struct eeprom93cs56 *ee)
{
	ee->state = EE_IDLE;
	ee->cs = ee->sk = ee->pre = false;
	ee->dout = true;
	ee->write_enabled = false;
}

int eeprom93cs56_create(void (*changed)(void *opaque), void *opaque,
			struct eeprom93cs56 **out, struct err *e)
{
	struct eeprom93cs56 *ee = calloc(1, sizeof(*ee));

	if (!ee)
		return err_set(e, "93cs56: out of memory");
	ee->changed = changed;
	ee->opaque = opaque;
	eeprom93cs56_reset(ee);
	*out = ee;
	return 0;
}

void eeprom93cs56_destroy(struct eeprom93cs56 *ee)
{
	free(ee);
}
