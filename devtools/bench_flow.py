#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sriovnic authors
"""Flow rule insertion and deletion rates with DPDK's own
dpdk-test-flow-perf (Debian's), against the device model:

- PF: transfer rules (eth / ipv4 src, action port_id 0: deliver to the PF
  itself), flow-perf running on the PF;
- VF: ingress rules (eth / ipv4 src, action queue) on VF0, sent over the
  mailbox; a PF testpmd answers the mailbox, with a flow quota and a
  mailbox rate that allow the rule count, and trust for VF0, since
  flow-perf turns promiscuous mode on.

flow-perf creates each rule with one rte_flow_create() call and waits for
it, as applications do. Prints rules per second per run; no pass/fail.
Usage: bench_flow.py [--rules 1000,10000] [--side pf,vf]
"""

import argparse
import os
import re
import sys

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'e2e'))
import sriovnic  # noqa: E402
from sriovnic import PLUGIN, Bench, unique  # noqa: E402

INSERT = re.compile(r':: Port (\d+) :: Core \d+ :: Rules insertion rate -> ([\d.]+) K Rule/Sec')
DELETE = re.compile(r':: Port (\d+) :: Core \d+ :: Rules deletion rate -> ([\d.]+) K Rule/Sec')


def flow_perf(sysfs, addr, args, timeout):
    """Runs dpdk-test-flow-perf on addr; returns (insert, delete) K rules/s
    of port 0 and the output."""
    argv = ['-d', PLUGIN, '--no-huge', '-m', '512', '--lcores', '0@1,1@0',
            '--file-prefix', unique('sriovnic-flowperf-'), '-a', addr, '--',
            '--portmask=0x1', '--total-mbuf-count=4096', '--deletion-rate'] + args
    env = dict(os.environ, SYSFS_PCI_DEVICES=sysfs)
    c = pexpect.spawn('dpdk-test-flow-perf', argv, env=env, encoding='utf-8',
                      codec_errors='replace', timeout=timeout)
    sriovnic._register(c.pid, 'dpdk-test-flow-perf')
    try:
        c.expect(pexpect.EOF)
        out = c.before
    except pexpect.TIMEOUT:
        out = (c.before or '') + '\n(timed out after %ds)' % timeout
    finally:
        if c.isalive():
            os.kill(c.pid, 9)
            c.wait()
        sriovnic._unregister(c.pid)
    ins = [float(r) for p, r in INSERT.findall(out) if p == '0']
    dels = [float(r) for p, r in DELETE.findall(out) if p == '0']
    return (ins[0] if ins else None, dels[0] if dels else None, out)


def run(side, rules):
    batch = ['--rules-count=%d' % rules, '--rules-batch=%d' % max(1, rules // 10)]
    items = ['--ether', '--ipv4']
    if side == 'pf':
        with Bench(vfs=1, start_pf=False) as b:
            return flow_perf(b.model.dir, b.model.pf,
                             ['--transfer'] + items + ['--port-id=0'] + batch, 300)
    quota = 'vf_trust=[0],vf_flow_quota=%d,mbx_rate=%d,mbx_burst=%d' % (
        rules, 10 * rules, rules)
    with Bench(vfs=1, start_pf=False) as b:
        b.pf = sriovnic.TestPmd([b.model.pf + ',' + quota], b.model.dir, name='pf',
                                expect_ports=1).start()
        return flow_perf(b.model.dir, b.model.vf_bdf(0),
                         ['--ingress'] + items + ['--queue'] + batch, 300)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rules', default='1000,10000')
    ap.add_argument('--side', default='pf,vf')
    ap.add_argument('--verbose', action='store_true', help='print flow-perf output')
    a = ap.parse_args()
    print('%-4s %8s %18s %18s' % ('side', 'rules', 'insert rules/s', 'delete rules/s'))
    for side in a.side.split(','):
        for n in (int(x) for x in a.rules.split(',')):
            ins, dels, out = run(side, n)
            if a.verbose or ins is None:
                print(out)
            fmt = lambda k: '%18.0f' % (k * 1000) if k is not None else '%18s' % 'failed'
            print('%-4s %8d %s %s' % (side, n, fmt(ins), fmt(dels)))
            sys.stdout.flush()


if __name__ == '__main__':
    main()
