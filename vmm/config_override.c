/* Overrides from the command line: -s path.to.setting=value, the direct
 * options that map to a setting, and --disk/--cdrom. */
#include "config_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A name, then "[N]" or ".N" indexes and ".name" members. */
static size_t path_name(const char *p, char *out, size_t n)
{
	size_t len = 0;

	while (isalnum((unsigned char)p[len]) || p[len] == '_')
		len++;
	snprintf(out, n, "%.*s", (int)len, p);
	return len;
}

static int path_index(const char **pp, unsigned *idx)
{
	const char *p = *pp;
	char *end;
	unsigned long v;

	if (*p != '[' && *p != '.')
		return 0;
	if (!isdigit((unsigned char)p[1]))
		return 0;
	errno = 0;
	v = strtoul(p + 1, &end, 10);
	if (errno || v > 1000)
		return -1;
	if (*p == '[') {
		if (*end != ']')
			return -1;
		end++;
	}
	*idx = v;
	*pp = end;
	return 1;
}

/* Set member `p` ("image", "hostfwd[1]") of the drive idx on st->bus,
 * adding the drive when idx is the count; a drive added for a value
 * that fails is removed again. */
static int set_drive_value(struct config *c, struct cfg_ctx *x,
			   const struct cfg_setting *st, unsigned idx,
			   const char *member, const char *value,
			   struct err *e)
{
	struct cfg_val v = { .type = VAL_STR, .text = true, .s = value };
	const struct cfg_setting *sub;
	struct drive_config *d;
	unsigned count, before = c->ndrives;
	char parent[48];

	snprintf(parent, sizeof(parent), "%s[%u]", st->name, idx);
	sub = cfg_find_setting(cfg_drive_settings, member);
	if (!sub)
		return cfg_unknown_setting(NULL, 0, member, parent,
					   cfg_drive_settings, e);
	d = cfg_drive_find(c, st->bus, idx, true, &count);
	if (!d && idx > count)
		return err_set(e, "%s: there %s %u %s drive%s; index %u adds "
			       "one", parent, count == 1 ? "is" : "are", count,
			       st->name, count == 1 ? "" : "s", count);
	if (!d)
		return err_set(e, "%s: too many drives (at most %d)", parent,
			       CONFIG_MAX_DRIVES);
	snprintf(x->label, sizeof(x->label), "%.47s.%.47s", parent, member);
	if (cfg_set_scalar(x, d, sub, &v, e) == 0)
		return 0;
	if (c->ndrives != before) {
		cfg_drive_free(d);
		c->ndrives--;
	}
	return -1;
}

static int set_path_value(struct config *c, const char *option,
			  const char *path, const char *value, struct err *e)
{
	struct cfg_ctx x = { .option = option };
	struct cfg_val v = { .type = VAL_STR, .text = true, .s = value };
	const struct cfg_setting *st;
	const char *p = path;
	char name[64];
	unsigned idx = 0;
	int has_idx;

	p += path_name(p, name, sizeof(name));
	if (!*name)
		return err_set(e, "\"%s\": expected path.to.setting=value",
			       path);
	st = cfg_find_setting(cfg_settings, name);
	if (!st)
		return cfg_unknown_setting(NULL, 0, name, NULL, cfg_settings, e);
	c->lines[st - cfg_settings] = 0;
	snprintf(x.label, sizeof(x.label), "%s", name);
	if (st->kind == CK_DRIVES) {
		if (path_index(&p, &idx) != 1 || *p != '.')
			return err_set(e, "%s: write %s[N].setting=value", name,
				       name);
		p += 1 + path_name(p + 1, name, sizeof(name));
		if (*p)
			goto bad_path;
		return set_drive_value(c, &x, st, idx, name, value, e);
	}
	if (st->kind == CK_GROUP) {
		const struct cfg_setting *sub;

		if (*p != '.')
			return err_set(e, "%s: write %s.setting=value", name,
				       name);
		p += 1 + path_name(p + 1, name, sizeof(name));
		sub = cfg_find_setting(st->sub, name);
		if (!sub)
			return cfg_unknown_setting(NULL, 0, name, st->name,
						   st->sub, e);
		snprintf(x.label, sizeof(x.label), "%s.%s", st->name, name);
		st = sub;
	}
	if (st->kind == CK_LIST) {
		has_idx = path_index(&p, &idx);
		if (has_idx < 0 || *p)
			goto bad_path;
		if (!has_idx) {
			cfg_list_clear(c, st);
			return *value ? cfg_list_set(&x, c, st, 0, value, e) : 0;
		}
		snprintf(x.label + strlen(x.label),
			 sizeof(x.label) - strlen(x.label), "[%u]", idx);
		return cfg_list_set(&x, c, st, idx, value, e);
	}
	if (*p)
		goto bad_path;
	return cfg_set_scalar(&x, c, st, &v, e);
bad_path:
	return err_set(e, "cannot read the setting path \"%s\"", path);
}

int config_set_option(struct config *c, const char *option,
		      const char *assignment, struct err *e)
{
	const char *eq = strchr(assignment, '=');
	char path[128];

	if (!eq || eq == assignment || (size_t)(eq - assignment) >= sizeof(path))
		return err_set(e, "\"%s\": expected path.to.setting=value",
			       assignment);
	snprintf(path, sizeof(path), "%.*s", (int)(eq - assignment),
		 assignment);
	return set_path_value(c, option, path, eq + 1, e);
}

int config_set(struct config *c, const char *assignment, struct err *e)
{
	return config_set_option(c, NULL, assignment, e);
}

int config_add_drive(struct config *c, const char *option, const char *type,
		     const char *image, struct err *e)
{
	struct cfg_ctx x = { .option = option };
	struct cfg_val v = { .type = VAL_STR, .text = true };
	struct drive_config *d;
	unsigned count;

	snprintf(x.label, sizeof(x.label), "drive");
	d = cfg_drive_find(c, NULL, UINT_MAX, false, &count);
	d = cfg_drive_find(c, NULL, count, true, &count);
	if (!d)
		return cfg_fail(&x, e, "too many drives (at most %d)",
				CONFIG_MAX_DRIVES);
	v.s = type;
	if (cfg_set_scalar(&x, d, cfg_find_setting(cfg_drive_settings, "type"),
			   &v, e) ||
	    (v.s = image,
	     cfg_set_scalar(&x, d, cfg_find_setting(cfg_drive_settings,
						    "image"), &v, e))) {
		cfg_drive_free(d);
		c->ndrives--;
		return -1;
	}
	return 0;
}
