/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_REGS_H
#define SRIOVNIC_REGS_H

/*
 * The card's programming interface, as specified in doc/datasheet.md.
 * Driver and device model are both written from this file. Every register
 * has exactly one writer (driver or device) so no read-modify-write races
 * exist between the two; "D" marks driver-written, "H" hardware-written.
 */

#include <stdint.h>

#define SRIOVNIC_VENDOR_ID		0x1d5e
#define SRIOVNIC_DEV_ID_PF		0x5e01
#define SRIOVNIC_DEV_ID_VF		0x5e11

#define SRIOVNIC_BAR0_SIZE		0x10000
#define SRIOVNIC_MAX_VFS		64
#define SRIOVNIC_MAX_FUNCS		(SRIOVNIC_MAX_VFS + 1)
#define SRIOVNIC_FUNC_PF		0	/* function id of the PF */
#define SRIOVNIC_FUNC_VF(n)		((n) + 1)
#define SRIOVNIC_MAX_QUEUES		16
#define SRIOVNIC_HW_VERSION		0x00010007	/* 1.7 */

/* Identification and control (PF and VF) */
#define SRIOVNIC_ID			0x0000	/* H: device id << 16 | vendor */
#define SRIOVNIC_VERSION		0x0004	/* H: major << 16 | minor */
#define SRIOVNIC_CAPS			0x0008	/* H: SRIOVNIC_CAP_* */
#define SRIOVNIC_QUEUES			0x000c	/* H: [15:0] rxq, [31:16] txq */
#define SRIOVNIC_FUNC_ID		0x0010	/* H: 0 = PF, 1 + n = VF n */
#define SRIOVNIC_NUM_VFS		0x0014	/* H: PF only */
#define SRIOVNIC_RESET_REQ		0x0020	/* D: increment to reset */
#define SRIOVNIC_RESET_DONE		0x0024	/* H: = RESET_REQ when done */
#define SRIOVNIC_DRV_STATUS		0x0028	/* D: SRIOVNIC_DRV_* */
#define SRIOVNIC_PORT_CTRL		0x002c	/* D: PF only, SRIOVNIC_PORTCTRL_*, rev 1.3 */
#define SRIOVNIC_LINK_STATUS		0x0030	/* H: SRIOVNIC_LINK_* */
#define SRIOVNIC_LINK_SPEED		0x0034	/* H: Mbit/s */
#define SRIOVNIC_MAX_FRAME		0x0038	/* D: bytes, 0 = 1522 */
#define SRIOVNIC_FUNC_CTRL		0x003c	/* D: SRIOVNIC_FCTRL_*, rev 1.2 */
#define SRIOVNIC_PERM_ADDR_LO		0x0040	/* H: PF MAC bytes 0-3 */
#define SRIOVNIC_PERM_ADDR_HI		0x0044	/* H: PF MAC bytes 4-5 */
#define SRIOVNIC_PF_STATE		0x0048	/* H: VF only, SRIOVNIC_PFST_* */
#define SRIOVNIC_VF_STATE		0x004c	/* H: VF only, SRIOVNIC_VFST_* */
#define SRIOVNIC_INT_ENABLE		0x0090	/* D: bit per vector */

#define SRIOVNIC_CAP_MBX		(1u << 0)
#define SRIOVNIC_CAP_RSS		(1u << 1)
#define SRIOVNIC_CAP_SCATTER		(1u << 2)
/* revision 1.2: offloads */
#define SRIOVNIC_CAP_CSUM		(1u << 3)	/* rx check, tx insert */
#define SRIOVNIC_CAP_PTYPE		(1u << 4)	/* rx packet type */
#define SRIOVNIC_CAP_TSO		(1u << 5)	/* TCP segmentation */
#define SRIOVNIC_CAP_LOOPBACK		(1u << 6)	/* FUNC_CTRL.LOOPBACK */
#define SRIOVNIC_CAP_FLOW		(1u << 7)	/* rev 1.3: flow engine, rx mark */
#define SRIOVNIC_CAP_SCHED		(1u << 8)	/* rev 1.3: tx scheduler */
#define SRIOVNIC_CAP_METER		(1u << 9)	/* rev 1.3, optional: meters */
#define SRIOVNIC_CAP_RSS_IPV6_EX	(1u << 10)	/* rev 1.3: RSS_IPV6_EX */
#define SRIOVNIC_CAP_QINQ		(1u << 11)	/* rev 1.4: 802.1ad S-tags */
#define SRIOVNIC_CAP_KEEP_CRC		(1u << 12)	/* rev 1.4: QCTRL_KEEP_CRC */
#define SRIOVNIC_CAP_FLOW_FRAG		(1u << 13)	/* rev 1.4: flow key ip_frag */
#define SRIOVNIC_CAP_SWITCHDEV		(1u << 14)	/* rev 1.5: SWCTRL_SWITCHDEV */
#define SRIOVNIC_CAP_VF_STATE		(1u << 15)	/* rev 1.6: VF state commands */
#define SRIOVNIC_CAP_VF_PRESENT		(1u << 16)	/* rev 1.7: VF_PRESENT_LO/HI */

/* The S-tag's TPID (802.1ad), a VLAN tag to a card with CAP_QINQ, and
 * the 802.1Q tag's
 */
#define SRIOVNIC_TPID_STAG		0x88a8
#define SRIOVNIC_TPID_CTAG		0x8100

/* The function's own transmissions come back to its own rx queues,
 * bypassing the switch (RSS applies); nothing reaches the wire.
 */
#define SRIOVNIC_FCTRL_LOOPBACK		(1u << 0)
/* rev 1.4 (CAP_QINQ): both tags of a double-tagged frame are removed and
 * reported, the outer one in a 32-byte write-back (QCTRL_DESC32)
 */
#define SRIOVNIC_FCTRL_QINQ_STRIP	(1u << 1)

#define SRIOVNIC_DRV_LOADED		(1u << 0)

/* What a VF sees of its PF: changes raise the VF's misc vector */
#define SRIOVNIC_PFST_READY		(1u << 0)	/* PF DRV_LOADED */
#define SRIOVNIC_PFST_RESETS_SHIFT	16		/* [31:16] PF resets */
#define SRIOVNIC_VFST_REMOVE_REQ	(1u << 0)	/* release: removal comes */

#define SRIOVNIC_LINK_UP		(1u << 0)
#define SRIOVNIC_LINK_FULL_DUPLEX	(1u << 1)

/* The port off the wire: its link reads down, and that of VFs following it */
#define SRIOVNIC_PORTCTRL_DOWN		(1u << 0)

/* MAX_FRAME counts a frame as on the wire, with its FCS and one 802.1Q
 * tag; an untagged frame does not get the tag's room (datasheet 7.9).
 */
#define SRIOVNIC_MIN_FRAME		64
#define SRIOVNIC_MAX_FRAME_LIMIT	9728
#define SRIOVNIC_DEFAULT_FRAME		1522
#define SRIOVNIC_FCS_LEN		4
/* what MAX_FRAME counts besides the IP packet: MAC header, tag, FCS */
#define SRIOVNIC_FRAME_OVERHEAD		(14 + 4 + SRIOVNIC_FCS_LEN)

/* Interrupt vectors: eventfds handed over at attach, one per vector */
#define SRIOVNIC_VEC_MISC		0	/* link, PF state, VF resets */
#define SRIOVNIC_VEC_MBX		1	/* mailbox message or ack */
#define SRIOVNIC_NUM_VECS		2

/* Mailbox, VF side: one outgoing and one incoming 64-byte buffer */
#define SRIOVNIC_MBX_LEN		64
#define SRIOVNIC_VF_MBX_TX_DATA		0x0400	/* D: request/ack to PF */
#define SRIOVNIC_VF_MBX_TX_SEQ		0x0440	/* D: bump to send */
#define SRIOVNIC_VF_MBX_TX_ACK		0x0444	/* H: PF consumed up to seq */
#define SRIOVNIC_VF_MBX_RX_DATA		0x0480	/* H: reply/event from PF */
#define SRIOVNIC_VF_MBX_RX_SEQ		0x04c0	/* H: bumped on delivery */
#define SRIOVNIC_VF_MBX_RX_ACK		0x04c4	/* D: VF consumed up to seq */

/* Mailbox, PF side: one window per VF, the mirror image of the VF side */
#define SRIOVNIC_PF_MBX(vf)		(0x4000 + (vf) * 0x100)
#define SRIOVNIC_PF_MBX_RX_DATA		0x00	/* H: message from VF */
#define SRIOVNIC_PF_MBX_RX_SEQ		0x40	/* H */
#define SRIOVNIC_PF_MBX_RX_ACK		0x44	/* D */
#define SRIOVNIC_PF_MBX_TX_DATA		0x80	/* D: message to VF */
#define SRIOVNIC_PF_MBX_TX_SEQ		0xc0	/* D */
#define SRIOVNIC_PF_MBX_TX_ACK		0xc4	/* H: VF consumed up to seq */

/* Queues: register block per queue */
#define SRIOVNIC_Q_STRIDE		0x40
#define SRIOVNIC_RXQ(q)			(0x1000 + (q) * SRIOVNIC_Q_STRIDE)
#define SRIOVNIC_TXQ(q)			(0x1400 + (q) * SRIOVNIC_Q_STRIDE)
#define SRIOVNIC_Q_BASE_LO		0x00	/* D: ring IOVA, 128-byte aligned */
#define SRIOVNIC_Q_BASE_HI		0x04	/* D */
#define SRIOVNIC_Q_LEN			0x08	/* D: descriptors, 2^n, 32..4096 */
#define SRIOVNIC_Q_BUF_LEN		0x0c	/* D: rx buffer bytes, 256..16384 */
#define SRIOVNIC_Q_CTRL			0x10	/* D: SRIOVNIC_QCTRL_* */
#define SRIOVNIC_Q_STATUS		0x14	/* H: SRIOVNIC_QSTAT_* */
#define SRIOVNIC_Q_TAIL			0x18	/* D: doorbell */
#define SRIOVNIC_Q_HEAD			0x1c	/* H: next descriptor the card uses */

#define SRIOVNIC_QCTRL_ENABLE		(1u << 0)
#define SRIOVNIC_QCTRL_SCATTER		(1u << 1)	/* rx: chain buffers */
#define SRIOVNIC_QCTRL_DESC32		(1u << 2)	/* rx, rev 1.4: 32-byte */
#define SRIOVNIC_QCTRL_KEEP_CRC		(1u << 3)	/* rx, rev 1.4: FCS after the frame */

#define SRIOVNIC_QSTAT_ENABLED		(1u << 0)
#define SRIOVNIC_QSTAT_ERROR		(1u << 1)	/* bad ring config */

#define SRIOVNIC_RING_ALIGN		128
#define SRIOVNIC_RING_MIN		32
#define SRIOVNIC_RING_MAX		4096
#define SRIOVNIC_BUF_MIN		256
#define SRIOVNIC_BUF_MAX		16384

/* RSS (per function) */
#define SRIOVNIC_RSS_KEY(i)		(0x1800 + (i) * 4)	/* D: 40 bytes */
#define SRIOVNIC_RSS_KEY_LEN		40
#define SRIOVNIC_RSS_CTRL		0x1840	/* D: SRIOVNIC_RSS_* */
#define SRIOVNIC_RSS_RETA		0x1900	/* D: one byte per entry */
#define SRIOVNIC_RSS_RETA_SIZE		128

/* Microsoft's Toeplitz verification key: the key a driver loads when the
 * application gives none, as most NICs do, and the one the RSS
 * specification's test hashes are computed with
 */
static const uint8_t sriovnic_rss_key_default[SRIOVNIC_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

#define SRIOVNIC_RSS_ENABLE		(1u << 0)
#define SRIOVNIC_RSS_IPV4		(1u << 1)	/* addresses */
#define SRIOVNIC_RSS_IPV4_L4		(1u << 2)	/* + TCP/UDP ports */
#define SRIOVNIC_RSS_IPV6		(1u << 3)
#define SRIOVNIC_RSS_IPV6_L4		(1u << 4)
/* rev 1.3: IPv6 addresses from the Home Address option and the Type 2
 * routing header where present
 */
#define SRIOVNIC_RSS_IPV6_EX		(1u << 5)

/* Statistics: 64-bit, H, monotonic; cleared only by function reset */
#define SRIOVNIC_STATS			0x2000
#define SRIOVNIC_ST_RX_PKTS		0x2000
#define SRIOVNIC_ST_RX_BYTES		0x2008
#define SRIOVNIC_ST_TX_PKTS		0x2010
#define SRIOVNIC_ST_TX_BYTES		0x2018
#define SRIOVNIC_ST_RX_MISSED		0x2020	/* no rx descriptor */
#define SRIOVNIC_ST_RX_ERRORS		0x2028	/* oversize, bad length */
#define SRIOVNIC_ST_TX_ERRORS		0x2030	/* bad tx descriptor */
#define SRIOVNIC_ST_DMA_FAULTS		0x2038	/* IOMMU refused an address */
#define SRIOVNIC_ST_RX_BCAST		0x2040
#define SRIOVNIC_ST_RX_MCAST		0x2048
#define SRIOVNIC_ST_TX_DROPS		0x2050	/* switch had no destination */
#define SRIOVNIC_ST_RX_FLOW_DROPS	0x2058	/* rev 1.3: ingress rule, policer */
#define SRIOVNIC_ST_RX_OVERSIZE		0x2060	/* rev 1.3: of RX_ERRORS, MAX_FRAME */
#define SRIOVNIC_ST_RXQ(q)		(0x2100 + (q) * 0x20)
#define SRIOVNIC_ST_TXQ(q)		(0x2300 + (q) * 0x20)
#define SRIOVNIC_STQ_PKTS		0x00
#define SRIOVNIC_STQ_BYTES		0x08
#define SRIOVNIC_STQ_DROPS		0x10	/* rx: missed, tx: errors */

/* Embedded switch, PF BAR only */
#define SRIOVNIC_SW_GEN			0x8000	/* D: bump after table edits */
#define SRIOVNIC_SW_CTRL		0x8004	/* D: SRIOVNIC_SWCTRL_*, rev 1.3 */
#define SRIOVNIC_SW_FUNC_CFG(f)		(0x8100 + (f) * 4)	/* D */
#define SRIOVNIC_SW_MAC(i)		(0x9000 + (i) * 16)	/* D */
#define SRIOVNIC_SW_MAC_ENTRIES		512

#define SRIOVNIC_SW_FUNC_VLAN(f)	(0x8300 + (f) * 4)	/* D: port VLAN */
#define SRIOVNIC_SW_VFLR(vf)		(0x8500 + (vf) * 4)	/* H: VF resets */
/* CAP_VF_PRESENT: bit per VF plugged in, VFs 0-31 in LO, 32-63 in HI;
 * each change raises the PF's misc vector
 */
#define SRIOVNIC_VF_PRESENT_LO		0x8600	/* H */
#define SRIOVNIC_VF_PRESENT_HI		0x8604	/* H */

/* VEPA: frames from functions go to the wire, never to other functions;
 * clear, the switch is a VEB
 */
#define SRIOVNIC_SWCTRL_VEPA		(1u << 0)
/* Switchdev (CAP_SWITCHDEV): unless a switch rule decides, a VF's frames
 * go to its representor queue only, the wire's to the PF only, the PF's
 * to the wire only; VEPA has no effect
 */
#define SRIOVNIC_SWCTRL_SWITCHDEV	(1u << 1)

#define SRIOVNIC_FCFG_RX_ENABLE		(1u << 0)
#define SRIOVNIC_FCFG_PROMISC		(1u << 1)
#define SRIOVNIC_FCFG_ALLMULTI		(1u << 2)
#define SRIOVNIC_FCFG_BCAST		(1u << 3)
#define SRIOVNIC_FCFG_SPOOF_MAC		(1u << 4)	/* drop foreign src MAC */
#define SRIOVNIC_FCFG_SPOOF_VLAN	(1u << 5)	/* drop unlisted VLAN */
#define SRIOVNIC_FCFG_VLAN_STRIP	(1u << 6)	/* strip outer tag on rx */
#define SRIOVNIC_FCFG_LINK_SHIFT	8		/* SRIOVNIC_FLINK_* */
#define SRIOVNIC_FCFG_LINK_MASK		(3u << SRIOVNIC_FCFG_LINK_SHIFT)
#define SRIOVNIC_FCFG_SLOW_PATH		(1u << 10)	/* unclaimed -> rep */

#define SRIOVNIC_FLINK_AUTO		0	/* follow the port */
#define SRIOVNIC_FLINK_UP		1
#define SRIOVNIC_FLINK_DOWN		2

/* Port VLAN: the card tags what the function sends and untags what it
 * receives; the function only ever sees untagged frames of that VLAN.
 */
#define SRIOVNIC_FVLAN_VID_MASK		0x0fffu
#define SRIOVNIC_FVLAN_PCP_SHIFT	13
#define SRIOVNIC_FVLAN_ENABLE		(1u << 16)
#define SRIOVNIC_FVLAN_STAG		(1u << 17)	/* rev 1.4: TPID 0x88a8 */

/* Per-VF counters the PF sees (H, 64-bit, monotonic) */
#define SRIOVNIC_PF_VFST(vf)		(0xb000 + (vf) * 0x40)
#define SRIOVNIC_VFST_RX_PKTS		0x00
#define SRIOVNIC_VFST_RX_BYTES		0x08
#define SRIOVNIC_VFST_TX_PKTS		0x10
#define SRIOVNIC_VFST_TX_BYTES		0x18
#define SRIOVNIC_VFST_SPOOF_MAC		0x20	/* dropped: source MAC */
#define SRIOVNIC_VFST_SPOOF_VLAN	0x28	/* dropped: VLAN */
#define SRIOVNIC_VFST_RX_MISSED		0x30
#define SRIOVNIC_VFST_TX_DROPS		0x38	/* switch: no destination */

/* VF representor queues on the PF: what the switch sends to VF n's
 * representor (SLOW_PATH) arrives on REP_RXQ(n); REP_TXQ(n) delivers to VF n.
 */
#define SRIOVNIC_REP_RXQ(vf)		(0xc000 + (vf) * 0x80)
#define SRIOVNIC_REP_TXQ(vf)		(0xc040 + (vf) * 0x80)

/* MAC table entry: word 0 MAC bytes 0-3; word 1 MAC bytes 4-5, VLAN;
 * word 2 destination function and valid bit; word 3 reserved.
 */
#define SRIOVNIC_SWMAC_VID_SHIFT	16
#define SRIOVNIC_SWMAC_VID_MASK		0x0fff0000u
#define SRIOVNIC_SWMAC_VID_ANY		(1u << 28)
#define SRIOVNIC_SWMAC_FUNC_MASK	0x000000ffu
#define SRIOVNIC_SWMAC_VALID		(1u << 31)

/* Rx descriptor, 16 bytes. Read format: the driver posts a buffer. */
struct sriovnic_rx_desc_read {
	uint64_t buf_addr;
	uint64_t rsvd;		/* must be 0: holds DD in write-back */
};

/* Rx write-back format: the card reports a received (segment of a) frame */
struct sriovnic_rx_desc_wb {
	uint32_t rss_hash;
	uint16_t vlan_tci;
	uint16_t mark_lo;	/* rev 1.3: mark [15:0], valid if RXDX_MARK */
	uint16_t status;	/* SRIOVNIC_RXD_* */
	uint16_t status_ext;	/* rev 1.3: SRIOVNIC_RXDX_* */
	uint16_t pkt_len;	/* bytes in this buffer */
	uint16_t mark_hi;	/* rev 1.3: mark [31:16], valid if RXDX_MARK */
};

union sriovnic_rx_desc {
	struct sriovnic_rx_desc_read read;
	struct sriovnic_rx_desc_wb wb;
	uint64_t qw[2];
};

/* Revision 1.3 (CAP_FLOW): the 32-bit mark is split over the halfwords
 * 1.0 reserved, so that rss_hash stays valid next to a mark
 */
#define SRIOVNIC_RXD_MARK_LO_SHIFT	48	/* qw0 [63:48] */
#define SRIOVNIC_RXD_STATUS_EXT_SHIFT	16	/* qw1 [31:16] */
#define SRIOVNIC_RXD_MARK_HI_SHIFT	48	/* qw1 [63:48] */
#define SRIOVNIC_RXD_MARK(lo, hi)	((uint32_t)(hi) << 16 | (uint16_t)(lo))
#define SRIOVNIC_RXDX_MARK		(1u << 0)	/* mark valid: FDIR_ID */
#define SRIOVNIC_RXDX_FLAG		(1u << 1)	/* FLAG action: FDIR */

/* Second half of a 32-byte rx descriptor (QCTRL_DESC32, rev 1.4): the read
 * format's is 0, the write-back's below; the first half is as above.
 */
struct sriovnic_rx_desc_hi {
	uint16_t vlan_tci_outer;	/* valid if RXDH_L2TAG2 */
	uint16_t status_hi;		/* SRIOVNIC_RXDH_* */
	uint32_t rsvd0;
	uint64_t rsvd1;
};

#define SRIOVNIC_RXDH_L2TAG2		(1u << 0)	/* vlan_tci_outer valid */

#define SRIOVNIC_RXD_DD			(1u << 0)	/* descriptor done */
#define SRIOVNIC_RXD_EOP		(1u << 1)	/* last buffer of frame */
#define SRIOVNIC_RXD_L2TAG		(1u << 2)	/* vlan_tci valid */
#define SRIOVNIC_RXD_RSS		(1u << 3)	/* rss_hash valid */
#define SRIOVNIC_RXD_L3CS		(1u << 4)	/* IPv4 csum checked */
#define SRIOVNIC_RXD_L4CS		(1u << 5)	/* L4 csum checked */
#define SRIOVNIC_RXD_IPE		(1u << 6)	/* IPv4 csum bad */
#define SRIOVNIC_RXD_L4E		(1u << 7)	/* L4 csum bad */
#define SRIOVNIC_RXD_PTYPE_SHIFT	8		/* [15:8] packet type */

/* Packet type, rev 1.2: L2 [1:0], L3 [4:2], L4 [7:5] */
#define SRIOVNIC_PTYPE_L2_ETHER		1
#define SRIOVNIC_PTYPE_L2_VLAN		2	/* tag still in the buffer */
#define SRIOVNIC_PTYPE_L3_SHIFT		2
#define SRIOVNIC_PTYPE_L3_IPV4		1
#define SRIOVNIC_PTYPE_L3_IPV4_EXT	2	/* with options */
#define SRIOVNIC_PTYPE_L3_IPV6		3
#define SRIOVNIC_PTYPE_L3_IPV6_EXT	4	/* with extension headers */
#define SRIOVNIC_PTYPE_L4_SHIFT		5
#define SRIOVNIC_PTYPE_L4_TCP		1
#define SRIOVNIC_PTYPE_L4_UDP		2
#define SRIOVNIC_PTYPE_L4_SCTP		3
#define SRIOVNIC_PTYPE_L4_ICMP		4
#define SRIOVNIC_PTYPE_L4_FRAG		5

/* Tx descriptor, 16 bytes */
struct sriovnic_tx_desc {
	uint64_t buf_addr;
	uint64_t cmd;		/* SRIOVNIC_TXD_* fields */
};

#define SRIOVNIC_TXD_DTYPE_MASK		0xfull
#define SRIOVNIC_TXD_DTYPE_DATA		0x0ull
#define SRIOVNIC_TXD_DTYPE_DONE		0xfull	/* written back on RS */
#define SRIOVNIC_TXD_DTYPE_CTX		0x1ull	/* rev 1.2: TSO context */
#define SRIOVNIC_TXD_EOP		(1ull << 4)
#define SRIOVNIC_TXD_RS			(1ull << 5)
#define SRIOVNIC_TXD_IL2TAG		(1ull << 6)	/* insert vlan_tag */
#define SRIOVNIC_TXD_IIPCSUM		(1ull << 7)
#define SRIOVNIC_TXD_L4T_SHIFT		8		/* 1 TCP 2 UDP 3 SCTP */
#define SRIOVNIC_TXD_LEN_SHIFT		16		/* [31:16] buffer bytes */
#define SRIOVNIC_TXD_LEN_MASK		(0xffffull << SRIOVNIC_TXD_LEN_SHIFT)
#define SRIOVNIC_TXD_VLAN_SHIFT		32		/* [47:32] tag to insert */
#define SRIOVNIC_TXD_MACLEN_SHIFT	48		/* [54:48] L2 bytes */
#define SRIOVNIC_TXD_IPLEN_SHIFT	55		/* [63:55] L3 bytes */

/* TSO context descriptor (DTYPE CTX), rev 1.2: precedes the data
 * descriptors of one TCP frame the card cuts into MSS-sized segments.
 * qw0: [13:0] MSS, [23:16] TCP header bytes; qw1: DTYPE, RS as data.
 */
#define SRIOVNIC_TXC_MSS_MASK		0x3fffull
#define SRIOVNIC_TXC_L4LEN_SHIFT	16
/* rev 1.4 (CAP_QINQ): qw0 [39:24] an outer tag's TCI, inserted (TPID
 * 0x88a8) in front of the IL2TAG one with qw1 IL2TAG2; MSS and L4LEN 0
 * then mean no segmentation.
 */
#define SRIOVNIC_TXC_VLAN2_SHIFT	24
#define SRIOVNIC_TXC_IL2TAG2		(1ull << 6)
#define SRIOVNIC_TSO_MSS_MIN		256
#define SRIOVNIC_TSO_MSS_MAX		9600
#define SRIOVNIC_TSO_MAX_LEN		65535	/* headers + payload */

#endif /* SRIOVNIC_REGS_H */
