/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * Every burst path against the scalar one, in lockstep: two queues, each
 * with its own fake card and mempool, get the same frames and the same
 * schedule of card work and bursts (1, 3, 4, 32, 64, over ring wraps and
 * partly written groups); after every burst the two must agree on the
 * return value, every mbuf field, the ring state, the doorbell and the pool
 * counts. Paths that are not built or that the CPU lacks are reported as
 * skipped. Last, the choice of path by CPU, SIMD width and offloads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_vect.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_rxtx.h"
#include "fake_card.h"
#include "test_check.h"
#include "test_eal.h"


#define PORT		3
#define MAX_BURST	64
#define NB_MBUF		(SRIOVNIC_RING_MAX + 2 * MAX_BURST + 64)

/* 60..1514 and the sizes around multiples of 64 */
static const uint16_t frame_sizes[] = {
	60, 61, 63, 64, 65, 100, 127, 128, 129, 191, 192, 193, 255, 256, 257,
	333, 511, 512, 513, 640, 777, 1023, 1024, 1025, 1200, 1471, 1472, 1473,
	1513, 1514,
};
static const uint16_t bursts[] = { 1, 3, 4, 32, 64, 32, 4, 64 };
/* frames (rx) or descriptors (tx) the card handles between two bursts */
static const uint16_t card_work[] = {
	0, 1, 2, 3, 5, 8, 31, 32, 33, 64, 100, 4096,
};

/* Frames with flow marks (rx bursts of a port with a marking rule) */
static bool marked;

/* One path's side of the lockstep */
struct side {
	const char *name;
	eth_rx_burst_t rx;
	eth_tx_burst_t tx;
	struct rte_mempool *mp;
	unsigned int mp_size;
	struct sriovnic_rx_queue *rxq;
	struct sriovnic_tx_queue *txq;
	struct fake_ring card;
};

static void
frame_of(unsigned int k, struct fake_frame *f)
{
	f->len = frame_sizes[k % RTE_DIM(frame_sizes)];
	f->status = (k % 3 != 0 ? SRIOVNIC_RXD_RSS : 0) |
		    (k % 4 == 1 || k % 4 == 2 ? SRIOVNIC_RXD_L2TAG : 0);
	/* every value of the checksum bits and of the packet type, the
	 * reserved ones too, in changing neighbours within a group
	 */
	f->status |= ((k / 5) & 15) << 4 |
		     ((k * 97) & 0xff) << SRIOVNIC_RXD_PTYPE_SHIFT;
	/* hash and tag are written even when not flagged valid, as reserved
	 * fields may hold anything: all paths must copy the same
	 */
	f->rss_hash = k * 2654435761u;
	f->vlan_tci = (k * 7) & 0xefff;
	f->seed = k;
	/* every combination of MARK and FLAG, in changing neighbours; the
	 * card writes the mark fields 0 without MARK (7.2)
	 */
	f->status_ext = marked ? (k / 3) & 3 : 0;
	f->mark = f->status_ext & SRIOVNIC_RXDX_MARK ? k * 0x9e3779b9u : 0;
}

static bool
frame_ok(const struct rte_mbuf *m, const struct fake_frame *f)
{
	unsigned int i = 0;

	if (m->pkt_len != f->len)
		return false;
	for (; m != NULL; m = m->next) {
		const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
		uint16_t j;

		for (j = 0; j < m->data_len; j++, i++)
			if (p[j] != (uint8_t)(f->seed + i))
				return false;
	}
	return i == f->len;
}

static bool
same(const struct side *v, const char *what, unsigned int k, uint64_t ref,
     uint64_t got)
{
	CHECK(ref == got, "%s: %s (item %u): %#" PRIx64 ", scalar %#" PRIx64,
	      v->name, what, k, got, ref);
	return ref == got;
}

#define SAME(v, k, a, b, field) same(v, #field, k, (a)->field, (b)->field)

static void
mbuf_compare(const struct side *v, unsigned int k, const struct rte_mbuf *a,
	     const struct rte_mbuf *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		SAME(v, k, a, b, data_off);
		SAME(v, k, a, b, refcnt);
		SAME(v, k, a, b, nb_segs);
		SAME(v, k, a, b, port);
		SAME(v, k, a, b, ol_flags);
		SAME(v, k, a, b, packet_type);
		SAME(v, k, a, b, pkt_len);
		SAME(v, k, a, b, data_len);
		SAME(v, k, a, b, vlan_tci);
		SAME(v, k, a, b, hash.rss);
		/* valid only with FDIR_ID, as DPDK says */
		if (a->ol_flags & RTE_MBUF_F_RX_FDIR_ID)
			SAME(v, k, a, b, hash.fdir.hi);
		SAME(v, k, a, b, vlan_tci_outer);
	}
	same(v, "chain length", k, a == NULL, b == NULL);
}

static struct rte_mempool *
pool_new(const char *side, const char *test, unsigned int n)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	snprintf(name, sizeof(name), "%s_%s", side, test);
	/* no per-lcore cache: pool counts are exact, and comparable */
	return rte_pktmbuf_pool_create(name, n, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
}

static void
rxq_new(struct side *s, const char *test, uint16_t nb_desc, uint16_t buf_len,
	uint64_t offloads, unsigned int mp_size)
{
	s->mp_size = mp_size;
	s->mp = pool_new(s->name, test, mp_size);
	/* frames longer than a buffer need scatter */
	if (buf_len < frame_sizes[RTE_DIM(frame_sizes) - 1])
		offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	s->rxq = fake_rxq_new(&s->card, s->mp, nb_desc, buf_len, offloads,
			      PORT);
	CHECK(s->rxq != NULL, "%s: rx queue", s->name);
}

static void
rxq_del(struct side *s)
{
	fake_rxq_free(s->rxq);
	CHECK(rte_mempool_avail_count(s->mp) == s->mp_size, "%s leaks mbufs",
	      s->name);
	CHECK(s->card.errors == 0, "%s: card saw %" PRIu64 " bad descriptors",
	      s->name, s->card.errors);
	rte_mempool_free(s->mp);
}

/* Held mbufs starve a small pool, so that allocations fail now and then */
#define HOLD_STEPS	3

static void
rx_lockstep(struct side *ref, struct side *v, const char *test,
	    uint16_t nb_desc, uint16_t buf_len, uint64_t offloads, bool starve)
{
	const unsigned int nb_frames = 6000;
	unsigned int mp_size = starve ? nb_desc + 2 * MAX_BURST : NB_MBUF;
	struct rte_mbuf *held[2][HOLD_STEPS][MAX_BURST];
	uint16_t nb_held[HOLD_STEPS] = { 0 };
	unsigned int sent = 0, got = 0, step, h, i;
	struct side *s[2] = { ref, v };

	rxq_new(ref, test, nb_desc, buf_len, offloads, mp_size);
	rxq_new(v, test, nb_desc, buf_len, offloads, mp_size);
	for (step = 0; got < nb_frames && step < 20 * nb_frames; step++) {
		uint16_t work = card_work[step % RTE_DIM(card_work)];
		uint16_t burst = bursts[(step / 5) % RTE_DIM(bursts)];
		struct rte_mbuf *pkts[2][MAX_BURST];
		struct fake_frame f;
		uint16_t n[2], j;

		h = step % HOLD_STEPS;

		for (i = 0; i < work && sent < nb_frames; i++, sent++) {
			bool ok;

			frame_of(sent, &f);
			ok = fake_card_rx(&ref->card, ref->rxq->ring, buf_len, &f,
					  true);
			same(v, "card took the frame", sent, ok,
			     fake_card_rx(&v->card, v->rxq->ring, buf_len, &f,
					  true));
			if (!ok)
				break;
		}
		for (j = 0; j < 2; j++)
			n[j] = s[j]->rx(s[j]->rxq, pkts[j], burst);
		same(v, "rx burst", step, n[0], n[1]);
		for (i = 0; i < RTE_MIN(n[0], n[1]); i++) {
			frame_of(got + i, &f);
			mbuf_compare(v, got + i, pkts[0][i], pkts[1][i]);
			CHECK(frame_ok(pkts[0][i], &f) && frame_ok(pkts[1][i], &f),
			      "%s: frame %u has wrong data", v->name, got + i);
		}
		same(v, "rx_tail", step, ref->rxq->rx_tail, v->rxq->rx_tail);
		same(v, "nb_hold", step, ref->rxq->nb_hold, v->rxq->nb_hold);
		same(v, "rx doorbell", step, ref->card.tail, v->card.tail);
		same(v, "mbuf_alloc_failed", step, ref->rxq->mbuf_alloc_failed,
		     v->rxq->mbuf_alloc_failed);
		same(v, "pool count", step, rte_mempool_avail_count(ref->mp),
		     rte_mempool_avail_count(v->mp));
		/* the card never owns the descriptor before rx_tail */
		same(v, "reserved slot", step,
		     (v->rxq->rx_tail - v->card.tail) & (nb_desc - 1),
		     v->rxq->nb_hold + 1u);
		got += n[0];

		/* applications move data_off; rx must reset it */
		for (j = 0; j < 2; j++) {
			for (i = 0; i < nb_held[h]; i++)
				rte_pktmbuf_free(held[j][h][i]);
			for (i = 0; i < n[j]; i++) {
				rte_pktmbuf_adj(pkts[j][i], 14);
				if (starve)
					held[j][h][i] = pkts[j][i];
				else
					rte_pktmbuf_free(pkts[j][i]);
			}
		}
		nb_held[h] = starve ? RTE_MIN(n[0], n[1]) : 0;
	}
	for (h = 0; h < HOLD_STEPS; h++)
		for (i = 0; i < nb_held[h]; i++) {
			rte_pktmbuf_free(held[0][h][i]);
			rte_pktmbuf_free(held[1][h][i]);
		}
	CHECK(got == nb_frames, "%s %s: %u of %u frames", v->name, test, got,
	      nb_frames);
	if (starve)
		CHECK(ref->rxq->mbuf_alloc_failed > 0,
		      "%s: the pool was never empty", test);
	rxq_del(ref);
	rxq_del(v);
}

static void
txq_new(struct side *s, const char *test, uint16_t nb_desc, uint16_t rs,
	uint64_t offloads)
{
	s->mp_size = NB_MBUF;
	s->mp = pool_new(s->name, test, NB_MBUF);
	s->txq = fake_txq_new(&s->card, nb_desc, rs, offloads, PORT);
	CHECK(s->txq != NULL, "%s: tx queue", s->name);
}

static void
txq_del(struct side *s)
{
	fake_txq_free(s->txq);
	CHECK(rte_mempool_avail_count(s->mp) == s->mp_size, "%s leaks mbufs",
	      s->name);
	CHECK(s->card.errors == 0, "%s: card saw %" PRIu64 " bad descriptors",
	      s->name, s->card.errors);
	rte_mempool_free(s->mp);
}

/*
 * Frame k to send: mostly single-segment; now and then tagged, asking for
 * checksums or TSO, longer than the card takes, and unless single is set,
 * chained or of more segments than the card takes.
 */
static struct rte_mbuf *
tx_frame(struct rte_mempool *mp, unsigned int k, bool single)
{
	uint16_t segs = 1, len = frame_sizes[k % RTE_DIM(frame_sizes)], i;
	struct rte_mbuf *head = NULL;

	if (!single && k % 29 == 5)
		segs = 3;
	else if (!single && k % 211 == 17)
		segs = SRIOVNIC_TX_MAX_SEG + 1;
	for (i = 0; i < segs; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
		uint16_t seg_len = segs > 1 ? 60 : len;
		uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, seg_len);
		uint16_t j;

		for (j = 0; j < seg_len; j++)
			p[j] = k + i + j;
		if (head == NULL)
			head = m;
		else
			rte_pktmbuf_chain(head, m);
	}
	if (k % 31 == 7) {
		head->ol_flags |= RTE_MBUF_F_TX_VLAN;
		head->vlan_tci = k & 0xfff;
	}
	head->l2_len = RTE_ETHER_HDR_LEN;
	head->l3_len = 20;
	if (k % 7 == 3)
		head->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
				  (k % 3 + 1ull) << 52;	/* TCP, SCTP, UDP */
	if (k % 13 == 4) {
		head->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_SEG;
		head->l4_len = 20;
		head->tso_segsz = 256 + k % 512;
	}
	if (k % 37 == 11)	/* a length no card takes, data never read */
		head->pkt_len = SRIOVNIC_MAX_FRAME_LIMIT + 1;
	return head;
}

/* With offloads MBUF_FAST_FREE, frames are single-segment, as promised */
static void
tx_lockstep(struct side *ref, struct side *v, const char *test,
	    uint16_t nb_desc, uint16_t rs, uint64_t offloads)
{
	bool single = offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	const unsigned int nb_frames = 6000;
	struct side *s[2] = { ref, v };
	unsigned int sent = 0, frames[2] = { 0, 0 }, step;
	uint16_t d, j;

	txq_new(ref, test, nb_desc, rs, offloads);
	txq_new(v, test, nb_desc, rs, offloads);
	for (step = 0; sent < nb_frames && step < 20 * nb_frames; step++) {
		uint16_t burst = bursts[(step / 3) % RTE_DIM(bursts)];
		uint16_t work = card_work[step % RTE_DIM(card_work)];
		uint16_t start = ref->txq->tx_tail;
		struct rte_mbuf *pkts[2][MAX_BURST];
		uint16_t n[2], i;

		for (j = 0; j < 2; j++) {
			for (i = 0; i < burst; i++)
				pkts[j][i] = tx_frame(s[j]->mp, sent + i, single);
			n[j] = s[j]->tx(s[j]->txq, pkts[j], burst);
			for (i = n[j]; i < burst; i++)
				rte_pktmbuf_free(pkts[j][i]);
		}
		same(v, "tx burst", step, n[0], n[1]);
		/* every descriptor, and the data of the ones just written */
		for (d = 0; d < nb_desc; d++) {
			volatile struct sriovnic_tx_desc *a = &ref->txq->ring[d];
			volatile struct sriovnic_tx_desc *b = &v->txq->ring[d];
			uint16_t len = (a->cmd & SRIOVNIC_TXD_LEN_MASK) >>
				       SRIOVNIC_TXD_LEN_SHIFT;

			if (!same(v, "tx descriptor cmd", d, a->cmd, b->cmd) ||
			    ((d - start) & (nb_desc - 1)) >=
			    ((ref->txq->tx_tail - start) & (nb_desc - 1)))
				continue;
			/* a context descriptor has no data but its fields */
			if ((a->cmd & SRIOVNIC_TXD_DTYPE_MASK) !=
			    SRIOVNIC_TXD_DTYPE_DATA) {
				same(v, "tx context descriptor", d, a->buf_addr,
				     b->buf_addr);
				continue;
			}
			CHECK(memcmp(rte_mem_iova2virt(a->buf_addr),
				     rte_mem_iova2virt(b->buf_addr), len) == 0,
			      "%s: data of tx descriptor %u", v->name, d);
		}
		same(v, "tx_tail", step, ref->txq->tx_tail, v->txq->tx_tail);
		same(v, "nb_free", step, ref->txq->nb_free, v->txq->nb_free);
		same(v, "next_dd", step, ref->txq->next_dd, v->txq->next_dd);
		same(v, "dropped", step, ref->txq->dropped, v->txq->dropped);
		same(v, "tx doorbell", step, ref->card.tail, v->card.tail);
		same(v, "doorbell at tail", step, ref->txq->tx_tail, v->card.tail);
		same(v, "pool count", step, rte_mempool_avail_count(ref->mp),
		     rte_mempool_avail_count(v->mp));
		sent += n[0];
		for (j = 0; j < 2; j++)
			fake_card_tx(&s[j]->card, s[j]->txq->ring, work, &frames[j]);
		same(v, "frames the card sent", step, frames[0], frames[1]);
	}
	CHECK(sent >= nb_frames, "%s %s: %u of %u frames", v->name, test, sent,
	      nb_frames);
	txq_del(ref);
	txq_del(v);
}

static const char *const vec_paths[] = { "sse", "avx2", "avx512", "neon" };

static void
test_paths(void)
{
	struct side ref = { .name = "scalar" };
	unsigned int i;

	CHECK(sriovnic_rxtx_path_by_name("scalar", &ref.rx, &ref.tx) == 0,
	      "no scalar path");
	CHECK(sriovnic_rxtx_path_by_name("nonesuch", &ref.rx, &ref.tx) ==
	      -ENOENT, "unknown path");
	for (i = 0; i < RTE_DIM(vec_paths); i++) {
		struct side v = { .name = vec_paths[i] };
		int ret = sriovnic_rxtx_path_by_name(v.name, &v.rx, &v.tx);
		int before = failures;

		if (ret != 0) {
			printf("path %-7s skipped: %s\n", v.name,
			       ret == -ENOTSUP ? "this CPU lacks it" :
			       "not built for this target");
			continue;
		}
		rx_lockstep(&ref, &v, "rx512", 512, 2048,
			    RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			    SRIOVNIC_RX_CKSUM_OFFLOADS, false);
		rx_lockstep(&ref, &v, "rx32", 32, 2048, 0, false);
		rx_lockstep(&ref, &v, "rxl4cksum", 64, 2048,
			    RTE_ETH_RX_OFFLOAD_UDP_CKSUM, false);
		rx_lockstep(&ref, &v, "rxstarved", 64, 2048,
			    SRIOVNIC_RX_CKSUM_OFFLOADS, true);
		rx_lockstep(&ref, &v, "rxscatter", 64, 256,
			    SRIOVNIC_RX_CKSUM_OFFLOADS, false);
		/* the bursts of a port with a marking rule */
		marked = true;
		ref.rx = sriovnic_rx_mark_burst(ref.rx);
		v.rx = sriovnic_rx_mark_burst(v.rx);
		rx_lockstep(&ref, &v, "rxmark", 512, 2048,
			    RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			    SRIOVNIC_RX_CKSUM_OFFLOADS, false);
		rx_lockstep(&ref, &v, "rxmarkstarved", 64, 2048, 0, true);
		marked = false;
		tx_lockstep(&ref, &v, "tx512", 512, 32, 0);
		tx_lockstep(&ref, &v, "tx32", 32, 8, 0);
		tx_lockstep(&ref, &v, "txfastfree", 128, 16,
			    RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE);
		/* not a pairing the driver picks: frames the queue would
		 * offload must still go the scalar way
		 */
		tx_lockstep(&ref, &v, "txoffload", 128, 16,
			    SRIOVNIC_TX_CKSUM_OFFLOADS |
			    RTE_ETH_TX_OFFLOAD_TCP_TSO);
		printf("path %-7s %s\n", v.name,
		       failures == before ? "same as scalar" : "DIFFERS");
	}
}

/* The path a port gets, by SIMD width and offloads */
static void
test_select(void)
{
	static const uint16_t widths[] = {
		RTE_VECT_SIMD_DISABLED, RTE_VECT_SIMD_128, RTE_VECT_SIMD_256,
		RTE_VECT_SIMD_512,
	};
	static const struct {
		const char *name;
		uint16_t width;
	} order[] = {
		{ "avx512", RTE_VECT_SIMD_512 }, { "avx2", RTE_VECT_SIMD_256 },
		{ "sse", RTE_VECT_SIMD_128 }, { "neon", RTE_VECT_SIMD_128 },
		{ "scalar", RTE_VECT_SIMD_DISABLED },
	};
	uint16_t saved = rte_vect_get_max_simd_bitwidth();
	struct rte_eth_dev_data data;
	struct rte_eth_dev dev = { .data = &data };
	static struct sriovnic_adapter marks;
	struct rte_eth_burst_mode mode;
	eth_rx_burst_t rx, scalar_rx;
	eth_tx_burst_t tx, scalar_tx;
	unsigned int w, i;

	memset(&data, 0, sizeof(data));
	sriovnic_rxtx_path_by_name("scalar", &scalar_rx, &scalar_tx);
	for (w = 0; w < RTE_DIM(widths); w++) {
		CHECK(rte_vect_set_max_simd_bitwidth(widths[w]) == 0,
		      "SIMD width %u", widths[w]);
		for (i = 0; i < RTE_DIM(order); i++)
			if (order[i].width <= widths[w] &&
			    sriovnic_rxtx_path_by_name(order[i].name, &rx, &tx) == 0)
				break;
		sriovnic_set_rxtx_funcs(&dev);
		CHECK(dev.rx_pkt_burst == rx && dev.tx_pkt_burst == tx,
		      "SIMD width %u: expected %s", widths[w], order[i].name);
		CHECK(sriovnic_rx_burst_mode_get(&dev, 0, &mode) == 0 &&
		      sriovnic_tx_burst_mode_get(&dev, 0, &mode) == 0,
		      "burst mode at SIMD width %u", widths[w]);
		printf("max SIMD %3u bits: %s (%s)\n", widths[w], order[i].name,
		       mode.info);
	}
	/* offloads the SIMD paths leave to the scalar ones */
	data.dev_conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.rx_pkt_burst == scalar_rx && dev.tx_pkt_burst == tx,
	      "scatter: scalar rx only");
	data.dev_conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
					RTE_ETH_RX_OFFLOAD_RSS_HASH;
	data.dev_conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.rx_pkt_burst == rx && dev.tx_pkt_burst == scalar_tx,
	      "multi-segment: scalar tx only");
	data.dev_conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_VLAN_INSERT;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.tx_pkt_burst == scalar_tx, "VLAN insertion: scalar tx");
	data.dev_conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.tx_pkt_burst == tx, "fast free: SIMD tx");
	data.dev_conf.rxmode.offloads = SRIOVNIC_RX_CKSUM_OFFLOADS;
	data.dev_conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.rx_pkt_burst == rx && dev.tx_pkt_burst == scalar_tx,
	      "checksums: SIMD rx, scalar tx");
	data.dev_conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.tx_pkt_burst == scalar_tx, "TSO: scalar tx");
	/* flow marks negotiated: the scalar rx burst once a rule marks */
	data.dev_private = &marks;
	marks.rx_metadata = RTE_ETH_RX_METADATA_USER_MARK;
	data.dev_conf.rxmode.offloads = 0;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.rx_pkt_burst == rx, "marks negotiated, no rule: SIMD rx");
	marks.nb_mark_flows = 1;
	sriovnic_set_rxtx_funcs(&dev);
	CHECK(dev.rx_pkt_burst == sriovnic_rx_mark_burst(rx) &&
	      (rx == scalar_rx || dev.rx_pkt_burst != rx),
	      "a rule marks: the path's rx burst with marks");
	data.dev_private = NULL;
	rte_vect_set_max_simd_bitwidth(saved);
}

int
main(void)
{
	char prefix[64];
	char *argv[] = { "test_rxtx_paths", "--no-huge", "-m", "256",
			 "--no-pci", "--no-shconf", "--log-level=lib.eal:error",
			 "-l", "0", "--file-prefix", prefix };

	snprintf(prefix, sizeof(prefix), "sriovnic-paths-%d", getpid());
	if (rte_eal_init(RTE_DIM(argv), argv) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	test_paths();
	test_select();
	printf("%s: %d failure(s)\n", __FILE__, failures);
	test_eal_cleanup();
	return failures ? 1 : 0;
}
