// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated PC (hv/pc.c) as a guest sees it through ports, MSRs and
 * the xAPIC page: unknown ports, the reset ports, the interrupt path
 * PIT -> 8259A -> LAPIC LINT0 (ExtINT) -> CPU, the APIC timer and TPR,
 * the IA32_APIC_BASE state machine, and COM1 in both directions.
 */
#include <string.h>

#include "hv/pc.h"
#include "tests/lib/tap.h"

#define MS 1000000ull

static struct pc pc;
static char tx_buf[64];
static unsigned tx_len;

static void tx(void *ctx, uint8_t b)
{
	(void)ctx;
	if (tx_len < sizeof(tx_buf))
		tx_buf[tx_len++] = (char)b;
}

static void setup(void)
{
	static const struct rtc_time tm = { 2026, 12, 1, 12, 0, 0, 3 };

	pc_init(&pc, "test", &tm, tx, NULL, 0);
	tx_len = 0;
}

static void outb_(uint16_t port, uint8_t v, uint64_t now)
{
	pc_io_out(&pc, port, 1, v, now);
}

/* The 8259A pair as Linux programs it: vectors 0x30/0x38, cascade on 2. */
static void pic_program(uint8_t master_mask)
{
	outb_(0x20, 0x11, 0);
	outb_(0x21, 0x30, 0);
	outb_(0x21, 0x04, 0);
	outb_(0x21, 0x01, 0);
	outb_(0xa0, 0x11, 0);
	outb_(0xa1, 0x38, 0);
	outb_(0xa1, 0x02, 0);
	outb_(0xa1, 0x01, 0);
	outb_(0x21, master_mask, 0);
	outb_(0xa1, 0xff, 0);
}

static void test_unknown_ports(void)
{
	setup();
	tap_eq(pc_io_in(&pc, 0x511, 1, 0), 0xff,
	       "fw_cfg data port: no device, a byte reads 0xff");
	tap_eq(pc_io_in(&pc, 0xcfc, 4, 0), 0xffffffffu,
	       "PCI config data: a dword reads all-ones");
	tap_eq(pc_io_in(&pc, 0x514, 2, 0), 0xffff, "a word reads 0xffff");
	pc_io_out(&pc, 0x604, 2, 0x2000, 0);
	pc_io_out(&pc, 0x518, 4, 0x12345678, 0);
	tap_eq(pc.reset_req, RESET_NONE,
	       "ACPI PM1a and fw_cfg DMA writes do nothing");
	for (int i = 0; i < 5; i++)
		pc_io_in(&pc, 0x511, 1, 0);
	tap_check(pc.nr_unknown_ports == 13,
		  "each unknown port (13, byte by byte) logged once: %u",
		  pc.nr_unknown_ports);
	tap_check(pc.nr_unknown == 18, "every byte access counted: %llu",
		  (unsigned long long)pc.nr_unknown);
}

static void test_resets(void)
{
	setup();
	pc_io_out(&pc, 0xcf8, 4, 0x80000000u, 0);
	tap_eq(pc.reset_req, RESET_NONE,
	       "a dword at 0xcf8 is the PCI address, not a reset at 0xcf9");
	outb_(0xcf9, 0x06, 0);
	tap_check(pc.reset_req != RESET_NONE && pc.reset_port == 0xcf9 &&
			  pc.reset_val == 0x06,
		  "0xcf9 = 0x06 asks for a reset");
	setup();
	outb_(0x64, 0xfe, 0);
	tap_check(pc.reset_req != RESET_NONE && pc.reset_port == 0x64,
		  "8042 pulse (0x64 = 0xfe) asks for a reset");
	setup();
	outb_(0x92, pc_io_in(&pc, 0x92, 1, 0) | 1, 0);
	tap_check(pc.reset_req != RESET_NONE && pc.reset_port == 0x92,
		  "port A fast reset (0x92 bit 0) asks for a reset");
}

static void test_pit_through_pic(void)
{
	setup();
	pic_program(0xfe);
	/* PIT channel 0, mode 2, 1193 counts: about 1 ms. */
	outb_(0x43, 0x34, 0);
	outb_(0x40, 1193 & 0xff, 0);
	outb_(0x40, 1193 >> 8, 0);
	pc_advance(&pc, 0);
	tap_check(!pc_intr_pending(&pc),
		  "nothing pending before the first period");
	tap_check(pc_next_event(&pc, 0) <= 1 * MS + 1000,
		  "next event within the PIT period: %llu ns",
		  (unsigned long long)pc_next_event(&pc, 0));
	pc_advance(&pc, 2 * MS);
	tap_check(pc_intr_pending(&pc),
		  "IRQ0 reaches the CPU through LINT0 ExtINT");
	tap_eq(pc_intr_ack(&pc), 0x30, "INTA gives the PIC's vector for IRQ0");
	outb_(0x20, 0x20, 2 * MS); /* EOI */
	/* LINT0 masked: the PIC no longer reaches the CPU. */
	pc_xapic_write(&pc, 0x350, 4, 0x10700, 3 * MS);
	pc_advance(&pc, 4 * MS);
	tap_check(!pc_intr_pending(&pc), "LINT0 masked: IRQ0 stays at the PIC");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE, LAPIC_BASE | APIC_BASE_BSP,
			    4 * MS),
	       PC_MSR_OK, "APIC globally disabled");
	tap_check(pc_intr_pending(&pc),
		  "globally disabled APIC: INTR goes straight to the CPU");
}

/* Five PIT periods pass with the CPU not taking interrupts: five ticks,
 * one per acknowledgement (lost-tick reinjection), then none. */
static void test_pit_reinject(void)
{
	unsigned got = 0;

	setup();
	pic_program(0xfe);
	outb_(0x43, 0x34, 0);
	outb_(0x40, 1193 & 0xff, 0);
	outb_(0x40, 1193 >> 8, 0);
	pc_advance(&pc, 5 * MS + MS / 2);
	for (int i = 0; i < 10 && pc_intr_pending(&pc); i++) {
		got += pc_intr_ack(&pc) == 0x30;
		outb_(0x20, 0x20, 5 * MS + MS / 2);
	}
	tap_eq(got, 5, "5 periods, 5 IRQ0s delivered one after another");
	tap_check(!pc_intr_pending(&pc), "then nothing is owed");
	outb_(0x21, 0xff, 6 * MS);
	pc_advance(&pc, 20 * MS);
	outb_(0x21, 0xfe, 20 * MS);
	got = 0;
	for (int i = 0; i < 20 && pc_intr_pending(&pc); i++) {
		got += pc_intr_ack(&pc) == 0x30;
		outb_(0x20, 0x20, 20 * MS);
	}
	tap_check(got <= 1, "ticks while IRQ0 was masked are not owed: %u",
		  got);
}

static void test_apic_timer_and_tpr(void)
{
	setup();
	tap_eq(pc_xapic_read(&pc, 0x30, 4, 0) & 0xff, 0x10,
	       "xAPIC page: version register reads 0x10");
	pc_xapic_write(&pc, 0x3e0, 4, 0xb, 0);	   /* divide by 1 */
	pc_xapic_write(&pc, 0x320, 4, 0xec, 0);	   /* one-shot, vector 0xec */
	pc_xapic_write(&pc, 0x380, 4, 1000000, 0); /* 1 ms at 1 GHz */
	tap_check(pc_next_event(&pc, 0) >= 999000 &&
			  pc_next_event(&pc, 0) <= 1001000,
		  "timer event 1 ms out: %llu",
		  (unsigned long long)pc_next_event(&pc, 0));
	pc_xapic_write(&pc, 0x80, 4, 0xf0, 0); /* TPR above the vector */
	pc_advance(&pc, 2 * MS);
	tap_check(!pc_intr_pending(&pc), "TPR 0xf0 holds vector 0xec back");
	pc_xapic_write(&pc, 0x80, 4, 0x00, 2 * MS);
	tap_check(pc_intr_pending(&pc),
		  "TPR 0: the timer interrupt is pending");
	tap_eq(pc_intr_ack(&pc), 0xec, "INTA gives the APIC's vector");
	tap_check(!pc_intr_pending(&pc), "in service until EOI");
	tap_eq(pc_xapic_read(&pc, 0x32, 4, 2 * MS), 0,
	       "an unaligned offset reads 0");
}

static void test_apic_base(void)
{
	uint64_t v;

	setup();
	tap_eq(pc_msr_read(&pc, 0x802, &v, 0), PC_MSR_GP,
	       "x2APIC MSR in xAPIC mode: #GP");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE,
			    LAPIC_BASE | APIC_BASE_EN | APIC_BASE_EXTD, 0),
	       PC_MSR_OK, "xAPIC -> x2APIC");
	tap_eq(pc_msr_read(&pc, 0x803, &v, 0), PC_MSR_OK,
	       "x2APIC version MSR readable");
	tap_eq(pc_xapic_read(&pc, 0x30, 4, 0), 0xffffffffu,
	       "x2APIC mode: the xAPIC page reads all-ones");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE, LAPIC_BASE | APIC_BASE_EN,
			    0),
	       PC_MSR_GP, "x2APIC -> xAPIC: #GP");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE, LAPIC_BASE, 0), PC_MSR_OK,
	       "x2APIC -> disabled");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE,
			    LAPIC_BASE | APIC_BASE_EN | APIC_BASE_EXTD, 0),
	       PC_MSR_GP, "disabled -> x2APIC: #GP");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE,
			    LAPIC_BASE | APIC_BASE_EXTD, 0),
	       PC_MSR_GP, "EXTD without EN: #GP");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE, LAPIC_BASE | 1, 0),
	       PC_MSR_GP, "a reserved bit: #GP");
	tap_eq(pc_msr_write(&pc, MSR_IA32_APIC_BASE,
			    0xfed00000ull | APIC_BASE_EN, 0),
	       PC_MSR_GP, "moving the APIC: #GP (not emulated)");
	tap_eq(pc_msr_read(&pc, MSR_IA32_APIC_BASE, &v, 0), PC_MSR_OK, "read");
	tap_eq(v, LAPIC_BASE | APIC_BASE_BSP, "BSP bit kept, EN clear");
	tap_eq(pc_msr_read(&pc, 0x10, &v, 0), PC_MSR_NOT_MINE,
	       "other MSRs are not the platform's");
}

static void test_uart(void)
{
	setup();
	pic_program(0xef); /* IRQ4 only */
	for (const char *s = "HV: x\n"; *s; s++)
		outb_(0x3f8, (uint8_t)*s, 0);
	tap_check(tx_len == 6 && !memcmp(tx_buf, "HV: x\n", 6),
		  "THR bytes go to the console callback as written");
	outb_(0x3f9, 0x01, 0); /* IER: received data available */
	outb_(0x3fc, 0x08, 0); /* MCR OUT2: the IRQ line is driven */
	tap_check(pc_uart_rx_wanted(&pc), "receive interrupts wanted");
	tap_check(!pc_intr_pending(&pc), "no input, no interrupt");
	tap_check(uart_rx(&pc.uart, 'k'), "a byte typed on the console");
	tap_check(pc_intr_pending(&pc), "IRQ4 reaches the CPU");
	tap_eq(pc_intr_ack(&pc), 0x34, "vector of IRQ4");
	tap_eq(pc_io_in(&pc, 0x3f8, 1, 0), 'k', "RBR gives the byte");
}

/*
 * fw_cfg through the PC's port dispatch: absent, 0x510-0x51b read as no
 * device; attached, the 16-bit selector write reaches the device whole
 * (not split into bytes as other ports are) and the data port gives the
 * signature, the DMA register "QEMU CFG"; unknown keys read zeroes.
 */
static void test_fw_cfg(void)
{
	static struct fw_cfg f;
	static const uint8_t item[2] = { 1, 0 };
	char sig[5] = { 0 };
	uint64_t dma = 0, unknown;

	setup();
	pc_io_out(&pc, FW_CFG_PORT_SEL, 2, FW_CFG_SIGNATURE, 0);
	tap_eq(pc_io_in(&pc, FW_CFG_PORT_DATA, 1, 0), 0xff,
	       "fw_cfg absent: 0x511 reads as no device");
	unknown = pc.nr_unknown;
	fw_cfg_init(&f, true, NULL);
	fw_cfg_add(&f, FW_CFG_NB_CPUS, item, sizeof(item));
	pc.fw_cfg = &f;
	pc_io_out(&pc, FW_CFG_PORT_SEL, 2, FW_CFG_SIGNATURE, 0);
	for (unsigned i = 0; i < 4; i++)
		sig[i] = (char)pc_io_in(&pc, FW_CFG_PORT_DATA, 1, 0);
	tap_check(!strcmp(sig, "QEMU"), "fw_cfg attached: signature '%s'", sig);
	pc_io_out(&pc, FW_CFG_PORT_SEL, 2, FW_CFG_NB_CPUS, 0);
	tap_eq(pc_io_in(&pc, FW_CFG_PORT_DATA, 1, 0), 1, "NB_CPUS byte 0");
	for (unsigned i = 0; i < 8; i++)
		dma = dma << 8 |
		      (uint8_t)pc_io_in(&pc, FW_CFG_PORT_DMA + i, 1, 0);
	tap_eq(dma, FW_CFG_DMA_SIGNATURE, "0x514-0x51b read \"QEMU CFG\"");
	pc_io_out(&pc, FW_CFG_PORT_SEL, 2, 0x1234, 0);
	tap_eq(pc_io_in(&pc, FW_CFG_PORT_DATA, 1, 0), 0,
	       "an unknown key reads zeroes");
	tap_eq(pc.fw_cfg_unknown, 1, "and is counted");
	tap_eq(pc.fw_cfg_selects, 3, "three selections counted");
	tap_eq(pc.nr_unknown, unknown,
	       "attached, no access was a 'no device' one");
	pc.fw_cfg = NULL;
}

/*
 * PCI and the PM timer through the port dispatch: absent, 0xcf8/0xcfc
 * read all-ones; attached, the dword at 0xcf8 is CONFIG_ADDRESS (a byte
 * at 0xcf9 is still the reset control register), and once PMBA and
 * PMIOSE are programmed PM_TMR at PMBA + 8 counts at 3.579545 MHz.
 */
static void test_pci(void)
{
	static struct piix p;

	setup();
	pc_io_out(&pc, PCI_PORT_ADDR, 4, 0x80000000u, 0);
	tap_eq(pc_io_in(&pc, PCI_PORT_DATA, 4, 0), 0xffffffffu,
	       "no PCI attached: 00:00.0 reads all-ones");
	pc_attach_pci(&pc, &p, 0);
	pc_io_out(&pc, PCI_PORT_ADDR, 4, 0x80000000u, 0);
	tap_eq(pc_io_in(&pc, PCI_PORT_ADDR, 4, 0), 0x80000000u,
	       "CONFIG_ADDRESS reads back as a dword");
	tap_eq(pc_io_in(&pc, PCI_PORT_DATA, 4, 0), 0x12378086u,
	       "attached: 00:00.0 is the i440FX");
	tap_eq(pc_io_in(&pc, PCI_PORT_DATA + 2, 2, 0), 0x1237,
	       "its device ID as a word at 0xcfe");
	/* PIIX4 PM: PMBA 0xb000, then PMIOSE. */
	pc_io_out(&pc, PCI_PORT_ADDR, 4, 0x80000b40u, 0);
	pc_io_out(&pc, PCI_PORT_DATA, 4, 0xb000, 0);
	tap_eq(pc_io_in(&pc, 0xb008, 4, 0), 0xffffffffu,
	       "PM timer not decoded before PMIOSE");
	pc_io_out(&pc, PCI_PORT_ADDR, 4, 0x80000b80u, 0);
	pc_io_out(&pc, PCI_PORT_DATA, 1, 1, 0);
	tap_eq(pc_io_in(&pc, 0xb008, 4, 1000000000ull), 3579545,
	       "PM_TMR at 0xb008: one second is 3579545 ticks");
	pc_io_out(&pc, RESET_PORT_RC, 1, 0x06, 0);
	tap_eq(pc.reset_req, RESET_SYSTEM,
	       "a byte at 0xcf9 is still the reset control register");
	pc.piix = NULL;
}

int main(void)
{
	test_unknown_ports();
	test_resets();
	test_pit_through_pic();
	test_pit_reinject();
	test_apic_timer_and_tpr();
	test_apic_base();
	test_uart();
	test_fw_cfg();
	test_pci();
	return tap_done();
}
