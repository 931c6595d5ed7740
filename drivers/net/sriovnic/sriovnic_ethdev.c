/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* ethdev operations shared by the PF and VF drivers. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <ethdev_pci.h>
#include <rte_ether.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_representor.h"
#include "sriovnic_rxtx.h"

/* RSS types of every card; RTE_ETH_RSS_IPV6_EX with CAP_RSS_IPV6_EX */
#define SRIOVNIC_RSS_OFFLOAD_BASE (RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 | \
	RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_NONFRAG_IPV4_TCP | \
	RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_IPV6 | \
	RTE_ETH_RSS_FRAG_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_OTHER | \
	RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP)

/* Frames of `frame` bytes fit every rx queue's buffers, or it scatters */
static int
rx_queues_fit(struct rte_eth_dev *dev, uint32_t frame)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && sriovnic_rxq_needs_scatter(rxq, frame)) {
			PMD_DRV_LOG(ERR, "port %u: %u-byte frames need scatter on rx queue %u (%u-byte buffers)",
				    dev->data->port_id, frame, q, rxq->buf_len);
			return -EINVAL;
		}
	}
	return 0;
}

static uint64_t
rss_offloads(const struct sriovnic_hw *hw)
{
	return SRIOVNIC_RSS_OFFLOAD_BASE |
		(hw->caps & SRIOVNIC_CAP_RSS_IPV6_EX ? RTE_ETH_RSS_IPV6_EX : 0);
}

static int
rss_conf_check(const struct rte_eth_dev *dev, const struct rte_eth_rss_conf *rss)
{
	uint64_t supported = rss_offloads(SRIOVNIC_DEV_TO_AD(dev)->hw);

	if (rss->rss_hf & ~supported) {
		PMD_DRV_LOG(ERR, "port %u: RSS types %#" PRIx64 " not supported (supported: %#" PRIx64 ")",
			    dev->data->port_id, rss->rss_hf, supported);
		return -EINVAL;
	}
	if (rss->rss_key != NULL && rss->rss_key_len != SRIOVNIC_RSS_KEY_LEN) {
		PMD_DRV_LOG(ERR, "port %u: RSS key of %u bytes, the card takes %u",
			    dev->data->port_id, rss->rss_key_len,
			    SRIOVNIC_RSS_KEY_LEN);
		return -EINVAL;
	}
	return 0;
}

static int
sriovnic_dev_configure(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_eth_conf *conf = &dev->data->dev_conf;
	struct rte_eth_rss_conf *rss = &conf->rx_adv_conf.rss_conf;
	unsigned int i;

	if (conf->lpbk_mode > 1) {
		PMD_DRV_LOG(ERR, "port %u: loopback mode %u unknown; 1 sends the port's frames back to itself",
			    dev->data->port_id, conf->lpbk_mode);
		return -ENOTSUP;
	}
	if (conf->lpbk_mode == 1 && !(ad->hw->caps & SRIOVNIC_CAP_LOOPBACK)) {
		PMD_DRV_LOG(ERR, "port %u: loopback mode 1 needs a card with function loopback (revision 1.2, CAPS %#x)",
			    dev->data->port_id, ad->hw->caps);
		return -ENOTSUP;
	}
	ad->vlan_strip = conf->rxmode.offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	ad->vlan_filtering = conf->rxmode.offloads &
			     RTE_ETH_RX_OFFLOAD_VLAN_FILTER;
	if (conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) {
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
		if (rss_conf_check(dev, rss) != 0)
			return -EINVAL;
		memcpy(ad->rss_key, rss->rss_key ? rss->rss_key :
		       sriovnic_rss_key_default, SRIOVNIC_RSS_KEY_LEN);
		ad->rss_hf = rss->rss_hf;
		/* a table the application set survives reconfiguration while
		 * it still names existing queues
		 */
		for (i = 0; i < SRIOVNIC_RSS_RETA_SIZE && ad->reta_set; i++)
			if (ad->reta[i] >= dev->data->nb_rx_queues)
				ad->reta_set = false;
		for (i = 0; i < SRIOVNIC_RSS_RETA_SIZE && !ad->reta_set; i++)
			ad->reta[i] = i % dev->data->nb_rx_queues;
	} else {
		ad->rss_hf = 0;
	}
	return 0;
}

/* The card's RSS_CTRL bits for each group of ethdev's RSS types */
static const struct {
	uint64_t hf;
	uint32_t ctrl;
} rss_ctrl_of[] = {
	{ RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |
	  RTE_ETH_RSS_NONFRAG_IPV4_OTHER, SRIOVNIC_RSS_IPV4 },
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP,
	  SRIOVNIC_RSS_IPV4 | SRIOVNIC_RSS_IPV4_L4 },
	{ RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |
	  RTE_ETH_RSS_NONFRAG_IPV6_OTHER, SRIOVNIC_RSS_IPV6 },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP,
	  SRIOVNIC_RSS_IPV6 | SRIOVNIC_RSS_IPV6_L4 },
	{ RTE_ETH_RSS_IPV6_EX, SRIOVNIC_RSS_IPV6_EX },
};

static int
rss_program(struct sriovnic_adapter *ad)
{
	struct sriovnic_hw *hw = ad->hw;
	uint32_t ctrl = 0, word;
	unsigned int i;
	int ret;

	if (ad->ops->rss_check != NULL) {
		ret = ad->ops->rss_check(ad);
		if (ret != 0)
			return ret;
	}
	if (ad->rss_hf != 0)
		ctrl = SRIOVNIC_RSS_ENABLE;
	for (i = 0; i < RTE_DIM(rss_ctrl_of); i++)
		if (ad->rss_hf & rss_ctrl_of[i].hf)
			ctrl |= rss_ctrl_of[i].ctrl;
	for (i = 0; i < SRIOVNIC_RSS_KEY_LEN; i += 4) {
		memcpy(&word, &ad->rss_key[i], 4);
		sriovnic_write(hw, SRIOVNIC_RSS_KEY(i / 4), rte_cpu_to_le_32(word));
	}
	for (i = 0; i < SRIOVNIC_RSS_RETA_SIZE; i += 4) {
		memcpy(&word, &ad->reta[i], 4);
		sriovnic_write(hw, SRIOVNIC_RSS_RETA + i, rte_cpu_to_le_32(word));
	}
	sriovnic_write(hw, SRIOVNIC_RSS_CTRL, ctrl);
	return 0;
}

static int
sriovnic_reta_update(struct rte_eth_dev *dev,
		     struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint8_t old[SRIOVNIC_RSS_RETA_SIZE];
	unsigned int i;
	int ret;

	if (size != SRIOVNIC_RSS_RETA_SIZE) {
		PMD_DRV_LOG(ERR, "port %u: redirection table has %u entries, not %u",
			    dev->data->port_id, SRIOVNIC_RSS_RETA_SIZE, size);
		return -EINVAL;
	}
	memcpy(old, ad->reta, sizeof(old));
	for (i = 0; i < size; i++) {
		const struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if (!(e->mask & RTE_BIT64(bit)))
			continue;
		if (e->reta[bit] >= dev->data->nb_rx_queues) {
			PMD_DRV_LOG(ERR, "port %u: entry %u names queue %u of %u",
				    dev->data->port_id, i, e->reta[bit],
				    dev->data->nb_rx_queues);
			memcpy(ad->reta, old, sizeof(old));
			return -EINVAL;
		}
		ad->reta[i] = e->reta[bit];
	}
	ret = dev->data->dev_started ? rss_program(ad) : 0;
	if (ret != 0)
		memcpy(ad->reta, old, sizeof(old));
	else
		ad->reta_set = true;
	return ret;
}

static int
sriovnic_reta_query(struct rte_eth_dev *dev,
		    struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	unsigned int i;

	if (size != SRIOVNIC_RSS_RETA_SIZE)
		return -EINVAL;
	for (i = 0; i < size; i++) {
		struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if (e->mask & RTE_BIT64(bit))
			e->reta[bit] = ad->reta[i];
	}
	return 0;
}

static int
sriovnic_rss_hash_update(struct rte_eth_dev *dev,
			 struct rte_eth_rss_conf *rss)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint8_t old_key[SRIOVNIC_RSS_KEY_LEN];
	uint64_t old_hf = ad->rss_hf;
	int ret;

	if (rss_conf_check(dev, rss) != 0)
		return -EINVAL;
	memcpy(old_key, ad->rss_key, sizeof(old_key));
	if (rss->rss_key != NULL)
		memcpy(ad->rss_key, rss->rss_key, SRIOVNIC_RSS_KEY_LEN);
	ad->rss_hf = rss->rss_hf;
	ret = dev->data->dev_started ? rss_program(ad) : 0;
	if (ret != 0) {
		memcpy(ad->rss_key, old_key, sizeof(old_key));
		ad->rss_hf = old_hf;
	}
	return ret;
}

static int
sriovnic_link_update(struct rte_eth_dev *dev, int wait_to_complete)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_eth_link link = {
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};
	uint32_t speed;

	/* a function asked to go away reports its link down while it still
	 * answers (datasheet 3.8), so that bonding moves off it in time
	 */
	if (dev->data->dev_started && !sriovnic_hw_removed(ad->hw) &&
	    !ad->rmv_raised && sriovnic_hw_link_up(ad->hw, &speed)) {
		link.link_status = RTE_ETH_LINK_UP;
		link.link_speed = speed ? speed : RTE_ETH_SPEED_NUM_UNKNOWN;
	}
	return rte_eth_linkstatus_set(dev, &link);
}

/* The link as the card reports it now, and the event if it changed. The
 * misc interrupt and a port link set by the driver itself both ask: the
 * one that sees the change reports it.
 */
static void
link_check(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	bool changed = sriovnic_link_update(dev, 0) == 0;	/* 0: it changed */

	if (changed)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	if (ad->ops->misc_intr != NULL)
		ad->ops->misc_intr(ad, changed);
}

/* The PF's port toward the wire; a VF's link is its administrator's:
 * a VF cannot take it down, and has nothing to do to have it up (as
 * net_failsafe asks of a sub-device it plugs in)
 */
static int
port_link_set(struct rte_eth_dev *dev, bool up)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret;

	if (ad->ops->port_link == NULL)
		return up ? 0 : -ENOTSUP;
	ret = ad->ops->port_link(ad, up);
	if (ret == 0)
		link_check(dev);
	return ret;
}

static int
sriovnic_dev_set_link_up(struct rte_eth_dev *dev)
{
	return port_link_set(dev, true);
}

static int
sriovnic_dev_set_link_down(struct rte_eth_dev *dev)
{
	return port_link_set(dev, false);
}

/* FUNC_CTRL from the port's configuration: reserved on a card with
 * neither loopback nor QinQ (configure refused lpbk_mode there, and
 * QINQ_STRIP is not offered)
 */
static void
func_ctrl_write(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	const struct rte_eth_conf *conf = &dev->data->dev_conf;

	if (!(ad->hw->caps & (SRIOVNIC_CAP_LOOPBACK | SRIOVNIC_CAP_QINQ)))
		return;
	sriovnic_write(ad->hw, SRIOVNIC_FUNC_CTRL,
		       (conf->lpbk_mode ? SRIOVNIC_FCTRL_LOOPBACK : 0) |
		       ((conf->rxmode.offloads & RTE_ETH_RX_OFFLOAD_QINQ_STRIP) ?
			SRIOVNIC_FCTRL_QINQ_STRIP : 0));
}

/* Stops every started queue */
static void
queues_stop(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_tx_queues; q++)
		if (dev->data->tx_queue_state[q] == RTE_ETH_QUEUE_STATE_STARTED)
			sriovnic_tx_queue_stop(dev, q);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		if (dev->data->rx_queue_state[q] == RTE_ETH_QUEUE_STATE_STARTED)
			sriovnic_rx_queue_stop(dev, q);
}

static int
sriovnic_dev_start(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint16_t q;
	int ret;

	if (sriovnic_hw_removed(ad->hw))
		return -ENODEV;
	ad->max_frame = sriovnic_frame_of_mtu(dev->data->mtu);
	/* the MTU may have grown since the queues were set up */
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		sriovnic_rxq_scatter_auto(dev->data->rx_queues[q],
					  ad->max_frame);
	ret = ad->ops->max_frame(ad, ad->max_frame);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "port %u: max frame %u refused: %s",
			    dev->data->port_id, ad->max_frame, strerror(-ret));
		return ret;
	}
	sriovnic_write(ad->hw, SRIOVNIC_MAX_FRAME, ad->max_frame);
	ret = rss_program(ad);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "port %u: RSS configuration refused: %s",
			    dev->data->port_id, strerror(-ret));
		return ret;
	}
	ret = ad->ops->vlan_strip(ad, ad->vlan_strip);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "port %u: VLAN strip refused: %s",
			    dev->data->port_id, strerror(-ret));
		return ret;
	}
	ret = ad->ops->vlan_filtering(ad, ad->vlan_filtering);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "port %u: VLAN filtering refused: %s",
			    dev->data->port_id, strerror(-ret));
		return ret;
	}
	func_ctrl_write(dev);

	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct sriovnic_tx_queue *txq = dev->data->tx_queues[q];

		if (!txq->deferred_start &&
		    (ret = sriovnic_tx_queue_start(dev, q)) != 0)
			goto fail;
	}
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (!rxq->deferred_start &&
		    (ret = sriovnic_rx_queue_start(dev, q)) != 0)
			goto fail;
	}
	dev->data->dev_started = 1;
	sriovnic_link_update(dev, 0);
	sriovnic_set_rxtx_funcs(dev);
	return 0;
fail:
	queues_stop(dev);
	return ret;
}

static int
sriovnic_dev_stop(struct rte_eth_dev *dev)
{
	queues_stop(dev);
	dev->data->dev_started = 0;
	sriovnic_link_update(dev, 0);
	return 0;
}

static int
sriovnic_dev_close(struct rte_eth_dev *dev)
{
	uint16_t q;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	if (dev->data->dev_started)
		sriovnic_dev_stop(dev);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		sriovnic_rx_queue_release(dev, q);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		sriovnic_tx_queue_release(dev, q);
	sriovnic_dev_uninit(dev);
	return 0;
}

/* Port stopped by ethdev; the application reconfigures after this */
static int
sriovnic_dev_reset(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret;

	if (sriovnic_hw_removed(ad->hw)) {
		PMD_DRV_LOG(ERR, "port %u: device removed: close and detach the port, probe it again once the card is back",
			    dev->data->port_id);
		return -ENODEV;
	}
	/* a secondary's VF policy request waits for it or is refused */
	sriovnic_mp_pf_leave(dev);
	ret = ad->ops->reset(ad);
	if (ret != 0)
		PMD_DRV_LOG(ERR, "port %u: reset failed: %s", dev->data->port_id,
			    strerror(-ret));
	else if (sriovnic_pf_of_port(dev) != NULL)
		sriovnic_mp_pf_join(dev);
	return ret;
}

/* After a function reset: what the card forgot that the port still uses */
int
sriovnic_dev_rearm(struct sriovnic_adapter *ad)
{
	sriovnic_write(ad->hw, SRIOVNIC_INT_ENABLE,
		       RTE_BIT32(SRIOVNIC_VEC_MISC) | RTE_BIT32(SRIOVNIC_VEC_MBX));
	sriovnic_write(ad->hw, SRIOVNIC_DRV_STATUS, SRIOVNIC_DRV_LOADED);
	return 0;
}

static int
sriovnic_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	const struct rte_eth_desc_lim lim = {
		.nb_max = SRIOVNIC_RING_MAX,
		.nb_min = SRIOVNIC_RING_MIN,
		.nb_align = SRIOVNIC_RING_MIN,
		.nb_seg_max = SRIOVNIC_TX_MAX_SEG,
		.nb_mtu_seg_max = SRIOVNIC_TX_MAX_SEG,
	};

	info->max_rx_queues = ad->hw->max_rxq;
	info->max_tx_queues = ad->hw->max_txq;
	info->min_rx_bufsize = SRIOVNIC_BUF_MIN;
	info->max_rx_pktlen = SRIOVNIC_MAX_FRAME_LIMIT;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = SRIOVNIC_MAX_FRAME_LIMIT - sriovnic_frame_of_mtu(0);
	info->max_mac_addrs = SRIOVNIC_MAX_MAC_ADDRS;
	info->rx_offload_capa = sriovnic_rx_offload_capa(ad->hw);
	info->tx_offload_capa = sriovnic_tx_offload_capa(ad->hw);
	info->hash_key_size = SRIOVNIC_RSS_KEY_LEN;
	info->reta_size = SRIOVNIC_RSS_RETA_SIZE;
	info->flow_type_rss_offloads = rss_offloads(ad->hw);
	info->rx_desc_lim = lim;
	info->tx_desc_lim = lim;
	info->default_rxconf.rx_free_thresh = SRIOVNIC_RX_FREE_THRESH;
	info->default_txconf.tx_rs_thresh = SRIOVNIC_TX_RS_THRESH;
	info->default_rxportconf.ring_size = SRIOVNIC_DESC_DEFAULT;
	info->default_txportconf.ring_size = SRIOVNIC_DESC_DEFAULT;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;
	info->speed_capa = RTE_ETH_LINK_SPEED_100G;
	/* rules live in the card (or the PF), not in the queues */
	info->dev_capa |= RTE_ETH_DEV_CAPA_FLOW_RULE_KEEP;
	return 0;
}

static int
sriovnic_rxmode_apply(struct rte_eth_dev *dev, bool promisc, bool allmulti)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret = ad->ops->rxmode(ad, promisc, allmulti);

	if (ret != 0)
		PMD_DRV_LOG(WARNING, "port %u: %s%s refused: %s",
			    dev->data->port_id,
			    promisc ? "promiscuous" : "",
			    allmulti ? " all-multicast" : "", strerror(-ret));
	return ret;
}

static int
sriovnic_promisc_enable(struct rte_eth_dev *dev)
{
	return sriovnic_rxmode_apply(dev, true, dev->data->all_multicast);
}

static int
sriovnic_promisc_disable(struct rte_eth_dev *dev)
{
	return sriovnic_rxmode_apply(dev, false, dev->data->all_multicast);
}

static int
sriovnic_allmulti_enable(struct rte_eth_dev *dev)
{
	return sriovnic_rxmode_apply(dev, dev->data->promiscuous, true);
}

static int
sriovnic_allmulti_disable(struct rte_eth_dev *dev)
{
	return sriovnic_rxmode_apply(dev, dev->data->promiscuous, false);
}

static int
sriovnic_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!rte_is_valid_assigned_ether_addr(mac)) {
		PMD_DRV_LOG(ERR, "port %u: not a unicast address",
			    dev->data->port_id);
		return -EINVAL;
	}
	return ad->ops->set_mac(ad, mac->addr_bytes,
				dev->data->mac_addrs[0].addr_bytes);
}

static int
sriovnic_set_mc_addr_list(struct rte_eth_dev *dev,
			  struct rte_ether_addr *list, uint32_t nb)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint32_t i;
	int ret;

	if (nb > SRIOVNIC_MAX_MC_ADDRS) {
		PMD_DRV_LOG(ERR, "port %u: %u multicast addresses, at most %u",
			    dev->data->port_id, nb, SRIOVNIC_MAX_MC_ADDRS);
		return -ENOSPC;
	}
	for (i = 0; i < nb; i++) {
		if (!rte_is_multicast_ether_addr(&list[i]) ||
		    rte_is_broadcast_ether_addr(&list[i])) {
			PMD_DRV_LOG(ERR, "port %u: entry %u is not a multicast address",
				    dev->data->port_id, i);
			return -EINVAL;
		}
	}
	while (ad->nb_mc > 0) {
		ret = ad->ops->mc(ad, ad->mc[ad->nb_mc - 1].addr_bytes, false);
		if (ret != 0 && ret != -ENOENT)
			return ret;
		ad->nb_mc--;
	}
	for (i = 0; i < nb; i++) {
		ret = ad->ops->mc(ad, list[i].addr_bytes, true);
		if (ret != 0) {
			PMD_DRV_LOG(ERR, "port %u: multicast address %u refused: %s",
				    dev->data->port_id, i, strerror(-ret));
			return ret;
		}
		ad->mc[ad->nb_mc++] = list[i];
	}
	return 0;
}

static int
sriovnic_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint32_t frame = sriovnic_frame_of_mtu(mtu);
	int ret;

	/* a running queue cannot start to scatter; a stopped port's
	 * queues do at its start if they need to (OVS sets up new ones
	 * first)
	 */
	if (dev->data->dev_started) {
		ret = rx_queues_fit(dev, frame);
		if (ret != 0)
			return ret;
	}
	ret = ad->ops->max_frame(ad, frame);
	if (ret != 0)
		return ret;
	ad->max_frame = frame;
	sriovnic_write(ad->hw, SRIOVNIC_MAX_FRAME, frame);
	return 0;
}

static int
sriovnic_vlan_filter_set(struct rte_eth_dev *dev, uint16_t vid, int on)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret;

	if (vid == 0 || vid > RTE_ETHER_MAX_VLAN_ID - 1) {
		PMD_DRV_LOG(ERR, "port %u: VLAN id %u out of 1..4094",
			    dev->data->port_id, vid);
		return -EINVAL;
	}
	ret = ad->ops->vlan_filter(ad, vid, on);
	if (ret != 0) {
		PMD_DRV_LOG(ERR, "port %u: VLAN %u filter refused: %s",
			    dev->data->port_id, vid, strerror(-ret));
		return ret;
	}
	return 0;
}

/* QinQ stripping turned on needs rx queues set up for it, whose
 * 32-byte descriptors carry the outer tag
 */
static int
qinq_strip_set(struct rte_eth_dev *dev, bool on)
{
	uint16_t q;

	for (q = 0; on && q < dev->data->nb_rx_queues; q++) {
		const struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && rxq->desc_shift == 0) {
			PMD_DRV_LOG(ERR, "port %u: rx queue %u was set up without qinq_strip; configure it before setting up the queues",
				    dev->data->port_id, q);
			return -ENOTSUP;
		}
	}
	func_ctrl_write(dev);
	return 0;
}

static int
sriovnic_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint64_t offloads = dev->data->dev_conf.rxmode.offloads;
	bool strip = offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	bool filtering = offloads & RTE_ETH_RX_OFFLOAD_VLAN_FILTER;
	uint16_t q;
	int ret;

	if ((mask & RTE_ETH_QINQ_STRIP_MASK) &&
	    (ret = qinq_strip_set(dev, offloads &
				  RTE_ETH_RX_OFFLOAD_QINQ_STRIP)) != 0)
		return ret;
	if ((mask & RTE_ETH_VLAN_FILTER_MASK) &&
	    filtering != ad->vlan_filtering) {
		ret = ad->ops->vlan_filtering(ad, filtering);
		if (ret != 0)
			return ret;
		ad->vlan_filtering = filtering;
	}
	if (!(mask & RTE_ETH_VLAN_STRIP_MASK) || strip == ad->vlan_strip)
		return 0;
	ret = ad->ops->vlan_strip(ad, strip);
	if (ret != 0)
		return ret;
	ad->vlan_strip = strip;
	/* the rx queues report stripped tags from now on, or no longer */
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			sriovnic_rxq_offloads_set(rxq,
				(rxq->offloads & ~RTE_ETH_RX_OFFLOAD_VLAN_STRIP) |
				(strip ? RTE_ETH_RX_OFFLOAD_VLAN_STRIP : 0));
	}
	return 0;
}

static int
sriovnic_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
		      uint32_t index, uint32_t pool)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!rte_is_valid_assigned_ether_addr(mac))
		return -EINVAL;
	return ad->ops->uc(ad, mac->addr_bytes, true);
}

static void
sriovnic_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	ad->ops->uc(ad, dev->data->mac_addrs[index].addr_bytes, false);
}

static uint64_t
stat_read(const struct sriovnic_adapter *ad, uint32_t reg)
{
	return sriovnic_read64(ad->hw, reg) -
	       ad->stats_base[(reg - SRIOVNIC_STATS) / 8];
}

static int
sriovnic_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint16_t q;

	st->ipackets = stat_read(ad, SRIOVNIC_ST_RX_PKTS);
	st->ibytes = stat_read(ad, SRIOVNIC_ST_RX_BYTES);
	st->opackets = stat_read(ad, SRIOVNIC_ST_TX_PKTS);
	st->obytes = stat_read(ad, SRIOVNIC_ST_TX_BYTES);
	st->imissed = stat_read(ad, SRIOVNIC_ST_RX_MISSED);
	st->ierrors = stat_read(ad, SRIOVNIC_ST_RX_ERRORS);
	st->oerrors = stat_read(ad, SRIOVNIC_ST_TX_ERRORS) +
		      stat_read(ad, SRIOVNIC_ST_TX_DROPS);
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct sriovnic_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			st->oerrors += txq->dropped;
	}
	st->rx_nombuf = 0;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			st->rx_nombuf += rxq->mbuf_alloc_failed;
	}
	for (q = 0; q < RTE_MIN(dev->data->nb_rx_queues,
				(uint16_t)RTE_ETHDEV_QUEUE_STAT_CNTRS); q++) {
		st->q_ipackets[q] = stat_read(ad, SRIOVNIC_ST_RXQ(q) + SRIOVNIC_STQ_PKTS);
		st->q_ibytes[q] = stat_read(ad, SRIOVNIC_ST_RXQ(q) + SRIOVNIC_STQ_BYTES);
	}
	for (q = 0; q < RTE_MIN(dev->data->nb_tx_queues,
				(uint16_t)RTE_ETHDEV_QUEUE_STAT_CNTRS); q++) {
		st->q_opackets[q] = stat_read(ad, SRIOVNIC_ST_TXQ(q) + SRIOVNIC_STQ_PKTS);
		st->q_obytes[q] = stat_read(ad, SRIOVNIC_ST_TXQ(q) + SRIOVNIC_STQ_BYTES);
	}
	return 0;
}

static int
sriovnic_stats_reset(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	unsigned int i;
	uint16_t q;

	for (i = 0; i < SRIOVNIC_STATS_WORDS; i++)
		ad->stats_base[i] = sriovnic_read64(ad->hw, SRIOVNIC_STATS + i * 8);
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct sriovnic_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			txq->dropped = 0;
	}
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			rxq->mbuf_alloc_failed = 0;
	}
	return 0;
}

/* Counters beyond the basic stats: per function, then per queue. */
static const struct {
	const char *name;
	uint32_t reg;
} sriovnic_xstats[] = {
	{ "rx_broadcast_packets", SRIOVNIC_ST_RX_BCAST },
	{ "rx_multicast_packets", SRIOVNIC_ST_RX_MCAST },
	{ "rx_missed_errors", SRIOVNIC_ST_RX_MISSED },
	{ "rx_length_errors", SRIOVNIC_ST_RX_ERRORS },
	{ "rx_oversize_errors", SRIOVNIC_ST_RX_OVERSIZE },
	{ "tx_descriptor_errors", SRIOVNIC_ST_TX_ERRORS },
	{ "tx_no_destination_dropped", SRIOVNIC_ST_TX_DROPS },
	{ "dma_faults", SRIOVNIC_ST_DMA_FAULTS },
};

#define SRIOVNIC_NB_XSTATS RTE_DIM(sriovnic_xstats)

/* On the PF, each VF's policy counters: what the operator watches */
static const char *const sriovnic_vf_xstats[] = {
	"mac_spoof_dropped", "vlan_spoof_dropped", "mbx_requests",
	"mbx_refused", "mbx_rate_limited", "resets",
};

#define SRIOVNIC_NB_VF_XSTATS RTE_DIM(sriovnic_vf_xstats)

static unsigned int
nb_vf_xstats(const struct rte_eth_dev *dev)
{
	const struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	/* representors have xstats of their own: a PF or a VF here */
	if (ad->hw->is_vf)
		return 0;
	return ad->hw->num_vfs * SRIOVNIC_NB_VF_XSTATS;
}

static unsigned int
xstats_count(const struct rte_eth_dev *dev)
{
	return SRIOVNIC_NB_XSTATS + dev->data->nb_rx_queues +
	       dev->data->nb_tx_queues + nb_vf_xstats(dev);
}

static int
sriovnic_xstats_get_names(struct rte_eth_dev *dev,
			  struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int i, n = xstats_count(dev);
	uint16_t q;

	if (names == NULL || size < n)
		return n;
	for (i = 0; i < SRIOVNIC_NB_XSTATS; i++)
		rte_strscpy(names[i].name, sriovnic_xstats[i].name,
			    sizeof(names[i].name));
	for (q = 0; q < dev->data->nb_rx_queues; q++, i++)
		snprintf(names[i].name, sizeof(names[i].name),
			 "rx_q%u_missed_errors", q);
	for (q = 0; q < dev->data->nb_tx_queues; q++, i++)
		snprintf(names[i].name, sizeof(names[i].name),
			 "tx_q%u_descriptor_errors", q);
	for (q = 0; i < n; q++) {
		unsigned int k;

		for (k = 0; k < SRIOVNIC_NB_VF_XSTATS; k++, i++)
			snprintf(names[i].name, sizeof(names[i].name),
				 "vf%u_%s", q, sriovnic_vf_xstats[k]);
	}
	return n;
}

static int
sriovnic_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		    unsigned int size)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	unsigned int i, n = xstats_count(dev);
	uint16_t q;

	if (xs == NULL || size < n)
		return n;
	for (i = 0; i < SRIOVNIC_NB_XSTATS; i++)
		xs[i].value = stat_read(ad, sriovnic_xstats[i].reg);
	for (q = 0; q < dev->data->nb_rx_queues; q++, i++)
		xs[i].value = stat_read(ad, SRIOVNIC_ST_RXQ(q) + SRIOVNIC_STQ_DROPS);
	for (q = 0; q < dev->data->nb_tx_queues; q++, i++)
		xs[i].value = stat_read(ad, SRIOVNIC_ST_TXQ(q) + SRIOVNIC_STQ_DROPS);
	for (q = 0; i < n; q++, i += SRIOVNIC_NB_VF_XSTATS) {
		uint64_t v[SRIOVNIC_NB_VF_XSTATS];
		unsigned int k;

		sriovnic_pf_vf_xstats(ad, q, v);
		for (k = 0; k < SRIOVNIC_NB_VF_XSTATS; k++)
			xs[i + k].value = v[k];
	}
	for (i = 0; i < n; i++)
		xs[i].id = i;
	return n;
}

static int
sriovnic_rss_hash_conf_get(struct rte_eth_dev *dev,
			   struct rte_eth_rss_conf *rss)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (rss->rss_key != NULL && rss->rss_key_len >= SRIOVNIC_RSS_KEY_LEN)
		memcpy(rss->rss_key, ad->rss_key, SRIOVNIC_RSS_KEY_LEN);
	rss->rss_key_len = SRIOVNIC_RSS_KEY_LEN;
	rss->rss_hf = ad->rss_hf;
	return 0;
}

static void
sriovnic_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		      struct rte_eth_rxq_info *qinfo)
{
	const struct sriovnic_rx_queue *rxq = dev->data->rx_queues[qid];

	qinfo->mp = rxq->mp;
	qinfo->scattered_rx = rxq->scatter;
	qinfo->nb_desc = rxq->nb_desc;
	qinfo->rx_buf_size = rxq->buf_len;
	qinfo->conf.rx_free_thresh = rxq->free_thresh;
	qinfo->conf.rx_deferred_start = rxq->deferred_start;
}

static void
sriovnic_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		      struct rte_eth_txq_info *qinfo)
{
	const struct sriovnic_tx_queue *txq = dev->data->tx_queues[qid];

	qinfo->nb_desc = txq->nb_desc;
	qinfo->conf.tx_rs_thresh = txq->rs_thresh;
	qinfo->conf.tx_deferred_start = txq->deferred_start;
}

/* Marks and flags of flow rules (B.7): with the flow engine only; a port
 * that asks for them gets its path's rx burst that reports them once it
 * has a rule with MARK or FLAG (sriovnic_set_rxtx_funcs). Until the
 * application negotiates, it gets both (sriovnic_dev_init).
 */
static int
sriovnic_rx_metadata_negotiate(struct rte_eth_dev *dev, uint64_t *features)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!(ad->hw->caps & SRIOVNIC_CAP_FLOW))
		*features = 0;
	*features &= RTE_ETH_RX_METADATA_USER_FLAG |
		     RTE_ETH_RX_METADATA_USER_MARK;
	ad->rx_metadata = *features;
	return 0;
}

const struct eth_dev_ops sriovnic_eth_dev_ops = {
	.dev_configure = sriovnic_dev_configure,
	.dev_start = sriovnic_dev_start,
	.dev_stop = sriovnic_dev_stop,
	.dev_close = sriovnic_dev_close,
	.dev_reset = sriovnic_dev_reset,
	.dev_infos_get = sriovnic_dev_infos_get,
	.link_update = sriovnic_link_update,
	.dev_set_link_up = sriovnic_dev_set_link_up,
	.dev_set_link_down = sriovnic_dev_set_link_down,
	.promiscuous_enable = sriovnic_promisc_enable,
	.promiscuous_disable = sriovnic_promisc_disable,
	.allmulticast_enable = sriovnic_allmulti_enable,
	.allmulticast_disable = sriovnic_allmulti_disable,
	.mac_addr_set = sriovnic_mac_addr_set,
	.mac_addr_add = sriovnic_mac_addr_add,
	.mac_addr_remove = sriovnic_mac_addr_remove,
	.vlan_filter_set = sriovnic_vlan_filter_set,
	.vlan_offload_set = sriovnic_vlan_offload_set,
	.reta_update = sriovnic_reta_update,
	.reta_query = sriovnic_reta_query,
	.rss_hash_update = sriovnic_rss_hash_update,
	.set_mc_addr_list = sriovnic_set_mc_addr_list,
	.flow_ops_get = sriovnic_flow_ops_get,
	.rx_metadata_negotiate = sriovnic_rx_metadata_negotiate,
	.mtu_set = sriovnic_mtu_set,
	.stats_get = sriovnic_stats_get,
	.stats_reset = sriovnic_stats_reset,
	.eth_dev_priv_dump = sriovnic_dev_priv_dump,
	.xstats_get = sriovnic_xstats_get,
	.xstats_get_names = sriovnic_xstats_get_names,
	.xstats_reset = sriovnic_stats_reset,
	.rss_hash_conf_get = sriovnic_rss_hash_conf_get,
	.rxq_info_get = sriovnic_rxq_info_get,
	.txq_info_get = sriovnic_txq_info_get,
	.rx_queue_setup = sriovnic_rx_queue_setup,
	.rx_queue_release = sriovnic_rx_queue_release,
	.rx_queue_start = sriovnic_rx_queue_start,
	.rx_queue_stop = sriovnic_rx_queue_stop,
	.tx_queue_setup = sriovnic_tx_queue_setup,
	.tx_queue_release = sriovnic_tx_queue_release,
	.tx_queue_start = sriovnic_tx_queue_start,
	.tx_queue_stop = sriovnic_tx_queue_stop,
	.rx_burst_mode_get = sriovnic_rx_burst_mode_get,
	.tx_burst_mode_get = sriovnic_tx_burst_mode_get,
	.dev_supported_ptypes_get = sriovnic_dev_supported_ptypes_get,
	.tm_ops_get = sriovnic_tm_ops_get,
};

int
sriovnic_primary_only(struct rte_eth_dev *dev)
{
	PMD_DRV_LOG(ERR, "port %u: a secondary process reads the port; the primary process configures, starts and stops it",
		    dev->data->port_id);
	return -E_RTE_SECONDARY;
}

/* The secondary's own mapping goes; what the primary set up stays */
static int
sriovnic_dev_close_secondary(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!ad->hw->is_vf)
		sriovnic_representors_detach(dev);
	sriovnic_hw_detach_secondary(ad->hw,
				     sriovnic_transport_of(RTE_ETH_DEV_TO_PCI(dev)));
	return 0;
}

/* What a secondary process may do with a PF or VF port: no op here writes
 * the card or reaches the primary's function pointers in the shared
 * private data (the role's ops); ops left out answer -ENOTSUP
 */
static const struct eth_dev_ops sriovnic_eth_dev_ops_secondary = {
	.dev_configure = sriovnic_primary_only,
	.dev_start = sriovnic_primary_only,
	.dev_stop = sriovnic_primary_only,
	.dev_close = sriovnic_dev_close_secondary,
	.dev_reset = sriovnic_primary_only,
	.dev_infos_get = sriovnic_dev_infos_get,
	.link_update = sriovnic_link_update,
	.dev_set_link_up = sriovnic_primary_only,
	.dev_set_link_down = sriovnic_primary_only,
	.promiscuous_enable = sriovnic_primary_only,
	.promiscuous_disable = sriovnic_primary_only,
	.allmulticast_enable = sriovnic_primary_only,
	.allmulticast_disable = sriovnic_primary_only,
	.stats_get = sriovnic_stats_get,
	.stats_reset = sriovnic_stats_reset,
	.xstats_get = sriovnic_xstats_get,
	.xstats_get_names = sriovnic_xstats_get_names,
	.xstats_reset = sriovnic_stats_reset,
	.rss_hash_conf_get = sriovnic_rss_hash_conf_get,
	.rxq_info_get = sriovnic_rxq_info_get,
	.txq_info_get = sriovnic_txq_info_get,
	.rx_burst_mode_get = sriovnic_rx_burst_mode_get,
	.tx_burst_mode_get = sriovnic_tx_burst_mode_get,
	.dev_supported_ptypes_get = sriovnic_dev_supported_ptypes_get,
};

/* The bursts that the primary's configuration selects, the secondary's
 * ops; ethdev publishes them when probing finishes
 */
void
sriovnic_port_secondary(struct rte_eth_dev *dev, const struct eth_dev_ops *ops)
{
	dev->dev_ops = ops;
	sriovnic_rxtx_init(dev);
	sriovnic_set_rxtx_funcs(dev);
	PMD_INIT_LOG(INFO, "port %u (%s) in a secondary process: bursts, statistics and information; the primary process configures it",
		     dev->data->port_id, dev->data->name);
}

/* The PF or VF port that the primary attached: the secondary maps BAR0
 * and leaves the card and the shared private data as they are
 */
int
sriovnic_dev_init_secondary(struct rte_eth_dev *dev)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	int ret;

	ret = sriovnic_hw_attach_secondary(SRIOVNIC_DEV_TO_AD(dev)->hw,
					   sriovnic_transport_of(pci), pci);
	if (ret != 0)
		return ret;
	sriovnic_port_secondary(dev, &sriovnic_eth_dev_ops_secondary);
	return 0;
}

/* The card is gone (datasheet 3.7), or asks to release a VF about to
 * be removed (3.8, gone false: the function still answers, so that
 * close resets it as usual): the link goes down, the bursts return
 * nothing (queues and BAR stay until the port is closed) and the
 * application is told, from the interrupt thread, since ethdev returns
 * the link it last set rather than asking.
 */
static void
sriovnic_dev_removed(struct rte_eth_dev *dev, bool gone)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint16_t port = dev->data->port_id;

	if (gone)
		__atomic_store_n(&ad->hw->removed, true, __ATOMIC_RELAXED);
	if (ad->rmv_raised)
		return;
	ad->rmv_raised = true;
	PMD_DRV_LOG(ERR, "%s: device %s: close port %u, probe it again once it is back",
		    ad->hw->name, gone ? "removed" : "to be removed", port);
	dev->rx_pkt_burst = rte_eth_pkt_burst_dummy;
	dev->tx_pkt_burst = rte_eth_pkt_burst_dummy;
	if (dev->data->dev_started) {
		rte_eth_fp_ops[port].rx_pkt_burst = dev->rx_pkt_burst;
		rte_eth_fp_ops[port].tx_pkt_burst = dev->tx_pkt_burst;
	}
	if (sriovnic_link_update(dev, 0) == 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_RMV, NULL);
}

static void
sriovnic_attach_intr(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!sriovnic_hw_gone(ad->hw))
		return;
	/* an ended connection stays readable: stop watching it */
	rte_intr_callback_unregister_pending(ad->attach_intr,
					     sriovnic_attach_intr, dev, NULL);
	sriovnic_dev_removed(dev, true);
}

/* Whether vector vec fired: its eventfd read, which EXT handles leave
 * to the callback (intr_watch)
 */
static bool
vec_fired(struct sriovnic_adapter *ad, int vec)
{
	uint64_t cnt;

	return read(ad->hw->vec_fd[vec], &cnt, sizeof(cnt)) >= 0;
}

static void
sriovnic_misc_intr(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (!vec_fired(ad, SRIOVNIC_VEC_MISC))
		return;
	if (sriovnic_hw_removed(ad->hw)) {
		sriovnic_dev_removed(dev, true);
		return;
	}
	/* reads 0 on a PF */
	if (sriovnic_read(ad->hw, SRIOVNIC_VF_STATE) &
	    SRIOVNIC_VFST_REMOVE_REQ) {
		sriovnic_dev_removed(dev, false);
		return;
	}
	link_check(dev);
}

static void
sriovnic_mbx_intr(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (vec_fired(ad, SRIOVNIC_VEC_MBX))
		ad->ops->mbx_intr(ad);
}

static const rte_intr_callback_fn sriovnic_vec_handler[SRIOVNIC_NUM_VECS] = {
	[SRIOVNIC_VEC_MISC] = sriovnic_misc_intr,
	[SRIOVNIC_VEC_MBX] = sriovnic_mbx_intr,
};

/* EXT: EAL leaves reading the fd to fn */
static int
intr_watch(struct rte_intr_handle **h, int fd, rte_intr_callback_fn fn,
	   struct rte_eth_dev *dev)
{
	*h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_SHARED);
	if (*h == NULL || rte_intr_fd_set(*h, fd) != 0 ||
	    rte_intr_type_set(*h, RTE_INTR_HANDLE_EXT) != 0 ||
	    rte_intr_callback_register(*h, fn, dev) != 0)
		return -EIO;
	return 0;
}

static void
intr_unwatch(struct rte_intr_handle **h, rte_intr_callback_fn fn,
	     struct rte_eth_dev *dev)
{
	if (*h == NULL)
		return;
	/* -ENOENT when never registered or when fn removed itself */
	rte_intr_callback_unregister_sync(*h, fn, dev);
	rte_intr_instance_free(*h);
	*h = NULL;
}

static void
intr_teardown(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int i;

	sriovnic_write(ad->hw, SRIOVNIC_INT_ENABLE, 0);
	for (i = 0; i < SRIOVNIC_NUM_VECS; i++)
		intr_unwatch(&ad->intr[i], sriovnic_vec_handler[i], dev);
	intr_unwatch(&ad->attach_intr, sriovnic_attach_intr, dev);
}

static int
intr_setup(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int fd, i;

	for (i = 0; i < SRIOVNIC_NUM_VECS; i++) {
		if (intr_watch(&ad->intr[i], ad->hw->vec_fd[i],
			       sriovnic_vec_handler[i], dev) != 0) {
			PMD_INIT_LOG(ERR, "%s: cannot register interrupt vector %d",
				     ad->hw->name, i);
			intr_teardown(dev);
			return -EIO;
		}
	}
	/* the transport's removal watch (the model's end of connection) */
	fd = sriovnic_hw_removal_fd(ad->hw);
	if (fd >= 0 &&
	    intr_watch(&ad->attach_intr, fd, sriovnic_attach_intr, dev) != 0) {
		PMD_INIT_LOG(ERR, "%s: cannot watch the device connection",
			     ad->hw->name);
		intr_teardown(dev);
		return -EIO;
	}
	return 0;
}

/* rte_kvargs keeps every occurrence of a key; the last one would win */
int
sriovnic_kvargs_once(const struct rte_kvargs *kv, const char *const keys[],
		     const char *name)
{
	unsigned int i, n;

	for (i = 0; keys[i] != NULL; i++) {
		n = rte_kvargs_count(kv, keys[i]);
		if (n > 1) {
			PMD_INIT_LOG(ERR, "%s: devarg %s given %u times: once at most",
				     name, keys[i], n);
			return -EINVAL;
		}
	}
	return 0;
}

int
sriovnic_devarg_uint(const char *key, const char *value, void *arg)
{
	const struct sriovnic_devarg_uint *u = arg;
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || *value == '\0' || *end != '\0' || v < u->min ||
	    v > u->max) {
		PMD_INIT_LOG(ERR, "devarg %s=%s: need an integer in [%u, %u]",
			     key, value, u->min, u->max);
		return -EINVAL;
	}
	*u->out = v;
	return 0;
}

int
sriovnic_dev_init(struct rte_eth_dev *dev, const uint8_t mac[6])
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret;

	ad->eth_dev = dev;
	ad->rxq_reg = SRIOVNIC_RXQ(0);
	ad->txq_reg = SRIOVNIC_TXQ(0);
	ad->max_frame = SRIOVNIC_DEFAULT_FRAME;
	ad->tx_max_frame = &ad->max_frame;
	TAILQ_INIT(&ad->flows);
	/* negotiation is optional: an application that never negotiates
	 * (Open vSwitch before 3.1.3) still uses the marks of its rules
	 */
	ad->rx_metadata = RTE_ETH_RX_METADATA_USER_FLAG |
			  RTE_ETH_RX_METADATA_USER_MARK;
	memcpy(ad->rss_key, sriovnic_rss_key_default, SRIOVNIC_RSS_KEY_LEN);
	sriovnic_tm_init(ad);
	dev->dev_ops = &sriovnic_eth_dev_ops;
	sriovnic_rxtx_init(dev);
	/* INTR_RMV: sriovnic_dev_removed() raises it, and applications
	 * (net_failsafe among them) only listen where the flag says so
	 */
	dev->data->dev_flags |= RTE_ETH_DEV_INTR_LSC | RTE_ETH_DEV_INTR_RMV |
				RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	dev->data->mac_addrs = rte_zmalloc("sriovnic_mac",
					   RTE_ETHER_ADDR_LEN * SRIOVNIC_MAX_MAC_ADDRS, 0);
	if (dev->data->mac_addrs == NULL)
		return -ENOMEM;
	memcpy(dev->data->mac_addrs[0].addr_bytes, mac, RTE_ETHER_ADDR_LEN);
	ret = intr_setup(dev);
	if (ret != 0)
		return ret;
	return sriovnic_dev_rearm(ad);
}

void
sriovnic_dev_uninit(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	if (ad->hw->bar == NULL)
		return;
	sriovnic_mp_pf_leave(dev);
	intr_teardown(dev);
	sriovnic_flow_close(ad, false);
	if (ad->ops->close != NULL)
		ad->ops->close(ad);
	sriovnic_write(ad->hw, SRIOVNIC_DRV_STATUS, 0);
	sriovnic_hw_reset(ad->hw);
	sriovnic_hw_detach(ad->hw);
}
