// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated PC: port and MSR dispatch to the dev/ models, the
 * interrupt path to the CPU, IA32_APIC_BASE. See hv/pc.h.
 */
#include <string.h>

#include "hv/pc.h"
#include "include/log.h"

#define LVT_DM_EXTINT (7u << 8)
#define LVT_DM_NMI    (4u << 8)
#define SVR_SW_ENABLE 0x100u

#define APIC_REG_SVR   0x0f0u
#define APIC_REG_LINT0 0x350u
#define APIC_REG_LINT1 0x360u

enum pc_dev {
	DEV_NONE,
	DEV_PIC,
	DEV_PIT,
	DEV_UART,
	DEV_RTC,
	DEV_RESET
};

static enum pc_dev decode(uint16_t port, unsigned size)
{
	switch (port) {
	case 0x20 ... 0x21:
	case 0xa0 ... 0xa1:
	case 0x4d0 ... 0x4d1: /* ELCR */
		return DEV_PIC;
	case 0x40 ... 0x43:
	case 0x61: /* system control port B: PIT gate 2, speaker */
		return DEV_PIT;
	case UART_COM1_BASE ... UART_COM1_BASE + 7:
		return DEV_UART;
	case 0x70 ... 0x71:
		return DEV_RTC;
	case RESET_PORT_KBC:
	case RESET_PORT_A:
		return DEV_RESET;
	case RESET_PORT_RC:
		/*
		 * PIIX4 "Reset Control Register": a byte at 0xcf9 only; a
		 * dword at 0xcf8 is the PCI configuration address.
		 */
		return size == 1 ? DEV_RESET : DEV_NONE;
	default:
		return DEV_NONE;
	}
}

static void unknown(struct pc *pc, uint16_t port, bool in, uint8_t val)
{
	uint8_t *seen = &pc->unknown_seen[port / 8], bit = 1u << (port % 8);

	pc->nr_unknown++;
	if (*seen & bit)
		return;
	*seen |= bit;
	pc->nr_unknown_ports++;
	if (in)
		log_warn_rl("guest %s: port 0x%x: no device, reads as 0xff (logged once a port)",
			    pc->name, port);
	else
		log_warn_rl("guest %s: port 0x%x: no device, write of 0x%02x ignored (logged once a port)",
			    pc->name, port, val);
}

static uint8_t in_byte(struct pc *pc, uint16_t port, unsigned size,
		       uint64_t now)
{
	switch (decode(port, size)) {
	case DEV_PIC:
		return pic_read(&pc->pic, port);
	case DEV_PIT:
		return pit_read(&pc->pit, port, now);
	case DEV_UART:
		return uart_read(&pc->uart, port);
	case DEV_RTC:
		return rtc_read(&pc->rtc, port, now);
	case DEV_RESET:
		return reset_read(&pc->reset, port);
	case DEV_NONE:
		break;
	}
	unknown(pc, port, true, 0);
	return 0xff;
}

static void out_byte(struct pc *pc, uint16_t port, unsigned size, uint8_t v,
		     uint64_t now)
{
	enum reset_kind k;

	switch (decode(port, size)) {
	case DEV_PIC:
		pic_write(&pc->pic, port, v);
		return;
	case DEV_PIT:
		pit_write(&pc->pit, port, v, now);
		return;
	case DEV_UART:
		uart_write(&pc->uart, port, v);
		return;
	case DEV_RTC:
		rtc_write(&pc->rtc, port, v, now);
		return;
	case DEV_RESET:
		k = reset_write(&pc->reset, port, v);
		if (k != RESET_NONE && pc->reset_req == RESET_NONE) {
			pc->reset_req = k;
			pc->reset_port = port;
			pc->reset_val = v;
		}
		return;
	case DEV_NONE:
		break;
	}
	unknown(pc, port, false, v);
}

static bool is_fw_cfg_port(const struct pc *pc, uint16_t port)
{
	return pc->fw_cfg && port >= FW_CFG_PORT_SEL &&
	       port < FW_CFG_PORT_DMA + 8;
}

/* The directory's name of file key, or NULL. */
static const char *fw_cfg_file_name(const struct fw_cfg *f, uint16_t key)
{
	unsigned i = key - FW_CFG_FILE_FIRST;

	if (key < FW_CFG_FILE_FIRST || (key & FW_CFG_ARCH_LOCAL) ||
	    i >= f->nr_files)
		return NULL;
	return (const char *)f->dir + 4 + FW_CFG_DIR_ENTRY * i + 8;
}

static const char *fw_cfg_key_name(uint16_t key)
{
	switch (key) {
	case FW_CFG_SIGNATURE:
		return "signature";
	case FW_CFG_ID:
		return "ID";
	case FW_CFG_NB_CPUS:
		return "NB_CPUS";
	case FW_CFG_MAX_CPUS:
		return "MAX_CPUS";
	case FW_CFG_FILE_DIR:
		return "file directory";
	case FW_CFG_E820_TABLE:
		return "E820_TABLE";
	default:
		return "?";
	}
}

/* A selector write: each key's first selection logged, unknown ones as
 * reading nothing (the data port then reads 0, as QEMU's does). */
static void fw_cfg_selected(struct pc *pc, uint16_t sel)
{
	uint16_t key = sel & (uint16_t)~FW_CFG_WRITE_CHANNEL;
	const char *file = fw_cfg_file_name(pc->fw_cfg, key);
	bool known = pc->fw_cfg->cur >= 0;

	pc->fw_cfg_selects++;
	if (!known)
		pc->fw_cfg_unknown++;
	for (unsigned i = 0; i < pc->nr_fw_cfg_logged; i++)
		if (pc->fw_cfg_logged[i] == key)
			return;
	if (pc->nr_fw_cfg_logged >= PC_FW_CFG_LOGGED)
		return;
	pc->fw_cfg_logged[pc->nr_fw_cfg_logged++] = key;
	if (known)
		log_info("guest %s: fw_cfg: key 0x%x (%s) selected", pc->name,
			 key, file ? file : fw_cfg_key_name(key));
	else
		log_warn("guest %s: fw_cfg: key 0x%x selected: no such item, reads as zeroes (logged once a key)",
			 pc->name, key);
}

static void fw_cfg_out(struct pc *pc, uint16_t port, unsigned size,
		       uint32_t val)
{
	struct fw_cfg *f = pc->fw_cfg;

	fw_cfg_io_write(f, port, size, val);
	if (port == FW_CFG_PORT_SEL && size == 2)
		fw_cfg_selected(pc, (uint16_t)val);
	if (f->dma_faults != pc->fw_cfg_dma_faults) {
		pc->fw_cfg_dma_faults = f->dma_faults;
		log_warn_rl("guest %s: fw_cfg DMA: the descriptor is not in shared guest RAM: ignored",
			    pc->name);
	}
	if (f->dma_errors != pc->fw_cfg_dma_errors) {
		pc->fw_cfg_dma_errors = f->dma_errors;
		log_warn_rl("guest %s: fw_cfg DMA: a transfer ended with the error bit (target not shared guest RAM, or a refused write)",
			    pc->name);
	}
}

void pc_attach_pci(struct pc *pc, struct piix *p, uint64_t now)
{
	piix_init(p);
	pc->piix = p;
	/* 24 bits: the FADT's TMR_VAL_EXT is not offered (no ACPI tables). */
	pm_timer_init(&pc->pm_timer, false, now);
}

/* CONFIG_ADDRESS is the dword at 0xcf8 only; CONFIG_DATA any lanes. */
static bool is_pci_port(const struct pc *pc, uint16_t port, unsigned size)
{
	return pc->piix &&
	       ((port == PCI_PORT_ADDR && size == 4) ||
		(port >= PCI_PORT_DATA && port < PCI_PORT_DATA + 4));
}

/* PM_TMR (PMBA + 8, read-only) while PIIX4's PM I/O block is enabled;
 * the rest of the block (PM1 event and control) is not emulated and
 * reads as no device. */
static bool is_pm_timer(const struct pc *pc, uint16_t port, unsigned size)
{
	int base = pc->piix ? piix_pm_base(pc->piix) : -1;

	return base >= 0 && port >= base + PM_TIMER_OFFSET &&
	       port + size <= (unsigned)base + PM_TIMER_OFFSET + 4;
}

uint32_t pc_io_in(struct pc *pc, uint16_t port, unsigned size, uint64_t now)
{
	uint32_t v = 0;

	if (is_fw_cfg_port(pc, port))
		return fw_cfg_io_read(pc->fw_cfg, port, size);
	if (is_pci_port(pc, port, size))
		return port == PCI_PORT_ADDR ?
			       pci_addr_read(&pc->piix->bus) :
			       pci_data_read(&pc->piix->bus,
					     port - PCI_PORT_DATA, size);
	if (is_pm_timer(pc, port, size))
		return pm_timer_read(&pc->pm_timer,
				     port - piix_pm_base(pc->piix) -
					     PM_TIMER_OFFSET,
				     size, now);

	for (unsigned i = 0; i < size && i < 4; i++)
		v |= (uint32_t)in_byte(pc, (uint16_t)(port + i), size, now)
		     << (8 * i);
	return v;
}

void pc_io_out(struct pc *pc, uint16_t port, unsigned size, uint32_t val,
	       uint64_t now)
{
	if (is_fw_cfg_port(pc, port)) {
		fw_cfg_out(pc, port, size, val);
		return;
	}
	if (is_pci_port(pc, port, size)) {
		if (port == PCI_PORT_ADDR)
			pci_addr_write(&pc->piix->bus, val);
		else
			pci_data_write(&pc->piix->bus, port - PCI_PORT_DATA,
				       size, val);
		return;
	}
	for (unsigned i = 0; i < size && i < 4; i++)
		out_byte(pc, (uint16_t)(port + i), size,
			 (uint8_t)(val >> (8 * i)), now);
}

/*
 * What a firmware leaves (MP spec "Virtual Wire Mode"): xAPIC mode,
 * software-enabled, LINT0 ExtINT, LINT1 NMI.
 */
static void lapic_firmware_state(struct pc *pc, uint64_t now)
{
	lapic_init(&pc->lapic, 0, PC_APIC_BUS_HZ, NULL);
	lapic_write(&pc->lapic, APIC_REG_SVR, SVR_SW_ENABLE | 0xff, now);
	lapic_write(&pc->lapic, APIC_REG_LINT0, LVT_DM_EXTINT, now);
	lapic_write(&pc->lapic, APIC_REG_LINT1, LVT_DM_NMI, now);
	pc->apic_base = LAPIC_BASE | APIC_BASE_BSP | APIC_BASE_EN;
}

/*
 * The xAPIC page: decoded only in xAPIC mode (SDM "x2APIC Mode": with
 * EXTD set the MMIO interface is gone; globally disabled, nothing
 * answers). The model takes aligned 32-bit accesses; other sizes read
 * 0 and are ignored, as it does for unaligned offsets.
 */
static bool xapic_decodes(const struct pc *pc)
{
	return (pc->apic_base & (APIC_BASE_EN | APIC_BASE_EXTD)) ==
	       APIC_BASE_EN;
}

uint64_t pc_xapic_read(struct pc *pc, uint32_t off, unsigned size, uint64_t now)
{
	if (!xapic_decodes(pc))
		return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
	if (size != 4)
		return 0;
	return lapic_read(&pc->lapic, off, now);
}

void pc_xapic_write(struct pc *pc, uint32_t off, unsigned size, uint64_t v,
		    uint64_t now)
{
	if (xapic_decodes(pc) && size == 4)
		lapic_write(&pc->lapic, off, (uint32_t)v, now);
}

void pc_init(struct pc *pc, const char *name, const struct rtc_time *tm,
	     void (*tx)(void *ctx, uint8_t byte), void *tx_ctx, uint64_t now)
{
	struct irq_line isa;

	memset(pc, 0, sizeof(*pc));
	pc->name = name;
	pic_init(&pc->pic, NULL);
	isa = pic_input(&pc->pic);
	pit_init(&pc->pit, &isa);
	uart_init(&pc->uart, UART_COM1_BASE, UART_COM1_IRQ, &isa, tx, tx_ctx);
	rtc_init(&pc->rtc, tm, &isa, now);
	reset_init(&pc->reset);
	lapic_firmware_state(pc, now);
}

/*
 * SDM "x2APIC State Transitions": disabled (EN=0 EXTD=0) <-> xAPIC
 * (EN=1 EXTD=0) -> x2APIC (EN=1 EXTD=1) -> disabled; x2APIC -> xAPIC,
 * disabled -> x2APIC and EN=0 EXTD=1 are invalid and #GP. Reserved
 * bits #GP; the base is not relocatable here (a move #GPs, logged).
 * Disabling resets the APIC ("Local APIC State After It Has Been
 * Software Disabled" goes further: a global disable loses all state).
 */
static enum pc_msr write_apic_base(struct pc *pc, uint64_t v, uint64_t now)
{
	uint64_t old = pc->apic_base;
	bool en = v & APIC_BASE_EN, extd = v & APIC_BASE_EXTD;
	bool was_en = old & APIC_BASE_EN, was_extd = old & APIC_BASE_EXTD;

	if (v & ~(APIC_BASE_ADDR_MASK | APIC_BASE_BSP | APIC_BASE_EXTD |
		  APIC_BASE_EN))
		return PC_MSR_GP;
	if (extd && !en)
		return PC_MSR_GP;
	if (en && extd && !was_en)
		return PC_MSR_GP; /* disabled -> x2APIC */
	if (en && !extd && was_extd)
		return PC_MSR_GP; /* x2APIC -> xAPIC */
	if ((v & APIC_BASE_ADDR_MASK) != LAPIC_BASE) {
		log_warn_rl("guest %s: IA32_APIC_BASE write 0x%llx moves the APIC: not emulated, #GP",
			    pc->name, (unsigned long long)v);
		return PC_MSR_GP;
	}
	if (!en && was_en) {
		lapic_init(&pc->lapic, 0, PC_APIC_BUS_HZ, NULL);
		pc->lapic.x2apic = false;
	} else {
		pc->lapic.x2apic = extd;
	}
	pc->apic_base = (v & ~APIC_BASE_BSP) | (old & APIC_BASE_BSP);
	(void)now;
	return PC_MSR_OK;
}

enum pc_msr pc_msr_read(struct pc *pc, uint32_t msr, uint64_t *val,
			uint64_t now)
{
	if (msr == MSR_IA32_APIC_BASE) {
		*val = pc->apic_base;
		return PC_MSR_OK;
	}
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
		return PC_MSR_NOT_MINE;
	/* Outside x2APIC mode, or a register x2APIC does not have: #GP. */
	return lapic_msr_read(&pc->lapic, msr, val, now) ? PC_MSR_OK :
							   PC_MSR_GP;
}

enum pc_msr pc_msr_write(struct pc *pc, uint32_t msr, uint64_t val,
			 uint64_t now)
{
	if (msr == MSR_IA32_APIC_BASE)
		return write_apic_base(pc, val, now);
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
		return PC_MSR_NOT_MINE;
	return lapic_msr_write(&pc->lapic, msr, val, now) ? PC_MSR_OK :
							    PC_MSR_GP;
}

/*
 * Lost ticks: a guest that keeps interrupts off across several PIT
 * periods (each console byte is an exit here, slow under emulation)
 * would see one tick where several passed, and its jiffies fall behind
 * its TSC. Like KVM's PIT ("reinject" lost-tick policy), the ticks are
 * owed and handed out one per acknowledgement: the next is raised when
 * the CPU takes the last. While IRQ0 is masked at the PIC nothing is
 * owed; at most PC_PIT_OWED_MAX are kept (the rest counted, dropped).
 */
static void pit_account(struct pc *pc)
{
	uint64_t n = pc->pit.rises - pc->pit_rises_seen;

	pc->pit_rises_seen = pc->pit.rises;
	if (pc->pic.chip[0].imr & 1) {
		pc->pit_owed = 0;
		return;
	}
	pc->pit_owed += n;
	if (pc->pit_owed > PC_PIT_OWED_MAX) {
		pc->pit_dropped += pc->pit_owed - PC_PIT_OWED_MAX;
		pc->pit_owed = PC_PIT_OWED_MAX;
	}
}

static void pit_acked(struct pc *pc)
{
	pit_account(pc);
	if (pc->pit_owed)
		pc->pit_owed--;
	if (!pc->pit_owed || (pc->pic.chip[0].irr & 1))
		return;
	/* A fresh edge for the PIC's latch, then the PIT's level again. */
	pic_set_irq(&pc->pic, 0, false);
	pic_set_irq(&pc->pic, 0, true);
	if (!pc->pit.irq_level)
		pic_set_irq(&pc->pic, 0, false);
}

void pc_advance(struct pc *pc, uint64_t now)
{
	pit_advance(&pc->pit, now);
	rtc_advance(&pc->rtc, now);
	lapic_advance(&pc->lapic, now);
	pit_account(pc);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t pc_next_event(struct pc *pc, uint64_t now)
{
	uint64_t t = pit_next_event(&pc->pit, now);

	t = min_u64(t, rtc_next_event(&pc->rtc, now));
	return min_u64(t, lapic_next_event(&pc->lapic, now));
}

/* The 8259A's INTR reaches the CPU: through LINT0 ExtINT, or directly
 * while the APIC is globally disabled (its LINT0 pin is then INTR). */
static bool pic_reaches_cpu(const struct pc *pc)
{
	if (!(pc->apic_base & APIC_BASE_EN))
		return true;
	return lapic_extint(&pc->lapic);
}

bool pc_intr_pending(struct pc *pc)
{
	if ((pc->apic_base & APIC_BASE_EN) && lapic_pending(&pc->lapic) >= 0)
		return true;
	return pic_reaches_cpu(pc) && pic_intr(&pc->pic);
}

/* The APIC's own requests first: ExtINT bypasses its priority logic,
 * but a fixed interrupt the APIC already holds is taken before. */
uint8_t pc_intr_ack(struct pc *pc)
{
	bool irq0 = pc->pic.chip[0].irr & 1;
	uint8_t v;

	if ((pc->apic_base & APIC_BASE_EN) && lapic_pending(&pc->lapic) >= 0)
		return lapic_ack(&pc->lapic);
	v = pic_ack(&pc->pic);
	if (irq0 && !(pc->pic.chip[0].irr & 1))
		pit_acked(pc); /* it was IRQ0 the CPU took */
	return v;
}

bool pc_uart_rx_wanted(const struct pc *pc)
{
	return pc->uart.ier & 0x01; /* IER: received data available */
}
