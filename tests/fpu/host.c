/* Host side of the FPU differential test: the same line protocol as
 * runner.c, executed by vmm/cpu/fpu.c.
 * usage: host FR ISA TRAP FIR   (ISA as enum isa_level, FIR in hex) */
#include <stdio.h>
#include <stdlib.h>

#include "vmm/cpu/fpu.h"

int main(int argc, char **argv)
{
	struct cpu_model m = { .name = "diff" };
	uint64_t gpr[32] = { 0 };
	struct fpu f;
	char line[2048];
	int fr;

	if (argc != 5) {
		fprintf(stderr, "usage: %s FR ISA TRAP FIR\n", argv[0]);
		return 2;
	}
	fr = atoi(argv[1]);
	m.isa = (enum isa_level)atoi(argv[2]);
	m.flags = atoi(argv[3]) ? CPU_FPU_DENORM_TRAP : 0;
	m.fir = strtoul(argv[4], NULL, 16);
	fpu_reset(&f, &m);
	f.fr = fr;
	while (fgets(line, sizeof(line), stdin)) {
		char *p = line;
		uint32_t insn = strtoul(p, &p, 16);
		uint32_t fcsr = strtoul(p, &p, 16);
		enum fpu_result r;

		gpr[8] = strtoull(p, &p, 16);
		for (int i = 0; i < 32; i++)
			f.fpr[i] = strtoul(p, &p, 16);
		for (int i = 0; i < 32; i++)
			f.fpr[i] |= (uint64_t)strtoul(p, &p, 16) << 32;
		f.fcsr = 0;
		if (fpu_ctc1(&f, 31, fcsr) != FPU_OK) {
			printf("FPE %08x\n", f.fcsr);
			continue;
		}
		if (insn == 0)
			r = FPU_OK;
		else if ((insn >> 26) == 0x11)
			r = fpu_exec_cop1(&f, insn, gpr);
		else
			r = fpu_exec_cop1x(&f, insn);
		if (r == FPU_RI) {
			printf("ILL\n");
			continue;
		}
		if (r == FPU_FPE) {
			printf("FPE %08x\n", f.fcsr);
			continue;
		}
		printf("OK %08x", f.fcsr);
		for (int i = 0; i < 32; i++)
			printf(" %08x", (uint32_t)f.fpr[i]);
		if (fr)
			for (int i = 0; i < 32; i++)
				printf(" %08x", (uint32_t)(f.fpr[i] >> 32));
		printf("\n");
	}
	return 0;
}
