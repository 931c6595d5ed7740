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
	/* PF: 1 + the VF whose policy record installed it, else 0 */
	uint8_t policy_vf;
};

TAILQ_HEAD(sriovnic_flow_list, rte_flow);

struct sriovnic_adapter;
struct sriovnic_flow_ctx;

/* Where a role's rules go: the card of the PF, through its admin queue
 * (the PF port and its representors, sriovnic_flow_pf.c), or the PF over
 * the mailbox (a VF, sriovnic_flow_vf.c). Negative errno on failure.
 */
struct sriovnic_flow_backend {
	/* groups of the tables the port's rules go to; 0: no rules */
	uint16_t (*groups)(struct sriovnic_adapter *ad);
	/* checks a parsed rule and, unless validate, adds it; err set */
	int (*add)(struct sriovnic_flow_ctx *c, bool validate,
		   struct rte_flow_error *err);
	int (*del)(struct sriovnic_adapter *ad, struct rte_flow *f);
	int (*query)(struct sriovnic_adapter *ad, struct rte_flow *f,
		     bool reset, uint64_t *hits, uint64_t *bytes);
	/* optional: every rule of the port at once; without, one by one */
	int (*flush)(struct sriovnic_adapter *ad);
	/* a kept rule again, under its id, where it was forgotten */
	int (*restore)(struct sriovnic_adapter *ad, struct rte_flow *f);
};

extern const struct sriovnic_flow_backend sriovnic_flow_pf_backend;
extern const struct sriovnic_flow_backend sriovnic_flow_vf_backend;

int sriovnic_flow_ops_get(struct rte_eth_dev *dev,
			  const struct rte_flow_ops **ops);
/* The port's rules again, into a card or a PF that forgot them; each
 * one refused is logged, the first error returned
 */
int sriovnic_flow_restore(struct sriovnic_adapter *ad);
/* A switch rule of a VF's policy record, added to the card and listed on
 * the PF port ad as if created there (so restored, flushed, closed with
 * it); v says why the card refused it
 */
int sriovnic_flow_policy_add(struct sriovnic_adapter *ad,
			     const struct sriovnic_flow_place *where,
			     const struct sriovnic_flow_rule *r, uint16_t vf,
			     struct rte_flow **flow,
			     struct sriovnic_flow_verdict *v);
/* A listed rule deleted from the card and the port's list */
int sriovnic_flow_remove(struct sriovnic_adapter *ad, struct rte_flow *f);
/* Port closing: the rules go; deleted from the card first when nothing
 * else removes them (a representor's; the card's reset or the VF's RESET
 * removes those of the PF and VF ports)
 */
void sriovnic_flow_close(struct sriovnic_adapter *ad, bool delete);

#endif /* SRIOVNIC_FLOW_H */
