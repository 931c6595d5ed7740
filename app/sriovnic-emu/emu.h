/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_H
#define EMU_H

/* The card: its functions and their BARs, the state of the whole model
 * (struct emu) made of its subsystems' parts, and the two polls that run
 * it (card.c, func.c, options.c). Each subsystem has its own header:
 * queue.h (queues, tx and rx), pkt.h (frame parsing and offloads),
 * iommu.h (DMA), switch.h, flow.h, scheduler.h, aq.h, mailbox.h, wire.h
 * (wire and link), attach.h (sysfs tree and attach endpoints).
 *
 * Everything runs on one lcore, so nothing here is locked; the only
 * concurrency is with the drivers, which share the BARs and their DMA
 * memory with the model.
 */

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>
#include <rte_io.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_pci.h>

#include "sriovnic_regs.h"
#include "aq.h"
#include "attach.h"
#include "mailbox.h"
#include "queue.h"
#include "scheduler.h"
#include "switch.h"
#include "wire.h"

extern int emu_logtype;
#define EMU_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, emu_logtype, "sriovnic-emu: " fmt "\n", \
		## __VA_ARGS__)

#define EMU_BURST		32
#define EMU_SRC_WIRE		SRIOVNIC_MAX_FUNCS	/* no function id */
#define EMU_NB_STATS	((SRIOVNIC_ST_RX_OVERSIZE - SRIOVNIC_STATS) / 8 + 1)

/* Flow tables (datasheet 13): the ingress table of function f at index
 * f, the switch table behind them
 */
#define EMU_FLOW_SWITCH		SRIOVNIC_MAX_FUNCS
#define EMU_FLOW_TABLES		(EMU_FLOW_SWITCH + 1)

struct emu_opts {
	const char *dir;
	unsigned int nb_vfs;
	unsigned int nb_queues;
	struct rte_pci_addr pf;
	const char *wire;		/* as given, for messages */
	enum emu_wire_kind wire_kind;
	const char *wire_arg;		/* tap: IFNAME, vdev: DEVARGS */
	struct rte_ether_addr mac;
	bool verbose;
	unsigned int flow_rules;	/* FLOW_RULES */
	int nb_eal_args;		/* appended after ours */
	char **eal_args;
};

struct emu_func {
	uint16_t id;		/* SRIOVNIC_FUNC_PF or SRIOVNIC_FUNC_VF(n) */
	struct rte_pci_addr addr;
	char name[PCI_PRI_STR_SIZE];
	uint8_t *bar;		/* resource0, shared with the driver */
	int bar_fd;		/* to grow it back if its driver shrinks it */
	int listen_fd;		/* its attach endpoint, DIR/<bdf>/dma_socket */
	bool attached;
	/* set by the SIGBUS handler: a region lost, resource0 shrank */
	volatile sig_atomic_t dma_lost;
	volatile sig_atomic_t bar_lost;
	int irq[SRIOVNIC_NUM_VECS];	/* eventfds, -1 when detached */
	unsigned int nb_regions;
	unsigned int max_regions;	/* allocated */
	unsigned int last_region;	/* where the last translation hit */
	struct emu_region *regions;	/* sorted by iova, disjoint */
	struct emu_queue rxq[SRIOVNIC_MAX_QUEUES];
	struct emu_queue txq[SRIOVNIC_MAX_QUEUES];
	/* PF: REP_RXQ(n) and REP_TXQ(n) at index n, NUM_VFS each; VF: none */
	unsigned int nb_rep;
	struct emu_queue *rep_rxq;
	struct emu_queue *rep_txq;
	struct emu *emu;	/* the card */
	/* VF: its PF_VFST block in the PF BAR; PF: NULL */
	uint8_t *vfst;
	uint32_t vflr;		/* VF: its SW_VFLR count */
	uint64_t remove_at;	/* VF: orderly removal's deadline, cycles; 0 none */
	bool suspended;		/* VF: no DMA, frames to it dropped (17.1) */
	struct emu_mbx_seen mbx;
	/* counters cleared by resets, so the exit report adds them up */
	uint64_t stats_base[EMU_NB_STATS];
};

struct emu {
	const struct emu_opts *opts;
	uint16_t nb_funcs;
	struct emu_func funcs[SRIOVNIC_MAX_FUNCS];
	struct rte_mempool *pool;
	struct rte_mbuf *spare;	/* kept for the next frame, emu_mbuf_free() */
	/* the enabled tx queues of all functions, which the fast path polls;
	 * rebuilt when tx_stale says that a queue started or stopped
	 */
	struct emu_queue *tx_on[SRIOVNIC_MAX_FUNCS * SRIOVNIC_MAX_QUEUES +
				SRIOVNIC_MAX_VFS];
	unsigned int nb_tx_on;
	bool tx_stale;
	uint64_t mbx_last;	/* timer cycles of the last message relayed */
	struct emu_switch sw;
	struct emu_wire wire;
	struct emu_attach att;
	struct emu_sysfs sysfs;
	uint32_t link_status;	/* of the port */
	uint32_t link_speed;
	uint32_t wire_status;	/* of the wire, LINK_STATUS layout */
	uint32_t wire_speed;
	bool port_down;		/* PORT_CTRL DOWN, as last applied */
	uint32_t pf_state;	/* PF_STATE as every VF sees it */
	struct emu_queue rep_rxq[SRIOVNIC_MAX_VFS];	/* the PF's */
	struct emu_queue rep_txq[SRIOVNIC_MAX_VFS];
	uint32_t caps;		/* CAPS of every function */
	struct emu_aq aq;
	struct emu_flow *flow;	/* NULL without CAP_FLOW */
	/* rules per flow table: an empty table costs a frame this check */
	uint32_t flow_nb[EMU_FLOW_TABLES];
	struct emu_sched sched;
};

/* BAR access. Doorbells and sequence numbers use the ordered accessors,
 * everything else the relaxed ones.
 */
static inline uint32_t
emu_rd32(const struct emu_func *f, uint32_t off)
{
	return rte_read32_relaxed(f->bar + off);
}

static inline void
emu_wr32(struct emu_func *f, uint32_t off, uint32_t val)
{
	rte_write32_relaxed(val, f->bar + off);
}

static inline void
emu_counter_add(uint8_t *p, uint64_t val)
{
	rte_write64_relaxed(rte_read64_relaxed(p) + val, p);
}

static inline void
emu_stat_add(struct emu_func *f, uint32_t off, uint64_t val)
{
	emu_counter_add(f->bar + off, val);
}

/* Queue counters (datasheet 9.2); representor queues have none */
static inline void
emu_qstat_add(struct emu_func *f, const struct emu_queue *q, uint32_t off,
	      uint64_t val)
{
	if (q->stats != 0)
		emu_stat_add(f, q->stats + off, val);
}

/* A VF's counter in the PF's PF_VFST block (datasheet 9.3) */
static inline void
emu_vfst_add(struct emu_func *f, uint32_t off, uint64_t val)
{
	if (f->vfst != NULL)
		emu_counter_add(f->vfst + off, val);
}

/* A function counter that PF_VFST mirrors for VFs */
static inline void
emu_fstat_add(struct emu_func *f, uint32_t off, uint32_t vfst_off,
	      uint64_t val)
{
	emu_stat_add(f, off, val);
	emu_vfst_add(f, vfst_off, val);
}

/* An mbuf for a frame. The mbuf of a frame that did not leave through the
 * wire comes back to the next frame, which spares most frames a mempool
 * round trip.
 */
static inline struct rte_mbuf *
emu_mbuf_alloc(struct emu *emu)
{
	struct rte_mbuf *m = emu->spare;

	if (m == NULL)
		return rte_pktmbuf_alloc(emu->pool);
	emu->spare = NULL;
	rte_pktmbuf_reset(m);
	return m;
}

static inline void
emu_mbuf_free(struct emu *emu, struct rte_mbuf *m)
{
	if (emu->spare == NULL && m->pool == emu->pool &&
	    RTE_MBUF_DIRECT(m) && m->next == NULL &&
	    rte_mbuf_refcnt_read(m) == 1) {
		emu->spare = m;
		return;
	}
	rte_pktmbuf_free(m);
}

/* card.c */
/* EAL for the model and for the programs that run it in-process (its
 * benchmark, tests and fuzzer): the wire of o checked, logs on stderr,
 * EAL initialised or a message why not, prog naming the process; 0 or a
 * negative errno
 */
int emu_eal_start(const struct emu_opts *o, char *prog);
/* EAL ended and its runtime directory removed */
void emu_eal_stop(void);
int emu_start(struct emu *emu, const struct emu_opts *o);
void emu_stop(struct emu *emu);
/* Frames from the wire and the tx queues, up to a burst from each; how
 * many there were
 */
unsigned int emu_poll_frames(struct emu *emu);
/* Memory lost under the card, attach endpoints, resets, queue enables,
 * switch tables, mailboxes, the port's PORT_CTRL and, with link, the
 * wire's link
 */
void emu_poll_config(struct emu *emu, bool link);

/* options.c */
int emu_opts_parse(int argc, char **argv, struct emu_opts *o);

/* func.c */
void emu_funcs_setup(struct emu *emu, const struct emu_opts *o);
void emu_func_power_on(struct emu *emu, struct emu_func *f);
void emu_func_poll(struct emu *emu, struct emu_func *f);
/* The function's own state as a reset leaves it, without a reset counted
 * or DRV_STATUS changed
 */
void emu_func_clear(struct emu_func *f);
void emu_func_reset(struct emu *emu, struct emu_func *f);
void emu_func_detach(struct emu *emu, struct emu_func *f);
void emu_func_print_stats(const struct emu_func *f, FILE *out);
uint32_t emu_max_frame(const struct emu_func *f);
void emu_irq_raise(struct emu_func *f, unsigned int vec);
/* VF vf's bit in VF_PRESENT_LO/HI, which raises the PF's misc vector */
void emu_vf_present(struct emu *emu, uint16_t vf, bool present);

#endif /* EMU_H */
