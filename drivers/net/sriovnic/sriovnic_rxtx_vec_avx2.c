/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* Bursts for x86 with AVX2: two descriptors per 256-bit register, and one
 * 32-byte store per mbuf for rearm_data, ol_flags and the descriptor fields.
 */
#include <immintrin.h>

#include "sriovnic_rxtx_vec_common.h"

/* descriptors a and b, loaded b first (see rx_conv_sse) */
static __rte_always_inline __m256i
desc_pair(volatile union sriovnic_rx_desc *a, volatile union sriovnic_rx_desc *b)
{
	__m128i hi = _mm_load_si128(SRIOVNIC_DESC_PTR(b));

	rte_compiler_barrier();
	return _mm256_inserti128_si256(
		_mm256_castsi128_si256(_mm_load_si128(SRIOVNIC_DESC_PTR(a))),
		hi, 1);
}

/*
 * rearm_data and ol_flags of the mbufs of a descriptor pair, one per 128-bit
 * lane: the lookup indices land in byte 8 of a lane, where ol_flags sits
 * next to rearm_data.
 */
static __rte_always_inline __m256i
rearm_pair(__m256i d, __m256i init, __m256i vlan_rss_tbl, __m256i csum_tbl,
	   bool mark)
{
	const __m256i vlan_rss_idx = _mm256_set_epi64x(3, 0, 3, 0);
	const __m256i csum_idx = _mm256_set_epi64x(15, 0, 15, 0);
	__m256i fl, cs;

	if (mark) {
		/* FDIR, FDIR_ID into bytes 8, 9 of each lane */
		const __m256i mark_lut = _mm256_broadcastsi128_si256(
			_mm_setr_epi8(SRIOVNIC_MARK_LUT_BYTES,
				      0, 0, 0, 0, 0, 0, 0, 0));
		__m256i x = _mm256_and_si256(_mm256_srli_epi64(d, SRIOVNIC_RXDX_SHIFT),
					     _mm256_set_epi64x(3, 0, 3, 0));

		x = _mm256_or_si256(x, _mm256_slli_epi64(_mm256_add_epi64(x,
			_mm256_set_epi64x(SRIOVNIC_MARK_IDX_HI, 0,
					  SRIOVNIC_MARK_IDX_HI, 0)), 8));
		init = _mm256_or_si256(init, _mm256_shuffle_epi8(mark_lut, x));
	}

	fl = _mm256_shuffle_epi8(vlan_rss_tbl,
		_mm256_and_si256(_mm256_srli_epi64(d, SRIOVNIC_RXD_FLAGS_SHIFT),
				 vlan_rss_idx));
	cs = _mm256_shuffle_epi8(csum_tbl,
		_mm256_and_si256(_mm256_srli_epi64(d, SRIOVNIC_RXD_CSUM_SHIFT),
				 csum_idx));
	return _mm256_or_si256(_mm256_or_si256(init, fl),
			       _mm256_slli_epi64(cs, SRIOVNIC_RX_CSUM_FLAGS_SHIFT));
}

/* packet_type of a descriptor pair in the first dword of each lane: 256
 * entries have no byte-shuffle lookup, so a table load per frame
 */
static __rte_always_inline __m256i
ptype_pair(__m256i d)
{
	return _mm256_set_epi64x(0, sriovnic_rx_ptype(_mm256_extract_epi16(d,
					SRIOVNIC_RXD_STATUS_LANE + 8)),
				 0, sriovnic_rx_ptype(_mm256_extract_epi16(d,
					SRIOVNIC_RXD_STATUS_LANE)));
}

static __rte_always_inline unsigned int
rx_conv_avx2(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw,
	     struct rte_mbuf **pkts, uint64_t mbuf_init,
	     const struct sriovnic_rx_flags *tbl, bool mark)
{
	/* per 128-bit lane, as in rx_conv_sse */
	const __m256i shuf = _mm256_set_epi8(3, 2, 1, 0, 5, 4, 13, 12,
					     -1, -1, 13, 12, -1, -1, -1, -1,
					     3, 2, 1, 0, 5, 4, 13, 12,
					     -1, -1, 13, 12, -1, -1, -1, -1);
	const __m256i init = _mm256_set_epi64x(0, mbuf_init, 0, mbuf_init);
	const __m256i vlan_rss_tbl = _mm256_broadcastsi128_si256(
		_mm_load_si128((const __m128i *)tbl->vlan_rss));
	const __m256i csum_tbl = _mm256_broadcastsi128_si256(
		_mm_load_si128((const __m128i *)tbl->csum));
	__m256i d23, d01, r01, r23, f01, f23;
	unsigned int dd;

	d23 = desc_pair(d + 2, d + 3);
	rte_compiler_barrier();
	d01 = desc_pair(d, d + 1);

	_mm256_storeu_si256((__m256i *)pkts,
			    _mm256_loadu_si256((const __m256i *)sw));

	/* DD is bit 0 of qw1: bits 1, 3, 5, 7 of the mask */
	dd = _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_slli_epi64(d01, 63))) |
	     _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_slli_epi64(d23, 63))) << 4;

	r01 = rearm_pair(d01, init, vlan_rss_tbl, csum_tbl, mark);
	r23 = rearm_pair(d23, init, vlan_rss_tbl, csum_tbl, mark);
	f01 = _mm256_or_si256(_mm256_shuffle_epi8(d01, shuf), ptype_pair(d01));
	f23 = _mm256_or_si256(_mm256_shuffle_epi8(d23, shuf), ptype_pair(d23));

	_mm256_storeu_si256((__m256i *)&sw[0]->rearm_data,
			    _mm256_permute2x128_si256(r01, f01, 0x20));
	_mm256_storeu_si256((__m256i *)&sw[1]->rearm_data,
			    _mm256_permute2x128_si256(r01, f01, 0x31));
	_mm256_storeu_si256((__m256i *)&sw[2]->rearm_data,
			    _mm256_permute2x128_si256(r23, f23, 0x20));
	_mm256_storeu_si256((__m256i *)&sw[3]->rearm_data,
			    _mm256_permute2x128_si256(r23, f23, 0x31));
	if (mark) {
		const __m256i hash_shuf = _mm256_broadcastsi128_si256(
			_mm_setr_epi8(SRIOVNIC_HASH_SHUF_BYTES,
				      -1, -1, -1, -1, -1, -1, -1, -1));
		__m256i h01 = _mm256_shuffle_epi8(d01, hash_shuf);
		__m256i h23 = _mm256_shuffle_epi8(d23, hash_shuf);

		_mm_storel_epi64((__m128i *)&sw[0]->hash,
				 _mm256_castsi256_si128(h01));
		_mm_storel_epi64((__m128i *)&sw[1]->hash,
				 _mm256_extracti128_si256(h01, 1));
		_mm_storel_epi64((__m128i *)&sw[2]->hash,
				 _mm256_castsi256_si128(h23));
		_mm_storel_epi64((__m128i *)&sw[3]->hash,
				 _mm256_extracti128_si256(h23, 1));
	}
	/* the even bits set, the first clear odd bit ends the done run */
	return rte_bsf32(~(dd | 0x55)) / 2;
}

static __rte_always_inline void
rx_rearm_avx2(volatile union sriovnic_rx_desc *d, struct rte_mbuf **sw)
{
	const __m256i headroom = _mm256_set_epi64x(0, RTE_PKTMBUF_HEADROOM,
						   0, RTE_PKTMBUF_HEADROOM);
	const __m256i zero = _mm256_setzero_si256();
	unsigned int i;

	RTE_BUILD_BUG_ON(offsetof(struct rte_mbuf, buf_iova) !=
			 offsetof(struct rte_mbuf, buf_addr) + 8);
	for (i = 0; i < SRIOVNIC_VEC_GROUP; i += 2) {
		/* buf_addr, buf_iova of two mbufs -> buf_iova + headroom, 0 */
		__m256i a = _mm256_inserti128_si256(_mm256_castsi128_si256(
			_mm_loadu_si128((const __m128i *)&sw[i]->buf_addr)),
			_mm_loadu_si128((const __m128i *)&sw[i + 1]->buf_addr), 1);

		_mm256_storeu_si256(SRIOVNIC_DESC_PTR(d + i),
				    _mm256_add_epi64(_mm256_unpackhi_epi64(a, zero),
						     headroom));
	}
}

static __rte_always_inline void
tx_write_avx2(volatile struct sriovnic_tx_desc *d, struct rte_mbuf **sw,
	      struct rte_mbuf **pkts, uint64_t cmd)
{
	unsigned int i;

	for (i = 0; i < SRIOVNIC_VEC_GROUP; i += 2) {
		const struct rte_mbuf *a = pkts[i], *b = pkts[i + 1];

		_mm256_storeu_si256(SRIOVNIC_DESC_PTR(d + i),
			_mm256_set_epi64x(cmd | (uint64_t)b->data_len <<
					  SRIOVNIC_TXD_LEN_SHIFT,
					  rte_mbuf_data_iova(b),
					  cmd | (uint64_t)a->data_len <<
					  SRIOVNIC_TXD_LEN_SHIFT,
					  rte_mbuf_data_iova(a)));
	}
	_mm256_storeu_si256((__m256i *)sw,
			    _mm256_loadu_si256((const __m256i *)pkts));
}

SRIOVNIC_VEC_PATH(avx2)
