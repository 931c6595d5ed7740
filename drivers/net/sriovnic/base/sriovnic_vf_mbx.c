/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "sriovnic_vf.h"

/* A reply usually comes within this: wait for it without sleeping, which
 * would add a timer slack to every request, but yielding the CPU to the
 * PF (and the card's model) in case they share it
 */
#define SRIOVNIC_VF_SPIN_US	200

/* API 1.2 with every capability it offers */
#define SRIOVNIC_VF_CAPS	SRIOVNIC_MBX_CAPS_V1_3

static void
vf_event(struct sriovnic_vf *vf, const struct sriovnic_mbx_msg *msg)
{
	if (!(msg->hdr.opcode & SRIOVNIC_MBX_EVENT)) {
		PMD_MBX_LOG(DEBUG, "%s: stray reply %#x dropped", vf->hw->name,
			    msg->hdr.opcode);
		return;
	}
	if (vf->event_cb != NULL)
		vf->event_cb(vf, msg);
}

/* PF_STATE.READY clear: no PF driver runs, nothing would answer. A
 * revision 1.0 card cannot tell: the timeout does.
 */
static bool
vf_pf_ready(const struct sriovnic_vf *vf)
{
	return !vf->pf_state ||
	       (sriovnic_read(vf->hw, SRIOVNIC_PF_STATE) & SRIOVNIC_PFST_READY);
}

/* One request and its reply, by `end` (timer cycles); -EAGAIN at once
 * while the PF driver is away, rather than waiting out the timeout
 */
static int
vf_request_once(struct sriovnic_vf *vf, uint16_t op, const void *req,
		uint16_t req_len, void *resp, uint16_t resp_len, uint64_t end)
{
	struct sriovnic_mbx_msg msg = { .hdr = { .opcode = op, .len = req_len } };
	uint64_t hz = rte_get_timer_hz();
	uint64_t start = rte_get_timer_cycles();
	uint64_t spin = hz * SRIOVNIC_VF_SPIN_US / 1000000;
	uint64_t now;
	int ret;

	if (!vf_pf_ready(vf))
		return -EAGAIN;
	if (req_len != 0)
		memcpy(msg.payload, req, req_len);
	rte_spinlock_lock(&vf->lock);
	msg.hdr.cookie = ++vf->cookie;
	ret = sriovnic_mbx_send(vf->hw, &vf->ch, &msg,
				end > start ? (end - start) * 1000 / hz + 1 : 1);
	while (ret == 0) {
		struct sriovnic_mbx_msg in;

		ret = sriovnic_mbx_recv(vf->hw, &vf->ch, &in);
		if (ret == -EAGAIN) {
			now = rte_get_timer_cycles();
			if (sriovnic_hw_removed(vf->hw)) {
				ret = -ENODEV;
				break;
			}
			if (!vf_pf_ready(vf)) {
				ret = -EAGAIN;
				break;
			}
			if (now > end) {
				ret = -ETIMEDOUT;
				break;
			}
			if (now - start < spin)
				sched_yield();
			else
				rte_delay_us_sleep(100);
			ret = 0;
			continue;
		}
		if (ret != 0)
			break;
		if (in.hdr.opcode != (op | SRIOVNIC_MBX_REPLY) ||
		    in.hdr.cookie != msg.hdr.cookie) {
			vf_event(vf, &in);
			continue;
		}
		ret = in.hdr.result;
		if (ret > 0)
			ret = -EPROTO;
		if (ret == 0 && resp_len != 0) {
			if (in.hdr.len < resp_len)
				ret = -EBADMSG;
			else
				memcpy(resp, in.payload, resp_len);
		}
		break;
	}
	rte_spinlock_unlock(&vf->lock);
	return ret;
}

/* The PF's rate limit answers -EBUSY and its bucket refills within ms:
 * waited out, backing off from the first to the last delay
 */
#define SRIOVNIC_VF_BUSY_DELAY_US	1000u
#define SRIOVNIC_VF_BUSY_DELAY_MAX_US	16000u

int
sriovnic_vf_request(struct sriovnic_vf *vf, uint16_t op, const void *req,
		    uint16_t req_len, void *resp, uint16_t resp_len,
		    unsigned int timeout_ms)
{
	uint64_t hz = rte_get_timer_hz();
	uint64_t end = rte_get_timer_cycles() + hz * timeout_ms / 1000;
	unsigned int delay_us = SRIOVNIC_VF_BUSY_DELAY_US;
	int ret;

	if (req_len > SRIOVNIC_MBX_PAYLOAD)
		return -EINVAL;
	while ((ret = vf_request_once(vf, op, req, req_len, resp, resp_len,
				      end)) == -EBUSY &&
	       rte_get_timer_cycles() + hz * delay_us / 1000000 < end) {
		rte_delay_us_sleep(delay_us);
		delay_us = RTE_MIN(delay_us * 2, SRIOVNIC_VF_BUSY_DELAY_MAX_US);
	}
	return ret;
}

int
sriovnic_vf_request_cap(struct sriovnic_vf *vf, uint32_t cap, uint16_t op,
			const void *req, uint16_t req_len, void *resp,
			uint16_t resp_len, unsigned int timeout_ms)
{
	if (!(vf->caps & cap))
		return -ENOTSUP;
	return sriovnic_vf_request(vf, op, req, req_len, resp, resp_len,
				   timeout_ms);
}

/* Events arriving while no request is in flight (mailbox interrupt). */
void
sriovnic_vf_mbx_poll(struct sriovnic_vf *vf)
{
	struct sriovnic_mbx_msg in;

	if (!rte_spinlock_trylock(&vf->lock))
		return;		/* the requester dispatches them */
	while (sriovnic_mbx_recv(vf->hw, &vf->ch, &in) != -EAGAIN)
		vf_event(vf, &in);
	rte_spinlock_unlock(&vf->lock);
}

int
sriovnic_vf_init(struct sriovnic_vf *vf, struct sriovnic_hw *hw,
		 unsigned int timeout_ms)
{
	struct sriovnic_mbx_hello hello = {
		.major = SRIOVNIC_MBX_API_MAJOR,
		.minor = SRIOVNIC_MBX_API_MINOR,
		.caps = SRIOVNIC_VF_CAPS,
	};
	int ret;

	vf->hw = hw;
	vf->pf_state = (sriovnic_read(hw, SRIOVNIC_VERSION) & 0xffff) >= 1;
	sriovnic_mbx_chan_vf(&vf->ch);
	vf->res.flags = 0;
	/* drop whatever a previous owner of this VF left in the mailbox */
	sriovnic_write(hw, SRIOVNIC_VF_MBX_RX_ACK,
		       sriovnic_read(hw, SRIOVNIC_VF_MBX_RX_SEQ));

	ret = sriovnic_vf_request(vf, SRIOVNIC_MBX_OP_RESET, NULL, 0, NULL, 0,
				  timeout_ms);
	if (ret == -EAGAIN) {
		PMD_INIT_LOG(ERR, "%s: no PF driver running (PF_STATE %#x, not ready): probe the PF port (net_sriovnic) first",
			     hw->name, sriovnic_read(hw, SRIOVNIC_PF_STATE));
		return ret;
	}
	if (ret == -ETIMEDOUT) {
		PMD_INIT_LOG(ERR, "%s: no answer from the PF within %u ms: is the PF port (net_sriovnic) probed?",
			     hw->name, timeout_ms);
		return ret;
	}
	if (ret == 0)
		ret = sriovnic_vf_request(vf, SRIOVNIC_MBX_OP_HELLO, &hello,
					  sizeof(hello), &hello, sizeof(hello),
					  timeout_ms);
	if (ret != 0) {
		PMD_INIT_LOG(ERR, "%s: PF refused mailbox API %u.%u: %s",
			     hw->name, SRIOVNIC_MBX_API_MAJOR,
			     SRIOVNIC_MBX_API_MINOR, strerror(-ret));
		return ret;
	}
	vf->api_minor = hello.minor;
	vf->caps = hello.caps & SRIOVNIC_VF_CAPS;
	ret = sriovnic_vf_request(vf, SRIOVNIC_MBX_OP_GET_RES, NULL, 0,
				  &vf->res, sizeof(vf->res), timeout_ms);
	if (ret != 0)
		PMD_INIT_LOG(ERR, "%s: cannot get resources from the PF: %s",
			     hw->name, strerror(-ret));
	return ret;
}
