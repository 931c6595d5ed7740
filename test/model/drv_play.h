/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_DRV_PLAY_H
#define EMU_DRV_PLAY_H

/* The driver's side of a function's BAR, for the model's tests and its
 * benchmark, which play drivers in the model's own process: the ordered
 * accessors a driver uses, not the model's relaxed ones.
 */

#include <rte_io.h>

#include "emu.h"

static inline void
drv_wr32(struct emu_func *f, uint32_t off, uint32_t val)
{
	rte_write32(val, f->bar + off);
}

static inline uint32_t
drv_rd32(const struct emu_func *f, uint32_t off)
{
	return rte_read32(f->bar + off);
}

static inline uint64_t
drv_rd64(const struct emu_func *f, uint32_t off)
{
	return rte_read64(f->bar + off);
}

/* Enables the queue block at regs on a ring of len descriptors at iova:
 * a queue's, or the admin queue's, which has the same layout and enable
 * bit (datasheet 12.1) and ignores the write to its reserved BUF_LEN.
 * The card takes it at its next configuration poll.
 */
static inline void
drv_ring_enable(struct emu_func *f, uint32_t regs, uint64_t iova,
		uint32_t len, uint32_t buf_len)
{
	drv_wr32(f, regs + SRIOVNIC_Q_BASE_LO, (uint32_t)iova);
	drv_wr32(f, regs + SRIOVNIC_Q_BASE_HI, iova >> 32);
	drv_wr32(f, regs + SRIOVNIC_Q_LEN, len);
	drv_wr32(f, regs + SRIOVNIC_Q_BUF_LEN, buf_len);
	drv_wr32(f, regs + SRIOVNIC_Q_TAIL, 0);
	drv_wr32(f, regs + SRIOVNIC_Q_CTRL, SRIOVNIC_QCTRL_ENABLE);
}

/* The PF driver's MAC table entry i: frames to mac, of any VLAN, go to
 * function func (datasheet 10.2), from the next SW_GEN on
 */
static inline void
drv_sw_mac(struct emu_func *pf, unsigned int i,
	   const struct rte_ether_addr *mac, uint16_t func)
{
	const uint8_t *a = mac->addr_bytes;

	drv_wr32(pf, SRIOVNIC_SW_MAC(i), a[0] | a[1] << 8 | a[2] << 16 |
		 (uint32_t)a[3] << 24);
	drv_wr32(pf, SRIOVNIC_SW_MAC(i) + 4, a[4] | a[5] << 8 |
		 SRIOVNIC_SWMAC_VID_ANY);
	drv_wr32(pf, SRIOVNIC_SW_MAC(i) + 8, SRIOVNIC_SWMAC_VALID | func);
}

#endif /* EMU_DRV_PLAY_H */
