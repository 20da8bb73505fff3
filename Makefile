# Orthros for Linux: one entry point.
#
#   make            build everything (kernel, modules, tools, guest images)
#   make demo       build everything, boot the patched primary in QEMU
#   make check      build everything, run every test scenario [T=name]
#   make host-check the tests that need no guest (make check runs them too)
#   make patches    export build/linux's commits to patches/
#                   (make patches-v61: build/linux-6.1's to patches/6.1/)
#   make soak       N fresh boots that start a backup [N=20]
#   make torture    N takeovers of writers and file operations at random
#                   moments, with a tally of the runs that lost nothing [N=10]

#
# Everything generated goes under build/ (git-ignored, disposable).

TOP      := $(CURDIR)
KDIR     := $(TOP)/build/linux
BZIMAGE  := $(KDIR)/arch/x86/boot/bzImage
IMAGES   := $(TOP)/build/images
HOSTBIN  := $(TOP)/build/tools/host
GUESTBIN := $(TOP)/build/tools/guest
TESTBIN  := $(TOP)/build/tests/guest
PROCSBIN := $(TOP)/build/tests/procs
SELFTEST := $(KDIR)/tools/testing/selftests

CC_GUEST := gcc -static -O2 -Wall -Wextra -Werror
CC_TEST  := $(CC_GUEST) -D_GNU_SOURCE -Wno-unused-parameter -Wno-clobbered
CC_HOST  := gcc -O2 -Wall -Wextra -Werror

# make bench: the takeover benchmarks (tools/bench/run), not part of check.
.PHONY: all deps tree kernel kernel-old kernel-v61 patches-v61 modules headers tools tests images demo check host-check \
	bench patches checkpatch checkpatch-v61 check-series check-series-v61 soak torture clean distclean

# Two at a time: unpacking a kernel tree, importing it into git and linking
# vmlinux use one CPU each, and another kernel's build fills the other
# meanwhile.
all:
	@$(MAKE) --no-print-directory -j2 images

deps:
	@tools/build/install-deps.sh

# The kernel tree and the kernel itself are rebuilt by their scripts, which
# know when there is nothing to do; make only orders them.
tree: deps
	@tools/build/prepare-tree.sh

kernel: tree
	@tools/build/build-kernel.sh

# The series on an older Debian 6.12 (pinned in tools/build/kernels.sh), in
# its own tree, with other structure layouts (tools/build/layout.config): a
# primary to live-update to the main kernel (takeover-old), and a backup
# of the main one (layout, procs-layout, the chain).
kernel-old: deps
	@tools/build/prepare-tree.sh old
	@tools/build/build-kernel.sh old

# The primary side of the series ported to Debian's 6.1 (its own series,
# patches/6.1/, pinned in tools/build/kernels.sh), in its own tree: a
# primary of another major version that main takes over (takeover-61).
kernel-v61: deps
	@tools/build/prepare-tree.sh v61
	@tools/build/build-kernel.sh v61

# The Orthros modules, for the main kernel and, from a copy of their source
# (kbuild builds in the source directory), for the old kernel.
OLD_KDIR := $(shell bash -c '. tools/build/kernels.sh && kernel_tree old')
modules: kernel kernel-old
	CCACHE_DEPEND=1 $(MAKE) -C $(KDIR) M=$(TOP)/modules CC="ccache gcc" modules
	CCACHE_DEPEND=1 $(MAKE) -C $(KDIR) M=$(TOP)/tests/modules CC="ccache gcc" \
		KBUILD_EXTRA_SYMBOLS=$(TOP)/modules/Module.symvers modules
	@mkdir -p $(TOP)/build/modules-old
	@rsync -a --delete --include='*/' --include='*.[ch]' --include='Kbuild' \
		--include='Makefile' --exclude='*' modules/ $(TOP)/build/modules-old/
	CCACHE_DEPEND=1 $(MAKE) -C $(OLD_KDIR) M=$(TOP)/build/modules-old \
		CC="ccache gcc" modules

# User space builds against the kernel's uapi headers (linux/orthros.h: the
# offset table, the enums), installed from the tree.  A tree that predates
# the uapi header keeps the copy already installed.
UAPI_INC := $(TOP)/build/usr/include

# After the kernel: two makes in one tree at once would race.
headers: kernel
	@$(MAKE) -s -C $(KDIR) headers_install INSTALL_HDR_PATH=$(TOP)/build/usr

# The reader (modules/orthros_reader/), built into the tools from the same
# source as orthros_reader.ko, with the user-space memory (mem-vmcore.c)
# instead of the kernel's, and the kernel's warnings.
READER_SRC := $(filter-out %/mem-kernel.c %.mod.c,$(wildcard modules/orthros_reader/*.c))
READER_CFLAGS := -I$(UAPI_INC) -Imodules/orthros_reader -Wno-unused-parameter
POSTMORTEM_SRC := $(wildcard tools/postmortem/*.c) $(READER_SRC)

# The CRIU image writer (tools/dump/criu-image.h), for orthros-dump; built
# as the guest tools are, into its host test (tests/lib/criu-image-test.c).
CRIU_IMAGE_SRC := tools/dump/criu-image.c tools/dump/protobuf.c
# orthros-dump's translation to criu images, also in the failover daemon.
DUMP_SRC := tools/dump/dump.c $(CRIU_IMAGE_SRC)
CRIU_IMAGE_TEST = $(CC_GUEST) -Itools/dump -o $(HOSTBIN)/criu-image-test \
	tests/lib/criu-image-test.c $(CRIU_IMAGE_SRC)
# orthrosctl on the host, for offsets diff of tables the guests sent.
HOST_ORTHROSCTL = $(CC_HOST) -I$(UAPI_INC) -o $(HOSTBIN)/orthrosctl tools/orthrosctl/orthrosctl.c

# The guest images are test images: their orthros-postmortem records (-r)
# with the test's recorder (tests/lib/reader-record.c).
tools: deps headers
	@mkdir -p $(HOSTBIN) $(GUESTBIN)
	$(CC_GUEST) -I$(UAPI_INC) -o $(GUESTBIN)/orthrosctl tools/orthrosctl/orthrosctl.c
	$(CC_GUEST) $(READER_CFLAGS) -o $(GUESTBIN)/orthros-postmortem \
		$(POSTMORTEM_SRC) tests/lib/reader-record.c
	$(CC_GUEST) $(READER_CFLAGS) -Itools/dump -o $(GUESTBIN)/orthros-failover \
		$(wildcard tools/failover/*.c) $(DUMP_SRC) $(READER_SRC)
	$(CC_GUEST) $(READER_CFLAGS) -Itools/dump -o $(GUESTBIN)/orthros-dump \
		tools/dump/main.c $(DUMP_SRC) $(READER_SRC)
	$(CC_GUEST) -o $(GUESTBIN)/orthros-tsc tests/lib/tsc.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-memcpy-bw tests/lib/memcpy-bw.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-mkfiles tests/lib/mkfiles.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-write-bw tests/lib/write-bw.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-hostio tests/lib/hostio.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-manifest tests/lib/fs-manifest.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-writer tests/lib/torture-writer.c
	$(CC_GUEST) -o $(GUESTBIN)/orthros-serve tests/lib/serve.c
	$(CC_HOST) $(READER_CFLAGS) -o $(HOSTBIN)/orthros-postmortem $(POSTMORTEM_SRC)
	$(CC_HOST) -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		$(READER_CFLAGS) -o $(HOSTBIN)/orthros-postmortem-asan $(POSTMORTEM_SRC)
	$(CC_HOST) -Itests/lib -o $(HOSTBIN)/pattern-gen tests/lib/pattern-gen.c tests/lib/pattern.c
	$(CRIU_IMAGE_TEST)
	$(HOST_ORTHROSCTL)

# Guest tests use the kernel's own kselftest harness from the tree.  The
# process-migration test programs (tests/procs/) are one multi-call binary,
# procs, and the launcher of their pid namespace, orthros-pidns-run.
PROCS_SRC := $(filter-out tests/procs/run-in-pidns.c,$(wildcard tests/procs/*.c))
tests: tree
	@mkdir -p $(TESTBIN)
	@for t in tests/guest/*.c; do \
		echo "  CC      $$t"; \
		$(CC_TEST) -I$(SELFTEST) -Itests/lib -o $(TESTBIN)/$$(basename $$t .c) \
			$$t tests/lib/pattern.c || exit 1; \
	done
	@mkdir -p $(PROCSBIN)
	$(CC_TEST) -pthread -Itests/procs -o $(PROCSBIN)/procs $(PROCS_SRC)
	$(CC_GUEST) -o $(PROCSBIN)/orthros-pidns-run tests/procs/run-in-pidns.c

images: kernel kernel-old kernel-v61 modules tools tests
	@tools/build/mkinitramfs.sh backup $(IMAGES)/backup.cpio.gz
	@tools/build/mkinitramfs.sh primary $(IMAGES)/primary.cpio
	@[ $(IMAGES)/disk.img -nt tools/build/mkdisk.sh ] || tools/build/mkdisk.sh $(IMAGES)/disk.img

bench: all
	@tools/build/install-deps.sh bench
	@tools/bench/run

demo: all
	@tools/qemu/demo.sh

check: all host-check
	@tests/run $(T)

# Tests that need no guest, so no scenario (tests/run boots one for each):
# the CRIU image writer, decoded with crit (Debian's criu), and orthrosctl
# offsets diff.  Needs the tree's uapi header, which headers installs once
# the main kernel is built.
host-check: deps headers
	@mkdir -p $(HOSTBIN)
	$(CRIU_IMAGE_TEST)
	@tests/lib/criu-image-check.py $(HOSTBIN)/criu-image-test
	$(HOST_ORTHROSCTL)
	@tests/lib/offsets-diff-check.py $(HOSTBIN)/orthrosctl

soak: all
	@ORTHROS_REPEAT=$(or $(N),20) tests/run soak

# The file-system torture campaign (tests/scenarios/torture), then its tally.
# Runs of an earlier campaign would count in the tally: they go first.
torture: all
	@rm -rf build/test-logs/torture
	@ORTHROS_REPEAT=$(or $(N),10) tests/run torture; rc=$$?; \
		tests/lib/torture-tally.sh build/test-logs/torture && exit $$rc


# Build every prefix of the series: is it bisectable?  (Not part of check.)
check-series: kernel
	@tools/build/check-series.sh

check-series-v61: kernel-v61
	@tools/build/check-series.sh v61

# Export the tree's commits as the series (the source of truth); the 6.1
# tree's as patches/6.1/.
patches:
	@tools/build/export-patches.sh

patches-v61:
	@tools/build/export-patches.sh v61

# FILE_PATH_CHANGES only asks whether MAINTAINERS needs updating for new
# files; patch 1's entry already covers every Orthros directory.  The uapi
# patch defines the cross-kernel enumerations as X-macro lists (values and
# names from one list), which checkpatch cannot tell from ordinary macros:
# only for that patch, the macro-shape checks are off.
# The series, and the kernel C of the out-of-tree and test modules
# (modules/orthros_reader/user.h is the reader's user-space shim: not kernel).
XMACRO_PATCH = $(wildcard $(TOP)/patches/*-orthros-one-contract-between-kernels-*.patch)
CHECKPATCH = cd $(KDIR) && PATH=/usr/bin:$$PATH ./scripts/checkpatch.pl --terse
checkpatch: tree
	@$(CHECKPATCH) --ignore FILE_PATH_CHANGES \
		$(filter-out $(XMACRO_PATCH),$(wildcard $(TOP)/patches/*.patch))
	@$(CHECKPATCH) --ignore FILE_PATH_CHANGES,COMPLEX_MACRO,MACRO_ARG_UNUSED \
		--ignore MACRO_WITH_FLOW_CONTROL,TRAILING_SEMICOLON $(XMACRO_PATCH)
	@$(CHECKPATCH) --no-tree -f \
		$$(cd $(TOP) && ls $(TOP)/modules/*/*.[ch] $(TOP)/tests/modules/*.c | \
		   grep -v -e '\.mod\.c$$' -e '/user\.h$$')
	@$(MAKE) -s checkpatch-v61

# The 6.1 series, with the 6.1 tree's checkpatch.pl and the same exceptions
# (its uapi patch is the same X-macro header, in which 6.1's checkpatch
# also takes the case macro for statements: MULTISTATEMENT_MACRO_USE_DO_WHILE).
XMACRO_PATCH_61 = $(wildcard $(TOP)/patches/6.1/*-orthros-one-contract-between-kernels-*.patch)
CHECKPATCH_61 = cd $(TOP)/build/linux-6.1 && PATH=/usr/bin:$$PATH ./scripts/checkpatch.pl --terse
checkpatch-v61: deps
	@tools/build/prepare-tree.sh v61
	@$(CHECKPATCH_61) --ignore FILE_PATH_CHANGES \
		$(filter-out $(XMACRO_PATCH_61),$(wildcard $(TOP)/patches/6.1/*.patch))
	@$(CHECKPATCH_61) --ignore FILE_PATH_CHANGES,COMPLEX_MACRO,MACRO_ARG_UNUSED \
		--ignore MACRO_WITH_FLOW_CONTROL,TRAILING_SEMICOLON \
		--ignore MULTISTATEMENT_MACRO_USE_DO_WHILE $(XMACRO_PATCH_61)

clean:
	rm -rf build/images build/tools build/tests build/test-logs
	-$(MAKE) -C $(KDIR) M=$(TOP)/modules clean >/dev/null 2>&1
	-$(MAKE) -C $(KDIR) M=$(TOP)/tests/modules clean >/dev/null 2>&1

distclean:
	rm -rf build
