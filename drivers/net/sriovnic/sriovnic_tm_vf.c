/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_tm of a VF: two levels, its queues under a root that stands for the
 * cap its PF's administrator set (TM_INFO, EV_TM_CAP); the queues' nodes
 * are asked of the PF over the mailbox (11.7), which checks them against
 * the cap.
 */
#include "sriovnic_tm_role.h"

static int
vf_req(struct sriovnic_adapter *ad, uint16_t op, const void *req,
       uint16_t len, void *resp, uint16_t resp_len)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return sriovnic_vf_request_cap(&va->vf, SRIOVNIC_MBX_CAP_TM, op, req,
				       len, resp, resp_len,
				       va->mbx_timeout_ms);
}

/* A TM_QUEUE_SET per queue that differs from what the PF has, then
 * TM_COMMIT; the PF checks them against the cap.
 */
static int
vf_send(struct sriovnic_adapter *ad,
	const struct sriovnic_tm_params want[SRIOVNIC_MAX_QUEUES],
	struct rte_tm_error *error)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_mbx_u32 commit = { .value = 0 };
	struct sriovnic_mbx_tm_queue mq;
	bool sent = false;
	int ret = 0;
	uint16_t q;

	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++) {
		if (sriovnic_tm_params_equal(&want[q], &va->tm_live[q]))
			continue;
		sriovnic_tm_queue_of_params(&mq, q, &want[q]);
		ret = vf_req(ad, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
			     NULL, 0);
		if (ret != 0) {
			commit.value = SRIOVNIC_MBX_TM_COMMIT_ABORT;
			vf_req(ad, SRIOVNIC_MBX_OP_TM_COMMIT, &commit,
			       sizeof(commit), NULL, 0);
			if (ret == -EPERM)
				return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID,
						       ret, "node %u: rate above the VF's cap of %" PRIu64 " bytes/s, set by the PF; nothing changed",
						       q, va->tm_cap.pir);
			return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, ret,
					       "node %u: the PF refused it: %s; nothing changed",
					       q, strerror(-ret));
		}
		sent = true;
	}
	if (!sent)
		return 0;
	ret = vf_req(ad, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		     NULL, 0);
	if (ret != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_UNSPECIFIED, ret,
				       ret == -EINVAL ?
				       "the leaves' committed rates add up to more than the VF's cap of %" PRIu64 " bytes/s; nothing changed" :
				       "the PF refused the commit (%" PRIu64 "): %s",
				       va->tm_cap.pir, strerror(-ret));
	memcpy(va->tm_live, want, sizeof(va->tm_live));
	return 0;
}

static int
vf_program(struct rte_eth_dev *dev, struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	struct sriovnic_tm_params want[SRIOVNIC_MAX_QUEUES];
	uint16_t q;

	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sriovnic_tm_node_params(h, q < h->nb_txq ? &h->leaf[q] : NULL,
					false, &want[q]);
	return vf_send(SRIOVNIC_DEV_TO_AD(dev), want, error);
}

static int
vf_tm_info(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return vf_req(ad, SRIOVNIC_MBX_OP_TM_INFO, NULL, 0, &va->tm_cap,
		      sizeof(va->tm_cap));
}

/* After the PF forgot us (its reset, our recovery): the queue settings
 * it had, which a new cap may have lowered below the application's
 */
int
sriovnic_tm_vf_restore(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_tm_params had[SRIOVNIC_MAX_QUEUES];
	struct rte_tm_error error;
	uint16_t q;
	int ret;

	if (!(va->vf.caps & SRIOVNIC_MBX_CAP_TM))
		return 0;
	ret = vf_tm_info(ad);
	if (ret != 0)
		return ret;
	memcpy(had, va->tm_live, sizeof(had));
	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sriovnic_tm_params_default(&va->tm_live[q], false);
	/* the rest of the VF's state does not depend on it */
	if (vf_send(ad, had, &error) != 0)
		PMD_DRV_LOG(ERR, "%s: queue shaping not restored: %s",
			    ad->hw->name, error.message);
	return 0;
}

/* The PF changed our cap and lowered our queues to fit it (11.7) */
void
sriovnic_tm_vf_cap_event(struct sriovnic_adapter *ad,
			 const struct sriovnic_mbx_msg *ev)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	struct sriovnic_tm_params cap;

	if (ev->hdr.len < sizeof(va->tm_cap))
		return;
	memcpy(&va->tm_cap, ev->payload, sizeof(va->tm_cap));
	sriovnic_tm_params_default(&cap, false);
	cap.cir = va->tm_cap.cir;
	cap.pir = va->tm_cap.pir;
	sriovnic_tm_cap_lower(&cap, va->tm_live);
	PMD_DRV_LOG(NOTICE, "%s: the PF set the VF's cap to %" PRIu64 " bytes/s (committed %" PRIu64 ")",
		    ad->hw->name, va->tm_cap.pir, va->tm_cap.cir);
}

static int
vf_check(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	if (!(va->vf.caps & SRIOVNIC_MBX_CAP_TM)) {
		PMD_DRV_LOG(ERR, "port %u: the PF offers no shaping (mailbox API 1.2 with TM)",
			    ad->eth_dev->data->port_id);
		return -ENOTSUP;
	}
	if (va->tm_cap.priorities == 0 && vf_tm_info(ad) != 0)
		return -EIO;
	return 0;
}

/* The queues as the PF has them after the VF's reset */
static void
vf_init(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);
	uint16_t q;

	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sriovnic_tm_params_default(&va->tm_live[q], false);
}

static void
vf_shape(struct sriovnic_adapter *ad, struct sriovnic_tm_hier *h)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	h->func_level = false;
	h->nb_funcs = 0;
	h->prios = va->tm_cap.priorities;
}

/* A VF's nodes are never shaped above its cap */
static uint64_t
vf_rate_max(struct sriovnic_adapter *ad)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	return va->tm_cap.pir != 0 ? va->tm_cap.pir : SRIOVNIC_TM_RATE_MAX;
}

/* The root reads as the cap (TM_INFO) */
static void
vf_nonleaf_shaper(struct sriovnic_adapter *ad,
		  struct rte_tm_node_capabilities *cap)
{
	struct sriovnic_vf_adapter *va = sriovnic_vf_ad(ad);

	cap->shaper_private_dual_rate_supported = 1;
	cap->shaper_private_rate_min = va->tm_cap.cir;
	cap->shaper_private_rate_max = va->tm_cap.pir;
}

static int
vf_node_state(struct sriovnic_adapter *ad, enum sriovnic_tm_slot_kind kind,
	      uint16_t idx, bool suspend, const char **why)
{
	struct sriovnic_mbx_tm_state st = { .suspend = suspend, .queue = idx };

	if (kind == SRIOVNIC_TM_ROOT) {
		*why = "the VF's function node is the PF's to suspend";
		return -EPERM;
	}
	return vf_req(ad, SRIOVNIC_MBX_OP_TM_NODE_STATE, &st, sizeof(st),
		      NULL, 0);
}

static int
vf_node_stats(struct sriovnic_adapter *ad, enum sriovnic_tm_slot_kind kind,
	      uint16_t idx, bool clear, struct sriovnic_mbx_tm_stats *st)
{
	struct sriovnic_mbx_tm_stats_req sr = {
		.node = kind == SRIOVNIC_TM_ROOT ? SRIOVNIC_MBX_TM_NODE_FUNC :
						   idx,
		.flags = clear ? SRIOVNIC_MBX_TM_STATS_CLEAR : 0,
	};

	return vf_req(ad, SRIOVNIC_MBX_OP_TM_STATS, &sr, sizeof(sr), st,
		      sizeof(*st));
}

const struct sriovnic_tm_backend sriovnic_tm_vf_backend = {
	.check = vf_check,
	.init = vf_init,
	.shape = vf_shape,
	.rate_max = vf_rate_max,
	.nonleaf_shaper = vf_nonleaf_shaper,
	.root_is_cap = true,
	.program = vf_program,
	.node_state = vf_node_state,
	.node_stats = vf_node_stats,
};
