/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_QUEUE_H
#define EMU_QUEUE_H

/* The queues of a function: their registers (queue.c) and the frame path
 * through their descriptor rings, transmit (tx.c) and receive (rx.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "pkt.h"

struct emu;
struct emu_func;
struct emu_region;
struct emu_tm_node;

#define EMU_TX_MAX_SEGS		18

/* What a queue moved since its counters were last written: the frame
 * path writes them once per burst or poll (emu_queue_count())
 */
struct emu_count {
	uint32_t pkts;
	uint32_t bcast;		/* rx */
	uint32_t mcast;		/* rx */
	uint64_t bytes;
};

struct emu_queue {
	void *ring;		/* host address of the ring; NULL unless enabled */
	struct emu_func *func;	/* whose queue it is */
	struct emu_tm_node *tm;	/* tx queue 0..15: its scheduler node */
	uint32_t regs;		/* BAR offset of the queue's register block */
	uint32_t stats;		/* BAR offset of its counters, 0 for none */
	uint16_t vf_func;	/* representor tx queue: function id of its VF */
	bool rx;
	bool error;		/* STATUS.ERROR until the driver clears ENABLE */
	bool scatter;		/* rx: chain buffers, latched at enable */
	uint8_t desc_shift;	/* rx: 1 for 32-byte descriptors, else 0 */
	bool keep_crc;		/* rx: FCS written after the frame, likewise */
	bool discard;		/* tx: drop descriptors up to the next EOP */
	bool head_late;		/* rx: HEAD is written by emu_rx_flush() */
	uint32_t len;		/* descriptors, power of two */
	uint32_t buf_len;	/* rx buffer bytes */
	uint64_t base;		/* Q_BASE at enable, which a save records */
	uint32_t ctrl;		/* Q_CTRL at enable, likewise */
	uint32_t head;
	uint32_t tail;		/* last doorbell read */
	struct emu_count count;
};

/* Descriptor fields are read once each, so a driver rewriting them
 * meanwhile cannot make a checked value differ from the used one.
 */
static inline uint64_t
emu_desc_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* A queue's ring as its registers or a VF state record give it */
struct emu_qcfg {
	uint64_t base;
	uint32_t len;
	uint32_t buf_len;
	uint32_t ctrl;
};

/* queue.c */
/* The fields of c that break the enable rules (datasheet 6.2) for q:
 * EMU_QCFG_* bits, 0 for none
 */
#define EMU_QCFG_BASE		RTE_BIT32(0)
#define EMU_QCFG_LEN		RTE_BIT32(1)
#define EMU_QCFG_BUF_LEN	RTE_BIT32(2)
uint32_t emu_queue_cfg_bad(const struct emu_queue *q,
			   const struct emu_qcfg *c);
/* The enable rules for q on c: 0 with the ring's host address, -EINVAL
 * (a field, emu_queue_cfg_bad()), or -EFAULT for a ring outside f's
 * memory (a DMA fault counted if count). Changes nothing.
 */
int emu_queue_check(struct emu_func *f, const struct emu_queue *q,
		    const struct emu_qcfg *c, bool count, void **ring);
/* q running on the checked c and ring from head on */
void emu_queue_latch(struct emu_func *f, struct emu_queue *q,
		     const struct emu_qcfg *c, void *ring, uint32_t head);
void emu_queues_setup(struct emu_func *f);
void emu_queues_tx_on(struct emu *emu);
void emu_queues_poll(struct emu *emu, struct emu_func *f);
void emu_queues_stop(struct emu_func *f);
void emu_queues_unmap(struct emu_func *f, const struct emu_region *r);
bool emu_queue_doorbell(struct emu_func *f, struct emu_queue *q);
void emu_queue_count(struct emu_queue *q);

/* tx.c */
/* Starts loading the doorbells and first descriptors of the enabled tx
 * queues, which their drivers wrote on other cores, so that the misses
 * of all queues overlap, and with the wire's poll
 */
void emu_tx_prefetch(struct emu *emu);
/* Up to a burst from each of the queues emu_tx_prefetch() found enabled,
 * or as many as the scheduler lets through
 */
unsigned int emu_tx_poll(struct emu *emu);
/* Up to a burst from q, unscheduled */
unsigned int emu_tx_burst(struct emu *emu, struct emu_queue *q);
/* Reads q's doorbell: whether the card owns descriptors of q */
bool emu_tx_ready(struct emu_queue *q);
/* One frame from q: false when there is none to take now */
bool emu_tx_frame(struct emu *emu, struct emu_queue *q);
/* After frames from q: Q_HEAD, if it moved from head, and the counters */
void emu_tx_done(struct emu_queue *q, uint32_t head);

/* rx.c */
void emu_rx_flush(void);
/* in_port: the source as the flow key has it (datasheet 13.3) */
void emu_rx_deliver(struct emu_func *f, uint8_t in_port,
		    const struct rte_mbuf *m, const struct emu_pkt *pkt,
		    enum emu_untag untag);
void emu_rx_rep(struct emu_func *pf, struct emu_queue *q,
		const struct rte_mbuf *m, const struct emu_pkt *pkt);

#endif /* EMU_QUEUE_H */
