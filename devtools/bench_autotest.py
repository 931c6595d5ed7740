#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""DPDK's own pmd_perf_autotest (Debian's dpdk-test) against VF0 of the
device model in loopback mode, for rxtx, rxonly and txonly, per burst path.

The model runs on CPU 0 (its lcore 0) and the autotest's worker lcore, the
one it measures, on CPU 1, so that the rxtx figure is the driver's rather
than the model's time-sharing of one CPU. dpdk-test's main lcore only
waits for the worker, spinning: it goes to CPU 0 at the lowest priority
(nice 19), where it takes next to nothing from the model.

The autotest enables promiscuous mode, a privilege of trusted VFs, so the
PF runs with vf_trust=[0]. Usage: bench_autotest.py [simd widths, default
64,128,256,512]."""

import os
import re
import sys

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'e2e'))
import sriovnic  # noqa: E402
from sriovnic import PLUGIN, Bench, TestPmd, dpdk_prefix, dpdk_release, eal_mem  # noqa: E402

NAMES = {64: 'scalar', 128: 'sse', 256: 'avx2', 512: 'avx512'}
# DPDK's published test plan (pmd_perf_autotest, rxtx, vector path)
ANCHOR = 58
MODEL_CPU, TEST_CPU = 0, 1


def run(width):
    results = {}
    with Bench(vfs=1, start_pf=False) as b:
        b.pf = TestPmd([b.model.pf + ',vf_trust=[0]'], b.model.dir, name='pf',
                       expect_ports=1).start()
        env = dict(os.environ, SYSFS_PCI_DEVICES=b.model.dir)
        prefix = dpdk_prefix('sriovnic-perf-')
        c = pexpect.spawn('dpdk-test', ['-d', PLUGIN] + eal_mem(512) +
                          ['--lcores', '0@%d,1@%d' % (MODEL_CPU, TEST_CPU),
                           '--file-prefix', prefix, '-a', b.model.vf_bdf(0),
                           '--force-max-simd-bitwidth=%d' % width],
                          env=env, encoding='utf-8', timeout=180)
        sriovnic._register(c.pid, 'dpdk-test')
        try:
            c.expect('RTE>>')
            # the main thread's id is the process id; its workers keep nice 0
            os.setpriority(os.PRIO_PROCESS, c.pid, 19)
            for mode in ('rxtx', 'rxonly', 'txonly'):
                c.sendline('set_rxtx_sc ' + mode)
                c.expect('RTE>>')
                c.sendline('pmd_perf_autotest')
                c.expect('RTE>>')
                m = re.search(r'Result: (\d+) cycles per packet', c.before)
                results[mode] = int(m.group(1)) if m else None
            c.sendline('quit')
            c.expect(pexpect.EOF, timeout=30)
        finally:
            if c.isalive():
                os.kill(c.pid, 9)
            sriovnic._unregister(c.pid)
            dpdk_release(prefix)
    return results


def main():
    widths = [int(w) for w in (sys.argv[1] if len(sys.argv) > 1 else '64,128,256,512').split(',')]
    print('memory: %s; model on CPU %d, autotest worker on CPU %d'
          % ('2 MB hugepages' if sriovnic.HUGE else '4 KB pages (--no-huge)',
             MODEL_CPU, TEST_CPU))
    print('%-8s %10s %10s %10s   (cycles per packet)' % ('path', 'rxtx', 'rxonly', 'txonly'))
    for w in widths:
        r = run(w)
        print('%-8s %10s %10s %10s' % (NAMES.get(w, w), r.get('rxtx'), r.get('rxonly'),
                                       r.get('txonly')))
        sys.stdout.flush()
    print('%-8s %10d   (DPDK test plan, vector rxtx)' % ('anchor', ANCHOR))


if __name__ == '__main__':
    main()
