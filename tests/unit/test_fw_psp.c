// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PSP mailbox driver's pure parts (fw/psp.c) against a fake mailbox:
 * the device table and register layouts, CMDRESP encoding and status
 * decoding, command buffer lengths, BAR decoding, the order of the
 * register writes, the buffer round trip, the poll timeout. The driver
 * itself is UNTESTED on silicon; this is all that can run here.
 */
#include <stdlib.h>
#include <string.h>

#include "fw/psp.h"
#include "tests/lib/tap.h"

struct fake {
	uint32_t lo, hi, cmdresp;
	unsigned writes;     /* register writes seen */
	unsigned order_ok;   /* address written before CMDRESP */
	unsigned polls_left; /* reads before RESPONSE is set, ~0: never */
	uint16_t status;     /* what the fake firmware answers */
	uint32_t cmd_seen;
	uint8_t buf_seen[64];
	const struct psp_layout *lay;
};

static uint32_t fake_read(void *ctx, uint32_t off)
{
	struct fake *f = ctx;

	if (off != f->lay->cmdresp)
		return 0;
	if (f->polls_left == ~0u)
		return f->cmdresp & ~PSP_CMDRESP_RESP;
	if (f->polls_left) {
		f->polls_left--;
		return f->cmdresp & ~PSP_CMDRESP_RESP;
	}
	return PSP_CMDRESP_RESP | f->status;
}

static void fake_write(void *ctx, uint32_t off, uint32_t v)
{
	struct fake *f = ctx;

	f->writes++;
	if (off == f->lay->addr_lo) {
		f->lo = v;
	} else if (off == f->lay->addr_hi) {
		f->hi = v;
	} else if (off == f->lay->cmdresp) {
		uint8_t *buf = (uint8_t *)(uintptr_t)((uint64_t)f->hi << 32 |
						      f->lo);

		f->order_ok = f->writes == 3;
		f->cmdresp = v;
		f->cmd_seen = v >> 16;
		memcpy(f->buf_seen, buf, sizeof(f->buf_seen));
		buf[0] ^= 0xff; /* an output field */
	}
}

static void pure(void)
{
	const struct psp_layout *v1 = psp_layout_for(0x1456);
	const struct psp_layout *v2 = psp_layout_for(0x1486);

	tap_check(v1 && v1->cmdresp == 0x10580 && v1->addr_lo == 0x105e0 &&
			  v1->addr_hi == 0x105e4 && v1->feature == 0,
		  "0x1456: the v1 mailbox, no capability register");
	tap_check(v2 && v2->cmdresp == 0x10980 && v2->addr_lo == 0x109e0 &&
			  v2->addr_hi == 0x109e4 && v2->feature == 0x109fc,
		  "0x1486: the v2 mailbox and capability register");
	tap_check(psp_layout_for(0x14ca) == v2, "0x14ca: the v2 mailbox");
	tap_check(psp_layout_for(0x1234) == NULL, "0x1234: not a PSP");
	tap_eq(psp_cmdresp(SEV_CMD_SNP_LAUNCH_UPDATE), 0xa10000u,
	       "CMDRESP = command << 16, no IOC (polled)");
	tap_eq(psp_cmdresp(SEV_CMD_SNP_PAGE_RECLAIM) & PSP_CMDRESP_IOC, 0,
	       "... IOC clear");
	tap_check(!psp_resp_ready(0x00a10000u) && psp_resp_ready(0x80000000u),
		  "RESPONSE is bit 31");
	tap_eq(psp_resp_status(0x8000001au), SEV_STATUS_INVALID_PAGE_STATE,
	       "status = CMDRESP[15:0]");
	tap_eq(psp_buf_len(SEV_CMD_SNP_LAUNCH_UPDATE), 32,
	       "LAUNCH_UPDATE: 32 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_LAUNCH_START), 48,
	       "LAUNCH_START: 48 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_LAUNCH_FINISH), 64,
	       "LAUNCH_FINISH: 64 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_INIT_EX), 64, "INIT_EX: 64 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_ACTIVATE), 12, "ACTIVATE: 12 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_GUEST_REQUEST), 24,
	       "GUEST_REQUEST: 24 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_PAGE_RECLAIM), 8,
	       "PAGE_RECLAIM: 8 bytes");
	tap_eq(psp_buf_len(SEV_CMD_SNP_INIT), 0, "SNP_INIT: no buffer");
	tap_eq(psp_buf_len((enum sev_cmd)0x7f), -1, "unknown command: -1");
	tap_eq(psp_bar_decode(0xfe000000u, 0x12), 0xfe000000u,
	       "32-bit memory BAR: the upper dword ignored");
	tap_eq(psp_bar_decode(0xfe00000cu, 0x12), 0x12fe000000ull,
	       "64-bit memory BAR: both dwords");
	tap_eq(psp_bar_decode(0xe001u, 0), 0, "I/O BAR: none");
}

static void mailbox(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	struct fake f = { .lay = psp_layout_for(0x14ca), .status = 0 };
	struct psp_regs regs = { fake_read, fake_write, &f };
	struct fw_psp p;
	struct snp_launch_update b = { .gctx_paddr = 0x11, .address = 0x2000 };
	enum sev_status st;

	struct snp_launch_update sent = b;

	fw_psp_init(&p, f.lay, &regs, page, 1000);
	f.polls_left = 5;
	f.status = SEV_STATUS_INVALID_PAGE_OWNER;
	st = fw_cmd(&p.fw, SEV_CMD_SNP_LAUNCH_UPDATE, &b);
	tap_eq(st, SEV_STATUS_INVALID_PAGE_OWNER,
	       "the firmware's status comes back as it is");
	tap_check(f.order_ok, "CMDBUFF_ADDR_LO/HI written before CMDRESP");
	tap_eq(((uint64_t)f.hi << 32) | f.lo, (uint64_t)(uintptr_t)page,
	       "the address is the command page's");
	tap_eq(f.cmd_seen, SEV_CMD_SNP_LAUNCH_UPDATE, "the command ID");
	tap_check(!memcmp(f.buf_seen, &sent, sizeof(sent)),
		  "the firmware read the caller's buffer from the command page");
	tap_eq(b.gctx_paddr, 0x11 ^ 0xff, "output fields copied back");

	f.writes = 0;
	tap_eq(fw_cmd(&p.fw, (enum sev_cmd)0x7f, &b),
	       SEV_STATUS_INVALID_COMMAND, "unknown command: INVALID_COMMAND");
	tap_eq(f.writes, 0, "... without touching the mailbox");

	f.polls_left = ~0u;
	st = fw_cmd(&p.fw, SEV_CMD_SNP_DF_FLUSH, NULL);
	tap_eq(st, SEV_STATUS_MAILBOX_TIMEOUT, "no RESPONSE: MAILBOX_TIMEOUT");
	f.writes = 0;
	f.polls_left = 0;
	st = fw_cmd(&p.fw, SEV_CMD_SNP_DF_FLUSH, NULL);
	tap_check(st == SEV_STATUS_MAILBOX_TIMEOUT && f.writes == 0,
		  "after a timeout the mailbox is not used again");
}

int main(void)
{
	pure();
	mailbox();
	return tap_done();
}
