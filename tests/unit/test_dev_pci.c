// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/pci.c and dev/piix.c: configuration mechanism #1 (the address
 * register's stored bits, the enable bit, other buses, absent functions
 * as a master abort, byte/word/dword lanes of CONFIG_DATA, write masks)
 * and the three functions of QEMU's pc machine a firmware probes (IDs,
 * PAM/SMRAM/PIRQRC read back within their writable bits, PMBA and
 * PMIOSE placing the PM I/O block).
 */
#include "dev/piix.h"
#include "tests/lib/tap.h"

static struct piix p;

static uint32_t addr(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	return 1u << 31 | bus << 16 | dev << 11 | fn << 8 | reg;
}

static uint32_t rd(unsigned dev, unsigned fn, unsigned reg, unsigned size)
{
	pci_addr_write(&p.bus, addr(0, dev, fn, reg & 0xfc));
	return pci_data_read(&p.bus, reg & 3, size);
}

static void wr(unsigned dev, unsigned fn, unsigned reg, unsigned size,
	       uint32_t v)
{
	pci_addr_write(&p.bus, addr(0, dev, fn, reg & 0xfc));
	pci_data_write(&p.bus, reg & 3, size, v);
}

static void test_mechanism(void)
{
	piix_init(&p);
	pci_addr_write(&p.bus, 0xffffffffu);
	tap_eq(pci_addr_read(&p.bus), 0x80fffffcu,
	       "CONFIG_ADDRESS keeps enable, bus, device, function, register");
	pci_addr_write(&p.bus, addr(0, 0, 0, 0) & ~(1u << 31));
	tap_eq(pci_data_read(&p.bus, 0, 4), 0xffffffffu,
	       "enable bit clear: all-ones");
	pci_addr_write(&p.bus, addr(1, 0, 0, 0));
	tap_eq(pci_data_read(&p.bus, 0, 4), 0xffffffffu,
	       "bus 1: nothing there");
	tap_eq(rd(2, 0, 0, 4), 0xffffffffu, "00:02.0 absent: all-ones");
	tap_eq(rd(1, 1, 0, 2), 0xffff, "00:01.1 absent: a word of all-ones");
	tap_eq(rd(0, 0, 0, 4), 0x12378086u, "00:00.0 is 8086:1237 (i440FX)");
	tap_eq(rd(0, 0, 2, 2), 0x1237, "device ID as a word at 0xcfe");
	tap_eq(rd(0, 0, 3, 1), 0x12, "its high byte at 0xcff");
	tap_eq(pci_data_read(&p.bus, 3, 2), 0xffffffffu,
	       "a word at 0xcff crosses the dword: refused");
	tap_eq(rd(1, 0, 0, 4), 0x70008086u, "00:01.0 is 8086:7000 (PIIX3)");
	tap_eq(rd(1, 0, PCI_HEADER_TYPE, 1), PCI_HEADER_MULTI,
	       "PIIX3 says it has more functions");
	tap_eq(rd(1, 3, 0, 4), 0x71138086u, "00:01.3 is 8086:7113 (PIIX4 PM)");
	tap_eq(rd(0, 0, 0x0a, 2), 0x0600, "host bridge class 06 00");
	wr(0, 0, 0, 4, 0);
	tap_eq(rd(0, 0, 0, 4), 0x12378086u, "IDs are read-only");
}

static void test_registers(void)
{
	piix_init(&p);
	wr(0, 0, I440FX_PAM0, 1, 0xff);
	tap_eq(rd(0, 0, I440FX_PAM0, 1), 0x30, "PAM0: only bits 5:4");
	wr(0, 0, I440FX_PAM0 + 1, 1, 0xff);
	tap_eq(rd(0, 0, I440FX_PAM0 + 1, 1), 0x33, "PAM1: bits 5:4, 1:0");
	tap_eq(rd(0, 0, I440FX_SMRAM, 1), 0x02, "SMRAM resets to 010");
	wr(0, 0, I440FX_SMRAM, 1, 0xff);
	tap_eq(rd(0, 0, I440FX_SMRAM, 1), 0x7a, "SMRAM: C_BASE_SEG fixed");
	tap_eq(rd(1, 0, PIIX3_PIRQRC, 4), 0x80808080u, "PIRQRC A-D disabled");
	wr(1, 0, PIIX3_PIRQRC + 2, 1, 0x0b);
	tap_eq(rd(1, 0, PIIX3_PIRQRC, 4), 0x800b8080u, "PIRQC routed to 11");
	tap_eq(rd(1, 3, PIIX4_PMBA, 4), 1, "PMBA: bit 0 reads 1 (I/O)");
	tap_eq(piix_pm_base(&p), -1, "PM I/O block off at reset");
	wr(1, 3, PIIX4_PMBA, 4, 0xb07f);
	tap_eq(rd(1, 3, PIIX4_PMBA, 4), 0xb041, "PMBA keeps bits 15:6");
	tap_eq(piix_pm_base(&p), -1, "still off without PMIOSE");
	wr(1, 3, PIIX4_PMREGMISC, 1, 0xff);
	tap_eq(rd(1, 3, PIIX4_PMREGMISC, 1), PIIX4_PMIOSE,
	       "PMREGMISC: only PMIOSE");
	tap_eq(piix_pm_base(&p), 0xb040, "PMIOSE on: PM I/O at 0xb040");
	wr(1, 3, PCI_COMMAND, 2, 0xffff);
	tap_eq(rd(1, 3, PCI_COMMAND, 2), 0x0007,
	       "command: I/O, memory, master");
}

/*
 * Any sequence of CONFIG_ADDRESS and CONFIG_DATA accesses, of any size
 * and offset (what a malformed or hostile guest can do), keeps the IDs,
 * the read-only PMBA bit and an aligned PM base, and never reaches past
 * a configuration space (ASan).
 */
static void test_random(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned bad = 0;

	piix_init(&p);
	for (unsigned i = 0; i < 200000; i++) {
		uint32_t v;
		unsigned sz, off;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (uint32_t)(x >> 32);
		sz = 1u << (x & 3); /* 1, 2, 4, 8 */
		off = (x >> 2) & 7; /* 0-7: some outside the dword */
		switch ((x >> 5) & 3) {
		case 0:
			pci_addr_write(&p.bus, v | (x & 1 ? 0x80000000u : 0));
			break;
		case 1:
			pci_data_write(&p.bus, off, sz, v);
			break;
		default:
			(void)pci_data_read(&p.bus, off, sz);
			break;
		}
		if (pci_get32(&p.host, 0) != 0x12378086u ||
		    pci_get32(&p.isa, 0) != 0x70008086u ||
		    pci_get32(&p.pm, 0) != 0x71138086u ||
		    !(p.pm.cfg[PIIX4_PMBA] & 1) ||
		    (piix_pm_base(&p) >= 0 && (piix_pm_base(&p) & 63)))
			bad++;
	}
	tap_eq(bad, 0,
	       "200000 random accesses: IDs, PMBA bit 0, PM base alignment kept");
}

int main(void)
{
	test_mechanism();
	test_registers();
	test_random();
	return tap_done();
}
