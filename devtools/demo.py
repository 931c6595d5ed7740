#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The sriovnic demo: frames go from the kernel side of a TAP wire into VF0,
through Debian's dpdk-testpmd (mac forwarding), out of VF1 and back to the
kernel side, where they are compared with what was sent.

  scapy -> TAP -> [sriovnic-emu: wire -> switch -> VF0] -> testpmd port 0
  testpmd port 1 -> [VF1 -> switch -> wire] -> TAP -> scapy

Usage: devtools/demo.py [FRAMES]   (run devtools/demo.sh to build first)
"""

import os
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(TOP, 'test', 'e2e'))

from sriovnic import (HUGE, HUGE_DIR, TESTPMD, Error, Model, Sniffer, TestPmd, from_mac,  # noqa: E402
                      payload, same_mac, send, udp_frames)

SIZE = 128


def step(msg):
    print('\n--- ' + msg, flush=True)


def show_info(pmd, port):
    i = pmd.port_info(port)
    print('    port %d: %-14s %s  driver %-16s link %s' % (
        port, i.get('Device name'), i.get('MAC address'), i.get('Driver name'),
        i.get('Link status')), flush=True)


def show_stats(title, st):
    print('    %-22s RX %6d pkts %9d bytes (missed %d, errors %d)   TX %6d pkts %9d bytes'
          ' (errors %d)' % (title, st.get('RX-packets', 0), st.get('RX-bytes', 0),
                            st.get('RX-missed', 0), st.get('RX-errors', 0),
                            st.get('TX-packets', 0), st.get('TX-bytes', 0),
                            st.get('TX-errors', 0)), flush=True)


def main(argv):
    n = int(argv[0]) if argv else 64
    model = Model(vfs=2)
    pf = vf = None
    intact = 0
    model_tail = []
    try:
        step('starting the device model sriovnic-emu: 1 PF + 2 VFs, wire = a TAP')
        model.start()
        vf0, vf1 = model.vf_mac(0), model.vf_mac(1)
        print('    sysfs:  %s (SYSFS_PCI_DEVICES for DPDK)' % model.dir)
        print('    PF:     %s   VF0: %s   VF1: %s' % (model.pf, model.vf_bdf(0), model.vf_bdf(1)))
        print('    wire:   TAP %s, kernel side MAC %s' % (model.tap, model.tap_mac))
        print('    memory: %s' % ('2 MB hugepages (--huge-dir %s)' % HUGE_DIR if HUGE
                                  else '4 KB pages (--no-huge)'), flush=True)

        step('PF: %s on %s (interactive, idle: it answers the VFs\' mailbox)'
             % (os.path.basename(TESTPMD), model.pf))
        pf = TestPmd([model.pf], model.dir, name='pf-testpmd').start()
        show_info(pf, 0)

        args = ['--forward-mode=mac', '--eth-peer=1,%s' % model.tap_mac]
        step('VFs: %s on VF0 + VF1, %s' % (os.path.basename(TESTPMD), ' '.join(args)))
        vf = TestPmd([model.vf_bdf(0), model.vf_bdf(1)], model.dir, args=args,
                     name='vf-testpmd', main_lcore=1).start()
        show_info(vf, 0)
        show_info(vf, 1)
        vf.cmd('set promisc all off')
        vf.cmd('start')
        vf.cmd('clear port stats all')
        pf.cmd('clear port stats all')

        step('sending %d frames of %d bytes from the TAP to VF0 (%s), sniffing for VF1 (%s)'
             % (n, SIZE, vf0, vf1))
        sent = udp_frames(vf0, model.tap_mac, n, size=SIZE)
        print('    first frame: %s' % sent[0].summary())
        print('    its payload: %r...' % bytes(sent[0]['Raw'].load)[:24], flush=True)
        with Sniffer(model.tap, from_mac(vf1)) as sn:
            send(model.tap, sent)
            got = sn.wait(n, timeout=20)

        want = {payload(f)[0]: payload(f)[1] for f in sent}
        seen = set()
        bad = []
        for f in got:
            seq, body = payload(f)
            if seq in want and seq not in seen and body == want[seq] \
                    and same_mac(f.dst, model.tap_mac):
                seen.add(seq)
            else:
                bad.append(f)
        intact = len(seen)

        step('what flowed (testpmd `show port stats`)')
        st = vf.port_stats_all()
        show_stats('VF0 (vf-testpmd port 0)', st.get(0, {}))
        show_stats('VF1 (vf-testpmd port 1)', st.get(1, {}))
        show_stats('PF  (pf-testpmd port 0)', pf.port_stats(0))
        print('    (the PF port is promiscuous, testpmd\'s default: the switch gives it a copy'
              ' of every unicast frame)')
        print('    back on the TAP from VF1: %d frames, %d intact (same payload, to %s),'
              ' %d other' % (len(got), intact, model.tap_mac, len(bad)))
        if got:
            print('    first frame back: %s' % got[0].summary())
    except Error as e:
        print('\ndemo: %s' % e, flush=True)
    except KeyboardInterrupt:
        print('\ndemo: interrupted', flush=True)
    finally:
        step('stopping everything (VF testpmd, PF testpmd, model)')
        for p in (vf, pf):
            if p is not None:
                st = p.stop()
                print('    %s (pid %s) exited %s' % (p.name, p.pid, st))
        mark = len(model.lines)
        rc = model.stop()
        model_tail = [line.rstrip('\n') for line in model.lines[mark:]]
        print('    sriovnic-emu exited %s; its counters:' % rc)
        for line in model_tail:
            print('      ' + line)
    ok = intact == n
    print('\ndemo: %d of %d frames came back intact: %s' % (intact, n, 'OK' if ok else 'FAILED'),
          flush=True)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
