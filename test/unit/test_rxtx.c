/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The shared rx/tx bursts against a card played in-process, by the
 * datasheet's rules: the card owns descriptors from its head up to the tail
 * register, writes rx descriptors back with DD last, and completes tx
 * descriptors that carry RS with DTYPE = DONE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "sriovnic_rxtx.h"
#include "test_eal.h"

int sriovnic_logtype_init;
int sriovnic_logtype_driver;
int sriovnic_logtype_mbx;

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		failures++; \
	} \
} while (0)

#define NB_MBUF 8192

static struct rte_mempool *mp;
static uint32_t tail_reg;

/* the card's side of one ring */
static uint16_t card_head;

static void *
iova2va(uint64_t iova)
{
	return rte_mem_iova2virt(iova);
}

static struct sriovnic_rx_queue *
rxq_new(uint16_t nb_desc, uint16_t buf_len, bool scatter)
{
	struct sriovnic_rx_queue *rxq = rte_zmalloc(NULL, sizeof(*rxq), 0);

	rxq->ring = rte_zmalloc(NULL, sizeof(*rxq->ring) * nb_desc, 128);
	rxq->sw_ring = rte_zmalloc(NULL, sizeof(*rxq->sw_ring) * nb_desc, 0);
	rxq->tail_reg = &tail_reg;
	rxq->mp = mp;
	rxq->nb_desc = nb_desc;
	rxq->free_thresh = 32;
	rxq->port_id = 3;
	rxq->buf_len = buf_len;
	rxq->scatter = scatter;
	CHECK(sriovnic_rxq_arm(rxq) == 0);
	tail_reg = nb_desc - 1;
	card_head = 0;
	return rxq;
}

static void
rxq_del(struct sriovnic_rx_queue *rxq)
{
	sriovnic_rxq_free_mbufs(rxq);
	rte_free((void *)(uintptr_t)rxq->ring);
	rte_free(rxq->sw_ring);
	rte_free(rxq);
}

/* The card delivers a frame of len bytes filled with seed; false if it does
 * not own enough descriptors.
 */
static bool
card_rx(struct sriovnic_rx_queue *rxq, uint16_t len, uint8_t seed,
	uint32_t hash)
{
	uint16_t mask = rxq->nb_desc - 1;
	uint16_t owned = (tail_reg - card_head) & mask;
	uint16_t need = (len + rxq->buf_len - 1) / rxq->buf_len;
	uint16_t off = 0;

	if (need > owned || (need > 1 && !rxq->scatter))
		return false;
	while (off < len) {
		volatile union sriovnic_rx_desc *d = &rxq->ring[card_head];
		uint16_t n = RTE_MIN(len - off, rxq->buf_len);
		uint8_t *buf = iova2va(d->read.buf_addr);
		uint16_t i;
		union sriovnic_rx_desc wb = { .qw = { 0, 0 } };

		for (i = 0; i < n; i++)
			buf[i] = seed + off + i;
		off += n;
		wb.wb.pkt_len = n;
		wb.wb.status = SRIOVNIC_RXD_DD;
		if (off == len) {
			wb.wb.status |= SRIOVNIC_RXD_EOP | SRIOVNIC_RXD_RSS;
			wb.wb.rss_hash = hash;
		}
		d->qw[0] = wb.qw[0];
		rte_atomic_thread_fence(__ATOMIC_RELEASE);
		d->qw[1] = wb.qw[1];
		card_head = (card_head + 1) & mask;
	}
	return true;
}

static bool
frame_ok(struct rte_mbuf *m, uint16_t len, uint8_t seed)
{
	uint16_t i = 0;

	if (m->pkt_len != len || m->port != 3)
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

static void
test_rx_single(void)
{
	struct sriovnic_rx_queue *rxq = rxq_new(512, 2048, false);
	struct rte_mbuf *pkts[32];
	unsigned int sent = 0, got = 0, bad = 0;
	unsigned int avail = rte_mempool_avail_count(mp);
	uint16_t n, i;

	CHECK(sriovnic_recv_pkts(rxq, pkts, 32) == 0);
	/* 5000 frames through a 512 ring: descriptors must be recycled */
	while (got < 5000) {
		while (sent < 5000 &&
		       card_rx(rxq, 60 + sent % 1400, sent, sent * 7))
			sent++;
		n = sriovnic_recv_pkts(rxq, pkts, 32);
		for (i = 0; i < n; i++, got++) {
			if (!frame_ok(pkts[i], 60 + got % 1400, got) ||
			    pkts[i]->hash.rss != got * 7 + 0 ||
			    !(pkts[i]->ol_flags & RTE_MBUF_F_RX_RSS_HASH) ||
			    pkts[i]->nb_segs != 1)
				bad++;
			rte_pktmbuf_free(pkts[i]);
		}
		if (n == 0 && sent == got)
			break;
	}
	CHECK(got == 5000 && bad == 0);
	/* the card never owns the driver's slot: tail trails the driver */
	CHECK(((rxq->rx_tail - 1 - tail_reg) & 511) <= (uint32_t)rxq->free_thresh + 1);
	CHECK(rte_mempool_avail_count(mp) == avail);
	rxq_del(rxq);
}

static void
test_rx_scatter(void)
{
	struct sriovnic_rx_queue *rxq = rxq_new(64, 256, true);
	struct rte_mbuf *pkts[4];

	CHECK(card_rx(rxq, 700, 9, 1));		/* 256 + 256 + 188 */
	CHECK(card_rx(rxq, 256, 1, 2));
	CHECK(sriovnic_recv_pkts(rxq, pkts, 4) == 2);
	CHECK(frame_ok(pkts[0], 700, 9) && pkts[0]->nb_segs == 3);
	CHECK(pkts[0]->data_len == 256 && pkts[0]->next->next->data_len == 188);
	CHECK(frame_ok(pkts[1], 256, 1) && pkts[1]->nb_segs == 1);
	rte_pktmbuf_free(pkts[0]);
	rte_pktmbuf_free(pkts[1]);
	/* half a frame is held back until its EOP arrives */
	card_rx(rxq, 600, 3, 3);
	rxq->ring[(card_head - 1) & 63].qw[1] = 0;	/* EOP not written yet */
	CHECK(sriovnic_recv_pkts(rxq, pkts, 4) == 0);
	CHECK(rxq->pkt_first != NULL && rxq->pkt_first->nb_segs == 2);
	rxq_del(rxq);
}

static struct sriovnic_tx_queue *
txq_new(uint16_t nb_desc)
{
	struct sriovnic_tx_queue *txq = rte_zmalloc(NULL, sizeof(*txq), 0);

	txq->ring = rte_zmalloc(NULL, sizeof(*txq->ring) * nb_desc, 128);
	txq->sw_ring = rte_zmalloc(NULL, sizeof(*txq->sw_ring) * nb_desc, 0);
	txq->tail_reg = &tail_reg;
	txq->nb_desc = nb_desc;
	txq->rs_thresh = 32;
	sriovnic_txq_reset(txq);
	tail_reg = 0;
	card_head = 0;
	return txq;
}

/* The card consumes what it owns; returns frames, checks each descriptor */
static unsigned int
card_tx(struct sriovnic_tx_queue *txq, unsigned int *bad)
{
	uint16_t mask = txq->nb_desc - 1;
	unsigned int frames = 0;

	while (card_head != tail_reg) {
		volatile struct sriovnic_tx_desc *d = &txq->ring[card_head];
		uint64_t cmd = d->cmd;
		uint16_t len = (cmd & SRIOVNIC_TXD_LEN_MASK) >>
			       SRIOVNIC_TXD_LEN_SHIFT;
		const uint8_t *buf = iova2va(d->buf_addr);

		if ((cmd & SRIOVNIC_TXD_DTYPE_MASK) != SRIOVNIC_TXD_DTYPE_DATA ||
		    len == 0 || buf == NULL || buf[0] != 0xab)
			(*bad)++;
		if (!!(cmd & SRIOVNIC_TXD_RS) != ((card_head & 31) == 31))
			(*bad)++;
		if (cmd & SRIOVNIC_TXD_EOP)
			frames++;
		if (cmd & SRIOVNIC_TXD_RS)
			d->cmd = SRIOVNIC_TXD_DTYPE_DONE;
		card_head = (card_head + 1) & mask;
	}
	return frames;
}

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

static void
test_tx(void)
{
	struct sriovnic_tx_queue *txq = txq_new(512);
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
	CHECK(sent >= 10000 && done == sent && bad == 0);
	sriovnic_txq_free_mbufs(txq);
	CHECK(rte_mempool_avail_count(mp) == avail);
	rte_free(txq->sw_ring);
	rte_free((void *)(uintptr_t)txq->ring);
	rte_free(txq);
}

static void
test_tx_ring_full_and_bad(void)
{
	struct sriovnic_tx_queue *txq = txq_new(64);
	struct rte_mbuf *pkts[80];
	unsigned int bad = 0, i;
	uint16_t n;

	/* nothing completes: the driver stops at 63 descriptors, never wraps */
	for (i = 0; i < 80; i++)
		pkts[i] = frame_new(1, 64);
	n = sriovnic_xmit_pkts(txq, pkts, 80);
	CHECK(n == 63);
	CHECK(tail_reg == 63);
	for (i = n; i < 80; i++)
		rte_pktmbuf_free(pkts[i]);
	/* once the card completes, room comes back */
	CHECK(card_tx(txq, &bad) == 63 && bad == 0);
	pkts[0] = frame_new(SRIOVNIC_TX_MAX_SEG + 1, 10);	/* card refuses */
	pkts[1] = frame_new(2, 64);
	CHECK(sriovnic_xmit_pkts(txq, pkts, 2) == 2);
	CHECK(txq->dropped == 1);
	CHECK(card_tx(txq, &bad) == 1);
	sriovnic_txq_free_mbufs(txq);
	rte_free(txq->sw_ring);
	rte_free((void *)(uintptr_t)txq->ring);
	rte_free(txq);
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
	test_rx_scatter();
	test_tx();
	test_tx_ring_full_and_bad();
	printf("%s: %d failure(s)\n", __FILE__, failures);
	test_eal_cleanup();
	return failures ? 1 : 0;
}
