/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/*
 * sriovnic-emu-vfstate-test: a VF's device state (datasheet 17) in the
 * device model, driven in-process. This program plays the PF driver
 * (admin commands and the state record in its memory) and the driver of
 * VF0, whose memory VF1 shares, so that a record can move from VF0 to
 * VF1. It checks suspension (no frame written, drops counted by the PF),
 * the record saved, every refusal of a bad record (the VF unchanged) and
 * restores into the same and into another VF that continue at the saved
 * ring position with the saved counters.
 */

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "aq.h"
#include "drv_play.h"
#include "iommu.h"
#include "queue.h"
#include "switch.h"
#include "test_check.h"

#define T_QUEUES	4
#define T_RING		32
#define T_BUF		2048
#define T_AQ_LEN	32
#define T_VF0		SRIOVNIC_FUNC_VF(0)
#define T_VF1		SRIOVNIC_FUNC_VF(1)
#define T_PF_IOVA	UINT64_C(0x10000000)
#define T_VF_IOVA	UINT64_C(0x20000000)
#define T_MEM		(4096 + T_RING * T_BUF)
#define T_LEN		64

static struct emu emu;
static uint8_t *pf_mem, *vf_mem;	/* VF1 registers VF0's memory too */
static struct sriovnic_aq_desc *aq;
static struct sriovnic_vf_state *rec;	/* the PF's record buffer */
static uint32_t aq_tail;

static const struct rte_ether_addr vf_mac[2] = {
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x00 } },
	{ { 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x01 } },
};

static struct emu_func *
fn(uint16_t id)
{
	return &emu.funcs[id];
}

static int
mem_add(uint8_t **mem, uint64_t iova, const uint16_t *ids, unsigned int n)
{
	unsigned int i;
	int fd, ret = 0;

	fd = memfd_create("vfstate-test", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, T_MEM) < 0)
		return -errno;
	*mem = mmap(NULL, T_MEM, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*mem == MAP_FAILED)
		ret = -errno;
	for (i = 0; ret == 0 && i < n; i++)
		ret = emu_iommu_add(fn(ids[i]), iova, T_MEM, fd, 0);
	close(fd);
	return ret;
}

static int
aq_exec(struct sriovnic_aq_desc *d)
{
	int ret = drv_aq_exec(&emu, aq, T_AQ_LEN, &aq_tail, d);

	CHECK(ret != -EIO, "admin command not run");
	return ret;
}

static struct sriovnic_aq_desc
cmd(uint16_t opcode, uint16_t vf)
{
	struct sriovnic_aq_desc d;

	memset(&d, 0, sizeof(d));
	d.opcode = opcode;
	d.param.vf_state.vf = vf;
	if (opcode == SRIOVNIC_AQC_VF_STATE_SAVE ||
	    opcode == SRIOVNIC_AQC_VF_STATE_RESTORE) {
		d.buf_len = SRIOVNIC_VFS_LEN;
		d.buf_addr = T_PF_IOVA + 4096;
	}
	return d;
}

/* A command expected to succeed; err_off is a refused restore's alone */
static int
run(uint16_t opcode, uint16_t vf)
{
	struct sriovnic_aq_desc d = cmd(opcode, vf);
	int ret = aq_exec(&d);

	CHECK(d.param.vf_state.err_off == SRIOVNIC_VFS_ERR_OFF_NONE,
	      "command %#x: err_off %u", opcode, d.param.vf_state.err_off);
	return ret;
}

/* A frame to VF vf's MAC from the wire */
static void
inject(unsigned int vf)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(emu.pool);
	struct rte_ether_hdr *eh;

	if (m == NULL) {
		CHECK(false, "no mbuf");
		return;
	}
	eh = (struct rte_ether_hdr *)rte_pktmbuf_append(m, T_LEN);
	memset(rte_pktmbuf_mtod(m, void *), 0, T_LEN);
	eh->dst_addr = vf_mac[vf];
	eh->src_addr.addr_bytes[0] = 0x02;
	eh->ether_type = rte_cpu_to_be_16(0x88b5);
	emu_switch_frame(&emu, EMU_SRC_WIRE, m);
	emu_rx_flush();
}

static uint32_t
head(uint16_t id)
{
	return drv_rd32(fn(id), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_HEAD);
}

static uint64_t
rx_pkts(uint16_t id)
{
	return drv_rd64(fn(id), SRIOVNIC_ST_RX_PKTS);
}

/* The record with its CRC made right again, as a hostile PF would */
static void
rec_seal(struct sriovnic_vf_state *r)
{
	r->crc = emu_vfs_crc(r);
}

/* VF0 as the good record left it: running at head 5 with 5 frames */
static void
expect_vf0_unharmed(const char *what)
{
	CHECK(head(T_VF0) == 5 && rx_pkts(T_VF0) == 5 &&
	      drv_rd32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_STATUS) ==
	      SRIOVNIC_QSTAT_ENABLED && fn(T_VF0)->rxq[0].ring != NULL &&
	      drv_rd64(fn(T_VF0), SRIOVNIC_ST_DMA_FAULTS) == 0,
	      "%s: VF0 changed: head %u, rx_pkts %" PRIu64, what, head(T_VF0),
	      rx_pkts(T_VF0));
}

#define VFS_OFF(field)	offsetof(struct sriovnic_vf_state, field)
#define VFS_SIZE(field)	sizeof(((struct sriovnic_vf_state *)0)->field)

/* A field of the good record set to val, the CRC made right again (seal)
 * or not; the refusal expected, err_off VFS_OFF(magic) for the field's
 * own offset
 */
struct bad_case {
	const char *what;
	size_t off;
	size_t size;
	uint64_t val;
	bool seal;
	int status;
	uint16_t info;
	size_t err_off;
};

#define BAD(w, f, v, s, st, i, e) \
	{ w, VFS_OFF(f), VFS_SIZE(f), v, s, st, i, e }
#define BAD_FIELD(w, f, v) \
	BAD(w, f, v, true, -EINVAL, SRIOVNIC_AQE_STATE_FIELD, VFS_OFF(magic))

static const struct bad_case bad_cases[] = {
	BAD("bit flip", rss_key[3], 1, false, -EINVAL,
	    SRIOVNIC_AQE_STATE_CORRUPT, 0),
	BAD("magic", magic, 0, false, -EINVAL, SRIOVNIC_AQE_STATE_CORRUPT, 0),
	BAD("version", version, 2, true, -EPROTONOSUPPORT,
	    SRIOVNIC_AQE_STATE_VERSION, 0),
	BAD("length", len, 4096, true, -EINVAL, SRIOVNIC_AQE_STATE_CORRUPT, 0),
	BAD_FIELD("17 queues", nb_rxq, 17),
	BAD_FIELD("max_frame", max_frame, 10000),
	BAD_FIELD("reserved counter", stats[15], 1),
	BAD_FIELD("misaligned ring", rxq[0].base, T_VF_IOVA + 8),
	BAD_FIELD("ring of 33", rxq[0].len, 33),
	BAD_FIELD("rx buffer of 100 bytes", rxq[0].buf_len, 100),
	BAD_FIELD("head beyond the ring", rxq[0].head, T_RING),
	BAD_FIELD("status", rxq[0].status, 7),
	BAD_FIELD("rx discard", rxq[0].flags, SRIOVNIC_VFSQ_DISCARD),
	BAD("a queue the VF has not", txq[T_QUEUES].tail, 1, true, -EINVAL,
	    SRIOVNIC_AQE_STATE_FIELD, VFS_OFF(txq[T_QUEUES].base)),
	BAD("ring outside the VF's memory", rxq[0].base, T_VF_IOVA + T_MEM,
	    true, -EFAULT, SRIOVNIC_AQE_STATE_RING, VFS_OFF(rxq[0].base)),
};

/* One bad record: refused with status, info and (for field errors) off */
static void
restore_bad(const struct sriovnic_vf_state *bad, int status, uint16_t info,
	    size_t off, const char *what)
{
	struct sriovnic_aq_desc d = cmd(SRIOVNIC_AQC_VF_STATE_RESTORE, 0);

	*rec = *bad;
	aq_exec(&d);
	CHECK(d.status == status && d.info == info,
	      "%s: status %d info %u, expected %d %u", what, d.status, d.info,
	      status, info);
	if (info == SRIOVNIC_AQE_STATE_FIELD || info == SRIOVNIC_AQE_STATE_RING)
		CHECK(d.param.vf_state.err_off == off,
		      "%s: err_off %u, expected %zu", what,
		      d.param.vf_state.err_off, off);
	expect_vf0_unharmed(what);
}

/* Two bad fields: the first in record order is the one reported, rx
 * queues before tx queues, and ring lookups come after every field (17.3)
 */
static void
test_order(const struct sriovnic_vf_state *good)
{
	static struct sriovnic_vf_state bad;

	bad = *good;
	bad.rxq[1].rsvd = 1;
	bad.txq[0].rsvd = 1;
	rec_seal(&bad);
	restore_bad(&bad, -EINVAL, SRIOVNIC_AQE_STATE_FIELD,
		    VFS_OFF(rxq[1].rsvd), "rx queue 1 and tx queue 0 bad");
	bad = *good;
	bad.rxq[0].base = T_VF_IOVA + T_MEM;
	bad.txq[1].rsvd = 1;
	rec_seal(&bad);
	restore_bad(&bad, -EINVAL, SRIOVNIC_AQE_STATE_FIELD,
		    VFS_OFF(txq[1].rsvd),
		    "a ring outside the VF's memory and tx queue 1 bad");
	bad = *good;
	bad.rxq[0].len = 33;
	bad.rxq[0].ctrl |= RTE_BIT32(30);
	rec_seal(&bad);
	restore_bad(&bad, -EINVAL, SRIOVNIC_AQE_STATE_FIELD,
		    VFS_OFF(rxq[0].len), "ring of 33 and a bad Q_CTRL bit");
}

static void
test_refusals(const struct sriovnic_vf_state *good)
{
	static struct sriovnic_vf_state bad;
	struct sriovnic_aq_desc d;
	unsigned int n;
	size_t i;

	d = cmd(SRIOVNIC_AQC_VF_STATE_SAVE, 1);
	CHECK(aq_exec(&d) == -EBUSY && d.info == SRIOVNIC_AQE_VF_RUNNING,
	      "save of a running VF: %d %u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_VF_SUSPEND, 2);
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_VF,
	      "VF 2 of 2: %d %u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_VF_SUSPEND, 0);
	d.param.vf_state.rsvd[3] = 1;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_PARAM,
	      "reserved parameter: %d %u", d.status, d.info);
	d = cmd(SRIOVNIC_AQC_VF_STATE_RESTORE, 0);
	d.buf_len = 256;
	CHECK(aq_exec(&d) == -EINVAL && d.info == SRIOVNIC_AQE_BUF,
	      "short buffer: %d %u", d.status, d.info);

	for (n = 0; n < RTE_DIM(bad_cases); n++) {
		const struct bad_case *c = &bad_cases[n];

		bad = *good;
		memcpy((uint8_t *)&bad + c->off, &c->val, c->size);
		if (c->seal)
			rec_seal(&bad);
		restore_bad(&bad, c->status, c->info,
			    c->err_off == VFS_OFF(magic) ? c->off : c->err_off,
			    c->what);
	}
	test_order(good);
	/* every byte of the record replaced at random, a few times */
	for (n = 0; n < 64; n++) {
		for (i = 0; i < sizeof(bad); i++)
			((uint8_t *)&bad)[i] = rand();
		if (n & 1) {
			bad.magic = SRIOVNIC_VFS_MAGIC;
			bad.version = SRIOVNIC_VFS_VERSION;
			bad.len = sizeof(bad);
			rec_seal(&bad);
		}
		*rec = bad;
		d = cmd(SRIOVNIC_AQC_VF_STATE_RESTORE, 0);
		CHECK(aq_exec(&d) < 0, "random record %u taken", n);
		expect_vf0_unharmed("random record");
	}
}

static void
test_vf_state(void)
{
	static struct sriovnic_vf_state good;
	struct sriovnic_aq_desc d;
	unsigned int i;

	for (i = 0; i < 5; i++)
		inject(0);
	CHECK(head(T_VF0) == 5 && rx_pkts(T_VF0) == 5, "VF0 head %u",
	      head(T_VF0));

	CHECK(run(SRIOVNIC_AQC_VF_SUSPEND, 0) == 0, "suspend");
	CHECK(run(SRIOVNIC_AQC_VF_SUSPEND, 0) == 0, "suspend twice");
	for (i = 0; i < 3; i++)
		inject(0);
	CHECK(head(T_VF0) == 5 && rx_pkts(T_VF0) == 5,
	      "suspended VF0 received: head %u", head(T_VF0));
	CHECK(drv_rd64(fn(SRIOVNIC_FUNC_PF), SRIOVNIC_PF_VFST(0) +
		       SRIOVNIC_VFST_RX_MISSED) == 3, "drops not counted");
	/* the guest rewrites its running ring's registers while suspended:
	 * the card keeps the ring it latched (6.2), and so does the record
	 */
	drv_wr32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_BASE_LO,
		 (uint32_t)T_VF_IOVA + 4096);
	drv_wr32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_LEN, T_RING / 2);
	drv_wr32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_BUF_LEN, T_BUF / 2);
	drv_wr32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_CTRL,
		 SRIOVNIC_QCTRL_ENABLE | SRIOVNIC_QCTRL_SCATTER);

	d = cmd(SRIOVNIC_AQC_VF_STATE_SAVE, 0);
	CHECK(aq_exec(&d) == 0 && d.param.vf_state.len == SRIOVNIC_VFS_LEN &&
	      d.param.vf_state.version == SRIOVNIC_VFS_VERSION,
	      "save: %d %u", d.status, d.info);
	good = *rec;
	CHECK(good.magic == SRIOVNIC_VFS_MAGIC && good.nb_rxq == T_QUEUES &&
	      good.rxq[0].head == 5 && good.rxq[0].tail == T_RING - 1 &&
	      good.rxq[0].status == SRIOVNIC_QSTAT_ENABLED &&
	      good.rxq[0].pkts == 5 && good.stats[0] == 5 &&
	      good.rxq[1].status == 0, "record: head %u tail %u",
	      good.rxq[0].head, good.rxq[0].tail);
	CHECK(good.rxq[0].base == T_VF_IOVA && good.rxq[0].len == T_RING &&
	      good.rxq[0].buf_len == T_BUF &&
	      good.rxq[0].ctrl == SRIOVNIC_QCTRL_ENABLE,
	      "record of the running ring: base %#" PRIx64 " len %u buf_len %u ctrl %#x",
	      good.rxq[0].base, good.rxq[0].len, good.rxq[0].buf_len,
	      good.rxq[0].ctrl);

	test_refusals(&good);

	/* back into VF0 after the card side of it was cleared */
	emu_func_clear(fn(T_VF0));
	CHECK(head(T_VF0) == 0 && rx_pkts(T_VF0) == 0, "VF0 not cleared");
	*rec = good;
	CHECK(run(SRIOVNIC_AQC_VF_STATE_RESTORE, 0) == 0, "restore");
	CHECK(run(SRIOVNIC_AQC_VF_RESUME, 0) == 0, "resume");
	emu_poll_config(&emu, false);
	inject(0);
	inject(0);
	CHECK(head(T_VF0) == 7 && rx_pkts(T_VF0) == 7,
	      "VF0 after restore: head %u rx_pkts %" PRIu64, head(T_VF0),
	      rx_pkts(T_VF0));

	/* to VF1, which has the same memory registered */
	CHECK(run(SRIOVNIC_AQC_VF_SUSPEND, 0) == 0, "suspend VF0");
	CHECK(run(SRIOVNIC_AQC_VF_STATE_SAVE, 0) == 0, "save VF0");
	d = cmd(SRIOVNIC_AQC_VF_STATE_RESTORE, 1);
	CHECK(aq_exec(&d) == -EBUSY, "restore into a running VF: %d",
	      d.status);
	CHECK(run(SRIOVNIC_AQC_VF_SUSPEND, 1) == 0, "suspend VF1");
	CHECK(run(SRIOVNIC_AQC_VF_STATE_RESTORE, 1) == 0, "restore VF1");
	CHECK(run(SRIOVNIC_AQC_VF_RESUME, 1) == 0, "resume VF1");
	emu_poll_config(&emu, false);
	inject(1);
	CHECK(head(T_VF1) == 8 && rx_pkts(T_VF1) == 8 &&
	      drv_rd32(fn(T_VF1), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL) ==
	      T_RING - 1, "VF1 after the move: head %u rx_pkts %" PRIu64,
	      head(T_VF1), rx_pkts(T_VF1));
	CHECK(((volatile union sriovnic_rx_desc *)vf_mem)[7]
	      .wb.status & SRIOVNIC_RXD_DD, "VF1 did not write descriptor 7");

	/* a PF reset resumes VF0 */
	drv_wr32(fn(SRIOVNIC_FUNC_PF), SRIOVNIC_RESET_REQ,
		 drv_rd32(fn(SRIOVNIC_FUNC_PF), SRIOVNIC_RESET_DONE) + 1);
	emu_poll_config(&emu, false);
	CHECK(!fn(T_VF0)->suspended, "VF0 suspended after a PF reset");
}

static int
setup(void)
{
	static const uint16_t pf[] = { SRIOVNIC_FUNC_PF };
	static const uint16_t vfs[] = { T_VF0, T_VF1 };
	struct emu_func *p = fn(SRIOVNIC_FUNC_PF);
	union sriovnic_rx_desc *ring;
	unsigned int i;
	int ret;

	ret = mem_add(&pf_mem, T_PF_IOVA, pf, 1);
	if (ret == 0)
		ret = mem_add(&vf_mem, T_VF_IOVA, vfs, 2);
	if (ret < 0)
		return ret;
	aq = (struct sriovnic_aq_desc *)pf_mem;
	rec = (struct sriovnic_vf_state *)(pf_mem + 4096);
	ring = (union sriovnic_rx_desc *)vf_mem;
	for (i = 0; i < T_RING; i++)
		ring[i].read.buf_addr = T_VF_IOVA + 4096 + i * T_BUF;
	drv_sw_vfs(p, vf_mac, RTE_DIM(vf_mac));
	drv_ring_enable(fn(T_VF0), SRIOVNIC_RXQ(0), T_VF_IOVA, T_RING,
			T_BUF);
	drv_ring_enable(p, SRIOVNIC_AQ, T_PF_IOVA, T_AQ_LEN, 0);
	emu_poll_config(&emu, true);
	drv_wr32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL, T_RING - 1);
	emu_poll_config(&emu, true);
	if (drv_rd32(p, SRIOVNIC_AQ_STATUS) != SRIOVNIC_AQSTAT_ENABLED ||
	    drv_rd32(fn(T_VF0), SRIOVNIC_RXQ(0) + SRIOVNIC_Q_STATUS) !=
	    SRIOVNIC_QSTAT_ENABLED) {
		printf("the card refused the admin queue or VF0's ring\n");
		return -EINVAL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct drv_play_card card;
	char *model_opts[] = { "--vfs", "2", "--queues", "4", NULL };
	int ret;

	RTE_SET_USED(argc);
	if (drv_play_start(&emu, &card, "emu-vfstate", argv[0],
			   model_opts) != 0)
		return EXIT_FAILURE;
	ret = setup();
	if (ret == 0)
		test_vf_state();
	emu_stop(&emu);
	emu_eal_stop();
	if (ret != 0 || failures != 0) {
		printf("%d failures\n", failures);
		return EXIT_FAILURE;
	}
	printf("all VF state tests passed\n");
	return EXIT_SUCCESS;
}
