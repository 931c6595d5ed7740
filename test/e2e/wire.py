#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""One L2 segment for the end-to-end tests: a Linux bridge whose ports are
cards' TAPs and veth pairs, a steady stream of numbered frames sent from one
port, recorders of the stream's frames seen on others, and a VNF on
net_failsafe over a VF and a fallback on the segment."""

import os
import re
import shutil
import tempfile
import threading
import time

from sriovnic import (Error, Model, Sniffer, TestPmd, _scapy, expect, payload, run,
                      tagged, tap_prepare, udp_frames, unique)

RATE = 200              # frames a second in a stream
HOTPLUG_POLL_MS = 100   # how often failsafe tries to probe a missing sub-device
# lean ports: 64 descriptors a queue, a small pool (room for the rx rings
# of 32 ports), 64 MB: the machine's hugepages are shared
LEAN = ['--rxd=64', '--txd=64', '--mbcache=16', '--total-num-mbufs=4096']
MEM = 64


class Bridge:
    """A Linux bridge of a unique name; with `ageing` (hundredths of a
    second, the kernel's unit) a short FDB ageing, so that frames for a MAC
    go where that MAC was last seen transmitting. Deleted on exit with the
    veth pairs it made (TAPs leave it when their models stop)."""

    def __init__(self, ageing=None):
        self.name = unique('snbr')[:15]
        self.ageing = ageing
        self._peers = []

    def __enter__(self):
        extra = ['ageing_time', str(self.ageing)] if self.ageing is not None else []
        run(['ip', 'link', 'add', 'name', self.name, 'type', 'bridge'] + extra)
        tap_prepare(self.name)
        return self

    def join(self, ifname):
        run(['ip', 'link', 'set', 'dev', ifname, 'master', self.name])

    def veth(self, tag):
        """A veth pair, one end a port of the bridge; returns (the free
        end, the bridge's end)."""
        end, peer = unique('sn' + tag)[:15], unique('sp' + tag)[:15]
        run(['ip', 'link', 'add', 'name', peer, 'type', 'veth', 'peer', 'name', end])
        self._peers.append(peer)
        for ifname in (end, peer):
            tap_prepare(ifname)
        self.join(peer)
        return end, peer

    def __exit__(self, *exc):
        for ifname in self._peers + [self.name]:
            run(['ip', 'link', 'del', 'dev', ifname], check=False)


class Cards:
    """Cards (models), one per (PF address, MAC base) of `cards`, on one
    segment (a Bridge with `ageing`) and a PF testpmd per card, its PF
    probed with `pf_devargs`; other testpmds through pmd(). Stops
    everything, the last started first."""

    def __init__(self, cards, vfs=2, pf_pmd=True, ageing=None, pf_devargs=''):
        self.models = [Model(vfs=vfs, pf=pf, mac=mac) for pf, mac in cards]
        self.pf_pmd = pf_pmd
        self.pf_devargs = pf_devargs
        self.pmds = []
        self.seg = Bridge(ageing)
        self.dirs = []

    def __enter__(self):
        try:
            self.seg.__enter__()
            for m in self.models:
                m.start()
                self.seg.join(m.tap)
            if self.pf_pmd:
                for i, m in enumerate(self.models):
                    self.pmd([m.pf + (',' + self.pf_devargs if self.pf_devargs else '')],
                             m.dir, name='pf%d-testpmd' % i,
                             expect_ports=None if self.pf_devargs else 1)
        except BaseException:
            self.stop()
            raise
        return self

    def pmd(self, addrs, sysfs, args=(), name='vf-testpmd', **kw):
        kw.setdefault('expect_ports', len(addrs))
        kw.setdefault('mem', MEM)
        p = TestPmd(addrs, sysfs, args=LEAN + list(args), name=name, **kw)
        self.pmds.append(p)
        return p.start()

    def logs(self):
        parts = ['    %s (pid %s) output:\n%s' % (p.name, p.pid, p.output[-2000:])
                 for p in self.pmds]
        parts += ['    model %s output:\n%s' % (m.pf, m.output[-2000:]) for m in self.models]
        return '\n'.join(parts)

    def stop(self):
        errs = []
        # VFs before their PFs, PFs before their cards
        for x in list(reversed(self.pmds)) + self.models:
            try:
                x.stop()
            except Exception as e:
                errs.append(e)
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs = []
        self.seg.__exit__()
        if errs:
            raise errs[0]

    def view(self, functions):
        """A directory for SYSFS_PCI_DEVICES holding `functions` (address ->
        model) as symbolic links, as /sys/bus/pci/devices holds them: what
        a process (a guest) sees of the cards."""
        d = tempfile.mkdtemp(prefix='sriovnic-cards-', dir='/tmp')
        self.dirs.append(d)
        for name, m in functions.items():
            self.relink(d, name, m)
        return d

    @staticmethod
    def relink(view, name, model):
        """Point address `name` of a view at that function of `model`, at
        once (a rename over the old link)."""
        tmp = os.path.join(view, '.' + name)
        os.symlink(os.path.join(model.dir, name), tmp)
        os.replace(tmp, os.path.join(view, name))

    def combined_sysfs(self):
        """A view holding every card's functions (not the cards' own
        entries: control sockets, state)."""
        return self.view({name: m for m in self.models for name in os.listdir(m.dir)
                          if re.fullmatch(r'[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]', name)})

    def __exit__(self, et, ev, tb):
        try:
            self.stop()
        finally:
            if isinstance(ev, Error):
                ev.args = ('%s\n%s' % (ev, self.logs()),)
        if ev is not None:
            return
        faults = {(m.pf, f): v['dma_faults'] for m in self.models
                  for f, v in m.counters().items() if v.get('dma_faults')}
        expect(not faults, 'DMA faults counted by the models: %r' % faults)


class Stream:
    """Numbered frames to `dst` from `iface` at RATE a second, in a thread,
    tagged with VLAN `vid` if given; send times kept by sequence number."""

    def __init__(self, iface, dst, src, vid=None):
        frames = udp_frames(dst, src, 1)
        self.frame = bytes(tagged(frames, vid)[0] if vid is not None else frames[0])
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

    def lost(self, seen, since, until):
        """Sequence numbers sent in [since, until) not in `seen`."""
        got = set(seen)
        return [s for s, ts in enumerate(self.sent) if since <= ts < until and s not in got]


class Tap:
    """Records (time, seq) of the stream's frames with source `mac` seen on
    an interface."""

    def __init__(self, iface, mac):
        self.seen = []
        self.sn = Sniffer(iface, lambda p: p.src.lower() == mac.lower() and p.haslayer('UDP'))
        self.sn.packets = _Recorder(self.seen)

    def seqs(self):
        return [s for _, s in self.seen]

    def first_after(self, t):
        return next((ts for ts, _ in self.seen if ts >= t), None)

    def first_sent_after(self, stream, t):
        """When the first frame `stream` sent at t or later came through:
        frames a port's ring held from before do not count."""
        return next((ts for ts, seq in self.seen if stream.sent[seq] >= t), None)

    def count_since(self, t):
        return sum(1 for ts, _ in self.seen if ts >= t)


class _Recorder(list):
    def __init__(self, sink):
        super().__init__()
        self.sink = sink

    def append(self, p):
        seq, _ = payload(p)
        if seq is not None:
            self.sink.append((time.monotonic(), seq))
        super().append(p)


def failsafe_port(vnf):
    out = vnf.cmd('show port summary all')
    m = re.search(r'^(\d+) +\S+ +net_failsafe0 ', out, re.M)
    expect(m, 'no failsafe port:\n%s' % out)
    return int(m.group(1))


def failsafe_vnf(start, vf_addr, fb, mac):
    """The VNF: a testpmd started by start(EAL args) forwarding (macswap)
    on a failsafe port with `mac` over the VF at vf_addr (preferred) and an
    af_packet fallback on the interface fb. Start it with the VF not plugged
    in: Debian 22.11's failsafe chooses its fast or safe bursts at port
    start for good, and its fast ones crash when a sub-device goes. The
    fallback is its own --vdev ahead of failsafe's, which takes it over, so
    that failsafe is not port 0: after removing a sub-device, failsafe
    releases its port a second time, its data already zeroed, which resets
    the fast path of whatever port 0 is."""
    vdev = ('net_failsafe0,mac=%s,hotplug_poll=%d,dev(%s),dev(net_af_packet0)'
            % (mac, HOTPLUG_POLL_MS, vf_addr))
    vnf = start(['--vdev', 'net_af_packet0,iface=%s' % fb, '--vdev', vdev,
                 '--log-level=pmd.net.failsafe:debug'])
    expect(failsafe_port(vnf) != 0, 'failsafe is port 0')
    # failsafe replays its port's state on a sub-device it plugs in,
    # and an untrusted VF may not be promiscuous
    vnf.cmd('set promisc all off')
    vnf.cmd('set fwd macswap')
    vnf.cmd('start')
    return vnf
