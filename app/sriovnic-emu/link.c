/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Every function reports the state of the one wire (datasheet 4) */

#include <rte_ethdev.h>

#include "emu.h"

/* For wires without a speed of their own, and for the loopback plug */
#define EMU_LINK_SPEED_DEFAULT	RTE_ETH_SPEED_NUM_100G

static void
link_read(struct emu *emu, uint32_t *status, uint32_t *speed)
{
	struct rte_eth_link link;

	*status = SRIOVNIC_LINK_UP | SRIOVNIC_LINK_FULL_DUPLEX;
	*speed = EMU_LINK_SPEED_DEFAULT;
	if (emu->opts->wire_kind == EMU_WIRE_LOOPBACK)
		return;
	if (rte_eth_link_get_nowait(emu->wire.port, &link) < 0 ||
	    link.link_status == RTE_ETH_LINK_DOWN) {
		*status = 0;
		*speed = 0;
		return;
	}
	if (link.link_duplex != RTE_ETH_LINK_FULL_DUPLEX)
		*status &= ~SRIOVNIC_LINK_FULL_DUPLEX;
	if (link.link_speed != RTE_ETH_SPEED_NUM_NONE &&
	    link.link_speed != RTE_ETH_SPEED_NUM_UNKNOWN)
		*speed = link.link_speed;
}

void
emu_link_poll(struct emu *emu)
{
	uint32_t status, speed;
	struct emu_func *f;
	uint16_t i;

	link_read(emu, &status, &speed);
	if (status == emu->link_status && speed == emu->link_speed)
		return;
	emu->link_status = status;
	emu->link_speed = speed;
	EMU_LOG(INFO, "link %s, %u Mbps", status ? "up" : "down", speed);
	for (i = 0; i < emu->nb_funcs; i++) {
		f = &emu->funcs[i];
		emu_wr32(f, SRIOVNIC_LINK_SPEED, speed);
		rte_write32(status, f->bar + SRIOVNIC_LINK_STATUS);
		emu_irq_raise(f, SRIOVNIC_VEC_MISC);
	}
}
