# SCSI on the SGI boards and the image formats behind it (issue 6).
#
# CHD codecs: lzma and flac need Debian's liblzma-dev and libflac-dev
# (chdman's default hard-disk codecs are lzma,zlib,huff,flac and its CD
# codecs cdlz,cdzl,cdfl: DISK-FORMATS A1.2). A build without them still
# compiles (MIPSVZ_NO_LZMA / MIPSVZ_NO_FLAC / MIPSVZ_NO_ZLIB) and reports
# hunks in those codecs as "codec X is not built in". mame-tools gives
# the tests chdman to make CHDs from raw and ISO images.
EXTRA_DEB_PKGS += liblzma-dev libflac-dev mame-tools

ifeq ($(origin PKG_LIBS),command line)
# Cross builds pass their own library list: only zlib, and only if a
# program using it links with that list.
CHD_CFLAGS := -DMIPSVZ_NO_LZMA -DMIPSVZ_NO_FLAC
CHD_ZLIB_PROBE := \#include <zlib.h>\nint main(void) { return inflateEnd(0); }\n
CHD_CFLAGS += $(if $(shell printf '$(CHD_ZLIB_PROBE)' | $(CC) $(PKG_CFLAGS) \
	-x c - $(LDFLAGS) $(PKG_LIBS) -o /dev/null >/dev/null 2>&1 && \
	echo y),,-DMIPSVZ_NO_ZLIB)
else
ifeq ($(shell pkg-config --exists liblzma 2>/dev/null && echo y),y)
PKG_CFLAGS += $(shell pkg-config --cflags liblzma)
PKG_LIBS += $(shell pkg-config --libs liblzma)
else
CHD_CFLAGS += -DMIPSVZ_NO_LZMA
endif
ifeq ($(shell pkg-config --exists flac 2>/dev/null && echo y),y)
PKG_CFLAGS += $(shell pkg-config --cflags flac)
PKG_LIBS += $(shell pkg-config --libs flac)
else
CHD_CFLAGS += -DMIPSVZ_NO_FLAC
endif
endif
override CFLAGS += $(CHD_CFLAGS)
