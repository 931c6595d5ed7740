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
#define SRIOVNIC_MBX_API_MINOR		0

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
	SRIOVNIC_MBX_OP_MAX,
};

enum sriovnic_mbx_event {
	SRIOVNIC_MBX_EV_LINK = 1 | SRIOVNIC_MBX_EVENT,	/* sriovnic_mbx_u32 */
	SRIOVNIC_MBX_EV_PF_DOWN = 2 | SRIOVNIC_MBX_EVENT,	/* no payload */
	SRIOVNIC_MBX_EV_MAC = 3 | SRIOVNIC_MBX_EVENT,	/* sriovnic_mbx_mac */
};

/* Capability bits offered in HELLO; the answer is the common subset */
#define SRIOVNIC_MBX_CAP_LINK_EVENT	(1u << 0)
#define SRIOVNIC_MBX_CAP_MC		(1u << 1)
#define SRIOVNIC_MBX_CAP_RXMODE		(1u << 2)
#define SRIOVNIC_MBX_CAPS_V1_0		(SRIOVNIC_MBX_CAP_LINK_EVENT | \
					 SRIOVNIC_MBX_CAP_MC | \
					 SRIOVNIC_MBX_CAP_RXMODE)

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

#endif /* SRIOVNIC_MBX_MSG_H */
