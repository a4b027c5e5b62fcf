/* Errors are values: a function that can fail takes a struct err and
 * returns -1 with a message the caller can show; only main() exits. */
#ifndef MIPSVZ_ERR_H
#define MIPSVZ_ERR_H

#include <stdarg.h>

struct err {
	char msg[512];
};

/* Fill *e (may be NULL) and return -1, so callers can "return err_set(...)". */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefix an existing message: "context: old message". */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
