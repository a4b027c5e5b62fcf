/* appliance.conf: libconfig parses, this file checks. One table holds
 * every setting (name, kind, place in struct config, range, default,
 * meaning); the loader, -s assignments, --print-config, --help-config
 * and config_defaults all walk it, so they cannot disagree.
 *
 * libconfig 1.5 accepts any key and keeps only the low 32 bits of an
 * integer written without an L suffix: unknown keys are rejected by
 * walking the tree, and integers are re-read from the source text. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#define KIB 1024ll
#define MIB (1024ll * 1024)
#define GIB (1024ll * 1024 * 1024)

static int check_mac(const char *v, char *why, size_t n);
static int check_hostfwd(const char *v, char *why, size_t n);
static int check_chardev(const char *v, char *why, size_t n);

static const char *const accel_names[] = { "auto", "vz", "soft", NULL };
static const char *const firmware_names[] = { "hle", "rom", NULL };
static const char *const net_modes[] = { "slirp", "none", NULL };
static const char *const drive_types[] = { "disk", "cdrom", NULL };
static const char *const drive_formats[] = { "raw", "qcow2", "chd", "iso",
					     NULL };

#define C(f) offsetof(struct config, f)
#define D(f) offsetof(struct drive_config, f)

static const struct cfg_setting drive_settings[] = {
	{ "image", CK_FILE, D(image), .def = "",
	  .doc = "disk or CD-ROM image (a CD-ROM may be left empty)" },
	{ "type", CK_CHOICE, D(type), .choices = drive_types, .def = "disk",
	  .doc = "\"disk\" or \"cdrom\"" },
	{ "id", CK_INT, D(id), -1, 15, .def = "-1",
	  .doc = "SCSI target id or IDE unit; -1 = the next free one" },
	{ "format", CK_CHOICE, D(format), .flags = CF_OPTIONAL,
	  .choices = drive_formats, .def = "",
	  .doc = "\"raw\", \"qcow2\", \"chd\", \"iso\"; \"\" = from the file" },
	{ "overlay", CK_PATH, D(overlay), .def = "",
	  .doc = "copy-on-write file taking the writes; \"\" = none" },
	{ "readonly", CK_BOOL, D(readonly), .def = "false",
	  .doc = "the guest cannot write" },
	{ NULL }
};

static const struct cfg_setting net_settings[] = {
	{ "mode", CK_CHOICE, C(net), .choices = net_modes, .def = "slirp",
	  .doc = "\"slirp\" (user-mode NAT) or \"none\"" },
	{ "hostfwd", CK_LIST, C(hostfwd), 0, CONFIG_MAX_HOSTFWD,
	  .check = check_hostfwd, .count_off = C(nhostfwd), .def = "",
	  .doc = "host ports forwarded to the guest: \"tcp::2222-:22\"" },
	{ "mac", CK_STRING, C(macaddr), .check = check_mac, .def = "",
	  .doc = "the NIC's MAC address; \"\" = the board's default" },
	{ NULL }
};

static const struct cfg_setting settings[] = {
	{ "board", CK_STRING, C(board), .def = "",
	  .doc = "machine to build (mipsvz --list-boards)" },
	{ "cpu", CK_STRING, C(cpu), .def = "",
	  .doc = "CPU model (mipsvz --list-cpus); \"\" = the board's" },
	{ "memory", CK_SIZE, C(memory), MIB, 64 * GIB, CF_ZERO_DEFAULT,
	  .def = "0", .doc = "guest RAM; 0 = the board's default" },
	{ "cpu_hz", CK_HZ, C(cpu_hz), 1000000, 10000000000ll,
	  CF_ZERO_DEFAULT, .def = "0",
	  .doc = "CPU pipeline clock; 0 = the CPU model's" },
	{ "kernel", CK_FILE, C(kernel), .def = "",
	  .doc = "kernel (ELF) the firmware boots" },
	{ "initrd", CK_FILE, C(initrd), .def = "",
	  .doc = "initial ramdisk loaded beside the kernel" },
	{ "append", CK_STRING, C(append), .def = "",
	  .doc = "kernel command line" },
	{ "firmware", CK_CHOICE, C(firmware), .choices = firmware_names,
	  .def = "hle", .doc = "\"hle\" (built in) or \"rom\" (run `rom`)" },
	{ "rom", CK_FILE, C(rom), .def = "",
	  .doc = "PROM image for firmware = \"rom\"" },
	{ "nvram", CK_PATH, C(nvram), .def = "",
	  .doc = "file keeping NVRAM across runs; \"\" = not kept" },
	{ "serial", CK_LIST, C(serial), 0, CONFIG_MAX_SERIAL, CF_CHARDEV,
	  .check = check_chardev, .count_off = NO_COUNT, .def = "stdio",
	  .doc = "serial ports 0, 1, ...: stdio, file:PATH, tcp:HOST:PORT, "
		 "pty, none" },
	{ "accel", CK_ENUM, C(accel), .choices = accel_names, .def = "auto",
	  .doc = "\"auto\", \"vz\" (KVM on a MIPS host) or \"soft\"" },
	{ "deterministic", CK_BOOL, C(deterministic), .def = "false",
	  .doc = "guest time counts instructions (replayable runs)" },
	{ "no_reboot", CK_BOOL, C(no_reboot), .def = "false",
	  .doc = "exit (status 0) when the guest resets" },
	{ "ide", CK_DRIVES, .bus = "ide", .sub = drive_settings,
	  .doc = "IDE drives: ( { image = \"...\"; }, ... )" },
	{ "scsi", CK_DRIVES, .bus = "scsi", .sub = drive_settings,
	  .doc = "SCSI drives: ( { id = 1; image = \"...\"; }, ... )" },
	{ "drive", CK_DRIVES, .bus = NULL, .sub = drive_settings,
	  .doc = "drives on the board's default bus (--disk, --cdrom)" },
	{ "net", CK_GROUP, .sub = net_settings,
	  .doc = "network: { mode = ...; hostfwd = [...]; mac = ...; }" },
	{ NULL }
};

_Static_assert(sizeof(settings) / sizeof(settings[0]) <= CONFIG_MAX_SETTINGS,
	       "struct config.lines is too small");

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

/* "FILE:LINE: label: msg" or "label: msg". */
static int cfg_fail(const struct cfg_ctx *x, struct err *e, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static int cfg_fail(const struct cfg_ctx *x, struct err *e, const char *fmt,
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

static void *field(void *base, const struct cfg_setting *st)
{
	return (char *)base + st->off;
}

/* ---- "did you mean" ---- */

/* Optimal string alignment distance (a transposition costs one, so
 * "memroy" is one edit from "memory"), ignoring case. */
static unsigned cfg_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned d[33][33];

	if (la > 32 || lb > 32)
		return UINT_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			unsigned v = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *config_suggest(const char *word, const char *const *names,
			   size_t n)
{
	unsigned best = UINT_MAX, limit = strlen(word) <= 4 ? 1 : 2;
	const char *pick = NULL;

	for (size_t i = 0; i < n; i++) {
		unsigned d = cfg_distance(word, names[i]);

		if (d < best) {
			best = d;
			pick = names[i];
		}
	}
	return best <= limit ? pick : NULL;
}

static const char *suggest_setting(const char *word,
				   const struct cfg_setting *table)
{
	const char *names[CONFIG_MAX_SETTINGS];
	size_t n = 0;

	for (; table->name && n < CONFIG_MAX_SETTINGS; table++)
		names[n++] = table->name;
	return config_suggest(word, names, n);
}

static const char *suggest_choice(const char *word, const char *const *ch)
{
	size_t n = 0;

	while (ch[n])
		n++;
	return config_suggest(word, ch, n);
}

static const struct cfg_setting *find_setting(const struct cfg_setting *t,
					      const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

/* "unknown setting 'x' [in ide[0]] (did you mean 'y'?)" */
static int unknown_setting(const char *file, int line, const char *name,
			   const char *in, const struct cfg_setting *table,
			   struct err *e)
{
	const char *s = suggest_setting(name, table);
	char hint[96] = "", where[128] = "";

	if (s)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", s);
	if (in)
		snprintf(where, sizeof(where), " in %s", in);
	if (file)
		return err_set(e, "%s:%d: unknown setting '%s'%s%s", file, line,
			       name, where, hint);
	return err_set(e, "unknown setting '%s'%s%s", name, where, hint);
}

/* ---- value syntax ---- */

/* "256M", "1G", "4096", "64KiB": binary units. -1 syntax, -2 overflow. */
static int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -2;
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	}
	if (shift) {
		end++;
		if (!strcasecmp(end, "iB") || !strcasecmp(end, "B"))
			end += strlen(end);
	}
	if (*end)
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -2;
	*out = (uint64_t)v << shift;
	return 0;
}

/* "100000000", "100M", "100MHz", "1.5G" is not taken: decimal units. */
static int parse_hz(const char *s, uint64_t *out)
{
	unsigned long long v, mul = 1;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -2;
	switch (toupper((unsigned char)*end)) {
	case 'K': mul = 1000; end++; break;
	case 'M': mul = 1000000; end++; break;
	case 'G': mul = 1000000000; end++; break;
	}
	if (!strcasecmp(end, "Hz"))
		end += 2;
	if (*end)
		return -1;
	if (v > UINT64_MAX / mul)
		return -2;
	*out = v * mul;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return *out = true, 0;
		if (!strcasecmp(s, no[i]))
			return *out = false, 0;
	}
	return -1;
}

static void fmt_size(uint64_t v, char *buf, size_t n)
{
	static const char units[] = "TGMK";

	for (int i = 0; i < 4; i++) {
		unsigned shift = 40 - 10 * i;

		if (v && !(v & ((1ull << shift) - 1))) {
			snprintf(buf, n, "%llu%c",
				 (unsigned long long)(v >> shift), units[i]);
			return;
		}
	}
	snprintf(buf, n, "%llu", (unsigned long long)v);
}

static void fmt_number(const struct cfg_setting *st, int64_t v, char *buf,
		       size_t n)
{
	if (st->kind == CK_SIZE)
		fmt_size(v, buf, n);
	else
		snprintf(buf, n, "%lld", (long long)v);
}

static int check_mac(const char *v, char *why, size_t n)
{
	unsigned b[6];
	char tail;

	if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(v) != 17) {
		snprintf(why, n, "\"%s\" is not a MAC address "
			 "(write \"52:54:00:12:34:56\")", v);
		return -1;
	}
	if (b[0] & 1) {
		snprintf(why, n, "%s is a multicast address (the first byte "
			 "must be even)", v);
		return -1;
	}
	return 0;
}

static bool valid_port(const char *s, size_t len)
{
	unsigned long v = 0;

	if (!len || len > 5)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/* PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, as QEMU writes it. */
static int check_hostfwd(const char *v, char *why, size_t n)
{
	const char *p = v, *colon, *dash;

	if (!strncmp(p, "tcp:", 4))
		p += 4;
	else if (!strncmp(p, "udp:", 4))
		p += 4;
	else
		goto bad;
	dash = strchr(p, '-');
	if (!dash)
		goto bad;
	colon = memchr(p, ':', dash - p);
	if (!colon || !valid_port(colon + 1, dash - colon - 1))
		goto bad;
	colon = strrchr(dash + 1, ':');
	if (!colon || !valid_port(colon + 1, strlen(colon + 1)))
		goto bad;
	return 0;
bad:
	snprintf(why, n, "\"%s\" is not a port forward (write "
		 "\"tcp::2222-:22\": PROTO:[HOSTADDR]:PORT-[GUESTADDR]:PORT)",
		 v);
	return -1;
}

static int check_chardev(const char *v, char *why, size_t n)
{
	static const char *const plain[] = { "stdio", "pty", "none" };
	static const char *const args[] = { "file", "tcp" };
	const char *colon = strchr(v, ':');
	size_t len = colon ? (size_t)(colon - v) : strlen(v);

	for (size_t i = 0; i < 3 && !colon; i++)
		if (!strcmp(v, plain[i]))
			return 0;
	for (size_t i = 0; i < 2 && colon; i++)
		if (strlen(args[i]) == len && !strncmp(v, args[i], len) &&
		    colon[1])
			return 0;
	snprintf(why, n, "\"%s\" is not a serial backend (stdio, "
		 "file:PATH, tcp:HOST:PORT, pty or none)", v);
	return -1;
}

/* ---- paths ---- */

static char *cfg_resolve(const char *dir, const char *path)
{
	char cwd[PATH_MAX], *out;

	if (path[0] == '/')
		return strdup(path);
	if (!dir) {
		if (!getcwd(cwd, sizeof(cwd)))
			return strdup(path);
		dir = cwd;
	}
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (asprintf(&out, "%s/%s", dir, path) < 0)
		return NULL;
	return out;
}

/* BAD-INPUTS row 1: a missing or unreadable image, or a directory. */
static int cfg_check_file(const char *path, char *why, size_t n)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int saved;

	if (fd < 0) {
		saved = errno;
		snprintf(why, n, "cannot open \"%s\": %s", path,
			 strerror(saved));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		snprintf(why, n, "cannot open \"%s\": %s", path,
			 strerror(EISDIR));
		return -1;
	}
	close(fd);
	return 0;
}

/* ---- setting one value ---- */

static void set_string(char **slot, const char *v)
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

static const char *val_what(const struct cfg_val *v)
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

static int wrong_type(const struct cfg_ctx *x, const struct cfg_setting *st,
		      const struct cfg_val *v, struct err *e)
{
	char buf[128];

	return cfg_fail(x, e, "expected %s, not %s", expected(st, buf,
							       sizeof(buf)),
			val_what(v));
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

static int parse_int(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (end == s || *end)
		return -1;
	return errno ? -2 : 0;
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
			rc = parse_int(v->s, &sv);
		} else {
			rc = st->kind == CK_SIZE ? parse_size(v->s, &u)
						 : parse_hz(v->s, &u);
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
		return wrong_type(x, st, v, e);
	}
	if (check_range(x, st, written, sv, e) < 0)
		return -1;
	if (st->kind == CK_INT)
		*(int *)field(base, st) = (int)sv;
	else
		*(uint64_t *)field(base, st) = sv;
	return 0;
}

static int set_choice(const struct cfg_ctx *x, void *base,
		      const struct cfg_setting *st, const char *s,
		      struct err *e)
{
	const char *near;
	char buf[128];

	if (!*s && (st->flags & CF_OPTIONAL)) {
		set_string(field(base, st), NULL);
		return 0;
	}
	for (int i = 0; st->choices[i]; i++) {
		if (strcmp(s, st->choices[i]))
			continue;
		if (st->kind == CK_ENUM)
			*(int *)field(base, st) = i;
		else
			set_string(field(base, st), s);
		return 0;
	}
	near = suggest_choice(s, st->choices);
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
		set_string(field(base, st), NULL);
		return 0;
	}
	path = cfg_resolve(x->dir, s);
	if (!path)
		return cfg_fail(x, e, "out of memory");
	if (st->kind == CK_FILE && cfg_check_file(path, why, sizeof(why))) {
		free(path);
		return cfg_fail(x, e, "%s", why);
	}
	free(*(char **)field(base, st));
	*(char **)field(base, st) = path;
	return 0;
}

/* One scalar (not a list, group or drive list). */
static int set_scalar(const struct cfg_ctx *x, void *base,
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
			if (parse_bool(v->s, &b) < 0)
				return cfg_fail(x, e, "\"%s\" is not true or "
						"false", v->s);
		} else {
			return wrong_type(x, st, v, e);
		}
		*(bool *)field(base, st) = b;
		return 0;
	default:
		break;
	}
	if (v->type != VAL_STR)
		return wrong_type(x, st, v, e);
	switch (st->kind) {
	case CK_STRING:
		if (*v->s && st->check && st->check(v->s, why, sizeof(why)))
			return cfg_fail(x, e, "%s", why);
		set_string(field(base, st), v->s);
		return 0;
	case CK_CHOICE:
	case CK_ENUM:
		return set_choice(x, base, st, v->s, e);
	case CK_FILE:
	case CK_PATH:
		return set_path(x, base, st, v->s, e);
	default:
		return wrong_type(x, st, v, e);
	}
}

/* ---- lists ---- */

static unsigned list_len(const void *base, const struct cfg_setting *st)
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

static void list_clear(void *base, const struct cfg_setting *st)
{
	char **items = field(base, st);

	for (unsigned i = 0; i < st->max; i++) {
		free(items[i]);
		items[i] = NULL;
	}
	if (st->count_off != NO_COUNT)
		*(unsigned *)((char *)base + st->count_off) = 0;
}

static int list_set(const struct cfg_ctx *x, void *base,
		    const struct cfg_setting *st, unsigned idx, const char *s,
		    struct err *e)
{
	char **items = field(base, st);
	unsigned n = list_len(base, st);
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

/* ---- drives ---- */

static bool same_bus(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int drive_defaults(struct drive_config *d, const char *bus);

/* The idx-th drive on `bus`; idx == count with `create` appends one. */
static struct drive_config *drive_find(struct config *c, const char *bus,
				       unsigned idx, bool create,
				       unsigned *count)
{
	unsigned seen = 0;

	for (unsigned i = 0; i < c->ndrives; i++) {
		if (!same_bus(c->drives[i].bus, bus))
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

static void drive_free(struct drive_config *d)
{
	free(d->bus);
	free(d->type);
	free(d->image);
	free(d->format);
	free(d->overlay);
	memset(d, 0, sizeof(*d));
}

static void drives_clear(struct config *c, const char *bus)
{
	unsigned out = 0;

	for (unsigned i = 0; i < c->ndrives; i++) {
		if (same_bus(c->drives[i].bus, bus))
			drive_free(&c->drives[i]);
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
			list_clear(base, t);
			if (*t->def)
				list_set(&x, base, t, 0, t->def, &e);
		} else if (t->kind != CK_DRIVES) {
			set_scalar(&x, base, t, &v, &e);
		}
	}
}

static int drive_defaults(struct drive_config *d, const char *bus)
{
	memset(d, 0, sizeof(*d));
	apply_defaults(d, drive_settings);
	if (bus && !(d->bus = strdup(bus)))
		return -1;
	return 0;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	apply_defaults(c, settings);
}

static void free_table(void *base, const struct cfg_setting *t)
{
	for (; t->name; t++) {
		if (t->kind == CK_GROUP)
			free_table(base, t->sub);
		else if (t->kind == CK_LIST)
			list_clear(base, t);
		else if (t->kind == CK_STRING || t->kind == CK_CHOICE ||
			 t->kind == CK_FILE || t->kind == CK_PATH)
			set_string(field(base, t), NULL);
	}
}

void config_free(struct config *c)
{
	free_table(c, settings);
	for (unsigned i = 0; i < c->ndrives; i++)
		drive_free(&c->drives[i]);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* ---- the file ---- */

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

	list_clear(f->c, st);
	if (config_setting_type(s) == CONFIG_TYPE_STRING)
		return list_set(x, f->c, st, 0, config_setting_get_string(s),
				e);
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		file_val(f, x, s, &v, e);
		return wrong_type(x, st, &v, e);
	}
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		config_setting_t *el = config_setting_get_elem(s, i);

		snprintf(ex.label, sizeof(ex.label), "%.80s[%d]", x->label, i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING) {
			file_val(f, &ex, el, &v, e);
			return cfg_fail(&ex, e, "expected a string, not %s",
					val_what(&v));
		}
		if (list_set(&ex, f->c, st, i, config_setting_get_string(el),
			     e) < 0)
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
		return wrong_type(x, st, &v, e);
	}
	drives_clear(f->c, st->bus);
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
		d = drive_find(f->c, st->bus, i, true, &count);
		if (!d)
			return cfg_fail(&ex, e, "too many drives (at most %d)",
					CONFIG_MAX_DRIVES);
		d->line = el->line;
		if (load_group(f, d, drive_settings, el, label, e) < 0)
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
			return wrong_type(&x, st, &v, e);
		}
		return load_group(f, base, st->sub, s, st->name, e);
	case CK_LIST:
		return load_list(f, &x, st, s, e);
	case CK_DRIVES:
		return load_drives(f, &x, st, s, e);
	default:
		if (file_val(f, &x, s, &v, e) < 0)
			return -1;
		return set_scalar(&x, base, st, &v, e);
	}
}

static int load_group(struct cfg_file *f, void *base,
		      const struct cfg_setting *table, config_setting_t *grp,
		      const char *prefix, struct err *e)
{
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(grp, i);
		const struct cfg_setting *st = find_setting(table, s->name);
		const char *file = s->file ? s->file : f->path;

		if (!st)
			return unknown_setting(file, s->line, s->name, prefix,
					       table, e);
		if (load_one(f, base, st, s, prefix, e) < 0)
			return -1;
		if (table == settings)
			f->c->lines[st - settings] = s->line;
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
	rc = load_group(&f, c, settings, config_root_setting(&lc), NULL, e);
	if (rc == 0)
		rc = config_check(c, e);
out:
	config_destroy(&lc);
	free(f.text);
	free(f.dir);
	return rc;
}

/* ---- checks across settings ---- */

static const char *drive_label(const struct config *c, unsigned i, char *buf,
			       size_t n)
{
	unsigned idx = 0;

	for (unsigned j = 0; j < i; j++)
		idx += same_bus(c->drives[j].bus, c->drives[i].bus);
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
	for (int i = 0; settings[i].name; i++)
		if (!strcmp(settings[i].name, name))
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
			if (!same_bus(c->drives[j].bus, d->bus) ||
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

/* ---- -s path=value ---- */

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
	sub = find_setting(drive_settings, member);
	if (!sub)
		return unknown_setting(NULL, 0, member, parent, drive_settings,
				       e);
	d = drive_find(c, st->bus, idx, true, &count);
	if (!d && idx > count)
		return err_set(e, "%s: there %s %u %s drive%s; index %u adds "
			       "one", parent, count == 1 ? "is" : "are", count,
			       st->name, count == 1 ? "" : "s", count);
	if (!d)
		return err_set(e, "%s: too many drives (at most %d)", parent,
			       CONFIG_MAX_DRIVES);
	snprintf(x->label, sizeof(x->label), "%.47s.%.47s", parent, member);
	if (set_scalar(x, d, sub, &v, e) == 0)
		return 0;
	if (c->ndrives != before) {
		drive_free(d);
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
	st = find_setting(settings, name);
	if (!st)
		return unknown_setting(NULL, 0, name, NULL, settings, e);
	c->lines[st - settings] = 0;
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
		sub = find_setting(st->sub, name);
		if (!sub)
			return unknown_setting(NULL, 0, name, st->name, st->sub,
					       e);
		snprintf(x.label, sizeof(x.label), "%s.%s", st->name, name);
		st = sub;
	}
	if (st->kind == CK_LIST) {
		has_idx = path_index(&p, &idx);
		if (has_idx < 0 || *p)
			goto bad_path;
		if (!has_idx) {
			list_clear(c, st);
			return *value ? list_set(&x, c, st, 0, value, e) : 0;
		}
		snprintf(x.label + strlen(x.label),
			 sizeof(x.label) - strlen(x.label), "[%u]", idx);
		return list_set(&x, c, st, idx, value, e);
	}
	if (*p)
		goto bad_path;
	return set_scalar(&x, c, st, &v, e);
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
	d = drive_find(c, NULL, UINT_MAX, false, &count);
	d = drive_find(c, NULL, count, true, &count);
	if (!d)
		return cfg_fail(&x, e, "too many drives (at most %d)",
				CONFIG_MAX_DRIVES);
	v.s = type;
	if (set_scalar(&x, d, find_setting(drive_settings, "type"), &v, e) ||
	    (v.s = image,
	     set_scalar(&x, d, find_setting(drive_settings, "image"), &v, e))) {
		drive_free(d);
		c->ndrives--;
		return -1;
	}
	return 0;
}

/* ---- printing ---- */

static void print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void print_value(FILE *out, const void *base,
			const struct cfg_setting *st)
{
	const void *p = (const char *)base + st->off;
	char buf[32];

	switch (st->kind) {
	case CK_STRING:
	case CK_CHOICE:
	case CK_FILE:
	case CK_PATH:
		print_string(out, *(char *const *)p);
		break;
	case CK_ENUM:
		print_string(out, st->choices[*(const int *)p]);
		break;
	case CK_SIZE:
		fmt_size(*(const uint64_t *)p, buf, sizeof(buf));
		print_string(out, buf);
		break;
	case CK_HZ: {
		uint64_t v = *(const uint64_t *)p;

		fprintf(out, "%llu%s", (unsigned long long)v,
			v > INT32_MAX ? "L" : "");
		break;
	}
	case CK_INT:
		fprintf(out, "%d", *(const int *)p);
		break;
	case CK_BOOL:
		fputs(*(const bool *)p ? "true" : "false", out);
		break;
	case CK_LIST: {
		char *const *items = p;
		unsigned n = list_len(base, st);

		fputs("[", out);
		for (unsigned i = 0; i < n; i++) {
			fputs(i ? ", " : " ", out);
			print_string(out, items[i] ? items[i] : "none");
		}
		fputs(" ]", out);
		break;
	}
	default:
		break;
	}
}

static void print_group(FILE *out, const void *base,
			const struct cfg_setting *t, const char *sep)
{
	for (; t->name; t++) {
		fprintf(out, "%s = ", t->name);
		print_value(out, base, t);
		fprintf(out, ";%s", t[1].name ? sep : "");
	}
}

void config_print(const struct config *c, FILE *out)
{
	fputs("# mipsvz configuration (mipsvz --print-config)\n", out);
	for (const struct cfg_setting *t = settings; t->name; t++) {
		if (t->kind == CK_GROUP) {
			fprintf(out, "%s = {\n\t", t->name);
			print_group(out, c, t->sub, "\n\t");
			fputs("\n};\n", out);
		} else if (t->kind == CK_DRIVES) {
			bool any = false;

			fprintf(out, "%s = (", t->name);
			for (unsigned i = 0; i < c->ndrives; i++) {
				if (!same_bus(c->drives[i].bus, t->bus))
					continue;
				fputs(any ? ",\n\t{ " : "\n\t{ ", out);
				print_group(out, &c->drives[i], drive_settings,
					    " ");
				fputs(" }", out);
				any = true;
			}
			fputs(any ? "\n);\n" : " );\n", out);
		} else {
			fprintf(out, "%s = ", t->name);
			print_value(out, c, t);
			fputs(";\n", out);
		}
	}
}

static const char *kind_name(enum cfg_kind k)
{
	static const char *const names[] = {
		[CK_STRING] = "string", [CK_CHOICE] = "choice",
		[CK_ENUM] = "choice", [CK_FILE] = "file", [CK_PATH] = "path",
		[CK_SIZE] = "size", [CK_HZ] = "hertz", [CK_INT] = "integer",
		[CK_BOOL] = "boolean", [CK_LIST] = "strings",
		[CK_DRIVES] = "drives", [CK_GROUP] = "group",
	};

	return names[k];
}

static void help_table(FILE *out, const struct cfg_setting *t,
		       const char *prefix)
{
	char name[64], def[64];

	for (; t->name; t++) {
		snprintf(name, sizeof(name), "%s%s", prefix, t->name);
		if (t->kind == CK_GROUP || t->kind == CK_DRIVES) {
			fprintf(out, "  %-20s %-8s %-10s %s\n", name,
				kind_name(t->kind), "", t->doc);
			snprintf(name, sizeof(name), "%s%s", t->name,
				 t->kind == CK_DRIVES ? "[N]." : ".");
			help_table(out, t->sub, name);
			continue;
		}
		if (t->kind == CK_LIST)
			snprintf(def, sizeof(def), "[%s%s%s]",
				 *t->def ? " \"" : "", t->def,
				 *t->def ? "\" " : " ");
		else if (t->kind == CK_BOOL || t->kind == CK_INT ||
			 t->kind == CK_HZ || t->kind == CK_SIZE)
			snprintf(def, sizeof(def), "%s", t->def);
		else
			snprintf(def, sizeof(def), "\"%s\"", t->def);
		fprintf(out, "  %-20s %-8s %-10s %s\n", name, kind_name(t->kind),
			def, t->doc);
	}
}

void config_print_help(FILE *out)
{
	fputs("appliance.conf settings (libconfig syntax; docs/config.md):\n"
	      "  name                 type     default    meaning\n", out);
	help_table(out, settings, "");
}
