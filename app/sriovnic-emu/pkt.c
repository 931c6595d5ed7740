/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Header parsing for the switch (destination, VLAN), RSS (where the
 * addresses and ports are) and the rx descriptor's packet type (datasheet
 * 7.6.1). Headers are read with rte_pktmbuf_read() so that short frames
 * are handled without reading past their end.
 *
 * rte_net_get_ptype() does not do this job: it parses from the start of
 * the frame only, whereas a receiver may get the frame without its outer
 * tag; it knows no ICMP; and its extension header walk stops at four
 * headers in front of L4. The switch parses every frame anyway, so the
 * packet type comes from the same single pass.
 */

#include <string.h>

#include <rte_ip.h>
#include <rte_ip_frag.h>
#include <rte_mbuf.h>

#include "sriovnic_aq_cmd.h"
#include "sriovnic_regs.h"
#include "pkt.h"

/* IPv6 extension headers the card walks, at most (datasheet 7.6.1) */
#define EMU_IPV6_MAX_EXT	5
/* Mobile IPv6 (RFC 6275 6.3, 6.4): the Home Address option and the Type 2
 * routing header, 24 bytes with its address behind 8
 */
#define EMU_IPV6_OPT_PAD1	0
#define EMU_IPV6_OPT_HOME_ADDR	201
#define EMU_IPV6_ADDR_LEN	16
#define EMU_IPV6_RT2_TYPE	2
#define EMU_IPV6_RT2_EXT_LEN	2
#define EMU_IPV6_RT2_ADDR_OFF	8

/* The ports of a TCP or UDP header at off, for RSS */
static void
parse_ports(const struct rte_mbuf *m, uint32_t off, uint8_t proto,
	    struct emu_pkt *pkt)
{
	if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) &&
	    off + 2 * sizeof(rte_be16_t) <= rte_pktmbuf_pkt_len(m))
		pkt->ports_off = off;
}

/* The packet type's L4 field for IP protocol proto; icmp is the number
 * of ICMP in this IP version
 */
static uint8_t
ptype_l4(int proto, int icmp)
{
	switch (proto) {
	case IPPROTO_TCP:
		return SRIOVNIC_PTYPE_L4_TCP;
	case IPPROTO_UDP:
		return SRIOVNIC_PTYPE_L4_UDP;
	case IPPROTO_SCTP:
		return SRIOVNIC_PTYPE_L4_SCTP;
	default:
		return proto == icmp ? SRIOVNIC_PTYPE_L4_ICMP : 0;
	}
}

static void
set_ptype(struct emu_pkt *pkt, uint8_t l3, uint8_t l4)
{
	pkt->ptype = l3 << SRIOVNIC_PTYPE_L3_SHIFT |
		l4 << SRIOVNIC_PTYPE_L4_SHIFT;
}

/* An IPv4 header counts only as a whole (datasheet 7.6.1) */
static void
parse_ipv4(const struct rte_mbuf *m, uint32_t off, struct emu_pkt *pkt)
{
	const struct rte_ipv4_hdr *ip;
	struct rte_ipv4_hdr buf;
	uint32_t ihl, len;
	uint8_t l4;

	ip = rte_pktmbuf_read(m, off, sizeof(buf), &buf);
	if (ip == NULL || ip->version != EMU_IPV4_VERSION)
		return;
	ihl = rte_ipv4_hdr_len(ip);
	if (ihl < sizeof(buf) || ihl > rte_pktmbuf_pkt_len(m) - off)
		return;
	pkt->l3 = EMU_L3_IPV4;
	pkt->l4_proto = ip->next_proto_id;
	pkt->l4_off = off + ihl;
	len = rte_be_to_cpu_16(ip->total_length);
	if (len >= ihl && len <= rte_pktmbuf_pkt_len(m) - off)
		pkt->l4_len = len - ihl;
	/* fragments carry no or partial L4 headers: addresses only */
	if (rte_ipv4_frag_pkt_is_fragmented(ip)) {
		l4 = SRIOVNIC_PTYPE_L4_FRAG;
		pkt->ip_frag = SRIOVNIC_FKF_FRAG;
		if (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK))
			pkt->ip_frag |= SRIOVNIC_FKF_LATER;
	} else {
		l4 = ptype_l4(ip->next_proto_id, IPPROTO_ICMP);
		parse_ports(m, off + ihl, ip->next_proto_id, pkt);
	}
	set_ptype(pkt, ihl > sizeof(buf) ? SRIOVNIC_PTYPE_L3_IPV4_EXT :
		  SRIOVNIC_PTYPE_L3_IPV4, l4);
}

static bool
ipv6_ext_walked(int proto)
{
	return proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING ||
		proto == IPPROTO_DSTOPTS || proto == IPPROTO_FRAGMENT;
}

/* The offset of the address of the first Home Address option in the
 * destination options header of len bytes at off, 0 for none
 */
static uint32_t
ipv6_home_addr(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	const uint32_t end = off + len;
	const uint8_t *opt;
	uint8_t buf[2];

	/* the options behind next header and hdr ext len */
	for (off += 2; off < end; ) {
		opt = rte_pktmbuf_read(m, off, 1, buf);
		if (opt[0] == EMU_IPV6_OPT_PAD1) {
			off++;
			continue;
		}
		if (end - off < 2)
			return 0;
		opt = rte_pktmbuf_read(m, off, 2, buf);
		if (opt[1] > end - off - 2)
			return 0;
		if (opt[0] == EMU_IPV6_OPT_HOME_ADDR &&
		    opt[1] == EMU_IPV6_ADDR_LEN)
			return off + 2;
		off += 2 + opt[1];
	}
	return 0;
}

/* Where RSS_IPV6_EX finds its addresses in the extension header proto of
 * len bytes at off, which lies in the frame (datasheet 8)
 */
static void
ipv6_ex_addrs(const struct rte_mbuf *m, int proto, uint32_t off,
	      uint32_t len, struct emu_pkt *pkt)
{
	const uint8_t *rt;
	uint8_t buf[4];

	if (proto == IPPROTO_DSTOPTS && pkt->home_off == 0) {
		pkt->home_off = ipv6_home_addr(m, off, len);
	} else if (proto == IPPROTO_ROUTING && pkt->rt2_off == 0) {
		/* next header, hdr ext len, routing type, segments left */
		rt = rte_pktmbuf_read(m, off, sizeof(buf), buf);
		if (rt[1] == EMU_IPV6_RT2_EXT_LEN && rt[2] == EMU_IPV6_RT2_TYPE)
			pkt->rt2_off = off + EMU_IPV6_RT2_ADDR_OFF;
	}
}

/* A fragment header at off, in the frame: the packet type's L4 field and
 * the flow key's ip_frag
 */
static uint8_t
parse_ipv6_frag(const struct rte_mbuf *m, uint32_t off, struct emu_pkt *pkt)
{
	const struct rte_ipv6_fragment_ext *fh;
	struct rte_ipv6_fragment_ext buf;

	fh = rte_pktmbuf_read(m, off, sizeof(buf), &buf);
	pkt->ip_frag = SRIOVNIC_FKF_FRAG;
	if (RTE_IPV6_GET_FO(rte_be_to_cpu_16(fh->frag_data)) != 0)
		pkt->ip_frag |= SRIOVNIC_FKF_LATER;
	return SRIOVNIC_PTYPE_L4_FRAG;
}

/* The packet type's L4 field behind the IPv6 header whose next header is
 * proto; *off moves from the end of that header to the L4 header, and
 * *routed tells whether a routing header was on the way. Records in pkt
 * the next header value where the walk ended (l4_proto) and where
 * RSS_IPV6_EX finds its addresses.
 */
static uint8_t
parse_ipv6_ext(const struct rte_mbuf *m, int proto, uint32_t *off,
	       bool *routed, struct emu_pkt *pkt)
{
	const uint8_t *ext;
	uint8_t buf[2];
	unsigned int i;
	size_t len = 0;
	int next;

	pkt->l4_proto = proto;
	for (i = 0; i < EMU_IPV6_MAX_EXT && ipv6_ext_walked(proto); i++) {
		/* next header and length, which is all the walk reads */
		ext = rte_pktmbuf_read(m, *off, sizeof(buf), buf);
		if (ext == NULL)
			return 0;
		next = rte_ipv6_get_next_ext(ext, proto, &len);
		if (len > rte_pktmbuf_pkt_len(m) - *off)
			return 0;
		ipv6_ex_addrs(m, proto, *off, len, pkt);
		*off += len;
		pkt->l4_proto = next;
		/* L4 of a fragment is not known: it ends the walk */
		if (proto == IPPROTO_FRAGMENT)
			return parse_ipv6_frag(m, *off - len, pkt);
		*routed |= proto == IPPROTO_ROUTING;
		proto = next;
	}
	return ptype_l4(proto, IPPROTO_ICMPV6);
}

static void
parse_ipv6(const struct rte_mbuf *m, uint32_t off, struct emu_pkt *pkt)
{
	const struct rte_ipv6_hdr *ip;
	struct rte_ipv6_hdr buf;
	uint32_t l4_off = off + sizeof(buf), end;
	bool routed = false;
	uint8_t l4;

	ip = rte_pktmbuf_read(m, off, sizeof(buf), &buf);
	if (ip == NULL || emu_ip_version((const uint8_t *)ip) !=
	    EMU_IPV6_VERSION)
		return;
	pkt->l3 = EMU_L3_IPV6;
	/* RSS takes ports only from a TCP or UDP header right behind */
	parse_ports(m, l4_off, ip->proto, pkt);
	l4 = parse_ipv6_ext(m, ip->proto, &l4_off, &routed, pkt);
	pkt->l4_off = l4_off;
	end = off + sizeof(buf) + rte_be_to_cpu_16(ip->payload_len);
	/* behind a routing header the pseudo-header has the final
	 * destination, which the card does not look for: not checked
	 */
	if (!routed && end <= rte_pktmbuf_pkt_len(m) && l4_off <= end)
		pkt->l4_len = end - l4_off;
	set_ptype(pkt, ipv6_ext_walked(ip->proto) ?
		  SRIOVNIC_PTYPE_L3_IPV6_EXT : SRIOVNIC_PTYPE_L3_IPV6, l4);
}

void
emu_tag_insert(struct rte_mbuf **m, uint16_t tpid, uint16_t tci)
{
	struct rte_ether_hdr *eth;

	(*m)->vlan_tci = tci;
	rte_vlan_insert(m);
	eth = rte_pktmbuf_mtod(*m, struct rte_ether_hdr *);
	eth->ether_type = rte_cpu_to_be_16(tpid);
}

/* What the switch needs, addresses and tags. m holds at least an
 * Ethernet header. A receiver may see the frame without its outer tag, so
 * L3 is looked for behind up to two tags; RSS and the rx descriptor then
 * decide whether the frame as received qualifies.
 */
void
emu_pkt_parse(const struct rte_mbuf *m, struct emu_pkt *pkt)
{
	const struct rte_ether_hdr *eth;
	const struct rte_vlan_hdr *vlan;
	struct rte_ether_hdr eth_buf;
	struct rte_vlan_hdr vlan_buf;
	uint32_t off = sizeof(eth_buf);
	rte_be16_t type;

	memset(pkt, 0, sizeof(*pkt));
	eth = rte_pktmbuf_read(m, 0, sizeof(eth_buf), &eth_buf);
	pkt->dst = eth->dst_addr;
	pkt->src = eth->src_addr;
	type = eth->ether_type;
	/* an 802.1ad S-tag is a tag too (CAP_QINQ), outer or not */
	while (type == RTE_BE16(RTE_ETHER_TYPE_VLAN) ||
	       type == RTE_BE16(SRIOVNIC_TPID_STAG)) {
		if (pkt->tags == EMU_MAX_TAGS)
			return;
		vlan = rte_pktmbuf_read(m, off, sizeof(vlan_buf), &vlan_buf);
		if (vlan == NULL)
			return;
		pkt->tci[pkt->tags++] = rte_be_to_cpu_16(vlan->vlan_tci);
		type = vlan->eth_proto;
		off += sizeof(vlan_buf);
	}
	pkt->l3_off = off;
	pkt->l3_type = type;
}

/* What receivers need beyond emu_pkt_parse(): the packet type, the
 * checksum bits and where RSS finds its input. Once per frame that a
 * function receives; a frame for the wire only needs none of it.
 */
void
emu_pkt_parse_rx(const struct rte_mbuf *m, struct emu_pkt *pkt)
{
	if (pkt->l3_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		parse_ipv4(m, pkt->l3_off, pkt);
	else if (pkt->l3_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		parse_ipv6(m, pkt->l3_off, pkt);
	emu_pkt_csum(m, pkt);
}
