/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * rte_tm of the PF port: three levels (the port, a node per function,
 * the PF's queues), programmed into the card's scheduler through the
 * admin queue (sriovnic_pf_tm.c); a function node of a VF is its cap.
 */
#include "sriovnic_tm_role.h"

static struct sriovnic_pf *
pf_of(struct sriovnic_adapter *ad)
{
	return &sriovnic_pf_ad(ad)->pf;
}

static int
pf_check(struct sriovnic_adapter *ad)
{
	if (pf_of(ad)->tm.prios != 0)
		return 0;
	PMD_DRV_LOG(ERR, "port %u: the card has no transmit scheduler (CAPS %#x)",
		    ad->eth_dev->data->port_id, ad->hw->caps);
	return -ENOTSUP;
}

static void
pf_shape(struct sriovnic_adapter *ad, struct sriovnic_tm_hier *h)
{
	h->func_level = true;
	h->nb_funcs = 1 + ad->hw->num_vfs;
	h->prios = pf_of(ad)->tm.prios;
}

static uint64_t
pf_rate_max(struct sriovnic_adapter *ad)
{
	RTE_SET_USED(ad);
	return SRIOVNIC_TM_RATE_MAX;
}

static void
pf_nonleaf_shaper(struct sriovnic_adapter *ad,
		  struct rte_tm_node_capabilities *cap)
{
	RTE_SET_USED(ad);
	SRIOVNIC_TM_SHAPER_CAPS(cap, SRIOVNIC_TM_RATE_MAX);
}

/* The card node of an application node (PF) */
static uint16_t
pf_card_node(enum sriovnic_tm_slot_kind kind, uint16_t idx)
{
	if (kind == SRIOVNIC_TM_ROOT)
		return SRIOVNIC_TM_NODE_PORT;
	if (kind == SRIOVNIC_TM_FUNC)
		return SRIOVNIC_TM_NODE_FUNC(idx);
	return SRIOVNIC_TM_NODE_QUEUE(SRIOVNIC_FUNC_PF, idx);
}


/* Every node the PF owns from the hierarchy, all else as live */
static void
pf_tree_edit(struct sriovnic_tm_tree *t, const void *arg)
{
	const struct sriovnic_tm_hier *h = arg;
	uint16_t f, q;

	sriovnic_tm_node_params(h, &h->root, true, &t->port);
	for (f = 0; f < h->nb_funcs; f++)
		sriovnic_tm_node_params(h, &h->func[f], false, &t->func[f]);
	for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
		sriovnic_tm_node_params(h, &h->leaf[q], false,
					&t->queue[SRIOVNIC_FUNC_PF][q]);
}

static int
pf_program(struct rte_eth_dev *dev, struct rte_tm_error *error)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct sriovnic_tm_hier *h = sriovnic_tm_hier_of(dev);
	uint16_t fail;
	uint32_t id;
	int ret;

	ret = sriovnic_pf_tm_edit(pf_of(ad), pf_tree_edit, h, &fail);
	if (ret == 0)
		return 0;
	switch (SRIOVNIC_TM_NODE_LEVEL(fail)) {
	case SRIOVNIC_TM_LEVEL_PORT:
		id = h->root.id;
		break;
	case SRIOVNIC_TM_LEVEL_FUNC:
		id = SRIOVNIC_TM_ID_FUNC + (fail & 0xff);
		break;
	default:	/* a VF's queue is shown as its function */
		id = (fail >> 4 & 0xff) == SRIOVNIC_FUNC_PF ? (fail & 0xf) :
		     SRIOVNIC_TM_ID_FUNC + (fail >> 4 & 0xff);
		break;
	}
	if (fail == SRIOVNIC_TM_NODE_NONE)
		return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_UNSPECIFIED, ret,
				       "the card refused the hierarchy: %s; nothing changed",
				       strerror(-ret));
	return sriovnic_tm_err(error, RTE_TM_ERROR_TYPE_NODE_ID, ret,
			       ret == -EINVAL ?
			       "node %u: its children's committed rates add up to more than its peak rate, or a parameter is out of range; nothing changed" :
			       "node %u: the card refused it (%s); nothing changed",
			       id, strerror(-ret));
}


static int
pf_node_state(struct sriovnic_adapter *ad, enum sriovnic_tm_slot_kind kind,
	      uint16_t idx, bool suspend, const char **why)
{
	RTE_SET_USED(why);
	return sriovnic_pf_tm_node_state(pf_of(ad), pf_card_node(kind, idx),
					 suspend);
}

static int
pf_node_stats(struct sriovnic_adapter *ad, enum sriovnic_tm_slot_kind kind,
	      uint16_t idx, bool clear, struct sriovnic_mbx_tm_stats *st)
{
	return sriovnic_pf_tm_stats(pf_of(ad), pf_card_node(kind, idx), clear,
				    st);
}

const struct sriovnic_tm_backend sriovnic_tm_pf_backend = {
	.check = pf_check,
	.shape = pf_shape,
	.rate_max = pf_rate_max,
	.nonleaf_shaper = pf_nonleaf_shaper,
	.program = pf_program,
	.node_state = pf_node_state,
	.node_stats = pf_node_stats,
};
