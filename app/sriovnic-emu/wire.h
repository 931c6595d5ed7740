/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_WIRE_H
#define EMU_WIRE_H

/* The port's wire, a TAP, a loopback or a DPDK vdev (wire.c), and the
 * link the functions see of it (link.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

struct emu;
struct emu_func;
struct emu_opts;

enum emu_wire_kind {
	EMU_WIRE_TAP,
	EMU_WIRE_LOOPBACK,
	EMU_WIRE_VDEV,
};

struct emu_wire {
	uint16_t port;
	bool started;
	struct rte_eth_dev_tx_buffer *txb;
	uint64_t rx_pkts;
	uint64_t rx_errors;
	uint64_t tx_pkts;
	uint64_t tx_drops;
};

/* wire.c */
int emu_wire_devargs(const struct emu_opts *o, char *buf, size_t size);
int emu_wire_check(const struct emu_opts *o);
int emu_wire_init(struct emu *emu);
void emu_wire_close(struct emu *emu);
unsigned int emu_wire_rx(struct emu *emu);
void emu_wire_tx(struct emu *emu, struct rte_mbuf *m);
void emu_wire_flush(struct emu *emu);

/* link.c */
/* With wire, the wire's link is read again; PORT_CTRL always */
void emu_link_poll(struct emu *emu, bool wire);
void emu_link_publish(struct emu *emu, struct emu_func *f, bool mode_changed);

#endif /* EMU_WIRE_H */
