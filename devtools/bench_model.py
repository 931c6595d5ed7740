#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The sriovnic authors
"""The device model's speed, alone and with testpmd forwarding through it.

Runs app/sriovnic-emu/sriovnic-emu-bench (the model's frame path on one
core, its two VF drivers played in-process) --repeat times per build
directory and prints the medians of its medians. With --callgrind it also
counts the model's instructions per frame under valgrind: the difference
between a run of 100000 and one of 300000 frames, so that set-up and idle
polls cancel out; the count does not depend on what else the machine runs.
With --fwd it also runs devtools/bench_fwd.py (testpmd mac forwarding
VF0 <-> VF1 through the model) --repeat times per build, on that build's
driver and model (SRIOVNIC_BUILD).

With --rules 0,1000,10000 the model is measured once per rule count, with
that many flow rules of one mask installed first (sriovnic-emu-bench
--rules) in the switch table or, with --rule-table ingress, the VFs'
ingress tables; none matches the frames, or one per table with --rule-hit.
The rules are PASSTHRU, or with --rule-fate decision they take the
decision the frames get anyway: PORT to the peer VF in the switch table
(one matching rule per direction), QUEUE 0 in an ingress table.

Several --build directories are measured in turn, run by run, so that the
other processes of a shared machine slow them alike. Arguments after --
go to sriovnic-emu-bench.

Example, a baseline tree built in ../base against this one:
  devtools/bench_model.py --build ../base/build --build build \\
      --repeat 5 --callgrind --fwd
Forwarding with flow rules:
  devtools/bench_model.py --rules 0,1000,10000 --rule-table ingress
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
BENCH = os.path.join('app', 'sriovnic-emu', 'sriovnic-emu-bench')
CG_FRAMES = (100000, 300000)


def bench(build, args):
    """Model cycles/frame, cycles/frame in polls that found frames, Mpps."""
    out = subprocess.run([os.path.join(build, BENCH)] + args, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    m = re.search(r'median: model ([\d.]+) cycles/frame = ([\d.]+) Mpps.*?, ([\d.]+) in polls',
                  out)
    if not m:
        sys.exit('%s: no result in:\n%s' % (build, out))
    return float(m.group(1)), float(m.group(3)), float(m.group(2))


def instructions(build, args):
    """Instructions per frame in emu_poll_frames(), under callgrind."""
    total = []
    for n in CG_FRAMES:
        out = os.path.join('/tmp', 'sriovnic-emu-callgrind.%d.%d' % (os.getpid(), n))
        try:
            subprocess.run(['valgrind', '--tool=callgrind', '--toggle-collect=emu_poll_frames',
                            '--callgrind-out-file=' + out, os.path.join(build, BENCH),
                            '--packets', str(n), '--runs', '1'] + args,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out) as f:
                total.append(int(re.search(r'^summary: (\d+)', f.read(), re.M).group(1)))
        finally:
            if os.path.exists(out):
                os.unlink(out)
    return (total[1] - total[0]) / (CG_FRAMES[1] - CG_FRAMES[0])


def fwd(build, seconds, path):
    """Mpps the card forwarded under testpmd."""
    env = dict(os.environ, SRIOVNIC_BUILD=os.path.abspath(build))
    out = subprocess.run(['/usr/bin/python3', os.path.join(TOP, 'devtools', 'bench_fwd.py'),
                          '--seconds', str(seconds), '--paths', path], env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    m = re.search(r'^%s\s.*\s([\d.]+)\s*$' % re.escape(path), out, re.M)
    if not m:
        sys.exit('%s: no bench_fwd result in:\n%s' % (build, out))
    return float(m.group(1))


def spread(v):
    return '%8.1f  (%.1f .. %.1f, %d runs)' % (statistics.median(v), min(v), max(v), len(v))


def extra_args(a, n):
    """sriovnic-emu-bench options for n rules."""
    extra = ['--rules', str(n), '--rule-table', a.rule_table]
    if a.rule_hit:
        extra.append('--rule-hit')
    extra += ['--rule-fate', a.rule_fate]
    return extra + a.bench_args


def rules(a, builds):
    """Model Mpps per flow rule count."""
    counts = [int(n) for n in a.rules.split(',')]
    res = {(b, n): [] for b in builds for n in counts}
    for i in range(a.repeat):
        for b in builds:
            for n in counts:
                res[(b, n)].append(bench(b, extra_args(a, n))[2])
    for b in builds:
        print('%s: %s table, %s rules, %s' % (b, a.rule_table, a.rule_fate,
                                              'one matching' if a.rule_hit
                                              else 'none matching'))
        for n in counts:
            line = '  %6d rules: model Mpps %s' % (n, spread(res[(b, n)]))
            if a.callgrind:
                line += '; %.0f instructions/frame' % instructions(b, extra_args(a, n))
            print(line)
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', action='append', help='build directory (default: build)')
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--callgrind', action='store_true')
    ap.add_argument('--fwd', action='store_true')
    ap.add_argument('--fwd-seconds', type=float, default=3)
    ap.add_argument('--fwd-path', default='scalar', help='burst path for bench_fwd.py')
    ap.add_argument('--rules', help='comma-separated flow rule counts, e.g. 0,1000,10000')
    ap.add_argument('--rule-table', choices=('switch', 'ingress'), default='switch')
    ap.add_argument('--rule-hit', action='store_true',
                    help='one rule per table matches the frames')
    ap.add_argument('--rule-fate', choices=('passthru', 'decision'), default='passthru',
                    help='the rules PASSTHRU, or PORT/QUEUE as the frames go anyway')
    ap.add_argument('bench_args', nargs='*', help='after --: sriovnic-emu-bench options')
    a = ap.parse_args()
    builds = [os.path.join(TOP, b) for b in (a.build or ['build'])]
    if a.rules:
        rules(a, builds)
        return
    res = {b: {'cyc': [], 'busy': [], 'mpps': []} for b in builds}
    for i in range(a.repeat):
        for b in builds:
            cyc, busy, _ = bench(b, a.bench_args)
            res[b]['cyc'].append(cyc)
            res[b]['busy'].append(busy)
            if a.fwd:
                res[b]['mpps'].append(fwd(b, a.fwd_seconds, a.fwd_path))
    for b in builds:
        print(b)
        print('  model cycles/frame          %s' % spread(res[b]['cyc']))
        print('  of them in busy polls       %s' % spread(res[b]['busy']))
        if a.callgrind:
            print('  model instructions/frame    %8.0f' % instructions(b, a.bench_args))
        if a.fwd:
            print('  bench_fwd card Mpps (%s) %s' % (a.fwd_path, spread(res[b]['mpps'])))
        sys.stdout.flush()


if __name__ == '__main__':
    main()
