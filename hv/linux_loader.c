// SPDX-License-Identifier: GPL-2.0-only
/*
 * bzImage parsing and the 64-bit boot protocol's data structures
 * (Documentation/arch/x86/boot.rst, zero-page.rst). Pure: no hypervisor
 * state, every input is bounds-checked before it is read, and every
 * refusal says which field is wrong.
 */
#include <stdio.h>
#include <string.h>

#include "hv/linux_loader.h"
#include "include/sizes.h"

static uint8_t rd8(const uint8_t *p, uint64_t off)
{
	return p[off];
}

static uint16_t rd16(const uint8_t *p, uint64_t off)
{
	return (uint16_t)(p[off] | p[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *p, uint64_t off)
{
	return (uint32_t)rd16(p, off) | (uint32_t)rd16(p, off + 2) << 16;
}

static uint64_t rd64(const uint8_t *p, uint64_t off)
{
	return (uint64_t)rd32(p, off) | (uint64_t)rd32(p, off + 4) << 32;
}

static void wr8(uint8_t *p, uint64_t off, uint8_t v)
{
	p[off] = v;
}

static void wr16(uint8_t *p, uint64_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint64_t off, uint32_t v)
{
	wr16(p, off, (uint16_t)v);
	wr16(p, off + 2, (uint16_t)(v >> 16));
}

static void wr64(uint8_t *p, uint64_t off, uint64_t v)
{
	wr32(p, off, (uint32_t)v);
	wr32(p, off + 4, (uint32_t)(v >> 32));
}

#define refuse(...)                                  \
	do {                                         \
		snprintf(why, why_len, __VA_ARGS__); \
		return -1;                           \
	} while (0)

bool linux_image_detect(const void *img, uint64_t size)
{
	const uint8_t *p = img;

	if (size >= sizeof(struct linux_bundle_hdr) &&
	    !memcmp(p, LINUX_BUNDLE_MAGIC, 8))
		return true;
	return size >= LX_HEADER + 4 && rd32(p, LX_HEADER) == LX_HDRS_MAGIC;
}

int linux_kernel_check(const uint8_t *img, uint64_t size,
		       struct linux_kernel *k, char *why, size_t why_len)
{
	unsigned setup_sects, hdr_end;
	uint64_t syssize_bytes;

	memset(k, 0, sizeof(*k));
	if (size < LX_INIT_SIZE + 4)
		refuse("bzImage: %llu bytes, too short for a setup header",
		       (unsigned long long)size);
	if (rd16(img, LX_BOOT_FLAG) != 0xaa55)
		refuse("bzImage: boot_flag 0x%x at 0x1fe, not 0xaa55",
		       rd16(img, LX_BOOT_FLAG));
	if (rd32(img, LX_HEADER) != LX_HDRS_MAGIC)
		refuse("bzImage: no \"HdrS\" magic at 0x202");
	k->version = rd16(img, LX_VERSION);
	if (k->version < LX_MIN_VERSION)
		refuse("bzImage: boot protocol %u.%02u, need 2.12 or later",
		       k->version >> 8, k->version & 0xff);
	hdr_end = LX_JUMP + 2 + rd8(img, LX_JUMP + 1);
	if (hdr_end < LX_INIT_SIZE + 4)
		refuse("bzImage: setup header ends at 0x%x, before init_size",
		       hdr_end);
	if (!(rd8(img, LX_LOADFLAGS) & LX_LOADED_HIGH))
		refuse("bzImage: loadflags 0x%x without LOADED_HIGH (not a bzImage)",
		       rd8(img, LX_LOADFLAGS));
	k->xloadflags = rd16(img, LX_XLOADFLAGS);
	if (!(k->xloadflags & XLF_KERNEL_64))
		refuse("bzImage: xloadflags 0x%x without XLF_KERNEL_64 (no 64-bit entry)",
		       k->xloadflags);
	setup_sects = rd8(img, LX_SETUP_SECTS);
	if (!setup_sects)
		setup_sects = 4;
	/* (setup_sects + 1) * 512 >= 1024 is past any header end (<= 0x301). */
	k->pm_offset = (uint64_t)(setup_sects + 1) * 512;
	if (k->pm_offset + LX_JUMP + 16 > size)
		refuse("bzImage: setup_sects %u leaves no protected-mode kernel in %llu bytes",
		       setup_sects, (unsigned long long)size);
	k->pm_size = size - k->pm_offset;
	syssize_bytes = (uint64_t)rd32(img, LX_SYSSIZE) * 16;
	if (!syssize_bytes || syssize_bytes > k->pm_size + 15)
		refuse("bzImage: syssize says %llu bytes of kernel, the file has %llu (truncated?)",
		       (unsigned long long)syssize_bytes,
		       (unsigned long long)k->pm_size);
	k->relocatable = rd8(img, LX_RELOCATABLE) != 0;
	k->kernel_alignment = rd32(img, LX_KERNEL_ALIGNMENT);
	if (k->relocatable &&
	    (k->kernel_alignment < SZ_4K ||
	     (k->kernel_alignment & (k->kernel_alignment - 1))))
		refuse("bzImage: kernel_alignment 0x%x is not a power of two >= 4 KiB",
		       k->kernel_alignment);
	k->pref_address = rd64(img, LX_PREF_ADDRESS);
	k->init_size = rd32(img, LX_INIT_SIZE);
	if (k->init_size < k->pm_size)
		refuse("bzImage: init_size %u is smaller than the kernel (%llu bytes)",
		       k->init_size, (unsigned long long)k->pm_size);
	k->cmdline_size = rd32(img, LX_CMDLINE_SIZE);
	if (!k->cmdline_size)
		refuse("bzImage: cmdline_size is 0");
	k->initrd_addr_max = rd32(img, LX_INITRD_ADDR_MAX);
	k->image = img;
	k->image_size = size;
	return 0;
}

/* A bundle part [off, off + len) must lie inside the file. */
static bool part_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

int linux_image_parse(const void *img, uint64_t size, struct linux_image *out,
		      char *why, size_t why_len)
{
	const uint8_t *p = img;
	uint64_t koff, klen, ioff, ilen, coff, clen;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(struct linux_bundle_hdr) ||
	    memcmp(p, LINUX_BUNDLE_MAGIC, 8)) {
		out->cmdline = LINUX_DEFAULT_CMDLINE;
		out->cmdline_len = strlen(LINUX_DEFAULT_CMDLINE);
		return linux_kernel_check(p, size, &out->k, why, why_len);
	}
	if (rd32(p, 0x08) != sizeof(struct linux_bundle_hdr))
		refuse("linux bundle: header size %u, expected %zu",
		       rd32(p, 0x08), sizeof(struct linux_bundle_hdr));
	if (rd32(p, 0x0c))
		refuse("linux bundle: unknown flags 0x%x", rd32(p, 0x0c));
	koff = rd64(p, 0x10), klen = rd64(p, 0x18);
	ioff = rd64(p, 0x20), ilen = rd64(p, 0x28);
	coff = rd64(p, 0x30), clen = rd64(p, 0x38);
	if (!klen || !part_ok(koff, klen, size))
		refuse("linux bundle: kernel [0x%llx +0x%llx] outside the %llu-byte file",
		       (unsigned long long)koff, (unsigned long long)klen,
		       (unsigned long long)size);
	if (!part_ok(ioff, ilen, size))
		refuse("linux bundle: initrd [0x%llx +0x%llx] outside the %llu-byte file",
		       (unsigned long long)ioff, (unsigned long long)ilen,
		       (unsigned long long)size);
	if (!part_ok(coff, clen, size))
		refuse("linux bundle: command line [0x%llx +0x%llx] outside the %llu-byte file",
		       (unsigned long long)coff, (unsigned long long)clen,
		       (unsigned long long)size);
	if (memchr(p + coff, 0, clen))
		refuse("linux bundle: NUL inside the command line");
	if (linux_kernel_check(p + koff, klen, &out->k, why, why_len))
		return -1;
	out->initrd = ilen ? p + ioff : NULL;
	out->initrd_size = ilen;
	out->cmdline = (const char *)p + coff;
	out->cmdline_len = clen;
	return 0;
}

int linux_layout_plan(const struct linux_image *li, uint64_t ram_size,
		      struct linux_layout *lay, char *why, size_t why_len)
{
	const struct linux_kernel *k = &li->k;
	uint64_t align = k->relocatable ? k->kernel_alignment : SZ_4K;
	uint64_t need = k->init_size > k->pm_size ? k->init_size : k->pm_size;
	uint64_t top, min_mem;

	memset(lay, 0, sizeof(*lay));
	lay->ram_size = ram_size;
	if (li->cmdline_len > k->cmdline_size ||
	    li->cmdline_len >= LX_SETUP_DATA_GPA - LX_CMDLINE_GPA)
		refuse("command line of %llu bytes, the kernel takes at most %u",
		       (unsigned long long)li->cmdline_len, k->cmdline_size);
	/* The preferred address when it is usable, else 16 MiB aligned up. */
	if (k->pref_address >= LX_HIGH_RAM && !(k->pref_address & (align - 1)))
		lay->load_addr = k->pref_address;
	else if (k->relocatable)
		lay->load_addr = (LX_DEFAULT_LOAD + align - 1) & ~(align - 1);
	else
		refuse("bzImage: not relocatable and pref_address 0x%llx is unusable",
		       (unsigned long long)k->pref_address);
	lay->kernel_end = lay->load_addr + need;
	/* The least RAM that holds the kernel and the initrd, in mem= units. */
	min_mem = lay->kernel_end +
		  ((li->initrd_size + SZ_4K - 1) & ~(SZ_4K - 1));
	min_mem = (min_mem + SZ_2M - 1) & ~(SZ_2M - 1);
	if (lay->kernel_end > ram_size || lay->load_addr > ram_size)
		refuse("guest RAM of %llu MiB is too small: the kernel (%llu MiB at %llu MiB) and the initrd need at least mem=%lluM",
		       (unsigned long long)(ram_size >> 20),
		       (unsigned long long)(need >> 20),
		       (unsigned long long)(lay->load_addr >> 20),
		       (unsigned long long)(min_mem >> 20));
	if (li->initrd_size) {
		/* As high as allowed, page aligned, above the kernel. */
		top = ram_size;
		if (k->initrd_addr_max &&
		    top > (uint64_t)k->initrd_addr_max + 1)
			top = (uint64_t)k->initrd_addr_max + 1;
		if (li->initrd_size > top ||
		    ((top - li->initrd_size) & ~(SZ_4K - 1)) < lay->kernel_end)
			refuse("guest RAM of %llu MiB is too small: the kernel (up to %llu MiB) and an initrd of %llu KiB need at least mem=%lluM",
			       (unsigned long long)(ram_size >> 20),
			       (unsigned long long)(lay->kernel_end >> 20),
			       (unsigned long long)(li->initrd_size >> 10),
			       (unsigned long long)(min_mem >> 20));
		lay->initrd_addr = (top - li->initrd_size) & ~(SZ_4K - 1);
		lay->initrd_size = li->initrd_size;
	}
	lay->boot_params = LX_BOOT_PARAMS_GPA;
	lay->cmdline = LX_CMDLINE_GPA;
	lay->entry = lay->load_addr + LX_JUMP;
	lay->stack_top = LX_STACK_TOP_GPA;
	return 0;
}

static void e820_add(uint8_t *bp, unsigned *n, uint64_t addr, uint64_t size,
		     uint32_t type)
{
	uint64_t off = BP_E820_TABLE + (uint64_t)*n * 20;

	if (*n >= BP_E820_MAX || !size)
		return;
	wr64(bp, off, addr);
	wr64(bp, off + 8, size);
	wr32(bp, off + 16, type);
	(*n)++;
}

unsigned linux_build_boot_params(uint8_t *bp, const struct linux_image *li,
				 const struct linux_layout *lay,
				 uint64_t setup_data_gpa)
{
	const uint8_t *img = li->k.image;
	unsigned hdr_end = LX_JUMP + 2 + rd8(img, LX_JUMP + 1);
	unsigned n = 0;
	uint8_t lf;

	memset(bp, 0, BP_SIZE);
	/* boot.rst: copy the setup header, 0x1f1 up to 0x202 + byte at 0x201. */
	memcpy(bp + LX_SETUP_SECTS, img + LX_SETUP_SECTS,
	       hdr_end - LX_SETUP_SECTS);
	wr8(bp, LX_TYPE_OF_LOADER, 0xff); /* undefined loader */
	lf = rd8(bp, LX_LOADFLAGS) & (uint8_t)~LX_CAN_USE_HEAP;
	wr8(bp, LX_LOADFLAGS, lf);
	wr16(bp, LX_HEAP_END_PTR, 0);
	wr32(bp, LX_CODE32_START, (uint32_t)lay->load_addr);
	wr32(bp, LX_CMD_LINE_PTR, (uint32_t)lay->cmdline);
	wr32(bp, BP_EXT_CMD_LINE_PTR, (uint32_t)(lay->cmdline >> 32));
	wr32(bp, LX_RAMDISK_IMAGE, (uint32_t)lay->initrd_addr);
	wr32(bp, BP_EXT_RAMDISK_IMAGE, (uint32_t)(lay->initrd_addr >> 32));
	wr32(bp, LX_RAMDISK_SIZE, (uint32_t)lay->initrd_size);
	wr32(bp, BP_EXT_RAMDISK_SIZE, (uint32_t)(lay->initrd_size >> 32));
	wr64(bp, LX_SETUP_DATA, setup_data_gpa);
	/* Guest RAM only: no BIOS, no ACPI tables, no MMIO holes described
	 * (the hole below 4 GiB is simply not listed). */
	e820_add(bp, &n, 0, LX_LOW_RAM_END, E820_TYPE_RAM);
	e820_add(bp, &n, LX_LOW_RAM_END, LX_RESERVED_END - LX_LOW_RAM_END,
		 E820_TYPE_RESERVED);
	if (lay->ram_size > LX_HIGH_RAM)
		e820_add(bp, &n, LX_HIGH_RAM, lay->ram_size - LX_HIGH_RAM,
			 E820_TYPE_RAM);
	e820_add(bp, &n, LX_RAM_4G, lay->high_size, E820_TYPE_RAM);
	wr8(bp, BP_E820_ENTRIES, (uint8_t)n);
	return n;
}

void linux_build_gdt(uint64_t gdt[LX_GDT_ENTRIES])
{
	gdt[0] = 0;
	gdt[1] = 0;
	gdt[LX_BOOT_CS / 8] = 0x00af9b000000ffffull; /* 64-bit code, flat */
	gdt[LX_BOOT_DS / 8] = 0x00cf93000000ffffull; /* data, flat 4 GiB */
}

/* Linux asm/sev.h struct cc_blob_sev_info, 40 bytes. */
#define CCB_MAGIC	0x00
#define CCB_VERSION	0x04
#define CCB_SECRETS	0x08
#define CCB_SECRETS_LEN 0x10
#define CCB_CPUID	0x18
#define CCB_CPUID_LEN	0x20
#define CCB_SIZE	0x28
#define SD_HDR		0x10 /* struct setup_data: next, type, len */
#define SD_BLOB		0x18 /* the blob, 8-byte aligned after the u32 */

size_t linux_build_cc_blob(uint8_t *buf, uint64_t buf_gpa, uint64_t cpuid_gpa,
			   uint64_t secrets_gpa)
{
	uint8_t *blob = buf + SD_BLOB;

	memset(buf, 0, SD_BLOB + CCB_SIZE);
	wr64(buf, 0, 0);	     /* next */
	wr32(buf, 8, SETUP_CC_BLOB); /* type */
	wr32(buf, 12, 4);	     /* len: one u32, the blob's address */
	wr32(buf, SD_HDR, (uint32_t)(buf_gpa + SD_BLOB));
	wr32(blob, CCB_MAGIC, CC_BLOB_SEV_HDR_MAGIC);
	wr16(blob, CCB_VERSION, 0);
	wr64(blob, CCB_SECRETS, secrets_gpa);
	wr32(blob, CCB_SECRETS_LEN, (uint32_t)SZ_4K);
	wr64(blob, CCB_CPUID, cpuid_gpa);
	wr32(blob, CCB_CPUID_LEN, (uint32_t)SZ_4K);
	return SD_BLOB + CCB_SIZE;
}

void linux_build_cpuid_page(uint8_t *page, const struct linux_cpuid_fn *fn,
			    unsigned count)
{
	if (count > LX_CPUID_MAX)
		count = LX_CPUID_MAX;
	memset(page, 0, SZ_4K);
	wr32(page, 0, count); /* struct snp_cpuid_table: count, reserved */
	memcpy(page + 16, fn, count * sizeof(*fn));
}
