#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VNF on net_failsafe: Debian's testpmd forwards (macswap) on a failsafe
port whose sub-devices are VF0 (preferred) and an af_packet port on a veth
joined to the card's wire by a Linux bridge. A steady stream of numbered
frames from a third bridge port comes back through the fallback while VF0
is not there and through VF0 while it is plugged in, as VF0 is removed
(by surprise and orderly) and added back. Frames lost and the fail-over
and fail-back times are measured and printed.

The same VNF on net_bonding in active-backup mode, VF0 primary and the
af_packet port the backup, keeps forwarding while VF0 is removed (surprise
and orderly) and goes back to VF0 once it is added and probed again; frames
lost and the switch times are measured and printed."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import Bench, expect, if_mac, log, main, test, wait_for  # noqa: E402
from wire import HOTPLUG_POLL_MS, RATE, Bridge, Stream, Tap, failsafe_vnf  # noqa: E402

class Wire(Bridge):
    """The card's TAP, the fallback's veth (fb: the VNF's end, fb_peer:
    the bridge's) and the stream's veth (gen) in one bridge with a 0.1 s
    FDB ageing."""

    def __init__(self, tap):
        super().__init__(ageing=10)
        self.tap = tap

    def __enter__(self):
        super().__enter__()
        self.join(self.tap)
        self.fb, self.fb_peer = self.veth('fb')
        self.gen, _ = self.veth('gn')
        return self


@test(timeout=150)
def plug_unplug():
    """The VNF starts on the fallback, VF0 not plugged in; the stream comes
    back through the fallback. Then, under the stream: `vf-add 0` (failsafe
    probes VF0, enables its removal event, replays its port's state on it,
    link up among it: the stream moves to VF0), surprise `vf-remove 0` (the
    stream moves back to the fallback), `vf-add 0`, orderly `vf-remove 0
    orderly`, `vf-add 0`. After each switch the stream comes back through
    the new path only; the VNF lives through it all; fewer than a second's
    frames lost at any switch. Frames lost per switch and the time from the
    command to the first frame through the new path are printed."""
    with Bench() as b, Wire(b.tap) as w:
        mac = b.model.vf_mac(0)
        b.model.control('vf-remove 0')
        vnf = failsafe_vnf(lambda eal: b.vf([0], eal=eal, name='vnf-testpmd', expect_ports=1),
                           b.model.vf_bdf(0), w.fb, mac)
        via_vf, via_fb, back = Tap(b.tap, mac), Tap(w.fb_peer, mac), Tap(w.gen, mac)
        for t in (via_vf, via_fb, back):
            t.sn.start()
        stream = Stream(w.gen, mac, if_mac(w.gen)).start()
        steps = [('vf-add 0', via_vf, via_fb, 'fail-back'),
                 ('vf-remove 0', via_fb, via_vf, 'fail-over (surprise removal)'),
                 ('vf-add 0', via_vf, via_fb, 'fail-back'),
                 ('vf-remove 0 orderly', via_fb, via_vf, 'fail-over (orderly removal)'),
                 ('vf-add 0', via_vf, via_fb, 'fail-back')]
        times = []
        mark = vnf.mark()
        try:
            wait_for(lambda: len(via_fb.seen) > RATE // 2, 10, interval=0.1,
                     what='stream back through the fallback, VF0 not plugged in')
            for cmd, to, frm, what in steps:
                t0 = time.monotonic()
                b.model.control(cmd)
                wait_for(lambda: to.count_since(t0) > RATE // 2, 15, interval=0.1,
                         what='stream through the new path after %s' % cmd)
                time.sleep(0.3)
                t1 = time.monotonic()
                late = frm.count_since(t1 - 0.3)
                expect(late < 3, '%s: %d frames still through the old path' % (cmd, late))
                times.append((cmd, what, t0, to.first_sent_after(stream, t0) - t0))
            t_end = time.monotonic()
        finally:
            stream.stop()
        time.sleep(0.3)
        for t in (via_vf, via_fb, back):
            t.sn.stop()
        out = vnf.since(mark)
        expect(out.count('Enabling RMV interrupts for sub_device 0') == 3,
               'failsafe did not enable the removal event on VF0 at each plug-in:\n%s'
               % out[-3000:])
        expect(vnf.alive(), 'VNF testpmd died')
        bounds = [t0 for _, _, t0, _ in times] + [t_end]
        for k, (cmd, what, t0, dt) in enumerate(times):
            lost = len(stream.lost(back.seqs(), bounds[k], bounds[k + 1]))
            fig = ('%s at %d frames/s (%s): %d lost, %.0f ms to the first frame through '
                   'the new path' % (what, RATE, cmd, lost, dt * 1000))
            print('    ' + fig)
            log(fig)
            expect(lost < RATE, '%s: lost %d frames' % (cmd, lost))
        dup = len(back.seqs()) - len(set(back.seqs()))
        expect(dup < 3, '%d frames came back twice' % dup)


def bonding_port(vnf):
    """Port id of the bond `create bonded device` made."""
    out = vnf.cmd('create bonded device 1 0')
    m = re.search(r'Created new bonded device \S+ on \(port (\d+)\)', out)
    expect(m, 'create bonded device:\n%s' % out)
    return int(m.group(1))


def vnf_cmds(vnf, what, *cmds):
    """Run testpmd commands; any failure they print fails the test."""
    for c in cmds:
        out = vnf.cmd(c)
        expect(not re.search(r'Fail|failed|Invalid|Please', out),
               '%s: %r:\n%s' % (what, c, out))


def attached_port(vnf, bdf):
    out = vnf.cmd('port attach %s' % bdf)
    m = re.search(r'Port (\d+) is attached', out)
    expect(m, 'port attach %s:\n%s' % (bdf, out))
    return int(m.group(1))


@test(timeout=120)
def bonding_cycles():
    """A VNF on net_bonding in active-backup mode, VF0 the primary and an
    af_packet port on the same wire the backup, the bond carrying VF0's
    MAC, forwards (macswap) a steady numbered stream. Twice (a surprise,
    then an orderly removal): `vf-remove 0` -> VF0's link goes down,
    bonding makes the backup current and the stream comes back through
    it; the VNF, as a removal handler would, takes VF0 out of the bond,
    closes and detaches it. `vf-add 0` -> `port attach`, the port added
    to the bond and made its primary: the stream comes back through VF0
    and no longer through the backup. Each switch loses less than a
    second's frames and none 0.5 s after the first frame is back; the VNF
    lives on. Frames lost and the time from the command to the first frame
    sent after it coming back are printed."""
    with Bench() as b, Wire(b.tap) as w:
        mac, bdf = b.model.vf_mac(0), b.model.vf_bdf(0)
        # --no-flush-rx: testpmd's `start` would drop what the bond's
        # current port received while forwarding was stopped
        vnf = b.vf([0], eal=['--vdev', 'net_af_packet0,iface=%s' % w.fb],
                   args=['--no-flush-rx'], name='vnf-testpmd', expect_ports=2)
        vf_port, fb_port = 0, 1
        vnf.cmd('port stop all')
        bond = bonding_port(vnf)
        # ethdev restores promiscuous mode at the bond's start, which an
        # untrusted VF refuses: off before the start
        vnf_cmds(vnf, 'bond setup',
                 'add bonding slave %d %d' % (vf_port, bond),
                 'add bonding slave %d %d' % (fb_port, bond),
                 'set bonding primary %d %d' % (vf_port, bond),
                 'set bonding mac_addr %d %s' % (bond, mac),
                 'set promisc %d off' % bond, 'port start %d' % bond,
                 'set portlist %d' % bond, 'set fwd macswap', 'start')
        via_vf, via_fb, back = Tap(b.tap, mac), Tap(w.fb_peer, mac), Tap(w.gen, mac)
        for t in (via_vf, via_fb, back):
            t.sn.start()
        stream = Stream(w.gen, mac, if_mac(w.gen)).start()
        switches = []   # (what, time of the command, seconds to the first frame)
        try:
            wait_for(lambda: len(via_vf.seen) > RATE // 2, 10, interval=0.1,
                     what='stream back through VF0')
            for cmd in ('vf-remove 0', 'vf-remove 0 orderly'):
                mark = vnf.mark()
                t0 = time.monotonic()
                b.model.control(cmd)
                wait_for(lambda: via_fb.count_since(t0) > RATE // 2, 10, interval=0.1,
                         what='%s: stream back through the fallback' % cmd)
                switches.append((cmd, t0, via_fb.first_sent_after(stream, t0) - t0))
                wait_for(lambda: 'device removal event' in vnf.since(mark), 5,
                         what='%s: removal event' % cmd)
                vnf_cmds(vnf, cmd + ': VF0 out',
                         'remove bonding slave %d %d' % (vf_port, bond),
                         'port stop %d' % vf_port, 'port close %d' % vf_port,
                         'device detach %s' % bdf)
                vdir = os.path.join(b.model.dir, bdf)
                wait_for(lambda: not os.path.exists(vdir), 5, interval=0.05,
                         what='%s: VF0 gone' % cmd)
                time.sleep(1)
                t0 = time.monotonic()
                b.model.control('vf-add 0')
                vf_port = attached_port(vnf, bdf)
                # started by testpmd, so that testpmd stops it once it
                # goes again (the bond starts it anyway); testpmd adds a
                # port it attaches to its forwarding ports, where it would
                # be polled beside the bond: back to the bond alone, which
                # forwarding must stop for (and starts only with every port
                # started)
                vnf_cmds(vnf, cmd + ': VF0 back', 'port start %d' % vf_port,
                         'stop', 'set portlist %d' % bond, 'start',
                         'add bonding slave %d %d' % (vf_port, bond),
                         'set bonding primary %d %d' % (vf_port, bond))
                wait_for(lambda: via_vf.count_since(t0) > RATE // 2, 10, interval=0.1,
                         what='%s, vf-add 0: stream back through VF0' % cmd)
                switches.append(('vf-add 0', t0, via_vf.first_sent_after(stream, t0) - t0))
                time.sleep(1)
                late = via_fb.count_since(time.monotonic() - 0.7)
                expect(late == 0, '%s, vf-add 0: VF0 back, %d frames still through the '
                       'fallback' % (cmd, late))
            t_end = time.monotonic()
        finally:
            stream.stop()
        time.sleep(0.3)
        for t in (via_vf, via_fb, back):
            t.sn.stop()
        expect(vnf.alive(), 'VNF testpmd died')
        seen = back.seqs()
        bounds = [t for _, t, _ in switches] + [t_end]
        print('    active-backup at %d frames/s: sent %d, lost %d, duplicated %d'
              % (RATE, len(stream.sent), len(stream.lost(seen, 0, t_end)),
                 len(seen) - len(set(seen))))
        for (what, t0, first), t1 in zip(switches, bounds[1:]):
            n = len(stream.lost(seen, t0, t1))
            settled = len(stream.lost(seen, t0 + first + 0.5, t1))
            fig = ('%-20s %3d frames lost, %4.0f ms to the first frame back'
                   % (what + ':', n, first * 1000))
            print('    ' + fig)
            log(fig)
            expect(n < RATE and settled == 0, '%s: %d frames lost, %d of them sent '
                   'over 0.5 s after the first came back' % (what, n, settled))
        early = len(stream.lost(seen, 0, bounds[0]))
        expect(early == 0, '%d frames lost before the first removal' % early)


if __name__ == '__main__':
    main()
