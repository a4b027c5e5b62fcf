/* ARC path names as the SGI PROM accepts them (SGI-FACTS 2 b.1, 4.6.1):
 *   scsi(C)disk(N)rdisk(L)partition(P)[/]file   (cdrom(N) for CD-ROMs)
 *   dksc(C,N,P)[/]file                          (the SGI short form)
 *   serial(N), multi(0)serial(N), keyboard(), video(), console(N)
 *   bootp()host:file                            (network: not yet)
 * Empty "()" means 0. The file part is what follows the last device
 * token, one leading '/' dropped (volume-header names have none). */
#include "arcs_int.h"

#include <string.h>

struct token {
	char name[16];
	unsigned val[3];
	unsigned nval;
};

/* "name(a,b,c)" at *s; advances *s. -1 if *s is not a token. */
static int next_token(const char **s, struct token *t)
{
	const char *p = *s;
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
		if (n >= sizeof(t->name) - 1)
			return -1;
		t->name[n++] = *p++;
	}
	if (!n || *p != '(')
		return -1;
	p++;
	for (;;) {
		unsigned v = 0;
		bool digits = false;

		while (*p >= '0' && *p <= '9') {
			if (v > 100000)
				return -1;
			v = v * 10 + (unsigned)(*p++ - '0');
			digits = true;
		}
		if (digits || *p == ',') {
			if (t->nval >= 3)
				return -1;
			t->val[t->nval++] = v;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != ')')
			return -1;
		p++;
		break;
	}
	*s = p;
	return 0;
}

int arcs_path_parse(const char *path, struct arcs_path *out)
{
	const char *s = path;
	struct token t;
	bool any = false;

	memset(out, 0, sizeof(*out));
	if (!path || strlen(path) >= ARCS_PATH_MAX)
		return -1;
	while (next_token(&s, &t) == 0) {
		any = true;
		if (!strcmp(t.name, "multi") || !strcmp(t.name, "rdisk")) {
			if (!strcmp(t.name, "rdisk"))
				out->lun = t.val[0];
		} else if (!strcmp(t.name, "scsi")) {
			out->dev = ARCS_DEV_DISK;
			out->ctrl = t.val[0];
		} else if (!strcmp(t.name, "disk") ||
			   !strcmp(t.name, "cdrom")) {
			out->dev = ARCS_DEV_DISK;
			out->unit = t.val[0];
		} else if (!strcmp(t.name, "partition")) {
			out->part = t.val[0];
			out->has_part = true;
		} else if (!strcmp(t.name, "dksc")) {
			if (t.nval != 3)
				return -1;
			out->dev = ARCS_DEV_DISK;
			out->ctrl = t.val[0];
			out->unit = t.val[1];
			out->part = t.val[2];
			out->has_part = true;
		} else if (!strcmp(t.name, "serial") ||
			   !strcmp(t.name, "console")) {
			out->dev = ARCS_DEV_CONSOLE;
			out->serial = t.val[0];
		} else if (!strcmp(t.name, "keyboard") ||
			   !strcmp(t.name, "video") ||
			   !strcmp(t.name, "pointer")) {
			/* no graphics console yet: these are the serial one */
			out->dev = ARCS_DEV_CONSOLE;
		} else if (!strcmp(t.name, "bootp") ||
			   !strcmp(t.name, "network")) {
			out->dev = ARCS_DEV_NET;
		} else {
			return -1;
		}
	}
	if (!any)
		return -1;
	if (*s == '/')
		s++;
	memcpy(out->file, s, strlen(s) + 1);
	if (out->dev == ARCS_DEV_DISK && out->unit > 15)
		return -1;
	return 0;
}
