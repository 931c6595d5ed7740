/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_flow backend of the PF port and its representors: the rules go into
 * the PF's card through its admin queue (sriovnic_pf_flow.c), the PF's
 * switch table for transfer rules, its own ingress table otherwise.
 */
#include "sriovnic_ethdev.h"
#include "sriovnic_flow_parse.h"

static struct sriovnic_pf *
flow_pf(struct sriovnic_adapter *ad)
{
	return &ad->ops->switch_pf(ad)->pf;
}

static uint16_t
pf_groups(struct sriovnic_adapter *ad)
{
	return flow_pf(ad)->flow.groups;
}

static int
pf_add(struct sriovnic_flow_ctx *c, bool validate, struct rte_flow_error *err)
{
	struct sriovnic_pf *pf = flow_pf(c->ad);
	struct rte_flow *f = c->flow;
	struct sriovnic_flow_verdict v;
	int ret;

	ret = sriovnic_pf_flow_add(pf, &f->where, &f->rule, validate, &f->id,
				   &v);
	return ret == 0 ? 0 : sriovnic_flow_verdict_error(c, ret, &v, err);
}

static int
pf_del(struct sriovnic_adapter *ad, struct rte_flow *f)
{
	return sriovnic_pf_flow_del(flow_pf(ad), f->id);
}

static int
pf_query(struct sriovnic_adapter *ad, struct rte_flow *f, bool reset,
	 uint64_t *hits, uint64_t *bytes)
{
	return sriovnic_pf_flow_query(flow_pf(ad), f->id, reset, hits, bytes);
}

static int
pf_restore(struct sriovnic_adapter *ad, struct rte_flow *f)
{
	struct sriovnic_flow_verdict v;

	return sriovnic_pf_flow_install(flow_pf(ad), &f->where, &f->rule,
					f->id, &v);
}

/* No flush: the switch table also holds the other ports' rules */
const struct sriovnic_flow_backend sriovnic_flow_pf_backend = {
	.groups = pf_groups,
	.add = pf_add,
	.del = pf_del,
	.query = pf_query,
	.restore = pf_restore,
};
