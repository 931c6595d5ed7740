#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The sriovnic-vf-policy tool, a secondary process of the testpmd that owns
a PF: it exports a VF's policy record as JSON from card A and applies it to
a VF of card B; what B cannot take is refused with a message and leaves
its VF as it was. A secondary process cannot attach to a --no-huge
primary, so all but the first test need hugepages."""

import json
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


# A record the tool takes (it then looks for the primary), and edits of it
# that it refuses before it looks, each with what its message must say
GOOD = {'version': 2, 'mac': '02:5E:00:00:0A:0D', 'extra_mac': ['02:5E:00:00:0D:03'],
        'vlan': [200], 'admin_rules': [{'group': 0, 'priority': 0, 'to_vf': True,
                                        'rule': 'ff'}]}
INT = 'is not an integer from 0 to '
DROP = object()  # the key left out
BOOL = 'is not true or false'
BAD_RECORDS = [
    # the type of every key
    ({'version': '2'}, '"version" ' + INT), ({'mac': 5}, '"mac" is not a MAC'),
    ({'admin_mac': 1}, '"admin_mac" ' + BOOL), ({'extra_mac': '02:5E:00:00:0D:03'},
                                                 '"extra_mac" is not an array'),
    ({'pvid': '100'}, '"pvid" ' + INT), ({'pcp': True}, '"pcp" ' + INT),
    ({'tpid': 33024.0}, '"tpid" ' + INT), ({'vlan': {}}, '"vlan" is not an array'),
    ({'vlan_filtering': 'yes'}, '"vlan_filtering" ' + BOOL), ({'trust': 0}, '"trust" ' + BOOL),
    ({'mac_anti_spoof': None}, '"mac_anti_spoof" ' + BOOL),
    ({'vlan_anti_spoof': []}, '"vlan_anti_spoof" ' + BOOL), ({'link': 1}, '"link" is not'),
    ({'tx_rate_max': '1'}, '"tx_rate_max" ' + INT), ({'tx_burst_max': []}, '"tx_burst_max" ' + INT),
    ({'tx_weight': 2.0}, '"tx_weight" ' + INT), ({'flow_quota': False}, '"flow_quota" ' + INT),
    ({'flow_rules': '3'}, '"flow_rules" ' + INT), ({'admin_rules': {}}, '"admin_rules" is not an array'),
    ({'admin_rules': [1]}, 'admin_rules[0] is not an object'),
    ({'admin_rules': [{'group': '0', 'priority': 0, 'rule': 'ff'}]},
     '"group" %s255 in admin_rules[0]' % INT),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'from_vf': 1, 'rule': 'ff'}]},
     '"from_vf" %s in admin_rules[0]' % BOOL),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'to_vf': 'no', 'rule': 'ff'}]},
     '"to_vf" %s in admin_rules[0]' % BOOL),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'rule': 255}]}, '"rule" is not a hex string'),
    # values out of the record's range
    ({'version': 65536}, '"version" %s65535' % INT), ({'pvid': 4095}, '"pvid" %s4094' % INT),
    ({'pcp': 8}, '"pcp" %s7' % INT), ({'tpid': 0x9100}, '"tpid" is not'),
    ({'vlan': [200, 4095]}, '"vlan" holds a value that is no VLAN id'),
    ({'vlan': [-1]}, '"vlan" holds a value that is no VLAN id'),
    ({'tx_rate_max': -1}, '"tx_rate_max" ' + INT), ({'tx_burst_max': 2**32}, '"tx_burst_max" ' + INT),
    ({'tx_weight': 256}, '"tx_weight" %s255' % INT), ({'flow_quota': 2**32}, '"flow_quota" ' + INT),
    ({'admin_rules': [{'group': 0, 'priority': 256, 'rule': 'ff'}]},
     '"priority" %s255 in admin_rules[0]' % INT),
    # malformed MACs
    ({'mac': '02:5e:00:00:0a'}, '"mac" is not a MAC'),
    ({'extra_mac': ['02:5e:00:00:0d:03', '02-5e-zz-00-0d-03']}, '"extra_mac" is not a MAC'),
    # more entries than a record holds
    ({'extra_mac': ['02:5e:00:00:0d:%02x' % i for i in range(9)]},
     '"extra_mac" has 9 entries, a record at most 8'),
    ({'vlan': list(range(1, 18))}, '"vlan" has 17 entries, a record at most 16'),
    ({'admin_rules': GOOD['admin_rules'] * 17}, '"admin_rules" has 17 entries, a record at most 16'),
    # rule buffers that are not hex of at most 256 bytes
    ({'admin_rules': [{'group': 0, 'priority': 0, 'rule': 'fx'}]}, '"rule" is not a hex string'),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'rule': 'fff'}]}, '"rule" is not a hex string'),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'rule': '00' * 257}]},
     '"rule" is not a hex string of at most 256 bytes in admin_rules[0]'),
    ({'admin_rules': [{'group': 0, 'priority': 0}]}, '"rule" is not a hex string'),
    # unknown keys are refused: a misspelt one would leave its field unset
    ({'trusted': True}, 'unknown key "trusted"'),
    ({'admin_rules': [{'group': 0, 'priority': 0, 'rule': 'ff', 'meter': 1}]},
     'unknown key "meter" in admin_rules[0]'),
    # required keys, and a key given twice
    ({'mac': DROP}, '"mac" is not a MAC'), ({'version': DROP}, '"version" missing'),
    ('{"version": 2, "version": 1, "mac": "02:5E:00:00:0A:0D"}', 'duplicate object key'),
]


@test()
def tool_refuses_bad_input():
    """Every key of the record with a wrong type, values out of the
    record's range, malformed MACs, lists longer than the record holds, bad
    rule hex, unknown keys: the tool exits non-zero with a message naming
    the key, before it looks for a primary (the record it was edited from
    gets that far). So does a bad command line: no or an unknown command,
    arguments missing or in excess, a VF that is no number, a file that
    does not exist."""
    prefix = sriovnic.dpdk_prefix('sriovnic-nopf-')

    def refused(args, message, what, stdin=None, code=None):
        rc, _, err = tool(prefix, *args, stdin=stdin)
        expect(rc != 0 and (code is None or rc == code) and message in err and
               'no DPDK primary' not in err,
               '%s: exit %d, no %r before the primary is looked for:\n%s'
               % (what, rc, message, tail(err)))

    try:
        rc, _, err = tool(prefix, 'apply', '0', '0', '-', stdin=json.dumps(GOOD))
        expect(rc != 0 and 'no DPDK primary process' in err,
               'the good record reaches the attach: exit %d:\n%s' % (rc, tail(err)))
        for edit, message in BAD_RECORDS:
            text = edit if isinstance(edit, str) else json.dumps(
                {k: v for k, v in dict(GOOD, **edit).items() if v is not DROP})
            refused(('apply', '0', '0', '-'), message, 'record %s' % text[:80], stdin=text)
        for args, message in ((('frob', '0', '0'), "unknown command 'frob'"),
                              (('export', '0'), 'export takes PF VF'),
                              (('export', '0', '0', 'x'), 'export takes PF VF'),
                              (('apply', '0', '0'), 'apply takes PF VF FILE|-'),
                              (('apply', '0', '0', 'a', 'b'), 'apply takes PF VF FILE|-')):
            refused(args, message, ' '.join(args), code=2)
        refused((), 'usage', 'no command', code=2)
        for vf in ('x1', '-1', '65536', ''):
            refused(('export', '0', vf), "VF '%s' is not a number" % vf, 'VF %r' % vf)
        refused(('apply', '0', '0', '/nonexistent/vf.json'),
                'cannot read /nonexistent/vf.json: No such file', 'a file that does not exist')
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
    100. Bad JSON, version 3, a rule in a group B lacks, six rules where
    B's rule table (--flow-rules 5) has room for five, an unknown key, 17
    VLAN filters, VF 5 and a PF that is not a sriovnic one are refused with
    a message, B's VF1 unchanged."""
    need_hugepages()
    moved, steered, extra = '02:5e:00:00:0a:0d', '02:5e:00:00:0e:02', '02:5e:00:00:0d:03'
    with Bench(vfs=1, start_pf=False) as b, \
            sriovnic.Model(vfs=2, pf='0000:6e:00.0', mac='02:6e:00:00:01:00',
                           flow_rules=5) as m2:
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
            # card B's rule table has 5 entries (the record's flow quota)
            refused(pb, b_pf, 1, dict(rec, admin_rules=[dict(rule, priority=p)
                                                         for p in range(6)]),
                    'switch rule 5 refused by the card: rule table full', 'six rules')
            refused(pb, b_pf, 1, dict(rec, trusted=True), 'unknown key "trusted"',
                    'an unknown key')
            refused(pb, b_pf, 1, dict(rec, vlan=list(range(1, 18))),
                    '"vlan" has 17 entries', '17 VLAN filters')
            rc, err = apply(pb, b_pf, 5, rec)
            expect(rc != 0 and 'no VF 5' in err, 'VF 5 of card B: exit %d:\n%s' % (rc, tail(err)))
            rc, err = apply(pb, '7', 1, rec)
            expect(rc != 0 and 'not a sriovnic PF port' in err,
                   'port 7 of card B: exit %d:\n%s' % (rc, tail(err)))

            rc, err = apply(pb, b_pf, 1, rec)
            expect_eq(rc, 0, 'apply to VF1 of card B: ' + err)
            expect_eq(export(pb, '0', 1), rec, 'VF1 record of card B')
            # the PF port reset: requests wait it out or are refused,
            # and are answered again after it, the record kept
            for c in ('port stop 0', 'port reset 0', 'port start 0'):
                pb.cmd(c)
            expect_eq(export(pb, '0', 1), rec, 'VF1 record of card B after a PF reset')

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
