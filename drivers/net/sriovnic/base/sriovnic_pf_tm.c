/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The transmit scheduler as the PF runs it for every function (datasheet
 * 14): its own hierarchy, each VF's cap, and VFs' requests for their queue
 * nodes (11.6, 14.9). All changes go through one path under pf->lock:
 * TM_NODE_SET for every node that differs from what is live, then
 * TM_COMMIT, back to back, so that changes of different functions never
 * mix in the card's staged tree and nothing is left staged.
 */
#include <errno.h>
#include <string.h>

#include <rte_bitops.h>

#include "sriovnic_pf.h"
#include "sriovnic_pf_locked.h"

static void
tree_default(struct sriovnic_tm_tree *t)
{
	unsigned int f, q;

	sriovnic_tm_params_default(&t->port, true);
	for (f = 0; f < SRIOVNIC_MAX_FUNCS; f++) {
		sriovnic_tm_params_default(&t->func[f], false);
		for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
			sriovnic_tm_params_default(&t->queue[f][q], false);
	}
}

void
sriovnic_pf_tm_init(struct sriovnic_pf *pf)
{
	struct sriovnic_pf_tm *tm = &pf->tm;

	memset(tm, 0, sizeof(*tm));
	tree_default(&tm->live);
	if (pf->hw->caps & SRIOVNIC_CAP_SCHED)
		tm->prios = RTE_MAX(sriovnic_read(pf->hw, SRIOVNIC_TM_PRIOS),
				    1u);
}

/* The tree the card would refuse (14.5): children's committed rates
 * above their parent's peak rate. Checked first for a precise error.
 */
static int
tree_check(const struct sriovnic_tm_tree *t, uint16_t nb_funcs,
	   uint16_t *fail_node)
{
	uint64_t sum = 0;
	uint16_t f;

	for (f = 0; f < nb_funcs; f++) {
		sum += t->func[f].cir;
		if (sriovnic_tm_cir_check(&t->func[f], t->queue[f]) != 0) {
			*fail_node = SRIOVNIC_TM_NODE_FUNC(f);
			return -EINVAL;
		}
	}
	if (t->port.pir != 0 && sum > t->port.pir) {
		*fail_node = SRIOVNIC_TM_NODE_PORT;
		return -EINVAL;
	}
	return 0;
}

static void
tm_info_of(const struct sriovnic_pf *pf, const struct sriovnic_tm_params *cap,
	   struct sriovnic_mbx_tm_info *info)
{
	memset(info, 0, sizeof(*info));
	info->cir = cap->cir;
	info->pir = cap->pir;
	info->priorities = pf->tm.prios;
}

/* Each present node that differs (14.1), staged, then one commit. On a
 * refused TM_NODE_SET the staged tree is copied back from live.
 */
static int
tree_apply(struct sriovnic_pf *pf, uint16_t *fail_node)
{
	struct sriovnic_pf_tm *tm = &pf->tm;
	struct sriovnic_tm_tree *w = &tm->want, *l = &tm->live;
	uint16_t nb_funcs = 1 + pf->hw->num_vfs;
	uint16_t node, dummy;
	bool staged = false;
	int ret = 0;
	uint8_t f, q;

	*fail_node = SRIOVNIC_TM_NODE_NONE;
	if (!sriovnic_tm_params_equal(&w->port, &l->port)) {
		ret = sriovnic_tm_node_set(&pf->aq, SRIOVNIC_TM_NODE_PORT,
					   &w->port);
		node = SRIOVNIC_TM_NODE_PORT;
		staged = true;
	}
	for (f = 0; ret == 0 && f < nb_funcs; f++) {
		if (!sriovnic_tm_params_equal(&w->func[f], &l->func[f])) {
			node = SRIOVNIC_TM_NODE_FUNC(f);
			ret = sriovnic_tm_node_set(&pf->aq, node, &w->func[f]);
			staged = true;
		}
		for (q = 0; ret == 0 && q < SRIOVNIC_MAX_QUEUES; q++) {
			if (sriovnic_tm_params_equal(&w->queue[f][q],
						     &l->queue[f][q]))
				continue;
			node = SRIOVNIC_TM_NODE_QUEUE(f, q);
			ret = sriovnic_tm_node_set(&pf->aq, node,
						   &w->queue[f][q]);
			staged = true;
		}
	}
	if (ret != 0) {
		*fail_node = node;
		sriovnic_tm_commit(&pf->aq, SRIOVNIC_TCOMMIT_ABORT, &dummy);
		return ret;
	}
	if (!staged)
		return 0;
	ret = sriovnic_tm_commit(&pf->aq, SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL,
				 fail_node);
	if (ret != 0)
		return ret;
	for (f = 1; f < nb_funcs; f++) {
		struct sriovnic_mbx_tm_info info;

		if (sriovnic_tm_params_equal(&w->func[f], &l->func[f]) ||
		    !(sriovnic_pf_vf(pf, f - 1)->caps & SRIOVNIC_MBX_CAP_TM))
			continue;
		tm_info_of(pf, &w->func[f], &info);
		sriovnic_pf_vf_event_locked(pf, f - 1, SRIOVNIC_MBX_EV_TM_CAP, &info,
					    sizeof(info));
	}
	*l = *w;
	return 0;
}

int
sriovnic_pf_tm_edit(struct sriovnic_pf *pf,
		    void (*edit)(struct sriovnic_tm_tree *want, const void *arg),
		    const void *arg, uint16_t *fail_node)
{
	uint16_t f;
	int ret;

	pthread_mutex_lock(&pf->lock);
	pf->tm.want = pf->tm.live;
	edit(&pf->tm.want, arg);
	for (f = 1; f <= pf->hw->num_vfs; f++)
		if (!sriovnic_tm_params_equal(&pf->tm.want.func[f],
					      &pf->tm.live.func[f]))
			sriovnic_tm_cap_lower(&pf->tm.want.func[f],
					      pf->tm.want.queue[f]);
	ret = tree_check(&pf->tm.want, 1 + pf->hw->num_vfs, fail_node);
	if (ret == 0)
		ret = tree_apply(pf, fail_node);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

static void
susp_record(struct sriovnic_pf_tm *tm, uint16_t node, bool suspend)
{
	uint16_t f = (node >> 4) & 0xff, q = node & 0xf;

	switch (SRIOVNIC_TM_NODE_LEVEL(node)) {
	case SRIOVNIC_TM_LEVEL_PORT:
		tm->port_susp = suspend;
		break;
	case SRIOVNIC_TM_LEVEL_FUNC:
		tm->func_susp[node & 0xff] = suspend;
		break;
	default:
		if (suspend)
			tm->queue_susp[f] |= RTE_BIT32(q);
		else
			tm->queue_susp[f] &= ~RTE_BIT32(q);
		break;
	}
}

static int
node_state_locked(struct sriovnic_pf *pf, uint16_t node, bool suspend)
{
	int ret = sriovnic_tm_node_state(&pf->aq, node, suspend);

	if (ret == 0)
		susp_record(&pf->tm, node, suspend);
	return ret;
}

int
sriovnic_pf_tm_node_state(struct sriovnic_pf *pf, uint16_t node,
			  bool suspend)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = node_state_locked(pf, node, suspend);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_tm_stats(struct sriovnic_pf *pf, uint16_t node, bool clear,
		     struct sriovnic_mbx_tm_stats *st)
{
	return sriovnic_tm_stats_read(&pf->aq, node, clear, st);
}

/* After a PF reset the card has the defaults of 14.2 and nothing
 * suspended: program what was live again.
 */
int
sriovnic_pf_tm_restore(struct sriovnic_pf *pf)
{
	struct sriovnic_pf_tm *tm = &pf->tm;
	uint16_t fail, f, q;
	int ret;

	if (tm->prios == 0)
		return 0;
	pthread_mutex_lock(&pf->lock);
	tm->want = tm->live;
	tree_default(&tm->live);
	ret = tree_apply(pf, &fail);
	if (ret == 0 && tm->port_susp)
		ret = sriovnic_tm_node_state(&pf->aq, SRIOVNIC_TM_NODE_PORT,
					     true);
	for (f = 0; ret == 0 && f <= pf->hw->num_vfs; f++) {
		if (tm->func_susp[f])
			ret = sriovnic_tm_node_state(&pf->aq,
					SRIOVNIC_TM_NODE_FUNC(f), true);
		for (q = 0; ret == 0 && q < SRIOVNIC_MAX_QUEUES; q++)
			if (tm->queue_susp[f] & RTE_BIT32(q))
				ret = sriovnic_tm_node_state(&pf->aq,
					SRIOVNIC_TM_NODE_QUEUE(f, q), true);
	}
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

void
sriovnic_pf_tm_vf_forget_locked(struct sriovnic_pf *pf, uint16_t vf)
{
	struct sriovnic_pf_tm *tm = &pf->tm;
	uint8_t f = SRIOVNIC_FUNC_VF(vf);
	uint16_t fail, q;

	if (tm->prios == 0)
		return;
	tm->staged_mask[vf] = 0;
	tm->want = tm->live;
	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sriovnic_tm_params_default(&tm->want.queue[f][q], false);
	tree_apply(pf, &fail);
	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		if (tm->queue_susp[f] & RTE_BIT32(q))
			node_state_locked(pf, SRIOVNIC_TM_NODE_QUEUE(f, q),
					  false);
}

static int
vf_queue_set(struct sriovnic_pf *pf, uint16_t vf, uint16_t nb_txq,
	     const struct sriovnic_mbx_msg *req)
{
	struct sriovnic_pf_tm *tm = &pf->tm;
	struct sriovnic_mbx_tm_queue mq;
	struct sriovnic_tm_params p;
	const char *why;

	memcpy(&mq, req->payload, sizeof(mq));
	sriovnic_tm_params_of_queue(&p, &mq);
	if (mq.queue >= nb_txq ||
	    sriovnic_tm_params_check(&p, false, tm->prios, &why) != 0)
		return -EINVAL;
	if (sriovnic_tm_cap_check(&tm->live.func[SRIOVNIC_FUNC_VF(vf)],
				  &p) != 0)
		return -EPERM;
	tm->staged[vf][mq.queue] = p;
	tm->staged_mask[vf] |= RTE_BIT32(mq.queue);
	return 0;
}

static int
vf_commit(struct sriovnic_pf *pf, uint16_t vf,
	  const struct sriovnic_mbx_msg *req)
{
	struct sriovnic_pf_tm *tm = &pf->tm;
	uint8_t f = SRIOVNIC_FUNC_VF(vf);
	struct sriovnic_mbx_u32 val;
	uint16_t q, fail;
	int ret;

	memcpy(&val, req->payload, sizeof(val));
	if (!(val.value & SRIOVNIC_MBX_TM_COMMIT_ABORT)) {
		tm->want = tm->live;
		for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
			if (tm->staged_mask[vf] & RTE_BIT32(q))
				tm->want.queue[f][q] = tm->staged[vf][q];
		ret = sriovnic_tm_cir_check(&tm->live.func[f],
					    tm->want.queue[f]);
		if (ret != 0)
			return ret;
	}
	ret = 0;
	if (!(val.value & SRIOVNIC_MBX_TM_COMMIT_ABORT) &&
	    tm->staged_mask[vf] != 0)
		ret = tree_apply(pf, &fail);
	tm->staged_mask[vf] = 0;
	return ret;
}

static int
vf_stats(struct sriovnic_pf *pf, uint16_t vf, uint16_t nb_txq,
	 const struct sriovnic_mbx_msg *req, struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_mbx_tm_stats_req sr;
	struct sriovnic_mbx_tm_stats st;
	uint8_t f = SRIOVNIC_FUNC_VF(vf);
	bool clear;
	int ret;

	memcpy(&sr, req->payload, sizeof(sr));
	clear = sr.flags & SRIOVNIC_MBX_TM_STATS_CLEAR;
	if (sr.node != SRIOVNIC_MBX_TM_NODE_FUNC && sr.node >= nb_txq)
		return -EINVAL;
	/* the function node's counters are the administrator's */
	if (sr.node == SRIOVNIC_MBX_TM_NODE_FUNC && clear)
		return -EPERM;
	ret = sriovnic_tm_stats_read(&pf->aq,
			sr.node == SRIOVNIC_MBX_TM_NODE_FUNC ?
			SRIOVNIC_TM_NODE_FUNC(f) :
			SRIOVNIC_TM_NODE_QUEUE(f, sr.node), clear, &st);
	if (ret != 0)
		return ret;
	memcpy(reply->payload, &st, sizeof(st));
	reply->hdr.len = sizeof(st);
	return 0;
}

/* TM_* requests of VF vf (11.6), after the common checks of req_check */
int
sriovnic_pf_tm_request_locked(struct sriovnic_pf *pf, uint16_t vf,
			      const struct sriovnic_func *fn,
			      const struct sriovnic_mbx_msg *req,
			      struct sriovnic_mbx_msg *reply)
{
	uint16_t nb_txq = fn->nb_txq ? fn->nb_txq : 1;
	struct sriovnic_mbx_tm_info info;
	struct sriovnic_mbx_tm_state ts;

	switch (req->hdr.opcode) {
	case SRIOVNIC_MBX_OP_TM_INFO:
		tm_info_of(pf, &pf->tm.live.func[SRIOVNIC_FUNC_VF(vf)], &info);
		memcpy(reply->payload, &info, sizeof(info));
		reply->hdr.len = sizeof(info);
		return 0;
	case SRIOVNIC_MBX_OP_TM_QUEUE_SET:
		return vf_queue_set(pf, vf, nb_txq, req);
	case SRIOVNIC_MBX_OP_TM_COMMIT:
		return vf_commit(pf, vf, req);
	case SRIOVNIC_MBX_OP_TM_NODE_STATE:
		memcpy(&ts, req->payload, sizeof(ts));
		if (ts.queue >= nb_txq || ts.suspend > 1)
			return -EINVAL;
		return node_state_locked(pf,
				SRIOVNIC_TM_NODE_QUEUE(SRIOVNIC_FUNC_VF(vf),
						       ts.queue), ts.suspend);
	case SRIOVNIC_MBX_OP_TM_STATS:
		return vf_stats(pf, vf, nb_txq, req, reply);
	default:
		return -EOPNOTSUPP;
	}
}
