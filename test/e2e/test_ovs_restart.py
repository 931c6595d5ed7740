#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Open vSwitch with DPDK rides through a restart of the PF's driver. OVS
drives VF0 and VF1 as ports of type dpdk (their PCI addresses) with an
in_port= rule from one to the other; a PF testpmd, which the test quits
and starts again, drives the PF. The VFs raise their reset event once
the PF is back (guide, Resets): OVS resets the ports and keeps them under
the same ofport, and traffic resumes. OVS's main thread never waits on
the driver for long, not even for a VF added while the PF is away."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ovs import BRIDGE, SIZE, VfOvsBench  # noqa: E402
from sriovnic import (Sniffer, TestPmd, expect, expect_eq, from_mac,  # noqa: E402
                      main, send, test, udp_frames, wait_for)

N = 20
# long enough that a request waiting for an absent PF would show
MBX_TIMEOUT_MS = 10000
# OVS logs a thread it keeps waiting for 1 s or more
BLOCKED = re.compile(r'blocked (\d+) ms waiting for (\w+) to quiesce')


def forwarded(b, n, timeout=5):
    """n frames from the TAP to VF0's MAC: how many OVS forwarded from vf0
    to vf1, which sends them back to the TAP from VF1's MAC."""
    vf1 = b.model.vf_mac(1)
    with Sniffer(b.tap, from_mac(vf1)) as sn:
        send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, n, size=SIZE))
        return len(sn.wait(n, timeout=timeout))


@test(timeout=300)
def ovs_vf_pf_restart():
    """OVS forwards in_port=vf0 to vf1 (N/N); the PF testpmd quits: no VF
    port changes, a VF added meanwhile is refused at once; a new PF
    testpmd starts: the VFs recover, OVS resets them on their reset event,
    within a bound N/N frames are forwarded again, vf0 and vf1 keep their
    ofports, and ovs-vswitchd never logged a thread blocked waiting for
    another."""
    with VfOvsBench(mbx_timeout_ms=MBX_TIMEOUT_MS) as b:
        for port in ('vf0', 'vf1'):
            wait_for(lambda: b.ovs.link(port) == 'up', 15, interval=0.5,
                     what='OVS link_state of %s up' % port)
        ofports = {port: b.ofport(port) for port in ('vf0', 'vf1')}
        b.ovs.ofctl('del-flows', BRIDGE)
        b.ovs.ofctl('add-flow', BRIDGE, 'in_port=vf0,actions=mod_dl_src:%s,mod_dl_dst:%s,output:vf1'
                    % (b.model.vf_mac(1), b.tap_mac))
        expect_eq(forwarded(b, N), N, 'frames forwarded vf0 -> vf1 before the PF restart')

        old, b.pf = b.pf, None
        b.pmds.insert(0, old)       # its output stays in the logs
        t0 = time.monotonic()
        old.stop()
        t_quit = time.monotonic() - t0
        wait_for(lambda: b.ovs.log_text().count('VF will recover when the PF is back') >= 2,
                 10, interval=0.2, what='both VFs noticing the PF gone')
        t = time.monotonic()
        b.ovs.vsctl('add-port', BRIDGE, 'vf2', '--', 'set', 'interface', 'vf2', 'type=dpdk',
                    'options:dpdk-devargs=' + b.vf_devargs(2), check=False)
        t_add = time.monotonic() - t
        err = b.ovs.vsctl('get', 'interface', 'vf2', 'error', wait=False)
        expect('Error attaching' in err, 'vf2 added while its PF is away: error %s' % err)
        expect('no PF driver running' in b.ovs.log_text(),
               'no error naming the missing PF driver in the log of OVS')
        b.ovs.vsctl('del-port', 'vf2')
        expect_eq({port: b.ofport(port) for port in ofports}, ofports,
                  'ofports while the PF is away')

        t = time.monotonic()
        b.pf = TestPmd([b.model.pf], b.model.dir, name='pf-testpmd-2', expect_ports=1).start()
        t_up = time.monotonic()
        wait_for(lambda: forwarded(b, 2, timeout=1) == 2, 20, interval=0.2,
                 what='vf0 -> vf1 forwarding after the PF restart')
        t_back = time.monotonic() - t_up
        expect_eq(forwarded(b, N), N, 'frames forwarded vf0 -> vf1 after the PF restart')
        expect_eq({port: b.ofport(port) for port in ofports}, ofports,
                  'ofports after the PF restart')
        for port in ofports:
            b.ovs.port_ok(port)
        # each VF recovered by itself, then once more in the reset OVS did
        # on its event
        for n in (0, 1):
            restored = b.ovs.log_text().count('%s: VF settings restored' % b.model.vf_bdf(n))
            expect_eq(restored, 2, 'VF%d recoveries in the log of OVS' % n)
        blocked = [m.group(0) for m in BLOCKED.finditer(b.ovs.log_text())]
        expect(not blocked, 'ovs-vswitchd threads blocked:\n' + '\n'.join(blocked))
        print('    PF testpmd quit in %.2f s; vf2 add refused in %.2f s; new PF testpmd up '
              'in %.2f s; forwarding again %.2f s after it'
              % (t_quit, t_add, t_up - t, t_back), flush=True)


if __name__ == '__main__':
    sys.exit(main())
