/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The PF's side of the mailbox. A VF is untrusted: every request is checked
 * (state, capability, length, values) before anything changes, and a refused
 * request changes nothing (sriovnic_pf_func_update_locked is all or nothing).
 */
#include <errno.h>
#include <string.h>

#include <rte_ether.h>

#include "sriovnic_pf.h"
#include "sriovnic_pf_locked.h"

/* What this PF offers: API 1.1, what its card can do of 1.2, and 1.3 */
static uint32_t
pf_caps(const struct sriovnic_pf *pf)
{
	uint32_t caps = SRIOVNIC_MBX_CAPS_V1_1 | SRIOVNIC_MBX_CAP_VLAN_FILTER;

	if (pf->flow.nb_ids != 0)
		caps |= SRIOVNIC_MBX_CAP_FLOW;
	if (pf->tm.prios != 0)
		caps |= SRIOVNIC_MBX_CAP_TM;
	return caps;
}

/* A card without CAP_VF_PRESENT cannot tell: every VF counts as present */
static uint64_t
vf_present_read(struct sriovnic_pf *pf)
{
	uint64_t all = pf->hw->num_vfs == SRIOVNIC_MAX_VFS ? UINT64_MAX :
		       RTE_BIT64(pf->hw->num_vfs) - 1;

	if (!(pf->hw->caps & SRIOVNIC_CAP_VF_PRESENT))
		return all;
	return ((uint64_t)sriovnic_read(pf->hw, SRIOVNIC_VF_PRESENT_HI) << 32 |
		sriovnic_read(pf->hw, SRIOVNIC_VF_PRESENT_LO)) & all;
}

int
sriovnic_pf_init(struct sriovnic_pf *pf, struct sriovnic_hw *hw,
		 const uint8_t pf_mac[6], unsigned int mbx_rate,
		 unsigned int mbx_burst)
{
	struct rte_meter_srtcm_params rate = {
		.cir = mbx_rate, .cbs = mbx_burst, .ebs = 0,
	};
	pthread_mutexattr_t attr;
	struct sriovnic_func *fn;
	uint16_t n;
	int ret;

	memset(pf->func, 0, sizeof(pf->func));
	pf->hw = hw;
	/* secondary processes read VF statistics under it */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&pf->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	/* each message costs one "byte" of a srTCM bucket of mbx_rate/s */
	pf->mbx_rate_limit = mbx_rate != 0;
	if (pf->mbx_rate_limit) {
		ret = rte_meter_srtcm_profile_config(&pf->mbx_rate, &rate);
		if (ret != 0)
			return ret;
	}
	for (n = 0; n < SRIOVNIC_MAX_FUNCS; n++) {
		fn = &pf->func[n];
		fn->bcast = true;
		fn->max_rxq = hw->max_rxq;
		fn->max_txq = hw->max_txq;
		fn->max_frame = SRIOVNIC_DEFAULT_FRAME;
		if (pf->mbx_rate_limit)
			rte_meter_srtcm_config(&fn->meter, &pf->mbx_rate);
	}
	for (n = 0; n < hw->num_vfs; n++) {
		/* VF n gets the PF's address plus 1 + n in its low bytes */
		uint32_t low = (pf_mac[4] << 8 | pf_mac[5]) + 1 + n;

		fn = sriovnic_pf_vf(pf, n);
		memcpy(fn->mac, pf_mac, 4);
		fn->mac[4] = low >> 8;
		fn->mac[5] = low;
		fn->vflr_seen = sriovnic_read(hw, SRIOVNIC_SW_VFLR(n));
	}
	pf->vf_present = vf_present_read(pf);
	fn = &pf->func[SRIOVNIC_FUNC_PF];
	memcpy(fn->mac, pf_mac, 6);
	fn->active = true;
	sriovnic_pf_tm_init(pf);
	sriovnic_sw_init_locked(pf);
	return sriovnic_pf_func_apply_locked(pf, SRIOVNIC_FUNC_PF);
}

/* Back to what a VF has before its first HELLO; policy stays. */
static void
vf_forget(struct sriovnic_pf *pf, uint16_t vf)
{
	struct sriovnic_func *fn = sriovnic_pf_vf(pf, vf);

	fn->active = false;
	fn->promisc = false;
	fn->allmulti = false;
	fn->vlan_strip = false;
	fn->vlan_filter = false;
	fn->nb_uc = 0;
	fn->nb_mc = 0;
	fn->nb_vlan = 0;
	fn->caps = 0;
	fn->nb_rxq = 0;
	fn->nb_txq = 0;
	fn->max_frame = SRIOVNIC_DEFAULT_FRAME;
	sriovnic_pf_vf_flow_forget_locked(pf, vf);
	sriovnic_pf_tm_vf_forget_locked(pf, vf);
	sriovnic_pf_func_apply_locked(pf, SRIOVNIC_FUNC_VF(vf));
}

static int
vf_hello(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_func *want,
	 const struct sriovnic_mbx_msg *req, struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_mbx_hello hello;

	memcpy(&hello, req->payload, sizeof(hello));
	if (hello.major != SRIOVNIC_MBX_API_MAJOR)
		return -EPROTONOSUPPORT;
	if (want->active) {
		vf_forget(pf, vf);
		*want = *sriovnic_pf_vf(pf, vf);
	}
	want->active = true;
	want->api_minor = RTE_MIN(hello.minor, SRIOVNIC_MBX_API_MINOR);
	want->caps = hello.caps & pf_caps(pf);
	if (want->api_minor == 0)
		want->caps &= SRIOVNIC_MBX_CAPS_V1_0;
	else if (want->api_minor == 1)
		want->caps &= SRIOVNIC_MBX_CAPS_V1_1;
	else if (want->api_minor == 2)
		want->caps &= SRIOVNIC_MBX_CAPS_V1_2;
	hello.minor = want->api_minor;
	hello.caps = want->caps;
	memcpy(reply->payload, &hello, sizeof(hello));
	reply->hdr.len = sizeof(hello);
	return 0;
}

static void
vf_get_res(const struct sriovnic_func *fn, struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_mbx_res res = {
		.flags = fn->admin_mac ? SRIOVNIC_MBX_RES_ADMIN_MAC : 0,
		.max_rxq = fn->max_rxq,
		.max_txq = fn->max_txq,
		.max_mc = SRIOVNIC_FUNC_MAX_MC,
		.max_frame = SRIOVNIC_MAX_FRAME_LIMIT,
	};

	memcpy(res.mac, fn->mac, 6);
	memcpy(reply->payload, &res, sizeof(res));
	reply->hdr.len = sizeof(res);
}

static int
vf_rss_lut(struct sriovnic_func *want, const struct sriovnic_mbx_rss_lut *lut)
{
	uint16_t nb_rxq = want->nb_rxq ? want->nb_rxq : 1;
	unsigned int i;

	if (lut->count == 0 || lut->count > SRIOVNIC_MBX_LUT_CHUNK ||
	    lut->offset >= SRIOVNIC_RSS_RETA_SIZE ||
	    lut->offset + lut->count > SRIOVNIC_RSS_RETA_SIZE)
		return -EINVAL;
	for (i = 0; i < lut->count; i++)
		if (lut->queue[i] >= nb_rxq)
			return -EINVAL;
	memcpy(&want->rss_lut[lut->offset], lut->queue, lut->count);
	return 0;
}

static void
vf_stats(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_mbx_stats st;

	sriovnic_pf_get_vf_stats_locked(pf, vf, &st);
	memcpy(reply->payload, &st, sizeof(st));
	reply->hdr.len = sizeof(st);
}

/* Payload length each request must carry exactly */
static const uint16_t req_len[SRIOVNIC_MBX_OP_MAX] = {
	[SRIOVNIC_MBX_OP_HELLO] = sizeof(struct sriovnic_mbx_hello),
	[SRIOVNIC_MBX_OP_SET_MAC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_ADD_MC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_DEL_MC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_RXMODE] = sizeof(struct sriovnic_mbx_rxmode),
	[SRIOVNIC_MBX_OP_MAX_FRAME] = sizeof(struct sriovnic_mbx_u32),
	[SRIOVNIC_MBX_OP_CFG_QUEUES] = sizeof(struct sriovnic_mbx_queues),
	[SRIOVNIC_MBX_OP_ADD_MAC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_DEL_MAC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_ADD_VLAN] = sizeof(struct sriovnic_mbx_vlan),
	[SRIOVNIC_MBX_OP_DEL_VLAN] = sizeof(struct sriovnic_mbx_vlan),
	[SRIOVNIC_MBX_OP_VLAN_STRIP] = sizeof(struct sriovnic_mbx_u32),
	[SRIOVNIC_MBX_OP_RSS_KEY] = sizeof(struct sriovnic_mbx_rss_key),
	[SRIOVNIC_MBX_OP_RSS_LUT] = sizeof(struct sriovnic_mbx_rss_lut),
	[SRIOVNIC_MBX_OP_FLOW_ADD] = sizeof(struct sriovnic_mbx_flow_add),
	[SRIOVNIC_MBX_OP_FLOW_DEL] = sizeof(struct sriovnic_mbx_flow_handle),
	[SRIOVNIC_MBX_OP_FLOW_QUERY] = sizeof(struct sriovnic_mbx_flow_query),
	[SRIOVNIC_MBX_OP_TM_QUEUE_SET] = sizeof(struct sriovnic_mbx_tm_queue),
	[SRIOVNIC_MBX_OP_TM_COMMIT] = sizeof(struct sriovnic_mbx_u32),
	[SRIOVNIC_MBX_OP_TM_NODE_STATE] = sizeof(struct sriovnic_mbx_tm_state),
	[SRIOVNIC_MBX_OP_TM_STATS] = sizeof(struct sriovnic_mbx_tm_stats_req),
	[SRIOVNIC_MBX_OP_VLAN_FILTER] = sizeof(struct sriovnic_mbx_u32),
};

/* Capability a request needs to have been negotiated at HELLO */
static const uint32_t op_cap[SRIOVNIC_MBX_OP_MAX] = {
	[SRIOVNIC_MBX_OP_ADD_MC] = SRIOVNIC_MBX_CAP_MC,
	[SRIOVNIC_MBX_OP_DEL_MC] = SRIOVNIC_MBX_CAP_MC,
	[SRIOVNIC_MBX_OP_RXMODE] = SRIOVNIC_MBX_CAP_RXMODE,
	[SRIOVNIC_MBX_OP_CFG_QUEUES] = SRIOVNIC_MBX_CAP_RSS,
	[SRIOVNIC_MBX_OP_ADD_MAC] = SRIOVNIC_MBX_CAP_EXTRA_MAC,
	[SRIOVNIC_MBX_OP_DEL_MAC] = SRIOVNIC_MBX_CAP_EXTRA_MAC,
	[SRIOVNIC_MBX_OP_ADD_VLAN] = SRIOVNIC_MBX_CAP_VLAN,
	[SRIOVNIC_MBX_OP_DEL_VLAN] = SRIOVNIC_MBX_CAP_VLAN,
	[SRIOVNIC_MBX_OP_VLAN_STRIP] = SRIOVNIC_MBX_CAP_VLAN,
	[SRIOVNIC_MBX_OP_RSS_KEY] = SRIOVNIC_MBX_CAP_RSS,
	[SRIOVNIC_MBX_OP_RSS_LUT] = SRIOVNIC_MBX_CAP_RSS,
	[SRIOVNIC_MBX_OP_GET_LINK] = SRIOVNIC_MBX_CAP_QUERY,
	[SRIOVNIC_MBX_OP_GET_STATS] = SRIOVNIC_MBX_CAP_QUERY,
	[SRIOVNIC_MBX_OP_FLOW_ADD] = SRIOVNIC_MBX_CAP_FLOW,
	[SRIOVNIC_MBX_OP_FLOW_DEL] = SRIOVNIC_MBX_CAP_FLOW,
	[SRIOVNIC_MBX_OP_FLOW_QUERY] = SRIOVNIC_MBX_CAP_FLOW,
	[SRIOVNIC_MBX_OP_FLOW_FLUSH] = SRIOVNIC_MBX_CAP_FLOW,
	[SRIOVNIC_MBX_OP_FLOW_INFO] = SRIOVNIC_MBX_CAP_FLOW,
	[SRIOVNIC_MBX_OP_TM_INFO] = SRIOVNIC_MBX_CAP_TM,
	[SRIOVNIC_MBX_OP_TM_QUEUE_SET] = SRIOVNIC_MBX_CAP_TM,
	[SRIOVNIC_MBX_OP_TM_COMMIT] = SRIOVNIC_MBX_CAP_TM,
	[SRIOVNIC_MBX_OP_TM_NODE_STATE] = SRIOVNIC_MBX_CAP_TM,
	[SRIOVNIC_MBX_OP_TM_STATS] = SRIOVNIC_MBX_CAP_TM,
	[SRIOVNIC_MBX_OP_VLAN_FILTER] = SRIOVNIC_MBX_CAP_VLAN_FILTER,
};

/* Datasheet order: opcode, length, state, capability */
static int
req_check(const struct sriovnic_func *fn, const struct sriovnic_mbx_msg *req)
{
	uint16_t op = req->hdr.opcode;

	if (op == 0 || op >= SRIOVNIC_MBX_OP_MAX)
		return -EOPNOTSUPP;
	if (req->hdr.len != req_len[op])
		return -EINVAL;
	if (!fn->active && op != SRIOVNIC_MBX_OP_RESET &&
	    op != SRIOVNIC_MBX_OP_HELLO)
		return -EPROTO;
	if (op_cap[op] != 0 && !(fn->caps & op_cap[op]))
		return -EOPNOTSUPP;
	return 0;
}

/* Works on a copy of the VF's state; the caller commits it. */
static int
pf_dispatch(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_func *want,
	    const struct sriovnic_mbx_msg *req, struct sriovnic_mbx_msg *reply)
{
	/* struct sriovnic_mbx_mac; the payload is 2-byte aligned */
	const struct rte_ether_addr *mac = (const void *)req->payload;
	uint16_t op = req->hdr.opcode;
	struct sriovnic_mbx_queues q;
	struct sriovnic_mbx_vlan vlan;
	struct sriovnic_mbx_link link;
	struct sriovnic_mbx_rxmode mode;
	struct sriovnic_mbx_rss_lut lut;
	struct sriovnic_mbx_u32 val;

	int ret = req_check(want, req);

	if (ret != 0)
		return ret;
	switch (op) {
	case SRIOVNIC_MBX_OP_RESET:
		vf_forget(pf, vf);
		*want = *sriovnic_pf_vf(pf, vf);
		return 0;
	case SRIOVNIC_MBX_OP_HELLO:
		return vf_hello(pf, vf, want, req, reply);
	case SRIOVNIC_MBX_OP_GET_RES:
		vf_get_res(want, reply);
		return 0;
	case SRIOVNIC_MBX_OP_SET_MAC:
		if (!rte_is_valid_assigned_ether_addr(mac))
			return -EINVAL;
		if (memcmp(mac, want->mac, 6) == 0)
			return 0;
		if (want->admin_mac)
			return -EPERM;
		memcpy(want->mac, mac, 6);
		return 0;
	case SRIOVNIC_MBX_OP_ADD_MC:
	case SRIOVNIC_MBX_OP_DEL_MC:
		if (!rte_is_multicast_ether_addr(mac) ||
		    rte_is_broadcast_ether_addr(mac))
			return -EINVAL;
		return sriovnic_func_addr_edit(want->mc, &want->nb_mc,
				      SRIOVNIC_FUNC_MAX_MC, mac->addr_bytes,
				      op == SRIOVNIC_MBX_OP_ADD_MC);
	case SRIOVNIC_MBX_OP_ADD_MAC:
	case SRIOVNIC_MBX_OP_DEL_MAC:
		if (!rte_is_valid_assigned_ether_addr(mac))
			return -EINVAL;
		if (op == SRIOVNIC_MBX_OP_ADD_MAC && !want->trusted)
			return -EPERM;
		return sriovnic_func_addr_edit(want->uc, &want->nb_uc,
				      SRIOVNIC_FUNC_MAX_UC, mac->addr_bytes,
				      op == SRIOVNIC_MBX_OP_ADD_MAC);
	case SRIOVNIC_MBX_OP_RXMODE:
		memcpy(&mode, req->payload, sizeof(mode));
		if (mode.promisc > 1 || mode.allmulti > 1)
			return -EINVAL;
		/* seeing other functions' traffic is a privilege */
		if ((mode.promisc || mode.allmulti) && !want->trusted)
			return -EPERM;
		want->promisc = mode.promisc;
		want->allmulti = mode.allmulti;
		return 0;
	case SRIOVNIC_MBX_OP_MAX_FRAME:
		memcpy(&val, req->payload, sizeof(val));
		if (val.value < SRIOVNIC_MIN_FRAME ||
		    val.value > SRIOVNIC_MAX_FRAME_LIMIT)
			return -EINVAL;
		want->max_frame = val.value;
		return 0;
	case SRIOVNIC_MBX_OP_CFG_QUEUES:
		memcpy(&q, req->payload, sizeof(q));
		if (q.nb_rxq == 0 || q.nb_rxq > want->max_rxq ||
		    q.nb_txq == 0 || q.nb_txq > want->max_txq)
			return -EINVAL;
		want->nb_rxq = q.nb_rxq;
		want->nb_txq = q.nb_txq;
		return 0;
	case SRIOVNIC_MBX_OP_ADD_VLAN:
	case SRIOVNIC_MBX_OP_DEL_VLAN:
		memcpy(&vlan, req->payload, sizeof(vlan));
		if (vlan.vid == 0 || vlan.vid > 4094)
			return -EINVAL;
		if (want->pvid != 0)
			return -EPERM;
		return sriovnic_func_vlan_edit(want, vlan.vid,
				      op == SRIOVNIC_MBX_OP_ADD_VLAN);
	case SRIOVNIC_MBX_OP_VLAN_STRIP:
	case SRIOVNIC_MBX_OP_VLAN_FILTER:
		memcpy(&val, req->payload, sizeof(val));
		if (val.value > 1)
			return -EINVAL;
		/* recorded under a port VLAN too (without effect there): a
		 * VF configures them on every start
		 */
		if (op == SRIOVNIC_MBX_OP_VLAN_STRIP)
			want->vlan_strip = val.value;
		else
			want->vlan_filter = val.value;
		return 0;
	case SRIOVNIC_MBX_OP_RSS_KEY:
		memcpy(want->rss_key, req->payload, sizeof(want->rss_key));
		return 0;
	case SRIOVNIC_MBX_OP_RSS_LUT:
		memcpy(&lut, req->payload, sizeof(lut));
		return vf_rss_lut(want, &lut);
	case SRIOVNIC_MBX_OP_GET_LINK:
		sriovnic_pf_vf_link_of(pf, vf, &link);
		memcpy(reply->payload, &link, sizeof(link));
		reply->hdr.len = sizeof(link);
		return 0;
	case SRIOVNIC_MBX_OP_GET_STATS:
		vf_stats(pf, vf, reply);
		return 0;
	case SRIOVNIC_MBX_OP_FLOW_ADD:
	case SRIOVNIC_MBX_OP_FLOW_DEL:
	case SRIOVNIC_MBX_OP_FLOW_QUERY:
	case SRIOVNIC_MBX_OP_FLOW_FLUSH:
	case SRIOVNIC_MBX_OP_FLOW_INFO:
		return sriovnic_pf_vf_flow_request_locked(pf, vf, want, req, reply);
	case SRIOVNIC_MBX_OP_TM_INFO:
	case SRIOVNIC_MBX_OP_TM_QUEUE_SET:
	case SRIOVNIC_MBX_OP_TM_COMMIT:
	case SRIOVNIC_MBX_OP_TM_NODE_STATE:
	case SRIOVNIC_MBX_OP_TM_STATS:
		return sriovnic_pf_tm_request_locked(pf, vf, want, req, reply);
	default:	/* a request whose capability is never offered */
		return -EOPNOTSUPP;
	}
}

static bool
vf_over_rate(struct sriovnic_pf *pf, struct sriovnic_func *fn)
{
	if (!pf->mbx_rate_limit ||
	    rte_meter_srtcm_color_blind_check(&fn->meter, &pf->mbx_rate,
					      rte_get_tsc_cycles(), 1) ==
	    RTE_COLOR_GREEN)
		return false;
	fn->limited++;
	return true;
}

/* Checks, rate and the application's verdict: 0 to act, 1 to only ACK,
 * negative errno to refuse. The application is asked without our lock
 * held, so that its callback may use the private API.
 */
static int
vf_verdict(struct sriovnic_pf *pf, uint16_t vf,
	   const struct sriovnic_mbx_msg *req)
{
	struct sriovnic_func *fn = sriovnic_pf_vf(pf, vf);
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = req_check(fn, req);
	if (ret == 0 && vf_over_rate(pf, fn))
		ret = -EBUSY;
	pthread_mutex_unlock(&pf->lock);
	if (ret != 0 || pf->policy == NULL)
		return ret;
	switch (pf->policy(pf->policy_arg, vf, req)) {
	case SRIOVNIC_POLICY_ACK:
		return 1;
	case SRIOVNIC_POLICY_NACK:
		return -EPERM;
	default:
		return 0;
	}
}

int
sriovnic_pf_handle_msg(struct sriovnic_pf *pf, uint16_t vf,
		       const struct sriovnic_mbx_msg *req,
		       struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_func want;
	int ret;

	memset(reply, 0, sizeof(*reply));
	reply->hdr.opcode = req->hdr.opcode | SRIOVNIC_MBX_REPLY;
	reply->hdr.cookie = req->hdr.cookie;
	if (vf >= pf->hw->num_vfs) {
		reply->hdr.result = -ENODEV;
		return -ENODEV;
	}

	ret = vf_verdict(pf, vf, req);
	pthread_mutex_lock(&pf->lock);
	if (ret == 0) {
		want = *sriovnic_pf_vf(pf, vf);
		ret = pf_dispatch(pf, vf, &want, req, reply);
		if (ret == 0)
			ret = sriovnic_pf_func_update_locked(pf, SRIOVNIC_FUNC_VF(vf),
							     &want);
	} else if (ret > 0) {
		ret = 0;	/* acknowledged by the application, not acted on */
	}
	sriovnic_pf_vf(pf, vf)->msgs++;
	if (ret != 0) {
		sriovnic_pf_vf(pf, vf)->nacks++;
		reply->hdr.len = 0;
		PMD_MBX_LOG(DEBUG, "VF %u: request %#x refused: %s", vf,
			    req->hdr.opcode, strerror(-ret));
	}
	pthread_mutex_unlock(&pf->lock);
	reply->hdr.result = ret;
	return ret;
}

/* A VF whose function was reset (FLR, or its process died) starts over. */
void
sriovnic_pf_vflr_poll(struct sriovnic_pf *pf)
{
	uint16_t vf;

	pthread_mutex_lock(&pf->lock);
	for (vf = 0; vf < pf->hw->num_vfs; vf++) {
		struct sriovnic_func *fn = sriovnic_pf_vf(pf, vf);
		uint32_t cnt = sriovnic_read(pf->hw, SRIOVNIC_SW_VFLR(vf));

		if (cnt == fn->vflr_seen)
			continue;
		fn->vflr_seen = cnt;
		fn->resets++;
		if (fn->active)
			PMD_MBX_LOG(INFO, "VF %u was reset: its state is cleared",
				    vf);
		vf_forget(pf, vf);
	}
	pthread_mutex_unlock(&pf->lock);
}

uint64_t
sriovnic_pf_presence_poll(struct sriovnic_pf *pf)
{
	uint64_t now, changed;
	uint16_t vf;

	pthread_mutex_lock(&pf->lock);
	now = vf_present_read(pf);
	changed = now ^ pf->vf_present;
	__atomic_store_n(&pf->vf_present, now, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&pf->lock);
	for (vf = 0; vf < pf->hw->num_vfs; vf++)
		if (changed & RTE_BIT64(vf))
			PMD_MBX_LOG(INFO, "VF %u %s", vf,
				    now & RTE_BIT64(vf) ? "added" : "removed");
	return changed;
}

/* One message per VF per call, so a chatty VF cannot starve the others. */
unsigned int
sriovnic_pf_mbx_poll(struct sriovnic_pf *pf)
{
	struct sriovnic_mbx_msg req, reply;
	struct sriovnic_mbx_chan ch;
	unsigned int handled = 0;
	uint16_t vf;
	int ret;

	sriovnic_pf_vflr_poll(pf);
	for (vf = 0; vf < pf->hw->num_vfs; vf++) {
		sriovnic_mbx_chan_pf(&ch, vf);
		if (!sriovnic_mbx_pending(pf->hw, &ch))
			continue;
		ret = sriovnic_mbx_recv(pf->hw, &ch, &req);
		if (ret == -EBADMSG)
			req.hdr.len = UINT16_MAX;	/* refused as -EINVAL */
		else if (ret != 0)
			continue;
		handled++;
		sriovnic_pf_handle_msg(pf, vf, &req, &reply);
		pthread_mutex_lock(&pf->lock);
		ret = sriovnic_mbx_send(pf->hw, &ch, &reply,
					SRIOVNIC_PF_REPLY_TIMEOUT_MS);
		pthread_mutex_unlock(&pf->lock);
		if (ret != 0)
			PMD_MBX_LOG(WARNING, "VF %u does not take its replies",
				    vf);
	}
	return handled;
}
