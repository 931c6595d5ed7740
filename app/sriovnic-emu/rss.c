/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Receive side scaling: Toeplitz hash over the frame's addresses (and
 * ports) with the function's key, queue from its redirection table.
 */

#include "emu.h"

/* The key as rte_softrss() takes it, a byte string like the rss_key of
 * rte_eth_rss_conf: key byte i is in RSS_KEY(i / 4) at bits 8 * (i % 4),
 * i.e. byte 0 in the low byte of RSS_KEY(0) and the registers in the
 * key's byte order on a little-endian host.
 */
static void
rss_key(const struct emu_func *f, uint8_t *key)
{
	unsigned int i, b;
	uint32_t w;

	for (i = 0; i < SRIOVNIC_RSS_KEY_LEN / 4; i++) {
		w = emu_rd32(f, SRIOVNIC_RSS_KEY(i));
		for (b = 0; b < 4; b++)
			key[i * 4 + b] = w >> (8 * b);
	}
}

/* Tuple length in 32-bit words for the hash types enabled in ctrl, or 0
 * when the frame is not hashed. The frame as received, i.e. without its
 * outer tag if untag, is parsed behind at most one tag.
 */
static uint32_t
rss_input_len(uint32_t ctrl, const struct emu_pkt *pkt, bool untag)
{
	if (pkt->tags > 1 + untag)
		return 0;
	switch (pkt->l3) {
	case EMU_L3_IPV4:
		if (pkt->l4 && (ctrl & SRIOVNIC_RSS_IPV4_L4))
			return RTE_THASH_V4_L4_LEN;
		return ctrl & SRIOVNIC_RSS_IPV4 ? RTE_THASH_V4_L3_LEN : 0;
	case EMU_L3_IPV6:
		if (pkt->l4 && (ctrl & SRIOVNIC_RSS_IPV6_L4))
			return RTE_THASH_V6_L4_LEN;
		return ctrl & SRIOVNIC_RSS_IPV6 ? RTE_THASH_V6_L3_LEN : 0;
	default:
		return 0;
	}
}

/* Queue of the frame: RETA[hash] when hashed, else 0. The caller checks
 * the queue, since the RETA holds whatever the driver wrote.
 */
unsigned int
emu_rss_queue(const struct emu_func *f, const struct emu_pkt *pkt, bool untag,
	      uint32_t *hash, uint16_t *status)
{
	uint8_t key[SRIOVNIC_RSS_KEY_LEN] __rte_aligned(sizeof(uint32_t));
	uint32_t ctrl = emu_rd32(f, SRIOVNIC_RSS_CTRL);
	uint32_t len;

	if (!(ctrl & SRIOVNIC_RSS_ENABLE))
		return 0;
	len = rss_input_len(ctrl, pkt, untag);
	if (len == 0)
		return 0;
	rss_key(f, key);
	/* rte_softrss() only reads the tuple */
	*hash = rte_softrss((uint32_t *)(uintptr_t)&pkt->tuple, len, key);
	*status |= SRIOVNIC_RXD_RSS;
	return rte_read8_relaxed(f->bar + SRIOVNIC_RSS_RETA +
				 *hash % SRIOVNIC_RSS_RETA_SIZE);
}
