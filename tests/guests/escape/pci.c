// SPDX-License-Identifier: GPL-2.0-only
/*
 * escape-pci: PCI configuration space (configuration mechanism #1: the
 * address at 0xCF8, bit 31 enable, bus/device/function/register below;
 * the data at 0xCFC) must not be reachable: there the guest could
 * reprogram the host's bridges and devices, move BARs over hypervisor
 * memory, or turn on bus-master DMA. The platform contract: no device
 * at these ports, so they read as all-ones and ignore writes.
 */
#include "esc.h"

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc

int esc_main(void)
{
	uint32_t id, addr;

	esc_puts("escape: PCI configuration mechanism #1 at 0xcf8/0xcfc\n");
	outl(PCI_CONF_ADDR, 0x80000000u); /* enable, bus 0, device 0, reg 0 */
	id = inl(PCI_CONF_DATA);
	addr = inl(PCI_CONF_ADDR);
	esc_check(id == 0xffffffffu,
		  "PCI: 00:00.0 vendor/device reads 0x%x (want 0xffffffff, no host bridge; QEMU q35's is 0x29c08086)",
		  id);
	esc_check(addr == 0xffffffffu,
		  "PCI: the address register reads back 0x%x (want 0xffffffff, the write ignored)",
		  addr);
	return esc_status();
}
