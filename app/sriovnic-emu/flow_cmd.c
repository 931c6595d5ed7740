/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The flow engine's admin commands (datasheet 13.9), each with its
 * checks in the documented order. A failed command changes nothing.
 */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include "emu.h"
#include "aq.h"
#include "flow.h"
#include "flow_store.h"
#include "iommu.h"

/* The owner of a rule in table of func (13.1) */
static uint8_t
flow_owner(uint8_t table, uint8_t func)
{
	return table == SRIOVNIC_FLOW_TBL_SWITCH ? SRIOVNIC_FUNC_PF : func;
}

/* A rule id naming a rule: AQE_RULE_ID, AQE_RULE_UNKNOWN */
static int
flow_id_check(const struct emu_flow *fl, uint32_t id, uint16_t *info)
{
	if (id >= fl->nb_rules)
		return emu_aq_fail(info, SRIOVNIC_AQE_RULE_ID, -EINVAL);
	if (!fl->rules[id].used)
		return emu_aq_fail(info, SRIOVNIC_AQE_RULE_UNKNOWN, -ENOENT);
	return 0;
}

static int
flow_add_check(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_flow_rule *rule, uint16_t *info,
	       uint16_t *err_off)
{
	const struct sriovnic_aq_flow_add *p = &cmd->param.flow_add;
	struct emu_flow *fl = emu->flow;
	bool validate = p->add_flags & SRIOVNIC_FADD_VALIDATE;
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	uint8_t owner;
	int ret;

	if (sriovnic_first_nz(p->rsvd, sizeof(p->rsvd)) >= 0 ||
	    (p->add_flags & ~SRIOVNIC_FADD_VALIDATE) ||
	    (validate && p->rule_id != 0))
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	if (p->table > SRIOVNIC_FLOW_TBL_SWITCH ||
	    (p->table == SRIOVNIC_FLOW_TBL_SWITCH ? p->func != 0 :
	     p->func > emu->opts->nb_vfs))
		return emu_aq_fail(info, SRIOVNIC_AQE_TABLE, -EINVAL);
	if (p->rule_id >= fl->nb_rules)
		return emu_aq_fail(info, SRIOVNIC_AQE_RULE_ID, -EINVAL);
	if (cmd->buf_len != SRIOVNIC_FLOW_RULE_LEN)
		return emu_aq_fail(info, SRIOVNIC_AQE_BUF, -EINVAL);
	if (emu_dma_read(pf, cmd->buf_addr, rule, sizeof(*rule)) < 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_DMA, -EFAULT);
	if (p->group >= EMU_FLOW_GROUPS)
		return emu_aq_fail(info, SRIOVNIC_AQE_GROUP, -EINVAL);
	ret = flow_check_rule(emu, rule, p->table, p->func, p->group, info,
			      err_off);
	if (ret < 0)
		return ret;
	if (!validate && fl->rules[p->rule_id].used)
		return emu_aq_fail(info, SRIOVNIC_AQE_RULE_EXISTS, -EEXIST);
	owner = flow_owner(p->table, p->func);
	if (fl->used[owner] >= fl->quota[owner])
		return emu_aq_fail(info, SRIOVNIC_AQE_QUOTA, -ENOSPC);
	return 0;
}

/* rss_key as rte_softrss_be() takes it: words of bytes 4i..4i+3, byte 4i
 * the most significant
 */
static void
flow_rss_key(struct flow_rule *r)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(r->rss_key_be); i++)
		r->rss_key_be[i] = rte_be_to_cpu_32(((const rte_be32_t *)
						     r->act.rss_key)[i]);
}

int
emu_flow_add(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	     struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_flow_add *p = &cmd->param.flow_add;
	uint16_t err_off = SRIOVNIC_FLOW_ERR_OFF_NONE;
	struct sriovnic_flow_rule rule;
	struct flow_rule *r;
	int ret;

	ret = flow_add_check(emu, cmd, &rule, info, &err_off);
	wb->param.flow_add.err_off = err_off;
	if (ret < 0 || (p->add_flags & SRIOVNIC_FADD_VALIDATE))
		return ret;
	r = &emu->flow->rules[p->rule_id];
	r->table = p->table;
	r->func = p->func;
	r->group = p->group;
	r->prio = p->priority;
	r->tbl = p->table == SRIOVNIC_FLOW_TBL_SWITCH ? EMU_FLOW_SWITCH :
		p->func;
	r->key = rule.key;
	r->mask = rule.mask;
	r->act = rule.act;
	flow_rss_key(r);
	ret = flow_insert(emu, p->rule_id);
	/* the model's own memory (a hash per mask): no case of the
	 * datasheet, whose card has its entries
	 */
	if (ret < 0) {
		EMU_LOG(WARNING, "flow rule %u: no memory for its table: %s",
			p->rule_id, rte_strerror(-ret));
		*info = SRIOVNIC_AQE_PARAM;
	}
	return ret;
}

int
emu_flow_del(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	     struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_flow_del *p = &cmd->param.flow_del;
	int ret;

	RTE_SET_USED(wb);
	if (sriovnic_first_nz(p->rsvd, sizeof(p->rsvd)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	ret = flow_id_check(emu->flow, p->rule_id, info);
	if (ret < 0)
		return ret;
	flow_remove(emu, p->rule_id);
	return 0;
}

int
emu_flow_query(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_flow_query *p = &cmd->param.flow_query;
	struct sriovnic_aq_flow_query *out = &wb->param.flow_query;
	struct flow_rule *r;
	int ret;

	if ((p->q_flags & ~SRIOVNIC_FQRY_RESET) ||
	    sriovnic_first_nz(p->rsvd, sizeof(p->rsvd)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	ret = flow_id_check(emu->flow, p->rule_id, info);
	if (ret < 0)
		return ret;
	r = &emu->flow->rules[p->rule_id];
	out->hits = r->hits;
	out->bytes = r->bytes;
	out->table = r->table;
	out->func = r->func;
	out->group = r->group;
	out->priority = r->prio;
	/* frames run on this core too: none is counted in between */
	if (p->q_flags & SRIOVNIC_FQRY_RESET) {
		r->hits = 0;
		r->bytes = 0;
	}
	return 0;
}

int
emu_flow_flush(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_flow_flush *p = &cmd->param.flow_flush;
	struct emu_flow *fl = emu->flow;
	uint32_t id, deleted = 0;
	int tbl;

	if (p->rsvd0 != 0 ||
	    sriovnic_first_nz(p->rsvd1, sizeof(p->rsvd1)) >= 0 ||
	    p->scope > SRIOVNIC_FFLUSH_INGRESS)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	if (p->scope == SRIOVNIC_FFLUSH_INGRESS ? p->func > emu->opts->nb_vfs :
	    p->func != 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_TABLE, -EINVAL);
	/* -1: every table */
	tbl = p->scope == SRIOVNIC_FFLUSH_ALL ? -1 :
		p->scope == SRIOVNIC_FFLUSH_SWITCH ? EMU_FLOW_SWITCH : p->func;
	for (id = 0; id < fl->nb_rules; id++)
		if (fl->rules[id].used && (tbl < 0 || fl->rules[id].tbl == tbl)) {
			flow_remove(emu, id);
			deleted++;
		}
	wb->param.flow_flush.deleted = deleted;
	return 0;
}

int
emu_flow_quota(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info)
{
	const struct sriovnic_aq_flow_quota *p = &cmd->param.flow_quota;
	struct sriovnic_aq_flow_quota *out = &wb->param.flow_quota;
	struct emu_flow *fl = emu->flow;
	bool set = p->qt_flags & SRIOVNIC_FQUOTA_SET;

	if ((p->qt_flags & ~SRIOVNIC_FQUOTA_SET) || p->rsvd0 != 0 ||
	    sriovnic_first_nz(p->rsvd1, sizeof(p->rsvd1)) >= 0 ||
	    p->func > emu->opts->nb_vfs ||
	    (set ? p->quota > fl->nb_rules : p->quota != 0))
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	if (set)
		fl->quota[p->func] = p->quota;
	out->quota = fl->quota[p->func];
	out->used = fl->used[p->func];
	return 0;
}
