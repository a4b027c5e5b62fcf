# Malta: guest images (Debian's 4kc-malta kernel + a busybox initramfs +
# an ext2 disk), the boot benchmark against qemu-system-mipsel.
# images/malta/build.sh caches its output under
# ${MIPSVZ_CACHE:-$HOME/.cache/mipsvz}/malta/<recipe hash>/ and
# images/malta/out points at the current one (appliance.conf uses it).

EXTRA_DEB_PKGS += cpio kmod e2fsprogs qemu-system-mips

MALTA_OUT := images/malta/out

# Always asks the recipe (a no-op when the cache is current). A machine
# that cannot reach Debian's mirrors still runs `make test`: the boot
# tests then SKIP and say why.
malta-images:
	@mkdir -p $(B)
	@if images/malta/build.sh > $(B)/malta-images.log 2>&1; then \
		ln -sfn "$$(tail -1 $(B)/malta-images.log)" $(MALTA_OUT); \
	else \
		echo "malta-images: build failed (see $(B)/malta-images.log);" \
		     "Malta boot tests will SKIP"; \
		tail -3 $(B)/malta-images.log; \
	fi

bench-malta: all malta-images
	tests/bench/malta-boot/run.sh $(B)

TEST_DEPS += malta-images
RUN_DEPS += malta-images

.PHONY: malta-images bench-malta
