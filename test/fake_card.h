/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_FAKE_CARD_H
#define SRIOVNIC_FAKE_CARD_H

/*
 * The card's side of one rx or tx ring, played in-process by the
 * datasheet's rules, for the unit tests and the benchmark: it owns the
 * descriptors from its head up to the queue's tail register (6.3), writes rx
 * descriptors back with DD last (7.2) and writes RS tx descriptors back as
 * DONE (7.4). It counts what a real card would refuse in `errors`.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_atomic.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "sriovnic_rxtx.h"

struct fake_ring {
	uint32_t tail;		/* the queue's TAIL register */
	uint16_t head;		/* next descriptor the card uses */
	uint16_t nb_desc;
	bool in_frame;		/* tx: past the first descriptor of a frame */
	uint64_t errors;
};

/* A frame as the card reports it; the payload bytes are seed + offset */
struct fake_frame {
	uint16_t len;
	uint16_t status;	/* L2TAG, RSS, checksum bits, packet type */
	uint32_t rss_hash;
	uint16_t vlan_tci;
	uint8_t seed;
	uint16_t status_ext;	/* RXDX_MARK, RXDX_FLAG */
	uint32_t mark;
};

static inline uint16_t
fake_owned(const struct fake_ring *r)
{
	return (r->tail - r->head) & (r->nb_desc - 1);
}

/*
 * Receives one frame into the next owned descriptors, buf_len bytes each;
 * false if the card owns too few. With payload false only the descriptors
 * are written (the bursts never read the data), which keeps the card cheap
 * for the benchmark.
 */
static inline bool
fake_card_rx(struct fake_ring *r, volatile union sriovnic_rx_desc *ring,
	     uint16_t buf_len, const struct fake_frame *f, bool payload)
{
	uint16_t need = (f->len + buf_len - 1) / buf_len;
	uint16_t off = 0;

	if (need == 0 || need > fake_owned(r))
		return false;
	do {
		volatile union sriovnic_rx_desc *d = &ring[r->head];
		uint16_t n = RTE_MIN(f->len - off, buf_len);
		union sriovnic_rx_desc wb = { .qw = { 0, 0 } };

		/* a posted buffer has rsvd 0 (7.1) and a valid address */
		if (d->read.rsvd != 0 || d->read.buf_addr == 0)
			r->errors++;
		if (payload) {
			uint8_t *buf = rte_mem_iova2virt(d->read.buf_addr);
			uint16_t i;

			if (buf == NULL)
				r->errors++;
			else
				for (i = 0; i < n; i++)
					buf[i] = f->seed + off + i;
		}
		off += n;
		wb.wb.pkt_len = n;
		wb.wb.status = SRIOVNIC_RXD_DD;
		if (off == f->len) {
			wb.wb.status |= SRIOVNIC_RXD_EOP | f->status;
			wb.wb.rss_hash = f->rss_hash;
			wb.wb.vlan_tci = f->vlan_tci;
			wb.wb.status_ext = f->status_ext;
			wb.wb.mark_lo = f->mark;
			wb.wb.mark_hi = f->mark >> 16;
		}
		d->qw[0] = wb.qw[0];
		rte_atomic_thread_fence(__ATOMIC_RELEASE);
		d->qw[1] = wb.qw[1];
		r->head = (r->head + 1) & (r->nb_desc - 1);
	} while (off < f->len);
	return true;
}

/*
 * Transmits up to max owned descriptors: checks each one (a context
 * descriptor only leads a frame, 7.8), writes RS ones back as DONE. Returns
 * the descriptors consumed; *frames counts EOPs.
 */
static inline uint16_t
fake_card_tx(struct fake_ring *r, volatile struct sriovnic_tx_desc *ring,
	     uint16_t max, unsigned int *frames)
{
	uint16_t n;

	for (n = 0; n < max && fake_owned(r) > 0; n++) {
		volatile struct sriovnic_tx_desc *d = &ring[r->head];
		uint64_t cmd = d->cmd;
		uint64_t dtype = cmd & SRIOVNIC_TXD_DTYPE_MASK;

		if (dtype == SRIOVNIC_TXD_DTYPE_CTX) {
			if (r->in_frame || (cmd & ~(SRIOVNIC_TXD_DTYPE_MASK |
						    SRIOVNIC_TXD_RS |
						    SRIOVNIC_TXC_IL2TAG2)) != 0)
				r->errors++;
		} else if (dtype != SRIOVNIC_TXD_DTYPE_DATA ||
			   (cmd & SRIOVNIC_TXD_LEN_MASK) == 0 ||
			   d->buf_addr == 0) {
			r->errors++;
		}
		r->in_frame = !(cmd & SRIOVNIC_TXD_EOP);
		if (cmd & SRIOVNIC_TXD_EOP)
			(*frames)++;
		if (cmd & SRIOVNIC_TXD_RS)
			d->cmd = SRIOVNIC_TXD_DTYPE_DONE;
		r->head = (r->head + 1) & (r->nb_desc - 1);
	}
	return n;
}

/* The driver's rx queue without a device: its tail register is the card's;
 * offloads are RTE_ETH_RX_OFFLOAD_*
 */
static inline struct sriovnic_rx_queue *
fake_rxq_new(struct fake_ring *card, struct rte_mempool *mp, uint16_t nb_desc,
	     uint16_t buf_len, uint64_t offloads, uint16_t port)
{
	struct sriovnic_rx_queue *rxq = rte_zmalloc(NULL, sizeof(*rxq), 0);

	if (rxq == NULL)
		return NULL;
	/* 32-byte descriptors with QINQ_STRIP, as queue setup makes them */
	rxq->desc_shift = !!(offloads & RTE_ETH_RX_OFFLOAD_QINQ_STRIP);
	rxq->ring = rte_zmalloc(NULL, (sizeof(*rxq->ring) * nb_desc) <<
				rxq->desc_shift, SRIOVNIC_RING_ALIGN);
	rxq->sw_ring = rte_zmalloc(NULL, sizeof(*rxq->sw_ring) * nb_desc, 0);
	rxq->tail_reg = &card->tail;
	rxq->mp = mp;
	rxq->nb_desc = nb_desc;
	rxq->free_thresh = RTE_MIN(SRIOVNIC_RX_FREE_THRESH, nb_desc / 2);
	rxq->port_id = port;
	rxq->buf_len = buf_len;
	sriovnic_rxq_offloads_set(rxq, offloads);
	if (rxq->ring == NULL || rxq->sw_ring == NULL ||
	    sriovnic_rxq_arm(rxq) != 0) {
		rte_free((void *)(uintptr_t)rxq->ring);
		rte_free(rxq->sw_ring);
		rte_free(rxq);
		return NULL;
	}
	/* as queue start does: one descriptor stays with the driver */
	*card = (struct fake_ring){ .tail = nb_desc - 1, .nb_desc = nb_desc };
	return rxq;
}

static inline void
fake_rxq_free(struct sriovnic_rx_queue *rxq)
{
	sriovnic_rxq_free_mbufs(rxq);
	rte_free((void *)(uintptr_t)rxq->ring);
	rte_free(rxq->sw_ring);
	rte_free(rxq);
}

/* MAX_FRAME of the tx queues' port: the largest the card takes */
static const uint32_t fake_max_frame = SRIOVNIC_MAX_FRAME_LIMIT;

/* The driver's tx queue without a device; offloads: RTE_ETH_TX_OFFLOAD_* */
static inline struct sriovnic_tx_queue *
fake_txq_new(struct fake_ring *card, uint16_t nb_desc, uint16_t rs_thresh,
	     uint64_t offloads, uint16_t port)
{
	struct sriovnic_tx_queue *txq = rte_zmalloc(NULL, sizeof(*txq), 0);

	if (txq == NULL)
		return NULL;
	txq->ring = rte_zmalloc(NULL, sizeof(*txq->ring) * nb_desc,
				SRIOVNIC_RING_ALIGN);
	txq->sw_ring = rte_zmalloc(NULL, sizeof(*txq->sw_ring) * nb_desc, 0);
	if (txq->ring == NULL || txq->sw_ring == NULL) {
		rte_free((void *)(uintptr_t)txq->ring);
		rte_free(txq->sw_ring);
		rte_free(txq);
		return NULL;
	}
	txq->tail_reg = &card->tail;
	txq->nb_desc = nb_desc;
	txq->rs_thresh = rs_thresh;
	txq->port_id = port;
	txq->max_frame = &fake_max_frame;
	sriovnic_txq_offloads_set(txq, offloads);
	sriovnic_txq_reset(txq);
	*card = (struct fake_ring){ .nb_desc = nb_desc };
	return txq;
}

static inline void
fake_txq_free(struct sriovnic_tx_queue *txq)
{
	sriovnic_txq_free_mbufs(txq);
	rte_free((void *)(uintptr_t)txq->ring);
	rte_free(txq->sw_ring);
	rte_free(txq);
}

#endif /* SRIOVNIC_FAKE_CARD_H */
