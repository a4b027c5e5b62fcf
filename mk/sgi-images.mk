# SGI guest kernels (images/sgi/build.sh): Linux 6.1 for IP22 from Debian's
# linux-source, ~17 minutes per kernel on 2 cores, cached under
# $(MIPSVZ_CACHE)/sgi/<recipe hash>/ so they are rebuilt only when the
# recipe changes.
MIPSVZ_CACHE ?= $(HOME)/.cache/mipsvz
EXTRA_DEB_PKGS += linux-source-6.1 flex bison bc libssl-dev libelf-dev \
	cpio kmod genisoimage e2fsprogs mame-tools

sgi-images:
	MIPSVZ_CACHE=$(MIPSVZ_CACHE) images/sgi/build.sh r4x00 r5000

.PHONY: sgi-images

# The boot tests need them (they SKIP without); the first build takes
# about 7-17 minutes per kernel, later runs find them cached.
TEST_DEPS += sgi-images
RUN_DEPS += sgi-images
