/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The model's RSS hash input for IPv6 frames (datasheet 8): frames are
 * parsed and hashed as the rx path does, with hash types set in a
 * function's RSS_CTRL, and each hash is compared with rte_softrss() over
 * the addresses (and ports) the datasheet names, and with the Microsoft
 * RSS verification suite's results for its key.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_thash.h>
#include <rte_udp.h>

#include "emu.h"
#include "pkt.h"
#include "test_check.h"

#define IPV6_ADDR_LEN	16
#define RETA_QUEUES	7

/* The suite's first IPv6 case: from S port 2794 to D port 1766 */
static const uint8_t addr_s[IPV6_ADDR_LEN] = {
	0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
	0, 0, 0, 0, 0, 0, 0, 0x07,
};
static const uint8_t addr_d[IPV6_ADDR_LEN] = {
	0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
	0, 0, 0, 0, 0, 0, 0, 0x01,
};
#define MS_SPORT	2794
#define MS_DPORT	1766
#define MS_HASH_IPV6	0x2cc18cd5u
#define MS_HASH_IPV6_TCP 0x40207d3du

/* The addresses in the IPv6 header when S and D are in extension headers:
 * a care-of address and a correspondent's address
 */
static const uint8_t addr_coa[IPV6_ADDR_LEN] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0c,
};
static const uint8_t addr_cn[IPV6_ADDR_LEN] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d,
};

static uint8_t bar[SRIOVNIC_BAR0_SIZE];
static struct emu_func func = { .bar = bar };
static void
check(bool ok, const char *what)
{
	CHECK(ok, "%s", what);
}

/* Ethernet, an IPv6 header from src to dst, the extension headers ext
 * (whose first is next_hdr) and an 8-byte L4 header of protocol l4 from
 * MS_SPORT to MS_DPORT: a frame of *len bytes in buf
 */
static void
frame_build(uint8_t *buf, uint32_t *len, const uint8_t *src,
	    const uint8_t *dst, uint8_t next_hdr, const uint8_t *ext,
	    uint32_t ext_len, uint8_t l4)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)
		((uint8_t *)(ip + 1) + ext_len);

	memset(buf, 0, sizeof(*eth));
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	memset(ip, 0, sizeof(*ip));
	ip->vtc_flow = RTE_BE32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(ext_len + sizeof(*udp));
	ip->proto = ext_len != 0 ? next_hdr : l4;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, src, IPV6_ADDR_LEN);
	memcpy(ip->dst_addr, dst, IPV6_ADDR_LEN);
	memcpy(ip + 1, ext, ext_len);
	udp->src_port = RTE_BE16(MS_SPORT);
	udp->dst_port = RTE_BE16(MS_DPORT);
	udp->dgram_len = RTE_BE16(sizeof(*udp));
	udp->dgram_cksum = 0;
	*len = (uint8_t *)(udp + 1) - buf;
}

/* rte_softrss() over src ‖ dst, with the ports if l4 */
static uint32_t
softrss(const uint8_t *src, const uint8_t *dst, bool l4)
{
	uint32_t in[RTE_THASH_V6_L4_LEN];
	unsigned int i;

	for (i = 0; i < IPV6_ADDR_LEN / 4; i++) {
		in[i] = rte_be_to_cpu_32(*(const rte_be32_t *)(src + 4 * i));
		in[4 + i] = rte_be_to_cpu_32(*(const rte_be32_t *)(dst + 4 * i));
	}
	in[8] = (uint32_t)MS_SPORT << 16 | MS_DPORT;
	/* Microsoft's suite gives its hashes with this key */
	return rte_softrss(in, l4 ? RTE_THASH_V6_L4_LEN : RTE_THASH_V6_L3_LEN,
			   sriovnic_rss_key_default);
}

/* The model's hash of the frame in buf with ctrl in RSS_CTRL; false when
 * the frame is not hashed. Also checks the queue against the RETA.
 */
static bool
model_hash(uint8_t *buf, uint32_t len, uint32_t ctrl, uint32_t *hash)
{
	struct rte_mbuf m = {
		.buf_addr = buf,
		.buf_len = len,
		.data_len = len,
		.pkt_len = len,
		.nb_segs = 1,
	};
	struct emu_pkt pkt;
	uint16_t status = 0;
	unsigned int q;

	emu_wr32(&func, SRIOVNIC_RSS_CTRL, ctrl);
	emu_pkt_parse(&m, &pkt);
	emu_pkt_parse_rx(&m, &pkt);
	*hash = 0;
	q = emu_rss_queue(&func, &m, &pkt, false, hash, &status);
	if (!(status & SRIOVNIC_RXD_RSS)) {
		check(q == 0, "a frame not hashed goes to queue 0");
		return false;
	}
	check(q == (*hash & (SRIOVNIC_RSS_RETA_SIZE - 1)) % RETA_QUEUES,
	      "queue from the RETA entry of the hash");
	return true;
}

static void
check_hash(uint8_t *buf, uint32_t len, uint32_t ctrl, uint32_t expect,
	   const char *what)
{
	uint32_t hash;

	if (!model_hash(buf, len, ctrl, &hash))
		CHECK(false, "%s: not hashed", what);
	else
		CHECK(hash == expect, "%s: hash %#x, expected %#x", what, hash,
		      expect);
}

static void
card_setup(void)
{
	const uint8_t *key = sriovnic_rss_key_default;
	unsigned int i;

	for (i = 0; i < SRIOVNIC_RSS_KEY_LEN; i += 4)
		emu_wr32(&func, SRIOVNIC_RSS_KEY(i / 4), key[i] |
			 key[i + 1] << 8 | key[i + 2] << 16 |
			 (uint32_t)key[i + 3] << 24);
	for (i = 0; i < SRIOVNIC_RSS_RETA_SIZE; i++)
		bar[SRIOVNIC_RSS_RETA + i] = i % RETA_QUEUES;
}

#define RSS_ALL_V6 (SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6 | \
	SRIOVNIC_RSS_IPV6_L4 | SRIOVNIC_RSS_IPV6_EX)

/* Type 2 routing header (RFC 6275 6.4): 24 bytes, next header first */
static void
rt2_build(uint8_t *h, uint8_t next, const uint8_t *home, uint8_t type)
{
	memset(h, 0, 8);
	h[0] = next;
	h[1] = 2;		/* hdr ext len: 24 bytes */
	h[2] = type;		/* 2, unless testing another type */
	h[3] = 1;		/* segments left */
	memcpy(h + 8, home, IPV6_ADDR_LEN);
}

/* Destination options with a Home Address option (RFC 6275 6.3) behind
 * a PadN of 4 bytes, as its 8n+6 alignment asks: 24 bytes
 */
static void
hao_build(uint8_t *h, uint8_t next, const uint8_t *home)
{
	static const uint8_t opts[] = { 0, 2, 1, 2, 0, 0, 201, 16 };

	memcpy(h, opts, sizeof(opts));
	h[0] = next;
	memcpy(h + sizeof(opts), home, IPV6_ADDR_LEN);
}

int
main(void)
{
	const uint32_t plain = softrss(addr_coa, addr_cn, false);
	uint8_t buf[256], ext[64];
	uint32_t len, hash;

	card_setup();
	check(softrss(addr_s, addr_d, false) == MS_HASH_IPV6 &&
	      softrss(addr_s, addr_d, true) == MS_HASH_IPV6_TCP,
	      "rte_softrss() gives the Microsoft suite's hashes");

	/* no extension header: IPV6_EX hashes as IPV6; L4 comes first */
	frame_build(buf, &len, addr_s, addr_d, 0, NULL, 0, IPPROTO_UDP);
	check_hash(buf, len, SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6,
		   MS_HASH_IPV6, "IPV6, plain frame");
	check_hash(buf, len, SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6_EX,
		   MS_HASH_IPV6, "IPV6_EX alone, plain frame");
	frame_build(buf, &len, addr_s, addr_d, 0, NULL, 0, IPPROTO_TCP);
	check_hash(buf, len, RSS_ALL_V6, MS_HASH_IPV6_TCP,
		   "IPV6_L4 before IPV6_EX, TCP right behind");

	/* a correspondent's frame to a mobile node: routing header type 2
	 * with the home address as final destination, then the home address
	 * option of a mobile node's frame (RFC 6275 orders them so)
	 */
	rt2_build(ext, IPPROTO_DSTOPTS, addr_d, 2);
	hao_build(ext + 24, IPPROTO_UDP, addr_s);
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_ROUTING, ext, 48,
		    IPPROTO_UDP);
	check_hash(buf, len, RSS_ALL_V6, MS_HASH_IPV6,
		   "IPV6_EX: home address and type 2 routing address");
	check(MS_HASH_IPV6 != plain, "the substitution changes the hash");
	check_hash(buf, len, SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6 |
		   SRIOVNIC_RSS_IPV6_L4, plain,
		   "IPV6 without IPV6_EX: the header's addresses");
	check(!model_hash(buf, len, SRIOVNIC_RSS_ENABLE |
			  SRIOVNIC_RSS_IPV6_L4, &hash),
	      "IPV6_L4 alone: no hash behind extension headers");

	/* each header alone replaces one address */
	hao_build(ext, IPPROTO_UDP, addr_s);
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_DSTOPTS, ext, 24,
		    IPPROTO_UDP);
	check_hash(buf, len, SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6_EX,
		   softrss(addr_s, addr_cn, false), "home address option alone");
	rt2_build(ext, IPPROTO_UDP, addr_d, 2);
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_ROUTING, ext, 24,
		    IPPROTO_UDP);
	check_hash(buf, len, SRIOVNIC_RSS_ENABLE | SRIOVNIC_RSS_IPV6_EX,
		   softrss(addr_coa, addr_d, false), "type 2 routing alone");

	/* lookalikes: another routing type; an option reaching past its
	 * header; a header reaching past the frame
	 */
	rt2_build(ext, IPPROTO_UDP, addr_d, 0);
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_ROUTING, ext, 24,
		    IPPROTO_UDP);
	check_hash(buf, len, RSS_ALL_V6, plain, "routing type 0 ignored");
	hao_build(ext, IPPROTO_UDP, addr_s);
	ext[1] = 0;
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_DSTOPTS, ext, 8,
		    IPPROTO_UDP);
	check_hash(buf, len, RSS_ALL_V6, plain,
		   "home address option past its header ignored");
	hao_build(ext, IPPROTO_UDP, addr_s);
	frame_build(buf, &len, addr_coa, addr_cn, IPPROTO_DSTOPTS, ext, 24,
		    IPPROTO_UDP);
	check_hash(buf, len - 8 - 2, RSS_ALL_V6, plain,
		   "header past the frame ignored");

	printf("%s\n", failures == 0 ? "PASS" : "FAILED");
	return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
