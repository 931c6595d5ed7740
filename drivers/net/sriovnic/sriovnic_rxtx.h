/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_RXTX_H
#define SRIOVNIC_RXTX_H

#include <ethdev_driver.h>

#include "sriovnic_hw.h"

#define SRIOVNIC_RX_FREE_THRESH		32
#define SRIOVNIC_TX_RS_THRESH		32
#define SRIOVNIC_TX_MAX_SEG		18
#define SRIOVNIC_DESC_DEFAULT		512

#define SRIOVNIC_RX_CKSUM_OFFLOADS	(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | \
					 RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
					 RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
					 RTE_ETH_RX_OFFLOAD_SCTP_CKSUM)
/* Not an ethdev offload: flow marks negotiated (rx_metadata_negotiate, or
 * not negotiated at all) while the port has a rule that marks; every path then takes its rx burst
 * that reports them, ports without such rules keep the one that does not
 * look (B.7)
 */
#define SRIOVNIC_RX_OFFLOAD_MARK	RTE_BIT64(63)
#define SRIOVNIC_TX_CKSUM_OFFLOADS	(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | \
					 RTE_ETH_TX_OFFLOAD_UDP_CKSUM | \
					 RTE_ETH_TX_OFFLOAD_TCP_CKSUM | \
					 RTE_ETH_TX_OFFLOAD_SCTP_CKSUM)

/*
 * ol_flags of a received frame by its status bits, as tables of bytes that
 * SIMD code looks up with byte shuffles (sriovnic_rx_ol_flags()).
 */
struct sriovnic_rx_flags {
	uint8_t vlan_rss[16];	/* by status [3:2], L2TAG and RSS: 4 used */
	uint8_t csum[16];	/* by status [7:4], checksum bits: flags >> 3 */
};

struct sriovnic_rx_queue {
	volatile union sriovnic_rx_desc *ring;
	struct rte_mbuf **sw_ring;
	volatile uint32_t *tail_reg;
	struct rte_mempool *mp;
	struct rte_mbuf *pkt_first;	/* frame being reassembled (scatter) */
	struct rte_mbuf *pkt_last;
	uint16_t nb_desc;
	uint16_t rx_tail;		/* next descriptor to look at */
	uint16_t nb_hold;		/* re-armed, not yet given to the card */
	uint16_t free_thresh;
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t buf_len;
	bool scatter;
	bool keep_crc;			/* the card writes the FCS too */
	bool deferred_start;
	/* 1 for 32-byte descriptors (QINQ_STRIP: the outer tag's TCI in the
	 * second half), else 0; only the scalar burst reads those
	 */
	uint8_t desc_shift;
	uint64_t offloads;		/* RTE_ETH_RX_OFFLOAD_* of the queue */
	uint64_t mbuf_initializer;	/* rearm_data of a received mbuf */
	struct sriovnic_rx_flags flags __rte_aligned(16);	/* by offloads */
	uint64_t mbuf_alloc_failed;
	const struct rte_memzone *mz;
	struct sriovnic_hw *hw;
	uint32_t qreg;			/* register block of this queue */
};

struct sriovnic_tx_queue {
	volatile struct sriovnic_tx_desc *ring;
	struct rte_mbuf **sw_ring;
	volatile uint32_t *tail_reg;
	uint16_t nb_desc;
	uint16_t tx_tail;		/* next descriptor to fill */
	uint16_t nb_free;
	uint16_t next_dd;		/* next RS descriptor to check */
	uint16_t rs_thresh;
	uint16_t port_id;
	uint16_t queue_id;
	bool deferred_start;
	uint64_t offloads;		/* RTE_ETH_TX_OFFLOAD_* of the queue */
	uint64_t ol_flags;		/* RTE_MBUF_F_TX_* the queue acts on */
	const uint32_t *max_frame;	/* the port's, for tx_prepare */
	uint64_t dropped;		/* frames the card cannot take */
	const struct rte_memzone *mz;
	struct sriovnic_hw *hw;
	uint32_t qreg;
};

/* What the card's CAPS allow, for dev_infos_get */
uint64_t sriovnic_rx_offload_capa(const struct sriovnic_hw *hw);
uint64_t sriovnic_tx_offload_capa(const struct sriovnic_hw *hw);
const uint32_t *sriovnic_dev_supported_ptypes_get(struct rte_eth_dev *dev);

int sriovnic_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			    uint16_t nb_desc, unsigned int socket,
			    const struct rte_eth_rxconf *conf,
			    struct rte_mempool *mp);
int sriovnic_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			    uint16_t nb_desc, unsigned int socket,
			    const struct rte_eth_txconf *conf);
void sriovnic_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void sriovnic_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int sriovnic_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int sriovnic_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
int sriovnic_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int sriovnic_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);

/* The offloads of a queue and what the bursts make of them; at queue
 * setup, when VLAN stripping changes, and in tests
 */
void sriovnic_rxq_offloads_set(struct sriovnic_rx_queue *rxq,
			       uint64_t offloads);
bool sriovnic_rxq_needs_scatter(const struct sriovnic_rx_queue *rxq,
				uint32_t frame);
void sriovnic_rxq_scatter_auto(struct sriovnic_rx_queue *rxq, uint32_t frame);
void sriovnic_txq_offloads_set(struct sriovnic_tx_queue *txq,
			       uint64_t offloads);

/* Ring state without the device, shared by queue start/stop and tests */
int sriovnic_rxq_arm(struct sriovnic_rx_queue *rxq);
void sriovnic_rxq_free_mbufs(struct sriovnic_rx_queue *rxq);
void sriovnic_txq_reset(struct sriovnic_tx_queue *txq);
void sriovnic_txq_free_mbufs(struct sriovnic_tx_queue *txq);

uint16_t sriovnic_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint32_t sriovnic_rx_queue_count(void *rxq);
int sriovnic_rx_descriptor_status(void *rxq, uint16_t offset);
int sriovnic_tx_descriptor_status(void *txq, uint16_t offset);

/* SIMD bursts, one pair per ISA (sriovnic_rxtx_vec_*.c); they behave
 * exactly as the scalar ones and are only called where the CPU has the ISA.
 */
#define SRIOVNIC_VEC_BURSTS(isa)					\
uint16_t sriovnic_recv_pkts_##isa(void *rxq, struct rte_mbuf **pkts,	\
				  uint16_t n);				\
uint16_t sriovnic_recv_pkts_mark_##isa(void *rxq, struct rte_mbuf **pkts, \
				       uint16_t n);			\
uint16_t sriovnic_xmit_pkts_##isa(void *txq, struct rte_mbuf **pkts,	\
				  uint16_t n)
SRIOVNIC_VEC_BURSTS(sse);
SRIOVNIC_VEC_BURSTS(avx2);
SRIOVNIC_VEC_BURSTS(avx512);
SRIOVNIC_VEC_BURSTS(neon);

/* The scalar bursts and the other fast-path functions, at port init */
void sriovnic_rxtx_init(struct rte_eth_dev *dev);
/* Picks the fastest bursts that the CPU, --force-max-simd-bitwidth and the
 * configured offloads allow; called at the end of dev_start.
 */
void sriovnic_set_rxtx_funcs(struct rte_eth_dev *dev);
int sriovnic_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			       struct rte_eth_burst_mode *mode);
int sriovnic_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			       struct rte_eth_burst_mode *mode);
/* One path by name ("scalar", "sse", "avx2", "avx512", "neon"), for tests
 * and benchmarks: 0, -ENOENT if not built, -ENOTSUP if the CPU lacks it.
 */
int sriovnic_rxtx_path_by_name(const char *name, eth_rx_burst_t *rx,
			       eth_tx_burst_t *tx);
/* The rx burst of rx's path that reports flow marks (rx for the scalar
 * one, which always does); NULL if rx is no path's
 */
eth_rx_burst_t sriovnic_rx_mark_burst(eth_rx_burst_t rx);

#endif /* SRIOVNIC_RXTX_H */
