/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* A VF's device state (datasheet 17): the PF suspends a VF, saves its
 * state into a record, restores a record into a suspended VF and resumes
 * it. The record comes from the PF's memory and may be hostile: every
 * field is checked before anything changes.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_hash_crc.h>

#include "emu.h"
#include "aq.h"
#include "iommu.h"
#include "queue.h"

#define VFS_RXQ_CTRL	(SRIOVNIC_QCTRL_ENABLE | SRIOVNIC_QCTRL_SCATTER)
#define VFS_INT_ENABLE	(RTE_BIT32(SRIOVNIC_NUM_VECS) - 1)
#define VFS_RSS_CTRL	(SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV4 | \
			 SRIOVNIC_RSS_IPV4_L4 | SRIOVNIC_RSS_IPV6 | \
			 SRIOVNIC_RSS_IPV6_L4)

/* Queue records in record order: the rx queues', then the tx queues' */
#define VFS_NB_QREC	(2 * SRIOVNIC_MAX_QUEUES)

/* A refused record field: AQE_STATE_FIELD or AQE_STATE_RING at off */
static int
field_fail(struct sriovnic_aq_desc *wb, uint16_t *info, uint16_t code,
	   size_t off)
{
	wb->param.vf_state.err_off = off;
	return emu_aq_fail(info, code, code == SRIOVNIC_AQE_STATE_RING ? -EFAULT :
		    -EINVAL);
}

static bool
all_zero(const void *p, size_t len)
{
	return sriovnic_first_nz(p, len) < 0;
}

/* The checks every VF state command starts with: AQE_VF, AQE_PARAM;
 * err_off is a refused restore's alone (17.3)
 */
static struct emu_func *
vf_of(struct emu *emu, const struct sriovnic_aq_desc *cmd,
      struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_vf_state *p = &cmd->param.vf_state;

	wb->param.vf_state.err_off = SRIOVNIC_VFS_ERR_OFF_NONE;
	if (p->vf >= emu->opts->nb_vfs) {
		*info = SRIOVNIC_AQE_VF;
		return NULL;
	}
	if (p->rsvd0 != 0 || !all_zero(p->rsvd, sizeof(p->rsvd))) {
		*info = SRIOVNIC_AQE_PARAM;
		return NULL;
	}
	return &emu->funcs[SRIOVNIC_FUNC_VF(p->vf)];
}

/* The defined Q_CTRL bits of a queue of this card (datasheet 6.1) */
static uint32_t
ctrl_mask(const struct emu *emu, bool rx)
{
	uint32_t m = SRIOVNIC_QCTRL_ENABLE;

	if (!rx)
		return m;
	m |= SRIOVNIC_QCTRL_SCATTER;
	if (emu->caps & SRIOVNIC_CAP_QINQ)
		m |= SRIOVNIC_QCTRL_DESC32;
	if (emu->caps & SRIOVNIC_CAP_KEEP_CRC)
		m |= SRIOVNIC_QCTRL_KEEP_CRC;
	return m;
}

static uint32_t
func_ctrl_mask(const struct emu *emu)
{
	return ((emu->caps & SRIOVNIC_CAP_LOOPBACK) ? SRIOVNIC_FCTRL_LOOPBACK : 0) |
		((emu->caps & SRIOVNIC_CAP_QINQ) ? SRIOVNIC_FCTRL_QINQ_STRIP : 0);
}

static uint32_t
rss_ctrl_mask(const struct emu *emu)
{
	return VFS_RSS_CTRL | ((emu->caps & SRIOVNIC_CAP_RSS_IPV6_EX) ?
			       SRIOVNIC_RSS_IPV6_EX : 0);
}

/* The record's CRC field read as 0: the bytes around it, not a copy with
 * the field cleared, which the compiler may load before the store
 */
uint32_t
emu_vfs_crc(const struct sriovnic_vf_state *st)
{
	const size_t off = offsetof(struct sriovnic_vf_state, crc);
	const uint8_t *p = (const uint8_t *)st;
	uint32_t crc;

	crc = rte_hash_crc(p, off, UINT32_MAX);
	crc = rte_hash_crc_4byte(0, crc);
	return rte_hash_crc(p + off + sizeof(st->crc),
			    sizeof(*st) - off - sizeof(st->crc), crc);
}

int
emu_vf_run(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	   struct sriovnic_aq_desc *wb, uint16_t *info)
{
	struct emu_func *vf = vf_of(emu, cmd, wb, info);
	bool suspend = cmd->opcode == SRIOVNIC_AQC_VF_SUSPEND;

	if (vf == NULL)
		return -EINVAL;
	/* write-backs and HEADs of the frames received so far land first */
	if (suspend)
		emu_rx_flush();
	if (vf->suspended != suspend) {
		vf->suspended = suspend;
		emu->tx_stale = true;
		EMU_LOG(DEBUG, "%s %s", vf->name,
			suspend ? "suspended" : "resumed");
	}
	return 0;
}

/* The checks up to the buffer, shared by save and restore */
static struct emu_func *
vf_state_cmd(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	     struct sriovnic_aq_desc *wb, uint16_t *info, int *ret)
{
	struct emu_func *vf = vf_of(emu, cmd, wb, info);

	*ret = -EINVAL;
	if (vf == NULL)
		return NULL;
	if (cmd->buf_len != SRIOVNIC_VFS_LEN) {
		*info = SRIOVNIC_AQE_BUF;
		return NULL;
	}
	if (!vf->suspended) {
		*info = SRIOVNIC_AQE_VF_RUNNING;
		*ret = -EBUSY;
		return NULL;
	}
	return vf;
}

/* A running queue's ring is the one latched at enable: the registers,
 * which it ignores, may have been written since (17.1)
 */
static void
queue_save(struct emu_func *f, const struct emu_queue *q,
	   struct sriovnic_vfs_queue *r)
{
	if (q->ring != NULL) {
		r->base = q->base;
		r->len = q->len;
		r->buf_len = q->buf_len;
		r->ctrl = q->ctrl;
	} else {
		r->base = emu_rd32(f, q->regs + SRIOVNIC_Q_BASE_LO) |
			(uint64_t)emu_rd32(f, q->regs + SRIOVNIC_Q_BASE_HI) << 32;
		r->len = emu_rd32(f, q->regs + SRIOVNIC_Q_LEN);
		r->buf_len = emu_rd32(f, q->regs + SRIOVNIC_Q_BUF_LEN);
		r->ctrl = emu_rd32(f, q->regs + SRIOVNIC_Q_CTRL);
	}
	if (!q->rx)
		r->buf_len = 0;
	r->ctrl &= ctrl_mask(f->emu, q->rx);
	r->status = emu_rd32(f, q->regs + SRIOVNIC_Q_STATUS);
	r->head = q->ring != NULL ? q->head :
		emu_rd32(f, q->regs + SRIOVNIC_Q_HEAD);
	r->tail = emu_rd32(f, q->regs + SRIOVNIC_Q_TAIL);
	r->flags = q->ring != NULL && q->discard ? SRIOVNIC_VFSQ_DISCARD : 0;
	r->pkts = rte_read64_relaxed(f->bar + q->stats + SRIOVNIC_STQ_PKTS);
	r->bytes = rte_read64_relaxed(f->bar + q->stats + SRIOVNIC_STQ_BYTES);
	r->drops = rte_read64_relaxed(f->bar + q->stats + SRIOVNIC_STQ_DROPS);
}

int
emu_vf_state_save(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		  struct sriovnic_aq_desc *wb, uint16_t *info)
{
	static struct sriovnic_vf_state st;
	struct emu_func *vf;
	unsigned int i;
	int ret;

	vf = vf_state_cmd(emu, cmd, wb, info, &ret);
	if (vf == NULL)
		return ret;
	memset(&st, 0, sizeof(st));
	st.magic = SRIOVNIC_VFS_MAGIC;
	st.version = SRIOVNIC_VFS_VERSION;
	st.len = sizeof(st);
	st.nb_rxq = emu->opts->nb_queues;
	st.nb_txq = emu->opts->nb_queues;
	st.max_frame = emu_rd32(vf, SRIOVNIC_MAX_FRAME);
	st.func_ctrl = emu_rd32(vf, SRIOVNIC_FUNC_CTRL) & func_ctrl_mask(emu);
	st.int_enable = emu_rd32(vf, SRIOVNIC_INT_ENABLE) & VFS_INT_ENABLE;
	st.rss_ctrl = emu_rd32(vf, SRIOVNIC_RSS_CTRL) & rss_ctrl_mask(emu);
	memcpy(st.rss_key, vf->bar + SRIOVNIC_RSS_KEY(0), sizeof(st.rss_key));
	memcpy(st.rss_reta, vf->bar + SRIOVNIC_RSS_RETA, sizeof(st.rss_reta));
	for (i = 0; i < EMU_NB_STATS; i++)
		st.stats[i] = rte_read64_relaxed(vf->bar + SRIOVNIC_STATS +
						 i * 8);
	for (i = 0; i < emu->opts->nb_queues; i++) {
		queue_save(vf, &vf->rxq[i], &st.rxq[i]);
		queue_save(vf, &vf->txq[i], &st.txq[i]);
	}
	st.crc = emu_vfs_crc(&st);
	if (emu_dma_write(&emu->funcs[SRIOVNIC_FUNC_PF], cmd->buf_addr, &st,
			  sizeof(st)) < 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_DMA, -EFAULT);
	wb->param.vf_state.len = sizeof(st);
	wb->param.vf_state.version = SRIOVNIC_VFS_VERSION;
	return 0;
}

/* Queue record n of st in record order, and vf's queue it is for; *off
 * its offset in the record, *exists whether the saved function had it
 */
static const struct sriovnic_vfs_queue *
qrec(struct emu_func *vf, const struct sriovnic_vf_state *st, unsigned int n,
     struct emu_queue **q, size_t *off, bool *exists)
{
	unsigned int i = n % SRIOVNIC_MAX_QUEUES;
	const struct sriovnic_vfs_queue *r;

	if (n < SRIOVNIC_MAX_QUEUES) {
		r = &st->rxq[i];
		*q = &vf->rxq[i];
		*exists = i < st->nb_rxq;
	} else {
		r = &st->txq[i];
		*q = &vf->txq[i];
		*exists = i < st->nb_txq;
	}
	*off = (const uint8_t *)r - (const uint8_t *)st;
	return r;
}

#define QFIELD(field)	offsetof(struct sriovnic_vfs_queue, field)

static struct emu_qcfg
qcfg_of(const struct sriovnic_vfs_queue *r)
{
	return (struct emu_qcfg){
		.base = r->base, .len = r->len, .buf_len = r->buf_len,
		.ctrl = r->ctrl,
	};
}

/* The fields of queue record n against vf's queue, in record order
 * (datasheet 17.2); the ring is looked up after every field is checked
 */
static int
queue_check(struct emu_func *vf, const struct sriovnic_vf_state *st,
	    unsigned int n, struct sriovnic_aq_desc *wb, uint16_t *info)
{
	struct emu_queue *q;
	size_t off, bad_off;
	bool exists;
	const struct sriovnic_vfs_queue *r = qrec(vf, st, n, &q, &off, &exists);
	struct emu_qcfg c = qcfg_of(r);
	bool rx = q->rx, running = r->status == SRIOVNIC_QSTAT_ENABLED;
	uint32_t cfg_bad = running ? emu_queue_cfg_bad(q, &c) : 0;

	if (!exists)
		bad_off = all_zero(r, sizeof(*r)) ? SIZE_MAX : QFIELD(base);
	else if (cfg_bad & EMU_QCFG_BASE)
		bad_off = QFIELD(base);
	else if (cfg_bad & EMU_QCFG_LEN)
		bad_off = QFIELD(len);
	else if ((cfg_bad & EMU_QCFG_BUF_LEN) || (!rx && r->buf_len != 0))
		bad_off = QFIELD(buf_len);
	else if (r->ctrl & ~ctrl_mask(vf->emu, rx))
		bad_off = QFIELD(ctrl);
	else if ((r->status != 0 && !running &&
		  r->status != SRIOVNIC_QSTAT_ERROR) ||
		 (r->status != 0 && !(r->ctrl & SRIOVNIC_QCTRL_ENABLE)))
		bad_off = QFIELD(status);
	else if (r->head >= SRIOVNIC_RING_MAX || (running && r->head >= r->len))
		bad_off = QFIELD(head);
	else if (r->tail >= SRIOVNIC_RING_MAX || (running && r->tail >= r->len))
		bad_off = QFIELD(tail);
	else if ((r->flags & ~SRIOVNIC_VFSQ_DISCARD) || (rx && r->flags != 0))
		bad_off = QFIELD(flags);
	else if (r->rsvd != 0)
		bad_off = QFIELD(rsvd);
	else
		bad_off = SIZE_MAX;
	if (bad_off == SIZE_MAX)
		return 0;
	return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD, off + bad_off);
}

/* A running queue's ring in vf's memory, its fields checked: *ring, NULL
 * for a queue that does not run
 */
static int
queue_ring(struct emu_func *vf, const struct sriovnic_vf_state *st,
	   unsigned int n, struct sriovnic_aq_desc *wb, uint16_t *info,
	   void **ring)
{
	struct emu_queue *q;
	size_t off;
	bool exists;
	const struct sriovnic_vfs_queue *r = qrec(vf, st, n, &q, &off, &exists);
	struct emu_qcfg c = qcfg_of(r);

	*ring = NULL;
	if (!exists || r->status != SRIOVNIC_QSTAT_ENABLED ||
	    emu_queue_check(vf, q, &c, false, ring) == 0)
		return 0;
	return field_fail(wb, info, SRIOVNIC_AQE_STATE_RING, off + QFIELD(base));
}

/* The record's header and function fields (datasheet 17.2, 17.3) */
static int
state_check(struct emu *emu, const struct sriovnic_vf_state *st,
	    struct sriovnic_aq_desc *wb, uint16_t *info)
{
	unsigned int i;

	if (st->magic != SRIOVNIC_VFS_MAGIC)
		return emu_aq_fail(info, SRIOVNIC_AQE_STATE_CORRUPT, -EINVAL);
	if (st->version != SRIOVNIC_VFS_VERSION)
		return emu_aq_fail(info, SRIOVNIC_AQE_STATE_VERSION, -EPROTONOSUPPORT);
	if (st->len != sizeof(*st) || st->crc != emu_vfs_crc(st))
		return emu_aq_fail(info, SRIOVNIC_AQE_STATE_CORRUPT, -EINVAL);
	if (st->rsvd0 != 0)
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, rsvd0));
	if (st->nb_rxq == 0 || st->nb_rxq > emu->opts->nb_queues)
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, nb_rxq));
	if (st->nb_txq == 0 || st->nb_txq > emu->opts->nb_queues)
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, nb_txq));
	if (st->max_frame != 0 && (st->max_frame < SRIOVNIC_MIN_FRAME ||
				   st->max_frame > SRIOVNIC_MAX_FRAME_LIMIT))
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, max_frame));
	if (st->func_ctrl & ~func_ctrl_mask(emu))
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, func_ctrl));
	if (st->int_enable & ~VFS_INT_ENABLE)
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, int_enable));
	if (st->rss_ctrl & ~rss_ctrl_mask(emu))
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, rss_ctrl));
	if (!all_zero(st->rsvd1, sizeof(st->rsvd1)))
		return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
				  offsetof(struct sriovnic_vf_state, rsvd1));
	for (i = EMU_NB_STATS; i < SRIOVNIC_VFS_NB_STATS; i++)
		if (st->stats[i] != 0)
			return field_fail(wb, info, SRIOVNIC_AQE_STATE_FIELD,
					  offsetof(struct sriovnic_vf_state,
						   stats[i]));
	return 0;
}

static void
queue_load(struct emu_func *f, struct emu_queue *q,
	   const struct sriovnic_vfs_queue *r, void *ring)
{
	struct emu_qcfg c = qcfg_of(r);

	emu_wr32(f, q->regs + SRIOVNIC_Q_BASE_LO, (uint32_t)r->base);
	emu_wr32(f, q->regs + SRIOVNIC_Q_BASE_HI, r->base >> 32);
	emu_wr32(f, q->regs + SRIOVNIC_Q_LEN, r->len);
	emu_wr32(f, q->regs + SRIOVNIC_Q_BUF_LEN, r->buf_len);
	emu_wr32(f, q->regs + SRIOVNIC_Q_CTRL, r->ctrl);
	emu_wr32(f, q->regs + SRIOVNIC_Q_TAIL, r->tail);
	emu_wr32(f, q->regs + SRIOVNIC_Q_HEAD, r->head);
	if (ring != NULL) {
		emu_queue_latch(f, q, &c, ring, r->head);
		q->discard = r->flags & SRIOVNIC_VFSQ_DISCARD;
	}
	q->error = r->status == SRIOVNIC_QSTAT_ERROR;
	emu_wr32(f, q->regs + SRIOVNIC_Q_STATUS, r->status);
	rte_write64_relaxed(r->pkts, f->bar + q->stats + SRIOVNIC_STQ_PKTS);
	rte_write64_relaxed(r->bytes, f->bar + q->stats + SRIOVNIC_STQ_BYTES);
	rte_write64_relaxed(r->drops, f->bar + q->stats + SRIOVNIC_STQ_DROPS);
}

int
emu_vf_state_restore(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		     struct sriovnic_aq_desc *wb, uint16_t *info)
{
	static struct sriovnic_vf_state st;
	const struct sriovnic_vfs_queue *r;
	void *ring[VFS_NB_QREC];
	struct emu_queue *q;
	struct emu_func *vf;
	unsigned int i;
	uint64_t val;
	bool exists;
	size_t off;
	int ret;

	vf = vf_state_cmd(emu, cmd, wb, info, &ret);
	if (vf == NULL)
		return ret;
	if (emu_dma_read(&emu->funcs[SRIOVNIC_FUNC_PF], cmd->buf_addr, &st,
			 sizeof(st)) < 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_DMA, -EFAULT);
	ret = state_check(emu, &st, wb, info);
	for (i = 0; ret == 0 && i < VFS_NB_QREC; i++)
		ret = queue_check(vf, &st, i, wb, info);
	for (i = 0; ret == 0 && i < VFS_NB_QREC; i++)
		ret = queue_ring(vf, &st, i, wb, info, &ring[i]);
	if (ret < 0) {
		EMU_LOG(DEBUG, "%s: state record refused (%d, info %u)",
			vf->name, ret, *info);
		return ret;
	}

	emu_func_clear(vf);
	emu_wr32(vf, SRIOVNIC_MAX_FRAME, st.max_frame);
	emu_wr32(vf, SRIOVNIC_FUNC_CTRL, st.func_ctrl);
	emu_wr32(vf, SRIOVNIC_INT_ENABLE, st.int_enable);
	emu_wr32(vf, SRIOVNIC_RSS_CTRL, st.rss_ctrl);
	memcpy(vf->bar + SRIOVNIC_RSS_KEY(0), st.rss_key, sizeof(st.rss_key));
	memcpy(vf->bar + SRIOVNIC_RSS_RETA, st.rss_reta, sizeof(st.rss_reta));
	for (i = 0; i < EMU_NB_STATS; i++) {
		val = st.stats[i];
		rte_write64_relaxed(val, vf->bar + SRIOVNIC_STATS + i * 8);
		/* the exit report counts what the record brings once */
		vf->stats_base[i] -= val;
	}
	for (i = 0; i < VFS_NB_QREC; i++) {
		r = qrec(vf, &st, i, &q, &off, &exists);
		if (exists)
			queue_load(vf, q, r, ring[i]);
	}
	EMU_LOG(DEBUG, "%s: state restored", vf->name);
	return 0;
}
