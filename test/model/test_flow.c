/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/*
 * sriovnic-emu-flow-test: the admin queue (datasheet 12) and the flow
 * engine (13) of the device model, driven in-process. This program plays
 * the PF driver (admin commands from a ring in its registered memory) and
 * the receive side of the PF and two VFs (rx rings on queues 0..3), and
 * injects frames into the card's switch from the wire or a VF. It checks
 * the command checks and detail codes, then where frames land and what
 * their descriptors and the rule counters say.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_thash.h>
#include <rte_udp.h>

#include "aq.h"
#include "drv_play.h"
#include "flow.h"
#include "iommu.h"
#include "queue.h"
#include "switch.h"
#include "test_check.h"

#define T_VFS		2
#define T_QUEUES	4
#define T_RING		32
#define T_BUF		2048
#define T_AQ_LEN	32
#define T_VF0		SRIOVNIC_FUNC_VF(0)
#define T_VF1		SRIOVNIC_FUNC_VF(1)
#define T_FUNCS		(T_VF1 + 1)
#define T_IOVA(f)	(UINT64_C(0x10000000) * ((f) + 1))
#define T_LEN		128	/* untagged test frames */
#define T_RULES		1024	/* --flow-rules: fewer than a card's */
#define T_RULES_ARG	RTE_STR(T_RULES)
#define T_REP		T_QUEUES	/* the PF's ring for REP_RXQ(1) */
#define T_RINGS		(T_QUEUES + 1)

/* One function's memory: rx rings and buffers, and on the PF the admin
 * ring and a rule buffer
 */
struct fn {
	struct emu_func *f;
	uint8_t *mem;
	size_t size;
	union sriovnic_rx_desc *rxr[T_RINGS];
	uint8_t *bufs[T_RINGS];
	uint32_t next[T_RINGS];
	struct sriovnic_aq_desc *aq;
	struct sriovnic_flow_rule *rule;
	uint32_t aq_tail;
};

/* What one received frame looked like */
struct rcv {
	int queue;		/* -1: nothing received */
	union sriovnic_rx_desc wb;
	uint8_t data[T_BUF];
};

static struct emu emu;
static struct fn fns[T_FUNCS];

static const struct rte_ether_addr vf_mac[T_VFS] = {
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x00 } },
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x01 } },
};
static const struct rte_ether_addr other_mac = {
	{ 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x99 } };


static uint64_t
fn_iova(const struct fn *d, const void *p)
{
	return T_IOVA(d->f->id) + ((const uint8_t *)p - d->mem);
}

/* Rx ring q of d at the registers regs */
static void
fn_ring(struct fn *d, unsigned int q, uint32_t regs)
{
	uint64_t base = fn_iova(d, d->rxr[q]);
	unsigned int i;

	for (i = 0; i < T_RING; i++)
		d->rxr[q][i].read.buf_addr = fn_iova(d, d->bufs[q] + i * T_BUF);
	drv_ring_enable(d->f, regs, base, T_RING, T_BUF);
}

static int
fn_setup(struct fn *d, uint16_t id)
{
	size_t rings = T_RINGS * T_RING * sizeof(union sriovnic_rx_desc);
	size_t bufs = (size_t)T_RINGS * T_RING * T_BUF;
	unsigned int q;
	int fd, ret;

	d->f = &emu.funcs[id];
	d->size = 4096 + rings + bufs;
	fd = memfd_create("flow-test", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, d->size) < 0)
		return -errno;
	d->mem = mmap(NULL, d->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		      0);
	if (d->mem == MAP_FAILED)
		return -errno;
	ret = emu_iommu_add(d->f, T_IOVA(id), d->size, fd, 0);
	close(fd);
	if (ret < 0)
		return ret;
	/* admin ring (2 KiB) and rule buffer in the first page */
	d->aq = (struct sriovnic_aq_desc *)d->mem;
	d->rule = (struct sriovnic_flow_rule *)(d->mem + 2048);
	for (q = 0; q < T_RINGS; q++) {
		d->rxr[q] = (union sriovnic_rx_desc *)(d->mem + 4096) +
			q * T_RING;
		d->bufs[q] = d->mem + 4096 + rings + (size_t)q * T_RING * T_BUF;
		if (q < T_QUEUES)
			fn_ring(d, q, SRIOVNIC_RXQ(q));
		else if (id == SRIOVNIC_FUNC_PF)
			fn_ring(d, q, SRIOVNIC_REP_RXQ(1));
	}
	return 0;
}

/* Every ring's buffers but one posted */
static void
fn_start(struct fn *d)
{
	unsigned int q;

	for (q = 0; q < T_QUEUES; q++)
		drv_wr32(d->f, SRIOVNIC_RXQ(q) + SRIOVNIC_Q_TAIL, T_RING - 1);
	if (d->f->id == SRIOVNIC_FUNC_PF)
		drv_wr32(d->f, SRIOVNIC_REP_RXQ(1) + SRIOVNIC_Q_TAIL, T_RING - 1);
}

static void
aq_enable(struct fn *pf)
{
	drv_ring_enable(pf->f, SRIOVNIC_AQ, fn_iova(pf, pf->aq), T_AQ_LEN, 0);
	pf->aq_tail = 0;
	emu_poll_config(&emu, false);
}

/* Runs *d through the ring; the write-back comes back in *d */
static int
aq_exec(struct sriovnic_aq_desc *d)
{
	struct fn *pf = &fns[SRIOVNIC_FUNC_PF];
	struct sriovnic_aq_desc *slot = &pf->aq[pf->aq_tail];
	unsigned int n;

	*slot = *d;
	pf->aq_tail = (pf->aq_tail + 1) % T_AQ_LEN;
	drv_wr32(pf->f, SRIOVNIC_AQ_TAIL, pf->aq_tail);
	n = emu_aq_poll(&emu);
	CHECK(n == 1, "admin queue ran %u commands, not 1", n);
	CHECK(drv_rd32(pf->f, SRIOVNIC_AQ_HEAD) == pf->aq_tail,
	      "AQ_HEAD %u, expected %u", drv_rd32(pf->f, SRIOVNIC_AQ_HEAD),
	      pf->aq_tail);
	CHECK(slot->flags & SRIOVNIC_AQF_DONE, "no DONE");
	CHECK(!!(slot->flags & SRIOVNIC_AQF_ERR) == (slot->status != 0),
	      "ERR flag and status %d disagree", slot->status);
	CHECK(slot->cookie == d->cookie, "cookie changed");
	*d = *slot;
	return d->status;
}

static struct sriovnic_aq_desc
cmd(uint16_t opcode)
{
	struct sriovnic_aq_desc d;

	memset(&d, 0, sizeof(d));
	d.opcode = opcode;
	d.cookie = 0xc0ffee00 | opcode;
	return d;
}

/* A rule in the PF's rule buffer, to be filled in */
static struct sriovnic_flow_rule *
rule_new(void)
{
	struct sriovnic_flow_rule *r = fns[SRIOVNIC_FUNC_PF].rule;

	memset(r, 0, sizeof(*r));
	return r;
}

static struct sriovnic_aq_desc
add_cmd(uint32_t id, uint8_t table, uint8_t func, uint8_t group,
	uint8_t prio)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_FLOW_ADD);
	struct fn *pf = &fns[SRIOVNIC_FUNC_PF];

	d.buf_len = SRIOVNIC_FLOW_RULE_LEN;
	d.buf_addr = fn_iova(pf, pf->rule);
	d.param.flow_add.rule_id = id;
	d.param.flow_add.table = table;
	d.param.flow_add.func = func;
	d.param.flow_add.group = group;
	d.param.flow_add.priority = prio;
	return d;
}

/* FLOW_ADD of the rule buffer, expecting status and info */
static void
add_expect(struct sriovnic_aq_desc d, int status, uint16_t info,
	   uint16_t err_off, int line)
{
	aq_exec(&d);
	CHECK(d.status == status && d.info == info &&
	      d.param.flow_add.err_off == err_off,
	      "line %d: FLOW_ADD status %d info %u err_off %u, expected %d %u %u",
	      line, d.status, d.info, d.param.flow_add.err_off, status, info,
	      err_off);
}

#define ADD_OK(d) add_expect(d, 0, 0, SRIOVNIC_FLOW_ERR_OFF_NONE, __LINE__)
#define ADD_ERR(d, st, inf, off) add_expect(d, st, inf, off, __LINE__)

static void
quota_set(uint8_t func, uint32_t quota)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);

	d.param.flow_quota.func = func;
	d.param.flow_quota.qt_flags = SRIOVNIC_FQUOTA_SET;
	d.param.flow_quota.quota = quota;
	CHECK(aq_exec(&d) == 0, "FLOW_QUOTA: %d", d.status);
}

static struct sriovnic_aq_desc
query(uint32_t id, bool reset)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_FLOW_QUERY);

	d.param.flow_query.rule_id = id;
	d.param.flow_query.q_flags = reset ? SRIOVNIC_FQRY_RESET : 0;
	aq_exec(&d);
	return d;
}

static void
flush_all(void)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_FLOW_FLUSH);

	CHECK(aq_exec(&d) == 0, "FLOW_FLUSH: %d", d.status);
}

/* Key and mask: UDP over IPv4, to dst_ip and dport if not 0 */
static void
match_udp(struct sriovnic_flow_rule *r, uint8_t dst_last, uint16_t dport)
{
	r->key.layers = SRIOVNIC_FKL_L3_IPV4 << SRIOVNIC_FKL_L3_SHIFT |
		SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_FKL_L4_SHIFT;
	r->mask.layers = SRIOVNIC_FKL_L3_MASK | SRIOVNIC_FKL_L4_MASK;
	if (dst_last != 0) {
		r->key.dst_ip[0] = 198;
		r->key.dst_ip[1] = 18;
		r->key.dst_ip[3] = dst_last;
		memset(r->mask.dst_ip, 0xff, 4);
	}
	if (dport != 0) {
		r->key.dport = rte_cpu_to_be_16(dport);
		r->mask.dport = 0xffff;
	}
}

/* ---- frames ---- */

struct frame_spec {
	const struct rte_ether_addr *dst;
	const struct rte_ether_addr *src;
	uint16_t tci;		/* 0: untagged */
	uint8_t src_last;	/* 198.18.0.x */
	uint8_t dst_last;
	uint16_t sport;
	uint16_t dport;
};

static uint32_t
frame_build(uint8_t *p, const struct frame_spec *s)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	uint32_t l2 = sizeof(*eth) + (s->tci != 0 ? RTE_VLAN_HLEN : 0);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + l2);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint32_t len = T_LEN + l2 - sizeof(*eth);

	memset(p, 0, len);
	eth->dst_addr = *s->dst;
	eth->src_addr = *s->src;
	if (s->tci != 0) {
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_VLAN);
		p[14] = s->tci >> 8;
		p[15] = s->tci;
		p[16] = RTE_ETHER_TYPE_IPV4 >> 8;
		p[17] = RTE_ETHER_TYPE_IPV4 & 0xff;
	} else {
		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	}
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len - l2);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 0, s->src_last));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 0, s->dst_last));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(s->sport);
	udp->dst_port = rte_cpu_to_be_16(s->dport);
	udp->dgram_len = rte_cpu_to_be_16(len - l2 - sizeof(*ip));
	return len;
}

/* The frame into the switch from src (a function or EMU_SRC_WIRE) */
static void
inject(uint16_t src, const struct frame_spec *s)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(emu.pool);
	uint8_t *p;
	uint32_t len;

	if (m == NULL) {
		CHECK(false, "no mbuf");
		return;
	}
	p = (uint8_t *)rte_pktmbuf_append(m, T_LEN + RTE_VLAN_HLEN);
	len = frame_build(p, s);
	rte_pktmbuf_trim(m, T_LEN + RTE_VLAN_HLEN - len);
	emu_switch_frame(&emu, src, m);
	emu_rx_flush();
}

/* The next frame function fid received on any queue, if any */
static void
receive(uint16_t fid, struct rcv *r)
{
	struct fn *d = &fns[fid];
	union sriovnic_rx_desc *rxd;
	unsigned int q;

	r->queue = -1;
	for (q = 0; q < T_RINGS; q++) {
		if (q == T_REP && fid != SRIOVNIC_FUNC_PF)
			break;
		rxd = &d->rxr[q][d->next[q]];
		if (!(rxd->wb.status & SRIOVNIC_RXD_DD))
			continue;
		r->queue = q;
		r->wb = *rxd;
		memcpy(r->data, d->bufs[q] + d->next[q] * T_BUF, T_BUF);
		rxd->read.buf_addr = fn_iova(d, d->bufs[q] +
					     d->next[q] * T_BUF);
		rxd->read.rsvd = 0;
		drv_wr32(d->f, (q == T_REP ? SRIOVNIC_REP_RXQ(1) :
			      SRIOVNIC_RXQ(q)) + SRIOVNIC_Q_TAIL, d->next[q]);
		d->next[q] = (d->next[q] + 1) % T_RING;
		return;
	}
}

/* Nothing received anywhere */
static bool
quiet(void)
{
	struct rcv r;
	uint16_t f;

	for (f = 0; f < T_FUNCS; f++) {
		receive(f, &r);
		if (r.queue >= 0)
			return false;
	}
	return true;
}

static uint32_t
rcv_mark(const struct rcv *r)
{
	return SRIOVNIC_RXD_MARK(r->wb.wb.mark_lo, r->wb.wb.mark_hi);
}

/* ---- tests ---- */

static void
test_aq_common(void)
{
	struct sriovnic_aq_desc d;

	d = cmd(SRIOVNIC_AQC_NOP);
	CHECK(aq_exec(&d) == 0 && d.info == 0, "NOP: %d/%u", d.status, d.info);
	d = cmd(0x0999);
	CHECK(aq_exec(&d) == -EOPNOTSUPP && d.info == SRIOVNIC_AQE_OPCODE,
	      "bad opcode: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_METER_SET);
	CHECK(aq_exec(&d) == -EOPNOTSUPP && d.info == SRIOVNIC_AQE_OPCODE,
	      "METER_SET without CAP_METER: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_NOP);
	d.flags = 1u << 5;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_PARAM,
	      "reserved flag: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.buf_len = 8;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_BUF,
	      "buffer on FLOW_DEL: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.param.flow_del.rule_id = 5;
	CHECK(aq_exec(&d) == -ENOENT && d.info == SRIOVNIC_AQE_RULE_UNKNOWN,
	      "FLOW_DEL of no rule: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.param.flow_del.rule_id = 5;
	d.param.flow_del.rsvd[3] = 1;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_PARAM,
	      "FLOW_DEL reserved: %d/%u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_FLOW_QUERY);
	d.param.flow_query.rule_id = T_RULES;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_RULE_ID,
	      "FLOW_QUERY range: %d/%u", d.status, d.info);
	CHECK(drv_rd32(&emu.funcs[0], SRIOVNIC_FLOW_RULES) ==
	      T_RULES &&
	      drv_rd32(&emu.funcs[0], SRIOVNIC_FLOW_GROUPS) == EMU_FLOW_GROUPS,
	      "FLOW_RULES/FLOW_GROUPS");
	CHECK(drv_rd32(&emu.funcs[T_VF0], SRIOVNIC_CAPS) & SRIOVNIC_CAP_FLOW,
	      "CAP_FLOW on a VF");
	/* the PF's quota after reset is FLOW_RULES, a VF's 0 */
	d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);
	CHECK(aq_exec(&d) == 0 && d.param.flow_quota.quota == T_RULES &&
	      d.param.flow_quota.used == 0, "PF quota %u used %u",
	      d.param.flow_quota.quota, d.param.flow_quota.used);
	d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);
	d.param.flow_quota.func = T_VF1;
	CHECK(aq_exec(&d) == 0 && d.param.flow_quota.quota == 0,
	      "VF quota %u", d.param.flow_quota.quota);
}

/* Enable, errors, disable of the queue itself (12.2) and AQF_SI */
static void
test_aq_queue(void)
{
	struct fn *pf = &fns[SRIOVNIC_FUNC_PF];
	struct sriovnic_aq_desc d;
	uint64_t base = fn_iova(pf, pf->aq), n = 0;
	int efd;

	/* AQF_SI signals vector 0 */
	efd = eventfd(0, EFD_NONBLOCK);
	pf->f->irq[SRIOVNIC_VEC_MISC] = efd;
	drv_wr32(pf->f, SRIOVNIC_INT_ENABLE, 1u << SRIOVNIC_VEC_MISC);
	d = cmd(SRIOVNIC_AQC_NOP);
	d.flags = SRIOVNIC_AQF_SI;
	CHECK(aq_exec(&d) == 0 && (d.flags & SRIOVNIC_AQF_SI),
	      "NOP with SI: %d flags %x", d.status, d.flags);
	CHECK(read(efd, &n, sizeof(n)) == sizeof(n) && n == 1,
	      "AQF_SI: vector 0 signalled %" PRIu64 " times", n);
	d = cmd(SRIOVNIC_AQC_NOP);
	aq_exec(&d);
	CHECK(read(efd, &n, sizeof(n)) < 0, "vector 0 without AQF_SI");
	drv_wr32(pf->f, SRIOVNIC_INT_ENABLE, 0);
	pf->f->irq[SRIOVNIC_VEC_MISC] = -1;
	close(efd);

	/* a doorbell beyond the ring stops the queue */
	drv_wr32(pf->f, SRIOVNIC_AQ_TAIL, T_AQ_LEN);
	CHECK(emu_aq_poll(&emu) == 0 &&
	      drv_rd32(pf->f, SRIOVNIC_AQ_STATUS) == SRIOVNIC_AQSTAT_ERROR,
	      "TAIL beyond the ring: status %x",
	      drv_rd32(pf->f, SRIOVNIC_AQ_STATUS));
	drv_wr32(pf->f, SRIOVNIC_AQ_CTRL, 0);
	emu_poll_config(&emu, false);
	CHECK(drv_rd32(pf->f, SRIOVNIC_AQ_STATUS) == 0, "disable: status %x",
	      drv_rd32(pf->f, SRIOVNIC_AQ_STATUS));
	/* a ring base that is not 128-aligned is refused */
	drv_wr32(pf->f, SRIOVNIC_AQ_BASE_LO, base + 64);
	drv_wr32(pf->f, SRIOVNIC_AQ_TAIL, 0);
	drv_wr32(pf->f, SRIOVNIC_AQ_CTRL, SRIOVNIC_AQCTRL_ENABLE);
	emu_poll_config(&emu, false);
	CHECK(drv_rd32(pf->f, SRIOVNIC_AQ_STATUS) == SRIOVNIC_AQSTAT_ERROR,
	      "misaligned ring: status %x", drv_rd32(pf->f, SRIOVNIC_AQ_STATUS));
	drv_wr32(pf->f, SRIOVNIC_AQ_CTRL, 0);
	emu_poll_config(&emu, false);
	/* re-enabled, it starts at 0; disabled, it runs nothing */
	aq_enable(pf);
	CHECK(drv_rd32(pf->f, SRIOVNIC_AQ_HEAD) == 0, "HEAD after enable");
	d = cmd(SRIOVNIC_AQC_NOP);
	CHECK(aq_exec(&d) == 0, "NOP after re-enable: %d", d.status);
	drv_wr32(pf->f, SRIOVNIC_AQ_CTRL, 0);
	memset(&pf->aq[1], 0, sizeof(pf->aq[1]));
	pf->aq[1].opcode = SRIOVNIC_AQC_NOP;
	drv_wr32(pf->f, SRIOVNIC_AQ_TAIL, 2);
	CHECK(emu_aq_poll(&emu) == 0 && !(pf->aq[1].flags & SRIOVNIC_AQF_DONE),
	      "a disabled queue ran a command");
	emu_poll_config(&emu, false);
	aq_enable(pf);
}

static void
test_add_checks(void)
{
	struct sriovnic_flow_rule *r;
	struct sriovnic_aq_desc d;
	const uint16_t K = sizeof(struct sriovnic_flow_key);
	const uint16_t A = SRIOVNIC_FLOW_RULE_ACT_OFF;

	r = rule_new();
	r->act.fate = SRIOVNIC_FATE_DROP;
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	d.param.flow_add.rsvd[0] = 1;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_PARAM, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(1, 2, 0, 0, 0);
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_TABLE, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1 + 1, 0, 0);
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_TABLE, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(T_RULES, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_RULE_ID, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	d.buf_len = 128;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_BUF, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	d.buf_addr = 0x1000;
	ADD_ERR(d, -EFAULT, SRIOVNIC_AQE_DMA, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, EMU_FLOW_GROUPS, 0);
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_GROUP, SRIOVNIC_FLOW_ERR_OFF_NONE);

	/* key and mask, with the offending byte */
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	r->key.src_mac[2] = 1;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, 16);
	r = rule_new();
	r->act.fate = SRIOVNIC_FATE_DROP;
	r->mask.ip_frag = 0xff;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 7);
	/* ip_frag compared only on IP frames (13.4 rule 6) */
	r->mask.ip_frag = SRIOVNIC_FKF_FRAG;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 7);
	r->mask.ip_frag = 0;
	r->mask.in_port = 0x0f;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 0);
	r->mask.in_port = 0xff;
	r->key.in_port = T_VF1 + 1;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, 0);
	r->mask.in_port = 0;
	r->key.in_port = 0;
	r->mask.layers = 1u << SRIOVNIC_FKL_L3_SHIFT;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 1);
	r->mask.layers = 0;
	r->mask.dport = 0xffff;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 58);
	r->mask.dport = 0;
	match_udp(r, 2, 0);
	r->mask.dst_ip[5] = 0xff;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 45);
	r->mask.dst_ip[5] = 0;
	r->mask.vlan_tci = 0xffff;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_KEY, K + 22);
	r->mask.vlan_tci = 0;

	/* actions */
	r->act.fate = 0;
	ADD_ERR(d, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A + 0);
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	ADD_ERR(d, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A + 0);
	r->act.fate = SRIOVNIC_FATE_DROP;
	r->act.mods = SRIOVNIC_FMOD_MARK;
	ADD_ERR(d, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A + 2);
	r->act.mods = SRIOVNIC_FMOD_METER;
	ADD_ERR(d, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A + 2);
	r->act.mods = 0;
	r->act.fate = SRIOVNIC_FATE_PORT;
	r->act.dest = T_VF1 + 1;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A + 8);
	r->act.fate = SRIOVNIC_FATE_JUMP;
	r->act.dest = 0;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A + 9);
	r->act.fate = SRIOVNIC_FATE_DROP;
	r->act.rsvd1[3] = 1;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A + 83);
	r->act.rsvd1[3] = 0;
	r->act.mods = SRIOVNIC_FMOD_VLAN_SET_VID;
	r->act.set_vid = 4095;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A + 14);
	r->act.mods = 0;
	r->act.set_vid = 0;
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_INGRESS, 0, 0, 0);
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = T_QUEUES;
	ADD_ERR(d, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A + 1);
	r->act.queue = 0;
	r->act.fate = SRIOVNIC_FATE_PORT;
	ADD_ERR(d, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A + 0);

	/* validate, add, exists, delete */
	r->act.fate = SRIOVNIC_FATE_DROP;
	d = add_cmd(0, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	d.param.flow_add.add_flags = SRIOVNIC_FADD_VALIDATE;
	ADD_OK(d);
	d = query(0, false);
	CHECK(d.status == -ENOENT, "VALIDATE installed a rule");
	d = add_cmd(1, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0);
	ADD_OK(d);
	ADD_ERR(d, -EEXIST, SRIOVNIC_AQE_RULE_EXISTS,
		SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = query(1, false);
	CHECK(d.status == 0 && d.param.flow_query.table ==
	      SRIOVNIC_FLOW_TBL_SWITCH && d.param.flow_query.hits == 0,
	      "FLOW_QUERY of a new rule: %d", d.status);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.param.flow_del.rule_id = 1;
	CHECK(aq_exec(&d) == 0, "FLOW_DEL: %d", d.status);
	d = query(1, false);
	CHECK(d.status == -ENOENT, "deleted rule still there");

	/* quotas: VFs have none after reset */
	r->act.fate = SRIOVNIC_FATE_DROP;
	d = add_cmd(2, SRIOVNIC_FLOW_TBL_INGRESS, T_VF0, 0, 0);
	ADD_ERR(d, -ENOSPC, SRIOVNIC_AQE_QUOTA, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d.param.flow_add.add_flags = SRIOVNIC_FADD_VALIDATE;
	d.param.flow_add.rule_id = 0;
	ADD_ERR(d, -ENOSPC, SRIOVNIC_AQE_QUOTA, SRIOVNIC_FLOW_ERR_OFF_NONE);
	quota_set(T_VF0, 1);
	d = add_cmd(2, SRIOVNIC_FLOW_TBL_INGRESS, T_VF0, 0, 0);
	ADD_OK(d);
	d = add_cmd(3, SRIOVNIC_FLOW_TBL_INGRESS, T_VF0, 0, 0);
	ADD_ERR(d, -ENOSPC, SRIOVNIC_AQE_QUOTA, SRIOVNIC_FLOW_ERR_OFF_NONE);
	d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);
	d.param.flow_quota.func = T_VF0;
	CHECK(aq_exec(&d) == 0 && d.param.flow_quota.quota == 1 &&
	      d.param.flow_quota.used == 1, "FLOW_QUOTA read: %d %u %u",
	      d.status, d.param.flow_quota.quota, d.param.flow_quota.used);
	/* a quota below the count: the rules stay */
	quota_set(T_VF0, 0);
	d = query(2, false);
	CHECK(d.status == 0, "quota 0 removed a rule");
	d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);
	d.param.flow_quota.func = T_VF0;
	d.param.flow_quota.qt_flags = SRIOVNIC_FQUOTA_SET;
	d.param.flow_quota.quota = T_RULES + 1;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_PARAM,
	      "quota beyond FLOW_RULES: %d", d.status);
	d = cmd(SRIOVNIC_AQC_FLOW_FLUSH);
	d.param.flow_flush.scope = SRIOVNIC_FFLUSH_INGRESS;
	d.param.flow_flush.func = T_VF0;
	CHECK(aq_exec(&d) == 0 && d.param.flow_flush.deleted == 1,
	      "FLOW_FLUSH ingress: %d deleted %u", d.status,
	      d.param.flow_flush.deleted);
	d = cmd(SRIOVNIC_AQC_FLOW_FLUSH);
	d.param.flow_flush.scope = 3;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_PARAM,
	      "FLOW_FLUSH scope: %d", d.status);
}

static void
test_switch(void)
{
	struct frame_spec s = { .dst = &other_mac, .src = &other_mac,
				.src_last = 1, .dst_last = 7, .sport = 9,
				.dport = 9 };
	struct sriovnic_flow_rule *r;
	struct sriovnic_aq_desc d;
	uint64_t drops;
	struct rcv rc;

	/* without rules an unknown unicast address from the wire is lost */
	inject(EMU_SRC_WIRE, &s);
	CHECK(quiet(), "frame to an unknown MAC delivered");

	/* PORT to VF1 */
	r = rule_new();
	match_udp(r, 7, 0);
	r->act.fate = SRIOVNIC_FATE_PORT;
	r->act.dest = T_VF1;
	ADD_OK(add_cmd(100, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 5));
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0 && rc.wb.wb.pkt_len == T_LEN,
	      "PORT VF1: queue %d len %u", rc.queue, rc.wb.wb.pkt_len);
	CHECK(quiet(), "PORT VF1: more than one copy");
	d = query(100, true);
	CHECK(d.param.flow_query.hits == 1 &&
	      d.param.flow_query.bytes == T_LEN, "hits %" PRIu64 " bytes %"
	      PRIu64, d.param.flow_query.hits, d.param.flow_query.bytes);
	d = query(100, false);
	CHECK(d.param.flow_query.hits == 0, "FQRY_RESET left hits");

	/* DROP of a frame VF0 sends to VF1's MAC, counted */
	r = rule_new();
	match_udp(r, 8, 0);
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(101, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 5));
	s.dst = &vf_mac[1];
	s.src = &vf_mac[0];
	s.dst_last = 8;
	drops = drv_rd64(&emu.funcs[T_VF0], SRIOVNIC_ST_TX_DROPS);
	inject(T_VF0, &s);
	CHECK(quiet(), "DROP: frame delivered");
	CHECK(drv_rd64(&emu.funcs[T_VF0], SRIOVNIC_ST_TX_DROPS) == drops + 1,
	      "DROP: TX_DROPS not counted");
	d = query(101, false);
	CHECK(d.param.flow_query.hits == 1, "DROP: hits %" PRIu64,
	      d.param.flow_query.hits);
	/* the same frame to another address goes by MAC */
	s.dst_last = 9;
	inject(T_VF0, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0, "no rule: MAC lookup did not deliver");

	/* VLAN push on PORT: VF1 gets the tag in its buffer */
	r = rule_new();
	match_udp(r, 10, 0);
	r->act.fate = SRIOVNIC_FATE_PORT;
	r->act.dest = T_VF1;
	r->act.mods = SRIOVNIC_FMOD_VLAN_PUSH;
	r->act.push_tci = 100 | 3 << 13;
	ADD_OK(add_cmd(102, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 5));
	s.dst = &other_mac;
	s.src = &other_mac;
	s.dst_last = 10;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0 && rc.wb.wb.pkt_len == T_LEN + RTE_VLAN_HLEN &&
	      rc.data[12] == 0x81 && rc.data[13] == 0x00 &&
	      rc.data[14] == 0x60 && rc.data[15] == 100,
	      "VLAN push: len %u tag %02x%02x %02x%02x", rc.wb.wb.pkt_len,
	      rc.data[12], rc.data[13], rc.data[14], rc.data[15]);

	/* VLAN pop, then the MAC lookup (PASSTHRU makes no decision) */
	r = rule_new();
	r->key.layers = SRIOVNIC_FKL_VLAN;
	r->mask.layers = SRIOVNIC_FKL_VLAN;
	r->act.fate = SRIOVNIC_FATE_PASSTHRU;
	r->act.mods = SRIOVNIC_FMOD_VLAN_POP;
	ADD_OK(add_cmd(103, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	s.dst = &vf_mac[0];
	s.tci = 200;
	s.dst_last = 11;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF0, &rc);
	CHECK(rc.queue == 0 && rc.wb.wb.pkt_len == T_LEN &&
	      rc.data[12] == 0x08 && rc.data[13] == 0x00 &&
	      !(rc.wb.wb.status & SRIOVNIC_RXD_L2TAG),
	      "VLAN pop: queue %d len %u type %02x%02x", rc.queue,
	      rc.wb.wb.pkt_len, rc.data[12], rc.data[13]);
	s.tci = 0;
	flush_all();

	/* REP from the wire: the PF's REP_RXQ(1) */
	r = rule_new();
	match_udp(r, 12, 0);
	r->act.fate = SRIOVNIC_FATE_REP;
	r->act.dest = 1;
	ADD_OK(add_cmd(104, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	s.dst = &vf_mac[0];
	s.dst_last = 12;
	inject(EMU_SRC_WIRE, &s);
	receive(SRIOVNIC_FUNC_PF, &rc);
	CHECK(rc.queue == T_REP && rc.wb.wb.pkt_len == T_LEN,
	      "REP: queue %d", rc.queue);
	CHECK(quiet(), "REP: more copies");

	/* in_port: VF0's frames only */
	r = rule_new();
	match_udp(r, 13, 0);
	r->key.in_port = T_VF0;
	r->mask.in_port = 0xff;
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(105, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	s.dst = &vf_mac[1];
	s.dst_last = 13;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0, "in_port: the wire's frame dropped");
	inject(T_VF0, &s);
	CHECK(quiet(), "in_port: VF0's frame delivered");
	flush_all();
}

static void
rule_del(uint32_t id)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_FLOW_DEL);

	d.param.flow_del.rule_id = id;
	CHECK(aq_exec(&d) == 0, "FLOW_DEL %u: %d", id, d.status);
}

/* Many keys of one mask, more than a subtable's first hash holds, then
 * half of them deleted: each frame meets exactly the rules still there
 */
static void
test_many_keys(void)
{
	struct frame_spec s = { .dst = &vf_mac[1], .src = &other_mac,
				.src_last = 1, .dst_last = 2, .sport = 1000 };
	struct sriovnic_flow_rule *r;
	unsigned int i, n = 200;
	struct rcv rc;

	for (i = 0; i < n; i++) {
		r = rule_new();
		match_udp(r, 0, 6000 + i);
		r->act.fate = SRIOVNIC_FATE_DROP;
		ADD_OK(add_cmd(300 + i, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	}
	for (i = 0; i < n; i += 2)
		rule_del(300 + i);
	for (i = 0; i <= n; i++) {
		s.dport = 6000 + i;
		inject(EMU_SRC_WIRE, &s);
		if (i % 2 == 1) {
			CHECK(quiet(), "many keys: port %u not dropped", s.dport);
			continue;
		}
		receive(T_VF1, &rc);
		CHECK(rc.queue >= 0, "many keys: port %u dropped", s.dport);
	}
	for (i = 1; i < n; i += 2)
		rule_del(300 + i);
	flush_all();
}

/* Fields no other rule of the table matches on: the key has them as soon
 * as a rule's mask covers them
 */
static void
test_key_parts(void)
{
	struct frame_spec s = { .dst = &vf_mac[1], .src = &other_mac,
				.src_last = 7, .dst_last = 2, .sport = 1234,
				.dport = 4321 };
	struct sriovnic_flow_rule *r;
	struct rcv rc;

	/* source MAC and port */
	r = rule_new();
	match_udp(r, 0, 0);
	memcpy(r->key.src_mac, &other_mac, sizeof(r->key.src_mac));
	memset(r->mask.src_mac, 0xff, sizeof(r->mask.src_mac));
	r->key.sport = rte_cpu_to_be_16(1234);
	r->mask.sport = 0xffff;
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(600, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	/* source address */
	r = rule_new();
	match_udp(r, 0, 0);
	r->key.src_ip[0] = 198;
	r->key.src_ip[1] = 18;
	r->key.src_ip[3] = 8;
	memset(r->mask.src_ip, 0xff, 4);
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(601, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	inject(EMU_SRC_WIRE, &s);
	CHECK(quiet(), "MAC and port: frame not dropped");
	s.sport = 1235;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue >= 0, "MAC and another port: frame dropped");
	s.src_last = 8;
	inject(EMU_SRC_WIRE, &s);
	CHECK(quiet(), "source address: frame not dropped");
	rule_del(600);
	s.sport = 1234;
	s.src_last = 7;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue >= 0, "MAC and port rule deleted: frame dropped");
	rule_del(601);
	flush_all();
}

static void
test_ingress(void)
{
	struct frame_spec s = { .dst = &vf_mac[1], .src = &other_mac,
				.src_last = 1, .dst_last = 2, .sport = 1000,
				.dport = 5000 };
	union rte_thash_tuple t;
	struct sriovnic_flow_rule *r;
	uint32_t hash, key_be[10], drops;
	struct sriovnic_aq_desc d;
	unsigned int i, seen = 0;
	struct rcv rc, rc2;

	quota_set(T_VF1, 16);
	/* QUEUE 2 with MARK and FLAG */
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 2;
	r->act.mods = SRIOVNIC_FMOD_MARK | SRIOVNIC_FMOD_FLAG;
	r->act.mark = 0x12345678;
	ADD_OK(add_cmd(200, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 2 && rcv_mark(&rc) == 0x12345678 &&
	      rc.wb.wb.status_ext == (SRIOVNIC_RXDX_MARK | SRIOVNIC_RXDX_FLAG) &&
	      !(rc.wb.wb.status & SRIOVNIC_RXD_RSS),
	      "QUEUE+MARK: queue %d mark %x ext %x", rc.queue, rcv_mark(&rc),
	      rc.wb.wb.status_ext);
	/* another port: RSS of the function (off: queue 0), no mark */
	s.dport = 5001;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0 && rc.wb.wb.status_ext == 0,
	      "no match: queue %d ext %x", rc.queue, rc.wb.wb.status_ext);
	/* the other VF's table is not VF1's */
	s.dst = &vf_mac[0];
	s.dport = 5000;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF0, &rc);
	CHECK(rc.queue == 0 && rc.wb.wb.status_ext == 0,
	      "VF0 used VF1's table: queue %d", rc.queue);
	s.dst = &vf_mac[1];

	/* priority: a lower priority value wins over a lower id */
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 3;
	ADD_OK(add_cmd(300, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	/* equal priority 0 with 200: id 200 first, queue 2 */
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 2, "equal priority: queue %d, not the lower id's",
	      rc.queue);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.param.flow_del.rule_id = 300;
	aq_exec(&d);
	/* in group 1, which no rule jumps to */
	ADD_OK(add_cmd(300, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 1, 0));
	r = rule_new();
	match_udp(r, 2, 5000);	/* another mask: another subtable */
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 1;
	ADD_OK(add_cmd(150, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 1));
	/* 200 at priority 0 before 150 at priority 1 */
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 2, "priority order: queue %d", rc.queue);
	d = cmd(SRIOVNIC_AQC_FLOW_DEL);
	d.param.flow_del.rule_id = 200;
	aq_exec(&d);
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 1, "after delete, the other subtable: queue %d",
	      rc.queue);
	flush_all();

	/* PASSTHRU with FLAG, then QUEUE at a later priority */
	r = rule_new();
	r->act.fate = SRIOVNIC_FATE_PASSTHRU;
	r->act.mods = SRIOVNIC_FMOD_FLAG;
	ADD_OK(add_cmd(10, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 1));
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 1;
	ADD_OK(add_cmd(11, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 2));
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 1 && rc.wb.wb.status_ext == SRIOVNIC_RXDX_FLAG,
	      "PASSTHRU: queue %d ext %x", rc.queue, rc.wb.wb.status_ext);
	flush_all();

	/* JUMP with MARK into group 3, QUEUE there; group 3 alone is not
	 * looked at
	 */
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_JUMP;
	r->act.group = 3;
	r->act.mods = SRIOVNIC_FMOD_MARK;
	r->act.mark = 77;
	ADD_OK(add_cmd(20, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	r = rule_new();
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 3;
	ADD_OK(add_cmd(21, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 3, 0));
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 3 && rcv_mark(&rc) == 77 &&
	      rc.wb.wb.status_ext == SRIOVNIC_RXDX_MARK,
	      "JUMP: queue %d mark %u", rc.queue, rcv_mark(&rc));
	s.dport = 5001;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	CHECK(rc.queue == 0, "no JUMP: group 3 used, queue %d", rc.queue);
	s.dport = 5000;
	flush_all();

	/* DROP: RX_FLOW_DROPS */
	quota_set(T_VF1, 16);
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(30, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	drops = drv_rd64(&emu.funcs[T_VF1], SRIOVNIC_ST_RX_FLOW_DROPS);
	inject(EMU_SRC_WIRE, &s);
	CHECK(quiet(), "ingress DROP delivered");
	CHECK(drv_rd64(&emu.funcs[T_VF1], SRIOVNIC_ST_RX_FLOW_DROPS) ==
	      drops + 1, "RX_FLOW_DROPS not counted");
	flush_all();

	/* RSS over queues 1 and 3 with the rule's key */
	r = rule_new();
	match_udp(r, 0, 5000);
	r->act.fate = SRIOVNIC_FATE_RSS;
	r->act.rss_types = SRIOVNIC_FRSS_IPV4_UDP;
	r->act.rss_flags = SRIOVNIC_FRSS_KEY;
	r->act.rss_nq = 2;
	r->act.rss_queue[0] = 1;
	r->act.rss_queue[1] = 3;
	memcpy(r->act.rss_key, sriovnic_rss_key_default,
	       sizeof(r->act.rss_key));
	ADD_OK(add_cmd(40, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	for (i = 0; i < 10; i++)
		key_be[i] = rte_be_to_cpu_32(((const rte_be32_t *)
					     sriovnic_rss_key_default)[i]);
	for (i = 0; i < 32; i++) {
		s.sport = 1000 + i;
		inject(EMU_SRC_WIRE, &s);
		receive(T_VF1, &rc);
		t.v4.src_addr = RTE_IPV4(198, 18, 0, 1);
		t.v4.dst_addr = RTE_IPV4(198, 18, 0, 2);
		t.v4.sport = s.sport;
		t.v4.dport = s.dport;
		hash = rte_softrss_be((uint32_t *)&t, RTE_THASH_V4_L4_LEN,
				      (const uint8_t *)key_be);
		CHECK(rc.queue == ((hash & 0x7f) % 2 ? 3 : 1) &&
		      rc.wb.wb.rss_hash == hash &&
		      (rc.wb.wb.status & SRIOVNIC_RXD_RSS),
		      "RSS: queue %d hash %x, expected %x", rc.queue,
		      rc.wb.wb.rss_hash, hash);
		if (rc.queue >= 0)
			seen |= 1u << rc.queue;
	}
	CHECK(seen == (1u << 1 | 1u << 3), "RSS used queues %x", seen);
	flush_all();

	/* symmetric: both directions hash alike */
	r->act.rss_flags = SRIOVNIC_FRSS_SYMMETRIC | SRIOVNIC_FRSS_KEY;
	r->key.dport = 0;
	r->mask.dport = 0;
	ADD_OK(add_cmd(41, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	s.src_last = 5;
	s.dst_last = 6;
	s.sport = 1111;
	s.dport = 2222;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc);
	s.src_last = 6;
	s.dst_last = 5;
	s.sport = 2222;
	s.dport = 1111;
	inject(EMU_SRC_WIRE, &s);
	receive(T_VF1, &rc2);
	CHECK(rc.queue >= 0 && rc2.queue == rc.queue &&
	      rc.wb.wb.rss_hash == rc2.wb.wb.rss_hash,
	      "symmetric RSS: %x vs %x", rc.wb.wb.rss_hash,
	      rc2.wb.wb.rss_hash);
	flush_all();
}

/* A VF reset leaves the VF's ingress table to the PF driver (3.3); a PF
 * reset empties every table and restores the quotas (3.2)
 */
static void
test_resets(void)
{
	struct fn *pf = &fns[SRIOVNIC_FUNC_PF];
	struct emu_func *vf1 = &emu.funcs[T_VF1];
	struct sriovnic_flow_rule *r;
	struct sriovnic_aq_desc d;

	quota_set(T_VF1, 1);
	r = rule_new();
	r->act.fate = SRIOVNIC_FATE_DROP;
	ADD_OK(add_cmd(51, SRIOVNIC_FLOW_TBL_INGRESS, T_VF1, 0, 0));
	drv_wr32(vf1, SRIOVNIC_RESET_REQ, drv_rd32(vf1, SRIOVNIC_RESET_REQ) + 1);
	emu_poll_config(&emu, false);
	CHECK(drv_rd32(vf1, SRIOVNIC_RESET_DONE) == drv_rd32(vf1, SRIOVNIC_RESET_REQ),
	      "VF reset not done");
	d = query(51, false);
	CHECK(d.status == 0, "a VF reset deleted the VF's rule: %d", d.status);
	ADD_OK(add_cmd(50, SRIOVNIC_FLOW_TBL_SWITCH, 0, 0, 0));
	drv_wr32(pf->f, SRIOVNIC_RESET_REQ, drv_rd32(pf->f, SRIOVNIC_RESET_REQ) + 1);
	emu_poll_config(&emu, false);
	CHECK(drv_rd32(pf->f, SRIOVNIC_AQ_STATUS) == 0, "AQ still enabled");
	CHECK(emu.flow_nb[EMU_FLOW_SWITCH] == 0 && emu.flow_nb[T_VF1] == 0,
	      "tables not empty");
	aq_enable(pf);
	d = query(50, false);
	CHECK(d.status == -ENOENT, "rule survived the PF reset");
	d = cmd(SRIOVNIC_AQC_FLOW_QUOTA);
	d.param.flow_quota.func = T_VF1;
	CHECK(aq_exec(&d) == 0 && d.param.flow_quota.quota == 0,
	      "VF quota after reset %u", d.param.flow_quota.quota);
}

static int
setup(void)
{
	struct emu_func *pf = &emu.funcs[SRIOVNIC_FUNC_PF];
	uint16_t f;
	int ret;

	for (f = 0; f < T_FUNCS; f++) {
		ret = fn_setup(&fns[f], f);
		if (ret < 0)
			return ret;
	}
	drv_sw_vfs(pf, vf_mac, T_VFS);
	emu_poll_config(&emu, true);
	for (f = 0; f < T_FUNCS; f++)
		fn_start(&fns[f]);
	aq_enable(&fns[SRIOVNIC_FUNC_PF]);
	if (drv_rd32(pf, SRIOVNIC_AQ_STATUS) != SRIOVNIC_AQSTAT_ENABLED) {
		printf("the card refused the admin queue\n");
		return -EINVAL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct drv_play_card card;
	char *model_opts[] = {
		"--vfs", "2", "--queues", "4", "--flow-rules", T_RULES_ARG,
		NULL,
	};
	int ret;

	RTE_SET_USED(argc);
	if (drv_play_start(&emu, &card, "emu-flow", argv[0], model_opts) != 0)
		return EXIT_FAILURE;
	ret = setup();
	if (ret == 0) {
		test_aq_common();
		test_aq_queue();
		test_add_checks();
		test_switch();
		test_many_keys();
		test_key_parts();
		test_ingress();
		test_resets();
	}
	emu_stop(&emu);
	emu_eal_stop();
	if (ret != 0 || failures != 0) {
		printf("%d failures\n", failures);
		return EXIT_FAILURE;
	}
	printf("all flow tests passed\n");
	return EXIT_SUCCESS;
}
