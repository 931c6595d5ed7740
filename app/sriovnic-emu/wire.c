/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The card's port: an ethdev created from --wire. Loopback is a net_ring
 * port, whose tx ring is its rx ring.
 */

#include <errno.h>
#include <net/if.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>

#include "emu.h"
#include "pkt.h"
#include "switch.h"
#include "wire.h"

#define EMU_WIRE_DESC	512
#define EMU_TAP_NAME	"net_tap_snic"
#define EMU_RING_NAME	"net_ring_snic"
/* The port takes the card's largest frames both ways (datasheet 7.9) */
#define EMU_WIRE_MTU	(SRIOVNIC_MAX_FRAME_LIMIT - SRIOVNIC_FRAME_OVERHEAD)

/* The --vdev argument for the wire */
int
emu_wire_devargs(const struct emu_opts *o, char *buf, size_t size)
{
	int n;

	switch (o->wire_kind) {
	case EMU_WIRE_TAP:
		n = snprintf(buf, size, EMU_TAP_NAME ",iface=%s", o->wire_arg);
		break;
	case EMU_WIRE_LOOPBACK:
		n = snprintf(buf, size, EMU_RING_NAME);
		break;
	default:
		n = snprintf(buf, size, "%s", o->wire_arg);
		break;
	}
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* The tap PMD silently shares an interface that exists already, with
 * another model say; refuse it instead.
 */
int
emu_wire_check(const struct emu_opts *o)
{
	if (o->wire_kind == EMU_WIRE_TAP && if_nametoindex(o->wire_arg) != 0) {
		EMU_LOG(ERR, "wire %s: the interface exists already", o->wire);
		return -EEXIST;
	}
	return 0;
}

static int
wire_port(const struct emu_opts *o, uint16_t *port)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	int ret;

	ret = emu_wire_devargs(o, name, sizeof(name));
	if (ret < 0)
		return ret;
	/* the device name is the devargs up to the first option */
	name[strcspn(name, ",")] = '\0';
	return rte_eth_dev_get_port_by_name(name, port);
}

/* The wire's ethdev would drop what it is not told it may send */
static void
wire_mtu(struct emu *emu)
{
	struct emu_wire *w = &emu->wire;
	int ret = rte_eth_dev_set_mtu(w->port, EMU_WIRE_MTU);

	/* a port without an MTU (net_ring) has no limit either */
	if (ret == 0 || ret == -ENOTSUP)
		return;
	if (emu->opts->wire_kind == EMU_WIRE_TAP) {
		/* DPDK 22.11's net_tap advertises 1522-byte frames, so ethdev
		 * refuses a larger MTU, yet it receives frames of any length
		 * and sends those of data->mtu + 22 bytes: let it send the
		 * card's. The kernel interface's MTU stays its user's.
		 */
		rte_eth_devices[w->port].data->mtu = EMU_WIRE_MTU;
		return;
	}
	EMU_LOG(WARNING, "wire %s: MTU %u refused (%s): longer frames may not reach it",
		emu->opts->wire, EMU_WIRE_MTU, rte_strerror(-ret));
}

int
emu_wire_init(struct emu *emu)
{
	struct emu_wire *w = &emu->wire;
	struct rte_eth_conf conf;
	uint16_t nb_rxd = EMU_WIRE_DESC, nb_txd = EMU_WIRE_DESC;
	int socket, ret;

	memset(w, 0, sizeof(*w));
	memset(&conf, 0, sizeof(conf));
	ret = wire_port(emu->opts, &w->port);
	if (ret < 0) {
		EMU_LOG(ERR, "wire %s: no such ethdev", emu->opts->wire);
		return ret;
	}
	socket = rte_eth_dev_socket_id(w->port);
	ret = rte_eth_dev_configure(w->port, 1, 1, &conf);
	if (ret == 0) {
		wire_mtu(emu);
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(w->port, &nb_rxd,
						       &nb_txd);
	}
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(w->port, 0, nb_rxd, socket, NULL,
					     emu->pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(w->port, 0, nb_txd, socket, NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(w->port);
	if (ret < 0) {
		EMU_LOG(ERR, "wire %s: cannot start: %s", emu->opts->wire,
			rte_strerror(-ret));
		rte_eth_dev_close(w->port);
		return ret;
	}
	w->started = true;
	/* the switch wants every frame; ports without filters have no knob */
	rte_eth_promiscuous_enable(w->port);
	rte_eth_allmulticast_enable(w->port);

	w->txb = rte_zmalloc_socket("emu_wire_txb",
				    RTE_ETH_TX_BUFFER_SIZE(EMU_BURST), 0,
				    socket);
	if (w->txb == NULL) {
		emu_wire_close(emu);
		return -ENOMEM;
	}
	rte_eth_tx_buffer_init(w->txb, EMU_BURST);
	rte_eth_tx_buffer_set_err_callback(w->txb,
					   rte_eth_tx_buffer_count_callback,
					   &w->tx_drops);
	return 0;
}

void
emu_wire_close(struct emu *emu)
{
	struct emu_wire *w = &emu->wire;

	if (!w->started)
		return;
	if (w->txb != NULL)
		rte_eth_tx_buffer_flush(w->port, 0, w->txb);
	rte_free(w->txb);
	w->txb = NULL;
	rte_eth_dev_stop(w->port);
	rte_eth_dev_close(w->port);
	w->started = false;
}

unsigned int
emu_wire_rx(struct emu *emu)
{
	struct emu_wire *w = &emu->wire;
	struct rte_mbuf *pkts[EMU_BURST];
	uint16_t nb, i;
	uint32_t len;

	nb = rte_eth_rx_burst(w->port, 0, pkts, EMU_BURST);
	/* nothing arrives from a wire whose link is down */
	if (!(emu->link_status & SRIOVNIC_LINK_UP)) {
		rte_pktmbuf_free_bulk(pkts, nb);
		return nb;
	}
	for (i = 0; i < nb; i++) {
		len = rte_pktmbuf_pkt_len(pkts[i]);
		/* the model's frames are single mbufs (emu_frame_data()): one
		 * has room for the largest
		 */
		if (len < RTE_ETHER_HDR_LEN || len > SRIOVNIC_MAX_FRAME_LIMIT ||
		    rte_pktmbuf_linearize(pkts[i]) < 0) {
			w->rx_errors++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		w->rx_pkts++;
		emu_switch_frame(emu, EMU_SRC_WIRE, pkts[i]);
	}
	return nb;
}

void
emu_wire_tx(struct emu *emu, struct rte_mbuf *m)
{
	struct emu_wire *w = &emu->wire;

	w->tx_pkts++;
	rte_eth_tx_buffer(w->port, 0, w->txb, m);
}

void
emu_wire_flush(struct emu *emu)
{
	rte_eth_tx_buffer_flush(emu->wire.port, 0, emu->wire.txb);
}
