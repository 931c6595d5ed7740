/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The flow engine as the PF drives it (datasheet 13): rule ids shared by
 * the PF's and the VFs' rules, the admin commands, and the VFs' FLOW_*
 * requests (11.6), checked in the datasheet's order before the card sees
 * them. A VF only ever reaches its own ingress table and queues.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sriovnic_flow_rule.h"
#include "sriovnic_pf.h"
#include "sriovnic_pf_locked.h"

static bool
flow_present(const struct sriovnic_pf *pf)
{
	return pf->flow.nb_ids != 0;
}

static int
id_alloc(struct sriovnic_pf_flow *fl, uint32_t *id)
{
	uint32_t words = (fl->nb_ids + 63) / 64;
	uint32_t w, i, start = fl->next_id / 64;
	uint64_t free_bits;

	for (i = 0; i < words; i++) {
		w = (start + i) % words;
		free_bits = ~fl->used[w];
		if (w == words - 1 && fl->nb_ids % 64 != 0)
			free_bits &= RTE_BIT64(fl->nb_ids % 64) - 1;
		if (free_bits == 0)
			continue;
		*id = w * 64 + rte_bsf64(free_bits);
		fl->used[w] |= RTE_BIT64(*id % 64);
		fl->next_id = *id + 1 < fl->nb_ids ? *id + 1 : 0;
		return 0;
	}
	return -ENOSPC;
}

static void
id_free(struct sriovnic_pf_flow *fl, uint32_t id)
{
	if (id < fl->nb_ids)
		fl->used[id / 64] &= ~RTE_BIT64(id % 64);
}

static int
aq_quota(struct sriovnic_pf *pf, uint8_t func, uint32_t quota)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_QUOTA };

	d.param.flow_quota.func = func;
	d.param.flow_quota.qt_flags = SRIOVNIC_FQUOTA_SET;
	d.param.flow_quota.quota = RTE_MIN(quota, pf->flow.nb_ids);
	return sriovnic_aq_exec(&pf->aq, &d, NULL);
}

/* The card starts with every VF's quota at 0 */
static int
quotas_apply(struct sriovnic_pf *pf)
{
	uint16_t vf;
	int ret;

	for (vf = 0; vf < pf->hw->num_vfs; vf++) {
		ret = aq_quota(pf, SRIOVNIC_FUNC_VF(vf), pf->flow.vf[vf].quota);
		if (ret != 0) {
			PMD_INIT_LOG(ERR, "%s: flow quota of VF %u refused: %s",
				     pf->hw->name, vf, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

int
sriovnic_pf_flow_init(struct sriovnic_pf *pf, uint32_t vf_quota)
{
	struct sriovnic_pf_flow *fl = &pf->flow;
	uint16_t vf;

	memset(fl, 0, sizeof(*fl));
	if (!(pf->hw->caps & SRIOVNIC_CAP_FLOW))
		return 0;
	fl->groups = sriovnic_read(pf->hw, SRIOVNIC_FLOW_GROUPS);
	fl->used = calloc((sriovnic_read(pf->hw, SRIOVNIC_FLOW_RULES) + 63) /
			  64, sizeof(uint64_t));
	if (fl->used == NULL)
		return -ENOMEM;
	fl->nb_ids = sriovnic_read(pf->hw, SRIOVNIC_FLOW_RULES);
	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++)
		fl->vf[vf].quota = vf_quota;
	return quotas_apply(pf);
}

int
sriovnic_pf_flow_restart(struct sriovnic_pf *pf)
{
	struct sriovnic_vf_flows *vfl;
	uint32_t i;
	uint16_t vf;

	if (!flow_present(pf))
		return 0;
	pthread_mutex_lock(&pf->lock);
	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++) {
		vfl = &pf->flow.vf[vf];
		for (i = 0; i < vfl->nb_rules; i++)
			id_free(&pf->flow, vfl->rules[i].rule_id);
		vfl->nb_rules = 0;
		vfl->assembling = false;
	}
	pthread_mutex_unlock(&pf->lock);
	return quotas_apply(pf);
}

uint32_t
sriovnic_pf_flow_ids_used_locked(const struct sriovnic_pf *pf)
{
	uint32_t w, n = 0;

	for (w = 0; w < (pf->flow.nb_ids + 63) / 64; w++)
		n += __builtin_popcountll(pf->flow.used[w]);
	return n;
}

void
sriovnic_pf_flow_fini(struct sriovnic_pf *pf)
{
	uint16_t vf;

	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++)
		free(pf->flow.vf[vf].rules);
	free(pf->flow.used);
	memset(&pf->flow, 0, sizeof(pf->flow));
}

static int
aq_flow_add(struct sriovnic_pf *pf, const struct sriovnic_flow_place *where,
	    const struct sriovnic_flow_rule *r, uint32_t rule_id,
	    uint16_t flags, struct sriovnic_flow_verdict *v)
{
	struct sriovnic_aq_desc d = {
		.opcode = SRIOVNIC_AQC_FLOW_ADD,
		.buf_len = sizeof(*r),
	};
	struct sriovnic_flow_rule buf = *r;
	int ret;

	if (!flow_present(pf))
		return -ENOTSUP;
	d.param.flow_add.rule_id = rule_id;
	d.param.flow_add.table = where->table;
	d.param.flow_add.func = where->func;
	d.param.flow_add.group = where->group;
	d.param.flow_add.priority = where->priority;
	d.param.flow_add.add_flags = flags;
	ret = sriovnic_aq_exec(&pf->aq, &d, &buf);
	v->info = ret < 0 ? d.info : 0;
	v->err_off = SRIOVNIC_FLOW_ERR_OFF_NONE;
	if (v->info == SRIOVNIC_AQE_KEY || v->info == SRIOVNIC_AQE_ACTION ||
	    v->info == SRIOVNIC_AQE_ACTION_ARG)
		v->err_off = d.param.flow_add.err_off;
	return ret;
}

static int
flow_install_locked(struct sriovnic_pf *pf,
		    const struct sriovnic_flow_place *where,
		    const struct sriovnic_flow_rule *r, uint32_t rule_id,
		    struct sriovnic_flow_verdict *v)
{
	return aq_flow_add(pf, where, r, rule_id, 0, v);
}

static int
flow_add_locked(struct sriovnic_pf *pf,
		const struct sriovnic_flow_place *where,
		const struct sriovnic_flow_rule *r, bool validate,
		uint32_t *rule_id, struct sriovnic_flow_verdict *v)
{
	int ret;

	if (validate)
		return aq_flow_add(pf, where, r, 0, SRIOVNIC_FADD_VALIDATE, v);
	if (!flow_present(pf))
		return -ENOTSUP;
	v->info = SRIOVNIC_AQE_QUOTA;
	v->err_off = SRIOVNIC_FLOW_ERR_OFF_NONE;
	ret = id_alloc(&pf->flow, rule_id);
	if (ret != 0)
		return ret;
	ret = aq_flow_add(pf, where, r, *rule_id, 0, v);
	if (ret != 0)
		id_free(&pf->flow, *rule_id);
	return ret;
}

static int
flow_del_locked(struct sriovnic_pf *pf, uint32_t rule_id)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_DEL };
	int ret;

	d.param.flow_del.rule_id = rule_id;
	ret = sriovnic_aq_exec(&pf->aq, &d, NULL);
	/* a rule the card does not have is gone all the same */
	if (ret == 0 || ret == -ENOENT)
		id_free(&pf->flow, rule_id);
	return ret;
}

static int
flow_query_locked(struct sriovnic_pf *pf, uint32_t rule_id, bool reset,
		  uint64_t *hits, uint64_t *bytes)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_QUERY };
	int ret;

	d.param.flow_query.rule_id = rule_id;
	d.param.flow_query.q_flags = reset ? SRIOVNIC_FQRY_RESET : 0;
	ret = sriovnic_aq_exec(&pf->aq, &d, NULL);
	if (ret == 0) {
		*hits = d.param.flow_query.hits;
		*bytes = d.param.flow_query.bytes;
	}
	return ret;
}

/* The PF port's own rules, and its representors': under pf->lock */
int
sriovnic_pf_flow_add(struct sriovnic_pf *pf,
		     const struct sriovnic_flow_place *where,
		     const struct sriovnic_flow_rule *r, bool validate,
		     uint32_t *rule_id, struct sriovnic_flow_verdict *v)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = flow_add_locked(pf, where, r, validate, rule_id, v);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_flow_install(struct sriovnic_pf *pf,
			 const struct sriovnic_flow_place *where,
			 const struct sriovnic_flow_rule *r, uint32_t rule_id,
			 struct sriovnic_flow_verdict *v)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = flow_install_locked(pf, where, r, rule_id, v);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_flow_del(struct sriovnic_pf *pf, uint32_t rule_id)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = flow_del_locked(pf, rule_id);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_flow_query(struct sriovnic_pf *pf, uint32_t rule_id, bool reset,
		       uint64_t *hits, uint64_t *bytes)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	ret = flow_query_locked(pf, rule_id, reset, hits, bytes);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_set_vf_flow_quota(struct sriovnic_pf *pf, uint16_t vf,
			      uint32_t quota)
{
	int ret;

	if (vf >= pf->hw->num_vfs)
		return -EINVAL;
	if (!flow_present(pf))
		return -ENOTSUP;
	if (quota > pf->flow.nb_ids)
		return -EINVAL;
	pthread_mutex_lock(&pf->lock);
	ret = aq_quota(pf, SRIOVNIC_FUNC_VF(vf), quota);
	if (ret == 0)
		pf->flow.vf[vf].quota = quota;
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

static struct sriovnic_vf_rule *
vf_rule_find(struct sriovnic_vf_flows *vfl, uint32_t handle)
{
	uint32_t i;

	for (i = 0; i < vfl->nb_rules; i++)
		if (vfl->rules[i].handle == handle)
			return &vfl->rules[i];
	return NULL;
}

static int
vf_rules_room(struct sriovnic_vf_flows *vfl)
{
	struct sriovnic_vf_rule *r;
	uint32_t n;

	if (vfl->nb_rules < vfl->max_rules)
		return 0;
	n = vfl->max_rules ? vfl->max_rules * 2 : 16;
	r = realloc(vfl->rules, n * sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	vfl->rules = r;
	vfl->max_rules = n;
	return 0;
}

/* 11.6 FLOW_ADD, checks in the datasheet's order */
static int
vf_flow_add(struct sriovnic_pf *pf, uint16_t vf, const struct sriovnic_func *fn,
	    const struct sriovnic_mbx_flow_add *m)
{
	struct sriovnic_vf_flows *vfl = &pf->flow.vf[vf];
	struct sriovnic_flow_place where = {
		.table = SRIOVNIC_FLOW_TBL_INGRESS,
		.func = SRIOVNIC_FUNC_VF(vf),
		.group = m->group,
		.priority = m->priority,
	};
	struct sriovnic_flow_limits lim = {
		.num_vfs = pf->hw->num_vfs,
		.groups = RTE_MIN(pf->flow.groups, 256u),
		.group = m->group,
		.nb_queues = fn->nb_rxq ? fn->nb_rxq : 1,
		.fates = SRIOVNIC_FLOW_FATES_INGRESS,
		.mods = SRIOVNIC_FLOW_MODS_INGRESS,
		.ip_frag = pf->hw->caps & SRIOVNIC_CAP_FLOW_FRAG ?
			   SRIOVNIC_FKF_MASK : 0,
	};
	bool validate = m->flags & SRIOVNIC_MBX_FLOW_VALIDATE;
	struct sriovnic_flow_verdict v;
	uint32_t id;
	int ret;

	if (__builtin_popcountll(m->map) > SRIOVNIC_MBX_FLOW_DWORDS)
		return -EINVAL;
	if (!(m->flags & SRIOVNIC_MBX_FLOW_FIRST) &&
	    !(vfl->assembling && vfl->asm_handle == m->handle))
		return -EINVAL;
	if (m->flags & SRIOVNIC_MBX_FLOW_FIRST) {
		memset(&vfl->asm_rule, 0, sizeof(vfl->asm_rule));
		vfl->asm_handle = m->handle;
		vfl->assembling = true;
	}
	sriovnic_flow_rule_store(&vfl->asm_rule, m);
	if (!(m->flags & SRIOVNIC_MBX_FLOW_LAST))
		return 0;
	vfl->assembling = false;
	if (!validate && vf_rule_find(vfl, m->handle) != NULL)
		return -EEXIST;
	if (m->group >= pf->flow.groups)
		return -EINVAL;
	ret = sriovnic_flow_rule_check(&vfl->asm_rule, &lim, &v.info,
				       &v.err_off);
	if (ret != 0)
		return ret;
	if (vfl->nb_rules >= vfl->quota)
		return -ENOSPC;
	if (validate)
		return flow_add_locked(pf, &where, &vfl->asm_rule, true,
				       NULL, &v);
	ret = vf_rules_room(vfl);
	if (ret == 0)
		ret = flow_add_locked(pf, &where, &vfl->asm_rule, false,
				      &id, &v);
	if (ret != 0)
		return ret;
	vfl->rules[vfl->nb_rules].handle = m->handle;
	vfl->rules[vfl->nb_rules].rule_id = id;
	vfl->nb_rules++;
	return 0;
}

static int
vf_flow_flush(struct sriovnic_pf *pf, uint16_t vf)
{
	struct sriovnic_vf_flows *vfl = &pf->flow.vf[vf];
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_FLOW_FLUSH };
	uint32_t i;
	int ret;

	vfl->assembling = false;
	if (vfl->nb_rules == 0)
		return 0;
	d.param.flow_flush.scope = SRIOVNIC_FFLUSH_INGRESS;
	d.param.flow_flush.func = SRIOVNIC_FUNC_VF(vf);
	ret = sriovnic_aq_exec(&pf->aq, &d, NULL);
	if (ret != 0) {
		PMD_MBX_LOG(ERR, "VF %u: flushing its flow rules failed: %s",
			    vf, strerror(-ret));
		return ret;
	}
	for (i = 0; i < vfl->nb_rules; i++)
		id_free(&pf->flow, vfl->rules[i].rule_id);
	vfl->nb_rules = 0;
	return 0;
}

void
sriovnic_pf_vf_flow_forget_locked(struct sriovnic_pf *pf, uint16_t vf)
{
	if (flow_present(pf))
		vf_flow_flush(pf, vf);
}

int
sriovnic_pf_vf_flow_request_locked(struct sriovnic_pf *pf, uint16_t vf,
				   const struct sriovnic_func *fn,
				   const struct sriovnic_mbx_msg *req,
				   struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_vf_flows *vfl = &pf->flow.vf[vf];
	struct sriovnic_mbx_flow_add add;
	struct sriovnic_mbx_flow_query q;
	struct sriovnic_mbx_flow_count cnt;
	struct sriovnic_mbx_flow_info info;
	struct sriovnic_vf_rule *r;
	int ret;

	if (!flow_present(pf))
		return -EOPNOTSUPP;
	switch (req->hdr.opcode) {
	case SRIOVNIC_MBX_OP_FLOW_ADD:
		memcpy(&add, req->payload, sizeof(add));
		return vf_flow_add(pf, vf, fn, &add);
	case SRIOVNIC_MBX_OP_FLOW_DEL:
		memcpy(&q.handle, req->payload, sizeof(q.handle));
		r = vf_rule_find(vfl, q.handle);
		if (r == NULL)
			return -ENOENT;
		ret = flow_del_locked(pf, r->rule_id);
		if (ret != 0 && ret != -ENOENT)
			return ret;
		*r = vfl->rules[--vfl->nb_rules];
		return 0;
	case SRIOVNIC_MBX_OP_FLOW_QUERY:
		memcpy(&q, req->payload, sizeof(q));
		r = vf_rule_find(vfl, q.handle);
		if (r == NULL)
			return -ENOENT;
		ret = flow_query_locked(pf, r->rule_id,
				q.flags & SRIOVNIC_MBX_FLOW_QUERY_RESET,
				&cnt.hits, &cnt.bytes);
		if (ret != 0)
			return ret;
		memcpy(reply->payload, &cnt, sizeof(cnt));
		reply->hdr.len = sizeof(cnt);
		return 0;
	case SRIOVNIC_MBX_OP_FLOW_FLUSH:
		return vf_flow_flush(pf, vf);
	default: /* SRIOVNIC_MBX_OP_FLOW_INFO */
		memset(&info, 0, sizeof(info));
		info.quota = vfl->quota;
		info.used = vfl->nb_rules;
		info.groups = pf->flow.groups;
		info.priorities = SRIOVNIC_FLOW_PRIOS;
		info.max_rss_queues = SRIOVNIC_FLOW_RSS_QUEUES;
		memcpy(reply->payload, &info, sizeof(info));
		reply->hdr.len = sizeof(info);
		return 0;
	}
}
