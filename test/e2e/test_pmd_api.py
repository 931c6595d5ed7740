#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The private API of rte_pmd_sriovnic.h and the RTE_ETH_EVENT_VF_MBOX policy
hook, from a PF application (pf_admin, built with the tests) next to a VF
testpmd."""

import errno
import json
import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sriovnic  # noqa: E402
from admin import PfAdmin  # noqa: E402
from sriovnic import (Bench, Sniffer, expect, expect_eq, main, rx_count, rx_none,  # noqa: E402
                      rx_pmd, send, tagged, test, to_mac, udp_frames, wait_for)

OPCODE_SET_MAC = 4


def errname(code):
    return os.strerror(code)


@test()
def api_bad_arguments():
    """Every bad argument is refused with the documented errno, nothing
    crashes, and the PF still answers afterwards. The VF state calls (a
    port that is not a PF, VF 64, no buffer, a buffer too short for the
    record, a record without buffer, truncated or too long) each log
    why; VF0 is suspended and resumed around them. A policy record that is
    missing, of an unknown version, with too many extra MACs or VLAN 4095
    is refused by the driver itself."""
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model, eal=['--vdev', 'net_null0'])
        try:
            pf.child.sendline('bad')
            want = [errno.ENODEV, errno.ENODEV, errno.EINVAL, errno.EINVAL,
                    errno.EINVAL, errno.EINVAL, errno.EINVAL, errno.ENODEV,
                    errno.ENODEV]
            for code in want:
                pf.child.expect(r'(ok|err) ([^\r\n]*)\r?\n')
                expect_eq(pf.child.match.group(2), errname(code),
                          'result of a bad call')
            for code, logged in (
                    (errno.ENODEV, 'port 1 is not a sriovnic PF port'),
                    (errno.ENODEV, 'no VF 64'), (errno.ENODEV, 'no VF 64'),
                    (0, None),
                    (errno.EINVAL, 'no buffer for a state record of 4096 bytes'),
                    (errno.ENOSPC, 'a state record needs 2408 bytes, not 100'),
                    (errno.EINVAL, 'VF 0: no state record'),
                    (errno.EINVAL, 'a state record has 2408 bytes, not 2407'),
                    (errno.EINVAL, 'a state record has 2408 bytes, not 4096'),
                    (0, None)):
                pf.child.expect(r'(ok|err) ([^\r\n]*)\r?\n')
                expect_eq(pf.child.match.group(2), errname(code) if code else '0',
                          'result of a bad VF state call')
                if logged:
                    expect(logged in pf.child.before,
                           'log of the bad VF state call: %r not in:\n%s'
                           % (logged, pf.child.before))
            for code in (errno.EINVAL, errno.EPROTONOSUPPORT, errno.E2BIG, errno.EINVAL):
                pf.child.expect(r'(ok|err) ([^\r\n]*)\r?\n')
                expect_eq(pf.child.match.group(2), errname(code),
                          'result of a bad VF policy record')
            expect_eq(pf.cmd('ping 1')[1], errname(errno.ENOTCONN),
                      'ping of a VF without a driver')
        finally:
            pf.stop()


@test()
def api_admin_and_policy():
    """The application sees every VF request (VF_MBOX event) and refuses
    SET_MAC; trust, link state and MAC set through the API reach the VF."""
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            vf = b.vf([0])
            expect(int(pf.ok('events')) >= 3, 'VF_MBOX events for the VF handshake')
            pf.ok('ping 0')

            pf.ok('deny %d' % OPCODE_SET_MAC)
            out = vf.cmd('mac_addr set 0 02:00:00:00:00:77')
            expect('not permitted' in out, 'VF MAC change refused by the application:\n' + out)
            expect('02:5E:00:00:01:01' in vf.cmd('show port info 0'),
                   'VF kept its MAC')

            out = vf.cmd('set promisc 0 on')
            expect('not permitted' in out, 'untrusted VF refused promiscuous:\n' + out)
            pf.ok('trust 0 1')
            out = vf.cmd('set promisc 0 on')
            expect('rror' not in out, 'trusted VF granted promiscuous:\n' + out)

            pf.ok('link 0 down')
            wait_for(lambda: vf.port_info(0).get('Link status') == 'down', 10,
                     what='VF link forced down')
            pf.ok('link 0 auto')
            wait_for(lambda: vf.port_info(0).get('Link status') == 'up', 10,
                     what='VF link back up')

            pf.ok('mac 0 02:5e:00:00:09:09')
            wait_for(lambda: '02:5E:00:00:09:09' in vf.cmd('show port info 0'), 10,
                     what='VF learnt the administrator MAC')

            st = pf.ok('stats 0')
            refused = int(st.split('mbx_refused=')[1].split()[0])
            expect(refused >= 2, 'refused requests counted: ' + st)
        finally:
            pf.stop()


def vf0_to_vf1(b, fw, rx, n=16):
    """VF0 (fw, mac forwarding to VF1's MAC) forwards n frames from the
    wire; returns what VF1 (rx) received and what the wire saw for VF1."""
    vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
    fw.clear_stats()
    rx.clear_stats()
    with Sniffer(b.tap, to_mac(vf1)) as sn:
        send(b.tap, udp_frames(vf0, b.tap_mac, n))
        st = fw.wait_rx(0, n, key='TX-packets')
        expect_eq(st['TX-packets'], n, 'VF0 TX-packets')
        wire = len(sn.wait(n, timeout=2))
    return rx.wait_rx(0, n, timeout=2)['RX-packets'], wire


@test()
def api_tx_loopback():
    """PF devarg tx_loopback=0: the switch is a VEPA, so what VF0 sends to
    VF1's MAC goes to the wire and not to VF1; tx loopback on through the
    API (VEB): VF1 receives it and the wire does not see it; off again:
    back to the wire."""
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model, 'tx_loopback=2', refused=True)
        pf.stop()
        expect('devarg tx_loopback=2: need 0 or 1' in pf.refusal,
               'no clear error for tx_loopback=2:\n' + pf.refusal)
        pf = PfAdmin(b.model, 'tx_loopback=0')
        try:
            rx = b.vf([1], args=['--forward-mode=rxonly'], main_lcore=1)
            rx.cmd('set promisc all off')
            rx.cmd('start')
            fw = b.vf([0], args=['--forward-mode=mac',
                                 '--eth-peer=0,%s' % b.model.vf_mac(1)])
            fw.cmd('set promisc all off')
            fw.cmd('start')
            for on, want in ((None, (0, 16)), (1, (16, 0)), (0, (0, 16))):
                if on is not None:
                    pf.ok('loopback %d' % on)
                mode = 'VEPA' if want[0] == 0 else 'VEB'
                expect_eq(vf0_to_vf1(b, fw, rx), want,
                          '(VF1 RX-packets, frames to VF1 on the wire) in %s' % mode)
        finally:
            pf.stop()


def stop(*procs):
    """Stops the testpmds and pf_admins of a test, those started."""
    for x in procs:
        if x:
            x.stop()


def policy(pf, vf):
    """VF vf's policy record, as pf_admin prints it."""
    return json.loads(pf.ok('policy %d' % vf))


def refused_unchanged(pf, vf, record, code, what):
    """apply of record to vf fails with code and leaves vf's policy as it was."""
    before = policy(pf, vf)
    expect_eq(pf.cmd('apply %d %s' % (vf, json.dumps(record))),
              ('err', errname(code)), what)
    expect_eq(policy(pf, vf), before, 'VF%d policy after %s' % (vf, what))


@test()
def api_vf_policy_moves():
    """VF0's policy (MAC, trust, spoof check, port VLAN 100 with PCP 3, VLAN
    filter 200, link up, flow quota) is exported as a record and applied to
    VF1 while VF1's testpmd runs, VF0 having taken another MAC: VF1's
    record is then VF0's, VF1's port shows the MAC, frames to it tagged 100
    reach VF1 and untagged ones do not; a record with an extra MAC and a
    transmit cap and weight too, frames to the extra MAC reach it. Records of an unknown version, with
    more extra MACs than the card takes, extra MACs without trust, a bad
    port VLAN or a transmit weight the scheduler refuses are refused and
    VF1's policy stays as it was."""
    moved = '02:5e:00:00:0a:0a'
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            for c in ('mac 0 ' + moved, 'trust 0 1', 'spoof 0 1', 'pvid 0 100 3',
                      'filter 0 200 1', 'link 0 up', 'quota 0 5'):
                pf.ok(c)
            rec = policy(pf, 0)
            expect_eq((rec['version'], rec['mac'], rec['admin_mac'], rec['trust'],
                       rec['mac_anti_spoof'], rec['pvid'], rec['pcp'], rec['tpid'],
                       rec['vlan'], rec['link'], rec['flow_quota']),
                      (2, moved.upper(), True, True, True, 100, 3, 0x8100, [200],
                       'up', 5), 'VF0 record')
            pf.ok('mac 0 02:5e:00:00:0b:0b')

            p = rx_pmd(b, [1])
            bad = dict(rec, version=3)
            refused_unchanged(pf, 1, bad, errno.EPROTONOSUPPORT, 'record version 3')
            macs = ['02:5e:00:00:0c:%02x' % i for i in range(9)]
            refused_unchanged(pf, 1, dict(rec, extra_mac=macs), errno.E2BIG,
                              '9 extra MACs')
            refused_unchanged(pf, 1, dict(rec, extra_mac=macs[:2], trust=False),
                              errno.EPERM, 'extra MACs on an untrusted VF')
            refused_unchanged(pf, 1, dict(rec, pvid=4095), errno.EINVAL,
                              'port VLAN 4095')
            # the scheduler refuses weight 0 after the switch policy was
            # applied: that is put back
            refused_unchanged(pf, 1, dict(rec, tx_weight=0), errno.EINVAL,
                              'transmit weight 0')

            pf.ok('apply 1 ' + json.dumps(rec))
            expect_eq(policy(pf, 1), rec, 'VF1 record after VF0\'s was applied')
            wait_for(lambda: moved.upper() in p.cmd('show port info 0'), 10,
                     what='VF1 learnt the MAC it was given')
            sent = udp_frames(moved, b.tap_mac, 8)
            expect_eq(rx_count(b, p, 0, moved, n=8, frames=tagged(sent, 100)), 8,
                      'VF1 RX-packets of frames to its new MAC on VLAN 100')
            rx_none(b, p, 0, sent, 'VF1 RX-packets of untagged frames (port VLAN 100)')

            extra = '02:5e:00:00:0d:01'
            more = dict(rec, extra_mac=[extra.upper()], tx_rate_max=12500000,
                        tx_burst_max=16384, tx_weight=4)
            pf.ok('apply 1 ' + json.dumps(more))
            expect_eq(policy(pf, 1), more, 'VF1 record with an extra MAC and a cap')
            expect_eq(rx_count(b, p, 0, extra, n=8,
                               frames=tagged(udp_frames(extra, b.tap_mac, 8), 100)),
                      8, 'VF1 RX-packets of frames to its extra MAC on VLAN 100')
        finally:
            pf.stop()

@test()
def api_vf_policy_refused_keeps_promisc():
    """Trusted VF0 in promiscuous mode; a record taking its trust away that
    the scheduler then refuses (transmit weight 0) leaves it trusted and
    promiscuous: frames to an unknown MAC still reach it."""
    unknown = '02:5e:00:00:0e:0e'
    with Bench(vfs=1, start_pf=False) as b:
        pf, p = PfAdmin(b.model), None
        try:
            pf.ok('trust 0 1')
            p = rx_pmd(b, [0], start=False)
            out = p.cmd('set promisc 0 on')
            expect('rror' not in out, 'trusted VF0 granted promiscuous:\n' + out)
            p.cmd('start')
            expect_eq(rx_count(b, p, 0, unknown, n=8), 8,
                      'promiscuous VF0 RX-packets (unknown MAC)')
            refused_unchanged(pf, 0, dict(policy(pf, 0), trust=False, tx_weight=0),
                              errno.EINVAL, 'untrusting record with transmit weight 0')
            expect_eq(rx_count(b, p, 0, unknown, n=8), 8,
                      'VF0 RX-packets (unknown MAC) after the refused record')
        finally:
            stop(p, pf)


@test()
def api_vf_policy_to_another_card():
    """VF0's policy on one card (MAC, trust, port VLAN 100, VLAN filter 300,
    link up) applied to VF0 of a second card (another model, another PF
    address): its record is the first one's and its testpmd receives the
    frames to that MAC tagged 100 on the second card's wire."""
    moved = '02:5e:00:00:0a:0b'
    with Bench(vfs=1, start_pf=False) as b, \
            sriovnic.Model(vfs=1, pf='0000:6e:00.0', mac='02:6e:00:00:01:00') as m2:
        pf, pf2, p = PfAdmin(b.model), None, None
        try:
            for c in ('mac 0 ' + moved, 'trust 0 1', 'pvid 0 100 0',
                      'filter 0 300 1', 'link 0 up'):
                pf.ok(c)
            rec = policy(pf, 0)
            pf2 = PfAdmin(m2)
            pf2.ok('apply 0 ' + json.dumps(rec))
            expect_eq(policy(pf2, 0), rec, 'record of VF0 on the second card')
            p = sriovnic.TestPmd([m2.vf_bdf(0)], m2.dir, args=['--forward-mode=rxonly'],
                                 name='card2-vf0-testpmd', expect_ports=1).start()
            p.cmd('set promisc all off')
            p.cmd('start')
            expect(moved.upper() in p.cmd('show port info 0'),
                   'VF0 of the second card has the moved MAC')
            p.clear_stats(0)
            send(m2.tap, tagged(udp_frames(moved, m2.tap_mac, 8), 100))
            expect_eq(p.wait_rx(0, 8)['RX-packets'], 8,
                      'RX-packets on the second card of frames to the moved MAC on VLAN 100')
        finally:
            stop(p, pf2, pf)


def card2_rx(m2, p, frames, n):
    """RX-packets of port 0 of p after frames were sent on m2's wire,
    waiting for n."""
    p.clear_stats(0)
    send(m2.tap, frames)
    if n == 0:
        return p.wait_rx(0, 1, timeout=1.5, settle=0)['RX-packets']
    return p.wait_rx(0, n)['RX-packets']


@test()
def api_vf_policy_rules_to_another_card():
    """VF0's record on a card with representors carries the
    administrator's transfer rule steering frames to another MAC to VF0,
    with its MAC, port VLAN, extra MAC, transmit cap and flow quota; applied
    to VF1 of a second card it names VF1 there: that card's record equals
    the first, and VF1 receives the frames the rule steers on VLAN 100,
    which a version 1 record (no rules, still accepted) did not give it.
    Records with an unknown version, a rule in a group the card lacks (after
    a good rule), a rule naming no VF, a weight the scheduler refuses, and
    a VF the card does not have are refused and leave VF1 as it was;
    applying the record again adds no second rule."""
    moved, steered, extra = '02:5e:00:00:0a:0c', '02:5e:00:00:0e:01', '02:5e:00:00:0d:02'
    with Bench(vfs=1, start_pf=False) as b, \
            sriovnic.Model(vfs=2, pf='0000:6e:00.0', mac='02:6e:00:00:01:00') as m2:
        pf, pf2, p = PfAdmin(b.model, 'representor=vf[0],switch_mode=legacy'), None, None
        try:
            for c in ('mac 0 ' + moved, 'trust 0 1', 'pvid 0 100 0', 'quota 0 5',
                      'steer 1 ' + steered):
                pf.ok(c)
            pf.ok('apply 0 ' + json.dumps(dict(policy(pf, 0), extra_mac=[extra.upper()],
                                               tx_rate_max=12500000, tx_burst_max=16384,
                                               tx_weight=4)))
            rec = policy(pf, 0)
            expect_eq((rec['version'], rec['mac'], rec['pvid'], rec['extra_mac'],
                       rec['tx_rate_max'], rec['flow_quota'], len(rec['admin_rules'])),
                      (2, moved.upper(), 100, [extra.upper()], 12500000, 5, 1), 'VF0 record')
            rule = rec['admin_rules'][0]
            expect_eq((rule['from_vf'], rule['to_vf']), (False, True),
                      'the steering rule names VF0 as its destination')

            pf2 = PfAdmin(m2)
            bad_group = dict(rule, group=40)
            for record, code, what in (
                    (dict(rec, version=3), errno.EPROTONOSUPPORT, 'record version 3'),
                    (dict(rec, admin_rules=[rule, bad_group]), errno.EINVAL,
                     'a good rule and one in group 40'),
                    (dict(rec, admin_rules=[dict(rule, to_vf=False)]), errno.EINVAL,
                     'a rule naming no VF'),
                    (dict(rec, tx_weight=0), errno.EINVAL, 'transmit weight 0 with a rule')):
                refused_unchanged(pf2, 1, record, code, what)
            expect_eq(pf2.cmd('apply 2 ' + json.dumps(rec)), ('err', errname(errno.ENODEV)),
                      'record for VF2 of a card with 2 VFs')

            v1 = dict(rec, version=1)
            del v1['admin_rules']
            pf2.ok('apply 1 ' + json.dumps(v1))
            p = sriovnic.TestPmd([m2.vf_bdf(1)], m2.dir, args=['--forward-mode=rxonly'],
                                 name='card2-vf1-testpmd', expect_ports=1).start()
            p.cmd('set promisc all off')
            p.cmd('start')
            to_steered = tagged(udp_frames(steered, m2.tap_mac, 8), 100)
            expect_eq(card2_rx(m2, p, to_steered, 0), 0,
                      'VF1 RX-packets of frames to the steered MAC with a version 1 record')

            pf2.ok('apply 1 ' + json.dumps(rec))
            expect_eq(policy(pf2, 1), rec, 'record of VF1 on the second card')
            pf2.ok('apply 1 ' + json.dumps(rec))
            expect_eq(len(policy(pf2, 1)['admin_rules']), 1, 'rules after the record applied twice')
            expect_eq(card2_rx(m2, p, tagged(udp_frames(moved, m2.tap_mac, 8), 100), 8), 8,
                      'VF1 RX-packets of frames to the moved MAC on VLAN 100')
            expect_eq(card2_rx(m2, p, to_steered, 8), 8,
                      'VF1 RX-packets of frames the moved rule steers, on VLAN 100')
        finally:
            stop(p, pf2, pf)


if __name__ == '__main__':
    sys.exit(main())
