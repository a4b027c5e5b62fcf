#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

unsigned log_trace_mask;
static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct {
	const char *name;
	enum trace bit;
} trace_names[] = {
	{ "cpu", TRACE_CPU }, { "bus", TRACE_BUS }, { "dev", TRACE_DEV },
	{ "fw", TRACE_FW },   { "irq", TRACE_IRQ }, { "io", TRACE_IO },
	{ "syscall", TRACE_SYSCALL }, { "insn", TRACE_INSN },
};

const char *log_trace_names(void)
{
	return "cpu,bus,dev,fw,irq,io,syscall,insn,all";
}

int log_parse_trace(const char *list, unsigned *mask, const char **bad)
{
	static char badbuf[64];
	const char *p = list;

	*mask = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool found = false;

		if (n == 3 && !strncmp(p, "all", 3)) {
			*mask = ~0u;
			found = true;
		}
		for (size_t i = 0; !found && i < sizeof(trace_names) /
						   sizeof(trace_names[0]); i++) {
			if (strlen(trace_names[i].name) == n &&
			    !strncmp(p, trace_names[i].name, n)) {
				*mask |= trace_names[i].bit;
				found = true;
			}
		}
		if (!found) {
			snprintf(badbuf, sizeof(badbuf), "%.*s", (int)n, p);
			if (bad)
				*bad = badbuf;
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int log_open_file(const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	log_file = f;
	return 0;
}

static void log_vprint(const char *prefix, const char *fmt, va_list ap)
{
	FILE *out = log_file ? log_file : stderr;

	pthread_mutex_lock(&log_lock);
	fprintf(out, "mipsvz: %s", prefix);
	vfprintf(out, fmt, ap);
	/* stderr may share a raw-mode terminal with the guest console. */
	fputs(out == stderr ? "\r\n" : "\n", out);
	pthread_mutex_unlock(&log_lock);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprint("", fmt, ap);
	va_end(ap);
}

void log_trace(enum trace t, const char *fmt, ...)
{
	char prefix[16] = "trace: ";
	va_list ap;

	for (size_t i = 0; i < sizeof(trace_names) / sizeof(trace_names[0]);
	     i++)
		if (trace_names[i].bit == t)
			snprintf(prefix, sizeof(prefix), "%s: ",
				 trace_names[i].name);
	va_start(ap, fmt);
	log_vprint(prefix, fmt, ap);
	va_end(ap);
}

bool ratelimit_ok(struct ratelimit *rl)
{
	const uint64_t interval = 1000000000ull, burst = 10;
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	if (now - rl->window_start >= interval) {
		if (rl->suppressed)
			log_msg("(%u similar messages suppressed)",
				rl->suppressed);
		rl->window_start = now;
		rl->count = 0;
		rl->suppressed = 0;
	}
	if (rl->count < burst) {
		rl->count++;
		return true;
	}
	rl->suppressed++;
	return false;
}
