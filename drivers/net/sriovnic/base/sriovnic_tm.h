/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_TM_H
#define SRIOVNIC_TM_H

/*
 * Transmit scheduler (datasheet 14) and the hierarchy an application
 * builds for it (Appendix B.5), without ethdev: node parameters and their
 * checks, the application's node ids and shaper profiles, and the admin
 * commands that program the card.
 */

#include "sriovnic_aq.h"
#include "sriovnic_mbx_msg.h"

/* The parameters of one card node (14.2) */
struct sriovnic_tm_params {
	uint64_t cir;		/* bytes/s, 0 = none */
	uint64_t pir;		/* bytes/s, 0 = unlimited */
	uint32_t cbs;		/* bytes */
	uint32_t pbs;
	uint8_t priority;
	uint8_t weight;
	int8_t adjust;
};

void sriovnic_tm_params_default(struct sriovnic_tm_params *p, bool port);
bool sriovnic_tm_params_equal(const struct sriovnic_tm_params *a,
			      const struct sriovnic_tm_params *b);
/* Shaper fields against 14.2; on error *why names the field */
int sriovnic_tm_shaper_check(const struct sriovnic_tm_params *p,
			     const char **why);
/* Everything against 14.2, with prios priority levels */
int sriovnic_tm_params_check(const struct sriovnic_tm_params *p, bool port,
			     unsigned int prios, const char **why);
/* A VF's queue against its cap (14.9): -EPERM above the cap's pir */
int sriovnic_tm_cap_check(const struct sriovnic_tm_params *cap,
			  const struct sriovnic_tm_params *q);
/* Queues' committed rates together above the parent's pir: -EINVAL */
int sriovnic_tm_cir_check(const struct sriovnic_tm_params *parent,
			  const struct sriovnic_tm_params child[SRIOVNIC_MAX_QUEUES]);
/* What a new cap does to a VF's queues (11.7 EV_TM_CAP): cir 0 where
 * they promise more than the cap, pir at most the cap's
 */
void sriovnic_tm_cap_lower(const struct sriovnic_tm_params *cap,
			   struct sriovnic_tm_params q[SRIOVNIC_MAX_QUEUES]);
void sriovnic_tm_params_of_queue(struct sriovnic_tm_params *p,
				 const struct sriovnic_mbx_tm_queue *q);
void sriovnic_tm_queue_of_params(struct sriovnic_mbx_tm_queue *q,
				 uint8_t queue,
				 const struct sriovnic_tm_params *p);

/* Admin commands (14.8); errors are logged with the node they concern */
int sriovnic_tm_node_set(struct sriovnic_aq *aq, uint16_t node,
			 const struct sriovnic_tm_params *p);
int sriovnic_tm_commit(struct sriovnic_aq *aq, uint32_t flags,
		       uint16_t *fail_node);
int sriovnic_tm_node_state(struct sriovnic_aq *aq, uint16_t node,
			   bool suspend);
int sriovnic_tm_stats_read(struct sriovnic_aq *aq, uint16_t node, bool clear,
			   struct sriovnic_mbx_tm_stats *st);

/*
 * The application's hierarchy (B.5). Leaves are the port's tx queues,
 * ids 0..nb_txq - 1. On the PF, level 1 has a node per function,
 * id SRIOVNIC_TM_ID_FUNC + f (the PF's own is 1000, VF n's 1001 + n); the
 * root takes any other id >= SRIOVNIC_MAX_QUEUES. On a VF the leaves hang
 * directly from the root, which stands for the VF's capped function node.
 */
#define SRIOVNIC_TM_ID_FUNC		1000u
#define SRIOVNIC_TM_PROFILES		64
#define SRIOVNIC_TM_ID_NONE		UINT32_MAX
#define SRIOVNIC_TM_NO_PROFILE		UINT32_MAX

enum sriovnic_tm_slot_kind {
	SRIOVNIC_TM_ROOT,
	SRIOVNIC_TM_FUNC,
	SRIOVNIC_TM_LEAF,
};

struct sriovnic_tm_profile {
	bool used;
	uint32_t id;
	uint32_t refs;		/* nodes using it */
	struct sriovnic_tm_params p;	/* shaper fields only */
};

struct sriovnic_tm_node {
	bool used;
	uint32_t id;
	uint32_t parent;
	uint32_t profile;	/* index in profiles, or SRIOVNIC_TM_NO_PROFILE */
	uint8_t priority;
	uint8_t weight;
	uint16_t children;
	uint64_t stats_mask;
};

struct sriovnic_tm_hier {
	bool func_level;	/* three levels, a node per function (PF) */
	uint16_t nb_funcs;	/* with func_level: 1 + the PF's VFs */
	uint16_t nb_txq;	/* the port's tx queues, the leaves */
	uint16_t prios;		/* TM_PRIOS */
	bool committed;		/* the card has it */
	struct sriovnic_tm_profile profiles[SRIOVNIC_TM_PROFILES];
	struct sriovnic_tm_node root;
	struct sriovnic_tm_node func[SRIOVNIC_MAX_FUNCS];
	struct sriovnic_tm_node leaf[SRIOVNIC_MAX_QUEUES];
};

/* The node an application id names, or NULL; kind and index of its slot */
struct sriovnic_tm_node *sriovnic_tm_lookup(struct sriovnic_tm_hier *h,
					    uint32_t id,
					    enum sriovnic_tm_slot_kind *kind,
					    uint16_t *idx);
/* Where a new node of that id would go; -EINVAL with *why if nowhere */
int sriovnic_tm_slot_of(struct sriovnic_tm_hier *h, uint32_t id,
			enum sriovnic_tm_slot_kind *kind, uint16_t *idx,
			const char **why);
uint32_t sriovnic_tm_level_of(const struct sriovnic_tm_hier *h,
			      enum sriovnic_tm_slot_kind kind);
/* The id a node's parent must have, SRIOVNIC_TM_ID_NONE for the root */
uint32_t sriovnic_tm_parent_of(const struct sriovnic_tm_hier *h,
			       enum sriovnic_tm_slot_kind kind);
struct sriovnic_tm_profile *sriovnic_tm_profile_find(
		struct sriovnic_tm_hier *h, uint32_t id, uint32_t *idx);
/* Card parameters of a node: its profile, priority and weight */
void sriovnic_tm_node_params(const struct sriovnic_tm_hier *h,
			     const struct sriovnic_tm_node *n, bool port,
			     struct sriovnic_tm_params *p);
/* Forgets every node (profiles stay) */
void sriovnic_tm_hier_clear(struct sriovnic_tm_hier *h);

#endif /* SRIOVNIC_TM_H */
