/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Frames through the flow tables: the flow key (datasheet 13.3) from the
 * headers the model's parser found, the switch table with its VLAN
 * actions (13.6) and an ingress table with its marks and RSS action hash
 * (13.7).
 */

#include <string.h>

#include <rte_ip.h>
#include <rte_thash.h>

#include "emu.h"
#include "flow.h"
#include "flow_store.h"
#include "pkt.h"

#define FLOW_RSS_HASH_MASK	0x7f	/* 13.7: the queue from hash [6:0] */
#define FLOW_TCI_PCP_SHIFT	13

static uint8_t
flow_pkt_l4(const struct emu_pkt *pkt)
{
	return (pkt->ptype >> SRIOVNIC_PTYPE_L4_SHIFT) & 7;
}

static void
flow_key_l3(const struct rte_mbuf *m, const struct emu_pkt *pkt,
	    unsigned int parts, struct sriovnic_flow_key *k)
{
	const struct rte_ipv4_hdr *ip4;
	const struct rte_ipv6_hdr *ip6;
	unsigned int l3;

	if (pkt->l3 == EMU_L3_IPV4)
		l3 = SRIOVNIC_FKL_L3_IPV4;
	else if (pkt->l3 == EMU_L3_IPV6)
		l3 = SRIOVNIC_FKL_L3_IPV6;
	else
		return;
	k->ip_proto = pkt->l4_proto;
	k->ip_frag = pkt->ip_frag;
	k->layers |= l3 << SRIOVNIC_FKL_L3_SHIFT |
		flow_pkt_l4(pkt) << SRIOVNIC_FKL_L4_SHIFT;
	if (!(parts & FLOW_KEY_IP))
		return;
	/* the parser found the whole IP header in the frame */
	if (l3 == SRIOVNIC_FKL_L3_IPV4) {
		ip4 = (const struct rte_ipv4_hdr *)emu_frame_data(m,
				pkt->l3_off, sizeof(*ip4));
		k->ip_tos = ip4->type_of_service;
		k->ip_ttl = ip4->time_to_live;
		memcpy(k->src_ip, &ip4->src_addr, sizeof(ip4->src_addr));
		memcpy(k->dst_ip, &ip4->dst_addr, sizeof(ip4->dst_addr));
	} else {
		ip6 = (const struct rte_ipv6_hdr *)emu_frame_data(m,
				pkt->l3_off, sizeof(*ip6));
		k->ip_tos = rte_be_to_cpu_32(ip6->vtc_flow) >> 20;
		k->ip_ttl = ip6->hop_limits;
		memcpy(k->src_ip, ip6->src_addr, sizeof(k->src_ip));
		memcpy(k->dst_ip, ip6->dst_addr, sizeof(k->dst_ip));
	}
}

static void
flow_key_l4(const struct rte_mbuf *m, const struct emu_pkt *pkt,
	    struct sriovnic_flow_key *k)
{
	const uint8_t *l4;

	switch (flow_pkt_l4(pkt)) {
	case SRIOVNIC_PTYPE_L4_TCP:
	case SRIOVNIC_PTYPE_L4_UDP:
	case SRIOVNIC_PTYPE_L4_SCTP:
		l4 = emu_frame_data(m, pkt->l4_off, 2 * sizeof(k->sport));
		if (l4 != NULL) {
			memcpy(&k->sport, l4, sizeof(k->sport));
			memcpy(&k->dport, l4 + 2, sizeof(k->dport));
		}
		break;
	case SRIOVNIC_PTYPE_L4_ICMP:
		l4 = emu_frame_data(m, pkt->l4_off, 2);
		if (l4 != NULL) {
			k->icmp_type = l4[0];
			k->icmp_code = l4[1];
		}
		break;
	}
}

/* The key of the frame that pkt describes (emu_pkt_parse_rx() included),
 * without its outer tag if skip; of its FLOW_KEY_* parts, those in parts
 * (the others zero)
 */
static void
flow_key(const struct rte_mbuf *m, const struct emu_pkt *pkt, bool skip,
	 uint8_t in_port, unsigned int parts, struct sriovnic_flow_key *k)
{
	unsigned int tags;

	/* a removed tag was there: the port tag of an eligible receiver */
	skip = skip && pkt->tags > 0;
	tags = pkt->tags - skip;
	memset(k, 0, sizeof(*k));
	k->in_port = in_port;
	if (parts & FLOW_KEY_L2) {
		memcpy(k->dst_mac, &pkt->dst, sizeof(k->dst_mac));
		memcpy(k->src_mac, &pkt->src, sizeof(k->src_mac));
	}
	k->ether_type = pkt->l3_type;
	if (tags > 0) {
		k->layers = SRIOVNIC_FKL_VLAN;
		k->vlan_tci = rte_cpu_to_be_16(pkt->tci[skip]);
		/* only the outer tag counts: no L3 behind a second one (or
		 * one more than the parser looked at)
		 */
		if (tags > 1 || pkt->l3_off == 0) {
			k->ether_type = RTE_BE16(RTE_ETHER_TYPE_VLAN);
			return;
		}
	}
	flow_key_l3(m, pkt, parts, k);
	if (parts & FLOW_KEY_L4)
		flow_key_l4(m, pkt, k);
}

/* ---- switch table ---- */

struct switch_take {
	struct rte_mbuf *m;
	struct emu_flow_res *res;
};

/* The outer 802.1Q tag's TCI (big-endian), NULL if untagged */
static uint8_t *
flow_outer_tci(struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);

	if (rte_pktmbuf_data_len(m) < sizeof(*eth) + sizeof(struct rte_vlan_hdr) ||
	    eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_VLAN))
		return NULL;
	return (uint8_t *)(eth + 1);
}

static void
flow_vlan_pop(struct rte_mbuf *m)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	if (flow_outer_tci(m) == NULL)
		return;
	memmove(p + RTE_VLAN_HLEN, p, 2 * RTE_ETHER_ADDR_LEN);
	rte_pktmbuf_adj(m, RTE_VLAN_HLEN);
}

static void
flow_vlan_push(struct rte_mbuf *m, uint16_t tci)
{
	uint8_t *p;

	/* the model's mbufs have headroom for more tags than rules push */
	p = (uint8_t *)rte_pktmbuf_prepend(m, RTE_VLAN_HLEN);
	if (p == NULL)
		return;
	memmove(p, p + RTE_VLAN_HLEN, 2 * RTE_ETHER_ADDR_LEN);
	*(rte_be16_t *)(p + 2 * RTE_ETHER_ADDR_LEN) =
		RTE_BE16(RTE_ETHER_TYPE_VLAN);
	*(rte_be16_t *)(p + 2 * RTE_ETHER_ADDR_LEN + 2) =
		rte_cpu_to_be_16(tci);
}

/* VLAN actions apply rule by rule in the order taken (13.2); matching is
 * done on the key from table entry, so they apply at once
 */
static void
switch_take(const struct flow_rule *r, void *arg)
{
	struct switch_take *t = arg;
	const struct sriovnic_flow_actions *a = &r->act;
	uint8_t *tci;
	uint16_t v;

	if (!(a->mods & (SRIOVNIC_FMOD_VLAN_POP | SRIOVNIC_FMOD_VLAN_PUSH |
			 SRIOVNIC_FMOD_VLAN_SET_VID |
			 SRIOVNIC_FMOD_VLAN_SET_PCP)))
		return;
	t->res->vlan_changed = true;
	if (a->mods & SRIOVNIC_FMOD_VLAN_POP)
		flow_vlan_pop(t->m);
	if (a->mods & SRIOVNIC_FMOD_VLAN_PUSH)
		flow_vlan_push(t->m, a->push_tci);
	tci = flow_outer_tci(t->m);
	if (tci == NULL)
		return;
	v = tci[0] << 8 | tci[1];
	if (a->mods & SRIOVNIC_FMOD_VLAN_SET_VID)
		v = (v & ~RTE_VLAN_ID_MASK) | a->set_vid;
	if (a->mods & SRIOVNIC_FMOD_VLAN_SET_PCP)
		v = (v & ~(7u << FLOW_TCI_PCP_SHIFT)) |
			a->set_pcp << FLOW_TCI_PCP_SHIFT;
	tci[0] = v >> 8;
	tci[1] = v;
}

void
emu_flow_switch(struct emu *emu, uint8_t in_port, struct rte_mbuf *m,
		struct emu_pkt *pkt, struct emu_flow_res *res)
{
	struct switch_take t = { .m = m, .res = res };
	const struct flow_rule *r;
	struct sriovnic_flow_key k;

	memset(res, 0, sizeof(*res));
	flow_key(m, pkt, false, in_port,
		 emu->flow->tables[EMU_FLOW_SWITCH].parts, &k);
	r = flow_lookup(emu, EMU_FLOW_SWITCH, &k, rte_pktmbuf_pkt_len(m), res,
			switch_take, &t);
	if (r != NULL)
		res->dest = r->act.dest;
	if (res->vlan_changed) {
		emu_pkt_parse(m, pkt);
		emu_pkt_parse_rx(m, pkt);
	}
}

/* ---- ingress tables ---- */

static void
ingress_take(const struct flow_rule *r, void *arg)
{
	struct emu_flow_res *res = arg;

	if (r->act.mods & SRIOVNIC_FMOD_MARK) {
		res->mark = r->act.mark;
		res->status_ext |= SRIOVNIC_RXDX_MARK;
	}
	if (r->act.mods & SRIOVNIC_FMOD_FLAG)
		res->status_ext |= SRIOVNIC_RXDX_FLAG;
}

/* 16 address bytes in network order as rte_thash_tuple takes them */
static void
flow_v6_words(uint8_t *dst, const uint8_t *src)
{
	rte_be32_t w;
	uint32_t v;
	unsigned int i;

	for (i = 0; i < 16; i += 4) {
		memcpy(&w, src + i, sizeof(w));
		v = rte_be_to_cpu_32(w);
		memcpy(dst + i, &v, sizeof(v));
	}
}

/* The RSS action's hash input (13.7): its length in 32-bit words, 0 for
 * no hash
 */
static uint32_t
flow_rss_input(const struct sriovnic_flow_actions *a,
	       const struct sriovnic_flow_key *k, union rte_thash_tuple *t)
{
	unsigned int l3 = (k->layers & SRIOVNIC_FKL_L3_MASK) >>
		SRIOVNIC_FKL_L3_SHIFT;
	unsigned int l4 = (k->layers & SRIOVNIC_FKL_L4_MASK) >>
		SRIOVNIC_FKL_L4_SHIFT;
	/* FRSS_IPV4 and its L4 types, then the same for IPv6 */
	unsigned int base = l3 == SRIOVNIC_FKL_L3_IPV4 ? 0 : 4;
	size_t alen = l3 == SRIOVNIC_FKL_L3_IPV4 ? 4 : 16;
	const uint8_t *src = k->src_ip, *dst = k->dst_ip;
	uint16_t sport = rte_be_to_cpu_16(k->sport);
	uint16_t dport = rte_be_to_cpu_16(k->dport), tmp;
	bool ports;
	int cmp;

	if (l3 != SRIOVNIC_FKL_L3_IPV4 && l3 != SRIOVNIC_FKL_L3_IPV6)
		return 0;
	/* TCP 1, UDP 2, SCTP 3: the type bits above the L3 one */
	ports = l4 >= SRIOVNIC_PTYPE_L4_TCP && l4 <= SRIOVNIC_PTYPE_L4_SCTP &&
		(a->rss_types & RTE_BIT32(base + l4));
	if (!ports && !(a->rss_types & RTE_BIT32(base)))
		return 0;
	if (!ports)
		sport = dport = 0;
	if (a->rss_flags & SRIOVNIC_FRSS_SYMMETRIC) {
		cmp = memcmp(src, dst, alen);
		if (cmp > 0 || (cmp == 0 && sport > dport)) {
			RTE_SWAP(src, dst);
			tmp = sport;
			sport = dport;
			dport = tmp;
		}
	}
	if (alen == 4) {
		t->v4.src_addr = rte_be_to_cpu_32(*(const rte_be32_t *)src);
		t->v4.dst_addr = rte_be_to_cpu_32(*(const rte_be32_t *)dst);
		t->v4.sport = sport;
		t->v4.dport = dport;
		return ports ? RTE_THASH_V4_L4_LEN : RTE_THASH_V4_L3_LEN;
	}
	flow_v6_words(t->v6.src_addr, src);
	flow_v6_words(t->v6.dst_addr, dst);
	t->v6.sport = sport;
	t->v6.dport = dport;
	return ports ? RTE_THASH_V6_L4_LEN : RTE_THASH_V6_L3_LEN;
}

static void
flow_rss(const struct emu_func *f, const struct flow_rule *r,
	 const struct sriovnic_flow_key *k, struct emu_flow_res *res)
{
	const struct sriovnic_flow_actions *a = &r->act;
	uint32_t key[SRIOVNIC_RSS_KEY_LEN / 4];
	const uint32_t *kp = r->rss_key_be;
	union rte_thash_tuple t;
	uint32_t len;

	len = flow_rss_input(a, k, &t);
	if (len == 0) {
		res->queue = a->rss_queue[0];
		return;
	}
	if (!(a->rss_flags & SRIOVNIC_FRSS_KEY)) {
		emu_rss_key_be(f, key);
		kp = key;
	}
	res->hash = rte_softrss_be((uint32_t *)&t, len, (const uint8_t *)kp);
	res->hashed = true;
	res->queue = a->rss_queue[(res->hash & FLOW_RSS_HASH_MASK) % a->rss_nq];
}

void
emu_flow_ingress(struct emu *emu, const struct emu_func *f, uint8_t in_port,
		 const struct rte_mbuf *m, const struct emu_pkt *pkt,
		 bool untag, struct emu_flow_res *res)
{
	unsigned int parts = emu->flow->tables[f->id].parts;
	const struct flow_rule *r;
	struct sriovnic_flow_key k;

	memset(res, 0, sizeof(*res));
	flow_key(m, pkt, untag, in_port, parts, &k);
	r = flow_lookup(emu, f->id, &k, rte_pktmbuf_pkt_len(m) -
			(untag ? RTE_VLAN_HLEN : 0), res, ingress_take, res);
	if (r == NULL)
		return;
	if (r->act.fate == SRIOVNIC_FATE_QUEUE) {
		res->queue = r->act.queue;
	} else if (r->act.fate == SRIOVNIC_FATE_RSS) {
		/* the hash input: addresses and ports, matched on or not */
		if ((parts & (FLOW_KEY_IP | FLOW_KEY_L4)) !=
		    (FLOW_KEY_IP | FLOW_KEY_L4))
			flow_key(m, pkt, untag, in_port, FLOW_KEY_ALL, &k);
		flow_rss(f, r, &k, res);
	}
}
