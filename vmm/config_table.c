/* The settings table: every appliance.conf setting with its kind, place
 * in struct config, range, default and meaning. docs/config.md documents
 * the same list; tests/cli/config.test.sh checks they agree. */
#include "config_int.h"

#include <string.h>

#define MIB (1024ll * 1024)
#define GIB (1024ll * 1024 * 1024)

static const char *const accel_names[] = { "auto", "vz", "soft", NULL };
static const char *const firmware_names[] = { "hle", "rom", NULL };
static const char *const net_modes[] = { "slirp", "none", NULL };
static const char *const drive_types[] = { "disk", "cdrom", NULL };
static const char *const drive_formats[] = { "raw", "qcow2", "chd", "iso",
					     NULL };

#define C(f) offsetof(struct config, f)
#define D(f) offsetof(struct drive_config, f)

const struct cfg_setting cfg_drive_settings[] = {
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
	  .check = cfg_check_hostfwd, .count_off = C(nhostfwd), .def = "",
	  .doc = "host ports forwarded to the guest: \"tcp::2222-:22\"" },
	{ "mac", CK_STRING, C(macaddr), .check = cfg_check_mac, .def = "",
	  .doc = "the NIC's MAC address; \"\" = the board's default" },
	{ NULL }
};

const struct cfg_setting cfg_settings[] = {
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
	  .check = cfg_check_chardev, .count_off = NO_COUNT, .def = "stdio",
	  .doc = "serial ports 0, 1, ...: stdio, file:PATH, tcp:HOST:PORT, "
		 "pty, none" },
	{ "accel", CK_ENUM, C(accel), .choices = accel_names, .def = "auto",
	  .doc = "\"auto\", \"vz\" (KVM on a MIPS host) or \"soft\"" },
	{ "deterministic", CK_BOOL, C(deterministic), .def = "false",
	  .doc = "guest time counts instructions (replayable runs)" },
	{ "no_reboot", CK_BOOL, C(no_reboot), .def = "false",
	  .doc = "exit (status 0) when the guest resets" },
	{ "ide", CK_DRIVES, .bus = "ide", .sub = cfg_drive_settings,
	  .doc = "IDE drives: ( { image = \"...\"; }, ... )" },
	{ "scsi", CK_DRIVES, .bus = "scsi", .sub = cfg_drive_settings,
	  .doc = "SCSI drives: ( { id = 1; image = \"...\"; }, ... )" },
	{ "drive", CK_DRIVES, .bus = NULL, .sub = cfg_drive_settings,
	  .doc = "drives on the board's default bus (--disk, --cdrom)" },
	{ "net", CK_GROUP, .sub = net_settings,
	  .doc = "network: { mode = ...; hostfwd = [...]; mac = ...; }" },
	{ NULL }
};

_Static_assert(sizeof(cfg_settings) / sizeof(cfg_settings[0]) <=
	       CONFIG_MAX_SETTINGS, "struct config.lines is too small");

const struct cfg_setting *cfg_find_setting(const struct cfg_setting *t,
					   const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}
