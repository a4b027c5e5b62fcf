# IDE / block layer: host tools the tests use. qemu-utils (qemu-io,
# qemu-img) checks that QEMU honours our image locks and we honour its;
# e2fsprogs (mke2fs -d, debugfs, e2fsck) makes and inspects the ext2
# image of tests/guest/malta-disk.test.sh.
EXTRA_DEB_PKGS += qemu-utils e2fsprogs
