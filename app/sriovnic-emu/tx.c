/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Transmit (datasheet 7.3, 7.4): a frame is gathered from the driver's
 * buffers into one mbuf and handed to the switch, or, from a representor
 * queue, straight to its VF (6.5).
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"

/* The descriptors from q->head up to the end of the frame there */
struct tx_span {
	uint32_t nb;	/* descriptors */
	bool eop;	/* the last one ends the frame */
};

static void
tx_error(struct emu_func *f, const struct emu_queue *q)
{
	emu_stat_add(f, SRIOVNIC_ST_TX_ERRORS, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_DROPS, 1);
}

/* Stops at the EOP descriptor, at the tail, or at the first descriptor too
 * many for a frame.
 */
static struct tx_span
tx_scan(const struct emu_queue *q)
{
	const struct sriovnic_tx_desc *ring = q->ring;
	struct tx_span s = { 0, false };
	uint32_t idx;

	for (idx = q->head; idx != q->tail && !s.eop &&
	     s.nb <= EMU_TX_MAX_SEGS; idx = (idx + 1) & (q->len - 1)) {
		s.eop = emu_desc_load(&ring[idx].cmd) & SRIOVNIC_TXD_EOP;
		s.nb++;
	}
	return s;
}

/* Copies the frame of nb descriptors from q->head into m; false when the
 * frame is bad or faulted (and counted).
 */
static bool
tx_gather(struct emu_func *f, struct emu_queue *q, uint32_t nb,
	  struct rte_mbuf *m)
{
	const struct sriovnic_tx_desc *ring = q->ring;
	uint32_t i, idx;
	uint64_t cmd, len;
	uint8_t *dst;

	for (i = 0; i < nb; i++) {
		idx = (q->head + i) & (q->len - 1);
		cmd = emu_desc_load(&ring[idx].cmd);
		len = (cmd & SRIOVNIC_TXD_LEN_MASK) >> SRIOVNIC_TXD_LEN_SHIFT;
		/* the length bound also keeps the copy inside the mbuf */
		if ((cmd & SRIOVNIC_TXD_DTYPE_MASK) != SRIOVNIC_TXD_DTYPE_DATA ||
		    len == 0 ||
		    rte_pktmbuf_pkt_len(m) + len > SRIOVNIC_MAX_FRAME_LIMIT) {
			tx_error(f, q);
			return false;
		}
		dst = (uint8_t *)rte_pktmbuf_append(m, len);
		if (emu_dma_read(f, emu_desc_load(&ring[idx].buf_addr), dst,
				 len) < 0)
			return false;
	}
	return true;
}

/* Offloads of the first descriptor, then the length rules, which count
 * the inserted tag.
 */
static bool
tx_finish(struct emu_func *f, struct emu_queue *q, struct rte_mbuf **m)
{
	const struct sriovnic_tx_desc *ring = q->ring;
	uint64_t cmd0 = emu_desc_load(&ring[q->head].cmd);
	uint32_t len = rte_pktmbuf_pkt_len(*m);

	if (len >= RTE_ETHER_HDR_LEN && (cmd0 & SRIOVNIC_TXD_IL2TAG)) {
		(*m)->vlan_tci = cmd0 >> SRIOVNIC_TXD_VLAN_SHIFT;
		/* cannot fail: a fresh mbuf with headroom */
		rte_vlan_insert(m);
		len += RTE_VLAN_HLEN;
	}
	if (len < RTE_ETHER_HDR_LEN || len > SRIOVNIC_MAX_FRAME_LIMIT ||
	    len > emu_max_frame(f)) {
		tx_error(f, q);
		return false;
	}
	return true;
}

/* Hands the descriptors [q->head, q->head + nb) back; those with RS are
 * written back as done.
 */
static void
tx_complete(struct emu_func *f, struct emu_queue *q, uint32_t nb)
{
	struct sriovnic_tx_desc *ring = q->ring;
	uint32_t i, idx;

	for (i = 0; i < nb; i++) {
		idx = (q->head + i) & (q->len - 1);
		if (emu_desc_load(&ring[idx].cmd) & SRIOVNIC_TXD_RS)
			__atomic_store_n(&ring[idx].cmd,
					 SRIOVNIC_TXD_DTYPE_DONE,
					 __ATOMIC_RELEASE);
	}
	q->head = (q->head + nb) & (q->len - 1);
	rte_write32(q->head, f->bar + q->regs + SRIOVNIC_Q_HEAD);
}

static void
tx_send(struct emu *emu, struct emu_func *f, struct emu_queue *q,
	struct rte_mbuf *m)
{
	uint32_t len = rte_pktmbuf_pkt_len(m);

	emu_fstat_add(f, SRIOVNIC_ST_TX_PKTS, SRIOVNIC_VFST_TX_PKTS, 1);
	emu_fstat_add(f, SRIOVNIC_ST_TX_BYTES, SRIOVNIC_VFST_TX_BYTES, len);
	emu_qstat_add(f, q, SRIOVNIC_STQ_PKTS, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_BYTES, len);
	if (q->vf_func != 0)
		emu_switch_rep_frame(emu, q->vf_func, m);
	else
		emu_switch_frame(emu, f->id, m);
}

/* One frame, or the part of a bad one that is there: false when there is
 * nothing to do until the driver posts more.
 */
static bool
tx_one(struct emu *emu, struct emu_func *f, struct emu_queue *q)
{
	struct tx_span s = tx_scan(q);
	struct rte_mbuf *m;

	if (q->discard) {
		/* the rest of a frame with too many descriptors */
		q->discard = !s.eop;
		tx_complete(f, q, s.nb);
		return true;
	}
	if (s.nb > EMU_TX_MAX_SEGS) {
		tx_error(f, q);
		q->discard = !s.eop;
		tx_complete(f, q, s.nb);
		return true;
	}
	if (!s.eop)
		return false;
	m = rte_pktmbuf_alloc(emu->pool);
	if (m == NULL)
		return false;
	if (!tx_gather(f, q, s.nb, m) || !tx_finish(f, q, &m)) {
		rte_pktmbuf_free(m);
		m = NULL;
	}
	/* the frame is copied: the driver may have its buffers back */
	tx_complete(f, q, s.nb);
	if (m != NULL)
		tx_send(emu, f, q, m);
	return true;
}

/* Frames sent from q, up to a burst */
static unsigned int
tx_burst(struct emu *emu, struct emu_func *f, struct emu_queue *q)
{
	unsigned int nb = 0;

	if (q->ring == NULL || !emu_queue_doorbell(f, q))
		return 0;
	while (nb < EMU_BURST && q->head != q->tail && tx_one(emu, f, q))
		nb++;
	return nb;
}

unsigned int
emu_tx_poll(struct emu *emu, struct emu_func *f)
{
	unsigned int i, nb = 0;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++)
		nb += tx_burst(emu, f, &f->txq[i]);
	for (i = 0; i < f->nb_rep; i++)
		nb += tx_burst(emu, f, &f->rep_txq[i]);
	return nb;
}
