#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Control path, observed from outside: port info, link state, port
stop/start, close and re-probe, the PF port beside its VFs, the card
pulled out under traffic and back."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (BUILT_PLUGIN, MODEL, PF_DRIVER, VF_DRIVER, Bench, Error, TestPmd,  # noqa: E402
                      expect, expect_eq, link_set, main, same_mac, send, stage_plugin,
                      tail, test, udp_frames, wait_for)

N = 16
SIZE = 100
LSC_EVENT = 'Port 0: link state change event'
RMV_EVENT = 'Port 0: device removal event'


def rx_count(b, p, port, vf, n=N):
    """Clear port's stats, send n frames to VF vf's MAC, return RX-packets."""
    p.clear_stats(port)
    send(b.tap, udp_frames(b.model.vf_mac(vf), b.tap_mac, n, size=SIZE))
    return p.wait_rx(port, n)['RX-packets']


@test()
def port_info():
    """`show port info`: VF driver name, the MACs the PF assigned, link up;
    the PF port: PF driver, the PF MAC."""
    with Bench() as b:
        p = b.vf([0, 1])
        for port, vf in ((0, 0), (1, 1)):
            info = p.port_info(port)
            expect_eq(info.get('Driver name'), VF_DRIVER, 'port %d driver' % port)
            expect(same_mac(info.get('MAC address'), b.model.vf_mac(vf)),
                   'port %d MAC %r, want %s' % (port, info.get('MAC address'),
                                                b.model.vf_mac(vf)))
            expect_eq(info.get('Device name'), b.model.vf_bdf(vf), 'port %d device' % port)
            expect_eq(info.get('Link status'), 'up', 'port %d link' % port)
        info = b.pf.port_info(0)
        expect_eq(info.get('Driver name'), PF_DRIVER, 'PF driver')
        expect(same_mac(info.get('MAC address'), b.model.mac),
               'PF MAC %r, want %s' % (info.get('MAC address'), b.model.mac))
        expect_eq(info.get('Link status'), 'up', 'PF link')


@test()
def link_state():
    """The card's link is its wire's: TAP down -> VF (and PF) report link
    down within a bound; TAP up -> link up again."""
    with Bench() as b:
        p = b.vf([0])

        def link(pmd):
            return pmd.port_info(0).get('Link status')
        expect_eq(link(p), 'up', 'VF0 link at start')
        link_set(b.tap, False)
        wait_for(lambda: link(p) == 'down', 10, interval=0.5, what='VF0 link down')
        wait_for(lambda: link(b.pf) == 'down', 10, interval=0.5, what='PF link down')
        link_set(b.tap, True)
        wait_for(lambda: link(p) == 'up', 10, interval=0.5, what='VF0 link up again')
        wait_for(lambda: link(b.pf) == 'up', 10, interval=0.5, what='PF link up again')
        # and the data path works after the flap
        p.cmd('set promisc all off')
        p.cmd('set fwd rxonly')
        p.cmd('start')
        expect_eq(rx_count(b, p, 0, 0), N, 'VF0 RX-packets after link flap')


@test()
def port_stop_start():
    """`port stop` / `port start` keeps traffic working, twice."""
    with Bench() as b:
        p = b.vf([0], args=['--forward-mode=rxonly'])
        p.cmd('set promisc all off')
        p.cmd('start')
        expect_eq(rx_count(b, p, 0, 0), N, 'VF0 RX-packets before stop')
        for i in range(2):
            p.cmd('stop')
            p.cmd('port stop 0')
            p.cmd('port start 0')
            p.cmd('set promisc all off')
            p.cmd('start')
            expect_eq(rx_count(b, p, 0, 0), N, 'VF0 RX-packets after restart %d' % (i + 1))


@test()
def close_reprobe():
    """`port close`, `device detach`, `port attach` of the VF: the re-probed
    port has the same identity and receives again; twice."""
    with Bench() as b:
        bdf = b.model.vf_bdf(0)
        p = b.vf([0], args=['--forward-mode=rxonly'])
        p.cmd('set promisc all off')
        p.cmd('start')
        expect_eq(rx_count(b, p, 0, 0), N, 'VF0 RX-packets before close')
        port = 0
        for i in range(2):
            p.cmd('stop')
            p.cmd('port stop %d' % port)
            out = p.cmd('port close %d' % port)
            expect('Done' in out and 'rror' not in out, 'port close %d:\n%s' % (port, out))
            out = p.cmd('device detach %s' % bdf)
            expect('is detached' in out, 'device detach %s:\n%s' % (bdf, out))
            out = p.cmd('port attach %s' % bdf, timeout=60)
            m = re.search(r'Port (\d+) is attached', out)
            expect(m, 'port attach %s:\n%s' % (bdf, out))
            port = int(m.group(1))
            info = p.port_info(port)
            expect_eq(info.get('Driver name'), VF_DRIVER, 're-probed driver')
            expect(same_mac(info.get('MAC address'), b.model.vf_mac(0)),
                   're-probed MAC %r' % info.get('MAC address'))
            out = p.cmd('port start %d' % port, timeout=60)
            p.cmd('set promisc all off')
            p.cmd('start')
            expect_eq(rx_count(b, p, port, 0), N, 'VF0 RX-packets after re-probe %d' % (i + 1))


@test()
def pf_beside_vfs():
    """The PF port forwards too: frames to the PF's MAC reach the PF
    testpmd, not the VF testpmd running beside it; frames to VF0 reach VF0
    only."""
    with Bench() as b:
        b.pf.cmd('set promisc all off')
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('start')
        p = b.vf([0], args=['--forward-mode=rxonly'])
        p.cmd('set promisc all off')
        p.cmd('start')
        b.pf.clear_stats()
        p.clear_stats()
        send(b.tap, udp_frames(b.model.mac, b.tap_mac, N, size=SIZE))
        pst = b.pf.wait_rx(0, N)
        expect_eq(pst['RX-packets'], N, 'PF RX-packets (PF MAC)')
        expect_eq(pst['RX-bytes'], N * SIZE, 'PF RX-bytes')
        expect_eq(p.port_stats(0)['RX-packets'], 0, 'VF0 RX-packets (PF MAC)')
        b.pf.clear_stats()
        send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, N, size=SIZE))
        expect_eq(p.wait_rx(0, N)['RX-packets'], N, 'VF0 RX-packets (VF0 MAC)')
        expect_eq(b.pf.port_stats(0)['RX-packets'], 0, 'PF RX-packets (VF0 MAC)')


@test(timeout=200)
def surprise_removal():
    """The model killed (SIGKILL) while VF0's testpmd transmits (txonly)
    and the PF's receives: each driver reports link down (LSC) and then
    RTE_ETH_EVENT_INTR_RMV; testpmd, which closes and detaches a removed
    port, does so within a bound (no waits on the dead card) and goes on.
    A new model in the same place: `port attach` of the PF, then of the VF,
    gives ports that start, and VF0 receives frames from the wire."""
    with Bench() as b:
        vf = b.vf([0], args=['--forward-mode=txonly'])
        vf.cmd('start')
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('start')
        wait_for(lambda: vf.port_stats(0)['TX-packets'] > 1000, 10, interval=0.2,
                 what='VF0 transmitting')
        marks = [(p, p.mark()) for p in (vf, b.pf)]
        b.model.kill()
        for p, m in marks:
            wait_for(lambda: RMV_EVENT in p.since(m), 10, what='%s: removal event' % p.name)
            out = p.since(m)
            expect(LSC_EVENT in out and out.index(LSC_EVENT) < out.index(RMV_EVENT),
                   '%s: no link change before the removal event:\n%s' % (p.name, out))
            wait_for(lambda: 'Now total ports is 0' in p.since(m), 5,
                     what='%s: removed port detached' % p.name)
            expect_eq(p.nb_ports(), 0, '%s ports after the removal' % p.name)
        for p in (vf, b.pf):
            p.cmd('stop')
        b.model.start()
        b.tap_mac = b.model.tap_mac
        for p, addr in ((b.pf, b.model.pf), (vf, b.model.vf_bdf(0))):
            out = p.cmd('port attach %s' % addr)
            expect('Port 0 is attached' in out, '%s: port attach %s:\n%s' % (p.name, addr, out))
            out = p.cmd('port start 0')
            expect('Fail' not in out, '%s: port start after attach:\n%s' % (p.name, out))
        vf.cmd('set fwd rxonly')
        vf.cmd('start')
        expect_eq(rx_count(b, vf, 0, 0), N, 'VF0 RX-packets from the new card')


@test()
def vf_probe_without_pf():
    """With no PF driver running, the VF probe fails at once (testpmd comes
    up with no port, sooner than the VF's mailbox timeout) with an error
    naming the missing PF driver."""
    with Bench(start_pf=False) as b:
        vf = b.model.vf_bdf(0)
        t0 = time.monotonic()
        p = TestPmd([vf + ',mbx_timeout_ms=20000'], b.model.dir, name='vf0-testpmd',
                    start_timeout=60, expect_ports=0)
        b.pmds.append(p)
        p.start()
        dt = time.monotonic() - t0
        out = p.cmd('show port summary all')
        expect('Number of available ports: 0' in out,
               'VF port exists without a PF driver:\n' + out)
        expect(dt < 10, 'VF probe took %.0fs to give up' % dt)
        expect(re.search(r'%s: no PF driver running' % re.escape(vf), p.output),
               'no error naming the PF for %s:\n%s' % (vf, p.output))


def probe_refused(b, addr, why):
    """A testpmd on addr probes no port, and its log says why."""
    p = TestPmd([addr], b.model.dir, name='testpmd-%d' % len(b.pmds), expect_ports=0)
    b.pmds.append(p)
    p.start()
    p.stop()
    expect(why in p.output, '%s: want a refusal naming %r:\n%s' % (addr, why, tail(p.output, 8)))


@test()
def bad_devargs():
    """Devargs the drivers cannot honour make the probe fail with the
    reason: a PF representor (only VF representors exist), a devarg given
    twice to the PF or to a VF."""
    with Bench(vfs=1, start_pf=False) as b:
        pf = b.model.pf
        probe_refused(b, pf + ',representor=pf[0]', 'unsupported representor type')
        probe_refused(b, pf + ',mbx_rate=10,mbx_rate=20', 'devarg mbx_rate given 2 times')
        b.pf = TestPmd([pf], b.model.dir, name='pf-testpmd', expect_ports=1).start()
        probe_refused(b, b.model.vf_bdf(0) + ',mbx_timeout_ms=100,mbx_timeout_ms=200',
                      'devarg mbx_timeout_ms given 2 times')


@test()
def plugin_below_tmp():
    """A build below /tmp (world-writable): EAL refuses the plugin from
    there; stage_plugin() gives a copy EAL loads, and the PF probes."""
    d = tempfile.mkdtemp(prefix='sriovnic-checkout-', dir='/tmp')
    try:
        built = os.path.join(d, os.path.basename(BUILT_PLUGIN))
        shutil.copy2(BUILT_PLUGIN, built)
        staged = stage_plugin(built)
        expect(staged != built and not staged.startswith('/tmp/'),
               'plugin below /tmp not staged: %s' % staged)
        with Bench(vfs=1, start_pf=False) as b:
            p = TestPmd([b.model.pf], b.model.dir, plugin=built, name='pf-testpmd-tmp')
            try:
                p.start()
            except Error:
                pass
            finally:
                p.stop()
            expect(p.exitstatus != 0 and 'world-writable' in p.output,
                   'EAL with a plugin below /tmp:\n%s' % tail(p.output, 8))
            b.pf = TestPmd([b.model.pf], b.model.dir, plugin=staged, name='pf-testpmd',
                           expect_ports=1).start()
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test()
def model_tap_name_too_long():
    """The model refuses a TAP name longer than IFNAMSIZ allows, saying
    so, instead of the generic --wire usage."""
    r = subprocess.run([MODEL, '--dir', '/nonexistent', '--wire', 'tap:' + 'x' * 16],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=10)
    expect(r.returncode != 0 and 'longer than 15 characters (IFNAMSIZ)' in r.stdout,
           'model with a 16-character TAP name: exit %d:\n%s'
           % (r.returncode, tail(r.stdout, 6)))


if __name__ == '__main__':
    sys.exit(main())
