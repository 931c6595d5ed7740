#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""testpmd forwarding VF0 <-> VF1 through the device model, per burst path.

Debian's testpmd on both VFs in mac forwarding with --record-core-cycles:
`start tx_first` seeds bursts that then circulate VF0 -> card -> VF1 -> card
-> VF0 for the measuring window. Prints, per path (chosen with
--force-max-simd-bitwidth), testpmd's CPU cycles per packet and the rate the
card forwarded (packets counted by the VFs over the window)."""

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'e2e'))
from sriovnic import Bench  # noqa: E402

PATHS = [('scalar', 64), ('sse', 128), ('avx2', 256), ('avx512', 512)]


def run(path, width, seconds, bursts):
    with Bench(vfs=2) as b:
        m0, m1 = b.model.vf_mac(0), b.model.vf_mac(1)
        p = b.vf([0, 1], eal=['--force-max-simd-bitwidth=%d' % width],
                 args=['--forward-mode=mac', '--record-core-cycles', '--burst=32',
                       '--eth-peer=0,%s' % m1, '--eth-peer=1,%s' % m0,
                       '--rxd=512', '--txd=512'])
        p.cmd('set promisc all off')
        mode = p.cmd('show rxq info 0 0')
        p.cmd('clear port stats all')
        p.cmd('start tx_first %d' % bursts)
        t0 = time.time()
        time.sleep(seconds)
        out = p.cmd('stop', timeout=60)
        elapsed = time.time() - t0
        cyc = re.search(r'CPU cycles/packet=([\d.]+)', out)
        rx = re.search(r'Accumulated forward statistics.*?RX-packets: (\d+)', out, re.S)
        burst_mode = re.search(r'Burst mode: ([^\r\n]*)', mode)
        return (path, burst_mode.group(1).strip() if burst_mode else '?',
                float(cyc.group(1)) if cyc else float('nan'),
                int(rx.group(1)) / elapsed / 1e6 if rx else float('nan'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--bursts', type=int, default=16,
                    help='bursts of 32 seeded per port (packets in flight)')
    ap.add_argument('--paths', default=','.join(p for p, _ in PATHS))
    a = ap.parse_args()
    want = a.paths.split(',')
    print('%-8s %-28s %14s %12s' % ('path', 'rx burst mode (testpmd)', 'cycles/packet', 'card Mpps'))
    for path, width in PATHS:
        if path in want:
            r = run(path, width, a.seconds, a.bursts)
            print('%-8s %-28s %14.1f %12.3f' % r)
            sys.stdout.flush()


if __name__ == '__main__':
    main()
