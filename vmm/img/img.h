/* mipsvz-img: disk image tool (SGI volume headers, CHDs, overlays). Each
 * command returns 0 or -1 with a message in *e; only main() exits. */
#ifndef MIPSVZ_IMG_H
#define MIPSVZ_IMG_H

#include <stdint.h>

#include "vmm/err.h"

int img_create(const char *path, const char *size, struct err *e);
int img_list(const char *path, struct err *e);
int img_add(const char *disk, const char *file, const char *name,
	    struct err *e);
int img_extract(const char *disk, const char *name, const char *file,
		struct err *e);
int img_chd_info(const char *path, struct err *e);
int img_chd_to_raw(const char *in, const char *out, struct err *e);
/* "2G", "512M", "100k", "1048576" -> bytes. */
int img_parse_size(const char *s, uint64_t *out, struct err *e);

#endif
