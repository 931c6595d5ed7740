/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "emu.h"
#include "aq.h"
#include "flow.h"
#include "iommu.h"
#include "queue.h"
#include "scheduler.h"
#include "switch.h"

struct reset_range {
	uint32_t off;
	uint32_t len;
};

/* Register ranges a function reset restores to their default, zero
 * (datasheet 3.2), DRV_STATUS apart: the function's state, which a VF
 * state record (17.2) replaces too
 */
static const struct reset_range reset_ranges[] = {
	{ SRIOVNIC_MAX_FRAME, 4 },
	{ SRIOVNIC_FUNC_CTRL, 4 },
	{ SRIOVNIC_INT_ENABLE, 4 },
	/* queue blocks and RSS are adjacent */
	{ SRIOVNIC_RXQ(0),
	  SRIOVNIC_RSS_RETA + SRIOVNIC_RSS_RETA_SIZE - SRIOVNIC_RXQ(0) },
	{ SRIOVNIC_STATS, SRIOVNIC_ST_TXQ(SRIOVNIC_MAX_QUEUES) - SRIOVNIC_STATS },
};

/* And on the PF: the switch, PF_VFST and the representor queues, but not
 * the SW_VFLR counters between them
 */
static const struct reset_range pf_reset_ranges[] = {
	/* SW_GEN, SW_FUNC_CFG, SW_FUNC_VLAN */
	{ SRIOVNIC_SW_GEN, SRIOVNIC_SW_VFLR(0) - SRIOVNIC_SW_GEN },
	/* MAC table, PF_VFST and representor queues are adjacent */
	{ SRIOVNIC_SW_MAC(0), SRIOVNIC_REP_RXQ(SRIOVNIC_MAX_VFS) -
	  SRIOVNIC_SW_MAC(0) },
	/* the admin queue, not the engine limits behind it */
	{ SRIOVNIC_AQ, SRIOVNIC_FLOW_RULES - SRIOVNIC_AQ },
};

void
emu_funcs_setup(struct emu *emu, const struct emu_opts *o)
{
	unsigned int devfn = o->pf.devid << 3 | o->pf.function;
	struct emu_func *f;
	unsigned int i, v;

	emu->opts = o;
	emu->caps = SRIOVNIC_CAP_MBX | SRIOVNIC_CAP_RSS | SRIOVNIC_CAP_SCATTER |
		SRIOVNIC_CAP_CSUM | SRIOVNIC_CAP_PTYPE | SRIOVNIC_CAP_TSO |
		SRIOVNIC_CAP_LOOPBACK | SRIOVNIC_CAP_FLOW | SRIOVNIC_CAP_SCHED |
		SRIOVNIC_CAP_RSS_IPV6_EX | SRIOVNIC_CAP_QINQ | SRIOVNIC_CAP_KEEP_CRC |
		SRIOVNIC_CAP_FLOW_FRAG | SRIOVNIC_CAP_SWITCHDEV |
		SRIOVNIC_CAP_VF_STATE | SRIOVNIC_CAP_VF_PRESENT;
	emu->nb_funcs = SRIOVNIC_FUNC_VF(o->nb_vfs);
	for (i = 0; i < emu->nb_funcs; i++) {
		f = &emu->funcs[i];
		memset(f, 0, sizeof(*f));
		f->emu = emu;
		f->id = i;
		/* function i sits i devfns above the PF, VF n at PF + 1 + n */
		f->addr = o->pf;
		f->addr.devid = (devfn + i) >> 3;
		f->addr.function = (devfn + i) & 7;
		rte_pci_device_name(&f->addr, f->name, sizeof(f->name));
		for (v = 0; v < SRIOVNIC_NUM_VECS; v++)
			f->irq[v] = -1;
		f->bar_fd = -1;
		f->listen_fd = -1;
		if (i == SRIOVNIC_FUNC_PF) {
			f->nb_rep = o->nb_vfs;
			f->rep_rxq = emu->rep_rxq;
			f->rep_txq = emu->rep_txq;
		}
		emu_queues_setup(f);
	}
}

/* Identification registers, once the BAR exists */
void
emu_func_power_on(struct emu *emu, struct emu_func *f)
{
	const struct emu_opts *o = emu->opts;
	const uint8_t *mac = o->mac.addr_bytes;
	bool pf = f->id == SRIOVNIC_FUNC_PF;
	uint16_t vf;

	emu_wr32(f, SRIOVNIC_ID, SRIOVNIC_VENDOR_ID |
		 (uint32_t)(pf ? SRIOVNIC_DEV_ID_PF : SRIOVNIC_DEV_ID_VF) << 16);
	emu_wr32(f, SRIOVNIC_VERSION, SRIOVNIC_HW_VERSION);
	emu_wr32(f, SRIOVNIC_CAPS, emu->caps);
	emu_wr32(f, SRIOVNIC_QUEUES, o->nb_queues | o->nb_queues << 16);
	emu_wr32(f, SRIOVNIC_FUNC_ID, f->id);
	f->suspended = false;
	if (!pf) {
		f->vfst = emu->funcs[SRIOVNIC_FUNC_PF].bar +
			SRIOVNIC_PF_VFST(f->id - SRIOVNIC_FUNC_VF(0));
		return;
	}
	emu_wr32(f, SRIOVNIC_NUM_VFS, o->nb_vfs);
	/* every VF is plugged in at power-on (3.9) */
	for (vf = 0; vf < o->nb_vfs; vf++)
		emu_vf_present(emu, vf, true);
	/* byte 0 of the MAC in the low byte, as in the MAC table */
	emu_wr32(f, SRIOVNIC_PERM_ADDR_LO, mac[0] | mac[1] << 8 |
		 mac[2] << 16 | (uint32_t)mac[3] << 24);
	emu_wr32(f, SRIOVNIC_PERM_ADDR_HI, mac[4] | mac[5] << 8);
	emu_aq_setup(emu);
}

/* Publishes PF_STATE to every VF when it changes (datasheet 3.5) */
static void
pf_state_set(struct emu *emu, uint32_t st)
{
	struct emu_func *vf;
	uint16_t i;

	if (st == emu->pf_state)
		return;
	emu->pf_state = st;
	for (i = SRIOVNIC_FUNC_VF(0); i < emu->nb_funcs; i++) {
		vf = &emu->funcs[i];
		rte_write32(st, vf->bar + SRIOVNIC_PF_STATE);
		emu_irq_raise(vf, SRIOVNIC_VEC_MISC);
	}
}

/* READY mirrors the PF driver's DRV_LOADED */
static void
pf_state_poll(struct emu *emu)
{
	bool loaded = emu_rd32(&emu->funcs[SRIOVNIC_FUNC_PF],
			       SRIOVNIC_DRV_STATUS) & SRIOVNIC_DRV_LOADED;

	pf_state_set(emu, (emu->pf_state & ~SRIOVNIC_PFST_READY) |
		     (loaded ? SRIOVNIC_PFST_READY : 0));
}

void
emu_func_clear(struct emu_func *f)
{
	unsigned int i;

	emu_queues_stop(f);
	for (i = 0; i < EMU_NB_STATS; i++)
		f->stats_base[i] += rte_read64_relaxed(f->bar +
						       SRIOVNIC_STATS + i * 8);
	for (i = 0; i < RTE_DIM(reset_ranges); i++)
		memset(f->bar + reset_ranges[i].off, 0, reset_ranges[i].len);
}

void
emu_func_reset(struct emu *emu, struct emu_func *f)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	unsigned int i;

	emu_func_clear(f);
	emu_wr32(f, SRIOVNIC_DRV_STATUS, 0);
	if (f != pf) {
		/* the PF driver learns of VF resets from SW_VFLR (3.6) */
		f->vflr++;
		rte_write32(f->vflr, pf->bar +
			    SRIOVNIC_SW_VFLR(f->id - SRIOVNIC_FUNC_VF(0)));
		emu_irq_raise(pf, SRIOVNIC_VEC_MISC);
		return;
	}
	emu_aq_stop(emu);
	emu_flow_reset(emu);
	for (i = 0; i < RTE_DIM(pf_reset_ranges); i++)
		memset(f->bar + pf_reset_ranges[i].off, 0,
		       pf_reset_ranges[i].len);
	emu_switch_reload(emu);
	emu_sched_reset(emu);
	for (i = SRIOVNIC_FUNC_VF(0); i < emu->nb_funcs; i++)
		emu->funcs[i].suspended = false;
	emu->tx_stale = true;
	/* one more PF reset, and DRV_LOADED is now clear: 16-bit count in
	 * the top bits, so it wraps by itself
	 */
	pf_state_set(emu, (emu->pf_state & ~SRIOVNIC_PFST_READY) +
		     RTE_BIT32(SRIOVNIC_PFST_RESETS_SHIFT));
}

/* Resets are requested by making RESET_REQ differ from RESET_DONE. A
 * reset takes effect, SW_VFLR or PF_STATE included, before RESET_DONE
 * says so.
 */
void
emu_func_poll(struct emu *emu, struct emu_func *f)
{
	uint32_t req = rte_read32(f->bar + SRIOVNIC_RESET_REQ);

	if (req != emu_rd32(f, SRIOVNIC_RESET_DONE)) {
		emu_func_reset(emu, f);
		rte_write32(req, f->bar + SRIOVNIC_RESET_DONE);
		EMU_LOG(DEBUG, "%s reset", f->name);
	}
	if (f->id == SRIOVNIC_FUNC_PF) {
		pf_state_poll(emu);
		emu_aq_poll_config(emu);
	}
	/* a suspended VF's queue registers wait for its resume (17.1) */
	if (!f->suspended)
		emu_queues_poll(emu, f);
}

/* The driver is gone: stop the function and forget its memory */
void
emu_func_detach(struct emu *emu, struct emu_func *f)
{
	unsigned int v;

	emu_func_reset(emu, f);
	emu_iommu_clear(f);
	for (v = 0; v < SRIOVNIC_NUM_VECS; v++) {
		close(f->irq[v]);
		f->irq[v] = -1;
	}
	f->attached = false;
	EMU_LOG(INFO, "%s detached", f->name);
}

/* Largest frame the function sends or receives; reserved values mean
 * the default
 */
uint32_t
emu_max_frame(const struct emu_func *f)
{
	uint32_t max = emu_rd32(f, SRIOVNIC_MAX_FRAME);

	if (max < SRIOVNIC_MIN_FRAME || max > SRIOVNIC_MAX_FRAME_LIMIT)
		return SRIOVNIC_DEFAULT_FRAME;
	return max;
}

static uint64_t
func_stat(const struct emu_func *f, uint32_t off)
{
	unsigned int i = (off - SRIOVNIC_STATS) / 8;

	return f->stats_base[i] + rte_read64_relaxed(f->bar + off);
}

void
emu_func_print_stats(const struct emu_func *f, FILE *out)
{
	char role[8];

	if (f->id == SRIOVNIC_FUNC_PF)
		snprintf(role, sizeof(role), "pf");
	else
		snprintf(role, sizeof(role), "vf%u", f->id - SRIOVNIC_FUNC_VF(0));
	fprintf(out, "sriovnic-emu: stats %s %s rx_pkts=%" PRIu64
		" rx_bytes=%" PRIu64 " tx_pkts=%" PRIu64 " tx_bytes=%" PRIu64
		" rx_missed=%" PRIu64 " rx_errors=%" PRIu64
		" tx_errors=%" PRIu64 " tx_drops=%" PRIu64
		" dma_faults=%" PRIu64 " rx_flow_drops=%" PRIu64 "\n", f->name,
		role,
		func_stat(f, SRIOVNIC_ST_RX_PKTS),
		func_stat(f, SRIOVNIC_ST_RX_BYTES),
		func_stat(f, SRIOVNIC_ST_TX_PKTS),
		func_stat(f, SRIOVNIC_ST_TX_BYTES),
		func_stat(f, SRIOVNIC_ST_RX_MISSED),
		func_stat(f, SRIOVNIC_ST_RX_ERRORS),
		func_stat(f, SRIOVNIC_ST_TX_ERRORS),
		func_stat(f, SRIOVNIC_ST_TX_DROPS),
		func_stat(f, SRIOVNIC_ST_DMA_FAULTS),
		func_stat(f, SRIOVNIC_ST_RX_FLOW_DROPS));
}

void
emu_vf_present(struct emu *emu, uint16_t vf, bool present)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	uint32_t off = vf < 32 ? SRIOVNIC_VF_PRESENT_LO : SRIOVNIC_VF_PRESENT_HI;
	uint32_t bits = emu_rd32(pf, off);

	if (present)
		bits |= RTE_BIT32(vf % 32);
	else
		bits &= ~RTE_BIT32(vf % 32);
	emu_wr32(pf, off, bits);
	emu_irq_raise(pf, SRIOVNIC_VEC_MISC);
}

void
emu_irq_raise(struct emu_func *f, unsigned int vec)
{
	static const uint64_t one = 1;

	if (f->irq[vec] < 0 ||
	    !(emu_rd32(f, SRIOVNIC_INT_ENABLE) & RTE_BIT32(vec)))
		return;
	/* a full eventfd counter still wakes the driver: ignore failures */
	if (write(f->irq[vec], &one, sizeof(one)) != sizeof(one))
		EMU_LOG(DEBUG, "%s vector %u: %s", f->name, vec,
			strerror(errno));
}
