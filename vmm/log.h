/* Logging and per-subsystem tracing (-d TRACE[,TRACE], --log FILE). */
#ifndef MIPSVZ_LOG_H
#define MIPSVZ_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum trace {
	TRACE_CPU = 1u << 0,	/* exceptions, TLB writes */
	TRACE_BUS = 1u << 1,	/* unassigned and unimplemented accesses */
	TRACE_DEV = 1u << 2,	/* device register accesses */
	TRACE_FW = 1u << 3,	/* firmware calls (ARCS, YAMON) */
	TRACE_IRQ = 1u << 4,	/* interrupt line changes */
	TRACE_IO = 1u << 5,	/* chardev / block / net backends */
	TRACE_SYSCALL = 1u << 6,	/* mipsvz-user syscalls */
	TRACE_INSN = 1u << 7,	/* every instruction (slow) */
};

extern unsigned log_trace_mask;

/* Parse "cpu,bus" into a mask; -1 on an unknown name (written to *bad). */
int log_parse_trace(const char *list, unsigned *mask, const char **bad);
/* Names of all trace subsystems, for --help. */
const char *log_trace_names(void);
/* Send log and trace output to a file instead of stderr. */
int log_open_file(const char *path);

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_trace(enum trace t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline bool log_tracing(enum trace t)
{
	return (log_trace_mask & t) != 0;
}

/* A rate limiter: at most `burst` messages, then one per `interval_ns`.
 * Zero-initialise; one per call site. */
struct ratelimit {
	uint64_t window_start;
	unsigned count;
	unsigned suppressed;
};

bool ratelimit_ok(struct ratelimit *rl);

#define TRACE(t, ...)                                                       \
	do {                                                                 \
		if (log_tracing(t))                                          \
			log_trace(t, __VA_ARGS__);                           \
	} while (0)

/* Log at most a few lines per second from this call site. */
#define LOG_RATELIMITED(...)                                                \
	do {                                                                 \
		static struct ratelimit rl_;                                 \
		if (ratelimit_ok(&rl_))                                      \
			log_msg(__VA_ARGS__);                                \
	} while (0)

#endif
