/* What vmm/config*.c share (not for the rest of mipsvz: it uses
 * config.h). One table holds every setting (name, kind, place in struct
 * config, range, default, meaning); the loader, -s assignments,
 * --print-config, --help-config and config_defaults all walk it, so they
 * cannot disagree. */
#ifndef MIPSVZ_CONFIG_INT_H
#define MIPSVZ_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

enum cfg_kind {
	CK_STRING,	/* free text; "" = not set */
	CK_CHOICE,	/* one of ->choices, kept as a string */
	CK_ENUM,	/* one of ->choices, kept as its index (an int) */
	CK_FILE,	/* a file that must exist, kept as an absolute path */
	CK_PATH,	/* a file that may not exist yet (overlay, NVRAM) */
	CK_SIZE,	/* bytes: an integer or "256M" (K, M, G, T: powers of 2) */
	CK_HZ,		/* an integer or "100M" / "100MHz" (powers of 10) */
	CK_INT,
	CK_BOOL,
	CK_LIST,	/* array of strings */
	CK_DRIVES,	/* list of drive groups on one bus */
	CK_GROUP,	/* group of ->sub settings stored in struct config */
};

enum {
	CF_OPTIONAL = 1u << 0,	/* a choice that may be "" (not set) */
	CF_ZERO_DEFAULT = 1u << 1,	/* 0 is allowed: "use the default" */
	CF_CHARDEV = 1u << 2,	/* list of chardev specs: resolve file: */
};

struct cfg_setting {
	const char *name;
	enum cfg_kind kind;
	size_t off;		/* in struct config, or struct drive_config */
	int64_t min, max;	/* numbers: range; CK_LIST: capacity */
	unsigned flags;
	const char *const *choices;
	/* Extra check of a string value; fills why[] and returns -1. */
	int (*check)(const char *v, char *why, size_t n);
	const struct cfg_setting *sub;	/* CK_GROUP, CK_DRIVES */
	size_t count_off;	/* CK_LIST: its unsigned count, or NO_COUNT */
	const char *bus;	/* CK_DRIVES */
	const char *def;	/* the default, as -s would write it */
	const char *doc;
};

#define NO_COUNT ((size_t)-1)

/* config_table.c: the top-level settings and the members of a drive. */
extern const struct cfg_setting cfg_settings[];
extern const struct cfg_setting cfg_drive_settings[];
const struct cfg_setting *cfg_find_setting(const struct cfg_setting *t,
					   const char *name);

/* Where a value came from, for messages and relative paths. */
struct cfg_ctx {
	const char *file;	/* NULL: the command line */
	int line;
	const char *option;	/* "--kernel": named instead of the setting */
	const char *dir;	/* relative paths resolve here; NULL = cwd */
	char label[96];		/* "ide[0].image" */
};

/* A value: from the file (typed) or from the command line (text). */
struct cfg_val {
	enum { VAL_INT, VAL_STR, VAL_BOOL, VAL_OTHER } type;
	bool text;		/* command line: parse the string */
	long long i;
	const char *s;
	bool b;
	const char *what;	/* VAL_OTHER: "a float", "a group", ... */
};

/* config_syntax.c: values as text, no struct config. Parsers return -1
 * for bad syntax, -2 for overflow; checkers fill why[] and return -1. */
int cfg_parse_size(const char *s, uint64_t *out);
int cfg_parse_hz(const char *s, uint64_t *out);
int cfg_parse_bool(const char *s, bool *out);
int cfg_parse_int(const char *s, int64_t *out);
void cfg_fmt_size(uint64_t v, char *buf, size_t n);
int cfg_check_mac(const char *v, char *why, size_t n);
int cfg_check_hostfwd(const char *v, char *why, size_t n);
int cfg_check_chardev(const char *v, char *why, size_t n);
/* path made absolute against dir (NULL = the working folder). */
char *cfg_resolve(const char *dir, const char *path);
int cfg_check_file(const char *path, char *why, size_t n);

/* config_suggest.c: "did you mean" for a choice and a setting name. */
const char *cfg_suggest_choice(const char *word, const char *const *ch);
int cfg_unknown_setting(const char *file, int line, const char *name,
			const char *in, const struct cfg_setting *table,
			struct err *e);

/* config_set.c: one value into the struct at base, checked. */
/* "FILE:LINE: label: msg" or "label: msg". */
int cfg_fail(const struct cfg_ctx *x, struct err *e, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));
void *cfg_field(void *base, const struct cfg_setting *st);
void cfg_set_string(char **slot, const char *v);
const char *cfg_val_what(const struct cfg_val *v);
int cfg_wrong_type(const struct cfg_ctx *x, const struct cfg_setting *st,
		   const struct cfg_val *v, struct err *e);
/* One scalar (not a list, group or drive list). */
int cfg_set_scalar(const struct cfg_ctx *x, void *base,
		   const struct cfg_setting *st, const struct cfg_val *v,
		   struct err *e);
unsigned cfg_list_len(const void *base, const struct cfg_setting *st);
void cfg_list_clear(void *base, const struct cfg_setting *st);
int cfg_list_set(const struct cfg_ctx *x, void *base,
		 const struct cfg_setting *st, unsigned idx, const char *s,
		 struct err *e);

/* config.c: the drives of struct config, by bus (NULL = the board's
 * default bus). */
bool cfg_same_bus(const char *a, const char *b);
/* The idx-th drive on `bus`; idx == count with `create` appends one. */
struct drive_config *cfg_drive_find(struct config *c, const char *bus,
				    unsigned idx, bool create,
				    unsigned *count);
void cfg_drive_free(struct drive_config *d);
void cfg_drives_clear(struct config *c, const char *bus);

#endif
