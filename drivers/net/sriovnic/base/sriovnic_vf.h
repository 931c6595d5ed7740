/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_VF_H
#define SRIOVNIC_VF_H

#include <rte_spinlock.h>

#include "sriovnic_flow_rule.h"
#include "sriovnic_mbx.h"

struct sriovnic_vf;
typedef void (*sriovnic_vf_event_cb)(struct sriovnic_vf *vf,
				     const struct sriovnic_mbx_msg *ev);

/* The VF's view of its PF, learned over the mailbox */
struct sriovnic_vf {
	struct sriovnic_hw *hw;
	struct sriovnic_mbx_chan ch;
	rte_spinlock_t lock;		/* one request in flight */
	uint16_t cookie;
	uint16_t api_minor;
	uint32_t caps;
	bool pf_state;			/* the card has PF_STATE (revision 1.1) */
	struct sriovnic_mbx_res res;
	sriovnic_vf_event_cb event_cb;
	void *event_arg;
};

/* A request and its reply within timeout_ms; the PF's rate limit (-EBUSY)
 * is waited out within it too. -EAGAIN at once while PF_STATE says no PF
 * driver runs (before its probe, between its close and its next probe,
 * during its reset).
 */
int sriovnic_vf_request(struct sriovnic_vf *vf, uint16_t op,
			const void *req, uint16_t req_len,
			void *resp, uint16_t resp_len, unsigned int timeout_ms);
/* A request of an API 1.2 capability (SRIOVNIC_MBX_CAP_*): -ENOTSUP when
 * the PF did not agree to it.
 */
int sriovnic_vf_request_cap(struct sriovnic_vf *vf, uint32_t cap,
			    uint16_t op, const void *req, uint16_t req_len,
			    void *resp, uint16_t resp_len,
			    unsigned int timeout_ms);
/* RESET, HELLO, GET_RES; again after a PF reset. vf->lock is the
 * caller's to initialise, once.
 */
int sriovnic_vf_init(struct sriovnic_vf *vf, struct sriovnic_hw *hw,
		     unsigned int timeout_ms);
void sriovnic_vf_mbx_poll(struct sriovnic_vf *vf);

/* Flow rules through the PF (MBX_CAP_FLOW, sriovnic_vf_flow.c): a rule
 * goes as FLOW_ADD chunks. Negative errno, the PF's NACK.
 */
int sriovnic_vf_flow_add(struct sriovnic_vf *vf, uint32_t handle,
			 uint8_t group, uint8_t priority,
			 const struct sriovnic_flow_rule *r, bool validate,
			 unsigned int timeout_ms);
int sriovnic_vf_flow_del(struct sriovnic_vf *vf, uint32_t handle,
			 unsigned int timeout_ms);
int sriovnic_vf_flow_query(struct sriovnic_vf *vf, uint32_t handle,
			   bool reset, struct sriovnic_mbx_flow_count *cnt,
			   unsigned int timeout_ms);
int sriovnic_vf_flow_flush(struct sriovnic_vf *vf, unsigned int timeout_ms);
int sriovnic_vf_flow_info(struct sriovnic_vf *vf,
			  struct sriovnic_mbx_flow_info *info,
			  unsigned int timeout_ms);

#endif /* SRIOVNIC_VF_H */
