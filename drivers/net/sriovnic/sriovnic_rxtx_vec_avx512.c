/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* Bursts for x86 with AVX512F/BW: a group of four descriptors in one
 * 512-bit register, and one 64-byte store per group on the rings.
 */
#include <immintrin.h>

#include "sriovnic_rxtx_vec_common.h"

static __rte_always_inline unsigned int
rx_conv_avx512(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw,
	       struct rte_mbuf **pkts, uint64_t mbuf_init,
	       const struct sriovnic_rx_flags *tbl, bool mark)
{
	/* per 128-bit lane, as in rx_conv_sse */
	const __m512i shuf = _mm512_broadcast_i32x4(
		_mm_set_epi8(3, 2, 1, 0, 5, 4, 13, 12,
			     -1, -1, 13, 12, -1, -1, -1, -1));
	/* lookup indices in byte 8 of a lane, next to rearm_data */
	const __m512i vlan_rss_idx = _mm512_set_epi64(3, 0, 3, 0, 3, 0, 3, 0);
	const __m512i csum_idx = _mm512_set_epi64(15, 0, 15, 0, 15, 0, 15, 0);
	const __m512i dd_bit = _mm512_set_epi64(1, 0, 1, 0, 1, 0, 1, 0);
	const __m512i init = _mm512_set_epi64(0, mbuf_init, 0, mbuf_init,
					      0, mbuf_init, 0, mbuf_init);
	const __m512i vlan_rss_tbl = _mm512_broadcast_i32x4(
		_mm_load_si128((const __m128i *)tbl->vlan_rss));
	const __m512i csum_tbl = _mm512_broadcast_i32x4(
		_mm_load_si128((const __m128i *)tbl->csum));
	/* qwords of (rearm, fields) for mbufs 0, 1 and 2, 3 */
	const __m512i pick01 = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
	const __m512i pick23 = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
	__m128i d0, d1, d2, d3;
	__m512i v, r, cs, f, m01, m23;
	unsigned int dd;

	/* last first, each with a 16-byte load (see rx_conv_sse) */
	d3 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 3));
	rte_compiler_barrier();
	d2 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 2));
	rte_compiler_barrier();
	d1 = _mm_load_si128(SRIOVNIC_DESC_PTR(d + 1));
	rte_compiler_barrier();
	d0 = _mm_load_si128(SRIOVNIC_DESC_PTR(d));
	v = _mm512_inserti64x4(_mm512_castsi256_si512(
		_mm256_inserti128_si256(_mm256_castsi128_si256(d0), d1, 1)),
		_mm256_inserti128_si256(_mm256_castsi128_si256(d2), d3, 1), 1);

	_mm256_storeu_si256((__m256i *)pkts,
			    _mm256_loadu_si256((const __m256i *)sw));

	dd = _mm512_test_epi64_mask(v, dd_bit);
	r = _mm512_or_si512(init, _mm512_shuffle_epi8(vlan_rss_tbl,
		_mm512_and_si512(_mm512_srli_epi64(v, SRIOVNIC_RXD_FLAGS_SHIFT),
				 vlan_rss_idx)));
	cs = _mm512_shuffle_epi8(csum_tbl,
		_mm512_and_si512(_mm512_srli_epi64(v, SRIOVNIC_RXD_CSUM_SHIFT),
				 csum_idx));
	r = _mm512_or_si512(r, _mm512_slli_epi64(cs, SRIOVNIC_RX_CSUM_FLAGS_SHIFT));
	if (mark) {
		/* FDIR, FDIR_ID into bytes 8, 9 of each lane */
		const __m512i mark_lut = _mm512_broadcast_i32x4(
			_mm_setr_epi8(SRIOVNIC_MARK_LUT_BYTES,
				      0, 0, 0, 0, 0, 0, 0, 0));
		const __m512i hi = _mm512_set_epi64(SRIOVNIC_MARK_IDX_HI, 0,
						    SRIOVNIC_MARK_IDX_HI, 0,
						    SRIOVNIC_MARK_IDX_HI, 0,
						    SRIOVNIC_MARK_IDX_HI, 0);
		__m512i x = _mm512_and_si512(_mm512_srli_epi64(v, SRIOVNIC_RXDX_SHIFT),
					     vlan_rss_idx);

		x = _mm512_or_si512(x, _mm512_slli_epi64(_mm512_add_epi64(x, hi), 8));
		r = _mm512_or_si512(r, _mm512_shuffle_epi8(mark_lut, x));
	}
	f = _mm512_shuffle_epi8(v, shuf);
	/* packet_type into the first dword of each descriptor's fields: 256
	 * entries have no byte-shuffle lookup, so a table load per frame
	 */
	f = _mm512_mask_set1_epi32(f, 1 << 0, sriovnic_rx_ptype(
		_mm_extract_epi16(d0, SRIOVNIC_RXD_STATUS_LANE)));
	f = _mm512_mask_set1_epi32(f, 1 << 4, sriovnic_rx_ptype(
		_mm_extract_epi16(d1, SRIOVNIC_RXD_STATUS_LANE)));
	f = _mm512_mask_set1_epi32(f, 1 << 8, sriovnic_rx_ptype(
		_mm_extract_epi16(d2, SRIOVNIC_RXD_STATUS_LANE)));
	f = _mm512_mask_set1_epi32(f, 1 << 12, sriovnic_rx_ptype(
		_mm_extract_epi16(d3, SRIOVNIC_RXD_STATUS_LANE)));
	m01 = _mm512_permutex2var_epi64(r, pick01, f);
	m23 = _mm512_permutex2var_epi64(r, pick23, f);

	_mm256_storeu_si256((__m256i *)&sw[0]->rearm_data,
			    _mm512_castsi512_si256(m01));
	_mm256_storeu_si256((__m256i *)&sw[1]->rearm_data,
			    _mm512_extracti64x4_epi64(m01, 1));
	_mm256_storeu_si256((__m256i *)&sw[2]->rearm_data,
			    _mm512_castsi512_si256(m23));
	_mm256_storeu_si256((__m256i *)&sw[3]->rearm_data,
			    _mm512_extracti64x4_epi64(m23, 1));
	if (mark) {
		const __m512i h = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(
			_mm_setr_epi8(SRIOVNIC_HASH_SHUF_BYTES,
				      -1, -1, -1, -1, -1, -1, -1, -1)));

		_mm_storel_epi64((__m128i *)&sw[0]->hash,
				 _mm512_castsi512_si128(h));
		_mm_storel_epi64((__m128i *)&sw[1]->hash,
				 _mm512_extracti32x4_epi32(h, 1));
		_mm_storel_epi64((__m128i *)&sw[2]->hash,
				 _mm512_extracti32x4_epi32(h, 2));
		_mm_storel_epi64((__m128i *)&sw[3]->hash,
				 _mm512_extracti32x4_epi32(h, 3));
	}
	/* DD in mask bits 1, 3, 5, 7 (see rx_conv_avx2) */
	return rte_bsf32(~(dd | 0x55)) / 2;
}

static __rte_always_inline void
rx_rearm_avx512(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw)
{
	RTE_BUILD_BUG_ON(SRIOVNIC_VEC_GROUP != 4);
	_mm512_storeu_si512(SRIOVNIC_DESC_PTR(d),
		_mm512_set_epi64(0, rte_mbuf_data_iova_default(sw[3]),
				 0, rte_mbuf_data_iova_default(sw[2]),
				 0, rte_mbuf_data_iova_default(sw[1]),
				 0, rte_mbuf_data_iova_default(sw[0])));
}

static __rte_always_inline uint64_t
tx_cmd(const struct rte_mbuf *m, uint64_t cmd)
{
	return cmd | (uint64_t)m->data_len << SRIOVNIC_TXD_LEN_SHIFT;
}

static __rte_always_inline void
tx_write_avx512(volatile struct sriovnic_tx_desc *d, struct rte_mbuf **sw,
		struct rte_mbuf **pkts, uint64_t cmd)
{
	_mm512_storeu_si512(SRIOVNIC_DESC_PTR(d),
		_mm512_set_epi64(tx_cmd(pkts[3], cmd), rte_mbuf_data_iova(pkts[3]),
				 tx_cmd(pkts[2], cmd), rte_mbuf_data_iova(pkts[2]),
				 tx_cmd(pkts[1], cmd), rte_mbuf_data_iova(pkts[1]),
				 tx_cmd(pkts[0], cmd), rte_mbuf_data_iova(pkts[0])));
	_mm256_storeu_si256((__m256i *)sw,
			    _mm256_loadu_si256((const __m256i *)pkts));
}

SRIOVNIC_VEC_PATH(avx512)
