/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Header parsing for the switch (destination, VLAN) and RSS (addresses,
 * ports). Headers are read with rte_pktmbuf_read() so that short or
 * segmented frames are handled without reading past their end.
 */

#include <string.h>

#include <rte_ip.h>
#include <rte_ip_frag.h>
#include <rte_mbuf.h>

#include "emu.h"

/* Ports of a TCP or UDP header at off, in CPU order */
static void
parse_l4(const struct rte_mbuf *m, uint32_t off, uint8_t proto,
	 struct emu_pkt *pkt, uint16_t *sport, uint16_t *dport)
{
	const rte_be16_t *ports;
	rte_be16_t buf[2];

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return;
	ports = rte_pktmbuf_read(m, off, sizeof(buf), buf);
	if (ports == NULL)
		return;
	*sport = rte_be_to_cpu_16(ports[0]);
	*dport = rte_be_to_cpu_16(ports[1]);
	pkt->l4 = true;
}

static void
parse_ipv4(const struct rte_mbuf *m, uint32_t off, struct emu_pkt *pkt)
{
	const struct rte_ipv4_hdr *ip;
	struct rte_ipv4_hdr buf;
	uint32_t ihl;

	ip = rte_pktmbuf_read(m, off, sizeof(buf), &buf);
	if (ip == NULL)
		return;
	ihl = rte_ipv4_hdr_len(ip);
	if (ihl < sizeof(buf))
		return;
	pkt->l3 = EMU_L3_IPV4;
	pkt->tuple.v4.src_addr = rte_be_to_cpu_32(ip->src_addr);
	pkt->tuple.v4.dst_addr = rte_be_to_cpu_32(ip->dst_addr);
	/* fragments carry no or partial L4 headers: addresses only */
	if (!rte_ipv4_frag_pkt_is_fragmented(ip))
		parse_l4(m, off + ihl, ip->next_proto_id, pkt,
			 &pkt->tuple.v4.sport, &pkt->tuple.v4.dport);
}

/* Extension headers are not followed: such frames hash on addresses */
static void
parse_ipv6(const struct rte_mbuf *m, uint32_t off, struct emu_pkt *pkt)
{
	const struct rte_ipv6_hdr *ip;
	struct rte_ipv6_hdr buf;

	ip = rte_pktmbuf_read(m, off, sizeof(buf), &buf);
	if (ip == NULL)
		return;
	pkt->l3 = EMU_L3_IPV6;
	rte_thash_load_v6_addrs(ip, &pkt->tuple);
	parse_l4(m, off + sizeof(buf), ip->proto, pkt, &pkt->tuple.v6.sport,
		 &pkt->tuple.v6.dport);
}

/* m holds at least an Ethernet header. A receiver may see the frame
 * without its outer tag, so L3 is parsed behind up to two tags; RSS then
 * decides whether the frame as received qualifies.
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
	while (type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		if (pkt->tags == EMU_MAX_TAGS)
			return;
		vlan = rte_pktmbuf_read(m, off, sizeof(vlan_buf), &vlan_buf);
		if (vlan == NULL)
			return;
		pkt->tci[pkt->tags++] = rte_be_to_cpu_16(vlan->vlan_tci);
		type = vlan->eth_proto;
		off += sizeof(vlan_buf);
	}
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		parse_ipv4(m, off, pkt);
	else if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		parse_ipv6(m, off, pkt);
}
