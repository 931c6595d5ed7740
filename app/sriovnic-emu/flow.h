/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_FLOW_H
#define EMU_FLOW_H

/* The flow engine (datasheet 13) as the rest of the card uses it: the
 * lookups of the frame path (flow_frame.c) and the FLOW_* admin commands
 * (flow_cmd.c). Its rule store is flow_store.h.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "emu.h"
#include "pkt.h"

#define EMU_FLOW_GROUPS		SRIOVNIC_FLOW_GROUPS_MIN

/* What a frame's lookup in a flow table decided (13.2) */
struct emu_flow_res {
	uint8_t fate;		/* DROP, PORT, REP, QUEUE, RSS; 0: none */
	uint8_t dest;		/* PORT, REP */
	uint8_t queue;		/* QUEUE, RSS */
	bool hashed;		/* RSS: hash is valid */
	bool vlan_changed;	/* switch: VLAN actions changed the frame */
	uint16_t status_ext;	/* ingress: SRIOVNIC_RXDX_MARK, _FLAG */
	uint32_t mark;
	uint32_t hash;
};

int emu_flow_init(struct emu *emu);
void emu_flow_fini(struct emu *emu);
/* PF reset: no rules, default quotas */
void emu_flow_reset(struct emu *emu);

static inline bool
emu_flow_on(const struct emu *emu, unsigned int table)
{
	return emu->flow_nb[table] != 0;
}

/* The switch table for a frame from in_port (a function or
 * SRIOVNIC_FLOW_PORT_WIRE) that pkt describes, emu_pkt_parse_rx()
 * included; VLAN actions are applied to m, and pkt parsed again then.
 */
void emu_flow_switch(struct emu *emu, uint8_t in_port, struct rte_mbuf *m,
		     struct emu_pkt *pkt, struct emu_flow_res *res);
/* The ingress table of f for a frame that f receives without its outer
 * tag if untag
 */
void emu_flow_ingress(struct emu *emu, const struct emu_func *f,
		      uint8_t in_port, const struct rte_mbuf *m,
		      const struct emu_pkt *pkt, bool untag,
		      struct emu_flow_res *res);
int emu_flow_add(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		 struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_del(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		 struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_query(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_flush(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_quota(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);

#endif /* EMU_FLOW_H */
