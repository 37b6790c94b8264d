// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv/linux_loader.c: setup-header checks (every malformed image is
 * refused with a reason, never read out of bounds: ASan watches), the
 * bundle format, the layout and the zero page. Images are synthetic: a
 * setup header with the fields of Debian's 6.12 bzImage.
 */
#include <stdlib.h>
#include <string.h>

#include "hv/linux_loader.h"
#include "tests/lib/tap.h"

#define SETUP_SECTS 30
#define PM_OFF	    ((SETUP_SECTS + 1) * 512)
#define PM_SIZE	    (64 * 1024)
#define IMG_SIZE    (PM_OFF + PM_SIZE)
#define MIB	    (1ull << 20)

static void put16(uint8_t *p, unsigned off, uint16_t v)
{
	memcpy(p + off, &v, 2);
}

static void put32(uint8_t *p, unsigned off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

static void put64(uint8_t *p, unsigned off, uint64_t v)
{
	memcpy(p + off, &v, 8);
}

static uint8_t *make_image(void)
{
	uint8_t *p = calloc(1, IMG_SIZE);

	p[LX_SETUP_SECTS] = SETUP_SECTS;
	put32(p, LX_SYSSIZE, PM_SIZE / 16);
	put16(p, LX_BOOT_FLAG, 0xaa55);
	p[LX_JUMP] = 0xeb;
	p[LX_JUMP + 1] = 0x6a; /* header ends at 0x26c, like 2.15 */
	memcpy(p + LX_HEADER, "HdrS", 4);
	put16(p, LX_VERSION, 0x020f);
	p[LX_LOADFLAGS] = LX_LOADED_HIGH;
	put32(p, LX_INITRD_ADDR_MAX, 0x7fffffff);
	put32(p, LX_KERNEL_ALIGNMENT, 0x200000);
	p[LX_RELOCATABLE] = 1;
	put16(p, LX_XLOADFLAGS, 0x7f);
	put32(p, LX_CMDLINE_SIZE, 2047);
	put64(p, LX_PREF_ADDRESS, 0x1000000);
	put32(p, LX_INIT_SIZE, 55 * MIB);
	return p;
}

/* Refused, with a reason that mentions needle. */
static void refused(const uint8_t *img, uint64_t size, const char *needle,
		    const char *what)
{
	struct linux_image li;
	char why[200] = "";
	int r = linux_image_parse(img, size, &li, why, sizeof(why));

	tap_check(r == -1 && strstr(why, needle), "refused: %s (%s)", what,
		  why);
}

static void test_header_checks(void)
{
	struct linux_image li;
	char why[200];
	uint8_t *p = make_image();

	tap_eq(linux_image_parse(p, IMG_SIZE, &li, why, sizeof(why)), 0,
	       "a well-formed bzImage is accepted");
	tap_eq(li.k.pm_offset, PM_OFF,
	       "protected-mode kernel at (setup_sects+1)*512");
	tap_eq(li.k.pm_size, PM_SIZE, "protected-mode size");
	tap_eq(li.k.version, 0x020f, "protocol version");
	tap_check(li.cmdline_len && !memcmp(li.cmdline, "console=ttyS0", 13),
		  "a bare bzImage gets the default command line");

	refused(p, 0x100, "too short", "shorter than a setup header");
	for (uint64_t n = 0; n < 0x300; n += 7)
		linux_image_parse(p, n, &li, why, sizeof(why)); /* ASan */

	put16(p, LX_BOOT_FLAG, 0x1234);
	refused(p, IMG_SIZE, "boot_flag", "bad boot_flag");
	put16(p, LX_BOOT_FLAG, 0xaa55);

	memcpy(p + LX_HEADER, "HdrX", 4);
	refused(p, IMG_SIZE, "HdrS", "bad magic");
	memcpy(p + LX_HEADER, "HdrS", 4);

	put16(p, LX_VERSION, 0x020b);
	refused(p, IMG_SIZE, "2.12", "protocol 2.11");
	put16(p, LX_VERSION, 0x020f);

	p[LX_JUMP + 1] = 0x10;
	refused(p, IMG_SIZE, "setup header ends", "short header per the jump");
	p[LX_JUMP + 1] = 0x6a;

	p[LX_LOADFLAGS] = 0;
	refused(p, IMG_SIZE, "LOADED_HIGH", "zImage (not loaded high)");
	p[LX_LOADFLAGS] = LX_LOADED_HIGH;

	put16(p, LX_XLOADFLAGS, 0x7e);
	refused(p, IMG_SIZE, "XLF_KERNEL_64", "no 64-bit entry");
	put16(p, LX_XLOADFLAGS, 0x7f);

	p[LX_SETUP_SECTS] = 255;
	refused(p, IMG_SIZE, "setup_sects", "setup_sects beyond the file");
	p[LX_SETUP_SECTS] = SETUP_SECTS;

	refused(p, IMG_SIZE - 4096, "syssize", "truncated kernel");
	put32(p, LX_SYSSIZE, 0);
	refused(p, IMG_SIZE, "syssize", "syssize 0");
	put32(p, LX_SYSSIZE, PM_SIZE / 16);

	put32(p, LX_KERNEL_ALIGNMENT, 0x300000);
	refused(p, IMG_SIZE, "kernel_alignment",
		"alignment not a power of two");
	put32(p, LX_KERNEL_ALIGNMENT, 0x200000);

	put32(p, LX_INIT_SIZE, 4096);
	refused(p, IMG_SIZE, "init_size", "init_size below the kernel size");
	put32(p, LX_INIT_SIZE, 55 * MIB);

	put32(p, LX_CMDLINE_SIZE, 0);
	refused(p, IMG_SIZE, "cmdline_size", "cmdline_size 0");
	put32(p, LX_CMDLINE_SIZE, 2047);

	tap_check(linux_image_detect(p, IMG_SIZE), "detect: bzImage");
	tap_check(!linux_image_detect(p, 0x100), "detect: too short");
	tap_check(!linux_image_detect("\xeb\xfe", 2),
		  "detect: a flat test guest");
	free(p);
}

/* A bundle of the synthetic kernel, an initrd and a command line. */
static uint8_t *make_bundle(uint64_t *size, const char *cmd, uint64_t initrd)
{
	uint64_t koff = 0x1000, ioff = koff + IMG_SIZE, coff = ioff + initrd;
	uint8_t *k = make_image();
	uint8_t *b;

	*size = coff + strlen(cmd);
	b = calloc(1, *size);
	memcpy(b, LINUX_BUNDLE_MAGIC, 8);
	put32(b, 0x08, 64);
	put64(b, 0x10, koff);
	put64(b, 0x18, IMG_SIZE);
	put64(b, 0x20, ioff);
	put64(b, 0x28, initrd);
	put64(b, 0x30, coff);
	put64(b, 0x38, strlen(cmd));
	memcpy(b + koff, k, IMG_SIZE);
	memset(b + ioff, 0x5a, initrd);
	memcpy(b + coff, cmd, strlen(cmd));
	free(k);
	return b;
}

static void test_bundle(void)
{
	const char *cmd = "console=ttyS0 acpi=off";
	struct linux_image li;
	uint64_t size;
	uint8_t *b = make_bundle(&size, cmd, 8192);
	char why[200];

	tap_eq(linux_image_parse(b, size, &li, why, sizeof(why)), 0,
	       "bundle accepted");
	tap_eq(li.initrd_size, 8192, "bundle: initrd size");
	tap_check(li.initrd && li.initrd[0] == 0x5a, "bundle: initrd bytes");
	tap_check(li.cmdline_len == strlen(cmd) &&
			  !memcmp(li.cmdline, cmd, li.cmdline_len),
		  "bundle: command line");
	tap_check(linux_image_detect(b, size), "detect: bundle");

	put32(b, 0x08, 63);
	refused(b, size, "header size", "bundle: header size");
	put32(b, 0x08, 64);
	put32(b, 0x0c, 1);
	refused(b, size, "flags", "bundle: unknown flags");
	put32(b, 0x0c, 0);
	put64(b, 0x18, size);
	refused(b, size, "kernel", "bundle: kernel past the end");
	put64(b, 0x18, 0);
	refused(b, size, "kernel", "bundle: empty kernel");
	put64(b, 0x18, IMG_SIZE);
	put64(b, 0x28, ~0ull - 0x100);
	refused(b, size, "initrd", "bundle: initrd size overflowing");
	put64(b, 0x28, 8192);
	put64(b, 0x30, size + 1);
	refused(b, size, "command line", "bundle: command line past the end");
	put64(b, 0x30, size - strlen(cmd));
	b[size - 1] = 0;
	refused(b, size, "NUL", "bundle: NUL in the command line");
	b[size - 1] = 'f';
	b[0x1000 + LX_HEADER] = 'X';
	refused(b, size, "HdrS", "bundle: kernel checked too");
	free(b);
}

static void test_layout_and_zero_page(void)
{
	struct linux_image li;
	struct linux_layout lay;
	uint64_t size;
	uint8_t *b = make_bundle(&size, "console=ttyS0", 3 * MIB + 5);
	uint8_t bp[BP_SIZE];
	char why[200];
	uint64_t gdt[LX_GDT_ENTRIES];
	uint32_t v32;
	uint64_t v64;
	unsigned n;

	linux_image_parse(b, size, &li, why, sizeof(why));
	tap_eq(linux_layout_plan(&li, 256 * MIB, &lay, why, sizeof(why)), 0,
	       "layout in 256 MiB");
	tap_eq(lay.load_addr, 16 * MIB, "loaded at pref_address");
	tap_eq(lay.entry, 16 * MIB + 0x200, "64-bit entry at load + 0x200");
	tap_eq(lay.kernel_end, 16 * MIB + 55 * MIB, "kernel needs init_size");
	tap_check(lay.initrd_addr >= lay.kernel_end &&
			  lay.initrd_addr + lay.initrd_size <= 256 * MIB &&
			  !(lay.initrd_addr & 0xfff),
		  "initrd page aligned above the kernel, in RAM");
	tap_eq(linux_layout_plan(&li, 64 * MIB, &lay, why, sizeof(why)), -1,
	       "64 MiB is too small for init_size 55 MiB at 16 MiB (%s)", why);
	tap_eq(linux_layout_plan(&li, 72 * MIB, &lay, why, sizeof(why)), -1,
	       "no room for the initrd above the kernel (%s)", why);
	{
		/* The refusal names the mem= that fits, and it is the least. */
		const char *m = strstr(why, "mem=");
		unsigned long long need_mib = m ? strtoull(m + 4, NULL, 10) : 0;

		tap_check(need_mib && m[4 + strspn(m + 4, "0123456789")] == 'M',
			  "the refusal says which mem= is needed (%s)", why);
		tap_eq(linux_layout_plan(&li, need_mib * MIB, &lay, why,
					 sizeof(why)),
		       0, "the mem= it names fits");
		tap_eq(linux_layout_plan(&li, (need_mib - 2) * MIB, &lay, why,
					 sizeof(why)),
		       -1, "2 MiB less does not");
	}

	li.k.pref_address =
		0x123000; /* unaligned: relocatable goes to 16 MiB */
	tap_eq(linux_layout_plan(&li, 256 * MIB, &lay, why, sizeof(why)), 0,
	       "unusable pref_address, relocatable");
	tap_eq(lay.load_addr, 16 * MIB, "relocated to 16 MiB");
	li.k.relocatable = false;
	li.k.pref_address = 0x123456;
	tap_eq(linux_layout_plan(&li, 256 * MIB, &lay, why, sizeof(why)), -1,
	       "unusable pref_address, not relocatable (%s)", why);
	li.k.relocatable = true;
	li.k.pref_address = 16 * MIB;

	li.cmdline_len = 4000;
	tap_eq(linux_layout_plan(&li, 256 * MIB, &lay, why, sizeof(why)), -1,
	       "command line longer than cmdline_size (%s)", why);
	li.cmdline_len = strlen("console=ttyS0");

	linux_layout_plan(&li, 256 * MIB, &lay, why, sizeof(why));
	n = linux_build_boot_params(bp, &li, &lay, 0x30000);
	tap_eq(n, 3, "three e820 entries");
	tap_eq(bp[BP_E820_ENTRIES], 3, "e820_entries");
	memcpy(&v64, bp + BP_E820_TABLE + 2 * 20, 8);
	tap_eq(v64, 1 * MIB, "e820[2] starts at 1 MiB");
	memcpy(&v64, bp + BP_E820_TABLE + 2 * 20 + 8, 8);
	tap_eq(v64, 255 * MIB, "e820[2] covers the rest of RAM");
	memcpy(&v32, bp + BP_E820_TABLE + 20 + 16, 4);
	tap_eq(v32, E820_TYPE_RESERVED,
	       "e820[1] (CPUID and secrets pages) reserved");
	/* RAM above 4 GiB (hv/vm.h vm_ram_split) is a fourth entry. */
	lay.high_size = 1536 * MIB;
	n = linux_build_boot_params(bp, &li, &lay, 0x30000);
	tap_eq(n, 4, "RAM above 4 GiB: four e820 entries");
	memcpy(&v64, bp + BP_E820_TABLE + 3 * 20, 8);
	tap_eq(v64, 4096 * MIB, "e820[3] starts at 4 GiB");
	memcpy(&v64, bp + BP_E820_TABLE + 3 * 20 + 8, 8);
	tap_eq(v64, 1536 * MIB, "e820[3] is the RAM above 4 GiB");
	memcpy(&v32, bp + BP_E820_TABLE + 3 * 20 + 16, 4);
	tap_eq(v32, E820_TYPE_RAM, "e820[3] is RAM");
	lay.high_size = 0;
	n = linux_build_boot_params(bp, &li, &lay, 0x30000);
	memcpy(&v32, bp + LX_HEADER, 4);
	tap_eq(v32, LX_HDRS_MAGIC, "setup header copied");
	tap_eq(bp[LX_TYPE_OF_LOADER], 0xff, "type_of_loader");
	memcpy(&v32, bp + LX_CMD_LINE_PTR, 4);
	tap_eq(v32, LX_CMDLINE_GPA, "cmd_line_ptr");
	memcpy(&v32, bp + LX_RAMDISK_IMAGE, 4);
	tap_eq(v32, lay.initrd_addr, "ramdisk_image");
	memcpy(&v32, bp + LX_RAMDISK_SIZE, 4);
	tap_eq(v32, 3 * MIB + 5, "ramdisk_size");
	memcpy(&v64, bp + LX_SETUP_DATA, 8);
	tap_eq(v64, 0x30000, "setup_data pointer");
	tap_eq(bp[0x26c], 0, "nothing copied past the setup header");

	linux_build_gdt(gdt);
	tap_eq(gdt[LX_BOOT_CS / 8] >> 40 & 0xff, 0x9b,
	       "__BOOT_CS: present code");
	tap_eq(gdt[LX_BOOT_CS / 8] >> 53 & 1, 1, "__BOOT_CS: 64-bit (L)");
	tap_eq(gdt[LX_BOOT_DS / 8] >> 40 & 0xff, 0x93,
	       "__BOOT_DS: present data");
	free(b);
}

static void test_cc_blob(void)
{
	static struct linux_cpuid_fn many[LX_CPUID_MAX + 4];
	uint8_t buf[128], page[4096];
	struct linux_cpuid_fn fn[2] = {
		{ .eax_in = 0, .eax = 0xd },
		{ .eax_in = 0x8000001f, .eax = 0x1a },
	};
	uint32_t v32;
	uint64_t v64;
	size_t len = linux_build_cc_blob(buf, 0x30000, 0x9e000, 0x9f000);

	tap_eq(len, 0x18 + 40, "setup_data header + u32 + cc_blob_sev_info");
	memcpy(&v32, buf + 8, 4);
	tap_eq(v32, SETUP_CC_BLOB, "setup_data type 7");
	memcpy(&v32, buf + 12, 4);
	tap_eq(v32, 4, "setup_data len 4");
	memcpy(&v32, buf + 16, 4);
	tap_eq(v32, 0x30018, "cc_blob_address");
	memcpy(&v32, buf + 0x18, 4);
	tap_eq(v32, CC_BLOB_SEV_HDR_MAGIC, "blob magic");
	memcpy(&v64, buf + 0x18 + 0x18, 8);
	tap_eq(v64, 0x9e000, "cpuid_phys");
	memcpy(&v32, buf + 0x18 + 0x20, 4);
	tap_eq(v32, 4096, "cpuid_len >= 4096");
	memcpy(&v64, buf + 0x18 + 0x08, 8);
	tap_eq(v64, 0x9f000, "secrets_phys");

	linux_build_cpuid_page(page, fn, 2);
	memcpy(&v32, page, 4);
	tap_eq(v32, 2, "CPUID page count");
	memcpy(&v32, page + 16 + 48 + 24, 4);
	tap_eq(v32, 0x1a, "second leaf's EAX at 16 + 48 + 24");
	linux_build_cpuid_page(page, many, 1000);
	memcpy(&v32, page, 4);
	tap_eq(v32, LX_CPUID_MAX, "count capped at 64");
}

int main(void)
{
	test_header_checks();
	test_bundle();
	test_layout_and_zero_page();
	test_cc_blob();
	return tap_done();
}
