/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_PF_H
#define SRIOVNIC_PF_H

#include <rte_bitops.h>
#include <rte_meter.h>

#include "sriovnic_aq.h"
#include "sriovnic_mbx.h"
#include "sriovnic_tm.h"

/*
 * The lock rule. struct sriovnic_pf is shared by the threads that use the
 * PF: the application's (ethdev ops, rte_flow, rte_tm, the
 * rte_pmd_sriovnic_* API, representors) and the EAL interrupt thread
 * (VF mailbox requests, VFLR, link events). pf->lock guards it all:
 * every function declared here takes pf->lock itself and is called
 * without it. Functions that need it held end in _locked and are internal
 * to the base (sriovnic_pf_locked.h, or static). No lock is held from
 * one call to the next: an edit under it is a callback that
 * sriovnic_pf_func_edit() or sriovnic_pf_tm_edit() runs with it held,
 * and that calls nothing declared here.
 * sriovnic_pf_vf_link_of() only reads registers and a VF's link mode and
 * takes no lock, nor does sriovnic_pf_vf_present(), and sriovnic_pf_init() runs before anything shares pf.
 * The lock is never taken twice: locking functions never call one
 * another.
 */

#define SRIOVNIC_FUNC_MAX_UC		8	/* extra unicast addresses */
#define SRIOVNIC_FUNC_MAX_MC		16
#define SRIOVNIC_FUNC_MAX_VLAN		16
#define SRIOVNIC_PF_REPLY_TIMEOUT_MS	100
#define SRIOVNIC_SW_VID_ANY		0xffff

/* One function as the PF programs it into the switch. The hardware state
 * is always derived from this (sriovnic_pf_func_apply), never edited apart.
 */
struct sriovnic_func {
	uint8_t mac[6];
	uint8_t nb_uc;
	uint8_t nb_mc;
	uint8_t nb_vlan;
	uint8_t uc[SRIOVNIC_FUNC_MAX_UC][6];
	uint8_t mc[SRIOVNIC_FUNC_MAX_MC][6];
	uint16_t vlan[SRIOVNIC_FUNC_MAX_VLAN];
	bool active;		/* VF: said HELLO since its last reset */
	bool promisc;		/* as requested */
	bool allmulti;
	bool vlan_strip;
	bool vlan_filter;	/* VLAN filtering on, even with no VID */
	/* administrator's policy (VFs) */
	bool admin_mac;		/* MAC set by the administrator */
	bool trusted;		/* may see traffic not addressed to it */
	bool spoof_mac;
	bool spoof_vlan;
	bool bcast;		/* accepts broadcast */
	bool slow_path;		/* unclaimed frames go to its representor */
	bool admin_vlan_filter;	/* VLAN filtering on, set by the administrator */
	uint8_t link_mode;	/* SRIOVNIC_FLINK_* */
	uint16_t pvid;		/* port VLAN, 0 = none */
	uint8_t pcp;
	bool pvlan_stag;	/* port VLAN tag with TPID 0x88a8, not 0x8100 */
	uint16_t max_rxq;
	uint16_t max_txq;
	/* negotiated with the VF */
	uint16_t api_minor;
	uint32_t caps;
	uint16_t nb_rxq;
	uint16_t nb_txq;
	uint32_t max_frame;
	uint8_t rss_key[40];
	uint8_t rss_lut[SRIOVNIC_RSS_RETA_SIZE];
	/* counters: last, after the settings a record's undo puts back */
	struct sriovnic_mbx_stats stats_base;	/* card counters at reset */
	uint64_t msgs;		/* requests handled */
	uint64_t nacks;		/* requests refused */
	uint64_t limited;	/* requests over the rate limit */
	uint64_t resets;	/* function resets seen */
	uint32_t vflr_seen;
	struct rte_meter_srtcm meter;
};

/* Shadow of one switch MAC table entry, so the PF never reads back the BAR */
struct sriovnic_sw_entry {
	uint8_t mac[6];
	uint16_t vid;		/* SRIOVNIC_SW_VID_ANY or 0..4095 */
	uint8_t func;
	bool valid;
};

/* Application's say on a VF request before the PF acts on it */
enum sriovnic_policy {
	SRIOVNIC_POLICY_PROCEED = 0,
	SRIOVNIC_POLICY_ACK = 1,	/* answer ACK, change nothing */
	SRIOVNIC_POLICY_NACK = 2,	/* answer -EPERM */
};

/* A VF's rule: its handle and the card's rule id */
struct sriovnic_vf_rule {
	uint32_t handle;
	uint32_t rule_id;
};

/* A VF's flow rules as the PF keeps them (datasheet 11.6, 13.10) */
struct sriovnic_vf_flows {
	struct sriovnic_flow_rule asm_rule;	/* FLOW_ADD being assembled */
	uint32_t asm_handle;
	bool assembling;
	uint32_t quota;			/* administrator's, FLOW_QUOTA */
	uint32_t nb_rules;
	uint32_t max_rules;		/* room in rules */
	struct sriovnic_vf_rule *rules;
};

/* Rule ids of the card, shared by the PF's and the VFs' rules */
struct sriovnic_pf_flow {
	uint32_t nb_ids;		/* FLOW_RULES; 0 without CAP_FLOW */
	uint32_t groups;		/* FLOW_GROUPS */
	uint32_t next_id;		/* where the search for a free id starts */
	uint64_t *used;			/* bitmap of rule ids in use */
	struct sriovnic_vf_flows vf[SRIOVNIC_MAX_VFS];
};

/* Where a rule goes: FLOW_ADD's table, func, group and priority */
struct sriovnic_flow_place {
	uint8_t table;			/* SRIOVNIC_FLOW_TBL_* */
	uint8_t func;
	uint8_t group;
	uint8_t priority;
};

/* The card's verdict on a command: detail code and rule-buffer offset */
struct sriovnic_flow_verdict {
	uint16_t info;			/* SRIOVNIC_AQE_* */
	uint16_t err_off;		/* or SRIOVNIC_FLOW_ERR_OFF_NONE */
};

typedef enum sriovnic_policy (*sriovnic_policy_cb)(void *arg, uint16_t vf,
		const struct sriovnic_mbx_msg *req);

/* The card's scheduler nodes as the PF has programmed them (14.1) */
struct sriovnic_tm_tree {
	struct sriovnic_tm_params port;
	struct sriovnic_tm_params func[SRIOVNIC_MAX_FUNCS];
	struct sriovnic_tm_params queue[SRIOVNIC_MAX_FUNCS][SRIOVNIC_MAX_QUEUES];
};

struct sriovnic_pf_tm {
	uint16_t prios;		/* TM_PRIOS; 0: the card has no scheduler */
	struct sriovnic_tm_tree live;
	struct sriovnic_tm_tree want;	/* a change being made */
	bool port_susp;
	bool func_susp[SRIOVNIC_MAX_FUNCS];
	uint16_t queue_susp[SRIOVNIC_MAX_FUNCS];	/* bit per queue */
	/* VFs' TM_QUEUE_SET requests awaiting their TM_COMMIT */
	struct sriovnic_tm_params staged[SRIOVNIC_MAX_VFS][SRIOVNIC_MAX_QUEUES];
	uint16_t staged_mask[SRIOVNIC_MAX_VFS];
};

struct sriovnic_pf {
	struct sriovnic_hw *hw;
	struct sriovnic_aq aq;	/* CAP_FLOW or CAP_SCHED; set up at probe */
	pthread_mutex_t lock;	/* everything below */
	uint32_t sw_gen;
	struct sriovnic_sw_entry sw[SRIOVNIC_SW_MAC_ENTRIES];
	struct sriovnic_func func[SRIOVNIC_MAX_FUNCS];
	struct rte_meter_srtcm_profile mbx_rate;
	bool mbx_rate_limit;
	sriovnic_policy_cb policy;
	void *policy_arg;
	struct sriovnic_pf_flow flow;	/* CAP_FLOW: rule ids, VFs' rules */
	struct sriovnic_pf_tm tm;	/* CAP_SCHED: the tree, VFs' caps */
	bool port_down;		/* administratively, PORT_CTRL */
	bool vepa;		/* switch mode, SW_CTRL: no tx loopback */
	bool switchdev;		/* SW_CTRL: VFs reach others via representors */
	/* VFs plugged in (VF_PRESENT) as last read; every VF without
	 * CAP_VF_PRESENT
	 */
	uint64_t vf_present;
};

static inline struct sriovnic_func *
sriovnic_pf_vf(struct sriovnic_pf *pf, uint16_t vf)
{
	return &pf->func[SRIOVNIC_FUNC_VF(vf)];
}

/* Embedded switch (sriovnic_switch.c): after a PF reset, every function
 * programmed again
 */
int sriovnic_pf_reapply(struct sriovnic_pf *pf);
/* A function's state edited: edit changes a copy of it (0, or a negative
 * errno that leaves everything as it was), which is applied all or
 * nothing (sriovnic_pf_admin.c)
 */
int sriovnic_pf_func_edit(struct sriovnic_pf *pf, uint8_t f,
			  int (*edit)(struct sriovnic_func *want,
				      const void *arg),
			  const void *arg);
/* List edits of a copy, for edit callbacks: no lock involved */
int sriovnic_func_addr_edit(uint8_t (*list)[6], uint8_t *n, unsigned int max,
			    const uint8_t mac[6], bool add);
int sriovnic_func_vlan_edit(struct sriovnic_func *fn, uint16_t vid, bool add);

/* PF setup and VF requests (sriovnic_pf_mbx.c) */
int sriovnic_pf_init(struct sriovnic_pf *pf, struct sriovnic_hw *hw,
		     const uint8_t pf_mac[6], unsigned int mbx_rate,
		     unsigned int mbx_burst);
int sriovnic_pf_handle_msg(struct sriovnic_pf *pf, uint16_t vf,
			   const struct sriovnic_mbx_msg *req,
			   struct sriovnic_mbx_msg *reply);
unsigned int sriovnic_pf_mbx_poll(struct sriovnic_pf *pf);
void sriovnic_pf_vflr_poll(struct sriovnic_pf *pf);
/* VF_PRESENT read again (datasheet 3.9): the VFs that came or went since
 * the last read
 */
uint64_t sriovnic_pf_presence_poll(struct sriovnic_pf *pf);
/* Whether VF vf was present at the last read; takes no lock */
static inline bool
sriovnic_pf_vf_present(const struct sriovnic_pf *pf, uint16_t vf)
{
	return __atomic_load_n(&pf->vf_present, __ATOMIC_RELAXED) &
	       RTE_BIT64(vf);
}

/* Administrator's side (sriovnic_pf_admin.c) */
/* A VF's whole administrator policy at once (its identity applied):
 * edit changes a copy as for sriovnic_pf_func_edit(), applied all or
 * nothing; the VF is then told of a new MAC, port VLAN or link mode.
 */
int sriovnic_pf_set_vf_policy(struct sriovnic_pf *pf, uint16_t vf,
			      int (*edit)(struct sriovnic_func *want,
					  const void *arg),
			      const void *arg);
int sriovnic_pf_set_vf_mac(struct sriovnic_pf *pf, uint16_t vf,
			   const uint8_t mac[6]);
int sriovnic_pf_set_vf_trust(struct sriovnic_pf *pf, uint16_t vf, bool on);
int sriovnic_pf_set_vf_spoofchk(struct sriovnic_pf *pf, uint16_t vf,
				bool mac, bool vlan);
int sriovnic_pf_set_vf_link(struct sriovnic_pf *pf, uint16_t vf,
			    uint8_t mode);
/* TPID of the VF's port VLAN tag: RTE_ETHER_TYPE_VLAN or 0x88a8 (CAP_QINQ) */
int sriovnic_pf_set_vf_vlan_tpid(struct sriovnic_pf *pf, uint16_t vf,
				 uint16_t tpid);
int sriovnic_pf_set_vf_vlan(struct sriovnic_pf *pf, uint16_t vf,
			    uint16_t vid, uint8_t pcp);
int sriovnic_pf_set_vf_vlan_filter(struct sriovnic_pf *pf, uint16_t vf,
				   uint16_t vid, bool on);
int sriovnic_pf_set_vf_vlan_filtering(struct sriovnic_pf *pf, uint16_t vf,
				      bool on);
int sriovnic_pf_set_vf_rxmode(struct sriovnic_pf *pf, uint16_t vf,
			      bool promisc, bool allmulti);
int sriovnic_pf_set_vf_slow_path(struct sriovnic_pf *pf, uint16_t vf,
				 bool on);
int sriovnic_pf_get_vf_stats(struct sriovnic_pf *pf, uint16_t vf,
			     struct sriovnic_mbx_stats *st);
/* What the PF holds for a VF, copied under pf->lock in one go, for the
 * operator's views (xstats, telemetry, dumps)
 */
struct sriovnic_pf_vf_info {
	struct sriovnic_func fn;	/* policy, negotiation, counters */
	struct sriovnic_mbx_stats st;	/* since the administrator's reset */
	uint32_t nb_rules;		/* its flow rules */
	uint32_t quota;
	struct sriovnic_tm_params tx;	/* its scheduler node: cap, weight */
	bool present;			/* plugged in (VF_PRESENT) */
};
int sriovnic_pf_get_vf_info(struct sriovnic_pf *pf, uint16_t vf,
			    struct sriovnic_pf_vf_info *info);
/* The port's own state, likewise */
struct sriovnic_pf_port_info {
	bool vepa;
	bool switchdev;
	bool port_down;
	bool mbx_rate_limit;
	uint32_t flow_ids;		/* the card's rule ids */
	uint32_t flow_ids_used;		/* by the PF, its representors, VFs */
	uint16_t tm_prios;		/* 0: no scheduler */
};
void sriovnic_pf_get_port_info(struct sriovnic_pf *pf,
			       struct sriovnic_pf_port_info *info);
int sriovnic_pf_reset_vf_stats(struct sriovnic_pf *pf, uint16_t vf);
int sriovnic_pf_ping_vf(struct sriovnic_pf *pf, uint16_t vf);
void sriovnic_pf_vf_link_of(struct sriovnic_pf *pf, uint16_t vf,
			    struct sriovnic_mbx_link *link);
void sriovnic_pf_notify_vfs(struct sriovnic_pf *pf, uint16_t event);
/* The port's own settings, kept over a PF reset: taken off the wire
 * (VFs that follow the port see it through the link), and the switch
 * modes, VEB or VEPA, legacy or switchdev (-ENOTSUP without
 * CAP_SWITCHDEV)
 */
int sriovnic_pf_set_port_down(struct sriovnic_pf *pf, bool down);
void sriovnic_pf_set_vepa(struct sriovnic_pf *pf, bool vepa);
int sriovnic_pf_set_switchdev(struct sriovnic_pf *pf, bool on);

/* Transmit scheduler (sriovnic_pf_tm.c). Changes of the PF's own nodes:
 * sriovnic_pf_tm_edit() has edit change a copy of the live tree, programs
 * what differs in one commit and tells VFs of their new caps; on a
 * refusal *fail_node names the card node and nothing changed.
 */
void sriovnic_pf_tm_init(struct sriovnic_pf *pf);
int sriovnic_pf_tm_edit(struct sriovnic_pf *pf,
			void (*edit)(struct sriovnic_tm_tree *want,
				     const void *arg),
			const void *arg, uint16_t *fail_node);
int sriovnic_pf_tm_node_state(struct sriovnic_pf *pf, uint16_t node,
			      bool suspend);
int sriovnic_pf_tm_stats(struct sriovnic_pf *pf, uint16_t node, bool clear,
			 struct sriovnic_mbx_tm_stats *st);
int sriovnic_pf_tm_restore(struct sriovnic_pf *pf);

/* A VF's device state (sriovnic_pf_vfstate.c, datasheet 17; -ENOTSUP
 * without CAP_VF_STATE, -ENODEV for no such VF, else the card's status):
 * the VF suspended (run false) or resumed; its record saved into buf,
 * returning the record's length (buf NULL and len 0: only the length;
 * -ENOSPC for a shorter buf); a record restored into the suspended VF,
 * a refusal logged with the card's reason
 */
int sriovnic_pf_vf_run(struct sriovnic_pf *pf, uint16_t vf, bool run);
int sriovnic_pf_vf_state_save(struct sriovnic_pf *pf, uint16_t vf, void *buf,
			      size_t len);
int sriovnic_pf_vf_state_restore(struct sriovnic_pf *pf, uint16_t vf,
				 const void *buf, size_t len);

/* Flow engine (sriovnic_pf_flow.c). Init after sriovnic_aq_init();
 * restart after a PF reset and sriovnic_aq_enable(): the card forgot
 * every rule and quota, the VFs' rules are dropped (they add them again),
 * the PF's own rules stay allocated for the caller to add again.
 */
int sriovnic_pf_flow_init(struct sriovnic_pf *pf, uint32_t vf_quota);
int sriovnic_pf_flow_restart(struct sriovnic_pf *pf);
void sriovnic_pf_flow_fini(struct sriovnic_pf *pf);
/* The PF port's rules: add allocates a rule id (none for validate);
 * install adds a rule under an id it already holds.
 */
int sriovnic_pf_flow_add(struct sriovnic_pf *pf,
			 const struct sriovnic_flow_place *where,
			 const struct sriovnic_flow_rule *r, bool validate,
			 uint32_t *rule_id, struct sriovnic_flow_verdict *v);
int sriovnic_pf_flow_install(struct sriovnic_pf *pf,
			     const struct sriovnic_flow_place *where,
			     const struct sriovnic_flow_rule *r,
			     uint32_t rule_id, struct sriovnic_flow_verdict *v);
int sriovnic_pf_flow_del(struct sriovnic_pf *pf, uint32_t rule_id);
int sriovnic_pf_flow_query(struct sriovnic_pf *pf, uint32_t rule_id,
			   bool reset, uint64_t *hits, uint64_t *bytes);
/* Administrator: a VF's rule quota */
int sriovnic_pf_set_vf_flow_quota(struct sriovnic_pf *pf, uint16_t vf,
				  uint32_t quota);

#endif /* SRIOVNIC_PF_H */
