/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The PF's admin queue (datasheet 12): a ring of 64-byte commands in the
 * PF driver's memory. Enable and disable follow the other queues (slow
 * path); the doorbell is read by the fast path, since a driver that waits
 * for each command needs a short round trip (12.7). Commands run one at a
 * time in ring order and are written back in the order of 12.3.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>

#include "emu.h"
#include "aq.h"
#include "flow.h"
#include "iommu.h"
#include "scheduler.h"

/* Commands per poll, so that frames are not held up for long */
#define EMU_AQ_BURST		64
/* flags [13:1] are reserved; [15:14] are the card's */
#define EMU_AQF_RSVD		0x3ffeu

/* One opcode: the CAPS bits of which one is needed, whether it has a
 * buffer (then it checks the buffer itself, in its order of checks), and
 * what runs it
 */
struct aq_op {
	uint16_t opcode;
	uint32_t caps;
	bool buf;
	emu_aq_cmd_fn run;
};

static const struct aq_op aq_ops[] = {
	{ SRIOVNIC_AQC_NOP, SRIOVNIC_CAP_FLOW | SRIOVNIC_CAP_SCHED, false,
	  emu_aq_nop },
	{ SRIOVNIC_AQC_FLOW_ADD, SRIOVNIC_CAP_FLOW, true, emu_flow_add },
	{ SRIOVNIC_AQC_FLOW_DEL, SRIOVNIC_CAP_FLOW, false, emu_flow_del },
	{ SRIOVNIC_AQC_FLOW_QUERY, SRIOVNIC_CAP_FLOW, false, emu_flow_query },
	{ SRIOVNIC_AQC_FLOW_FLUSH, SRIOVNIC_CAP_FLOW, false, emu_flow_flush },
	{ SRIOVNIC_AQC_FLOW_QUOTA, SRIOVNIC_CAP_FLOW, false, emu_flow_quota },
	{ SRIOVNIC_AQC_TM_NODE_SET, SRIOVNIC_CAP_SCHED, false, emu_sched_cmd },
	{ SRIOVNIC_AQC_TM_COMMIT, SRIOVNIC_CAP_SCHED, false, emu_sched_cmd },
	{ SRIOVNIC_AQC_TM_NODE_SUSPEND, SRIOVNIC_CAP_SCHED, false,
	  emu_sched_cmd },
	{ SRIOVNIC_AQC_TM_NODE_RESUME, SRIOVNIC_CAP_SCHED, false,
	  emu_sched_cmd },
	{ SRIOVNIC_AQC_TM_STATS_READ, SRIOVNIC_CAP_SCHED, false,
	  emu_sched_cmd },
	/* METER_* would need CAP_METER */
	{ SRIOVNIC_AQC_VF_SUSPEND, SRIOVNIC_CAP_VF_STATE, false, emu_vf_run },
	{ SRIOVNIC_AQC_VF_STATE_SAVE, SRIOVNIC_CAP_VF_STATE, true,
	  emu_vf_state_save },
	{ SRIOVNIC_AQC_VF_STATE_RESTORE, SRIOVNIC_CAP_VF_STATE, true,
	  emu_vf_state_restore },
	{ SRIOVNIC_AQC_VF_RESUME, SRIOVNIC_CAP_VF_STATE, false, emu_vf_run },
};

int
emu_aq_nop(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	   struct sriovnic_aq_desc *wb, uint16_t *info)
{
	RTE_SET_USED(emu);
	RTE_SET_USED(cmd);
	RTE_SET_USED(wb);
	RTE_SET_USED(info);
	return 0;
}

void
emu_aq_setup(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];

	memset(&emu->aq, 0, sizeof(emu->aq));
	if (emu->caps & SRIOVNIC_CAP_FLOW) {
		emu_wr32(pf, SRIOVNIC_FLOW_RULES, emu->opts->flow_rules);
		emu_wr32(pf, SRIOVNIC_FLOW_GROUPS, EMU_FLOW_GROUPS);
	}
	if (emu->caps & SRIOVNIC_CAP_SCHED)
		emu_wr32(pf, SRIOVNIC_TM_PRIOS, SRIOVNIC_TM_PRIOS_MIN);
}

static const struct aq_op *
aq_op_find(const struct emu *emu, uint16_t opcode)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(aq_ops); i++)
		if (aq_ops[i].opcode == opcode)
			return (emu->caps & aq_ops[i].caps) ? &aq_ops[i] : NULL;
	return NULL;
}

/* The checks every command shares (12.3, 12.5), then its own */
static int
aq_run(struct emu *emu, const struct sriovnic_aq_desc *cmd,
       struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct aq_op *op = aq_op_find(emu, cmd->opcode);

	if (op == NULL) {
		*info = SRIOVNIC_AQE_OPCODE;
		return -EOPNOTSUPP;
	}
	if (cmd->flags & EMU_AQF_RSVD) {
		*info = SRIOVNIC_AQE_PARAM;
		return -EINVAL;
	}
	if (!op->buf && (cmd->buf_len != 0 || cmd->buf_addr != 0)) {
		*info = SRIOVNIC_AQE_BUF;
		return -EINVAL;
	}
	return op->run(emu, cmd, wb, info);
}

/* The descriptor at HEAD: read once, run, written back, HEAD advanced */
static void
aq_exec(struct emu *emu, struct emu_func *pf)
{
	struct emu_aq *aq = &emu->aq;
	struct sriovnic_aq_desc *wb = &aq->ring[aq->head];
	struct sriovnic_aq_desc cmd;
	uint16_t info = 0, flags;
	uint64_t hdr;
	int ret;

	memcpy(&cmd, wb, sizeof(cmd));
	ret = aq_run(emu, &cmd, wb, &info);
	if (ret == 0)
		info = 0;
	flags = (cmd.flags & SRIOVNIC_AQF_SI) | SRIOVNIC_AQF_DONE |
		(ret != 0 ? SRIOVNIC_AQF_ERR : 0);
	/* opcode, flags, status, info: one store after everything else */
	hdr = cmd.opcode | (uint64_t)flags << 16 |
		(uint64_t)(uint16_t)ret << 32 | (uint64_t)info << 48;
	__atomic_store_n((uint64_t *)wb, rte_cpu_to_le_64(hdr),
			 __ATOMIC_RELEASE);
	aq->head = (aq->head + 1) & (aq->len - 1);
	rte_write32(aq->head, pf->bar + SRIOVNIC_AQ_HEAD);
	if (cmd.flags & SRIOVNIC_AQF_SI)
		emu_irq_raise(pf, SRIOVNIC_VEC_MISC);
}

/* Stopped with AQSTAT_ERROR until the driver clears ENABLE */
static void
aq_fail(struct emu *emu)
{
	emu->aq.ring = NULL;
	emu->aq.error = true;
	rte_write32(SRIOVNIC_AQSTAT_ERROR,
		    emu->funcs[SRIOVNIC_FUNC_PF].bar + SRIOVNIC_AQ_STATUS);
}

unsigned int
emu_aq_poll(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	struct emu_aq *aq = &emu->aq;
	unsigned int n = 0;
	uint32_t tail;

	if (aq->ring == NULL)
		return 0;
	tail = rte_read32(pf->bar + SRIOVNIC_AQ_TAIL);
	if (tail == aq->head)
		return 0;
	/* a disable that the slow path has not seen yet */
	if (!(emu_rd32(pf, SRIOVNIC_AQ_CTRL) & SRIOVNIC_AQCTRL_ENABLE))
		return 0;
	if (tail >= aq->len) {
		EMU_LOG(DEBUG, "admin queue: doorbell %u beyond the ring",
			tail);
		aq_fail(emu);
		return 0;
	}
	/* the descriptors the driver wrote before its doorbell */
	rte_smp_rmb();
	while (aq->head != tail && n < EMU_AQ_BURST) {
		aq_exec(emu, pf);
		n++;
	}
	aq->last_cmd = rte_get_timer_cycles();
	return n;
}

bool
emu_aq_active(const struct emu *emu, uint64_t now)
{
	return emu->aq.ring != NULL && now - emu->aq.last_cmd <
		rte_get_timer_hz() / (US_PER_S / EMU_AQ_ACTIVE_US);
}

static int
aq_start(struct emu *emu, struct emu_func *pf)
{
	struct emu_aq *aq = &emu->aq;
	uint64_t base = emu_rd32(pf, SRIOVNIC_AQ_BASE_LO) |
		(uint64_t)emu_rd32(pf, SRIOVNIC_AQ_BASE_HI) << 32;
	uint32_t len = emu_rd32(pf, SRIOVNIC_AQ_LEN);
	void *ring;

	if (base % SRIOVNIC_AQ_RING_ALIGN != 0 || !rte_is_power_of_2(len) ||
	    len < SRIOVNIC_AQ_LEN_MIN || len > SRIOVNIC_AQ_LEN_MAX)
		return -EINVAL;
	ring = emu_dma_ring(pf, base, (uint64_t)len * SRIOVNIC_AQ_DESC_LEN);
	if (ring == NULL)
		return -EFAULT;
	aq->ring = ring;
	aq->len = len;
	aq->head = 0;
	aq->last_cmd = rte_get_timer_cycles();
	emu_wr32(pf, SRIOVNIC_AQ_HEAD, 0);
	return 0;
}

void
emu_aq_stop(struct emu *emu)
{
	emu->aq.ring = NULL;
	emu->aq.error = false;
	emu_wr32(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_AQ_STATUS, 0);
}

void
emu_aq_poll_config(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	struct emu_aq *aq = &emu->aq;
	bool enable;
	int ret;

	if (!(emu->caps & (SRIOVNIC_CAP_FLOW | SRIOVNIC_CAP_SCHED)))
		return;
	enable = emu_rd32(pf, SRIOVNIC_AQ_CTRL) & SRIOVNIC_AQCTRL_ENABLE;
	if (enable && aq->ring == NULL && !aq->error) {
		ret = aq_start(emu, pf);
		aq->error = ret != 0;
		rte_write32(ret == 0 ? SRIOVNIC_AQSTAT_ENABLED :
			    SRIOVNIC_AQSTAT_ERROR, pf->bar + SRIOVNIC_AQ_STATUS);
		EMU_LOG(DEBUG, "admin queue %s (%d)",
			ret == 0 ? "enabled" : "refused", ret);
	} else if (!enable && (aq->ring != NULL || aq->error)) {
		emu_aq_stop(emu);
		EMU_LOG(DEBUG, "admin queue disabled");
	}
}

/* The PF driver took back the memory holding the ring */
void
emu_aq_unmap(struct emu *emu, const struct emu_region *r)
{
	const uint8_t *ring = (const uint8_t *)emu->aq.ring;

	if (ring == NULL || ring < r->va || ring >= r->va + r->len)
		return;
	aq_fail(emu);
	emu_stat_add(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_ST_DMA_FAULTS, 1);
}
