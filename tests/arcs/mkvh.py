#!/usr/bin/env python3
"""Make a disk image with an SGI volume header (dvh) holding files.

usage: mkvh.py IMAGE SIZE_MB NAME=FILE [NAME=FILE ...]

Layout (SGI-FACTS 2 b.4; NetBSD sgimips disklabel.h): sector 0 has the
magic 0x0BE5A941, 15 volume-directory entries {name[8], lbn, bytes} at
72, 16 partitions {blocks, first lbn, type} at 312 and a checksum at
504 making the 128 big-endian words sum to zero. Partition 8 is the
volume header (type 0), 0 the rest of the disk (type 5, sysv), 10 the
whole volume (type 6).
"""
import struct
import sys


def main():
    image, size_mb = sys.argv[1], int(sys.argv[2])
    files = [a.split('=', 1) for a in sys.argv[3:]]
    sectors = size_mb * 2048
    vh = bytearray(512)
    struct.pack_into('>I', vh, 0, 0x0BE5A941)
    struct.pack_into('>hh', vh, 4, 0, 1)        # root, swap partition
    lbn, blobs = 8, []
    for i, (name, path) in enumerate(files):
        data = open(path, 'rb').read()
        struct.pack_into('>8sII', vh, 72 + 16 * i, name.encode()[:8], lbn,
                         len(data))
        blobs.append((lbn, data))
        lbn += (len(data) + 511) // 512
    vh_blocks = max(lbn, 2048)
    parts = {8: (vh_blocks, 0, 0), 0: (sectors - vh_blocks, vh_blocks, 5),
             10: (sectors, 0, 6)}
    for n, (blocks, first, typ) in parts.items():
        struct.pack_into('>III', vh, 312 + 12 * n, blocks, first, typ)
    total = sum(struct.unpack('>128I', bytes(vh))) & 0xffffffff
    struct.pack_into('>I', vh, 504, (-total) & 0xffffffff)
    with open(image, 'wb') as f:
        f.truncate(sectors * 512)
        f.write(vh)
        for lbn, data in blobs:
            f.seek(lbn * 512)
            f.write(data)


if __name__ == '__main__':
    main()
