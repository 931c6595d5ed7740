#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""VF-to-VF and VF-to-wire forwarding through Debian's OVS-DPDK with
hardware offload off, then on, in one run (OVS enables hw-offload at run
time but cannot disable it, hence that order).

The card's switch is in switchdev mode (OVS adds the representors of VF0
and VF1): br0 holds the PF as uplink `pf` and the representors `rep0` and
`rep1`, with two OpenFlow rules, in_port=rep0,dl_dst=<VF1> -> rep1 and
in_port=rep0,dl_dst=<a wire host> -> pf. VF0's testpmd sends IPv4/UDP
frames of a fixed size (txonly, its own MAC as source) to VF1's MAC or to
the wire host's. Per case, over a window of a few seconds:

- the rate at the receiver: VF1's RX-packets + RX-missed (the card's
  counters of frames delivered to VF1; VF1's testpmd does not poll, so
  that it takes no CPU: the frames the card delivers past its full ring
  are counted as missed), or the TAP's rx_packets (frames the card put on
  the wire);
- the rate VF0 sent (its TX-packets);
- OVS's PMD thread: packets it received and processing cycles per packet
  (dpif-netdev/pmd-stats-show, cleared at the window's start);
- the datapath flows offloaded fully (dpctl/dump-flows type=offloaded).

Prints figures, checks nothing. Usage: bench_ovs.py [--seconds 3]
[--size 64]."""

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'e2e'))
import sriovnic  # noqa: E402
from ovs import BRIDGE, OvsBench  # noqa: E402
from sriovnic import wait_for  # noqa: E402
from test_ovs_offload import appctl  # noqa: E402

WIRE_HOST = '02:00:00:00:00:77'     # a host on the wire, not the TAP's own MAC
# CPU placement: the model runs on CPU 0 (its one lcore); Ovs pins
# ovs-vswitchd's main thread to CPU 0 (dpdk-lcore-mask 0x1) and its PMD
# thread to CPU 1 (pmd-cpu-mask 0x2); VF0's txonly lcore goes to the CPU
# --sender-cpu names, testpmd's main lcore (idle at its prompt) to the other


def pmd_stats(b):
    """(packets received, processing cycles) of OVS's PMD threads."""
    out = appctl(b, 'dpif-netdev/pmd-stats-show')
    rx = sum(int(x) for x in re.findall(r'packets received: (\d+)', out))
    cyc = sum(int(x) for x in re.findall(r'processing cycles: (\d+)', out))
    return rx, cyc


def offloaded(b):
    """The datapath flows offloaded fully (the card's switch forwards
    their frames), as dpctl/dump-flows prints them."""
    out = appctl(b, 'dpctl/dump-flows', '-m', 'netdev@ovs-netdev', 'type=offloaded')
    return [l for l in out.splitlines() if 'dp:dpdk' in l]


def tap_rx(tap):
    with open('/sys/class/net/%s/statistics/rx_packets' % tap) as f:
        return int(f.read())


def measure(b, tx, rx, dst, to_wire, seconds, offload):
    """VF0 sends to dst for `seconds` (after a warm-up that lets OVS make,
    and with offload on, offload the megaflow); returns the figures."""
    tx.cmd('stop')
    tx.cmd('set eth-peer 0 %s' % dst)
    tx.cmd('start')

    def received():
        if to_wire:
            return tap_rx(b.tap)
        st = rx.port_stats(0)
        return st['RX-packets'] + st['RX-missed']
    if offload:
        try:
            wait_for(lambda: any('dst=%s' % dst in f for f in offloaded(b)), 15,
                     interval=0.5, what='the flow to %s offloaded' % dst)
        except sriovnic.WaitTimeout:
            pass    # the figures show it: PMD packets and no offloaded flow
    else:
        time.sleep(1)
    appctl(b, 'dpif-netdev/pmd-stats-clear')
    p0 = time.monotonic()
    sent0, got0, t0 = tx.port_stats(0)['TX-packets'], received(), time.monotonic()
    time.sleep(seconds)
    sent1, got1, t1 = tx.port_stats(0)['TX-packets'], received(), time.monotonic()
    pmd_rx, pmd_cyc = pmd_stats(b)
    p1 = time.monotonic()
    n_off = len(offloaded(b))
    tx.cmd('stop')
    dt = t1 - t0
    return {'sent': (sent1 - sent0) / dt / 1e6, 'got': (got1 - got0) / dt / 1e6,
            'pmd_pps': pmd_rx / (p1 - p0) / 1e6,
            'cpp': pmd_cyc / pmd_rx if pmd_rx else None, 'offloaded': n_off}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seconds', type=float, default=3, help='measuring window per case')
    ap.add_argument('--size', type=int, default=64, help='frame size in bytes (no FCS)')
    ap.add_argument('--sender-cpu', type=int, choices=(0, 1), default=0,
                    help="CPU of VF0's txonly lcore: 0 shares it with the model, "
                    "1 with OVS's PMD thread")
    a = ap.parse_args()
    print('memory: %s; %d-byte IPv4/UDP frames, %.0f s per case'
          % ('2 MB hugepages' if sriovnic.HUGE else '4 KB pages (--no-huge)', a.size, a.seconds))
    print('CPU 0: device model, ovs-vswitchd main thread%s; CPU 1: OVS PMD thread%s; '
          'testpmd main threads idle at their prompts; both CPUs shared with whatever '
          'else runs on the machine' % ((", VF0's txonly lcore", '') if a.sender_cpu == 0
                                        else ('', ", VF0's txonly lcore")))
    rows = []
    with OvsBench() as b:
        vf1 = b.model.vf_mac(1)
        # VF1 receives without polling (see the docstring); its lcore 1 idles
        rx = b.vf([1], name='vf1-testpmd', args=['--rxd=512'])
        rx.cmd('set promisc all off')
        tx = b.vf([0], name='vf0-testpmd', lcores='0-1', main_lcore=1 - a.sender_cpu,
                  args=['--forward-mode=txonly', '--txpkts=%d' % a.size, '--burst=32',
                        '--txd=512', '--eth-peer=0,%s' % vf1])
        tx.cmd('set promisc all off')
        for port in b.ovs.ports():
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)
        b.ovs.ofctl('del-flows', BRIDGE)
        b.ovs.ofctl('add-flow', BRIDGE, 'in_port=rep0,dl_dst=%s,actions=output:rep1' % vf1)
        b.ovs.ofctl('add-flow', BRIDGE, 'in_port=rep0,dl_dst=%s,actions=output:pf' % WIRE_HOST)
        for offload in (False, True):
            if offload:
                b.ovs.vsctl('set', 'Open_vSwitch', '.', 'other_config:hw-offload=true')
                appctl(b, 'revalidator/purge')
            for case, dst, to_wire in (('VF0 -> VF1', vf1, False),
                                       ('VF0 -> wire', WIRE_HOST, True)):
                r = measure(b, tx, rx, dst, to_wire, a.seconds, offload)
                rows.append((case, 'on' if offload else 'off', r))
                print('  %s, offload %s: done' % (case, 'on' if offload else 'off'))
                sys.stdout.flush()
    print('%-12s %-8s %10s %10s %10s %14s %10s' % (
        'case', 'offload', 'sent Mpps', 'recv Mpps', 'PMD Mpps', 'PMD cyc/pkt', 'offloaded'))
    for case, off, r in rows:
        print('%-12s %-8s %10.3f %10.3f %10.3f %14s %10d' % (
            case, off, r['sent'], r['got'], r['pmd_pps'],
            '%.0f' % r['cpp'] if r['cpp'] is not None else '-', r['offloaded']))


if __name__ == '__main__':
    main()
