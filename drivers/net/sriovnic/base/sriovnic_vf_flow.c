/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* A VF's flow requests to its PF (datasheet 11.6, API 1.2) */
#include <errno.h>
#include <string.h>

#include "sriovnic_vf.h"

static int
flow_req(struct sriovnic_vf *vf, uint16_t op, const void *req, uint16_t len,
	 void *resp, uint16_t resp_len, unsigned int timeout_ms)
{
	return sriovnic_vf_request_cap(vf, SRIOVNIC_MBX_CAP_FLOW, op, req, len,
				       resp, resp_len, timeout_ms);
}

int
sriovnic_vf_flow_add(struct sriovnic_vf *vf, uint32_t handle, uint8_t group,
		     uint8_t priority, const struct sriovnic_flow_rule *r,
		     bool validate, unsigned int timeout_ms)
{
	struct sriovnic_mbx_flow_add m;
	unsigned int pos = 0;
	bool last;
	int ret;

	m.flags = SRIOVNIC_MBX_FLOW_FIRST;
	do {
		last = sriovnic_flow_rule_chunk(r, &pos, &m);
		m.handle = handle;
		m.rsvd = 0;
		m.group = 0;
		m.priority = 0;
		if (last) {
			m.flags |= SRIOVNIC_MBX_FLOW_LAST |
				   (validate ? SRIOVNIC_MBX_FLOW_VALIDATE : 0);
			m.group = group;
			m.priority = priority;
		}
		ret = flow_req(vf, SRIOVNIC_MBX_OP_FLOW_ADD, &m, sizeof(m),
			       NULL, 0, timeout_ms);
		m.flags = 0;
	} while (ret == 0 && !last);
	return ret;
}

int
sriovnic_vf_flow_del(struct sriovnic_vf *vf, uint32_t handle,
		     unsigned int timeout_ms)
{
	struct sriovnic_mbx_flow_handle h = { .handle = handle };

	return flow_req(vf, SRIOVNIC_MBX_OP_FLOW_DEL, &h, sizeof(h), NULL, 0,
			timeout_ms);
}

int
sriovnic_vf_flow_query(struct sriovnic_vf *vf, uint32_t handle, bool reset,
		       struct sriovnic_mbx_flow_count *cnt,
		       unsigned int timeout_ms)
{
	struct sriovnic_mbx_flow_query q = {
		.handle = handle,
		.flags = reset ? SRIOVNIC_MBX_FLOW_QUERY_RESET : 0,
	};

	return flow_req(vf, SRIOVNIC_MBX_OP_FLOW_QUERY, &q, sizeof(q), cnt,
			sizeof(*cnt), timeout_ms);
}

int
sriovnic_vf_flow_flush(struct sriovnic_vf *vf, unsigned int timeout_ms)
{
	return flow_req(vf, SRIOVNIC_MBX_OP_FLOW_FLUSH, NULL, 0, NULL, 0,
			timeout_ms);
}

int
sriovnic_vf_flow_info(struct sriovnic_vf *vf,
		      struct sriovnic_mbx_flow_info *info,
		      unsigned int timeout_ms)
{
	return flow_req(vf, SRIOVNIC_MBX_OP_FLOW_INFO, NULL, 0, info,
			sizeof(*info), timeout_ms);
}
