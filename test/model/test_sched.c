/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * sriovnic-emu-sched-test: the device model's transmit scheduler
 * (datasheet 14). The TM_* commands and their checks go through the PF's
 * admin queue, then traffic. A card with a PF and two VFs runs in this
 * process with a loopback wire; a minimal driver per tx queue keeps
 * its ring full of frames to an unknown MAC (they leave through the wire)
 * and takes back what the card consumed by Q_HEAD. Rates are the card's
 * queue byte counters over a window of wall-clock time, after a warm-up
 * that spends the initial buckets. After each traffic test the tree is
 * set back to its defaults and every posted frame must have been sent:
 * shaping holds frames back, it never drops them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>

#include "aq.h"
#include "drv_play.h"
#include "iommu.h"
#include "test_check.h"

#define RING		512
#define AQ_LEN		32
#define PF_IOVA		UINT64_C(0x10000000)
#define NB_DRV		3	/* VF0 queue 0, VF0 queue 1, VF1 queue 0 */
#define WARM_S		0.05
/* Windows: a rate checked against a configured one, one that only must be
 * far above one or 0
 */
#define MEASURE_S	1.0
#define GLANCE_S	0.1
/* Tolerance of a rate: the window is long against a frame and a burst,
 * so rates come within 0.5 % on an idle machine. On a busy one the model
 * makes up for up to 50 ms in which it could not poll, which may move
 * bytes across a window's edge, and loses what it could not poll beyond.
 */
#define TOL		0.05
#define DRAIN_S		0.5
#define CONFIG_PERIOD_S	0.001
#define IOVA(i)		(UINT64_C(0x40000000) * ((i) + 1))

/* One tx queue's driver: every descriptor sends the same frame */
struct drv {
	struct emu_func *f;
	unsigned int q;
	uint16_t node;		/* the queue's scheduler node */
	uint8_t *mem;
	size_t size;
	uint64_t iova;
	struct sriovnic_tx_desc *ring;
	uint32_t len;		/* frame bytes */
	uint32_t tail;
	uint64_t posted;
	bool stop;		/* posts nothing more */
};

static struct emu emu;
static struct drv drv[NB_DRV];
static double hz;

static uint32_t
qreg(const struct drv *d, uint32_t off)
{
	return drv_rd32(d->f, SRIOVNIC_TXQ(d->q) + off);
}

static uint64_t
qbytes(const struct drv *d)
{
	return drv_rd64(d->f, SRIOVNIC_ST_TXQ(d->q) + SRIOVNIC_STQ_BYTES);
}

static uint64_t
qpkts(const struct drv *d)
{
	return drv_rd64(d->f, SRIOVNIC_ST_TXQ(d->q) + SRIOVNIC_STQ_PKTS);
}

/* Driver memory of f at iova, registered as MEM_ADD registers it */
static void *
mem_map(struct emu_func *f, uint64_t iova, size_t size)
{
	void *p;
	int fd;

	fd = memfd_create("sriovnic-emu-sched-test", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ftruncate(fd, size) < 0 || p == MAP_FAILED ||
	    emu_iommu_add(f, iova, size, fd, 0) < 0) {
		if (p != MAP_FAILED)
			munmap(p, size);
		p = NULL;
	}
	close(fd);
	return p;
}

static int
drv_setup(struct drv *d, unsigned int i, uint16_t func, unsigned int q,
	  uint32_t len)
{
	uint32_t regs = SRIOVNIC_TXQ(q);
	uint8_t *frame;

	memset(d, 0, sizeof(*d));
	d->f = &emu.funcs[func];
	d->q = q;
	d->node = SRIOVNIC_TM_NODE_QUEUE(func, q);
	d->len = len;
	d->iova = IOVA(i);
	d->size = RING * sizeof(*d->ring) + 4096;
	d->mem = mem_map(d->f, d->iova, d->size);
	if (d->mem == NULL)
		return -ENOMEM;
	d->ring = (struct sriovnic_tx_desc *)d->mem;
	frame = d->mem + RING * sizeof(*d->ring);
	/* to a unicast MAC nobody has: out through the wire */
	memset(frame, 0, len);
	memcpy(frame, "\x02\x77\x00\x00\x00\x01\x02\x5e\xbe\x00\x00", 11);
	frame[11] = i;
	frame[12] = 0x08;
	drv_ring_enable(d->f, regs, d->iova, RING, 0);
	return 0;
}

/* Fills the ring up to what the card has not yet taken */
static void
drv_step(struct drv *d)
{
	uint32_t head = qreg(d, SRIOVNIC_Q_HEAD), n;
	uint64_t addr = d->iova + RING * sizeof(*d->ring);

	if (d->stop)
		return;
	n = (head - d->tail - 1) & (RING - 1);
	if (n == 0)
		return;
	d->posted += n;
	while (n-- > 0) {
		d->ring[d->tail].buf_addr = addr;
		d->ring[d->tail].cmd = SRIOVNIC_TXD_DTYPE_DATA |
			SRIOVNIC_TXD_EOP |
			(uint64_t)d->len << SRIOVNIC_TXD_LEN_SHIFT;
		d->tail = (d->tail + 1) & (RING - 1);
	}
	drv_wr32(d->f, SRIOVNIC_TXQ(d->q) + SRIOVNIC_Q_TAIL, d->tail);
}

/* The card and the drivers, in turn, for s seconds */
static void
run(double s)
{
	uint64_t now = rte_get_tsc_cycles(), end = now + s * hz, next = 0;
	unsigned int i;

	while ((now = rte_get_tsc_cycles()) < end) {
		for (i = 0; i < NB_DRV; i++)
			drv_step(&drv[i]);
		emu_poll_frames(&emu);
		if (now >= next) {
			emu_poll_config(&emu, false);
			next = now + CONFIG_PERIOD_S * hz;
		}
	}
}

/* Bytes/s of every queue over a window of s seconds after the warm-up */
static void
rates(double *r, double s)
{
	uint64_t b[NB_DRV], t0, t1;
	unsigned int i;

	run(WARM_S);
	t0 = rte_get_tsc_cycles();
	for (i = 0; i < NB_DRV; i++)
		b[i] = qbytes(&drv[i]);
	run(s);
	t1 = rte_get_tsc_cycles();
	for (i = 0; i < NB_DRV; i++)
		r[i] = (qbytes(&drv[i]) - b[i]) * hz / (t1 - t0);
	printf("  rates:");
	for (i = 0; i < NB_DRV; i++)
		printf(" %.0f", r[i]);
	printf(" bytes/s\n");
}

static bool
near(double v, double want)
{
	return v >= want * (1 - TOL) && v <= want * (1 + TOL);
}

/* Commands, through the admin queue */

static struct sriovnic_aq_desc *aq;
static uint32_t aq_tail;

static int
aq_setup(void)
{
	struct emu_func *pf = &emu.funcs[SRIOVNIC_FUNC_PF];

	aq = mem_map(pf, PF_IOVA, AQ_LEN * sizeof(*aq));
	if (aq == NULL)
		return -ENOMEM;
	drv_ring_enable(pf, SRIOVNIC_AQ, PF_IOVA, AQ_LEN, 0);
	emu_poll_config(&emu, false);
	return drv_rd32(pf, SRIOVNIC_AQ_STATUS) ==
		SRIOVNIC_AQSTAT_ENABLED ? 0 : -EINVAL;
}

/* Runs *d; the write-back comes back in *d */
static int
cmd(struct sriovnic_aq_desc *d, uint16_t *info)
{
	struct emu_func *pf = &emu.funcs[SRIOVNIC_FUNC_PF];
	struct sriovnic_aq_desc *slot = &aq[aq_tail];

	*slot = *d;
	aq_tail = (aq_tail + 1) % AQ_LEN;
	drv_wr32(pf, SRIOVNIC_AQ_TAIL, aq_tail);
	CHECK(emu_aq_poll(&emu) == 1);
	CHECK(slot->flags & SRIOVNIC_AQF_DONE);
	*d = *slot;
	*info = d->info;
	return d->status;
}

static void
node_set_desc(struct sriovnic_aq_desc *d, uint16_t node, uint8_t prio,
	      uint8_t weight, uint64_t cir, uint32_t cbs, uint64_t pir,
	      uint32_t pbs)
{
	memset(d, 0, sizeof(*d));
	d->opcode = SRIOVNIC_AQC_TM_NODE_SET;
	d->param.tm_node_set.node = node;
	d->param.tm_node_set.priority = prio;
	d->param.tm_node_set.weight = weight;
	d->param.tm_node_set.cir = cir;
	d->param.tm_node_set.cbs = cbs;
	d->param.tm_node_set.pir = pir;
	d->param.tm_node_set.pbs = pbs;
}

static int
node_set(uint16_t node, uint8_t weight, uint64_t cir, uint64_t pir)
{
	struct sriovnic_aq_desc d;
	uint16_t info;

	node_set_desc(&d, node, 0, weight, cir, cir ? 16384 : 0, pir,
		      pir ? 16384 : 0);
	return cmd(&d, &info);
}

static int
commit(uint32_t flags, uint16_t *fail_node)
{
	struct sriovnic_aq_desc d;
	uint16_t info;
	int ret;

	memset(&d, 0, sizeof(d));
	d.opcode = SRIOVNIC_AQC_TM_COMMIT;
	d.param.tm_commit.c_flags = flags;
	ret = cmd(&d, &info);
	if (fail_node != NULL)
		*fail_node = d.param.tm_commit.fail_node;
	return ret;
}

static int
node_cmd(uint16_t opcode, uint16_t node)
{
	struct sriovnic_aq_desc d;
	uint16_t info;

	memset(&d, 0, sizeof(d));
	d.opcode = opcode;
	d.param.tm_node.node = node;
	return cmd(&d, &info);
}

static void
stats(uint16_t node, bool clear, struct sriovnic_aq_tm_stats *st)
{
	struct sriovnic_aq_desc d;
	uint16_t info;

	memset(&d, 0, sizeof(d));
	d.opcode = SRIOVNIC_AQC_TM_STATS_READ;
	d.param.tm_stats.node = node;
	d.param.tm_stats.s_flags = clear ? SRIOVNIC_TSTAT_CLEAR : 0;
	CHECK(cmd(&d, &info) == 0);
	*st = d.param.tm_stats;
}

/* The nodes the tests change, back at their defaults */
static void
tree_defaults(void)
{
	static const uint16_t nodes[] = {
		SRIOVNIC_TM_NODE_FUNC(1), SRIOVNIC_TM_NODE_FUNC(2),
		SRIOVNIC_TM_NODE_QUEUE(1, 0), SRIOVNIC_TM_NODE_QUEUE(1, 1),
		SRIOVNIC_TM_NODE_QUEUE(2, 0),
	};
	unsigned int i;

	CHECK(node_set(SRIOVNIC_TM_NODE_PORT, 0, 0, 0) == 0);
	for (i = 0; i < RTE_DIM(nodes); i++) {
		CHECK(node_set(nodes[i], 1, 0, 0) == 0);
		CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_RESUME, nodes[i]) == 0);
	}
	CHECK(commit(0, NULL) == 0);
}

/* Unshaped again, the drivers stop posting: every frame posted leaves,
 * none is dropped, then the drivers go on
 */
static void
check_nothing_dropped(void)
{
	uint64_t end = rte_get_tsc_cycles() + DRAIN_S * hz;
	unsigned int i;
	bool drained;

	tree_defaults();
	for (i = 0; i < NB_DRV; i++)
		drv[i].stop = true;
	do {
		run(0.001);
		drained = true;
		for (i = 0; i < NB_DRV; i++)
			drained &= qreg(&drv[i], SRIOVNIC_Q_HEAD) ==
				drv[i].tail;
	} while (!drained && rte_get_tsc_cycles() < end);
	for (i = 0; i < NB_DRV; i++) {
		CHECK(qreg(&drv[i], SRIOVNIC_Q_HEAD) == drv[i].tail);
		CHECK(qpkts(&drv[i]) == drv[i].posted);
		CHECK(drv_rd64(drv[i].f, SRIOVNIC_ST_TX_ERRORS) == 0);
		drv[i].stop = false;
	}
}

/* The checks of 14.8 in their documented order, first failure reported */
static void
test_commands(void)
{
	struct sriovnic_aq_desc d;
	uint16_t info, fail;
	unsigned int i;
	static const struct {
		uint16_t node;
		uint8_t prio, weight;
		uint64_t cir;
		uint32_t cbs;
		uint64_t pir;
		uint32_t pbs;
		uint16_t info;
	} sets[] = {
		/* nodes: malformed, absent (2 VFs, 2 queues), present */
		{ 0x0001, 0, 0, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x1003, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x1101, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x2012, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x2030, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x3000, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		/* node before priority and weight before shaper */
		{ 0x1003, 8, 0, 1, 0, 0, 0, SRIOVNIC_AQE_TM_NODE },
		{ 0x2011, 8, 1, 1, 0, 0, 0, SRIOVNIC_AQE_TM_SCHED },
		{ 0x2011, 7, 0, 0, 0, 0, 0, SRIOVNIC_AQE_TM_SCHED },
		{ 0x0000, 0, 1, 0, 0, 0, 0, SRIOVNIC_AQE_TM_SCHED },
		{ 0x0000, 1, 0, 0, 0, 0, 0, SRIOVNIC_AQE_TM_SCHED },
		{ 0x2011, 7, 255, 999, 64, 0, 0, SRIOVNIC_AQE_TM_SHAPER },
		{ 0x2011, 0, 1, 1000, 63, 0, 0, SRIOVNIC_AQE_TM_SHAPER },
		{ 0x2011, 0, 1, 0, 64, 0, 0, SRIOVNIC_AQE_TM_SHAPER },
		{ 0x2011, 0, 1, 0, 0, 50000000001ull, 64,
		  SRIOVNIC_AQE_TM_SHAPER },
		{ 0x2011, 0, 1, 0, 0, 1000, 16777217, SRIOVNIC_AQE_TM_SHAPER },
		{ 0x2011, 0, 1, 2000, 64, 1999, 64, SRIOVNIC_AQE_TM_SHAPER },
		{ 0x0000, 0, 0, 1000, 64, 0, 0, SRIOVNIC_AQE_TM_SHAPER },
		/* in range: the limits, cir without pir */
		{ 0x0000, 0, 0, 0, 0, 50000000000ull, 16777216, 0 },
		{ 0x1002, 7, 255, 1000, 64, 1000, 64, 0 },
		{ 0x2011, 3, 1, 1000, 64, 0, 0, 0 },
	};

	printf("commands\n");
	memset(&d, 0, sizeof(d));
	d.opcode = 0x0206;
	CHECK(cmd(&d, &info) == -EOPNOTSUPP && info == SRIOVNIC_AQE_OPCODE);
	for (i = 0; i < RTE_DIM(sets); i++) {
		node_set_desc(&d, sets[i].node, sets[i].prio, sets[i].weight,
			      sets[i].cir, sets[i].cbs, sets[i].pir,
			      sets[i].pbs);
		CHECK(cmd(&d, &info) == (sets[i].info ? -EINVAL : 0));
		if (info != sets[i].info)
			fprintf(stderr, "TM_NODE_SET %u: info %u, not %u\n", i,
				info, sets[i].info);
		CHECK(info == sets[i].info);
	}
	/* reserved fields come first */
	node_set_desc(&d, 0x3000, 8, 0, 1, 0, 0, 0);
	d.param.tm_node_set.rsvd0 = 1;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	node_set_desc(&d, 0x1001, 0, 1, 0, 0, 0, 0);
	d.param.tm_node_set.rsvd1 = 1;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	node_set_desc(&d, 0x1001, 0, 1, 0, 0, 0, 0);
	d.param.tm_node_set.rsvd2[7] = 1;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	memset(&d, 0, sizeof(d));
	d.opcode = SRIOVNIC_AQC_TM_COMMIT;
	d.param.tm_commit.c_flags = 1u << 2;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	CHECK(d.param.tm_commit.fail_node == SRIOVNIC_TM_NODE_NONE);
	d.param.tm_commit.c_flags = 0;
	d.param.tm_commit.rsvd[33] = 1;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	for (i = SRIOVNIC_AQC_TM_NODE_SUSPEND; i <= SRIOVNIC_AQC_TM_STATS_READ;
	     i++) {
		memset(&d, 0, sizeof(d));
		d.opcode = i;
		d.param.tm_node.node = 0x3000;
		CHECK(cmd(&d, &info) == -EINVAL &&
		      info == SRIOVNIC_AQE_TM_NODE);
		d.param.raw[SRIOVNIC_AQ_PARAM_LEN - 1] = 1;
		CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);
	}
	memset(&d, 0, sizeof(d));
	d.opcode = SRIOVNIC_AQC_TM_STATS_READ;
	d.param.tm_stats.s_flags = 2;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_PARAM);

	/* hierarchy: the queues' guarantees above VF0's cap; then also
	 * the functions' above the port's: the lowest id is reported
	 */
	CHECK(commit(SRIOVNIC_TCOMMIT_ABORT, NULL) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(1), 1, 0, 1000000) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_QUEUE(1, 0), 1, 600000, 0) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_QUEUE(1, 1), 1, 400001, 0) == 0);
	CHECK(commit(0, &fail) == -EINVAL && fail == SRIOVNIC_TM_NODE_FUNC(1));
	/* the staged tree stays: the same failure */
	CHECK(commit(0, &fail) == -EINVAL && fail == SRIOVNIC_TM_NODE_FUNC(1));
	CHECK(node_set(SRIOVNIC_TM_NODE_PORT, 0, 0, 1000000) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 1, 1000001, 0) == 0);
	memset(&d, 0, sizeof(d));
	d.opcode = SRIOVNIC_AQC_TM_COMMIT;
	CHECK(cmd(&d, &info) == -EINVAL && info == SRIOVNIC_AQE_TM_HIER);
	CHECK(d.param.tm_commit.fail_node == SRIOVNIC_TM_NODE_PORT);
	/* corrected: exactly at the caps */
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 1, 1000000, 0) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_QUEUE(1, 1), 1, 400000, 0) == 0);
	CHECK(commit(SRIOVNIC_TCOMMIT_ABORT | SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL,
		     NULL) == 0);
	/* ABORT dropped the corrections: fails again, and discards */
	CHECK(node_set(SRIOVNIC_TM_NODE_QUEUE(1, 1), 1, 400001, 0) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(1), 1, 0, 1000000) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_QUEUE(1, 0), 1, 600000, 0) == 0);
	CHECK(commit(SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL, &fail) == -EINVAL &&
	      fail == SRIOVNIC_TM_NODE_FUNC(1));
	CHECK(commit(0, &fail) == 0 && fail == SRIOVNIC_TM_NODE_NONE);
}

/* Counters of the nodes against the card's, the tree at its defaults */
static void
test_stats(void)
{
	struct sriovnic_aq_tm_stats st, port, fn;
	uint64_t pkts[NB_DRV], bytes[NB_DRV];
	unsigned int i;

	printf("statistics\n");
	stats(SRIOVNIC_TM_NODE_PORT, true, &port);
	stats(SRIOVNIC_TM_NODE_FUNC(1), true, &fn);
	for (i = 0; i < NB_DRV; i++) {
		stats(drv[i].node, true, &st);
		pkts[i] = qpkts(&drv[i]);
		bytes[i] = qbytes(&drv[i]);
	}
	run(0.1);
	stats(SRIOVNIC_TM_NODE_PORT, false, &port);
	stats(SRIOVNIC_TM_NODE_FUNC(1), false, &fn);
	CHECK(port.pkts > 0);
	for (i = 0; i < NB_DRV; i++) {
		stats(drv[i].node, false, &st);
		CHECK(st.pkts > 0);
		CHECK(st.pkts == qpkts(&drv[i]) - pkts[i]);
		CHECK(st.bytes == qbytes(&drv[i]) - bytes[i]);
		CHECK(st.stall_ns == 0);
		port.pkts -= st.pkts;
		port.bytes -= st.bytes;
		if (drv[i].f == drv[0].f) {
			fn.pkts -= st.pkts;
			fn.bytes -= st.bytes;
		}
	}
	CHECK(port.pkts == 0 && port.bytes == 0);
	CHECK(fn.pkts == 0 && fn.bytes == 0);
	/* cleared by the read before */
	stats(SRIOVNIC_TM_NODE_PORT, true, &port);
	stats(SRIOVNIC_TM_NODE_PORT, false, &port);
	CHECK(port.pkts == 0 && port.bytes == 0);
	check_nothing_dropped();
}

/* Staged parameters do nothing until committed; PIR caps a queue at
 * 10 Mbit/s and VF1 at 200 Mbit/s, both within TOL
 */
static void
test_pir(void)
{
	const double q_pir = 1250000, f_pir = 25000000;
	struct sriovnic_aq_tm_stats st;
	double r[NB_DRV];

	printf("peak rates\n");
	CHECK(node_set(drv[0].node, 1, 0, q_pir) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 1, 0, f_pir) == 0);
	rates(r, GLANCE_S);
	CHECK(r[0] > 4 * q_pir && r[2] > 2 * f_pir);
	CHECK(commit(SRIOVNIC_TCOMMIT_ABORT, NULL) == 0);
	CHECK(commit(0, NULL) == 0);
	rates(r, GLANCE_S);
	CHECK(r[0] > 4 * q_pir && r[2] > 2 * f_pir);
	CHECK(node_set(drv[0].node, 1, 0, q_pir) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 1, 0, f_pir) == 0);
	CHECK(commit(0, NULL) == 0);
	stats(drv[0].node, true, &st);
	rates(r, MEASURE_S);
	CHECK(near(r[0], q_pir));
	CHECK(near(r[2], f_pir));
	/* queue 1 of VF0 is not capped */
	CHECK(r[1] > 4 * q_pir);
	/* held back most of the time, by its own shaper only */
	stats(drv[0].node, false, &st);
	/* most of the time while the model runs; a busy machine keeps it
	 * from running, and that time is not the shaper's
	 */
	printf("  held back %.0f%% of the time\n",
	       st.stall_ns / ((WARM_S + MEASURE_S) * 1e7));
	CHECK(st.stall_ns > (WARM_S + MEASURE_S) / 10 * 1e9);
	CHECK(st.stall_ns < (WARM_S + MEASURE_S + 0.01) * 1e9);
	stats(SRIOVNIC_TM_NODE_FUNC(1), true, &st);
	CHECK(st.stall_ns == 0);
	check_nothing_dropped();
}

/* The port capped at 160 Mbit/s shared 1:3 by weight; the frames differ
 * in size, the bytes are in ratio
 */
static void
test_weights(void)
{
	const double pir = 20000000;
	double r[NB_DRV];

	printf("weights\n");
	CHECK(node_set(SRIOVNIC_TM_NODE_PORT, 0, 0, pir) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(1), 1, 0, 0) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 3, 0, 0) == 0);
	CHECK(commit(0, NULL) == 0);
	rates(r, MEASURE_S);
	CHECK(near(r[0] + r[1], pir / 4));
	CHECK(near(r[2], pir * 3 / 4));
	check_nothing_dropped();
}

/* Strict priority under the port's cap: VF1 (priority 0) first, VF0
 * (priority 1) gets nothing while VF1 takes it all, whatever the weights
 */
static void
test_priority(void)
{
	const double pir = 20000000;
	struct sriovnic_aq_desc d;
	double r[NB_DRV];
	uint16_t info;

	printf("priority\n");
	CHECK(node_set(SRIOVNIC_TM_NODE_PORT, 0, 0, pir) == 0);
	node_set_desc(&d, SRIOVNIC_TM_NODE_FUNC(1), 1, 100, 0, 0, 0, 0);
	CHECK(cmd(&d, &info) == 0);
	CHECK(commit(0, NULL) == 0);
	rates(r, MEASURE_S);
	CHECK(r[0] + r[1] < pir * TOL);
	CHECK(near(r[2], pir));
	check_nothing_dropped();
}

/* VF0's committed rate holds against VF1's ten times larger weight */
static void
test_cir(void)
{
	const double pir = 20000000, cir = 15000000;
	double r[NB_DRV];

	printf("committed rate\n");
	CHECK(node_set(SRIOVNIC_TM_NODE_PORT, 0, 0, pir) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(1), 1, cir, 0) == 0);
	CHECK(node_set(SRIOVNIC_TM_NODE_FUNC(2), 10, 0, 0) == 0);
	CHECK(commit(0, NULL) == 0);
	rates(r, MEASURE_S);
	CHECK(r[0] + r[1] >= cir * (1 - TOL));
	CHECK(r[2] > 0);
	CHECK(near(r[0] + r[1] + r[2], pir));
	check_nothing_dropped();
}

/* A suspended queue or function sends nothing, its ring stays full; it
 * sends again when resumed
 */
static void
test_suspend(void)
{
	struct sriovnic_aq_tm_stats st;
	uint32_t head;
	double r[NB_DRV];

	printf("suspend and resume\n");
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_SUSPEND, drv[0].node) == 0);
	/* twice is fine */
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_SUSPEND, drv[0].node) == 0);
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_SUSPEND,
		       SRIOVNIC_TM_NODE_FUNC(2)) == 0);
	run(0.01);
	stats(drv[0].node, true, &st);
	head = qreg(&drv[0], SRIOVNIC_Q_HEAD);
	rates(r, GLANCE_S);
	CHECK(r[0] == 0 && r[1] > 0 && r[2] == 0);
	CHECK(qreg(&drv[0], SRIOVNIC_Q_HEAD) == head);
	CHECK(((drv[0].tail - head) & (RING - 1)) == RING - 1);
	stats(drv[0].node, false, &st);
	CHECK(st.pkts == 0 && st.stall_ns == 0);
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_RESUME, drv[0].node) == 0);
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_RESUME, drv[0].node) == 0);
	CHECK(node_cmd(SRIOVNIC_AQC_TM_NODE_RESUME,
		       SRIOVNIC_TM_NODE_FUNC(2)) == 0);
	rates(r, GLANCE_S);
	CHECK(r[0] > 0 && r[1] > 0 && r[2] > 0);
	check_nothing_dropped();
}

static int
setup(void)
{
	static const uint32_t len[NB_DRV] = { 1000, 1000, 300 };
	static const uint16_t func[NB_DRV] = { 1, 1, 2 };
	static const unsigned int queue[NB_DRV] = { 0, 1, 0 };
	unsigned int i;
	int ret;

	ret = aq_setup();
	for (i = 0; ret == 0 && i < NB_DRV; i++)
		ret = drv_setup(&drv[i], i, func[i], queue[i], len[i]);
	if (ret < 0)
		return ret;
	emu_poll_config(&emu, true);
	for (i = 0; i < NB_DRV; i++)
		if (qreg(&drv[i], SRIOVNIC_Q_STATUS) != SRIOVNIC_QSTAT_ENABLED)
			return -EINVAL;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct drv_play_card card;
	char *model_opts[] = { "--vfs", "2", "--queues", "2", NULL };
	int ret;

	RTE_SET_USED(argc);
	if (drv_play_start(&emu, &card, "emu-sched-test", argv[0],
			   model_opts) != 0)
		return EXIT_FAILURE;
	hz = rte_get_tsc_hz();
	CHECK(drv_rd32(&emu.funcs[0], SRIOVNIC_CAPS) & SRIOVNIC_CAP_SCHED);
	CHECK(drv_rd32(&emu.funcs[0], SRIOVNIC_TM_PRIOS) == 8);
	ret = setup();
	CHECK(ret == 0);
	if (ret == 0) {
		test_commands();
		test_stats();
		test_pir();
		test_weights();
		test_priority();
		test_cir();
		test_suspend();
	}
	emu_stop(&emu);
	emu_eal_stop();
	printf("%s: %d failure(s)\n", argv[0], failures);
	return failures == 0 && ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
