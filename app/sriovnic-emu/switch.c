/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The embedded switch between the wire and the functions, programmed by
 * the PF driver through the switch block of the PF BAR.
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_mbuf.h>

#include "emu.h"

/* MAC table key. Untagged frames match entries for VLAN 0. */
struct emu_mac_key {
	struct rte_ether_addr mac;
	uint16_t vid;		/* VLAN id or EMU_VID_ANY */
};

#define EMU_VID_ANY	UINT16_MAX

int
emu_switch_init(struct emu *emu)
{
	struct rte_hash_parameters params = {
		.name = "emu_switch_macs",
		.entries = SRIOVNIC_SW_MAC_ENTRIES,
		.key_len = sizeof(struct emu_mac_key),
		.hash_func = rte_hash_crc,
		.socket_id = SOCKET_ID_ANY,
		/* room for every table entry whatever their hashes */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	emu->sw.macs = rte_hash_create(&params);
	if (emu->sw.macs == NULL) {
		EMU_LOG(ERR, "cannot create the MAC table: %s",
			rte_strerror(rte_errno));
		return -rte_errno;
	}
	return 0;
}

void
emu_switch_free(struct emu *emu)
{
	rte_hash_free(emu->sw.macs);
	emu->sw.macs = NULL;
}

/* SW_FUNC_CFG of every function, as sets */
static void
switch_load_cfg(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	struct emu_switch *sw = &emu->sw;
	uint32_t cfg;
	uint16_t i;

	memset(&sw->rx_enable, 0, sizeof(sw->rx_enable));
	sw->promisc = sw->allmulti = sw->bcast = sw->rx_enable;
	for (i = 0; i < emu->nb_funcs; i++) {
		cfg = emu_rd32(pf, SRIOVNIC_SW_FUNC_CFG(i));
		if (!(cfg & SRIOVNIC_FCFG_RX_ENABLE))
			continue;
		emu_fmask_set(&sw->rx_enable, i);
		if (cfg & SRIOVNIC_FCFG_PROMISC)
			emu_fmask_set(&sw->promisc, i);
		if (cfg & SRIOVNIC_FCFG_ALLMULTI)
			emu_fmask_set(&sw->allmulti, i);
		if (cfg & SRIOVNIC_FCFG_BCAST)
			emu_fmask_set(&sw->bcast, i);
	}
}

/* One MAC table entry as a key; false for invalid or foreign entries */
static bool
switch_entry(struct emu *emu, unsigned int i, struct emu_mac_key *key,
	     unsigned int *func)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	uint32_t w0 = emu_rd32(pf, SRIOVNIC_SW_MAC(i));
	uint32_t w1 = emu_rd32(pf, SRIOVNIC_SW_MAC(i) + 4);
	uint32_t w2 = emu_rd32(pf, SRIOVNIC_SW_MAC(i) + 8);
	unsigned int b;

	*func = w2 & SRIOVNIC_SWMAC_FUNC_MASK;
	if (!(w2 & SRIOVNIC_SWMAC_VALID) || *func >= emu->nb_funcs)
		return false;
	/* byte 0 of the MAC in the low byte, as in PERM_ADDR */
	for (b = 0; b < 4; b++)
		key->mac.addr_bytes[b] = w0 >> (8 * b);
	key->mac.addr_bytes[4] = w1;
	key->mac.addr_bytes[5] = w1 >> 8;
	key->vid = w1 & SRIOVNIC_SWMAC_VID_ANY ? EMU_VID_ANY :
		(w1 & SRIOVNIC_SWMAC_VID_MASK) >> SRIOVNIC_SWMAC_VID_SHIFT;
	return true;
}

void
emu_switch_reload(struct emu *emu)
{
	struct emu_switch *sw = &emu->sw;
	unsigned int i, func, nb = 0;
	struct emu_mac_key key;
	struct emu_mac_dst *d;
	int32_t pos;

	sw->gen = emu_rd32(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_SW_GEN);
	rte_hash_reset(sw->macs);
	memset(sw->dst, 0, sizeof(sw->dst));
	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (!switch_entry(emu, i, &key, &func))
			continue;
		/* entries sharing a key (a multicast group) share a set */
		pos = rte_hash_add_key(sw->macs, &key);
		if (pos < 0)
			continue;
		d = &sw->dst[pos];
		/* in index order, so the first one is the lowest index */
		if (emu_fmask_empty(&d->funcs)) {
			d->first = i;
			d->first_func = func;
		}
		emu_fmask_set(&d->funcs, func);
		nb++;
	}
	switch_load_cfg(emu);
	EMU_LOG(DEBUG, "switch generation %u: %u MAC entries", sw->gen, nb);
}

/* The PF driver bumps SW_GEN after every edit of the tables */
void
emu_switch_poll(struct emu *emu)
{
	if (emu_rd32(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_SW_GEN) !=
	    emu->sw.gen)
		emu_switch_reload(emu);
}

/* MAC table entries matching the frame: those for its VLAN id and those
 * for any VLAN. NULL for none.
 */
static void
switch_lookup(const struct emu_switch *sw, const struct emu_pkt *pkt,
	      const struct emu_mac_dst **vid, const struct emu_mac_dst **any)
{
	struct emu_mac_key key = {
		.mac = pkt->dst,
		.vid = RTE_VLAN_TCI_ID(pkt->tci),
	};
	int32_t pos;

	pos = rte_hash_lookup(sw->macs, &key);
	*vid = pos >= 0 ? &sw->dst[pos] : NULL;
	key.vid = EMU_VID_ANY;
	pos = rte_hash_lookup(sw->macs, &key);
	*any = pos >= 0 ? &sw->dst[pos] : NULL;
}

/* Unicast goes to the function of the lowest matching entry, if any */
static bool
switch_unicast(const struct emu_switch *sw, const struct emu_pkt *pkt,
	       struct emu_fmask *dst)
{
	const struct emu_mac_dst *vid, *any, *d;

	switch_lookup(sw, pkt, &vid, &any);
	d = vid == NULL || (any != NULL && any->first < vid->first) ?
		any : vid;
	if (d == NULL)
		return false;
	emu_fmask_set(dst, d->first_func);
	return true;
}

/* Multicast goes to every function subscribed to the group */
static void
switch_multicast(const struct emu_switch *sw, const struct emu_pkt *pkt,
		 struct emu_fmask *dst)
{
	const struct emu_mac_dst *vid, *any;

	switch_lookup(sw, pkt, &vid, &any);
	if (vid != NULL)
		emu_fmask_or(dst, &vid->funcs);
	if (any != NULL)
		emu_fmask_or(dst, &any->funcs);
}

/* Forwards a frame from src (a function id or EMU_SRC_WIRE) to every
 * destination (datasheet 10.5) and consumes it.
 */
void
emu_switch_frame(struct emu *emu, uint16_t src, struct rte_mbuf *m)
{
	const struct emu_switch *sw = &emu->sw;
	struct emu_fmask dst = { { 0 } };
	bool from_wire = src == EMU_SRC_WIRE;
	bool to_wire = !from_wire;
	struct emu_pkt pkt;
	int f;

	emu_pkt_parse(m, &pkt);
	if (rte_is_unicast_ether_addr(&pkt.dst)) {
		/* a known address never leaves through the wire */
		if (switch_unicast(sw, &pkt, &dst))
			to_wire = false;
		emu_fmask_and(&dst, &sw->rx_enable);
		emu_fmask_or(&dst, &sw->promisc);
	} else if (rte_is_broadcast_ether_addr(&pkt.dst)) {
		dst = sw->bcast;
	} else {
		switch_multicast(sw, &pkt, &dst);
		emu_fmask_and(&dst, &sw->rx_enable);
		emu_fmask_or(&dst, &sw->allmulti);
		emu_fmask_or(&dst, &sw->promisc);
	}
	if (!from_wire)
		emu_fmask_clear(&dst, src);
	if (!(emu->link_status & SRIOVNIC_LINK_UP))
		to_wire = false;

	if (!from_wire && !to_wire && emu_fmask_empty(&dst))
		emu_stat_add(&emu->funcs[src], SRIOVNIC_ST_TX_DROPS, 1);
	while ((f = emu_fmask_pop(&dst)) >= 0)
		emu_rx_deliver(&emu->funcs[f], m, &pkt);
	if (to_wire)
		emu_wire_tx(emu, m);
	else
		rte_pktmbuf_free(m);
}
