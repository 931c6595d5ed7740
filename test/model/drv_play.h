/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_DRV_PLAY_H
#define EMU_DRV_PLAY_H

/* The driver's side of a function's BAR, for the model's tests and its
 * benchmark, which play drivers in the model's own process: the ordered
 * accessors a driver uses, not the model's relaxed ones. Not the base's
 * sriovnic_read() and sriovnic_hw_queue_enable(): the model and its
 * benchmark are written from hw/ alone, not from the driver, and the
 * base's enable waits for a card that here moves only when polled.
 */

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_io.h>

#include "aq.h"
#include "emu.h"

/* A card started in this process: its options and directory, which the
 * options point to and so live as long as it
 */
struct drv_play_card {
	struct emu_opts opts;
	char dir[64];
	char *argv[16];
};

/* Starts EAL and the card on a loopback wire with the model's options
 * model_opts (NULL last), in the directory /tmp/sriovnic-<name>-<pid>;
 * prog names the process. 0, or a negative errno with nothing left
 * running.
 */
static inline int
drv_play_start(struct emu *emu, struct drv_play_card *c, const char *name,
	       char *prog, char *const model_opts[])
{
	unsigned int n = 0, i;
	int ret;

	snprintf(c->dir, sizeof(c->dir), "/tmp/sriovnic-%s-%d", name,
		 (int)getpid());
	c->argv[n++] = prog;
	c->argv[n++] = "--dir";
	c->argv[n++] = c->dir;
	c->argv[n++] = "--wire";
	c->argv[n++] = "loopback";
	for (i = 0; model_opts[i] != NULL; i++) {
		if (n == RTE_DIM(c->argv) - 1)
			return -E2BIG;
		c->argv[n++] = model_opts[i];
	}
	c->argv[n] = NULL;
	if (emu_opts_parse(n, c->argv, &c->opts) != 0)
		return -EINVAL;
	ret = emu_eal_start(&c->opts, prog);
	if (ret < 0)
		return ret;
	ret = emu_start(emu, &c->opts);
	if (ret != 0)
		emu_eal_stop();
	return ret;
}

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

/* VF n receives the frames to mac[n], n < nb_vfs, and every function up
 * to VF nb_vfs - 1 receives: the switch as a PF driver programs it, taken
 * at the card's next configuration poll
 */
static inline void
drv_sw_vfs(struct emu_func *pf, const struct rte_ether_addr *mac,
	   unsigned int nb_vfs)
{
	unsigned int i;

	for (i = 0; i < nb_vfs; i++)
		drv_sw_mac(pf, i, &mac[i], SRIOVNIC_FUNC_VF(i));
	for (i = 0; i < SRIOVNIC_FUNC_VF(nb_vfs); i++)
		drv_wr32(pf, SRIOVNIC_SW_FUNC_CFG(i), SRIOVNIC_FCFG_RX_ENABLE);
	drv_wr32(pf, SRIOVNIC_SW_GEN, drv_rd32(pf, SRIOVNIC_SW_GEN) + 1);
}

/* The PF driver's admin command d, in the next of the len slots of the
 * admin queue ring at its tail *tail, run by the card; d then holds the
 * write-back. Its status, or -EIO if the card did not run it.
 */
static inline int
drv_aq_exec(struct emu *emu, struct sriovnic_aq_desc *ring, uint32_t len,
	    uint32_t *tail, struct sriovnic_aq_desc *d)
{
	struct sriovnic_aq_desc *slot = &ring[*tail];

	*slot = *d;
	*tail = (*tail + 1) % len;
	drv_wr32(&emu->funcs[SRIOVNIC_FUNC_PF], SRIOVNIC_AQ_TAIL, *tail);
	if (emu_aq_poll(emu) != 1 || !(slot->flags & SRIOVNIC_AQF_DONE))
		return -EIO;
	*d = *slot;
	return d->status;
}

#endif /* EMU_DRV_PLAY_H */
