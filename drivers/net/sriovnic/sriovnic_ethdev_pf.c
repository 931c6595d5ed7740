/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* net_sriovnic: the physical function, owner of the port, the embedded
 * switch and every VF's policy.
 */
#include <ethdev_pci.h>

#include "sriovnic_ethdev.h"

/* Rounds of one message per VF handled per mailbox interrupt */
#define SRIOVNIC_PF_MBX_ROUNDS	8

static int
pf_set_mac(struct sriovnic_adapter *ad, const uint8_t mac[6],
	   const uint8_t old[6])
{
	int ret;

	/* ethdev re-applies the current address at every start */
	if (memcmp(mac, old, RTE_ETHER_ADDR_LEN) == 0)
		return 0;
	rte_spinlock_lock(&ad->pf.lock);
	ret = sriovnic_sw_mac_add(&ad->pf, SRIOVNIC_FUNC_PF, mac);
	if (ret == 0)
		sriovnic_sw_mac_del(&ad->pf, SRIOVNIC_FUNC_PF, old);
	rte_spinlock_unlock(&ad->pf.lock);
	return ret;
}

static int
pf_add_mc(struct sriovnic_adapter *ad, const uint8_t mac[6])
{
	int ret;

	rte_spinlock_lock(&ad->pf.lock);
	ret = sriovnic_sw_mac_add(&ad->pf, SRIOVNIC_FUNC_PF, mac);
	rte_spinlock_unlock(&ad->pf.lock);
	return ret;
}

static int
pf_del_mc(struct sriovnic_adapter *ad, const uint8_t mac[6])
{
	int ret;

	rte_spinlock_lock(&ad->pf.lock);
	ret = sriovnic_sw_mac_del(&ad->pf, SRIOVNIC_FUNC_PF, mac);
	rte_spinlock_unlock(&ad->pf.lock);
	return ret;
}

static int
pf_rxmode(struct sriovnic_adapter *ad, bool promisc, bool allmulti)
{
	rte_spinlock_lock(&ad->pf.lock);
	sriovnic_sw_func_cfg(&ad->pf, SRIOVNIC_FUNC_PF,
			     (promisc ? SRIOVNIC_FCFG_PROMISC : 0) |
			     (allmulti ? SRIOVNIC_FCFG_ALLMULTI : 0),
			     SRIOVNIC_FCFG_PROMISC | SRIOVNIC_FCFG_ALLMULTI);
	rte_spinlock_unlock(&ad->pf.lock);
	return 0;
}

static int
pf_max_frame(struct sriovnic_adapter *ad, uint32_t frame)
{
	return frame <= SRIOVNIC_MAX_FRAME_LIMIT ? 0 : -EINVAL;
}

static void
pf_mbx_intr(struct sriovnic_adapter *ad)
{
	unsigned int round;

	for (round = 0; round < SRIOVNIC_PF_MBX_ROUNDS; round++)
		if (sriovnic_pf_mbx_poll(&ad->pf) == 0)
			break;
}

static const struct sriovnic_func_ops sriovnic_pf_func_ops = {
	.set_mac = pf_set_mac,
	.add_mc = pf_add_mc,
	.del_mc = pf_del_mc,
	.rxmode = pf_rxmode,
	.max_frame = pf_max_frame,
	.mbx_intr = pf_mbx_intr,
};

static int
sriovnic_pf_dev_init(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_pf *pf = &ad->pf;
	uint8_t mac[RTE_ETHER_ADDR_LEN];
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -ENOTSUP;
	ret = sriovnic_hw_attach(&ad->hw, pci, false);
	if (ret != 0)
		return ret;
	ret = sriovnic_hw_reset(&ad->hw);
	if (ret != 0)
		goto fail;

	ad->ops = &sriovnic_pf_func_ops;
	pf->hw = &ad->hw;
	rte_spinlock_init(&pf->lock);
	sriovnic_hw_perm_addr(&ad->hw, mac);
	if (!rte_is_valid_assigned_ether_addr((struct rte_ether_addr *)mac)) {
		PMD_INIT_LOG(ERR, "%s: no valid permanent MAC address in the card",
			     ad->hw.name);
		ret = -EINVAL;
		goto fail;
	}
	sriovnic_sw_init(pf);
	sriovnic_pf_vf_init(pf, mac);
	sriovnic_sw_mac_add(pf, SRIOVNIC_FUNC_PF, mac);
	sriovnic_sw_func_cfg(pf, SRIOVNIC_FUNC_PF,
			     SRIOVNIC_FCFG_RX_ENABLE | SRIOVNIC_FCFG_BCAST, 0);

	ret = sriovnic_dev_init(dev, mac);
	if (ret != 0)
		goto fail;
	/* VFs that asked before we were here are answered now */
	pf_mbx_intr(ad);
	PMD_INIT_LOG(INFO, "%s: PF port %u up with %u VFs", ad->hw.name,
		     dev->data->port_id, ad->hw.num_vfs);
	return 0;
fail:
	sriovnic_hw_detach(&ad->hw);
	return ret;
}

static int
sriovnic_pf_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_probe(pci,
			sizeof(struct sriovnic_adapter), sriovnic_pf_dev_init);
}

static int
sriovnic_pf_uninit(struct rte_eth_dev *dev)
{
	return rte_eth_dev_close(dev->data->port_id);
}

static int
sriovnic_pf_remove(struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_remove(pci, sriovnic_pf_uninit);
}

static const struct rte_pci_id sriovnic_pf_ids[] = {
	{ RTE_PCI_DEVICE(SRIOVNIC_VENDOR_ID, SRIOVNIC_DEV_ID_PF) },
	{ .vendor_id = 0 },
};

static struct rte_pci_driver sriovnic_pf_driver = {
	.id_table = sriovnic_pf_ids,
	.drv_flags = RTE_PCI_DRV_INTR_LSC,
	.probe = sriovnic_pf_probe,
	.remove = sriovnic_pf_remove,
};

RTE_PMD_REGISTER_PCI(net_sriovnic, sriovnic_pf_driver);
RTE_PMD_REGISTER_PCI_TABLE(net_sriovnic, sriovnic_pf_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_sriovnic, "* vfio-pci");
