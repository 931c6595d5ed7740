/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The checks of a FLOW_ADD rule buffer (datasheet 13.4, 13.5), in the
 * documented order; err_off names the offending byte or field.
 */

#include <errno.h>
#include <stddef.h>

#include "emu.h"
#include "flow.h"
#include "flow_store.h"


#define FKL_L3(v)	(((v) & SRIOVNIC_FKL_L3_MASK) >> SRIOVNIC_FKL_L3_SHIFT)
#define FKL_L4(v)	(((v) & SRIOVNIC_FKL_L4_MASK) >> SRIOVNIC_FKL_L4_SHIFT)
#define FKL_L3_BAD	3
#define FKL_L4_MAX	SRIOVNIC_PTYPE_L4_FRAG
#define FRSS_TYPES	0xffu
#define FRSS_FLAGS	(SRIOVNIC_FRSS_SYMMETRIC | SRIOVNIC_FRSS_KEY)
#define FMOD_SWITCH	(SRIOVNIC_FMOD_VLAN_POP | SRIOVNIC_FMOD_VLAN_PUSH | \
			 SRIOVNIC_FMOD_VLAN_SET_VID | SRIOVNIC_FMOD_VLAN_SET_PCP)
#define FMOD_INGRESS	(SRIOVNIC_FMOD_MARK | SRIOVNIC_FMOD_FLAG)
#define PCP_MAX		7

/* Whether layer bits sel are masked entirely and the key has value v */
static bool
layer_is(const struct sriovnic_flow_key *k, const struct sriovnic_flow_key *m,
	 uint8_t sel, unsigned int shift, uint8_t v)
{
	return (m->layers & sel) == sel &&
		(k->layers & sel) >> shift == v;
}

static bool
l3_is_ip(const struct sriovnic_flow_key *k, const struct sriovnic_flow_key *m)
{
	return layer_is(k, m, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			SRIOVNIC_FKL_L3_IPV4) ||
		layer_is(k, m, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			 SRIOVNIC_FKL_L3_IPV6);
}

static bool
l4_is(const struct sriovnic_flow_key *k, const struct sriovnic_flow_key *m,
      uint8_t l4)
{
	return layer_is(k, m, SRIOVNIC_FKL_L4_MASK, SRIOVNIC_FKL_L4_SHIFT, l4);
}

/* 13.4: the offending byte in *off */
static int
check_key(const struct emu *emu, const struct sriovnic_flow_key *k,
	  const struct sriovnic_flow_key *m, uint16_t *off)
{
	static const uint8_t layer_sel[] = {
		SRIOVNIC_FKL_VLAN, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L4_MASK,
	};
	const uint8_t *kb = (const uint8_t *)k, *mb = (const uint8_t *)m;
	bool ipv4;
	unsigned int i;
	int o;

	/* 1. no key bit outside the mask */
	for (i = 0; i < sizeof(*k); i++)
		if (kb[i] & ~mb[i]) {
			*off = i;
			return -EINVAL;
		}
	/* 2. reserved bits of the mask */
	if (m->layers & SRIOVNIC_FKL_RSVD_MASK) {
		*off = SRIOVNIC_FMASK_OFF(layers);
		return -EINVAL;
	}
	if (m->ip_frag & ~(emu->caps & SRIOVNIC_CAP_FLOW_FRAG ?
			   SRIOVNIC_FKF_MASK : 0)) {
		*off = SRIOVNIC_FMASK_OFF(ip_frag);
		return -EINVAL;
	}
	o = sriovnic_first_nz(&m->rsvd1, sizeof(m->rsvd1));
	if (o >= 0) {
		*off = SRIOVNIC_FMASK_OFF(rsvd1) + o;
		return -EINVAL;
	}
	/* 3. in_port all or nothing, a function or the wire */
	if (m->in_port != 0 && m->in_port != UINT8_MAX) {
		*off = SRIOVNIC_FMASK_OFF(in_port);
		return -EINVAL;
	}
	if (m->in_port != 0 && k->in_port > emu->opts->nb_vfs &&
	    k->in_port != SRIOVNIC_FLOW_PORT_WIRE) {
		*off = SRIOVNIC_FKEY_OFF(in_port);
		return -EINVAL;
	}
	/* 4. each layer field all or nothing, and a known value */
	for (i = 0; i < RTE_DIM(layer_sel); i++)
		if ((m->layers & layer_sel[i]) != 0 &&
		    (m->layers & layer_sel[i]) != layer_sel[i]) {
			*off = SRIOVNIC_FMASK_OFF(layers);
			return -EINVAL;
		}
	if ((m->layers & SRIOVNIC_FKL_L3_MASK) &&
	    FKL_L3(k->layers) == FKL_L3_BAD) {
		*off = SRIOVNIC_FKEY_OFF(layers);
		return -EINVAL;
	}
	if ((m->layers & SRIOVNIC_FKL_L4_MASK) &&
	    FKL_L4(k->layers) > FKL_L4_MAX) {
		*off = SRIOVNIC_FKEY_OFF(layers);
		return -EINVAL;
	}
	/* 5.-8. a field is compared only on frames that have it */
	o = sriovnic_first_nz(&m->vlan_tci, sizeof(m->vlan_tci));
	if (o >= 0 && !layer_is(k, m, SRIOVNIC_FKL_VLAN, 0, 1)) {
		*off = SRIOVNIC_FMASK_OFF(vlan_tci) + o;
		return -EINVAL;
	}
	if (!l3_is_ip(k, m)) {
		static const struct { size_t off, len; } l3[] = {
			{ SRIOVNIC_FKEY_OFF(ip_proto), 3 },	/* proto, tos, ttl */
			{ SRIOVNIC_FKEY_OFF(ip_frag), 1 },
			{ SRIOVNIC_FKEY_OFF(src_ip), 32 },	/* src_ip, dst_ip */
		};

		for (i = 0; i < RTE_DIM(l3); i++) {
			o = sriovnic_first_nz(mb + l3[i].off, l3[i].len);
			if (o >= 0) {
				*off = sizeof(*m) + l3[i].off + o;
				return -EINVAL;
			}
		}
	}
	ipv4 = layer_is(k, m, SRIOVNIC_FKL_L3_MASK, SRIOVNIC_FKL_L3_SHIFT,
			SRIOVNIC_FKL_L3_IPV4);
	if (ipv4) {
		o = sriovnic_first_nz(m->src_ip + 4, sizeof(m->src_ip) - 4);
		if (o >= 0) {
			*off = SRIOVNIC_FMASK_OFF(src_ip) + 4 + o;
			return -EINVAL;
		}
		o = sriovnic_first_nz(m->dst_ip + 4, sizeof(m->dst_ip) - 4);
		if (o >= 0) {
			*off = SRIOVNIC_FMASK_OFF(dst_ip) + 4 + o;
			return -EINVAL;
		}
	}
	/* sport, dport */
	o = sriovnic_first_nz(&m->sport, 4);
	if (o >= 0 && !l4_is(k, m, SRIOVNIC_PTYPE_L4_TCP) &&
	    !l4_is(k, m, SRIOVNIC_PTYPE_L4_UDP) &&
	    !l4_is(k, m, SRIOVNIC_PTYPE_L4_SCTP)) {
		*off = SRIOVNIC_FMASK_OFF(sport) + o;
		return -EINVAL;
	}
	/* icmp_type, icmp_code */
	o = sriovnic_first_nz(&m->icmp_type, 2);
	if (o >= 0 && !l4_is(k, m, SRIOVNIC_PTYPE_L4_ICMP)) {
		*off = SRIOVNIC_FMASK_OFF(icmp_type) + o;
		return -EINVAL;
	}
	return 0;
}

/* 13.5 check 1: fate and modifiers the table has */
static int
check_fate(const struct emu *emu, const struct sriovnic_flow_actions *a,
	   bool sw, uint16_t *off)
{
	uint16_t mods = sw ? FMOD_SWITCH : FMOD_INGRESS;

	if (emu->caps & SRIOVNIC_CAP_METER)
		mods |= SRIOVNIC_FMOD_METER;
	switch (a->fate) {
	case SRIOVNIC_FATE_DROP:
	case SRIOVNIC_FATE_PASSTHRU:
	case SRIOVNIC_FATE_JUMP:
		break;
	case SRIOVNIC_FATE_PORT:
	case SRIOVNIC_FATE_REP:
		if (sw)
			break;
		*off = SRIOVNIC_FACT_OFF(fate);
		return -EOPNOTSUPP;
	case SRIOVNIC_FATE_QUEUE:
	case SRIOVNIC_FATE_RSS:
		if (!sw)
			break;
		/* fall through */
	default:
		*off = SRIOVNIC_FACT_OFF(fate);
		return -EOPNOTSUPP;
	}
	if (a->mods & ~mods) {
		*off = SRIOVNIC_FACT_OFF(mods);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* A queue of the owner's (its QUEUES register) */
static bool
owner_queue(const struct emu *emu, uint8_t owner, uint8_t q)
{
	return q < (emu_rd32(&emu->funcs[owner], SRIOVNIC_QUEUES) & 0xffff);
}

/* 13.5 check 2, field by field in buffer order */
static int
check_args(const struct emu *emu, const struct sriovnic_flow_actions *a,
	   uint8_t owner, uint8_t group, uint16_t *off)
{
	bool rss = a->fate == SRIOVNIC_FATE_RSS;
	uint16_t mods = a->mods;
	unsigned int i;
	int o;

#define ARG_CHECK(cond, field) do {		\
		if (!(cond)) {			\
			*off = SRIOVNIC_FACT_OFF(field);	\
			return -EINVAL;		\
		}				\
	} while (0)
	ARG_CHECK(a->fate == SRIOVNIC_FATE_QUEUE ?
		  owner_queue(emu, owner, a->queue) : a->queue == 0, queue);
	ARG_CHECK((mods & SRIOVNIC_FMOD_MARK) || a->mark == 0, mark);
	if (a->fate == SRIOVNIC_FATE_PORT)
		ARG_CHECK(a->dest <= emu->opts->nb_vfs ||
			  a->dest == SRIOVNIC_FLOW_PORT_WIRE, dest);
	else if (a->fate == SRIOVNIC_FATE_REP)
		ARG_CHECK(a->dest < emu->opts->nb_vfs, dest);
	else
		ARG_CHECK(a->dest == 0, dest);
	ARG_CHECK(a->fate == SRIOVNIC_FATE_JUMP ?
		  a->group > group && a->group < EMU_FLOW_GROUPS :
		  a->group == 0, group);
	/* no meter is ever defined: meters are absent */
	ARG_CHECK(a->meter == 0, meter);
	ARG_CHECK((mods & SRIOVNIC_FMOD_VLAN_PUSH) ?
		  RTE_VLAN_TCI_ID(a->push_tci) <= SRIOVNIC_FLOW_MAX_VID :
		  a->push_tci == 0, push_tci);
	ARG_CHECK((mods & SRIOVNIC_FMOD_VLAN_SET_VID) ?
		  a->set_vid <= SRIOVNIC_FLOW_MAX_VID : a->set_vid == 0,
		  set_vid);
	ARG_CHECK(rss ? (a->rss_types & FRSS_TYPES) != 0 &&
		  !(a->rss_types & ~FRSS_TYPES) : a->rss_types == 0,
		  rss_types);
	ARG_CHECK(rss ? !(a->rss_flags & ~FRSS_FLAGS) : a->rss_flags == 0,
		  rss_flags);
	ARG_CHECK(rss ? a->rss_nq >= 1 &&
		  a->rss_nq <= SRIOVNIC_FLOW_RSS_QUEUES : a->rss_nq == 0,
		  rss_nq);
	ARG_CHECK((mods & SRIOVNIC_FMOD_VLAN_SET_PCP) ?
		  a->set_pcp <= PCP_MAX : a->set_pcp == 0, set_pcp);
	o = sriovnic_first_nz(a->rsvd0, sizeof(a->rsvd0));
	if (o >= 0) {
		*off = SRIOVNIC_FACT_OFF(rsvd0) + o;
		return -EINVAL;
	}
	for (i = 0; i < SRIOVNIC_FLOW_RSS_QUEUES; i++)
		if (i < a->rss_nq ? !owner_queue(emu, owner, a->rss_queue[i]) :
		    a->rss_queue[i] != 0) {
			*off = SRIOVNIC_FACT_OFF(rss_queue) + i;
			return -EINVAL;
		}
	if (!(rss && (a->rss_flags & SRIOVNIC_FRSS_KEY))) {
		o = sriovnic_first_nz(a->rss_key, sizeof(a->rss_key));
		if (o >= 0) {
			*off = SRIOVNIC_FACT_OFF(rss_key) + o;
			return -EINVAL;
		}
	}
	o = sriovnic_first_nz(a->rsvd1, sizeof(a->rsvd1));
	if (o >= 0) {
		*off = SRIOVNIC_FACT_OFF(rsvd1) + o;
		return -EINVAL;
	}
#undef ARG_CHECK
	return 0;
}

int
flow_check_rule(const struct emu *emu, const struct sriovnic_flow_rule *r,
		uint8_t table, uint8_t func, uint8_t group, uint16_t *info,
		uint16_t *err_off)
{
	bool sw = table == SRIOVNIC_FLOW_TBL_SWITCH;
	uint8_t owner = sw ? SRIOVNIC_FUNC_PF : func;
	int ret;

	ret = check_key(emu, &r->key, &r->mask, err_off);
	if (ret < 0) {
		*info = SRIOVNIC_AQE_KEY;
		return ret;
	}
	ret = check_fate(emu, &r->act, sw, err_off);
	if (ret < 0) {
		*info = SRIOVNIC_AQE_ACTION;
		return ret;
	}
	ret = check_args(emu, &r->act, owner, group, err_off);
	if (ret < 0)
		*info = SRIOVNIC_AQE_ACTION_ARG;
	return ret;
}
