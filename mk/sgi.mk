# SGI Indy/Indigo2 boards (boards/sgi/): the guest boot tests
# (tests/guest/sgi-boot.test.sh) use the kernels `make sgi-images` builds
# and SKIP without them; gxemul is the peer for side-by-side figures
# (docs/sgi.md).
EXTRA_DEB_PKGS += gxemul

sgi-test: all
	MIPSVZ_BUILD=$(B) tests/guest/sgi-boot.test.sh

.PHONY: sgi-test
