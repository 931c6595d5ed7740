/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* The transport of a function, chosen at probe: silicon first, then the
 * device model where the driver is built with it (-Dmodel_transport).
 */
#include <bus_pci_driver.h>

#include "sriovnic_ethdev.h"

static const struct sriovnic_transport *const sriovnic_transports[] = {
	&sriovnic_transport_pci,
#ifdef SRIOVNIC_MODEL_TRANSPORT
	&sriovnic_transport_model,
#endif
};

const struct sriovnic_transport *
sriovnic_transport_of(const struct rte_pci_device *pci)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(sriovnic_transports); i++)
		if (sriovnic_transports[i]->probe(pci))
			return sriovnic_transports[i];
	PMD_INIT_LOG(ERR, "%s: not bound to vfio-pci or UIO, and this driver has no device model transport",
		     pci->device.name);
	return NULL;
}
