// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PSP's PCI function and its MMIO registers (fw/psp.h), hv.efi only.
 * UNTESTED: QEMU has no PSP and no SNP silicon was available.
 *
 * PCI configuration through the legacy mechanism (ports 0xCF8/0xCFC);
 * the master PSP is the first one found in bus/device/function order.
 * BAR 2 is used identity-mapped, as UEFI leaves MMIO.
 */
#include "fw/psp.h"
#include "include/log.h"
#include "include/x86.h"

#define PCI_ADDR 0xcf8u
#define PCI_DATA 0xcfcu

static uint32_t cfg_read(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	outl(PCI_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 |
			       (off & 0xfc));
	return inl(PCI_DATA);
}

static void cfg_write(unsigned bus, unsigned dev, unsigned fn, unsigned off,
		      uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 |
			       (off & 0xfc));
	outl(PCI_DATA, v);
}

static uint32_t mmio_read(void *ctx, uint32_t off)
{
	return *(volatile uint32_t *)((uint8_t *)ctx + off);
}

static void mmio_write(void *ctx, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)((uint8_t *)ctx + off) = v;
}

/* 10^8 reads of CMDRESP: some seconds, longer than any SNP command. */
#define PSP_MAX_POLLS 100000000ull

bool fw_psp_probe(struct fw_psp *p, uint8_t *cmd_page)
{
	for (unsigned bus = 0; bus < 256; bus++)
		for (unsigned dev = 0; dev < 32; dev++)
			for (unsigned fn = 0; fn < 8; fn++) {
				uint32_t id = cfg_read(bus, dev, fn, 0);
				const struct psp_layout *lay;
				struct psp_regs regs;
				uint64_t bar;
				uint32_t feat;

				if ((id & 0xffff) != PSP_PCI_VENDOR_AMD)
					continue;
				lay = psp_layout_for((uint16_t)(id >> 16));
				if (!lay)
					continue;
				bar = psp_bar_decode(cfg_read(bus, dev, fn, 0x18),
						     cfg_read(bus, dev, fn, 0x1c));
				if (!bar) {
					log_err("psp: %02x:%02x.%u has no memory BAR 2",
						bus, dev, fn);
					return false;
				}
				/* Memory decode (bit 1) and bus mastering (bit 2). */
				cfg_write(bus, dev, fn, 0x4,
					  cfg_read(bus, dev, fn, 0x4) | 0x6);
				regs = (struct psp_regs){
					.read = mmio_read,
					.write = mmio_write,
					.ctx = (void *)(uintptr_t)bar,
				};
				feat = lay->feature ?
					       mmio_read(regs.ctx, lay->feature) :
					       PSP_FEATURE_SEV;
				if (feat == 0xffffffffu || !(feat & PSP_FEATURE_SEV)) {
					log_err("psp: %02x:%02x.%u (%s): no SEV capability (0x%x)",
						bus, dev, fn, lay->name, feat);
					return false;
				}
				fw_psp_init(p, lay, &regs, cmd_page,
					    PSP_MAX_POLLS);
				log_info("psp: %s at %02x:%02x.%u, BAR 2 0x%llx (UNTESTED on silicon)",
					 lay->name, bus, dev, fn,
					 (unsigned long long)bar);
				return true;
			}
	log_err("psp: no AMD PSP on PCI buses 0-255");
	return false;
}
