/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_MBX_MSG_H
#define SRIOVNIC_MBX_MSG_H

/* PF<->VF mailbox messages, doc/datasheet.md section "Mailbox protocol".
 * Every message fits one 64-byte mailbox buffer: an 8-byte header and up to
 * 56 bytes of payload, little-endian.
 */

#include <stdint.h>

#define SRIOVNIC_MBX_API_MAJOR		1
#define SRIOVNIC_MBX_API_MINOR		3

struct sriovnic_mbx_hdr {
	uint16_t opcode;	/* SRIOVNIC_MBX_OP_*, | REPLY in answers */
	uint16_t len;		/* payload bytes */
	uint16_t cookie;	/* chosen by the requester, echoed in reply */
	int16_t result;		/* reply: 0 = ACK, negative errno = NACK */
};

#define SRIOVNIC_MBX_PAYLOAD	(64 - sizeof(struct sriovnic_mbx_hdr))

struct sriovnic_mbx_msg {
	struct sriovnic_mbx_hdr hdr;
	uint8_t payload[SRIOVNIC_MBX_PAYLOAD];
};

#define SRIOVNIC_MBX_REPLY		0x8000	/* answer to a request */
#define SRIOVNIC_MBX_EVENT		0x4000	/* unsolicited PF -> VF */
#define SRIOVNIC_MBX_OP_MASK		0x3fff

enum sriovnic_mbx_op {
	SRIOVNIC_MBX_OP_RESET = 1,	/* no payload: forget this VF's state */
	SRIOVNIC_MBX_OP_HELLO = 2,	/* sriovnic_mbx_hello both ways */
	SRIOVNIC_MBX_OP_GET_RES = 3,	/* reply: sriovnic_mbx_res */
	SRIOVNIC_MBX_OP_SET_MAC = 4,	/* sriovnic_mbx_mac */
	SRIOVNIC_MBX_OP_ADD_MC = 5,	/* sriovnic_mbx_mac */
	SRIOVNIC_MBX_OP_DEL_MC = 6,	/* sriovnic_mbx_mac */
	SRIOVNIC_MBX_OP_RXMODE = 7,	/* sriovnic_mbx_rxmode */
	SRIOVNIC_MBX_OP_MAX_FRAME = 8,	/* sriovnic_mbx_u32 */
	/* API 1.1 */
	SRIOVNIC_MBX_OP_CFG_QUEUES = 9,	/* sriovnic_mbx_queues */
	SRIOVNIC_MBX_OP_ADD_MAC = 10,	/* sriovnic_mbx_mac: extra unicast */
	SRIOVNIC_MBX_OP_DEL_MAC = 11,	/* sriovnic_mbx_mac */
	SRIOVNIC_MBX_OP_ADD_VLAN = 12,	/* sriovnic_mbx_vlan */
	SRIOVNIC_MBX_OP_DEL_VLAN = 13,	/* sriovnic_mbx_vlan */
	SRIOVNIC_MBX_OP_VLAN_STRIP = 14,	/* sriovnic_mbx_u32: 0/1 */
	SRIOVNIC_MBX_OP_RSS_KEY = 15,	/* sriovnic_mbx_rss_key */
	SRIOVNIC_MBX_OP_RSS_LUT = 16,	/* sriovnic_mbx_rss_lut */
	SRIOVNIC_MBX_OP_GET_LINK = 17,	/* reply: sriovnic_mbx_link */
	SRIOVNIC_MBX_OP_GET_STATS = 18,	/* reply: sriovnic_mbx_stats */
	/* API 1.2 */
	SRIOVNIC_MBX_OP_FLOW_ADD = 19,	/* sriovnic_mbx_flow_add */
	SRIOVNIC_MBX_OP_FLOW_DEL = 20,	/* sriovnic_mbx_flow_handle */
	SRIOVNIC_MBX_OP_FLOW_QUERY = 21,	/* flow_query; reply flow_count */
	SRIOVNIC_MBX_OP_FLOW_FLUSH = 22,	/* no payload */
	SRIOVNIC_MBX_OP_FLOW_INFO = 23,	/* reply sriovnic_mbx_flow_info */
	SRIOVNIC_MBX_OP_TM_INFO = 24,	/* reply sriovnic_mbx_tm_info */
	SRIOVNIC_MBX_OP_TM_QUEUE_SET = 25,	/* sriovnic_mbx_tm_queue */
	SRIOVNIC_MBX_OP_TM_COMMIT = 26,	/* sriovnic_mbx_u32: TM_COMMIT_* */
	SRIOVNIC_MBX_OP_TM_NODE_STATE = 27,	/* sriovnic_mbx_tm_state */
	SRIOVNIC_MBX_OP_TM_STATS = 28,	/* tm_stats_req; reply tm_stats */
	/* API 1.3 */
	SRIOVNIC_MBX_OP_VLAN_FILTER = 29,	/* sriovnic_mbx_u32: 0/1 */
	SRIOVNIC_MBX_OP_MAX,
};

enum sriovnic_mbx_event {
	SRIOVNIC_MBX_EV_LINK = 1 | SRIOVNIC_MBX_EVENT,	/* sriovnic_mbx_link */
	SRIOVNIC_MBX_EV_PF_DOWN = 2 | SRIOVNIC_MBX_EVENT,	/* no payload */
	SRIOVNIC_MBX_EV_MAC = 3 | SRIOVNIC_MBX_EVENT,	/* sriovnic_mbx_mac */
	SRIOVNIC_MBX_EV_RESET = 4 | SRIOVNIC_MBX_EVENT,	/* PF reset next */
	SRIOVNIC_MBX_EV_VLAN = 5 | SRIOVNIC_MBX_EVENT,	/* sriovnic_mbx_vlan */
	SRIOVNIC_MBX_EV_PING = 6 | SRIOVNIC_MBX_EVENT,	/* no payload */
	SRIOVNIC_MBX_EV_TM_CAP = 7 | SRIOVNIC_MBX_EVENT, /* sriovnic_mbx_tm_info */
};

/* Capability bits offered in HELLO; the answer is the common subset */
#define SRIOVNIC_MBX_CAP_LINK_EVENT	(1u << 0)
#define SRIOVNIC_MBX_CAP_MC		(1u << 1)
#define SRIOVNIC_MBX_CAP_RXMODE		(1u << 2)
#define SRIOVNIC_MBX_CAPS_V1_0		(SRIOVNIC_MBX_CAP_LINK_EVENT | \
					 SRIOVNIC_MBX_CAP_MC | \
					 SRIOVNIC_MBX_CAP_RXMODE)
#define SRIOVNIC_MBX_CAP_VLAN		(1u << 3)	/* ADD/DEL_VLAN, STRIP */
#define SRIOVNIC_MBX_CAP_RSS		(1u << 4)	/* RSS_KEY, RSS_LUT */
#define SRIOVNIC_MBX_CAP_EXTRA_MAC	(1u << 5)	/* ADD/DEL_MAC */
#define SRIOVNIC_MBX_CAP_QUERY		(1u << 6)	/* GET_LINK, GET_STATS */
#define SRIOVNIC_MBX_CAPS_V1_1		(SRIOVNIC_MBX_CAPS_V1_0 | \
					 SRIOVNIC_MBX_CAP_VLAN | \
					 SRIOVNIC_MBX_CAP_RSS | \
					 SRIOVNIC_MBX_CAP_EXTRA_MAC | \
					 SRIOVNIC_MBX_CAP_QUERY)

struct sriovnic_mbx_hello {
	uint16_t major;
	uint16_t minor;
	uint32_t caps;
};

struct sriovnic_mbx_res {
	uint8_t mac[6];
	uint16_t flags;		/* SRIOVNIC_MBX_RES_* */
	uint16_t max_rxq;
	uint16_t max_txq;
	uint16_t max_mc;	/* multicast addresses the VF may add */
	uint16_t rsvd;
	uint32_t max_frame;
};

#define SRIOVNIC_MBX_RES_ADMIN_MAC	(1u << 0)	/* MAC set by PF admin */

struct sriovnic_mbx_mac {
	uint8_t mac[6];
	uint16_t rsvd;
};

struct sriovnic_mbx_rxmode {
	uint8_t promisc;
	uint8_t allmulti;
	uint16_t rsvd;
};

struct sriovnic_mbx_u32 {
	uint32_t value;
};

struct sriovnic_mbx_queues {
	uint16_t nb_rxq;
	uint16_t nb_txq;
};

struct sriovnic_mbx_vlan {
	uint16_t vid;		/* 1..4094; EV_VLAN: 0 = no port VLAN */
	uint8_t pcp;		/* EV_VLAN only */
	uint8_t rsvd;
};

struct sriovnic_mbx_rss_key {
	uint8_t key[40];
};

#define SRIOVNIC_MBX_LUT_CHUNK		48

struct sriovnic_mbx_rss_lut {
	uint16_t offset;	/* first entry, < 128 */
	uint16_t count;		/* 1..48, offset + count <= 128 */
	uint8_t queue[SRIOVNIC_MBX_LUT_CHUNK];
};

struct sriovnic_mbx_link {
	uint32_t status;	/* SRIOVNIC_LINK_* */
	uint32_t speed;		/* Mbit/s */
};

struct sriovnic_mbx_stats {
	uint64_t rx_pkts;
	uint64_t rx_bytes;
	uint64_t tx_pkts;
	uint64_t tx_bytes;
	uint64_t spoof_mac;
	uint64_t spoof_vlan;
	uint64_t rx_missed;
};

/* API 1.2: flow rules and queue shaping of the VF (datasheet 11.6, 13.10,
 * 14.9)
 */

#define SRIOVNIC_MBX_CAP_FLOW		(1u << 7)	/* FLOW_* requests */
#define SRIOVNIC_MBX_CAP_TM		(1u << 8)	/* TM_*, EV_TM_CAP */
#define SRIOVNIC_MBX_CAPS_V1_2		(SRIOVNIC_MBX_CAPS_V1_1 | \
					 SRIOVNIC_MBX_CAP_FLOW | \
					 SRIOVNIC_MBX_CAP_TM)

/* API 1.3: VLAN filtering on with an empty list (datasheet 10.3) */
#define SRIOVNIC_MBX_CAP_VLAN_FILTER	(1u << 9)	/* VLAN_FILTER */
#define SRIOVNIC_MBX_CAPS_V1_3		(SRIOVNIC_MBX_CAPS_V1_2 | \
					 SRIOVNIC_MBX_CAP_VLAN_FILTER)

/* FLOW_ADD: a rule buffer (struct sriovnic_flow_rule) sent as dwords;
 * dword i is buffer bytes 4i..4i+3, dwords never sent are 0.
 */
#define SRIOVNIC_MBX_FLOW_DWORDS	10

struct sriovnic_mbx_flow_add {
	uint32_t handle;	/* the VF's name for the rule */
	uint8_t flags;		/* SRIOVNIC_MBX_FLOW_* */
	uint8_t group;		/* with LAST */
	uint8_t priority;	/* with LAST */
	uint8_t rsvd;
	uint64_t map;		/* bit i: dword i is in data, <= 10 bits */
	uint32_t data[SRIOVNIC_MBX_FLOW_DWORDS];	/* ascending i */
};

#define SRIOVNIC_MBX_FLOW_FIRST		(1u << 0)	/* start a new rule */
#define SRIOVNIC_MBX_FLOW_LAST		(1u << 1)	/* check and install */
#define SRIOVNIC_MBX_FLOW_VALIDATE	(1u << 2)	/* with LAST: check only */

struct sriovnic_mbx_flow_handle {
	uint32_t handle;
};

struct sriovnic_mbx_flow_query {
	uint32_t handle;
	uint32_t flags;		/* SRIOVNIC_MBX_FLOW_QUERY_RESET */
};

#define SRIOVNIC_MBX_FLOW_QUERY_RESET	(1u << 0)

struct sriovnic_mbx_flow_count {
	uint64_t hits;
	uint64_t bytes;
};

struct sriovnic_mbx_flow_info {
	uint32_t quota;		/* rules the VF may have */
	uint32_t used;
	uint16_t groups;
	uint16_t priorities;
	uint8_t max_rss_queues;
	uint8_t rsvd[3];
};

/* TM_INFO reply and EV_TM_CAP: the VF's cap (its function node) */
struct sriovnic_mbx_tm_info {
	uint64_t cir;		/* bytes/s, 0 = none */
	uint64_t pir;		/* bytes/s, 0 = unlimited */
	uint8_t priorities;	/* TM_PRIOS */
	uint8_t rsvd[7];
};

struct sriovnic_mbx_tm_queue {
	uint8_t queue;
	uint8_t priority;
	uint8_t weight;
	int8_t adjust;
	uint32_t cbs;
	uint64_t cir;
	uint64_t pir;
	uint32_t pbs;
	uint32_t rsvd;
};

#define SRIOVNIC_MBX_TM_COMMIT_ABORT	(1u << 0)	/* TM_COMMIT value */

struct sriovnic_mbx_tm_state {
	uint8_t queue;
	uint8_t suspend;	/* 1 suspend, 0 resume */
	uint16_t rsvd;
};

#define SRIOVNIC_MBX_TM_NODE_FUNC	0xff	/* tm_stats_req: own function */

struct sriovnic_mbx_tm_stats_req {
	uint8_t node;		/* tx queue, or SRIOVNIC_MBX_TM_NODE_FUNC */
	uint8_t flags;		/* SRIOVNIC_MBX_TM_STATS_CLEAR */
	uint16_t rsvd;
};

#define SRIOVNIC_MBX_TM_STATS_CLEAR	(1u << 0)	/* queues only */

struct sriovnic_mbx_tm_stats {
	uint64_t pkts;
	uint64_t bytes;
	uint64_t stall_ns;
};

_Static_assert(sizeof(struct sriovnic_mbx_flow_add) == SRIOVNIC_MBX_PAYLOAD,
	       "flow_add fills a mailbox payload");
_Static_assert(sizeof(struct sriovnic_mbx_flow_handle) == 4, "flow_handle");
_Static_assert(sizeof(struct sriovnic_mbx_flow_query) == 8, "flow_query");
_Static_assert(sizeof(struct sriovnic_mbx_flow_count) == 16, "flow_count");
_Static_assert(sizeof(struct sriovnic_mbx_flow_info) == 16, "flow_info");
_Static_assert(sizeof(struct sriovnic_mbx_tm_info) == 24, "tm_info");
_Static_assert(sizeof(struct sriovnic_mbx_tm_queue) == 32, "tm_queue");
_Static_assert(sizeof(struct sriovnic_mbx_tm_state) == 4, "tm_state");
_Static_assert(sizeof(struct sriovnic_mbx_tm_stats_req) == 4,
	       "tm_stats_req");
_Static_assert(sizeof(struct sriovnic_mbx_tm_stats) == 24, "tm_stats");

#endif /* SRIOVNIC_MBX_MSG_H */
