/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Transmit checksum offload. The first descriptor of a frame asks for the
 * IPv4 header checksum (IIPCSUM) and the TCP or UDP checksum (L4T), with
 * the header lengths in MACLEN and IPLEN. Those lengths and the IP header
 * come from the driver, so each is checked against the frame before use;
 * requests that do not fit the frame leave it as it is. SCTP and IPv6
 * extension headers are not offloaded.
 */

#include <stddef.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "emu.h"

#define EMU_TXD_L4T_MASK	3
#define EMU_TXD_L4T_TCP		1
#define EMU_TXD_L4T_UDP		2
#define EMU_TXD_MACLEN_MASK	0x7f
#define EMU_TXD_IPLEN_MASK	0x1ff

/* Offset of the L4 checksum, 0 unless descriptor and IP header agree on
 * the protocol and l4_len bytes hold its header.
 */
static size_t
l4_csum_off(uint32_t l4t, uint8_t proto, uint32_t l4_len)
{
	if (l4t == EMU_TXD_L4T_TCP && proto == IPPROTO_TCP &&
	    l4_len >= sizeof(struct rte_tcp_hdr))
		return offsetof(struct rte_tcp_hdr, cksum);
	if (l4t == EMU_TXD_L4T_UDP && proto == IPPROTO_UDP &&
	    l4_len >= sizeof(struct rte_udp_hdr))
		return offsetof(struct rte_udp_hdr, dgram_cksum);
	return 0;
}

/* Headers sit at any offset in the frame */
static void
l4_csum_store(uint8_t *l4, size_t off, rte_be16_t sum)
{
	memcpy(l4 + off, &sum, sizeof(sum));
}

static void
csum_ipv4(struct rte_ipv4_hdr *ip, uint32_t room, uint32_t l3, uint64_t cmd,
	  uint32_t l4t)
{
	uint32_t tot = rte_be_to_cpu_16(ip->total_length);
	uint8_t *l4 = (uint8_t *)ip + l3;
	size_t off;

	/* the checksum routines trust IHL and total_length */
	if (rte_ipv4_hdr_len(ip) != l3 || tot < l3 || tot > room)
		return;
	if (cmd & SRIOVNIC_TXD_IIPCSUM) {
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	off = l4_csum_off(l4t, ip->next_proto_id, tot - l3);
	if (off != 0) {
		l4_csum_store(l4, off, 0);
		l4_csum_store(l4, off, rte_ipv4_udptcp_cksum(ip, l4));
	}
}

static void
csum_ipv6(struct rte_ipv6_hdr *ip, uint32_t room, uint32_t l3, uint32_t l4t)
{
	uint32_t payload = rte_be_to_cpu_16(ip->payload_len);
	uint8_t *l4 = (uint8_t *)ip + l3;
	size_t off;

	/* the checksum routine takes the whole payload as L4 */
	if (l3 != sizeof(*ip) || l3 + payload > room)
		return;
	off = l4_csum_off(l4t, ip->proto, payload);
	if (off != 0) {
		l4_csum_store(l4, off, 0);
		l4_csum_store(l4, off, rte_ipv6_udptcp_cksum(ip, l4));
	}
}

/* m is one segment, as the transmit path builds it */
void
emu_tx_csum(struct rte_mbuf *m, uint64_t cmd)
{
	uint32_t l2 = (cmd >> SRIOVNIC_TXD_MACLEN_SHIFT) & EMU_TXD_MACLEN_MASK;
	uint32_t l3 = (cmd >> SRIOVNIC_TXD_IPLEN_SHIFT) & EMU_TXD_IPLEN_MASK;
	uint32_t l4t = (cmd >> SRIOVNIC_TXD_L4T_SHIFT) & EMU_TXD_L4T_MASK;
	uint32_t len = rte_pktmbuf_data_len(m);
	uint8_t *ip;

	if (!(cmd & SRIOVNIC_TXD_IIPCSUM) && l4t != EMU_TXD_L4T_TCP &&
	    l4t != EMU_TXD_L4T_UDP)
		return;
	if (l2 < RTE_ETHER_HDR_LEN || l3 < sizeof(struct rte_ipv4_hdr) ||
	    l2 + l3 > len)
		return;
	ip = rte_pktmbuf_mtod_offset(m, uint8_t *, l2);
	if (ip[0] >> 4 == 4)
		csum_ipv4((struct rte_ipv4_hdr *)ip, len - l2, l3, cmd, l4t);
	else if (ip[0] >> 4 == 6)
		csum_ipv6((struct rte_ipv6_hdr *)ip, len - l2, l3, l4t);
}
