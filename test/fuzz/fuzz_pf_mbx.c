/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * libFuzzer target: arbitrary VF mailbox messages (and administrator calls
 * in between) into the PF's handler, over a BAR in plain memory. After each
 * step the switch table in the BAR must agree with what the PF believes and
 * stay within every function's limits.
 */
#include <stdlib.h>
#include <string.h>

#include "sriovnic_pf.h"
#include "../fake_aq.h"

#define NB_VFS	4

static struct sriovnic_hw hw;
static struct sriovnic_pf pf;

static void
check_invariants(void)
{
	unsigned int i, valid = 0, f;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		uint32_t w2 = sriovnic_read(&hw, SRIOVNIC_SW_MAC(i) + 8);

		if (!!(w2 & SRIOVNIC_SWMAC_VALID) != pf.sw[i].valid)
			abort();
		if (pf.sw[i].valid) {
			valid++;
			if ((w2 & SRIOVNIC_SWMAC_FUNC_MASK) != pf.sw[i].func ||
			    pf.sw[i].func > NB_VFS)
				abort();
		}
	}
	for (f = 0; f <= NB_VFS; f++) {
		const struct sriovnic_func *fn = &pf.func[f];

		if (fn->nb_uc > SRIOVNIC_FUNC_MAX_UC ||
		    fn->nb_mc > SRIOVNIC_FUNC_MAX_MC ||
		    fn->nb_vlan > SRIOVNIC_FUNC_MAX_VLAN)
			abort();
		/* an untrusted VF never gets promiscuous into the switch */
		if (f != SRIOVNIC_FUNC_PF && !fn->trusted &&
		    (sriovnic_read(&hw, SRIOVNIC_SW_FUNC_CFG(f)) &
		     (SRIOVNIC_FCFG_PROMISC | SRIOVNIC_FCFG_ALLMULTI)))
			abort();
		/* a VF without a handshake receives nothing, but the
		 * administrator's checks stay on
		 */
		if (!fn->active && f != SRIOVNIC_FUNC_PF &&
		    ((sriovnic_read(&hw, SRIOVNIC_SW_FUNC_CFG(f)) &
		      SRIOVNIC_FCFG_RX_ENABLE) ||
		     !!(sriovnic_read(&hw, SRIOVNIC_SW_FUNC_CFG(f)) &
			SRIOVNIC_FCFG_SPOOF_MAC) != fn->spoof_mac))
			abort();
		/* a VF's queues never promise more than its cap (14.9) */
		if (f != SRIOVNIC_FUNC_PF &&
		    sriovnic_tm_cir_check(&pf.tm.live.func[f],
					  pf.tm.live.queue[f]) != 0)
			abort();
	}
	/* nothing is left staged in the card between requests (14.5) */
	if (fake_aq_staged != 0)
		abort();
	(void)valid;
}

static void
admin(const uint8_t *d)
{
	uint16_t vf = d[1] % (NB_VFS + 1);	/* one past the end, too */

	switch (d[0] % 7) {
	case 0:
		sriovnic_pf_set_vf_mac(&pf, vf, &d[2]);
		break;
	case 1:
		sriovnic_pf_set_vf_trust(&pf, vf, d[2] & 1);
		break;
	case 2:
		sriovnic_pf_set_vf_spoofchk(&pf, vf, d[2] & 1, d[2] & 2);
		break;
	case 3:
		sriovnic_pf_set_vf_link(&pf, vf, d[2]);
		break;
	case 4:
		sriovnic_pf_set_vf_vlan(&pf, vf, d[2] | d[3] << 8, d[4]);
		break;
	case 5:
		sriovnic_pf_set_vf_vlan_filter(&pf, vf, d[2] | d[3] << 8, d[4] & 1);
		break;
	default:
		sriovnic_pf_set_vf_rxmode(&pf, vf, d[2] & 1, d[2] & 2);
		break;
	}
}

/* A flow engine without a card behind it: the PF's own checks of VF
 * rules run in full, the admin queue then refuses (-ENOTSUP)
 */
static void
flow_engine(void)
{
	static uint64_t ids[1];
	uint16_t vf;

	for (vf = 0; vf < SRIOVNIC_MAX_VFS; vf++)
		free(pf.flow.vf[vf].rules);	/* of the previous input */
	memset(&pf.flow, 0, sizeof(pf.flow));
	memset(ids, 0, sizeof(ids));
	pf.flow.nb_ids = 64;
	pf.flow.groups = 4;
	pf.flow.used = ids;
	for (vf = 0; vf < NB_VFS; vf++)
		pf.flow.vf[vf].quota = 8;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t pf_mac[6] = { 0x02, 0x5e, 0, 0, 1, 0 };
	struct sriovnic_mbx_msg req, reply;

	if (hw.bar == NULL)
		hw.bar = calloc(1, SRIOVNIC_BAR0_SIZE);
	memset(hw.bar, 0, SRIOVNIC_BAR0_SIZE);
	hw.num_vfs = NB_VFS;
	hw.max_rxq = 4;
	hw.max_txq = 4;
	/* a scheduler, so that the TM_* requests run (fake_aq.h) */
	hw.caps = SRIOVNIC_CAP_SCHED;
	*(uint32_t *)(hw.bar + SRIOVNIC_TM_PRIOS) = SRIOVNIC_TM_PRIOS_MIN;
	if (sriovnic_pf_init(&pf, &hw, pf_mac, 0, 0) != 0)
		abort();
	flow_engine();
	pf.aq.hw = &hw;		/* the probe sets the admin queue up */

	/* records: one selector byte, then one 64-byte message */
	while (size >= 1 + sizeof(req)) {
		uint8_t sel = data[0];

		memcpy(&req, data + 1, sizeof(req));
		if (sel & 0x80) {
			admin(data + 1);
		} else {
			sriovnic_pf_handle_msg(&pf, sel % (NB_VFS + 2), &req,
					       &reply);
			if (reply.hdr.len > SRIOVNIC_MBX_PAYLOAD ||
			    reply.hdr.cookie != req.hdr.cookie)
				abort();
		}
		check_invariants();
		data += 1 + sizeof(req);
		size -= 1 + sizeof(req);
	}
	return 0;
}
