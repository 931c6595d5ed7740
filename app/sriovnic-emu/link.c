/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The PF reports the state of the port: the one wire's, unless its driver
 * took the port down (PORT_CTRL); a VF reports its effective link, the
 * port's unless its administrator forced it (datasheet 4).
 */

#include <rte_ethdev.h>

#include "emu.h"
#include "switch.h"
#include "wire.h"

/* The card's nominal speed: for wires without a speed of their own, the
 * loopback plug, and VFs forced up while the port is down
 */
#define EMU_LINK_SPEED_NOMINAL	RTE_ETH_SPEED_NUM_100G

static void
link_read(struct emu *emu, uint32_t *status, uint32_t *speed)
{
	struct rte_eth_link link;

	*status = SRIOVNIC_LINK_UP | SRIOVNIC_LINK_FULL_DUPLEX;
	*speed = EMU_LINK_SPEED_NOMINAL;
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

/* Writes the link f sees. Its misc vector tells it of a change, and of a
 * new link mode even if the link stays the same.
 */
void
emu_link_publish(struct emu *emu, struct emu_func *f, bool mode_changed)
{
	uint32_t status = emu->link_status, speed = emu->link_speed;

	switch (emu_link_mode(&emu->sw, f->id)) {
	case SRIOVNIC_FLINK_UP:
		status = SRIOVNIC_LINK_UP | SRIOVNIC_LINK_FULL_DUPLEX;
		if (!(emu->link_status & SRIOVNIC_LINK_UP))
			speed = EMU_LINK_SPEED_NOMINAL;
		break;
	case SRIOVNIC_FLINK_DOWN:
		status = 0;
		speed = 0;
		break;
	default:
		break;
	}
	if (!mode_changed && status == emu_rd32(f, SRIOVNIC_LINK_STATUS) &&
	    speed == emu_rd32(f, SRIOVNIC_LINK_SPEED))
		return;
	emu_wr32(f, SRIOVNIC_LINK_SPEED, speed);
	rte_write32(status, f->bar + SRIOVNIC_LINK_STATUS);
	emu_irq_raise(f, SRIOVNIC_VEC_MISC);
}

void
emu_link_poll(struct emu *emu, bool wire)
{
	bool down = emu_rd32(&emu->funcs[SRIOVNIC_FUNC_PF],
			     SRIOVNIC_PORT_CTRL) & SRIOVNIC_PORTCTRL_DOWN;
	uint32_t status = 0, speed = 0;
	uint16_t i;

	/* PORT_CTRL is one register read, the wire's link a system call */
	if (!wire && down == emu->port_down)
		return;
	if (wire)
		link_read(emu, &emu->wire_status, &emu->wire_speed);
	emu->port_down = down;
	if (!down) {
		status = emu->wire_status;
		speed = emu->wire_speed;
	}
	if (status == emu->link_status && speed == emu->link_speed)
		return;
	emu->link_status = status;
	emu->link_speed = speed;
	EMU_LOG(INFO, "link %s, %u Mbps", status ? "up" : "down", speed);
	for (i = 0; i < emu->nb_funcs; i++)
		emu_link_publish(emu, &emu->funcs[i], false);
}
