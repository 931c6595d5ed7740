/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_FLOW_H
#define SRIOVNIC_FLOW_H

#include <sys/queue.h>

#include <rte_flow_driver.h>

#include "sriovnic_aq_cmd.h"
#include "sriovnic_pf.h"

/* A rule of a port: kept so that it can be queried, removed, and added
 * again after a PF reset (PF, representors) or a recovery (VF)
 */
struct rte_flow {
	TAILQ_ENTRY(rte_flow) next;
	struct sriovnic_flow_rule rule;
	struct sriovnic_flow_place where;
	uint32_t id;		/* PF: the card's rule id; VF: its handle */
	bool count;		/* has COUNT: rte_flow_query() answers */
};

TAILQ_HEAD(sriovnic_flow_list, rte_flow);

struct sriovnic_adapter;

int sriovnic_flow_ops_get(struct rte_eth_dev *dev,
			  const struct rte_flow_ops **ops);
/* The port's rules again, into a card or a PF that forgot them; each
 * one refused is logged, the first error returned
 */
int sriovnic_flow_restore(struct sriovnic_adapter *ad);
/* Port closing: the rules go (the card's reset or the VF's RESET removes
 * them from the card, a representor deletes its own)
 */
void sriovnic_flow_close(struct sriovnic_adapter *ad);

#endif /* SRIOVNIC_FLOW_H */
