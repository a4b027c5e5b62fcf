/* appliance.conf values as text: sizes, frequencies, booleans and
 * integers as they may be written, the MAC, port-forward and serial
 * backend syntaxes, and file names relative to the config file. */
#include "config_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The decimal number s starts with, for the unit parsers below: -1
 * when s does not start with a digit, -2 when it overflows. */
static int leading_digits(const char *s, unsigned long long *v, char **end)
{
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoull(s, end, 10);
	return errno ? -2 : 0;
}

/* "256M", "1G", "4096", "64KiB": binary units. -1 syntax, -2 overflow. */
int cfg_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;
	int rc;

	rc = leading_digits(s, &v, &end);
	if (rc)
		return rc;
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	}
	if (shift) {
		end++;
		if (!strcasecmp(end, "iB") || !strcasecmp(end, "B"))
			end += strlen(end);
	}
	if (*end)
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -2;
	*out = (uint64_t)v << shift;
	return 0;
}

/* "100000000", "100M", "100MHz", "1.5G" is not taken: decimal units. */
int cfg_parse_hz(const char *s, uint64_t *out)
{
	unsigned long long v, mul = 1;
	char *end;
	int rc;

	rc = leading_digits(s, &v, &end);
	if (rc)
		return rc;
	switch (toupper((unsigned char)*end)) {
	case 'K': mul = 1000; end++; break;
	case 'M': mul = 1000000; end++; break;
	case 'G': mul = 1000000000; end++; break;
	}
	if (!strcasecmp(end, "Hz"))
		end += 2;
	if (*end)
		return -1;
	if (v > UINT64_MAX / mul)
		return -2;
	*out = v * mul;
	return 0;
}

int cfg_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return *out = true, 0;
		if (!strcasecmp(s, no[i]))
			return *out = false, 0;
	}
	return -1;
}

void cfg_fmt_size(uint64_t v, char *buf, size_t n)
{
	static const char units[] = "TGMK";

	for (int i = 0; i < 4; i++) {
		unsigned shift = 40 - 10 * i;

		if (v && !(v & ((1ull << shift) - 1))) {
			snprintf(buf, n, "%llu%c",
				 (unsigned long long)(v >> shift), units[i]);
			return;
		}
	}
	snprintf(buf, n, "%llu", (unsigned long long)v);
}

int cfg_parse_int(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (end == s || *end)
		return -1;
	return errno ? -2 : 0;
}

int cfg_check_mac(const char *v, char *why, size_t n)
{
	unsigned b[6];
	char tail;

	if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(v) != 17) {
		snprintf(why, n, "\"%s\" is not a MAC address "
			 "(write \"52:54:00:12:34:56\")", v);
		return -1;
	}
	if (b[0] & 1) {
		snprintf(why, n, "%s is a multicast address (the first byte "
			 "must be even)", v);
		return -1;
	}
	return 0;
}

static bool valid_port(const char *s, size_t len)
{
	unsigned long v = 0;

	if (!len || len > 5)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/* PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, as QEMU writes it. */
int cfg_check_hostfwd(const char *v, char *why, size_t n)
{
	const char *p = v, *colon, *dash;

	if (!strncmp(p, "tcp:", 4))
		p += 4;
	else if (!strncmp(p, "udp:", 4))
		p += 4;
	else
		goto bad;
	dash = strchr(p, '-');
	if (!dash)
		goto bad;
	colon = memchr(p, ':', dash - p);
	if (!colon || !valid_port(colon + 1, dash - colon - 1))
		goto bad;
	colon = strrchr(dash + 1, ':');
	if (!colon || !valid_port(colon + 1, strlen(colon + 1)))
		goto bad;
	return 0;
bad:
	snprintf(why, n, "\"%s\" is not a port forward (write "
		 "\"tcp::2222-:22\": PROTO:[HOSTADDR]:PORT-[GUESTADDR]:PORT)",
		 v);
	return -1;
}

int cfg_check_chardev(const char *v, char *why, size_t n)
{
	static const char *const plain[] = { "stdio", "pty", "none" };
	static const char *const args[] = { "file", "tcp" };
	const char *colon = strchr(v, ':');
	size_t len = colon ? (size_t)(colon - v) : strlen(v);

	for (size_t i = 0; i < 3 && !colon; i++)
		if (!strcmp(v, plain[i]))
			return 0;
	for (size_t i = 0; i < 2 && colon; i++)
		if (strlen(args[i]) == len && !strncmp(v, args[i], len) &&
		    colon[1])
			return 0;
	snprintf(why, n, "\"%s\" is not a serial backend (stdio, "
		 "file:PATH, tcp:HOST:PORT, pty or none)", v);
	return -1;
}

char *cfg_resolve(const char *dir, const char *path)
{
	char cwd[PATH_MAX], *out;

	if (path[0] == '/')
		return strdup(path);
	if (!dir) {
		if (!getcwd(cwd, sizeof(cwd)))
			return strdup(path);
		dir = cwd;
	}
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (asprintf(&out, "%s/%s", dir, path) < 0)
		return NULL;
	return out;
}

/* BAD-INPUTS row 1: a missing or unreadable image, or a directory. */
int cfg_check_file(const char *path, char *why, size_t n)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int saved;

	if (fd < 0) {
		saved = errno;
		snprintf(why, n, "cannot open \"%s\": %s", path,
			 strerror(saved));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		snprintf(why, n, "cannot open \"%s\": %s", path,
			 strerror(EISDIR));
		return -1;
	}
	close(fd);
	return 0;
}
