#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""VFs that come and go while the card runs: a VF pulled out under its
running driver through the model's control socket (surprise removal, or
orderly: the driver told first) and put back, under traffic, repeated. The VF's testpmd sees the removal
event, detaches the port and attaches the VF again; the PF forgets the
VF's state as for a VF that died, and the VF's representor shows its link
down while the VF is away. Bad control commands are refused."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from admin import AdminBench  # noqa: E402
from sriovnic import (Bench, Error, expect, expect_eq, main, send, telemetry, test,  # noqa: E402
                      udp_frames, wait_for)

N = 16
CYCLES = 3
RMV_EVENT = 'Port 0: device removal event'
LSC_EVENT = 'Port 0: link state change event'
REP = 1                             # the representor's port in the PF testpmd
REP_LSC_EVENT = 'Port %d: link state change event' % REP
RULE = 'flow create 0 ingress pattern eth / ipv4 / udp dst is 4789 / end actions drop / end'


def vf0_info(b):
    return telemetry(b.pf, '/sriovnic/vf_info,0,0')


@test(timeout=200)
def surprise_cycles():
    """CYCLES times, VF0 with a flow rule of its own and its testpmd
    transmitting (txonly): `vf-remove 0` -> the VF testpmd sees link down
    then the removal event and detaches its port, the VF's directory is
    gone, the PF's vf_info shows VF0 inactive and its rule gone; `vf-add
    0` -> `port attach` and `port start` in the same testpmd, VF0's link is
    up and VF0 receives the TAP's frames again."""
    with Bench() as b:
        vf = b.vf([0])
        for cycle in range(CYCLES):
            remove_cycle(b, vf, 'vf-remove 0', 'cycle %d: ' % cycle)


def remove_cycle(b, vf, cmd, what):
    """cmd removes VF0 under its transmitting testpmd: the removal event,
    the port detached, the directory gone, the PF's view of VF0 cleared;
    then VF0 added back and attached. Seconds from cmd until the
    directory went."""
    vdir = os.path.join(b.model.dir, b.model.vf_bdf(0))
    out = vf.cmd(RULE)
    expect('created' in out, what + 'flow rule:\n%s' % out)
    expect_eq(vf0_info(b)['flow_rules'], 1, what + "VF0's rules at the PF")
    vf.cmd('set fwd txonly')
    vf.cmd('start')
    wait_for(lambda: vf.port_stats(0)['TX-packets'] > 1000, 10, interval=0.2,
             what=what + 'VF0 transmitting')
    mark = vf.mark()
    t0 = time.monotonic()
    b.model.control(cmd)
    wait_for(lambda: not os.path.exists(vdir), 10, interval=0.02,
             what=what + '%s removed' % vdir)
    took = time.monotonic() - t0
    wait_for(lambda: RMV_EVENT in vf.since(mark), 10, what=what + 'removal event')
    events = vf.since(mark)
    expect(0 <= events.find(LSC_EVENT) < events.find(RMV_EVENT),
           what + 'no link down before the removal event:\n%s' % events)
    wait_for(lambda: 'Now total ports is 0' in vf.since(mark), 5,
             what=what + 'removed port detached')
    wait_for(lambda: vf0_info(b)['flow_rules'] == 0, 5,
             what=what + "VF0's rules cleared at the PF")
    expect_eq(vf0_info(b)['active'], 0, what + 'VF0 active at the PF')
    expect(vf.alive() and b.pf.alive(), what + 'a testpmd died')
    vf.cmd('stop')
    b.model.control('vf-add 0')
    out = vf.cmd('port attach %s' % b.model.vf_bdf(0))
    expect('Port 0 is attached' in out, what + 'port attach:\n%s' % out)
    out = vf.cmd('port start 0')
    expect('Fail' not in out, what + 'port start after attach:\n%s' % out)
    # the added VF shows the port's link at once, as bonding reads it
    expect_eq(vf.port_info(0)['Link status'], 'up', what + "VF0's link after vf-add")
    vf.cmd('set fwd rxonly')
    vf.cmd('start')
    vf.clear_stats(0)
    send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, N))
    expect_eq(vf.wait_rx(0, N)['RX-packets'], N, what + 'VF0 RX-packets after vf-add')
    vf.cmd('stop')
    return took


@test(timeout=200)
def orderly():
    """`vf-remove 0 orderly 5000` under a transmitting VF testpmd: the
    driver reports link down and raises the removal event while the VF is
    still there, testpmd detaches, and the card removes the VF then, well
    before the bound (the model logs no late driver). Then with the VF testpmd frozen (SIGSTOP)
    `vf-remove 0 orderly 300`: nobody answers, so the VF goes by surprise
    after the bound; thawed, testpmd sees it gone and detaches. Each time
    VF0 comes back and receives frames."""
    with Bench() as b:
        vf = b.vf([0])
        took = remove_cycle(b, vf, 'vf-remove 0 orderly 5000', 'answered: ')
        expect(took < 3, 'answered: removal took %.1f s, bound 5 s' % took)
        expect('did not detach in time' not in b.model.output,
               'answered: removed on the bound:\n%s' % b.model.output)
        os.kill(vf.pid, signal.SIGSTOP)
        try:
            t0 = time.monotonic()
            b.model.control('vf-remove 0 orderly 300')
            vdir = os.path.join(b.model.dir, b.model.vf_bdf(0))
            wait_for(lambda: not os.path.exists(vdir), 5, interval=0.02,
                     what='frozen: %s removed' % vdir)
            took = time.monotonic() - t0
        finally:
            os.kill(vf.pid, signal.SIGCONT)
        expect(0.25 < took < 2, 'frozen: removal after %.2f s, bound 0.3 s' % took)
        expect('did not detach in time' in b.model.output, 'frozen: no late driver logged')
        mark = vf.mark()
        wait_for(lambda: 'Now total ports is 0' in vf.since(mark), 10,
                 what='frozen: removed port detached')
        vf.cmd('stop')
        b.model.control('vf-add 0')
        out = vf.cmd('port attach %s' % b.model.vf_bdf(0))
        expect('Port 0 is attached' in out, 'frozen: port attach:\n%s' % out)


@test()
def representor_link():
    """The PF testpmd with representor=vf[0] (port 1), no VF driver:
    `vf-remove 0` -> the representor's link goes down with a link state
    change event on port 1, vf_info shows VF0 not present; `vf-add 0` ->
    up again with another event, VF0 present."""
    with AdminBench('representor=vf[0]', pf_ports=2) as b:
        wait_for(lambda: b.pf.port_info(REP)['Link status'] == 'up', 10,
                 what='representor link up')
        for cmd, link, present in (('vf-remove 0', 'down', 0), ('vf-add 0', 'up', 1)):
            mark = b.pf.mark()
            b.model.control(cmd)
            wait_for(lambda: REP_LSC_EVENT in b.pf.since(mark), 5,
                     what='%s: link state change event on the representor' % cmd)
            expect_eq(b.pf.port_info(REP)['Link status'], link,
                      '%s: representor link' % cmd)
            expect_eq(vf0_info(b)['present'], present, '%s: VF0 present' % cmd)
        expect(b.pf.alive(), 'PF testpmd died')


@test()
def control_errors():
    """Commands the control socket refuses, with the card running on:
    unknown verb, VF out of range, VF removed twice, added while there."""
    with Bench() as b:
        for cmd, why in (('vf-frob 0', 'commands:'), ('vf-remove 9', 'No such device'),
                         ('vf-remove 0 orderly 0', 'commands:'),
                         ('vf-remove 0 sudden', 'commands:'),
                         ('vf-remove 0 orderly 100 x', 'commands:'),
                         ('vf-remove x', 'Invalid argument'), ('vf-add 0', 'File exists'),
                         ('vf-remove', 'Invalid argument')):
            try:
                b.model.control(cmd)
                raise AssertionError('%r accepted' % cmd)
            except Error as e:
                expect(why in str(e), '%r: %s' % (cmd, e))
        b.model.control('vf-remove all')
        try:
            b.model.control('vf-remove 1')
            raise AssertionError('VF 1 removed twice')
        except Error as e:
            expect('No such device' in str(e), str(e))
        b.model.control('vf-add all')
        expect(b.pf.alive(), 'PF testpmd died')
        expect(os.path.exists(os.path.join(b.model.dir, b.model.vf_bdf(1), 'dma_socket')),
               'VF1 not back')


if __name__ == '__main__':
    main()
