// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PSP's SEV mailbox, its pure parts (fw/psp.h). UNTESTED ON SILICON;
 * host-tested against a fake mailbox.
 */
#include <string.h>

#include "fw/psp.h"
#include "include/log.h"

/*
 * PSP generations by PCI device ID: the first EPYC PSP has the v1
 * mailbox offsets and no capability register; later ones the v2 offsets.
 * SNP exists from the second EPYC generation (0x1486) on; the others are
 * listed so a probe says what it found.
 */
static const struct psp_layout psp_v1 = {
	.name = "PSP v1",
	.cmdresp = 0x10580,
	.addr_lo = 0x105e0,
	.addr_hi = 0x105e4,
	.feature = 0,
};
static const struct psp_layout psp_v2 = {
	.name = "PSP v2+",
	.cmdresp = 0x10980,
	.addr_lo = 0x109e0,
	.addr_hi = 0x109e4,
	.feature = 0x109fc,
};

const struct psp_layout *psp_layout_for(uint16_t device_id)
{
	switch (device_id) {
	case 0x1456:
		return &psp_v1;
	case 0x1486:
	case 0x14ca:
	case 0x15df:
	case 0x1649:
		return &psp_v2;
	default:
		return NULL;
	}
}

int psp_buf_len(enum sev_cmd cmd)
{
	switch (cmd) {
	case SEV_CMD_SNP_INIT:
	case SEV_CMD_SNP_SHUTDOWN:
	case SEV_CMD_SNP_DF_FLUSH:
		return 0;
	case SEV_CMD_SNP_PLATFORM_STATUS:
	case SEV_CMD_SNP_GCTX_CREATE:
	case SEV_CMD_SNP_DECOMMISSION:
	case SEV_CMD_SNP_PAGE_RECLAIM:
		return sizeof(struct snp_addr);
	case SEV_CMD_SNP_INIT_EX:
		return sizeof(struct snp_init_ex);
	case SEV_CMD_SNP_ACTIVATE:
		return sizeof(struct snp_activate);
	case SEV_CMD_SNP_GUEST_REQUEST:
		return sizeof(struct snp_guest_request);
	case SEV_CMD_SNP_LAUNCH_START:
		return sizeof(struct snp_launch_start);
	case SEV_CMD_SNP_LAUNCH_UPDATE:
		return sizeof(struct snp_launch_update);
	case SEV_CMD_SNP_LAUNCH_FINISH:
		return sizeof(struct snp_launch_finish);
	}
	return -1;
}

uint64_t psp_bar_decode(uint32_t lo, uint32_t hi)
{
	if (lo & 1)
		return 0; /* an I/O BAR */
	if (((lo >> 1) & 3) == 2)
		return ((uint64_t)hi << 32) | (lo & ~0xfu);
	return lo & ~0xfu;
}

static enum sev_status psp_cmd(struct fw *fw, enum sev_cmd cmd, void *buf)
{
	struct fw_psp *p = fw->priv;
	int len = psp_buf_len(cmd);
	uint64_t pa = (uint64_t)(uintptr_t)p->cmd_page;
	uint32_t v = 0;
	uint64_t n;

	if (len < 0)
		return SEV_STATUS_INVALID_COMMAND;
	if (p->dead)
		return SEV_STATUS_MAILBOX_TIMEOUT;
	if (len)
		memcpy(p->cmd_page, buf, (size_t)len);
	p->regs.write(p->regs.ctx, p->lay->addr_lo, (uint32_t)pa);
	p->regs.write(p->regs.ctx, p->lay->addr_hi, (uint32_t)(pa >> 32));
	p->regs.write(p->regs.ctx, p->lay->cmdresp, psp_cmdresp(cmd));
	for (n = 0; n < p->max_polls; n++) {
		v = p->regs.read(p->regs.ctx, p->lay->cmdresp);
		if (psp_resp_ready(v))
			break;
	}
	if (n == p->max_polls) {
		p->dead = true;
		log_err("psp: %s: no response after %llu polls; the mailbox is not used again",
			sev_cmd_name(cmd), (unsigned long long)p->max_polls);
		return SEV_STATUS_MAILBOX_TIMEOUT;
	}
	/* Output fields come back in the same buffer. */
	if (len)
		memcpy(buf, p->cmd_page, (size_t)len);
	return psp_resp_status(v);
}

static const struct fw_ops psp_ops = {
	.name = "psp",
	.cmd = psp_cmd,
};

void fw_psp_init(struct fw_psp *p, const struct psp_layout *lay,
		 const struct psp_regs *regs, uint8_t *cmd_page,
		 uint64_t max_polls)
{
	memset(p, 0, sizeof(*p));
	p->fw.ops = &psp_ops;
	p->fw.priv = p;
	p->lay = lay;
	p->regs = *regs;
	p->cmd_page = cmd_page;
	p->max_polls = max_polls;
}
