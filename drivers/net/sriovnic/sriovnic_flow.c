/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_flow ops of every port (datasheet Appendix B.1-B.4): a rule parsed
 * into the card's rule buffer (sriovnic_flow_parse.c) goes where the
 * port's role sends it (struct sriovnic_flow_backend): the PF programs it
 * through its admin queue (switch table for transfer rules, its own
 * ingress table otherwise), a VF sends it to its PF over the mailbox (its
 * own ingress table only). A representor's rules are transfer rules of
 * its PF. The ports keep their rules here, to query, remove and restore.
 */
#include <rte_malloc.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_flow.h"
#include "sriovnic_flow_parse.h"
#include "sriovnic_rxtx.h"

/* The card's or the PF's refusal, naming what caused it where we can */
int
sriovnic_flow_verdict_error(const struct sriovnic_flow_ctx *c, int ret,
			    const struct sriovnic_flow_verdict *v,
			    struct rte_flow_error *err)
{
	const struct sriovnic_flow_origin *o = NULL;
	const char *msg;

	if (v != NULL && v->err_off < SRIOVNIC_FLOW_RULE_LEN &&
	    c->origin[v->err_off].obj != NULL)
		o = &c->origin[v->err_off];
	switch (ret) {
	case -ENOSPC:
		msg = "rule quota exhausted";
		break;
	case -EEXIST:
		msg = "rule already exists";
		break;
	case -EOPNOTSUPP:
		msg = "action not supported by this table";
		break;
	case -ETIMEDOUT:
	case -EIO:
		msg = "no answer from the card or the PF";
		break;
	case -ENODEV:
		msg = "device removed";
		break;
	default:
		msg = v != NULL ? sriovnic_aq_strerror(v->info) :
		      "rule refused by the PF";
		break;
	}
	if (o == NULL)
		return flow_error(err, -ret, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, msg);
	return flow_error(err, -ret, o->type, o->obj, msg);
}

static int
sriovnic_flow_validate(struct rte_eth_dev *dev,
		       const struct rte_flow_attr *attr,
		       const struct rte_flow_item pattern[],
		       const struct rte_flow_action actions[],
		       struct rte_flow_error *err)
{
	struct rte_flow flow;
	struct sriovnic_flow_ctx *c = rte_malloc(NULL, sizeof(*c), 0);
	int ret;

	if (c == NULL)
		return flow_error(err, ENOMEM, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, "no memory");
	ret = sriovnic_flow_parse(c, dev, attr, pattern, actions, &flow, err);
	if (ret == 0)
		ret = c->ad->ops->flow->add(c, true, err);
	rte_free(c);
	return ret;
}

static bool
flow_marks(const struct rte_flow *flow)
{
	return flow->rule.act.mods & (SRIOVNIC_FMOD_MARK | SRIOVNIC_FMOD_FLAG);
}

/* The first rule that marks on a running port: its SIMD rx burst, which
 * does not report marks, gives way to the scalar one between two bursts
 */
static void
rx_burst_for_marks(struct rte_eth_dev *dev)
{
	if (!dev->data->dev_started)
		return;
	sriovnic_set_rxtx_funcs(dev);
	rte_eth_fp_ops[dev->data->port_id].rx_pkt_burst = dev->rx_pkt_burst;
}

static struct rte_flow *
sriovnic_flow_create(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		     const struct rte_flow_item pattern[],
		     const struct rte_flow_action actions[],
		     struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_flow *flow = rte_malloc("sriovnic_flow", sizeof(*flow), 0);
	struct sriovnic_flow_ctx *c = rte_malloc(NULL, sizeof(*c), 0);
	int ret = -ENOMEM;

	if (flow == NULL || c == NULL)
		flow_error(err, ENOMEM, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
			   "no memory");
	else
		ret = sriovnic_flow_parse(c, dev, attr, pattern, actions,
					  flow, err);
	if (ret == 0)
		ret = c->ad->ops->flow->add(c, false, err);
	rte_free(c);
	if (ret != 0) {
		rte_free(flow);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&ad->flows, flow, next);
	if (flow_marks(flow) && ad->nb_mark_flows++ == 0)
		rx_burst_for_marks(dev);
	return flow;
}

static int
flow_remove(struct sriovnic_adapter *ad, struct rte_flow *flow)
{
	int ret = ad->ops->flow->del(ad, flow);

	/* a rule the card or the PF does not know is gone */
	return ret == -ENOENT ? 0 : ret;
}

int
sriovnic_flow_remove(struct sriovnic_adapter *ad, struct rte_flow *flow)
{
	int ret = flow_remove(ad, flow);

	if (ret != 0)
		return ret;
	TAILQ_REMOVE(&ad->flows, flow, next);
	if (flow_marks(flow))
		ad->nb_mark_flows--;
	rte_free(flow);
	return 0;
}

static int
sriovnic_flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
		      struct rte_flow_error *err)
{
	int ret = sriovnic_flow_remove(SRIOVNIC_DEV_TO_AD(dev), flow);

	if (ret != 0)
		return flow_error(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, flow,
				  "rule could not be removed");
	return 0;
}

int
sriovnic_flow_policy_add(struct sriovnic_adapter *ad,
			 const struct sriovnic_flow_place *where,
			 const struct sriovnic_flow_rule *r, uint16_t vf,
			 struct rte_flow **flow, struct sriovnic_flow_verdict *v)
{
	struct rte_flow *f = rte_zmalloc("sriovnic_flow", sizeof(*f), 0);
	int ret;

	v->info = 0;
	v->err_off = SRIOVNIC_FLOW_ERR_OFF_NONE;
	if (f == NULL)
		return -ENOMEM;
	f->rule = *r;
	f->where = *where;
	f->policy_vf = vf + 1;
	ret = sriovnic_pf_flow_add(&ad->ops->switch_pf(ad)->pf, where, r,
				   false, &f->id, v);
	if (ret != 0) {
		rte_free(f);
		return ret;
	}
	TAILQ_INSERT_TAIL(&ad->flows, f, next);
	*flow = f;
	return 0;
}

static void
flows_free(struct sriovnic_adapter *ad)
{
	struct rte_flow *f;

	while ((f = TAILQ_FIRST(&ad->flows)) != NULL) {
		TAILQ_REMOVE(&ad->flows, f, next);
		rte_free(f);
	}
	ad->nb_mark_flows = 0;
}

/* B.4: a VF flushes its table; the PF deletes the rules of this port
 * only, as its switch table also holds the representors' rules
 */
static int
sriovnic_flow_flush(struct rte_eth_dev *dev, struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_flow *f;
	int ret;

	if (ad->ops->flow->flush != NULL) {
		ret = ad->ops->flow->flush(ad);
		if (ret != 0)
			return flow_error(err, -ret,
					  RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
					  NULL, "PF refused the flush");
		flows_free(ad);
		return 0;
	}
	while ((f = TAILQ_FIRST(&ad->flows)) != NULL) {
		ret = sriovnic_flow_destroy(dev, f, err);
		if (ret != 0)
			return ret;
	}
	return 0;
}

static int
sriovnic_flow_query(struct rte_eth_dev *dev, struct rte_flow *flow,
		    const struct rte_flow_action *action, void *data,
		    struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_flow_query_count *qc = data;
	uint64_t hits, bytes;
	int ret;

	if (action->type != RTE_FLOW_ACTION_TYPE_COUNT)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
				  action, "only COUNT can be queried");
	if (!flow->count)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
				  action, "rule was created without COUNT");
	ret = ad->ops->flow->query(ad, flow, qc->reset, &hits, &bytes);
	if (ret != 0)
		return flow_error(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, flow,
				  "counter query failed");
	qc->hits_set = 1;
	qc->bytes_set = 1;
	qc->hits = hits;
	qc->bytes = bytes;
	return 0;
}

/* Isolated mode would need the card to drop what no rule claims; its
 * tables fall back to the MAC lookup and RSS instead (13.2). So only
 * leaving it, the state a port is in anyway, is accepted.
 */
static int
sriovnic_flow_isolate(struct rte_eth_dev *dev, int set,
		      struct rte_flow_error *err)
{
	if (set)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, "isolated mode not supported: unmatched frames follow the MAC table and RSS");
	return 0;
}

/* B.1: transfer rules belong to the PF port; representors take them too */
static int
sriovnic_flow_pick_transfer_proxy(struct rte_eth_dev *dev, uint16_t *proxy,
				  struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_pf_adapter *pf_ad = ad->ops->switch_pf(ad);

	if (pf_ad == NULL)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, "a VF has no switch rules; use the PF port");
	*proxy = pf_ad->ad.eth_dev->data->port_id;
	return 0;
}

static const struct rte_flow_ops sriovnic_flow_ops = {
	.validate = sriovnic_flow_validate,
	.create = sriovnic_flow_create,
	.destroy = sriovnic_flow_destroy,
	.flush = sriovnic_flow_flush,
	.query = sriovnic_flow_query,
	.isolate = sriovnic_flow_isolate,
	.pick_transfer_proxy = sriovnic_flow_pick_transfer_proxy,
};

int
sriovnic_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops)
{
	*ops = &sriovnic_flow_ops;
	return 0;
}

int
sriovnic_flow_restore(struct sriovnic_adapter *ad)
{
	struct rte_flow *f;
	int ret, first = 0;

	TAILQ_FOREACH(f, &ad->flows, next) {
		ret = ad->ops->flow->restore(ad, f);
		if (ret != 0) {
			PMD_DRV_LOG(ERR, "port %u: rule %u not restored: %s",
				    ad->eth_dev->data->port_id, f->id,
				    strerror(-ret));
			if (first == 0)
				first = ret;
		}
	}
	return first;
}

void
sriovnic_flow_close(struct sriovnic_adapter *ad, bool delete)
{
	struct rte_flow *f;

	if (delete)
		TAILQ_FOREACH(f, &ad->flows, next)
			flow_remove(ad, f);
	flows_free(ad);
}
