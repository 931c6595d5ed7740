/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* Bursts for x86 with SSE4.2: one descriptor per 128-bit register. */
#include <immintrin.h>

#include "sriovnic_rxtx_vec_common.h"

static __rte_always_inline unsigned int
rx_conv_sse(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw,
	    struct rte_mbuf **pkts, uint64_t mbuf_init,
	    const struct sriovnic_rx_flags *tbl, bool mark)
{
	/* write-back to rx_descriptor_fields1: packet_type 0 (inserted
	 * below), pkt_len and data_len from pkt_len, vlan_tci, hash.rss
	 */
	const __m128i shuf = _mm_set_epi8(3, 2, 1, 0, 5, 4, 13, 12,
					  -1, -1, 13, 12, -1, -1, -1, -1);
	const __m128i init = _mm_set1_epi64x(mbuf_init);
	const __m128i vlan_rss_tbl = _mm_load_si128((const __m128i *)tbl->vlan_rss);
	const __m128i csum_tbl = _mm_load_si128((const __m128i *)tbl->csum);
	const __m128i zero = _mm_setzero_si128();
	__m128i d0, d1, d2, d3, st, fl, cs, fl01, fl23;
	unsigned int dd;

	/* Last descriptor first: the card writes back in ring order, so one
	 * seen done means the ones before it are done too. A 16-byte aligned
	 * load is single-copy atomic on x86-64 CPUs, so DD (qw1) and the
	 * fields (qw0) come from the same write-back.
	 */
	d3 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 3));
	rte_compiler_barrier();
	d2 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 2));
	rte_compiler_barrier();
	d1 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 1));
	rte_compiler_barrier();
	d0 = _mm_load_si128(SRIOVNIC_DESC_PTR(d));

	_mm_storeu_si128((__m128i *)&pkts[0],
			 _mm_loadu_si128((const __m128i *)&sw[0]));
	_mm_storeu_si128((__m128i *)&pkts[2],
			 _mm_loadu_si128((const __m128i *)&sw[2]));

	/* the status words, one per 32-bit lane */
	st = _mm_castps_si128(_mm_shuffle_ps(
		_mm_castsi128_ps(_mm_unpackhi_epi64(d0, d1)),
		_mm_castsi128_ps(_mm_unpackhi_epi64(d2, d3)),
		_MM_SHUFFLE(2, 0, 2, 0)));
	dd = _mm_movemask_ps(_mm_castsi128_ps(_mm_slli_epi32(st, 31)));
	fl = _mm_shuffle_epi8(vlan_rss_tbl,
			      _mm_and_si128(_mm_srli_epi32(st, SRIOVNIC_RXD_FLAGS_SHIFT),
					    _mm_set1_epi32(3)));
	cs = _mm_shuffle_epi8(csum_tbl,
			      _mm_and_si128(_mm_srli_epi32(st, SRIOVNIC_RXD_CSUM_SHIFT),
					    _mm_set1_epi32(15)));
	fl = _mm_or_si128(fl, _mm_slli_epi32(cs, SRIOVNIC_RX_CSUM_FLAGS_SHIFT));
	if (mark) {
		/* FDIR, FDIR_ID into bytes 0, 1 of each lane */
		const __m128i mark_lut = _mm_setr_epi8(SRIOVNIC_MARK_LUT_BYTES,
						       0, 0, 0, 0, 0, 0, 0, 0);
		__m128i x = _mm_and_si128(_mm_srli_epi32(st, SRIOVNIC_RXDX_SHIFT),
					  _mm_set1_epi32(3));

		x = _mm_or_si128(x, _mm_slli_epi32(_mm_add_epi32(x,
				 _mm_set1_epi32(SRIOVNIC_MARK_IDX_HI)), 8));
		fl = _mm_or_si128(fl, _mm_shuffle_epi8(mark_lut, x));
	}
	fl01 = _mm_unpacklo_epi32(fl, zero);
	fl23 = _mm_unpackhi_epi32(fl, zero);

	/* rearm_data and ol_flags, then the fields the descriptor reports */
	_mm_storeu_si128((__m128i *)&sw[0]->rearm_data,
			 _mm_unpacklo_epi64(init, fl01));
	_mm_storeu_si128((__m128i *)&sw[1]->rearm_data,
			 _mm_unpackhi_epi64(init, fl01));
	_mm_storeu_si128((__m128i *)&sw[2]->rearm_data,
			 _mm_unpacklo_epi64(init, fl23));
	_mm_storeu_si128((__m128i *)&sw[3]->rearm_data,
			 _mm_unpackhi_epi64(init, fl23));
	/* packet_type: 256 entries have no byte-shuffle lookup, so a table
	 * load per frame
	 */
	_mm_storeu_si128((__m128i *)&sw[0]->rx_descriptor_fields1,
			 _mm_insert_epi32(_mm_shuffle_epi8(d0, shuf),
				sriovnic_rx_ptype(_mm_extract_epi16(st, 0)), 0));
	_mm_storeu_si128((__m128i *)&sw[1]->rx_descriptor_fields1,
			 _mm_insert_epi32(_mm_shuffle_epi8(d1, shuf),
				sriovnic_rx_ptype(_mm_extract_epi16(st, 2)), 0));
	_mm_storeu_si128((__m128i *)&sw[2]->rx_descriptor_fields1,
			 _mm_insert_epi32(_mm_shuffle_epi8(d2, shuf),
				sriovnic_rx_ptype(_mm_extract_epi16(st, 4)), 0));
	_mm_storeu_si128((__m128i *)&sw[3]->rx_descriptor_fields1,
			 _mm_insert_epi32(_mm_shuffle_epi8(d3, shuf),
				sriovnic_rx_ptype(_mm_extract_epi16(st, 6)), 0));
	if (mark) {
		const __m128i hash_shuf = _mm_setr_epi8(SRIOVNIC_HASH_SHUF_BYTES,
			-1, -1, -1, -1, -1, -1, -1, -1);

		_mm_storel_epi64((__m128i *)&sw[0]->hash,
				 _mm_shuffle_epi8(d0, hash_shuf));
		_mm_storel_epi64((__m128i *)&sw[1]->hash,
				 _mm_shuffle_epi8(d1, hash_shuf));
		_mm_storel_epi64((__m128i *)&sw[2]->hash,
				 _mm_shuffle_epi8(d2, hash_shuf));
		_mm_storel_epi64((__m128i *)&sw[3]->hash,
				 _mm_shuffle_epi8(d3, hash_shuf));
	}
	return rte_bsf32(~dd);
}

static __rte_always_inline void
rx_rearm_sse(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw)
{
	const __m128i headroom = _mm_set_epi64x(0, RTE_PKTMBUF_HEADROOM);
	const __m128i zero = _mm_setzero_si128();
	unsigned int i;

	RTE_BUILD_BUG_ON(offsetof(struct rte_mbuf, buf_iova) !=
			 offsetof(struct rte_mbuf, buf_addr) + 8);
	for (i = 0; i < SRIOVNIC_VEC_GROUP; i++) {
		/* buf_addr, buf_iova -> buf_iova + headroom, 0 */
		__m128i a = _mm_loadu_si128((const __m128i *)&sw[i]->buf_addr);

		_mm_store_si128(SRIOVNIC_DESC_PTR(d + i),
				_mm_add_epi64(_mm_unpackhi_epi64(a, zero),
					      headroom));
	}
}

static __rte_always_inline void
tx_write_sse(volatile struct sriovnic_tx_desc *d, struct rte_mbuf **sw,
	     struct rte_mbuf **pkts, uint64_t cmd)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_VEC_GROUP; i++) {
		const struct rte_mbuf *m = pkts[i];

		_mm_store_si128(SRIOVNIC_DESC_PTR(d + i),
				_mm_set_epi64x(cmd | (uint64_t)m->data_len <<
					       SRIOVNIC_TXD_LEN_SHIFT,
					       rte_mbuf_data_iova(m)));
	}
	_mm_storeu_si128((__m128i *)&sw[0],
			 _mm_loadu_si128((const __m128i *)&pkts[0]));
	_mm_storeu_si128((__m128i *)&sw[2],
			 _mm_loadu_si128((const __m128i *)&pkts[2]));
}

SRIOVNIC_VEC_PATH(sse)
