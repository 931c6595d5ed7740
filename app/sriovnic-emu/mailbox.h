/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_MAILBOX_H
#define EMU_MAILBOX_H

/* The PF-VF mailboxes (datasheet 11): the card relays what either side
 * posts (mailbox.c).
 */

#include <stdbool.h>
#include <stdint.h>

struct emu;

/* Mailbox sequence numbers and acks last relayed, per VF */
struct emu_mbx_seen {
	uint32_t vf_tx_seq;
	uint32_t pf_rx_ack;
	uint32_t pf_tx_seq;
	uint32_t vf_rx_ack;
};

/* Relays what either side posted; the number of messages and acks */
unsigned int emu_mbx_poll(struct emu *emu);
/* Whether a message was relayed within the last EMU_MBX_ACTIVE_US: the
 * main loop then relays from its fast loop, so that a request and its
 * reply take microseconds, not a slow poll each
 */
bool emu_mbx_active(const struct emu *emu, uint64_t now);
#define EMU_MBX_ACTIVE_US	10000

#endif /* EMU_MAILBOX_H */
