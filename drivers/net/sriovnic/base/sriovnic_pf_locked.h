/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_PF_LOCKED_H
#define SRIOVNIC_PF_LOCKED_H

/* Internal to the PF's base files: callers hold pf->lock (the lock rule,
 * sriovnic_pf.h)
 */

#include "sriovnic_pf.h"

/* Embedded switch (sriovnic_switch.c) */
void sriovnic_sw_init_locked(struct sriovnic_pf *pf);
/* SW_CTRL from the modes the PF keeps, then SW_GEN */
void sriovnic_sw_ctrl_locked(struct sriovnic_pf *pf);
int sriovnic_pf_func_apply_locked(struct sriovnic_pf *pf, uint8_t f);
/* All or nothing: on failure the function keeps its previous state */
int sriovnic_pf_func_update_locked(struct sriovnic_pf *pf, uint8_t f,
				   const struct sriovnic_func *want);

/* An event to a VF that said HELLO, and statistics of a VF
 * (sriovnic_pf_admin.c)
 */
int sriovnic_pf_vf_event_locked(struct sriovnic_pf *pf, uint16_t vf,
				uint16_t op, const void *data, uint16_t len);
void sriovnic_pf_get_vf_stats_locked(struct sriovnic_pf *pf, uint16_t vf,
				     struct sriovnic_mbx_stats *st);

/* Scheduler: a VF forgotten, and its TM_* requests (sriovnic_pf_tm.c) */
void sriovnic_pf_tm_vf_forget_locked(struct sriovnic_pf *pf, uint16_t vf);
int sriovnic_pf_tm_request_locked(struct sriovnic_pf *pf, uint16_t vf,
				  const struct sriovnic_func *fn,
				  const struct sriovnic_mbx_msg *req,
				  struct sriovnic_mbx_msg *reply);

/* VF requests FLOW_* (mailbox), and a VF forgotten (reset, HELLO, FLR)
 * (sriovnic_pf_flow.c)
 */
int sriovnic_pf_vf_flow_request_locked(struct sriovnic_pf *pf, uint16_t vf,
				       const struct sriovnic_func *fn,
				       const struct sriovnic_mbx_msg *req,
				       struct sriovnic_mbx_msg *reply);
void sriovnic_pf_vf_flow_forget_locked(struct sriovnic_pf *pf, uint16_t vf);
/* Rule ids in use, by any function */
uint32_t sriovnic_pf_flow_ids_used_locked(const struct sriovnic_pf *pf);

#endif /* SRIOVNIC_PF_LOCKED_H */
