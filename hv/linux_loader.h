/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a Linux bzImage for the 64-bit boot protocol
 * (Documentation/arch/x86/boot.rst, "64-bit Boot Protocol", and
 * zero-page.rst). Pure logic over byte buffers: parsing and checking the
 * setup header, the guest-physical layout, and building the zero page
 * (boot_params), the e820 table and the optional SEV-SNP CC blob. No
 * hypervisor state: host unit-tested (tests/unit/test_linux_loader.c);
 * hv/linux_guest.c puts the result into a VM.
 *
 * A guest image is either a bare bzImage (then LINUX_DEFAULT_CMDLINE and
 * no initrd) or a bundle written by tools/linux-bundle.py: the header
 * below, then the bzImage, the initrd and the command line. The bundle
 * lets one ESP file carry all three without new boot options.
 */
#ifndef HV_LINUX_LOADER_H
#define HV_LINUX_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_BUNDLE_MAGIC "SNPVLNX1"

/* All fields little-endian; offsets from the start of the file. */
struct linux_bundle_hdr {
	char magic[8];	   /* 0x00 LINUX_BUNDLE_MAGIC */
	uint32_t hdr_size; /* 0x08 sizeof(struct linux_bundle_hdr) */
	uint32_t flags;	   /* 0x0c 0 */
	uint64_t kernel_off, kernel_size;   /* 0x10 the bzImage */
	uint64_t initrd_off, initrd_size;   /* 0x20 0 size: no initrd */
	uint64_t cmdline_off, cmdline_size; /* 0x30 without a NUL */
};					    /* 0x40 */

_Static_assert(sizeof(struct linux_bundle_hdr) == 0x40, "bundle header size");

#define LINUX_DEFAULT_CMDLINE \
	"console=ttyS0 earlyprintk=serial,ttyS0 nokaslr no5lvl"

/* Setup header fields, offsets into the image and the zero page (boot.rst). */
#define LX_SETUP_SECTS	    0x1f1 /* u8, 0 means 4 */
#define LX_SYSSIZE	    0x1f4 /* u32, 16-byte units */
#define LX_BOOT_FLAG	    0x1fe /* u16 0xaa55 */
#define LX_JUMP		    0x200
#define LX_HEADER	    0x202 /* "HdrS" */
#define LX_VERSION	    0x206 /* u16 */
#define LX_TYPE_OF_LOADER   0x210 /* u8 */
#define LX_LOADFLAGS	    0x211 /* u8 */
#define LX_CODE32_START	    0x214 /* u32 */
#define LX_RAMDISK_IMAGE    0x218 /* u32 */
#define LX_RAMDISK_SIZE	    0x21c /* u32 */
#define LX_HEAP_END_PTR	    0x224 /* u16 */
#define LX_CMD_LINE_PTR	    0x228 /* u32 */
#define LX_INITRD_ADDR_MAX  0x22c /* u32 */
#define LX_KERNEL_ALIGNMENT 0x230 /* u32 */
#define LX_RELOCATABLE	    0x234 /* u8 */
#define LX_XLOADFLAGS	    0x236 /* u16 */
#define LX_CMDLINE_SIZE	    0x238 /* u32 */
#define LX_SETUP_DATA	    0x250 /* u64 */
#define LX_PREF_ADDRESS	    0x258 /* u64 */
#define LX_INIT_SIZE	    0x260 /* u32 */

/* Zero-page fields outside the setup header (zero-page.rst). */
#define BP_EXT_RAMDISK_IMAGE 0x0c0 /* u32 */
#define BP_EXT_RAMDISK_SIZE  0x0c4 /* u32 */
#define BP_EXT_CMD_LINE_PTR  0x0c8 /* u32 */
#define BP_CC_BLOB_ADDRESS   0x13c /* u32 */
#define BP_E820_ENTRIES	     0x1e8 /* u8 */
#define BP_E820_TABLE	     0x2d0 /* 128 x 20 bytes */
#define BP_E820_MAX	     128
#define BP_SIZE		     0x1000

#define LX_HDRS_MAGIC	   0x53726448u /* "HdrS" */
#define LX_MIN_VERSION	   0x020c      /* 2.12: xloadflags */
#define LX_LOADED_HIGH	   0x01
#define LX_CAN_USE_HEAP	   0x80
#define XLF_KERNEL_64	   0x01
#define E820_TYPE_RAM	   1
#define E820_TYPE_RESERVED 2
#define SETUP_CC_BLOB	   7

/* What the checks found in a bzImage's setup header. */
struct linux_kernel {
	const uint8_t *image; /* the whole bzImage */
	uint64_t image_size;
	uint64_t pm_offset; /* protected-mode kernel: (setup_sects+1)*512 */
	uint64_t pm_size;
	uint16_t version;
	uint16_t xloadflags;
	bool relocatable;
	uint32_t kernel_alignment;
	uint64_t pref_address;
	uint32_t init_size; /* bytes from the load address the kernel needs */
	uint32_t cmdline_size; /* longest command line, without the NUL */
	uint32_t initrd_addr_max;
};

/* A guest image split into its parts. */
struct linux_image {
	struct linux_kernel k;
	const uint8_t *initrd;
	uint64_t initrd_size;
	const char *cmdline; /* not NUL-terminated */
	uint64_t cmdline_len;
};

/* Fixed low-memory places; the core's GDT and page tables stay below 0x9000. */
#define LX_STACK_TOP_GPA    0x10000ull /* boot stack grows down from here */
#define LX_BOOT_PARAMS_GPA  0x10000ull
#define LX_CMDLINE_GPA	    0x20000ull /* up to 64 KiB */
#define LX_SETUP_DATA_GPA   0x30000ull /* setup_data + CC blob */
#define LX_GDT_GPA	    0x31000ull
/* e820: [0, LX_LOW_RAM_END) is RAM, then two reserved pages for SNP. */
#define LX_LOW_RAM_END	    0x9e000ull
#define LX_CPUID_PAGE_GPA   0x9e000ull /* e820 reserved */
#define LX_SECRETS_PAGE_GPA 0x9f000ull /* e820 reserved */
#define LX_RESERVED_END	    0xa0000ull
#define LX_HIGH_RAM	    0x100000ull	   /* e820: [1 MiB, RAM end) is RAM */
#define LX_RAM_4G	    0x100000000ull /* e820: RAM above 4 GiB, if any */
#define LX_DEFAULT_LOAD	    (16ull << 20)  /* LOAD_PHYSICAL_ADDR */

/* Boot GDT (boot.rst): __BOOT_CS and __BOOT_DS. */
#define LX_BOOT_CS     0x10
#define LX_BOOT_DS     0x18
#define LX_GDT_ENTRIES 4

/* Where everything goes in guest-physical memory. */
struct linux_layout {
	uint64_t ram_size;  /* below 4 GiB */
	uint64_t high_size; /* RAM at LX_RAM_4G (hv/vm.h vm_ram_split) */
	uint64_t load_addr; /* protected-mode kernel; RIP = load_addr + 0x200 */
	uint64_t kernel_end;  /* load_addr + max(init_size, pm_size) */
	uint64_t initrd_addr; /* 0 without an initrd */
	uint64_t initrd_size;
	uint64_t boot_params;
	uint64_t cmdline;
	uint64_t entry;
	uint64_t stack_top;
};

/*
 * Split a guest image (bundle or bare bzImage) and check the kernel.
 * Returns 0, or -1 with a one-line reason in why[]: every malformed
 * image is refused this way.
 */
int linux_image_parse(const void *img, uint64_t size, struct linux_image *out,
		      char *why, size_t why_len);

/* Does this look like a Linux guest image (bundle magic or "HdrS")? */
bool linux_image_detect(const void *img, uint64_t size);

/* Check a bzImage's setup header (part of linux_image_parse). */
int linux_kernel_check(const uint8_t *img, uint64_t size,
		       struct linux_kernel *k, char *why, size_t why_len);

/* Place kernel, initrd and boot data in ram_size bytes of RAM. */
int linux_layout_plan(const struct linux_image *li, uint64_t ram_size,
		      struct linux_layout *lay, char *why, size_t why_len);

/*
 * Build the zero page (BP_SIZE bytes at bp) for this layout: the setup
 * header from the image, loader fields, command line and initrd pointers,
 * the e820 table (guest RAM only) and setup_data (0: none). Returns the
 * number of e820 entries.
 */
unsigned linux_build_boot_params(uint8_t *bp, const struct linux_image *li,
				 const struct linux_layout *lay,
				 uint64_t setup_data_gpa);

/* The boot GDT: null, null, __BOOT_CS (64-bit code), __BOOT_DS. */
void linux_build_gdt(uint64_t gdt[LX_GDT_ENTRIES]);

/*
 * The SEV-SNP confidential-computing blob (Linux asm/sev.h struct
 * cc_blob_sev_info) behind a setup_data header of type SETUP_CC_BLOB,
 * written at buf (for GPA buf_gpa), pointing at a CPUID page and a
 * secrets page. Returns the bytes written.
 */
size_t linux_build_cc_blob(uint8_t *buf, uint64_t buf_gpa, uint64_t cpuid_gpa,
			   uint64_t secrets_gpa);

/* One CPUID leaf for the SNP CPUID page (struct snp_cpuid_fn). */
struct linux_cpuid_fn {
	uint32_t eax_in, ecx_in;
	uint64_t xcr0_in, xss_in;
	uint32_t eax, ebx, ecx, edx;
	uint64_t rsvd;
};

_Static_assert(sizeof(struct linux_cpuid_fn) == 48, "snp_cpuid_fn size");

#define LX_CPUID_MAX	      64
#define CC_BLOB_SEV_HDR_MAGIC 0x45444d41u

/* Fill the 4 KiB CPUID page with count leaves (at most LX_CPUID_MAX). */
void linux_build_cpuid_page(uint8_t *page, const struct linux_cpuid_fn *fn,
			    unsigned count);

#endif
