/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* TCP segmentation offload (datasheet 7.8): a TSO frame, gathered into
 * one buffer, is cut into segments of at most MSS payload bytes, each
 * with a copy of the frame's headers, fixed up.
 *
 * DPDK's librte_gso does not fit: in 22.11 it segments TCP over IPv4 only,
 * leaves every checksum to the caller, keeps CWR in every segment, and
 * makes each segment a header mbuf chained to an indirect mbuf into the
 * input, which would first have to be built as a chain of mbufs of up to
 * 64 KiB. Copying headers and payload into one mbuf per segment is what
 * the rest of the model expects anyway: frames are single mbufs.
 */

#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "sriovnic_regs.h"
#include "pkt.h"

static uint32_t
tso_hdr_len(const struct emu_tx_offload *o)
{
	return o->maclen + o->iplen + o->l4len;
}

/* Segments of a frame of len bytes whose headers o describes: a frame
 * without payload still makes one
 */
unsigned int
emu_tso_nb_segs(uint32_t len, const struct emu_tx_offload *o)
{
	uint32_t payload = len - tso_hdr_len(o);

	return RTE_MAX(1u, (payload + o->mss - 1) / o->mss);
}

/* The headers of segment i of nb, which carries payload bytes from the
 * frame's TCP sequence number seq + i * MSS on, and IPv4 id id + i
 */
static void
tso_fix(uint8_t *seg, const struct emu_tx_offload *o, unsigned int i,
	unsigned int nb, uint32_t payload, uint16_t id, uint32_t seq)
{
	uint8_t *l3 = seg + o->maclen;
	struct rte_ipv4_hdr *ip4 = (struct rte_ipv4_hdr *)l3;
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)l3;
	struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(l3 + o->iplen);

	if (o->ipv6) {
		/* extension headers count in the payload length */
		ip6->payload_len = rte_cpu_to_be_16(o->iplen - sizeof(*ip6) +
						    o->l4len + payload);
	} else {
		ip4->total_length = rte_cpu_to_be_16(o->iplen + o->l4len +
						     payload);
		ip4->packet_id = rte_cpu_to_be_16((uint16_t)(id + i));
	}
	tcp->sent_seq = rte_cpu_to_be_32(seq + i * o->mss);
	/* the end of the data and its push belong to the last segment, the
	 * congestion window reduction to the first
	 */
	if (i != nb - 1)
		tcp->tcp_flags &= ~(RTE_TCP_FIN_FLAG | RTE_TCP_PSH_FLAG);
	if (i != 0)
		tcp->tcp_flags &= ~RTE_TCP_CWR_FLAG;
}

/* Cuts the frame of len bytes, which emu_csum_tx_check() accepted, into
 * the empty mbufs segs[0..nb), nb from emu_tso_nb_segs(); each fits one,
 * as the frame's checks bound a segment by MAX_FRAME.
 */
void
emu_tso_segment(const uint8_t *frame, uint32_t len,
		const struct emu_tx_offload *o, struct rte_mbuf **segs,
		unsigned int nb)
{
	uint32_t hdr = tso_hdr_len(o), off = hdr, payload;
	const uint8_t *l3 = frame + o->maclen;
	const struct rte_tcp_hdr *tcp =
		(const struct rte_tcp_hdr *)(l3 + o->iplen);
	uint32_t seq = rte_be_to_cpu_32(tcp->sent_seq);
	uint16_t id = o->ipv6 ? 0 :
		rte_be_to_cpu_16(((const struct rte_ipv4_hdr *)l3)->packet_id);
	unsigned int i;
	uint8_t *seg;

	for (i = 0; i < nb; i++, off += payload) {
		payload = RTE_MIN((uint32_t)o->mss, len - off);
		seg = (uint8_t *)rte_pktmbuf_append(segs[i], hdr + payload);
		memcpy(seg, frame, hdr);
		memcpy(seg + hdr, frame + off, payload);
		tso_fix(seg, o, i, nb, payload, id, seq);
		emu_csum_tx(seg, hdr + payload, o);
	}
}
