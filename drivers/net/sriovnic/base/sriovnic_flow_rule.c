/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "sriovnic_flow_rule.h"


static int
bad(uint16_t *info, uint16_t *err_off, uint16_t code, size_t off)
{
	*info = code;
	*err_off = off;
	return code == SRIOVNIC_AQE_ACTION ? -EOPNOTSUPP : -EINVAL;
}

static bool
any(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len-- > 0)
		if (*b++ != 0)
			return true;
	return false;
}

/* Value of a layer field if masked entirely, -1 if not masked at all,
 * -2 if masked in part
 */
static int
layer(const struct sriovnic_flow_rule *r, uint8_t field, unsigned int shift)
{
	uint8_t m = r->mask.layers & field;

	if (m == 0)
		return -1;
	if (m != field)
		return -2;
	return (r->key.layers & field) >> shift;
}

/* Offset of the first non-zero mask byte in [off, off + len), or -1 */
static int
mask_nz(const struct sriovnic_flow_rule *r, size_t off, size_t len)
{
	int o = sriovnic_first_nz((const uint8_t *)&r->mask + off, len);

	return o < 0 ? -1 : (int)(offsetof(struct sriovnic_flow_rule, mask) +
				  off + o);
}

/* Rules 5-8 of 13.4: a field compared only on frames that have it */
static const struct {
	uint8_t off, len;
	uint8_t rule;		/* 5 VLAN, 6 L3, 7 ports, 8 ICMP */
} key_fields[] = {
	{ SRIOVNIC_FKEY_OFF(vlan_tci), 2, 5 },
	{ SRIOVNIC_FKEY_OFF(ip_proto), 3, 6 },	/* ip_proto, ip_tos, ip_ttl */
	{ SRIOVNIC_FKEY_OFF(ip_frag), 1, 6 },
	{ SRIOVNIC_FKEY_OFF(src_ip), 32, 6 },	/* src_ip, dst_ip */
	{ SRIOVNIC_FKEY_OFF(sport), 4, 7 },	/* sport, dport */
	{ SRIOVNIC_FKEY_OFF(icmp_type), 2, 8 },	/* icmp_type, icmp_code */
};

static bool
key_field_ok(unsigned int rule, int vlan, int l3, int l4)
{
	switch (rule) {
	case 5:
		return vlan == 1;
	case 6:
		return l3 == SRIOVNIC_FKL_L3_IPV4 || l3 == SRIOVNIC_FKL_L3_IPV6;
	case 7:
		return l4 >= SRIOVNIC_PTYPE_L4_TCP && l4 <= SRIOVNIC_PTYPE_L4_SCTP;
	default:
		return l4 == SRIOVNIC_PTYPE_L4_ICMP;
	}
}

/* 13.4 in order; err_off as the datasheet says which byte it names */
static int
key_check(const struct sriovnic_flow_rule *r,
	  const struct sriovnic_flow_limits *lim, uint16_t *info,
	  uint16_t *err_off)
{
	const uint8_t *key = (const uint8_t *)&r->key;
	const uint8_t *mask = (const uint8_t *)&r->mask;
	const struct sriovnic_flow_key *m = &r->mask;
	int vlan, l3, l4, off;
	unsigned int rule, i;

	for (i = 0; i < sizeof(r->key); i++)
		if (key[i] & ~mask[i])
			return bad(info, err_off, SRIOVNIC_AQE_KEY, i);
	if (m->layers & SRIOVNIC_FKL_RSVD_MASK)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FMASK_OFF(layers));
	if (m->ip_frag & ~lim->ip_frag)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FMASK_OFF(ip_frag));
	off = mask_nz(r, SRIOVNIC_FKEY_OFF(rsvd1), 4);
	if (off >= 0)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, off);
	if (m->in_port != 0 && m->in_port != 0xff)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FMASK_OFF(in_port));
	if (m->in_port == 0xff && r->key.in_port > lim->num_vfs &&
	    r->key.in_port != SRIOVNIC_FLOW_PORT_WIRE)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FKEY_OFF(in_port));
	vlan = layer(r, SRIOVNIC_FKL_VLAN, 0);
	l3 = layer(r, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT);
	l4 = layer(r, SRIOVNIC_FKL_L4_MASK, SRIOVNIC_FKL_L4_SHIFT);
	if (vlan == -2 || l3 == -2 || l4 == -2)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FMASK_OFF(layers));
	if (l3 == 3 || l4 > SRIOVNIC_PTYPE_L4_FRAG)
		return bad(info, err_off, SRIOVNIC_AQE_KEY, SRIOVNIC_FKEY_OFF(layers));
	for (rule = 5; rule <= 8; rule++) {
		for (i = 0; i < RTE_DIM(key_fields); i++) {
			if (key_fields[i].rule != rule ||
			    key_field_ok(rule, vlan, l3, l4))
				continue;
			off = mask_nz(r, key_fields[i].off, key_fields[i].len);
			if (off >= 0)
				return bad(info, err_off, SRIOVNIC_AQE_KEY, off);
		}
		if (rule == 6 && l3 == SRIOVNIC_FKL_L3_IPV4) {
			off = mask_nz(r, SRIOVNIC_FKEY_OFF(src_ip) + 4, 12);
			if (off < 0)
				off = mask_nz(r, SRIOVNIC_FKEY_OFF(dst_ip) + 4, 12);
			if (off >= 0)
				return bad(info, err_off, SRIOVNIC_AQE_KEY, off);
		}
	}
	return 0;
}

static int
act_check(const struct sriovnic_flow_rule *r,
	  const struct sriovnic_flow_limits *lim, uint16_t *info,
	  uint16_t *err_off)
{
	const struct sriovnic_flow_actions *a = &r->act;
	bool rss = a->fate == SRIOVNIC_FATE_RSS;
	unsigned int i;

	if (a->fate == 0 || a->fate > SRIOVNIC_FATE_RSS ||
	    !(lim->fates & RTE_BIT32(a->fate)))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION, SRIOVNIC_FACT_OFF(fate));
	if ((a->mods & ~lim->mods) ||
	    ((a->mods & SRIOVNIC_FMOD_METER) && lim->meters == 0))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION, SRIOVNIC_FACT_OFF(mods));

	/* an argument of an absent fate or modifier must be 0 */
	if (a->fate == SRIOVNIC_FATE_QUEUE ? a->queue >= lim->nb_queues :
	    a->queue != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG, SRIOVNIC_FACT_OFF(queue));
	if (a->mark != 0 && !(a->mods & SRIOVNIC_FMOD_MARK))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG, SRIOVNIC_FACT_OFF(mark));
	if (a->fate == SRIOVNIC_FATE_PORT ? (a->dest > lim->num_vfs &&
	    a->dest != SRIOVNIC_FLOW_PORT_WIRE) :
	    a->fate == SRIOVNIC_FATE_REP ? a->dest >= lim->num_vfs :
	    a->dest != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG, SRIOVNIC_FACT_OFF(dest));
	if (a->fate == SRIOVNIC_FATE_JUMP ?
	    (a->group <= lim->group || a->group >= lim->groups) :
	    a->group != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG, SRIOVNIC_FACT_OFF(group));
	if ((a->mods & SRIOVNIC_FMOD_METER) ? a->meter >= lim->meters :
	    a->meter != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG, SRIOVNIC_FACT_OFF(meter));
	if ((a->mods & SRIOVNIC_FMOD_VLAN_PUSH) ?
	    (a->push_tci & 0xfff) > SRIOVNIC_FLOW_MAX_VID : a->push_tci != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(push_tci));
	if ((a->mods & SRIOVNIC_FMOD_VLAN_SET_VID) ?
	    a->set_vid > SRIOVNIC_FLOW_MAX_VID : a->set_vid != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(set_vid));
	if (rss ? (a->rss_types == 0 || (a->rss_types & 0xff00)) :
	    a->rss_types != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rss_types));
	if (rss ? (a->rss_flags & ~(SRIOVNIC_FRSS_SYMMETRIC |
				    SRIOVNIC_FRSS_KEY)) : a->rss_flags != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rss_flags));
	if (rss ? (a->rss_nq == 0 || a->rss_nq > SRIOVNIC_FLOW_RSS_QUEUES) :
	    a->rss_nq != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rss_nq));
	if ((a->mods & SRIOVNIC_FMOD_VLAN_SET_PCP) ? a->set_pcp > 7 :
	    a->set_pcp != 0)
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(set_pcp));
	if (any(a->rsvd0, sizeof(a->rsvd0)))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rsvd0));
	for (i = 0; i < SRIOVNIC_FLOW_RSS_QUEUES; i++)
		if (i < a->rss_nq ? a->rss_queue[i] >= lim->nb_queues :
		    a->rss_queue[i] != 0)
			return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
				   SRIOVNIC_FACT_OFF(rss_queue) + i);
	if (!(a->rss_flags & SRIOVNIC_FRSS_KEY) &&
	    any(a->rss_key, sizeof(a->rss_key)))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rss_key));
	if (any(a->rsvd1, sizeof(a->rsvd1)))
		return bad(info, err_off, SRIOVNIC_AQE_ACTION_ARG,
			   SRIOVNIC_FACT_OFF(rsvd1));
	return 0;
}

int
sriovnic_flow_rule_check(const struct sriovnic_flow_rule *r,
			 const struct sriovnic_flow_limits *lim,
			 uint16_t *info, uint16_t *err_off)
{
	int ret = key_check(r, lim, info, err_off);

	if (ret == 0)
		ret = act_check(r, lim, info, err_off);
	if (ret == 0) {
		*info = 0;
		*err_off = SRIOVNIC_FLOW_ERR_OFF_NONE;
	}
	return ret;
}

bool
sriovnic_flow_rule_chunk(const struct sriovnic_flow_rule *r,
			 unsigned int *pos, struct sriovnic_mbx_flow_add *msg)
{
	const uint32_t *dw = (const uint32_t *)r;
	unsigned int n = 0;

	msg->map = 0;
	memset(msg->data, 0, sizeof(msg->data));
	for (; *pos < SRIOVNIC_FLOW_RULE_LEN / 4 &&
	       n < SRIOVNIC_MBX_FLOW_DWORDS; (*pos)++) {
		if (dw[*pos] == 0)
			continue;
		msg->map |= RTE_BIT64(*pos);
		msg->data[n++] = dw[*pos];
	}
	/* skip zero dwords, so that the last chunk knows it is last */
	while (*pos < SRIOVNIC_FLOW_RULE_LEN / 4 && dw[*pos] == 0)
		(*pos)++;
	return *pos == SRIOVNIC_FLOW_RULE_LEN / 4;
}

int
sriovnic_flow_rule_store(struct sriovnic_flow_rule *r,
			 const struct sriovnic_mbx_flow_add *msg)
{
	uint32_t *dw = (uint32_t *)r;
	unsigned int i, n = 0;

	if (__builtin_popcountll(msg->map) > SRIOVNIC_MBX_FLOW_DWORDS)
		return -EINVAL;
	for (i = 0; i < SRIOVNIC_FLOW_RULE_LEN / 4; i++)
		if (msg->map & RTE_BIT64(i))
			dw[i] = msg->data[n++];
	return 0;
}

static bool
vf_func(uint8_t f)
{
	return f >= SRIOVNIC_FUNC_VF(0) && f <= SRIOVNIC_FUNC_VF(SRIOVNIC_MAX_VFS - 1);
}

int
sriovnic_flow_rule_vf_fields(const struct sriovnic_flow_rule *r, uint16_t vf)
{
	const struct sriovnic_flow_actions *a = &r->act;
	bool other = false;
	int fields = 0;

	if (r->mask.in_port == 0xff) {
		if (r->key.in_port == SRIOVNIC_FUNC_VF(vf))
			fields |= SRIOVNIC_FRULE_FROM_VF;
		else
			other = vf_func(r->key.in_port);
	} else if (r->mask.in_port != 0) {
		/* a partial mask may match VFs beside this one */
		return -1;
	}
	if (a->fate == SRIOVNIC_FATE_PORT) {
		if (a->dest == SRIOVNIC_FUNC_VF(vf))
			fields |= SRIOVNIC_FRULE_TO_VF;
		else
			other |= vf_func(a->dest);
	} else if (a->fate == SRIOVNIC_FATE_REP) {
		if (a->dest == vf)
			fields |= SRIOVNIC_FRULE_TO_VF;
		else
			other = true;
	}
	return other ? -1 : fields;
}

void
sriovnic_flow_rule_vf_put(struct sriovnic_flow_rule *r, unsigned int fields,
			  int vf)
{
	if (fields & SRIOVNIC_FRULE_FROM_VF)
		r->key.in_port = vf < 0 ? 0 : SRIOVNIC_FUNC_VF(vf);
	if (fields & SRIOVNIC_FRULE_TO_VF)
		r->act.dest = vf < 0 ? 0 :
			      r->act.fate == SRIOVNIC_FATE_REP ? vf :
			      SRIOVNIC_FUNC_VF(vf);
}
