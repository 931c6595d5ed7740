/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_SCHEDULER_H
#define EMU_SCHEDULER_H

/* The transmit scheduler (datasheet 14): its tree of nodes, the TM_*
 * admin commands that program it and the shaped tx path (sched.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include "sriovnic_aq_cmd.h"
#include "sriovnic_regs.h"

struct emu;

/* Parameters of a scheduler node (datasheet 14.2) */
struct emu_tm_params {
	uint64_t cir;		/* bytes/s, 0: no committed bucket */
	uint64_t pir;		/* bytes/s, 0: no peak bucket */
	uint32_t cbs;
	uint32_t pbs;
	uint8_t priority;
	uint8_t weight;
	int8_t adjust;
};

/* A node of the transmit scheduler's tree (datasheet 14). Buckets hold
 * bytes times the TSC frequency, so that a refill is cycles times rate,
 * exact.
 */
struct emu_tm_node {
	struct emu_tm_params live;
	struct emu_tm_params staged;
	bool suspended;
	bool backlog;		/* frames were left at the last poll */
	int64_t peak;		/* P */
	int64_t committed;	/* C */
	uint64_t refilled;	/* TSC of the last refill */
	int64_t deficit;	/* bytes: DRR among its siblings */
	/* a parent: the child served last, per priority */
	uint8_t last[SRIOVNIC_TM_PRIOS_MIN];
	uint64_t pkts;
	uint64_t bytes;
	uint64_t stall;		/* TSC cycles */
};

struct emu_sched {
	/* every node at its defaults and running: the tx path serves the
	 * queues round robin without looking at the tree
	 */
	bool plain;
	uint64_t hz;		/* TSC */
	uint64_t wake;		/* TSC when a node held back conforms, or 0 */
	struct emu_tm_node port;
	struct emu_tm_node func[SRIOVNIC_MAX_FUNCS];
	struct emu_tm_node queue[SRIOVNIC_MAX_FUNCS][SRIOVNIC_MAX_QUEUES];
};

void emu_sched_reset(struct emu *emu);
/* The TM_* admin commands (an emu_aq_cmd_fn) */
int emu_sched_cmd(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		  struct sriovnic_aq_desc *wb, uint16_t *info);
/* Frames from the scheduled tx queues, the tree not at its defaults */
unsigned int emu_sched_tx(struct emu *emu);
/* Microseconds until a node that shaping holds back may send;
 * UINT64_MAX if none waits
 */
uint64_t emu_sched_wait_us(const struct emu *emu);

#endif /* EMU_SCHEDULER_H */
