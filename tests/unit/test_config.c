/* appliance.conf loading, checking, -s overrides and --print-config. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/test.h"
#include "vmm/config.h"

/* Load `text` as a file called name; the error message (or "") in e. */
static int load(struct config *c, const char *name, const char *text,
		struct err *e)
{
	config_defaults(c);
	e->msg[0] = 0;
	return config_load(c, test_write_file(name, text), e);
}

/* The load fails and the message contains `want` (after "NAME:"). */
static void expect_error(const char *text, const char *want)
{
	struct config c;
	struct err e;

	if (load(&c, "bad.conf", text, &e) == 0)
		test_fail(__FILE__, __LINE__, "loaded: %s", text);
	else
		CHECK_STR_CONTAINS(e.msg, want);
	config_free(&c);
}

static char *path_in_tmp(const char *name)
{
	static char buf[4][512];
	static int slot;
	char *p = buf[slot++ % 4];

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	return p;
}

static void test_defaults(void)
{
	struct config c;

	config_defaults(&c);
	CHECK(c.board == NULL);
	CHECK(c.cpu == NULL);
	CHECK_EQ(c.memory, 0);
	CHECK_STR_CONTAINS(c.firmware, "hle");
	CHECK_EQ(c.accel, ACCEL_AUTO);
	CHECK(c.serial[0] && !strcmp(c.serial[0], "stdio"));
	CHECK(c.serial[1] == NULL);
	CHECK(c.net && !strcmp(c.net, "slirp"));
	CHECK_EQ(c.ndrives, 0);
	CHECK_EQ(c.nhostfwd, 0);
	CHECK(!c.deterministic && !c.no_reboot);
	config_free(&c);
}

static void test_valid_file(void)
{
	struct config c;
	struct err e;

	test_write_file("disk0.img", "x");
	test_write_file("cd.iso", "x");
	test_write_file("vmlinux", "x");
	if (load(&c, "good.conf",
		 "# a full appliance\n"
		 "board = \"malta\";\n"
		 "cpu = \"24Kf\";\n"
		 "memory = \"256M\";\n"
		 "cpu_hz = 100000000;\n"
		 "kernel = \"vmlinux\";\n"
		 "append = \"console=ttyS0 root=/dev/sda1\";\n"
		 "firmware = \"hle\";\n"
		 "nvram = \"state/nvram.bin\";\n"
		 "serial = [ \"stdio\", \"none\", \"file:serial1.log\" ];\n"
		 "accel = \"soft\";\n"
		 "deterministic = true;\n"
		 "no_reboot = true;\n"
		 "ide = ( { image = \"disk0.img\"; type = \"disk\"; } );\n"
		 "scsi = ( { id = 4; type = \"cdrom\"; image = \"cd.iso\";\n"
		 "           overlay = \"cd.ovl\"; readonly = true; } );\n"
		 "net = { mode = \"slirp\"; hostfwd = [ \"tcp::2222-:22\" ];\n"
		 "        mac = \"52:54:00:12:34:56\"; };\n",
		 &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		return;
	}
	CHECK(!strcmp(c.board, "malta"));
	CHECK(!strcmp(c.cpu, "24Kf"));
	CHECK_EQ(c.memory, 256ull << 20);
	CHECK_EQ(c.cpu_hz, 100000000);
	CHECK(!strcmp(c.kernel, path_in_tmp("vmlinux")));
	CHECK(c.initrd == NULL);
	CHECK(!strcmp(c.append, "console=ttyS0 root=/dev/sda1"));
	CHECK(!strcmp(c.nvram, path_in_tmp("state/nvram.bin")));
	CHECK(!strcmp(c.serial[0], "stdio"));
	CHECK(!strcmp(c.serial[1], "none"));
	CHECK_STR_CONTAINS(c.serial[2], "file:/");
	CHECK_STR_CONTAINS(c.serial[2], "/serial1.log");
	CHECK_EQ(c.accel, ACCEL_SOFT);
	CHECK(c.deterministic && c.no_reboot);
	CHECK_EQ(c.ndrives, 2);
	CHECK(!strcmp(c.drives[0].bus, "ide"));
	CHECK(!strcmp(c.drives[0].type, "disk"));
	CHECK(!strcmp(c.drives[0].image, path_in_tmp("disk0.img")));
	CHECK_EQ(c.drives[0].id, -1);
	CHECK_EQ(c.drives[0].line, 14);
	CHECK(!strcmp(c.drives[1].bus, "scsi"));
	CHECK_EQ(c.drives[1].id, 4);
	CHECK(!strcmp(c.drives[1].type, "cdrom"));
	CHECK(c.drives[1].readonly);
	CHECK(!strcmp(c.drives[1].overlay, path_in_tmp("cd.ovl")));
	CHECK_EQ(c.nhostfwd, 1);
	CHECK(!strcmp(c.hostfwd[0], "tcp::2222-:22"));
	CHECK(!strcmp(c.macaddr, "52:54:00:12:34:56"));
	config_free(&c);
}

static void test_syntax_error(void)
{
	expect_error("board = \"malta\";\nmemory = ;\n", "bad.conf:2: ");
	expect_error("board = \"malta\";\nmemory = ;\n", "syntax error");
	expect_error("a = 1;\na = 2;\n", "bad.conf:2: duplicate setting");
}

static void test_unknown_setting(void)
{
	expect_error("board = \"malta\";\n\nmemroy = \"64M\";\n",
		     "bad.conf:3: unknown setting 'memroy' "
		     "(did you mean 'memory'?)");
	expect_error("frobnicate = 1;\n", "bad.conf:1: unknown setting "
		     "'frobnicate'");
	/* No hint for a word that is nothing like a setting. */
	{
		struct config c;
		struct err e;

		load(&c, "bad.conf", "frobnicate = 1;\n", &e);
		CHECK(!strstr(e.msg, "did you mean"));
		config_free(&c);
	}
	expect_error("ide = ( {\n  imgae = \"x\"; } );\n",
		     "bad.conf:2: unknown setting 'imgae' in ide[0] "
		     "(did you mean 'image'?)");
	expect_error("net = { mdoe = \"none\"; };\n",
		     "unknown setting 'mdoe' in net (did you mean 'mode'?)");
}

static void test_wrong_type(void)
{
	struct config c;
	struct err e;

	expect_error("memory = \"sixty\";\n",
		     "bad.conf:1: memory: \"sixty\" is not a size");
	expect_error("accel = 3;\n", "bad.conf:1: accel: expected one of "
		     "\"auto\", \"vz\", \"soft\", not an integer");
	expect_error("accel = \"sfot\";\n", "(did you mean \"soft\"?)");
	expect_error("deterministic = 1;\n", "deterministic: expected true "
		     "or false, not an integer");
	expect_error("kernel = 5;\n", "kernel: expected a file name");
	expect_error("memory = 1.5;\n", "memory: expected a size");
	expect_error("serial = [ 1 ];\n", "serial[0]: expected a string");
	expect_error("ide = \"disk.img\";\n", "ide: expected a list of groups");
	expect_error("net = \"none\";\n", "net: expected a group");
	expect_error("scsi = ( { id = \"one\"; image = \"x\"; } );\n",
		     "scsi[0].id: expected an integer, not a string");
	/* An integer size is bytes: the right type, but out of range. */
	expect_error("memory = 64;\n", "memory: 64 is out of range");
	expect_error("memory = 64;\n", "did you mean \"64M\"?");
	/* Plain sizes without units, as integers or strings. */
	CHECK_EQ(load(&c, "ok.conf", "memory = 268435456;\n", &e), 0);
	CHECK_EQ(c.memory, 256ull << 20);
	config_free(&c);
	CHECK_EQ(load(&c, "ok.conf", "memory = \"1G\";\n", &e), 0);
	CHECK_EQ(c.memory, 1ull << 30);
	config_free(&c);
	CHECK_EQ(load(&c, "ok.conf", "cpu_hz = \"133MHz\";\n", &e), 0);
	CHECK_EQ(c.cpu_hz, 133000000);
	config_free(&c);
}

static void test_out_of_range(void)
{
	expect_error("memory = \"128G\";\n", "memory: \"128G\" is out of "
		     "range (1M..64G, or 0)");
	expect_error("memory = -5;\n", "memory: -5 is out of range");
	expect_error("cpu_hz = 5;\n", "cpu_hz: 5 is out of range");
	expect_error("scsi = ( { id = 16; image = \"x\"; } );\n",
		     "scsi[0].id: 16 is out of range (-1..15)");
	expect_error("serial = [ \"stdio\", \"none\", \"none\", \"none\", "
		     "\"none\" ];\n", "at most 4");
	expect_error("serial = [ \"telnet:x\" ];\n",
		     "serial[0]: \"telnet:x\" is not a serial backend");
	expect_error("net = { hostfwd = [ \"tcp:2222:22\" ]; };\n",
		     "net.hostfwd[0]: \"tcp:2222:22\" is not a port forward");
	expect_error("net = { mac = \"52:54:00:12:34\"; };\n",
		     "net.mac: \"52:54:00:12:34\" is not a MAC address");
	expect_error("net = { mac = \"01:54:00:12:34:56\"; };\n",
		     "multicast");
}

/* libconfig 1.5 keeps the low 32 bits of 5000000000 (705032704). */
static void test_int_truncation(void)
{
	struct config c;
	struct err e;

	expect_error("board = \"x\";\nmemory = 5000000000;\n",
		     "bad.conf:2: memory: 5000000000 is out of range");
	expect_error("cpu_hz = 4294967296;\n", "cpu_hz: 4294967296 is out of "
		     "range for a libconfig integer");
	expect_error("memory=0x100000000 ;\n", "memory: 0x100000000 is out");
	expect_error("memory =\n  99999999999999999999;\n",
		     "bad.conf:1: memory: 99999999999999999999");
	/* With the L suffix libconfig keeps all 64 bits. */
	CHECK_EQ(load(&c, "ok.conf", "memory = 5000000000L;\n", &e), 0);
	CHECK_EQ(c.memory, 5000000000ull);
	config_free(&c);
	/* A name that also occurs elsewhere on the line is not confused. */
	CHECK_EQ(load(&c, "ok.conf",
		      "append = \"memory=5000000000\"; memory = 67108864;\n",
		      &e), 0);
	CHECK_EQ(c.memory, 64ull << 20);
	config_free(&c);
}

static void test_missing_image(void)
{
	struct config c;
	struct err e;
	char want[600];

	mkdir(path_in_tmp("adir"), 0755);
	snprintf(want, sizeof(want),
		 "bad.conf:3: ide[0].image: cannot open \"%s\": %s",
		 path_in_tmp("nope.img"), strerror(ENOENT));
	expect_error("board = \"malta\";\n\nide = ( { image = \"nope.img\"; } );\n",
		     want);
	snprintf(want, sizeof(want),
		 "bad.conf:2: scsi[1].image: cannot open \"%s\": %s",
		 path_in_tmp("adir"), strerror(EISDIR));
	test_write_file("d1.img", "x");
	expect_error("scsi = ( { id = 1; image = \"d1.img\"; },\n"
		     "  { id = 2; image = \"adir\"; } );\n", want);
	expect_error("kernel = \"/nonexistent/vmlinux\";\n",
		     "bad.conf:1: kernel: cannot open \"/nonexistent/vmlinux\": "
		     "No such file or directory");
	expect_error("ide = ( { type = \"disk\"; } );\n",
		     "bad.conf:1: ide[0]: a disk needs an image");
	expect_error("scsi = ( { id = 3; image = \"d1.img\"; },\n"
		     "  { id = 3; image = \"d1.img\"; } );\n",
		     "bad.conf:2: scsi[1]: id 3 is taken by scsi[0]");
	/* An empty CD-ROM drive is fine. */
	CHECK_EQ(load(&c, "ok.conf", "scsi = ( { id = 4; type = \"cdrom\"; } );\n",
		      &e), 0);
	CHECK(c.drives[0].image == NULL);
	config_free(&c);
	/* The command line names its option. */
	config_defaults(&c);
	CHECK(config_add_drive(&c, "--disk", "disk", "/nonexistent.img", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "--disk: cannot open \"/nonexistent.img\": "
			   "No such file or directory");
	CHECK_EQ(c.ndrives, 0);
	CHECK(config_set_option(&c, "--kernel", "kernel=/nonexistent", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "--kernel: cannot open \"/nonexistent\"");
	CHECK_EQ(config_add_drive(&c, "--disk", "disk",
				  path_in_tmp("d1.img"), &e), 0);
	CHECK_EQ(config_add_drive(&c, "--cdrom", "cdrom",
				  path_in_tmp("d1.img"), &e), 0);
	CHECK_EQ(c.ndrives, 2);
	CHECK(c.drives[0].bus == NULL && !strcmp(c.drives[1].type, "cdrom"));
	config_free(&c);
}

static void test_relative_paths(void)
{
	struct config c;
	struct err e;
	char sub[512], conf[600], want[600];
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/sub", test_tmpdir());
	mkdir(sub, 0755);
	snprintf(conf, sizeof(conf), "%s/app.conf", sub);
	test_write_file("sub/k.elf", "x");
	test_write_file("sub/rd.img", "x");
	test_write_file("sub/prom.bin", "x");
	test_write_file("top.img", "x");
	f = fopen(conf, "w");
	fputs("kernel = \"./k.elf\";\ninitrd = \"rd.img\";\n"
	      "firmware = \"rom\";\nrom = \"prom.bin\";\n"
	      "scsi = ( { id = 1; image = \"../top.img\"; "
	      "overlay = \"o.qcow2\"; } );\n", f);
	fclose(f);
	config_defaults(&c);
	if (config_load(&c, conf, &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		config_free(&c);
		return;
	}
	snprintf(want, sizeof(want), "%s/k.elf", sub);
	CHECK(!strcmp(c.kernel, want));
	snprintf(want, sizeof(want), "%s/rd.img", sub);
	CHECK(!strcmp(c.initrd, want));
	snprintf(want, sizeof(want), "%s/prom.bin", sub);
	CHECK(!strcmp(c.rom, want));
	snprintf(want, sizeof(want), "%s/o.qcow2", sub);
	CHECK(!strcmp(c.drives[0].overlay, want));
	CHECK(c.drives[0].image[0] == '/');
	CHECK_STR_CONTAINS(c.drives[0].image, "/../top.img");
	config_free(&c);
	expect_error("firmware = \"rom\";\n", "bad.conf:1: firmware = \"rom\" "
		     "needs a ROM image");
}

static void test_set_overrides(void)
{
	struct config c;
	struct err e;
	char img[600];

	test_write_file("s.img", "x");
	config_defaults(&c);
	CHECK_EQ(config_set(&c, "memory=512M", &e), 0);
	CHECK_EQ(c.memory, 512ull << 20);
	CHECK_EQ(config_set(&c, "memory=1073741824", &e), 0);
	CHECK_EQ(c.memory, 1ull << 30);
	CHECK_EQ(config_set(&c, "board=indy", &e), 0);
	CHECK(!strcmp(c.board, "indy"));
	CHECK_EQ(config_set(&c, "board=", &e), 0);
	CHECK(c.board == NULL);
	CHECK_EQ(config_set(&c, "net.mode=none", &e), 0);
	CHECK(!strcmp(c.net, "none"));
	CHECK_EQ(config_set(&c, "accel=soft", &e), 0);
	CHECK_EQ(c.accel, ACCEL_SOFT);
	CHECK_EQ(config_set(&c, "deterministic=yes", &e), 0);
	CHECK(c.deterministic);
	CHECK_EQ(config_set(&c, "serial[1]=pty", &e), 0);
	CHECK(!strcmp(c.serial[0], "stdio") && !strcmp(c.serial[1], "pty"));
	CHECK_EQ(config_set(&c, "serial=none", &e), 0);
	CHECK(!strcmp(c.serial[0], "none") && c.serial[1] == NULL);
	CHECK_EQ(config_set(&c, "net.mode=slirp", &e), 0);
	CHECK_EQ(config_set(&c, "net.hostfwd[0]=tcp::8080-:80", &e), 0);
	CHECK_EQ(config_set(&c, "net.hostfwd[1]=udp:127.0.0.1:5353-:53", &e),
		 0);
	CHECK_EQ(c.nhostfwd, 2);
	CHECK(config_set(&c, "net.hostfwd[5]=tcp::1-:2", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "the list has 2 entries");
	snprintf(img, sizeof(img), "scsi[0].image=%s", path_in_tmp("s.img"));
	CHECK_EQ(config_set(&c, img, &e), 0);
	CHECK_EQ(config_set(&c, "scsi.0.id=3", &e), 0);
	img[5] = '1';
	CHECK_EQ(config_set(&c, img, &e), 0);
	CHECK_EQ(c.ndrives, 2);
	CHECK_EQ(c.drives[0].id, 3);
	CHECK(!strcmp(c.drives[1].bus, "scsi"));
	CHECK(c.drives[0].image[0] == '/');
	img[5] = '5';
	CHECK(config_set(&c, img, &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "scsi[5]: there are 2 scsi drives");
	/* A drive added for a bad value is not left behind. */
	CHECK(config_set(&c, "ide[0].image=/nonexistent", &e) < 0);
	CHECK_EQ(c.ndrives, 2);
	CHECK(config_set(&c, "memroy=1G", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown setting 'memroy' (did you mean "
			   "'memory'?)");
	CHECK(config_set(&c, "net.hostfwdd=x", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "unknown setting 'hostfwdd' in net (did "
			   "you mean 'hostfwd'?)");
	CHECK(config_set(&c, "scsi[0].imgae=x", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "in scsi[0] (did you mean 'image'?)");
	CHECK(config_set(&c, "memory", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "expected path.to.setting=value");
	CHECK(config_set(&c, "memory=lots", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "memory: \"lots\" is not a size");
	CHECK(config_set(&c, "accel=fast", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "accel: \"fast\" is not one of");
	CHECK(config_set(&c, "no_reboot=maybe", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "no_reboot: \"maybe\" is not true or false");
	CHECK(config_set(&c, "memory.x=1", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "cannot read the setting path");
	CHECK(config_set_option(&c, "--memory", "memory=9T", &e) < 0);
	CHECK_STR_CONTAINS(e.msg, "--memory: \"9T\" is out of range");
	CHECK_EQ(config_check(&c, &e), 0);
	config_free(&c);
}

static void test_where(void)
{
	struct config c;
	struct err e;
	char buf[256];

	CHECK_EQ(load(&c, "w.conf", "\nboard = \"maltaa\";\n", &e), 0);
	CHECK_STR_CONTAINS(config_where(&c, "board", buf, sizeof(buf)),
			   "w.conf:2: ");
	CHECK(!strcmp(config_where(&c, "cpu", buf, sizeof(buf)), ""));
	config_set(&c, "board=malta", &e);
	CHECK(!strcmp(config_where(&c, "board", buf, sizeof(buf)), ""));
	config_free(&c);
}

static void test_suggest(void)
{
	static const char *const names[] = { "malta", "indy", "indigo2" };

	CHECK(!strcmp(config_suggest("maltaa", names, 3), "malta"));
	CHECK(!strcmp(config_suggest("indgo2", names, 3), "indigo2"));
	CHECK(!strcmp(config_suggest("INDY", names, 3), "indy"));
	CHECK(config_suggest("o2", names, 3) == NULL);
	CHECK(config_suggest("octane", names, 3) == NULL);
}

/* --print-config: printing, loading and printing again changes nothing. */
static void test_print_round_trip(void)
{
	struct config a, b;
	struct err e;
	char *text1 = NULL, *text2 = NULL;
	size_t n1, n2;
	FILE *f;

	test_write_file("r.img", "x");
	test_write_file("r.iso", "x");
	test_write_file("vmlinux", "x");
	if (load(&a, "r.conf",
		 "board = \"indy\";\nmemory = \"96M\";\ncpu_hz = 5000000000L;\n"
		 "kernel = \"vmlinux\";\n"
		 "append = \"quote\\\" back\\\\slash\\ttab\";\n"
		 "serial = [ \"tcp:127.0.0.1:4444\", \"none\", \"pty\" ];\n"
		 "scsi = ( { id = 1; image = \"r.img\"; format = \"raw\"; },\n"
		 "         { id = 4; type = \"cdrom\"; image = \"r.iso\"; "
		 "readonly = true; } );\n"
		 "drive = ( { image = \"r.img\"; } );\n"
		 "net = { hostfwd = [ \"tcp::2222-:22\" ]; "
		 "mac = \"08:00:69:12:34:56\"; };\n",
		 &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s", e.msg);
		config_free(&a);
		return;
	}
	f = open_memstream(&text1, &n1);
	config_print(&a, f);
	fclose(f);
	config_defaults(&b);
	if (config_load(&b, test_write_file("printed.conf", text1), &e) < 0) {
		test_fail(__FILE__, __LINE__, "%s\n%s", e.msg, text1);
	} else {
		f = open_memstream(&text2, &n2);
		config_print(&b, f);
		fclose(f);
		if (strcmp(text1, text2))
			test_fail(__FILE__, __LINE__, "differs:\n%s\n---\n%s",
				  text1, text2);
		CHECK_EQ(b.memory, 96ull << 20);
		CHECK_EQ(b.cpu_hz, 5000000000ull);
		CHECK(!strcmp(b.append, "quote\" back\\slash\ttab"));
		CHECK_EQ(b.ndrives, 3);
		CHECK(b.drives[2].bus == NULL);
		CHECK(b.drives[1].readonly);
		CHECK(b.serial[1] && !strcmp(b.serial[1], "none"));
	}
	CHECK_STR_CONTAINS(text1, "memory = \"96M\";");
	CHECK_STR_CONTAINS(text1, "cpu_hz = 5000000000L;");
	free(text1);
	free(text2);
	config_free(&a);
	config_free(&b);
}

static void test_help_lists_every_setting(void)
{
	char *text = NULL;
	size_t n;
	FILE *f = open_memstream(&text, &n);

	config_print_help(f);
	fclose(f);
	CHECK_STR_CONTAINS(text, "memory");
	CHECK_STR_CONTAINS(text, "scsi[N].image");
	CHECK_STR_CONTAINS(text, "net.hostfwd");
	free(text);
}

TEST_MAIN("config",
	  T(test_defaults),
	  T(test_valid_file),
	  T(test_syntax_error),
	  T(test_unknown_setting),
	  T(test_wrong_type),
	  T(test_out_of_range),
	  T(test_int_truncation),
	  T(test_missing_image),
	  T(test_relative_paths),
	  T(test_set_overrides),
	  T(test_where),
	  T(test_suggest),
	  T(test_print_round_trip),
	  T(test_help_lists_every_setting))
