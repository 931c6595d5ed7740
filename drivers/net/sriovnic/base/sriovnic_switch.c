/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* Programs one function's switch state: MAC table entries, FUNC_CFG and
 * FUNC_VLAN, all derived from struct sriovnic_func.
 */
#include <errno.h>
#include <string.h>

#include "sriovnic_pf.h"
#include "sriovnic_pf_locked.h"

static void
sw_entry_write(struct sriovnic_pf *pf, unsigned int i)
{
	const struct sriovnic_sw_entry *e = &pf->sw[i];
	uint32_t reg = SRIOVNIC_SW_MAC(i);
	uint32_t vid;

	/* datasheet update order: invalidate, write, validate, bump SW_GEN */
	sriovnic_write(pf->hw, reg + 8, 0);
	if (e->valid) {
		vid = e->vid == SRIOVNIC_SW_VID_ANY ? SRIOVNIC_SWMAC_VID_ANY :
		      (uint32_t)e->vid << SRIOVNIC_SWMAC_VID_SHIFT;
		sriovnic_write(pf->hw, reg, e->mac[0] | e->mac[1] << 8 |
			       e->mac[2] << 16 | (uint32_t)e->mac[3] << 24);
		sriovnic_write(pf->hw, reg + 4, e->mac[4] | e->mac[5] << 8 | vid);
		sriovnic_write(pf->hw, reg + 8, e->func | SRIOVNIC_SWMAC_VALID);
	}
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
}

void
sriovnic_sw_init_locked(struct sriovnic_pf *pf)
{
	unsigned int i;

	memset(pf->sw, 0, sizeof(pf->sw));
	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++)
		sriovnic_write(pf->hw, SRIOVNIC_SW_MAC(i) + 8, 0);
	for (i = 0; i < SRIOVNIC_MAX_FUNCS; i++) {
		sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_CFG(i), 0);
		sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_VLAN(i), 0);
	}
	sriovnic_sw_ctrl_locked(pf);
}

void
sriovnic_sw_ctrl_locked(struct sriovnic_pf *pf)
{
	sriovnic_write(pf->hw, SRIOVNIC_SW_CTRL,
		       (pf->vepa ? SRIOVNIC_SWCTRL_VEPA : 0) |
		       (pf->switchdev ? SRIOVNIC_SWCTRL_SWITCHDEV : 0));
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
}

static int
sw_add(struct sriovnic_pf *pf, uint8_t f, const uint8_t mac[6], uint16_t vid)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (pf->sw[i].valid)
			continue;
		memcpy(pf->sw[i].mac, mac, 6);
		pf->sw[i].vid = vid;
		pf->sw[i].func = f;
		pf->sw[i].valid = true;
		sw_entry_write(pf, i);
		return 0;
	}
	return -ENOSPC;
}

static void
sw_flush(struct sriovnic_pf *pf, uint8_t f)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (pf->sw[i].valid && pf->sw[i].func == f) {
			pf->sw[i].valid = false;
			sw_entry_write(pf, i);
		}
	}
}

/* The administrator's bits hold whether or not the VF said hello: a VF
 * that transmits without a driver handshake is still checked.
 */
static uint32_t
func_cfg(const struct sriovnic_func *fn, uint8_t f)
{
	/* the PF is its own administrator */
	bool trusted = f == SRIOVNIC_FUNC_PF || fn->trusted;
	uint32_t cfg = (uint32_t)fn->link_mode << SRIOVNIC_FCFG_LINK_SHIFT;

	if (fn->spoof_mac)
		cfg |= SRIOVNIC_FCFG_SPOOF_MAC;
	if (fn->spoof_vlan)
		cfg |= SRIOVNIC_FCFG_SPOOF_VLAN;
	if (fn->slow_path)
		cfg |= SRIOVNIC_FCFG_SLOW_PATH;
	if (!fn->active)
		return cfg;
	cfg |= SRIOVNIC_FCFG_RX_ENABLE;
	if (fn->bcast)
		cfg |= SRIOVNIC_FCFG_BCAST;
	if (fn->promisc && trusted)
		cfg |= SRIOVNIC_FCFG_PROMISC;
	if (fn->allmulti && trusted)
		cfg |= SRIOVNIC_FCFG_ALLMULTI;
	if (fn->vlan_strip)
		cfg |= SRIOVNIC_FCFG_VLAN_STRIP;
	return cfg;
}

static int
addr_find(uint8_t (*list)[6], unsigned int n, const uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (memcmp(list[i], mac, 6) == 0)
			return i;
	return -ENOENT;
}

/* Add to or remove from a list of addresses; 0 if already so. */
int
sriovnic_func_addr_edit(uint8_t (*list)[6], uint8_t *n, unsigned int max,
	       const uint8_t mac[6], bool add)
{
	int i = addr_find(list, *n, mac);

	if (add) {
		if (i >= 0)
			return 0;
		if (*n == max)
			return -ENOSPC;
		memcpy(list[(*n)++], mac, 6);
		return 0;
	}
	if (i < 0)
		return i;
	(*n)--;
	memmove(list[i], list[i + 1], (*n - i) * 6);
	return 0;
}

int
sriovnic_func_vlan_edit(struct sriovnic_func *fn, uint16_t vid, bool add)
{
	unsigned int i;

	for (i = 0; i < fn->nb_vlan; i++)
		if (fn->vlan[i] == vid)
			break;
	if (add) {
		if (i < fn->nb_vlan)
			return 0;
		if (fn->nb_vlan == SRIOVNIC_FUNC_MAX_VLAN)
			return -ENOSPC;
		fn->vlan[fn->nb_vlan++] = vid;
		return 0;
	}
	if (i == fn->nb_vlan)
		return -ENOENT;
	fn->nb_vlan--;
	memmove(&fn->vlan[i], &fn->vlan[i + 1],
		(fn->nb_vlan - i) * sizeof(fn->vlan[0]));
	return 0;
}

/* VLANs a function's unicast addresses are switched on: the port VLAN, or
 * with filtering on untagged plus each filtered VLAN, or any. A VID in the
 * list turns filtering on for a VF that cannot say so (API before 1.3).
 */
static unsigned int
func_vids(const struct sriovnic_func *fn, uint16_t *vids)
{
	unsigned int i;

	if (fn->pvid != 0) {
		vids[0] = fn->pvid;
		return 1;
	}
	if (!fn->vlan_filter && !fn->admin_vlan_filter && fn->nb_vlan == 0) {
		vids[0] = SRIOVNIC_SW_VID_ANY;
		return 1;
	}
	vids[0] = 0;
	for (i = 0; i < fn->nb_vlan; i++)
		vids[i + 1] = fn->vlan[i];
	return fn->nb_vlan + 1;
}

int
sriovnic_pf_func_apply_locked(struct sriovnic_pf *pf, uint8_t f)
{
	const struct sriovnic_func *fn = &pf->func[f];
	uint16_t vids[SRIOVNIC_FUNC_MAX_VLAN + 1];
	uint16_t mc_vid = fn->pvid ? fn->pvid : SRIOVNIC_SW_VID_ANY;
	unsigned int i, v, nb_vid = func_vids(fn, vids);
	int ret = 0;

	sw_flush(pf, f);
	if (fn->active) {
		for (v = 0; v < nb_vid && ret == 0; v++) {
			ret = sw_add(pf, f, fn->mac, vids[v]);
			for (i = 0; i < fn->nb_uc && ret == 0; i++)
				ret = sw_add(pf, f, fn->uc[i], vids[v]);
		}
		/* groups are joined on any VLAN, or on the port VLAN */
		for (i = 0; i < fn->nb_mc && ret == 0; i++)
			ret = sw_add(pf, f, fn->mc[i], mc_vid);
	}
	if (ret != 0)
		sw_flush(pf, f);
	sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_VLAN(f), fn->pvid == 0 ? 0 :
		       fn->pvid | (uint32_t)fn->pcp << SRIOVNIC_FVLAN_PCP_SHIFT |
		       SRIOVNIC_FVLAN_ENABLE |
		       (fn->pvlan_stag ? SRIOVNIC_FVLAN_STAG : 0));
	/* a function whose entries do not fit receives nothing */
	sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_CFG(f), ret == 0 ?
		       func_cfg(fn, f) :
		       func_cfg(fn, f) & ~SRIOVNIC_FCFG_RX_ENABLE);
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
	return ret;
}

/* All or nothing: on failure the function keeps its previous state. */
int
sriovnic_pf_func_update_locked(struct sriovnic_pf *pf, uint8_t f,
			       const struct sriovnic_func *want)
{
	struct sriovnic_func old = pf->func[f];
	int ret;

	pf->func[f] = *want;
	ret = sriovnic_pf_func_apply_locked(pf, f);
	if (ret != 0) {
		pf->func[f] = old;
		sriovnic_pf_func_apply_locked(pf, f);
	}
	return ret;
}

/* After a PF reset: the switch is empty again, the PF's view is not */
int
sriovnic_pf_reapply(struct sriovnic_pf *pf)
{
	unsigned int f;
	int ret = 0;

	pthread_mutex_lock(&pf->lock);
	sriovnic_write(pf->hw, SRIOVNIC_PORT_CTRL,
		       pf->port_down ? SRIOVNIC_PORTCTRL_DOWN : 0);
	sriovnic_sw_init_locked(pf);
	for (f = 0; f <= pf->hw->num_vfs && ret == 0; f++)
		ret = sriovnic_pf_func_apply_locked(pf, f);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}
