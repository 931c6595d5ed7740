#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The rte_flow rules of Open vSwitch's partial offload (OVS-DPDK 3.1,
lib/netdev-offload-dpdk.c): pattern + MARK + RSS over all the port's
queues, and on every IPv4 flow an `ipv4 fragment_offset` match for its
nw_frag (not a fragment, first, later), on IPv6 flows `ipv6 has_frag_ext`
and `ipv6_frag_ext`. Created through testpmd on a VF and
on the PF; frames injected on the wire with scapy, the marks read from
testpmd's verbose dump."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Bench, expect_eq, main, rule, _scapy, send, test, wait_for)  # noqa: E402

# the fragment_offset forms OVS emits for nw_frag=no, first, later
NOT_FRAG = 'ipv4 fragment_offset spec 0 fragment_offset mask 0x3fff'
FIRST = 'ipv4 fragment_offset spec 0x2000 fragment_offset mask 0x3fff'
LATER = ('ipv4 fragment_offset spec 1 fragment_offset last 0x1fff '
         'fragment_offset mask 0x1fff')
# the IPv6 forms: has_frag_ext for nw_frag=no; a fragment header at
# offset 0, at a later offset (OVS's frag=later)
NOT_FRAG6 = 'ipv6 has_frag_ext is 0'
FIRST6 = 'ipv6 has_frag_ext is 1 / ipv6_frag_ext frag_data spec 0 frag_data mask 0xfff8'
LATER6 = ('ipv6 has_frag_ext is 1 / ipv6_frag_ext frag_data spec 8 frag_data last 0xfff8 '
          'frag_data mask 0xfff8')
LENGTH = re.compile(r' - length=(\d+)')
MARK = re.compile(r'FDIR matched ID=(0x[0-9a-f]+)')


def ports(b):
    """(name, testpmd, port MAC) of a one-queue VF and the PF, each as OVS
    would have it: rx-only, verbose."""
    vf = b.vf([0], args=['--forward-mode=rxonly', '--rxq=1', '--txq=1', '--nb-cores=1'])
    out = []
    for name, p, mac in (('VF0', vf, b.model.vf_mac(0)), ('PF', b.pf, b.model.mac)):
        p.cmd('set fwd rxonly')
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        p.cmd('start')
        out.append((name, p, mac))
    return out


def marks(b, p, fr):
    """Sends fr (frames of distinct lengths) from the wire; returns
    {frame length: mark or None} as testpmd dumped them."""
    m = p.mark()
    send(b.tap, fr)

    def dumped():
        got = {}
        for line in p.since(m).split('\n'):
            n, mk = LENGTH.search(line), MARK.search(line)
            if n:
                got[int(n.group(1))] = int(mk.group(1), 16) if mk else None
        return got if len(got) >= len(fr) else None
    return wait_for(dumped, 10, what='%d frames dumped' % len(fr))


def marking_rules(p, items):
    """One rule per item, marking 1, 2, ... in order (OVS's MARK + RSS)."""
    for mk, item in enumerate(items, 1):
        rule(p, 'flow create 0 ingress pattern eth / %s / end '
                'actions mark id %d / rss / end' % (item, mk))


def refused(p, name, items):
    for bad in items:
        out = p.cmd('flow create 0 ingress pattern eth / %s / end '
                    'actions mark id 9 / rss / end' % bad)
        expect_eq('created' in out, False, '%s: %s created' % (name, bad))


def udp(dst, src, dport, size, **ip):
    sc = _scapy()
    return (sc.Ether(dst=dst, src=src) / sc.IP(src='10.0.0.1', dst='10.0.0.2', **ip) /
            sc.UDP(sport=1234, dport=dport) / sc.Raw(bytes(size)))


@test()
def rss_types_0_one_queue():
    """`rss` with types 0 (the port's hash) on a one-queue port, with a
    mark, on a VF and on the PF: the rule is created (no hash: the queue),
    matching frames carry the mark, others none; OVS's own form (types ip
    udp tcp over the port's queues) too."""
    with Bench(pf_args=['--rxq=1', '--txq=1']) as b:
        for name, p, mac in ports(b):
            rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 5000 / end '
                    'actions mark id 1 / rss types end / end')
            rule(p, 'flow create 0 ingress pattern eth / ipv4 / udp dst is 5001 / end '
                    'actions mark id 2 / rss types ip udp tcp end / end')
            got = marks(b, p, [udp(mac, b.tap_mac, 5000, 60), udp(mac, b.tap_mac, 5001, 61),
                               udp(mac, b.tap_mac, 5002, 62)])
            expect_eq(sorted(got.values(), key=str), [1, 2, None],
                      '%s: marks of udp dst 5000, 5001, 5002' % name)


@test()
def ipv4_fragment_offset():
    """OVS's three nw_frag forms, each marking, on a VF and on the PF: a
    whole datagram (DF set or not) takes the not-a-fragment mark, a first
    fragment (MF, offset 0) the first's, a middle and a last fragment
    (offset != 0) the later's; an IPv6 frame none. Unsupported forms (MF
    alone, DF) are refused."""
    with Bench(pf_args=['--rxq=1', '--txq=1']) as b:
        for name, p, mac in ports(b):
            marking_rules(p, (NOT_FRAG, FIRST, LATER))
            sc = _scapy()
            fr = [udp(mac, b.tap_mac, 7, 60), udp(mac, b.tap_mac, 7, 61, flags='DF'),
                  udp(mac, b.tap_mac, 7, 62, flags='MF'),
                  udp(mac, b.tap_mac, 7, 63, flags='MF', frag=8),
                  udp(mac, b.tap_mac, 7, 64, frag=16),
                  sc.Ether(dst=mac, src=b.tap_mac) / sc.IPv6() / sc.UDP() / sc.Raw(bytes(65))]
            got = marks(b, p, fr)
            expect_eq([got.get(len(f)) for f in fr], [1, 1, 2, 3, 3, None],
                      '%s: marks of whole (DF, no DF), first, middle, last fragment, IPv6'
                      % name)
            refused(p, name, ('ipv4 fragment_offset spec 0x2000 fragment_offset mask 0x2000',
                              'ipv4 fragment_offset spec 0x4000 fragment_offset mask 0x7fff'))



@test()
def ipv6_frag_ext():
    """IPv6 fragments as OVS matches them, each marking, on a VF and on the
    PF: a datagram without fragment header takes the has_frag_ext 0 mark,
    a first fragment (offset 0) the first's, a middle and a last fragment
    the later's; an IPv4 frame none. OVS's first-fragment form, which
    needs the M flag the card does not compare, and a fragment header
    after has_frag_ext 0 are refused."""
    with Bench(pf_args=['--rxq=1', '--txq=1']) as b:
        for name, p, mac in ports(b):
            marking_rules(p, (NOT_FRAG6, FIRST6, LATER6))
            sc = _scapy()

            def ip6(size, **frag):
                hdr = sc.Ether(dst=mac, src=b.tap_mac) / sc.IPv6(src='fd00::1', dst='fd00::2')
                if frag:
                    hdr = hdr / sc.IPv6ExtHdrFragment(nh=17, id=7, **frag)
                return hdr / sc.UDP(sport=1234, dport=7) / sc.Raw(bytes(size))
            fr = [ip6(60), ip6(61, m=1, offset=0), ip6(62, m=1, offset=8),
                  ip6(63, m=0, offset=16), udp(mac, b.tap_mac, 7, 64)]
            got = marks(b, p, fr)
            expect_eq([got.get(len(f)) for f in fr], [1, 2, 3, 3, None],
                      '%s: marks of whole, first, middle, last IPv6 fragment, IPv4' % name)
            refused(p, name, ('ipv6 has_frag_ext is 1 / ipv6_frag_ext next_hdr is 17 '
                              'frag_data spec 1 frag_data mask 0xfff9',
                              'ipv6 has_frag_ext is 0 / ipv6_frag_ext'))


if __name__ == '__main__':
    main()
