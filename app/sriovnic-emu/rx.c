/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive (datasheet 7.1, 7.2, 7.5): a frame the switch sends to a
 * function is written into the buffers of one of its rx queues and
 * reported in write-back format.
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"

/* Most buffers a frame can take: the largest frame in the smallest ones */
#define EMU_RX_MAX_BUFS \
	((SRIOVNIC_MAX_FRAME_LIMIT + SRIOVNIC_BUF_MIN - 1) / SRIOVNIC_BUF_MIN)

/* Staging for the parts of a frame that span mbuf segments */
static uint8_t rx_bounce[SRIOVNIC_BUF_MAX];

static void
rx_count(struct emu_func *f, const struct emu_queue *q, uint32_t len,
	 const struct emu_pkt *pkt)
{
	emu_stat_add(f, SRIOVNIC_ST_RX_PKTS, 1);
	emu_stat_add(f, SRIOVNIC_ST_RX_BYTES, len);
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_PKTS, 1);
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_BYTES, len);
	if (rte_is_broadcast_ether_addr(&pkt->dst))
		emu_stat_add(f, SRIOVNIC_ST_RX_BCAST, 1);
	else if (rte_is_multicast_ether_addr(&pkt->dst))
		emu_stat_add(f, SRIOVNIC_ST_RX_MCAST, 1);
}

static void
rx_missed(struct emu_func *f, const struct emu_queue *q)
{
	emu_stat_add(f, SRIOVNIC_ST_RX_MISSED, 1);
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_DROPS, 1);
}

/* Write-back of descriptor q->head + i: qw0, then qw1 with DD in one
 * store, so that a driver seeing DD sees everything before it.
 */
static void
rx_write_back(struct emu_queue *q, uint32_t i, const union sriovnic_rx_desc *wb)
{
	union sriovnic_rx_desc *d = q->ring;

	d += (q->head + i) & (q->len - 1);
	__atomic_store_n(&d->qw[0], wb->qw[0], __ATOMIC_RELAXED);
	__atomic_store_n(&d->qw[1], wb->qw[1], __ATOMIC_RELEASE);
}

/* The buffers [q->head, q->head + nb) take the frame, or, when the IOMMU
 * refuses one of them, are returned empty (pkt_len 0).
 */
static bool
rx_fill(struct emu_func *f, struct emu_queue *q, uint32_t nb,
	const struct rte_mbuf *m, const union sriovnic_rx_desc *eop)
{
	const union sriovnic_rx_desc *ring = q->ring;
	uint32_t len = rte_pktmbuf_pkt_len(m), i, off, chunk;
	union sriovnic_rx_desc wb = { .qw = { 0, 0 } };
	uint64_t addr[EMU_RX_MAX_BUFS];
	bool fault = false;

	/* every buffer is checked before any is written */
	for (i = 0, off = 0; i < nb && !fault; i++, off += q->buf_len) {
		addr[i] = emu_desc_load(&ring[(q->head + i) &
				       (q->len - 1)].read.buf_addr);
		chunk = RTE_MIN(q->buf_len, len - off);
		fault = emu_dma_check(f, addr[i], chunk) < 0;
	}
	for (i = 0, off = 0; i < nb && !fault; i++, off += q->buf_len) {
		chunk = RTE_MIN(q->buf_len, len - off);
		emu_dma_write(f, addr[i], rte_pktmbuf_read(m, off, chunk,
							  rx_bounce), chunk);
	}
	/* in ring order, every descriptor after the data it covers */
	for (i = 0, off = 0; i < nb; i++, off += q->buf_len) {
		if (fault) {
			wb.wb.status = SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP;
		} else if (i == nb - 1) {
			wb = *eop;
		} else {
			wb.wb.status = SRIOVNIC_RXD_DD;
		}
		wb.wb.pkt_len = fault ? 0 : RTE_MIN(q->buf_len, len - off);
		rx_write_back(q, i, &wb);
	}
	q->head = (q->head + nb) & (q->len - 1);
	rte_write32(q->head, f->bar + q->regs + SRIOVNIC_Q_HEAD);
	return !fault;
}

void
emu_rx_deliver(struct emu_func *f, const struct rte_mbuf *m,
	       struct emu_pkt *pkt)
{
	union sriovnic_rx_desc eop = { .qw = { 0, 0 } };
	uint32_t len = rte_pktmbuf_pkt_len(m), nb;
	struct emu_queue *q;
	unsigned int qi;

	if (len < RTE_ETHER_HDR_LEN || len > emu_max_frame(f)) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	eop.wb.status = SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP;
	if (pkt->tagged) {
		eop.wb.vlan_tci = pkt->tci;
		eop.wb.status |= SRIOVNIC_RXD_L2TAG;
	}
	qi = emu_rss_queue(f, pkt, &eop.wb.rss_hash, &eop.wb.status);
	if (qi >= SRIOVNIC_MAX_QUEUES) {
		/* a RETA entry naming no queue */
		emu_stat_add(f, SRIOVNIC_ST_RX_MISSED, 1);
		return;
	}
	q = &f->rxq[qi];
	if (q->ring == NULL || !emu_queue_doorbell(f, q)) {
		rx_missed(f, q);
		return;
	}
	nb = (len + q->buf_len - 1) / q->buf_len;
	if (nb > 1 && !q->scatter) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	/* the whole frame or nothing */
	if (((q->tail - q->head) & (q->len - 1)) < nb) {
		rx_missed(f, q);
		return;
	}
	if (rx_fill(f, q, nb, m, &eop))
		rx_count(f, q, len, pkt);
}
