/* Guest side of the FPU differential test (fpu_qemu.test.sh), a static
 * MIPS program run under qemu-user. For each stdin line
 *   insn fcsr gpr8 lo0..lo31 hi0..hi31        (hex)
 * it loads $f0..$f31 (LWC1, plus MTHC1 for the high halves when argv[1]
 * is 1, i.e. FR=1), $8 and FCSR, runs the one instruction from an
 * executable page and prints
 *   OK fcsr lo0..lo31 [hi0..hi31] | FPE fcsr | ILL
 * (FCSR at the SIGFPE is read in the handler). host.c prints the same
 * for vmm/cpu/fpu.c. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct st {
	uint32_t lo[32];
	uint32_t hi[32];
	uint32_t fcsr;
	uint32_t pad;
	uint64_t gpr;
};

static sigjmp_buf jb;
static volatile int sig;
static volatile uint32_t trap_fcsr;

static void handler(int s, siginfo_t *si, void *uc)
{
	uint32_t v;
	sig = s;
	__asm__ volatile("cfc1 %0, $31" : "=r"(v));
	trap_fcsr = v;
	/* clear cause and enables so nothing traps again */
	v &= ~0x3ff80u;
	__asm__ volatile("ctc1 %0, $31" :: "r"(v));
	siglongjmp(jb, 1);
}

#define A0 4
#define T0 8
static uint32_t *emit;
static void e(uint32_t w) { *emit++ = w; }

int main(int argc, char **argv)
{
	int fr = argc > 1 && atoi(argv[1]);
	uint32_t *buf = mmap(0, 65536, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGFPE, &sa, 0);
	sigaction(SIGILL, &sa, 0);
	char line[2048];
	static struct st s;
	unsigned page = 0;
	while (fgets(line, sizeof(line), stdin)) {
		char *p = line;
		uint32_t insn = strtoul(p, &p, 16);
		s.fcsr = strtoul(p, &p, 16);
		s.gpr = strtoull(p, &p, 16);
		for (int i = 0; i < 32; i++)
			s.lo[i] = strtoul(p, &p, 16);
		for (int i = 0; i < 32; i++)
			s.hi[i] = strtoul(p, &p, 16);
		/* a fresh code area each time: no stale translation */
		emit = buf + (page++ % 64) * 256;
		uint32_t *code = emit;
		for (int i = 0; i < 32; i++) {
			e(0x31u << 26 | A0 << 21 | i << 16 | (4 * i));
			if (fr) {
				e(0x23u << 26 | A0 << 21 | T0 << 16 | (128 + 4 * i));
				e(0x11u << 26 | 7 << 21 | T0 << 16 | i << 11);
			}
		}
#if _MIPS_SIM == _ABI64
		e(0x37u << 26 | A0 << 21 | T0 << 16 | 264);	/* ld t0 */
#else
		e(0x23u << 26 | A0 << 21 | T0 << 16 | 264 + 4 * (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__));
#endif
		e(0x23u << 26 | A0 << 21 | 9 << 16 | 256);	/* lw t1 fcsr */
		e(0x11u << 26 | 6 << 21 | 9 << 16 | 31 << 11);	/* ctc1 t1 */
		e(insn);
		e(0);
		e(0x11u << 26 | 2 << 21 | 9 << 16 | 31 << 11);	/* cfc1 t1 */
		e(0x2bu << 26 | A0 << 21 | 9 << 16 | 256);
		for (int i = 0; i < 32; i++) {
			e(0x39u << 26 | A0 << 21 | i << 16 | (4 * i));
			if (fr) {
				e(0x11u << 26 | 3 << 21 | T0 << 16 | i << 11);
				e(0x2bu << 26 | A0 << 21 | T0 << 16 | (128 + 4 * i));
			}
		}
		e(0x03e00008);
		e(0);
		__builtin___clear_cache((char *)code, (char *)emit);
		sig = 0;
		if (sigsetjmp(jb, 1) == 0) {
			((void (*)(struct st *))code)(&s);
			printf("OK %08x", s.fcsr);
			for (int i = 0; i < 32; i++)
				printf(" %08x", s.lo[i]);
			if (fr)
				for (int i = 0; i < 32; i++)
					printf(" %08x", s.hi[i]);
			printf("\n");
		} else if (sig == SIGFPE) {
			printf("FPE %08x\n", trap_fcsr);
		} else {
			printf("ILL\n");
		}
		fflush(stdout);
	}
	return 0;
}
