# mipsvz-img: the disk image tool (vmm/img/*.c over libmipsvz.a). Not in
# `all` (a fragment cannot add to it); `make img` builds it, and `make
# test` / `make run` pull it in.
IMG_SRC := $(wildcard vmm/img/*.c)

$(B)/mipsvz-img: $(IMG_SRC:%.c=$(B)/obj/%.o) $(B)/libmipsvz.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

img: $(B)/mipsvz-img

TEST_DEPS += $(B)/mipsvz-img
RUN_DEPS += $(B)/mipsvz-img

.PHONY: img
