/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <rte_interrupts.h>

#include "sriovnic_hw.h"

#define SRIOVNIC_RESET_TIMEOUT_MS	2000
#define SRIOVNIC_QUEUE_TIMEOUT_MS	1000

/* Silicon behind VFIO/UIO: the bus maps BAR0 and MSI-X gives the vectors. */
static int
sriovnic_map_silicon(struct sriovnic_hw *hw, struct rte_pci_device *pci)
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

/* The device model publishes BAR0 as the function's sysfs resource0 file. */
static int
sriovnic_map_model(struct sriovnic_hw *hw, const char *dir)
{
	char path[PATH_MAX + 16];
	void *bar;
	int fd;

	snprintf(path, sizeof(path), "%s/resource0", dir);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		PMD_INIT_LOG(ERR, "%s: cannot open %s: %s", hw->name, path,
			     strerror(errno));
		return -errno;
	}
	bar = mmap(NULL, SRIOVNIC_BAR0_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED, fd, 0);
	close(fd);
	if (bar == MAP_FAILED) {
		PMD_INIT_LOG(ERR, "%s: cannot map %s: %s", hw->name, path,
			     strerror(errno));
		return -errno;
	}
	hw->bar = bar;
	hw->bar_len = SRIOVNIC_BAR0_SIZE;
	hw->bar_is_file = true;
	return sriovnic_attach_open(hw, dir);
}

int
sriovnic_hw_attach(struct sriovnic_hw *hw, struct rte_pci_device *pci,
		   bool is_vf)
{
	char dir[PATH_MAX];
	uint32_t id, q;
	int ret, i;

	hw->is_vf = is_vf;
	hw->attach_fd = -1;
	for (i = 0; i < SRIOVNIC_NUM_VECS; i++)
		hw->vec_fd[i] = -1;
	pthread_mutex_init(&hw->attach_lock, NULL);
	rte_pci_device_name(&pci->addr, hw->name, sizeof(hw->name));

	if (pci->kdrv == RTE_PCI_KDRV_VFIO || pci->kdrv == RTE_PCI_KDRV_IGB_UIO ||
	    pci->kdrv == RTE_PCI_KDRV_UIO_GENERIC) {
		ret = sriovnic_map_silicon(hw, pci);
	} else {
		snprintf(dir, sizeof(dir), "%s/%s", rte_pci_get_sysfs_path(),
			 hw->name);
		ret = sriovnic_map_model(hw, dir);
	}
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
	sriovnic_attach_close(hw);
	if (hw->bar_is_file && hw->bar != NULL)
		munmap(hw->bar, hw->bar_len);
	hw->bar = NULL;
	hw->bar_is_file = false;
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
