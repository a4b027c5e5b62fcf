/* appliance.conf, loaded into one typed struct. Every setting is
 * documented with its default in docs/config.md. Command-line options and
 * `-s path=value` override the file through the same setter, so they get
 * the same checking. */
#ifndef MIPSVZ_CONFIG_H
#define MIPSVZ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

enum accel { ACCEL_AUTO, ACCEL_VZ, ACCEL_SOFT };

#define CONFIG_MAX_SERIAL 4
#define CONFIG_MAX_DRIVES 16
#define CONFIG_MAX_HOSTFWD 16
#define CONFIG_MAX_SETTINGS 32

/* One disk or CD-ROM. */
struct drive_config {
	char *bus;		/* "ide" or "scsi"; NULL = the board's default */
	int id;			/* target id / IDE unit; -1 = next free */
	char *type;		/* "disk" or "cdrom" */
	char *image;		/* absolute path (resolved against the config) */
	char *format;		/* "raw", "chd", "iso"; NULL = from the file */
	char *overlay;		/* copy-on-write overlay file, or NULL */
	bool readonly;
	int line;		/* line in the config file, 0 = command line */
};

struct config {
	char *path;		/* the config file, NULL if none */
	char *board;		/* "malta", "indy", "indigo2" */
	char *cpu;		/* model name; NULL = the board's default */
	uint64_t memory;	/* bytes; 0 = the board's default */
	uint64_t cpu_hz;	/* 0 = the model's default */
	char *kernel, *initrd, *append;
	char *firmware;		/* "hle" (built-in) or "rom" */
	char *rom;		/* ROM image for firmware = "rom" */
	char *nvram;		/* NVRAM file; NULL = none kept */
	char *serial[CONFIG_MAX_SERIAL];	/* chardev specs, NULL = "none" */
	enum accel accel;
	bool deterministic;
	bool no_reboot;
	struct drive_config drives[CONFIG_MAX_DRIVES];
	unsigned ndrives;
	char *net;		/* "slirp" or "none" */
	char *hostfwd[CONFIG_MAX_HOSTFWD];	/* "tcp::2222-:22" */
	unsigned nhostfwd;
	char *macaddr;		/* NULL = the board's default */
	/* Where each top-level setting came from, by config_table.c's
	 * index: its line in the file, 0 = default or command line. */
	int lines[CONFIG_MAX_SETTINGS];
};

/* The defaults (not "config_init": libconfig owns that name). */
void config_defaults(struct config *c);
void config_free(struct config *c);
/* Load a file over the defaults already in *c. Errors read
 * "FILE:LINE: setting: what is wrong". Ends with config_check. */
int config_load(struct config *c, const char *path, struct err *e);
/* Apply "path.to.setting=value" (from -s): memory=256M, net.mode=none,
 * scsi[0].image=disk.img (index = count appends), serial[1]=pty. */
int config_set(struct config *c, const char *assignment, struct err *e);
/* The same for a direct option: errors name `option` ("--kernel")
 * instead of the setting. */
int config_set_option(struct config *c, const char *option,
		      const char *assignment, struct err *e);
/* Append a drive on the board's default bus (--disk, --cdrom). */
int config_add_drive(struct config *c, const char *option, const char *type,
		     const char *image, struct err *e);
/* Checks across settings (drives without images, duplicate ids); run
 * after the last override. */
int config_check(const struct config *c, struct err *e);
/* Print the effective config in appliance.conf syntax (loads back to
 * the same config). */
void config_print(const struct config *c, FILE *out);
/* Every setting with its type, default and meaning (--help-config). */
void config_print_help(FILE *out);

/* "FILE:LINE: " for a top-level setting read from the file, else "";
 * for messages about a setting checked elsewhere (board, cpu). */
const char *config_where(const struct config *c, const char *setting,
			 char *buf, size_t len);

/* For "did you mean" hints: the closest of names[0..n) to word, or
 * NULL when none is close (a typo, not a different word). */
const char *config_suggest(const char *word, const char *const *names,
			   size_t n);

#endif
