/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory as the guest's own instruction reaches it, for the
 * accesses the hypervisor performs on the guest's behalf (string I/O's
 * memory operand, hv/io.c): through the guest's page tables, or flat
 * with paging off, and under emulated SNP private or shared as the
 * guest's C-bit says, checked against the RMP (snp_guest_access).
 */
#ifndef HV_GVA_H
#define HV_GVA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "include/vm_exit.h"

struct vcpu;

/*
 * Copy len bytes (at most 4096, so at most two pages) between buf and
 * guest linear address lin: write = into guest memory. Returns 0, or -1
 * with the guest stopped and one log line saying why (the address does
 * not translate, is not guest memory, or the RMP forbids the access).
 * what names the access for that line.
 */
int gva_copy(struct vcpu *vcpu, const struct vm_exit *exit, const char *what,
	     uint64_t lin, void *buf, size_t len, bool write);

#endif
