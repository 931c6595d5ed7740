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

static int
vf_req(struct sriovnic_adapter *ad, uint16_t op, const void *req,
       uint16_t len)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return sriovnic_vf_request(&va->vf, op, req, len, NULL, 0,
				   va->mbx_timeout_ms);
}

static int
vf_set_mac(struct sriovnic_adapter *ad, const uint8_t mac[6],
	   const uint8_t old[6])
{
	struct sriovnic_mbx_mac req = { .rsvd = 0 };

	memcpy(req.mac, mac, 6);
	return vf_req(ad, SRIOVNIC_MBX_OP_SET_MAC, &req, sizeof(req));
}

static int
vf_uc(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add)
{
	struct sriovnic_mbx_mac req = { .rsvd = 0 };

	memcpy(req.mac, mac, 6);
	return vf_req(ad, add ? SRIOVNIC_MBX_OP_ADD_MAC : SRIOVNIC_MBX_OP_DEL_MAC,
		      &req, sizeof(req));
}

static int
vf_mc(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add)
{
	struct sriovnic_mbx_mac req = { .rsvd = 0 };

	memcpy(req.mac, mac, 6);
	return vf_req(ad, add ? SRIOVNIC_MBX_OP_ADD_MC : SRIOVNIC_MBX_OP_DEL_MC,
		      &req, sizeof(req));
}

static int
vf_rxmode(struct sriovnic_adapter *ad, bool promisc, bool allmulti)
{
	struct sriovnic_mbx_rxmode req = {
		.promisc = promisc,
		.allmulti = allmulti,
	};

	return vf_req(ad, SRIOVNIC_MBX_OP_RXMODE, &req, sizeof(req));
}

/* The VLANs asked for are remembered, to restore after a PF reset */
static int
vf_vlan_filter(struct sriovnic_adapter *ad, uint16_t vid, bool on)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_vlan req = { .vid = vid };
	unsigned int i;
	int ret;

	ret = vf_req(ad, on ? SRIOVNIC_MBX_OP_ADD_VLAN : SRIOVNIC_MBX_OP_DEL_VLAN,
		     &req, sizeof(req));
	if (ret != 0)
		return ret;
	for (i = 0; i < va->nb_vlan && va->vlan[i] != vid; i++)
		;
	if (on && i == va->nb_vlan && va->nb_vlan < SRIOVNIC_FUNC_MAX_VLAN)
		va->vlan[va->nb_vlan++] = vid;
	else if (!on && i < va->nb_vlan)
		va->vlan[i] = va->vlan[--va->nb_vlan];
	return 0;
}

static int
vf_vlan_strip(struct sriovnic_adapter *ad, bool on)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_u32 req = { .value = on };

	/* a PF without VLAN support never strips: nothing to turn off */
	if (!(va->vf.caps & SRIOVNIC_MBX_CAP_VLAN))
		return on ? -ENOTSUP : 0;
	return vf_req(ad, SRIOVNIC_MBX_OP_VLAN_STRIP, &req, sizeof(req));
}

static int
vf_vlan_filtering(struct sriovnic_adapter *ad, bool on)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_u32 req = { .value = on };

	/* a PF before API 1.3 filters whenever the list has a VID */
	if (!(va->vf.caps & SRIOVNIC_MBX_CAP_VLAN_FILTER))
		return 0;
	return vf_req(ad, SRIOVNIC_MBX_OP_VLAN_FILTER, &req, sizeof(req));
}

static int
vf_max_frame(struct sriovnic_adapter *ad, uint32_t frame)
{
	struct sriovnic_mbx_u32 req = { .value = frame };

	return vf_req(ad, SRIOVNIC_MBX_OP_MAX_FRAME, &req, sizeof(req));
}

/* The PF checks queues, key and table before we program our registers */
static int
vf_rss_check(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct rte_eth_dev_data *data = ad->eth_dev->data;
	struct sriovnic_mbx_queues q = {
		.nb_rxq = data->nb_rx_queues,
		.nb_txq = data->nb_tx_queues,
	};
	struct sriovnic_mbx_rss_key key;
	struct sriovnic_mbx_rss_lut lut;
	int ret;

	if (!(va->vf.caps & SRIOVNIC_MBX_CAP_RSS))
		return 0;
	ret = vf_req(ad, SRIOVNIC_MBX_OP_CFG_QUEUES, &q, sizeof(q));
	memcpy(key.key, ad->rss_key, sizeof(key.key));
	if (ret == 0)
		ret = vf_req(ad, SRIOVNIC_MBX_OP_RSS_KEY, &key, sizeof(key));
	for (lut.offset = 0; ret == 0 && lut.offset < SRIOVNIC_RSS_RETA_SIZE;
	     lut.offset += lut.count) {
		lut.count = RTE_MIN(SRIOVNIC_MBX_LUT_CHUNK,
				    SRIOVNIC_RSS_RETA_SIZE - lut.offset);
		memcpy(lut.queue, &ad->reta[lut.offset], lut.count);
		ret = vf_req(ad, SRIOVNIC_MBX_OP_RSS_LUT, &lut, sizeof(lut));
	}
	return ret;
}

/* Everything the PF forgot in its reset, asked for again. */
static int
vf_restore(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct rte_eth_dev_data *data = ad->eth_dev->data;
	unsigned int i;
	int ret = 0;

	if (!(va->vf.res.flags & SRIOVNIC_MBX_RES_ADMIN_MAC))
		ret = vf_set_mac(ad, data->mac_addrs[0].addr_bytes, NULL);
	for (i = 1; ret == 0 && i < SRIOVNIC_MAX_MAC_ADDRS; i++)
		if (!rte_is_zero_ether_addr(&data->mac_addrs[i]))
			ret = vf_uc(ad, data->mac_addrs[i].addr_bytes, true);
	for (i = 0; ret == 0 && i < ad->nb_mc; i++)
		ret = vf_mc(ad, ad->mc[i].addr_bytes, true);
	for (i = 0; ret == 0 && i < va->nb_vlan; i++)
		ret = vf_vlan_filter(ad, va->vlan[i], true);
	if (ret == 0 && (data->promiscuous || data->all_multicast))
		ret = vf_rxmode(ad, data->promiscuous, data->all_multicast);
	if (ret == 0 && data->dev_started) {
		ret = vf_max_frame(ad, ad->max_frame);
		if (ret == 0)
			ret = vf_vlan_strip(ad, ad->vlan_strip);
		if (ret == 0)
			ret = vf_vlan_filtering(ad, ad->vlan_filtering);
		if (ret == 0)
			ret = vf_rss_check(ad);
	}
	if (ret == 0)
		ret = sriovnic_tm_vf_restore(ad);
	return ret;
}

static int
vf_handshake(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_flow_info info = { .groups = 0 };
	int ret = sriovnic_vf_init(&va->vf, ad->hw, va->mbx_timeout_ms);

	if (ret != 0)
		return ret;
	ad->hw->max_rxq = RTE_MIN(ad->hw->max_rxq, va->vf.res.max_rxq);
	ad->hw->max_txq = RTE_MIN(ad->hw->max_txq, va->vf.res.max_txq);
	/* flow rules: only as many groups as the PF says (0: none) */
	if ((va->vf.caps & SRIOVNIC_MBX_CAP_FLOW) &&
	    sriovnic_vf_flow_info(&va->vf, &info, va->mbx_timeout_ms) != 0)
		info.groups = 0;
	va->flow_groups = info.groups;
	return 0;
}

/* No reset event yet: rte_eth_dev_reset() could not succeed before the
 * PF is back, and an application that gives up on a failed reset (OVS
 * deletes the port) would lose the port.
 */
static void
vf_pf_lost(struct sriovnic_adapter *ad, const char *why)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	if (va->pf_lost)
		return;
	va->pf_lost = true;
	PMD_DRV_LOG(WARNING, "%s: %s; VF will recover when the PF is back",
		    ad->hw->name, why);
}

/* Handshake again and ask for everything the PF may have forgotten */
static int
vf_recover(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	int ret = vf_handshake(ad);

	if (ret == 0)
		ret = vf_restore(ad);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "%s: recovery failed: %s", ad->hw->name,
			    strerror(-ret));
		return ret;
	}
	va->pf_lost = false;
	/* a rule the PF refuses now stays listed; the log names it */
	sriovnic_flow_restore(ad);
	PMD_DRV_LOG(NOTICE, "%s: VF settings restored with the PF",
		    ad->hw->name);
	return 0;
}

/* rte_eth_dev_reset(): the application configures the port again, its
 * shaping too; the handshake's RESET has the PF put the card's defaults
 * back for our queues.
 */
static int
vf_reset(struct sriovnic_adapter *ad)
{
	sriovnic_tm_init(ad);
	return vf_recover(ad);
}

/* PF_STATE changed: the PF was reset or its driver came or went. Once it
 * is back the VF recovers, then raises the reset event: the application's
 * rte_eth_dev_reset() now succeeds, and one that ignores the event (the
 * port kept running) has its settings back all the same.
 */
static void
vf_misc_intr(struct sriovnic_adapter *ad, bool link_changed)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	uint32_t st = sriovnic_read(ad->hw, SRIOVNIC_PF_STATE);

	if (st == va->pf_state)
		return;
	if (!(st & SRIOVNIC_PFST_READY) ||
	    (st >> SRIOVNIC_PFST_RESETS_SHIFT) !=
	    (va->pf_state >> SRIOVNIC_PFST_RESETS_SHIFT))
		vf_pf_lost(ad, "PF reset");
	va->pf_state = st;
	if (!(st & SRIOVNIC_PFST_READY) || !va->pf_lost)
		return;
	vf_recover(ad);
	rte_eth_dev_callback_process(ad->eth_dev, RTE_ETH_EVENT_INTR_RESET,
				     NULL);
}

static void
vf_event(struct sriovnic_vf *vf, const struct sriovnic_mbx_msg *ev)
{
	struct sriovnic_adapter *ad = vf->event_arg;
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	switch (ev->hdr.opcode) {
	case SRIOVNIC_MBX_EV_MAC:
		if (ev->hdr.len >= RTE_ETHER_ADDR_LEN) {
			memcpy(ad->eth_dev->data->mac_addrs[0].addr_bytes,
			       ev->payload, RTE_ETHER_ADDR_LEN);
			va->vf.res.flags |= SRIOVNIC_MBX_RES_ADMIN_MAC;
		}
		break;
	case SRIOVNIC_MBX_EV_TM_CAP:
		sriovnic_tm_vf_cap_event(ad, ev);
		break;
	case SRIOVNIC_MBX_EV_RESET:
	case SRIOVNIC_MBX_EV_PF_DOWN:
		vf_pf_lost(ad, ev->hdr.opcode == SRIOVNIC_MBX_EV_RESET ?
			   "PF announced a reset" : "PF driver closed");
		break;
	default:
		/* LINK and VLAN are also visible in registers; PING needs
		 * nothing but the mailbox ack
		 */
		PMD_MBX_LOG(DEBUG, "%s: event %#x from PF", ad->hw->name,
			    ev->hdr.opcode);
		break;
	}
}

static void
vf_mbx_intr(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	sriovnic_vf_mbx_poll(&va->vf);
}

static void
vf_close(struct sriovnic_adapter *ad)
{
	/* tell the PF to forget us; the card tells it too if we cannot */
	vf_req(ad, SRIOVNIC_MBX_OP_RESET, NULL, 0);
}

static struct sriovnic_pf_adapter *
vf_switch_pf(struct sriovnic_adapter *ad)
{
	RTE_SET_USED(ad);
	return NULL;	/* the switch is the PF's alone */
}

/* What it negotiated and was granted, as last learned from its PF */
static void
vf_dump(struct sriovnic_adapter *ad, FILE *f)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	const struct sriovnic_vf *vf = &va->vf;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr ea;
	uint16_t k;

	memcpy(&ea, vf->res.mac, sizeof(ea));
	rte_ether_format_addr(mac, sizeof(mac), &ea);
	fprintf(f, "VF %u (%s): PF %s, PF_STATE %#x\n",
		ad->hw->func_id - SRIOVNIC_FUNC_VF(0), ad->hw->name,
		va->pf_lost ? "lost, recovering" : "ready", va->pf_state);
	fprintf(f, "mailbox: API %u.%u, caps %#x, timeout %u ms\n",
		SRIOVNIC_MBX_API_MAJOR, vf->api_minor, vf->caps,
		va->mbx_timeout_ms);
	fprintf(f, "granted: mac %s%s, queues rx %u tx %u, %u multicast, max frame %u\n",
		mac, vf->res.flags & SRIOVNIC_MBX_RES_ADMIN_MAC ? " (admin)" : "",
		vf->res.max_rxq, vf->res.max_txq, vf->res.max_mc,
		vf->res.max_frame);
	fprintf(f, "vlan filter:");
	for (k = 0; k < va->nb_vlan; k++)
		fprintf(f, " %u", va->vlan[k]);
	fprintf(f, "\nflow groups %u; tx cap: committed %" PRIu64 " B/s, peak %" PRIu64 " B/s (0: none)\n",
		va->flow_groups, va->tm_cap.cir, va->tm_cap.pir);
}

static const struct sriovnic_func_ops sriovnic_vf_func_ops = {
	.dump = vf_dump,
	.set_mac = vf_set_mac,
	.uc = vf_uc,
	.mc = vf_mc,
	.rxmode = vf_rxmode,
	.vlan_filter = vf_vlan_filter,
	.vlan_strip = vf_vlan_strip,
	.vlan_filtering = vf_vlan_filtering,
	.max_frame = vf_max_frame,
	.rss_check = vf_rss_check,
	.misc_intr = vf_misc_intr,
	.mbx_intr = vf_mbx_intr,
	.close = vf_close,
	.reset = vf_reset,
	.switch_pf = vf_switch_pf,
	.flow = &sriovnic_flow_vf_backend,
	.tm = &sriovnic_tm_vf_backend,
};

static int
vf_parse_devargs(struct sriovnic_vf_adapter *va, const struct rte_devargs *da)
{
	static const char *const keys[] = { SRIOVNIC_VF_ARG_MBX_TIMEOUT, NULL };
	struct rte_kvargs *kv;
	int ret;

	va->mbx_timeout_ms = SRIOVNIC_VF_MBX_TIMEOUT_MS;
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(da->args, keys);
	if (kv == NULL) {
		PMD_INIT_LOG(ERR, "invalid devargs '%s'; known: %s=<ms>",
			     da->args, SRIOVNIC_VF_ARG_MBX_TIMEOUT);
		return -EINVAL;
	}
	ret = sriovnic_kvargs_once(kv, keys, da->name);
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_VF_ARG_MBX_TIMEOUT,
			sriovnic_devarg_uint, &(struct sriovnic_devarg_uint){
				&va->mbx_timeout_ms, 1,
				SRIOVNIC_VF_MBX_TIMEOUT_MAX_MS });
	rte_kvargs_free(kv);
	return ret < 0 ? -EINVAL : 0;
}

static int
sriovnic_vf_dev_init(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct sriovnic_vf_adapter *va = dev->data->dev_private;
	struct sriovnic_adapter *ad = &va->ad;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return sriovnic_dev_init_secondary(dev);
	ret = vf_parse_devargs(va, pci->device.devargs);
	if (ret != 0)
		return ret;
	ad->hw = &va->hw;
	ret = sriovnic_hw_attach(ad->hw, sriovnic_transport_of(pci), pci,
				 true);
	if (ret != 0)
		return ret;
	ad->eth_dev = dev;
	va->vf.event_cb = vf_event;
	va->vf.event_arg = ad;
	rte_spinlock_init(&va->vf.lock);
	ret = sriovnic_hw_reset(ad->hw);
	if (ret == 0)
		ret = vf_handshake(ad);
	if (ret != 0)
		goto fail;
	ad->ops = &sriovnic_vf_func_ops;
	va->pf_state = sriovnic_read(ad->hw, SRIOVNIC_PF_STATE);
	ret = sriovnic_dev_init(dev, va->vf.res.mac);
	if (ret != 0)
		goto fail;
	PMD_INIT_LOG(INFO, "%s: VF port %u, mailbox API %u.%u",
		     ad->hw->name, dev->data->port_id, SRIOVNIC_MBX_API_MAJOR,
		     va->vf.api_minor);
	return 0;
fail:
	sriovnic_hw_detach(ad->hw);
	return ret;
}

static int
sriovnic_vf_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci)
{
	return rte_eth_dev_pci_generic_probe(pci,
			sizeof(struct sriovnic_vf_adapter), sriovnic_vf_dev_init);
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
