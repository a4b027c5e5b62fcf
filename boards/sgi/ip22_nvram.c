/* NVRAM file load/save for the SGI boards (see ip22_nvram.h). The
 * atomic replace (temporary file, fsync, rename) means a crash leaves
 * either the old or the new image, never a torn one (BAD-INPUTS 28). */
#include "ip22_nvram.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/crc32.h"
#include "vmm/log.h"

static const char magic[8] = { 'M', 'V', 'Z', 'N', 'V', 'R', 'A', 'M' };

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t crc_of(const uint8_t *buf, size_t size)
{
	return crc32_ieee(buf, size);
}

static void set_aside(const char *path, const char *why)
{
	char bad[4096];

	snprintf(bad, sizeof(bad), "%s.bad", path);
	if (rename(path, bad) == 0)
		log_msg("nvram: %s %s; starting from defaults (the old file "
			"is kept as %s)", path, why, bad);
	else
		log_msg("nvram: %s %s; starting from defaults (could not "
			"keep it as %s: %s)", path, why, bad, strerror(errno));
}

int ip22_nvfile_load(const char *path, uint8_t *buf, size_t size,
		     bool *loaded, struct err *e)
{
	FILE *f = fopen(path, "rb");
	uint8_t *img;
	long len;

	*loaded = false;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, "nvram: cannot open \"%s\": %s", path,
			       strerror(errno));
	}
	if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return err_set(e, "nvram: cannot read \"%s\"", path);
	}
	if ((size_t)len != size && (size_t)len != size + IP22_NVFILE_HEADER) {
		fclose(f);
		set_aside(path, "has the wrong size");
		return 0;
	}
	img = malloc((size_t)len);
	if (!img || fread(img, 1, (size_t)len, f) != (size_t)len) {
		free(img);
		fclose(f);
		return err_set(e, "nvram: cannot read \"%s\"", path);
	}
	fclose(f);
	if ((size_t)len == size) {
		memcpy(buf, img, size);	/* a raw dump */
		*loaded = true;
	} else if (memcmp(img, magic, 8) || be32(img + 8) != 1 ||
		   be32(img + 12) != size ||
		   be32(img + 16) != crc_of(img + IP22_NVFILE_HEADER, size)) {
		set_aside(path, "is corrupt (bad header or checksum)");
	} else {
		memcpy(buf, img + IP22_NVFILE_HEADER, size);
		*loaded = true;
	}
	free(img);
	return 0;
}

int ip22_nvfile_save(const char *path, const uint8_t *buf, size_t size,
		     struct err *e)
{
	char tmp[4096];
	uint8_t hdr[IP22_NVFILE_HEADER] = { 0 };
	int fd;
	bool ok;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return err_set(e, "nvram: path too long");
	memcpy(hdr, magic, 8);
	put_be32(hdr + 8, 1);
	put_be32(hdr + 12, (uint32_t)size);
	put_be32(hdr + 16, crc_of(buf, size));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, "nvram: cannot write \"%s\": %s", tmp,
			       strerror(errno));
	ok = write(fd, hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr) &&
	     write(fd, buf, size) == (ssize_t)size && fsync(fd) == 0;
	if (close(fd) < 0)
		ok = false;
	if (!ok || rename(tmp, path) < 0) {
		int saved = errno;

		unlink(tmp);
		return err_set(e, "nvram: cannot write \"%s\": %s", path,
			       strerror(saved));
	}
	return 0;
}
