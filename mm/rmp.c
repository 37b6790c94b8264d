// SPDX-License-Identifier: GPL-2.0-only
/* RMP helpers common to both back ends. */
#include "include/log.h"
#include "mm/rmp.h"

bool rmp_setup(struct rmp *rmp, enum rmp_mode mode, uint64_t spa_base,
	       uint64_t size, uint64_t *table)
{
	switch (mode) {
	case RMP_MODE_AUTO:
		if (rmp_hw_probe())
			return rmp_hw_init(rmp);
		break;
	case RMP_MODE_HW:
		if (rmp_hw_init(rmp))
			return true;
		log_err("rmp=hw: no usable hardware RMP (see above); not falling back");
		return false;
	case RMP_MODE_SW:
		break;
	default:
		log_err("rmp: unknown mode %d", mode);
		return false;
	}
	if (!table) {
		log_err("rmp: no memory for the software RMP table");
		return false;
	}
	rmp_sw_init(rmp, spa_base, size, table);
	log_info("rmp: software RMP over 0x%llx-0x%llx (%llu KiB of table)",
		 (unsigned long long)spa_base,
		 (unsigned long long)(spa_base + size - 1),
		 (unsigned long long)((size >> 12) * rmp_sw_entry_bytes() >>
				      10));
	return true;
}

const char *rmp_rc_name(enum rmp_rc rc)
{
	switch (rc) {
	case RMP_OK:
		return "OK";
	case RMP_FAIL_INPUT:
		return "FAIL_INPUT";
	case RMP_FAIL_PERMISSION:
		return "FAIL_PERMISSION";
	case RMP_FAIL_INUSE:
		return "FAIL_INUSE";
	case RMP_FAIL_OVERLAP:
		return "FAIL_OVERLAP";
	case RMP_FAIL_SIZEMISMATCH:
		return "FAIL_SIZEMISMATCH";
	case RMP_FAIL_BADADDR:
		return "FAIL_BADADDR";
	case RMP_FAULT_NPF_RMP:
		return "#NPF(RMP)";
	case RMP_FAULT_NPF_SIZEM:
		return "#NPF(RMP,SIZEM)";
	case RMP_UNSUPPORTED:
		return "UNSUPPORTED";
	}
	return "unknown";
}
