/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The scalar rx/tx bursts and the other fast-path functions against the
 * fake card (test/fake_card.h), which plays the datasheet's rules: the card
 * owns descriptors from its head up to the tail register, writes rx
 * descriptors back with DD last, and completes tx descriptors that carry RS
 * with DTYPE = DONE. Revision 1.2: checksum flags and packet types from the
 * rx status, the tx checksum fields and the TSO context descriptor,
 * tx_prepare, queue count and descriptor status, offloads by CAPS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_rxtx.h"
#include "fake_card.h"
#include "test_eal.h"
#include "test_check.h"

#define NB_MBUF 8192
#define PORT 3

static struct rte_mempool *mp;
static struct fake_ring card;

static bool
frame_ok(struct rte_mbuf *m, uint16_t len, uint8_t seed)
{
	uint16_t i = 0;

	if (m->pkt_len != len || m->port != PORT)
		return false;
	for (; m != NULL; m = m->next) {
		const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
		uint16_t j;

		for (j = 0; j < m->data_len; j++, i++)
			if (p[j] != (uint8_t)(seed + i))
				return false;
	}
	return i == len;
}

/* The card receives a frame of len bytes, filled from seed */
static bool
card_rx(struct sriovnic_rx_queue *rxq, uint16_t len, uint8_t seed,
	uint16_t status, uint32_t hash)
{
	const struct fake_frame f = {
		.len = len, .status = status, .rss_hash = hash, .seed = seed,
	};

	if (len > rxq->buf_len && !rxq->scatter)
		return false;
	return fake_card_rx(&card, rxq->ring, rxq->buf_len, &f, true);
}

static void
test_rx_single(void)
{
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 512, 2048, 0,
						     PORT);
	struct rte_mbuf *pkts[32];
	unsigned int sent = 0, got = 0, bad = 0;
	unsigned int avail = rte_mempool_avail_count(mp) + 512;
	uint16_t n, i;

	CHECK(sriovnic_recv_pkts(rxq, pkts, 32) == 0);
	/* 5000 frames through a 512 ring: descriptors must be recycled */
	while (got < 5000) {
		while (sent < 5000 &&
		       card_rx(rxq, 60 + sent % 1400, sent, SRIOVNIC_RXD_RSS,
			       sent * 7))
			sent++;
		n = sriovnic_recv_pkts(rxq, pkts, 32);
		for (i = 0; i < n; i++, got++) {
			if (!frame_ok(pkts[i], 60 + got % 1400, got) ||
			    pkts[i]->hash.rss != got * 7 ||
			    pkts[i]->ol_flags != RTE_MBUF_F_RX_RSS_HASH ||
			    pkts[i]->packet_type != RTE_PTYPE_UNKNOWN ||
			    pkts[i]->nb_segs != 1)
				bad++;
			rte_pktmbuf_free(pkts[i]);
		}
		if (n == 0 && sent == got)
			break;
	}
	CHECK(got == 5000 && bad == 0);
	/* the card never owns the driver's slot: tail trails the driver */
	CHECK(((rxq->rx_tail - 1 - card.tail) & 511) <=
	      (uint32_t)rxq->free_thresh + 1);
	fake_rxq_free(rxq);
	CHECK(rte_mempool_avail_count(mp) == avail);
}

/* Flow marks (7.2, B.7): MARK gives FDIR | FDIR_ID with the mark in
 * hash.fdir.hi next to the RSS hash, FLAG gives FDIR alone
 */
static void
test_rx_mark(void)
{
	static const struct fake_frame frames[] = {
		{ .len = 64, .status = SRIOVNIC_RXD_RSS, .rss_hash = 0xabcd,
		  .status_ext = SRIOVNIC_RXDX_MARK, .mark = 0x12345678 },
		{ .len = 64, .status_ext = SRIOVNIC_RXDX_FLAG },
		{ .len = 64, .status_ext = SRIOVNIC_RXDX_MARK |
		  SRIOVNIC_RXDX_FLAG, .mark = 7 },
		{ .len = 64 },
	};
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 64, 2048, 0,
						     PORT);
	struct rte_mbuf *pkts[8];
	unsigned int i;

	for (i = 0; i < RTE_DIM(frames); i++)
		CHECK(fake_card_rx(&card, rxq->ring, rxq->buf_len, &frames[i],
				   true));
	CHECK(sriovnic_recv_pkts(rxq, pkts, 8) == RTE_DIM(frames));
	CHECK(pkts[0]->ol_flags == (RTE_MBUF_F_RX_RSS_HASH |
				    RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID));
	CHECK(pkts[0]->hash.rss == 0xabcd &&
	      pkts[0]->hash.fdir.hi == 0x12345678);
	CHECK(pkts[1]->ol_flags == RTE_MBUF_F_RX_FDIR);
	CHECK(pkts[2]->ol_flags == (RTE_MBUF_F_RX_FDIR |
				    RTE_MBUF_F_RX_FDIR_ID) &&
	      pkts[2]->hash.fdir.hi == 7);
	CHECK(pkts[3]->ol_flags == 0);
	for (i = 0; i < RTE_DIM(frames); i++)
		rte_pktmbuf_free(pkts[i]);
	fake_rxq_free(rxq);
}

static void
test_rx_scatter(void)
{
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 64, 256,
		RTE_ETH_RX_OFFLOAD_SCATTER | SRIOVNIC_RX_CKSUM_OFFLOADS, PORT);
	const uint16_t status = SRIOVNIC_RXD_L3CS |
		SRIOVNIC_PTYPE_L2_ETHER << SRIOVNIC_RXD_PTYPE_SHIFT;
	struct rte_mbuf *pkts[4];

	CHECK(card_rx(rxq, 700, 9, status, 1));		/* 256 + 256 + 188 */
	CHECK(card_rx(rxq, 256, 1, 0, 2));
	CHECK(sriovnic_recv_pkts(rxq, pkts, 4) == 2);
	CHECK(frame_ok(pkts[0], 700, 9) && pkts[0]->nb_segs == 3);
	CHECK(pkts[0]->data_len == 256 && pkts[0]->next->next->data_len == 188);
	/* what the frame's last descriptor reports */
	CHECK(pkts[0]->ol_flags == RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	CHECK(pkts[0]->packet_type == RTE_PTYPE_L2_ETHER);
	CHECK(frame_ok(pkts[1], 256, 1) && pkts[1]->nb_segs == 1);
	rte_pktmbuf_free(pkts[0]);
	rte_pktmbuf_free(pkts[1]);
	/* half a frame is held back until its EOP arrives */
	card_rx(rxq, 600, 3, 0, 3);
	rxq->ring[(card.head - 1) & 63].qw[1] = 0;	/* EOP not written yet */
	CHECK(sriovnic_recv_pkts(rxq, pkts, 4) == 0);
	CHECK(rxq->pkt_first != NULL && rxq->pkt_first->nb_segs == 2);
	fake_rxq_free(rxq);
}

/* ol_flags of one frame with these status bits, on a queue with offloads */
static uint64_t
rx_flags(uint64_t offloads, uint16_t status)
{
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 32, 2048,
						     offloads, PORT);
	struct rte_mbuf *m;
	uint64_t flags = UINT64_MAX;

	if (card_rx(rxq, 64, 0, status, 0) &&
	    sriovnic_recv_pkts(rxq, &m, 1) == 1) {
		flags = m->ol_flags;
		rte_pktmbuf_free(m);
	}
	fake_rxq_free(rxq);
	return flags;
}

static void
test_rx_csum_flags(void)
{
	const uint64_t all = SRIOVNIC_RX_CKSUM_OFFLOADS;
	unsigned int i;

	/* every combination of L3CS, L4CS, IPE, L4E (datasheet 7.6.2) */
	for (i = 0; i < 16; i++) {
		uint16_t st = i << 4;
		uint64_t ip = !(st & SRIOVNIC_RXD_L3CS) ?
			RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN :
			(st & SRIOVNIC_RXD_IPE) ? RTE_MBUF_F_RX_IP_CKSUM_BAD :
			RTE_MBUF_F_RX_IP_CKSUM_GOOD;
		uint64_t l4 = !(st & SRIOVNIC_RXD_L4CS) ?
			RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN :
			(st & SRIOVNIC_RXD_L4E) ? RTE_MBUF_F_RX_L4_CKSUM_BAD :
			RTE_MBUF_F_RX_L4_CKSUM_GOOD;

		CHECK(rx_flags(all, st) == (ip | l4));
		CHECK(rx_flags(all, st | SRIOVNIC_RXD_RSS | SRIOVNIC_RXD_L2TAG) ==
		      (ip | l4 | RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_VLAN));
		/* without the offload the card's verdict is not passed on */
		CHECK(rx_flags(0, st) == 0);
		CHECK(rx_flags(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, st) == ip);
		CHECK(rx_flags(RTE_ETH_RX_OFFLOAD_TCP_CKSUM, st) == l4);
	}
	CHECK(rx_flags(RTE_ETH_RX_OFFLOAD_VLAN_STRIP, SRIOVNIC_RXD_L2TAG) ==
	      (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED));
}

static uint32_t
ptype_of(unsigned int l2, unsigned int l3, unsigned int l4)
{
	return l2 | l3 << SRIOVNIC_PTYPE_L3_SHIFT | l4 << SRIOVNIC_PTYPE_L4_SHIFT;
}

static bool
ptype_supported(const uint32_t *list, uint32_t ptype)
{
	for (; *list != RTE_PTYPE_UNKNOWN; list++)
		if (*list == ptype)
			return true;
	return ptype == RTE_PTYPE_UNKNOWN;
}

static void
test_rx_ptype(void)
{
	static const struct {
		uint8_t ptype;
		uint32_t want;
	} cases[] = {
		{ SRIOVNIC_PTYPE_L2_ETHER, RTE_PTYPE_L2_ETHER },
		{ SRIOVNIC_PTYPE_L2_VLAN, RTE_PTYPE_L2_ETHER_VLAN },
		{ 0, RTE_PTYPE_UNKNOWN },
		{ 3, RTE_PTYPE_UNKNOWN },	/* reserved L2 */
	};
	static const uint32_t l3[8] = {
		0, RTE_PTYPE_L3_IPV4, RTE_PTYPE_L3_IPV4_EXT, RTE_PTYPE_L3_IPV6,
		RTE_PTYPE_L3_IPV6_EXT,
	};
	static const uint32_t l4[8] = {
		0, RTE_PTYPE_L4_TCP, RTE_PTYPE_L4_UDP, RTE_PTYPE_L4_SCTP,
		RTE_PTYPE_L4_ICMP, RTE_PTYPE_L4_FRAG,
	};
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 512, 2048, 0,
						     PORT);
	static struct sriovnic_hw hw = { .caps = SRIOVNIC_CAP_PTYPE };
	static struct sriovnic_adapter ad = { .hw = &hw };
	static struct rte_eth_dev_data data = { .dev_private = &ad };
	struct rte_eth_dev dev = { .data = &data };
	const uint32_t *list = sriovnic_dev_supported_ptypes_get(&dev);
	unsigned int c, i, j, bad = 0, unsupported = 0;
	struct rte_mbuf *m;

	CHECK(list != NULL);
	/* the datasheet's values, each field in every neighbour (7.6.1) */
	for (c = 0; c < RTE_DIM(cases) && list != NULL; c++) {
		for (i = 0; i < 8; i++) {
			for (j = 0; j < 8; j++) {
				uint32_t want = cases[c].want | l3[i] | l4[j];

				CHECK(card_rx(rxq, 64, 0, ptype_of(cases[c].ptype, i, j) <<
					      SRIOVNIC_RXD_PTYPE_SHIFT, 0));
				if (sriovnic_recv_pkts(rxq, &m, 1) != 1) {
					bad++;
					continue;
				}
				bad += m->packet_type != want || m->ol_flags != 0;
				unsupported +=
					!ptype_supported(list, want & RTE_PTYPE_L2_MASK) ||
					!ptype_supported(list, want & RTE_PTYPE_L3_MASK) ||
					!ptype_supported(list, want & RTE_PTYPE_L4_MASK);
				rte_pktmbuf_free(m);
			}
		}
	}
	CHECK(bad == 0 && unsupported == 0);
	fake_rxq_free(rxq);
	/* a card without CAP_PTYPE writes no packet type */
	hw.caps = SRIOVNIC_CAP_MBX | SRIOVNIC_CAP_CSUM;
	CHECK(sriovnic_dev_supported_ptypes_get(&dev) == NULL);
}

/* Offloads as advertised, by the CAPS bits of revision 1.2 */
static void
test_offload_capa(void)
{
	struct sriovnic_hw hw = { .caps = SRIOVNIC_CAP_MBX | SRIOVNIC_CAP_RSS };
	const uint64_t tx_base = RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
		RTE_ETH_TX_OFFLOAD_VLAN_INSERT |
		RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;

	CHECK(!(sriovnic_rx_offload_capa(&hw) & SRIOVNIC_RX_CKSUM_OFFLOADS));
	CHECK(sriovnic_tx_offload_capa(&hw) == tx_base);
	hw.caps |= SRIOVNIC_CAP_CSUM;
	CHECK((sriovnic_rx_offload_capa(&hw) & SRIOVNIC_RX_CKSUM_OFFLOADS) ==
	      SRIOVNIC_RX_CKSUM_OFFLOADS);
	CHECK(sriovnic_tx_offload_capa(&hw) ==
	      (tx_base | SRIOVNIC_TX_CKSUM_OFFLOADS));
	hw.caps = SRIOVNIC_CAP_TSO;
	CHECK(sriovnic_tx_offload_capa(&hw) ==
	      (tx_base | RTE_ETH_TX_OFFLOAD_TCP_TSO));
	CHECK(!(sriovnic_rx_offload_capa(&hw) & RTE_ETH_RX_OFFLOAD_QINQ_STRIP));
	hw.caps = SRIOVNIC_CAP_QINQ;
	CHECK(sriovnic_tx_offload_capa(&hw) ==
	      (tx_base | RTE_ETH_TX_OFFLOAD_QINQ_INSERT));
	CHECK((sriovnic_rx_offload_capa(&hw) &
	       (RTE_ETH_RX_OFFLOAD_QINQ_STRIP | RTE_ETH_RX_OFFLOAD_VLAN_EXTEND)) ==
	      (RTE_ETH_RX_OFFLOAD_QINQ_STRIP | RTE_ETH_RX_OFFLOAD_VLAN_EXTEND));
}

/* QINQ_STRIP: 32-byte descriptors, posted and re-armed in their first
 * half; the second half's outer TCI with L2TAG2 makes a QinQ-stripped
 * frame (7.2.1), a frame without it keeps its single tag's flags
 */
static void
test_rx_qinq(void)
{
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 64, 2048,
			RTE_ETH_RX_OFFLOAD_QINQ_STRIP, PORT);
	volatile union sriovnic_rx_desc *ring;
	struct sriovnic_rx_desc_hi hi = {
		.vlan_tci_outer = 100, .status_hi = SRIOVNIC_RXDH_L2TAG2,
	};
	union sriovnic_rx_desc wb = { .qw = { 0, 0 } };
	struct rte_mbuf *pkts[4];
	uint64_t hi_qw0;
	unsigned int i;

	CHECK(rxq != NULL && rxq->desc_shift == 1);
	ring = rxq->ring;
	for (i = 0; i < 2; i++)
		CHECK(ring[2 * i].read.buf_addr != 0 && ring[2 * i + 1].qw[0] == 0);
	memcpy(&hi_qw0, &hi, sizeof(hi_qw0));
	/* descriptor 0: two stripped tags; descriptor 1: one tag */
	ring[1].qw[0] = hi_qw0;
	wb.wb.status = SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP | SRIOVNIC_RXD_L2TAG;
	wb.wb.vlan_tci = 10;
	wb.wb.pkt_len = 64;
	ring[0].qw[0] = wb.qw[0];
	ring[0].qw[1] = wb.qw[1];
	wb.wb.vlan_tci = 5;
	ring[2].qw[0] = wb.qw[0];
	ring[2].qw[1] = wb.qw[1];
	CHECK(sriovnic_recv_pkts(rxq, pkts, 4) == 2);
	CHECK(pkts[0]->ol_flags == (RTE_MBUF_F_RX_VLAN |
				    RTE_MBUF_F_RX_VLAN_STRIPPED |
				    RTE_MBUF_F_RX_QINQ |
				    RTE_MBUF_F_RX_QINQ_STRIPPED));
	CHECK(pkts[0]->vlan_tci == 10 && pkts[0]->vlan_tci_outer == 100);
	CHECK(pkts[1]->ol_flags == RTE_MBUF_F_RX_VLAN && pkts[1]->vlan_tci == 5);
	/* re-armed in the first half, DD clear */
	CHECK(ring[0].read.buf_addr != 0 && ring[0].read.rsvd == 0);
	CHECK(sriovnic_rx_queue_count(rxq) == 0);
	for (i = 0; i < 2; i++)
		rte_pktmbuf_free(pkts[i]);
	fake_rxq_free(rxq);
}

/* A frame of segs segments of seg_len bytes of 0xab */
static struct rte_mbuf *
frame_new(uint16_t segs, uint16_t seg_len)
{
	struct rte_mbuf *head = NULL;
	uint16_t i;

	for (i = 0; i < segs; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);

		memset(rte_pktmbuf_append(m, seg_len), 0xab, seg_len);
		if (head == NULL)
			head = m;
		else
			CHECK(rte_pktmbuf_chain(head, m) == 0);
	}
	return head;
}

/* The card consumes what it owns; returns frames, checks each data
 * descriptor's buffer and that RS is on every 32nd slot
 */
static unsigned int
card_tx(struct sriovnic_tx_queue *txq, unsigned int *bad)
{
	unsigned int frames = 0;

	while (fake_owned(&card) > 0) {
		volatile struct sriovnic_tx_desc *d = &txq->ring[card.head];
		uint64_t cmd = d->cmd;

		if ((cmd & SRIOVNIC_TXD_DTYPE_MASK) == SRIOVNIC_TXD_DTYPE_DATA) {
			const uint8_t *buf = rte_mem_iova2virt(d->buf_addr);

			if (buf == NULL || buf[0] != 0xab)
				(*bad)++;
		}
		if (!!(cmd & SRIOVNIC_TXD_RS) != ((card.head & 31) == 31))
			(*bad)++;
		fake_card_tx(&card, txq->ring, 1, &frames);
	}
	return frames;
}

static void
test_tx(void)
{
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 512, 32, 0, PORT);
	unsigned int avail = rte_mempool_avail_count(mp);
	unsigned int sent = 0, done = 0, bad = 0, i, rounds;
	struct rte_mbuf *pkts[32];
	uint16_t n;

	/* bounded: a ring that stops completing must fail, not hang */
	for (rounds = 0; sent < 10000 && rounds < 10000; rounds++) {
		for (i = 0; i < 32; i++)
			pkts[i] = frame_new(1 + (sent + i) % 3, 100);
		n = sriovnic_xmit_pkts(txq, pkts, 32);
		for (i = n; i < 32; i++)
			rte_pktmbuf_free(pkts[i]);
		sent += n;
		done += card_tx(txq, &bad);
	}
	CHECK(sent >= 10000 && done == sent && bad == 0 && card.errors == 0);
	fake_txq_free(txq);
	CHECK(rte_mempool_avail_count(mp) == avail);
}

static void
test_tx_ring_full_and_bad(void)
{
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 32, 0, PORT);
	struct rte_mbuf *pkts[80];
	unsigned int bad = 0, i;
	uint16_t n;

	/* nothing completes: the driver stops at 63 descriptors, never wraps */
	for (i = 0; i < 80; i++)
		pkts[i] = frame_new(1, 64);
	n = sriovnic_xmit_pkts(txq, pkts, 80);
	CHECK(n == 63);
	CHECK(card.tail == 63);
	for (i = n; i < 80; i++)
		rte_pktmbuf_free(pkts[i]);
	/* once the card completes, room comes back */
	CHECK(card_tx(txq, &bad) == 63 && bad == 0);
	pkts[0] = frame_new(SRIOVNIC_TX_MAX_SEG + 1, 10);	/* card refuses */
	pkts[1] = frame_new(2, 64);
	CHECK(sriovnic_xmit_pkts(txq, pkts, 2) == 2);
	CHECK(txq->dropped == 1);
	CHECK(card_tx(txq, &bad) == 1 && card.errors == 0);
	fake_txq_free(txq);
}

static uint64_t
txd_field(uint64_t cmd, unsigned int shift, unsigned int bits)
{
	return (cmd >> shift) & RTE_LEN2MASK(bits, uint64_t);
}

/* Checksum insertion: the fields of the first data descriptor (7.3, 7.7) */
static void
test_tx_csum(void)
{
	static const struct {
		uint64_t ol;
		uint64_t l4t;
	} cases[] = {
		{ RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM, 0 },
		{ RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		  RTE_MBUF_F_TX_TCP_CKSUM, 1 },
		{ RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM, 2 },
		{ RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_SCTP_CKSUM, 3 },
	};
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 32,
		SRIOVNIC_TX_CKSUM_OFFLOADS, PORT);
	unsigned int c, frames = 0;

	for (c = 0; c < RTE_DIM(cases); c++) {
		struct rte_mbuf *m = frame_new(2, 100);
		uint16_t first = txq->tx_tail;
		uint64_t cmd0, cmd1;

		m->ol_flags = cases[c].ol | RTE_MBUF_F_TX_VLAN;
		m->vlan_tci = 0x123;
		m->l2_len = 18;
		m->l3_len = (cases[c].ol & RTE_MBUF_F_TX_IPV6) ? 48 : 24;
		CHECK(sriovnic_prep_pkts(txq, &m, 1) == 1);
		CHECK(sriovnic_xmit_pkts(txq, &m, 1) == 1);
		cmd0 = txq->ring[first].cmd;
		cmd1 = txq->ring[first + 1].cmd;
		CHECK(txq->tx_tail == first + 2);
		CHECK(!!(cmd0 & SRIOVNIC_TXD_IIPCSUM) ==
		      !!(cases[c].ol & RTE_MBUF_F_TX_IP_CKSUM));
		CHECK(txd_field(cmd0, SRIOVNIC_TXD_L4T_SHIFT, 2) == cases[c].l4t);
		CHECK(txd_field(cmd0, SRIOVNIC_TXD_MACLEN_SHIFT, 7) == 18);
		CHECK(txd_field(cmd0, SRIOVNIC_TXD_IPLEN_SHIFT, 9) == m->l3_len);
		CHECK((cmd0 & SRIOVNIC_TXD_IL2TAG) &&
		      txd_field(cmd0, SRIOVNIC_TXD_VLAN_SHIFT, 16) == 0x123);
		CHECK(!(cmd0 & SRIOVNIC_TXD_EOP));
		/* the next one: data, length and EOP, no offload field */
		CHECK(cmd1 == (SRIOVNIC_TXD_DTYPE_DATA | SRIOVNIC_TXD_EOP |
			       100ull << SRIOVNIC_TXD_LEN_SHIFT));
	}
	fake_card_tx(&card, txq->ring, 64, &frames);
	CHECK(frames == RTE_DIM(cases) && card.errors == 0);
	fake_txq_free(txq);

	/* a queue without the offloads leaves the fields out */
	txq = fake_txq_new(&card, 64, 32, 0, PORT);
	for (c = 0; c < RTE_DIM(cases); c++) {
		struct rte_mbuf *m = frame_new(1, 100);

		m->ol_flags = cases[c].ol;
		m->l2_len = 14;
		m->l3_len = 20;
		CHECK(sriovnic_xmit_pkts(txq, &m, 1) == 1);
		CHECK(txq->ring[c].cmd == (SRIOVNIC_TXD_DTYPE_DATA |
			SRIOVNIC_TXD_EOP | 100ull << SRIOVNIC_TXD_LEN_SHIFT));
	}
	fake_txq_free(txq);
}

/* A TCP frame for TSO: payload bytes behind 14 + 20 + 32 header bytes */
static struct rte_mbuf *
tso_frame(uint16_t segs, uint16_t seg_len, uint16_t mss)
{
	struct rte_mbuf *m = frame_new(segs, seg_len);

	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_SEG;
	m->l2_len = 14;
	m->l3_len = 20;
	m->l4_len = 32;
	m->tso_segsz = mss;
	return m;
}

/* TSO: the context descriptor and its slot (7.8) */
/* QINQ_INSERT: a context descriptor without TSO (MSS, L4LEN 0) carries
 * the outer tag with IL2TAG2, the data descriptor the inner one (7.8);
 * a queue without the offload sends neither the context nor the outer tag
 */
static void
test_tx_qinq(void)
{
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 32,
			RTE_ETH_TX_OFFLOAD_QINQ_INSERT, PORT);
	struct rte_mbuf *m = frame_new(1, 100);
	unsigned int bad = 0;
	uint64_t cmd;

	m->ol_flags = RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_TX_QINQ;
	m->vlan_tci = 20;
	m->vlan_tci_outer = 30;
	CHECK(sriovnic_prep_pkts(txq, &m, 1) == 1);
	CHECK(sriovnic_xmit_pkts(txq, &m, 1) == 1);
	CHECK(txq->tx_tail == 2 && txq->sw_ring[0] == NULL);
	CHECK(txq->ring[0].buf_addr == 30ull << SRIOVNIC_TXC_VLAN2_SHIFT);
	CHECK(txq->ring[0].cmd == (SRIOVNIC_TXD_DTYPE_CTX |
				   SRIOVNIC_TXC_IL2TAG2));
	cmd = txq->ring[1].cmd;
	CHECK((cmd & SRIOVNIC_TXD_IL2TAG) && (cmd & SRIOVNIC_TXD_EOP) &&
	      txd_field(cmd, SRIOVNIC_TXD_VLAN_SHIFT, 16) == 20);
	CHECK(card_tx(txq, &bad) == 1 && bad == 0 && card.errors == 0);
	fake_txq_free(txq);

	txq = fake_txq_new(&card, 64, 32, 0, PORT);
	m = frame_new(1, 100);
	m->ol_flags = RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_TX_QINQ;
	m->vlan_tci = 20;
	CHECK(sriovnic_prep_pkts(txq, &m, 1) == 0 && rte_errno == ENOTSUP);
	CHECK(sriovnic_xmit_pkts(txq, &m, 1) == 1);
	CHECK(txq->tx_tail == 1 && (txq->ring[0].cmd & SRIOVNIC_TXD_IL2TAG));
	CHECK(card_tx(txq, &bad) == 1 && bad == 0 && card.errors == 0);
	fake_txq_free(txq);
}

static void
test_tx_tso(void)
{
	unsigned int avail = rte_mempool_avail_count(mp);
	unsigned int frames = 0, bad = 0, i, k, sent = 0;
	uint64_t offloads[] = {
		RTE_ETH_TX_OFFLOAD_TCP_TSO,
		RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE,
	};
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 32, offloads[0],
						     PORT);
	struct rte_mbuf *m = tso_frame(3, 1000, 800);
	uint16_t free_before = txq->nb_free;
	uint64_t cmd;

	CHECK(sriovnic_prep_pkts(txq, &m, 1) == 1);
	CHECK(sriovnic_xmit_pkts(txq, &m, 1) == 1);
	/* a slot for the context, one per segment */
	CHECK(txq->tx_tail == 4 && card.tail == 4);
	CHECK(txq->nb_free == free_before - 4);
	CHECK(txq->sw_ring[0] == NULL && txq->sw_ring[1] == m);
	CHECK(txq->ring[0].buf_addr == (800 | 32 << SRIOVNIC_TXC_L4LEN_SHIFT));
	CHECK(txq->ring[0].cmd == SRIOVNIC_TXD_DTYPE_CTX);
	cmd = txq->ring[1].cmd;
	CHECK((cmd & SRIOVNIC_TXD_DTYPE_MASK) == SRIOVNIC_TXD_DTYPE_DATA);
	CHECK((cmd & SRIOVNIC_TXD_IIPCSUM) &&
	      txd_field(cmd, SRIOVNIC_TXD_L4T_SHIFT, 2) == 1);
	CHECK(txd_field(cmd, SRIOVNIC_TXD_MACLEN_SHIFT, 7) == 14 &&
	      txd_field(cmd, SRIOVNIC_TXD_IPLEN_SHIFT, 9) == 20);
	CHECK(txq->ring[2].cmd == 1000ull << SRIOVNIC_TXD_LEN_SHIFT);
	CHECK(txq->ring[3].cmd == (SRIOVNIC_TXD_EOP |
				   1000ull << SRIOVNIC_TXD_LEN_SHIFT));
	CHECK(card_tx(txq, &bad) == 1 && bad == 0 && card.errors == 0);
	fake_txq_free(txq);

	/* over many laps, context descriptors on RS slots and in every
	 * batch: completions free every mbuf, fast free or not
	 */
	for (k = 0; k < RTE_DIM(offloads); k++) {
		txq = fake_txq_new(&card, 64, 32, offloads[k], PORT);
		for (i = 0; i < 200; i++) {
			m = tso_frame(1 + i % 3, 866, 800);
			if (i % 2)
				m->ol_flags = 0;	/* no TSO, no context */
			if (sriovnic_xmit_pkts(txq, &m, 1) == 1)
				sent++;
			else
				rte_pktmbuf_free(m);
			frames += card_tx(txq, &bad);
		}
		CHECK(txq->dropped == 0 && bad == 0 && card.errors == 0);
		/* the last batch is reclaimed when the ring fills up */
		fake_txq_free(txq);
	}
	CHECK(frames == sent && sent == 400);
	CHECK(rte_mempool_avail_count(mp) == avail);
}

/* tx_prepare: what the card would refuse is refused with the right errno,
 * at the index of the first such frame
 */
static void
test_tx_prepare(void)
{
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 32,
		SRIOVNIC_TX_CKSUM_OFFLOADS | RTE_ETH_TX_OFFLOAD_TCP_TSO, PORT);
	struct sriovnic_tx_queue *plain = fake_txq_new(&card, 64, 32, 0, PORT);
	static const uint32_t frame_1500 = SRIOVNIC_DEFAULT_FRAME;
	struct rte_mbuf *pkts[3];
	unsigned int i;
	uint16_t n;

	pkts[0] = frame_new(1, 200);
	pkts[1] = tso_frame(4, 1000, 800);
	pkts[2] = frame_new(1, 200);
	pkts[0]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
			    RTE_MBUF_F_TX_UDP_CKSUM;
	pkts[0]->l2_len = 14;
	pkts[0]->l3_len = 20;
	CHECK(sriovnic_prep_pkts(txq, pkts, 3) == 3);

#define REFUSED(q, err) do { \
	rte_errno = 0; \
	n = sriovnic_prep_pkts(q, pkts, 3); \
	CHECK(n == 1 && rte_errno == (err)); \
} while (0)
	/* checksums without the headers' lengths */
	pkts[1]->l2_len = 0;
	REFUSED(txq, EINVAL);
	pkts[1]->l2_len = 14;
	pkts[1]->l3_len = 0;
	REFUSED(txq, EINVAL);
	pkts[1]->l3_len = 20;
	/* MSS out of 256..9600 */
	pkts[1]->tso_segsz = 255;
	REFUSED(txq, EINVAL);
	pkts[1]->tso_segsz = 9601;
	REFUSED(txq, EINVAL);
	pkts[1]->tso_segsz = 800;
	/* TCP header length not 20..60 in steps of 4 */
	pkts[1]->l4_len = 16;
	REFUSED(txq, EINVAL);
	pkts[1]->l4_len = 64;
	REFUSED(txq, EINVAL);
	pkts[1]->l4_len = 30;
	REFUSED(txq, EINVAL);
	pkts[1]->l4_len = 32;
	/* a TSO frame over 65535 bytes */
	pkts[1]->pkt_len = SRIOVNIC_TSO_MAX_LEN + 1;
	REFUSED(txq, EINVAL);
	pkts[1]->pkt_len = 4000;
	/* a segment over MAX_FRAME (1522: MTU 1500): headers + MSS + tag +
	 * FCS
	 */
	txq->max_frame = &frame_1500;
	pkts[1]->tso_segsz = 1522 - 66 - SRIOVNIC_FCS_LEN + 1;
	REFUSED(txq, EINVAL);
	pkts[1]->tso_segsz = 1522 - 66 - SRIOVNIC_FCS_LEN;
	CHECK(sriovnic_prep_pkts(txq, pkts, 3) == 3);
	pkts[1]->ol_flags |= RTE_MBUF_F_TX_VLAN;
	REFUSED(txq, EINVAL);
	pkts[1]->ol_flags &= ~RTE_MBUF_F_TX_VLAN;
	txq->max_frame = &fake_max_frame;
	pkts[1]->tso_segsz = 800;
	/* more data descriptors than the card takes */
	rte_pktmbuf_chain(pkts[1], frame_new(SRIOVNIC_TX_MAX_SEG - 3, 10));
	REFUSED(txq, EINVAL);
	rte_pktmbuf_free(pkts[1]);
	/* headers longer than the frame */
	pkts[1] = frame_new(1, 40);
	pkts[1]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM;
	pkts[1]->l2_len = 14;
	pkts[1]->l3_len = 20;
	REFUSED(txq, EINVAL);
	/* without TSO, no more than MAX_FRAME with the FCS */
	pkts[1]->ol_flags = RTE_MBUF_F_TX_VLAN;
	pkts[1]->pkt_len = SRIOVNIC_MAX_FRAME_LIMIT - SRIOVNIC_FCS_LEN - 3;
	REFUSED(txq, EINVAL);
	pkts[1]->ol_flags = 0;
	CHECK(sriovnic_prep_pkts(txq, pkts, 3) == 3);
	pkts[1]->pkt_len = 40;
	/* offloads the queue does not do, or no sriovnic does */
	pkts[1]->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM;
	CHECK(sriovnic_prep_pkts(plain, &pkts[1], 1) == 0 &&
	      rte_errno == ENOTSUP);
	pkts[1]->ol_flags = RTE_MBUF_F_TX_UDP_SEG;
	REFUSED(txq, ENOTSUP);
	pkts[1]->ol_flags = 0;
	CHECK(sriovnic_prep_pkts(plain, &pkts[1], 2) == 2);
#undef REFUSED
	for (i = 0; i < 3; i++)
		rte_pktmbuf_free(pkts[i]);
	fake_txq_free(txq);
	fake_txq_free(plain);
}

/* rx_queue_count and rx_descriptor_status as the card fills the ring */
static void
test_rx_status(void)
{
	struct sriovnic_rx_queue *rxq = fake_rxq_new(&card, mp, 64, 2048, 0,
						     PORT);
	struct rte_mbuf *pkts[64];
	uint16_t n, i;

	CHECK(sriovnic_rx_queue_count(rxq) == 0);
	CHECK(sriovnic_rx_descriptor_status(rxq, 0) == RTE_ETH_RX_DESC_AVAIL);
	CHECK(sriovnic_rx_descriptor_status(rxq, 62) == RTE_ETH_RX_DESC_AVAIL);
	/* the one slot the card never owns */
	CHECK(sriovnic_rx_descriptor_status(rxq, 63) == RTE_ETH_RX_DESC_UNAVAIL);
	CHECK(sriovnic_rx_descriptor_status(rxq, 64) == -EINVAL);
	for (i = 0; i < 10; i++)
		CHECK(card_rx(rxq, 64, i, 0, 0));
	CHECK(sriovnic_rx_queue_count(rxq) == 10);
	CHECK(sriovnic_rx_descriptor_status(rxq, 9) == RTE_ETH_RX_DESC_DONE);
	CHECK(sriovnic_rx_descriptor_status(rxq, 10) == RTE_ETH_RX_DESC_AVAIL);
	/* received and re-armed, not yet handed back (under free_thresh) */
	n = sriovnic_recv_pkts(rxq, pkts, 4);
	CHECK(n == 4 && rxq->nb_hold == 4);
	CHECK(sriovnic_rx_queue_count(rxq) == 6);
	CHECK(sriovnic_rx_descriptor_status(rxq, 5) == RTE_ETH_RX_DESC_DONE);
	CHECK(sriovnic_rx_descriptor_status(rxq, 6) == RTE_ETH_RX_DESC_AVAIL);
	CHECK(sriovnic_rx_descriptor_status(rxq, 58) == RTE_ETH_RX_DESC_AVAIL);
	CHECK(sriovnic_rx_descriptor_status(rxq, 59) == RTE_ETH_RX_DESC_UNAVAIL);
	/* a full ring: everything the card owns is done */
	while (card_rx(rxq, 64, 0, 0, 0))
		;
	CHECK(sriovnic_rx_queue_count(rxq) == 63 - 4);
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(pkts[i]);
	n = sriovnic_recv_pkts(rxq, pkts, 64);
	CHECK(n == 59 && sriovnic_rx_queue_count(rxq) == 0);
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(pkts[i]);
	fake_rxq_free(rxq);
}

/* tx_descriptor_status: free slots are done, sent ones are done once the
 * card wrote back the RS descriptor that covers them
 */
static void
test_tx_status(void)
{
	struct sriovnic_tx_queue *txq = fake_txq_new(&card, 64, 16, 0, PORT);
	struct rte_mbuf *pkts[40];
	unsigned int frames = 0, i;

	CHECK(sriovnic_tx_descriptor_status(txq, 0) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 63) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 64) == -EINVAL);
	for (i = 0; i < 40; i++)
		pkts[i] = frame_new(1, 64);
	CHECK(sriovnic_xmit_pkts(txq, pkts, 40) == 40);
	/* 23 free slots, the one kept back, then the 40 sent */
	CHECK(sriovnic_tx_descriptor_status(txq, 23) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 24) == RTE_ETH_TX_DESC_FULL);
	CHECK(sriovnic_tx_descriptor_status(txq, 63) == RTE_ETH_TX_DESC_FULL);
	/* the card sends 20: slot 15 is written back, 31 not yet */
	fake_card_tx(&card, txq->ring, 20, &frames);
	CHECK(sriovnic_tx_descriptor_status(txq, 24) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 24 + 15) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 24 + 16) == RTE_ETH_TX_DESC_FULL);
	/* the rest: 32..39 have no RS slot written yet */
	fake_card_tx(&card, txq->ring, 64, &frames);
	CHECK(frames == 40);
	CHECK(sriovnic_tx_descriptor_status(txq, 24 + 31) == RTE_ETH_TX_DESC_DONE);
	CHECK(sriovnic_tx_descriptor_status(txq, 24 + 32) == RTE_ETH_TX_DESC_FULL);
	CHECK(sriovnic_tx_descriptor_status(txq, 63) == RTE_ETH_TX_DESC_FULL);
	fake_txq_free(txq);
}

int
main(void)
{
	char prefix[64];
	char *argv[] = { "test_rxtx", "--no-huge", "-m", "128", "--no-pci",
			 "--no-shconf", "--log-level=lib.eal:error", "-l", "0",
			 "--file-prefix", prefix };

	snprintf(prefix, sizeof(prefix), "sriovnic-unit-%d", getpid());
	if (rte_eal_init(RTE_DIM(argv), argv) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	mp = rte_pktmbuf_pool_create("unit", NB_MBUF, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL)
		return 1;
	test_rx_single();
	test_rx_mark();
	test_rx_scatter();
	test_rx_csum_flags();
	test_rx_qinq();
	test_rx_ptype();
	test_offload_capa();
	test_tx();
	test_tx_ring_full_and_bad();
	test_tx_csum();
	test_tx_tso();
	test_tx_qinq();
	test_tx_prepare();
	test_rx_status();
	test_tx_status();
	printf("%s: %d failure(s)\n", __FILE__, failures);
	test_eal_cleanup();
	return failures ? 1 : 0;
}
