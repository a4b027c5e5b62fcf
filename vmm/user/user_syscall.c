/* System call entry for mipsvz-user: the MIPS Linux convention (number
 * in v0, arguments in a0-a3 and then on the stack for o32 or in a4-a7
 * for n64, result in v0 with a3 = 0 / 1 and a positive errno on error),
 * number tables for o32 (4000 + n) and n64 (5000 + n), and errno values
 * translated from the host's numbering to MIPS's. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../log.h"
#include "user.h"

#define O32_BASE 4000
#define N64_BASE 5000
#define REG_V0 2
#define REG_A0 4
#define REG_A3 7
#define REG_SP 29

/* MIPS Linux shares errno 1-34 with every other port and renumbers the
 * rest (arch/mips/include/uapi/asm/errno.h). */
int user_errno(int err)
{
	switch (err) {
	case ENOMSG: return 35;
	case EIDRM: return 36;
	case ECHRNG: return 37;
	case EL2NSYNC: return 38;
	case EL3HLT: return 39;
	case EL3RST: return 40;
	case ELNRNG: return 41;
	case EUNATCH: return 42;
	case ENOCSI: return 43;
	case EL2HLT: return 44;
	case EDEADLK: return 45;
	case ENOLCK: return 46;
	case EBADE: return 50;
	case EBADR: return 51;
	case EXFULL: return 52;
	case ENOANO: return 53;
	case EBADRQC: return 54;
	case EBADSLT: return 55;
	case EBFONT: return 59;
	case ENOSTR: return 60;
	case ENODATA: return 61;
	case ETIME: return 62;
	case ENOSR: return 63;
	case ENONET: return 64;
	case ENOPKG: return 65;
	case EREMOTE: return 66;
	case ENOLINK: return 67;
	case EADV: return 68;
	case ESRMNT: return 69;
	case ECOMM: return 70;
	case EPROTO: return 71;
	case EDOTDOT: return 73;
	case EMULTIHOP: return 74;
	case EBADMSG: return 77;
	case ENAMETOOLONG: return 78;
	case EOVERFLOW: return 79;
	case ENOTUNIQ: return 80;
	case EBADFD: return 81;
	case EREMCHG: return 82;
	case ELIBACC: return 83;
	case ELIBBAD: return 84;
	case ELIBSCN: return 85;
	case ELIBMAX: return 86;
	case ELIBEXEC: return 87;
	case EILSEQ: return 88;
	case ENOSYS: return 89;
	case ELOOP: return 90;
	case ERESTART: return 91;
	case ESTRPIPE: return 92;
	case ENOTEMPTY: return 93;
	case EUSERS: return 94;
	case ENOTSOCK: return 95;
	case EDESTADDRREQ: return 96;
	case EMSGSIZE: return 97;
	case EPROTOTYPE: return 98;
	case ENOPROTOOPT: return 99;
	case EPROTONOSUPPORT: return 120;
	case ESOCKTNOSUPPORT: return 121;
	case EOPNOTSUPP: return 122;
	case EPFNOSUPPORT: return 123;
	case EAFNOSUPPORT: return 124;
	case EADDRINUSE: return 125;
	case EADDRNOTAVAIL: return 126;
	case ENETDOWN: return 127;
	case ENETUNREACH: return 128;
	case ENETRESET: return 129;
	case ECONNABORTED: return 130;
	case ECONNRESET: return 131;
	case ENOBUFS: return 132;
	case EISCONN: return 133;
	case ENOTCONN: return 134;
	case EUCLEAN: return 135;
	case ENOTNAM: return 137;
	case ENAVAIL: return 138;
	case EISNAM: return 139;
	case EREMOTEIO: return 140;
	case ESHUTDOWN: return 143;
	case ETOOMANYREFS: return 144;
	case ETIMEDOUT: return 145;
	case ECONNREFUSED: return 146;
	case EHOSTDOWN: return 147;
	case EHOSTUNREACH: return 148;
	case EALREADY: return 149;
	case EINPROGRESS: return 150;
	case ESTALE: return 151;
	case ECANCELED: return 158;
	case ENOMEDIUM: return 159;
	case EMEDIUMTYPE: return 160;
	case ENOKEY: return 161;
	case EKEYEXPIRED: return 162;
	case EKEYREVOKED: return 163;
	case EKEYREJECTED: return 164;
	case EOWNERDEAD: return 165;
	case ENOTRECOVERABLE: return 166;
	case ERFKILL: return 167;
	case EHWPOISON: return 168;
	case EDQUOT: return 1133;
	}
	return err;
}

static const struct user_sys *user_sys_find(const struct user_proc *p,
					    int nr)
{
	const struct user_sys *tables[] = { user_sys_file, user_sys_proc };

	for (unsigned t = 0; t < 2; t++)
		for (const struct user_sys *s = tables[t]; s->name; s++)
			if ((p->n64 ? s->n64 : s->o32) == nr)
				return s;
	return NULL;
}

static uint64_t get_gpr(struct user_proc *p, unsigned r)
{
	uint64_t v = 0;

	soft_cpu_get_reg(p->cpu, VCPU_REG_GPR + r, &v);
	return v;
}

static void set_gpr(struct user_proc *p, unsigned r, uint64_t v)
{
	/* o32 values live sign-extended in 64-bit registers. */
	if (!p->n64)
		v = (uint64_t)(int64_t)(int32_t)v;
	soft_cpu_set_reg(p->cpu, VCPU_REG_GPR + r, v);
}

static void fetch_args(struct user_proc *p, struct user_args *a)
{
	for (unsigned i = 0; i < 4; i++)
		a->a[i] = user_ulong(p, get_gpr(p, REG_A0 + i));
	if (p->n64) {
		for (unsigned i = 4; i < 8; i++)
			a->a[i] = get_gpr(p, REG_A0 + i);
		return;
	}
	/* o32 passes arguments 5..8 in the caller's stack frame, above the
	 * 16-byte home area of a0-a3. An unreadable slot reads as 0; the
	 * call then fails on its own checks. */
	uint64_t sp = get_gpr(p, REG_SP);

	for (unsigned i = 4; i < 8; i++) {
		uint64_t v = 0;

		umem_get(p, sp + 4 * i, 4, &v);
		a->a[i] = v;
	}
}

void user_syscall(struct user_proc *p)
{
	int base = p->n64 ? N64_BASE : O32_BASE;
	int nr = (int)(int32_t)get_gpr(p, REG_V0) - base;
	const struct user_sys *s = user_sys_find(p, nr);
	struct user_args a = { .nr = nr };
	int64_t r;

	fetch_args(p, &a);
	if (s) {
		r = s->fn(p, &a);
	} else {
		r = -ENOSYS;
		TRACE(TRACE_SYSCALL, "unknown syscall %d (%s %d)",
		      nr + base, p->n64 ? "n64" : "o32", nr);
	}
	if (p->exited) {
		TRACE(TRACE_SYSCALL, "%s(%" PRId64 ") -> exit", s->name,
		      (int64_t)a.a[0]);
		return;
	}
	if (s && r < 0 && r >= -4095)
		TRACE(TRACE_SYSCALL, "%s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%"
		      PRIx64 ", 0x%" PRIx64 ") = -1 errno %d (%s)", s->name,
		      a.a[0], a.a[1], a.a[2], a.a[3], user_errno((int)-r),
		      strerror((int)-r));
	else if (s)
		TRACE(TRACE_SYSCALL, "%s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%"
		      PRIx64 ", 0x%" PRIx64 ") = 0x%" PRIx64, s->name,
		      a.a[0], a.a[1], a.a[2], a.a[3], (uint64_t)r);
	if (r < 0 && r >= -4095) {
		set_gpr(p, REG_V0, user_errno((int)-r));
		set_gpr(p, REG_A3, 1);
	} else {
		set_gpr(p, REG_V0, r);
		set_gpr(p, REG_A3, 0);
	}
}
