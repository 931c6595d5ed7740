/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <string.h>

#include <bus_pci_driver.h>

#include "sriovnic_hw.h"

#define SRIOVNIC_RESET_TIMEOUT_MS	2000
#define SRIOVNIC_QUEUE_TIMEOUT_MS	1000

int
sriovnic_hw_attach(struct sriovnic_hw *hw, const struct sriovnic_transport *tp,
		   struct rte_pci_device *pci, bool is_vf)
{
	uint32_t id, q;
	int ret, i;

	if (tp == NULL)
		return -ENODEV;
	hw->tp = tp;
	hw->is_vf = is_vf;
	hw->tp_priv = NULL;
	for (i = 0; i < SRIOVNIC_NUM_VECS; i++)
		hw->vec_fd[i] = -1;
	rte_pci_device_name(&pci->addr, hw->name, sizeof(hw->name));

	ret = tp->map(hw, pci);
	if (ret == 0 && tp->dma_register != NULL)
		ret = tp->dma_register(hw);
	if (ret != 0)
		goto fail;

	id = sriovnic_read(hw, SRIOVNIC_ID);
	if ((id & 0xffff) != SRIOVNIC_VENDOR_ID ||
	    (id >> 16) != (is_vf ? SRIOVNIC_DEV_ID_VF : SRIOVNIC_DEV_ID_PF)) {
		PMD_INIT_LOG(ERR, "%s: BAR0 identifies as %08x, not a sriovnic %s",
			     hw->name, id, is_vf ? "VF" : "PF");
		ret = -ENODEV;
		goto fail;
	}
	if ((sriovnic_read(hw, SRIOVNIC_VERSION) >> 16) !=
	    (SRIOVNIC_HW_VERSION >> 16)) {
		PMD_INIT_LOG(ERR, "%s: hardware version %08x unsupported",
			     hw->name, sriovnic_read(hw, SRIOVNIC_VERSION));
		ret = -ENOTSUP;
		goto fail;
	}
	q = sriovnic_read(hw, SRIOVNIC_QUEUES);
	hw->max_rxq = RTE_MIN(q & 0xffff, (uint32_t)SRIOVNIC_MAX_QUEUES);
	hw->max_txq = RTE_MIN(q >> 16, (uint32_t)SRIOVNIC_MAX_QUEUES);
	hw->func_id = sriovnic_read(hw, SRIOVNIC_FUNC_ID);
	hw->caps = sriovnic_read(hw, SRIOVNIC_CAPS);
	if (!is_vf)
		hw->num_vfs = RTE_MIN(sriovnic_read(hw, SRIOVNIC_NUM_VFS),
				      (uint32_t)SRIOVNIC_MAX_VFS);
	if (hw->max_rxq == 0 || hw->max_txq == 0) {
		PMD_INIT_LOG(ERR, "%s: function exposes no queues", hw->name);
		ret = -ENODEV;
		goto fail;
	}
	return 0;
fail:
	sriovnic_hw_detach(hw);
	return ret;
}

void
sriovnic_hw_detach(struct sriovnic_hw *hw)
{
	if (hw->tp != NULL)
		hw->tp->unmap(hw);
	hw->bar = NULL;
}

int
sriovnic_hw_attach_secondary(const struct sriovnic_hw *hw,
			     const struct sriovnic_transport *tp,
			     struct rte_pci_device *pci)
{
	uint32_t id;
	int ret;

	if (tp == NULL)
		return -ENODEV;
	if (hw->bar == NULL) {
		PMD_INIT_LOG(ERR, "%s: the primary process has not attached the function",
			     hw->name);
		return -ENODEV;
	}
	ret = tp->map_secondary(hw, pci);
	if (ret != 0)
		return ret;
	id = sriovnic_read(hw, SRIOVNIC_ID);
	if ((id & 0xffff) != SRIOVNIC_VENDOR_ID) {
		PMD_INIT_LOG(ERR, "%s: BAR0 identifies as %08x in the secondary process",
			     hw->name, id);
		sriovnic_hw_detach_secondary(hw, tp);
		return -ENODEV;
	}
	return 0;
}

void
sriovnic_hw_detach_secondary(const struct sriovnic_hw *hw,
			     const struct sriovnic_transport *tp)
{
	if (tp != NULL && tp->unmap_secondary != NULL)
		tp->unmap_secondary(hw);
}

int
sriovnic_hw_removal_fd(const struct sriovnic_hw *hw)
{
	return hw->tp->removal_fd != NULL ? hw->tp->removal_fd(hw) : -1;
}

bool
sriovnic_hw_gone(struct sriovnic_hw *hw)
{
	return hw->tp->gone != NULL && hw->tp->gone(hw);
}

int
sriovnic_hw_reset(struct sriovnic_hw *hw)
{
	uint32_t req = sriovnic_read(hw, SRIOVNIC_RESET_DONE) + 1;
	int ret;

	sriovnic_write(hw, SRIOVNIC_RESET_REQ, req);
	ret = sriovnic_hw_wait(hw, SRIOVNIC_RESET_DONE, UINT32_MAX, req,
			       SRIOVNIC_RESET_TIMEOUT_MS);
	if (ret == -ETIMEDOUT)
		PMD_INIT_LOG(ERR, "%s: function reset did not complete in %u ms",
			     hw->name, SRIOVNIC_RESET_TIMEOUT_MS);
	return ret;
}

int
sriovnic_hw_queue_enable(struct sriovnic_hw *hw, uint32_t qreg,
			 uint64_t ring_iova, uint16_t nb_desc,
			 uint32_t buf_len, uint32_t ctrl)
{
	sriovnic_write(hw, qreg + SRIOVNIC_Q_BASE_LO, (uint32_t)ring_iova);
	sriovnic_write(hw, qreg + SRIOVNIC_Q_BASE_HI, ring_iova >> 32);
	sriovnic_write(hw, qreg + SRIOVNIC_Q_LEN, nb_desc);
	sriovnic_write(hw, qreg + SRIOVNIC_Q_BUF_LEN, buf_len);
	sriovnic_write(hw, qreg + SRIOVNIC_Q_TAIL, 0);
	sriovnic_write(hw, qreg + SRIOVNIC_Q_CTRL, ctrl | SRIOVNIC_QCTRL_ENABLE);
	if (sriovnic_hw_wait(hw, qreg + SRIOVNIC_Q_STATUS,
			     SRIOVNIC_QSTAT_ENABLED | SRIOVNIC_QSTAT_ERROR,
			     SRIOVNIC_QSTAT_ENABLED,
			     SRIOVNIC_QUEUE_TIMEOUT_MS) != 0) {
		PMD_DRV_LOG(ERR, "%s: queue at %#x refused: status %#x",
			    hw->name, qreg,
			    sriovnic_read(hw, qreg + SRIOVNIC_Q_STATUS));
		sriovnic_write(hw, qreg + SRIOVNIC_Q_CTRL, 0);
		return -EIO;
	}
	return 0;
}

int
sriovnic_hw_queue_disable(struct sriovnic_hw *hw, uint32_t qreg)
{
	int ret;

	sriovnic_write(hw, qreg + SRIOVNIC_Q_CTRL, 0);
	ret = sriovnic_hw_wait(hw, qreg + SRIOVNIC_Q_STATUS,
			       SRIOVNIC_QSTAT_ENABLED, 0,
			       SRIOVNIC_QUEUE_TIMEOUT_MS);
	/* a removed function owns no buffer any more */
	return ret == -ENODEV ? 0 : ret;
}

bool
sriovnic_hw_link_up(const struct sriovnic_hw *hw, uint32_t *speed)
{
	*speed = sriovnic_read(hw, SRIOVNIC_LINK_SPEED);
	return sriovnic_read(hw, SRIOVNIC_LINK_STATUS) & SRIOVNIC_LINK_UP;
}

void
sriovnic_hw_perm_addr(const struct sriovnic_hw *hw, uint8_t mac[6])
{
	uint32_t lo = sriovnic_read(hw, SRIOVNIC_PERM_ADDR_LO);
	uint32_t hi = sriovnic_read(hw, SRIOVNIC_PERM_ADDR_HI);

	memcpy(mac, &lo, 4);
	mac[4] = hi & 0xff;
	mac[5] = (hi >> 8) & 0xff;
}
