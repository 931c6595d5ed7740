/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * A VF's device state through the PF (datasheet 17): suspended, saved
 * into a record, a record restored into it, resumed. The record is the
 * card's; the PF driver only carries it.
 */
#include <errno.h>
#include <string.h>

#include "sriovnic_pf.h"

static int
vf_state_check(struct sriovnic_pf *pf, uint16_t vf)
{
	if (vf >= pf->hw->num_vfs) {
		PMD_DRV_LOG(ERR, "%s: no VF %u", pf->hw->name, vf);
		return -ENODEV;
	}
	if (!(pf->hw->caps & SRIOVNIC_CAP_VF_STATE)) {
		PMD_DRV_LOG(ERR, "%s: the card keeps no VF device state (revision 1.6)",
			    pf->hw->name);
		return -ENOTSUP;
	}
	return 0;
}

/* One VF state command under pf->lock, its refusal logged */
static int
vf_state_exec(struct sriovnic_pf *pf, uint16_t vf, uint16_t opcode,
	      void *buf, uint32_t len)
{
	struct sriovnic_aq_desc d = { .opcode = opcode, .buf_len = len };
	int ret;

	d.param.vf_state.vf = vf;
	pthread_mutex_lock(&pf->lock);
	ret = sriovnic_aq_exec(&pf->aq, &d, buf);
	pthread_mutex_unlock(&pf->lock);
	if (ret == 0 || d.info == 0)
		return ret;
	if (d.info == SRIOVNIC_AQE_STATE_FIELD ||
	    d.info == SRIOVNIC_AQE_STATE_RING)
		PMD_DRV_LOG(ERR, "%s: VF %u: command %#x refused: %s (byte %u)",
			    pf->hw->name, vf, opcode,
			    sriovnic_aq_strerror(d.info),
			    d.param.vf_state.err_off);
	else
		PMD_DRV_LOG(ERR, "%s: VF %u: command %#x refused: %s",
			    pf->hw->name, vf, opcode,
			    sriovnic_aq_strerror(d.info));
	return ret;
}

int
sriovnic_pf_vf_run(struct sriovnic_pf *pf, uint16_t vf, bool run)
{
	int ret = vf_state_check(pf, vf);

	if (ret != 0)
		return ret;
	return vf_state_exec(pf, vf, run ? SRIOVNIC_AQC_VF_RESUME :
			     SRIOVNIC_AQC_VF_SUSPEND, NULL, 0);
}

int
sriovnic_pf_vf_state_save(struct sriovnic_pf *pf, uint16_t vf, void *buf,
			  size_t len)
{
	int ret = vf_state_check(pf, vf);

	if (ret != 0)
		return ret;
	if (buf == NULL && len == 0)
		return SRIOVNIC_VFS_LEN;
	if (buf == NULL) {
		PMD_DRV_LOG(ERR, "%s: VF %u: no buffer for a state record of %zu bytes",
			    pf->hw->name, vf, len);
		return -EINVAL;
	}
	if (len < SRIOVNIC_VFS_LEN) {
		PMD_DRV_LOG(ERR, "%s: VF %u: a state record needs %u bytes, not %zu",
			    pf->hw->name, vf, SRIOVNIC_VFS_LEN, len);
		return -ENOSPC;
	}
	ret = vf_state_exec(pf, vf, SRIOVNIC_AQC_VF_STATE_SAVE, buf,
			    SRIOVNIC_VFS_LEN);
	return ret < 0 ? ret : SRIOVNIC_VFS_LEN;
}

int
sriovnic_pf_vf_state_restore(struct sriovnic_pf *pf, uint16_t vf,
			     const void *buf, size_t len)
{
	struct sriovnic_vf_state st;
	int ret = vf_state_check(pf, vf);

	if (ret != 0)
		return ret;
	if (buf == NULL) {
		PMD_DRV_LOG(ERR, "%s: VF %u: no state record", pf->hw->name, vf);
		return -EINVAL;
	}
	if (len != sizeof(st)) {
		PMD_DRV_LOG(ERR, "%s: VF %u: a state record has %u bytes, not %zu",
			    pf->hw->name, vf, SRIOVNIC_VFS_LEN, len);
		return -EINVAL;
	}
	/* the command's buffer is copied out and back */
	memcpy(&st, buf, sizeof(st));
	return vf_state_exec(pf, vf, SRIOVNIC_AQC_VF_STATE_RESTORE, &st,
			     sizeof(st));
}
