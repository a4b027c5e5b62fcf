/* A bare-metal ARCS client, loaded by the firmware (--kernel or "boot
 * -f"): it makes the calls Linux, sash and IRIX make and prints one
 * PASS/FAIL line per check through ARCS Write, then a final marker, then
 * powers the machine off (mipsvz exits 0). Freestanding, big-endian
 * ELF32, MIPS III (R4x00-safe). Arguments: "noff" = return to the PROM
 * instead of PowerDown; "expect-argc=N" checks argc. */
#include "arcs-guest.h"

static int npass, nfail;

static unsigned slen(const char *s)
{
	unsigned n = 0;

	while (s[n])
		n++;
	return n;
}

static int seq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int sprefix(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static void puts_(const char *s)
{
	u32 n;

	ARCS4(FV_WRITE, 1, s, slen(s), &n);
}

static void puthex(u32 v)
{
	char b[11];

	b[0] = '0';
	b[1] = 'x';
	for (int i = 0; i < 8; i++) {
		unsigned d = (v >> (28 - 4 * i)) & 15;

		b[2 + i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	b[10] = 0;
	puts_(b);
}

static void putdec(u32 v)
{
	char b[12];
	int i = 11;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i);
	puts_(b + i);
}

static void check(const char *name, int ok, u32 detail)
{
	puts_(ok ? "PASS " : "FAIL ");
	puts_(name);
	if (!ok) {
		puts_(" (");
		puthex(detail);
		puts_(")");
	}
	puts_("\r\n");
	if (ok)
		npass++;
	else
		nfail++;
}

static struct arcs_component *child(struct arcs_component *c)
{
	return (struct arcs_component *)ARCS1(FV_GETCHILD, c);
}

static struct arcs_component *peer(struct arcs_component *c)
{
	return (struct arcs_component *)ARCS1(FV_GETPEER, c);
}

/* Depth-first walk: count nodes, find CPU, caches, memory. */
static unsigned nnodes, ncaches, nmem, ncpu, nbadparent;
static struct arcs_component *cpu;

static void walk(struct arcs_component *c, struct arcs_component *parent,
		 int depth)
{
	for (; c && nnodes < 200; c = peer(c)) {
		nnodes++;
		if ((struct arcs_component *)ARCS1(FV_GETPARENT, c) != parent)
			nbadparent++;
		if (c->class == 1 && c->type == 1) {
			ncpu++;
			cpu = c;
		}
		if (c->class == 2)
			ncaches++;
		if (c->class == 3 && c->type == 8)
			nmem++;
		if (depth < 8)
			walk(child(c), c, depth + 1);
	}
}

static char linebuf[64];

int arcs_main(int argc, char **argv, char **envp)
{
	struct arcs_component *root;
	struct arcs_mdesc *md;
	const char *v;
	u32 n, fd, freepages = 0, mine = 0, badtype = 0, count = 0;
	u32 self = (u32)&arcs_main & 0x1fffffff;
	int noff = 0, want_argc = -1, envok = 0;
	s32 r;

	puts_("ARCS-TEST start\r\n");
	for (int i = 1; i < argc; i++) {
		if (seq(argv[i], "noff"))
			noff = 1;
		if (sprefix(argv[i], "expect-argc="))
			want_argc = argv[i][12] - '0';
	}
	check("spb-magic", SPB[0] == 0x53435241, SPB[0]);
	check("spb-version", (SPB[2] >> 16) == 1, SPB[2]);
	check("spb-vector-length", SPB[7] >= 0x8c, SPB[7]);
	check("argv0", argc >= 1 && argv[0] && argv[0][0], (u32)argc);
	if (want_argc >= 0)
		check("argc", argc == want_argc, (u32)argc);
	for (int i = 0; envp && envp[i] && i < 64; i++)
		if (sprefix(envp[i], "console="))
			envok = 1;
	check("envp-console", envok, 0);

	/* Component tree (Linux: GetChild(NULL) must be "SGI-IP22") */
	root = child(0);
	check("root", root && root->class == 0 && root->ilen == 8 &&
	      seq((const char *)root->ident, "SGI-IP22"), (u32)root);
	walk(root, 0, 0);
	check("tree-cpu", ncpu == 1 && cpu && sprefix((const char *)cpu->ident,
						      "MIPS-R"), ncpu);
	check("tree-caches", ncaches >= 2, ncaches);
	check("tree-memory", nmem == 1, nmem);
	check("tree-parents", nbadparent == 0, nbadparent);
	check("getcomponent", (struct arcs_component *)
	      ARCS1(FV_GETCOMPONENT, "cpu(0)") == cpu, 0);
	check("configdata", ARCS2(FV_GETCONFIGDATA, linebuf, root) == 0, 0);

	/* Memory descriptors: free memory, and our own pages reserved */
	for (md = (struct arcs_mdesc *)ARCS1(FV_GETMEMDESC, 0); md && count < 64;
	     md = (struct arcs_mdesc *)ARCS1(FV_GETMEMDESC, md)) {
		count++;
		if (md->type > 7)
			badtype++;
		if (md->type == 2 || md->type == 3)
			freepages += md->pages;
		if (md->type == 5 && self >= md->base * 4096 &&
		    self < (md->base + md->pages) * 4096)
			mine = 1;
	}
	check("memdesc-free", freepages >= 1024 && badtype == 0, freepages);
	check("memdesc-loaded-program", mine, self);
	puts_("free memory: ");
	putdec(freepages / 256);
	puts_(" MB in ");
	putdec(count);
	puts_(" descriptors\r\n");

	/* Environment */
	v = (const char *)ARCS1(FV_GETENV, "console");
	check("getenv-console", v && (v[0] == 'd' || v[0] == 'g'), (u32)v);
	v = (const char *)ARCS1(FV_GETENV, "ConsoleOut");
	check("getenv-consoleout", v && sprefix(v, "serial("), (u32)v);
	v = (const char *)ARCS1(FV_GETENV, "eaddr");
	check("getenv-eaddr", v && slen(v) == 17 && v[2] == ':', (u32)v);
	check("getenv-missing", ARCS1(FV_GETENV, "NoSuchVariable") == 0, 0);
	r = ARCS2(FV_SETENV, "OSLoadOptions", "arcstest");
	v = (const char *)ARCS1(FV_GETENV, "OSLoadOptions");
	check("setenv-nvram", r == 0 && v && seq(v, "arcstest"), (u32)r);
	r = ARCS2(FV_SETENV, "mipsvztest", "hello world");
	v = (const char *)ARCS1(FV_GETENV, "mipsvztest");
	check("setenv-ram", r == 0 && v && seq(v, "hello world"), (u32)r);
	check("setenv-eaddr-protected",
	      ARCS2(FV_SETENV, "eaddr", "01:02:03:04:05:06") != 0, 0);

	/* Console I/O */
	r = ARCS4(FV_WRITE, 1, "write-through-arcs\r\n", 20, &n);
	check("write", r == 0 && n == 20, n);
	r = ARCS3(FV_OPEN, "serial(0)", 2, &fd);
	check("open-serial", r == 0 && fd > 1, (u32)r);
	if (r == 0) {
		r = ARCS4(FV_WRITE, fd, "opened-serial\r\n", 15, &n);
		check("write-opened", r == 0 && n == 15, (u32)r);
		check("close", ARCS1(FV_CLOSE, fd) == 0, 0);
		check("close-again", ARCS1(FV_CLOSE, fd) == 4, 0);
	}
	check("open-missing-disk",
	      ARCS3(FV_OPEN, "scsi(0)disk(7)rdisk(0)partition(0)", 0, &fd) != 0,
	      0);
	r = ARCS1(FV_GETREADSTATUS, 0);
	check("getreadstatus", r == 0 || r == 3, (u32)r);

	/* System id, time */
	v = (const char *)ARCS0(FV_GETSYSID);
	check("systemid", v && seq(v, "SGI"), (u32)v);
	{
		u16 *t = (u16 *)ARCS0(FV_GETTIME);

		check("gettime", t && t[0] >= 2020 && t[1] >= 1 && t[1] <= 12,
		      t ? t[0] : 0);
	}
	ARCS0(FV_GETRELTIME);
	ARCS0(FV_FLUSHCACHES);

	/* Hostile arguments: errors, not crashes */
	check("bad-getenv-pointer", ARCS1(FV_GETENV, 0x00001234) == 0, 0);
	check("bad-write-buffer",
	      ARCS4(FV_WRITE, 1, 0x7ff00000, 16, &n) == 6, 0);
	check("bad-fd", ARCS4(FV_WRITE, 99, "x", 1, &n) == 4, 0);
	check("bad-component", ARCS1(FV_GETCHILD, 0x80000000) == 0, 0);
	check("unimplemented", ARCS2(FV_ADDCHILD, 0, 0) != 0, 0);

	puts_("ARCS-TEST-DONE pass=");
	putdec((u32)npass);
	puts_(" fail=");
	putdec((u32)nfail);
	puts_("\r\n");
	if (!noff)
		ARCS0(FV_POWERDOWN);
	return nfail;
}
