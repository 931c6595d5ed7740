/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive side scaling: Toeplitz hash over the frame's addresses (and
 * ports) with the function's key, queue from its redirection table.
 */

#include <string.h>

#include <rte_ip.h>
#include <rte_thash.h>

#include "emu.h"
#include "pkt.h"

/* The key as rte_softrss_be() takes it, which spares the hash a byte swap
 * per input bit: 32-bit words of key bytes 4i..4i+3, byte 4i the most
 * significant. RSS_KEY(i) holds byte 4i in its low byte.
 */
void
emu_rss_key_be(const struct emu_func *f, uint32_t *key)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_RSS_KEY_LEN / 4; i++)
		key[i] = rte_bswap32(emu_rd32(f, SRIOVNIC_RSS_KEY(i)));
}

/* RSS_IPV6_EX: the IPv6 header ip of m with the Home Address option's
 * and the Type 2 routing header's addresses in place of its own, where
 * the frame has them (datasheet 8)
 */
static const struct rte_ipv6_hdr *
ipv6_ex_hdr(const struct rte_mbuf *m, const struct emu_pkt *pkt,
	    const struct rte_ipv6_hdr *ip, struct rte_ipv6_hdr *buf)
{
	if (pkt->home_off == 0 && pkt->rt2_off == 0)
		return ip;
	*buf = *ip;
	if (pkt->home_off != 0)
		memcpy(buf->src_addr, emu_frame_data(m, pkt->home_off,
			sizeof(buf->src_addr)), sizeof(buf->src_addr));
	if (pkt->rt2_off != 0)
		memcpy(buf->dst_addr, emu_frame_data(m, pkt->rt2_off,
			sizeof(buf->dst_addr)), sizeof(buf->dst_addr));
	return buf;
}

/* The hash input of the frame m that pkt describes for the hash types
 * enabled in ctrl, in CPU byte order: its length in 32-bit words, 0 when
 * the frame is not hashed. The frame as received, i.e. without its untag
 * outer tags, is parsed behind at most one tag.
 */
static uint32_t
rss_input(uint32_t ctrl, const struct rte_mbuf *m, const struct emu_pkt *pkt,
	  unsigned int untag, union rte_thash_tuple *t)
{
	const struct rte_ipv4_hdr *ip4;
	const struct rte_ipv6_hdr *ip6;
	struct rte_ipv6_hdr ip6_ex;
	const rte_be16_t *ports = NULL;

	if (pkt->tags > 1 + untag)
		return 0;
	if (pkt->ports_off != 0)
		ports = (const rte_be16_t *)emu_frame_data(m, pkt->ports_off,
							   2 * sizeof(*ports));
	/* the parser found the IP header in the frame */
	switch (pkt->l3) {
	case EMU_L3_IPV4:
		ip4 = (const struct rte_ipv4_hdr *)emu_frame_data(m,
				pkt->l3_off, sizeof(*ip4));
		t->v4.src_addr = rte_be_to_cpu_32(ip4->src_addr);
		t->v4.dst_addr = rte_be_to_cpu_32(ip4->dst_addr);
		if (ports != NULL && (ctrl & SRIOVNIC_RSS_IPV4_L4)) {
			t->v4.sport = rte_be_to_cpu_16(ports[0]);
			t->v4.dport = rte_be_to_cpu_16(ports[1]);
			return RTE_THASH_V4_L4_LEN;
		}
		return ctrl & SRIOVNIC_RSS_IPV4 ? RTE_THASH_V4_L3_LEN : 0;
	case EMU_L3_IPV6:
		ip6 = (const struct rte_ipv6_hdr *)emu_frame_data(m,
				pkt->l3_off, sizeof(*ip6));
		/* ports only right behind the header, so never with the
		 * headers whose addresses IPV6_EX takes
		 */
		if (ports != NULL && (ctrl & SRIOVNIC_RSS_IPV6_L4)) {
			rte_thash_load_v6_addrs(ip6, t);
			t->v6.sport = rte_be_to_cpu_16(ports[0]);
			t->v6.dport = rte_be_to_cpu_16(ports[1]);
			return RTE_THASH_V6_L4_LEN;
		}
		if (ctrl & SRIOVNIC_RSS_IPV6_EX)
			ip6 = ipv6_ex_hdr(m, pkt, ip6, &ip6_ex);
		else if (!(ctrl & SRIOVNIC_RSS_IPV6))
			return 0;
		rte_thash_load_v6_addrs(ip6, t);
		return RTE_THASH_V6_L3_LEN;
	default:
		return 0;
	}
}

/* Queue of the frame: RETA[hash] when hashed, else 0. The caller checks
 * the queue, since the RETA holds whatever the driver wrote.
 */
unsigned int
emu_rss_queue(const struct emu_func *f, const struct rte_mbuf *m,
	      const struct emu_pkt *pkt, unsigned int untag, uint32_t *hash,
	      uint16_t *status)
{
	uint32_t key[SRIOVNIC_RSS_KEY_LEN / 4];
	uint32_t ctrl = emu_rd32(f, SRIOVNIC_RSS_CTRL);
	union rte_thash_tuple tuple;
	uint32_t len;

	if (!(ctrl & SRIOVNIC_RSS_ENABLE))
		return 0;
	len = rss_input(ctrl, m, pkt, untag, &tuple);
	if (len == 0)
		return 0;
	emu_rss_key_be(f, key);
	*hash = rte_softrss_be((uint32_t *)&tuple, len, (uint8_t *)key);
	*status |= SRIOVNIC_RXD_RSS;
	return rte_read8_relaxed(f->bar + SRIOVNIC_RSS_RETA +
				 *hash % SRIOVNIC_RSS_RETA_SIZE);
}
