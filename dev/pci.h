/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration mechanism #1 for bus 0 (PCI Local Bus Specification
 * 3.0, "Configuration Mechanism #1"): the 32-bit CONFIG_ADDRESS register
 * at 0xCF8 (bit 31 enable, bus 23:16, device 15:11, function 10:8,
 * register 7:2) and CONFIG_DATA at 0xCFC-0xCFF, bytes, words or the
 * dword of the selected register. Each function is a 256-byte
 * configuration space with a mask of the bits software may write; a
 * function that is not there, another bus, or the enable bit clear reads
 * all-ones and ignores writes (a master abort). What a device does with
 * its registers is its own model's business (dev/piix.c).
 */
#ifndef DEV_PCI_H
#define DEV_PCI_H

#include "dev/dev.h"

#define PCI_PORT_ADDR	0xcf8
#define PCI_PORT_DATA	0xcfc
#define PCI_CFG_SIZE	256
#define PCI_DEVFN(d, f) ((unsigned int)(d) << 3 | (f))

/* Header registers ("Configuration Space Header"). */
#define PCI_VENDOR_ID	   0x00
#define PCI_DEVICE_ID	   0x02
#define PCI_COMMAND	   0x04
#define PCI_REVISION	   0x08
#define PCI_CLASS_PROG	   0x09
#define PCI_HEADER_TYPE	   0x0e
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN  0x3d
#define PCI_HEADER_MULTI   0x80 /* header type bit 7: more functions */

struct pci_func {
	uint8_t cfg[PCI_CFG_SIZE];
	uint8_t wmask[PCI_CFG_SIZE]; /* 1 bits: software may write them */
};

struct pci_bus {
	uint32_t addr;		     /* CONFIG_ADDRESS as written */
	struct pci_func *fn[32 * 8]; /* by devfn; NULL: nothing there */
};

void pci_bus_init(struct pci_bus *b);
/* Put f at devfn (device 0-31, function 0-7); its cfg and wmask are the
 * caller's to fill. */
void pci_bus_attach(struct pci_bus *b, unsigned int devfn, struct pci_func *f);

/* CONFIG_ADDRESS: dword accesses only (others are not this register). */
uint32_t pci_addr_read(const struct pci_bus *b);
void pci_addr_write(struct pci_bus *b, uint32_t v);

/* CONFIG_DATA: off 0-3 into 0xCFC, size 1, 2 or 4 within the dword. */
uint32_t pci_data_read(const struct pci_bus *b, unsigned int off,
		       unsigned int size);
void pci_data_write(struct pci_bus *b, unsigned int off, unsigned int size,
		    uint32_t v);

/* Little-endian helpers for a function's registers. */
void pci_set16(struct pci_func *f, unsigned int reg, uint16_t v);
void pci_set32(struct pci_func *f, unsigned int reg, uint32_t v);
uint16_t pci_get16(const struct pci_func *f, unsigned int reg);
uint32_t pci_get32(const struct pci_func *f, unsigned int reg);

#endif
