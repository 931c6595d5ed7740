/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_flow backend of a VF: its rules go to the PF over the mailbox
 * (sriovnic_vf_flow.c), into the VF's own ingress table, each under a
 * handle the VF chooses.
 */
#include "sriovnic_ethdev.h"
#include "sriovnic_flow_parse.h"

static uint16_t
vf_groups(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return va->flow_groups;
}

static int
vf_add(struct sriovnic_flow_ctx *c, bool validate, struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = c->ad;
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct rte_flow *f = c->flow;
	struct sriovnic_flow_verdict v;
	/* the PF's checks (11.6) here first: they name the cause */
	struct sriovnic_flow_limits lim = {
		.groups = va->flow_groups,
		.group = f->where.group,
		.nb_queues = ad->eth_dev->data->nb_rx_queues,
		.fates = SRIOVNIC_FLOW_FATES_INGRESS,
		.mods = SRIOVNIC_FLOW_MODS_INGRESS,
		.ip_frag = ad->hw->caps & SRIOVNIC_CAP_FLOW_FRAG ?
			   SRIOVNIC_FKF_MASK : 0,
	};
	int ret;

	ret = sriovnic_flow_rule_check(&f->rule, &lim, &v.info, &v.err_off);
	if (ret != 0)
		return sriovnic_flow_verdict_error(c, ret, &v, err);
	f->id = va->flow_handle;
	ret = sriovnic_vf_flow_add(&va->vf, f->id, f->where.group,
				   f->where.priority, &f->rule, validate,
				   va->mbx_timeout_ms);
	if (ret == 0 && !validate)
		va->flow_handle++;
	return ret == 0 ? 0 : sriovnic_flow_verdict_error(c, ret, NULL, err);
}

static int
vf_del(struct sriovnic_adapter *ad, struct rte_flow *f)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return sriovnic_vf_flow_del(&va->vf, f->id, va->mbx_timeout_ms);
}

static int
vf_query(struct sriovnic_adapter *ad, struct rte_flow *f, bool reset,
	 uint64_t *hits, uint64_t *bytes)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_flow_count cnt = { .hits = 0 };
	int ret;

	ret = sriovnic_vf_flow_query(&va->vf, f->id, reset, &cnt,
				     va->mbx_timeout_ms);
	*hits = cnt.hits;
	*bytes = cnt.bytes;
	return ret;
}

/* B.4: the VF's whole table; a PF without FLOW_FLUSH has none to flush */
static int
vf_flush(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	int ret = sriovnic_vf_flow_flush(&va->vf, va->mbx_timeout_ms);

	return ret == -ENOTSUP ? 0 : ret;
}

static int
vf_restore(struct sriovnic_adapter *ad, struct rte_flow *f)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return sriovnic_vf_flow_add(&va->vf, f->id, f->where.group,
				    f->where.priority, &f->rule, false,
				    va->mbx_timeout_ms);
}

const struct sriovnic_flow_backend sriovnic_flow_vf_backend = {
	.groups = vf_groups,
	.add = vf_add,
	.del = vf_del,
	.query = vf_query,
	.flush = vf_flush,
	.restore = vf_restore,
};
