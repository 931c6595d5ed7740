#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Transmit shaping through the device model: configured against measured.

The PF caps each of N VFs (rte_tm function nodes 1001 + n) at a rate swept
from 10 Mbit/s up to what the model sends unshaped, shared by the N VFs;
one testpmd keeps every VF backlogged with txonly frames. Prints, per rate,
each VF's rate from the card's TX-bytes over the window. A benchmark: it
prints figures and judges nothing."""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'e2e'))
from sriovnic import Bench  # noqa: E402
from test_tm import ROOT, TXONLY, mbit, nonleaf, profile, tm_ok, tx_rates  # noqa: E402

RATES_MBIT = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]


def run(nb_vfs):
    with Bench(vfs=nb_vfs) as b:
        ports = list(range(nb_vfs))
        p = b.vf(ports, args=TXONLY)
        p.cmd('start')
        limit = sum(tx_rates(p, ports).values())
        print('%d VFs: unshaped, the model sends %.1f Mbit/s in all'
              % (nb_vfs, mbit(limit)), flush=True)
        print('%10s  %s  %12s' % ('cap Mbit/s', '  '.join('VF%d Mbit/s' % n for n in ports),
                                  'sum / caps'), flush=True)
        nonleaf(b.pf, 0, ROOT, -1, 0)
        nonleaf(b.pf, 0, 1000, ROOT, 1)
        for n in ports:
            nonleaf(b.pf, 0, 1001 + n, ROOT, 1)
        tm_ok(b.pf, 'port tm hierarchy commit 0 no')
        for i, rate in enumerate(RATES_MBIT):
            cap = rate * 1000000 // 8
            if cap * nb_vfs > limit:
                break
            profile(b.pf, 0, 1 + i, pir=cap)
            for n in ports:
                tm_ok(b.pf, 'set port tm node shaper profile 0 %d %d' % (1001 + n, 1 + i))
            r = tx_rates(p, ports)
            print('%10d  %s  %11.1f%%' % (rate, '  '.join('%11.2f' % mbit(r[n]) for n in ports),
                                         100.0 * sum(r.values()) / (cap * nb_vfs)), flush=True)
        p.cmd('stop')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--vfs', default='2,4', help='VF counts to run, e.g. 2,4')
    a = ap.parse_args()
    for n in a.vfs.split(','):
        run(int(n))


if __name__ == '__main__':
    sys.exit(main())
