/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * Silicon's transport: the function is bound to VFIO or UIO, the bus maps
 * BAR0, MSI-X gives the vectors and DPDK maps its memory for DMA (VFIO's
 * container) itself.
 */
#include <errno.h>

#include <bus_pci_driver.h>
#include <rte_interrupts.h>

#include "sriovnic_hw.h"

static bool
pci_probe(const struct rte_pci_device *pci)
{
	return pci->kdrv == RTE_PCI_KDRV_VFIO ||
	       pci->kdrv == RTE_PCI_KDRV_IGB_UIO ||
	       pci->kdrv == RTE_PCI_KDRV_UIO_GENERIC;
}

static int
pci_map(struct sriovnic_hw *hw, struct rte_pci_device *pci)
{
	int i;

	if (rte_pci_map_device(pci) != 0)
		return -EIO;
	if (rte_intr_efd_enable(pci->intr_handle, SRIOVNIC_NUM_VECS) != 0)
		return -EIO;
	hw->bar = pci->mem_resource[0].addr;
	hw->bar_len = pci->mem_resource[0].len;
	for (i = 0; i < SRIOVNIC_NUM_VECS; i++)
		hw->vec_fd[i] = rte_intr_efds_index_get(pci->intr_handle, i);
	return 0;
}

/* the bus keeps the mapping and the vectors with the device */
static void
pci_unmap(struct sriovnic_hw *hw)
{
}

/* the bus maps a secondary's BARs at the primary's addresses */
static int
pci_map_secondary(const struct sriovnic_hw *hw, struct rte_pci_device *pci)
{
	if (rte_pci_map_device(pci) != 0)
		return -EIO;
	if (pci->mem_resource[0].addr != hw->bar) {
		PMD_INIT_LOG(ERR, "%s: BAR0 at %p in this process, %p in the primary",
			     hw->name, pci->mem_resource[0].addr, hw->bar);
		return -EIO;
	}
	return 0;
}

const struct sriovnic_transport sriovnic_transport_pci = {
	.name = "pci",
	.probe = pci_probe,
	.map = pci_map,
	.unmap = pci_unmap,
	.map_secondary = pci_map_secondary,
};
