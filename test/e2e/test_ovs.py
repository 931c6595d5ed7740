#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Open vSwitch with DPDK (Debian's openvswitch-switch-dpdk, on the same
DPDK as dpdk-testpmd) runs the driver: the PF as uplink and the VF
representors as ports of a netdev bridge doing NORMAL switching (plus the
uplink flows that keep OVS from delivering again what the card's own
switch delivered, see guard_flows). A VF's wire-bound frames take its
slow path (the started representor, datasheet 6.5) through OVS to the
uplink and the wire; frames from the wire reach the VF. Each test runs
its own ovsdb-server and ovs-vswitchd in a private directory, started and
stopped by PID."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ovs import (BRIDGE, N, OvsBench, flow_packets, no_driver_errors,  # noqa: E402
                 stats_delta, vf_link, vf_sender, vf_to_wire, wire_to_vf)
from sriovnic import expect, expect_eq, main, same_mac, test, wait_for  # noqa: E402

GROUP = '01:00:00:00:00:00/01:00:00:00:00:00'


def guard_flows(b, macs):
    """The card's switch delivers frames to a VF's MAC, broadcasts and
    multicasts itself, and the promiscuous PF (OVS makes every port
    promiscuous) receives a copy of them and of what the VFs send: OVS
    must not deliver those copies again. Frames from VF n reach OVS on
    its representor (slow path). macs: {n: VF n's MAC}."""
    b.ovs.ofctl('add-flow', BRIDGE, 'priority=15,in_port=pf,dl_dst=%s,actions=LOCAL' % GROUP)
    for n, mac in macs.items():
        b.ovs.ofctl('add-flow', BRIDGE, 'priority=20,in_port=pf,dl_dst=%s,actions=drop' % mac)
        b.ovs.ofctl('add-flow', BRIDGE, 'priority=20,in_port=pf,dl_src=%s,actions=drop' % mac)
        b.ovs.ofctl('add-flow', BRIDGE, 'priority=10,in_port=rep%d,actions=NORMAL' % n)


@test(timeout=240)
def ovs_switching():
    """VF0 sends N frames to the TAP's MAC: the card's switch sends them to
    VF0's representor (slow path), OVS (NORMAL) floods them to the uplink,
    the PF puts them on the wire: the TAP sees each once, and OVS counts N
    from rep0. Frames from the TAP to VF0's MAC, and broadcasts, reach VF0
    once. The port counters OVS reads from the driver show both
    directions."""
    with OvsBench() as b:
        vf0 = b.model.vf_mac(0)
        p = vf_sender(b)
        for port in b.ovs.ports():
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)
        guard_flows(b, {0: vf0})
        before = {port: b.ovs.port_stats(port) for port in b.ovs.ports()}
        vf_to_wire(b, p, vf0)
        expect_eq(flow_packets(b, 'priority=10,in_port=rep0'), N,
                  'frames OVS received on rep0 (flow in_port=rep0)')
        d = stats_delta(b, before)
        # a representor's counters are its VF's, as the switch counts them
        expect_eq((d['rep0']['tx'], d['rep0']['rx']), (N, 0), 'rep0 (tx, rx) packets')
        # the PF's counters include its representor queues (datasheet 6.5)
        expect(d['pf']['rx'] >= N and d['pf']['tx'] >= N,
               'pf counted (rx, tx) = (%d, %d), want at least %d each'
               % (d['pf']['rx'], d['pf']['tx'], N))

        before = {port: b.ovs.port_stats(port) for port in b.ovs.ports()}
        wire_to_vf(b, p, vf0)
        d = stats_delta(b, before)
        expect_eq((d['rep0']['tx'], d['rep0']['rx']), (0, N), 'rep0 (tx, rx) packets')
        expect_eq(flow_packets(b, 'priority=20,in_port=pf,dl_dst=%s' % vf0), N,
                  "the PF's copies of frames to VF0 dropped by OVS")
        wire_to_vf(b, p, 'ff:ff:ff:ff:ff:ff')
        no_driver_errors(b)


@test(timeout=300)
def ovs_config():
    """Configuration through OVS reaches the driver and breaks nothing:
    options:dpdk-vf-mac on rep0 gives VF0 its MAC (VF0's testpmd sees it,
    frames to it arrive); `ovs-ofctl mod-port br0 rep0 down/up` forces VF0's
    link down and lets it follow the port again; new ring sizes, an MTU
    on each port and more rx queues than a representor has reconfigure
    the ports; rep1 is deleted and added again. Traffic still flows both
    ways, ovs-vswitchd logs no error. A representor of a VF the card
    does not have is refused and changes nothing else."""
    new = '02:5e:aa:00:00:10'
    with OvsBench() as b:
        p = vf_sender(b)
        b.ovs.vsctl('set', 'interface', 'rep0', 'options:dpdk-vf-mac=' + new)
        wait_for(lambda: same_mac(p.port_info(0).get('MAC address'), new), 10, interval=0.5,
                 what='VF0 MAC %s after options:dpdk-vf-mac' % new)
        # testpmd reads the MAC its frames carry when the port starts
        p.cmd('port stop 0')
        p.cmd('port start 0')
        p.cmd('set promisc all off')

        b.ovs.ofctl('mod-port', BRIDGE, 'rep0', 'down')
        wait_for(lambda: vf_link(p) == 'down', 10, interval=0.5,
                 what='VF0 link down after mod-port rep0 down')
        b.ovs.ofctl('mod-port', BRIDGE, 'rep0', 'up')
        wait_for(lambda: vf_link(p) == 'up', 10, interval=0.5,
                 what='VF0 link up after mod-port rep0 up')

        b.ovs.vsctl('set', 'interface', 'rep0', 'options:n_rxq_desc=512',
                    'options:n_txq_desc=512', 'options:n_rxq=2', 'mtu_request=1400')
        b.ovs.vsctl('set', 'interface', 'pf', 'mtu_request=9000')
        b.ovs.vsctl('del-port', 'rep1')
        b.ovs.vsctl('add-port', BRIDGE, 'rep1', '--', 'set', 'interface', 'rep1', 'type=dpdk',
                    'options:dpdk-devargs=%s,representor=vf[1]' % b.model.pf)
        for port in b.ovs.ports():
            b.ovs.port_ok(port)
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)

        expect_eq(b.ovs.vsctl('get', 'interface', 'pf', 'mtu', wait=False), '9000',
                  'MTU of pf in OVS')
        guard_flows(b, {0: new})
        vf_to_wire(b, p, new)
        wire_to_vf(b, p, new)
        no_driver_errors(b)

        # a representor of a VF the card does not have: refused, the
        # other ports keep working
        b.ovs.vsctl('add-port', BRIDGE, 'rep5', '--', 'set', 'interface',
                    'rep5', 'type=dpdk', 'options:dpdk-devargs=%s,representor=vf[5]' % b.model.pf,
                    check=False)
        err = b.ovs.vsctl('get', 'interface', 'rep5', 'error', wait=False)
        expect('Error attaching' in err,
               'interface rep5 (VF 5 of 2): error %s' % err)
        expect(b.ovs.vswitchd.alive(), 'ovs-vswitchd exited')
        for port in b.ovs.ports():
            b.ovs.port_ok(port)
        vf_to_wire(b, p, new)


if __name__ == '__main__':
    sys.exit(main())
