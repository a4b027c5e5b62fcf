/* /init for the SGI guest kernels: a freestanding program (no libc —
 * Debian's cross glibc is MIPS32r2 code, Reserved Instruction on the
 * R4000/R4400/R5000 CPUs these kernels run on). It prints a marker and
 * what the tests check (CPU, RTC, interrupts, SCSI), runs a small CRC
 * benchmark, then powers the machine off.
 *
 * Kernel command-line switches: mipsvz.shell=1 keeps the machine up
 * (prints and then sleeps), sgibench=N sets the benchmark passes,
 * mipsvz.test=disk mounts the SCSI disk (ext2 on /dev/sda) and CD-ROM
 * (ISO 9660 on /dev/sr0), reads and writes files and times the disk. */

#define NR_BASE 4000	/* o32 */
#define NR_exit (NR_BASE + 1)
#define NR_read (NR_BASE + 3)
#define NR_write (NR_BASE + 4)
#define NR_open (NR_BASE + 5)
#define NR_close (NR_BASE + 6)
#define NR_getpid (NR_BASE + 20)
#define NR_mount (NR_BASE + 21)
#define NR_pause (NR_BASE + 29)
#define NR_sync (NR_BASE + 36)
#define NR_mkdir (NR_BASE + 39)
#define NR_ioctl (NR_BASE + 54)
#define NR_reboot (NR_BASE + 88)
#define NR_uname (NR_BASE + 122)
#define NR_umount2 (NR_BASE + 52)
#define NR_fsync (NR_BASE + 118)
#define NR_clock_gettime (NR_BASE + 263)

#define O_WRONLY 1
#define O_CREAT 0x100	/* MIPS values */
#define O_TRUNC 0x200
#define MS_RDONLY 1

typedef unsigned long ulong;

/* o32: number in $2, arguments in $4-$7, error flag in $7. */
static long sys(long n, long a, long b, long c, long d)
{
	register long v0 __asm__("$2") = n;
	register long a0 __asm__("$4") = a;
	register long a1 __asm__("$5") = b;
	register long a2 __asm__("$6") = c;
	register long a3 __asm__("$7") = d;

	__asm__ volatile("syscall"
			 : "+r"(v0), "+r"(a3)
			 : "r"(a0), "r"(a1), "r"(a2)
			 : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13",
			   "$14", "$15", "$24", "$25", "hi", "lo", "memory");
	return a3 ? -v0 : v0;
}

/* o32 passes a fifth argument on the stack, at 16($sp). */
static long sys5(long n, long a, long b, long c, long d, long e)
{
	register long v0 __asm__("$2") = n;
	register long a0 __asm__("$4") = a;
	register long a1 __asm__("$5") = b;
	register long a2 __asm__("$6") = c;
	register long a3 __asm__("$7") = d;

	__asm__ volatile("addiu $sp, $sp, -32\n"
			 "sw %6, 16($sp)\n"
			 "syscall\n"
			 "addiu $sp, $sp, 32"
			 : "+r"(v0), "+r"(a3)
			 : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(e)
			 : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13",
			   "$14", "$15", "$24", "$25", "hi", "lo", "memory");
	return a3 ? -v0 : v0;
}

static ulong slen(const char *s)
{
	ulong n = 0;

	while (s[n])
		n++;
	return n;
}

static void puts1(const char *s)
{
	sys(NR_write, 1, (long)s, slen(s), 0);
}

static void putnum(ulong v, int base)
{
	char buf[24];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v && i > 0);
	puts1(buf + i);
}

static char filebuf[16384];

static void cat(const char *title, const char *path)
{
	long fd = sys(NR_open, (long)path, 0, 0, 0), n;

	puts1("--- ");
	puts1(title);
	puts1(" ---\n");
	if (fd < 0) {
		puts1("(cannot open ");
		puts1(path);
		puts1(")\n");
		return;
	}
	while ((n = sys(NR_read, fd, (long)filebuf, sizeof(filebuf), 0)) > 0)
		sys(NR_write, 1, (long)filebuf, n, 0);
	sys(NR_close, fd, 0, 0, 0);
}

static int cmdline_has(const char *cmd, const char *word)
{
	ulong n = slen(word);

	for (const char *p = cmd; *p; p++) {
		ulong i = 0;

		while (i < n && p[i] == word[i])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

static ulong cmdline_num(const char *cmd, const char *key, ulong dflt)
{
	ulong n = slen(key);

	for (const char *p = cmd; *p; p++) {
		ulong i = 0, v = 0;

		while (i < n && p[i] == key[i])
			i++;
		if (i != n)
			continue;
		for (p += n; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (*p - '0');
		return v;
	}
	return dflt;
}

/* struct rtc_time as the RTC_RD_TIME ioctl fills it. */
struct rtc_time {
	int sec, min, hour, mday, mon, year, wday, yday, isdst;
};
#define RTC_RD_TIME 0x40247009	/* _IOR('p', 0x09, struct rtc_time), MIPS */

static void print_rtc(void)
{
	long fd = sys(NR_open, (long)"/dev/rtc0", 0, 0, 0);
	struct rtc_time t;

	puts1("RTC ");
	if (fd < 0 || sys(NR_ioctl, fd, RTC_RD_TIME, (long)&t, 0) < 0) {
		puts1("unavailable\n");
		return;
	}
	putnum(t.year + 1900, 10);
	puts1("-");
	putnum(t.mon + 1, 10);
	puts1("-");
	putnum(t.mday, 10);
	puts1(" ");
	putnum(t.hour, 10);
	puts1(":");
	putnum(t.min, 10);
	puts1(":");
	putnum(t.sec, 10);
	puts1("\n");
	sys(NR_close, fd, 0, 0, 0);
}

static unsigned crc_table[256];
static unsigned char bench_buf[65536];

static void bench(ulong passes)
{
	struct { long sec, nsec; } t0, t1;
	unsigned crc = 0xffffffff, x = 12345;
	ulong ms;

	for (unsigned i = 0; i < 256; i++) {
		unsigned c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	for (ulong i = 0; i < sizeof(bench_buf); i++) {
		x = x * 1103515245 + 12345;
		bench_buf[i] = x >> 16;
	}
	sys(NR_clock_gettime, 1, (long)&t0, 0, 0);
	for (ulong p = 0; p < passes; p++) {
		bench_buf[0] ^= crc;	/* chain the passes */
		for (ulong i = 0; i < sizeof(bench_buf); i++)
			crc = crc_table[(crc ^ bench_buf[i]) & 0xff] ^
			      (crc >> 8);
	}
	sys(NR_clock_gettime, 1, (long)&t1, 0, 0);
	ms = (t1.sec - t0.sec) * 1000 + (t1.nsec - t0.nsec) / 1000000;
	puts1("SGI-BENCH crc32 passes=");
	putnum(passes, 10);
	puts1(" elapsed_ms=");
	putnum(ms, 10);
	puts1(" checksum=0x");
	putnum(crc, 16);
	puts1("\n");
}

static long now_ms(void)
{
	struct { long sec, nsec; } t;

	sys(NR_clock_gettime, 1, (long)&t, 0, 0);
	return t.sec * 1000 + t.nsec / 1000000;
}

static void report(const char *what, long rc)
{
	puts1(what);
	if (rc < 0) {
		puts1(" FAILED errno=");
		putnum(-rc, 10);
		puts1("\n");
	} else {
		puts1(" ok\n");
	}
}

/* MB/s with one decimal, from bytes and milliseconds. */
static void put_rate(ulong bytes, long ms)
{
	ulong tenths = ms > 0 ? bytes / 1000 * 10 / 1000 * 1000 / ms : 0;

	putnum(tenths / 10, 10);
	puts1(".");
	putnum(tenths % 10, 10);
	puts1(" MB/s");
}

static void show_file(const char *tag, const char *path)
{
	long fd = sys(NR_open, (long)path, 0, 0, 0), n;

	puts1(tag);
	if (fd < 0) {
		puts1("(cannot open)\n");
		return;
	}
	n = sys(NR_read, fd, (long)filebuf, sizeof(filebuf) - 1, 0);
	sys(NR_close, fd, 0, 0, 0);
	filebuf[n > 0 ? n : 0] = 0;
	puts1(filebuf);
}

static const char newfile_text[] = "written by the SGI guest through sgiwd93\n";

static void disk_test(void)
{
	long fd, rc, t0, ms;
	ulong total = 0;

	sys(NR_mkdir, (long)"/mnt", 0755, 0, 0);
	sys(NR_mkdir, (long)"/cdrom", 0755, 0, 0);
	rc = sys5(NR_mount, (long)"/dev/sda", (long)"/mnt", (long)"ext2", 0, 0);
	report("DISK-MOUNT", rc);
	if (rc >= 0) {
		show_file("DISK-READ: ", "/mnt/hello.txt");
		fd = sys(NR_open, (long)"/mnt/newfile",
			 O_WRONLY | O_CREAT | O_TRUNC, 0644, 0);
		rc = fd < 0 ? fd : sys(NR_write, fd, (long)newfile_text,
				       sizeof(newfile_text) - 1, 0);
		if (fd >= 0)
			rc = rc < 0 ? rc : sys(NR_fsync, fd, 0, 0, 0);
		if (fd >= 0)
			sys(NR_close, fd, 0, 0, 0);
		report("DISK-WRITE", rc);
		/* write throughput: 4 MiB then fsync */
		for (ulong i = 0; i < sizeof(bench_buf); i++)
			bench_buf[i] = i * 7;
		fd = sys(NR_open, (long)"/mnt/big", O_WRONLY | O_CREAT | O_TRUNC,
			 0644, 0);
		t0 = now_ms();
		for (int i = 0; fd >= 0 && i < 64; i++)
			total += sys(NR_write, fd, (long)bench_buf,
				     sizeof(bench_buf), 0);
		if (fd >= 0) {
			sys(NR_fsync, fd, 0, 0, 0);
			sys(NR_close, fd, 0, 0, 0);
		}
		ms = now_ms() - t0;
		puts1("DISK-THROUGHPUT write ");
		put_rate(total, ms);
		puts1("\n");
		rc = sys(NR_umount2, (long)"/mnt", 0, 0, 0);
		report("DISK-UMOUNT", rc);
	}
	/* read throughput: the raw device, 8 MiB */
	fd = sys(NR_open, (long)"/dev/sda", 0, 0, 0);
	total = 0;
	t0 = now_ms();
	for (int i = 0; fd >= 0 && i < 128; i++) {
		rc = sys(NR_read, fd, (long)bench_buf, sizeof(bench_buf), 0);
		if (rc <= 0)
			break;
		total += rc;
	}
	ms = now_ms() - t0;
	if (fd >= 0)
		sys(NR_close, fd, 0, 0, 0);
	puts1("DISK-THROUGHPUT read ");
	put_rate(total, ms);
	puts1("\n");
	rc = sys5(NR_mount, (long)"/dev/sr0", (long)"/cdrom", (long)"iso9660",
		  MS_RDONLY, 0);
	report("CD-MOUNT", rc);
	if (rc >= 0) {
		show_file("CD-READ: ", "/cdrom/readme.txt");
		sys(NR_umount2, (long)"/cdrom", 0, 0, 0);
	}
	sys(NR_sync, 0, 0, 0, 0);
}

int main(void)
{
	static char cmd[1024];
	struct { char f[6][65]; } uts;
	long fd, n = 0;
	int pid1 = sys(NR_getpid, 0, 0, 0, 0) == 1;

	if (pid1) {
		sys(NR_mkdir, (long)"/proc", 0555, 0, 0);
		sys(NR_mkdir, (long)"/sys", 0555, 0, 0);
		sys(NR_mkdir, (long)"/dev", 0755, 0, 0);
		sys(NR_mount, (long)"proc", (long)"/proc", (long)"proc", 0);
		sys(NR_mount, (long)"sysfs", (long)"/sys", (long)"sysfs", 0);
		sys(NR_mount, (long)"devtmpfs", (long)"/dev",
		    (long)"devtmpfs", 0);
	}
	puts1("\nSGI-GUEST-READY\n");
	if (sys(NR_uname, (long)&uts, 0, 0, 0) == 0) {
		puts1("uname: ");
		for (int i = 0; i < 5; i++) {
			puts1(uts.f[i]);
			puts1(" ");
		}
		puts1("\n");
	}
	fd = sys(NR_open, (long)"/proc/cmdline", 0, 0, 0);
	if (fd >= 0) {
		n = sys(NR_read, fd, (long)cmd, sizeof(cmd) - 1, 0);
		sys(NR_close, fd, 0, 0, 0);
	}
	cmd[n > 0 ? n : 0] = 0;
	cat("cmdline", "/proc/cmdline");
	cat("cpuinfo", "/proc/cpuinfo");
	cat("meminfo", "/proc/meminfo");
	cat("interrupts", "/proc/interrupts");
	cat("scsi", "/proc/scsi/scsi");
	print_rtc();
	bench(cmdline_num(cmd, "sgibench=", 8));
	if (cmdline_has(cmd, "mipsvz.test=disk"))
		disk_test();
	puts1("SGI-GUEST-DONE\n");
	if (!pid1)
		return 0;
	sys(NR_sync, 0, 0, 0, 0);
	if (!cmdline_has(cmd, "mipsvz.shell=1")) {
		/* LINUX_REBOOT_MAGIC1/2, CMD_POWER_OFF then CMD_HALT */
		sys(NR_reboot, 0xfee1dead, 672274793, 0x4321fedc, 0);
		sys(NR_reboot, 0xfee1dead, 672274793, 0xcdef0123, 0);
	}
	for (;;)
		sys(NR_pause, 0, 0, 0, 0);
}

/* Entry: the kernel starts us with argc at 0($sp); we need none of it. */
__asm__(".text\n"
	".globl __start\n"
	".set noreorder\n"
	"__start:\n"
	"	addiu $sp, $sp, -32\n"
	"	jal main\n"
	"	nop\n"
	"	move $4, $2\n"
	"	li $2, 4001\n"
	"	syscall\n"
	".set reorder\n");
