/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_PKT_H
#define EMU_PKT_H

/* Frames as the card sees them: the parsed headers that every destination
 * of a frame shares (pkt.c), checksums (csum.c), TSO (tso.c) and the RSS
 * hash (rss.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

struct emu_func;

/* 802.1Q tags the switch looks at: an outer one and the one behind it */
#define EMU_MAX_TAGS		2

/* Parsed headers of a frame, shared by all its destinations */
enum emu_l3 {
	EMU_L3_OTHER,
	EMU_L3_IPV4,
	EMU_L3_IPV6,
};

struct emu_pkt {
	struct rte_ether_addr dst;
	struct rte_ether_addr src;
	uint16_t tci[EMU_MAX_TAGS];	/* outer tag first; 0 where absent */
	uint8_t tags;			/* 802.1Q/802.1ad tags before L3 */
	/* the EtherType behind the tags, 0 behind too many, and where */
	rte_be16_t l3_type;
	uint32_t l3_off;
	/* the rest by emu_pkt_parse_rx() */
	enum emu_l3 l3;			/* parsed behind the tags */
	/* RSS: TCP/UDP ports in the frame at this offset, 0 for none; the
	 * hash input is read from the frame only for receivers with RSS
	 */
	uint32_t ports_off;
	/* RSS_IPV6_EX: the Home Address option's address and the Type 2
	 * routing header's at these offsets, 0 for none (datasheet 8)
	 */
	uint32_t home_off;
	uint32_t rt2_off;
	/* What the rx descriptor reports of L3 and L4 (datasheet 7.6); a
	 * receiver that finds two tags in front of L3 gets none of it.
	 */
	uint8_t ptype;		/* L3 and L4 fields of the packet type */
	uint8_t csum;		/* RXD_L3CS..RXD_L4E, by emu_pkt_csum() */
	uint32_t l4_off;
	uint32_t l4_len;	/* as the IP header says; 0: not checked */
	uint8_t l4_proto;	/* IPv4 protocol, IPv6 last next header */
	uint8_t ip_frag;	/* SRIOVNIC_FKF_* of the flow key (13.3) */
};

/* What the first data descriptor of a tx frame and its TSO context
 * descriptor ask for (datasheet 7.3, 7.7, 7.8)
 */
struct emu_tx_offload {
	uint16_t maclen;
	uint16_t iplen;
	uint8_t l4t;		/* L4T: SRIOVNIC_PTYPE_L4_* numbers, 0 none */
	bool iipcsum;
	bool ipv6;		/* the L3 header's version, once checked */
	bool il2tag;
	uint16_t tci;		/* to insert with il2tag */
	bool il2tag2;		/* context: an outer S-tag in front of it */
	uint16_t tci2;		/* to insert with il2tag2 */
	uint16_t mss;		/* TSO: payload bytes per segment; else 0 */
	uint16_t l4len;		/* TSO: TCP header bytes */
};

/* What the card removes from a frame it delivers (datasheet 10.5 step 7) */
enum emu_untag {
	EMU_UNTAG_NONE,
	EMU_UNTAG_STRIP,	/* the outer tag, reported in the descriptor */
	EMU_UNTAG_PORT,		/* the port VLAN tag, never reported */
	EMU_UNTAG_QINQ,		/* both tags, reported (FCTRL_QINQ_STRIP) */
};

/* Frames in the model are single mbufs (wire.c linearizes what arrives),
 * so headers and payload are used in place: bytes [off, off + len) of m,
 * NULL when they are not all in it.
 */
static inline const uint8_t *
emu_frame_data(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	if (off > rte_pktmbuf_data_len(m) ||
	    len > rte_pktmbuf_data_len(m) - off)
		return NULL;
	return rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
}

/* The version of the IPv4 or IPv6 header at l3: its first nibble */
static inline unsigned int
emu_ip_version(const uint8_t *l3)
{
	return *l3 >> 4;
}

#define EMU_IPV4_VERSION	4
#define EMU_IPV6_VERSION	6

/* pkt.c */
/* Inserts a tag (tpid, tci) behind the MAC addresses of *m, a fresh
 * single-segment mbuf with headroom, so that it cannot fail.
 */
void emu_tag_insert(struct rte_mbuf **m, uint16_t tpid, uint16_t tci);
void emu_pkt_parse(const struct rte_mbuf *m, struct emu_pkt *pkt);
void emu_pkt_parse_rx(const struct rte_mbuf *m, struct emu_pkt *pkt);

/* csum.c */
void emu_pkt_csum(const struct rte_mbuf *m, struct emu_pkt *pkt);
bool emu_csum_tx_check(const uint8_t *frame, uint32_t len,
		       struct emu_tx_offload *o);
void emu_csum_tx(uint8_t *frame, uint32_t len, const struct emu_tx_offload *o);

/* tso.c */
unsigned int emu_tso_nb_segs(uint32_t len, const struct emu_tx_offload *o);
void emu_tso_segment(const uint8_t *frame, uint32_t len,
		     const struct emu_tx_offload *o, struct rte_mbuf **segs,
		     unsigned int nb);

/* rss.c */
void emu_rss_key_be(const struct emu_func *f, uint32_t *key);
unsigned int emu_rss_queue(const struct emu_func *f, const struct rte_mbuf *m,
			   const struct emu_pkt *pkt, unsigned int untag,
			   uint32_t *hash, uint16_t *status);

#endif /* EMU_PKT_H */
