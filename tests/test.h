/* A small test runner: each tests/unit/test_*.c is one binary that lists
 * its cases with TEST_MAIN(T(a), T(b)). Every case prints one line,
 * "PASS suite/name", "FAIL suite/name: why" or "SKIP suite/name: why";
 * tests/run.sh counts them across all binaries and scripts. */
#ifndef MIPSVZ_TEST_H
#define MIPSVZ_TEST_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_skip(const char *why);
int test_main(const char *suite, const struct test_case *cases, size_t n);
/* A fresh empty directory for this case's files (removed at exit). */
const char *test_tmpdir(void);
/* Write `text` to a file in the tmpdir; returns its path (static buffer
 * per call slot, valid until the next 8 calls). */
const char *test_write_file(const char *name, const char *text);

#define CHECK(cond)                                                         \
	do {                                                                 \
		if (!(cond))                                                 \
			test_fail(__FILE__, __LINE__, "%s", #cond);          \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                 \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);             \
		if (a_ != b_)                                                \
			test_fail(__FILE__, __LINE__,                        \
				  "%s == %s: 0x%" PRIx64 " != 0x%" PRIx64,   \
				  #a, #b, a_, b_);                           \
	} while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                     \
	do {                                                                 \
		const char *h_ = (hay), *n_ = (needle);                      \
		if (!h_ || !strstr(h_, n_))                                  \
			test_fail(__FILE__, __LINE__,                        \
				  "\"%s\" does not contain \"%s\"",          \
				  h_ ? h_ : "(null)", n_);                   \
	} while (0)

#define T(fn) { #fn, fn }
#define TEST_MAIN(suite, ...)                                               \
	int main(void)                                                       \
	{                                                                    \
		static const struct test_case cases_[] = { __VA_ARGS__ };    \
		return test_main(suite, cases_,                              \
				 sizeof(cases_) / sizeof(cases_[0]));        \
	}

#endif
