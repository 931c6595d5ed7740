#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Open vSwitch with DPDK for the end-to-end tests: Debian's
openvswitch-switch-dpdk (on the same DPDK as dpdk-testpmd) with its own
ovsdb-server and ovs-vswitchd in a private directory, started and stopped
by PID (Ovs), a Bench whose PF OVS drives (OvsBench), and the steps the
OVS tests share: a VF's testpmd sending to the wire, frames from the wire
to it, OVS's port and flow counters.

ovs-vswitchd runs in a network namespace of its own: the TAPs of its
netdev datapath (`ovs-netdev`) and bridge are persistent and have fixed
names, so runs side by side would share them. It is stopped as the guide
says, `ovs-appctl exit --cleanup`, and the namespace must then hold no
interface but lo."""

import os
import re
import time
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (HUGE, PLUGIN, Bench, Error, Sniffer,  # noqa: E402
                      _paths, _register, _unregister, dpdk_prefix, dpdk_release, eal_mem,
                      expect, expect_eq, from_mac, log, run, same_mac, send, tail,
                      udp_frames, unique, wait_for)

VSWITCHD = '/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk'
SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'
BRIDGE = 'br0'
N = 32
SIZE = 128


def have_ovs():
    return all(os.access(p, os.X_OK) for p in (VSWITCHD, shutil.which('ovsdb-server') or '')) \
        and os.path.exists(SCHEMA)


class Daemon:
    """One OVS daemon in the foreground (no --detach), its PID registered
    with the framework so that a failed test still kills it."""

    def __init__(self, name, argv, env, out):
        self.name = name
        log('%s: $ %s' % (name, ' '.join(argv)))
        with open(out, 'w') as f:
            self.proc = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env,
                                         start_new_session=True)
        _register(self.proc.pid, name)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        _unregister(self.proc.pid)
        return self.proc.returncode


class Ovs:
    """ovsdb-server and ovs-vswitchd-dpdk in a private run directory, DPDK
    probing only the model's PF; add_bridge() adds it and the representors
    of `vfs`. OVS adds --in-memory unless it is given --legacy-mem: on
    hugepages it does (the driver then shares file-less hugepage memory
    with the card); --no-huge implies --legacy-mem, and given explicitly,
    it keeps OVS from adding --in-memory, which EAL refuses with it.
    allow: the PCI addresses DPDK in OVS probes at start instead of the
    PF (VFs whose PF another process drives)."""

    def __init__(self, model, vfs=(0, 1), start_timeout=60, allow=None):
        self.model = model
        self.vfs = list(vfs)
        self.allow = list(allow or [model.pf])
        self.start_timeout = start_timeout
        self.dir = None
        self.prefix = None
        self.db = None
        self.vswitchd = None
        self.netns = None
        self.last_log = ''
        self.left = []      # interfaces left in the namespace after stop()

    @property
    def sock(self):
        return os.path.join(self.dir, 'db.sock')

    @property
    def log_path(self):
        return os.path.join(self.dir, 'ovs-vswitchd.log')

    def env(self):
        return dict(os.environ, OVS_RUNDIR=self.dir, OVS_DBDIR=self.dir,
                    OVS_LOGDIR=self.dir, SYSFS_PCI_DEVICES=self.model.dir)

    def tool(self, prog, *args, timeout=30, check=True):
        cmd = [prog] + list(args)
        log('$ ' + ' '.join(cmd))
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout, env=self.env())
        if check and p.returncode != 0:
            raise Error('%s failed (%d): %s' % (' '.join(cmd), p.returncode, p.stdout.strip()))
        return p.stdout

    def vsctl(self, *args, wait=True, timeout=30, check=True):
        """ovs-vsctl; with wait, returns once ovs-vswitchd applied it."""
        opts = ['--db=unix:' + self.sock, '--timeout=%d' % timeout]
        if not wait:
            opts.append('--no-wait')
        return self.tool('ovs-vsctl', *(opts + list(args)), timeout=timeout + 5,
                         check=check).strip()

    def ofctl(self, *args):
        return self.tool('ovs-ofctl', *args)

    def start(self):
        if not have_ovs():
            raise Error('Open vSwitch with DPDK is not installed (%s): run devtools/setup.sh'
                        % VSWITCHD)
        self.dir = tempfile.mkdtemp(prefix='sriovnic-ovs-', dir='/tmp')
        _paths.add(self.dir)
        self.prefix = dpdk_prefix('sriovnic-ovs-')
        conf = os.path.join(self.dir, 'conf.db')
        self.tool('ovsdb-tool', 'create', conf, SCHEMA)
        self.db = Daemon('ovsdb-server', [
            'ovsdb-server', conf, '--remote=punix:' + self.sock,
            '--pidfile=' + os.path.join(self.dir, 'ovsdb-server.pid'),
            '--unixctl=' + os.path.join(self.dir, 'ovsdb-server.ctl'),
            '--log-file=' + os.path.join(self.dir, 'ovsdb-server.log')],
            self.env(), os.path.join(self.dir, 'ovsdb-server.out'))
        wait_for(lambda: os.path.exists(self.sock) or not self.db.alive(), 10,
                 what='ovsdb-server socket')
        expect(self.db.alive(), 'ovsdb-server exited')
        # by default only the PF: the VFs belong to their own processes; OVS adds
        # the representors when their ports are added
        mem = eal_mem(256) if HUGE else eal_mem(1024) + ['--legacy-mem']
        extra = ['-d', PLUGIN] + mem + ['--file-prefix', self.prefix]
        for a in self.allow:
            extra += ['-a', a]
        self.vsctl('init', wait=False)
        self.vsctl('set', 'Open_vSwitch', '.', 'other_config:dpdk-init=true',
                   'other_config:dpdk-extra=' + ' '.join(extra),
                   'other_config:dpdk-lcore-mask=0x1', 'other_config:pmd-cpu-mask=0x2',
                   'other_config:per-port-memory=true', wait=False)
        self.netns = unique('sriovnic-ovs-')
        run(['ip', 'netns', 'add', self.netns])
        self.vswitchd = Daemon('ovs-vswitchd', [
            'nsenter', '--net=/run/netns/' + self.netns, VSWITCHD, 'unix:' + self.sock,
            '--pidfile=' + os.path.join(self.dir, 'ovs-vswitchd.pid'),
            '--unixctl=' + os.path.join(self.dir, 'ovs-vswitchd.ctl'),
            '--log-file=' + self.log_path], self.env(),
            os.path.join(self.dir, 'ovs-vswitchd.out'))

        def initialized():
            expect(self.vswitchd.alive(), 'ovs-vswitchd exited')
            return self.vsctl('get', 'Open_vSwitch', '.', 'dpdk_initialized',
                              wait=False) == 'true'
        wait_for(initialized, self.start_timeout, interval=0.5, what='DPDK initialized in OVS')
        return self

    def add_bridge(self, tags=None):
        """br0 (netdev datapath): the PF as uplink `pf`, the representors
        as `repN` (OVS probes the PF again with representor=vf[N]: the
        driver adds that representor and the switch goes switchdev),
        each with small rings; tags {N: VLAN}: repN an access port of
        that VLAN, the uplink a trunk."""
        rings = ['options:n_rxq_desc=256', 'options:n_txq_desc=256']
        self.vsctl('add-br', BRIDGE, '--', 'set', 'bridge', BRIDGE, 'datapath_type=netdev')
        self.vsctl('add-port', BRIDGE, 'pf', '--', 'set', 'interface', 'pf', 'type=dpdk',
                   'options:dpdk-devargs=' + self.model.pf, *rings)
        for v in self.vfs:
            self.vsctl('add-port', BRIDGE, 'rep%d' % v, '--', 'set', 'interface', 'rep%d' % v,
                       'type=dpdk',
                       'options:dpdk-devargs=%s,representor=vf[%d]' % (self.model.pf, v),
                       *rings)
            if tags and v in tags:
                self.vsctl('set', 'port', 'rep%d' % v, 'tag=%d' % tags[v])
        for port in self.ports():
            self.port_ok(port)

    def ports(self):
        return ['pf'] + ['rep%d' % v for v in self.vfs]

    def port_ok(self, port):
        err = self.vsctl('get', 'interface', port, 'error', wait=False)
        expect(err in ('[]', '""'), 'interface %s: %s' % (port, err))
        ofport = int(self.vsctl('get', 'interface', port, 'ofport', wait=False))
        expect(ofport > 0, 'interface %s has ofport %d' % (port, ofport))

    def link(self, port):
        return self.vsctl('get', 'interface', port, 'link_state', wait=False)

    def port_stats(self, port):
        """{'rx': pkts, 'tx': pkts, ...} of `ovs-ofctl dump-ports br0 port`
        (read from the device when asked, not the 5-second cache of the
        Interface table)."""
        out = self.ofctl('dump-ports', BRIDGE, port)
        m = re.search(r'rx pkts=(\d+), bytes=(\d+), drop=(\d+), errs=(\d+).*?'
                      r'tx pkts=(\d+), bytes=(\d+), drop=(\d+), errs=(\d+)', out, re.S)
        expect(m, 'ovs-ofctl dump-ports %s %s:\n%s' % (BRIDGE, port, out))
        v = [int(x) for x in m.groups()]
        return dict(zip(('rx', 'rx_bytes', 'rx_drop', 'rx_errs',
                         'tx', 'tx_bytes', 'tx_drop', 'tx_errs'), v))

    def log_text(self):
        if self.dir is None:
            return self.last_log
        try:
            with open(self.log_path, errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def errors(self):
        """ERR and EMER lines of ovs-vswitchd's log, and any warning naming
        the driver."""
        return [l for l in self.log_text().split('\n')
                if re.search(r'\|(ERR|EMER)\|', l) or
                (re.search(r'\|WARN\|', l) and 'sriovnic' in l)]

    def logs(self):
        return 'ovs-vswitchd log:\n' + tail(self.log_text(), 30)

    def links(self):
        """The interfaces in ovs-vswitchd's namespace, lo aside."""
        out = run(['ip', '-n', self.netns, '-o', 'link', 'show'])
        names = [l.split(':')[1].strip().split('@')[0] for l in out.splitlines()]
        return [n for n in names if n != 'lo']

    def exit_cleanup(self, timeout=30):
        """`ovs-appctl exit --cleanup`: OVS deletes its datapath and ports,
        and with them their TAPs, then exits; returns its exit status."""
        ctl = os.path.join(self.dir, 'ovs-vswitchd.ctl')
        self.tool('ovs-appctl', '-t', ctl, 'exit', '--cleanup', timeout=timeout, check=False)
        deadline = time.monotonic() + timeout
        while self.vswitchd.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.vswitchd.stop()

    def stop(self):
        """Stops ovs-vswitchd (exit --cleanup, SIGTERM if that fails), then
        ovsdb-server; returns ovs-vswitchd's exit status. self.left: the
        interfaces it left behind."""
        rc = None
        if self.vswitchd:
            rc = self.exit_cleanup() if self.vswitchd.alive() else self.vswitchd.stop()
        if self.db:
            self.db.stop()
        self.vswitchd = self.db = None
        if self.netns:
            self.left = self.links()
            run(['ip', 'netns', 'del', self.netns], check=False)
            self.netns = None
        if self.dir:
            self.last_log = self.log_text()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            _paths.discard(self.dir)
        if self.prefix:
            dpdk_release(self.prefix)
        self.dir = self.prefix = None
        return rc


class OvsBench(Bench):
    """A Bench whose PF OVS drives, with representors of VFs 0 and 1 on
    br0 (no PF testpmd). Stops the VF testpmds, then OVS, then the model,
    and checks the model saw no DMA fault and OVS left no interface."""

    def __init__(self, tags=None):
        super().__init__(vfs=2, start_pf=False)
        self.ovs = None
        self.tags = tags

    def setup(self):
        self.ovs = Ovs(self.model).start()
        self.ovs.add_bridge(self.tags)

    def logs(self):
        return super().logs() + ('\n    ' + self.ovs.logs() if self.ovs else '')

    def stop(self):
        for p in reversed(self.pmds):
            p.stop()
        self.pmds = []
        rc = self.ovs.stop() if self.ovs else None
        super().stop()
        # SIGTERM is how it was stopped; anything else is a crash
        expect(rc in (None, 0, -signal.SIGTERM), 'ovs-vswitchd exit status %s' % rc)
        expect(not (self.ovs and self.ovs.left),
               'interfaces OVS left behind: %s' % (self.ovs and self.ovs.left))


class VfOvsBench(OvsBench):
    """A model with three VFs, a PF testpmd, and OVS probing VF0 and VF1
    (not the PF) as br0's ports vf0 and vf1: legacy mode, no representors.
    mbx_timeout_ms: the VFs' devarg. Stops OVS, then the PF testpmd, then
    the model."""

    def __init__(self, mbx_timeout_ms=None):
        Bench.__init__(self, vfs=3)
        self.ovs = None
        self.mbx_timeout_ms = mbx_timeout_ms

    def vf_devargs(self, n):
        if self.mbx_timeout_ms is None:
            return self.model.vf_bdf(n)
        return '%s,mbx_timeout_ms=%d' % (self.model.vf_bdf(n), self.mbx_timeout_ms)

    def setup(self):
        self.ovs = Ovs(self.model, vfs=(),
                       allow=[self.vf_devargs(n) for n in (0, 1)]).start()
        self.ovs.vsctl('add-br', BRIDGE, '--', 'set', 'bridge', BRIDGE, 'datapath_type=netdev')
        for n in (0, 1):
            self.ovs.vsctl('add-port', BRIDGE, 'vf%d' % n, '--', 'set', 'interface',
                           'vf%d' % n, 'type=dpdk', 'options:dpdk-devargs=' + self.vf_devargs(n),
                           'options:n_rxq_desc=256', 'options:n_txq_desc=256')
            self.ovs.port_ok('vf%d' % n)

    def ofport(self, port):
        return int(self.ovs.vsctl('get', 'interface', port, 'ofport', wait=False))


def no_driver_errors(b):
    expect(b.ovs.vswitchd.alive(), 'ovs-vswitchd exited')
    errs = b.ovs.errors()
    expect(not errs, 'ovs-vswitchd logged errors:\n' + '\n'.join(errs))


def appctl(b, *args):
    return b.ovs.tool('ovs-appctl', '-t', os.path.join(b.ovs.dir, 'ovs-vswitchd.ctl'), *args)


def pmd_stat(b, name):
    """A counter of `ovs-appctl dpif-netdev/pmd-stats-show` ('packets
    received', 'phwol hits', ...), all PMD threads together."""
    out = appctl(b, 'dpif-netdev/pmd-stats-show')
    return sum(int(x) for x in re.findall(r'%s: (\d+)' % re.escape(name), out))


def pmd_received(b):
    """Frames OVS's PMD threads received."""
    return pmd_stat(b, 'packets received')


def flow_packets(b, match):
    """n_packets of the flow whose match is exactly `match` (as dump-flows
    prints it, priority first)."""
    out = b.ovs.ofctl('--names', 'dump-flows', BRIDGE)
    m = re.search(r'n_packets=(\d+),.* %s actions=' % re.escape(match), out)
    expect(m, 'no flow %s:\n%s' % (match, out))
    return int(m.group(1))


def stats_delta(b, before):
    after = {port: b.ovs.port_stats(port) for port in before}
    return {port: {k: after[port][k] - before[port][k] for k in after[port]}
            for port in after}


def vf_sender(b, vf=0):
    """VF vf's testpmd: rxonly, not promiscuous, tx_first frames go to the
    TAP's MAC."""
    p = b.vf([vf], args=['--forward-mode=rxonly', '--eth-peer=0,%s' % b.tap_mac])
    p.cmd('set promisc all off')
    p.cmd('set burst %d' % (N // 2))
    return p


def vf_to_wire(b, p, src):
    """The VF of testpmd p sends N frames to the TAP's MAC: each arrives
    once on the TAP."""
    p.clear_stats()
    with Sniffer(b.tap, from_mac(src)) as sn:
        p.cmd('start tx_first 2')
        got = sn.wait(N, timeout=15)
    p.cmd('stop')
    st = p.port_stats(0)
    expect_eq(st['TX-packets'], N, '%s TX-packets' % p.name)
    expect_eq(len(got), N, 'frames from %s on the wire' % src)
    for f in got:
        expect(same_mac(f.dst, b.tap_mac), 'frame from %s to %s, want %s'
               % (src, f.dst, b.tap_mac))
    expect_eq(st['RX-packets'], 0, '%s RX-packets (its own frames back)' % p.name)


def wire_to_vf(b, p, dst):
    """N frames from the TAP to dst: the VF of testpmd p counts each once
    (a second copy would show within wait_rx's settle time)."""
    p.clear_stats()
    p.cmd('start')
    send(b.tap, udp_frames(dst, b.tap_mac, N, size=SIZE))
    st = p.wait_rx(0, N, timeout=15)
    p.cmd('stop')
    expect_eq(st['RX-packets'], N, '%s RX-packets (frames from the wire to %s)'
              % (p.name, dst))


def vf_link(p):
    return p.port_info(0).get('Link status')
