// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-mmio-nae: the MMIO Read and MMIO Write NAE events seen from a guest
 * (GHCB spec "MMIO Read", "MMIO Write"; hv/snp_mmio.c):
 *  - MMIO Read of the xAPIC version register gives what a plain load of
 *    it gives (the #NPF MMIO path), into the GHCB shared buffer and into
 *    a shared page; only the bytes asked for are written; a 2-byte read
 *    is answered, 2 bytes written (the xAPIC model answers only 4-byte
 *    accesses with register contents, hv/pc.c);
 *  - MMIO Write of the xAPIC TPR is seen by a plain load, and back;
 *  - the unassigned platform window reads all-ones, a write there is
 *    accepted and dropped;
 *  - bad inputs: SW_SCRATCH not valid (MISSING_INPUT), 0 or 9 bytes
 *    (INVALID_INPUT), a scratch area on the GHCB page outside its shared
 *    buffer or in a private page (INVALID_SCRATCH_AREA), a GPA of guest
 *    RAM or above 4 GiB (INVALID_INPUT). The guest goes on after each.
 */
#include "snp.h"

#define XAPIC_VERSION 0xfee00030ull
#define XAPIC_TPR     0xfee00080ull
#define FCH_RESET_ST  0xfed803c0ull
#define HPET_ID	      0xfed00000ull

static uint64_t info1;

static uint64_t nae(uint64_t code, uint64_t gpa, uint64_t len, uint64_t scratch)
{
	return ghcb_call(snp.ghcb_gpa, code, gpa, len, scratch, &info1);
}

static bool all_bytes(const uint8_t *p, unsigned n, uint8_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static bool is_err(uint64_t info2, uint64_t err)
{
	return info1 == GHCB_ERROR && info2 == err;
}

int guest_main(const struct guest_boot *boot)
{
	uint64_t buf, shared, priv, r;
	uint8_t *bp, *sp;
	uint32_t ver, v, tpr0, tpr;

	if (!snp_init(boot))
		return report_summary();
	buf = snp.ghcb_gpa + GHCB_SHARED_BUF_OFF;
	bp = snp.ghcb->shared_buffer;
	shared = snp.free_gpa;
	sp = (uint8_t *)(uintptr_t)shared;
	priv = shared + SZ_2M;

	ver = *(volatile uint32_t *)(uintptr_t)XAPIC_VERSION;
	memset(bp, 0x5a, 16);
	r = nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 4, buf + 1);
	memcpy(&v, bp + 1, 4);
	report(info1 == 0 && v == ver && bp[0] == 0x5a && bp[5] == 0x5a,
	       "MMIO Read of the xAPIC version register: 0x%x, as a plain load reads it (0x%x), only 4 bytes written (info1 0x%llx info2 0x%llx)",
	       v, ver, (unsigned long long)info1, (unsigned long long)r);
	report((ver & 0xff) != 0 && (ver & 0xff) != 0xff,
	       "... a version byte 0x%x, not open bus", ver & 0xff);
	memset(sp, 0x5a, 8);
	nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 4, shared + 2);
	memcpy(&v, sp + 2, 4);
	report(info1 == 0 && v == ver && sp[1] == 0x5a && sp[6] == 0x5a,
	       "MMIO Read into a shared page outside the GHCB: 0x%x", v);
	memset(sp, 0x5a, 8);
	nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 2, shared);
	report(info1 == 0 && sp[1] != 0x5a && sp[2] == 0x5a,
	       "2-byte MMIO Read: answered (0x%02x%02x), only 2 bytes written",
	       sp[1], sp[0]);

	tpr0 = *(volatile uint32_t *)(uintptr_t)XAPIC_TPR;
	tpr = 0x20;
	memcpy(bp, &tpr, 4);
	nae(SVM_VMGEXIT_MMIO_WRITE, XAPIC_TPR, 4, buf);
	v = *(volatile uint32_t *)(uintptr_t)XAPIC_TPR;
	report(info1 == 0 && v == 0x20 && tpr0 != 0x20,
	       "MMIO Write of 0x20 to the xAPIC TPR: a plain load reads 0x%x (was 0x%x)",
	       v, tpr0);
	memcpy(bp, &tpr0, 4);
	nae(SVM_VMGEXIT_MMIO_WRITE, XAPIC_TPR, 4, buf);
	v = *(volatile uint32_t *)(uintptr_t)XAPIC_TPR;
	report(info1 == 0 && v == tpr0, "... and back to 0x%x", v);

	memset(bp, 0x5a, 16);
	nae(SVM_VMGEXIT_MMIO_READ, FCH_RESET_ST, 8, buf);
	report(info1 == 0 && all_bytes(bp, 8, 0xff) && bp[8] == 0x5a,
	       "MMIO Read of the unassigned window (0x%llx): all-ones",
	       FCH_RESET_ST);
	memset(bp, 0, 8);
	nae(SVM_VMGEXIT_MMIO_WRITE, HPET_ID, 8, buf);
	report(info1 == 0, "MMIO Write there: accepted and dropped");

	r = nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 4, 0);
	report(is_err(r, GHCB_ERR_MISSING_INPUT),
	       "SW_SCRATCH not valid: MISSING_INPUT (info2 0x%llx)",
	       (unsigned long long)r);
	r = nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 0, buf);
	report(is_err(r, GHCB_ERR_INVALID_INPUT), "0 bytes: INVALID_INPUT");
	r = nae(SVM_VMGEXIT_MMIO_WRITE, XAPIC_TPR, 9, buf);
	report(is_err(r, GHCB_ERR_INVALID_INPUT), "9 bytes: INVALID_INPUT");
	r = nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 4, snp.ghcb_gpa + 0x100);
	report(is_err(r, GHCB_ERR_INVALID_SCRATCH_AREA),
	       "scratch in the GHCB's save area: INVALID_SCRATCH_AREA (info2 0x%llx)",
	       (unsigned long long)r);
	report(snp_convert(PROTO_GHCB, priv, SZ_4K, true) == 0,
	       "a page at 0x%llx private", (unsigned long long)priv);
	r = nae(SVM_VMGEXIT_MMIO_READ, XAPIC_VERSION, 4, priv);
	report(is_err(r, GHCB_ERR_INVALID_SCRATCH_AREA),
	       "private scratch: INVALID_SCRATCH_AREA");
	memset(sp, 0x5a, 8);
	r = nae(SVM_VMGEXIT_MMIO_READ, shared + 8, 4, buf);
	report(is_err(r, GHCB_ERR_INVALID_INPUT) && sp[0] == 0x5a,
	       "MMIO Read of guest RAM: INVALID_INPUT");
	r = nae(SVM_VMGEXIT_MMIO_WRITE, 0x100000000ull, 4, buf);
	report(is_err(r, GHCB_ERR_INVALID_INPUT),
	       "MMIO Write above 4 GiB (no RAM there): INVALID_INPUT");
	return report_summary();
}
