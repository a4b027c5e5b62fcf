/* The PROM's face on the serial console: the power-on banner, AutoLoad,
 * the System Maintenance Menu and the Command Monitor (SGI-FACTS 2 b.1,
 * 4.6.1; IRIX prom(1M)). It is a state machine: the PROM's guest-side
 * loop calls ARCS_CALL_MONITOR; each step consumes the console input
 * that is there, prints, and either idles (the loop sleeps ~10 ms) or
 * jumps to a program. Nothing here waits for input. */
#include "arcs_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/machine.h"

#define MAX_WORDS ARCS_MAX_ARGS

static const char arcs_menu_text[] =
	"\nSystem Maintenance Menu\n\n"
	"1) Start System\n"
	"2) Install System Software\n"
	"3) Run Diagnostics\n"
	"4) Recover System\n"
	"5) Enter Command Monitor\n\n";

static bool jumped(const struct arcs *a)
{
	return a->reg[ARCS_REG_ACTION / 4] == ARCS_ACT_JUMP;
}

/* Split a line into words; "double quotes" group. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *s = line;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (*s == '"') {
			w[n++] = ++s;
			while (*s && *s != '"')
				s++;
		} else {
			w[n++] = s;
			while (*s && *s != ' ' && *s != '\t')
				s++;
		}
		if (*s)
			*s++ = 0;
	}
	return n;
}

static void banner(struct arcs *a)
{
	arcs_printf(a, "\nmipsvz ARCS firmware for %s (%s): %s %u MHz, %"
		    PRIu64 " MB\n", a->p.system_id, a->p.machine_name,
		    a->p.cpu->name, (unsigned)(a->p.cpu_hz / 1000000),
		    arcs_ram_total(&a->p) >> 20);
}

/* Start the kernel given with --kernel: argv[0] = its path, then the
 * words of --append (or of OSLoadOptions), as the PROM's boot does. */
static void boot_kernel(struct arcs *a)
{
	char buf[ARCS_ENV_VALUE_MAX * 16];
	char *argv[MAX_WORDS + 1];
	const char *opts = a->kernel_append ? a->kernel_append :
			   arcs_env_get(a, "OSLoadOptions");
	int argc = 1;

	argv[0] = a->kernel_path;
	snprintf(buf, sizeof(buf), "%s", opts ? opts : "");
	argc += split(buf, argv + 1, MAX_WORDS - 1);
	if (arcs_image_place(a, &a->kernel) < 0) {
		arcs_printf(a, "%s: cannot place the kernel in RAM\n",
			    a->kernel_path);
		a->mon = ARCS_MON_MENU;
		return;
	}
	arcs_start_program(a, &a->kernel, argc, argv);
}

bool arcs_autoboot(struct arcs *a)
{
	const char *sys = arcs_env_get(a, "SystemPartition");
	const char *ldr = arcs_env_get(a, "OSLoader");
	const char *opts = arcs_env_get(a, "OSLoadOptions");
	char path[ARCS_PATH_MAX], buf[ARCS_ENV_VALUE_MAX];
	char *argv[MAX_WORDS + 1];
	int argc = 1;

	arcs_puts(a, "Starting up the system...\n");
	if (!sys || !ldr) {
		arcs_puts(a, "SystemPartition or OSLoader is not set.\n");
		return false;
	}
	snprintf(path, sizeof(path), "%s/%s", sys, ldr);
	argv[0] = path;
	snprintf(buf, sizeof(buf), "%s", opts ? opts : "");
	argc += split(buf, argv + 1, MAX_WORDS - 1);
	return arcs_boot_path(a, path, argc, argv);
}

static void cmd_help(struct arcs *a)
{
	arcs_puts(a,
		  "auto                             boot as the AutoLoad "
		  "variable would\n"
		  "boot [-f FILE] [ARGS]            boot OSLoader from "
		  "SystemPartition, or FILE\n"
		  "hinv                             hardware inventory\n"
		  "ls [DEVICE]                      list a volume header\n"
		  "printenv [VAR]                   show the environment\n"
		  "setenv [-f] VAR VALUE            set a variable (-f: "
		  "eaddr too)\n"
		  "unsetenv VAR                     remove a variable\n"
		  "init                             re-read the environment\n"
		  "reset                            reset the machine\n"
		  "exit                             back to the menu\n"
		  "help, ?                          this list\n");
}

static void cmd_boot(struct arcs *a, int n, char **w)
{
	char *argv[MAX_WORDS + 1];
	const char *file = NULL;
	int argc = 1;

	for (int i = 1; i < n; i++) {
		if (!strcmp(w[i], "-f") && i + 1 < n && !file)
			file = w[++i];
		else if (strcmp(w[i], "--") && argc < MAX_WORDS)
			argv[argc++] = w[i];
	}
	if (!file) {
		if (!arcs_autoboot(a))
			arcs_puts(a, "Unable to boot.\n");
		return;
	}
	argv[0] = (char *)file;
	arcs_boot_path(a, file, argc, argv);
}

static void cmd_setenv(struct arcs *a, int n, char **w)
{
	bool force = n > 1 && !strcmp(w[1], "-f");
	int i = force ? 2 : 1;
	char value[ARCS_ENV_VALUE_MAX] = "";
	int r;

	if (n - i < 1) {
		arcs_puts(a, "usage: setenv [-f] VAR VALUE\n");
		return;
	}
	for (int j = i + 1; j < n; j++) {
		size_t l = strlen(value);

		snprintf(value + l, sizeof(value) - l, "%s%s",
			 j > i + 1 ? " " : "", w[j]);
	}
	r = arcs_env_set(a, w[i], value, force);
	if (r == ARCS_EACCES)
		arcs_printf(a, "%s is read-only%s\n", w[i],
			    !strcmp(w[i], "eaddr") ? " (use setenv -f)" : "");
	else if (r == ARCS_ENOSPC)
		arcs_printf(a, "%s: value too long for the NVRAM\n", w[i]);
	else if (r)
		arcs_printf(a, "%s: invalid value\n", w[i]);
}

static void run_command(struct arcs *a, char *line)
{
	char *w[MAX_WORDS];
	int n = split(line, w, MAX_WORDS);

	if (!n)
		return;
	if (!strcmp(w[0], "help") || !strcmp(w[0], "?")) {
		cmd_help(a);
	} else if (!strcmp(w[0], "printenv")) {
		arcs_env_print(a, n > 1 ? w[1] : NULL);
	} else if (!strcmp(w[0], "setenv")) {
		cmd_setenv(a, n, w);
	} else if (!strcmp(w[0], "unsetenv")) {
		if (n < 2)
			arcs_puts(a, "usage: unsetenv VAR\n");
		else if (arcs_env_set(a, w[1], "", false))
			arcs_printf(a, "%s cannot be removed\n", w[1]);
	} else if (!strcmp(w[0], "hinv")) {
		arcs_tree_hinv(a);
	} else if (!strcmp(w[0], "ls")) {
		const char *sys = arcs_env_get(a, "SystemPartition");

		arcs_io_ls(a, n > 1 ? w[1] : sys ? sys : "dksc(0,1,8)");
	} else if (!strcmp(w[0], "boot")) {
		cmd_boot(a, n, w);
	} else if (!strcmp(w[0], "auto")) {
		if (!arcs_autoboot(a))
			arcs_puts(a, "Unable to boot.\n");
	} else if (!strcmp(w[0], "init")) {
		arcs_env_init(a);
		arcs_io_reset(a);
		banner(a);
	} else if (!strcmp(w[0], "reset")) {
		if (a->p.reset)
			a->p.reset(a->p.opaque);
		else
			machine_request(a->m, MACHINE_RESET);
		arcs_set_retry(a);
	} else if (!strcmp(w[0], "exit")) {
		a->mon = ARCS_MON_MENU;
	} else if (!strcmp(w[0], "version")) {
		banner(a);
	} else {
		arcs_printf(a, "%s: Command not found.\n", w[0]);
	}
}

static void menu_option(struct arcs *a, const char *opt)
{
	a->mon = ARCS_MON_MENU;
	while (*opt == ' ')
		opt++;
	if (!strcmp(opt, "1")) {
		if (!arcs_autoboot(a)) {
			arcs_puts(a, "Unable to boot; press any key to "
				  "continue:");
			a->mon = ARCS_MON_ANYKEY;
		}
	} else if (!strcmp(opt, "2") || !strcmp(opt, "4")) {
		arcs_puts(a, "Installing or recovering needs a CD-ROM (SCSI) "
			  "or a network server; neither\nis available to "
			  "this PROM yet. Use the Command Monitor's "
			  "\"boot -f\".\n");
	} else if (!strcmp(opt, "3")) {
		arcs_puts(a, "The emulated PROM has no diagnostics: all "
			  "hardware reports good.\n");
	} else if (!strcmp(opt, "5")) {
		arcs_puts(a, "Command Monitor.  Type \"exit\" to return to "
			  "the menu.\n");
		a->mon = ARCS_MON_CMD;
	} else if (*opt) {
		arcs_printf(a, "Invalid option: %s\n", opt);
	}
}

/* Read one byte of console input; false if none. */
static bool getch(struct arcs *a, uint8_t *c)
{
	if (!a->p.console_pending || !a->p.console_read ||
	    !a->p.console_pending(a->p.opaque))
		return false;
	return a->p.console_read(a->p.opaque, c, 1) == 1;
}

/* Line editing: echo, backspace, Ctrl-U/Ctrl-C; true at end of line. */
static bool read_line(struct arcs *a)
{
	uint8_t c;

	while (getch(a, &c)) {
		if (c == '\r' || c == '\n') {
			if (c == '\n' && a->line_len == 0 && a->last_cr) {
				a->last_cr = false;
				continue;	/* the LF of a CR LF */
			}
			a->last_cr = c == '\r';
			a->line[a->line_len] = 0;
			arcs_puts(a, "\n");
			return true;
		}
		a->last_cr = false;
		if (c == 8 || c == 0x7f) {
			if (a->line_len) {
				a->line_len--;
				arcs_puts(a, "\b \b");
			}
		} else if (c == 0x15 || c == 3) {
			a->line_len = 0;
			arcs_puts(a, "\n");
		} else if (c >= 0x20 && c < 0x7f &&
			   a->line_len < ARCS_LINE_MAX - 1) {
			char s[2] = { (char)c, 0 };

			a->line[a->line_len++] = (char)c;
			arcs_puts(a, s);
		}
	}
	return false;
}

/* One transition; false when waiting for input. */
static bool monitor_once(struct arcs *a)
{
	const char *al;
	uint8_t c;

	switch (a->mon) {
	case ARCS_MON_START:
		banner(a);
		if (a->nvram_reinit) {
			arcs_puts(a, "NVRAM checksum is incorrect: "
				  "reinitializing.\n");
			a->nvram_reinit = false;
		}
		a->mon = ARCS_MON_MENU;
		if (a->kernel_pending) {
			a->kernel_pending = false;
			boot_kernel(a);
			return true;
		}
		al = arcs_env_get(a, "AutoLoad");
		if (!a->autoboot_done && al && (al[0] == 'Y' || al[0] == 'y')) {
			a->autoboot_done = true;
			if (!arcs_autoboot(a)) {
				arcs_puts(a, "Unable to boot; press any key "
					  "to continue:");
				a->mon = ARCS_MON_ANYKEY;
			}
		}
		return true;
	case ARCS_MON_MENU:
		arcs_puts(a, arcs_menu_text);
		arcs_puts(a, "Option? ");
		a->line_len = 0;
		a->mon = ARCS_MON_MENU_INPUT;
		return true;
	case ARCS_MON_MENU_INPUT:
		if (!read_line(a))
			return false;
		menu_option(a, a->line);
		a->line_len = 0;
		return true;
	case ARCS_MON_CMD:
		arcs_puts(a, ">> ");
		a->line_len = 0;
		a->mon = ARCS_MON_CMD_INPUT;
		return true;
	case ARCS_MON_CMD_INPUT:
		if (!read_line(a))
			return false;
		a->mon = ARCS_MON_CMD;
		run_command(a, a->line);
		a->line_len = 0;
		return true;
	case ARCS_MON_ANYKEY:
		if (!getch(a, &c))
			return false;
		arcs_puts(a, "\n");
		a->mon = ARCS_MON_MENU;
		return true;
	}
	return false;
}

void arcs_monitor_step(struct arcs *a)
{
	/* bounded work per call; a jump or a retry ends the step */
	for (unsigned i = 0; i < 64; i++) {
		if (!monitor_once(a) || jumped(a) ||
		    a->reg[ARCS_REG_ACTION / 4] == ARCS_ACT_RETRY)
			break;
	}
}
