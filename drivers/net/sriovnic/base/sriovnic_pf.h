/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_PF_H
#define SRIOVNIC_PF_H

#include <rte_spinlock.h>

#include "sriovnic_mbx.h"

#define SRIOVNIC_VF_MAX_MC		16
#define SRIOVNIC_PF_REPLY_TIMEOUT_MS	100

/* What the PF knows and enforces about one VF */
struct sriovnic_vf_info {
	uint8_t mac[6];
	bool admin_mac;		/* set by the administrator: VF may not change */
	bool active;		/* said HELLO since its last RESET */
	bool trusted;		/* may see traffic not addressed to it */
	uint16_t api_minor;
	uint32_t caps;		/* negotiated */
	bool promisc;
	bool allmulti;
	uint16_t nb_mc;
	uint8_t mc[SRIOVNIC_VF_MAX_MC][6];
	uint32_t max_frame;
	uint64_t msgs;		/* requests handled */
	uint64_t nacks;		/* requests refused */
};

/* Shadow of the switch MAC table, so the PF never reads back the BAR */
struct sriovnic_sw_entry {
	uint8_t mac[6];
	uint8_t func;
	bool valid;
};

struct sriovnic_pf {
	struct sriovnic_hw *hw;
	rte_spinlock_t lock;	/* switch tables and VF state */
	uint32_t sw_gen;
	uint32_t fcfg[SRIOVNIC_MAX_FUNCS];
	struct sriovnic_sw_entry sw[SRIOVNIC_SW_MAC_ENTRIES];
	struct sriovnic_vf_info vf[SRIOVNIC_MAX_VFS];
};

/* Embedded switch (sriovnic_switch.c); callers hold pf->lock */
void sriovnic_sw_init(struct sriovnic_pf *pf);
int sriovnic_sw_mac_add(struct sriovnic_pf *pf, uint8_t func,
			const uint8_t mac[6]);
int sriovnic_sw_mac_del(struct sriovnic_pf *pf, uint8_t func,
			const uint8_t mac[6]);
void sriovnic_sw_func_flush(struct sriovnic_pf *pf, uint8_t func);
void sriovnic_sw_func_cfg(struct sriovnic_pf *pf, uint8_t func,
			  uint32_t set, uint32_t clear);

/* VF requests (sriovnic_pf_mbx.c) */
void sriovnic_pf_vf_init(struct sriovnic_pf *pf, const uint8_t pf_mac[6]);
int sriovnic_pf_handle_msg(struct sriovnic_pf *pf, uint16_t vf,
			   const struct sriovnic_mbx_msg *req,
			   struct sriovnic_mbx_msg *reply);
unsigned int sriovnic_pf_mbx_poll(struct sriovnic_pf *pf);

#endif /* SRIOVNIC_PF_H */
