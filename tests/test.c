#include "test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed, skipped;
static char fail_msg[1024], skip_msg[256];
static char tmpdir[256];

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (failed++)
		return;	/* report the first failure of a case */
	n = snprintf(fail_msg, sizeof(fail_msg), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(fail_msg + n, sizeof(fail_msg) - n, fmt, ap);
	va_end(ap);
}

void test_skip(const char *why)
{
	skipped = 1;
	snprintf(skip_msg, sizeof(skip_msg), "%s", why);
}

static void cleanup_tmpdir(void)
{
	char cmd[300];

	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
}

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/mipsvz-test-XXXXXX",
			 base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup_tmpdir);
	}
	return tmpdir;
}

const char *test_write_file(const char *name, const char *text)
{
	static char paths[8][512];
	static int slot;
	char *p = paths[slot++ % 8];
	FILE *f;

	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(p);
		exit(2);
	}
	return p;
}

int test_main(const char *suite, const struct test_case *cases, size_t n)
{
	const char *only = getenv("TEST_ONLY");
	int nfail = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < n; i++) {
		if (only && !strstr(cases[i].name, only))
			continue;
		failed = skipped = 0;
		cases[i].fn();
		if (failed) {
			printf("FAIL %s/%s: %s\n", suite, cases[i].name,
			       fail_msg);
			nfail++;
		} else if (skipped) {
			printf("SKIP %s/%s: %s\n", suite, cases[i].name,
			       skip_msg);
		} else {
			printf("PASS %s/%s\n", suite, cases[i].name);
		}
	}
	return nfail ? 1 : 0;
}
