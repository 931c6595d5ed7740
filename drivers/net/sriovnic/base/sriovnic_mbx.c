/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <string.h>

#include "sriovnic_mbx.h"

void
sriovnic_mbx_chan_vf(struct sriovnic_mbx_chan *ch)
{
	*ch = (struct sriovnic_mbx_chan){
		.tx_data = SRIOVNIC_VF_MBX_TX_DATA,
		.tx_seq = SRIOVNIC_VF_MBX_TX_SEQ,
		.tx_ack = SRIOVNIC_VF_MBX_TX_ACK,
		.rx_data = SRIOVNIC_VF_MBX_RX_DATA,
		.rx_seq = SRIOVNIC_VF_MBX_RX_SEQ,
		.rx_ack = SRIOVNIC_VF_MBX_RX_ACK,
	};
}

void
sriovnic_mbx_chan_pf(struct sriovnic_mbx_chan *ch, uint16_t vf)
{
	uint32_t base = SRIOVNIC_PF_MBX(vf);

	*ch = (struct sriovnic_mbx_chan){
		.tx_data = base + SRIOVNIC_PF_MBX_TX_DATA,
		.tx_seq = base + SRIOVNIC_PF_MBX_TX_SEQ,
		.tx_ack = base + SRIOVNIC_PF_MBX_TX_ACK,
		.rx_data = base + SRIOVNIC_PF_MBX_RX_DATA,
		.rx_seq = base + SRIOVNIC_PF_MBX_RX_SEQ,
		.rx_ack = base + SRIOVNIC_PF_MBX_RX_ACK,
	};
}

int
sriovnic_mbx_send(struct sriovnic_hw *hw, const struct sriovnic_mbx_chan *ch,
		  const struct sriovnic_mbx_msg *msg, unsigned int timeout_ms)
{
	uint32_t seq = sriovnic_read(hw, ch->tx_seq);
	uint32_t words[SRIOVNIC_MBX_LEN / 4];
	unsigned int i;
	int ret;

	/* the previous message must have been taken before we overwrite it */
	ret = sriovnic_hw_wait(hw, ch->tx_ack, UINT32_MAX, seq, timeout_ms);
	if (ret != 0)
		return ret;
	memcpy(words, msg, sizeof(words));
	for (i = 0; i < RTE_DIM(words); i++)
		sriovnic_write(hw, ch->tx_data + i * 4, words[i]);
	sriovnic_write(hw, ch->tx_seq, seq + 1);
	return 0;
}

bool
sriovnic_mbx_pending(const struct sriovnic_hw *hw,
		     const struct sriovnic_mbx_chan *ch)
{
	return sriovnic_read(hw, ch->rx_seq) != sriovnic_read(hw, ch->rx_ack);
}

int
sriovnic_mbx_recv(struct sriovnic_hw *hw, const struct sriovnic_mbx_chan *ch,
		  struct sriovnic_mbx_msg *msg)
{
	uint32_t seq = sriovnic_read(hw, ch->rx_seq);
	uint32_t words[SRIOVNIC_MBX_LEN / 4];
	unsigned int i;

	if (seq == sriovnic_read(hw, ch->rx_ack))
		return -EAGAIN;
	for (i = 0; i < RTE_DIM(words); i++)
		words[i] = sriovnic_read(hw, ch->rx_data + i * 4);
	memcpy(msg, words, sizeof(words));
	sriovnic_write(hw, ch->rx_ack, seq);
	if (msg->hdr.len > SRIOVNIC_MBX_PAYLOAD)
		return -EBADMSG;
	return 0;
}
