/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Queue enable and disable. The ring configuration is validated and
 * latched when the driver sets CTRL.ENABLE; later writes to it are
 * ignored until the queue is disabled again. The PF's representor queues
 * (datasheet 6.5) are queues of the PF like its others.
 */

#include <errno.h>
#include <string.h>

#include "emu.h"
#include "iommu.h"
#include "queue.h"

/* Both descriptor formats are 16 bytes */
#define EMU_DESC_SIZE	sizeof(struct sriovnic_tx_desc)

void
emu_queues_setup(struct emu_func *f)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++) {
		f->rxq[i].rx = true;
		f->rxq[i].func = f;
		f->rxq[i].regs = SRIOVNIC_RXQ(i);
		f->rxq[i].stats = SRIOVNIC_ST_RXQ(i);
		f->txq[i].func = f;
		f->txq[i].regs = SRIOVNIC_TXQ(i);
		f->txq[i].stats = SRIOVNIC_ST_TXQ(i);
		f->txq[i].tm = &f->emu->sched.queue[f->id][i];
	}
	for (i = 0; i < f->nb_rep; i++) {
		f->rep_rxq[i].rx = true;
		f->rep_rxq[i].func = f;
		f->rep_rxq[i].regs = SRIOVNIC_REP_RXQ(i);
		f->rep_txq[i].func = f;
		f->rep_txq[i].regs = SRIOVNIC_REP_TXQ(i);
		f->rep_txq[i].vf_func = SRIOVNIC_FUNC_VF(i);
	}
}

/* The fast path's list of enabled tx queues, function by function */
void
emu_queues_tx_on(struct emu *emu)
{
	struct emu_func *f;
	unsigned int i;
	uint16_t fi;

	emu->nb_tx_on = 0;
	for (fi = 0; fi < emu->nb_funcs; fi++) {
		f = &emu->funcs[fi];
		if (f->suspended)
			continue;
		for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++)
			if (f->txq[i].ring != NULL)
				emu->tx_on[emu->nb_tx_on++] = &f->txq[i];
		for (i = 0; i < f->nb_rep; i++)
			if (f->rep_txq[i].ring != NULL)
				emu->tx_on[emu->nb_tx_on++] = &f->rep_txq[i];
	}
	emu->tx_stale = false;
}

uint32_t
emu_queue_cfg_bad(const struct emu_queue *q, const struct emu_qcfg *c)
{
	uint32_t bad = 0;

	if (c->base % SRIOVNIC_RING_ALIGN != 0)
		bad |= EMU_QCFG_BASE;
	if (!rte_is_power_of_2(c->len) || c->len < SRIOVNIC_RING_MIN ||
	    c->len > SRIOVNIC_RING_MAX)
		bad |= EMU_QCFG_LEN;
	if (q->rx && (c->buf_len < SRIOVNIC_BUF_MIN ||
		      c->buf_len > SRIOVNIC_BUF_MAX ||
		      c->buf_len % SRIOVNIC_RING_ALIGN != 0))
		bad |= EMU_QCFG_BUF_LEN;
	return bad;
}

int
emu_queue_check(struct emu_func *f, const struct emu_queue *q,
		const struct emu_qcfg *c, bool count, void **ring)
{
	uint64_t size;

	/* 32-byte rx descriptors only where the card has them */
	uint8_t shift = q->rx && (c->ctrl & SRIOVNIC_QCTRL_DESC32) &&
		(f->emu->caps & SRIOVNIC_CAP_QINQ);

	if (emu_queue_cfg_bad(q, c) != 0)
		return -EINVAL;
	size = ((uint64_t)c->len << shift) * EMU_DESC_SIZE;
	*ring = count ? emu_dma_ring(f, c->base, size) :
		emu_dma_lookup(f, c->base, size);
	return *ring == NULL ? -EFAULT : 0;
}

void
emu_queue_latch(struct emu_func *f, struct emu_queue *q,
		const struct emu_qcfg *c, void *ring, uint32_t head)
{
	q->ring = ring;
	q->len = c->len;
	q->buf_len = c->buf_len;
	q->base = c->base;
	q->ctrl = c->ctrl;
	q->scatter = q->rx && (c->ctrl & SRIOVNIC_QCTRL_SCATTER);
	q->desc_shift = q->rx && (c->ctrl & SRIOVNIC_QCTRL_DESC32) &&
		(f->emu->caps & SRIOVNIC_CAP_QINQ);
	q->keep_crc = q->rx && (c->ctrl & SRIOVNIC_QCTRL_KEEP_CRC) &&
		(f->emu->caps & SRIOVNIC_CAP_KEEP_CRC);
	q->discard = false;
	q->error = false;
	q->head = head;
	q->tail = head;
	emu_wr32(f, q->regs + SRIOVNIC_Q_HEAD, head);
	f->emu->tx_stale = true;
}

/* exists: the block is a queue of the function, not a reserved one */
static int
queue_start(struct emu_func *f, struct emu_queue *q, bool exists)
{
	struct emu_qcfg c = {
		.base = emu_rd32(f, q->regs + SRIOVNIC_Q_BASE_LO) |
			(uint64_t)emu_rd32(f, q->regs + SRIOVNIC_Q_BASE_HI) << 32,
		.len = emu_rd32(f, q->regs + SRIOVNIC_Q_LEN),
		.buf_len = emu_rd32(f, q->regs + SRIOVNIC_Q_BUF_LEN),
		.ctrl = emu_rd32(f, q->regs + SRIOVNIC_Q_CTRL),
	};
	void *ring;
	int ret;

	if (!exists)
		return -EINVAL;
	ret = emu_queue_check(f, q, &c, true, &ring);
	if (ret < 0)
		return ret;
	emu_queue_latch(f, q, &c, ring, 0);
	return 0;
}

static void
queue_stop(struct emu_func *f, struct emu_queue *q)
{
	q->ring = NULL;
	q->error = false;
	f->emu->tx_stale = true;
	emu_wr32(f, q->regs + SRIOVNIC_Q_STATUS, 0);
}

static void
queue_poll(struct emu_func *f, struct emu_queue *q, bool exists)
{
	bool enable = emu_rd32(f, q->regs + SRIOVNIC_Q_CTRL) &
		SRIOVNIC_QCTRL_ENABLE;
	int ret;

	if (enable && q->ring == NULL && !q->error) {
		ret = queue_start(f, q, exists);
		q->error = ret != 0;
		rte_write32(ret == 0 ? SRIOVNIC_QSTAT_ENABLED :
			    SRIOVNIC_QSTAT_ERROR, f->bar + q->regs +
			    SRIOVNIC_Q_STATUS);
		EMU_LOG(DEBUG, "%s queue at 0x%x %s (%d)", f->name, q->regs,
			ret == 0 ? "enabled" : "refused", ret);
	} else if (!enable && (q->ring != NULL || q->error)) {
		queue_stop(f, q);
		EMU_LOG(DEBUG, "%s queue at 0x%x disabled", f->name, q->regs);
	} else if (q->ring != NULL) {
		/* an idle rx queue reads its doorbell only here */
		emu_queue_doorbell(f, q);
	}
}

void
emu_queues_poll(struct emu *emu, struct emu_func *f)
{
	unsigned int i;
	bool exists;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++) {
		exists = i < emu->opts->nb_queues;
		queue_poll(f, &f->rxq[i], exists);
		queue_poll(f, &f->txq[i], exists);
	}
	for (i = 0; i < f->nb_rep; i++) {
		queue_poll(f, &f->rep_rxq[i], true);
		queue_poll(f, &f->rep_txq[i], true);
	}
}

void
emu_queues_stop(struct emu_func *f)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++) {
		queue_stop(f, &f->rxq[i]);
		queue_stop(f, &f->txq[i]);
	}
	for (i = 0; i < f->nb_rep; i++) {
		queue_stop(f, &f->rep_rxq[i]);
		queue_stop(f, &f->rep_txq[i]);
	}
}

/* A running queue stops on a ring error until the driver disables it */
static void
queue_fail(struct emu_func *f, struct emu_queue *q)
{
	q->ring = NULL;
	q->error = true;
	f->emu->tx_stale = true;
	rte_write32(SRIOVNIC_QSTAT_ERROR, f->bar + q->regs + SRIOVNIC_Q_STATUS);
}

/* The driver took back memory holding a live ring */
static void
queue_unmap(struct emu_func *f, struct emu_queue *q,
	    const struct emu_region *r)
{
	const uint8_t *ring = q->ring;

	if (ring == NULL || ring < r->va || ring >= r->va + r->len)
		return;
	queue_fail(f, q);
	emu_stat_add(f, SRIOVNIC_ST_DMA_FAULTS, 1);
}

void
emu_queues_unmap(struct emu_func *f, const struct emu_region *r)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++) {
		queue_unmap(f, &f->rxq[i], r);
		queue_unmap(f, &f->txq[i], r);
	}
	for (i = 0; i < f->nb_rep; i++) {
		queue_unmap(f, &f->rep_rxq[i], r);
		queue_unmap(f, &f->rep_txq[i], r);
	}
}

/* Adds what q moved to its function's, its own and, for a VF, the PF's
 * counters (datasheet 9): per burst or poll, not per frame
 */
void
emu_queue_count(struct emu_queue *q)
{
	struct emu_count *c = &q->count;
	struct emu_func *f = q->func;

	if (c->pkts == 0)
		return;
	if (q->rx) {
		emu_fstat_add(f, SRIOVNIC_ST_RX_PKTS, SRIOVNIC_VFST_RX_PKTS,
			      c->pkts);
		emu_fstat_add(f, SRIOVNIC_ST_RX_BYTES, SRIOVNIC_VFST_RX_BYTES,
			      c->bytes);
		if (c->bcast != 0)
			emu_stat_add(f, SRIOVNIC_ST_RX_BCAST, c->bcast);
		if (c->mcast != 0)
			emu_stat_add(f, SRIOVNIC_ST_RX_MCAST, c->mcast);
	} else {
		emu_fstat_add(f, SRIOVNIC_ST_TX_PKTS, SRIOVNIC_VFST_TX_PKTS,
			      c->pkts);
		emu_fstat_add(f, SRIOVNIC_ST_TX_BYTES, SRIOVNIC_VFST_TX_BYTES,
			      c->bytes);
	}
	emu_qstat_add(f, q, SRIOVNIC_STQ_PKTS, c->pkts);
	emu_qstat_add(f, q, SRIOVNIC_STQ_BYTES, c->bytes);
	memset(c, 0, sizeof(*c));
}

/* Reads the doorbell into q->tail. A TAIL outside the ring stops the
 * queue: false then.
 */
bool
emu_queue_doorbell(struct emu_func *f, struct emu_queue *q)
{
	uint32_t tail = rte_read32(f->bar + q->regs + SRIOVNIC_Q_TAIL);

	if (unlikely(tail >= q->len)) {
		queue_fail(f, q);
		EMU_LOG(DEBUG, "%s queue at 0x%x: doorbell %u beyond the ring",
			f->name, q->regs, tail);
		return false;
	}
	q->tail = tail;
	return true;
}
