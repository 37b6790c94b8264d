/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How snpvisor starts a guest: the boot protocol shared by the hypervisor
 * and the guest library.
 *
 * The guest starts in 64-bit long mode at GUEST_ENTRY_GPA with:
 *   RDI = GPA of a struct guest_boot (at GUEST_BOOT_GPA)
 *   RSP = top of guest RAM, 16-byte aligned
 *   CR0 = PE|MP|ET|NE|WP|PG, CR4 = PAE, EFER = LME|LMA|SVME|NXE
 *   CR3 = GUEST_PML4_GPA (| 1 << snp_cbit for an SNP guest): identity
 *         page tables covering the first
 *         GUEST_IDMAP_SIZE bytes of GPA space with 2 MiB pages, whether
 *         or not RAM backs them (touching beyond RAM ends in a nested
 *         page fault, which is what the unmapped-gpa test relies on)
 *   GDTR = GUEST_GDT_GPA: null, 64-bit code (GUEST_CS), data (GUEST_DS)
 *   IDTR limit 0, RFLAGS = 0x2 (interrupts off)
 * The image is a flat binary linked at GUEST_ENTRY_GPA.
 *
 * Low memory layout (GPA):
 *   0x0000 - 0x0fff  unused
 *   0x1000           struct guest_boot
 *   0x2000           GDT
 *   0x3000           PML4, 0x4000 PDPT, 0x5000.. PDs
 *   0x100000         image
 */
#ifndef GUEST_ABI_GUEST_BOOT_H
#define GUEST_ABI_GUEST_BOOT_H

#include <stdint.h>

#define GUEST_BOOT_MAGIC   0x544f4f42564e5053ULL /* "SPNVBOOT" */
#define GUEST_BOOT_VERSION 2

#define GUEST_BOOT_GPA	 0x1000ULL
#define GUEST_GDT_GPA	 0x2000ULL
#define GUEST_PML4_GPA	 0x3000ULL
#define GUEST_PDPT_GPA	 0x4000ULL
#define GUEST_PD_GPA	 0x5000ULL /* GUEST_IDMAP_SIZE / 1 GiB pages */
#define GUEST_ENTRY_GPA	 0x100000ULL
#define GUEST_IDMAP_SIZE (4ULL << 30) /* 4 GiB identity map */

/* Emulated SNP: the secrets page the SEV firmware writes at launch (SNP
 * FW ABI "PAGE_TYPE_SECRETS"), after the identity map's tables. */
#define GUEST_SECRETS_GPA 0x9000ULL

#define GUEST_CS 0x08
#define GUEST_DS 0x10

#define GUEST_NAME_MAX 32

struct guest_boot {
	uint64_t magic;	     /* 0x00 GUEST_BOOT_MAGIC */
	uint32_t version;    /* 0x08 GUEST_BOOT_VERSION */
	uint32_t vcpu_id;    /* 0x0c */
	uint64_t ram_base;   /* 0x10 first GPA of RAM (0) */
	uint64_t ram_size;   /* 0x18 bytes of RAM from ram_base */
	uint64_t image_gpa;  /* 0x20 where the image was loaded */
	uint64_t image_size; /* 0x28 bytes */
	uint64_t free_gpa;   /* 0x30 first RAM byte the image does not use */
	uint64_t idmap_size; /* 0x38 bytes identity-mapped by CR3 */
	uint64_t hc_abi_version;   /* 0x40 HC_ABI_VERSION of the hypervisor */
	char name[GUEST_NAME_MAX]; /* 0x48 NUL-terminated guest name */
	/*
	 * Emulated SEV-SNP (snp=emulated, docs/emulated-snp.md). snp_cbit is
	 * the C-bit position (0: not an SNP guest). At entry the hypervisor
	 * has made [0, snp_shared_gpa) and [snp_shared_end, ram_size)
	 * private and validated (launch) and mapped them with the C-bit in
	 * the identity page tables; [snp_shared_gpa, snp_shared_end) is
	 * shared, mapped without it. snp_secrets_gpa is the secrets page
	 * (GUEST_SECRETS_GPA; 0: none), private and launched as the
	 * firmware's SECRETS page: VMPCK0-3 at 0x20 (docs/firmware.md).
	 */
	uint32_t snp_cbit;	  /* 0x68 */
	uint32_t snp_secrets_gpa; /* 0x6c */
	uint64_t snp_shared_gpa;  /* 0x70 */
	uint64_t snp_shared_end;  /* 0x78 */
};				  /* 0x80 */

_Static_assert(sizeof(struct guest_boot) == 0x80, "guest_boot size");
_Static_assert(__builtin_offsetof(struct guest_boot, snp_cbit) == 0x68,
	       "guest_boot.snp_cbit offset");
_Static_assert(__builtin_offsetof(struct guest_boot, ram_size) == 0x18,
	       "guest_boot.ram_size offset");
_Static_assert(__builtin_offsetof(struct guest_boot, snp_secrets_gpa) == 0x6c,
	       "guest_boot.snp_secrets_gpa offset");
_Static_assert(__builtin_offsetof(struct guest_boot, name) == 0x48,
	       "guest_boot.name offset");

#endif
