/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PC every guest gets (docs/devices.md "The platform in hv.efi"):
 * the dev/ models wired as on a PC, behind one port and MSR dispatcher.
 * Nothing of the machine is passed through: every port is intercepted
 * (svm/iopm.c), and what no model decodes reads as all-ones and ignores
 * writes, logged once per port.
 *
 * Wiring: PIT OUT0 -> IRQ0, COM1 -> IRQ4, RTC -> IRQ8 on the 8259A
 * pair; the pair's INTR reaches the CPU through the local APIC's LINT0
 * when that is ExtINT (virtual wire), or directly while the APIC is
 * globally disabled. The local APIC starts as a firmware leaves it: xAPIC
 * mode at 0xfee00000, virtual wire programmed; the guest may switch it
 * to x2APIC mode (CPUID shows x2APIC).
 *
 * Pure logic with time passed in (like dev/): host unit-tested
 * (tests/unit/test_pc.c). hv/pc_run.c ties it to the vCPU.
 */
#ifndef HV_PC_H
#define HV_PC_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/fw_cfg.h"
#include "dev/lapic.h"
#include "dev/pm_timer.h"
#include "dev/pic.h"
#include "dev/piix.h"
#include "dev/pit.h"
#include "dev/reset.h"
#include "dev/rtc.h"
#include "dev/uart.h"

#define PC_APIC_BUS_HZ	 1000000000ull /* the guest's APIC timer clock */
#define PC_PIT_OWED_MAX	 250	       /* ticks kept for reinjection at most */
#define PC_FW_CFG_LOGGED 48 /* fw_cfg keys whose first select is logged */

/* IA32_APIC_BASE (SDM "Local APIC Status and Location"). */
#define MSR_IA32_APIC_BASE  0x1bu
#define APIC_BASE_BSP	    (1ull << 8)
#define APIC_BASE_EXTD	    (1ull << 10)
#define APIC_BASE_EN	    (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define MSR_X2APIC_FIRST    0x800u
#define MSR_X2APIC_LAST	    0x8ffu

struct pc {
	const char *name; /* the guest's, for log lines */
	struct pic pic;
	struct pit pit;
	struct uart uart;
	struct rtc rtc;
	struct reset reset;
	struct lapic lapic;
	uint64_t apic_base;
	/* A reset the guest asked for, the caller ends the guest. */
	enum reset_kind reset_req;
	uint16_t reset_port;
	uint8_t reset_val;
	/* Ports no model decodes that were already logged. */
	uint8_t unknown_seen[65536 / 8];
	/*
	 * PIT ticks owed to the guest (lost-tick reinjection): edges of
	 * OUT0 the CPU has not acknowledged yet, IRQ0 re-raised after each
	 * acknowledgement while some are left.
	 */
	uint64_t pit_rises_seen, pit_owed, pit_dropped;
	uint64_t nr_unknown;	   /* accesses to them */
	uint32_t nr_unknown_ports; /* distinct ports, each logged once */
	/*
	 * fw_cfg (dev/fw_cfg.h) at 0x510-0x51b, only for a guest that boots
	 * from firmware (hv/ovmf_fw_cfg.c); NULL: no device there. Each key's
	 * first selection is logged (the first PC_FW_CFG_LOGGED keys).
	 */
	struct fw_cfg *fw_cfg;
	uint16_t fw_cfg_logged[PC_FW_CFG_LOGGED];
	unsigned nr_fw_cfg_logged;
	uint64_t fw_cfg_selects, fw_cfg_unknown;
	uint64_t fw_cfg_dma_errors, fw_cfg_dma_faults; /* as last logged */
	/*
	 * The PCI functions of QEMU's pc machine (dev/piix.h) behind
	 * 0xcf8/0xcfc, and the ACPI PM timer at PIIX4's PMBA + 8, only for
	 * a guest that boots from firmware (pc_attach_pci); NULL: no PCI
	 * (those ports read all-ones, as for every other guest).
	 */
	struct piix *piix;
	struct pm_timer pm_timer;
};

enum pc_msr {
	PC_MSR_NOT_MINE, /* not a platform MSR: the caller goes on */
	PC_MSR_OK,
	PC_MSR_GP, /* the access raises #GP(0) */
};

/*
 * tx gets every byte the guest writes to COM1's THR; the clock and date
 * of the RTC start at tm.
 */
void pc_init(struct pc *pc, const char *name, const struct rtc_time *tm,
	     void (*tx)(void *ctx, uint8_t byte), void *tx_ctx, uint64_t now);

/* Give the PC the PCI functions of *p (initialised here) and an ACPI
 * PM timer counting from now. */
void pc_attach_pci(struct pc *pc, struct piix *p, uint64_t now);

/* size 1, 2 or 4: split into byte accesses to consecutive ports, but
 * for the registers wider than a byte (fw_cfg, PCI configuration, the
 * PM timer), which take the access whole. */
uint32_t pc_io_in(struct pc *pc, uint16_t port, unsigned size, uint64_t now);
void pc_io_out(struct pc *pc, uint16_t port, unsigned size, uint32_t val,
	       uint64_t now);

enum pc_msr pc_msr_read(struct pc *pc, uint32_t msr, uint64_t *val,
			uint64_t now);
enum pc_msr pc_msr_write(struct pc *pc, uint32_t msr, uint64_t val,
			 uint64_t now);

/* Timers up to now; then the first ns an interrupt could rise. */
void pc_advance(struct pc *pc, uint64_t now);
uint64_t pc_next_event(struct pc *pc, uint64_t now);

/* An interrupt the CPU would take now if RFLAGS.IF allowed it. */
bool pc_intr_pending(struct pc *pc);
/* Take it (INTA): its vector. Only after pc_intr_pending(). */
uint8_t pc_intr_ack(struct pc *pc);

/* The xAPIC MMIO page, offset off (hv/mmio.c decodes the access). */
uint64_t pc_xapic_read(struct pc *pc, uint32_t off, unsigned size,
		       uint64_t now);
void pc_xapic_write(struct pc *pc, uint32_t off, unsigned size, uint64_t v,
		    uint64_t now);

/* The guest's UART wants input interrupts (for console polling). */
bool pc_uart_rx_wanted(const struct pc *pc);

#endif
