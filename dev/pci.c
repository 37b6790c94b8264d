// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI configuration mechanism #1, bus 0 (dev/pci.h).
 */
#include <string.h>

#include "dev/pci.h"

#define ADDR_ENABLE (1u << 31)
/* Bits 30:24 are reserved and read 0; bits 1:0 are 0 (dword registers). */
#define ADDR_MASK   0x80fffffcu

void pci_bus_init(struct pci_bus *b)
{
	memset(b, 0, sizeof(*b));
}

void pci_bus_attach(struct pci_bus *b, unsigned int devfn, struct pci_func *f)
{
	if (devfn < 32 * 8)
		b->fn[devfn] = f;
}

uint32_t pci_addr_read(const struct pci_bus *b)
{
	return b->addr;
}

void pci_addr_write(struct pci_bus *b, uint32_t v)
{
	b->addr = v & ADDR_MASK;
}

/* The function CONFIG_ADDRESS selects, and its register, or NULL. */
static struct pci_func *selected(const struct pci_bus *b, unsigned int *reg)
{
	if (!(b->addr & ADDR_ENABLE) || ((b->addr >> 16) & 0xff) != 0)
		return NULL;
	*reg = b->addr & 0xfc;
	return b->fn[(b->addr >> 8) & 0xff];
}

static bool lanes_ok(unsigned int off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off + size <= 4;
}

uint32_t pci_data_read(const struct pci_bus *b, unsigned int off,
		       unsigned int size)
{
	unsigned int reg = 0;
	const struct pci_func *f = selected(b, &reg);
	uint32_t v = 0;

	if (!lanes_ok(off, size))
		return 0xffffffffu;
	if (!f)
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)f->cfg[reg + off + i] << (8 * i);
	return v;
}

void pci_data_write(struct pci_bus *b, unsigned int off, unsigned int size,
		    uint32_t v)
{
	unsigned int reg = 0;
	struct pci_func *f = selected(b, &reg);

	if (!f || !lanes_ok(off, size))
		return;
	for (unsigned int i = 0; i < size; i++) {
		unsigned int r = reg + off + i;
		uint8_t m = f->wmask[r], nv = (uint8_t)(v >> (8 * i));

		f->cfg[r] = (uint8_t)((f->cfg[r] & ~m) | (nv & m));
	}
}

void pci_set16(struct pci_func *f, unsigned int reg, uint16_t v)
{
	f->cfg[reg] = (uint8_t)v;
	f->cfg[reg + 1] = (uint8_t)(v >> 8);
}

void pci_set32(struct pci_func *f, unsigned int reg, uint32_t v)
{
	pci_set16(f, reg, (uint16_t)v);
	pci_set16(f, reg + 2, (uint16_t)(v >> 16));
}

uint16_t pci_get16(const struct pci_func *f, unsigned int reg)
{
	return (uint16_t)(f->cfg[reg] | f->cfg[reg + 1] << 8);
}

uint32_t pci_get32(const struct pci_func *f, unsigned int reg)
{
	return pci_get16(f, reg) | (uint32_t)pci_get16(f, reg + 2) << 16;
}
