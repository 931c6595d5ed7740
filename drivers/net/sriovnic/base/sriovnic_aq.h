/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_AQ_H
#define SRIOVNIC_AQ_H

/* The PF's admin queue (datasheet section 12): commands to the flow
 * engine, the scheduler and the meters, executed one at a time.
 */

#include <pthread.h>

#include "sriovnic_aq_cmd.h"
#include "sriovnic_hw.h"

struct rte_memzone;

#define SRIOVNIC_AQ_RING_LEN	64	/* descriptors */
/* largest buffer, a slot's: the VF state record */
#define SRIOVNIC_AQ_BUF_LEN	SRIOVNIC_VFS_LEN
_Static_assert(SRIOVNIC_FLOW_RULE_LEN <= SRIOVNIC_AQ_BUF_LEN,
	       "a rule fits an admin queue buffer");

struct sriovnic_aq {
	struct sriovnic_hw *hw;
	const struct rte_memzone *mz;	/* ring, then a buffer per slot */
	struct sriovnic_aq_desc *ring;
	uint8_t *bufs;
	uint64_t ring_iova;
	uint64_t bufs_iova;
	uint16_t tail;			/* next descriptor to fill */
	pthread_mutex_t lock;		/* application and mailbox threads */
};

/* Allocates the ring and enables the queue; -ENOTSUP without CAP_FLOW or
 * CAP_SCHED. After a PF reset, sriovnic_aq_enable() starts it again.
 */
int sriovnic_aq_init(struct sriovnic_aq *aq, struct sriovnic_hw *hw);
int sriovnic_aq_enable(struct sriovnic_aq *aq);
void sriovnic_aq_fini(struct sriovnic_aq *aq);

/* Runs one command and waits for its write-back, which lands in *d. A
 * buffer of d->buf_len bytes (0: none) is copied to the card before and
 * back after, so an output buffer comes back in buf. Returns the
 * command's status (0 or a negative errno; d->info says which check
 * failed), or -ETIMEDOUT / -EIO when the card does not answer.
 */
int sriovnic_aq_exec(struct sriovnic_aq *aq, struct sriovnic_aq_desc *d,
		     void *buf);

/* A readable name for a detail code (SRIOVNIC_AQE_*) */
const char *sriovnic_aq_strerror(uint16_t info);

#endif /* SRIOVNIC_AQ_H */
