// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_main: the first hypervisor code after ExitBootServices. Minimal
 * version: log and end QEMU. Grows into: SVM init, VM set-up, run loop.
 */
#include "hv/boot_info.h"
#include "hv/log.h"
#include "hv/platform.h"

void hv_main(struct boot_info *bi)
{
	(void)bi;
	log_info("snpvisor: hv_main reached");
	hv_printf("HV: no guest run yet\n");
	hv_shutdown(HV_PASS);
}
