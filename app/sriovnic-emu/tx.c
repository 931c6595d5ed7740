/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Transmit: frames are gathered from the driver's buffers into one mbuf
 * each and handed to the switch.
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"

enum tx_result {
	TX_WAIT,	/* the driver has not posted the whole frame yet */
	TX_GOOD,
	TX_BAD,		/* counted already, dropped */
};

static void
tx_error(struct emu_func *f, const struct emu_queue *q)
{
	emu_stat_add(f, SRIOVNIC_ST_TX_ERRORS, 1);
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_DROPS, 1);
}

/* Copies the frame starting at q->head into m. On TX_GOOD and TX_BAD,
 * *next is the descriptor after the frame and *cmd0 its first command.
 */
static enum tx_result
tx_gather(struct emu_func *f, struct emu_queue *q, uint32_t tail,
	  struct rte_mbuf *m, uint32_t *next, uint64_t *cmd0)
{
	struct sriovnic_tx_desc *ring = q->ring;
	uint32_t idx = q->head, nb_segs = 0;
	bool bad = q->discard, eop = false;
	uint64_t addr, cmd, blen;
	const void *src;

	while (idx != tail && !eop) {
		addr = emu_desc_load(&ring[idx].buf_addr);
		cmd = emu_desc_load(&ring[idx].cmd);
		idx = (idx + 1) & (q->len - 1);
		eop = cmd & SRIOVNIC_TXD_EOP;
		if (nb_segs++ == 0)
			*cmd0 = cmd;
		if (bad)
			continue;
		blen = (cmd & SRIOVNIC_TXD_LEN_MASK) >> SRIOVNIC_TXD_LEN_SHIFT;
		if ((cmd & SRIOVNIC_TXD_DTYPE_MASK) != SRIOVNIC_TXD_DTYPE_DATA ||
		    nb_segs > EMU_TX_MAX_SEGS ||
		    rte_pktmbuf_pkt_len(m) + blen > SRIOVNIC_MAX_FRAME_LIMIT) {
			tx_error(f, q);
			bad = true;
			continue;
		}
		if (blen == 0)
			continue;
		src = emu_dma(f, addr, blen);
		if (src == NULL) {
			bad = true;
			continue;
		}
		/* cannot fail: the pool's buffers hold the largest frame */
		memcpy(rte_pktmbuf_append(m, blen), src, blen);
	}
	if (!eop && !bad)
		return TX_WAIT;
	/* a bad frame the driver has not finished posting: drop the rest */
	q->discard = !eop;
	*next = idx;
	return bad ? TX_BAD : TX_GOOD;
}

/* Write-back of the descriptors [q->head, end) that asked for it */
static void
tx_complete(struct emu_queue *q, uint32_t end)
{
	struct sriovnic_tx_desc *ring = q->ring;
	uint32_t idx;
	uint64_t cmd;

	for (idx = q->head; idx != end; idx = (idx + 1) & (q->len - 1)) {
		cmd = emu_desc_load(&ring[idx].cmd);
		if (cmd & SRIOVNIC_TXD_RS)
			__atomic_store_n(&ring[idx].cmd,
					 (cmd & ~SRIOVNIC_TXD_DTYPE_MASK) |
					 SRIOVNIC_TXD_DTYPE_DONE,
					 __ATOMIC_RELEASE);
	}
}

static void
tx_frame(struct emu *emu, struct emu_func *f, struct emu_queue *q,
	 struct rte_mbuf *m, uint64_t cmd0)
{
	if (rte_pktmbuf_pkt_len(m) < RTE_ETHER_HDR_LEN) {
		tx_error(f, q);
		rte_pktmbuf_free(m);
		return;
	}
	/* offsets in the descriptor are those of the frame as posted */
	emu_tx_csum(m, cmd0);
	if (cmd0 & SRIOVNIC_TXD_IL2TAG) {
		m->vlan_tci = cmd0 >> SRIOVNIC_TXD_VLAN_SHIFT;
		/* cannot fail: a fresh mbuf with headroom */
		rte_vlan_insert(&m);
	}
	emu_stat_add(f, SRIOVNIC_ST_TX_PKTS, 1);
	emu_stat_add(f, SRIOVNIC_ST_TX_BYTES, rte_pktmbuf_pkt_len(m));
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_PKTS, 1);
	emu_stat_add(f, q->stats + SRIOVNIC_STQ_BYTES, rte_pktmbuf_pkt_len(m));
	emu_switch_frame(emu, f->id, m);
}

static unsigned int
tx_queue(struct emu *emu, struct emu_func *f, struct emu_queue *q)
{
	uint32_t tail = emu_queue_tail(f, q), next = 0;
	unsigned int nb = 0;
	enum tx_result ret;
	struct rte_mbuf *m;
	uint64_t cmd0 = 0;

	while (q->head != tail && nb < EMU_BURST) {
		m = rte_pktmbuf_alloc(emu->pool);
		if (m == NULL)
			break;
		ret = tx_gather(f, q, tail, m, &next, &cmd0);
		if (ret == TX_WAIT) {
			rte_pktmbuf_free(m);
			break;
		}
		/* the frame is copied: the driver may have its buffers back */
		tx_complete(q, next);
		q->head = next;
		nb++;
		if (ret == TX_GOOD)
			tx_frame(emu, f, q, m, cmd0);
		else
			rte_pktmbuf_free(m);
	}
	if (nb > 0)
		rte_write32(q->head, f->bar + q->regs + SRIOVNIC_Q_HEAD);
	return nb;
}

unsigned int
emu_tx_poll(struct emu *emu, struct emu_func *f)
{
	unsigned int i, nb = 0;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++)
		if (f->txq[i].ring != NULL)
			nb += tx_queue(emu, f, &f->txq[i]);
	return nb;
}
