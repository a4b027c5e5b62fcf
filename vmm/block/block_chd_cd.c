/* CD track metadata in a CHD (DISK-FORMATS A1.2): CHT2 "TRACK:%d TYPE:%s
 * SUBTYPE:%s FRAMES:%d PREGAP:%d PGTYPE:%s PGSUB:%s POSTGAP:%d" and the
 * older CHTR without the pregap fields. Only track 1 matters to us: IRIX
 * CDs are one data track (EFS in a volume header, or ISO9660), which the
 * block driver cooks to 2048-byte sectors. The text is never trusted for
 * a size: absurd values refuse the image (BAD-INPUTS row 8). */
#include "block_chd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the 2048 user bytes sit in the frame chdman stored, by track
 * type (chdman keeps each sector's own size; cdrom.h data sizes). */
static const struct {
	const char *type;
	uint32_t data_off;
} chd_cd_types[] = {
	{ "MODE1", 0 },		/* 2048 cooked */
	{ "MODE1/2048", 0 },
	{ "MODE1_RAW", 16 },	/* 2352: sync + header first */
	{ "MODE1/2352", 16 },
	{ "MODE2_FORM1", 0 },	/* 2048 cooked */
	{ "MODE2", 8 },		/* 2336: subheader first */
	{ "MODE2_FORM_MIX", 8 },
	{ "MODE2_RAW", 24 },	/* 2352: sync, header, subheader */
	{ "MODE2/2352", 24 },
};

static const char *chd_cd_field(const char *t, const char *key)
{
	const char *p = strstr(t, key);

	return p ? p + strlen(key) : NULL;
}

int chd_cd_parse_track(struct chd *c, const char *text, size_t len,
		       struct err *e)
{
	const char *p;
	char type[24] = "", pgtype[24] = "";
	long track, frames, pregap = 0;

	if (++c->cd.ntracks > 99)
		return err_set(e, "%s: CD CHD with more than 99 tracks",
			       c->path);
	if (sscanf(text, "TRACK:%ld TYPE:%23s", &track, type) != 2 ||
	    !(p = chd_cd_field(text, "FRAMES:")) || sscanf(p, "%ld", &frames) != 1)
		return err_set(e, "%s: CD track metadata \"%.60s\" is"
				  " malformed", c->path, text);
	if (track < 1 || track > 99 || frames <= 0 || frames > (1L << 22))
		return err_set(e, "%s: CD track %ld with %ld frames is"
				  " impossible", c->path, track, frames);
	if ((p = chd_cd_field(text, "PREGAP:")) &&
	    (sscanf(p, "%ld", &pregap) != 1 || pregap < 0 || pregap > 1000))
		return err_set(e, "%s: CD track %ld pregap is impossible",
			       c->path, track);
	if ((p = chd_cd_field(text, "PGTYPE:")))
		sscanf(p, "%23s", pgtype);
	if (track != 1)
		return 0;
	for (size_t i = 0; i < sizeof(chd_cd_types) / sizeof(*chd_cd_types);
	     i++) {
		if (strcmp(type, chd_cd_types[i].type))
			continue;
		c->cd.present = true;
		c->cd.data_off = chd_cd_types[i].data_off;
		/* A pregap whose type starts with V is stored in the file
		 * ahead of the track's data. */
		c->cd.start = pgtype[0] == 'V' ? pregap : 0;
		c->cd.frames = frames - c->cd.start;
		snprintf(c->cd.type, sizeof(c->cd.type), "%s", type);
		if (frames <= (long)c->cd.start)
			return err_set(e, "%s: CD track 1 is all pregap",
				       c->path);
		return 0;
	}
	c->cd.audio_only = true;
	snprintf(c->cd.type, sizeof(c->cd.type), "%s", type);
	return 0;
}
