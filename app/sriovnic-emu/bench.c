/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/*
 * sriovnic-emu-bench: the device model's frame path, with no DPDK
 * application in the measurement. The model's own code (everything but
 * main.c) brings up a card with a PF and two VFs as sriovnic-emu does. In
 * place of the VF drivers, this process plays a minimal driver on each
 * VF's queue 0 that sends back as many frames as it receives, addressed to
 * the other VF, like testpmd's mac forwarding in devtools/bench_fwd.py:
 * a fixed number of frames circulates VF0 -> card -> VF1 -> card -> VF0.
 * The drivers' memory is registered in the model's IOMMU as MEM_ADD would
 * register it; drivers and model use separate mappings of it.
 *
 * Timed, in TSC cycles: the model's main loop without its idle sleep,
 * i.e. emu_poll_frames() and, every millisecond, emu_poll_config(). Not
 * timed: the drivers, which run between the model's polls on its core, or
 * with --driver-cpu on a core of their own, as testpmd does; the model
 * then also pays for the descriptors and frames crossing cores, and for
 * idle polls whenever the drivers are slower than it. A run moves
 * --packets frames; the median of --runs runs is what counts, since other
 * processes on the machine stretch some. Every received frame is checked
 * (length, data, descriptor status), and the card's counters must show no
 * loss.
 *
 * With --rules N, a PF driver played in-process first installs N flow
 * rules of one mask through the admin queue, in the switch table or split
 * between the two VFs' ingress tables (--rule-table); none matches the
 * traffic, or with --rule-hit one per table does (a PASSTHRU rule, so the
 * frames still go where the MAC lookup and RSS send them). With
 * --rule-fate decision the rules take a decision instead, as a per-VF
 * filter does, the one the frames get anyway: in the switch table PORT to
 * the peer VF (the rules then also match the source function, one
 * matching rule per direction), in an ingress table QUEUE 0.
 *
 * With --sched, the PF driver first gives VF1's scheduler node twice VF0's
 * weight: nothing is shaped, but the tree is off its defaults, so every
 * frame goes through the transmit scheduler's choice (datasheet 14.4).
 *
 * Usage: sriovnic-emu-bench [--packets N] [--runs N] [--len BYTES]
 *	[--ring N] [--l4-csum] [--rss] [--wire WIRE] [--driver-cpu CPU]
 *	[--vfs N] [--rules N] [--rule-table switch|ingress] [--rule-hit]
 *	[--rule-fate passthru|decision] [--sched]
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "aq.h"
#include "drv_play.h"
#include "iommu.h"
#include "wire.h"

#define BENCH_VFS		2
#define BENCH_BUF_LEN		2048	/* rx buffers, and tx frame slots */
#define BENCH_RS_EVERY		32	/* as the driver's tx RS threshold */
#define BENCH_IDLE_POLLS	100000
#define BENCH_MAX_RUNS		101
#define BENCH_CONFIG_PERIOD_US	1000	/* as the model's slow path */
/* the largest untagged frame a function with the default MAX_FRAME takes
 * (datasheet 7.9)
 */
#define BENCH_MAX_LEN \
	(SRIOVNIC_DEFAULT_FRAME - RTE_VLAN_HLEN - SRIOVNIC_FCS_LEN)
#define BENCH_MIN_LEN \
	(RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr) + \
	 sizeof(struct rte_udp_hdr))
/* The drivers' memory at different addresses: the IOMMU is per function */
#define BENCH_IOVA(vf)		(UINT64_C(0x40000000) * ((vf) + 1))
#define BENCH_PF_IOVA		BENCH_IOVA(BENCH_VFS)
#define BENCH_AQ_LEN		64
/* the PF driver's memory: the admin ring, then the rule buffer */
#define BENCH_PF_MEM		(BENCH_AQ_LEN * SRIOVNIC_AQ_DESC_LEN + \
				 SRIOVNIC_FLOW_RULE_LEN)

/* One VF's driver: queue 0 of each direction, a frame slot per tx
 * descriptor and a buffer per rx descriptor
 */
struct drv {
	struct emu_func *f;
	uint8_t *mem;		/* the driver's mapping */
	uint64_t iova;
	size_t size;
	struct sriovnic_tx_desc *txr;
	union sriovnic_rx_desc *rxr;
	uint8_t *tx_bufs;
	uint8_t *rx_bufs;
	uint8_t frame[BENCH_MAX_LEN];	/* what it sends */
	const uint8_t *expect;	/* what it receives: the peer's frame */
	uint32_t rx_next;	/* next descriptor to reap */
	uint32_t tx_tail;
	uint32_t tx_free;	/* descriptors the driver may fill */
	uint32_t tx_rs;		/* RS descriptor that frees the next ones */
	uint32_t credits;	/* frames to send */
	uint64_t frames;	/* received */
	uint64_t bad;
};

struct bench_cfg {
	unsigned int vfs;	/* of the card; the drivers use VF0 and VF1 */
	uint64_t packets;
	unsigned int runs;
	uint32_t len;
	uint32_t ring;
	bool l4_csum;
	bool rss;
	const char *wire;
	int driver_cpu;		/* -1: the model's core */
	unsigned int rules;	/* flow rules installed first */
	bool rule_ingress;	/* in the VFs' ingress tables, not the switch */
	bool rule_hit;		/* one rule per table matches the frames */
	bool rule_decide;	/* rules PORT/QUEUE, not PASSTHRU */
	bool sched;		/* the scheduler's tree off its defaults */
};

static const struct bench_cfg defaults = {
	.vfs = BENCH_VFS,
	.packets = 5000000,
	.runs = 5,
	.len = 64,
	.ring = 512,
	.wire = "loopback",
	.driver_cpu = -1,
};

static struct bench_cfg cfg;

static const struct rte_ether_addr vf_mac[BENCH_VFS] = {
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x00 } },
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x01 } },
};

static uint64_t
drv_iova(const struct drv *d, const void *p)
{
	return d->iova + ((const uint8_t *)p - d->mem);
}

/* testpmd's txonly frame: UDP over IPv4, UDP checksum 0 (none) unless
 * --l4-csum, zero payload
 */
static void
frame_build(uint8_t *p, const struct rte_ether_addr *src,
	    const struct rte_ether_addr *dst)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	memset(p, 0, cfg.len);
	eth->dst_addr = *dst;
	eth->src_addr = *src;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(cfg.len - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = RTE_BE32(RTE_IPV4(198, 18, 0, 1));
	ip->dst_addr = RTE_BE32(RTE_IPV4(198, 18, 0, 2));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = RTE_BE16(9);
	udp->dst_port = RTE_BE16(9);
	udp->dgram_len = rte_cpu_to_be_16(cfg.len - sizeof(*eth) -
					  sizeof(*ip));
	if (cfg.l4_csum)
		udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
}

/* What the card must report for every frame (datasheet 7.2, 7.6) */
static uint16_t
expected_status(void)
{
	uint16_t ptype = SRIOVNIC_PTYPE_L2_ETHER |
		SRIOVNIC_PTYPE_L3_IPV4 << SRIOVNIC_PTYPE_L3_SHIFT |
		SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_PTYPE_L4_SHIFT;

	return SRIOVNIC_RXD_DD | SRIOVNIC_RXD_EOP | SRIOVNIC_RXD_L3CS |
		(cfg.l4_csum ? SRIOVNIC_RXD_L4CS : 0) |
		(cfg.rss ? SRIOVNIC_RXD_RSS : 0) |
		ptype << SRIOVNIC_RXD_PTYPE_SHIFT;
}

/* The driver's memory, shared with the model as MEM_ADD shares it */
static int
drv_mem(struct drv *d, unsigned int vf)
{
	size_t rings = RTE_ALIGN_CEIL(2 * cfg.ring * sizeof(*d->rxr), 4096);
	size_t bufs = (size_t)cfg.ring * BENCH_BUF_LEN;
	int fd, ret;

	d->size = rings + 2 * bufs;
	d->iova = BENCH_IOVA(vf);
	fd = memfd_create("sriovnic-emu-bench", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, d->size) < 0) {
		ret = -errno;
		goto out;
	}
	d->mem = mmap(NULL, d->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		      0);
	if (d->mem == MAP_FAILED) {
		ret = -errno;
		d->mem = NULL;
		goto out;
	}
	ret = emu_iommu_add(d->f, d->iova, d->size, fd, 0);
	d->txr = (struct sriovnic_tx_desc *)d->mem;
	d->rxr = (union sriovnic_rx_desc *)(d->txr + cfg.ring);
	d->tx_bufs = d->mem + rings;
	d->rx_bufs = d->tx_bufs + bufs;
out:
	close(fd);
	return ret;
}

static void
drv_queue(struct drv *d, uint32_t regs, const void *ring, uint32_t buf_len)
{
	drv_ring_enable(d->f, regs, drv_iova(d, ring), cfg.ring, buf_len);
}

/* Rings, frames and buffers of VF vf; the queues are enabled by the next
 * emu_poll_config()
 */
static int
drv_setup(struct emu *emu, struct drv *d, unsigned int vf)
{
	unsigned int peer = (vf + 1) % BENCH_VFS, i;
	int ret;

	memset(d, 0, sizeof(*d));
	d->f = &emu->funcs[SRIOVNIC_FUNC_VF(vf)];
	ret = drv_mem(d, vf);
	if (ret < 0)
		return ret;
	frame_build(d->frame, &vf_mac[vf], &vf_mac[peer]);
	for (i = 0; i < cfg.ring; i++) {
		memcpy(d->tx_bufs + i * BENCH_BUF_LEN, d->frame, cfg.len);
		d->rxr[i].read.buf_addr = drv_iova(d, d->rx_bufs +
						   i * BENCH_BUF_LEN);
	}
	d->tx_free = cfg.ring - 1;
	d->tx_rs = BENCH_RS_EVERY - 1;
	/* a quarter ring each way: all of them fit one rx ring */
	d->credits = cfg.ring / 4;
	if (cfg.rss) {
		/* any key: the frames all hash alike, and the RETA sends
		 * all to queue 0
		 */
		const uint8_t *key = sriovnic_rss_key_default;

		for (i = 0; i < SRIOVNIC_RSS_KEY_LEN; i += 4)
			drv_wr32(d->f, SRIOVNIC_RSS_KEY(i / 4),
			       key[i] | key[i + 1] << 8 | key[i + 2] << 16 |
			       (uint32_t)key[i + 3] << 24);
		drv_wr32(d->f, SRIOVNIC_RSS_CTRL, SRIOVNIC_RSS_ENABLE |
		       SRIOVNIC_RSS_IPV4 | SRIOVNIC_RSS_IPV4_L4);
	}
	drv_queue(d, SRIOVNIC_RXQ(0), d->rxr, BENCH_BUF_LEN);
	drv_queue(d, SRIOVNIC_TXQ(0), d->txr, 0);
	return 0;
}

/* The PF driver's part for --rules: one command at a time, as a driver
 * waiting for each. On the model's core it runs the model's admin queue
 * poll itself and times it; with --driver-cpu it runs on that CPU while
 * the model polls, and the time from its first command to its last
 * write-back counts.
 */
struct pf_drv {
	struct emu *emu;
	struct emu_func *f;
	uint8_t *mem;
	struct sriovnic_aq_desc *ring;
	struct sriovnic_flow_rule *rule;
	uint32_t tail;
	bool apart;
	bool done;		/* apart: all commands written back */
	int ret;
	uint32_t cmds;
	uint64_t cycles;
};

/* The bound of the datasheet (12.4) on waiting for a command */
static int
pf_wait(struct sriovnic_aq_desc *slot)
{
	uint64_t end = rte_get_tsc_cycles() +
		rte_get_tsc_hz() * SRIOVNIC_AQ_TIMEOUT_MS / MS_PER_S;

	while (!(__atomic_load_n(&slot->flags, __ATOMIC_ACQUIRE) &
		 SRIOVNIC_AQF_DONE))
		if (rte_get_tsc_cycles() > end)
			return -ETIMEDOUT;
	return 0;
}

static int
pf_cmd(struct pf_drv *p, const struct sriovnic_aq_desc *d)
{
	struct sriovnic_aq_desc *slot = &p->ring[p->tail];
	uint64_t t0;
	int ret;

	*slot = *d;
	p->tail = (p->tail + 1) % BENCH_AQ_LEN;
	p->cmds++;
	drv_wr32(p->f, SRIOVNIC_AQ_TAIL, p->tail);
	if (p->apart) {
		ret = pf_wait(slot);
		if (ret < 0)
			return ret;
	} else {
		t0 = rte_rdtsc_precise();
		emu_aq_poll(p->emu);
		p->cycles += rte_rdtsc_precise() - t0;
		if (!(slot->flags & SRIOVNIC_AQF_DONE))
			return -EIO;
	}
	return slot->status;
}

static int
pf_quota(struct pf_drv *p, uint8_t func, uint32_t quota)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_QUOTA };

	d.param.flow_quota.func = func;
	d.param.flow_quota.qt_flags = SRIOVNIC_FQUOTA_SET;
	d.param.flow_quota.quota = quota;
	return pf_cmd(p, &d);
}

/* Rule i: UDP over IPv4 from source address 10.i, or from the frames'
 * 198.18.0.1 for a matching one; PASSTHRU, or with --rule-fate decision
 * QUEUE 0 or, in the switch, from VF i % 2 PORT to the other VF
 */
static int
pf_rule(struct pf_drv *p, uint32_t i, uint8_t table, uint8_t func, bool hit)
{
	uint8_t vf = i % BENCH_VFS;

	struct sriovnic_flow_rule *r = p->rule;
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_ADD };
	rte_be32_t src = hit ? RTE_BE32(RTE_IPV4(198, 18, 0, 1)) :
		rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 0) | i);

	memset(r, 0, sizeof(*r));
	r->key.layers = SRIOVNIC_FKL_L3_IPV4 << SRIOVNIC_FKL_L3_SHIFT |
		SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_FKL_L4_SHIFT;
	r->mask.layers = SRIOVNIC_FKL_L3_MASK | SRIOVNIC_FKL_L4_MASK;
	memcpy(r->key.src_ip, &src, sizeof(src));
	memset(r->mask.src_ip, 0xff, sizeof(src));
	if (!cfg.rule_decide) {
		r->act.fate = SRIOVNIC_FATE_PASSTHRU;
	} else if (table == SRIOVNIC_FLOW_TBL_INGRESS) {
		r->act.fate = SRIOVNIC_FATE_QUEUE;
	} else {
		r->key.in_port = SRIOVNIC_FUNC_VF(vf);
		r->mask.in_port = UINT8_MAX;
		r->act.fate = SRIOVNIC_FATE_PORT;
		r->act.dest = SRIOVNIC_FUNC_VF((vf + 1) % BENCH_VFS);
	}
	d.buf_len = SRIOVNIC_FLOW_RULE_LEN;
	d.buf_addr = BENCH_PF_IOVA + ((uint8_t *)r - p->mem);
	d.param.flow_add.rule_id = i;
	d.param.flow_add.table = table;
	d.param.flow_add.func = func;
	return pf_cmd(p, &d);
}

static int
pf_mem(struct pf_drv *p)
{
	int fd, ret;

	fd = memfd_create("sriovnic-emu-bench-pf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, BENCH_PF_MEM) < 0) {
		ret = -errno;
		goto out;
	}
	p->mem = mmap(NULL, BENCH_PF_MEM, PROT_READ | PROT_WRITE, MAP_SHARED,
		      fd, 0);
	if (p->mem == MAP_FAILED) {
		ret = -errno;
		p->mem = NULL;
		goto out;
	}
	ret = emu_iommu_add(p->f, BENCH_PF_IOVA, BENCH_PF_MEM, fd, 0);
	p->ring = (struct sriovnic_aq_desc *)p->mem;
	p->rule = (struct sriovnic_flow_rule *)(p->ring + BENCH_AQ_LEN);
out:
	close(fd);
	return ret;
}

/* The quotas and rules of --rules */
static void *
pf_rules(void *arg)
{
	struct pf_drv *p = arg;
	uint8_t table = cfg.rule_ingress ? SRIOVNIC_FLOW_TBL_INGRESS :
		SRIOVNIC_FLOW_TBL_SWITCH;
	unsigned int tables = cfg.rule_ingress ? BENCH_VFS : 1, vf;
	/* a switch decision matches per direction */
	unsigned int hits = cfg.rule_hit ?
		(cfg.rule_decide ? BENCH_VFS : tables) : 0;
	uint64_t t0 = rte_rdtsc_precise();
	uint8_t func;
	uint32_t i;
	int ret = 0;

	for (vf = 0; vf < BENCH_VFS && cfg.rule_ingress && ret == 0; vf++)
		ret = pf_quota(p, SRIOVNIC_FUNC_VF(vf), cfg.rules);
	/* rule i in table i % tables; the first ones may match */
	for (i = 0; i < cfg.rules && ret == 0; i++) {
		func = cfg.rule_ingress ? SRIOVNIC_FUNC_VF(i % tables) : 0;
		ret = pf_rule(p, i, table, func, i < hits);
	}
	if (p->apart)
		p->cycles = rte_rdtsc_precise() - t0;
	p->ret = ret;
	__atomic_store_n(&p->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/* pf_rules() on --driver-cpu while the model polls */
static int
pf_rules_apart(struct emu *emu, struct pf_drv *p)
{
	cpu_set_t cpus;
	pthread_t th;
	int ret;

	p->apart = true;
	ret = pthread_create(&th, NULL, pf_rules, p);
	if (ret != 0)
		return -ret;
	CPU_ZERO(&cpus);
	CPU_SET(cfg.driver_cpu, &cpus);
	pthread_setaffinity_np(th, sizeof(cpus), &cpus);
	while (!__atomic_load_n(&p->done, __ATOMIC_ACQUIRE))
		emu_poll_frames(emu);
	pthread_join(th, NULL);
	return 0;
}

/* The PF driver's memory and its admin queue, enabled */
static int
pf_setup(struct emu *emu, struct pf_drv *p)
{
	int ret;

	p->emu = emu;
	p->f = &emu->funcs[SRIOVNIC_FUNC_PF];
	ret = pf_mem(p);
	if (ret < 0)
		return ret;
	drv_ring_enable(p->f, SRIOVNIC_AQ, BENCH_PF_IOVA, BENCH_AQ_LEN, 0);
	emu_poll_config(emu, false);
	return 0;
}

/* --sched: VF1 weighs twice VF0, committed */
static int
sched_setup(struct pf_drv *p)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_TM_NODE_SET };
	int ret;

	d.param.tm_node_set.node = SRIOVNIC_TM_NODE_FUNC(SRIOVNIC_FUNC_VF(1));
	d.param.tm_node_set.weight = 2;
	ret = pf_cmd(p, &d);
	if (ret == 0) {
		memset(&d, 0, sizeof(d));
		d.opcode = SRIOVNIC_AQC_TM_COMMIT;
		ret = pf_cmd(p, &d);
	}
	if (ret < 0)
		printf("the card refused the scheduler's tree: %s\n",
		       strerror(-ret));
	else
		printf("scheduler: VF1 with weight 2, nothing shaped\n");
	return ret;
}

/* --rules: the rules added one by one */
static int
rules_setup(struct emu *emu, struct pf_drv *p)
{
	int ret;

	if (cfg.driver_cpu >= 0) {
		ret = pf_rules_apart(emu, p);
		if (ret < 0)
			return ret;
	} else {
		pf_rules(p);
	}
	if (p->ret < 0) {
		printf("the card refused admin command %u: %s\n", p->cmds,
		       strerror(-p->ret));
		return p->ret;
	}
	printf("%u %s flow rules in the %s, %s the frames; added at %.0f "
	       "commands/s %s\n", cfg.rules,
	       cfg.rule_decide ? "deciding" : "PASSTHRU",
	       cfg.rule_ingress ? "VFs' ingress tables" : "switch table",
	       !cfg.rule_hit ? "none matching" : cfg.rule_ingress ||
	       !cfg.rule_decide ? "one per table matching" :
	       "one per direction matching",
	       p->cmds * (double)rte_get_tsc_hz() / p->cycles, p->apart ?
	       "by the PF driver on its CPU, waiting for each" :
	       "of the model's time");
	/* later commands run the model's admin queue poll themselves */
	p->apart = false;
	return 0;
}

/* As when the driver goes away: the card forgets its memory */
static void
drv_teardown(struct emu *emu, struct drv *d)
{
	emu_func_detach(emu, d->f);
	munmap(d->mem, d->size);
}

static bool
drv_started(const struct drv *d)
{
	return drv_rd32(d->f, SRIOVNIC_RXQ(0) + SRIOVNIC_Q_STATUS) ==
		SRIOVNIC_QSTAT_ENABLED &&
		drv_rd32(d->f, SRIOVNIC_TXQ(0) + SRIOVNIC_Q_STATUS) ==
		SRIOVNIC_QSTAT_ENABLED;
}

/* Every posted buffer but one, as a driver keeps its ring */
static void
drv_start(struct drv *d)
{
	drv_wr32(d->f, SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL, cfg.ring - 1);
}

/* The PF driver's part: a MAC table entry per VF, broadcast and receive
 * enabled, a new table generation (datasheet 10.4)
 */
static void
switch_setup(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	unsigned int vf;

	for (vf = 0; vf < BENCH_VFS; vf++) {
		drv_sw_mac(pf, vf, &vf_mac[vf], SRIOVNIC_FUNC_VF(vf));
		drv_wr32(pf, SRIOVNIC_SW_FUNC_CFG(SRIOVNIC_FUNC_VF(vf)),
		       SRIOVNIC_FCFG_RX_ENABLE | SRIOVNIC_FCFG_BCAST);
	}
	drv_wr32(pf, SRIOVNIC_SW_GEN, drv_rd32(pf, SRIOVNIC_SW_GEN) + 1);
}

/* Reaps what the card received, checks it and posts the buffers again;
 * each frame is a credit to send one
 */
static void
drv_rx(struct drv *d, uint16_t status)
{
	union sriovnic_rx_desc *rxd;
	uint32_t mask = cfg.ring - 1, n = 0;
	uint64_t qw1;

	for (;;) {
		rxd = &d->rxr[d->rx_next];
		qw1 = __atomic_load_n(&rxd->qw[1], __ATOMIC_ACQUIRE);
		if (!(qw1 & SRIOVNIC_RXD_DD))
			break;
		if (rxd->wb.status != status || rxd->wb.pkt_len != cfg.len ||
		    memcmp(d->rx_bufs + d->rx_next * BENCH_BUF_LEN, d->expect,
			   cfg.len) != 0)
			d->bad++;
		rxd->read.buf_addr = drv_iova(d, d->rx_bufs +
					      d->rx_next * BENCH_BUF_LEN);
		rxd->read.rsvd = 0;
		d->rx_next = (d->rx_next + 1) & mask;
		n++;
	}
	if (n == 0)
		return;
	d->credits += n;
	/* read by the model's core while the drivers run apart */
	__atomic_store_n(&d->frames, d->frames + n, __ATOMIC_RELAXED);
	/* the ring's spare descriptor keeps TAIL one behind */
	drv_wr32(d->f, SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL, (d->rx_next - 1) & mask);
}

/* Takes back the descriptors up to each RS one the card wrote back DONE,
 * and sends a frame per credit as far as the ring takes them
 */
static void
drv_tx(struct drv *d)
{
	uint32_t mask = cfg.ring - 1, n;
	struct sriovnic_tx_desc *txd;
	uint8_t *frame;

	while ((__atomic_load_n(&d->txr[d->tx_rs].cmd, __ATOMIC_ACQUIRE) &
		SRIOVNIC_TXD_DTYPE_MASK) == SRIOVNIC_TXD_DTYPE_DONE) {
		/* no DONE left behind to be seen again a ring later */
		d->txr[d->tx_rs].cmd = 0;
		d->tx_free += BENCH_RS_EVERY;
		d->tx_rs = (d->tx_rs + BENCH_RS_EVERY) & mask;
	}
	n = RTE_MIN(d->credits, d->tx_free);
	if (n == 0)
		return;
	d->credits -= n;
	d->tx_free -= n;
	while (n-- > 0) {
		txd = &d->txr[d->tx_tail];
		frame = d->tx_bufs + d->tx_tail * BENCH_BUF_LEN;
		/* the addresses, as mac forwarding writes them */
		memcpy(frame, d->frame, 2 * RTE_ETHER_ADDR_LEN);
		txd->buf_addr = drv_iova(d, frame);
		txd->cmd = SRIOVNIC_TXD_DTYPE_DATA | SRIOVNIC_TXD_EOP |
			(uint64_t)cfg.len << SRIOVNIC_TXD_LEN_SHIFT |
			((d->tx_tail + 1) % BENCH_RS_EVERY == 0 ?
			 SRIOVNIC_TXD_RS : 0);
		d->tx_tail = (d->tx_tail + 1) & mask;
	}
	drv_wr32(d->f, SRIOVNIC_TXQ(0) + SRIOVNIC_Q_TAIL, d->tx_tail);
}

static void
drivers_step(struct drv *drv, uint16_t status)
{
	unsigned int vf;

	for (vf = 0; vf < BENCH_VFS; vf++) {
		drv_rx(&drv[vf], status);
		drv_tx(&drv[vf]);
	}
}

static uint64_t
drivers_frames(const struct drv *drv)
{
	uint64_t n = 0;
	unsigned int vf;

	for (vf = 0; vf < BENCH_VFS; vf++)
		n += __atomic_load_n(&drv[vf].frames, __ATOMIC_RELAXED);
	return n;
}

static bool drivers_stop;

/* The drivers on a core of their own */
static void *
drivers_loop(void *arg)
{
	uint16_t status = expected_status();

	while (!__atomic_load_n(&drivers_stop, __ATOMIC_RELAXED))
		drivers_step(arg, status);
	return NULL;
}

static int
drivers_thread(struct drv *drv, pthread_t *th)
{
	cpu_set_t cpus;
	int ret;

	__atomic_store_n(&drivers_stop, false, __ATOMIC_RELAXED);
	ret = pthread_create(th, NULL, drivers_loop, drv);
	if (ret != 0)
		return -ret;
	CPU_ZERO(&cpus);
	CPU_SET(cfg.driver_cpu, &cpus);
	ret = pthread_setaffinity_np(*th, sizeof(cpus), &cpus);
	if (ret != 0) {
		__atomic_store_n(&drivers_stop, true, __ATOMIC_RELAXED);
		pthread_join(*th, NULL);
	}
	return -ret;
}

struct run {
	uint64_t frames;
	uint64_t model;		/* TSC cycles */
	uint64_t busy;		/* of them, in polls that found frames */
	uint64_t drivers;	/* on the model's core only */
	uint64_t polls;
};

/* The model's main loop, timed, until the drivers have --packets frames;
 * on the model's core, the drivers run between the polls
 */
static int
bench_run(struct emu *emu, struct drv *drv, struct run *r)
{
	const uint64_t config_period = rte_get_tsc_hz() *
		BENCH_CONFIG_PERIOD_US / US_PER_S;
	bool apart = cfg.driver_cpu >= 0;
	uint16_t status = expected_status();
	uint64_t t0, t1, t2, start, next_config = 0;
	unsigned int work;
	pthread_t th;
	int ret;

	memset(r, 0, sizeof(*r));
	start = drivers_frames(drv);
	if (apart) {
		ret = drivers_thread(drv, &th);
		if (ret < 0)
			return ret;
	}
	while (r->frames < cfg.packets) {
		t0 = rte_rdtsc_precise();
		if (!apart)
			drivers_step(drv, status);
		t1 = rte_rdtsc_precise();
		work = emu_poll_frames(emu);
		if (t1 >= next_config) {
			emu_poll_config(emu, false);
			next_config = t1 + config_period;
		}
		t2 = rte_rdtsc_precise();
		r->drivers += t1 - t0;
		r->model += t2 - t1;
		if (work > 0)
			r->busy += t2 - t1;
		r->polls++;
		r->frames = drivers_frames(drv) - start;
	}
	if (apart) {
		__atomic_store_n(&drivers_stop, true, __ATOMIC_RELAXED);
		pthread_join(th, NULL);
	}
	return 0;
}

/* Cycles of a poll that finds nothing: what the idle loop pays between
 * its sleeps, and every busy iteration pays besides its frames
 */
static double
bench_idle(struct emu *emu)
{
	uint64_t t0 = rte_rdtsc_precise();
	unsigned int i;

	for (i = 0; i < BENCH_IDLE_POLLS; i++)
		emu_poll_frames(emu);
	return (double)(rte_rdtsc_precise() - t0) / BENCH_IDLE_POLLS;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* No frame may be lost: every one the card took is accounted for */
static int
bench_check(const struct drv *drv)
{
	static const struct {
		uint32_t off;
		const char *name;
	} drops[] = {
		{ SRIOVNIC_ST_RX_MISSED, "rx_missed" },
		{ SRIOVNIC_ST_RX_ERRORS, "rx_errors" },
		{ SRIOVNIC_ST_TX_ERRORS, "tx_errors" },
		{ SRIOVNIC_ST_DMA_FAULTS, "dma_faults" },
		{ SRIOVNIC_ST_TX_DROPS, "tx_drops" },
	};
	unsigned int vf, i;
	uint64_t n;
	int ret = 0;

	for (vf = 0; vf < BENCH_VFS; vf++) {
		if (drv[vf].bad != 0) {
			printf("vf%u: %" PRIu64 " frames received wrong\n", vf,
			       drv[vf].bad);
			ret = -1;
		}
		n = drv_rd64(drv[vf].f, SRIOVNIC_ST_RX_PKTS);
		if (n != drv[vf].frames) {
			printf("vf%u: the card counted %" PRIu64 " rx frames, "
			       "the driver reaped %" PRIu64 "\n", vf, n,
			       drv[vf].frames);
			ret = -1;
		}
		for (i = 0; i < RTE_DIM(drops); i++) {
			n = drv_rd64(drv[vf].f, drops[i].off);
			if (n != 0) {
				printf("vf%u: %s=%" PRIu64 "\n", vf,
				       drops[i].name, n);
				ret = -1;
			}
		}
	}
	return ret;
}

static int
bench_setup(struct emu *emu, struct drv *drv)
{
	struct pf_drv pf = { 0 };
	unsigned int vf;
	int ret;

	for (vf = 0; vf < BENCH_VFS; vf++) {
		ret = drv_setup(emu, &drv[vf], vf);
		if (ret < 0) {
			printf("vf%u: cannot set up its memory: %s\n", vf,
			       strerror(-ret));
			return ret;
		}
	}
	for (vf = 0; vf < BENCH_VFS; vf++)
		drv[vf].expect = drv[(vf + 1) % BENCH_VFS].frame;
	switch_setup(emu);
	emu_poll_config(emu, true);
	if (cfg.rules > 0 || cfg.sched) {
		ret = pf_setup(emu, &pf);
		if (ret == 0 && cfg.rules > 0)
			ret = rules_setup(emu, &pf);
		if (ret == 0 && cfg.sched)
			ret = sched_setup(&pf);
		if (ret < 0)
			return ret;
	}
	for (vf = 0; vf < BENCH_VFS; vf++) {
		if (!drv_started(&drv[vf])) {
			printf("vf%u: the card refused the queues\n", vf);
			return -EINVAL;
		}
		drv_start(&drv[vf]);
	}
	return 0;
}

static int
bench(struct emu *emu)
{
	double cpp[BENCH_MAX_RUNS], bpp[BENCH_MAX_RUNS], dpp[BENCH_MAX_RUNS];
	double fpp[BENCH_MAX_RUNS], hz = rte_get_tsc_hz(), cycles, idle;
	struct drv drv[BENCH_VFS];
	unsigned int vf, i;
	struct run r;
	int ret;

	ret = bench_setup(emu, drv);
	if (ret < 0)
		return ret;
	idle = bench_idle(emu);
	printf("frames of %u bytes, UDP/IPv4%s%s, rings of %u, %u VFs, wire "
	       "%s, drivers on %s, TSC %.0f MHz\n", cfg.len,
	       cfg.l4_csum ? " with checksum" : "", cfg.rss ? ", RSS" : "",
	       cfg.ring, cfg.vfs, cfg.wire, cfg.driver_cpu >= 0 ?
	       "their own core" : "the model's core", hz / 1e6);
	printf("%-4s %10s %13s %12s %12s %11s %14s\n", "run", "frames",
	       "model cyc/fr", "busy cyc/fr", "frames/poll", "model Mpps",
	       "driver cyc/fr");
	for (i = 0; i < cfg.runs; i++) {
		ret = bench_run(emu, drv, &r);
		if (ret < 0) {
			printf("cannot run the drivers on CPU %d: %s\n",
			       cfg.driver_cpu, strerror(-ret));
			return ret;
		}
		cpp[i] = (double)r.model / r.frames;
		bpp[i] = (double)r.busy / r.frames;
		dpp[i] = (double)r.drivers / r.frames;
		fpp[i] = (double)r.frames / r.polls;
		printf("%-4u %10" PRIu64 " %13.1f %12.1f %12.1f %11.2f "
		       "%14.1f\n", i, r.frames, cpp[i], bpp[i], fpp[i],
		       hz / cpp[i] / 1e6, dpp[i]);
	}
	cycles = median(cpp, cfg.runs);
	printf("median: model %.1f cycles/frame = %.2f Mpps per core, %.1f "
	       "in polls that found frames (%.1f frames/poll); drivers %.1f "
	       "cycles/frame; idle poll %.1f cycles\n", cycles,
	       hz / cycles / 1e6, median(bpp, cfg.runs),
	       median(fpp, cfg.runs), median(dpp, cfg.runs), idle);
	/* what the last poll delivered */
	for (vf = 0; vf < BENCH_VFS; vf++)
		drv_rx(&drv[vf], expected_status());
	ret = bench_check(drv);
	for (vf = 0; vf < BENCH_VFS; vf++)
		drv_teardown(emu, &drv[vf]);
	return ret;
}

static void
usage(FILE *out, const char *prog)
{
	fprintf(out,
"Usage: %s [options]\n"
"\n"
"Times the sriovnic device model forwarding between two VFs whose drivers\n"
"are played in this process; prints the model's cycles per frame.\n"
"\n"
"  --packets N       frames per run (default %" PRIu64 ")\n"
"  --runs N          runs, 1..%u; the median counts (default %u)\n"
"  --len BYTES       frame length, %u..%u (default %u)\n"
"  --ring N          descriptors per ring, %u..%u, a power of two\n"
"                    (default %u)\n"
"  --l4-csum         frames with a UDP checksum, which the card checks\n"
"  --rss             RSS (IPv4 with ports) on in the receiving VFs\n"
"  --wire WIRE       the model's --wire (default %s); tap:IFNAME adds\n"
"                    the cost of polling a kernel tap\n"
"  --driver-cpu CPU  the drivers on that CPU instead of between the\n"
"                    model's polls\n"
"  --vfs N           VFs of the card, %u..%u (default %u): the model polls\n"
"                    what they enable, the drivers use the first two\n"
"  --rules N         first install N flow rules of one mask, 0..%u\n"
"  --rule-table T    switch (default) or ingress: the VFs' tables, split\n"
"  --rule-hit        one rule per table matches the frames (in the\n"
"                    switch with --rule-fate decision: per direction)\n"
"  --rule-fate F     passthru (default) or decision: PORT to the peer VF\n"
"                    in the switch, QUEUE 0 in an ingress table\n"
"  --sched           the scheduler's tree off its defaults (a weight)\n",
		prog, defaults.packets, BENCH_MAX_RUNS, defaults.runs,
		(unsigned int)BENCH_MIN_LEN, BENCH_MAX_LEN,
		defaults.len, SRIOVNIC_RING_MIN, SRIOVNIC_RING_MAX,
		defaults.ring, defaults.wire, BENCH_VFS, SRIOVNIC_MAX_VFS,
		defaults.vfs, SRIOVNIC_FLOW_RULES_MIN);
}

/* A number from 0 to max; false if s is anything else */
static bool
parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno == 0 && end != s && *end == '\0' && s[0] != '-' &&
		*v <= max;
}

static int
parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "packets", required_argument, NULL, 'p' },
		{ "runs", required_argument, NULL, 'r' },
		{ "len", required_argument, NULL, 'l' },
		{ "ring", required_argument, NULL, 'n' },
		{ "l4-csum", no_argument, NULL, 'c' },
		{ "rss", no_argument, NULL, 's' },
		{ "wire", required_argument, NULL, 'w' },
		{ "driver-cpu", required_argument, NULL, 'd' },
		{ "vfs", required_argument, NULL, 'v' },
		{ "rules", required_argument, NULL, 'R' },
		{ "rule-table", required_argument, NULL, 'T' },
		{ "rule-hit", no_argument, NULL, 'H' },
		{ "rule-fate", required_argument, NULL, 'F' },
		{ "sched", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	bool ok = true;
	int opt;

	cfg = defaults;
	while (ok && (opt = getopt_long(argc, argv, "h", longopts,
					NULL)) != -1) {
		switch (opt) {
		case 'p':
			ok = parse_num(optarg, UINT64_MAX, &v) && v > 0;
			cfg.packets = v;
			break;
		case 'r':
			ok = parse_num(optarg, BENCH_MAX_RUNS, &v) && v > 0;
			cfg.runs = v;
			break;
		case 'l':
			ok = parse_num(optarg, BENCH_MAX_LEN, &v) &&
				v >= BENCH_MIN_LEN;
			cfg.len = v;
			break;
		case 'n':
			ok = parse_num(optarg, SRIOVNIC_RING_MAX, &v) &&
				v >= SRIOVNIC_RING_MIN && rte_is_power_of_2(v);
			cfg.ring = v;
			break;
		case 'c':
			cfg.l4_csum = true;
			break;
		case 's':
			cfg.rss = true;
			break;
		case 'w':
			cfg.wire = optarg;
			break;
		case 'd':
			ok = parse_num(optarg, CPU_SETSIZE - 1, &v);
			cfg.driver_cpu = v;
			break;
		case 'v':
			ok = parse_num(optarg, SRIOVNIC_MAX_VFS, &v) &&
				v >= BENCH_VFS;
			cfg.vfs = v;
			break;
		case 'R':
			ok = parse_num(optarg, SRIOVNIC_FLOW_RULES_MIN, &v);
			cfg.rules = v;
			break;
		case 'T':
			cfg.rule_ingress = strcmp(optarg, "ingress") == 0;
			ok = cfg.rule_ingress || strcmp(optarg, "switch") == 0;
			break;
		case 'H':
			cfg.rule_hit = true;
			break;
		case 'F':
			cfg.rule_decide = strcmp(optarg, "decision") == 0;
			ok = cfg.rule_decide || strcmp(optarg, "passthru") == 0;
			break;
		case 'S':
			cfg.sched = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 1;
		default:
			ok = false;
			break;
		}
	}
	if (!ok || optind != argc) {
		usage(stderr, argv[0]);
		return -EINVAL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct emu_opts opts;
	static struct emu emu;
	char dir[64], vfs[8], wire[64];
	char *model_argv[] = {
		argv[0], "--dir", dir, "--vfs", vfs, "--queues", "1",
		"--wire", wire, NULL,
	};
	int ret;

	ret = parse_args(argc, argv);
	if (ret != 0)
		return ret > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	/* the model's own checks of its options, and its EAL arguments */
	snprintf(dir, sizeof(dir), "/tmp/sriovnic-emu-bench-%d", (int)getpid());
	snprintf(vfs, sizeof(vfs), "%u", cfg.vfs);
	snprintf(wire, sizeof(wire), "%s", cfg.wire);
	/* a fresh scan of another argv */
	optind = 0;
	if (emu_opts_parse(RTE_DIM(model_argv) - 1, model_argv, &opts) != 0 ||
	    emu_eal_start(&opts, argv[0]) < 0)
		return EXIT_FAILURE;
	ret = emu_start(&emu, &opts);
	if (ret == 0) {
		ret = bench(&emu);
		emu_stop(&emu);
	}
	emu_eal_stop();
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
