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
	bool deferred_start;
	uint64_t vlan_flags;		/* ol_flags for a reported VLAN tag */
	uint64_t offloads;		/* RTE_ETH_RX_OFFLOAD_* of the queue */
	uint64_t mbuf_initializer;	/* rearm_data of a received mbuf */
	uint8_t ol_flags_tbl[16];	/* ol_flags by RXD_L2TAG, RXD_RSS */
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
	uint64_t dropped;		/* frames the card cannot take */
	const struct rte_memzone *mz;
	struct sriovnic_hw *hw;
	uint32_t qreg;
};

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

/* Ring state without the device, shared by queue start/stop and tests */
int sriovnic_rxq_arm(struct sriovnic_rx_queue *rxq);
void sriovnic_rxq_free_mbufs(struct sriovnic_rx_queue *rxq);
void sriovnic_txq_reset(struct sriovnic_tx_queue *txq);
void sriovnic_txq_free_mbufs(struct sriovnic_tx_queue *txq);

uint16_t sriovnic_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);

/* SIMD bursts, one pair per ISA (sriovnic_rxtx_vec_*.c); they behave
 * exactly as the scalar ones and are only called where the CPU has the ISA.
 */
uint16_t sriovnic_recv_pkts_sse(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts_sse(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_recv_pkts_avx2(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts_avx2(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_recv_pkts_avx512(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts_avx512(void *txq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_recv_pkts_neon(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t sriovnic_xmit_pkts_neon(void *txq, struct rte_mbuf **pkts, uint16_t n);

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

#endif /* SRIOVNIC_RXTX_H */
