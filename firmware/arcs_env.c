/* ARCS environment variables and the IP22 NVRAM layout behind them.
 *
 * Facts (SGI-FACTS 2 b.3 and 4.6.1; docs/hw/arcs.md has the sources):
 * the PROM keeps 256 bytes of environment in NVRAM (Indy: DS1386 battery
 * RAM read at 0x1fbe0100 + 4*i; Indigo2: the 93CS56 EEPROM). Byte 0 is
 * a checksum, byte 1 the layout revision (bits 5:0 = 8 on IP22/IP24),
 * then fixed-size fields at fixed offsets; eaddr is the last 6 bytes
 * (Linux reads it there: ip22-platform.c EADDR_NVOFS 250). The checksum
 * starts at 0xa5, XORs every byte but byte 0 in as a signed char and
 * rotates the result left by one after every odd offset (the MiSTer
 * core's tools/prom/nvram.py, from the PROM's own routine). A bad
 * checksum or revision makes the PROM print "NVRAM checksum is
 * incorrect: reinitializing." and start from the defaults. */
#include "arcs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmm/log.h"
#include "vmm/machine.h"

#define NV_REVISION 8

enum nv_kind {
	NV_STR,		/* up to len characters, NUL-padded */
	NV_YESNO,	/* one byte 'Y'/'N', shown as "Yes"/"No" */
	NV_IP4,		/* 4 raw bytes, shown dotted */
	NV_MAC,		/* 6 raw bytes, shown xx:xx:xx:xx:xx:xx */
	NV_RBAUD,	/* one byte, baud / 1200 */
};

struct nv_field {
	const char *name;
	uint8_t off, len;
	enum nv_kind kind;
	const char *def;
	bool protect;	/* "setenv -f" only (eaddr) */
};

/* Offsets of the IP22 layout revision 8 (IP22nvram.h, as the QEMU SGI
 * port and the MiSTer core use them; SGI-FACTS 2 b.3). Defaults follow
 * the real PROM and GXemul's table, except console=d: these machines
 * have no graphics yet, and Linux needs `console` defined (SGI-FACTS
 * 5.2: ConsoleOut=serial with console unset dereferences NULL). */
static const struct nv_field nv_fields[] = {
	{ "console", 2, 2, NV_STR, "d", false },
	{ "SystemPartition", 4, 48, NV_STR,
	  "scsi(0)disk(1)rdisk(0)partition(8)", false },
	{ "OSLoader", 52, 18, NV_STR, "sash", false },
	{ "OSLoadFilename", 70, 28, NV_STR, "/unix", false },
	{ "OSLoadOptions", 98, 12, NV_STR, "", false },
	{ "pgcolor", 110, 6, NV_STR, "", false },
	{ "dbaud", 116, 5, NV_STR, "9600", false },
	{ "diskless", 121, 1, NV_STR, "0", false },
	{ "TimeZone", 122, 8, NV_STR, "PST8PDT", false },
	{ "OSLoadPartition", 130, 48, NV_STR,
	  "scsi(0)disk(1)rdisk(0)partition(0)", false },
	{ "AutoLoad", 178, 1, NV_YESNO, "Yes", false },
	{ "diagmode", 179, 2, NV_STR, "", false },
	{ "netaddr", 181, 4, NV_IP4, "10.0.2.15", false },
	{ "nogfxkbd", 185, 1, NV_STR, "1", false },
	{ "keybd", 186, 5, NV_STR, "", false },
	{ "volume", 232, 3, NV_STR, "80", false },
	{ "scsihostid", 235, 1, NV_STR, "0", false },
	{ "sgilogo", 236, 1, NV_STR, "y", false },
	{ "nogui", 237, 1, NV_STR, "", false },
	{ "rbaud", 238, 1, NV_RBAUD, "", false },
	{ "autopower", 239, 1, NV_STR, "y", false },
	{ "monitor", 240, 1, NV_STR, "", false },
	{ "rebound", 241, 1, NV_STR, "", false },
	{ "eaddr", 250, 6, NV_MAC, NULL, true },
};
#define NV_NFIELDS (sizeof(nv_fields) / sizeof(nv_fields[0]))

/* Variables the PROM computes and does not let anyone set. */
static bool env_derived(const char *name)
{
	return !strcmp(name, "ConsoleIn") || !strcmp(name, "ConsoleOut") ||
	       !strcmp(name, "cpufreq") || !strcmp(name, "gfx");
}

uint8_t arcs_nvram_checksum(const uint8_t *nv)
{
	uint8_t s = 0xa5;

	for (unsigned i = 0; i < ARCS_NVRAM_SIZE; i++) {
		if (i)
			s ^= nv[i];
		if (i & 1)
			s = (uint8_t)(s << 1 | s >> 7);
	}
	return s;
}

bool arcs_nvram_valid(const uint8_t *nv)
{
	return (nv[1] & 0x3f) == NV_REVISION &&
	       nv[0] == arcs_nvram_checksum(nv);
}

int arcs_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char end;

	if (!s || sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
			 &v[4], &v[5], &end) != 6)
		return -1;
	for (unsigned i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static int parse_ip4(const char *s, uint8_t ip[4])
{
	unsigned v[4];
	char end;

	if (sscanf(s, "%u.%u.%u.%u%c", &v[0], &v[1], &v[2], &v[3], &end) != 4)
		return -1;
	for (unsigned i = 0; i < 4; i++) {
		if (v[i] > 255)
			return -1;
		ip[i] = (uint8_t)v[i];
	}
	return 0;
}

/* Encode a value into its field; ARCS_E* on a value that cannot be. */
static int nv_encode(uint8_t *nv, const struct nv_field *f, const char *v)
{
	uint8_t *p = nv + f->off;
	size_t n = strlen(v);

	switch (f->kind) {
	case NV_STR:
		if (n > f->len)
			return ARCS_ENOSPC;
		memset(p, 0, f->len);
		memcpy(p, v, n);
		return 0;
	case NV_YESNO:
		*p = !n ? 0 : (v[0] == 'y' || v[0] == 'Y') ? 'Y' : 'N';
		return 0;
	case NV_IP4:
		if (!n) {
			memset(p, 0, 4);
			return 0;
		}
		return parse_ip4(v, p) < 0 ? ARCS_EINVAL : 0;
	case NV_MAC:
		if (!n) {
			memset(p, 0, 6);
			return 0;
		}
		return arcs_parse_mac(v, p) < 0 ? ARCS_EINVAL : 0;
	case NV_RBAUD: {
		unsigned long b = n ? strtoul(v, NULL, 10) : 0;

		if (b % 1200 || b / 1200 > 255)
			return ARCS_EINVAL;
		*p = (uint8_t)(b / 1200);
		return 0;
	}
	}
	return ARCS_EINVAL;
}

static void nv_decode(const uint8_t *nv, const struct nv_field *f,
		      char *out, size_t max)
{
	const uint8_t *p = nv + f->off;

	out[0] = 0;
	switch (f->kind) {
	case NV_STR: {
		size_t n = 0;

		while (n < f->len && n < max - 1 && p[n] >= 0x20 &&
		       p[n] < 0x7f) {
			out[n] = (char)p[n];
			n++;
		}
		out[n] = 0;
		break;
	}
	case NV_YESNO:
		if (*p)
			snprintf(out, max, "%s", *p == 'Y' ? "Yes" : "No");
		break;
	case NV_IP4:
		if (p[0] | p[1] | p[2] | p[3])
			snprintf(out, max, "%u.%u.%u.%u", p[0], p[1], p[2],
				 p[3]);
		break;
	case NV_MAC:
		if (p[0] | p[1] | p[2] | p[3] | p[4] | p[5])
			snprintf(out, max, "%02x:%02x:%02x:%02x:%02x:%02x",
				 p[0], p[1], p[2], p[3], p[4], p[5]);
		break;
	case NV_RBAUD:
		if (*p)
			snprintf(out, max, "%u", *p * 1200u);
		break;
	}
}

void arcs_nvram_defaults(uint8_t *nv, const uint8_t eaddr[6])
{
	memset(nv, 0, ARCS_NVRAM_SIZE);
	nv[1] = NV_REVISION;
	for (unsigned i = 0; i < NV_NFIELDS; i++)
		if (nv_fields[i].def)
			nv_encode(nv, &nv_fields[i], nv_fields[i].def);
	memcpy(nv + 250, eaddr, 6);
	nv[0] = arcs_nvram_checksum(nv);
}

/* --- the variable list ---------------------------------------------------- */

static struct arcs_env_var *env_find(struct arcs *a, const char *name)
{
	for (unsigned i = 0; i < ARCS_ENV_MAX; i++)
		if (a->env[i].used && !strcmp(a->env[i].name, name))
			return &a->env[i];
	return NULL;
}

static const struct nv_field *nv_find(const char *name)
{
	for (unsigned i = 0; i < NV_NFIELDS; i++)
		if (!strcmp(nv_fields[i].name, name))
			return &nv_fields[i];
	return NULL;
}

/* Keep the value GetEnvironmentVariable hands out in step: each slot
 * has a fixed place in the PROM, so an earlier pointer stays valid. */
static void env_publish(struct arcs *a, struct arcs_env_var *v)
{
	uint32_t off = ARCS_PROM_ENVVAL + ARCS_ENV_VALUE_MAX *
		       (uint32_t)(v - a->env);

	memset(a->prom + off, 0, ARCS_ENV_VALUE_MAX);
	memcpy(a->prom + off, v->value, strlen(v->value));
	arcs_prom_written(a, off, ARCS_ENV_VALUE_MAX);
}

static int env_store(struct arcs *a, const char *name, const char *value)
{
	struct arcs_env_var *v = env_find(a, name);

	if (!v) {
		for (unsigned i = 0; i < ARCS_ENV_MAX && !v; i++)
			if (!a->env[i].used)
				v = &a->env[i];
		if (!v)
			return ARCS_ENOSPC;
		v->used = true;
		snprintf(v->name, sizeof(v->name), "%s", name);
	}
	snprintf(v->value, sizeof(v->value), "%s", value);
	env_publish(a, v);
	return 0;
}

static void env_set_derived(struct arcs *a)
{
	const char *con = arcs_env_get(a, "console");
	char buf[32];
	bool serial = !con || con[0] != 'g' || !a->p.has_graphics;
	unsigned port = con && con[0] == 'd' && con[1] == '2' ? 1 : 0;

	/* ConsoleIn/Out are synthesized from `console` (IP22nvram.h) */
	snprintf(buf, sizeof(buf), "serial(%u)", port);
	env_store(a, "ConsoleIn", serial ? buf : "keyboard()");
	env_store(a, "ConsoleOut", serial ? buf : "video()");
	snprintf(buf, sizeof(buf), "%u", (unsigned)(a->p.cpu_hz / 1000000));
	env_store(a, "cpufreq", buf);
	env_store(a, "gfx", a->p.has_graphics ? "alive" : "dead");
}

static void nvram_write_through(struct arcs *a)
{
	if (!a->nvram_backed)
		return;
	for (unsigned i = 0; i < ARCS_NVRAM_SIZE; i++)
		if (a->p.nvram_read(a->p.opaque, i) != a->nvram[i])
			a->p.nvram_write(a->p.opaque, i, a->nvram[i]);
	if (a->p.nvram_flush)
		a->p.nvram_flush(a->p.opaque);
}

static void default_mac(struct arcs *a, uint8_t mac[6])
{
	const struct config *cfg = a->m ? a->m->cfg : NULL;
	const char *seed = cfg && cfg->nvram ? cfg->nvram :
			   cfg && cfg->path ? cfg->path : "mipsvz";
	uint32_t h = 2166136261u;

	/* SGI's OUI 08:00:69; the rest stable per appliance (FNV-1a) */
	for (const char *s = seed; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	mac[0] = 0x08;
	mac[1] = 0x00;
	mac[2] = 0x69;
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

void arcs_env_init(struct arcs *a)
{
	uint8_t mac[6], cfgmac[6];
	bool have_cfgmac = a->p.macaddr &&
			   arcs_parse_mac(a->p.macaddr, cfgmac) == 0;
	char val[ARCS_ENV_VALUE_MAX];

	memset(a->env, 0, sizeof(a->env));
	a->nvram_backed = a->p.nvram_read && a->p.nvram_write &&
			  a->p.nvram_size >= ARCS_NVRAM_SIZE;
	if (a->nvram_backed)
		for (unsigned i = 0; i < ARCS_NVRAM_SIZE; i++)
			a->nvram[i] = a->p.nvram_read(a->p.opaque, i);
	if (have_cfgmac)
		memcpy(mac, cfgmac, 6);
	else if (a->nvram_backed && arcs_nvram_valid(a->nvram) &&
		 (a->nvram[250] | a->nvram[251] | a->nvram[252]))
		memcpy(mac, a->nvram + 250, 6);
	else
		default_mac(a, mac);
	if (!a->nvram_backed || !arcs_nvram_valid(a->nvram)) {
		if (a->nvram_backed) {
			log_msg("arcs: NVRAM checksum is incorrect: "
				"reinitializing the environment to defaults "
				"(eaddr %02x:%02x:%02x:%02x:%02x:%02x)",
				mac[0], mac[1], mac[2], mac[3], mac[4],
				mac[5]);
			a->nvram_reinit = true;
		}
		arcs_nvram_defaults(a->nvram, mac);
		nvram_write_through(a);
	} else if (memcmp(a->nvram + 250, mac, 6)) {
		/* the config's macaddr wins over what the NVRAM holds */
		memcpy(a->nvram + 250, mac, 6);
		a->nvram[0] = arcs_nvram_checksum(a->nvram);
		nvram_write_through(a);
	}
	for (unsigned i = 0; i < NV_NFIELDS; i++) {
		nv_decode(a->nvram, &nv_fields[i], val, sizeof(val));
		if (val[0])
			env_store(a, nv_fields[i].name, val);
	}
	env_set_derived(a);
}

const char *arcs_env_get(struct arcs *a, const char *name)
{
	struct arcs_env_var *v = env_find(a, name);

	return v && v->value[0] ? v->value : NULL;
}

int arcs_env_set(struct arcs *a, const char *name, const char *value,
		 bool force)
{
	const struct nv_field *f = nv_find(name);
	struct arcs_env_var *v;
	char val[ARCS_ENV_VALUE_MAX];
	int r;

	if (!name[0] || strchr(name, '=') ||
	    strlen(name) >= ARCS_ENV_NAME_MAX ||
	    strlen(value) >= ARCS_ENV_VALUE_MAX)
		return ARCS_EINVAL;
	if (env_derived(name))
		return ARCS_EACCES;
	if (f) {
		uint8_t nv[ARCS_NVRAM_SIZE];

		if (f->protect && !force)
			return ARCS_EACCES;
		memcpy(nv, a->nvram, sizeof(nv));
		r = nv_encode(nv, f, value);
		if (r)
			return r;
		nv[0] = arcs_nvram_checksum(nv);
		memcpy(a->nvram, nv, sizeof(nv));
		nvram_write_through(a);
		nv_decode(a->nvram, f, val, sizeof(val));
		value = val;
	}
	if (!value[0]) {
		v = env_find(a, name);
		if (v) {
			v->value[0] = 0;
			env_publish(a, v);
		}
	} else if ((r = env_store(a, name, value))) {
		return r;
	}
	if (!strcmp(name, "console"))
		env_set_derived(a);
	return 0;
}

unsigned arcs_env_strings(struct arcs *a, char (*out)[ARCS_ENV_NAME_MAX +
				ARCS_ENV_VALUE_MAX + 2], unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ARCS_ENV_MAX && n < max; i++)
		if (a->env[i].used && a->env[i].value[0])
			snprintf(out[n++], sizeof(out[0]), "%s=%s",
				 a->env[i].name, a->env[i].value);
	return n;
}

void arcs_env_print(struct arcs *a, const char *only)
{
	for (unsigned i = 0; i < ARCS_ENV_MAX; i++) {
		const struct arcs_env_var *v = &a->env[i];

		if (!v->used || !v->value[0] || (only && strcmp(only, v->name)))
			continue;
		arcs_printf(a, "%s=%s\n", v->name, v->value);
	}
}

uint32_t arcs_env_call(struct arcs *a, unsigned call, const uint32_t *arg)
{
	char name[ARCS_ENV_NAME_MAX], value[ARCS_ENV_VALUE_MAX];
	struct arcs_env_var *v;
	int r;

	r = arcs_read_string(a, arg[0], name, sizeof(name));
	if (call == ARCS_GET_ENV) {
		/* a name we cannot read or do not know: NULL */
		if (r < 0)
			return 0;
		v = env_find(a, name);
		if (!v || !v->value[0])
			return 0;
		return arcs_prom_va(a, ARCS_PROM_ENVVAL +
				    ARCS_ENV_VALUE_MAX * (uint32_t)(v - a->env));
	}
	if (r < 0)
		return (uint32_t)-r;
	r = arcs_read_string(a, arg[1], value, sizeof(value));
	if (r < 0)
		return (uint32_t)(r == -ARCS_ENAMETOOLONG ? ARCS_E2BIG : -r);
	return (uint32_t)arcs_env_set(a, name, value, false);
}
