#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Telemetry, read as an operator reads it: over the telemetry socket of
the running testpmd (/var/run/dpdk/<file-prefix>/dpdk_telemetry.v2, the
protocol dpdk-telemetry.py speaks). The PF's /sriovnic/ commands give its
view of each VF, checked against what was set (a representor's port VLAN
and TPID, devarg trust, a VF's flow rule, the mailbox rate limit a VF's
start-up runs into); bad parameters answer null. /ethdev/dump_priv answers
for the PF, a representor and a VF."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Bench, TestPmd, expect, expect_eq, main, same_mac, tail,  # noqa: E402
                      telemetry, test)

REP = 1                 # VF0's representor: port 1 of the PF testpmd
RULE = 'flow create 0 ingress pattern eth / ipv4 / udp dst is 4789 / end actions drop / end'


class PfBench(Bench):
    """The PF testpmd probes the PF with devargs and VF0's representor
    (port REP), the switch in legacy mode (no vswitch serves the
    representor)."""

    def __init__(self, devargs=''):
        super().__init__(start_pf=False)
        self.devargs = devargs

    def setup(self):
        self.pf = TestPmd([self.model.pf + ',representor=vf[0],switch_mode=legacy' +
                           self.devargs],
                          self.model.dir, name='pf-testpmd', expect_ports=2).start()


def ok(pmd, cmd):
    out = pmd.cmd(cmd)
    expect(not any(w in out for w in ('rror', 'failed', 'Invalid', 'Bad arguments')),
           '%s: %s:\n%s' % (pmd.name, cmd, tail(out, 8)))


@test()
def vf_info():
    """/sriovnic/list, vf_list and vf_info on the PF testpmd: VF0 under port
    VLAN 100 with TPID 0x88a8 (set on its representor), untrusted, one
    flow rule of its own, rate-limited in its start-up (mbx_rate=50,
    mbx_burst=2); VF1 trusted (vf_trust=[1]), no port VLAN, no rule. A VF
    or port that does not exist, a port that is not a PF, malformed
    parameters: null, and the PF logs why."""
    with PfBench(',vf_trust=[1],mbx_rate=50,mbx_burst=2') as b:
        vf = b.vf([0])
        ok(vf, RULE)
        ok(b.pf, 'vlan set outer tpid 0x88a8 %d' % REP)
        ok(b.pf, 'tx_vlan set pvid %d 100 on' % REP)
        expect_eq(telemetry(b.pf, '/sriovnic/list'), [0], '/sriovnic/list')
        expect_eq(telemetry(b.pf, '/sriovnic/vf_list,0'), [0, 1], '/sriovnic/vf_list,0')
        v0 = telemetry(b.pf, '/sriovnic/vf_info,0,0')
        v1 = telemetry(b.pf, '/sriovnic/vf_info,0,1')
        expect(v0 is not None and v1 is not None, 'vf_info null: %r %r' % (v0, v1))
        want0 = {'vf': 0, 'active': 1, 'port_vlan': 100,
                 'port_vlan_tpid': '0x88a8', 'trusted': 0, 'flow_rules': 1,
                 'link_mode': 'auto', 'resets': 1}
        want1 = {'vf': 1, 'active': 0, 'port_vlan': 0, 'trusted': 1, 'flow_rules': 0,
                 'mbx_requests': 0}
        for v, want in ((v0, want0), (v1, want1)):
            expect_eq({k: v.get(k) for k in want}, want, 'vf_info of VF %d' % want['vf'])
        expect(same_mac(v0['mac'], b.model.vf_mac(0)), 'VF0 mac %r' % v0['mac'])
        expect(v0['mbx_rate_limited'] > 0 and v0['mbx_requests'] > v0['mbx_rate_limited'],
               "VF0's start-up not seen rate-limited: %r" % v0)
        expect_eq(v0['mbx_rate_limited'], b.pf.xstats(0)['vf0_mbx_rate_limited'],
                  'mbx_rate_limited against the xstat vf0_mbx_rate_limited')
        bad = {'/sriovnic/vf_info,0,2': 'has 2 VFs, no VF 2',
               '/sriovnic/vf_info,1,0': 'port 1 is not a net_sriovnic',
               '/sriovnic/vf_info,0': 'are not <port>,<vf>',
               '/sriovnic/vf_info,0,1x': 'are not <port>,<vf>',
               '/sriovnic/vf_list,70000': 'port 70000 is not',
               '/sriovnic/vf_list': 'are not <port>'}
        mark = b.pf.mark()
        for cmd in bad:
            expect_eq(telemetry(b.pf, cmd), None, cmd)
        log = b.pf.since(mark)
        for cmd, why in bad.items():
            expect(why in log, '%s: no log saying %r:\n%s' % (cmd, why, log))
        expect(b.pf.alive(), 'PF testpmd died')


@test()
def dump_priv():
    """/ethdev/dump_priv answers for each kind of port, with its role's
    state: the PF (switch mode, mailbox limit, a line per VF), VF0's
    representor (its VF and PF, VF0's port VLAN) and VF0 (API version,
    granted resources, PF state)."""
    with PfBench() as b:
        vf = b.vf([0])
        ok(b.pf, 'tx_vlan set pvid %d 7 on' % REP)
        want = ((b.pf, 0, ['PF 0000:5e:00.0: 2 VFs', 'switch: VEB', 'mailbox:',
                           'vf0: active', 'port vlan 7', 'vf1: inactive']),
                (b.pf, REP, ['representor of VF 0 of PF port 0', 'vf0: active']),
                (vf, 0, ['VF 0 (', 'PF ready', 'mailbox: API 1.',
                         'granted: mac ' + b.model.vf_mac(0).upper()]))
        for pmd, port, lines in want:
            d = telemetry(pmd, '/ethdev/dump_priv,%d' % port)
            expect(isinstance(d, str), '%s port %d: /ethdev/dump_priv answered %r'
                   % (pmd.name, port, d))
            for s in lines:
                expect(s in d, '%s port %d: no %r in the dump:\n%s' % (pmd.name, port, s, d))


if __name__ == '__main__':
    main()
