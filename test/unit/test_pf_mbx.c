/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The PF's VF-request handler and the switch programming it does, against a
 * BAR held in plain memory: what each request changes in the switch table
 * registers, and that every refused request changes nothing; also the
 * mailbox transport and the VF's end of a request while its PF is away.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>

#include "sriovnic_flow_rule.h"
#include "sriovnic_pf.h"
#include "sriovnic_vf.h"
#include "../fake_aq.h"
#include "test_check.h"

static struct sriovnic_hw hw;
static struct sriovnic_pf pf;
static const uint8_t pf_mac[6] = { 0x02, 0x5e, 0x00, 0x00, 0x01, 0xff };

static int
request(uint16_t vf, uint16_t op, const void *payload, uint16_t len,
	struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_mbx_msg req = { .hdr = { .opcode = op, .len = len,
						 .cookie = 77 } };
	struct sriovnic_mbx_msg tmp;
	int ret;

	if (len)
		memcpy(req.payload, payload, len);
	ret = sriovnic_pf_handle_msg(&pf, vf, &req, reply ? reply : &tmp);
	CHECK((reply ? reply : &tmp)->hdr.cookie == 77);
	CHECK((reply ? reply : &tmp)->hdr.result == ret);
	return ret;
}

/* Count valid MAC table entries of a function, read back from the BAR */
static int
sw_entries(uint8_t func, const uint8_t *mac)
{
	int i, n = 0;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		uint32_t w0 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i));
		uint32_t w1 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i) + 4);
		uint32_t w2 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i) + 8);
		uint8_t m[6] = { w0, w0 >> 8, w0 >> 16, w0 >> 24, w1, w1 >> 8 };

		if (!(w2 & SRIOVNIC_SWMAC_VALID) ||
		    (w2 & SRIOVNIC_SWMAC_FUNC_MASK) != func)
			continue;
		if (mac == NULL || memcmp(m, mac, 6) == 0)
			n++;
	}
	return n;
}

/* Count valid MAC table entries of a function switched on one VLAN id
 * (SRIOVNIC_SW_VID_ANY: on any)
 */
static int
sw_vid_entries(uint8_t func, uint16_t vid)
{
	int i, n = 0;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		uint32_t w1 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i) + 4);
		uint32_t w2 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i) + 8);
		bool any = w1 & SRIOVNIC_SWMAC_VID_ANY;

		if (!(w2 & SRIOVNIC_SWMAC_VALID) ||
		    (w2 & SRIOVNIC_SWMAC_FUNC_MASK) != func)
			continue;
		if (vid == SRIOVNIC_SW_VID_ANY ? any : !any &&
		    (w1 & SRIOVNIC_SWMAC_VID_MASK) >> SRIOVNIC_SWMAC_VID_SHIFT == vid)
			n++;
	}
	return n;
}

static void
setup(void)
{
	memset(&pf, 0, sizeof(pf));
	hw.bar = calloc(1, SRIOVNIC_BAR0_SIZE);
	hw.num_vfs = 4;
	hw.max_rxq = 4;
	hw.max_txq = 4;
	CHECK(sriovnic_pf_init(&pf, &hw, pf_mac, 0, 0) == 0);
}

static void
test_hello_and_resources(void)
{
	struct sriovnic_mbx_hello hello = { .major = 1, .minor = 7,
					    .caps = 0xffffffff };
	struct sriovnic_mbx_msg reply;
	struct sriovnic_mbx_res res;
	const uint8_t vf1_mac[6] = { 0x02, 0x5e, 0x00, 0x00, 0x02, 0x01 };

	/* nothing but RESET/HELLO before HELLO */
	CHECK(request(1, SRIOVNIC_MBX_OP_GET_RES, NULL, 0, NULL) == -EPROTO);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), NULL) == 0);

	hello.major = 2;
	CHECK(request(1, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello), NULL) ==
	      -EPROTONOSUPPORT);
	hello.major = 1;
	CHECK(request(1, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello) - 1,
		      NULL) == -EINVAL);
	CHECK(request(1, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello),
		      &reply) == 0);
	memcpy(&hello, reply.payload, sizeof(hello));
	CHECK(reply.hdr.opcode == (SRIOVNIC_MBX_OP_HELLO | SRIOVNIC_MBX_REPLY));
	CHECK(hello.minor == SRIOVNIC_MBX_API_MINOR);	/* common subset */
	CHECK(hello.caps == (SRIOVNIC_MBX_CAPS_V1_1 | SRIOVNIC_MBX_CAP_VLAN_FILTER));
	/* the VF's address (PF + 1 + n, carried into byte 4) is switched */
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), vf1_mac) == 1);
	CHECK(sriovnic_read(&hw, SRIOVNIC_SW_FUNC_CFG(SRIOVNIC_FUNC_VF(1))) ==
	      (SRIOVNIC_FCFG_RX_ENABLE | SRIOVNIC_FCFG_BCAST));

	CHECK(request(1, SRIOVNIC_MBX_OP_GET_RES, NULL, 0, &reply) == 0);
	memcpy(&res, reply.payload, sizeof(res));
	CHECK(memcmp(res.mac, vf1_mac, 6) == 0);
	CHECK(res.max_rxq == 4 && res.max_mc == SRIOVNIC_FUNC_MAX_MC);
}

static void
test_mac_and_multicast(void)
{
	struct sriovnic_mbx_mac mac = { .mac = { 0x02, 0, 0, 0, 0, 0x42 } };
	struct sriovnic_mbx_mac mc = { .mac = { 0x01, 0, 0x5e, 0, 0, 1 } };
	const uint8_t vf1_mac[6] = { 0x02, 0x5e, 0x00, 0x00, 0x02, 0x01 };
	int i, gen;

	CHECK(request(1, SRIOVNIC_MBX_OP_SET_MAC, &mc, sizeof(mc), NULL) ==
	      -EINVAL);
	CHECK(request(1, SRIOVNIC_MBX_OP_SET_MAC, &mac, sizeof(mac), NULL) == 0);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), mac.mac) == 1);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), vf1_mac) == 0);

	/* administrator's MAC cannot be changed by the VF */
	sriovnic_pf_vf(&pf, 1)->admin_mac = true;
	mac.mac[5] = 0x43;
	CHECK(request(1, SRIOVNIC_MBX_OP_SET_MAC, &mac, sizeof(mac), NULL) ==
	      -EPERM);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), mac.mac) == 0);
	sriovnic_pf_vf(&pf, 1)->admin_mac = false;

	CHECK(request(1, SRIOVNIC_MBX_OP_ADD_MC, &mac, sizeof(mac), NULL) ==
	      -EINVAL);
	CHECK(request(1, SRIOVNIC_MBX_OP_DEL_MC, &mc, sizeof(mc), NULL) ==
	      -ENOENT);
	for (i = 0; i < SRIOVNIC_FUNC_MAX_MC; i++) {
		mc.mac[5] = i;
		CHECK(request(1, SRIOVNIC_MBX_OP_ADD_MC, &mc, sizeof(mc),
			      NULL) == 0);
	}
	gen = sriovnic_read(&hw, SRIOVNIC_SW_GEN);
	mc.mac[5] = 0xee;
	CHECK(request(1, SRIOVNIC_MBX_OP_ADD_MC, &mc, sizeof(mc), NULL) ==
	      -ENOSPC);
	CHECK((int)sriovnic_read(&hw, SRIOVNIC_SW_GEN) == gen);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), NULL) == 1 + SRIOVNIC_FUNC_MAX_MC);
	mc.mac[5] = 3;
	CHECK(request(1, SRIOVNIC_MBX_OP_DEL_MC, &mc, sizeof(mc), NULL) == 0);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), mc.mac) == 0);
}

static void
test_rxmode_and_limits(void)
{
	struct sriovnic_mbx_rxmode mode = { .promisc = 2 };
	struct sriovnic_mbx_u32 frame = { .value = 9729 };
	uint32_t cfg = SRIOVNIC_SW_FUNC_CFG(SRIOVNIC_FUNC_VF(1));

	CHECK(request(1, SRIOVNIC_MBX_OP_RXMODE, &mode, sizeof(mode), NULL) ==
	      -EINVAL);
	CHECK(!(sriovnic_read(&hw, cfg) & SRIOVNIC_FCFG_PROMISC));
	mode.promisc = 1;
	CHECK(request(1, SRIOVNIC_MBX_OP_RXMODE, &mode, sizeof(mode), NULL) ==
	      -EPERM);
	CHECK(!(sriovnic_read(&hw, cfg) & SRIOVNIC_FCFG_PROMISC));
	sriovnic_pf_vf(&pf, 1)->trusted = true;
	CHECK(request(1, SRIOVNIC_MBX_OP_RXMODE, &mode, sizeof(mode), NULL) == 0);
	CHECK(sriovnic_read(&hw, cfg) & SRIOVNIC_FCFG_PROMISC);
	CHECK(request(1, SRIOVNIC_MBX_OP_MAX_FRAME, &frame, sizeof(frame),
		      NULL) == -EINVAL);
	frame.value = 9000;
	CHECK(request(1, SRIOVNIC_MBX_OP_MAX_FRAME, &frame, sizeof(frame),
		      NULL) == 0);
	CHECK(request(1, 0x3fff, NULL, 0, NULL) == -EOPNOTSUPP);
	CHECK(request(1, SRIOVNIC_MBX_OP_HELLO | SRIOVNIC_MBX_REPLY, NULL, 0,
		      NULL) == -EOPNOTSUPP);
	CHECK(request(9, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL) == -ENODEV);
}

static void
test_reset_forgets_vf(void)
{
	CHECK(request(1, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL) == 0);
	CHECK(sw_entries(SRIOVNIC_FUNC_VF(1), NULL) == 0);
	CHECK(sriovnic_read(&hw, SRIOVNIC_SW_FUNC_CFG(SRIOVNIC_FUNC_VF(1))) == 0);
	CHECK(request(1, SRIOVNIC_MBX_OP_GET_RES, NULL, 0, NULL) == -EPROTO);
	CHECK(sriovnic_pf_vf(&pf, 1)->nacks > 0 && sriovnic_pf_vf(&pf, 1)->msgs > sriovnic_pf_vf(&pf, 1)->nacks);
}

static void
test_mbx_transport(void)
{
	struct sriovnic_mbx_msg out = { .hdr = { .opcode = 5, .len = 3 } };
	struct sriovnic_mbx_msg in;
	struct sriovnic_mbx_chan ch;

	sriovnic_mbx_chan_vf(&ch);
	CHECK(sriovnic_mbx_recv(&hw, &ch, &in) == -EAGAIN);
	memcpy(out.payload, "abc", 3);
	CHECK(sriovnic_mbx_send(&hw, &ch, &out, 0) == 0);
	CHECK(sriovnic_read(&hw, SRIOVNIC_VF_MBX_TX_SEQ) == 1);
	/* not acknowledged yet: a second message must wait */
	CHECK(sriovnic_mbx_send(&hw, &ch, &out, 0) == -ETIMEDOUT);
	/* play the card: deliver it into the rx buffer */
	memcpy(hw.bar + SRIOVNIC_VF_MBX_RX_DATA, hw.bar + SRIOVNIC_VF_MBX_TX_DATA,
	       SRIOVNIC_MBX_LEN);
	sriovnic_write(&hw, SRIOVNIC_VF_MBX_RX_SEQ, 1);
	CHECK(sriovnic_mbx_pending(&hw, &ch));
	CHECK(sriovnic_mbx_recv(&hw, &ch, &in) == 0);
	CHECK(memcmp(&in, &out, sizeof(in)) == 0);
	CHECK(sriovnic_read(&hw, SRIOVNIC_VF_MBX_RX_ACK) == 1);
	CHECK(!sriovnic_mbx_pending(&hw, &ch));
	/* a length beyond the buffer is reported, not trusted */
	out.hdr.len = 200;
	memcpy(hw.bar + SRIOVNIC_VF_MBX_RX_DATA, &out, sizeof(out));
	sriovnic_write(&hw, SRIOVNIC_VF_MBX_RX_SEQ, 2);
	CHECK(sriovnic_mbx_recv(&hw, &ch, &in) == -EBADMSG);
}

/* The VF's end: with PF_STATE.READY clear (no PF driver) a request is not
 * sent and fails at once with -EAGAIN; a revision 1.0 card has no
 * PF_STATE, so there the request goes out and only the timeout ends it.
 */
static void
test_vf_request_pf_away(void)
{
	struct sriovnic_hw vfhw = { .is_vf = true, .name = "vf" };
	struct sriovnic_vf vf = { .hw = NULL };

	vfhw.bar = calloc(1, SRIOVNIC_BAR0_SIZE);
	rte_spinlock_init(&vf.lock);
	sriovnic_write(&vfhw, SRIOVNIC_VERSION, SRIOVNIC_HW_VERSION);
	CHECK(sriovnic_vf_init(&vf, &vfhw, 1) == -EAGAIN);
	CHECK(sriovnic_read(&vfhw, SRIOVNIC_VF_MBX_TX_SEQ) == 0,
	      ": a request was sent to an absent PF");
	sriovnic_write(&vfhw, SRIOVNIC_VERSION, SRIOVNIC_HW_VERSION & ~0xffffu);
	CHECK(sriovnic_vf_init(&vf, &vfhw, 1) == -ETIMEDOUT);
	CHECK(sriovnic_read(&vfhw, SRIOVNIC_VF_MBX_TX_SEQ) == 1);
	free(vfhw.bar);
}

/* Sends a rule as the VF driver does (chunks, FIRST ... LAST); returns
 * the answer to the last message sent
 */
static int
flow_add(uint16_t vf, uint32_t handle, const struct sriovnic_flow_rule *r,
	 uint8_t group, uint8_t flags, unsigned int *msgs)
{
	struct sriovnic_mbx_flow_add m = { .handle = handle };
	unsigned int pos = 0;
	bool last;
	int ret;

	m.flags = SRIOVNIC_MBX_FLOW_FIRST;
	*msgs = 0;
	do {
		last = sriovnic_flow_rule_chunk(r, &pos, &m);
		m.group = last ? group : 0;
		if (last)
			m.flags |= SRIOVNIC_MBX_FLOW_LAST | flags;
		ret = request(vf, SRIOVNIC_MBX_OP_FLOW_ADD, &m, sizeof(m), NULL);
		(*msgs)++;
		m.flags = 0;
	} while (ret == 0 && !last);
	return ret;
}

/* ipv4 / udp dst 5000 -> queue q */
static void
udp_rule(struct sriovnic_flow_rule *r, uint8_t q)
{
	memset(r, 0, sizeof(*r));
	r->key.layers = SRIOVNIC_FKL_L3_IPV4 << SRIOVNIC_FKL_L3_SHIFT |
			SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_FKL_L4_SHIFT;
	r->mask.layers = SRIOVNIC_FKL_L3_MASK | SRIOVNIC_FKL_L4_MASK;
	r->key.dport = rte_cpu_to_be_16(5000);
	r->mask.dport = 0xffff;
	r->act.fate = SRIOVNIC_FATE_QUEUE;
	r->act.queue = q;
}

/*
 * FLOW_* requests (11.6) as far as the PF checks them, in the datasheet's
 * order, with a flow engine whose admin queue is absent: a rule that
 * passes every check of the PF reaches the card and gets -ENOTSUP here.
 */
static void
test_flow_requests(void)
{
	struct sriovnic_mbx_hello hello = { .major = 1, .minor = 1,
					    .caps = 0xffffffff };
	struct sriovnic_mbx_queues q = { .nb_rxq = 2, .nb_txq = 1 };
	struct sriovnic_mbx_flow_query qry = { .handle = 1 };
	struct sriovnic_mbx_flow_add m = { .handle = 9 };
	struct sriovnic_mbx_flow_info info;
	struct sriovnic_mbx_msg reply;
	struct sriovnic_flow_rule r;
	static uint64_t ids[1];
	unsigned int msgs, i;

	pf.flow.nb_ids = 64;
	pf.flow.groups = 4;
	pf.flow.used = ids;
	pf.flow.vf[2].quota = 1;
	/* API 1.1 agreed: no flow requests */
	CHECK(request(2, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello), NULL) == 0);
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_INFO, NULL, 0, NULL) ==
	      -EOPNOTSUPP);
	hello.minor = 2;
	CHECK(request(2, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello), &reply) == 0);
	memcpy(&hello, reply.payload, sizeof(hello));
	CHECK(hello.minor == 2 && hello.caps == (SRIOVNIC_MBX_CAPS_V1_1 |
						 SRIOVNIC_MBX_CAP_FLOW));
	/* TM is not offered: its requests are refused, whatever their length */
	CHECK(request(2, SRIOVNIC_MBX_OP_TM_INFO, NULL, 0, NULL) == -EOPNOTSUPP);
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_INFO, NULL, 0, &reply) == 0);
	memcpy(&info, reply.payload, sizeof(info));
	CHECK(reply.hdr.len == sizeof(info) && info.quota == 1 &&
	      info.used == 0 && info.groups == 4 && info.priorities == 256 &&
	      info.max_rss_queues == 16);

	udp_rule(&r, 0);
	CHECK(flow_add(2, 1, &r, 0, 0, &msgs) == -ENOTSUP && msgs == 1);
	/* more than 10 dwords named; a chunk of no rule being assembled */
	m.flags = SRIOVNIC_MBX_FLOW_FIRST;
	m.map = 0x7ff;
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_ADD, &m, sizeof(m), NULL) == -EINVAL);
	m.flags = SRIOVNIC_MBX_FLOW_LAST;
	m.map = 1;
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_ADD, &m, sizeof(m), NULL) == -EINVAL);
	/* group, key, fate of another table, queue of another function */
	CHECK(flow_add(2, 1, &r, 4, 0, &msgs) == -EINVAL);
	r.key.sport = 1;
	CHECK(flow_add(2, 1, &r, 0, 0, &msgs) == -EINVAL);
	udp_rule(&r, 0);
	r.act.fate = SRIOVNIC_FATE_PORT;
	CHECK(flow_add(2, 1, &r, 0, 0, &msgs) == -EOPNOTSUPP);
	r.act.fate = SRIOVNIC_FATE_DROP;
	r.act.mods = SRIOVNIC_FMOD_METER;
	CHECK(flow_add(2, 1, &r, 0, 0, &msgs) == -EOPNOTSUPP);
	udp_rule(&r, 1);
	CHECK(flow_add(2, 1, &r, 0, 0, &msgs) == -EINVAL);
	CHECK(request(2, SRIOVNIC_MBX_OP_CFG_QUEUES, &q, sizeof(q), NULL) == 0);
	CHECK(flow_add(2, 1, &r, 0, SRIOVNIC_MBX_FLOW_VALIDATE, &msgs) ==
	      -ENOTSUP);
	/* a large rule: ipv6 addresses, RSS with a key: 33 dwords, 4 chunks */
	memset(r.key.src_ip, 0x11, 16);
	memset(r.mask.src_ip, 0xff, 16);
	memset(r.key.dst_ip, 0x22, 16);
	memset(r.mask.dst_ip, 0xff, 16);
	r.key.layers = SRIOVNIC_FKL_L3_IPV6 << SRIOVNIC_FKL_L3_SHIFT |
		       SRIOVNIC_PTYPE_L4_UDP << SRIOVNIC_FKL_L4_SHIFT;
	r.act.fate = SRIOVNIC_FATE_RSS;
	r.act.queue = 0;
	r.act.rss_types = SRIOVNIC_FRSS_IPV6_UDP;
	r.act.rss_flags = SRIOVNIC_FRSS_KEY;
	r.act.rss_nq = 2;
	r.act.rss_queue[1] = 1;
	for (i = 0; i < sizeof(r.act.rss_key); i++)
		r.act.rss_key[i] = i + 1;
	CHECK(flow_add(2, 2, &r, 0, 0, &msgs) == -ENOTSUP && msgs == 4);
	/* the VF's quota, before the card */
	pf.flow.vf[2].quota = 0;
	CHECK(flow_add(2, 2, &r, 0, 0, &msgs) == -ENOSPC);
	/* handles of no rule of this VF */
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_DEL, &qry.handle,
		      sizeof(qry.handle), NULL) == -ENOENT);
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_QUERY, &qry, sizeof(qry), NULL) ==
	      -ENOENT);
	CHECK(request(2, SRIOVNIC_MBX_OP_FLOW_FLUSH, NULL, 0, NULL) == 0);
	CHECK(ids[0] == 0);	/* no rule id left taken */
	memset(&pf.flow, 0, sizeof(pf.flow));
}

/* TM_* requests against the cap (datasheet 11.6, 14.9), on a card with a
 * scheduler played by fake_aq.h
 */
/* The administrator's cap of VF 0, as rte_tm on the PF port sets it */
static void
vf0_cap_edit(struct sriovnic_tm_tree *want, const void *cap)
{
	want->func[SRIOVNIC_FUNC_VF(0)] = *(const struct sriovnic_tm_params *)cap;
}

static void
test_tm_requests(void)
{
	struct sriovnic_mbx_hello hello = {
		.major = 1, .minor = 2, .caps = SRIOVNIC_MBX_CAPS_V1_2,
	};
	struct sriovnic_mbx_queues q = { .nb_rxq = 1, .nb_txq = 2 };
	struct sriovnic_mbx_tm_queue mq = {
		.queue = 0, .weight = 1, .pir = 2000000, .pbs = 4096,
	};
	struct sriovnic_mbx_tm_stats_req sr = {
		.node = SRIOVNIC_MBX_TM_NODE_FUNC,
		.flags = SRIOVNIC_MBX_TM_STATS_CLEAR,
	};
	struct sriovnic_mbx_u32 commit = { .value = 0 };
	const struct sriovnic_tm_params *live = pf.tm.live.queue[1];
	struct sriovnic_mbx_tm_info info;
	struct sriovnic_mbx_msg reply;
	struct sriovnic_tm_params cap;
	uint16_t fail;

	hw.caps = SRIOVNIC_CAP_SCHED;
	sriovnic_write(&hw, SRIOVNIC_TM_PRIOS, SRIOVNIC_TM_PRIOS_MIN);
	CHECK(sriovnic_pf_init(&pf, &hw, pf_mac, 0, 0) == 0);
	pf.aq.hw = &hw;		/* the probe sets the admin queue up */
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_INFO, NULL, 0, NULL) == -EPROTO);
	CHECK(request(0, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello),
		      &reply) == 0);
	memcpy(&hello, reply.payload, sizeof(hello));
	CHECK(hello.minor == 2 && (hello.caps & SRIOVNIC_MBX_CAP_TM));
	CHECK(request(0, SRIOVNIC_MBX_OP_CFG_QUEUES, &q, sizeof(q), NULL) == 0);

	/* the administrator caps VF 0 at 1 MB/s */
	cap = pf.tm.live.func[SRIOVNIC_FUNC_VF(0)];
	cap.pir = 1000000;
	cap.pbs = 4096;
	CHECK(sriovnic_pf_tm_edit(&pf, vf0_cap_edit, &cap, &fail) == 0);
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_INFO, NULL, 0, &reply) == 0);
	memcpy(&info, reply.payload, sizeof(info));
	CHECK(info.pir == 1000000 && info.priorities == SRIOVNIC_TM_PRIOS_MIN);

	/* above the cap; a queue it does not have; a weight out of range */
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == -EPERM);
	mq.pir = 500000;
	mq.queue = 2;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == -EINVAL);
	mq.queue = 1;
	mq.weight = 0;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == -EINVAL);
	/* committed rates above the cap together: refused, nothing live */
	mq.weight = 1;
	mq.pir = 800000;
	mq.cir = 600000;
	mq.cbs = 4096;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == 0);
	mq.queue = 0;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == 0);
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		      NULL) == -EINVAL);
	CHECK(live[0].pir == 0 && live[1].pir == 0);
	/* ABORT forgets them; a pair that fits is committed */
	commit.value = SRIOVNIC_MBX_TM_COMMIT_ABORT;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		      NULL) == 0);
	commit.value = 0;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		      NULL) == 0);
	CHECK(live[0].pir == 0);
	mq.cir = 400000;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == 0);
	mq.queue = 1;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == 0);
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		      NULL) == 0);
	CHECK(live[0].cir == 400000 && live[1].pir == 800000);
	CHECK(fake_aq_staged == 0);
	/* the card refuses: the NACK is its status, live stays */
	mq.pir = 450000;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_QUEUE_SET, &mq, sizeof(mq),
		      NULL) == 0);
	fake_aq_fail = -EINVAL;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_COMMIT, &commit, sizeof(commit),
		      NULL) == -EINVAL);
	fake_aq_fail = 0;
	CHECK(live[1].pir == 800000 && fake_aq_staged == 0);
	/* the function node's counters are the administrator's to clear */
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_STATS, &sr, sizeof(sr), NULL) ==
	      -EPERM);
	sr.flags = 0;
	CHECK(request(0, SRIOVNIC_MBX_OP_TM_STATS, &sr, sizeof(sr), &reply) ==
	      0 && reply.hdr.len == sizeof(struct sriovnic_mbx_tm_stats));

	/* a lower cap lowers the queues in the same commit */
	cap.pir = 450000;
	CHECK(sriovnic_pf_tm_edit(&pf, vf0_cap_edit, &cap, &fail) == 0);
	CHECK(live[0].cir == 0 && live[1].cir == 0 && live[1].pir == 450000);
	/* RESET gives the VF's queues their defaults back */
	CHECK(request(0, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL) == 0);
	CHECK(live[1].pir == 0 && live[1].weight == SRIOVNIC_TM_WEIGHT_DEFAULT);
	CHECK(pf.tm.live.func[SRIOVNIC_FUNC_VF(0)].pir == 450000);
	hw.caps = 0;
}

/* VLAN_FILTER (API 1.3): filtering on with an empty list switches the
 * VF's address on untagged frames only; VLAN_STRIP and VLAN_FILTER are
 * recorded under a port VLAN, the list edits refused (datasheet 10.3, 11.6)
 */
static void
test_vlan_requests(void)
{
	struct sriovnic_mbx_hello hello = { .major = 1, .minor = 2,
					    .caps = 0xffffffff };
	struct sriovnic_mbx_vlan v = { .vid = 5 };
	struct sriovnic_mbx_u32 on = { .value = 1 }, off = { .value = 0 };
	struct sriovnic_mbx_u32 bad = { .value = 2 };
	struct sriovnic_mbx_msg reply;
	const uint8_t f = SRIOVNIC_FUNC_VF(3);

	/* API 1.2 agreed: no VLAN_FILTER */
	CHECK(request(3, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello), NULL) == 0);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_FILTER, &on, sizeof(on), NULL) ==
	      -EOPNOTSUPP);
	hello.minor = 3;
	CHECK(request(3, SRIOVNIC_MBX_OP_HELLO, &hello, sizeof(hello), &reply) == 0);
	memcpy(&hello, reply.payload, sizeof(hello));
	CHECK(hello.minor == 3 && (hello.caps & SRIOVNIC_MBX_CAP_VLAN_FILTER));
	CHECK(sw_vid_entries(f, SRIOVNIC_SW_VID_ANY) == 1);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_FILTER, &bad, sizeof(bad), NULL) ==
	      -EINVAL);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_FILTER, &on, sizeof(on), NULL) == 0);
	CHECK(sw_entries(f, NULL) == 1 && sw_vid_entries(f, 0) == 1);
	CHECK(request(3, SRIOVNIC_MBX_OP_ADD_VLAN, &v, sizeof(v), NULL) == 0);
	CHECK(sw_entries(f, NULL) == 2 && sw_vid_entries(f, 5) == 1);
	CHECK(request(3, SRIOVNIC_MBX_OP_DEL_VLAN, &v, sizeof(v), NULL) == 0);
	/* the list empty, filtering still on: untagged only */
	CHECK(sw_entries(f, NULL) == 1 && sw_vid_entries(f, 0) == 1);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_FILTER, &off, sizeof(off), NULL) == 0);
	CHECK(sw_vid_entries(f, SRIOVNIC_SW_VID_ANY) == 1);

	/* under a port VLAN the offload settings are recorded, not refused */
	CHECK(sriovnic_pf_set_vf_vlan(&pf, 3, 7, 0) == 0);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_STRIP, &off, sizeof(off), NULL) == 0);
	CHECK(request(3, SRIOVNIC_MBX_OP_VLAN_FILTER, &on, sizeof(on), NULL) == 0);
	CHECK(request(3, SRIOVNIC_MBX_OP_ADD_VLAN, &v, sizeof(v), NULL) == -EPERM);
	CHECK(sw_entries(f, NULL) == 1 && sw_vid_entries(f, 7) == 1);
	CHECK(sriovnic_pf_set_vf_vlan(&pf, 3, 0, 0) == 0);
	CHECK(sw_entries(f, NULL) == 1 && sw_vid_entries(f, 0) == 1);
	CHECK(request(3, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL) == 0);
}

/* VF presence (datasheet 3.9): a card without CAP_VF_PRESENT cannot tell,
 * so every VF counts as present whatever the registers hold; with it the
 * PF reads the bitmap, bits of VFs it does not have ignored, and reports
 * each change once
 */
static void
test_vf_presence(void)
{
	CHECK(!(hw.caps & SRIOVNIC_CAP_VF_PRESENT));
	CHECK(sriovnic_pf_presence_poll(&pf) == 0);
	CHECK(sriovnic_pf_vf_present(&pf, 0) && sriovnic_pf_vf_present(&pf, 3));
	CHECK(!sriovnic_pf_vf_present(&pf, 4));
	hw.caps |= SRIOVNIC_CAP_VF_PRESENT;
	sriovnic_write(&hw, SRIOVNIC_VF_PRESENT_LO, 0xfffffff5);	/* 1, 3 gone */
	sriovnic_write(&hw, SRIOVNIC_VF_PRESENT_HI, 0xffffffff);
	CHECK(sriovnic_pf_presence_poll(&pf) == (RTE_BIT64(1) | RTE_BIT64(3)));
	CHECK(sriovnic_pf_vf_present(&pf, 0) && !sriovnic_pf_vf_present(&pf, 1));
	CHECK(sriovnic_pf_presence_poll(&pf) == 0);
	sriovnic_write(&hw, SRIOVNIC_VF_PRESENT_LO, 0x2);	/* 1 back, 0 gone */
	CHECK(sriovnic_pf_presence_poll(&pf) == (RTE_BIT64(0) | RTE_BIT64(1) |
						 RTE_BIT64(2)));
	CHECK(sriovnic_pf_vf_present(&pf, 1) && !sriovnic_pf_vf_present(&pf, 0));
	hw.caps &= ~SRIOVNIC_CAP_VF_PRESENT;
	CHECK(sriovnic_pf_presence_poll(&pf) == (RTE_BIT64(0) | RTE_BIT64(2) |
						 RTE_BIT64(3)));
}

int
main(void)
{
	setup();
	test_hello_and_resources();
	test_mac_and_multicast();
	test_rxmode_and_limits();
	test_reset_forgets_vf();
	test_mbx_transport();
	test_vf_request_pf_away();
	test_flow_requests();
	test_tm_requests();
	test_vlan_requests();
	test_vf_presence();
	printf("%s: %d failure(s)\n", __FILE__, failures);
	return failures ? 1 : 0;
}
