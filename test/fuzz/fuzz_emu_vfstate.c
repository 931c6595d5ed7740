/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * libFuzzer target: a hostile PF's VF state record (datasheet 17.2)
 * against the device model's checks. A card with a PF and one VF runs in
 * this process; VF0's driver has its rings in its memory, and VF0 is
 * suspended. The input is one byte of flags and the record: the PF
 * writes it to VF_STATE_RESTORE, with its CRC made right first if flag 0
 * says so (else nearly every record stops at the CRC); if the card takes
 * it and flag 1 says so, VF0 is resumed, a frame from the wire and a tx
 * doorbell are served from the restored queues, and VF0 is suspended
 * again. Then a saved record of the initial state is restored for the
 * next input. The card must survive all of it, fault no DMA of the PF and
 * never take a record its checks should refuse.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_mbuf.h>

#include "drv_play.h"
#include "iommu.h"
#include "switch.h"

#define F_SEAL		RTE_BIT32(0)	/* the record's CRC made right */
#define F_RUN		RTE_BIT32(1)	/* VF0 served frames when taken */
#define VF0		SRIOVNIC_FUNC_VF(0)
#define AQ_LEN		32
#define RING		32
#define BUF		2048
#define PF_IOVA		UINT64_C(0x10000000)
#define PF_MEM		(2 * 4096)
#define VF_IOVA		UINT64_C(0x20000000)
#define VF_MEM		(2 * 4096 + RING * BUF)	/* rx ring, tx ring, buffers */
#define FRAME		64

static struct emu emu;
static struct drv_play_card card;
static uint8_t *pf_mem, *vf_mem;
static struct sriovnic_vf_state *rec;	/* the PF's record buffer */
static struct sriovnic_vf_state initial;
static uint32_t aq_tail;
static const struct rte_ether_addr vf_mac = {
	{ 0x02, 0x5e, 0xbe, 0x00, 0x00, 0x00 }
};

static void
card_stop(void)
{
	emu_stop(&emu);
	emu_eal_stop();
}

/* A memfd of len bytes mapped at *mem, registered for func at iova */
static void
mem_add(uint8_t **mem, uint16_t func, uint64_t iova, size_t len)
{
	int fd = memfd_create("fuzz_emu_vfstate", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, len) < 0)
		abort();
	*mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*mem == MAP_FAILED ||
	    emu_iommu_add(&emu.funcs[func], iova, len, fd, 0) != 0)
		abort();
	close(fd);
}

static int
vf_state_cmd(uint16_t opcode)
{
	struct sriovnic_aq_desc d = { .opcode = opcode };

	if (opcode == SRIOVNIC_AQC_VF_STATE_SAVE ||
	    opcode == SRIOVNIC_AQC_VF_STATE_RESTORE) {
		d.buf_len = SRIOVNIC_VFS_LEN;
		d.buf_addr = PF_IOVA + 4096;
	}
	return drv_aq_exec(&emu, (struct sriovnic_aq_desc *)pf_mem, AQ_LEN,
			   &aq_tail, &d);
}

/* VF0's rings as its driver left them: rx buffers posted, a frame in tx */
static void
vf_mem_init(void)
{
	union sriovnic_rx_desc *rx = (union sriovnic_rx_desc *)vf_mem;
	struct sriovnic_tx_desc *tx = (struct sriovnic_tx_desc *)(vf_mem + 4096);
	unsigned int i;

	memset(vf_mem, 0, 2 * 4096);
	for (i = 0; i < RING; i++) {
		rx[i].read.buf_addr = VF_IOVA + 2 * 4096 + i * BUF;
		tx[i].buf_addr = VF_IOVA + 2 * 4096 + i * BUF;
		tx[i].cmd = SRIOVNIC_TXD_EOP |
			(uint64_t)FRAME << SRIOVNIC_TXD_LEN_SHIFT;
	}
}

static void
card_start(void)
{
	char *model_opts[] = { "--vfs", "1", "--queues", "4", NULL };
	struct emu_func *pf, *vf;

	if (drv_play_start(&emu, &card, "fuzz-vfstate", "fuzz_emu_vfstate",
			   model_opts) != 0)
		abort();
	atexit(card_stop);
	/* refusals are the point: their messages would drown the output */
	rte_log_set_level(emu_logtype, RTE_LOG_ERR);
	pf = &emu.funcs[SRIOVNIC_FUNC_PF];
	vf = &emu.funcs[VF0];
	mem_add(&pf_mem, SRIOVNIC_FUNC_PF, PF_IOVA, PF_MEM);
	mem_add(&vf_mem, VF0, VF_IOVA, VF_MEM);
	rec = (struct sriovnic_vf_state *)(pf_mem + 4096);
	vf_mem_init();
	drv_sw_vfs(pf, &vf_mac, 1);
	drv_ring_enable(pf, SRIOVNIC_AQ, PF_IOVA, AQ_LEN, 0);
	drv_ring_enable(vf, SRIOVNIC_RXQ(0), VF_IOVA, RING, BUF);
	drv_ring_enable(vf, SRIOVNIC_TXQ(0), VF_IOVA + 4096, RING, 0);
	emu_poll_config(&emu, true);
	drv_wr32(vf, SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL, RING - 1);
	emu_poll_config(&emu, true);
	if (vf_state_cmd(SRIOVNIC_AQC_VF_SUSPEND) != 0 ||
	    vf_state_cmd(SRIOVNIC_AQC_VF_STATE_SAVE) != 0)
		abort();
	initial = *rec;
}

/* What the restored VF0 does with a frame from the wire and one to send */
static void
vf_run(void)
{
	struct emu_func *vf = &emu.funcs[VF0];
	struct rte_mbuf *m;
	uint32_t tail;

	if (vf_state_cmd(SRIOVNIC_AQC_VF_RESUME) != 0)
		abort();
	emu_poll_config(&emu, false);
	m = rte_pktmbuf_alloc(emu.pool);
	if (m != NULL) {
		memset(rte_pktmbuf_append(m, FRAME), 0, FRAME);
		rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr = vf_mac;
		emu_switch_frame(&emu, EMU_SRC_WIRE, m);
		emu_rx_flush();
	}
	tail = drv_rd32(vf, SRIOVNIC_TXQ(0) + SRIOVNIC_Q_TAIL);
	drv_wr32(vf, SRIOVNIC_TXQ(0) + SRIOVNIC_Q_TAIL, (tail + 1) % RING);
	emu_poll_frames(&emu);
	emu_poll_config(&emu, false);
	if (vf_state_cmd(SRIOVNIC_AQC_VF_SUSPEND) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	uint8_t flags;
	int ret;

	/* here, not in LLVMFuzzerInitialize(): the card's SIGBUS handler
	 * goes in after libFuzzer's, which it hands on what is no driver's
	 * doing
	 */
	if (!started) {
		card_start();
		started = true;
	}
	if (size == 0)
		return 0;
	flags = data[0];
	memset(rec, 0, sizeof(*rec));
	memcpy(rec, data + 1, RTE_MIN(size - 1, sizeof(*rec)));
	if (flags & F_SEAL)
		rec->crc = emu_vfs_crc(rec);
	ret = vf_state_cmd(SRIOVNIC_AQC_VF_STATE_RESTORE);
	if (ret == -EIO)
		abort();
	/* a record the checks let through has the CRC and layout right */
	if (ret == 0 && (rec->magic != SRIOVNIC_VFS_MAGIC ||
			 rec->len != SRIOVNIC_VFS_LEN ||
			 rec->crc != emu_vfs_crc(rec)))
		abort();
	if (ret == 0 && (flags & F_RUN))
		vf_run();
	if (drv_rd64(&emu.funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_ST_DMA_FAULTS) != 0)
		abort();
	/* the next input starts from the state saved at the start */
	vf_mem_init();
	*rec = initial;
	if (vf_state_cmd(SRIOVNIC_AQC_VF_STATE_RESTORE) != 0)
		abort();
	return 0;
}
