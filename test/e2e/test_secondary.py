#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Secondary processes: Debian's dpdk-proc-info, dpdk-dumpcap and dpdk-pdump
attached to a PF and a VF testpmd on hugepages (a secondary process cannot
attach to a --no-huge primary), their counts and captures checked against
the primary's and against what scapy sent on the TAP."""

import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (HUGE, HUGE_DIR, PLUGIN, Bench, Error, TestPmd, expect,  # noqa: E402
                      expect_eq, log, main, send, tail, test, udp_frames)
from installed import installed, pmd_dir  # noqa: E402

N = 24
PROC_INFO = '/usr/bin/dpdk-proc-info'
DUMPCAP = '/usr/bin/dpdk-dumpcap'
PDUMP = '/usr/bin/dpdk-pdump'


def need_hugepages():
    """The run is on hugepages, or an error saying what to do."""
    if not HUGE:
        raise Error('secondary processes need a primary on hugepages: none on %s '
                    '(devtools/hugepages.sh reserve, or SRIOVNIC_HUGE=1)' % HUGE_DIR)


def secondary(cmd, sysfs, timeout=20):
    """Run a secondary process to its end; its output."""
    log('$ SYSFS_PCI_DEVICES=%s %s' % (sysfs, ' '.join(cmd)))
    r = subprocess.run(cmd, env=dict(os.environ, SYSFS_PCI_DEVICES=sysfs),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, text=True, timeout=timeout)
    log(r.stdout)
    expect(r.returncode == 0, '%s exited %d:\n%s' % (cmd[0], r.returncode, tail(r.stdout)))
    return r.stdout


def proc_info(pmd, sysfs, addrs):
    """dpdk-proc-info --stats, then --xstats, on pmd's ports: {port: {name: value}}."""
    cmd = [PROC_INFO, '-d', PLUGIN, '--file-prefix', pmd.prefix, '--log-level', 'pmd.net.sriovnic.init:info']
    for a in addrs:
        cmd += ['-a', a]
    # one of --stats, --xstats per run: proc-info shows the first it has
    out = secondary(cmd + ['--', '--stats'], sysfs)
    out += secondary(cmd + ['--', '--xstats'], sysfs)
    res = {}
    for m in re.finditer(r'NIC statistics for port (\d+)(.*?)(?=NIC statistics for port|\Z)', out, re.S):
        # the port's lines, before the per-queue "Stats reg" ones
        head = m.group(2).split('Stats reg')[0]
        res.setdefault(int(m.group(1)), {}).update(
            {k: int(v) for k, v in re.findall(r'([\w-]+):\s+(\d+)', head)})
    for m in re.finditer(r'NIC extended statistics for port (\d+)(.*?)(?=NIC |\Z)', out, re.S):
        res.setdefault(int(m.group(1)), {}).update(
            {k: int(v) for k, v in re.findall(r'^\s*(\w+):\s+(\d+)\s*$', m.group(2), re.M)})
    return res, out


def check_counts(pmd, port, sec):
    st = pmd.port_stats(port)
    for k in ('RX-packets', 'RX-bytes', 'TX-packets', 'TX-bytes'):
        expect_eq(sec[k], st[k], 'port %d %s in the secondary' % (port, k))
    xs = pmd.xstats(port)
    for k in ('rx_good_packets', 'tx_good_packets', 'rx_broadcast_packets'):
        expect_eq(sec[k], xs[k], 'port %d xstat %s in the secondary' % (port, k))


@test()
def proc_info_vf_pf():
    need_hugepages()
    with Bench(vfs=1, start_pf=False) as b:
        b.pf = TestPmd([b.model.pf + ',representor=vf[0],switch_mode=legacy'], b.model.dir,
                       name='pf-testpmd', expect_ports=2).start()
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('start')
        vf = b.vf([0], args=['--forward-mode=macswap'])
        vf.cmd('start')
        send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, N))
        send(b.tap, udp_frames('ff:ff:ff:ff:ff:ff', b.tap_mac, 3))
        expect_eq(vf.wait_rx(0, N + 3)['TX-packets'], N + 3, 'VF frames swapped back')

        sec, out = proc_info(vf, b.model.dir, [b.model.vf_bdf(0)])
        expect(0 in sec, 'dpdk-proc-info shows no VF port:\n%s' % tail(out))
        expect_eq(sec[0]['RX-packets'], N + 3, 'VF RX-packets in the secondary')
        check_counts(vf, 0, sec[0])

        sec, out = proc_info(b.pf, b.model.dir, [b.model.pf])
        expect_eq(sorted(sec), [0, 1], 'PF and representor ports in the secondary')
        expect(sec[0]['RX-packets'] >= 3, 'PF saw no broadcast:\n%s' % tail(out))
        check_counts(b.pf, 0, sec[0])
        # the representor's counters are its VF's, seen from the switch
        expect_eq(sec[1]['RX-packets'], b.pf.port_stats(1)['RX-packets'],
                  'representor RX-packets in the secondary')
        # the primary's ports still forward after the secondaries left
        mark = vf.port_stats(0)['RX-packets']
        send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, 4))
        expect_eq(vf.wait_rx(0, mark + 4)['RX-packets'], mark + 4, 'VF after secondaries')


def capture_matches(path, sent):
    """The frames of the capture file are those sent, in order, unchanged."""
    from scapy.utils import rdpcap
    got = rdpcap(path)
    expect_eq(len(got), len(sent), 'frames in %s' % path)
    for g, f in zip(got, sent):
        expect_eq(bytes(g), bytes(f), 'captured frame')


@test()
def dumpcap_pdump_vf():
    need_hugepages()
    # the driver in EAL's plugin directory, where dpdk-dumpcap (which takes
    # no -d) finds it; no process may load it with -d meanwhile
    with installed() as paths, Bench(vfs=1, start_pf=False) as b, \
            tempfile.TemporaryDirectory(prefix='sriovnic-cap-') as tmp:
        pmds = pmd_dir(paths)
        b.pf = TestPmd([b.model.pf], b.model.dir, plugin=None,
                       name='pf-testpmd', expect_ports=1).start()
        vf = b.vf([0], args=['--forward-mode=rxonly'], plugin=None)
        vf.cmd('start')
        # mempool drivers register in the order they load, and a pool's ops
        # are an index into that order: testpmd links mempool_dpaa, the
        # capture tools do not, so they load it first as testpmd does
        env = dict(os.environ, SYSFS_PCI_DEVICES=b.model.dir,
                   LD_PRELOAD=os.path.join(pmds, 'librte_mempool_dpaa.so'))

        pcapng = os.path.join(tmp, 'vf.pcapng')
        cmd = [DUMPCAP, '--file-prefix=' + vf.prefix, '-i', b.model.vf_bdf(0),
               '-w', pcapng, '-c', str(N), '-a', 'duration:15']
        log('$ ' + ' '.join(cmd))
        cap = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
        try:
            # dumpcap counts "Packets captured" once pdump forwards
            # the port's frames
            seen = b''
            deadline = time.monotonic() + 10
            while b'Packets captured' not in seen and time.monotonic() < deadline:
                if select.select([cap.stdout], [], [], 0.2)[0]:
                    chunk = os.read(cap.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    seen += chunk
            seen = seen.decode(errors='replace')
            expect('Packets captured' in seen, 'dpdk-dumpcap not capturing:\n%s' % tail(seen))
            sent = udp_frames(b.model.vf_mac(0), b.tap_mac, N)
            send(b.tap, sent)
            out = cap.communicate(timeout=20)[0].decode(errors='replace')
        finally:
            if cap.poll() is None:
                cap.kill()
                cap.wait()
        log(seen + out)
        expect_eq(cap.returncode, 0, 'dpdk-dumpcap exit status:\n%s' % tail(seen + out))
        capture_matches(pcapng, sent)

        if os.access(PDUMP, os.X_OK):
            pcap = os.path.join(tmp, 'vf.pcap')
            cmd = [PDUMP, '--file-prefix=' + vf.prefix, '--',
                   '--pdump', 'device_id=%s,queue=*,rx-dev=%s' % (b.model.vf_bdf(0), pcap)]
            log('$ ' + ' '.join(cmd))
            pd = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            try:
                sent = udp_frames(b.model.vf_mac(0), b.tap_mac, N, tag=b'pdump')
                # dpdk-pdump prints nothing when it is ready: frames until
                # the capture has them, bounded
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and pd.poll() is None:
                    send(b.tap, sent[:1])
                    time.sleep(0.3)
                    if os.path.exists(pcap) and os.path.getsize(pcap) > 24:
                        break
                send(b.tap, sent)
                time.sleep(0.5)
            finally:
                pd.send_signal(signal.SIGINT)
                try:
                    out, _ = pd.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    pd.kill()
                    out, _ = pd.communicate()
            log(out)
            from scapy.utils import rdpcap
            got = [bytes(p) for p in rdpcap(pcap)]
            for f in sent:
                expect(bytes(f) in got, 'dpdk-pdump did not capture a frame:\n%s' % tail(out))


if __name__ == '__main__':
    sys.exit(main())
