# SPDX-License-Identifier: GPL-2.0-only
#
# snpvisor: the one Makefile. `make help` lists the targets.

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build
HOSTCC ?= gcc
CLANG ?= clang

# The conversion engine: snp/ over the RMP layer (mm/rmp*.c), plus the
# nested page tables its NPT view back end (snp/view_npt.c) writes. Plain
# C, no SVM or UEFI dependency: compiled into hv.efi and into every host
# program (tests, fuzzers, the KVM diff, benchmarks).
ENGINE_SRCS := $(sort $(wildcard snp/*.c mm/rmp*.c)) mm/npt.c mm/palloc.c

.PHONY: all help deps test test-unit test-qemu diff bench fuzz run debug clean check-deps \
	format check-format

# Python byte code would land in __pycache__/ inside the clone (tests/diff/kvmdiff/).
export PYTHONDONTWRITEBYTECODE := 1

# The compiler's own include folder (stddef.h, stdint.h...), asked once and
# only by a recipe that compiles: at parse time gcc may not be installed
# yet (`make run` on a fresh machine installs it first).
CC_INCLUDE = $(eval CC_INCLUDE := $$(shell $(CC) -print-file-name=include))$(CC_INCLUDE)

help:
	@echo "Commands (each installs what is missing, builds, then runs):"
	@echo "  make run        boot Debian's Linux as an emulated SNP guest under hv.efi in QEMU"
	@echo "  make test       every suite below; TAP lines, then 'N passed, N failed'"
	@echo "Suites and tools:"
	@echo "  make check-deps who may include whom (docs/architecture.md), no include or call cycles"
	@echo "  make check-format every tracked C source matches .clang-format (tools/check-format.sh)"
	@echo "  make test-unit  host unit tests (ASan+UBSan)"
	@echo "  make test-qemu  QEMU guest tests (tests/guests/tests.cfg) on every CPU model"
	@echo "  make test-tools the runner's own behaviour (timeouts, refusals, exit status)"
	@echo "  make diff       scenario corpus through snpvisor, KVM 6.12 and KVM 7.3 (unpatched, patched), then in hv.efi"
	@echo "  make diff-e2e   only the corpus end to end in hv.efi under QEMU"
	@echo "  make fuzz-diff  differential fuzzing against KVM 6.12 and 7.3 (FUZZ_DIFF_SECONDS=N)"
	@echo "  make kvm-check  apply kvm/patches/{6.12,7.3} to Debian's kernel sources, checkpatch, compile"
	@echo "  make fuzz-coverage  engine/decoder line coverage by the fuzz corpora"
	@echo "  make fuzz       libFuzzer targets, FUZZ_RUNS=N executions (default 10M) or FUZZ_SECONDS=N (default 900) each"
	@echo "  make bench      conversion cost against KVM; docs/bench.md and docs/bench.png; docs/bench-platform.md, docs/bench-fw.md, docs/bench-ovmf.md"
	@echo "  make attest     boot Linux, fetch an SNP attestation report and its TEST VCEK chain via configfs-tsm, verify both (docs/firmware.md)"
	@echo "  make test-attest  verify the reports of test-qemu's linux runs, and refuse tampered copies (no boot of its own)"
	@echo "  make snp-certs  make the TEST ARK/ASK/VCEK chain (NOT AMD's) once, in the cache (tools/snp-certs.py)"
	@echo "  make debug      like make run, QEMU waits for gdb; prints how to attach"
	@echo "  make shell      Debian's Linux as an emulated SNP guest into a busybox shell on its UART; 'exit' leaves"
	@echo "  make deps       install the missing Debian packages"
	@echo "  make format     format every tracked C source in place with clang-format (.clang-format)"
	@echo "  make all        build build/hv.efi and the test guests"
	@echo "  make help       this list"
	@echo "  make clean      remove build/ (caches outside the clone stay)"
	@echo "Parts the commands above use:"
	@echo "  make test-qemu-only  only the QEMU guest tests, without deps or the build"
	@echo "  make diff-scenarios  only the corpus through snpvisor and KVM 6.12 / 7.3 on the host"
	@echo "  make kvm-ref         build the KVM reference harness (kvm/ref/build.sh; KVM_VERSIONS='6.12 7.3')"
	@echo "  make linux-guest     build build/guests/linux.bin (make run RUN_GUEST=linux.bin boots it directly)"
	@echo "  make linux-guests    linux-guest plus one bundle per kernel of LINUX_KERNELS"
	@echo "  make shell-guest     build build/guests/linux-shell.bin (what make shell boots)"
	@echo "  make ovmf-info      fetch Debian 13 and 12 OVMF.fd (tools/fetch-ovmf.sh), print their SEV metadata"
	@echo "  make ovmf-guest     build/guests/ovmf.fd, ovmf-bookworm.fd: Debian 13's and 12's OVMF.fd as guests (tools/qemu-run.sh run ovmf.fd)"
	@echo "  make ovmf-linux-guest  build/guests/ovmf-linux.bin: Debian 13's OVMF.fd booting linux.bin (what make run boots)"
	@echo "  make ovmf-efi-guest  build/guests/ovmf-efi-platform.bin: OVMF.fd booting tests/efi/platform.c (malformed platform accesses)"
	@echo "  make test-ovmf-measure  boot both OVMF.fd on both CPU models, compare the launch measurement with tools/snp-measure.py (in test-qemu)"
	@echo "Knobs (make run / make debug):"
	@echo "  RUN_OPTS='k=v ...'   snpvisor options after the defaults (mem=256M for Linux), e.g. log=debug"
	@echo "  RUN_GUEST=x.bin      another image of build/guests instead of ovmf-linux.bin (linux.bin: the direct boot)"
	@echo "  LINUX_KERNEL=path    boot this bzImage;  LINUX_CMDLINE='...' its command line"
	@echo "  RUN_CPU=model        QEMU -cpu (default max,phys-bits=48);  RUN_MEM=size  QEMU -m (512M)"
	@echo "  RUN_TIMEOUT=s        end make run after s seconds (300; 0 = none); DEBUG_TIMEOUT for make debug (3600)"
	@echo "  SNPVISOR_CACHE=dir   where downloads and newlib are cached (default ~/.cache/snpvisor)"

# ---- section: platform (hv.efi, QEMU runner, deps) ------------------------
#
# hv.efi = boot/ (the only code that sees UEFI, gnu-efi headers) + every
# other hypervisor source (hv/ svm/ mm/ snp/), compiled against
# newlib without SSE, linked as an ELF .so and converted to PE. See
# docs/build-notes.md for the details and what other sections may add.

EFI_INC := /usr/include/efi
EFI_LDS := /usr/lib/elf_x86_64_efi.lds
EFI_CRT0 := /usr/lib/crt0-efi-x86_64.o
EFI_LIBEFI := /usr/lib/libefi.a
EFI_LIBGNUEFI := /usr/lib/libgnuefi.a
OVMF := /usr/share/ovmf/OVMF.fd

# newlib: tools/build-newlib.sh points this link at the (cached) install.
NEWLIB := $(BUILD)/newlib-install
NEWLIB_STAMP := $(BUILD)/newlib.stamp
NEWLIB_OK := $(wildcard $(NEWLIB)/include/stdio.h)
# BearSSL for the SEV firmware model: section fw below.
BEARSSL := $(BUILD)/bearssl
BEARSSL_STAMP := $(BUILD)/bearssl.stamp

HV_SO := $(BUILD)/hv.so
HV_EFI := $(BUILD)/hv.efi
OBJ := $(BUILD)/obj
# Guest images: tests/guests/guests.mk (owned with tests/guests/) appends
# image paths in $(GUEST_DIR) to GUESTS and has their rules; `all` builds
# them and the runner copies them onto each ESP.
GUEST_DIR := $(BUILD)/guests
GUESTS ?=
-include tests/guests/guests.mk
# Sources that live in hv/ svm/ mm/ but must not go into hv.efi.
HV_EXCLUDE ?=
# dev/fuzz.c is the device models' libFuzzer entry, not hv.efi's.
HV_EXCLUDE += dev/fuzz.c

BOOT_SRCS := $(sort $(wildcard boot/*.c))
HV_SRCS := $(filter-out $(HV_EXCLUDE),$(sort $(wildcard hv/*.c svm/*.c mm/*.c snp/*.c dev/*.c fw/*.c)))
HV_ASM := $(filter-out $(HV_EXCLUDE),$(sort $(wildcard svm/*.S hv/*.S mm/*.S)))
BOOT_OBJS := $(BOOT_SRCS:%.c=$(OBJ)/%.o)
HV_OBJS := $(HV_SRCS:%.c=$(OBJ)/%.o) $(HV_ASM:%.S=$(OBJ)/%.o)

# Host unit tests (engine section's test-unit) also build these.
HOST_SRCS += boot/options.c hv/conv_progress.c hv/conv_high.c hv/counters.c

FREESTANDING_CFLAGS = -O2 -g -std=gnu11 -fpic -fshort-wchar -mno-red-zone \
	-ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables \
	-maccumulate-outgoing-args -mgeneral-regs-only \
	-nostdinc -isystem $(NEWLIB)/include \
	-isystem $(CC_INCLUDE) -I. \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wshadow -MMD -MP
HV_CFLAGS = $(FREESTANDING_CFLAGS)
BOOT_CFLAGS = $(FREESTANDING_CFLAGS) -DGNU_EFI_USE_MS_ABI \
	-isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64
HV_ASFLAGS := -fpic -I. -D__ASSEMBLY__ -MMD -MP -Wa,--noexecstack

HV_LDFLAGS := -nostdlib -znocombreloc -T $(EFI_LDS) -shared -Bsymbolic \
	--no-undefined -z noexecstack

.PHONY: test-qemu-only newlib FORCE_NEWLIB

all: $(HV_EFI) $(GUESTS)

deps:
	@tools/deps.sh

newlib: $(NEWLIB_STAMP)

$(NEWLIB_STAMP): tools/build-newlib.sh $(if $(NEWLIB_OK),,FORCE_NEWLIB)
	@tools/build-newlib.sh $(NEWLIB)
	@touch $@

$(OBJ)/boot/%.o: boot/%.c $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BOOT_CFLAGS) -c $< -o $@

$(OBJ)/%.o: %.c $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HV_CFLAGS) -c $< -o $@

$(OBJ)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(HV_ASFLAGS) -c $< -o $@

# libefi.a carries its own memset/memcpy/setjmp/longjmp: make them weak
# so newlib's win.
$(BUILD)/libefi-nl.a: $(EFI_LIBEFI)
	@mkdir -p $(@D)
	objcopy -W memset -W memcpy -W setjmp -W longjmp $< $@

$(HV_SO): $(BOOT_OBJS) $(HV_OBJS) $(BUILD)/libefi-nl.a tools/check-relocs.sh \
	tools/check-no-fpu.sh $(BEARSSL_STAMP)
	$(LD) $(HV_LDFLAGS) $(EFI_CRT0) $(BOOT_OBJS) $(HV_OBJS) $(BEARSSL)/lib/libbearssl-hv.a \
		-L$(NEWLIB)/lib -lc $(BUILD)/libefi-nl.a $(EFI_LIBGNUEFI) -o $@
	@tools/check-relocs.sh $@
	@tools/check-no-fpu.sh $@ $(BUILD)/libefi-nl.a $(EFI_LIBGNUEFI) || { rm -f $@; exit 1; }

$(HV_EFI): $(HV_SO)
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j '.rel.*' -j '.rela.*' -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@
	@echo "hv.efi: $$(stat -c %s $@) bytes ($$(size $< | awk 'NR==2 {print "text " $$1 ", data " $$2 ", bss " $$3}'))"

-include $(BOOT_OBJS:.o=.d) $(HV_OBJS:.o=.d)

# QEMU. RUN_GUEST/RUN_OPTS/RUN_CPU/RUN_MEM pick what `make run` boots.
# The default is the real SNP guest stack: Debian 13's OVMF.fd launched
# from its SEV metadata, booting the Linux guest through its EFI stub
# (ovmf-linux.bin, section ovmf below; docs/ovmf.md). RUN_GUEST=linux.bin
# is the direct boot (section linux), RUN_GUEST=hello.bin a test guest.
# RUN_OPTS come after the guest's defaults (mem=256M for Linux, either
# way), so they add to them and a later key wins.
RUN_GUEST ?= ovmf-linux.bin
RUN_OPTS ?=
RUN_DEFAULTS := $(if $(filter linux.bin ovmf-linux.bin,$(RUN_GUEST)),mem=256M)
RUN_PREREQ := $(if $(filter linux.bin,$(RUN_GUEST)),linux-guest) \
	$(if $(filter ovmf-linux.bin,$(RUN_GUEST)),ovmf-linux-guest)
RUN_CPU ?= max,phys-bits=48
RUN_MEM ?= 512M
# Seconds before QEMU is ended (0: no limit): a guest that hangs must not
# hang the command. make debug waits for a person at gdb, so longer.
RUN_TIMEOUT ?= 300
DEBUG_TIMEOUT ?= 3600
GUEST_TESTS ?= tests/guests/tests.cfg
QEMU_JOBS ?= 2

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all snp-certs $(RUN_PREREQ)
	@tools/qemu-run.sh run --timeout '$(RUN_TIMEOUT)' --cpu '$(RUN_CPU)' --mem $(RUN_MEM) \
		$(RUN_GUEST) $(RUN_DEFAULTS) $(RUN_OPTS)

debug:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all snp-certs $(RUN_PREREQ)
	@tools/qemu-run.sh run --debug --timeout '$(DEBUG_TIMEOUT)' --cpu '$(RUN_CPU)' \
		--mem $(RUN_MEM) $(RUN_GUEST) $(RUN_DEFAULTS) $(RUN_OPTS)

test-qemu:
	@$(MAKE) --no-print-directory deps >/dev/null
	@$(MAKE) --no-print-directory all snp-certs linux-guests ovmf-guest ovmf-linux-guest ovmf-efi-guest
	@rc=0; tools/qemu-run.sh test --jobs $(QEMU_JOBS) $(GUEST_TESTS) || rc=1; \
		tests/tools/test-ovmf-measure.sh || rc=1; exit $$rc

# The runner's own behaviour (tests/tools/test-runner.sh).
test-tools:
	@$(MAKE) --no-print-directory all snp-certs shell-guest kvm-ref
	@tests/tools/test-runner.sh

.PHONY: test-tools

# Only the guest tests, without deps/build (for iterating).
test-qemu-only:
	@tools/qemu-run.sh test --jobs $(QEMU_JOBS) $(GUEST_TESTS)

# The dependency rules of docs/architecture.md ("Who may call whom"):
# every #include of the hypervisor's folders, then the call graph of
# hv.efi's objects (so it builds them first). TAP lines, one per rule.
check-deps: $(HV_SO)
	@python3 tools/check-deps.py --objs $(OBJ)

# C style (.clang-format, clang-format 14): check-format is a suite of
# `make test`; format rewrites the files in place (review with git diff).
check-format:
	@tools/check-format.sh

format:
	@tools/check-format.sh --fix

# ---- end section: platform -------------------------------------------------

# ---- section: fw (the SEV firmware, docs/firmware.md) ----------------------
#
# fw/: one interface (fw/fw.h), the software firmware model (fw/model.c,
# host-tested) and the PSP mailbox for silicon (fw/psp.c host-tested,
# fw/psp_io.c hv.efi only, untested on silicon). Crypto is BearSSL from
# Debian's source package, built by tools/build-bearssl.sh into the cache
# outside the clone (build/bearssl links to it): one archive with hv.efi's
# freestanding flags, one for host programs.

BEARSSL_OK := $(wildcard $(BEARSSL)/lib/libbearssl-hv.a)
HV_CFLAGS += -isystem $(BEARSSL)/inc
FW_HOST_SRCS := fw/model.c fw/guest_msg.c fw/vcek.c fw/psp.c fw/status.c svm/vmsa.c
HOST_SRCS += $(FW_HOST_SRCS)
HOST_LIBS += $(BEARSSL)/lib/libbearssl-host.a
HOST_CFLAGS_FW := -isystem $(BEARSSL)/inc
# The firmware tests check the launch digest with OpenSSL's SHA-384, an
# implementation independent of BearSSL.
$(BUILD)/host/test_fw_model $(BUILD)/host/test_fw_guest_msg: HOST_LIBS += -lcrypto
# The guest-request decoder under libFuzzer (tests/fuzz/fuzz_fw_guest_msg.c).
FUZZ_SRCS_fuzz_fw_guest_msg := fw/model.c fw/guest_msg.c fw/status.c \
	$(wildcard mm/rmp*.c) tests/lib/log_host.c $(BEARSSL)/lib/libbearssl-host.a
$(BUILD)/fuzz/fuzz_fw_guest_msg: FUZZ_CFLAGS += -isystem $(BEARSSL)/inc
$(BUILD)/fuzz/fuzz_fw_guest_msg: | $(BEARSSL_STAMP)
# The archive the target links is made by the stamp's recipe: without this
# rule a make that has not built BearSSL yet stops on "No rule to make
# target" for it (under -j, leaving the target unbuilt).
$(BEARSSL)/lib/libbearssl-host.a: $(BEARSSL_STAMP) ;

# The TEST VCEK chain (NOT AMD's) the firmware model signs with, made once
# into the cache outside the clone (tools/snp-certs.py; SNP_CERTS_DIR
# overrides); tools/qemu-run.sh puts its snpvisor-vcek.bin on every ESP.
snp-certs:
	@$(PY3) tools/snp-certs.py >/dev/null

.PHONY: snp-certs bearssl FORCE_BEARSSL
bearssl: $(BEARSSL_STAMP)

$(BEARSSL_STAMP): tools/build-bearssl.sh tools/apt-suite.sh $(NEWLIB_STAMP) \
		$(if $(BEARSSL_OK),,FORCE_BEARSSL)
	@tools/build-bearssl.sh $(BEARSSL) $(NEWLIB)/include
	@touch $@

$(HV_SRCS:%.c=$(OBJ)/%.o): | $(BEARSSL_STAMP)

# `make attest`: boot the Linux guest (as make run does, with the TEST
# VCEK chain on its ESP), save its serial log, check that the verifier
# refuses copies of it with the report, the measurement line or a
# certificate changed (tests/tools/attest-check.py, TAP lines), then
# verify the report and its chain with tools/snp-attest.py. Ends with the
# verdict.
ATTEST_DIR := $(BUILD)/attest

attest:
	@$(MAKE) --no-print-directory deps >/dev/null
	@$(MAKE) --no-print-directory all snp-certs linux-guest
	@mkdir -p $(ATTEST_DIR)
	@tools/qemu-run.sh run --timeout '$(RUN_TIMEOUT)' --cpu '$(RUN_CPU)' --mem $(RUN_MEM) \
		linux.bin mem=256M $(RUN_OPTS) >$(ATTEST_DIR)/run.log 2>&1 || \
		{ tail -n 20 $(ATTEST_DIR)/run.log; echo "attest: the run failed (log: $(ATTEST_DIR)/run.log)"; exit 1; }
	@set -o pipefail; $(PY3) tests/tools/attest-check.py --negatives $(ATTEST_DIR)/run.log | grep -v ': VERDICT' || \
		{ echo "attest: a negative check failed"; exit 1; }
	@$(PY3) tools/snp-attest.py --save $(ATTEST_DIR) $(ATTEST_DIR)/run.log

# `make test`'s attestation suite, with no boot of its own: the logs of
# the linux and ovmf-linux scenarios of test-qemu (both CPU models; the
# second's report measures OVMF) must verify, and the negatives of make
# attest must be refused.
ATTEST_LOGS := $(BUILD)/qemu-logs/linux.max.log $(BUILD)/qemu-logs/linux.epyc-milan.log \
	$(BUILD)/qemu-logs/ovmf-linux.max.log $(BUILD)/qemu-logs/ovmf-linux.epyc-milan.log
test-attest:
	@$(PY3) tests/tools/attest-check.py --negatives $(ATTEST_LOGS)

.PHONY: attest test-attest

# ---- end section: fw -------------------------------------------------------

# ---- section: core (guests) -------------------------------------------------
#
# Pure sources of svm/ and mm/ are host unit-tested (tests/unit/test_*.c).
# Test guests: tests/guests/<name>/*.c + the guest library
# tests/guests/lib/, linked at GUEST_ENTRY_GPA (0x100000) and flattened to
# $(GUEST_DIR)/<name>.bin, the file name the runner passes as guest=.

HOST_SRCS += svm/insn_len.c svm/insn_mmio.c svm/exit.c svm/asid.c svm/iopm.c mm/gwalk.c
# The emulated PC behind the port and MSR exits (pure, hv/pc.h).
HOST_SRCS += hv/pc.c hv/io_string.c
# The CPUID view the hypervisor offers (pure, hv/cpuid_view.h).
HOST_SRCS += hv/cpuid_view.c hv/cpuid_deps.c hv/snp_identity.c
HOST_SRCS += $(wildcard dev/*.c)

GUEST_NAMES := $(sort $(notdir $(patsubst %/,%,$(filter-out tests/guests/lib/ \
	tests/guests/escape/,$(wildcard tests/guests/*/)))))
CORE_GUESTS := $(GUEST_NAMES:%=$(GUEST_DIR)/%.bin)
GUESTS += $(CORE_GUESTS)
GUEST_LIB_SRCS := $(wildcard tests/guests/lib/*.c tests/guests/lib/*.S)
GUEST_LDS := tests/guests/lib/guest.ld
GUEST_OBJ := $(BUILD)/guest-obj
GUEST_CFLAGS = -O2 -g -std=gnu11 -ffreestanding -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-asynchronous-unwind-tables -nostdinc \
	-isystem $(CC_INCLUDE) -I. -Itests/guests/lib \
	-Wall -Wextra -Werror -Wmissing-prototypes -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,-T,$(GUEST_LDS)

GUEST_LIB_OBJS := $(patsubst %,$(GUEST_OBJ)/%.o,$(basename $(GUEST_LIB_SRCS)))

$(GUEST_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OBJ)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

# A guest that belongs to another suite keeps its sources there: the
# suite's section sets GUEST_SRC_<name> to the folder and adds the image.
guest_src = $(or $(GUEST_SRC_$(1)),tests/guests/$(1))

.SECONDEXPANSION:
guest_objs = $(patsubst %.c,$(GUEST_OBJ)/%.o,$(wildcard $(call guest_src,$(1))/*.c))
$(GUEST_DIR)/%.elf: $$(call guest_objs,$$*) $(GUEST_LIB_OBJS) $(GUEST_LDS)
	@mkdir -p $(@D)
	$(CC) $(GUEST_LDFLAGS) -o $@ $(filter %.o,$^) $(GUEST_LIBS_$*)

$(GUEST_DIR)/%.bin: $(GUEST_DIR)/%.elf
	objcopy -O binary $< $@

.PRECIOUS: $(GUEST_DIR)/%.elf

# snp-guest-request seals its messages with BearSSL's AES-256-GCM: the
# freestanding archive hv.efi links (its headers want newlib's string.h).
GUEST_LIBS_snp-guest-request := $(BEARSSL)/lib/libbearssl-hv.a
$(GUEST_OBJ)/tests/guests/snp-guest-request/%.o: GUEST_CFLAGS += \
	-isystem $(NEWLIB)/include -isystem $(BEARSSL)/inc
$(GUEST_OBJ)/tests/guests/snp-guest-request/main.o: | $(BEARSSL_STAMP)

guests: $(CORE_GUESTS)
all: $(CORE_GUESTS)

.PHONY: guests

-include $(shell find $(GUEST_OBJ) -name '*.d' 2>/dev/null)

# Escape guests (tests/guests/escape/, docs/testing.md "Escape
# scenarios"): Linux-format guests, so the hypervisor boots them the way
# it boots Linux. Each source is position-independent C linked flat
# (tests/guests/escape/lib/esc.ld) twice, at 0 and at 2 MiB: the two
# flat images must be equal. tools/mk-bzimage.py wraps it into a
# bzImage, tools/linux-bundle.py adds the command line. NAME:SOURCE[:ARGS]
# makes $(GUEST_DIR)/escape-NAME.bin with command line "escape=NAME ARGS".
ESCAPE_SRC := tests/guests/escape
ESCAPE_OUT := $(BUILD)/escape
ESCAPE_GUESTS := fwcfg:fwcfg pci:pci acpi:acpi forge:forge \
	reset-cf9-06:reset:reset=cf9-06 reset-cf9-0e:reset:reset=cf9-0e \
	reset-kbc:reset:reset=kbc reset-port92:reset:reset=port92 \
	cli-hlt:cli-hlt loop:loop
ESCAPE_CFLAGS = -O2 -std=gnu11 -ffreestanding -fpie -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-nostdinc -isystem $(CC_INCLUDE) -I. -I$(ESCAPE_SRC)/lib \
	-Wall -Wextra -Werror -Wmissing-prototypes -MMD -MP
ESCAPE_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
ESCAPE_LIB_OBJS := $(patsubst $(ESCAPE_SRC)/%,$(ESCAPE_OUT)/obj/%.o,\
	$(basename $(wildcard $(ESCAPE_SRC)/lib/*.c $(ESCAPE_SRC)/lib/*.S)))
escape_name = $(word 1,$(subst :, ,$(1)))
ESCAPE_BINS := $(foreach g,$(ESCAPE_GUESTS),$(GUEST_DIR)/escape-$(call escape_name,$(g)).bin)
GUESTS += $(ESCAPE_BINS)

$(ESCAPE_OUT)/obj/%.o: $(ESCAPE_SRC)/%.c
	@mkdir -p $(@D)
	$(CC) $(ESCAPE_CFLAGS) -c $< -o $@

$(ESCAPE_OUT)/obj/%.o: $(ESCAPE_SRC)/%.S
	@mkdir -p $(@D)
	$(CC) $(ESCAPE_CFLAGS) -c $< -o $@

$(ESCAPE_OUT)/%.bzImage: $(ESCAPE_OUT)/obj/%.o $(ESCAPE_LIB_OBJS) \
		$(ESCAPE_SRC)/lib/esc.ld tools/mk-bzimage.py
	$(CC) $(ESCAPE_LDFLAGS) -Wl,-T,$(ESCAPE_SRC)/lib/esc.ld \
		-o $(ESCAPE_OUT)/$*.elf $(filter %.o,$^)
	$(CC) $(ESCAPE_LDFLAGS) -Wl,--defsym=ESC_BASE=0x200000 \
		-Wl,-T,$(ESCAPE_SRC)/lib/esc.ld -o $(ESCAPE_OUT)/$*.moved.elf $(filter %.o,$^)
	objcopy -O binary $(ESCAPE_OUT)/$*.elf $(ESCAPE_OUT)/$*.flat
	objcopy -O binary $(ESCAPE_OUT)/$*.moved.elf $(ESCAPE_OUT)/$*.moved.flat
	@cmp -s $(ESCAPE_OUT)/$*.flat $(ESCAPE_OUT)/$*.moved.flat || \
		{ echo "escape: $*: the image differs when linked at 2 MiB: not position-independent" >&2; exit 1; }
	tools/mk-bzimage.py --mem-size 0x$$(nm $(ESCAPE_OUT)/$*.elf | awk '$$3 == "_end" { print $$1 }') \
		$(ESCAPE_OUT)/$*.flat $@

# $(1) NAME, $(2) SOURCE, $(3) further command-line words
define escape_guest
$(GUEST_DIR)/escape-$(1).bin: $(ESCAPE_OUT)/$(2).bzImage tools/linux-bundle.py
	@mkdir -p $$(@D)
	@tools/linux-bundle.py $$< - 'escape=$(1)$(if $(3), $(3))' $$@ >/dev/null
endef
$(foreach g,$(ESCAPE_GUESTS),$(eval $(call escape_guest,$(call escape_name,$(g)),$(word 2,$(subst :, ,$(g))),$(word 3,$(subst :, ,$(g))))))

.PRECIOUS: $(ESCAPE_OUT)/obj/%.o $(ESCAPE_OUT)/obj/lib/%.o

all: $(ESCAPE_BINS)

-include $(shell find $(ESCAPE_OUT)/obj -name '*.d' 2>/dev/null)

# ---- end section: core ------------------------------------------------------

# ---- section: linux (the Linux guest, `make run`'s default) --------------
#
# build/guests/linux.bin bundles an unmodified Debian kernel (fetched by
# tools/fetch-kernel.sh into the cache outside the clone, never committed),
# an initramfs whose static /init is tests/linux/init.c, and the command
# line (docs/linux-guest.md). LINUX_KERNEL=<bzImage> and
# LINUX_CMDLINE="..." boot something else. `make linux-guest` builds it
# (what `make run` needs); `make linux-guests` also builds one bundle per
# further kernel of LINUX_KERNELS, for the scenarios (`make test-qemu`).

LINUX_DIR := $(BUILD)/linux
LINUX_KERNEL ?= $(LINUX_DIR)/vmlinuz
# earlyprintk: a kernel that dies before its console starts still says why.
# panic=-1: a panicking kernel resets the machine at once (the reset ports
# are passed through, QEMU runs with -no-reboot), so the run ends in
# seconds instead of at the scenario's timeout.
LINUX_CMDLINE ?= console=ttyS0 earlyprintk=serial,ttyS0 nokaslr no5lvl panic=-1
LINUX_INITRD := $(LINUX_DIR)/initrd.cpio
HOST_SRCS += hv/linux_loader.c

# Further kernels, NAME:SUITE:METAPACKAGE, each bundled as
# $(GUEST_DIR)/linux-NAME.bin: Debian 12's own default kernel (6.1), and
# the newest cloud kernel of Debian 13's backports (a private apt
# configuration, tools/apt-suite.sh).
LINUX_KERNELS ?= 6.1:bookworm:linux-image-amd64 \
	bpo13:trixie-backports:linux-image-cloud-amd64
linux_name = $(word 1,$(subst :, ,$(1)))
LINUX_BUNDLES := $(foreach k,$(LINUX_KERNELS),$(GUEST_DIR)/linux-$(call linux_name,$(k)).bin)

.PHONY: linux-guest linux-guests $(LINUX_BUNDLES)

$(LINUX_DIR)/vmlinuz: tools/fetch-kernel.sh tools/apt-suite.sh
	@tools/fetch-kernel.sh $@

# $(1) NAME, $(2) SUITE, $(3) METAPACKAGE
define linux_kernel
$(LINUX_DIR)/vmlinuz-$(1): tools/fetch-kernel.sh tools/apt-suite.sh
	@tools/fetch-kernel.sh -s $(2) -m $(3) $$@

$(GUEST_DIR)/linux-$(1).bin: $(LINUX_DIR)/vmlinuz-$(1) $(LINUX_INITRD)
	@tools/linux-bundle.py $(LINUX_DIR)/vmlinuz-$(1) $(LINUX_INITRD) '$(LINUX_CMDLINE)' $$@ >/dev/null
	@echo "linux-guests: $$(notdir $$@): kernel $$$$(cat $(LINUX_DIR)/vmlinuz-$(1).version)"
endef
$(foreach k,$(LINUX_KERNELS),$(eval $(call linux_kernel,$(call linux_name,$(k)),$(word 2,$(subst :, ,$(k))),$(word 3,$(subst :, ,$(k))))))

$(LINUX_DIR)/init: tests/linux/init.c
	@mkdir -p $(@D)
	$(HOSTCC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -o $@ $<

# With the sev-guest driver's modules of the default kernel (/init loads
# them to check the firmware's secrets page, docs/firmware.md).
$(LINUX_INITRD): $(LINUX_DIR)/init tools/mk-initrd.sh $(LINUX_DIR)/vmlinuz
	@tools/mk-initrd.sh $< $@ $(LINUX_DIR)/vmlinuz.version

linux-guest: $(LINUX_KERNEL) $(LINUX_INITRD)
	@tools/linux-bundle.py '$(LINUX_KERNEL)' $(LINUX_INITRD) '$(LINUX_CMDLINE)' $(GUEST_DIR)/linux.bin
	@echo "linux-guest: kernel $$(cat '$(LINUX_KERNEL).version' 2>/dev/null || echo '$(LINUX_KERNEL)')"
	@# A malformed image for the refusal scenario: the kernel cut short.
	@head -c 65536 '$(LINUX_KERNEL)' >$(LINUX_DIR)/vmlinuz-truncated
	@tools/linux-bundle.py $(LINUX_DIR)/vmlinuz-truncated - 'console=ttyS0' $(GUEST_DIR)/linux-bad.bin >/dev/null

linux-guests: linux-guest $(LINUX_BUNDLES)

# make shell: the same Debian kernel as an emulated SNP guest into
# Debian's busybox sh on the emulated UART, in the terminal make runs in
# (README, "An interactive shell"). The initramfs is built from the
# installed busybox-static and tests/linux/test-exit.c
# (tools/mk-shell-initrd.sh, /init is tests/linux/shell-init.sh); the
# command line is LINUX_CMDLINE's.
SHELL_INITRD := $(LINUX_DIR)/shell-initrd.cpio
SHELL_GUEST := $(GUEST_DIR)/linux-shell.bin
SHELL_CMDLINE ?= $(LINUX_CMDLINE)
BUSYBOX ?= /bin/busybox

.PHONY: shell shell-guest

$(LINUX_DIR)/test-exit: tests/linux/test-exit.c
	@mkdir -p $(@D)
	$(HOSTCC) -static -O2 -std=gnu11 -Wall -Wextra -Werror -o $@ $<

$(SHELL_INITRD): tests/linux/shell-init.sh tools/mk-shell-initrd.sh $(BUSYBOX) \
		$(LINUX_DIR)/test-exit
	@mkdir -p $(@D)
	@tools/mk-shell-initrd.sh tests/linux/shell-init.sh $(BUSYBOX) \
		$(LINUX_DIR)/test-exit $@

shell-guest: $(LINUX_KERNEL) $(SHELL_INITRD)
	@tools/linux-bundle.py '$(LINUX_KERNEL)' $(SHELL_INITRD) '$(SHELL_CMDLINE)' $(SHELL_GUEST)

shell:
	@$(MAKE) --no-print-directory deps >/dev/null
	@$(MAKE) --no-print-directory all shell-guest
	@tools/qemu-run.sh run --interactive --timeout 0 --cpu '$(RUN_CPU)' --mem $(RUN_MEM) \
		linux-shell.bin mem=256M $(RUN_OPTS)

# ---- end section: linux ----------------------------------------------------

# ---- section: ovmf (the OVMF guest firmware's pure pieces) ----------------
#
# hv/ovmf_image.c reads OVMF.fd's GUIDed table and SEV metadata (pure,
# tests/unit/test_ovmf_image.c; docs/ovmf.md). `make ovmf-info` fetches
# Debian's ovmf packages (OVMF_INFO_SUITES, tools/fetch-ovmf.sh: cached
# outside the clone, never in the tree) and prints what the parser reads
# from each OVMF.fd; it fails when one is refused. Not part of `make test`
# yet: nothing boots OVMF (issue 15).
HOST_SRCS += hv/ovmf_image.c
# fw_cfg's DMA walk and ports under libFuzzer (tests/fuzz/fuzz_fw_cfg.c).
FUZZ_SRCS_fuzz_fw_cfg := dev/fw_cfg.c
FUZZ_SRCS_fuzz_ovmf_image := hv/ovmf_image.c
OVMF_INFO_SUITES ?= trixie bookworm

$(BUILD)/host/ovmf-info: tests/tools/ovmf_info.c hv/ovmf_image.c hv/ovmf_image.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ tests/tools/ovmf_info.c hv/ovmf_image.c

ovmf-info: $(BUILD)/host/ovmf-info
	@set -e; fds=; for s in $(OVMF_INFO_SUITES); do \
		fds="$$fds $$(tools/fetch-ovmf.sh $$s)"; \
	done; $(BUILD)/host/ovmf-info $$fds

.PHONY: ovmf-info

# build/guests/ovmf.fd: Debian 13's OVMF.fd, and ovmf-bookworm.fd:
# Debian 12's (both fetched and cached by tools/fetch-ovmf.sh), as guest
# images of their own (hv/ovmf_guest.c, docs/ovmf.md):
# `tools/qemu-run.sh run ovmf.fd` boots one. Their launch measurement is
# checked against tools/snp-measure.py on both CPU models by
# tests/tools/test-ovmf-measure.sh, in make test-qemu.
ovmf-guest:
	@mkdir -p $(GUEST_DIR)
	@fd=$$(tools/fetch-ovmf.sh trixie) && cp "$$fd" $(GUEST_DIR)/ovmf.fd
	@fd=$$(tools/fetch-ovmf.sh bookworm) && cp "$$fd" $(GUEST_DIR)/ovmf-bookworm.fd

# build/guests/ovmf-linux.bin: Debian 13's OVMF.fd with linux.bin
# (tools/ovmf-bundle.py, hv/ovmf_image.h): the firmware boots the kernel
# through fw_cfg's direct kernel boot items and its EFI stub
# (`tools/qemu-run.sh run ovmf-linux.bin mem=256M`; tests.cfg ovmf-linux).
# ovmf-linux-eager.bin: the same with accept_memory=eager on the kernel's
# command line (Linux accepts all of OVMF's unaccepted memory at boot
# instead of on first use; tests/bench/bench-ovmf.sh compares the two).
ovmf-linux-guest: ovmf-guest linux-guest
	@tools/ovmf-bundle.py $(GUEST_DIR)/ovmf.fd $(GUEST_DIR)/linux.bin \
		$(GUEST_DIR)/ovmf-linux.bin >/dev/null
	@tools/linux-bundle.py '$(LINUX_KERNEL)' $(LINUX_INITRD) \
		'$(LINUX_CMDLINE) accept_memory=eager' $(LINUX_DIR)/linux-eager.bin >/dev/null
	@tools/ovmf-bundle.py $(GUEST_DIR)/ovmf.fd $(LINUX_DIR)/linux-eager.bin \
		$(GUEST_DIR)/ovmf-linux-eager.bin >/dev/null

# build/guests/ovmf-efi-platform.bin: Debian 13's OVMF.fd booting the
# UEFI application tests/efi/platform.c (gnu-efi), which makes malformed
# platform accesses (PCI, fw_cfg DMA) from a firmware guest (tests.cfg
# ovmf-efi-platform).
EFI_TEST_CFLAGS := -O2 -I. -fpic -fshort-wchar -mno-red-zone -ffreestanding \
	-fno-stack-protector -mgeneral-regs-only -Wall -Wextra -Werror
$(BUILD)/efi/efi-platform.efi: tests/efi/platform.c
	@mkdir -p $(@D)
	$(CC) $(EFI_TEST_CFLAGS) -c $< -o $(BUILD)/efi/platform.o
	ld -nostdlib -znocombreloc -T $(EFI_LDS) -shared -Bsymbolic \
		$(EFI_CRT0) $(BUILD)/efi/platform.o $(EFI_LIBGNUEFI) -o $(BUILD)/efi/platform.so
	objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .reloc --target efi-app-x86_64 --subsystem=10 \
		$(BUILD)/efi/platform.so $@

ovmf-efi-guest: ovmf-guest $(BUILD)/efi/efi-platform.efi
	@tools/ovmf-bundle.py $(GUEST_DIR)/ovmf.fd $(BUILD)/efi/efi-platform.efi \
		$(GUEST_DIR)/ovmf-efi-platform.bin >/dev/null

test-ovmf-measure: all ovmf-guest
	@tests/tools/test-ovmf-measure.sh

.PHONY: ovmf-guest ovmf-linux-guest ovmf-efi-guest test-ovmf-measure

# ---- end section: ovmf -----------------------------------------------------

# ---- section: engine (host unit tests, fuzzers) ---------------------------
#
# Host programs link the engine with the host log and model. Unit tests are
# built with ASan+UBSan; every tests/unit/test_*.c becomes one program that
# prints TAP lines. Other sections add their pure sources to HOST_SRCS.

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all
HOST_SUPPORT := tests/lib/log_host.c tests/lib/model.c
HOST_SRCS += $(ENGINE_SRCS)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/host/%,$(wildcard tests/unit/test_*.c))
HOST_HDRS := $(wildcard include/*.h hv/*.h mm/*.h svm/*.h snp/*.h dev/*.h boot/*.h guest-abi/*.h fw/*.h tests/lib/*.h)

# Every host source is compiled once (build/host-obj/) and each test
# program links them all, as it did when it compiled them itself.
HOST_OBJ := $(BUILD)/host-obj
HOST_OBJS := $(patsubst %.c,$(HOST_OBJ)/%.o,$(sort $(HOST_SRCS) $(HOST_SUPPORT)))

$(HOST_OBJ)/%.o: %.c $(BEARSSL_STAMP)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) $(HOST_CFLAGS_FW) -MMD -MP -c $< -o $@

-include $(shell find $(HOST_OBJ) -name '*.d' 2>/dev/null)

$(BUILD)/host/test_%: tests/unit/test_%.c $(HOST_OBJS) $(HOST_HDRS) \
		$(BEARSSL_STAMP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(HOST_CFLAGS_FW) -o $@ $< $(HOST_OBJS) $(HOST_LIBS)

test-unit: $(UNIT_TESTS)
	@rc=0; for t in $(UNIT_TESTS); do \
		echo "# $$t"; \
		$$t || { rc=1; echo "not ok - $$t exited non-zero"; }; \
	done; exit $$rc

# libFuzzer targets: tests/fuzz/fuzz_*.c, clang with ASan+UBSan, -O2 (the
# speed figures of docs/testing.md); tests/fuzz/coverage-ignore.txt lists
# the invariant checks that give no coverage feedback. The engine targets
# link the engine and the model; the others name their sources below.
FUZZ_CFLAGS := -std=gnu11 -O2 -g -I. -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -DFUZZING \
	-fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SRCS_DEFAULT := $(ENGINE_SRCS) $(HOST_SUPPORT)
FUZZ_SRCS_fuzz_insn_exit := svm/insn_len.c svm/insn_mmio.c svm/exit.c mm/gwalk.c tests/lib/log_host.c
FUZZ_SRCS_fuzz_options := boot/options.c tests/lib/log_host.c
FUZZ_SRCS_fuzz_linux_loader := hv/linux_loader.c tests/lib/log_host.c
# `make fuzz` runs each target until FUZZ_RUNS executions or FUZZ_SECONDS,
# whichever comes first; `make test` runs fuzz-short, FUZZ_SHORT_SECONDS
# each. Seeds: tests/fuzz/corpus/TARGET/ (read only), new inputs go to
# build/fuzz/corpus/TARGET/.
FUZZ_RUNS ?= 10000000
FUZZ_SECONDS ?= 900
FUZZ_SHORT_SECONDS ?= 8

# The software RMP (mm/rmp_sw.c) is the platform's model, not the code
# under test: it keeps its edge coverage but not comparison tracing (its
# comparisons are against the table, no use to a mutation), which was a
# sixth of an engine input's time.
FUZZ_RMP_SW_O := $(BUILD)/fuzz/obj/rmp_sw.o
FUZZ_LINK = $(patsubst mm/rmp_sw.c,$(FUZZ_RMP_SW_O),$(1))
$(FUZZ_RMP_SW_O): mm/rmp_sw.c $(HOST_HDRS) tests/fuzz/coverage-ignore.txt
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -fno-sanitize-coverage=trace-cmp -c -o $@ $<

# The engine targets' indirect calls all go to the model's ops, one
# callee per call site: tracing them tells the fuzzer nothing.
FUZZ_ENGINE_TARGETS := $(addprefix $(BUILD)/fuzz/,fuzz_msr fuzz_psc fuzz_map_gpa fuzz_pvalidate)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(call FUZZ_LINK,$$(or $$(FUZZ_SRCS_fuzz_$$*),$$(FUZZ_SRCS_DEFAULT))) $(HOST_HDRS) tests/fuzz/fuzz_common.h tests/fuzz/coverage-ignore.txt
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) $(if $(filter $@,$(FUZZ_ENGINE_TARGETS)),-fno-sanitize-coverage=indirect-calls) \
		-o $@ $< $(call FUZZ_LINK,$(or $(FUZZ_SRCS_fuzz_$*),$(FUZZ_SRCS_DEFAULT)))

fuzz: $(FUZZ_TARGETS)
	@FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_LOG_KIND=fuzz tools/fuzz-run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-short: $(FUZZ_TARGETS)
	@FUZZ_LOG_KIND=short tools/fuzz-run.sh $(FUZZ_SHORT_SECONDS) $(FUZZ_TARGETS)

# Line coverage of the engine and the decoders by the fuzz corpora
# (docs/testing.md); run after `make fuzz` to include what it found.
fuzz-coverage:
	@tools/fuzz-coverage.sh $(CLANG) $(foreach t,$(FUZZ_TARGETS),tests/fuzz/$(notdir $(t)).c:"$(or $(FUZZ_SRCS_$(notdir $(t))),$(FUZZ_SRCS_DEFAULT))")

.PHONY: fuzz-short fuzz-coverage

# ---- end section: engine ---------------------------------------------------

# ---- section: kvm (patch check, reference harness, diff) ------------------

# KVM's own PSC / MAP_GPA_RANGE code, extracted at build time from
# Debian's linux-source-6.12 (installed) and linux-source-7.3
# (trixie-backports, fetched once into ~/.cache/snpvisor by
# tools/fetch-kernel-source.sh); kvm/ref/build.sh caches the unpacked
# files per package version under build/kvm-src/ and builds each version
# unpatched and with each prefix of kvm/patches/V/; snpvisor's engine in a
# scenario driver; tests/diff/diff.py compares the five columns
# (docs/kvm-diff.md).
# KVM_SCENARIOS: scenario files and/or directories of them (each directory
# stands for its *.scn), e.g. `make diff KVM_SCENARIOS=tests/diff/corpus/q1-*.scn`.
KVM_SCENARIOS ?= tests/diff/corpus
KVM_SCN_FILES := $(foreach p,$(KVM_SCENARIOS),$(if $(wildcard $(p)/.),$(sort \
	$(wildcard $(p)/*.scn)),$(p)))
SCN_ENGINE := $(BUILD)/diff/scn-engine
SCN_ENGINE_SRCS := tests/diff/scn_engine.c tests/diff/scenario.c \
	tests/lib/log_host.c $(ENGINE_SRCS)
HOST_CFLAGS_DIFF := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-Wmissing-prototypes -Wshadow -I.
PY3 := /usr/bin/python3
# Seconds of differential fuzzing inside `make diff` / `make test`;
# `make fuzz-diff FUZZ_DIFF_SECONDS=600` for a long run.
FUZZ_DIFF_SECONDS ?= 5

.PHONY: kvm-ref kvm-check fuzz-diff diff-scenarios

$(SCN_ENGINE): $(SCN_ENGINE_SRCS) tests/diff/scenario.h \
		$(wildcard include/*.h hv/*.h mm/*.h snp/*.h guest-abi/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS_DIFF) -o $@ $(SCN_ENGINE_SRCS)

kvm-ref:
	@kvm/ref/build.sh

diff-scenarios: kvm-ref $(SCN_ENGINE)
	@$(PY3) tests/diff/diff.py $(KVM_SCN_FILES)

fuzz-diff: kvm-ref $(SCN_ENGINE)
	@$(PY3) tests/diff/fuzz.py --seconds $(FUZZ_DIFF_SECONDS)

# The `diff` suite of `make test`: every scenario, then a short fuzz run,
# then the corpus end to end in hv.efi.
diff: kvm-ref $(SCN_ENGINE) $(HV_EFI) $(GUEST_DIR)/scn-replay.bin
	@rc=0; $(PY3) tests/diff/diff.py $(KVM_SCN_FILES) || rc=1; \
	$(PY3) tests/diff/fuzz.py --seconds $(FUZZ_DIFF_SECONDS) || rc=1; \
	$(PY3) tests/diff/e2e.py $(KVM_SCN_FILES) || rc=1; \
	exit $$rc

# End to end in hv.efi (docs/kvm-diff.md): scn-pack relocates the corpus
# and writes the request program the scn-replay guest links in;
# tests/diff/e2e.py boots it with trace=on and diffs each scenario's
# "HV: trace" lines against scn-engine on the relocated scenario.
SCN_PACK := $(BUILD)/diff/scn-pack
SCN_E2E := $(BUILD)/scn-e2e

$(SCN_PACK): tests/diff/scn_pack.c tests/diff/scenario.c tests/diff/scenario.h \
		tests/diff/replay/prog.h guest-abi/ghcb.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS_DIFF) -o $@ tests/diff/scn_pack.c tests/diff/scenario.c

# The packed set is part of what prog.bin is made from: set.txt lists it
# and is rewritten only when the set changes (a different KVM_SCENARIOS),
# so prog.bin is repacked then, and not on every run.
SCN_SET := $(SCN_E2E)/set.txt

$(SCN_SET): FORCE_SCN_SET
	@mkdir -p $(@D)
	@printf '%s\n' $(KVM_SCN_FILES) > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(SCN_E2E)/prog.bin: $(SCN_PACK) $(KVM_SCN_FILES) $(SCN_SET)
	@rm -rf $(SCN_E2E)/scn
	$(SCN_PACK) -o $(SCN_E2E) $(KVM_SCN_FILES)

$(SCN_E2E)/prog.o: $(SCN_E2E)/prog.bin
	objcopy -I binary -O elf64-x86-64 -B i386:x86-64 \
		--rename-section .data=.rodata.scn_prog,alloc,load,readonly,data,contents \
		--redefine-sym _binary_$(subst /,_,$(subst -,_,$(SCN_E2E)))_prog_bin_start=scn_prog \
		$< $@

# The replay guest (tests/diff/replay/) is built by the guest rules of the
# core section, with the packed request program linked in.
GUEST_SRC_scn-replay := tests/diff/replay
GUESTS += $(GUEST_DIR)/scn-replay.bin
all guests: $(GUEST_DIR)/scn-replay.bin

$(GUEST_DIR)/scn-replay.elf: $(SCN_E2E)/prog.o

diff-e2e: $(HV_EFI) $(GUEST_DIR)/scn-replay.bin $(SCN_ENGINE)
	@$(PY3) tests/diff/e2e.py $(KVM_SCN_FILES)

.PHONY: diff-e2e FORCE_SCN_SET

# Applies kvm/patches/6.12 and kvm/patches/7.3 to the full sources, runs
# checkpatch and compiles the objects each series touches in-tree (about
# 3 minutes on 2 cores the first time, mostly unpacking and configuring;
# about 30 s after). The last suite of `make test`.
kvm-check:
	@kvm/check-patches.sh

# ---- end section: kvm ------------------------------------------------------

# ---- section: bench ---------------------------------------------------------
#
# `make bench` (tests/bench/bench.sh): conversion cost of snpvisor's engine
# against KVM 6.12's own code (the kvm section's harness) on the same
# generated workloads, then the same guest flows in hv.efi under QEMU.
# Prints a markdown table, writes docs/bench.md and docs/bench.png.
# Figures only: a benchmark never fails because of speed.

BENCH_ENGINE := $(BUILD)/bench/bench-engine
BENCH_SRCS := tests/bench/bench_engine.c $(ENGINE_SRCS) \
	tests/lib/log_host.c
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wmissing-prototypes \
	-Wshadow -I.

$(BENCH_ENGINE): $(BENCH_SRCS) tests/diff/scenario.h \
		$(wildcard include/*.h hv/*.h mm/*.h snp/*.h guest-abi/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

# The bench guest (tests/bench/guest/, workloads 1-3 in hv.efi), built by
# the guest rules of the core section as $(GUEST_DIR)/bench-conv.bin.
GUEST_SRC_bench-conv := tests/bench/guest
GUESTS += $(GUEST_DIR)/bench-conv.bin
all guests: $(GUEST_DIR)/bench-conv.bin

bench:
	@tests/bench/bench.sh

# ---- end section: bench ----------------------------------------------------

# `make test`: each suite prints TAP lines; tools/run-tests.sh runs them in
# order and ends with "N passed, N failed".
test:
	@tools/run-tests.sh

clean:
	rm -rf $(BUILD)
