#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Open vSwitch with DPDK (Debian's openvswitch-switch-dpdk, on the same
DPDK as dpdk-testpmd) runs the driver: the PF as uplink and the VF
representors as ports of a netdev bridge doing NORMAL switching. With
representors the card's switch is in switchdev mode (datasheet 10.8):
what a VF sends reaches OVS on its representor, what the wire sends on
the uplink, and OVS alone delivers to the wire and to the VFs, so every
frame arrives once. A bridge with a VLAN per tenant keeps a VF from
seeing anything of another tenant's traffic. Each test runs its own
ovsdb-server and ovs-vswitchd (ovs.py), which leave nothing behind."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ovs import (BRIDGE, N, SIZE, OvsBench, no_driver_errors, stats_delta,  # noqa: E402
                 vf_link, vf_sender, vf_to_wire, wire_to_vf)
from sriovnic import (Sniffer, _scapy, expect, expect_eq, from_mac, main,  # noqa: E402
                      same_mac, send, test, udp_frames, wait_for)


# OVS reads a port's link every 5 s (and on its link state change event)
REP_DOWN_S = 10


def links_up(b):
    for port in b.ovs.ports():
        wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                 what='OVS link_state of %s up' % port)


def rx_count(p):
    return p.port_stats(0)['RX-packets']


def vf_to_vf(b, p, q, dst):
    """The VF of testpmd p sends N frames to dst, the MAC of q's VF: q's
    VF counts each once, none reaches the wire."""
    p.cmd('set eth-peer 0 %s' % dst)
    q.clear_stats()
    with Sniffer(b.tap, lambda f: same_mac(f.dst, dst)) as sn:
        p.cmd('start tx_first 2')
        st = q.wait_rx(0, N, timeout=15)
        leaked = sn.wait(1, timeout=0.5, settle=0)
    p.cmd('stop')
    expect_eq(st['RX-packets'], N, '%s RX-packets (frames from %s)' % (q.name, p.name))
    expect_eq(len(leaked), 0, 'frames to %s on the wire' % dst)


@test(timeout=240)
def ovs_switching():
    """switchdev mode with plain NORMAL: VF0 sends N frames to the TAP's
    MAC, they reach OVS on rep0 (the PF's counters include the
    representor queues) and the wire once. Frames from the TAP to VF0's
    MAC reach VF0 once (the card's switch does not deliver them as well)
    and VF1 not at all; once OVS has learned the TAP's MAC on the uplink,
    VF1 sees nothing of VF0's frames to it. VF0 to VF1's MAC: once to
    VF1, never on the wire; broadcasts from the wire: once to each VF."""
    with OvsBench() as b:
        vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
        p = vf_sender(b)
        q = vf_sender(b, 1)
        q.cmd('start')
        links_up(b)
        before = {port: b.ovs.port_stats(port) for port in b.ovs.ports()}
        vf_to_wire(b, p, vf0)
        d = stats_delta(b, before)
        # a representor's counters are its VF's, as the switch counts them
        expect_eq((d['rep0']['tx'], d['rep0']['rx']), (N, 0), 'rep0 (tx, rx) packets')
        # the PF's counters include its representor queues (datasheet 6.5)
        expect(d['pf']['rx'] >= N and d['pf']['tx'] >= N,
               'pf counted (rx, tx) = (%d, %d), want at least %d each'
               % (d['pf']['rx'], d['pf']['tx'], N))

        q.clear_stats()
        before = {port: b.ovs.port_stats(port) for port in b.ovs.ports()}
        wire_to_vf(b, p, vf0)
        d = stats_delta(b, before)
        expect_eq((d['rep0']['tx'], d['rep0']['rx']), (0, N), 'rep0 (tx, rx) packets')
        expect_eq(rx_count(q), 0, "VF1 RX-packets of the wire's frames to VF0")

        q.clear_stats()
        vf_to_wire(b, p, vf0)
        expect_eq(rx_count(q), 0, "VF1 RX-packets of VF0's frames to the wire")

        # VF1 speaks first, so that OVS knows where its MAC is
        q.cmd('stop')
        vf_to_wire(b, q, vf1)
        q.cmd('start')
        vf_to_vf(b, p, q, vf1)
        q.clear_stats()
        wire_to_vf(b, p, 'ff:ff:ff:ff:ff:ff')
        expect_eq(rx_count(q), N, 'VF1 RX-packets of the broadcasts from the wire')
        no_driver_errors(b)


def tagged(frames, vid):
    sc = _scapy()
    return [sc.Ether(dst=f.dst, src=f.src) / sc.Dot1Q(vlan=vid) / f.payload for f in frames]


def vlan_of(f):
    return f['Dot1Q'].vlan if f.haslayer('Dot1Q') else None


@test(timeout=240)
def ovs_tenant_vlans():
    """A VLAN per tenant: rep0 an access port of VLAN 100, rep1 of VLAN 200,
    the uplink a trunk. VF0's frames to an address OVS has not learned
    (flooded) reach the wire tagged 100, each once, and VF1 not at all,
    nor do VF0's broadcasts or its frames to VF1's MAC; frames from the
    wire tagged 100 to VF0 reach VF0 untagged, once, and VF1 not; the
    wire's broadcasts in VLAN 200 reach VF1 only."""
    with OvsBench(tags={0: 100, 1: 200}) as b:
        vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
        p = vf_sender(b)
        q = vf_sender(b, 1)
        q.cmd('start')
        links_up(b)
        for peer in (b.tap_mac, 'ff:ff:ff:ff:ff:ff', vf1):
            p.cmd('set eth-peer 0 %s' % peer)
            p.clear_stats()
            with Sniffer(b.tap, from_mac(vf0)) as sn:
                p.cmd('start tx_first 2')
                got = sn.wait(N, timeout=15)
            p.cmd('stop')
            expect_eq(p.port_stats(0)['TX-packets'], N, 'VF0 TX-packets to %s' % peer)
            expect_eq(len(got), N, 'frames from VF0 to %s on the wire' % peer)
            expect_eq(sorted(set(vlan_of(f) for f in got)), [100],
                      'VLANs of the frames from VF0 to %s on the wire' % peer)
            expect_eq(rx_count(q), 0, 'VF1 RX-packets of the frames from VF0 to %s' % peer)

        p.clear_stats()
        p.cmd('start')
        send(b.tap, tagged(udp_frames(vf0, b.tap_mac, N, size=SIZE), 100))
        st = p.wait_rx(0, N, timeout=15)
        p.cmd('stop')
        expect_eq(st['RX-packets'], N, 'VF0 RX-packets of the frames tagged 100 to it')
        expect_eq(rx_count(q), 0, 'VF1 RX-packets of the frames tagged 100 to VF0')

        p.clear_stats()
        send(b.tap, tagged(udp_frames('ff:ff:ff:ff:ff:ff', b.tap_mac, N, size=SIZE), 200))
        st = q.wait_rx(0, N, timeout=15)
        expect_eq(st['RX-packets'], N, 'VF1 RX-packets of the broadcasts in VLAN 200')
        expect_eq(rx_count(p), 0, 'VF0 RX-packets of the broadcasts in VLAN 200')
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



@test(timeout=300)
def ovs_vf_hotplug():
    """VF0 unplugged under its testpmd, by surprise and then in order:
    OVS's link_state of rep0 goes down within REP_DOWN_S while rep1
    stays up; `vf-add 0` brings rep0 up again, and a new testpmd on VF0
    sends to the wire and receives from it through OVS. ovs-vswitchd logs
    no error."""
    with OvsBench() as b:
        vf0 = b.model.vf_mac(0)
        vdir = os.path.join(b.model.dir, b.model.vf_bdf(0))
        p = vf_sender(b)
        links_up(b)
        for cmd in ('vf-remove 0', 'vf-remove 0 orderly'):
            t0 = time.monotonic()
            b.model.control(cmd)
            wait_for(lambda: b.ovs.link('rep0') == 'down', REP_DOWN_S, interval=0.2,
                     what='%s: OVS link_state of rep0 down' % cmd)
            print('%s: rep0 down after %.1f s' % (cmd, time.monotonic() - t0))
            expect_eq(b.ovs.link('rep1'), 'up', '%s: OVS link_state of rep1' % cmd)
            wait_for(lambda: not os.path.exists(vdir), 10, interval=0.1,
                     what='%s: %s removed' % (cmd, vdir))
            p.stop()
            b.pmds.remove(p)
            b.model.control('vf-add 0')
            wait_for(lambda: b.ovs.link('rep0') == 'up', REP_DOWN_S, interval=0.2,
                     what='%s: OVS link_state of rep0 up after vf-add 0' % cmd)
            p = vf_sender(b)
            vf_to_wire(b, p, vf0)
            wire_to_vf(b, p, vf0)
        no_driver_errors(b)


if __name__ == '__main__':
    sys.exit(main())
