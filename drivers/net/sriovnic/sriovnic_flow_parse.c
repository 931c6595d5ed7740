/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * One translation of rte_flow rules for every port (Appendix B.1-B.3):
 * items into key and mask (13.3, network byte order, copied from spec and
 * mask), actions into the action block (13.5). What the card cannot do is
 * refused here with ENOTSUP, a bad argument with EINVAL.
 */
#include "sriovnic_flow_parse.h"

#define VLAN_VID_MASK	0x0fff

static bool
nonzero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len-- > 0)
		if (*b++ != 0)
			return true;
	return false;
}

static void
origin_set(struct sriovnic_flow_ctx *c, size_t off, size_t len,
	   enum rte_flow_error_type type, const void *obj)
{
	while (len-- > 0) {
		c->origin[off].type = type;
		c->origin[off++].obj = obj;
	}
}

/* A header field into key and mask; spec and mask as the item has them */
static void
key_put(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	size_t off, const void *spec, const void *mask, size_t len)
{
	uint8_t *key = (uint8_t *)&c->flow->rule.key + off;
	uint8_t *msk = (uint8_t *)&c->flow->rule.mask + off;
	const uint8_t *s = spec, *m = mask;
	size_t i;

	if (!nonzero(m, len))
		return;
	for (i = 0; i < len; i++) {
		key[i] = s[i] & m[i];
		msk[i] = m[i];
	}
	origin_set(c, off, len, RTE_FLOW_ERROR_TYPE_ITEM, item);
	origin_set(c, offsetof(struct sriovnic_flow_rule, mask) + off, len,
		   RTE_FLOW_ERROR_TYPE_ITEM_MASK, item);
}

/* A layer field of `layers`, fully masked; a contradiction is refused */
static int
layer_set(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  uint8_t field, unsigned int shift, unsigned int value,
	  struct rte_flow_error *err)
{
	struct sriovnic_flow_key *k = &c->flow->rule.key;
	struct sriovnic_flow_key *m = &c->flow->rule.mask;

	if ((m->layers & field) &&
	    (unsigned int)((k->layers & field) >> shift) != value)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "item contradicts the protocol layers before it");
	m->layers |= field;
	k->layers = (k->layers & ~field) | (value << shift);
	origin_set(c, SRIOVNIC_FKEY_OFF(layers), 1, RTE_FLOW_ERROR_TYPE_ITEM, item);
	origin_set(c, SRIOVNIC_FMASK_OFF(layers), 1, RTE_FLOW_ERROR_TYPE_ITEM, item);
	return 0;
}

/* The item's mask: its own, the default one, or none without spec */
static const void *
item_mask(const struct rte_flow_item *item, const void *def)
{
	if (item->spec == NULL)
		return NULL;
	return item->mask != NULL ? item->mask : def;
}

static int
unsupported_field(const struct rte_flow_item *item, struct rte_flow_error *err)
{
	return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK, item,
			  "item matches a field the card cannot compare");
}

static const struct rte_flow_item *
next_item(const struct rte_flow_item *item)
{
	do
		item++;
	while (item->type == RTE_FLOW_ITEM_TYPE_VOID);
	return item;
}

static int
item_eth(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	 struct rte_flow_error *err)
{
	const struct rte_flow_item_eth *s = item->spec;
	const struct rte_flow_item_eth *m = item_mask(item,
						      &rte_flow_item_eth_mask);
	bool vlan_next = next_item(item)->type == RTE_FLOW_ITEM_TYPE_VLAN;
	int vlan = vlan_next ? 1 : -1;	/* -1: not said */

	if (m == NULL)
		return 0;
	key_put(c, item, SRIOVNIC_FKEY_OFF(dst_mac), &s->dst, &m->dst, 6);
	key_put(c, item, SRIOVNIC_FKEY_OFF(src_mac), &s->src, &m->src, 6);
	if (m->type != 0) {
		if (m->type != RTE_BE16(0xffff))
			return unsupported_field(item, err);
		if (s->type == RTE_BE16(RTE_ETHER_TYPE_VLAN))
			vlan = 1;
		else if (vlan_next)
			return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
					  item, "a VLAN item needs TPID 0x8100");
		else
			vlan = 0;
		if (vlan == 0)
			key_put(c, item, SRIOVNIC_FKEY_OFF(ether_type), &s->type,
				&m->type, 2);
	}
	if (m->has_vlan) {
		if (vlan != -1 && vlan != (int)s->has_vlan)
			return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
					  item, "has_vlan contradicts the EtherType");
		vlan = s->has_vlan;
	}
	if (m->reserved != 0)
		return unsupported_field(item, err);
	return vlan < 0 ? 0 : layer_set(c, item, SRIOVNIC_FKL_VLAN, 0, vlan,
					err);
}

static int
item_vlan(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  struct rte_flow_error *err)
{
	const struct rte_flow_item_vlan *s = item->spec;
	const struct rte_flow_item_vlan *m = item_mask(item,
						       &rte_flow_item_vlan_mask);

	if (c->vlan_item)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "only the outer VLAN tag can be matched");
	c->vlan_item = true;
	if (m != NULL) {
		if (m->has_more_vlan || m->reserved)
			return unsupported_field(item, err);
		/* 4095 is reserved (802.1Q); a partial mask may still cover it */
		if ((m->tci & RTE_BE16(VLAN_VID_MASK)) == RTE_BE16(VLAN_VID_MASK) &&
		    (rte_be_to_cpu_16(s->tci) & VLAN_VID_MASK) >
		    SRIOVNIC_FLOW_MAX_VID)
			return flow_error(err, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ITEM_SPEC, item,
					  "VLAN id above 4094");
		key_put(c, item, SRIOVNIC_FKEY_OFF(vlan_tci), &s->tci, &m->tci, 2);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ether_type), &s->inner_type,
			&m->inner_type, 2);
	}
	return layer_set(c, item, SRIOVNIC_FKL_VLAN, 0, 1, err);
}

/* ip_frag bits (CAP_FLOW_FRAG); IPv6 gives them in two items, which must
 * agree where both say
 */
static int
frag_set(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	 uint8_t key, uint8_t kmask, struct rte_flow_error *err)
{
	struct sriovnic_flow_key *k = &c->flow->rule.key;
	struct sriovnic_flow_key *m = &c->flow->rule.mask;

	if (!(c->ad->hw->caps & SRIOVNIC_CAP_FLOW_FRAG))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
				  item, "the card cannot match IP fragments");
	if ((k->ip_frag ^ key) & m->ip_frag & kmask)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "fragment match contradicts the item before");
	key |= k->ip_frag & m->ip_frag;
	kmask |= m->ip_frag;
	key_put(c, item, SRIOVNIC_FKEY_OFF(ip_frag), &key, &kmask, 1);
	return 0;
}

#define IPV4_FRAG_FIELD	(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)

/* B.2: the IPv4 fragment_offset forms, host order, as OVS's nw_frag
 * gives them (not, first, later) and DPDK's "any fragment"; last 0: no range
 */
static const struct {
	uint16_t spec, mask, last;
	uint8_t key, kmask;	/* ip_frag */
} ipv4_frag_forms[] = {
	{ 0, IPV4_FRAG_FIELD, 0, 0, SRIOVNIC_FKF_FRAG },
	{ RTE_IPV4_HDR_MF_FLAG, IPV4_FRAG_FIELD, 0,
	  SRIOVNIC_FKF_FRAG, SRIOVNIC_FKF_MASK },
	{ 1, IPV4_FRAG_FIELD, IPV4_FRAG_FIELD,
	  SRIOVNIC_FKF_FRAG, SRIOVNIC_FKF_FRAG },
	{ 0, RTE_IPV4_HDR_OFFSET_MASK, 0, 0, SRIOVNIC_FKF_LATER },
	{ 1, RTE_IPV4_HDR_OFFSET_MASK, RTE_IPV4_HDR_OFFSET_MASK,
	  SRIOVNIC_FKF_LATER, SRIOVNIC_FKF_LATER },
};

static int
ipv4_frag(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  const struct rte_ipv4_hdr *m, struct rte_flow_error *err)
{
	const struct rte_flow_item_ipv4 *s = item->spec;
	const struct rte_flow_item_ipv4 *l = item->last;
	uint16_t mask = rte_be_to_cpu_16(m->fragment_offset);
	uint16_t spec = rte_be_to_cpu_16(s->hdr.fragment_offset) & mask;
	uint16_t last = l != NULL ?
			rte_be_to_cpu_16(l->hdr.fragment_offset) & mask : 0;
	unsigned int i;

	if (last == spec)
		last = 0;
	for (i = 0; i < RTE_DIM(ipv4_frag_forms); i++)
		if (ipv4_frag_forms[i].spec == spec &&
		    ipv4_frag_forms[i].mask == mask &&
		    ipv4_frag_forms[i].last == last)
			break;
	if (i == RTE_DIM(ipv4_frag_forms))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "fragment_offset: not, first, later or any fragment only");
	return frag_set(c, item, ipv4_frag_forms[i].key,
			ipv4_frag_forms[i].kmask, err);
}

/* A range (last) in a field other than fragment_offset: last is no range
 * where it is 0 or equals spec
 */
static bool
ipv4_other_range(const struct rte_flow_item *item,
		 const struct rte_ipv4_hdr *m)
{
	const struct rte_flow_item_ipv4 *s = item->spec;
	const struct rte_flow_item_ipv4 *l = item->last;
	const uint8_t *sb = (const uint8_t *)&s->hdr;
	const uint8_t *lb = (const uint8_t *)&l->hdr;
	const uint8_t *mb = (const uint8_t *)m;
	struct rte_ipv4_hdr sv, lv;
	uint8_t *svb = (uint8_t *)&sv, *lvb = (uint8_t *)&lv;
	size_t i;

	for (i = 0; i < sizeof(sv); i++) {
		svb[i] = sb[i] & mb[i];
		lvb[i] = lb[i] & mb[i];
	}
	sv.fragment_offset = 0;
	lv.fragment_offset = 0;
	return nonzero(&lv, sizeof(lv)) && memcmp(&lv, &sv, sizeof(lv)) != 0;
}

static int
item_ipv4(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  struct rte_flow_error *err)
{
	const struct rte_flow_item_ipv4 *s = item->spec;
	const struct rte_flow_item_ipv4 *m = item_mask(item,
						       &rte_flow_item_ipv4_mask);
	struct rte_ipv4_hdr rest;
	int ret;

	if (item->last != NULL && (m == NULL || ipv4_other_range(item, &m->hdr)))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_LAST,
				  item, "ranges are not supported but on the IPv4 fragment offset");
	if (m != NULL) {
		rest = m->hdr;
		rest.src_addr = 0;
		rest.dst_addr = 0;
		rest.next_proto_id = 0;
		rest.type_of_service = 0;
		rest.time_to_live = 0;
		rest.fragment_offset &= ~RTE_BE16(IPV4_FRAG_FIELD);
		if (nonzero(&rest, sizeof(rest)))
			return unsupported_field(item, err);
		if (m->hdr.fragment_offset != 0) {
			ret = ipv4_frag(c, item, &m->hdr, err);
			if (ret != 0)
				return ret;
		}
		key_put(c, item, SRIOVNIC_FKEY_OFF(src_ip), &s->hdr.src_addr,
			&m->hdr.src_addr, 4);
		key_put(c, item, SRIOVNIC_FKEY_OFF(dst_ip), &s->hdr.dst_addr,
			&m->hdr.dst_addr, 4);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_proto), &s->hdr.next_proto_id,
			&m->hdr.next_proto_id, 1);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_tos), &s->hdr.type_of_service,
			&m->hdr.type_of_service, 1);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_ttl), &s->hdr.time_to_live,
			&m->hdr.time_to_live, 1);
	}
	return layer_set(c, item, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			 SRIOVNIC_FKL_L3_IPV4, err);
}

static int
item_ipv6(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  struct rte_flow_error *err)
{
	const struct rte_flow_item_ipv6 *s = item->spec;
	const struct rte_flow_item_ipv6 *m = item_mask(item,
						       &rte_flow_item_ipv6_mask);
	struct rte_flow_item_ipv6 rest;
	uint8_t tc_s, tc_m;
	int ret;

	if (m != NULL) {
		rest = *m;
		memset(rest.hdr.src_addr, 0, 16);
		memset(rest.hdr.dst_addr, 0, 16);
		rest.hdr.proto = 0;
		rest.hdr.hop_limits = 0;
		/* traffic class: vtc_flow bits 27:20 */
		rest.hdr.vtc_flow &= ~RTE_BE32(0x0ff00000);
		rest.has_frag_ext = 0;
		if (nonzero(&rest, sizeof(rest)))
			return unsupported_field(item, err);
		/* a fragment header: a fragment, the first or a later one */
		if (m->has_frag_ext) {
			ret = frag_set(c, item,
				       s->has_frag_ext ? SRIOVNIC_FKF_FRAG : 0,
				       SRIOVNIC_FKF_FRAG, err);
			if (ret != 0)
				return ret;
		}
		tc_s = rte_be_to_cpu_32(s->hdr.vtc_flow) >> 20;
		tc_m = rte_be_to_cpu_32(m->hdr.vtc_flow) >> 20;
		key_put(c, item, SRIOVNIC_FKEY_OFF(src_ip), s->hdr.src_addr,
			m->hdr.src_addr, 16);
		key_put(c, item, SRIOVNIC_FKEY_OFF(dst_ip), s->hdr.dst_addr,
			m->hdr.dst_addr, 16);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_proto), &s->hdr.proto,
			&m->hdr.proto, 1);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_tos), &tc_s, &tc_m, 1);
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_ttl), &s->hdr.hop_limits,
			&m->hdr.hop_limits, 1);
	}
	return layer_set(c, item, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			 SRIOVNIC_FKL_L3_IPV6, err);
}

#define IPV6_FRAG_OFFSET	((uint16_t)RTE_IPV6_EHDR_FO_MASK)

/* B.2: the IPv6 fragment header. The card sees its offset, not the M
 * flag: offset 0 (the first fragment), a range 8..0xfff8 (a later one)
 * or any; next_header is the protocol behind it, the key's ip_proto.
 */
static int
item_ipv6_frag_ext(struct sriovnic_flow_ctx *c,
		   const struct rte_flow_item *item, struct rte_flow_error *err)
{
	const struct rte_flow_item_ipv6_frag_ext *s = item->spec;
	const struct rte_flow_item_ipv6_frag_ext *m = item->mask;
	const struct rte_flow_item_ipv6_frag_ext *l = item->last;
	uint16_t spec, mask, last;
	uint8_t key = SRIOVNIC_FKF_FRAG, kmask = SRIOVNIC_FKF_FRAG;
	int ret;

	if (s != NULL && m != NULL) {
		if (m->hdr.reserved != 0 || m->hdr.id != 0)
			return unsupported_field(item, err);
		mask = rte_be_to_cpu_16(m->hdr.frag_data);
		spec = rte_be_to_cpu_16(s->hdr.frag_data) & mask;
		last = l != NULL ? rte_be_to_cpu_16(l->hdr.frag_data) & mask : 0;
		if (last == spec)
			last = 0;
		if (mask == 0 && last == 0) {
			/* any fragment */
		} else if (mask == IPV6_FRAG_OFFSET && spec == 0 && last == 0) {
			kmask |= SRIOVNIC_FKF_LATER;
		} else if (mask == IPV6_FRAG_OFFSET &&
			   spec == RTE_IPV6_EHDR_FO_ALIGN &&
			   last == IPV6_FRAG_OFFSET) {
			key |= SRIOVNIC_FKF_LATER;
			kmask |= SRIOVNIC_FKF_LATER;
		} else {
			return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
					  item, "frag_data: offset 0, non-zero or any only (the card does not see the M flag)");
		}
		key_put(c, item, SRIOVNIC_FKEY_OFF(ip_proto), &s->hdr.next_header,
			&m->hdr.next_header, 1);
	} else if (l != NULL) {
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_LAST,
				  item, "a range needs spec and mask");
	}
	ret = frag_set(c, item, key, kmask, err);
	if (ret == 0)
		ret = layer_set(c, item, SRIOVNIC_FKL_L3_MASK,
				SRIOVNIC_FKL_L3_SHIFT, SRIOVNIC_FKL_L3_IPV6, err);
	return ret;
}

/* TCP, UDP, SCTP: ports at the same offsets, nothing else matched */
static int
item_l4(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	const void *def_mask, size_t hdr_len, unsigned int l4,
	struct rte_flow_error *err)
{
	const uint8_t *s = item->spec;
	const uint8_t *m = item_mask(item, def_mask);

	if (m != NULL) {
		if (nonzero(m + 4, hdr_len - 4))
			return unsupported_field(item, err);
		key_put(c, item, SRIOVNIC_FKEY_OFF(sport), s, m, 2);
		key_put(c, item, SRIOVNIC_FKEY_OFF(dport), s + 2, m + 2, 2);
	}
	return layer_set(c, item, SRIOVNIC_FKL_L4_MASK, SRIOVNIC_FKL_L4_SHIFT,
			 l4, err);
}

/* ICMP and ICMPv6: type and code lead both headers */
static int
item_icmp(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  const void *def_mask, size_t hdr_len, unsigned int l3,
	  struct rte_flow_error *err)
{
	const uint8_t *s = item->spec;
	const uint8_t *m = item_mask(item, def_mask);
	int ret;

	if (m != NULL) {
		if (nonzero(m + 2, hdr_len - 2))
			return unsupported_field(item, err);
		key_put(c, item, SRIOVNIC_FKEY_OFF(icmp_type), s, m, 1);
		key_put(c, item, SRIOVNIC_FKEY_OFF(icmp_code), s + 1, m + 1, 1);
	}
	ret = layer_set(c, item, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			l3, err);
	if (ret == 0)
		ret = layer_set(c, item, SRIOVNIC_FKL_L4_MASK,
				SRIOVNIC_FKL_L4_SHIFT, SRIOVNIC_PTYPE_L4_ICMP,
				err);
	return ret;
}

/* B.1: an ethdev port of this switch as a function of the card. The PF
 * port represents the wire and is the PF's own queues; a representor
 * represents its VF and is its own (REP) queue.
 */
static int
port_lookup(struct sriovnic_flow_ctx *c, uint16_t port_id, bool represented,
	    uint8_t *func, bool *rep_queue)
{
	struct sriovnic_pf_adapter *pf = c->pf_ad;
	uint16_t n;

	*rep_queue = false;
	if (port_id == pf->ad.eth_dev->data->port_id) {
		*func = represented ? SRIOVNIC_FLOW_PORT_WIRE :
				      SRIOVNIC_FUNC_PF;
		return 0;
	}
	for (n = 0; n < SRIOVNIC_MAX_VFS; n++) {
		if (pf->repr[n] == NULL ||
		    pf->repr[n]->data->port_id != port_id)
			continue;
		if (represented) {
			*func = SRIOVNIC_FUNC_VF(n);
		} else {
			*func = n;
			*rep_queue = true;
		}
		return 0;
	}
	return -ENODEV;
}

static int
item_port(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	  struct rte_flow_error *err)
{
	const struct rte_flow_item_ethdev *s = item->spec;
	const struct rte_flow_item_ethdev *m = item_mask(item,
					&rte_flow_item_ethdev_mask);
	bool represented = item->type != RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR;
	uint8_t func, full = 0xff;
	bool rep;

	if (!c->transfer)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "port items need the transfer attribute");
	if (item->type == RTE_FLOW_ITEM_TYPE_PORT_ID) {
		const struct rte_flow_item_port_id *ps = item->spec;
		const struct rte_flow_item_port_id *pm = item->mask;

		if (ps == NULL || (pm != NULL && pm->id != UINT32_MAX) ||
		    ps->id > UINT16_MAX)
			return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
					  item, "port_id needs an exact port");
		s = &(struct rte_flow_item_ethdev){ .port_id = ps->id };
		m = &rte_flow_item_ethdev_mask;
	}
	if (s == NULL || m->port_id != UINT16_MAX)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "port item needs an exact ethdev port");
	if (port_lookup(c, s->port_id, represented, &func, &rep) != 0)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM_SPEC,
				  item, "ethdev port is not on this switch");
	if (rep)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, item,
				  "a representor's own frames bypass the switch");
	key_put(c, item, SRIOVNIC_FKEY_OFF(in_port), &func, &full, 1);
	return 0;
}

/* B.1: a transfer rule without a port item matches the frames of what
 * its port represents, the wire for the PF port and VF n for its
 * representor: switchdev users such as OVS create each rule on the port
 * the frames arrive at and name no source
 */
static void
implicit_source(struct sriovnic_flow_ctx *c, const struct rte_flow_attr *attr)
{
	struct sriovnic_flow_key *k = &c->flow->rule.key;
	struct sriovnic_flow_key *m = &c->flow->rule.mask;
	bool rep;

	if (!c->transfer || m->in_port != 0)
		return;
	/* the rule's own port is always on its switch */
	port_lookup(c, c->ad->eth_dev->data->port_id, true, &k->in_port, &rep);
	m->in_port = 0xff;
	origin_set(c, SRIOVNIC_FKEY_OFF(in_port), 1,
		   RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER, attr);
	origin_set(c, SRIOVNIC_FMASK_OFF(in_port), 1,
		   RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER, attr);
}

static int
parse_items(struct sriovnic_flow_ctx *c, const struct rte_flow_item *item,
	    struct rte_flow_error *err)
{
	int ret = 0;

	if (item == NULL)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM_NUM,
				  NULL, "no pattern");
	for (; ret == 0 && item->type != RTE_FLOW_ITEM_TYPE_END; item++) {
		/* IPv4 and the IPv6 fragment header check their own: a
		 * fragment offset range
		 */
		if (item->last != NULL && item->type != RTE_FLOW_ITEM_TYPE_VOID &&
		    item->type != RTE_FLOW_ITEM_TYPE_IPV4 &&
		    item->type != RTE_FLOW_ITEM_TYPE_IPV6_FRAG_EXT)
			return flow_error(err, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ITEM_LAST, item,
					  "ranges are not supported");
		switch (item->type) {
		case RTE_FLOW_ITEM_TYPE_VOID:
			break;
		case RTE_FLOW_ITEM_TYPE_ETH:
			ret = item_eth(c, item, err);
			break;
		case RTE_FLOW_ITEM_TYPE_VLAN:
			ret = item_vlan(c, item, err);
			break;
		case RTE_FLOW_ITEM_TYPE_IPV4:
			ret = item_ipv4(c, item, err);
			break;
		case RTE_FLOW_ITEM_TYPE_IPV6:
			ret = item_ipv6(c, item, err);
			break;
		case RTE_FLOW_ITEM_TYPE_IPV6_FRAG_EXT:
			ret = item_ipv6_frag_ext(c, item, err);
			break;
		case RTE_FLOW_ITEM_TYPE_TCP:
			ret = item_l4(c, item, &rte_flow_item_tcp_mask,
				      sizeof(struct rte_tcp_hdr),
				      SRIOVNIC_PTYPE_L4_TCP, err);
			break;
		case RTE_FLOW_ITEM_TYPE_UDP:
			ret = item_l4(c, item, &rte_flow_item_udp_mask,
				      sizeof(struct rte_udp_hdr),
				      SRIOVNIC_PTYPE_L4_UDP, err);
			break;
		case RTE_FLOW_ITEM_TYPE_SCTP:
			ret = item_l4(c, item, &rte_flow_item_sctp_mask,
				      sizeof(struct rte_sctp_hdr),
				      SRIOVNIC_PTYPE_L4_SCTP, err);
			break;
		case RTE_FLOW_ITEM_TYPE_ICMP:
			ret = item_icmp(c, item, &rte_flow_item_icmp_mask,
					sizeof(struct rte_icmp_hdr),
					SRIOVNIC_FKL_L3_IPV4, err);
			break;
		case RTE_FLOW_ITEM_TYPE_ICMP6:
			ret = item_icmp(c, item, &rte_flow_item_icmp6_mask,
					sizeof(struct rte_flow_item_icmp6),
					SRIOVNIC_FKL_L3_IPV6, err);
			break;
		case RTE_FLOW_ITEM_TYPE_REPRESENTED_PORT:
		case RTE_FLOW_ITEM_TYPE_PORT_REPRESENTOR:
		case RTE_FLOW_ITEM_TYPE_PORT_ID:
			ret = item_port(c, item, err);
			break;
		default:
			return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
					  item, "item not supported by the card");
		}
	}
	return ret;
}

static int
nb_rxq_of(const struct sriovnic_flow_ctx *c)
{
	return c->ad->eth_dev->data->nb_rx_queues;
}

static int
act_queue_check(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
		uint16_t q, struct rte_flow_error *err)
{
	/* rte_flow_error keeps a pointer to the message */
	static __thread char msg[64];

	if (q >= nb_rxq_of(c)) {
		snprintf(msg, sizeof(msg),
			 "queue index beyond the port's rx queues: %u of %u",
			 q, nb_rxq_of(c));
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, msg);
	}
	return 0;
}

/* B.3: RSS types after rte_eth_rss_hf_refine(). The flow engine has no
 * IPv6 extension header variants: the plain IPv6 hashes are the nearest.
 */
static const struct {
	uint64_t hf;
	uint16_t frss;
} rss_types[] = {
	{ RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |
	  RTE_ETH_RSS_NONFRAG_IPV4_OTHER, SRIOVNIC_FRSS_IPV4 },
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, SRIOVNIC_FRSS_IPV4_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, SRIOVNIC_FRSS_IPV4_UDP },
	{ RTE_ETH_RSS_NONFRAG_IPV4_SCTP, SRIOVNIC_FRSS_IPV4_SCTP },
	{ RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |
	  RTE_ETH_RSS_NONFRAG_IPV6_OTHER | RTE_ETH_RSS_IPV6_EX,
	  SRIOVNIC_FRSS_IPV6 },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_IPV6_TCP_EX,
	  SRIOVNIC_FRSS_IPV6_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_IPV6_UDP_EX,
	  SRIOVNIC_FRSS_IPV6_UDP },
	{ RTE_ETH_RSS_NONFRAG_IPV6_SCTP, SRIOVNIC_FRSS_IPV6_SCTP },
};

static int
act_rss(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
	struct rte_flow_error *err)
{
	const struct rte_flow_action_rss *rss = act->conf;
	struct sriovnic_flow_actions *a = &c->flow->rule.act;
	uint64_t hf;
	unsigned int i;
	int ret;

	if (rss->func != RTE_ETH_HASH_FUNCTION_DEFAULT &&
	    rss->func != RTE_ETH_HASH_FUNCTION_TOEPLITZ &&
	    rss->func != RTE_ETH_HASH_FUNCTION_SYMMETRIC_TOEPLITZ)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS hash function not supported");
	if (rss->level > 1)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS on inner headers not supported");
	if (rss->key_len != 0 && (rss->key_len != SRIOVNIC_RSS_KEY_LEN ||
				  rss->key == NULL))
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS key must be 40 bytes");
	if (rss->queue_num == 0 || rss->queue_num > SRIOVNIC_FLOW_RSS_QUEUES ||
	    rss->queue == NULL)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS needs 1 to 16 queues");
	for (i = 0; i < rss->queue_num; i++) {
		ret = act_queue_check(c, act, rss->queue[i], err);
		if (ret != 0)
			return ret;
	}
	/* 0: the port's types. Those the card cannot hash (L2 payload, ...)
	 * are left out, so that a generic set such as RTE_ETH_RSS_IP gets
	 * the hashes the card has.
	 */
	hf = rte_eth_rss_hf_refine(rss->types != 0 ? rss->types :
				   c->ad->rss_hf);
	if (hf & (RTE_ETH_RSS_L3_SRC_ONLY | RTE_ETH_RSS_L3_DST_ONLY |
		  RTE_ETH_RSS_L4_SRC_ONLY | RTE_ETH_RSS_L4_DST_ONLY))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS on source or destination fields only not supported");
	for (i = 0; i < RTE_DIM(rss_types); i++)
		if (hf & rss_types[i].hf)
			a->rss_types |= rss_types[i].frss;
	/* types 0 on a port that hashes nothing of these (one queue, no
	 * RSS): no hash, so every frame takes the first queue (13.7), which
	 * is what QUEUE does
	 */
	if (a->rss_types == 0 && rss->types == 0) {
		a->fate = SRIOVNIC_FATE_QUEUE;
		a->queue = rss->queue[0];
		origin_set(c, SRIOVNIC_FACT_OFF(queue), 1,
			   RTE_FLOW_ERROR_TYPE_ACTION, act);
		return 0;
	}
	if (a->rss_types == 0)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "RSS types not supported: IPv4/IPv6 and their TCP, UDP, SCTP only");
	a->fate = SRIOVNIC_FATE_RSS;
	a->rss_nq = rss->queue_num;
	for (i = 0; i < rss->queue_num; i++)
		a->rss_queue[i] = rss->queue[i];
	if (rss->func == RTE_ETH_HASH_FUNCTION_SYMMETRIC_TOEPLITZ)
		a->rss_flags |= SRIOVNIC_FRSS_SYMMETRIC;
	if (rss->key_len != 0) {
		a->rss_flags |= SRIOVNIC_FRSS_KEY;
		memcpy(a->rss_key, rss->key, SRIOVNIC_RSS_KEY_LEN);
	}
	/* the RSS fields, rss_types to rss_key */
	origin_set(c, SRIOVNIC_FACT_OFF(rss_types),
		   SRIOVNIC_FACT_OFF(rsvd1) - SRIOVNIC_FACT_OFF(rss_types),
		   RTE_FLOW_ERROR_TYPE_ACTION, act);
	return 0;
}

static int
act_port(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
	 struct rte_flow_error *err)
{
	struct sriovnic_flow_actions *a = &c->flow->rule.act;
	uint32_t port;
	uint8_t func;
	bool rep;

	if (act->type == RTE_FLOW_ACTION_TYPE_PORT_ID) {
		const struct rte_flow_action_port_id *p = act->conf;

		if (p->original || p->id > UINT16_MAX)
			return flow_error(err, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
					  "port_id needs an explicit port");
		port = p->id;
	} else {
		port = ((const struct rte_flow_action_ethdev *)act->conf)->port_id;
	}
	if (port_lookup(c, port,
			act->type != RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR,
			&func, &rep) != 0)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF,
				  act, "ethdev port is not on this switch");
	a->fate = rep ? SRIOVNIC_FATE_REP : SRIOVNIC_FATE_PORT;
	a->dest = func;
	origin_set(c, SRIOVNIC_FACT_OFF(dest), 1, RTE_FLOW_ERROR_TYPE_ACTION, act);
	return 0;
}

/* OF_* VLAN actions in the order the card applies them: pop, push, set */
static int
act_vlan(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
	 struct rte_flow_error *err)
{
	struct sriovnic_flow_actions *a = &c->flow->rule.act;
	uint16_t set_mods = SRIOVNIC_FMOD_VLAN_SET_VID |
			    SRIOVNIC_FMOD_VLAN_SET_PCP;
	uint16_t vid;
	uint8_t pcp;

	switch (act->type) {
	case RTE_FLOW_ACTION_TYPE_OF_POP_VLAN:
		if (a->mods & (SRIOVNIC_FMOD_VLAN_PUSH | set_mods))
			goto order;
		a->mods |= SRIOVNIC_FMOD_VLAN_POP;
		break;
	case RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN:
		if (((const struct rte_flow_action_of_push_vlan *)
		     act->conf)->ethertype != RTE_BE16(RTE_ETHER_TYPE_VLAN))
			return flow_error(err, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
					  "only TPID 0x8100 can be pushed");
		if (a->mods & (SRIOVNIC_FMOD_VLAN_PUSH | set_mods))
			goto order;
		a->mods |= SRIOVNIC_FMOD_VLAN_PUSH;
		c->pushed = true;
		origin_set(c, SRIOVNIC_FACT_OFF(push_tci), 2, RTE_FLOW_ERROR_TYPE_ACTION,
			   act);
		break;
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID:
		vid = rte_be_to_cpu_16(((const struct rte_flow_action_of_set_vlan_vid *)
					act->conf)->vlan_vid);
		if (vid > SRIOVNIC_FLOW_MAX_VID)
			return flow_error(err, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
					  "VLAN id above 4094");
		if (c->pushed) {
			a->push_tci = (a->push_tci & ~VLAN_VID_MASK) | vid;
		} else {
			a->mods |= SRIOVNIC_FMOD_VLAN_SET_VID;
			a->set_vid = vid;
			origin_set(c, SRIOVNIC_FACT_OFF(set_vid), 2,
				   RTE_FLOW_ERROR_TYPE_ACTION, act);
		}
		break;
	default: /* RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP */
		pcp = ((const struct rte_flow_action_of_set_vlan_pcp *)
		       act->conf)->vlan_pcp;
		if (pcp > 7)
			return flow_error(err, EINVAL,
					  RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
					  "VLAN priority above 7");
		if (c->pushed) {
			a->push_tci = (a->push_tci & 0x1fff) | pcp << 13;
		} else {
			a->mods |= SRIOVNIC_FMOD_VLAN_SET_PCP;
			a->set_pcp = pcp;
			origin_set(c, SRIOVNIC_FACT_OFF(set_pcp), 1,
				   RTE_FLOW_ERROR_TYPE_ACTION, act);
		}
		break;
	}
	return 0;
order:
	return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, act,
			  "VLAN actions must come as pop, push, set");
}

/* Which table an action belongs to (B.3): ingress, switch, or both */
static bool
act_table_ok(const struct sriovnic_flow_ctx *c, enum rte_flow_action_type t)
{
	switch (t) {
	case RTE_FLOW_ACTION_TYPE_QUEUE:
	case RTE_FLOW_ACTION_TYPE_RSS:
	case RTE_FLOW_ACTION_TYPE_MARK:
	case RTE_FLOW_ACTION_TYPE_FLAG:
		return !c->transfer;
	case RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT:
	case RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR:
	case RTE_FLOW_ACTION_TYPE_PORT_ID:
	case RTE_FLOW_ACTION_TYPE_OF_POP_VLAN:
	case RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN:
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID:
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP:
		return c->transfer;
	default:
		return true;
	}
}

static bool
act_is_fate(enum rte_flow_action_type t)
{
	switch (t) {
	case RTE_FLOW_ACTION_TYPE_DROP:
	case RTE_FLOW_ACTION_TYPE_PASSTHRU:
	case RTE_FLOW_ACTION_TYPE_JUMP:
	case RTE_FLOW_ACTION_TYPE_QUEUE:
	case RTE_FLOW_ACTION_TYPE_RSS:
	case RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT:
	case RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR:
	case RTE_FLOW_ACTION_TYPE_PORT_ID:
		return true;
	default:
		return false;
	}
}

static uint16_t
flow_groups(const struct sriovnic_flow_ctx *c)
{
	return c->ad->ops->flow->groups(c->ad);
}

static int
parse_action(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
	     struct rte_flow_error *err)
{
	struct sriovnic_flow_actions *a = &c->flow->rule.act;
	uint32_t group;

	if (act->conf == NULL &&
	    (act->type == RTE_FLOW_ACTION_TYPE_QUEUE ||
	     act->type == RTE_FLOW_ACTION_TYPE_RSS ||
	     act->type == RTE_FLOW_ACTION_TYPE_JUMP ||
	     act->type == RTE_FLOW_ACTION_TYPE_MARK ||
	     act->type == RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT ||
	     act->type == RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR ||
	     act->type == RTE_FLOW_ACTION_TYPE_PORT_ID ||
	     act->type == RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN ||
	     act->type == RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID ||
	     act->type == RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP))
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION, act,
				  "action needs its configuration");
	if (!act_table_ok(c, act->type))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, act,
				  c->transfer ? "action not available in transfer rules" :
				  "action needs the transfer attribute");
	if (act_is_fate(act->type)) {
		if (a->fate != 0)
			return flow_error(err, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ACTION, act,
					  "a rule has one fate only");
		origin_set(c, SRIOVNIC_FACT_OFF(fate), 2, RTE_FLOW_ERROR_TYPE_ACTION, act);
	}
	switch (act->type) {
	case RTE_FLOW_ACTION_TYPE_VOID:
		return 0;
	case RTE_FLOW_ACTION_TYPE_COUNT:
		c->flow->count = true;	/* every rule counts (13.8) */
		return 0;
	case RTE_FLOW_ACTION_TYPE_DROP:
		a->fate = SRIOVNIC_FATE_DROP;
		return 0;
	case RTE_FLOW_ACTION_TYPE_PASSTHRU:
		a->fate = SRIOVNIC_FATE_PASSTHRU;
		return 0;
	case RTE_FLOW_ACTION_TYPE_JUMP:
		group = ((const struct rte_flow_action_jump *)act->conf)->group;
		if (group <= c->flow->where.group || group >= flow_groups(c))
			return flow_error(err, ENOTSUP,
					  RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
					  "jump goes to a higher group only");
		a->fate = SRIOVNIC_FATE_JUMP;
		a->group = group;
		origin_set(c, SRIOVNIC_FACT_OFF(group), 1, RTE_FLOW_ERROR_TYPE_ACTION, act);
		return 0;
	case RTE_FLOW_ACTION_TYPE_QUEUE:
		a->fate = SRIOVNIC_FATE_QUEUE;
		a->queue = ((const struct rte_flow_action_queue *)act->conf)->index;
		return act_queue_check(c, act, ((const struct rte_flow_action_queue *)
					       act->conf)->index, err);
	case RTE_FLOW_ACTION_TYPE_RSS:
		return act_rss(c, act, err);
	case RTE_FLOW_ACTION_TYPE_MARK:
		a->mods |= SRIOVNIC_FMOD_MARK;
		a->mark = ((const struct rte_flow_action_mark *)act->conf)->id;
		origin_set(c, SRIOVNIC_FACT_OFF(mods), 6, RTE_FLOW_ERROR_TYPE_ACTION, act);
		return 0;
	case RTE_FLOW_ACTION_TYPE_FLAG:
		a->mods |= SRIOVNIC_FMOD_FLAG;
		return 0;
	case RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT:
	case RTE_FLOW_ACTION_TYPE_PORT_REPRESENTOR:
	case RTE_FLOW_ACTION_TYPE_PORT_ID:
		return act_port(c, act, err);
	case RTE_FLOW_ACTION_TYPE_OF_POP_VLAN:
	case RTE_FLOW_ACTION_TYPE_OF_PUSH_VLAN:
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_VID:
	case RTE_FLOW_ACTION_TYPE_OF_SET_VLAN_PCP:
		return act_vlan(c, act, err);
	default:
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, act,
				  "action not supported by the card");
	}
}

static int
parse_actions(struct sriovnic_flow_ctx *c, const struct rte_flow_action *act,
	      struct rte_flow_error *err)
{
	int ret;

	if (act == NULL)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_NUM,
				  NULL, "no actions");
	for (; act->type != RTE_FLOW_ACTION_TYPE_END; act++) {
		ret = parse_action(c, act, err);
		if (ret != 0)
			return ret;
	}
	/* no fate: the rule only marks, counts or rewrites (B.3) */
	if (c->flow->rule.act.fate == 0)
		c->flow->rule.act.fate = SRIOVNIC_FATE_PASSTHRU;
	return 0;
}

/* B.1: the table by port and attributes */
static int
parse_attr(struct sriovnic_flow_ctx *c, const struct rte_flow_attr *attr,
	   struct rte_flow_error *err)
{
	struct sriovnic_flow_place *w = &c->flow->where;

	if (attr == NULL)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ATTR, NULL,
				  "no attributes");
	if (attr->egress)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ATTR_EGRESS,
				  attr, "egress rules not supported");
	if (attr->transfer && c->pf_ad == NULL)
		return flow_error(err, ENOTSUP,
				  RTE_FLOW_ERROR_TYPE_ATTR_TRANSFER, attr,
				  "a VF has no switch rules; use the PF port");
	/* a port of the switch other than the PF's own: a representor */
	if (!attr->transfer && c->pf_ad != NULL && &c->pf_ad->ad != c->ad)
		return flow_error(err, ENOTSUP,
				  RTE_FLOW_ERROR_TYPE_ATTR_INGRESS, attr,
				  "representor rules need the transfer attribute");
	if (!attr->transfer && !attr->ingress)
		return flow_error(err, EINVAL, RTE_FLOW_ERROR_TYPE_ATTR_INGRESS,
				  attr, "ingress or transfer needed");
	if (attr->group >= flow_groups(c))
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ATTR_GROUP,
				  attr, "group beyond the card's groups");
	if (attr->priority >= SRIOVNIC_FLOW_PRIOS)
		return flow_error(err, ENOTSUP,
				  RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
				  "priority above 255");
	c->transfer = attr->transfer;
	w->table = c->transfer ? SRIOVNIC_FLOW_TBL_SWITCH :
		   SRIOVNIC_FLOW_TBL_INGRESS;
	w->func = SRIOVNIC_FUNC_PF;	/* the PF's own; VFs: the PF knows */
	w->group = attr->group;
	w->priority = attr->priority;
	return 0;
}

int
sriovnic_flow_parse(struct sriovnic_flow_ctx *c, struct rte_eth_dev *dev,
	   const struct rte_flow_attr *attr,
	   const struct rte_flow_item pattern[],
	   const struct rte_flow_action actions[], struct rte_flow *flow,
	   struct rte_flow_error *err)
{
	int ret;

	memset(c, 0, sizeof(*c));
	memset(flow, 0, sizeof(*flow));
	c->ad = SRIOVNIC_DEV_TO_AD(dev);
	c->pf_ad = c->ad->ops->switch_pf(c->ad);
	c->flow = flow;
	if (flow_groups(c) == 0)
		return flow_error(err, ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
				  NULL, c->pf_ad ? "the card has no flow engine" :
				  "the PF offers no flow rules to this VF");
	ret = parse_attr(c, attr, err);
	if (ret == 0)
		ret = parse_items(c, pattern, err);
	if (ret == 0) {
		implicit_source(c, attr);
		ret = parse_actions(c, actions, err);
	}
	return ret;
}
