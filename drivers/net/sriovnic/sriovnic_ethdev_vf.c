/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* net_sriovnic_vf: a virtual function. Everything that touches the switch
 * is a request to the PF, which may refuse it.
 */
#include <ethdev_pci.h>
#include <rte_kvargs.h>

#include "sriovnic_ethdev.h"

#define SRIOVNIC_VF_ARG_MBX_TIMEOUT	"mbx_timeout_ms"
#define SRIOVNIC_VF_MBX_TIMEOUT_MS	2000
#define SRIOVNIC_VF_MBX_TIMEOUT_MAX_MS	60000

static unsigned int
vf_timeout(const struct sriovnic_adapter *ad)
{
	return ad->vf_mbx_timeout_ms;
}

static int
vf_set_mac(struct sriovnic_adapter *ad, const uint8_t mac[6],
	   const uint8_t old[6])
{
	struct sriovnic_mbx_mac req = { 0 };

	memcpy(req.mac, mac, 6);
	return sriovnic_vf_request(&ad->vf, SRIOVNIC_MBX_OP_SET_MAC, &req,
				   sizeof(req), NULL, 0, vf_timeout(ad));
}

static int
vf_mc(struct sriovnic_adapter *ad, uint16_t op, const uint8_t mac[6])
{
	struct sriovnic_mbx_mac req = { 0 };

	memcpy(req.mac, mac, 6);
	return sriovnic_vf_request(&ad->vf, op, &req, sizeof(req), NULL, 0,
				   vf_timeout(ad));
}

static int
vf_add_mc(struct sriovnic_adapter *ad, const uint8_t mac[6])
{
	return vf_mc(ad, SRIOVNIC_MBX_OP_ADD_MC, mac);
}

static int
vf_del_mc(struct sriovnic_adapter *ad, const uint8_t mac[6])
{
	return vf_mc(ad, SRIOVNIC_MBX_OP_DEL_MC, mac);
}

static int
vf_rxmode(struct sriovnic_adapter *ad, bool promisc, bool allmulti)
{
	struct sriovnic_mbx_rxmode req = {
		.promisc = promisc,
		.allmulti = allmulti,
	};

	return sriovnic_vf_request(&ad->vf, SRIOVNIC_MBX_OP_RXMODE, &req,
				   sizeof(req), NULL, 0, vf_timeout(ad));
}

static int
vf_max_frame(struct sriovnic_adapter *ad, uint32_t frame)
{
	struct sriovnic_mbx_u32 req = { .value = frame };

	return sriovnic_vf_request(&ad->vf, SRIOVNIC_MBX_OP_MAX_FRAME, &req,
				   sizeof(req), NULL, 0, vf_timeout(ad));
}

static void
vf_mbx_intr(struct sriovnic_adapter *ad)
{
	sriovnic_vf_mbx_poll(&ad->vf);
}

static void
vf_close(struct sriovnic_adapter *ad)
{
	/* tell the PF to forget us; it cleans up by itself if we cannot */
	sriovnic_vf_request(&ad->vf, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL, 0,
			    vf_timeout(ad));
}

static const struct sriovnic_func_ops sriovnic_vf_func_ops = {
	.set_mac = vf_set_mac,
	.add_mc = vf_add_mc,
	.del_mc = vf_del_mc,
	.rxmode = vf_rxmode,
	.max_frame = vf_max_frame,
	.mbx_intr = vf_mbx_intr,
	.close = vf_close,
};

static int
parse_timeout(const char *key, const char *value, void *arg)
{
	unsigned int *ms = arg;
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || *value == '\0' || *end != '\0' || v == 0 ||
	    v > SRIOVNIC_VF_MBX_TIMEOUT_MAX_MS) {
		PMD_INIT_LOG(ERR, "devarg %s=%s: need milliseconds in [1, %u]",
			     key, value, SRIOVNIC_VF_MBX_TIMEOUT_MAX_MS);
		return -EINVAL;
	}
	*ms = v;
	return 0;
}

static int
vf_parse_devargs(struct sriovnic_adapter *ad, const struct rte_devargs *da)
{
	static const char *const keys[] = { SRIOVNIC_VF_ARG_MBX_TIMEOUT, NULL };
	struct rte_kvargs *kv;
	int ret;

	ad->vf_mbx_timeout_ms = SRIOVNIC_VF_MBX_TIMEOUT_MS;
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(da->args, keys);
	if (kv == NULL) {
		PMD_INIT_LOG(ERR, "invalid devargs '%s'; known: %s=<ms>",
			     da->args, SRIOVNIC_VF_ARG_MBX_TIMEOUT);
		return -EINVAL;
	}
	ret = rte_kvargs_process(kv, SRIOVNIC_VF_ARG_MBX_TIMEOUT,
				 parse_timeout, &ad->vf_mbx_timeout_ms);
	rte_kvargs_free(kv);
	return ret < 0 ? -EINVAL : 0;
}

static int
sriovnic_vf_dev_init(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -ENOTSUP;
	ret = vf_parse_devargs(ad, pci->device.devargs);
	if (ret != 0)
		return ret;
	ret = sriovnic_hw_attach(&ad->hw, pci, true);
	if (ret != 0)
		return ret;
	ret = sriovnic_hw_reset(&ad->hw);
	if (ret == 0)
		ret = sriovnic_vf_init(&ad->vf, &ad->hw, ad->vf_mbx_timeout_ms);
	if (ret != 0)
		goto fail;
	ad->ops = &sriovnic_vf_func_ops;
	ad->hw.max_rxq = RTE_MIN(ad->hw.max_rxq, ad->vf.res.max_rxq);
	ad->hw.max_txq = RTE_MIN(ad->hw.max_txq, ad->vf.res.max_txq);
	ret = sriovnic_dev_init(dev, ad->vf.res.mac);
	if (ret != 0)
		goto fail;
	PMD_INIT_LOG(INFO, "%s: VF port %u, mailbox API %u.%u",
		     ad->hw.name, dev->data->port_id, SRIOVNIC_MBX_API_MAJOR,
		     ad->vf.api_minor);
	return 0;
fail:
	sriovnic_hw_detach(&ad->hw);
	return ret;
}

static int
sriovnic_vf_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_probe(pci,
			sizeof(struct sriovnic_adapter), sriovnic_vf_dev_init);
}

static int
sriovnic_vf_uninit(struct rte_eth_dev *dev)
{
	return rte_eth_dev_close(dev->data->port_id);
}

static int
sriovnic_vf_remove(struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_remove(pci, sriovnic_vf_uninit);
}

static const struct rte_pci_id sriovnic_vf_ids[] = {
	{ RTE_PCI_DEVICE(SRIOVNIC_VENDOR_ID, SRIOVNIC_DEV_ID_VF) },
	{ .vendor_id = 0 },
};

static struct rte_pci_driver sriovnic_vf_driver = {
	.id_table = sriovnic_vf_ids,
	.drv_flags = RTE_PCI_DRV_INTR_LSC,
	.probe = sriovnic_vf_probe,
	.remove = sriovnic_vf_remove,
};

RTE_PMD_REGISTER_PCI(net_sriovnic_vf, sriovnic_vf_driver);
RTE_PMD_REGISTER_PCI_TABLE(net_sriovnic_vf, sriovnic_vf_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_sriovnic_vf, "* vfio-pci");
RTE_PMD_REGISTER_PARAM_STRING(net_sriovnic_vf,
			      SRIOVNIC_VF_ARG_MBX_TIMEOUT "=<1-60000>");
