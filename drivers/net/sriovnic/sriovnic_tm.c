/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_tm on the transmit scheduler (datasheet 14, Appendix B.5). The
 * hierarchy the application builds lives in the PMD until it is
 * committed; the port's role programs it (struct sriovnic_tm_backend):
 * the PF the card through its admin queue (sriovnic_tm_pf.c), a VF asks
 * its PF over the mailbox, within the cap the PF's administrator set
 * (sriovnic_tm_vf.c).
 */
#include <stdio.h>

#include "sriovnic_tm_role.h"

#define TM_STATS_MASK	SRIOVNIC_TM_STATS_MASK
#define TM_ADJUST_MIN	INT8_MIN
#define TM_ADJUST_MAX	INT8_MAX

/* Room for an error message that names a node */
static __thread char tm_msg[192];

int
sriovnic_tm_err(struct rte_tm_error *error, enum rte_tm_error_type type,
		int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tm_msg, sizeof(tm_msg), fmt, ap);
	va_end(ap);
	error->type = type;
	error->message = tm_msg;
	error->cause = NULL;
	return ret;
}

struct sriovnic_tm_hier *
sriovnic_tm_hier_of(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_tm_hier *h = &ad->tm;

	h->nb_txq = dev->data->nb_tx_queues;
	ad->ops->tm->shape(ad, h);
	return h;
}

static struct sriovnic_tm_node *
tm_node_get(struct rte_eth_dev *dev, uint32_t id,
	    enum sriovnic_tm_slot_kind *kind, uint16_t *idx,
	    struct rte_tm_error *error)
{
	struct sriovnic_tm_node *n = sriovnic_tm_lookup(sriovnic_tm_hier_of(dev), id, kind,
							idx);

	if (n == NULL)
		sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EINVAL,
				"node %u does not exist", id);
	return n;
}

/* ------------------------------------------------------------ caps */

#define TM_SHAPER_CAPS SRIOVNIC_TM_SHAPER_CAPS

#define TM_SCHED_CAPS(c, h, children) do { \
	(c)->sched_n_children_max = (children); \
	(c)->sched_sp_n_priorities_max = (h)->prios; \
	(c)->sched_wfq_n_children_per_group_max = (children); \
	(c)->sched_wfq_n_groups_max = (h)->prios; \
	(c)->sched_wfq_weight_max = SRIOVNIC_TM_WEIGHT_MAX; \
	(c)->sched_wfq_byte_mode_supported = 1; \
} while (0)

static uint64_t
tm_rate_max(struct rte_eth_dev *dev)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);

	return ad->ops->tm->rate_max(ad);
}

static uint32_t
tm_children_max(const struct sriovnic_tm_hier *h,
		enum sriovnic_tm_slot_kind kind)
{
	if (kind == SRIOVNIC_TM_ROOT && h->func_level)
		return h->nb_funcs;
	/* the PF's function node has its queues; VFs' have none here */
	return h->nb_txq;
}

static int
tm_capabilities_get(struct rte_eth_dev *dev, struct rte_tm_capabilities *cap,
		    struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	uint32_t nodes = 1 + h->nb_funcs + h->nb_txq;

	memset(cap, 0, sizeof(*cap));
	cap->n_nodes_max = nodes;
	cap->n_levels_max = sriovnic_tm_level_of(h, SRIOVNIC_TM_LEAF) + 1;
	/* without a function level the root is the one non-leaf node */
	cap->non_leaf_nodes_identical = !h->func_level;
	cap->leaf_nodes_identical = 1;
	cap->shaper_n_max = nodes;
	cap->shaper_private_n_max = nodes;
	cap->shaper_private_dual_rate_n_max = nodes;
	cap->shaper_private_rate_min = SRIOVNIC_TM_RATE_MIN;
	cap->shaper_private_rate_max = tm_rate_max(dev);
	cap->shaper_private_byte_mode_supported = 1;
	cap->shaper_pkt_length_adjust_min = TM_ADJUST_MIN;
	cap->shaper_pkt_length_adjust_max = TM_ADJUST_MAX;
	TM_SCHED_CAPS(cap, h, RTE_MAX(h->nb_funcs, h->nb_txq));
	cap->dynamic_update_mask = RTE_TM_UPDATE_NODE_SUSPEND_RESUME;
	cap->stats_mask = TM_STATS_MASK;
	RTE_SET_USED(error);
	return 0;
}

static int
tm_level_capabilities_get(struct rte_eth_dev *dev, uint32_t level,
			  struct rte_tm_level_capabilities *cap,
			  struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	uint32_t leaf_level = sriovnic_tm_level_of(h, SRIOVNIC_TM_LEAF);

	if (level > leaf_level)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_LEVEL_ID, -EINVAL,
				       "levels: 0..%u", leaf_level);
	memset(cap, 0, sizeof(*cap));
	if (level == leaf_level) {
		cap->n_nodes_max = h->nb_txq;
		cap->n_nodes_leaf_max = h->nb_txq;
		cap->leaf_nodes_identical = 1;
		TM_SHAPER_CAPS(&cap->leaf, tm_rate_max(dev));
		cap->leaf.stats_mask = TM_STATS_MASK;
		return 0;
	}
	cap->n_nodes_max = level == 0 ? 1 : h->nb_funcs;
	cap->n_nodes_nonleaf_max = cap->n_nodes_max;
	cap->non_leaf_nodes_identical = level == 0;
	TM_SHAPER_CAPS(&cap->nonleaf, SRIOVNIC_TM_RATE_MAX);
	/* a VF's root is its cap, the PF's to set */
	cap->nonleaf.shaper_private_supported =
		!SRIOVNIC_DEV_TO_AD(dev)->ops->tm->root_is_cap;
	TM_SCHED_CAPS(&cap->nonleaf, h, level == 0 ?
		      tm_children_max(h, SRIOVNIC_TM_ROOT) : h->nb_txq);
	cap->nonleaf.stats_mask = TM_STATS_MASK;
	return 0;
}

static int
tm_node_capabilities_get(struct rte_eth_dev *dev, uint32_t node_id,
			 struct rte_tm_node_capabilities *cap,
			 struct rte_tm_error *error)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	enum sriovnic_tm_slot_kind kind;
	uint16_t idx;

	if (tm_node_get(dev, node_id, &kind, &idx, error) == NULL)
		return -EINVAL;
	memset(cap, 0, sizeof(*cap));
	cap->stats_mask = TM_STATS_MASK;
	if (kind == SRIOVNIC_TM_LEAF) {
		TM_SHAPER_CAPS(cap, tm_rate_max(dev));
		return 0;
	}
	TM_SCHED_CAPS(&cap->nonleaf, h, kind == SRIOVNIC_TM_FUNC && idx != 0 ?
		      0 : tm_children_max(h, kind));
	ad->ops->tm->nonleaf_shaper(ad, cap);
	return 0;
}

static int
tm_node_type_get(struct rte_eth_dev *dev, uint32_t node_id, int *is_leaf,
		 struct rte_tm_error *error)
{
	enum sriovnic_tm_slot_kind kind;
	uint16_t idx;

	if (is_leaf == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_UNSPECIFIED, -EINVAL,
				       "is_leaf is NULL");
	if (tm_node_get(dev, node_id, &kind, &idx, error) == NULL)
		return -EINVAL;
	*is_leaf = kind == SRIOVNIC_TM_LEAF;
	return 0;
}

/* ------------------------------------------------------- profiles */

static int
tm_shaper_profile_add(struct rte_eth_dev *dev, uint32_t id,
		      struct rte_tm_shaper_params *sp,
		      struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	struct sriovnic_tm_profile *prof = NULL;
	struct sriovnic_tm_params p;
	const char *why;
	uint32_t i;

	if (id == RTE_TM_SHAPER_PROFILE_ID_NONE)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE_ID,
				       -EINVAL, "reserved profile id");
	if (sriovnic_tm_profile_find(h, id, &i) != NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE_ID,
				       -EEXIST, "shaper profile %u exists", id);
	if (sp == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE,
				       -EINVAL, "no shaper parameters");
	if (sp->packet_mode)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE,
				       -ENOTSUP, "packet mode: the card shapes bytes");
	if (sp->pkt_length_adjust < TM_ADJUST_MIN ||
	    sp->pkt_length_adjust > TM_ADJUST_MAX)
		return sriovnic_tm_err(error,
				       RTE_TM_ERROR_TYPE_SHAPER_PROFILE_PKT_ADJUST_LEN,
				       -EINVAL, "packet length adjust: %d..%d",
				       TM_ADJUST_MIN, TM_ADJUST_MAX);
	if (sp->committed.size > SRIOVNIC_TM_BURST_MAX ||
	    sp->peak.size > SRIOVNIC_TM_BURST_MAX)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE,
				       -EINVAL, "sizes: at most %u bytes",
				       SRIOVNIC_TM_BURST_MAX);
	sriovnic_tm_params_default(&p, false);
	p.cir = sp->committed.rate;
	p.cbs = sp->committed.size;
	p.pir = sp->peak.rate;
	p.pbs = sp->peak.size;
	p.adjust = sp->pkt_length_adjust;
	if (sriovnic_tm_shaper_check(&p, &why) != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE,
				       -EINVAL, "shaper profile %u: %s", id, why);
	for (i = 0; i < SRIOVNIC_TM_PROFILES && prof == NULL; i++)
		if (!h->profiles[i].used)
			prof = &h->profiles[i];
	if (prof == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE_ID,
				       -ENOSPC, "at most %u shaper profiles",
				       SRIOVNIC_TM_PROFILES);
	prof->used = true;
	prof->id = id;
	prof->refs = 0;
	prof->p = p;
	return 0;
}

static int
tm_shaper_profile_delete(struct rte_eth_dev *dev, uint32_t id,
			 struct rte_tm_error *error)
{
	struct sriovnic_tm_profile *prof;
	uint32_t i;

	prof = sriovnic_tm_profile_find(sriovnic_tm_hier_of(dev), id, &i);
	if (prof == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE_ID,
				       -EINVAL, "shaper profile %u does not exist", id);
	if (prof->refs != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_SHAPER_PROFILE_ID,
				       -EBUSY, "shaper profile %u is used by %u nodes",
				       id, prof->refs);
	prof->used = false;
	return 0;
}

/* ---------------------------------------------------------- nodes */

/* The profile index a node takes, after the checks of B.5 */
static int
tm_profile_of(struct rte_eth_dev *dev, enum sriovnic_tm_slot_kind kind,
	      uint32_t node_id, uint32_t profile_id, uint32_t *idx,
	      struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);

	*idx = SRIOVNIC_TM_NO_PROFILE;
	if (profile_id == RTE_TM_SHAPER_PROFILE_ID_NONE)
		return 0;
	if (SRIOVNIC_DEV_TO_AD(dev)->ops->tm->root_is_cap &&
	    kind == SRIOVNIC_TM_ROOT)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS_SHAPER_PROFILE_ID,
				       -EPERM, "node %u: the VF's root shaper is its cap, set by the PF",
				       node_id);
	if (sriovnic_tm_profile_find(h, profile_id, idx) == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS_SHAPER_PROFILE_ID,
				       -EINVAL, "node %u: shaper profile %u does not exist",
				       node_id, profile_id);
	if (kind == SRIOVNIC_TM_ROOT && h->profiles[*idx].p.cir != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS_SHAPER_PROFILE_ID,
				       -EINVAL, "node %u: the port node has a peak rate only",
				       node_id);
	return 0;
}

static int
tm_sched_check(const struct sriovnic_tm_hier *h,
	       enum sriovnic_tm_slot_kind kind, uint32_t node_id,
	       uint32_t priority, uint32_t weight, struct rte_tm_error *error)
{
	if (kind == SRIOVNIC_TM_ROOT)
		return 0;	/* the port node has neither */
	if (priority >= h->prios)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PRIORITY, -EINVAL,
				       "node %u: priority 0..%u", node_id,
				       h->prios - 1);
	if (weight < SRIOVNIC_TM_WEIGHT_MIN || weight > SRIOVNIC_TM_WEIGHT_MAX)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_WEIGHT, -EINVAL,
				       "node %u: weight %u..%u", node_id,
				       SRIOVNIC_TM_WEIGHT_MIN, SRIOVNIC_TM_WEIGHT_MAX);
	return 0;
}

static int
tm_params_check(const struct sriovnic_tm_hier *h,
		enum sriovnic_tm_slot_kind kind, uint32_t node_id,
		const struct rte_tm_node_params *np,
		struct rte_tm_error *error)
{
	if (np->n_shared_shapers != 0)
		return sriovnic_tm_err(error,
				       RTE_TM_ERROR_TYPE_NODE_PARAMS_N_SHARED_SHAPERS,
				       -EINVAL, "node %u: no shared shapers", node_id);
	if (np->stats_mask & ~TM_STATS_MASK)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS_STATS,
				       -EINVAL, "node %u: statistics are packets and bytes only",
				       node_id);
	if (kind == SRIOVNIC_TM_LEAF) {
		if (np->leaf.cman != RTE_TM_CMAN_TAIL_DROP)
			return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS_CMAN,
					       -EINVAL, "node %u: tail drop only (the card shapes, it never drops)",
					       node_id);
		if (np->leaf.wred.wred_profile_id != RTE_TM_WRED_PROFILE_ID_NONE)
			return sriovnic_tm_err(error,
					       RTE_TM_ERROR_TYPE_NODE_PARAMS_WRED_PROFILE_ID,
					       -EINVAL, "node %u: no WRED (profile id 0xffffffff)",
					       node_id);
		return 0;
	}
	if (np->nonleaf.n_sp_priorities > h->prios)
		return sriovnic_tm_err(error,
				       RTE_TM_ERROR_TYPE_NODE_PARAMS_N_SP_PRIORITIES,
				       -EINVAL, "node %u: at most %u priorities",
				       node_id, h->prios);
	return 0;
}

static int
tm_node_add(struct rte_eth_dev *dev, uint32_t node_id, uint32_t parent_id,
	    uint32_t priority, uint32_t weight, uint32_t level_id,
	    struct rte_tm_node_params *np, struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	enum sriovnic_tm_slot_kind kind, pkind;
	struct sriovnic_tm_node *n, *parent = NULL;
	uint32_t want_parent, prof;
	uint16_t idx, pidx;
	const char *why;
	int ret;

	if (np == NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARAMS, -EINVAL,
				       "no node parameters");
	if (sriovnic_tm_lookup(h, node_id, &kind, &idx) != NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EEXIST,
				       "node %u exists", node_id);
	if (sriovnic_tm_slot_of(h, node_id, &kind, &idx, &why) != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EINVAL,
				       "node %u: %s", node_id, why);
	if (kind == SRIOVNIC_TM_ROOT && h->root.used)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EINVAL,
				       "node %u: the root is node %u; leaves are 0..%u%s",
				       node_id, h->root.id, h->nb_txq - 1,
				       h->func_level ? ", functions 1000 + f" : "");
	if (level_id != RTE_TM_NODE_LEVEL_ID_ANY &&
	    level_id != sriovnic_tm_level_of(h, kind))
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_LEVEL_ID, -EINVAL,
				       "node %u belongs to level %u", node_id,
				       sriovnic_tm_level_of(h, kind));
	want_parent = sriovnic_tm_parent_of(h, kind);
	if (kind != SRIOVNIC_TM_ROOT)
		parent = sriovnic_tm_lookup(h, parent_id, &pkind, &pidx);
	if (parent_id != want_parent || (kind != SRIOVNIC_TM_ROOT &&
					 parent == NULL))
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARENT_NODE_ID,
				       -EINVAL, want_parent == SRIOVNIC_TM_ID_NONE ?
				       "node %u: add the root first (parent none)" :
				       "node %u: its parent must be node %u, added first",
				       node_id, want_parent);
	ret = tm_sched_check(h, kind, node_id, priority, weight, error);
	if (ret == 0)
		ret = tm_params_check(h, kind, node_id, np, error);
	if (ret == 0)
		ret = tm_profile_of(dev, kind, node_id, np->shaper_profile_id,
				    &prof, error);
	if (ret != 0)
		return ret;
	n = kind == SRIOVNIC_TM_ROOT ? &h->root :
	    kind == SRIOVNIC_TM_FUNC ? &h->func[idx] : &h->leaf[idx];
	memset(n, 0, sizeof(*n));
	n->used = true;
	n->id = node_id;
	n->parent = parent_id;
	n->profile = prof;
	n->priority = kind == SRIOVNIC_TM_ROOT ? 0 : priority;
	n->weight = kind == SRIOVNIC_TM_ROOT ? 0 : weight;
	n->stats_mask = np->stats_mask;
	if (prof != SRIOVNIC_TM_NO_PROFILE)
		h->profiles[prof].refs++;
	if (parent != NULL)
		parent->children++;
	return 0;
}

static int
tm_node_delete(struct rte_eth_dev *dev, uint32_t node_id,
	       struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	struct sriovnic_tm_node *n, *parent;
	enum sriovnic_tm_slot_kind kind;
	uint16_t idx;

	n = tm_node_get(dev, node_id, &kind, &idx, error);
	if (n == NULL)
		return -EINVAL;
	/* the card has the node: its shape stays until the port is reset */
	if (h->committed)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EBUSY,
				       "node %u: hierarchy already committed",
				       node_id);
	if (n->children != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, -EBUSY,
				       "node %u has %u children", node_id, n->children);
	if (n->profile != SRIOVNIC_TM_NO_PROFILE)
		h->profiles[n->profile].refs--;
	parent = sriovnic_tm_lookup(h, n->parent, &kind, &idx);
	if (parent != NULL)
		parent->children--;
	n->used = false;
	return 0;
}

/* -------------------------------------------------------- program */

static int
tm_program(struct rte_eth_dev *dev, struct rte_tm_error *error)
{
	return SRIOVNIC_DEV_TO_AD(dev)->ops->tm->program(dev, error);
}

static int
tm_hierarchy_commit(struct rte_eth_dev *dev, int clear_on_fail,
		    struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	uint16_t q;
	int ret;

	for (q = 0; q < h->nb_txq; q++)
		if (h->root.used && !h->leaf[q].used)
			PMD_DRV_LOG(INFO, "port %u: tx queue %u is not in the hierarchy: unshaped",
				    dev->data->port_id, q);
	ret = tm_program(dev, error);
	if (ret == 0)
		h->committed = true;
	else if (clear_on_fail)
		sriovnic_tm_hier_clear(h);
	return ret;
}

/* Run-time changes: the node in the PMD, then the card if committed */
static int
tm_node_update(struct rte_eth_dev *dev, struct sriovnic_tm_node *n,
	       const struct sriovnic_tm_node *was, struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	int ret;

	if (!h->committed)
		return 0;
	ret = tm_program(dev, error);
	if (ret != 0)
		*n = *was;
	return ret;
}

static int
tm_node_shaper_update(struct rte_eth_dev *dev, uint32_t node_id,
		      uint32_t profile_id, struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	enum sriovnic_tm_slot_kind kind;
	struct sriovnic_tm_node *n, was;
	uint32_t prof;
	uint16_t idx;
	int ret;

	n = tm_node_get(dev, node_id, &kind, &idx, error);
	if (n == NULL)
		return -EINVAL;
	ret = tm_profile_of(dev, kind, node_id, profile_id, &prof, error);
	if (ret != 0)
		return ret;
	was = *n;
	n->profile = prof;
	ret = tm_node_update(dev, n, &was, error);
	if (ret != 0)
		return ret;
	if (was.profile != SRIOVNIC_TM_NO_PROFILE)
		h->profiles[was.profile].refs--;
	if (prof != SRIOVNIC_TM_NO_PROFILE)
		h->profiles[prof].refs++;
	return 0;
}

/* Same parent only: the shape is fixed; priority and weight change */
static int
tm_node_parent_update(struct rte_eth_dev *dev, uint32_t node_id,
		      uint32_t parent_id, uint32_t priority, uint32_t weight,
		      struct rte_tm_error *error)
{
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	enum sriovnic_tm_slot_kind kind;
	struct sriovnic_tm_node *n, was;
	uint16_t idx;
	int ret;

	n = tm_node_get(dev, node_id, &kind, &idx, error);
	if (n == NULL)
		return -EINVAL;
	if (parent_id != n->parent)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_PARENT_NODE_ID,
				       -ENOTSUP, "node %u: its parent is fixed (node %u)",
				       node_id, n->parent);
	ret = tm_sched_check(h, kind, node_id, priority, weight, error);
	if (ret != 0 || kind == SRIOVNIC_TM_ROOT)
		return ret;
	was = *n;
	n->priority = priority;
	n->weight = weight;
	return tm_node_update(dev, n, &was, error);
}

static int
tm_node_state(struct rte_eth_dev *dev, uint32_t node_id, bool suspend,
	      struct rte_tm_error *error)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	enum sriovnic_tm_slot_kind kind;
	const char *why = NULL;
	uint16_t idx;
	int ret;

	if (tm_node_get(dev, node_id, &kind, &idx, error) == NULL)
		return -EINVAL;
	ret = ad->ops->tm->node_state(ad, kind, idx, suspend, &why);
	if (ret != 0 && why != NULL)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, ret,
				       "node %u: %s", node_id, why);
	if (ret != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, ret,
				       "node %u: %s refused: %s", node_id,
				       suspend ? "suspend" : "resume", strerror(-ret));
	return 0;
}

static int
tm_node_suspend(struct rte_eth_dev *dev, uint32_t node_id,
		struct rte_tm_error *error)
{
	return tm_node_state(dev, node_id, true, error);
}

static int
tm_node_resume(struct rte_eth_dev *dev, uint32_t node_id,
	       struct rte_tm_error *error)
{
	return tm_node_state(dev, node_id, false, error);
}

static int
tm_node_stats_read(struct rte_eth_dev *dev, uint32_t node_id,
		   struct rte_tm_node_stats *stats, uint64_t *stats_mask,
		   int clear, struct rte_tm_error *error)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_mbx_tm_stats st;
	enum sriovnic_tm_slot_kind kind;
	struct sriovnic_tm_node *n;
	uint16_t idx;
	int ret;

	n = tm_node_get(dev, node_id, &kind, &idx, error);
	if (n == NULL)
		return -EINVAL;
	ret = ad->ops->tm->node_stats(ad, kind, idx, clear, &st);
	if (ret != 0)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, ret,
				       ret == -EPERM ?
				       "node %u: the VF's function counters are the PF's to clear" :
				       "node %u: statistics unavailable: %s", node_id,
				       strerror(-ret));
	if (stats != NULL) {
		memset(stats, 0, sizeof(*stats));
		stats->n_pkts = st.pkts;
		stats->n_bytes = st.bytes;
	}
	if (stats_mask != NULL)
		*stats_mask = TM_STATS_MASK;
	return 0;
}

static const struct rte_tm_ops sriovnic_tm_ops = {
	.node_type_get = tm_node_type_get,
	.capabilities_get = tm_capabilities_get,
	.level_capabilities_get = tm_level_capabilities_get,
	.node_capabilities_get = tm_node_capabilities_get,
	.shaper_profile_add = tm_shaper_profile_add,
	.shaper_profile_delete = tm_shaper_profile_delete,
	.node_add = tm_node_add,
	.node_delete = tm_node_delete,
	.node_suspend = tm_node_suspend,
	.node_resume = tm_node_resume,
	.hierarchy_commit = tm_hierarchy_commit,
	.node_parent_update = tm_node_parent_update,
	.node_shaper_update = tm_node_shaper_update,
	.node_stats_read = tm_node_stats_read,
};

int
sriovnic_tm_ops_get(struct rte_eth_dev *dev, void *arg)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	int ret = ad->ops->tm->check(ad);

	if (ret != 0)
		return ret;
	*(const void **)arg = &sriovnic_tm_ops;
	return 0;
}

/* At probe, and at a VF's rte_eth_dev_reset(): no profiles, no nodes,
 * nothing committed, what the role keeps of the card's nodes as after a
 * reset
 */
void
sriovnic_tm_init(struct sriovnic_adapter *ad)
{
	memset(&ad->tm, 0, sizeof(ad->tm));
	if (ad->ops->tm->init != NULL)
		ad->ops->tm->init(ad);
}

