// SPDX-License-Identifier: GPL-2.0-only
/*
 * i440FX host bridge, PIIX3 ISA bridge and PIIX4 PM function
 * (dev/piix.h). Reset values and writable bits from the datasheets'
 * register tables, only for the registers named there; every other
 * byte reads 0 and is read-only.
 */
#include <string.h>

#include "dev/piix.h"

/* The command register's I/O, memory and bus master enables. */
#define CMD_WMASK 0x07

static void header(struct pci_func *f, uint16_t dev, uint8_t rev,
		   uint32_t class, uint8_t type)
{
	memset(f, 0, sizeof(*f));
	pci_set16(f, PCI_VENDOR_ID, PCI_VENDOR_INTEL);
	pci_set16(f, PCI_DEVICE_ID, dev);
	f->cfg[PCI_REVISION] = rev;
	f->cfg[PCI_CLASS_PROG] = (uint8_t) class;
	f->cfg[PCI_CLASS_PROG + 1] = (uint8_t)(class >> 8);
	f->cfg[PCI_CLASS_PROG + 2] = (uint8_t)(class >> 16);
	f->cfg[PCI_HEADER_TYPE] = type;
	f->wmask[PCI_COMMAND] = CMD_WMASK;
}

static void host_bridge(struct pci_func *f)
{
	/* Class 06 00 00: host bridge. */
	header(f, I440FX_DEVICE_ID, 0x02, 0x060000, 0);
	f->cfg[PCI_COMMAND] = 0x06; /* memory and bus master, as at reset */
	/*
	 * 82441FX "PAM": PAM0 has only its high nibble (0xF0000-0xFFFFF),
	 * PAM1-6 two fields each; bits 1:0 / 5:4 are RE/WE, 3 and 7
	 * reserved.
	 */
	f->wmask[I440FX_PAM0] = 0x30;
	for (unsigned int r = I440FX_PAM0 + 1; r <= I440FX_PAM6; r++)
		f->wmask[r] = 0x33;
	/* "SMRAM": C_BASE_SEG (bits 2:0) reads 010; G_SMRAME, D_LCK,
	 * D_CLS and D_OPEN are stored (D_LCK's lock is not emulated). */
	f->cfg[I440FX_SMRAM] = 0x02;
	f->wmask[I440FX_SMRAM] = 0x78;
}

static void isa_bridge(struct pci_func *f)
{
	/* Class 06 01 00: ISA bridge; functions 1-7 may exist. */
	header(f, PIIX3_ISA_DEVICE_ID, 0x00, 0x060100, PCI_HEADER_MULTI);
	f->cfg[PCI_COMMAND] = 0x07;
	/* "PIRQRC": routing disabled (bit 7) at reset; IRQ in bits 3:0. */
	for (unsigned int r = PIIX3_PIRQRC; r < PIIX3_PIRQRC + 4; r++) {
		f->cfg[r] = 0x80;
		f->wmask[r] = 0x8f;
	}
}

static void pm_function(struct pci_func *f)
{
	/* Class 06 80 00: other bridge, as PIIX4 function 3 reports. */
	header(f, PIIX4_PM_DEVICE_ID, 0x03, 0x068000, 0);
	f->cfg[PCI_INTERRUPT_PIN] = 0x01; /* INTA# */
	f->wmask[PCI_INTERRUPT_LINE] = 0xff;
	/* "PMBA": bit 0 hardwired 1 (I/O space), base in bits 15:6. */
	f->cfg[PIIX4_PMBA] = 0x01;
	f->wmask[PIIX4_PMBA] = 0xc0;
	f->wmask[PIIX4_PMBA + 1] = 0xff;
	/* "PMREGMISC": PMIOSE enables the PM I/O block. */
	f->wmask[PIIX4_PMREGMISC] = PIIX4_PMIOSE;
}

void piix_init(struct piix *p)
{
	pci_bus_init(&p->bus);
	host_bridge(&p->host);
	isa_bridge(&p->isa);
	pm_function(&p->pm);
	pci_bus_attach(&p->bus, PCI_DEVFN(0, 0), &p->host);
	pci_bus_attach(&p->bus, PCI_DEVFN(1, 0), &p->isa);
	pci_bus_attach(&p->bus, PCI_DEVFN(1, 3), &p->pm);
}

int piix_pm_base(const struct piix *p)
{
	if (!(p->pm.cfg[PIIX4_PMREGMISC] & PIIX4_PMIOSE))
		return -1;
	return pci_get16(&p->pm, PIIX4_PMBA) & 0xffc0;
}
