/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* Bursts for Arm64 with Neon: one descriptor per 128-bit register. */
#include <rte_vect.h>

#include "sriovnic_rxtx_vec_common.h"

/* A descriptor's write-back as rx_descriptor_fields1 */
static __rte_always_inline uint32x4_t
fields(uint64x2_t d, uint8x16_t shuf)
{
	return vreinterpretq_u32_u8(vqtbl1q_u8(vreinterpretq_u8_u64(d), shuf));
}

static __rte_always_inline unsigned int
rx_conv_neon(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw,
	     struct rte_mbuf **pkts, uint64_t mbuf_init,
	     const struct sriovnic_rx_flags *tbl, bool mark)
{
	/* write-back to rx_descriptor_fields1, as in rx_conv_sse; an index
	 * out of range (0xff) reads 0
	 */
	const uint8x16_t shuf = {
		0xff, 0xff, 0xff, 0xff,	/* packet_type, inserted below */
		12, 13, 0xff, 0xff,	/* pkt_len */
		12, 13,			/* data_len */
		4, 5,			/* vlan_tci */
		0, 1, 2, 3,		/* hash.rss */
	};
	const uint32x4_t lane_bit = { 0, 1, 2, 3 };
	const uint64x2_t init = { mbuf_init, 0 };
	const uint8x16_t vlan_rss_tbl = vld1q_u8(tbl->vlan_rss);
	const uint8x16_t csum_tbl = vld1q_u8(tbl->csum);
	uint64x2_t d0, d1, d2, d3;
	uint32x4_t st, fl, cs;
	unsigned int dd;

	d3 = vld1q_u64(SRIOVNIC_DESC_PTR(d + 3));
	d2 = vld1q_u64(SRIOVNIC_DESC_PTR(d + 2));
	d1 = vld1q_u64(SRIOVNIC_DESC_PTR(d + 1));
	d0 = vld1q_u64(SRIOVNIC_DESC_PTR(d));
	/* A 128-bit load is not single-copy atomic before Armv8.4: read qw0
	 * again after qw1 (DD), ordered by the fence, so that it belongs to
	 * the write-back that set DD.
	 */
	rte_atomic_thread_fence(__ATOMIC_ACQUIRE);
	d3 = vld1q_lane_u64(SRIOVNIC_DESC_PTR(d + 3), d3, 0);
	d2 = vld1q_lane_u64(SRIOVNIC_DESC_PTR(d + 2), d2, 0);
	d1 = vld1q_lane_u64(SRIOVNIC_DESC_PTR(d + 1), d1, 0);
	d0 = vld1q_lane_u64(SRIOVNIC_DESC_PTR(d), d0, 0);

	vst1q_u64((uint64_t *)&pkts[0], vld1q_u64((const uint64_t *)&sw[0]));
	vst1q_u64((uint64_t *)&pkts[2], vld1q_u64((const uint64_t *)&sw[2]));

	/* the status words, one per 32-bit lane */
	st = vuzp1q_u32(vreinterpretq_u32_u64(vzip2q_u64(d0, d1)),
			vreinterpretq_u32_u64(vzip2q_u64(d2, d3)));
	dd = vaddvq_u32(vshlq_u32(vandq_u32(st, vdupq_n_u32(SRIOVNIC_RXD_DD)),
				  vreinterpretq_s32_u32(lane_bit)));
	fl = vreinterpretq_u32_u8(vqtbl1q_u8(vlan_rss_tbl, vreinterpretq_u8_u32(
		vandq_u32(vshrq_n_u32(st, SRIOVNIC_RXD_FLAGS_SHIFT),
			  vdupq_n_u32(3)))));
	cs = vreinterpretq_u32_u8(vqtbl1q_u8(csum_tbl, vreinterpretq_u8_u32(
		vandq_u32(vshrq_n_u32(st, SRIOVNIC_RXD_CSUM_SHIFT),
			  vdupq_n_u32(15)))));
	fl = vorrq_u32(fl, vshlq_n_u32(cs, SRIOVNIC_RX_CSUM_FLAGS_SHIFT));
	if (mark) {
		/* FDIR, FDIR_ID into bytes 0, 1 of each lane */
		const uint8x16_t mark_lut = { SRIOVNIC_MARK_LUT_BYTES };
		uint32x4_t x = vandq_u32(vshrq_n_u32(st, SRIOVNIC_RXDX_SHIFT),
					 vdupq_n_u32(3));

		x = vorrq_u32(x, vshlq_n_u32(vaddq_u32(x,
				vdupq_n_u32(SRIOVNIC_MARK_IDX_HI)), 8));
		fl = vorrq_u32(fl, vreinterpretq_u32_u8(vqtbl1q_u8(mark_lut,
				vreinterpretq_u8_u32(x))));
	}

	vst1q_u64((uint64_t *)&sw[0]->rearm_data,
		  vsetq_lane_u64(vgetq_lane_u32(fl, 0), init, 1));
	vst1q_u64((uint64_t *)&sw[1]->rearm_data,
		  vsetq_lane_u64(vgetq_lane_u32(fl, 1), init, 1));
	vst1q_u64((uint64_t *)&sw[2]->rearm_data,
		  vsetq_lane_u64(vgetq_lane_u32(fl, 2), init, 1));
	vst1q_u64((uint64_t *)&sw[3]->rearm_data,
		  vsetq_lane_u64(vgetq_lane_u32(fl, 3), init, 1));
	/* packet_type: 256 entries have no byte-shuffle lookup, so a table
	 * load per frame
	 */
	vst1q_u32((uint32_t *)&sw[0]->rx_descriptor_fields1,
		  vsetq_lane_u32(sriovnic_rx_ptype(vgetq_lane_u32(st, 0)),
				 fields(d0, shuf), 0));
	vst1q_u32((uint32_t *)&sw[1]->rx_descriptor_fields1,
		  vsetq_lane_u32(sriovnic_rx_ptype(vgetq_lane_u32(st, 1)),
				 fields(d1, shuf), 0));
	vst1q_u32((uint32_t *)&sw[2]->rx_descriptor_fields1,
		  vsetq_lane_u32(sriovnic_rx_ptype(vgetq_lane_u32(st, 2)),
				 fields(d2, shuf), 0));
	vst1q_u32((uint32_t *)&sw[3]->rx_descriptor_fields1,
		  vsetq_lane_u32(sriovnic_rx_ptype(vgetq_lane_u32(st, 3)),
				 fields(d3, shuf), 0));
	if (mark) {
		const uint8x8_t hash_shuf = { SRIOVNIC_HASH_SHUF_BYTES };

		vst1_u8((uint8_t *)&sw[0]->hash,
			vqtbl1_u8(vreinterpretq_u8_u64(d0), hash_shuf));
		vst1_u8((uint8_t *)&sw[1]->hash,
			vqtbl1_u8(vreinterpretq_u8_u64(d1), hash_shuf));
		vst1_u8((uint8_t *)&sw[2]->hash,
			vqtbl1_u8(vreinterpretq_u8_u64(d2), hash_shuf));
		vst1_u8((uint8_t *)&sw[3]->hash,
			vqtbl1_u8(vreinterpretq_u8_u64(d3), hash_shuf));
	}
	return rte_bsf32(~dd);
}

static __rte_always_inline void
rx_rearm_neon(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_VEC_GROUP; i++) {
		uint64x2_t desc = { rte_mbuf_data_iova_default(sw[i]), 0 };

		vst1q_u64(SRIOVNIC_DESC_PTR(d + i), desc);
	}
}

static __rte_always_inline void
tx_write_neon(volatile struct sriovnic_tx_desc *d, struct rte_mbuf **sw,
	      struct rte_mbuf **pkts, uint64_t cmd)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_VEC_GROUP; i++) {
		const struct rte_mbuf *m = pkts[i];
		uint64x2_t desc = { rte_mbuf_data_iova(m),
			cmd | (uint64_t)m->data_len << SRIOVNIC_TXD_LEN_SHIFT };

		vst1q_u64(SRIOVNIC_DESC_PTR(d + i), desc);
	}
	vst1q_u64((uint64_t *)&sw[0], vld1q_u64((const uint64_t *)&pkts[0]));
	vst1q_u64((uint64_t *)&sw[2], vld1q_u64((const uint64_t *)&pkts[2]));
}

SRIOVNIC_VEC_PATH(neon)
