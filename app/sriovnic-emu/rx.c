/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive: a frame the switch sends to a function is written into the
 * buffers of one of its rx queues and reported in write-back format.
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"

/* Most buffers a frame can take: the largest frame in the smallest ones */
#define EMU_RX_MAX_BUFS \
	((EMU_FRAME_MAX + SRIOVNIC_BUF_MIN - 1) / SRIOVNIC_BUF_MIN)

/* Staging for the parts of a frame that span mbuf segments */
static uint8_t rx_bounce[SRIOVNIC_BUF_MAX];

/* MAX_FRAME counts the CRC, as the 1518 default says; a tag adds 4 */
static bool
rx_oversize(const struct emu_func *f, uint32_t len, const struct emu_pkt *pkt)
{
	uint32_t max = emu_rd32(f, SRIOVNIC_MAX_FRAME);

	if (max == 0)
		max = SRIOVNIC_DEFAULT_FRAME;
	return (uint64_t)len + RTE_ETHER_CRC_LEN >
		(uint64_t)max + (pkt->tagged ? RTE_VLAN_HLEN : 0);
}

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

/* Reports nb filled buffers from q->head, the last one first: by the time
 * the driver sees DD on the first buffer of a frame, the whole frame is
 * there, and within a descriptor DD (in qw[1]) is published last.
 */
static void
rx_write_back(struct emu_queue *q, uint32_t nb, uint32_t len,
	      uint32_t hash, uint16_t status)
{
	union sriovnic_rx_desc *ring = q->ring, wb, *d;
	uint32_t i;

	for (i = nb; i-- > 0; ) {
		memset(&wb, 0, sizeof(wb));
		wb.wb.rss_hash = hash;
		wb.wb.status = status | (i == nb - 1 ? SRIOVNIC_RXD_EOP : 0);
		wb.wb.pkt_len = RTE_MIN(q->buf_len, len - i * q->buf_len);
		d = &ring[(q->head + i) & (q->len - 1)];
		__atomic_store_n(&d->qw[0], wb.qw[0], __ATOMIC_RELAXED);
		__atomic_store_n(&d->qw[1], wb.qw[1], __ATOMIC_RELEASE);
	}
}

void
emu_rx_deliver(struct emu_func *f, const struct rte_mbuf *m,
	       struct emu_pkt *pkt)
{
	uint32_t len = rte_pktmbuf_pkt_len(m), hash = 0, nb, i, off, chunk;
	uint16_t status = SRIOVNIC_RXD_DD;
	void *dst[EMU_RX_MAX_BUFS];
	union sriovnic_rx_desc *ring;
	struct emu_queue *q;
	unsigned int qi;

	if (rx_oversize(f, len, pkt)) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	qi = emu_rss_queue(f, pkt, &hash, &status);
	if (qi >= SRIOVNIC_MAX_QUEUES || f->rxq[qi].ring == NULL) {
		emu_stat_add(f, SRIOVNIC_ST_RX_MISSED, 1);
		return;
	}
	q = &f->rxq[qi];
	ring = q->ring;
	nb = (len + q->buf_len - 1) / q->buf_len;
	if ((nb > 1 && !q->scatter) || nb > EMU_RX_MAX_BUFS) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	if (((emu_queue_tail(f, q) - q->head) & (q->len - 1)) < nb) {
		emu_stat_add(f, SRIOVNIC_ST_RX_MISSED, 1);
		emu_stat_add(f, q->stats + SRIOVNIC_STQ_DROPS, 1);
		return;
	}
	/* every buffer is translated before any is written */
	for (i = 0, off = 0; i < nb; i++, off += q->buf_len) {
		chunk = RTE_MIN(q->buf_len, len - off);
		dst[i] = emu_dma(f, emu_desc_load(&ring[(q->head + i) &
				 (q->len - 1)].read.buf_addr), chunk);
		if (dst[i] == NULL)
			return;
	}
	for (i = 0, off = 0; i < nb; i++, off += q->buf_len) {
		chunk = RTE_MIN(q->buf_len, len - off);
		memcpy(dst[i], rte_pktmbuf_read(m, off, chunk, rx_bounce),
		       chunk);
	}
	rx_write_back(q, nb, len, hash, status);
	q->head = (q->head + nb) & (q->len - 1);
	rte_write32(q->head, f->bar + q->regs + SRIOVNIC_Q_HEAD);
	rx_count(f, q, len, pkt);
}
