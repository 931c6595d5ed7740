#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Several cards on one wire: model instances with distinct PCI addresses and
MAC ranges, their TAPs ports of one Linux bridge (the segment); VNFs on
different cards talk across it, one DPDK process drives functions of several
cards, and 64 VFs per card probe and pass traffic."""

import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Error, Model, Sniffer, TestPmd, expect, expect_eq, main,  # noqa: E402
                      send, test, udp_frames)
from wire import Bridge  # noqa: E402

N = 16
# card A is the framework's default; B the next bus, its own MAC range
CARDS = (('0000:5e:00.0', '02:5e:00:00:01:00'), ('0000:5f:00.0', '02:5f:00:00:01:00'))
# Debian's DPDK is built with RTE_MAX_ETHPORTS=32: no process takes more
MAX_PORTS = 32
# lean ports: 64 descriptors a queue, a small pool (room for the rx rings
# of 32 ports), 64 MB: the machine's hugepages are shared
LEAN = ['--rxd=64', '--txd=64', '--mbcache=16', '--total-num-mbufs=4096']
MEM = 64


class Cards:
    """Cards (models) on one segment and a PF testpmd per card; other
    testpmds through pmd(). Stops everything, the last started first."""

    def __init__(self, vfs=2, n=2, pf_pmd=True):
        self.models = [Model(vfs=vfs, pf=pf, mac=mac) for pf, mac in CARDS[:n]]
        self.pf_pmd = pf_pmd
        self.pmds = []
        self.seg = Bridge()
        self.dirs = []

    def __enter__(self):
        try:
            self.seg.__enter__()
            for m in self.models:
                m.start()
                self.seg.join(m.tap)
            if self.pf_pmd:
                for i, m in enumerate(self.models):
                    self.pmd([m.pf], m.dir, name='pf%d-testpmd' % i)
        except BaseException:
            self.stop()
            raise
        return self

    def pmd(self, addrs, sysfs, args=(), name='vf-testpmd', **kw):
        kw.setdefault('expect_ports', len(addrs))
        kw.setdefault('mem', MEM)
        p = TestPmd(addrs, sysfs, args=LEAN + list(args), name=name, **kw)
        self.pmds.append(p)
        return p.start()

    def logs(self):
        parts = ['    %s (pid %s) output:\n%s' % (p.name, p.pid, p.output[-2000:])
                 for p in self.pmds]
        parts += ['    model %s output:\n%s' % (m.pf, m.output[-2000:]) for m in self.models]
        return '\n'.join(parts)

    def stop(self):
        errs = []
        # VFs before their PFs, PFs before their cards
        for x in list(reversed(self.pmds)) + self.models:
            try:
                x.stop()
            except Exception as e:
                errs.append(e)
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs = []
        self.seg.__exit__()
        if errs:
            raise errs[0]

    def combined_sysfs(self):
        """One directory for SYSFS_PCI_DEVICES holding every card's
        functions: a symbolic link per function, as /sys/bus/pci/devices
        holds them."""
        d = tempfile.mkdtemp(prefix='sriovnic-cards-', dir='/tmp')
        self.dirs.append(d)
        for m in self.models:
            # the functions only, not the card's own entries (its control
            # socket, its state)
            for name in os.listdir(m.dir):
                if re.fullmatch(r'[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]', name):
                    os.symlink(os.path.join(m.dir, name), os.path.join(d, name))
        return d

    def __exit__(self, et, ev, tb):
        try:
            self.stop()
        finally:
            if isinstance(ev, Error):
                ev.args = ('%s\n%s' % (ev, self.logs()),)
        if ev is not None:
            return
        faults = {(m.pf, f): v['dma_faults'] for m in self.models
                  for f, v in m.counters().items() if v.get('dma_faults')}
        expect(not faults, 'DMA faults counted by the models: %r' % faults)


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
    with Cards() as c:
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
    with Cards(pf_pmd=False) as c:
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
    with Cards(vfs=vfs) as c:
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
