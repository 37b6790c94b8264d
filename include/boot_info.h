/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one structure boot/ hands to the hypervisor core.
 *
 * efi_main() fills it before ExitBootServices, then calls
 * hv_main(bi). Everything in here is plain data: physical addresses are
 * identity-mapped (UEFI's page tables stay live after ExitBootServices),
 * every region is owned by the hypervisor from then on, and nothing in
 * here refers to UEFI types. The struct itself and every buffer it points
 * to live in EfiLoaderData memory that no one else touches.
 *
 * Only fixed-width types, so host unit tests can include it.
 */
#ifndef INCLUDE_BOOT_INFO_H
#define INCLUDE_BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC	  0x4f464e4942564853ull /* "SHVBINFO" */
#define BOOT_INFO_VERSION 2

#define BI_MAX_GUESTS 4
#define BI_NAME_LEN   32 /* guest name, NUL-terminated */
#define BI_FILE_LEN   64 /* file name on the ESP, NUL-terminated */
/* The TEST VCEK chain for the SEV firmware model (tools/snp-certs.py). */
#define BI_VCEK_FILE  "snpvisor-vcek.bin"

/* Defaults, also documented in README.md. */
#define BI_DEFAULT_GUEST_MEM (64ull << 20)
#define BI_DEFAULT_POOL_SIZE (64ull << 20)
#define BI_HEAP_SIZE	     (8ull << 20) /* newlib malloc, see libc_stubs.c */
#define BI_STACK_SIZE	     (256ull << 10)
#define BI_REGION_ALIGN	     (2ull << 20) /* guest RAM and pool alignment */

/* rmp=auto|sw|hw: which RMP backend the engine uses. */
enum bi_rmp_mode {
	BI_RMP_AUTO = 0, /* hw when the CPU has SNP, else sw */
	BI_RMP_SW = 1,	 /* software (emulated) RMP */
	BI_RMP_HW = 2,	 /* real RMPUPDATE/PSMASH; refuse if absent */
};

/* snp=emulated|off */
enum bi_snp_mode {
	BI_SNP_EMULATED = 0,
	BI_SNP_OFF = 1,
};

/* policy=implicit|strict */
enum bi_policy {
	BI_POLICY_IMPLICIT = 0,
	BI_POLICY_STRICT = 1,
};

/* rmp-max=2m|4k: the largest RMP page size the hypervisor creates. */
enum bi_rmp_max {
	BI_RMP_MAX_2M = 0,
	BI_RMP_MAX_4K = 1,
};

/* trace=off|on: print an SNP guest's conversion trace on COM1. */
enum bi_trace {
	BI_TRACE_OFF = 0,
	BI_TRACE_ON = 1,
};

/*
 * Options after parsing (boot/options.c). Values are as given, or the
 * defaults above when absent. Adding an option: a field here and one row
 * in the table in boot/options.c.
 */
struct bi_options {
	/* guest=<file>[,<file>...]; repeatable. Names are ESP file names. */
	char guest_file[BI_MAX_GUESTS][BI_FILE_LEN];
	uint32_t nr_guests;
	uint32_t log_level; /* enum log_level (include/log.h), default LOG_INFO */
	uint64_t guest_mem; /* mem=<size>: RAM per guest in bytes */
	uint64_t pool_size; /* pool=<size>: hypervisor pool in bytes */
	uint32_t rmp;	    /* enum bi_rmp_mode */
	uint32_t snp;	    /* enum bi_snp_mode */
	uint32_t policy;    /* enum bi_policy */
	uint32_t rmp_max;   /* enum bi_rmp_max */
	uint32_t trace;	    /* enum bi_trace */
	uint32_t pad;
	/* conv-fail=N: the N-th range conversion of an SNP guest (1-based)
	 * is refused by the view back end; 0 = never (tests only). */
	uint64_t conv_fail;
	/* timeout=<seconds>: a guest still running after this long (from
	 * its first VMRUN) is stopped; 0 = no limit (the default). */
	uint64_t timeout_s;
	/* fw-seed=N: the SEV firmware model's per-boot seed (VMPCKs,
	 * REPORT_IDs) made from N, for reproducible tests; 0 (default) =
	 * RDSEED/RDRAND (hv/snp_fw.c). */
	uint64_t fw_seed;
};

/* A physical memory range. */
struct bi_region {
	uint64_t base;
	uint64_t size;
};

/*
 * One entry of the firmware memory map as it was at ExitBootServices.
 * type is the UEFI memory type number (0 reserved ... 7 conventional,
 * 9/10 ACPI reclaim/NVS, 11 MMIO); attr the UEFI attribute bits.
 */
struct bi_mem_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t base;
	uint64_t pages; /* 4 KiB pages */
	uint64_t attr;
};

#define BI_MEM_CONVENTIONAL 7 /* EfiConventionalMemory */

struct bi_guest {
	/* File name without extension ("hello" for hello.bin). */
	char name[BI_NAME_LEN];
	char file[BI_FILE_LEN];
	/* The image file as read from the ESP (not yet in guest RAM). */
	uint64_t image;
	uint64_t image_size;
	/* Host-physical RAM for this guest: guest_mem bytes, 2 MiB aligned, zeroed. */
	struct bi_region ram;
};

struct boot_info {
	uint64_t magic;	  /* BOOT_INFO_MAGIC */
	uint32_t version; /* BOOT_INFO_VERSION */
	uint32_t size;	  /* sizeof(struct boot_info) */

	/* Where UEFI loaded hv.efi: add to ELF addresses for gdb. */
	uint64_t image_base;
	uint64_t image_size;

	/*
	 * Hypervisor memory pool for mm/ (page tables, VMCBs, host save
	 * areas...): options.pool_size bytes, 2 MiB aligned, not zeroed.
	 */
	struct bi_region pool;
	/* Private to hv/libc_stubs.c (newlib's sbrk). Don't use. */
	struct bi_region heap;
	/*
	 * The stack hv_main runs on (BI_STACK_SIZE, LoaderData), so nothing
	 * lives in firmware boot-services memory after ExitBootServices.
	 */
	struct bi_region stack;

	uint32_t nr_guests;
	uint32_t pad0;
	struct bi_guest guests[BI_MAX_GUESTS];

	/* Firmware memory map at ExitBootServices, in the order UEFI gave it. */
	struct bi_mem_desc *mem_map;
	uint32_t mem_map_count;
	uint32_t pad1;

	/* ACPI RSDP (2.0 table if present, else 1.0), 0 if none. */
	uint64_t acpi_rsdp;

	/* Tick count of the TSC when efi_main started (for timing). */
	uint64_t tsc_at_entry;
	/* TSC ticks per second, measured against the firmware's Stall()
	 * before ExitBootServices (boot/efi_main.c). */
	uint64_t tsc_hz;

	/* BI_VCEK_FILE as read from the ESP (docs/firmware.md "The VCEK
	 * file"), 0/0 when the ESP has none. */
	uint64_t vcek_file;
	uint64_t vcek_file_size;

	struct bi_options options;
};

/*
 * Called by efi_main after ExitBootServices and platform_init(), with the
 * struct above, interrupts disabled (cli), on bi->stack, still on the
 * firmware's identity-mapped page tables, GDT and IDT. Provided by the
 * core (hv/main.c). Never returns: every run ends in hv_shutdown()
 * (hv/platform.h).
 */
void hv_main(struct boot_info *bi) __attribute__((noreturn));

#endif
