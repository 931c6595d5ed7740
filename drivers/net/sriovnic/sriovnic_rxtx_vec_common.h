/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_RXTX_VEC_COMMON_H
#define SRIOVNIC_RXTX_VEC_COMMON_H

/*
 * What the bursts share, so that every path treats descriptors and mbufs
 * alike: the rx ol_flags lookup, the tx completion and the doorbells (the
 * scalar bursts use them too), and the burst loops that each SIMD file runs
 * with its own kernels for groups of SRIOVNIC_VEC_GROUP descriptors.
 * Whatever a kernel does not cover (a scattered queue, fewer than a group
 * before the end of the burst or of the ring, a frame the SIMD tx writer
 * does not handle, a failed mbuf allocation) goes through the scalar loop,
 * on the same ring state, and the doorbell is rung once at the end of a
 * burst in every path: the result is the scalar path's by construction.
 */

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "sriovnic_rxtx.h"

#define SRIOVNIC_VEC_GROUP	4

/* The scalar bursts without their doorbell (sriovnic_rxtx.c) */
uint16_t sriovnic_rx_scalar(struct sriovnic_rx_queue *rxq,
			    struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t sriovnic_tx_scalar(struct sriovnic_tx_queue *txq,
			    struct rte_mbuf **pkts, uint16_t nb_pkts);

/* Hands re-armed descriptors to the card in batches of free_thresh; the
 * one before rx_tail stays with the driver, as TAIL == HEAD means empty.
 */
static __rte_always_inline void
sriovnic_rx_doorbell(struct sriovnic_rx_queue *rxq)
{
	if (rxq->nb_hold > rxq->free_thresh) {
		rte_write32((rxq->rx_tail - 1) & (rxq->nb_desc - 1),
			    rxq->tail_reg);
		rxq->nb_hold = 0;
	}
}

static __rte_always_inline void
sriovnic_tx_doorbell(struct sriovnic_tx_queue *txq, uint16_t start)
{
	if (txq->tx_tail != start)
		rte_write32(txq->tx_tail, txq->tail_reg);
}

/* SIMD code accesses descriptors with explicit ordering, not as volatile */
#define SRIOVNIC_DESC_PTR(p)	((void *)(uintptr_t)(p))

/* status bits that select the ol_flags of a frame: L2TAG and RSS, and the
 * checksum bits L3CS, L4CS, IPE and L4E (struct sriovnic_rx_flags)
 */
#define SRIOVNIC_RXD_FLAGS_SHIFT	2
#define SRIOVNIC_RXD_CSUM_SHIFT		4
/* the checksum flags, ol_flags bits 3, 4, 7 and 8, fit a byte shifted */
#define SRIOVNIC_RX_CSUM_FLAGS_SHIFT	3

static __rte_always_inline uint64_t
sriovnic_rx_ol_flags(const struct sriovnic_rx_flags *fl, uint16_t status)
{
	RTE_BUILD_BUG_ON(SRIOVNIC_RXD_L2TAG != 1u << SRIOVNIC_RXD_FLAGS_SHIFT);
	RTE_BUILD_BUG_ON(SRIOVNIC_RXD_RSS != 2u << SRIOVNIC_RXD_FLAGS_SHIFT);
	RTE_BUILD_BUG_ON(SRIOVNIC_RXD_L3CS != 1u << SRIOVNIC_RXD_CSUM_SHIFT);
	RTE_BUILD_BUG_ON(SRIOVNIC_RXD_L4E != 8u << SRIOVNIC_RXD_CSUM_SHIFT);
	return fl->vlan_rss[(status >> SRIOVNIC_RXD_FLAGS_SHIFT) & 3] |
	       (uint64_t)fl->csum[(status >> SRIOVNIC_RXD_CSUM_SHIFT) & 15] <<
	       SRIOVNIC_RX_CSUM_FLAGS_SHIFT;
}

/* Flow marks (7.2, B.7), in the burst of a port with a marking rule:
 * status_ext [1:0] (MARK, FLAG) as index x into one byte shuffle gives
 * ol_flags byte 0 (FDIR for either) at index x and byte 1 (FDIR_ID for
 * MARK) at index 4 + x; the mbuf's hash (rss, fdir.hi) is descriptor
 * bytes 0-3, 6-7 and 14-15, another byte shuffle.
 */
#define SRIOVNIC_RXDX_SHIFT		16	/* status_ext in qw1 */
#define SRIOVNIC_MARK_FDIR		RTE_MBUF_F_RX_FDIR
#define SRIOVNIC_MARK_FDIR_ID		(RTE_MBUF_F_RX_FDIR_ID >> 8)
#define SRIOVNIC_MARK_LUT_BYTES		0, SRIOVNIC_MARK_FDIR, \
	SRIOVNIC_MARK_FDIR, SRIOVNIC_MARK_FDIR, 0, SRIOVNIC_MARK_FDIR_ID, \
	0, SRIOVNIC_MARK_FDIR_ID
#define SRIOVNIC_MARK_IDX_HI		4
#define SRIOVNIC_HASH_SHUF_BYTES	0, 1, 2, 3, 6, 7, 14, 15

/* packet_type by status [15:8], made once from the three fields' values */
extern uint32_t sriovnic_ptype_tbl[256];

static __rte_always_inline uint32_t
sriovnic_rx_ptype(uint16_t status)
{
	return sriovnic_ptype_tbl[status >> SRIOVNIC_RXD_PTYPE_SHIFT];
}

/* The status word in a descriptor seen as eight 16-bit lanes */
#define SRIOVNIC_RXD_STATUS_LANE	4

/* data_off, refcnt, nb_segs and port of a received mbuf, as one word */
static inline uint64_t
sriovnic_rx_mbuf_initializer(uint16_t port_id)
{
	struct rte_mbuf mb = { .data_off = RTE_PKTMBUF_HEADROOM, .nb_segs = 1,
			       .port = port_id };
	uint64_t word;

	rte_mbuf_refcnt_set(&mb, 1);
	memcpy(&word, &mb.rearm_data, sizeof(word));
	return word;
}

#define SRIOVNIC_TX_FREE_BULK	64

/* What rte_pktmbuf_free_seg() does for each, with the pools' bulk calls;
 * with ctx, the slots of context descriptors (NULL) are skipped
 */
static __rte_always_inline void
sriovnic_tx_free_segs(struct rte_mbuf **sw, uint16_t n, bool ctx)
{
	void *bulk[SRIOVNIC_TX_FREE_BULK];
	struct rte_mempool *pool = NULL;
	unsigned int nb = 0;
	uint16_t i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m;

		if (ctx && sw[i] == NULL)
			continue;
		m = rte_pktmbuf_prefree_seg(sw[i]);
		if (m == NULL)
			continue;
		if (nb == RTE_DIM(bulk) || (nb > 0 && m->pool != pool)) {
			rte_mempool_put_bulk(pool, bulk, nb);
			nb = 0;
		}
		pool = m->pool;
		bulk[nb++] = m;
	}
	if (nb > 0)
		rte_mempool_put_bulk(pool, bulk, nb);
}

/*
 * Offloads under which fast free cannot put a batch back as it is: chained
 * segments must be unlinked, context descriptors (TSO) have no mbuf.
 */
#define SRIOVNIC_TX_FAST_FREE_MASK (RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE | \
	RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_TCP_TSO)

/*
 * Frees the mbufs of the oldest RS batch once the card wrote its RS
 * descriptor back as DONE (datasheet 7.4); returns the descriptors reclaimed.
 * Every descriptor of a completed batch carries an mbuf (segment), except
 * a context descriptor.
 */
static __rte_always_inline uint16_t
sriovnic_tx_free_batch(struct sriovnic_tx_queue *txq)
{
	uint16_t rs = txq->rs_thresh;
	struct rte_mbuf **sw = &txq->sw_ring[txq->next_dd - (rs - 1)];

	if ((txq->ring[txq->next_dd].cmd & SRIOVNIC_TXD_DTYPE_MASK) !=
	    SRIOVNIC_TXD_DTYPE_DONE)
		return 0;
	/* with fast free the application vouches for one pool and direct
	 * mbufs of one reference: unchained, they go back untouched
	 */
	if ((txq->offloads & SRIOVNIC_TX_FAST_FREE_MASK) ==
	    RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		rte_mempool_put_bulk(sw[0]->pool, (void **)sw, rs);
	else if (txq->offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO)
		sriovnic_tx_free_segs(sw, rs, true);
	else
		sriovnic_tx_free_segs(sw, rs, false);
	/* sriovnic_txq_free_mbufs() frees what is left in the ring */
	memset(sw, 0, sizeof(*sw) * rs);
	txq->nb_free += rs;
	txq->next_dd = (txq->next_dd + rs) & (txq->nb_desc - 1);
	return rs;
}

/*
 * Kernels of one ISA, for SRIOVNIC_VEC_GROUP descriptors.
 *
 * rx_conv: copies the mbuf pointers sw[] to pkts[], fills the mbufs from
 * the descriptors' write-back (with mark, the flow marks too; a constant,
 * so ports without marking rules pay nothing) and returns how many leading descriptors the
 * card has written (DD). It may fill mbufs of descriptors that are not done
 * yet: their headers are the driver's, the card only writes their buffers.
 * rx_rearm: posts the buffers of the mbufs sw[] in the descriptors.
 * tx_write: writes the descriptors of single-segment frames with command
 * bits cmd and records the mbufs in sw[].
 */
typedef unsigned int (*sriovnic_rx_conv_t)(volatile union sriovnic_rx_desc *d,
					   struct rte_mbuf **sw,
					   struct rte_mbuf **pkts,
					   uint64_t mbuf_init,
					   const struct sriovnic_rx_flags *fl,
					   bool mark);
typedef void (*sriovnic_rx_rearm_t)(volatile union sriovnic_rx_desc *d,
				    struct rte_mbuf **sw);
typedef void (*sriovnic_tx_write_t)(volatile struct sriovnic_tx_desc *d,
				    struct rte_mbuf **sw,
				    struct rte_mbuf **pkts, uint64_t cmd);

/*
 * Whether the scalar burst takes the whole burst: frames over several
 * buffers (only it chains them), or less than a group, where it is quicker
 * than the SIMD burst's setup. Checked in the SIMD entry points before they
 * call their (not inlined) SIMD bursts, so the short way costs no more than
 * a call.
 */
static __rte_always_inline bool
sriovnic_vec_rx_scalar(const struct sriovnic_rx_queue *rxq, uint16_t nb_pkts)
{
	return unlikely(rxq->scatter) || nb_pkts < SRIOVNIC_VEC_GROUP;
}

static __rte_always_inline bool
sriovnic_vec_tx_scalar(uint16_t nb_pkts)
{
	return nb_pkts < SRIOVNIC_VEC_GROUP;
}

static __rte_always_inline uint16_t
sriovnic_vec_recv(struct sriovnic_rx_queue *rxq, struct rte_mbuf **pkts,
		  uint16_t nb_pkts, sriovnic_rx_conv_t rx_conv,
		  sriovnic_rx_rearm_t rx_rearm, bool mark)
{
	volatile union sriovnic_rx_desc *ring = rxq->ring;
	uint16_t mask = rxq->nb_desc - 1;
	uint16_t nb_rx = 0;

	while (nb_rx < nb_pkts) {
		uint16_t tail = rxq->rx_tail;
		uint16_t want = RTE_MIN(nb_pkts - nb_rx, rxq->nb_desc - tail);
		uint16_t groups = RTE_ALIGN_FLOOR(want, SRIOVNIC_VEC_GROUP);
		struct rte_mbuf **sw = &rxq->sw_ring[tail];
		unsigned int k = SRIOVNIC_VEC_GROUP;
		uint16_t n = 0, i;

		if (groups == 0) {
			n = sriovnic_rx_scalar(rxq, &pkts[nb_rx], want);
			nb_rx += n;
			if (n < want)
				break;
			continue;
		}
		while (n < groups && k == SRIOVNIC_VEC_GROUP) {
			k = rx_conv(&ring[tail + n], &sw[n], &pkts[nb_rx + n],
				    rxq->mbuf_initializer, &rxq->flags, mark);
			n += k;
		}
		if (n == 0)
			break;
		/* the new buffers go straight into the software ring */
		if (unlikely(rte_mempool_get_bulk(rxq->mp, (void **)sw, n) != 0)) {
			/* a failed get may have written part of sw[]: put the
			 * frames' mbufs back and let the scalar loop take
			 * what it can allocate, and count what it cannot
			 */
			memcpy(sw, &pkts[nb_rx], n * sizeof(*sw));
			nb_rx += sriovnic_rx_scalar(rxq, &pkts[nb_rx], n);
			break;
		}
		for (i = 0; i + SRIOVNIC_VEC_GROUP <= n; i += SRIOVNIC_VEC_GROUP)
			rx_rearm(&ring[tail + i], &sw[i]);
		for (; i < n; i++) {
			ring[tail + i].read.buf_addr =
				rte_mbuf_data_iova_default(sw[i]);
			ring[tail + i].read.rsvd = 0;
		}
		rxq->rx_tail = (tail + n) & mask;
		rxq->nb_hold += n;
		nb_rx += n;
		if (n < groups)
			break;
	}
	sriovnic_rx_doorbell(rxq);
	return nb_rx;
}

/* What the SIMD tx writers handle: one segment, no offload the queue acts
 * on (ol_flags); anything else takes the scalar burst
 */
static __rte_always_inline bool
sriovnic_tx_vec_fits(const struct rte_mbuf *m, uint64_t ol_flags)
{
	return (m->nb_segs == 1) & !(m->ol_flags & ol_flags) &
	       (m->pkt_len <= SRIOVNIC_MAX_FRAME_LIMIT);
}

static __rte_always_inline bool
sriovnic_tx_vec_group_fits(struct rte_mbuf **pkts, uint64_t ol_flags)
{
	unsigned int i;
	bool fits = true;

	for (i = 0; i < SRIOVNIC_VEC_GROUP; i++)
		fits &= sriovnic_tx_vec_fits(pkts[i], ol_flags);
	return fits;
}

static __rte_always_inline uint16_t
sriovnic_vec_xmit(struct sriovnic_tx_queue *txq, struct rte_mbuf **pkts,
		  uint16_t nb_pkts, sriovnic_tx_write_t tx_write)
{
	volatile struct sriovnic_tx_desc *ring = txq->ring;
	uint16_t mask = txq->nb_desc - 1;
	uint16_t rs_mask = txq->rs_thresh - 1;
	uint16_t start = txq->tx_tail;
	uint16_t nb_tx = 0;

	while (nb_tx < nb_pkts) {
		uint16_t tail = txq->tx_tail;
		uint16_t want = RTE_MIN(nb_pkts - nb_tx, txq->nb_desc - tail);
		uint16_t n, i, rs, sent;

		for (i = 0; i + SRIOVNIC_VEC_GROUP <= want; i += SRIOVNIC_VEC_GROUP) {
			if (!sriovnic_tx_vec_group_fits(&pkts[nb_tx + i],
							txq->ol_flags))
				break;
			/* completions are reclaimed when the ring is full, as
			 * the scalar loop does it for each descriptor
			 */
			while (txq->nb_free < SRIOVNIC_VEC_GROUP &&
			       sriovnic_tx_free_batch(txq) != 0)
				;
			if (txq->nb_free < SRIOVNIC_VEC_GROUP)
				break;
			tx_write(&ring[tail + i], &txq->sw_ring[tail + i],
				 &pkts[nb_tx + i],
				 SRIOVNIC_TXD_DTYPE_DATA | SRIOVNIC_TXD_EOP);
			txq->nb_free -= SRIOVNIC_VEC_GROUP;
		}
		/* RS where the scalar loop puts it: every rs_thresh-th slot */
		for (rs = tail | rs_mask; rs < tail + i; rs += txq->rs_thresh)
			ring[rs].cmd |= SRIOVNIC_TXD_RS;
		txq->tx_tail = (tail + i) & mask;
		nb_tx += i;
		if (i == want)
			continue;
		/* a group with a frame the writer does not handle, fewer than
		 * a group before the end of the burst or of the ring, or a
		 * full ring: up to one group through the scalar loop
		 */
		n = RTE_MIN(want - i, SRIOVNIC_VEC_GROUP);
		sent = sriovnic_tx_scalar(txq, &pkts[nb_tx], n);
		nb_tx += sent;
		if (sent < n)
			break;
	}
	sriovnic_tx_doorbell(txq, start);
	return nb_tx;
}

/*
 * The entry points of a SIMD path around its kernels rx_conv_<isa>,
 * rx_rearm_<isa> and tx_write_<isa>: what the kernels cannot take goes to
 * the scalar burst on the same ring. The rx burst comes twice: without
 * and with flow marks.
 */
#define SRIOVNIC_VEC_PATH(isa)						\
static __rte_noinline uint16_t						\
recv_##isa(struct sriovnic_rx_queue *rxq, struct rte_mbuf **pkts,	\
	   uint16_t n)							\
{									\
	return sriovnic_vec_recv(rxq, pkts, n, rx_conv_##isa,		\
				 rx_rearm_##isa, false);		\
}									\
									\
static __rte_noinline uint16_t						\
recv_mark_##isa(struct sriovnic_rx_queue *rxq, struct rte_mbuf **pkts,	\
		uint16_t n)						\
{									\
	return sriovnic_vec_recv(rxq, pkts, n, rx_conv_##isa,		\
				 rx_rearm_##isa, true);			\
}									\
									\
static __rte_noinline uint16_t						\
xmit_##isa(struct sriovnic_tx_queue *txq, struct rte_mbuf **pkts,	\
	   uint16_t n)							\
{									\
	return sriovnic_vec_xmit(txq, pkts, n, tx_write_##isa);	\
}									\
									\
uint16_t								\
sriovnic_recv_pkts_##isa(void *rxq, struct rte_mbuf **pkts, uint16_t n)	\
{									\
	if (sriovnic_vec_rx_scalar(rxq, n))				\
		return sriovnic_recv_pkts(rxq, pkts, n);		\
	return recv_##isa(rxq, pkts, n);				\
}									\
									\
uint16_t								\
sriovnic_recv_pkts_mark_##isa(void *rxq, struct rte_mbuf **pkts,	\
			      uint16_t n)				\
{									\
	if (sriovnic_vec_rx_scalar(rxq, n))				\
		return sriovnic_recv_pkts(rxq, pkts, n);		\
	return recv_mark_##isa(rxq, pkts, n);				\
}									\
									\
uint16_t								\
sriovnic_xmit_pkts_##isa(void *txq, struct rte_mbuf **pkts, uint16_t n)	\
{									\
	if (sriovnic_vec_tx_scalar(n))					\
		return sriovnic_xmit_pkts(txq, pkts, n);		\
	return xmit_##isa(txq, pkts, n);				\
}

#endif /* SRIOVNIC_RXTX_VEC_COMMON_H */
