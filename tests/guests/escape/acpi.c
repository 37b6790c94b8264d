// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-acpi: the chipset's ACPI power-off must not be reachable. The
 * PM1a control register (ACPI spec, "PM1 Control Registers": SLP_TYP in
 * bits 12:10, SLP_EN bit 13, writing SLP_EN enters the sleeping state
 * SLP_TYP names) lives where the firmware put the chipset's PM I/O
 * block: 0x600 on QEMU's q35 (ICH9 PMBASE under OVMF), 0xb000 on
 * i440fx (PIIX4 PMBA), 0x4000 on older i440fx set-ups; PM1a_CNT is at
 * +4. QEMU's DSDT gives S5 the SLP_TYP 0, real ICH9/PIIX4 use 7; both
 * are written. The platform contract: no device there, so the register
 * reads as all-ones, the writes change nothing and the guest goes on to
 * exit with status 0 (the runner's check: QEMU powered off has no final
 * line).
 */
#include "esc.h"

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN	  (1u << 13)

static const uint16_t pm1a_cnt[] = { 0x4004, 0xb004, 0x604 };

int esc_main(void)
{
	for (unsigned i = 0; i < sizeof(pm1a_cnt) / sizeof(pm1a_cnt[0]); i++) {
		uint16_t port = pm1a_cnt[i];

		esc_check(inw(port) == 0xffff,
			  "ACPI: PM1a_CNT candidate 0x%x reads 0x%x (want 0xffff, no device)",
			  port, inw(port));
		esc_printf("escape: writing SLP_EN|SLP_TYP=0 then SLP_EN|SLP_TYP=7 (S5) to 0x%x\n",
			   port);
		outw(port, PM1_SLP_EN | 0u << PM1_SLP_TYP_SHIFT);
		outw(port, PM1_SLP_EN | 7u << PM1_SLP_TYP_SHIFT);
		esc_printf("escape: still running after the S5 request to 0x%x\n",
			   port);
	}
	return esc_status();
}
