#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The sriovnic-vf-policy tool, a secondary process of the testpmd that owns
a PF: it exports a VF's policy record as JSON from card A and applies it to
a VF of card B; what B cannot take is refused with a message and leaves
its VF as it was. A secondary process cannot attach to a --no-huge
primary, so all but the first test need hugepages."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sriovnic  # noqa: E402
from sriovnic import (Bench, TestPmd, expect, expect_eq, main, send, tagged,  # noqa: E402
                      tail, test, udp_frames)
from vf_policy_tool import apply, export, need_hugepages, tool  # noqa: E402

def refused(pmd, pf, vf, record, message, what):
    """apply of record fails, its message has `message`, VF vf as before."""
    before = export(pmd, pf, vf)
    rc, err = apply(pmd, pf, vf, record)
    expect(rc != 0, '%s: applied' % what)
    expect(message in err, '%s: no message with %r:\n%s' % (what, message, tail(err)))
    expect_eq(export(pmd, pf, vf), before, 'VF%d record after %s' % (vf, what))


@test()
def tool_without_primary():
    """With no DPDK process of that prefix the tool says so and fails; a
    file that is not JSON is refused before it looks for one."""
    prefix = sriovnic.dpdk_prefix('sriovnic-nopf-')
    try:
        rc, _, err = tool(prefix, 'export', '0', '0')
        expect(rc != 0 and 'no DPDK primary process' in err,
               'export without a primary: exit %d:\n%s' % (rc, tail(err)))
        rc, _, err = tool(prefix, 'apply', '0', '0', '-', stdin='{"version": 2,')
        expect(rc != 0 and 'stdin is not JSON' in err,
               'apply of broken JSON: exit %d:\n%s' % (rc, tail(err)))
        rc, _, err = tool(prefix, 'apply', '0', '0')
        expect(rc == 2 and 'usage' in err, 'apply without a file: exit %d' % rc)
    finally:
        sriovnic.dpdk_release(prefix)


@test()
def tool_moves_vf_to_another_card():
    """Card A's PF testpmd has VF0's representor: VF0 is given a MAC, trust,
    port VLAN 100, an extra MAC, a transmit cap and a flow quota by the
    tool, and testpmd creates a transfer rule steering frames to another MAC
    to it. Its export has all that and the rule; applied to VF1 of card B
    (another PF testpmd), B's export is the same, and VF1's testpmd on B
    receives the frames to the moved MAC and those the rule steers, on VLAN
    100. Bad JSON, version 3, a rule in a group B lacks, VF 5 and a PF that
    is not a sriovnic one are refused with a message, B's VF1 unchanged."""
    need_hugepages()
    moved, steered, extra = '02:5e:00:00:0a:0d', '02:5e:00:00:0e:02', '02:5e:00:00:0d:03'
    with Bench(vfs=1, start_pf=False) as b, \
            sriovnic.Model(vfs=2, pf='0000:6e:00.0', mac='02:6e:00:00:01:00') as m2:
        pa = pb = vf = None
        try:
            pa = TestPmd([b.model.pf + ',representor=vf[0],switch_mode=legacy'], b.model.dir,
                         name='card1-pf-testpmd', expect_ports=2).start()
            pb = TestPmd([m2.pf], m2.dir, name='card2-pf-testpmd', expect_ports=1).start()
            a_pf, b_pf = b.model.pf, m2.pf
            rec = dict(export(pa, a_pf, 0), mac=moved.upper(), trust=True, pvid=100,
                       extra_mac=[extra.upper()], tx_rate_max=12500000, tx_burst_max=16384,
                       tx_weight=4, flow_quota=5)
            rc, err = apply(pa, a_pf, 0, rec)
            expect_eq(rc, 0, 'apply to VF0 of card A: ' + err)
            out = pa.cmd('flow create 0 transfer pattern eth dst is %s / end '
                         'actions represented_port ethdev_port_id 1 / end' % steered)
            expect('created' in out, 'transfer rule on card A:\n' + out)
            rec = export(pa, a_pf, 0)
            expect_eq((rec['version'], rec['mac'], rec['pvid'], rec['extra_mac'],
                       rec['tx_rate_max'], rec['flow_quota'], len(rec['admin_rules'])),
                      (2, moved.upper(), 100, [extra.upper()], 12500000, 5, 1),
                      'VF0 record of card A')
            rule = rec['admin_rules'][0]

            refused(pb, b_pf, 1, '{"version": 2, "mac": ', 'is not JSON', 'broken JSON')
            refused(pb, b_pf, 1, dict(rec, version=3), 'version 3', 'record version 3')
            refused(pb, b_pf, 1, dict(rec, admin_rules=[rule, dict(rule, group=40)]),
                    'switch rule 1 refused by the card', 'a rule in group 40')
            rc, err = apply(pb, b_pf, 5, rec)
            expect(rc != 0 and 'no VF 5' in err, 'VF 5 of card B: exit %d:\n%s' % (rc, tail(err)))
            rc, err = apply(pb, '7', 1, rec)
            expect(rc != 0 and 'not a sriovnic PF port' in err,
                   'port 7 of card B: exit %d:\n%s' % (rc, tail(err)))

            rc, err = apply(pb, b_pf, 1, rec)
            expect_eq(rc, 0, 'apply to VF1 of card B: ' + err)
            expect_eq(export(pb, '0', 1), rec, 'VF1 record of card B')

            vf = TestPmd([m2.vf_bdf(1)], m2.dir, args=['--forward-mode=rxonly'],
                         name='card2-vf1-testpmd', expect_ports=1).start()
            vf.cmd('set promisc all off')
            vf.cmd('start')
            for dst, what in ((moved, 'the moved MAC'), (steered, 'the MAC the rule steers')):
                vf.clear_stats(0)
                send(m2.tap, tagged(udp_frames(dst, m2.tap_mac, 8), 100))
                expect_eq(vf.wait_rx(0, 8)['RX-packets'], 8,
                          'VF1 of card B RX-packets of frames to %s on VLAN 100' % what)
        finally:
            for p in (vf, pb, pa):
                if p:
                    p.stop()


if __name__ == '__main__':
    sys.exit(main())
