#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VNF in a container (devtools/vnf-container.sh): VF1's testpmd in its
own mount, network and PID namespaces sees VF1 alone, cannot reach the PF's
or VF0's attach endpoint, and forwards what scapy sends from outside."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (DPDK_RUN, TOP, Bench, Sniffer, expect, expect_eq,  # noqa: E402
                      from_mac, main, send, test, udp_frames)

CONTAINER = os.path.join(TOP, 'devtools', 'vnf-container.sh')
N = 16

# run inside the container: what each function's endpoint answers
PROBE = r'''
import os, socket, sys
for bdf in sys.argv[2:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(os.path.join(sys.argv[1], bdf, 'dma_socket'))
        print(bdf, 'connected')
    except OSError as e:
        print(bdf, e.__class__.__name__)
    s.close()
print('card', ' '.join(sorted(os.listdir(sys.argv[1]))))
print('dpdk', ' '.join(sorted(os.listdir('/var/run/dpdk'))))
'''


def in_container(pid, *cmd):
    """Run cmd in the namespaces of the container whose process is pid."""
    return subprocess.run(['nsenter', '-t', str(pid), '-m', '-n', '-p', '--'] + list(cmd),
                          capture_output=True, text=True, timeout=30).stdout


@test()
def vnf_sees_its_vf_only():
    """VF1's testpmd in a container: PID 1 in its own PID namespace, its own
    network namespace; its card directory holds VF1 alone, connecting to the
    PF's or VF0's dma_socket fails, attaching VF0 fails, its /var/run/dpdk
    is its own; and it mac-swaps frames from the TAP back to it."""
    with Bench() as b:
        vf1 = b.model.vf_mac(1)
        pf_bdf, vf0_bdf, vf1_bdf = b.model.pf, b.model.vf_bdf(0), b.model.vf_bdf(1)
        p = b.vf([1], name='vnf-testpmd', args=['--forward-mode=macswap'],
                 wrap=[CONTAINER, b.model.dir, vf1_bdf, '--'])
        # the container's process: unshare's child, testpmd itself
        with open('/proc/%d/task/%d/children' % (p.pid, p.pid)) as f:
            inner = int(f.read().split()[0])
        with open('/proc/%d/status' % inner) as f:
            nspid = [l.split()[1:] for l in f if l.startswith('NSpid:')][0]
        expect_eq(nspid[-1], '1', 'testpmd PID in its namespace')
        for ns in ('mnt', 'net', 'pid'):
            expect(os.readlink('/proc/%d/ns/%s' % (inner, ns))
                   != os.readlink('/proc/self/ns/%s' % ns), 'own %s namespace' % ns)

        out = in_container(inner, sys.executable, '-c', PROBE, b.model.dir,
                           pf_bdf, vf0_bdf)
        res = dict(l.split(None, 1) for l in out.splitlines() if ' ' in l)
        expect_eq(res.get(pf_bdf), 'FileNotFoundError', "PF's dma_socket from inside")
        expect_eq(res.get(vf0_bdf), 'FileNotFoundError', "VF0's dma_socket from inside")
        expect_eq(res.get('card'), vf1_bdf, 'card directory inside')
        expect(p.prefix in res.get('dpdk', '').split()
               and b.pf.prefix not in res.get('dpdk', ''),
               '/var/run/dpdk inside holds the VNF alone: %r' % res.get('dpdk'))
        expect(not os.path.exists(os.path.join(DPDK_RUN, p.prefix)),
               "the VNF's runtime files are not in the host's /var/run/dpdk")
        p.cmd('port attach %s' % vf0_bdf)
        expect_eq(p.nb_ports(), 1, 'ports after attaching VF0 from inside')

        p.cmd('set promisc all off')
        p.cmd('start')
        sent = udp_frames(vf1, b.tap_mac, N)
        with Sniffer(b.tap, from_mac(vf1)) as sn:
            send(b.tap, sent)
            got = sn.wait(N)
        expect_eq(len(got), N, 'frames VF1 sent back from the container')
        expect_eq(p.port_stats(0)['RX-packets'], N, 'VF1 RX-packets')


if __name__ == '__main__':
    sys.exit(main())
