#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""VF administration, observed from outside: the PF's representor ports and
devargs set a VF's MAC, VLANs, link and policy; the VF testpmd, frames on
the wire (a TAP, scapy) and the PF's per-VF xstats show the effect. Also
what a VF cannot do (untrusted promiscuous mode, spoofing, flooding or
garbling the mailbox) and how VFs live through a PF restart or their own
death. Datasheet sections 3.5, 3.6, 4, 6.5, 9.3, 10 and 11."""

import mmap
import os
import re
import signal
import struct
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from admin import AdminBench  # noqa: E402
from sriovnic import (Error, Sniffer, TestPmd, expect, expect_eq, from_mac, link_set,  # noqa: E402
                      main, parse_dumps, payload, rx_count, rx_none, rx_pmd, same_mac,
                      _scapy, send, tagged, tail, test, udp_frames, wait_for)

N = 16
SIZE = 128
REP = 1                             # VF0's representor: port 1 of the PF testpmd
UNKNOWN = '02:5e:ee:00:00:01'       # a unicast MAC no function owns
LSC_EVENT = 'Port 0: link state change event'
RESET_EVENT = 'Port 0: reset event'
SETTLE = 0.5                        # the switch applies a table edit at its next poll


class WireSniffer(Sniffer):
    """Captures only what arrives on the TAP from the card (the wire as the
    card transmits it), not the frames the test itself sends there."""

    def start(self):
        sc = _scapy()
        started = threading.Event()
        # an L2socket (unlike sniff's listen socket) drops outgoing frames
        self._sock = sc.conf.L2socket(iface=self.iface)
        self._sn = sc.AsyncSniffer(opened_socket=self._sock, store=False,
                                   prn=self.packets.append, lfilter=self._filter,
                                   started_callback=started.set)
        self._sn.start()
        if not started.wait(10):
            raise Error('sniffer on %s did not start' % self.iface)
        time.sleep(0.1)
        return self

    def stop(self):
        pkts = super().stop()
        sock, self._sock = getattr(self, '_sock', None), None
        if sock is not None:
            sock.close()
        return pkts


def vlan_of(f):
    return f['Dot1Q'].vlan if f.haslayer('Dot1Q') else None


def no_error(out, what):
    expect(not re.search(r'rror|failed|Invalid|not permitted|Bad arguments', out),
           '%s:\n%s' % (what, out))
    return out


def link(pmd, port=0):
    return pmd.port_info(port).get('Link status')


def representor_started(b):
    """The PF testpmd started the representor port along with the PF's."""
    out = b.pf.output
    expect('Fail to configure port %d' % REP not in out and 'Start ports failed' not in out,
           'PF testpmd could not start representor port %d:\n%s' % (REP, tail(out, 8)))


@test()
def admin_mac():
    """`mac_addr set <rep> <mac>` on the PF: VF0's testpmd shows the new
    MAC (learned by mailbox event, its port info), frames to the new MAC
    reach VF0 and to the old one not; VF0 may no longer change its MAC."""
    new = '02:5e:aa:00:00:10'
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        old = b.model.vf_mac(0)
        p = rx_pmd(b, [0])
        no_error(b.pf.cmd('mac_addr set %d %s' % (REP, new)), 'mac_addr set on the representor')
        wait_for(lambda: same_mac(p.port_info(0).get('MAC address'), new), 10, interval=0.5,
                 what="VF0 testpmd's port info showing MAC %s" % new)
        info = b.pf.port_info(REP)
        expect(same_mac(info.get('MAC address'), new),
               'representor MAC %r, want %s' % (info.get('MAC address'), new))
        time.sleep(SETTLE)
        expect_eq(rx_count(b, p, 0, new), N, 'VF0 RX-packets (new MAC)')
        rx_none(b, p, 0, udp_frames(old, b.tap_mac, N, size=SIZE), 'VF0 RX-packets (old MAC)')
        out = p.cmd('mac_addr set 0 02:5e:bb:00:00:20')
        expect('Operation not permitted' in out,
               "VF0's own mac_addr set was not refused with EPERM:\n" + out)
        expect(same_mac(p.port_info(0).get('MAC address'), new), 'VF0 MAC after refused change')
        expect_eq(rx_count(b, p, 0, new), N, 'VF0 RX-packets (new MAC, after refused change)')


def filters_vlans(b, pmd, port, p, what):
    """With `vlan set filter on <port>` and `rx_vlan add 10 <port>` given to
    pmd (VF0's testpmd or the PF's, port VF0's or its representor), VF0's
    testpmd p receives frames tagged VLAN 10, not VLAN 20, and untagged
    ones. After `rx_vlan rm 10 <port>` the list is empty: untagged and
    priority-tagged frames only. After `vlan set filter off <port>`, every
    VLAN."""
    vf0 = b.model.vf_mac(0)
    frames = udp_frames(vf0, b.tap_mac, N, size=SIZE)
    no_error(pmd.cmd('rx_vlan add 10 %d' % port), what + ' rx_vlan add 10')
    time.sleep(SETTLE)
    expect_eq(rx_count(b, p, 0, vf0, frames=tagged(frames, 10)), N,
              'VF0 RX-packets (VLAN 10)')
    rx_none(b, p, 0, tagged(frames, 20), 'VF0 RX-packets (VLAN 20)')
    expect_eq(rx_count(b, p, 0, vf0, frames=frames), N, 'VF0 RX-packets (untagged)')
    no_error(pmd.cmd('rx_vlan rm 10 %d' % port), what + ' rx_vlan rm 10')
    time.sleep(SETTLE)
    rx_none(b, p, 0, tagged(frames, 10), 'VF0 RX-packets (VLAN 10, list empty)')
    expect_eq(rx_count(b, p, 0, vf0, frames=frames), N,
              'VF0 RX-packets (untagged, list empty)')
    expect_eq(rx_count(b, p, 0, vf0, frames=tagged(frames, 0)), N,
              'VF0 RX-packets (priority-tagged, list empty)')
    no_error(pmd.cmd('vlan set filter off %d' % port), what + ' vlan set filter off')
    time.sleep(SETTLE)
    expect_eq(rx_count(b, p, 0, vf0, frames=tagged(frames, 20)), N,
              'VF0 RX-packets (VLAN 20, filter off)')


@test()
def vlan_filter():
    """VF0 `vlan set filter on 0`, `rx_vlan add 10 0`: frames tagged VLAN 10
    arrive, VLAN 20 do not, untagged still arrive; the list emptied again
    admits untagged and priority-tagged frames only (filters_vlans)."""
    with AdminBench() as b:
        p = rx_pmd(b, [0])
        no_error(p.cmd('vlan set filter on 0'), 'vlan set filter on 0')
        filters_vlans(b, p, 0, p, 'VF0')


@test()
def representor_vlan_filter():
    """The administrator filters VF0's VLANs through its representor:
    `vlan set filter on <rep>`, `rx_vlan add 10 <rep>` on the PF testpmd
    act on VF0 as its own commands would (filters_vlans)."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        p = rx_pmd(b, [0])
        no_error(b.pf.cmd('vlan set filter on %d' % REP), 'vlan set filter on the representor')
        filters_vlans(b, b.pf, REP, p, 'representor')


def mac_fwd_pmd(b, vfs):
    """A VF testpmd mac-forwarding to the TAP, not promiscuous, verbose."""
    p = b.vf(vfs, args=['--forward-mode=mac', '--eth-peer=0,%s' % b.tap_mac])
    p.cmd('set promisc all off')
    p.cmd('set verbose 1')
    no_error(p.cmd('start'), 'start of VF testpmd')
    return p


def port_vlan_forwards(b, p, vid):
    """VF0 under port VLAN vid mac-forwards frames that come from the wire
    tagged vid: it receives them untagged and the wire sees them tagged vid
    again. Untagged frames do not reach VF0."""
    vf0 = b.model.vf_mac(0)
    # a started representor would take VF0's wire-bound frames (its
    # slow path): stopped, the switch sends them to the wire
    no_error(b.pf.cmd('port stop %d' % REP), 'port stop of the representor')
    time.sleep(SETTLE)
    p.clear_stats()
    mark = p.mark()
    sent = udp_frames(vf0, b.tap_mac, N, size=SIZE)
    with WireSniffer(b.tap, from_mac(vf0)) as sn:
        send(b.tap, tagged(sent, vid))
        got = sn.wait(N)
    expect_eq(p.port_stats(0)['RX-packets'], N, 'VF0 RX-packets (VLAN %d)' % vid)
    dumps = [d for d in parse_dumps(p.since(mark)) if d['dir'] == 'received']
    expect_eq(len(dumps), N, 'frames dumped by VF0 testpmd')
    for d in dumps:
        expect(d['type'] == 0x0800 and d['length'] == SIZE,
               'VF0 received a tagged frame (the port tag must be removed): %r' % d)
    expect_eq(len(got), N, 'frames from VF0 on the wire')
    want = {payload(f)[0]: payload(f)[1] for f in sent}
    for f in got:
        expect_eq(vlan_of(f), vid, 'VLAN of a frame VF0 sent')
        seq = payload(f)[0]
        expect(seq in want and bytes(f)[18:] == want[seq],
               'frame from VF0 altered: %r' % bytes(f)[:64])
    rx_none(b, p, 0, sent, 'VF0 RX-packets (untagged, under a port VLAN)')


@test()
def port_vlan():
    """`tx_vlan set pvid <rep> 100 on` while VF0 forwards: VF0 mac-forwards
    frames that come from the wire tagged 100; it receives them untagged and
    the wire sees them tagged 100 again. Untagged frames no longer reach
    VF0."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        p = mac_fwd_pmd(b, [0])
        no_error(b.pf.cmd('tx_vlan set pvid %d 100 on' % REP),
                 'tx_vlan set pvid on the representor')
        port_vlan_forwards(b, p, 100)


@test()
def port_vlan_before_vf():
    """The port VLAN set before VF0's driver starts (the usual order: the
    administrator's policy first, then the guest) applies when it starts:
    VF0's port starts and forwards on VLAN 2 as in port_vlan."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        no_error(b.pf.cmd('tx_vlan set pvid %d 2 on' % REP),
                 'tx_vlan set pvid on the representor')
        p = mac_fwd_pmd(b, [0])
        expect('Fail to start port' not in p.output,
               'VF0 port did not start under a port VLAN:\n%s' % tail(p.output, 8))
        port_vlan_forwards(b, p, 2)


@test()
def port_vlan_stag():
    """`vlan set outer tpid 0x88a8 <rep>` and `tx_vlan set pvid <rep> 100
    on`: VF0's port tag is an 802.1ad S-tag. A wire frame S-tagged 100 with
    a customer tag 7 inside reaches VF0 with only the customer tag; VF0
    mac-forwards it with that tag and the wire sees S-tag 100 outside
    customer tag 7 again."""
    sc = _scapy()
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        p = mac_fwd_pmd(b, [0])
        no_error(b.pf.cmd('vlan set outer tpid 0x88a8 %d' % REP),
                 'vlan set outer tpid on the representor')
        no_error(b.pf.cmd('tx_vlan set pvid %d 100 on' % REP),
                 'tx_vlan set pvid on the representor')
        no_error(b.pf.cmd('port stop %d' % REP), 'port stop of the representor')
        time.sleep(SETTLE)
        vf0 = b.model.vf_mac(0)
        sent = []
        for f in udp_frames(vf0, b.tap_mac, N, size=SIZE):
            e = f['Ether']
            sent.append(sc.Ether(dst=e.dst, src=e.src) / sc.Dot1AD(vlan=100) /
                        sc.Dot1Q(vlan=7, type=e.type) / e.payload)
        p.clear_stats()
        mark = p.mark()
        with WireSniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, sent)
            got = sn.wait(N)
        expect_eq(p.port_stats(0)['RX-packets'], N, 'VF0 RX-packets (S-tag 100)')
        dumps = [d for d in parse_dumps(p.since(mark)) if d['dir'] == 'received']
        expect_eq(len(dumps), N, 'frames dumped by VF0 testpmd')
        for d in dumps:
            expect(d['type'] == 0x8100 and d['length'] == SIZE + 4,
                   'VF0 must receive the customer-tagged frame without the S-tag: %r' % d)
        expect_eq(len(got), N, 'frames from VF0 on the wire')
        for f in got:
            expect(f['Ether'].type == 0x88a8 and f.haslayer('Dot1AD') and
                   f['Dot1AD'].vlan == 100 and f['Dot1AD'].type == 0x8100 and
                   f.haslayer('Dot1Q') and f['Dot1Q'].vlan == 7,
                   'frame from VF0 not S-tag 100 / C-tag 7: %r' % bytes(f)[:24])
        # untagged frames are not on VF0's port VLAN
        rx_none(b, p, 0, udp_frames(vf0, b.tap_mac, 4, size=SIZE),
                'VF0 RX-packets (untagged, under an S-tag port VLAN)')


@test()
def mac_anti_spoof():
    """vf_spoofchk=[0]: VF0 io-forwards frames from the wire back out
    unchanged, so their source MAC is not its own: none reaches the wire and
    the PF counts them in vf0_mac_spoof_dropped. With its own source MAC
    (mac forwarding) they pass."""
    with AdminBench('vf_spoofchk=[0]') as b:
        vf0 = b.model.vf_mac(0)
        p = b.vf([0], args=['--forward-mode=io', '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        p.clear_stats()
        with WireSniffer(b.tap, lambda f: payload(f)[0] is not None) as sn:
            send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
            st = p.wait_rx(0, N, key='TX-packets')
            leaked = sn.wait(1, timeout=1, settle=0)
        expect_eq(st['RX-packets'], N, 'VF0 RX-packets')
        expect_eq(st['TX-packets'], N, 'VF0 TX-packets (spoofed frames sent)')
        expect_eq(len(leaked), 0, 'spoofed frames on the wire')
        xs = b.pf_xstats()
        expect_eq(xs.get('vf0_mac_spoof_dropped'), N, 'PF xstats vf0_mac_spoof_dropped')
        expect_eq(xs.get('vf0_vlan_spoof_dropped'), 0, 'PF xstats vf0_vlan_spoof_dropped')
        p.cmd('stop')
        p.cmd('set fwd mac')
        p.cmd('start')
        with WireSniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
            got = sn.wait(N)
        expect_eq(len(got), N, "frames with VF0's own source MAC on the wire")
        expect_eq(b.pf_xstats().get('vf0_mac_spoof_dropped'), N,
                  'PF xstats vf0_mac_spoof_dropped after frames with its own MAC')


@test()
def vlan_anti_spoof():
    """vf_spoofchk=[0]: VF0 (no VLAN filter) mac-forwards frames tagged
    VLAN 30 back to the wire: they are dropped and counted in
    vf0_vlan_spoof_dropped. After `rx_vlan add 30 0` they pass."""
    with AdminBench('vf_spoofchk=[0]') as b:
        vf0 = b.model.vf_mac(0)
        p = b.vf([0], args=['--forward-mode=mac', '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        p.clear_stats()
        frames = tagged(udp_frames(vf0, b.tap_mac, N, size=SIZE), 30)
        with WireSniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, frames)
            st = p.wait_rx(0, N, key='TX-packets')
            leaked = sn.wait(1, timeout=1, settle=0)
        expect_eq(st['RX-packets'], N, 'VF0 RX-packets (VLAN 30)')
        expect_eq(st['TX-packets'], N, 'VF0 TX-packets (VLAN 30)')
        expect_eq(len(leaked), 0, 'frames VF0 sent on VLAN 30 seen on the wire')
        xs = b.pf_xstats()
        expect_eq(xs.get('vf0_vlan_spoof_dropped'), N, 'PF xstats vf0_vlan_spoof_dropped')
        expect_eq(xs.get('vf0_mac_spoof_dropped'), 0, 'PF xstats vf0_mac_spoof_dropped')
        no_error(p.cmd('vlan set filter on 0'), 'vlan set filter on 0')
        no_error(p.cmd('rx_vlan add 30 0'), 'rx_vlan add 30 0')
        time.sleep(SETTLE)
        with WireSniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, frames)
            got = sn.wait(N)
        expect_eq(len(got), N, 'frames VF0 sent on VLAN 30 (now filtered in) on the wire')
        for f in got:
            expect_eq(vlan_of(f), 30, 'VLAN of a frame VF0 sent')
        expect_eq(b.pf_xstats().get('vf0_vlan_spoof_dropped'), N,
                  'PF xstats vf0_vlan_spoof_dropped after VLAN 30 was added')


@test()
def trust():
    """vf_trust=[1]: untrusted VF0's `set promisc 0 on` fails (testpmd
    prints the error) and frames to an unknown MAC do not reach it; trusted
    VF1 goes promiscuous and receives them (unknown unicast from the wire
    goes to promiscuous functions)."""
    with AdminBench('vf_trust=[1]') as b:
        p = rx_pmd(b, [0, 1], start=False)
        out = p.cmd('set promisc 0 on')
        expect('Error during enabling promiscuous mode for port 0' in out,
               'untrusted VF0 went promiscuous:\n' + out)
        no_error(p.cmd('set promisc 1 on'), 'set promisc 1 on (trusted VF1)')
        expect_eq(p.port_info(0).get('Promiscuous mode'), 'disabled', 'VF0 promiscuous mode')
        expect_eq(p.port_info(1).get('Promiscuous mode'), 'enabled', 'VF1 promiscuous mode')
        p.cmd('start')
        time.sleep(SETTLE)
        p.clear_stats()
        send(b.tap, udp_frames(UNKNOWN, b.tap_mac, N, size=SIZE))
        st1 = p.wait_rx(1, N)
        expect_eq(st1['RX-packets'], N, 'trusted promiscuous VF1 RX-packets (unknown MAC)')
        expect_eq(p.port_stats(0)['RX-packets'], 0, 'untrusted VF0 RX-packets (unknown MAC)')


@test()
def link_forced_down():
    """`set link-down port <rep>`: VF0's link goes down (event and port
    info), frames to it are dropped and counted missed, the PF's link stays
    up; `set link-up port <rep>`: up again, frames arrive."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        vf0 = b.model.vf_mac(0)
        p = rx_pmd(b, [0])
        expect_eq(link(p), 'up', 'VF0 link at start')
        mark = p.mark()
        no_error(b.pf.cmd('set link-down port %d' % REP), 'set link-down on the representor')
        wait_for(lambda: link(p) == 'down', 10, interval=0.5, what='VF0 link forced down')
        expect(LSC_EVENT in p.since(mark), 'VF0 testpmd printed no link event:\n'
               + tail(p.since(mark)))
        expect_eq(link(b.pf), 'up', 'PF link while VF0 is forced down')
        p.clear_stats()
        send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
        st = p.wait_rx(0, N, key='RX-missed')
        expect_eq(st['RX-packets'], 0, 'VF0 RX-packets while forced down')
        expect_eq(st['RX-missed'], N, 'VF0 RX-missed while forced down')
        mark = p.mark()
        no_error(b.pf.cmd('set link-up port %d' % REP), 'set link-up on the representor')
        wait_for(lambda: link(p) == 'up', 10, interval=0.5, what='VF0 link up again')
        expect(LSC_EVENT in p.since(mark), 'VF0 testpmd printed no link event for link-up')
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets after link-up')


@test()
def pf_link_change():
    """TAP down: the VF testpmd prints the link state change event and
    reports link down, as does the PF; TAP up: event and link up again."""
    with AdminBench() as b:
        p = rx_pmd(b, [0])
        for up in (False, True):
            state = 'up' if up else 'down'
            mark, pmark = p.mark(), b.pf.mark()
            link_set(b.tap, up)
            wait_for(lambda: LSC_EVENT in p.since(mark), 10, interval=0.3,
                     what='VF0 testpmd printing "%s" (TAP %s)' % (LSC_EVENT, state))
            expect_eq(link(p), state, 'VF0 link after TAP %s' % state)
            wait_for(lambda: LSC_EVENT in b.pf.since(pmark), 10, interval=0.3,
                     what='PF testpmd printing "%s" (TAP %s)' % (LSC_EVENT, state))
            expect_eq(link(b.pf), state, 'PF link after TAP %s' % state)
        expect_eq(rx_count(b, p, 0, b.model.vf_mac(0)), N, 'VF0 RX-packets after the flap')


@test()
def pf_link_down():
    """`set link-down port 0` on the PF takes the port off the wire: PF and
    VF0 (following the port) report link down, VF0 with an event; frames
    from the wire no longer reach VF0, nor do VF0's reach the wire. `set
    link-up port 0`: both up again, and VF0 forwards as before on the MAC
    and port VLAN its administrator gave it."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        mac = '02:5e:00:00:09:01'
        p = b.vf([0], args=['--forward-mode=mac', '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        no_error(b.pf.cmd('mac_addr set %d %s' % (REP, mac)), 'mac_addr set on the representor')
        no_error(b.pf.cmd('tx_vlan set pvid %d 5 on' % REP), 'tx_vlan set pvid on the representor')
        # stopped, the representor leaves VF0's wire-bound frames to the wire
        no_error(b.pf.cmd('port stop %d' % REP), 'port stop of the representor')
        wait_for(lambda: mac.upper() in p.cmd('show port info 0'), 10,
                 what='VF0 taking its administrator MAC')
        frames = tagged(udp_frames(mac, b.tap_mac, N, size=SIZE), 5)

        # testpmd's mac forwarding keeps the source MAC the port had at start
        ours = lambda f: payload(f)[0] is not None  # noqa: E731

        def forwards(what):
            with WireSniffer(b.tap, ours) as sn:
                expect_eq(rx_count(b, p, 0, mac, frames=frames), N, 'VF0 RX-packets ' + what)
                got = sn.wait(N)
            expect_eq(len(got), N, 'frames from VF0 on the wire ' + what)
            expect(all(vlan_of(f) == 5 for f in got), 'VF0 frames off VLAN 5 ' + what)
        forwards('before link-down')

        mark = p.mark()
        no_error(b.pf.cmd('set link-down port 0'), 'set link-down on the PF')
        expect_eq(link(b.pf), 'down', 'PF link after set link-down')
        wait_for(lambda: link(p) == 'down', 10, interval=0.3, what='VF0 link down')
        expect(LSC_EVENT in p.since(mark), 'VF0 testpmd printed no link event:\n'
               + tail(p.since(mark)))
        rx_none(b, p, 0, frames, 'VF0 RX-packets while the PF port is down')
        p.cmd('stop')
        with WireSniffer(b.tap) as sn:
            p.cmd('start tx_first')
            got = sn.wait(1, timeout=1.5)
        expect(p.port_stats(0)['TX-packets'] > 0, 'VF0 sent nothing with tx_first')
        expect_eq(len(got), 0, 'frames from VF0 on the wire while the PF port is down')

        mark = p.mark()
        no_error(b.pf.cmd('set link-up port 0'), 'set link-up on the PF')
        wait_for(lambda: link(p) == 'up', 10, interval=0.3, what='VF0 link up again')
        expect(LSC_EVENT in p.since(mark), 'VF0 testpmd printed no link event for link-up')
        wait_for(lambda: link(b.pf) == 'up', 10, interval=0.3, what='PF link up again')
        forwards('after link-up')


@test(timeout=200)
def pf_restart():
    """VF0 receives; the PF testpmd quits: VF0 notices at once but raises
    no reset event yet, and a mailbox request (a multicast address) fails
    at once instead of waiting out mbx_timeout_ms; a new PF testpmd starts:
    VF0 restores its settings, then prints the reset event, and within a
    bound frames reach VF0 again without restarting the VF testpmd."""
    with AdminBench() as b:
        vf0 = b.model.vf_mac(0)
        p = TestPmd([b.model.vf_bdf(0) + ',mbx_timeout_ms=10000'], b.model.dir,
                    args=['--forward-mode=rxonly'], name='vf0-testpmd', expect_ports=1)
        b.pmds.append(p)
        p.start()
        p.cmd('set promisc all off')
        p.cmd('start')
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets before the PF restart')
        mark = p.mark()
        old, b.pf = b.pf, None
        b.pmds.insert(0, old)       # its output stays in the logs
        t0 = time.monotonic()
        old.stop()
        wait_for(lambda: 'VF will recover when the PF is back' in p.since(mark), 10,
                 interval=0.1, what='VF0 noticing the PF gone')
        t_lost = time.monotonic() - t0
        t = time.monotonic()
        out = p.cmd('mcast_addr add 0 01:00:5e:00:00:42')
        t_req = time.monotonic() - t
        expect('Resource temporarily unavailable' in out,
               'multicast address added while the PF is away:\n' + out)
        expect(t_req < 2, 'a request while the PF is away took %.1fs' % t_req)
        expect(RESET_EVENT not in p.since(mark),
               'reset event while the PF is away:\n' + tail(p.since(mark)))
        t = time.monotonic()
        b.pf = b.pf_pmd(name='pf-testpmd-2')
        t_up = time.monotonic()
        wait_for(lambda: RESET_EVENT in p.since(mark), 10, interval=0.05,
                 what='VF0 testpmd printing "%s"' % RESET_EVENT)
        t_event = time.monotonic() - t_up
        out = p.since(mark)
        expect(out.index('VF settings restored') < out.index(RESET_EVENT),
               'reset event before VF0 recovered:\n' + tail(out))

        def receives():
            p.clear_stats()
            send(b.tap, udp_frames(vf0, b.tap_mac, 2, size=SIZE))
            return p.wait_rx(0, 2, timeout=1, settle=0)['RX-packets'] == 2
        wait_for(receives, 20, interval=0.1, what='VF0 receiving after the PF restart')
        t_rx = time.monotonic() - t_up
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets after the PF restart')
        expect(p.alive(), 'VF0 testpmd died')
        print('    VF0 noticed the PF gone %.2f s after quit; request refused in %.3f s; '
              'new PF testpmd up in %.2f s; reset event %.2f s and frames %.2f s after it'
              % (t_lost, t_req, t_up - t, t_event, t_rx), flush=True)


@test()
def pf_port_reset():
    """rte_eth_dev_reset() on the PF (testpmd port reset): VFs are told
    first (reset event), the PF programs the switch again by itself, and
    frames reach VF0 again without touching the VF testpmd; then the VF's
    own port reset works too."""
    with AdminBench() as b:
        vf0 = b.model.vf_mac(0)
        p = rx_pmd(b, [0])
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets before the PF reset')
        mark = p.mark()
        no_error(b.pf.cmd('port stop 0'), 'PF port stop')
        no_error(b.pf.cmd('port reset 0'), 'PF port reset')
        no_error(b.pf.cmd('port start 0'), 'PF port start')
        wait_for(lambda: RESET_EVENT in p.since(mark), 10, interval=0.3,
                 what='VF0 testpmd printing "%s"' % RESET_EVENT)

        def receives():
            p.clear_stats()
            send(b.tap, udp_frames(vf0, b.tap_mac, 2, size=SIZE))
            return p.wait_rx(0, 2, timeout=1, settle=0)['RX-packets'] == 2
        wait_for(receives, 20, interval=0.5, what='VF0 receiving after the PF reset')
        p.cmd('stop')
        no_error(p.cmd('port stop 0'), 'VF port stop')
        no_error(p.cmd('port reset 0'), 'VF port reset')
        no_error(p.cmd('port start 0'), 'VF port start')
        p.cmd('set promisc all off')
        p.cmd('start')
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets after its own reset')


@test()
def vf_killed():
    """SIGKILL of the VF0 testpmd: the PF counts a reset of VF0
    (vf0_resets) and forgets its switch entries: frames to VF0's MAC are
    delivered nowhere (not even missed at VF0, per its representor's
    counters; not to the PF). A new VF0 testpmd receives again."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        vf0 = b.model.vf_mac(0)
        b.pf.cmd('set promisc 0 off')
        p = rx_pmd(b, [0])
        b.pf.clear_stats(REP)
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets before the kill')
        expect_eq(b.pf.port_stats(REP)['RX-packets'], N,
                  "representor RX-packets (VF0's received frames as the switch counts them)")
        before = b.pf_xstats().get('vf0_resets')
        expect(before is not None, 'PF xstats have no vf0_resets')
        os.kill(p.pid, signal.SIGKILL)
        wait_for(lambda: not p.alive(), 10, what='VF0 testpmd gone after SIGKILL')
        p.stop()
        wait_for(lambda: b.pf_xstats().get('vf0_resets', 0) > before, 10, interval=0.5,
                 what='PF xstats vf0_resets above %d' % before)
        b.pf.clear_stats()
        send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
        time.sleep(1.5)
        rst = b.pf.port_stats(REP)
        expect_eq((rst['RX-packets'], rst['RX-missed']), (0, 0),
                  "frames to dead VF0's MAC: representor (RX-packets, RX-missed)")
        pst = b.pf.port_stats(0)
        expect_eq((pst['RX-packets'], pst['RX-missed']), (0, 0),
                  "frames to dead VF0's MAC: PF (RX-packets, RX-missed)")
        p2 = rx_pmd(b, [0])
        expect_eq(rx_count(b, p2, 0, vf0), N, 'new VF0 testpmd RX-packets')


@test()
def representor_hotplug():
    """A running PF gets a representor by hot-plug (`port attach
    <PF>,representor=vf[1]`, as OVS adds representor ports): a third port,
    VF1's representor; attaching an existing one, one of a VF the card
    does not have, or PF settings (fixed at the first probe) adds nothing
    and leaves the ports working."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        # testpmd makes new ports promiscuous: refused for untrusted VF1
        out = b.pf.cmd('port attach %s,representor=vf[1]' % b.model.pf)
        expect('Port 2 is attached' in out, 'port attach of VF1\'s representor:\n' + out)
        expect_eq(b.pf.nb_ports(), 3, 'ports after attaching VF1\'s representor')
        info = b.pf.port_info(2)
        expect(same_mac(info.get('MAC address'), b.model.vf_mac(1)),
               'port 2 MAC %r, want VF1\'s %s' % (info.get('MAC address'), b.model.vf_mac(1)))
        b.pf.cmd('port attach %s,representor=vf[0]' % b.model.pf)
        for bad in ('representor=vf[7]', 'vf_trust=[1],representor=vf[1]'):
            out = b.pf.cmd('port attach %s,%s' % (b.model.pf, bad))
            expect('Failed to attach' in out, 'port attach %s:\n%s' % (bad, out))
        expect_eq(b.pf.nb_ports(), 3, 'ports after the second and the failed attach')
        p = rx_pmd(b, [0])
        expect_eq(rx_count(b, p, 0, b.model.vf_mac(0)), N, 'VF0 RX-packets')


@test()
def representor_traffic():
    """The started representor is VF0's slow path: frames VF0 sends to an
    unknown MAC arrive on the representor port of the PF testpmd and not on
    the wire; frames the PF testpmd sends on the representor reach VF0."""
    burst, bursts = 16, 2
    n = burst * bursts
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        vf0 = b.model.vf_mac(0)
        representor_started(b)
        b.pf.cmd('set portlist %d' % REP)
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('set verbose 1')
        b.pf.cmd('set burst %d' % burst)
        no_error(b.pf.cmd('start'), 'start forwarding on the representor')
        p = b.vf([0], args=['--forward-mode=rxonly', '--eth-peer=0,%s' % UNKNOWN])
        p.cmd('set promisc all off')
        p.cmd('set burst %d' % burst)
        pmark = b.pf.mark()

        def on_rep():
            return [d for d in parse_dumps(b.pf.since(pmark))
                    if d['dir'] == 'received' and d['port'] == REP]
        with WireSniffer(b.tap, from_mac(vf0)) as sn:
            p.cmd('start tx_first %d' % bursts)
            try:
                wait_for(lambda: len(on_rep()) >= n, 10, interval=0.3,
                         what='%d frames from VF0 on the representor' % n)
            except Error:
                pass
            leaked = sn.wait(1, timeout=0.5, settle=0)
        got = on_rep()
        expect_eq(p.port_stats(0)['TX-packets'], n, 'VF0 TX-packets')
        expect_eq(len(leaked), 0, 'frames from VF0 to an unknown MAC on the wire')
        expect_eq(len(got), n, 'frames from VF0 received on the representor')
        for d in got:
            expect(same_mac(d['src'], vf0) and same_mac(d['dst'], UNKNOWN),
                   'representor received %s -> %s, want %s -> %s'
                   % (d['src'], d['dst'], vf0, UNKNOWN))
        b.pf.cmd('stop')

        p.clear_stats()
        b.pf.cmd('set eth-peer %d %s' % (REP, vf0))
        b.pf.cmd('set verbose 0')
        no_error(b.pf.cmd('start tx_first %d' % bursts), 'tx_first on the representor')
        st = p.wait_rx(0, n)
        b.pf.cmd('stop')
        expect_eq(st['RX-packets'], n, 'VF0 RX-packets (sent on the representor)')


@test()
def switchdev_mode():
    """A representor and no switch_mode devarg: the switch is in switchdev
    mode (datasheet 10.8), frames from the wire to VF0's MAC go to the PF,
    not to VF0, which the representor's frames reach. So after a PF reset
    (the mode is programmed again). Once the representor is closed, the
    MAC switching delivers them to VF0 again (legacy)."""
    with AdminBench('representor=vf[0]', pf_ports=2, switch_mode=None) as b:
        vf0 = b.model.vf_mac(0)
        p = rx_pmd(b, [0])
        b.pf.cmd('set portlist %d' % REP)
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('set eth-peer %d %s' % (REP, vf0))

        def via_representor():
            p.clear_stats()
            b.pf.cmd('start tx_first 1')
            b.pf.cmd('stop')
            return p.wait_rx(0, 1, timeout=1, settle=0)['RX-packets'] > 0
        wait_for(via_representor, 10, interval=0.5, what='VF0 receiving from its representor')
        wire = udp_frames(vf0, b.tap_mac, N, size=SIZE)
        rx_none(b, p, 0, wire, "VF0 RX-packets of the wire's frames to it (switchdev)")

        no_error(b.pf.cmd('port stop all'), 'PF ports stop')
        no_error(b.pf.cmd('port reset 0'), 'PF port reset')
        no_error(b.pf.cmd('port start all'), 'PF ports start')
        wait_for(via_representor, 20, interval=0.5,
                 what='VF0 receiving from its representor after the PF reset')
        rx_none(b, p, 0, wire, "VF0 RX-packets of the wire's frames to it after the PF reset")

        no_error(b.pf.cmd('port stop %d' % REP), 'port stop of the representor')
        no_error(b.pf.cmd('port close %d' % REP), 'port close of the representor')
        expect_eq(rx_count(b, p, 0, vf0), N, 'VF0 RX-packets once the representor is closed')


def _flood(pmd, path, res):
    try:
        res['out'] = pmd.cmd('load %s' % path, timeout=120)
    except Exception as e:      # reported by the main thread
        res['err'] = e


@test(timeout=200)
def mbx_flood():
    """mbx_rate=50,mbx_burst=10: VF0's testpmd floods the PF with mailbox
    requests (a command file of `mac_addr set`) while VF1, in another
    testpmd, receives N frames from the wire and makes a few requests of its
    own: VF1 gets all N and all its requests granted; VF0's driver waits
    out the PF's EBUSY answers, so its flood is slowed to the rate (the PF
    counts vf0_mbx_rate_limited) and every request of it is granted; once
    the flood stops VF0 is served at once."""
    flood = 150                     # 3 s at 50/s
    with AdminBench('mbx_rate=50,mbx_burst=10') as b:
        vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
        rx = rx_pmd(b, [1])
        fl = b.vf([0], name='vf0-flooder')
        # VF1's own start-up may exceed the burst of 10: only what VF0's
        # flood adds counts
        vf1_limited = b.pf_xstats().get('vf1_mbx_rate_limited', 0)
        fd, path = tempfile.mkstemp(prefix='sriovnic-flood-', suffix='.cmds')
        try:
            with os.fdopen(fd, 'w') as f:
                f.write(('mac_addr set 0 %s\n' % vf0) * flood)
            rx.clear_stats()
            res = {}
            t0 = time.monotonic()
            th = threading.Thread(target=_flood, args=(fl, path, res), daemon=True)
            th.start()
            granted = []
            for i in range(4):
                send(b.tap, udp_frames(vf1, b.tap_mac, N // 4, size=SIZE))
                granted.append(rx.cmd('mac_addr set 0 %s' % vf1))
                time.sleep(0.3)
            th.join(150)
            expect(not th.is_alive(), 'flooding VF0 testpmd still busy after 150 s')
            took = time.monotonic() - t0
        finally:
            os.unlink(path)
        if 'err' in res:
            raise res['err']
        st = rx.wait_rx(0, N)
        expect_eq(st['RX-packets'], N, 'VF1 RX-packets during the flood')
        for out in granted:
            no_error(out, "VF1's mac_addr set during VF0's flood")
        no_error(res['out'], "VF0's flood (EBUSY waited out by its driver)")
        expect(took >= (flood - 10) / 50 * 0.8,
               '%d requests granted in %.1f s: faster than 50/s' % (flood, took))
        xs = b.pf_xstats()
        expect(xs.get('vf0_mbx_rate_limited', 0) > 0,
               'PF xstats vf0_mbx_rate_limited %r: the flood was never limited'
               % xs.get('vf0_mbx_rate_limited'))
        expect_eq(xs.get('vf1_mbx_rate_limited'), vf1_limited,
                  'PF xstats vf1_mbx_rate_limited during the flood')
        no_error(fl.cmd('mac_addr set 0 %s' % vf0), 'VF0 request after the flood')
        expect(b.pf.alive(), 'PF testpmd died')


@test()
def mbx_rate_startup():
    """mbx_rate=50,mbx_burst=2: a VF's start-up (about 15 requests, the
    first three back to back) exceeds the burst; its driver waits the PF's
    EBUSY answers out, so the VF testpmd probes and starts its port and
    receives N frames from the wire."""
    with AdminBench('mbx_rate=50,mbx_burst=2') as b:
        p = rx_pmd(b, [0])
        expect('Fail to start port' not in p.output,
               'VF port did not start:\n' + tail(p.output, 12))
        expect_eq(rx_count(b, p, 0, b.model.vf_mac(0)), N, 'VF0 RX-packets')
        expect(b.pf_xstats().get('vf0_mbx_rate_limited', 0) > 0,
               "the VF's start-up stayed within the burst: the limit was not exercised")


# ---- a rogue VF driver: BAR0 of a VF, mapped from the model's resource0,
# speaking the mailbox transport of datasheet 11.3 with no DPDK and no DMA

VF_MBX_TX_DATA, VF_MBX_TX_SEQ, VF_MBX_TX_ACK = 0x400, 0x440, 0x444
VF_MBX_RX_DATA, VF_MBX_RX_SEQ, VF_MBX_RX_ACK = 0x480, 0x4c0, 0x4c4
MBX_REPLY = 0x8000
OP_RESET, OP_HELLO, OP_GET_RES, OP_RXMODE = 1, 2, 3, 7
EPROTO, EINVAL, EOPNOTSUPP, EPROTONOSUPPORT = 71, 22, 95, 93


class RogueVF:
    """Maps <sysfs>/<bdf>/resource0 (never the dma_socket) and exchanges
    raw 64-byte mailbox messages with the PF driver."""

    def __init__(self, sysfs, bdf, timeout=2.0):
        self.timeout = timeout
        self.cookie = 0x7000
        fd = os.open(os.path.join(sysfs, bdf, 'resource0'), os.O_RDWR)
        try:
            self.map = mmap.mmap(fd, 0x10000, mmap.MAP_SHARED,
                                 mmap.PROT_READ | mmap.PROT_WRITE)
        finally:
            os.close(fd)
        self.regs = memoryview(self.map).cast('I')   # aligned 32-bit accesses
        # a message left for a previous owner is not ours
        self.wr(VF_MBX_RX_ACK, self.rd(VF_MBX_RX_SEQ))

    def rd(self, off):
        return self.regs[off // 4]

    def wr(self, off, val):
        self.regs[off // 4] = val & 0xffffffff

    def request(self, opcode, body=b'', length=None, raw=None):
        """Send one message (header + body, or raw 64 bytes) and return the
        reply: (opcode, len, cookie, result, payload)."""
        seq = self.rd(VF_MBX_TX_SEQ)
        wait_for(lambda: self.rd(VF_MBX_TX_ACK) == seq, self.timeout, interval=0.01,
                 what='mailbox TX_ACK == TX_SEQ')
        self.cookie = (self.cookie + 1) & 0xffff
        msg = raw if raw is not None else \
            struct.pack('<HHHh', opcode, len(body) if length is None else length,
                        self.cookie, 0) + body
        msg = msg.ljust(64, b'\0')[:64]
        if raw is not None:
            self.cookie = struct.unpack_from('<H', msg, 4)[0]
        for i, w in enumerate(struct.unpack('<16I', msg)):
            self.wr(VF_MBX_TX_DATA + 4 * i, w)
        self.wr(VF_MBX_TX_SEQ, seq + 1)
        deadline = time.monotonic() + self.timeout
        while True:
            wait_for(lambda: self.rd(VF_MBX_RX_SEQ) != self.rd(VF_MBX_RX_ACK),
                     max(0.01, deadline - time.monotonic()), interval=0.005,
                     what='mailbox reply to opcode %#x' % opcode)
            rx_seq = self.rd(VF_MBX_RX_SEQ)
            data = struct.pack('<16I', *(self.rd(VF_MBX_RX_DATA + 4 * i) for i in range(16)))
            self.wr(VF_MBX_RX_ACK, rx_seq)
            op, ln, cookie, result = struct.unpack_from('<HHHh', data)
            if op & MBX_REPLY and cookie == self.cookie:
                return op, ln, cookie, result, data[8:8 + min(ln, 56)]
            # an event (none is expected: no LINK_EVENT capability); next

    def close(self):
        self.regs.release()
        self.map.close()


@test()
def malformed_mailbox():
    """A rogue VF1 driver (python, BAR only) sends invalid requests; the PF
    answers each with the datasheet's error: unknown opcode -EOPNOTSUPP,
    wrong length -EINVAL, GET_RES before HELLO -EPROTO, HELLO major 2
    -EPROTONOSUPPORT; PF xstats vf1_mbx_refused counts them. The PF testpmd
    survives and a real VF0 testpmd works afterwards."""
    hello = struct.pack('<HHI', 1, 1, 0x7e)      # API 1.1, no events
    garbage = bytes((i * 73 + 41) & 0xff for i in range(64))
    garbage = struct.pack('<HH', 0x1234, 0x0004) + garbage[4:]
    cases = [   # (what, opcode, body, length, raw, expected result)
        ('GET_RES before HELLO', OP_GET_RES, b'', None, None, -EPROTO),
        ('unknown opcode 0x3ff', 0x3ff, b'', None, None, -EOPNOTSUPP),
        ('opcode 0', 0, b'', None, None, -EOPNOTSUPP),
        ('HELLO with the REPLY bit', OP_HELLO | MBX_REPLY, hello, None, None, -EOPNOTSUPP),
        ('garbage', 0x1234, b'', None, garbage, -EOPNOTSUPP),
        ('HELLO of 4 bytes', OP_HELLO, hello[:4], None, None, -EINVAL),
        ('HELLO with len 200', OP_HELLO, hello, 200, None, -EINVAL),
        ('HELLO major 2', OP_HELLO, struct.pack('<HHI', 2, 0, 0x7e), None, None,
         -EPROTONOSUPPORT),
        ('HELLO 1.1', OP_HELLO, hello, None, None, 0),
        ('RXMODE promisc=2', OP_RXMODE, struct.pack('<BBH', 2, 0, 0), None, None, -EINVAL),
        ('RESET', OP_RESET, b'', None, None, 0),
    ]
    with AdminBench() as b:
        before = b.pf_xstats()
        rogue = RogueVF(b.model.dir, b.model.vf_bdf(1))
        try:
            for what, op, body, length, raw, want in cases:
                rop, rlen, cookie, result, body_back = rogue.request(op, body, length, raw)
                expect_eq(rop, (op | MBX_REPLY) & 0xffff, '%s: reply opcode' % what)
                expect_eq(result, want, '%s: reply result' % what)
                if result:
                    expect_eq(rlen, 0, '%s: reply length of a refusal' % what)
                if op == OP_HELLO and result == 0:
                    expect_eq(body_back[:8], hello, '%s: agreed version and caps' % what)
        finally:
            rogue.close()
        expect(b.pf.alive(), 'PF testpmd died')
        refused = sum(1 for c in cases if c[-1] != 0)
        xs = b.pf_xstats()
        expect_eq(xs.get('vf1_mbx_refused', 0) - before.get('vf1_mbx_refused', 0), refused,
                  'PF xstats vf1_mbx_refused')
        expect_eq(xs.get('vf1_mbx_requests', 0) - before.get('vf1_mbx_requests', 0),
                  len(cases), 'PF xstats vf1_mbx_requests')
        p = rx_pmd(b, [0])
        expect_eq(rx_count(b, p, 0, b.model.vf_mac(0)), N, 'VF0 RX-packets after the rogue VF1')
        expect_eq(b.pf.port_info(0).get('Link status'), 'up', 'PF port after the rogue VF1')


if __name__ == '__main__':
    sys.exit(main())
