#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The private API of rte_pmd_sriovnic.h and the RTE_ETH_EVENT_VF_MBOX policy
hook, from a PF application (pf_admin, built with the tests) next to a VF
testpmd."""

import errno
import os
import shutil
import signal
import sys

import pexpect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sriovnic  # noqa: E402
from sriovnic import (BUILD, DPDK_RUN, Bench, Error, expect, expect_eq, main,  # noqa: E402
                      test, unique, wait_for)

PF_ADMIN = os.path.join(BUILD, 'test', 'pf_admin')
OPCODE_SET_MAC = 4


class PfAdmin:
    """pf_admin on the PF: one command per line, one answer line each."""

    def __init__(self, model):
        self.prefix = unique('sriovnic-admin-')
        argv = ['--no-huge', '-m', '128', '-l', '0', '--file-prefix', self.prefix,
                '-a', model.pf]
        env = dict(os.environ, SYSFS_PCI_DEVICES=model.dir)
        self.child = pexpect.spawn(PF_ADMIN, argv, env=env, encoding='utf-8',
                                   codec_errors='replace', timeout=20, echo=False)
        sriovnic._register(self.child.pid, 'pf_admin')
        self.child.expect(r'ready (-?\d+)\r?\n')
        expect_eq(int(self.child.match.group(1)), 0, 'pf_admin port start')

    def cmd(self, text):
        self.child.sendline(text)
        self.child.expect(r'(ok|err) ([^\r\n]*)\r?\n')
        return self.child.match.group(1), self.child.match.group(2)

    def ok(self, text):
        status, value = self.cmd(text)
        expect(status == 'ok', '%s: %s %s' % (text, status, value))
        return value

    def stop(self):
        pid = self.child.pid
        try:
            self.child.sendline('quit')
            self.child.expect(pexpect.EOF, timeout=10)
        except (pexpect.TIMEOUT, OSError):
            os.kill(pid, signal.SIGKILL)
        self.child.close(force=True)
        sriovnic._unregister(pid)
        shutil.rmtree(os.path.join(DPDK_RUN, self.prefix), ignore_errors=True)


def errname(code):
    return os.strerror(code)


@test()
def api_bad_arguments():
    """Every bad argument is refused with the documented errno, nothing
    crashes, and the PF still answers afterwards."""
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            pf.child.sendline('bad')
            want = [errno.ENODEV, errno.ENODEV, errno.EINVAL, errno.EINVAL,
                    errno.EINVAL, errno.EINVAL, errno.EINVAL, errno.ENODEV]
            for code in want:
                pf.child.expect(r'(ok|err) ([^\r\n]*)\r?\n')
                expect_eq(pf.child.match.group(2), errname(code),
                          'result of a bad call')
            expect_eq(pf.cmd('ping 1')[1], errname(errno.ENOTCONN),
                      'ping of a VF without a driver')
        finally:
            pf.stop()


@test()
def api_admin_and_policy():
    """The application sees every VF request (VF_MBOX event) and refuses
    SET_MAC; trust, link state and MAC set through the API reach the VF."""
    with Bench(vfs=2, start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            vf = b.vf([0])
            expect(int(pf.ok('events')) >= 3, 'VF_MBOX events for the VF handshake')
            pf.ok('ping 0')

            pf.ok('deny %d' % OPCODE_SET_MAC)
            out = vf.cmd('mac_addr set 0 02:00:00:00:00:77')
            expect('not permitted' in out, 'VF MAC change refused by the application:\n' + out)
            expect('02:5E:00:00:01:01' in vf.cmd('show port info 0'),
                   'VF kept its MAC')

            out = vf.cmd('set promisc 0 on')
            expect('not permitted' in out, 'untrusted VF refused promiscuous:\n' + out)
            pf.ok('trust 0 1')
            out = vf.cmd('set promisc 0 on')
            expect('rror' not in out, 'trusted VF granted promiscuous:\n' + out)

            pf.ok('link 0 down')
            wait_for(lambda: vf.port_info(0).get('Link status') == 'down', 10,
                     what='VF link forced down')
            pf.ok('link 0 auto')
            wait_for(lambda: vf.port_info(0).get('Link status') == 'up', 10,
                     what='VF link back up')

            pf.ok('mac 0 02:5e:00:00:09:09')
            wait_for(lambda: '02:5E:00:00:09:09' in vf.cmd('show port info 0'), 10,
                     what='VF learnt the administrator MAC')

            st = pf.ok('stats 0')
            refused = int(st.split('mbx_refused=')[1].split()[0])
            expect(refused >= 2, 'refused requests counted: ' + st)
        finally:
            pf.stop()


if __name__ == '__main__':
    sys.exit(main())
