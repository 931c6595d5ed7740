/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Transmit (datasheet 7.3, 7.4, 7.7, 7.8): a frame is gathered from the
 * driver's buffers into one mbuf, its checksums inserted if asked, or a
 * TSO frame into a staging buffer and cut into segments; each goes to the
 * switch, back to the function's own rx path (loopback, 2.5) or, from a
 * representor queue, straight to its VF (6.5).
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"
#include "iommu.h"
#include "pkt.h"
#include "queue.h"
#include "scheduler.h"
#include "switch.h"

/* Fields sriovnic_regs.h gives the position of only */
#define TXD_L4T_MASK		0x3u
#define TXD_MACLEN_MASK		0x7fu
#define TXD_IPLEN_MASK		0x1ffu
#define TXC_L4LEN_MASK		0xffu
#define TXD_PER_LINE		(RTE_CACHE_LINE_SIZE / \
				 sizeof(struct sriovnic_tx_desc))
/* TCP headers are whole 32-bit words */
#define TSO_L4LEN_MIN		20
#define TSO_L4LEN_MAX		60
#define TSO_L4LEN_ALIGN		4
/* Segments of the largest TSO frame with the smallest MSS */
#define TSO_MAX_SEGS \
	((SRIOVNIC_TSO_MAX_LEN + SRIOVNIC_TSO_MSS_MIN - 1) / \
	 SRIOVNIC_TSO_MSS_MIN)

/* What a tx burst of q sent, counted in its nodes (datasheet 14.7) */
static inline void
sched_count(struct emu *emu, const struct emu_queue *q)
{
	struct emu_sched *s = &emu->sched;
	struct emu_tm_node *fn = &s->func[q->func->id];

	q->tm->pkts += q->count.pkts;
	q->tm->bytes += q->count.bytes;
	fn->pkts += q->count.pkts;
	fn->bytes += q->count.bytes;
	s->port.pkts += q->count.pkts;
	s->port.bytes += q->count.bytes;
}

/* The descriptors from q->head up to the end of the frame there, each
 * field read once, so that a driver rewriting them meanwhile cannot make
 * a checked value differ from the used one
 */
struct tx_frame {
	uint32_t nb;		/* descriptors, a context descriptor included */
	uint32_t nb_data;	/* data descriptors */
	bool eop;		/* the last one ends the frame */
	bool has_ctx;		/* the first is a context descriptor */
	bool tso;		/* which asks for segmentation, once checked */
	uint64_t ctx;		/* its qw0 */
	uint64_t ctx_cmd;	/* its qw1 */
	uint32_t len;		/* data bytes, once checked */
	/* up to the first data descriptor too many */
	uint64_t addr[EMU_TX_MAX_SEGS + 1];
	uint64_t cmd[EMU_TX_MAX_SEGS + 1];
};

static void
tx_error(struct emu_func *f, const struct emu_queue *q)
{
	emu_stat_add(f, SRIOVNIC_ST_TX_ERRORS, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_DROPS, 1);
}

static uint32_t
tx_desc_len(uint64_t cmd)
{
	return (cmd & SRIOVNIC_TXD_LEN_MASK) >> SRIOVNIC_TXD_LEN_SHIFT;
}

/* Stops at the EOP descriptor, at the tail, or at the first data
 * descriptor too many for a frame. A context descriptor counts as one
 * only where a frame starts, not in the rest of a discarded one.
 */
static void
tx_scan(const struct emu_queue *q, struct tx_frame *fr)
{
	const struct sriovnic_tx_desc *ring = q->ring;
	uint32_t idx;
	uint64_t cmd;

	fr->nb = 0;
	fr->nb_data = 0;
	fr->eop = false;
	fr->has_ctx = false;
	fr->tso = false;
	fr->ctx = 0;
	fr->ctx_cmd = 0;
	for (idx = q->head; idx != q->tail && !fr->eop &&
	     fr->nb_data <= EMU_TX_MAX_SEGS; idx = (idx + 1) & (q->len - 1)) {
		cmd = emu_desc_load(&ring[idx].cmd);
		fr->eop = cmd & SRIOVNIC_TXD_EOP;
		if (fr->nb++ == 0 && !q->discard &&
		    (cmd & SRIOVNIC_TXD_DTYPE_MASK) == SRIOVNIC_TXD_DTYPE_CTX) {
			fr->has_ctx = true;
			fr->ctx = emu_desc_load(&ring[idx].buf_addr);
			fr->ctx_cmd = cmd;
			continue;
		}
		fr->cmd[fr->nb_data] = cmd;
		fr->addr[fr->nb_data] = emu_desc_load(&ring[idx].buf_addr);
		fr->nb_data++;
	}
}

/* The offloads of the first data descriptor and the context; MSS and
 * L4LEN 0 in the context ask for no segmentation (datasheet 7.8)
 */
static void
tx_offload(struct tx_frame *fr, struct emu_tx_offload *o)
{
	uint64_t cmd = fr->cmd[0];

	memset(o, 0, sizeof(*o));
	o->maclen = (cmd >> SRIOVNIC_TXD_MACLEN_SHIFT) & TXD_MACLEN_MASK;
	o->iplen = (cmd >> SRIOVNIC_TXD_IPLEN_SHIFT) & TXD_IPLEN_MASK;
	o->l4t = (cmd >> SRIOVNIC_TXD_L4T_SHIFT) & TXD_L4T_MASK;
	o->iipcsum = cmd & SRIOVNIC_TXD_IIPCSUM;
	o->il2tag = cmd & SRIOVNIC_TXD_IL2TAG;
	o->tci = cmd >> SRIOVNIC_TXD_VLAN_SHIFT;
	if (fr->has_ctx) {
		o->mss = fr->ctx & SRIOVNIC_TXC_MSS_MASK;
		o->l4len = (fr->ctx >> SRIOVNIC_TXC_L4LEN_SHIFT) &
			TXC_L4LEN_MASK;
		o->il2tag2 = fr->ctx_cmd & SRIOVNIC_TXC_IL2TAG2;
		o->tci2 = fr->ctx >> SRIOVNIC_TXC_VLAN2_SHIFT;
		fr->tso = o->mss != 0 || o->l4len != 0;
	}
}

/* Bytes of the tags the card inserts */
static uint32_t
tx_tags_len(const struct emu_tx_offload *o)
{
	return (o->il2tag + o->il2tag2) * RTE_VLAN_HLEN;
}

/* The rules of a TSO frame that need no data (datasheet 7.8): every
 * segment must fit MAX_FRAME
 */
static bool
tx_tso_check(const struct emu_func *f, const struct tx_frame *fr,
	     const struct emu_tx_offload *o)
{
	uint32_t hdr = o->maclen + o->iplen + o->l4len;

	if (o->mss < SRIOVNIC_TSO_MSS_MIN || o->mss > SRIOVNIC_TSO_MSS_MAX ||
	    o->l4len < TSO_L4LEN_MIN || o->l4len > TSO_L4LEN_MAX ||
	    o->l4len % TSO_L4LEN_ALIGN != 0 ||
	    o->l4t != SRIOVNIC_PTYPE_L4_TCP ||
	    fr->len > SRIOVNIC_TSO_MAX_LEN || hdr > fr->len)
		return false;
	return hdr + RTE_MIN((uint32_t)o->mss, fr->len - hdr) +
		tx_tags_len(o) + SRIOVNIC_FCS_LEN <= emu_max_frame(f);
}

/* The rules that need no frame data (datasheet 7.4): descriptors and
 * lengths, which bound what the gather copies
 */
static bool
tx_check(const struct emu_func *f, struct tx_frame *fr,
	 struct emu_tx_offload *o)
{
	uint32_t i, len;

	if (fr->nb_data == 0)
		return false;
	fr->len = 0;
	for (i = 0; i < fr->nb_data; i++) {
		len = tx_desc_len(fr->cmd[i]);
		if ((fr->cmd[i] & SRIOVNIC_TXD_DTYPE_MASK) !=
		    SRIOVNIC_TXD_DTYPE_DATA || len == 0)
			return false;
		fr->len += len;
	}
	tx_offload(fr, o);
	if (fr->tso)
		return tx_tso_check(f, fr, o);
	/* MAX_FRAME, with the FCS the card appends, is at most the 9728
	 * bytes any frame is; the frame's own tags are not looked at
	 * (datasheet 7.9)
	 */
	return fr->len >= RTE_ETHER_HDR_LEN &&
		fr->len + tx_tags_len(o) + SRIOVNIC_FCS_LEN <= emu_max_frame(f);
}

/* Copies the frame's buffers to dst; false when the IOMMU refuses one
 * (counted)
 */
static bool
tx_gather(struct emu_func *f, const struct tx_frame *fr, uint8_t *dst)
{
	uint32_t i, len;

	for (i = 0; i < fr->nb_data; i++) {
		len = tx_desc_len(fr->cmd[i]);
		if (emu_dma_read(f, fr->addr[i], dst, len) < 0)
			return false;
		dst += len;
	}
	return true;
}

/* A frame without TSO into one mbuf: 1 when there, 0 when dropped
 * (counted), -1 when out of mbufs
 */
static int
tx_plain(struct emu *emu, struct emu_func *f, struct emu_queue *q,
	 const struct tx_frame *fr, struct emu_tx_offload *o,
	 struct rte_mbuf **m)
{
	bool csum = o->iipcsum || o->l4t != 0;
	uint8_t *data;

	*m = emu_mbuf_alloc(emu);
	if (*m == NULL)
		return -1;
	/* the checks bound the length by the mbuf's room */
	data = (uint8_t *)rte_pktmbuf_append(*m, fr->len);
	if (!tx_gather(f, fr, data))
		goto drop;
	if (csum && !emu_csum_tx_check(data, fr->len, o)) {
		tx_error(f, q);
		goto drop;
	}
	if (csum)
		emu_csum_tx(data, fr->len, o);
	return 1;
drop:
	emu_mbuf_free(emu, *m);
	return 0;
}

/* A TSO frame into its segments: their number, 0 when dropped (counted),
 * -1 when out of mbufs
 */
static int
tx_tso(struct emu *emu, struct emu_func *f, struct emu_queue *q,
       const struct tx_frame *fr, struct emu_tx_offload *o,
       struct rte_mbuf **segs)
{
	/* the model runs on one lcore */
	static uint8_t frame[SRIOVNIC_TSO_MAX_LEN];
	unsigned int nb = emu_tso_nb_segs(fr->len, o);

	if (rte_pktmbuf_alloc_bulk(emu->pool, segs, nb) != 0)
		return -1;
	if (!tx_gather(f, fr, frame))
		goto drop;
	/* the card rewrites the IPv4 header: the driver asks for its
	 * checksum
	 */
	if (!emu_csum_tx_check(frame, fr->len, o) ||
	    (!o->ipv6 && !o->iipcsum)) {
		tx_error(f, q);
		goto drop;
	}
	emu_tso_segment(frame, fr->len, o, segs, nb);
	return nb;
drop:
	rte_pktmbuf_free_bulk(segs, nb);
	return 0;
}

/* Hands the descriptors [q->head, q->head + nb) back; those with RS are
 * written back as done. The burst writes HEAD once, at its end.
 */
static void
tx_complete(struct emu_queue *q, uint32_t nb)
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
}

static void
tx_send(struct emu *emu, struct emu_func *f, struct emu_queue *q,
	struct rte_mbuf *m, const struct emu_tx_offload *o)
{
	/* the S-tag goes in front of the 802.1Q one */
	if (o->il2tag)
		emu_tag_insert(&m, RTE_ETHER_TYPE_VLAN, o->tci);
	if (o->il2tag2)
		emu_tag_insert(&m, SRIOVNIC_TPID_STAG, o->tci2);
	q->count.pkts++;
	q->count.bytes += rte_pktmbuf_pkt_len(m);
	if (q->vf_func != 0)
		emu_switch_rep_frame(emu, q->vf_func, m);
	else if (emu_rd32(f, SRIOVNIC_FUNC_CTRL) & SRIOVNIC_FCTRL_LOOPBACK)
		emu_switch_loopback(emu, f->id, m);
	else
		emu_switch_frame(emu, f->id, m);
}

/* One frame, or the part of a bad one that is there: false when there is
 * nothing to do until the driver posts more or mbufs are back.
 */
static bool
tx_one(struct emu *emu, struct emu_func *f, struct emu_queue *q)
{
	struct rte_mbuf *segs[TSO_MAX_SEGS];
	struct emu_tx_offload o;
	struct tx_frame fr;
	int nb, i;

	tx_scan(q, &fr);
	if (q->discard) {
		/* the rest of a frame with too many descriptors */
		q->discard = !fr.eop;
		tx_complete(q, fr.nb);
		return true;
	}
	if (fr.nb_data > EMU_TX_MAX_SEGS) {
		tx_error(f, q);
		q->discard = !fr.eop;
		tx_complete(q, fr.nb);
		return true;
	}
	if (!fr.eop)
		return false;
	if (!tx_check(f, &fr, &o)) {
		tx_error(f, q);
		nb = 0;
	} else if (fr.tso) {
		nb = tx_tso(emu, f, q, &fr, &o, segs);
	} else {
		nb = tx_plain(emu, f, q, &fr, &o, segs);
	}
	if (nb < 0)
		return false;
	/* the frame is copied: the driver may have its buffers back */
	tx_complete(q, fr.nb);
	for (i = 0; i < nb; i++)
		tx_send(emu, f, q, segs[i], &o);
	return true;
}

/* Starts loading what a burst reads, the descriptors from q->head and
 * the first line of each buffer, so that what a driver on another core
 * wrote comes in all at once rather than one miss after the other. The
 * addresses only serve the prefetch, within this function's memory.
 */
static void
tx_prefetch(struct emu_func *f, const struct emu_queue *q)
{
	const struct sriovnic_tx_desc *ring = q->ring;
	uint32_t nb = RTE_MIN((q->tail - q->head) & (q->len - 1),
			      (uint32_t)EMU_BURST);
	uint32_t i, idx;
	const uint8_t *buf;

	for (i = 0; i < nb; i++) {
		idx = (q->head + i) & (q->len - 1);
		if (i == 0 || idx % TXD_PER_LINE == 0)
			rte_prefetch0(&ring[idx]);
	}
	for (i = 0; i < nb; i++) {
		idx = (q->head + i) & (q->len - 1);
		buf = emu_dma_last(f, emu_desc_load(&ring[idx].buf_addr), 1);
		if (buf != NULL)
			rte_prefetch0(buf);
	}
}

bool
emu_tx_ready(struct emu_queue *q)
{
	/* stopped by a ring error since the list was made */
	if (q->ring == NULL || !emu_queue_doorbell(q->func, q))
		return false;
	tx_prefetch(q->func, q);
	return q->head != q->tail;
}

bool
emu_tx_frame(struct emu *emu, struct emu_queue *q)
{
	return q->head != q->tail && tx_one(emu, q->func, q);
}

void
emu_tx_done(struct emu_queue *q, uint32_t head)
{
	if (q->head != head)
		rte_write32(q->head, q->func->bar + q->regs + SRIOVNIC_Q_HEAD);
	emu_queue_count(q);
}

unsigned int
emu_tx_burst(struct emu *emu, struct emu_queue *q)
{
	uint32_t head = q->head;
	unsigned int nb = 0;

	if (!emu_tx_ready(q))
		return 0;
	while (nb < EMU_BURST && emu_tx_frame(emu, q))
		nb++;
	if (q->tm != NULL)
		sched_count(emu, q);
	emu_tx_done(q, head);
	return nb;
}

void
emu_tx_prefetch(struct emu *emu)
{
	const struct sriovnic_tx_desc *ring;
	struct emu_queue *q;
	unsigned int i;

	if (unlikely(emu->tx_stale))
		emu_queues_tx_on(emu);
	for (i = 0; i < emu->nb_tx_on; i++) {
		q = emu->tx_on[i];
		ring = q->ring;
		rte_prefetch0(q->func->bar + q->regs + SRIOVNIC_Q_TAIL);
		rte_prefetch0(&ring[q->head]);
	}
}

unsigned int
emu_tx_poll(struct emu *emu)
{
	unsigned int i, nb = 0;

	if (unlikely(!emu->sched.plain))
		return emu_sched_tx(emu);
	for (i = 0; i < emu->nb_tx_on; i++)
		nb += emu_tx_burst(emu, emu->tx_on[i]);
	return nb;
}
