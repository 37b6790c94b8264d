// SPDX-License-Identifier: GPL-2.0-only
/*
 * efi-platform: a UEFI application that OVMF boots as its "kernel" (a
 * firmware bundle, tools/ovmf-bundle.py) and that then treats the
 * emulated platform of a firmware guest badly: garbage through PCI
 * configuration mechanism #1, fw_cfg DMA descriptors in private memory,
 * in the flash and outside RAM, every fw_cfg key selected. The
 * hypervisor must answer each as the device would (a master abort's
 * all-ones, a DMA that never touches private memory) and stay up; the
 * application reports on COM1 ("PASS:"/"FAIL:" lines) and ends the
 * guest through the test-exit port with the number of failures.
 */
#include <stdint.h>

#include "include/x86.h"

#define COM1	      0x3f8
#define TEST_EXIT     0xf4
#define PCI_ADDR      0xcf8
#define PCI_DATA      0xcfc
#define FW_CFG_SEL    0x510
#define FW_CFG_DATA   0x511
#define FW_CFG_DMA_HI 0x514
#define FW_CFG_DMA_LO 0x518
#define PM_TMR	      0xb008 /* OVMF's PMBA 0xb000 + 8 */

static unsigned failures;

static void puts_(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, (uint8_t)*s);
	}
}

static void puthex(uint64_t v)
{
	char b[19] = "0x";

	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	b[18] = 0;
	puts_(b);
}

static void check(int ok, const char *what, uint64_t got)
{
	puts_(ok ? "PASS: " : "FAIL: ");
	puts_(what);
	puts_(" (");
	puthex(got);
	puts_(")\r\n");
	failures += !ok;
}

static uint32_t pci_read(unsigned dev, unsigned fn, unsigned reg)
{
	outl(PCI_ADDR, 1u << 31 | dev << 11 | fn << 8 | reg);
	return inl(PCI_DATA);
}

static void test_pci(void)
{
	uint32_t absent = 0;

	check(pci_read(0, 0, 0) == 0x12378086u, "00:00.0 is the i440FX",
	      pci_read(0, 0, 0));
	/* All-ones into every register of every device but the PM
	 * function (its PMBA places the timer OVMF still uses). */
	for (unsigned dev = 0; dev < 32; dev++)
		for (unsigned fn = 0; fn < 8; fn++) {
			if (dev == 1 && fn == 3)
				continue;
			for (unsigned reg = 0; reg < 256; reg += 4) {
				outl(PCI_ADDR,
				     1u << 31 | dev << 11 | fn << 8 | reg);
				outl(PCI_DATA, 0xffffffffu);
			}
		}
	outl(PCI_ADDR, 0x7fffffffu); /* enable clear, every other bit set */
	outl(PCI_DATA, 0);
	outl(PCI_ADDR, 0xffffffffu); /* bus 255 */
	outl(PCI_DATA, 0);
	check(pci_read(0, 0, 0) == 0x12378086u &&
		      pci_read(1, 0, 0) == 0x70008086u,
	      "IDs unchanged after all-ones everywhere", pci_read(1, 0, 0));
	for (unsigned dev = 2; dev < 32; dev++)
		absent |= ~pci_read(dev, 0, 0);
	check(absent == 0, "devices 2-31 are absent: all-ones", absent);
}

struct dma_access {
	uint32_t control, length;
	uint64_t address;
} __attribute__((aligned(16)));

static volatile struct dma_access desc;
static volatile uint8_t target[64];

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void dma_at(uint64_t gpa)
{
	outl(FW_CFG_DMA_HI, be32((uint32_t)(gpa >> 32)));
	outl(FW_CFG_DMA_LO, be32((uint32_t)gpa));
}

static void test_fw_cfg(void)
{
	uint32_t control = be32(0u << 16 | 0x08 | 0x02); /* select 0, read */
	unsigned changed = 0;
	char sig[5] = { 0 };

	outw(FW_CFG_SEL, 0);
	for (int i = 0; i < 4; i++)
		sig[i] = (char)inb(FW_CFG_DATA);
	check(sig[0] == 'Q' && sig[3] == 'U',
	      "fw_cfg signature through the port", (uint8_t)sig[0]);
	/* A descriptor in private memory (the application's own data): a
	 * device cannot read it, so nothing moves and nothing is written. */
	for (int i = 0; i < 64; i++)
		target[i] = 0xa5;
	desc.control = control;
	desc.length = be32(sizeof(target));
	desc.address = __builtin_bswap64((uint64_t)(uintptr_t)target);
	__asm__ volatile("mfence" ::: "memory");
	dma_at((uint64_t)(uintptr_t)&desc);
	__asm__ volatile("mfence" ::: "memory");
	for (int i = 0; i < 64; i++)
		changed += target[i] != 0xa5;
	check(desc.control == control && !changed,
	      "DMA descriptor in private memory: ignored, nothing written",
	      desc.control);
	/* Descriptors in the flash, past RAM, at the top of the address
	 * space, at 0: each ignored (the run going on shows the hypervisor
	 * stayed up); the flash bytes there must not change. */
	{
		volatile const uint8_t *flash = (const uint8_t *)0xfffff000ull;
		uint8_t before[16];
		unsigned diff = 0;

		for (int i = 0; i < 16; i++)
			before[i] = flash[i];
		dma_at(0xfffff000ull);
		dma_at(0x10000000000ull);
		dma_at(0xfffffffffffffff0ull);
		dma_at(0);
		for (int i = 0; i < 16; i++)
			diff += flash[i] != before[i];
		check(diff == 0,
		      "DMA descriptors at the flash, 1 TiB, 2^64 - 16, 0: the flash unchanged",
		      diff);
	}
	/* Every key of the low range, with a read. */
	for (unsigned k = 0; k < 0x1000; k++) {
		outw(FW_CFG_SEL, (uint16_t)k);
		(void)inb(FW_CFG_DATA);
	}
	outw(FW_CFG_SEL, 0);
	check(inb(FW_CFG_DATA) == 'Q',
	      "4096 keys selected, the signature still reads", 0);
}

static void test_pm_timer(void)
{
	uint32_t a = inl(PM_TMR) & 0xffffff, b;

	for (volatile int i = 0; i < 100000; i++)
		;
	b = inl(PM_TMR) & 0xffffff;
	check(a != b, "the ACPI PM timer at 0xb008 counts", b - a);
}

/* gnu-efi's crt0 calls this; the arguments are not needed. */
uint64_t efi_main(void *image, void *systab);
uint64_t efi_main(void *image, void *systab)
{
	(void)image;
	(void)systab;
	puts_("\r\nefi-platform: malformed platform accesses from a firmware guest\r\n");
	test_pci();
	test_fw_cfg();
	test_pm_timer();
	puts_(failures ? "efi-platform: FAILED\r\n" :
			 "efi-platform: all passed\r\n");
	outl(TEST_EXIT, failures);
	for (;;)
		__asm__ volatile("hlt");
	return 0;
}
