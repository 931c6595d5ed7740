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
from ovs import BRIDGE, OvsBench, appctl, no_driver_errors, pmd_received  # noqa: E402
from sriovnic import (Bench, Sniffer, TestPmd, WaitTimeout, expect, expect_eq,  # noqa: E402
                      from_mac, log, main, raw_frames, rule, _scapy, send, tail, test,
                      udp_frames, wait_for)

N = 32
SIZE = 100
ETH_FWD = 0x88b5        # frames the rules forward
ETH_DROP = 0x88b6       # frames the drop rule takes from VF0
VID, PCP = 100, 3
OTHER = '02:00:00:00:00:77'     # a host on the wire


def counts(p, port, n):
    """(hits, bytes) of rule n of port since it was created, from
    rte_flow_query(COUNT)."""
    out = p.cmd('flow query %d %d count' % (port, n))
    m = re.search(r'hits: (\d+).*?bytes: (\d+)', out, re.S)
    expect(m, 'flow query %d %d count:\n%s' % (port, n, tail(out, 6)))
    return int(m.group(1)), int(m.group(2))


def tagged(dst, src, n, vid):
    sc = _scapy()
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
    go to the PF (switchdev mode: no rule claims them) without a hit on
    port 1's rule. Every rule's hits and bytes are the frames it took."""
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
        sc = _scapy()
        for f in got:
            expect(sc.Dot1Q in f and f[sc.Dot1Q].vlan == VID and f[sc.Dot1Q].prio == PCP,
                   'frame from VF0 on the wire without VID %d PCP %d: %r' % (VID, PCP, f))
        expect_eq(counts(b.pf, 1, to_wire), (N, N * SIZE), 'VF0-to-wire rule (hits, bytes)')

        # the representor's rules leave the wire's frames alone: in
        # switchdev mode the PF receives what no rule claims
        p.clear_stats()
        b.pf.clear_stats()
        send(b.tap, raw_frames(vf1, tap, N, ETH_FWD, SIZE))
        expect_eq(b.pf.wait_rx(0, N)['RX-packets'], N, 'PF RX-packets of wire frames to VF1')
        expect_eq(p.port_stats(1)['RX-packets'], 0, 'VF1 RX-packets of wire frames to it')
        expect_eq(counts(b.pf, 1, to_vf1), (N, N * SIZE),
                  'VF0-to-VF1 rule (hits, bytes) after wire frames to VF1')
        # VF0's frames of ETH_DROP, and only VF0's, are dropped
        rule(b.pf, 'flow create 0 transfer pattern eth dst is %s type is 0x%x has_vlan is 0 '
                   '/ end actions count / port_id id 1 / end' % (vf0, ETH_DROP))
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, raw_frames(vf0, tap, N, ETH_DROP, SIZE))
            p.wait_rx(0, N)
            got = sn.wait(N, timeout=3)
        expect_eq(len(got), 0, 'frames VF0 sent of the dropped EtherType on the wire')
        expect_eq(counts(b.pf, 1, drop), (N, N * SIZE), 'drop rule (hits, bytes)')


def flow_stats(b):
    """{match: (n_packets, n_bytes)} of br0's OpenFlow rules."""
    out = b.ovs.ofctl('--names', 'dump-flows', BRIDGE)
    return {m.group(3): (int(m.group(1)), int(m.group(2))) for m in re.finditer(
        r'n_packets=(\d+), n_bytes=(\d+),.*? (in_port=\S+) actions=', out)}


def settled(b):
    """flow_stats() once two reads a revalidation apart agree: OVS adds
    the card's counters to its flows' when it revalidates them (every
    500 ms), and the frames of the last step are through."""
    last = [None]

    def same():
        now, last[0] = last[0], flow_stats(b)
        return now == last[0]
    wait_for(same, 10, interval=1.0, what='OpenFlow rule counters settled')
    return last[0]


def offloaded(b):
    """The datapath flows OVS offloaded fully (dp:dpdk: the card's switch
    forwards their frames), each as 'in_port(<port>),dst=<MAC>,eth_type(..)'."""
    out = appctl(b, 'dpctl/dump-flows', '-m', 'netdev@ovs-netdev', 'type=offloaded')
    return ['%s,dst=%s,%s' % m.groups() for m in re.finditer(
        r'(in_port\([^)]*\)).*?eth\([^)]*dst=([0-9a-f:]+)\),(eth_type\(0x[0-9a-f]+\))'
        r'.*dp:dpdk', out)]


def frames(dst, src, n, ipv4):
    """n frames of SIZE bytes: IPv4/UDP (OVS matches them with ipv4
    frag=no) or of EtherType ETH_FWD."""
    return udp_frames(dst, src, n, size=SIZE) if ipv4 else raw_frames(dst, src, n, ETH_FWD, SIZE)


def ovs_pass(b, p, flows, offload, ipv4=False):
    """Frames from the TAP to VF0, which sends them on to VF1, which sends
    them back to the TAP (testpmd forward mode mac), and wire frames to
    the TAP's MAC; returns what OVS's PMD threads received meanwhile and checks that each OpenFlow rule counted the frames it
    saw, with their bytes: the frames injected to VF0 for the uplink's,
    what VF n sent for rep n's. Wire frames to the TAP's own MAC, the
    destination of VF1's frames: no rule of a representor may take them,
    OVS drops them (table miss) on the uplink."""
    vf0, vf1, tap = b.model.vf_mac(0), b.model.vf_mac(1), b.tap_mac

    def burst(n):
        return frames(vf0, tap, n, ipv4) + frames(tap, OTHER, n, ipv4)
    if offload:
        # frames make the megaflows, which OVS then offloads
        et = 'eth_type(0x%04x)' % (0x0800 if ipv4 else ETH_FWD)
        mega = {'in_port(pf),dst=%s,%s' % (vf0, et), 'in_port(rep0),dst=%s,%s' % (vf1, et),
                'in_port(rep1),dst=%s,%s' % (tap, et), 'in_port(pf),dst=%s,%s' % (tap, et)}

        def warm():
            send(b.tap, burst(2))
            return mega <= set(offloaded(b))
        wait_for(warm, 20, interval=0.5, what='offloaded flows %s' % sorted(mega))
    before = settled(b)
    p.clear_stats()
    appctl(b, 'dpif-netdev/pmd-stats-clear')
    with Sniffer(b.tap, from_mac(vf1)) as sn:
        send(b.tap, burst(N))
        p.wait_rx(1, N, timeout=15)
        got = sn.wait(N, timeout=10)
    received = pmd_received(b)
    st = [p.port_stats(0), p.port_stats(1)]
    expect_eq([s['TX-packets'] for s in st], [N, N], '(VF0, VF1) TX-packets')
    expect_eq(len(got), N, 'frames from VF1 on the wire')
    # OVS asks the uplink to keep the CRC (not on VFs): it counts 4 more
    # bytes per frame than the card's counters, which exclude the FCS
    fcs = 0 if offload else 4
    want = {flows[0]: (N, N * (SIZE + fcs)),
            flows[1]: (N, st[0]['TX-bytes']), flows[2]: (N, st[1]['TX-bytes'])}

    def counted():
        now = flow_stats(b)
        return {f: (now[f][0] - before[f][0], now[f][1] - before[f][1]) for f in flows}
    # OVS reads the card's counters when it revalidates its flows
    try:
        wait_for(lambda: counted() == want, 10, interval=0.5, what='OpenFlow rule counters')
    except WaitTimeout:
        pass    # the comparison below names the difference
    expect_eq(counted(), want, 'OpenFlow rules (n_packets, n_bytes) with offload %s, %s'
              % ('on' if offload else 'off', 'IPv4' if ipv4 else 'EtherType 0x%x' % ETH_FWD))
    return received


@test(timeout=300)
def ovs_full_offload():
    """Switchdev mode: OVS forwards frames from the wire to VF0
    (in_port=pf), VF0's to VF1 (in_port=rep0) and VF1's to the wire
    (in_port=rep1) by OpenFlow rules, first with hw-offload off, then on
    (the same OVS). Each rule's n_packets and n_bytes are the frames it
    forwarded either way. With offload on, the three megaflows are
    offloaded fully (dpctl/dump-flows type=offloaded, dp:dpdk), and so is
    the uplink's table-miss drop, for frames of a local EtherType, then
    for IPv4 (ipv4 frag=no): the card's switch forwards the frames,
    OVS's PMD threads receive none of them (pmd-stats-show), and the
    counters OVS shows come from rte_flow_query(COUNT)."""
    with OvsBench() as b:
        vf0, vf1, tap = b.model.vf_mac(0), b.model.vf_mac(1), b.tap_mac
        p = b.vf([0, 1], args=['--forward-mode=mac', '--port-topology=loop',
                               '--eth-peer=0,%s' % vf1, '--eth-peer=1,%s' % tap])
        p.cmd('set promisc all off')
        p.cmd('start')
        for port in b.ovs.ports():
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)
        out = {'in_port=pf,dl_dst=%s' % vf0: 'rep0', 'in_port=rep0,dl_dst=%s' % vf1: 'rep1',
               'in_port=rep1,dl_dst=%s' % tap: 'pf'}
        flows = list(out)
        b.ovs.ofctl('del-flows', BRIDGE)
        for f in flows:
            b.ovs.ofctl('add-flow', BRIDGE, '%s,actions=output:%s' % (f, out[f]))

        received = ovs_pass(b, p, flows, False)
        expect(received >= 3 * N, 'OVS PMD received %d frames without offload, want at least %d'
               % (received, 3 * N))
        b.ovs.vsctl('set', 'Open_vSwitch', '.', 'other_config:hw-offload=true')
        # the megaflows again, now through the offload provider
        appctl(b, 'revalidator/purge')
        for ipv4 in (False, True):
            received = ovs_pass(b, p, flows, True, ipv4)
            expect_eq(received, 0, 'frames OVS PMD threads received with the flows offloaded')
        log('offloaded flows: %s' % offloaded(b))
        no_driver_errors(b)


if __name__ == '__main__':
    sys.exit(main())
