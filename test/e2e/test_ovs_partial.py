#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""OVS partial offload: Debian's OVS (hw-offload=true) drives VF0 and VF1
as ports of type dpdk, legacy mode (a PF testpmd, no representors). A
megaflow from vf0 cannot go into a VF's card switch, so OVS puts its match
into vf0's ingress table as MARK + RSS (lib/netdev-offload-dpdk.c:
netdev_offload_dpdk_mark_rss(), with `ipv4 fragment_offset` for nw_frag on
IPv4) and finds the flow by the frame's mark instead of classifying it."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ovs import BRIDGE, SIZE, VfOvsBench, appctl, pmd_stat  # noqa: E402
from sriovnic import (Sniffer, _scapy, expect, expect_eq, from_mac, log, main,  # noqa: E402
                      send, test, udp_frames, wait_for)

N = 32
# OVS logs a rule the card refused as "<port>: Failed flow: ... flow create
# <port id> <attributes> pattern ... actions ..."
FAILED = re.compile(r'\|(\S+): Failed flow: .*')


def partial(b):
    """The datapath flows OVS offloaded partially: their in_port(..)."""
    out = appctl(b, 'dpctl/dump-flows', '-m', 'netdev@ovs-netdev',
                 'type=partially-offloaded')
    log('partially offloaded flows:\n' + out)
    return [m.group(1) for m in re.finditer(r'(in_port\([^)]*\)).*offloaded:partial', out)]


@test(timeout=240)
def ovs_vf_partial_offload():
    """OVS forwards IPv4/UDP frames from the wire, received on vf0, to
    vf1 (which sends them back to the TAP) by an in_port=vf0 rule that
    rewrites the MACs. The megaflow (ipv4 frag=no) is offloaded partially
    (dpctl/dump-flows type=partially-offloaded), the card marks its
    frames: OVS's PMD thread finds the flow of each by its mark (phwol
    hits), and the frames reach the TAP intact, each once. OVS logs no
    refusal of a MARK + RSS rule, nor any error. Debian's OVS 3.1.0 does
    not negotiate rx metadata: the marks must come without it."""
    with VfOvsBench() as b:
        vf1, tap = b.model.vf_mac(1), b.tap_mac
        b.ovs.vsctl('set', 'Open_vSwitch', '.', 'other_config:hw-offload=true')
        for port in ('vf0', 'vf1'):
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)
        b.ovs.ofctl('del-flows', BRIDGE)
        b.ovs.ofctl('add-flow', BRIDGE, 'in_port=vf0,actions=mod_dl_src:%s,mod_dl_dst:%s,'
                    'output:vf1' % (vf1, tap))
        sent = udp_frames(b.model.vf_mac(0), tap, N, size=SIZE)

        def warm():
            send(b.tap, sent[:2])
            return 'in_port(vf0)' in partial(b)
        wait_for(warm, 20, interval=0.5, what='the flow from vf0 offloaded partially')

        appctl(b, 'dpif-netdev/pmd-stats-clear')
        with Sniffer(b.tap, from_mac(vf1)) as sn:
            send(b.tap, sent)
            got = sn.wait(N, timeout=10)
        expect_eq(len(got), N, 'frames from VF1 on the wire')
        sc = _scapy()
        expect_eq(sorted(bytes(f[sc.IP]) for f in got), sorted(bytes(f[sc.IP]) for f in sent),
                  'IPv4 datagrams forwarded')
        for f in got:
            expect(f.dst.lower() == tap.lower(), 'frame to %s, want %s' % (f.dst, tap))
        expect_eq(pmd_stat(b, 'phwol hits'), N, 'frames OVS found the flow of by their mark')

        failed = [m.group(0) for m in FAILED.finditer(b.ovs.log_text())]
        refused = [f for f in failed if ' mark id ' in f]
        expect(not refused, 'MARK + RSS rules refused:\n' + '\n'.join(refused))
        # a VF has no switch rules: OVS tries the full offload (transfer)
        # first and logs its refusal, then falls back to MARK + RSS
        for f in sorted(set(failed)):
            print('    refused: %s' % f, flush=True)
        print('    partially offloaded flows: %s' % partial(b), flush=True)
        # OVS asks for promiscuous mode, which an untrusted VF is refused
        errs = [e for e in b.ovs.errors() if 'refused: Operation not permitted' not in e]
        expect(not errs, 'ovs-vswitchd logged errors:\n' + '\n'.join(errs))


if __name__ == '__main__':
    sys.exit(main())
