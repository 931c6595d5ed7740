/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_FLOW_RULE_H
#define SRIOVNIC_FLOW_RULE_H

/* Flow rule buffers (datasheet 13.4, 13.5) as the card checks them, and
 * their transport over the mailbox in dwords (11.6, FLOW_ADD).
 */

#include <rte_bitops.h>

#include "sriovnic_osdep.h"
#include "sriovnic_regs.h"
#include "sriovnic_aq_cmd.h"
#include "sriovnic_mbx_msg.h"

/* What a rule may use where it goes */
struct sriovnic_flow_limits {
	uint8_t num_vfs;	/* PORT dest, REP dest, in_port */
	uint16_t groups;	/* FLOW_GROUPS, at most 256 */
	uint8_t group;		/* the rule's group, for JUMP */
	uint8_t nb_queues;	/* the owner's rx queues */
	uint8_t fates;		/* RTE_BIT32(SRIOVNIC_FATE_*) allowed */
	uint16_t mods;		/* SRIOVNIC_FMOD_* allowed */
	uint16_t meters;	/* METERS; 0 without CAP_METER */
	uint8_t ip_frag;	/* ip_frag bits; 0 without CAP_FLOW_FRAG */
};

#define SRIOVNIC_FLOW_FATES_INGRESS	(RTE_BIT32(SRIOVNIC_FATE_DROP) | \
					 RTE_BIT32(SRIOVNIC_FATE_PASSTHRU) | \
					 RTE_BIT32(SRIOVNIC_FATE_JUMP) | \
					 RTE_BIT32(SRIOVNIC_FATE_QUEUE) | \
					 RTE_BIT32(SRIOVNIC_FATE_RSS))
#define SRIOVNIC_FLOW_MODS_INGRESS	(SRIOVNIC_FMOD_MARK | SRIOVNIC_FMOD_FLAG)

/* The checks of 13.4 (key and mask) then 13.5 (actions), in the card's
 * order: 0, -EINVAL (*info AQE_KEY or AQE_ACTION_ARG) or -EOPNOTSUPP
 * (AQE_ACTION), *err_off the offending byte of the rule buffer.
 */
int sriovnic_flow_rule_check(const struct sriovnic_flow_rule *r,
			     const struct sriovnic_flow_limits *lim,
			     uint16_t *info, uint16_t *err_off);

/* Mailbox FLOW_ADD chunks of a rule: the non-zero dwords, at most
 * SRIOVNIC_MBX_FLOW_DWORDS per message. *pos starts at 0; each call fills
 * map and data of msg (the rest is the caller's) and returns true for the
 * last chunk.
 */
bool sriovnic_flow_rule_chunk(const struct sriovnic_flow_rule *r,
			      unsigned int *pos,
			      struct sriovnic_mbx_flow_add *msg);
/* Stores the dwords of one chunk; -EINVAL if map names more than
 * SRIOVNIC_MBX_FLOW_DWORDS of them.
 */
int sriovnic_flow_rule_store(struct sriovnic_flow_rule *r,
			     const struct sriovnic_mbx_flow_add *msg);

/* A switch rule's fields that name VF vf: the source (key in_port,
 * mask 0xff) and the destination (fate PORT: the VF's function, REP: its
 * index). Moving a VF's rules to another VF rewrites exactly these.
 */
#define SRIOVNIC_FRULE_FROM_VF	(1u << 0)
#define SRIOVNIC_FRULE_TO_VF	(1u << 1)

/* SRIOVNIC_FRULE_* of r naming VF vf (0: none), or -1 if r names another
 * VF too or its in_port mask is partial: then it is not one VF's rule
 */
int sriovnic_flow_rule_vf_fields(const struct sriovnic_flow_rule *r,
				 uint16_t vf);
/* The fields of r in fields made to name VF vf, or zero for vf < 0 */
void sriovnic_flow_rule_vf_put(struct sriovnic_flow_rule *r,
			       unsigned int fields, int vf);

#endif /* SRIOVNIC_FLOW_RULE_H */
