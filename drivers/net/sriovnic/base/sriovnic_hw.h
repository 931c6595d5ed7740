/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_HW_H
#define SRIOVNIC_HW_H

#include <errno.h>

#include "sriovnic_osdep.h"
#include "sriovnic_regs.h"

struct rte_pci_device;
struct sriovnic_hw;

/* How the driver reaches a function: the one seam between silicon and the
 * device model (datasheet Appendix A), chosen at probe as virtio chooses
 * its PCI or user backend. Everything past it is the same code path.
 */
struct sriovnic_transport {
	const char *name;
	/* whether this transport reaches the device */
	bool (*probe)(const struct rte_pci_device *pci);
	/* BAR0 into hw->bar, the interrupt vectors' eventfds into
	 * hw->vec_fd
	 */
	int (*map)(struct sriovnic_hw *hw, struct rte_pci_device *pci);
	/* let the device DMA to the application's memory, following its
	 * hotplug; NULL when the bus does it (VFIO's container)
	 */
	int (*dma_register)(struct sriovnic_hw *hw);
	/* undo map and dma_register; safe on a partial attach */
	void (*unmap)(struct sriovnic_hw *hw);
	/* removal watch: an fd readable when the device may be gone, and
	 * whether it is; NULL when the device says so by reading all-ones
	 */
	int (*removal_fd)(const struct sriovnic_hw *hw);
	bool (*gone)(struct sriovnic_hw *hw);
	/* In a secondary process: BAR0 at hw->bar, where the primary has it,
	 * since the queues in shared memory hold pointers into it (the PCI
	 * bus maps a secondary's BARs the same way); the primary keeps the
	 * vectors and the DMA memory. unmap_secondary NULL: the bus keeps it.
	 */
	int (*map_secondary)(const struct sriovnic_hw *hw,
			     struct rte_pci_device *pci);
	void (*unmap_secondary)(const struct sriovnic_hw *hw);
};

/* Silicon behind VFIO or UIO */
extern const struct sriovnic_transport sriovnic_transport_pci;
#ifdef SRIOVNIC_MODEL_TRANSPORT
/* The device model: resource0 and its attach socket */
extern const struct sriovnic_transport sriovnic_transport_model;
#endif

/* One PCI function of the card, as the base layer sees it. */
struct sriovnic_hw {
	const struct sriovnic_transport *tp;
	uint8_t *bar;			/* BAR0 */
	size_t bar_len;
	bool is_vf;
	uint16_t func_id;		/* 0 = PF, 1 + n = VF n */
	uint32_t caps;			/* SRIOVNIC_CAP_* */
	uint16_t max_rxq;
	uint16_t max_txq;
	uint16_t num_vfs;		/* PF only */
	int vec_fd[SRIOVNIC_NUM_VECS];	/* interrupt eventfds */
	void *tp_priv;			/* the transport's own state */
	bool removed;			/* seen gone (datasheet 3.7), for good */
	char name[32];			/* PCI address */
};

static inline uint32_t
sriovnic_read(const struct sriovnic_hw *hw, uint32_t reg)
{
	return rte_read32(hw->bar + reg);
}

static inline void
sriovnic_write(struct sriovnic_hw *hw, uint32_t reg, uint32_t val)
{
	rte_write32(val, hw->bar + reg);
}

static inline uint64_t
sriovnic_read64(const struct sriovnic_hw *hw, uint32_t reg)
{
	return rte_read64(hw->bar + reg);
}

/* Surprise removal (datasheet 3.7): a function that is gone reads
 * all-ones; the model's end of the attach connection says the same.
 */
static inline bool
sriovnic_hw_removed(const struct sriovnic_hw *hw)
{
	return __atomic_load_n(&hw->removed, __ATOMIC_RELAXED) ||
	       sriovnic_read(hw, SRIOVNIC_ID) == UINT32_MAX;
}

/* Poll a register until (value & mask) == want, at most timeout_ms;
 * -ENODEV at once when the function is gone
 */
static inline int
sriovnic_hw_wait(const struct sriovnic_hw *hw, uint32_t reg, uint32_t mask,
		 uint32_t want, unsigned int timeout_ms)
{
	uint64_t end = rte_get_timer_cycles() +
		       rte_get_timer_hz() * timeout_ms / 1000;

	while ((sriovnic_read(hw, reg) & mask) != want) {
		if (sriovnic_hw_removed(hw))
			return -ENODEV;
		if (rte_get_timer_cycles() > end)
			return -ETIMEDOUT;
		rte_delay_us_sleep(100);
	}
	return 0;
}

int sriovnic_hw_attach(struct sriovnic_hw *hw,
		       const struct sriovnic_transport *tp,
		       struct rte_pci_device *pci, bool is_vf);
void sriovnic_hw_detach(struct sriovnic_hw *hw);
/* A secondary process reaching the function the primary attached: hw is
 * the primary's (shared memory), left unchanged
 */
int sriovnic_hw_attach_secondary(const struct sriovnic_hw *hw,
				 const struct sriovnic_transport *tp,
				 struct rte_pci_device *pci);
void sriovnic_hw_detach_secondary(const struct sriovnic_hw *hw,
				  const struct sriovnic_transport *tp);
/* the transport's removal watch: an fd to watch, or -1 */
int sriovnic_hw_removal_fd(const struct sriovnic_hw *hw);
bool sriovnic_hw_gone(struct sriovnic_hw *hw);
int sriovnic_hw_reset(struct sriovnic_hw *hw);
int sriovnic_hw_queue_enable(struct sriovnic_hw *hw, uint32_t qreg,
			     uint64_t ring_iova, uint16_t nb_desc,
			     uint32_t buf_len, uint32_t ctrl);
int sriovnic_hw_queue_disable(struct sriovnic_hw *hw, uint32_t qreg);
bool sriovnic_hw_link_up(const struct sriovnic_hw *hw, uint32_t *speed);
void sriovnic_hw_perm_addr(const struct sriovnic_hw *hw, uint8_t mac[6]);

#endif /* SRIOVNIC_HW_H */
