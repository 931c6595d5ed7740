/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Checksums: rx validation of IPv4 headers and TCP, UDP and SCTP segments
 * (datasheet 7.6.2), tx insertion (7.7). The Internet checksum is summed
 * here 64 bits at a time; SCTP's CRC32c goes through rte_hash_crc(), which
 * is the Castagnoli CRC (with the CPU's CRC32C instructions where it has
 * them).
 *
 * DPDK's TCP/UDP checksum functions do not fit: they sum 16 bits at a
 * time, which for every frame the card receives or fills in is four times
 * the work; they take the pseudo-header's protocol and length from the IP
 * header, whereas the card uses the IP header's on rx but L4T's and the
 * frame's on tx; and they cannot skip IPv6 extension headers.
 */

#include <string.h>

#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_sctp.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "sriovnic_regs.h"
#include "pkt.h"

/* The L4 header a checksum is looked for in, by SRIOVNIC_PTYPE_L4_*,
 * which numbers TCP, UDP and SCTP as the tx descriptor's L4T does
 */
static const uint8_t l4_hdr_len[] = {
	[SRIOVNIC_PTYPE_L4_TCP] = sizeof(struct rte_tcp_hdr),
	[SRIOVNIC_PTYPE_L4_UDP] = sizeof(struct rte_udp_hdr),
	[SRIOVNIC_PTYPE_L4_SCTP] = sizeof(struct rte_sctp_hdr),
};

static const uint8_t l4_proto[] = {
	[SRIOVNIC_PTYPE_L4_TCP] = IPPROTO_TCP,
	[SRIOVNIC_PTYPE_L4_UDP] = IPPROTO_UDP,
	[SRIOVNIC_PTYPE_L4_SCTP] = IPPROTO_SCTP,
};

/* sum + v with the carry added back in: one's complement addition */
static uint64_t
csum_acc(uint64_t sum, uint64_t v)
{
	sum += v;
	return sum + (sum < v);
}

/* The one's complement sum (RFC 1071) of the len bytes at buf added to
 * sum, 64 bits at a time: a sum of 16-bit words in any wider word size,
 * in either byte order, folds to the same 16 bits. Two sums of alternate
 * words halve the chain of carries.
 */
static uint64_t
csum_add(const void *buf, uint32_t len, uint64_t sum)
{
	const uint8_t *p = buf;
	uint64_t v, v2, sum2 = 0;
	uint32_t w;
	uint16_t h;

	for (; len >= 2 * sizeof(v); len -= 2 * sizeof(v),
	     p += 2 * sizeof(v)) {
		memcpy(&v, p, sizeof(v));
		memcpy(&v2, p + sizeof(v), sizeof(v2));
		sum = csum_acc(sum, v);
		sum2 = csum_acc(sum2, v2);
	}
	sum = csum_acc(sum, sum2);
	if (len >= sizeof(v)) {
		memcpy(&v, p, sizeof(v));
		sum = csum_acc(sum, v);
		len -= sizeof(v);
		p += sizeof(v);
	}
	if (len & sizeof(w)) {
		memcpy(&w, p, sizeof(w));
		sum = csum_acc(sum, w);
		p += sizeof(w);
	}
	if (len & sizeof(h)) {
		memcpy(&h, p, sizeof(h));
		sum = csum_acc(sum, h);
		p += sizeof(h);
	}
	/* an odd last byte is the first of a 16-bit word padded with 0 */
	if (len & 1) {
		h = 0;
		memcpy(&h, p, 1);
		sum = csum_acc(sum, h);
	}
	return sum;
}

/* The 16-bit one's complement sum, in the byte order of the data */
static uint16_t
csum_fold(uint64_t sum)
{
	sum = (sum & UINT32_MAX) + (sum >> 32);
	sum = (sum & UINT32_MAX) + (sum >> 32);
	sum = (sum & UINT16_MAX) + (sum >> 16);
	return (sum & UINT16_MAX) + (sum >> 16);
}

/* The sum of the TCP/UDP pseudo-header: the addresses of the IPv4 or IPv6
 * header at l3, the protocol that l4t names and the L4 length l4_len,
 * the last two as the header holds them: big endian, 16 or 32 bits
 */
static uint64_t
csum_phdr(const uint8_t *l3, bool v6, unsigned int l4t, uint32_t l4_len)
{
	const struct rte_ipv4_hdr *ip4 = (const struct rte_ipv4_hdr *)l3;
	const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)l3;
	uint64_t sum;

	/* source and destination are adjacent in both */
	if (v6) {
		sum = csum_add(ip6->src_addr, 2 * sizeof(ip6->src_addr), 0);
		sum = csum_acc(sum, rte_cpu_to_be_32(l4_len));
		return csum_acc(sum, rte_cpu_to_be_32(l4_proto[l4t]));
	}
	sum = csum_add(&ip4->src_addr, 2 * sizeof(ip4->src_addr), 0);
	sum = csum_acc(sum, rte_cpu_to_be_16(l4_len));
	return csum_acc(sum, rte_cpu_to_be_16(l4_proto[l4t]));
}

/* Whether the IPv4 header's checksum is right: the header sums to ~0 */
static bool
csum_ipv4_ok(const uint8_t *l3, uint32_t ihl)
{
	return csum_fold(csum_add(l3, ihl, 0)) == UINT16_MAX;
}

/* The checksum field's value for the TCP or UDP segment l4 of len bytes,
 * whose own field is 0. UDP sends a checksum of 0 as ~0, the same in one's
 * complement, since its 0 means none (RFC 768).
 */
static uint16_t
csum_udptcp(const uint8_t *l3, bool v6, unsigned int l4t, const uint8_t *l4,
	    uint32_t len)
{
	uint16_t cksum = ~csum_fold(csum_add(l4, len,
					     csum_phdr(l3, v6, l4t, len)));

	return cksum == 0 && l4t == SRIOVNIC_PTYPE_L4_UDP ? UINT16_MAX : cksum;
}

static bool
csum_udptcp_ok(const uint8_t *l3, bool v6, unsigned int l4t,
	       const uint8_t *l4, uint32_t len)
{
	return csum_fold(csum_add(l4, len, csum_phdr(l3, v6, l4t, len))) ==
		UINT16_MAX;
}

/* The CRC32c of the SCTP packet l4 of len bytes with its checksum field
 * taken as 0 (RFC 9260 appendix A), as that field holds it: least
 * significant byte first
 */
static rte_be32_t
csum_sctp(const uint8_t *l4, uint32_t len)
{
	static const uint32_t zero;
	const uint32_t field = offsetof(struct rte_sctp_hdr, cksum);
	const uint32_t rest = field + sizeof(zero);
	uint32_t crc;

	crc = rte_hash_crc(l4, field, UINT32_MAX);
	crc = rte_hash_crc(&zero, sizeof(zero), crc);
	crc = rte_hash_crc(l4 + rest, len - rest, crc);
	return (rte_be32_t)rte_cpu_to_le_32(~crc);
}

/* Sets pkt->csum for the frame m that pkt describes. Called once per
 * frame, before it is delivered to any function.
 */
void
emu_pkt_csum(const struct rte_mbuf *m, struct emu_pkt *pkt)
{
	unsigned int l4t = pkt->ptype >> SRIOVNIC_PTYPE_L4_SHIFT;
	bool v6 = pkt->l3 == EMU_L3_IPV6;
	const uint8_t *l3, *l4;
	bool ok;

	pkt->csum = 0;
	if (pkt->l3 == EMU_L3_OTHER)
		return;
	/* the parser found the IP header in m: IPv4's ends at L4 */
	l3 = emu_frame_data(m, pkt->l3_off, v6 ? sizeof(struct rte_ipv6_hdr) :
			    pkt->l4_off - pkt->l3_off);
	if (l3 == NULL)
		return;
	if (!v6)
		pkt->csum = SRIOVNIC_RXD_L3CS |
			(csum_ipv4_ok(l3, pkt->l4_off - pkt->l3_off) ? 0 :
			 SRIOVNIC_RXD_IPE);
	if (l4t == 0 || l4t >= RTE_DIM(l4_hdr_len) ||
	    pkt->l4_len < l4_hdr_len[l4t])
		return;
	l4 = emu_frame_data(m, pkt->l4_off, pkt->l4_len);
	if (l4 == NULL)
		return;
	switch (l4t) {
	case SRIOVNIC_PTYPE_L4_UDP:
		if (((const struct rte_udp_hdr *)l4)->dgram_cksum == 0) {
			/* IPv4: sent without one (RFC 768); IPv6: it is
			 * mandatory (RFC 8200 8.1)
			 */
			if (!v6)
				return;
			ok = false;
			break;
		}
		ok = csum_udptcp_ok(l3, v6, l4t, l4, pkt->l4_len);
		break;
	case SRIOVNIC_PTYPE_L4_TCP:
		ok = csum_udptcp_ok(l3, v6, l4t, l4, pkt->l4_len);
		break;
	default:
		ok = ((const struct rte_sctp_hdr *)l4)->cksum ==
			csum_sctp(l4, pkt->l4_len);
		break;
	}
	pkt->csum |= SRIOVNIC_RXD_L4CS | (ok ? 0 : SRIOVNIC_RXD_L4E);
}

/* Whether the headers o describes are in the frame of len bytes and are
 * what its checksum offloads need (datasheet 7.7); notes the IP version.
 */
bool
emu_csum_tx_check(const uint8_t *frame, uint32_t len,
		  struct emu_tx_offload *o)
{
	uint32_t l4len = o->mss != 0 ? o->l4len : l4_hdr_len[o->l4t];
	const uint8_t *l3 = frame + o->maclen;

	if (o->maclen < RTE_ETHER_HDR_LEN ||
	    o->iplen < sizeof(struct rte_ipv4_hdr) ||
	    (uint32_t)o->maclen + o->iplen + l4len > len)
		return false;
	switch (emu_ip_version(l3)) {
	case EMU_IPV4_VERSION:
		o->ipv6 = false;
		return o->iplen ==
			rte_ipv4_hdr_len((const struct rte_ipv4_hdr *)l3);
	case EMU_IPV6_VERSION:
		o->ipv6 = true;
		return o->iplen >= sizeof(struct rte_ipv6_hdr) && !o->iipcsum;
	default:
		return false;
	}
}

/* Inserts the checksums o asks for into the frame of len bytes, which
 * emu_csum_tx_check() accepted
 */
void
emu_csum_tx(uint8_t *frame, uint32_t len, const struct emu_tx_offload *o)
{
	uint8_t *l3 = frame + o->maclen, *l4 = l3 + o->iplen;
	uint32_t l4_len = len - o->maclen - o->iplen;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)l4;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)l4;
	struct rte_sctp_hdr *sctp = (struct rte_sctp_hdr *)l4;

	if (o->iipcsum) {
		ip->hdr_checksum = 0;
		ip->hdr_checksum = ~csum_fold(csum_add(ip, o->iplen, 0));
	}
	switch (o->l4t) {
	case SRIOVNIC_PTYPE_L4_TCP:
		tcp->cksum = 0;
		tcp->cksum = csum_udptcp(l3, o->ipv6, o->l4t, l4, l4_len);
		break;
	case SRIOVNIC_PTYPE_L4_UDP:
		udp->dgram_cksum = 0;
		udp->dgram_cksum = csum_udptcp(l3, o->ipv6, o->l4t, l4, l4_len);
		break;
	case SRIOVNIC_PTYPE_L4_SCTP:
		sctp->cksum = csum_sctp(l4, l4_len);
		break;
	default:
		break;
	}
}
