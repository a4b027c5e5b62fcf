/* Setting one value: a scalar, or one entry of a list, checked against
 * its table row. The file loader, -s and the defaults all come here. */
#include "config_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cfg_fail(const struct cfg_ctx *x, struct err *e, const char *fmt,
	     ...)
{
	const char *who = x->option ? x->option : x->label;
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->file)
		return err_set(e, "%s:%d: %s: %s", x->file, x->line, who, msg);
	return err_set(e, "%s: %s", who, msg);
}

void *cfg_field(void *base, const struct cfg_setting *st)
{
	return (char *)base + st->off;
}

void cfg_set_string(char **slot, const char *v)
{
	free(*slot);
	*slot = v && *v ? strdup(v) : NULL;
}

static const char *expected(const struct cfg_setting *st, char *buf,
			    size_t n)
{
	size_t len = 0;

	switch (st->kind) {
	case CK_STRING:
		return "a string";
	case CK_CHOICE:
	case CK_ENUM:
		len = snprintf(buf, n, "one of");
		for (size_t i = 0; st->choices[i] && len < n; i++)
			len += snprintf(buf + len, n - len, "%s \"%s\"",
					i ? "," : "", st->choices[i]);
		return buf;
	case CK_FILE:
	case CK_PATH:
		return "a file name (a string)";
	case CK_SIZE:
		return "a size (\"256M\", \"1G\" or a number of bytes)";
	case CK_HZ:
		return "a frequency (100000000 or \"100M\")";
	case CK_INT:
		return "an integer";
	case CK_BOOL:
		return "true or false";
	case CK_LIST:
		return "an array of strings [ \"...\", ... ]";
	case CK_DRIVES:
		return "a list of groups ( { image = \"...\"; }, ... )";
	case CK_GROUP:
		return "a group { ... }";
	}
	return "?";
}

const char *cfg_val_what(const struct cfg_val *v)
{
	switch (v->type) {
	case VAL_INT:
		return "an integer";
	case VAL_STR:
		return "a string";
	case VAL_BOOL:
		return "a boolean";
	default:
		return v->what;
	}
}

int cfg_wrong_type(const struct cfg_ctx *x, const struct cfg_setting *st,
		   const struct cfg_val *v, struct err *e)
{
	char buf[128];

	return cfg_fail(x, e, "expected %s, not %s", expected(st, buf,
							       sizeof(buf)),
			cfg_val_what(v));
}

static void fmt_number(const struct cfg_setting *st, int64_t v, char *buf,
		       size_t n)
{
	if (st->kind == CK_SIZE)
		cfg_fmt_size(v, buf, n);
	else
		snprintf(buf, n, "%lld", (long long)v);
}

static int check_range(const struct cfg_ctx *x, const struct cfg_setting *st,
		       const char *written, int64_t v, struct err *e)
{
	const char *zero = st->flags & CF_ZERO_DEFAULT ? ", or 0" : "";
	char lo[32], hi[32];

	if (v == 0 && (st->flags & CF_ZERO_DEFAULT))
		return 0;
	if (v >= st->min && v <= st->max)
		return 0;
	fmt_number(st, st->min, lo, sizeof(lo));
	fmt_number(st, st->max, hi, sizeof(hi));
	/* "memory = 64" is 64 bytes; say so before the user wonders. */
	if (st->kind == CK_SIZE && v > 0 && v < st->min && v < 65536)
		return cfg_fail(x, e, "%s is out of range (%s..%s%s); a size "
				"without a unit is in bytes: did you mean "
				"\"%lldM\"?", written, lo, hi, zero,
				(long long)v);
	return cfg_fail(x, e, "%s is out of range (%s..%s%s)", written, lo, hi,
			zero);
}

static int set_number(const struct cfg_ctx *x, void *base,
		      const struct cfg_setting *st, const struct cfg_val *v,
		      struct err *e)
{
	char written[48], buf[128];
	int64_t sv = 0;
	uint64_t u = 0;
	int rc;

	if (v->type == VAL_INT) {
		snprintf(written, sizeof(written), "%lld", v->i);
		sv = v->i;
	} else if (v->type == VAL_STR && (v->text || st->kind != CK_INT)) {
		snprintf(written, sizeof(written), "\"%.40s\"", v->s);
		if (st->kind == CK_INT) {
			rc = cfg_parse_int(v->s, &sv);
		} else {
			rc = st->kind == CK_SIZE ? cfg_parse_size(v->s, &u)
						 : cfg_parse_hz(v->s, &u);
			if (!rc && u > INT64_MAX)
				rc = -2;
			sv = u;
		}
		if (rc == -1)
			return cfg_fail(x, e, "%s is not %s", written,
					expected(st, buf, sizeof(buf)));
		if (rc == -2)
			return cfg_fail(x, e, "%s is out of range", written);
	} else {
		return cfg_wrong_type(x, st, v, e);
	}
	if (check_range(x, st, written, sv, e) < 0)
		return -1;
	if (st->kind == CK_INT)
		*(int *)cfg_field(base, st) = (int)sv;
	else
		*(uint64_t *)cfg_field(base, st) = sv;
	return 0;
}

static int set_choice(const struct cfg_ctx *x, void *base,
		      const struct cfg_setting *st, const char *s,
		      struct err *e)
{
	const char *near;
	char buf[128];

	if (!*s && (st->flags & CF_OPTIONAL)) {
		cfg_set_string(cfg_field(base, st), NULL);
		return 0;
	}
	for (int i = 0; st->choices[i]; i++) {
		if (strcmp(s, st->choices[i]))
			continue;
		if (st->kind == CK_ENUM)
			*(int *)cfg_field(base, st) = i;
		else
			cfg_set_string(cfg_field(base, st), s);
		return 0;
	}
	near = cfg_suggest_choice(s, st->choices);
	if (near)
		return cfg_fail(x, e, "\"%s\" is not %s (did you mean "
				"\"%s\"?)", s, expected(st, buf, sizeof(buf)),
				near);
	return cfg_fail(x, e, "\"%s\" is not %s", s,
			expected(st, buf, sizeof(buf)));
}

static int set_path(const struct cfg_ctx *x, void *base,
		    const struct cfg_setting *st, const char *s,
		    struct err *e)
{
	char why[400];
	char *path;

	if (!*s) {
		cfg_set_string(cfg_field(base, st), NULL);
		return 0;
	}
	path = cfg_resolve(x->dir, s);
	if (!path)
		return cfg_fail(x, e, "out of memory");
	if (st->kind == CK_FILE && cfg_check_file(path, why, sizeof(why))) {
		free(path);
		return cfg_fail(x, e, "%s", why);
	}
	free(*(char **)cfg_field(base, st));
	*(char **)cfg_field(base, st) = path;
	return 0;
}

/* One scalar (not a list, group or drive list). */
int cfg_set_scalar(const struct cfg_ctx *x, void *base,
		   const struct cfg_setting *st, const struct cfg_val *v,
		   struct err *e)
{
	char why[400];
	bool b;

	switch (st->kind) {
	case CK_SIZE:
	case CK_HZ:
	case CK_INT:
		return set_number(x, base, st, v, e);
	case CK_BOOL:
		if (v->type == VAL_BOOL) {
			b = v->b;
		} else if (v->type == VAL_STR && v->text) {
			if (cfg_parse_bool(v->s, &b) < 0)
				return cfg_fail(x, e, "\"%s\" is not true or "
						"false", v->s);
		} else {
			return cfg_wrong_type(x, st, v, e);
		}
		*(bool *)cfg_field(base, st) = b;
		return 0;
	default:
		break;
	}
	if (v->type != VAL_STR)
		return cfg_wrong_type(x, st, v, e);
	switch (st->kind) {
	case CK_STRING:
		if (*v->s && st->check && st->check(v->s, why, sizeof(why)))
			return cfg_fail(x, e, "%s", why);
		cfg_set_string(cfg_field(base, st), v->s);
		return 0;
	case CK_CHOICE:
	case CK_ENUM:
		return set_choice(x, base, st, v->s, e);
	case CK_FILE:
	case CK_PATH:
		return set_path(x, base, st, v->s, e);
	default:
		return cfg_wrong_type(x, st, v, e);
	}
}

/* ---- lists ---- */

unsigned cfg_list_len(const void *base, const struct cfg_setting *st)
{
	char *const *items = (const void *)((const char *)base + st->off);
	unsigned n = 0;

	if (st->count_off != NO_COUNT)
		return *(const unsigned *)((const char *)base + st->count_off);
	for (unsigned i = 0; i < st->max; i++)
		if (items[i])
			n = i + 1;
	return n;
}

void cfg_list_clear(void *base, const struct cfg_setting *st)
{
	char **items = cfg_field(base, st);

	for (unsigned i = 0; i < st->max; i++) {
		free(items[i]);
		items[i] = NULL;
	}
	if (st->count_off != NO_COUNT)
		*(unsigned *)((char *)base + st->count_off) = 0;
}

int cfg_list_set(const struct cfg_ctx *x, void *base,
		 const struct cfg_setting *st, unsigned idx, const char *s,
		 struct err *e)
{
	char **items = cfg_field(base, st);
	unsigned n = cfg_list_len(base, st);
	char why[400];

	if (idx >= st->max)
		return cfg_fail(x, e, "at most %lld entries", (long long)st->max);
	if (st->count_off != NO_COUNT && idx > n)
		return cfg_fail(x, e, "index %u: the list has %u entries", idx,
				n);
	if (st->check && st->check(s, why, sizeof(why)))
		return cfg_fail(x, e, "%s", why);
	free(items[idx]);
	items[idx] = NULL;
	if ((st->flags & CF_CHARDEV) && !strncmp(s, "file:", 5)) {
		char *path = cfg_resolve(x->dir, s + 5);

		if (!path || asprintf(&items[idx], "file:%s", path) < 0)
			items[idx] = NULL;
		free(path);
	} else {
		items[idx] = strdup(s);
	}
	if (!items[idx])
		return cfg_fail(x, e, "out of memory");
	if (st->count_off != NO_COUNT && idx == n)
		(*(unsigned *)((char *)base + st->count_off))++;
	return 0;
}
