/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_ATTACH_PROTO_H
#define SRIOVNIC_ATTACH_PROTO_H

/* The one seam between the driver and the device model (doc/datasheet.md,
 * appendix "Device model attach"). Real hardware is reached through VFIO:
 * BAR0 is mapped by the bus and DMA goes through the IOMMU. The model's
 * functions instead publish BAR0 as a shared `resource0` file and learn the
 * driver's DMA memory over a SOCK_SEQPACKET unix socket named `dma_socket`
 * in the function's sysfs directory. Every function has its own, which
 * attaches that function only, as a VFIO group's node does: HELLO names
 * it, and naming another is refused with -EACCES. Memory and interrupt fds
 * travel with SCM_RIGHTS. Closing the socket detaches: the function's
 * queues stop and its IOMMU table is dropped. The memory must stay as
 * long as it was registered: memory that shrinks is dropped by the model
 * and faults the function's queues.
 */

#include <stdint.h>

#define SRIOVNIC_ATTACH_SOCKET		"dma_socket"

enum sriovnic_attach_type {
	/* driver -> model, naming the endpoint's own function; reply carries
	 * SRIOVNIC_NUM_VECS eventfds
	 */
	SRIOVNIC_ATTACH_HELLO = 1,
	/* driver -> model, with the fd backing [va, va + len) at offset */
	SRIOVNIC_ATTACH_MEM_ADD = 2,
	/* driver -> model: forget the region starting at iova */
	SRIOVNIC_ATTACH_MEM_DEL = 3,
};

struct sriovnic_attach_msg {
	uint32_t type;
	int32_t result;		/* reply: 0 or negative errno */
	char bdf[16];		/* HELLO: the endpoint's function address */
	uint64_t iova;
	uint64_t len;
	uint64_t offset;	/* into the passed fd */
};

#endif /* SRIOVNIC_ATTACH_PROTO_H */
