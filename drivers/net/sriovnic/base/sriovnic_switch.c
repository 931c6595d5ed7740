/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <string.h>

#include "sriovnic_pf.h"

static void
sw_entry_write(struct sriovnic_pf *pf, unsigned int i)
{
	const struct sriovnic_sw_entry *e = &pf->sw[i];
	uint32_t reg = SRIOVNIC_SW_MAC(i);

	/* datasheet update order: invalidate, write, validate, bump SW_GEN */
	sriovnic_write(pf->hw, reg + 8, 0);
	if (e->valid) {
		sriovnic_write(pf->hw, reg, e->mac[0] | e->mac[1] << 8 |
			       e->mac[2] << 16 | (uint32_t)e->mac[3] << 24);
		sriovnic_write(pf->hw, reg + 4, e->mac[4] | e->mac[5] << 8 |
			       SRIOVNIC_SWMAC_VID_ANY);
		sriovnic_write(pf->hw, reg + 8, e->func | SRIOVNIC_SWMAC_VALID);
	}
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
}

void
sriovnic_sw_init(struct sriovnic_pf *pf)
{
	unsigned int i;

	memset(pf->sw, 0, sizeof(pf->sw));
	memset(pf->fcfg, 0, sizeof(pf->fcfg));
	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++)
		sriovnic_write(pf->hw, SRIOVNIC_SW_MAC(i) + 8, 0);
	for (i = 0; i < SRIOVNIC_MAX_FUNCS; i++)
		sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_CFG(i), 0);
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
}

static int
sw_find(const struct sriovnic_pf *pf, uint8_t func, const uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++)
		if (pf->sw[i].valid && pf->sw[i].func == func &&
		    memcmp(pf->sw[i].mac, mac, 6) == 0)
			return i;
	return -ENOENT;
}

int
sriovnic_sw_mac_add(struct sriovnic_pf *pf, uint8_t func, const uint8_t mac[6])
{
	unsigned int i;

	if (sw_find(pf, func, mac) >= 0)
		return 0;
	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (pf->sw[i].valid)
			continue;
		memcpy(pf->sw[i].mac, mac, 6);
		pf->sw[i].func = func;
		pf->sw[i].valid = true;
		sw_entry_write(pf, i);
		return 0;
	}
	return -ENOSPC;
}

int
sriovnic_sw_mac_del(struct sriovnic_pf *pf, uint8_t func, const uint8_t mac[6])
{
	int i = sw_find(pf, func, mac);

	if (i < 0)
		return i;
	pf->sw[i].valid = false;
	sw_entry_write(pf, i);
	return 0;
}

void
sriovnic_sw_func_flush(struct sriovnic_pf *pf, uint8_t func)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (pf->sw[i].valid && pf->sw[i].func == func) {
			pf->sw[i].valid = false;
			sw_entry_write(pf, i);
		}
	}
	sriovnic_sw_func_cfg(pf, func, 0, UINT32_MAX);
}

void
sriovnic_sw_func_cfg(struct sriovnic_pf *pf, uint8_t func, uint32_t set,
		     uint32_t clear)
{
	pf->fcfg[func] = (pf->fcfg[func] & ~clear) | set;
	sriovnic_write(pf->hw, SRIOVNIC_SW_FUNC_CFG(func), pf->fcfg[func]);
	sriovnic_write(pf->hw, SRIOVNIC_SW_GEN, ++pf->sw_gen);
}
