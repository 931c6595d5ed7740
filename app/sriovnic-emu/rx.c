/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive (datasheet 7.1, 7.2, 7.5): a frame the switch sends to a
 * function is written into the buffers of one of its rx queues, or of a
 * representor rx queue of the PF (6.5), and reported in write-back format.
 */

#include <string.h>

#include <rte_mbuf.h>

#include "emu.h"

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
	bool untag;		/* without the outer tag of m */
};

/* Staging for the parts of a frame that span mbuf segments or a removed
 * tag
 */
static uint8_t rx_bounce[SRIOVNIC_BUF_MAX];

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
	uint32_t head;

	if (!fr->untag)
		return rte_pktmbuf_read(fr->m, off, len, rx_bounce);
	if (off >= EMU_RX_ADDRS_LEN)
		return rte_pktmbuf_read(fr->m, off + RTE_VLAN_HLEN, len,
					rx_bounce);
	/* the addresses, then what followed the tag */
	head = RTE_MIN(len, EMU_RX_ADDRS_LEN - off);
	rx_copy(fr->m, off, head, rx_bounce);
	rx_copy(fr->m, EMU_RX_ADDRS_LEN + RTE_VLAN_HLEN, len - head,
		rx_bounce + head);
	return rx_bounce;
}

static void
rx_count(struct emu_func *f, const struct emu_queue *q,
	 const struct rx_frame *fr)
{
	emu_fstat_add(f, SRIOVNIC_ST_RX_PKTS, SRIOVNIC_VFST_RX_PKTS, 1);
	emu_fstat_add(f, SRIOVNIC_ST_RX_BYTES, SRIOVNIC_VFST_RX_BYTES,
		      fr->len);
	emu_qstat_add(f, q, SRIOVNIC_STQ_PKTS, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_BYTES, fr->len);
	if (rte_is_broadcast_ether_addr(&fr->pkt->dst))
		emu_stat_add(f, SRIOVNIC_ST_RX_BCAST, 1);
	else if (rte_is_multicast_ether_addr(&fr->pkt->dst))
		emu_stat_add(f, SRIOVNIC_ST_RX_MCAST, 1);
}

static void
rx_missed(struct emu_func *f, const struct emu_queue *q)
{
	emu_fstat_add(f, SRIOVNIC_ST_RX_MISSED, SRIOVNIC_VFST_RX_MISSED, 1);
	emu_qstat_add(f, q, SRIOVNIC_STQ_DROPS, 1);
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
	const struct rx_frame *fr, const union sriovnic_rx_desc *eop)
{
	const union sriovnic_rx_desc *ring = q->ring;
	union sriovnic_rx_desc wb = { .qw = { 0, 0 } };
	uint64_t addr[EMU_RX_MAX_BUFS];
	uint32_t len = fr->len, i, off, chunk;
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
		emu_dma_write(f, addr[i], rx_read(fr, off, chunk), chunk);
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
	/* the first tag f sees: a removed port tag is never reported */
	unsigned int tag = untag == EMU_UNTAG_PORT;

	fr->untag = untag != EMU_UNTAG_NONE;
	fr->len = rte_pktmbuf_pkt_len(fr->m) - (fr->untag ? RTE_VLAN_HLEN : 0);
	if (fr->len < RTE_ETHER_HDR_LEN || fr->len > emu_max_frame(f)) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
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

/* The whole frame into q, or nothing */
static void
rx_queue(struct emu_func *f, struct emu_queue *q, const struct rx_frame *fr,
	 const union sriovnic_rx_desc *eop)
{
	uint32_t nb;

	if (q->ring == NULL || !emu_queue_doorbell(f, q)) {
		rx_missed(f, q);
		return;
	}
	nb = (fr->len + q->buf_len - 1) / q->buf_len;
	if (nb > 1 && !q->scatter) {
		emu_stat_add(f, SRIOVNIC_ST_RX_ERRORS, 1);
		return;
	}
	if (((q->tail - q->head) & (q->len - 1)) < nb) {
		rx_missed(f, q);
		return;
	}
	if (rx_fill(f, q, nb, fr, eop))
		rx_count(f, q, fr);
}

void
emu_rx_deliver(struct emu_func *f, const struct rte_mbuf *m,
	       const struct emu_pkt *pkt, enum emu_untag untag)
{
	union sriovnic_rx_desc eop = { .qw = { 0, 0 } };
	struct rx_frame fr = { .m = m, .pkt = pkt };
	unsigned int qi;

	if (!rx_prepare(f, &fr, untag, &eop))
		return;
	qi = emu_rss_queue(f, pkt, fr.untag, &eop.wb.rss_hash,
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
