/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The PF's side of the mailbox. A VF is untrusted: every request is checked
 * (state, length, values) before anything changes, and a refused request
 * changes nothing.
 */
#include <errno.h>
#include <string.h>

#include "sriovnic_pf.h"

#define SRIOVNIC_PF_CAPS	SRIOVNIC_MBX_CAPS_V1_0

static bool
mac_is_zero(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return memcmp(mac, zero, 6) == 0;
}

static bool
mac_is_mc(const uint8_t mac[6])
{
	return mac[0] & 1;
}

static bool
mac_is_bcast(const uint8_t mac[6])
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return memcmp(mac, bcast, 6) == 0;
}

void
sriovnic_pf_vf_init(struct sriovnic_pf *pf, const uint8_t pf_mac[6])
{
	uint16_t n;

	memset(pf->vf, 0, sizeof(pf->vf));
	for (n = 0; n < pf->hw->num_vfs; n++) {
		/* VF n gets the PF's address plus 1 + n in its low bytes */
		uint32_t low = (pf_mac[4] << 8 | pf_mac[5]) + 1 + n;

		memcpy(pf->vf[n].mac, pf_mac, 4);
		pf->vf[n].mac[4] = low >> 8;
		pf->vf[n].mac[5] = low;
		pf->vf[n].max_frame = SRIOVNIC_DEFAULT_FRAME;
	}
}

static void
vf_forget(struct sriovnic_pf *pf, uint16_t vf)
{
	struct sriovnic_vf_info *info = &pf->vf[vf];

	sriovnic_sw_func_flush(pf, SRIOVNIC_FUNC_VF(vf));
	info->active = false;
	info->promisc = false;
	info->allmulti = false;
	info->nb_mc = 0;
	info->caps = 0;
	info->max_frame = SRIOVNIC_DEFAULT_FRAME;
}

static int
vf_hello(struct sriovnic_pf *pf, uint16_t vf, const struct sriovnic_mbx_msg *req,
	 struct sriovnic_mbx_msg *reply)
{
	struct sriovnic_vf_info *info = &pf->vf[vf];
	struct sriovnic_mbx_hello hello;
	int ret;

	memcpy(&hello, req->payload, sizeof(hello));
	if (hello.major != SRIOVNIC_MBX_API_MAJOR)
		return -EPROTONOSUPPORT;
	if (info->active)
		vf_forget(pf, vf);
	ret = sriovnic_sw_mac_add(pf, SRIOVNIC_FUNC_VF(vf), info->mac);
	if (ret != 0)
		return ret;
	sriovnic_sw_func_cfg(pf, SRIOVNIC_FUNC_VF(vf),
			     SRIOVNIC_FCFG_RX_ENABLE | SRIOVNIC_FCFG_BCAST, 0);
	info->api_minor = RTE_MIN(hello.minor, SRIOVNIC_MBX_API_MINOR);
	info->caps = hello.caps & SRIOVNIC_PF_CAPS;
	info->active = true;
	hello.minor = info->api_minor;
	hello.caps = info->caps;
	memcpy(reply->payload, &hello, sizeof(hello));
	reply->hdr.len = sizeof(hello);
	return 0;
}

static int
vf_get_res(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_mbx_msg *reply)
{
	const struct sriovnic_vf_info *info = &pf->vf[vf];
	struct sriovnic_mbx_res res = {
		.flags = info->admin_mac ? SRIOVNIC_MBX_RES_ADMIN_MAC : 0,
		.max_rxq = pf->hw->max_rxq,
		.max_txq = pf->hw->max_txq,
		.max_mc = SRIOVNIC_VF_MAX_MC,
		.max_frame = SRIOVNIC_MAX_FRAME_LIMIT,
	};

	memcpy(res.mac, info->mac, 6);
	memcpy(reply->payload, &res, sizeof(res));
	reply->hdr.len = sizeof(res);
	return 0;
}

static int
vf_set_mac(struct sriovnic_pf *pf, uint16_t vf, const uint8_t mac[6])
{
	struct sriovnic_vf_info *info = &pf->vf[vf];
	uint8_t func = SRIOVNIC_FUNC_VF(vf);
	int ret;

	if (mac_is_zero(mac) || mac_is_mc(mac))
		return -EINVAL;
	if (memcmp(mac, info->mac, 6) == 0)
		return 0;
	if (info->admin_mac)
		return -EPERM;
	ret = sriovnic_sw_mac_add(pf, func, mac);
	if (ret != 0)
		return ret;
	sriovnic_sw_mac_del(pf, func, info->mac);
	memcpy(info->mac, mac, 6);
	return 0;
}

static int
mc_find(const struct sriovnic_vf_info *info, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < info->nb_mc; i++)
		if (memcmp(info->mc[i], mac, 6) == 0)
			return i;
	return -ENOENT;
}

static int
vf_add_mc(struct sriovnic_pf *pf, uint16_t vf, const uint8_t mac[6])
{
	struct sriovnic_vf_info *info = &pf->vf[vf];
	int ret;

	if (!mac_is_mc(mac) || mac_is_bcast(mac))
		return -EINVAL;
	if (mc_find(info, mac) >= 0)
		return 0;
	if (info->nb_mc == SRIOVNIC_VF_MAX_MC)
		return -ENOSPC;
	ret = sriovnic_sw_mac_add(pf, SRIOVNIC_FUNC_VF(vf), mac);
	if (ret != 0)
		return ret;
	memcpy(info->mc[info->nb_mc++], mac, 6);
	return 0;
}

static int
vf_del_mc(struct sriovnic_pf *pf, uint16_t vf, const uint8_t mac[6])
{
	struct sriovnic_vf_info *info = &pf->vf[vf];
	int i = mc_find(info, mac);

	if (!mac_is_mc(mac) || mac_is_bcast(mac))
		return -EINVAL;
	if (i < 0)
		return i;
	sriovnic_sw_mac_del(pf, SRIOVNIC_FUNC_VF(vf), mac);
	info->nb_mc--;
	memmove(info->mc[i], info->mc[i + 1], (info->nb_mc - i) * 6);
	return 0;
}

static int
vf_rxmode(struct sriovnic_pf *pf, uint16_t vf,
	  const struct sriovnic_mbx_rxmode *mode)
{
	struct sriovnic_vf_info *info = &pf->vf[vf];
	uint32_t set = 0;

	if (mode->promisc > 1 || mode->allmulti > 1)
		return -EINVAL;
	/* seeing other functions' traffic is a privilege */
	if ((mode->promisc || mode->allmulti) && !info->trusted)
		return -EPERM;
	if (mode->promisc)
		set |= SRIOVNIC_FCFG_PROMISC;
	if (mode->allmulti)
		set |= SRIOVNIC_FCFG_ALLMULTI;
	sriovnic_sw_func_cfg(pf, SRIOVNIC_FUNC_VF(vf), set,
			     SRIOVNIC_FCFG_PROMISC | SRIOVNIC_FCFG_ALLMULTI);
	info->promisc = mode->promisc;
	info->allmulti = mode->allmulti;
	return 0;
}

static int
vf_max_frame(struct sriovnic_pf *pf, uint16_t vf, uint32_t frame)
{
	if (frame < SRIOVNIC_MIN_FRAME || frame > SRIOVNIC_MAX_FRAME_LIMIT)
		return -EINVAL;
	pf->vf[vf].max_frame = frame;
	return 0;
}

/* Payload length each request must carry exactly */
static const uint16_t req_len[SRIOVNIC_MBX_OP_MAX] = {
	[SRIOVNIC_MBX_OP_RESET] = 0,
	[SRIOVNIC_MBX_OP_HELLO] = sizeof(struct sriovnic_mbx_hello),
	[SRIOVNIC_MBX_OP_GET_RES] = 0,
	[SRIOVNIC_MBX_OP_SET_MAC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_ADD_MC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_DEL_MC] = sizeof(struct sriovnic_mbx_mac),
	[SRIOVNIC_MBX_OP_RXMODE] = sizeof(struct sriovnic_mbx_rxmode),
	[SRIOVNIC_MBX_OP_MAX_FRAME] = sizeof(struct sriovnic_mbx_u32),
};

/* Capability a request needs to have been negotiated at HELLO */
static const uint32_t op_cap[SRIOVNIC_MBX_OP_MAX] = {
	[SRIOVNIC_MBX_OP_ADD_MC] = SRIOVNIC_MBX_CAP_MC,
	[SRIOVNIC_MBX_OP_DEL_MC] = SRIOVNIC_MBX_CAP_MC,
	[SRIOVNIC_MBX_OP_RXMODE] = SRIOVNIC_MBX_CAP_RXMODE,
};

static int
pf_dispatch(struct sriovnic_pf *pf, uint16_t vf,
	    const struct sriovnic_mbx_msg *req, struct sriovnic_mbx_msg *reply)
{
	uint16_t op = req->hdr.opcode;
	struct sriovnic_mbx_rxmode mode;
	struct sriovnic_mbx_u32 val;

	if (op == 0 || op >= SRIOVNIC_MBX_OP_MAX)
		return -EOPNOTSUPP;
	if (req->hdr.len != req_len[op])
		return -EINVAL;
	if (!pf->vf[vf].active && op != SRIOVNIC_MBX_OP_RESET &&
	    op != SRIOVNIC_MBX_OP_HELLO)
		return -EPROTO;
	if (op_cap[op] != 0 && !(pf->vf[vf].caps & op_cap[op]))
		return -EOPNOTSUPP;

	switch (op) {
	case SRIOVNIC_MBX_OP_RESET:
		vf_forget(pf, vf);
		return 0;
	case SRIOVNIC_MBX_OP_HELLO:
		return vf_hello(pf, vf, req, reply);
	case SRIOVNIC_MBX_OP_GET_RES:
		return vf_get_res(pf, vf, reply);
	case SRIOVNIC_MBX_OP_SET_MAC:
		return vf_set_mac(pf, vf, req->payload);
	case SRIOVNIC_MBX_OP_ADD_MC:
		return vf_add_mc(pf, vf, req->payload);
	case SRIOVNIC_MBX_OP_DEL_MC:
		return vf_del_mc(pf, vf, req->payload);
	case SRIOVNIC_MBX_OP_RXMODE:
		memcpy(&mode, req->payload, sizeof(mode));
		return vf_rxmode(pf, vf, &mode);
	default: /* SRIOVNIC_MBX_OP_MAX_FRAME, the last one */
		memcpy(&val, req->payload, sizeof(val));
		return vf_max_frame(pf, vf, val.value);
	}
}

int
sriovnic_pf_handle_msg(struct sriovnic_pf *pf, uint16_t vf,
		       const struct sriovnic_mbx_msg *req,
		       struct sriovnic_mbx_msg *reply)
{
	int ret;

	memset(reply, 0, sizeof(*reply));
	reply->hdr.opcode = req->hdr.opcode | SRIOVNIC_MBX_REPLY;
	reply->hdr.cookie = req->hdr.cookie;
	if (vf >= pf->hw->num_vfs) {
		reply->hdr.result = -ENODEV;
		return -ENODEV;
	}

	rte_spinlock_lock(&pf->lock);
	ret = pf_dispatch(pf, vf, req, reply);
	pf->vf[vf].msgs++;
	if (ret != 0) {
		pf->vf[vf].nacks++;
		reply->hdr.len = 0;
		PMD_MBX_LOG(DEBUG, "VF %u: request %#x refused: %s", vf,
			    req->hdr.opcode, strerror(-ret));
	}
	rte_spinlock_unlock(&pf->lock);
	reply->hdr.result = ret;
	return ret;
}

/* One message per VF per call, so a chatty VF cannot starve the others. */
unsigned int
sriovnic_pf_mbx_poll(struct sriovnic_pf *pf)
{
	struct sriovnic_mbx_msg req, reply;
	struct sriovnic_mbx_chan ch;
	unsigned int handled = 0;
	uint16_t vf;
	int ret;

	for (vf = 0; vf < pf->hw->num_vfs; vf++) {
		sriovnic_mbx_chan_pf(&ch, vf);
		if (!sriovnic_mbx_pending(pf->hw, &ch))
			continue;
		ret = sriovnic_mbx_recv(pf->hw, &ch, &req);
		if (ret == -EBADMSG)
			req.hdr.len = UINT16_MAX;	/* refused as -EINVAL */
		else if (ret != 0)
			continue;
		sriovnic_pf_handle_msg(pf, vf, &req, &reply);
		if (sriovnic_mbx_send(pf->hw, &ch, &reply,
				      SRIOVNIC_PF_REPLY_TIMEOUT_MS) != 0)
			PMD_MBX_LOG(WARNING, "VF %u does not take its replies",
				    vf);
		handled++;
	}
	return handled;
}
