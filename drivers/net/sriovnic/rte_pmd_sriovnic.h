/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef RTE_PMD_SRIOVNIC_H
#define RTE_PMD_SRIOVNIC_H

/**
 * @file
 * sriovnic PF administration of its VFs and its switch. Every call takes
 * the port id of a net_sriovnic PF port and, but for the port-wide ones, a
 * VF index; it returns 0, -ENODEV (not a sriovnic PF, or no such VF),
 * -EINVAL (bad argument), -ENOSPC (switch table full) or -ENOTCONN (the VF
 * has no driver). A setting takes effect in the switch at once and the VF's
 * driver is told.
 *
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice; applications
 * build with -DALLOW_EXPERIMENTAL_API.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_compat.h>
#include <rte_ether.h>

#ifdef __cplusplus
extern "C" {
#endif

/** VF link as the administrator wants it */
enum rte_pmd_sriovnic_link {
	RTE_PMD_SRIOVNIC_LINK_AUTO = 0,	/**< follow the port */
	RTE_PMD_SRIOVNIC_LINK_UP = 1,	/**< always up */
	RTE_PMD_SRIOVNIC_LINK_DOWN = 2,	/**< down: no traffic */
};

/** Per-VF counters as the PF sees them */
struct rte_pmd_sriovnic_vf_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t rx_missed;
	uint64_t mac_spoof_dropped;	/**< source MAC not the VF's */
	uint64_t vlan_spoof_dropped;	/**< VLAN not allowed to the VF */
	uint64_t mbx_requests;		/**< mailbox requests handled */
	uint64_t mbx_refused;		/**< of which answered with an error */
	uint64_t mbx_rate_limited;	/**< over the mbx_rate devarg */
	uint64_t resets;		/**< function resets (FLR, driver gone) */
};

/** Verdict an RTE_ETH_EVENT_VF_MBOX callback writes into retval */
enum rte_pmd_sriovnic_mb_event_rsp {
	RTE_PMD_SRIOVNIC_MB_EVENT_PROCEED = 0,	/**< PF checks and acts */
	RTE_PMD_SRIOVNIC_MB_EVENT_NOOP_ACK,	/**< answer ACK, do nothing */
	RTE_PMD_SRIOVNIC_MB_EVENT_NOOP_NACK,	/**< refuse (-EPERM) */
};

/**
 * Argument of RTE_ETH_EVENT_VF_MBOX on the PF port, raised for every VF
 * request before the PF acts on it.
 */
struct rte_pmd_sriovnic_mb_event_param {
	uint16_t vfid;
	uint16_t msg_type;	/**< mailbox opcode, doc/datasheet.md */
	uint16_t retval;	/**< in: PROCEED; out: the verdict */
	uint16_t msg_len;
	const void *msg;	/**< request payload */
};

/** Version of struct rte_pmd_sriovnic_vf_policy this driver writes; it
 * also applies version 1 records (without admin_rules)
 */
#define RTE_PMD_SRIOVNIC_VF_POLICY_VERSION	2
/** Extra unicast MACs a VF may have (card limit) */
#define RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC	8
/** VLAN filters a VF may have (card limit) */
#define RTE_PMD_SRIOVNIC_VF_MAX_VLAN		16
/** Administrator's switch rules a record carries */
#define RTE_PMD_SRIOVNIC_VF_MAX_RULES		16
/** Bytes of a rule buffer (datasheet 13.4) */
#define RTE_PMD_SRIOVNIC_RULE_LEN		256

/** rte_pmd_sriovnic_vf_rule.vf_fields: the rule's source is the VF (key
 * in_port, its mask 0xff)
 */
#define RTE_PMD_SRIOVNIC_VF_RULE_FROM_VF	(1u << 0)
/** ... its destination is the VF (fate PORT: dest the VF's function;
 * fate REP: dest the VF's index, its representor)
 */
#define RTE_PMD_SRIOVNIC_VF_RULE_TO_VF		(1u << 1)

/**
 * A switch-table (transfer) rule the administrator installed for a VF
 * through the PF port or the VF's representor: the card's rule buffer
 * with the fields that name the VF zero and flagged in vf_fields, so
 * that it names whichever VF the record is applied to.
 */
struct rte_pmd_sriovnic_vf_rule {
	uint8_t group;
	uint8_t priority;
	uint8_t vf_fields;	/**< RTE_PMD_SRIOVNIC_VF_RULE_* */
	/** key, mask, actions (datasheet 13.4) */
	uint8_t rule[RTE_PMD_SRIOVNIC_RULE_LEN];
};

/**
 * A VF's identity: the whole policy its PF holds for it, read out of one
 * VF by rte_pmd_sriovnic_get_vf_policy() and applied to a VF of the same
 * or another card by rte_pmd_sriovnic_set_vf_policy(), so that a function
 * moves with its MAC, VLANs and limits. Layout fixed per version; the
 * guide (doc/guides/nics/sriovnic.rst) documents every field.
 */
struct rte_pmd_sriovnic_vf_policy {
	uint16_t version;	/**< RTE_PMD_SRIOVNIC_VF_POLICY_VERSION */
	bool admin_mac;		/**< mac set by the administrator, fixed */
	struct rte_ether_addr mac;	/**< the VF's MAC address */
	uint8_t nb_extra_mac;	/**< entries of extra_mac in use */
	/** unicast MACs the (trusted) VF added */
	struct rte_ether_addr extra_mac[RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC];
	uint16_t pvid;		/**< port VLAN 1..4094, 0 none */
	uint8_t pcp;		/**< its priority 0..7 */
	uint16_t tpid;		/**< its tag: 0x8100, or 0x88a8 (CAP_QINQ) */
	uint8_t nb_vlan;	/**< entries of vlan in use */
	uint16_t vlan[RTE_PMD_SRIOVNIC_VF_MAX_VLAN];	/**< VLAN filters */
	bool vlan_filtering;	/**< filtering forced on by the administrator */
	bool trust;		/**< rte_pmd_sriovnic_set_vf_trust() */
	bool mac_anti_spoof;
	bool vlan_anti_spoof;
	uint8_t link;		/**< enum rte_pmd_sriovnic_link */
	uint64_t tx_rate_max;	/**< transmit cap, bytes/s; 0 none */
	uint32_t tx_burst_max;	/**< its bucket, bytes */
	uint8_t tx_weight;	/**< share among VFs of one priority */
	uint32_t flow_quota;	/**< flow rules the VF may have */
	/** rules it has now; read only: a VF's driver adds its rules again */
	uint32_t flow_rules;
	/* version 2 */
	uint8_t nb_admin_rules;	/**< entries of admin_rules in use */
	/** the switch rules naming this VF and no other */
	struct rte_pmd_sriovnic_vf_rule admin_rules[RTE_PMD_SRIOVNIC_VF_MAX_RULES];
};

/** VF vf's policy as one record (version RTE_PMD_SRIOVNIC_VF_POLICY_VERSION):
 * admin_rules are the transfer rules of the PF port and its representors
 * that name VF vf (as source or destination) and no other VF, without a
 * meter; -E2BIG if there are more than RTE_PMD_SRIOVNIC_VF_MAX_RULES.
 */
__rte_experimental
int rte_pmd_sriovnic_get_vf_policy(uint16_t port, uint16_t vf,
				   struct rte_pmd_sriovnic_vf_policy *policy);
/**
 * Apply a record from rte_pmd_sriovnic_get_vf_policy() to VF vf, all or
 * nothing: on any error the VF keeps its policy. Beyond the common
 * errors: -EPROTONOSUPPORT (unknown version), -E2BIG (more extra MACs or
 * VLAN filters than the card takes), -EPERM (extra MACs on an untrusted
 * VF), -ENOTSUP (an S-tag, a transmit cap or weight, a flow quota the
 * card has no engine for), -ENOSPC (the switch table is full). The VF's
 * driver is told its new MAC, port VLAN and link. flow_rules is not
 * applied. The admin_rules of a version 2 record are installed as rules
 * of the PF port naming VF vf, replacing those an earlier record
 * installed for it; a rule the target already has is not added twice.
 * A version 1 record leaves the VF's switch rules alone.
 */
__rte_experimental
int rte_pmd_sriovnic_set_vf_policy(uint16_t port, uint16_t vf,
			const struct rte_pmd_sriovnic_vf_policy *policy);
/**
 * Records between processes: the PF driver of a primary process answers
 * requests of this name (rte_mp_request_sync()) from its secondary
 * processes, such as the sriovnic-vf-policy tool. The request's params are
 * a struct rte_pmd_sriovnic_mp_req; APPLY passes one fd, a file holding
 * exactly one struct rte_pmd_sriovnic_vf_policy (a memfd). The reply's
 * params are a struct rte_pmd_sriovnic_mp_rsp; a successful EXPORT passes
 * one fd, a file holding the record.
 */
#define RTE_PMD_SRIOVNIC_MP_VF_POLICY	"sriovnic_vf_policy"

/** rte_pmd_sriovnic_mp_req.op */
enum rte_pmd_sriovnic_mp_op {
	RTE_PMD_SRIOVNIC_MP_EXPORT = 1,	/**< VF's record, get_vf_policy() */
	RTE_PMD_SRIOVNIC_MP_APPLY = 2,	/**< the fd's record, set_vf_policy() */
};

struct rte_pmd_sriovnic_mp_req {
	uint16_t op;		/**< enum rte_pmd_sriovnic_mp_op */
	uint16_t vf;
	/** the PF: its ethdev port id in decimal, or its name (PCI address) */
	char pf[64];
};

struct rte_pmd_sriovnic_mp_rsp {
	int32_t ret;		/**< 0 or a negative errno */
	char why[160];		/**< what was refused, "" if nothing to add */
};

/** Set VF vf's MAC address; the VF may no longer change it. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_mac_addr(uint16_t port, uint16_t vf,
				     const struct rte_ether_addr *mac);
/** Trust: a trusted VF may go promiscuous/all-multicast, add MACs. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_trust(uint16_t port, uint16_t vf, bool on);
/** Drop frames from the VF with another source MAC. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_mac_anti_spoof(uint16_t port, uint16_t vf,
					   bool on);
/** Drop frames from the VF on VLANs it has no filter (or port VLAN) for. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_vlan_anti_spoof(uint16_t port, uint16_t vf,
					    bool on);
/** Administrative link of the VF. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_link_state(uint16_t port, uint16_t vf,
				       enum rte_pmd_sriovnic_link state);
/** Port VLAN (vid 1..4094, pcp 0..7) inserted and stripped by the card;
 * vid 0 removes it.
 */
__rte_experimental
int rte_pmd_sriovnic_set_vf_vlan_insert(uint16_t port, uint16_t vf,
					uint16_t vid, uint8_t pcp);
/** TPID of the VF's port VLAN tag: 0x8100 (802.1Q, the default) or
 * 0x88a8 (802.1ad S-tag, card revision 1.4 with CAP_QINQ, else -ENOTSUP),
 * so that the VF's own 802.1Q tags ride inside it; others -EINVAL. Kept
 * while the port VLAN is set, cleared, set again.
 */
__rte_experimental
int rte_pmd_sriovnic_set_vf_vlan_tpid(uint16_t port, uint16_t vf,
				      uint16_t tpid);
/** Add or remove a VLAN filter on the VF's behalf. */
__rte_experimental
int rte_pmd_sriovnic_set_vf_vlan_filter(uint16_t port, uint16_t vf,
					uint16_t vid, bool on);
__rte_experimental
int rte_pmd_sriovnic_get_vf_stats(uint16_t port, uint16_t vf,
				  struct rte_pmd_sriovnic_vf_stats *stats);
__rte_experimental
int rte_pmd_sriovnic_reset_vf_stats(uint16_t port, uint16_t vf);
/** The flow rules VF vf may have (card revision 1.3, CAP_FLOW; devarg
 * vf_flow_quota sets the default). Lower than its current count: its rules
 * stay, further ones are refused with ENOSPC. -ENOTSUP without a flow
 * engine.
 */
__rte_experimental
int rte_pmd_sriovnic_set_vf_flow_quota(uint16_t port, uint16_t vf,
				       uint32_t quota);
/** Check that VF vf's driver takes mailbox events (-ENOTCONN if not). */
__rte_experimental
int rte_pmd_sriovnic_ping_vf(uint16_t port, uint16_t vf);
/** Tx loopback, port-wide. On (VEB, the default; devarg tx_loopback), the
 * card's switch delivers frames between the PF and its VFs; off (VEPA),
 * every frame they send goes to the wire, and an adjacent bridge in
 * hairpin mode sends back those meant for another function.
 */
__rte_experimental
int rte_pmd_sriovnic_set_tx_loopback(uint16_t port, bool on);

/*
 * A VF's device state (card revision 1.6, CAP_VF_STATE; -ENOTSUP
 * without it, -ENODEV for no such port or VF). The order of a move:
 * suspend, save; on the destination VF (suspended, its driver's memory
 * registered) restore, resume. Between save and resume the VF's driver
 * writes no register, as a paused guest does not. The state record holds
 * the VF's queues (ring, length, configuration, the card's head and the
 * driver's tail), RSS, frame limit, interrupt enables and counters; not
 * its DMA mappings, nor its switch policy, which
 * rte_pmd_sriovnic_get_vf_policy() reads.
 */

/** Stop VF vf's DMA: the card finishes what is in flight, then fetches
 * and writes no descriptor; frames for the VF are dropped and counted in
 * the PF's view of it. Suspending a suspended VF succeeds.
 */
__rte_experimental
int rte_pmd_sriovnic_vf_suspend(uint16_t port, uint16_t vf);
/** Let a suspended VF run again; resuming a running VF succeeds. */
__rte_experimental
int rte_pmd_sriovnic_vf_resume(uint16_t port, uint16_t vf);
/** Save the suspended VF's state record into buf (len bytes). Returns the
 * record's length; with buf NULL and len 0 only that length. -ENOSPC if
 * len is shorter, -EBUSY if the VF is not suspended.
 */
__rte_experimental
int rte_pmd_sriovnic_vf_state_save(uint16_t port, uint16_t vf, void *buf,
				   size_t len);
/** Restore a state record (as saved, len its length) into the suspended
 * VF vf, the one it came from or another. The card checks every field: a
 * corrupt or hostile record is refused (-EINVAL, -EPROTONOSUPPORT for an
 * unknown version, -EFAULT for a ring outside the VF's driver's memory;
 * the log says which field) and the VF is left as it was. -EBUSY if the
 * VF is not suspended.
 */
__rte_experimental
int rte_pmd_sriovnic_vf_state_restore(uint16_t port, uint16_t vf,
				      const void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* RTE_PMD_SRIOVNIC_H */
