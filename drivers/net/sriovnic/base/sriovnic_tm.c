/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <string.h>

#include "sriovnic_tm.h"

void
sriovnic_tm_params_default(struct sriovnic_tm_params *p, bool port)
{
	memset(p, 0, sizeof(*p));
	p->weight = port ? 0 : SRIOVNIC_TM_WEIGHT_DEFAULT;
}

bool
sriovnic_tm_params_equal(const struct sriovnic_tm_params *a,
			 const struct sriovnic_tm_params *b)
{
	return a->cir == b->cir && a->pir == b->pir && a->cbs == b->cbs &&
	       a->pbs == b->pbs && a->priority == b->priority &&
	       a->weight == b->weight && a->adjust == b->adjust;
}

static bool
rate_ok(uint64_t rate)
{
	return rate == 0 || (rate >= SRIOVNIC_TM_RATE_MIN &&
			     rate <= SRIOVNIC_TM_RATE_MAX);
}

static bool
burst_ok(uint64_t rate, uint32_t burst)
{
	if (rate == 0)
		return burst == 0;
	return burst >= SRIOVNIC_TM_BURST_MIN && burst <= SRIOVNIC_TM_BURST_MAX;
}

int
sriovnic_tm_shaper_check(const struct sriovnic_tm_params *p, const char **why)
{
	if (!rate_ok(p->cir))
		*why = "committed rate: 0, or 1000..50000000000 bytes/s";
	else if (!rate_ok(p->pir))
		*why = "peak rate: 0, or 1000..50000000000 bytes/s";
	else if (p->cir != 0 && p->pir != 0 && p->pir < p->cir)
		*why = "peak rate below the committed rate";
	else if (!burst_ok(p->cir, p->cbs))
		*why = "committed size: 64..16777216 bytes with a committed rate, else 0";
	else if (!burst_ok(p->pir, p->pbs))
		*why = "peak size: 64..16777216 bytes with a peak rate, else 0";
	else
		return 0;
	return -EINVAL;
}

int
sriovnic_tm_params_check(const struct sriovnic_tm_params *p, bool port,
			 unsigned int prios, const char **why)
{
	if (port && (p->priority != 0 || p->weight != 0 || p->cir != 0)) {
		*why = "the port node has no priority, weight or committed rate";
		return -EINVAL;
	}
	if (!port && p->priority >= prios) {
		*why = "priority out of range";
		return -EINVAL;
	}
	if (!port && p->weight < SRIOVNIC_TM_WEIGHT_MIN) {
		*why = "weight: 1..255";
		return -EINVAL;
	}
	return sriovnic_tm_shaper_check(p, why);
}

int
sriovnic_tm_cap_check(const struct sriovnic_tm_params *cap,
		      const struct sriovnic_tm_params *q)
{
	if (cap->pir != 0 && (q->cir > cap->pir || q->pir > cap->pir))
		return -EPERM;
	return 0;
}

int
sriovnic_tm_cir_check(const struct sriovnic_tm_params *parent,
		      const struct sriovnic_tm_params child[SRIOVNIC_MAX_QUEUES])
{
	uint64_t sum = 0;
	unsigned int q;

	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sum += child[q].cir;
	return parent->pir != 0 && sum > parent->pir ? -EINVAL : 0;
}

void
sriovnic_tm_cap_lower(const struct sriovnic_tm_params *cap,
		      struct sriovnic_tm_params q[SRIOVNIC_MAX_QUEUES])
{
	bool over = sriovnic_tm_cir_check(cap, q) != 0;
	unsigned int i;

	if (cap->pir == 0)
		return;
	for (i = 0; i < SRIOVNIC_MAX_QUEUES; i++) {
		if (over || q[i].cir > cap->pir) {
			q[i].cir = 0;
			q[i].cbs = 0;
		}
		if (q[i].pir > cap->pir)
			q[i].pir = cap->pir;
	}
}

void
sriovnic_tm_params_of_queue(struct sriovnic_tm_params *p,
			    const struct sriovnic_mbx_tm_queue *q)
{
	p->cir = q->cir;
	p->pir = q->pir;
	p->cbs = q->cbs;
	p->pbs = q->pbs;
	p->priority = q->priority;
	p->weight = q->weight;
	p->adjust = q->adjust;
}

void
sriovnic_tm_queue_of_params(struct sriovnic_mbx_tm_queue *q, uint8_t queue,
			    const struct sriovnic_tm_params *p)
{
	memset(q, 0, sizeof(*q));
	q->queue = queue;
	q->cir = p->cir;
	q->pir = p->pir;
	q->cbs = p->cbs;
	q->pbs = p->pbs;
	q->priority = p->priority;
	q->weight = p->weight;
	q->adjust = p->adjust;
}

static int
tm_exec(struct sriovnic_aq *aq, struct sriovnic_aq_desc *d, uint16_t node)
{
	int ret = sriovnic_aq_exec(aq, d, NULL);

	if (ret != 0)
		PMD_DRV_LOG(ERR, "%s: scheduler command %#x on node %#x: %s (%s)",
			    aq->hw->name, d->opcode, node, strerror(-ret),
			    sriovnic_aq_strerror(d->info));
	return ret;
}

int
sriovnic_tm_node_set(struct sriovnic_aq *aq, uint16_t node,
		     const struct sriovnic_tm_params *p)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_TM_NODE_SET };
	struct sriovnic_aq_tm_node_set *s = &d.param.tm_node_set;

	s->node = node;
	s->priority = p->priority;
	s->weight = p->weight;
	s->adjust = p->adjust;
	s->cir = p->cir;
	s->pir = p->pir;
	s->cbs = p->cbs;
	s->pbs = p->pbs;
	return tm_exec(aq, &d, node);
}

int
sriovnic_tm_commit(struct sriovnic_aq *aq, uint32_t flags, uint16_t *fail_node)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_TM_COMMIT };
	int ret;

	d.param.tm_commit.c_flags = flags;
	ret = sriovnic_aq_exec(aq, &d, NULL);
	*fail_node = ret == 0 ? SRIOVNIC_TM_NODE_NONE :
		     d.param.tm_commit.fail_node;
	if (ret != 0)
		PMD_DRV_LOG(ERR, "%s: scheduler commit refused at node %#x: %s",
			    aq->hw->name, *fail_node,
			    sriovnic_aq_strerror(d.info));
	return ret;
}

int
sriovnic_tm_node_state(struct sriovnic_aq *aq, uint16_t node, bool suspend)
{
	struct sriovnic_aq_desc d = {
		.opcode = suspend ? SRIOVNIC_AQC_TM_NODE_SUSPEND :
			  SRIOVNIC_AQC_TM_NODE_RESUME,
	};

	d.param.tm_node.node = node;
	return tm_exec(aq, &d, node);
}

int
sriovnic_tm_stats_read(struct sriovnic_aq *aq, uint16_t node, bool clear,
		       struct sriovnic_mbx_tm_stats *st)
{
	struct sriovnic_aq_desc d = { .opcode = SRIOVNIC_AQC_TM_STATS_READ };
	int ret;

	d.param.tm_stats.node = node;
	d.param.tm_stats.s_flags = clear ? SRIOVNIC_TSTAT_CLEAR : 0;
	ret = tm_exec(aq, &d, node);
	if (ret == 0) {
		st->pkts = d.param.tm_stats.pkts;
		st->bytes = d.param.tm_stats.bytes;
		st->stall_ns = d.param.tm_stats.stall_ns;
	}
	return ret;
}

/* ------------------------------------------------------------------ */

struct sriovnic_tm_node *
sriovnic_tm_lookup(struct sriovnic_tm_hier *h, uint32_t id,
		   enum sriovnic_tm_slot_kind *kind, uint16_t *idx)
{
	struct sriovnic_tm_node *n;
	const char *why;

	if (h->root.used && h->root.id == id) {
		*kind = SRIOVNIC_TM_ROOT;
		*idx = 0;
		return &h->root;
	}
	if (sriovnic_tm_slot_of(h, id, kind, idx, &why) != 0 ||
	    *kind == SRIOVNIC_TM_ROOT)
		return NULL;
	n = *kind == SRIOVNIC_TM_FUNC ? &h->func[*idx] : &h->leaf[*idx];
	return n->used ? n : NULL;
}

int
sriovnic_tm_slot_of(struct sriovnic_tm_hier *h, uint32_t id,
		    enum sriovnic_tm_slot_kind *kind, uint16_t *idx,
		    const char **why)
{
	if (id < SRIOVNIC_MAX_QUEUES) {
		if (id >= h->nb_txq) {
			*why = "ids below 16 are tx queues; the port has fewer";
			return -EINVAL;
		}
		*kind = SRIOVNIC_TM_LEAF;
		*idx = id;
		return 0;
	}
	if (h->func_level && id >= SRIOVNIC_TM_ID_FUNC &&
	    id < SRIOVNIC_TM_ID_FUNC + SRIOVNIC_MAX_FUNCS) {
		if (id >= SRIOVNIC_TM_ID_FUNC + h->nb_funcs) {
			*why = "function node of a VF that does not exist";
			return -EINVAL;
		}
		*kind = SRIOVNIC_TM_FUNC;
		*idx = id - SRIOVNIC_TM_ID_FUNC;
		return 0;
	}
	if (id == SRIOVNIC_TM_ID_NONE) {
		*why = "reserved node id";
		return -EINVAL;
	}
	*kind = SRIOVNIC_TM_ROOT;
	*idx = 0;
	return 0;
}

uint32_t
sriovnic_tm_level_of(const struct sriovnic_tm_hier *h,
		     enum sriovnic_tm_slot_kind kind)
{
	if (kind == SRIOVNIC_TM_ROOT)
		return 0;
	if (kind == SRIOVNIC_TM_FUNC || !h->func_level)
		return 1;
	return 2;
}

uint32_t
sriovnic_tm_parent_of(const struct sriovnic_tm_hier *h,
		      enum sriovnic_tm_slot_kind kind)
{
	if (kind == SRIOVNIC_TM_ROOT)
		return SRIOVNIC_TM_ID_NONE;
	if (kind == SRIOVNIC_TM_FUNC || !h->func_level)
		return h->root.used ? h->root.id : SRIOVNIC_TM_ID_NONE;
	return SRIOVNIC_TM_ID_FUNC + SRIOVNIC_FUNC_PF;
}

struct sriovnic_tm_profile *
sriovnic_tm_profile_find(struct sriovnic_tm_hier *h, uint32_t id,
			 uint32_t *idx)
{
	uint32_t i;

	for (i = 0; i < SRIOVNIC_TM_PROFILES; i++)
		if (h->profiles[i].used && h->profiles[i].id == id) {
			*idx = i;
			return &h->profiles[i];
		}
	return NULL;
}

void
sriovnic_tm_node_params(const struct sriovnic_tm_hier *h,
			const struct sriovnic_tm_node *n, bool port,
			struct sriovnic_tm_params *p)
{
	sriovnic_tm_params_default(p, port);
	if (n == NULL || !n->used)
		return;
	if (n->profile != SRIOVNIC_TM_NO_PROFILE)
		*p = h->profiles[n->profile].p;
	p->priority = port ? 0 : n->priority;
	p->weight = port ? 0 : n->weight;
}

void
sriovnic_tm_hier_clear(struct sriovnic_tm_hier *h)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_TM_PROFILES; i++)
		h->profiles[i].refs = 0;
	memset(&h->root, 0, sizeof(h->root));
	memset(h->func, 0, sizeof(h->func));
	memset(h->leaf, 0, sizeof(h->leaf));
}
