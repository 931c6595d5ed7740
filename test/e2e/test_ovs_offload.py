#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""OVS full offload: the rules OVS-DPDK 3.1 creates for a megaflow between
representors and the uplink (lib/netdev-offload-dpdk.c: a transfer rule on
the port the frames arrive at, no port item, actions COUNT then PORT_ID,
OF_PUSH_VLAN with OF_SET_VLAN_PCP and OF_SET_VLAN_VID, OF_POP_VLAN, DROP)
go into the card's switch table: they match the frames of what their port
represents only (the wire for the PF port, VF n for its representor), and
rte_flow_query(COUNT) reads their frames and bytes. First with testpmd
creating exactly those rules, then with Debian's OVS (hw-offload=true)
creating them itself."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Bench, Sniffer, TestPmd, expect, expect_eq, from_mac,  # noqa: E402
                      main, raw_frames, send, tail, test, wait_for)

N = 32
SIZE = 100
ETH_FWD = 0x88b5        # frames the rules forward
ETH_DROP = 0x88b6       # frames the drop rule takes from VF0
VID, PCP = 100, 3
RULE_OK = re.compile(r'Flow rule #(\d+) created')


def rule(p, text):
    out = p.cmd(text)
    m = RULE_OK.search(out)
    expect(m, '%s: no rule created:\n%s' % (text, tail(out, 6)))
    return int(m.group(1))


def counts(p, port, n):
    """(hits, bytes) of rule n of port since it was created, from
    rte_flow_query(COUNT)."""
    out = p.cmd('flow query %d %d count' % (port, n))
    m = re.search(r'hits: (\d+).*?bytes: (\d+)', out, re.S)
    expect(m, 'flow query %d %d count:\n%s' % (port, n, tail(out, 6)))
    return int(m.group(1)), int(m.group(2))


def tagged(dst, src, n, vid):
    sc = __import__('sriovnic')._scapy()
    return [sc.Ether(dst=dst, src=src) / sc.Dot1Q(vlan=vid, type=ETH_FWD) / f.payload
            for f in raw_frames(dst, src, n, ETH_FWD, SIZE)]


@test(timeout=180)
def ovs_rule_shapes():
    """A PF testpmd with representors of VF0 (port 1) and VF1 (port 2)
    creates the rules OVS would: on port 0 (the uplink) wire frames tagged
    VID 100 to VF0 lose their tag and go to VF0; on port 1, VF0's frames to
    VF1 go to VF1, to the TAP get VID 100 PCP 3 pushed and go to the wire,
    and VF0's frames of another EtherType are dropped. VF0's testpmd
    (forward mode mac) sends back what it receives, to VF1 or to the TAP.
    The rules on port 1 do not take the wire's frames: wire frames to VF1
    reach it by its MAC without a hit on port 1's rule, wire frames of the
    dropped EtherType reach VF0. Every rule's hits and bytes are the
    frames it took."""
    with Bench(start_pf=False) as b:
        b.pf = TestPmd([b.model.pf + ',representor=vf[0-1]'], b.model.dir,
                       name='pf-testpmd', expect_ports=3).start()
        vf0, vf1, tap = b.model.vf_mac(0), b.model.vf_mac(1), b.tap_mac
        p = b.vf([0, 1], args=['--forward-mode=mac', '--port-topology=loop',
                               '--eth-peer=0,%s' % vf1, '--eth-peer=1,02:00:00:00:00:99'])
        p.cmd('set promisc all off')
        p.cmd('start')
        untag = rule(b.pf, 'flow create 0 transfer pattern eth dst is %s type is 0x8100 '
                           'has_vlan is 1 / vlan vid is %d inner_type is 0x%x / end '
                           'actions count / of_pop_vlan / port_id id 1 / end'
                           % (vf0, VID, ETH_FWD))
        to_vf1 = rule(b.pf, 'flow create 1 transfer pattern eth dst is %s type is 0x%x '
                            'has_vlan is 0 / end actions count / port_id id 2 / end'
                            % (vf1, ETH_FWD))
        to_wire = rule(b.pf, 'flow create 1 transfer pattern eth dst is %s type is 0x%x '
                             'has_vlan is 0 / end actions count / of_push_vlan ethertype 0x8100 '
                             '/ of_set_vlan_pcp vlan_pcp %d / of_set_vlan_vid vlan_vid %d '
                             '/ port_id id 0 / end' % (tap, ETH_FWD, PCP, VID))
        drop = rule(b.pf, 'flow create 1 transfer pattern eth type is 0x%x / end '
                          'actions count / drop / end' % ETH_DROP)
        wire_len = SIZE + 4     # with the tag

        # wire -(pop)-> VF0 -> VF1
        p.clear_stats()
        send(b.tap, tagged(vf0, tap, N, VID))
        expect_eq(p.wait_rx(1, N)['RX-packets'], N, 'VF1 RX-packets of what VF0 sent it')
        expect_eq(p.port_stats(0)['RX-packets'], N, 'VF0 RX-packets (untagged by the rule)')
        expect_eq(counts(b.pf, 0, untag), (N, N * wire_len), 'uplink rule (hits, bytes)')
        expect_eq(counts(b.pf, 1, to_vf1), (N, N * SIZE), 'VF0-to-VF1 rule (hits, bytes)')

        # wire -(pop)-> VF0 -(push)-> wire
        p.cmd('stop')   # testpmd changes a peer only when not forwarding
        p.cmd('set eth-peer 0 %s' % tap)
        p.cmd('start')
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, tagged(vf0, tap, N, VID))
            got = sn.wait(N, timeout=10)
        expect_eq(len(got), N, 'frames from VF0 on the wire')
        sc = __import__('sriovnic')._scapy()
        for f in got:
            expect(sc.Dot1Q in f and f[sc.Dot1Q].vlan == VID and f[sc.Dot1Q].prio == PCP,
                   'frame from VF0 on the wire without VID %d PCP %d: %r' % (VID, PCP, f))
        expect_eq(counts(b.pf, 1, to_wire), (N, N * SIZE), 'VF0-to-wire rule (hits, bytes)')

        # the representor's rules leave the wire's frames alone
        p.clear_stats()
        send(b.tap, raw_frames(vf1, tap, N, ETH_FWD, SIZE))
        expect_eq(p.wait_rx(1, N)['RX-packets'], N, 'VF1 RX-packets of wire frames to it')
        expect_eq(counts(b.pf, 1, to_vf1), (N, N * SIZE),
                  'VF0-to-VF1 rule (hits, bytes) after wire frames to VF1')
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, raw_frames(vf0, tap, N, ETH_DROP, SIZE))
            got = sn.wait(N, timeout=3)
        expect_eq(p.port_stats(0)['RX-packets'], N,
                  'VF0 RX-packets of wire frames of the EtherType it may not send')
        expect_eq(len(got), 0, 'frames VF0 sent of the dropped EtherType on the wire')
        expect_eq(counts(b.pf, 1, drop), (N, N * SIZE), 'drop rule (hits, bytes)')


if __name__ == '__main__':
    sys.exit(main())
