/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page and mapping sizes: the 4 KiB page and the 2 MiB and 1 GiB large
 * pages of long mode (AMD APM volume 2, "Long-Mode Page Translation"),
 * which are also the RMP's page sizes. The one spelling of 4096 for the
 * hypervisor, the engine and their host tests.
 */
#ifndef INCLUDE_SIZES_H
#define INCLUDE_SIZES_H

#define PAGE_SHIFT 12
#define SZ_4K	   0x1000ull
#define SZ_2M	   0x200000ull
#define SZ_1G	   0x40000000ull

#endif
