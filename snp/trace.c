// SPDX-License-Identifier: GPL-2.0-only
/*
 * The canonical trace (docs/trace-format.md) and the guest-stop helper.
 * Formatting happens only when a sink is set, so an untraced guest pays
 * nothing for it.
 */
#include <stdarg.h>
#include <stdio.h>

#include "include/log.h"
#include "snp/internal.h"

void snp_tracef_emit(struct snp_vm *vm, const char *fmt, ...)
{
	char line[1536]; /* a psc.resp line with 253 entries fits */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vm->trace.emit(vm->trace.ctx, line);
}

enum snp_action snp_stop(struct snp_vcpu *vc, const char *word, const char *fmt,
			 ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vc->stop_reason, sizeof(vc->stop_reason), fmt, ap);
	va_end(ap);
	/* The caller reports the reason (hv.efi: once, on the "stopped:" line). */
	log_debug("guest %s: engine stops it: %s",
		  vc->vm->name ? vc->vm->name : "?", vc->stop_reason);
	snp_tracef(vc->vm, "stop reason=%s", word);
	return SNP_STOP;
}
