/* mipsvz-img chd-info and chd-to-raw (DISK-FORMATS A1.2). */
#include "img.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/block/block.h"
#include "vmm/block/block_chd.h"

static void img_sha1(const char *label, const uint8_t *s)
{
	printf("%-14s", label);
	for (int i = 0; i < 20; i++)
		printf("%02x", s[i]);
	printf("\n");
}

int img_chd_info(const char *path, struct err *e)
{
	static const char *const types[] = {
		"codec 0", "codec 1", "codec 2", "codec 3", "stored",
		"self copy", "parent copy", "unwritten",
	};
	unsigned count[8] = { 0 };
	struct chd *c;
	char name[5];

	if (chd_open(&c, path, e) < 0)
		return -1;
	printf("%-14s%s\n", "file:", path);
	printf("%-14s%u\n", "version:", c->version);
	printf("%-14s%" PRIu64 " bytes\n", "logical size:", c->logical);
	printf("%-14s%u bytes, %u hunks\n", "hunk size:", c->hunkbytes,
	       c->hunkcount);
	printf("%-14s%u bytes\n", "unit size:", c->unitbytes);
	printf("%-14s", "codecs:");
	if (!c->compressed)
		printf("none (uncompressed)");
	for (int i = 0; i < 4; i++)
		if (c->codecs[i])
			printf("%s%s%s", i ? ", " : "",
			       chd_codec_name(c->codecs[i], name),
			       chd_codec_supported(c->codecs[i])
				       ? "" : " (not built in)");
	printf("\n");
	img_sha1("sha1:", c->sha1);
	img_sha1("data sha1:", c->rawsha1);
	if (c->has_parent)
		img_sha1("parent sha1:", c->parentsha1);
	if (c->cyls)
		printf("%-14s%u cylinders, %u heads, %u sectors, %u bytes\n",
		       "geometry:", c->cyls, c->heads, c->secs, c->bps);
	if (c->cd.present || c->cd.audio_only)
		printf("%-14s%u tracks; track 1 %s, %u frames\n", "CD:",
		       c->cd.ntracks, c->cd.type, c->cd.frames);
	for (uint32_t i = 0; i < c->hunkcount; i++)
		count[c->map[i].type & 7]++;
	for (int i = 0; i < 8; i++)
		if (count[i])
			printf("%-14s%u (%s%s%s)\n", i ? "" : "hunks:",
			       count[i], types[i], i < 4 ? ": " : "",
			       i < 4 ? chd_codec_name(c->codecs[i], name) : "");
	chd_close(c);
	return 0;
}

/* A CD CHD comes out cooked (2048-byte sectors, like an ISO), a disk as
 * its logical bytes. Progress goes to stderr; the output is synced
 * before we say it is done, and removed if anything fails. */
int img_chd_to_raw(const char *in, const char *out, struct err *e)
{
	enum { CHUNK = 1 << 20 };
	struct block *b;
	uint8_t *buf = NULL;
	uint64_t size, done = 0;
	unsigned last = 0;
	FILE *f = NULL;
	int rc = -1;

	if (block_open(&b, in, "chd", BLOCK_RDONLY, e) < 0)
		return -1;
	size = block_size(b);
	buf = malloc(CHUNK);
	f = fopen(out, "wbx");
	if (!buf || !f) {
		err_set(e, "cannot create \"%s\": %s", out,
			buf ? strerror(errno) : "out of memory");
		goto out;
	}
	while (done < size) {
		size_t n = size - done < CHUNK ? size - done : CHUNK;
		unsigned pct;

		if (block_pread(b, buf, n, done, e) < 0)
			goto out;
		if (fwrite(buf, 1, n, f) != n) {
			err_set(e, "%s: write failed: %s", out,
				strerror(errno));
			goto out;
		}
		done += n;
		pct = done * 100 / size;
		if (pct / 5 != last / 5 || done == size) {
			last = pct;
			fprintf(stderr, "\r%s: %3u%%", out, pct);
		}
	}
	fprintf(stderr, "\n");
	if (fflush(f) || fsync(fileno(f))) {
		err_set(e, "%s: write failed: %s", out, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f && fclose(f) && !rc) {
		err_set(e, "%s: write failed: %s", out, strerror(errno));
		rc = -1;
	}
	if (rc && f)
		unlink(out);
	free(buf);
	block_close(b);
	return rc;
}
