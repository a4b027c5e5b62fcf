/* mipsvz-user: run a static Linux MIPS program on the soft CPU.
 *
 *   mipsvz-user [--cpu MODEL] [-d TRACES] [--stats] PROGRAM [ARGS...]
 *
 * Options come before PROGRAM (everything after it belongs to the guest,
 * as with qemu-user). Exit status: the program's, or 128 + the host
 * number of the signal that would have killed it. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../log.h"
#include "user.h"

extern char **environ;

struct user_opts {
	const char *cpu;
	bool stats;
	int argi;		/* index of PROGRAM in argv */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mipsvz-user [options] PROGRAM [ARGS...]\n"
		"Runs a static Linux MIPS executable (o32 or n64, either byte\n"
		"order) in user mode on the mipsvz soft CPU.\n"
		"  --cpu MODEL   CPU model (default 24Kf for o32,\n"
		"                MIPS64R2-generic for n64); --cpu help lists\n"
		"  -d LIST       trace: %s\n"
		"  --stats       print instructions executed and MIPS at exit\n"
		"  -h, --help    this text\n", log_trace_names());
}

static void list_cpus(void)
{
	unsigned n;
	const struct cpu_model *m = cpu_model_list(&n);

	for (unsigned i = 0; i < n; i++)
		printf("%-20s %s\n", m[i].name, m[i].desc ? m[i].desc : "");
}

/* 0: run; 1: exit 0 (help); -1: usage error. */
static int parse_args(int argc, char **argv, struct user_opts *o)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "--stats")) {
			o->stats = true;
		} else if ((!strcmp(a, "--cpu") || !strcmp(a, "-cpu")) &&
			   i + 1 < argc) {
			o->cpu = argv[++i];
			if (!strcmp(o->cpu, "help")) {
				list_cpus();
				return 1;
			}
		} else if (!strcmp(a, "-d") && i + 1 < argc) {
			const char *bad = NULL;

			if (log_parse_trace(argv[++i], &log_trace_mask,
					    &bad) < 0) {
				fprintf(stderr, "mipsvz-user: unknown trace "
					"'%s' (have %s)\n", bad,
					log_trace_names());
				return -1;
			}
		} else {
			fprintf(stderr, "mipsvz-user: unknown option '%s'\n",
				a);
			usage(stderr);
			return -1;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return -1;
	}
	o->argi = i;
	return 0;
}

/* MIPS Linux signal numbers -> the host's, so the exit status a shell
 * sees is what it would see for a native program (qemu-user does the
 * same by killing itself with the host signal). */
static int host_signal(int mips_sig)
{
	static const int map[32] = {
		[1] = SIGHUP, [2] = SIGINT, [3] = SIGQUIT, [4] = SIGILL,
		[5] = SIGTRAP, [6] = SIGABRT, [7] = SIGSYS, [8] = SIGFPE,
		[9] = SIGKILL, [10] = SIGBUS, [11] = SIGSEGV, [12] = SIGSYS,
		[13] = SIGPIPE, [14] = SIGALRM, [15] = SIGTERM,
		[16] = SIGUSR1, [17] = SIGUSR2, [18] = SIGCHLD, [19] = SIGPWR,
		[20] = SIGWINCH, [21] = SIGURG, [22] = SIGIO, [23] = SIGSTOP,
		[24] = SIGTSTP, [25] = SIGCONT, [26] = SIGTTIN,
		[27] = SIGTTOU, [28] = SIGVTALRM, [29] = SIGPROF,
		[30] = SIGXCPU, [31] = SIGXFSZ,
	};

	return mips_sig > 0 && mips_sig < 32 && map[mips_sig] ? map[mips_sig] :
								  SIGKILL;
}

enum { MSIG_ILL = 4, MSIG_TRAP = 5, MSIG_FPE = 8, MSIG_BUS = 10,
       MSIG_SEGV = 11 };

/* Linux's do_bp/do_tr: codes 6 and 7 are the compiler's overflow and
 * divide-by-zero checks and raise SIGFPE; other codes SIGTRAP. */
static int trap_signal(unsigned code)
{
	return code == 6 || code == 7 ? MSIG_FPE : MSIG_TRAP;
}

static int exc_signal(const struct soft_exc *x)
{
	switch (x->code) {
	case EXC_RI:
	case EXC_CPU:
		return MSIG_ILL;
	case EXC_BP: {
		/* Linux's do_bp: the 20-bit code field, with the halves
		 * swapped when the upper one is used (assemblers put a lone
		 * code in bits 25..16). */
		unsigned code = (x->insn >> 6) & 0xfffff;

		if (code >= 1024)
			code = ((code & 0x3ff) << 10) | (code >> 10);
		return trap_signal(code);
	}
	case EXC_TR:
		/* register forms keep a 10-bit code; immediate forms none */
		return (x->insn >> 26) == 0 ?
		       trap_signal((x->insn >> 6) & 0x3ff) : MSIG_TRAP;
	case EXC_OV:
	case EXC_FPE:
		return MSIG_FPE;
	case EXC_ADEL:
	case EXC_ADES:
		return MSIG_BUS;
	default:
		return MSIG_SEGV;
	}
}

/* RDHWR rt, $29 (UserLocal) is how glibc finds its thread pointer. A
 * CPU without the R2 RDHWR traps it as Reserved Instruction and Linux
 * emulates it; so do we. */
static bool emulate_rdhwr(struct user_proc *p, const struct soft_exc *x)
{
	uint32_t i = x->insn;
	unsigned rt = (i >> 16) & 31, rd = (i >> 11) & 31;

	if ((i & 0xffe007ffu) != 0x7c00003bu || rd != 29 || x->in_delay_slot)
		return false;
	if (rt)
		soft_cpu_set_reg(p->cpu, VCPU_REG_GPR + rt,
				 p->n64 ? p->tls : (uint64_t)(int64_t)
						   (int32_t)p->tls);
	soft_cpu_set_reg(p->cpu, VCPU_REG_PC, x->pc + 4);
	return true;
}

/* Runs until the program exits or dies; returns the exit status. */
static int user_run(struct user_proc *p)
{
	struct soft_exc x;

	for (;;) {
		enum soft_stop s = soft_cpu_run(p->cpu, 1u << 24, &x);
		int sig;

		if (s != SOFT_STOP_EXCEPTION)
			continue;
		if (x.code == EXC_SYS && !x.in_delay_slot) {
			soft_cpu_set_reg(p->cpu, VCPU_REG_PC, x.pc + 4);
			user_syscall(p);
			if (!p->exited)
				continue;
			if (!p->term_signal)
				return p->exit_code;
			sig = p->term_signal;
		} else if (x.code == EXC_RI && emulate_rdhwr(p, &x)) {
			continue;
		} else {
			sig = exc_signal(&x);
			TRACE(TRACE_CPU, "exception %d at pc 0x%" PRIx64
			      " badvaddr 0x%" PRIx64 " insn 0x%08x%s",
			      x.code, x.pc, x.badvaddr, x.insn,
			      x.in_delay_slot ? " (delay slot)" : "");
		}
		fflush(stdout);
		fprintf(stderr, "mipsvz-user: uncaught signal %d (%s) at pc "
			"0x%" PRIx64 "\n", sig, strsignal(host_signal(sig)),
			x.pc);
		return 128 + host_signal(sig);
	}
}

int main(int argc, char **argv)
{
	struct user_opts o = { 0 };
	struct user_proc *p;
	struct err e = { "" };
	uint64_t t0, t1, n;
	int r;

	r = parse_args(argc, argv, &o);
	if (r)
		return r > 0 ? 0 : 2;
	p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "mipsvz-user: out of memory\n");
		return 1;
	}
	if (user_load(p, argv[o.argi], argv + o.argi, environ, o.cpu,
		      &e) < 0) {
		fprintf(stderr, "mipsvz-user: %s\n", e.msg);
		user_free(p);
		free(p);
		return 1;
	}
	t0 = host_now_ns();
	r = user_run(p);
	t1 = host_now_ns();
	if (o.stats) {
		double secs = (t1 - t0) / 1e9;

		n = soft_cpu_icount(p->cpu);
		fprintf(stderr, "mipsvz-user: stats: %" PRIu64 " instructions"
			" in %.3f s, %.1f MIPS (cpu %s)\n", n, secs,
			secs > 0 ? n / secs / 1e6 : 0.0, p->model->name);
	}
	user_free(p);
	free(p);
	return r;
}
