// SPDX-License-Identifier: GPL-2.0-only
/* RMP helpers common to both back ends. */
#include "mm/rmp.h"

const char *rmp_rc_name(enum rmp_rc rc)
{
	switch (rc) {
	case RMP_OK:			return "OK";
	case RMP_FAIL_INPUT:		return "FAIL_INPUT";
	case RMP_FAIL_PERMISSION:	return "FAIL_PERMISSION";
	case RMP_FAIL_INUSE:		return "FAIL_INUSE";
	case RMP_FAIL_OVERLAP:		return "FAIL_OVERLAP";
	case RMP_FAIL_SIZEMISMATCH:	return "FAIL_SIZEMISMATCH";
	case RMP_FAIL_BADADDR:		return "FAIL_BADADDR";
	case RMP_FAULT_NPF_RMP:		return "#NPF(RMP)";
	case RMP_FAULT_NPF_SIZEM:	return "#NPF(RMP,SIZEM)";
	case RMP_UNSUPPORTED:		return "UNSUPPORTED";
	}
	return "unknown";
}
