/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_MBX_H
#define SRIOVNIC_MBX_H

#include "sriovnic_hw.h"
#include "sriovnic_mbx_msg.h"

/* One mailbox endpoint: the VF side, or the PF's window onto one VF. Both
 * speak the same seq/ack transport, only the register offsets differ.
 */
struct sriovnic_mbx_chan {
	uint32_t tx_data, tx_seq, tx_ack;
	uint32_t rx_data, rx_seq, rx_ack;
};

void sriovnic_mbx_chan_vf(struct sriovnic_mbx_chan *ch);
void sriovnic_mbx_chan_pf(struct sriovnic_mbx_chan *ch, uint16_t vf);
int sriovnic_mbx_send(struct sriovnic_hw *hw,
		      const struct sriovnic_mbx_chan *ch,
		      const struct sriovnic_mbx_msg *msg,
		      unsigned int timeout_ms);
int sriovnic_mbx_recv(struct sriovnic_hw *hw,
		      const struct sriovnic_mbx_chan *ch,
		      struct sriovnic_mbx_msg *msg);
bool sriovnic_mbx_pending(const struct sriovnic_hw *hw,
			  const struct sriovnic_mbx_chan *ch);

#endif /* SRIOVNIC_MBX_H */
