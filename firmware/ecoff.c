/* MIPS ECOFF executables, bounds-checked (see ecoff.h for the format and
 * its sources). */
#include "ecoff.h"

#include <inttypes.h>
#include <string.h>

#define ECOFF_FILHSZ 20u
#define ECOFF_AOUTSZ 56u
#define ECOFF_SCNHSZ 40u
#define ECOFF_STYP_FINI 0x01000000u
#define ECOFF_ALLOC (ECOFF_STYP_TEXT | ECOFF_STYP_DATA | ECOFF_STYP_RDATA | \
		     ECOFF_STYP_SDATA | ECOFF_STYP_LITA | ECOFF_STYP_LIT8 | \
		     ECOFF_STYP_LIT4 | ECOFF_STYP_INIT | ECOFF_STYP_FINI)
#define ECOFF_ZERO (ECOFF_STYP_BSS | ECOFF_STYP_SBSS)

/* MIPSEB/MIPSEL magics for MIPS I, II and III objects. */
static bool magic_be(uint16_t m)
{
	return m == 0x0160 || m == 0x0163 || m == 0x0140;
}

static bool magic_le(uint16_t m)
{
	return m == 0x0162 || m == 0x0166 || m == 0x0142;
}

bool ecoff_probe(const uint8_t *data, size_t len)
{
	if (len < 2)
		return false;
	return magic_be((uint16_t)(data[0] << 8 | data[1])) ||
	       magic_le((uint16_t)(data[1] << 8 | data[0]));
}

int ecoff_parse(const uint8_t *data, size_t len, struct ecoff_image *out,
		struct err *e)
{
	enum endian en;
	uint16_t nscns, opthdr, amagic;
	uint64_t shoff;
	bool any = false;

	memset(out, 0, sizeof(*out));
	if (!ecoff_probe(data, len))
		return err_set(e, "not a MIPS ECOFF file");
	en = magic_be((uint16_t)(data[0] << 8 | data[1])) ? ENDIAN_BIG :
	     ENDIAN_LITTLE;
	if (len < ECOFF_FILHSZ + ECOFF_AOUTSZ)
		return err_set(e, "ECOFF file truncated: %zu bytes, the "
			       "headers need %u", len,
			       ECOFF_FILHSZ + ECOFF_AOUTSZ);
	out->endian = en;
	out->magic = (uint16_t)endian_load(data, 2, en);
	nscns = (uint16_t)endian_load(data + 2, 2, en);
	opthdr = (uint16_t)endian_load(data + 16, 2, en);
	if (opthdr < ECOFF_AOUTSZ)
		return err_set(e, "ECOFF optional header is %u bytes; an "
			       "executable has at least %u", opthdr,
			       ECOFF_AOUTSZ);
	amagic = (uint16_t)endian_load(data + ECOFF_FILHSZ, 2, en);
	if (amagic != 0x107 && amagic != 0x108 && amagic != 0x10b)
		return err_set(e, "ECOFF a.out magic 0%o is not OMAGIC, NMAGIC "
			       "or ZMAGIC: not an executable", amagic);
	out->entry = (uint32_t)endian_load(data + ECOFF_FILHSZ + 16, 4, en);
	out->gp = (uint32_t)endian_load(data + ECOFF_FILHSZ + 52, 4, en);
	if (!nscns || nscns > ECOFF_MAX_SECTIONS)
		return err_set(e, "ECOFF file has %u sections (1-%u handled)",
			       nscns, ECOFF_MAX_SECTIONS);
	shoff = (uint64_t)ECOFF_FILHSZ + opthdr;
	if (shoff + (uint64_t)nscns * ECOFF_SCNHSZ > len)
		return err_set(e, "ECOFF section headers (%u at %" PRIu64
			       ") run past the end of the file (%zu bytes)",
			       nscns, shoff, len);
	out->lo = UINT32_MAX;
	for (unsigned i = 0; i < nscns; i++) {
		const uint8_t *h = data + shoff + (uint64_t)i * ECOFF_SCNHSZ;
		struct ecoff_section *s = &out->sec[out->nsec];
		uint32_t flags = (uint32_t)endian_load(h + 36, 4, en);

		if (!(flags & (ECOFF_ALLOC | ECOFF_ZERO)))
			continue;	/* .comment, debugging, ... */
		memset(s, 0, sizeof(*s));
		memcpy(s->name, h, 8);
		s->vaddr = (uint32_t)endian_load(h + 12, 4, en);
		s->size = (uint32_t)endian_load(h + 16, 4, en);
		s->offset = (uint32_t)endian_load(h + 20, 4, en);
		s->flags = flags;
		s->bss = (flags & ECOFF_ZERO) != 0;
		if (!s->size)
			continue;
		if ((uint64_t)s->vaddr + s->size > 0x100000000ull)
			return err_set(e, "ECOFF section %s (0x%08" PRIx32
				       ", %" PRIu32 " bytes) wraps the "
				       "address space", s->name, s->vaddr,
				       s->size);
		if (!s->bss && (uint64_t)s->offset + s->size > len)
			return err_set(e, "ECOFF section %s (%" PRIu32 " bytes "
				       "at offset %" PRIu32 ") runs past the "
				       "end of the file (%zu bytes): "
				       "truncated?", s->name, s->size,
				       s->offset, len);
		if (s->bss)
			s->offset = 0;
		if (s->vaddr < out->lo)
			out->lo = s->vaddr;
		if (s->vaddr + s->size > out->hi)
			out->hi = s->vaddr + s->size;
		out->nsec++;
		any = true;
	}
	if (!any)
		return err_set(e, "ECOFF file has no loadable section");
	if (out->entry < out->lo || out->entry >= out->hi)
		return err_set(e, "ECOFF entry point 0x%08" PRIx32 " is outside "
			       "the loaded sections (0x%08" PRIx32 "-0x%08"
			       PRIx32 ")", out->entry, out->lo, out->hi);
	return 0;
}
