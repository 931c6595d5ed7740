/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* PF <-> VF mailbox relay: VF n's mailbox registers mirror window n of
 * the PF BAR. Messages are copied, never interpreted.
 */

#include "emu.h"
#include "mailbox.h"

static void
mbx_copy(struct emu_func *to, uint32_t dst_off, const struct emu_func *from,
	 uint32_t src_off)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_MBX_LEN; i += 4)
		emu_wr32(to, dst_off + i, emu_rd32(from, src_off + i));
}

/* Publishes a sequence number or ack, ordered after the data it covers,
 * and interrupts the receiver.
 */
static void
mbx_signal(struct emu_func *to, uint32_t off, uint32_t val)
{
	rte_write32(val, to->bar + off);
	emu_irq_raise(to, SRIOVNIC_VEC_MBX);
}

/* True when the register at off changed since *seen, which follows it.
 * Ordered before the reads of the data it covers.
 */
static bool
mbx_changed(const struct emu_func *f, uint32_t off, uint32_t *seen)
{
	uint32_t val = rte_read32(f->bar + off);

	if (val == *seen)
		return false;
	*seen = val;
	return true;
}

static unsigned int
mbx_relay(struct emu_func *pf, struct emu_func *vf, unsigned int n)
{
	uint32_t win = SRIOVNIC_PF_MBX(n);
	struct emu_mbx_seen *s = &vf->mbx;
	unsigned int n_sig = 0;

	if (mbx_changed(vf, SRIOVNIC_VF_MBX_TX_SEQ, &s->vf_tx_seq)) {
		mbx_copy(pf, win + SRIOVNIC_PF_MBX_RX_DATA, vf,
			 SRIOVNIC_VF_MBX_TX_DATA);
		mbx_signal(pf, win + SRIOVNIC_PF_MBX_RX_SEQ, s->vf_tx_seq);
		n_sig++;
	}
	if (mbx_changed(pf, win + SRIOVNIC_PF_MBX_RX_ACK, &s->pf_rx_ack)) {
		mbx_signal(vf, SRIOVNIC_VF_MBX_TX_ACK, s->pf_rx_ack);
		n_sig++;
	}
	if (mbx_changed(pf, win + SRIOVNIC_PF_MBX_TX_SEQ, &s->pf_tx_seq)) {
		mbx_copy(vf, SRIOVNIC_VF_MBX_RX_DATA, pf,
			 win + SRIOVNIC_PF_MBX_TX_DATA);
		mbx_signal(vf, SRIOVNIC_VF_MBX_RX_SEQ, s->pf_tx_seq);
		n_sig++;
	}
	if (mbx_changed(vf, SRIOVNIC_VF_MBX_RX_ACK, &s->vf_rx_ack)) {
		mbx_signal(pf, win + SRIOVNIC_PF_MBX_TX_ACK, s->vf_rx_ack);
		n_sig++;
	}
	return n_sig;
}

unsigned int
emu_mbx_poll(struct emu *emu)
{
	struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	unsigned int n = 0;
	uint16_t i;

	for (i = SRIOVNIC_FUNC_VF(0); i < emu->nb_funcs; i++)
		n += mbx_relay(pf, &emu->funcs[i], i - SRIOVNIC_FUNC_VF(0));
	if (n > 0)
		emu->mbx_last = rte_get_timer_cycles();
	return n;
}

bool
emu_mbx_active(const struct emu *emu, uint64_t now)
{
	return now - emu->mbx_last <
		rte_get_timer_hz() / (US_PER_S / EMU_MBX_ACTIVE_US);
}
