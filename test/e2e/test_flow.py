#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""rte_flow through testpmd's `flow` commands (datasheet 13, Appendix B):
VF ingress rules sent to the PF over the mailbox, PF transfer rules in the
switch table; frames injected on the wire with scapy, counted per queue
(xstats rx_q<N>_packets), dumped (marks) and queried (rule counters)."""

import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from admin import PfAdmin  # noqa: E402
from sriovnic import (Bench, RULE_OK, TestPmd, expect, expect_eq, main, rule, _scapy,  # noqa: E402
                      send, tail, test, wait_for)

N = 32
SETTLE = 1.0        # frames that must not arrive get this long to do so


def frames(dst, src, dport, n=N, proto='udp'):
    """n IPv4 frames to dport from varying sources, so that RSS alone would
    spread them over the queues."""
    sc = _scapy()
    l4 = sc.UDP if proto == 'udp' else sc.TCP
    return [sc.Ether(dst=dst, src=src) /
            sc.IP(src='10.%d.%d.1' % (1 + i % 200, (i * 7) % 250), dst='10.255.0.1') /
            l4(sport=1024 + i * 37, dport=dport) / sc.Raw(b'flow-e2e %04d' % i + bytes(40))
            for i in range(n)]


def refused(p, text, why):
    """The rule is refused with a PMD error whose message contains why."""
    out = p.cmd(text)
    expect(not RULE_OK.search(out) and why in out,
           '%s: want a refusal naming %r, got:\n%s' % (text, why, tail(out, 6)))
    return out


def hits(p, port, n):
    out = p.cmd('flow query %d %d count' % (port, n))
    m = re.search(r'hits: (\d+)', out)
    expect(m, 'flow query %d %d count:\n%s' % (port, n, tail(out, 6)))
    return int(m.group(1))


def queues(p, port, nb=4):
    xs = p.xstats(port)
    return [xs.get('rx_q%d_packets' % q, 0) for q in range(nb)]


def vf_pmd(b, vfs, nbq=4, verbose=False):
    p = b.vf(vfs, args=['--forward-mode=rxonly', '--rxq=%d' % nbq, '--txq=%d' % nbq,
                        '--nb-cores=1'])
    p.cmd('set promisc all off')
    if verbose:
        p.cmd('set verbose 1')
    p.cmd('start')
    return p


def receive(b, p, port, fr, want):
    """Clears the port's counters (xstats too), sends fr from the wire and
    waits until the port counted want frames; returns RX-packets."""
    p.clear_stats(port)
    send(b.tap, fr)
    if want:
        p.wait_rx(port, want)
    else:
        time.sleep(SETTLE)
    return p.port_stats(port)['RX-packets']


@test()
def vf_rules():
    """On a VF with 4 queues: udp dst 5000 -> queue 2 (all frames there),
    udp dst 6000 -> RSS over queues 1 and 3 (both used, no other), an IPv6
    rule sent in several mailbox messages -> RSS over 0 and 3, tcp dst
    7000 -> mark 0x1234 (testpmd dumps FDIR ID=0x1234, with the SIMD rx
    burst), udp dst 8000 ->
    drop + count (none received, hits counted)."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = vf_pmd(b, [0], verbose=True)
        q2 = rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 5000 / end '
                     'actions queue index 2 / count / end')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 5000), N), N, 'VF0 RX-packets')
        expect_eq(queues(p, 0), [0, 0, N, 0], 'rx_q<N>_packets of udp dst 5000 frames')
        expect_eq(hits(p, 0, q2), N, 'hits of the queue rule')

        rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 6000 / end '
                'actions rss queues 1 3 end types ipv4-udp end / end')
        receive(b, p, 0, frames(vf0, b.tap_mac, 6000), N)
        got = queues(p, 0)
        expect(got[0] == 0 and got[2] == 0 and got[1] > 0 and got[3] > 0 and sum(got) == N,
               'RSS over queues 1 and 3: per-queue frames %r' % got)

        # a rule of several mailbox messages: IPv6 addresses, RSS
        v6 = rule(p, 'flow create 0 ingress pattern eth / ipv6 src is fd00::1 '
                     'dst is fd00::2 / udp dst is 5000 / end '
                     'actions rss queues 0 3 end types ipv6-udp end / count / end')
        sc = _scapy()
        receive(b, p, 0, [sc.Ether(dst=vf0, src=b.tap_mac) /
                          sc.IPv6(src='fd00::1', dst='fd00::2') /
                          sc.UDP(sport=1024 + i * 37, dport=5000) / sc.Raw(bytes(40))
                          for i in range(N)], N)
        got = queues(p, 0)
        expect(got[1] == 0 and got[2] == 0 and got[0] > 0 and got[3] > 0,
               'IPv6 RSS over queues 0 and 3: per-queue frames %r' % got)
        expect_eq(hits(p, 0, v6), N, 'hits of the IPv6 rule')

        rule(p, 'flow create 0 ingress pattern eth / ipv4 / tcp dst is 7000 / end '
                'actions mark id 0x1234 / queue index 0 / end')
        mark = p.mark()
        receive(b, p, 0, frames(vf0, b.tap_mac, 7000, n=4, proto='tcp'), 4)
        dumps = wait_for(lambda: re.findall(r'FDIR matched ID=(0x[0-9a-f]+)', p.since(mark))
                         if len(re.findall('FDIR matched', p.since(mark))) >= 4 else None,
                         10, what='4 frames dumped with FDIR')
        expect_eq(set(dumps), {'0x1234'}, 'marks dumped by testpmd')
        # the SIMD bursts report marks too: the port keeps its fastest one
        mode = re.search(r'Burst mode: (.*)', p.cmd('show rxq info 0 0'))
        expect(mode and mode.group(1).strip().startswith('Vector'),
               'rx burst of a port with a marking rule: %r' % (mode and mode.group(1)))

        drop = rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 8000 / end '
                       'actions drop / count / end')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 8000), 0), 0,
                  'VF0 RX-packets of dropped frames')
        wait_for(lambda: hits(p, 0, drop) == N, 5, what='drop rule hits %d' % N)


@test()
def vf_refusals():
    """What a VF may not do: a queue it does not have, a transfer rule, an
    unsupported item or range, isolated mode; beyond its quota
    (vf_flow_quota=2) ENOSPC."""
    with Bench(start_pf=False) as b:
        b.pf = TestPmd([b.model.pf + ',vf_flow_quota=2'], b.model.dir, name='pf-testpmd',
                       expect_ports=1).start()
        p = vf_pmd(b, [0])
        refused(p, 'flow create 0 ingress pattern eth / ipv4 / end actions queue index 9 / end',
                'queue index beyond')
        refused(p, 'flow create 0 transfer pattern eth / end actions drop / end',
                'a VF has no switch rules')
        refused(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst spec 1 dst last 9 / end '
                   'actions drop / end', 'ranges are not supported')
        refused(p, 'flow create 0 ingress pattern eth / vxlan / end actions drop / end',
                'item not supported')
        refused(p, 'flow isolate 0 1', 'isolated mode not supported')
        out = p.cmd('flow validate 0 ingress pattern eth / ipv4 / end actions drop / end')
        expect('validated' in out, 'flow validate:\n%s' % tail(out, 4))
        rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 1 / end actions drop / end')
        rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 2 / end actions drop / end')
        refused(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 3 / end '
                   'actions drop / end', 'quota exhausted')
        p.cmd('flow destroy 0 rule 0')
        rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 3 / end actions drop / end')


@test()
def vf_rss_types_and_bad_args():
    """An RSS action without types carries testpmd's default, RTE_ETH_RSS_IP
    (with IPv6-ex and fragment bits): the rule is created and spreads udp
    dst 6000 over queues 1 and 3; an RSS queue the port does not have is
    refused naming that queue; a VLAN id of 4095 is refused as above
    4094."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = vf_pmd(b, [0])
        rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 6000 / end '
                'actions rss queues 1 3 end / end')
        receive(b, p, 0, frames(vf0, b.tap_mac, 6000), N)
        got = queues(p, 0)
        expect(got[0] == 0 and got[2] == 0 and got[1] > 0 and got[3] > 0,
               'RSS over queues 1 and 3 with the default types: per-queue frames %r' % got)
        refused(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 7000 / end '
                   'actions rss queues 0 9 end / end',
                "queue index beyond the port's rx queues: 9 of 4")
        refused(p, 'flow create 0 ingress pattern eth / vlan vid is 4095 / end '
                   'actions drop / end', 'VLAN id above 4094')


@test()
def vf_quota_by_api():
    """rte_pmd_sriovnic_set_vf_flow_quota() on the PF (pf_admin): with a
    quota of 1 VF0's second rule gets ENOSPC; raised to 2, it is taken."""
    with Bench(start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            pf.ok('quota 0 1')
            p = vf_pmd(b, [0], nbq=1)
            rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 1 / end '
                    'actions drop / end')
            second = ('flow create 0 ingress pattern eth / ipv4 / udp dst is 2 / end '
                      'actions drop / end')
            refused(p, second, 'quota exhausted')
            pf.ok('quota 0 2')
            rule(p, second)
            expect_eq(pf.cmd('quota 9 1')[0], 'err', 'quota of a VF that does not exist')
        finally:
            pf.stop()


@test()
def vf_rules_are_the_vfs_own():
    """VF0's drop rule on udp dst 5000 does not touch VF1's frames; when
    the VF0 testpmd is killed, the PF removes its rules: a new VF0 testpmd
    receives those frames again."""
    with Bench() as b:
        vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
        p0 = vf_pmd(b, [0], nbq=1)
        p1 = vf_pmd(b, [1], nbq=1)
        rule(p0, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 5000 / end '
                 'actions drop / end')
        expect_eq(receive(b, p0, 0, frames(vf0, b.tap_mac, 5000), 0), 0,
                  'VF0 RX-packets of its dropped frames')
        expect_eq(receive(b, p1, 0, frames(vf1, b.tap_mac, 5000), N), N,
                  'VF1 RX-packets of the same flow')
        os.kill(p0.pid, signal.SIGKILL)
        wait_for(lambda: not p0.alive(), 10, what='VF0 testpmd gone')
        p0.stop()
        p0 = vf_pmd(b, [0], nbq=1)
        expect_eq(receive(b, p0, 0, frames(vf0, b.tap_mac, 5000), N), N,
                  'new VF0 RX-packets: the killed one\'s rule is gone')


@test(timeout=200)
def vf_rules_after_pf_restart():
    """The PF testpmd quits (the card forgets every rule) and a new one
    starts: the VF, which keeps its rules, adds them again when it
    recovers: its drop rule on udp dst 5000 drops and counts again."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = vf_pmd(b, [0], nbq=1)
        drop = rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 5000 / end '
                       'actions drop / count / end')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 5000), 0), 0,
                  'VF0 RX-packets of dropped frames before the PF restart')
        old, b.pf = b.pf, None
        b.pmds.insert(0, old)       # its output stays in the logs
        old.stop()
        b.pf = TestPmd([b.model.pf], b.model.dir, name='pf-testpmd-2',
                       expect_ports=1).start()

        def receives():
            p.clear_stats()
            send(b.tap, frames(vf0, b.tap_mac, 6000, n=2))
            return p.wait_rx(0, 2, timeout=1, settle=0)['RX-packets'] == 2
        wait_for(receives, 20, interval=0.5, what='VF0 receiving after the PF restart')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 5000), 0), 0,
                  'VF0 RX-packets of dropped frames after the PF restart')
        wait_for(lambda: hits(p, 0, drop) == N, 5, what='drop rule hits %d' % N)


@test()
def pf_transfer_rules():
    """A PF testpmd with representors of VF0 and VF1: a transfer rule sends
    wire frames to udp dst 5000 to VF1 (represented_port of its
    representor) instead of VF0, whose MAC they carry; a drop rule on udp
    dst 6000 stops them before VF0 and counts them; one created on VF0's
    representor takes VF0's frames only and lets them pass. Legacy switch
    mode: without the rules, the MAC switching delivers to VF0."""
    with Bench(start_pf=False) as b:
        b.pf = TestPmd([b.model.pf + ',representor=vf[0-1],switch_mode=legacy'], b.model.dir,
                       name='pf-testpmd', expect_ports=3).start()
        vf0 = b.model.vf_mac(0)
        p = vf_pmd(b, [0, 1], nbq=1)
        to_vf1 = rule(b.pf, 'flow create 0 transfer pattern represented_port ethdev_port_id is 0 '
                            '/ eth / ipv4 / udp dst is 5000 / end '
                            'actions represented_port ethdev_port_id 2 / count / end')
        p.clear_stats(1)
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 5000), 0), 0,
                  'VF0 RX-packets of frames the rule sends to VF1')
        expect_eq(p.wait_rx(1, N)['RX-packets'], N, 'VF1 RX-packets')
        expect_eq(hits(b.pf, 0, to_vf1), N, 'hits of the transfer rule')
        drop = rule(b.pf, 'flow create 0 transfer pattern eth / ipv4 / udp dst is 6000 / end '
                          'actions drop / count / end')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 6000), 0), 0,
                  'VF0 RX-packets of dropped frames')
        wait_for(lambda: hits(b.pf, 0, drop) == N, 5, what='drop rule hits %d' % N)
        b.pf.cmd('flow flush 0')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 6000), N), N,
                  'VF0 RX-packets after flow flush')
        # on a representor: transfer rules only, into the same switch table
        refused(b.pf, 'flow create 1 ingress pattern eth / end actions drop / end',
                'need the transfer attribute')
        # without a port item, it matches VF0's frames only: not the wire's
        rep = rule(b.pf, 'flow create 1 transfer pattern eth / ipv4 / udp dst is 7000 / end '
                         'actions drop / count / end')
        expect_eq(receive(b, p, 0, frames(vf0, b.tap_mac, 7000), N), N,
                  "VF0 RX-packets of wire frames past a rule of VF0's representor")
        expect_eq(hits(b.pf, 1, rep), 0, 'representor rule hits of wire frames')


@test()
def pf_ingress_rule():
    """An ingress rule of the PF puts udp dst 7000 on its queue 1."""
    with Bench(pf_args=['--forward-mode=rxonly', '--rxq=2', '--txq=2']) as b:
        b.pf.cmd('start')
        rule(b.pf, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 7000 / end '
                   'actions queue index 1 / end')
        expect_eq(receive(b, b.pf, 0, frames(b.model.mac, b.tap_mac, 7000), N), N,
                  'PF RX-packets')
        expect_eq(queues(b.pf, 0, nb=2), [0, N], 'PF rx_q<N>_packets of udp dst 7000')


if __name__ == '__main__':
    main()
