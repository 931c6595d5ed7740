/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The rule buffer as the PF checks a VF's rule before the card (13.4 key
 * and mask, 13.5 actions: errno, detail code, err_off), and its transport
 * in mailbox chunks (11.6): cut and put together again unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>

#include "sriovnic_flow_rule.h"
#include "test_check.h"

static const struct sriovnic_flow_limits lim = {
	.num_vfs = 4, .groups = 32, .group = 1, .nb_queues = 4,
	.fates = SRIOVNIC_FLOW_FATES_INGRESS,
	.mods = SRIOVNIC_FLOW_MODS_INGRESS,
};

/* ipv4 / udp dst 5000 -> queue 1 */
static void
base_rule(struct sriovnic_flow_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->key.layers = SRIOVNIC_FKL_L3_IPV4 << SRIOVNIC_FKL_L3_SHIFT |
			SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_FKL_L4_SHIFT;
	r->mask.layers = SRIOVNIC_FKL_L3_MASK | SRIOVNIC_FKL_L4_MASK;
	r->key.dport = rte_cpu_to_be_16(5000);
	r->mask.dport = 0xffff;
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = 1;
}

/* The check's verdict as errno, detail code and err_off in one value */
static int
verdict(const struct sriovnic_flow_rule *r, uint16_t *info, uint16_t *off)
{
	return sriovnic_flow_rule_check(r, &lim, info, off);
}

#define EXPECT(r, err, code, offset) do { \
	uint16_t info_, off_; \
	CHECK(verdict(r, &info_, &off_) == (err) && info_ == (code) && \
	      off_ == (offset)); \
} while (0)

#define M(f)	(64 + offsetof(struct sriovnic_flow_key, f))
#define K(f)	offsetof(struct sriovnic_flow_key, f)
#define A(f)	(128 + offsetof(struct sriovnic_flow_actions, f))

static void
test_check(void)
{
	struct sriovnic_flow_rule r;

	base_rule(&r);
	EXPECT(&r, 0, 0, SRIOVNIC_FLOW_ERR_OFF_NONE);
	/* 13.4 rule 1: a key bit the mask does not compare */
	r.key.sport = rte_cpu_to_be_16(1);
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, K(sport) + 1);
	/* rule 2: reserved mask bytes */
	base_rule(&r);
	r.mask.rsvd1 = rte_cpu_to_be_32(0x00ff0000);
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(rsvd1) + 1);
	/* rule 3: in_port mask, then value */
	base_rule(&r);
	r.mask.in_port = 0x0f;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(in_port));
	r.mask.in_port = 0xff;
	r.key.in_port = 5;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, K(in_port));
	r.key.in_port = SRIOVNIC_FLOW_PORT_WIRE;
	EXPECT(&r, 0, 0, SRIOVNIC_FLOW_ERR_OFF_NONE);
	/* rule 4: a layer masked in part, an L4 value that does not exist */
	base_rule(&r);
	r.mask.layers = SRIOVNIC_FKL_L3_MASK | (1u << SRIOVNIC_FKL_L4_SHIFT);
	r.key.layers &= r.mask.layers;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(layers));
	base_rule(&r);
	r.key.layers = 6 << SRIOVNIC_FKL_L4_SHIFT;
	r.mask.dport = 0;
	r.key.dport = 0;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, K(layers));
	/* rules 5-8: fields of layers the frame may not have */
	base_rule(&r);
	r.mask.vlan_tci = rte_cpu_to_be_16(0x0fff);
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(vlan_tci));
	base_rule(&r);
	r.mask.src_ip[9] = 0xff;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(src_ip) + 9);
	base_rule(&r);
	r.mask.icmp_code = 0xff;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(icmp_code));
	base_rule(&r);
	r.key.layers = SRIOVNIC_FKL_L3_IPV6 << SRIOVNIC_FKL_L3_SHIFT;
	r.mask.layers = SRIOVNIC_FKL_L3_MASK;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_KEY, M(dport));

	/* 13.5: fate and modifiers of the table, then arguments in order */
	base_rule(&r);
	r.act.fate = SRIOVNIC_FATE_PORT;
	EXPECT(&r, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A(fate));
	base_rule(&r);
	r.act.mods = SRIOVNIC_FMOD_VLAN_POP;
	EXPECT(&r, -EOPNOTSUPP, SRIOVNIC_AQE_ACTION, A(mods));
	base_rule(&r);
	r.act.queue = 4;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(queue));
	base_rule(&r);
	r.act.mark = 7;		/* without FMOD_MARK */
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(mark));
	r.act.mods = SRIOVNIC_FMOD_MARK;
	EXPECT(&r, 0, 0, SRIOVNIC_FLOW_ERR_OFF_NONE);
	base_rule(&r);
	r.act.fate = SRIOVNIC_FATE_JUMP;
	r.act.queue = 0;
	r.act.group = 1;	/* not above the rule's group */
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(group));
	base_rule(&r);
	r.act.fate = SRIOVNIC_FATE_RSS;
	r.act.queue = 0;
	r.act.rss_types = SRIOVNIC_FRSS_IPV4_UDP;
	r.act.rss_nq = 2;
	r.act.rss_queue[1] = 5;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(rss_queue) + 1);
	r.act.rss_queue[1] = 3;
	r.act.rss_key[3] = 1;	/* a key without FRSS_KEY */
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(rss_key));
	r.act.rss_flags = SRIOVNIC_FRSS_KEY | SRIOVNIC_FRSS_SYMMETRIC;
	EXPECT(&r, 0, 0, SRIOVNIC_FLOW_ERR_OFF_NONE);
	r.act.rsvd1[47] = 1;
	EXPECT(&r, -EINVAL, SRIOVNIC_AQE_ACTION_ARG, A(rsvd1));
}

/* Chunks of every rule put together again give the rule; each has at
 * most 10 dwords and only the last says so
 */
static void
test_chunks(void)
{
	struct sriovnic_flow_rule r, back;
	struct sriovnic_mbx_flow_add m;
	unsigned int pos, msgs, i;
	uint8_t *b = (uint8_t *)&r;
	bool last;

	for (i = 0; i <= sizeof(r); i += 8) {
		memset(&r, 0, sizeof(r));
		memset(b, 0x5a, i);	/* the first i bytes set */
		memset(&back, 0, sizeof(back));
		pos = 0;
		msgs = 0;
		do {
			last = sriovnic_flow_rule_chunk(&r, &pos, &m);
			CHECK(__builtin_popcountll(m.map) <= SRIOVNIC_MBX_FLOW_DWORDS);
			CHECK(sriovnic_flow_rule_store(&back, &m) == 0);
			msgs++;
		} while (!last && msgs < 100);
		CHECK(memcmp(&r, &back, sizeof(r)) == 0);
		CHECK(msgs == (i / 4 + SRIOVNIC_MBX_FLOW_DWORDS - 1) /
		      SRIOVNIC_MBX_FLOW_DWORDS || (i == 0 && msgs == 1));
	}
	m.map = 0x7ff;
	CHECK(sriovnic_flow_rule_store(&back, &m) == -EINVAL);
}

/* A switch rule from in_port to a fate and dest */
static struct sriovnic_flow_rule
switch_rule(int in_port, uint8_t fate, uint8_t dest)
{
	struct sriovnic_flow_rule r;

	memset(&r, 0, sizeof(r));
	if (in_port >= 0) {
		r.key.in_port = in_port;
		r.mask.in_port = 0xff;
	}
	r.act.fate = fate;
	r.act.dest = dest;
	return r;
}

/* Which fields name a VF, and their rewriting for another VF */
static void
test_vf_fields(void)
{
	struct sriovnic_flow_rule r, q;
	int f;

	/* wire -> VF 3 */
	r = switch_rule(SRIOVNIC_FLOW_PORT_WIRE, SRIOVNIC_FATE_PORT,
			SRIOVNIC_FUNC_VF(3));
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == SRIOVNIC_FRULE_TO_VF);
	CHECK(sriovnic_flow_rule_vf_fields(&r, 2) == -1, "names VF 3");
	/* VF 3 -> wire, and VF 3 -> its representor */
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_PORT,
			SRIOVNIC_FLOW_PORT_WIRE);
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == SRIOVNIC_FRULE_FROM_VF);
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_REP, 3);
	f = sriovnic_flow_rule_vf_fields(&r, 3);
	CHECK(f == (SRIOVNIC_FRULE_FROM_VF | SRIOVNIC_FRULE_TO_VF), "%d", f);
	/* VF 3 -> VF 4, VF 3 -> representor of VF 4: two VFs */
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_PORT,
			SRIOVNIC_FUNC_VF(4));
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == -1);
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_REP, 4);
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == -1);
	/* PF -> wire: no VF; a partial in_port mask: not one VF's */
	r = switch_rule(SRIOVNIC_FUNC_PF, SRIOVNIC_FATE_PORT,
			SRIOVNIC_FLOW_PORT_WIRE);
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == 0);
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_DROP, 0);
	r.mask.in_port = 0xfe;
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == -1);
	/* no source, DROP: matches every source, names none */
	r = switch_rule(-1, SRIOVNIC_FATE_DROP, 0);
	CHECK(sriovnic_flow_rule_vf_fields(&r, 3) == 0);

	/* out of VF 3 into the record (zero), into VF 63 (last of 64) */
	r = switch_rule(SRIOVNIC_FUNC_VF(3), SRIOVNIC_FATE_REP, 3);
	q = r;
	sriovnic_flow_rule_vf_put(&q, SRIOVNIC_FRULE_FROM_VF |
				  SRIOVNIC_FRULE_TO_VF, -1);
	CHECK(q.key.in_port == 0 && q.act.dest == 0 && q.mask.in_port == 0xff);
	sriovnic_flow_rule_vf_put(&q, SRIOVNIC_FRULE_FROM_VF |
				  SRIOVNIC_FRULE_TO_VF, 63);
	CHECK(q.key.in_port == SRIOVNIC_FUNC_VF(63) && q.act.dest == 63);
	CHECK(sriovnic_flow_rule_vf_fields(&q, 63) ==
	      (SRIOVNIC_FRULE_FROM_VF | SRIOVNIC_FRULE_TO_VF));
	/* PORT dest takes the function, only flagged fields change */
	r = switch_rule(SRIOVNIC_FLOW_PORT_WIRE, SRIOVNIC_FATE_PORT, 0);
	sriovnic_flow_rule_vf_put(&r, SRIOVNIC_FRULE_TO_VF, 0);
	CHECK(r.act.dest == SRIOVNIC_FUNC_VF(0) &&
	      r.key.in_port == SRIOVNIC_FLOW_PORT_WIRE);
}

int
main(void)
{
	test_check();
	test_chunks();
	test_vf_fields();
	printf("%s: %d failure(s)\n", __FILE__, failures);
	return failures ? 1 : 0;
}
