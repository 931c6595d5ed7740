/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_FLOW_PARSE_H
#define SRIOVNIC_FLOW_PARSE_H

/* rte_flow attributes, pattern and actions into the card's rule buffer
 * (datasheet Appendix B.1-B.3), remembering which item or action each
 * byte came from so that a refusal can name it.
 */

#include "sriovnic_ethdev.h"

/* What the rule buffer's bytes came from, to name it in an error */
struct sriovnic_flow_origin {
	enum rte_flow_error_type type;
	const void *obj;
};

struct sriovnic_flow_ctx {
	struct sriovnic_adapter *ad;	/* the port */
	struct sriovnic_pf_adapter *pf_ad;	/* its switch's PF, NULL on a VF */
	struct rte_flow *flow;
	bool transfer;
	bool vlan_item;			/* a VLAN item was seen */
	bool pushed;			/* OF_PUSH_VLAN seen: set vid/pcp go in */
	struct sriovnic_flow_origin origin[SRIOVNIC_FLOW_RULE_LEN];
};

/* rte_flow_error_set() as a negative errno, the PMD's return value */
static inline int
flow_error(struct rte_flow_error *err, int code, enum rte_flow_error_type t,
	   const void *cause, const char *msg)
{
	return -rte_flow_error_set(err, code, t, cause, msg);
}

/* The card's or the PF's refusal of a rule (v: the card's verdict, or
 * NULL), naming what caused it where it can; returns ret
 */
int sriovnic_flow_verdict_error(const struct sriovnic_flow_ctx *c, int ret,
				const struct sriovnic_flow_verdict *v,
				struct rte_flow_error *err);
/* Fills flow (rule, place, count) and c; 0 or a negative errno with err
 * set
 */
int sriovnic_flow_parse(struct sriovnic_flow_ctx *c, struct rte_eth_dev *dev,
			const struct rte_flow_attr *attr,
			const struct rte_flow_item pattern[],
			const struct rte_flow_action actions[],
			struct rte_flow *flow, struct rte_flow_error *err);

#endif /* SRIOVNIC_FLOW_PARSE_H */
