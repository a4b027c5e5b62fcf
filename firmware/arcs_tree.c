/* The ARCS component tree: what the configured machine has, as the SGI
 * PROM reports it, and the calls that walk it (GetPeer, GetChild,
 * GetParent, GetConfigurationData, GetComponent) plus the PROM's "hinv".
 *
 * Facts: SGI's class/type numbering differs from ARC's (memory is class
 * 3, MemoryUnit type 8; NetBSD sys/dev/arcbios/arcbios.h, SGI-FACTS 3
 * c.3); the 32-bit component record (SGI-FACTS 5.2 step 3); the root's
 * identifier must be "SGI-IP22" for Linux (same); the cache key is
 * refill<<24 | log2(line)<<16 | log2(size/4 KB) (NetBSD's
 * COMPONENT_KEY_Cache_*, GXemul's arcbios.c). */
#include "arcs_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vmm/machine.h"

enum { CLASS_SYSTEM, CLASS_PROCESSOR, CLASS_CACHE, CLASS_MEMORY,
       CLASS_ADAPTER, CLASS_CONTROLLER, CLASS_PERIPHERAL };
enum { TYPE_ARC = 0, TYPE_CPU = 1, TYPE_FPU = 2, TYPE_PICACHE = 3,
       TYPE_PDCACHE = 4, TYPE_SCACHE = 7, TYPE_MEMORY = 8,
       TYPE_SCSI_ADAPTER = 11, TYPE_DISK_CTL = 14, TYPE_CDROM_CTL = 16,
       TYPE_SERIAL_CTL = 18, TYPE_NET_CTL = 19, TYPE_DISPLAY_CTL = 20,
       TYPE_POINTER_CTL = 22, TYPE_KEYBOARD_CTL = 23, TYPE_AUDIO_CTL = 24,
       TYPE_DISK = 26, TYPE_POINTER = 32, TYPE_KEYBOARD = 33 };
enum { FLAG_READONLY = 2, FLAG_REMOVABLE = 4, FLAG_CONSOLE_IN = 8,
       FLAG_CONSOLE_OUT = 16, FLAG_INPUT = 32, FLAG_OUTPUT = 64 };

#define NODE_SIZE 0x40u
#define NODE_IDENT 0x24u	/* identifier string follows the record */

/* ARC path names for GetComponent ("scsi(0)disk(1)rdisk(0)"). */
static const char *arcs_type_path(uint32_t type)
{
	switch (type) {
	case TYPE_CPU: return "cpu";
	case TYPE_FPU: return "fpu";
	case TYPE_MEMORY: return "memory";
	case TYPE_SCSI_ADAPTER: return "scsi";
	case TYPE_DISK_CTL: return "disk";
	case TYPE_CDROM_CTL: return "cdrom";
	case TYPE_DISK: return "rdisk";
	case TYPE_SERIAL_CTL: return "serial";
	case TYPE_NET_CTL: return "network";
	case TYPE_DISPLAY_CTL: return "video";
	case TYPE_POINTER_CTL: case TYPE_POINTER: return "pointer";
	case TYPE_KEYBOARD_CTL: case TYPE_KEYBOARD: return "keyboard";
	case TYPE_AUDIO_CTL: return "audio";
	default: return "";
	}
}

static unsigned ilog2(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

static uint32_t cache_key(const struct cache_geom *g)
{
	return 1u << 24 | ilog2(g->line) << 16 |
	       (g->size >= 4096 ? ilog2(g->size / 4096) : 0);
}

static int add_node(struct arcs *a, int parent, uint32_t class,
		    uint32_t type, uint32_t flags, uint32_t key,
		    const char *ident)
{
	struct arcs_node *n;
	int i = (int)a->nnodes;

	if (a->nnodes >= ARCS_MAX_NODES)
		return -1;
	n = &a->node[a->nnodes++];
	memset(n, 0, sizeof(*n));
	n->class = class;
	n->type = type;
	n->flags = flags;
	n->version = 1;
	n->key = key;
	n->affinity = 0xffffffff;
	snprintf(n->ident, sizeof(n->ident), "%s", ident ? ident : "");
	n->parent = parent;
	n->child = n->peer = -1;
	if (parent >= 0) {
		int *link = &a->node[parent].child;

		while (*link >= 0)
			link = &a->node[*link].peer;
		*link = i;
	}
	return i;
}

static uint32_t node_va(const struct arcs *a, int i)
{
	return i < 0 ? 0 : arcs_prom_va(a, ARCS_PROM_TREE + NODE_SIZE * i);
}

static void write_node(struct arcs *a, int i)
{
	const struct arcs_node *n = &a->node[i];
	uint32_t off = ARCS_PROM_TREE + NODE_SIZE * i;
	size_t len = strlen(n->ident);

	if (len > NODE_SIZE - NODE_IDENT - 1)
		len = NODE_SIZE - NODE_IDENT - 1;
	memset(a->prom + off, 0, NODE_SIZE);
	arcs_prom_put32(a, off + 0x00, n->class);
	arcs_prom_put32(a, off + 0x04, n->type);
	arcs_prom_put32(a, off + 0x08, n->flags);
	arcs_prom_put16(a, off + 0x0c, n->version);
	arcs_prom_put16(a, off + 0x0e, n->revision);
	arcs_prom_put32(a, off + 0x10, n->key);
	arcs_prom_put32(a, off + 0x14, n->affinity);
	arcs_prom_put32(a, off + 0x18, 0);	/* no configuration data */
	/* Linux copies ilen bytes and compares with "SGI-IP22": the
	 * length counts the characters, the string is NUL-terminated */
	arcs_prom_put32(a, off + 0x1c, len ? (uint32_t)len : 0);
	arcs_prom_put32(a, off + 0x20, len ? arcs_prom_va(a, off + NODE_IDENT)
					   : 0);
	memcpy(a->prom + off + NODE_IDENT, n->ident, len);
}

void arcs_tree_build(struct arcs *a)
{
	const struct arcs_platform *p = &a->p;
	const struct cpu_model *cpu = p->cpu;
	const struct config *cfg = a->m ? a->m->cfg : NULL;
	char name[ARCS_IDENT_MAX];
	int root, c, scsi, n;

	a->nnodes = 0;
	root = add_node(a, -1, CLASS_SYSTEM, TYPE_ARC, 0, 0, p->system_id);
	snprintf(name, sizeof(name), "MIPS-%s", cpu->name);
	c = add_node(a, root, CLASS_PROCESSOR, TYPE_CPU, 0, 0, name);
	a->node[c].revision = (uint16_t)(cpu->prid & 0xff);
	if (cpu->fir) {
		snprintf(name, sizeof(name), "MIPS-%sFPC", cpu->name);
		add_node(a, c, CLASS_PROCESSOR, TYPE_FPU, 0, 0, name);
	}
	if (cpu->icache.size)
		add_node(a, c, CLASS_CACHE, TYPE_PICACHE, 0,
			 cache_key(&cpu->icache), NULL);
	if (cpu->dcache.size)
		add_node(a, c, CLASS_CACHE, TYPE_PDCACHE, 0,
			 cache_key(&cpu->dcache), NULL);
	if (cpu->scache.size)
		add_node(a, c, CLASS_CACHE, TYPE_SCACHE, 0,
			 cache_key(&cpu->scache), NULL);
	add_node(a, root, CLASS_MEMORY, TYPE_MEMORY, 0, 0, NULL);
	if (p->has_graphics)
		add_node(a, root, CLASS_CONTROLLER, TYPE_DISPLAY_CTL,
			 FLAG_CONSOLE_OUT | FLAG_OUTPUT, 0, "SGI-Newport");
	n = add_node(a, root, CLASS_CONTROLLER, TYPE_KEYBOARD_CTL,
		     FLAG_INPUT, 0, NULL);
	add_node(a, n, CLASS_PERIPHERAL, TYPE_KEYBOARD, FLAG_INPUT, 0, NULL);
	n = add_node(a, root, CLASS_CONTROLLER, TYPE_POINTER_CTL, FLAG_INPUT,
		     0, NULL);
	add_node(a, n, CLASS_PERIPHERAL, TYPE_POINTER, FLAG_INPUT, 0, NULL);
	for (unsigned i = 0; i < (p->nserial ? p->nserial : 2) && i < 4; i++)
		add_node(a, root, CLASS_CONTROLLER, TYPE_SERIAL_CTL,
			 FLAG_INPUT | FLAG_OUTPUT |
			 (i == 0 ? FLAG_CONSOLE_IN | FLAG_CONSOLE_OUT : 0),
			 i, NULL);
	add_node(a, root, CLASS_CONTROLLER, TYPE_NET_CTL,
		 FLAG_INPUT | FLAG_OUTPUT, 0, NULL);
	add_node(a, root, CLASS_CONTROLLER, TYPE_AUDIO_CTL, FLAG_OUTPUT, 0,
		 NULL);
	/* WD33C93 on HPC3 SCSI channel 0; its targets from the config (the
	 * SCSI issue fills in the device side) */
	scsi = add_node(a, root, CLASS_ADAPTER, TYPE_SCSI_ADAPTER, 0, 0,
			"WD33C93B");
	for (unsigned i = 0; cfg && i < cfg->ndrives; i++) {
		const struct drive_config *d = &cfg->drives[i];
		bool cd = d->type && !strcmp(d->type, "cdrom");
		int id = d->id >= 0 ? d->id : (int)i + 1;

		if (d->bus && strcmp(d->bus, "scsi"))
			continue;
		n = add_node(a, scsi, CLASS_CONTROLLER,
			     cd ? TYPE_CDROM_CTL : TYPE_DISK_CTL,
			     cd ? FLAG_READONLY | FLAG_REMOVABLE : 0,
			     (uint32_t)id, cd ? "SCSI CD-ROM" : "SCSI disk");
		add_node(a, n, CLASS_PERIPHERAL, TYPE_DISK,
			 FLAG_INPUT | FLAG_OUTPUT |
			 (cd ? FLAG_READONLY | FLAG_REMOVABLE : 0), 0, NULL);
	}
	memset(a->prom + ARCS_PROM_TREE, 0, ARCS_PROM_TREE_SIZE);
	for (unsigned i = 0; i < a->nnodes; i++)
		write_node(a, (int)i);
	arcs_prom_written(a, ARCS_PROM_TREE, ARCS_PROM_TREE_SIZE);
}

/* A guest component pointer back to its node, or -1. */
static int node_index(const struct arcs *a, uint32_t va)
{
	uint64_t pa, off;

	if (!arcs_va_to_pa(va, &pa) || pa < a->prom_pa + ARCS_PROM_TREE)
		return -1;
	off = pa - a->prom_pa - ARCS_PROM_TREE;
	if (off % NODE_SIZE || off / NODE_SIZE >= a->nnodes)
		return -1;
	return (int)(off / NODE_SIZE);
}

const struct arcs_node *arcs_tree_find(const struct arcs *a, uint32_t class,
				       uint32_t type, unsigned key)
{
	for (unsigned i = 0; i < a->nnodes; i++)
		if (a->node[i].class == class && a->node[i].type == type &&
		    a->node[i].key == key)
			return &a->node[i];
	return NULL;
}

/* GetComponent: follow "name(key)" tokens down from the root; the
 * deepest match is the answer (ARC spec: the closest component). */
static uint32_t arcs_get_component(struct arcs *a, uint32_t path_va)
{
	char path[ARCS_PATH_MAX];
	const char *s = path;
	int cur = 0;

	if (arcs_read_string(a, path_va, path, sizeof(path)) < 0)
		return 0;
	while (*s) {
		char name[16];
		size_t n = 0;
		unsigned key = 0;
		int found = -1;

		while (*s && *s != '(' && n < sizeof(name) - 1)
			name[n++] = *s++;
		name[n] = 0;
		if (*s != '(')
			break;
		s++;
		while (*s >= '0' && *s <= '9')
			key = key * 10 + (unsigned)(*s++ - '0');
		if (*s != ')')
			break;
		s++;
		for (int c = a->node[cur].child; c >= 0; c = a->node[c].peer)
			if (!strcmp(arcs_type_path(a->node[c].type), name) &&
			    a->node[c].key == key) {
				found = c;
				break;
			}
		if (found >= 0)
			cur = found;	/* "multi(0)" etc. are skipped */
	}
	return node_va(a, cur);
}

uint32_t arcs_tree_call(struct arcs *a, unsigned call, const uint32_t *arg)
{
	int i;

	switch (call) {
	case ARCS_GET_CHILD:
		/* GetChild(NULL) is the root (Linux prom_identify_arch) */
		if (!arg[0])
			return node_va(a, 0);
		i = node_index(a, arg[0]);
		return i < 0 ? 0 : node_va(a, a->node[i].child);
	case ARCS_GET_PEER:
		i = node_index(a, arg[0]);
		return i < 0 ? 0 : node_va(a, a->node[i].peer);
	case ARCS_GET_PARENT:
		i = node_index(a, arg[0]);
		return i < 0 ? 0 : node_va(a, a->node[i].parent);
	case ARCS_GET_CONFIG_DATA:
		/* (buffer, component): every node has 0 bytes of data */
		return node_index(a, arg[1]) < 0 ? ARCS_EINVAL : ARCS_ESUCCESS;
	case ARCS_GET_COMPONENT:
		return arcs_get_component(a, arg[0]);
	default:
		return ARCS_EINVAL;
	}
}

static uint32_t cache_size(uint32_t key)
{
	return 4096u << (key & 0xffff);
}

void arcs_tree_hinv(struct arcs *a)
{
	const struct arcs_platform *p = &a->p;
	const char *sys = strchr(p->system_id, '-');

	arcs_printf(a, "%25s: %s\n", "System", sys ? sys + 1 : p->system_id);
	arcs_printf(a, "%25s: %u Mhz %s, %s\n", "Processor",
		    (unsigned)(p->cpu_hz / 1000000), p->cpu->name,
		    p->cpu->fir ? "with FPU" : "no FPU");
	for (unsigned i = 0; i < a->nnodes; i++) {
		const struct arcs_node *c = &a->node[i];
		const char *what = c->type == TYPE_PICACHE ?
			"Primary I-cache size" : c->type == TYPE_PDCACHE ?
			"Primary D-cache size" : c->type == TYPE_SCACHE ?
			"Secondary cache size" : NULL;

		if (c->class == CLASS_CACHE && what)
			arcs_printf(a, "%25s: %u Kbytes\n", what,
				    cache_size(c->key) / 1024);
	}
	arcs_printf(a, "%25s: %" PRIu64 " Mbytes\n", "Memory size",
		    arcs_ram_total(p) >> 20);
	arcs_printf(a, "%25s: %s\n", "Graphics",
		    p->has_graphics ? "present" : "none (headless)");
	for (unsigned i = 0; i < a->nnodes; i++) {
		const struct arcs_node *c = &a->node[i];

		if (c->type == TYPE_DISK_CTL || c->type == TYPE_CDROM_CTL)
			arcs_printf(a, "%25s: scsi(0)%s(%" PRIu32 ")\n",
				    c->type == TYPE_DISK_CTL ? "SCSI Disk" :
				    "SCSI CDROM", arcs_type_path(c->type),
				    c->key);
	}
	arcs_printf(a, "%25s: %u on the Z85C30 (serial(0), serial(1))\n",
		    "Serial ports", p->nserial ? p->nserial : 2);
}
