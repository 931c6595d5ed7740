/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * VF representor ports (`-a <PF>,representor=vf[0-3]`). Configuring the
 * representor configures the VF through the PF's administration; its queue
 * pair is the VF's slow path in the switch: what the VF sends that no
 * function claims arrives here, what is sent here reaches the VF.
 */
#include <ethdev_pci.h>

#include "sriovnic_representor.h"
#include "sriovnic_rxtx.h"

struct repr_params {
	struct sriovnic_pf_adapter *pf_ad;
	uint16_t vf;
};

static struct sriovnic_repr *
repr_of(struct rte_eth_dev *dev)
{
	return sriovnic_repr_of(SRIOVNIC_DEV_TO_AD(dev));
}

static struct sriovnic_pf *
repr_pf(struct rte_eth_dev *dev)
{
	return &repr_of(dev)->pf->pf;
}

static uint16_t
repr_vf(struct rte_eth_dev *dev)
{
	return repr_of(dev)->vf;
}

static int
repr_configure(struct rte_eth_dev *dev)
{
	return 0;
}

/* The VF's effective link, down while the VF is unplugged (datasheet 3.9) */
static int
repr_link_update(struct rte_eth_dev *dev, int wait)
{
	struct rte_eth_link link = {
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};
	struct sriovnic_mbx_link vf_link;

	sriovnic_pf_vf_link_of(repr_pf(dev), repr_vf(dev), &vf_link);
	if (dev->data->dev_started && (vf_link.status & SRIOVNIC_LINK_UP) &&
	    sriovnic_pf_vf_present(repr_pf(dev), repr_vf(dev))) {
		link.link_status = RTE_ETH_LINK_UP;
		link.link_speed = vf_link.speed;
	}
	return rte_eth_linkstatus_set(dev, &link);
}

static int
repr_start(struct rte_eth_dev *dev)
{
	int ret;

	ret = sriovnic_tx_queue_start(dev, 0);
	if (ret == 0)
		ret = sriovnic_rx_queue_start(dev, 0);
	if (ret == 0)
		ret = sriovnic_pf_set_vf_slow_path(repr_pf(dev), repr_vf(dev),
						   true);
	if (ret != 0) {
		if (dev->data->tx_queue_state[0] == RTE_ETH_QUEUE_STATE_STARTED)
			sriovnic_tx_queue_stop(dev, 0);
		if (dev->data->rx_queue_state[0] == RTE_ETH_QUEUE_STATE_STARTED)
			sriovnic_rx_queue_stop(dev, 0);
		return ret;
	}
	sriovnic_set_rxtx_funcs(dev);
	dev->data->dev_started = 1;
	repr_link_update(dev, 0);
	return 0;
}

static int
repr_stop(struct rte_eth_dev *dev)
{
	sriovnic_pf_set_vf_slow_path(repr_pf(dev), repr_vf(dev), false);
	if (dev->data->rx_queue_state[0] == RTE_ETH_QUEUE_STATE_STARTED)
		sriovnic_rx_queue_stop(dev, 0);
	if (dev->data->tx_queue_state[0] == RTE_ETH_QUEUE_STATE_STARTED)
		sriovnic_tx_queue_stop(dev, 0);
	dev->data->dev_started = 0;
	repr_link_update(dev, 0);
	return 0;
}

static int
repr_close(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	pthread_mutex_t *pf_mutex = &repr_of(dev)->pf->ad.eth_dev->data->flow_ops_mutex;

	if (dev->data->dev_started)
		repr_stop(dev);
	if (dev->data->nb_rx_queues > 0)
		sriovnic_rx_queue_release(dev, 0);
	if (dev->data->nb_tx_queues > 0)
		sriovnic_tx_queue_release(dev, 0);
	/* out of the PF's list before its rules go, under the PF port's
	 * flow_ops_mutex, which VF policy records (sriovnic_pmd_api.c) and
	 * link checks, run from other threads, hold while they walk the
	 * representors and their rules
	 */
	pthread_mutex_lock(pf_mutex);
	repr_of(dev)->pf->repr[repr_vf(dev)] = NULL;
	pthread_mutex_unlock(pf_mutex);
	sriovnic_flow_close(ad, true);
	sriovnic_representors_switch_mode(repr_of(dev)->pf);
	return 0;
}

static int
repr_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct sriovnic_repr *r = repr_of(dev);
	int ret = sriovnic_eth_dev_ops.dev_infos_get(dev, info);

	info->max_rx_queues = 1;
	info->max_tx_queues = 1;
	info->max_mac_addrs = 1;
	/* VLAN filter: the VF's, as its administrator sets it */
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER |
				RTE_ETH_RX_OFFLOAD_VLAN_FILTER;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->flow_type_rss_offloads = 0;
	info->reta_size = 0;
	info->hash_key_size = 0;
	/* its PF's device, from this process (r->pf's eth_dev is the
	 * primary's)
	 */
	info->switch_info.name = dev->device->name;
	info->switch_info.domain_id = r->switch_domain;
	info->switch_info.port_id = r->vf;
	return ret;
}

static int
repr_promisc(struct rte_eth_dev *dev, bool promisc, bool allmulti)
{
	return sriovnic_pf_set_vf_rxmode(repr_pf(dev), repr_vf(dev), promisc,
					 allmulti);
}

static int
repr_promisc_enable(struct rte_eth_dev *dev)
{
	return repr_promisc(dev, true, dev->data->all_multicast);
}

static int
repr_promisc_disable(struct rte_eth_dev *dev)
{
	return repr_promisc(dev, false, dev->data->all_multicast);
}

static int
repr_allmulti_enable(struct rte_eth_dev *dev)
{
	return repr_promisc(dev, dev->data->promiscuous, true);
}

static int
repr_allmulti_disable(struct rte_eth_dev *dev)
{
	return repr_promisc(dev, dev->data->promiscuous, false);
}

static int
repr_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	return sriovnic_pf_set_vf_mac(repr_pf(dev), repr_vf(dev),
				      mac->addr_bytes);
}

static int
repr_vlan_filter_set(struct rte_eth_dev *dev, uint16_t vid, int on)
{
	return sriovnic_pf_set_vf_vlan_filter(repr_pf(dev), repr_vf(dev), vid,
					      on);
}

/* VLAN filtering of the VF: testpmd "vlan set filter on|off <rep>" */
static int
repr_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	if (!(mask & RTE_ETH_VLAN_FILTER_MASK))
		return 0;
	return sriovnic_pf_set_vf_vlan_filtering(repr_pf(dev), repr_vf(dev),
			!!(dev->data->dev_conf.rxmode.offloads &
			   RTE_ETH_RX_OFFLOAD_VLAN_FILTER));
}

/* Port VLAN of the VF: testpmd "tx_vlan set pvid <rep> <vid> on|off" */
static int
repr_vlan_pvid_set(struct rte_eth_dev *dev, uint16_t vid, int on)
{
	return sriovnic_pf_set_vf_vlan(repr_pf(dev), repr_vf(dev),
				       on ? vid : 0, 0);
}

/* TPID of the VF's port VLAN tag, the outer tag on the wire: testpmd
 * "vlan set outer tpid 0x88a8 <rep>"
 */
static int
repr_vlan_tpid_set(struct rte_eth_dev *dev, enum rte_vlan_type type,
		   uint16_t tpid)
{
	if (type != RTE_ETH_VLAN_TYPE_OUTER) {
		PMD_DRV_LOG(ERR, "port %u: only the outer TPID, that of the VF's port VLAN tag, can be set",
			    dev->data->port_id);
		return -ENOTSUP;
	}
	return sriovnic_pf_set_vf_vlan_tpid(repr_pf(dev), repr_vf(dev), tpid);
}

static int
repr_set_link_up(struct rte_eth_dev *dev)
{
	int ret = sriovnic_pf_set_vf_link(repr_pf(dev), repr_vf(dev),
					  SRIOVNIC_FLINK_AUTO);

	repr_link_update(dev, 0);
	return ret;
}

static int
repr_set_link_down(struct rte_eth_dev *dev)
{
	int ret = sriovnic_pf_set_vf_link(repr_pf(dev), repr_vf(dev),
					  SRIOVNIC_FLINK_DOWN);

	repr_link_update(dev, 0);
	return ret;
}

/* The representor's counters are the VF's, seen from the switch */
static int
repr_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct sriovnic_mbx_stats vf;
	int ret = sriovnic_pf_get_vf_stats(repr_pf(dev), repr_vf(dev), &vf);

	if (ret != 0)
		return ret;
	st->ipackets = vf.rx_pkts;
	st->ibytes = vf.rx_bytes;
	st->opackets = vf.tx_pkts;
	st->obytes = vf.tx_bytes;
	st->imissed = vf.rx_missed;
	st->oerrors = vf.spoof_mac + vf.spoof_vlan;
	return 0;
}

static int
repr_stats_reset(struct rte_eth_dev *dev)
{
	return sriovnic_pf_reset_vf_stats(repr_pf(dev), repr_vf(dev));
}

static int
repr_close_secondary(struct rte_eth_dev *dev)
{
	return 0;
}

/* In a secondary process: reads only (sriovnic_eth_dev_ops_secondary) */
static const struct eth_dev_ops sriovnic_repr_ops_secondary = {
	.dev_configure = sriovnic_primary_only,
	.dev_start = sriovnic_primary_only,
	.dev_stop = sriovnic_primary_only,
	.dev_close = repr_close_secondary,
	.dev_infos_get = repr_infos_get,
	.link_update = repr_link_update,
	.dev_set_link_up = sriovnic_primary_only,
	.dev_set_link_down = sriovnic_primary_only,
	.promiscuous_enable = sriovnic_primary_only,
	.promiscuous_disable = sriovnic_primary_only,
	.allmulticast_enable = sriovnic_primary_only,
	.allmulticast_disable = sriovnic_primary_only,
	.stats_get = repr_stats_get,
	.stats_reset = repr_stats_reset,
};

static const struct eth_dev_ops sriovnic_repr_ops = {
	.dev_configure = repr_configure,
	.dev_start = repr_start,
	.dev_stop = repr_stop,
	.dev_close = repr_close,
	.dev_infos_get = repr_infos_get,
	.link_update = repr_link_update,
	.dev_set_link_up = repr_set_link_up,
	.dev_set_link_down = repr_set_link_down,
	.promiscuous_enable = repr_promisc_enable,
	.promiscuous_disable = repr_promisc_disable,
	.allmulticast_enable = repr_allmulti_enable,
	.allmulticast_disable = repr_allmulti_disable,
	.mac_addr_set = repr_mac_addr_set,
	.vlan_filter_set = repr_vlan_filter_set,
	.vlan_offload_set = repr_vlan_offload_set,
	.vlan_pvid_set = repr_vlan_pvid_set,
	.vlan_tpid_set = repr_vlan_tpid_set,
	.stats_get = repr_stats_get,
	.stats_reset = repr_stats_reset,
	.rx_queue_setup = sriovnic_rx_queue_setup,
	.rx_queue_release = sriovnic_rx_queue_release,
	.tx_queue_setup = sriovnic_tx_queue_setup,
	.tx_queue_release = sriovnic_tx_queue_release,
	.flow_ops_get = sriovnic_flow_ops_get,
	.eth_dev_priv_dump = sriovnic_dev_priv_dump,
};

void
sriovnic_representors_link_check(struct sriovnic_pf_adapter *pf_ad)
{
	pthread_mutex_t *pf_mutex = &pf_ad->ad.eth_dev->data->flow_ops_mutex;
	struct rte_eth_dev *changed[SRIOVNIC_MAX_VFS];
	uint16_t vfs[SRIOVNIC_MAX_VFS];
	unsigned int nb = 0, i;
	struct rte_eth_dev *dev;
	bool still;
	uint16_t vf;

	/* representors leave under it (repr_close) */
	pthread_mutex_lock(pf_mutex);
	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++) {
		dev = pf_ad->repr[vf];
		if (dev != NULL && repr_link_update(dev, 0) == 0 &&
		    dev->data->dev_conf.intr_conf.lsc) {
			changed[nb] = dev;
			vfs[nb++] = vf;
		}
	}
	pthread_mutex_unlock(pf_mutex);
	/* outside the lock, as a callback may use the ports; not for a
	 * representor closed meanwhile
	 */
	for (i = 0; i < nb; i++) {
		pthread_mutex_lock(pf_mutex);
		still = pf_ad->repr[vfs[i]] == changed[i];
		pthread_mutex_unlock(pf_mutex);
		if (still)
			rte_eth_dev_callback_process(changed[i],
						     RTE_ETH_EVENT_INTR_LSC,
						     NULL);
	}
}

static struct sriovnic_pf_adapter *
repr_switch_pf(struct sriovnic_adapter *ad)
{
	return sriovnic_repr_of(ad)->pf;
}

/* Its VF as the PF has it */
static void
repr_dump(struct sriovnic_adapter *ad, FILE *f)
{
	struct sriovnic_repr *r = sriovnic_repr_of(ad);
	struct sriovnic_pf_vf_info i;

	fprintf(f, "representor of VF %u of PF port %u (%s)\n", r->vf,
		r->pf->ad.eth_dev->data->port_id, r->pf->hw.name);
	sriovnic_pf_get_vf_info(&r->pf->pf, r->vf, &i);
	sriovnic_dump_vf(f, r->vf, &i);
}

/* Its ethdev ops are its own; its rules are transfer rules of its PF */
static const struct sriovnic_func_ops sriovnic_repr_func_ops = {
	.dump = repr_dump,
	.switch_pf = repr_switch_pf,
	.flow = &sriovnic_flow_pf_backend,
};

static int
repr_init(struct rte_eth_dev *dev, void *arg)
{
	const struct repr_params *p = arg;
	struct sriovnic_repr *r = dev->data->dev_private;
	struct sriovnic_adapter *ad = &r->ad;
	const struct sriovnic_func *fn = sriovnic_pf_vf(&p->pf_ad->pf, p->vf);

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		sriovnic_port_secondary(dev, &sriovnic_repr_ops_secondary);
		return 0;
	}
	r->pf = p->pf_ad;
	r->vf = p->vf;
	r->switch_domain = p->pf_ad->switch_domain;
	ad->eth_dev = dev;
	ad->hw = &p->pf_ad->hw;
	ad->ops = &sriovnic_repr_func_ops;
	ad->rxq_reg = SRIOVNIC_REP_RXQ(p->vf);
	ad->txq_reg = SRIOVNIC_REP_TXQ(p->vf);
	ad->max_frame = SRIOVNIC_DEFAULT_FRAME;
	/* its queues send with the PF's MAX_FRAME (datasheet 6.5) */
	ad->tx_max_frame = &p->pf_ad->ad.max_frame;
	TAILQ_INIT(&ad->flows);
	dev->dev_ops = &sriovnic_repr_ops;
	sriovnic_rxtx_init(dev);
	/* LSC: its link follows the port's, its administrator's and whether
	 * its VF is plugged in (sriovnic_representors_link_check())
	 */
	dev->data->dev_flags |= RTE_ETH_DEV_REPRESENTOR | RTE_ETH_DEV_INTR_LSC;
	dev->data->representor_id = p->vf;
	dev->data->backer_port_id = p->pf_ad->ad.eth_dev->data->port_id;
	dev->data->mac_addrs = rte_zmalloc("sriovnic_repr_mac",
					   RTE_ETHER_ADDR_LEN, 0);
	if (dev->data->mac_addrs == NULL)
		return -ENOMEM;
	memcpy(dev->data->mac_addrs[0].addr_bytes, fn->mac, RTE_ETHER_ADDR_LEN);
	return 0;
}

static void
repr_destroy(struct sriovnic_pf_adapter *pf_ad, uint16_t vf)
{
	struct rte_eth_dev *dev = pf_ad->repr[vf];

	repr_close(dev);
	rte_eth_dev_release_port(dev);
}

static void
repr_domain_free(struct sriovnic_pf_adapter *pf_ad)
{
	if (pf_ad->switch_domain != RTE_ETH_DEV_SWITCH_DOMAIN_ID_INVALID)
		rte_eth_switch_domain_free(pf_ad->switch_domain);
	pf_ad->switch_domain = RTE_ETH_DEV_SWITCH_DOMAIN_ID_INVALID;
}

static void
repr_name(char name[RTE_ETH_NAME_MAX_LEN], const struct rte_eth_dev *pf_dev,
	  uint16_t vf)
{
	snprintf(name, RTE_ETH_NAME_MAX_LEN, "net_%s_representor_%u",
		 pf_dev->device->name, vf);
}

/* Also on a PF probed again (rte_dev_probe() of "<PF>,representor=vf[n]",
 * as OVS does): representors that exist stay, the others are added; a
 * failure removes only what this call added.
 */
int
sriovnic_representors_create(struct sriovnic_pf_adapter *pf_ad,
			     const struct rte_eth_devargs *da)
{
	struct rte_eth_dev *pf_dev = pf_ad->ad.eth_dev;
	bool added[SRIOVNIC_MAX_VFS] = { false };
	bool new_domain = false;
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t i, vf;
	int ret = 0;

	/* one domain for the PF's lifetime, however often it is probed */
	if (pf_ad->switch_domain == RTE_ETH_DEV_SWITCH_DOMAIN_ID_INVALID) {
		ret = rte_eth_switch_domain_alloc(&pf_ad->switch_domain);
		if (ret != 0)
			return ret;
		new_domain = true;
	}
	for (i = 0; i < da->nb_representor_ports; i++) {
		struct repr_params p = {
			.pf_ad = pf_ad,
			.vf = da->representor_ports[i],
		};

		if (p.vf >= pf_ad->hw.num_vfs) {
			PMD_INIT_LOG(ERR, "%s: representor for VF %u, the card has %u VFs",
				     pf_ad->hw.name, p.vf, pf_ad->hw.num_vfs);
			ret = -EINVAL;
			break;
		}
		if (pf_ad->repr[p.vf] != NULL)
			continue;
		repr_name(name, pf_dev, p.vf);
		ret = rte_eth_dev_create(pf_dev->device, name,
					 sizeof(struct sriovnic_repr),
					 NULL, NULL, repr_init, &p);
		if (ret != 0) {
			PMD_INIT_LOG(ERR, "%s: cannot create representor of VF %u",
				     pf_ad->hw.name, p.vf);
			break;
		}
		pf_ad->repr[p.vf] = rte_eth_dev_allocated(name);
		added[p.vf] = true;
	}
	if (ret == 0)
		return sriovnic_representors_switch_mode(pf_ad);
	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++)
		if (added[vf])
			repr_destroy(pf_ad, vf);
	if (new_domain)
		repr_domain_free(pf_ad);
	return ret;
}

/* With representors, a vswitch on them decides where VF traffic goes:
 * the card's switch must not deliver it as well (datasheet 10.8). A card
 * without the mode keeps the slow path of started representors.
 */
int
sriovnic_representors_switch_mode(struct sriovnic_pf_adapter *pf_ad)
{
	bool on = pf_ad->switch_mode == SRIOVNIC_SWITCH_SWITCHDEV;
	uint16_t vf;
	int ret;

	if (pf_ad->switch_mode == SRIOVNIC_SWITCH_AUTO &&
	    (pf_ad->hw.caps & SRIOVNIC_CAP_SWITCHDEV))
		for (vf = 0; vf < SRIOVNIC_MAX_VFS && !on; vf++)
			on = pf_ad->repr[vf] != NULL;
	ret = sriovnic_pf_set_switchdev(&pf_ad->pf, on);
	if (ret != 0)
		PMD_INIT_LOG(ERR, "%s: switch_mode=switchdev: the card has no switchdev mode (CAPS %#x)",
			     pf_ad->hw.name, pf_ad->hw.caps);
	return ret;
}

void
sriovnic_representors_destroy(struct sriovnic_pf_adapter *pf_ad)
{
	uint16_t vf;

	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++)
		if (pf_ad->repr[vf] != NULL)
			repr_destroy(pf_ad, vf);
	repr_domain_free(pf_ad);
}

/* An ethdev released in a secondary process keeps its name there */
static struct rte_eth_dev *
repr_attached(const struct rte_eth_dev *pf_dev, uint16_t vf)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	struct rte_eth_dev *dev;

	repr_name(name, pf_dev, vf);
	dev = rte_eth_dev_allocated(name);
	return dev != NULL && dev->state != RTE_ETH_DEV_UNUSED ? dev : NULL;
}

/* By their names; repr[] holds the primary's pointers, of which only
 * whether they are set means something here
 */
int
sriovnic_representors_attach(struct rte_eth_dev *pf_dev)
{
	struct sriovnic_pf_adapter *pf_ad = pf_dev->data->dev_private;
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t vf;
	int ret;

	for (vf = 0; vf < pf_ad->hw.num_vfs; vf++) {
		struct repr_params p = { .pf_ad = pf_ad, .vf = vf };

		if (pf_ad->repr[vf] == NULL || repr_attached(pf_dev, vf) != NULL)
			continue;
		repr_name(name, pf_dev, vf);
		ret = rte_eth_dev_create(pf_dev->device, name, 0, NULL, NULL,
					 repr_init, &p);
		if (ret != 0) {
			PMD_INIT_LOG(ERR, "%s: cannot attach representor of VF %u",
				     pf_ad->hw.name, vf);
			return ret;
		}
	}
	return 0;
}

void
sriovnic_representors_detach(struct rte_eth_dev *pf_dev)
{
	struct rte_eth_dev *dev;
	uint16_t vf;

	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++) {
		dev = repr_attached(pf_dev, vf);
		if (dev != NULL)
			rte_eth_dev_release_port(dev);
	}
}
