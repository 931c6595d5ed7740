/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_TM_ROLE_H
#define SRIOVNIC_TM_ROLE_H

/* rte_tm: the shared core (sriovnic_tm.c) and what each role does
 * differently (sriovnic_tm_pf.c, sriovnic_tm_vf.c)
 */

#include <rte_tm_driver.h>

#include "sriovnic_ethdev.h"

#define SRIOVNIC_TM_STATS_MASK	(RTE_TM_STATS_N_PKTS | RTE_TM_STATS_N_BYTES)

#define SRIOVNIC_TM_SHAPER_CAPS(c, rate_max) do { \
	(c)->shaper_private_supported = 1; \
	(c)->shaper_private_dual_rate_supported = 1; \
	(c)->shaper_private_rate_min = SRIOVNIC_TM_RATE_MIN; \
	(c)->shaper_private_rate_max = (rate_max); \
	(c)->shaper_private_byte_mode_supported = 1; \
} while (0)

/* A role's scheduler: the PF programs the card's nodes itself, a VF asks
 * its PF for its queues' within the cap the PF set
 */
struct sriovnic_tm_backend {
	/* rte_tm offered on the port: 0, or a negative errno (logged) */
	int (*check)(struct sriovnic_adapter *ad);
	/* optional: the role's state as after a reset of the port */
	void (*init)(struct sriovnic_adapter *ad);
	/* the hierarchy's shape: function level, functions, priorities */
	void (*shape)(struct sriovnic_adapter *ad, struct sriovnic_tm_hier *h);
	/* the highest rate of a leaf's shaper */
	uint64_t (*rate_max)(struct sriovnic_adapter *ad);
	/* shaper capabilities of a non-leaf node */
	void (*nonleaf_shaper)(struct sriovnic_adapter *ad,
			       struct rte_tm_node_capabilities *cap);
	/* the root stands for a cap the PF sets: no shaper profile on it */
	bool root_is_cap;
	/* the hierarchy into the card, what differs; error set on failure */
	int (*program)(struct rte_eth_dev *dev, struct rte_tm_error *error);
	/* suspend or resume a node; *why may name a refusal's cause */
	int (*node_state)(struct sriovnic_adapter *ad,
			  enum sriovnic_tm_slot_kind kind, uint16_t idx,
			  bool suspend, const char **why);
	int (*node_stats)(struct sriovnic_adapter *ad,
			  enum sriovnic_tm_slot_kind kind, uint16_t idx,
			  bool clear, struct sriovnic_mbx_tm_stats *st);
};

/* error filled in with a message that may name a node; returns ret */
int sriovnic_tm_err(struct rte_tm_error *error, enum rte_tm_error_type type,
		    int ret, const char *fmt, ...);
/* The port's hierarchy, its shape brought up to date */
struct sriovnic_tm_hier *sriovnic_tm_hier_of(struct rte_eth_dev *dev);

#endif /* SRIOVNIC_TM_ROLE_H */
