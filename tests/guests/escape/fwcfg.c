// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-fwcfg: QEMU's firmware configuration device (fw_cfg) must not
 * be reachable. Through it a guest reads the host's configuration, and
 * its DMA interface makes QEMU write to a *host*-physical address the
 * guest chooses (hypervisor memory included). The platform contract
 * (docs/testing.md, "Escape scenarios"): there is no device at these
 * ports, so they read as all-ones and ignore writes.
 *
 * fw_cfg's I/O interface on x86 (QEMU docs/specs/fw_cfg.rst): a 16-bit
 * selector at 0x510, the data byte at 0x511, and the DMA address at
 * 0x514 (bits 63:32) and 0x518 (bits 31:0), both big-endian; the write
 * of the low half starts the transfer described by a FWCfgDmaAccess
 * structure (big-endian control, length, address) at that address. The
 * device writes the control word back when it is done (0, or the error
 * bit).
 */
#include "esc.h"

#define FW_CFG_PORT_SEL	  0x510
#define FW_CFG_PORT_DATA  0x511
#define FW_CFG_PORT_DMA	  0x514	 /* and 0x518 */
#define FW_CFG_SIGNATURE  0x0000 /* "QEMU" */
#define FW_CFG_DMA_READ	  0x02
#define FW_CFG_DMA_SELECT 0x08

struct fw_cfg_dma_access {
	uint32_t control; /* big-endian, as length and address */
	uint32_t length;
	uint64_t address;
};

#define FILL 0xa5

static volatile struct fw_cfg_dma_access dma __attribute__((aligned(16)));
static volatile uint8_t target[16];

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

int esc_main(void)
{
	uint32_t control;
	uint64_t a;
	unsigned changed = 0;
	uint8_t sig[4];

	esc_puts("escape: fw_cfg at 0x510/0x511, its DMA at 0x514/0x518\n");
	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	for (unsigned i = 0; i < 4; i++)
		sig[i] = inb(FW_CFG_PORT_DATA);
	esc_check(sig[0] == 0xff,
		  "fw_cfg: key 0 (signature) selected, data port reads 0x%x (want 0xff, no device; QEMU's answer is 0x51 'Q')",
		  sig[0]);
	esc_check(sig[1] == 0xff && sig[2] == 0xff && sig[3] == 0xff,
		  "fw_cfg: the next three data bytes 0x%x 0x%x 0x%x (want 0xff each; QEMU's 'EMU')",
		  sig[1], sig[2], sig[3]);
	esc_check(inl(FW_CFG_PORT_DMA) == 0xffffffffu,
		  "fw_cfg: the DMA address register reads 0x%x (want 0xffffffff; QEMU's DMA signature starts \"QEMU\")",
		  inl(FW_CFG_PORT_DMA));

	for (unsigned i = 0; i < sizeof(target); i++)
		target[i] = FILL;
	control = be32(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_SELECT |
		       FW_CFG_DMA_READ);
	dma.control = control;
	dma.length = be32(sizeof(target));
	/* Identity-mapped: this address is the structure's guest-physical. */
	dma.address = __builtin_bswap64((uint64_t)(uintptr_t)target);
	a = (uint64_t)(uintptr_t)&dma;
	__asm__ volatile("mfence" ::: "memory");
	outl(FW_CFG_PORT_DMA, be32((uint32_t)(a >> 32)));
	outl(FW_CFG_PORT_DMA + 4, be32((uint32_t)a));
	__asm__ volatile("mfence" ::: "memory");
	for (unsigned i = 0; i < sizeof(target); i++)
		changed += target[i] != FILL;
	esc_check(!changed,
		  "fw_cfg DMA: select+read of key 0 into 0x%llx: %u of %u target bytes changed (want none)",
		  (unsigned long long)(uintptr_t)target, changed,
		  (unsigned)sizeof(target));
	esc_check(dma.control == control,
		  "fw_cfg DMA: the control word at 0x%llx is 0x%x, as written (want no write-back)",
		  (unsigned long long)a, be32(dma.control));
	return esc_status();
}
