/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_AQ_CMD_H
#define SRIOVNIC_AQ_CMD_H

/*
 * Admin queue commands of card revision 1.3 (doc/datasheet.md sections
 * 12-15): the admin queue, the flow engine, the transmit scheduler and the
 * optional meters. The PF driver issues them; VFs ask the PF over the
 * mailbox.
 *
 * As in sriovnic_regs.h, "D" marks driver-written and "H" hardware-written
 * registers and fields. All values are little-endian, except the flow key
 * (struct sriovnic_flow_key), which holds header fields in network byte
 * order so that rte_flow item specs and masks copy into it unchanged.
 */

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------
 * Admin queue, PF BAR only (CAP_FLOW or CAP_SCHED). A queue block as in
 * SRIOVNIC_RXQ() without Q_BUF_LEN; 64-byte command descriptors.
 */
#define SRIOVNIC_AQ			0xe000	/* block base */
#define SRIOVNIC_AQ_BASE_LO		0xe000	/* D: ring IOVA, 128-aligned */
#define SRIOVNIC_AQ_BASE_HI		0xe004	/* D */
#define SRIOVNIC_AQ_LEN			0xe008	/* D: descriptors, 2^n, 32..4096 */
#define SRIOVNIC_AQ_CTRL		0xe010	/* D: SRIOVNIC_AQCTRL_* */
#define SRIOVNIC_AQ_STATUS		0xe014	/* H: SRIOVNIC_AQSTAT_* */
#define SRIOVNIC_AQ_TAIL		0xe018	/* D: doorbell */
#define SRIOVNIC_AQ_HEAD		0xe01c	/* H: next command the card runs */

#define SRIOVNIC_AQCTRL_ENABLE		(1u << 0)
#define SRIOVNIC_AQSTAT_ENABLED		(1u << 0)
#define SRIOVNIC_AQSTAT_ERROR		(1u << 1)	/* bad ring, ring fault */

#define SRIOVNIC_AQ_DESC_LEN		64
#define SRIOVNIC_AQ_RING_ALIGN		128
#define SRIOVNIC_AQ_LEN_MIN		32
#define SRIOVNIC_AQ_LEN_MAX		4096
#define SRIOVNIC_AQ_TIMEOUT_MS		1000	/* driver's least patience */

/* Engine limits (H, config; 0 without the matching CAPS bit) */
#define SRIOVNIC_FLOW_RULES		0xe040	/* rule entries, >= 16384 */
#define SRIOVNIC_FLOW_GROUPS		0xe044	/* groups per table, >= 32 */
#define SRIOVNIC_TM_PRIOS		0xe048	/* priority levels, >= 8 */
#define SRIOVNIC_METERS			0xe04c	/* meters, >= 1024 */

#define SRIOVNIC_FLOW_RULES_MIN		16384	/* of a revision 1.3 card */
#define SRIOVNIC_FLOW_GROUPS_MIN	32
#define SRIOVNIC_TM_PRIOS_MIN		8
#define SRIOVNIC_METERS_MIN		1024

/* Command opcodes */
#define SRIOVNIC_AQC_NOP		0x0001
#define SRIOVNIC_AQC_FLOW_ADD		0x0101	/* buffer: rule, 256 B, read */
#define SRIOVNIC_AQC_FLOW_DEL		0x0102
#define SRIOVNIC_AQC_FLOW_QUERY		0x0103
#define SRIOVNIC_AQC_FLOW_FLUSH		0x0104
#define SRIOVNIC_AQC_FLOW_QUOTA		0x0105
#define SRIOVNIC_AQC_TM_NODE_SET	0x0201
#define SRIOVNIC_AQC_TM_COMMIT		0x0202
#define SRIOVNIC_AQC_TM_NODE_SUSPEND	0x0203
#define SRIOVNIC_AQC_TM_NODE_RESUME	0x0204
#define SRIOVNIC_AQC_TM_STATS_READ	0x0205
#define SRIOVNIC_AQC_METER_SET		0x0301
#define SRIOVNIC_AQC_METER_DEL		0x0302
#define SRIOVNIC_AQC_METER_QUERY	0x0303	/* buffer: stats, 64 B, written */
#define SRIOVNIC_AQC_METER_BIND		0x0304
/* rev 1.6 (CAP_VF_STATE): a VF's device state, section 17 */
#define SRIOVNIC_AQC_VF_SUSPEND		0x0401
#define SRIOVNIC_AQC_VF_STATE_SAVE	0x0402	/* buffer: record, written */
#define SRIOVNIC_AQC_VF_STATE_RESTORE	0x0403	/* buffer: record, read */
#define SRIOVNIC_AQC_VF_RESUME		0x0404

/* Descriptor flags: SI by the driver, ERR and DONE by the card */
#define SRIOVNIC_AQF_SI			(1u << 0)	/* signal vector 0 */
#define SRIOVNIC_AQF_ERR		(1u << 14)	/* H: status != 0 */
#define SRIOVNIC_AQF_DONE		(1u << 15)	/* H: written back */

/* Detail codes in the descriptor's info field; status is the errno */
#define SRIOVNIC_AQE_OPCODE		1	/* -EOPNOTSUPP */
#define SRIOVNIC_AQE_PARAM		2	/* -EINVAL: reserved, range */
#define SRIOVNIC_AQE_BUF		3	/* -EINVAL: buf_len/buf_addr */
#define SRIOVNIC_AQE_DMA		4	/* -EFAULT: IOMMU refused buffer */
#define SRIOVNIC_AQE_RULE_ID		16	/* -EINVAL: id >= FLOW_RULES */
#define SRIOVNIC_AQE_RULE_EXISTS	17	/* -EEXIST */
#define SRIOVNIC_AQE_RULE_UNKNOWN	18	/* -ENOENT */
#define SRIOVNIC_AQE_TABLE		19	/* -EINVAL: table, function */
#define SRIOVNIC_AQE_GROUP		20	/* -EINVAL */
#define SRIOVNIC_AQE_KEY		21	/* -EINVAL: bad key or mask */
#define SRIOVNIC_AQE_ACTION		22	/* -EOPNOTSUPP: fate, modifier */
#define SRIOVNIC_AQE_ACTION_ARG		23	/* -EINVAL: action argument */
#define SRIOVNIC_AQE_QUOTA		24	/* -ENOSPC: owner at its quota */
#define SRIOVNIC_AQE_TM_NODE		32	/* -EINVAL: no such node */
#define SRIOVNIC_AQE_TM_SCHED		33	/* -EINVAL: priority, weight */
#define SRIOVNIC_AQE_TM_SHAPER		34	/* -EINVAL: rate, burst */
#define SRIOVNIC_AQE_TM_HIER		35	/* -EINVAL: commit refused */
#define SRIOVNIC_AQE_METER_ID		48	/* -EINVAL range, -ENOENT */
#define SRIOVNIC_AQE_METER_PARAM	49	/* -EINVAL */
#define SRIOVNIC_AQE_METER_BUSY		50	/* -EBUSY: meter in use */
#define SRIOVNIC_AQE_VF			64	/* -EINVAL: VF >= NUM_VFS */
#define SRIOVNIC_AQE_VF_RUNNING		65	/* -EBUSY: VF not suspended */
#define SRIOVNIC_AQE_STATE_CORRUPT	66	/* -EINVAL: magic, len, crc */
#define SRIOVNIC_AQE_STATE_VERSION	67	/* -EPROTONOSUPPORT */
#define SRIOVNIC_AQE_STATE_FIELD	68	/* -EINVAL: see err_off */
#define SRIOVNIC_AQE_STATE_RING		69	/* -EFAULT: ring not registered */

#define SRIOVNIC_AQ_PARAM_LEN		40

/* FLOW_ADD */
struct sriovnic_aq_flow_add {
	uint32_t rule_id;	/* 0..FLOW_RULES-1; VALIDATE: 0 */
	uint8_t table;		/* SRIOVNIC_FLOW_TBL_* */
	uint8_t func;		/* ingress: owning function; switch: 0 */
	uint8_t group;
	uint8_t priority;	/* 0 first */
	uint16_t add_flags;	/* SRIOVNIC_FADD_* */
	uint16_t err_off;	/* H: offending rule-buffer byte, or 0xffff */
	uint8_t rsvd[28];
};

#define SRIOVNIC_FLOW_TBL_INGRESS	0
#define SRIOVNIC_FLOW_TBL_SWITCH	1
#define SRIOVNIC_FADD_VALIDATE		(1u << 0)	/* check, install nothing */
#define SRIOVNIC_FLOW_ERR_OFF_NONE	0xffff

/* FLOW_DEL */
struct sriovnic_aq_flow_del {
	uint32_t rule_id;
	uint8_t rsvd[36];
};

/* FLOW_QUERY */
struct sriovnic_aq_flow_query {
	uint32_t rule_id;
	uint32_t q_flags;	/* SRIOVNIC_FQRY_* */
	uint64_t hits;		/* H */
	uint64_t bytes;		/* H */
	uint8_t table;		/* H: the rule's placement */
	uint8_t func;		/* H */
	uint8_t group;		/* H */
	uint8_t priority;	/* H */
	uint8_t rsvd[12];
};

#define SRIOVNIC_FQRY_RESET		(1u << 0)	/* clear after reading */

/* FLOW_FLUSH */
struct sriovnic_aq_flow_flush {
	uint8_t scope;		/* SRIOVNIC_FFLUSH_* */
	uint8_t func;		/* FFLUSH_INGRESS: the table's function */
	uint16_t rsvd0;
	uint32_t deleted;	/* H: rules deleted */
	uint8_t rsvd1[32];
};

#define SRIOVNIC_FFLUSH_ALL		0
#define SRIOVNIC_FFLUSH_SWITCH		1
#define SRIOVNIC_FFLUSH_INGRESS		2

/* FLOW_QUOTA */
struct sriovnic_aq_flow_quota {
	uint8_t func;
	uint8_t qt_flags;	/* SRIOVNIC_FQUOTA_* */
	uint16_t rsvd0;
	uint32_t quota;		/* D: new quota with SET; H: quota in effect */
	uint32_t used;		/* H: rules the function owns */
	uint8_t rsvd1[28];
};

#define SRIOVNIC_FQUOTA_SET		(1u << 0)

/* TM_NODE_SET: all staged parameters of one node */
struct sriovnic_aq_tm_node_set {
	uint16_t node;		/* SRIOVNIC_TM_NODE_* */
	uint16_t rsvd0;
	uint8_t priority;	/* 0..TM_PRIOS-1, port 0 */
	uint8_t weight;		/* 1..255, port 0 */
	int8_t adjust;		/* bytes added per frame for shaping */
	uint8_t rsvd1;
	uint64_t cir;		/* bytes/s, 0 = no guarantee */
	uint64_t pir;		/* bytes/s, 0 = unlimited */
	uint32_t cbs;		/* bytes */
	uint32_t pbs;		/* bytes */
	uint8_t rsvd2[8];
};

/* TM_COMMIT */
struct sriovnic_aq_tm_commit {
	uint32_t c_flags;	/* SRIOVNIC_TCOMMIT_* */
	uint16_t fail_node;	/* H: AQE_TM_HIER: offending node, or 0xffff */
	uint8_t rsvd[34];
};

#define SRIOVNIC_TCOMMIT_ABORT		(1u << 0)	/* staged := live */
#define SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL (1u << 1)

/* TM_NODE_SUSPEND, TM_NODE_RESUME */
struct sriovnic_aq_tm_node {
	uint16_t node;
	uint8_t rsvd[38];
};

/* TM_STATS_READ */
struct sriovnic_aq_tm_stats {
	uint16_t node;
	uint16_t s_flags;	/* SRIOVNIC_TSTAT_* */
	uint32_t rsvd0;
	uint64_t pkts;		/* H */
	uint64_t bytes;		/* H: without adjust */
	uint64_t stall_ns;	/* H: backlogged, held back by own shaper */
	uint8_t rsvd1[8];
};

#define SRIOVNIC_TSTAT_CLEAR		(1u << 0)

/* METER_SET */
struct sriovnic_aq_meter_set {
	uint16_t meter;
	uint8_t mode;		/* SRIOVNIC_METER_MODE_* */
	uint8_t policy;		/* SRIOVNIC_MPOL_* */
	uint32_t rsvd0;
	uint64_t cir;		/* bytes/s */
	uint64_t pir;		/* trTCM: bytes/s; srTCM: 0 */
	uint32_t cbs;		/* bytes */
	uint32_t ebs;		/* srTCM: excess burst; trTCM: peak burst */
	uint8_t rsvd1[8];
};

#define SRIOVNIC_METER_MODE_SRTCM	1	/* RFC 2697 */
#define SRIOVNIC_METER_MODE_TRTCM	2	/* RFC 2698 */
#define SRIOVNIC_MPOL_DROP_YELLOW	(1u << 0)
#define SRIOVNIC_MPOL_DROP_RED		(1u << 1)

/* METER_DEL, METER_QUERY (output in the 64-byte buffer) */
struct sriovnic_aq_meter {
	uint16_t meter;
	uint16_t m_flags;	/* QUERY: SRIOVNIC_MQRY_*; DEL: 0 */
	uint8_t rsvd[36];
};

#define SRIOVNIC_MQRY_CLEAR		(1u << 0)

/* METER_BIND: a function's ingress policer */
struct sriovnic_aq_meter_bind {
	uint8_t func;
	uint8_t rsvd0;
	uint16_t meter;		/* SRIOVNIC_METER_NONE: unbind */
	uint8_t rsvd1[36];
};

#define SRIOVNIC_METER_NONE		0xffff

/* METER_QUERY buffer, written by the card */
struct sriovnic_meter_stats {
	uint64_t green_pkts;
	uint64_t green_bytes;
	uint64_t yellow_pkts;
	uint64_t yellow_bytes;
	uint64_t red_pkts;
	uint64_t red_bytes;
	uint64_t drop_pkts;
	uint64_t drop_bytes;
};

/* VF_SUSPEND, VF_STATE_SAVE, VF_STATE_RESTORE, VF_RESUME */
struct sriovnic_aq_vf_state {
	uint16_t vf;		/* VF index < NUM_VFS */
	uint16_t rsvd0;
	uint32_t len;		/* H: SAVE: bytes written */
	uint16_t version;	/* H: SAVE: the record's version */
	uint16_t err_off;	/* H: RESTORE: first bad record byte, or 0xffff */
	uint8_t rsvd[28];
};

#define SRIOVNIC_VFS_ERR_OFF_NONE	0xffff

/* Command descriptor, 64 bytes. The card writes back the output buffer,
 * the H fields of param, then bytes 0-7 (flags | DONE) in one 64-bit store.
 */
struct sriovnic_aq_desc {
	uint16_t opcode;	/* D: SRIOVNIC_AQC_* */
	uint16_t flags;		/* D: SI; H: ERR, DONE */
	int16_t status;		/* H: 0 or negative errno */
	uint16_t info;		/* H: SRIOVNIC_AQE_* */
	uint32_t cookie;	/* D: never written by the card */
	uint32_t buf_len;	/* D: 0 without a buffer */
	uint64_t buf_addr;	/* D */
	union {
		uint8_t raw[SRIOVNIC_AQ_PARAM_LEN];
		struct sriovnic_aq_flow_add flow_add;
		struct sriovnic_aq_flow_del flow_del;
		struct sriovnic_aq_flow_query flow_query;
		struct sriovnic_aq_flow_flush flow_flush;
		struct sriovnic_aq_flow_quota flow_quota;
		struct sriovnic_aq_tm_node_set tm_node_set;
		struct sriovnic_aq_tm_commit tm_commit;
		struct sriovnic_aq_tm_node tm_node;
		struct sriovnic_aq_tm_stats tm_stats;
		struct sriovnic_aq_meter_set meter_set;
		struct sriovnic_aq_meter meter;
		struct sriovnic_aq_meter_bind meter_bind;
		struct sriovnic_aq_vf_state vf_state;
	} param;
};

_Static_assert(sizeof(struct sriovnic_aq_flow_add) == SRIOVNIC_AQ_PARAM_LEN,
	       "FLOW_ADD parameters");
_Static_assert(sizeof(struct sriovnic_aq_flow_del) == SRIOVNIC_AQ_PARAM_LEN,
	       "FLOW_DEL parameters");
_Static_assert(sizeof(struct sriovnic_aq_flow_query) ==
	       SRIOVNIC_AQ_PARAM_LEN, "FLOW_QUERY parameters");
_Static_assert(sizeof(struct sriovnic_aq_flow_flush) ==
	       SRIOVNIC_AQ_PARAM_LEN, "FLOW_FLUSH parameters");
_Static_assert(sizeof(struct sriovnic_aq_flow_quota) ==
	       SRIOVNIC_AQ_PARAM_LEN, "FLOW_QUOTA parameters");
_Static_assert(sizeof(struct sriovnic_aq_tm_node_set) ==
	       SRIOVNIC_AQ_PARAM_LEN, "TM_NODE_SET parameters");
_Static_assert(sizeof(struct sriovnic_aq_tm_commit) ==
	       SRIOVNIC_AQ_PARAM_LEN, "TM_COMMIT parameters");
_Static_assert(sizeof(struct sriovnic_aq_tm_node) == SRIOVNIC_AQ_PARAM_LEN,
	       "TM_NODE_SUSPEND/RESUME parameters");
_Static_assert(sizeof(struct sriovnic_aq_tm_stats) == SRIOVNIC_AQ_PARAM_LEN,
	       "TM_STATS_READ parameters");
_Static_assert(sizeof(struct sriovnic_aq_meter_set) ==
	       SRIOVNIC_AQ_PARAM_LEN, "METER_SET parameters");
_Static_assert(sizeof(struct sriovnic_aq_meter) == SRIOVNIC_AQ_PARAM_LEN,
	       "METER_DEL/QUERY parameters");
_Static_assert(sizeof(struct sriovnic_aq_meter_bind) ==
	       SRIOVNIC_AQ_PARAM_LEN, "METER_BIND parameters");
_Static_assert(sizeof(struct sriovnic_aq_vf_state) == SRIOVNIC_AQ_PARAM_LEN,
	       "VF_* state command parameters");
_Static_assert(sizeof(struct sriovnic_aq_desc) == SRIOVNIC_AQ_DESC_LEN,
	       "admin command descriptor is 64 bytes");
_Static_assert(sizeof(struct sriovnic_meter_stats) == 64,
	       "METER_QUERY buffer is 64 bytes");

/* ---------------------------------------------------------------------
 * Flow engine (CAP_FLOW). A rule is a 256-byte buffer: key, mask, actions.
 */

/* Flow key: header fields in network byte order (an exception to the
 * little-endian rule); absent fields are 0.
 */
struct sriovnic_flow_key {
	uint8_t in_port;	/* source function 0..64, or FLOW_PORT_WIRE */
	uint8_t layers;		/* SRIOVNIC_FKL_* */
	uint8_t ip_proto;	/* IPv4 protocol / IPv6 last next header */
	uint8_t ip_tos;		/* IPv4 TOS / IPv6 traffic class */
	uint8_t ip_ttl;		/* TTL / hop limit */
	uint8_t icmp_type;
	uint8_t icmp_code;
	uint8_t ip_frag;	/* SRIOVNIC_FKF_*; reserved without CAP_FLOW_FRAG */
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	uint16_t ether_type;	/* big-endian; behind the outer tag if VLAN */
	uint16_t vlan_tci;	/* big-endian; outer 802.1Q tag */
	uint8_t src_ip[16];	/* IPv4: bytes 0-3, rest 0 */
	uint8_t dst_ip[16];
	uint16_t sport;		/* big-endian; TCP, UDP, SCTP */
	uint16_t dport;		/* big-endian */
	uint32_t rsvd1;
};

_Static_assert(sizeof(struct sriovnic_flow_key) == 64, "flow key is 64 B");

#define SRIOVNIC_FLOW_PORT_WIRE		255	/* in_port, PORT dest */

#define SRIOVNIC_FKL_VLAN		(1u << 0)	/* outer 802.1Q tag */
#define SRIOVNIC_FKL_L3_SHIFT		1
#define SRIOVNIC_FKL_L3_MASK		(3u << SRIOVNIC_FKL_L3_SHIFT)
#define SRIOVNIC_FKL_L3_IPV4		1
#define SRIOVNIC_FKL_L3_IPV6		2
#define SRIOVNIC_FKL_L4_SHIFT		3
#define SRIOVNIC_FKL_L4_MASK		(7u << SRIOVNIC_FKL_L4_SHIFT)
/* L4 values are the PTYPE L4 values: SRIOVNIC_PTYPE_L4_TCP (1), _UDP (2),
 * _SCTP (3), _ICMP (4, ICMPv4 or ICMPv6), _FRAG (5)
 */
#define SRIOVNIC_FKL_RSVD_MASK		0xc0u

/* ip_frag: an IPv4 fragment (MF or offset) or IPv6 fragment header, and
 * one with a non-zero offset; as OVS's nw_frag
 */
#define SRIOVNIC_FKF_FRAG		(1u << 0)
#define SRIOVNIC_FKF_LATER		(1u << 1)
#define SRIOVNIC_FKF_MASK		(SRIOVNIC_FKF_FRAG | SRIOVNIC_FKF_LATER)

/* Action block: fate with queue, modifiers and mark in the first 8 bytes,
 * so that a VF's common rule fits one mailbox message.
 */
struct sriovnic_flow_actions {
	uint8_t fate;		/* SRIOVNIC_FATE_* */
	uint8_t queue;		/* QUEUE */
	uint16_t mods;		/* SRIOVNIC_FMOD_* */
	uint32_t mark;		/* FMOD_MARK */
	uint8_t dest;		/* PORT: function or wire; REP: VF index */
	uint8_t group;		/* JUMP: > the rule's group */
	uint16_t meter;		/* FMOD_METER */
	uint16_t push_tci;	/* FMOD_VLAN_PUSH, TPID 0x8100 */
	uint16_t set_vid;	/* FMOD_VLAN_SET_VID */
	uint16_t rss_types;	/* RSS: SRIOVNIC_FRSS_* types */
	uint8_t rss_flags;	/* RSS: SRIOVNIC_FRSS_SYMMETRIC, _KEY */
	uint8_t rss_nq;		/* RSS: 1..16 */
	uint8_t set_pcp;	/* FMOD_VLAN_SET_PCP */
	uint8_t rsvd0[3];
	uint8_t rss_queue[16];	/* RSS: queues of the owner */
	uint8_t rss_key[40];	/* RSS with FRSS_KEY */
	uint8_t rsvd1[48];
};

_Static_assert(sizeof(struct sriovnic_flow_actions) == 128,
	       "action block is 128 B");

#define SRIOVNIC_FATE_DROP		1
#define SRIOVNIC_FATE_PASSTHRU		2	/* next candidate in group */
#define SRIOVNIC_FATE_JUMP		3
#define SRIOVNIC_FATE_PORT		4	/* switch: function or wire */
#define SRIOVNIC_FATE_REP		5	/* switch: REP_RXQ(dest) */
#define SRIOVNIC_FATE_QUEUE		6	/* ingress */
#define SRIOVNIC_FATE_RSS		7	/* ingress */

#define SRIOVNIC_FMOD_MARK		(1u << 0)	/* ingress */
#define SRIOVNIC_FMOD_FLAG		(1u << 1)	/* ingress */
#define SRIOVNIC_FMOD_VLAN_POP		(1u << 2)	/* switch */
#define SRIOVNIC_FMOD_VLAN_PUSH		(1u << 3)	/* switch */
#define SRIOVNIC_FMOD_VLAN_SET_VID	(1u << 4)	/* switch */
#define SRIOVNIC_FMOD_VLAN_SET_PCP	(1u << 5)	/* switch */
#define SRIOVNIC_FMOD_METER		(1u << 6)	/* both, CAP_METER */

#define SRIOVNIC_FRSS_SYMMETRIC		(1u << 0)	/* rss_flags */
#define SRIOVNIC_FRSS_KEY		(1u << 1)	/* hash with rss_key */
#define SRIOVNIC_FRSS_IPV4		(1u << 0)	/* rss_types */
#define SRIOVNIC_FRSS_IPV4_TCP		(1u << 1)
#define SRIOVNIC_FRSS_IPV4_UDP		(1u << 2)
#define SRIOVNIC_FRSS_IPV4_SCTP		(1u << 3)
#define SRIOVNIC_FRSS_IPV6		(1u << 4)
#define SRIOVNIC_FRSS_IPV6_TCP		(1u << 5)
#define SRIOVNIC_FRSS_IPV6_UDP		(1u << 6)
#define SRIOVNIC_FRSS_IPV6_SCTP		(1u << 7)
#define SRIOVNIC_FLOW_RSS_QUEUES	16

#define SRIOVNIC_FLOW_PRIOS		256	/* priority 0..255, 0 first */
#define SRIOVNIC_FLOW_MAX_VID		4094

/* The FLOW_ADD buffer */
struct sriovnic_flow_rule {
	struct sriovnic_flow_key key;
	struct sriovnic_flow_key mask;	/* 1 = compare */
	struct sriovnic_flow_actions act;
};

#define SRIOVNIC_FLOW_RULE_LEN		256
#define SRIOVNIC_FLOW_RULE_ACT_OFF	128	/* err_off of an action field */

/* Byte offsets of a field in the rule buffer, as err_off names them */
#define SRIOVNIC_FKEY_OFF(f)	offsetof(struct sriovnic_flow_rule, key.f)
#define SRIOVNIC_FMASK_OFF(f)	offsetof(struct sriovnic_flow_rule, mask.f)
#define SRIOVNIC_FACT_OFF(f)	offsetof(struct sriovnic_flow_rule, act.f)

/* Offset of the first non-zero byte of [p, p + len), or -1: reserved
 * bytes and unused fields are 0, and err_off names the first that is not
 */
static inline int
sriovnic_first_nz(const void *p, size_t len)
{
	const uint8_t *b = (const uint8_t *)p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != 0)
			return (int)i;
	return -1;
}

_Static_assert(sizeof(struct sriovnic_flow_rule) == SRIOVNIC_FLOW_RULE_LEN,
	       "rule buffer is 256 B");
_Static_assert(SRIOVNIC_FACT_OFF(fate) == SRIOVNIC_FLOW_RULE_ACT_OFF,
	       "actions at byte 128");

/* ---------------------------------------------------------------------
 * Transmit scheduler (CAP_SCHED): a fixed tree port -> function -> queue.
 * Node id [15:12] level; function node [7:0] f; queue node [11:4] f, [3:0] q.
 */
#define SRIOVNIC_TM_NODE_PORT		0x0000
#define SRIOVNIC_TM_NODE_FUNC(f)	(0x1000 | (f))
#define SRIOVNIC_TM_NODE_QUEUE(f, q)	(0x2000 | (f) << 4 | (q))
#define SRIOVNIC_TM_NODE_LEVEL(id)	((id) >> 12)
#define SRIOVNIC_TM_LEVEL_PORT		0
#define SRIOVNIC_TM_LEVEL_FUNC		1
#define SRIOVNIC_TM_LEVEL_QUEUE		2
#define SRIOVNIC_TM_NODE_NONE		0xffff	/* TM_COMMIT fail_node */

#define SRIOVNIC_TM_WEIGHT_MIN		1
#define SRIOVNIC_TM_WEIGHT_MAX		255
#define SRIOVNIC_TM_WEIGHT_DEFAULT	1
#define SRIOVNIC_TM_RATE_MIN		1000ull		/* bytes/s */
#define SRIOVNIC_TM_RATE_MAX		50000000000ull	/* 400 Gbit/s */
#define SRIOVNIC_TM_BURST_MIN		64		/* bytes */
#define SRIOVNIC_TM_BURST_MAX		16777216	/* bytes */
#define SRIOVNIC_TM_QUANTUM		256	/* DRR bytes per weight unit */

/* Meters (CAP_METER) use the same rate and burst ranges */
#define SRIOVNIC_METER_RATE_MIN		SRIOVNIC_TM_RATE_MIN
#define SRIOVNIC_METER_RATE_MAX		SRIOVNIC_TM_RATE_MAX
#define SRIOVNIC_METER_BURST_MIN	SRIOVNIC_TM_BURST_MIN
#define SRIOVNIC_METER_BURST_MAX	SRIOVNIC_TM_BURST_MAX

_Static_assert(SRIOVNIC_FLOW_RULE_LEN / 4 <= 64,
	       "a mailbox FLOW_ADD map names every dword of a rule");

/* ---------------------------------------------------------------------
 * VF state record, version 1 (CAP_VF_STATE, section 17.2): what
 * VF_STATE_SAVE writes and VF_STATE_RESTORE reads. It names no function.
 */
#define SRIOVNIC_VFS_MAGIC		0x53564e53	/* "SNVS" */
#define SRIOVNIC_VFS_VERSION		1
#define SRIOVNIC_VFS_NB_STATS		16	/* 13 counters of 9.1, 3 reserved */
#define SRIOVNIC_VFSQ_DISCARD		(1u << 0)	/* tx: dropping to EOP */

/* One queue: its registers, the card's own state and its counters */
struct sriovnic_vfs_queue {
	uint64_t base;
	uint32_t len;
	uint32_t buf_len;
	uint32_t ctrl;		/* Q_CTRL, defined bits only */
	uint32_t status;	/* 0, QSTAT_ENABLED or QSTAT_ERROR */
	uint32_t head;
	uint32_t tail;
	uint32_t flags;		/* SRIOVNIC_VFSQ_* */
	uint32_t rsvd;
	uint64_t pkts;
	uint64_t bytes;
	uint64_t drops;
};

struct sriovnic_vf_state {
	uint32_t magic;		/* SRIOVNIC_VFS_MAGIC */
	uint16_t version;	/* SRIOVNIC_VFS_VERSION */
	uint16_t rsvd0;
	uint32_t len;		/* sizeof(struct sriovnic_vf_state) */
	uint32_t crc;		/* CRC-32C of the record, this field as 0 */
	uint16_t nb_rxq;	/* QUEUES of the saved function */
	uint16_t nb_txq;
	uint32_t max_frame;
	uint32_t func_ctrl;
	uint32_t int_enable;
	uint32_t rss_ctrl;
	uint8_t rsvd1[28];
	uint8_t rss_key[40];
	uint8_t rss_reta[128];
	uint64_t stats[SRIOVNIC_VFS_NB_STATS];
	struct sriovnic_vfs_queue rxq[16];
	struct sriovnic_vfs_queue txq[16];
};

#define SRIOVNIC_VFS_LEN		2408

_Static_assert(sizeof(struct sriovnic_vfs_queue) == 64, "VF state queue");
_Static_assert(offsetof(struct sriovnic_vf_state, rss_key) == 64 &&
	       offsetof(struct sriovnic_vf_state, stats) == 232 &&
	       offsetof(struct sriovnic_vf_state, rxq) == 360 &&
	       offsetof(struct sriovnic_vf_state, txq) == 1384,
	       "VF state record layout");
_Static_assert(sizeof(struct sriovnic_vf_state) == SRIOVNIC_VFS_LEN,
	       "VF state record is 2408 bytes");

#endif /* SRIOVNIC_AQ_CMD_H */
