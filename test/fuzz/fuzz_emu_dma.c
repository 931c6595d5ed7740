/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * libFuzzer target: a hostile VF driver against the device model. A card
 * with a PF and one VF runs in this process, its wire a loopback and VF0
 * promiscuous, so that what VF0 sends comes back to it. The input is a
 * program of VF0's driver: register and unregister memfds (MEM_ADD,
 * MEM_DEL) at any offset and length, write, shrink and grow them, enable
 * queues with rings anywhere, write any register of its BAR, ring
 * doorbells, between polls of the card. The driver writes its memory
 * through the files, never through a mapping of its own, so that only the
 * card meets what the shrinking does. The card must survive all of it
 * and never fault the PF.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>

#include "drv_play.h"
#include "iommu.h"

#define NB_SLOTS	4
#define SLOT_MAX	(256 * 1024)	/* bytes a memfd may have */
#define SLOT_IOVA(s)	(UINT64_C(0x1000000) * ((s) + 1))
#define MAX_WRITE	64
#define MAX_POLLS	8
#define VF0		SRIOVNIC_FUNC_VF(0)

enum op_code {
	OP_MEM_ADD,
	OP_MEM_DEL,
	OP_WRITE,	/* then a bytes of data */
	OP_RESIZE,
	OP_RING,
	OP_RING_OFF,
	OP_TAIL,
	OP_REG,
	OP_POLL,
	OP_CONFIG,
	OP_NB,
};

/* One move of the driver, as the input holds it */
struct op {
	uint8_t code;
	uint8_t slot;
	uint16_t a;
	uint32_t b;
	uint32_t c;
};

static struct emu emu;
static struct drv_play_card card;
static int mem_fd[NB_SLOTS];

static void
card_stop(void)
{
	emu_stop(&emu);
	emu_eal_stop();
}

static void
card_start(void)
{
	char *model_opts[] = { "--vfs", "1", "--queues", "2", NULL };
	struct emu_func *pf;
	unsigned int s;

	if (drv_play_start(&emu, &card, "fuzz-emu", "fuzz_emu_dma",
			   model_opts) != 0)
		abort();
	atexit(card_stop);
	/* faults are the point: their warnings would drown the output */
	rte_log_set_level(emu_logtype, RTE_LOG_ERR);
	for (s = 0; s < NB_SLOTS; s++) {
		mem_fd[s] = memfd_create("fuzz_emu_dma", MFD_CLOEXEC);
		if (mem_fd[s] < 0)
			abort();
	}
	pf = &emu.funcs[SRIOVNIC_FUNC_PF];
	drv_wr32(pf, SRIOVNIC_SW_FUNC_CFG(VF0), SRIOVNIC_FCFG_RX_ENABLE |
		 SRIOVNIC_FCFG_PROMISC | SRIOVNIC_FCFG_BCAST);
	drv_wr32(pf, SRIOVNIC_SW_GEN, drv_rd32(pf, SRIOVNIC_SW_GEN) + 1);
	emu_poll_config(&emu, true);
}

static uint32_t
queue_regs(uint16_t a)
{
	unsigned int q = (a >> 1) % card.opts.nb_queues;

	return a & 1 ? SRIOVNIC_RXQ(q) : SRIOVNIC_TXQ(q);
}

/* Runs one move; the bytes of data it consumed after it */
static size_t
run_op(struct emu_func *f, const struct op *o, const uint8_t *data,
       size_t size)
{
	int fd = mem_fd[o->slot % NB_SLOTS];
	uint64_t iova = SLOT_IOVA(o->slot % NB_SLOTS);
	unsigned int i;
	size_t n = 0;

	switch (o->code % OP_NB) {
	case OP_MEM_ADD:
		/* mostly at the offset's place in a page, as the card requires */
		emu_iommu_add(f, iova + (o->a & 0x8000 ? o->a : o->c) % 4096,
			      o->b % (SLOT_MAX + 1), fd, o->c % SLOT_MAX);
		break;
	case OP_MEM_DEL:
		emu_iommu_del(f, iova + o->a % 4096);
		break;
	case OP_WRITE:
		n = RTE_MIN((size_t)o->a % MAX_WRITE, size);
		if (pwrite(fd, data, n, o->b % SLOT_MAX) < 0)
			n = 0;
		break;
	case OP_RESIZE:
		if (ftruncate(fd, o->b % (SLOT_MAX + 1)) < 0)
			abort();
		break;
	case OP_RING:
		drv_ring_enable(f, queue_regs(o->a), iova + o->b % SLOT_MAX,
				1u << (o->c & 0xff) % 14, o->c >> 16);
		break;
	case OP_RING_OFF:
		drv_wr32(f, queue_regs(o->a) + SRIOVNIC_Q_CTRL, 0);
		break;
	case OP_TAIL:
		drv_wr32(f, queue_regs(o->a) + SRIOVNIC_Q_TAIL, o->b);
		break;
	case OP_REG:
		drv_wr32(f, o->b % SRIOVNIC_BAR0_SIZE & ~3u, o->c);
		break;
	case OP_POLL:
		for (i = 0; i <= o->a % MAX_POLLS; i++)
			emu_poll_frames(&emu);
		break;
	default:
		emu_poll_config(&emu, false);
		break;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	struct emu_func *f;
	unsigned int s;
	struct op o;

	/* here, not in LLVMFuzzerInitialize(): the card's SIGBUS handler
	 * goes in after libFuzzer's, which it hands on what is no driver's
	 * doing
	 */
	if (!started) {
		card_start();
		started = true;
	}
	f = &emu.funcs[VF0];
	while (size >= sizeof(o)) {
		memcpy(&o, data, sizeof(o));
		data += sizeof(o);
		size -= sizeof(o);
		s = run_op(f, &o, data, size);
		data += s;
		size -= s;
		emu_poll_frames(&emu);
	}
	emu_poll_config(&emu, false);
	/* VF0 faulted itself at most */
	if (drv_rd64(&emu.funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_ST_DMA_FAULTS) != 0)
		abort();
	/* the driver goes; the next input starts on a detached VF0 */
	emu_func_detach(&emu, f);
	emu_poll_config(&emu, false);
	for (s = 0; s < NB_SLOTS; s++)
		if (ftruncate(mem_fd[s], 0) < 0)
			abort();
	return 0;
}
