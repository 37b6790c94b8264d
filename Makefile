# SPDX-License-Identifier: GPL-2.0-only
#
# snpvisor: the one Makefile. `make help` lists the targets.
#
# Sections below are owned by one area each (platform, engine, kvm);
# keep edits inside your section.

.DEFAULT_GOAL := all
SHELL := /bin/bash
BUILD := build
HOSTCC ?= gcc
CLANG ?= clang

# The conversion engine: plain C, no SVM or UEFI dependency. It is
# compiled into hv.efi and into every host program (tests, fuzzers,
# the KVM diff, benchmarks).
ENGINE_SRCS := $(sort $(wildcard mm/rmp*.c)) \
	hv/conv.c hv/ghcb_msr.c hv/psc.c hv/map_gpa.c hv/pvalidate.c \
	hv/snp_vm.c hv/trace.c

.PHONY: all help deps test test-unit test-qemu diff bench fuzz run debug clean

help:
	@echo "make run        boot hv.efi under QEMU (installs what is missing)"
	@echo "make test       everything below, TAP lines, 'N passed, N failed'"
	@echo "make test-unit  host unit tests"
	@echo "make test-qemu  QEMU guest scenarios"
	@echo "make diff       scenarios through snpvisor and KVM 6.12 (unpatched, patched)"
	@echo "make fuzz       libFuzzer targets (FUZZ_SECONDS=N per target)"
	@echo "make bench      benchmarks"
	@echo "make debug      QEMU with a gdb stub"

# ---- section: platform (hv.efi, QEMU runner, deps) ------------------------

# ---- end section: platform -------------------------------------------------

# ---- section: engine (host unit tests, fuzzers) ---------------------------

# ---- end section: engine ---------------------------------------------------

# ---- section: kvm (patch check, reference harness, diff) ------------------

# ---- end section: kvm ------------------------------------------------------

# `make test`: each suite prints TAP lines; tools/run-tests.sh runs them in
# order and ends with "N passed, N failed".
test:
	@tools/run-tests.sh

clean:
	rm -rf $(BUILD)
