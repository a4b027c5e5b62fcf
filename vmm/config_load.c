/* Loading appliance.conf: libconfig parses, this file walks the tree
 * against the settings table.
 *
 * libconfig 1.5 accepts any key and keeps only the low 32 bits of an
 * integer written without an L suffix: unknown keys are rejected by
 * walking the tree, and integers are re-read from the source text. */
#include "config_int.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cfg_file {
	struct config *c;
	const char *path;	/* as the user wrote it, for messages */
	char *dir;		/* absolute folder of the file */
	char *text;		/* the source, to re-read integers */
};

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap = cap * 2 + 4096);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got);
	buf[len] = 0;
	fclose(f);
	return buf;
}

static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-' ||
	       ch == '*';
}

/* libconfig 1.5 stores an integer without an L suffix in 32 bits and
 * drops the high bits of a bigger one (5000000000 reads as 705032704).
 * Find `name =` on the setting's line, outside strings and comments,
 * and read the number as written: true, with the digits in num[], when
 * that is not what was stored. */
static bool int_truncated(const char *text, unsigned line, const char *name,
			  long long stored, char *num, size_t n)
{
	const char *p = text, *end;
	size_t nlen = strlen(name);

	for (unsigned l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return false;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	while (p < end) {
		const char *q = p + nlen, *digits;
		long long v;
		int base = 10;

		if (*p == '"') {	/* skip a string, escapes and all */
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			p++;
			continue;
		}
		if (*p == '#' || (p[0] == '/' && (p[1] == '/' || p[1] == '*')))
			break;
		if (strncmp(p, name, nlen) || (p > text && ident_char(p[-1])) ||
		    ident_char(*q)) {
			p++;
			continue;
		}
		p = q;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '=' && *q != ':')
			continue;
		q++;
		while (isspace((unsigned char)*q))
			q++;
		digits = q;
		if (*q == '-' || *q == '+')
			q++;
		if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
			base = 16;
			q += 2;
		}
		while (isxdigit((unsigned char)*q))
			q++;
		if (*q == 'L' || *q == 'l' || q == digits)
			continue;	/* 64-bit: libconfig kept it whole */
		snprintf(num, n, "%.*s", (int)(q - digits), digits);
		errno = 0;
		v = strtoll(num, NULL, base);
		if (errno || v != stored)
			return true;
	}
	return false;
}

/* A libconfig scalar as a cfg_val; integers checked for truncation. */
static int file_val(struct cfg_file *f, const struct cfg_ctx *x,
		    config_setting_t *s, struct cfg_val *v, struct err *e)
{
	char num[48], *text;
	bool cut;

	memset(v, 0, sizeof(*v));
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		v->type = VAL_INT;
		v->i = config_setting_get_int(s);
		if (!s->name)
			return 0;
		/* Settings from an @include carry its name; re-read it. */
		text = s->file ? read_text(s->file) : f->text;
		cut = text && int_truncated(text, s->line, s->name, v->i, num,
					    sizeof(num));
		if (text != f->text)
			free(text);
		if (cut)
			return cfg_fail(x, e, "%s is out of range for a "
					"libconfig integer without an L suffix "
					"(32 bits): write %sL, or a string with "
					"a unit", num, num);
		return 0;
	case CONFIG_TYPE_INT64:
		v->type = VAL_INT;
		v->i = config_setting_get_int64(s);
		return 0;
	case CONFIG_TYPE_STRING:
		v->type = VAL_STR;
		v->s = config_setting_get_string(s);
		return 0;
	case CONFIG_TYPE_BOOL:
		v->type = VAL_BOOL;
		v->b = config_setting_get_bool(s);
		return 0;
	case CONFIG_TYPE_FLOAT:
		v->what = "a float";
		break;
	case CONFIG_TYPE_GROUP:
		v->what = "a group";
		break;
	case CONFIG_TYPE_ARRAY:
		v->what = "an array";
		break;
	default:
		v->what = "a list";
		break;
	}
	v->type = VAL_OTHER;
	return 0;
}

static void ctx_at(struct cfg_ctx *x, struct cfg_file *f,
		   const config_setting_t *s)
{
	x->file = s->file ? s->file : f->path;
	x->line = s->line;
	x->dir = f->dir;
	x->option = NULL;
}

static int load_group(struct cfg_file *f, void *base,
		      const struct cfg_setting *table, config_setting_t *grp,
		      const char *prefix, struct err *e);

static int load_list(struct cfg_file *f, const struct cfg_ctx *x,
		     const struct cfg_setting *st, config_setting_t *s,
		     struct err *e)
{
	struct cfg_val v;
	struct cfg_ctx ex = *x;
	int n;

	cfg_list_clear(f->c, st);
	if (config_setting_type(s) == CONFIG_TYPE_STRING)
		return cfg_list_set(x, f->c, st, 0,
				    config_setting_get_string(s), e);
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		file_val(f, x, s, &v, e);
		return cfg_wrong_type(x, st, &v, e);
	}
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		config_setting_t *el = config_setting_get_elem(s, i);

		snprintf(ex.label, sizeof(ex.label), "%.80s[%d]", x->label, i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING) {
			file_val(f, &ex, el, &v, e);
			return cfg_fail(&ex, e, "expected a string, not %s",
					cfg_val_what(&v));
		}
		if (cfg_list_set(&ex, f->c, st, i,
				 config_setting_get_string(el), e) < 0)
			return -1;
	}
	return 0;
}

static int load_drives(struct cfg_file *f, const struct cfg_ctx *x,
		       const struct cfg_setting *st, config_setting_t *s,
		       struct err *e)
{
	struct cfg_val v;
	unsigned count;
	int n;

	if (config_setting_type(s) != CONFIG_TYPE_LIST) {
		file_val(f, x, s, &v, e);
		return cfg_wrong_type(x, st, &v, e);
	}
	cfg_drives_clear(f->c, st->bus);
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		config_setting_t *el = config_setting_get_elem(s, i);
		struct drive_config *d;
		char label[64];
		struct cfg_ctx ex;

		ctx_at(&ex, f, el);
		snprintf(label, sizeof(label), "%s[%d]", st->name, i);
		snprintf(ex.label, sizeof(ex.label), "%s", label);
		if (config_setting_type(el) != CONFIG_TYPE_GROUP)
			return cfg_fail(&ex, e, "expected a group { image = "
					"\"...\"; ... }");
		d = cfg_drive_find(f->c, st->bus, i, true, &count);
		if (!d)
			return cfg_fail(&ex, e, "too many drives (at most %d)",
					CONFIG_MAX_DRIVES);
		d->line = el->line;
		if (load_group(f, d, cfg_drive_settings, el, label, e) < 0)
			return -1;
	}
	return 0;
}

static int load_one(struct cfg_file *f, void *base,
		    const struct cfg_setting *st, config_setting_t *s,
		    const char *prefix, struct err *e)
{
	struct cfg_ctx x;
	struct cfg_val v;

	ctx_at(&x, f, s);
	snprintf(x.label, sizeof(x.label), "%s%s%s", prefix ? prefix : "",
		 prefix ? "." : "", st->name);
	switch (st->kind) {
	case CK_GROUP:
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			file_val(f, &x, s, &v, e);
			return cfg_wrong_type(&x, st, &v, e);
		}
		return load_group(f, base, st->sub, s, st->name, e);
	case CK_LIST:
		return load_list(f, &x, st, s, e);
	case CK_DRIVES:
		return load_drives(f, &x, st, s, e);
	default:
		if (file_val(f, &x, s, &v, e) < 0)
			return -1;
		return cfg_set_scalar(&x, base, st, &v, e);
	}
}

static int load_group(struct cfg_file *f, void *base,
		      const struct cfg_setting *table, config_setting_t *grp,
		      const char *prefix, struct err *e)
{
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(grp, i);
		const struct cfg_setting *st = cfg_find_setting(table, s->name);
		const char *file = s->file ? s->file : f->path;

		if (!st)
			return cfg_unknown_setting(file, s->line, s->name,
						   prefix, table, e);
		if (load_one(f, base, st, s, prefix, e) < 0)
			return -1;
		if (table == cfg_settings)
			f->c->lines[st - cfg_settings] = s->line;
	}
	return 0;
}

/* The absolute folder of path, for relative names inside the file. */
static char *dir_of(const char *path)
{
	char *copy = strdup(path), *slash, *abs;

	if (!copy)
		return NULL;
	slash = strrchr(copy, '/');
	if (slash == copy)
		slash[1] = 0;
	else if (slash)
		*slash = 0;
	else
		strcpy(copy, ".");
	abs = realpath(copy, NULL);
	if (abs) {
		free(copy);
		return abs;
	}
	return copy;
}

int config_load(struct config *c, const char *path, struct err *e)
{
	struct cfg_file f = { .c = c, .path = path };
	config_t lc;
	int rc = -1;

	f.text = read_text(path);
	if (!f.text)
		return err_set(e, "cannot read \"%s\": %s", path,
			       strerror(errno));
	f.dir = dir_of(path);
	if (!f.dir) {
		free(f.text);
		return err_set(e, "out of memory");
	}
	config_init(&lc);
	config_set_include_dir(&lc, f.dir);
	if (!config_read_string(&lc, f.text)) {
		rc = err_set(e, "%s:%d: %s",
			     config_error_file(&lc) ? config_error_file(&lc)
						    : path,
			     config_error_line(&lc), config_error_text(&lc));
		goto out;
	}
	free(c->path);
	c->path = strdup(path);
	rc = load_group(&f, c, cfg_settings, config_root_setting(&lc), NULL, e);
	if (rc == 0)
		rc = config_check(c, e);
out:
	config_destroy(&lc);
	free(f.text);
	free(f.dir);
	return rc;
}
