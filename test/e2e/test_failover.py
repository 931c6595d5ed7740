#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VNF on net_failsafe: Debian's testpmd forwards (macswap) on a failsafe
port whose sub-devices are VF0 (preferred) and an af_packet port on a veth
joined to the card's wire by a Linux bridge. A steady stream of numbered
frames from a third bridge port comes back through the fallback while VF0
is not there and through VF0 while it is plugged in, as VF0 is removed
(by surprise and orderly) and added back. Frames lost and the fail-over
and fail-back times are measured and printed."""

import os
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
                times.append((cmd, what, t0, to.first_after(t0) - t0))
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


if __name__ == '__main__':
    main()
