/* mipsvz-img: make and inspect the disks mipsvz boots (docs/disks.md). */
#include <stdio.h>
#include <string.h>

#include "img.h"
#include "vmm/block/block_overlay.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mipsvz-img COMMAND ARGS\n"
		"  create DISK SIZE          blank raw disk with an SGI volume"
		" header (SIZE: 2G, 512M)\n"
		"  list DISK                 partitions and volume directory\n"
		"  add DISK FILE [NAME]      copy FILE into the volume header"
		" (like dvhtool)\n"
		"  extract DISK NAME FILE    copy a volume-header file out\n"
		"  chd-info CHD              header, codecs, hunks, metadata\n"
		"  chd-to-raw CHD OUT        decompress (CDs: 2048-byte"
		" sectors)\n"
		"  info OVERLAY              what an overlay holds\n"
		"  commit OVERLAY [BASE]     write an overlay into its raw"
		" base, then empty it\n"
		"  discard OVERLAY           empty an overlay\n");
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int n = argc - 2, rc;
	char **a = argv + 2;
	struct err e = { { 0 } };
	char info[1024];

	if (!strcmp(cmd, "create") && n == 2)
		rc = img_create(a[0], a[1], &e);
	else if (!strcmp(cmd, "list") && n == 1)
		rc = img_list(a[0], &e);
	else if (!strcmp(cmd, "add") && (n == 2 || n == 3))
		rc = img_add(a[0], a[1], n == 3 ? a[2] : NULL, &e);
	else if (!strcmp(cmd, "extract") && n == 3)
		rc = img_extract(a[0], a[1], a[2], &e);
	else if (!strcmp(cmd, "chd-info") && n == 1)
		rc = img_chd_info(a[0], &e);
	else if (!strcmp(cmd, "chd-to-raw") && n == 2)
		rc = img_chd_to_raw(a[0], a[1], &e);
	else if (!strcmp(cmd, "info") && n == 1) {
		rc = block_overlay_describe(a[0], info, sizeof(info), &e);
		if (!rc)
			printf("%s: %s\n", a[0], info);
	} else if (!strcmp(cmd, "commit") && (n == 1 || n == 2))
		rc = block_overlay_commit(a[0], n == 2 ? a[1] : NULL, &e);
	else if (!strcmp(cmd, "discard") && n == 1)
		rc = block_overlay_discard(a[0], &e);
	else if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	} else {
		usage(stderr);
		return 2;
	}
	if (rc < 0) {
		fprintf(stderr, "mipsvz-img: %s\n", e.msg);
		return 1;
	}
	return 0;
}
