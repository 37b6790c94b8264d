/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SEV firmware on silicon: the PSP's SEV mailbox (docs/firmware.md).
 *
 * UNTESTED ON SILICON: no SNP hardware was available to this project.
 * The pure parts (device table, register layouts, the command/response
 * encoding, buffer lengths, the mailbox protocol over register accessors)
 * are host-tested against a fake mailbox (tests/unit/test_fw_psp.c); the
 * PCI and MMIO accessors of fw/psp_io.c are compiled into hv.efi and
 * never run here: QEMU has no PSP.
 *
 * The protocol (the SEV mailbox registers C2PMSG_*, as the PSP driver of
 * every open kernel uses them): write the command buffer's physical
 * address to CMDBUFF_ADDR_LO/HI, write CMDRESP = command << 16 (no IOC
 * bit: the hypervisor polls, it takes no interrupt), poll until
 * CMDRESP bit 31 (RESPONSE) is set, the status is CMDRESP[15:0].
 *
 * What SNP_INIT needs from the hypervisor on silicon, none of which
 * snpvisor does yet (NOT IMPLEMENTED): the RMP reserved by the BIOS and
 * zeroed, SYSCFG.MFDM then SYSCFG.SNPEn on every CPU, VM_HSAVE_PA = 0 on
 * every CPU, the IOMMU with SNP enabled, WBINVD on every CPU before
 * SNP_INIT and SNP_DF_FLUSH; the command page and every page the
 * firmware writes made Firmware pages first (RMPUPDATE). See the
 * reference notes on the silicon path.
 */
#ifndef FW_PSP_H
#define FW_PSP_H

#include <stdbool.h>
#include <stdint.h>

#include "fw/fw.h"

#define PSP_PCI_VENDOR_AMD 0x1022u
#define PSP_CMDRESP_RESP   (1u << 31)
#define PSP_CMDRESP_IOC	   (1u << 0)
#define PSP_FEATURE_SEV	   (1u << 0)

/* Where the SEV mailbox registers are in BAR 2, per PSP generation. */
struct psp_layout {
	const char *name;
	uint32_t cmdresp;  /* C2PMSG_32 on v2 and later */
	uint32_t addr_lo;  /* C2PMSG_56 */
	uint32_t addr_hi;  /* C2PMSG_57 */
	uint32_t feature;  /* capability register, 0 = none (assume SEV) */
};

/* The layout for a PSP PCI device ID, or NULL when it is not a PSP. */
const struct psp_layout *psp_layout_for(uint16_t device_id);

/* CMDRESP encoding and decoding. */
static inline uint32_t psp_cmdresp(enum sev_cmd cmd)
{
	return ((uint32_t)cmd & 0x3ff) << 16;
}
static inline bool psp_resp_ready(uint32_t v)
{
	return v & PSP_CMDRESP_RESP;
}
static inline enum sev_status psp_resp_status(uint32_t v)
{
	return (enum sev_status)(v & 0xffff);
}

/* Bytes of the command buffer of cmd (0: none), -1 for a command this
 * driver does not know. */
int psp_buf_len(enum sev_cmd cmd);

/* BAR 2 from the two dwords of PCI config 0x18/0x1c; 0 when the BAR is
 * not memory. */
uint64_t psp_bar_decode(uint32_t lo, uint32_t hi);

struct psp_regs {
	uint32_t (*read)(void *ctx, uint32_t off);
	void (*write)(void *ctx, uint32_t off, uint32_t v);
	void *ctx;
};

struct fw_psp {
	struct fw fw; /* the interface */
	struct psp_regs regs;
	const struct psp_layout *lay;
	/* The command page: every buffer is copied here, at its physical
	 * address (identity), before the command is issued. */
	uint8_t *cmd_page;
	uint64_t max_polls; /* reads of CMDRESP before a timeout */
	bool dead;	    /* a command timed out: the mailbox is not used again */
};

/* The mailbox over regs; cmd_page is a 4 KiB page the PSP can read. */
void fw_psp_init(struct fw_psp *p, const struct psp_layout *lay,
		 const struct psp_regs *regs, uint8_t *cmd_page,
		 uint64_t max_polls);

/*
 * hv.efi only (fw/psp_io.c): find the PSP on PCI bus 0-255 (legacy
 * configuration mechanism), enable memory decode and bus mastering, map
 * BAR 2, check the SEV capability; fill *p. Returns false with a log
 * line saying why. UNTESTED (no PSP under QEMU, no SNP silicon here).
 */
bool fw_psp_probe(struct fw_psp *p, uint8_t *cmd_page);

#endif
