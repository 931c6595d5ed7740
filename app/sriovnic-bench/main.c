/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * sriovnic-bench: the rx/tx bursts without a device. In one process a fake
 * card (test/fake_card.h) writes completed rx descriptors and consumes tx
 * descriptors; each burst path is timed in TSC cycles per packet for rx
 * only, tx only, and rx+tx (rx, then tx the same mbufs), at several burst
 * and ring sizes. The card never runs inside a timed region: a round starts
 * with the card filling the rx ring (as far as it owns descriptors) and
 * completing all it owns on the tx ring, then the bursts are timed until the
 * round's frames are through; the card's cycles per packet are measured on
 * their own. The same rx+tx loop runs over DPDK's net_null (the floor: no
 * ring, only mbuf alloc and free) and net_ring (a software peer: a ring,
 * no alloc or free), through rte_eth_rx_burst()/rte_eth_tx_burst(), while
 * our bursts are called directly, as ethdev would call them.
 *
 * Usage: sriovnic-bench <EAL options> -- [--packets N] [--runs N]
 *	[--paths scalar,sse,...] [--ring N] [--burst N] [--mbuf-room BYTES]
 *	[--fast-free] [--marks]
 * --marks: every frame carries a flow mark and the rx bursts are those of
 * a port with a marking rule (an OVS partial offload).
 * Give EAL --vdev net_null0 for the net_null row (devtools/bench.sh does).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_eth_ring.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_vect.h>

#include "sriovnic_rxtx.h"
#include "fake_card.h"
#include "test_eal.h"

#define NB_MBUF		16383
#define MBUF_CACHE	256
#define RS_THRESH	SRIOVNIC_TX_RS_THRESH
#define MAX_BURST	32
#define FRAME_LEN	64
/* what the SIMD rx bursts handle, checksum flags included */
#define RX_OFFLOADS	(RTE_ETH_RX_OFFLOAD_RSS_HASH | SRIOVNIC_RX_CKSUM_OFFLOADS)

static const uint16_t ring_sizes[] = { 512, 4096 };
static const uint16_t burst_sizes[] = { 1, 4, 32 };
static const char *const all_paths[] = {
	"scalar", "sse", "avx2", "avx512", "neon",
};

enum mode { RX, TX, RXTX, NB_MODES };

static struct rte_mempool *mp;
static uint64_t min_packets = 2000000;
static unsigned int runs = 3;
static const char *path_list;
static uint16_t mbuf_room = RTE_MBUF_DEFAULT_BUF_SIZE;
static uint16_t only_ring, only_burst;	/* 0: all */
static uint64_t tx_offloads;
static bool marks;

/* One round: TSC cycles in the timed region, and the card's outside it */
struct tally {
	uint64_t cycles;
	uint64_t packets;
	uint64_t card_cycles;
};

/* Cycles per packet of every round of a measurement; the median is what
 * counts, as other processes on the machine stretch a few rounds
 */
#define MAX_ROUNDS	(1 << 16)
static double round_cpp[MAX_ROUNDS];
static double round_card[MAX_ROUNDS];

struct bench {
	eth_rx_burst_t rx;
	eth_tx_burst_t tx;
	struct sriovnic_rx_queue *rxq;
	struct sriovnic_tx_queue *txq;
	struct fake_ring rx_card;
	struct fake_ring tx_card;
	uint16_t nb_desc;
	uint16_t burst;
	struct rte_mbuf *pkts[SRIOVNIC_RING_MAX + MAX_BURST];
};

static void
die(const char *what)
{
	fprintf(stderr, "sriovnic-bench: %s\n", what);
	exit(1);
}

/*
 * Frames per round: what fits on the tx ring too, so that rx+tx never waits
 * for the card inside a timed region.
 */
static unsigned int
round_frames(const struct bench *b)
{
	return b->nb_desc - RS_THRESH;
}

static unsigned int
card_fill_rx(struct bench *b, struct tally *t)
{
	/* a UDP/IPv4 frame whose checksums the card found good */
	const struct fake_frame f = {
		.len = FRAME_LEN, .rss_hash = 0x5eed,
		.status = SRIOVNIC_RXD_RSS | SRIOVNIC_RXD_L3CS |
			  SRIOVNIC_RXD_L4CS |
			  (SRIOVNIC_PTYPE_L2_ETHER |
			   SRIOVNIC_PTYPE_L3_IPV4 << SRIOVNIC_PTYPE_L3_SHIFT |
			   SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_PTYPE_L4_SHIFT) <<
			  SRIOVNIC_RXD_PTYPE_SHIFT,
		.status_ext = marks ? SRIOVNIC_RXDX_MARK : 0,
		.mark = marks ? 0x1234 : 0,
	};
	uint64_t t0 = rte_rdtsc_precise();
	unsigned int n = 0;

	while (n < round_frames(b) &&
	       fake_card_rx(&b->rx_card, b->rxq->ring, b->rxq->buf_len, &f,
			    false))
		n++;
	t->card_cycles += rte_rdtsc_precise() - t0;
	return n;
}

static void
card_drain_tx(struct bench *b, struct tally *t)
{
	uint64_t t0 = rte_rdtsc_precise();
	unsigned int frames = 0;

	fake_card_tx(&b->tx_card, b->txq->ring, b->nb_desc, &frames);
	t->card_cycles += rte_rdtsc_precise() - t0;
}

static void
round_rx(struct bench *b, struct tally *t)
{
	unsigned int n = card_fill_rx(b, t), got = 0;
	uint64_t t0 = rte_rdtsc_precise();

	while (got < n)
		got += b->rx(b->rxq, &b->pkts[got], b->burst);
	t->cycles += rte_rdtsc_precise() - t0;
	t->packets += got;
	rte_pktmbuf_free_bulk(b->pkts, got);
}

static void
round_tx(struct bench *b, struct tally *t)
{
	unsigned int n = round_frames(b), sent = 0, i;
	uint64_t t0;

	card_drain_tx(b, t);
	if (rte_pktmbuf_alloc_bulk(mp, b->pkts, n) != 0)
		die("mbuf pool empty");
	for (i = 0; i < n; i++) {
		b->pkts[i]->data_len = FRAME_LEN;
		b->pkts[i]->pkt_len = FRAME_LEN;
	}
	t0 = rte_rdtsc_precise();
	while (sent < n) {
		uint16_t k = b->tx(b->txq, &b->pkts[sent],
				   RTE_MIN(b->burst, n - sent));

		if (k == 0)
			die("tx ring stalled");
		sent += k;
	}
	t->cycles += rte_rdtsc_precise() - t0;
	t->packets += n;
}

static void
round_rxtx(struct bench *b, struct tally *t)
{
	unsigned int n, got = 0;
	uint64_t t0;

	card_drain_tx(b, t);
	n = card_fill_rx(b, t);
	t0 = rte_rdtsc_precise();
	while (got < n) {
		uint16_t k = b->rx(b->rxq, b->pkts, b->burst), sent = 0;

		while (sent < k) {
			uint16_t s = b->tx(b->txq, &b->pkts[sent], k - sent);

			if (s == 0)
				die("tx ring stalled");
			sent += s;
		}
		got += k;
	}
	t->cycles += rte_rdtsc_precise() - t0;
	t->packets += got;
}

static void (*const rounds[NB_MODES])(struct bench *, struct tally *) = {
	[RX] = round_rx, [TX] = round_tx, [RXTX] = round_rxtx,
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/*
 * `runs` runs on fresh queues, each a warm-up round and then rounds of at
 * least min_packets in all; the median round, in cycles per packet.
 */
static void
measure(struct bench *b, enum mode mode, double *cpp, double *card_cpp)
{
	unsigned int r, nb_rounds = 0;

	for (r = 0; r < runs; r++) {
		struct tally warm = { 0, 0, 0 };
		uint64_t packets = 0;

		b->rxq = fake_rxq_new(&b->rx_card, mp, b->nb_desc,
				      mbuf_room - RTE_PKTMBUF_HEADROOM,
				      RX_OFFLOADS, 0);
		b->txq = fake_txq_new(&b->tx_card, b->nb_desc, RS_THRESH,
				      tx_offloads, 0);
		if (b->rxq == NULL || b->txq == NULL)
			die("cannot make queues");
		rounds[mode](b, &warm);
		while (packets < min_packets && nb_rounds < MAX_ROUNDS) {
			struct tally t = { 0, 0, 0 };

			rounds[mode](b, &t);
			round_cpp[nb_rounds] = (double)t.cycles / t.packets;
			round_card[nb_rounds++] = (double)t.card_cycles / t.packets;
			packets += t.packets;
		}
		card_drain_tx(b, &warm);
		fake_txq_free(b->txq);
		fake_rxq_free(b->rxq);
		if (rte_mempool_avail_count(mp) != NB_MBUF)
			die("mbufs leaked");
	}
	*cpp = median(round_cpp, nb_rounds);
	*card_cpp = median(round_card, nb_rounds);
}

static bool
path_wanted(const char *name)
{
	const char *p = path_list;
	size_t len = strlen(name);

	if (p == NULL)
		return true;
	for (; p != NULL; p = strchr(p, ',')) {
		p += *p == ',';
		if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == 0))
			return true;
	}
	return false;
}

static void
bench_paths(void)
{
	static struct bench b;
	unsigned int p, r, s, m;

	for (p = 0; p < RTE_DIM(all_paths); p++) {
		int ret;

		if (!path_wanted(all_paths[p]))
			continue;
		ret = sriovnic_rxtx_path_by_name(all_paths[p], &b.rx, &b.tx);
		if (ret != 0) {
			printf("%-9s skipped: %s\n", all_paths[p],
			       ret == -ENOTSUP ? "this CPU lacks it" :
			       "not built for this target");
			continue;
		}
		if (marks)
			b.rx = sriovnic_rx_mark_burst(b.rx);
		for (r = 0; r < RTE_DIM(ring_sizes); r++) {
			for (s = 0; s < RTE_DIM(burst_sizes); s++) {
				double cpp[NB_MODES], card[NB_MODES];

				if ((only_ring && only_ring != ring_sizes[r]) ||
				    (only_burst && only_burst != burst_sizes[s]))
					continue;
				b.nb_desc = ring_sizes[r];
				b.burst = burst_sizes[s];
				for (m = 0; m < NB_MODES; m++)
					measure(&b, m, &cpp[m], &card[m]);
				printf("%-9s%s %5u %5u %7.1f %7.1f %7.1f %9.1f\n",
				       all_paths[p], marks ? " mark" : "",
				       b.nb_desc, b.burst,
				       cpp[RX], cpp[TX], cpp[RXTX], card[RXTX]);
				fflush(stdout);
			}
		}
	}
}

/* rx+tx over an ethdev port that loops to itself, timed in rounds of as
 * many packets as a 512-descriptor round above
 */
static double
port_rxtx(uint16_t port, uint16_t burst)
{
	const unsigned int round = ring_sizes[0] - RS_THRESH;
	struct rte_mbuf *pkts[MAX_BURST];
	unsigned int nb_rounds = 0;
	uint64_t packets = 0, empty = 0;

	while (packets < runs * min_packets && nb_rounds < MAX_ROUNDS) {
		uint64_t t0 = rte_rdtsc_precise();
		unsigned int got = 0;

		while (got < round) {
			uint16_t k = rte_eth_rx_burst(port, 0, pkts, burst);
			uint16_t sent = rte_eth_tx_burst(port, 0, pkts, k);

			if (sent < k)
				rte_pktmbuf_free_bulk(&pkts[sent], k - sent);
			got += k;
			if (k == 0 && ++empty > min_packets)
				die("reference port delivers nothing");
		}
		round_cpp[nb_rounds++] =
			(double)(rte_rdtsc_precise() - t0) / got;
		packets += got;
	}
	return median(round_cpp, nb_rounds);
}

static void
port_start(uint16_t port, uint16_t nb_desc)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure(port, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup(port, 0, nb_desc, SOCKET_ID_ANY, NULL, mp) != 0 ||
	    rte_eth_tx_queue_setup(port, 0, nb_desc, SOCKET_ID_ANY, NULL) != 0 ||
	    rte_eth_dev_start(port) != 0)
		die("cannot start a reference port");
}

static void
bench_ports(void)
{
	uint16_t port, r, s;

	if (rte_eth_dev_get_port_by_name("net_null0", &port) == 0) {
		port_start(port, ring_sizes[0]);
		for (s = 0; s < RTE_DIM(burst_sizes); s++)
			printf("%-9s %5s %5u %7s %7s %7.1f %9s\n", "net_null",
			       "-", burst_sizes[s], "-", "-",
			       port_rxtx(port, burst_sizes[s]), "-");
		rte_eth_dev_stop(port);
		rte_eth_dev_close(port);
	} else {
		printf("net_null  skipped: no --vdev net_null0\n");
	}
	for (r = 0; r < RTE_DIM(ring_sizes); r++) {
		char name[RTE_RING_NAMESIZE];
		struct rte_mbuf *fill[SRIOVNIC_RING_MAX / 2];
		struct rte_ring *ring;
		unsigned int n = ring_sizes[r] / 2;
		int p;

		snprintf(name, sizeof(name), "bench%u", ring_sizes[r]);
		ring = rte_ring_create(name, ring_sizes[r], SOCKET_ID_ANY,
				       RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (ring == NULL || rte_pktmbuf_alloc_bulk(mp, fill, n) != 0)
			die("cannot make a ring");
		rte_ring_enqueue_bulk(ring, (void **)fill, n, NULL);
		p = rte_eth_from_ring(ring);
		if (p < 0)
			die("rte_eth_from_ring failed");
		port_start(p, ring_sizes[r]);
		for (s = 0; s < RTE_DIM(burst_sizes); s++)
			printf("%-9s %5u %5u %7s %7s %7.1f %9s\n", "net_ring",
			       ring_sizes[r], burst_sizes[s], "-", "-",
			       port_rxtx(p, burst_sizes[s]), "-");
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
		while (rte_ring_dequeue(ring, (void **)fill) == 0)
			rte_pktmbuf_free(fill[0]);
		rte_ring_free(ring);
	}
}

/* What the driver picks for a port without offloads, here and now */
static const char *
driver_choice(void)
{
	static struct rte_eth_burst_mode mode;
	struct rte_eth_dev_data data;
	struct rte_eth_dev dev = { .data = &data };

	memset(&data, 0, sizeof(data));
	sriovnic_set_rxtx_funcs(&dev);
	if (sriovnic_rx_burst_mode_get(&dev, 0, &mode) != 0)
		return "?";
	return mode.info;
}

static void
parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "packets", required_argument, NULL, 'n' },
		{ "runs", required_argument, NULL, 'r' },
		{ "paths", required_argument, NULL, 'p' },
		{ "mbuf-room", required_argument, NULL, 'm' },
		{ "ring", required_argument, NULL, 'R' },
		{ "burst", required_argument, NULL, 'B' },
		{ "fast-free", no_argument, NULL, 'f' },
		{ "marks", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			min_packets = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			runs = RTE_MAX(1, atoi(optarg));
			break;
		case 'p':
			path_list = optarg;
			break;
		case 'f':
			tx_offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
			break;
		case 'M':
			marks = true;
			break;
		case 'R':
			only_ring = atoi(optarg);
			break;
		case 'B':
			only_burst = atoi(optarg);
			break;
		case 'm':
			mbuf_room = RTE_MAX(atoi(optarg), RTE_PKTMBUF_HEADROOM +
					    SRIOVNIC_BUF_MIN);
			break;
		default:
			die("usage: sriovnic-bench <EAL options> -- [--packets N] [--runs N]\n"
			    "\t[--paths scalar,sse,...] [--ring N] [--burst N]\n"
			    "\t[--mbuf-room BYTES] [--fast-free] [--marks]");
		}
	}
}

int
main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);

	if (n < 0)
		die("EAL init failed");
	parse_args(argc - n, argv + n);
	mp = rte_pktmbuf_pool_create("bench", NB_MBUF, MBUF_CACHE, 0,
				     mbuf_room, rte_socket_id());
	if (mp == NULL)
		die("cannot make the mbuf pool");

	printf("TSC cycles per packet, median round of %u runs of >= %" PRIu64 " packets,\n"
	       "%u-byte frames, %u-byte mbuf data rooms%s; TSC %" PRIu64 " MHz.\n"
	       "Max SIMD width (EAL) %u bits: the driver picks \"%s\".\n"
	       "The fake card works between timed rounds: it fills the rx ring\n"
	       "and completes the tx ring, then the bursts run on their own; its\n"
	       "cycles per rx+tx packet are in the last column, not in the others.\n\n",
	       runs, min_packets, FRAME_LEN, mbuf_room,
	       tx_offloads ? ", tx MBUF_FAST_FREE" : "",
	       rte_get_tsc_hz() / 1000000, rte_vect_get_max_simd_bitwidth(),
	       driver_choice());
	printf("%-9s %5s %5s %7s %7s %7s %9s\n", "path", "ring", "burst", "rx",
	       "tx", "rx+tx", "card");
	bench_paths();
	bench_ports();
	rte_mempool_free(mp);
	test_eal_cleanup();
	return 0;
}
