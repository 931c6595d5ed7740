#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The PF's administrator in the tests: pf_admin (a PF application built
with the tests, driving the private API of rte_pmd_sriovnic.h) and a Bench
whose PF testpmd probes the PF with devargs (representors, trust, ...)."""

import os
import signal

import pexpect

import sriovnic
from sriovnic import BUILD, Bench, TestPmd, expect, expect_eq

PF_ADMIN = os.path.join(BUILD, 'test', 'pf_admin')


class PfAdmin:
    """pf_admin on the PF: one command per line, one answer line each.
    With refused=True the PF's probe must fail (bad devargs); the log up
    to the refusal is then in self.refusal."""

    def __init__(self, model, devargs='', refused=False, eal=()):
        self.prefix = sriovnic.dpdk_prefix('sriovnic-admin-')
        argv = sriovnic.eal_mem(128) + ['-l', '0', '--file-prefix', self.prefix,
                '-a', model.pf + (',' + devargs if devargs else '')] + list(eal)
        env = dict(os.environ, SYSFS_PCI_DEVICES=model.dir)
        self.child = pexpect.spawn(PF_ADMIN, argv, env=env, encoding='utf-8',
                                   codec_errors='replace', timeout=20, echo=False)
        sriovnic._register(self.child.pid, 'pf_admin')
        if self.child.expect([r'ready (-?\d+)\r?\n', 'no PF port']) == 1:
            expect(refused, 'pf_admin found no PF port:\n' + self.child.before)
            self.refusal = self.child.before
            return
        expect(not refused, 'PF probed with devargs ' + devargs)
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
        sriovnic.dpdk_release(self.prefix)


class AdminBench(Bench):
    """A Bench whose PF testpmd probes the PF with devargs (representor=,
    vf_trust=, vf_spoofchk=, mbx_rate=, ...); with a representor the PF
    testpmd has pf_ports ports. With representors the switch stays in
    legacy mode unless told otherwise (switch_mode=legacy): they are the
    administrator's handles on the VFs, no vswitch forwards for them."""

    def __init__(self, devargs='', pf_ports=1, vfs=2, pf_args=(), switch_mode='legacy'):
        super().__init__(vfs=vfs, pf_args=pf_args, start_pf=False)
        self.devargs = devargs
        self.pf_ports = pf_ports
        self.switch_mode = switch_mode

    def setup(self):
        self.pf = self.pf_pmd()

    def pf_pmd(self, name='pf-testpmd'):
        devargs = self.devargs
        if 'representor' in devargs and self.switch_mode:
            devargs += ',switch_mode=' + self.switch_mode
        addr = self.model.pf + (',' + devargs if devargs else '')
        pf = TestPmd([addr], self.model.dir, args=self.pf_args, name=name,
                     expect_ports=self.pf_ports)
        return pf.start()

    def pf_xstats(self):
        return self.pf.xstats(0)
