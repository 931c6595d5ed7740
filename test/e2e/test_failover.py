#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VNF on net_failsafe: Debian's testpmd forwards (macswap) on a failsafe
port whose sub-devices are VF0 (preferred) and an af_packet port on a veth
joined to the card's wire by a Linux bridge. A steady stream of numbered
frames from a third bridge port comes back through the fallback while VF0
is not there and through VF0 once it is plugged in and failsafe has probed
it. Frames lost and the fail-back time are measured and printed.

The same VNF on net_bonding in active-backup mode, VF0 primary and the
af_packet port the backup, keeps forwarding while VF0 is removed (surprise
and orderly) and goes back to VF0 once it is added and probed again; frames
lost and the switch times are measured and printed."""

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


def first_sent_after(tap, stream, t):
    """When the first frame sent at t or later came through tap: frames a
    port's ring held from before do not count."""
    return next((ts for ts, seq in tap.seen if stream.sent[seq] >= t), None)


def count_since(tap, t):
    return sum(1 for ts, _ in tap.seen if ts >= t)


def failsafe_port(vnf):
    out = vnf.cmd('show port summary all')
    m = re.search(r'^(\d+) +\S+ +net_failsafe0 ', out, re.M)
    expect(m, 'no failsafe port:\n%s' % out)
    return int(m.group(1))


@test(timeout=120)
def plug_in():
    """The VNF starts on the fallback, VF0 not plugged in: the stream comes
    back through the fallback. `vf-add 0`: failsafe probes VF0, enables
    its removal event and replays its port's state on it (link up among
    it), and the stream comes back through VF0, no longer the fallback;
    fewer than a second's frames lost. Frames lost and the time from
    vf-add to the first frame through VF0 are printed."""
    with Bench() as b, Wire(b.tap) as w:
        mac = b.model.vf_mac(0)
        vdev = ('net_failsafe0,mac=%s,hotplug_poll=%d,dev(%s),dev(net_af_packet0,iface=%s)'
                % (mac, HOTPLUG_POLL_MS, b.model.vf_bdf(0), w.fb))
        b.model.control('vf-remove 0')
        vnf = b.vf([0], eal=['--vdev', vdev, '--log-level=pmd.net.failsafe:debug'],
                   name='vnf-testpmd', expect_ports=1)
        failsafe_port(vnf)
        # failsafe replays its port's state on a sub-device it plugs in,
        # and an untrusted VF may not be promiscuous
        vnf.cmd('set promisc all off')
        vnf.cmd('set fwd macswap')
        vnf.cmd('start')
        via_vf, via_fb, back = Tap(b.tap, mac), Tap(w.fb_peer, mac), Tap(w.gen, mac)
        for t in (via_vf, via_fb, back):
            t.sn.start()
        stream = Stream(w.gen, mac, if_mac(w.gen)).start()
        try:
            wait_for(lambda: len(via_fb.seen) > RATE // 2, 10, interval=0.1,
                     what='stream back through the fallback, VF0 not plugged in')
            mark = vnf.mark()
            t_add = time.monotonic()
            b.model.control('vf-add 0')
            wait_for(lambda: count_since(via_vf, t_add) > RATE // 2, 15, interval=0.1,
                     what='stream back through VF0 once plugged in')
            t_vf = first_after(via_vf, t_add) - t_add
            time.sleep(0.5)
            t_end = time.monotonic()
            late = count_since(via_fb, t_end - 0.3)
            expect(late < 3, 'VF0 plugged in: %d frames still back through the fallback'
                   % late)
        finally:
            stream.stop()
        time.sleep(0.3)
        for t in (via_vf, via_fb, back):
            t.sn.stop()
        out = vnf.since(mark)
        expect('Enabling RMV interrupts for sub_device 0' in out,
               'failsafe did not enable the removal event on VF0:\n%s' % out[-3000:])
        got = set(back.seqs())
        lost = [s for s, ts in enumerate(stream.sent) if s not in got and ts < t_end]
        fig = ('plug-in at %d frames/s: sent %d, lost %d, duplicated %d; %.0f ms from '
               'vf-add to the first frame through VF0 (failsafe probing every %d ms)'
               % (RATE, len(stream.sent), len(lost), len(back.seqs()) - len(got),
                  t_vf * 1000, HOTPLUG_POLL_MS))
        print('    ' + fig)
        log(fig)
        expect(vnf.alive(), 'VNF testpmd died')
        expect(len(lost) < RATE, 'plug-in: lost %d frames' % len(lost))


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
                wait_for(lambda: count_since(via_fb, t0) > RATE // 2, 10, interval=0.1,
                         what='%s: stream back through the fallback' % cmd)
                switches.append((cmd, t0, first_sent_after(via_fb, stream, t0) - t0))
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
                wait_for(lambda: count_since(via_vf, t0) > RATE // 2, 10, interval=0.1,
                         what='%s, vf-add 0: stream back through VF0' % cmd)
                switches.append(('vf-add 0', t0, first_sent_after(via_vf, stream, t0) - t0))
                time.sleep(1)
                late = count_since(via_fb, time.monotonic() - 0.7)
                expect(late == 0, '%s, vf-add 0: VF0 back, %d frames still through the '
                       'fallback' % (cmd, late))
            t_end = time.monotonic()
        finally:
            stream.stop()
        time.sleep(0.3)
        for t in (via_vf, via_fb, back):
            t.sn.stop()
        expect(vnf.alive(), 'VNF testpmd died')
        got = set(back.seqs())
        lost = [ts for s, ts in enumerate(stream.sent) if s not in got and ts < t_end]
        bounds = [t for _, t, _ in switches] + [t_end]
        print('    active-backup at %d frames/s: sent %d, lost %d, duplicated %d'
              % (RATE, len(stream.sent), len(lost), len(back.seqs()) - len(got)))
        for (what, t0, first), t1 in zip(switches, bounds[1:]):
            n = sum(1 for ts in lost if t0 <= ts < t1)
            settled = sum(1 for ts in lost if t0 + first + 0.5 <= ts < t1)
            fig = ('%-20s %3d frames lost, %4.0f ms to the first frame back'
                   % (what + ':', n, first * 1000))
            print('    ' + fig)
            log(fig)
            expect(n < RATE and settled == 0, '%s: %d frames lost, %d of them sent '
                   'over 0.5 s after the first came back' % (what, n, settled))
        early = sum(1 for ts in lost if ts < bounds[0])
        expect(early == 0, '%d frames lost before the first removal' % early)


if __name__ == '__main__':
    main()
