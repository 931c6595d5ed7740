/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_SWITCH_H
#define EMU_SWITCH_H

/* The embedded switch (datasheet 10): its tables as loaded at SW_GEN and
 * the forwarding of every frame, from the wire, a function or a
 * representor (switch.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "sriovnic_regs.h"
#include "fmask.h"

struct emu;

/* Keys of the switch's hash: per MAC table entry its (MAC, VLAN) key and,
 * for anti-spoofing, the owner key of its MAC and the key of its VLAN id
 */
#define EMU_SW_KEYS		(3 * SRIOVNIC_SW_MAC_ENTRIES)
/* Slots of the switch's hash: a power of two, at most 3/8 of them used */
#define EMU_SW_SLOTS		4096

/* The MAC table entries that share one key */
struct emu_mac_dst {
	struct emu_fmask funcs;	/* every entry's function */
	uint16_t first;		/* (MAC, VLAN) keys: lowest entry index */
	uint16_t last;		/* and highest, where the chain grows */
};

/* A MAC table entry in the chain of its (MAC, VLAN) key */
struct emu_mac_ent {
	uint16_t func;
	uint16_t next;		/* next higher entry index, or UINT16_MAX */
};

/* The tables as loaded at SW_GEN, in the form the frame path uses */
struct emu_switch {
	/* hash of the keys: per slot a key and its position in dst[] */
	uint64_t slot_key[EMU_SW_SLOTS];
	uint16_t slot_dst[EMU_SW_SLOTS];	/* UINT16_MAX: free */
	uint32_t gen;		/* SW_GEN of the loaded tables */
	unsigned int nb_dst;
	struct emu_mac_dst dst[EMU_SW_KEYS];
	struct emu_mac_ent ent[SRIOVNIC_SW_MAC_ENTRIES];
	/* SW_FUNC_CFG without reserved bits and values */
	uint32_t cfg[SRIOVNIC_MAX_FUNCS];
	/* port VLAN tag (TCI) of each function, 0 for none, and its TPID */
	uint16_t pvlan[SRIOVNIC_MAX_FUNCS];
	uint16_t pvlan_tpid[SRIOVNIC_MAX_FUNCS];
	/* from SW_FUNC_CFG, RX_ENABLE already applied to the others */
	struct emu_fmask rx_enable;
	struct emu_fmask promisc;
	struct emu_fmask allmulti;
	struct emu_fmask bcast;
	bool vepa;		/* SW_CTRL: functions reach each other via the wire */
	bool switchdev;		/* SW_CTRL: via their representors */
};

/* The function's SRIOVNIC_FLINK_* (datasheet 4); the PF's reads auto */
static inline unsigned int
emu_link_mode(const struct emu_switch *sw, uint16_t func)
{
	return (sw->cfg[func] & SRIOVNIC_FCFG_LINK_MASK) >>
		SRIOVNIC_FCFG_LINK_SHIFT;
}

void emu_switch_poll(struct emu *emu);
void emu_switch_reload(struct emu *emu);
void emu_switch_frame(struct emu *emu, uint16_t src, struct rte_mbuf *m);
void emu_switch_rep_frame(struct emu *emu, uint16_t vf, struct rte_mbuf *m);
void emu_switch_loopback(struct emu *emu, uint16_t src, struct rte_mbuf *m);

#endif /* EMU_SWITCH_H */
