/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive (datasheet 7.1, 7.2, 7.5): a frame the switch sends to a
 * function is written into the buffers of one of its rx queues, or of a
 * representor rx queue of the PF (6.5), and reported in write-back format.
 */

#include <string.h>

#include <rte_mbuf.h>
#include <rte_net_crc.h>

#include "emu.h"
#include "flow.h"
#include "iommu.h"
#include "pkt.h"
#include "queue.h"

/* Most buffers a frame can take: the largest frame in the smallest ones */
#define EMU_RX_MAX_BUFS \
	((SRIOVNIC_MAX_FRAME_LIMIT + SRIOVNIC_BUF_MIN - 1) / SRIOVNIC_BUF_MIN)
/* A removed tag sits behind the two MAC addresses */
#define EMU_RX_ADDRS_LEN	(2 * RTE_ETHER_ADDR_LEN)

/* The frame as one destination receives it */
struct rx_frame {
	const struct rte_mbuf *m;
	const struct emu_pkt *pkt;
	uint32_t len;		/* as written to the buffers */
	unsigned int untag;	/* tags of m removed, the outer ones */
	/* second half of the EOP descriptor, 32-byte queues only */
	struct sriovnic_rx_desc_hi hi;
	const uint8_t *lin;	/* or NULL: the frame with its FCS (KEEP_CRC) */
};

/* Staging for the parts of a frame that span mbuf segments or a removed
 * tag
 */
static uint8_t rx_bounce[SRIOVNIC_BUF_MAX];

/* Descriptors are written back, HEAD written and frames counted once per
 * poll rather than once per frame: a driver polling DD on another core
 * then takes a line of descriptors once, not once per descriptor, and
 * HEAD shares its cache line with the TAIL the driver writes. Until
 * emu_rx_flush(), the rx queues that received frames wait in rx_late, and
 * the write-backs of their descriptors in rx_wb, in the order they were
 * filled.
 */
static struct emu_queue *rx_late[SRIOVNIC_MAX_FUNCS * SRIOVNIC_MAX_QUEUES +
				 SRIOVNIC_MAX_VFS];
static unsigned int nb_rx_late;

#define EMU_RX_WB_MAX	256	/* written when full */

static struct {
	union sriovnic_rx_desc *d;
	union sriovnic_rx_desc wb;
	uint64_t hi;		/* 32-byte descriptors: qw0 of the second half */
	bool desc32;
} rx_wb[EMU_RX_WB_MAX];
static unsigned int nb_rx_wb;

/* qw0, then qw1 with DD in one store, so that a driver seeing DD sees
 * everything before it. The rings stay mapped until then: only the slow
 * path unmaps memory.
 */
static void
rx_wb_flush(void)
{
	unsigned int i;

	for (i = 0; i < nb_rx_wb; i++) {
		if (rx_wb[i].desc32)
			__atomic_store_n(&rx_wb[i].d[1].qw[0], rx_wb[i].hi,
					 __ATOMIC_RELAXED);
		__atomic_store_n(&rx_wb[i].d->qw[0], rx_wb[i].wb.qw[0],
				 __ATOMIC_RELAXED);
		__atomic_store_n(&rx_wb[i].d->qw[1], rx_wb[i].wb.qw[1],
				 __ATOMIC_RELEASE);
	}
	nb_rx_wb = 0;
}

void
emu_rx_flush(void)
{
	struct emu_queue *q;
	unsigned int i;

	/* HEAD moves past descriptors once they are written back */
	rx_wb_flush();
	for (i = 0; i < nb_rx_late; i++) {
		q = rx_late[i];
		q->head_late = false;
		emu_queue_count(q);
		/* not if a ring error stopped it meanwhile */
		if (q->ring != NULL)
			rte_write32(q->head, q->func->bar + q->regs +
				    SRIOVNIC_Q_HEAD);
	}
	nb_rx_late = 0;
}

static void
rx_copy(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint8_t *dst)
{
	const void *p = rte_pktmbuf_read(m, off, len, dst);

	if (p != dst)
		memcpy(dst, p, len);
}

/* Bytes [off, off + len) of the frame as received */
static const void *
rx_read(const struct rx_frame *fr, uint32_t off, uint32_t len)
{
	uint32_t tags = fr->untag * RTE_VLAN_HLEN, head;

	if (fr->lin != NULL)
		return fr->lin + off;
	if (!fr->untag)
		return rte_pktmbuf_read(fr->m, off, len, rx_bounce);
	if (off >= EMU_RX_ADDRS_LEN)
		return rte_pktmbuf_read(fr->m, off + tags, len, rx_bounce);
	/* the addresses, then what followed the tags */
	head = RTE_MIN(len, EMU_RX_ADDRS_LEN - off);
	rx_copy(fr->m, off, head, rx_bounce);
	rx_copy(fr->m, EMU_RX_ADDRS_LEN + tags, len - head, rx_bounce + head);
	return rx_bounce;
}

/* Counted at the next emu_rx_flush(), as q is on rx_late */
static void
rx_count(struct emu_queue *q, const struct rx_frame *fr)
{
	q->count.pkts++;
	q->count.bytes += fr->len;
	if (rte_is_broadcast_ether_addr(&fr->pkt->dst))
		q->count.bcast++;
	else if (rte_is_multicast_ether_addr(&fr->pkt->dst))
		q->count.mcast++;
}

static void
rx_missed(struct emu_func *f, const struct emu_queue *q)
{
	emu_fstat_add(f, SRIOVNIC_ST_RX_MISSED, SRIOVNIC_VFST_RX_MISSED, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_DROPS, 1);
}

/* Descriptor i of q's ring, the first half of a 32-byte one */
static union sriovnic_rx_desc *
rx_desc(const struct emu_queue *q, uint32_t i)
{
	union sriovnic_rx_desc *ring = q->ring;

	return &ring[(i & (q->len - 1)) << q->desc_shift];
}

/* Write-back of descriptor q->head + i, at the next rx_wb_flush(); hi is
 * the second half's qw0 on a 32-byte queue
 */
static void
rx_write_back(struct emu_queue *q, uint32_t i, const union sriovnic_rx_desc *wb,
	      uint64_t hi)
{
	if (nb_rx_wb == EMU_RX_WB_MAX)
		rx_wb_flush();
	rx_wb[nb_rx_wb].d = rx_desc(q, q->head + i);
	rx_wb[nb_rx_wb].wb = *wb;
	rx_wb[nb_rx_wb].hi = hi;
	rx_wb[nb_rx_wb].desc32 = q->desc_shift != 0;
	nb_rx_wb++;
}

/* Descriptors per cache line, and how far ahead of HEAD rx_ahead() loads
 * a queue's descriptors and buffers
 */
#define EMU_RX_DESC_PER_LINE	(RTE_CACHE_LINE_SIZE / \
				 sizeof(union sriovnic_rx_desc))
#define EMU_RX_AHEAD_DESC	(2 * EMU_RX_DESC_PER_LINE)
#define EMU_RX_AHEAD_BUF	EMU_RX_DESC_PER_LINE

/* Starts taking the cache lines the next frames into q will write, which
 * the driver wrote last, on its core: the descriptors two lines ahead of
 * HEAD and the buffer one line ahead, whose descriptor came in earlier.
 * The descriptor need not be the card's yet: its address only serves
 * the prefetch, within this function's memory.
 */
static void
rx_ahead(struct emu_func *f, const struct emu_queue *q)
{
	uint8_t *buf;

	rte_prefetch0_write(rx_desc(q, q->head + EMU_RX_AHEAD_DESC));
	buf = emu_dma_last(f, emu_desc_load(&rx_desc(q, q->head +
			   EMU_RX_AHEAD_BUF)->read.buf_addr), 1);
	if (buf != NULL)
		rte_prefetch0_write(buf);
}

/* The buffers [q->head, q->head + nb) take the frame, or, when the IOMMU
 * refuses one of them, are returned empty (pkt_len 0).
 */
static bool
rx_fill(struct emu_func *f, struct emu_queue *q, uint32_t nb,
	const struct rx_frame *fr, const union sriovnic_rx_desc *eop)
{
	union sriovnic_rx_desc wb = { .qw = { 0, 0 } };
	uint64_t addr[EMU_RX_MAX_BUFS], hi;
	uint32_t len = fr->len, i, off, chunk;
	bool fault = false;

	/* every buffer is checked before any is written */
	for (i = 0, off = 0; i < nb && !fault; i++, off += q->buf_len) {
		addr[i] = emu_desc_load(&rx_desc(q, q->head + i)->read.buf_addr);
		chunk = RTE_MIN(q->buf_len, len - off);
		fault = emu_dma_check(f, addr[i], chunk) < 0;
	}
	for (i = 0, off = 0; i < nb && !fault; i++, off += q->buf_len) {
		chunk = RTE_MIN(q->buf_len, len - off);
		emu_dma_write(f, addr[i], rx_read(fr, off, chunk), chunk);
	}
	/* in ring order, every descriptor after the data it covers */
	for (i = 0, off = 0; i < nb; i++, off += q->buf_len) {
		hi = 0;
		if (fault) {
			wb.wb.status = SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP;
		} else if (i == nb - 1) {
			wb = *eop;
			memcpy(&hi, &fr->hi, sizeof(hi));
		} else {
			wb.wb.status = SRIOVNIC_RXD_DD;
		}
		wb.wb.pkt_len = fault ? 0 : RTE_MIN(q->buf_len, len - off);
		rx_write_back(q, i, &wb, hi);
	}
	q->head = (q->head + nb) & (q->len - 1);
	if (!q->head_late) {
		q->head_late = true;
		rx_late[nb_rx_late++] = q;
	}
	rx_ahead(f, q);
	return !fault;
}

/* Packet type and checksum bits (datasheet 7.6) of the frame that pkt
 * describes, with tags 802.1Q tags left in front of L3
 */
static uint16_t
rx_offload_status(const struct emu_pkt *pkt, unsigned int tags)
{
	/* L3 is not parsed behind two tags */
	if (tags > 1)
		return SRIOVNIC_PTYPE_L2_VLAN << SRIOVNIC_RXD_PTYPE_SHIFT;
	return ((tags == 1 ? SRIOVNIC_PTYPE_L2_VLAN : SRIOVNIC_PTYPE_L2_ETHER) |
		pkt->ptype) << SRIOVNIC_RXD_PTYPE_SHIFT | pkt->csum;
}

/* The frame as f receives it, untagged as the switch says, and its EOP
 * write-back; false (counted) when it breaks f's length rules.
 */
static bool
rx_prepare(struct emu_func *f, struct rx_frame *fr, enum emu_untag untag,
	   union sriovnic_rx_desc *eop)
{
	/* the first tag f sees: a removed port tag is never reported, the
	 * outer of two stripped ones in the second half
	 */
	unsigned int tag = untag == EMU_UNTAG_PORT || untag == EMU_UNTAG_QINQ;
	uint32_t wire_len;

	fr->untag = untag == EMU_UNTAG_QINQ ? 2 : untag != EMU_UNTAG_NONE;
	if (untag == EMU_UNTAG_QINQ) {
		fr->hi.vlan_tci_outer = fr->pkt->tci[0];
		fr->hi.status_hi = SRIOVNIC_RXDH_L2TAG2;
	}
	fr->len = rte_pktmbuf_pkt_len(fr->m) - fr->untag * RTE_VLAN_HLEN;
	if (fr->len < RTE_ETHER_HDR_LEN) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return false;
	}
	/* MAX_FRAME counts the FCS and a tag, which an untagged frame does
	 * not get the room of (datasheet 7.9)
	 */
	wire_len = fr->len + SRIOVNIC_FCS_LEN +
		(fr->pkt->tags > fr->untag ? 0 : RTE_VLAN_HLEN);
	if (wire_len > emu_max_frame(f)) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		emu_stat_add(f, SRIOVNIC_ST_RX_OVERSIZE, 1);
		return false;
	}
	eop->wb.status = SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP |
		rx_offload_status(fr->pkt, fr->pkt->tags - fr->untag);
	if (fr->pkt->tags > tag) {
		eop->wb.vlan_tci = fr->pkt->tci[tag];
		eop->wb.status |= SRIOVNIC_RXD_L2TAG;
	}
	return true;
}

/* Descriptors the card owns in q, as far as it knows */
static uint32_t
rx_owned(const struct emu_queue *q)
{
	return (q->tail - q->head) & (q->len - 1);
}

/* fr as a queue with KEEP_CRC receives it: followed by its FCS (datasheet
 * 6.1), the CRC-32 of the frame as written, least significant byte first
 */
static void
rx_keep_crc(const struct rx_frame *fr, struct rx_frame *out)
{
	/* the length rules leave room for the FCS within the largest frame */
	static uint8_t frame[SRIOVNIC_MAX_FRAME_LIMIT];
	uint32_t fcs;

	memcpy(frame, rx_read(fr, 0, fr->len), fr->len);
	fcs = rte_cpu_to_le_32(rte_net_crc_calc(frame, fr->len,
						RTE_NET_CRC32_ETH));
	memcpy(frame + fr->len, &fcs, sizeof(fcs));
	*out = *fr;
	out->lin = frame;
	out->len = fr->len + SRIOVNIC_FCS_LEN;
}

/* The whole frame into q, or nothing */
static void
rx_queue(struct emu_func *f, struct emu_queue *q, const struct rx_frame *fr,
	 const union sriovnic_rx_desc *eop)
{
	struct rx_frame with_fcs;
	uint32_t nb;

	if (q->ring == NULL) {
		rx_missed(f, q);
		return;
	}
	if (q->keep_crc) {
		rx_keep_crc(fr, &with_fcs);
		fr = &with_fcs;
	}
	nb = (fr->len + q->buf_len - 1) / q->buf_len;
	if (nb > 1 && !q->scatter) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	/* the doorbell only when the descriptors known to be ours run out:
	 * reading it costs the cache line the driver last wrote
	 */
	if (rx_owned(q) < nb &&
	    (!emu_queue_doorbell(f, q) || rx_owned(q) < nb)) {
		rx_missed(f, q);
		return;
	}
	if (rx_fill(f, q, nb, fr, eop))
		rx_count(q, fr);
}

/* The ingress table's decision (datasheet 13.7) on the queue and the EOP
 * write-back: the queue, or -1 to leave it to RSS
 */
static int
rx_flow_apply(const struct emu_flow_res *res, union sriovnic_rx_desc *eop)
{
	if (res->status_ext & SRIOVNIC_RXDX_MARK) {
		eop->wb.mark_lo = res->mark;
		eop->wb.mark_hi = res->mark >> 16;
	}
	eop->wb.status_ext = res->status_ext;
	if (res->fate != SRIOVNIC_FATE_QUEUE && res->fate != SRIOVNIC_FATE_RSS)
		return -1;
	if (res->hashed) {
		eop->wb.rss_hash = res->hash;
		eop->wb.status |= SRIOVNIC_RXD_RSS;
	}
	return res->queue;
}

void
emu_rx_deliver(struct emu_func *f, uint8_t in_port, const struct rte_mbuf *m,
	       const struct emu_pkt *pkt, enum emu_untag untag)
{
	union sriovnic_rx_desc eop = { .qw = { 0, 0 } };
	struct rx_frame fr = { .m = m, .pkt = pkt };
	bool flow = emu_flow_on(f->emu, f->id);
	struct emu_flow_res res;
	int flow_q = -1;
	unsigned int qi;

	/* its counters are state that moves with it (datasheet 17.1) */
	if (unlikely(f->suspended)) {
		emu_vfst_add(f, SRIOVNIC_VFST_RX_MISSED, 1);
		return;
	}
	if (unlikely(flow)) {
		emu_flow_ingress(f->emu, f, in_port, m, pkt,
				 untag == EMU_UNTAG_PORT, &res);
		if (res.fate == SRIOVNIC_FATE_DROP) {
			emu_stat_add(f, SRIOVNIC_ST_RX_FLOW_DROPS, 1);
			return;
		}
	}
	if (!rx_prepare(f, &fr, untag, &eop))
		return;
	if (unlikely(flow))
		flow_q = rx_flow_apply(&res, &eop);
	qi = flow_q >= 0 ? (unsigned int)flow_q :
		emu_rss_queue(f, m, pkt, fr.untag, &eop.wb.rss_hash,
			      &eop.wb.status);
	if (qi >= SRIOVNIC_MAX_QUEUES) {
		/* a RETA entry naming no queue */
		emu_fstat_add(f, SRIOVNIC_ST_RX_MISSED,
			      SRIOVNIC_VFST_RX_MISSED, 1);
		return;
	}
	rx_queue(f, &f->rxq[qi], &fr, &eop);
}

/* A VF's slow path frame to its representor queue q of the PF (datasheet
 * 6.5): as the wire would get it, without RSS.
 */
void
emu_rx_rep(struct emu_func *pf, struct emu_queue *q, const struct rte_mbuf *m,
	   const struct emu_pkt *pkt)
{
	union sriovnic_rx_desc eop = { .qw = { 0, 0 } };
	struct rx_frame fr = { .m = m, .pkt = pkt };

	if (rx_prepare(pf, &fr, EMU_UNTAG_NONE, &eop))
		rx_queue(pf, q, &fr, &eop);
}
