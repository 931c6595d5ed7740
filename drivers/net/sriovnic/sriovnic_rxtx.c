/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <rte_cpuflags.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_sctp.h>
#include <rte_string_fns.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vect.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_rxtx.h"
#include "sriovnic_rxtx_vec_common.h"

/* RTE_PTYPE_* of each field of the card's packet type (datasheet 7.6.1) */
static const uint32_t ptype_l2[4] = {
	[SRIOVNIC_PTYPE_L2_ETHER] = RTE_PTYPE_L2_ETHER,
	[SRIOVNIC_PTYPE_L2_VLAN] = RTE_PTYPE_L2_ETHER_VLAN,
};
static const uint32_t ptype_l3[8] = {
	[SRIOVNIC_PTYPE_L3_IPV4] = RTE_PTYPE_L3_IPV4,
	[SRIOVNIC_PTYPE_L3_IPV4_EXT] = RTE_PTYPE_L3_IPV4_EXT,
	[SRIOVNIC_PTYPE_L3_IPV6] = RTE_PTYPE_L3_IPV6,
	[SRIOVNIC_PTYPE_L3_IPV6_EXT] = RTE_PTYPE_L3_IPV6_EXT,
};
static const uint32_t ptype_l4[8] = {
	[SRIOVNIC_PTYPE_L4_TCP] = RTE_PTYPE_L4_TCP,
	[SRIOVNIC_PTYPE_L4_UDP] = RTE_PTYPE_L4_UDP,
	[SRIOVNIC_PTYPE_L4_SCTP] = RTE_PTYPE_L4_SCTP,
	[SRIOVNIC_PTYPE_L4_ICMP] = RTE_PTYPE_L4_ICMP,
	[SRIOVNIC_PTYPE_L4_FRAG] = RTE_PTYPE_L4_FRAG,
};

/* What ptype_l2/l3/l4 give, for rte_eth_dev_get_supported_ptypes() */
static const uint32_t sriovnic_ptypes[] = {
	RTE_PTYPE_L2_ETHER, RTE_PTYPE_L2_ETHER_VLAN,
	RTE_PTYPE_L3_IPV4, RTE_PTYPE_L3_IPV4_EXT,
	RTE_PTYPE_L3_IPV6, RTE_PTYPE_L3_IPV6_EXT,
	RTE_PTYPE_L4_TCP, RTE_PTYPE_L4_UDP, RTE_PTYPE_L4_SCTP,
	RTE_PTYPE_L4_ICMP, RTE_PTYPE_L4_FRAG,
	RTE_PTYPE_UNKNOWN,
};

uint32_t sriovnic_ptype_tbl[256] __rte_cache_aligned;

/* One load per frame in the bursts instead of three */
RTE_INIT(sriovnic_ptype_tbl_init)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(sriovnic_ptype_tbl); i++)
		sriovnic_ptype_tbl[i] = ptype_l2[i & 3] |
			ptype_l3[(i >> SRIOVNIC_PTYPE_L3_SHIFT) & 7] |
			ptype_l4[i >> SRIOVNIC_PTYPE_L4_SHIFT];
}

const uint32_t *
sriovnic_dev_supported_ptypes_get(struct rte_eth_dev *dev)
{
	const struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	return (ad->hw->caps & SRIOVNIC_CAP_PTYPE) ? sriovnic_ptypes : NULL;
}

uint64_t
sriovnic_rx_offload_capa(const struct sriovnic_hw *hw)
{
	uint64_t capa = RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_RSS_HASH |
			RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			RTE_ETH_RX_OFFLOAD_VLAN_FILTER;

	if (hw->caps & SRIOVNIC_CAP_CSUM)
		capa |= SRIOVNIC_RX_CKSUM_OFFLOADS;
	if (hw->caps & SRIOVNIC_CAP_QINQ)
		capa |= RTE_ETH_RX_OFFLOAD_VLAN_EXTEND |
			RTE_ETH_RX_OFFLOAD_QINQ_STRIP;
	if (hw->caps & SRIOVNIC_CAP_KEEP_CRC)
		capa |= RTE_ETH_RX_OFFLOAD_KEEP_CRC;
	return capa;
}

uint64_t
sriovnic_tx_offload_capa(const struct sriovnic_hw *hw)
{
	uint64_t capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
			RTE_ETH_TX_OFFLOAD_VLAN_INSERT |
			RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;

	if (hw->caps & SRIOVNIC_CAP_CSUM)
		capa |= SRIOVNIC_TX_CKSUM_OFFLOADS;
	if (hw->caps & SRIOVNIC_CAP_TSO)
		capa |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	if (hw->caps & SRIOVNIC_CAP_QINQ)
		capa |= RTE_ETH_TX_OFFLOAD_QINQ_INSERT;
	return capa;
}

static bool
ring_size_ok(uint16_t nb_desc)
{
	return rte_is_power_of_2(nb_desc) && nb_desc >= SRIOVNIC_RING_MIN &&
	       nb_desc <= SRIOVNIC_RING_MAX;
}

void
sriovnic_rxq_free_mbufs(struct sriovnic_rx_queue *rxq)
{
	uint16_t i;

	for (i = 0; i < rxq->nb_desc; i++) {
		if (rxq->sw_ring[i] != NULL)
			rte_pktmbuf_free_seg(rxq->sw_ring[i]);
		rxq->sw_ring[i] = NULL;
	}
	rte_pktmbuf_free(rxq->pkt_first);
	rxq->pkt_first = NULL;
	rxq->pkt_last = NULL;
}

static void
rx_queue_free(struct sriovnic_rx_queue *rxq)
{
	if (rxq == NULL)
		return;
	sriovnic_rxq_free_mbufs(rxq);
	rte_memzone_free(rxq->mz);
	rte_free(rxq->sw_ring);
	rte_free(rxq);
}

void
sriovnic_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	rx_queue_free(dev->data->rx_queues[qid]);
	dev->data->rx_queues[qid] = NULL;
}

int
sriovnic_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			unsigned int socket, const struct rte_eth_rxconf *conf,
			struct rte_mempool *mp)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint64_t offloads = conf->offloads | dev->data->dev_conf.rxmode.offloads;
	uint32_t room = rte_pktmbuf_data_room_size(mp) - RTE_PKTMBUF_HEADROOM;
	/* the outer tag of two stripped ones needs 32-byte descriptors */
	uint8_t shift = !!(offloads & RTE_ETH_RX_OFFLOAD_QINQ_STRIP);
	struct sriovnic_rx_queue *rxq;

	if (!ring_size_ok(nb_desc)) {
		PMD_DRV_LOG(ERR, "rx queue %u: %u descriptors; need a power of 2 in [%u, %u]",
			    qid, nb_desc, SRIOVNIC_RING_MIN, SRIOVNIC_RING_MAX);
		return -EINVAL;
	}
	room = RTE_MIN(RTE_ALIGN_FLOOR(room, 128), (uint32_t)SRIOVNIC_BUF_MAX);
	if (room < SRIOVNIC_BUF_MIN) {
		PMD_DRV_LOG(ERR, "rx queue %u: mbuf data room %u too small; need %u bytes after headroom",
			    qid, rte_pktmbuf_data_room_size(mp), SRIOVNIC_BUF_MIN);
		return -EINVAL;
	}
	sriovnic_rx_queue_release(dev, qid);
	rxq = rte_zmalloc_socket("sriovnic_rxq", sizeof(*rxq),
				 RTE_CACHE_LINE_SIZE, socket);
	if (rxq == NULL)
		return -ENOMEM;
	rxq->sw_ring = rte_zmalloc_socket("sriovnic_rx_sw",
					  sizeof(*rxq->sw_ring) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	rxq->mz = rte_eth_dma_zone_reserve(dev, "rx_ring", qid,
					   (sizeof(union sriovnic_rx_desc) *
					    SRIOVNIC_RING_MAX) << shift,
					   SRIOVNIC_RING_ALIGN, socket);
	if (rxq->sw_ring == NULL || rxq->mz == NULL) {
		rx_queue_free(rxq);
		return -ENOMEM;
	}
	rxq->ring = rxq->mz->addr;
	rxq->hw = ad->hw;
	rxq->qreg = ad->rxq_reg + qid * SRIOVNIC_Q_STRIDE;
	rxq->tail_reg = (volatile uint32_t *)(ad->hw->bar + rxq->qreg +
					      SRIOVNIC_Q_TAIL);
	rxq->mp = mp;
	rxq->nb_desc = nb_desc;
	rxq->free_thresh = RTE_MIN(conf->rx_free_thresh ? conf->rx_free_thresh :
				   SRIOVNIC_RX_FREE_THRESH, nb_desc / 2);
	rxq->port_id = dev->data->port_id;
	rxq->queue_id = qid;
	rxq->buf_len = room;
	rxq->desc_shift = shift;
	rxq->keep_crc = offloads & RTE_ETH_RX_OFFLOAD_KEEP_CRC;
	sriovnic_rxq_offloads_set(rxq, offloads);
	sriovnic_rxq_scatter_auto(rxq, sriovnic_frame_of_mtu(dev->data->mtu));
	rxq->deferred_start = conf->rx_deferred_start;
	dev->data->rx_queues[qid] = rxq;
	return 0;
}

void
sriovnic_rxq_offloads_set(struct sriovnic_rx_queue *rxq, uint64_t offloads)
{
	/* L2TAG reports the outer tag; it left the buffer only if stripping */
	uint64_t vlan = RTE_MBUF_F_RX_VLAN |
		((offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) ?
		 RTE_MBUF_F_RX_VLAN_STRIPPED : 0);
	/* the card checks every frame (datasheet 7.6): a queue without the
	 * offload passes its verdict on as unknown
	 */
	uint64_t ip = (offloads & RTE_ETH_RX_OFFLOAD_IPV4_CKSUM) ?
		      RTE_MBUF_F_RX_IP_CKSUM_MASK : 0;
	uint64_t l4 = (offloads & (RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
				   RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
				   RTE_ETH_RX_OFFLOAD_SCTP_CKSUM)) ?
		      RTE_MBUF_F_RX_L4_CKSUM_MASK : 0;
	struct sriovnic_rx_flags *fl = &rxq->flags;
	unsigned int i;

	RTE_BUILD_BUG_ON((RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED |
			  RTE_MBUF_F_RX_RSS_HASH) > UINT8_MAX);
	RTE_BUILD_BUG_ON(((RTE_MBUF_F_RX_IP_CKSUM_MASK |
			   RTE_MBUF_F_RX_L4_CKSUM_MASK) >>
			  SRIOVNIC_RX_CSUM_FLAGS_SHIFT) > UINT8_MAX);
	RTE_BUILD_BUG_ON((RTE_MBUF_F_RX_IP_CKSUM_MASK |
			  RTE_MBUF_F_RX_L4_CKSUM_MASK) &
			 RTE_LEN2MASK(SRIOVNIC_RX_CSUM_FLAGS_SHIFT, uint64_t));
	memset(fl, 0, sizeof(*fl));
	for (i = 0; i < 4; i++) {
		uint16_t st = i << SRIOVNIC_RXD_FLAGS_SHIFT;

		fl->vlan_rss[i] = ((st & SRIOVNIC_RXD_L2TAG) ? vlan : 0) |
			((st & SRIOVNIC_RXD_RSS) ? RTE_MBUF_F_RX_RSS_HASH : 0);
	}
	for (i = 0; i < RTE_DIM(fl->csum); i++) {
		uint16_t st = i << SRIOVNIC_RXD_CSUM_SHIFT;
		uint64_t f = 0;

		/* IPE and L4E mean something only with L3CS and L4CS */
		if (st & SRIOVNIC_RXD_L3CS)
			f |= ip & ((st & SRIOVNIC_RXD_IPE) ?
				   RTE_MBUF_F_RX_IP_CKSUM_BAD :
				   RTE_MBUF_F_RX_IP_CKSUM_GOOD);
		if (st & SRIOVNIC_RXD_L4CS)
			f |= l4 & ((st & SRIOVNIC_RXD_L4E) ?
				   RTE_MBUF_F_RX_L4_CKSUM_BAD :
				   RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		fl->csum[i] = f >> SRIOVNIC_RX_CSUM_FLAGS_SHIFT;
	}
	rxq->offloads = offloads;
	/* what sriovnic_rxq_scatter_auto() turned on stays */
	rxq->scatter |= !!(offloads & RTE_ETH_RX_OFFLOAD_SCATTER);
}

/* Frames of `frame` bytes (MAX_FRAME: the FCS included, which a queue
 * may keep) may not fit one of the queue's buffers
 */
bool
sriovnic_rxq_needs_scatter(const struct sriovnic_rx_queue *rxq, uint32_t frame)
{
	return frame > rxq->buf_len && !rxq->scatter;
}

/* As iavf and i40e do: the queue scatters when the MTU needs it rather
 * than refuse to start; it takes effect at the queue's next start
 */
void
sriovnic_rxq_scatter_auto(struct sriovnic_rx_queue *rxq, uint32_t frame)
{
	if (!sriovnic_rxq_needs_scatter(rxq, frame))
		return;
	PMD_DRV_LOG(NOTICE, "port %u rx queue %u: %u-byte frames over %u-byte buffers: scatter on",
		    rxq->port_id, rxq->queue_id, frame, rxq->buf_len);
	rxq->scatter = true;
}

int
sriovnic_rxq_arm(struct sriovnic_rx_queue *rxq)
{
	uint16_t i;

	if (rte_mempool_get_bulk(rxq->mp, (void **)rxq->sw_ring,
				 rxq->nb_desc) != 0) {
		PMD_DRV_LOG(ERR, "rx queue %u: cannot fill %u buffers from %s",
			    rxq->queue_id, rxq->nb_desc, rxq->mp->name);
		memset(rxq->sw_ring, 0, sizeof(*rxq->sw_ring) * rxq->nb_desc);
		return -ENOMEM;
	}
	for (i = 0; i < rxq->nb_desc; i++) {
		struct rte_mbuf *m = rxq->sw_ring[i];

		rte_mbuf_refcnt_set(m, 1);
		m->next = NULL;
		m->nb_segs = 1;
		m->data_off = RTE_PKTMBUF_HEADROOM;
		m->port = rxq->port_id;
		rxq->ring[i << rxq->desc_shift].read.buf_addr =
			rte_mbuf_data_iova_default(m);
		rxq->ring[i << rxq->desc_shift].read.rsvd = 0;
	}
	rxq->mbuf_initializer = sriovnic_rx_mbuf_initializer(rxq->port_id);
	rxq->rx_tail = 0;
	rxq->nb_hold = 0;
	return 0;
}

int
sriovnic_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct sriovnic_rx_queue *rxq = dev->data->rx_queues[qid];
	int ret = sriovnic_rxq_arm(rxq);

	if (ret != 0)
		return ret;
	ret = sriovnic_hw_queue_enable(rxq->hw, rxq->qreg,
				       rxq->mz->iova, rxq->nb_desc, rxq->buf_len,
				       (rxq->scatter ? SRIOVNIC_QCTRL_SCATTER : 0) |
				       (rxq->desc_shift ? SRIOVNIC_QCTRL_DESC32 : 0) |
				       (rxq->keep_crc ? SRIOVNIC_QCTRL_KEEP_CRC : 0));
	if (ret != 0) {
		sriovnic_rxq_free_mbufs(rxq);
		return ret;
	}
	/* one descriptor stays with the driver: TAIL == HEAD means empty */
	rte_write32(rxq->nb_desc - 1, rxq->tail_reg);
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
sriovnic_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct sriovnic_rx_queue *rxq = dev->data->rx_queues[qid];
	int ret = sriovnic_hw_queue_disable(rxq->hw, rxq->qreg);

	if (ret != 0) {
		PMD_DRV_LOG(ERR, "rx queue %u did not stop", qid);
		return ret;
	}
	sriovnic_rxq_free_mbufs(rxq);
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

void
sriovnic_txq_free_mbufs(struct sriovnic_tx_queue *txq)
{
	uint16_t i;

	for (i = 0; i < txq->nb_desc; i++) {
		if (txq->sw_ring[i] != NULL)
			rte_pktmbuf_free_seg(txq->sw_ring[i]);
		txq->sw_ring[i] = NULL;
	}
}

static void
tx_queue_free(struct sriovnic_tx_queue *txq)
{
	if (txq == NULL)
		return;
	sriovnic_txq_free_mbufs(txq);
	rte_memzone_free(txq->mz);
	rte_free(txq->sw_ring);
	rte_free(txq);
}

void
sriovnic_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	tx_queue_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
sriovnic_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			unsigned int socket, const struct rte_eth_txconf *conf)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	uint16_t rs = conf->tx_rs_thresh ? conf->tx_rs_thresh :
		      SRIOVNIC_TX_RS_THRESH;
	struct sriovnic_tx_queue *txq;

	if (!ring_size_ok(nb_desc)) {
		PMD_DRV_LOG(ERR, "tx queue %u: %u descriptors; need a power of 2 in [%u, %u]",
			    qid, nb_desc, SRIOVNIC_RING_MIN, SRIOVNIC_RING_MAX);
		return -EINVAL;
	}
	if (!rte_is_power_of_2(rs) || rs > nb_desc / 2) {
		PMD_DRV_LOG(ERR, "tx queue %u: tx_rs_thresh %u must be a power of 2 up to %u",
			    qid, rs, nb_desc / 2);
		return -EINVAL;
	}

	sriovnic_tx_queue_release(dev, qid);
	txq = rte_zmalloc_socket("sriovnic_txq", sizeof(*txq),
				 RTE_CACHE_LINE_SIZE, socket);
	if (txq == NULL)
		return -ENOMEM;
	txq->sw_ring = rte_zmalloc_socket("sriovnic_tx_sw",
					  sizeof(*txq->sw_ring) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	txq->mz = rte_eth_dma_zone_reserve(dev, "tx_ring", qid,
					   sizeof(struct sriovnic_tx_desc) * SRIOVNIC_RING_MAX,
					   SRIOVNIC_RING_ALIGN, socket);
	if (txq->sw_ring == NULL || txq->mz == NULL) {
		tx_queue_free(txq);
		return -ENOMEM;
	}
	txq->ring = txq->mz->addr;
	txq->hw = ad->hw;
	txq->qreg = ad->txq_reg + qid * SRIOVNIC_Q_STRIDE;
	txq->tail_reg = (volatile uint32_t *)(ad->hw->bar + txq->qreg +
					      SRIOVNIC_Q_TAIL);
	txq->nb_desc = nb_desc;
	txq->rs_thresh = rs;
	txq->port_id = dev->data->port_id;
	txq->queue_id = qid;
	txq->deferred_start = conf->tx_deferred_start;
	sriovnic_txq_offloads_set(txq, conf->offloads |
				  dev->data->dev_conf.txmode.offloads);
	txq->max_frame = ad->tx_max_frame;
	dev->data->tx_queues[qid] = txq;
	return 0;
}

void
sriovnic_txq_offloads_set(struct sriovnic_tx_queue *txq, uint64_t offloads)
{
	txq->offloads = offloads;
	/* tag insertion was always done for frames that ask for it */
	txq->ol_flags = RTE_MBUF_F_TX_VLAN;
	if (offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM)
		txq->ol_flags |= RTE_MBUF_F_TX_IP_CKSUM;
	if (offloads & (RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
			RTE_ETH_TX_OFFLOAD_SCTP_CKSUM))
		txq->ol_flags |= RTE_MBUF_F_TX_L4_MASK;
	/* the card wants IIPCSUM in an IPv4 TSO frame (datasheet 7.8) */
	if (offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO)
		txq->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IP_CKSUM;
	if (offloads & RTE_ETH_TX_OFFLOAD_QINQ_INSERT)
		txq->ol_flags |= RTE_MBUF_F_TX_QINQ;
}

void
sriovnic_txq_reset(struct sriovnic_tx_queue *txq)
{
	memset((void *)(uintptr_t)txq->ring, 0,
	       sizeof(*txq->ring) * txq->nb_desc);
	txq->tx_tail = 0;
	txq->nb_free = txq->nb_desc - 1;
	txq->next_dd = txq->rs_thresh - 1;
}

int
sriovnic_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct sriovnic_tx_queue *txq = dev->data->tx_queues[qid];
	int ret;

	sriovnic_txq_reset(txq);
	ret = sriovnic_hw_queue_enable(txq->hw, txq->qreg,
				       txq->mz->iova, txq->nb_desc, 0, 0);
	if (ret != 0)
		return ret;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
sriovnic_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct sriovnic_tx_queue *txq = dev->data->tx_queues[qid];
	int ret = sriovnic_hw_queue_disable(txq->hw, txq->qreg);

	if (ret != 0) {
		PMD_DRV_LOG(ERR, "tx queue %u did not stop", qid);
		return ret;
	}
	sriovnic_txq_free_mbufs(txq);
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

/* Hash and tag are copied whether the card reported them or not, as the
 * SIMD paths copy them; ol_flags say which of them are valid.
 */
static inline void
rx_fill_mbuf(struct rte_mbuf *m, const union sriovnic_rx_desc *d,
	     const struct sriovnic_rx_flags *fl)
{
	m->ol_flags = sriovnic_rx_ol_flags(fl, d->wb.status);
	m->packet_type = sriovnic_rx_ptype(d->wb.status);
	m->hash.rss = d->wb.rss_hash;
	m->vlan_tci = d->wb.vlan_tci;
	/* flow rule marks (7.2, B.7): zero unless a rule set them */
	if (unlikely(d->wb.status_ext != 0)) {
		if (d->wb.status_ext & SRIOVNIC_RXDX_MARK) {
			m->ol_flags |= RTE_MBUF_F_RX_FDIR |
				       RTE_MBUF_F_RX_FDIR_ID;
			m->hash.fdir.hi = (uint32_t)d->wb.mark_hi << 16 |
					  d->wb.mark_lo;
		} else if (d->wb.status_ext & SRIOVNIC_RXDX_FLAG) {
			m->ol_flags |= RTE_MBUF_F_RX_FDIR;
		}
	}
}

/* Two stripped tags of a 32-byte descriptor's frame (datasheet 7.2.1):
 * the outer TCI from the second half hi
 */
static inline void
rx_fill_qinq(struct rte_mbuf *m, volatile const union sriovnic_rx_desc *hi)
{
	struct sriovnic_rx_desc_hi h;
	uint64_t qw0 = hi->qw[0];

	memcpy(&h, &qw0, sizeof(qw0));
	if (!(h.status_hi & SRIOVNIC_RXDH_L2TAG2))
		return;
	m->vlan_tci_outer = h.vlan_tci_outer;
	m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED |
		       RTE_MBUF_F_RX_QINQ | RTE_MBUF_F_RX_QINQ_STRIPPED;
}

uint16_t
sriovnic_rx_scalar(struct sriovnic_rx_queue *rxq, struct rte_mbuf **pkts,
		   uint16_t nb_pkts)
{
	volatile union sriovnic_rx_desc *ring = rxq->ring;
	uint16_t mask = rxq->nb_desc - 1;
	uint16_t tail = rxq->rx_tail;
	uint8_t shift = rxq->desc_shift;
	uint16_t nb_rx = 0;

	while (nb_rx < nb_pkts) {
		volatile union sriovnic_rx_desc *d = &ring[tail << shift];
		union sriovnic_rx_desc wb;
		struct rte_mbuf *m, *nmb;
		uint16_t status;

		status = d->wb.status;
		if (!(status & SRIOVNIC_RXD_DD))
			break;
		/* the rest of the write-back is valid once DD is seen */
		rte_atomic_thread_fence(__ATOMIC_ACQUIRE);
		wb.qw[0] = d->qw[0];
		wb.qw[1] = d->qw[1];

		nmb = rte_mbuf_raw_alloc(rxq->mp);
		if (unlikely(nmb == NULL)) {
			rxq->mbuf_alloc_failed++;
			break;
		}
		m = rxq->sw_ring[tail];
		rxq->sw_ring[tail] = nmb;
		d->read.buf_addr = rte_mbuf_data_iova_default(nmb);
		d->read.rsvd = 0;
		tail = (tail + 1) & mask;
		rxq->nb_hold++;

		m->data_len = wb.wb.pkt_len;
		/* the application may have moved it before freeing the mbuf */
		m->data_off = RTE_PKTMBUF_HEADROOM;
		if (rxq->pkt_first == NULL) {
			m->pkt_len = m->data_len;
			m->nb_segs = 1;
			rxq->pkt_first = m;
		} else {
			rxq->pkt_first->pkt_len += m->data_len;
			rxq->pkt_first->nb_segs++;
			rxq->pkt_last->next = m;
		}
		m->next = NULL;
		rxq->pkt_last = m;
		if (!(status & SRIOVNIC_RXD_EOP))
			continue;

		m = rxq->pkt_first;
		rxq->pkt_first = NULL;
		m->port = rxq->port_id;
		rx_fill_mbuf(m, &wb, &rxq->flags);
		if (unlikely(shift != 0))
			rx_fill_qinq(m, d + 1);
		pkts[nb_rx++] = m;
	}
	rxq->rx_tail = tail;
	return nb_rx;
}

uint16_t
sriovnic_recv_pkts(void *rx_queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	uint16_t nb_rx = sriovnic_rx_scalar(rx_queue, pkts, nb_pkts);

	sriovnic_rx_doorbell(rx_queue);
	return nb_rx;
}

/* Values of the L4T field (datasheet 7.3) by RTE_MBUF_F_TX_L4_MASK */
#define SRIOVNIC_TX_L4_SHIFT	52
#define SRIOVNIC_L4T_TCP	1u
#define SRIOVNIC_L4T_UDP	2u
#define SRIOVNIC_L4T_SCTP	3u

static const uint8_t tx_l4t[4] = {
	[RTE_MBUF_F_TX_TCP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = SRIOVNIC_L4T_TCP,
	[RTE_MBUF_F_TX_UDP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = SRIOVNIC_L4T_UDP,
	[RTE_MBUF_F_TX_SCTP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = SRIOVNIC_L4T_SCTP,
};

/* L4 header bytes the card needs in the frame to insert a checksum (7.7) */
static const uint8_t tx_l4_hdr_len[4] = {
	[RTE_MBUF_F_TX_TCP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = sizeof(struct rte_tcp_hdr),
	[RTE_MBUF_F_TX_UDP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = sizeof(struct rte_udp_hdr),
	[RTE_MBUF_F_TX_SCTP_CKSUM >> SRIOVNIC_TX_L4_SHIFT] = sizeof(struct rte_sctp_hdr),
};

#define SRIOVNIC_TSO_L4LEN_MAX	60	/* L4LEN: TCP header and options */

/* Offloads that need MACLEN and IPLEN */
#define SRIOVNIC_TX_OL_HDRS \
	(RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_TCP_SEG)

/*
 * Offload fields of a frame's first data descriptor (datasheet 7.3, 7.7,
 * 7.8), from the ol_flags that the queue acts on.
 */
static __rte_always_inline uint64_t
tx_offload_cmd(const struct rte_mbuf *m, uint64_t ol)
{
	uint64_t cmd = 0;

	RTE_BUILD_BUG_ON(RTE_MBUF_F_TX_L4_MASK != 3ull << SRIOVNIC_TX_L4_SHIFT);
	/* QinQ: vlan_tci is the inner tag, the context has the outer one */
	if (ol & (RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_TX_QINQ))
		cmd |= SRIOVNIC_TXD_IL2TAG |
		       (uint64_t)m->vlan_tci << SRIOVNIC_TXD_VLAN_SHIFT;
	if (ol & SRIOVNIC_TX_OL_HDRS) {
		cmd |= (uint64_t)m->l2_len << SRIOVNIC_TXD_MACLEN_SHIFT |
		       (uint64_t)m->l3_len << SRIOVNIC_TXD_IPLEN_SHIFT;
		if (ol & RTE_MBUF_F_TX_IP_CKSUM)
			cmd |= SRIOVNIC_TXD_IIPCSUM;
		/* TSO implies the TCP checksum, whatever L4 flags say */
		cmd |= (uint64_t)((ol & RTE_MBUF_F_TX_TCP_SEG) ? SRIOVNIC_L4T_TCP :
			tx_l4t[(ol & RTE_MBUF_F_TX_L4_MASK) >> SRIOVNIC_TX_L4_SHIFT]) <<
			SRIOVNIC_TXD_L4T_SHIFT;
	}
	return cmd;
}

/* qw0 of a frame's context descriptor (datasheet 7.8): TSO's MSS and
 * L4LEN (0 without TSO), QinQ's outer tag
 */
static inline uint64_t
tx_ctx_qw0(const struct rte_mbuf *m, uint64_t ol)
{
	uint64_t qw0 = 0;

	if (ol & RTE_MBUF_F_TX_TCP_SEG)
		qw0 = (m->tso_segsz & SRIOVNIC_TXC_MSS_MASK) |
		      (uint64_t)m->l4_len << SRIOVNIC_TXC_L4LEN_SHIFT;
	if (ol & RTE_MBUF_F_TX_QINQ)
		qw0 |= (uint64_t)m->vlan_tci_outer << SRIOVNIC_TXC_VLAN2_SHIFT;
	return qw0;
}

/* Reclaims completed batches until need descriptors are free; false if
 * the card has not completed enough. Once per batch, out of the loop that
 * fills descriptors, whose registers it would otherwise take.
 */
static __rte_noinline bool
tx_make_room(struct sriovnic_tx_queue *txq, uint16_t need)
{
	while (txq->nb_free < need)
		if (sriovnic_tx_free_batch(txq) == 0)
			return false;
	return true;
}

/* Writes descriptor d of slot tail, with RS on every rs_thresh-th slot */
static __rte_always_inline void
tx_desc_write(volatile struct sriovnic_tx_desc *d, uint16_t tail,
	      uint16_t rs_mask, uint64_t qw0, uint64_t cmd)
{
	if ((tail & rs_mask) == rs_mask)
		cmd |= SRIOVNIC_TXD_RS;
	d->buf_addr = qw0;
	d->cmd = cmd;
}

uint16_t
sriovnic_tx_scalar(struct sriovnic_tx_queue *txq, struct rte_mbuf **pkts,
		   uint16_t nb_pkts)
{
	volatile struct sriovnic_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw_ring = txq->sw_ring;
	uint16_t mask = txq->nb_desc - 1;
	uint16_t rs_mask = txq->rs_thresh - 1;
	uint16_t tail = txq->tx_tail;
	uint16_t nb_tx;

	for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
		struct rte_mbuf *m = pkts[nb_tx];
		uint64_t ol = m->ol_flags & txq->ol_flags;
		uint32_t max_len = SRIOVNIC_MAX_FRAME_LIMIT;
		uint16_t need = m->nb_segs;
		uint64_t cmd = 0;
		bool ctx = false;

		if (ol != 0) {
			cmd = tx_offload_cmd(m, ol);
			/* a context descriptor in front (7.8) */
			ctx = ol & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_QINQ);
			need += ctx;
			if (ol & RTE_MBUF_F_TX_TCP_SEG)
				max_len = SRIOVNIC_TSO_MAX_LEN;
		}
		if (unlikely(m->nb_segs > SRIOVNIC_TX_MAX_SEG ||
			     m->pkt_len > max_len)) {
			/* the card would refuse it: drop and count, not stall */
			txq->dropped++;
			rte_pktmbuf_free(m);
			continue;
		}
		if (txq->nb_free < need && !tx_make_room(txq, need))
			break;
		txq->nb_free -= need;
		if (unlikely(ctx)) {
			/* no mbuf: the completion skips the slot */
			sw_ring[tail] = NULL;
			tx_desc_write(&ring[tail], tail, rs_mask,
				      tx_ctx_qw0(m, ol), SRIOVNIC_TXD_DTYPE_CTX |
				      ((ol & RTE_MBUF_F_TX_QINQ) ?
				       SRIOVNIC_TXC_IL2TAG2 : 0));
			tail = (tail + 1) & mask;
		}
		for (; m != NULL; m = m->next) {
			cmd |= SRIOVNIC_TXD_DTYPE_DATA |
			       (uint64_t)m->data_len << SRIOVNIC_TXD_LEN_SHIFT;
			if (m->next == NULL)
				cmd |= SRIOVNIC_TXD_EOP;
			sw_ring[tail] = m;
			tx_desc_write(&ring[tail], tail, rs_mask,
				      rte_mbuf_data_iova(m), cmd);
			tail = (tail + 1) & mask;
			/* offload fields belong in the first descriptor only */
			cmd = 0;
		}
	}
	txq->tx_tail = tail;
	return nb_tx;
}

uint16_t
sriovnic_xmit_pkts(void *tx_queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct sriovnic_tx_queue *txq = tx_queue;
	uint16_t start = txq->tx_tail;
	uint16_t nb_tx = sriovnic_tx_scalar(txq, pkts, nb_pkts);

	sriovnic_tx_doorbell(txq, start);
	return nb_tx;
}

/* Why the card would refuse frame m (datasheet 7.4, 7.7, 7.8), as an
 * errno; 0 if it takes it. Only the mbuf's metadata is looked at.
 */
static int
tx_prep_check(const struct sriovnic_tx_queue *txq, const struct rte_mbuf *m)
{
	uint64_t ol = m->ol_flags;
	uint32_t tag = ((ol & (RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_TX_QINQ)) ?
			RTE_VLAN_HLEN : 0) +
		       ((ol & RTE_MBUF_F_TX_QINQ) ? RTE_VLAN_HLEN : 0);
	uint32_t hdrs = m->l2_len + m->l3_len;
	uint32_t frame = m->pkt_len + tag;

	if (ol & RTE_MBUF_F_TX_OFFLOAD_MASK &
	    ~(txq->ol_flags | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6))
		return ENOTSUP;
	if (m->nb_segs > SRIOVNIC_TX_MAX_SEG)
		return EINVAL;
	if (ol & SRIOVNIC_TX_OL_HDRS) {
		/* MACLEN: a MAC header at least; IPLEN: an IPv4 header */
		if (m->l2_len < RTE_ETHER_HDR_LEN ||
		    m->l3_len < sizeof(struct rte_ipv4_hdr))
			return EINVAL;
		hdrs += (ol & RTE_MBUF_F_TX_TCP_SEG) ? m->l4_len :
			tx_l4_hdr_len[(ol & RTE_MBUF_F_TX_L4_MASK) >>
				      SRIOVNIC_TX_L4_SHIFT];
		if (hdrs > m->pkt_len)
			return EINVAL;
	}
	if (ol & RTE_MBUF_F_TX_TCP_SEG) {
		if (m->tso_segsz < SRIOVNIC_TSO_MSS_MIN ||
		    m->tso_segsz > SRIOVNIC_TSO_MSS_MAX ||
		    m->l4_len < sizeof(struct rte_tcp_hdr) ||
		    m->l4_len > SRIOVNIC_TSO_L4LEN_MAX || m->l4_len % 4 != 0 ||
		    m->pkt_len > SRIOVNIC_TSO_MAX_LEN)
			return EINVAL;
		/* the longest segment is what MAX_FRAME applies to */
		frame = hdrs + RTE_MIN((uint32_t)m->tso_segsz,
				       m->pkt_len - hdrs) + tag;
	}
	/* MAX_FRAME counts the FCS the card appends (datasheet 7.9) */
	return frame < RTE_ETHER_HDR_LEN ||
	       frame + SRIOVNIC_FCS_LEN > *txq->max_frame ? EINVAL : 0;
}

uint16_t
sriovnic_prep_pkts(void *tx_queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	uint16_t i;

	for (i = 0; i < nb_pkts; i++) {
		int ret = tx_prep_check(tx_queue, pkts[i]);

		if (ret != 0) {
			rte_errno = ret;
			break;
		}
	}
	return i;
}

uint32_t
sriovnic_rx_queue_count(void *rx_queue)
{
	const struct sriovnic_rx_queue *rxq = rx_queue;
	uint32_t owned = rxq->nb_desc - 1u - rxq->nb_hold;
	uint32_t n = 0;

	/* the card writes back in ring order: the done ones are a run from
	 * rx_tail, within what the card was given
	 */
	while (n < owned &&
	       (rxq->ring[((rxq->rx_tail + n) & (rxq->nb_desc - 1)) <<
			  rxq->desc_shift].wb.status &
		SRIOVNIC_RXD_DD))
		n++;
	return n;
}

int
sriovnic_rx_descriptor_status(void *rx_queue, uint16_t offset)
{
	const struct sriovnic_rx_queue *rxq = rx_queue;

	if (offset >= rxq->nb_desc)
		return -EINVAL;
	/* beyond the card's tail: re-armed, not yet handed over (or the one
	 * slot the driver always keeps)
	 */
	if (offset >= rxq->nb_desc - 1u - rxq->nb_hold)
		return RTE_ETH_RX_DESC_UNAVAIL;
	return (rxq->ring[((rxq->rx_tail + offset) & (rxq->nb_desc - 1)) <<
			  rxq->desc_shift].wb.status &
		SRIOVNIC_RXD_DD) ? RTE_ETH_RX_DESC_DONE : RTE_ETH_RX_DESC_AVAIL;
}

int
sriovnic_tx_descriptor_status(void *tx_queue, uint16_t offset)
{
	const struct sriovnic_tx_queue *txq = tx_queue;
	uint16_t rs_mask = txq->rs_thresh - 1;
	uint16_t desc = (txq->tx_tail + offset) & (txq->nb_desc - 1);

	if (offset >= txq->nb_desc)
		return -EINVAL;
	/* free slots, and the one behind them the card never gets: ahead of
	 * tail the driver's, after them what it sent and has not reclaimed
	 */
	if (offset <= txq->nb_free)
		return RTE_ETH_TX_DESC_DONE;
	/* completed with the next RS slot (7.4), unless that is not written */
	if (offset + (rs_mask - (desc & rs_mask)) >= txq->nb_desc)
		return RTE_ETH_TX_DESC_FULL;
	return (txq->ring[desc | rs_mask].cmd & SRIOVNIC_TXD_DTYPE_MASK) ==
	       SRIOVNIC_TXD_DTYPE_DONE ? RTE_ETH_TX_DESC_DONE :
	       RTE_ETH_TX_DESC_FULL;
}

void
sriovnic_rxtx_init(struct rte_eth_dev *dev)
{
	dev->rx_pkt_burst = sriovnic_recv_pkts;
	dev->tx_pkt_burst = sriovnic_xmit_pkts;
	dev->tx_pkt_prepare = sriovnic_prep_pkts;
	dev->rx_queue_count = sriovnic_rx_queue_count;
	dev->rx_descriptor_status = sriovnic_rx_descriptor_status;
	dev->tx_descriptor_status = sriovnic_tx_descriptor_status;
}

#define SRIOVNIC_NO_CPUFLAG	RTE_CPUFLAG_NUMFLAGS
/* VLAN_EXTEND and VLAN_FILTER change what the card parses and delivers,
 * KEEP_CRC only pkt_len: not the descriptors
 */
#define SRIOVNIC_VEC_RX_OFFLOADS (RTE_ETH_RX_OFFLOAD_RSS_HASH | \
	RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_VLAN_EXTEND | \
	RTE_ETH_RX_OFFLOAD_VLAN_FILTER | RTE_ETH_RX_OFFLOAD_KEEP_CRC | \
	SRIOVNIC_RX_CKSUM_OFFLOADS | SRIOVNIC_RX_OFFLOAD_MARK)
#define SRIOVNIC_VEC_TX_OFFLOADS	RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE

/* The burst paths, fastest first. Each SIMD path exists only where meson
 * built its file (the ISA of the target and a compiler that takes the
 * flags); it runs only on a CPU with its flags and only for offloads it
 * handles: multi-buffer frames, tag and checksum insertion and TSO are left
 * to the scalar bursts, which do everything.
 */
static const struct sriovnic_rxtx_path {
	const char *name;
	const char *info;		/* rte_eth_burst_mode text */
	eth_rx_burst_t rx_burst;
	eth_rx_burst_t rx_burst_mark;	/* with SRIOVNIC_RX_OFFLOAD_MARK */
	eth_tx_burst_t tx_burst;
	uint16_t simd_bitwidth;		/* RTE_VECT_SIMD_* it needs */
	enum rte_cpu_flag_t cpu_flags[2];
	uint64_t rx_offloads;		/* what the rx burst handles */
	uint64_t tx_offloads;
} sriovnic_rxtx_paths[] = {
#ifdef SRIOVNIC_VEC_AVX512
	{ "avx512", "Vector AVX512", sriovnic_recv_pkts_avx512,
	  sriovnic_recv_pkts_mark_avx512, sriovnic_xmit_pkts_avx512,
	  RTE_VECT_SIMD_512,
	  { RTE_CPUFLAG_AVX512F, RTE_CPUFLAG_AVX512BW },
	  SRIOVNIC_VEC_RX_OFFLOADS, SRIOVNIC_VEC_TX_OFFLOADS },
#endif
#ifdef SRIOVNIC_VEC_AVX2
	{ "avx2", "Vector AVX2", sriovnic_recv_pkts_avx2,
	  sriovnic_recv_pkts_mark_avx2, sriovnic_xmit_pkts_avx2,
	  RTE_VECT_SIMD_256,
	  { RTE_CPUFLAG_AVX2, SRIOVNIC_NO_CPUFLAG },
	  SRIOVNIC_VEC_RX_OFFLOADS, SRIOVNIC_VEC_TX_OFFLOADS },
#endif
#ifdef SRIOVNIC_VEC_SSE
	{ "sse", "Vector SSE", sriovnic_recv_pkts_sse,
	  sriovnic_recv_pkts_mark_sse, sriovnic_xmit_pkts_sse,
	  RTE_VECT_SIMD_128,
	  { RTE_CPUFLAG_SSE4_2, SRIOVNIC_NO_CPUFLAG },
	  SRIOVNIC_VEC_RX_OFFLOADS, SRIOVNIC_VEC_TX_OFFLOADS },
#endif
#ifdef SRIOVNIC_VEC_NEON
	{ "neon", "Vector Neon", sriovnic_recv_pkts_neon,
	  sriovnic_recv_pkts_mark_neon, sriovnic_xmit_pkts_neon,
	  RTE_VECT_SIMD_128,
	  { RTE_CPUFLAG_NEON, SRIOVNIC_NO_CPUFLAG },
	  SRIOVNIC_VEC_RX_OFFLOADS, SRIOVNIC_VEC_TX_OFFLOADS },
#endif
	{ "scalar", "Scalar", sriovnic_recv_pkts, sriovnic_recv_pkts,
	  sriovnic_xmit_pkts,
	  RTE_VECT_SIMD_DISABLED, { SRIOVNIC_NO_CPUFLAG, SRIOVNIC_NO_CPUFLAG },
	  UINT64_MAX, UINT64_MAX },
};

static bool
path_cpu_ok(const struct sriovnic_rxtx_path *p)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(p->cpu_flags); i++)
		if (p->cpu_flags[i] != SRIOVNIC_NO_CPUFLAG &&
		    rte_cpu_get_flag_enabled(p->cpu_flags[i]) != 1)
			return false;
	return true;
}

/* The first path that may run here and handles the offloads; the scalar
 * path, last in the table, always does.
 */
static const struct sriovnic_rxtx_path *
path_pick(uint64_t offloads, bool rx)
{
	uint16_t simd = rte_vect_get_max_simd_bitwidth();
	const struct sriovnic_rxtx_path *p = sriovnic_rxtx_paths;

	while (p->simd_bitwidth > simd ||
	       (offloads & ~(rx ? p->rx_offloads : p->tx_offloads)) != 0 ||
	       !path_cpu_ok(p))
		p++;
	return p;
}

void
sriovnic_set_rxtx_funcs(struct rte_eth_dev *dev)
{
	const struct sriovnic_adapter *ad = dev->data->dev_private;
	uint64_t rx_off = dev->data->dev_conf.rxmode.offloads;
	uint64_t tx_off = dev->data->dev_conf.txmode.offloads;
	const struct sriovnic_rxtx_path *rx, *tx;
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct sriovnic_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			rx_off |= rxq->offloads;
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct sriovnic_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			tx_off |= txq->offloads;
	}
	if (ad != NULL && ad->rx_metadata != 0 && ad->nb_mark_flows != 0)
		rx_off |= SRIOVNIC_RX_OFFLOAD_MARK;
	rx = path_pick(rx_off, true);
	tx = path_pick(tx_off, false);
	dev->rx_pkt_burst = rx_off & SRIOVNIC_RX_OFFLOAD_MARK ?
			    rx->rx_burst_mark : rx->rx_burst;
	dev->tx_pkt_burst = tx->tx_burst;
	PMD_DRV_LOG(INFO, "port %u: rx burst %s, tx burst %s (max SIMD %u bits)",
		    dev->data->port_id, rx->name, tx->name,
		    rte_vect_get_max_simd_bitwidth());
}

/* The path that a port's rx (or, with rx NULL, tx) burst belongs to */
static const struct sriovnic_rxtx_path *
path_of(eth_rx_burst_t rx, eth_tx_burst_t tx)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(sriovnic_rxtx_paths); i++) {
		const struct sriovnic_rxtx_path *p = &sriovnic_rxtx_paths[i];

		if (rx != NULL ? p->rx_burst == rx || p->rx_burst_mark == rx :
		    p->tx_burst == tx)
			return p;
	}
	return NULL;
}

static int
burst_mode_fill(const struct sriovnic_rxtx_path *p,
		struct rte_eth_burst_mode *mode)
{
	if (p == NULL)
		return -EINVAL;
	mode->flags = 0;
	rte_strscpy(mode->info, p->info, sizeof(mode->info));
	return 0;
}

int
sriovnic_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			   struct rte_eth_burst_mode *mode)
{
	return burst_mode_fill(path_of(dev->rx_pkt_burst, NULL), mode);
}

int
sriovnic_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			   struct rte_eth_burst_mode *mode)
{
	return burst_mode_fill(path_of(NULL, dev->tx_pkt_burst), mode);
}

int
sriovnic_rxtx_path_by_name(const char *name, eth_rx_burst_t *rx,
			   eth_tx_burst_t *tx)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(sriovnic_rxtx_paths); i++) {
		const struct sriovnic_rxtx_path *p = &sriovnic_rxtx_paths[i];

		if (strcmp(p->name, name) != 0)
			continue;
		if (!path_cpu_ok(p))
			return -ENOTSUP;
		*rx = p->rx_burst;
		*tx = p->tx_burst;
		return 0;
	}
	return -ENOENT;
}

eth_rx_burst_t
sriovnic_rx_mark_burst(eth_rx_burst_t rx)
{
	const struct sriovnic_rxtx_path *p = path_of(rx, NULL);

	return p != NULL ? p->rx_burst_mark : NULL;
}
