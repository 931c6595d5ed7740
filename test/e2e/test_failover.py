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
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Bench, Sniffer, _scapy, expect, if_mac, log, main, payload,  # noqa: E402
                      run, tap_prepare, test, udp_frames, unique, wait_for)

RATE = 200              # frames a second in the stream
HOTPLUG_POLL_MS = 100   # how often failsafe tries to probe a missing sub-device


def link(name, kind, *args):
    run(['ip', 'link', 'add', 'name', name, 'type', kind] + list(args))


class Wire:
    """The card's TAP, the fallback's veth and the stream's veth in one
    Linux bridge of a unique name; a short FDB ageing, so that frames for
    the VF's MAC go where that MAC was last seen transmitting. Deleted on
    exit."""

    def __init__(self, tap):
        tag = unique('fo')[-8:]
        self.br = 'snbr' + tag
        self.fb, self.fb_peer = 'snfb' + tag, 'snfp' + tag
        self.gen, self.gen_peer = 'sngn' + tag, 'sngp' + tag
        self.tap = tap

    def __enter__(self):
        link(self.br, 'bridge', 'ageing_time', '10')
        link(self.fb_peer, 'veth', 'peer', 'name', self.fb)
        link(self.gen_peer, 'veth', 'peer', 'name', self.gen)
        for ifname in (self.br, self.fb, self.fb_peer, self.gen, self.gen_peer):
            tap_prepare(ifname)
        for port in (self.tap, self.fb_peer, self.gen_peer):
            run(['ip', 'link', 'set', 'dev', port, 'master', self.br])
        return self

    def __exit__(self, *exc):
        for ifname in (self.fb_peer, self.gen_peer, self.br):
            run(['ip', 'link', 'del', 'dev', ifname], check=False)


class Stream:
    """Numbered frames to `dst` from the stream's veth at RATE a second, in
    a thread; send times kept by sequence number."""

    def __init__(self, iface, dst, src):
        self.frame = bytes(udp_frames(dst, src, 1)[0])
        self.iface = iface
        self.sent = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        sc = _scapy()
        sock = sc.conf.L2socket(iface=self.iface)
        try:
            t0 = time.monotonic()
            seq = 0
            while not self._stop.is_set():
                # one frame built, its sequence number patched in
                sock.send(self.frame.replace(b'seq=000000', b'seq=%06d' % seq))
                self.sent.append(time.monotonic())
                seq += 1
                delay = t0 + seq / RATE - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        finally:
            sock.close()

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(5)


class Tap:
    """Records (time, seq) of the stream's frames coming back (source the
    VF's MAC) seen on an interface."""

    def __init__(self, iface, mac):
        self.seen = []
        self.sn = Sniffer(iface, lambda p: p.src.lower() == mac.lower() and p.haslayer('UDP'))
        self.sn.packets = _Recorder(self.seen)

    def seqs(self):
        return [s for _, s in self.seen]


class _Recorder(list):
    def __init__(self, sink):
        super().__init__()
        self.sink = sink

    def append(self, p):
        seq, _ = payload(p)
        if seq is not None:
            self.sink.append((time.monotonic(), seq))
        super().append(p)


def first_after(tap, t):
    return next((ts for ts, _ in tap.seen if ts >= t), None)


def count_since(tap, t):
    return sum(1 for ts, _ in tap.seen if ts >= t)


def failsafe_port(vnf):
    out = vnf.cmd('show port summary all')
    m = re.search(r'^(\d+) +\S+ +net_failsafe0 ', out, re.M)
    expect(m, 'no failsafe port:\n%s' % out)
    return int(m.group(1))


def failsafe_vnf(b, w, mac):
    """The VNF: testpmd forwarding (macswap) on a failsafe port over VF0
    (preferred) and the af_packet fallback, started with VF0 not plugged
    in. The fallback is its own --vdev ahead of failsafe's, which takes it
    over: failsafe is then not port 0. Debian 22.11's failsafe releases a
    removed sub-device's port twice, the second time with its data already
    zeroed, which resets the fast path of whatever port 0 is."""
    vdev = ('net_failsafe0,mac=%s,hotplug_poll=%d,dev(%s),dev(net_af_packet0)'
            % (mac, HOTPLUG_POLL_MS, b.model.vf_bdf(0)))
    b.model.control('vf-remove 0')
    vnf = b.vf([0], eal=['--vdev', 'net_af_packet0,iface=%s' % w.fb, '--vdev', vdev,
                         '--log-level=pmd.net.failsafe:debug'],
               name='vnf-testpmd', expect_ports=1)
    expect(failsafe_port(vnf) != 0, 'failsafe is port 0')
    # failsafe replays its port's state on a sub-device it plugs in,
    # and an untrusted VF may not be promiscuous
    vnf.cmd('set promisc all off')
    vnf.cmd('set fwd macswap')
    vnf.cmd('start')
    return vnf


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
        vnf = failsafe_vnf(b, w, mac)
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
                wait_for(lambda: count_since(to, t0) > RATE // 2, 15, interval=0.1,
                         what='stream through the new path after %s' % cmd)
                time.sleep(0.3)
                t1 = time.monotonic()
                late = count_since(frm, t1 - 0.3)
                expect(late < 3, '%s: %d frames still through the old path' % (cmd, late))
                times.append((cmd, what, t0, first_after(to, t0) - t0))
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
        got = set(back.seqs())
        bounds = [t0 for _, _, t0, _ in times] + [t_end]
        for k, (cmd, what, t0, dt) in enumerate(times):
            lost = sum(1 for s, ts in enumerate(stream.sent)
                       if s not in got and bounds[k] <= ts < bounds[k + 1])
            fig = ('%s at %d frames/s (%s): %d lost, %.0f ms to the first frame through '
                   'the new path' % (what, RATE, cmd, lost, dt * 1000))
            print('    ' + fig)
            log(fig)
            expect(lost < RATE, '%s: lost %d frames' % (cmd, lost))
        dup = len(back.seqs()) - len(got)
        expect(dup < 3, '%d frames came back twice' % dup)


if __name__ == '__main__':
    main()
