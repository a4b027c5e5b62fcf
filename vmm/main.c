/* mipsvz: the command line. Reads appliance.conf (or -c FILE), applies
 * the options over it in the order given, builds the machine for the
 * board it names and runs it until the guest powers off. The only
 * place that exits, and the only one that knows every board. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chardev.h"
#include "config.h"
#include "cpu/model.h"
#include "log.h"
#include "machine.h"

#include "boards/malta/malta.h"
#include "boards/sgi/ip22.h"

#ifndef MIPSVZ_VERSION
#define MIPSVZ_VERSION "0.1"
#endif

/* Every board this build knows (boards/<name>/). */
static const struct board *const boards[] = {
	&malta_board,
	&indy_board,
	&indigo2_board,
	NULL,
};

const struct board *const *board_list(unsigned *n)
{
	*n = sizeof(boards) / sizeof(boards[0]) - 1;
	return boards;
}

const struct board *board_find(const char *name)
{
	for (unsigned i = 0; name && boards[i]; i++)
		if (!strcmp(boards[i]->name, name))
			return boards[i];
	return NULL;
}

enum {
	OPT_BOARD = 256, OPT_CPU, OPT_MEMORY, OPT_KERNEL, OPT_INITRD,
	OPT_APPEND, OPT_DISK, OPT_CDROM, OPT_SERIAL, OPT_ACCEL, OPT_NO_REBOOT,
	OPT_DETERMINISTIC, OPT_PRINT_CONFIG, OPT_LIST_BOARDS, OPT_LIST_CPUS,
	OPT_HELP_CONFIG, OPT_LOG,
};

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "set", required_argument, NULL, 's' },
	{ "board", required_argument, NULL, OPT_BOARD },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "cdrom", required_argument, NULL, OPT_CDROM },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "no-reboot", no_argument, NULL, OPT_NO_REBOOT },
	{ "deterministic", no_argument, NULL, OPT_DETERMINISTIC },
	{ "print-config", no_argument, NULL, OPT_PRINT_CONFIG },
	{ "list-boards", no_argument, NULL, OPT_LIST_BOARDS },
	{ "list-cpus", no_argument, NULL, OPT_LIST_CPUS },
	{ "help-config", no_argument, NULL, OPT_HELP_CONFIG },
	{ "trace", required_argument, NULL, 'd' },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
"usage: mipsvz [-c FILE] [options]\n"
"Runs the MIPS machine described by FILE (default: ./appliance.conf if\n"
"present); options override its settings.\n"
"\n"
"  -c, --config FILE     read FILE instead of ./appliance.conf\n"
"  -s, --set PATH=VALUE  set any setting: -s memory=512M, -s net.mode=none,\n"
"                        -s scsi[1].image=disk.img (mipsvz --help-config)\n"
"  --board NAME          machine to build (--list-boards)\n"
"  --cpu MODEL           CPU model (--list-cpus)\n"
"  --memory SIZE         guest RAM: MB, or with a unit (512M, 1G)\n"
"  --kernel FILE         kernel to boot\n"
"  --initrd FILE         initial ramdisk\n"
"  --append STRING       kernel command line\n"
"  --disk FILE           add a disk on the board's default bus (repeatable)\n"
"  --cdrom FILE          add a CD-ROM on the board's default bus\n"
"  --serial BACKEND      serial port 0, then 1, ... (repeatable): stdio,\n"
"                        file:PATH, tcp:HOST:PORT, pty, none\n"
"  --accel auto|vz|soft  CPU backend (default auto)\n"
"  --no-reboot           exit when the guest resets\n"
"  --deterministic       guest time counts instructions\n"
"  --print-config        print the resulting configuration and exit\n"
"  --help-config         list every configuration setting and exit\n"
"  --list-boards         list the boards and exit\n"
"  --list-cpus           list the CPU models and exit\n"
"  -d, --trace LIST      trace subsystems: %s\n"
"  --log FILE            log and trace to FILE instead of stderr\n"
"  -h, --help            this help\n"
"  -V, --version         version\n"
"\n"
"Exit status: the guest's power-off status (0), 1 on any error.\n"
"On the stdio console, Ctrl-A x quits.\n", log_trace_names());
}

/* One error line, then exit (only main and its helpers exit). */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	chardev_restore_terminal();
	fputs("mipsvz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void list_boards(void)
{
	unsigned n;
	const struct board *const *b = board_list(&n);

	if (!n) {
		puts("no boards are available yet in this build");
		return;
	}
	for (unsigned i = 0; i < n; i++)
		printf("%-10s %s (CPU %s, %llu MB)\n", b[i]->name, b[i]->desc,
		       b[i]->default_cpu ? b[i]->default_cpu : "-",
		       (unsigned long long)(b[i]->default_memory >> 20));
}

static void list_cpus(void)
{
	unsigned n;
	const struct cpu_model *m = cpu_model_list(&n);

	for (unsigned i = 0; i < n; i++)
		printf("%-12s %s\n", m[i].name, m[i].desc ? m[i].desc : "");
}

/* --memory 256 means MB, as QEMU's -m does; units pass through. */
static void set_memory(struct config *cfg, const char *arg, struct err *e)
{
	char buf[96];
	size_t n = strspn(arg, "0123456789");

	snprintf(buf, sizeof(buf), "memory=%s%s", arg,
		 n && !arg[n] ? "M" : "");
	if (config_set_option(cfg, "--memory", buf, e) < 0)
		die("%s", e->msg);
}

static void set_option(struct config *cfg, const char *option,
		       const char *setting, const char *value)
{
	struct err e;
	char *a;

	if (asprintf(&a, "%s=%s", setting, value) < 0)
		die("out of memory");
	if (config_set_option(cfg, option, a, &e) < 0)
		die("%s", e.msg);
	free(a);
}

/* Apply one overriding option; *nserial counts --serial. */
static void apply_option(struct config *cfg, int opt, const char *arg,
			 unsigned *nserial)
{
	struct err e;
	char name[32];

	switch (opt) {
	case 's':
		if (config_set(cfg, arg, &e) < 0)
			die("-s %s: %s", arg, e.msg);
		break;
	case OPT_BOARD: set_option(cfg, "--board", "board", arg); break;
	case OPT_CPU: set_option(cfg, "--cpu", "cpu", arg); break;
	case OPT_MEMORY: set_memory(cfg, arg, &e); break;
	case OPT_KERNEL: set_option(cfg, "--kernel", "kernel", arg); break;
	case OPT_INITRD: set_option(cfg, "--initrd", "initrd", arg); break;
	case OPT_APPEND: set_option(cfg, "--append", "append", arg); break;
	case OPT_ACCEL: set_option(cfg, "--accel", "accel", arg); break;
	case OPT_NO_REBOOT:
		set_option(cfg, "--no-reboot", "no_reboot", "true");
		break;
	case OPT_DETERMINISTIC:
		set_option(cfg, "--deterministic", "deterministic", "true");
		break;
	case OPT_DISK:
	case OPT_CDROM:
		if (config_add_drive(cfg, opt == OPT_DISK ? "--disk" : "--cdrom",
				     opt == OPT_DISK ? "disk" : "cdrom", arg,
				     &e) < 0)
			die("%s", e.msg);
		break;
	case OPT_SERIAL:
		/* The first --serial replaces the file's list, as QEMU's
		 * -serial replaces its defaults. */
		if (*nserial >= CONFIG_MAX_SERIAL)
			die("--serial: at most %d serial ports",
			    CONFIG_MAX_SERIAL);
		if (*nserial == 0)
			snprintf(name, sizeof(name), "serial");
		else
			snprintf(name, sizeof(name), "serial[%u]", *nserial);
		set_option(cfg, "--serial", name, arg);
		(*nserial)++;
		break;
	}
}

/* The board the config names, with its defaults filled in. */
static const struct board *pick_board(struct config *cfg, bool need)
{
	const char *names[32];
	const struct board *const *all;
	const struct board *b;
	const char *near;
	char where[300];
	unsigned n;

	all = board_list(&n);
	if (!n) {
		if (need)
			die("no board is available yet in this build");
		return NULL;
	}
	if (!cfg->board) {
		if (need)
			die("no board given: set board in appliance.conf or use "
			    "--board (mipsvz --list-boards)");
		return NULL;
	}
	b = board_find(cfg->board);
	if (!b) {
		for (unsigned i = 0; i < n && i < 32; i++)
			names[i] = all[i]->name;
		near = config_suggest(cfg->board, names, n < 32 ? n : 32);
		die("%sunknown board '%s'%s%s%s; mipsvz --list-boards lists "
		    "them", config_where(cfg, "board", where, sizeof(where)),
		    cfg->board, near ? " (did you mean '" : "",
		    near ? near : "", near ? "'?)" : "");
	}
	if (!cfg->memory)
		cfg->memory = b->default_memory;
	if (!cfg->cpu && b->default_cpu)
		cfg->cpu = strdup(b->default_cpu);
	return b;
}

/* --help, --version, --list-*: answered without a config. */
static int print_info(int opt)
{
	switch (opt) {
	case 'h':
		usage(stdout);
		break;
	case 'V':
		printf("mipsvz %s\n", MIPSVZ_VERSION);
		break;
	case OPT_LIST_BOARDS:
		list_boards();
		break;
	case OPT_LIST_CPUS:
		list_cpus();
		break;
	case OPT_HELP_CONFIG:
		config_print_help(stdout);
		break;
	}
	return 0;
}

/* ---- signals: the one piece of process-wide state ---- */

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				     SIGABRT };
/* What was installed before us (ASan's reporters, or the default). */
static struct sigaction fatal_prev[sizeof(fatal_signals) /
				   sizeof(fatal_signals[0])];

/* Give the terminal back, then let the previous handler have the
 * signal: a fault re-executes and lands there; a sent signal is sent
 * again. */
static void fatal_signal(int sig, siginfo_t *si, void *uctx)
{
	chardev_restore_terminal();
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(int); i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &fatal_prev[i], NULL);
	if (si->si_code <= 0)
		raise(sig);
}

/* SIGINT and SIGTERM are blocked in every thread and taken here, so a
 * quit is an ordinary machine_request rather than signal-handler work.
 * A second one gives up waiting. */
static void *signal_thread(void *arg)
{
	struct machine *m = arg;
	sigset_t set;
	int sig, count = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (count++) {
			chardev_restore_terminal();
			_exit(128 + sig);
		}
		/* main cancels this thread at sigwait only, never while it
		 * holds the log or request lock. */
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
		log_msg("%s: quitting", strsignal(sig));
		machine_request(m, MACHINE_QUIT);
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	}
	return NULL;
}

static void signals_block(void)
{
	struct sigaction sa = { .sa_sigaction = fatal_signal,
				.sa_flags = SA_SIGINFO };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(int); i++)
		sigaction(fatal_signals[i], &sa, &fatal_prev[i]);
}

/* ---- main ---- */

struct opt_rec {
	int opt;
	const char *arg;
};

static int run(struct config *cfg, const struct board *board)
{
	struct machine m;
	pthread_t sig;
	struct err e;
	int status;

	signals_block();
	if (machine_create(&m, board, cfg, &e) < 0)
		die("%s", e.msg);
	if (pthread_create(&sig, NULL, signal_thread, &m))
		die("cannot start the signal thread");
	status = machine_run(&m);
	pthread_cancel(sig);
	pthread_join(sig, NULL);
	machine_destroy(&m);
	chardev_restore_terminal();
	return status;
}

int main(int argc, char **argv)
{
	struct opt_rec *opts = calloc(argc, sizeof(*opts));
	const char *conf = NULL, *bad;
	bool print = false;
	unsigned nopts = 0, nserial = 0, mask;
	const struct board *board;
	struct config cfg;
	struct err e;
	int opt, status, info = 0;

	if (!opts)
		die("out of memory");
	atexit(chardev_restore_terminal);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:s:d:hV", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'h':
		case 'V':
		case OPT_LIST_BOARDS:
		case OPT_LIST_CPUS:
		case OPT_HELP_CONFIG:
			if (!info)
				info = opt;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'd':
			if (log_parse_trace(optarg, &mask, &bad) < 0)
				die("-d: unknown trace '%s' (choose from %s)",
				    bad, log_trace_names());
			log_trace_mask |= mask;
			break;
		case OPT_LOG:
			if (log_open_file(optarg) < 0)
				die("--log: cannot open \"%s\": %s", optarg,
				    strerror(errno));
			break;
		case OPT_PRINT_CONFIG:
			print = true;
			break;
		case ':':
			die("%s needs an argument (mipsvz --help)",
			    argv[optind - 1]);
		case '?':
			if (optopt)
				die("unknown option '-%c' (mipsvz --help)",
				    optopt);
			die("unknown option '%s' (mipsvz --help)",
			    argv[optind - 1]);
		default:
			opts[nopts++] = (struct opt_rec){ opt, optarg };
			break;
		}
	}
	if (optind < argc)
		die("unexpected argument '%s' (options start with -; "
		    "mipsvz --help)", argv[optind]);
	if (info) {
		free(opts);
		return print_info(info);
	}

	config_defaults(&cfg);
	if (!conf && access("appliance.conf", F_OK) == 0)
		conf = "appliance.conf";
	if (conf && config_load(&cfg, conf, &e) < 0)
		die("%s", e.msg);
	for (unsigned i = 0; i < nopts; i++)
		apply_option(&cfg, opts[i].opt, opts[i].arg, &nserial);
	free(opts);
	if (config_check(&cfg, &e) < 0)
		die("%s", e.msg);

	board = pick_board(&cfg, !print);
	if (print) {
		config_print(&cfg, stdout);
		config_free(&cfg);
		return 0;
	}
	status = run(&cfg, board);
	config_free(&cfg);
	return status;
}
