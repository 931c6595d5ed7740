/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The embedded switch between the wire and the functions, programmed by
 * the PF driver through the switch block of the PF BAR (datasheet 10).
 * The tables are loaded when SW_GEN changes, into the form the frame path
 * uses, so that a frame costs a few lookups whatever the configuration.
 */

#include <string.h>

#include <rte_hash_crc.h>
#include <rte_mbuf.h>

#include "emu.h"
#include "flow.h"
#include "fmask.h"
#include "pkt.h"
#include "queue.h"
#include "switch.h"
#include "wire.h"

/* Hash keys are 64 bits: a MAC table entry's (MAC, VLAN id) or one of
 * the keys below, the MAC's 48 bits (byte 0 lowest) under a 16-bit VLAN
 * field.
 */
/* (MAC, any VLAN): the entries with VID_ANY */
#define EMU_KEY_VID_ANY		UINT16_MAX
/* (MAC): the functions with a unicast entry for it, any VLAN */
#define EMU_KEY_OWNER		(UINT16_MAX - 1)
/* (zero MAC, EMU_KEY_VLAN | VLAN id): the functions with an entry for it */
#define EMU_KEY_VLAN		0x8000
#define EMU_KEY_VID_SHIFT	48
#define EMU_NO_ENTRY		UINT16_MAX
/* The port tag has DEI 0 (datasheet 10.6) */
#define EMU_FVLAN_TCI_MASK \
	(SRIOVNIC_FVLAN_VID_MASK | 7u << SRIOVNIC_FVLAN_PCP_SHIFT)

static uint64_t
switch_key_of(const struct rte_ether_addr *mac, uint16_t vid)
{
	uint64_t key = 0;

	memcpy(&key, mac, sizeof(*mac));
	return rte_le_to_cpu_64(key) | (uint64_t)vid << EMU_KEY_VID_SHIFT;
}

/* The keys live in open addressing with linear probing, in a table at
 * most 3/8 full: a lookup is a CRC instruction and about one probe.
 */
static unsigned int
switch_slot(uint64_t key)
{
	return rte_hash_crc_8byte(key, 0) & (EMU_SW_SLOTS - 1);
}

/* Position of key in dst[], or -1 */
static int
switch_find(const struct emu_switch *sw, uint64_t key)
{
	unsigned int i = switch_slot(key);

	while (sw->slot_dst[i] != EMU_NO_ENTRY) {
		if (sw->slot_key[i] == key)
			return sw->slot_dst[i];
		i = (i + 1) & (EMU_SW_SLOTS - 1);
	}
	return -1;
}

/* SW_FUNC_CFG(f) without its reserved bits and values (datasheet 10.2) */
static uint32_t
switch_cfg(uint16_t f, uint32_t cfg)
{
	uint32_t valid = SRIOVNIC_FCFG_RX_ENABLE | SRIOVNIC_FCFG_PROMISC |
		SRIOVNIC_FCFG_ALLMULTI | SRIOVNIC_FCFG_BCAST |
		SRIOVNIC_FCFG_VLAN_STRIP;

	if (f == SRIOVNIC_FUNC_PF)
		return cfg & valid;
	valid |= SRIOVNIC_FCFG_SPOOF_MAC | SRIOVNIC_FCFG_SPOOF_VLAN |
		SRIOVNIC_FCFG_LINK_MASK | SRIOVNIC_FCFG_SLOW_PATH;
	/* the reserved link mode means auto */
	if ((cfg & SRIOVNIC_FCFG_LINK_MASK) >> SRIOVNIC_FCFG_LINK_SHIFT >
	    SRIOVNIC_FLINK_DOWN)
		cfg &= ~SRIOVNIC_FCFG_LINK_MASK;
	return cfg & valid;
}

/* The port tag of SW_FUNC_VLAN(f), or 0 for none (datasheet 10.6) */
static uint16_t
switch_pvlan(uint32_t reg)
{
	uint16_t vid = reg & SRIOVNIC_FVLAN_VID_MASK;

	/* VLAN ids 0 and 4095 cannot be a port VLAN: as if disabled */
	if (!(reg & SRIOVNIC_FVLAN_ENABLE) || vid == 0 ||
	    vid == SRIOVNIC_FVLAN_VID_MASK)
		return 0;
	return reg & EMU_FVLAN_TCI_MASK;
}

/* SW_CTRL, and SW_FUNC_CFG and SW_FUNC_VLAN of every function; a VF
 * whose link mode changed is told so.
 */
static void
switch_load_cfg(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	struct emu_switch *sw = &emu->sw;
	unsigned int mode;
	uint32_t cfg, vlan, ctrl;
	uint16_t i;

	memset(&sw->rx_enable, 0, sizeof(sw->rx_enable));
	sw->promisc = sw->allmulti = sw->bcast = sw->rx_enable;
	ctrl = emu_rd32(pf, SRIOVNIC_SW_CTRL);
	sw->vepa = ctrl & SRIOVNIC_SWCTRL_VEPA;
	sw->switchdev = (ctrl & SRIOVNIC_SWCTRL_SWITCHDEV) &&
		(emu->caps & SRIOVNIC_CAP_SWITCHDEV);
	for (i = 0; i < emu->nb_funcs; i++) {
		mode = emu_link_mode(sw, i);
		cfg = switch_cfg(i, emu_rd32(pf, SRIOVNIC_SW_FUNC_CFG(i)));
		sw->cfg[i] = cfg;
		vlan = emu_rd32(pf, SRIOVNIC_SW_FUNC_VLAN(i));
		sw->pvlan[i] = switch_pvlan(vlan);
		sw->pvlan_tpid[i] = (vlan & SRIOVNIC_FVLAN_STAG) ?
			SRIOVNIC_TPID_STAG : RTE_ETHER_TYPE_VLAN;
		if (emu_link_mode(sw, i) != mode)
			emu_link_publish(emu, &emu->funcs[i], true);
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
switch_entry(struct emu *emu, unsigned int i, struct rte_ether_addr *mac,
	     uint16_t *vid, unsigned int *func)
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
		mac->addr_bytes[b] = w0 >> (8 * b);
	mac->addr_bytes[4] = w1;
	mac->addr_bytes[5] = w1 >> 8;
	*vid = w1 & SRIOVNIC_SWMAC_VID_ANY ? EMU_KEY_VID_ANY :
		(w1 & SRIOVNIC_SWMAC_VID_MASK) >> SRIOVNIC_SWMAC_VID_SHIFT;
	return true;
}

/* The destination of a key, added if new: there are slots for every key
 * the MAC table can make, and more
 */
static struct emu_mac_dst *
switch_key(struct emu_switch *sw, uint64_t key)
{
	unsigned int i = switch_slot(key);

	/* a free slot ends every probe */
	RTE_BUILD_BUG_ON(EMU_SW_SLOTS <= EMU_SW_KEYS);
	while (sw->slot_dst[i] != EMU_NO_ENTRY) {
		if (sw->slot_key[i] == key)
			return &sw->dst[sw->slot_dst[i]];
		i = (i + 1) & (EMU_SW_SLOTS - 1);
	}
	sw->slot_key[i] = key;
	sw->slot_dst[i] = sw->nb_dst;
	return &sw->dst[sw->nb_dst++];
}

/* Entry i of the MAC table under its (MAC, VLAN) key */
static void
switch_add_entry(struct emu_switch *sw, uint64_t key, unsigned int i,
		 unsigned int func)
{
	struct emu_mac_dst *d = switch_key(sw, key);

	/* added in index order, so a chain starts at its lowest index */
	if (emu_fmask_empty(&d->funcs))
		d->first = i;
	else
		sw->ent[d->last].next = i;
	d->last = i;
	sw->ent[i].func = func;
	sw->ent[i].next = EMU_NO_ENTRY;
	emu_fmask_set(&d->funcs, func);
}

/* The keys anti-spoofing asks about: who owns a unicast MAC, who has
 * entries for a VLAN id
 */
static uint64_t
switch_owner_key(const struct rte_ether_addr *mac)
{
	return switch_key_of(mac, EMU_KEY_OWNER);
}

static uint64_t
switch_vlan_key(uint16_t vid)
{
	return (uint64_t)(EMU_KEY_VLAN | vid) << EMU_KEY_VID_SHIFT;
}

/* func under a key that anti-spoofing asks about */
static void
switch_add_func(struct emu_switch *sw, uint64_t key, unsigned int func)
{
	emu_fmask_set(&switch_key(sw, key)->funcs, func);
}

void
emu_switch_reload(struct emu *emu)
{
	struct emu_switch *sw = &emu->sw;
	struct rte_ether_addr mac;
	unsigned int i, func, nb = 0;
	uint16_t vid;

	sw->gen = emu_rd32(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_SW_GEN);
	memset(sw->slot_dst, 0xff, sizeof(sw->slot_dst));
	memset(sw->dst, 0, sizeof(sw->dst));
	sw->nb_dst = 0;
	for (i = 0; i < SRIOVNIC_SW_MAC_ENTRIES; i++) {
		if (!switch_entry(emu, i, &mac, &vid, &func))
			continue;
		switch_add_entry(sw, switch_key_of(&mac, vid), i, func);
		nb++;
		if (rte_is_unicast_ether_addr(&mac))
			switch_add_func(sw, switch_owner_key(&mac), func);
		if (vid != EMU_KEY_VID_ANY)
			switch_add_func(sw, switch_vlan_key(vid), func);
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

/* Whether func is under the key */
static bool
switch_has(const struct emu_switch *sw, uint64_t key, uint16_t func)
{
	int pos = switch_find(sw, key);

	return pos >= 0 && emu_fmask_test(&sw->dst[pos].funcs, func);
}

/* MAC table entries matching the frame's address: those for its VLAN id
 * and those for any VLAN. NULL for none.
 */
static void
switch_lookup(const struct emu_switch *sw, const struct emu_pkt *pkt,
	      const struct emu_mac_dst **vid, const struct emu_mac_dst **any)
{
	int pos;

	pos = switch_find(sw, switch_key_of(&pkt->dst,
					    RTE_VLAN_TCI_ID(pkt->tci[0])));
	*vid = pos >= 0 ? &sw->dst[pos] : NULL;
	pos = switch_find(sw, switch_key_of(&pkt->dst, EMU_KEY_VID_ANY));
	*any = pos >= 0 ? &sw->dst[pos] : NULL;
}

/* A function with a port VLAN takes frames of that VLAN only */
static bool
switch_vid_ok(const struct emu_switch *sw, uint16_t func, uint16_t vid)
{
	return sw->pvlan[func] == 0 || RTE_VLAN_TCI_ID(sw->pvlan[func]) == vid;
}

/* Whether function g may receive a frame of VLAN id vid from src: it has
 * RX_ENABLE, is not the source and has no port VLAN but the frame's
 */
static bool
switch_eligible(const struct emu_switch *sw, uint16_t src, uint16_t vid,
		uint16_t g)
{
	return emu_fmask_test(&sw->rx_enable, g) && g != src &&
		switch_vid_ok(sw, g, vid);
}

/* Takes the functions that may not receive the frame out of *dst */
static void
switch_eligible_only(const struct emu_switch *sw, uint16_t src, uint16_t vid,
		     struct emu_fmask *dst)
{
	struct emu_fmask all = *dst;
	int g;

	while ((g = emu_fmask_pop(&all)) >= 0)
		if (!switch_eligible(sw, src, vid, g))
			emu_fmask_clear(dst, g);
}

/* Unicast goes to the function of the lowest matching entry whose
 * function is eligible; -1 for none
 */
static int
switch_unicast(const struct emu_switch *sw, const struct emu_pkt *pkt,
	       uint16_t src, uint16_t vid)
{
	const struct emu_mac_dst *by_vid, *by_any;
	uint16_t i, j, k;

	switch_lookup(sw, pkt, &by_vid, &by_any);
	i = by_vid != NULL ? by_vid->first : EMU_NO_ENTRY;
	j = by_any != NULL ? by_any->first : EMU_NO_ENTRY;
	/* the two chains merged in index order; an entry is in one only */
	while (i != EMU_NO_ENTRY || j != EMU_NO_ENTRY) {
		if (i < j) {
			k = i;
			i = sw->ent[i].next;
		} else {
			k = j;
			j = sw->ent[j].next;
		}
		if (switch_eligible(sw, src, vid, sw->ent[k].func))
			return sw->ent[k].func;
	}
	return -1;
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

/* Step 1 of datasheet 10.5: false (counted) when function src may not
 * send, its link being forced down
 */
static bool
switch_link_ok(struct emu *emu, uint16_t src)
{
	if (emu_link_mode(&emu->sw, src) != SRIOVNIC_FLINK_DOWN)
		return true;
	emu_fstat_add(&emu->funcs[src], SRIOVNIC_ST_TX_DROPS,
		      SRIOVNIC_VFST_TX_DROPS, 1);
	return false;
}

/* Steps 1 to 4 of datasheet 10.5 for a frame from function src: false
 * when it is dropped (and counted). A port tag is inserted into *m and
 * pkt describes the result.
 */
static bool
switch_ingress(struct emu *emu, uint16_t src, struct rte_mbuf **m,
	       struct emu_pkt *pkt)
{
	const struct emu_switch *sw = &emu->sw;
	struct emu_func *f = &emu->funcs[src];
	uint32_t cfg = sw->cfg[src];

	if (!switch_link_ok(emu, src))
		return false;
	if ((cfg & SRIOVNIC_FCFG_SPOOF_MAC) &&
	    !switch_has(sw, switch_owner_key(&pkt->src), src)) {
		emu_vfst_add(f, SRIOVNIC_VFST_SPOOF_MAC, 1);
		return false;
	}
	if ((cfg & SRIOVNIC_FCFG_SPOOF_VLAN) && pkt->tags > 0 &&
	    (sw->pvlan[src] != 0 ||
	     !switch_has(sw, switch_vlan_key(RTE_VLAN_TCI_ID(pkt->tci[0])),
			 src))) {
		emu_vfst_add(f, SRIOVNIC_VFST_SPOOF_VLAN, 1);
		return false;
	}
	if (sw->pvlan[src] != 0) {
		emu_tag_insert(m, sw->pvlan_tpid[src], sw->pvlan[src]);
		emu_pkt_parse(*m, pkt);
	}
	return true;
}

/* Step 7 of datasheet 10.5: the frame as destination g takes it. A
 * switched frame for a port VLAN function carries that VLAN's tag; a
 * looped back one (2.5) never has it.
 */
static void
switch_deliver(struct emu *emu, uint16_t src, uint16_t g,
	       const struct rte_mbuf *m, const struct emu_pkt *pkt,
	       bool switched)
{
	const struct emu_switch *sw = &emu->sw;
	struct emu_func *f = &emu->funcs[g];
	enum emu_untag untag = EMU_UNTAG_NONE;

	if (emu_link_mode(sw, g) == SRIOVNIC_FLINK_DOWN) {
		emu_fstat_add(f, SRIOVNIC_ST_RX_MISSED,
			      SRIOVNIC_VFST_RX_MISSED, 1);
		return;
	}
	/* VLAN_STRIP is ignored while g has a port VLAN */
	if (sw->pvlan[g] != 0) {
		if (switched)
			untag = EMU_UNTAG_PORT;
	} else if (pkt->tags > 1 &&
		   (emu_rd32(f, SRIOVNIC_FUNC_CTRL) & SRIOVNIC_FCTRL_QINQ_STRIP)) {
		untag = EMU_UNTAG_QINQ;
	} else if ((sw->cfg[g] & SRIOVNIC_FCFG_VLAN_STRIP) && pkt->tags > 0) {
		untag = EMU_UNTAG_STRIP;
	}
	emu_rx_deliver(f, src == EMU_SRC_WIRE ? SRIOVNIC_FLOW_PORT_WIRE : src,
		       m, pkt, untag);
}

/* The representor rx queue of VF function vf if it is enabled, else NULL */
static struct emu_queue *
switch_rep_rxq(struct emu *emu, uint16_t vf)
{
	struct emu_queue *q;

	q = &emu->funcs[SRIOVNIC_FUNC_PF].rep_rxq[vf - SRIOVNIC_FUNC_VF(0)];
	return q->ring != NULL ? q : NULL;
}

/* Step 5(a) of datasheet 10.5, the switch flow table (13.6), for a frame
 * from src that pkt describes, emu_pkt_parse_rx() included: true when a
 * decision took (and consumed) the frame. Without one, the VLAN actions
 * of the rules taken are applied to m and pkt.
 */
static bool
switch_flow(struct emu *emu, uint16_t src, struct rte_mbuf *m,
	    struct emu_pkt *pkt)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	bool from_wire = src == EMU_SRC_WIRE, done = false;
	struct emu_flow_res res;
	struct emu_queue *q;

	emu_flow_switch(emu, from_wire ? SRIOVNIC_FLOW_PORT_WIRE : src, m, pkt,
			&res);
	switch (res.fate) {
	case 0:
		return false;
	case SRIOVNIC_FATE_PORT:
		if (res.dest == SRIOVNIC_FLOW_PORT_WIRE) {
			if (!from_wire && (emu->link_status & SRIOVNIC_LINK_UP)) {
				emu_wire_tx(emu, m);
				return true;
			}
		} else if (switch_eligible(&emu->sw, src,
					   RTE_VLAN_TCI_ID(pkt->tci[0]),
					   res.dest)) {
			switch_deliver(emu, src, res.dest, m, pkt, true);
			done = true;
		}
		break;
	case SRIOVNIC_FATE_REP:
		q = &pf->rep_rxq[res.dest];
		if (q->ring != NULL) {
			emu_rx_rep(pf, q, m, pkt);
			done = true;
		}
		break;
	default:
		/* DROP */
		break;
	}
	if (!done && !from_wire)
		emu_fstat_add(&emu->funcs[src], SRIOVNIC_ST_TX_DROPS,
			      SRIOVNIC_VFST_TX_DROPS, 1);
	emu_mbuf_free(emu, m);
	return true;
}

/* Step 5(b) of datasheet 10.5: the functions that take the frame by its
 * destination MAC, into *dst; false when the address is a function's, which
 * keeps the frame off the wire
 */
static bool
switch_by_mac(const struct emu_switch *sw, const struct emu_pkt *pkt,
	      uint16_t src, struct emu_fmask *dst)
{
	uint16_t vid = RTE_VLAN_TCI_ID(pkt->tci[0]);
	int f = -1;

	if (rte_is_unicast_ether_addr(&pkt->dst)) {
		f = switch_unicast(sw, pkt, src, vid);
		*dst = sw->promisc;
	} else if (rte_is_broadcast_ether_addr(&pkt->dst)) {
		*dst = sw->bcast;
	} else {
		switch_multicast(sw, pkt, dst);
		emu_fmask_or(dst, &sw->allmulti);
		emu_fmask_or(dst, &sw->promisc);
	}
	/* the copies besides the unicast match, which is eligible */
	switch_eligible_only(sw, src, vid, dst);
	if (f < 0)
		return true;
	emu_fmask_set(dst, f);
	return false;
}

/* Switchdev mode (datasheet 10.8), for a frame no switch rule decided:
 * a VF's frames go to its representor queue (*rep), the PF's to the wire,
 * the wire's to the PF by its own MAC rules (*dst). True when the frame
 * goes to the wire.
 */
static bool
switch_switchdev(struct emu *emu, const struct emu_pkt *pkt, uint16_t src,
		 struct emu_fmask *dst, struct emu_queue **rep)
{
	bool pf;

	if (src == SRIOVNIC_FUNC_PF)
		return true;
	if (src != EMU_SRC_WIRE) {
		*rep = switch_rep_rxq(emu, src);
		return false;
	}
	switch_by_mac(&emu->sw, pkt, src, dst);
	pf = emu_fmask_test(dst, SRIOVNIC_FUNC_PF);
	memset(dst, 0, sizeof(*dst));
	if (pf)
		emu_fmask_set(dst, SRIOVNIC_FUNC_PF);
	return false;
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
	bool to_wire = !from_wire, parsed_rx = false;
	struct emu_queue *rep = NULL;
	struct emu_pkt pkt;
	int f;

	emu_pkt_parse(m, &pkt);
	if (!from_wire && !switch_ingress(emu, src, &m, &pkt)) {
		emu_mbuf_free(emu, m);
		return;
	}
	if (unlikely(emu_flow_on(emu, EMU_FLOW_SWITCH))) {
		emu_pkt_parse_rx(m, &pkt);
		parsed_rx = true;
		if (switch_flow(emu, src, m, &pkt))
			return;
	}
	if (sw->switchdev) {
		to_wire = switch_switchdev(emu, &pkt, src, &dst, &rep);
	} else {
		/* VEPA (datasheet 10.7): a function's frames go to the wire
		 * only, and an adjacent bridge relays back what is for other
		 * functions
		 */
		if ((from_wire || !sw->vepa) &&
		    !switch_by_mac(sw, &pkt, src, &dst))
			to_wire = false;
		/* to_wire implies a function as the source; step 6 */
		if (to_wire && (sw->cfg[src] & SRIOVNIC_FCFG_SLOW_PATH))
			rep = switch_rep_rxq(emu, src);
	}
	if (rep != NULL || !(emu->link_status & SRIOVNIC_LINK_UP))
		to_wire = false;

	if (!from_wire && !to_wire && rep == NULL && emu_fmask_empty(&dst))
		emu_fstat_add(&emu->funcs[src], SRIOVNIC_ST_TX_DROPS,
			      SRIOVNIC_VFST_TX_DROPS, 1);
	/* once for all receivers; the wire needs none */
	if (!parsed_rx && (rep != NULL || !emu_fmask_empty(&dst)))
		emu_pkt_parse_rx(m, &pkt);
	while ((f = emu_fmask_pop(&dst)) >= 0)
		switch_deliver(emu, src, f, m, &pkt, true);
	if (rep != NULL)
		emu_rx_rep(&emu->funcs[SRIOVNIC_FUNC_PF], rep, m, &pkt);
	if (to_wire)
		emu_wire_tx(emu, m);
	else
		emu_mbuf_free(emu, m);
}

/* A frame from the representor tx queue of VF function vf: not switched
 * but delivered to that VF (datasheet 6.5), if its port VLAN takes it
 */
void
emu_switch_rep_frame(struct emu *emu, uint16_t vf, struct rte_mbuf *m)
{
	struct emu_pkt pkt;

	emu_pkt_parse(m, &pkt);
	if (switch_vid_ok(&emu->sw, vf, RTE_VLAN_TCI_ID(pkt.tci[0]))) {
		emu_pkt_parse_rx(m, &pkt);
		switch_deliver(emu, SRIOVNIC_FUNC_PF, vf, m, &pkt, true);
	} else {
		emu_stat_add(&emu->funcs[SRIOVNIC_FUNC_PF],
			     SRIOVNIC_ST_TX_DROPS, 1);
	}
	emu_mbuf_free(emu, m);
}

/* A frame from function src with FUNC_CTRL.LOOPBACK (datasheet 2.5):
 * past the link rule (10.5 step 1) it skips the switch and goes to src's
 * own receive side
 */
void
emu_switch_loopback(struct emu *emu, uint16_t src, struct rte_mbuf *m)
{
	struct emu_pkt pkt;

	if (switch_link_ok(emu, src)) {
		emu_pkt_parse(m, &pkt);
		emu_pkt_parse_rx(m, &pkt);
		switch_deliver(emu, src, src, m, &pkt, false);
	}
	emu_mbuf_free(emu, m);
}
