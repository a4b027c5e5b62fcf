# Networking: the PCnet (vmm/dev/pcnet.c), the link (vmm/net.c) and the
# libslirp backend (vmm/net_slirp.c; libslirp-dev is in DEB_PKGS).
# tests/guest/malta-net.test.sh serves a file with python3's http.server
# on 127.0.0.1 and talks to the guest through a port forward with python3;
# it needs the Malta images (malta-images, already in TEST_DEPS).
# `make test-net` runs just the network tests.
EXTRA_DEB_PKGS += python3

test-net: $(B)/mipsvz $(B)/tests/test_pcnet $(B)/tests/test_net_slirp \
	  malta-images
	@$(B)/tests/test_pcnet 2>/dev/null; $(B)/tests/test_net_slirp 2>/dev/null; \
	MIPSVZ_BUILD=$(abspath $(B)) MIPSVZ_ROOT=$(CURDIR) \
		bash tests/guest/malta-net.test.sh

.PHONY: test-net
