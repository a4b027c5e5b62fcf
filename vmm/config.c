/* struct config itself: defaults, the drive list, checks across
 * settings and freeing. The rest of the loader is in vmm/config_*.c. */
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- drives ---- */

bool cfg_same_bus(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int drive_defaults(struct drive_config *d, const char *bus);

/* The idx-th drive on `bus`; idx == count with `create` appends one. */
struct drive_config *cfg_drive_find(struct config *c, const char *bus,
				    unsigned idx, bool create,
				    unsigned *count)
{
	unsigned seen = 0;

	for (unsigned i = 0; i < c->ndrives; i++) {
		if (!cfg_same_bus(c->drives[i].bus, bus))
			continue;
		if (seen++ == idx)
			return &c->drives[i];
	}
	*count = seen;
	if (!create || idx != seen || c->ndrives == CONFIG_MAX_DRIVES)
		return NULL;
	if (drive_defaults(&c->drives[c->ndrives], bus) < 0)
		return NULL;
	return &c->drives[c->ndrives++];
}

void cfg_drive_free(struct drive_config *d)
{
	free(d->bus);
	free(d->type);
	free(d->image);
	free(d->format);
	free(d->overlay);
	memset(d, 0, sizeof(*d));
}

void cfg_drives_clear(struct config *c, const char *bus)
{
	unsigned out = 0;

	for (unsigned i = 0; i < c->ndrives; i++) {
		if (cfg_same_bus(c->drives[i].bus, bus))
			cfg_drive_free(&c->drives[i]);
		else
			c->drives[out++] = c->drives[i];
	}
	for (unsigned i = out; i < c->ndrives; i++)
		memset(&c->drives[i], 0, sizeof(c->drives[i]));
	c->ndrives = out;
}

/* ---- defaults: the table's def strings, through the same setters ---- */

static void apply_defaults(void *base, const struct cfg_setting *t)
{
	struct cfg_ctx x = { .label = "default" };
	struct err e;

	for (; t->name; t++) {
		struct cfg_val v = { .type = VAL_STR, .text = true,
				     .s = t->def };

		if (t->kind == CK_GROUP) {
			apply_defaults(base, t->sub);
		} else if (t->kind == CK_LIST) {
			cfg_list_clear(base, t);
			if (*t->def)
				cfg_list_set(&x, base, t, 0, t->def, &e);
		} else if (t->kind != CK_DRIVES) {
			cfg_set_scalar(&x, base, t, &v, &e);
		}
	}
}

static int drive_defaults(struct drive_config *d, const char *bus)
{
	memset(d, 0, sizeof(*d));
	apply_defaults(d, cfg_drive_settings);
	if (bus && !(d->bus = strdup(bus)))
		return -1;
	return 0;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	apply_defaults(c, cfg_settings);
}

static void free_table(void *base, const struct cfg_setting *t)
{
	for (; t->name; t++) {
		if (t->kind == CK_GROUP)
			free_table(base, t->sub);
		else if (t->kind == CK_LIST)
			cfg_list_clear(base, t);
		else if (t->kind == CK_STRING || t->kind == CK_CHOICE ||
			 t->kind == CK_FILE || t->kind == CK_PATH)
			cfg_set_string(cfg_field(base, t), NULL);
	}
}

void config_free(struct config *c)
{
	free_table(c, cfg_settings);
	for (unsigned i = 0; i < c->ndrives; i++)
		cfg_drive_free(&c->drives[i]);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* ---- checks across settings ---- */

static const char *drive_label(const struct config *c, unsigned i, char *buf,
			       size_t n)
{
	unsigned idx = 0;

	for (unsigned j = 0; j < i; j++)
		idx += cfg_same_bus(c->drives[j].bus, c->drives[i].bus);
	snprintf(buf, n, "%s[%u]",
		 c->drives[i].bus ? c->drives[i].bus : "drive", idx);
	return buf;
}

static int drive_fail(const struct config *c, unsigned i, struct err *e,
		      const char *msg, const char *more)
{
	char label[48];

	drive_label(c, i, label, sizeof(label));
	if (c->drives[i].line && c->path)
		return err_set(e, "%s:%d: %s: %s%s", c->path,
			       c->drives[i].line, label, msg, more);
	return err_set(e, "%s: %s%s", label, msg, more);
}

static int setting_index(const char *name)
{
	for (int i = 0; cfg_settings[i].name; i++)
		if (!strcmp(cfg_settings[i].name, name))
			return i;
	return -1;
}

const char *config_where(const struct config *c, const char *setting,
			 char *buf, size_t len)
{
	int i = setting_index(setting);

	if (i < 0 || !c->path || !c->lines[i])
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%s:%d: ", c->path, c->lines[i]);
	return buf;
}

int config_check(const struct config *c, struct err *e)
{
	char where[300], other[64];

	for (unsigned i = 0; i < c->ndrives; i++) {
		const struct drive_config *d = &c->drives[i];

		if (!d->image && strcmp(d->type, "cdrom"))
			return drive_fail(c, i, e, "a disk needs an image", "");
		for (unsigned j = 0; j < i && d->id >= 0 && d->bus; j++) {
			if (!cfg_same_bus(c->drives[j].bus, d->bus) ||
			    c->drives[j].id != d->id)
				continue;
			drive_label(c, j, other, sizeof(other));
			snprintf(where, sizeof(where), "%d is taken by %s",
				 d->id, other);
			return drive_fail(c, i, e, "id ", where);
		}
	}
	if (c->firmware && !strcmp(c->firmware, "rom") && !c->rom)
		return err_set(e, "%sfirmware = \"rom\" needs a ROM image "
			       "(rom = \"FILE\")",
			       config_where(c, "firmware", where,
					    sizeof(where)));
	if (c->nhostfwd && c->net && strcmp(c->net, "slirp"))
		return err_set(e, "%snet.hostfwd needs net.mode = \"slirp\"",
			       config_where(c, "net", where, sizeof(where)));
	return 0;
}
