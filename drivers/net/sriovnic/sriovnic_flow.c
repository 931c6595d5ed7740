/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_flow ops of every port (datasheet Appendix B.1-B.4): a rule parsed
 * into the card's rule buffer (sriovnic_flow_parse.c) is programmed by the
 * PF through its admin queue (switch table for transfer rules, its own
 * ingress table otherwise) or sent by a VF to its PF over the mailbox (its
 * own ingress table only). A representor's rules are transfer rules of
 * its PF.
 */
#include <rte_malloc.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_flow.h"
#include "sriovnic_flow_parse.h"
#include "sriovnic_rxtx.h"

/* The card's or the PF's refusal, naming what caused it where we can */
static int
verdict_error(const struct sriovnic_flow_ctx *c, int ret,
	      const struct sriovnic_flow_verdict *v, struct rte_flow_error *err)
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

/* Adds (or with validate, checks) a parsed rule where it belongs */
static int
flow_install(struct sriovnic_flow_ctx *c, bool validate,
	     struct rte_flow_error *err)
{
	struct rte_flow *f = c->flow;
	struct sriovnic_flow_verdict v;
	struct sriovnic_pf *pf;
	int ret;

	if (c->pf_ad == NULL) {
		/* the PF's checks (11.6) here first: they name the cause */
		struct sriovnic_flow_limits lim = {
			.groups = c->ad->flow_groups,
			.group = f->where.group,
			.nb_queues = c->ad->eth_dev->data->nb_rx_queues,
			.fates = SRIOVNIC_FLOW_FATES_INGRESS,
			.mods = SRIOVNIC_FLOW_MODS_INGRESS,
		};

		ret = sriovnic_flow_rule_check(&f->rule, &lim, &v.info,
					       &v.err_off);
		if (ret != 0)
			return verdict_error(c, ret, &v, err);
		f->id = c->ad->flow_handle;
		ret = sriovnic_vf_flow_add(&c->ad->vf, f->id, f->where.group,
					   f->where.priority, &f->rule, validate,
					   c->ad->vf_mbx_timeout_ms);
		if (ret == 0 && !validate)
			c->ad->flow_handle++;
		return ret == 0 ? 0 : verdict_error(c, ret, NULL, err);
	}
	pf = &c->pf_ad->pf;
	pthread_mutex_lock(&pf->lock);
	ret = sriovnic_pf_flow_add(pf, &f->where, &f->rule, validate, &f->id,
				   &v);
	pthread_mutex_unlock(&pf->lock);
	return ret == 0 ? 0 : verdict_error(c, ret, &v, err);
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
		ret = flow_install(c, true, err);
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
		ret = flow_install(c, false, err);
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
	struct sriovnic_adapter *pf_ad = sriovnic_flow_pf_of(ad);
	int ret;

	if (pf_ad == NULL) {
		ret = sriovnic_vf_flow_del(&ad->vf, flow->id,
					   ad->vf_mbx_timeout_ms);
	} else {
		pthread_mutex_lock(&pf_ad->pf.lock);
		ret = sriovnic_pf_flow_del(&pf_ad->pf, flow->id);
		pthread_mutex_unlock(&pf_ad->pf.lock);
	}
	/* a rule the card or the PF does not know is gone */
	return ret == -ENOENT ? 0 : ret;
}

static int
sriovnic_flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
		      struct rte_flow_error *err)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret = flow_remove(ad, flow);

	if (ret != 0)
		return flow_error(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, flow,
				  "rule could not be removed");
	TAILQ_REMOVE(&ad->flows, flow, next);
	if (flow_marks(flow))
		ad->nb_mark_flows--;
	rte_free(flow);
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

	if (sriovnic_flow_pf_of(ad) == NULL) {
		ret = sriovnic_vf_flow_flush(&ad->vf, ad->vf_mbx_timeout_ms);
		if (ret != 0 && ret != -ENOTSUP)
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
	struct sriovnic_adapter *pf_ad = sriovnic_flow_pf_of(ad);
	struct rte_flow_query_count *qc = data;
	struct sriovnic_mbx_flow_count cnt;
	int ret;

	if (action->type != RTE_FLOW_ACTION_TYPE_COUNT)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
				  action, "only COUNT can be queried");
	if (!flow->count)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
				  action, "rule was created without COUNT");
	if (pf_ad == NULL) {
		ret = sriovnic_vf_flow_query(&ad->vf, flow->id, qc->reset, &cnt,
					     ad->vf_mbx_timeout_ms);
	} else {
		pthread_mutex_lock(&pf_ad->pf.lock);
		ret = sriovnic_pf_flow_query(&pf_ad->pf, flow->id, qc->reset,
					     &cnt.hits, &cnt.bytes);
		pthread_mutex_unlock(&pf_ad->pf.lock);
	}
	if (ret != 0)
		return flow_error(err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, flow,
				  "counter query failed");
	qc->hits_set = 1;
	qc->bytes_set = 1;
	qc->hits = cnt.hits;
	qc->bytes = cnt.bytes;
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
	struct sriovnic_adapter *pf_ad = sriovnic_flow_pf_of(ad);

	if (pf_ad == NULL)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, "a VF has no switch rules; use the PF port");
	*proxy = pf_ad->eth_dev->data->port_id;
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
	struct sriovnic_adapter *pf_ad = sriovnic_flow_pf_of(ad);
	struct sriovnic_flow_verdict v;
	struct rte_flow *f;
	int ret, first = 0;

	TAILQ_FOREACH(f, &ad->flows, next) {
		if (pf_ad == NULL) {
			ret = sriovnic_vf_flow_add(&ad->vf, f->id, f->where.group,
						   f->where.priority, &f->rule,
						   false, ad->vf_mbx_timeout_ms);
		} else {
			pthread_mutex_lock(&pf_ad->pf.lock);
			ret = sriovnic_pf_flow_install(&pf_ad->pf, &f->where,
						       &f->rule, f->id, &v);
			pthread_mutex_unlock(&pf_ad->pf.lock);
		}
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
sriovnic_flow_close(struct sriovnic_adapter *ad)
{
	struct rte_flow *f;

	if (ad->repr_pf != NULL)
		TAILQ_FOREACH(f, &ad->flows, next)
			flow_remove(ad, f);
	flows_free(ad);
}
