#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Several cards on one wire: model instances with distinct PCI addresses and
MAC ranges, their TAPs ports of one Linux bridge (the segment); VNFs on
different cards talk across it, one DPDK process drives functions of several
cards, and 64 VFs per card probe and pass traffic."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import Sniffer, expect, expect_eq, main, send, test, udp_frames  # noqa: E402
from wire import Cards  # noqa: E402

N = 16
# card A is the framework's default; B the next bus, its own MAC range
CARDS = (('0000:5e:00.0', '02:5e:00:00:01:00'), ('0000:5f:00.0', '02:5f:00:00:01:00'))
# Debian's DPDK is built with RTE_MAX_ETHPORTS=32: no process takes more
MAX_PORTS = 32


def rx_pmd(cards, addrs, sysfs, fwd='rxonly', args=(), **kw):
    p = cards.pmd(addrs, sysfs, args=['--forward-mode=' + fwd] + list(args), **kw)
    p.cmd('set promisc all off')
    p.cmd('start')
    return p


@test()
def vnf_to_vnf_across_cards():
    """A VNF on card A's VF0 (mac forwarding to card B's VF0) sends every
    frame it gets across the bridge to a VNF on card B's VF0, which counts
    them all; nothing else reaches it."""
    with Cards(CARDS) as c:
        a, b = c.models
        pb = rx_pmd(c, [b.vf_bdf(0)], b.dir, name='b-vf0-testpmd')
        pa = rx_pmd(c, [a.vf_bdf(0)], a.dir, fwd='mac',
                    args=['--eth-peer=0,%s' % b.vf_mac(0)], name='a-vf0-testpmd')
        pb.clear_stats()
        send(a.tap, udp_frames(a.vf_mac(0), a.tap_mac, N))
        st = pb.wait_rx(0, N)
        expect_eq(st['RX-packets'], N, 'card B VF0 RX-packets')
        expect_eq(pa.port_stats(0)['TX-packets'], N, 'card A VF0 TX-packets')
    ca, cb = a.counters(), b.counters()
    expect(ca['wire']['tx_pkts'] >= N, 'card A wire tx_pkts %r' % ca['wire'])
    expect_eq(cb['vf0']['rx_pkts'], N, 'card B model: VF0 rx_pkts')


@test()
def one_process_two_cards():
    """One SYSFS_PCI_DEVICES directory of links to both cards' functions:
    one testpmd drives both PFs, another VF0 of each card; frames sent on
    each card's wire reach that card's VF0 only."""
    with Cards(CARDS, pf_pmd=False) as c:
        a, b = c.models
        both = c.combined_sysfs()
        c.pmd([a.pf, b.pf], both, name='pfs-testpmd')
        p = rx_pmd(c, [a.vf_bdf(0), b.vf_bdf(0)], both)
        p.clear_stats()
        send(a.tap, udp_frames(a.vf_mac(0), a.tap_mac, N))
        send(b.tap, udp_frames(b.vf_mac(0), b.tap_mac, 2 * N))
        expect_eq(p.wait_rx(0, N)['RX-packets'], N, 'port 0 (card A VF0) RX-packets')
        expect_eq(p.wait_rx(1, 2 * N)['RX-packets'], 2 * N,
                  'port 1 (card B VF0) RX-packets')


@test(timeout=300)
def many_vfs_two_cards():
    """Two cards of 64 VFs each, a PF testpmd per card; each card's VFs in
    two testpmds of 32 ports (RTE_MAX_ETHPORTS); every VF swaps and sends
    back the frame sent to it, seen on its card's wire."""
    vfs = 64
    with Cards(CARDS, vfs=vfs) as c:
        for i, m in enumerate(c.models):
            for lo in range(0, vfs, MAX_PORTS):
                addrs = [m.vf_bdf(n) for n in range(lo, lo + MAX_PORTS)]
                rx_pmd(c, addrs, m.dir, fwd='macswap', start_timeout=120,
                       name='card%d-vf%d-%d' % (i, lo, lo + MAX_PORTS - 1))
        for m in c.models:
            macs = {m.vf_mac(n) for n in range(vfs)}
            with Sniffer(m.tap, lambda f, macs=macs: f.src in macs) as sn:
                send(m.tap, [f for n in range(vfs)
                             for f in udp_frames(m.vf_mac(n), m.tap_mac, 1)])
                got = {f.src for f in sn.wait(vfs, timeout=20)}
            expect_eq(sorted(macs - got), [], 'card %s: VFs that sent nothing back' % m.pf)


if __name__ == '__main__':
    sys.exit(main())
